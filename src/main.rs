//! The `tokencache` binary: parse, run, map the error to an exit code.

use clap::Parser;
use tokencache::cli::Cli;
use tokencache::exit_code::ExitCode;

fn main() {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(err) => std::process::exit(tokencache::report::usage(err).code()),
    };
    let json = cli.global.json;
    let code = match tokencache::run(cli) {
        Ok(()) => ExitCode::Ok,
        Err(err) => tokencache::report::report(err, json),
    };
    std::process::exit(code.code());
}
