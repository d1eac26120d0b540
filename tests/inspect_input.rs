//! `inspect --input` and `read --redact --input`: a copy of a cache, read
//! with no store and no lock; and what `read` says when it cannot take the
//! lock because the folder is not writable.

use std::os::unix::fs::PermissionsExt;

use predicates::prelude::*;

use crate::support::{exists, Env};

const DOC: &str = r#"{"AccessToken":{"t":{"credential_type":"AccessToken","secret":"s3cr3t-value","client_id":"cid","target":"User.Read","expires_on":"4102444800"}},"Account":{}}"#;

#[test]
fn inspect_input_reads_a_file_without_store_or_lock() {
    let env = Env::new();
    let copy = env.dir.path().join("backup.json");
    std::fs::write(&copy, DOC).unwrap();
    // The configured store does not exist and is never touched: no lock file,
    // no directory created.
    let out = env
        .cmd()
        .env("TOKENCACHE_STORE", "secret-service")
        .env("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent")
        .env("TOKENCACHE_CACHE_PATH", env.cache_path())
        .args(["inspect", "--input"])
        .arg(&copy)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.starts_with(&format!("Token cache in {}", copy.display())),
        "{text}"
    );
    assert!(text.contains("cid") && !text.contains("s3cr3t"), "{text}");
    assert!(!exists(env.cache_path().parent().unwrap()));
    assert!(!exists(&env.lock_path()));
}

#[test]
fn inspect_input_dash_is_stdin_and_json_says_there_is_no_store() {
    let env = Env::new();
    let out = env
        .file_sh("printf '%s' \"$DOC\" | \"$TC\" inspect --json --input -")
        .env("DOC", DOC)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["location"], "standard input");
    assert_eq!(v["store"], serde_json::Value::Null);
    assert!(!String::from_utf8_lossy(&out.stdout).contains("s3cr3t"));
    assert!(!exists(&env.lock_path()));
}

#[test]
fn read_redact_input_redacts_a_copy() {
    let env = Env::new();
    let copy = env.dir.path().join("copy.json");
    std::fs::write(&copy, DOC).unwrap();
    env.file_cmd()
        .args(["read", "--redact", "--input"])
        .arg(&copy)
        .assert()
        .success()
        .stdout(
            predicate::str::contains("<redacted 12 bytes>")
                .and(predicate::str::contains("s3cr3t").not()),
        );
    assert!(!exists(&env.lock_path()));
    // --input alone would be `cat`: it needs --redact.
    env.file_cmd()
        .args(["read", "--input"])
        .arg(&copy)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--redact"));
}

#[test]
fn bad_input_is_exit_4_and_an_encrypted_file_is_pointed_to_its_store() {
    let env = Env::new();
    let bad = env.dir.path().join("bad.json");
    std::fs::write(&bad, "[1]").unwrap();
    env.file_cmd()
        .args(["inspect", "--input"])
        .arg(&bad)
        .assert()
        .code(4)
        .stderr(predicate::str::starts_with("tokencache: invalid input"));
    env.file_cmd()
        .args(["inspect", "--input"])
        .arg(env.dir.path().join("missing.json"))
        .assert()
        .code(4)
        .stderr(predicate::str::contains("cannot read input file"));
    let enc = env.dir.path().join("enc.cache");
    std::fs::write(&enc, b"TKCACHE\0\x01rest").unwrap();
    env.file_cmd()
        .args(["inspect", "--input"])
        .arg(&enc)
        .assert()
        .code(2)
        .stderr(
            predicate::str::contains("is a tokencache encrypted file")
                .and(predicate::str::contains("--store encrypted-file")),
        );
}

/// A cache in a folder this user cannot write to: `read` cannot create the
/// lock file, says why it needs it and points to --input, which works.
#[test]
fn an_unwritable_folder_explains_the_lock_and_points_to_input() {
    let env = Env::new();
    env.put(DOC.as_bytes());
    let dir = env.cache_path().parent().unwrap().to_path_buf();
    // SAFETY: geteuid cannot fail.
    let root = unsafe { libc::geteuid() } == 0;
    // A copy of the binary nobody can run, wherever the checkout lives.
    let bin = env.dir.path().join("tokencache");
    std::fs::copy(crate::support::bin(), &bin).unwrap();
    std::fs::set_permissions(&bin, std::fs::Permissions::from_mode(0o755)).unwrap();
    let run = |args: &[&str]| {
        let mut c = if root {
            // Root ignores modes: run as nobody, who can read but not write.
            let mut c = std::process::Command::new("setpriv");
            c.args(["--reuid=65534", "--regid=65534", "--clear-groups"])
                .arg(&bin);
            c
        } else {
            std::process::Command::new(crate::support::bin())
        };
        c.env_clear()
            .env("HOME", "/nonexistent")
            .env("NO_COLOR", "1")
            .args(["--store", "file", "--cache-path"])
            .arg(env.cache_path())
            .args(args)
            .output()
            .unwrap()
    };
    if root {
        crate::require!(
            std::process::Command::new("setpriv")
                .arg("--help")
                .output()
                .is_ok(),
            "setpriv (util-linux), to drop root's privileges"
        );
        for p in [env.dir.path(), dir.as_path()] {
            std::fs::set_permissions(p, std::fs::Permissions::from_mode(0o755)).unwrap();
        }
        std::fs::set_permissions(env.cache_path(), std::fs::Permissions::from_mode(0o644)).unwrap();
    } else {
        std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o555)).unwrap();
    }
    let out = run(&["read"]);
    let err = String::from_utf8_lossy(&out.stderr).into_owned();
    assert_eq!(out.status.code(), Some(8), "{err}");
    assert!(
        err.starts_with("tokencache: permission denied: cannot create the lock file"),
        "{err}"
    );
    assert!(err.contains("which reading the cache needs"), "{err}");
    assert!(
        err.contains("hint: ") && err.contains("tokencache inspect --input FILE"),
        "{err}"
    );
    let out = run(&["inspect", "--input", env.cache_path().to_str().unwrap()]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("cid"));
    std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o755)).unwrap();
    assert_eq!(env.cache_dir_names(), ["msal.cache.json"]);
}

/// A copy needs no configuration: it works with no HOME (where no default
/// cache path can be resolved).
#[test]
fn input_needs_no_home() {
    let env = Env::new();
    let copy = env.dir.path().join("copy.json");
    std::fs::write(&copy, DOC).unwrap();
    for args in [
        &["inspect", "--input"][..],
        &["read", "--redact", "--input"],
    ] {
        let out = std::process::Command::new(crate::support::bin())
            .env_clear()
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .args(args)
            .arg(&copy)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(!String::from_utf8_lossy(&out.stdout).contains("s3cr3t"));
    }
}
