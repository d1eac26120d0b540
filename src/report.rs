//! Reporting an error at the edge: color-eyre for people (message, cause,
//! suggestion), one JSON object for machines with `--json`.

use std::io::{self, IsTerminal, Write};

use color_eyre::config::{HookBuilder, Theme};
use color_eyre::Section;
use serde_json::json;

use crate::error::Error;
use crate::exit_code::ExitCode;
use crate::text::escape_controls;

/// Whether stderr may carry colour: a terminal, and `NO_COLOR` unset or empty.
pub fn stderr_color() -> bool {
    io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
}

/// Set up error reporting; call first, while the process has one thread.
///
/// tokencache's errors are expected conditions with their own message and
/// hint, not bugs, so a backtrace only buries the hint. `RUST_BACKTRACE=1`
/// (common in developer shells and CI images) keeps governing panics;
/// `RUST_LIB_BACKTRACE=1` brings backtraces back for errors.
pub fn init() {
    if std::env::var_os("RUST_LIB_BACKTRACE").is_none() {
        // Single-threaded here (before any command runs), so no other thread
        // can be reading the environment.
        std::env::set_var("RUST_LIB_BACKTRACE", "0");
    }
}

/// Report a command line clap could not parse (or `--help`/`--version`,
/// which clap reports the same way). With `--json` anywhere on the command
/// line, a usage error is one JSON object like every other error.
pub fn usage(err: clap::Error) -> ExitCode {
    let json = std::env::args_os().any(|a| a == "--json");
    if !err.use_stderr() {
        let _ = err.print();
        return ExitCode::Ok;
    }
    if json {
        let doc = json!({
            "error": {
                "code": "usage",
                "exit": ExitCode::Usage.code(),
                "message": err.render().to_string().lines().next().unwrap_or_default().trim_start_matches("error: "),
                "hint": "run `tokencache --help` for the options and commands",
            }
        });
        let _ = writeln!(io::stderr(), "{doc}");
    } else {
        let _ = err.print();
    }
    ExitCode::Usage
}

/// Whether stdout may carry colour: a terminal, and `NO_COLOR` unset or empty.
pub fn stdout_color() -> bool {
    io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
}

/// Print `err` on stderr and return the exit code it maps to.
pub fn report(err: Error, json: bool) -> ExitCode {
    let code = err.exit_code();
    if matches!(err, Error::Interrupted) && !json {
        // Ctrl-C needs no essay.
        let _ = writeln!(io::stderr(), "tokencache: {err}");
        return code;
    }
    if json {
        let doc = json!({
            "error": {
                "code": err.code(),
                "exit": code.code(),
                "message": escape_controls(&err.to_string()),
                "hint": err.hint().map(|h| escape_controls(&h).into_owned()),
            }
        });
        let _ = writeln!(io::stderr(), "{doc}");
        return code;
    }
    let theme = if stderr_color() {
        Theme::dark()
    } else {
        Theme::new()
    };
    // Installing twice fails harmlessly; the hook only formats.
    let _ = HookBuilder::default()
        .theme(theme)
        .display_env_section(false)
        .install();
    // Messages carry values from files and other processes (lock holders,
    // D-Bus errors, paths): no control character reaches the terminal.
    let hint = err.hint().map(|h| escape_controls(&h).into_owned());
    let mut report = color_eyre::eyre::Report::msg(escape_controls(&err.to_string()).into_owned());
    if let Some(hint) = hint {
        report = report.suggestion(hint);
    }
    let _ = writeln!(io::stderr(), "Error: {report:?}");
    code
}
