//! tokencache against the real MSAL SDKs — MSAL Python (`msal`, PyPI) and
//! msal-node (`@azure/msal-node`, npm) — on caches those SDKs wrote, behind
//! an offline fake sign-in service that each driver plugs in as the SDK's own
//! network layer (tests/peers/msal_py.py, msal_node.mjs; no socket, no
//! network). Each of the four MSAL semantics tokencache follows has a test
//! that reproduces the SDK's own result, and `token` is checked against what
//! `acquire_token_silent` / `acquireTokenSilent` serve from the same cache.
//!
//! Needs `bash tests/peers/install.sh`: outside CI a missing peer skips with
//! a message, under CI=true it fails.

use std::path::{Path, PathBuf};
use std::process::{Command as StdCommand, Stdio};

use serde_json::{json, Value};

use crate::require;
use crate::support::{peers_dir, Env, OutputExt};

const T0: i64 = 1_700_000_000;
const ARM: &str = "https://management.azure.com/.default";
const GRAPH_READ: &str = "https://graph.microsoft.com/User.Read";
const GRAPH_MAIL: &str = "https://graph.microsoft.com/Mail.Read";
const VAULT: &str = "https://vault.azure.net/.default";

#[derive(Clone, Copy, Debug, PartialEq)]
enum Sdk {
    Python,
    Node,
}

fn driver(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/peers")
        .join(name)
}

fn installed(sdk: Sdk) -> bool {
    match sdk {
        Sdk::Python => StdCommand::new(peers_dir().join("venv/bin/python"))
            .args(["-c", "import msal"])
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success()),
        Sdk::Node => {
            peers_dir()
                .join("node/node_modules/@azure/msal-node/dist/index.mjs")
                .is_file()
                && StdCommand::new("node")
                    .arg("--version")
                    .stdout(Stdio::null())
                    .status()
                    .is_ok_and(|s| s.success())
        }
    }
}

macro_rules! require_sdk {
    ($sdk:expr) => {
        require!(
            installed($sdk),
            format!(
                "{:?} MSAL SDK peer (bash tests/peers/install.sh; node for msal-node)",
                $sdk
            )
        )
    };
}

/// Run the SDK driver on `cache` with `ops`; one result per op.
fn sdk(sdk: Sdk, cache: &Path, ops: Value) -> Vec<Value> {
    let script = json!({
        "users": {
            "alice@contoso.com": {"uid": "a11ce", "utid": "t1"},
            "bob@contoso.com": {"uid": "b0b", "utid": "t1"},
            "carol@contoso.com": {"uid": "ca401", "utid": "t1"},
        },
        "family": ["cli", "vs"],
        "ops": ops,
    });
    let mut c = match sdk {
        Sdk::Python => {
            let mut c = StdCommand::new(peers_dir().join("venv/bin/python"));
            c.arg(driver("msal_py.py"));
            c
        }
        Sdk::Node => {
            let mut c = StdCommand::new("node");
            c.arg(driver("msal_node.mjs"))
                .arg(peers_dir().join("node/node_modules"));
            c
        }
    };
    let mut child = c
        .arg(cache)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    std::io::Write::write_all(
        &mut child.stdin.take().unwrap(),
        script.to_string().as_bytes(),
    )
    .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "{sdk:?} driver failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice::<Vec<Value>>(&out.stdout).unwrap()
}

fn signin(client: &str, tenant: &str, user: &str, scopes: &[&str], now: i64) -> Value {
    json!({"op": "signin", "client_id": client, "tenant": tenant, "username": user, "scopes": scopes, "now": now})
}

fn read(path: &Path) -> Value {
    serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap()
}

/// A tokencache command on the file store at `cache`, at `now`.
fn tc(env: &Env, cache: &Path, now: i64) -> assert_cmd::Command {
    let mut c = env.cmd();
    c.env("TOKENCACHE_STORE", "file")
        .env("TOKENCACHE_CACHE_PATH", cache)
        .env("TOKENCACHE_NOW", now.to_string());
    c
}

// ---------------------------------------------------------------------------
// `token` against acquire_token_silent / acquireTokenSilent
// ---------------------------------------------------------------------------

/// One silent acquisition: who asks (client, tenant), for whom, for what, when.
struct Case {
    name: &'static str,
    client: &'static str,
    tenant: &'static str,
    user: Option<&'static str>,
    scopes: &'static [&'static str],
    now: i64,
    /// Whether a token is expected (guards against both sides saying "none"
    /// for a reason the case did not mean).
    served: bool,
}

/// The cache both SDKs build: two users, a guest tenant, a family app (cli)
/// and a third-party app, a token expiring within MSAL's 5-minute margin, an
/// app-only token; then the cases.
fn build_and_cases(sdk_kind: Sdk, cache: &Path) -> Vec<Case> {
    let ops = json!([
        signin("cli", "t1", "alice@contoso.com", &[ARM], T0),
        signin("cli", "t1", "alice@contoso.com", &[GRAPH_READ, GRAPH_MAIL], T0),
        signin("cli", "t1", "bob@contoso.com", &[ARM], T0),
        signin("third", "t2", "alice@contoso.com", &["api://third/access"], T0),
        {"op": "signin", "client_id": "cli", "tenant": "t1", "username": "alice@contoso.com",
         "scopes": [VAULT], "now": T0 + 3000, "expires_in": 900},
        signin("cli", "t1", "carol@contoso.com", &[ARM], T0),
        {"op": "client_credentials", "client_id": "daemon", "tenant": "t1", "scopes": ["api://daemon/.default"], "now": T0},
    ]);
    sdk(sdk_kind, cache, ops);
    let now = T0 + 60;
    let mut cases = vec![
        Case {
            name: "the token as signed in",
            client: "cli",
            tenant: "t1",
            user: Some("alice@contoso.com"),
            scopes: &[ARM],
            now,
            served: true,
        },
        Case {
            name: "a subset of the scopes",
            client: "cli",
            tenant: "t1",
            user: Some("alice@contoso.com"),
            scopes: &[GRAPH_READ],
            now,
            served: true,
        },
        Case {
            name: "all the scopes",
            client: "cli",
            tenant: "t1",
            user: Some("alice@contoso.com"),
            scopes: &[GRAPH_MAIL, GRAPH_READ],
            now,
            served: true,
        },
        Case {
            name: "a scope more than cached",
            client: "cli",
            tenant: "t1",
            user: Some("alice@contoso.com"),
            scopes: &[GRAPH_READ, "https://graph.microsoft.com/Files.Read"],
            now,
            served: false,
        },
        Case {
            name: ".default where only named scopes are cached",
            client: "cli",
            tenant: "t1",
            user: Some("alice@contoso.com"),
            scopes: &["https://graph.microsoft.com/.default"],
            now,
            served: false,
        },
        Case {
            name: "another user's token",
            client: "cli",
            tenant: "t1",
            user: Some("bob@contoso.com"),
            scopes: &[ARM],
            now,
            served: true,
        },
        Case {
            name: "the guest tenant",
            client: "third",
            tenant: "t2",
            user: Some("alice@contoso.com"),
            scopes: &["api://third/access"],
            now,
            served: true,
        },
        Case {
            name: "the home tenant, where the guest token is not",
            client: "third",
            tenant: "t1",
            user: Some("alice@contoso.com"),
            scopes: &["api://third/access"],
            now,
            served: false,
        },
        Case {
            name: "the guest tenant, where the ARM token is not",
            client: "cli",
            tenant: "t2",
            user: Some("alice@contoso.com"),
            scopes: &[ARM],
            now,
            served: false,
        },
        Case {
            name: "another client's token",
            client: "third",
            tenant: "t1",
            user: Some("alice@contoso.com"),
            scopes: &[ARM],
            now,
            served: false,
        },
        Case {
            name: "a family app's token is not another family app's",
            client: "vs",
            tenant: "t1",
            user: Some("carol@contoso.com"),
            scopes: &[ARM],
            now,
            served: false,
        },
        Case {
            name: "exactly 5 minutes left",
            client: "cli",
            tenant: "t1",
            user: Some("alice@contoso.com"),
            scopes: &[ARM],
            now: T0 + 3600 - 300,
            served: true,
        },
        Case {
            name: "4 min 59 s left",
            client: "cli",
            tenant: "t1",
            user: Some("alice@contoso.com"),
            scopes: &[ARM],
            now: T0 + 3600 - 299,
            served: false,
        },
        Case {
            name: "expired",
            client: "cli",
            tenant: "t1",
            user: Some("alice@contoso.com"),
            scopes: &[ARM],
            now: T0 + 4000,
            served: false,
        },
        Case {
            name: "a token issued later, still fresh",
            client: "cli",
            tenant: "t1",
            user: Some("alice@contoso.com"),
            scopes: &[VAULT],
            now: T0 + 3000,
            served: true,
        },
        Case {
            name: "within the 5-minute margin",
            client: "cli",
            tenant: "t1",
            user: Some("alice@contoso.com"),
            scopes: &[VAULT],
            now: T0 + 3601,
            served: false,
        },
        Case {
            name: "an app-only token",
            client: "daemon",
            tenant: "t1",
            user: None,
            scopes: &["api://daemon/.default"],
            now,
            served: true,
        },
        Case {
            name: "an app-only token of another tenant",
            client: "daemon",
            tenant: "t2",
            user: None,
            scopes: &["api://daemon/.default"],
            now,
            served: false,
        },
    ];
    if sdk_kind == Sdk::Node {
        // msal-node compares scopes ignoring case, as tokencache does; MSAL
        // Python compares them as written (tokencache documents the difference).
        cases.push(Case {
            name: "scopes in another case",
            client: "cli",
            tenant: "t1",
            user: Some("alice@contoso.com"),
            scopes: &["HTTPS://MANAGEMENT.AZURE.COM/.DEFAULT"],
            now,
            served: true,
        });
    }
    cases
}

fn check_token_against(sdk_kind: Sdk) {
    let env = Env::new();
    let cache = env.dir.path().join(format!("{sdk_kind:?}.json"));
    let cases = build_and_cases(sdk_kind, &cache);
    assert!(cases.len() >= 12);
    let before = std::fs::read(&cache).unwrap();
    let ops: Vec<Value> = cases
        .iter()
        .map(|c| match c.user {
            Some(u) => json!({"op": "silent", "client_id": c.client, "tenant": c.tenant, "username": u, "scopes": c.scopes, "now": c.now}),
            None => json!({"op": "silent_app", "client_id": c.client, "tenant": c.tenant, "scopes": c.scopes, "now": c.now}),
        })
        .collect();
    let results = sdk(sdk_kind, &cache, Value::Array(ops));
    assert_eq!(
        std::fs::read(&cache).unwrap(),
        before,
        "silent ops do not save"
    );
    let mut failures = Vec::new();
    for (case, result) in cases.iter().zip(&results) {
        // Served from the cache: a token, and no request to the token endpoint.
        let from_cache = result["network"].as_array().unwrap().is_empty();
        let msal = if from_cache {
            result["token"].as_str().map(str::to_string)
        } else {
            None
        };
        let mut c = tc(&env, &cache, case.now);
        c.args([
            "token",
            "--client-id",
            case.client,
            "--tenant",
            case.tenant,
            "--scope",
        ])
        .args(case.scopes);
        match case.user {
            Some(u) => c.args(["--user", u]),
            // acquire_token_for_client / acquireTokenByClientCredential.
            None => c.arg("--app-only"),
        };
        let out = c.output().unwrap();
        let ours = match out.status.code() {
            Some(0) => Some(
                String::from_utf8(out.stdout)
                    .unwrap()
                    .trim_end()
                    .to_string(),
            ),
            Some(3) => None,
            other => panic!(
                "{}: token exited {other:?}: {}",
                case.name,
                String::from_utf8_lossy(&out.stderr)
            ),
        };
        if ours != msal || msal.is_some() != case.served {
            failures.push(format!(
                "{sdk_kind:?} / {}: MSAL served {msal:?}, tokencache {ours:?} (expected served={})",
                case.name, case.served
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn token_serves_what_msal_python_acquire_token_silent_serves() {
    require_sdk!(Sdk::Python);
    check_token_against(Sdk::Python);
}

#[test]
fn token_serves_what_msal_node_acquire_token_silent_serves() {
    require_sdk!(Sdk::Node);
    check_token_against(Sdk::Node);
}

/// Environment aliases: MSAL Python writes the environment it signed in
/// through; msal-node, reading that cache, matches every alias of the
/// account's cloud — and so does tokencache.
#[test]
fn token_and_msal_node_match_environment_aliases_of_a_python_cache() {
    require_sdk!(Sdk::Python);
    require_sdk!(Sdk::Node);
    let env = Env::new();
    let cache = env.dir.path().join("aliases.json");
    sdk(
        Sdk::Python,
        &cache,
        json!([
            signin("cli", "t1", "alice@contoso.com", &[ARM], T0),
            {"op": "signin", "client_id": "cli", "tenant": "t1", "username": "alice@contoso.com",
             "scopes": [GRAPH_READ], "now": T0, "host": "login.windows.net"},
            {"op": "signin", "client_id": "cli", "tenant": "t1", "username": "alice@contoso.com",
             "scopes": [VAULT], "now": T0, "host": "sts.windows.net"},
        ]),
    );
    let doc = read(&cache);
    let envs: std::collections::BTreeSet<&str> = doc["AccessToken"]
        .as_object()
        .unwrap()
        .values()
        .map(|t| t["environment"].as_str().unwrap())
        .collect();
    assert_eq!(envs.len(), 3, "three aliases in the cache: {envs:?}");
    // msal-node shows no username for accounts MSAL Python wrote: by id.
    let silent = |scope: &str| json!({"op": "silent", "client_id": "cli", "tenant": "t1", "home_account_id": "a11ce.t1", "scopes": [scope], "now": T0 + 60});
    let results = sdk(
        Sdk::Node,
        &cache,
        json!([silent(ARM), silent(GRAPH_READ), silent(VAULT)]),
    );
    for (scope, result) in [ARM, GRAPH_READ, VAULT].iter().zip(&results) {
        let msal = result["network"]
            .as_array()
            .unwrap()
            .is_empty()
            .then(|| result["token"].as_str().map(str::to_string))
            .flatten();
        assert!(
            msal.is_some(),
            "{scope}: msal-node served nothing: {result}"
        );
        let out = tc(&env, &cache, T0 + 60)
            .args([
                "token",
                "--client-id",
                "cli",
                "--user",
                "alice@contoso.com",
                "--scope",
                scope,
            ])
            .output()
            .unwrap();
        let ours = out.status.success().then(|| {
            String::from_utf8(out.stdout)
                .unwrap()
                .trim_end()
                .to_string()
        });
        assert_eq!(
            ours,
            msal,
            "{scope}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

// ---------------------------------------------------------------------------
// 1. Merging an older snapshot
// ---------------------------------------------------------------------------

/// Yesterday's snapshot merged into today's cache leaves today's cache as
/// the SDK wrote it — the newer ID token (by `iat`), refresh token (MSAL
/// Python by `last_modification_time`, msal-node's by its sign-in's access
/// tokens), account and app metadata — and the SDK then refreshes with
/// today's refresh token. Merging today's into yesterday's gives today's.
fn merge_keeps_what_the_sdk_keeps(sdk_kind: Sdk) {
    let env = Env::new();
    let today = env.dir.path().join("today.json");
    let yesterday = env.dir.path().join("yesterday.json");
    let t1 = T0 - 86_400;
    sdk(
        sdk_kind,
        &today,
        json!([signin("cli", "t1", "alice@contoso.com", &[ARM], t1)]),
    );
    std::fs::copy(&today, &yesterday).unwrap();
    sdk(
        sdk_kind,
        &today,
        json!([signin("cli", "t1", "alice@contoso.com", &[ARM], T0)]),
    );
    let today_doc = read(&today);
    assert_ne!(today_doc, read(&yesterday));
    let todays_rt = today_doc["RefreshToken"]
        .as_object()
        .unwrap()
        .values()
        .next()
        .unwrap()["secret"]
        .clone();

    // Yesterday into today: nothing older comes back.
    let merged = env.dir.path().join("merged.json");
    std::fs::copy(&today, &merged).unwrap();
    tc(&env, &merged, T0)
        .args(["write", "--merge", "--input"])
        .arg(&yesterday)
        .assert()
        .success();
    assert_eq!(
        read(&merged),
        today_doc,
        "{sdk_kind:?}: yesterday's snapshot changed today's cache"
    );
    // And the SDK, needing a refresh, sends today's refresh token.
    let refresh = json!([{"op": "silent", "client_id": "cli", "tenant": "t1", "username": "alice@contoso.com",
                          "scopes": [ARM], "now": T0 + 60, "force_refresh": true}]);
    let result = &sdk(sdk_kind, &merged, refresh.clone())[0];
    assert_eq!(
        result["network"][0]["refresh_token"], todays_rt,
        "{sdk_kind:?}: {result}"
    );

    // Today into yesterday: every entry of today's sign-in wins.
    let merged = env.dir.path().join("merged2.json");
    std::fs::copy(&yesterday, &merged).unwrap();
    tc(&env, &merged, T0)
        .args(["write", "--merge", "--input"])
        .arg(&today)
        .assert()
        .success();
    let doc = read(&merged);
    for section in ["RefreshToken", "IdToken", "Account", "AppMetadata"] {
        assert_eq!(doc[section], today_doc[section], "{sdk_kind:?} {section}");
    }
    let result = &sdk(sdk_kind, &merged, refresh)[0];
    assert_eq!(
        result["network"][0]["refresh_token"], todays_rt,
        "{sdk_kind:?}: {result}"
    );
}

#[test]
fn merging_an_older_msal_python_snapshot_keeps_the_newer_entries() {
    require_sdk!(Sdk::Python);
    merge_keeps_what_the_sdk_keeps(Sdk::Python);
}

#[test]
fn merging_an_older_msal_node_snapshot_keeps_the_newer_entries() {
    require_sdk!(Sdk::Node);
    merge_keeps_what_the_sdk_keeps(Sdk::Node);
}

// ---------------------------------------------------------------------------
// 2. remove --user U --client-id C is remove_account in app C
// ---------------------------------------------------------------------------

/// Alice signed in with a family app (cli), another family app (vs) and a
/// third-party app (third); Bob with cli.
fn signed_in_everywhere(sdk_kind: Sdk, cache: &Path) {
    sdk(
        sdk_kind,
        cache,
        json!([
            signin("cli", "t1", "alice@contoso.com", &[ARM], T0),
            signin("vs", "t1", "alice@contoso.com", &[VAULT], T0),
            signin(
                "third",
                "t1",
                "alice@contoso.com",
                &["api://third/access"],
                T0
            ),
            signin("cli", "t1", "bob@contoso.com", &[ARM], T0),
        ]),
    );
}

/// Remove on two copies of the cache at `by_msal`: the SDK's `remove` op
/// (alice, from `client`, on `host` if given) on the original, `tokencache
/// remove ARGS` on a copy; (theirs, ours).
fn removed_by_both(
    sdk_kind: Sdk,
    env: &Env,
    by_msal: &Path,
    client: &str,
    host: Option<&str>,
    args: &[&str],
) -> (Value, Value) {
    let by_us = env.dir.path().join("tokencache.json");
    std::fs::copy(by_msal, &by_us).unwrap();
    let mut op = json!({"op": "remove", "client_id": client, "tenant": "t1", "username": "alice@contoso.com", "now": T0});
    if let Some(host) = host {
        op["host"] = json!(host);
    }
    sdk(sdk_kind, by_msal, json!([op]));
    tc(env, &by_us, T0)
        .arg("remove")
        .args(args)
        .assert()
        .success();
    (read(by_msal), read(&by_us))
}

#[test]
fn remove_user_and_client_is_msal_python_remove_account() {
    require_sdk!(Sdk::Python);
    for client in ["third", "cli"] {
        let env = Env::new();
        let by_msal = env.dir.path().join("msal.json");
        signed_in_everywhere(Sdk::Python, &by_msal);
        let args = ["--user", "alice@contoso.com", "--client-id", client];
        let (theirs, ours) = removed_by_both(Sdk::Python, &env, &by_msal, client, None, &args);
        assert_eq!(ours, theirs, "remove_account in {client}");
        let family_rt_kept = theirs["RefreshToken"]
            .as_object()
            .unwrap()
            .values()
            .any(|rt| rt["family_id"] == "1" && rt["home_account_id"] == "a11ce.t1");
        assert_eq!(
            family_rt_kept,
            client == "third",
            "a non-family app keeps the family refresh token, a family app removes it"
        );
    }
}

/// msal-node's `removeAccount` removes all of the account's tokens (every
/// app's) in its environment, from any app: that is `remove --user U`.
#[test]
fn remove_user_is_msal_node_remove_account() {
    require_sdk!(Sdk::Node);
    let env = Env::new();
    let by_msal = env.dir.path().join("msal.json");
    signed_in_everywhere(Sdk::Node, &by_msal);
    let args = ["--user", "alice@contoso.com"];
    let (theirs, ours) = removed_by_both(Sdk::Node, &env, &by_msal, "third", None, &args);
    assert_eq!(ours, theirs);
}

/// `remove --client-id third` keeps third's AppMetadata, so MSAL Python's
/// "third" then knows it is not in the family and does not try the family
/// refresh token; remove the AppMetadata too and it does.
#[test]
fn remove_client_keeps_app_metadata_so_msal_tries_no_family_refresh() {
    require_sdk!(Sdk::Python);
    let env = Env::new();
    let cache = env.dir.path().join("c.json");
    signed_in_everywhere(Sdk::Python, &cache);
    tc(&env, &cache, T0)
        .args(["remove", "--client-id", "third"])
        .assert()
        .success();
    let doc = read(&cache);
    assert!(doc["AppMetadata"]
        .as_object()
        .unwrap()
        .values()
        .any(|m| m["client_id"] == "third"));
    let silent = json!([{"op": "silent", "client_id": "third", "tenant": "t1", "username": "alice@contoso.com",
                         "scopes": ["api://third/access"], "now": T0 + 60}]);
    let result = &sdk(Sdk::Python, &cache, silent.clone())[0];
    assert_eq!(result["token"], Value::Null);
    assert_eq!(
        result["network"],
        json!([]),
        "MSAL tried a refresh it should not: {result}"
    );
    // Why the AppMetadata is kept: without it, MSAL tries
    // the family refresh token for a non-family app.
    tc(&env, &cache, T0)
        .args(["remove", "--client-id", "third", "--section", "AppMetadata"])
        .assert()
        .success();
    let result = &sdk(Sdk::Python, &cache, silent)[0];
    let sent = result["network"][0]["refresh_token"].as_str().unwrap_or("");
    assert!(sent.starts_with("rt|cli|alice"), "{result}");
}

// ---------------------------------------------------------------------------
// 3. App-only tokens
// ---------------------------------------------------------------------------

#[test]
fn app_only_tokens_from_both_sdks_are_shown_as_such() {
    for sdk_kind in [Sdk::Python, Sdk::Node] {
        require_sdk!(sdk_kind);
        let env = Env::new();
        let cache = env.dir.path().join("app.json");
        sdk(
            sdk_kind,
            &cache,
            json!([{"op": "client_credentials", "client_id": "daemon", "tenant": "t1", "scopes": ["api://daemon/.default"], "now": T0}]),
        );
        let out = tc(&env, &cache, T0)
            .args(["--json", "inspect"])
            .output()
            .unwrap();
        assert!(out.status.success());
        let summary: Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(summary["warnings"], json!([]), "{sdk_kind:?}");
        assert_eq!(
            summary["access_tokens"][0]["app_only"], true,
            "{sdk_kind:?}"
        );
        let text = tc(&env, &cache, T0).arg("inspect").output().unwrap();
        let text = String::from_utf8(text.stdout).unwrap();
        assert!(text.contains("app-only (client credentials)"), "{text}");
        assert!(!text.contains("warning"), "{text}");
    }
}

// ---------------------------------------------------------------------------
// 4. The expiry boundary
// ---------------------------------------------------------------------------

/// MSAL Python drops an access token once `expires_on < now`
/// (`TokenCache.search`): at `now == expires_on` it stays, a second later it
/// goes. `--prune-expired` and `inspect` draw the line in the same place.
#[test]
fn expiry_boundary_is_msal_pythons() {
    require_sdk!(Sdk::Python);
    let env = Env::new();
    let cache = env.dir.path().join("c.json");
    sdk(
        Sdk::Python,
        &cache,
        json!([signin("cli", "t1", "alice@contoso.com", &[ARM], T0)]),
    );
    let expires_on = T0 + 3600;
    for now in [expires_on, expires_on + 1] {
        let by_msal = env.dir.path().join(format!("msal-{now}.json"));
        let by_us = env.dir.path().join(format!("tc-{now}.json"));
        std::fs::copy(&cache, &by_msal).unwrap();
        std::fs::copy(&cache, &by_us).unwrap();
        sdk(
            Sdk::Python,
            &by_msal,
            json!([{"op": "search_at", "now": now}]),
        );
        tc(&env, &by_us, now)
            .args(["write", "--merge", "--prune-expired"])
            .write_stdin("{}")
            .assert()
            .success();
        let theirs = read(&by_msal)["AccessToken"].clone();
        assert_eq!(
            read(&by_us)["AccessToken"],
            theirs,
            "now = expires_on + {}",
            now - expires_on
        );
        assert_eq!(
            theirs.as_object().unwrap().len(),
            usize::from(now == expires_on)
        );
        let out = tc(&env, &cache, now)
            .args(["--json", "inspect"])
            .output()
            .unwrap();
        let summary: Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(summary["access_tokens"][0]["expired"], now > expires_on);
    }
}

/// MSAL Python's `remove_account` works in the app's own environment only:
/// `remove --user U --client-id C --environment E` is exactly it, for an
/// app whose authority is on host E; tokens of the same user in an alias
/// environment (`login.windows.net` next to `login.microsoftonline.com`)
/// stay. Without `--environment` every environment of the user is signed
/// out (the README says so).
#[test]
fn remove_with_environment_is_msal_python_remove_account_in_its_own_environment() {
    require_sdk!(Sdk::Python);
    for host in ["login.microsoftonline.com", "login.windows.net"] {
        let env = Env::new();
        let by_msal = env.dir.path().join("msal.json");
        signed_in_everywhere(Sdk::Python, &by_msal);
        sdk(
            Sdk::Python,
            &by_msal,
            json!([{"op": "signin", "client_id": "cli", "tenant": "t1", "username": "alice@contoso.com",
                    "scopes": [GRAPH_READ], "now": T0, "host": "login.windows.net"}]),
        );
        let args = [
            "--user",
            "alice@contoso.com",
            "--client-id",
            "cli",
            "--environment",
            host,
        ];
        let (theirs, ours) = removed_by_both(Sdk::Python, &env, &by_msal, "cli", Some(host), &args);
        assert_eq!(ours, theirs, "remove_account on {host}");
        // The other environment's account is still there.
        let other_env_kept = theirs["Account"]
            .as_object()
            .unwrap()
            .values()
            .any(|a| a["home_account_id"] == "a11ce.t1" && a["environment"] != host);
        assert!(other_env_kept, "{host}");
    }
}

/// msal-node's `removeAccount` removes the tokens of the account's own
/// environment: tokens of the same user in an environment where the cache
/// has no `Account` entry for them stay, and `remove --user U` keeps them
/// too.
#[test]
fn remove_user_keeps_tokens_where_the_user_has_no_account_entry_as_msal_node() {
    require_sdk!(Sdk::Node);
    let env = Env::new();
    let by_msal = env.dir.path().join("msal.json");
    signed_in_everywhere(Sdk::Node, &by_msal);
    sdk(
        Sdk::Node,
        &by_msal,
        json!([{"op": "signin", "client_id": "cli", "tenant": "t1", "username": "alice@contoso.com",
                "scopes": [GRAPH_READ], "now": T0, "host": "login.microsoftonline.us"}]),
    );
    // Alice's tokens in the US cloud, without her Account entry there.
    let mut doc = read(&by_msal);
    let accounts = doc["Account"].as_object_mut().unwrap();
    let before = accounts.len();
    accounts.retain(|_, a| a["environment"] != "login.microsoftonline.us");
    assert_eq!(accounts.len(), before - 1);
    std::fs::write(&by_msal, doc.to_string()).unwrap();
    let args = ["--user", "alice@contoso.com"];
    let (theirs, ours) = removed_by_both(Sdk::Node, &env, &by_msal, "third", None, &args);
    assert_eq!(ours, theirs);
    let us_tokens_kept = theirs["AccessToken"]
        .as_object()
        .unwrap()
        .values()
        .any(|t| t["environment"] == "login.microsoftonline.us");
    assert!(us_tokens_kept, "msal-node keeps them");
}

/// The one timestamp rule (`entry::parse_time`) against both SDKs: for
/// each way of writing `expires_on`, `token` serves exactly when MSAL
/// Python's `acquire_token_silent` and msal-node's `acquireTokenSilent`
/// both serve from the cache and read the same time. Where they disagree
/// (`"1e30"`: msal-node serves, MSAL Python raises `ValueError`), both
/// refuse, or both serve but read different times (20 digits: `int()` keeps
/// them exact, `Number()` rounds them), `token` does not serve.
#[test]
fn an_expiry_is_a_time_exactly_when_both_sdks_read_it_alike() {
    require_sdk!(Sdk::Python);
    require_sdk!(Sdk::Node);
    let exp = (T0 + 3600).to_string();
    // (expires_on, MSAL Python serves, msal-node serves, both read the same
    // time: Python's int() and JavaScript's Number() agree on it)
    let cases: [(Value, bool, bool, bool); 9] = [
        (json!(exp), true, true, true),
        (json!(format!(" {exp} ")), true, true, true),
        (json!(format!("+{exp}")), true, true, true),
        (json!(format!("{exp}.5")), false, true, false),
        (json!("1e30"), false, true, false),
        (json!("Infinity"), false, true, false),
        (json!("inf"), false, false, false),
        (json!("1_700_003_600"), true, false, false),
        (json!("99999999999999999999"), true, true, false),
    ];
    for (expires_on, py_serves, node_serves, alike) in cases {
        let env = Env::new();
        let cache = env.dir.path().join("c.json");
        sdk(
            Sdk::Python,
            &cache,
            json!([signin("cli", "t1", "alice@contoso.com", &[ARM], T0)]),
        );
        let mut doc = read(&cache);
        for token in doc["AccessToken"].as_object_mut().unwrap().values_mut() {
            token["expires_on"] = expires_on.clone();
        }
        std::fs::write(&cache, doc.to_string()).unwrap();
        let silent = json!([{"op": "silent", "client_id": "cli", "tenant": "t1",
                             "username": "alice@contoso.com", "scopes": [ARM], "now": T0 + 60}]);
        let served = |result: &Value| {
            result["token"].is_string() && result["network"].as_array().unwrap().is_empty()
        };
        let py = served(&sdk(Sdk::Python, &cache, silent.clone())[0]);
        let node = served(&sdk(Sdk::Node, &cache, silent)[0]);
        assert_eq!(
            (py, node),
            (py_serves, node_serves),
            "the SDKs on {expires_on}"
        );
        let out = tc(&env, &cache, T0 + 60)
            .args(["token", "--scope", ARM, "--user", "alice@contoso.com"])
            .args(["--client-id", "cli", "--tenant", "t1"])
            .output()
            .unwrap();
        let ours = match out.status.code() {
            Some(0) => true,
            Some(3) => false,
            other => panic!("{expires_on}: exit {other:?}: {}", out.stderr_text()),
        };
        assert_eq!(ours, py && node && alike, "tokencache on {expires_on}");
    }
}
