#!/usr/bin/env python3
"""Slowloris against sentio-collect's receiver: SLOW connections from
127.0.0.1 send a request one byte a second (and connect again when cut),
while POSTS real submissions come from 127.0.0.2.  Prints the real
submissions' status codes, one a line, then "cut N": how many slow
connections the receiver closed.  Waits (at most 60 s) until it closed
at least one, so that a receiver which never cuts them is seen.

  slowloris.py PORT SLOW POSTS
"""
import json
import socket
import sys
import threading
import time
import http.client

port, nslow, nposts = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
stop = threading.Event()
lock = threading.Lock()
cut = [0]
up = [0]
HEAD = b"POST / HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n"


def slow():
    first = True
    i = 0
    while not stop.is_set():
        try:
            s = socket.create_connection(("127.0.0.1", port), timeout=5)
        except OSError:
            time.sleep(1)
            continue
        if first:
            with lock:
                up[0] += 1
            first = False
        t0 = time.time()
        try:
            for i in range(10 ** 6):
                if stop.is_set():
                    break
                s.sendall(HEAD[i:i + 1] if i < len(HEAD) else b" ")
                # A closed connection shows as EOF (or an error) on reading.
                s.settimeout(1)
                try:
                    if s.recv(1024) == b"":
                        raise ConnectionResetError
                except socket.timeout:
                    pass
        except OSError:
            # Cut after it was let in, not refused at once (as over a limit):
            # told by how long it lived, not by bytes sent, which a loaded
            # machine sends fewer of.
            if time.time() - t0 >= 2:
                with lock:
                    cut[0] += 1
            time.sleep(1)
        finally:
            s.close()


threads = [threading.Thread(target=slow, daemon=True) for _ in range(nslow)]
for t in threads:
    t.start()
deadline = time.time() + 30
while time.time() < deadline:
    with lock:
        if up[0] >= nslow:
            break
    time.sleep(0.1)
time.sleep(2)  # every slow connection has sent a byte or two

for i in range(nposts):
    try:
        c = http.client.HTTPConnection("127.0.0.1", port, timeout=30,
                                       source_address=("127.0.0.2", 0))
        c.request("POST", "/", body=json.dumps({"text": "real %d" % i}),
                  headers={"Content-Type": "application/json"})
        print(c.getresponse().status, flush=True)
        c.close()
    except OSError as e:
        print("error %s" % e, flush=True)

deadline = time.time() + 60
while time.time() < deadline:
    with lock:
        if cut[0]:
            break
    time.sleep(0.2)
stop.set()
with lock:
    print("cut %d" % cut[0])
