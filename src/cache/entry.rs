//! The vocabulary of a cache entry, shared by every operation on a cache
//! document: reading a field, the one rule for timestamps, when an access
//! token has expired, which fields hold a secret, and decoding a JWT.
//!
//! Everything in `crate::cache` that looks inside an entry (merge, inspect,
//! token, remove, redact, partition) asks here, so that two commands cannot
//! disagree on what an entry says (whether it has expired, which of two is
//! newer). The borrowed, zero-copy form of the same entries is
//! [`super::view`]; its fields are read with the same rules.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use serde_json::{Map, Value};

/// The key MSAL keeps token material under, in every credential section.
pub const SECRET_KEY: &str = "secret";

/// A string field of an entry (`None` when absent, `null` or not a string).
pub fn str_field<'v>(entry: &'v Value, name: &str) -> Option<&'v str> {
    entry.get(name).and_then(Value::as_str)
}

/// A non-empty string field of an entry.
pub fn non_empty<'v>(entry: &'v Value, name: &str) -> Option<&'v str> {
    str_field(entry, name).filter(|s| !s.is_empty())
}

/// A time field of an entry (`cached_at`, `expires_on`, …) by [the one
/// timestamp rule](parse_time), whether written as a string (as MSAL writes
/// them) or as a number.
pub fn timestamp(entry: &Value, field: &str) -> Option<i64> {
    time_value(entry.get(field)?)
}

/// A JSON value holding a time: a string or a number, read by
/// [`parse_time`] (a number by its exact text, so `1.7e9` or `1700000000.5`
/// are not times). Also the rule for a JWT's time claims (`iat`, `exp`).
pub fn time_value(value: &Value) -> Option<i64> {
    match value {
        Value::String(s) => parse_time(s),
        Value::Number(n) => parse_time(&n.to_string()),
        _ => None,
    }
}

/// The largest magnitude both SDKs read exactly: msal-node reads a time with
/// JavaScript's `Number`, exact up to 2^53 - 1 (`Number.MAX_SAFE_INTEGER`).
pub const MAX_TIME: i64 = (1 << 53) - 1;

/// **The one timestamp rule**: the text of a time is an integer in decimal,
/// optionally signed, with surrounding whitespace allowed, of magnitude at
/// most [`MAX_TIME`]. Anything else (`"1700000000.5"`, `"1e30"`, `"inf"`,
/// `"0x10"`, `"1_700"`, 20 digits) is not a time, so an access token with such
/// an `expires_on` is neither served by `token` nor pruned as expired, and
/// `inspect` warns that its expiry is unreadable.
///
/// This is what both MSAL SDKs read alike (checked against the real peers,
/// MSAL Python 1.39 and msal-node, by tests/msal.rs
/// `an_expiry_is_a_time_exactly_when_both_sdks_read_it_alike`):
/// - MSAL Python (`msal/token_cache.py`, `TokenCache.search`:
///   `int(entry["expires_on"]) < now`; `msal/application.py`, the silent
///   acquisition: `int(entry["expires_on"]) - now`) reads a time with
///   `int()`: a fractional, exponent or `inf` text raises `ValueError` and
///   the silent acquisition fails;
/// - msal-node (`@azure/msal-common` `utils/TimeUtils.ts`, `isTokenExpired`:
///   `Number(expiresOn) || 0`) reads one with `Number()`: `"1e30"` and
///   `"Infinity"` never expire there, `"inf"` and `"1_700"` are `NaN`, hence
///   expired, and 20 digits are rounded (`int()` keeps them exact), so the
///   two SDKs disagree on all of those.
///
/// Where they disagree, the value is not a time for tokencache: a token is
/// served only when both SDKs would read its expiry alike.
pub fn parse_time(text: &str) -> Option<i64> {
    let text = text.trim();
    let digits = text.strip_prefix(['+', '-']).unwrap_or(text);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    text.parse::<i64>()
        .ok()
        .filter(|t| t.unsigned_abs() <= MAX_TIME.unsigned_abs())
}

/// Whether an access token expiring at `expires_on` has expired at `now`:
/// `expires_on < now`, as MSAL Python (`TokenCache.search`) and msal-node
/// (`TimeUtils.isTokenExpired` with no offset) decide.
pub fn is_expired(expires_on: i64, now: i64) -> bool {
    expires_on < now
}

/// The environments that are one cloud, as msal-node's hard-coded instance
/// discovery metadata lists them (`AuthorityMetadata.ts`).
pub const ALIASES: &[&[&str]] = &[
    &[
        "login.microsoftonline.com",
        "login.windows.net",
        "login.microsoft.com",
        "sts.windows.net",
    ],
    &["login.partner.microsoftonline.cn", "login.chinacloudapi.cn"],
    &["login.microsoftonline.de"],
    &["login.microsoftonline.us", "login.usgovcloudapi.net"],
    &["login-us.microsoftonline.com"],
    &["login.sovcloud-identity.fr"],
    &["login.sovcloud-identity.de"],
    &["login.sovcloud-identity.sg"],
];

/// Whether `environment` is one of the known clouds' hosts ([`ALIASES`]:
/// msal-node's list, which is also MSAL Python's `WELL_KNOWN_AUTHORITY_HOSTS`
/// in `msal/authority.py`).
pub fn known_cloud(environment: &str) -> bool {
    let environment = environment.to_ascii_lowercase();
    ALIASES
        .iter()
        .any(|group| group.contains(&environment.as_str()))
}

/// Whether two environments are the same cloud.
pub fn same_cloud(a: &str, b: &str) -> bool {
    if a.eq_ignore_ascii_case(b) {
        return true;
    }
    let (a, b) = (a.to_ascii_lowercase(), b.to_ascii_lowercase());
    ALIASES
        .iter()
        .any(|group| group.contains(&a.as_str()) && group.contains(&b.as_str()))
}

/// "42 min", "3 h", "2 d", "12 s": the magnitude of a span, coarsely.
pub fn span(seconds: i64) -> String {
    let s = seconds.unsigned_abs();
    match s {
        0..60 => format!("{s} s"),
        60..3600 => format!("{} min", s / 60),
        3600..172_800 => format!("{} h", s / 3600),
        _ => format!("{} d", s / 86_400),
    }
}

/// Decode a compact JWS: header and payload, each base64url (padding
/// tolerated) of a JSON object. `None` for anything else. The signature
/// segment is never looked at.
pub fn decode_jwt(token: &str) -> Option<(Map<String, Value>, Map<String, Value>)> {
    let mut parts = token.split('.');
    let (header, payload, _signature) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some() {
        return None;
    }
    let object = |segment: &str| -> Option<Map<String, Value>> {
        let bytes = URL_SAFE_NO_PAD.decode(segment.trim_end_matches('=')).ok()?;
        match serde_json::from_slice(&bytes).ok()? {
            Value::Object(map) => Some(map),
            _ => None,
        }
    };
    Some((object(header)?, object(payload)?))
}

/// Decode base64url text, padding tolerated (MSAL's `decode_part`, as
/// `client_info` is sent).
pub fn decode_base64url(text: &str) -> Option<Vec<u8>> {
    URL_SAFE_NO_PAD.decode(text.trim_end_matches('=')).ok()
}

/// The placeholder that replaces a secret of `len` bytes.
pub fn placeholder(len: usize) -> String {
    format!(
        "<redacted {}>",
        crate::text::count(len as u64, "byte", "bytes")
    )
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

/// Whether a value under `key` is a secret (the rule is documented in
/// [`super::redact`]).
pub fn is_secret_key(key: &str) -> bool {
    if matches!(key, "AccessToken" | "RefreshToken" | "IdToken") {
        return false;
    }
    let words = words(key);
    let Some(last) = words.last() else {
        return false;
    };
    const ANYWHERE: [&str; 17] = [
        "secret",
        "secrets",
        "password",
        "passwd",
        "passphrase",
        "pwd",
        "assertion",
        "jwt",
        "authorization",
        "cookie",
        "cookies",
        "session",
        "sessions",
        "private",
        "pfx",
        "p12",
        "pkcs12",
    ];
    if words.iter().any(|w| ANYWHERE.contains(&w.as_str())) {
        return true;
    }
    // Spellings without separators, in any casing (`refreshtoken`,
    // `CLIENTSECRET`, `APIKEY`, `SetCookie`): the words run together.
    let joined: String = words.concat();
    const INSIDE: [&str; 9] = [
        "secret",
        "password",
        "passwd",
        "passphrase",
        "jwt",
        "authorization",
        "cookie",
        "session",
        "privatekey",
    ];
    const AT_THE_END: [&str; 7] = [
        "token",
        "tokens",
        "key",
        "keys",
        "pem",
        "credential",
        "credentials",
    ];
    if INSIDE.iter().any(|w| joined.contains(w)) || AT_THE_END.iter().any(|w| joined.ends_with(w)) {
        return true;
    }
    matches!(
        last.as_str(),
        "key" | "keys" | "pem" | "credential" | "credentials"
    )
}

/// Whether a string value is a secret whatever its key: an HTTP
/// authorization value (`Bearer …`, `Basic …`, any case) or a JWT.
pub fn is_secret_value(value: &str) -> bool {
    let lower = value.get(..7).map(str::to_ascii_lowercase);
    let credentials = value
        .split_once(' ')
        .is_some_and(|(_, rest)| !rest.trim().is_empty());
    (credentials
        && lower
            .as_deref()
            .is_some_and(|l| l == "bearer " || l.starts_with("basic ")))
        || (value.starts_with("eyJ") && decode_jwt(value).is_some())
}

/// Replace every secret value in `value`, at any depth, with its
/// [`placeholder`]. Returns how many were replaced.
pub fn redact_secrets(value: &mut Value) -> usize {
    match value {
        Value::Object(map) => {
            let mut count = 0;
            for (key, value) in map.iter_mut() {
                if is_secret_key(key) {
                    *value = Value::String(placeholder(secret_len(value)));
                    count += 1;
                } else {
                    count += redact_secrets(value);
                }
            }
            count
        }
        Value::Array(items) => items.iter_mut().map(redact_secrets).sum(),
        Value::String(text) if is_secret_value(text) => {
            *value = Value::String(placeholder(text.len()));
            1
        }
        _ => 0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn b64(v: &Value) -> String {
        URL_SAFE_NO_PAD.encode(v.to_string())
    }

    #[test]
    fn decodes_only_real_jwts() {
        let jwt = format!(
            "{}.{}.c2ln",
            b64(&json!({"alg": "RS256", "typ": "JWT", "x5t": "t"})),
            b64(&json!({"aud": "api", "exp": 5, "oid": "o"}))
        );
        let (h, c) = decode_jwt(&jwt).unwrap();
        assert_eq!(h["alg"], "RS256");
        assert_eq!(c["aud"], "api");
        assert!(decode_jwt("0.AAAA-opaque-refresh-token").is_none());
        assert!(decode_jwt("a.b.c").is_none());
        assert!(decode_jwt(&format!("{jwt}.extra")).is_none());
    }

    #[test]
    fn one_timestamp_rule_what_both_sdks_read_alike() {
        for (text, time) in [
            ("1700000000", Some(1_700_000_000)),
            (" 1700000000 ", Some(1_700_000_000)),
            ("+1700000000", Some(1_700_000_000)),
            ("-5", Some(-5)),
            ("9007199254740991", Some(MAX_TIME)),
            ("9007199254740992", None),
            ("99999999999999999999", None),
            ("1700000000.5", None),
            ("1e30", None),
            ("inf", None),
            ("Infinity", None),
            ("NaN", None),
            ("0x10", None),
            ("1_700", None),
            ("", None),
            ("+", None),
            ("--5", None),
        ] {
            assert_eq!(parse_time(text), time, "{text:?}");
        }
        assert_eq!(time_value(&json!(1_700_000_000)), Some(1_700_000_000));
        assert_eq!(time_value(&json!("1700000000")), Some(1_700_000_000));
        assert_eq!(time_value(&json!(1_700_000_000.5)), None);
        assert_eq!(time_value(&json!(true)), None);
    }

    #[test]
    fn spans() {
        assert_eq!(span(42 * 60 + 5), "42 min");
        assert_eq!(span(-3 * 3600 - 1), "3 h");
        assert_eq!(span(30), "30 s");
        assert_eq!(span(-5 * 86_400), "5 d");
    }
}
