//! The subcommands, one file each, and the few things they share: opening
//! the store for a verb ([`open`], then [`Session::transact`] under the lock
//! or the store's own transaction), the cache document helpers
//! ([`document`]), telling the user about waits and fallbacks on stderr, and
//! writing data to stdout.

use std::io::{self, IsTerminal, Write};
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use crate::config::Config;
use crate::error::{fmt_duration, Error, LockHolder, Result};
use crate::fsutil;
use crate::lock::{CacheLock, WaitObserver};
use crate::store::{Selected, Store};

pub mod az;
pub mod clear;
pub mod doctor;
pub mod document;
pub mod exec;
pub mod generate;
pub mod git_credential;
pub mod inspect;
pub mod keygen;
pub mod list;
pub mod path;
pub mod presets;
pub mod prune;
pub mod read;
pub mod redis;
pub mod refresh;
pub mod remove;
pub mod serve;
pub mod token;
pub mod update;
pub mod verify;
pub mod write;

/// What a verb is about to do with the stored cache; it decides what
/// [`open`] prepares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Intent {
    /// Read it (`read`, `inspect`, `token`), or read and change it when it
    /// exists (`remove`): the key is obtained for reading; a missing folder
    /// means nothing is stored and is not created (a keyring's is).
    Read,
    /// Delete it (`clear`): no key is needed; a missing folder means nothing
    /// is stored.
    Delete,
    /// Store it (`write`, `update`): the key is obtained for writing and
    /// the folder is created (0700) when the store keeps files there.
    Write,
}

/// A store opened for one verb: chosen, its fallback announced, unlocked
/// and its folder prepared as the [`Intent`] asks. Then every read and
/// change of the cache goes through [`Session::transact`] (or
/// [`Session::load`] for a verb that only reads).
pub struct Session<'c> {
    config: &'c Config,
    selected: Selected,
    /// Whether the cache's folder exists (or the store needs none).
    present: bool,
}

/// Open the store `config` names for a verb that intends `intent`: select
/// (and verify, for `auto`) → announce a fallback on stderr → unlock (the
/// encrypted file's key, before any lock is taken, so a prompt never holds
/// it) → prepare the cache's folder unless the store does not use one.
///
/// ```ignore
/// let session = cmd::open(config, Intent::Write)?;
/// session.transact(|store| store.save(&data))?;
/// ```
pub fn open(config: &Config, intent: Intent) -> Result<Session<'_>> {
    let selected = crate::config::select(config)?;
    announce(config, &selected);
    let store = &*selected.store;
    let present = match intent {
        Intent::Read => {
            // Before the folder check: a configured key source is checked
            // even when there is no cache folder yet (a fresh CI machine).
            store.unlock(false)?;
            cache_dir_ready(config, store)?
        }
        Intent::Delete => cache_dir_ready(config, store)?,
        Intent::Write => {
            store.unlock(true)?;
            if store.uses_lock_file() {
                fsutil::ensure_private_dir(fsutil::parent_dir(&config.cache_path))?;
            }
            true
        }
    };
    Ok(Session {
        config,
        selected,
        present,
    })
}

impl Session<'_> {
    /// The store in play.
    pub fn store(&self) -> &dyn Store {
        &*self.selected.store
    }

    /// The store and whether `auto` fell back.
    pub fn selected(&self) -> &Selected {
        &self.selected
    }

    /// Whether a cache can be stored at all: `false` when the cache's
    /// folder does not exist (and the intent did not create it), in which
    /// case nothing is stored and there is nothing to lock.
    pub fn present(&self) -> bool {
        self.present
    }

    /// Run `f` on the store while holding the cache lock, or, for a store
    /// that serialises writers itself (Redis), as its own optimistic
    /// transaction, which runs `f` again when another writer got in
    /// between: `f` must be repeatable (load, change, save).
    pub fn transact<T>(&self, mut f: impl FnMut(&dyn Store) -> Result<T>) -> Result<T> {
        let store = self.store();
        let mut out = None;
        if let Some(result) = store.atomically(&mut || {
            out = Some(f(store)?);
            Ok(())
        }) {
            return result.map(|()| out.expect("set when the transaction succeeds"));
        }
        let mut observer = StderrObserver::new(self.config.quiet);
        let lock = CacheLock::acquire(
            &self.config.cache_path,
            self.config.lock_timeout,
            &mut observer,
        )?;
        let result = f(store);
        drop(lock);
        result
    }

    /// The stored cache, loaded under the lock; `None` when nothing is
    /// stored. For the verbs that only read: where no lock file can be
    /// created (a read-only file system) no process can change the cache
    /// either, so it is read without one.
    pub fn load(&self) -> Result<Option<Vec<u8>>> {
        let store = self.store();
        if !self.present {
            return Ok(None);
        }
        if !store.uses_lock_file() {
            return store.load();
        }
        let config = self.config;
        let mut observer = StderrObserver::new(config.quiet);
        match CacheLock::acquire(&config.cache_path, config.lock_timeout, &mut observer) {
            Ok(lock) => {
                let stored = store.load();
                drop(lock);
                stored
            }
            // No lock file can be created on a read-only file system, and no
            // process can change a cache there either: nothing to serialise with
            // (a cache baked into an image or mounted read-only stays readable).
            Err(Error::ReadOnlyFileSystem { .. }) => store.load(),
            Err(Error::PermissionDenied { path, .. }) if path == config.lock_path => {
                Err(Error::LockDenied { lock: path })
            }
            Err(e) => Err(e),
        }
    }
}

/// Whether the cache's directory exists; a store that keeps the cache
/// elsewhere (a keyring) gets it created, because the lock file lives there
/// even when the cache does not.
fn cache_dir_ready(config: &Config, store: &dyn Store) -> Result<bool> {
    if !store.uses_lock_file() {
        return Ok(true);
    }
    let dir = fsutil::parent_dir(&config.cache_path);
    if dir.is_dir() {
        return Ok(true);
    }
    if !store.keeps_cache_at_path() {
        fsutil::ensure_private_dir(dir)?;
        return Ok(true);
    }
    Ok(false)
}

/// "No cache is stored" for `store`, saying when the slot holds another
/// application's item that the store left alone (and so did not read).
pub fn no_cache(store: &dyn Store) -> Error {
    let described = store.describe();
    let left_alone = described
        .fields
        .iter()
        .find(|(name, _)| *name == "left_alone")
        .map(|(_, fact)| fact.to_string());
    Error::NoCache {
        location: described.summary,
        left_alone,
    }
}

/// Add `"retries"` (how often an optimistic transaction was retried) to a
/// `--json` document, for the stores that retry (Redis).
pub fn with_retries(mut doc: serde_json::Value, store: &dyn Store) -> serde_json::Value {
    if let (Some(n), Some(map)) = (store.retries(), doc.as_object_mut()) {
        map.insert("retries".into(), n.into());
    }
    doc
}

/// Say once on stderr that `auto` fell back (never silently). Falling back
/// to the plaintext file is a security downgrade: a warning, even under
/// `--quiet`. Falling back to the encrypted file (a key source is
/// configured) is not: a note, which `--quiet` silences. [`open`] does
/// this; a verb that selects the store itself calls it.
pub fn announce(config: &Config, selected: &Selected) {
    announce_fallback(selected, config.quiet);
}

/// [`announce`] for a command whose own output already reports the fallback
/// (`verify`, `path --json`): only the plaintext downgrade is said again,
/// on stderr, because it is a security warning.
pub fn announce_reported(selected: &Selected) {
    announce_fallback(selected, true);
}

/// `quiet_note`: the encrypted-file note is not said (under `--quiet`, or
/// when the command's output reports it).
fn announce_fallback(selected: &Selected, quiet_note: bool) {
    if let Some(fallback) = &selected.fallback {
        // A fallback that keeps the cache encrypted is a note; plaintext, a warning.
        let encrypted = selected.store.decrypts();
        if encrypted && quiet_note {
            return;
        }
        let (label, because) = if encrypted {
            ("note", "a key source is configured")
        } else {
            ("warning", "--plaintext-fallback is set")
        };
        let _ = writeln!(
            io::stderr(),
            "{label}: {} store unavailable ({}); using {} because {because}",
            fallback.from.as_str(),
            crate::text::escape_controls(&fallback.reason),
            selected.store.describe().summary
        );
    }
}

/// Standard output for the commands, without Rust's line buffering: every
/// command hands [`emit`] whole documents, and std's `LineWriter` would scan
/// each one for its last newline first (13% of a 16 MiB `read`). On Unix, a
/// duplicate of fd 1; elsewhere, or if fd 1 is closed, std's stdout.
pub fn stdout() -> Box<dyn Write> {
    if STDOUT_CLOSED.load(Ordering::Relaxed) {
        return Box::new(ClosedStdout);
    }
    #[cfg(unix)]
    {
        use std::os::fd::AsFd;
        if let Ok(fd) = io::stdout().as_fd().try_clone_to_owned() {
            return Box::new(std::fs::File::from(fd));
        }
    }
    Box::new(io::stdout())
}

/// When stdout is a pipe and `len` bytes are about to be written to it,
/// grow the pipe's buffer toward `len` (Linux allows an unprivileged process
/// up to 1 MiB): a 16 MiB cache then crosses in 16 hand-overs to the reader
/// instead of 256. Best effort: anything refused leaves the pipe as it was.
pub fn widen_stdout_pipe(len: usize) {
    #[cfg(target_os = "linux")]
    if len > 64 << 10 {
        use std::os::fd::AsRawFd;
        let want = libc::c_int::try_from(len.min(1 << 20)).unwrap_or(1 << 20);
        // SAFETY: fcntl on our own stdout descriptor with an integer
        // argument; it changes only a pipe's capacity, and fails harmlessly
        // (EBADF, EINVAL, EPERM) on anything else.
        unsafe {
            libc::fcntl(io::stdout().as_raw_fd(), libc::F_SETPIPE_SZ, want);
        }
    }
    #[cfg(not(target_os = "linux"))]
    let _ = len;
}

/// Whether the process started with fd 1 closed (`tokencache read >&-`).
static STDOUT_CLOSED: AtomicBool = AtomicBool::new(false);

/// Record that the process started with standard output closed. Rust's
/// runtime puts `/dev/null` on a closed fd 1 before `main`, so writes would
/// succeed and the data be lost; the binary notices before that (see
/// `main.rs`) and says so here, so that a command with output fails as `cat`
/// does (exit 1) instead of exiting 0 with the data gone.
pub fn mark_stdout_closed() {
    STDOUT_CLOSED.store(true, Ordering::Relaxed);
}

/// Standard output when it was closed at start: every write fails.
struct ClosedStdout;

impl Write for ClosedStdout {
    fn write(&mut self, _: &[u8]) -> io::Result<usize> {
        Err(io::Error::other("it is closed"))
    }
    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// Write data to stdout. A closed pipe (`tokencache read | head -c1`) is not
/// an error: the reader has what it wanted.
pub fn emit(out: &mut dyn Write, bytes: &[u8]) -> Result<()> {
    match out.write_all(bytes).and_then(|()| out.flush()) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Ok(()),
        Err(e) => Err(Error::io("write to", Path::new("standard output"), e)),
    }
}

/// Write a `--json` document to stdout: pretty-printed, one trailing newline.
pub fn emit_json(out: &mut dyn Write, doc: &impl serde::Serialize) -> Result<()> {
    let mut text = serde_json::to_string_pretty(doc).expect("JSON values always serialise");
    text.push('\n');
    emit(out, text.as_bytes())
}

/// Put a path into a `--json` object under `key` (`null` for `None`).
///
/// A JSON string is Unicode, so a path that is not UTF-8 cannot be carried
/// exactly. It is written lossily (each invalid sequence becomes U+FFFD, as
/// the human reports and error messages already show it), and the loss is
/// made visible by a `<key>_lossy: true` beside it, so a program never takes
/// the replacement for the real path; the key is absent for an exact path.
/// The plain (non-JSON) `path` prints the bytes as the OS gives them.
/// docs/json.md documents this.
pub fn put_path(
    object: &mut serde_json::Map<String, serde_json::Value>,
    key: &str,
    path: Option<&Path>,
) {
    let value = match path {
        None => serde_json::Value::Null,
        Some(path) => serde_json::Value::String(path.to_string_lossy().into_owned()),
    };
    // With `preserve_order`, replacing a key keeps its place.
    object.insert(key.to_string(), value);
    if path.is_some_and(|p| p.to_str().is_none()) {
        object.insert(format!("{key}_lossy"), serde_json::Value::Bool(true));
    }
}

/// [`put_path`] into a document built with `json!` (an object).
pub fn put_path_in(doc: &mut serde_json::Value, key: &str, path: Option<&Path>) {
    if let Some(object) = doc.as_object_mut() {
        put_path(object, key, path);
    }
}

/// Print a note on stderr unless `--quiet`.
pub fn note(config: &Config, message: std::fmt::Arguments<'_>) {
    if !config.quiet && !config.json {
        let _ = writeln!(io::stderr(), "{message}");
    }
}

/// Tells the user on stderr about long waits and removed stale locks.
pub struct StderrObserver {
    quiet: bool,
    tty: bool,
    announced: bool,
    spinner: usize,
}

impl StderrObserver {
    /// An observer for this process's stderr.
    pub fn new(quiet: bool) -> StderrObserver {
        StderrObserver {
            quiet,
            tty: io::stderr().is_terminal(),
            announced: false,
            spinner: 0,
        }
    }
}

/// How long a wait lasts before it is worth mentioning.
const WAIT_NOTICE_AFTER: Duration = Duration::from_secs(1);

impl WaitObserver for StderrObserver {
    fn waiting(&mut self, lock: &Path, holder: &LockHolder, elapsed: Duration) {
        if self.quiet || !self.tty || elapsed < WAIT_NOTICE_AFTER {
            return;
        }
        const FRAMES: [char; 4] = ['|', '/', '-', '\\'];
        self.spinner = (self.spinner + 1) % FRAMES.len();
        let _ = write!(
            io::stderr(),
            "\r\x1b[2K{} waiting for lock {} held by {holder} ({})",
            FRAMES[self.spinner],
            lock.display(),
            fmt_duration(elapsed)
        );
        self.announced = true;
    }

    fn removed_stale(&mut self, lock: &Path, holder: &LockHolder, evidence: &str) {
        if !self.quiet {
            let _ = writeln!(
                io::stderr(),
                "{}note: removed stale lock {} left by {holder}, which is no longer running ({})",
                if self.announced { "\r\x1b[2K" } else { "" },
                lock.display(),
                crate::text::escape_controls(evidence)
            );
            self.announced = false;
        }
    }

    fn done(&mut self) {
        if self.announced {
            let _ = write!(io::stderr(), "\r\x1b[2K");
            self.announced = false;
        }
    }
}
