//! The Redis store: one partition of a distributed MSAL token cache, as web
//! apps on several servers keep it.
//!
//! **Where:** the key `--redis-prefix` + `--redis-key` of the database named
//! by `--redis-url` (`redis://[user@]host[:port][/db]`, `rediss://…` for TLS,
//! `redis+unix:///path/to/socket?db=N`). The password comes only from
//! `TOKENCACHE_REDIS_PASSWORD` or `--redis-password-file`, never from the
//! command line or the URL (a URL with a password is refused); the user name,
//! for an ACL user, is the URL's.
//! **Layouts** (`--redis-layout`; `auto` decides from the key's `TYPE`):
//! - `string`, as msal-node's `DistributedCachePlugin` writes it: a Redis
//!   string holding the whole cache JSON. A write keeps the key's TTL
//!   (`SET … KEEPTTL`); a new key gets `--redis-ttl` (`SET … EX`).
//! - `aspnet`, as ASP.NET Core's `RedisCache` (Microsoft.Identity.Web's
//!   distributed token cache) writes it: a hash with fields `data` (the cache
//!   JSON, UTF-8), `absexp` and `sldexp` (.NET ticks, `-1` = none) and a key
//!   TTL. A write changes only `data`, leaving `absexp`, `sldexp` and the TTL
//!   alone; a new key gets `absexp`/`sldexp` `-1`, or with `--redis-ttl` the
//!   absolute expiry in ticks and an `EXPIRE`. A `data` value protected by
//!   ASP.NET DataProtection (`Encrypt = true`: it starts `09 F0 C9 F0` and a
//!   16-byte key id) cannot be decrypted outside the app: reading, writing and
//!   merging it are refused; `clear` deletes it.
//!
//!   A missing key under `auto` is created as a string, or as a hash when
//!   `--redis-prefix` (ASP.NET's `InstanceName`) is given.
//!
//! **Consistency:** there is no lock: the apps never take one. Every command
//! that reads and then writes is an optimistic transaction (`WATCH` → read →
//! `MULTI`/`EXEC`), retried a bounded number of times when another writer
//! changed the key in between, then given up (exit 6) with nothing written.
//! `clear` is `DEL` in the same kind of transaction.
//! **`verify`:** round-trips a scratch key `<prefix>tokencache-verify:<pid>-<n>`
//! that carries a 30-second TTL and is deleted on every path.
//! **Bounded:** `--redis-timeout` bounds connecting (TCP, TLS, `AUTH`) and
//! every command; a value larger than `TOKENCACHE_MAX_SIZE` (16 MiB) is refused
//! before it is fetched.
//! **TLS:** rustls (ring) on Linux and other Unixes, SChannel on Windows and
//! Security.framework on macOS; with the system's roots or `--redis-ca-file`.
//! **Not supported:** Redis Cluster (no `MOVED` redirection: point
//! `--redis-url` at a standalone server, a Sentinel-managed primary, or a
//! cluster proxy that offers transactions).

use std::cell::{Cell, RefCell, RefMut};
use std::path::PathBuf;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use redis::{Client, Connection, ConnectionAddr, ConnectionInfo, IntoConnectionInfo, RedisError};
use zeroize::Zeroizing;

use super::{Description, Store, StoreKind, VERIFY_DATA};
use crate::error::{Error, RedisFault, Result};

/// How often a read-modify-write is tried before giving up (exit 6).
pub const MAX_ATTEMPTS: u32 = 8;
/// ASP.NET Core DataProtection's payload magic header.
pub const DATA_PROTECTION_MAGIC: [u8; 4] = [0x09, 0xF0, 0xC9, 0xF0];
/// The TTL of `verify`'s scratch key.
const VERIFY_TTL_SECONDS: u64 = 30;
/// .NET ticks (100 ns) at the Unix epoch.
const TICKS_AT_UNIX_EPOCH: i64 = 621_355_968_000_000_000;
/// The store's name in errors.
const STORE: &str = "redis";

/// How the cache is laid out in the key.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum RedisLayout {
    /// Decide from the key's type (a new key: string, or hash with a prefix).
    #[default]
    Auto,
    /// A string holding the cache JSON (msal-node `DistributedCachePlugin`).
    String,
    /// A hash `data`/`absexp`/`sldexp` (ASP.NET Core `RedisCache`,
    /// Microsoft.Identity.Web).
    Aspnet,
}

impl RedisLayout {
    /// The name used on the command line and in JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            RedisLayout::Auto => "auto",
            RedisLayout::String => "string",
            RedisLayout::Aspnet => "aspnet",
        }
    }
}

/// What the Redis store needs to know, built by `config.rs`.
#[derive(Clone)]
pub struct RedisSettings {
    /// `--redis-url`, without a password.
    pub url: String,
    /// From `TOKENCACHE_REDIS_PASSWORD` or `--redis-password-file`.
    pub password: Option<Zeroizing<String>>,
    /// `--redis-ca-file`: PEM roots to trust instead of the system's.
    pub ca_file: Option<PathBuf>,
    /// `--redis-timeout`: connecting, and every command.
    pub timeout: Duration,
    /// `--redis-key`: the partition (the key without the prefix).
    pub key: Option<String>,
    /// `--redis-prefix`: ASP.NET's `InstanceName`.
    pub prefix: String,
    /// `--redis-layout`.
    pub layout: RedisLayout,
    /// `--redis-ttl`: the TTL of a key tokencache creates.
    pub ttl: Option<Duration>,
    /// The largest value read (`TOKENCACHE_MAX_SIZE`, 16 MiB by default).
    pub max_value: u64,
    /// For tests only (`TOKENCACHE_TEST_REDIS_PAUSE_DIR`, honoured by debug
    /// builds only): after each `WATCH` and read,
    /// create `<dir>/watched-<attempt>` and wait for `<dir>/go-<attempt>`, so
    /// a test can change the key between tokencache's read and its write.
    pub test_pause_dir: Option<PathBuf>,
}

impl std::fmt::Debug for RedisSettings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RedisSettings")
            .field("url", &self.url)
            .field("password", &self.password.as_ref().map(|_| "<redacted>"))
            .field("ca_file", &self.ca_file)
            .field("timeout", &self.timeout)
            .field("key", &self.key)
            .field("prefix", &self.prefix)
            .field("layout", &self.layout)
            .field("ttl", &self.ttl)
            .field("max_value", &self.max_value)
            .finish()
    }
}

/// What a key holds, as far as tokencache cares.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Found {
    /// No such key.
    Missing,
    /// A string of this many bytes.
    String(u64),
    /// A hash with a `data` field of this many bytes; `encrypted` once known.
    Hash {
        /// `HSTRLEN key data`.
        len: u64,
        /// Whether `data` is a DataProtection payload (`None`: not looked at).
        encrypted: Option<bool>,
    },
    /// Anything else: the Redis type (`list`, `set`, …, or `hash` without `data`).
    Other(String),
}

/// A key found by [`RedisStore::scan`].
#[derive(Debug, Clone)]
pub struct Scanned {
    /// The whole key (with the prefix), lossily UTF-8.
    pub key: String,
    /// The key's type and size.
    pub found: Found,
    /// Milliseconds to live (`-1`: no TTL; `-2`: gone meanwhile).
    pub ttl_ms: i64,
    /// The string, or the hash's `data`, when it is within the read limit.
    pub value: Option<Vec<u8>>,
}

/// A cache partition kept in one Redis key.
pub struct RedisStore {
    settings: RedisSettings,
    conn: RefCell<Option<Connection>>,
    /// Inside an optimistic transaction: the key is `WATCH`ed.
    in_tx: Cell<bool>,
    /// What `load` saw inside the current transaction.
    observed: RefCell<Option<Found>>,
    /// Transactions aborted because another writer changed the key.
    retries: Cell<u32>,
}

impl RedisStore {
    /// The store `settings` describe (nothing is contacted yet).
    pub fn new(settings: RedisSettings) -> RedisStore {
        RedisStore {
            settings,
            conn: RefCell::new(None),
            in_tx: Cell::new(false),
            observed: RefCell::new(None),
            retries: Cell::new(0),
        }
    }

    /// The settings.
    pub fn settings(&self) -> &RedisSettings {
        &self.settings
    }

    /// The whole key (prefix + partition); a usage error without `--redis-key`.
    pub fn full_key(&self) -> Result<String> {
        match &self.settings.key {
            Some(key) if !key.is_empty() => Ok(format!("{}{key}", self.settings.prefix)),
            _ => Err(Error::Config {
                message: "--store redis needs --redis-key (the partition: a home account id \
                          `<oid>.<tid>`, an app key, or an OBO assertion hash)"
                    .into(),
                hint: "find the keys with `tokencache --store redis redis list`, then pass \
                       --redis-key KEY (or set TOKENCACHE_REDIS_KEY)"
                    .into(),
            }),
        }
    }

    /// The partition (the key without the prefix), when given.
    pub fn partition(&self) -> Option<&str> {
        self.settings.key.as_deref()
    }

    fn location(&self) -> String {
        match &self.settings.key {
            Some(key) => format!(
                "Redis key `{}{key}` at {}",
                self.settings.prefix, self.settings.url
            ),
            None => format!("Redis at {}", self.settings.url),
        }
    }

    /// The connection, opened on first use.
    fn conn(&self) -> Result<RefMut<'_, Connection>> {
        let mut slot = self.conn.borrow_mut();
        if slot.is_none() {
            *slot = Some(self.connect()?);
        }
        Ok(RefMut::map(slot, |c| c.as_mut().expect("just connected")))
    }

    fn connect(&self) -> Result<Connection> {
        install_crypto_provider();
        let info = connection_info(&self.settings)?;
        let tls = matches!(info.addr(), ConnectionAddr::TcpTls { .. });
        let client = match (&self.settings.ca_file, tls) {
            (Some(path), true) => {
                let pem = std::fs::read(path).map_err(|e| Error::Config {
                    message: format!("cannot read --redis-ca-file {}: {e}", path.display()),
                    hint: "give a PEM file with the CA certificate(s) that signed the server's"
                        .into(),
                })?;
                Client::build_with_tls(
                    info,
                    redis::TlsCertificates {
                        client_tls: None,
                        root_cert: Some(pem),
                    },
                )
            }
            (Some(_), false) => {
                return Err(Error::Config {
                    message: "--redis-ca-file is for TLS, and the URL is not rediss://".into(),
                    hint: "use a rediss:// URL for a TLS server, or drop --redis-ca-file".into(),
                })
            }
            (None, _) => Client::open(info),
        }
        .map_err(|e| self.fault(e, "configure the client"))?;
        let timeout = self.settings.timeout;
        let conn = client
            .get_connection_with_timeout(timeout)
            .map_err(|e| self.fault(e, "connect"))?;
        conn.set_read_timeout(Some(timeout))
            .and_then(|()| conn.set_write_timeout(Some(timeout)))
            .map_err(|e| self.fault(e, "connect"))?;
        Ok(conn)
    }

    /// Classify a client or server error.
    fn fault(&self, err: RedisError, doing: &str) -> Error {
        let (fault, hint) = classify(&err);
        let detail = err.to_string();
        Error::Redis {
            fault,
            cause: format!(
                "redis at {}: cannot {doing}: {}",
                self.settings.url,
                describe_fault(fault, &detail)
            ),
            hint: hint.into(),
        }
    }

    /// What `key` holds: `TYPE`, then the size of what tokencache would read.
    fn probe(&self, c: &mut Connection, key: &str) -> Result<Found> {
        let kind: String = redis::cmd("TYPE")
            .arg(key)
            .query(c)
            .map_err(|e| self.fault(e, "read the key's type"))?;
        Ok(match kind.as_str() {
            "none" => Found::Missing,
            "string" => Found::String(
                redis::cmd("STRLEN")
                    .arg(key)
                    .query(c)
                    .map_err(|e| self.fault(e, "read the value's size"))?,
            ),
            "hash" => {
                let (exists, len): (bool, u64) = redis::pipe()
                    .cmd("HEXISTS")
                    .arg(key)
                    .arg("data")
                    .cmd("HSTRLEN")
                    .arg(key)
                    .arg("data")
                    .query(c)
                    .map_err(|e| self.fault(e, "read the hash's data field"))?;
                if exists {
                    Found::Hash {
                        len,
                        encrypted: None,
                    }
                } else {
                    Found::Other("hash without a `data` field".into())
                }
            }
            other => Found::Other(other.to_string()),
        })
    }

    /// The error for a key that holds something that is not a cache, or not
    /// the layout asked for.
    fn wrong_type(&self, found: &Found) -> Error {
        let what = match found {
            Found::String(_) => "a string (msal-node layout)".to_string(),
            Found::Hash { .. } => "a hash (ASP.NET layout)".to_string(),
            Found::Other(t) => format!("a {t}, not a token cache"),
            Found::Missing => "nothing".to_string(),
        };
        Error::Redis {
            fault: RedisFault::WrongType,
            cause: format!(
                "{} holds {what}, and --redis-layout is {}",
                self.location(),
                self.settings.layout.as_str()
            ),
            hint: format!(
                "check --redis-key and --redis-prefix (`tokencache redis list` shows what \
                 each key holds){}; nothing was changed",
                if self.settings.layout == RedisLayout::Auto {
                    ""
                } else {
                    ", or use --redis-layout auto"
                }
            ),
        }
    }

    fn encrypted_error(&self, action: &str) -> Error {
        Error::Redis {
            fault: RedisFault::Encrypted,
            cause: format!(
                "{} holds an ASP.NET Core DataProtection-encrypted cache (Encrypt = true); \
                 tokencache cannot decrypt it and will not {action} it",
                self.location()
            ),
            hint: "only the app (with its DataProtection keys) can read it; `tokencache clear` \
                   deletes the key, after which the app signs the user in again"
                .into(),
        }
    }

    fn too_large(&self, len: u64) -> Error {
        Error::Redis {
            fault: RedisFault::TooLarge,
            cause: format!(
                "{} holds {len} bytes, more than the {}-byte limit (TOKENCACHE_MAX_SIZE); it was not read",
                self.location(),
                self.settings.max_value
            ),
            hint: "a token cache that large is usually a partition that keeps growing (OBO \
                   entries piling up): `tokencache clear` deletes it; if it really is that \
                   large, raise TOKENCACHE_MAX_SIZE"
                .into(),
        }
    }

    /// Check `found` against `--redis-layout`.
    fn check_layout(&self, found: &Found) -> Result<()> {
        match (self.settings.layout, found) {
            (_, Found::Missing) => Ok(()),
            (_, Found::Other(_)) => Err(self.wrong_type(found)),
            (RedisLayout::String, Found::Hash { .. }) | (RedisLayout::Aspnet, Found::String(_)) => {
                Err(self.wrong_type(found))
            }
            _ => Ok(()),
        }
    }

    fn load_inner(&self) -> Result<Option<Vec<u8>>> {
        let key = self.full_key()?;
        let mut c = self.conn()?;
        let mut found = self.probe(&mut c, &key)?;
        self.check_layout(&found)?;
        let value: Vec<u8> = match found {
            Found::Missing => {
                self.observe(found);
                return Ok(None);
            }
            Found::String(len) if len > self.settings.max_value => return Err(self.too_large(len)),
            Found::Hash { len, .. } if len > self.settings.max_value => {
                return Err(self.too_large(len))
            }
            Found::String(_) => redis::cmd("GETRANGE")
                .arg(&key)
                .arg(0)
                .arg(self.settings.max_value)
                .query(&mut *c)
                .map_err(|e| self.fault(e, "read the key"))?,
            Found::Hash { .. } => redis::cmd("HGET")
                .arg(&key)
                .arg("data")
                .query::<Option<Vec<u8>>>(&mut *c)
                .map_err(|e| self.fault(e, "read the key"))?
                .unwrap_or_default(),
            Found::Other(_) => unreachable!("refused by check_layout"),
        };
        if value.len() as u64 > self.settings.max_value {
            return Err(self.too_large(value.len() as u64));
        }
        if let Found::Hash { len, .. } = found {
            let encrypted = is_data_protected(&value);
            found = Found::Hash {
                len,
                encrypted: Some(encrypted),
            };
            self.observe(found);
            if encrypted {
                return Err(self.encrypted_error("read"));
            }
        } else {
            self.observe(found);
        }
        Ok((!value.is_empty()).then_some(value))
    }

    fn observe(&self, found: Found) {
        if self.in_tx.get() {
            *self.observed.borrow_mut() = Some(found);
        }
    }

    /// What the key holds now: as `load` saw it in this transaction, or probed.
    fn current(&self, c: &mut Connection, key: &str) -> Result<Found> {
        if let Some(found) = self.observed.borrow().clone() {
            return Ok(found);
        }
        let found = self.probe(c, key)?;
        self.check_layout(&found)?;
        if let Found::Hash { len, .. } = found {
            if len > self.settings.max_value {
                return Err(self.too_large(len));
            }
            let data: Vec<u8> = redis::cmd("HGET")
                .arg(key)
                .arg("data")
                .query::<Option<Vec<u8>>>(c)
                .map_err(|e| self.fault(e, "read the key"))?
                .unwrap_or_default();
            return Ok(Found::Hash {
                len,
                encrypted: Some(is_data_protected(&data)),
            });
        }
        Ok(found)
    }

    fn save_inner(&self, data: &[u8]) -> Result<()> {
        let key = self.full_key()?;
        let mut c = self.conn()?;
        let found = self.current(&mut c, &key)?;
        let mut tx = redis::pipe();
        tx.atomic();
        match found {
            Found::Missing => {
                let hash = match self.settings.layout {
                    RedisLayout::Aspnet => true,
                    RedisLayout::String => false,
                    RedisLayout::Auto => !self.settings.prefix.is_empty(),
                };
                let ttl = self.settings.ttl.map(|t| t.as_secs().max(1));
                if hash {
                    let absexp = ttl.map_or(-1, |t| ticks_in(t as i64));
                    tx.cmd("HSET")
                        .arg(&key)
                        .arg("absexp")
                        .arg(absexp)
                        .arg("sldexp")
                        .arg(-1)
                        .arg("data")
                        .arg(data);
                    if let Some(t) = ttl {
                        tx.cmd("EXPIRE").arg(&key).arg(t);
                    }
                } else {
                    let set = tx.cmd("SET").arg(&key).arg(data);
                    if let Some(t) = ttl {
                        set.arg("EX").arg(t);
                    }
                }
            }
            Found::String(_) => {
                tx.cmd("SET").arg(&key).arg(data).arg("KEEPTTL");
            }
            Found::Hash {
                encrypted: Some(true),
                ..
            } => return Err(self.encrypted_error("overwrite")),
            Found::Hash { .. } => {
                tx.cmd("HSET").arg(&key).arg("data").arg(data);
            }
            Found::Other(_) => return Err(self.wrong_type(&found)),
        }
        self.pause_for_test();
        let done: Option<redis::Value> = tx
            .query(&mut *c)
            .map_err(|e| self.fault(e, "write the key"))?;
        match done {
            Some(_) => Ok(()),
            None => Err(self.conflict()),
        }
    }

    fn delete_inner(&self) -> Result<bool> {
        let key = self.full_key()?;
        let mut c = self.conn()?;
        let found = match self.observed.borrow().clone() {
            Some(found) => found,
            None => self.probe(&mut c, &key)?,
        };
        match found {
            Found::Missing => return Ok(false),
            Found::Other(_) => return Err(self.wrong_type(&found)),
            Found::String(_) | Found::Hash { .. } => {}
        }
        self.pause_for_test();
        let done: Option<redis::Value> = redis::pipe()
            .atomic()
            .cmd("DEL")
            .arg(&key)
            .query(&mut *c)
            .map_err(|e| self.fault(e, "delete the key"))?;
        match done {
            Some(_) => Ok(true),
            None => Err(self.conflict()),
        }
    }

    /// The signal that `EXEC` found the watched key changed.
    fn conflict(&self) -> Error {
        Error::Contention {
            location: self.location(),
            attempts: 0,
        }
    }

    /// The test hook (see [`RedisSettings::test_pause_dir`]).
    fn pause_for_test(&self) {
        let Some(dir) = &self.settings.test_pause_dir else {
            return;
        };
        let attempt = self.retries.get() + 1;
        let _ = std::fs::write(dir.join(format!("watched-{attempt}")), b"");
        let go = dir.join(format!("go-{attempt}"));
        let deadline = Instant::now() + Duration::from_secs(30);
        while !go.exists() && Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(5));
        }
    }

    /// Run `f` (loads and at most one save or delete) as an optimistic
    /// transaction on the key, retrying when another writer got in between.
    fn transaction(&self, f: &mut dyn FnMut() -> Result<()>) -> Result<()> {
        let key = self.full_key()?;
        for attempt in 1..=MAX_ATTEMPTS {
            redis::cmd("WATCH")
                .arg(&key)
                .exec(&mut *self.conn()?)
                .map_err(|e| self.fault(e, "watch the key"))?;
            *self.observed.borrow_mut() = None;
            self.in_tx.set(true);
            let result = f();
            self.in_tx.set(false);
            *self.observed.borrow_mut() = None;
            match result {
                Err(Error::Contention { .. }) => {
                    self.retries.set(self.retries.get() + 1);
                    // A little randomised backoff, growing, so two retrying
                    // writers do not collide again in lock step.
                    let jitter = u64::from(unique_nanos() % 20);
                    std::thread::sleep(Duration::from_millis(5 * u64::from(attempt) + jitter));
                }
                other => {
                    // EXEC already forgot the watch; a transaction that
                    // wrote nothing (or failed) ends it here.
                    if let Ok(mut c) = self.conn() {
                        let _ = redis::cmd("UNWATCH").exec(&mut *c);
                    }
                    return other;
                }
            }
        }
        Err(Error::Contention {
            location: self.location(),
            attempts: MAX_ATTEMPTS,
        })
    }

    /// Walk the database with `SCAN` (never `KEYS`) over keys matching
    /// `--redis-prefix` + `pattern`, in batches, calling `visit` for each
    /// key with its type, TTL, size and (for strings and ASP.NET hashes no
    /// larger than the read limit) its value. Memory stays bounded by one
    /// batch of keys and its values: fetching stops once 8 MiB is reached,
    /// so at most 8 MiB plus one value (itself at most the read limit).
    pub fn scan(&self, pattern: &str, visit: &mut dyn FnMut(Scanned) -> Result<()>) -> Result<()> {
        const BATCH: usize = 500;
        const VALUE_BUDGET: u64 = 8 * 1024 * 1024;
        let full_pattern = format!("{}{pattern}", glob_escape(&self.settings.prefix));
        let mut cursor: u64 = 0;
        loop {
            let (next, keys): (u64, Vec<Vec<u8>>) = redis::cmd("SCAN")
                .arg(cursor)
                .arg("MATCH")
                .arg(&full_pattern)
                .arg("COUNT")
                .arg(BATCH)
                .query(&mut *self.conn()?)
                .map_err(|e| self.fault(e, "scan the keys"))?;
            cursor = next;
            // SCAN may return no keys with a cursor that is not done (MATCH
            // filters after the walk): nothing to pipeline this round.
            if keys.is_empty() {
                if cursor == 0 {
                    return Ok(());
                }
                continue;
            }
            let mut c = self.conn()?;
            let mut meta = redis::pipe();
            for k in &keys {
                meta.cmd("TYPE").arg(k).cmd("PTTL").arg(k);
            }
            let types: Vec<(String, i64)> = pairs(
                meta.query::<Vec<redis::Value>>(&mut *c)
                    .map_err(|e| self.fault(e, "read the keys' types"))?,
            );
            let mut sizes = redis::pipe();
            for (k, (t, _)) in keys.iter().zip(&types) {
                match t.as_str() {
                    "string" => sizes.cmd("STRLEN").arg(k).cmd("EXISTS").arg(k),
                    "hash" => sizes
                        .cmd("HSTRLEN")
                        .arg(k)
                        .arg("data")
                        .cmd("HEXISTS")
                        .arg(k)
                        .arg("data"),
                    _ => sizes.cmd("EXISTS").arg(k).cmd("EXISTS").arg(k),
                };
            }
            let lens: Vec<(i64, i64)> = pairs(
                sizes
                    .query::<Vec<redis::Value>>(&mut *c)
                    .map_err(|e| self.fault(e, "read the keys' sizes"))?,
            );
            let mut items: Vec<Scanned> = keys
                .iter()
                .zip(types)
                .zip(lens)
                .map(|((k, (t, ttl)), (len, has))| Scanned {
                    key: String::from_utf8_lossy(k).into_owned(),
                    found: match t.as_str() {
                        "none" => Found::Missing,
                        "string" => Found::String(len.max(0) as u64),
                        "hash" if has == 1 => Found::Hash {
                            len: len.max(0) as u64,
                            encrypted: None,
                        },
                        "hash" => Found::Other("hash without a `data` field".into()),
                        other => Found::Other(other.to_string()),
                    },
                    ttl_ms: ttl,
                    value: None,
                })
                .collect();
            drop(c);
            // Fetch values in groups that stay within the budget.
            let mut start = 0;
            while start < items.len() {
                let mut end = start;
                let mut budget = 0u64;
                let mut fetch = redis::pipe();
                let mut wanted = Vec::new();
                while end < items.len() && (budget < VALUE_BUDGET || wanted.is_empty()) {
                    let raw = &keys[end];
                    match items[end].found {
                        Found::String(len) if len <= self.settings.max_value => {
                            fetch
                                .cmd("GETRANGE")
                                .arg(raw)
                                .arg(0)
                                .arg(self.settings.max_value);
                            budget += len;
                            wanted.push(end);
                        }
                        Found::Hash { len, .. } if len <= self.settings.max_value => {
                            fetch.cmd("HGET").arg(raw).arg("data");
                            budget += len;
                            wanted.push(end);
                        }
                        _ => {}
                    }
                    end += 1;
                }
                if !wanted.is_empty() {
                    let values: Vec<Option<Vec<u8>>> = fetch
                        .query(&mut *self.conn()?)
                        .map_err(|e| self.fault(e, "read the values"))?;
                    for (i, v) in wanted.into_iter().zip(values) {
                        if let (Found::Hash { len, .. }, Some(bytes)) = (&items[i].found, &v) {
                            items[i].found = Found::Hash {
                                len: *len,
                                encrypted: Some(is_data_protected(bytes)),
                            };
                        }
                        items[i].value = v;
                    }
                }
                for item in items[start..end].iter_mut() {
                    visit(std::mem::replace(
                        item,
                        Scanned {
                            key: String::new(),
                            found: Found::Missing,
                            ttl_ms: -2,
                            value: None,
                        },
                    ))?;
                }
                start = end;
            }
            if cursor == 0 {
                return Ok(());
            }
        }
    }
}

impl Store for RedisStore {
    fn kind(&self) -> StoreKind {
        StoreKind::Redis
    }

    fn load(&self) -> Result<Option<Vec<u8>>> {
        self.load_inner()
    }

    fn save(&self, data: &[u8]) -> Result<()> {
        if self.in_tx.get() {
            return self.save_inner(data);
        }
        self.transaction(&mut || self.save_inner(data))
    }

    fn delete(&self) -> Result<bool> {
        if self.in_tx.get() {
            return self.delete_inner();
        }
        let mut deleted = false;
        self.transaction(&mut || {
            deleted = self.delete_inner()?;
            Ok(())
        })?;
        Ok(deleted)
    }

    fn verify(&self) -> Result<()> {
        let scratch = format!(
            "{}tokencache-verify:{}-{}",
            self.settings.prefix,
            std::process::id(),
            unique_nanos()
        );
        let mut c = self.conn()?;
        let round_trip = (|| -> Result<()> {
            let set: Option<String> = redis::cmd("SET")
                .arg(&scratch)
                .arg(VERIFY_DATA)
                .arg("EX")
                .arg(VERIFY_TTL_SECONDS)
                .arg("NX")
                .query(&mut *c)
                .map_err(|e| self.fault(e, "write a scratch key"))?;
            if set.is_none() {
                return Err(Error::Unavailable {
                    store: STORE,
                    cause: format!("the scratch key `{scratch}` already exists"),
                    hint: "run verify again".into(),
                });
            }
            let back: Option<Vec<u8>> = redis::cmd("GET")
                .arg(&scratch)
                .query(&mut *c)
                .map_err(|e| self.fault(e, "read the scratch key back"))?;
            if back.as_deref() != Some(VERIFY_DATA) {
                return Err(Error::Unavailable {
                    store: STORE,
                    cause: format!("what was written to `{scratch}` did not read back the same"),
                    hint: "check that --redis-url names a primary, not a replica or a proxy \
                           that caches"
                        .into(),
                });
            }
            Ok(())
        })();
        let cleanup = redis::cmd("DEL")
            .arg(&scratch)
            .exec(&mut *c)
            .map_err(|e| self.fault(e, "delete the scratch key"));
        round_trip.and(cleanup)
    }

    fn describe(&self) -> Description {
        let mut fields = vec![("url", self.settings.url.clone())];
        if let Some(key) = &self.settings.key {
            fields.push(("key", format!("{}{key}", self.settings.prefix)));
        }
        if !self.settings.prefix.is_empty() {
            fields.push(("prefix", self.settings.prefix.clone()));
        }
        fields.push(("layout", self.settings.layout.as_str().to_string()));
        if let Some(ttl) = self.settings.ttl {
            fields.push(("ttl_for_new_keys", format!("{}s", ttl.as_secs())));
        }
        if let Some(ca) = &self.settings.ca_file {
            fields.push(("ca_file", ca.display().to_string()));
        }
        fields.push((
            "password",
            if self.settings.password.is_some() {
                "set (not shown)"
            } else {
                "none"
            }
            .to_string(),
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
        self.partition()
    }
}

/// Parse `--redis-url` and add the password; refuse a password in the URL.
pub fn connection_info(settings: &RedisSettings) -> Result<ConnectionInfo> {
    let bad_url = |why: String| Error::Config {
        message: format!("--redis-url `{}`: {why}", settings.url),
        hint: "use redis://[user@]host[:port][/db], rediss://… for TLS, or \
               redis+unix:///path/to/socket?db=N"
            .into(),
    };
    if let Some(url) = redis::parse_redis_url(&settings.url) {
        if url.password().is_some() || url.query_pairs().any(|(k, _)| k == "pass") {
            // Never echo the URL back: it holds a password.
            return Err(Error::Config {
                message: "--redis-url must not contain a password".into(),
                hint: "remove it from the URL and put it in TOKENCACHE_REDIS_PASSWORD or a \
                       file named by --redis-password-file"
                    .into(),
            });
        }
    }
    let info = settings
        .url
        .as_str()
        .into_connection_info()
        .map_err(|e| bad_url(e.to_string()))?;
    let redis_settings = info.redis_settings().clone();
    let redis_settings = match &settings.password {
        Some(pw) => redis_settings.set_password(pw.as_str()),
        None => redis_settings,
    };
    Ok(info.set_redis_settings(redis_settings))
}

/// Install ring as rustls' process-wide crypto provider (once). On Windows
/// and macOS the OS's TLS stack is used instead (see Cargo.toml).
pub fn install_crypto_provider() {
    // Fails only when one is already installed, which is what we want.
    #[cfg(not(any(windows, target_os = "macos")))]
    let _ = rustls::crypto::ring::default_provider().install_default();
}

/// Whether `data` is an ASP.NET Core DataProtection payload.
pub fn is_data_protected(data: &[u8]) -> bool {
    data.len() >= 20 && data[..4] == DATA_PROTECTION_MAGIC
}

/// .NET ticks `seconds` from now (ASP.NET's `absexp`).
fn ticks_in(seconds: i64) -> i64 {
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64);
    TICKS_AT_UNIX_EPOCH + (now + seconds) * 10_000_000
}

fn unique_nanos() -> u32 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.subsec_nanos())
}

/// Escape `*?[]\` so a prefix matches itself in a `SCAN MATCH` pattern.
pub fn glob_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for ch in s.chars() {
        if matches!(ch, '*' | '?' | '[' | ']' | '\\') {
            out.push('\\');
        }
        out.push(ch);
    }
    out
}

/// Pair up a pipeline's flat replies.
fn pairs<A: redis::FromRedisValue, B: redis::FromRedisValue>(
    values: Vec<redis::Value>,
) -> Vec<(A, B)> {
    let mut out = Vec::with_capacity(values.len() / 2);
    let mut it = values.into_iter();
    while let (Some(a), Some(b)) = (it.next(), it.next()) {
        if let (Ok(a), Ok(b)) = (A::from_redis_value(a), B::from_redis_value(b)) {
            out.push((a, b));
        }
    }
    out
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
    if err.kind() == redis::ErrorKind::AuthenticationFailed {
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
        RedisFault::TooLarge | RedisFault::Encrypted | RedisFault::Other => "the server said",
    };
    format!("{what} ({detail})")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn settings(url: &str) -> RedisSettings {
        RedisSettings {
            url: url.into(),
            password: None,
            ca_file: None,
            timeout: Duration::from_secs(1),
            key: Some("k".into()),
            prefix: String::new(),
            layout: RedisLayout::Auto,
            ttl: None,
            max_value: 16 << 20,
            test_pause_dir: None,
        }
    }

    #[test]
    fn a_password_in_the_url_is_refused_and_not_echoed() {
        for url in [
            "redis://user:s3cret@localhost:6379/0",
            "redis+unix:///tmp/r.sock?pass=s3cret",
        ] {
            let err = connection_info(&settings(url)).unwrap_err();
            assert_eq!(err.exit_code(), crate::exit_code::ExitCode::Usage);
            assert!(!err.to_string().contains("s3cret"), "{err}");
        }
    }

    #[test]
    fn the_password_comes_from_the_settings() {
        let mut s = settings("redis://alice@127.0.0.1:7000/3");
        s.password = Some(Zeroizing::new("pw".into()));
        let info = connection_info(&s).unwrap();
        assert_eq!(info.redis_settings().username(), Some("alice"));
        assert_eq!(info.redis_settings().password(), Some("pw"));
        assert_eq!(info.redis_settings().db(), 3);
        assert!(!format!("{s:?}").contains("pw\""));
    }

    #[test]
    fn data_protection_payloads_are_recognised() {
        let mut blob = DATA_PROTECTION_MAGIC.to_vec();
        blob.extend([7u8; 40]);
        assert!(is_data_protected(&blob));
        assert!(!is_data_protected(b"{\"AccessToken\":{}}"));
        assert!(!is_data_protected(&DATA_PROTECTION_MAGIC));
    }

    #[test]
    fn prefixes_are_escaped_for_scan() {
        assert_eq!(glob_escape("app[1]*:"), "app\\[1\\]\\*:");
    }

    #[test]
    fn ticks_match_dotnet() {
        // DateTimeOffset.FromUnixTimeSeconds(0).UtcTicks
        assert_eq!(TICKS_AT_UNIX_EPOCH, 621_355_968_000_000_000);
        assert!(ticks_in(0) > TICKS_AT_UNIX_EPOCH);
    }
}
