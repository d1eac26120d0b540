//! The Secret Service store against a real gnome-keyring on a private bus
//! (tests/support/keyring.rs), and its interop with `secret-tool` (libsecret's C
//! implementation) and msal-node-extensions (keytar).
//!
//! Linux only. Outside CI a missing dbus-daemon / gnome-keyring / node skips
//! with a message; under CI=true it fails.

#![cfg(target_os = "linux")]

use std::process::Output;
use std::time::Duration;

use serde_json::Value;

use crate::support::keyring::{self, Keyring, Provider};
use crate::support::{exists, have, mode, peers_dir, sample_cache, Env, OutputExt};
use crate::{own_keyring, require, shared_keyring};

/// Generous bound on every tokencache run: nothing here may hang.
const BOUND: Duration = Duration::from_secs(60);

/// A tokencache command on the Secret Service of `env` for `service`/`account`.
fn ss(env: &Env, service: &str, account: &str) -> assert_cmd::Command {
    let mut c = env.cmd();
    c.env("TOKENCACHE_CACHE_PATH", env.cache_path())
        .env("TOKENCACHE_SERVICE", service)
        .env("TOKENCACHE_ACCOUNT", account)
        .env("RUST_BACKTRACE", "0")
        .timeout(BOUND);
    c
}

fn secret_tool(kr: &Keyring, args: &[&str], stdin: Option<&[u8]>) -> Output {
    let mut c = kr.tool("secret-tool");
    c.args(args);
    run_with_stdin(c, stdin)
}

fn run_with_stdin(mut c: std::process::Command, stdin: Option<&[u8]>) -> Output {
    use std::io::Write;
    use std::process::Stdio;
    c.stdin(if stdin.is_some() {
        Stdio::piped()
    } else {
        Stdio::null()
    })
    .stdout(Stdio::piped())
    .stderr(Stdio::piped());
    let mut child = c.spawn().expect("spawn");
    if let Some(bytes) = stdin {
        let mut pipe = child.stdin.take().unwrap();
        pipe.write_all(bytes).unwrap();
    }
    child.wait_with_output().unwrap()
}

#[test]
fn round_trips_of_1k_256k_and_4m_with_a_marker_file() {
    // A keyring of its own: gnome-keyring rewrites its whole keyring file on
    // every change, so on the shared keyring this 4 MiB item made every
    // later write of every other test rewrite (and encrypt) 4 MiB too.
    let kr = own_keyring!(Provider::Unlocked);
    let env = kr.env();
    let service = keyring::unique_service("roundtrip");
    for size in [1 << 10, 256 << 10, 4 << 20] {
        let cache = sample_cache(size);
        ss(&env, &service, "A")
            .arg("write")
            .write_stdin(cache.clone())
            .assert()
            .success();
        let out = ss(&env, &service, "A").arg("read").output().unwrap();
        assert!(out.status.success(), "{size}: {}", out.stderr_text());
        assert!(
            out.stdout == cache,
            "{size}-byte cache did not read back byte for byte"
        );
        // The marker, not the cache, is at the cache path.
        assert_eq!(env.stored().unwrap(), b"{}");
        assert_eq!(mode(&env.cache_path()), 0o600);
    }
}

#[test]
fn marker_mtime_advances_on_every_write() {
    let kr = shared_keyring!();
    let env = kr.env();
    let service = keyring::unique_service("marker");
    let marker = env.cache_path();
    for round in 0..2 {
        if round > 0 {
            // Age the marker instead of sleeping: the next write must renew it.
            let old = std::process::Command::new("touch")
                .arg("-d")
                .arg("@1000000000")
                .arg(&marker)
                .status()
                .unwrap();
            assert!(old.success());
        }
        let before = std::fs::metadata(&marker).and_then(|m| m.modified()).ok();
        ss(&env, &service, "A")
            .arg("write")
            .write_stdin(format!("{{\"round\":{round}}}"))
            .assert()
            .success();
        let after = std::fs::metadata(&marker).unwrap().modified().unwrap();
        assert!(
            before.is_none_or(|b| after > b),
            "marker mtime did not advance in round {round}"
        );
        assert_eq!(std::fs::read(&marker).unwrap(), b"{}");
    }
}

#[test]
fn read_never_takes_the_file_at_the_cache_path_for_the_cache() {
    let kr = shared_keyring!();
    let env = kr.env();
    let service = keyring::unique_service("nomarker");
    env.put(b"{}");
    ss(&env, &service, "A").arg("read").assert().code(3);
    env.put(b"{\"AccessToken\":{}}");
    ss(&env, &service, "A").arg("read").assert().code(3);
    ss(&env, &service, "A")
        .args(["read", "--allow-missing"])
        .assert()
        .success()
        .stdout("{}");
}

#[test]
fn clear_removes_the_item_and_the_marker() {
    let kr = shared_keyring!();
    let env = kr.env();
    let service = keyring::unique_service("clear");
    ss(&env, &service, "A")
        .arg("write")
        .write_stdin("{\"a\":1}")
        .assert()
        .success();
    assert!(exists(&env.cache_path()));
    ss(&env, &service, "A").arg("clear").assert().success();
    assert!(!exists(&env.cache_path()), "marker left behind");
    ss(&env, &service, "A").arg("read").assert().code(3);
    let out = secret_tool(kr, &["lookup", "service", &service, "account", "A"], None);
    assert!(out.stdout.is_empty(), "item left behind");
    // Clearing nothing succeeds.
    ss(&env, &service, "A").arg("clear").assert().success();
}

#[test]
fn verify_reports_the_item_and_leaves_no_validation_item() {
    let kr = shared_keyring!();
    let env = kr.env();
    let service = keyring::unique_service("verify");
    let out = ss(&env, &service, "A").arg("verify").output().unwrap();
    assert!(out.status.success(), "{}", out.stderr_text());
    let text = String::from_utf8(out.stdout).unwrap();
    for needle in [
        "store: secret-service",
        &format!(
            "attributes: xdg:schema=org.freedesktop.Secret.Generic service={service} account=A"
        ),
        "collection: default (label \"Login\"",
        "locked: no",
        "round trip:",
    ] {
        assert!(text.contains(needle), "missing {needle:?} in:\n{text}");
    }
    let out = ss(&env, &service, "A")
        .args(["verify", "--json"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", out.stderr_text());
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(doc["ok"], true);
    assert_eq!(doc["store"], "secret-service");
    assert_eq!(doc["details"]["label"], format!("{service}/A"));
    assert_eq!(doc["details"]["locked"], false, "a JSON boolean");
    assert!(doc["round_trip_ms"].as_f64().is_some());
    assert!(doc.get("fallback_from").is_none());
    // The validation items (service=<service>, account=tokencache-verify-…) are gone.
    let out = secret_tool(kr, &["search", "--all", "service", &service], None);
    assert!(
        out.stdout.is_empty() && !out.stderr_text().contains("tokencache-verify"),
        "{}",
        out.stderr_text()
    );
    // A validation item left by a killed run (its pid is gone) is removed by
    // the next verify; the real item is not touched.
    let mut child = std::process::Command::new("true").spawn().unwrap();
    let dead = child.id();
    child.wait().unwrap();
    let stale = format!("tokencache-verify-{dead}-1");
    let out = secret_tool(
        kr,
        &[
            "store",
            "--label=stale",
            "service",
            &service,
            "account",
            &stale,
        ],
        Some(b"Dummy"),
    );
    assert!(out.status.success(), "{}", out.stderr_text());
    ss(&env, &service, "A")
        .arg("write")
        .write_stdin("{}")
        .assert()
        .success();
    ss(&env, &service, "A").arg("verify").assert().success();
    let out = secret_tool(
        kr,
        &["lookup", "service", &service, "account", &stale],
        None,
    );
    assert!(out.stdout.is_empty(), "stale validation item left");
    ss(&env, &service, "A")
        .arg("read")
        .assert()
        .success()
        .stdout("{}");
    // The forced store verifies too.
    ss(&env, &service, "A")
        .args(["--store", "secret-service", "verify"])
        .assert()
        .success();
}

#[test]
fn secret_tool_finds_what_tokencache_writes_and_tokencache_reads_what_it_stores() {
    let kr = shared_keyring!();
    require!(
        have("secret-tool"),
        "secret-tool (libsecret-tools) is not installed"
    );
    let env = kr.env();
    let service = keyring::unique_service("secrettool");
    let cache = sample_cache(4096);
    ss(&env, &service, "A")
        .arg("write")
        .write_stdin(cache.clone())
        .assert()
        .success();
    let out = secret_tool(kr, &["lookup", "service", &service, "account", "A"], None);
    assert!(out.status.success(), "{}", out.stderr_text());
    assert!(
        out.stdout == cache,
        "secret-tool lookup returned different bytes"
    );

    let other = keyring::unique_service("secrettool-store");
    let stored = b"{\"AccessToken\":{},\"from\":\"secret-tool\"}";
    let label = format!("--label={other}/A");
    let out = secret_tool(
        kr,
        &["store", &label, "service", &other, "account", "A"],
        Some(stored),
    );
    assert!(out.status.success(), "{}", out.stderr_text());
    ss(&env, &other, "A")
        .arg("read")
        .assert()
        .success()
        .stdout(&stored[..]);
    // A write updates that item in place: secret-tool still finds exactly it.
    ss(&env, &other, "A")
        .arg("write")
        .write_stdin("{\"v\":2}")
        .assert()
        .success();
    let out = secret_tool(kr, &["lookup", "service", &other, "account", "A"], None);
    assert_eq!(out.stdout, b"{\"v\":2}");
    let out = secret_tool(kr, &["search", "--all", "service", &other], None);
    let listing = String::from_utf8_lossy(&out.stdout);
    assert_eq!(listing.matches("label = ").count(), 1, "{listing}");
}

#[test]
fn layout_flags_set_attributes_schema_label_and_base64() {
    let kr = shared_keyring!();
    require!(
        have("secret-tool"),
        "secret-tool (libsecret-tools) is not installed"
    );
    let env = kr.env();
    let client = keyring::unique_service("layout");
    let attr = format!("MsalClientID={client}");
    let cache = b"{\"AccessToken\":{}}";
    ss(&env, "unused", "unused")
        .args([
            "--schema",
            "msal.cache",
            "--attribute",
            &attr,
            "--attribute",
            "Version=1",
        ])
        .args(["--label", "MSALCache", "--encoding", "base64", "write"])
        .write_stdin(&cache[..])
        .assert()
        .success();
    let out = secret_tool(kr, &["search", "--all", "MsalClientID", &client], None);
    let listing = String::from_utf8_lossy(&out.stdout).into_owned() + &out.stderr_text();
    for needle in [
        "label = MSALCache",
        "schema = msal.cache",
        "attribute.Version = 1",
        "secret = eyJBY2Nlc3NUb2tlbiI6e319",
    ] {
        assert!(
            listing.contains(needle),
            "missing {needle:?} in:\n{listing}"
        );
    }
    // auto decodes the base64 secret.
    ss(&env, "unused", "unused")
        .args(["--schema", "msal.cache"])
        .args(["--attribute", &attr, "--attribute", "Version=1", "read"])
        .assert()
        .success()
        .stdout(&cache[..]);
    // The schema is matched as libsecret matches it: without
    // --schema, an item of the msal.cache schema is another application's.
    ss(&env, "unused", "unused")
        .args(["--attribute", &attr, "--attribute", "Version=1", "read"])
        .assert()
        .code(3);
    // raw returns it as stored, which is not JSON: corrupt (5), not printed.
    ss(&env, "unused", "unused")
        .args([
            "--schema",
            "msal.cache",
            "--attribute",
            &attr,
            "--attribute",
            "Version=1",
            "--encoding",
            "raw",
            "read",
        ])
        .assert()
        .code(5)
        .stdout("");
}

#[test]
fn msal_node_extensions_and_tokencache_share_one_item() {
    let kr = shared_keyring!();
    require!(have("node"), "node is not installed");
    let peers = peers_dir().join("node");
    require!(
        peers
            .join("node_modules/@azure/msal-node-extensions")
            .is_dir(),
        format!(
            "msal-node-extensions is not installed in {} (run tests/peers/install.sh)",
            peers.display()
        )
    );
    let env = kr.env();
    let service = keyring::unique_service("node");
    let script = keyring::tests_file("interop/node_libsecret.js");
    let node = |op: &str, stdin: Option<&[u8]>| {
        let mut c = kr.tool("node");
        c.arg(&script)
            .arg(&peers)
            .arg(op)
            .arg(env.cache_path())
            .arg(&service)
            .arg("A");
        run_with_stdin(c, stdin)
    };

    let from_node = sample_cache(64 << 10);
    let out = node("write", Some(&from_node));
    assert!(out.status.success(), "node write: {}", out.stderr_text());
    assert_eq!(
        env.stored().unwrap(),
        b"{}",
        "msal-node-extensions writes the marker"
    );
    let out = ss(&env, &service, "A").arg("read").output().unwrap();
    assert!(out.status.success(), "{}", out.stderr_text());
    assert!(
        out.stdout == from_node,
        "tokencache read differs from what msal-node-extensions saved"
    );

    let from_tokencache = sample_cache(8 << 10);
    ss(&env, &service, "A")
        .arg("write")
        .write_stdin(from_tokencache.clone())
        .assert()
        .success();
    let out = node("read", None);
    assert!(out.status.success(), "node read: {}", out.stderr_text());
    assert!(
        out.stdout == from_tokencache,
        "msal-node-extensions read differs from what tokencache wrote"
    );

    let out = node("delete", None);
    assert!(out.status.success(), "node delete: {}", out.stderr_text());
    ss(&env, &service, "A").arg("read").assert().code(3);
}

// ---- faults -------------------------------------------------------------

/// An Env with no session bus at all: no DBUS_SESSION_BUS_ADDRESS (the harness
/// clears the environment) and an empty XDG_RUNTIME_DIR.
fn no_bus_env() -> Env {
    let mut env = Env::new();
    let run = env.dir.path().join("run");
    std::fs::create_dir(&run).unwrap();
    env.vars
        .push(("XDG_RUNTIME_DIR".into(), run.into_os_string()));
    env
}

fn assert_unavailable(out: &Output, needle: &str) {
    assert_eq!(out.status.code(), Some(7), "stderr: {}", out.stderr_text());
    let err = out.stderr_text();
    assert!(err.contains(needle), "expected {needle:?} in: {err}");
    assert!(
        err.contains("--plaintext-fallback"),
        "no fix offered: {err}"
    );
}

#[test]
fn no_session_bus_is_exit_7_with_a_diagnosis() {
    let env = no_bus_env();
    for cmd in ["verify", "read"] {
        let out = ss(&env, "S", "A").arg(cmd).output().unwrap();
        assert_unavailable(&out, "no D-Bus session bus");
    }
    // A bus address whose socket is missing.
    let out = ss(&env, "S", "A")
        .env(
            "DBUS_SESSION_BUS_ADDRESS",
            format!("unix:path={}/missing", env.dir.path().display()),
        )
        .arg("verify")
        .output()
        .unwrap();
    assert_unavailable(&out, "cannot connect to the D-Bus session bus");
    // A forced store fails the same way, and never touches a file.
    let out = ss(&env, "S", "A")
        .args(["--store", "secret-service", "write"])
        .write_stdin("{}")
        .output()
        .unwrap();
    assert_unavailable(&out, "no D-Bus session bus");
    assert!(env.stored().is_none());
}

#[test]
fn plaintext_fallback_is_used_only_when_asked_and_said_once() {
    let env = no_bus_env();
    let cache = b"{\"AccessToken\":{}}";
    ss(&env, "S", "A")
        .arg("write")
        .write_stdin(&cache[..])
        .assert()
        .code(7);
    assert!(
        env.stored().is_none(),
        "fell back without --plaintext-fallback"
    );

    let out = ss(&env, "S", "A")
        .args(["--plaintext-fallback", "write"])
        .write_stdin(&cache[..])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", out.stderr_text());
    let err = out.stderr_text();
    assert_eq!(err.matches("warning:").count(), 1, "{err}");
    assert!(
        err.contains("no D-Bus session bus") && err.contains("plaintext file"),
        "{err}"
    );
    assert_eq!(env.stored().unwrap(), cache);
    assert_eq!(mode(&env.cache_path()), 0o600);
    ss(&env, "S", "A")
        .args(["--plaintext-fallback", "read"])
        .assert()
        .success()
        .stdout(&cache[..]);

    for cmd in ["path", "verify"] {
        let out = ss(&env, "S", "A")
            .args(["--plaintext-fallback", cmd, "--json"])
            .output()
            .unwrap();
        assert!(out.status.success(), "{cmd}: {}", out.stderr_text());
        let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(doc["store"], "file", "{cmd}");
        assert_eq!(doc["fallback_from"], "secret-service", "{cmd}");
        assert!(
            doc["reason"]
                .as_str()
                .unwrap()
                .contains("no D-Bus session bus"),
            "{cmd}: {doc}"
        );
        assert_eq!(out.stderr_text().matches("warning:").count(), 1, "{cmd}");
    }
    // A forced store never falls back.
    ss(&env, "S", "A")
        .args(["--plaintext-fallback", "--store", "secret-service", "read"])
        .assert()
        .code(7);
}

#[test]
fn a_bus_without_a_provider_is_exit_7() {
    let kr = own_keyring!(Provider::None);
    let env = kr.env();
    let out = ss(&env, "S", "A").arg("verify").output().unwrap();
    assert_unavailable(&out, "no Secret Service provider");
    let out = ss(&env, "S", "A")
        .args(["--plaintext-fallback", "path", "--json"])
        .output()
        .unwrap();
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(doc["store"], "file");
    assert!(
        doc["reason"]
            .as_str()
            .unwrap()
            .contains("no Secret Service provider"),
        "{doc}"
    );
}

#[test]
fn a_keyring_without_a_default_collection_is_exit_7() {
    let kr = own_keyring!(Provider::NoLoginCollection);
    let env = kr.env();
    let out = ss(&env, "S", "A").arg("verify").output().unwrap();
    assert_unavailable(&out, "no default collection");
    let out = ss(&env, "S", "A")
        .args(["--collection", "no-such-collection", "verify"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(7));
    assert!(
        out.stderr_text()
            .contains("no collection with the alias or label \"no-such-collection\""),
        "{}",
        out.stderr_text()
    );
    // The session collection exists (in memory) and can be chosen.
    ss(&env, "S", "A")
        .args(["--collection", "session", "verify"])
        .assert()
        .success();
}

#[test]
fn a_locked_collection_is_exit_7_never_overwritten_and_works_once_unlocked() {
    let kr = own_keyring!(Provider::Unlocked);
    let env = kr.env();
    let original = b"{\"v\":\"original\"}";
    ss(&env, "S", "A")
        .arg("write")
        .write_stdin(&original[..])
        .assert()
        .success();
    kr.lock_login();

    for args in [
        &["read"][..],
        &["verify"],
        &["clear"],
        &["--store", "secret-service", "read"],
    ] {
        let out = ss(&env, "S", "A").args(args).output().unwrap();
        assert_unavailable(&out, "is locked");
        assert!(
            out.stderr_text()
                .contains("gnome-keyring-daemon --replace --unlock"),
            "{}",
            out.stderr_text()
        );
    }
    let out = ss(&env, "S", "A")
        .args(["--store", "secret-service", "write"])
        .write_stdin("{\"v\":\"new\"}")
        .output()
        .unwrap();
    assert_unavailable(&out, "is locked");

    // The hint works, and nothing was lost or overwritten meanwhile.
    let mut unlock = kr.tool("gnome-keyring-daemon");
    unlock.args(["--replace", "--unlock", "--components=secrets"]);
    let out = run_with_stdin(unlock, Some(keyring::PASSWORD.as_bytes()));
    assert!(out.status.success(), "{}", out.stderr_text());
    let waited = kr
        .tool("gdbus")
        .args([
            "wait",
            "--session",
            "--timeout",
            "10",
            "org.freedesktop.secrets",
        ])
        .status()
        .unwrap();
    assert!(waited.success());
    ss(&env, "S", "A")
        .arg("read")
        .assert()
        .success()
        .stdout(&original[..]);
}

#[test]
fn a_wedged_provider_times_out_with_exit_7() {
    let kr = own_keyring!(Provider::Unlocked);
    let pid = kr.keyring_pid.expect("gnome-keyring pid");
    let env = kr.env();
    let stop = std::process::Command::new("kill")
        .args(["-STOP", &pid.to_string()])
        .status()
        .unwrap();
    assert!(stop.success());
    let out = ss(&env, "S", "A")
        .args(["--keyring-timeout", "1s", "verify"])
        .output()
        .unwrap();
    let _ = std::process::Command::new("kill")
        .args(["-CONT", &pid.to_string()])
        .status();
    assert_eq!(out.status.code(), Some(7), "{}", out.stderr_text());
    let err = out.stderr_text();
    assert!(
        err.contains("no answer from the Secret Service within 1.0s"),
        "{err}"
    );
    assert!(err.contains("--keyring-timeout"), "{err}");
}

/// `token` reads the item like `read` does (under the lock, through the
/// store), and prints the access token alone.
#[test]
fn token_serves_from_the_item() {
    let kr = shared_keyring!();
    let env = kr.env();
    let service = keyring::unique_service("token");
    let cache = serde_json::json!({
        "AccessToken": {"k": {"credential_type": "AccessToken", "secret": "ss-access-token",
            "home_account_id": "u.t", "environment": "login.microsoftonline.com", "client_id": "c",
            "realm": "t", "target": "https://graph.microsoft.com/.default",
            "cached_at": "1700000000", "expires_on": "1700003600"}},
        "Account": {"a": {"home_account_id": "u.t", "environment": "login.microsoftonline.com",
            "realm": "t", "username": "u@contoso.com", "authority_type": "MSSTS"}}
    });
    ss(&env, &service, "A")
        .arg("write")
        .write_stdin(cache.to_string())
        .assert()
        .success();
    let out = ss(&env, &service, "A")
        .env("TOKENCACHE_NOW", "1700000000")
        .args(["token", "--scope", "https://graph.microsoft.com/.default"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", out.stderr_text());
    assert_eq!(out.stdout, b"ss-access-token\n");
}
