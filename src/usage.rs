//! Usage errors (what clap could not parse), shown in tokencache's error
//! layout, and the environment clean-up done before parsing.
//!
//! clap's structured error context gives the facts (what was wrong, the
//! "did you mean" tips, the possible values), re-laid out as `tokencache: …`
//! / `hint: …` lines. Two things clap cannot know are fixed here:
//! - a value that came from an environment variable is named by that
//!   variable, not by a flag the user never typed;
//! - the usage line is the command's own, not one listing the options the
//!   environment provided as if they were required.

use std::ffi::OsString;
use std::io::{self, Write};

use clap::error::{ContextKind, ContextValue, ErrorKind};
use clap::CommandFactory;

use crate::cli::Cli;
use crate::exit_code::ExitCode;
use crate::report::{format_human, json_error, stderr_color};
use crate::text::escape_controls;

/// Every environment variable the command line reads (global and
/// per-command options), with the long flag it stands for.
pub fn env_vars() -> Vec<(String, String)> {
    let cmd = Cli::command();
    let mut vars = Vec::new();
    let mut add = |c: &clap::Command| {
        for arg in c.get_arguments() {
            if let (Some(var), Some(long)) = (arg.get_env(), arg.get_long()) {
                let pair = (var.to_string_lossy().into_owned(), long.to_string());
                if !vars.contains(&pair) {
                    vars.push(pair);
                }
            }
        }
    };
    add(&cmd);
    for sub in cmd.get_subcommands() {
        add(sub);
    }
    vars
}

/// Treat every empty `TOKENCACHE_*` variable the command line reads as unset:
/// CI templates expand an undefined variable to "", which means "not given",
/// never "an empty path" or "an empty store name". Call while the process
/// has one thread (before parsing).
pub fn unset_empty_env_vars() {
    // The common case costs one pass over the environment, not a clap
    // command built at every start.
    let any_empty = std::env::vars_os()
        .any(|(k, v)| v.is_empty() && k.to_str().is_some_and(|k| k.starts_with("TOKENCACHE_")));
    if !any_empty {
        return;
    }
    for (var, _) in env_vars() {
        if std::env::var_os(&var).is_some_and(|v| v.is_empty()) {
            // Single-threaded here (first thing in main), so no other thread
            // reads the environment.
            std::env::remove_var(&var);
        }
    }
}

/// Print a usage error (or `--help`/`--version` output) and return the exit
/// status.
pub fn report(err: clap::Error) -> i32 {
    if err.kind() == ErrorKind::DisplayVersion {
        // The version with commit, target and stores (`--version --json` too).
        let json = std::env::args_os().any(|a| a == "--json");
        return match crate::version::print(json) {
            Ok(()) => ExitCode::Ok.code(),
            Err(e) if e.kind() == io::ErrorKind::BrokenPipe => ExitCode::Ok.code(),
            Err(_) => ExitCode::Failure.code(),
        };
    }
    if !err.use_stderr() {
        let _ = err.print();
        return ExitCode::Ok.code();
    }
    if err.kind() == ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand {
        // Bare `tokencache`: the short help on stderr, exit 2.
        let _ = err.print();
        return ExitCode::Usage.code();
    }
    let args: Vec<OsString> = std::env::args_os().collect();
    let json = args.iter().any(|a| a == "--json");
    let (message, hints) = describe(&err, &args);
    // Values from the command line and the environment may carry control
    // characters: never raw onto the terminal.
    let message = escape_controls(&message).into_owned();
    let hints: Vec<String> = hints
        .iter()
        .map(|h| escape_controls(h).into_owned())
        .collect();
    if json {
        let mut hint = hints.join("; ");
        if !hint.is_empty() {
            hint.push_str("; ");
        }
        hint.push_str(&help_pointer(&args));
        let _ = writeln!(
            io::stderr(),
            "{}",
            json_error("usage", ExitCode::Usage.code(), &message, Some(&hint))
        );
        return ExitCode::Usage.code();
    }
    let color = stderr_color();
    let mut text = format_human(&message, None, color);
    for hint in &hints {
        text.push_str(&format_human_hint(hint, color));
    }
    if let Some(usage) = usage_line(&args) {
        text.push_str(&usage);
        text.push('\n');
    }
    text.push_str(&format_human_hint(&help_pointer(&args), color));
    let _ = io::stderr().write_all(text.as_bytes());
    ExitCode::Usage.code()
}

fn format_human_hint(hint: &str, color: bool) -> String {
    // format_human's second line, alone.
    let full = format_human("", Some(hint), color);
    full.split_once('\n')
        .map(|(_, rest)| rest.to_string())
        .unwrap_or_default()
}

/// The error's one-line message and its hints ("did you mean", the accepted
/// values), with environment-provided values named by their variable. Both
/// come from clap's structured context, not from its rendered text.
fn describe(err: &clap::Error, args: &[OsString]) -> (String, Vec<String>) {
    let mut message = message_of(err);
    let mut hints = Vec::new();
    if let Some(ContextValue::Strings(values)) = err.get(ContextKind::ValidValue) {
        if !values.is_empty() {
            let values: Vec<String> = values.iter().map(|v| quoted(v)).collect();
            hints.push(format!("accepted values: {}", values.join(", ")));
        }
    }
    // "did you mean": a close subcommand or argument first, then a value,
    // then clap's other tips.
    if let Some(tip) = close_matches(err) {
        hints.push(tip);
    }
    for (kind, what) in [(ContextKind::SuggestedValue, "value")] {
        let similar: Vec<String> = match err.get(kind) {
            Some(ContextValue::String(one)) => vec![one.clone()],
            Some(ContextValue::Strings(some)) => some.clone(),
            _ => continue,
        };
        let list: Vec<String> = similar.iter().map(|s| format!("'{s}'")).collect();
        hints.push(match similar.len() {
            1 => format!("a similar {what} exists: {}", list[0]),
            _ => format!("some similar {what}s exist: {}", list.join(", ")),
        });
    }
    if let Some(ContextValue::StyledStrs(tips)) = err.get(ContextKind::Suggested) {
        hints.extend(tips.iter().map(ToString::to_string));
    }
    if let Some(ContextValue::String(invalid)) = err.get(ContextKind::InvalidArg) {
        if let Some((var, long)) = from_environment(invalid, args) {
            let flag = invalid.as_str();
            message = message.replace(
                &format!("'{flag}'"),
                &format!("the environment variable {var} (--{long})"),
            );
            if err.kind() == ErrorKind::InvalidValue && message.contains("a value is required") {
                message = format!("{var} is set but empty");
            }
        }
        if err.kind() == ErrorKind::ValueValidation && is_boolish(invalid, args) {
            hints.push(
                "accepted values: true, false, 1, 0, yes, no, on, off, y, n (any case); \
                 empty or unset means false"
                    .into(),
            );
        }
    }
    (message, hints)
}

/// What went wrong, in one line: the error rendered with only the context
/// that says what happened (no suggestions, accepted values or usage, which
/// become hints or are replaced), its continuation lines (the missing or
/// conflicting arguments) joined onto the first.
fn message_of(err: &clap::Error) -> String {
    let mut bare = clap::Error::new(err.kind());
    for (kind, value) in err.context() {
        let hint_or_usage = matches!(
            kind,
            ContextKind::ValidValue
                | ContextKind::SuggestedSubcommand
                | ContextKind::SuggestedArg
                | ContextKind::SuggestedValue
                | ContextKind::Suggested
                | ContextKind::Usage
        );
        if !hint_or_usage {
            bare.insert(kind, value.clone());
        }
    }
    let rendered = bare.render().to_string();
    let mut lines = rendered.lines().map(str::trim).filter(|l| !l.is_empty());
    let mut message = lines
        .next()
        .unwrap_or_default()
        .trim_start_matches("error: ")
        .to_string();
    // A failed value parser's reason is the error's source, not context.
    if err.kind() == ErrorKind::ValueValidation {
        if let Some(source) = std::error::Error::source(err) {
            message = format!("{message}: {source}");
        }
    }
    let details: Vec<&str> = lines.collect();
    if !details.is_empty() {
        message = format!("{} {}", message.trim_end_matches(':'), details.join(" "));
        if !message.contains(':') {
            message = message.replacen(" provided ", " provided: ", 1);
        }
    }
    message
}

/// "did you mean", with only the suggestions that are a typo away from what
/// was typed. clap suggests anything that shares letters in a similar order
/// (Jaro similarity over 0.7: `raed` → `redis`, `tken` → `keygen`); a
/// suggestion is kept here when at most one edit (two for names of five
/// letters or more) turns one into the other, a swap of neighbours counting
/// as one (optimal string alignment distance).
fn close_matches(err: &clap::Error) -> Option<String> {
    let (typed, suggested, what) = match (
        err.get(ContextKind::InvalidSubcommand),
        err.get(ContextKind::SuggestedSubcommand),
        err.get(ContextKind::InvalidArg),
        err.get(ContextKind::SuggestedArg),
    ) {
        (Some(ContextValue::String(typed)), Some(suggested), _, _) => {
            (typed.clone(), suggested, "command")
        }
        (_, _, Some(ContextValue::String(typed)), Some(suggested)) => {
            (typed.clone(), suggested, "option")
        }
        _ => return None,
    };
    let suggested: Vec<&String> = match suggested {
        ContextValue::String(one) => vec![one],
        ContextValue::Strings(many) => many.iter().collect(),
        _ => return None,
    };
    let bare = |s: &str| s.trim_start_matches('-').to_ascii_lowercase();
    let typed = bare(typed.split('=').next().unwrap_or(&typed));
    let close: Vec<String> = suggested
        .into_iter()
        .filter(|candidate| {
            let candidate = bare(candidate);
            let allowed = if candidate.chars().count() >= 5 { 2 } else { 1 };
            strsim::osa_distance(&typed, &candidate) <= allowed
        })
        .map(|c| format!("`{c}`"))
        .collect();
    if close.is_empty() {
        return None;
    }
    Some(format!("did you mean the {what} {}?", close.join(" or ")))
}

/// A value as clap lists it: quoted when empty or holding a space.
fn quoted(value: &str) -> String {
    if value.is_empty() || value.contains(char::is_whitespace) {
        format!("{value:?}")
    } else {
        value.to_string()
    }
}

/// The variable (and long flag) that provided `invalid` (clap's
/// `--flag <VALUE>` rendering), when the flag itself is not on the command
/// line.
fn from_environment(invalid: &str, args: &[OsString]) -> Option<(String, String)> {
    let long = invalid
        .strip_prefix("--")?
        .split([' ', '='])
        .next()?
        .to_string();
    let typed = args.iter().skip(1).any(|a| {
        let a = a.to_string_lossy();
        a == format!("--{long}") || a.starts_with(&format!("--{long}="))
    });
    if typed {
        return None;
    }
    env_vars()
        .into_iter()
        .find(|(var, l)| *l == long && std::env::var_os(var).is_some())
}

/// How to name the source of option `--long` in a message: the flag when
/// it is on the command line, else its environment variable when that is
/// set (a value the user never typed as a flag), else the flag.
pub fn source_of(long: &str) -> String {
    let args: Vec<OsString> = std::env::args_os().collect();
    match from_environment(&format!("--{long}"), &args) {
        Some((var, _)) => var,
        None => format!("--{long}"),
    }
}

/// Whether `invalid` (clap's `--flag` rendering) is an on/off flag, known
/// from its action: such a flag takes no value on the command line, so a
/// value it refused came from its environment variable.
fn is_boolish(invalid: &str, args: &[OsString]) -> bool {
    let Some(long) = invalid
        .strip_prefix("--")
        .and_then(|l| l.split([' ', '=']).next())
    else {
        return false;
    };
    let cmd = Cli::command();
    let sub = subcommand(args).and_then(|name| cmd.find_subcommand(&name).cloned());
    let on_off = sub
        .iter()
        .chain(std::iter::once(&cmd))
        .flat_map(|c| c.get_arguments())
        .find(|arg| arg.get_long() == Some(long))
        .is_some_and(|arg| {
            matches!(
                arg.get_action(),
                clap::ArgAction::SetTrue | clap::ArgAction::SetFalse
            )
        });
    on_off
}

/// The subcommand named on the command line, if any.
fn subcommand(args: &[OsString]) -> Option<String> {
    let cmd = Cli::command();
    args.iter().skip(1).find_map(|a| {
        let a = a.to_str()?;
        cmd.find_subcommand(a).map(|s| s.get_name().to_string())
    })
}

/// `usage: tokencache <command> …`: the command's own usage, not clap's
/// error usage (which lists environment-provided options as if required).
fn usage_line(args: &[OsString]) -> Option<String> {
    let mut cmd = Cli::command();
    cmd.build();
    let usage = match subcommand(args) {
        Some(name) => cmd.find_subcommand_mut(&name)?.render_usage(),
        None => cmd.render_usage(),
    };
    let text = usage.to_string();
    let text = text.trim();
    Some(format!(
        "usage: {}",
        text.strip_prefix("Usage: ").unwrap_or(text)
    ))
}

fn help_pointer(args: &[OsString]) -> String {
    match subcommand(args) {
        Some(name) => format!("run `tokencache help {name}` for its options and exit codes"),
        None => "run `tokencache help` for the options, commands and exit codes".into(),
    }
}
