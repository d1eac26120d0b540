//! The Keychain store against the real default keychain (macOS only), checked
//! with Apple's `security` tool, which reads and writes the same generic
//! password items keytar and Python msal-extensions use.
//!
//! These tests write to the user's default keychain, so they run only when
//! `TOKENCACHE_TEST_KEYCHAIN=1` (the CI workflow sets it after preparing an
//! unlocked keychain); under `CI=true` without it they fail rather than skip.
//! Every item has a service name unique to the test run and is deleted on every
//! path, panics included.

#![cfg(target_os = "macos")]

use std::process::Command as StdCommand;

use assert_cmd::Command;
use predicates::prelude::*;

use crate::require;
use crate::support::{sample_cache, Env};

/// A unique service/account pair, deleted from the keychain on drop.
struct Item {
    service: String,
    account: String,
}

impl Item {
    fn new(name: &str) -> Item {
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_nanos();
        Item {
            service: format!("tokencache-test-{name}-{}-{nanos}", std::process::id()),
            account: "msal".into(),
        }
    }

    /// `security find-generic-password` for the item's attributes only (no
    /// `-w`: reading the data of an item another program created could prompt).
    fn exists(&self, service: &str) -> bool {
        let status = StdCommand::new("security")
            .args(["find-generic-password", "-s", service])
            .output()
            .unwrap()
            .status;
        status.success()
    }
}

impl Drop for Item {
    fn drop(&mut self) {
        for _ in 0..3 {
            let _ = StdCommand::new("security")
                .args([
                    "delete-generic-password",
                    "-s",
                    &self.service,
                    "-a",
                    &self.account,
                ])
                .output();
        }
    }
}

fn enabled() -> bool {
    std::env::var("TOKENCACHE_TEST_KEYCHAIN").is_ok_and(|v| v == "1")
}

/// A command on the Keychain store for `item`, with the real HOME (the
/// keychain search list lives under it) and the cache path in the test dir.
fn keychain_cmd(env: &Env, item: &Item) -> Command {
    let mut c = env.cmd();
    if let Some(home) = std::env::var_os("HOME") {
        c.env("HOME", home);
    }
    c.env("TOKENCACHE_STORE", "keychain")
        .env("TOKENCACHE_CACHE_PATH", env.cache_path())
        .env("TOKENCACHE_SERVICE", &item.service)
        .env("TOKENCACHE_ACCOUNT", &item.account);
    c
}

#[test]
fn write_read_clear_with_the_marker_contract() {
    require!(
        enabled(),
        "TOKENCACHE_TEST_KEYCHAIN=1 (the test writes a unique item to the default keychain)"
    );
    let env = Env::new();
    let item = Item::new("rw");
    let cache = sample_cache(30_000);
    keychain_cmd(&env, &item)
        .arg("write")
        .write_stdin(cache.clone())
        .assert()
        .success();
    assert!(
        item.exists(&item.service),
        "a generic password with service/account exists"
    );
    assert_eq!(
        env.stored().unwrap(),
        b"{}",
        "the marker file, not the cache"
    );
    keychain_cmd(&env, &item)
        .arg("read")
        .assert()
        .success()
        .stdout(predicate::eq(cache));
    keychain_cmd(&env, &item).arg("clear").assert().success();
    assert!(!item.exists(&item.service));
    assert!(env.stored().is_none(), "clear removes the marker too");
    keychain_cmd(&env, &item).arg("read").assert().code(3);
}

#[test]
fn reads_raw_json_another_program_stored() {
    require!(
        enabled(),
        "TOKENCACHE_TEST_KEYCHAIN=1 (the test writes a unique item to the default keychain)"
    );
    let env = Env::new();
    let item = Item::new("peer");
    let cache = String::from_utf8(sample_cache(2_000)).unwrap();
    // -A: any application may read it, so no prompt; the data is the raw
    // UTF-8 string, as keytar's setPassword and Python's KeychainPersistence store it.
    let out = StdCommand::new("security")
        .args([
            "add-generic-password",
            "-A",
            "-s",
            &item.service,
            "-a",
            &item.account,
            "-w",
            &cache,
        ])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    keychain_cmd(&env, &item)
        .arg("read")
        .assert()
        .success()
        .stdout(predicate::eq(cache.into_bytes()));
    // A marker file at the cache path is never mistaken for the cache.
    env.put(b"{\"not\":\"the cache\"}");
    keychain_cmd(&env, &item)
        .arg("read")
        .assert()
        .success()
        .stdout(predicate::str::contains("AccessToken"));
}

#[test]
fn verify_uses_its_own_item_and_removes_it() {
    require!(
        enabled(),
        "TOKENCACHE_TEST_KEYCHAIN=1 (the test writes a unique item to the default keychain)"
    );
    let env = Env::new();
    let item = Item::new("verify");
    keychain_cmd(&env, &item)
        .arg("verify")
        .assert()
        .success()
        .stdout(predicate::str::contains("Keychain"));
    assert!(
        !item.exists(&format!("{}.tokencache-verify", item.service)),
        "the probe item was deleted"
    );
    assert!(
        !item.exists(&item.service),
        "verify never creates the real item"
    );
    assert!(env.stored().is_none(), "verify never writes the marker");
}

/// Writing over an item another application owns, when nobody can allow
/// access (no terminal: keychain UI off), fails with exit 7 naming the
/// refused lookup's status — not the `errSecDuplicateItem` (-25299) that
/// security-framework's `set_generic_password` reports after swallowing it —
/// and leaves the item as it was.
#[test]
fn writing_over_another_apps_item_reports_the_real_refusal() {
    require!(
        enabled(),
        "TOKENCACHE_TEST_KEYCHAIN=1 (the test writes a unique item to the default keychain)"
    );
    let env = Env::new();
    let item = Item::new("owned");
    // Without -A only `security` itself may read the data.
    let out = StdCommand::new("security")
        .args([
            "add-generic-password",
            "-s",
            &item.service,
            "-a",
            &item.account,
            "-w",
            "{\"theirs\":1}",
        ])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    keychain_cmd(&env, &item)
        .arg("write")
        .write_stdin("{}")
        .assert()
        .code(7)
        .stderr(predicate::str::contains("OSStatus"))
        .stderr(predicate::str::contains("-25299").not());
    let kept = StdCommand::new("security")
        .args([
            "find-generic-password",
            "-s",
            &item.service,
            "-a",
            &item.account,
            "-w",
        ])
        .output()
        .unwrap();
    assert_eq!(
        String::from_utf8_lossy(&kept.stdout).trim(),
        "{\"theirs\":1}"
    );
}
