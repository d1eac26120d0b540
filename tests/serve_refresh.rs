//! `serve --managed-identity --refresh` against the fake Entra ID over HTTPS
//! (`support::entra`, a CA made here and trusted through `SSL_CERT_FILE`),
//! on a cache the real MSAL Python signed in and whose access tokens were
//! then removed: only the refresh token can give a token. The endpoint logs
//! every request, so "one request" and "nothing was sent" are counted.
//!
//! Needs python3, openssl and MSAL Python (`bash tests/peers/install.sh`);
//! the azure-identity test also needs azure-identity in the same venv.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use serde_json::{json, Value};

use crate::serve::{encode, request, Creations, Server};
use crate::support::entra::{python_peer, Entra, CLI};
use crate::support::{Env, OutputExt};
use crate::{require, require_entra};

const ARM: &str = "https://management.azure.com";
const VAULT: &str = "https://vault.azure.net";

/// A fake Entra ID and a cache MSAL Python signed in to it for ARM, without
/// access tokens.
fn signed_in(env: &Env) -> (Entra, PathBuf) {
    let entra = Entra::start(env);
    let cache = env.cache_path();
    entra.signed_in(env, &cache, CLI, &[&format!("{ARM}/.default")]);
    (entra, cache)
}

/// `serve --managed-identity EXTRA…` on `cache`, trusting the fake's CA.
fn serve(entra: &Entra, env: &Env, cache: &Path, extra: &[&str]) -> Server {
    let mut c = entra.tokencache(env, cache, &["serve", "--managed-identity"]);
    c.args(extra);
    Server::spawn(c)
}

/// The token the fake gives for `resource`'s `.default` scope.
fn refreshed_token(resource: &str) -> String {
    format!("at|{CLI}|{resource}/.default|")
}

/// No token, access or refresh, anywhere in `text`.
fn assert_no_token(text: &str) {
    assert!(
        !text.contains("at|") && !text.contains("rt|"),
        "a token in {text}"
    );
}

fn wait_until(what: &str, mut done: impl FnMut() -> bool) {
    let deadline = Instant::now() + Duration::from_secs(30);
    while !done() {
        assert!(Instant::now() < deadline, "never: {what}");
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn without_refresh_an_expired_token_is_refused_and_nothing_is_sent() {
    require_entra!();
    let env = Env::new();
    let (entra, cache) = signed_in(&env);
    let before = entra.requests().len();
    let stored = std::fs::read(&cache).unwrap();
    // Not set at all, and TOKENCACHE_REFRESH=0: --authority alone asks for
    // nothing.
    for refresh in [None, Some("0")] {
        let mut c = entra.tokencache(
            &env,
            &cache,
            &[
                "serve",
                "--managed-identity",
                "--authority",
                &entra.authority(),
            ],
        );
        match refresh {
            Some(v) => c.env("TOKENCACHE_REFRESH", v),
            None => c.env_remove("TOKENCACHE_REFRESH"),
        };
        let server = Server::spawn(c);
        let (status, body) = server.token(ARM);
        assert_eq!(status, 400, "{body}");
        assert_eq!(body["error"], "no_cached_token", "{body}");
        assert!(body["message"].as_str().unwrap().contains(ARM), "{body}");
        let (code, err) = server.stop(libc::SIGTERM);
        assert_eq!(code, Some(143), "{err}");
    }
    assert_eq!(
        entra.requests().len(),
        before,
        "no request without --refresh"
    );
    assert_eq!(std::fs::read(&cache).unwrap(), stored);
}

/// 32 clients ask at once for a resource whose token is gone: one request
/// to the token endpoint, one hold of the lock, all 32 get its token. Meanwhile a resource with a
/// valid token is answered at once, not after the refresh (which holds the
/// cache lock while it waits for the endpoint). Then `token`, without
/// `--refresh`, serves what serve stored, sending nothing.
#[test]
fn thirty_two_concurrent_requests_refresh_once_and_other_resources_are_not_held_up() {
    require_entra!();
    let env = Env::new();
    let (entra, cache) = signed_in(&env);
    // A valid Key Vault token beside the missing ARM one.
    let out = entra
        .tokencache(
            &env,
            &cache,
            &[
                "token",
                "--refresh",
                "--scope",
                &format!("{VAULT}/.default"),
                "--authority",
                &entra.authority(),
            ],
        )
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", out.stderr_text());
    let vault_token = out.stdout_text().trim().to_string();
    // The endpoint answers after 5 s: every client is waiting meanwhile.
    entra.configure(json!({"delay": 5.0}));
    let refreshes = entra.refreshes().len();
    let server = serve(
        &entra,
        &env,
        &cache,
        &["--refresh", "--authority", &entra.authority()],
    );
    let addr = server.addr.clone();
    let secret = server.secret.clone();
    let answered = AtomicUsize::new(0);
    let target = format!("/msi/token?api-version=2019-08-01&resource={}", encode(ARM));
    let lock = {
        let mut p = cache.clone().into_os_string();
        p.push(".lockfile");
        PathBuf::from(p)
    };
    let creations = Creations::watch(&lock);
    let bodies: Vec<(u16, Value)> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..32)
            .map(|_| {
                let (addr, secret, target, answered) = (&addr, &secret, &target, &answered);
                scope.spawn(move || {
                    let mut s = std::net::TcpStream::connect(addr).unwrap();
                    s.set_read_timeout(Some(Duration::from_secs(60))).unwrap();
                    let got = request(&mut s, target, &[("X-IDENTITY-HEADER", secret)]);
                    answered.fetch_add(1, Ordering::SeqCst);
                    got
                })
            })
            .collect();
        wait_until("the refresh reached the endpoint", || {
            entra.refreshes().len() > refreshes
        });
        // Older than the kept read's 1 s: without the refresh in flight
        // this would be read again under the lock, which the refresh holds.
        std::thread::sleep(Duration::from_millis(1200));
        let (status, body) = server.token(VAULT);
        assert_eq!(status, 200, "{body}");
        assert_eq!(body["access_token"], vault_token.as_str());
        assert_eq!(
            answered.load(Ordering::SeqCst),
            0,
            "Key Vault was answered while ARM's refresh was still waiting for the endpoint"
        );
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    let token = bodies[0].1["access_token"].as_str().unwrap().to_string();
    assert!(token.starts_with(&refreshed_token(ARM)), "{token}");
    for (status, body) in &bodies {
        assert_eq!(*status, 200, "{body}");
        assert_eq!(body["access_token"], token.as_str(), "{body}");
        assert_eq!(body["resource"], ARM);
        let exp: i64 = body["expires_on"].as_str().unwrap().parse().unwrap();
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_secs() as i64;
        assert!(exp > now + 3000, "{body}");
    }
    assert_eq!(
        entra.refreshes().len(),
        refreshes + 1,
        "one refresh for 32 requests"
    );
    // The lock, held once by the refresh (each hold creates the lock
    // file), and perhaps once more by a read of the cache kept for more
    // than 1 s when the first request came; not once per request (32
    // without the single flight: each refresh would wait for the lock and
    // find the token under it).
    let taken = creations.count();
    assert!((1..=2).contains(&taken), "the lock was taken {taken} times");
    let (code, err) = server.stop(libc::SIGTERM);
    assert_eq!(code, Some(143), "{err}");
    assert_no_token(&err);

    // Stored as `token --refresh` stores it: `token` serves it, sending nothing.
    let requests = entra.requests().len();
    let out = entra
        .tokencache(
            &env,
            &cache,
            &["token", "--scope", &format!("{ARM}/.default")],
        )
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", out.stderr_text());
    assert_eq!(out.stdout_text().trim(), token);
    assert_eq!(entra.requests().len(), requests);
}

/// A refresh token the endpoint refuses: a 400 naming the resource, the
/// OAuth error and the AADSTS code, no token, the cache byte for byte as it
/// was. A cache whose cloud is not a known Microsoft one, without
/// `--authority`: a 400 saying so, and nothing sent.
#[test]
fn a_refused_refresh_is_a_400_naming_the_resource_and_changes_nothing() {
    require_entra!();
    let env = Env::new();
    let (entra, cache) = signed_in(&env);
    let doc: Value = serde_json::from_slice(&std::fs::read(&cache).unwrap()).unwrap();
    let rts: Vec<&str> = doc["RefreshToken"]
        .as_object()
        .unwrap()
        .values()
        .map(|e| e["secret"].as_str().unwrap())
        .collect();
    entra.configure(json!({ "revoked": rts }));
    let stored = std::fs::read(&cache).unwrap();
    let refreshes = entra.refreshes().len();
    let server = serve(
        &entra,
        &env,
        &cache,
        &["--refresh", "--authority", &entra.authority()],
    );
    let (status, body) = server.token(ARM);
    assert_eq!(status, 400, "{body}");
    assert_eq!(body["statusCode"], 400);
    assert_eq!(body["error"], "refresh_refused", "{body}");
    let message = body["message"].as_str().unwrap();
    for says in [ARM, "invalid_grant", "AADSTS70043", CLI] {
        assert!(message.contains(says), "{says:?} not in {message}");
    }
    assert_no_token(&body.to_string());
    assert_eq!(entra.refreshes().len(), refreshes + 1);
    let (_, err) = server.stop(libc::SIGTERM);
    assert!(err.contains("400 refresh_refused"), "{err}");
    assert_no_token(&err);
    assert_eq!(std::fs::read(&cache).unwrap(), stored, "cache unchanged");

    // Signed in at https://localhost:PORT: not a known cloud.
    let before = entra.requests().len();
    let server = serve(&entra, &env, &cache, &["--refresh"]);
    let (status, body) = server.token(ARM);
    assert_eq!(status, 400, "{body}");
    assert_eq!(body["error"], "cannot_refresh", "{body}");
    let message = body["message"].as_str().unwrap();
    assert!(message.contains("not a known Microsoft cloud"), "{message}");
    assert!(message.contains("--authority"), "{message}");
    drop(server);
    assert_eq!(entra.requests().len(), before, "nothing sent");
    assert_eq!(std::fs::read(&cache).unwrap(), stored);
}

/// The token endpoint unreachable or failing: a 503 (which the SDKs retry)
/// naming the resource, no token, nothing written; once it answers again,
/// the next request (an SDK's retry) gets the token.
#[test]
fn a_network_failure_is_a_503_without_a_token_and_a_retry_can_succeed() {
    require_entra!();
    let env = Env::new();
    let (entra, cache) = signed_in(&env);
    let stored = std::fs::read(&cache).unwrap();
    let closed = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    };
    let nobody = format!(
        "https://localhost:{closed}/{}",
        crate::support::entra::TENANT
    );
    let server = serve(&entra, &env, &cache, &["--refresh", "--authority", &nobody]);
    let (status, body) = server.token(ARM);
    assert_eq!(status, 503, "{body}");
    assert_eq!(body["error"], "token_endpoint_unavailable", "{body}");
    let message = body["message"].as_str().unwrap();
    assert!(
        message.contains(ARM) && message.contains("cannot refresh at"),
        "{message}"
    );
    assert_no_token(&body.to_string());
    drop(server);
    assert_eq!(std::fs::read(&cache).unwrap(), stored);

    // Two 5xx: tokencache's own retry spent, a 503; the SDK's retry then
    // succeeds.
    entra.configure(json!({"fail": 2}));
    let refreshes = entra.refreshes().len();
    let server = serve(
        &entra,
        &env,
        &cache,
        &["--refresh", "--authority", &entra.authority()],
    );
    let (status, body) = server.token(ARM);
    assert_eq!(status, 503, "{body}");
    assert!(
        body["message"]
            .as_str()
            .unwrap()
            .contains("HTTP 503, twice"),
        "{body}"
    );
    assert_no_token(&body.to_string());
    assert_eq!(entra.refreshes().len(), refreshes + 2);
    assert_eq!(std::fs::read(&cache).unwrap(), stored);
    let (status, body) = server.token(ARM);
    assert_eq!(status, 200, "{body}");
    assert!(body["access_token"]
        .as_str()
        .unwrap()
        .starts_with(&refreshed_token(ARM)));
}

/// SIGTERM while a refresh waits for the endpoint: the request in flight
/// is finished (its token stored and served), then serve exits 143.
#[test]
fn sigterm_finishes_a_refresh_in_flight() {
    require_entra!();
    let env = Env::new();
    let (entra, cache) = signed_in(&env);
    entra.configure(json!({"delay": 0.8}));
    let refreshes = entra.refreshes().len();
    let server = serve(
        &entra,
        &env,
        &cache,
        &["--refresh", "--authority", &entra.authority()],
    );
    let (status, body) = std::thread::scope(|scope| {
        let asked = scope.spawn(|| server.token(ARM));
        wait_until("the refresh reached the endpoint", || {
            entra.refreshes().len() > refreshes
        });
        // SAFETY: a signal to the child this test started.
        unsafe { libc::kill(server.child.id() as i32, libc::SIGTERM) };
        asked.join().unwrap()
    });
    assert_eq!(status, 200, "{body}");
    let token = body["access_token"].as_str().unwrap().to_string();
    assert!(token.starts_with(&refreshed_token(ARM)), "{token}");
    let (code, err) = server.stop(libc::SIGTERM);
    assert_eq!(code, Some(143), "{err}");
    let out = entra
        .tokencache(
            &env,
            &cache,
            &["token", "--scope", &format!("{ARM}/.default")],
        )
        .output()
        .unwrap();
    assert_eq!(out.stdout_text().trim(), token, "{}", out.stderr_text());
}

#[test]
fn force_refresh_is_refused_with_what_to_do_instead() {
    let env = Env::new();
    let out = env
        .file_cmd()
        .args([
            "serve",
            "--managed-identity",
            "--force-refresh",
            "--",
            "true",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", out.stderr_text());
    let err = out.stderr_text();
    assert!(err.contains("--force-refresh"), "{err}");
    assert!(err.contains("tokencache token --force-refresh"), "{err}");
    assert!(out.stdout.is_empty());
}

/// The real azure-identity `ManagedIdentityCredential` inside
/// `serve --refresh -- CMD` gets a token the endpoint just issued.
#[test]
fn azure_identity_python_gets_a_refreshed_token_inside_serve() {
    require_entra!();
    let python = python_peer();
    require!(
        std::process::Command::new(&python)
            .args(["-c", "import azure.identity"])
            .output()
            .is_ok_and(|o| o.status.success()),
        "azure-identity in target/peers/venv (bash tests/peers/install.sh)"
    );
    let env = Env::new();
    let (entra, cache) = signed_in(&env);
    let refreshes = entra.refreshes().len();
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/peers/consumers.py");
    let authority = entra.authority();
    let scope = format!("{ARM}/.default");
    let out = entra
        .tokencache(
            &env,
            &cache,
            &[
                "serve",
                "--managed-identity",
                "--refresh",
                "--authority",
                &authority,
                "--",
                python.to_str().unwrap(),
                script.to_str().unwrap(),
                "managed-identity",
                "mi",
                &scope,
            ],
        )
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", out.stderr_text());
    let got: Value = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}{}", out.stdout_text(), out.stderr_text()));
    let token = got["token"].as_str().unwrap_or_else(|| panic!("{got}"));
    assert!(token.starts_with(&refreshed_token(ARM)), "{got}");
    assert!(got["expires_on"].as_i64().is_some(), "{got}");
    assert_eq!(entra.refreshes().len(), refreshes + 1);
}
