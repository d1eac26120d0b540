//! What can go wrong talking to Redis: the kinds of fault (each with its own
//! exit code and `--json` code), and how a client or server error is
//! classified into one.

use redis::RedisError;

use super::RedisStore;
use crate::error::Error;
use crate::exit_code::ExitCode;

/// The kinds of Redis fault, each with its own exit code and `--json` code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RedisFault {
    /// Nothing answers at the address (refused, unreachable, DNS).
    Unreachable,
    /// The server did not answer within `--redis-timeout`.
    Timeout,
    /// The server refused the user name or password.
    Auth,
    /// The user may not run a command tokencache needs (ACL `NOPERM`).
    NoPermission,
    /// The TLS handshake failed (untrusted CA, name mismatch, not TLS).
    Tls,
    /// The server is at `maxmemory` and refuses writes.
    OutOfMemory,
    /// The server refuses writes for another reason (a read-only replica).
    ReadOnly,
    /// The key holds a type that is not a token cache (a list, a set, a hash
    /// without `data`), or not the layout `--redis-layout` asked for.
    WrongType,
    /// The stored value is larger than the read limit.
    TooLarge,
    /// An ASP.NET Core value protected by DataProtection (`Encrypt = true`).
    Encrypted,
    /// `--redis-sentinel`: no sentinel monitors a master of that name.
    UnknownMaster,
    /// Anything else the server or the client reported.
    Other,
}

impl RedisFault {
    /// The exit code.
    pub fn exit_code(self) -> ExitCode {
        match self {
            RedisFault::Unreachable
            | RedisFault::Timeout
            | RedisFault::Tls
            | RedisFault::OutOfMemory
            | RedisFault::ReadOnly
            | RedisFault::UnknownMaster => ExitCode::Unavailable,
            RedisFault::Auth | RedisFault::NoPermission => ExitCode::Permission,
            RedisFault::WrongType | RedisFault::TooLarge | RedisFault::Encrypted => {
                ExitCode::Corrupt
            }
            RedisFault::Other => ExitCode::Failure,
        }
    }

    /// The machine-readable name.
    pub fn code(self) -> &'static str {
        match self {
            RedisFault::Unreachable => "redis_unreachable",
            RedisFault::Timeout => "redis_timeout",
            RedisFault::Auth => "redis_auth_failed",
            RedisFault::NoPermission => "redis_no_permission",
            RedisFault::Tls => "redis_tls_failed",
            RedisFault::OutOfMemory => "redis_out_of_memory",
            RedisFault::ReadOnly => "redis_read_only",
            RedisFault::WrongType => "redis_wrong_type",
            RedisFault::TooLarge => "redis_value_too_large",
            RedisFault::Encrypted => "redis_encrypted_value",
            RedisFault::UnknownMaster => "redis_unknown_master",
            RedisFault::Other => "redis_error",
        }
    }
}

impl RedisStore {
    /// Classify a client or server error.
    pub(super) fn fault(&self, err: RedisError, doing: &str) -> Error {
        self.note_failover(&err);
        let lost = err.is_io_error() || err.is_timeout() || err.is_connection_dropped();
        if lost && self.past_deadline() {
            // The watchdog shut the socket down, or the last step's timeout
            // (the time left) ran out: the deadline, whatever the socket said.
            return self.deadline_error(doing);
        }
        let (fault, hint) = classify(&err);
        let hint = match fault {
            RedisFault::Auth if self.settings.sentinel.is_some() => {
                "check the passwords: the master's in TOKENCACHE_REDIS_PASSWORD or \
                 --redis-password-file (and the user name in --redis-url), the sentinels' in \
                 TOKENCACHE_REDIS_SENTINEL_PASSWORD or --redis-sentinel-password-file"
            }
            _ => hint,
        };
        let detail = err.to_string();
        Error::Redis {
            fault,
            cause: format!(
                "{}: cannot {doing}: {}",
                self.settings.display_server(),
                describe_fault(fault, &detail)
            ),
            hint: hint.into(),
        }
    }
}

impl RedisStore {
    /// Classify an error from the `MULTI`…`EXEC` round trip that writes or
    /// deletes the key. A server error (`EXECABORT`, `OOM`, `NOPERM`) means
    /// nothing was applied; but a lost answer (the connection dropped or
    /// timed out after the transaction was sent) means Redis may have applied
    /// it all the same: the outcome is unknown, and the message says so and
    /// how to check.
    pub(super) fn exec_fault(&self, err: RedisError, doing: &str) -> Error {
        self.note_failover(&err);
        let lost = err.is_io_error()
            || err.is_timeout()
            || err.is_connection_dropped()
            || err.is_connection_refusal();
        if !lost {
            return self.fault(err, doing);
        }
        let (fault, _) = classify(&err);
        Error::Redis {
            fault,
            cause: format!(
                "{}: the answer to the transaction that was to {doing} was lost ({}): \
                 the outcome is unknown, Redis may have applied it",
                self.settings.display_server(),
                describe_fault(fault, &err.to_string())
            ),
            hint: "check what the key holds now (`tokencache read` or `tokencache inspect`) \
                   before going on; `write`, `write --merge`, `remove` and `clear` can simply \
                   run again, `update` only if its command gives the same result twice"
                .into(),
        }
    }
}

impl RedisStore {
    /// On a cluster, or through sentinels: remember that `err` is what a
    /// failover or a resharding looks like from the client (a node gone, the
    /// cluster down for a moment, a slot being moved, a master demoted to a
    /// replica or cut off from its replicas), which `with_failover` retries.
    /// A certificate the client refused (an untrusted CA, a name mismatch)
    /// or a refused password is not: the next node or the next try shows
    /// the same certificate and refuses the same password, and waiting out
    /// `--redis-timeout` would only turn the error into a timeout (the
    /// cluster client reports both inside an I/O error).
    fn note_failover(&self, err: &RedisError) {
        if !self.settings.cluster && self.settings.sentinel.is_none() {
            return;
        }
        if refused_certificate(err) || classify(err).0 == RedisFault::Auth {
            return;
        }
        let transient = err.is_io_error()
            || err.is_connection_dropped()
            || err.is_connection_refusal()
            || err.is_timeout()
            || matches!(
                err.code(),
                Some(
                    "CLUSTERDOWN"
                        | "TRYAGAIN"
                        | "MASTERDOWN"
                        | "LOADING"
                        | "READONLY"
                        | "NOREPLICAS"
                )
            );
        if transient {
            self.failover.set(true);
        }
    }

    /// The command ran out of `--redis-timeout`.
    pub(super) fn deadline_error(&self, doing: &str) -> Error {
        Error::Redis {
            fault: RedisFault::Timeout,
            cause: format!(
                "{}: cannot {doing}: the server did not answer in time (no complete \
                 answer within --redis-timeout, {}, for each read or write transaction, connecting included)",
                self.settings.display_server(),
                crate::error::fmt_duration(self.settings.timeout)
            ),
            hint: "the server did not answer within --redis-timeout: check it is up and not \
                   overloaded, or raise --redis-timeout"
                .into(),
        }
    }
}

/// The fault a client or server error means, and the hint for it.
fn classify(err: &RedisError) -> (RedisFault, &'static str) {
    let text = err.to_string().to_ascii_lowercase();
    match err.code() {
        Some("WRONGPASS") | Some("NOAUTH") => {
            return (
                RedisFault::Auth,
                "check the password (TOKENCACHE_REDIS_PASSWORD or --redis-password-file) and \
                 the user name in --redis-url",
            )
        }
        Some("NOPERM") => {
            return (
                RedisFault::NoPermission,
                "the ACL user needs TYPE, GET, SET, HGET, HSET, DEL, WATCH, MULTI, EXEC (and \
                 SCAN for `redis list`) on these keys",
            )
        }
        Some("OOM") => {
            return (
                RedisFault::OutOfMemory,
                "the server reached maxmemory and refuses writes: free memory (clear large \
                 partitions) or raise maxmemory; nothing was written",
            )
        }
        Some("READONLY") => {
            return (
                RedisFault::ReadOnly,
                "--redis-url names a read-only replica: point it at the primary",
            )
        }
        Some("WRONGTYPE") => {
            return (
                RedisFault::WrongType,
                "the key holds another type than the command expects; nothing was changed",
            )
        }
        Some("EXECABORT") if text.contains("oom") => {
            return (
                RedisFault::OutOfMemory,
                "the server reached maxmemory and refuses writes: free memory (clear large \
                 partitions) or raise maxmemory; nothing was written",
            )
        }
        _ => {}
    }
    // A cluster client that could reach no seed node reports one I/O error
    // listing each node's own failure ("Failed to connect to each cluster
    // node (127.0.0.1:7000: Password authentication failed -
    // AuthenticationFailed; …)"): a refused password is still a password
    // problem, not an unreachable server.
    if err.kind() == redis::ErrorKind::AuthenticationFailed
        || text.contains("authenticationfailed")
        || text.contains("wrongpass")
    {
        return (
            RedisFault::Auth,
            "check the password (TOKENCACHE_REDIS_PASSWORD or --redis-password-file) and the \
             user name in --redis-url",
        );
    }
    if text.contains("certificate")
        || text.contains("tls")
        || text.contains("handshake")
        || text.contains("invalidcontenttype")
        || text.contains("corrupt message")
    {
        return (
            RedisFault::Tls,
            "check that the server's certificate names the host in --redis-url and is signed \
             by a CA in --redis-ca-file (or the system's), and that the server speaks TLS",
        );
    }
    if err.is_timeout() {
        return (
            RedisFault::Timeout,
            "the server did not answer within --redis-timeout: check it is up and not \
             overloaded, or raise --redis-timeout",
        );
    }
    if err.is_connection_refusal() || err.is_io_error() {
        return (
            RedisFault::Unreachable,
            "check that the server is running and --redis-url names it (host, port, socket)",
        );
    }
    (
        RedisFault::Other,
        "see the server's message above; nothing was changed",
    )
}

/// Whether the TLS client refused the server's certificate (rustls:
/// "invalid peer certificate: UnknownIssuer", "…: NotValidForName";
/// SChannel and Security.framework also name the certificate). The cluster
/// client wraps it in its own I/O error, one line per seed.
fn refused_certificate(err: &RedisError) -> bool {
    err.to_string().to_ascii_lowercase().contains("certificate")
}

/// One phrase per fault, before the library's own message.
fn describe_fault(fault: RedisFault, detail: &str) -> String {
    let what = match fault {
        RedisFault::Unreachable => "the server is unreachable",
        RedisFault::Timeout => "the server did not answer in time",
        RedisFault::Auth => "authentication failed",
        RedisFault::NoPermission => "the ACL user lacks a permission",
        RedisFault::Tls => "the TLS handshake failed",
        RedisFault::OutOfMemory => "the server is out of memory (maxmemory)",
        RedisFault::ReadOnly => "the server is a read-only replica",
        RedisFault::WrongType => "the key has the wrong type",
        RedisFault::TooLarge
        | RedisFault::Encrypted
        | RedisFault::UnknownMaster
        | RedisFault::Other => "the server said",
    };
    format!("{what} ({detail})")
}
