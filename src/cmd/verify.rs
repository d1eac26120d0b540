//! `tokencache verify`: the seed's persistence validation, reported.

use std::io::Write;
use std::time::Instant;

use serde_json::json;

use super::{announce_reported, emit, emit_json, put_path_in};
use crate::config::Config;
use crate::error::{fmt_duration, Error, Result};

/// Check that the store `read`/`write` would use works, with a round trip on a
/// validation location that is not the cache. Prints a report (human, or
/// `--json`) on stdout; exits 0 only when the store works.
pub fn run(config: &Config, out: &mut dyn Write) -> Result<()> {
    let start = Instant::now();
    let outcome = crate::config::select(config).and_then(|selected| {
        // `auto` verified the protected store while selecting; a forced store
        // and the plaintext fallback are verified here.
        if config.store.is_some() || selected.fallback.is_some() {
            selected.store.verify()?;
        }
        Ok(selected)
    });
    let elapsed = start.elapsed();
    match outcome {
        Ok(selected) => {
            announce_reported(&selected);
            let desc = selected.store.describe();
            if config.json {
                let mut doc = json!({
                    "ok": true,
                    "store": selected.store.kind(),
                    "summary": desc.summary,
                    "details": desc.fields_json(),
                    "cache_path": null,
                    "lock_path": null,
                    "round_trip_ms": elapsed.as_secs_f64() * 1000.0,
                });
                put_path_in(&mut doc, "cache_path", Some(&config.cache_path));
                put_path_in(&mut doc, "lock_path", Some(&config.lock_path));
                if let Some(fallback) = &selected.fallback {
                    doc["fallback_from"] = json!(fallback.from);
                    doc["reason"] = json!(fallback.reason);
                }
                return emit_json(out, &doc);
            }
            let mut text = format!("ok: {} works\n", desc.summary);
            text += &format!("  store: {}\n", selected.store.kind().as_str());
            text += &desc.fields_text();
            if let Some(fallback) = &selected.fallback {
                text += &format!(
                    "  fallback: from {} ({})\n",
                    fallback.from.as_str(),
                    fallback.reason
                );
            }
            if selected.store.uses_lock_file() {
                text += &format!("  lock: {}\n", config.lock_path.display());
            }
            text += &format!("  round trip: {}\n", fmt_duration(elapsed));
            // Labels, attributes and errors come from the keyring daemon.
            emit(
                out,
                crate::text::escape_controls_keep_newlines(&text).as_bytes(),
            )
        }
        Err(err) => {
            if config.json && !matches!(err, Error::Interrupted) {
                let doc = json!({
                    "ok": false,
                    "store": config.requested_kind(),
                    "error": { "code": err.code(), "exit": err.exit_code().code(), "message": err.to_string(), "hint": err.hint() },
                });
                emit_json(out, &doc)?;
            }
            Err(err)
        }
    }
}
