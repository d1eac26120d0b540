//! Where the encrypted file store's key comes from.
//!
//! Key material never travels through argv (no flag takes a key or a
//! passphrase: argv is readable by every user through `/proc/<pid>/cmdline`
//! and lands in shell history). The sources, in the order they are tried:
//!
//! 1. `--key-fd N`: base64 of a 32-byte key, read from an open file descriptor
//!    (a pipe from a secret manager, `3< keyfile`). The descriptor is read to
//!    its end and closed. Not a terminal, not stdout or stderr.
//! 2. `--key-file PATH`: base64 of a 32-byte key, as `tokencache keygen`
//!    writes it. Refused unless the invoking user owns it and neither group
//!    nor other can read it (mode 0600 or 0400).
//! 3. `$CREDENTIALS_DIRECTORY/tokencache-key`, when that file exists: a systemd
//!    credential (`LoadCredentialEncrypted=tokencache-key:...`), base64 of a
//!    32-byte key. systemd makes the directory private to the service, so the
//!    owner/mode check of `--key-file` is not applied.
//! 4. `TOKENCACHE_KEY` (base64 of 32 bytes), else `TOKENCACHE_PASSPHRASE` (a
//!    passphrase, stretched with Argon2id). Set but empty is an error, not
//!    "unset": an undefined CI secret expands to the empty string.
//! 5. A passphrase typed on `/dev/tty`, only when the process has a
//!    controlling terminal. Without one (a pipe, a service, `setsid`, CI) the
//!    command fails at once with exit 7 and the list above; it never waits.
//!
//! Only sources 1–4 count as "configured" for the `auto` fallback: a prompt
//! is not a configuration.
//!
//! Key material is held in [`Zeroizing`] buffers, wiped when dropped. Error
//! messages name the source, never its content.

use std::fmt;
use std::io::Read;
use std::path::{Path, PathBuf};

use base64::Engine as _;
use zeroize::Zeroizing;

use crate::error::{Error, Result};

/// The name of the systemd credential tokencache looks for.
pub const CREDENTIAL_NAME: &str = "tokencache-key";

/// Length of a raw key in bytes.
pub const KEY_LEN: usize = 32;

/// The most a key source may hold (a base64 key is 44 bytes; a passphrase is
/// text a person types).
const MAX_SOURCE_LEN: u64 = 4096;

/// Secret key material, wiped from memory when dropped.
pub enum KeyMaterial {
    /// A 32-byte key used directly (no KDF).
    Raw(Zeroizing<[u8; KEY_LEN]>),
    /// A passphrase, stretched with Argon2id.
    Passphrase(Zeroizing<Vec<u8>>),
}

impl fmt::Debug for KeyMaterial {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            KeyMaterial::Raw(_) => "KeyMaterial::Raw(<redacted>)",
            KeyMaterial::Passphrase(_) => "KeyMaterial::Passphrase(<redacted>)",
        })
    }
}

impl KeyMaterial {
    /// Whether this is a passphrase (Argon2id) rather than a raw key.
    pub fn is_passphrase(&self) -> bool {
        matches!(self, KeyMaterial::Passphrase(_))
    }
}

/// One place a key can come from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum KeySource {
    /// `--key-fd N`.
    Fd(u32),
    /// `--key-file PATH`.
    File(PathBuf),
    /// `$CREDENTIALS_DIRECTORY/tokencache-key`.
    Credential(PathBuf),
    /// `TOKENCACHE_KEY`.
    EnvKey,
    /// `TOKENCACHE_PASSPHRASE`.
    EnvPassphrase,
    /// A passphrase typed on `/dev/tty`.
    Prompt,
}

impl fmt::Display for KeySource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            KeySource::Fd(n) => write!(f, "--key-fd {n}"),
            KeySource::File(p) => write!(f, "--key-file {}", p.display()),
            KeySource::Credential(p) => write!(f, "systemd credential {}", p.display()),
            KeySource::EnvKey => f.write_str("TOKENCACHE_KEY"),
            KeySource::EnvPassphrase => f.write_str("TOKENCACHE_PASSPHRASE"),
            KeySource::Prompt => f.write_str("a passphrase prompt on /dev/tty"),
        }
    }
}

impl KeySource {
    /// Whether this source supplies a passphrase (Argon2id) rather than a raw key.
    pub fn is_passphrase(&self) -> bool {
        matches!(self, KeySource::EnvPassphrase | KeySource::Prompt)
    }
}

/// What the command line and the environment offer. Reading the environment
/// copies the two secret variables into wiped buffers; nothing else is read
/// until [`KeySources::obtain`].
#[derive(Clone, Default)]
pub struct KeySources {
    /// `--key-fd`.
    pub fd: Option<u32>,
    /// `--key-file`.
    pub file: Option<PathBuf>,
    /// `$CREDENTIALS_DIRECTORY/tokencache-key`, when it exists.
    pub credential: Option<PathBuf>,
    env_key: Option<Zeroizing<Vec<u8>>>,
    env_passphrase: Option<Zeroizing<Vec<u8>>>,
}

impl fmt::Debug for KeySources {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("KeySources")
            .field("fd", &self.fd)
            .field("file", &self.file)
            .field("credential", &self.credential)
            .field("env_key", &self.env_key.as_ref().map(|_| "<redacted>"))
            .field(
                "env_passphrase",
                &self.env_passphrase.as_ref().map(|_| "<redacted>"),
            )
            .finish()
    }
}

impl KeySources {
    /// The sources given by `--key-fd`/`--key-file` and this process's
    /// environment.
    pub fn from_env(fd: Option<u32>, file: Option<PathBuf>) -> KeySources {
        let secret =
            |name: &str| std::env::var_os(name).map(|v| Zeroizing::new(v.into_encoded_bytes()));
        let credential = std::env::var_os("CREDENTIALS_DIRECTORY")
            .filter(|d| !d.is_empty())
            .map(|d| Path::new(&d).join(CREDENTIAL_NAME))
            .filter(|p| p.exists());
        KeySources {
            fd,
            file,
            credential,
            env_key: secret("TOKENCACHE_KEY"),
            env_passphrase: secret("TOKENCACHE_PASSPHRASE"),
        }
    }

    /// The first configured source (the prompt does not count), if any.
    pub fn configured(&self) -> Option<KeySource> {
        if let Some(n) = self.fd {
            Some(KeySource::Fd(n))
        } else if let Some(p) = &self.file {
            Some(KeySource::File(p.clone()))
        } else if let Some(p) = &self.credential {
            Some(KeySource::Credential(p.clone()))
        } else if self.env_key.is_some() {
            Some(KeySource::EnvKey)
        } else if self.env_passphrase.is_some() {
            Some(KeySource::EnvPassphrase)
        } else {
            None
        }
    }

    /// The source [`KeySources::obtain`] will use.
    pub fn chosen(&self) -> KeySource {
        self.configured().unwrap_or(KeySource::Prompt)
    }

    /// Read the key from the chosen source. `confirm`: a prompted passphrase
    /// that will protect a new file is asked for twice.
    pub fn obtain(&self, for_path: &Path, confirm: bool) -> Result<(KeySource, KeyMaterial)> {
        let source = self.chosen();
        let material = match &source {
            KeySource::Fd(n) => parse_key(&source, &read_fd(*n)?)?,
            KeySource::File(p) => parse_key(&source, &read_key_file(p)?)?,
            KeySource::Credential(p) => {
                let bytes = read_limited(p).map_err(|e| {
                    key_error(
                        format!("cannot read the systemd credential {}: {e}", p.display()),
                        "check LoadCredentialEncrypted=tokencache-key:... in the unit, or unset CREDENTIALS_DIRECTORY",
                    )
                })?;
                parse_key(&source, &bytes)?
            }
            KeySource::EnvKey => {
                parse_key(&source, self.env_key.as_deref().map_or(&[][..], |v| v))?
            }
            KeySource::EnvPassphrase => passphrase(
                &source,
                Zeroizing::new(self.env_passphrase.as_deref().cloned().unwrap_or_default()),
            )?,
            KeySource::Prompt => match tty::prompt(for_path, confirm)? {
                Some(p) => passphrase(&source, p)?,
                None => return Err(no_key_error()),
            },
        };
        Ok((source, material))
    }
}

/// The error for "no key and nobody to ask": exit 7 with every way to supply one.
pub fn no_key_error() -> Error {
    key_error(
        "no key for the encrypted file store, and no terminal to ask for a passphrase on".into(),
        "supply the key in one of these ways (never on the command line): \
         --key-fd N (base64 key on an open file descriptor, e.g. `3< key`); \
         --key-file PATH (from `tokencache keygen --out PATH`, mode 0600, yours); \
         $CREDENTIALS_DIRECTORY/tokencache-key (systemd LoadCredentialEncrypted=); \
         TOKENCACHE_KEY (base64 of 32 bytes); \
         TOKENCACHE_PASSPHRASE (a passphrase, stretched with Argon2id); \
         or run in a terminal to be asked for a passphrase",
    )
}

fn key_error(cause: String, hint: &str) -> Error {
    Error::Key {
        cause,
        hint: hint.into(),
    }
}

/// Decode base64 (standard alphabet, surrounding whitespace ignored) of
/// exactly 32 bytes.
fn parse_key(source: &KeySource, text: &[u8]) -> Result<KeyMaterial> {
    let trimmed = text.trim_ascii();
    if trimmed.is_empty() {
        return Err(key_error(
            format!("the key from {source} is empty"),
            "put the base64 key from `tokencache keygen` there (an undefined CI secret expands to an empty string)",
        ));
    }
    let decoded = Zeroizing::new(
        base64::engine::general_purpose::STANDARD
            .decode(trimmed)
            .map_err(|_| {
                key_error(
            format!("the key from {source} is not base64"),
            "a key is base64 of 32 random bytes, as `tokencache keygen --out PATH` writes it; \
             for a passphrase use TOKENCACHE_PASSPHRASE",
        )
            })?,
    );
    let key: [u8; KEY_LEN] = decoded.as_slice().try_into().map_err(|_| {
        key_error(
            format!(
                "the key from {source} decodes to {} bytes, not {KEY_LEN}",
                decoded.len()
            ),
            "generate a key with `tokencache keygen --out PATH`; for a passphrase use TOKENCACHE_PASSPHRASE",
        )
    })?;
    Ok(KeyMaterial::Raw(Zeroizing::new(key)))
}

fn passphrase(source: &KeySource, bytes: Zeroizing<Vec<u8>>) -> Result<KeyMaterial> {
    if bytes.is_empty() {
        return Err(key_error(
            format!("the passphrase from {source} is empty"),
            "an empty passphrase protects nothing; choose a real one (an undefined CI secret expands to an empty string)",
        ));
    }
    Ok(KeyMaterial::Passphrase(bytes))
}

/// Open a key source file without following a symbolic link and without
/// blocking (`O_NOFOLLOW|O_NONBLOCK`), and refuse anything that is not a
/// regular file: a FIFO must not hang the command.
fn open_key_source(path: &Path) -> std::io::Result<std::fs::File> {
    let mut opts = std::fs::OpenOptions::new();
    opts.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        opts.custom_flags(libc::O_NOFOLLOW | libc::O_CLOEXEC | libc::O_NONBLOCK);
    }
    #[cfg(windows)]
    {
        // A link or junction is opened as itself, then refused below as not a
        // regular file (the O_NOFOLLOW equivalent).
        use std::os::windows::fs::OpenOptionsExt;
        use windows_sys::Win32::Storage::FileSystem::FILE_FLAG_OPEN_REPARSE_POINT;
        opts.custom_flags(FILE_FLAG_OPEN_REPARSE_POINT);
    }
    #[cfg(unix)]
    let file = opts.open(path).map_err(|e| {
        if e.raw_os_error() == Some(libc::ELOOP) {
            return std::io::Error::other(
                "it is a symbolic link (tokencache never follows one at a key path; name the file it points to)",
            );
        }
        e
    })?;
    #[cfg(not(unix))]
    let file = opts.open(path)?;
    if !file.metadata()?.is_file() {
        return Err(std::io::Error::other(
            "it is not a regular file (to pass a key through a pipe use --key-fd N)",
        ));
    }
    Ok(file)
}

fn read_limited(path: &Path) -> std::io::Result<Zeroizing<Vec<u8>>> {
    let mut buf = Zeroizing::new(Vec::new());
    open_key_source(path)?
        .take(MAX_SOURCE_LEN)
        .read_to_end(&mut buf)?;
    Ok(buf)
}

/// Read a key file after checking it is a regular file that only its owner,
/// the invoking user, can read.
fn read_key_file(path: &Path) -> Result<Zeroizing<Vec<u8>>> {
    let unsafe_file = |reason: String, hint: String| Error::UnsafeKeyFile {
        path: path.to_path_buf(),
        reason,
        hint,
    };
    let mut file = open_key_source(path).map_err(|e| {
        if e.kind() == std::io::ErrorKind::Other {
            // A link or a special file: refused like an unsafe mode.
            return unsafe_file(
                e.to_string(),
                "point --key-file at a regular file (or pass the key through a pipe with --key-fd N)".into(),
            );
        }
        key_error(
            format!("cannot open the key file {}: {e}", path.display()),
            "check the path given to --key-file (create a key with `tokencache keygen --out PATH`)",
        )
    })?;
    let meta = file.metadata().map_err(|e| Error::io("inspect", path, e))?;
    if !meta.is_file() {
        return Err(unsafe_file(
            "it is not a regular file".into(),
            "to pass a key through a pipe or descriptor use --key-fd N".into(),
        ));
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        let me = crate::environment::effective_uid().unwrap_or(u32::MAX);
        if meta.uid() != me {
            return Err(unsafe_file(
                format!("it is owned by uid {}, not by you (uid {me})", meta.uid()),
                format!(
                    "use a key file you own: `tokencache keygen --out PATH`, or `chown {me} {}`",
                    path.display()
                ),
            ));
        }
        let mode = meta.mode() & 0o777;
        if mode & 0o077 != 0 {
            return Err(unsafe_file(
                format!("its mode {mode:04o} lets group or other users read it"),
                format!(
                    "run `chmod 600 {}` (and consider the key exposed if others could read it)",
                    path.display()
                ),
            ));
        }
    }
    let mut buf = Zeroizing::new(Vec::new());
    (&mut file)
        .take(MAX_SOURCE_LEN)
        .read_to_end(&mut buf)
        .map_err(|e| Error::io("read", path, e))?;
    Ok(buf)
}

/// Read an inherited descriptor to its end, then close it.
#[cfg(unix)]
fn read_fd(n: u32) -> Result<Zeroizing<Vec<u8>>> {
    use std::os::fd::FromRawFd;
    let hint = "open the descriptor for tokencache, e.g. `tokencache --key-fd 3 read 3< key`, or \
                `secret-tool lookup ... | tokencache --key-fd 3 read 3<&0`";
    let fd = i32::try_from(n).unwrap_or(-1);
    if n == 1 || n == 2 || fd < 0 {
        return Err(key_error(
            format!("--key-fd {n} cannot carry a key (1 and 2 are the outputs)"),
            hint,
        ));
    }
    // SAFETY: F_GETFD only queries the descriptor table.
    if unsafe { libc::fcntl(fd, libc::F_GETFD) } == -1 {
        return Err(key_error(
            format!("--key-fd {n}: descriptor {n} is not open"),
            hint,
        ));
    }
    // SAFETY: isatty only queries the descriptor.
    if unsafe { libc::isatty(fd) } == 1 {
        return Err(key_error(
            format!("--key-fd {n}: descriptor {n} is a terminal"),
            "a key typed on a terminal is echoed; pipe it in, or leave the key sources unset to be asked for a passphrase",
        ));
    }
    // SAFETY: the descriptor is open and inherited for this purpose; it is
    // read once (the store keeps what it read) and closed here.
    let file = unsafe { std::fs::File::from_raw_fd(fd) };
    let mut buf = Zeroizing::new(Vec::new());
    file.take(MAX_SOURCE_LEN)
        .read_to_end(&mut buf)
        .map_err(|e| key_error(format!("cannot read --key-fd {n}: {e}"), hint))?;
    Ok(buf)
}

#[cfg(not(unix))]
fn read_fd(n: u32) -> Result<Zeroizing<Vec<u8>>> {
    Err(key_error(
        format!("--key-fd {n}: inherited descriptors are not supported on this platform"),
        "use --key-file PATH, TOKENCACHE_KEY or TOKENCACHE_PASSPHRASE",
    ))
}

#[cfg(unix)]
mod tty {
    //! The passphrase prompt on the controlling terminal. Echo, canonical mode
    //! and signal keys are switched off while reading, so that Ctrl-C is
    //! seen as a byte and the terminal is always restored before returning.
    //! SIGINT, SIGTERM, SIGHUP and SIGQUIT sent by another process are caught
    //! while the prompt is up: the terminal is restored first, then the
    //! process ends the way the signal would have ended it.

    use std::fs::{File, OpenOptions};
    use std::io::{Read, Write};
    use std::os::fd::AsRawFd;
    use std::os::unix::fs::OpenOptionsExt;
    use std::path::Path;
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::Arc;

    use zeroize::Zeroizing;

    use crate::error::{Error, Result};

    /// Restores the terminal's settings when dropped.
    struct Restore<'a> {
        tty: &'a File,
        saved: libc::termios,
    }

    impl Drop for Restore<'_> {
        fn drop(&mut self) {
            // SAFETY: restoring settings read from this descriptor.
            unsafe { libc::tcsetattr(self.tty.as_raw_fd(), libc::TCSANOW, &self.saved) };
        }
    }

    /// Ask for a passphrase on `/dev/tty`; `Ok(None)` when there is no
    /// controlling terminal.
    pub fn prompt(path: &Path, confirm: bool) -> Result<Option<Zeroizing<Vec<u8>>>> {
        let Ok(tty) = OpenOptions::new()
            .read(true)
            .write(true)
            .custom_flags(libc::O_NOCTTY | libc::O_CLOEXEC)
            .open("/dev/tty")
        else {
            return Ok(None);
        };
        // SAFETY: isatty only queries the descriptor.
        if unsafe { libc::isatty(tty.as_raw_fd()) } != 1 {
            return Ok(None);
        }
        let first = ask(
            &tty,
            &format!("tokencache: passphrase for {}: ", path.display()),
        )?;
        if confirm {
            let again = ask(&tty, "tokencache: the same passphrase again: ")?;
            if *first != *again {
                return Err(Error::Key {
                    cause: "the two passphrases differ".into(),
                    hint: "run the command again and type the same passphrase twice".into(),
                });
            }
        }
        Ok(Some(first))
    }

    /// The signals that end a process sent with `kill` (or by a closing
    /// terminal): while the prompt has echo and signal keys off, each is
    /// caught, the terminal restored, and then the signal's default action
    /// taken, so the process still dies of it (status 128 + n).
    const RESTORING: [libc::c_int; 4] = [libc::SIGINT, libc::SIGTERM, libc::SIGHUP, libc::SIGQUIT];

    /// Catches [`RESTORING`] while alive; records which arrived.
    struct Caught {
        signal: Arc<AtomicUsize>,
        ids: Vec<signal_hook::SigId>,
        // SIGINT/SIGTERM/SIGHUP must not take their default action (before
        // the terminal is restored) through the lock's handlers either.
        _critical: crate::signals::Critical,
    }

    impl Caught {
        fn install() -> Caught {
            let critical = crate::signals::Critical::enter();
            let signal = Arc::new(AtomicUsize::new(0));
            let ids = RESTORING
                .iter()
                .filter_map(|&sig| {
                    signal_hook::flag::register_usize(sig, Arc::clone(&signal), sig as usize).ok()
                })
                .collect();
            Caught {
                signal,
                ids,
                _critical: critical,
            }
        }

        fn arrived(&self) -> Option<libc::c_int> {
            match self.signal.load(Ordering::SeqCst) {
                0 => None,
                n => libc::c_int::try_from(n).ok(),
            }
        }

        /// Stop catching, then end the process the way `sig` would have.
        fn die_of(mut self, sig: libc::c_int) -> ! {
            for id in self.ids.drain(..) {
                signal_hook::low_level::unregister(id);
            }
            drop(self);
            let _ = signal_hook::low_level::emulate_default_handler(sig);
            // Only a signal whose default is to continue gets here.
            std::process::exit(128 + sig);
        }
    }

    impl Drop for Caught {
        fn drop(&mut self) {
            for id in self.ids.drain(..) {
                signal_hook::low_level::unregister(id);
            }
        }
    }

    fn ask(tty: &File, prompt: &str) -> Result<Zeroizing<Vec<u8>>> {
        let io_err = |e| Error::io("use the terminal", Path::new("/dev/tty"), e);
        let fd = tty.as_raw_fd();
        // SAFETY: termios is plain data; tcgetattr fills it.
        let mut saved: libc::termios = unsafe { std::mem::zeroed() };
        // SAFETY: fd is an open terminal.
        if unsafe { libc::tcgetattr(fd, &mut saved) } != 0 {
            return Err(io_err(std::io::Error::last_os_error()));
        }
        let mut raw = saved;
        raw.c_lflag &= !(libc::ECHO | libc::ICANON | libc::ISIG);
        raw.c_cc[libc::VMIN] = 1;
        raw.c_cc[libc::VTIME] = 0;
        let mut out = tty;
        out.write_all(prompt.as_bytes()).map_err(io_err)?;
        // Catch the signals first, so that none can end the process between
        // changing the terminal and restoring it.
        let caught = Caught::install();
        let restore = Restore { tty, saved };
        // SAFETY: applying settings derived from the saved ones.
        if unsafe { libc::tcsetattr(fd, libc::TCSANOW, &raw) } != 0 {
            return Err(io_err(std::io::Error::last_os_error()));
        }
        let mut line = Zeroizing::new(Vec::new());
        let mut reader = tty;
        let mut byte = [0u8; 1];
        let outcome = loop {
            if caught.arrived().is_some() {
                break Ok(());
            }
            // Wait for a key, but wake up every 100 ms to look for a signal:
            // the handlers restart an interrupted read().
            let mut pfd = libc::pollfd {
                fd,
                events: libc::POLLIN,
                revents: 0,
            };
            // SAFETY: one valid pollfd.
            match unsafe { libc::poll(&mut pfd, 1, 100) } {
                0 => continue,
                n if n < 0 => {
                    let e = std::io::Error::last_os_error();
                    if e.kind() == std::io::ErrorKind::Interrupted {
                        continue;
                    }
                    break Err(io_err(e));
                }
                _ => {}
            }
            match reader.read(&mut byte) {
                Ok(0) => break Ok(()),
                Ok(_) => match byte[0] {
                    b'\n' | b'\r' => break Ok(()),
                    // Ctrl-C, or Ctrl-D on an empty line: give up.
                    0x03 => break Err(Error::Interrupted),
                    0x04 if line.is_empty() => break Err(Error::Interrupted),
                    // Backspace / delete.
                    0x7f | 0x08 => {
                        line.pop();
                    }
                    // Ctrl-U: erase the line.
                    0x15 => line.clear(),
                    b => line.push(b),
                },
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                Err(e) => break Err(io_err(e)),
            }
        };
        zeroize::Zeroize::zeroize(&mut byte);
        drop(restore);
        let _ = out.write_all(b"\n");
        if let Some(sig) = caught.arrived() {
            drop(line);
            caught.die_of(sig);
        }
        drop(caught);
        outcome.map(|()| line)
    }
}

#[cfg(not(unix))]
mod tty {
    use std::path::Path;

    use zeroize::Zeroizing;

    use crate::error::Result;

    /// No terminal prompt on this platform: always "no terminal".
    pub fn prompt(_path: &Path, _confirm: bool) -> Result<Option<Zeroizing<Vec<u8>>>> {
        Ok(None)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_base64_of_exactly_32_bytes() {
        let src = KeySource::EnvKey;
        let good = base64::engine::general_purpose::STANDARD.encode([7u8; 32]);
        assert!(
            matches!(parse_key(&src, format!(" {good}\n").as_bytes()), Ok(KeyMaterial::Raw(k)) if *k == [7u8; 32])
        );
        let short = base64::engine::general_purpose::STANDARD.encode([7u8; 16]);
        let err = parse_key(&src, short.as_bytes()).unwrap_err();
        assert!(err.to_string().contains("16 bytes"), "{err}");
        assert!(!err.to_string().contains(&short));
        assert!(parse_key(&src, b"not base64 !!").is_err());
        assert!(parse_key(&src, b"  \n")
            .unwrap_err()
            .to_string()
            .contains("empty"));
    }

    #[test]
    fn empty_passphrase_is_refused() {
        assert!(passphrase(&KeySource::EnvPassphrase, Zeroizing::new(Vec::new())).is_err());
        assert!(passphrase(&KeySource::EnvPassphrase, Zeroizing::new(b"x".to_vec())).is_ok());
    }

    #[test]
    fn order_and_redaction() {
        let mut s = KeySources {
            env_key: Some(Zeroizing::new(b"secret-key".to_vec())),
            env_passphrase: Some(Zeroizing::new(b"secret-pass".to_vec())),
            ..KeySources::default()
        };
        assert_eq!(s.chosen(), KeySource::EnvKey);
        s.file = Some("/k".into());
        assert_eq!(s.chosen(), KeySource::File("/k".into()));
        s.fd = Some(3);
        assert_eq!(s.chosen(), KeySource::Fd(3));
        let debug = format!("{s:?}");
        assert!(!debug.contains("secret"), "{debug}");
        assert_eq!(KeySources::default().configured(), None);
        assert_eq!(KeySources::default().chosen(), KeySource::Prompt);
    }
}
