// @azure/msal-node-extensions as a cache peer, for tokencache's torture tests
// and benchmarks. Uses the library's own FilePersistence and CrossPlatformLock
// (the lock class is not exported by the package, so it is imported from its
// module file; PersistenceCachePlugin is avoided on purpose: its
// afterCacheAccess unlocks twice and can delete another process's lock).
//
//   node peer.mjs NODE_MODULES hold CACHE          lock, print "locked", wait for a line on stdin, unlock
//   node peer.mjs NODE_MODULES rmw CACHE ID COUNT SEED [RETRIES DELAY_MS]
//        COUNT times: under the lock, load, add AccessToken["ID-i"], save;
//        sleep 0-20 ms between (seeded). A lock error is retried, never counted.
//        Prints {"done": n, "lock_errors": k, "waits": [seconds, ...]}.
//        With PEER_ANNOUNCE=1 in the environment, writes "trying" to stderr
//        just before each attempt to take the lock (tests wait for it).
//   node peer.mjs NODE_MODULES read CACHE          under the lock, print the cache
//   node peer.mjs NODE_MODULES write CACHE         read stdin, under the lock, save it
//   node peer.mjs NODE_MODULES ss-read CACHE SERVICE ACCOUNT
//   node peer.mjs NODE_MODULES ss-write CACHE SERVICE ACCOUNT
//        the same with LibSecretPersistence (keytar: a Secret Service item with
//        attributes service/account; CACHE is only the lock and marker file)
import { pathToFileURL } from "node:url";
import { join } from "node:path";
import { readFileSync } from "node:fs";

const [nodeModules, mode, cache, ...rest] = process.argv.slice(2);
const base = join(nodeModules, "@azure", "msal-node-extensions", "dist");
const { FilePersistence, LibSecretPersistence } = await import(pathToFileURL(join(base, "index.mjs")).href);
const { CrossPlatformLock } = await import(pathToFileURL(join(base, "lock", "CrossPlatformLock.mjs")).href);

const persistence = mode.startsWith("ss-")
  ? await LibSecretPersistence.create(cache, rest[0], rest[1])
  : await FilePersistence.create(cache);
const lockOptions = (retries, delay) => ({ retryNumber: retries, retryDelay: delay });

function newLock(retries = 500, delay = 100) {
  return new CrossPlatformLock(`${cache}.lockfile`, newLogger(), lockOptions(retries, delay));
}

// A small seeded PRNG (xorshift32), so runs are repeatable.
function rng(seed) {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13; x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5; x >>>= 0;
    return x / 4294967296;
  };
}

function newLogger() {
  return mode.startsWith("ss-") ? persistence.filePersistence.getLogger() : persistence.getLogger();
}

if (mode === "hold") {
  const lock = newLock(Number(rest[0] ?? 500), Number(rest[1] ?? 100));
  await lock.lock();
  process.stdout.write("locked\n");
  await new Promise((resolve) => process.stdin.once("data", resolve));
  await lock.unlock();
  process.exit(0);
} else if (mode === "read" || mode === "ss-read") {
  const lock = newLock();
  await lock.lock();
  const data = await persistence.load();
  await lock.unlock();
  process.stdout.write(data ?? "");
} else if (mode === "write" || mode === "ss-write") {
  const data = readFileSync(0, "utf-8");
  const lock = newLock();
  await lock.lock();
  await persistence.save(data);
  await lock.unlock();
} else if (mode === "rmw") {
  const [ident, countText, seedText, retries, delay, maxPause] = rest;
  const pauseMs = Number(maxPause ?? 20);
  const count = Number(countText);
  const next = rng(Number(seedText));
  let done = 0;
  let errors = 0;
  const waits = [];
  while (done < count) {
    const lock = newLock(Number(retries ?? 500), Number(delay ?? 100));
    if (process.env.PEER_ANNOUNCE === "1") process.stderr.write("trying\n");
    const start = process.hrtime.bigint();
    try {
      await lock.lock();
    } catch (e) {
      errors += 1;
      continue;
    }
    waits.push(Number(process.hrtime.bigint() - start) / 1e9);
    try {
      const text = (await persistence.load()) ?? "";
      const doc = text.trim() ? JSON.parse(text) : {};
      doc.AccessToken ??= {};
      doc.AccessToken[`${ident}-${done}`] = {
        credential_type: "AccessToken",
        secret: `secret-${ident}-${done}`,
        cached_at: "1700000000",
        expires_on: "1700003600",
      };
      await persistence.save(JSON.stringify(doc));
    } finally {
      await lock.unlock();
    }
    done += 1;
    if (pauseMs > 0) await new Promise((resolve) => setTimeout(resolve, next() * pauseMs));
  }
  process.stdout.write(JSON.stringify({ done, lock_errors: errors, waits }) + "\n");
} else {
  console.error(`unknown mode ${mode}`);
  process.exit(2);
}
