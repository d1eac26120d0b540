//! Safe file primitives shared by every store that keeps bytes in a file (the
//! plaintext file, the DPAPI file, the encrypted file, the keyring marker).
//!
//! - Directories are created 0700, files 0600.
//! - Nothing follows a symbolic link at the cache path (`O_NOFOLLOW`); a link
//!   there is refused as unsafe rather than written through.
//! - Writes are atomic: a temp file in the same directory, created exclusively
//!   with the writer's pid in its name, is written, fsynced and renamed over the
//!   target, then the directory is fsynced. A crash at any moment leaves either
//!   the old file or the new one, never a truncated one.
//! - A writer killed mid-write leaves its temp file, which holds tokens. The
//!   next writer, holding the lock, removes temp files whose writer is dead.

use std::cell::Cell;
use std::ffi::OsString;
use std::fs::{self, File, OpenOptions};
use std::io::{self, ErrorKind, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use crate::error::{Error, Result};

/// Create `dir` and any missing parents with mode 0700. Existing directories
/// are left as they are (they may be shared, like `~/.azure`).
pub fn ensure_private_dir(dir: &Path) -> Result<()> {
    let mut builder = fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        builder.mode(0o700);
    }
    builder
        .create(dir)
        .map_err(|e| Error::io("create the directory", dir, e))
}

/// The directory a file lives in (`.` for a bare file name).
pub fn parent_dir(path: &Path) -> &Path {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    }
}

fn open_options_nofollow() -> OpenOptions {
    let mut opts = OpenOptions::new();
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        opts.custom_flags(libc::O_NOFOLLOW | libc::O_CLOEXEC);
    }
    #[cfg(windows)]
    {
        // Open a symbolic link or junction itself, never its target; the
        // caller then refuses it as not a regular file.
        use std::os::windows::fs::OpenOptionsExt;
        use windows_sys::Win32::Storage::FileSystem::FILE_FLAG_OPEN_REPARSE_POINT;
        opts.custom_flags(FILE_FLAG_OPEN_REPARSE_POINT);
    }
    opts
}

/// Refuse a path that is a symlink or not a regular file. Missing is fine.
pub fn check_regular_or_missing(path: &Path) -> Result<()> {
    match fs::symlink_metadata(path) {
        Ok(m) if m.file_type().is_symlink() => Err(Error::UnsafePath {
            path: path.to_path_buf(),
            reason: "it is a symbolic link (tokencache never follows links at the cache path)",
        }),
        Ok(m) if m.is_dir() => Err(Error::UnsafePath {
            path: path.to_path_buf(),
            reason: "it is a directory, not a cache file",
        }),
        Ok(m) if !m.is_file() => Err(Error::UnsafePath {
            path: path.to_path_buf(),
            reason: "it is not a regular file",
        }),
        Ok(_) => Ok(()),
        Err(e) if e.kind() == ErrorKind::NotFound => Ok(()),
        Err(e) => Err(Error::io("inspect", path, e)),
    }
}

/// Read a whole file without following a symlink. `Ok(None)` when it does not
/// exist. A file of ours that others can read is tightened to 0600 (caches
/// written by msal-node-extensions before mid-2026 were 0644).
pub fn read_private(path: &Path) -> Result<Option<Vec<u8>>> {
    check_regular_or_missing(path)?;
    let mut file = match open_options_nofollow().read(true).open(path) {
        Ok(f) => f,
        Err(e) if e.kind() == ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(Error::io("read", path, e)),
    };
    let meta = file.metadata().map_err(|e| Error::io("inspect", path, e))?;
    if !meta.is_file() {
        return Err(Error::UnsafePath {
            path: path.to_path_buf(),
            reason: "it is not a regular file",
        });
    }
    tighten(&file, &meta);
    let mut buf = Vec::with_capacity(meta.len() as usize);
    file.read_to_end(&mut buf)
        .map_err(|e| Error::io("read", path, e))?;
    Ok(Some(buf))
}

#[cfg(unix)]
fn tighten(file: &File, meta: &fs::Metadata) {
    use std::os::unix::fs::{MetadataExt, PermissionsExt};
    let mine = Some(meta.uid()) == crate::environment::effective_uid();
    if mine && meta.mode() & 0o077 != 0 {
        // Best effort: a read must not fail because the chmod did.
        let _ = file.set_permissions(fs::Permissions::from_mode(0o600));
    }
}

#[cfg(not(unix))]
fn tighten(_: &File, _: &fs::Metadata) {}

/// The prefix of this file's temp files: `.<name>.tmp-`.
fn temp_prefix(path: &Path) -> OsString {
    let mut prefix = OsString::from(".");
    prefix.push(path.file_name().unwrap_or_default());
    prefix.push(".tmp-");
    prefix
}

/// A new temp file name for `path`: `.<name>.tmp-<pid>-<n>`.
fn temp_path(path: &Path) -> PathBuf {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    let mut name = temp_prefix(path);
    name.push(format!("{}-{n}", std::process::id()));
    parent_dir(path).join(name)
}

/// Remove temp files for `path` left by writers that are no longer alive.
/// Call only while holding the cache lock. Returns how many were removed.
pub fn remove_orphaned_temps(path: &Path) -> usize {
    let prefix = temp_prefix(path);
    let prefix = prefix.to_string_lossy();
    let Ok(entries) = fs::read_dir(parent_dir(path)) else {
        return 0;
    };
    let mut removed = 0;
    for entry in entries.flatten() {
        let name = entry.file_name();
        let name = name.to_string_lossy();
        let Some(rest) = name.strip_prefix(prefix.as_ref()) else {
            continue;
        };
        let Some(pid) = rest.split('-').next().and_then(|p| p.parse::<u32>().ok()) else {
            continue;
        };
        if pid != std::process::id()
            && crate::process::pid_alive(pid) == Some(false)
            && fs::remove_file(entry.path()).is_ok()
        {
            removed += 1;
        }
    }
    removed
}

/// Replace `path` with `data` atomically (see the module doc). The parent
/// directory must exist. Call while holding the cache lock.
pub fn write_atomic(path: &Path, data: &[u8]) -> Result<()> {
    check_regular_or_missing(path)?;
    remove_orphaned_temps(path);
    let tmp = temp_path(path);
    let result = write_then_rename(&tmp, path, data);
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    result
}

fn write_then_rename(tmp: &Path, path: &Path, data: &[u8]) -> Result<()> {
    let mut opts = open_options_nofollow();
    opts.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        opts.mode(0o600);
    }
    let mut file = opts
        .open(tmp)
        .map_err(|e| Error::io("create a temporary file in", parent_dir(path), e))?;
    file.write_all(data)
        .map_err(|e| Error::io("write", tmp, e))?;
    file.sync_all().map_err(|e| Error::io("flush", tmp, e))?;
    drop(file);
    rename_replacing(tmp, path)?;
    sync_dir(parent_dir(path));
    Ok(())
}

/// How long [`write_atomic`] keeps retrying a replace that another program's
/// open handle blocks (Windows only): the lock timeout of the lock held by this
/// thread (see [`ReplacePatience`]), else this.
pub const DEFAULT_REPLACE_PATIENCE: Duration = Duration::from_secs(1);

thread_local! {
    static REPLACE_PATIENCE: Cell<Duration> = const { Cell::new(DEFAULT_REPLACE_PATIENCE) };
}

/// While alive, replaces on this thread retry for `patience` (the cache lock
/// sets it to its `--lock-timeout`): on Windows a program that reads the cache
/// without the lock (Python msal-extensions does) and without
/// `FILE_SHARE_DELETE` blocks the replace for as long as it has the file open.
#[derive(Debug)]
pub struct ReplacePatience(Duration);

impl ReplacePatience {
    /// Retry replaces for up to `patience` until this is dropped.
    pub fn set(patience: Duration) -> ReplacePatience {
        ReplacePatience(REPLACE_PATIENCE.with(|p| p.replace(patience)))
    }
}

impl Drop for ReplacePatience {
    fn drop(&mut self) {
        REPLACE_PATIENCE.with(|p| p.set(self.0));
    }
}

/// `rename`, retried on Windows while another program has the target open
/// without `FILE_SHARE_DELETE` (sharing violation, access denied), for as long
/// as [`ReplacePatience`] allows. Ctrl-C ends the wait (the caller removes the
/// temp file, the old cache stays).
fn rename_replacing(from: &Path, to: &Path) -> Result<()> {
    let patience = REPLACE_PATIENCE.with(Cell::get);
    let start = Instant::now();
    let mut backoff = Duration::from_millis(5);
    loop {
        match move_replacing(from, to) {
            Ok(()) => return Ok(()),
            Err(e) if cfg!(windows) && retryable_on_windows(&e) => {
                let waited = start.elapsed();
                if waited >= patience {
                    return Err(Error::FileInUse {
                        path: to.to_path_buf(),
                        waited,
                    });
                }
                if crate::signals::interrupted() {
                    return Err(Error::Interrupted);
                }
                std::thread::sleep(backoff.min(patience - waited));
                backoff = (backoff * 2).min(Duration::from_millis(100));
            }
            Err(e) => return Err(Error::io("replace", to, e)),
        }
    }
}

#[cfg(not(windows))]
fn move_replacing(from: &Path, to: &Path) -> io::Result<()> {
    fs::rename(from, to)
}

/// `MoveFileExW(MOVEFILE_REPLACE_EXISTING | MOVEFILE_WRITE_THROUGH)`: replace
/// the target, and return only once the move is on disk (std's `rename` does
/// not ask for write-through).
#[cfg(windows)]
fn move_replacing(from: &Path, to: &Path) -> io::Result<()> {
    use std::os::windows::ffi::OsStrExt;
    use windows_sys::Win32::Storage::FileSystem::{
        MoveFileExW, MOVEFILE_REPLACE_EXISTING, MOVEFILE_WRITE_THROUGH,
    };
    let wide = |p: &Path| -> Vec<u16> {
        p.as_os_str()
            .encode_wide()
            .chain(std::iter::once(0))
            .collect()
    };
    let (from, to) = (wide(from), wide(to));
    // SAFETY: both are NUL-terminated UTF-16 strings that outlive the call.
    let ok = unsafe {
        MoveFileExW(
            from.as_ptr(),
            to.as_ptr(),
            MOVEFILE_REPLACE_EXISTING | MOVEFILE_WRITE_THROUGH,
        )
    };
    if ok == 0 {
        return Err(io::Error::last_os_error());
    }
    Ok(())
}

fn retryable_on_windows(e: &io::Error) -> bool {
    // ERROR_ACCESS_DENIED (5), ERROR_SHARING_VIOLATION (32), ERROR_LOCK_VIOLATION (33).
    matches!(e.raw_os_error(), Some(5 | 32 | 33))
}

/// fsync a directory so a rename in it is durable. Not possible on Windows
/// (MoveFileExW with MOVEFILE_WRITE_THROUGH, see `move_replacing`, covers it).
fn sync_dir(dir: &Path) {
    #[cfg(unix)]
    if let Ok(d) = File::open(dir) {
        let _ = d.sync_all();
    }
    #[cfg(not(unix))]
    let _ = dir;
}

/// Remove a cache (or marker, or probe) file; `Ok(false)` if it did not
/// exist. A symlink, a directory or anything but a regular file at the path
/// is refused, as everywhere at the cache path.
pub fn remove_file(path: &Path) -> Result<bool> {
    check_regular_or_missing(path)?;
    match fs::remove_file(path) {
        Ok(()) => Ok(true),
        Err(e) if e.kind() == ErrorKind::NotFound => Ok(false),
        Err(e) => Err(Error::io("remove", path, e)),
    }
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::os::unix::fs::PermissionsExt;

    fn mode(p: &Path) -> u32 {
        fs::metadata(p).unwrap().permissions().mode() & 0o777
    }

    #[test]
    fn atomic_write_is_private_and_leaves_no_temp() {
        let dir = tempfile::tempdir().unwrap();
        let sub = dir.path().join("a/b");
        ensure_private_dir(&sub).unwrap();
        assert_eq!(mode(&sub), 0o700);
        let f = sub.join("c.json");
        write_atomic(&f, b"{}").unwrap();
        write_atomic(&f, b"{\"a\":1}").unwrap();
        assert_eq!(fs::read(&f).unwrap(), b"{\"a\":1}");
        assert_eq!(mode(&f), 0o600);
        assert_eq!(fs::read_dir(&sub).unwrap().count(), 1);
    }

    #[test]
    fn read_tightens_a_world_readable_cache() {
        let dir = tempfile::tempdir().unwrap();
        let f = dir.path().join("c.json");
        fs::write(&f, b"{}").unwrap();
        fs::set_permissions(&f, fs::Permissions::from_mode(0o644)).unwrap();
        assert_eq!(read_private(&f).unwrap().unwrap(), b"{}");
        assert_eq!(mode(&f), 0o600);
        assert_eq!(read_private(&dir.path().join("missing")).unwrap(), None);
    }

    #[test]
    fn symlinks_are_refused_for_read_and_write() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("target");
        fs::write(&target, b"{}").unwrap();
        let link = dir.path().join("c.json");
        std::os::unix::fs::symlink(&target, &link).unwrap();
        assert!(matches!(read_private(&link), Err(Error::UnsafePath { .. })));
        assert!(matches!(
            write_atomic(&link, b"{}"),
            Err(Error::UnsafePath { .. })
        ));
        assert_eq!(fs::read(&target).unwrap(), b"{}");
    }

    #[test]
    fn orphaned_temps_of_dead_writers_are_removed_live_ones_kept() {
        let dir = tempfile::tempdir().unwrap();
        let f = dir.path().join("c.json");
        let mut child = std::process::Command::new("true").spawn().unwrap();
        let dead = child.id();
        child.wait().unwrap();
        let dead_tmp = dir.path().join(format!(".c.json.tmp-{dead}-0"));
        let live_tmp = dir
            .path()
            .join(format!(".c.json.tmp-{}-99", std::process::id()));
        let other = dir.path().join(format!(".other.tmp-{dead}-0"));
        for p in [&dead_tmp, &live_tmp, &other] {
            fs::write(p, b"x").unwrap();
        }
        assert_eq!(remove_orphaned_temps(&f), 1);
        assert!(!dead_tmp.exists() && live_tmp.exists() && other.exists());
    }
}
