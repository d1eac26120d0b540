//! The cache document as the verbs take it in: a stored cache (anything
//! unusable is corrupt, exit 5, unless it is plainly another store's
//! format), a copy given with `--input` (anything unusable is invalid
//! input, exit 4), and the clock the expiry rules read.

use std::path::Path;

use serde_json::{Map, Value};

use crate::error::{Error, InputError, Result};
use crate::store::encrypted_file::MAGIC;
use crate::store::{Store, StoreKind};
use crate::{cache, input};

/// Read, validate and model a cache given with `--input` (a file, or `-` for
/// stdin), with no store and no lock. Returns the document and how to name
/// where it came from. Anything unusable is invalid input (exit 4).
pub fn parse_input(path: &Path, max_size: u64) -> Result<(Map<String, Value>, String)> {
    let bytes = input::read_input(Some(path), max_size)?;
    let location = if path == Path::new("-") {
        "standard input".to_string()
    } else {
        path.display().to_string()
    };
    if bytes.starts_with(MAGIC) {
        return Err(Error::Config {
            message: format!("{location} is a tokencache encrypted file, not cache JSON"),
            hint: format!(
                "inspect it through its store, with its key: tokencache --store encrypted-file --cache-path {location} inspect"
            ),
        });
    }
    let doc = cache::parse(&bytes).map_err(InputError::Json)?;
    Ok((doc, location))
}

/// Validate and model a stored cache; anything unusable is corrupt (exit 5).
pub fn parse_stored(store: &dyn Store, bytes: &[u8]) -> Result<Map<String, Value>> {
    cache::parse(bytes).map_err(|e| unusable(store, bytes, &e))
}

/// The error for stored bytes that are not a usable cache: corrupt (exit 5),
/// unless they are plainly another store's format — a tokencache encrypted
/// file read with `--store file` is not damaged, it is read through the
/// wrong store, and advising `clear` would destroy it.
pub fn unusable(store: &dyn Store, bytes: &[u8], e: &cache::InvalidJson) -> Error {
    let location = store.describe().summary;
    if bytes.starts_with(MAGIC) && store.kind() != StoreKind::EncryptedFile {
        return Error::Config {
            message: format!(
                "{location} holds a tokencache encrypted file, not cache JSON; nothing was changed"
            ),
            hint: "read it through its store with its key: --store encrypted-file (or \
                   TOKENCACHE_STORE=encrypted-file) and --key-file PATH, TOKENCACHE_KEY or \
                   TOKENCACHE_PASSPHRASE"
                .into(),
        };
    }
    Error::Corrupt {
        location,
        detail: format!("it {e}"),
    }
}

/// The current time in Unix seconds.
pub fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
}
