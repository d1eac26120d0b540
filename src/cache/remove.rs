//! Removing selected entries from a cache document, for `tokencache remove`:
//! signing one account out, doing what MSAL's `remove_account` does in one
//! application, or forgetting one application's tokens.
//!
//! A [`Selection`] has up to three filters, and what they select together is:
//! - `account` alone: **sign this user out of every app**, as msal-node's
//!   `removeAccount` does for each of the user's accounts. The account is a
//!   username (compared case-insensitively, as MSAL compares them) or a home
//!   account id (compared exactly); a username is first resolved to the home
//!   account ids of the `Account` entries carrying it. For each `Account`
//!   entry of those ids, every entry, in every section, with that
//!   `home_account_id` in that entry's `environment` goes: the user's
//!   accounts, ID tokens, access and refresh tokens of every application.
//!   Entries of the user in an environment where the user has no `Account`
//!   entry stay, as msal-node keeps them (`CacheManager.removeAccount`
//!   removes the keys that contain the account's home account id *and its
//!   environment*). A home account id with no `Account` entry anywhere (an
//!   account no MSAL lists: only orphaned tokens) is removed in every
//!   environment.
//! - `account` and `client_id`: **exactly what MSAL's `remove_account` does
//!   in that application** (MSAL Python `ClientApplication.remove_account` →
//!   `_forget_me` → `_sign_out`). MSAL Python removes only in the app's own
//!   environment: the account `get_accounts()` returns is the one in the
//!   authority's host (or, when the cache has no account of anyone there, in
//!   the first of its aliases that has one). With `environment`, that is what
//!   happens: the user's `Account` entries in that environment, or in that
//!   alias (MSAL Python's aliases are a set, in no stated order; here the
//!   order of [`super::entry::ALIASES`]). Without it, each `Account`
//!   entry of the user is signed out, in its own environment: what
//!   `remove_account` would do run once in every environment the user has
//!   signed in to (for a home account id with no `Account` entry, in every
//!   environment). For each such account (home account id, environment):
//!   - refresh tokens of the account in that environment that the app owns:
//!     its own (`client_id` is the app's) and, when the app's own
//!     `AppMetadata` in that environment names a `family_id`, the family's
//!     refresh tokens. A non-family app therefore leaves the user's family
//!     refresh token to the family apps;
//!   - every access token, ID token and `Account` entry of the account in that
//!     environment, whichever app they belong to (MSAL skips the ownership
//!     check for those; other apps keep their refresh tokens, so they sign
//!     in again silently);
//!   - never an `AppMetadata` entry, nor an entry of a section MSAL does not
//!     know.
//! - `client_id` alone: every entry whose `client_id` is the app's (compared
//!   case-insensitively: client ids are GUIDs), except its `AppMetadata`:
//!   MSAL uses that entry to know whether the app belongs to a family, and
//!   without it tries a family refresh the app should not. It goes only when
//!   asked for with `sections` naming `AppMetadata`.
//! - `sections`: only entries of these top-level sections; alone, every entry
//!   of them.
//! - `environment`: only entries of that environment (compared ignoring
//!   case, as host names are), on top of the rest.
//!
//! - `access_tokens_only` (`remove --kind access-token`): only entries of the
//!   `AccessToken` section, whatever the other filters would select there,
//!   and `account` with `client_id` then means "this user's tokens of this
//!   app" rather than MSAL's `remove_account`: refresh tokens, ID tokens and
//!   accounts stay, so the owning app's next silent call redeems its refresh
//!   token for a new access token. `scopes`: only access tokens whose
//!   `target` holds every one of them (compared ignoring case, as `token`
//!   compares them).
//!
//! An entry that lacks a field a filter looks at does not match that filter
//! (so `--client-id` alone never removes an `Account` entry, which has no
//! client id). Sections emptied by a removal stay, as empty objects.

use std::collections::BTreeSet;

use serde::Serialize;
use serde_json::{Map, Value};

use super::entry::{str_field, ALIASES};

/// Which entries to remove. At least one filter must be set.
#[derive(Debug, Clone, Default)]
pub struct Selection {
    /// A username or a home account id.
    pub account: Option<String>,
    /// A client (application) id.
    pub client_id: Option<String>,
    /// Restrict to these sections (empty: every section).
    pub sections: Vec<String>,
    /// Restrict to this environment (with `account` and `client_id`: the
    /// app's, as MSAL Python's `remove_account` works in).
    pub environment: Option<String>,
    /// Only access tokens (the `AccessToken` section): `remove --kind access-token`.
    pub access_tokens_only: bool,
    /// With `access_tokens_only`: only tokens whose `target` holds all of
    /// these scopes (any case); empty: any scopes.
    pub scopes: Vec<String>,
}

impl Selection {
    /// Whether no filter is set (which would select everything).
    pub fn is_empty(&self) -> bool {
        self.account.is_none()
            && self.client_id.is_none()
            && self.sections.is_empty()
            && self.environment.is_none()
            && !self.access_tokens_only
    }
}

/// What a removal removed, per section, in document order. Counts only.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Removed {
    /// `(section, count)` for every section that lost at least one entry.
    pub sections: Vec<(String, usize)>,
}

impl Removed {
    /// Entries removed in all.
    pub fn total(&self) -> usize {
        self.sections.iter().map(|(_, n)| n).sum()
    }
}

/// Remove the entries `selection` picks from `doc`.
pub fn remove(doc: &mut Map<String, Value>, selection: &Selection) -> Removed {
    let plan = Plan::new(doc, selection);
    let mut removed = Removed::default();
    for (name, section) in doc.iter_mut() {
        if !selection.sections.is_empty() && !selection.sections.iter().any(|s| s == name) {
            continue;
        }
        if selection.access_tokens_only && name != "AccessToken" {
            continue;
        }
        let Value::Object(entries) = section else {
            continue;
        };
        let before = entries.len();
        entries.retain(|_, entry| !plan.matches(name, entry));
        if entries.len() < before {
            removed
                .sections
                .push((name.clone(), before - entries.len()));
        }
    }
    removed
}

/// One account as MSAL's `remove_account` sees it: a home account id in an
/// environment, and the family the app belongs to there.
#[derive(Debug)]
struct SignedIn {
    home_account_id: String,
    /// `None`: no `Account` entry says; every environment.
    environment: Option<String>,
    /// The app's `AppMetadata.family_id` in that environment.
    family_id: Option<String>,
}

/// What a selection means for this document, resolved once.
#[derive(Debug)]
enum Plan<'a> {
    /// `account` alone, or nothing but sections/client/environment: by
    /// account (any) and client id (any).
    Plain {
        /// The accounts: (home account id, environment of one of its
        /// `Account` entries, or `None`: every environment).
        accounts: Option<Vec<(String, Option<String>)>>,
        client_id: Option<&'a str>,
        environment: Option<&'a str>,
        app_metadata_asked: bool,
        /// Scopes an access token's `target` must all hold (lowercase).
        scopes: Vec<String>,
    },
    /// `account` and `client_id`: MSAL's `remove_account` in that app.
    RemoveAccount {
        client_id: &'a str,
        accounts: Vec<SignedIn>,
        app_metadata_asked: bool,
    },
}

impl<'a> Plan<'a> {
    fn new(doc: &Map<String, Value>, selection: &'a Selection) -> Plan<'a> {
        let app_metadata_asked = selection.sections.iter().any(|s| s == "AppMetadata");
        match (&selection.account, &selection.client_id) {
            (Some(account), Some(client_id)) if !selection.access_tokens_only => {
                Plan::RemoveAccount {
                    client_id,
                    accounts: signed_in(doc, account, client_id, selection.environment.as_deref()),
                    app_metadata_asked,
                }
            }
            (account, client_id) => Plan::Plain {
                accounts: account.as_deref().map(|a| account_environments(doc, a)),
                client_id: client_id.as_deref(),
                environment: selection.environment.as_deref(),
                app_metadata_asked,
                scopes: selection
                    .scopes
                    .iter()
                    .flat_map(|s| s.split_whitespace())
                    .map(str::to_lowercase)
                    .collect(),
            },
        }
    }

    fn matches(&self, section: &str, entry: &Value) -> bool {
        match self {
            Plan::Plain {
                accounts,
                client_id,
                environment,
                app_metadata_asked,
                scopes,
            } => {
                if !scopes.is_empty() {
                    let target: BTreeSet<String> = str_field(entry, "target")
                        .unwrap_or("")
                        .split_whitespace()
                        .map(str::to_lowercase)
                        .collect();
                    if !scopes.iter().all(|s| target.contains(s)) {
                        return false;
                    }
                }
                if let Some(accounts) = accounts {
                    let Some(id) = str_field(entry, "home_account_id") else {
                        return false;
                    };
                    let env = str_field(entry, "environment");
                    let owned = accounts.iter().any(|(h, e)| {
                        h == id
                            && e.as_deref()
                                .is_none_or(|e| env.is_some_and(|env| env.eq_ignore_ascii_case(e)))
                    });
                    if !owned {
                        return false;
                    }
                }
                if let Some(wanted) = environment {
                    if !str_field(entry, "environment")
                        .is_some_and(|e| e.eq_ignore_ascii_case(wanted))
                    {
                        return false;
                    }
                }
                if let Some(client_id) = client_id {
                    if section == "AppMetadata" && !app_metadata_asked {
                        return false;
                    }
                    if !same_client(entry, client_id) {
                        return false;
                    }
                }
                true
            }
            Plan::RemoveAccount {
                client_id,
                accounts,
                app_metadata_asked,
            } => {
                if section == "AppMetadata" {
                    return *app_metadata_asked && same_client(entry, client_id);
                }
                accounts.iter().any(|a| {
                    let owned = str_field(entry, "home_account_id")
                        == Some(a.home_account_id.as_str())
                        && a.environment.as_deref().is_none_or(|env| {
                            str_field(entry, "environment")
                                .is_some_and(|e| e.eq_ignore_ascii_case(env))
                        });
                    owned
                        && match section {
                            "RefreshToken" => {
                                same_client(entry, client_id)
                                    || a.family_id.as_deref().is_some_and(|family| {
                                        str_field(entry, "family_id") == Some(family)
                                    })
                            }
                            "AccessToken" | "IdToken" | "Account" => true,
                            _ => false,
                        }
                })
            }
        }
    }
}

/// The environments that are one cloud with `environment` (MSAL's alias
/// lists), itself excluded.
fn aliases_of(environment: &str) -> Vec<&'static str> {
    ALIASES
        .iter()
        .find(|group| group.contains(&environment))
        .map(|group| {
            group
                .iter()
                .copied()
                .filter(|e| *e != environment)
                .collect()
        })
        .unwrap_or_default()
}

fn same_client(entry: &Value, client_id: &str) -> bool {
    str_field(entry, "client_id").is_some_and(|c| c.eq_ignore_ascii_case(client_id))
}

/// The home account ids `account` stands for: itself (as a home account id)
/// and those of every `Account` entry whose username is `account`, ignoring
/// case.
fn home_account_ids(doc: &Map<String, Value>, account: &str) -> BTreeSet<String> {
    let mut ids = BTreeSet::from([account.to_string()]);
    let wanted = account.to_lowercase();
    if let Some(Value::Object(accounts)) = doc.get("Account") {
        for entry in accounts.values() {
            let username = str_field(entry, "username");
            if username.is_some_and(|u| u.to_lowercase() == wanted) {
                if let Some(id) = str_field(entry, "home_account_id") {
                    ids.insert(id.to_string());
                }
            }
        }
    }
    ids
}

/// The (home account id, environment) of every `Account` entry of the ids
/// `account` stands for.
fn account_entries(doc: &Map<String, Value>, ids: &BTreeSet<String>) -> BTreeSet<(String, String)> {
    let mut pairs = BTreeSet::new();
    if let Some(Value::Object(accounts)) = doc.get("Account") {
        for entry in accounts.values() {
            if let (Some(h), Some(env)) = (
                str_field(entry, "home_account_id"),
                str_field(entry, "environment"),
            ) {
                if ids.contains(h) {
                    pairs.insert((h.to_string(), env.to_lowercase()));
                }
            }
        }
    }
    pairs
}

/// The accounts `account` names, as msal-node's `removeAccount` sees them:
/// each home account id in the environment of each of its `Account`
/// entries; a home account id with no `Account` entry, in every environment.
fn account_environments(doc: &Map<String, Value>, account: &str) -> Vec<(String, Option<String>)> {
    let ids = home_account_ids(doc, account);
    let pairs = account_entries(doc, &ids);
    let mut out: Vec<(String, Option<String>)> = pairs
        .iter()
        .map(|(h, e)| (h.clone(), Some(e.clone())))
        .collect();
    for id in ids {
        if !pairs.iter().any(|(h, _)| *h == id) {
            out.push((id, None));
        }
    }
    out
}

/// The (home account id, environment) pairs `account` names, as MSAL's
/// `get_accounts` would hand them to `remove_account`, each with the family
/// `client_id` belongs to in that environment. With `environment`, only the
/// accounts in it, else (MSAL Python's fallback in `get_accounts`) in its
/// aliases.
fn signed_in(
    doc: &Map<String, Value>,
    account: &str,
    client_id: &str,
    environment: Option<&str>,
) -> Vec<SignedIn> {
    let ids = home_account_ids(doc, account);
    let mut pairs = account_entries(doc, &ids);
    if let Some(wanted) = environment {
        // MSAL Python's get_accounts: the accounts (of anyone) in the
        // authority's host; when there are none, those of the first alias
        // that has any (its aliases are a set, so "first" is in ALIASES
        // order here); then the user's among them.
        let wanted = wanted.to_ascii_lowercase();
        let anyone_in = |env: &str| {
            doc.get("Account")
                .and_then(Value::as_object)
                .is_some_and(|accounts| {
                    accounts.values().any(|a| {
                        str_field(a, "environment").is_some_and(|e| e.eq_ignore_ascii_case(env))
                    })
                })
        };
        let used = std::iter::once(wanted.as_str())
            .chain(aliases_of(&wanted))
            .find(|env| anyone_in(env))
            .unwrap_or(wanted.as_str())
            .to_string();
        pairs.retain(|(_, e)| *e == used);
    }
    let family = |env: &str| -> Option<String> {
        let Some(Value::Object(metadata)) = doc.get("AppMetadata") else {
            return None;
        };
        metadata
            .values()
            .filter(|m| same_client(m, client_id))
            .filter(|m| str_field(m, "environment").is_some_and(|e| e.eq_ignore_ascii_case(env)))
            .find_map(|m| str_field(m, "family_id").filter(|f| !f.is_empty()))
            .map(str::to_string)
    };
    let mut out: Vec<SignedIn> = pairs
        .into_iter()
        .map(|(home_account_id, env)| SignedIn {
            home_account_id,
            family_id: family(&env),
            environment: Some(env),
        })
        .collect();
    // A home account id no Account entry carries: every environment (or
    // the one asked for), and the family the app belongs to in any of them.
    let known: BTreeSet<String> = account_entries(doc, &ids)
        .into_iter()
        .map(|(h, _)| h)
        .collect();
    let unknown: Vec<String> = ids
        .iter()
        .filter(|id| *id == account && !known.contains(id.as_str()))
        .cloned()
        .collect();
    for home_account_id in unknown {
        let family_id = doc
            .get("AppMetadata")
            .and_then(Value::as_object)
            .and_then(|m| {
                m.values()
                    .filter(|m| same_client(m, client_id))
                    .find_map(|m| str_field(m, "family_id").filter(|f| !f.is_empty()))
            })
            .map(str::to_string);
        out.push(SignedIn {
            home_account_id,
            environment: environment.map(str::to_ascii_lowercase),
            family_id,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn doc() -> Map<String, Value> {
        match json!({
            "AccessToken": {
                "a1": {"home_account_id": "u1.t", "client_id": "app1"},
                "a2": {"home_account_id": "u1.t", "client_id": "app2"},
                "a3": {"home_account_id": "u2.t", "client_id": "app1"}
            },
            "RefreshToken": {"r1": {"home_account_id": "u1.t", "client_id": "app1"}},
            "IdToken": {"i2": {"home_account_id": "u2.t", "client_id": "app1"}},
            "Account": {
                "acc1": {"home_account_id": "u1.t", "username": "Alice@Contoso.com"},
                "acc2": {"home_account_id": "u2.t", "username": "bob@contoso.com"}
            },
            "AppMetadata": {"m1": {"client_id": "app1"}},
            "Other": "kept"
        }) {
            Value::Object(m) => m,
            _ => unreachable!(),
        }
    }

    fn keys(doc: &Map<String, Value>, section: &str) -> Vec<String> {
        doc[section].as_object().unwrap().keys().cloned().collect()
    }

    #[test]
    fn by_username_ignoring_case_removes_the_account_and_its_credentials() {
        let mut d = doc();
        let sel = Selection {
            account: Some("alice@contoso.COM".into()),
            ..Default::default()
        };
        let removed = remove(&mut d, &sel);
        assert_eq!(
            removed.sections,
            [
                ("AccessToken".into(), 2),
                ("RefreshToken".into(), 1),
                ("Account".into(), 1)
            ]
        );
        assert_eq!(removed.total(), 4);
        assert_eq!(keys(&d, "AccessToken"), ["a3"]);
        assert_eq!(keys(&d, "Account"), ["acc2"]);
        assert_eq!(keys(&d, "RefreshToken"), Vec::<String>::new());
        assert_eq!(d["Other"], "kept");
    }

    #[test]
    fn user_and_client_is_msal_remove_account_in_that_app() {
        let mut d = doc();
        let sel = Selection {
            account: Some("u1.t".into()),
            client_id: Some("APP1".into()),
            ..Default::default()
        };
        let removed = remove(&mut d, &sel);
        // Every access token of the user (both apps'), the app's own refresh
        // token, the account; AppMetadata stays.
        assert_eq!(removed.total(), 4);
        assert_eq!(keys(&d, "AccessToken"), ["a3"]);
        assert_eq!(keys(&d, "Account"), ["acc2"]);
        assert_eq!(keys(&d, "AppMetadata"), ["m1"]);
    }

    fn family_doc() -> Map<String, Value> {
        let env = "login.microsoftonline.com";
        match json!({
            "AccessToken": {
                "at-cli": {"home_account_id": "u.t", "environment": env, "client_id": "cli"},
                "at-vs": {"home_account_id": "u.t", "environment": env, "client_id": "vs"},
                "at-third": {"home_account_id": "u.t", "environment": env, "client_id": "third"},
                "at-other-cloud": {"home_account_id": "u.t", "environment": "login.microsoftonline.us", "client_id": "third"}
            },
            "RefreshToken": {
                "rt-family": {"home_account_id": "u.t", "environment": env, "client_id": "cli", "family_id": "1"},
                "rt-third": {"home_account_id": "u.t", "environment": env, "client_id": "third"},
                "rt-vs": {"home_account_id": "u.t", "environment": env, "client_id": "vs"}
            },
            "IdToken": {"idt-cli": {"home_account_id": "u.t", "environment": env, "client_id": "cli"}},
            "Account": {"acc": {"home_account_id": "u.t", "environment": env, "username": "u@contoso.com"}},
            "AppMetadata": {
                "md-cli": {"client_id": "cli", "environment": env, "family_id": "1"},
                "md-vs": {"client_id": "vs", "environment": env, "family_id": "1"},
                "md-third": {"client_id": "third", "environment": env}
            }
        }) {
            Value::Object(m) => m,
            _ => unreachable!(),
        }
    }

    #[test]
    fn a_non_family_app_leaves_the_family_refresh_token() {
        let mut d = family_doc();
        let sel = Selection {
            account: Some("U@contoso.com".into()),
            client_id: Some("third".into()),
            ..Default::default()
        };
        remove(&mut d, &sel);
        assert_eq!(keys(&d, "RefreshToken"), ["rt-family", "rt-vs"]);
        assert_eq!(
            keys(&d, "AccessToken"),
            ["at-other-cloud"],
            "other environments stay"
        );
        assert_eq!(keys(&d, "IdToken"), Vec::<String>::new());
        assert_eq!(keys(&d, "AppMetadata"), ["md-cli", "md-vs", "md-third"]);
    }

    #[test]
    fn a_family_app_removes_the_family_refresh_token_too() {
        let mut d = family_doc();
        let sel = Selection {
            account: Some("u@contoso.com".into()),
            client_id: Some("vs".into()),
            ..Default::default()
        };
        remove(&mut d, &sel);
        assert_eq!(keys(&d, "RefreshToken"), ["rt-third"]);
        assert_eq!(keys(&d, "Account"), Vec::<String>::new());
    }

    #[test]
    fn app_metadata_goes_only_when_asked_for() {
        let mut d = family_doc();
        let sel = Selection {
            client_id: Some("cli".into()),
            ..Default::default()
        };
        remove(&mut d, &sel);
        assert_eq!(keys(&d, "AppMetadata"), ["md-cli", "md-vs", "md-third"]);
        assert_eq!(keys(&d, "RefreshToken"), ["rt-third", "rt-vs"]);
        let sel = Selection {
            client_id: Some("cli".into()),
            sections: vec!["AppMetadata".into()],
            ..Default::default()
        };
        remove(&mut d, &sel);
        assert_eq!(keys(&d, "AppMetadata"), ["md-vs", "md-third"]);
    }

    #[test]
    fn by_client_id_within_a_section() {
        let mut d = doc();
        let sel = Selection {
            client_id: Some("app1".into()),
            sections: vec!["AccessToken".into(), "AppMetadata".into()],
            ..Default::default()
        };
        let removed = remove(&mut d, &sel);
        assert_eq!(
            removed.sections,
            [("AccessToken".into(), 2), ("AppMetadata".into(), 1)]
        );
        assert_eq!(keys(&d, "RefreshToken"), ["r1"]);
    }

    fn two_clouds() -> Map<String, Value> {
        match json!({
            "AccessToken": {
                "a-com": {"home_account_id": "u.t", "environment": "login.microsoftonline.com", "client_id": "c"},
                "a-net": {"home_account_id": "u.t", "environment": "login.windows.net", "client_id": "c"},
                "a-us": {"home_account_id": "u.t", "environment": "login.microsoftonline.us", "client_id": "c"}
            },
            "RefreshToken": {
                "r-com": {"home_account_id": "u.t", "environment": "login.microsoftonline.com", "client_id": "c"},
                "r-net": {"home_account_id": "u.t", "environment": "login.windows.net", "client_id": "c"}
            },
            "Account": {
                "acc-com": {"home_account_id": "u.t", "environment": "login.microsoftonline.com", "username": "u@x"},
                "acc-net": {"home_account_id": "u.t", "environment": "login.windows.net", "username": "u@x"}
            }
        }) {
            Value::Object(m) => m,
            _ => unreachable!(),
        }
    }

    #[test]
    fn a_user_alone_is_removed_where_an_account_entry_says() {
        let mut d = two_clouds();
        let sel = Selection {
            account: Some("u@x".into()),
            ..Default::default()
        };
        remove(&mut d, &sel);
        // No Account entry in the US cloud: its token stays (msal-node).
        assert_eq!(keys(&d, "AccessToken"), ["a-us"]);
        assert!(keys(&d, "Account").is_empty());
    }

    #[test]
    fn remove_account_in_the_apps_own_environment_or_an_alias() {
        let mut d = two_clouds();
        let sel = Selection {
            account: Some("u@x".into()),
            client_id: Some("c".into()),
            environment: Some("login.windows.net".into()),
            ..Default::default()
        };
        remove(&mut d, &sel);
        assert_eq!(keys(&d, "AccessToken"), ["a-com", "a-us"]);
        assert_eq!(keys(&d, "Account"), ["acc-com"]);
        // No account in login.microsoft.com: the first alias with accounts
        // (MSAL Python's get_accounts falls back to them), in ALIASES order.
        let mut d = two_clouds();
        let sel = Selection {
            environment: Some("login.microsoft.com".into()),
            ..sel
        };
        remove(&mut d, &sel);
        assert_eq!(keys(&d, "AccessToken"), ["a-net", "a-us"]);
        // Without an environment, every environment with an Account entry.
        let mut d = two_clouds();
        let sel = Selection {
            environment: None,
            ..sel
        };
        remove(&mut d, &sel);
        assert_eq!(keys(&d, "AccessToken"), ["a-us"]);
    }

    #[test]
    fn a_whole_section_and_nothing_matching() {
        let mut d = doc();
        let sel = Selection {
            sections: vec!["IdToken".into()],
            ..Default::default()
        };
        assert_eq!(remove(&mut d, &sel).total(), 1);
        let before = d.clone();
        let sel = Selection {
            account: Some("nobody@example.com".into()),
            ..Default::default()
        };
        assert_eq!(remove(&mut d, &sel), Removed::default());
        assert_eq!(d, before);
    }

    #[test]
    fn access_tokens_only_keeps_refresh_tokens_and_filters_by_scope() {
        let mut d = doc();
        d["AccessToken"]["a1"]["target"] = json!("User.Read Mail.Read");
        d["AccessToken"]["a2"]["target"] = json!("user.read");
        d["AccessToken"]["a3"]["target"] = json!("Files.Read");
        // User and client: that user's tokens of that app only, not MSAL's
        // remove_account (which would take the ID tokens and accounts too).
        let sel = Selection {
            account: Some("u1.t".into()),
            client_id: Some("APP1".into()),
            access_tokens_only: true,
            ..Default::default()
        };
        let removed = remove(&mut d.clone(), &sel);
        assert_eq!(removed.sections, [("AccessToken".into(), 1)]);
        // Scopes: every one, any case, among the token's target.
        let sel = Selection {
            access_tokens_only: true,
            scopes: vec!["USER.READ".into()],
            ..Default::default()
        };
        let before = d.clone();
        assert_eq!(remove(&mut d, &sel).total(), 2);
        assert_eq!(keys(&d, "AccessToken"), ["a3"]);
        for section in ["RefreshToken", "IdToken", "Account"] {
            assert_eq!(d[section], before[section], "{section} kept");
        }
        let sel = Selection {
            access_tokens_only: true,
            scopes: vec!["user.read mail.read".into()],
            ..Default::default()
        };
        let mut d = before.clone();
        assert_eq!(remove(&mut d, &sel).total(), 1);
        assert_eq!(keys(&d, "AccessToken"), ["a2", "a3"]);
        // Alone: every access token, nothing else.
        let sel = Selection {
            access_tokens_only: true,
            ..Default::default()
        };
        assert!(!sel.is_empty());
        let mut d = before.clone();
        assert_eq!(remove(&mut d, &sel).sections, [("AccessToken".into(), 3)]);
    }
}
