//! The lock, against holders that lock the way each MSAL library does.

use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use predicates::prelude::*;

use crate::support::{dead_pid, exists, wait_until_catching, Env};

const DOC: &[u8] = br#"{"AccessToken":{"k":{"secret":"s"}}}"#;

/// A process that is alive for the duration of a test.
fn live_process() -> Child {
    Command::new("sleep")
        .arg("60")
        .stdin(Stdio::null())
        .spawn()
        .unwrap()
}

/// Make a lock file look unchanged for longer than the stale-lock grace
/// (60 s), as a dead holder's file eventually is.
fn age_past_the_grace(lock: &std::path::Path) {
    let old = std::time::SystemTime::now() - Duration::from_secs(61);
    std::fs::File::options()
        .write(true)
        .open(lock)
        .unwrap()
        .set_modified(old)
        .unwrap();
}

fn setup() -> Env {
    let env = Env::new();
    env.put(b"{}");
    env
}

/// msal-node-extensions: `open(lock, "wx+")`, its pid inside, no flock. It
/// blocks tokencache until it deletes its file.
#[test]
fn a_node_style_holder_blocks_until_it_deletes_its_file() {
    let env = setup();
    let mut holder = live_process();
    std::fs::write(env.lock_path(), holder.id().to_string()).unwrap();

    let started = Instant::now();
    env.file_cmd()
        .args(["write", "--lock-timeout", "300ms"])
        .write_stdin(DOC)
        .assert()
        .code(6)
        .stderr(
            predicate::str::contains(env.lock_path().to_str().unwrap())
                .and(predicate::str::contains(format!("pid {}", holder.id())))
                .and(predicate::str::contains("sleep 60")),
        );
    // Exit 6 comes within the bound (generously: this is not a benchmark).
    assert!(started.elapsed() < Duration::from_secs(10));
    assert_eq!(env.stored().unwrap(), b"{}");

    let writer = env
        .file_std_cmd()
        .args(["write", "--lock-timeout", "30s", "--input"])
        .arg({
            let p = env.dir.path().join("doc.json");
            std::fs::write(&p, DOC).unwrap();
            p
        })
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    std::thread::sleep(Duration::from_millis(300));
    assert_eq!(
        env.stored().unwrap(),
        b"{}",
        "wrote while the Node holder held the lock"
    );
    std::fs::remove_file(env.lock_path()).unwrap();
    let out = writer.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(env.stored().unwrap(), DOC);
    assert!(!exists(&env.lock_path()));
    holder.kill().unwrap();
    holder.wait().unwrap();
}

/// MSAL.NET: `open(O_CREAT)` + `flock(LOCK_EX)`. Even when the pid inside is
/// dead (a .NET process opened a crashed Node holder's file), the flock keeps
/// the lock alive, and tokencache must not break it.
#[test]
fn a_dotnet_style_flock_holder_blocks_even_with_a_dead_pid_inside() {
    let env = setup();
    let dead = dead_pid();
    let mut holder = Command::new("sh")
        .arg("-c")
        .arg(format!(
            "exec 9>>'{lock}'; flock -x 9; printf '%s dotnet\\n' {dead} >&9; echo locked; exec sleep 60",
            lock = env.lock_path().display()
        ))
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut line = String::new();
    std::io::BufRead::read_line(
        &mut std::io::BufReader::new(holder.stdout.take().unwrap()),
        &mut line,
    )
    .unwrap();
    assert_eq!(line.trim(), "locked");

    env.file_cmd()
        .args(["write", "--lock-timeout", "400ms"])
        .write_stdin(DOC)
        .assert()
        .code(6)
        .stderr(
            predicate::str::contains("dotnet").or(predicate::str::contains(format!("pid {dead}"))),
        );
    assert_eq!(env.stored().unwrap(), b"{}");
    assert!(
        exists(&env.lock_path()),
        "the .NET holder's lock file was removed"
    );

    holder.kill().unwrap();
    holder.wait().unwrap();
    // With the flock gone and the pid dead, the file is stale once it has
    // been unchanged for the grace period (the pid might be another PID
    // namespace's), and then recovered.
    age_past_the_grace(&env.lock_path());
    env.file_cmd()
        .args(["write", "--lock-timeout", "10s"])
        .write_stdin(DOC)
        .assert()
        .success()
        .stderr(predicate::str::contains("removed stale lock"));
    assert_eq!(env.stored().unwrap(), DOC);
}

/// MSAL.NET writes its lock file through `StreamWriter(Encoding.UTF8)`, which
/// starts with a UTF-8 byte order mark: the holder must still be named.
#[test]
fn a_dotnet_holder_is_named_despite_its_byte_order_mark() {
    let env = setup();
    let mut holder = Command::new("sh")
        .arg("-c")
        .arg(format!(
            "exec 9>>'{lock}'; flock -x 9; printf '\\357\\273\\277%s dotnet\\n' $$ >&9; echo locked; exec sleep 60",
            lock = env.lock_path().display()
        ))
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut line = String::new();
    std::io::BufRead::read_line(
        &mut std::io::BufReader::new(holder.stdout.take().unwrap()),
        &mut line,
    )
    .unwrap();
    assert_eq!(line.trim(), "locked");
    assert!(std::fs::read(env.lock_path())
        .unwrap()
        .starts_with(b"\xef\xbb\xbf"));
    env.file_cmd()
        .args(["write", "--lock-timeout", "300ms"])
        .write_stdin(DOC)
        .assert()
        .code(6)
        .stderr(predicate::str::contains(format!("pid {}", holder.id())));
    holder.kill().unwrap();
    holder.wait().unwrap();
}

/// A holder that releases normally while tokencache waits is not reported as
/// a stale lock that tokencache removed.
#[test]
fn a_normal_release_is_not_reported_as_a_stale_lock() {
    let env = setup();
    let mut holder = live_process();
    std::fs::write(env.lock_path(), holder.id().to_string()).unwrap();
    let writer = env
        .file_std_cmd()
        .args(["write", "--lock-timeout", "30s", "--input"])
        .arg({
            let p = env.dir.path().join("doc.json");
            std::fs::write(&p, DOC).unwrap();
            p
        })
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    std::thread::sleep(Duration::from_millis(300));
    std::fs::remove_file(env.lock_path()).unwrap();
    let out = writer.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(!stderr.contains("stale"), "{stderr}");
    holder.kill().unwrap();
    holder.wait().unwrap();
}

#[test]
fn a_stale_lock_of_a_dead_process_is_recovered() {
    let env = setup();
    // Python msal-extensions' format: "<pid> <argv0>".
    std::fs::write(env.lock_path(), format!("{} /usr/bin/python3", dead_pid())).unwrap();
    age_past_the_grace(&env.lock_path());
    env.file_cmd()
        .args(["write", "--lock-timeout", "10s"])
        .write_stdin(DOC)
        .assert()
        .success()
        .stderr(
            predicate::str::contains("removed stale lock")
                .and(predicate::str::contains("no longer running")),
        );
    assert_eq!(env.stored().unwrap(), DOC);
    assert!(!exists(&env.lock_path()));
    // --quiet silences the note but not the recovery.
    std::fs::write(env.lock_path(), dead_pid().to_string()).unwrap();
    age_past_the_grace(&env.lock_path());
    env.file_cmd()
        .args(["read", "--quiet"])
        .assert()
        .success()
        .stderr("")
        .stdout(DOC);
}

#[test]
fn an_empty_lock_file_is_stale_only_after_a_grace_period() {
    let env = setup();
    std::fs::write(env.lock_path(), b"").unwrap();
    env.file_cmd()
        .args(["read", "--lock-timeout", "200ms"])
        .assert()
        .code(6);
    let old = std::time::SystemTime::now() - Duration::from_secs(30);
    std::fs::File::options()
        .write(true)
        .open(env.lock_path())
        .unwrap()
        .set_modified(old)
        .unwrap();
    env.file_cmd()
        .args(["read", "--lock-timeout", "5s"])
        .assert()
        .success()
        .stdout("{}");
}

#[test]
fn a_live_holder_is_never_broken_however_old() {
    let env = setup();
    let mut holder = live_process();
    std::fs::write(env.lock_path(), holder.id().to_string()).unwrap();
    let ancient = std::time::SystemTime::now() - Duration::from_secs(86_400);
    std::fs::File::options()
        .write(true)
        .open(env.lock_path())
        .unwrap()
        .set_modified(ancient)
        .unwrap();
    env.file_cmd()
        .args(["clear", "--lock-timeout", "300ms"])
        .assert()
        .code(6);
    assert_eq!(env.stored().unwrap(), b"{}");
    assert_eq!(
        std::fs::read_to_string(env.lock_path()).unwrap(),
        holder.id().to_string()
    );
    holder.kill().unwrap();
    holder.wait().unwrap();
}

#[test]
fn the_lock_file_names_its_holder_while_held() {
    let env = setup();
    // Input is read before locking, so watch real writers of a big cache and
    // catch the lock file while one holds it.
    let big = crate::support::sample_cache(8 << 20);
    let input = env.dir.path().join("big.json");
    std::fs::write(&input, &big).unwrap();
    let mut seen = None;
    for _ in 0..20 {
        let mut child = env
            .file_std_cmd()
            .args(["write", "--input"])
            .arg(&input)
            .spawn()
            .unwrap();
        let pid = child.id();
        while child.try_wait().unwrap().is_none() {
            if let Ok(text) = std::fs::read_to_string(env.lock_path()) {
                if !text.is_empty() {
                    seen = Some((pid, text));
                }
            }
        }
        if seen.is_some() {
            break;
        }
    }
    let (pid, text) = seen.expect("never saw the lock file during 20 writes of 8 MiB");
    assert_eq!(text, format!("{pid} tokencache"));
    assert!(!exists(&env.lock_path()));
}

#[test]
fn ctrl_c_while_waiting_for_the_lock_leaves_nothing_behind() {
    let env = setup();
    let mut holder = live_process();
    std::fs::write(env.lock_path(), holder.id().to_string()).unwrap();
    let input = env.dir.path().join("doc.json");
    std::fs::write(&input, DOC).unwrap();
    let child = env
        .file_std_cmd()
        .args(["write", "--lock-timeout", "60s", "--input"])
        .arg(&input)
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Wait until it is inside the lock loop: its SIGINT deferral handler is
    // installed there, which the kernel shows as SIGINT caught (SigCgt).
    wait_until_catching(child.id(), libc::SIGINT);
    // SAFETY: sending SIGINT to our own child.
    assert_eq!(unsafe { libc::kill(child.id() as i32, libc::SIGINT) }, 0);
    let out = child.wait_with_output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(130),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stderr).contains("interrupted"));
    // The holder's lock is intact, the cache untouched, no temp files.
    assert_eq!(
        std::fs::read_to_string(env.lock_path()).unwrap(),
        holder.id().to_string()
    );
    assert_eq!(env.stored().unwrap(), b"{}");
    assert_eq!(
        env.cache_dir_names(),
        ["msal.cache.json", "msal.cache.json.lockfile"]
    );
    holder.kill().unwrap();
    holder.wait().unwrap();
}

#[test]
fn outside_the_lock_ctrl_c_keeps_its_default_action() {
    let env = setup();
    // `write` reading a never-ending stdin has not reached the lock yet.
    let mut child = env
        .file_std_cmd()
        .arg("write")
        .stdin(Stdio::piped())
        .spawn()
        .unwrap();
    std::thread::sleep(Duration::from_millis(200));
    // SAFETY: sending SIGINT to our own child.
    unsafe { libc::kill(child.id() as i32, libc::SIGINT) };
    let status = child.wait().unwrap();
    use std::os::unix::process::ExitStatusExt;
    assert_eq!(status.signal(), Some(libc::SIGINT));
    assert!(!exists(&env.lock_path()));
}

/// On a terminal, a wait longer than a second shows a one-line spinner that
/// names the holder and the elapsed time; off a terminal, nothing.
#[test]
fn a_long_wait_on_a_terminal_shows_who_holds_the_lock() {
    let env = setup();
    let mut holder = live_process();
    let pid = holder.id();
    std::fs::write(env.lock_path(), pid.to_string()).unwrap();
    let text = env.file_cmd_on_tty("read --lock-timeout 1800ms");
    // Off a terminal the wait is silent until the error.
    let off_tty = env
        .file_cmd()
        .args(["read", "--lock-timeout", "1500ms"])
        .output()
        .unwrap();
    holder.kill().unwrap();
    holder.wait().unwrap();
    crate::require!(
        text.is_some(),
        "util-linux `script` (for a pseudo-terminal)"
    );
    let text = text.unwrap();
    assert!(text.contains("EXIT=6"), "{text}");
    assert!(text.contains("waiting for lock"), "{text}");
    assert!(
        text.contains(&format!("held by pid {pid} (sleep 60)")),
        "{text}"
    );
    assert_eq!(off_tty.status.code(), Some(6));
    assert!(!String::from_utf8_lossy(&off_tty.stderr).contains("waiting for lock"));
}

/// Ctrl-C at any moment of a large write: before the lock the default action
/// ends the process (nothing to clean up); inside it the signal is deferred,
/// the atomic replace either happens or not, and the lock and temp files are
/// removed. The stored cache is always the old or the new document.
#[test]
fn ctrl_c_at_any_moment_of_a_write_leaves_no_lock_or_temp_file() {
    use std::os::unix::process::ExitStatusExt;
    let env = setup();
    let old = b"{}".to_vec();
    let new = crate::support::sample_cache(6 << 20);
    let input = env.dir.path().join("new.json");
    std::fs::write(&input, &new).unwrap();
    let mut outcomes = std::collections::BTreeMap::new();
    for i in 0..30u64 {
        let child = env
            .file_std_cmd()
            .args(["write", "--input"])
            .arg(&input)
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_micros(1_500 * i));
        // SAFETY: sending SIGINT to our own child.
        unsafe { libc::kill(child.id() as i32, libc::SIGINT) };
        let status = child.wait_with_output().unwrap().status;
        let outcome = match (status.code(), status.signal()) {
            (Some(0), _) => "finished",
            (Some(130), _) => "interrupted, cleaned up",
            (None, Some(libc::SIGINT)) => "killed before the lock",
            other => panic!("unexpected exit {other:?}"),
        };
        *outcomes.entry(outcome).or_insert(0) += 1;
        let stored = env.stored().unwrap();
        assert!(
            stored == old || stored == new,
            "iteration {i}: {} bytes stored",
            stored.len()
        );
        assert_eq!(
            env.cache_dir_names(),
            ["msal.cache.json"],
            "iteration {i}: {outcome}"
        );
        if stored == new {
            std::fs::write(env.cache_path(), &old).unwrap();
        }
    }
    eprintln!("ctrl-c during write: {outcomes:?}");
}

/// A Node-style lock written from another PID namespace (a container that
/// shares the folder, here a real one made with `unshare --pid`): its pid is
/// 1, which on this host is init. The holder is reported as "a process not
/// visible here", never as this host's pid 1, and once the file has been
/// unchanged for the grace period it is broken as stale (this host's init
/// cannot be its holder).
#[test]
fn a_lock_from_another_pid_namespace_is_not_attributed_to_this_hosts_pid_1() {
    let env = setup();
    let probe = Command::new("unshare")
        .args(["--pid", "--fork", "--kill-child", "true"])
        .output();
    crate::require!(
        probe.is_ok_and(|o| o.status.success()),
        "unshare --pid (util-linux, as root) is not available"
    );
    crate::require!(
        std::fs::read_link("/proc/self/ns/pid")
            .is_ok_and(|ns| ns.as_os_str() == "pid:[4026531836]"),
        "the tests do not run in the host's PID namespace"
    );
    // O_EXCL (noclobber), "<pid> <argv0>" as Python writes it; pid 1 inside.
    let mut holder = Command::new("unshare")
        .args(["--pid", "--fork", "--kill-child", "sh", "-c"])
        .arg("set -C; echo \"$$ node\" > \"$LOCK\" && echo locked && exec sleep 60")
        .env("LOCK", env.lock_path())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut line = String::new();
    std::io::BufRead::read_line(
        &mut std::io::BufReader::new(holder.stdout.take().unwrap()),
        &mut line,
    )
    .unwrap();
    assert_eq!(line.trim(), "locked");
    assert_eq!(
        std::fs::read_to_string(env.lock_path()).unwrap(),
        "1 node\n"
    );
    let host_init = std::fs::read_to_string("/proc/1/comm").unwrap();

    let out = env
        .file_cmd()
        .args(["write", "--lock-timeout", "300ms"])
        .write_stdin(DOC)
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(6), "{err}");
    assert!(
        err.contains("held by a process not visible here (the lock file says pid 1, node)"),
        "{err}"
    );
    assert!(
        !err.contains(host_init.trim()),
        "attributed to host init: {err}"
    );
    assert_eq!(env.stored().unwrap(), b"{}");

    // Unchanged past the grace: stale, although this host's pid 1 runs.
    age_past_the_grace(&env.lock_path());
    let out = env
        .file_cmd()
        .args(["write", "--lock-timeout", "300ms"])
        .write_stdin(DOC)
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{err}");
    assert!(err.contains("removed stale lock"), "{err}");
    assert_eq!(env.stored().unwrap(), DOC);
    holder.kill().unwrap();
    holder.wait().unwrap();
}
