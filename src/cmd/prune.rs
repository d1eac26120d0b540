//! `tokencache prune`: remove the expired access tokens from every partition
//! of a distributed cache (a Redis database or cluster, a Postgres cache
//! table) — what `write --merge --prune-expired` does to one partition, for
//! the whole fleet.
//!
//! A verb of its own rather than a flag of `list`: `list` only reads (and so
//! does its alias `redis list`, run from cron and dashboards), while this
//! writes; its output says what it did (keys touched, bytes saved), not what
//! each key holds.
//!
//! The walk is the store's ([`Partitions::walk`], memory bounded by one
//! batch); each partition found holding expired access tokens is re-read and
//! rewritten in the store's own transaction on the key
//! ([`Store::atomically`], through [`Partitions::with_partition`]), as
//! `write` does it: the decision is made on what the transaction read, so a
//! writer in between is never overwritten. Access tokens are expired by the
//! cache model's one rule ([`merge::prune_expired`]: `expires_on < now`);
//! every other entry stays exactly as it was.

use std::io::{self, IsTerminal, Write};

use serde::Serialize;
use serde_json::{Map, Value};

use super::document::now;
use super::emit;
use super::list::{classify, partitioned, Layout};
use crate::cache::{self, merge, partition};
use crate::cli::PruneArgs;
use crate::config::Config;
use crate::error::Result;
use crate::exit_code::ExitCode;
use crate::store::partitions::{Partition, Partitions};
use crate::store::Store;

/// What was done to one key.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Action {
    /// Its expired access tokens were removed.
    Pruned,
    /// It held nothing else (or nothing at all), and `--delete-empty`
    /// deleted it.
    Deleted,
    /// `--dry-run`: it would have been pruned.
    WouldPrune,
    /// `--dry-run`: it would have been deleted.
    WouldDelete,
    /// Left alone (the reason says why).
    Skipped,
}

impl Action {
    fn as_str(self) -> &'static str {
        match self {
            Action::Pruned => "pruned",
            Action::Deleted => "deleted",
            Action::WouldPrune => "would-prune",
            Action::WouldDelete => "would-delete",
            Action::Skipped => "skipped",
        }
    }
}

/// One key reported.
#[derive(Debug, Clone, Serialize)]
struct Reported {
    key: String,
    action: Action,
    /// Access tokens removed (or that would be).
    expired_access_tokens: usize,
    /// The value's size before, in bytes.
    bytes_before: u64,
    /// The value's size after (0 when deleted; `bytes_before` when skipped).
    bytes_after: u64,
    /// `bytes_before - bytes_after`.
    bytes_saved: u64,
    /// Why a key was skipped.
    #[serde(skip_serializing_if = "Option::is_none")]
    reason: Option<String>,
    /// On a Redis Cluster: the master that holds the key.
    #[serde(skip_serializing_if = "Option::is_none")]
    node: Option<String>,
}

/// Totals over the walk.
#[derive(Debug, Clone, Default, Serialize)]
struct Summary {
    dry_run: bool,
    keys_scanned: u64,
    /// Keys pruned or deleted (with `--dry-run`: that would be).
    keys_touched: u64,
    keys_deleted: u64,
    access_tokens_removed: u64,
    bytes_saved: u64,
    /// Caches that could not be pruned (see each key's `reason`).
    skipped: u64,
    /// Keys that are not token caches (never changed).
    not_caches: u64,
    /// Transactions started again because another writer changed the key.
    retries: u32,
}

/// What the transaction on one key decided.
enum Outcome {
    /// Nothing (left) to prune: not reported.
    Unchanged,
    Done {
        action: Action,
        removed: usize,
        before: u64,
        after: u64,
    },
    Skipped(String),
}

/// `tokencache prune`.
pub fn run(config: &Config, args: &PruneArgs, out: &mut dyn Write) -> Result<()> {
    let store = partitioned(config)?;
    let parts = store.partitions().expect("checked by partitioned");
    let now = args.now.unwrap_or_else(now);
    let progress = io::stderr().is_terminal() && !config.quiet;
    let mut summary = Summary {
        dry_run: args.dry_run,
        ..Summary::default()
    };
    let mut first = true;
    if config.json {
        emit(out, b"{\"keys\": [")?;
    } else {
        emit(
            out,
            format!(
                "{:<12} {:>7} {:>10} {:>10} KEY\n",
                "ACTION", "EXPIRED", "BEFORE", "AFTER"
            )
            .as_bytes(),
        )?;
    }
    let mut shown_progress = false;
    parts.walk(&args.pattern, &mut |found| {
        summary.keys_scanned += 1;
        if progress && summary.keys_scanned.is_multiple_of(1000) {
            let _ = write!(
                io::stderr(),
                "\r\x1b[2Kscanned {} keys, {} touched…",
                summary.keys_scanned,
                summary.keys_touched
            );
            shown_progress = true;
        }
        let Some(reported) = prune_one(parts, found, args, now, config.max_size, &mut summary)?
        else {
            return Ok(());
        };
        if shown_progress {
            let _ = write!(io::stderr(), "\r\x1b[2K");
            shown_progress = false;
        }
        if config.json {
            let mut line = if first { "\n  " } else { ",\n  " }.to_string();
            line += &serde_json::to_string(&reported).expect("serialisable");
            first = false;
            emit(out, line.as_bytes())
        } else {
            emit(
                out,
                format!(
                    "{:<12} {:>7} {:>10} {:>10} {}{}\n",
                    reported.action.as_str(),
                    reported.expired_access_tokens,
                    reported.bytes_before,
                    reported.bytes_after,
                    crate::text::escape_controls(&reported.key),
                    reported.reason.as_ref().map_or(String::new(), |r| format!(
                        "  ({})",
                        crate::text::escape_controls(r)
                    ))
                )
                .as_bytes(),
            )
        }
    })?;
    if shown_progress {
        let _ = write!(io::stderr(), "\r\x1b[2K");
    }
    summary.retries = store.retries().unwrap_or(0);
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
        let would = if s.dry_run { "would be " } else { "" };
        let _ = writeln!(
            io::stderr(),
            "{} scanned: {} {would}pruned ({} removed, {} saved), {} {would}deleted; {} skipped, {} not token caches{}",
            n(s.keys_scanned, "key", "keys"),
            s.keys_touched - s.keys_deleted,
            n(s.access_tokens_removed, "expired access token", "expired access tokens"),
            n(s.bytes_saved, "byte", "bytes"),
            s.keys_deleted,
            s.skipped,
            s.not_caches,
            if s.dry_run { " (--dry-run: nothing changed)" } else { "" }
        );
    }
    Ok(())
}

/// Look at one key the walk found and prune it if it needs it; `None` when
/// there is nothing to report.
fn prune_one(
    parts: &dyn Partitions,
    found: Partition,
    args: &PruneArgs,
    now: i64,
    max_size: u64,
    summary: &mut Summary,
) -> Result<Option<Reported>> {
    let partition_name = found.partition.clone();
    let expired_row = found.expired == Some(true);
    let listed = classify(found, max_size, now);
    let mut reported = Reported {
        key: listed.key.clone(),
        action: Action::Skipped,
        expired_access_tokens: 0,
        bytes_before: listed.bytes,
        bytes_after: listed.bytes,
        bytes_saved: 0,
        reason: None,
        node: listed.node.clone(),
    };
    // What the walk saw decides which keys get a transaction; what the
    // transaction reads decides what is written.
    let skip = match listed.layout {
        Layout::Other => {
            summary.not_caches += 1;
            if !args.all {
                return Ok(None);
            }
            reported.reason = Some("not a token cache".into());
            return Ok(Some(reported));
        }
        Layout::AspnetEncrypted => {
            Some("encrypted with ASP.NET DataProtection: only the app can read it".to_string())
        }
        _ if expired_row => Some(
            "the row is past its expiry: the apps read it as missing, their cleanup deletes it"
                .to_string(),
        ),
        _ => listed.problem.clone(),
    };
    if let Some(reason) = skip {
        summary.skipped += 1;
        reported.reason = Some(reason);
        return Ok(Some(reported));
    }
    // A cache with expired access tokens; with --delete-empty also one
    // that holds nothing (an earlier prune, or a sign-out, left it so).
    let worth_a_look = listed.counts.is_some_and(|c| {
        c.expired_access_tokens > 0
            || (args.delete_empty
                && c.accounts + c.access_tokens + c.refresh_tokens + c.id_tokens == 0)
    });
    if !worth_a_look {
        return Ok(None);
    }
    let mut outcome = Outcome::Unchanged;
    let result = parts.with_partition(&partition_name, &mut |store| {
        if args.dry_run {
            // Read only: no transaction, no lock on the row.
            outcome = decide(store, &partition_name, args, now)?;
            return Ok(());
        }
        store
            .atomically(&mut || {
                outcome = decide(store, &partition_name, args, now)?;
                Ok(())
            })
            .expect("a store made of partitions has its own transaction")
    });
    if let Err(e) = result {
        // A key that is not usable (corrupt, too large, of another type,
        // another partition's entries, changed by others on every attempt)
        // is this key's problem; anything else (the server gone, no
        // permission, a timeout) stops the walk.
        match e.exit_code() {
            ExitCode::Corrupt | ExitCode::InvalidInput | ExitCode::LockTimeout => {
                outcome = Outcome::Skipped(e.to_string());
            }
            _ => return Err(e),
        }
    }
    match outcome {
        Outcome::Unchanged => Ok(None),
        Outcome::Skipped(reason) => {
            summary.skipped += 1;
            reported.reason = Some(reason);
            Ok(Some(reported))
        }
        Outcome::Done {
            action,
            removed,
            before,
            after,
        } => {
            summary.keys_touched += 1;
            if matches!(action, Action::Deleted | Action::WouldDelete) {
                summary.keys_deleted += 1;
            }
            summary.access_tokens_removed += removed as u64;
            summary.bytes_saved += before.saturating_sub(after);
            reported.action = action;
            reported.expired_access_tokens = removed;
            reported.bytes_before = before;
            reported.bytes_after = after;
            reported.bytes_saved = before.saturating_sub(after);
            Ok(Some(reported))
        }
    }
}

/// Read the partition, remove its expired access tokens, and (unless
/// `--dry-run`) save or, with `--delete-empty`, delete what is left.
/// Repeatable: the store's transaction may run it again.
fn decide(store: &dyn Store, partition_name: &str, args: &PruneArgs, now: i64) -> Result<Outcome> {
    let Some(bytes) = store.load()? else {
        return Ok(Outcome::Unchanged);
    };
    let mut doc = match cache::parse(&bytes) {
        Ok(doc) => doc,
        Err(e) => return Ok(Outcome::Skipped(format!("not a usable cache: it {e}"))),
    };
    let removed = merge::prune_expired(&mut doc, now);
    let delete = args.delete_empty && is_empty(&doc);
    if removed == 0 && !delete {
        return Ok(Outcome::Unchanged);
    }
    // As `write` refuses them: a partition holding another's entries is
    // left for a person to sort out (`list` shows them as mixed).
    let foreign = partition::mismatches(&doc, partition_name);
    if let Some(first) = foreign.first() {
        return Ok(Outcome::Skipped(format!(
            "{} of another partition ({} in {}): fix it with `write --force-partition` or `remove`",
            crate::text::count(foreign.len() as u64, "entry", "entries"),
            first.belongs_to,
            first.section
        )));
    }
    let before = bytes.len() as u64;
    if delete {
        if !args.dry_run {
            store.delete()?;
        }
        return Ok(Outcome::Done {
            action: if args.dry_run {
                Action::WouldDelete
            } else {
                Action::Deleted
            },
            removed,
            before,
            after: 0,
        });
    }
    let pruned = cache::to_bytes(&doc);
    if !args.dry_run {
        store.save(&pruned)?;
    }
    Ok(Outcome::Done {
        action: if args.dry_run {
            Action::WouldPrune
        } else {
            Action::Pruned
        },
        removed,
        before,
        after: pruned.len() as u64,
    })
}

/// Whether a cache holds nothing: every top-level value an empty object.
fn is_empty(doc: &Map<String, Value>) -> bool {
    doc.values()
        .all(|v| v.as_object().is_some_and(Map::is_empty))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cache_is_empty_only_when_every_section_is() {
        let empty: Value = serde_json::from_str(
            r#"{"AccessToken":{},"RefreshToken":{},"IdToken":{},"Account":{},"AppMetadata":{}}"#,
        )
        .unwrap();
        assert!(is_empty(empty.as_object().unwrap()));
        for kept in [
            r#"{"AccessToken":{},"RefreshToken":{"r":{}}}"#,
            r#"{"AccessToken":{},"AppMetadata":{"a":{}}}"#,
            r#"{"AccessToken":{},"Other":"x"}"#,
        ] {
            let doc: Value = serde_json::from_str(kept).unwrap();
            assert!(!is_empty(doc.as_object().unwrap()), "{kept}");
        }
    }
}
