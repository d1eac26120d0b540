// @azure/identity's AzureCliCredential, for tests/consumers.rs: it runs the
// first `az` on PATH.
//   node azure_identity.mjs NODE_MODULES SCOPE [TENANT]
// prints {"token", "expires_on"} (seconds) or {"error", "message"}.
import { createRequire } from "node:module";
import path from "node:path";

const [modules, scope, tenant] = process.argv.slice(2);
const require = createRequire(path.join(modules, "noop.js"));
const { AzureCliCredential } = require("@azure/identity");

try {
  const credential = new AzureCliCredential(tenant ? { tenantId: tenant } : {});
  const token = await credential.getToken(scope);
  console.log(JSON.stringify({ token: token.token, expires_on: token.expiresOnTimestamp / 1000 }));
} catch (e) {
  console.log(JSON.stringify({ error: e.name, message: e.message }));
}
