//! `tokencache write`: validate the input, then store it atomically under the
//! lock, replacing the stored cache or (`--merge`) merging into it.

use std::io::Write;

use serde::Serialize;
use serde_json::Map;

use super::inspect::{now, parse_stored};
use super::{announce, emit_json, note, with_lock};
use crate::cache::{self, merge};
use crate::cli::WriteArgs;
use crate::config::Config;
use crate::error::{Error, InputError, Result};
use crate::store::Store;
use crate::{fsutil, input, signals};

/// Read, validate and store the cache. Invalid input is refused before any
/// store is touched, so the stored cache stays byte-for-byte unchanged.
pub fn run(config: &Config, args: &WriteArgs, out: &mut dyn Write) -> Result<()> {
    let data = input::read_input(args.input.as_deref(), args.max_size)?;
    if args.merge {
        let incoming = cache::parse(&data).map_err(InputError::Json)?;
        return run_merge(config, args, incoming, out);
    }
    cache::validate(&data).map_err(InputError::Json)?;
    let selected = crate::config::select(config)?;
    announce(&selected);
    selected.store.unlock(true)?;
    fsutil::ensure_private_dir(fsutil::parent_dir(&config.cache_path))?;
    with_lock(config, || {
        if signals::interrupted() {
            return Err(Error::Interrupted);
        }
        selected.store.save(&data)
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
    let selected = crate::config::select(config)?;
    announce(&selected);
    let store: &dyn Store = &*selected.store;
    fsutil::ensure_private_dir(fsutil::parent_dir(&config.cache_path))?;
    let outcome = with_lock(config, || {
        let mut doc = match store.load()? {
            Some(bytes) => parse_stored(store, &bytes)?,
            None => Map::new(),
        };
        let report = merge::merge(&mut doc, incoming);
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
            store.save(&cache::to_bytes(&doc))?;
        }
        Ok(MergeOutcome {
            report,
            pruned,
            written,
        })
    })?;
    if config.json {
        return emit_json(out, &outcome);
    }
    let r = &outcome.report;
    let mut line = format!(
        "merged into {}: {} added, {} updated, {} unchanged, {} kept (stored newer), {} kept (nothing says which is newer)",
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
    if !outcome.written {
        line += "; nothing changed, cache not rewritten";
    }
    note(config, format_args!("{line}"));
    Ok(())
}
