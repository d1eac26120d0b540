//! The `tokencache` binary: parse, run, map the error to an exit code.

use clap::{CommandFactory, FromArgMatches};
use tokencache::cli::Cli;

fn main() {
    tokencache::report::init();
    tokencache::usage::unset_empty_env_vars();
    if std::env::var_os("TOKENCACHE_TEST_PANIC").is_some() {
        // The only way the tests can show what a bug looks like to a user.
        panic!("TOKENCACHE_TEST_PANIC is set");
    }
    // What `Cli::try_parse` does, except that the command-line definition is
    // not dropped: freeing its hundreds of small allocations (every global
    // option is copied into every subcommand) cost a sixth of a start-up, and
    // the process exits when the command is done.
    let mut definition = Cli::command();
    let parsed = definition
        .try_get_matches_from_mut(std::env::args_os())
        .and_then(|mut matches| {
            Cli::from_arg_matches_mut(&mut matches).map_err(|err| err.format(&mut Cli::command()))
        });
    std::mem::forget(definition);
    let cli = match parsed {
        Ok(cli) => cli,
        Err(err) => std::process::exit(tokencache::report::usage(err)),
    };
    let json = cli.global.json;
    let status = match tokencache::run(cli) {
        Ok(()) => 0,
        Err(err) => tokencache::report::report(err, json),
    };
    std::process::exit(status);
}
