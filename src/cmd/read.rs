//! `tokencache read`: print the stored cache exactly as stored.

use std::io::Write;

use super::{announce, emit, load_locked};
use crate::cache;
use crate::cli::ReadArgs;
use crate::config::Config;
use crate::error::{Error, Result};
use crate::store;

/// Print the stored cache to `out`, byte for byte. No cache is exit 3 (or `{}`
/// with `--allow-missing`); a stored document that is not a JSON object is
/// reported as corrupt and never printed.
pub fn run(config: &Config, args: &ReadArgs, out: &mut dyn Write) -> Result<()> {
    let selected = store::select(config)?;
    announce(&selected);
    let store = &*selected.store;
    match load_locked(config, store)? {
        Some(bytes) => {
            cache::validate(&bytes).map_err(|e| Error::Corrupt {
                location: store.describe().summary,
                detail: format!("it {e}"),
            })?;
            emit(out, &bytes)
        }
        None if args.allow_missing => emit(out, b"{}"),
        None => Err(Error::NoCache {
            location: store.describe().summary,
        }),
    }
}
