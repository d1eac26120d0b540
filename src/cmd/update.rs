//! `tokencache update -- CMD [ARGS…]`: read, transform with another tool and
//! write back under ONE hold of the lock, so no concurrent writer's update is
//! lost between the read and the write (which `read | jq | write` cannot
//! promise), and so a removal (which `write --merge` cannot express) is safe.
//!
//! The stored cache goes to CMD's stdin; CMD's stdout is validated exactly as
//! `write` validates its input and replaces the cache atomically, only when
//! CMD exits 0. CMD's stderr is the user's. A CMD that fails, prints something
//! invalid or is interrupted changes nothing, and its status is passed on.
//! CMD runs in its own process group without tokencache's secrets, and
//! tokencache stops waiting when CMD exits ([`crate::child`]).
//!
//! On a store kept per partition (a Redis key), CMD's output is held to the
//! key's partition as `write` is: entries CMD adds or changes that belong to
//! another partition are refused (exit 4) unless `--force-partition`.

use std::ffi::OsString;
use std::io::Write;
use std::path::Path;
use std::process::ExitStatus;

use serde_json::{json, Map, Value};

use super::document::unusable;
use super::{emit_json, note, open, Intent};
use crate::cache::{self, partition};
use crate::cli::UpdateArgs;
use crate::config::Config;
use crate::error::{Error, InputError, Result};
use crate::{child, signals};

/// Run CMD on the stored cache and store its output.
pub fn run(config: &Config, args: &UpdateArgs, out: &mut dyn Write) -> Result<()> {
    let program = program_name(&args.command);
    let session = open(config, Intent::Write)?;
    let store = session.store();
    let location = store.describe().summary;
    let changed = session.transact(|store| {
        let stored = match store.load()? {
            Some(bytes) => {
                cache::validate(&bytes).map_err(|e| unusable(store, &bytes, &e))?;
                bytes
            }
            None if args.allow_missing => b"{}".to_vec(),
            None => return Err(super::no_cache(store)),
        };
        let output = run_command(config, &program, &args.command, &stored, args.max_size)?;
        cache::validate(&output).map_err(|reason| InputError::Command {
            program: program.clone(),
            reason,
        })?;
        if signals::interrupted() {
            return Err(Error::Interrupted);
        }
        if output == stored {
            return Ok(false);
        }
        if let Some(key) = store.partition_key().filter(|_| !args.force_partition) {
            check_partition(key, &stored, &output)?;
        }
        store.save(&output)?;
        Ok(true)
    })?;
    if config.json {
        return emit_json(
            out,
            &super::with_retries(json!({ "location": location, "changed": changed }), store),
        );
    }
    if changed {
        note(config, format_args!("updated the cache in {location}"));
    } else {
        note(
            config,
            format_args!(
                "{program} printed the stored cache unchanged; {location} was not rewritten"
            ),
        );
    }
    Ok(())
}

/// Refuse `output` when CMD added or changed entries that belong to another
/// partition than `key` (exit 4), as `write` refuses them. Entries stored
/// before, left as they were, do not count: a key that already mixes
/// partitions can still be edited, and cleaned up.
fn check_partition(key: &str, stored: &[u8], output: &[u8]) -> Result<()> {
    // Both were validated: parsing cannot fail here.
    let before = cache::parse(stored).map_err(InputError::Json)?;
    let after = cache::parse(output).map_err(InputError::Json)?;
    fn entry<'a>(doc: &'a Map<String, Value>, m: &partition::Mismatch) -> Option<&'a Value> {
        doc.get(&m.section).and_then(|s| s.get(&m.entry))
    }
    let written: Vec<_> = partition::mismatches(&after, key)
        .into_iter()
        .filter(|m| entry(&before, m) != entry(&after, m))
        .collect();
    super::write::refuse_foreign(key, &written)
}

/// CMD's name for messages: its first word.
fn program_name(command: &[OsString]) -> String {
    command
        .first()
        .map(|p| Path::new(p).display().to_string())
        .unwrap_or_default()
}

/// Run CMD with `input` on its stdin and return its stdout, or the error
/// that says why nothing is stored: CMD could not start, failed, was
/// interrupted, or printed more than `max_size`. CMD runs in its own process
/// group, without tokencache's secrets, and is stopped with its group on a
/// signal ([`crate::child`]).
fn run_command(
    config: &Config,
    program: &str,
    command: &[OsString],
    input: &[u8],
    max_size: u64,
) -> Result<Vec<u8>> {
    let (first, rest) = command.split_first().ok_or_else(|| Error::Config {
        message: "update needs a command after `--`".into(),
        hint: "e.g. tokencache update -- jq 'del(.AccessToken)'".into(),
    })?;
    let also_secret = config.stores.secret_variables();
    let mut cmd = child::command(first, rest, &also_secret);
    let mut process =
        child::spawn_piped(child::grouped(&mut cmd)).map_err(|cause| Error::CommandNotRun {
            program: program.to_string(),
            cause,
        })?;
    let child::Exchanged { status, output } = child::exchange(&mut process, input, max_size)?;
    // Too much output first: a CMD that then died of the closed pipe failed
    // because of the limit, not by itself.
    if output.as_ref().is_ok_and(|o| o.len() as u64 > max_size) {
        return Err(InputError::CommandTooLarge {
            program: program.to_string(),
            limit: max_size,
        }
        .into());
    }
    if !status.success() {
        return Err(failed(program, status));
    }
    output.map_err(|cause| {
        InputError::CommandRead {
            program: program.to_string(),
            cause,
        }
        .into()
    })
}

/// The error for a CMD that exited unsuccessfully: its status passed on, or
/// 128 + the signal that killed it.
fn failed(program: &str, status: ExitStatus) -> Error {
    if let Some(code) = status.code() {
        return Error::CommandFailed {
            program: program.to_string(),
            how: format!("exited with status {code}"),
            status: code,
        };
    }
    #[cfg(unix)]
    {
        use std::os::unix::process::ExitStatusExt;
        if let Some(sig) = status.signal() {
            return Error::CommandFailed {
                program: program.to_string(),
                how: format!("was killed by signal {sig}"),
                status: signals::exit_status(sig),
            };
        }
    }
    Error::CommandFailed {
        program: program.to_string(),
        how: format!("failed ({status})"),
        status: 1,
    }
}
