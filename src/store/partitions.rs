//! A store that holds many partitions (one per user, app or on-behalf-of
//! assertion) and can walk them: Redis (a server or a cluster: every
//! master), Postgres (every row of the cache table). `list` and `prune`
//! work through this capability ([`Store::partitions`](super::Store::partitions)),
//! never through a backend by name, so a new distributed store (Redis
//! Sentinel, another SQL table) plugs in by implementing [`Partitions`].

use crate::error::Result;

/// What a walk found at one key or row.
#[derive(Debug, Clone)]
pub struct Partition {
    /// The whole key or row id as stored (Redis: with `--redis-prefix`),
    /// lossily UTF-8.
    pub key: String,
    /// The partition, as `--redis-key` / `--pg-key` names it (the key
    /// without the prefix); what [`Partitions::with_partition`] takes.
    pub partition: String,
    /// What the key or row holds.
    pub shape: Shape,
    /// Bytes of the value (the string, the hash's `data`, the row's value).
    pub bytes: u64,
    /// Seconds to live; `None` when it never expires (Redis without a TTL)
    /// or has expired (`expired`).
    pub ttl_seconds: Option<i64>,
    /// Where expired data outlives its expiry (a Postgres row past its
    /// expiry stays until the provider's cleanup deletes it, and the
    /// providers read it as missing): whether it has expired. `None` where
    /// expired data is gone (Redis).
    pub expired: Option<bool>,
    /// The value, when it is no larger than the read limit.
    pub value: Option<Vec<u8>>,
    /// On a Redis Cluster: the master (`host:port`) whose walk found it.
    pub node: Option<String>,
}

/// What a key or row holds, as far as a walk tells.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Shape {
    /// Gone between the walk and the read (Redis `TYPE` said `none`).
    Missing,
    /// A Redis string (msal-node's `DistributedCachePlugin` layout).
    String,
    /// A Redis hash with a `data` field (ASP.NET Core's `RedisCache`).
    Hash,
    /// A row of an `IDistributedCache` table (its value column).
    Row,
    /// Anything else: the backend's own type (`list`, `set`, a hash without
    /// `data`, …).
    Other(String),
}

/// The capability of a store made of partitions.
pub trait Partitions {
    /// Walk every partition matching `pattern` (a glob after the prefix:
    /// `*`, `?`, `[…]` and `\` escapes as Redis's `SCAN MATCH` takes them;
    /// a store may refuse what it cannot match exactly), calling `visit`
    /// for each as it is found. Memory stays bounded by one batch of the
    /// walk, whatever the number of partitions.
    fn walk(&self, pattern: &str, visit: &mut dyn FnMut(Partition) -> Result<()>) -> Result<()>;

    /// Run `f` with a store holding `partition` (as `--redis-key` /
    /// `--pg-key` would name it), reusing this store's connection: `f`
    /// reads and changes it through `Store::atomically`, the store's own
    /// transaction, exactly as `write` does. May be called from `visit`.
    fn with_partition(
        &self,
        partition: &str,
        f: &mut dyn FnMut(&dyn super::Store) -> Result<()>,
    ) -> Result<()>;
}
