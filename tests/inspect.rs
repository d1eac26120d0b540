//! `inspect` and `read --redact` on a realistic cache: snapshot-tested
//! output, and not one secret byte in any of it.

use serde_json::Value;

use crate::support::model::{assert_no_secret, assert_snapshot, secrets, FIXTURE, NOW};
use crate::support::Env;

fn fixture_env() -> Env {
    let env = Env::new();
    env.put(FIXTURE.as_bytes());
    env
}

fn run(env: &Env, args: &[&str]) -> String {
    let out = env
        .file_cmd()
        .env("TOKENCACHE_NOW", NOW)
        .args(args)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_no_secret(
        &String::from_utf8_lossy(&out.stderr),
        &fixture_secrets(),
        "stderr",
    );
    String::from_utf8(out.stdout).unwrap()
}

fn fixture_secrets() -> Vec<String> {
    secrets(&serde_json::from_str(FIXTURE).unwrap())
}

fn anonymise(env: &Env, text: &str) -> String {
    text.replace(&env.cache_path().display().to_string(), "<CACHE>")
}

#[test]
fn inspect_text_matches_snapshot_and_hides_secrets() {
    let env = fixture_env();
    let text = run(&env, &["inspect"]);
    assert_no_secret(&text, &fixture_secrets(), "inspect");
    assert!(!text.contains('\x1b'), "no colour when piped");
    assert!(text.contains("expires in 42 min"), "{text}");
    assert!(text.contains("expired 3 h ago"), "{text}");
    assert_snapshot("inspect.txt", &anonymise(&env, &text));
}

#[test]
fn inspect_claims_matches_snapshot_and_hides_secrets() {
    let env = fixture_env();
    let text = run(&env, &["inspect", "--claims"]);
    assert_no_secret(&text, &fixture_secrets(), "inspect --claims");
    assert!(text.contains("upn alice@contoso.com"), "{text}");
    assert!(
        !text.contains("\"oid\"") && !text.contains("oid "),
        "only the claims that matter"
    );
    assert_snapshot("inspect_claims.txt", &anonymise(&env, &text));
}

#[test]
fn inspect_json_matches_snapshot_and_hides_secrets() {
    let env = fixture_env();
    let text = run(&env, &["--json", "inspect", "--claims"]);
    assert_no_secret(&text, &fixture_secrets(), "inspect --json");
    let doc: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(doc["counts"]["AccessToken"], 3);
    assert_eq!(doc["access_tokens"][0]["expired"], false);
    assert_eq!(doc["access_tokens"][0]["expires_in"], 42 * 60 + 10);
    assert_eq!(doc["access_tokens"][1]["expired"], true);
    assert_eq!(
        doc["access_tokens"][0]["secret"]["claims"]["upn"],
        "alice@contoso.com"
    );
    assert_eq!(doc["warnings"].as_array().unwrap().len(), 3);
    assert_snapshot("inspect.json", &anonymise(&env, &text));
}

#[test]
fn read_redact_replaces_every_secret_and_keeps_the_rest() {
    let env = fixture_env();
    let text = run(&env, &["read", "--redact"]);
    let secrets = fixture_secrets();
    assert_no_secret(&text, &secrets, "read --redact");
    let mut expected: Value = serde_json::from_str(FIXTURE).unwrap();
    let mut redacted: Value = serde_json::from_str(&text).unwrap();
    // Put the secrets back where the placeholders are: the rest must be identical.
    let mut placeholders = 0;
    for section in ["AccessToken", "RefreshToken", "IdToken"] {
        for (key, entry) in expected[section].as_object_mut().unwrap() {
            if let Some(secret) = entry.get("secret").and_then(Value::as_str) {
                let got = &mut redacted[section][key]["secret"];
                assert_eq!(
                    got,
                    &Value::from(format!("<redacted {} bytes>", secret.len()))
                );
                *got = Value::from(secret);
                placeholders += 1;
            }
        }
    }
    assert_eq!(placeholders, secrets.len());
    expected.as_object_mut().unwrap().sort_keys();
    redacted.as_object_mut().unwrap().sort_keys();
    assert_eq!(redacted, expected);
    // The stored cache is untouched.
    assert_eq!(env.stored().unwrap(), FIXTURE.as_bytes());
}

#[test]
fn no_cache_and_corrupt_cache_exit_codes() {
    let env = Env::new();
    env.file_cmd().arg("inspect").assert().code(3);
    env.file_cmd().args(["read", "--redact"]).assert().code(3);
    env.put(b"[1,2]");
    env.file_cmd().arg("inspect").assert().code(5);
    env.file_cmd().args(["read", "--redact"]).assert().code(5);
}

/// Under a pseudo-terminal (util-linux `script`) inspect colours, unless
/// NO_COLOR is set.
/// util-linux `script` syntax (macOS has a BSD `script`).
#[cfg(target_os = "linux")]
#[test]
fn colour_only_on_a_terminal_without_no_color() {
    crate::require!(
        crate::support::have("script"),
        "util-linux `script` (for a pseudo-terminal)"
    );
    let env = fixture_env();
    let bin = crate::support::bin();
    let command = format!("{} inspect", bin.display());
    let tty = |no_color: Option<&str>| {
        let mut c = env.file_std_cmd();
        c.env_remove("NO_COLOR").env("TOKENCACHE_NOW", NOW);
        if let Some(v) = no_color {
            c.env("NO_COLOR", v);
        }
        let mut script = std::process::Command::new("script");
        script
            .args(["-qec", &command, "/dev/null"])
            .stdin(std::process::Stdio::null());
        script.env_clear();
        for (k, v) in c.get_envs() {
            if let Some(v) = v {
                script.env(k, v);
            }
        }
        let out = script.output().unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    let coloured = tty(None);
    assert!(
        coloured.contains("\x1b[31mexpired 3 h ago\x1b[0m"),
        "{coloured:?}"
    );
    assert_no_secret(&coloured, &fixture_secrets(), "inspect on a terminal");
    let plain = tty(Some("1"));
    assert!(
        plain.contains("expired 3 h ago") && !plain.contains('\x1b'),
        "{plain:?}"
    );
}

/// `read --redact` redacts what the security review found shown: `jwt`,
/// `authorization` (`Bearer …`), `cookie`, `session` and `client_secret`
/// spellings in any casing, private/pfx/p12 key material, and a bearer
/// value or a JWT under any key; `token_type` and `key_id` stay visible.
#[test]
fn read_redact_covers_every_secret_spelling_and_keeps_ids() {
    let jwt = "eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.c2ln";
    let doc = serde_json::json!({
        "Extra": {
            "jwt": "s1-jwt-value",
            "Authorization": "Bearer s2-bearer-value",
            "cookie": "s3-cookie-value",
            "Set-Cookie": "s4-set-cookie-value",
            "session": "s5-session-value",
            "SESSION_ID": "s6-session-id-value",
            "CLIENTSECRET": "s7-clientsecret-value",
            "ClientSECRET": "s8-mixed-case-value",
            "APIKEY": "s9-apikey-value",
            "private": "s10-private-value",
            "cert_pfx": "s11-pfx-value",
            "p12": "s12-p12-value",
            "privateKeyPem": "s13-private-key-pem",
            "headers": ["Bearer s14-bearer-in-array"],
            "note": jwt,
            "token_type": "Bearer",
            "key_id": "kid-1",
            "kid": "kid-2",
            "credential_type": "AccessToken"
        }
    });
    let env = Env::new();
    let out = env
        .file_cmd()
        .args(["read", "--redact", "--input", "-"])
        .write_stdin(doc.to_string())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    for shown in [
        jwt, "s1-", "s2-", "s3-", "s4-", "s5-", "s6-", "s7-", "s8-", "s9-", "s10-", "s11-", "s12-",
        "s13-", "s14-",
    ] {
        assert!(!text.contains(shown), "{shown} shown:\n{text}");
    }
    let redacted: Value = serde_json::from_str(&text).unwrap();
    let extra = &redacted["Extra"];
    assert_eq!(extra["token_type"], "Bearer");
    assert_eq!(extra["key_id"], "kid-1");
    assert_eq!(extra["kid"], "kid-2");
    assert_eq!(extra["credential_type"], "AccessToken");
    assert_eq!(extra["Authorization"], "<redacted 22 bytes>");
}
