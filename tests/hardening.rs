//! Hardening: another local user and hostile processes of the same
//! user. Each test reproduces one attack through the real binary.
//!
//! Ownership tests run tokencache and the "attacker" as two other uids with
//! util-linux `setpriv` (numeric uids need no account). That needs root; not
//! root, they skip with the reason (and fail under CI=true, where .ci/run is
//! root).

#![cfg(target_os = "linux")]

use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant, SystemTime};

use crate::require;
use crate::support::{bin, dead_pid, exists, have, is_root, Env, OutputExt};

const DOC: &[u8] = br#"{"AccessToken":{"k":{"secret":"s"}}}"#;
/// No command in this file may take longer (FIFOs must never hang).
const BOUND: Duration = Duration::from_secs(20);

/// The victim and the attacker: two uids without accounts.
const VICTIM: u32 = 54_321;
const ATTACKER: u32 = 54_322;

/// Run `c` to its end, killing it after [`BOUND`]: a hang fails the test
/// instead of wedging the suite.
fn run_bounded(mut c: Command, stdin: Option<&[u8]>) -> Output {
    use std::io::Write;
    c.stdin(if stdin.is_some() {
        Stdio::piped()
    } else {
        Stdio::null()
    })
    .stdout(Stdio::piped())
    .stderr(Stdio::piped());
    let mut child = c.spawn().expect("spawn");
    if let Some(bytes) = stdin {
        // A command that exits without reading its input closes the pipe.
        let _ = child.stdin.take().unwrap().write_all(bytes);
    }
    let pid = child.id();
    let deadline = Instant::now() + BOUND;
    loop {
        if child.try_wait().unwrap().is_some() {
            return child.wait_with_output().unwrap();
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            let out = child.wait_with_output().unwrap();
            panic!(
                "pid {pid} hung for {BOUND:?} (stderr: {})",
                String::from_utf8_lossy(&out.stderr)
            );
        }
        std::thread::sleep(Duration::from_millis(10));
    }
}

fn set_mtime(p: &Path, ago: Duration) {
    std::fs::File::options()
        .write(true)
        .open(p)
        .unwrap()
        .set_modified(SystemTime::now() - ago)
        .unwrap();
}

fn mkfifo(p: &Path) {
    let ok = Command::new("mkfifo").arg(p).status().unwrap().success();
    assert!(ok, "mkfifo {}", p.display());
}

// ---------------------------------------------------------------------------
// 1. A lock from another PID namespace.

/// A holder in a container records a pid this host cannot see. Until the
/// lock file has been unchanged for the grace period, it is a live lock.
#[test]
fn a_node_lock_naming_a_pid_this_host_cannot_see_is_kept_until_unchanged_for_60s() {
    let env = Env::new();
    env.put(b"{}");
    // What a Node holder in a container writes: its (namespaced) pid only.
    std::fs::write(env.lock_path(), dead_pid().to_string()).unwrap();
    let out = run_bounded(
        {
            let mut c = env.file_std_cmd();
            c.args(["write", "--lock-timeout", "500ms"]);
            c
        },
        Some(DOC),
    );
    assert_eq!(out.status.code(), Some(6), "{}", out.stderr_text());
    let err = out.stderr_text();
    assert!(err.contains("not running on this host"), "{err}");
    assert!(err.contains("another PID namespace"), "{err}");
    assert_eq!(env.stored().unwrap(), b"{}", "wrote over a live lock");
    assert!(exists(&env.lock_path()), "broke a live lock");

    // 59 s unchanged: still within the grace.
    set_mtime(&env.lock_path(), Duration::from_secs(59));
    env.file_cmd()
        .args(["read", "--lock-timeout", "300ms"])
        .assert()
        .code(6);
    assert!(exists(&env.lock_path()));

    // Unchanged for longer than every peer waits: stale, and the note says why.
    set_mtime(&env.lock_path(), Duration::from_secs(61));
    let out = run_bounded(
        {
            let mut c = env.file_std_cmd();
            c.args(["write", "--lock-timeout", "5s"]);
            c
        },
        Some(DOC),
    );
    assert!(out.status.success(), "{}", out.stderr_text());
    let err = out.stderr_text();
    assert!(
        err.contains("removed stale lock")
            && err.contains("is not running on this host and the lock file has not changed for"),
        "{err}"
    );
    assert_eq!(env.stored().unwrap(), DOC);
}

/// tokencache's own stamp is written only under its flock: without the
/// flock and with its pid gone, it is stale at once (kill -9 recovery).
#[test]
fn a_killed_tokencache_lock_is_recovered_at_once() {
    let env = Env::new();
    env.put(b"{}");
    std::fs::write(env.lock_path(), format!("{} tokencache", dead_pid())).unwrap();
    let out = run_bounded(
        {
            let mut c = env.file_std_cmd();
            c.args(["write", "--lock-timeout", "2s"]);
            c
        },
        Some(DOC),
    );
    assert!(out.status.success(), "{}", out.stderr_text());
    assert!(out
        .stderr_text()
        .contains("tokencache's stamp without its OS lock"));
    assert_eq!(env.stored().unwrap(), DOC);
}

/// A live pid is never broken, whatever its age (see also tests/lock.rs).
#[test]
fn a_live_pid_is_never_broken_even_after_the_grace() {
    let env = Env::new();
    env.put(b"{}");
    let mut holder = Command::new("sleep").arg("60").spawn().unwrap();
    std::fs::write(env.lock_path(), holder.id().to_string()).unwrap();
    set_mtime(&env.lock_path(), Duration::from_secs(3600));
    env.file_cmd()
        .args(["clear", "--lock-timeout", "300ms"])
        .assert()
        .code(6);
    assert_eq!(env.stored().unwrap(), b"{}");
    holder.kill().unwrap();
    holder.wait().unwrap();
}

// ---------------------------------------------------------------------------
// 2. Ownership, as OpenSSH's StrictModes.

/// A folder both uids can reach, inside the test's (root-only) temp dir.
fn shared_place(env: &Env) -> PathBuf {
    std::fs::set_permissions(env.dir.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
    let shared = env.dir.path().join("shared");
    std::fs::create_dir(&shared).unwrap();
    std::fs::set_permissions(&shared, std::fs::Permissions::from_mode(0o1777)).unwrap();
    shared
}

/// `tokencache ARGS` as `uid` (and its own gid, no supplementary groups).
fn as_uid(env: &Env, uid: u32, cache: &Path, args: &[&str]) -> Command {
    let mut c = Command::new("setpriv");
    env.isolate(&mut c);
    c.env("TOKENCACHE_STORE", "file")
        .env("TOKENCACHE_CACHE_PATH", cache)
        .args([
            format!("--reuid={uid}"),
            format!("--regid={uid}"),
            "--clear-groups".into(),
            "--".into(),
        ])
        .arg(bin())
        .args(args);
    c
}

/// A shell command as `uid`.
fn sh_as_uid(uid: u32, script: &str) -> Output {
    let out = Command::new("setpriv")
        .args([
            format!("--reuid={uid}"),
            format!("--regid={uid}"),
            "--clear-groups".into(),
            "--".into(),
            "sh".into(),
            "-c".into(),
            script.into(),
        ])
        .output()
        .unwrap();
    assert!(out.status.success(), "{script}: {}", out.stderr_text());
    out
}

macro_rules! require_second_user {
    () => {
        require!(
            is_root() && have("setpriv"),
            "running tokencache as a second user needs root and util-linux setpriv"
        );
    };
}

#[test]
fn a_cache_planted_by_another_user_in_a_sticky_folder_is_refused() {
    require_second_user!();
    let env = Env::new();
    let shared = shared_place(&env);
    let cache = shared.join("msal.cache.json");
    sh_as_uid(
        ATTACKER,
        &format!(
            "umask 022; printf '%s' '{}' > {}",
            String::from_utf8_lossy(DOC),
            cache.display()
        ),
    );
    let out = run_bounded(as_uid(&env, VICTIM, &cache, &["read"]), None);
    assert_eq!(out.status.code(), Some(8), "{}", out.stderr_text());
    assert!(out.stdout.is_empty(), "printed another user's tokens");
    let err = out.stderr_text();
    assert!(
        err.contains(&format!("the cache file is owned by uid {ATTACKER}"))
            && err.contains(&format!("not by you (uid {VICTIM})")),
        "{err}"
    );
    // write and clear refuse it too, and leave it as it is.
    let out = run_bounded(as_uid(&env, VICTIM, &cache, &["write"]), Some(b"{}"));
    assert_eq!(out.status.code(), Some(8), "{}", out.stderr_text());
    let out = run_bounded(as_uid(&env, VICTIM, &cache, &["clear"]), None);
    assert_eq!(out.status.code(), Some(8), "{}", out.stderr_text());
    assert_eq!(std::fs::read(&cache).unwrap(), DOC);
    assert_eq!(std::fs::metadata(&cache).unwrap().uid(), ATTACKER);
}

#[test]
fn a_cache_folder_owned_by_another_user_is_refused() {
    require_second_user!();
    let env = Env::new();
    let shared = shared_place(&env);
    // The attacker makes the folder first, sticky and world-writable so the
    // victim could write into it; as its owner the attacker could still
    // swap or delete whatever the victim writes.
    let folder = shared.join("app");
    sh_as_uid(
        ATTACKER,
        &format!("mkdir {0} && chmod 1777 {0}", folder.display()),
    );
    let cache = folder.join("msal.cache.json");
    let out = run_bounded(as_uid(&env, VICTIM, &cache, &["write"]), Some(DOC));
    assert_eq!(out.status.code(), Some(8), "{}", out.stderr_text());
    let err = out.stderr_text();
    assert!(
        err.contains(&format!("the cache folder is owned by uid {ATTACKER}")),
        "{err}"
    );
    assert!(!exists(&cache) && !exists(&folder.join("msal.cache.json.lockfile")));

    // A folder of the victim's own that group or others can write, without
    // the sticky bit, is refused as well, naming the mode.
    let own = shared.join("own");
    sh_as_uid(
        VICTIM,
        &format!("mkdir {0} && chmod 0777 {0}", own.display()),
    );
    let cache = own.join("msal.cache.json");
    let out = run_bounded(as_uid(&env, VICTIM, &cache, &["write"]), Some(DOC));
    assert_eq!(out.status.code(), Some(8), "{}", out.stderr_text());
    assert!(
        out.stderr_text()
            .contains("writable by group or others without the sticky bit (mode 0777)"),
        "{}",
        out.stderr_text()
    );
    assert!(!exists(&cache));
}

#[test]
fn a_lock_file_owned_by_another_user_is_refused_not_waited_for() {
    require_second_user!();
    let env = Env::new();
    let shared = shared_place(&env);
    let cache = shared.join("msal.cache.json");
    sh_as_uid(
        VICTIM,
        &format!("umask 077; echo '{{}}' > {}", cache.display()),
    );
    // The attacker holds the lock "forever" with a live pid of its own.
    let lock = shared.join("msal.cache.json.lockfile");
    let mut holder = Command::new("setpriv")
        .args([
            format!("--reuid={ATTACKER}"),
            format!("--regid={ATTACKER}"),
            "--clear-groups".into(),
            "--".into(),
            "sh".into(),
            "-c".into(),
            format!("echo $$ > {}; exec sleep 60", lock.display()),
        ])
        .spawn()
        .unwrap();
    let deadline = Instant::now() + BOUND;
    while std::fs::read_to_string(&lock)
        .unwrap_or_default()
        .is_empty()
    {
        assert!(Instant::now() < deadline);
        std::thread::sleep(Duration::from_millis(10));
    }
    let out = run_bounded(
        as_uid(&env, VICTIM, &cache, &["read", "--lock-timeout", "30s"]),
        None,
    );
    assert_eq!(out.status.code(), Some(8), "{}", out.stderr_text());
    assert!(
        out.stderr_text()
            .contains(&format!("the lock file is owned by uid {ATTACKER}")),
        "{}",
        out.stderr_text()
    );
    holder.kill().unwrap();
    holder.wait().unwrap();
}

#[test]
fn the_victims_own_cache_is_written_0600_in_a_0700_folder_and_read_back() {
    require_second_user!();
    let env = Env::new();
    let shared = shared_place(&env);
    let cache = shared.join("mine").join("msal.cache.json");
    let out = run_bounded(as_uid(&env, VICTIM, &cache, &["write"]), Some(DOC));
    assert!(out.status.success(), "{}", out.stderr_text());
    let meta = std::fs::metadata(&cache).unwrap();
    assert_eq!((meta.uid(), meta.mode() & 0o777), (VICTIM, 0o600));
    let dir = std::fs::metadata(cache.parent().unwrap()).unwrap();
    assert_eq!((dir.uid(), dir.mode() & 0o777), (VICTIM, 0o700));
    let out = run_bounded(as_uid(&env, VICTIM, &cache, &["read"]), None);
    assert!(out.status.success(), "{}", out.stderr_text());
    assert_eq!(out.stdout, DOC);
    // In the sticky shared folder itself (like /tmp, owned by root): fine.
    let cache = shared.join("top.json");
    let out = run_bounded(as_uid(&env, VICTIM, &cache, &["write"]), Some(DOC));
    assert!(out.status.success(), "{}", out.stderr_text());
}

// ---------------------------------------------------------------------------
// 3. FIFOs and other special files never hang.

#[test]
fn a_fifo_at_the_cache_path_is_refused_by_every_store_without_hanging() {
    let env = Env::new();
    std::fs::create_dir_all(env.cache_path().parent().unwrap()).unwrap();
    mkfifo(&env.cache_path());
    let key = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";
    type Run<'a> = (&'a str, Vec<&'a str>, Vec<(&'a str, &'a str)>);
    let runs: Vec<Run> = vec![
        ("file read", vec!["--store", "file", "read"], vec![]),
        ("file write", vec!["--store", "file", "write"], vec![]),
        ("file clear", vec!["--store", "file", "clear"], vec![]),
        (
            "encrypted-file verify",
            vec!["--store", "encrypted-file", "verify"],
            vec![("TOKENCACHE_KEY", key)],
        ),
        (
            "encrypted-file read",
            vec!["--store", "encrypted-file", "read"],
            vec![("TOKENCACHE_KEY", key)],
        ),
        // No session bus: auto falls back (to the encrypted file, whose
        // describe() probes the magic; then to plaintext).
        (
            "auto read, encrypted fallback",
            vec!["read"],
            vec![("TOKENCACHE_KEY", key)],
        ),
        (
            "auto read, plaintext fallback",
            vec!["--plaintext-fallback", "read"],
            vec![],
        ),
    ];
    for (name, args, vars) in runs {
        let mut c = env.std_cmd();
        c.env("TOKENCACHE_CACHE_PATH", env.cache_path())
            .env("XDG_RUNTIME_DIR", env.dir.path())
            .args(&args);
        for (k, v) in vars {
            c.env(k, v);
        }
        let out = run_bounded(c, Some(DOC));
        assert_eq!(out.status.code(), Some(8), "{name}: {}", out.stderr_text());
        assert!(
            out.stderr_text().contains("not a regular file"),
            "{name}: {}",
            out.stderr_text()
        );
    }
}

#[test]
fn a_fifo_as_lock_key_file_or_credential_is_refused_without_hanging() {
    let env = Env::new();
    env.put(b"{}");
    mkfifo(&env.lock_path());
    let out = run_bounded(
        {
            let mut c = env.file_std_cmd();
            c.args(["read"]);
            c
        },
        None,
    );
    assert_eq!(out.status.code(), Some(8), "lock: {}", out.stderr_text());
    std::fs::remove_file(env.lock_path()).unwrap();

    let fifo = env.dir.path().join("key.fifo");
    mkfifo(&fifo);
    let mut c = env.std_cmd();
    c.env("TOKENCACHE_CACHE_PATH", env.cache_path())
        .args(["--store", "encrypted-file", "--key-file"])
        .arg(&fifo)
        .arg("write");
    let out = run_bounded(c, Some(DOC));
    assert_eq!(
        out.status.code(),
        Some(8),
        "key file: {}",
        out.stderr_text()
    );
    assert!(
        out.stderr_text().contains("not a regular file"),
        "{}",
        out.stderr_text()
    );

    let creds = env.dir.path().join("creds");
    std::fs::create_dir(&creds).unwrap();
    mkfifo(&creds.join("tokencache-key"));
    let mut c = env.std_cmd();
    c.env("TOKENCACHE_CACHE_PATH", env.cache_path())
        .env("CREDENTIALS_DIRECTORY", &creds)
        .args(["--store", "encrypted-file", "write"]);
    let out = run_bounded(c, Some(DOC));
    assert_eq!(
        out.status.code(),
        Some(7),
        "credential: {}",
        out.stderr_text()
    );
    assert!(
        out.stderr_text().contains("not a regular file"),
        "{}",
        out.stderr_text()
    );
    assert_eq!(env.stored().unwrap(), b"{}");
}

/// A FIFO swapped in between any check and the open: every run ends (a
/// regular file's content, or exit 8), none blocks in open() with the lock.
#[test]
fn a_fifo_swapped_in_at_any_moment_never_hangs_a_read() {
    let env = Env::new();
    env.put(DOC);
    let dir = env.cache_path().parent().unwrap().to_path_buf();
    let cache = env.cache_path();
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    // The swapper exchanges a FIFO and the cache atomically
    // (renameat2 RENAME_EXCHANGE), a few microseconds per flip, so that the
    // path changes kind between any two system calls of a reader.
    let other = dir.join("swap.other");
    // SAFETY: a NUL-terminated path; mkfifo only creates a node.
    let c_other = std::ffi::CString::new(other.as_os_str().as_encoded_bytes()).unwrap();
    assert_eq!(unsafe { libc::mkfifo(c_other.as_ptr(), 0o600) }, 0);
    let swapper = {
        let stop = stop.clone();
        let c_cache = std::ffi::CString::new(cache.as_os_str().as_encoded_bytes()).unwrap();
        std::thread::spawn(move || {
            let mut swaps = 0u64;
            while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                // SAFETY: two NUL-terminated paths relative to the cwd.
                let rc = unsafe {
                    libc::renameat2(
                        libc::AT_FDCWD,
                        c_other.as_ptr(),
                        libc::AT_FDCWD,
                        c_cache.as_ptr(),
                        libc::RENAME_EXCHANGE,
                    )
                };
                assert_eq!(rc, 0, "{}", std::io::Error::last_os_error());
                swaps += 1;
            }
            swaps
        })
    };
    const RUNS: usize = 300;
    let (mut ok, mut refused) = (0, 0);
    for _ in 0..RUNS {
        let mut c = env.file_std_cmd();
        c.arg("read");
        let out = run_bounded(c, None);
        match out.status.code() {
            Some(0) => {
                assert_eq!(out.stdout, DOC);
                ok += 1;
            }
            Some(8) => refused += 1,
            other => panic!("{other:?}: {}", out.stderr_text()),
        }
    }
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    assert!(swapper.join().unwrap() > 0);
    assert!(ok + refused == RUNS);
}

// ---------------------------------------------------------------------------
// 4. Size limit on read.

#[test]
fn a_64_gib_sparse_cache_is_refused_before_allocating_naming_size_and_variable() {
    let env = Env::new();
    env.put(b"");
    let size: u64 = 64 << 30;
    std::fs::File::options()
        .write(true)
        .open(env.cache_path())
        .unwrap()
        .set_len(size)
        .unwrap();
    for (args, vars) in [
        (vec!["--store", "file", "read"], vec![]),
        (vec!["--store", "file", "inspect"], vec![]),
        (
            vec!["--store", "encrypted-file", "read"],
            vec![(
                "TOKENCACHE_KEY",
                "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=",
            )],
        ),
    ] {
        let mut c = env.std_cmd();
        c.env("TOKENCACHE_CACHE_PATH", env.cache_path()).args(&args);
        for (k, v) in vars {
            c.env(k, v);
        }
        let out = run_bounded(c, None);
        assert_eq!(
            out.status.code(),
            Some(5),
            "{args:?}: {}",
            out.stderr_text()
        );
        let err = out.stderr_text();
        assert!(
            err.contains(&format!("is {size} bytes"))
                && err.contains("TOKENCACHE_MAX_SIZE")
                && err.contains("16777216"),
            "{args:?}: {err}"
        );
        assert!(!exists(&env.lock_path()), "left the lock file");
    }
}

#[test]
fn the_encrypted_files_header_probe_honours_the_limit() {
    // A container header followed by 64 GiB of holes: `verify`'s describe
    // reads the header only, and never sizes a buffer by the file.
    let env = Env::new();
    let mut header = b"TKCACHE\0\x01\x02\x01\x00".to_vec();
    header.resize(144, 0);
    env.put(&header);
    std::fs::File::options()
        .write(true)
        .open(env.cache_path())
        .unwrap()
        .set_len(64 << 30)
        .unwrap();
    let mut c = env.std_cmd();
    c.env("TOKENCACHE_CACHE_PATH", env.cache_path())
        .env(
            "TOKENCACHE_KEY",
            "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=",
        )
        .args(["--store", "encrypted-file", "write"]);
    let out = run_bounded(c, Some(DOC));
    assert_eq!(out.status.code(), Some(5), "{}", out.stderr_text());
    assert!(out.stderr_text().contains("TOKENCACHE_MAX_SIZE"));
}

#[test]
fn tokencache_max_size_applies_to_reading_too() {
    let env = Env::new();
    env.put(&crate::support::sample_cache(16384));
    let out = run_bounded(
        {
            let mut c = env.file_std_cmd();
            c.env("TOKENCACHE_MAX_SIZE", "4KiB").arg("read");
            c
        },
        None,
    );
    assert_eq!(out.status.code(), Some(5), "{}", out.stderr_text());
    assert!(out
        .stderr_text()
        .contains("more than the limit of 4096 bytes (TOKENCACHE_MAX_SIZE)"));
    // Raised explicitly, it reads.
    env.file_cmd()
        .env("TOKENCACHE_MAX_SIZE", "1MiB")
        .arg("read")
        .assert()
        .success();
    // A malformed value is a usage error, not a silent default.
    env.file_cmd()
        .env("TOKENCACHE_MAX_SIZE", "lots")
        .arg("read")
        .assert()
        .code(2);
}

// ---------------------------------------------------------------------------
// 5. Core dumps.

/// The fields of /proc/<pid>/limits and the owner of /proc/<pid>/status of a
/// tokencache that waits for a lock, started by `sh` with `ulimit -c
/// unlimited`, as `uid`.
fn waiting_tokencache_facts(uid: Option<u32>) -> (String, u32) {
    let env = Env::new();
    std::fs::set_permissions(env.dir.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
    let dir = env.dir.path().join("c");
    std::fs::create_dir(&dir).unwrap();
    std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o700)).unwrap();
    if let Some(uid) = uid {
        std::os::unix::fs::chown(&dir, Some(uid), Some(uid)).unwrap();
    }
    let cache = dir.join("c.json");
    let mut holder = Command::new("sleep").arg("60").spawn().unwrap();
    std::fs::write(dir.join("c.json.lockfile"), holder.id().to_string()).unwrap();
    if let Some(uid) = uid {
        std::os::unix::fs::chown(dir.join("c.json.lockfile"), Some(uid), Some(uid)).unwrap();
    }
    let script = format!(
        "ulimit -c unlimited; exec {} read --lock-timeout 30s",
        bin().display()
    );
    let mut c = match uid {
        Some(uid) => {
            let mut c = Command::new("setpriv");
            c.args([
                format!("--reuid={uid}"),
                format!("--regid={uid}"),
                "--clear-groups".into(),
                "--".into(),
                "sh".into(),
            ]);
            c
        }
        None => Command::new("sh"),
    };
    env.isolate(&mut c);
    c.env("TOKENCACHE_STORE", "file")
        .env("TOKENCACHE_CACHE_PATH", &cache)
        .arg("-c")
        .arg(script)
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    let mut child: Child = c.spawn().unwrap();
    let pid = child.id();
    // Wait until it runs tokencache (exec'd: same pid) and waits for the lock.
    let deadline = Instant::now() + BOUND;
    let limits = loop {
        let exe = std::fs::read_link(format!("/proc/{pid}/exe")).unwrap_or_default();
        let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
        let waiting = status
            .lines()
            .find_map(|l| l.strip_prefix("SigCgt:"))
            .and_then(|m| u64::from_str_radix(m.trim(), 16).ok())
            .is_some_and(|m| m & (1 << (libc::SIGINT - 1)) != 0);
        if exe == bin() && waiting {
            break std::fs::read_to_string(format!("/proc/{pid}/limits")).unwrap();
        }
        assert!(Instant::now() < deadline, "tokencache never waited");
        std::thread::sleep(Duration::from_millis(10));
    };
    let status_owner = std::fs::metadata(format!("/proc/{pid}/status"))
        .unwrap()
        .uid();
    child.kill().unwrap();
    child.wait().unwrap();
    holder.kill().unwrap();
    holder.wait().unwrap();
    let core = limits
        .lines()
        .find(|l| l.starts_with("Max core file size"))
        .unwrap()
        .to_string();
    (core, status_owner)
}

#[test]
fn no_core_file_even_under_ulimit_c_unlimited() {
    let (core, _) = waiting_tokencache_facts(None);
    let fields: Vec<&str> = core.split_whitespace().collect();
    // "Max core file size  <soft>  <hard>  bytes"
    assert_eq!(&fields[4..6], ["0", "0"], "{core}");
}

/// Not dumpable: the kernel makes /proc/<pid>/* root's, so another process
/// of the same user can neither read its memory nor ptrace it, and no core
/// is written even through a core_pattern pipe.
#[test]
fn the_process_is_not_dumpable() {
    require_second_user!();
    let (_, owner) = waiting_tokencache_facts(Some(VICTIM));
    assert_eq!(
        owner, 0,
        "/proc/<pid>/status belongs to uid {owner}: the process is dumpable"
    );
}

// ---------------------------------------------------------------------------
// 6. Escape sequences from lock files and /proc never reach the terminal.

#[test]
fn control_characters_from_the_lock_file_and_proc_are_escaped() {
    let env = Env::new();
    env.put(b"{}");
    let hostile = "\x1b]0;owned\x07\x1b[2J\u{9b}31m";
    std::fs::write(env.lock_path(), format!("{} {hostile}", dead_pid())).unwrap();
    for json in [false, true] {
        let mut c = env.file_std_cmd();
        c.args(["read", "--lock-timeout", "200ms"]);
        if json {
            c.arg("--json");
        }
        let out = run_bounded(c, None);
        assert_eq!(out.status.code(), Some(6));
        let err = out.stderr_text();
        assert!(!err.contains('\x1b') && !err.contains('\u{9b}'), "{err:?}");
        assert!(err.contains("x1b]0;owned"), "{err}");
    }
    // The stale-lock note, once the lock is old enough to break.
    set_mtime(&env.lock_path(), Duration::from_secs(120));
    let out = run_bounded(
        {
            let mut c = env.file_std_cmd();
            c.arg("read");
            c
        },
        None,
    );
    assert!(out.status.success(), "{}", out.stderr_text());
    let err = out.stderr_text();
    assert!(
        err.contains("removed stale lock") && !err.contains('\x1b'),
        "{err:?}"
    );

    // A live holder whose command line carries escapes (read from /proc).
    let mut holder = Command::new("sh")
        .args(["-c", "sleep 60", "\x1b[31mevil"])
        .spawn()
        .unwrap();
    std::fs::write(env.lock_path(), holder.id().to_string()).unwrap();
    let out = run_bounded(
        {
            let mut c = env.file_std_cmd();
            c.args(["read", "--lock-timeout", "200ms"]);
            c
        },
        None,
    );
    holder.kill().unwrap();
    holder.wait().unwrap();
    let err = out.stderr_text();
    assert_eq!(out.status.code(), Some(6), "{err}");
    assert!(
        !err.contains('\x1b') && err.contains("\\x1b[31mevil"),
        "{err:?}"
    );
}

// ---------------------------------------------------------------------------
// 8. `clear` removes a killed writer's temp file.

#[test]
fn clear_removes_temp_files_of_killed_writers_and_says_so() {
    let env = Env::new();
    env.put(DOC);
    let dir = env.cache_path().parent().unwrap().to_path_buf();
    let dead = dead_pid();
    let debris = dir.join(format!(".msal.cache.json.tmp-{dead}-0"));
    std::fs::write(&debris, DOC).unwrap();
    // A live writer's temp file is not debris.
    let live = dir.join(format!(".msal.cache.json.tmp-{}-0", std::process::id()));
    std::fs::write(&live, b"x").unwrap();
    let out = run_bounded(
        {
            let mut c = env.file_std_cmd();
            c.arg("clear");
            c
        },
        None,
    );
    assert!(out.status.success(), "{}", out.stderr_text());
    assert!(
        out.stderr_text()
            .contains("and 1 temporary file left by an interrupted write"),
        "{}",
        out.stderr_text()
    );
    assert!(!exists(&debris) && !exists(&env.cache_path()) && exists(&live));
    std::fs::remove_file(&live).unwrap();

    // No cache, only debris: still removed, and said; --json counts it.
    std::fs::write(&debris, DOC).unwrap();
    let out = run_bounded(
        {
            let mut c = env.file_std_cmd();
            c.args(["clear", "--json"]);
            c
        },
        None,
    );
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(doc["removed"], false);
    assert_eq!(doc["temp_files_removed"], 1);
    assert!(!exists(&debris));
}

// ---------------------------------------------------------------------------
// 9. The Secret Service lookup matches the schema too.

/// tokencache on the shared private keyring for `service`/`account=default`.
fn on_keyring(env: &Env, service: &str) -> Command {
    let mut c = env.std_cmd();
    c.env("TOKENCACHE_STORE", "secret-service")
        .env("TOKENCACHE_CACHE_PATH", env.cache_path())
        .env("TOKENCACHE_SERVICE", service)
        .env("TOKENCACHE_ACCOUNT", "default");
    c
}

#[test]
fn an_item_of_another_schema_is_never_read_overwritten_or_deleted() {
    let kr = crate::shared_keyring!();
    let env = kr.env();
    let service = crate::support::keyring::unique_service("schema");
    let theirs = br#"{"AccessToken":{"theirs":{"secret":"other-app"}}}"#;
    // Another application's item: same service and account, its own schema.
    let mut plant = on_keyring(&env, &service);
    plant.args(["--schema", "org.example.OtherApp", "write"]);
    let out = run_bounded(plant, Some(theirs));
    assert!(out.status.success(), "{}", out.stderr_text());
    let read_theirs = || {
        let mut c = on_keyring(&env, &service);
        c.args(["--schema", "org.example.OtherApp", "read"]);
        run_bounded(c, None).stdout
    };

    // read: not ours, so nothing is stored.
    let out = run_bounded(
        {
            let mut c = on_keyring(&env, &service);
            c.arg("read");
            c
        },
        None,
    );
    assert_eq!(
        out.status.code(),
        Some(3),
        "read their item: {}",
        out.stderr_text()
    );
    assert!(out.stdout.is_empty());
    // verify says it was left alone, naming the schema.
    let out = run_bounded(
        {
            let mut c = on_keyring(&env, &service);
            c.arg("verify");
            c
        },
        None,
    );
    assert!(out.status.success(), "{}", out.stderr_text());
    let report = String::from_utf8_lossy(&out.stdout);
    assert!(
        report.contains("left alone: 1 item(s)")
            && report.contains("xdg:schema=org.example.OtherApp"),
        "{report}"
    );
    // write creates our own item beside theirs; clear removes only ours.
    let out = run_bounded(
        {
            let mut c = on_keyring(&env, &service);
            c.arg("write");
            c
        },
        Some(DOC),
    );
    assert!(out.status.success(), "{}", out.stderr_text());
    assert_eq!(read_theirs(), theirs, "overwrote their item");
    env.cmd()
        .env("TOKENCACHE_STORE", "secret-service")
        .env("TOKENCACHE_CACHE_PATH", env.cache_path())
        .env("TOKENCACHE_SERVICE", &service)
        .env("TOKENCACHE_ACCOUNT", "default")
        .arg("read")
        .assert()
        .success()
        .stdout(DOC);
    let out = run_bounded(
        {
            let mut c = on_keyring(&env, &service);
            c.arg("clear");
            c
        },
        None,
    );
    assert!(out.status.success(), "{}", out.stderr_text());
    assert_eq!(read_theirs(), theirs, "deleted their item");
    // Clean up theirs.
    let mut c = on_keyring(&env, &service);
    c.args(["--schema", "org.example.OtherApp", "clear"]);
    assert!(run_bounded(c, None).status.success());
}

/// `secret-tool store` writes no xdg:schema at all: still ours to read.
#[test]
fn an_item_without_a_schema_is_still_read() {
    let kr = crate::shared_keyring!();
    require!(
        have("secret-tool"),
        "secret-tool (libsecret-tools) is not installed"
    );
    let env = kr.env();
    let service = crate::support::keyring::unique_service("noschema");
    let mut st = kr.tool("secret-tool");
    st.args([
        "store",
        "--label=x",
        "service",
        &service,
        "account",
        "default",
    ]);
    let out = run_bounded(st, Some(DOC));
    assert!(out.status.success(), "{}", out.stderr_text());
    let out = run_bounded(
        {
            let mut c = on_keyring(&env, &service);
            c.arg("read");
            c
        },
        None,
    );
    assert!(out.status.success(), "{}", out.stderr_text());
    assert_eq!(out.stdout, DOC);
    let mut c = on_keyring(&env, &service);
    c.arg("clear");
    assert!(run_bounded(c, None).status.success());
}

// ---------------------------------------------------------------------------
// 10. No error quotes a byte of a stored or incoming secret.

/// A recognisable secret; `-` and `!` are not base64, so a decoder fails on it.
const PATTERN: &str = "ZQ7-S3CR3T-PATT3RN-ZQ7!";

/// Fail when `out` shows 6 or more consecutive bytes of [`PATTERN`], or a
/// decoder's quote of a byte ("Invalid symbol 45, offset 3").
fn assert_no_secret(out: &Output, what: &str) {
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    for window in PATTERN.as_bytes().windows(6) {
        let w = std::str::from_utf8(window).unwrap();
        assert!(
            !text.contains(w),
            "{what}: shows `{w}` of the secret:\n{text}"
        );
    }
    for quote in [
        "Invalid symbol",
        "Invalid byte",
        "Invalid last symbol",
        "Invalid padding",
    ] {
        assert!(
            !text.contains(quote),
            "{what}: quotes the secret ({quote}):\n{text}"
        );
    }
    assert!(!out.status.success(), "{what}: expected an error");
}

#[test]
fn no_error_or_warning_quotes_a_stored_or_incoming_secret() {
    let env = Env::new();
    let secret_doc = format!(r#"{{"AccessToken":{{"k":{{"secret":"{PATTERN}"}}}}}}"#);
    // Incoming: every way write can refuse input that carries the secret.
    let mut bad_inputs: Vec<(&str, Vec<u8>)> = vec![
        (
            "truncated",
            secret_doc.as_bytes()[..secret_doc.len() - 3].to_vec(),
        ),
        ("trailing garbage", format!("{secret_doc}x").into_bytes()),
        ("not an object", format!("[\"{PATTERN}\"]").into_bytes()),
        (
            "bad escape",
            format!(r#"{{"secret":"{PATTERN}\q"}}"#).into_bytes(),
        ),
        (
            "control character",
            format!("{{\"secret\":\"{PATTERN}\u{1}\"}}").into_bytes(),
        ),
        (
            "duplicate key",
            format!(r#"{{"secret":"{PATTERN}","secret":"{PATTERN}"}}"#).into_bytes(),
        ),
        ("byte order mark", {
            let mut b = b"\xEF\xBB\xBF".to_vec();
            b.extend_from_slice(secret_doc.as_bytes());
            b
        }),
    ];
    let mut not_utf8 = format!(r#"{{"secret":"{PATTERN}"#).into_bytes();
    not_utf8.extend_from_slice(b"\xff\"}");
    bad_inputs.push(("not UTF-8", not_utf8));
    for (what, input) in &bad_inputs {
        for args in [
            vec!["write"],
            vec!["write", "--merge"],
            vec!["write", "--json"],
        ] {
            let mut c = env.file_std_cmd();
            c.args(&args);
            let out = run_bounded(c, Some(input));
            assert_eq!(out.status.code(), Some(4), "{what} {args:?}");
            assert_no_secret(&out, &format!("write {what} {args:?}"));
        }
    }

    // Stored: a corrupt cache holding the secret, through every command that
    // reads it.
    env.put(format!("{secret_doc}}}").as_bytes());
    for args in [
        vec!["read"],
        vec!["read", "--redact"],
        vec!["read", "--json"],
        vec!["inspect"],
        vec!["inspect", "--json"],
        vec!["write", "--merge"],
        vec!["remove", "--client-id", "c"],
    ] {
        let mut c = env.file_std_cmd();
        c.args(&args);
        let out = run_bounded(c, Some(b"{}"));
        assert_eq!(
            out.status.code(),
            Some(5),
            "{args:?}: {}",
            out.stderr_text()
        );
        assert_no_secret(&out, &format!("stored corrupt {args:?}"));
    }

    // A plaintext cache where the encrypted file store expects a container.
    env.put(secret_doc.as_bytes());
    let key = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";
    let mut c = env.std_cmd();
    c.env("TOKENCACHE_CACHE_PATH", env.cache_path())
        .env("TOKENCACHE_KEY", key)
        .args(["--store", "encrypted-file", "read"]);
    assert_no_secret(&run_bounded(c, None), "encrypted-file over plaintext");

    // Key material: the key itself is the secret.
    let key_file = env.dir.path().join("key");
    std::fs::write(&key_file, PATTERN).unwrap();
    std::fs::set_permissions(&key_file, std::fs::Permissions::from_mode(0o600)).unwrap();
    let short = "WlE3LVMzQ1IzVC1QQVRUM1JOLVpRNyE="; // base64 of PATTERN: not 32 bytes
    for (what, var, value, file) in [
        (
            "TOKENCACHE_KEY not base64",
            "TOKENCACHE_KEY",
            PATTERN,
            false,
        ),
        (
            "TOKENCACHE_KEY wrong length",
            "TOKENCACHE_KEY",
            short,
            false,
        ),
        ("key file not base64", "", "", true),
    ] {
        let mut c = env.std_cmd();
        c.env("TOKENCACHE_CACHE_PATH", env.cache_path())
            .args(["--store", "encrypted-file"]);
        if file {
            c.arg("--key-file").arg(&key_file);
        } else {
            c.env(var, value);
        }
        c.args(["write", "--json"]);
        let out = run_bounded(c, Some(b"{}"));
        assert_no_secret(&out, what);
        assert!(
            !String::from_utf8_lossy(&out.stderr).contains(short),
            "{what}"
        );
    }
}

/// MSAL.NET stores base64; a secret that is not base64 must not be quoted by
/// the decoder's error.
#[test]
fn a_secret_service_secret_that_is_not_base64_is_not_quoted() {
    let kr = crate::shared_keyring!();
    let env = kr.env();
    let service = crate::support::keyring::unique_service("b64err");
    let mut plant = on_keyring(&env, &service);
    plant.args(["--encoding", "raw", "write"]);
    let planted = format!("{{\"x\":\"{PATTERN}\"}}");
    let out = run_bounded(plant, Some(planted.as_bytes()));
    assert!(out.status.success(), "{}", out.stderr_text());
    for json in [false, true] {
        let mut c = on_keyring(&env, &service);
        c.args(["--encoding", "base64", "read"]);
        if json {
            c.arg("--json");
        }
        let out = run_bounded(c, None);
        assert_eq!(out.status.code(), Some(5), "{}", out.stderr_text());
        assert_no_secret(&out, "base64 decoding");
    }
    let mut c = on_keyring(&env, &service);
    c.arg("clear");
    assert!(run_bounded(c, None).status.success());
}

// ---------------------------------------------------------------------------
// 11. Redaction hides every value whose key names a secret.

#[test]
fn read_redact_and_inspect_hide_secrets_of_msal_adal_and_azure_cli_shapes() {
    let env = Env::new();
    let doc = serde_json::json!({
        // MSAL (every library), with a capitalised and a nested variant.
        "AccessToken": {"a": {"credential_type": "AccessToken", "secret": "P1-msal-at",
            "client_id": "c", "home_account_id": "h", "target": "s", "expires_on": "1"}},
        "RefreshToken": {"r": {"credential_type": "RefreshToken", "Secret": "P2-msal-rt",
            "client_id": "c", "home_account_id": "h"}},
        "IdToken": {},
        "Account": {},
        "AppMetadata": {},
        // ADAL's accessTokens.json entries (the Azure CLI before MSAL).
        "adal": [{"tokenType": "Bearer", "expiresIn": 3599, "accessToken": "P3-adal-at",
            "refreshToken": "P4-adal-rt", "_clientId": "04b07795", "isMRRT": true}],
        // The Azure CLI's service principal entries.
        "service_principal_entries": [{"client_id": "sp", "tenant": "t",
            "client_secret": "P5-sp-secret", "client_assertion": "P6-sp-assertion"},
            {"client_id": "sp2", "password": "P7-password", "certificate": "/path/cert.pem"}],
        // Non-string values under secret names, at depth.
        "deep": {"x": {"y": {"access_token": {"nested": "P8-object"}, "id_token": 12345678,
            "private_key": ["P9-array"], "token_type": "Bearer"}}}
    });
    env.put(doc.to_string().as_bytes());
    let out = run_bounded(
        {
            let mut c = env.file_std_cmd();
            c.args(["read", "--redact"]);
            c
        },
        None,
    );
    assert!(out.status.success(), "{}", out.stderr_text());
    let text = String::from_utf8_lossy(&out.stdout);
    for p in [
        "P1-", "P2-", "P3-", "P4-", "P5-", "P6-", "P7-", "P8-", "P9-", "12345678",
    ] {
        assert!(!text.contains(p), "read --redact shows {p}:\n{text}");
    }
    let redacted: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(redacted["adal"][0]["tokenType"], "Bearer");
    assert_eq!(redacted["adal"][0]["refreshToken"], "<redacted 10 bytes>");
    assert_eq!(redacted["deep"]["x"]["y"]["id_token"], "<redacted 8 bytes>");
    assert_eq!(redacted["deep"]["x"]["y"]["token_type"], "Bearer");
    assert_eq!(
        redacted["service_principal_entries"][1]["certificate"],
        "/path/cert.pem"
    );
    assert_eq!(
        redacted["AccessToken"]["a"]["credential_type"],
        "AccessToken"
    );

    // inspect shows a value it does not interpret (an object where the
    // client id belongs) as JSON: with the secret inside redacted.
    env.put(
        br#"{"AccessToken":{"a":{"client_id":{"client_secret":"P10-inspect"},"home_account_id":"h","secret":"s","expires_on":"1"}}}"#,
    );
    for args in [vec!["inspect"], vec!["inspect", "--json"]] {
        let mut c = env.file_std_cmd();
        c.args(&args);
        let out = run_bounded(c, None);
        assert!(out.status.success(), "{}", out.stderr_text());
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(
            !text.contains("P10-"),
            "{args:?} shows the nested secret:\n{text}"
        );
        assert!(text.contains("client_secret"), "{text}");
    }
}

// ---------------------------------------------------------------------------
// 12. A hostile encrypted-file header cannot force an expensive derivation,
// and the key work happens before the lock.

/// A container header asking for Argon2id `m_kib`/`t`, with a garbage
/// wrapped key, and a payload of `n` bytes: structurally valid.
fn hostile_container(m_kib: u32, t: u32) -> Vec<u8> {
    let mut h = b"TKCACHE\0\x01\x01\x01\x00".to_vec();
    h.extend_from_slice(&m_kib.to_le_bytes());
    h.extend_from_slice(&t.to_le_bytes());
    h.extend_from_slice(&1u32.to_le_bytes());
    h.resize(136, 7);
    let n = 2u64;
    h.extend_from_slice(&n.to_le_bytes());
    h.resize(144 + 2 + 16, 9);
    h
}

fn encrypted(env: &Env, passphrase: &str) -> Command {
    let mut c = env.std_cmd();
    c.env("TOKENCACHE_CACHE_PATH", env.cache_path())
        .env("TOKENCACHE_PASSPHRASE", passphrase)
        .args(["--store", "encrypted-file"]);
    c
}

#[test]
fn a_header_asking_for_more_than_tokencache_writes_is_refused_before_deriving() {
    let env = Env::new();
    // 1 GiB and 10 passes: within the format's bounds, ~11 s and 1 GiB a run.
    env.put(&hostile_container(1 << 20, 10));
    let before = env.stored().unwrap();
    for args in [vec!["read"], vec!["write", "--merge"], vec!["verify"]] {
        let mut c = encrypted(&env, "pw");
        c.args(&args);
        let out = run_bounded(c, Some(b"{}"));
        let err = out.stderr_text();
        if args == ["verify"] {
            // verify round-trips a probe, not the cache: it works, and its
            // report shows no stored KDF it would have to derive.
            assert!(out.status.success(), "{err}");
            continue;
        }
        assert_eq!(out.status.code(), Some(5), "{args:?}: {err}");
        assert!(
            err.contains("more than tokencache writes")
                && err.contains("refused before any key derivation")
                && err
                    .contains("TOKENCACHE_KDF_MAX_MEMORY=1024MiB TOKENCACHE_KDF_MAX_ITERATIONS=10"),
            "{args:?}: {err}"
        );
    }
    assert_eq!(env.stored().unwrap(), before);

    // Raised explicitly, the derivation runs (and the garbage key fails).
    env.put(&hostile_container(96 << 10, 4));
    let mut c = encrypted(&env, "pw");
    c.env("TOKENCACHE_KDF_MAX_MEMORY", "96MiB")
        .env("TOKENCACHE_KDF_MAX_ITERATIONS", "4")
        .arg("read");
    let out = run_bounded(c, None);
    assert_eq!(out.status.code(), Some(7), "{}", out.stderr_text());
    assert!(
        out.stderr_text().contains("cannot decrypt"),
        "{}",
        out.stderr_text()
    );
    // Not raised: the same file is refused.
    let mut c = encrypted(&env, "pw");
    c.arg("read");
    assert_eq!(run_bounded(c, None).status.code(), Some(5));
}

/// The key is checked (derived and the data key unwrapped) before the lock:
/// a wrong passphrase fails at once even while another process holds it.
#[test]
fn a_wrong_passphrase_fails_before_waiting_for_the_lock() {
    let env = Env::new();
    let mut c = encrypted(&env, "right");
    c.arg("write");
    let out = run_bounded(c, Some(DOC));
    assert!(out.status.success(), "{}", out.stderr_text());
    let mut holder = Command::new("sleep").arg("60").spawn().unwrap();
    std::fs::write(env.lock_path(), holder.id().to_string()).unwrap();
    for args in [
        vec!["read"],
        vec!["write", "--merge"],
        vec!["remove", "--client-id", "c"],
        vec!["inspect"],
    ] {
        let mut c = encrypted(&env, "wrong");
        c.args(&args).args(["--lock-timeout", "3s"]);
        // Waiting for the lock would end in exit 6 (timeout); the key is
        // judged before it, so exit 7 whatever the machine's speed.
        let out = run_bounded(c, Some(b"{}"));
        assert_eq!(
            out.status.code(),
            Some(7),
            "{args:?} waited for the lock with a wrong key: {}",
            out.stderr_text()
        );
    }
    // The right key then waits for the lock, as it must.
    let mut c = encrypted(&env, "right");
    c.args(["write", "--merge", "--lock-timeout", "300ms"]);
    assert_eq!(run_bounded(c, Some(b"{}")).status.code(), Some(6));
    holder.kill().unwrap();
    holder.wait().unwrap();
}

// ---------------------------------------------------------------------------
// 7. A signal during the passphrase prompt restores the terminal.

/// Run `write` of the encrypted file store on a pseudo-terminal (util-linux
/// `script`), wait until its prompt has turned echo off, send `signal` with
/// `kill`, and return the exit status and the terminal's settings afterwards.
fn signal_during_prompt(env: &Env, signal: &str) -> (String, String) {
    let doc = env.dir.path().join("doc.json");
    std::fs::write(&doc, DOC).unwrap();
    let pidfile = env.dir.path().join("pid");
    let script = format!(
        r#"
( n=0
  while ! stty -F /dev/tty -a 2>/dev/null | grep -q -- ' -echo '; do
    n=$((n+1)); [ "$n" -gt 400 ] && exit 1; sleep 0.05
  done
  kill -{signal} "$(cat '{pid}')" ) &
sh -c 'echo $$ > "{pid}"; exec "$TC" --store encrypted-file --cache-path "{cache}" write --input "{doc}"'
echo "STATUS=$?"
echo "TTY=$(stty -a | tr '\n' ' ')"
"#,
        pid = pidfile.display(),
        cache = env.cache_path().display(),
        doc = doc.display(),
    );
    let mut c = Command::new("script");
    env.isolate(&mut c);
    c.env("TC", bin())
        .args(["-qec", &script, "/dev/null"])
        // script forwards an EOF on its stdin to the terminal as ^D, which
        // the prompt would read: keep stdin open (and silent) until the end.
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = c.spawn().unwrap();
    let stdin = child.stdin.take();
    let deadline = Instant::now() + BOUND;
    while child.try_wait().unwrap().is_none() {
        if Instant::now() > deadline {
            let _ = child.kill();
            panic!("script with SIG{signal} hung");
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    drop(stdin);
    let out = child.wait_with_output().unwrap();
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    let field = |name: &str| {
        text.lines()
            .find_map(|l| {
                l.trim_end_matches('\r')
                    .strip_prefix(name)
                    .map(str::to_string)
            })
            .unwrap_or_else(|| panic!("no {name} in:\n{text}"))
    };
    (field("STATUS="), format!(" {} ", field("TTY=")))
}

#[test]
fn a_signal_during_the_passphrase_prompt_restores_the_terminal() {
    require!(have("script"), "util-linux script is not installed");
    let env = Env::new();
    std::fs::create_dir_all(env.cache_path().parent().unwrap()).unwrap();
    for (signal, status) in [
        ("TERM", "143"),
        ("HUP", "129"),
        ("QUIT", "131"),
        ("INT", "130"),
    ] {
        let (got, tty) = signal_during_prompt(&env, signal);
        for flag in ["echo", "icanon", "isig"] {
            assert!(
                tty.contains(&format!(" {flag} ")) && !tty.contains(&format!(" -{flag} ")),
                "SIG{signal} left the terminal with -{flag}: {tty}"
            );
        }
        assert_eq!(got, status, "SIG{signal}: exit status");
        assert!(!exists(&env.cache_path()), "SIG{signal} wrote a cache");
        assert!(!exists(&env.lock_path()), "SIG{signal} left the lock");
    }
}

/// `inspect` shows values from the cache file: their control characters are
/// escaped too (JSON escapes in the file become real ESC bytes when parsed).
#[test]
fn control_characters_from_the_cache_are_escaped_in_inspect() {
    let env = Env::new();
    env.put(
        br#"{"Account":{"a":{"username":"\u001b]0;owned\u0007eve","home_account_id":"h\u009b2J","environment":"e","realm":"r"}},
            "AccessToken":{"t":{"client_id":"c\u001b[31m","home_account_id":"h","secret":"s","target":"\u202eUser.Read","expires_on":"1"}},
            "\u001b[2Jother":1}"#,
    );
    let out = run_bounded(
        {
            let mut c = env.file_std_cmd();
            c.arg("inspect");
            c
        },
        None,
    );
    assert!(out.status.success(), "{}", out.stderr_text());
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        !text.contains('\x1b') && !text.contains('\u{9b}') && !text.contains('\u{202e}'),
        "{text:?}"
    );
    assert!(
        text.contains("\\x1b]0;owned\\x07eve") && text.contains("c\\x1b[31m"),
        "{text}"
    );
}
