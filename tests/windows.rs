//! Windows only: the `CreateFileW` lock against holders written the way each
//! MSAL library locks on Windows, the replace while another program reads the
//! cache, an unwritable folder, and Ctrl-C.
//!
//! These run under Wine in `.ci/cross` and on GitHub's windows-latest. What
//! Wine cannot show is skipped there by name (`skip_under_wine!`), never
//! silently: ACLs (Wine does not enforce them, and the gate runs as root) and
//! console control events (a Wine process started without a Windows console
//! cannot send or receive them: `GenerateConsoleCtrlEvent` fails with
//! `ERROR_INVALID_ACCESS`).

#![cfg(windows)]

use std::fs::{File, OpenOptions};
use std::io::Write;
use std::os::windows::fs::OpenOptionsExt;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use predicates::prelude::*;

use crate::skip_under_wine;
use crate::support::{dead_pid, exists, Env};

const DOC: &[u8] = br#"{"AccessToken":{"k":{"secret":"s"}}}"#;

const FILE_SHARE_READ: u32 = 0x1;
const FILE_SHARE_WRITE: u32 = 0x2;
const FILE_SHARE_DELETE: u32 = 0x4;
const FILE_FLAG_DELETE_ON_CLOSE: u32 = 0x0400_0000;

fn setup() -> Env {
    let env = Env::new();
    env.put(b"{}");
    env
}

/// `tokencache write` of [`DOC`] with `timeout`, started in the background.
fn spawn_writer(env: &Env, timeout: &str) -> Child {
    let input = env.dir.path().join("doc.json");
    std::fs::write(&input, DOC).unwrap();
    env.file_std_cmd()
        .args(["write", "--lock-timeout", timeout, "--input"])
        .arg(&input)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap()
}

/// A lock file made the way msal-node-extensions and portalocker make it:
/// `CREATE_NEW` with `share`, `contents` written, the handle kept open.
fn peer_holder(env: &Env, share: u32, contents: &str) -> File {
    let holder = OpenOptions::new()
        .read(true)
        .write(true)
        .create_new(true)
        .share_mode(share)
        .open(env.lock_path())
        .unwrap();
    (&holder).write_all(contents.as_bytes()).unwrap();
    holder
}

/// A write that times out on the held lock: exit 6, naming `holder` (its
/// pid or the lock file) on stderr.
fn write_times_out_naming(env: &Env, holder: &str) {
    env.file_cmd()
        .args(["write", "--lock-timeout", "300ms"])
        .write_stdin(DOC)
        .assert()
        .code(6)
        .stderr(predicate::str::contains(holder));
}

fn finish(child: Child) -> (i32, String) {
    let out = child.wait_with_output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// MSAL.NET on Windows: `FileStream(lock, OpenOrCreate, ReadWrite,
/// FileShare.None, DeleteOnClose)`, then `"<pid> <name>"` after a UTF-8 BOM.
/// tokencache waits while it is held and takes the lock once .NET closes it.
#[test]
fn a_dotnet_style_holder_blocks_until_it_closes_its_handle() {
    let env = setup();
    let mut holder = OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .share_mode(0)
        .custom_flags(FILE_FLAG_DELETE_ON_CLOSE)
        .open(env.lock_path())
        .unwrap();
    holder
        .write_all(format!("\u{feff}{} dotnet\n", std::process::id()).as_bytes())
        .unwrap();

    write_times_out_naming(&env, env.lock_path().to_str().unwrap());
    assert_eq!(env.stored().unwrap(), b"{}");

    let writer = spawn_writer(&env, "30s");
    std::thread::sleep(Duration::from_millis(500));
    assert_eq!(
        env.stored().unwrap(),
        b"{}",
        "wrote while .NET held the lock"
    );
    drop(holder);
    let (code, stderr) = finish(writer);
    assert_eq!(code, 0, "{stderr}");
    assert!(!stderr.contains("stale"), "{stderr}");
    assert_eq!(env.stored().unwrap(), DOC);
    assert!(!exists(&env.lock_path()));
}

/// msal-node-extensions: `fs.open(lock, "wx+")` (libuv: `CREATE_NEW`, share
/// read, write and delete), its pid inside, released by unlink then close.
/// A live pid blocks and is named; a dead one is a stale lock, removed.
#[test]
fn a_node_style_holder_blocks_and_its_dead_leftover_is_removed() {
    let env = setup();
    let holder = peer_holder(
        &env,
        FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE,
        &std::process::id().to_string(),
    );
    write_times_out_naming(&env, &format!("pid {}", std::process::id()));

    let writer = spawn_writer(&env, "30s");
    std::thread::sleep(Duration::from_millis(500));
    assert_eq!(env.stored().unwrap(), b"{}");
    std::fs::remove_file(env.lock_path()).unwrap();
    drop(holder);
    let (code, stderr) = finish(writer);
    assert_eq!(code, 0, "{stderr}");
    assert!(
        !stderr.contains("stale"),
        "a normal release is not a stale lock: {stderr}"
    );
    assert_eq!(env.stored().unwrap(), DOC);

    // A Node process killed while holding leaves its file behind. Unchanged
    // for more than a minute (tokencache's guard against holders in another
    // PID namespace), it is stale.
    env.put(b"{}");
    std::fs::write(env.lock_path(), dead_pid().to_string()).unwrap();
    File::options()
        .write(true)
        .open(env.lock_path())
        .unwrap()
        .set_modified(std::time::SystemTime::now() - Duration::from_secs(120))
        .unwrap();
    env.file_cmd()
        .args(["write", "--lock-timeout", "10s"])
        .write_stdin(DOC)
        .assert()
        .success()
        .stderr(predicate::str::contains("removed stale lock"));
    assert_eq!(env.stored().unwrap(), DOC);
    assert!(!exists(&env.lock_path()));
}

/// Python msal-extensions with portalocker: `open(lock, "x")` (share read and
/// write), `"<pid> <argv0>"` inside, then a byte-range lock (`LockFileEx`).
#[test]
fn a_portalocker_style_holder_blocks_until_it_removes_its_file() {
    let env = setup();
    let holder = peer_holder(
        &env,
        FILE_SHARE_READ | FILE_SHARE_WRITE,
        &format!("{} C:\\Python312\\python.exe", std::process::id()),
    );
    holder.try_lock().unwrap();
    write_times_out_naming(&env, &format!("pid {}", std::process::id()));
    assert_eq!(env.stored().unwrap(), b"{}");

    let writer = spawn_writer(&env, "30s");
    std::thread::sleep(Duration::from_millis(500));
    assert_eq!(env.stored().unwrap(), b"{}");
    // portalocker's release: unlock, close, remove. Closing the handle
    // releases its byte-range lock (std's unlock() is not used: its second
    // UnlockFile answers ERROR_LOCK_VIOLATION under Wine, not ERROR_NOT_LOCKED).
    drop(holder);
    std::fs::remove_file(env.lock_path()).unwrap();
    let (code, stderr) = finish(writer);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(env.stored().unwrap(), DOC);
}

/// Python msal-extensions reads the cache without the lock, through a handle
/// without `FILE_SHARE_DELETE`, which blocks `MoveFileExW`. tokencache keeps
/// retrying within its lock timeout and succeeds once the reader is done; if
/// the reader never finishes, it says another program has the file open (exit
/// 6) and leaves the old cache and no temp file behind.
#[test]
fn a_replace_waits_for_a_reader_and_then_names_it() {
    let env = setup();
    let open_reader = || -> File {
        OpenOptions::new()
            .read(true)
            .share_mode(FILE_SHARE_READ | FILE_SHARE_WRITE)
            .open(env.cache_path())
            .unwrap()
    };

    let reader = open_reader();
    let writer = spawn_writer(&env, "30s");
    std::thread::sleep(Duration::from_millis(1500));
    drop(reader);
    let (code, stderr) = finish(writer);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(env.stored().unwrap(), DOC);

    let reader = open_reader();
    let started = Instant::now();
    env.file_cmd()
        .args(["write", "--lock-timeout", "2s"])
        .write_stdin(br#"{"AccessToken":{}}"#.as_slice())
        .assert()
        .code(6)
        .stderr(predicate::str::contains(
            "another program has the file open",
        ))
        .stderr(predicate::str::contains("0600").not());
    assert!(
        started.elapsed() >= Duration::from_secs(2),
        "gave up before the lock timeout"
    );
    drop(reader);
    assert_eq!(env.stored().unwrap(), DOC);
    assert_eq!(
        env.cache_dir_names(),
        vec!["msal.cache.json".to_string()],
        "no temp file or lock file may be left"
    );
}

/// A folder the user may not write to is exit 8 at once, not a lock wait.
#[test]
fn an_unwritable_folder_is_exit_8_at_once() {
    skip_under_wine!(
        "Wine does not enforce ACLs (and .ci/cross runs as root); the windows-latest job runs this"
    );
    let env = Env::new();
    let dir = env.cache_path().parent().unwrap().to_path_buf();
    std::fs::create_dir_all(&dir).unwrap();
    let user = std::env::var("USERNAME").unwrap();
    let deny = Command::new("icacls")
        .arg(&dir)
        .args(["/deny", &format!("{user}:(W,AD)")])
        .output()
        .unwrap();
    assert!(deny.status.success(), "{:?}", deny);
    let started = Instant::now();
    env.file_cmd()
        .args(["write", "--lock-timeout", "20s"])
        .write_stdin(DOC)
        .assert()
        .code(8)
        .stderr(predicate::str::contains("permission denied"))
        .stderr(predicate::str::contains("0600").not());
    assert!(
        started.elapsed() < Duration::from_secs(10),
        "waited for the lock"
    );
    let _ = Command::new("icacls")
        .arg(&dir)
        .args(["/remove:d", &user])
        .output();
}

/// Ctrl-Break (what a console sends a process group) while waiting for the
/// lock: exit 130, no lock file or temp file of ours left, cache unchanged.
#[test]
fn ctrl_break_while_waiting_for_the_lock_is_exit_130_and_leaves_nothing() {
    skip_under_wine!(
        "a Wine process without a Windows console cannot send console control events \
         (GenerateConsoleCtrlEvent fails with ERROR_INVALID_ACCESS); the windows-latest job runs this"
    );
    use std::os::windows::process::CommandExt;
    use windows_sys::Win32::System::Console::{GenerateConsoleCtrlEvent, CTRL_BREAK_EVENT};
    use windows_sys::Win32::System::Threading::CREATE_NEW_PROCESS_GROUP;
    let env = setup();
    let holder = peer_holder(
        &env,
        FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE,
        &std::process::id().to_string(),
    );
    let input = env.dir.path().join("doc.json");
    std::fs::write(&input, DOC).unwrap();
    let writer = env
        .file_std_cmd()
        .args(["write", "--lock-timeout", "60s", "--input"])
        .arg(&input)
        .creation_flags(CREATE_NEW_PROCESS_GROUP)
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Give it time to start waiting (the handler is installed on entering).
    std::thread::sleep(Duration::from_millis(1500));
    // SAFETY: plain Win32 call; the group id is the child's pid.
    let sent = unsafe { GenerateConsoleCtrlEvent(CTRL_BREAK_EVENT, writer.id()) };
    assert_ne!(sent, 0, "GenerateConsoleCtrlEvent failed");
    let (code, stderr) = finish(writer);
    assert_eq!(code, 130, "{stderr}");
    assert_eq!(env.stored().unwrap(), b"{}");
    drop(holder);
    std::fs::remove_file(env.lock_path()).unwrap();
    assert_eq!(env.cache_dir_names(), vec!["msal.cache.json".to_string()]);
}

/// A writer killed mid-write leaves `.<name>.tmp-<pid>-<n>`, which holds
/// tokens; the next `write` removes it (its pid is dead), and keeps a live
/// writer's.
#[test]
fn the_temp_file_of_a_killed_writer_is_removed_by_the_next_write() {
    let env = setup();
    let dir = env.cache_path().parent().unwrap().to_path_buf();
    let dead = dir.join(format!(".msal.cache.json.tmp-{}-0", dead_pid()));
    let live = dir.join(format!(".msal.cache.json.tmp-{}-7", std::process::id()));
    std::fs::write(&dead, b"{\"secret\":1}").unwrap();
    std::fs::write(&live, b"{\"secret\":2}").unwrap();
    env.file_cmd()
        .arg("write")
        .write_stdin(DOC)
        .assert()
        .success();
    assert!(!exists(&dead), "the dead writer's temp file is still there");
    assert!(exists(&live), "a live writer's temp file was removed");
    assert_eq!(env.stored().unwrap(), DOC);
}
