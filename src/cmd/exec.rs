//! `tokencache exec [--scope S]… [--env NAME]… -- CMD [ARGS…]`: run CMD with
//! the cached access token in its environment, and nowhere else.
//!
//! The token is the one `token` serves for the same options
//! ([`super::token::request`], [`super::token::serve`]: read under the lock,
//! never from the network, never a refresh token). It is put in the
//! variables `--env` names (`AZURE_ACCESS_TOKEN` by default), never in an
//! argument, so it does not show in `ps`. CMD's environment is otherwise
//! tokencache's, minus tokencache's own secrets ([`crate::child`]).
//!
//! On Unix CMD **replaces** tokencache (`execvp`): the lock is released
//! before, CMD keeps tokencache's pid, stdin, stdout and stderr, every
//! signal sent to that pid (Ctrl-C, SIGTERM from a supervisor) reaches CMD
//! itself, and its exit status (or the signal that ended it, which a shell
//! reports as 128 + N) is what the caller sees. CMD not found is 127, not
//! runnable 126, as a shell says. Elsewhere CMD runs as a child, and
//! tokencache exits with its status.

use std::ffi::OsString;

use crate::cli::ExecArgs;
use crate::config::Config;
use crate::error::{Error, Result};

/// The variable the token goes to without `--env`: what Azure tooling
/// scripts conventionally read.
pub const DEFAULT_VARIABLE: &str = "AZURE_ACCESS_TOKEN";

/// Run CMD with the token; on Unix this returns only on failure.
pub fn run(config: &Config, args: &ExecArgs) -> Result<()> {
    if args.token.format.is_some() {
        return Err(Error::Config {
            message: "exec puts the token itself in CMD's environment; --format is for `token`"
                .into(),
            hint: "drop --format".into(),
        });
    }
    let names = variables(&args.env)?;
    let (first, rest) = args.command.split_first().ok_or_else(|| Error::Config {
        message: "exec needs a command after `--`".into(),
        hint:
            "e.g. tokencache exec --scope https://management.azure.com/.default -- terraform plan"
                .into(),
    })?;
    let program = std::path::Path::new(first).display().to_string();
    let served = super::refresh::serve_or_refresh(
        config,
        &super::token::request(&args.token),
        super::refresh::Options::from_args(&args.token.refresh).as_ref(),
    )?;
    let also_secret = config.stores.secret_variables();
    let mut cmd = crate::child::command(first, rest, &also_secret);
    for name in &names {
        cmd.env(name, &served.access_token);
    }
    drop(served);
    let not_run = |cause| Error::CommandNotRun {
        program: program.clone(),
        cause,
    };
    #[cfg(unix)]
    {
        use std::os::unix::process::CommandExt;
        // Returns only when CMD could not be started.
        Err(not_run(cmd.exec()))
    }
    #[cfg(not(unix))]
    {
        let status = cmd.status().map_err(not_run)?;
        std::process::exit(status.code().unwrap_or(1));
    }
}

/// The `--env` names, or the default; each a name a shell could export.
fn variables(given: &[String]) -> Result<Vec<OsString>> {
    if given.is_empty() {
        return Ok(vec![DEFAULT_VARIABLE.into()]);
    }
    given
        .iter()
        .map(|name| {
            let ok = !name.is_empty()
                && !name.starts_with(|c: char| c.is_ascii_digit())
                && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
            if ok {
                Ok(name.into())
            } else {
                Err(Error::Config {
                    message: format!(
                        "--env `{}` is not a variable name",
                        crate::text::escape_controls(name)
                    ),
                    hint: "use letters, digits and `_`, not starting with a digit, e.g. --env API_TOKEN"
                        .into(),
                })
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn variable_names_are_checked_and_default_to_azure_access_token() {
        assert_eq!(
            variables(&[]).unwrap(),
            vec![OsString::from("AZURE_ACCESS_TOKEN")]
        );
        assert!(variables(&["API_TOKEN".into(), "_x1".into()]).is_ok());
        for bad in ["", "1X", "A=B", "A B", "A-B"] {
            assert!(variables(&[bad.into()]).is_err(), "{bad}");
        }
    }
}
