//! `prune`'s fixtures: one partition's cache as MSAL writes it (compact
//! JSON, entries in MSAL's field order), with access tokens valid and
//! expired at [`NOW`], and what MSAL keeps of it once the expired ones go.

use serde_json::{json, Map, Value};

/// The clock the prune tests run at (`TOKENCACHE_NOW`).
pub const NOW: i64 = 1_800_000_000;
/// Before [`NOW`]: expired.
const EXPIRED: &str = "1799999999";
/// After [`NOW`]: valid.
const VALID: &str = "4102444800";

/// One partition's cache: an account, `valid` and `expired` access tokens
/// (the first suffixed `v0…`, the second `x0…`), a refresh token and an ID
/// token when `rt`, and app metadata.
pub fn cache(home: &str, valid: usize, expired: usize, rt: bool) -> Vec<u8> {
    serde_json::to_vec(&doc(home, valid, expired, rt)).unwrap()
}

/// [`cache`] as a document (insertion order kept).
pub fn doc(home: &str, valid: usize, expired: usize, rt: bool) -> Value {
    let (oid, tid) = home.split_once('.').unwrap();
    let env = "login.microsoftonline.com";
    let mut ats = Map::new();
    let tokens = (0..valid)
        .map(|i| (format!("v{i}"), VALID))
        .chain((0..expired).map(|i| (format!("x{i}"), EXPIRED)));
    for (suffix, expires) in tokens {
        ats.insert(
            format!("{home}-{env}-accesstoken-client-{tid}-scope{suffix}"),
            json!({
                "home_account_id": home, "environment": env, "client_id": "client",
                "credential_type": "AccessToken", "secret": format!("at-{suffix}"),
                "realm": tid, "target": format!("scope{suffix}"), "cached_at": "1700000000",
                "expires_on": expires, "extended_expires_on": expires, "token_type": "Bearer"
            }),
        );
    }
    let mut doc = json!({
        "Account": {},
        "IdToken": {},
        "AccessToken": ats,
        "RefreshToken": {},
        "AppMetadata": {}
    });
    if rt {
        doc["Account"][format!("{home}-{env}-{tid}")] = json!({
            "home_account_id": home, "environment": env, "realm": tid,
            "local_account_id": oid, "username": format!("{oid}@example.com"),
            "authority_type": "MSSTS"
        });
        doc["IdToken"][format!("{home}-{env}-idtoken-client-{tid}-")] = json!({
            "home_account_id": home, "environment": env, "credential_type": "IdToken",
            "client_id": "client", "secret": "header.payload.signature", "realm": tid
        });
        doc["RefreshToken"][format!("{home}-{env}-refreshtoken-client--")] = json!({
            "home_account_id": home, "environment": env, "credential_type": "RefreshToken",
            "client_id": "client", "secret": "rt", "family_id": "1"
        });
        doc["AppMetadata"][format!("appmetadata-{env}-client")] = json!({
            "client_id": "client", "environment": env, "family_id": "1"
        });
    }
    doc
}

/// What MSAL keeps of `bytes` once its expired access tokens are gone:
/// the same document, in the same order, without them (compact, as
/// [`cache`] and msal-node write it).
pub fn pruned(bytes: &[u8]) -> Vec<u8> {
    let mut doc: Value = serde_json::from_slice(bytes).unwrap();
    doc["AccessToken"]
        .as_object_mut()
        .unwrap()
        .retain(|_, at| at["expires_on"].as_str().unwrap().parse::<i64>().unwrap() >= NOW);
    serde_json::to_vec(&doc).unwrap()
}

/// The access tokens' keys in `bytes`, sorted.
pub fn access_tokens(bytes: &[u8]) -> Vec<String> {
    let doc: Value = serde_json::from_slice(bytes).unwrap();
    let mut keys: Vec<String> = doc["AccessToken"]
        .as_object()
        .unwrap()
        .keys()
        .cloned()
        .collect();
    keys.sort();
    keys
}
