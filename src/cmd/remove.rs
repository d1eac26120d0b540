//! `tokencache remove`: delete selected entries (one account's, one
//! application's, one section's) under the lock, like signing one account out.
//! Prints counts per section, never an entry's content.

use std::io::Write;

use serde_json::{json, Map, Value};

use super::document::parse_stored;
use super::{emit_json, open, with_retries, Intent};
use crate::cache;
use crate::cache::remove::{self, Removed, Selection};
use crate::cli::{RemoveArgs, RemoveKind};
use crate::config::Config;
use crate::error::{Error, Result};
use crate::signals;

/// Remove the selected entries and report what went. No cache, or nothing
/// matching, is success with nothing changed (like `clear`).
pub fn run(config: &Config, args: &RemoveArgs, out: &mut dyn Write) -> Result<()> {
    let selection = Selection {
        account: args.user.clone(),
        client_id: args.client_id.clone(),
        sections: args.section.clone(),
        environment: args.environment.clone(),
        access_tokens_only: args.kind == Some(RemoveKind::AccessToken),
        scopes: args.scope.clone(),
    };
    if selection.is_empty() {
        return Err(Error::Config {
            message: "remove needs --user, --client-id, --section, --kind or --environment".into(),
            hint: "to remove the whole cache, use `tokencache clear`".into(),
        });
    }
    // The key, and any key derivation, before the lock.
    let session = open(config, Intent::Read)?;
    let store = session.store();
    let location = store.describe().summary;
    let removed = if session.present() {
        session.transact(|store| {
            let Some(bytes) = store.load()? else {
                check_sections(&args.section, None)?;
                return Ok(None);
            };
            let mut doc = parse_stored(store, &bytes)?;
            check_sections(&args.section, Some(&doc))?;
            let removed = remove::remove(&mut doc, &selection);
            if removed.total() > 0 && !args.dry_run {
                if signals::interrupted() {
                    return Err(Error::Interrupted);
                }
                store.save(&cache::to_bytes(&doc))?;
            }
            Ok(Some(removed))
        })?
    } else {
        check_sections(&args.section, None)?;
        None
    };
    if config.json {
        let counts: Map<String, Value> = removed
            .iter()
            .flat_map(|r| r.sections.iter())
            .map(|(name, n)| (name.clone(), json!(n)))
            .collect();
        let doc = json!({
            "location": location,
            "cache_found": removed.is_some(),
            "dry_run": args.dry_run,
            "removed": counts,
            "total": removed.as_ref().map_or(0, Removed::total),
        });
        return emit_json(out, &with_retries(doc, store));
    }
    let line = match &removed {
        None => format!("no cache in {location}; nothing to remove\n"),
        Some(r) if r.total() == 0 => format!("no entry matched in {location}; nothing removed\n"),
        Some(r) => {
            let verb = if args.dry_run {
                "would remove"
            } else {
                "removed"
            };
            let parts: Vec<String> = r
                .sections
                .iter()
                // Section names come from the stored cache.
                .map(|(name, n)| format!("{} {n}", crate::text::escape_controls(name)))
                .collect();
            let total = r.total();
            let plural = if total == 1 { "entry" } else { "entries" };
            format!(
                "{verb} {total} {plural} from {location}: {}\n",
                parts.join(", ")
            )
        }
    };
    // A report for people, on stderr as every verb's (`--quiet` silences
    // it); stdout carries only data (`--json`).
    super::note(config, format_args!("{}", line.trim_end()));
    Ok(())
}

/// The sections of an MSAL token cache.
const MSAL_SECTIONS: [&str; 5] = [
    "AccessToken",
    "RefreshToken",
    "IdToken",
    "Account",
    "AppMetadata",
];

/// Refuse a `--section` that names neither an MSAL section nor a top-level
/// key of the stored cache: a misspelt filter (`accesstoken`,
/// `AccessTokens`) would otherwise match nothing and succeed silently.
/// Keys are case-sensitive in the cache, so the name must match exactly;
/// the error suggests the closest known name.
fn check_sections(sections: &[String], doc: Option<&Map<String, Value>>) -> Result<()> {
    let known: Vec<&str> = MSAL_SECTIONS
        .iter()
        .copied()
        .chain(doc.into_iter().flat_map(|d| d.keys().map(String::as_str)))
        .collect();
    let Some(unknown) = sections.iter().find(|s| !known.contains(&s.as_str())) else {
        return Ok(());
    };
    let closest = known
        .iter()
        .map(|k| {
            let score = if k.eq_ignore_ascii_case(unknown) {
                1.0
            } else {
                strsim::jaro_winkler(&k.to_ascii_lowercase(), &unknown.to_ascii_lowercase())
            };
            (score, *k)
        })
        .filter(|(score, _)| *score > 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, k)| k);
    let list = MSAL_SECTIONS.join(", ");
    Err(Error::Config {
        message: format!("unknown section `{unknown}`"),
        hint: match closest {
            Some(k) => format!("did you mean `{k}`? Section names are case-sensitive: {list}"),
            None => {
                format!("the sections are {list} (case-sensitive), or a top-level key of the cache")
            }
        },
    })
}
