"""A fake Microsoft Entra ID over HTTPS on loopback, for tokencache's refresh
tests (tests/refresh.rs) and benchmark (benches/refresh.sh). Standard library
only (runs under any python3).

    python3 fake_entra.py DIR

DIR holds server.crt and server.key (signed by a CA the test made). The
server listens on 127.0.0.1 (certificate for `localhost`), writes the port to
DIR/port once listening, and appends one JSON line per request to
DIR/requests.jsonl: {"method", "path", "headers", "form"}. DIR/config.json,
if present, is read on every request:

  {"family": [client ids in the family of first-party apps, "1"],
   "revoked": [refresh tokens refused with AADSTS70043],
   "confidential": [client ids whose refresh needs a secret: AADSTS7000218],
   "fail": N (answer the next N token requests with HTTP 503),
   "fail_status": the status of those answers instead of 503 (e.g. 429),
   "retry_after": the Retry-After header sent with them (a string),
   "malformed": true (answer token requests with a body that is not JSON),
   "delay": seconds to wait before answering a token request}

Served: the OpenID configuration of any tenant and the token endpoint
`/<tenant>/oauth2/v2.0/token` for the authorization_code grant (the code is
the username: a sign-in without a browser) and the refresh_token grant. Tokens are a function of the request alone, so two
clients redeeming the same refresh token for the same scopes get the same
answer: refresh tokens are `rt|USERNAME|CLIENT|N`; a family client's
refresh token is redeemed by any family client (a non-family client gets
invalid_grant with error_additional_info ["client_mismatch"], which MSAL reads).
"""
import base64
import hashlib
import http.server
import json
import os
import ssl
import sys
import threading
import time
import urllib.parse

DIR = sys.argv[1]
LOG_LOCK = threading.Lock()
STATE = {"failed": 0}
RESERVED = ("openid", "profile", "offline_access")
TENANT = "72f988bf-86f1-41af-91ab-2d7cd011db47"
IAT = 1700000000


def b64url(value):
    return base64.urlsafe_b64encode(json.dumps(value).encode()).rstrip(b"=").decode()


def digest(*parts):
    return hashlib.sha256("|".join(parts).encode()).hexdigest()[:16]


def uid(username):
    h = hashlib.sha256(username.lower().encode()).hexdigest()
    return "%s-%s-%s-%s-%s" % (h[:8], h[8:12], h[12:16], h[16:20], h[20:32])


def config():
    try:
        with open(os.path.join(DIR, "config.json")) as f:
            return json.load(f)
    except FileNotFoundError:
        return {}


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def record(self, form):
        line = json.dumps({
            "method": self.command,
            "path": self.path,
            "headers": {k.lower(): v for k, v in self.headers.items()},
            "form": form,
        })
        with LOG_LOCK:
            with open(os.path.join(DIR, "requests.jsonl"), "a") as f:
                f.write(line + "\n")

    def send(self, status, body, raw=None, headers=()):
        data = raw if raw is not None else json.dumps(body).encode()
        self.send_response(status)
        for name, value in headers:
            self.send_header(name, value)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self):
        self.record(None)
        path = urllib.parse.urlsplit(self.path).path
        host = self.headers.get("Host")
        if path.endswith("/.well-known/openid-configuration"):
            tenant = path.strip("/").split("/")[0]
            base = "https://%s/%s" % (host, tenant)
            return self.send(200, {
                "authorization_endpoint": base + "/oauth2/v2.0/authorize",
                "token_endpoint": base + "/oauth2/v2.0/token",
                "device_authorization_endpoint": base + "/oauth2/v2.0/devicecode",
                "issuer": "https://%s/%s/v2.0" % (host, tenant),
                "end_session_endpoint": base + "/oauth2/v2.0/logout",
                "jwks_uri": base + "/discovery/v2.0/keys",
                "response_types_supported": ["code"],
            })
        if "/userrealm/" in path:
            return self.send(200, {"account_type": "Managed", "ver": "1.0"})
        if path.endswith("/discovery/instance"):
            return self.send(200, {"tenant_discovery_endpoint": "", "metadata": []})
        return self.send(404, {"error": "not_found"})

    def do_POST(self):
        length = int(self.headers.get("Content-Length") or 0)
        form = dict(urllib.parse.parse_qsl(self.rfile.read(length).decode()))
        self.record(form)
        conf = config()
        if conf.get("delay"):
            time.sleep(conf["delay"])
        with LOG_LOCK:
            fail = STATE["failed"] < conf.get("fail", 0)
            if fail:
                STATE["failed"] += 1
        if fail:
            headers = [("Retry-After", conf["retry_after"])] if "retry_after" in conf else []
            return self.send(conf.get("fail_status", 503),
                             {"error": "temporarily_unavailable"}, headers=headers)
        if conf.get("malformed"):
            return self.send(200, None, raw=b'{"access_token": "at-broken", "expires_in": ')
        tenant = urllib.parse.urlsplit(self.path).path.strip("/").split("/")[0]
        client = form.get("client_id", "")
        scopes = [s for s in form.get("scope", "").split() if s not in RESERVED]
        grant = form.get("grant_type")
        family = set(conf.get("family", []))
        if grant == "authorization_code":  # the code is the username
            return self.send(200, self.tokens(form["code"], client, tenant, scopes, "0", family))
        if grant != "refresh_token":
            return self.send(400, {"error": "unsupported_grant_type"})
        rt = form.get("refresh_token", "")
        if client in conf.get("confidential", []):
            return self.refuse("invalid_client", 7000218,
                               "The request body must contain the following parameter: "
                               "'client_assertion' or 'client_secret'.")
        if rt in conf.get("revoked", []):
            return self.refuse("invalid_grant", 70043,
                               "The refresh token has expired or is invalid due to sign-in "
                               "frequency checks by conditional access.")
        parts = rt.split("|")
        if len(parts) != 4 or parts[0] != "rt":
            return self.refuse("invalid_grant", 9002313, "Invalid request. Request is malformed or invalid.")
        _, username, owner, n = parts
        if owner != client and not (owner in family and client in family):
            return self.refuse("invalid_grant", 70000, "The provided grant is not valid for this client.",
                               extra={"error_additional_info": ["client_mismatch"]})
        return self.send(200, self.tokens(username, client, tenant, scopes, str(int(n) + 1), family,
                                          seed=rt))

    def refuse(self, error, code, description, extra=None):
        body = {
            "error": error,
            "error_description": "AADSTS%d: %s\r\nTrace ID: 00000000-0000-0000-0000-000000000000\r\n"
                                 "Correlation ID: 00000000-0000-0000-0000-000000000000\r\n"
                                 "Timestamp: 2026-12-06 00:00:00Z" % (code, description),
            "error_codes": [code],
            "timestamp": "2026-12-06 00:00:00Z",
            "trace_id": "00000000-0000-0000-0000-000000000000",
            "correlation_id": "00000000-0000-0000-0000-000000000000",
        }
        body.update(extra or {})
        return self.send(400, body)

    def tokens(self, username, client, tenant, scopes, n, family, seed=""):
        user = uid(username)
        claims = {
            "aud": client, "iss": "https://login.microsoftonline.com/%s/v2.0" % TENANT,
            "iat": IAT, "nbf": IAT, "exp": IAT + 3600, "name": username,
            "oid": user, "preferred_username": username, "sub": user, "tid": TENANT, "ver": "2.0",
        }
        body = {
            "token_type": "Bearer",
            "scope": " ".join(scopes),
            "expires_in": 3599,
            "ext_expires_in": 7199,
            "refresh_in": 1800,
            "access_token": "at|%s|%s|%s" % (client, " ".join(scopes), digest(seed, client, tenant, *scopes)),
            "refresh_token": "rt|%s|%s|%s" % (username, client, n),
            "id_token": "%s.%s.sig" % (b64url({"alg": "none", "typ": "JWT"}), b64url(claims)),
            "client_info": b64url({"uid": user, "utid": TENANT}),
        }
        if client in family:
            body["foci"] = "1"
        return body


def main():
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(os.path.join(DIR, "server.crt"), os.path.join(DIR, "server.key"))
    server.socket = context.wrap_socket(server.socket, server_side=True)
    tmp = os.path.join(DIR, "port.tmp")
    with open(tmp, "w") as f:
        f.write(str(server.server_address[1]))
    os.rename(tmp, os.path.join(DIR, "port"))
    server.serve_forever()


if __name__ == "__main__":
    main()
