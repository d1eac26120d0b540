//! `redis list`'s walk of the database: `SCAN`, never `KEYS`, in bounded
//! batches.

use redis::cluster_routing::{RoutingInfo, SingleNodeRoutingInfo};
use redis::{ConnectionLike, Pipeline, Value};

use super::{is_data_protected, Conn, Found, RedisStore};
use crate::error::Result;
use crate::store::partitions::{Partition, Partitions, Shape};
use crate::store::Store;

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
    /// On a cluster: the master (`host:port`) whose SCAN found the key.
    pub node: Option<String>,
}

impl RedisStore {
    /// Walk the database with `SCAN` (never `KEYS`) over keys matching
    /// `--redis-prefix` + `pattern`, in batches, calling `visit` for each
    /// key with its type, TTL, size and (for strings and ASP.NET hashes no
    /// larger than the read limit) its value. Memory stays bounded by one
    /// batch of keys and its values: fetching stops once 8 MiB is reached,
    /// so at most 8 MiB plus one value (itself at most the read limit).
    ///
    /// On a cluster, SCAN is per node: every master is walked in turn (the
    /// masters as `CLUSTER NODES` names them when the walk starts), and the
    /// keys' types, sizes and values are read through the cluster client,
    /// which follows `MOVED`/`ASK` for a key whose slot moved meanwhile.
    pub fn scan(&self, pattern: &str, visit: &mut dyn FnMut(Scanned) -> Result<()>) -> Result<()> {
        if !self.settings.cluster {
            return self.scan_node(None, pattern, visit);
        }
        self.renew_deadline();
        let nodes: String = redis::cmd("CLUSTER")
            .arg("NODES")
            .query(&mut *self.conn()?)
            .map_err(|e| self.fault(e, "list the cluster's nodes"))?;
        for (host, port) in masters(&nodes) {
            self.scan_node(Some((host, port)), pattern, visit)?;
        }
        Ok(())
    }

    /// The walk of one server (`None`), or of one cluster master.
    fn scan_node(
        &self,
        node: Option<(String, u16)>,
        pattern: &str,
        visit: &mut dyn FnMut(Scanned) -> Result<()>,
    ) -> Result<()> {
        const BATCH: usize = 500;
        const VALUE_BUDGET: u64 = 8 * 1024 * 1024;
        let full_pattern = format!("{}{pattern}", glob_escape(&self.settings.prefix));
        let mut cursor: u64 = 0;
        loop {
            // Each batch of the walk has its own --redis-timeout.
            self.renew_deadline();
            let mut scan = redis::cmd("SCAN");
            scan.arg(cursor)
                .arg("MATCH")
                .arg(&full_pattern)
                .arg("COUNT")
                .arg(BATCH);
            let reply = match (&node, &mut *self.conn()?) {
                (Some((host, port)), Conn::Cluster(c)) => c.route_command(
                    &scan,
                    RoutingInfo::SingleNode(SingleNodeRoutingInfo::ByAddress {
                        host: host.clone(),
                        port: *port,
                    }),
                ),
                (_, c) => c.req_command(&scan),
            };
            let (next, keys): (u64, Vec<Vec<u8>>) = reply
                .and_then(|v| redis::from_redis_value(v).map_err(Into::into))
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
            let types: Vec<(String, i64)> =
                pairs(batch(&mut c, &meta).map_err(|e| self.fault(e, "read the keys' types"))?);
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
            let lens: Vec<(i64, i64)> =
                pairs(batch(&mut c, &sizes).map_err(|e| self.fault(e, "read the keys' sizes"))?);
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
                    node: node.as_ref().map(|(h, p)| format!("{h}:{p}")),
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
                    let values: Vec<Option<Vec<u8>>> = batch(&mut *self.conn()?, &fetch)
                        .and_then(|v| {
                            v.into_iter()
                                .map(|v| redis::from_redis_value(v).map_err(Into::into))
                                .collect()
                        })
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
                            node: None,
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

impl Partitions for RedisStore {
    fn walk(&self, pattern: &str, visit: &mut dyn FnMut(Partition) -> Result<()>) -> Result<()> {
        let prefix = self.settings.prefix.clone();
        self.scan(pattern, &mut |s| {
            let partition = s.key.strip_prefix(&prefix).unwrap_or(&s.key).to_string();
            let (shape, bytes) = match s.found {
                Found::Missing => (Shape::Missing, 0),
                Found::String(len) => (Shape::String, len),
                Found::Hash { len, .. } => (Shape::Hash, len),
                Found::Other(t) => (Shape::Other(t), 0),
            };
            visit(Partition {
                key: s.key,
                partition,
                shape,
                bytes,
                ttl_seconds: (s.ttl_ms >= 0).then_some(s.ttl_ms / 1000),
                expired: None,
                value: s.value,
                node: s.node,
            })
        })
    }

    /// The partition's store takes this store's connection for the time of
    /// `f` (and gives it back), with a deadline of its own; this store's
    /// deadline (whose watchdog guards the connection) is renewed first.
    fn with_partition(
        &self,
        partition: &str,
        f: &mut dyn FnMut(&dyn Store) -> Result<()>,
    ) -> Result<()> {
        let mut settings = self.settings.clone();
        settings.key = Some(partition.to_string());
        let store = RedisStore::new(settings);
        self.renew_deadline();
        *store.conn.borrow_mut() = self.conn.borrow_mut().take();
        *store.conn_fds.borrow_mut() = self.conn_fds.borrow().clone();
        let result = f(&store);
        *self.conn.borrow_mut() = store.conn.borrow_mut().take();
        *self.conn_fds.borrow_mut() = store.conn_fds.borrow().clone();
        self.retries.set(self.retries.get() + store.retries.get());
        self.renew_deadline();
        result
    }
}

/// A pipeline's replies: one round trip on a server; on a cluster, command
/// by command, each routed to its key's node (a pipeline goes to one node,
/// and the keys of a batch may have moved).
fn batch(c: &mut Conn, pipe: &Pipeline) -> redis::RedisResult<Vec<Value>> {
    match c {
        Conn::Plain(_) => pipe.query(c),
        Conn::Cluster(c) => pipe.cmd_iter().map(|cmd| c.req_command(cmd)).collect(),
    }
}

/// The masters (`host`, `port`) in a `CLUSTER NODES` reply, failed ones
/// left out.
fn masters(nodes: &str) -> Vec<(String, u16)> {
    let mut out: Vec<(String, u16)> = nodes
        .lines()
        .filter_map(|line| {
            let fields: Vec<&str> = line.split(' ').collect();
            let (addr, flags) = (fields.get(1)?, fields.get(2)?);
            let flags: Vec<&str> = flags.split(',').collect();
            if !flags.contains(&"master") || flags.contains(&"fail") || flags.contains(&"noaddr") {
                return None;
            }
            // ip:port@cport[,hostname]
            let hostport = addr.split(['@', ',']).next()?;
            let (host, port) = hostport.rsplit_once(':')?;
            Some((
                host.trim_matches(['[', ']']).to_string(),
                port.parse().ok()?,
            ))
        })
        .collect();
    out.sort();
    out
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
    fn the_masters_are_read_from_cluster_nodes() {
        let nodes = "\
07c3 127.0.0.1:30004@40004 slave e7d1 0 1 5 connected
67ed 127.0.0.1:30002@40002,host2 master - 0 1 2 connected 5461-10922
e7d1 127.0.0.1:30001@40001 myself,master - 0 0 1 connected 0-5460
6ec2 127.0.0.1:30003@40003 master,fail - 0 1 3 connected
";
        assert_eq!(
            masters(nodes),
            vec![("127.0.0.1".into(), 30001), ("127.0.0.1".into(), 30002)]
        );
    }

    #[test]
    fn prefixes_are_escaped_for_scan() {
        assert_eq!(glob_escape("app[1]*:"), "app\\[1\\]\\*:");
    }
}
