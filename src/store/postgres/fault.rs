//! What can go wrong talking to Postgres: the kinds of fault (each with its
//! own exit code and `--json` code), and how a client or server error is
//! classified into one (by SQLSTATE where the server sent one).

#[cfg(feature = "postgres")]
use postgres::error::SqlState;

#[cfg(feature = "postgres")]
use super::PostgresStore;
#[cfg(feature = "postgres")]
use crate::error::Error;
use crate::exit_code::ExitCode;

/// The kinds of Postgres fault.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PostgresFault {
    /// Nothing answers at the address, or the server went away.
    Unreachable,
    /// The server did not answer within `--pg-timeout`.
    Timeout,
    /// The server refused the user name or password.
    Auth,
    /// The user may not read or write the table.
    NoPermission,
    /// The TLS handshake failed (untrusted CA, name mismatch, no TLS).
    Tls,
    /// The table does not exist.
    NoTable,
    /// The table lacks the `--pg-layout`'s columns (another layout, or not
    /// a cache table).
    WrongLayout,
    /// The stored value is larger than the read limit.
    TooLarge,
    /// Anything else the server or the client reported.
    Other,
}

impl PostgresFault {
    /// The exit code.
    pub fn exit_code(self) -> ExitCode {
        match self {
            PostgresFault::Unreachable
            | PostgresFault::Timeout
            | PostgresFault::Tls
            | PostgresFault::NoTable => ExitCode::Unavailable,
            PostgresFault::Auth | PostgresFault::NoPermission => ExitCode::Permission,
            PostgresFault::WrongLayout | PostgresFault::TooLarge => ExitCode::Corrupt,
            PostgresFault::Other => ExitCode::Failure,
        }
    }

    /// The machine-readable name.
    pub fn code(self) -> &'static str {
        match self {
            PostgresFault::Unreachable => "postgres_unreachable",
            PostgresFault::Timeout => "postgres_timeout",
            PostgresFault::Auth => "postgres_auth_failed",
            PostgresFault::NoPermission => "postgres_no_permission",
            PostgresFault::Tls => "postgres_tls_failed",
            PostgresFault::NoTable => "postgres_no_table",
            PostgresFault::WrongLayout => "postgres_wrong_layout",
            PostgresFault::TooLarge => "postgres_value_too_large",
            PostgresFault::Other => "postgres_error",
        }
    }
}

#[cfg(feature = "postgres")]
impl PostgresStore {
    /// Classify a client or server error met while `doing` something.
    pub(super) fn fault(&self, err: postgres::Error, doing: &str) -> Error {
        let at = self.settings.display_url();
        let table = &self.settings.table;
        let server_said = err.code().is_some_and(|code| {
            *code != SqlState::QUERY_CANCELED && *code != SqlState::LOCK_NOT_AVAILABLE
        });
        if self.past_deadline() && !server_said {
            // The watchdog cut the connection off (or the server's own
            // timeout fired as the deadline passed).
            return self.deadline_error(doing);
        }
        if let Some(db) = err.as_db_error() {
            let code = db.code();
            let (fault, hint) = if *code == SqlState::INVALID_PASSWORD
                || *code == SqlState::INVALID_AUTHORIZATION_SPECIFICATION
            {
                (
                    PostgresFault::Auth,
                    "check the URL's user and TOKENCACHE_PG_PASSWORD or --pg-password-file"
                        .to_string(),
                )
            } else if *code == SqlState::INSUFFICIENT_PRIVILEGE {
                (
                    PostgresFault::NoPermission,
                    format!("grant the user SELECT, INSERT, UPDATE, DELETE on {table}"),
                )
            } else if *code == SqlState::UNDEFINED_TABLE {
                (
                    PostgresFault::NoTable,
                    "check --pg-table ([schema.]table, as the provider's SchemaName and TableName)"
                        .to_string(),
                )
            } else if *code == SqlState::UNDEFINED_COLUMN {
                (
                    PostgresFault::WrongLayout,
                    format!(
                        "the table has not the columns of --pg-layout {}; try --pg-layout {}",
                        self.settings.layout.as_str(),
                        self.settings.layout.other().as_str()
                    ),
                )
            } else if *code == SqlState::QUERY_CANCELED || *code == SqlState::LOCK_NOT_AVAILABLE {
                (
                    PostgresFault::Timeout,
                    "raise --pg-timeout, or find who holds the row (pg_locks)".to_string(),
                )
            } else {
                (PostgresFault::Other, "see the server's log".to_string())
            };
            return Error::Postgres {
                fault,
                cause: format!(
                    "cannot {doing} in table {table} at {at}: {} ({})",
                    db.message(),
                    code.code()
                ),
                hint,
            };
        }
        let text = err.to_string();
        let source = std::error::Error::source(&err)
            .map(|s| s.to_string())
            .unwrap_or_default();
        let lower = format!("{text} {source}").to_lowercase();
        let (fault, hint) =
            if lower.contains("tls") || lower.contains("certificate") || lower.contains("ssl") {
                (
                PostgresFault::Tls,
                "trust the server's CA with --pg-ca-file (or SSL_CERT_FILE), check the host name, \
                 or connect with sslmode=disable where TLS is not offered"
                    .to_string(),
            )
            } else if lower.contains("timed out") || lower.contains("timeout") {
                (
                    PostgresFault::Timeout,
                    "raise --pg-timeout, or check the network to the server".to_string(),
                )
            } else if lower.contains("password") {
                (
                PostgresFault::Auth,
                "the server asks for a password: set TOKENCACHE_PG_PASSWORD or --pg-password-file"
                    .to_string(),
            )
            } else {
                (
                    PostgresFault::Unreachable,
                    "check that the server runs and that --pg-url names it".to_string(),
                )
            };
        let detail = if source.is_empty() || text.contains(&source) {
            text
        } else {
            format!("{text}: {source}")
        };
        Error::Postgres {
            fault,
            cause: format!("cannot {doing} at {at}: {detail}"),
            hint,
        }
    }

    /// The command ran out of `--pg-timeout`.
    pub(super) fn deadline_error(&self, doing: &str) -> Error {
        Error::Postgres {
            fault: PostgresFault::Timeout,
            cause: format!(
                "cannot {doing} at {}: the server did not answer in time (no complete answer \
                 within --pg-timeout, {}, which bounds each read or write transaction, \
                 connecting included)",
                self.settings.display_url(),
                crate::error::fmt_duration(self.settings.timeout)
            ),
            hint: "check that the server is up and not stalled, and who holds the row \
                   (pg_locks); or raise --pg-timeout"
                .into(),
        }
    }
}
