//! `tokencache write`: validate the input, then store it atomically under the
//! lock, replacing the stored cache or (`--merge`) merging into it.

use std::io::Write;

use serde::Serialize;
use serde_json::Map;

use super::document::{now, parse_stored};
use super::{emit_json, note, open, Intent};
use crate::cache::{self, merge, partition};
use crate::cli::WriteArgs;
use crate::config::Config;
use crate::error::{Error, InputError, Result};
use crate::store::Store;
use crate::{input, signals};

/// Read, validate and store the cache. Invalid input is refused before any
/// store is touched, so the stored cache stays byte-for-byte unchanged.
pub fn run(config: &Config, args: &WriteArgs, out: &mut dyn Write) -> Result<()> {
    if args.stream {
        return run_stream(config, args, out);
    }
    let data = input::read_input(args.input.as_deref(), args.max_size)?;
    if args.merge {
        let incoming = cache::parse(&data).map_err(InputError::Json)?;
        return run_merge(config, args, incoming, out);
    }
    cache::validate(&data).map_err(InputError::Json)?;
    // The partition is checked once the store is open: only Redis has one,
    // and opening it neither prompts nor prepares a folder.
    let session = open(config, Intent::Write)?;
    if let Some(key) = session.store().partition_key() {
        if !args.force_partition {
            check_partition(key, &cache::parse(&data).map_err(InputError::Json)?)?;
        }
    }
    session.transact(|store| {
        if signals::interrupted() {
            return Err(Error::Interrupted);
        }
        store.save(&data)
    })
}

/// What `write --merge` did, for stderr and `--json`.
#[derive(Debug, Serialize)]
struct MergeOutcome {
    #[serde(flatten)]
    report: merge::MergeReport,
    /// Access tokens dropped by `--prune-expired`.
    pruned: usize,
    /// Whether the stored cache was rewritten (nothing changed: not touched).
    written: bool,
    /// How often the optimistic transaction was retried (Redis only).
    #[serde(skip_serializing_if = "Option::is_none")]
    retries: Option<u32>,
    /// With `--stream`: how many documents were merged.
    #[serde(skip_serializing_if = "Option::is_none")]
    documents: Option<usize>,
    /// With `--stream`: how many times the stored cache was replaced.
    #[serde(skip_serializing_if = "Option::is_none")]
    writes: Option<usize>,
}

/// Refuse entries that belong to another partition than the key (exit 4).
fn check_partition(key: &str, doc: &Map<String, serde_json::Value>) -> Result<()> {
    refuse_foreign(key, &partition::mismatches(doc, key))
}

/// The error for entries of another partition than the key, if there are any.
pub(crate) fn refuse_foreign(key: &str, wrong: &[partition::Mismatch]) -> Result<()> {
    match wrong.first() {
        None => Ok(()),
        Some(first) => Err(Error::Partition {
            key: key.to_string(),
            count: wrong.len(),
            section: first.section.clone(),
            belongs_to: first.belongs_to.clone(),
        }),
    }
}

/// The merged cache, if it is within the size limit: a larger one would be
/// stored, then refused by every later command (exit 5), so it is refused
/// here (exit 4) before anything is written.
fn within_limit(bytes: Vec<u8>, limit: u64) -> Result<Vec<u8>> {
    let size = bytes.len() as u64;
    if size > limit {
        return Err(InputError::MergedTooLarge { size, limit }.into());
    }
    Ok(bytes)
}

/// Load, merge, prune and store under one hold of the lock, so that
/// concurrent merges never lose an entry. Nothing is written when nothing
/// changed.
fn run_merge(
    config: &Config,
    args: &WriteArgs,
    incoming: Map<String, serde_json::Value>,
    out: &mut dyn Write,
) -> Result<()> {
    // The key, and any key derivation, before the lock; the partition as
    // in `run`.
    let session = open(config, Intent::Write)?;
    let store = session.store();
    if let Some(key) = store.partition_key() {
        if !args.force_partition {
            check_partition(key, &incoming)?;
        }
    }
    // A store that retries runs the closure again: keep the input for that.
    let retrying = store.retries().is_some();
    let mut incoming = Some(incoming);
    let mut outcome = session.transact(|store| {
        let mut doc = match store.load()? {
            Some(bytes) => parse_stored(store, &bytes)?,
            None => Map::new(),
        };
        let this_time = if retrying {
            incoming.clone()
        } else {
            incoming.take()
        }
        .expect("the input is used once unless the store retries");
        let report = merge::merge(&mut doc, this_time);
        let pruned = if args.prune_expired {
            merge::prune_expired(&mut doc, args.now.unwrap_or_else(now))
        } else {
            0
        };
        let written = report.changed() || pruned > 0;
        if written {
            if signals::interrupted() {
                return Err(Error::Interrupted);
            }
            store.save(&within_limit(cache::to_bytes(&doc), args.max_size)?)?;
        }
        Ok(MergeOutcome {
            report,
            pruned,
            written,
            documents: None,
            writes: None,
            retries: None,
        })
    })?;
    outcome.retries = store.retries();
    finish(config, args, store, &outcome, out)
}

/// `write --merge --stream`: every document of the input merged in order
/// under one hold of the lock. Without `--each` the whole stream is read and
/// checked before the lock is taken, at most `--max-size` bytes of documents
/// in all, and the cache is replaced once (or not at all: a refused document
/// stores nothing). With `--each` documents are
/// merged and stored one by one as they arrive; a refused one stops the
/// stream with the earlier ones stored.
fn run_stream(config: &Config, args: &WriteArgs, out: &mut dyn Write) -> Result<()> {
    let mut docs = input::documents(args.input.as_deref(), args.max_size)?;
    let mut read_first = Vec::new();
    if !args.each {
        // Held in memory until the lock is taken: the stream as a whole is
        // bounded by --max-size (TOKENCACHE_MAX_SIZE), like one document.
        let mut total = 0u64;
        while let Some(doc) = docs.next_document()? {
            total += doc.len() as u64;
            if total > args.max_size {
                return Err(InputError::StreamTooLarge {
                    documents: read_first.len(),
                    limit: args.max_size,
                }
                .into());
            }
            read_first.push(doc);
        }
    }
    let mut read_first = read_first.into_iter();
    let session = open(config, Intent::Write)?;
    let store = session.store();
    if !store.uses_lock_file() {
        // A stream cannot be read twice, and a Redis merge starts again when
        // an app wrote the key in between.
        return Err(Error::Config {
            message: format!(
                "write --merge --stream is not supported with --store {}",
                store.kind().as_str()
            ),
            hint: "merge the documents one at a time (`write --merge` per document)".into(),
        });
    }
    let now = args.now.unwrap_or_else(now);
    let save = |doc: &mut merge::Indexed, changed: bool| -> Result<(usize, bool)> {
        let pruned = if args.prune_expired {
            doc.prune_expired(now)
        } else {
            0
        };
        if !changed && pruned == 0 {
            return Ok((0, false));
        }
        if signals::interrupted() {
            return Err(Error::Interrupted);
        }
        store.save(&within_limit(cache::to_bytes(doc.doc()), args.max_size)?)?;
        Ok((pruned, true))
    };
    let outcome = session.transact(|store| {
        // Indexed once: each document's merge then costs its own size, not
        // the stored cache's (see `merge::Indexed`).
        let mut doc = merge::Indexed::new(match store.load()? {
            Some(bytes) => parse_stored(store, &bytes)?,
            None => Map::new(),
        });
        let mut total = merge::MergeReport::default();
        let (mut documents, mut writes, mut pruned, mut changed) = (0, 0, 0, false);
        loop {
            let next = if args.each {
                docs.next_document().inspect_err(|_| {
                    if documents > 0 {
                        note(
                            config,
                            format_args!("documents 1 to {documents} were merged and stored"),
                        );
                    }
                })?
            } else {
                read_first.next()
            };
            let Some(bytes) = next else { break };
            let report = doc.merge(cache::parse(&bytes).map_err(InputError::Json)?);
            documents += 1;
            // No `..`: a new count in the report must be summed here too.
            let merge::MergeReport {
                added,
                updated,
                unchanged,
                kept_newer,
                kept_tied,
            } = report;
            total.added += added;
            total.updated += updated;
            total.unchanged += unchanged;
            total.kept_newer += kept_newer;
            total.kept_tied += kept_tied;
            changed |= report.changed();
            if args.each {
                let (p, wrote) = save(&mut doc, report.changed())?;
                pruned += p;
                writes += usize::from(wrote);
            }
        }
        if !args.each {
            let (p, wrote) = save(&mut doc, changed)?;
            pruned += p;
            writes += usize::from(wrote);
        }
        Ok(MergeOutcome {
            report: total,
            pruned,
            written: writes > 0,
            documents: Some(documents),
            writes: Some(writes),
            retries: None,
        })
    })?;
    finish(config, args, store, &outcome, out)
}

/// Report a merge on stdout (`--json`) or as one line on stderr.
fn finish(
    config: &Config,
    args: &WriteArgs,
    store: &dyn Store,
    outcome: &MergeOutcome,
    out: &mut dyn Write,
) -> Result<()> {
    if config.json {
        return emit_json(out, outcome);
    }
    let r = &outcome.report;
    let documents = match outcome.documents {
        Some(1) => " 1 document".to_string(),
        Some(n) => format!(" {n} documents"),
        None => String::new(),
    };
    let mut line = format!(
        "merged{documents} into {}: {} added, {} updated, {} unchanged, {} kept (stored newer), {} kept (nothing says which is newer)",
        store.describe().summary,
        r.added,
        r.updated,
        r.unchanged,
        r.kept_newer,
        r.kept_tied
    );
    if args.prune_expired {
        line += &format!(", {} expired access tokens pruned", outcome.pruned);
    }
    match outcome.writes {
        _ if !outcome.written => line += "; nothing changed, cache not rewritten",
        Some(n) if n > 1 => line += &format!("; stored {n} times"),
        _ => {}
    }
    note(config, format_args!("{line}"));
    Ok(())
}
