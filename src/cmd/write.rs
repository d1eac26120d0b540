//! `tokencache write`: validate the input, then store it atomically under the lock.

use super::{announce, with_lock};
use crate::cache;
use crate::cli::WriteArgs;
use crate::config::Config;
use crate::error::{Error, InputError, Result};
use crate::{fsutil, input, signals, store};

/// Read, validate and store the cache. Invalid input is refused before any
/// store is touched, so the stored cache stays byte-for-byte unchanged.
pub fn run(config: &Config, args: &WriteArgs) -> Result<()> {
    let data = input::read_input(args.input.as_deref(), args.max_size)?;
    cache::validate(&data).map_err(InputError::Json)?;
    let selected = store::select(config)?;
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
