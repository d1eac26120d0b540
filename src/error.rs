//! The library's typed error. Every variant a user can hit carries enough to say
//! what happened (`Display`), how to fix it ([`Error::hint`]), which exit code it
//! maps to ([`Error::exit_code`]) and a stable machine name ([`Error::code`]).
//!
//! No variant ever holds cache contents: messages name paths, item attributes,
//! pids and sizes, never a token.

use std::fmt;
use std::io;
use std::path::{Path, PathBuf};
use std::time::Duration;

use crate::cache::InvalidJson;
use crate::exit_code::ExitCode;
use crate::store::postgres::PostgresFault;
use crate::store::redis::RedisFault;

/// Result alias used throughout the library.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Why input given to `write` was refused.
#[derive(Debug, thiserror::Error)]
pub enum InputError {
    /// Standard input is a terminal: nothing is piped in.
    #[error("standard input is a terminal; tokencache reads the cache JSON from a pipe or a file")]
    Tty,
    /// More than `--max-size` bytes.
    #[error("input is larger than the limit of {}", bytes(*limit))]
    TooLarge {
        /// The limit in bytes.
        limit: u64,
    },
    /// The bytes are not an acceptable JSON document.
    #[error("input {0}")]
    Json(InvalidJson),
    /// One document of a `write --merge --stream` is not an acceptable cache.
    #[error("input document {index} {problem}")]
    Document {
        /// Its position in the stream, from 1.
        index: usize,
        /// What is wrong with it.
        problem: InvalidJson,
    },
    /// The result of a merge would be over `--max-size`.
    #[error("the merged cache would be {size} bytes, more than the limit of {limit} bytes (--max-size, TOKENCACHE_MAX_SIZE); nothing was written")]
    MergedTooLarge {
        /// The merged cache's size in bytes.
        size: u64,
        /// The limit in bytes.
        limit: u64,
    },
    /// One document of a `write --merge --stream` is over `--max-size`.
    #[error("input document {index} is larger than the limit of {}", bytes(*limit))]
    DocumentTooLarge {
        /// Its position in the stream, from 1.
        index: usize,
        /// The limit in bytes.
        limit: u64,
    },
    /// `write --merge --stream` without `--each`: the stream as a whole is
    /// over `--max-size` (it is held in memory until the lock is taken).
    #[error("the stream is larger than the limit of {limit} bytes after {documents} documents (without --each the whole stream is bounded by --max-size)")]
    StreamTooLarge {
        /// The documents read, whole, before the limit was passed.
        documents: usize,
        /// The limit in bytes.
        limit: u64,
    },
    /// The input file could not be read.
    #[error("cannot read input file {}: {cause}", path.display())]
    Read {
        /// The file named by `--input`.
        path: PathBuf,
        /// The underlying error.
        cause: io::Error,
    },
    /// Standard input could not be read.
    #[error("cannot read standard input: {cause}")]
    Stdin {
        /// The underlying error.
        cause: io::Error,
    },
    /// What `update`'s command printed is not an acceptable cache.
    #[error("the output of {program} {reason}")]
    Command {
        /// The command's name.
        program: String,
        /// What is wrong with it.
        reason: InvalidJson,
    },
    /// `update`'s command printed more than `--max-size` bytes.
    #[error("the output of {program} is larger than the limit of {}", bytes(*limit))]
    CommandTooLarge {
        /// The command's name.
        program: String,
        /// The limit in bytes.
        limit: u64,
    },
    /// `update`'s command's output could not be read.
    #[error("cannot read the output of {program}: {cause}")]
    CommandRead {
        /// The command's name.
        program: String,
        /// The underlying error.
        cause: io::Error,
    },
}

/// Who holds a lock, as far as can be told from the lock file and `/proc`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LockHolder {
    /// The pid recorded in the lock file, if any.
    pub pid: Option<u32>,
    /// The holder's command line (from the OS) or program name (from the file).
    pub command: Option<String>,
    /// Whether an OS-level lock (`flock`) is held on the file: an MSAL.NET or
    /// portalocker-style holder, or another tokencache.
    pub flocked: bool,
    /// Whether the recorded pid is not running on this host (the holder may
    /// be gone, or live in another PID namespace).
    pub not_running: bool,
}

impl fmt::Display for LockHolder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.pid, &self.command) {
            // A pid that does not run here (or names a process that cannot
            // have written the lock: another PID namespace's pid) is not
            // attributed to whatever process has that number on this host.
            (Some(pid), cmd) if self.not_running => {
                write!(
                    f,
                    "a process not visible here (the lock file says pid {pid}"
                )?;
                if let Some(cmd) = cmd {
                    write!(f, ", {}", crate::text::escape_controls(cmd))?;
                }
                f.write_str(")")
            }
            // The command comes from the lock file or /proc: escaped.
            (Some(pid), Some(cmd)) => {
                write!(f, "pid {pid} ({})", crate::text::escape_controls(cmd))
            }
            (Some(pid), None) => write!(f, "pid {pid}"),
            (None, _) if self.flocked => f.write_str("a process holding an OS lock on it"),
            (None, _) => f.write_str("an unknown process (the lock file names no pid)"),
        }
    }
}

/// Everything that can go wrong in tokencache.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Nothing is stored.
    #[error("no token cache is stored in {location}{}", left_alone.as_ref().map(|l| format!(", but the slot holds {l}")).unwrap_or_default())]
    NoCache {
        /// Where we looked (a path or a keyring item description).
        location: String,
        /// Items in the slot that belong to another application and were
        /// left alone (a Secret Service item of another `xdg:schema`).
        left_alone: Option<String>,
    },

    /// `write` refused its input.
    #[error("invalid input: {0}")]
    InvalidInput(InputError),

    /// The stored cache cannot be used.
    #[error("the stored cache in {location} is corrupt: {detail}")]
    Corrupt {
        /// Where it is stored.
        location: String,
        /// What is wrong with it (never its content).
        detail: String,
    },

    /// The lock could not be acquired in time.
    #[error("timed out after {} waiting for the lock {} held by {holder}", fmt_duration(*waited), path.display())]
    LockTimeout {
        /// The lock file.
        path: PathBuf,
        /// How long we waited.
        waited: Duration,
        /// Who holds it.
        holder: LockHolder,
    },

    /// The persistence mechanism is unavailable or failed verification.
    #[error("{store} is unavailable: {cause}")]
    Unavailable {
        /// The store's name (`secret-service`, `keychain`, …).
        store: &'static str,
        /// What went wrong.
        cause: String,
        /// How to fix it.
        hint: String,
    },

    /// The stored cache exists but this user, machine or entropy cannot decrypt
    /// it (DPAPI's "Key not valid for use in specified state"). The file is
    /// left as it is.
    #[error("cannot decrypt the cache in {}: {cause}", path.display())]
    Undecryptable {
        /// The encrypted file.
        path: PathBuf,
        /// Why, as far as the OS says.
        cause: String,
        /// How to fix it.
        hint: String,
    },

    /// A path we refuse to use (a symlink, a directory where a file belongs).
    #[error("refusing to use {}: {reason}", path.display())]
    UnsafePath {
        /// The path.
        path: PathBuf,
        /// Why.
        reason: &'static str,
    },

    /// A file or folder that another user controls: owned by someone other
    /// than the invoking user or root, or writable by group or others (see
    /// [`crate::fsutil::check_dir`]). Nothing is read or written through it.
    #[error("refusing to use {}: {reason}", path.display())]
    UnsafeOwnership {
        /// The path.
        path: PathBuf,
        /// Who owns what, or which mode bits are wrong.
        reason: String,
        /// How to fix it.
        hint: String,
    },

    /// A stored cache larger than the size limit, refused before reading it.
    #[error(
        "the stored cache {} is {}, more than the limit of {} (TOKENCACHE_MAX_SIZE)",
        path.display(), bytes(*size), bytes(*limit)
    )]
    StoredTooLarge {
        /// The file.
        path: PathBuf,
        /// Its size in bytes.
        size: u64,
        /// The limit in bytes.
        limit: u64,
    },

    /// The OS said no.
    #[error("permission denied: cannot {action} {}", path.display())]
    PermissionDenied {
        /// What we tried to do (`create`, `read`, `write`, …).
        action: &'static str,
        /// On which path.
        path: PathBuf,
    },

    /// Windows: another program kept the cache file open (without
    /// `FILE_SHARE_DELETE`) for the whole lock timeout, so it could not be
    /// replaced. The old cache is unchanged.
    #[error(
        "cannot replace {}: another program has the file open (waited {})",
        path.display(),
        fmt_duration(*waited)
    )]
    FileInUse {
        /// The cache file.
        path: PathBuf,
        /// How long we retried.
        waited: Duration,
    },

    /// Reading takes the lock, whose file cannot be created beside the cache
    /// (no write access to the folder).
    #[error("permission denied: cannot create the lock file {}, which reading the cache needs", lock.display())]
    LockDenied {
        /// The lock file.
        lock: PathBuf,
    },

    /// The file system is mounted read-only (`EROFS`).
    #[error("permission denied: cannot {action} {}: the file system is read-only", path.display())]
    ReadOnlyFileSystem {
        /// What we tried to do.
        action: &'static str,
        /// On which path.
        path: PathBuf,
    },

    /// Any other I/O failure, with what we were doing.
    #[error("cannot {action} {}: {cause}", path.display())]
    Io {
        /// What we tried to do.
        action: &'static str,
        /// On which path.
        path: PathBuf,
        /// The underlying error (not a `source`: it is part of the message).
        cause: io::Error,
    },

    /// The user's root directory could not be determined.
    #[error("cannot determine the user's root directory: {0}")]
    Environment(String),

    /// A combination of options that cannot work.
    #[error("{message}")]
    Config {
        /// What is wrong.
        message: String,
        /// How to fix it.
        hint: String,
    },

    /// The encrypted file's authentication failed: the key is not the one it
    /// was written with, or a byte of the file changed.
    #[error("cannot decrypt: wrong key, or the file was modified ({})", path.display())]
    Decrypt {
        /// The encrypted cache file.
        path: PathBuf,
        /// Where the key came from (never the key).
        key_source: String,
    },

    /// No usable key for the encrypted file store, or a key source that
    /// cannot be used as given.
    #[error("{cause}")]
    Key {
        /// What is wrong (names the source, never the key).
        cause: String,
        /// How to fix it.
        hint: String,
    },

    /// A key file others could read, or that another user owns.
    #[error("refusing the key file {}: {reason}", path.display())]
    UnsafeKeyFile {
        /// The key file.
        path: PathBuf,
        /// Why.
        reason: String,
        /// How to fix it.
        hint: String,
    },

    /// Another writer changed a Redis key between tokencache's read and its
    /// write on every attempt (optimistic transactions, bounded retries).
    #[error("another writer kept changing {location}: gave up after {attempts} attempts, nothing written")]
    Contention {
        /// The key, described.
        location: String,
        /// How many times the read-modify-write was tried.
        attempts: u32,
    },

    /// `write` was given, or `update`'s command printed, entries of another
    /// partition than the Redis key.
    #[error("{} another partition than the key `{key}` (first: {section} entry of {belongs_to}); nothing was stored", crate::text::count(*count as u64, "entry belongs to", "entries belong to"))]
    Partition {
        /// The partition key (without `--redis-prefix`).
        key: String,
        /// How many entries do not belong.
        count: usize,
        /// The section of the first one.
        section: String,
        /// The partition the first one belongs to (an identifier, never a secret).
        belongs_to: String,
    },

    /// Redis refused, failed or holds something tokencache must not touch.
    #[error("{cause}")]
    Redis {
        /// What kind of fault (decides the exit code and the `--json` code).
        fault: RedisFault,
        /// What happened (names the key and the server, never a password or a token).
        cause: String,
        /// How to fix it.
        hint: String,
    },

    /// Postgres refused, failed or holds something tokencache must not touch.
    #[error("{cause}")]
    Postgres {
        /// What kind of fault (decides the exit code and the `--json` code).
        fault: PostgresFault,
        /// What happened (names the table and the server, never a password or a token).
        cause: String,
        /// How to fix it.
        hint: String,
    },

    /// A signal arrived while the lock was held or awaited; everything was
    /// cleaned up.
    #[error("interrupted; the lock and any temporary file were cleaned up")]
    Interrupted,

    /// The command given to `update` ran and failed; nothing was changed.
    #[error("{program} {how}; the stored cache was not changed")]
    CommandFailed {
        /// The command's name (its first word).
        program: String,
        /// `exited with status 3`, `was killed by signal 9`.
        how: String,
        /// The status passed on: the command's own, or 128 + its signal.
        status: i32,
    },

    /// The command given to `update` could not be started.
    #[error("cannot run {program}: {cause}; the stored cache was not changed")]
    CommandNotRun {
        /// The command's name.
        program: String,
        /// Why (not found, not executable).
        cause: io::Error,
    },

    /// `token`: no cached access token can be served.
    #[error("no cached access token to serve for {scopes}: found {found}")]
    NoToken {
        /// The scopes asked for, space-separated.
        scopes: String,
        /// What was found instead (never a secret; usernames masked unless
        /// stderr is a terminal).
        found: String,
        /// The client whose sign-in would refresh it, when known.
        owner: Option<String>,
    },

    /// `az`: no account or no token to answer with, as the Azure CLI fails
    /// when nobody signed in (its message, and a hint that names `az login`,
    /// which the Azure SDKs look for on stderr).
    #[error("{message}")]
    Az {
        /// What is missing.
        message: String,
        /// How to fix it.
        hint: String,
    },

    /// `az`: azureProfile.json is not what the Azure CLI writes.
    #[error("{} is not an Azure CLI profile: {detail}", path.display())]
    AzProfile {
        /// The file.
        path: PathBuf,
        /// What is wrong with it.
        detail: String,
    },

    /// A consumer's request that the tool itself would never send
    /// (`KUBERNETES_EXEC_INFO` that is not JSON, git input without a host).
    #[error("{message}")]
    BadRequest {
        /// What is wrong.
        message: String,
        /// How to fix it.
        hint: String,
    },

    /// `doctor` found something that does not work.
    #[error("doctor found {}; the report above names each with its fix", crate::text::count(*count as u64, "problem", "problems"))]
    ProblemsFound {
        /// How many.
        count: usize,
    },

    /// `token --refresh`: the token endpoint refused the refresh token
    /// (revoked, expired, MFA or consent now required, a confidential
    /// client's). The cache was not changed.
    #[error("the token endpoint refused the refresh token of {account} (client {client_id}): {error}{}{}; the cache was not changed", code.as_deref().map(|c| format!(" {c}")).unwrap_or_default(), if description.is_empty() { String::new() } else { format!(" ({description})") })]
    RefreshRefused {
        /// The account, masked.
        account: String,
        /// The app whose refresh token it is.
        client_id: String,
        /// The OAuth `error` (`invalid_grant`, `interaction_required`, …).
        error: String,
        /// The AADSTS code, when the endpoint gave one.
        code: Option<String>,
        /// The endpoint's description, first line, control characters escaped.
        description: String,
        /// A confidential client's token: tokencache refreshes public clients only.
        confidential: bool,
    },

    /// `token --refresh`: the token endpoint could not be reached (network,
    /// proxy, TLS, timeout) or answered with something unusable. Nothing
    /// was written.
    #[error("cannot refresh at {endpoint}: {cause}; the cache was not changed")]
    Network {
        /// The token endpoint (a URL without secrets).
        endpoint: String,
        /// What went wrong.
        cause: String,
        /// How to fix it.
        hint: String,
    },

    /// `token`: several accounts have a token to serve.
    #[error("{} accounts have a cached access token for {scopes}: {}", accounts.len(), accounts.join("; "))]
    AmbiguousAccount {
        /// The scopes asked for, space-separated.
        scopes: String,
        /// The accounts, masked.
        accounts: Vec<String>,
    },
}

/// "1 byte", "16777216 bytes".
fn bytes(n: u64) -> String {
    crate::text::count(n, "byte", "bytes")
}

/// The hint of a `token` miss: what refreshes the cache.
fn refresh_advice(owner: Option<&str>) -> String {
    match owner {
        Some(client) => format!(
            "a sign-in in the owning app (client {client}) refreshes it, or `--refresh` redeems its cached refresh token (contacting the network)"
        ),
        None => "a sign-in in the app that uses these scopes refreshes the cache, or `--refresh` redeems its cached refresh token (contacting the network)".into(),
    }
}

// The inner errors are part of the message, not a `source` chain: the
// message is one line, said once.
impl From<InputError> for Error {
    fn from(e: InputError) -> Error {
        Error::InvalidInput(e)
    }
}

impl From<InvalidJson> for InputError {
    fn from(e: InvalidJson) -> InputError {
        InputError::Json(e)
    }
}

impl Error {
    /// Classify an I/O error: permission problems get their own exit code,
    /// `ELOOP` from `O_NOFOLLOW` is a symlink we refused.
    pub fn io(action: &'static str, path: &Path, cause: io::Error) -> Error {
        if cause.raw_os_error() == Some(EROFS) {
            return Error::ReadOnlyFileSystem {
                action,
                path: path.to_path_buf(),
            };
        }
        if cause.kind() == io::ErrorKind::PermissionDenied {
            return Error::PermissionDenied {
                action,
                path: path.to_path_buf(),
            };
        }
        if cause.raw_os_error() == Some(ELOOP) {
            return Error::UnsafePath {
                path: path.to_path_buf(),
                reason: "it is a symbolic link (tokencache never follows links at the cache or lock path)",
            };
        }
        Error::Io {
            action,
            path: path.to_path_buf(),
            cause,
        }
    }

    /// The exit code this error maps to.
    pub fn exit_code(&self) -> ExitCode {
        match self {
            Error::NoCache { .. } => ExitCode::NoCache,
            Error::InvalidInput(_) => ExitCode::InvalidInput,
            Error::Corrupt { .. } | Error::StoredTooLarge { .. } => ExitCode::Corrupt,
            Error::UnsafeOwnership { .. } => ExitCode::Permission,
            Error::LockTimeout { .. } | Error::FileInUse { .. } => ExitCode::LockTimeout,
            Error::Unavailable { .. } => ExitCode::Unavailable,
            Error::Undecryptable { .. } => ExitCode::Unavailable,
            Error::UnsafePath { .. }
            | Error::PermissionDenied { .. }
            | Error::ReadOnlyFileSystem { .. }
            | Error::LockDenied { .. } => ExitCode::Permission,
            Error::Io { .. } | Error::Environment(_) => ExitCode::Failure,
            Error::Config { .. } => ExitCode::Usage,
            Error::Interrupted => ExitCode::Interrupted,
            Error::NoToken { .. } => ExitCode::NoCache,
            Error::AmbiguousAccount { .. } => ExitCode::InvalidInput,
            Error::RefreshRefused { .. } => ExitCode::NoCache,
            Error::Network { .. } => ExitCode::Unavailable,
            Error::ProblemsFound { .. } => ExitCode::ProblemsFound,
            Error::Az { .. } => ExitCode::NoCache,
            Error::AzProfile { .. } => ExitCode::Corrupt,
            Error::BadRequest { .. } => ExitCode::InvalidInput,
            Error::Decrypt { .. } | Error::Key { .. } => ExitCode::Unavailable,
            Error::UnsafeKeyFile { .. } => ExitCode::Permission,
            // Nominal: the status passed on is the command's (exit_status).
            Error::CommandFailed { .. } => ExitCode::Failure,
            Error::CommandNotRun { cause, .. } => {
                if cause.kind() == io::ErrorKind::NotFound {
                    ExitCode::CommandNotFound
                } else {
                    ExitCode::CommandNotRun
                }
            }
            Error::Contention { .. } => ExitCode::LockTimeout,
            Error::Partition { .. } => ExitCode::InvalidInput,
            Error::Redis { fault, .. } => fault.exit_code(),
            Error::Postgres { fault, .. } => fault.exit_code(),
        }
    }

    /// The process exit status: the exit code's number, except where the
    /// status is not tokencache's own: an interruption is 128 + the signal's
    /// number (130 for Ctrl-C, 143 for SIGTERM, 129 for SIGHUP), and a failed
    /// `update` command passes its own status on.
    pub fn exit_status(&self) -> i32 {
        match self {
            Error::Interrupted => crate::signals::exit_status(
                crate::signals::received().unwrap_or(crate::signals::SIGINT),
            ),
            Error::CommandFailed { status, .. } => *status,
            _ => self.exit_code().code(),
        }
    }

    /// A stable, machine-readable name for the error (used by `--json`).
    pub fn code(&self) -> &'static str {
        match self {
            Error::NoCache { .. } => "no_cache",
            Error::InvalidInput(_) => "invalid_input",
            Error::Corrupt { .. } => "corrupt",
            Error::LockTimeout { .. } => "lock_timeout",
            Error::FileInUse { .. } => "file_in_use",
            Error::Unavailable { .. } => "unavailable",
            Error::Undecryptable { .. } => "undecryptable",
            Error::UnsafePath { .. } => "unsafe_path",
            Error::UnsafeOwnership { .. } => "unsafe_ownership",
            Error::StoredTooLarge { .. } => "stored_too_large",
            Error::ReadOnlyFileSystem { .. } => "read_only_file_system",
            Error::PermissionDenied { .. } | Error::LockDenied { .. } => "permission_denied",
            Error::Io { .. } => "io",
            Error::Environment(_) => "environment",
            Error::Config { .. } => "usage",
            Error::Interrupted => "interrupted",
            Error::NoToken { .. } => "no_token",
            Error::AmbiguousAccount { .. } => "ambiguous_account",
            Error::RefreshRefused { .. } => "refresh_refused",
            Error::Network { .. } => "network",
            Error::ProblemsFound { .. } => "problems_found",
            Error::Az { .. } => "az_no_token",
            Error::AzProfile { .. } => "az_profile_corrupt",
            Error::BadRequest { .. } => "bad_request",
            Error::Decrypt { .. } => "decrypt_failed",
            Error::Key { .. } => "key_unavailable",
            Error::UnsafeKeyFile { .. } => "unsafe_key_file",
            Error::CommandFailed { .. } => "command_failed",
            Error::CommandNotRun { .. } => "command_not_run",
            Error::Contention { .. } => "contention",
            Error::Partition { .. } => "partition_mismatch",
            Error::Redis { fault, .. } => fault.code(),
            Error::Postgres { fault, .. } => fault.code(),
        }
    }

    /// How to fix it, in one or two sentences.
    pub fn hint(&self) -> Option<String> {
        Some(match self {
            Error::NoCache {
                left_alone: Some(_),
                ..
            } => "to read and write that item, pass its schema: --schema NAME (or TOKENCACHE_SCHEMA); \
                  without --schema, tokencache uses only items of the org.freedesktop.Secret.Generic schema \
                  or none, so that it never changes another application's item"
                .into(),
            Error::NoCache { .. } => {
                "write one with `tokencache write < cache.json`, or sign in with the app that uses it; \
                 in scripts, `tokencache read --allow-missing` prints `{}` instead and \
                 `tokencache update --allow-missing` starts from `{}`"
                    .into()
            }
            Error::InvalidInput(InputError::Tty) => {
                "pipe the JSON in (`tokencache write < cache.json`) or name a file with --input".into()
            }
            Error::InvalidInput(InputError::TooLarge { .. }) => {
                "raise the limit with --max-size (e.g. --max-size 64MiB) if the cache really is that large".into()
            }
            Error::InvalidInput(InputError::MergedTooLarge { .. }) => {
                "drop expired access tokens with --prune-expired (`tokencache write --merge \
                 --prune-expired`), or raise the limit with --max-size / TOKENCACHE_MAX_SIZE \
                 (e.g. 64MiB) for this and every later command"
                    .into()
            }
            Error::InvalidInput(InputError::Json(_)) => {
                "the input must be one JSON object (an MSAL token cache); nothing was stored".into()
            }
            Error::InvalidInput(InputError::Document { .. } | InputError::DocumentTooLarge { .. }) => {
                "every document of a --stream must be one JSON object (an MSAL token cache) of at most \
                 --max-size bytes; nothing was stored (with --each: the documents before this one were)"
                    .into()
            }
            Error::InvalidInput(InputError::StreamTooLarge { .. }) => {
                "merge a longer stream with --each (one document at a time, each stored as it \
                 arrives), or raise --max-size; nothing was stored"
                    .into()
            }
            Error::InvalidInput(InputError::Read { .. }) => "check the path given to --input".into(),
            Error::InvalidInput(InputError::Stdin { .. }) => {
                "check the command feeding the pipe; nothing was stored".into()
            }
            Error::InvalidInput(
                InputError::Command { .. }
                | InputError::CommandTooLarge { .. }
                | InputError::CommandRead { .. },
            ) => "the command must print the whole new cache (one JSON object) on stdout, and \
                  nothing else; the stored cache was not changed"
                .into(),
            Error::Corrupt { .. } => {
                "inspect it by hand, or remove it with `tokencache clear` and sign in again".into()
            }
            Error::LockTimeout { path, holder, .. } => match holder.pid {
                Some(pid) if holder.not_running => format!(
                    "pid {pid} is not running on this host (or is pid 1, this host's init: the holder's own PID namespace), but \
                     the lock file changed less than {} ago: it may \
                     belong to a process in a container or another PID namespace sharing this folder, so it is \
                     left alone until it has been unchanged that long; if you know it is abandoned, delete {}",
                    fmt_duration(crate::lock::STALE_LOCK_GRACE),
                    path.display()
                ),
                Some(pid) => format!(
                    "wait for pid {pid} to finish or raise --lock-timeout; if that process is gone or hung, \
                     stop it and delete {} (tokencache removes locks of dead processes by itself)",
                    path.display()
                ),
                None => format!(
                    "raise --lock-timeout; if no program is using the cache, delete {}",
                    path.display()
                ),
            },
            Error::Unavailable { hint, .. }
            | Error::Config { hint, .. }
            | Error::Az { hint, .. }
            | Error::BadRequest { hint, .. } => hint.clone(),
            Error::AzProfile { .. } => {
                "sign in again with `az login`, which rewrites it, or point AZURE_CONFIG_DIR at the \
                 Azure CLI's configuration folder"
                    .into()
            }
            Error::UnsafeOwnership { hint, .. } => hint.clone(),
            Error::StoredTooLarge { size, .. } => format!(
                "if the cache really is that large, raise the limit: TOKENCACHE_MAX_SIZE={} (or more); \
                 otherwise the file is not a token cache, so inspect it and remove it with `tokencache clear`",
                size.div_ceil(1 << 20).max(1).to_string() + "MiB"
            ),
            Error::Undecryptable { hint, .. } => hint.clone(),
            Error::UnsafePath { path, .. } => format!(
                "replace {} with a regular file, or point --cache-path at the real location",
                path.display()
            ),
            Error::FileInUse { .. } => {
                "close the program that has the cache open (one that reads it without taking the lock), \
                 or raise --lock-timeout; the cache was not changed"
                    .into()
            }
            #[cfg(not(windows))]
            Error::PermissionDenied { path, .. } => format!(
                "check the owner and mode of {} and its directory (tokencache creates files 0600 and directories 0700)",
                path.display()
            ),
            #[cfg(windows)]
            Error::PermissionDenied { path, .. } => format!(
                "check that your account may read and write {} and its folder (its ACL: `icacls`); \
                 tokencache creates its files there with the folder's inherited permissions",
                path.display()
            ),
            Error::LockDenied { .. } => {
                "the lock file, shared with the MSAL libraries, keeps a read from seeing a cache that \
                 another process is half-way through writing, so reading takes it too. Without write \
                 access to the folder, read a copy with no store and no lock: `tokencache inspect \
                 --input FILE` or `tokencache read --redact --input FILE` (for a plaintext cache, \
                 FILE can be the cache itself)"
                    .into()
            }
            Error::ReadOnlyFileSystem { .. } => {
                "a cache on a read-only file system can be read but not changed: point --cache-path at a \
                 writable place (`tokencache read | tokencache --cache-path NEW write` copies it), or remount \
                 the file system read-write"
                    .into()
            }
            Error::Io { .. } => return None,
            Error::Environment(_) => {
                "set HOME (LOCALAPPDATA on Windows) or pass --cache-path explicitly".into()
            }
            Error::Interrupted => return None,
            // What refreshes the cache: tokencache itself never can.
            Error::NoToken { owner, .. } => refresh_advice(owner.as_deref()),
            Error::ProblemsFound { .. } => {
                "fix them in the order listed, then run `tokencache doctor` again".into()
            }
            Error::AmbiguousAccount { .. } => {
                "choose one with --home-account-id ID as listed, or --user USERNAME (usernames are shown whole \
                 when stderr is a terminal)"
                    .into()
            }
            Error::Decrypt { key_source, .. } => format!(
                "check that the key from {key_source} is the one this cache was written with; \
                 nothing was read or changed. If the file is damaged, remove it with \
                 `tokencache clear` and sign in again"
            ),
            Error::Key { hint, .. } | Error::UnsafeKeyFile { hint, .. } => hint.clone(),
            Error::CommandFailed { .. } => {
                "the exit status is the command's own; its messages are above".into()
            }
            Error::CommandNotRun { cause, .. } if cause.kind() == io::ErrorKind::NotFound => {
                "check the command's name and PATH; the command comes after `--`, e.g. \
                 `tokencache update -- jq 'del(.AccessToken)'`"
                    .into()
            }
            Error::CommandNotRun { .. } => "check that the command is an executable file".into(),
            Error::Contention { .. } => {
                "an application is rewriting this key right now; run the command again in a moment \
                 (the apps never lock: the last writer wins)"
                    .into()
            }
            Error::Partition { key, .. } => format!(
                "each key holds one partition: write these entries under their own key, \
                 leave them out, or pass --force-partition to store them under `{key}` anyway"
            ),
            Error::Redis { hint, .. } | Error::Postgres { hint, .. } => hint.clone(),
            Error::RefreshRefused {
                confidential: true,
                client_id,
                ..
            } => format!(
                "client {client_id} is a confidential client (a web app or service): its refresh token \
                 needs the app's secret or certificate, which tokencache never holds; it refreshes \
                 public clients (desktop apps, CLIs) only. Let the app itself get the token"
            ),
            Error::RefreshRefused { client_id, .. } => format!(
                "sign in again in the app whose token this is (client {client_id}), as this account; \
                 a new sign-in stores a new refresh token"
            ),
            Error::Network { hint, .. } => hint.clone(),
        })
    }
}

#[cfg(unix)]
const ELOOP: i32 = libc::ELOOP;
#[cfg(not(unix))]
const ELOOP: i32 = -1;
#[cfg(unix)]
const EROFS: i32 = libc::EROFS;
#[cfg(not(unix))]
const EROFS: i32 = -1;

/// `1.5s`, `250ms`, `2m 5s`: a short human duration.
pub fn fmt_duration(d: Duration) -> String {
    let ms = d.as_millis();
    if ms < 1000 {
        format!("{ms}ms")
    } else if ms < 60_000 {
        format!("{:.1}s", d.as_secs_f64())
    } else {
        format!("{}m {}s", ms / 60_000, (ms % 60_000) / 1000)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn io_errors_are_classified() {
        let p = Path::new("/x");
        let denied = Error::io("read", p, io::Error::from(io::ErrorKind::PermissionDenied));
        assert_eq!(denied.exit_code(), ExitCode::Permission);
        #[cfg(unix)]
        {
            let looped = Error::io("open", p, io::Error::from_raw_os_error(libc::ELOOP));
            assert_eq!(looped.exit_code(), ExitCode::Permission);
            assert_eq!(looped.code(), "unsafe_path");
        }
        let other = Error::io("read", p, io::Error::other("boom"));
        assert_eq!(other.exit_code(), ExitCode::Failure);
    }

    #[test]
    fn every_user_facing_error_has_a_hint() {
        let errs = [
            Error::NoCache {
                location: "x".into(),
                left_alone: None,
            },
            Error::ProblemsFound { count: 2 },
            Error::NoCache {
                location: "x".into(),
                left_alone: Some("y".into()),
            },
            Error::InvalidInput(InputError::Tty),
            Error::Corrupt {
                location: "x".into(),
                detail: "y".into(),
            },
            Error::LockTimeout {
                path: "/l".into(),
                waited: Duration::from_secs(1),
                holder: LockHolder {
                    pid: Some(1),
                    ..Default::default()
                },
            },
            Error::UnsafePath {
                path: "/l".into(),
                reason: "r",
            },
            Error::PermissionDenied {
                action: "read",
                path: "/l".into(),
            },
            Error::Environment("x".into()),
        ];
        for e in errs {
            assert!(e.hint().is_some(), "{e:?}");
        }
    }

    #[test]
    fn durations_read_well() {
        assert_eq!(fmt_duration(Duration::from_millis(250)), "250ms");
        assert_eq!(fmt_duration(Duration::from_millis(1500)), "1.5s");
        assert_eq!(fmt_duration(Duration::from_secs(125)), "2m 5s");
    }
}
