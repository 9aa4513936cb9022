"""Aegis ML's scoring worker: runs one deployment's score.py (init() once, run(raw_data) per request).

Started by scoring-service, one process per instance, as

    python3 -I -S aegis_worker.py --socket S --connections N --app DIR --script score.py [--uid U --gid G]
        [--environment FILE] [--bridge-socket B --bridge-port P] [--memory-bytes M] [--open-files F] [--cpu-seconds C] [--processes K]

Before the user's code is imported it: brings the loopback interface up (the worker has a network namespace of
its own, with nothing else in it), bounds memory, open files, CPU time and processes, and, when started as
root, becomes the unprivileged user U/G for good (this file and its folder are root's, never the worker's: it
runs as root until then). Once init() has returned it opens N connections to scoring-service's Unix socket S
(scoring-service listens; the worker cannot make it connect anywhere else), one per request slot.

Framing on each connection (big-endian), one request at a time:
  request:  u32 length, then that many bytes: the request body as received
  answer:   u8 outcome, u32 length, then that many bytes
            outcome 0: JSON (run's return value, json-encoded as Azure's inference server does)
            outcome 1: raw bytes (run returned bytes or bytearray)
            outcome 2: run() raised; the bytes are the exception's last line (the traceback goes to stderr, the log)
  liveness: a request whose length is 0xFFFFFFFF (no body) is answered outcome 0, "alive", without run(); the
            worker opens one connection more than it has slots, for these

The bridge: scoring-service listens on the Unix socket B; a TCP listener on 127.0.0.1:P inside the worker's
namespace forwards each connection there. MSI_ENDPOINT names that port, so the user's code reaches its managed
identity (and nothing else of the platform) over plain HTTP.
"""

import argparse
import fcntl
import importlib.util
import json
import logging
import os
import resource
import socket
import struct
import sys
import threading
import traceback

MAX_REQUEST_BYTES = 64 * 1024 * 1024
# The liveness probe: a request of this length, no body; answered here, without run().
PING = 0xFFFFFFFF
PONG = b'"alive"'
SIOCGIFFLAGS = 0x8913
SIOCSIFFLAGS = 0x8914
IFF_UP = 0x1


def loopback_up():
    """A fresh network namespace has its loopback down; bringing it up needs no more than the namespace's own rights."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        request = struct.pack("16sH14s", b"lo", 0, b"")
        flags = struct.unpack("16sH14s", fcntl.ioctl(s.fileno(), SIOCGIFFLAGS, request))[1]
        if not flags & IFF_UP:
            fcntl.ioctl(s.fileno(), SIOCSIFFLAGS, struct.pack("16sH14s", b"lo", flags | IFF_UP, b""))


def bound(limit, value):
    if value:
        resource.setrlimit(limit, (value, value))


def drop_privileges(uid, gid):
    os.setgroups([])
    os.setresgid(gid, gid, gid)
    os.setresuid(uid, uid, uid)
    if os.getuid() != uid or os.geteuid() != uid:
        raise SystemExit("could not become uid %d" % uid)


def pipe(source, target):
    try:
        while True:
            chunk = source.recv(65536)
            if not chunk:
                break
            target.sendall(chunk)
    except OSError:
        pass
    finally:
        for s in (source, target):
            try:
                s.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass


def serve_bridge(port, bridge_socket):
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind(("127.0.0.1", port))
    listener.listen(16)

    def accept():
        while True:
            client, _ = listener.accept()
            upstream = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            try:
                upstream.connect(bridge_socket)
            except OSError:
                client.close()
                upstream.close()
                continue
            threading.Thread(target=pipe, args=(client, upstream), daemon=True).start()
            threading.Thread(target=pipe, args=(upstream, client), daemon=True).start()

    threading.Thread(target=accept, name="bridge", daemon=True).start()


def read_exactly(connection, count):
    chunks = []
    while count > 0:
        chunk = connection.recv(min(count, 1 << 20))
        if not chunk:
            return None
        chunks.append(chunk)
        count -= len(chunk)
    return b"".join(chunks)


def answer_of(result):
    if isinstance(result, (bytes, bytearray)):
        return 1, bytes(result)
    # numpy arrays and scalars answer as lists and numbers
    return 0, json.dumps(result, default=lambda o: o.tolist() if hasattr(o, "tolist") else str(o)).encode("utf-8")


def serve_connection(connection, run):
    with connection:
        while True:
            header = read_exactly(connection, 4)
            if header is None:
                return
            length = struct.unpack(">I", header)[0]
            if length == PING:
                connection.sendall(struct.pack(">BI", 0, len(PONG)) + PONG)
                continue
            if length > MAX_REQUEST_BYTES:
                return
            body = read_exactly(connection, length)
            if body is None:
                return
            try:
                outcome, payload = answer_of(run(body.decode("utf-8", errors="replace")))
            except BaseException:  # the user's run() may raise anything; the worker goes on
                trace = traceback.format_exc()
                print(trace, file=sys.stderr, flush=True)
                outcome, payload = 2, trace.strip().splitlines()[-1].encode("utf-8", errors="replace")
            connection.sendall(struct.pack(">BI", outcome, len(payload)) + payload)


def prctl(option, value):
    try:
        import ctypes
        return ctypes.CDLL(None, use_errno=True).prctl(option, value, 0, 0, 0)
    except (OSError, AttributeError):
        return -1


def die_with_parent():
    """The worker must not outlive scoring-service (a killed service leaves no worker behind)."""
    prctl(1, 9)  # PR_SET_PDEATHSIG, SIGKILL


def no_new_privileges():
    """Nothing the user's code executes (a setuid binary) can give it more rights than it has now."""
    if prctl(38, 1) != 0:  # PR_SET_NO_NEW_PRIVS
        raise SystemExit("could not set no_new_privs")


def main():
    sys.stdout.reconfigure(line_buffering=True)
    parent = os.getppid()
    parser = argparse.ArgumentParser()
    parser.add_argument("--socket", required=True)
    parser.add_argument("--connections", type=int, default=1)
    parser.add_argument("--app", required=True)
    parser.add_argument("--script", required=True)
    parser.add_argument("--uid", type=int)
    parser.add_argument("--gid", type=int)
    parser.add_argument("--environment", help="a JSON object of the deployment's variables, read once the worker "
                        "is its own user (never in the process's own environment, which a root prologue would honour)")
    parser.add_argument("--bridge-socket")
    parser.add_argument("--bridge-port", type=int)
    parser.add_argument("--memory-bytes", type=int, default=0)
    parser.add_argument("--open-files", type=int, default=0)
    parser.add_argument("--cpu-seconds", type=int, default=0)
    parser.add_argument("--processes", type=int, default=0)
    parser.add_argument("--file-bytes", type=int, default=0)
    args = parser.parse_args()

    try:
        loopback_up()
    except OSError as e:
        print("aegis-worker: loopback not brought up (%s)" % e, file=sys.stderr, flush=True)
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    bound(resource.RLIMIT_AS, args.memory_bytes)
    bound(resource.RLIMIT_NOFILE, args.open_files)
    bound(resource.RLIMIT_CPU, args.cpu_seconds)
    bound(resource.RLIMIT_FSIZE, args.file_bytes)
    if args.uid is not None:
        bound(resource.RLIMIT_NPROC, args.processes)
        drop_privileges(args.uid, args.gid if args.gid is not None else args.uid)
    no_new_privileges()
    die_with_parent()  # after the change of user, which clears it
    if os.getppid() != parent:
        sys.exit(4)
    # As the first process of its own PID namespace (os.getpid() == 1), when this ends the kernel ends every
    # process the user's code started, however detached. Orphans are not reaped here (that would take the
    # user's own subprocesses from it): their zombies count in RLIMIT_NPROC until the namespace ends.
    # Only now the site-packages (-S kept them out until here): their .pth files run code, and an environment's
    # packages may be the tenant's choice. Processed as the worker's user, never as root.
    import site
    site.main()
    if args.environment:
        with open(args.environment, encoding="utf-8") as variables:
            os.environ.update({str(k): str(v) for k, v in json.load(variables).items()})
    if args.bridge_socket and args.bridge_port:
        serve_bridge(args.bridge_port, args.bridge_socket)

    logging.basicConfig(level=logging.INFO, stream=sys.stderr,
                        format="%(levelname)s %(name)s: %(message)s")  # the log adds the time
    os.chdir(args.app)
    sys.path.insert(0, args.app)
    script = os.path.join(args.app, args.script)
    print("aegis-worker: loading %s as uid %d" % (args.script, os.getuid()), flush=True)
    try:
        spec = importlib.util.spec_from_file_location("score", script)
        module = importlib.util.module_from_spec(spec)
        sys.modules["score"] = module
        spec.loader.exec_module(module)
        if hasattr(module, "init"):
            module.init()
        run = module.run
    except BaseException:
        print("aegis-worker: init() failed\n" + traceback.format_exc(), file=sys.stderr, flush=True)
        sys.exit(3)

    slots = []
    for _ in range(max(1, args.connections) + 1):  # the slots, and the liveness probe's
        connection = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        connection.connect(args.socket)
        slots.append(threading.Thread(target=serve_connection, args=(connection, run), daemon=True))
    print("aegis-worker: init() done, serving %d connection(s)" % len(slots), flush=True)
    for slot in slots:
        slot.start()
    for slot in slots:
        slot.join()
    # scoring-service closed every connection: it is done with this worker


if __name__ == "__main__":
    main()
