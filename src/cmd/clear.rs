//! `tokencache clear`: remove the stored cache; clearing nothing succeeds.

use std::io::Write;

use serde_json::json;

use super::{announce, cache_dir_ready, emit_json, note, with_lock};
use crate::config::Config;
use crate::error::Result;

/// Remove the stored cache under the lock, and say what happened on stderr
/// (or, with `--json`, as `{"removed", "store", "location"}` on stdout).
pub fn run(config: &Config, out: &mut dyn Write) -> Result<()> {
    let selected = crate::config::select(config)?;
    announce(&selected);
    let store = &*selected.store;
    let removed = cache_dir_ready(config, store)? && with_lock(config, || store.delete())?;
    let summary = store.describe().summary;
    if config.json {
        return emit_json(
            out,
            &json!({ "removed": removed, "store": store.kind(), "location": summary }),
        );
    }
    if removed {
        note(config, format_args!("removed the cache in {summary}"));
    } else {
        note(
            config,
            format_args!("nothing to clear: no cache in {summary}"),
        );
    }
    Ok(())
}
