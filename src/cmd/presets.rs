//! `tokencache presets`: the well-known caches, where each resolves on this
//! machine, and whether its cache exists.

use std::io::Write;

use serde_json::{json, Map, Value};

use super::{emit, emit_json};
use crate::config::{self, Config, KeyringLayout};
use crate::lock::lock_path_for;
use crate::presets::{encoding_name, Preset, PRESETS};
use crate::store::StoreKind;

/// Print one line per preset (or `--json`): name, store, whether the cache
/// exists, path, and the keyring identity where one is used.
pub fn run(config: &Config, out: &mut dyn Write) -> Result<(), crate::Error> {
    let rows: Vec<Value> = PRESETS.iter().map(|p| resolve(config, p)).collect();
    if config.json {
        return emit_json(out, &rows);
    }
    let mut text = format!(
        "{:<23} {:<15} {:<8} {}\n",
        "PRESET", "STORE", "EXISTS", "CACHE PATH"
    );
    for (row, preset) in rows.iter().zip(PRESETS) {
        let exists = match &row["exists"] {
            Value::Bool(true) => "yes",
            Value::Bool(false) => "no",
            _ => "unknown",
        };
        let path = row["cache_path"].as_str().unwrap_or("(cannot resolve)");
        let store = row["store"].as_str().unwrap_or("?");
        text += &format!("{:<23} {:<15} {:<8} {}\n", preset.name, store, exists, path);
        text += &format!("    {}\n", preset.tool);
        if let Some(identity) = identity_line(row) {
            text += &format!("    {identity}\n");
        }
    }
    // Why some existence is unknown, once per reason: on a machine without
    // D-Bus every keyring preset fails the same way.
    let mut unknown: Vec<(&str, Vec<&str>)> = Vec::new();
    for (row, preset) in rows.iter().zip(PRESETS) {
        if let Some(why) = row.get("exists_error").and_then(Value::as_str) {
            match unknown.iter_mut().find(|(w, _)| *w == why) {
                Some((_, names)) => names.push(preset.name),
                None => unknown.push((why, vec![preset.name])),
            }
        }
    }
    for (why, names) in unknown {
        text += &format!(
            "\ncannot tell whether {} exist{} ({}): {why}\n",
            if names.len() == 1 {
                "its cache"
            } else {
                "their caches"
            },
            if names.len() == 1 { "s" } else { "" },
            names.join(", ")
        );
    }
    emit(out, text.as_bytes())
}

/// One preset resolved on this machine.
fn resolve(config: &Config, preset: &'static Preset) -> Value {
    let mut row = Map::new();
    row.insert("name".into(), json!(preset.name));
    row.insert("tool".into(), json!(preset.tool));
    row.insert("source".into(), json!(preset.source));
    let choice = preset.store(config.platform);
    let kind = choice.unwrap_or_else(|| StoreKind::auto_for(config.platform));
    row.insert("store".into(), json!(kind));
    match preset.cache_path() {
        Ok(path) => {
            super::put_path(&mut row, "cache_path", Some(&path));
            super::put_path(&mut row, "lock_path", Some(&lock_path_for(&path)));
            let preset_config = Config {
                lock_path: lock_path_for(&path),
                cache_path: path,
                store: choice,
                service: preset.service.unwrap_or(&config.service).to_string(),
                account: preset.account.unwrap_or(&config.account).to_string(),
                keyring: preset.keyring(),
                preset: Some(preset),
                ..config.clone()
            };
            match exists(&preset_config, kind) {
                Ok(found) => {
                    row.insert("exists".into(), json!(found));
                }
                Err(why) => {
                    row.insert("exists".into(), Value::Null);
                    row.insert("exists_error".into(), json!(why));
                }
            }
            row.insert("service".into(), json!(preset_config.service));
            row.insert("account".into(), json!(preset_config.account));
        }
        Err(e) => {
            row.insert("cache_path".into(), Value::Null);
            row.insert("exists".into(), Value::Null);
            row.insert("exists_error".into(), json!(e.to_string()));
        }
    }
    row.insert("keyring".into(), keyring_json(&preset.keyring()));
    Value::Object(row)
}

/// Whether the preset's cache exists: for a store that keeps the cache in
/// the file at the path, a non-empty file (looked at, not read); for a
/// keyring, the item (read through the store, without the lock: nothing is
/// changed).
fn exists(config: &Config, kind: StoreKind) -> Result<bool, String> {
    if kind.keeps_cache_at_path() {
        return match std::fs::symlink_metadata(&config.cache_path) {
            Ok(meta) => Ok(meta.is_file() && meta.len() > 0),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(false),
            Err(e) => Err(e.to_string()),
        };
    }
    config::build(config, kind)
        .and_then(|store| store.load())
        .map(|found| found.is_some())
        .map_err(|e| e.to_string())
}

/// A keyring layout as JSON (`path --json`, `presets --json`).
pub fn keyring_json(layout: &KeyringLayout) -> Value {
    let attributes: Map<String, Value> = layout
        .attributes
        .iter()
        .map(|(k, v)| (k.clone(), json!(v)))
        .collect();
    json!({
        "collection": layout.collection,
        "schema": layout.schema,
        "attributes": attributes,
        "label": layout.label,
        "encoding": encoding_name(layout.encoding),
    })
}

/// "item: schema msal.cache, MsalClientID=…, label MSALCache, base64" or the
/// keytar service/account, for keyring stores.
fn identity_line(row: &Value) -> Option<String> {
    let store = row["store"].as_str()?;
    if store != "secret-service" && store != "keychain" {
        return None;
    }
    let keyring = &row["keyring"];
    let attrs = keyring["attributes"].as_object()?;
    if store == "keychain" || attrs.is_empty() {
        return Some(format!(
            "item: service {}, account {}",
            row["service"].as_str()?,
            row["account"].as_str()?
        ));
    }
    let mut parts = Vec::new();
    if let Some(schema) = keyring["schema"].as_str() {
        parts.push(format!("schema {schema}"));
    }
    parts.extend(
        attrs
            .iter()
            .map(|(k, v)| format!("{k}={}", v.as_str().unwrap_or(""))),
    );
    if let Some(label) = keyring["label"].as_str() {
        parts.push(format!("label {label}"));
    }
    parts.push(format!(
        "{} value",
        keyring["encoding"].as_str().unwrap_or("auto")
    ));
    Some(format!("item: {}", parts.join(", ")))
}
