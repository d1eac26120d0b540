//! `tokencache inspect`: a readable summary of the stored cache, never a
//! secret. Colour only when stdout is a terminal and `NO_COLOR` is unset;
//! `--json` for machines.

use std::io::Write;
use std::path::Path;

use serde_json::{Map, Value};

use super::{announce, emit, emit_json, load_locked};
use crate::cache::inspect::{self, Options, Style};
use crate::cli::InspectArgs;
use crate::config::Config;
use crate::error::{Error, InputError, Result};
use crate::store::Store;
use crate::{cache, input, report};

/// Print the summary of the stored cache. No cache is exit 3; a corrupt one
/// exit 5.
pub fn run(config: &Config, args: &InspectArgs, out: &mut dyn Write) -> Result<()> {
    if let Some(path) = &args.input {
        return run_input(config.json, args, path, out);
    }
    let selected = crate::config::select(config)?;
    announce(&selected);
    let store = &*selected.store;
    let bytes = load_locked(config, store)?.ok_or_else(|| Error::NoCache {
        location: store.describe().summary,
    })?;
    let doc = parse_stored(store, &bytes)?;
    let kind = serde_json::to_value(store.kind()).unwrap_or_default();
    show(config.json, args, &doc, store.describe().summary, kind, out)
}

/// `inspect --input FILE|-`: a copy, with no store, no lock and no
/// configuration (it works where no cache path can be resolved, e.g. HOME
/// unset). `store` is null in `--json`.
pub fn run_input(json: bool, args: &InspectArgs, path: &Path, out: &mut dyn Write) -> Result<()> {
    let (doc, location) = parse_input(path, args.max_size)?;
    show(json, args, &doc, location, Value::Null, out)
}

/// Print the summary of `doc`, found at `location` in store `kind`.
fn show(
    json: bool,
    args: &InspectArgs,
    doc: &Map<String, Value>,
    location: String,
    kind: Value,
    out: &mut dyn Write,
) -> Result<()> {
    let options = Options {
        now: args.now.unwrap_or_else(now),
        claims: args.claims,
    };
    let summary = inspect::summarise(doc, options);
    if json {
        let mut json = Map::new();
        json.insert("location".into(), Value::from(location));
        json.insert("store".into(), kind);
        if let Value::Object(fields) = serde_json::to_value(&summary).unwrap_or_default() {
            json.extend(fields);
        }
        return emit_json(out, &json);
    }
    let style = Style {
        color: report::stdout_color(),
    };
    let text = format!(
        "Token cache in {location}\n{}",
        inspect::render(&summary, style)
    );
    emit(out, text.as_bytes())
}

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
    if bytes.starts_with(ENCRYPTED_MAGIC) {
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
    if bytes.starts_with(ENCRYPTED_MAGIC) && store.kind() != crate::store::StoreKind::EncryptedFile
    {
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

/// The first bytes of a tokencache encrypted file.
const ENCRYPTED_MAGIC: &[u8] = b"TKCACHE\0";

/// The current time in Unix seconds.
pub fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
}
