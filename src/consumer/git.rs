//! git's credential-helper protocol (`git help credential`, "INPUT/OUTPUT
//! FORMAT"): git runs the helper with `get`, `store` or `erase` and writes
//! `key=value` lines to its stdin, ending with a blank line or end of input
//! (`protocol`, `host` with its port, `path`, `username`, and from git 2.46
//! `capability[]=authtype`). For `get` the helper prints the attributes it
//! knows; printing nothing lets git ask the next helper.
//!
//! A token is offered only to the hosts configured (`--host`), and never over
//! plain `http` except to a loopback address (a local proxy or a test
//! server): the bearer token would otherwise cross the network in clear.

/// The hosts answered by default: Azure DevOps and its older
/// `*.visualstudio.com` names.
pub const DEFAULT_HOSTS: [&str; 2] = ["dev.azure.com", "*.visualstudio.com"];

/// Azure DevOps' resource, as a scope (Git Credential Manager asks for it).
pub const DEFAULT_SCOPE: &str = "499b84ac-1321-427f-aa17-267ca6975798/.default";

/// What git asked.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Request {
    /// `protocol`: `https`, `http`, …
    pub protocol: Option<String>,
    /// `host`, with the port if the URL had one.
    pub host: Option<String>,
    /// `username`, when the URL or the configuration names one.
    pub username: Option<String>,
    /// Whether git announced `capability[]=authtype`.
    pub authtype: bool,
}

/// Input git would never send.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BadRequest(pub String);

/// Parse the attributes, up to the first blank line.
pub fn parse(input: &str) -> Result<Request, BadRequest> {
    let mut request = Request::default();
    for line in input.lines() {
        let line = line.strip_suffix('\r').unwrap_or(line);
        if line.is_empty() {
            break;
        }
        let Some((key, value)) = line.split_once('=') else {
            return Err(BadRequest(format!(
                "`{}` is not a key=value line",
                crate::text::escape_controls(line)
            )));
        };
        match key {
            "protocol" => request.protocol = Some(value.to_string()),
            "host" => request.host = Some(value.to_string()),
            "username" => request.username = Some(value.to_string()),
            "capability[]" if value == "authtype" => request.authtype = true,
            _ => {}
        }
    }
    Ok(request)
}

/// Whether `host` (with its port, as git gives it) is one of `patterns`: a
/// name (any port unless the pattern gives one), or `*.domain` for any name
/// under that domain. Case is ignored.
pub fn host_matches(host: &str, patterns: &[String]) -> bool {
    let host = host.to_ascii_lowercase();
    let name = strip_port(&host);
    patterns.iter().any(|pattern| {
        let pattern = pattern.to_ascii_lowercase();
        match pattern.strip_prefix("*.") {
            Some(domain) => name
                .strip_suffix(domain)
                .is_some_and(|sub| sub.len() > 1 && sub.ends_with('.')),
            None if pattern.contains(':') && !pattern.starts_with('[') => host == pattern,
            None if pattern.starts_with('[') && pattern.contains("]:") => host == pattern,
            None => name == pattern,
        }
    })
}

/// The host name without its `:port` (`[::1]:8080` → `[::1]`).
fn strip_port(host: &str) -> &str {
    if host.starts_with('[') {
        return host.find(']').map_or(host, |end| &host[..=end]);
    }
    host.rsplit_once(':').map_or(host, |(name, _)| name)
}

/// Whether a token may be sent with this protocol to this host: `https`, or
/// `http` to a loopback address.
pub fn protocol_allowed(protocol: Option<&str>, host: &str) -> bool {
    match protocol {
        Some("https") => true,
        Some("http") => {
            let name = strip_port(host);
            name == "localhost" || name == "[::1]" || name.starts_with("127.")
        }
        _ => false,
    }
}

/// The answer to `get`: the token as the password (every git), and as a
/// bearer credential when git understands one.
pub fn answer(request: &Request, username: &str, token: &str, expires_on: i64) -> String {
    let mut out = String::new();
    if request.authtype {
        out += "capability[]=authtype\n";
        out += "authtype=Bearer\n";
        out += &format!("credential={token}\n");
    }
    out += &format!(
        "username={}\n",
        request.username.as_deref().unwrap_or(username)
    );
    out += &format!("password={token}\n");
    out += &format!("password_expiry_utc={expires_on}\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hosts(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn parses_what_git_sends() {
        let r = parse("protocol=https\nhost=dev.azure.com\npath=org/repo\ncapability[]=authtype\ncapability[]=state\n\nignored=after\n").unwrap();
        assert_eq!(r.protocol.as_deref(), Some("https"));
        assert_eq!(r.host.as_deref(), Some("dev.azure.com"));
        assert!(r.authtype);
        assert_eq!(parse("protocol=https\r\n").unwrap().host, None);
        assert!(parse("nonsense\n").is_err());
    }

    #[test]
    fn hosts_and_wildcards() {
        let d = hosts(&DEFAULT_HOSTS);
        assert!(host_matches("dev.azure.com", &d));
        assert!(host_matches("DEV.azure.com:443", &d));
        assert!(host_matches("contoso.visualstudio.com", &d));
        assert!(!host_matches("visualstudio.com", &d));
        assert!(!host_matches("evilvisualstudio.com", &d));
        assert!(!host_matches("github.com", &d));
        assert!(!host_matches("dev.azure.com.evil.example", &d));
        let local = hosts(&["127.0.0.1:8080"]);
        assert!(host_matches("127.0.0.1:8080", &local));
        assert!(!host_matches("127.0.0.1:8081", &local));
        assert!(host_matches("[::1]:9", &hosts(&["[::1]"])));
    }

    #[test]
    fn plain_http_only_to_loopback() {
        assert!(protocol_allowed(Some("https"), "dev.azure.com"));
        assert!(protocol_allowed(Some("http"), "127.0.0.1:8080"));
        assert!(protocol_allowed(Some("http"), "localhost"));
        assert!(!protocol_allowed(Some("http"), "dev.azure.com"));
        assert!(!protocol_allowed(None, "dev.azure.com"));
    }

    #[test]
    fn answers() {
        let mut r = parse("protocol=https\nhost=dev.azure.com\n").unwrap();
        assert_eq!(
            answer(&r, "alice@contoso.com", "tok", 5),
            "username=alice@contoso.com\npassword=tok\npassword_expiry_utc=5\n"
        );
        r.authtype = true;
        r.username = Some("me".into());
        assert_eq!(
            answer(&r, "alice@contoso.com", "tok", 5),
            "capability[]=authtype\nauthtype=Bearer\ncredential=tok\nusername=me\npassword=tok\npassword_expiry_utc=5\n"
        );
    }
}
