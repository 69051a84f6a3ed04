"""What the fake servers share: serve on a free port of 127.0.0.1 and
publish the port in a file, written whole (tmp + rename) so that a test
never reads half of it."""
import os
import time
from http.server import ThreadingHTTPServer


def serve(handler, port_file):
    srv = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    srv.daemon_threads = True
    with open(port_file + ".tmp", "w") as f:
        f.write(str(srv.server_address[1]))
    os.rename(port_file + ".tmp", port_file)
    srv.serve_forever()


def stall(handler, trickle=False):
    """Hold the connection open after the headers until the client goes:
    silent, or with trickle one byte every 0.2 s (too slow to ever end)."""
    try:
        while True:
            time.sleep(0.2)
            if trickle:
                handler.wfile.write(b" ")
                handler.wfile.flush()
                continue
            # Find out whether the client went away, without writing.
            handler.connection.settimeout(0.01)
            try:
                if handler.connection.recv(1) == b"":
                    return
            except OSError as e:
                if "timed out" not in str(e):
                    return
    except (BrokenPipeError, ConnectionResetError):
        return
