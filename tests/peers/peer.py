"""Python msal-extensions 1.3.1 as a cache peer, for tokencache's torture
tests and benchmarks. Uses the library's own FilePersistence and CrossPlatLock.

msal_extensions picks its lock at import time (token_cache.py): the
portalocker-based `cache_lock.CrossPlatLock` when portalocker is importable,
else the O_EXCL-only `filelock.CrossPlatLock`. Both are importable here, so
the variant is chosen explicitly:

  peer.py VARIANT hold CACHE           lock, print "locked", wait for a line on stdin, unlock
  peer.py VARIANT rmw CACHE ID COUNT SEED [MAX_PAUSE_MS]
        COUNT times: under the lock, load the cache, add AccessToken["ID-i"],
        save; sleep 0-MAX_PAUSE_MS (default 20) ms between (seeded). A LockError (the lock was not
        obtained in time) is retried, never counted as done. Prints a JSON
        summary: {"done": n, "lock_errors": k, "waits": [seconds, ...]}.
        With PEER_ANNOUNCE=1 in the environment, writes "trying" to stderr
        just before each attempt to take the lock (tests wait for it).
  peer.py VARIANT read CACHE           under the lock, print the cache
  peer.py VARIANT write CACHE          read stdin, under the lock, save it

VARIANT is `filelock`, `portalocker`, or `default` (whichever of the two
msal_extensions.token_cache chose).
"""
import json
import os
import random
import sys
import time

from msal_extensions.persistence import FilePersistence, PersistenceNotFound


def lock_class(variant):
    if variant == "default":
        # What msal_extensions.token_cache itself picked at import time.
        from msal_extensions import token_cache
        return token_cache.CrossPlatLock, (token_cache.LockError,)
    if variant == "filelock":
        from msal_extensions.filelock import CrossPlatLock, LockError
        return CrossPlatLock, (LockError,)
    if variant == "portalocker":
        from msal_extensions.cache_lock import CrossPlatLock, LockError
        return CrossPlatLock, (LockError,)
    raise SystemExit("unknown variant " + variant)


def main():
    variant, mode, cache = sys.argv[1], sys.argv[2], sys.argv[3]
    Lock, lock_errors = lock_class(variant)
    persistence = FilePersistence(cache)
    lockfile = cache + ".lockfile"
    if mode == "hold":
        with Lock(lockfile):
            print("locked", flush=True)
            sys.stdin.readline()
        return
    if mode == "read":
        with Lock(lockfile):
            data = persistence.load()
        sys.stdout.write(data)
        return
    if mode == "write":
        data = sys.stdin.read()
        with Lock(lockfile):
            persistence.save(data)
        return
    if mode != "rmw":
        raise SystemExit("unknown mode " + mode)
    ident, count, seed = sys.argv[4], int(sys.argv[5]), int(sys.argv[6])
    max_pause = (int(sys.argv[7]) if len(sys.argv) > 7 else 20) / 1000.0
    rng = random.Random(seed)
    done = errors = 0
    waits = []
    announce = os.environ.get("PEER_ANNOUNCE") == "1"
    while done < count:
        if announce:
            print("trying", file=sys.stderr, flush=True)
        start = time.monotonic()
        try:
            with Lock(lockfile):
                waits.append(time.monotonic() - start)
                try:
                    text = persistence.load()
                except PersistenceNotFound:
                    text = ""
                doc = json.loads(text) if text.strip() else {}
                doc.setdefault("AccessToken", {})["%s-%d" % (ident, done)] = {
                    "credential_type": "AccessToken",
                    "secret": "secret-%s-%d" % (ident, done),
                    "cached_at": "1700000000",
                    "expires_on": "1700003600",
                }
                persistence.save(json.dumps(doc))
        except lock_errors:
            errors += 1
            continue
        done += 1
        if max_pause:
            time.sleep(rng.uniform(0, max_pause))
    print(json.dumps({"done": done, "lock_errors": errors, "waits": waits}))


if __name__ == "__main__":
    main()
