//! `tokencache token`: print the cached access token MSAL's silent
//! acquisition would serve for the scopes asked for, and nothing else. The
//! cache is read under the lock (like `read`), the token chosen by
//! [`crate::cache::token`]; the network is never contacted (unless
//! `--refresh` asks: [`super::refresh`]) and a refresh token is never printed. No token to serve is exit 3 with one line saying
//! what was found instead; several accounts to choose from, exit 4.
//!
//! [`serve`] is that choice for every command that hands a token to another
//! tool (`az`, `git-credential`); `--format` prints it as those tools expect.

use std::collections::BTreeSet;
use std::io::{IsTerminal, Write};

use super::document::now;
use super::{emit, emit_json, open, Intent};
use crate::cache;
use crate::cache::token::{self, AccountFilter, Outcome, Request, Served};
use crate::cli::{TokenArgs, TokenFormat};
use crate::config::Config;
use crate::consumer::{az, exec_credential, local_time};
use crate::error::{Error, Result};

/// Print the token (or, with `--json` or `--format`, a document about it) to `out`.
pub fn run(config: &Config, args: &TokenArgs, out: &mut dyn Write) -> Result<()> {
    let request = request(args);
    let format = match args.format {
        Some(format) => format,
        None if config.json => TokenFormat::Json,
        None => TokenFormat::Raw,
    };
    // Asked of kubectl's variable before the cache is read: a bad request
    // changes nothing and prints nothing.
    let api_version = match format {
        TokenFormat::ExecCredential => Some(
            exec_credential::api_version(std::env::var("KUBERNETES_EXEC_INFO").ok().as_deref())
                .map_err(|e| Error::BadRequest {
                    message: e.0,
                    hint: "kubectl sets KUBERNETES_EXEC_INFO to an ExecCredential naming \
                       client.authentication.k8s.io/v1 or v1beta1; unset it to get v1"
                        .into(),
                })?,
        ),
        _ => None,
    };
    let served = super::refresh::serve_or_refresh(
        config,
        &request,
        super::refresh::Options::from_args(&args.refresh).as_ref(),
    )?;
    match format {
        TokenFormat::Json => emit_json(out, &served),
        TokenFormat::Raw => {
            let mut line = served.access_token;
            line.push('\n');
            emit(out, line.as_bytes())
        }
        TokenFormat::Az => {
            let doc = az_token(&served, None, az_subscription(&served));
            emit(out, doc.render(az::Output::Json, None).as_bytes())
        }
        TokenFormat::ExecCredential => {
            let version = api_version.expect("set for this format");
            let doc = exec_credential::render(
                version,
                &served.access_token,
                &rfc3339_utc(served.expires_on),
            );
            emit(out, doc.as_bytes())
        }
    }
}

/// What `token`'s options ask for (`exec` takes the same options).
pub fn request(args: &TokenArgs) -> Request {
    Request {
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
    }
}

/// The token [`crate::cache::token::find`] serves for `request` from the
/// configured store, read under the lock; no token is exit 3 saying what
/// was found instead, several accounts exit 4.
pub fn serve(config: &Config, request: &Request) -> Result<Served> {
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
    let bytes = session.load()?.ok_or_else(|| super::no_cache(store))?;
    // Validated as strictly as every command validates a stored cache, and
    // in the same pass only looked at: no document tree is built (see
    // `cache::view`).
    let view = cache::validate_view(&bytes).map_err(|e| Error::Corrupt {
        location: store.describe().summary,
        detail: format!("it {e}"),
    })?;
    let outcome = token::find(&view, request).map_err(|e| Error::Config {
        message: e.0,
        hint: "for example: tokencache token --scope https://graph.microsoft.com/.default".into(),
    })?;
    match outcome {
        Outcome::Found(served) => Ok(*served),
        Outcome::None(miss) => {
            let mut found = miss.found;
            if !miss.usernames.is_empty() {
                let tty = std::io::stderr().is_terminal();
                let shown: BTreeSet<String> = miss
                    .usernames
                    .iter()
                    .map(|u| shown_username(u, tty))
                    .collect();
                let shown: Vec<String> = shown.into_iter().collect();
                // They come from the cache.
                let shown = crate::text::escape_controls(&shown.join(", ")).into_owned();
                found = format!("{found}; the cache has {shown}");
            }
            Err(Error::NoToken {
                scopes,
                found,
                owner: miss.owner,
            })
        }
        Outcome::Ambiguous(accounts) => {
            let tty = std::io::stderr().is_terminal();
            Err(Error::AmbiguousAccount {
                scopes,
                accounts: accounts.iter().map(|a| choice(a, tty)).collect(),
            })
        }
    }
}

/// The Azure CLI's answer for a served token: `tenant` is the one asked for,
/// else the token's realm.
pub fn az_token(served: &Served, tenant: Option<&str>, subscription: Option<String>) -> az::Token {
    az::Token {
        access_token: served.access_token.clone(),
        expires_on: served.expires_on,
        // Python's fromtimestamp fails the same way for a time the C
        // library cannot represent; a cache never holds one.
        expires_on_local: local_time::az_expires_on(served.expires_on).unwrap_or_default(),
        subscription,
        tenant: tenant
            .map(str::to_string)
            .or_else(|| served.tenant.clone())
            .unwrap_or_default(),
    }
}

/// `2023-11-14T22:13:20Z`: RFC 3339 in UTC (a Kubernetes
/// `expirationTimestamp`), `inspect`'s UTC time in RFC 3339's spelling.
pub fn rfc3339_utc(seconds: i64) -> String {
    super::inspect::utc(seconds)
        .trim_end_matches(" UTC")
        .replacen(' ', "T", 1)
        + "Z"
}

/// `token --format az`'s `subscription`: the Azure CLI's default
/// subscription, when azureProfile.json has one in the token's tenant
/// (otherwise none is printed, as `az` prints none with `--tenant`).
fn az_subscription(served: &Served) -> Option<String> {
    let account = super::az::account(None).ok()?.1.ok()?;
    let tenant = served.tenant.as_deref()?;
    account
        .tenant
        .eq_ignore_ascii_case(tenant)
        .then_some(account.subscription)
}

/// A username from the cache as `--user` takes it: whole when a person reads
/// stderr on a terminal, partly masked when it goes to a log.
fn shown_username(username: &str, terminal: bool) -> String {
    if terminal {
        username.to_string()
    } else {
        token::redact_username(username)
    }
}

/// One account of an ambiguous `token`, named so that it can be chosen: its
/// full home account id as the option that selects it (an identifier, not a
/// secret), and its username, whole when a person reads stderr on a
/// terminal, partly masked when it goes to a log.
fn choice(account: &token::AccountInfo, terminal: bool) -> String {
    if account.app_only {
        return account.redacted();
    }
    let username = account
        .username
        .as_deref()
        .map(|u| shown_username(u, terminal));
    let text = match (username, &account.home_account_id) {
        (Some(u), Some(id)) => format!("{u} (--home-account-id {id})"),
        (Some(u), None) => u,
        (None, Some(id)) => format!("--home-account-id {id}"),
        (None, None) => "an account with no id".to_string(),
    };
    // Both come from the cache.
    crate::text::escape_controls(&text).into_owned()
}
