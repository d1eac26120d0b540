// The real msal-node DistributedCachePlugin over the real npm `redis` client,
// as msal-node's web-app and daemon samples wire them, for tokencache's Redis
// interop tests. Offline: msal-node's `system.networkClient` is a canned
// Microsoft identity platform (instance discovery, OpenID configuration and a
// token endpoint that counts its calls). Nothing leaves the machine.
//
// REDIS_URL with commas is a Redis Cluster's seed list: the client is then
// node-redis's createCluster (rootNodes), which follows MOVED/ASK itself.
//
//   node redis-peer.mjs NODE_MODULES REDIS_URL signin SCOPE
//        a web app redeems an authorization code for SCOPE; the plugin writes
//        the cache under the account's home account id.
//   node redis-peer.mjs NODE_MODULES REDIS_URL silent HOME_ACCOUNT_ID SCOPE
//        a fresh app instance (empty memory) serves SCOPE silently for the
//        account, from Redis, refreshing with the refresh token if it must.
//
// Prints one JSON line: {"token_calls": n, "grants": [...], ...}.
import { pathToFileURL } from "node:url";
import { join } from "node:path";

const [nodeModules, redisUrl, mode, ...rest] = process.argv.slice(2);
const imp = (p) => import(pathToFileURL(join(nodeModules, p)).href);
const msal = await imp("@azure/msal-node/dist/index.mjs");
const { createClient, createCluster } = await imp("redis/dist/index.js").catch(() => imp("redis/dist/index.mjs"));

const CLIENT_ID = "11111111-2222-3333-4444-555555555555";
const TENANT = "72f988bf-0000-0000-0000-000000000001";
const OID = "00000000-0000-0000-0000-0000000000aa";
const HOST = "login.microsoftonline.com";

const b64url = (obj) => Buffer.from(JSON.stringify(obj)).toString("base64url");
let tokenCalls = 0;
const grants = [];

// The canned identity platform.
const networkClient = {
  async sendGetRequestAsync(url) {
    if (url.includes("/discovery/instance")) {
      return ok({
        tenant_discovery_endpoint: `https://${HOST}/${TENANT}/v2.0/.well-known/openid-configuration`,
        "api-version": "1.1",
        metadata: [{ preferred_network: HOST, preferred_cache: "login.windows.net",
          aliases: [HOST, "login.windows.net", "login.microsoft.com", "sts.windows.net"] }],
      });
    }
    if (url.includes("openid-configuration")) {
      return ok({
        token_endpoint: `https://${HOST}/${TENANT}/oauth2/v2.0/token`,
        authorization_endpoint: `https://${HOST}/${TENANT}/oauth2/v2.0/authorize`,
        end_session_endpoint: `https://${HOST}/${TENANT}/oauth2/v2.0/logout`,
        issuer: `https://${HOST}/${TENANT}/v2.0`,
        jwks_uri: `https://${HOST}/${TENANT}/discovery/v2.0/keys`,
        response_types_supported: ["code"],
      });
    }
    throw new Error(`unexpected GET ${url}`);
  },
  async sendPostRequestAsync(url, options) {
    if (!url.includes("/oauth2/v2.0/token")) throw new Error(`unexpected POST ${url}`);
    tokenCalls += 1;
    const body = new URLSearchParams(options.body);
    grants.push(body.get("grant_type"));
    const scope = (body.get("scope") || "").split(" ").filter((s) => !["openid", "profile", "offline_access"].includes(s)).join(" ");
    const now = Math.floor(Date.now() / 1000);
    return ok({
      token_type: "Bearer",
      scope,
      expires_in: 3600,
      ext_expires_in: 3600,
      access_token: `at-${body.get("grant_type")}-${tokenCalls}`,
      refresh_token: `rt-${tokenCalls}`,
      id_token: `${b64url({ alg: "none", typ: "JWT" })}.${b64url({
        aud: CLIENT_ID, iss: `https://${HOST}/${TENANT}/v2.0`, iat: now, nbf: now, exp: now + 3600,
        oid: OID, tid: TENANT, sub: "sub-alice", preferred_username: "alice@contoso.com", name: "Alice",
      })}.`,
      client_info: b64url({ uid: OID, utid: TENANT }),
    });
  },
};

function ok(body) {
  return { headers: { "content-type": "application/json" }, body, status: 200 };
}

// The sample's RedisClientWrapper and PartitionManager.
const redis = redisUrl.includes(",")
  ? createCluster({ rootNodes: redisUrl.split(",").map((url) => ({ url })) })
  : createClient({ url: redisUrl });
redis.on("error", (e) => { console.error(`redis: ${e}`); process.exit(2); });
await redis.connect();
const cacheClient = {
  async get(key) { return (await redis.get(key)) ?? ""; },
  async set(key, value) { return redis.set(key, value, { EX: 86400 }); },
};
let partitionKey = "";
const partitionManager = {
  async getKey() { return partitionKey; },
  async extractKey(account) { return account.homeAccountId; },
};

function app() {
  return new msal.ConfidentialClientApplication({
    auth: { clientId: CLIENT_ID, authority: `https://${HOST}/${TENANT}`, clientSecret: "not-a-secret" },
    cache: { cachePlugin: new msal.DistributedCachePlugin(cacheClient, partitionManager) },
    system: { networkClient },
  });
}

let out;
if (mode === "signin") {
  const result = await app().acquireTokenByCode({
    code: "fake-code", scopes: [rest[0]], redirectUri: "http://localhost/redirect",
  });
  out = { home_account_id: result.account.homeAccountId, access_token: result.accessToken };
} else if (mode === "silent") {
  partitionKey = rest[0];
  const cca = app();
  const account = await cca.getTokenCache().getAccountByHomeId(rest[0]);
  if (!account) {
    out = { account: null };
  } else {
    try {
      const result = await cca.acquireTokenSilent({ account, scopes: [rest[1]] });
      out = { account: account.homeAccountId, access_token: result.accessToken, from_cache: result.fromCache };
    } catch (e) {
      out = { account: account.homeAccountId, error: e.errorCode || String(e) };
    }
  }
} else {
  throw new Error(`unknown mode ${mode}`);
}
out.token_calls = tokenCalls;
out.grants = grants;
process.stdout.write(JSON.stringify(out) + "\n");
await redis.quit();
