//! The one network call tokencache makes: an HTTPS form POST to a token
//! endpoint (`token --refresh`), through ureq over the TLS stack the Redis
//! store already links (rustls with ring on Linux and other Unixes; the OS's
//! own TLS through native-tls on Windows and macOS).
//!
//! - **HTTPS only**: an `http://` URL is refused before anything is sent,
//!   and redirects are not followed (a token endpoint never redirects; a
//!   redirect would carry the refresh token to another place).
//! - **Trust**: the system's trust store (Linux: the distribution's CA
//!   bundle, as Go and curl find it; Windows and macOS: the OS store) plus
//!   the certificates of `SSL_CERT_FILE` and `SSL_CERT_DIR`, where set.
//!   On Windows and macOS the OS store is read only when neither is set
//!   (rustls-native-certs reads one or the other there).
//! - **Proxy**: `https_proxy` / `HTTPS_PROXY`, else `all_proxy` /
//!   `ALL_PROXY`, skipped for a host `no_proxy` / `NO_PROXY` names, as curl
//!   reads them (`HTTP_PROXY` is for `http://` URLs, which are never used);
//!   one set to something that is not a proxy URL is an error, not a
//!   reason to connect directly.
//! - **Deadline**: one bound on the whole call (connecting, TLS, sending,
//!   reading); the caller spreads it over its attempts.
//!
//! Nothing here logs, and an error never quotes the request body.

use std::sync::Arc;
use std::time::Duration;

use ureq::tls::{Certificate, RootCerts, TlsConfig, TlsProvider};

/// A response: status and body (at most [`MAX_BODY`] bytes).
#[derive(Debug)]
pub struct Response {
    /// The HTTP status.
    pub status: u16,
    /// The body, as text.
    pub body: String,
    /// The `Retry-After` header, as sent (a number of seconds or a date).
    pub retry_after: Option<String>,
}

/// The largest response body read: a token response is a few KiB.
pub const MAX_BODY: u64 = 1 << 20;

/// Why the call failed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Failure {
    /// The URL is not `https://`, or cannot be parsed.
    BadUrl(String),
    /// The deadline passed.
    Timeout,
    /// Anything else on the way: DNS, connection, TLS, proxy, a body that
    /// could not be read. The text names no secret.
    Network(String),
}

impl std::fmt::Display for Failure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Failure::BadUrl(why) => write!(f, "{why}"),
            Failure::Timeout => write!(f, "no answer within the time allowed"),
            Failure::Network(why) => write!(f, "{why}"),
        }
    }
}

/// POST `form` (`application/x-www-form-urlencoded`) with `headers` to
/// `url`, within `timeout`.
pub fn post_form(
    url: &str,
    headers: &[(&str, String)],
    form: &[(&str, &str)],
    timeout: Duration,
) -> Result<Response, Failure> {
    let host = https_host(url)?;
    crate::store::redis::install_crypto_provider();
    let mut config = ureq::Agent::config_builder()
        .https_only(true)
        .max_redirects(0)
        .http_status_as_error(false)
        .timeout_global(Some(timeout))
        .user_agent(concat!("tokencache/", env!("CARGO_PKG_VERSION")))
        .tls_config(tls_config())
        .proxy(proxy_for(&host, &|name| std::env::var(name).ok())?);
    if timeout.is_zero() {
        config = config.timeout_global(Some(Duration::from_millis(1)));
    }
    let agent: ureq::Agent = config.build().into();
    let mut request = agent.post(url);
    for (name, value) in headers {
        request = request.header(*name, value.as_str());
    }
    let mut response = request.send_form(form.iter().copied()).map_err(failure)?;
    let status = response.status().as_u16();
    let retry_after = response
        .headers()
        .get("retry-after")
        .and_then(|v| v.to_str().ok())
        .map(str::to_string);
    let body = response
        .body_mut()
        .with_config()
        .limit(MAX_BODY)
        .read_to_string()
        .map_err(failure)?;
    Ok(Response {
        status,
        body,
        retry_after,
    })
}

/// The host of an `https://` URL, lowercase, without port or brackets.
pub fn https_host(url: &str) -> Result<String, Failure> {
    let rest = url
        .strip_prefix("https://")
        .ok_or_else(|| Failure::BadUrl(format!("`{url}` is not an https:// URL")))?;
    let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
    let host_port = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
    let host = if let Some(v6) = host_port.strip_prefix('[') {
        v6.split(']').next().unwrap_or("")
    } else {
        host_port.split(':').next().unwrap_or("")
    };
    if host.is_empty() {
        return Err(Failure::BadUrl(format!("`{url}` names no host")));
    }
    Ok(host.to_ascii_lowercase())
}

fn failure(e: ureq::Error) -> Failure {
    match e {
        ureq::Error::Timeout(_) => Failure::Timeout,
        other => Failure::Network(other.to_string()),
    }
}

fn tls_config() -> TlsConfig {
    #[cfg(not(any(windows, target_os = "macos")))]
    let provider = TlsProvider::Rustls;
    #[cfg(any(windows, target_os = "macos"))]
    let provider = TlsProvider::NativeTls;
    let roots: Vec<Certificate<'static>> = trust_anchors()
        .iter()
        .map(|der| Certificate::from_der(der).to_owned())
        .collect();
    TlsConfig::builder()
        .provider(provider)
        .root_certs(RootCerts::Specific(Arc::new(roots)))
        .build()
}

/// Linux and other Unixes: the CA bundles where distributions keep them
/// (the list Go's crypto/x509 reads), the first that exists.
#[cfg(not(any(windows, target_os = "macos")))]
const SYSTEM_BUNDLES: [&str; 6] = [
    "/etc/ssl/certs/ca-certificates.crt",
    "/etc/pki/tls/certs/ca-bundle.crt",
    "/etc/ssl/ca-bundle.pem",
    "/etc/pki/tls/cacert.pem",
    "/etc/pki/ca-trust/extracted/pem/tls-ca-bundle.pem",
    "/etc/ssl/cert.pem",
];

/// The certificates trusted: the system's and `SSL_CERT_FILE`'s /
/// `SSL_CERT_DIR`'s (DER).
fn trust_anchors() -> Vec<Vec<u8>> {
    let mut certs: Vec<Vec<u8>> = Vec::new();
    let env_file = std::env::var_os("SSL_CERT_FILE").map(std::path::PathBuf::from);
    let env_dir = std::env::var_os("SSL_CERT_DIR").map(std::path::PathBuf::from);
    #[cfg(not(any(windows, target_os = "macos")))]
    {
        if let Some(bundle) = SYSTEM_BUNDLES
            .iter()
            .map(std::path::Path::new)
            .find(|p| p.is_file())
        {
            let found = rustls_native_certs::load_certs_from_paths(Some(bundle), None);
            certs.extend(found.certs.iter().map(|c| c.to_vec()));
        }
        if env_file.is_some() || env_dir.is_some() {
            let found =
                rustls_native_certs::load_certs_from_paths(env_file.as_deref(), env_dir.as_deref());
            certs.extend(found.certs.iter().map(|c| c.to_vec()));
        }
    }
    #[cfg(any(windows, target_os = "macos"))]
    {
        // With SSL_CERT_FILE or SSL_CERT_DIR set, these are what it reads;
        // else the OS store.
        let _ = (&env_file, &env_dir);
        let found = rustls_native_certs::load_native_certs();
        certs.extend(found.certs.iter().map(|c| c.to_vec()));
    }
    certs.sort();
    certs.dedup();
    certs
}

/// The proxy for `host`, as curl chooses it for an `https://` URL. A
/// variable that is set but names no usable proxy is an error, as in curl:
/// going around the proxy the user asked for would be worse than failing.
fn proxy_for(
    host: &str,
    var: &dyn Fn(&str) -> Option<String>,
) -> Result<Option<ureq::Proxy>, Failure> {
    let set = |name: &str| var(name).filter(|v| !v.trim().is_empty());
    let no_proxy = set("no_proxy").or_else(|| set("NO_PROXY"));
    if no_proxy.is_some_and(|list| bypasses(&list, host)) {
        return Ok(None);
    }
    let Some((name, url)) = ["https_proxy", "HTTPS_PROXY", "all_proxy", "ALL_PROXY"]
        .into_iter()
        .find_map(|name| set(name).map(|url| (name, url)))
    else {
        return Ok(None);
    };
    // The URL may hold a password: the message names the variable only.
    ureq::Proxy::new(url.trim()).map(Some).map_err(|_| {
        Failure::Network(format!(
            "{name} is set but is not a proxy URL (http://HOST:PORT, socks5://…)"
        ))
    })
}

/// Whether curl's `NO_PROXY` list names `host`: `*` is every host; an entry
/// matches the host itself and its subdomains (a leading dot is optional);
/// a port after the name is ignored; compared ignoring case.
pub fn bypasses(list: &str, host: &str) -> bool {
    let host = host.trim_end_matches('.').to_ascii_lowercase();
    list.split([',', ' '])
        .map(str::trim)
        .filter(|e| !e.is_empty())
        .any(|entry| {
            if entry == "*" {
                return true;
            }
            let entry = entry
                .strip_prefix('[')
                .map_or(entry, |e| e.split(']').next().unwrap_or(e));
            let name = match entry.rsplit_once(':') {
                Some((name, port))
                    if port.chars().all(|c| c.is_ascii_digit()) && !name.contains(':') =>
                {
                    name
                }
                _ => entry,
            };
            let name = name
                .trim_start_matches('.')
                .trim_end_matches('.')
                .to_ascii_lowercase();
            !name.is_empty() && (host == name || host.ends_with(&format!(".{name}")))
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_https_urls_and_their_host() {
        assert_eq!(
            https_host("https://Login.MicrosoftOnline.com/t/oauth2/v2.0/token").unwrap(),
            "login.microsoftonline.com"
        );
        assert_eq!(https_host("https://localhost:8443/x").unwrap(), "localhost");
        assert_eq!(https_host("https://[::1]:8443/x").unwrap(), "::1");
        assert!(matches!(
            https_host("http://login.microsoftonline.com/t"),
            Err(Failure::BadUrl(_))
        ));
        assert!(https_host("https:///t").is_err());
    }

    #[test]
    fn no_proxy_as_curl_reads_it() {
        assert!(bypasses("*", "login.microsoftonline.com"));
        assert!(bypasses(
            "example.org, microsoftonline.com",
            "login.microsoftonline.com"
        ));
        assert!(bypasses(
            ".microsoftonline.com",
            "login.microsoftonline.com"
        ));
        assert!(bypasses("localhost:8443", "LOCALHOST"));
        assert!(bypasses("[::1]", "::1"));
        assert!(!bypasses("online.com", "login.microsoftonline.com"));
        assert!(!bypasses("", "localhost"));
    }

    #[test]
    fn the_proxy_is_https_proxy_then_all_proxy_unless_no_proxy() {
        let env = |pairs: &'static [(&'static str, &'static str)]| {
            move |name: &str| {
                pairs
                    .iter()
                    .find(|(k, _)| *k == name)
                    .map(|(_, v)| v.to_string())
            }
        };
        let host =
            |p: Result<Option<ureq::Proxy>, Failure>| p.unwrap().map(|p| p.host().to_string());
        assert_eq!(host(proxy_for("h", &env(&[]))), None);
        // HTTP_PROXY is not for https:// URLs.
        assert_eq!(
            host(proxy_for("h", &env(&[("HTTP_PROXY", "http://p1:3128")]))),
            None
        );
        assert_eq!(
            host(proxy_for(
                "h",
                &env(&[
                    ("ALL_PROXY", "http://p2:3128"),
                    ("HTTPS_PROXY", "http://p3:3128")
                ])
            )),
            Some("p3".into())
        );
        assert_eq!(
            host(proxy_for(
                "login.microsoftonline.com",
                &env(&[
                    ("HTTPS_PROXY", "http://p3:3128"),
                    ("NO_PROXY", "microsoftonline.com")
                ])
            )),
            None
        );
        // Set but unusable: an error naming the variable, never its value.
        let bad = proxy_for("h", &env(&[("https_proxy", "ftp://u:secret@p4")])).unwrap_err();
        assert!(bad.to_string().starts_with("https_proxy is set"), "{bad}");
        assert!(!bad.to_string().contains("secret"));
    }
}
