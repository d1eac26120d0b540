"""The real MSAL Python (PyPI `msal`) behind an offline fake sign-in service,
for tokencache's SDK tests (tests/msal.rs).

    msal_py.py CACHE < SCRIPT.json > RESULTS.json

CACHE is a plain JSON token cache file (MSAL's SerializableTokenCache; absent
means empty). SCRIPT is {"users": {username: {"uid", "utid"}}, "family":
[client ids], "ops": [...]}; each op runs with its own PublicClientApplication
or ConfidentialClientApplication on the same cache, and yields one result:

  {"op": "signin", "client_id", "tenant", "username", "scopes",
   "now", "expires_in"?, "host"?}          ROPC sign-in through the fake service
  {"op": "client_credentials", "client_id", "tenant", "scopes", "now"}
  {"op": "silent", "client_id", "tenant", "username", "scopes", "now",
   "host"?, "force_refresh"?}              acquire_token_silent_with_error
  {"op": "silent_app", "client_id", "tenant", "scopes", "now"}
                                           acquire_token_for_client (cache first)
  {"op": "remove", "client_id", "tenant", "username", "now"}
                                           remove_account of every account named so
  {"op": "search_at", "now"}               TokenCache.search(AccessToken, now=now):
                                           MSAL drops the access tokens expired at `now`

A result is {"token": the access token served or null, "network": [the
grant types posted, with the refresh token sent], "error": the exception a
silent op raised (MSAL's own ValueError on an unreadable expires_on) or
null}. The cache is saved after signin, client_credentials, remove and
search_at, never after silent ops; every op starts from the saved cache, so
one op cannot change what the next sees except by saving.

The fake service is MSAL's own network layer (`http_client=`), in process: no
socket is opened. The clock is MSAL's `time.time`, set per op ("now").
"""
import base64
import json
import sys
import time
import urllib.parse

import msal

CLOCK = {"now": 0}
time.time = lambda: float(CLOCK["now"])  # MSAL reads the clock through time.time()


def b64url(data):
    return base64.urlsafe_b64encode(json.dumps(data).encode()).rstrip(b"=").decode()


class Response:
    def __init__(self, status, body):
        self.status_code = status
        self.text = json.dumps(body)
        self.headers = {}

    def raise_for_status(self):
        if self.status_code >= 400:
            raise RuntimeError("HTTP %d" % self.status_code)


class FakeIdp:
    """The sign-in service, as MSAL Python's http_client."""

    def __init__(self, users, family):
        self.users = users
        self.family = set(family)
        self.network = []
        self.allow_refresh = False
        self.expires_in = 3600
        self.serial = 0

    def get(self, url, params=None, headers=None, **kwargs):
        parts = urllib.parse.urlsplit(url)
        host, path = parts.netloc, parts.path
        if path.endswith("/.well-known/openid-configuration"):
            tenant = path.strip("/").split("/")[0]
            base = "https://%s/%s" % (host, tenant)
            return Response(200, {
                "authorization_endpoint": base + "/oauth2/v2.0/authorize",
                "token_endpoint": base + "/oauth2/v2.0/token",
                "device_authorization_endpoint": base + "/oauth2/v2.0/devicecode",
                "issuer": "https://%s/%s/v2.0" % (host, tenant),
            })
        if "/userrealm/" in path:
            return Response(200, {"account_type": "Managed", "ver": "1.0"})
        if path.endswith("/discovery/instance"):
            return Response(200, {"tenant_discovery_endpoint": "", "metadata": []})
        return Response(404, {"error": "not_found"})

    def post(self, url, params=None, data=None, headers=None, **kwargs):
        data = dict(data or {})
        grant = data.get("grant_type")
        tenant = urllib.parse.urlsplit(url).path.strip("/").split("/")[0]
        record = {"grant_type": grant}
        if grant == "refresh_token":
            record["refresh_token"] = data.get("refresh_token")
        self.network.append(record)
        scopes = [s for s in data.get("scope", "").split()
                  if s not in ("openid", "profile", "offline_access")]
        client_id = data.get("client_id")
        if grant == "client_credentials":
            return Response(200, self.tokens(client_id, tenant, scopes, None))
        if grant == "password":
            return Response(200, self.tokens(client_id, tenant, scopes, data["username"]))
        if grant == "refresh_token" and self.allow_refresh:
            return Response(200, self.tokens(client_id, tenant, scopes, self.rt_owner(data)))
        return Response(400, {"error": "invalid_grant",
                              "error_description": "the fake service refuses this grant"})

    def rt_owner(self, data):
        # Refresh tokens name their user: "rt|client|username|serial".
        return data["refresh_token"].split("|")[2]

    def tokens(self, client_id, tenant, scopes, username):
        self.serial += 1
        now = CLOCK["now"]
        granted = []
        for s in scopes:
            if s.endswith("/.default"):
                granted.append(s[: -len(".default")] + "user_impersonation")
            granted.append(s)
        body = {
            "token_type": "Bearer",
            "scope": " ".join(granted),
            "expires_in": self.expires_in,
            "ext_expires_in": self.expires_in,
            "access_token": "at|py|%s|%s|%s|%s|%d" % (
                client_id, username or "app", tenant, " ".join(scopes), self.serial),
        }
        if username is None:
            return body
        user = self.users[username]
        claims = {
            "iss": "https://login.microsoftonline.com/%s/v2.0" % tenant,
            "aud": client_id, "tid": tenant, "oid": user["uid"], "sub": user["uid"],
            "preferred_username": username, "name": username,
            "iat": now, "nbf": now, "exp": now + 3600, "ver": "2.0",
        }
        body.update({
            "refresh_token": "rt|%s|%s|%d" % (client_id, username, self.serial),
            "id_token": "%s.%s.sig" % (b64url({"alg": "none", "typ": "JWT"}), b64url(claims)),
            "client_info": b64url({"uid": user["uid"], "utid": user["utid"]}),
        })
        if client_id in self.family:
            body["foci"] = "1"
        return body


def main():
    path = sys.argv[1]
    script = json.load(sys.stdin)
    idp = FakeIdp(script.get("users", {}), script.get("family", []))
    cache = msal.SerializableTokenCache()
    results = []
    for op in script["ops"]:
        # Every op starts from the saved cache: MSAL drops expired access
        # tokens from memory while searching, which must not carry over from
        # one silent op (at a late "now") to the next.
        try:
            with open(path) as f:
                cache.deserialize(f.read())
        except FileNotFoundError:
            cache.deserialize("{}")
        CLOCK["now"] = op.get("now", CLOCK["now"])
        idp.network = []
        idp.expires_in = op.get("expires_in", 3600)
        idp.allow_refresh = op.get("allow_refresh", False)
        authority = "https://%s/%s" % (op.get("host", "login.microsoftonline.com"), op.get("tenant", "organizations"))
        kind = op["op"]
        common = dict(authority=authority, http_client=idp, token_cache=cache,
                      instance_discovery=False)
        token = None
        error = None
        if kind in ("client_credentials", "silent_app"):
            app = msal.ConfidentialClientApplication(
                op["client_id"], client_credential="fake-secret", **common)
            result = app.acquire_token_for_client(op["scopes"])
            token = result.get("access_token") if result else None
        elif kind == "search_at":
            list(cache.search(msal.TokenCache.CredentialType.ACCESS_TOKEN, now=op["now"]))
        else:
            app = msal.PublicClientApplication(op["client_id"], **common)
            if kind == "signin":
                result = app.acquire_token_by_username_password(
                    op["username"], "fake-password", op["scopes"])
                if "access_token" not in result:
                    raise SystemExit("sign-in failed: %r" % result)
                token = result["access_token"]
            else:
                accounts = app.get_accounts(username=op["username"])
                if kind == "silent":
                    try:
                        result = app.acquire_token_silent_with_error(
                            op["scopes"], accounts[0] if accounts else None,
                            force_refresh=op.get("force_refresh", False)) if accounts else None
                    except ValueError as e:  # int() of an expires_on it cannot read
                        result, error = None, "ValueError: %s" % e
                    token = result.get("access_token") if result else None
                elif kind == "remove":
                    for account in accounts:
                        app.remove_account(account)
                else:
                    raise SystemExit("unknown op " + kind)
        results.append({"token": token, "network": idp.network, "error": error})
        if kind in ("signin", "client_credentials", "remove", "search_at"):
            with open(path, "w") as f:
                f.write(cache.serialize())
    json.dump(results, sys.stdout)


if __name__ == "__main__":
    main()
