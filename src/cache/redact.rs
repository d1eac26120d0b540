//! Redaction: the cache document with every secret replaced, for `read
//! --redact` (a cache you can paste into a bug report) and for anything
//! `inspect` shows of a value it does not interpret.
//!
//! A value is a secret when its key *names* a secret ([`is_secret_key`]):
//! compared case-insensitively, word by word (`snake_case`, `kebab-case` and
//! `camelCase` split alike), the key contains one of the words `secret`,
//! `password`, `passwd`, `passphrase`, `pwd`, `assertion`, or ends in
//! `token`/`tokens`, `key`/`keys`, `credential`/`credentials` or `pem`
//! (so `token_type`, `credential_type` and `key_id` are not secrets). The
//! MSAL section names `AccessToken`, `RefreshToken` and `IdToken` hold
//! entries, not a token, and are walked into. That covers MSAL's `secret`,
//! OAuth's `access_token`/`refresh_token`/`id_token`, ADAL's
//! `accessToken`/`refreshToken`, the Azure CLI's `client_secret`,
//! `client_assertion` and `password`, and key material (`private_key`,
//! `session_key`). Every such value, at any depth and of any JSON type
//! (a string, a number, an object, an array), becomes the string
//! `"<redacted N bytes>"`, where N is the length of the secret in bytes (of its
//! text for a string, of its JSON for anything else). Keys, ids, scopes, times
//! and `token_type` are kept as they are.

use serde_json::Value;

/// The key MSAL keeps token material under, in every credential section.
pub const SECRET_KEY: &str = "secret";

/// The placeholder that replaces a secret of `len` bytes.
pub fn placeholder(len: usize) -> String {
    format!("<redacted {len} bytes>")
}

/// The length in bytes of a secret value: its text, or its JSON text when
/// it is not a string.
pub fn secret_len(value: &Value) -> usize {
    match value {
        Value::String(s) => s.len(),
        other => other.to_string().len(),
    }
}

/// The words of a key, lower-cased: `refreshToken` → `refresh`, `token`;
/// `client_secret` → `client`, `secret`; `X-Api-Key` → `x`, `api`, `key`.
fn words(key: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut current = String::new();
    let mut prev_lower = false;
    for c in key.chars() {
        if !c.is_alphanumeric() {
            if !current.is_empty() {
                words.push(std::mem::take(&mut current));
            }
            prev_lower = false;
            continue;
        }
        if c.is_uppercase() && prev_lower && !current.is_empty() {
            words.push(std::mem::take(&mut current));
        }
        prev_lower = c.is_lowercase() || c.is_ascii_digit();
        current.extend(c.to_lowercase());
    }
    if !current.is_empty() {
        words.push(current);
    }
    words
}

/// Whether a value under `key` is a secret (see the module doc).
pub fn is_secret_key(key: &str) -> bool {
    if matches!(key, "AccessToken" | "RefreshToken" | "IdToken") {
        return false;
    }
    let words = words(key);
    let Some(last) = words.last() else {
        return false;
    };
    const ANYWHERE: [&str; 7] = [
        "secret",
        "secrets",
        "password",
        "passwd",
        "passphrase",
        "pwd",
        "assertion",
    ];
    if words.iter().any(|w| ANYWHERE.contains(&w.as_str())) {
        return true;
    }
    // Whole-word spellings without separators: `refreshtoken`, `clientsecret`.
    let joined: String = words.concat();
    if joined.ends_with("token")
        || joined.ends_with("tokens")
        || joined.contains("secret")
        || joined.contains("password")
    {
        return true;
    }
    matches!(
        last.as_str(),
        "key" | "keys" | "pem" | "credential" | "credentials"
    )
}

/// Replace every secret value in `doc`, at any depth. Returns how many
/// were replaced.
pub fn redact(doc: &mut Value) -> usize {
    match doc {
        Value::Object(map) => {
            let mut count = 0;
            for (key, value) in map.iter_mut() {
                if is_secret_key(key) {
                    *value = Value::String(placeholder(secret_len(value)));
                    count += 1;
                } else {
                    count += redact(value);
                }
            }
            count
        }
        Value::Array(items) => items.iter_mut().map(redact).sum(),
        _ => 0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn replaces_every_secret_and_nothing_else() {
        let mut doc = json!({
            "AccessToken": {"k": {"secret": "abcdef", "client_id": "c", "target": "secret"}},
            "RefreshToken": {"r": {"secret": "é"}},
            "Weird": [{"secret": {"nested": "x"}}, {"secret": 12}],
            "secret": null
        });
        assert_eq!(redact(&mut doc), 5);
        assert_eq!(
            doc,
            json!({
                "AccessToken": {"k": {"secret": "<redacted 6 bytes>", "client_id": "c", "target": "secret"}},
                "RefreshToken": {"r": {"secret": "<redacted 2 bytes>"}},
                "Weird": [{"secret": "<redacted 14 bytes>"}, {"secret": "<redacted 2 bytes>"}],
                "secret": "<redacted 4 bytes>"
            })
        );
    }

    #[test]
    fn secret_names_in_every_spelling() {
        for key in [
            "secret",
            "Secret",
            "SECRET",
            "access_token",
            "refresh_token",
            "id_token",
            "accessToken",
            "refreshToken",
            "client_secret",
            "clientSecret",
            "password",
            "Password",
            "assertion",
            "client_assertion",
            "private_key",
            "privateKey",
            "session_key",
            "x-api-key",
            "token",
            "refreshtoken",
        ] {
            assert!(is_secret_key(key), "{key}");
        }
        for key in [
            "token_type",
            "tokenType",
            "AccessToken",
            "RefreshToken",
            "IdToken",
            "credential_type",
            "key_id",
            "kid",
            "client_id",
            "home_account_id",
            "expires_on",
            "target",
            "username",
            "keyId",
            "isMRRT",
            "_authority",
            "certificate_thumbprint",
        ] {
            assert!(!is_secret_key(key), "{key}");
        }
    }
}
