//! The App Service managed-identity protocol, api-version 2019-08-01, as the
//! Azure SDKs speak it. Pure: a request target and headers in, a decision
//! out; no I/O.
//!
//! What the clients send (read from their sources):
//!
//! - MSAL Python 1.39 `msal/managed_identity.py`, `_obtain_token_on_app_service`
//!   (which azure-identity 1.27's `ManagedIdentityCredential` uses through
//!   `_internal/msal_managed_identity_client.py`): `GET $IDENTITY_ENDPOINT`
//!   with `api-version=2019-08-01`, `resource=R` and at most one of
//!   `client_id`, `mi_res_id`, `object_id`; headers `X-IDENTITY-HEADER:
//!   $IDENTITY_HEADER` and `Metadata: true`. It reads `access_token`,
//!   `expires_on` (`int(payload["expires_on"])`: a string of epoch seconds
//!   is fine), `resource` and `token_type`; anything else becomes
//!   `invalid_scope` with `"{statusCode}, {message}"` of the body, which
//!   azure-identity shows in its error.
//! - msal-node 7.2 `client/ManagedIdentitySources/AppService`
//!   (@azure/identity 4.14's `ManagedIdentityCredential`): the same
//!   parameters (`client_id`, `mi_res_id`, `object_id`) and header, plus
//!   `token_sha256_to_refresh` and `xms_cc` in some requests, which are
//!   accepted and ignored here. `BaseManagedIdentitySource.getServerTokenResponse`
//!   reads `expires_on` (epoch seconds, or ISO 8601), `access_token`,
//!   `resource`, `token_type`, and for errors `error` and `message`. Its
//!   retry policy retries 404, 408, 429, 500, 503 and 504: a refusal that a
//!   retry cannot change is therefore a 400, never one of those.
//! - App Service's documentation names the object id parameter
//!   `principal_id`; the SDKs send `object_id`. Both are accepted.

use std::borrow::Cow;

/// The only api-version spoken.
pub const API_VERSION: &str = "2019-08-01";
/// The endpoint's path.
pub const PATH: &str = "/msi/token";
/// The header that carries the secret (compared ignoring case, as HTTP
/// header names are).
pub const SECRET_HEADER: &str = "x-identity-header";

/// The identity a request names, if any.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Identity {
    /// `client_id`: a user-assigned identity's client (application) id.
    ClientId(String),
    /// `object_id` or `principal_id`: its object (principal) id.
    ObjectId(String),
    /// `mi_res_id`: its Azure resource id.
    ResourceId(String),
}

/// A token request, its parameters decoded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TokenRequest {
    /// `resource`.
    pub resource: String,
    /// The identity named, if one is.
    pub identity: Option<Identity>,
}

/// Why a request is refused: the HTTP status, a short machine-readable
/// code and a sentence for people. Never holds a token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    /// The HTTP status.
    pub status: u16,
    /// `error` in the body.
    pub error: &'static str,
    /// `message` (and `error_description`) in the body.
    pub message: String,
}

impl Refusal {
    /// A refusal with `status`, `error` and `message`.
    pub fn new(status: u16, error: &'static str, message: impl Into<String>) -> Refusal {
        Refusal {
            status,
            error,
            message: message.into(),
        }
    }

    /// The JSON body: `statusCode` and `message` as App Service writes its
    /// errors (what MSAL Python shows), `error` and `error_description` as
    /// OAuth does (what msal-node reads).
    pub fn body(&self) -> String {
        serde_json::json!({
            "statusCode": self.status,
            "message": self.message,
            "error": self.error,
            "error_description": self.message,
        })
        .to_string()
    }
}

/// Parse the request target's query (after `?`) into a [`TokenRequest`].
pub fn parse_query(query: &str) -> Result<TokenRequest, Refusal> {
    let bad = |message: String| Refusal::new(400, "invalid_request", message);
    let mut api_version = None;
    let mut resource = None;
    let mut identity: Option<(String, Identity)> = None;
    let mut seen: Vec<String> = Vec::new();
    for pair in query.split('&').filter(|p| !p.is_empty()) {
        let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
        let name = decode(name).ok_or_else(|| {
            bad("a query parameter name is not valid percent-encoded UTF-8".into())
        })?;
        let value = decode(value).ok_or_else(|| {
            bad(format!(
                "the query parameter {} is not valid percent-encoded UTF-8",
                shown(&name)
            ))
        })?;
        if seen.iter().any(|s| *s == name) {
            return Err(bad(format!(
                "the query parameter {} is given twice",
                shown(&name)
            )));
        }
        seen.push(name.to_string());
        let id = match &*name {
            "api-version" => {
                api_version = Some(value.into_owned());
                continue;
            }
            "resource" => {
                resource = Some(value.into_owned());
                continue;
            }
            "client_id" => Identity::ClientId(value.into_owned()),
            "object_id" | "principal_id" => Identity::ObjectId(value.into_owned()),
            "mi_res_id" => Identity::ResourceId(value.into_owned()),
            // msal-node's token_sha256_to_refresh and xms_cc, and whatever
            // else a client adds: App Service ignores what it does not use.
            _ => continue,
        };
        if let Some((first, _)) = &identity {
            return Err(bad(format!(
                "both {first} and {} name an identity; give at most one",
                shown(&name)
            )));
        }
        identity = Some((name.into_owned(), id));
    }
    match api_version.as_deref() {
        Some(API_VERSION) => {}
        Some(other) => {
            return Err(bad(format!(
                "api-version {} is not spoken here; only {API_VERSION} (the App Service protocol)",
                shown(other)
            )))
        }
        None => {
            return Err(bad(format!(
                "the query has no api-version; add api-version={API_VERSION}"
            )))
        }
    }
    let resource = match resource {
        Some(r) if !r.trim().is_empty() => r,
        _ => return Err(bad(
            "the query has no resource; add resource=R (for example https://management.azure.com/)"
                .into(),
        )),
    };
    Ok(TokenRequest {
        resource,
        identity: identity.map(|(_, id)| id),
    })
}

/// The scope a resource stands for: `R/.default`, as the SDKs turn a scope
/// into a resource by dropping `/.default` (azure-identity's
/// `_scopes_to_resource`, msal-node's `ManagedIdentityApplication`). A
/// resource that already ends in `/.default` is taken as the scope.
pub fn scope_of(resource: &str) -> String {
    if resource.ends_with("/.default") {
        resource.to_string()
    } else {
        format!("{resource}/.default")
    }
}

/// The success body: `access_token`, `expires_on` (epoch seconds, as a
/// string, as App Service writes it), `resource` (as asked),
/// `token_type` and `client_id`.
pub fn token_body(access_token: &str, expires_on: i64, resource: &str, client_id: &str) -> String {
    serde_json::json!({
        "access_token": access_token,
        "expires_on": expires_on.to_string(),
        "resource": resource,
        "token_type": "Bearer",
        "client_id": client_id,
    })
    .to_string()
}

/// Compare the secret in constant time (for equal lengths).
pub fn secret_matches(given: &[u8], secret: &[u8]) -> bool {
    if given.len() != secret.len() {
        return false;
    }
    given
        .iter()
        .zip(secret)
        .fold(0u8, |acc, (a, b)| acc | (a ^ b))
        == 0
}

/// Percent-decode a query component (`+` is a space, as form encoding
/// writes it); `None` for a bad escape or bytes that are not UTF-8.
fn decode(s: &str) -> Option<Cow<'_, str>> {
    if !s.contains(['%', '+']) {
        return Some(Cow::Borrowed(s));
    }
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' => {
                let hex = bytes.get(i + 1..i + 3)?;
                let hex = std::str::from_utf8(hex).ok()?;
                out.push(u8::from_str_radix(hex, 16).ok()?);
                i += 2;
            }
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8(out).ok().map(Cow::Owned)
}

/// A value from the request, for a message: control characters escaped,
/// at most 200 characters.
pub fn shown(s: &str) -> String {
    let cut: String = s.chars().take(200).collect();
    let more = if cut.len() < s.len() { "…" } else { "" };
    format!("`{}{more}`", crate::text::escape_controls(&cut))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn queries_the_sdks_send_are_understood() {
        let q = parse_query(
            "api-version=2019-08-01&resource=https%3A%2F%2Fmanagement.azure.com&client_id=abc",
        )
        .unwrap();
        assert_eq!(q.resource, "https://management.azure.com");
        assert_eq!(q.identity, Some(Identity::ClientId("abc".into())));
        for (name, id) in [
            ("object_id", Identity::ObjectId("o".into())),
            ("principal_id", Identity::ObjectId("o".into())),
            ("mi_res_id", Identity::ResourceId("o".into())),
        ] {
            let q = parse_query(&format!("resource=r&api-version=2019-08-01&{name}=o")).unwrap();
            assert_eq!(q.identity, Some(id));
        }
        // msal-node's extra parameters are ignored.
        let q =
            parse_query("api-version=2019-08-01&resource=r&xms_cc=cp1&token_sha256_to_refresh=ab")
                .unwrap();
        assert_eq!(q.identity, None);
    }

    #[test]
    fn bad_queries_are_400_and_say_why() {
        for (query, says) in [
            ("resource=r", "no api-version"),
            ("api-version=2017-09-01&resource=r", "2017-09-01"),
            ("api-version=2019-08-01", "no resource"),
            ("api-version=2019-08-01&resource=", "no resource"),
            ("api-version=2019-08-01&resource=a&resource=b", "twice"),
            (
                "api-version=2019-08-01&resource=a&client_id=x&object_id=y",
                "at most one",
            ),
            ("api-version=2019-08-01&resource=%zz", "percent-encoded"),
            ("api-version=2019-08-01&resource=%ff", "percent-encoded"),
        ] {
            let r = parse_query(query).unwrap_err();
            assert_eq!(r.status, 400, "{query}");
            assert!(r.message.contains(says), "{query}: {}", r.message);
        }
    }

    #[test]
    fn scopes_and_bodies() {
        assert_eq!(
            scope_of("https://vault.azure.net"),
            "https://vault.azure.net/.default"
        );
        assert_eq!(
            scope_of("https://management.core.windows.net/"),
            "https://management.core.windows.net//.default"
        );
        assert_eq!(scope_of("api://x/.default"), "api://x/.default");
        assert_eq!(
            token_body("t", 5, "r", "c"),
            r#"{"access_token":"t","expires_on":"5","resource":"r","token_type":"Bearer","client_id":"c"}"#
        );
        let body: serde_json::Value =
            serde_json::from_str(&Refusal::new(400, "x", "why").body()).unwrap();
        assert_eq!(body["statusCode"], 400);
        assert_eq!(body["message"], "why");
        assert!(secret_matches(b"abc", b"abc"));
        assert!(!secret_matches(b"abd", b"abc"));
        assert!(!secret_matches(b"ab", b"abc"));
    }
}
