#!/usr/bin/env python3
"""A fake Mastodon server on loopback for sentio-collect's tests (stdlib only).

It serves the streaming API (server-sent events) and the REST timelines.
A scenario says what each successive stream connection does; every status
streamed or "published" is also listed by the REST timelines, so that a
client that lost some of the stream can back-fill the gap.

  mastodon.py --port-file FILE [--scenario NAME] [--log FILE] [--rest-delay S]
"""
import argparse
import json
import threading
import time
from http.server import BaseHTTPRequestHandler

from loopback import serve, stall
from urllib.parse import parse_qs, urlparse

LOCK = threading.Lock()
PUBLISHED = {}  # id -> status
CONNECTIONS = [0]
ARGS = None

# What each stream connection does, by scenario: a list per connection (the
# last one repeats).  Steps: ("hb",), ("status", n), ("multiline", n),
# ("delete", n), ("publish", n), ("partial", n), ("raw", text), ("close",),
# ("hold",), ("silence",), ("http", code, retry_after).
SCENARIOS = {
    "normal": [[("hb",), ("status", 101), ("multiline", 102), ("delete", 101), ("hb",),
                ("status", 103), ("hold",)]],
    "midclose": [[("status", 101), ("status", 102), ("publish", 103), ("publish", 104),
                  ("partial", 105), ("close",)],
                 [("status", 106), ("status", 107), ("hold",)]],
    "malformed": [[("status", 101), ("raw", "event: update\ndata: {not json\n\n"),
                   ("raw", 'event: update\ndata: {"id":"999","content":"x"}\n\n'),
                   ("status", 102), ("hold",)]],
    # A raw NUL after a number: not JSON, though json_loadb() takes it.
    "nul": [[("status", 101),
             ("raw", 'event: update\ndata: {"id":"998","created_at":"2026-11-24T06:15:02.000Z",'
                     '"content":"x","n":0\x00}\n\n'),
             ("status", 102), ("hold",)]],
    "stall": [[("hb",), ("hb",), ("silence",)], [("status", 101), ("status", 102), ("hold",)]],
    "ratelimit": [[("http", 429, "1")], [("status", 101), ("status", 102), ("hold",)]],
    "errors": [[("http", 500, None)], [("http", 503, None)],
               [("status", 101), ("status", 102), ("hold",)]],
    "drip": [[("hb",), ("status", 101), ("multiline", 102), ("status", 103), ("hold",)]],
    "timeline": [[("hold",)]],
    "denied": [[("http", 401, None)]],
    "firehose": [[("firehose",)]],
    # The REST timelines answer with headers, then nothing.
    "reststall": [[("hold",)]],
    # A dropped stream with a gap of over a minute: 103..170 are posted while nobody
    # listens, then the new stream brings 171..175 (newer than the whole gap).
    "dropgap": [[("status", 101), ("status", 102)] + [("publish", n) for n in range(103, 171)] +
                [("close",)],
                [("status", n) for n in range(171, 176)] + [("hold",)]],
}
NEXT = [101]


def status(n):
    s = {
        "id": str(n),
        "created_at": "2026-11-24T06:%02d:%02d.000Z" % (n // 60 % 60, n % 60),
        "content": "<p>Post %d: launch &amp; <a href=\"https://example.org/tags/launch\" "
                   "class=\"mention hashtag\">#<span>launch</span></a> went well</p>" % n,
        "account": {"id": "7", "acct": "user%d@example.org" % (n % 3)},
        "url": "https://example.org/@user/%d" % n,
        "uri": "https://example.org/users/user/statuses/%d" % n,
        "language": "en",
        "tags": [{"name": "launch", "url": "https://example.org/tags/launch"}],
        "reblog": None,
    }
    if n % 10 == 7:
        orig = dict(s, id=str(n + 100000), content="<p>Boosted %d</p>" % n,
                    url="https://example.org/@other/%d" % n)
        s["reblog"] = orig
        s["content"] = ""
    return s


def publish(n):
    with LOCK:
        PUBLISHED[n] = status(n)
    return PUBLISHED[n]


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, fmt, *args):
        pass

    def log_request_line(self):
        if ARGS.log:
            with LOCK, open(ARGS.log, "a") as f:
                f.write("%s %s auth=%s\n" % (self.command, self.path,
                                             self.headers.get("Authorization", "-")))

    def send(self, data):
        data = data.encode() if isinstance(data, str) else data
        if ARGS.scenario == "drip":
            for i in range(len(data)):
                self.wfile.write(data[i:i + 1])
                self.wfile.flush()
                time.sleep(0.0005)
        else:
            self.wfile.write(data)
            self.wfile.flush()

    def do_GET(self):
        self.log_request_line()
        url = urlparse(self.path)
        if url.path.startswith("/api/v1/streaming/"):
            return self.stream()
        if url.path.startswith("/api/v1/timelines/"):
            return self.timeline(parse_qs(url.query))
        self.send_response(404)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def timeline(self, q):
        if ARGS.rest_delay:
            time.sleep(ARGS.rest_delay)
        if ARGS.scenario == "reststall":
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", "100000")
            self.end_headers()
            self.wfile.flush()
            return stall(self)
        limit = min(int(q.get("limit", ["20"])[0]), 10)
        with LOCK:
            ids = sorted(PUBLISHED)
        if "min_id" in q:
            m = int(q["min_id"][0])
            page = [i for i in ids if i > m][:limit]
        else:
            page = ids[-limit:]
        body = json.dumps([PUBLISHED[i] for i in sorted(page, reverse=True)]).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def stream(self):
        with LOCK:
            n = CONNECTIONS[0]
            CONNECTIONS[0] += 1
        plan = SCENARIOS[ARGS.scenario]
        steps = plan[min(n, len(plan) - 1)]
        if steps[0][0] == "http":
            _, code, retry = steps[0]
            body = b'{"error":"no"}'
            self.send_response(code)
            if retry:
                self.send_header("Retry-After", retry)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Connection", "close")
            self.end_headers()
            self.wfile.write(body)
            return
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Connection", "close")
        self.end_headers()
        self.wfile.flush()
        try:
            for step in steps:
                kind = step[0]
                if kind == "hb":
                    self.send(":thump\n")
                elif kind == "status":
                    s = publish(step[1])
                    self.send("event: update\ndata: %s\n\n" % json.dumps(s))
                elif kind == "multiline":
                    text = json.dumps(publish(step[1]), indent=1)
                    self.send("event: update\r\n" +
                              "".join("data: %s\r\n" % line for line in text.split("\n")) +
                              "\r\n")
                elif kind == "delete":
                    self.send("event: delete\ndata: %d\n\n" % step[1])
                elif kind == "publish":
                    publish(step[1])
                elif kind == "partial":
                    s = json.dumps(publish(step[1]))
                    self.send("event: update\ndata: %s" % s[:len(s) // 2])
                elif kind == "raw":
                    self.send(step[1])
                elif kind == "close":
                    return
                elif kind == "firehose":
                    # A new status every 2 ms, for ever: statuses published while no
                    # client listens are found only through the REST API.
                    while True:
                        with LOCK:
                            n = NEXT[0]
                            NEXT[0] += 1
                        s = publish(n)
                        self.send("event: update\ndata: %s\n\n" % json.dumps(s))
                        time.sleep(0.002)
                elif kind == "hold":
                    while True:
                        time.sleep(0.2)
                        self.send(":thump\n")
                elif kind == "silence":
                    while True:
                        time.sleep(0.2)
                        # Find out whether the client went away, without writing.
                        self.connection.settimeout(0.01)
                        try:
                            if self.connection.recv(1) == b"":
                                return
                        except OSError as e:
                            if "timed out" not in str(e):
                                return
        except (BrokenPipeError, ConnectionResetError):
            return


def main():
    global ARGS
    p = argparse.ArgumentParser()
    p.add_argument("--port-file", required=True)
    p.add_argument("--scenario", default="normal")
    p.add_argument("--log")
    p.add_argument("--rest-delay", type=float, default=0,
                   help="seconds before each REST timeline answers")
    p.add_argument("--count", type=int, default=50, help="statuses in the timeline scenario")
    ARGS = p.parse_args()
    if ARGS.scenario == "timeline":
        for n in range(101, 101 + ARGS.count):
            publish(n)
    serve(Handler, ARGS.port_file)


if __name__ == "__main__":
    main()
