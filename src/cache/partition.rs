//! Partitions: the distributed token caches keep one user, one application or
//! one on-behalf-of assertion per key, and every library finds an entry only
//! under the key its partition manager computes. An entry stored under
//! another partition's key is never found (and a merge across partitions is
//! the bug behind MSAL.NET #3285), so `write` refuses it unless forced.
//!
//! The key is parsed into its exact parts ([`Key::parse`]), as the libraries
//! compute it:
//! - an on-behalf-of assertion: base64url (no padding) SHA-256 of the
//!   incoming token, 43 characters, which is also the `user_assertion_hash`
//!   of the tokens obtained with it;
//! - an application (client credentials), as MSAL.NET's `SuggestedCacheKey`
//!   writes it: `<clientId>_<tenantId>_AppTokenCache`, the tenant empty for
//!   ADFS (`<clientId>__AppTokenCache`), and from MSAL.NET 4.68 with the
//!   SHA-256 of extra cache-key components before the suffix
//!   (`<clientId>_<tenantId>_<hash>_AppTokenCache`);
//! - a user: the home account id `<oid>.<tid>` (msal-node's partition
//!   manager samples, MSAL.NET's `SuggestedCacheKey`). msal-node's daemon
//!   sample keys an application's cache `<clientId>.<tenantId>` in the same
//!   shape, so a key of this shape also takes the tokens of exactly that
//!   client in exactly that tenant;
//! - anything else: a key no library computes, which takes no entry.
//!
//! An entry belongs to the key when, every part compared exactly (as MSAL
//! compares ids):
//! - it carries a `user_assertion_hash`: that hash is the (OBO) key;
//! - else it carries a `home_account_id`: that id is the (user) key, or the
//!   key is an OBO key under which the same document holds that account's
//!   OBO tokens (the user's account and ID token live beside them);
//! - else it carries a `client_id` (an app-only token): the key is that
//!   client's app key in the entry's `realm`, or the `<clientId>.<tenantId>`
//!   key of that client and realm;
//! - an entry with none of the three belongs nowhere.
//!
//! `AppMetadata` entries (one per client, shared by every partition) and
//! top-level values that are not MSAL sections are never a mismatch.

use std::collections::BTreeSet;

use serde::Serialize;
use serde_json::{Map, Value};

use super::entry::non_empty;

/// Sections whose entries belong to a partition.
const PARTITIONED: [&str; 4] = ["AccessToken", "RefreshToken", "IdToken", "Account"];

/// A partition key, parsed into its parts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Key<'k> {
    /// An on-behalf-of assertion hash.
    Assertion(&'k str),
    /// MSAL.NET's app key: client, tenant (empty for ADFS), and the hash of
    /// extra cache-key components when there is one.
    App {
        /// The client id.
        client: &'k str,
        /// The tenant id; empty when MSAL.NET had none.
        tenant: &'k str,
        /// The extra components' hash.
        hash: Option<&'k str>,
    },
    /// `<a>.<b>`: a user's home account id, or msal-node's daemon sample's
    /// `<clientId>.<tenantId>`.
    Dotted {
        /// The whole key (the home account id).
        whole: &'k str,
        /// Before the dot (the object id, or the client id).
        first: &'k str,
        /// After the dot (the tenant id).
        second: &'k str,
    },
    /// A key no library computes.
    Other,
}

/// The suffix of MSAL.NET's app keys.
const APP_SUFFIX: &str = "_AppTokenCache";

impl<'k> Key<'k> {
    /// Parse a key (with any store prefix already removed).
    pub fn parse(key: &'k str) -> Key<'k> {
        if is_assertion_hash(key) {
            return Key::Assertion(key);
        }
        if let Some(rest) = key.strip_suffix(APP_SUFFIX) {
            // Client ids are GUIDs and tenants GUIDs or domain names: no `_`
            // in either; the hash is base64url, which may hold `_`.
            if let Some((client, rest)) = rest.split_once('_') {
                let (tenant, hash) = match rest.split_once('_') {
                    Some((tenant, hash)) => (tenant, Some(hash)),
                    None => (rest, None),
                };
                if !client.is_empty() && hash.is_none_or(is_assertion_hash) {
                    return Key::App {
                        client,
                        tenant,
                        hash,
                    };
                }
            }
            return Key::Other;
        }
        match key.split_once('.') {
            Some((first, second))
                if !first.is_empty() && !second.is_empty() && !second.contains('.') =>
            {
                Key::Dotted {
                    whole: key,
                    first,
                    second,
                }
            }
            _ => Key::Other,
        }
    }
}

/// An entry that belongs to another partition than the key.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Mismatch {
    /// The section (`AccessToken`, …).
    pub section: String,
    /// The entry's key in that section.
    pub entry: String,
    /// The partition the entry belongs to (a home account id, an assertion
    /// hash, `app <client_id> <realm>`, or `no partition`): identifiers,
    /// never a secret.
    pub belongs_to: String,
}

/// Every entry of `doc` that does not belong to the partition `key`.
pub fn mismatches(doc: &Map<String, Value>, key: &str) -> Vec<Mismatch> {
    let key = Key::parse(key);
    // Under an OBO key: the accounts whose OBO tokens the document holds.
    let obo_accounts: BTreeSet<&str> = match key {
        Key::Assertion(hash) => entries(doc)
            .filter(|(_, _, e)| non_empty(e, "user_assertion_hash") == Some(hash))
            .filter_map(|(_, _, e)| non_empty(e, "home_account_id"))
            .collect(),
        _ => BTreeSet::new(),
    };
    entries(doc)
        .filter_map(|(section, entry_key, entry)| {
            foreign(entry, &key, &obo_accounts).map(|belongs_to| Mismatch {
                section: section.to_string(),
                entry: entry_key.clone(),
                belongs_to,
            })
        })
        .collect()
}

/// The entries of the partitioned sections: (section, key, entry).
fn entries(doc: &Map<String, Value>) -> impl Iterator<Item = (&'static str, &String, &Value)> {
    PARTITIONED.into_iter().flat_map(move |section| {
        doc.get(section)
            .and_then(Value::as_object)
            .into_iter()
            .flatten()
            .map(move |(k, e)| (section, k, e))
    })
}

/// Whether `key` has the shape of an on-behalf-of key: base64url (no
/// padding) of a SHA-256 digest.
pub fn is_assertion_hash(key: &str) -> bool {
    key.len() == 43
        && key
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// The partition `entry` belongs to when that is not `key`.
fn foreign(entry: &Value, key: &Key<'_>, obo_accounts: &BTreeSet<&str>) -> Option<String> {
    let field = |name: &str| non_empty(entry, name);
    if let Some(hash) = field("user_assertion_hash") {
        let ok = matches!(key, Key::Assertion(k) if *k == hash);
        return (!ok).then(|| hash.to_string());
    }
    if let Some(home) = field("home_account_id") {
        let ok = match key {
            Key::Dotted { whole, .. } => *whole == home,
            Key::Assertion(_) => obo_accounts.contains(home),
            Key::App { .. } | Key::Other => false,
        };
        return (!ok).then(|| home.to_string());
    }
    let Some(client) = field("client_id") else {
        return Some("no partition (neither home_account_id nor client_id)".to_string());
    };
    let realm = field("realm").unwrap_or("");
    let ok = match key {
        Key::App {
            client: c, tenant, ..
        } => {
            // An app key without a tenant (MSAL.NET's ADFS authority) takes
            // tokens without a tenant realm (none, or ADFS's `adfs`).
            *c == client
                && (*tenant == realm || (tenant.is_empty() && realm.eq_ignore_ascii_case("adfs")))
        }
        Key::Dotted { first, second, .. } => *first == client && *second == realm,
        Key::Assertion(_) | Key::Other => false,
    };
    (!ok).then(|| format!("app {client} {realm}").trim_end().to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn doc(v: Value) -> Map<String, Value> {
        v.as_object().unwrap().clone()
    }

    const USER: &str = "0001-oid.72f9-tid";

    #[test]
    fn user_entries_belong_to_their_home_account_id() {
        let d = doc(json!({
            "Account": {"a": {"home_account_id": USER}},
            "AccessToken": {"t": {"home_account_id": USER, "client_id": "c", "realm": "72f9-tid"}},
            "AppMetadata": {"m": {"client_id": "other"}},
        }));
        assert!(mismatches(&d, USER).is_empty());
        let wrong = mismatches(&d, "0002-oid.72f9-tid");
        assert_eq!(wrong.len(), 2);
        assert_eq!(wrong[0].section, "AccessToken");
        assert_eq!(wrong[0].belongs_to, USER);
    }

    #[test]
    fn obo_tokens_belong_to_their_assertion_hash() {
        let hash = "q2L6y3Pp9bJ3mJwJt1kq1vXoBqvQ0V8m0p8L3c8aM3k";
        assert!(is_assertion_hash(hash));
        let d = doc(json!({
            "AccessToken": {"t": {"home_account_id": USER, "user_assertion_hash": hash, "client_id": "c"}},
            "Account": {"a": {"home_account_id": USER}},
        }));
        assert!(mismatches(&d, hash).is_empty());
        // The same tokens under the user's key: the OBO token is foreign.
        let wrong = mismatches(&d, USER);
        assert_eq!(wrong.len(), 1);
        assert_eq!(wrong[0].belongs_to, hash);
    }

    #[test]
    fn app_tokens_belong_to_their_client_and_tenant_exactly() {
        let d = doc(json!({
            "AccessToken": {"t": {"home_account_id": "", "client_id": "cid", "realm": "tid"}},
        }));
        assert!(mismatches(&d, "cid.tid").is_empty());
        assert!(mismatches(&d, "cid_tid_AppTokenCache").is_empty());
        let hash = "zm2n0E62zwTsnNsozptLsoOoB_C7i-GfpxHYQQINJUw";
        assert!(mismatches(&d, &format!("cid_tid_{hash}_AppTokenCache")).is_empty());
        assert_eq!(mismatches(&d, "other.tid")[0].belongs_to, "app cid tid");
        assert_eq!(mismatches(&d, "cid.othertenant").len(), 1);
        assert_eq!(
            mismatches(&d, USER).len(),
            1,
            "an app's token under a user key"
        );
        // Prefixes and substrings are not the client or the tenant.
        for key in [
            "cid_tidX_AppTokenCache",
            "cidX_tid_AppTokenCache",
            "cid_tid_AppTokenCacheX",
            "cid_tid_x3Qz_AppTokenCache",
            "cid__AppTokenCache",
            "xcid_tid_AppTokenCache",
            "cid.tid.x",
        ] {
            assert_eq!(mismatches(&d, key).len(), 1, "{key}");
        }
        let short = doc(json!({
            "AccessToken": {"t": {"client_id": "c", "realm": "t"}},
        }));
        assert_eq!(mismatches(&short, "cid_tid_AppTokenCache").len(), 1);
        assert_eq!(mismatches(&short, "c_tenant_AppTokenCache").len(), 1);
        let adfs = doc(json!({"AccessToken": {"t": {"client_id": "cid", "realm": "adfs"}}}));
        assert!(mismatches(&adfs, "cid__AppTokenCache").is_empty());
    }

    #[test]
    fn an_entry_of_no_partition_belongs_nowhere_and_ids_compare_exactly() {
        let d = doc(json!({"Account": {"a": {"username": "x"}}}));
        for key in [
            USER,
            "cid_tid_AppTokenCache",
            "q2L6y3Pp9bJ3mJwJt1kq1vXoBqvQ0V8m0p8L3c8aM3k",
        ] {
            assert_eq!(mismatches(&d, key).len(), 1, "{key}");
        }
        let d = doc(json!({"Account": {"a": {"home_account_id": USER.to_uppercase()}}}));
        assert_eq!(mismatches(&d, USER).len(), 1);
    }

    #[test]
    fn an_obo_key_takes_no_other_users_entries() {
        let hash = "q2L6y3Pp9bJ3mJwJt1kq1vXoBqvQ0V8m0p8L3c8aM3k";
        let d = doc(json!({
            "AccessToken": {"t": {"home_account_id": USER, "user_assertion_hash": hash, "client_id": "c"}},
            "Account": {"a": {"home_account_id": USER}, "b": {"home_account_id": "other.user"}},
            "IdToken": {"i": {"home_account_id": "other.user"}},
        }));
        let wrong = mismatches(&d, hash);
        assert_eq!(wrong.len(), 2, "{wrong:?}");
        assert!(wrong.iter().all(|m| m.belongs_to == "other.user"));
        let apps = doc(json!({"AccessToken": {"t": {"client_id": "c", "realm": "t"}}}));
        assert_eq!(mismatches(&apps, hash).len(), 1);
    }

    #[test]
    fn keys_parse_into_their_parts() {
        assert_eq!(
            Key::parse("cid_tid_AppTokenCache"),
            Key::App {
                client: "cid",
                tenant: "tid",
                hash: None
            }
        );
        assert_eq!(
            Key::parse("o.t"),
            Key::Dotted {
                whole: "o.t",
                first: "o",
                second: "t"
            }
        );
        assert_eq!(Key::parse("sess:abc"), Key::Other);
        assert_eq!(Key::parse("_tid_AppTokenCache"), Key::Other);
    }
}
