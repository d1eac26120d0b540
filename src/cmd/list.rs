//! `tokencache list` (and its alias `redis list`): walk a store made of
//! partitions (a Redis database or cluster, a Postgres cache table) and
//! say, key by key, what each holds — the operator's view of a distributed
//! token cache: which partitions grow, which hold expired tokens, which mix
//! partitions.
//!
//! The walk is the store's ([`Partitions::walk`]); keys are printed as they
//! are found (one line or one JSON object each), so memory stays bounded
//! whatever the number of keys; the totals follow.

use std::io::{self, IsTerminal, Write};

use serde::Serialize;
use serde_json::{Map, Value};

use super::document::now;
use super::emit;
use crate::cache::{self, entry, partition};
use crate::cli::ListArgs;
use crate::config::Config;
use crate::error::{Error, Result};
use crate::store::partitions::{Partition, Partitions, Shape};
use crate::store::redis::is_data_protected;
use crate::store::Store;

/// `tokencache list`: the store `--store` names, which must be made of
/// partitions.
pub fn run(config: &Config, args: &ListArgs, out: &mut dyn Write) -> Result<()> {
    let store = partitioned(config)?;
    let parts = store.partitions().expect("checked by partitioned");
    list(config, parts, args, out)
}

/// The store `--store` names, when it is made of partitions; else the
/// usage error (exit 2) naming the stores that are.
pub fn partitioned(config: &Config) -> Result<Box<dyn Store>> {
    let not_partitioned = |what: &str| Error::Config {
        message: format!("{what} holds one cache, not partitions to walk"),
        hint: "name a distributed store: --store redis (with --redis-url) or --store postgres \
               (with --pg-url), or TOKENCACHE_STORE"
            .into(),
    };
    let Some(kind) = config.store else {
        return Err(not_partitioned("--store auto (the platform's store)"));
    };
    let store = crate::config::build(config, kind)?;
    if store.partitions().is_none() {
        return Err(not_partitioned(&format!("--store {}", kind.as_str())));
    }
    Ok(store)
}

/// What a key holds, for people and scripts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Layout {
    /// A string holding an MSAL cache (msal-node `DistributedCachePlugin`).
    MsalNode,
    /// An ASP.NET Core `RedisCache` hash whose `data` is an MSAL cache.
    Aspnet,
    /// An ASP.NET Core hash whose `data` DataProtection encrypted.
    AspnetEncrypted,
    /// Anything else (sessions, discovery metadata, other apps' data).
    Other,
}

impl Layout {
    fn as_str(self) -> &'static str {
        match self {
            Layout::MsalNode => "msal-node",
            Layout::Aspnet => "aspnet",
            Layout::AspnetEncrypted => "aspnet-encrypted",
            Layout::Other => "other",
        }
    }
}

/// One key, as listed.
#[derive(Debug, Clone, Serialize)]
pub struct Listed {
    /// The whole key (with the prefix).
    pub key: String,
    /// What it holds.
    pub layout: Layout,
    /// The Redis type (`string`, `hash`, `list`, …); not for a Postgres row.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub redis_type: Option<String>,
    /// Seconds to live; `None` when the key never expires (Redis) or the
    /// row has expired (Postgres).
    pub ttl_seconds: Option<i64>,
    /// Postgres: whether the row is past its expiry (the providers read it
    /// as missing; it stays until their cleanup deletes it).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expired: Option<bool>,
    /// Bytes of the value (the string, or the hash's `data` field).
    pub bytes: u64,
    /// Entries per MSAL section (caches only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub counts: Option<Counts>,
    /// Whether every entry belongs to the key's partition (caches only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub partition_consistent: Option<bool>,
    /// How many entries belong to another partition (caches only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub foreign_entries: Option<usize>,
    /// Why a value that looked like a cache could not be read.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub problem: Option<String>,
    /// On a cluster: the master (`host:port`) that holds the key.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub node: Option<String>,
}

/// What a cache holds.
#[derive(Debug, Clone, Copy, Default, Serialize)]
pub struct Counts {
    /// `Account` entries.
    pub accounts: usize,
    /// `AccessToken` entries.
    pub access_tokens: usize,
    /// `RefreshToken` entries.
    pub refresh_tokens: usize,
    /// `IdToken` entries.
    pub id_tokens: usize,
    /// Access tokens whose `expires_on` is before now (`expires_on < now`).
    pub expired_access_tokens: usize,
}

/// Totals over the walk.
#[derive(Debug, Clone, Default, Serialize)]
struct Summary {
    keys_scanned: u64,
    msal_node: u64,
    aspnet: u64,
    aspnet_encrypted: u64,
    other: u64,
    cache_bytes: u64,
    largest_key: Option<String>,
    largest_bytes: u64,
    inconsistent_partitions: u64,
    expired_access_tokens: u64,
    /// Postgres: rows past their expiry.
    #[serde(skip_serializing_if = "Option::is_none")]
    expired_rows: Option<u64>,
    /// On a cluster: keys scanned per master (`host:port`).
    #[serde(skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    nodes: std::collections::BTreeMap<String, u64>,
}

/// Walk `parts` and print what each key or row holds, then the totals.
pub fn list(
    config: &Config,
    parts: &dyn Partitions,
    args: &ListArgs,
    out: &mut dyn Write,
) -> Result<()> {
    let max_value = config.max_size;
    let now = args.now.unwrap_or_else(now);
    let progress = io::stderr().is_terminal() && !config.quiet;
    let mut summary = Summary::default();
    let mut first = true;
    if config.json {
        emit(out, b"{\"keys\": [")?;
    } else {
        emit(
            out,
            format!(
                "{:<16} {:>9} {:>10} {:>5} {:>5} {:>5} {:>7} {:<9} KEY\n",
                "LAYOUT", "TTL", "BYTES", "ACCTS", "AT", "RT", "EXPIRED", "PARTITION"
            )
            .as_bytes(),
        )?;
    }
    let mut shown_progress = false;
    parts.walk(&args.pattern, &mut |found| {
        summary.keys_scanned += 1;
        if let Some(node) = &found.node {
            *summary.nodes.entry(node.clone()).or_default() += 1;
        }
        if let Some(expired) = found.expired {
            *summary.expired_rows.get_or_insert(0) += u64::from(expired);
        }
        let listed = classify(found, max_value, now);
        tally(&mut summary, &listed);
        if progress && summary.keys_scanned % 1000 == 0 {
            let _ = write!(
                io::stderr(),
                "\r\x1b[2Kscanned {} keys…",
                summary.keys_scanned
            );
            shown_progress = true;
        }
        if listed.layout == Layout::Other && !args.all {
            return Ok(());
        }
        if shown_progress {
            let _ = write!(io::stderr(), "\r\x1b[2K");
            shown_progress = false;
        }
        if config.json {
            let mut line = if first { "\n  " } else { ",\n  " }.to_string();
            line += &serde_json::to_string(&listed).expect("serialisable");
            first = false;
            emit(out, line.as_bytes())
        } else {
            emit(out, row(&listed).as_bytes())
        }
    })?;
    if shown_progress {
        let _ = write!(io::stderr(), "\r\x1b[2K");
    }
    if config.json {
        let tail = format!(
            "\n],\n\"summary\": {}}}\n",
            serde_json::to_string_pretty(&summary).expect("serialisable")
        );
        return emit(out, tail.as_bytes());
    }
    if !config.quiet {
        let s = &summary;
        let n = crate::text::count;
        let mut line = format!(
            "{} scanned: {} msal-node, {} aspnet, {} aspnet-encrypted, {} other; {} of caches",
            n(s.keys_scanned, "key", "keys"),
            s.msal_node,
            s.aspnet,
            s.aspnet_encrypted,
            s.other,
            n(s.cache_bytes, "byte", "bytes")
        );
        if let Some(key) = &s.largest_key {
            line += &format!(
                "; largest {} ({})",
                printable(key),
                n(s.largest_bytes, "byte", "bytes")
            );
        }
        line += &format!(
            "; {}; {} other partitions' entries",
            n(
                s.expired_access_tokens,
                "expired access token",
                "expired access tokens"
            ),
            n(
                s.inconsistent_partitions,
                "partition holding",
                "partitions holding"
            )
        );
        if let Some(rows) = s.expired_rows {
            line += &format!("; {} past expiry", n(rows, "row", "rows"));
        }
        if !s.nodes.is_empty() {
            let per_node: Vec<String> = s
                .nodes
                .iter()
                .map(|(node, keys)| format!("{node} {}", n(*keys, "key", "keys")))
                .collect();
            line += &format!("; per master: {}", per_node.join(", "));
        }
        let _ = writeln!(io::stderr(), "{line}");
    }
    Ok(())
}

/// One table row.
fn row(l: &Listed) -> String {
    let ttl = match (l.expired, l.ttl_seconds) {
        (Some(true), _) => "expired".to_string(),
        (_, Some(t)) => t.to_string(),
        (_, None) => "-".to_string(),
    };
    let (accts, at, rt, expired) = match &l.counts {
        Some(c) => (
            c.accounts.to_string(),
            c.access_tokens.to_string(),
            c.refresh_tokens.to_string(),
            c.expired_access_tokens.to_string(),
        ),
        None => ("-".into(), "-".into(), "-".into(), "-".into()),
    };
    let partition = match (l.partition_consistent, l.foreign_entries) {
        (Some(true), _) => "ok".to_string(),
        (Some(false), Some(n)) => format!("mixed:{n}"),
        _ if l.problem.is_some() => "corrupt".to_string(),
        _ => "-".to_string(),
    };
    format!(
        "{:<16} {:>9} {:>10} {:>5} {:>5} {:>5} {:>7} {:<9} {}\n",
        l.layout.as_str(),
        ttl,
        l.bytes,
        accts,
        at,
        rt,
        expired,
        partition,
        printable(&l.key)
    )
}

fn tally(s: &mut Summary, l: &Listed) {
    match l.layout {
        Layout::MsalNode => s.msal_node += 1,
        Layout::Aspnet => s.aspnet += 1,
        Layout::AspnetEncrypted => s.aspnet_encrypted += 1,
        Layout::Other => {
            s.other += 1;
            return;
        }
    }
    s.cache_bytes += l.bytes;
    if l.bytes >= s.largest_bytes {
        s.largest_bytes = l.bytes;
        s.largest_key = Some(l.key.clone());
    }
    if l.partition_consistent == Some(false) {
        s.inconsistent_partitions += 1;
    }
    if let Some(c) = &l.counts {
        s.expired_access_tokens += c.expired_access_tokens as u64;
    }
}

/// Classify one key or row and count what its cache holds.
pub fn classify(found: Partition, max_value: u64, now: i64) -> Listed {
    let redis_type = match &found.shape {
        Shape::Missing => Some("none".to_string()),
        Shape::String => Some("string".to_string()),
        Shape::Hash => Some("hash".to_string()),
        Shape::Row => None,
        Shape::Other(t) => Some(t.split(' ').next().unwrap_or("").to_string()),
    };
    let bytes = found.bytes;
    let mut listed = Listed {
        key: found.key.clone(),
        layout: Layout::Other,
        redis_type,
        ttl_seconds: found.ttl_seconds,
        expired: found.expired,
        bytes,
        counts: None,
        partition_consistent: None,
        foreign_entries: None,
        problem: None,
        node: found.node.clone(),
    };
    // An ASP.NET Core hash and an IDistributedCache row both hold what
    // Microsoft.Identity.Web's distributed cache wrote.
    let layout = match &found.shape {
        Shape::String => Layout::MsalNode,
        Shape::Hash | Shape::Row => Layout::Aspnet,
        _ => return listed,
    };
    let Some(value) = found.value else {
        if bytes > max_value {
            listed.layout = layout;
            listed.problem = Some(format!(
                "larger than {max_value} bytes (TOKENCACHE_MAX_SIZE): not read"
            ));
        }
        return listed;
    };
    if layout == Layout::Aspnet && is_data_protected(&value) {
        listed.layout = Layout::AspnetEncrypted;
        return listed;
    }
    // Cheap test first: a cache is a JSON object.
    if value.iter().find(|b| !b.is_ascii_whitespace()) != Some(&b'{') {
        return listed;
    }
    let doc = match cache::parse(&value) {
        Ok(doc) => doc,
        Err(e) => {
            if looks_like_cache(&value) {
                listed.layout = layout;
                listed.problem = Some(format!("it {e}"));
            }
            return listed;
        }
    };
    if !cache::SECTIONS.iter().any(|s| doc.contains_key(*s)) {
        return listed;
    }
    listed.layout = layout;
    listed.counts = Some(counts(&doc, now));
    let foreign = partition::mismatches(&doc, &found.partition).len();
    listed.partition_consistent = Some(foreign == 0);
    listed.foreign_entries = Some(foreign);
    listed
}

/// Whether unparseable bytes at least name an MSAL section.
fn looks_like_cache(value: &[u8]) -> bool {
    let head = &value[..value.len().min(4096)];
    cache::SECTIONS.iter().any(|s| {
        let needle = format!("\"{s}\"");
        head.windows(needle.len()).any(|w| w == needle.as_bytes())
    })
}

fn section_len(doc: &Map<String, Value>, name: &str) -> usize {
    doc.get(name).and_then(Value::as_object).map_or(0, Map::len)
}

fn counts(doc: &Map<String, Value>, now: i64) -> Counts {
    let expired = doc
        .get("AccessToken")
        .and_then(Value::as_object)
        .map_or(0, |m| {
            m.values()
                .filter(|t| {
                    entry::timestamp(t, "expires_on").is_some_and(|e| entry::is_expired(e, now))
                })
                .count()
        });
    Counts {
        accounts: section_len(doc, "Account"),
        access_tokens: section_len(doc, "AccessToken"),
        refresh_tokens: section_len(doc, "RefreshToken"),
        id_tokens: section_len(doc, "IdToken"),
        expired_access_tokens: expired,
    }
}

/// A key as one safe line: control characters (a key may hold any bytes)
/// are escaped so they cannot move the cursor or forge lines.
fn printable(key: &str) -> std::borrow::Cow<'_, str> {
    // Control characters and the bidi overrides (U+202E reverses what a
    // reader sees) alike: the key names are anyone's who can write to Redis.
    crate::text::escape_controls(key)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_token_is_expired_only_after_its_second_as_everywhere_else() {
        let doc: Value = serde_json::from_str(
            r#"{"AccessToken":{"a":{"expires_on":"100"},"b":{"expires_on":"99"},"c":{"expires_on":"101"}}}"#,
        )
        .unwrap();
        let counts = counts(doc.as_object().unwrap(), 100);
        assert_eq!(counts.access_tokens, 3);
        assert_eq!(counts.expired_access_tokens, 1, "only b: expires_on < now");
    }
}
