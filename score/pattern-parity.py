#!/usr/bin/env python3
"""pattern-parity.py SENTIO_SCORE PATTERN_ROOT: sentio-score --model auto
against Python Pattern 2.6 on Pattern's own labelled corpora.

PATTERN_ROOT is Debian's python3-pattern unpacked (dpkg-deb -x): its
usr/lib/python3/dist-packages is put on sys.path (Pattern is used only as
the reference here) and its usr/share/doc/python3-pattern/test/corpora
gives polarity-fr-amazon.csv and polarity-nl-bol.com.csv.  For each it
prints how many texts score identically (polarity and subjectivity within
1e-12) and the accuracy of both (positive = polarity >= 0.1, Pattern's
own threshold), and exits 1 when parity is under 99.9%.
"""
import csv
import importlib
import json
import os
import subprocess
import sys

score, root = sys.argv[1], sys.argv[2]
sys.path.insert(0, os.path.join(root, "usr/lib/python3/dist-packages"))
corpora = os.path.join(root, "usr/share/doc/python3-pattern/test/corpora")
status = 0
for lang, name, text_col in (("fr", "polarity-fr-amazon.csv", 0), ("nl", "polarity-nl-bol.com.csv", 1)):
    pattern = importlib.import_module("pattern.text." + lang)
    with open(os.path.join(corpora, name), encoding="utf-8", newline="") as f:
        rows = [(r[text_col], int(r[1 - text_col]) > 0) for r in csv.reader(f) if len(r) >= 2]
    records = "".join(json.dumps({"text": t, "lang": lang}) + "\n" for t, _ in rows)
    out = subprocess.run([score, "--model", "auto"], input=records, capture_output=True,
                         text=True, check=True).stdout.splitlines()
    same = ok_c = ok_py = 0
    for (text, gold), line in zip(rows, out):
        s = json.loads(line)["sentiment"]
        p, q = pattern.sentiment(text)
        if abs(s["polarity"] - p) <= 1e-12 and abs(s["subjectivity"] - q) <= 1e-12:
            same += 1
        else:
            print("mismatch %s: %r: sentio %r %r, Pattern %r %r" %
                  (name, text[:80], s["polarity"], s["subjectivity"], p, q))
        ok_c += (s["polarity"] >= 0.1) == gold
        ok_py += (p >= 0.1) == gold
    n = len(rows)
    print("%s: %d texts, %d identical (%.2f%%); accuracy sentio %.4f, Pattern %.4f" %
          (name, n, same, 100.0 * same / n, ok_c / n, ok_py / n))
    if len(out) != n or same < 0.999 * n:
        status = 1
sys.exit(status)
