//! Shell manners: errors laid out like a Unix tool's, usage errors that name
//! the environment variable a bad value came from, and the exit statuses a
//! shell expects.

#[cfg(target_os = "linux")]
use std::process::Stdio;

#[cfg(target_os = "linux")]
use crate::support::wait_until_catching;
use crate::support::{Env, OutputExt};

#[test]
fn an_error_is_one_line_then_a_hint_without_numbering_or_colour() {
    let env = Env::new();
    let out = env.file_cmd().arg("read").output().unwrap();
    assert_eq!(out.status.code(), Some(3));
    let err = out.stderr_text();
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
            .env("TC", crate::support::bin())
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

/// The environment cannot make the allocator speak: the static release
/// binaries allocate with mimalloc, built to read no `MIMALLOC_*` variable
/// (which would otherwise print its statistics and warnings on stderr, and
/// change how it maps memory). Other builds use the system allocator.
#[test]
fn no_allocator_variable_changes_what_is_printed() {
    let env = Env::new();
    let plain = env.file_cmd().arg("path").output().unwrap();
    let out = env
        .file_cmd()
        .arg("path")
        .env("MIMALLOC_SHOW_STATS", "1")
        .env("MIMALLOC_VERBOSE", "1")
        .env("MIMALLOC_SHOW_ERRORS", "1")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", out.stderr_text());
    assert_eq!(out.stdout, plain.stdout);
    assert_eq!(out.stderr_text(), "", "nothing on stderr");
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
    let err = out.stderr_text();
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
    let err = out.stderr_text();
    assert!(
        err.starts_with("tokencache: invalid value 'bogus' for the environment variable TOKENCACHE_STORE (--store)\n"),
        "{err}"
    );
    assert!(
        err.contains("hint: accepted values: auto, file, secret-service"),
        "{err}"
    );
    // Checked by tokencache itself, not clap: named the same way.
    let out = env
        .cmd()
        .env("TOKENCACHE_CACHE_PATH", "/")
        .arg("path")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(out
        .stderr_text()
        .starts_with("tokencache: TOKENCACHE_CACHE_PATH `/` does not name a file"));
    // Typed on the command line, the flag is named.
    let out = env
        .cmd()
        .args(["--store", "bogus", "read"])
        .output()
        .unwrap();
    assert!(out
        .stderr_text()
        .starts_with("tokencache: invalid value 'bogus' for '--store <STORE>'"));
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
    let err = out.stderr_text();
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
    assert!(out.status.success(), "{}", out.stderr_text());
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
    let err = out.stderr_text();
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
            .starts_with("did you mean the command `read`?"),
        "{v}"
    );
    // Only close matches: clap alone also offered `redis` for `raed`, and
    // `keygen` for `tken`.
    for (typed, meant) in [("raed", "read"), ("tken", "token"), ("verfy", "verify")] {
        let out = env.cmd().arg(typed).output().unwrap();
        let err = out.stderr_text();
        assert!(
            err.contains(&format!("\nhint: did you mean the command `{meant}`?\n")),
            "{err}"
        );
        assert!(!err.contains("redis") && !err.contains("keygen"), "{err}");
    }
    let out = env.cmd().arg("xyzzy").output().unwrap();
    assert!(
        !out.stderr_text().contains("did you mean"),
        "{}",
        out.stderr_text()
    );
    let out = env.cmd().args(["read", "--jsn"]).output().unwrap();
    assert!(
        out.stderr_text()
            .contains("hint: did you mean the option `--json`?"),
        "{}",
        out.stderr_text()
    );
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
        assert_eq!(out.status.code(), Some(status), "{}", out.stderr_text());
        assert!(out.stderr_text().starts_with("tokencache: interrupted"));
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
    assert!(out.status.success(), "{}", out.stderr_text());
    let key = String::from_utf8(out.stdout.clone()).unwrap();
    assert_eq!(key.len(), 45, "base64 of 32 bytes and a newline: {key:?}");
    assert!(key.ends_with('\n'));
    assert!(
        out.stderr.is_empty(),
        "nothing but the key: {}",
        out.stderr_text()
    );
    assert!(!crate::support::exists(&env.dir.path().join("-")));
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
    let text = bare.stderr_text();
    assert!(
        text.contains("Commands:") && text.contains("update"),
        "{text}"
    );
    assert!(
        !text.contains("generate") && !text.contains("--now"),
        "{text}"
    );
}

/// Advice that fits: an encrypted file read as plaintext is pointed to its
/// store (never to `clear`); `inspect` of nothing does not offer an option
/// `inspect` rejects; no D-Bus offers the encrypted file too.
#[test]
fn advice_fits_the_situation() {
    let env = Env::new();
    let key = env
        .cmd()
        .args(["keygen", "--out", "-"])
        .output()
        .unwrap()
        .stdout;
    let key = String::from_utf8(key).unwrap();
    let enc = |c: &mut assert_cmd::Command| {
        c.env("TOKENCACHE_STORE", "encrypted-file")
            .env("TOKENCACHE_CACHE_PATH", env.cache_path())
            .env("TOKENCACHE_KEY", key.trim_end());
    };
    let mut w = env.cmd();
    enc(&mut w);
    w.arg("write").write_stdin("{}").assert().success();
    let before = env.stored().unwrap();
    for args in [&["read"][..], &["inspect"], &["update", "--", "cat"]] {
        let out = env.file_cmd().args(args).output().unwrap();
        let err = out.stderr_text();
        assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
        assert!(
            err.contains("holds a tokencache encrypted file, not cache JSON"),
            "{err}"
        );
        assert!(err.contains("--store encrypted-file"), "{err}");
        assert!(!err.contains("clear"), "destructive advice: {err}");
    }
    assert_eq!(env.stored().unwrap(), before);

    let empty = Env::new();
    let out = empty.file_cmd().arg("inspect").output().unwrap();
    assert_eq!(out.status.code(), Some(3));
    let err = out.stderr_text();
    assert!(!err.contains("pass --allow-missing"), "{err}");
    empty
        .file_cmd()
        .args(["inspect", "--allow-missing"])
        .assert()
        .code(2);
    // What the hint offers works.
    empty
        .file_cmd()
        .args(["read", "--allow-missing"])
        .assert()
        .success()
        .stdout("{}");

    #[cfg(target_os = "linux")]
    {
        let out = empty
            .cmd()
            .env("TOKENCACHE_CACHE_PATH", empty.cache_path())
            .env("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent")
            .arg("read")
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(7));
        let err = out.stderr_text();
        assert!(
            err.contains("--store encrypted-file") && err.contains("--plaintext-fallback"),
            "{err}"
        );
    }
}

/// `auto` falling back to the encrypted file is not a downgrade: a note,
/// said once, silenced by -q; commands whose output reports the fallback do
/// not repeat it on stderr. The plaintext fallback stays a warning under -q.
#[cfg(target_os = "linux")]
#[test]
fn quiet_silences_the_encrypted_fallback_note_but_not_the_plaintext_warning() {
    let env = Env::new();
    let key = String::from_utf8(
        env.cmd()
            .args(["keygen", "--out", "-"])
            .output()
            .unwrap()
            .stdout,
    )
    .unwrap();
    let auto = || {
        let mut c = env.cmd();
        c.env("TOKENCACHE_CACHE_PATH", env.cache_path())
            .env("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent");
        c
    };
    let out = auto()
        .env("TOKENCACHE_KEY", key.trim_end())
        .args(["read", "--allow-missing"])
        .output()
        .unwrap();
    let err = out.stderr_text();
    assert!(out.status.success(), "{err}");
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(
        err.starts_with("note: secret-service store unavailable (cannot connect"),
        "{err}"
    );
    assert_eq!(err.matches("unavailable").count(), 1, "said once: {err}");
    let out = auto()
        .env("TOKENCACHE_KEY", key.trim_end())
        .args(["-q", "read", "--allow-missing"])
        .output()
        .unwrap();
    assert!(out.status.success());
    assert!(out.stderr.is_empty(), "{}", out.stderr_text());
    let out = auto()
        .env("TOKENCACHE_KEY", key.trim_end())
        .arg("verify")
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", out.stderr_text());
    assert!(
        out.stderr.is_empty(),
        "verify reports the fallback itself: {}",
        out.stderr_text()
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("fallback: from secret-service"));
    let out = auto()
        .args(["-q", "--plaintext-fallback", "read", "--allow-missing"])
        .output()
        .unwrap();
    assert!(
        out.stderr_text()
            .starts_with("warning: secret-service store unavailable"),
        "{}",
        out.stderr_text()
    );
}

#[test]
fn remove_refuses_a_misspelt_section_and_matches_client_ids_in_any_case() {
    let env = Env::new();
    let doc = r#"{"AccessToken":{"t":{"client_id":"04b07795-8ddf-461a-bbee-02f9e1bf7b46","home_account_id":"u"}},"RefreshToken":{},"Custom":{"x":{}}}"#;
    env.put(doc.as_bytes());
    for (section, suggestion) in [
        ("accesstoken", "AccessToken"),
        ("AccessTokens", "AccessToken"),
        ("Acount", "Account"),
    ] {
        let out = env
            .file_cmd()
            .args(["remove", "--section", section])
            .output()
            .unwrap();
        let err = out.stderr_text();
        assert_eq!(out.status.code(), Some(2), "{err}");
        assert!(
            err.starts_with(&format!("tokencache: unknown section `{section}`\n")),
            "{err}"
        );
        assert!(
            err.contains(&format!("hint: did you mean `{suggestion}`?")),
            "{err}"
        );
    }
    let out = env
        .file_cmd()
        .args(["--json", "remove", "--section", "accesstoken"])
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stderr).unwrap();
    assert_eq!(v["error"]["code"], "usage");
    assert!(v["error"]["hint"]
        .as_str()
        .unwrap()
        .contains("did you mean `AccessToken`"));
    assert_eq!(env.stored().unwrap(), doc.as_bytes(), "nothing changed");
    // A section the cache has is known, even if MSAL does not define it.
    env.file_cmd()
        .args(["remove", "--section", "Custom", "--dry-run"])
        .assert()
        .success();
    // Without a cache, a misspelt section is still refused.
    Env::new()
        .file_cmd()
        .args(["remove", "--section", "accesstoken"])
        .assert()
        .code(2);
    // Client ids compare case-insensitively, like user names.
    env.file_cmd()
        .args([
            "remove",
            "--client-id",
            "04B07795-8DDF-461A-BBEE-02F9E1BF7B46",
            "--section",
            "AccessToken",
        ])
        .assert()
        .success()
        .stderr(predicates::str::contains("removed 1 entry"));
}

/// A literal `~` (GitHub Actions `env:` passes it unexpanded) is expanded as
/// the shell would have done, never created as a directory named `~`.
#[test]
fn a_literal_tilde_is_expanded_as_the_shell_would() {
    let env = Env::new();
    env.cmd()
        .env("TOKENCACHE_STORE", "file")
        .env("TOKENCACHE_CACHE_PATH", "~/.tokencache/x.json")
        .arg("write")
        .write_stdin("{}")
        .assert()
        .success();
    assert_eq!(
        std::fs::read(env.home().join(".tokencache/x.json")).unwrap(),
        b"{}"
    );
    assert!(
        !crate::support::exists(&env.dir.path().join("~")),
        "no ./~ directory"
    );
    let out = env
        .cmd()
        .env("TOKENCACHE_CACHE_PATH", "~/.tokencache/x.json")
        .arg("path")
        .output()
        .unwrap();
    assert_eq!(
        String::from_utf8_lossy(&out.stdout).trim_end(),
        env.home().join(".tokencache/x.json").display().to_string()
    );
    // --input and keygen --out too.
    env.file_cmd()
        .args(["inspect", "--input", "~/.tokencache/x.json"])
        .assert()
        .success();
    env.cmd()
        .args(["keygen", "--out", "~/k/tc.key"])
        .assert()
        .success();
    assert!(env.home().join("k/tc.key").is_file());
    // `~user` is refused, not guessed.
    let out = env
        .cmd()
        .env("TOKENCACHE_CACHE_PATH", "~someone/x.json")
        .arg("path")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(out
        .stderr_text()
        .starts_with("tokencache: cannot expand `~someone`"));
    // A `~` elsewhere is an ordinary character.
    let out = env
        .cmd()
        .args(["--cache-path", "/a/~/x.json", "path"])
        .output()
        .unwrap();
    assert_eq!(String::from_utf8_lossy(&out.stdout), "/a/~/x.json\n");
}

/// `path` prints the resolved (absolute) path of a relative --cache-path.
#[test]
fn path_resolves_a_relative_cache_path() {
    let env = Env::new();
    let work = env.dir.path().join("work");
    std::fs::create_dir(&work).unwrap();
    let out = env
        .cmd()
        .current_dir(&work)
        .args(["--cache-path", "sub/../c.json", "path", "--lock"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", out.stderr_text());
    let printed = String::from_utf8_lossy(&out.stdout).trim_end().to_string();
    assert!(std::path::Path::new(&printed).is_absolute(), "{printed}");
    assert_eq!(
        printed,
        format!("{}/sub/../c.json.lockfile", work.display())
    );
}

/// `tokencache help COMMAND` shows the exit codes, as `-h` promises.
#[test]
fn help_for_each_command_ends_with_the_exit_codes() {
    let env = Env::new();
    for sub in [
        "read", "write", "update", "inspect", "remove", "keygen", "clear", "path",
    ] {
        let out = env.cmd().args(["help", sub]).output().unwrap();
        assert!(out.status.success());
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(
            text.contains("Exit codes:") && text.contains("  130  interrupted"),
            "help {sub}: {text}"
        );
        assert!(
            text.contains("  127  update: the command was not found"),
            "help {sub}"
        );
    }
    let short = env.cmd().args(["read", "-h"]).output().unwrap();
    assert!(String::from_utf8_lossy(&short.stdout).contains("the exit codes: tokencache help"));
}

/// The man pages carry what a user needs (`cargo install` installs no
/// README): every variable tokencache reads, and the key sources.
#[test]
fn man_pages_list_every_variable_and_need_no_readme() {
    let man = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("man");
    let main = std::fs::read_to_string(man.join("tokencache.1")).unwrap();
    let env_section = &main[main.find(".SH ENVIRONMENT").unwrap()..main.find(".SH FILES").unwrap()];
    for var in [
        "TOKENCACHE_CACHE_PATH",
        "TOKENCACHE_STORE",
        "TOKENCACHE_KEY_FILE",
        "TOKENCACHE_KEY_FD",
        "TOKENCACHE_KEY\\fR",
        "TOKENCACHE_PASSPHRASE",
        "TOKENCACHE_MAX_SIZE",
        "CREDENTIALS_DIRECTORY",
        "TOKENCACHE_QUIET",
        "NO_COLOR",
    ] {
        assert!(env_section.contains(var), "ENVIRONMENT lacks {var:?}");
    }
    assert!(main.contains(".SH \"KEY SOURCES\""));
    for entry in std::fs::read_dir(&man).unwrap() {
        let path = entry.unwrap().path();
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(
            !text.contains("README"),
            "{} points to the README",
            path.display()
        );
        assert!(
            !text.contains("TOKENCACHE_NOW"),
            "{} shows a test-only variable",
            path.display()
        );
    }
}

/// `tokencache read >&-`: the data cannot go anywhere, so exit 1 as `cat`
/// does, not 0 with the data lost. A command with nothing to print is fine.
#[test]
fn a_closed_stdout_is_exit_1_like_cat() {
    let env = Env::new();
    env.put(b"{}");
    let out = env.file_sh("\"$TC\" read >&-").output().unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", out.stderr_text());
    assert_eq!(
        out.stderr_text(),
        "tokencache: cannot write to standard output: it is closed\n"
    );
    let out = env.file_sh("\"$TC\" path >&-").output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let out = env
        .file_sh("printf '{\"a\":{}}' | \"$TC\" write >&-")
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", out.stderr_text());
    assert_eq!(env.stored().unwrap(), b"{\"a\":{}}");
    // Redirected to /dev/null is not closed.
    env.file_sh("\"$TC\" read > /dev/null")
        .output()
        .unwrap()
        .status
        .success()
        .then_some(())
        .unwrap();
}

/// The README's first command (`--store file verify`, default path) creates
/// `~/.tokencache/` in the home directory and leaves it empty, as it says.
#[test]
fn the_first_command_leaves_an_empty_tokencache_directory_in_home() {
    let env = Env::new();
    env.cmd()
        .args(["--store", "file", "verify"])
        .assert()
        .success();
    let dir = env.home().join(".tokencache");
    assert!(dir.is_dir());
    use std::os::unix::fs::PermissionsExt;
    assert_eq!(
        std::fs::metadata(&dir).unwrap().permissions().mode() & 0o777,
        0o700
    );
    assert_eq!(std::fs::read_dir(&dir).unwrap().count(), 0, "left empty");
}

/// Skips itself when TOKENCACHE_TEST_SKIP_PROBE is set: the subject of the
/// test below (in a normal run it passes).
#[test]
fn skip_probe() {
    crate::require!(
        std::env::var_os("TOKENCACHE_TEST_SKIP_PROBE").is_none(),
        "the probe's prerequisite (TOKENCACHE_TEST_SKIP_PROBE is set)"
    );
}

/// A test skipped for a missing prerequisite (outside CI) is not silent:
/// libtest counts it as passed, so the run ends with a one-line summary
/// naming it. This runs this very test binary on the probe above.
#[test]
fn skipped_tests_are_summed_up_at_the_end_of_the_run() {
    let run = |ci: bool| {
        let mut c = std::process::Command::new(std::env::current_exe().unwrap());
        c.args(["--exact", "manners::skip_probe"])
            .env("TOKENCACHE_TEST_SKIP_PROBE", "1")
            .env_remove("CI");
        if ci {
            c.env("CI", "true");
        }
        c.output().unwrap()
    };
    let out = run(false);
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = out.stderr_text();
    assert!(out.status.success(), "{stdout}{stderr}");
    assert!(
        stdout.contains("1 passed"),
        "libtest counts it as passed: {stdout}"
    );
    let last = stderr.trim_end().lines().last().unwrap_or_default();
    assert!(
        last.starts_with("SKIPPED 1 test(s) above for a missing prerequisite")
            && last.contains("manners::skip_probe (the probe's prerequisite"),
        "{stderr}"
    );
    assert!(
        stderr.contains("skipped: manners::skip_probe: "),
        "{stderr}"
    );
    // Under CI=true the same test fails instead.
    assert!(!run(true).status.success());
}

/// A value with control characters (from the environment or argv) is never
/// echoed raw in a usage error.
#[test]
fn usage_errors_escape_control_characters() {
    let env = Env::new();
    let out = env
        .cmd()
        .env("TOKENCACHE_STORE", "bo\x07\x01gus")
        .arg("read")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        !out.stderr.iter().any(|b| *b == 0x07 || *b == 0x01),
        "{:?}",
        out.stderr_text()
    );
}
