//! `tokencache git-credential get|store|erase`: git's credential helper,
//! answering with the cached token for the hosts it is configured for
//! (Azure DevOps by default), from any store, under the lock, never from the
//! network. The protocol itself: [`crate::consumer::git`].
//!
//! For a host it does not answer, the helper prints nothing and exits 0, so
//! that git asks its next helper (or the user). `store` and `erase` read
//! their input and change nothing: the token belongs to the app that keeps
//! the cache.

use std::io::{Read, Write};

use super::document::now;
use super::emit;
use crate::cache::token::{AccountFilter, Request};
use crate::cli::{GitCredentialArgs, GitOperation};
use crate::config::Config;
use crate::consumer::git;
use crate::error::{Error, Result};

/// At most this much of stdin is read: git sends a few short lines.
const MAX_INPUT: u64 = 64 << 10;

/// Answer one request read from `input`.
pub fn run(
    config: &Config,
    args: &GitCredentialArgs,
    input: &mut dyn Read,
    out: &mut dyn Write,
) -> Result<()> {
    let mut text = String::new();
    input
        .take(MAX_INPUT)
        .read_to_string(&mut text)
        .map_err(|e| Error::BadRequest {
            message: format!("cannot read git's request on stdin: {e}"),
            hint: "git writes key=value lines (UTF-8) to the helper's stdin".into(),
        })?;
    let request = git::parse(&text).map_err(|e| bad(e.0))?;
    let host = request
        .host
        .clone()
        .ok_or_else(|| bad("git's request names no host".into()))?;
    if args.operation != GitOperation::Get {
        return Ok(());
    }
    let hosts: Vec<String> = if args.host.is_empty() {
        git::DEFAULT_HOSTS.iter().map(|h| h.to_string()).collect()
    } else {
        args.host.clone()
    };
    if !git::host_matches(&host, &hosts)
        || !git::protocol_allowed(request.protocol.as_deref(), &host)
    {
        return Ok(());
    }
    let scope = args
        .scope
        .clone()
        .unwrap_or_else(|| git::DEFAULT_SCOPE.into());
    let served = super::refresh::serve_or_refresh(
        config,
        &Request {
            scopes: vec![scope],
            account: args
                .user
                .clone()
                .map_or(AccountFilter::Any, AccountFilter::Username),
            client_id: None,
            tenant: None,
            min_validity: i64::try_from(args.min_validity.as_secs()).unwrap_or(i64::MAX),
            now: args.now.unwrap_or_else(now),
        },
        super::refresh::Options::from_args(&args.refresh).as_ref(),
    )?;
    let username = served
        .account
        .username
        .clone()
        .unwrap_or_else(|| "tokencache".into());
    emit(
        out,
        git::answer(&request, &username, &served.access_token, served.expires_on).as_bytes(),
    )
}

fn bad(message: String) -> Error {
    Error::BadRequest {
        message,
        hint: "git sends `protocol=…` and `host=…` lines, then a blank line; for example: \
               printf 'protocol=https\\nhost=dev.azure.com\\n\\n' | tokencache git-credential get"
            .into(),
    }
}
