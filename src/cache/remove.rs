//! Removing selected entries from a cache document, for `tokencache remove`:
//! signing one account out, doing what MSAL's `remove_account` does in one
//! application, or forgetting one application's tokens.
//!
//! A [`Selection`] has up to three filters, and what they select together is:
//! - `account` alone: **sign this user out of every app**. The account is a
//!   username (compared case-insensitively, as MSAL compares them) or a home
//!   account id (compared exactly); a username is first resolved to the home
//!   account ids of the `Account` entries carrying it. Every entry, in every
//!   section, whose `home_account_id` is one of those ids goes: the user's
//!   accounts, ID tokens, access and refresh tokens of every application and
//!   every environment. (msal-node's `removeAccount` does this too, from any
//!   application, for the account's environment.)
//! - `account` and `client_id`: **exactly what MSAL's `remove_account` does
//!   in that application** (MSAL Python `ClientApplication.remove_account` →
//!   `_forget_me` → `_sign_out`), for each `Account` entry of the user
//!   (its home account id and environment; for a home account id with no
//!   `Account` entry, in every environment):
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
//!
//! An entry that lacks a field a filter looks at does not match that filter
//! (so `--client-id` alone never removes an `Account` entry, which has no
//! client id). Sections emptied by a removal stay, as empty objects.

use std::collections::BTreeSet;

use serde::Serialize;
use serde_json::{Map, Value};

use super::entry::str_field;

/// Which entries to remove. At least one filter must be set.
#[derive(Debug, Clone, Default)]
pub struct Selection {
    /// A username or a home account id.
    pub account: Option<String>,
    /// A client (application) id.
    pub client_id: Option<String>,
    /// Restrict to these sections (empty: every section).
    pub sections: Vec<String>,
}

impl Selection {
    /// Whether no filter is set (which would select everything).
    pub fn is_empty(&self) -> bool {
        self.account.is_none() && self.client_id.is_none() && self.sections.is_empty()
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
    /// `account` alone, or nothing but sections/client: by home account id
    /// (any) and client id (any).
    Plain {
        home_ids: Option<BTreeSet<String>>,
        client_id: Option<&'a str>,
        app_metadata_asked: bool,
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
            (Some(account), Some(client_id)) => Plan::RemoveAccount {
                client_id,
                accounts: signed_in(doc, account, client_id),
                app_metadata_asked,
            },
            (account, client_id) => Plan::Plain {
                home_ids: account.as_deref().map(|a| home_account_ids(doc, a)),
                client_id: client_id.as_deref(),
                app_metadata_asked,
            },
        }
    }

    fn matches(&self, section: &str, entry: &Value) -> bool {
        match self {
            Plan::Plain {
                home_ids,
                client_id,
                app_metadata_asked,
            } => {
                if let Some(ids) = home_ids {
                    match str_field(entry, "home_account_id") {
                        Some(id) if ids.contains(id) => {}
                        _ => return false,
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

/// The (home account id, environment) pairs `account` names, as MSAL's
/// `get_accounts` would hand them to `remove_account`, each with the family
/// `client_id` belongs to in that environment.
fn signed_in(doc: &Map<String, Value>, account: &str, client_id: &str) -> Vec<SignedIn> {
    let ids = home_account_ids(doc, account);
    let mut pairs: BTreeSet<(String, String)> = BTreeSet::new();
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
    // A home account id no Account entry carries: every environment, and
    // the family the app belongs to in any of them.
    let known: BTreeSet<&str> = out.iter().map(|a| a.home_account_id.as_str()).collect();
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
            environment: None,
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
}
