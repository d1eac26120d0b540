//! `token --refresh` against a fake Entra ID over HTTPS on loopback
//! (tests/peers/fake_entra.py, with a CA made here and trusted through
//! `SSL_CERT_FILE`), with the real MSAL Python signing in over the same
//! HTTPS, refreshing the same cache for comparison, and serving what
//! tokencache wrote (as does msal-node, through its own network layer). The endpoint logs every request, so "nothing was
//! sent" is counted, not assumed.
//!
//! Needs python3 and openssl, and the MSAL Python peer (`bash
//! tests/peers/install.sh`) for the tests that sign in.

use std::path::Path;
use std::process::{Child, Command as StdCommand, Output, Stdio};
use std::time::{Duration, Instant};

use serde_json::{json, Value};

use crate::support::entra::{driver, msal_node_installed, Entra, ALICE, CLI, TENANT};
use crate::support::{peers_dir, Env, OutputExt};
use crate::{require, require_entra};

const VS: &str = "872cd9fa-d31f-45e0-9eab-6e460a02d1f1";
const OTHER: &str = "11111111-2222-3333-4444-555555555555";
const GRAPH: &str = "https://graph.microsoft.com/User.Read";
const ARM: &str = "https://management.azure.com/.default";

fn json_of(path: &Path) -> Value {
    serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap()
}

fn no_token_text(out: &Output) {
    let all = format!("{}{}", out.stdout_text(), out.stderr_text());
    assert!(
        !all.contains("at|") && !all.contains("rt|"),
        "a token in the output: {all}"
    );
}

#[test]
fn without_refresh_nothing_is_sent() {
    require_entra!();
    let env = Env::new();
    let entra = Entra::start(&env);
    let cache = env.cache_path();
    entra.signed_in(&env, &cache, CLI, &[GRAPH]);
    let before = entra.requests().len();
    let stored = std::fs::read(&cache).unwrap();
    for refresh in [None, Some("0")] {
        let mut c = entra.tokencache(
            &env,
            &cache,
            &["token", "--scope", GRAPH, "--authority", &entra.authority()],
        );
        match refresh {
            Some(v) => c.env("TOKENCACHE_REFRESH", v),
            None => c.env_remove("TOKENCACHE_REFRESH"),
        };
        let out = c.output().unwrap();
        assert_eq!(out.status.code(), Some(3), "{}", out.stderr_text());
    }
    assert_eq!(
        entra.requests().len(),
        before,
        "no request without --refresh"
    );
    assert_eq!(std::fs::read(&cache).unwrap(), stored);
}

/// The heart of it: tokencache's refresh writes what MSAL Python's own
/// refresh of the same cache writes (same entries, same fields, same
/// values at the same clock), sends the same form, and MSAL Python then
/// serves tokencache's new token from the cache without a request.
#[test]
fn a_refresh_writes_what_msal_python_writes_and_msal_serves_it() {
    require_entra!();
    require!(
        msal_node_installed(),
        "node and msal-node in target/peers/node (bash tests/peers/install.sh)"
    );
    let env = Env::new();
    let entra = Entra::start(&env);
    let ours = env.home().join("ours.json");
    let theirs = env.home().join("theirs.json");
    entra.signed_in(&env, &ours, CLI, &[GRAPH]);
    std::fs::copy(&ours, &theirs).unwrap();
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs()
        .to_string();

    let posts = entra.posts().len();
    let out = entra
        .tokencache(
            &env,
            &ours,
            &[
                "token",
                "--refresh",
                "--scope",
                GRAPH,
                "--authority",
                &entra.authority(),
                "--json",
            ],
        )
        .env("TOKENCACHE_NOW", &now)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", out.stderr_text());
    let served: Value = serde_json::from_slice(&out.stdout).unwrap();
    let new_token = served["access_token"].as_str().unwrap().to_string();
    assert!(
        new_token.starts_with(&format!("at|{CLI}|{GRAPH}|")),
        "{new_token}"
    );
    let ours_sent = entra.posts();
    assert_eq!(ours_sent.len(), posts + 1, "one request");
    let ours_sent = ours_sent.last().unwrap().clone();
    assert_eq!(ours_sent["headers"]["x-client-sku"], "tokencache");
    assert_eq!(ours_sent["path"], format!("/{TENANT}/oauth2/v2.0/token"));

    let r = entra.msal_python(
        &env,
        &theirs,
        json!([{"op": "silent", "client_id": CLI, "username": ALICE, "scopes": [GRAPH], "now": now.parse::<i64>().unwrap()}]),
    );
    assert_eq!(r[0]["token"], new_token.as_str(), "{r:?}");
    let theirs_sent = entra.posts().last().unwrap().clone();
    assert_eq!(
        ours_sent["form"], theirs_sent["form"],
        "the same form as MSAL Python's"
    );
    assert_eq!(
        json_of(&ours),
        json_of(&theirs),
        "the same cache as MSAL Python's"
    );

    // A fresh MSAL Python app serves tokencache's token, silently.
    let posts = entra.posts().len();
    let r = entra.msal_python(
        &env,
        &ours,
        json!([{"op": "silent", "client_id": CLI, "username": ALICE, "scopes": [GRAPH]}]),
    );
    assert_eq!(r[0]["token"], new_token.as_str(), "{r:?}");
    assert_eq!(entra.posts().len(), posts, "served from the cache");
    // And a fresh msal-node app (its own network layer records any
    // request; msal-node keys the cache by host without the port here).
    {
        let mut c = StdCommand::new("node");
        env.isolate(&mut c);
        let mut child = c
            .arg(driver("msal_node.mjs"))
            .arg(peers_dir().join("node/node_modules"))
            .arg(&ours)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        // By home account id: msal-node shows no username for an account
        // MSAL Python wrote.
        let script = json!({"ops": [{"op": "silent", "client_id": CLI,
            "home_account_id": served["account"]["home_account_id"],
            "tenant": TENANT, "host": "localhost", "scopes": [GRAPH],
            "now": now.parse::<i64>().unwrap() + 60}]});
        use std::io::Write as _;
        child
            .stdin
            .take()
            .unwrap()
            .write_all(script.to_string().as_bytes())
            .unwrap();
        let out = child.wait_with_output().unwrap();
        assert!(out.status.success(), "msal-node: {}", out.stderr_text());
        let r: Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(
            r[0]["token"],
            new_token.as_str(),
            "msal-node: {r} {}",
            out.stderr_text()
        );
        assert_eq!(r[0]["network"], json!([]), "msal-node sent a request: {r}");
    }
    // And so does tokencache, without --refresh.
    let out = entra
        .tokencache(&env, &ours, &["token", "--scope", GRAPH])
        .output()
        .unwrap();
    assert_eq!(out.stdout_text().trim(), new_token);
}

/// MSAL.NET (Microsoft.Identity.Client 4.83 on .NET 8, the third MSAL the
/// cache format is shared with) loads the cache tokencache refreshed with
/// `DeserializeMsalV3` and serves the new token from it: no request. Before
/// the refresh the same app has no access token to serve and must ask the
/// endpoint, so a driver that could not read the cache, or a blind request
/// log, would show here.
#[cfg(all(target_os = "linux", target_arch = "x86_64"))]
#[test]
fn msal_net_serves_the_token_a_refresh_wrote() {
    require_entra!();
    require!(
        crate::support::entra::msal_net_installed(),
        "MSAL.NET and a .NET runtime in target/peers/dotnet (apt install mono-devel, \
         then bash tests/peers/install.sh)"
    );
    let env = Env::new();
    let entra = Entra::start(&env);
    let cache = env.cache_path();
    entra.signed_in(&env, &cache, CLI, &[GRAPH]);

    let posts = entra.posts().len();
    let r = entra.msal_net(&env, &cache, CLI, ALICE, GRAPH);
    assert_eq!(r["source"], "IdentityProvider", "{r}");
    assert_eq!(r["network"].as_array().map(Vec::len), Some(1), "{r}");
    assert_eq!(entra.posts().len(), posts + 1, "{r}");
    let sent = entra.posts().last().unwrap().clone();
    assert_eq!(sent["headers"]["x-client-sku"], "MSAL.CoreCLR", "{sent}");

    let out = entra
        .token(&env, &cache, "--refresh", GRAPH)
        .arg("--json")
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", out.stderr_text());
    let served: Value = serde_json::from_slice(&out.stdout).unwrap();
    let new_token = served["access_token"].as_str().unwrap();

    let requests = entra.requests().len();
    let r = entra.msal_net(&env, &cache, CLI, ALICE, GRAPH);
    assert_eq!(r["token"], new_token, "{r}");
    assert_eq!(r["source"], "Cache", "{r}");
    assert_eq!(r["username"], ALICE, "{r}");
    assert_eq!(r["network"], json!([]), "MSAL.NET sent a request: {r}");
    assert_eq!(entra.requests().len(), requests, "served from the cache");
}

#[test]
fn five_concurrent_refreshes_send_one_request() {
    require_entra!();
    let env = Env::new();
    let entra = Entra::start(&env);
    let cache = env.cache_path();
    entra.signed_in(&env, &cache, CLI, &[GRAPH]);
    // Slow enough that all five are waiting while the first one refreshes.
    entra.configure(json!({"delay": 1.0}));
    let posts = entra.posts().len();
    let children: Vec<Child> = (0..5)
        .map(|_| {
            entra
                .token(&env, &cache, "--refresh", GRAPH)
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    let tokens: Vec<String> = children
        .into_iter()
        .map(|c| {
            let out = c.wait_with_output().unwrap();
            assert!(out.status.success(), "{}", out.stderr_text());
            out.stdout_text().trim().to_string()
        })
        .collect();
    assert!(tokens.iter().all(|t| *t == tokens[0]), "{tokens:?}");
    assert_eq!(entra.posts().len(), posts + 1, "one request for five");
}

#[test]
fn a_revoked_refresh_token_is_exit_3_and_changes_nothing() {
    require_entra!();
    let env = Env::new();
    let entra = Entra::start(&env);
    let cache = env.cache_path();
    entra.signed_in(&env, &cache, CLI, &[GRAPH]);
    let doc = json_of(&cache);
    let rt: Vec<&str> = doc["RefreshToken"]
        .as_object()
        .unwrap()
        .values()
        .map(|e| e["secret"].as_str().unwrap())
        .collect();
    entra.configure(json!({"revoked": rt}));
    let stored = std::fs::read(&cache).unwrap();
    for json in [false, true] {
        let mut args = vec!["token", "--refresh", "--scope", GRAPH];
        let authority = entra.authority();
        args.extend(["--authority", &authority]);
        if json {
            args.insert(0, "--json");
        }
        let out = entra.tokencache(&env, &cache, &args).output().unwrap();
        assert_eq!(out.status.code(), Some(3), "{}", out.stderr_text());
        let stderr = out.stderr_text();
        assert!(
            stderr.contains("AADSTS70043") && stderr.contains("invalid_grant"),
            "{stderr}"
        );
        if json {
            let e: Value = serde_json::from_str(stderr.trim()).unwrap();
            assert_eq!(e["error"]["code"], "refresh_refused");
        } else {
            assert!(
                stderr.contains(CLI),
                "names the app to sign in with: {stderr}"
            );
        }
        assert!(out.stdout.is_empty());
        no_token_text(&out);
        assert_eq!(std::fs::read(&cache).unwrap(), stored, "cache unchanged");
    }
}

#[test]
fn an_unknown_cloud_is_refused_without_authority() {
    require_entra!();
    let env = Env::new();
    let entra = Entra::start(&env);
    let cache = env.cache_path();
    // Signed in at https://localhost:PORT: the cache's environment is `localhost`.
    entra.signed_in(&env, &cache, CLI, &[GRAPH]);
    let before = entra.requests().len();
    let out = entra
        .tokencache(&env, &cache, &["token", "--refresh", "--scope", GRAPH])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", out.stderr_text());
    assert!(
        out.stderr_text().contains("not a known Microsoft cloud"),
        "{}",
        out.stderr_text()
    );
    // http:// is refused before anything is sent, too.
    let out = entra
        .tokencache(
            &env,
            &cache,
            &[
                "token",
                "--refresh",
                "--scope",
                GRAPH,
                "--authority",
                &format!("http://localhost:{}/{TENANT}", entra.port),
            ],
        )
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", out.stderr_text());
    assert_eq!(entra.requests().len(), before, "nothing sent");
}

/// FOCI: an app of the family that never signed in gets its token through
/// the family's refresh token, written as MSAL Python writes it; an app
/// outside the family is refused by the endpoint (client_mismatch) and
/// exits 3.
#[test]
fn a_family_app_gets_its_token_through_the_family_refresh_token() {
    require_entra!();
    let env = Env::new();
    let entra = Entra::start(&env);
    entra.configure(json!({"family": [CLI, VS]}));
    let ours = env.home().join("ours.json");
    let theirs = env.home().join("theirs.json");
    entra.signed_in(&env, &ours, CLI, &[ARM]);
    std::fs::copy(&ours, &theirs).unwrap();
    let family_rt = json_of(&ours)["RefreshToken"]
        .as_object()
        .unwrap()
        .values()
        .next()
        .unwrap()["secret"]
        .as_str()
        .unwrap()
        .to_string();
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs();
    let out = entra
        .tokencache(
            &env,
            &ours,
            &[
                "token",
                "--refresh",
                "--client-id",
                VS,
                "--scope",
                GRAPH,
                "--authority",
                &entra.authority(),
            ],
        )
        .env("TOKENCACHE_NOW", now.to_string())
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", out.stderr_text());
    assert!(
        out.stdout_text().starts_with(&format!("at|{VS}|")),
        "{}",
        out.stdout_text()
    );
    let sent = entra.refreshes().last().unwrap().clone();
    assert_eq!(sent["form"]["client_id"], VS);
    assert_eq!(sent["form"]["refresh_token"], family_rt.as_str());
    let r = entra.msal_python(
        &env,
        &theirs,
        json!([{"op": "silent", "client_id": VS, "username": ALICE, "scopes": [GRAPH], "now": now}]),
    );
    assert!(r[0]["token"].is_string(), "{r:?}");
    assert_eq!(
        json_of(&ours),
        json_of(&theirs),
        "the same cache as MSAL Python's"
    );
    let doc = json_of(&ours);
    assert!(
        doc["AppMetadata"]
            .as_object()
            .unwrap()
            .values()
            .any(|m| m["client_id"] == VS && m["family_id"] == "1"),
        "{doc}"
    );

    // Outside the family: the probe is refused, nothing is written.
    let stored = std::fs::read(&ours).unwrap();
    let out = entra
        .tokencache(
            &env,
            &ours,
            &[
                "token",
                "--refresh",
                "--client-id",
                OTHER,
                "--scope",
                GRAPH,
                "--authority",
                &entra.authority(),
            ],
        )
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3), "{}", out.stderr_text());
    no_token_text(&out);
    assert_eq!(std::fs::read(&ours).unwrap(), stored);
}

#[test]
fn a_5xx_or_429_is_tried_once_more_after_its_retry_after_and_a_bad_answer_stores_nothing() {
    require_entra!();
    let env = Env::new();
    let entra = Entra::start(&env);
    let cache = env.cache_path();
    entra.signed_in(&env, &cache, CLI, &[GRAPH]);
    let stored = std::fs::read(&cache).unwrap();
    let refresh = |entra: &Entra| {
        entra
            .token(&env, &cache, "--refresh", GRAPH)
            .output()
            .unwrap()
    };
    // Malformed: exit 7, nothing stored.
    entra.configure(json!({"malformed": true}));
    let out = refresh(&entra);
    assert_eq!(out.status.code(), Some(7), "{}", out.stderr_text());
    no_token_text(&out);
    assert_eq!(std::fs::read(&cache).unwrap(), stored);
    // Two 5xx: tried twice, exit 7, nothing stored.
    entra.configure(json!({"fail": 2}));
    let posts = entra.posts().len();
    let out = refresh(&entra);
    assert_eq!(out.status.code(), Some(7), "{}", out.stderr_text());
    assert_eq!(entra.posts().len(), posts + 2);
    assert_eq!(std::fs::read(&cache).unwrap(), stored);
    // One 5xx (the counter is spent by now, so one more): the retry succeeds.
    entra.configure(json!({"fail": 3}));
    let posts = entra.posts().len();
    let out = refresh(&entra);
    assert!(out.status.success(), "{}", out.stderr_text());
    assert_eq!(entra.posts().len(), posts + 2);
    // Throttled (429) with Retry-After: 1: the retry waits that second.
    let stored = std::fs::read(&cache).unwrap();
    drop_access_tokens(&entra, &env, &cache);
    entra.configure(json!({"fail": 4, "fail_status": 429, "retry_after": "1"}));
    let posts = entra.posts().len();
    let started = Instant::now();
    let out = refresh(&entra);
    assert!(out.status.success(), "{}", out.stderr_text());
    assert!(
        started.elapsed() >= Duration::from_secs(1),
        "Retry-After honoured"
    );
    assert_eq!(entra.posts().len(), posts + 2);
    // A wait longer than --network-timeout leaves: exit 7 at once, one
    // request, the cache as it was, the wait said.
    drop_access_tokens(&entra, &env, &cache);
    let stored_now = std::fs::read(&cache).unwrap();
    assert_ne!(stored_now, stored);
    entra.configure(json!({"fail": 5, "retry_after": "120"}));
    let posts = entra.posts().len();
    let started = Instant::now();
    let out = refresh(&entra);
    assert_eq!(out.status.code(), Some(7), "{}", out.stderr_text());
    assert!(
        out.stderr_text().contains("tried again in 120 s"),
        "{}",
        out.stderr_text()
    );
    assert!(started.elapsed() < Duration::from_secs(20));
    assert_eq!(entra.posts().len(), posts + 1);
    assert_eq!(std::fs::read(&cache).unwrap(), stored_now);
}

/// `remove --kind access-token` on `cache`: only a refresh gives a token.
fn drop_access_tokens(entra: &Entra, env: &Env, cache: &Path) {
    let out = entra
        .tokencache(env, cache, &["remove", "--kind", "access-token"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", out.stderr_text());
}

#[test]
fn network_tls_and_timeout_failures_are_exit_7() {
    require_entra!();
    let env = Env::new();
    let entra = Entra::start(&env);
    let cache = env.cache_path();
    entra.signed_in(&env, &cache, CLI, &[GRAPH]);
    let stored = std::fs::read(&cache).unwrap();
    // Nobody listens there.
    let closed = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    };
    let cases: Vec<(Vec<String>, Option<&str>)> = vec![
        (vec![format!("https://localhost:{closed}/{TENANT}")], None),
        // The CA not trusted: TLS fails.
        (vec![entra.authority()], Some("untrusted")),
    ];
    for (authority, mode) in cases {
        let mut c = entra.tokencache(
            &env,
            &cache,
            &[
                "token",
                "--refresh",
                "--scope",
                GRAPH,
                "--authority",
                &authority[0],
            ],
        );
        if mode == Some("untrusted") {
            c.env_remove("SSL_CERT_FILE");
        }
        let out = c.output().unwrap();
        assert_eq!(
            out.status.code(),
            Some(7),
            "{mode:?}: {}",
            out.stderr_text()
        );
        no_token_text(&out);
    }
    // Too slow: --network-timeout bounds the whole refresh.
    entra.configure(json!({"delay": 5}));
    let started = Instant::now();
    let out = entra
        .tokencache(
            &env,
            &cache,
            &[
                "token",
                "--refresh",
                "--network-timeout",
                "1s",
                "--scope",
                GRAPH,
                "--authority",
                &entra.authority(),
            ],
        )
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(7), "{}", out.stderr_text());
    assert!(
        out.stderr_text().contains("--network-timeout"),
        "{}",
        out.stderr_text()
    );
    assert!(started.elapsed() < Duration::from_secs(5));
    assert_eq!(std::fs::read(&cache).unwrap(), stored);
}

#[test]
fn force_refresh_exec_and_confidential_clients() {
    require_entra!();
    let env = Env::new();
    let entra = Entra::start(&env);
    let cache = env.cache_path();
    entra.signed_in(&env, &cache, CLI, &[GRAPH]);
    let authority = entra.authority();
    let token = |args: &[&str]| {
        let mut all = vec!["token", "--scope", GRAPH, "--authority", &authority];
        all.extend_from_slice(args);
        entra.tokencache(&env, &cache, &all).output().unwrap()
    };
    let first = token(&["--refresh"]);
    assert!(first.status.success(), "{}", first.stderr_text());
    // A valid token: --refresh sends nothing, --force-refresh asks anyway.
    let posts = entra.posts().len();
    assert_eq!(token(&["--refresh"]).stdout, first.stdout);
    assert_eq!(entra.posts().len(), posts);
    let forced = token(&["--force-refresh"]);
    assert!(forced.status.success(), "{}", forced.stderr_text());
    assert_eq!(entra.posts().len(), posts + 1);
    assert_ne!(forced.stdout, first.stdout, "a new token");
    // exec takes the same options (TOKENCACHE_REFRESH=1 here).
    std::fs::write(&cache, {
        let mut d = json_of(&cache);
        d["AccessToken"] = json!({});
        serde_json::to_vec(&d).unwrap()
    })
    .unwrap();
    let out = entra
        .tokencache(
            &env,
            &cache,
            &[
                "exec",
                "--scope",
                GRAPH,
                "--authority",
                &authority,
                "--",
                "sh",
                "-c",
                "test -n \"$AZURE_ACCESS_TOKEN\"",
            ],
        )
        .env("TOKENCACHE_REFRESH", "1")
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", out.stderr_text());
    // A confidential client's refresh token: refused with the reason.
    std::fs::write(&cache, {
        let mut d = json_of(&cache);
        d["AccessToken"] = json!({});
        serde_json::to_vec(&d).unwrap()
    })
    .unwrap();
    entra.configure(json!({"confidential": [CLI]}));
    let out = token(&["--refresh"]);
    assert_eq!(out.status.code(), Some(3), "{}", out.stderr_text());
    assert!(
        out.stderr_text().contains("confidential client"),
        "{}",
        out.stderr_text()
    );
    no_token_text(&out);
}

/// The az mode refreshes by default, as `az` does (here at
/// TOKENCACHE_AUTHORITY, the cache's cloud being the fake's `localhost`);
/// `--no-refresh` among the az arguments and TOKENCACHE_REFRESH=0 keep it
/// offline. git-credential refreshes only when asked, as `token` does.
#[test]
fn the_az_mode_refreshes_by_default_and_git_credential_when_asked() {
    require_entra!();
    let env = Env::new();
    let entra = Entra::start(&env);
    let cache = env.cache_path();
    // The Azure CLI's own client id (the az mode asks for its tokens).
    let az_cli = "04b07795-8ddb-461a-bbee-02f9e1bf7b46";
    entra.signed_in(&env, &cache, az_cli, &[ARM]);
    let azure = env.home().join("azure-config");
    std::fs::create_dir_all(&azure).unwrap();
    let profile = json!({"subscriptions": [{
        "id": "sub", "name": "Sub", "tenantId": TENANT, "isDefault": true, "state": "Enabled",
        "user": {"name": ALICE, "type": "user"}, "environmentName": "AzureCloud"}]});
    std::fs::write(azure.join("azureProfile.json"), profile.to_string()).unwrap();
    let authority = entra.authority();
    let az = |extra: &[&str], refresh: Option<&str>| {
        let mut args = vec![
            "az",
            "account",
            "get-access-token",
            "--resource",
            "https://management.core.windows.net/",
        ];
        args.extend_from_slice(extra);
        let mut c = entra.tokencache(&env, &cache, &args);
        c.env("AZURE_CONFIG_DIR", &azure)
            .env("TOKENCACHE_AUTHORITY", &authority);
        match refresh {
            Some(v) => c.env("TOKENCACHE_REFRESH", v),
            None => c.env_remove("TOKENCACHE_REFRESH"),
        };
        c.output().unwrap()
    };
    let stored = std::fs::read(&cache).unwrap();
    let posts = entra.posts().len();
    for (extra, refresh) in [(&["--no-refresh"][..], None), (&[][..], Some("0"))] {
        let out = az(extra, refresh);
        assert_eq!(out.status.code(), Some(3), "{}", out.stderr_text());
        no_token_text(&out);
    }
    assert_eq!(entra.posts().len(), posts, "nothing sent when told not to");
    assert_eq!(std::fs::read(&cache).unwrap(), stored);
    let out = az(&[], None);
    assert!(out.status.success(), "{}", out.stderr_text());
    let answer: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(
        answer["accessToken"]
            .as_str()
            .unwrap()
            .starts_with(&format!(
                "at|{az_cli}|https://management.core.windows.net//.default"
            )),
        "{answer}"
    );
    assert_eq!(entra.posts().len(), posts + 1, "one refresh");
    assert_eq!(
        entra.refreshes().last().unwrap()["form"]["client_id"],
        az_cli
    );

    // git-credential: nothing without --refresh, the token with it.
    let git = |refresh: bool| {
        let mut args = vec!["git-credential", "--authority", authority.as_str()];
        if refresh {
            args.push("--refresh");
        }
        args.push("get");
        let mut child = entra
            .tokencache(&env, &cache, &args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        use std::io::Write as _;
        child
            .stdin
            .take()
            .unwrap()
            .write_all(b"protocol=https\nhost=dev.azure.com\n\n")
            .unwrap();
        child.wait_with_output().unwrap()
    };
    let posts = entra.posts().len();
    let out = git(false);
    assert!(
        !out.stdout_text().contains("password="),
        "{}",
        out.stdout_text()
    );
    assert_eq!(entra.posts().len(), posts, "nothing sent without --refresh");
    let out = git(true);
    assert!(out.status.success(), "{}", out.stderr_text());
    assert!(
        out.stdout_text().contains(&format!(
            "password=at|{az_cli}|499b84ac-1321-427f-aa17-267ca6975798/.default"
        )),
        "{}",
        out.stdout_text()
    );
    assert_eq!(entra.posts().len(), posts + 1, "one refresh");
}

/// A CONNECT proxy on loopback (what a corporate proxy does for HTTPS):
/// it records each request line and tunnels bytes, or refuses every
/// tunnel with 403.
struct Proxy {
    port: u16,
    seen: std::sync::Arc<std::sync::Mutex<Vec<String>>>,
}

impl Proxy {
    fn start(refuse: bool) -> Proxy {
        use std::io::{BufRead as _, BufReader, Write as _};
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let seen = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
        let log = seen.clone();
        std::thread::spawn(move || {
            for client in listener.incoming() {
                let Ok(mut client) = client else { return };
                let log = log.clone();
                std::thread::spawn(move || {
                    let mut reader = BufReader::new(client.try_clone().unwrap());
                    let mut line = String::new();
                    reader.read_line(&mut line).unwrap();
                    log.lock().unwrap().push(line.trim_end().to_string());
                    // The rest of the head.
                    loop {
                        let mut header = String::new();
                        if reader.read_line(&mut header).unwrap() == 0 || header == "\r\n" {
                            break;
                        }
                    }
                    let target = line.split(' ').nth(1).unwrap_or("").to_string();
                    let upstream = match (refuse, std::net::TcpStream::connect(&target)) {
                        (false, Ok(up)) => up,
                        _ => {
                            let _ = client
                                .write_all(b"HTTP/1.1 403 Forbidden\r\ncontent-length: 0\r\n\r\n");
                            return;
                        }
                    };
                    client
                        .write_all(b"HTTP/1.1 200 Connection established\r\n\r\n")
                        .unwrap();
                    let (mut up_read, mut up_write) = (upstream.try_clone().unwrap(), upstream);
                    let mut client_write = client;
                    std::thread::spawn(move || {
                        let _ = std::io::copy(&mut reader, &mut up_write);
                        let _ = up_write.shutdown(std::net::Shutdown::Write);
                    });
                    let _ = std::io::copy(&mut up_read, &mut client_write);
                    let _ = client_write.shutdown(std::net::Shutdown::Write);
                });
            }
        });
        Proxy { port, seen }
    }

    fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    fn seen(&self) -> Vec<String> {
        self.seen.lock().unwrap().clone()
    }
}

/// `https_proxy` as curl reads it: the refresh goes through the proxy's
/// tunnel (which sees only where, never what), `no_proxy` goes around it,
/// a proxy that refuses is exit 7 with the cache unchanged, and a proxy
/// variable that names no proxy is an error rather than a way around it.
/// `SSL_CERT_DIR` (a hashed folder, as c_rehash makes it) trusts the CA as
/// `SSL_CERT_FILE` does.
#[test]
fn proxies_and_ssl_cert_dir_as_curl_reads_them() {
    require_entra!();
    let env = Env::new();
    let entra = Entra::start(&env);
    let cache = env.cache_path();
    entra.signed_in(&env, &cache, CLI, &[GRAPH]);
    let stored = std::fs::read(&cache).unwrap();
    // `token FLAG` with `vars` set and `unset` removed from its environment.
    let refresh = |flag: &str, vars: &[(&str, String)], unset: &[&str]| {
        let mut c = entra.token(&env, &cache, flag, GRAPH);
        for (k, v) in vars {
            c.env(k, v);
        }
        for k in unset {
            c.env_remove(k);
        }
        c.output().unwrap()
    };
    // Refused by the proxy: exit 7, nothing sent, nothing stored.
    let refusing = Proxy::start(true);
    let posts = entra.posts().len();
    let out = refresh("--refresh", &[("https_proxy", refusing.url())], &[]);
    assert_eq!(out.status.code(), Some(7), "{}", out.stderr_text());
    no_token_text(&out);
    assert_eq!(
        refusing.seen(),
        [format!("CONNECT localhost:{} HTTP/1.1", entra.port)]
    );
    assert_eq!(entra.posts().len(), posts);
    assert_eq!(std::fs::read(&cache).unwrap(), stored);
    // Set but not a proxy URL: exit 7 naming the variable, not its value.
    let out = refresh(
        "--refresh",
        &[("HTTPS_PROXY", "ftp://user:hunter2@127.0.0.1:1".into())],
        &[],
    );
    assert_eq!(out.status.code(), Some(7), "{}", out.stderr_text());
    assert!(
        out.stderr_text()
            .contains("HTTPS_PROXY is set but is not a proxy URL"),
        "{}",
        out.stderr_text()
    );
    assert!(!out.stderr_text().contains("hunter2"));
    assert_eq!(std::fs::read(&cache).unwrap(), stored);
    // no_proxy names the host: straight there, the proxy sees nothing.
    let out = refresh(
        "--refresh",
        &[
            ("https_proxy", refusing.url()),
            ("no_proxy", "example.com,localhost".into()),
        ],
        &[],
    );
    assert!(out.status.success(), "{}", out.stderr_text());
    assert_eq!(refusing.seen().len(), 1);
    assert_eq!(entra.refreshes().len(), 1);
    // Through a tunnelling proxy (--force-refresh: a token is cached now).
    let tunnel = Proxy::start(false);
    let out = refresh("--force-refresh", &[("all_proxy", tunnel.url())], &[]);
    assert!(out.status.success(), "{}", out.stderr_text());
    assert_eq!(
        tunnel.seen(),
        [format!("CONNECT localhost:{} HTTP/1.1", entra.port)]
    );
    assert_eq!(entra.refreshes().len(), 2);
    // SSL_CERT_DIR instead of SSL_CERT_FILE: the CA under its subject hash.
    let dir = env.home().join("certs");
    std::fs::create_dir_all(&dir).unwrap();
    let hash = StdCommand::new("openssl")
        .args(["x509", "-noout", "-subject_hash", "-in"])
        .arg(entra.ca())
        .output()
        .unwrap();
    assert!(hash.status.success());
    std::fs::copy(
        entra.ca(),
        dir.join(format!("{}.0", hash.stdout_text().trim())),
    )
    .unwrap();
    let out = refresh(
        "--force-refresh",
        &[("SSL_CERT_DIR", dir.display().to_string())],
        &["SSL_CERT_FILE"],
    );
    assert!(out.status.success(), "{}", out.stderr_text());
    assert_eq!(entra.refreshes().len(), 3);
}

/// On Redis nobody locks: when an app writes the key between tokencache's
/// read and its write, the optimistic transaction runs again. The grant it
/// already received is written into the app's new value then: the refresh
/// token is redeemed once, and the app's change is kept.
#[cfg(target_os = "linux")] // the test Redis server is Linux-only
#[test]
fn on_redis_a_conflicting_writer_costs_no_second_refresh() {
    use crate::support::redis_server::{self, RedisServer};
    require_entra!();
    require!(
        redis_server::available(false),
        "redis-server and redis-cli (apt install redis-server)"
    );
    let env = Env::new();
    let entra = Entra::start(&env);
    let cache = env.cache_path();
    entra.signed_in(&env, &cache, CLI, &[GRAPH]);
    let stored = json_of(&cache);
    let home = stored["Account"]
        .as_object()
        .unwrap()
        .values()
        .next()
        .unwrap()["home_account_id"]
        .as_str()
        .unwrap()
        .to_string();
    let server = RedisServer::start();
    let redis = |c: &mut StdCommand| {
        c.env("TOKENCACHE_STORE", "redis")
            .env("TOKENCACHE_REDIS_URL", server.url())
            .args(["--redis-key", &home]);
    };
    // The signed-in cache, now in Redis under the account's key.
    let mut c = entra.tokencache(&env, &cache, &[]);
    redis(&mut c);
    let mut child = c
        .arg("write")
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .spawn()
        .unwrap();
    use std::io::Write as _;
    child
        .stdin
        .take()
        .unwrap()
        .write_all(&std::fs::read(&cache).unwrap())
        .unwrap();
    assert!(child.wait().unwrap().success());
    // tokencache refreshes; the test hook holds each attempt after its read.
    let hook = env.home().join("hook");
    std::fs::create_dir(&hook).unwrap();
    let mut c = entra.token(&env, &cache, "--refresh", GRAPH);
    redis(&mut c);
    let run = c
        .env("TOKENCACHE_TEST_REDIS_PAUSE_DIR", &hook)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let wait_for = |name: &str| {
        let started = Instant::now();
        while !hook.join(name).exists() {
            assert!(started.elapsed() < Duration::from_secs(30), "{name}");
            std::thread::sleep(Duration::from_millis(10));
        }
    };
    wait_for("watched-1");
    // The app writes the key meanwhile: a token for another API.
    let mut app = serde_json::from_slice::<Value>(&server.get(&home).unwrap()).unwrap();
    let exp = (std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs()
        + 3600)
        .to_string();
    app["AccessToken"]
        [format!("{home}-localhost-accesstoken-{CLI}-{TENANT}-api://other/.default")] = json!({
        "credential_type": "AccessToken", "secret": "app-at", "home_account_id": home,
        "environment": "localhost", "client_id": CLI, "target": "api://other/.default",
        "realm": TENANT, "token_type": "Bearer", "cached_at": "1700000000",
        "expires_on": exp, "extended_expires_on": exp});
    server.cli_x(&["SET", &home], &serde_json::to_vec(&app).unwrap());
    std::fs::write(hook.join("go-1"), b"").unwrap();
    wait_for("watched-2");
    std::fs::write(hook.join("go-2"), b"").unwrap();
    let out = run.wait_with_output().unwrap();
    assert!(out.status.success(), "{}", out.stderr_text());
    assert_eq!(
        entra.refreshes().len(),
        1,
        "one refresh token, redeemed once"
    );
    let after = serde_json::from_slice::<Value>(&server.get(&home).unwrap()).unwrap();
    let ats: Vec<&str> = after["AccessToken"]
        .as_object()
        .unwrap()
        .values()
        .map(|at| at["secret"].as_str().unwrap())
        .collect();
    assert!(
        ats.contains(&out.stdout_text().trim()),
        "the new token stored: {ats:?}"
    );
    assert!(ats.contains(&"app-at"), "the app's token kept: {ats:?}");
}
