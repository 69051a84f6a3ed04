#!/usr/bin/env python3
"""A fake feed server on loopback for sentio-collect's tests (stdlib only).

  /rss.xml   RSS 2.0      /atom.xml   Atom      /bad.xml   not well-formed
  /items.xml RSS with a malformed item (no guid or link; a bad date)
  /flaky.xml 500, then 429 (Retry-After: 1), then the RSS feed
  /bump      adds an item to every feed (so its ETag changes)
  /stall.xml headers, then nothing     /trickle.xml  headers, then a byte now and then
Every feed answers 304 to a matching If-None-Match or If-Modified-Since.

  feed.py --port-file FILE [--log FILE]
"""
import argparse
import threading
from http.server import BaseHTTPRequestHandler

from loopback import serve, stall

LOCK = threading.Lock()
STATE = {"items": 2, "flaky": 0}
ARGS = None
LAST_MODIFIED = "Tue, 24 Nov 2026 06:00:00 GMT"


def rss(n):
    items = []
    for i in range(1, n + 1):
        items.append("""
  <item>
    <title>Launch day, part %d</title>
    <link>https://example.org/posts/%d</link>
    <guid isPermaLink="false">rss-%d</guid>
    <pubDate>Tue, 24 Nov 2026 0%d:15:02 +0100</pubDate>
    <dc:creator>Ann &amp; Bob</dc:creator>
    <category>launch</category><category> news </category>
    <description>&lt;p&gt;It went &lt;b&gt;really&lt;/b&gt; well &amp;amp; fast&lt;/p&gt;</description>
  </item>""" % (i, i, i, i))
    return """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel>
  <title>Example news</title>
  <link>https://example.org/</link>
  <language>en-gb</language>%s
</channel>
</rss>
""" % "".join(items)


def atom(n):
    entries = []
    for i in range(1, n + 1):
        entries.append("""
  <entry>
    <title type="text">Outage report %d</title>
    <link rel="alternate" href="https://example.org/a/%d"/>
    <link rel="edit" href="https://example.org/edit/%d"/>
    <id>urn:uuid:atom-%d</id>
    <updated>2026-11-24T07:%02d:00Z</updated>
    <author><name>Carol</name></author>
    <category term="outage"/>
    <summary type="html">&lt;p&gt;We are sorry &amp;mdash; it is fixed&lt;/p&gt;</summary>
  </entry>""" % (i, i, i, i, i))
    return """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="fr">
  <title>Status</title>
  <id>urn:uuid:feed</id>
  <updated>2026-11-24T07:00:00Z</updated>%s
  <entry>
    <title>XHTML content</title>
    <id>urn:uuid:xhtml</id>
    <updated>2026-11-24T08:00:00+02:00</updated>
    <content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml">Fine <b>now</b></div></content>
  </entry>
</feed>
""" % "".join(entries)


ITEMS = """<?xml version="1.0"?>
<rss version="2.0"><channel><title>t</title>
<item><title>No id at all</title></item>
<item><guid>bad-date</guid><title>x</title><pubDate>yesterday-ish</pubDate></item>
<item><guid>good</guid><title>fine</title></item>
</channel></rss>
"""


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, fmt, *args):
        pass

    def reply(self, code, body=b"", headers=()):
        self.send_response(code)
        for k, v in headers:
            self.send_header(k, v)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):
        if ARGS.log:
            with LOCK, open(ARGS.log, "a") as f:
                f.write("GET %s inm=%s ims=%s\n" % (self.path,
                                                   self.headers.get("If-None-Match", "-"),
                                                   self.headers.get("If-Modified-Since", "-")))
        with LOCK:
            n = STATE["items"]
        if self.path == "/bump":
            with LOCK:
                STATE["items"] += 1
            return self.reply(200, b"ok")
        if self.path in ("/stall.xml", "/trickle.xml"):
            self.send_response(200)
            self.send_header("Content-Type", "application/xml")
            self.send_header("Content-Length", "100000")
            self.end_headers()
            self.wfile.flush()
            return stall(self, trickle=self.path == "/trickle.xml")
        if self.path == "/flaky.xml":
            with LOCK:
                STATE["flaky"] += 1
                k = STATE["flaky"]
            if k == 1:
                return self.reply(500, b"oops")
            if k == 2:
                return self.reply(429, b"slow down", [("Retry-After", "1")])
            body = rss(n)
        elif self.path == "/rss.xml":
            body = rss(n)
        elif self.path == "/atom.xml":
            body = atom(n)
        elif self.path == "/bad.xml":
            body = rss(n)[:-40]
        elif self.path == "/items.xml":
            body = ITEMS
        else:
            return self.reply(404, b"no")
        etag = '"v%d"' % n
        if self.headers.get("If-None-Match") == etag:
            return self.reply(304, b"", [("ETag", etag)])
        if self.headers.get("If-Modified-Since") == LAST_MODIFIED and \
                not self.headers.get("If-None-Match"):
            return self.reply(304)
        self.reply(200, body.encode(), [("Content-Type", "application/xml"), ("ETag", etag),
                                        ("Last-Modified", LAST_MODIFIED)])


def main():
    global ARGS
    p = argparse.ArgumentParser()
    p.add_argument("--port-file", required=True)
    p.add_argument("--log")
    ARGS = p.parse_args()
    serve(Handler, ARGS.port_file)


if __name__ == "__main__":
    main()
