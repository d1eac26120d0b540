//! Removing selected entries from a cache document, for `tokencache remove`:
//! signing one account out, or forgetting one application's tokens.
//!
//! A [`Selection`] is the conjunction of its filters:
//! - `account`: a username (compared case-insensitively, as MSAL compares
//!   them) or a home account id (compared exactly). A username is first
//!   resolved to the home account ids of the `Account` entries carrying it;
//!   then every entry whose `home_account_id` is one of those ids matches.
//! - `client_id`: entries whose `client_id` is exactly this.
//! - `sections`: only entries of these top-level sections.
//!
//! An entry that lacks a field a filter looks at does not match that filter
//! (so `--client-id` alone never removes an `Account` entry, which has no
//! client id). Sections emptied by a removal stay, as empty objects.

use std::collections::BTreeSet;

use serde::Serialize;
use serde_json::{Map, Value};

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
    let home_ids = selection
        .account
        .as_deref()
        .map(|account| home_account_ids(doc, account));
    let mut removed = Removed::default();
    for (name, section) in doc.iter_mut() {
        if !selection.sections.is_empty() && !selection.sections.iter().any(|s| s == name) {
            continue;
        }
        let Value::Object(entries) = section else {
            continue;
        };
        let before = entries.len();
        entries.retain(|_, entry| !matches(entry, selection, home_ids.as_ref()));
        if entries.len() < before {
            removed
                .sections
                .push((name.clone(), before - entries.len()));
        }
    }
    removed
}

fn matches(entry: &Value, selection: &Selection, home_ids: Option<&BTreeSet<String>>) -> bool {
    if let Some(ids) = home_ids {
        match entry.get("home_account_id").and_then(Value::as_str) {
            Some(id) if ids.contains(id) => {}
            _ => return false,
        }
    }
    if let Some(client_id) = &selection.client_id {
        if entry.get("client_id").and_then(Value::as_str) != Some(client_id.as_str()) {
            return false;
        }
    }
    true
}

/// The home account ids `account` stands for: itself (as a home account id)
/// and those of every `Account` entry whose username is `account`, ignoring
/// case.
fn home_account_ids(doc: &Map<String, Value>, account: &str) -> BTreeSet<String> {
    let mut ids = BTreeSet::from([account.to_string()]);
    let wanted = account.to_lowercase();
    if let Some(Value::Object(accounts)) = doc.get("Account") {
        for entry in accounts.values() {
            let username = entry.get("username").and_then(Value::as_str);
            if username.is_some_and(|u| u.to_lowercase() == wanted) {
                if let Some(id) = entry.get("home_account_id").and_then(Value::as_str) {
                    ids.insert(id.to_string());
                }
            }
        }
    }
    ids
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
    fn by_home_account_id_and_client_id_together() {
        let mut d = doc();
        let sel = Selection {
            account: Some("u1.t".into()),
            client_id: Some("app1".into()),
            ..Default::default()
        };
        let removed = remove(&mut d, &sel);
        assert_eq!(removed.total(), 2);
        assert_eq!(keys(&d, "AccessToken"), ["a2", "a3"]);
        assert_eq!(
            keys(&d, "Account"),
            ["acc1", "acc2"],
            "accounts have no client id"
        );
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
