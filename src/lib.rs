//! tokencache: read, write, verify and clear MSAL token caches from the shell,
//! interoperable byte for byte with the caches, keyring items and lock files
//! that Microsoft's MSAL extension libraries (Node, Python, .NET) write.
//!
//! # Layout
//! - [`cli`]: the clap definition; [`config`]: the plain configuration it
//!   resolves to, and the choice of store.
//! - [`cmd`]: one module per subcommand.
//! - [`consumer`]: what `az`, kubectl and git expect a token to look like.
//! - [`store`]: the [`store::Store`] trait and one module per backend.
//! - [`lock`]: the `<cache>.lockfile` protocol shared with the MSAL libraries.
//! - [`cache`]: the token cache model (validation, and the MSAL-aware operations).
//! - [`presets`]: where the well-known MSAL caches live, as one table.
//! - [`environment`]: msal-node-extensions' `Environment` helpers.
//! - [`error`], [`exit_code`], [`report`], [`usage`]: what went wrong, the
//!   exit-code contract, and how it is shown.
//! - [`version`]: what `--version` says about the build.
//! - [`child`]: the commands tokencache starts (`update -- CMD`).
//!
//! The binary (`src/main.rs`) only parses, calls [`run`], and maps the error to
//! an exit code.

pub mod cache;
pub mod child;
pub mod cli;
pub mod cmd;
pub mod config;
pub mod consumer;
pub mod environment;
pub mod error;
pub mod exit_code;
pub mod fsutil;
pub mod hardening;
pub mod input;
pub mod keysource;
pub mod lock;
pub mod net;
pub mod presets;
pub mod process;
pub mod report;
pub mod signals;
pub mod store;
pub mod text;
pub mod units;
pub mod usage;
pub mod version;

use cli::{Cli, Command};
use config::Config;
pub use error::{Error, Result};

/// The command line to parse: the process's own, except that through a link
/// named `az` (or `az.exe`) the binary is the Azure CLI's stand-in:
/// `az ARGS…` is `tokencache az -- ARGS…`, every argument `az`'s.
pub fn command_line(args: impl IntoIterator<Item = std::ffi::OsString>) -> Vec<std::ffi::OsString> {
    let mut args: Vec<std::ffi::OsString> = args.into_iter().collect();
    let is_az = args.first().is_some_and(|argv0| {
        std::path::Path::new(argv0)
            .file_name()
            .and_then(|name| name.to_str())
            .is_some_and(|name| name == "az" || name.eq_ignore_ascii_case("az.exe"))
    });
    if is_az {
        args.splice(0..1, ["tokencache".into(), "az".into(), "--".into()]);
    }
    args
}

/// Run one parsed command line.
pub fn run(cli: Cli) -> Result<()> {
    hardening::harden_process();
    let max_size = match &cli.command {
        Command::Write(args) => args.max_size,
        // Their --max-size (or TOKENCACHE_MAX_SIZE through clap) also
        // bounds the stored cache, so that `update` never stores what a
        // later read with the same limit would refuse.
        Command::Update(args) => args.max_size,
        Command::Read(args) => args.max_size,
        Command::Inspect(args) => args.max_size,
        _ => max_size_from_env()?,
    };
    match &cli.command {
        Command::Generate(args) => return cmd::generate::run(&args.out_dir),
        Command::Completions(args) => {
            return cmd::generate::completions(args.shell, &mut cmd::stdout())
        }
        Command::Man(args) => return cmd::generate::man(args.page.as_deref(), &mut cmd::stdout()),
        _ => {}
    }
    // A copy given with --input needs no store, no lock and no cache path,
    // so it works where none can be resolved (HOME unset, a bad preset).
    match &cli.command {
        Command::Inspect(
            args @ cli::InspectArgs {
                input: Some(path), ..
            },
        ) => return cmd::inspect::run_input(cli.global.json, args, path, &mut cmd::stdout()),
        Command::Read(cli::ReadArgs {
            input: Some(path),
            redact: true,
            max_size,
            ..
        }) => return cmd::read::run_input(path, *max_size, &mut cmd::stdout()),
        _ => {}
    }
    // `az`: any command but the one answered is refused at once, before
    // any cache or profile is looked for; its cache is the Azure CLI's.
    if let Command::Az(args) = &cli.command {
        let parsed = cmd::az::parse(args)?;
        let config = Config::from_args(&cmd::az::global_args(&cli.global), max_size)?;
        return cmd::az::run(&config, args, &parsed, &mut cmd::stdout());
    }
    let config = Config::from_args(&cli.global, max_size)?;
    let mut stdout = cmd::stdout();
    match &cli.command {
        Command::Read(args) => cmd::read::run(&config, args, &mut stdout),
        Command::Write(args) => cmd::write::run(&config, args, &mut stdout),
        Command::Verify(_) => cmd::verify::run(&config, &mut stdout),
        Command::Clear(_) => cmd::clear::run(&config, &mut stdout),
        Command::Path(args) => cmd::path::run(&config, args, &mut stdout),
        Command::Update(args) => cmd::update::run(&config, args, &mut stdout),
        Command::Remove(args) => cmd::remove::run(&config, args, &mut stdout),
        Command::Inspect(args) => cmd::inspect::run(&config, args, &mut stdout),
        Command::Token(args) => cmd::token::run(&config, args, &mut stdout),
        Command::Exec(args) => cmd::exec::run(&config, args),
        Command::Serve(args) => cmd::serve::run(&config, args, &mut stdout),
        Command::Presets(_) => cmd::presets::run(&config, &mut stdout),
        Command::Doctor(args) => cmd::doctor::run(
            &config,
            args.now.unwrap_or_else(cmd::document::now),
            &mut stdout,
        ),
        Command::Keygen(args) => cmd::keygen::run(&config, args, &mut stdout),
        Command::List(args) => cmd::list::run(&config, args, &mut stdout),
        Command::Prune(args) => cmd::prune::run(&config, args, &mut stdout),
        Command::Redis(command) => cmd::redis::run(&config, command, &mut stdout),
        Command::GitCredential(args) => {
            cmd::git_credential::run(&config, args, &mut std::io::stdin().lock(), &mut stdout)
        }
        Command::Generate(_) | Command::Completions(_) | Command::Man(_) | Command::Az(_) => {
            unreachable!("handled before resolving the configuration")
        }
    }
}

/// `TOKENCACHE_MAX_SIZE` for the commands without `--max-size`: the limit a
/// stored cache must not exceed.
fn max_size_from_env() -> Result<u64> {
    match std::env::var("TOKENCACHE_MAX_SIZE") {
        Ok(text) if !text.is_empty() => cli::parse_size(&text).map_err(|why| Error::Config {
            message: format!("TOKENCACHE_MAX_SIZE: {why}"),
            hint: "set TOKENCACHE_MAX_SIZE to a size such as 16MiB or 64MiB, or unset it for the default 16 MiB".into(),
        }),
        _ => Ok(fsutil::DEFAULT_MAX_SIZE),
    }
}

#[cfg(test)]
mod tests {
    use std::ffi::OsString;

    fn line(args: &[&str]) -> Vec<OsString> {
        super::command_line(args.iter().map(OsString::from))
    }

    #[test]
    fn a_link_named_az_is_the_az_mode() {
        for argv0 in ["az", "/home/me/bin/az", "AZ.EXE", "az.exe"] {
            assert_eq!(
                line(&[argv0, "account", "get-access-token", "--help"]),
                [
                    "tokencache",
                    "az",
                    "--",
                    "account",
                    "get-access-token",
                    "--help"
                ],
                "{argv0}"
            );
        }
        for argv0 in ["tokencache", "/usr/bin/tokencache", "azure", "az.sh"] {
            assert_eq!(line(&[argv0, "read"]), [argv0, "read"]);
        }
    }
}
