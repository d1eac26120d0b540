// The real msal-node (npm @azure/msal-node) behind an offline fake sign-in
// service, for tokencache's SDK tests (tests/msal.rs). The twin of
// msal_py.py, with the same script and result shapes:
//
//   node msal_node.mjs NODE_MODULES CACHE < SCRIPT.json > RESULTS.json
//
// ops: signin (authorization code: the code is the username), client_credentials,
// silent (acquireTokenSilent for the account of that username, or of
// `home_account_id`, in that tenant:
// the tenant profile whose tenantId is `tenant`), silent_app
// (acquireTokenByClientCredential, which looks in the cache first), remove
// (TokenCache.removeAccount of the accounts of that username).
//
// The fake service is msal-node's own network layer (`system.networkClient`),
// in process: no socket is opened. The clock is the global Date, fixed per op.
// The cache is a plain JSON file behind a cache plugin; it is saved after
// signin, client_credentials and remove, never after silent ops.
import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";

const [nodeModules, cachePath] = process.argv.slice(2);
const clock = { now: 0 };
const RealDate = Date;
globalThis.Date = class extends RealDate {
  constructor(...args) {
    if (args.length === 0) super(clock.now * 1000);
    else super(...args);
  }
  static now() {
    return clock.now * 1000;
  }
};

const msal = await import(
  pathToFileURL(path.join(nodeModules, "@azure/msal-node/dist/index.mjs")).href
);

const b64url = (value) => Buffer.from(JSON.stringify(value)).toString("base64url");

class FakeIdp {
  constructor(users, family) {
    this.users = users;
    this.family = new Set(family);
    this.network = [];
    this.expiresIn = 3600;
    this.allowRefresh = false;
    this.serial = 0;
  }

  respond(status, body) {
    return { headers: {}, body, status };
  }

  async sendGetRequestAsync(url) {
    const u = new URL(url);
    if (u.pathname.endsWith("/.well-known/openid-configuration")) {
      const tenant = u.pathname.split("/").filter(Boolean)[0];
      const base = `https://${u.host}/${tenant}`;
      return this.respond(200, {
        authorization_endpoint: `${base}/oauth2/v2.0/authorize`,
        token_endpoint: `${base}/oauth2/v2.0/token`,
        end_session_endpoint: `${base}/oauth2/v2.0/logout`,
        issuer: `https://${u.host}/${tenant}/v2.0`,
        jwks_uri: `${base}/discovery/v2.0/keys`,
      });
    }
    if (u.pathname.endsWith("/discovery/instance")) {
      return this.respond(200, {
        tenant_discovery_endpoint: `https://${u.host}/common/v2.0/.well-known/openid-configuration`,
        metadata: [],
      });
    }
    return this.respond(404, { error: "not_found" });
  }

  async sendPostRequestAsync(url, options) {
    const data = Object.fromEntries(new URLSearchParams(options?.body || ""));
    const tenant = new URL(url).pathname.split("/").filter(Boolean)[0];
    const grant = data.grant_type;
    const record = { grant_type: grant };
    if (grant === "refresh_token") record.refresh_token = data.refresh_token;
    this.network.push(record);
    const scopes = (data.scope || "")
      .split(" ")
      .filter((s) => s && !["openid", "profile", "offline_access"].includes(s));
    if (grant === "client_credentials") {
      return this.respond(200, this.tokens(data.client_id, tenant, scopes, null));
    }
    if (grant === "authorization_code") {
      return this.respond(200, this.tokens(data.client_id, tenant, scopes, data.code));
    }
    if (grant === "refresh_token" && this.allowRefresh) {
      return this.respond(200, this.tokens(data.client_id, tenant, scopes, data.refresh_token.split("|")[2]));
    }
    return this.respond(400, {
      error: "invalid_grant",
      error_description: "the fake service refuses this grant",
      error_codes: [70000],
      suberror: "",
    });
  }

  tokens(clientId, tenant, scopes, username) {
    this.serial += 1;
    const now = clock.now;
    const granted = [];
    for (const s of scopes) {
      if (s.endsWith("/.default")) granted.push(s.slice(0, -".default".length) + "user_impersonation");
      granted.push(s);
    }
    const body = {
      token_type: "Bearer",
      scope: granted.join(" "),
      expires_in: this.expiresIn,
      ext_expires_in: this.expiresIn,
      access_token: `at|node|${clientId}|${username || "app"}|${tenant}|${scopes.join(" ")}|${this.serial}`,
    };
    if (username === null) return body;
    const user = this.users[username];
    const claims = {
      iss: `https://login.microsoftonline.com/${tenant}/v2.0`,
      aud: clientId,
      tid: tenant,
      oid: user.uid,
      sub: user.uid,
      preferred_username: username,
      name: username,
      iat: now,
      nbf: now,
      exp: now + 3600,
      ver: "2.0",
    };
    body.refresh_token = `rt|${clientId}|${username}|${this.serial}`;
    body.id_token = `${b64url({ alg: "none", typ: "JWT" })}.${b64url(claims)}.sig`;
    body.client_info = b64url({ uid: user.uid, utid: user.utid });
    if (this.family.has(clientId)) body.foci = "1";
    return body;
  }
}

const plugin = (save) => ({
  async beforeCacheAccess(ctx) {
    if (fs.existsSync(cachePath)) ctx.tokenCache.deserialize(fs.readFileSync(cachePath, "utf8"));
  },
  async afterCacheAccess(ctx) {
    if (save.enabled && ctx.cacheHasChanged) fs.writeFileSync(cachePath, ctx.tokenCache.serialize());
  },
});

const script = JSON.parse(fs.readFileSync(0, "utf8"));
const idp = new FakeIdp(script.users || {}, script.family || []);
const results = [];
const quiet = { loggerOptions: { loggerCallback() {}, piiLoggingEnabled: false, logLevel: 0 } };
for (const op of script.ops) {
  if (op.now !== undefined) clock.now = op.now;
  idp.network = [];
  idp.expiresIn = op.expires_in ?? 3600;
  idp.allowRefresh = op.allow_refresh ?? false;
  const save = { enabled: ["signin", "client_credentials", "remove"].includes(op.op) };
  const authority = `https://${op.host || "login.microsoftonline.com"}/${op.tenant || "organizations"}`;
  const config = {
    auth: { clientId: op.client_id, authority },
    system: { networkClient: idp, ...quiet },
    cache: { cachePlugin: plugin(save) },
  };
  let token = null;
  try {
    if (op.op === "client_credentials" || op.op === "silent_app") {
      config.auth.clientSecret = "fake-secret";
      const app = new msal.ConfidentialClientApplication(config);
      const result = await app.acquireTokenByClientCredential({ scopes: op.scopes });
      token = result?.accessToken ?? null;
    } else {
      const app = new msal.PublicClientApplication(config);
      if (op.op === "signin") {
        const result = await app.acquireTokenByCode({
          code: op.username,
          scopes: op.scopes,
          redirectUri: "http://localhost",
        });
        token = result.accessToken;
      } else {
        // By username, or by home account id (msal-node shows no username
        // for an account MSAL Python wrote).
        const accounts = (await app.getTokenCache().getAllAccounts()).filter((a) =>
          op.home_account_id
            ? a.homeAccountId === op.home_account_id
            : a.username.toLowerCase() === op.username.toLowerCase(),
        );
        if (op.op === "silent") {
          // The account in the cloud the app signs in to (the authority's
          // host, else any), in the tenant asked for: its tenant profile, or
          // (msal-node keeps only the last sign-in's profiles) the home
          // account with that tenantId, as apps do for a guest tenant.
          const host = op.host || "login.microsoftonline.com";
          const sameHost = accounts.filter((a) => a.environment === host);
          const candidates = sameHost.length ? sameHost : accounts;
          const home = candidates.find((a) => a.homeAccountId.endsWith("." + a.tenantId)) || candidates[0];
          let account = home;
          if (op.tenant && op.tenant !== "organizations") {
            account = candidates.find((a) => a.tenantId === op.tenant) ||
              (home && { ...home, tenantId: op.tenant, idTokenClaims: undefined, idToken: undefined });
          }
          if (account) {
            try {
              const result = await app.acquireTokenSilent({
                account,
                scopes: op.scopes,
                authority,
                forceRefresh: op.force_refresh ?? false,
              });
              token = result?.accessToken ?? null;
            } catch (e) {
              token = null;
            }
          }
        } else if (op.op === "remove") {
          for (const account of accounts) await app.getTokenCache().removeAccount(account);
        } else {
          throw new Error(`unknown op ${op.op}`);
        }
      }
    }
  } catch (e) {
    if (op.op === "signin" || op.op === "client_credentials") {
      process.stderr.write(`${op.op} failed: ${e.stack || e}\n`);
      process.exit(1);
    }
    token = null;
  }
  results.push({ token, network: idp.network });
}
process.stdout.write(JSON.stringify(results));
