//! Shell manners: errors laid out like a Unix tool's, usage errors that name
//! the environment variable a bad value came from, and the exit statuses a
//! shell expects.

use std::process::Stdio;

use crate::util::Env;

fn stderr_of(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[test]
fn an_error_is_one_line_then_a_hint_without_numbering_or_colour() {
    let env = Env::new();
    let out = env.file_cmd().arg("read").output().unwrap();
    assert_eq!(out.status.code(), Some(3));
    let err = stderr_of(&out);
    let lines: Vec<&str> = err.lines().collect();
    assert_eq!(lines.len(), 2, "{err}");
    assert!(
        lines[0].starts_with("tokencache: no token cache is stored in plaintext file "),
        "{err}"
    );
    assert!(lines[1].starts_with("hint: "), "{err}");
    assert!(!err.contains("Error:") && !err.contains("   0:") && !err.contains("Suggestion"));
    assert!(!err.contains('\x1b'), "no colour on a pipe: {err:?}");
}

#[test]
fn json_errors_keep_their_shape() {
    let env = Env::new();
    let out = env.file_cmd().args(["--json", "read"]).output().unwrap();
    assert_eq!(out.status.code(), Some(3));
    let v: serde_json::Value = serde_json::from_slice(&out.stderr).unwrap();
    assert_eq!(v["error"]["code"], "no_cache");
    assert_eq!(v["error"]["exit"], 3);
    assert!(v["error"]["message"]
        .as_str()
        .unwrap()
        .starts_with("no token cache"));
    assert!(v["error"]["hint"].is_string());
}

/// Colour on a terminal (unless NO_COLOR), none otherwise.
#[cfg(target_os = "linux")]
#[test]
fn errors_are_coloured_only_on_a_terminal() {
    let env = Env::new();
    crate::require!(
        std::process::Command::new("script")
            .arg("--version")
            .output()
            .is_ok(),
        "util-linux `script` (a pseudo-terminal)"
    );
    let run = |no_color: bool| {
        let mut c = std::process::Command::new("script");
        env.isolate(&mut c);
        if !no_color {
            c.env_remove("NO_COLOR");
        }
        let out = c
            .env("TC", crate::util::bin())
            .env("TOKENCACHE_STORE", "file")
            .env("TOKENCACHE_CACHE_PATH", env.cache_path())
            .args(["-qec", "\"$TC\" read; echo EXIT=$?", "/dev/null"])
            .stdin(Stdio::null())
            .output()
            .unwrap();
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    let coloured = run(false);
    assert!(
        coloured.contains("\x1b[1;31mtokencache:\x1b[0m no token cache"),
        "{coloured:?}"
    );
    assert!(coloured.contains("\x1b[1;36mhint:\x1b[0m"), "{coloured:?}");
    assert!(coloured.contains("EXIT=3"), "{coloured:?}");
    let plain = run(true);
    assert!(
        plain.contains("tokencache: no token cache") && !plain.contains('\x1b'),
        "{plain:?}"
    );
}

#[test]
fn a_panic_is_reported_as_a_bug_to_file() {
    let env = Env::new();
    let out = env
        .file_cmd()
        .env("TOKENCACHE_TEST_PANIC", "1")
        .arg("read")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(101), "Rust's status for a panic");
    let err = stderr_of(&out);
    assert!(
        err.starts_with("tokencache: internal error: this is a bug"),
        "{err}"
    );
    assert!(err.contains("hint: please file a bug at https://"), "{err}");
    assert!(err.contains("panicked at src/main.rs"), "{err}");
    assert!(err.contains("backtrace:"), "the full report: {err}");
}

#[test]
fn a_bad_value_from_the_environment_names_the_variable() {
    let env = Env::new();
    let out = env
        .cmd()
        .env("TOKENCACHE_STORE", "bogus")
        .arg("read")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = stderr_of(&out);
    assert!(
        err.starts_with("tokencache: invalid value 'bogus' for the environment variable TOKENCACHE_STORE (--store)\n"),
        "{err}"
    );
    assert!(
        err.contains("hint: accepted values: auto, file, secret-service"),
        "{err}"
    );
    // Typed on the command line, the flag is named.
    let out = env
        .cmd()
        .args(["--store", "bogus", "read"])
        .output()
        .unwrap();
    assert!(stderr_of(&out).starts_with("tokencache: invalid value 'bogus' for '--store <STORE>'"));
}

#[test]
fn a_bad_boolean_variable_lists_the_accepted_values() {
    let env = Env::new();
    let out = env
        .file_cmd()
        .env("TOKENCACHE_QUIET", "maybe")
        .arg("read")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = stderr_of(&out);
    assert!(err.contains("TOKENCACHE_QUIET"), "{err}");
    assert!(
        err.contains("hint: accepted values: true, false, 1, 0, yes, no, on, off"),
        "{err}"
    );
}

/// CI templates expand an undefined variable to "": that means unset.
#[test]
fn empty_variables_are_unset() {
    let env = Env::new();
    env.put(b"{}");
    for var in [
        "TOKENCACHE_KEY_FILE",
        "TOKENCACHE_KEY_FD",
        "TOKENCACHE_PRESET",
        "TOKENCACHE_LOCK_TIMEOUT",
        "TOKENCACHE_QUIET",
        "TOKENCACHE_MAX_SIZE",
        "TOKENCACHE_SCOPE",
    ] {
        env.file_cmd()
            .env(var, "")
            .arg("read")
            .assert()
            .success()
            .stdout("{}");
    }
    // An empty store or path variable falls back to the default: the
    // default path under this test's HOME.
    let out = env
        .cmd()
        .env("TOKENCACHE_STORE", "")
        .env("TOKENCACHE_CACHE_PATH", "")
        .arg("path")
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    assert_eq!(
        String::from_utf8_lossy(&out.stdout).trim_end(),
        env.home()
            .join(".tokencache/cache.json")
            .display()
            .to_string()
    );
}

#[test]
fn usage_lines_do_not_show_environment_options_as_required() {
    let env = Env::new();
    let out = env.file_cmd().arg("remove").output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = stderr_of(&out);
    let usage = err
        .lines()
        .find(|l| l.starts_with("usage: "))
        .unwrap_or_else(|| panic!("{err}"));
    assert!(
        usage.starts_with("usage: tokencache remove [OPTIONS]"),
        "{err}"
    );
    assert!(
        !usage.contains("--cache-path") && !usage.contains("--store"),
        "{err}"
    );
    assert!(!err.contains("\n\n"), "no blank lines: {err:?}");
    assert!(
        err.ends_with("hint: run `tokencache help remove` for its options and exit codes\n"),
        "{err}"
    );
}

#[test]
fn json_usage_errors_keep_did_you_mean() {
    let env = Env::new();
    let out = env.cmd().args(["--json", "raed"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let v: serde_json::Value = serde_json::from_slice(&out.stderr).unwrap();
    assert_eq!(v["error"]["code"], "usage");
    assert_eq!(v["error"]["message"], "unrecognized subcommand 'raed'");
    assert!(
        v["error"]["hint"]
            .as_str()
            .unwrap()
            .contains("a similar subcommand exists: 'read'"),
        "{v}"
    );
    let out = env.cmd().args(["raed"]).output().unwrap();
    let err = stderr_of(&out);
    assert!(
        err.contains("hint: a similar subcommand exists: 'read'\n"),
        "{err}"
    );
}

/// Block until `pid` catches `sig` (its bit in SigCgt): tokencache has
/// entered the lock's critical section.
#[cfg(target_os = "linux")]
fn wait_until_catching(pid: u32, sig: i32) {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
    loop {
        let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
        let caught = status
            .lines()
            .find_map(|l| l.strip_prefix("SigCgt:"))
            .and_then(|mask| u64::from_str_radix(mask.trim(), 16).ok())
            .is_some_and(|mask| mask & (1 << (sig - 1)) != 0);
        if caught {
            return;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "pid {pid} never entered the lock"
        );
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
}

/// A signal during the lock wait exits 128 + its number, as a shell reports
/// a process that signal killed: SIGTERM 143 (not 130), SIGHUP 129.
#[cfg(target_os = "linux")]
#[test]
fn signals_during_the_lock_wait_exit_128_plus_the_signal() {
    for (sig, status) in [
        (libc::SIGTERM, 143),
        (libc::SIGHUP, 129),
        (libc::SIGINT, 130),
    ] {
        let env = Env::new();
        env.put(b"{}");
        let mut holder = std::process::Command::new("sleep")
            .arg("60")
            .spawn()
            .unwrap();
        std::fs::write(env.lock_path(), holder.id().to_string()).unwrap();
        let child = env
            .file_std_cmd()
            .arg("read")
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        wait_until_catching(child.id(), sig);
        // SAFETY: signalling our own child.
        assert_eq!(unsafe { libc::kill(child.id() as i32, sig) }, 0);
        let out = child.wait_with_output().unwrap();
        assert_eq!(out.status.code(), Some(status), "{}", stderr_of(&out));
        assert!(stderr_of(&out).starts_with("tokencache: interrupted"));
        holder.kill().unwrap();
        holder.wait().unwrap();
    }
}

/// `keygen --out -`: the key on stdout for a pipe, usable at once as
/// TOKENCACHE_KEY; no file named "-" appears.
#[test]
fn keygen_to_stdout_pipes_a_usable_key() {
    let env = Env::new();
    let out = env.cmd().args(["keygen", "--out", "-"]).output().unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    let key = String::from_utf8(out.stdout.clone()).unwrap();
    assert_eq!(key.len(), 45, "base64 of 32 bytes and a newline: {key:?}");
    assert!(key.ends_with('\n'));
    assert!(
        out.stderr.is_empty(),
        "nothing but the key: {}",
        stderr_of(&out)
    );
    assert!(!crate::util::exists(&env.dir.path().join("-")));
    let again = env.cmd().args(["keygen", "--out", "-"]).output().unwrap();
    assert_ne!(again.stdout, key.as_bytes(), "a new key each time");
    env.cmd()
        .env("TOKENCACHE_STORE", "encrypted-file")
        .env("TOKENCACHE_CACHE_PATH", env.cache_path())
        .env("TOKENCACHE_KEY", key.trim_end())
        .arg("write")
        .write_stdin("{}")
        .assert()
        .success();
    env.cmd()
        .env("TOKENCACHE_STORE", "encrypted-file")
        .env("TOKENCACHE_CACHE_PATH", env.cache_path())
        .env("TOKENCACHE_KEY", key.trim_end())
        .arg("read")
        .assert()
        .success()
        .stdout("{}");
}

#[cfg(target_os = "linux")]
#[test]
fn keygen_refuses_to_print_a_key_on_a_terminal() {
    let env = Env::new();
    let Some(screen) = env.file_cmd_on_tty("keygen --out -") else {
        crate::require!(false, "util-linux `script` (a pseudo-terminal)");
        return;
    };
    assert!(
        screen.contains("tokencache: refusing to print a key to a terminal"),
        "{screen}"
    );
    assert!(screen.contains("EXIT=2"), "{screen}");
    // No 44-character base64 word reached the screen.
    assert!(
        !screen
            .split_whitespace()
            .any(|w| w.len() == 44 && w.ends_with('=')),
        "{screen}"
    );
}

/// The internal `generate` command and the test-only `--now` are offered
/// neither by the completions nor by the bare `tokencache` message.
#[test]
fn completions_and_the_bare_message_hide_internal_options() {
    let env = Env::new();
    let out = env.dir.path().join("gen");
    env.cmd()
        .args(["generate", "--out-dir"])
        .arg(&out)
        .assert()
        .success();
    for entry in std::fs::read_dir(out.join("completions")).unwrap() {
        let path = entry.unwrap().path();
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(!text.contains("generate"), "{}", path.display());
        assert!(
            !text.contains("--now") && !text.contains("'now'"),
            "{}",
            path.display()
        );
        assert!(
            text.contains("update") && text.contains("inspect"),
            "{}",
            path.display()
        );
    }
    let bare = env.cmd().output().unwrap();
    assert_eq!(bare.status.code(), Some(2));
    let text = stderr_of(&bare);
    assert!(
        text.contains("Commands:") && text.contains("update"),
        "{text}"
    );
    assert!(
        !text.contains("generate") && !text.contains("--now"),
        "{text}"
    );
}
