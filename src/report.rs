//! Reporting an error at the edge, the way Unix tools do: one line
//! `tokencache: <what went wrong>`, then `hint: <how to fix it>` when there is
//! one; no numbering, no blank lines, colour only when stderr is a terminal.
//! With `--json`, one JSON object for machines instead. A panic (a bug in
//! tokencache) keeps a full report and asks the user to file it.

use std::fmt::Write as _;
use std::io::{self, IsTerminal, Write};

use serde_json::json;

use crate::error::Error;
use crate::text::escape_controls;

/// Where bugs are reported (the panic report names it).
pub const BUG_TRACKER: &str = concat!(env!("CARGO_PKG_REPOSITORY"), "/issues");

/// Whether stderr may carry colour: a terminal, and `NO_COLOR` unset or empty.
pub fn stderr_color() -> bool {
    io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
}

/// Whether stdout may carry colour: a terminal, and `NO_COLOR` unset or empty.
pub fn stdout_color() -> bool {
    io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
}

/// Set up error reporting; call first, while the process has one thread:
/// a panic hook that prints the full report of a bug and asks for it to be
/// filed.
///
/// Release builds are compiled with `panic = "abort"` (smaller: no landing
/// pads, see benches/RESULTS.md), where the process would die of SIGABRT
/// after the hook; the hook ends it with 101 instead, the documented status
/// for a bug, which an unwinding build (the tests' debug build) returns by
/// itself.
pub fn init() {
    std::panic::set_hook(Box::new(|info| {
        let _ = io::stderr().write_all(panic_report(info).as_bytes());
        if cfg!(panic = "abort") {
            std::process::exit(crate::exit_code::ExitCode::Bug.code());
        }
    }));
}

/// The text printed for a panic: what panicked and where, the backtrace
/// (always captured: a bug report without one is hard to act on), and where
/// to report it.
fn panic_report(info: &std::panic::PanicHookInfo<'_>) -> String {
    let payload = info.payload();
    let message = payload
        .downcast_ref::<&str>()
        .map(|s| (*s).to_string())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "(no message)".into());
    let location = info
        .location()
        .map(|l| format!("{}:{}:{}", l.file(), l.line(), l.column()))
        .unwrap_or_else(|| "an unknown place".into());
    let thread = std::thread::current();
    let backtrace = std::backtrace::Backtrace::force_capture();
    let mut text = String::new();
    let _ = writeln!(
        text,
        "tokencache: internal error: this is a bug in tokencache, not in how you used it"
    );
    let _ = writeln!(
        text,
        "hint: please file a bug at {BUG_TRACKER} with this whole report and the command you ran (without secrets)"
    );
    let _ = writeln!(
        text,
        "panicked at {location} (thread '{}'): {message}",
        thread.name().unwrap_or("<unnamed>")
    );
    let _ = writeln!(
        text,
        "version: {} {} ({}, {})",
        env!("CARGO_PKG_NAME"),
        env!("CARGO_PKG_VERSION"),
        std::env::consts::OS,
        std::env::consts::ARCH
    );
    let frames = backtrace.to_string();
    // A stripped binary (the release binaries, whose std is also built
    // without its symboliser: .ci/release/build-musl) can name no frame; a
    // column of "<unknown>" would only look like information.
    let named = frames.lines().any(|l| {
        let l = l.trim_start();
        !l.is_empty() && !l.ends_with("<unknown>")
    });
    if backtrace.status() == std::backtrace::BacktraceStatus::Captured && named {
        let _ = writeln!(text, "backtrace:\n{frames}");
    } else {
        let _ = writeln!(text, "backtrace: not available in this build (no symbols)");
    }
    text
}

/// `tokencache: message` and `hint: hint`, coloured when `color`.
pub fn format_human(message: &str, hint: Option<&str>, color: bool) -> String {
    let (red, cyan, reset) = if color {
        ("\x1b[1;31m", "\x1b[1;36m", "\x1b[0m")
    } else {
        ("", "", "")
    };
    let mut text = format!("{red}tokencache:{reset} {}\n", one_line(message));
    if let Some(hint) = hint.filter(|h| !h.trim().is_empty()) {
        let _ = writeln!(text, "{cyan}hint:{reset} {}", one_line(hint));
    }
    text
}

/// Collapse a message onto one line: no blank lines, no indentation, so a
/// shell user reads one sentence per line.
fn one_line(text: &str) -> String {
    text.split('\n')
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// The exit status for a command line clap could not parse (or for
/// `--help`/`--version`, which clap reports the same way), after printing it.
/// With `--json` anywhere on the command line, a usage error is one JSON
/// object like every other error.
pub fn usage(err: clap::Error) -> i32 {
    crate::usage::report(err)
}

/// The one-object `--json` form of an error.
pub fn json_error(code: &str, exit: i32, message: &str, hint: Option<&str>) -> String {
    json!({
        "error": {
            "code": code,
            "exit": exit,
            "message": message,
            "hint": hint,
        }
    })
    .to_string()
}

/// Print `err` on stderr and return the exit status it maps to.
pub fn report(err: Error, json: bool) -> i32 {
    let status = err.exit_status();
    // Messages carry values from files and other processes (lock holders,
    // D-Bus errors, paths): no control character reaches the terminal.
    let message = escape_controls(&err.to_string()).into_owned();
    let hint = err.hint().map(|h| escape_controls(&h).into_owned());
    let text = if json {
        json_error(err.code(), status, &message, hint.as_deref()) + "\n"
    } else {
        format_human(&message, hint.as_deref(), stderr_color())
    };
    let _ = io::stderr().write_all(text.as_bytes());
    status
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn human_layout_is_two_plain_lines() {
        assert_eq!(
            format_human("no cache", Some("write one"), false),
            "tokencache: no cache\nhint: write one\n"
        );
        assert_eq!(format_human("x", None, false), "tokencache: x\n");
        assert_eq!(
            format_human("a\n\n   b", Some("c\nd"), false),
            "tokencache: a b\nhint: c d\n"
        );
        assert!(format_human("x", Some("y"), true).contains("\x1b[1;31mtokencache:\x1b[0m x"));
    }
}
