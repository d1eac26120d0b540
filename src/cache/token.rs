//! Finding the access token MSAL's silent acquisition would serve from the
//! cache, for `tokencache token`. Pure: a document, a [`Request`] and "now"
//! in, an [`Outcome`] out. Nothing here contacts the network, and a refresh
//! token is never looked at, let alone returned.
//!
//! # The rules (MSAL Python `acquire_token_silent`, msal-node `acquireTokenSilent`)
//! - **Kind**: only `AccessToken` entries of credential type `AccessToken`
//!   (MSAL's `atext`, PoP and SSH-certificate tokens are not bearer tokens)
//!   whose `token_type`, if any, is `Bearer` (any case), with a secret.
//! - **Scopes**: the requested scopes, compared case-insensitively (msal-node's
//!   `ScopeSet`), must all be in the token's `target`: the token may carry
//!   more. `openid`, `profile` and `offline_access` are dropped from a request
//!   that names anything else (msal-node's `createSearchScopes`); a request of
//!   only those asks for an ID token, not an access token, and is refused.
//!   `R/.default` is a scope like any other, as in both SDKs: it matches a
//!   token whose `target` names `R/.default` (Azure AD lists it among the
//!   granted scopes of such a request), not one that merely has some scope of
//!   `R`, and `https://management.azure.com/.default` is not
//!   `https://management.core.windows.net//.default`.
//! - **Account**: a user's token is served only for an account MSAL lists:
//!   one with an `Account` entry (MSAL Python's `acquire_token_silent` takes
//!   an account from `get_accounts()`, msal-node's `acquireTokenSilent` an
//!   `AccountInfo` of the cache). `--user` is a username (any case), resolved
//!   through the `Account` entries to home account ids; `--home-account-id`
//!   is one, compared exactly (as both SDKs compare it). Neither: any
//!   account; more than one with a servable token is [`Outcome::Ambiguous`].
//!   App-only (client credentials) tokens, what `acquire_token_for_client`
//!   serves, only with `--app-only` ([`AccountFilter::AppOnly`]), which
//!   serves nothing else: a user's request never falls back to another
//!   application's app-only token.
//! - **Environment**: the token's `environment` must be the account's own or
//!   an alias of it (msal-node's built-in cloud discovery metadata,
//!   [`super::entry::ALIASES`], the same hosts as MSAL Python's `WELL_KNOWN_AUTHORITY_HOSTS`:
//!   `login.microsoftonline.com`, `login.windows.net`, `login.microsoft.com`
//!   and `sts.windows.net` are one cloud); an app-only token's, a host of a
//!   known cloud.
//! - **Client**: `--client-id` (ignoring case) or, without it, any client;
//!   several clients' tokens for the same account are all valid bearer tokens
//!   for the scopes, and the one valid longest is served.
//! - **Tenant**: `--tenant T`: the token's `realm` is `T` (ignoring case),
//!   exactly what an app signing in with authority `…/T` looks up. Without it,
//!   a user's token from their home tenant (the `utid` of the home account id;
//!   for an id without one, as ADFS writes them, the `realm` of the account's
//!   `Account` entries, msal-node's `account.tenantId`), else one cached under
//!   `organizations` or
//!   `common` (what MSAL Python caches when the app's authority is one of
//!   those; Azure CLI's `az login`); a guest tenant's token only with
//!   `--tenant`. App-only tokens have no home tenant: any realm.
//! - **Expiry**: served only if `expires_on >= now + min_validity`, times
//!   read by the one timestamp rule ([`super::entry::parse_time`]); MSAL's
//!   own margin is 5 minutes (Python's `expires_in < 5*60`, msal-node's
//!   `tokenRenewalOffsetSeconds` 300). A token `cached_at` in the future is
//!   not served (msal-node: the clock was turned back).
//!
//! Where the SDKs differ, the stricter or more useful rule is taken and said
//! here: MSAL Python compares scopes with their case (tokencache, like
//! msal-node and MSAL.NET, ignores it); msal-node serves nothing (and drops
//! them) when two tokens match, tokencache serves the one valid longest.

use std::borrow::Cow;
use std::collections::BTreeSet;

use serde::Serialize;

use super::entry::{known_cloud, same_cloud, span};
use super::view::{text, time, Fields, View};

/// The scopes that ask for an ID token rather than name a resource.
pub const OIDC_SCOPES: [&str; 3] = ["openid", "profile", "offline_access"];

/// Realms under which MSAL caches a multi-tenant authority's tokens.
const MULTI_TENANT_REALMS: [&str; 2] = ["organizations", "common"];

/// Which account the token must belong to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AccountFilter {
    /// Any signed-in account (several with a servable token: ambiguous);
    /// never an app-only token.
    Any,
    /// A username, any case.
    Username(String),
    /// A home account id, exactly.
    HomeAccountId(String),
    /// No account: only app-only (client credentials) tokens.
    AppOnly,
}

/// What the caller asks for.
#[derive(Debug, Clone)]
pub struct Request {
    /// The scopes, as given (whitespace inside one value separates scopes).
    pub scopes: Vec<String>,
    /// The account.
    pub account: AccountFilter,
    /// The client (application) id.
    pub client_id: Option<String>,
    /// The tenant (realm).
    pub tenant: Option<String>,
    /// Seconds of validity the token must have left.
    pub min_validity: i64,
    /// The current time, Unix seconds.
    pub now: i64,
}

/// The token served, and what `--json` says about it.
#[derive(Debug, Clone, Serialize)]
pub struct Served {
    /// The access token itself.
    pub access_token: String,
    /// `token_type` (`Bearer` when the entry has none).
    pub token_type: String,
    /// `expires_on`, Unix seconds.
    pub expires_on: i64,
    /// Seconds left.
    pub expires_in: i64,
    /// The token's scopes (its `target`).
    pub scopes: Vec<String>,
    /// Whose token it is.
    pub account: AccountInfo,
    /// The client that obtained it.
    pub client_id: Option<String>,
    /// Its realm (tenant).
    pub tenant: Option<String>,
    /// Its environment.
    pub environment: Option<String>,
}

/// An account, as shown by `--json` and in ambiguity lists.
#[derive(Debug, Clone, Serialize, PartialEq, Eq, PartialOrd, Ord)]
pub struct AccountInfo {
    /// `home_account_id`; `None` for an app-only token.
    pub home_account_id: Option<String>,
    /// The username of its `Account` entry, if there is one.
    pub username: Option<String>,
    /// Whether this is an app-only (client credentials) token.
    pub app_only: bool,
}

impl AccountInfo {
    /// How the account is named in messages: username and home account id,
    /// both partly masked.
    pub fn redacted(&self) -> String {
        if self.app_only {
            return "the app itself (app-only, client credentials)".to_string();
        }
        match (&self.username, &self.home_account_id) {
            (Some(u), Some(h)) => {
                format!("{} (home account id {})", redact_username(u), redact_id(h))
            }
            (Some(u), None) => redact_username(u),
            (None, Some(h)) => format!("home account id {}", redact_id(h)),
            (None, None) => "an account with no id".to_string(),
        }
    }
}

/// `al***@contoso.com`: enough to recognise one's own account, not to
/// harvest it.
pub fn redact_username(username: &str) -> String {
    let (local, domain) = match username.rsplit_once('@') {
        Some((l, d)) => (l, Some(d)),
        None => (username, None),
    };
    let keep: String = local.chars().take(2).collect();
    match domain {
        Some(d) => format!("{keep}***@{d}"),
        None => format!("{keep}***"),
    }
}

/// `9a8b7c6d…`: the first 8 characters of an id.
pub fn redact_id(id: &str) -> String {
    let keep: String = id.chars().take(8).collect();
    if keep.len() < id.len() {
        format!("{keep}…")
    } else {
        keep
    }
}

/// Why nothing was served.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Miss {
    /// What was found instead, one clause (`an access token for … that expired 3 min ago`).
    pub found: String,
    /// The client whose sign-in would refresh it, when one is known.
    pub owner: Option<String>,
    /// When the account asked for by username is not in the cache: the
    /// usernames it has, whole (the caller shows them whole to a person,
    /// masked in a log, as it shows an ambiguous choice).
    pub usernames: Vec<String>,
}

/// The answer.
#[derive(Debug, Clone)]
pub enum Outcome {
    /// The token to serve.
    Found(Box<Served>),
    /// Nothing servable.
    None(Miss),
    /// Several accounts have a servable token; pick one.
    Ambiguous(Vec<AccountInfo>),
}

/// A request that cannot be answered as asked (a usage error).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BadRequest(pub String);

/// The search scopes: lowercased, OIDC scopes dropped unless alone (then
/// refused).
pub fn search_scopes(scopes: &[String]) -> Result<BTreeSet<String>, BadRequest> {
    let all: BTreeSet<String> = scopes
        .iter()
        .flat_map(|s| s.split_whitespace())
        .map(str::to_lowercase)
        .collect();
    if all.is_empty() {
        return Err(BadRequest("--scope names no scope".into()));
    }
    let resource: BTreeSet<String> = all
        .iter()
        .filter(|s| !OIDC_SCOPES.contains(&s.as_str()))
        .cloned()
        .collect();
    if resource.is_empty() {
        return Err(BadRequest(format!(
            "the scopes {} ask for an ID token, not an access token: name the resource's scope",
            all.into_iter().collect::<Vec<_>>().join(" ")
        )));
    }
    Ok(resource)
}

/// An access token entry, with what the rules look at.
struct Candidate<'a> {
    index: usize,
    /// Raw: decoded only if served.
    secret: &'a str,
    token_type: Option<Cow<'a, str>>,
    target_text: Option<Cow<'a, str>>,
    home: Option<String>,
    client: Option<Cow<'a, str>>,
    realm: Option<Cow<'a, str>>,
    environment: Option<Cow<'a, str>>,
    expires_on: Option<i64>,
    cached_at: Option<i64>,
}

/// An `Account` entry's home account id (exactly as written), environment,
/// username and realm.
struct AccountEntry<'a> {
    home: Cow<'a, str>,
    environment: Option<Cow<'a, str>>,
    username: Option<Cow<'a, str>>,
    realm: Option<Cow<'a, str>>,
}

/// The `Account` entries of the account `home` (compared exactly).
fn entries_of<'v, 'a>(
    accounts: &'v [AccountEntry<'a>],
    home: &'v str,
) -> impl Iterator<Item = &'v AccountEntry<'a>> {
    accounts.iter().filter(move |a| a.home == home)
}

/// The `Account` entries.
fn accounts<'a>(view: &View<'a>) -> Vec<AccountEntry<'a>> {
    view.accounts
        .iter()
        .filter_map(|a| {
            Some(AccountEntry {
                home: text(a.home_account_id)?,
                environment: text(a.environment),
                username: text(a.username),
                realm: text(a.realm),
            })
        })
        .collect()
}

/// The bearer access tokens among the entries that `keep` keeps.
fn bearer_access_tokens<'a>(
    view: &View<'a>,
    keep: impl Fn(&Fields<'a>) -> bool,
) -> Vec<Candidate<'a>> {
    view.access_tokens
        .iter()
        .enumerate()
        .filter(|(_, e)| keep(e))
        .filter_map(|(index, e)| {
            let kind = text(e.credential_type);
            if kind.is_some_and(|k| !k.eq_ignore_ascii_case("AccessToken")) {
                return None;
            }
            let token_type = text(e.token_type);
            if token_type
                .as_deref()
                .is_some_and(|t| !t.eq_ignore_ascii_case("bearer"))
            {
                return None;
            }
            let target_text = text(e.target);
            Some(Candidate {
                index,
                // A non-empty string; decoded only if served.
                secret: e
                    .secret
                    .filter(|raw| raw.starts_with('"') && raw.len() > 2)?,
                token_type,
                home: text(e.home_account_id).map(Cow::into_owned),
                client: text(e.client_id),
                realm: text(e.realm),
                environment: text(e.environment),
                target_text,
                expires_on: time(e.expires_on),
                cached_at: time(e.cached_at),
            })
        })
        .collect()
}

/// Whether the scopes of `target` (separated by whitespace) include every
/// one of `scopes` (lowercase, from [`search_scopes`]), compared as
/// msal-node's `ScopeSet` compares them: lowercased. An ASCII scope (almost
/// all of them) is compared without building its lowercase copy.
///
/// An ASCII `target` (almost every one) is split at the ASCII characters
/// `split_whitespace` splits it at, byte by byte: `split_whitespace`
/// decodes each character, and this runs for every access token of the
/// cache.
fn has_scopes(target: &str, scopes: &BTreeSet<String>) -> bool {
    if target.is_ascii() {
        let words = || {
            target
                .as_bytes()
                .split(|b| matches!(b, b' ' | b'\t' | b'\n' | b'\x0B' | b'\x0C' | b'\r'))
                .filter(|w| !w.is_empty())
        };
        return scopes
            .iter()
            .all(|s| words().any(|t| t.eq_ignore_ascii_case(s.as_bytes())));
    }
    scopes.iter().all(|s| {
        target.split_whitespace().any(|t| {
            if t.is_ascii() {
                t.eq_ignore_ascii_case(s)
            } else {
                t.to_lowercase() == *s
            }
        })
    })
}

/// The home tenant of a home account id `uid.utid` (B2C: `uid-policy.utid`).
pub fn home_tenant(home: &str) -> Option<&str> {
    home.rsplit_once('.')
        .map(|(_, t)| t)
        .filter(|t| !t.is_empty())
}

/// Find the token to serve.
pub fn find(view: &View<'_>, request: &Request) -> Result<Outcome, BadRequest> {
    let scopes = search_scopes(&request.scopes)?;
    let accounts = accounts(view);
    // Only a token with the scopes can be served (`scopes_ok` below): the
    // others, most of a large cache, are not decoded into candidates unless
    // nothing is served and `explain` looks at them all. (With 9,061 access
    // tokens, decoding every one was 21M instructions, a quarter of
    // validating the whole cache.)
    let tokens = bearer_access_tokens(view, |e| {
        has_scopes(text(e.target).as_deref().unwrap_or(""), &scopes)
    });
    let wanted_client = request.client_id.as_deref();
    let wanted_tenant = request.tenant.as_deref();

    // The home account ids the account filter allows (None: any), compared
    // exactly, as MSAL compares them.
    let allowed: Option<BTreeSet<String>> = match &request.account {
        AccountFilter::Any | AccountFilter::AppOnly => None,
        AccountFilter::HomeAccountId(h) => Some(BTreeSet::from([h.clone()])),
        AccountFilter::Username(u) => {
            let ids: BTreeSet<String> = accounts
                .iter()
                .filter(|a| {
                    a.username
                        .as_deref()
                        .is_some_and(|n| n.eq_ignore_ascii_case(u))
                })
                .map(|a| a.home.to_string())
                .collect();
            if ids.is_empty() {
                let usernames: BTreeSet<String> = accounts
                    .iter()
                    .filter_map(|a| a.username.as_deref().map(str::to_string))
                    .collect();
                let found = if usernames.is_empty() {
                    "no Account entry at all".to_string()
                } else {
                    format!("no account named {u}")
                };
                return Ok(Outcome::None(Miss {
                    found,
                    owner: None,
                    usernames: usernames.into_iter().collect(),
                }));
            }
            Some(ids)
        }
    };
    let app_only_asked = request.account == AccountFilter::AppOnly;
    let username_of = |home: &str| {
        entries_of(&accounts, home)
            .find_map(|a| a.username.as_deref())
            .map(str::to_string)
    };
    // A user's token or an app-only one, as asked: app-only tokens only
    // with --app-only, never in place of a user's.
    let kind_ok = |c: &Candidate<'_>| c.home.is_none() == app_only_asked;
    let account_ok = |c: &Candidate<'_>| match (&allowed, &c.home) {
        (None, _) => true,
        (Some(ids), Some(h)) => ids.contains(h),
        (Some(_), None) => false,
    };
    // MSAL serves a user's token only for an account it knows: one with an
    // `Account` entry (MSAL Python's `acquire_token_silent` takes an account
    // from `get_accounts()`, msal-node's `acquireTokenSilent` an
    // `AccountInfo` from the cache's accounts).
    let signed_in = |c: &Candidate<'_>| {
        c.home
            .as_deref()
            .is_none_or(|home| entries_of(&accounts, home).next().is_some())
    };
    // The account's own environment or an alias of it; an app-only token,
    // a known cloud's host.
    let environment_ok = |c: &Candidate<'_>| {
        let env = c.environment.as_deref().unwrap_or("");
        match &c.home {
            None => known_cloud(env),
            Some(home) => {
                let mut envs = entries_of(&accounts, home)
                    .filter_map(|a| a.environment.as_deref())
                    .peekable();
                // No Account entry: `signed_in` says why it is not served.
                envs.peek().is_none() || envs.any(|a| same_cloud(a, env))
            }
        }
    };
    let client_ok = |c: &Candidate<'_>| {
        wanted_client.is_none_or(|w| {
            c.client
                .as_deref()
                .is_some_and(|k| k.eq_ignore_ascii_case(w))
        })
    };
    let scopes_ok = |c: &Candidate<'_>| has_scopes(c.target_text.as_deref().unwrap_or(""), &scopes);
    // 0: the home tenant (or the asked one), 1: a multi-tenant realm, None: not this tenant.
    let tenant_rank = |c: &Candidate<'_>| -> Option<u8> {
        let realm = c.realm.as_deref().unwrap_or("");
        if let Some(t) = wanted_tenant {
            return realm.eq_ignore_ascii_case(t).then_some(0);
        }
        let Some(home) = &c.home else {
            return Some(0);
        };
        // The home tenant: the `utid` of the home account id, or, for an id
        // without one (ADFS), the realm of the account's own `Account`
        // entries (msal-node's `account.tenantId`); never any realm at all.
        let home_realm = match home_tenant(home) {
            Some(t) => realm.eq_ignore_ascii_case(t),
            None => entries_of(&accounts, home)
                .filter_map(|a| a.realm.as_deref())
                .any(|r| realm.eq_ignore_ascii_case(r)),
        };
        if home_realm {
            Some(0)
        } else if MULTI_TENANT_REALMS
            .iter()
            .any(|m| realm.eq_ignore_ascii_case(m))
        {
            Some(1)
        } else {
            None
        }
    };
    let fresh = |c: &Candidate<'_>| {
        c.expires_on
            .is_some_and(|e| e >= request.now.saturating_add(request.min_validity))
            && c.cached_at.is_none_or(|at| at <= request.now)
    };

    let matching: Vec<(&Candidate<'_>, u8)> = tokens
        .iter()
        .filter(|c| {
            kind_ok(c)
                && account_ok(c)
                && signed_in(c)
                && environment_ok(c)
                && client_ok(c)
                && scopes_ok(c)
        })
        .filter_map(|c| tenant_rank(c).map(|r| (c, r)))
        .collect();
    let servable: Vec<(&Candidate<'_>, u8)> =
        matching.iter().copied().filter(|(c, _)| fresh(c)).collect();

    // One best token per account (app-only tokens: per realm).
    let account_key = |c: &Candidate<'_>| match &c.home {
        Some(h) => (Some(h.clone()), None),
        None => (None, c.realm.as_deref().map(str::to_lowercase)),
    };
    let mut best: Vec<(AccountKey, &Candidate<'_>, u8)> = Vec::new();
    for (c, rank) in servable {
        let key = account_key(c);
        match best.iter_mut().find(|(k, _, _)| *k == key) {
            None => best.push((key, c, rank)),
            Some(slot) => {
                let better = (rank, std::cmp::Reverse(c.expires_on), c.index)
                    < (slot.2, std::cmp::Reverse(slot.1.expires_on), slot.1.index);
                if better {
                    slot.1 = c;
                    slot.2 = rank;
                }
            }
        }
    }
    let info = |c: &Candidate<'_>| AccountInfo {
        home_account_id: c.home.clone(),
        username: c.home.as_deref().and_then(username_of),
        app_only: c.home.is_none(),
    };
    if best.len() > 1 {
        let mut list: Vec<AccountInfo> = best.iter().map(|(_, c, _)| info(c)).collect();
        list.sort();
        list.dedup();
        return Ok(Outcome::Ambiguous(list));
    }
    if let Some((_, c, _)) = best.first() {
        let expires_on = c.expires_on.unwrap_or_default();
        return Ok(Outcome::Found(Box::new(Served {
            access_token: text(Some(c.secret)).unwrap_or_default().into_owned(),
            token_type: c.token_type.as_deref().unwrap_or("Bearer").to_string(),
            expires_on,
            expires_in: expires_on.saturating_sub(request.now),
            scopes: c
                .target_text
                .as_deref()
                .unwrap_or("")
                .split_whitespace()
                .map(str::to_string)
                .collect(),
            account: info(c),
            client_id: c.client.as_deref().map(str::to_string),
            tenant: c.realm.as_deref().map(str::to_string),
            environment: c.environment.as_deref().map(str::to_string),
        })));
    }
    // The same `matching`: every token that is not among `tokens` fails
    // `scopes_ok`.
    let tokens = bearer_access_tokens(view, |_| true);
    Ok(Outcome::None(explain(
        &tokens,
        &matching,
        request,
        &ExplainChecks {
            kind: &kind_ok,
            signed_in: &signed_in,
            account: &account_ok,
            environment: &environment_ok,
            client: &client_ok,
            scopes: &scopes_ok,
            tenant: &|c| tenant_rank(c).is_some(),
        },
        &info,
    )))
}

/// An account's identity among tokens: its home account id, or (app-only)
/// the realm.
type AccountKey = (Option<String>, Option<String>);

type Check<'f> = &'f dyn Fn(&Candidate<'_>) -> bool;

struct ExplainChecks<'f> {
    kind: Check<'f>,
    signed_in: Check<'f>,
    account: Check<'f>,
    environment: Check<'f>,
    client: Check<'f>,
    scopes: Check<'f>,
    tenant: Check<'f>,
}

/// Say what was found instead, most useful first: a token that matched all
/// but its expiry; then one that missed by exactly one rule.
fn explain(
    tokens: &[Candidate<'_>],
    matching: &[(&Candidate<'_>, u8)],
    request: &Request,
    checks: &ExplainChecks<'_>,
    info: &dyn Fn(&Candidate<'_>) -> AccountInfo,
) -> Miss {
    let owner = |c: &Candidate<'_>| c.client.as_deref().map(str::to_string);
    if let Some((c, _)) = matching
        .iter()
        .max_by_key(|(c, _)| (c.expires_on, std::cmp::Reverse(c.index)))
    {
        let found = match (c.expires_on, c.cached_at) {
            (None, _) => "a matching access token with no readable expires_on".to_string(),
            (Some(_), Some(at)) if at > request.now => format!(
                "a matching access token cached {} in the future (the clock was turned back; MSAL does not serve it)",
                span(at - request.now)
            ),
            (Some(e), _) if e < request.now => format!(
                "a matching access token that expired {} ago",
                span(request.now - e)
            ),
            (Some(e), _) => format!(
                "a matching access token that expires in {}, within --min-validity {}",
                span(e - request.now),
                span(request.min_validity)
            ),
        };
        return Miss {
            found,
            owner: owner(c),
            usernames: Vec::new(),
        };
    }
    // Tokens that fail exactly one rule, in the order worth saying.
    let all: [(&str, Check<'_>); 7] = [
        ("scopes", checks.scopes),
        ("kind", checks.kind),
        ("tenant", checks.tenant),
        ("client", checks.client),
        ("environment", checks.environment),
        ("signed in", checks.signed_in),
        ("account", checks.account),
    ];
    for (i, (rule, _)) in all.iter().enumerate() {
        let near: Vec<&Candidate<'_>> = tokens
            .iter()
            .filter(|c| {
                all.iter()
                    .enumerate()
                    .all(|(j, (_, check))| (i == j) != check(c))
            })
            .collect();
        let Some(first) = near.first() else {
            continue;
        };
        let found = match *rule {
            "scopes" => {
                let targets: BTreeSet<&str> = near
                    .iter()
                    .filter_map(|c| c.target_text.as_deref())
                    .collect();
                let shown: Vec<&str> = targets.iter().take(3).copied().collect();
                let more = targets.len().saturating_sub(shown.len());
                format!(
                    "access tokens for other scopes only ({}{})",
                    shown.join("; "),
                    if more > 0 {
                        format!("; {more} more")
                    } else {
                        String::new()
                    }
                )
            }
            "tenant" => {
                let realms: BTreeSet<&str> =
                    near.iter().filter_map(|c| c.realm.as_deref()).collect();
                format!(
                    "an access token for another tenant ({}; pass --tenant to use it)",
                    realms.into_iter().collect::<Vec<_>>().join(", ")
                )
            }
            "client" => {
                let clients: BTreeSet<&str> =
                    near.iter().filter_map(|c| c.client.as_deref()).collect();
                format!(
                    "an access token of another client ({}; pass --client-id to use it)",
                    clients.into_iter().collect::<Vec<_>>().join(", ")
                )
            }
            "kind" if request.account == AccountFilter::AppOnly => {
                "only signed-in users' access tokens, and --app-only asks for an app-only (client credentials) token".to_string()
            }
            "kind" => {
                let clients: BTreeSet<&str> =
                    near.iter().filter_map(|c| c.client.as_deref()).collect();
                format!(
                    "only an app-only (client credentials) access token, of client {}, which tokencache serves only with --app-only",
                    clients.into_iter().collect::<Vec<_>>().join(", ")
                )
            }
            "signed in" => {
                let mut who: Vec<String> = near.iter().map(|c| info(c).redacted()).collect();
                who.sort();
                who.dedup();
                format!(
                    "an access token for {}, which has no Account entry (MSAL serves tokens only for the accounts it lists)",
                    who.join(", ")
                )
            }
            "environment" => {
                let envs: BTreeSet<&str> = near
                    .iter()
                    .filter_map(|c| c.environment.as_deref())
                    .filter(|e| !e.is_empty())
                    .collect();
                // A token without an `environment` names no cloud at all:
                // "another cloud ()" would be neither true nor useful.
                let unnamed = near
                    .iter()
                    .any(|c| c.environment.as_deref().unwrap_or_default().is_empty());
                let unnamed_text = "an access token that names no cloud (it has no `environment`; MSAL serves a token only to the cloud it names)";
                match (envs.is_empty(), unnamed) {
                    (true, _) => unnamed_text.to_string(),
                    (false, also_unnamed) => format!(
                        "an access token from another cloud ({}){}",
                        envs.into_iter().collect::<Vec<_>>().join(", "),
                        if also_unnamed { format!(", and {unnamed_text}") } else { String::new() }
                    ),
                }
            }
            _ => {
                let mut who: Vec<String> = near.iter().map(|c| info(c).redacted()).collect();
                who.sort();
                who.dedup();
                format!("an access token for another account ({})", who.join(", "))
            }
        };
        return Miss {
            found,
            owner: owner(first),
            usernames: Vec::new(),
        };
    }
    let found = match tokens.len() {
        0 => "no access token at all".to_string(),
        1 => "1 access token, which matches neither these scopes nor the account, client or tenant asked for".to_string(),
        n => format!("{n} access tokens, none matching these scopes and the account, client or tenant asked for"),
    };
    Miss {
        found,
        owner: request.client_id.clone(),
        usernames: Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::{json, Map, Value};

    const ENV: &str = "login.microsoftonline.com";
    const NOW: i64 = 1_700_000_000;

    fn at(home: Option<&str>, client: &str, realm: &str, target: &str, exp: i64) -> Value {
        json!({"credential_type": "AccessToken", "secret": format!("{}|{client}|{realm}|{target}", home.unwrap_or("app")),
               "home_account_id": home, "environment": ENV, "client_id": client, "realm": realm,
               "target": target, "cached_at": (NOW - 100).to_string(), "expires_on": exp.to_string()})
    }

    fn find_in(doc: &[u8], request: &Request) -> Result<Outcome, BadRequest> {
        find(&View::parse(doc).expect("an object"), request)
    }

    fn doc(tokens: Vec<Value>) -> Vec<u8> {
        let mut ats = Map::new();
        for (i, t) in tokens.into_iter().enumerate() {
            ats.insert(format!("k{i}"), t);
        }
        let mut d = Map::new();
        d.insert("AccessToken".into(), Value::Object(ats));
        d.insert(
            "Account".into(),
            json!({
                "a": {"home_account_id": "alice.home", "environment": ENV, "realm": "home", "username": "Alice@Contoso.com"},
                "b": {"home_account_id": "bob.home", "environment": "login.windows.net", "realm": "home", "username": "bob@contoso.com"}
            }),
        );
        serde_json::to_vec(&d).unwrap()
    }

    #[test]
    fn the_view_tolerates_what_the_other_commands_warn_about() {
        // Sections and entries that are not objects hold nothing; escaped
        // strings are unescaped; numbers and numbers-as-strings are times.
        let text = r#"{"AccessToken":{"x":5,"y":["AccessToken","positional"],"k":{"secret":"a\u0062c","home_account_id":"alice.home","environment":"login.microsoftonline.com","client_id":"c","realm":"home","target":"s","expires_on":1700003600,"cached_at":"1699999000"}},"Account":{"a":{"home_account_id":"alice.home","environment":"login.microsoftonline.com"},"b":"oops"},"Other":[1,2]}"#;
        let r = req(&["s"]);
        assert_eq!(served(find_in(text.as_bytes(), &r).unwrap()), "abc");
        assert!(View::parse(b"[1]").is_none());
        let empty = find_in(br#"{"AccessToken":[],"Account":{}}"#, &r).unwrap();
        assert_eq!(missed(empty), "no access token at all");
    }

    fn req(scopes: &[&str]) -> Request {
        Request {
            scopes: scopes.iter().map(|s| s.to_string()).collect(),
            account: AccountFilter::Any,
            client_id: None,
            tenant: None,
            min_validity: 300,
            now: NOW,
        }
    }

    fn served(outcome: Outcome) -> String {
        match outcome {
            Outcome::Found(s) => s.access_token,
            other => panic!("expected a token, got {other:?}"),
        }
    }

    fn missed(outcome: Outcome) -> String {
        match outcome {
            Outcome::None(m) => m.found,
            other => panic!("expected none, got {other:?}"),
        }
    }

    #[test]
    fn scopes_are_a_case_insensitive_superset_and_oidc_scopes_are_dropped() {
        let d = doc(vec![at(
            Some("alice.home"),
            "c",
            "home",
            "User.Read Mail.Read",
            NOW + 3600,
        )]);
        for scopes in [
            &["user.read"][..],
            &["USER.READ", "mail.read"],
            &["User.Read openid offline_access"],
        ] {
            assert!(
                matches!(find_in(&d, &req(scopes)).unwrap(), Outcome::Found(_)),
                "{scopes:?}"
            );
        }
        assert!(
            missed(find_in(&d, &req(&["User.Read", "Files.Read"])).unwrap())
                .contains("other scopes only (User.Read Mail.Read)")
        );
        assert!(find_in(&d, &req(&["openid profile"])).is_err());
    }

    #[test]
    fn dot_default_is_a_scope_like_any_other() {
        let d = doc(vec![at(
            Some("alice.home"),
            "c",
            "home",
            "https://management.core.windows.net//user_impersonation https://management.core.windows.net//.default",
            NOW + 3600,
        )]);
        served(find_in(&d, &req(&["https://management.core.windows.net//.default"])).unwrap());
        missed(find_in(&d, &req(&["https://management.azure.com/.default"])).unwrap());
        let only_named = doc(vec![at(
            Some("alice.home"),
            "c",
            "home",
            "https://graph.microsoft.com/User.Read",
            NOW + 3600,
        )]);
        missed(find_in(&only_named, &req(&["https://graph.microsoft.com/.default"])).unwrap());
    }

    #[test]
    fn expiry_needs_min_validity_left_and_says_so() {
        let d = doc(vec![at(Some("alice.home"), "c", "home", "s", NOW + 300)]);
        served(find_in(&d, &req(&["s"])).unwrap());
        let mut r = req(&["s"]);
        r.min_validity = 301;
        assert!(
            missed(find_in(&d, &r).unwrap()).contains("expires in 5 min, within --min-validity")
        );
        r.min_validity = 0;
        r.now = NOW + 300;
        served(find_in(&d, &r).unwrap());
        r.now = NOW + 301;
        let found = missed(find_in(&d, &r).unwrap());
        assert!(found.contains("expired 1 s ago"), "{found}");
    }

    #[test]
    fn several_accounts_are_ambiguous_unless_one_is_named() {
        let d = doc(vec![
            at(Some("alice.home"), "c", "home", "s", NOW + 3600),
            at(Some("bob.home"), "c", "home", "s", NOW + 3600),
        ]);
        match find_in(&d, &req(&["s"])).unwrap() {
            Outcome::Ambiguous(list) => {
                let shown: Vec<String> = list.iter().map(AccountInfo::redacted).collect();
                assert_eq!(
                    shown,
                    [
                        "Al***@Contoso.com (home account id alice.ho…)",
                        "bo***@contoso.com (home account id bob.home)"
                    ]
                );
            }
            other => panic!("{other:?}"),
        }
        let mut r = req(&["s"]);
        r.account = AccountFilter::Username("ALICE@contoso.com".into());
        assert!(served(find_in(&d, &r).unwrap()).starts_with("alice.home|"));
        r.account = AccountFilter::HomeAccountId("bob.home".into());
        assert!(served(find_in(&d, &r).unwrap()).starts_with("bob.home|"));
        // Home account ids are compared exactly, as MSAL compares them.
        r.account = AccountFilter::HomeAccountId("BOB.HOME".into());
        missed(find_in(&d, &r).unwrap());
        r.account = AccountFilter::Username("carol@contoso.com".into());
        assert!(missed(find_in(&d, &r).unwrap()).contains("no account named carol@contoso.com"));
    }

    #[test]
    fn tenants_home_then_multi_tenant_and_guests_only_when_asked() {
        let d = doc(vec![
            at(Some("alice.home"), "c", "guest", "s", NOW + 3600),
            at(Some("alice.home"), "c", "organizations", "s", NOW + 1800),
        ]);
        assert!(served(find_in(&d, &req(&["s"])).unwrap()).contains("|organizations|"));
        let mut r = req(&["s"]);
        r.tenant = Some("GUEST".into());
        assert!(served(find_in(&d, &r).unwrap()).contains("|guest|"));
        let guest_only = doc(vec![at(Some("alice.home"), "c", "guest", "s", NOW + 3600)]);
        assert!(missed(find_in(&guest_only, &req(&["s"])).unwrap())
            .contains("another tenant (guest; pass --tenant"));
        let both = doc(vec![
            at(Some("alice.home"), "c", "organizations", "s", NOW + 3600),
            at(Some("alice.home"), "c", "home", "s", NOW + 1800),
        ]);
        assert!(
            served(find_in(&both, &req(&["s"])).unwrap()).contains("|home|"),
            "the home tenant first"
        );
    }

    #[test]
    fn clients_environments_and_app_only_tokens() {
        let mut bob_elsewhere = at(Some("bob.home"), "c", "home", "s", NOW + 3600);
        bob_elsewhere["environment"] = json!("login.microsoftonline.us");
        let d = doc(vec![
            at(Some("alice.home"), "c1", "home", "s", NOW + 1000),
            at(Some("alice.home"), "c2", "home", "s", NOW + 2000),
            bob_elsewhere,
        ]);
        // Bob's account lives in login.windows.net: a token of another cloud is not his.
        let mut r = req(&["s"]);
        assert!(
            served(find_in(&d, &r).unwrap()).contains("|c2|"),
            "the longest valid"
        );
        r.client_id = Some("C1".into());
        assert!(served(find_in(&d, &r).unwrap()).contains("|c1|"));
        r.client_id = Some("c3".into());
        assert!(missed(find_in(&d, &r).unwrap()).contains("another client (c1, c2"));
        let mut r = req(&["s"]);
        r.account = AccountFilter::Username("bob@contoso.com".into());
        assert!(
            missed(find_in(&d, &r).unwrap()).contains("another cloud (login.microsoftonline.us)")
        );

        let apps = doc(vec![
            at(None, "daemon", "t1", "api://x/.default", NOW + 3600),
            at(None, "daemon", "t2", "api://x/.default", NOW + 3600),
        ]);
        // App-only tokens only when asked for.
        assert!(missed(find_in(&apps, &req(&["api://x/.default"])).unwrap())
            .contains("only with --app-only"));
        let mut r = req(&["api://x/.default"]);
        r.account = AccountFilter::AppOnly;
        match find_in(&apps, &r).unwrap() {
            Outcome::Ambiguous(list) => assert!(list.iter().all(|a| a.app_only)),
            other => panic!("{other:?}"),
        }
        r.tenant = Some("t2".into());
        assert!(served(find_in(&apps, &r).unwrap()).contains("|t2|"));
    }

    #[test]
    fn never_a_non_bearer_token() {
        let mut pop = at(Some("alice.home"), "c", "home", "s", NOW + 3600);
        pop["token_type"] = json!("pop");
        let mut ext = at(Some("alice.home"), "c", "home", "s", NOW + 3600);
        ext["credential_type"] = json!("atext");
        let d = doc(vec![pop, ext]);
        assert_eq!(
            missed(find_in(&d, &req(&["s"])).unwrap()),
            "no access token at all"
        );
    }

    #[test]
    fn aliases_and_redaction() {
        assert!(same_cloud("login.windows.net", "LOGIN.microsoftonline.com"));
        assert!(!same_cloud(
            "login.microsoftonline.us",
            "login.microsoftonline.com"
        ));
        assert!(same_cloud("example.org", "example.org"));
        assert_eq!(redact_username("a@b.c"), "a***@b.c");
        assert_eq!(redact_id("12345678-abcd"), "12345678…");
    }
    /// Any value where a field, an entry or a section should be.
    fn any_value() -> impl proptest::strategy::Strategy<Value = Value> {
        use proptest::prelude::*;
        prop_oneof![
            Just(Value::Null),
            any::<bool>().prop_map(Value::from),
            (0i64..2_000_000_000).prop_map(Value::from),
            (0i64..2_000_000_000).prop_map(|n| Value::from(n.to_string())),
            "[a-c.]{0,3}".prop_map(Value::from),
            Just(json!(["AccessToken", "s"])),
            Just(json!({"nested": 1})),
        ]
    }

    proptest::proptest! {
        /// Whatever the document holds, `token` neither panics nor serves
        /// anything but the `secret` of an `AccessToken` entry.
        #[test]
        fn serves_only_access_token_secrets(
            entries in proptest::collection::vec(
                proptest::collection::btree_map(
                    proptest::sample::select(vec!["credential_type", "token_type", "secret", "home_account_id",
                        "client_id", "realm", "environment", "target", "expires_on", "cached_at", "username"]),
                    any_value(), 0..11),
                0..6),
            account_section in any_value(),
            scope in "[a-c.]{1,3}",
        ) {
            let mut ats = Map::new();
            for (i, e) in entries.iter().enumerate() {
                ats.insert(format!("k{i}"), json!(e));
            }
            let doc = json!({"AccessToken": ats, "Account": account_section, "RefreshToken": {"r": {"secret": "refresh"}}});
            let bytes = serde_json::to_vec(&doc).unwrap();
            let mut r = req(&[scope.as_str()]);
            r.min_validity = 0;
            r.now = 0;
            let view = View::parse(&bytes).unwrap();
            if let Ok(Outcome::Found(served)) = find(&view, &r) {
                let secrets: Vec<&Value> = entries.iter().filter_map(|e| e.get("secret")).collect();
                proptest::prop_assert!(secrets.contains(&&Value::from(served.access_token.clone())));
                proptest::prop_assert_ne!(served.access_token, "refresh");
            }
        }

        /// The byte-wise split of an ASCII target finds the scopes that
        /// `split_whitespace` finds, at every whitespace character.
        #[test]
        fn ascii_targets_split_as_split_whitespace_splits(
            target in "[aB/.\\- \t\n\x0b\x0c\r\x1c\x1f\u{a0}\u{85}é]{0,12}",
            scopes in proptest::collection::btree_set("[ab/.é]{1,2}", 1..3),
        ) {
            let reference = scopes.iter().all(|s| {
                target.split_whitespace().any(|t| t.to_lowercase() == *s)
            });
            proptest::prop_assert_eq!(has_scopes(&target, &scopes), reference);
        }
    }
}
