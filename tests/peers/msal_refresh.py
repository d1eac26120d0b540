"""The real MSAL Python (PyPI `msal`) over real HTTPS against the fake Entra
ID of fake_entra.py, for tokencache's refresh tests (tests/refresh.rs) and
benchmark.

    msal_refresh.py CACHE AUTHORITY < OPS.json > RESULTS.json

CACHE is a plain JSON token cache file (SerializableTokenCache; absent means
empty), saved after every op that changed it. AUTHORITY is
https://localhost:PORT/TENANT. OPS is a list of
  {"op": "signin", "client_id", "username", "scopes"}     authorization code
                                                          (the code is the username)
  {"op": "silent", "client_id", "username", "scopes",
   "force_refresh"?, "now"?}                              acquire_token_silent_with_error
"now" fixes MSAL's clock (time.time) for that op. A result is {"token": the
access token or null, "error": MSAL's error or null}. The CA is trusted
through REQUESTS_CA_BUNDLE, which the test sets.
"""
import json
import sys
import time

import msal

REAL_TIME = time.time


def main():
    path, authority = sys.argv[1], sys.argv[2]
    ops = json.load(sys.stdin)
    results = []
    for op in ops:
        cache = msal.SerializableTokenCache()
        try:
            with open(path) as f:
                cache.deserialize(f.read())
        except FileNotFoundError:
            pass
        now = op.get("now")
        time.time = (lambda: float(now)) if now else REAL_TIME
        app = msal.PublicClientApplication(
            op["client_id"], authority=authority, token_cache=cache, instance_discovery=False)
        token = error = None
        if op["op"] == "signin":
            result = app.acquire_token_by_authorization_code(
                op["username"], op["scopes"], redirect_uri="http://localhost")
        else:
            accounts = app.get_accounts(username=op["username"])
            result = app.acquire_token_silent_with_error(
                op["scopes"], accounts[0], force_refresh=op.get("force_refresh", False)) if accounts else None
        if result and "access_token" in result:
            token = result["access_token"]
        elif result:
            error = result.get("error")
        results.append({"token": token, "error": error})
        if cache.has_state_changed:
            with open(path, "w") as f:
                f.write(cache.serialize())
    json.dump(results, sys.stdout)


if __name__ == "__main__":
    main()
