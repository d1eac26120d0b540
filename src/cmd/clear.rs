//! `tokencache clear`: remove the stored cache, and tokencache's temporary
//! debris beside it; clearing nothing succeeds.

use std::io::Write;

use serde_json::json;

use super::{emit_json, note, open, with_retries, Intent};
use crate::config::Config;
use crate::error::Result;
use crate::fsutil;

/// Remove the stored cache under the lock, and the temp files that killed
/// writers left beside it (they hold a cache in plaintext), and say what
/// happened on stderr (or, with `--json`, as `{"removed", "store",
/// "location", "temp_files_removed"}` on stdout).
pub fn run(config: &Config, out: &mut dyn Write) -> Result<()> {
    let session = open(config, Intent::Delete)?;
    let store = session.store();
    let (removed, temps) = if session.present() {
        session.transact(|store| {
            let removed = store.delete()?;
            let temps = if !store.uses_lock_file() {
                0
            } else {
                fsutil::remove_orphaned_temps(&config.cache_path)
            };
            Ok((removed, temps))
        })?
    } else {
        (false, 0)
    };
    let summary = store.describe().summary;
    if config.json {
        return emit_json(
            out,
            &with_retries(
                json!({
                    "removed": removed,
                    "store": store.kind(),
                    "location": summary,
                    "temp_files_removed": temps,
                }),
                store,
            ),
        );
    }
    let debris = match temps {
        1 => "1 temporary file left by an interrupted write".to_string(),
        n => format!("{n} temporary files left by interrupted writes"),
    };
    if removed && temps > 0 {
        note(
            config,
            format_args!("removed the cache in {summary} and {debris}"),
        );
    } else if removed {
        note(config, format_args!("removed the cache in {summary}"));
    } else if temps > 0 {
        note(
            config,
            format_args!("no cache in {summary}; removed {debris}"),
        );
    } else {
        note(
            config,
            format_args!("nothing to clear: no cache in {summary}"),
        );
    }
    Ok(())
}
