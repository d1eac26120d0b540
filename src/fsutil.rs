//! Safe file primitives shared by every store that keeps bytes in a file (the
//! plaintext file, the DPAPI file, the encrypted file, the keyring marker).
//!
//! - Directories are created 0700, files 0600.
//! - Nothing follows a symbolic link at the cache path (`O_NOFOLLOW`); a link
//!   there is refused as unsafe rather than written through.
//! - Nothing blocks in `open()`: every existing file is opened with
//!   `O_NOFOLLOW|O_NONBLOCK`, then `fstat`ed, and refused unless it is a
//!   regular file, so a FIFO or device swapped in at any moment is refused
//!   instead of hanging the process while it holds the lock ([`open_regular`]).
//! - Nothing is read or written through a path another user controls, the
//!   way OpenSSH's `StrictModes` decides it ([`check_dir`], [`check_file`]):
//!   the cache file and its folder must be owned by the invoking user or root,
//!   and must not be writable by group or others (a folder may be, when it has
//!   the sticky bit, like `/tmp`; group-writable is accepted when the group is
//!   the user's private group, as Debian's OpenSSH accepts it).
//! - A stored file larger than the size limit (`--max-size`,
//!   `TOKENCACHE_MAX_SIZE`, default 16 MiB) is refused from its `fstat` size,
//!   before anything is allocated.
//! - Writes are atomic: a temp file in the same directory, created exclusively
//!   with the writer's pid in its name, is written, fsynced and renamed over the
//!   target, then the directory is fsynced. A crash at any moment leaves either
//!   the old file or the new one, never a truncated one.
//! - A writer killed mid-write leaves its temp file, which holds tokens. The
//!   next writer, holding the lock, removes temp files whose writer is dead.

use std::ffi::OsString;
use std::fs::{self, File, OpenOptions};
use std::io::{self, ErrorKind, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use crate::error::{Error, Result};

/// The default size limit for caches read and written: 16 MiB.
pub const DEFAULT_MAX_SIZE: u64 = 16 << 20;

/// Parse `16MiB`, `512KiB`, `1GiB`, `10MB`, `100k` or a bare number of bytes.
pub fn parse_size(text: &str) -> Result<u64, String> {
    let text = text.trim();
    let split = text
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(text.len());
    let (number, unit) = text.split_at(split);
    let value: u64 = number
        .parse()
        .map_err(|_| format!("`{text}` is not a size (try 16MiB, 512KiB, 1048576)"))?;
    let factor: u64 = match unit.trim().to_ascii_lowercase().as_str() {
        "" | "b" => 1,
        "k" | "kb" => 1_000,
        "kib" => 1 << 10,
        "m" | "mb" => 1_000_000,
        "mib" => 1 << 20,
        "g" | "gb" => 1_000_000_000,
        "gib" => 1 << 30,
        other => return Err(format!("unknown size unit `{other}` (use KiB, MiB or GiB)")),
    };
    value
        .checked_mul(factor)
        .ok_or_else(|| format!("`{text}` is out of range"))
}

/// What a store may add around the cache JSON in its file: the encrypted
/// file's 144-byte header and 16-byte tag, a DPAPI blob's header and padding.
/// The limit is on the JSON, as `write --max-size` applies it.
pub const ENVELOPE_ALLOWANCE: u64 = 4096;

/// Refuse a stored file of `size` bytes when it exceeds `limit` (the cache
/// size limit, `--max-size` or `TOKENCACHE_MAX_SIZE`) plus
/// [`ENVELOPE_ALLOWANCE`].
pub fn check_size(path: &Path, size: u64, limit: u64) -> Result<()> {
    if size > limit.saturating_add(ENVELOPE_ALLOWANCE) {
        return Err(Error::StoredTooLarge {
            path: path.to_path_buf(),
            size,
            limit,
        });
    }
    Ok(())
}

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

/// Open an existing file for reading without following a symbolic link and
/// without blocking (`O_RDONLY|O_NOFOLLOW|O_NONBLOCK|O_CLOEXEC`), `fstat` the
/// descriptor, and refuse anything that is not a regular file. `Ok(None)`
/// when nothing is there. Whatever is swapped in between an earlier check
/// and this open, the descriptor returned is a regular file's.
pub fn open_regular(path: &Path) -> Result<Option<(File, fs::Metadata)>> {
    let mut opts = OpenOptions::new();
    opts.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        opts.custom_flags(libc::O_NOFOLLOW | libc::O_CLOEXEC | libc::O_NONBLOCK);
    }
    let file = match opts.open(path) {
        Ok(f) => f,
        Err(e) if e.kind() == ErrorKind::NotFound => return Ok(None),
        // A Unix socket cannot be opened at all.
        #[cfg(unix)]
        Err(e) if e.raw_os_error() == Some(libc::ENXIO) => {
            return Err(not_regular(path));
        }
        // Another user's file: say whose, rather than only "denied".
        Err(e) if e.kind() == ErrorKind::PermissionDenied => {
            if let Ok(meta) = fs::symlink_metadata(path) {
                check_file(path, &meta, Role::Cache)?;
            }
            return Err(Error::io("open", path, e));
        }
        Err(e) => return Err(Error::io("open", path, e)),
    };
    let meta = file.metadata().map_err(|e| Error::io("inspect", path, e))?;
    if meta.is_dir() {
        return Err(Error::UnsafePath {
            path: path.to_path_buf(),
            reason: "it is a directory, not a cache file",
        });
    }
    if !meta.is_file() {
        return Err(not_regular(path));
    }
    Ok(Some((file, meta)))
}

fn not_regular(path: &Path) -> Error {
    Error::UnsafePath {
        path: path.to_path_buf(),
        reason: "it is not a regular file (a FIFO, socket or device; tokencache never opens those)",
    }
}

/// What a path is, for ownership messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// The cache file (or a keyring store's marker file).
    Cache,
    /// The `<cache>.lockfile`.
    Lock,
    /// The folder the cache and lock live in.
    Folder,
    /// A Redis server's Unix socket (`redis+unix://`): only its owner counts.
    Socket,
    /// The folder of a Redis server's Unix socket (checked like [`Role::Folder`]).
    SocketFolder,
}

impl Role {
    /// Used by the Unix ownership checks (Windows has no owner/mode to report).
    #[cfg(unix)]
    fn noun(self) -> &'static str {
        match self {
            Role::Cache => "the cache file",
            Role::Lock => "the lock file",
            Role::Folder => "the cache folder",
            Role::Socket => "the Redis socket",
            Role::SocketFolder => "the Redis socket's folder",
        }
    }
}

/// Refuse a folder another user could use to swap or delete the cache: owned
/// by someone other than the invoking user or root, or writable by group or
/// others without the sticky bit. A missing folder is fine (it will be
/// created 0700).
pub fn check_dir(dir: &Path) -> Result<()> {
    match fs::metadata(dir) {
        Ok(meta) => check_owner(dir, &meta, Role::Folder),
        Err(e) if e.kind() == ErrorKind::NotFound => Ok(()),
        Err(_) => Ok(()), // the operation itself will report it
    }
}

/// Refuse a Redis Unix socket that another user (root excepted) owns, or
/// whose folder another user owns or may write to without the sticky bit
/// (OpenSSH's `StrictModes`, as for the cache folder): whoever serves it
/// would receive the password. The socket's own mode is not checked (servers
/// create it 0777 or 0770 under their umask); a missing socket is left to
/// the connection to report.
pub fn check_socket(path: &Path) -> Result<()> {
    let Ok(meta) = fs::metadata(path) else {
        return Ok(());
    };
    check_owner(path, &meta, Role::Socket)?;
    let dir = parent_dir(path);
    match fs::metadata(dir) {
        Ok(meta) => check_owner(dir, &meta, Role::SocketFolder),
        Err(_) => Ok(()),
    }
}

/// Refuse a file (the cache, the lock) owned by another user (root excepted)
/// or writable by group or others, from the metadata of the open descriptor.
pub fn check_file(path: &Path, meta: &fs::Metadata, role: Role) -> Result<()> {
    check_owner(path, meta, role)
}

#[cfg(unix)]
fn check_owner(path: &Path, meta: &fs::Metadata, role: Role) -> Result<()> {
    use std::os::unix::fs::MetadataExt;
    let Some(me) = crate::environment::effective_uid() else {
        return Ok(());
    };
    let owner = meta.uid();
    if owner != me && owner != 0 {
        return Err(Error::UnsafeOwnership {
            path: path.to_path_buf(),
            reason: format!(
                "{} is owned by {}, not by you ({}) or root",
                role.noun(),
                users::describe_uid(owner),
                users::describe_uid(me)
            ),
            hint: if matches!(role, Role::Socket | Role::SocketFolder) {
                "another user could be serving it and would receive the Redis password (nothing \
                 was sent); connect to a socket in a folder only you and root control, or over \
                 TCP with TLS (rediss://)"
                    .to_string()
            } else {
                format!(
                    "another user could read, replace or delete what tokencache keeps there; if you trust it, \
                     take it over (`sudo chown {} {}`), otherwise remove it or point --cache-path at a folder only you can write",
                    users::name(me).unwrap_or_else(|| me.to_string()),
                    path.display()
                )
            },
        });
    }
    let mode = meta.mode() & 0o7777;
    let sticky = mode & 0o1000 != 0;
    let other_w = mode & 0o002 != 0;
    let group_w = mode & 0o020 != 0 && !users::is_private_group(meta.gid(), me);
    // Lock files are created by Node and Python with the process umask
    // (0664 under a umask of 002): only their owner is checked.
    let folder = matches!(role, Role::Folder | Role::SocketFolder);
    let shared = if matches!(role, Role::Lock | Role::Socket) || (folder && sticky) {
        false
    } else {
        other_w || group_w
    };
    if shared {
        let (what, fix) = if folder {
            (
                "writable by group or others without the sticky bit",
                format!(
                    "run `chmod go-w {}` (or `chmod +t` for a folder meant to be shared)",
                    path.display()
                ),
            )
        } else {
            (
                "writable by group or others",
                format!(
                    "check that nobody else changed it, then run `chmod 600 {}`",
                    path.display()
                ),
            )
        };
        return Err(Error::UnsafeOwnership {
            path: path.to_path_buf(),
            reason: format!("{} is {what} (mode {mode:04o})", role.noun()),
            hint: fix,
        });
    }
    Ok(())
}

#[cfg(not(unix))]
fn check_owner(_: &Path, _: &fs::Metadata, _: Role) -> Result<()> {
    Ok(())
}

#[cfg(unix)]
mod users {
    //! User and group names from the system databases (NSS), for messages and
    //! for the private-group rule.

    use std::ffi::CStr;

    /// `uid 1001 (mallory)`, or `uid 1001` when it has no name.
    pub fn describe_uid(uid: u32) -> String {
        match name(uid) {
            Some(n) => format!("uid {uid} ({n})"),
            None => format!("uid {uid}"),
        }
    }

    /// The login name of `uid`.
    pub fn name(uid: u32) -> Option<String> {
        let mut buf = vec![0u8; 4096];
        // SAFETY: passwd is plain data filled by getpwuid_r, which writes
        // strings into `buf` (of the length given) and sets `result`.
        unsafe {
            let mut pwd: libc::passwd = std::mem::zeroed();
            let mut result = std::ptr::null_mut();
            let rc = libc::getpwuid_r(
                uid,
                &mut pwd,
                buf.as_mut_ptr().cast(),
                buf.len(),
                &mut result,
            );
            if rc != 0 || result.is_null() || pwd.pw_name.is_null() {
                return None;
            }
            Some(CStr::from_ptr(pwd.pw_name).to_string_lossy().into_owned())
        }
    }

    /// Whether `gid` is `uid`'s private group (named like the user, with no
    /// other member): group write permission then grants nobody else.
    pub fn is_private_group(gid: u32, uid: u32) -> bool {
        let Some(user) = name(uid) else {
            return false;
        };
        let mut buf = vec![0u8; 16384];
        // SAFETY: as in `name`; gr_mem is a NULL-terminated array of
        // strings inside `buf`.
        unsafe {
            let mut grp: libc::group = std::mem::zeroed();
            let mut result = std::ptr::null_mut();
            let rc = libc::getgrgid_r(
                gid,
                &mut grp,
                buf.as_mut_ptr().cast(),
                buf.len(),
                &mut result,
            );
            if rc != 0 || result.is_null() || grp.gr_name.is_null() {
                return false;
            }
            if CStr::from_ptr(grp.gr_name).to_bytes() != user.as_bytes() {
                return false;
            }
            let mut member = grp.gr_mem;
            while !member.is_null() && !(*member).is_null() {
                if CStr::from_ptr(*member).to_bytes() != user.as_bytes() {
                    return false;
                }
                member = member.add(1);
            }
            true
        }
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

/// Read a whole file without following a symlink or blocking, refusing a
/// file or folder another user controls and a file larger than `limit`
/// (see [`check_size`]). `Ok(None)` when it does not exist. A file of ours that
/// others can read is tightened to 0600 (caches written by
/// msal-node-extensions before mid-2026 were 0644).
pub fn read_private(path: &Path, limit: u64) -> Result<Option<Vec<u8>>> {
    check_dir(parent_dir(path))?;
    let Some((mut file, meta)) = open_regular(path)? else {
        return Ok(None);
    };
    check_file(path, &meta, Role::Cache)?;
    check_size(path, meta.len(), limit)?;
    tighten(&file, &meta);
    let cap = limit.saturating_add(ENVELOPE_ALLOWANCE);
    let mut buf = buffer_for(meta.len() as usize);
    // The file may grow after the fstat: never read past the limit.
    (&mut file)
        .take(cap.saturating_add(1))
        .read_to_end(&mut buf)
        .map_err(|e| Error::io("read", path, e))?;
    check_size(path, buf.len() as u64, limit)?;
    Ok(Some(buf))
}

/// An empty buffer with room for `len` bytes. On Linux a large one is asked
/// to be backed by transparent huge pages where the system allows it
/// (`madvise` mode): reading 16 MiB into fresh memory otherwise takes 4096
/// page faults, which cost about as much as copying the bytes.
fn buffer_for(len: usize) -> Vec<u8> {
    let buf = Vec::with_capacity(len);
    #[cfg(target_os = "linux")]
    let buf = advise_huge_pages(buf, len);
    buf
}

/// Ask for transparent huge pages over the pages `buf`'s next `len` bytes
/// will fill (large buffers only).
#[cfg(target_os = "linux")]
fn advise_huge_pages(mut buf: Vec<u8>, len: usize) -> Vec<u8> {
    const PAGE: usize = 4096;
    if len >= 4 << 20 {
        let start = buf.spare_capacity_mut().as_mut_ptr() as usize;
        let first = start.next_multiple_of(PAGE);
        let end = (start + len) & !(PAGE - 1);
        if end > first {
            // SAFETY: the range lies inside this Vec's own allocation, which
            // nothing else refers to; MADV_HUGEPAGE changes how the kernel
            // backs the pages, never what they hold. A refusal (no THP in
            // this kernel) changes nothing, so the result is not checked.
            unsafe {
                libc::madvise(first as *mut libc::c_void, end - first, libc::MADV_HUGEPAGE);
            }
        }
    }
    buf
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

/// Remove temp files for `path` left by writers that are no longer alive
/// (tokencache's `.<name>.tmp-<pid>-<n>`), on every OS. A killed writer's
/// temp file holds the new cache in plaintext. Call only while holding the
/// cache lock. Returns how many were removed.
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
        // Only regular files (never through a link), and only our own.
        let ours = fs::symlink_metadata(entry.path()).is_ok_and(|m| m.is_file() && owned_by_me(&m));
        if ours
            && pid != std::process::id()
            && crate::process::pid_alive(pid) == Some(false)
            && fs::remove_file(entry.path()).is_ok()
        {
            removed += 1;
        }
    }
    removed
}

#[cfg(unix)]
fn owned_by_me(meta: &fs::Metadata) -> bool {
    use std::os::unix::fs::MetadataExt;
    Some(meta.uid()) == crate::environment::effective_uid()
}

#[cfg(not(unix))]
fn owned_by_me(_: &fs::Metadata) -> bool {
    true
}

/// Refuse an existing file at `path` that is not a regular file or that
/// another user controls (see [`check_file`]); missing is fine. Does not open it.
fn check_existing(path: &Path, role: Role) -> Result<()> {
    check_regular_or_missing(path)?;
    match fs::symlink_metadata(path) {
        Ok(meta) => check_file(path, &meta, role),
        Err(_) => Ok(()),
    }
}

/// Replace `path` with `data` atomically (see the module doc). The parent
/// directory must exist. Call while holding the cache lock. On Windows a
/// replace blocked by another program's open handle is retried for up to
/// `patience` (see [`DEFAULT_REPLACE_PATIENCE`]).
pub fn write_atomic(path: &Path, data: &[u8], patience: Duration) -> Result<()> {
    check_dir(parent_dir(path))?;
    check_existing(path, Role::Cache)?;
    remove_orphaned_temps(path);
    let tmp = temp_path(path);
    let result = write_then_rename(&tmp, path, data, patience);
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    result
}

fn write_then_rename(tmp: &Path, path: &Path, data: &[u8], patience: Duration) -> Result<()> {
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
    rename_replacing(tmp, path, patience)?;
    sync_dir(parent_dir(path));
    Ok(())
}

/// The least time [`write_atomic`] keeps retrying a replace that another
/// program's open handle blocks (Windows only). A store waits as long as
/// its `--lock-timeout` when that is longer (its settings carry the
/// patience): on Windows a program that reads the cache without the lock
/// (Python msal-extensions does) and without `FILE_SHARE_DELETE` blocks the
/// replace for as long as it has the file open.
pub const DEFAULT_REPLACE_PATIENCE: Duration = Duration::from_secs(1);

/// `rename`, retried on Windows while another program has the target open
/// without `FILE_SHARE_DELETE` (sharing violation, access denied), for up to
/// `patience`. Ctrl-C ends the wait (the caller removes the temp file, the
/// old cache stays).
fn rename_replacing(from: &Path, to: &Path, patience: Duration) -> Result<()> {
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
    check_dir(parent_dir(path))?;
    check_existing(path, Role::Cache)?;
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
        write_atomic(&f, b"{}", DEFAULT_REPLACE_PATIENCE).unwrap();
        write_atomic(&f, b"{\"a\":1}", DEFAULT_REPLACE_PATIENCE).unwrap();
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
        assert_eq!(read_private(&f, DEFAULT_MAX_SIZE).unwrap().unwrap(), b"{}");
        assert_eq!(mode(&f), 0o600);
        assert_eq!(
            read_private(&dir.path().join("missing"), DEFAULT_MAX_SIZE).unwrap(),
            None
        );
    }

    #[test]
    fn symlinks_are_refused_for_read_and_write() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("target");
        fs::write(&target, b"{}").unwrap();
        let link = dir.path().join("c.json");
        std::os::unix::fs::symlink(&target, &link).unwrap();
        assert!(matches!(
            read_private(&link, DEFAULT_MAX_SIZE),
            Err(Error::UnsafePath { .. })
        ));
        assert!(matches!(
            write_atomic(&link, b"{}", DEFAULT_REPLACE_PATIENCE),
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
