#!/usr/bin/env python3
"""POST many submissions at once to sentio-collect's receiver; print the ids it accepted.

  post.py PORT THREADS PER_THREAD
"""
import json
import sys
import threading
import urllib.request

port, threads, per = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
accepted = []
lock = threading.Lock()


def worker(t):
    for i in range(per):
        if i % 3 == 2:
            body = json.dumps([{"text": "t%d-%d-a" % (t, i)}, {"text": "t%d-%d-b" % (t, i)}])
            ctype = "application/json"
        elif i % 3 == 1:
            body = "text=t%d-%d&from=form" % (t, i)
            ctype = "application/x-www-form-urlencoded"
        else:
            body = json.dumps({"text": "t%d-%d" % (t, i), "n": i})
            ctype = "application/json"
        req = urllib.request.Request("http://127.0.0.1:%d/" % port, data=body.encode(),
                                     headers={"Content-Type": ctype}, method="POST")
        with urllib.request.urlopen(req, timeout=10) as r:
            assert r.status == 202, r.status
            ids = json.load(r)["ids"]
        with lock:
            accepted.extend(ids)


ts = [threading.Thread(target=worker, args=(t,)) for t in range(threads)]
for t in ts:
    t.start()
for t in ts:
    t.join()
for i in accepted:
    print(i)
