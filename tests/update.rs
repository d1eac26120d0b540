//! `update -- CMD`: read, transform and write back under one hold of the lock.

use std::process::Stdio;
use std::time::{Duration, Instant};

use predicates::prelude::*;

use crate::support::{exists, sample_cache, wait_for, Env, OutputExt};

const DOC: &[u8] = br#"{"AccessToken":{"k":{"secret":"s"}},"RefreshToken":{}}"#;

fn setup() -> Env {
    let env = Env::new();
    env.put(DOC);
    env
}

#[test]
fn the_commands_output_replaces_the_cache() {
    let env = setup();
    env.file_cmd()
        .args(["update", "--", "sed", "s/\"AccessToken\":{[^}]*}},//"])
        .assert()
        .success()
        .stdout("")
        .stderr(predicate::str::contains(
            "updated the cache in plaintext file",
        ));
    assert_eq!(env.stored().unwrap(), br#"{"RefreshToken":{}}"#);
    assert_eq!(
        env.cache_dir_names(),
        ["msal.cache.json"],
        "no lock or temp file left"
    );
}

#[test]
fn the_command_gets_the_stored_cache_exactly_and_json_reports_the_change() {
    let env = Env::new();
    let big = sample_cache(256 << 10);
    env.put(&big);
    let seen = env.dir.path().join("seen");
    let out = env
        .file_cmd()
        .env("SEEN", &seen)
        .args([
            "--json",
            "update",
            "--",
            "sh",
            "-c",
            "cat > \"$SEEN\"; printf '{}'",
        ])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", out.stderr_text());
    assert_eq!(std::fs::read(&seen).unwrap(), big);
    assert_eq!(env.stored().unwrap(), b"{}");
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["changed"], true);
}

/// A CMD that never reads its stdin (the pipe closes under a large cache).
#[test]
fn a_command_that_ignores_its_input_is_fine() {
    let env = Env::new();
    env.put(&sample_cache(1 << 20));
    env.file_cmd()
        .args(["update", "--", "printf", "{\"AccessToken\":{}}"])
        .assert()
        .success();
    assert_eq!(env.stored().unwrap(), br#"{"AccessToken":{}}"#);
}

#[test]
fn a_failing_command_changes_nothing_and_its_status_is_passed_on() {
    let env = setup();
    for (script, status) in [
        ("cat; exit 3", 3),
        ("printf '{}'; exit 42", 42),
        ("kill -9 $$", 137),
    ] {
        let out = env
            .file_cmd()
            .args(["update", "--", "sh", "-c", script])
            .output()
            .unwrap();
        assert_eq!(
            out.status.code(),
            Some(status),
            "{script}: {}",
            out.stderr_text()
        );
        let err = out.stderr_text();
        assert!(err.starts_with("tokencache: sh "), "{err}");
        assert!(err.contains("the stored cache was not changed"), "{err}");
        assert_eq!(env.stored().unwrap(), DOC, "{script}");
        assert_eq!(env.cache_dir_names(), ["msal.cache.json"]);
    }
    let out = env
        .file_cmd()
        .args(["--json", "update", "--", "false"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_slice(&out.stderr).unwrap();
    assert_eq!(v["error"]["code"], "command_failed");
    assert_eq!(v["error"]["exit"], 1);
}

#[test]
fn invalid_output_is_refused_like_writes_input() {
    let env = setup();
    for (script, why) in [
        ("printf '[1]'", "array"),
        ("true", "empty"),
        ("printf '{\"a\":1,\"a\":2}'", "twice"),
        ("printf '{'", "JSON"),
    ] {
        let out = env
            .file_cmd()
            .args(["update", "--", "sh", "-c", script])
            .output()
            .unwrap();
        assert_eq!(
            out.status.code(),
            Some(4),
            "{script}: {}",
            out.stderr_text()
        );
        let err = out.stderr_text();
        assert!(
            err.starts_with("tokencache: invalid input: the output of sh "),
            "{err}"
        );
        assert!(err.contains(why), "{script}: {err}");
        assert_eq!(env.stored().unwrap(), DOC);
    }
    // More than --max-size: cut off, refused.
    let out = env
        .file_cmd()
        .args([
            "update",
            "--max-size",
            "1KiB",
            "--",
            "sh",
            "-c",
            "printf '{\"a\":\"'; yes | head -c 100000; printf '\"}'",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(4), "{}", out.stderr_text());
    assert!(out
        .stderr_text()
        .contains("larger than the limit of 1024 bytes"));
    assert_eq!(env.stored().unwrap(), DOC);
}

#[test]
fn a_command_that_cannot_start_is_127_or_126() {
    let env = setup();
    let out = env
        .file_cmd()
        .args(["update", "--", "no-such-command-tokencache"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(127), "{}", out.stderr_text());
    assert!(out
        .stderr_text()
        .contains("cannot run no-such-command-tokencache"));
    let script = env.dir.path().join("not-executable.sh");
    std::fs::write(&script, "#!/bin/sh\ncat\n").unwrap();
    let out = env
        .file_cmd()
        .arg("update")
        .arg("--")
        .arg(&script)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(126), "{}", out.stderr_text());
    assert_eq!(env.stored().unwrap(), DOC);
    assert_eq!(env.cache_dir_names(), ["msal.cache.json"]);
}

#[test]
fn no_cache_is_exit_3_unless_allow_missing_feeds_an_empty_object() {
    let env = Env::new();
    let out = env
        .file_cmd()
        .args(["update", "--", "cat"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3));
    assert!(env.stored().is_none());
    env.file_cmd()
        .args([
            "update",
            "--allow-missing",
            "--",
            "sed",
            "s/^{}$/{\"AccessToken\":{}}/",
        ])
        .assert()
        .success();
    assert_eq!(env.stored().unwrap(), br#"{"AccessToken":{}}"#);
}

#[test]
fn the_command_is_required_after_the_double_dash() {
    let env = setup();
    let out = env.file_cmd().arg("update").output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(out
        .stderr_text()
        .contains("usage: tokencache update [OPTIONS] -- <CMD>..."));
}

/// Unchanged output is not rewritten (the file's mtime tells MSAL apps to reload).
#[test]
fn unchanged_output_is_not_rewritten() {
    let env = setup();
    let before = std::fs::metadata(env.cache_path())
        .unwrap()
        .modified()
        .unwrap();
    std::thread::sleep(Duration::from_millis(20));
    env.file_cmd()
        .args(["update", "--", "cat"])
        .assert()
        .success()
        .stderr(predicate::str::contains("was not rewritten"));
    let after = std::fs::metadata(env.cache_path())
        .unwrap()
        .modified()
        .unwrap();
    assert_eq!(before, after);
}

/// Ten concurrent updates, each adding its own key with a slow transform:
/// none is lost, because each read-transform-write is one hold of the lock.
#[test]
fn concurrent_updates_lose_nothing() {
    let env = Env::new();
    env.put(b"{\"AccessToken\":{}}");
    let children: Vec<_> = (0..10)
        .map(|i| {
            env.file_std_cmd()
                .args([
                    "update",
                    "--",
                    "sh",
                    "-c",
                    &format!("input=$(cat); sleep 0.05; printf '%s' \"$input\" | sed 's/^{{/{{\"k{i}\":{i},/'"),
                ])
                .stderr(Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    for c in children {
        let out = c.wait_with_output().unwrap();
        assert!(out.status.success(), "{}", out.stderr_text());
    }
    let doc: serde_json::Value = serde_json::from_slice(&env.stored().unwrap()).unwrap();
    for i in 0..10 {
        assert_eq!(doc[format!("k{i}")], i, "update {i} was lost: {doc}");
    }
}

/// The lock's wait and timeout apply: while another update holds the lock,
/// a second one with a short timeout gives up (exit 6) and its CMD never runs.
#[test]
fn the_lock_timeout_applies_and_the_command_does_not_run_without_the_lock() {
    let env = setup();
    let started = env.dir.path().join("started");
    let holder = env
        .file_std_cmd()
        .env("STARTED", &started)
        .args([
            "update",
            "--",
            "sh",
            "-c",
            "touch \"$STARTED\"; sleep 2; cat",
        ])
        .spawn()
        .unwrap();
    wait_for(&started);
    let ran = env.dir.path().join("ran");
    let out = env
        .file_cmd()
        .env("RAN", &ran)
        .args([
            "--lock-timeout",
            "300ms",
            "update",
            "--",
            "sh",
            "-c",
            "touch \"$RAN\"; cat",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(6), "{}", out.stderr_text());
    assert!(!exists(&ran), "CMD ran without the lock");
    let out = holder.wait_with_output().unwrap();
    assert!(out.status.success());
    assert_eq!(env.stored().unwrap(), DOC);
}

/// Ctrl-C (or SIGTERM) while CMD runs: CMD is stopped, nothing changes,
/// the lock is released, and the status is 128 + the signal.
#[test]
fn a_signal_while_the_command_runs_stops_it_and_changes_nothing() {
    for (sig, status) in [
        (libc::SIGINT, 130),
        (libc::SIGTERM, 143),
        (libc::SIGHUP, 129),
    ] {
        let env = setup();
        let started = env.dir.path().join("started");
        let pidfile = env.dir.path().join("cmd.pid");
        let child = env
            .file_std_cmd()
            .env("STARTED", &started)
            .env("PIDFILE", &pidfile)
            .args([
                "update",
                "--",
                "sh",
                "-c",
                "echo $$ > \"$PIDFILE\"; touch \"$STARTED\"; exec sleep 30",
            ])
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        wait_for(&started);
        let t0 = Instant::now();
        // SAFETY: signalling our own child (tokencache only, not CMD).
        assert_eq!(unsafe { libc::kill(child.id() as i32, sig) }, 0);
        let out = child.wait_with_output().unwrap();
        assert!(
            t0.elapsed() < Duration::from_secs(10),
            "CMD was not stopped"
        );
        assert_eq!(
            out.status.code(),
            Some(status),
            "signal {sig}: {}",
            out.stderr_text()
        );
        assert!(out.stderr_text().contains("interrupted"));
        assert_eq!(env.stored().unwrap(), DOC);
        assert_eq!(env.cache_dir_names(), ["msal.cache.json"], "lock released");
        let pid: i32 = std::fs::read_to_string(&pidfile)
            .unwrap()
            .trim()
            .parse()
            .unwrap();
        // SAFETY: signal 0 only checks existence.
        assert_ne!(
            unsafe { libc::kill(pid, 0) },
            0,
            "CMD (pid {pid}) still runs"
        );
    }
}

/// The pid written to `path` by a test's CMD.
fn pid_in(path: &std::path::Path) -> i32 {
    std::fs::read_to_string(path)
        .unwrap()
        .trim()
        .parse()
        .unwrap()
}

fn alive(pid: i32) -> bool {
    // SAFETY: signal 0 only checks existence.
    unsafe { libc::kill(pid, 0) == 0 }
}

/// Wait for tokencache to exit. A hang guard, not a timing assertion: on
/// main before the fix tokencache waited for a grandchild that sleeps for
/// 300 s; here it is killed (with `also`) and the test fails.
fn exit_within(mut child: std::process::Child, also: &[i32]) -> std::process::Output {
    let deadline = Instant::now() + Duration::from_secs(60);
    while child.try_wait().unwrap().is_none() {
        if Instant::now() > deadline {
            for pid in also {
                // SAFETY: the test's own grandchild, recorded by its CMD.
                unsafe { libc::kill(*pid, libc::SIGKILL) };
            }
            let _ = child.kill();
            let _ = child.wait();
            panic!("tokencache waited for a process CMD started, not for CMD");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    child.wait_with_output().unwrap()
}

/// A signal stops CMD's whole process group, grandchildren included (one
/// ignores SIGTERM and gets SIGKILL after the grace period); tokencache
/// does not wait for a grandchild that holds CMD's stdout.
#[test]
fn a_signal_stops_the_commands_whole_group_and_releases_the_lock() {
    for script in [
        // A background grandchild that holds CMD's stdout.
        "sleep 300 & echo $! > \"$GPID\"; touch \"$STARTED\"; wait",
        // One that ignores SIGTERM (and so does its sleep).
        "(trap '' TERM INT HUP; exec sleep 300) & echo $! > \"$GPID\"; touch \"$STARTED\"; wait",
    ] {
        let env = setup();
        let started = env.dir.path().join("started");
        let gpid = env.dir.path().join("gpid");
        let child = env
            .file_std_cmd()
            .env("STARTED", &started)
            .env("GPID", &gpid)
            .args(["update", "--", "sh", "-c", script])
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        wait_for(&started);
        let grandchild = pid_in(&gpid);
        // SAFETY: signalling our own child (tokencache only, not CMD).
        assert_eq!(unsafe { libc::kill(child.id() as i32, libc::SIGTERM) }, 0);
        let out = exit_within(child, &[grandchild]);
        assert_eq!(
            out.status.code(),
            Some(143),
            "{script}: {}",
            out.stderr_text()
        );
        assert_eq!(env.stored().unwrap(), DOC);
        assert_eq!(env.cache_dir_names(), ["msal.cache.json"], "lock released");
        // Killed, not only orphaned (it may linger as a zombie for a moment
        // until init reaps it: /proc says which).
        let deadline = Instant::now() + Duration::from_secs(10);
        while alive(grandchild)
            && !std::fs::read_to_string(format!("/proc/{grandchild}/stat"))
                .is_ok_and(|s| s.contains(") Z "))
        {
            assert!(Instant::now() < deadline, "{script}: grandchild still runs");
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

/// CMD exits leaving a background child that holds its stdout: tokencache
/// stores CMD's output and releases the lock when CMD exits; the child goes
/// on running (documented), with its stdout closed. (Its stderr is not the
/// test's pipe, which the test reads to the end.)
#[test]
fn a_background_child_that_outlives_the_command_does_not_keep_the_lock() {
    let env = setup();
    let gpid = env.dir.path().join("gpid");
    let child = env
        .file_std_cmd()
        .env("GPID", &gpid)
        .args([
            "update",
            "--",
            "sh",
            "-c",
            "cat >/dev/null; sleep 300 2>/dev/null & echo $! > \"$GPID\"; printf '{\"AccessToken\":{}}'",
        ])
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let out = exit_within(child, &[]);
    let grandchild = pid_in(&gpid);
    let still_running = alive(grandchild);
    // SAFETY: the test's own grandchild, recorded by its CMD.
    unsafe { libc::kill(grandchild, libc::SIGKILL) };
    assert!(out.status.success(), "{}", out.stderr_text());
    assert_eq!(env.stored().unwrap(), br#"{"AccessToken":{}}"#);
    assert_eq!(env.cache_dir_names(), ["msal.cache.json"], "lock released");
    assert!(still_running, "the background child is left alone");
}

/// CMD's environment has none of the secrets tokencache reads: the
/// encrypted file's key and passphrase, the Redis password and URL, and the
/// variable --entropy-env names.
#[test]
fn the_command_does_not_get_tokencaches_secrets() {
    let env = setup();
    let seen = env.dir.path().join("env");
    let out = env
        .file_cmd()
        .env("SEEN", &seen)
        .env("TOKENCACHE_KEY", "c2VjcmV0LWtleQ==")
        .env("TOKENCACHE_PASSPHRASE", "secret-passphrase")
        .env("TOKENCACHE_REDIS_PASSWORD", "secret-redis-password")
        .env(
            "TOKENCACHE_REDIS_URL",
            "redis://:secret-in-url@127.0.0.1:1/",
        )
        .env("TOKENCACHE_ENTROPY_ENV", "MY_ENTROPY")
        .env("MY_ENTROPY", "secret-entropy")
        .env("KEEP_ME", "visible")
        .args(["update", "--", "sh", "-c", "env > \"$SEEN\"; cat"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", out.stderr_text());
    let seen = std::fs::read_to_string(&seen).unwrap();
    assert!(seen.contains("KEEP_ME=visible"), "{seen}");
    for secret in [
        "TOKENCACHE_KEY=",
        "TOKENCACHE_PASSPHRASE=",
        "TOKENCACHE_REDIS_PASSWORD=",
        "TOKENCACHE_REDIS_URL=",
        "MY_ENTROPY=",
        "secret",
    ] {
        assert!(!seen.contains(secret), "CMD saw {secret}: {seen}");
    }
}
