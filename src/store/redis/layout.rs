//! The two layouts a cache takes in a key (msal-node's string, ASP.NET's
//! hash), and reading, writing and deleting the key in either.

use std::time::{SystemTime, UNIX_EPOCH};

use super::{Conn, RedisFault, RedisStore};
use crate::error::{Error, Result};

/// ASP.NET Core DataProtection's payload magic header.
pub const DATA_PROTECTION_MAGIC: [u8; 4] = [0x09, 0xF0, 0xC9, 0xF0];
/// The compare-and-set a cluster write is (see `compare_and_set`): KEYS[1]
/// the key; ARGV: the type expected (`none`, `string`, `hash`), the value
/// expected (the string, or the hash's `data`), the operation, the new
/// data, the TTL of a new key (seconds, or empty), `absexp` of a new hash.
/// 1: written; 0: the key changed since it was read, nothing written.
const COMPARE_AND_SET: &str = r"
local t = redis.call('TYPE', KEYS[1])['ok']
if t ~= ARGV[1] then return 0 end
if t == 'string' then
  if redis.call('GET', KEYS[1]) ~= ARGV[2] then return 0 end
elseif t == 'hash' then
  if redis.call('HGET', KEYS[1], 'data') ~= ARGV[2] then return 0 end
end
local op = ARGV[3]
if op == 'set' then
  if ARGV[5] ~= '' then redis.call('SET', KEYS[1], ARGV[4], 'EX', ARGV[5])
  else redis.call('SET', KEYS[1], ARGV[4]) end
elseif op == 'set-keepttl' then
  redis.call('SET', KEYS[1], ARGV[4], 'KEEPTTL')
elseif op == 'hset-new' then
  redis.call('HSET', KEYS[1], 'absexp', ARGV[6], 'sldexp', '-1', 'data', ARGV[4])
  if ARGV[5] ~= '' then redis.call('EXPIRE', KEYS[1], ARGV[5]) end
elseif op == 'hset-data' then
  redis.call('HSET', KEYS[1], 'data', ARGV[4])
elseif op == 'del' then
  redis.call('DEL', KEYS[1])
end
return 1
";
/// .NET ticks (100 ns) at the Unix epoch.
const TICKS_AT_UNIX_EPOCH: i64 = 621_355_968_000_000_000;

/// How the cache is laid out in the key.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
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

impl RedisStore {
    /// What `key` holds: `TYPE`, then the size of what tokencache would read.
    pub(super) fn probe(&self, c: &mut Conn, key: &str) -> Result<Found> {
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
    pub(super) fn wrong_type(&self, found: &Found) -> Error {
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

    pub(super) fn encrypted_error(&self, action: &str) -> Error {
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

    pub(super) fn too_large(&self, len: u64) -> Error {
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
    pub(super) fn check_layout(&self, found: &Found) -> Result<()> {
        match (self.settings.layout, found) {
            (_, Found::Missing) => Ok(()),
            (_, Found::Other(_)) => Err(self.wrong_type(found)),
            (RedisLayout::String, Found::Hash { .. }) | (RedisLayout::Aspnet, Found::String(_)) => {
                Err(self.wrong_type(found))
            }
            _ => Ok(()),
        }
    }

    pub(super) fn load_inner(&self) -> Result<Option<Vec<u8>>> {
        let key = self.full_key()?;
        let mut c = self.conn()?;
        let mut found = self.probe(&mut c, &key)?;
        self.check_layout(&found)?;
        let value: Vec<u8> = match found {
            Found::Missing => {
                self.observe(found);
                self.observe_value(Vec::new());
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
        if self.settings.cluster {
            self.observe_value(value.clone());
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

    pub(super) fn observe_value(&self, value: Vec<u8>) {
        if self.in_tx.get() {
            *self.observed_value.borrow_mut() = Some(value);
        }
    }

    /// On a cluster: what the compare-and-set script expects the key to
    /// hold — what `load` read in this transaction, or read now.
    fn expected_value(&self, c: &mut Conn, key: &str, found: &Found) -> Result<Vec<u8>> {
        if let Some(value) = self.observed_value.borrow().clone() {
            return Ok(value);
        }
        Ok(match found {
            Found::String(_) => redis::cmd("GET")
                .arg(key)
                .query::<Option<Vec<u8>>>(c)
                .map_err(|e| self.fault(e, "read the key"))?
                .unwrap_or_default(),
            Found::Hash { .. } => redis::cmd("HGET")
                .arg(key)
                .arg("data")
                .query::<Option<Vec<u8>>>(c)
                .map_err(|e| self.fault(e, "read the key"))?
                .unwrap_or_default(),
            Found::Missing | Found::Other(_) => Vec::new(),
        })
    }

    /// On a cluster: run [`COMPARE_AND_SET`] — `op` (`set`, `set-keepttl`,
    /// `hset-new`, `hset-data`, `del`) only if the key still has `found`'s
    /// type and holds `expected`; a conflict otherwise.
    #[allow(clippy::too_many_arguments)]
    fn compare_and_set(
        &self,
        c: &mut Conn,
        key: &str,
        found: &Found,
        op: &str,
        data: &[u8],
        ttl: Option<u64>,
        absexp: i64,
    ) -> Result<()> {
        let expected = self.expected_value(c, key, found)?;
        let kind = match found {
            Found::Missing => "none",
            Found::String(_) => "string",
            Found::Hash { .. } => "hash",
            Found::Other(_) => return Err(self.wrong_type(found)),
        };
        self.pause_for_test();
        let done: i64 = redis::cmd("EVAL")
            .arg(COMPARE_AND_SET)
            .arg(1)
            .arg(key)
            .arg(kind)
            .arg(expected)
            .arg(op)
            .arg(data)
            .arg(ttl.map(|t| t.to_string()).unwrap_or_default())
            .arg(absexp)
            .query(c)
            .map_err(|e| self.exec_fault(e, "write the key"))?;
        if done == 1 {
            Ok(())
        } else {
            Err(self.conflict())
        }
    }

    pub(super) fn observe(&self, found: Found) {
        if self.in_tx.get() {
            *self.observed.borrow_mut() = Some(found);
        }
    }

    /// What the key holds now: as `load` saw it in this transaction, or probed.
    pub(super) fn current(&self, c: &mut Conn, key: &str) -> Result<Found> {
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

    pub(super) fn save_inner(&self, data: &[u8]) -> Result<()> {
        let key = self.full_key()?;
        let mut c = self.conn()?;
        let found = self.current(&mut c, &key)?;
        if self.settings.cluster {
            return self.save_on_cluster(&mut c, &key, &found, data);
        }
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
            .map_err(|e| self.exec_fault(e, "write the key"))?;
        match done {
            Some(_) => Ok(()),
            None => Err(self.conflict()),
        }
    }

    /// `save_inner` on a cluster: the same writes as the transaction's, as
    /// one compare-and-set script.
    fn save_on_cluster(&self, c: &mut Conn, key: &str, found: &Found, data: &[u8]) -> Result<()> {
        let ttl = self.settings.ttl.map(|t| t.as_secs().max(1));
        let (op, absexp) = match found {
            Found::Missing => {
                let hash = match self.settings.layout {
                    RedisLayout::Aspnet => true,
                    RedisLayout::String => false,
                    RedisLayout::Auto => !self.settings.prefix.is_empty(),
                };
                if hash {
                    ("hset-new", ttl.map_or(-1, |t| ticks_in(t as i64)))
                } else {
                    ("set", -1)
                }
            }
            Found::String(_) => ("set-keepttl", -1),
            Found::Hash {
                encrypted: Some(true),
                ..
            } => return Err(self.encrypted_error("overwrite")),
            Found::Hash { .. } => ("hset-data", -1),
            Found::Other(_) => return Err(self.wrong_type(found)),
        };
        self.compare_and_set(c, key, found, op, data, ttl, absexp)
    }

    pub(super) fn delete_inner(&self) -> Result<bool> {
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
        if self.settings.cluster {
            self.compare_and_set(&mut c, &key, &found, "del", b"", None, -1)?;
            return Ok(true);
        }
        self.pause_for_test();
        let done: Option<redis::Value> = redis::pipe()
            .atomic()
            .cmd("DEL")
            .arg(&key)
            .query(&mut *c)
            .map_err(|e| self.exec_fault(e, "delete the key"))?;
        match done {
            Some(_) => Ok(true),
            None => Err(self.conflict()),
        }
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn data_protection_payloads_are_recognised() {
        let mut blob = DATA_PROTECTION_MAGIC.to_vec();
        blob.extend([7u8; 40]);
        assert!(is_data_protected(&blob));
        assert!(!is_data_protected(b"{\"AccessToken\":{}}"));
        assert!(!is_data_protected(&DATA_PROTECTION_MAGIC));
    }

    #[test]
    fn ticks_match_dotnet() {
        // DateTimeOffset.FromUnixTimeSeconds(0).UtcTicks
        assert_eq!(TICKS_AT_UNIX_EPOCH, 621_355_968_000_000_000);
        assert!(ticks_in(0) > TICKS_AT_UNIX_EPOCH);
    }
}
