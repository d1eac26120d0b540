//! The Postgres store: one partition of a distributed MSAL token cache kept
//! in the `IDistributedCache` table that Microsoft.Identity.Web's
//! distributed token cache uses on Postgres.
//!
//! **Where:** the row whose id is `--pg-key` in the table `--pg-table`
//! (`[schema.]table`, default `public.cache`) of the database named by
//! `--pg-url` (`postgres://user@host[:port]/db[?sslmode=…]`). The value
//! column holds the MSAL cache JSON (UTF-8 bytes) as the app's
//! `IDistributedCache.Set` wrote it. The password comes only from
//! `TOKENCACHE_PG_PASSWORD` or `--pg-password-file`, never from the command
//! line or the URL (a URL with a password is refused).
//! **Layouts** (`--pg-layout`), the providers' own columns:
//! - `microsoft`, Microsoft.Extensions.Caching.Postgres: `id`, `value`
//!   (`bytea`), `expiresattime`, `slidingexpirationinseconds`,
//!   `absoluteexpiration`. Its SQL source was not found in the reference
//!   index; the column names are the (#25) and those of a table
//!   created for that provider found there (`CREATE UNLOGGED TABLE "cache"
//!   (id varchar(449) COLLATE "C", value bytea NOT NULL, expiresattime
//!   timestamp NOT NULL, slidingexpirationinseconds int8 NULL,
//!   absoluteexpiration timestamp NULL)`, repository not named by the index).
//! - `community`, Community.Microsoft.Extensions.Caching.PostgreSql:
//!   `"Id"`, `"Value"`, `"ExpiresAtTime"`, `"SlidingExpirationInSeconds"`,
//!   `"AbsoluteExpiration"`, from its `SqlCommands` as carried by the fork
//!   `HlidacStatu.Caching.PostgreSql` (`CreateSchemaAndTableSql`,
//!   `GetCacheItemSql`: `WHERE "Id" = @Id AND @UtcNow <= "ExpiresAtTime"`).
//!
//! **Expiry:** a row is visible only while `now() <= expires-at`, as the
//! providers read it (a `NULL` expiry is never visible); an expired row is
//! "no cache" and a write replaces it as a new row. A write changes only
//! the value of a live row, keeping its three expiry columns (tokencache
//! does not slide the expiry: reading is not the app's access); a new row
//! gets `expires-at` = `absolute` = now + `--pg-ttl` and no sliding expiry.
//! The session runs in UTC, as the providers write UTC.
//! **Consistency:** every read-modify-write is one transaction that reads
//! the row with `SELECT … FOR UPDATE`, so concurrent writers queue on the
//! row; two writers creating the same missing row are resolved by the
//! primary key (`INSERT … ON CONFLICT DO NOTHING`): the loser retries, a
//! bounded number of times (then exit 6, nothing written).
//! **`verify`:** round-trips a scratch row `<key>:tokencache-verify:<pid>-<n>`
//! with a 30-second expiry, deleted on every path.
//! **Bounded:** `--pg-timeout` is one deadline for each operation — a
//! read, a write's whole transaction (read `FOR UPDATE`, lock wait, write,
//! commit, retries), a delete, `verify` — connecting (TCP, TLS,
//! authentication) included: every statement gets only the time left, and a
//! watchdog shuts the connection's socket down when the deadline passes, so
//! a server that accepts and never answers, or stalls mid-query, costs the
//! timeout once (exit 7, `postgres_timeout`; nothing is committed). The
//! server also bounds each statement and row-lock wait (`statement_timeout`,
//! `lock_timeout`). A command that reads, then writes (after a refresh), or
//! keeps the connection (`serve`) gets the timeout per operation and is not
//! cut off while idle; `list` and `prune`: per page of rows and per
//! partition. A value larger than `TOKENCACHE_MAX_SIZE` is refused before it
//! is fetched.
//! **TLS:** as the URL's `sslmode` asks (`disable`, `prefer` — the client's
//! default —, `require`); the certificate is always verified, with the
//! system's roots (and `SSL_CERT_FILE`) or `--pg-ca-file`: rustls (ring) on
//! Linux and other Unixes, SChannel on Windows, Security.framework on macOS.
//!
//! The client is the Cargo feature `postgres` (on by default). Without it
//! only the options, the layouts, the settings and the fault kinds are
//! compiled, so the command line stays the same, and `--store postgres` is
//! refused as unavailable (`open::not_on_this_platform`).

#[cfg(feature = "postgres")]
use std::cell::{Cell, RefCell, RefMut};
#[cfg(feature = "postgres")]
use std::time::{Duration, SystemTime, UNIX_EPOCH};

#[cfg(feature = "postgres")]
use postgres::error::SqlState;
#[cfg(feature = "postgres")]
use postgres::Client;

#[cfg(feature = "postgres")]
use super::deadline::Deadline;
#[cfg(feature = "postgres")]
use super::{Description, Fact, Store, StoreKind, VERIFY_DATA};
#[cfg(feature = "postgres")]
use crate::error::{Error, Result};

pub mod args;
mod connect;
mod fault;
#[cfg(feature = "postgres")]
mod walk;

pub use args::PostgresArgs;
pub use connect::PostgresSettings;
pub use fault::PostgresFault;
#[cfg(feature = "postgres")]
pub use walk::like_pattern;

/// How often a read-modify-write is tried before giving up (exit 6).
#[cfg(feature = "postgres")]
pub const MAX_ATTEMPTS: u32 = 8;
/// The expiry of `verify`'s scratch row.
#[cfg(feature = "postgres")]
const VERIFY_TTL_SECONDS: f64 = 30.0;

/// Which provider's table.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum PostgresLayout {
    /// Microsoft.Extensions.Caching.Postgres (lower-case columns).
    #[default]
    Microsoft,
    /// Community.Microsoft.Extensions.Caching.PostgreSql (quoted
    /// PascalCase columns).
    Community,
}

/// The quoted column names of a layout.
#[cfg(feature = "postgres")]
struct Columns {
    id: &'static str,
    value: &'static str,
    expires: &'static str,
    sliding: &'static str,
    absolute: &'static str,
}

impl PostgresLayout {
    /// The name used on the command line and in JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            PostgresLayout::Microsoft => "microsoft",
            PostgresLayout::Community => "community",
        }
    }

    /// The other layout (for a hint).
    pub fn other(self) -> PostgresLayout {
        match self {
            PostgresLayout::Microsoft => PostgresLayout::Community,
            PostgresLayout::Community => PostgresLayout::Microsoft,
        }
    }

    #[cfg(feature = "postgres")]
    fn columns(self) -> Columns {
        match self {
            PostgresLayout::Microsoft => Columns {
                id: "id",
                value: "value",
                expires: "expiresattime",
                sliding: "slidingexpirationinseconds",
                absolute: "absoluteexpiration",
            },
            PostgresLayout::Community => Columns {
                id: "\"Id\"",
                value: "\"Value\"",
                expires: "\"ExpiresAtTime\"",
                sliding: "\"SlidingExpirationInSeconds\"",
                absolute: "\"AbsoluteExpiration\"",
            },
        }
    }
}

/// What the transaction's `SELECT … FOR UPDATE` found.
#[cfg(feature = "postgres")]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Row {
    Missing,
    Expired,
    Live,
}

/// A cache partition kept in one row of a Postgres cache table.
#[cfg(feature = "postgres")]
pub struct PostgresStore {
    settings: PostgresSettings,
    client: RefCell<Option<Client>>,
    in_tx: Cell<bool>,
    observed: Cell<Option<Row>>,
    retries: Cell<u32>,
    /// `--pg-timeout` for the running operation (see `operation`).
    deadline: RefCell<Deadline>,
    /// The connection's socket descriptors, for the operations' watchdogs.
    conn_fds: RefCell<crate::store::deadline::Sockets>,
    in_op: Cell<bool>,
}

#[cfg(feature = "postgres")]
impl PostgresStore {
    /// The store `settings` describe (nothing is contacted yet).
    pub fn new(settings: PostgresSettings) -> PostgresStore {
        PostgresStore {
            settings,
            client: RefCell::new(None),
            in_tx: Cell::new(false),
            observed: Cell::new(None),
            retries: Cell::new(0),
            deadline: RefCell::new(Deadline::default()),
            conn_fds: RefCell::default(),
            in_op: Cell::new(false),
        }
    }

    /// The settings.
    pub fn settings(&self) -> &PostgresSettings {
        &self.settings
    }

    fn key(&self) -> Result<&str> {
        match &self.settings.key {
            Some(key) if !key.is_empty() => Ok(key),
            _ => Err(Error::Config {
                message:
                    "--store postgres needs --pg-key (the partition: the row's id, MSAL.NET's \
                          SuggestedCacheKey)"
                        .into(),
                hint: "find the ids with `SELECT id FROM <table>` (\"Id\" for --pg-layout \
                       community), then pass --pg-key KEY (or set TOKENCACHE_PG_KEY)"
                    .into(),
            }),
        }
    }

    /// The table as an SQL name: each part double-quoted.
    fn table_sql(&self) -> String {
        self.settings
            .table
            .splitn(2, '.')
            .map(|part| format!("\"{}\"", part.replace('"', "\"\"")))
            .collect::<Vec<_>>()
            .join(".")
    }

    fn location(&self) -> String {
        match &self.settings.key {
            Some(key) => format!(
                "Postgres row `{key}` of {} at {}",
                self.settings.table,
                self.settings.display_url()
            ),
            None => format!(
                "Postgres table {} at {}",
                self.settings.table,
                self.settings.display_url()
            ),
        }
    }

    /// The connection, opened on first use; none of `--pg-timeout` left is
    /// the timeout error.
    fn client(&self) -> Result<RefMut<'_, Client>> {
        self.time_left("go on")?;
        let mut slot = self.client.borrow_mut();
        if slot.is_none() {
            *slot = Some(self.connect()?);
        }
        Ok(RefMut::map(slot, |c| c.as_mut().expect("connected above")))
    }

    /// A server error that means "another writer got in between": retried.
    fn sql_fault(&self, err: postgres::Error, doing: &str) -> Error {
        if let Some(code) = err.code() {
            if *code == SqlState::T_R_SERIALIZATION_FAILURE
                || *code == SqlState::T_R_DEADLOCK_DETECTED
                || *code == SqlState::UNIQUE_VIOLATION
            {
                return Error::Contention {
                    location: self.location(),
                    attempts: 0,
                };
            }
        }
        self.fault(err, doing)
    }

    /// Run `f` (loads and at most one save or delete) in one transaction,
    /// the row read `FOR UPDATE`; retried when another writer created the
    /// row in between.
    fn transaction(&self, f: &mut dyn FnMut() -> Result<()>) -> Result<()> {
        self.key()?;
        self.operation(|| self.transaction_attempts(f))
    }

    fn transaction_attempts(&self, f: &mut dyn FnMut() -> Result<()>) -> Result<()> {
        for attempt in 1..=MAX_ATTEMPTS {
            self.client()?
                .batch_execute("BEGIN")
                .map_err(|e| self.fault(e, "begin a transaction"))?;
            self.observed.set(None);
            self.in_tx.set(true);
            let mut result = f();
            self.in_tx.set(false);
            self.observed.set(None);
            if result.is_ok() {
                result = self
                    .client()?
                    .batch_execute("COMMIT")
                    .map_err(|e| self.sql_fault(e, "commit"));
            } else if let Ok(mut c) = self.client() {
                let _ = c.batch_execute("ROLLBACK");
            }
            match result {
                Err(Error::Contention { .. }) => {
                    if let Ok(mut c) = self.client() {
                        let _ = c.batch_execute("ROLLBACK");
                    }
                    self.retries.set(self.retries.get() + 1);
                    let jitter = u64::from(unique_nanos() % 20);
                    std::thread::sleep(Duration::from_millis(5 * u64::from(attempt) + jitter));
                }
                other => return other,
            }
        }
        Err(Error::Contention {
            location: self.location(),
            attempts: MAX_ATTEMPTS,
        })
    }

    fn load_inner(&self) -> Result<Option<Vec<u8>>> {
        let key = self.key()?;
        let c = self.settings.layout.columns();
        let lock = if self.in_tx.get() { " FOR UPDATE" } else { "" };
        let sql = format!(
            "SELECT CASE WHEN octet_length({v}) <= $2::int8 THEN {v} END, octet_length({v})::int8, \
             COALESCE(now() <= {e}, false) FROM {t} WHERE {id} = $1{lock}",
            v = c.value,
            e = c.expires,
            t = self.table_sql(),
            id = c.id,
        );
        let max = i64::try_from(self.settings.max_value).unwrap_or(i64::MAX);
        let rows = self
            .client()?
            .query(&sql, &[&key, &max])
            .map_err(|e| self.sql_fault(e, "read the row"))?;
        let Some(row) = rows.first() else {
            self.observed.set(Some(Row::Missing));
            return Ok(None);
        };
        let live: bool = row.get(2);
        if !live {
            self.observed.set(Some(Row::Expired));
            return Ok(None);
        }
        self.observed.set(Some(Row::Live));
        let len: Option<i64> = row.get(1);
        let value: Option<Vec<u8>> = row.get(0);
        match value {
            Some(v) if !v.is_empty() => Ok(Some(v)),
            Some(_) => Ok(None),
            None if len.is_none() => Ok(None),
            None => Err(Error::Postgres {
                fault: PostgresFault::TooLarge,
                cause: format!(
                    "the value in {} is {} bytes, more than the limit of {}",
                    self.location(),
                    len.unwrap_or(0),
                    self.settings.max_value
                ),
                hint: "raise TOKENCACHE_MAX_SIZE if the value is a cache".into(),
            }),
        }
    }

    fn save_inner(&self, data: &[u8]) -> Result<()> {
        let key = self.key()?;
        let found = match self.observed.get() {
            Some(found) => found,
            None => {
                self.load_inner()?;
                self.observed.get().unwrap_or(Row::Missing)
            }
        };
        let c = self.settings.layout.columns();
        let t = self.table_sql();
        let ttl = self.settings.ttl.as_secs_f64().max(1.0);
        let mut client = self.client()?;
        let written = match found {
            Row::Live => client.execute(
                &format!("UPDATE {t} SET {v} = $2 WHERE {id} = $1", v = c.value, id = c.id),
                &[&key, &data],
            ),
            Row::Expired => client.execute(
                &format!(
                    "UPDATE {t} SET {v} = $2, {e} = now() + $3::float8 * interval '1 second', \
                     {s} = NULL, {a} = now() + $3::float8 * interval '1 second' WHERE {id} = $1",
                    v = c.value,
                    e = c.expires,
                    s = c.sliding,
                    a = c.absolute,
                    id = c.id
                ),
                &[&key, &data, &ttl],
            ),
            Row::Missing => client.execute(
                &format!(
                    "INSERT INTO {t} ({id}, {v}, {e}, {s}, {a}) VALUES ($1, $2, \
                     now() + $3::float8 * interval '1 second', NULL, now() + $3::float8 * interval '1 second') \
                     ON CONFLICT ({id}) DO NOTHING",
                    v = c.value,
                    e = c.expires,
                    s = c.sliding,
                    a = c.absolute,
                    id = c.id
                ),
                &[&key, &data, &ttl],
            ),
        }
        .map_err(|e| self.sql_fault(e, "write the row"))?;
        if written != 1 {
            // Another writer created (or deleted) the row in between.
            return Err(Error::Contention {
                location: self.location(),
                attempts: 0,
            });
        }
        Ok(())
    }

    fn delete_inner(&self) -> Result<bool> {
        let key = self.key()?;
        let c = self.settings.layout.columns();
        let rows = self
            .client()?
            .query(
                &format!(
                    "DELETE FROM {t} WHERE {id} = $1 RETURNING COALESCE(now() <= {e}, false)",
                    t = self.table_sql(),
                    id = c.id,
                    e = c.expires
                ),
                &[&key],
            )
            .map_err(|e| self.sql_fault(e, "delete the row"))?;
        Ok(rows.first().is_some_and(|r| r.get::<_, bool>(0)))
    }
    fn verify_inner(&self) -> Result<()> {
        let base = match &self.settings.key {
            Some(key) => format!("{key}:"),
            None => String::new(),
        };
        let scratch = format!(
            "{base}tokencache-verify:{}-{}",
            std::process::id(),
            unique_nanos()
        );
        let c = self.settings.layout.columns();
        let t = self.table_sql();
        let mut client = self.client()?;
        let round_trip = (|| -> Result<()> {
            client
                .execute(
                    &format!(
                        "INSERT INTO {t} ({id}, {v}, {e}, {s}, {a}) VALUES ($1, $2, \
                         now() + $3::float8 * interval '1 second', NULL, now() + $3::float8 * interval '1 second')",
                        id = c.id,
                        v = c.value,
                        e = c.expires,
                        s = c.sliding,
                        a = c.absolute
                    ),
                    &[&scratch, &VERIFY_DATA, &VERIFY_TTL_SECONDS],
                )
                .map_err(|e| self.fault(e, "write a scratch row"))?;
            let back = client
                .query(
                    &format!(
                        "SELECT {v} FROM {t} WHERE {id} = $1",
                        v = c.value,
                        id = c.id
                    ),
                    &[&scratch],
                )
                .map_err(|e| self.fault(e, "read the scratch row back"))?;
            let back: Option<Vec<u8>> = back.first().and_then(|r| r.get(0));
            if back.as_deref() != Some(VERIFY_DATA) {
                return Err(Error::Unavailable {
                    store: "postgres",
                    cause: format!("what was written to `{scratch}` did not read back the same"),
                    hint: "check that --pg-url names a primary, not a read replica".into(),
                });
            }
            Ok(())
        })();
        let cleanup = client
            .execute(
                &format!("DELETE FROM {t} WHERE {id} = $1", id = c.id),
                &[&scratch],
            )
            .map(|_| ())
            .map_err(|e| self.fault(e, "delete the scratch row"));
        round_trip.and(cleanup)
    }
}

#[cfg(feature = "postgres")]
impl Store for PostgresStore {
    fn kind(&self) -> StoreKind {
        StoreKind::Postgres
    }

    fn load(&self) -> Result<Option<Vec<u8>>> {
        self.operation(|| self.load_inner())
    }

    fn save(&self, data: &[u8]) -> Result<()> {
        if self.in_tx.get() {
            return self.save_inner(data);
        }
        self.transaction(&mut || {
            self.load_inner()?;
            self.save_inner(data)
        })
    }

    fn delete(&self) -> Result<bool> {
        self.operation(|| self.delete_inner())
    }

    fn verify(&self) -> Result<()> {
        self.operation(|| self.verify_inner())
    }

    fn describe(&self) -> Description {
        let mut fields: Vec<(&str, Fact)> = vec![
            ("url", self.settings.display_url().into()),
            ("table", self.settings.table.clone().into()),
        ];
        if let Some(key) = &self.settings.key {
            fields.push(("key", key.clone().into()));
        }
        fields.push(("layout", self.settings.layout.as_str().into()));
        fields.push((
            "ttl_for_new_rows",
            format!("{}s", self.settings.ttl.as_secs()).into(),
        ));
        if let Some(ca) = &self.settings.ca_file {
            fields.push(("ca_file", ca.display().to_string().into()));
        }
        fields.push((
            "password",
            if self.settings.password.is_some() {
                "set (not shown)"
            } else {
                "none"
            }
            .into(),
        ));
        Description {
            summary: self.location(),
            fields,
        }
    }

    fn atomically(&self, f: &mut dyn FnMut() -> Result<()>) -> Option<Result<()>> {
        Some(self.transaction(f))
    }

    fn retries(&self) -> Option<u32> {
        Some(self.retries.get())
    }

    fn partition_key(&self) -> Option<&str> {
        self.settings.key.as_deref()
    }

    fn partitions(&self) -> Option<&dyn super::partitions::Partitions> {
        Some(self)
    }
}

#[cfg(feature = "postgres")]
fn unique_nanos() -> u32 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.subsec_nanos())
}
