//! `exec -- CMD` through the real binary: the token `token` would print, in
//! CMD's environment only (never its argv), CMD's own exit status and
//! signals, and none of tokencache's secrets.

use std::os::unix::process::ExitStatusExt;
use std::process::Stdio;
use std::time::{Duration, Instant};

use crate::support::{exists, Env, OutputExt};
use crate::token::{cache, put, ARM, NOW};

fn setup() -> Env {
    let env = Env::new();
    put(&env, &cache());
    env
}

fn exec(env: &Env) -> assert_cmd::Command {
    let mut c = env.file_cmd();
    c.env("TOKENCACHE_NOW", NOW.to_string()).args([
        "exec",
        "--scope",
        ARM,
        "--user",
        "alice@contoso.com",
    ]);
    c
}

#[test]
fn the_token_is_in_cmds_environment_only() {
    let env = setup();
    let dir = env.dir.path();
    let out = exec(&env)
        .env("D", dir)
        .env("TOKENCACHE_KEY", "c2VjcmV0LWtleQ==")
        .env("TOKENCACHE_REDIS_PASSWORD", "secret-redis-password")
        .args([
            "--",
            "sh",
            "-c",
            "printf %s \"$AZURE_ACCESS_TOKEN\" > \"$D/token\"; tr '\\0' ' ' < /proc/$$/cmdline > \"$D/argv\"; env > \"$D/env\"",
        ])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", out.stderr_text());
    assert_eq!(
        std::fs::read_to_string(dir.join("token")).unwrap(),
        "alice-arm-token"
    );
    assert!(!std::fs::read_to_string(dir.join("argv"))
        .unwrap()
        .contains("alice-arm-token"));
    let seen = std::fs::read_to_string(dir.join("env")).unwrap();
    assert!(
        !seen.contains("TOKENCACHE_KEY=") && !seen.contains("secret-redis-password"),
        "{seen}"
    );
    assert!(out.stdout.is_empty(), "nothing of tokencache's on stdout");

    // --env names the variables instead (several at once).
    let out = exec(&env)
        .env("D", dir)
        .args(["--env", "API_TOKEN", "--env", "OTHER", "--"])
        .args(["sh", "-c", "printf '%s|%s|%s' \"$API_TOKEN\" \"$OTHER\" \"${AZURE_ACCESS_TOKEN-unset}\" > \"$D/token\""])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", out.stderr_text());
    assert_eq!(
        std::fs::read_to_string(dir.join("token")).unwrap(),
        "alice-arm-token|alice-arm-token|unset"
    );
}

#[test]
fn the_exit_status_is_cmds_and_126_127_as_a_shell_says() {
    let env = setup();
    let status = |args: &[&str]| exec(&env).arg("--").args(args).output().unwrap().status;
    assert_eq!(status(&["sh", "-c", "exit 7"]).code(), Some(7));
    assert_eq!(status(&["no-such-command-tokencache"]).code(), Some(127));
    let script = env.dir.path().join("not-executable.sh");
    std::fs::write(&script, "#!/bin/sh\ntrue\n").unwrap();
    assert_eq!(status(&[script.to_str().unwrap()]).code(), Some(126));
    // A signal ends CMD as it ends any process: a shell reports 128 + N.
    assert_eq!(status(&["sh", "-c", "kill -TERM $$"]).signal(), Some(15));
    let out = std::process::Command::new("sh")
        .arg("-c")
        .arg("\"$TC\" exec --scope \"$ARM\" --user alice@contoso.com -- sh -c 'kill -TERM $$'; echo $?")
        .env("TC", crate::support::bin())
        .env("ARM", ARM)
        .env("TOKENCACHE_NOW", NOW.to_string())
        .env("TOKENCACHE_STORE", "file")
        .env("TOKENCACHE_CACHE_PATH", env.cache_path())
        .env("HOME", env.home())
        .output()
        .unwrap();
    assert_eq!(String::from_utf8_lossy(&out.stdout).trim(), "143");
}

/// SIGTERM sent to the pid that was started as tokencache reaches CMD.
#[test]
fn signals_reach_cmd() {
    let env = setup();
    let dir = env.dir.path();
    let child = env
        .file_std_cmd()
        .env("TOKENCACHE_NOW", NOW.to_string())
        .env("D", dir)
        .args(["exec", "--scope", ARM, "--user", "alice@contoso.com", "--"])
        .args([
            "sh",
            "-c",
            "trap 'echo got-term > \"$D/got\"; exit 0' TERM; touch \"$D/started\"; while :; do sleep 0.05; done",
        ])
        .stdout(Stdio::null())
        .spawn()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(30);
    while !exists(&dir.join("started")) {
        assert!(Instant::now() < deadline, "CMD never started");
        std::thread::sleep(Duration::from_millis(10));
    }
    // SAFETY: signalling our own child.
    assert_eq!(unsafe { libc::kill(child.id() as i32, libc::SIGTERM) }, 0);
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(
        std::fs::read_to_string(dir.join("got")).unwrap().trim(),
        "got-term"
    );
}

#[test]
fn no_token_is_exit_3_and_cmd_does_not_run() {
    let env = setup();
    let ran = env.dir.path().join("ran");
    let out = env
        .file_cmd()
        .env("TOKENCACHE_NOW", NOW.to_string())
        .env("RAN", &ran)
        .args([
            "exec",
            "--scope",
            "https://vault.azure.net/.default",
            "--user",
            "alice@contoso.com",
        ])
        .args(["--", "sh", "-c", "touch \"$RAN\""])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3), "{}", out.stderr_text());
    assert!(!exists(&ran));
    let out = env
        .file_cmd()
        .args(["exec", "--scope", ARM, "--env", "1BAD", "--", "true"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", out.stderr_text());
}
