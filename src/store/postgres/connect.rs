//! Connecting: the URL (a password in it refused), the password from the
//! environment or a file, TLS as the URL's `sslmode` asks (with the system's
//! roots, `SSL_CERT_FILE`, or `--pg-ca-file`), and `--pg-timeout` as one
//! deadline for each operation, connecting included.

use std::path::PathBuf;
use std::time::Duration;
#[cfg(feature = "postgres")]
use std::time::Instant;

#[cfg(feature = "postgres")]
use crate::store::deadline::{socket_fds, Deadline, Sockets};

use zeroize::Zeroizing;

use super::PostgresLayout;
#[cfg(feature = "postgres")]
use super::{PostgresFault, PostgresStore};
#[cfg(feature = "postgres")]
use crate::error::{Error, Result};

/// Everything the Postgres store needs (from its options, see `args.rs`).
#[derive(Clone)]
pub struct PostgresSettings {
    /// `postgres://user@host[:port]/db[?sslmode=…]`, without a password.
    pub url: String,
    /// From `TOKENCACHE_PG_PASSWORD` or `--pg-password-file`.
    pub password: Option<Zeroizing<String>>,
    /// Extra CA certificates for TLS.
    pub ca_file: Option<PathBuf>,
    /// Bounds each operation: connecting and a read, or a write's whole
    /// transaction (a walk: each page and each partition).
    pub timeout: Duration,
    /// `[schema.]table`.
    pub table: String,
    /// The row's id (the partition).
    pub key: Option<String>,
    /// Which provider's columns.
    pub layout: PostgresLayout,
    /// The expiry of a row that `write` creates.
    pub ttl: Duration,
    /// The largest value read.
    pub max_value: u64,
}

impl std::fmt::Debug for PostgresSettings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PostgresSettings")
            .field("url", &self.url)
            .field("password", &self.password.as_ref().map(|_| "(set)"))
            .field("table", &self.table)
            .field("key", &self.key)
            .field("layout", &self.layout)
            .finish_non_exhaustive()
    }
}

impl PostgresSettings {
    /// The URL as shown in messages (it never holds a password).
    pub fn display_url(&self) -> String {
        self.url.clone()
    }

    /// The parsed URL with the password and the timeouts set; a usage error
    /// for a URL that does not parse or carries a password.
    #[cfg(feature = "postgres")]
    pub fn config(&self) -> Result<postgres::Config> {
        let bad = |why: String| Error::Config {
            message: format!("--pg-url {}: {why}", self.url),
            hint: "give postgres://user@host[:port]/database[?sslmode=require], the password in \
                   TOKENCACHE_PG_PASSWORD or --pg-password-file"
                .into(),
        };
        if !(self.url.starts_with("postgres://") || self.url.starts_with("postgresql://")) {
            return Err(bad("not a postgres:// URL".into()));
        }
        let mut config: postgres::Config = self
            .url
            .parse()
            .map_err(|e: postgres::Error| bad(e.to_string()))?;
        if config.get_password().is_some() {
            return Err(Error::Config {
                message: "--pg-url carries a password: it would show in `ps` and shell history"
                    .into(),
                hint: "remove it from the URL and set TOKENCACHE_PG_PASSWORD or \
                       --pg-password-file"
                    .into(),
            });
        }
        if let Some(pw) = &self.password {
            config.password(pw.as_bytes());
        }
        if config.get_user().is_none() {
            return Err(bad("no user name (postgres://USER@host/db)".into()));
        }
        config.connect_timeout(self.timeout);
        config.application_name("tokencache");
        let ms = self.timeout.as_millis().max(1);
        // Server-side bounds on every statement and lock wait, and UTC for
        // the providers' `timestamp` columns (they write UTC).
        config.options(&format!(
            "-c statement_timeout={ms} -c lock_timeout={ms} -c idle_in_transaction_session_timeout={} -c TimeZone=UTC",
            ms.saturating_mul(2)
        ));
        Ok(config)
    }
}

#[cfg(feature = "postgres")]
impl PostgresStore {
    /// A new connection, within what is left of the operation's deadline.
    /// The client's `connect_timeout` bounds only the TCP connection, not
    /// the TLS and startup exchange after it: the watchdog armed here shuts
    /// the socket down when the deadline passes, so a server that accepts
    /// and never answers cannot hold the command. The connection's sockets
    /// are kept for the watchdogs of the operations that follow.
    pub(super) fn connect(&self) -> Result<postgres::Client> {
        let mut config = self.settings.config()?;
        let tls = tls_connector(&self.settings)?;
        config.connect_timeout(self.time_left("connect")?);
        let before = socket_fds();
        self.deadline.borrow().arm(before.clone());
        let client = config.connect(tls).map_err(|e| self.fault(e, "connect"))?;
        // The connection's own sockets: from now on the only ones this
        // watchdog, and each later operation's, may shut down (never another
        // socket of the process, such as `serve`'s listener and clients).
        let sockets = Sockets::opened_since(&before);
        self.deadline.borrow().pin(sockets.clone());
        *self.conn_fds.borrow_mut() = sockets;
        Ok(client)
    }

    /// What is left of `--pg-timeout` for this operation (the deadline is
    /// set on first use); none left is the timeout error.
    pub(super) fn time_left(&self, doing: &str) -> Result<Duration> {
        let deadline = self.deadline.borrow().get(self.settings.timeout);
        match deadline.checked_duration_since(Instant::now()) {
            Some(left) if left >= Duration::from_millis(1) => Ok(left),
            _ => Err(self.deadline_error(doing)),
        }
    }

    /// Whether the operation's deadline has passed.
    pub(super) fn past_deadline(&self) -> bool {
        self.deadline.borrow().passed()
    }

    /// Run `f`, one operation (a read, a write's whole transaction, a page
    /// of a walk), within `--pg-timeout` from now, watched on the open
    /// connection; inside a transaction `f` is part of it and just runs.
    /// Between operations no deadline runs, so a connection kept open
    /// (`serve`, a read then a write after a refresh) is not cut off while
    /// idle.
    pub(super) fn operation<T>(&self, f: impl FnOnce() -> Result<T>) -> Result<T> {
        if self.in_tx.get() || self.in_op.get() {
            return f();
        }
        let deadline = Deadline::default();
        deadline.get(self.settings.timeout);
        if self.client.borrow().is_some() {
            deadline.arm_on(self.conn_fds.borrow().clone());
        }
        // The previous operation's deadline is dropped: its watchdog, if
        // still waiting, does nothing.
        *self.deadline.borrow_mut() = deadline;
        self.in_op.set(true);
        let result = f();
        self.in_op.set(false);
        if result.is_err() && self.past_deadline() {
            // Cut off (or in an unknown state): the next operation connects
            // afresh.
            self.client.borrow_mut().take();
        }
        *self.deadline.borrow_mut() = Deadline::default();
        result
    }
}

/// The CA certificates `--pg-ca-file` names, as DER.
#[cfg(feature = "postgres")]
fn extra_roots(settings: &PostgresSettings) -> Result<Vec<Vec<u8>>> {
    let Some(path) = &settings.ca_file else {
        return Ok(Vec::new());
    };
    let pem = std::fs::read(path).map_err(|e| Error::Config {
        message: format!("--pg-ca-file {}: {e}", path.display()),
        hint: "give a PEM file of CA certificates".into(),
    })?;
    let ders = pem_certificates(&pem);
    if ders.is_empty() {
        return Err(Error::Config {
            message: format!("--pg-ca-file {}: no PEM certificate in it", path.display()),
            hint: "give a PEM file of CA certificates".into(),
        });
    }
    Ok(ders)
}

/// The `CERTIFICATE` blocks of a PEM file, decoded.
#[cfg(feature = "postgres")]
fn pem_certificates(pem: &[u8]) -> Vec<Vec<u8>> {
    use base64::Engine;
    let text = String::from_utf8_lossy(pem);
    let mut out = Vec::new();
    let mut body: Option<String> = None;
    for line in text.lines() {
        let line = line.trim();
        if line == "-----BEGIN CERTIFICATE-----" {
            body = Some(String::new());
        } else if line == "-----END CERTIFICATE-----" {
            if let Some(b) = body.take() {
                if let Ok(der) = base64::engine::general_purpose::STANDARD.decode(b) {
                    out.push(der);
                }
            }
        } else if let Some(b) = body.as_mut() {
            b.push_str(line);
        }
    }
    out
}

#[cfg(feature = "postgres")]
fn tls_error(cause: String) -> Error {
    Error::Postgres {
        fault: PostgresFault::Tls,
        cause: format!("cannot set up TLS: {cause}"),
        hint: "check --pg-ca-file and SSL_CERT_FILE".into(),
    }
}

/// rustls with ring (Linux and other Unixes): the system's roots (which
/// honour `SSL_CERT_FILE`) and `--pg-ca-file`.
#[cfg(all(feature = "postgres", not(any(windows, target_os = "macos"))))]
fn tls_connector(settings: &PostgresSettings) -> Result<tokio_postgres_rustls::MakeRustlsConnect> {
    use std::sync::Arc;
    let mut roots = rustls::RootCertStore::empty();
    let native = rustls_native_certs::load_native_certs();
    for cert in native.certs {
        let _ = roots.add(cert);
    }
    for der in extra_roots(settings)? {
        roots
            .add(der.into())
            .map_err(|e| tls_error(format!("--pg-ca-file: {e}")))?;
    }
    let config = rustls::ClientConfig::builder_with_provider(Arc::new(
        rustls::crypto::ring::default_provider(),
    ))
    .with_safe_default_protocol_versions()
    .map_err(|e| tls_error(e.to_string()))?
    .with_root_certificates(roots)
    .with_no_client_auth();
    Ok(tokio_postgres_rustls::MakeRustlsConnect::new(config))
}

/// The OS's TLS (SChannel, Security.framework): its roots and `--pg-ca-file`.
#[cfg(all(feature = "postgres", any(windows, target_os = "macos")))]
fn tls_connector(settings: &PostgresSettings) -> Result<postgres_native_tls::MakeTlsConnector> {
    let mut builder = native_tls::TlsConnector::builder();
    for der in extra_roots(settings)? {
        let cert = native_tls::Certificate::from_der(&der)
            .map_err(|e| tls_error(format!("--pg-ca-file: {e}")))?;
        builder.add_root_certificate(cert);
    }
    let connector = builder.build().map_err(|e| tls_error(e.to_string()))?;
    Ok(postgres_native_tls::MakeTlsConnector::new(connector))
}
