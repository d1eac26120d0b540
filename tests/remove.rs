//! `remove` through the real binary: what goes, what is printed (counts,
//! never secrets), and that nothing matching changes nothing.

use serde_json::Value;

use crate::support::model::{assert_no_secret, secrets, FIXTURE};
use crate::support::{Env, OutputExt};

fn fixture_env() -> Env {
    let env = Env::new();
    env.put(FIXTURE.as_bytes());
    env
}

fn stored(env: &Env) -> Value {
    serde_json::from_slice(&env.stored().unwrap()).unwrap()
}

fn count(doc: &Value, section: &str) -> usize {
    doc[section].as_object().map_or(0, |m| m.len())
}

#[test]
fn signing_out_one_account_by_username() {
    let env = fixture_env();
    let all_secrets = secrets(&serde_json::from_str(FIXTURE).unwrap());
    let out = env
        .file_cmd()
        .args(["remove", "--user", "ALICE@contoso.com"])
        .output()
        .unwrap();
    assert!(out.status.success());
    // The report is for people: on stderr, as every verb's; stdout is data.
    assert!(out.stdout.is_empty(), "remove printed on stdout");
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.contains("removed 5 entries")
            && stderr.contains("AccessToken 2, RefreshToken 1, IdToken 1, Account 1"),
        "{stderr}"
    );
    assert_no_secret(&stderr, &all_secrets, "remove stderr");
    let doc = stored(&env);
    assert_eq!(count(&doc, "AccessToken"), 1);
    assert_eq!(count(&doc, "Account"), 2, "bob and the broken entry stay");
    assert_eq!(count(&doc, "AppMetadata"), 1);
    assert_eq!(doc["Version"], 3, "unknown top-level values are kept");
    let text = String::from_utf8(env.stored().unwrap()).unwrap();
    assert!(!text.contains("alice@contoso.com"));
}

#[test]
fn by_client_id_and_section_with_json_and_dry_run() {
    let env = fixture_env();
    let out = env
        .file_cmd()
        .args([
            "--json",
            "remove",
            "--client-id",
            "04b07795-8ddf-461a-bbee-02f9e1bf7b46",
            "--section",
            "AccessToken",
            "--dry-run",
        ])
        .output()
        .unwrap();
    assert!(out.status.success());
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["removed"]["AccessToken"], 2);
    assert_eq!(report["total"], 2);
    assert_eq!(report["dry_run"], true);
    assert_eq!(
        env.stored().unwrap(),
        FIXTURE.as_bytes(),
        "dry run changes nothing"
    );
    env.file_cmd()
        .args([
            "remove",
            "--client-id",
            "04b07795-8ddf-461a-bbee-02f9e1bf7b46",
            "--section",
            "AccessToken",
        ])
        .assert()
        .success();
    let doc = stored(&env);
    assert_eq!(count(&doc, "AccessToken"), 1);
    assert_eq!(count(&doc, "RefreshToken"), 2, "other sections untouched");
}

#[test]
fn nothing_matching_or_no_cache_is_success_without_change() {
    let env = fixture_env();
    env.file_cmd()
        .args(["remove", "--user", "nobody@example.com"])
        .assert()
        .success()
        .stdout("")
        .stderr(predicates::str::contains("nothing removed"));
    assert_eq!(env.stored().unwrap(), FIXTURE.as_bytes());
    let empty = Env::new();
    empty
        .file_cmd()
        .args(["remove", "--section", "AccessToken"])
        .assert()
        .success()
        .stdout("")
        .stderr(predicates::str::contains("nothing to remove"));
    assert!(empty.stored().is_none());
}

#[test]
fn needs_a_filter_and_refuses_a_corrupt_cache() {
    let env = fixture_env();
    env.file_cmd().arg("remove").assert().code(2);
    env.put(b"not json");
    env.file_cmd()
        .args(["remove", "--section", "AccessToken"])
        .assert()
        .code(5);
    assert_eq!(env.stored().unwrap(), b"not json");
}

/// A section name from the stored cache is printed escaped: no escape
/// sequence or bidi override reaches the terminal.
#[test]
fn a_section_name_from_the_cache_is_printed_escaped() {
    let env = Env::new();
    env.put(
        "{\"Evil\\u001b[2J\\u202eAccessToken\":{\"k\":{\"client_id\":\"c1\",\"secret\":\"s\"}}}"
            .as_bytes(),
    );
    let out = env
        .file_cmd()
        .args(["remove", "--client-id", "c1", "--dry-run"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let printed = format!(
        "{}{}",
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap()
    );
    assert!(printed.contains("would remove 1 entry"), "{printed}");
    assert!(
        printed.contains("Evil\\x1b[2J\\u{202e}AccessToken 1"),
        "{printed}"
    );
    assert!(!printed.contains('\x1b') && !printed.contains('\u{202e}'));
}

/// `--kind access-token`: only access tokens go; every refresh token, ID
/// token, account and app metadata entry stays byte for byte, so the owning
/// app's next silent call redeems its refresh token.
#[test]
fn kind_access_token_drops_access_tokens_and_keeps_refresh_tokens() {
    let env = fixture_env();
    let before: Value = serde_json::from_str(FIXTURE).unwrap();
    let all_secrets = secrets(&before);
    // One user's tokens of one app, for one scope (any case).
    let out = env
        .file_cmd()
        .args([
            "remove",
            "--kind",
            "access-token",
            "--user",
            "alice@contoso.com",
            "--client-id",
            "04b07795-8ddf-461a-bbee-02f9e1bf7b46",
            "--scope",
            "HTTPS://management.core.windows.net//.default",
        ])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", out.stderr_text());
    let stderr = out.stderr_text();
    assert!(
        stderr.contains("removed 1 entry") && stderr.contains("AccessToken 1"),
        "{stderr}"
    );
    assert_no_secret(&stderr, &all_secrets, "remove stderr");
    let doc = stored(&env);
    assert_eq!(
        count(&doc, "AccessToken"),
        2,
        "Bob's and the other app's stay"
    );
    for section in [
        "RefreshToken",
        "IdToken",
        "Account",
        "AppMetadata",
        "AppInsights",
    ] {
        assert_eq!(doc[section], before[section], "{section} unchanged");
    }
    // A scope no remaining token has: nothing matches, nothing changes.
    let now = env.stored().unwrap();
    env.file_cmd()
        .args([
            "remove",
            "--kind",
            "access-token",
            "--scope",
            "api://nothing/.default",
        ])
        .assert()
        .success()
        .stderr(predicates::str::contains("nothing removed"));
    assert_eq!(env.stored().unwrap(), now);
    // Alone: every access token, and nothing else.
    env.file_cmd()
        .args(["remove", "--kind", "access-token"])
        .assert()
        .success();
    let doc = stored(&env);
    assert_eq!(count(&doc, "AccessToken"), 0);
    assert_eq!(doc["RefreshToken"], before["RefreshToken"]);
}

#[test]
fn kind_scope_and_section_are_checked_as_usage() {
    let env = fixture_env();
    // --scope means nothing without --kind; --kind and --section contradict.
    env.file_cmd()
        .args(["remove", "--scope", "s", "--user", "alice@contoso.com"])
        .assert()
        .code(2);
    env.file_cmd()
        .args([
            "remove",
            "--kind",
            "access-token",
            "--section",
            "RefreshToken",
        ])
        .assert()
        .code(2);
    env.file_cmd()
        .args(["remove", "--kind", "refresh-token"])
        .assert()
        .code(2);
    assert_eq!(env.stored().unwrap(), FIXTURE.as_bytes());
}
