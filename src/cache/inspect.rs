//! A summary of a cache document for people (`tokencache inspect`) and for
//! machines (`inspect --json`), without a single byte of any secret.
//!
//! [`summarise`] turns the document into a [`Summary`]: the accounts, then
//! per token type the client id, scopes and account, for access tokens the
//! expiry relative to a given "now", counts per section, and warnings for
//! entries that do not look like MSAL wrote them. A `secret` is reduced to its
//! length; with [`Options::claims`], a secret that is a JWT also yields the
//! few header fields and claims that matter (`alg`, `typ`, `kid`; `aud`,
//! `iss`, `exp`, `upn`, `preferred_username`), decoded from its first two
//! segments. The signature segment is never looked at, and nothing else of
//! the secret is copied.
//!
//! "Now" is a parameter so that the summary (and its snapshot tests) do not
//! depend on the clock. Presenting the summary (text for a terminal) is
//! `crate::cmd::inspect`'s.

use serde::Serialize;
use serde_json::{Map, Value};

use super::entry::{decode_jwt, is_expired, redact_secrets, secret_len, timestamp, SECRET_KEY};
use super::SECTIONS;

/// What to include.
#[derive(Debug, Clone, Copy)]
pub struct Options {
    /// The current time, Unix seconds.
    pub now: i64,
    /// Decode JWT headers and claims.
    pub claims: bool,
}

/// Everything `inspect` shows.
#[derive(Debug, Clone, Serialize)]
pub struct Summary {
    /// The "now" expiries were computed against (Unix seconds).
    pub now: i64,
    /// Entries per section (top-level objects), in document order.
    pub counts: Map<String, Value>,
    /// `Account` entries.
    pub accounts: Vec<Account>,
    /// `AccessToken` entries.
    pub access_tokens: Vec<Token>,
    /// `RefreshToken` entries.
    pub refresh_tokens: Vec<Token>,
    /// `IdToken` entries.
    pub id_tokens: Vec<Token>,
    /// `AppMetadata` entries.
    pub app_metadata: Vec<AppMetadata>,
    /// Top-level values that are not MSAL sections (kept, not interpreted).
    pub other: Vec<Other>,
    /// Entries or sections that do not look like MSAL wrote them.
    pub warnings: Vec<String>,
}

/// An `Account` entry.
#[derive(Debug, Clone, Serialize)]
pub struct Account {
    /// The entry's key, exactly as stored.
    pub key: String,
    /// `username`.
    pub username: Option<String>,
    /// `home_account_id`.
    pub home_account_id: Option<String>,
    /// `environment`.
    pub environment: Option<String>,
    /// `realm` (tenant).
    pub realm: Option<String>,
    /// `authority_type`.
    pub authority_type: Option<String>,
}

/// An `AccessToken`, `RefreshToken` or `IdToken` entry.
#[derive(Debug, Clone, Serialize)]
pub struct Token {
    /// The entry's key, exactly as stored.
    pub key: String,
    /// `client_id`.
    pub client_id: Option<String>,
    /// `home_account_id`.
    pub home_account_id: Option<String>,
    /// `environment`.
    pub environment: Option<String>,
    /// `realm` (tenant).
    pub realm: Option<String>,
    /// `target`: the scopes, space-separated.
    pub target: Option<String>,
    /// `family_id` (refresh tokens of the Microsoft first-party family).
    pub family_id: Option<String>,
    /// `expires_on` (access tokens), Unix seconds.
    pub expires_on: Option<i64>,
    /// `expires_on - now`: negative once expired.
    pub expires_in: Option<i64>,
    /// Whether the token has expired: `expires_on < now`, MSAL's boundary.
    pub expired: Option<bool>,
    /// An access token of no user (`home_account_id` null or absent): what
    /// MSAL writes for a client-credentials (daemon, app-only) sign-in.
    pub app_only: bool,
    /// What can be said about the secret without showing it.
    pub secret: Secret,
    /// Whether this is an access token (which should have an expiry).
    #[serde(skip)]
    pub is_access_token: bool,
}

/// A secret, described.
#[derive(Debug, Clone, Serialize)]
pub struct Secret {
    /// Its length in bytes; `None` when the entry has no secret.
    pub bytes: Option<usize>,
    /// Whether it parses as a JWT (three base64url segments, a JSON header).
    pub jwt: bool,
    /// With `--claims`, for a JWT: the header fields that matter.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub header: Option<Map<String, Value>>,
    /// With `--claims`, for a JWT: the claims that matter.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub claims: Option<Map<String, Value>>,
}

/// An `AppMetadata` entry.
#[derive(Debug, Clone, Serialize)]
pub struct AppMetadata {
    /// The entry's key, exactly as stored.
    pub key: String,
    /// `client_id`.
    pub client_id: Option<String>,
    /// `environment`.
    pub environment: Option<String>,
    /// `family_id`.
    pub family_id: Option<String>,
}

/// A top-level value tokencache does not interpret.
#[derive(Debug, Clone, Serialize)]
pub struct Other {
    /// Its key.
    pub name: String,
    /// `object`, `array`, `string`, `number`, `boolean` or `null`.
    pub kind: &'static str,
    /// For an object, how many entries it has.
    pub entries: Option<usize>,
}

/// The JWT header fields worth showing.
pub const HEADER_FIELDS: [&str; 3] = ["alg", "typ", "kid"];
/// The JWT claims worth showing.
pub const CLAIM_FIELDS: [&str; 5] = ["aud", "iss", "exp", "upn", "preferred_username"];

/// Summarise a cache document.
pub fn summarise(doc: &Map<String, Value>, options: Options) -> Summary {
    let mut s = Summary {
        now: options.now,
        counts: Map::new(),
        accounts: Vec::new(),
        access_tokens: Vec::new(),
        refresh_tokens: Vec::new(),
        id_tokens: Vec::new(),
        app_metadata: Vec::new(),
        other: Vec::new(),
        warnings: Vec::new(),
    };
    for (name, value) in doc {
        let known = SECTIONS.contains(&name.as_str());
        let Value::Object(entries) = value else {
            if known {
                s.warnings.push(format!(
                    "section {name} is {}, not an object of entries",
                    kind_of(value)
                ));
            }
            s.other.push(Other {
                name: name.clone(),
                kind: bare_kind(value),
                entries: None,
            });
            continue;
        };
        s.counts.insert(name.clone(), Value::from(entries.len()));
        if !known {
            s.other.push(Other {
                name: name.clone(),
                kind: "object",
                entries: Some(entries.len()),
            });
            continue;
        }
        for (key, entry) in entries {
            let Value::Object(fields) = entry else {
                s.warnings.push(format!(
                    "{name} entry {key:?} is {}, not an object",
                    kind_of(entry)
                ));
                continue;
            };
            match name.as_str() {
                "Account" => s.accounts.push(account(key, fields, &mut s.warnings)),
                "AppMetadata" => s.app_metadata.push(AppMetadata {
                    key: key.clone(),
                    client_id: text(fields, "client_id"),
                    environment: text(fields, "environment"),
                    family_id: text(fields, "family_id"),
                }),
                section => {
                    let token = token(section, key, entry, fields, options, &mut s.warnings);
                    match section {
                        "AccessToken" => s.access_tokens.push(token),
                        "RefreshToken" => s.refresh_tokens.push(token),
                        _ => s.id_tokens.push(token),
                    }
                }
            }
        }
    }
    s
}

fn account(key: &str, fields: &Map<String, Value>, warnings: &mut Vec<String>) -> Account {
    for required in ["home_account_id", "environment"] {
        if text(fields, required).is_none() {
            warnings.push(format!("Account entry {key:?} has no {required}"));
        }
    }
    Account {
        key: key.to_string(),
        username: text(fields, "username"),
        home_account_id: text(fields, "home_account_id"),
        environment: text(fields, "environment"),
        realm: text(fields, "realm"),
        authority_type: text(fields, "authority_type"),
    }
}

fn token(
    section: &str,
    key: &str,
    entry: &Value,
    fields: &Map<String, Value>,
    options: Options,
    warnings: &mut Vec<String>,
) -> Token {
    // A client-credentials access token belongs to no user: MSAL writes its
    // home_account_id as null (Python) or "" (Node). That is app-only, not a
    // defect. Refresh and ID tokens always belong to a user.
    let home_account_id = text(fields, "home_account_id").filter(|h| !h.is_empty());
    let app_only = section == "AccessToken" && home_account_id.is_none();
    if text(fields, "client_id").is_none() {
        warnings.push(format!("{section} entry {key:?} has no client_id"));
    }
    if home_account_id.is_none() && !app_only {
        warnings.push(format!("{section} entry {key:?} has no home_account_id"));
    }
    let secret = match fields.get(SECRET_KEY) {
        None => {
            warnings.push(format!("{section} entry {key:?} has no secret"));
            Secret {
                bytes: None,
                jwt: false,
                header: None,
                claims: None,
            }
        }
        Some(value) => describe_secret(value, options.claims),
    };
    let expires_on = if section == "AccessToken" {
        let exp = timestamp(entry, "expires_on");
        if exp.is_none() {
            warnings.push(format!(
                "{section} entry {key:?} has no readable expires_on"
            ));
        }
        exp
    } else {
        None
    };
    Token {
        key: key.to_string(),
        client_id: text(fields, "client_id"),
        home_account_id,
        environment: text(fields, "environment"),
        realm: text(fields, "realm"),
        target: text(fields, "target"),
        family_id: text(fields, "family_id"),
        expires_on,
        expires_in: expires_on.map(|e| e.saturating_sub(options.now)),
        expired: expires_on.map(|e| is_expired(e, options.now)),
        app_only,
        secret,
        is_access_token: section == "AccessToken",
    }
}

fn describe_secret(value: &Value, with_claims: bool) -> Secret {
    let jwt = value.as_str().and_then(decode_jwt);
    let (header, claims) = match (&jwt, with_claims) {
        (Some((h, c)), true) => (Some(pick(h, &HEADER_FIELDS)), Some(pick(c, &CLAIM_FIELDS))),
        _ => (None, None),
    };
    Secret {
        bytes: Some(secret_len(value)),
        jwt: jwt.is_some(),
        header,
        claims,
    }
}

fn pick(from: &Map<String, Value>, fields: &[&str]) -> Map<String, Value> {
    fields
        .iter()
        .filter_map(|f| from.get(*f).map(|v| (f.to_string(), v.clone())))
        .collect()
}

fn text(fields: &Map<String, Value>, name: &str) -> Option<String> {
    match fields.get(name)? {
        Value::String(s) => Some(s.clone()),
        Value::Null => None,
        // An object or array where text belongs: shown as JSON, with any
        // secret inside it redacted (`{"client_secret": …}` under client_id).
        other => {
            let mut shown = other.clone();
            redact_secrets(&mut shown);
            Some(shown.to_string())
        }
    }
}

fn kind_of(value: &Value) -> &'static str {
    match value {
        Value::Object(_) => "an object",
        Value::Array(_) => "an array",
        Value::String(_) => "a string",
        Value::Number(_) => "a number",
        Value::Bool(_) => "a boolean",
        Value::Null => "null",
    }
}

fn bare_kind(value: &Value) -> &'static str {
    let kind = kind_of(value);
    kind.strip_prefix("an ")
        .or_else(|| kind.strip_prefix("a "))
        .unwrap_or(kind)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn b64(v: &Value) -> String {
        use base64::engine::general_purpose::URL_SAFE_NO_PAD;
        use base64::Engine as _;
        URL_SAFE_NO_PAD.encode(v.to_string())
    }

    #[test]
    fn describes_jwts_by_their_header_and_claims() {
        let jwt = format!(
            "{}.{}.c2ln",
            b64(&json!({"alg": "RS256", "typ": "JWT", "x5t": "t"})),
            b64(&json!({"aud": "api", "exp": 5, "oid": "o"}))
        );
        let secret = describe_secret(&json!(jwt), true);
        assert_eq!(
            secret.header.unwrap().keys().collect::<Vec<_>>(),
            ["alg", "typ"]
        );
        assert_eq!(
            secret.claims.unwrap().keys().collect::<Vec<_>>(),
            ["aud", "exp"]
        );
        let secret = describe_secret(&json!(jwt), false);
        assert!(secret.jwt && secret.claims.is_none());
    }

    #[test]
    fn app_only_tokens_are_shown_as_such_and_expire_after_their_second() {
        let doc = json!({
            "AccessToken": {
                "app": {"credential_type": "AccessToken", "client_id": "c", "home_account_id": null,
                        "secret": "s", "expires_on": "100"},
                "node-app": {"credential_type": "AccessToken", "client_id": "c", "home_account_id": "",
                             "secret": "s", "expires_on": "99"}
            },
            "RefreshToken": {"r": {"client_id": "c", "secret": "s"}}
        });
        let s = summarise(
            doc.as_object().unwrap(),
            Options {
                now: 100,
                claims: false,
            },
        );
        assert_eq!(
            s.warnings,
            ["RefreshToken entry \"r\" has no home_account_id"]
        );
        assert!(s.access_tokens.iter().all(|t| t.app_only));
        assert_eq!(s.access_tokens[0].expired, Some(false), "expires_on == now");
        assert_eq!(s.access_tokens[1].expired, Some(true));
    }

    #[test]
    fn warns_about_malformed_entries() {
        let doc = json!({
            "AccessToken": {"a": {"client_id": "c", "home_account_id": "h", "secret": "s"}, "b": 3},
            "Account": "oops",
            "Custom": {"x": 1}
        });
        let s = summarise(
            doc.as_object().unwrap(),
            Options {
                now: 0,
                claims: false,
            },
        );
        assert_eq!(
            s.warnings,
            [
                "AccessToken entry \"a\" has no readable expires_on",
                "AccessToken entry \"b\" is a number, not an object",
                "section Account is a string, not an object of entries",
            ]
        );
        assert_eq!(
            s.counts,
            *json!({"AccessToken": 2, "Custom": 1}).as_object().unwrap()
        );
        assert_eq!(s.other.len(), 2);
    }
}
