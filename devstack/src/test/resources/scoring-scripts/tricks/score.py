"""A tenant's script that does what the platform must survive: raise, hang, die, and try to read and reach
what is not its own. Each request's JSON says which."""
import glob
import json
import os
import socket
import time


def init():
    print("tricks: init as uid %d in %s" % (os.getuid(), os.getcwd()))


def attempt(action):
    try:
        return "allowed: " + str(action())[:200]
    except Exception as e:  # what the test wants to see is the refusal
        return "refused: %s" % type(e).__name__


def run(raw_data):
    asked = json.loads(raw_data)
    if "raise" in asked:
        raise ValueError("run() failed on purpose: " + asked["raise"])
    if "sleep" in asked:
        time.sleep(asked["sleep"])
        return "slept"
    if "die" in asked:
        os.kill(os.getpid(), 9)
    answer = {"uid": os.getuid(), "environment": sorted(os.environ)}
    for path in asked.get("read", []):
        answer["read " + path] = attempt(lambda: open(path, "rb").read(64))
    for pattern in asked.get("glob", []):
        answer["glob " + pattern] = sorted(glob.glob(pattern))
    for port in asked.get("connect", []):
        answer["connect %d" % port] = attempt(lambda: socket.create_connection(("127.0.0.1", port), timeout=2).close())
    return answer
