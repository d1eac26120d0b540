//! The cross-process lock: `<cache path>.lockfile`, interoperable with the
//! three MSAL extension libraries at once.
//!
//! The three peers lock the same file in two incompatible ways:
//!
//! | peer | acquire | busy when | release |
//! |---|---|---|---|
//! | msal-node-extensions | `open("wx+")` = `O_CREAT\|O_EXCL`, write pid | the file exists | unlink |
//! | Python msal-extensions (default) | `open(path, "xb")`, write `"<pid> <argv0>"` | the file exists | unlink |
//! | Python with portalocker | `O_EXCL` for 5 s, then `flock(LOCK_EX\|LOCK_NB)` | flock held | unlock, close, unlink |
//! | MSAL.NET | `open(O_CREAT)` + `flock(LOCK_EX\|LOCK_NB)`, write `"<pid> <name>\n"` | flock held | unlink, then unlock |
//!
//! So a lock that all of them honour must be **both** an exclusively created
//! file **and** an flock on it. On Unix tokencache:
//!
//! 1. creates the file with `O_RDWR|O_CREAT|O_EXCL|O_CLOEXEC|O_NOFOLLOW`, 0600.
//!    `EEXIST` means busy: that is the only thing Node and plain Python look at;
//! 2. takes `flock(LOCK_EX|LOCK_NB)` on the new descriptor. It can fail only if
//!    an MSAL.NET process opened the file (it does not use `O_EXCL`) between our
//!    create and our flock: then .NET holds the lock, we close without
//!    unlinking and count it as busy;
//! 3. checks that the path still names the inode we hold (a .NET holder unlinks
//!    before it unlocks, so we might have flocked an already-unlinked file), and
//!    retries at once if not;
//! 4. writes `"<pid> tokencache"` so that waiters can name and judge the holder;
//! 5. releases by unlinking (only if the path still names our inode), then
//!    unlocking, then closing: .NET's order, so a .NET waiter that gets the
//!    flock after us re-checks the inode and sees the file is gone.
//!
//! std's `File::try_lock` (stable since Rust 1.89) is `flock(LOCK_EX|LOCK_NB)`
//! on Unix and `LockFileEx` on Windows. It is used instead of `fslock` because
//! the protocol needs the flock on the very descriptor that `O_EXCL` created
//! (fslock opens its own), and fslock truncates the file on unlock and panics on
//! a double unlock.
//!
//! **Stale locks.** Node keeps no OS lock and never cleans up after a crash
//! (msal-node-extensions #7148), so a killed Node or Python process leaves a
//! lock file that blocks everyone forever. A lock file is removed as stale
//! only on evidence, and only when nobody holds an flock on it (no .NET,
//! portalocker or tokencache holder: the kernel drops the flocks of dead
//! processes, so an flock proves a live holder):
//!
//! - **tokencache's own lock** (`"<pid> tokencache"`): tokencache writes that
//!   stamp only while it holds the flock, so the stamp without the flock and
//!   a pid that is not running prove the holder is gone. Removed at once.
//! - **an `O_EXCL`-only lock** (Node's `"<pid>"`, Python's `"<pid> <argv0>"`,
//!   anything else naming a pid): a pid that is not running *on this host* is
//!   not enough. A holder in a container or devcontainer sharing the folder
//!   records a pid of its own PID namespace, which this host cannot see.
//!   Such a lock is removed only when its pid is not running **and** the file
//!   has not been modified for [`STALE_LOCK_GRACE`] (60 s). Every peer holds
//!   the lock for one cache access (milliseconds), and the longest any peer
//!   waits for it is MSAL.NET's 600 × 100 ms = 60 s (msal-node-extensions:
//!   500 × 100 ms ≈ 50 s; Python msal-extensions: 5 s): a lock unchanged for
//!   longer has outlived every peer's patience, so no normal hold is broken.
//! - **a file naming no pid**: stale once [`EMPTY_LOCK_GRACE`] old (every
//!   creator writes its pid right after creating the file, so only a process
//!   killed in between leaves it empty).
//!
//! A lock whose pid is alive is never broken, however old: a Node holder
//! may legitimately hold it across a network call, and a pid that happens to
//! be alive on this host is treated as the holder. Removal happens while we
//! hold the flock of the stale inode and after checking the path still names
//! it, so two waiters can never remove each other's fresh lock.
//!
//! **Ownership.** The cache folder must pass [`crate::fsutil::check_dir`],
//! and a lock file owned by another user (root excepted) is refused with
//! exit 8 rather than waited on: another user could otherwise hold every
//! cache in a shared folder forever. (Its mode is not checked: Node and
//! Python create their lock files with the process umask.)
//!
//! **Windows.** `CreateFileW(CREATE_NEW, share read, FILE_FLAG_DELETE_ON_CLOSE)`,
//! exactly MSAL.NET's `FileShare.None`-style lock; busy on "exists", "access
//! denied" (delete pending) and "sharing violation". The OS deletes the file
//! when the handle closes, even if the process is killed.

use std::fs::File;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::error::{Error, LockHolder, Result};
use crate::signals;

/// How long a lock file that names no pid may exist before it counts as stale.
pub const EMPTY_LOCK_GRACE: Duration = Duration::from_secs(5);

/// How long an `O_EXCL`-only lock file whose pid is not running on this host
/// must have been left unmodified before it counts as stale: the longest any
/// MSAL extension library waits for the lock (MSAL.NET, 600 × 100 ms; see the
/// module doc). Shorter would break the lock of a holder in another PID
/// namespace during a normal hold.
pub const STALE_LOCK_GRACE: Duration = Duration::from_secs(60);

/// The first wait between attempts; it doubles up to [`MAX_BACKOFF`].
const MIN_BACKOFF: Duration = Duration::from_millis(1);
/// The longest wait between attempts (msal-node-extensions retries every 100 ms).
const MAX_BACKOFF: Duration = Duration::from_millis(100);

/// The lock file that guards `cache_path`: `<cache path>.lockfile`, the name all
/// three MSAL extension libraries use.
pub fn lock_path_for(cache_path: &Path) -> PathBuf {
    let mut os = cache_path.as_os_str().to_owned();
    os.push(".lockfile");
    PathBuf::from(os)
}

/// What the lock tells the user while it waits.
pub trait WaitObserver {
    /// Called about every 100 ms while waiting, with the holder as last seen.
    fn waiting(&mut self, lock: &Path, holder: &LockHolder, elapsed: Duration);
    /// Called once when a stale lock was removed; `evidence` says why it was
    /// judged stale.
    fn removed_stale(&mut self, lock: &Path, holder: &LockHolder, evidence: &str);
    /// Called when the wait ends, acquired or not.
    fn done(&mut self) {}
}

/// An observer that says nothing.
pub struct Silent;

impl WaitObserver for Silent {
    fn waiting(&mut self, _: &Path, _: &LockHolder, _: Duration) {}
    fn removed_stale(&mut self, _: &Path, _: &LockHolder, _: &str) {}
}

/// A held lock. Released on drop, on every path out.
#[derive(Debug)]
pub struct CacheLock {
    path: PathBuf,
    file: Option<File>,
    _critical: signals::Critical,
}

/// What a look at a busy lock's file found.
#[derive(Debug, PartialEq, Eq)]
enum Stale {
    /// It was stale, and we removed it; why it was judged stale.
    Removed(String),
    /// It is gone already: its holder released it (the usual case), or another
    /// waiter removed it. Nothing to report.
    Gone,
    /// Its holder is alive (or may be): keep waiting.
    Held,
}

/// The outcome of one attempt.
enum Attempt {
    Acquired(File),
    /// Someone else holds it (as far as we can tell: who).
    Busy(LockHolder),
    /// The file vanished or changed under us: try again at once (Unix only:
    /// on Windows the OS deletes the file with the holder's handle).
    #[cfg(unix)]
    Retry,
}

impl CacheLock {
    /// Acquire the lock for `cache_path`, waiting up to `timeout`.
    ///
    /// The directory of the cache must exist. SIGINT/SIGTERM while waiting end
    /// the wait with [`Error::Interrupted`] and leave nothing behind.
    pub fn acquire(
        cache_path: &Path,
        timeout: Duration,
        observer: &mut dyn WaitObserver,
    ) -> Result<CacheLock> {
        let path = lock_path_for(cache_path);
        crate::fsutil::check_dir(crate::fsutil::parent_dir(&path))?;
        let critical = signals::Critical::enter();
        let start = Instant::now();
        let mut backoff = MIN_BACKOFF;
        let mut last_report = Duration::ZERO;
        let result = loop {
            if signals::interrupted() {
                break Err(Error::Interrupted);
            }
            match sys::attempt(&path)? {
                Attempt::Acquired(file) => {
                    break Ok(CacheLock {
                        path,
                        file: Some(file),
                        _critical: critical,
                    })
                }
                #[cfg(unix)]
                Attempt::Retry => continue,
                Attempt::Busy(holder) => {
                    match sys::remove_if_stale(&path)? {
                        Stale::Removed(evidence) => {
                            observer.removed_stale(&path, &holder, &evidence);
                            continue;
                        }
                        Stale::Gone => continue,
                        Stale::Held => {}
                    }
                    let elapsed = start.elapsed();
                    if elapsed >= timeout {
                        break Err(Error::LockTimeout {
                            path,
                            waited: elapsed,
                            holder,
                        });
                    }
                    if elapsed >= last_report + MAX_BACKOFF {
                        observer.waiting(&path, &holder, elapsed);
                        last_report = elapsed;
                    }
                    std::thread::sleep(backoff.min(timeout - elapsed));
                    backoff = (backoff * 2).min(MAX_BACKOFF);
                }
            }
        };
        observer.done();
        result
    }

    /// The lock file's path.
    pub fn path(&self) -> &Path {
        &self.path
    }
}

impl Drop for CacheLock {
    fn drop(&mut self) {
        if let Some(file) = self.file.take() {
            sys::release(&self.path, file);
        }
    }
}

/// Read what a lock file says about its holder: `"<pid>"` (Node),
/// `"<pid> <argv0>"` (Python), `"<pid> <name>\n"` (tokencache), and MSAL.NET's
/// `"<pid> <name>\n"` after a UTF-8 byte order mark (its `StreamWriter` uses
/// `Encoding.UTF8`, which writes one).
fn parse_holder(contents: &[u8]) -> (Option<u32>, Option<String>) {
    let contents = contents.strip_prefix(b"\xef\xbb\xbf").unwrap_or(contents);
    let text = String::from_utf8_lossy(contents);
    let mut parts = text.trim().splitn(2, char::is_whitespace);
    let pid = parts.next().and_then(|p| p.parse::<u32>().ok());
    let name = parts
        .next()
        .map(|n| n.trim().to_string())
        .filter(|n| !n.is_empty());
    (pid, name)
}

fn describe_holder(contents: &[u8], flocked: bool) -> LockHolder {
    let (pid, name) = parse_holder(contents);
    let not_running = pid.is_some_and(|p| !holder_running(p));
    // A pid that is not the holder here names an unrelated process: only
    // the lock file's own words describe the holder then.
    let command = match pid {
        Some(p) if !not_running => crate::process::command_line(p).or(name),
        _ => name,
    };
    LockHolder {
        pid,
        command,
        flocked,
        not_running,
    }
}

/// Whether `pid`, named by a lock file, may be its live holder: it runs on
/// this host and is not the host's init (see
/// [`crate::process::may_hold_locks`]: a container's pid 1).
fn holder_running(pid: u32) -> bool {
    crate::process::pid_alive(pid) != Some(false) && crate::process::may_hold_locks(pid)
}

/// The name tokencache stamps its lock files with (`"<pid> tokencache"`).
const OWN_STAMP: &str = "tokencache";

/// How long ago `meta`'s file was last modified (zero if in the future).
fn age(meta: &std::fs::Metadata) -> Duration {
    meta.modified()
        .ok()
        .and_then(|m| m.elapsed().ok())
        .unwrap_or(Duration::ZERO)
}

/// Why a lock file that nobody flocks is stale, or `None` when it may still
/// be held (see the module doc). `own_pid`: this process's pid.
fn stale_evidence(contents: &[u8], age: Duration, own_pid: u32) -> Option<String> {
    let (pid, name) = parse_holder(contents);
    let when = crate::error::fmt_duration(age);
    match pid {
        Some(pid) if pid == own_pid => None,
        Some(pid) => {
            if holder_running(pid) {
                return None;
            }
            if name.as_deref() == Some(OWN_STAMP) {
                Some(format!(
                    "tokencache's stamp without its OS lock, and pid {pid} is not running"
                ))
            } else if age >= STALE_LOCK_GRACE {
                Some(if crate::process::pid_alive(pid) == Some(false) {
                    format!(
                        "pid {pid} is not running on this host and the lock file has not changed for {when}"
                    )
                } else {
                    format!(
                        "pid {pid} here is this host's init, not the holder (a process in another PID namespace), and the lock file has not changed for {when}"
                    )
                })
            } else {
                None
            }
        }
        None if age >= EMPTY_LOCK_GRACE => Some(format!(
            "the lock file names no pid and has not changed for {when}"
        )),
        None => None,
    }
}

/// What a look at a lock file finds, for `doctor`.
#[derive(Debug)]
pub enum LockState {
    /// No lock file: nobody holds the lock.
    Free,
    /// Held, as far as can be told: by whom.
    Held(LockHolder),
    /// Left behind: its holder is gone (the evidence, as the next command
    /// that takes the lock would judge it, and would then remove it).
    Stale {
        /// Who the file names.
        holder: LockHolder,
        /// Why it counts as stale.
        evidence: String,
    },
}

/// Look at the lock file `path` without changing anything: no flock is
/// taken, even for a moment (that could make a creator's step 2 fail, see
/// the module doc), and nothing is removed. Whether another process holds
/// an flock on it comes from `/proc/locks` (Linux; elsewhere an flock holder
/// is not seen, and a lock that is old enough with a dead pid is reported
/// stale as the next command would judge it before its own flock probe).
pub fn inspect(path: &Path) -> Result<LockState> {
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NOFOLLOW | libc::O_CLOEXEC | libc::O_NONBLOCK);
    }
    #[cfg(windows)]
    {
        use std::os::windows::fs::OpenOptionsExt;
        // Holders share read; delete-pending or exclusive means held.
        options.share_mode(0x7);
    }
    let mut file = match options.open(path) {
        Ok(file) => file,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(LockState::Free),
        #[cfg(windows)]
        Err(_) => return Ok(LockState::Held(LockHolder::default())),
        #[cfg(unix)]
        Err(e) if matches!(e.raw_os_error(), Some(libc::ELOOP | libc::ENXIO)) => {
            return Err(Error::UnsafePath {
                path: path.to_path_buf(),
                reason: "the lock file is not a regular file",
            })
        }
        #[cfg(unix)]
        Err(e) => return Err(Error::io("open the lock file", path, e)),
    };
    let meta = file
        .metadata()
        .map_err(|e| Error::io("inspect the lock file", path, e))?;
    if !meta.is_file() {
        return Err(Error::UnsafePath {
            path: path.to_path_buf(),
            reason: "the lock file is not a regular file",
        });
    }
    let contents = read_small(&mut file);
    let flock_pid = flock_holder(&meta);
    let mut holder = describe_holder(&contents, flock_pid.is_some());
    if let Some(pid) = flock_pid.flatten() {
        if holder.pid.is_none() {
            holder.pid = Some(pid);
            holder.command = crate::process::command_line(pid);
            holder.not_running = false;
        }
    }
    if flock_pid.is_some() {
        return Ok(LockState::Held(holder));
    }
    Ok(
        match stale_evidence(&contents, age(&meta), std::process::id()) {
            Some(evidence) => LockState::Stale { holder, evidence },
            None => LockState::Held(holder),
        },
    )
}

/// Whether a process holds an flock on the file of `meta`, read from
/// `/proc/locks` (`Some(pid)`, the pid when it is visible here): Linux only.
#[cfg(target_os = "linux")]
fn flock_holder(meta: &std::fs::Metadata) -> Option<Option<u32>> {
    use std::os::unix::fs::MetadataExt;
    let locks = std::fs::read_to_string("/proc/locks").ok()?;
    let (major, minor) = (libc::major(meta.dev()), libc::minor(meta.dev()));
    locks.lines().find_map(|line| {
        // "1: FLOCK  ADVISORY  WRITE 4242 fd:00:1234567 0 EOF"; waiters'
        // lines carry "->" and hold nothing.
        let fields: Vec<&str> = line.split_whitespace().collect();
        if fields.get(1) != Some(&"FLOCK") {
            return None;
        }
        let mut id = fields.get(5)?.split(':');
        let dev_major = u32::from_str_radix(id.next()?, 16).ok()?;
        let dev_minor = u32::from_str_radix(id.next()?, 16).ok()?;
        let inode: u64 = id.next()?.parse().ok()?;
        (inode == meta.ino() && dev_major == major && dev_minor == minor)
            .then(|| fields[4].parse::<u32>().ok().filter(|pid| *pid > 0))
    })
}

#[cfg(not(target_os = "linux"))]
fn flock_holder(_meta: &std::fs::Metadata) -> Option<Option<u32>> {
    None
}

fn read_small(file: &mut File) -> Vec<u8> {
    let mut buf = Vec::new();
    // A lock file holds a pid and a name; never read more than a little.
    let _ = file.by_ref().take(4096).read_to_end(&mut buf);
    buf
}

#[cfg(unix)]
mod sys {
    use super::*;
    use std::fs::{self, OpenOptions, TryLockError};
    use std::io::{ErrorKind, Write};
    use std::os::unix::fs::{MetadataExt, OpenOptionsExt};

    /// How many 1 ms retries step 2 allows a stale-judging waiter's probe flock.
    const FLOCK_TRIES: u32 = 20;

    fn same_inode(path: &Path, file: &File) -> bool {
        match (fs::symlink_metadata(path), file.metadata()) {
            (Ok(a), Ok(b)) => a.dev() == b.dev() && a.ino() == b.ino(),
            _ => false,
        }
    }

    pub(super) fn attempt(path: &Path) -> Result<Attempt> {
        // Step 1: create exclusively. O_EXCL never follows a symlink, and
        // O_NOFOLLOW makes that explicit.
        let mut file = match OpenOptions::new()
            .read(true)
            .write(true)
            .create_new(true)
            .mode(0o600)
            .custom_flags(libc::O_NOFOLLOW | libc::O_CLOEXEC)
            .open(path)
        {
            Ok(f) => f,
            Err(e) if e.kind() == ErrorKind::AlreadyExists => {
                return Ok(Attempt::Busy(peek_holder(path)?))
            }
            Err(e) => return Err(Error::io("create the lock file", path, e)),
        };
        // Step 2: flock the descriptor we created. A waiter judging staleness
        // may hold a probe flock for a few microseconds, so retry briefly;
        // still blocked means an MSAL.NET process opened our fresh file and
        // flocked it first: it holds the lock. Closing without unlinking
        // leaves its file to it.
        let mut tries = 0;
        loop {
            match file.try_lock() {
                Ok(()) => break,
                Err(TryLockError::WouldBlock) if tries < FLOCK_TRIES => {
                    tries += 1;
                    std::thread::sleep(Duration::from_millis(1));
                }
                Err(TryLockError::WouldBlock) => {
                    return Ok(Attempt::Busy(LockHolder {
                        flocked: true,
                        ..LockHolder::default()
                    }))
                }
                Err(TryLockError::Error(e)) => return Err(Error::io("lock", path, e)),
            }
        }
        // Step 3: the path must still name our inode.
        if !same_inode(path, &file) {
            return Ok(Attempt::Retry);
        }
        // Step 4: say who we are.
        let stamp = format!("{} tokencache", std::process::id());
        if let Err(e) = file.write_all(stamp.as_bytes()) {
            release(path, file);
            return Err(Error::io("write the lock file", path, e));
        }
        Ok(Attempt::Acquired(file))
    }

    /// Who holds an existing lock file (best effort; it may vanish meanwhile).
    /// Reads only: probing with flock here would race with a creator's step 2.
    fn peek_holder(path: &Path) -> Result<LockHolder> {
        Ok(match open_existing(path)? {
            Some((mut file, _)) => describe_holder(&read_small(&mut file), false),
            None => LockHolder::default(),
        })
    }

    /// Open an existing lock file without following a link or blocking,
    /// and refuse a special file or one another user owns.
    fn open_existing(path: &Path) -> Result<Option<(File, fs::Metadata)>> {
        let file = match OpenOptions::new()
            .read(true)
            .custom_flags(libc::O_NOFOLLOW | libc::O_CLOEXEC | libc::O_NONBLOCK)
            .open(path)
        {
            Ok(f) => f,
            Err(e) if e.kind() == ErrorKind::NotFound => return Ok(None),
            Err(e) if e.raw_os_error() == Some(libc::ENXIO) => {
                return Err(not_regular(path));
            }
            Err(e) => return Err(Error::io("open the lock file", path, e)),
        };
        let meta = file
            .metadata()
            .map_err(|e| Error::io("inspect the lock file", path, e))?;
        if !meta.file_type().is_file() {
            return Err(not_regular(path));
        }
        crate::fsutil::check_file(path, &meta, crate::fsutil::Role::Lock)?;
        Ok(Some((file, meta)))
    }

    fn not_regular(path: &Path) -> Error {
        Error::UnsafePath {
            path: path.to_path_buf(),
            reason: "the lock file is not a regular file",
        }
    }

    /// Remove the lock file if it is stale (see the module doc).
    pub(super) fn remove_if_stale(path: &Path) -> Result<Stale> {
        let Some((mut file, meta)) = open_existing(path)? else {
            return Ok(Stale::Gone);
        };
        let Some(evidence) = stale_evidence(&read_small(&mut file), age(&meta), std::process::id())
        else {
            return Ok(Stale::Held);
        };
        // Anyone holding an flock (MSAL.NET, portalocker, tokencache) is alive
        // by definition: the kernel drops the flocks of dead processes. A .NET
        // process may have opened a dead Node holder's file and flocked it.
        match file.try_lock() {
            Ok(()) => {}
            Err(TryLockError::WouldBlock) => return Ok(Stale::Held),
            Err(TryLockError::Error(e)) => return Err(Error::io("lock", path, e)),
        }
        // Holding the flock of the stale inode, nobody else can be removing it;
        // the inode check makes sure we remove that file and not a new one,
        // and the size and mtime check that it was not rewritten meanwhile.
        let unchanged = fs::symlink_metadata(path).is_ok_and(|now| {
            now.len() == meta.len() && now.modified().ok() == meta.modified().ok()
        });
        if same_inode(path, &file) && unchanged {
            let evidence = format!("{evidence}, and no process holds an OS lock on it");
            match fs::remove_file(path) {
                Ok(()) => return Ok(Stale::Removed(evidence)),
                Err(e) if e.kind() == ErrorKind::NotFound => return Ok(Stale::Gone),
                Err(e) => return Err(Error::io("remove the stale lock file", path, e)),
            }
        }
        Ok(Stale::Held)
    }

    pub(super) fn release(path: &Path, file: File) {
        // Unlink only our own file: msal-node-extensions can delete another
        // process's lock (its double-unlock bug), after which the path may
        // name someone else's fresh lock.
        if same_inode(path, &file) {
            let _ = fs::remove_file(path);
        }
        let _ = file.unlock();
        drop(file);
    }
}

#[cfg(windows)]
mod sys {
    use super::*;
    use std::fs::OpenOptions;
    use std::io::{ErrorKind, Write};
    use std::os::windows::fs::OpenOptionsExt;

    const FILE_SHARE_READ: u32 = 0x0000_0001;
    const FILE_FLAG_DELETE_ON_CLOSE: u32 = 0x0400_0000;
    const ERROR_SHARING_VIOLATION: i32 = 32;

    pub(super) fn attempt(path: &Path) -> Result<Attempt> {
        // CREATE_NEW (create_new), GENERIC_READ|GENERIC_WRITE, share read, and
        // deleted by the OS when the handle closes: MSAL.NET's lock exactly.
        match OpenOptions::new()
            .read(true)
            .write(true)
            .create_new(true)
            .share_mode(FILE_SHARE_READ)
            .custom_flags(FILE_FLAG_DELETE_ON_CLOSE)
            .open(path)
        {
            Ok(mut file) => {
                let stamp = format!("{} tokencache", std::process::id());
                // The content is informational only; a failed write still holds the lock.
                let _ = file.write_all(stamp.as_bytes());
                Ok(Attempt::Acquired(file))
            }
            Err(e)
                if e.kind() == ErrorKind::AlreadyExists
                    || e.raw_os_error() == Some(ERROR_SHARING_VIOLATION) =>
            {
                Ok(Attempt::Busy(peek_holder(path)))
            }
            Err(e) if e.kind() == ErrorKind::PermissionDenied => {
                if access_denied_means_busy(path) {
                    Ok(Attempt::Busy(peek_holder(path)))
                } else {
                    Err(Error::io("create the lock file", path, e))
                }
            }
            Err(e) => Err(Error::io("create the lock file", path, e)),
        }
    }

    /// "Access denied" from `CREATE_NEW` means two different things: the lock
    /// file exists and its holder's delete is pending (the holder is releasing:
    /// busy for a moment), or we may not create files in the directory (an
    /// error to report at once, not a reason to wait out the timeout). A file
    /// that is there, or that cannot even be looked at (delete pending answers
    /// access denied to that too), is the first; no file at all is the second.
    pub(super) fn access_denied_means_busy(path: &Path) -> bool {
        match std::fs::symlink_metadata(path) {
            Ok(_) => true,
            Err(e) => e.kind() != ErrorKind::NotFound,
        }
    }

    fn peek_holder(path: &Path) -> LockHolder {
        // Holders share read, so the pid can be read while they hold it.
        match OpenOptions::new().read(true).share_mode(0x7).open(path) {
            Ok(mut f) => describe_holder(&read_small(&mut f), false),
            Err(_) => LockHolder::default(),
        }
    }

    /// Windows holders that use DELETE_ON_CLOSE never leave stale files; a
    /// Node-style file (no delete-on-close) whose pid is dead is removed.
    pub(super) fn remove_if_stale(path: &Path) -> Result<Stale> {
        let (contents, meta) = match OpenOptions::new().read(true).share_mode(0x7).open(path) {
            Ok(mut f) => {
                let meta = f.metadata().ok();
                (read_small(&mut f), meta)
            }
            Err(e) if e.kind() == ErrorKind::NotFound => return Ok(Stale::Gone),
            // Opened exclusively by a live holder.
            Err(_) => return Ok(Stale::Held),
        };
        let age = meta.as_ref().map_or(Duration::ZERO, age);
        let Some(evidence) = stale_evidence(&contents, age, std::process::id()) else {
            return Ok(Stale::Held);
        };
        // Fails harmlessly (sharing violation) if a live holder has it open.
        Ok(match std::fs::remove_file(path) {
            Ok(()) => Stale::Removed(evidence),
            Err(e) if e.kind() == ErrorKind::NotFound => Stale::Gone,
            Err(_) => Stale::Held,
        })
    }

    pub(super) fn release(_path: &Path, file: File) {
        // FILE_FLAG_DELETE_ON_CLOSE: closing the handle deletes the file.
        drop(file);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lock_path_appends_suffix() {
        assert_eq!(
            lock_path_for(Path::new("/a/cache.json")),
            PathBuf::from("/a/cache.json.lockfile")
        );
    }

    #[test]
    fn holder_formats_of_every_peer() {
        assert_eq!(parse_holder(b"1234"), (Some(1234), None));
        assert_eq!(
            parse_holder(b"1234 /usr/bin/python3"),
            (Some(1234), Some("/usr/bin/python3".into()))
        );
        assert_eq!(
            parse_holder(b"77 dotnet\n"),
            (Some(77), Some("dotnet".into()))
        );
        // MSAL.NET's StreamWriter(Encoding.UTF8) starts with a byte order mark.
        assert_eq!(
            parse_holder(b"\xef\xbb\xbf4242 dotnet\n"),
            (Some(4242), Some("dotnet".into()))
        );
        assert_eq!(parse_holder(b""), (None, None));
        assert_eq!(parse_holder(b"garbage"), (None, None));
    }

    #[test]
    fn a_vanished_lock_file_is_gone_not_removed_as_stale() {
        // A holder that releases normally between our attempt and our look
        // must not be reported as a stale lock we removed.
        let dir = tempfile::tempdir().unwrap();
        let lp = lock_path_for(&dir.path().join("c.json"));
        assert_eq!(sys::remove_if_stale(&lp).unwrap(), Stale::Gone);
        // A file naming a live holder (ourselves) is kept.
        std::fs::write(&lp, format!("{} test", std::process::id())).unwrap();
        assert_eq!(sys::remove_if_stale(&lp).unwrap(), Stale::Held);
        assert!(lp.exists());
    }

    #[cfg(windows)]
    #[test]
    fn access_denied_is_busy_only_when_the_lock_file_is_there() {
        let dir = tempfile::tempdir().unwrap();
        let lp = lock_path_for(&dir.path().join("c.json"));
        // No file: the directory refused the create, which is an error now.
        assert!(!sys::access_denied_means_busy(&lp));
        std::fs::write(&lp, b"1 holder").unwrap();
        assert!(sys::access_denied_means_busy(&lp));
    }

    #[cfg(unix)]
    #[test]
    fn acquire_release_and_contention_in_process() {
        let dir = tempfile::tempdir().unwrap();
        let cache = dir.path().join("c.json");
        let lock = CacheLock::acquire(&cache, Duration::from_secs(1), &mut Silent).unwrap();
        let text = std::fs::read_to_string(lock.path()).unwrap();
        assert_eq!(text, format!("{} tokencache", std::process::id()));
        // Our own pid is alive, and the file is flocked: a second acquisition times out.
        let err = CacheLock::acquire(&cache, Duration::from_millis(50), &mut Silent).unwrap_err();
        assert!(matches!(err, Error::LockTimeout { .. }), "{err:?}");
        drop(lock);
        assert!(!lock_path_for(&cache).exists());
        drop(CacheLock::acquire(&cache, Duration::ZERO, &mut Silent).unwrap());
    }

    #[cfg(unix)]
    #[test]
    fn empty_lock_file_is_stale_only_after_grace() {
        let dir = tempfile::tempdir().unwrap();
        let cache = dir.path().join("c.json");
        let lp = lock_path_for(&cache);
        std::fs::write(&lp, b"").unwrap();
        assert!(CacheLock::acquire(&cache, Duration::from_millis(20), &mut Silent).is_err());
        let old = std::time::SystemTime::now() - EMPTY_LOCK_GRACE - Duration::from_secs(1);
        File::options()
            .write(true)
            .open(&lp)
            .unwrap()
            .set_modified(old)
            .unwrap();
        drop(CacheLock::acquire(&cache, Duration::from_millis(20), &mut Silent).unwrap());
    }
}
