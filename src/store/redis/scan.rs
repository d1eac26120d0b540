//! `redis list`'s walk of the database: `SCAN`, never `KEYS`, in bounded
//! batches.

use super::{is_data_protected, Found, RedisStore};
use crate::error::Result;

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

impl RedisStore {
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
            // Each batch of the walk has its own --redis-timeout.
            self.renew_deadline();
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefixes_are_escaped_for_scan() {
        assert_eq!(glob_escape("app[1]*:"), "app\\[1\\]\\*:");
    }
}
