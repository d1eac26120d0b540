//! One user's partition for the distributed stores' tests (Redis,
//! Postgres): a small cache keyed by its home account id, and reading one
//! back.

use serde_json::{json, Value};

/// A small cache of one user: an account, an access token, a refresh token.
pub fn user_cache(home: &str, suffix: &str) -> Vec<u8> {
    let (oid, tid) = home.split_once('.').unwrap();
    serde_json::to_vec(&json!({
        "Account": {
            format!("{home}-login.microsoftonline.com-{tid}"): {
                "home_account_id": home, "environment": "login.microsoftonline.com",
                "realm": tid, "local_account_id": oid, "username": format!("{oid}@example.com"),
                "authority_type": "MSSTS"
            }
        },
        "AccessToken": {
            format!("{home}-login.microsoftonline.com-accesstoken-client-{tid}-scope{suffix}"): {
                "home_account_id": home, "environment": "login.microsoftonline.com",
                "credential_type": "AccessToken", "client_id": "client", "secret": format!("at-{suffix}"),
                "realm": tid, "target": format!("scope{suffix}"), "cached_at": "1700000000",
                "expires_on": "4102444800", "extended_expires_on": "4102444800"
            }
        },
        "RefreshToken": {
            format!("{home}-login.microsoftonline.com-refreshtoken-client--"): {
                "home_account_id": home, "environment": "login.microsoftonline.com",
                "credential_type": "RefreshToken", "client_id": "client", "secret": "rt"
            }
        },
        "IdToken": {},
        "AppMetadata": {}
    }))
    .unwrap()
}

/// A stored value as a document.
pub fn doc(bytes: &[u8]) -> Value {
    serde_json::from_slice(bytes).unwrap()
}

/// How many entries a section of `doc` holds.
pub fn count(doc: &Value, section: &str) -> usize {
    doc[section].as_object().map_or(0, |m| m.len())
}
