// The msal-node-extensions side of tokencache's Secret Service interop test.
//
//   node node_libsecret.js <peers node dir> write|read|delete <cachePath> <service> <account>
//
// Builds the persistence exactly as an MSAL Node app following the docs does
// (PersistenceCreator, no plaintext fallback), checks that it really is the
// libsecret one, then: `write` saves stdin as the cache, `read` prints the
// stored cache byte for byte (exit 3 when there is none), `delete` removes it.
// Exit 2 on usage errors, 1 on any library error (message on stderr).
"use strict";
const path = require("path");

async function main() {
  const [peers, op, cachePath, serviceName, accountName] = process.argv.slice(2);
  if (!peers || !["write", "read", "delete"].includes(op) || !cachePath || !serviceName || !accountName) {
    process.stderr.write("usage: node_libsecret.js <peers node dir> write|read|delete <cachePath> <service> <account>\n");
    process.exit(2);
  }
  const ext = require(path.join(peers, "node_modules", "@azure", "msal-node-extensions"));
  const persistence = await ext.PersistenceCreator.createPersistence({
    cachePath,
    serviceName,
    accountName,
    usePlaintextFileOnLinux: false,
  });
  if (persistence.constructor.name !== "LibSecretPersistence") {
    throw new Error(`expected LibSecretPersistence, got ${persistence.constructor.name}`);
  }
  if (op === "write") {
    const chunks = [];
    for await (const chunk of process.stdin) chunks.push(chunk);
    await persistence.save(Buffer.concat(chunks).toString("utf8"));
  } else if (op === "read") {
    const data = await persistence.load();
    if (data === null || data === undefined) process.exit(3);
    process.stdout.write(data);
  } else {
    await persistence.delete();
  }
}

main().catch((err) => {
  process.stderr.write(`node_libsecret: ${err && err.stack ? err.stack : err}\n`);
  process.exit(1);
});
