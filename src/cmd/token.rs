//! `tokencache token`: print the cached access token MSAL's silent
//! acquisition would serve for the scopes asked for, and nothing else. The
//! cache is read under the lock (like `read`), the token chosen by
//! [`crate::cache::token`]; the network is never contacted and a refresh
//! token is never printed. No token to serve is exit 3 with one line saying
//! what was found instead; several accounts to choose from, exit 4.

use std::io::Write;

use super::document::now;
use super::{emit, emit_json, open, Intent};
use crate::cache;
use crate::cache::token::{self, AccountFilter, Outcome, Request};
use crate::cache::view::View;
use crate::cli::TokenArgs;
use crate::config::Config;
use crate::error::{Error, Result};

/// Print the token (or, with `--json`, a document about it) to `out`.
pub fn run(config: &Config, args: &TokenArgs, out: &mut dyn Write) -> Result<()> {
    let request = Request {
        scopes: args.scopes.clone(),
        account: match (&args.user, &args.home_account_id) {
            (Some(user), _) => AccountFilter::Username(user.clone()),
            (None, Some(id)) => AccountFilter::HomeAccountId(id.clone()),
            (None, None) if args.app_only => AccountFilter::AppOnly,
            (None, None) => AccountFilter::Any,
        },
        client_id: args.client_id.clone(),
        tenant: args.tenant.clone(),
        min_validity: i64::try_from(args.min_validity.as_secs()).unwrap_or(i64::MAX),
        now: args.now.unwrap_or_else(now),
    };
    // A malformed request is refused before anything is read.
    let scopes = token::search_scopes(&request.scopes)
        .map_err(|e| Error::Config {
            message: e.0,
            hint: "for example: tokencache token --scope https://graph.microsoft.com/.default"
                .into(),
        })?
        .into_iter()
        .collect::<Vec<_>>()
        .join(" ");
    let session = open(config, Intent::Read)?;
    let store = session.store();
    let bytes = session.load()?.ok_or_else(|| Error::NoCache {
        location: store.describe().summary,
    })?;
    // Validated as strictly as every command validates a stored cache, then
    // only looked at: no document tree is built (see `cache::view`).
    let corrupt = |detail: String| Error::Corrupt {
        location: store.describe().summary,
        detail,
    };
    cache::validate(&bytes).map_err(|e| corrupt(format!("it {e}")))?;
    let view = View::parse(&bytes).ok_or_else(|| corrupt("it is not a JSON object".into()))?;
    let outcome = token::find(&view, &request).map_err(|e| Error::Config {
        message: e.0,
        hint: "for example: tokencache token --scope https://graph.microsoft.com/.default".into(),
    })?;
    match outcome {
        Outcome::Found(served) if config.json => emit_json(out, &served),
        Outcome::Found(served) => {
            let mut line = served.access_token;
            line.push('\n');
            emit(out, line.as_bytes())
        }
        Outcome::None(miss) => Err(Error::NoToken {
            scopes,
            found: miss.found,
            owner: miss.owner,
        }),
        Outcome::Ambiguous(accounts) => Err(Error::AmbiguousAccount {
            scopes,
            accounts: accounts.iter().map(|a| a.redacted()).collect(),
        }),
    }
}
