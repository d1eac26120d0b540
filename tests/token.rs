//! `token` through the real binary: the token alone on stdout, `--json`,
//! exit 3 with one line saying what was found instead, exit 4 listing the
//! accounts masked, never a refresh token, under the lock, and on the other
//! stores and presets. (Agreement with the SDKs themselves: tests/msal.rs.)

use std::process::{Command as StdCommand, Stdio};
use std::time::Duration;

use serde_json::{json, Value};

use crate::support::{Env, OutputExt};

pub(crate) const NOW: i64 = 1_700_000_000;
pub(crate) const ARM: &str = "https://management.azure.com/.default";
const ARM_TARGET: &str =
    "https://management.azure.com/user_impersonation https://management.azure.com/.default";

fn at(home: &str, client: &str, realm: &str, target: &str, secret: &str, exp: i64) -> Value {
    json!({"credential_type": "AccessToken", "secret": secret, "home_account_id": home,
           "environment": "login.microsoftonline.com", "client_id": client, "realm": realm,
           "target": target, "token_type": "Bearer", "cached_at": (NOW - 60).to_string(),
           "expires_on": exp.to_string(), "extended_expires_on": exp.to_string()})
}

fn account(home: &str, username: &str) -> Value {
    let realm = home.split('.').nth(1).unwrap();
    json!({"home_account_id": home, "environment": "login.microsoftonline.com", "realm": realm,
           "local_account_id": home.split('.').next().unwrap(), "username": username,
           "authority_type": "MSSTS"})
}

/// Alice (home tenant `t1`) and Bob, each with an ARM token; Alice also a
/// refresh token for every scope there is, and an expired Graph token.
pub(crate) fn cache() -> Value {
    json!({
        "AccessToken": {
            "a-arm": at("alice.t1", "cli", "t1", ARM_TARGET, "alice-arm-token", NOW + 3600),
            "a-graph": at("alice.t1", "cli", "t1", "https://graph.microsoft.com/User.Read", "alice-graph-token", NOW - 120),
            "b-arm": at("bob.t1", "cli", "t1", ARM_TARGET, "bob-arm-token", NOW + 1800)
        },
        "RefreshToken": {
            "a-rt": {"credential_type": "RefreshToken", "secret": "alice-refresh-token", "home_account_id": "alice.t1",
                     "environment": "login.microsoftonline.com", "client_id": "cli", "target": "https://vault.azure.net/.default"}
        },
        "Account": {
            "a": account("alice.t1", "alice@contoso.com"),
            "b": account("bob.t1", "bob@contoso.com")
        },
        "AppMetadata": {}
    })
}

pub(crate) fn put(env: &Env, doc: &Value) {
    env.put(doc.to_string().as_bytes());
}

fn token(env: &Env, args: &[&str]) -> std::process::Output {
    env.file_cmd()
        .env("TOKENCACHE_NOW", NOW.to_string())
        .arg("token")
        .args(args)
        .output()
        .unwrap()
}

#[test]
fn prints_the_token_alone_and_json_describes_it() {
    let env = Env::new();
    put(&env, &cache());
    let before = env.stored().unwrap();
    let out = token(&env, &["--scope", ARM, "--user", "ALICE@contoso.com"]);
    assert!(out.status.success(), "{}", out.stderr_text());
    assert_eq!(out.stdout, b"alice-arm-token\n");
    assert!(out.stderr.is_empty(), "{}", out.stderr_text());
    let out = env
        .file_cmd()
        .env("TOKENCACHE_NOW", NOW.to_string())
        .args([
            "--json",
            "token",
            "--scope",
            ARM,
            "--home-account-id",
            "bob.t1",
        ])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", out.stderr_text());
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["access_token"], "bob-arm-token");
    assert_eq!(v["expires_on"], NOW + 1800);
    assert_eq!(v["expires_in"], 1800);
    assert_eq!(v["client_id"], "cli");
    assert_eq!(v["tenant"], "t1");
    assert_eq!(
        v["account"],
        json!({"home_account_id": "bob.t1", "username": "bob@contoso.com", "app_only": false})
    );
    assert_eq!(
        v["scopes"],
        json!([
            "https://management.azure.com/user_impersonation",
            "https://management.azure.com/.default"
        ])
    );
    assert_eq!(env.stored().unwrap(), before, "token never writes");
}

#[test]
fn no_token_is_exit_3_saying_what_was_found_with_a_hint() {
    let env = Env::new();
    put(&env, &cache());
    let cases: [(&[&str], &str); 5] = [
        (
            &["--scope", "https://graph.microsoft.com/User.Read", "--user", "alice@contoso.com"],
            "found a matching access token that expired 2 min ago\nhint: a sign-in in the owning app (client cli) refreshes it",
        ),
        (
            &["--scope", ARM, "--user", "alice@contoso.com", "--min-validity", "2h"],
            "expires in 1 h, within --min-validity 2 h",
        ),
        (
            &["--scope", "https://vault.azure.net/.default", "--user", "alice@contoso.com"],
            "found access tokens for other scopes only",
        ),
        (
            &["--scope", ARM, "--user", "alice@contoso.com", "--tenant", "t2"],
            "another tenant (t1; pass --tenant",
        ),
        (
            &["--scope", ARM, "--user", "carol@contoso.com"],
            "no account named carol@contoso.com; the cache has al***@contoso.com, bo***@contoso.com",
        ),
    ];
    for (args, needle) in cases {
        let out = token(&env, args);
        assert_eq!(
            out.status.code(),
            Some(3),
            "{args:?}: {}",
            out.stderr_text()
        );
        assert!(out.stdout.is_empty());
        let err = out.stderr_text();
        // The message, then what to do on a `hint:` line, as every error.
        assert_eq!(err.lines().count(), 2, "two lines: {err}");
        assert!(
            err.lines()
                .nth(1)
                .unwrap()
                .starts_with("hint: a sign-in in the "),
            "{err}"
        );
        assert!(
            err.starts_with("tokencache: no cached access token to serve for "),
            "{err}"
        );
        assert!(err.contains(needle), "{args:?}: {err}");
        for secret in [
            "alice-arm-token",
            "bob-arm-token",
            "alice-refresh-token",
            "alice-graph-token",
        ] {
            assert!(!err.contains(secret), "{err}");
        }
    }
    // --json: the same as one JSON object.
    let out = env
        .file_cmd()
        .env("TOKENCACHE_NOW", NOW.to_string())
        .args([
            "--json",
            "token",
            "--scope",
            "https://vault.azure.net/.default",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3));
    let v: Value = serde_json::from_str(out.stderr_text().trim()).unwrap();
    assert_eq!(v["error"]["code"], "no_token");
    // No cache at all is exit 3 too.
    let empty = Env::new();
    assert_eq!(token(&empty, &["--scope", ARM]).status.code(), Some(3));
}

#[test]
fn never_a_refresh_token() {
    // A refresh token for exactly the scopes asked for is no access token.
    let env = Env::new();
    let mut doc = cache();
    doc["AccessToken"] = json!({});
    put(&env, &doc);
    let out = token(&env, &["--scope", "https://vault.azure.net/.default"]);
    assert_eq!(out.status.code(), Some(3));
    assert!(out.stdout.is_empty());
    assert!(
        out.stderr_text().contains("no access token at all"),
        "{}",
        out.stderr_text()
    );
    assert!(!out.stderr_text().contains("alice-refresh-token"));
}

#[test]
fn several_accounts_are_exit_4_listing_them_masked() {
    let env = Env::new();
    put(&env, &cache());
    let out = token(&env, &["--scope", ARM]);
    assert_eq!(out.status.code(), Some(4), "{}", out.stderr_text());
    assert!(out.stdout.is_empty());
    let err = out.stderr_text();
    assert!(
        err.contains("2 accounts have a cached access token for https://management.azure.com/.default: al***@contoso.com (--home-account-id alice.t1); bo***@contoso.com (--home-account-id bob.t1)"),
        "{err}"
    );
    assert!(
        err.contains("hint: choose one with --home-account-id ID as listed"),
        "{err}"
    );
    assert!(
        !err.contains("alice@contoso.com") && !err.contains("-token"),
        "{err}"
    );
}

#[test]
fn bad_requests_are_usage_errors() {
    let env = Env::new();
    put(&env, &cache());
    assert_eq!(
        token(&env, &["--scope", "openid profile"]).status.code(),
        Some(2)
    );
    assert_eq!(
        token(&env, &[]).status.code(),
        Some(2),
        "--scope is required"
    );
    assert_eq!(
        token(
            &env,
            &["--scope", ARM, "--user", "a", "--home-account-id", "b"]
        )
        .status
        .code(),
        Some(2)
    );
    assert_eq!(
        token(&env, &["--scope", ARM, "--min-validity", "soon"])
            .status
            .code(),
        Some(2)
    );
}

#[test]
fn reads_under_the_lock() {
    let env = Env::new();
    put(&env, &cache());
    // A live process holds the lock (the msal-node-extensions way: a lock
    // file naming its pid): token waits for it, and gives up at the timeout.
    let mut holder = StdCommand::new("sleep")
        .arg("30")
        .stdin(Stdio::null())
        .spawn()
        .unwrap();
    std::fs::write(env.lock_path(), holder.id().to_string()).unwrap();
    let out = env
        .file_cmd()
        .env("TOKENCACHE_NOW", NOW.to_string())
        .args([
            "--lock-timeout",
            "300ms",
            "token",
            "--scope",
            ARM,
            "--user",
            "bob@contoso.com",
        ])
        .timeout(Duration::from_secs(30))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(6), "{}", out.stderr_text());
    assert!(out.stdout.is_empty());
    std::fs::remove_file(env.lock_path()).unwrap();
    let out = token(&env, &["--scope", ARM, "--user", "bob@contoso.com"]);
    assert_eq!(out.stdout, b"bob-arm-token\n");
    holder.kill().unwrap();
    holder.wait().unwrap();
}

#[test]
fn the_azure_cli_preset_headline() {
    let env = Env::new();
    let path = env.home().join(".azure/msal_token_cache.json");
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    let mut doc = cache();
    doc["AccessToken"].as_object_mut().unwrap().remove("b-arm");
    // Azure CLI signs in with the `organizations` authority.
    doc["AccessToken"]["a-arm"]["realm"] = json!("organizations");
    std::fs::write(&path, doc.to_string()).unwrap();
    let out = env
        .cmd()
        .env("TOKENCACHE_NOW", NOW.to_string())
        .args(["--preset", "azure-cli", "token", "--scope", ARM])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", out.stderr_text());
    assert_eq!(out.stdout, b"alice-arm-token\n");
}

#[test]
fn works_on_the_encrypted_file_store() {
    let env = Env::new();
    let key = "MDEyMzQ1Njc4OTAxMjM0NTY3ODkwMTIzNDU2Nzg5MDE=";
    let run = |args: &[&str], stdin: Option<String>| {
        let mut c = env.cmd();
        c.env("TOKENCACHE_STORE", "encrypted-file")
            .env("TOKENCACHE_CACHE_PATH", env.cache_path())
            .env("TOKENCACHE_KEY", key)
            .env("TOKENCACHE_NOW", NOW.to_string())
            .args(args);
        if let Some(s) = stdin {
            c.write_stdin(s);
        }
        c.output().unwrap()
    };
    let out = run(&["write"], Some(cache().to_string()));
    assert!(out.status.success(), "{}", out.stderr_text());
    let out = run(
        &["token", "--scope", ARM, "--user", "alice@contoso.com"],
        None,
    );
    assert!(out.status.success(), "{}", out.stderr_text());
    assert_eq!(out.stdout, b"alice-arm-token\n");
}

/// One timestamp rule (entry::parse_time): an `expires_on` the two MSAL
/// SDKs do not read alike (MSAL Python's `int()` refuses it, msal-node's
/// `Number()` reads it) is no expiry for `token`, `inspect` and
/// `--prune-expired` alike: not served, shown as unreadable, never pruned.
#[test]
fn an_expiry_msal_does_not_read_alike_is_no_expiry_for_any_command() {
    for exp in [
        "1700003600.5",
        "1e30",
        "inf",
        "Infinity",
        "99999999999999999999",
    ] {
        let env = Env::new();
        let mut doc = cache();
        doc["AccessToken"]["a-arm"]["expires_on"] = json!(exp);
        put(&env, &doc);
        let out = token(&env, &["--scope", ARM, "--user", "alice@contoso.com"]);
        assert_eq!(out.status.code(), Some(3), "{exp}: {}", out.stderr_text());
        assert!(
            out.stderr_text()
                .contains("a matching access token with no readable expires_on"),
            "{exp}: {}",
            out.stderr_text()
        );
        let out = env
            .file_cmd()
            .env("TOKENCACHE_NOW", NOW.to_string())
            .args(["--json", "inspect"])
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", out.stderr_text());
        let v: Value = serde_json::from_slice(&out.stdout).unwrap();
        let shown = v["access_tokens"]
            .as_array()
            .unwrap()
            .iter()
            .find(|t| t["key"] == "a-arm")
            .unwrap();
        assert_eq!(shown["expires_on"], Value::Null, "{exp}");
        assert!(
            v["warnings"]
                .to_string()
                .contains("AccessToken entry \\\"a-arm\\\" has no readable expires_on"),
            "{exp}: {}",
            v["warnings"]
        );
        // Far in the future every readable expiry has passed; this one is
        // not known to have, so it stays.
        let out = env
            .file_cmd()
            .env("TOKENCACHE_NOW", (NOW + 10_000_000).to_string())
            .args(["--json", "write", "--merge", "--prune-expired"])
            .write_stdin("{}")
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", out.stderr_text());
        let kept: Value = serde_json::from_slice(&env.stored().unwrap()).unwrap();
        assert!(kept["AccessToken"].get("a-arm").is_some(), "{exp}");
        assert!(kept["AccessToken"].get("b-arm").is_none(), "{exp}");
    }
}

/// `token` serves only what MSAL's silent acquisition would: a user's token
/// only for an account with an `Account` entry, from the account's cloud
/// (an app-only token: from a known cloud), with the home tenant read from
/// the home account id (or, without a tenant part, the account's own realm,
/// never any realm), and home account ids compared exactly.
#[test]
fn serves_only_what_msal_would() {
    const API: &str = "api://x/.default";
    let env = Env::new();
    let mut doc = cache();
    // Carol has tokens but no Account entry: MSAL lists no such account.
    doc["AccessToken"] = json!({});
    doc["AccessToken"]["c-api"] = at("carol.t1", "cli", "t1", API, "carol-token", NOW + 3600);
    let mut evil = at("carol.t1", "cli", "t1", API, "evil-cloud-token", NOW + 3600);
    evil["environment"] = json!("login.evil.example");
    doc["AccessToken"]["c-evil"] = evil;
    put(&env, &doc);
    let out = token(&env, &["--scope", API]);
    assert_eq!(out.status.code(), Some(3), "{}", out.stderr_text());
    assert!(
        out.stderr_text().contains("which has no Account entry"),
        "{}",
        out.stderr_text()
    );
    let out = token(&env, &["--scope", API, "--home-account-id", "carol.t1"]);
    assert_eq!(out.status.code(), Some(3), "{}", out.stderr_text());

    // An app-only token from a host that is no known cloud.
    let mut app = at("", "daemon", "t1", API, "evil-app-token", NOW + 3600);
    app["environment"] = json!("login.evil.example");
    let doc = json!({"AccessToken": {"app": app}, "Account": {}});
    put(&env, &doc);
    let out = token(&env, &["--scope", API, "--app-only"]);
    assert_eq!(out.status.code(), Some(3), "{}", out.stderr_text());
    assert!(
        out.stderr_text()
            .contains("another cloud (login.evil.example)"),
        "{}",
        out.stderr_text()
    );

    // An app-only token that names no cloud at all: the explanation says
    // so, not "another cloud ()".
    let mut app = at("", "daemon", "t1", API, "no-cloud-token", NOW + 3600);
    app.as_object_mut().unwrap().remove("environment");
    let doc = json!({"AccessToken": {"app": app}, "Account": {}});
    put(&env, &doc);
    let out = token(&env, &["--scope", API, "--app-only"]);
    assert_eq!(out.status.code(), Some(3), "{}", out.stderr_text());
    assert!(
        out.stderr_text()
            .contains("an access token that names no cloud"),
        "{}",
        out.stderr_text()
    );
    assert!(!out.stderr_text().contains("()"), "{}", out.stderr_text());

    // A home account id without a tenant part (ADFS): its home realm is its
    // Account entry's, not any realm.
    let mut doc = cache();
    let mut adfs = account("dave.x", "dave@fabrikam.com");
    adfs["home_account_id"] = json!("dave");
    adfs["realm"] = json!("adfs");
    doc["Account"]["d"] = adfs;
    doc["AccessToken"]["d-other"] = at(
        "dave",
        "cli",
        "someone-else",
        API,
        "dave-other-realm",
        NOW + 3600,
    );
    put(&env, &doc);
    let out = token(&env, &["--scope", API, "--user", "dave@fabrikam.com"]);
    assert_eq!(out.status.code(), Some(3), "{}", out.stderr_text());
    assert!(
        out.stderr_text().contains("another tenant (someone-else"),
        "{}",
        out.stderr_text()
    );
    doc["AccessToken"]["d-adfs"] = at("dave", "cli", "adfs", API, "dave-adfs", NOW + 3000);
    put(&env, &doc);
    let out = token(&env, &["--scope", API, "--user", "dave@fabrikam.com"]);
    assert!(out.status.success(), "{}", out.stderr_text());
    assert_eq!(out.stdout, b"dave-adfs\n");

    // Home account ids exactly, as MSAL compares them.
    put(&env, &cache());
    let out = token(&env, &["--scope", ARM, "--home-account-id", "ALICE.T1"]);
    assert_eq!(out.status.code(), Some(3), "{}", out.stderr_text());
    let out = token(&env, &["--scope", ARM, "--home-account-id", "alice.t1"]);
    assert_eq!(out.stdout, b"alice-arm-token\n", "{}", out.stderr_text());
}

/// Without `--user`, `token` never switches to another application's
/// app-only (client credentials) token once the user's has expired: such a
/// token only with `--app-only`, and the exit-3 message says so.
#[test]
fn app_only_tokens_only_with_app_only() {
    let env = Env::new();
    let doc = json!({
        "AccessToken": {
            "a-arm": at("alice.t1", "cli", "t1", ARM_TARGET, "alice-arm-token", NOW - 60),
            "app": at("", "daemon", "t1", ARM_TARGET, "daemon-app-token", NOW + 3600)
        },
        "Account": {"a": account("alice.t1", "alice@contoso.com")}
    });
    put(&env, &doc);
    let out = token(&env, &["--scope", ARM]);
    assert_eq!(out.status.code(), Some(3), "{}", out.stderr_text());
    assert!(out.stdout.is_empty());
    assert!(
        out.stderr_text()
            .contains("found a matching access token that expired 1 min ago"),
        "{}",
        out.stderr_text()
    );
    // Only the app-only token left: the message points at --app-only.
    let doc = json!({
        "AccessToken": {"app": at("", "daemon", "t1", ARM_TARGET, "daemon-app-token", NOW + 3600)},
        "Account": {"a": account("alice.t1", "alice@contoso.com")}
    });
    put(&env, &doc);
    let out = token(&env, &["--scope", ARM]);
    assert_eq!(out.status.code(), Some(3), "{}", out.stderr_text());
    assert!(
        out.stderr_text().contains("app-only (client credentials) access token, of client daemon, which tokencache serves only with --app-only"),
        "{}",
        out.stderr_text()
    );
    let out = token(&env, &["--scope", ARM, "--app-only"]);
    assert!(out.status.success(), "{}", out.stderr_text());
    assert_eq!(out.stdout, b"daemon-app-token\n");
    let out = token(
        &env,
        &["--scope", ARM, "--app-only", "--user", "alice@contoso.com"],
    );
    assert_eq!(out.status.code(), Some(2), "{}", out.stderr_text());
}
