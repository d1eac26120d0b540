//! `token --refresh` (and `exec`, `git-credential`, `token --format`, the
//! `az` mode): when no cached access token is valid, or with
//! `--force-refresh`, redeem the cached refresh token at the authority's
//! token endpoint and serve the new access token, written back into the
//! cache as MSAL Python writes it ([`crate::cache::refresh`]).
//!
//! - Never by default (the `az` mode excepted, as `az` refreshes): without
//!   the option nothing here runs and nothing is sent.
//! - Only to a known Microsoft cloud ([`crate::cache::entry::ALIASES`]) or to
//!   `--authority URL`; HTTPS only ([`crate::net`]).
//! - Under the cache's lock from reading to writing, the network call
//!   included: a second `token --refresh` waiting for the lock then finds
//!   the new token and sends nothing. (With the Redis store the optimistic
//!   transaction may run again when another writer changed the key
//!   meanwhile; the run again finds that writer's token, or writes the
//!   grant it already has into the new value: one refresh token is never
//!   redeemed twice.)
//! - Refused (`invalid_grant`, `interaction_required`, …): exit 3, the cache
//!   unchanged (MSAL Python also keeps a refused refresh token: an MFA
//!   policy may refuse it for one resource and not another). Unreachable,
//!   TLS, timeout, an unusable answer: exit 7, nothing written. A 5xx or a
//!   429 is tried once more, after the wait its `Retry-After` asks for,
//!   within the same `--network-timeout` (a longer wait: exit 7 at once).
//!
//! [`refresh_with`] is the library entry point for other commands.

use std::collections::BTreeSet;
use std::time::{Duration, Instant};

use serde_json::{Map, Value};

use super::document::parse_stored;
use super::token::serve;
use super::{open, Intent};
use crate::cache;
use crate::cache::entry::{known_cloud, str_field};
use crate::cache::refresh::{self as rule, Answer, Candidate, Refusal, Target};
use crate::cache::token::{self, AccountFilter, AccountInfo, Outcome, Request, Served};
use crate::cache::view::View;
use crate::cli::RefreshArgs;
use crate::config::Config;
use crate::error::{Error, Result};
use crate::net;
use crate::signals;

/// How to refresh.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Options {
    /// A new token even when a cached one is valid.
    pub force: bool,
    /// `--authority URL`: where to refresh, instead of the cache's cloud.
    pub authority: Option<String>,
    /// The bound on the whole refresh.
    pub timeout: Duration,
}

impl Options {
    /// The options `args` ask for; `None`: no refresh (`default` says
    /// whether the command refreshes when not told: the `az` mode does).
    pub fn from_args(args: &RefreshArgs) -> Option<Options> {
        (args.refresh || args.force_refresh).then(|| Options {
            force: args.force_refresh,
            authority: args.authority.clone(),
            timeout: args.network_timeout,
        })
    }
}

/// [`serve`], refreshing as `options` say when there is no token to serve
/// (or always, with `force`).
pub fn serve_or_refresh(
    config: &Config,
    request: &Request,
    options: Option<&Options>,
) -> Result<Served> {
    let Some(options) = options else {
        return serve(config, request);
    };
    // Refused before anything is read or sent.
    let authority = options
        .authority
        .as_deref()
        .map(Authority::parse)
        .transpose()?;
    if !options.force {
        match serve(config, request) {
            Err(Error::NoToken { .. }) => {}
            other => return other,
        }
    }
    refresh_with(
        config,
        request,
        options.force,
        authority.as_ref(),
        options.timeout,
    )
}

/// `--authority`: `https://HOST[:PORT]/TENANT`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Authority {
    /// The URL, without a trailing `/`.
    pub url: String,
    /// Its host, lowercase, without the port: the cache's environment (as
    /// MSAL Python keys it).
    pub host: String,
    /// Its tenant (first path segment): the access token's realm.
    pub tenant: String,
}

impl Authority {
    /// Parse `--authority`; HTTPS only.
    pub fn parse(url: &str) -> Result<Authority> {
        let bad = |why: String| {
            Error::Config {
            message: format!("--authority `{url}`: {why}"),
            hint: "give the authority as https://HOST/TENANT, e.g. https://login.microsoftonline.com/contoso.onmicrosoft.com"
                .into(),
        }
        };
        let host = net::https_host(url).map_err(|e| bad(e.to_string()))?;
        let trimmed = url.trim_end_matches('/');
        let rest = &trimmed["https://".len()..];
        let path = rest.split_once('/').map(|(_, p)| p).unwrap_or("");
        if path.contains(['?', '#']) {
            return Err(bad("it has a query or a fragment".into()));
        }
        let tenant = path.split('/').next().unwrap_or("");
        if tenant.is_empty() {
            return Err(bad("it names no tenant".into()));
        }
        if path.contains('/') {
            return Err(bad("it has more than a tenant after the host".into()));
        }
        Ok(Authority {
            url: trimmed.to_string(),
            host,
            tenant: tenant.to_string(),
        })
    }
}

/// Redeem a refresh token for `request` and serve the new access token,
/// under the cache's lock; without `force`, a valid cached token found
/// under the lock (another process refreshed meanwhile) is served instead
/// and nothing is sent. This is the library entry point other commands
/// (`serve --managed-identity`, …) may call.
pub fn refresh_with(
    config: &Config,
    request: &Request,
    force: bool,
    authority: Option<&Authority>,
    timeout: Duration,
) -> Result<Served> {
    refresh(config, request, force, authority, timeout, true)
}

/// [`refresh_with`] for `serve`, which drains on a signal: a token granted
/// after SIGTERM/SIGINT arrived is still written and served (the request
/// was in flight), where `token --refresh` stops without writing.
pub fn refresh_finishing(
    config: &Config,
    request: &Request,
    authority: Option<&Authority>,
    timeout: Duration,
) -> Result<Served> {
    refresh(config, request, false, authority, timeout, false)
}

fn refresh(
    config: &Config,
    request: &Request,
    force: bool,
    authority: Option<&Authority>,
    timeout: Duration,
    stop_on_signal: bool,
) -> Result<Served> {
    let entered = Instant::now();
    let deadline = entered + timeout;
    let scopes = rule::request_scopes(&request.scopes);
    let session = open(config, Intent::Write)?;
    // A grant already received, with the refresh token it redeemed: when
    // the store's optimistic transaction runs again (Redis: another writer
    // changed the key before ours was written), the same refresh token is
    // not redeemed twice; the grant is written into the new value.
    let mut granted_earlier: Option<(String, Box<rule::Granted>)> = None;
    session.transact(|store| {
        let bytes = store.load()?.ok_or_else(|| super::no_cache(store))?;
        let mut doc = parse_stored(store, &bytes)?;
        let mut owner = None;
        if !force {
            let view = View::parse(&bytes).ok_or_else(|| Error::Corrupt {
                location: store.describe().summary,
                detail: "it is not a JSON object".into(),
            })?;
            // `request.now` is when the command started. Since then it may
            // have waited for the lock while another process, started a
            // little later (a later clock), refreshed: that token's
            // `cached_at` is after `request.now`, and a lookup at
            // `request.now` would call it cached in the future and refresh
            // again. The lookup's clock is advanced by the time waited,
            // rounded up, plus the second the start may have taken; what
            // is written keeps `request.now`.
            let waited = entered.elapsed();
            let advance = waited.as_secs() + u64::from(waited.subsec_nanos() > 0) + 1;
            let lookup = Request {
                now: request
                    .now
                    .saturating_add(i64::try_from(advance).unwrap_or(i64::MAX)),
                ..request.clone()
            };
            match token::find(&view, &lookup).map_err(|e| Error::Config {
                message: e.0,
                hint: "for example: tokencache token --scope https://graph.microsoft.com/.default"
                    .into(),
            })? {
                Outcome::Found(served) => return Ok(*served),
                Outcome::None(miss) => owner = miss.owner,
                Outcome::Ambiguous(_) => {}
            }
        }
        let target = resolve(&doc, request, owner.as_deref(), authority)?;
        let endpoint = match authority {
            Some(a) => format!("{}/oauth2/v2.0/token", a.url),
            None => format!(
                "https://{}/{}/oauth2/v2.0/token",
                target.environment, target.realm
            ),
        };
        let groups = rule::candidates(&doc, &target);
        if groups.iter().all(Vec::is_empty) {
            return Err(Error::NoToken {
                scopes: scopes_text(request),
                found: format!(
                    "no refresh token of client {} for {} in {} to redeem",
                    target.client_id,
                    account_of(&doc, &target).redacted(),
                    target.environment
                ),
                owner: Some(target.client_id.clone()),
            });
        }
        let scope = scopes.join(" ");
        let mut tried = BTreeSet::new();
        let mut last: Option<Refusal> = None;
        for group in groups {
            for candidate in group {
                if !tried.insert(candidate.key.clone()) {
                    continue;
                }
                let answer = match &granted_earlier {
                    Some((secret, granted)) if secret == candidate.secret() => {
                        Answer::Granted(granted.clone())
                    }
                    _ => redeem(
                        &endpoint,
                        &target,
                        &candidate,
                        &scope,
                        deadline,
                        request.now,
                    )?,
                };
                match answer {
                    Answer::Granted(granted) => {
                        granted_earlier = Some((candidate.secret().to_string(), granted.clone()));
                        let written = rule::write(
                            &mut doc,
                            &target,
                            &candidate,
                            &scopes,
                            &granted,
                            request.now,
                        )
                        .map_err(|why| unusable(&endpoint, &why))?;
                        if stop_on_signal && signals::interrupted() {
                            return Err(Error::Interrupted);
                        }
                        store.save(&cache::to_bytes(&doc))?;
                        let account = account_of(&doc, &target);
                        return Ok(Served {
                            access_token: written.access_token,
                            token_type: written.token_type,
                            expires_on: written.expires_on,
                            expires_in: written.expires_on - request.now,
                            scopes: written.scopes,
                            account,
                            client_id: Some(target.client_id.clone()),
                            tenant: Some(target.realm.clone()),
                            environment: Some(target.environment.clone()),
                        });
                    }
                    Answer::Refused(refusal) => {
                        let stop = candidate.family_probe && refusal.client_mismatch;
                        last = Some(refusal);
                        if stop {
                            break;
                        }
                    }
                }
            }
        }
        let refusal = last.expect("at least one refresh token was tried");
        Err(Error::RefreshRefused {
            account: account_of(&doc, &target).redacted(),
            client_id: target.client_id.clone(),
            confidential: refusal.confidential_client(),
            error: crate::text::escape_controls(&refusal.error).into_owned(),
            code: refusal.code,
            description: crate::text::escape_controls(&refusal.description).into_owned(),
        })
    })
}

fn scopes_text(request: &Request) -> String {
    request
        .scopes
        .iter()
        .flat_map(|s| s.split_whitespace())
        .collect::<Vec<_>>()
        .join(" ")
}

/// The account, as `--json` names it.
fn account_of(doc: &Map<String, Value>, target: &Target) -> AccountInfo {
    AccountInfo {
        home_account_id: Some(target.home_account_id.clone()),
        username: accounts(doc)
            .into_iter()
            .find(|a| a.0 == target.home_account_id)
            .and_then(|a| a.2),
        app_only: false,
    }
}

/// `(home_account_id, environment, username)` of every `Account` entry.
fn accounts(doc: &Map<String, Value>) -> Vec<(String, String, Option<String>)> {
    match doc.get("Account") {
        Some(Value::Object(m)) => m
            .values()
            .filter_map(|a| {
                Some((
                    str_field(a, "home_account_id")?.to_string(),
                    str_field(a, "environment")?.to_string(),
                    str_field(a, "username").map(str::to_string),
                ))
            })
            .collect(),
        _ => Vec::new(),
    }
}

/// Which account, app, environment and tenant to refresh for.
fn resolve(
    doc: &Map<String, Value>,
    request: &Request,
    owner: Option<&str>,
    authority: Option<&Authority>,
) -> Result<Target> {
    let scopes = scopes_text(request);
    if request.account == AccountFilter::AppOnly {
        return Err(Error::Config {
            message: "--refresh redeems a signed-in user's refresh token; an app-only (client credentials) token has none".into(),
            hint: "app-only tokens belong to confidential clients (services with a secret or certificate), \
                   which tokencache never refreshes: let the service get its own token"
                .into(),
        });
    }
    let all = accounts(doc);
    let mine: Vec<&(String, String, Option<String>)> = all
        .iter()
        .filter(|(home, _, username)| match &request.account {
            AccountFilter::HomeAccountId(h) => home == h,
            AccountFilter::Username(u) => username
                .as_deref()
                .is_some_and(|n| n.eq_ignore_ascii_case(u)),
            _ => true,
        })
        .collect();
    let homes: BTreeSet<&str> = mine.iter().map(|a| a.0.as_str()).collect();
    let no_token = |found: String| Error::NoToken {
        scopes: scopes.clone(),
        found,
        owner: request.client_id.clone(),
    };
    let home = match homes.len() {
        0 => {
            return Err(no_token(
                "no signed-in account (no Account entry) to refresh a token for".into(),
            ))
        }
        1 => homes.into_iter().next().expect("one").to_string(),
        _ => {
            let mut listed: Vec<String> = homes
                .iter()
                .map(|h| {
                    AccountInfo {
                        home_account_id: Some(h.to_string()),
                        username: mine.iter().find(|a| a.0 == *h).and_then(|a| a.2.clone()),
                        app_only: false,
                    }
                    .redacted()
                })
                .collect();
            listed.dedup();
            return Err(Error::AmbiguousAccount {
                scopes,
                accounts: listed,
            });
        }
    };
    let rts: Vec<&Value> = match doc.get("RefreshToken") {
        Some(Value::Object(m)) => m
            .values()
            .filter(|e| str_field(e, "home_account_id") == Some(home.as_str()))
            .collect(),
        _ => Vec::new(),
    };
    let environment = match authority {
        Some(a) => a.host.clone(),
        None => {
            let envs: Vec<&str> = mine
                .iter()
                .filter(|a| a.0 == home)
                .map(|a| a.1.as_str())
                .collect();
            let with_rt = envs.iter().find(|e| {
                rts.iter()
                    .any(|rt| str_field(rt, "environment") == Some(**e))
            });
            let env = with_rt
                .or(envs.first())
                .expect("the account has an entry")
                .to_string();
            if !known_cloud(&env) {
                return Err(Error::Config {
                    message: format!(
                        "the account's environment `{}` is not a known Microsoft cloud; tokencache sends a refresh token only to one (login.microsoftonline.com, login.microsoftonline.us, login.chinacloudapi.cn and their aliases)",
                        crate::text::escape_controls(&env)
                    ),
                    hint: "if you trust it, name it: --authority https://HOST/TENANT".into(),
                });
            }
            env
        }
    };
    // The stored spelling of the client id (client ids are GUIDs: any case).
    let stored_clients: BTreeSet<&str> = rts
        .iter()
        .filter(|rt| str_field(rt, "environment") == Some(environment.as_str()))
        .filter_map(|rt| str_field(rt, "client_id"))
        .collect();
    let spelled = |c: &str| -> String {
        stored_clients
            .iter()
            .find(|s| s.eq_ignore_ascii_case(c))
            .map_or(c.to_string(), |s| s.to_string())
    };
    let client_id = match (&request.client_id, owner) {
        (Some(c), _) => spelled(c),
        (None, Some(o)) if !o.contains(',') => spelled(o),
        _ => match stored_clients.len() {
            1 => stored_clients.iter().next().expect("one").to_string(),
            0 => {
                return Err(no_token(format!(
                    "no refresh token for {} in {environment} to redeem",
                    AccountInfo {
                        home_account_id: Some(home.clone()),
                        username: None,
                        app_only: false
                    }
                    .redacted()
                )))
            }
            _ => {
                return Err(Error::Config {
                    message: format!(
                        "several apps have a refresh token for this account ({}): which one's token is this?",
                        stored_clients.iter().copied().collect::<Vec<_>>().join(", ")
                    ),
                    hint: "choose the app with --client-id ID".into(),
                })
            }
        },
    };
    let realm = match (authority, &request.tenant) {
        (Some(a), _) => a.tenant.clone(),
        (None, Some(t)) => t.clone(),
        (None, None) => token::home_tenant(&home)
            .unwrap_or("organizations")
            .to_string(),
    };
    Ok(Target {
        home_account_id: home,
        environment,
        client_id,
        realm,
    })
}

/// One redemption: the POST (a 5xx tried once more), the answer read.
fn redeem(
    endpoint: &str,
    target: &Target,
    candidate: &Candidate,
    scope: &str,
    deadline: Instant,
    now: i64,
) -> Result<Answer> {
    let anchor = format!("Oid:{}", target.home_account_id.replacen('.', "@", 1));
    let headers = [
        ("Accept", "application/json".to_string()),
        ("x-client-sku", "tokencache".to_string()),
        ("x-client-ver", env!("CARGO_PKG_VERSION").to_string()),
        ("x-client-os", client_os().to_string()),
        ("x-ms-lib-capability", "retry-after, h429".to_string()),
        ("client-request-id", request_id()),
        ("X-AnchorMailbox", anchor),
    ];
    let form = rule::form(&target.client_id, candidate.secret(), scope);
    for attempt in 0..2 {
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() {
            return Err(timed_out(endpoint));
        }
        let response =
            match net::post_form(endpoint, &headers, &form, left) {
                Ok(r) => r,
                Err(net::Failure::Timeout) => return Err(timed_out(endpoint)),
                Err(net::Failure::BadUrl(why)) => {
                    return Err(Error::Config {
                        message: why,
                        hint: "tokencache sends a refresh token over HTTPS only".into(),
                    })
                }
                Err(net::Failure::Network(why)) => return Err(Error::Network {
                    endpoint: endpoint.to_string(),
                    cause: crate::text::escape_controls(&why).into_owned(),
                    hint:
                        "check the network, the proxy (HTTPS_PROXY, NO_PROXY) and the trust store \
                           (the system's, SSL_CERT_FILE); the cache was left as it was"
                            .into(),
                }),
            };
        // Busy (5xx) or throttling (429): tried once more, after the wait
        // its Retry-After asks for (the x-ms-lib-capability header above
        // promises to honour it), unless that wait would outlast the
        // deadline — then at once exit 7, saying when to come back.
        if response.status >= 500 || response.status == 429 {
            let what = if response.status == 429 {
                "is throttling requests (HTTP 429)".to_string()
            } else {
                format!("answered HTTP {}", response.status)
            };
            let wait = response
                .retry_after
                .as_deref()
                .and_then(retry_after_seconds);
            if attempt == 1 {
                return Err(unusable(endpoint, &format!("it {what}, twice")));
            }
            if let Some(seconds) = wait {
                let left = deadline.saturating_duration_since(Instant::now());
                if Duration::from_secs(seconds) >= left {
                    return Err(unusable(
                        endpoint,
                        &format!(
                            "it {what} and asks to be tried again in {seconds} s, more than \
                             --network-timeout leaves; try again then"
                        ),
                    ));
                }
                sleep_unless_interrupted(Duration::from_secs(seconds))?;
            }
            continue;
        }
        return rule::answer(&response.body, now)
            .map_err(|why| unusable(endpoint, &format!("HTTP {}: {why}", response.status)));
    }
    unreachable!("the second attempt returns")
}

/// `Retry-After` as a number of seconds (RFC 9110's delay-seconds); the
/// HTTP-date form, which Entra ID does not send, counts as no wait.
fn retry_after_seconds(value: &str) -> Option<u64> {
    let value = value.trim();
    (!value.is_empty() && value.bytes().all(|b| b.is_ascii_digit()))
        .then(|| value.parse().unwrap_or(u64::MAX))
}

/// Sleep for `wait`, in short steps, returning early on SIGINT/SIGTERM.
fn sleep_unless_interrupted(wait: Duration) -> Result<()> {
    let until = Instant::now() + wait;
    loop {
        if signals::interrupted() {
            return Err(Error::Interrupted);
        }
        let left = until.saturating_duration_since(Instant::now());
        if left.is_zero() {
            return Ok(());
        }
        std::thread::sleep(left.min(Duration::from_millis(50)));
    }
}

fn timed_out(endpoint: &str) -> Error {
    Error::Network {
        endpoint: endpoint.to_string(),
        cause: "no answer within --network-timeout".into(),
        hint:
            "allow more time with --network-timeout (default 30s), or check the network and proxy"
                .into(),
    }
}

fn unusable(endpoint: &str, why: &str) -> Error {
    Error::Network {
        endpoint: endpoint.to_string(),
        cause: format!(
            "the answer is unusable: {}",
            crate::text::escape_controls(why)
        ),
        hint: "nothing was written; is --authority a Microsoft Entra authority?".into(),
    }
}

/// `x-client-os`, as MSAL Python names it (`sys.platform`).
fn client_os() -> &'static str {
    match std::env::consts::OS {
        "windows" => "win32",
        "macos" => "darwin",
        other => other,
    }
}

/// A random (version 4) UUID: the request's `client-request-id`.
fn request_id() -> String {
    let mut b = [0u8; 16];
    if getrandom::fill(&mut b).is_err() {
        return "00000000-0000-4000-8000-000000000000".into();
    }
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    let h: String = b.iter().map(|x| format!("{x:02x}")).collect();
    format!(
        "{}-{}-{}-{}-{}",
        &h[0..8],
        &h[8..12],
        &h[12..16],
        &h[16..20],
        &h[20..32]
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn authorities_are_https_with_a_tenant() {
        let a = Authority::parse("https://Login.MicrosoftOnline.com/contoso.com/").unwrap();
        assert_eq!(a.url, "https://Login.MicrosoftOnline.com/contoso.com");
        assert_eq!(
            (a.host.as_str(), a.tenant.as_str()),
            ("login.microsoftonline.com", "contoso.com")
        );
        assert_eq!(
            Authority::parse("https://localhost:8443/t").unwrap().host,
            "localhost"
        );
        for bad in [
            "http://login.microsoftonline.com/t",
            "https://login.microsoftonline.com",
            "https://login.microsoftonline.com/t/v2.0",
            "https://login.microsoftonline.com/t?x=1",
        ] {
            assert!(Authority::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn retry_after_is_delay_seconds() {
        assert_eq!(retry_after_seconds("3"), Some(3));
        assert_eq!(retry_after_seconds(" 120 "), Some(120));
        assert_eq!(
            retry_after_seconds("99999999999999999999999"),
            Some(u64::MAX)
        );
        assert_eq!(retry_after_seconds("Wed, 21 Oct 2015 07:28:00 GMT"), None);
        assert_eq!(retry_after_seconds("-1"), None);
        assert_eq!(retry_after_seconds(""), None);
    }

    #[test]
    fn request_ids_are_uuid_v4() {
        let id = request_id();
        assert_eq!(id.len(), 36);
        assert_eq!(&id[14..15], "4");
        assert_ne!(id, request_id());
    }
}
