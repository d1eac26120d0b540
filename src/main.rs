//! The `tokencache` binary: parse, run, map the error to an exit code.

use clap::Parser;
use tokencache::cli::Cli;

fn main() {
    tokencache::report::init();
    tokencache::usage::unset_empty_env_vars();
    if std::env::var_os("TOKENCACHE_TEST_PANIC").is_some() {
        // The only way the tests can show what a bug looks like to a user.
        panic!("TOKENCACHE_TEST_PANIC is set");
    }
    let cli = match Cli::try_parse() {
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
