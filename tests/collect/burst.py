#!/usr/bin/env python3
"""POST a burst of submissions, each with its own Idempotency-Key, to
sentio-collect's receiver, sending each again until it is answered 202
(the receiver may be stopped and started again meanwhile).  Prints the
texts accepted.

  burst.py PORT THREADS PER_THREAD
"""
import http.client
import json
import sys
import threading
import time

port, threads, per = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
accepted = []
lock = threading.Lock()


def send(text, key):
    deadline = time.time() + 60
    while time.time() < deadline:
        try:
            c = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
            c.request("POST", "/", body=json.dumps({"text": text}),
                      headers={"Content-Type": "application/json", "Idempotency-Key": key})
            r = c.getresponse()
            r.read()
            c.close()
            if r.status == 202:
                return True
        except OSError:
            pass
        time.sleep(0.05)
    return False


def worker(t):
    for i in range(per):
        text = "t%d-%d" % (t, i)
        if send(text, "key-" + text):
            with lock:
                accepted.append(text)


ts = [threading.Thread(target=worker, args=(t,)) for t in range(threads)]
for t in ts:
    t.start()
for t in ts:
    t.join()
for a in accepted:
    print(a)
