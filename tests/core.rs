//! The core commands on the plaintext file store: round trips, every exit
//! code, every kind of invalid input leaving the stored bytes unchanged,
//! permissions, symlinks, concurrency and crash safety.

use std::io::Write;
use std::os::unix::fs::PermissionsExt;
use std::process::Stdio;
use std::time::Duration;

use predicates::prelude::*;

use crate::support::{exists, mode, sample_cache, Env};

const SMALL: &[u8] =
    br#"{"AccessToken":{},"RefreshToken":{},"IdToken":{},"Account":{},"AppMetadata":{}}"#;

#[test]
fn write_then_read_is_byte_identical() {
    let env = Env::new();
    // Formatting, key order and escapes are kept exactly.
    let doc = b"{\n  \"b\": {\"x\": \"\\u00e9\"},\n  \"a\": [1.50, 2e3]\n}\n";
    env.file_cmd()
        .arg("write")
        .write_stdin(&doc[..])
        .assert()
        .success()
        .stdout("");
    assert_eq!(env.stored().unwrap(), doc);
    env.file_cmd()
        .arg("read")
        .assert()
        .success()
        .stdout(&doc[..]);
    let big = sample_cache(2 << 20);
    env.file_cmd()
        .arg("write")
        .write_stdin(big.clone())
        .assert()
        .success();
    let out = env.file_cmd().arg("read").output().unwrap();
    assert!(out.status.success());
    assert_eq!(out.stdout, big);
}

#[test]
fn write_from_input_file_and_dash() {
    let env = Env::new();
    let input = env.dir.path().join("in.json");
    std::fs::write(&input, SMALL).unwrap();
    env.file_cmd()
        .args(["write", "--input"])
        .arg(&input)
        .assert()
        .success();
    assert_eq!(env.stored().unwrap(), SMALL);
    env.file_cmd()
        .args(["write", "-i", "-"])
        .write_stdin("{\"x\":1}")
        .assert()
        .success();
    assert_eq!(env.stored().unwrap(), b"{\"x\":1}");
    env.file_cmd()
        .args(["write", "--input", "/nonexistent/in.json"])
        .assert()
        .code(4)
        .stderr(predicate::str::contains(
            "cannot read input file /nonexistent/in.json",
        ));
}

/// Linux: assumes the Linux user-root layout, util-linux tools or `auto` = Secret Service.
#[cfg(target_os = "linux")]
#[test]
fn default_cache_path_is_under_the_user_root() {
    let env = Env::new();
    let expected = env.home().join(".tokencache/cache.json");
    env.cmd()
        .arg("path")
        .assert()
        .success()
        .stdout(format!("{}\n", expected.display()));
    env.cmd()
        .args(["path", "--lock"])
        .assert()
        .success()
        .stdout(format!("{}.lockfile\n", expected.display()));
    // No HOME: the user name decides, as in msal-node-extensions.
    let mut cmd = env.cmd();
    cmd.env_remove("HOME").env("USER", "someone").arg("path");
    // SAFETY: geteuid cannot fail.
    let root = unsafe { libc::geteuid() } == 0;
    let want = if root {
        "/root/.tokencache/cache.json\n"
    } else {
        "/home/someone/.tokencache/cache.json\n"
    };
    cmd.assert().success().stdout(want);
    // Nothing to go on: a clear error, not an empty path.
    env.cmd()
        .env_remove("HOME")
        .arg("path")
        .assert()
        .code(1)
        .stdout("")
        .stderr(
            predicate::str::contains("HOME is not set")
                .and(predicate::str::contains("--cache-path")),
        );
}

/// Linux: assumes the Linux user-root layout, util-linux tools or `auto` = Secret Service.
#[cfg(target_os = "linux")]
#[test]
fn path_json_describes_the_resolution() {
    let env = Env::new();
    let out = env
        .file_cmd()
        .args(["path", "--json", "--service", "svc", "--account", "acc"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["cache_path"], env.cache_path().to_str().unwrap());
    assert_eq!(v["lock_path"], env.lock_path().to_str().unwrap());
    assert_eq!(v["store"], "file");
    assert_eq!(v["platform"], "linux");
    assert_eq!(v["user_root"], env.home().to_str().unwrap());
    assert_eq!(v["service"], "svc");
    assert_eq!(v["account"], "acc");
    assert_eq!(v["scope"], "current-user");
    assert_eq!(v["scope_used"], false);
}

#[test]
fn missing_and_empty_cache_are_no_cache() {
    let env = Env::new();
    env.file_cmd()
        .arg("read")
        .assert()
        .code(3)
        .stdout("")
        .stderr(predicate::str::contains("no token cache is stored"));
    // Reading creates nothing.
    assert!(!exists(env.cache_path().parent().unwrap()));
    env.file_cmd()
        .args(["read", "--allow-missing"])
        .assert()
        .success()
        .stdout("{}");
    env.put(b"");
    env.file_cmd().arg("read").assert().code(3).stdout("");
    env.file_cmd()
        .args(["read", "--allow-missing"])
        .assert()
        .success()
        .stdout("{}");
}

#[test]
fn corrupt_cache_is_reported_never_printed() {
    let env = Env::new();
    for (bytes, why) in [
        (&b"{\"AccessToken\": {"[..], "ends in the middle"),
        (b"[]", "must be a JSON object"),
        (b"\xff\xfe", "not valid UTF-8"),
    ] {
        env.put(bytes);
        env.file_cmd()
            .arg("read")
            .assert()
            .code(5)
            .stdout("")
            .stderr(predicate::str::contains("corrupt").and(predicate::str::contains(why)));
    }
}

#[test]
fn invalid_input_is_refused_and_leaves_the_cache_unchanged() {
    let env = Env::new();
    env.put(SMALL);
    let mut over = b"{\"a\":\"".to_vec();
    over.resize(16 << 20, b'x');
    over.extend_from_slice(b"\"}");
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        ("empty", vec![], "is empty"),
        ("whitespace", b" \n ".to_vec(), "is empty"),
        ("array", b"[]".to_vec(), "is an array"),
        ("string", b"\"str\"".to_vec(), "is a string"),
        ("number", b"42".to_vec(), "is a number"),
        ("null", b"null".to_vec(), "is null"),
        (
            "truncated",
            b"{\"AccessToken\":{\"k\":".to_vec(),
            "ends in the middle",
        ),
        ("not json", b"hello".to_vec(), "not valid JSON"),
        (
            "invalid utf-8",
            b"{\"a\":\"\xc3\x28\"}".to_vec(),
            "not valid UTF-8",
        ),
        ("bom", b"\xef\xbb\xbf{}".to_vec(), "byte order mark"),
        ("duplicate", b"{\"a\":1,\"a\":2}".to_vec(), "twice"),
        ("trailing", b"{}{}".to_vec(), "after the end"),
        (
            "deep",
            format!("{{\"a\":{}{}}}", "[".repeat(200), "]".repeat(200)).into_bytes(),
            "deeper than 127",
        ),
        (
            "16 MiB + 1",
            over,
            "larger than the limit of 16777216 bytes",
        ),
    ];
    for (name, input, message) in cases {
        env.file_cmd()
            .arg("write")
            .write_stdin(input)
            .assert()
            .code(4)
            .stdout("")
            .stderr(
                predicate::str::contains(message).and(
                    predicate::str::contains("nothing was stored")
                        .or(predicate::str::contains("--max-size")),
                ),
            );
        assert_eq!(
            env.stored().unwrap(),
            SMALL,
            "{name} changed the stored cache"
        );
    }
    // Exactly the limit is fine; one byte over is not.
    env.file_cmd()
        .args(["write", "--max-size", "7"])
        .write_stdin("{\"a\":1}")
        .assert()
        .success();
    env.file_cmd()
        .args(["write", "--max-size", "6"])
        .write_stdin("{\"a\":1}")
        .assert()
        .code(4);
    assert_eq!(env.stored().unwrap(), b"{\"a\":1}");
}

/// Linux: assumes the Linux user-root layout, util-linux tools or `auto` = Secret Service.
#[cfg(target_os = "linux")]
#[test]
fn a_terminal_on_stdin_is_refused_with_a_hint() {
    let env = Env::new();
    env.put(SMALL);
    let text = env.file_cmd_on_tty("write");
    crate::require!(
        text.is_some(),
        "`script` (util-linux) for a pseudo-terminal"
    );
    let text = text.unwrap();
    assert!(text.contains("EXIT=4"), "{text}");
    assert!(text.contains("terminal"), "{text}");
    assert_eq!(env.stored().unwrap(), SMALL);
}

#[test]
fn clear_is_idempotent_and_says_what_it_did() {
    let env = Env::new();
    env.put(SMALL);
    env.file_cmd()
        .arg("clear")
        .assert()
        .success()
        .stderr(predicate::str::contains("removed"));
    assert!(!exists(&env.cache_path()));
    env.file_cmd()
        .arg("clear")
        .assert()
        .success()
        .stderr(predicate::str::contains("nothing to clear"));
    env.file_cmd()
        .args(["clear", "--quiet"])
        .assert()
        .success()
        .stderr("");
    assert!(!exists(&env.lock_path()));
}

#[test]
fn verify_round_trips_beside_the_cache_without_touching_it() {
    let env = Env::new();
    env.put(SMALL);
    env.file_cmd().arg("verify").assert().success().stdout(
        predicate::str::contains("ok: plaintext file").and(predicate::str::contains("round trip")),
    );
    assert_eq!(env.stored().unwrap(), SMALL);
    // Nothing left beside it.
    assert_eq!(env.cache_dir_names(), ["msal.cache.json"]);
    let out = env.file_cmd().args(["verify", "--json"]).output().unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["ok"], true);
    assert_eq!(v["store"], "file");
}

#[test]
fn verify_fails_with_exit_7_or_8_when_the_directory_is_unusable() {
    let env = Env::new();
    // A cache "directory" that is a file cannot hold a cache.
    std::fs::write(env.cache_path().parent().unwrap(), b"").unwrap();
    let out = env.file_cmd().arg("verify").output().unwrap();
    assert!(matches!(out.status.code(), Some(1 | 7 | 8)), "{out:?}");
    assert!(!out.status.success());
}

#[test]
fn files_are_0600_and_new_directories_0700() {
    let env = Env::new();
    env.file_cmd()
        .arg("write")
        .write_stdin(SMALL)
        .assert()
        .success();
    assert_eq!(mode(&env.cache_path()), 0o600);
    assert_eq!(mode(env.cache_path().parent().unwrap()), 0o700);
    // An existing world-readable cache (msal-node-extensions before mid-2026)
    // is tightened on the next write.
    std::fs::set_permissions(env.cache_path(), std::fs::Permissions::from_mode(0o644)).unwrap();
    env.file_cmd()
        .arg("write")
        .write_stdin(SMALL)
        .assert()
        .success();
    assert_eq!(mode(&env.cache_path()), 0o600);
    // Nested missing parents are all created 0700.
    let deep = env.dir.path().join("x/y/z/c.json");
    env.cmd()
        .args(["--store", "file", "--cache-path"])
        .arg(&deep)
        .arg("write")
        .write_stdin(SMALL)
        .assert()
        .success();
    for d in ["x", "x/y", "x/y/z"] {
        assert_eq!(mode(&env.dir.path().join(d)), 0o700, "{d}");
    }
}

#[test]
fn a_symlink_at_the_cache_path_is_refused() {
    let env = Env::new();
    let target = env.dir.path().join("elsewhere.json");
    std::fs::write(&target, SMALL).unwrap();
    std::fs::create_dir_all(env.cache_path().parent().unwrap()).unwrap();
    std::os::unix::fs::symlink(&target, env.cache_path()).unwrap();
    for args in [&["read"][..], &["write"][..]] {
        env.file_cmd()
            .args(args)
            .write_stdin("{\"new\":1}")
            .assert()
            .code(8)
            .stdout("")
            .stderr(predicate::str::contains("symbolic link"));
    }
    assert_eq!(std::fs::read(&target).unwrap(), SMALL);
    assert!(std::fs::symlink_metadata(env.cache_path())
        .unwrap()
        .file_type()
        .is_symlink());
}

#[test]
fn a_directory_at_the_cache_path_is_refused() {
    let env = Env::new();
    std::fs::create_dir_all(env.cache_path()).unwrap();
    env.file_cmd()
        .arg("read")
        .assert()
        .code(8)
        .stderr(predicate::str::contains("directory"));
    env.file_cmd()
        .arg("write")
        .write_stdin(SMALL)
        .assert()
        .code(8);
    env.file_cmd().arg("clear").assert().code(8);
}

/// Linux: assumes the Linux user-root layout, util-linux tools or `auto` = Secret Service.
#[cfg(target_os = "linux")]
#[test]
fn permission_denied_is_exit_8() {
    // SAFETY: geteuid cannot fail.
    if unsafe { libc::geteuid() } == 0 {
        // Root bypasses file modes; run the check as an unprivileged user when possible.
        crate::require!(
            std::process::Command::new("setpriv")
                .arg("--help")
                .output()
                .is_ok(),
            "setpriv (util-linux), to drop root's privileges"
        );
        let env = Env::new();
        env.put(SMALL);
        std::fs::set_permissions(env.cache_path(), std::fs::Permissions::from_mode(0o600)).unwrap();
        std::fs::set_permissions(env.dir.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
        let out = std::process::Command::new("setpriv")
            .args(["--reuid=65534", "--regid=65534", "--clear-groups"])
            .arg(crate::support::bin())
            .args(["--store", "file", "--cache-path"])
            .arg(env.cache_path())
            .arg("read")
            .env_clear()
            .env("HOME", "/nonexistent")
            .output()
            .unwrap();
        assert_eq!(
            out.status.code(),
            Some(8),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(String::from_utf8_lossy(&out.stderr).contains("permission denied"));
        return;
    }
    let env = Env::new();
    env.put(SMALL);
    std::fs::set_permissions(env.cache_path(), std::fs::Permissions::from_mode(0o000)).unwrap();
    env.file_cmd()
        .arg("read")
        .assert()
        .code(8)
        .stderr(predicate::str::contains("permission denied"));
}

#[test]
fn usage_errors_are_exit_2() {
    let env = Env::new();
    env.cmd().arg("frobnicate").assert().code(2);
    env.cmd()
        .args(["--store", "nowhere", "read"])
        .assert()
        .code(2);
    env.cmd()
        .args(["--lock-timeout", "soon", "read"])
        .assert()
        .code(2);
    env.cmd()
        .args(["write", "--max-size", "lots"])
        .assert()
        .code(2);
    env.cmd().assert().code(2);
}

/// Linux: assumes the Linux user-root layout, util-linux tools or `auto` = Secret Service.
#[cfg(target_os = "linux")]
#[test]
fn stores_of_other_platforms_are_unavailable_here() {
    let env = Env::new();
    for store in ["keychain", "dpapi"] {
        env.cmd()
            .args(["--store", store, "read"])
            .assert()
            .code(7)
            .stderr(predicate::str::contains("exists only on"));
    }
}

#[test]
fn json_errors_are_one_object_on_stderr() {
    let env = Env::new();
    let out = env.file_cmd().args(["read", "--json"]).output().unwrap();
    assert_eq!(out.status.code(), Some(3));
    assert!(out.stdout.is_empty());
    let v: serde_json::Value = serde_json::from_slice(&out.stderr).unwrap();
    assert_eq!(v["error"]["code"], "no_cache");
    assert_eq!(v["error"]["exit"], 3);
    assert!(v["error"]["hint"]
        .as_str()
        .unwrap()
        .contains("--allow-missing"));
}

#[test]
fn a_closed_stdout_pipe_is_not_an_error() {
    let env = Env::new();
    env.put(&sample_cache(1 << 20));
    let mut child = env
        .file_std_cmd()
        .arg("read")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// 8 processes × 25 writes each while readers read: every read is a complete,
/// valid document that some writer wrote; no lock or temp file is left.
#[test]
fn concurrent_writers_and_readers_never_see_a_partial_cache() {
    let env = Env::new();
    env.put(SMALL);
    let docs: Vec<Vec<u8>> = (0..8)
        .map(|w| {
            let mut d = sample_cache(64 << 10);
            // Make each writer's document distinct.
            let tail = d.len() - 1;
            d.splice(tail..tail, format!(",\"writer\":\"{w}\"").into_bytes());
            d
        })
        .collect();
    let mut writers: Vec<_> = (0..8)
        .map(|w| {
            let path = env.dir.path().join(format!("doc{w}.json"));
            std::fs::write(&path, &docs[w]).unwrap();
            env.file_sh(&format!(
                "for i in $(seq 25); do \"$TC\" write --input '{}' || exit 1; done",
                path.display()
            ))
            .spawn()
            .unwrap()
        })
        .collect();
    let mut reads = 0;
    loop {
        let running = writers.iter_mut().any(|c| c.try_wait().unwrap().is_none());
        let out = env.file_cmd().arg("read").output().unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(
            out.stdout == SMALL || docs.contains(&out.stdout),
            "read a document nobody wrote ({} bytes)",
            out.stdout.len()
        );
        reads += 1;
        if !running {
            break;
        }
    }
    for mut w in writers {
        assert!(w.wait().unwrap().success());
    }
    assert!(reads > 1);
    assert!(docs.contains(&env.stored().unwrap()));
    assert_eq!(
        env.cache_dir_names(),
        ["msal.cache.json"],
        "lock or temp files left behind"
    );
}

/// SIGKILL the writer while it writes a multi-MiB cache: the stored cache is
/// always the old or the new document, and the next write cleans up.
#[test]
fn a_writer_killed_mid_write_never_leaves_a_truncated_cache() {
    let env = Env::new();
    let old = sample_cache(4 << 20);
    env.put(&old);
    let mut new = sample_cache(4 << 20);
    new.splice(1..1, b"\"new\":true,".iter().copied());
    for i in 0..12u64 {
        let mut child = env
            .file_std_cmd()
            .arg("write")
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let mut stdin = child.stdin.take().unwrap();
        let _ = stdin.write_all(&new);
        drop(stdin);
        std::thread::sleep(Duration::from_micros(500 * i));
        let _ = child.kill();
        let _ = child.wait();
        let stored = env.stored().unwrap();
        assert!(
            stored == old || stored == new,
            "iteration {i}: {} bytes stored",
            stored.len()
        );
    }
    // The next writer recovers any stale lock and removes orphaned temp files.
    env.file_cmd()
        .args(["write", "--lock-timeout", "10s"])
        .write_stdin(SMALL)
        .assert()
        .success();
    assert_eq!(env.stored().unwrap(), SMALL);
    assert_eq!(
        env.cache_dir_names(),
        ["msal.cache.json"],
        "temp or lock files left"
    );
}

/// Linux: assumes the Linux user-root layout, util-linux tools or `auto` = Secret Service.
#[cfg(target_os = "linux")]
#[test]
fn boolean_environment_variables_take_the_usual_spellings() {
    let env = Env::new();
    // No Secret Service reachable: auto fails verification, and only the
    // plaintext fallback lets `read --allow-missing` succeed.
    let run = |value: &str| {
        env.cmd()
            .env("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/bus")
            .env("TOKENCACHE_CACHE_PATH", env.cache_path())
            .env("TOKENCACHE_PLAINTEXT_FALLBACK", value)
            .args(["read", "--allow-missing"])
            .output()
            .unwrap()
            .status
            .code()
    };
    for on in ["1", "true", "yes", "on"] {
        assert_eq!(run(on), Some(0), "{on}");
    }
    for off in ["0", "false", "no", "off"] {
        assert_eq!(run(off), Some(7), "{off}");
    }
    assert_eq!(run("maybe"), Some(2));
}

/// `write` refuses numbers CPython's json cannot load back (MSAL Python,
/// msal-extensions and the Azure CLI all read the cache with it): an
/// integer of more than 4300 digits (`ValueError`) and a number beyond a
/// double (`1e400` would come back as `Infinity`, not JSON). Exit 4, the
/// stored cache unchanged; the limits themselves are fine.
#[test]
fn numbers_python_cannot_load_are_refused() {
    let env = Env::new();
    env.put(SMALL);
    let int = |digits: usize| format!("{{\"n\":{}}}", "7".repeat(digits));
    for (input, message) in [
        (int(4301), "an integer of more than 4300 digits"),
        (
            format!("{{\"n\":-{}}}", "7".repeat(5000)),
            "an integer of more than 4300 digits",
        ),
        (
            "{\"n\":1e400}".to_string(),
            "a number beyond the range of a double",
        ),
        (
            "{\"n\":-1.5E309}".to_string(),
            "a number beyond the range of a double",
        ),
        (
            "{\"a\":[{\"n\":1e+999}]}".to_string(),
            "a number beyond the range of a double",
        ),
    ] {
        env.file_cmd()
            .arg("write")
            .write_stdin(input)
            .assert()
            .code(4)
            .stderr(predicate::str::contains(message).and(predicate::str::contains("cannot load")));
        assert_eq!(env.stored().unwrap(), SMALL);
    }
    for fine in [
        int(4300),
        "{\"n\":1.7976931348623157e308}".into(),
        "{\"n\":1e-400}".into(),
    ] {
        env.file_cmd()
            .arg("write")
            .write_stdin(fine.clone())
            .assert()
            .success();
        assert_eq!(env.stored().unwrap(), fine.as_bytes());
    }
}
