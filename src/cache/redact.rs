//! Redaction: the cache document with every secret replaced, for `read
//! --redact` (a cache you can paste into a bug report).
//!
//! Every value under a key named `secret`, at any depth, becomes the string
//! `"<redacted N bytes>"`, where N is the length of the secret in bytes (of
//! its text for a string, of its JSON for anything else). Everything else
//! (keys, ids, scopes, times) is kept as it is.

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

/// Replace every `secret` value in `doc`, at any depth. Returns how many
/// were replaced.
pub fn redact(doc: &mut Value) -> usize {
    match doc {
        Value::Object(map) => {
            let mut count = 0;
            for (key, value) in map.iter_mut() {
                if key == SECRET_KEY {
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
}
