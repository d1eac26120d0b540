//! `tokencache path`: where the cache (or its lock) is.

use std::io::Write;

use serde_json::json;

use super::presets::keyring_json;
use super::{announce_reported, emit, emit_json, put_path_in};
use crate::cli::PathArgs;
use crate::config::Config;
use crate::error::{Error, Result};

/// Print the cache path (or `--lock` path) as one line (for Redis, which has
/// neither, the key and server), or with `--json` the
/// whole resolution: paths, the store in play, platform, user root, identity,
/// preset and keyring layout. `path` says where things are even when the
/// store cannot be used right now: `--json` then names the requested store
/// and adds `store_error`.
pub fn run(config: &Config, args: &PathArgs, out: &mut dyn Write) -> Result<()> {
    // Redis keeps the cache in a key and serialises writers with its own
    // transactions: there is no cache file and no lock file to name.
    let remote = !config.requested_kind().uses_lock_file();
    if remote && args.lock {
        return Err(Error::Config {
            message: "the Redis store uses no lock file".into(),
            hint: "writers of one key are serialised by Redis transactions (WATCH/MULTI/EXEC), \
                   not by a file; `tokencache path` names the key"
                .into(),
        });
    }
    if remote && !config.json {
        let selected = crate::config::select(config)?;
        let line = format!("{}\n", selected.store.describe().summary);
        return emit(
            out,
            crate::text::escape_controls_keep_newlines(&line).as_bytes(),
        );
    }
    if !config.json {
        let path = if args.lock {
            &config.lock_path
        } else {
            &config.cache_path
        };
        let mut line = path.as_os_str().as_encoded_bytes().to_vec();
        line.push(b'\n');
        return emit(out, &line);
    }
    let selected = crate::config::select(config);
    let kind = match &selected {
        Ok(selected) => {
            announce_reported(selected);
            selected.store.kind()
        }
        Err(_) => config.requested_kind(),
    };
    let (cache_path, lock_path) = if remote {
        (None, None)
    } else {
        (Some(&config.cache_path), Some(&config.lock_path))
    };
    let mut doc = json!({
        "cache_path": null,
        "lock_path": null,
        "store": kind,
        "platform": config.platform.as_str(),
        "user_root": null,
        "service": config.service,
        "account": config.account,
        "scope": config.stores.dpapi.scope.as_str(),
        "scope_used": kind.uses_scope(),
        "preset": config.preset.map(|p| p.name),
        "keyring": keyring_json(&config.keyring),
    });
    // Paths go in through `put_path`: one that is not UTF-8 is marked lossy.
    put_path_in(&mut doc, "cache_path", cache_path.map(|p| p.as_path()));
    put_path_in(&mut doc, "lock_path", lock_path.map(|p| p.as_path()));
    put_path_in(&mut doc, "user_root", config.user_root.as_deref());
    match &selected {
        Ok(selected) => {
            // Where the token is, as the store says (verify shows the same):
            // a Redis store's URL without a password, its key and layout.
            let described = selected.store.describe();
            let mut location = serde_json::Map::new();
            location.insert("summary".into(), json!(described.summary));
            location.extend(described.fields_json());
            doc["location"] = serde_json::Value::Object(location);
            if let Some(fallback) = &selected.fallback {
                doc["fallback_from"] = json!(fallback.from);
                doc["reason"] = json!(fallback.reason);
            }
        }
        Err(err) => {
            doc["store_error"] =
                json!({ "code": err.code(), "message": err.to_string(), "hint": err.hint() });
        }
    }
    emit_json(out, &doc)
}
