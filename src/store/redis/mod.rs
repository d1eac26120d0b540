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
//! **`verify`:** round-trips a scratch key `<prefix><key>:tokencache-verify:<pid>-<n>`
//! (`<prefix>tokencache-verify:<pid>-<n>` without `--redis-key`), under the
//! key's own name so that an ACL user limited to its key may verify; it
//! carries a 30-second TTL and is deleted on every path.
//! **Bounded:** `--redis-timeout` bounds connecting (TCP, TLS, `AUTH`) and
//! every command; a value larger than `TOKENCACHE_MAX_SIZE` (16 MiB) is refused
//! before it is fetched.
//! **TLS:** rustls (ring) on Linux and other Unixes, SChannel on Windows and
//! Security.framework on macOS; with the system's roots or `--redis-ca-file`.
//! **Redis Cluster** (`--redis-cluster`; `--redis-url` lists seed nodes):
//! the cluster client routes each command to the node serving the key's
//! slot and follows `MOVED`/`ASK`. A partition is one key, so single-key
//! atomicity is enough: a write is a compare-and-set Lua script that sets
//! (or deletes) only if the key still holds what was read, retried as a
//! failed `EXEC` is. `redis list` scans every master.
//! **Redis Sentinel** (`--redis-sentinel MASTER`; `--redis-url` lists the
//! sentinels): each command asks the sentinels for the master and checks
//! its `ROLE` (redis-rs's sentinel client), then works on it as on one
//! server (`WATCH`/`MULTI`/`EXEC`). A command that fails as a failover makes
//! it fail (the master gone, demoted, or not yet promoted) asks again,
//! within `--redis-timeout`.

use std::cell::{Cell, RefCell};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use super::{Description, Fact, Store, StoreKind, VERIFY_DATA};
use crate::error::{Error, Result};

pub mod args;
mod connect;
mod fault;
mod layout;
mod scan;
mod sentinel;

pub use args::RedisArgs;
pub use connect::{cluster_seeds, connection_info, install_crypto_provider, Conn, RedisSettings};
pub use fault::RedisFault;
pub use layout::{is_data_protected, Found, RedisLayout, DATA_PROTECTION_MAGIC};
pub use scan::{glob_escape, Scanned};
pub use sentinel::sentinel_nodes;

/// How often a read-modify-write is tried before giving up (exit 6).
pub const MAX_ATTEMPTS: u32 = 8;
/// The TTL of `verify`'s scratch key.
const VERIFY_TTL_SECONDS: u64 = 30;
/// The store's name in errors.
const STORE: &str = "redis";

/// A cache partition kept in one Redis key.
pub struct RedisStore {
    settings: RedisSettings,
    conn: RefCell<Option<Conn>>,
    /// Inside an optimistic transaction: the key is `WATCH`ed.
    in_tx: Cell<bool>,
    /// What `load` saw inside the current transaction.
    observed: RefCell<Option<Found>>,
    /// On a cluster: the value `load` read in the current transaction (the
    /// string, or the hash's `data`), which the compare-and-set script
    /// expects to find unchanged.
    observed_value: RefCell<Option<Vec<u8>>>,
    /// Transactions aborted because another writer changed the key.
    retries: Cell<u32>,
    /// On a cluster: the last error was a node failing or a slot moving
    /// (see `fault::note_failover`).
    failover: Cell<bool>,
    /// `--redis-timeout` as a deadline over one operation (a read, a
    /// write's whole transaction; see [`RedisStore::operation`]), or, for a
    /// walk (`list`, `prune`), over each batch (see
    /// `store::deadline::Deadline`).
    deadline: RefCell<connect::Deadline>,
    /// The socket descriptors of the open connection (Unix), which the
    /// watchdog of each operation's deadline shuts down when it passes.
    conn_fds: RefCell<crate::store::deadline::Sockets>,
    /// Inside [`RedisStore::operation`].
    in_op: Cell<bool>,
}

impl RedisStore {
    /// The store `settings` describe (nothing is contacted yet).
    pub fn new(settings: RedisSettings) -> RedisStore {
        RedisStore {
            settings,
            conn: RefCell::new(None),
            in_tx: Cell::new(false),
            observed: RefCell::new(None),
            observed_value: RefCell::new(None),
            retries: Cell::new(0),
            failover: Cell::new(false),
            deadline: RefCell::default(),
            conn_fds: RefCell::default(),
            in_op: Cell::new(false),
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
        let at = match &self.settings.sentinel {
            Some(name) => format!(
                "of master `{name}` (sentinels at {})",
                self.settings.display_url()
            ),
            None => format!("at {}", self.settings.display_url()),
        };
        match &self.settings.key {
            Some(key) => format!("Redis key `{}{key}` {at}", self.settings.prefix),
            None => format!("Redis {at}"),
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
        self.with_failover(&mut || self.transaction_once(f))
    }

    /// On a cluster or through sentinels: run `f` again while it fails the
    /// way a failover or a resharding makes it fail, with a fresh connection
    /// (a fresh slot map; the master asked of the sentinels again) each
    /// time, until it succeeds, fails otherwise, or `--redis-timeout` runs
    /// out. A write whose answer was lost is safe to run again there: the
    /// compare-and-set script (cluster) or the `WATCH`ed transaction
    /// (sentinel) writes only over what the new attempt read. A standalone
    /// server: `f` once.
    fn with_failover<T>(&self, f: &mut dyn FnMut() -> Result<T>) -> Result<T> {
        loop {
            self.failover.set(false);
            match f() {
                Err(e) if self.failover.get() && !self.past_deadline() => {
                    *self.conn.borrow_mut() = None;
                    std::thread::sleep(Duration::from_millis(
                        100 + u64::from(unique_nanos() % 100),
                    ));
                    if self.past_deadline() {
                        return Err(e);
                    }
                }
                other => return other,
            }
        }
    }

    fn transaction_once(&self, f: &mut dyn FnMut() -> Result<()>) -> Result<()> {
        let key = self.full_key()?;
        for attempt in 1..=MAX_ATTEMPTS {
            // A cluster client cannot WATCH (the connection to the key's
            // node is its own): there the write is a compare-and-set script
            // that expects what `load` read (`observed_value`).
            if !self.settings.cluster {
                redis::cmd("WATCH")
                    .arg(&key)
                    .exec(&mut *self.conn()?)
                    .map_err(|e| self.fault(e, "watch the key"))?;
            }
            *self.observed.borrow_mut() = None;
            *self.observed_value.borrow_mut() = None;
            self.in_tx.set(true);
            let result = f();
            self.in_tx.set(false);
            *self.observed.borrow_mut() = None;
            *self.observed_value.borrow_mut() = None;
            match result {
                Err(Error::Contention { .. }) => {
                    self.retries.set(self.retries.get() + 1);
                    // Exponential backoff with full jitter (a random wait
                    // up to 20, 40, 80, then 160 ms): writers that all
                    // lost to the same winner — after a failover they all
                    // come back at once — spread out instead of colliding
                    // again in lock step. Capped low: a loser waiting long
                    // only lets fresh writers in first. At most 780 ms.
                    if attempt < MAX_ATTEMPTS {
                        let ceiling = 10u32 << attempt.min(4);
                        std::thread::sleep(Duration::from_millis(u64::from(
                            unique_nanos() % ceiling,
                        )));
                    }
                }
                other => {
                    // EXEC already forgot the watch; a transaction that
                    // wrote nothing (or failed) ends it here.
                    if !self.settings.cluster {
                        if let Ok(mut c) = self.conn() {
                            let _ = redis::cmd("UNWATCH").exec(&mut *c);
                        }
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

    /// `verify`'s round trip: a scratch key written, read back, deleted.
    fn verify_inner(&self) -> Result<()> {
        // Under the key's own name when there is one, so that an ACL user
        // limited to its key (`~<key>*`) may verify; else under the prefix.
        let base = match &self.settings.key {
            Some(key) => format!("{}{key}:", self.settings.prefix),
            None => self.settings.prefix.clone(),
        };
        let scratch = format!(
            "{base}tokencache-verify:{}-{}",
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
}

impl Store for RedisStore {
    fn kind(&self) -> StoreKind {
        StoreKind::Redis
    }

    fn load(&self) -> Result<Option<Vec<u8>>> {
        if self.in_tx.get() {
            return self.load_inner();
        }
        self.operation(|| self.with_failover(&mut || self.load_inner()))
    }

    fn save(&self, data: &[u8]) -> Result<()> {
        if self.in_tx.get() {
            return self.save_inner(data);
        }
        self.operation(|| self.transaction(&mut || self.save_inner(data)))
    }

    fn delete(&self) -> Result<bool> {
        if self.in_tx.get() {
            return self.delete_inner();
        }
        let mut deleted = false;
        self.operation(|| {
            self.transaction(&mut || {
                deleted = self.delete_inner()?;
                Ok(())
            })
        })?;
        Ok(deleted)
    }

    fn verify(&self) -> Result<()> {
        self.operation(|| self.verify_inner())
    }

    fn describe(&self) -> Description {
        let mut fields: Vec<(&str, Fact)> = vec![("url", self.settings.display_url().into())];
        if self.settings.cluster {
            fields.push(("cluster", "yes".into()));
        }
        if let Some(name) = &self.settings.sentinel {
            fields.push(("sentinel_master", name.clone().into()));
            fields.push((
                "sentinel_password",
                if self.settings.sentinel_password.is_some() {
                    "set (not shown)"
                } else {
                    "none"
                }
                .into(),
            ));
        }
        if let Some(key) = &self.settings.key {
            fields.push(("key", format!("{}{key}", self.settings.prefix).into()));
        }
        if !self.settings.prefix.is_empty() {
            fields.push(("prefix", self.settings.prefix.clone().into()));
        }
        fields.push(("layout", self.settings.layout.as_str().into()));
        if let Some(ttl) = self.settings.ttl {
            fields.push(("ttl_for_new_keys", format!("{}s", ttl.as_secs()).into()));
        }
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
        Some(self.operation(|| self.transaction(f)))
    }

    fn retries(&self) -> Option<u32> {
        Some(self.retries.get())
    }

    fn partition_key(&self) -> Option<&str> {
        self.partition()
    }

    fn partitions(&self) -> Option<&dyn super::partitions::Partitions> {
        Some(self)
    }
}

fn unique_nanos() -> u32 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.subsec_nanos())
}
