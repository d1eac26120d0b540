//! Redaction: the cache document with every secret replaced, for `read
//! --redact` (a cache you can paste into a bug report) and for anything
//! `inspect` shows of a value it does not interpret.
//!
//! A value is a secret when its key *names* a secret
//! ([`super::entry::is_secret_key`]):
//! compared case-insensitively, word by word (`snake_case`, `kebab-case` and
//! `camelCase` split alike), the key contains one of the words `secret`,
//! `password`, `passwd`, `passphrase`, `pwd`, `assertion`, `jwt`,
//! `authorization`, `cookie`, `session`, `private`, `pfx`, `p12`/`pkcs12`, or
//! ends in `token`/`tokens`, `key`/`keys`, `credential`/`credentials` or
//! `pem`; and the same with the words run together in any casing
//! (`CLIENTSECRET`, `APIKEY`, `SetCookie`, `privatekeypem`). So `token_type`,
//! `credential_type`, `key_id` and `kid` are not secrets. The MSAL section
//! names `AccessToken`, `RefreshToken` and `IdToken` hold entries, not a
//! token, and are walked into. That covers MSAL's `secret`, OAuth's
//! `access_token`/`refresh_token`/`id_token`, ADAL's
//! `accessToken`/`refreshToken`, the Azure CLI's `client_secret`,
//! `client_assertion` and `password`, HTTP `Authorization` and `Cookie`
//! headers, and key material (`private_key`, `session_key`, a `.pfx`/`.p12`).
//! Every such value, at any depth and of any JSON type (a string, a number,
//! an object, an array), becomes the string `"<redacted N bytes>"`, where N is
//! the length of the secret in bytes (of its text for a string, of its JSON
//! for anything else). A string that is a secret whatever its key — an
//! authorization value (`Bearer …`, `Basic …`) or a JWT — is replaced too
//! ([`super::entry::is_secret_value`]). Keys, ids, scopes, times and
//! `token_type` are kept as they are.

use serde_json::Value;

use super::entry::redact_secrets;

/// Replace every secret value in `doc`, at any depth, by the rule above
/// (kept with the rest of the entry vocabulary, [`super::entry::is_secret_key`],
/// because `inspect` applies it too). Returns how many were replaced.
pub fn redact(doc: &mut Value) -> usize {
    redact_secrets(doc)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cache::entry::is_secret_key;
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
            "jwt",
            "id_jwt",
            "Authorization",
            "cookie",
            "Set-Cookie",
            "session",
            "SESSION_ID",
            "CLIENTSECRET",
            "ClientSECRET",
            "APIKEY",
            "private",
            "pfx",
            "cert_p12",
            "privateKeyPem",
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
