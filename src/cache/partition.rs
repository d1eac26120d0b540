//! Partitions: the distributed token caches keep one user, one application or
//! one on-behalf-of assertion per key, and every library finds an entry only
//! under the key its partition manager computes. An entry stored under
//! another partition's key is never found (and a merge across partitions is
//! the bug behind MSAL.NET #3285), so `write` refuses it unless forced.
//!
//! The key of a partition, as the libraries compute it:
//! - a user: the home account id `<oid>.<tid>` (msal-node's partition
//!   manager samples, MSAL.NET's `SuggestedCacheKey`);
//! - an application (client credentials): `<clientId>.<tenantId>` (msal-node
//!   daemon sample) or `<clientId>_<tenantId>_AppTokenCache[_…]` (MSAL.NET);
//! - an on-behalf-of assertion: base64url SHA-256 of the incoming token, which
//!   is also the `user_assertion_hash` of the tokens obtained with it.
//!
//! An entry belongs to the key when:
//! - it carries a `user_assertion_hash`: that hash is the key;
//! - else it carries a `home_account_id`: that id is the key, or the key is an
//!   on-behalf-of key (43 base64url characters: the user's account and ID
//!   token live beside the OBO tokens);
//! - else (application tokens) its `client_id` starts the key and its `realm`,
//!   when present, appears in it.
//!
//! `AppMetadata` entries (one per client, shared by every partition) and
//! top-level values that are not MSAL sections are never a mismatch.

use serde::Serialize;
use serde_json::{Map, Value};

use super::entry::non_empty;

/// Sections whose entries belong to a partition.
const PARTITIONED: [&str; 4] = ["AccessToken", "RefreshToken", "IdToken", "Account"];

/// An entry that belongs to another partition than the key.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Mismatch {
    /// The section (`AccessToken`, …).
    pub section: String,
    /// The entry's key in that section.
    pub entry: String,
    /// The partition the entry belongs to (a home account id, an assertion
    /// hash, or `app <client_id> <realm>`): identifiers, never a secret.
    pub belongs_to: String,
}

/// Every entry of `doc` that does not belong to the partition `key`.
pub fn mismatches(doc: &Map<String, Value>, key: &str) -> Vec<Mismatch> {
    let mut found = Vec::new();
    for section in PARTITIONED {
        let Some(Value::Object(entries)) = doc.get(section) else {
            continue;
        };
        for (entry_key, entry) in entries {
            if let Some(belongs_to) = foreign(entry, key) {
                found.push(Mismatch {
                    section: section.to_string(),
                    entry: entry_key.clone(),
                    belongs_to,
                });
            }
        }
    }
    found
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
fn foreign(entry: &Value, key: &str) -> Option<String> {
    let field = |name: &str| non_empty(entry, name);
    if let Some(hash) = field("user_assertion_hash") {
        return (hash != key).then(|| hash.to_string());
    }
    if let Some(home) = field("home_account_id") {
        let ok = home.eq_ignore_ascii_case(key) || is_assertion_hash(key);
        return (!ok).then(|| home.to_string());
    }
    let client = field("client_id")?;
    let realm = field("realm");
    let ok = key.starts_with(client) && realm.is_none_or(|r| key.contains(r));
    (!ok).then(|| {
        format!("app {client} {}", realm.unwrap_or(""))
            .trim_end()
            .to_string()
    })
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
    fn app_tokens_belong_to_their_client_and_tenant() {
        let d = doc(json!({
            "AccessToken": {"t": {"home_account_id": "", "client_id": "cid", "realm": "tid"}},
        }));
        assert!(mismatches(&d, "cid.tid").is_empty());
        assert!(mismatches(&d, "cid_tid_AppTokenCache").is_empty());
        assert!(mismatches(&d, "cid_tid_AppTokenCache_x3Qz").is_empty());
        assert_eq!(mismatches(&d, "other.tid")[0].belongs_to, "app cid tid");
        assert_eq!(mismatches(&d, "cid.othertenant").len(), 1);
        assert_eq!(mismatches(&d, USER).len(), 1);
    }
}
