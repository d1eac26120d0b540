// @azure/identity's ManagedIdentityCredential and DefaultAzureCredential
// against $IDENTITY_ENDPOINT (`tokencache serve --managed-identity`), for
// tests/serve.rs:
//   node managed_identity.mjs NODE_MODULES mi|default SCOPE [CLIENT_ID]
// prints {"token", "expires_on"} (seconds) or {"error", "message"}.
// DefaultAzureCredential tries only ManagedIdentityCredential when
// AZURE_TOKEN_CREDENTIALS=ManagedIdentityCredential (the test sets it).
import { createRequire } from "node:module";
import path from "node:path";

const [modules, credential, scope, clientId] = process.argv.slice(2);
const require = createRequire(path.join(modules, "noop.js"));
const { DefaultAzureCredential, ManagedIdentityCredential } = require("@azure/identity");

try {
  const cred =
    credential === "default"
      ? new DefaultAzureCredential()
      : clientId
        ? new ManagedIdentityCredential({ clientId })
        : new ManagedIdentityCredential();
  const token = await cred.getToken(scope);
  console.log(JSON.stringify({ token: token.token, expires_on: token.expiresOnTimestamp / 1000 }));
} catch (e) {
  console.log(JSON.stringify({ error: e.name, message: e.message }));
}
