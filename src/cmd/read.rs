//! `tokencache read`: print the stored cache exactly as stored (or, with
//! `--redact`, with every secret replaced).

use std::io::Write;

use serde_json::Value;

use super::document::{parse_input, parse_stored, unusable};
use super::{emit, emit_json, open, Intent};
use crate::cache;
use crate::cli::ReadArgs;
use crate::config::Config;
use crate::error::Result;

/// `read --redact --input FILE|-`: a copy (a backup, a file in a read-only
/// folder), with no store, no lock and no configuration.
pub fn run_input(path: &std::path::Path, max_size: u64, out: &mut dyn Write) -> Result<()> {
    let (doc, _) = parse_input(path, max_size)?;
    let mut doc = Value::Object(doc);
    cache::redact::redact(&mut doc);
    emit_json(out, &doc)
}

/// Print the stored cache to `out`, byte for byte. No cache is exit 3 (or `{}`
/// with `--allow-missing`); a stored document that is not a JSON object is
/// reported as corrupt and never printed. With `--redact` the document is
/// re-serialised (indented) with every `secret` value replaced by
/// `"<redacted N bytes>"`.
pub fn run(config: &Config, args: &ReadArgs, out: &mut dyn Write) -> Result<()> {
    if let (Some(path), true) = (&args.input, args.redact) {
        return run_input(path, args.max_size, out);
    }
    let session = open(config, Intent::Read)?;
    let store = session.store();
    match session.load()? {
        Some(bytes) if args.redact => {
            let mut doc = Value::Object(parse_stored(store, &bytes)?);
            cache::redact::redact(&mut doc);
            emit_json(out, &doc)
        }
        Some(bytes) => {
            // A decrypted cache is wiped once printed (one memset over bytes
            // just written out); a plaintext file's copy is not worth it.
            let decrypted = store.decrypts();
            let mut bytes = bytes;
            let result = cache::validate(&bytes)
                .map_err(|e| unusable(store, &bytes, &e))
                .and_then(|()| {
                    super::widen_stdout_pipe(bytes.len());
                    emit(out, &bytes)
                });
            if decrypted {
                zeroize::Zeroize::zeroize(&mut bytes);
            }
            result
        }
        None if args.allow_missing => emit(out, b"{}"),
        None => Err(super::no_cache(store)),
    }
}
