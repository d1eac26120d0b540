//! `tokencache inspect`: a readable summary of the stored cache, never a
//! secret. Colour only when stdout is a terminal and `NO_COLOR` is unset;
//! `--json` for machines.

use std::io::Write;

use serde_json::{Map, Value};

use super::{announce, emit, emit_json, load_locked};
use crate::cache::inspect::{self, Options, Style};
use crate::cli::InspectArgs;
use crate::config::Config;
use crate::error::{Error, Result};
use crate::store::Store;
use crate::{cache, report};

/// Print the summary of the stored cache. No cache is exit 3; a corrupt one
/// exit 5.
pub fn run(config: &Config, args: &InspectArgs, out: &mut dyn Write) -> Result<()> {
    let selected = crate::config::select(config)?;
    announce(&selected);
    let store = &*selected.store;
    let bytes = load_locked(config, store)?.ok_or_else(|| Error::NoCache {
        location: store.describe().summary,
    })?;
    let doc = parse_stored(store, &bytes)?;
    let options = Options {
        now: args.now.unwrap_or_else(now),
        claims: args.claims,
    };
    let summary = inspect::summarise(&doc, options);
    let location = store.describe().summary;
    if config.json {
        let mut json = Map::new();
        json.insert("location".into(), Value::from(location));
        json.insert(
            "store".into(),
            serde_json::to_value(store.kind()).unwrap_or_default(),
        );
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

/// Validate and model a stored cache; anything unusable is corrupt (exit 5).
pub fn parse_stored(store: &dyn Store, bytes: &[u8]) -> Result<Map<String, Value>> {
    cache::parse(bytes).map_err(|e| Error::Corrupt {
        location: store.describe().summary,
        detail: format!("it {e}"),
    })
}

/// The current time in Unix seconds.
pub fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
}
