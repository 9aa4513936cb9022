"""A tenant's script that does what the platform must survive: raise, hang, die, and try to read and reach
what is not its own. Each request's JSON says which."""
import glob
import json
import os
import socket
import subprocess
import threading
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
        # Ends mid-request. (Not kill -9 of itself: the worker is the init of its PID namespace, which ignores
        # signals it sends itself.)
        os._exit(3)
    if "spawn" in asked:
        # A process of its own session, detached from the worker: it must not outlive the worker.
        subprocess.Popen(["sleep", str(asked["spawn"])], start_new_session=True, stdout=subprocess.DEVNULL,
                         stderr=subprocess.DEVNULL)
        return "spawned"
    if "freeze" in asked:
        # A thread that holds the interpreter (a C call made with the GIL held) long after this request is answered:
        # only the liveness probe can tell.
        import ctypes

        def freeze():
            time.sleep(0.5)  # this request's answer goes first
            ctypes.PyDLL(None).sleep(asked["freeze"])

        threading.Thread(target=freeze, daemon=True).start()
        return "freezing"
    if "flood" in asked:
        # One "line" of many megabytes, no newline: scoring-service must not gather it.
        os.write(1, b"x" * asked["flood"])
        return "flooded"
    answer = {"uid": os.getuid(), "environment": sorted(os.environ)}
    for path in asked.get("read", []):
        answer["read " + path] = attempt(lambda: open(path, "rb").read(64))
    for pattern in asked.get("glob", []):
        answer["glob " + pattern] = sorted(glob.glob(pattern))
    for port in asked.get("connect", []):
        answer["connect %d" % port] = attempt(lambda: socket.create_connection(("127.0.0.1", port), timeout=2).close())
    return answer
