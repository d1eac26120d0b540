//! `tokencache clear`: remove the stored cache; clearing nothing succeeds.

use super::{announce, cache_dir_ready, note, with_lock};
use crate::config::Config;
use crate::error::Result;
use crate::store;

/// Remove the stored cache under the lock, and say what happened on stderr.
pub fn run(config: &Config) -> Result<()> {
    let selected = store::select(config)?;
    announce(&selected);
    let store = &*selected.store;
    let removed = cache_dir_ready(config, store)? && with_lock(config, || store.delete())?;
    let summary = store.describe().summary;
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
