"""What the fake servers share: serve on a free port of 127.0.0.1 and
publish the port in a file, written whole (tmp + rename) so that a test
never reads half of it."""
import os
from http.server import ThreadingHTTPServer


def serve(handler, port_file):
    srv = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    srv.daemon_threads = True
    with open(port_file + ".tmp", "w") as f:
        f.write(str(srv.server_address[1]))
    os.rename(port_file + ".tmp", port_file)
    srv.serve_forever()
