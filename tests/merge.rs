//! `write --merge` through the real binary on the file store: the merge
//! rule end to end, refusals that leave the stored cache byte-for-byte
//! unchanged, and concurrent merges that never lose an entry.

use std::io::Write;
use std::process::Stdio;

use serde_json::{json, Value};

use crate::support::model::{FIXTURE, NOW};
use crate::support::Env;

fn merge(env: &Env, input: &str, extra: &[&str]) -> assert_cmd::assert::Assert {
    env.file_cmd()
        .env("TOKENCACHE_NOW", NOW)
        .args(["write", "--merge"])
        .args(extra)
        .write_stdin(input)
        .assert()
}

fn stored(env: &Env) -> Value {
    serde_json::from_slice(&env.stored().expect("a cache is stored")).unwrap()
}

#[test]
fn merges_into_nothing_then_unites_and_respects_newer_entries() {
    let env = Env::new();
    merge(
        &env,
        r#"{"AccessToken":{"A-Key":{"secret":"s1","cached_at":"200"}},"Custom":{"x":1}}"#,
        &[],
    )
    .success();
    assert!(env.stored().is_some());
    merge(
        &env,
        r#"{"AccessToken":{"A-Key":{"secret":"older","cached_at":"100"},"a-key":{"secret":"s2"}},"Version":3}"#,
        &[],
    )
    .success()
    .stderr(predicates::str::contains("2 added, 0 updated, 0 unchanged, 1 kept (stored newer), 0 kept (nothing says which is newer)"));
    assert_eq!(
        stored(&env),
        json!({
            "AccessToken": {"A-Key": {"secret": "s1", "cached_at": "200"}, "a-key": {"secret": "s2"}},
            "Custom": {"x": 1},
            "Version": 3
        })
    );
    // Compact JSON, keys as found, in order.
    let text = String::from_utf8(env.stored().unwrap()).unwrap();
    assert!(text.starts_with(r#"{"AccessToken":{"A-Key":"#), "{text}");
}

#[test]
fn merging_nothing_new_does_not_rewrite_the_cache() {
    let env = Env::new();
    env.put(FIXTURE.as_bytes()); // indented: a rewrite would be compact
    merge(&env, "{}", &[])
        .success()
        .stderr(predicates::str::contains("not rewritten"));
    assert_eq!(env.stored().unwrap(), FIXTURE.as_bytes());
    merge(&env, FIXTURE, &[]).success();
    assert_eq!(
        env.stored().unwrap(),
        FIXTURE.as_bytes(),
        "merging the cache into itself changes nothing"
    );
}

#[test]
fn prune_expired_drops_only_expired_access_tokens() {
    let env = Env::new();
    env.put(FIXTURE.as_bytes());
    let out = env
        .file_cmd()
        .env("TOKENCACHE_NOW", NOW)
        .args(["--json", "write", "--merge", "--prune-expired"])
        .write_stdin("{}")
        .output()
        .unwrap();
    assert!(out.status.success());
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["pruned"], 1);
    assert_eq!(report["written"], true);
    let doc = stored(&env);
    let keys: Vec<&String> = doc["AccessToken"].as_object().unwrap().keys().collect();
    assert_eq!(
        keys.len(),
        2,
        "the valid token and the unreadable expiry stay"
    );
    assert!(doc["AccessToken"]
        .as_object()
        .unwrap()
        .values()
        .all(|e| e["expires_on"] != "1699989100"));
    assert_eq!(doc["RefreshToken"].as_object().unwrap().len(), 2);
    // Without --merge it is a usage error.
    env.file_cmd()
        .args(["write", "--prune-expired"])
        .write_stdin("{}")
        .assert()
        .code(2);
}

#[test]
fn bad_input_and_corrupt_store_leave_the_cache_unchanged() {
    let env = Env::new();
    env.put(FIXTURE.as_bytes());
    for bad in ["", "[]", "{\"a\":1,\"a\":2}", "{\"a\":", "\u{feff}{}"] {
        merge(&env, bad, &[]).code(4);
        assert_eq!(env.stored().unwrap(), FIXTURE.as_bytes(), "input {bad:?}");
    }
    env.put(b"{\"AccessToken\":");
    merge(&env, "{\"Account\":{}}", &[]).code(5);
    assert_eq!(env.stored().unwrap(), b"{\"AccessToken\":");
}

/// 8 processes, each merging 50 documents of one new key under the lock:
/// all 400 keys must be there at the end.
#[test]
fn concurrent_merges_never_lose_an_entry() {
    const PROCESSES: usize = 8;
    const MERGES: usize = 50;
    let env = Env::new();
    env.put(br#"{"AccessToken":{},"Account":{"shared":{"username":"u"}}}"#);
    std::thread::scope(|scope| {
        for p in 0..PROCESSES {
            let env = &env;
            scope.spawn(move || {
                for m in 0..MERGES {
                    let mut child = env
                        .file_std_cmd()
                        .args(["--quiet", "--lock-timeout", "120s", "write", "--merge"])
                        .stdin(Stdio::piped())
                        .stdout(Stdio::null())
                        .stderr(Stdio::piped())
                        .spawn()
                        .unwrap();
                    let doc = format!(
                        r#"{{"AccessToken":{{"p{p}-m{m}-Key":{{"secret":"s","cached_at":"{m}"}}}},"Account":{{"shared":{{"username":"u"}}}}}}"#
                    );
                    child.stdin.take().unwrap().write_all(doc.as_bytes()).unwrap();
                    let out = child.wait_with_output().unwrap();
                    assert!(out.status.success(), "p{p} m{m}: {}", String::from_utf8_lossy(&out.stderr));
                }
            });
        }
    });
    let doc = stored(&env);
    let tokens = doc["AccessToken"].as_object().unwrap();
    assert_eq!(tokens.len(), PROCESSES * MERGES);
    for p in 0..PROCESSES {
        for m in 0..MERGES {
            assert!(
                tokens.contains_key(&format!("p{p}-m{m}-Key")),
                "p{p}-m{m} lost"
            );
        }
    }
    assert_eq!(doc["Account"].as_object().unwrap().len(), 1);
    assert!(!env.lock_path().exists(), "the lock is released");
}

/// The merged document is still a cache the real Python MSAL reads: every
/// entry of both sides is found, keys exactly as written.
#[test]
fn python_msal_reads_a_merged_cache() {
    let python = crate::support::peers_dir().join("venv/bin/python");
    crate::require!(python.exists(), "Python peers (tests/peers/install.sh)");
    let env = Env::new();
    // The fixture minus its deliberately malformed entries (Python MSAL,
    // rightly, fails on an expires_on of "soon").
    let mut clean: Value = serde_json::from_str(FIXTURE).unwrap();
    clean["AccessToken"]
        .as_object_mut()
        .unwrap()
        .retain(|_, e| e["expires_on"] != "soon");
    clean["Account"]
        .as_object_mut()
        .unwrap()
        .remove("broken-account");
    env.put(clean.to_string().as_bytes());
    let extra = r#"{"AccessToken":{"New-Key-From-Another-App":{"credential_type":"AccessToken","secret":"s","home_account_id":"h.t","environment":"login.microsoftonline.com","client_id":"another-app","target":"api://x/.default","realm":"t","cached_at":"1700000000","expires_on":"1700003600"}}}"#;
    merge(&env, extra, &[]).success();
    let script = r#"
import json, sys, msal
cache = msal.SerializableTokenCache()
cache.deserialize(open(sys.argv[1]).read())
CT = msal.TokenCache.CredentialType
tokens = cache.find(CT.ACCESS_TOKEN, now=1699980000)  # before every expiry in the fixture
accounts = [a for a in cache.find(CT.ACCOUNT) if isinstance(a, dict)]
keys = sorted(json.loads(cache.serialize())["AccessToken"])
print(json.dumps({"access_tokens": len(tokens), "clients": sorted({t["client_id"] for t in tokens}),
                  "usernames": sorted(a["username"] for a in accounts), "keys": keys}))
"#;
    let out = std::process::Command::new(&python)
        .arg("-c")
        .arg(script)
        .arg(env.cache_path())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let seen: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(seen["access_tokens"], 3);
    assert_eq!(
        seen["clients"],
        json!([
            "04b07795-8ddf-461a-bbee-02f9e1bf7b46",
            "872cd9fa-d31f-45e0-9eab-6e460a02d1f1",
            "another-app"
        ])
    );
    assert_eq!(
        seen["usernames"],
        json!(["Bob@Contoso.com", "alice@contoso.com"])
    );
    assert!(seen["keys"]
        .as_array()
        .unwrap()
        .contains(&json!("New-Key-From-Another-App")));
}

/// A tie on one kind of evidence goes on to the next: two ID tokens minted
/// in the same second (equal `iat`) are told apart by their sign-ins (the
/// `cached_at` of the access tokens each sign-in wrote), and the newer
/// sign-in's ID token is kept.
#[test]
fn a_tie_on_one_kind_of_evidence_goes_on_to_the_next() {
    use base64::Engine as _;
    let b64 = |v: Value| base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(v.to_string());
    let id_token = |tag: &str| {
        format!(
            "{}.{}.c2ln",
            b64(json!({"alg": "none"})),
            b64(json!({"iat": 1_700_000_000, "tag": tag}))
        )
    };
    let env_name = "login.microsoftonline.com";
    let sign_in = |at: i64, tag: &str| {
        json!({
            "AccessToken": {format!("h-{env_name}-accesstoken-c-t-s-{tag}"): {
                "secret": format!("at-{tag}"), "home_account_id": "h", "client_id": "c",
                "environment": env_name, "realm": "t", "credential_type": "AccessToken",
                "cached_at": at.to_string(), "expires_on": (at + 3600).to_string()}},
            "IdToken": {format!("h-{env_name}-idtoken-c-t-"): {
                "secret": id_token(tag), "home_account_id": "h", "client_id": "c",
                "environment": env_name, "realm": "t", "credential_type": "IdToken"}}
        })
    };
    let env = Env::new();
    env.put(sign_in(1_700_000_000, "older").to_string().as_bytes());
    merge(&env, &sign_in(1_700_000_500, "newer").to_string(), &[]).success();
    let kept = stored(&env);
    assert_eq!(
        kept["IdToken"][format!("h-{env_name}-idtoken-c-t-")]["secret"],
        json!(id_token("newer")),
        "the newer sign-in's ID token"
    );
    // And merged the other way round, the stored newer one stays.
    let env = Env::new();
    env.put(sign_in(1_700_000_500, "newer").to_string().as_bytes());
    merge(&env, &sign_in(1_700_000_000, "older").to_string(), &[]).success();
    assert_eq!(
        stored(&env)["IdToken"][format!("h-{env_name}-idtoken-c-t-")]["secret"],
        json!(id_token("newer"))
    );
}

/// A merge whose result would exceed the size limit is refused before
/// anything is written (exit 4), naming the limit and `--prune-expired`:
/// stored, it would be refused by every later command (exit 5).
#[test]
fn a_merge_whose_result_is_over_the_limit_is_refused_before_writing() {
    let tokens = |prefix: &str, expires_on: &str| {
        let entries: serde_json::Map<String, Value> = (0..20)
            .map(|i| {
                (
                    format!("{prefix}-{i}"),
                    json!({"secret": "x".repeat(100), "cached_at": "1", "expires_on": expires_on}),
                )
            })
            .collect();
        json!({ "AccessToken": entries }).to_string()
    };
    let env = Env::new();
    let stored_doc = tokens("stored", "4102444800");
    env.put(stored_doc.as_bytes());
    // Each document is under 4 KiB, the two merged are not.
    let incoming = tokens("expired", "1");
    assert!(stored_doc.len() < 4096 && incoming.len() < 4096);
    let out = env
        .file_cmd()
        .env("TOKENCACHE_NOW", NOW)
        .env("TOKENCACHE_MAX_SIZE", "4096")
        .args(["write", "--merge"])
        .write_stdin(incoming.clone())
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(4), "{err}");
    assert!(err.contains("more than the limit of 4096 bytes"), "{err}");
    assert!(err.contains("--prune-expired"), "{err}");
    assert_eq!(
        env.stored().unwrap(),
        stored_doc.as_bytes(),
        "nothing written"
    );
    // Pruning the expired tokens brings it under the limit.
    merge(&env, &incoming, &["--prune-expired", "--max-size", "4096"]).success();
    assert_eq!(
        stored(&env),
        serde_json::from_str::<Value>(&stored_doc).unwrap()
    );
}
