"""A loopback git smart-HTTP server that requires a bearer token, for
tests/consumers.rs: `git http-backend` behind a check of the Authorization
header.

  git_server.py PROJECT_ROOT TOKEN_FILE LOG_FILE

Prints the port on stdout, then serves until killed. Every request's
Authorization header (or "-") is appended to LOG_FILE, one per line.
Without `Authorization: Bearer <the token in TOKEN_FILE>`: 401 with
`WWW-Authenticate: Bearer`.
"""

import os
import subprocess
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

root, token_file, log_file = sys.argv[1:4]
with open(token_file) as f:
    token = f.read().strip()


class Git(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def handle_any(self, method):
        header = self.headers.get("Authorization")
        with open(log_file, "a") as log:
            log.write((header or "-") + "\n")
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        if header != "Bearer " + token:
            self.send_response(401)
            self.send_header("WWW-Authenticate", 'Bearer realm="tokencache-test"')
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        path, _, query = self.path.partition("?")
        env = dict(
            os.environ,
            GIT_PROJECT_ROOT=root,
            GIT_HTTP_EXPORT_ALL="1",
            PATH_INFO=path,
            QUERY_STRING=query,
            REQUEST_METHOD=method,
            CONTENT_TYPE=self.headers.get("Content-Type") or "",
            CONTENT_LENGTH=str(len(body)),
            REMOTE_USER="tokencache",
            REMOTE_ADDR="127.0.0.1",
            GIT_PROTOCOL=self.headers.get("Git-Protocol") or "",
        )
        out = subprocess.run(["git", "http-backend"], input=body, env=env, capture_output=True).stdout
        head, _, payload = out.partition(b"\r\n\r\n")
        status = 200
        headers = []
        for line in head.split(b"\r\n"):
            name, _, value = line.decode().partition(":")
            if name.lower() == "status":
                status = int(value.split()[0])
            elif name:
                headers.append((name, value.strip()))
        self.send_response(status)
        for name, value in headers:
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def do_GET(self):
        self.handle_any("GET")

    def do_POST(self):
        self.handle_any("POST")

    def log_message(self, *args):
        pass


server = ThreadingHTTPServer(("127.0.0.1", 0), Git)
print(server.server_address[1], flush=True)
server.serve_forever()
