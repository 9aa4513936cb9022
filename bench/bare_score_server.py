"""The benchmark's reference for scoring scripts: the same score.py behind a bare Python http.server.

    /usr/bin/python3 bench/bare_score_server.py CODE_FOLDER SCRIPT MODEL_DIR PORT THREADS [--no-logging]

init() once, then each POST's body to run() and its JSON-encoded result back, on a thread per connection
(ThreadingHTTPServer, keep-alive) — what a worker does, without the platform around it.
"""
import http.server
import importlib.util
import json
import logging
import os
import sys

code, script, model_dir, port = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
# The script's logging as the worker sets it up (INFO to stderr): a run() that logs a line per request pays for it
# here too, or the reference would skip work the platform is asked to do.
# (--no-logging: Python's default, WARNING, for the benchmark's information line only.)
if "--no-logging" not in sys.argv[5:]:
    logging.basicConfig(level=logging.INFO, stream=sys.stderr, format="%(levelname)s %(name)s: %(message)s")
os.environ["AZUREML_MODEL_DIR"] = model_dir
sys.path.insert(0, code)
spec = importlib.util.spec_from_file_location("score", os.path.join(code, script))
score = importlib.util.module_from_spec(spec)
spec.loader.exec_module(score)
score.init()


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    # As any server tuned for keep-alive: the head and body in one write, no Nagle delay (else each answer waits
    # for a delayed ACK, some 40 ms, and the reference would flatter the platform).
    disable_nagle_algorithm = True
    wbufsize = 64 * 1024

    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        answer = json.dumps(score.run(body.decode("utf-8"))).encode("utf-8")
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(answer)))
        self.end_headers()
        self.wfile.write(answer)

    def log_message(self, *args):
        pass


http.server.ThreadingHTTPServer(("127.0.0.1", port), Handler).serve_forever()
