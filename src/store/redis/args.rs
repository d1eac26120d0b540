//! The Redis store's command-line options, how the layout is named on the
//! command line, and the settings they make (with the password, which no
//! option carries).
//!
//! The doc comments on the options are the terminal help text (clap prints
//! them as written), as in `cli.rs`.
#![allow(rustdoc::broken_intra_doc_links, rustdoc::invalid_html_tags)]

use std::path::PathBuf;
use std::time::Duration;

use clap::builder::{BoolishValueParser, PossibleValue};
use clap::{Args, ValueEnum};
use zeroize::Zeroizing;

use super::{RedisLayout, RedisSettings};
use crate::error::{Error, Result};
use crate::units::parse_duration;

/// The `--redis-*` options.
#[derive(Debug, Clone, Args)]
#[command(next_help_heading = "Redis options")]
pub struct RedisArgs {
    /// The Redis server, e.g. --redis-url rediss://cache.example.net:6380/0 [default: redis://127.0.0.1:6379]
    ///
    /// redis://[user@]host[:port][/db], rediss://… for TLS, or
    /// redis+unix:///path/to/socket?db=N. The user is an ACL user name. A
    /// password in the URL is refused: it would show in `ps` and shell
    /// history; use TOKENCACHE_REDIS_PASSWORD or --redis-password-file.
    /// With --redis-cluster: a comma-separated list of seed nodes, e.g.
    /// redis://10.0.0.1:7000,redis://10.0.0.2:7000. With --redis-sentinel:
    /// the sentinels, comma-separated, e.g.
    /// redis://10.0.0.1:26379,redis://10.0.0.2:26379 (the user name and
    /// database are the master's).
    #[arg(
        long,
        global = true,
        env = "TOKENCACHE_REDIS_URL",
        value_name = "URL",
        default_value = "redis://127.0.0.1:6379",
        hide_short_help = true
    )]
    pub redis_url: String,

    /// --redis-url names Redis Cluster seed nodes, e.g. --redis-cluster --redis-url redis://10.0.0.1:7000,redis://10.0.0.2:7000
    ///
    /// MOVED and ASK are followed.
    /// A write is a compare-and-set Lua script on the key (a cluster client
    /// cannot WATCH), retried when another writer got in between; `redis
    /// list` scans every master.
    #[arg(
        long,
        global = true,
        env = "TOKENCACHE_REDIS_CLUSTER",
        value_parser = BoolishValueParser::new(),
        hide_short_help = true
    )]
    pub redis_cluster: bool,

    /// Find the master named MASTER through the sentinels that --redis-url lists, e.g. --redis-sentinel mymaster
    ///
    /// Each command asks the sentinels for the master, checks that it is
    /// one (ROLE), and follows a failover: a command that fails because the
    /// master went away is tried again on the new master within
    /// --redis-timeout. The sentinels' password (if they have one) comes
    /// from TOKENCACHE_REDIS_SENTINEL_PASSWORD or
    /// --redis-sentinel-password-file; the master's, as for one server.
    #[arg(
        long,
        global = true,
        env = "TOKENCACHE_REDIS_SENTINEL",
        value_name = "MASTER",
        hide_short_help = true
    )]
    pub redis_sentinel: Option<String>,

    /// A file holding the sentinels' password, e.g. --redis-sentinel-password-file /run/secrets/sentinel (first line; not readable by others)
    ///
    /// TOKENCACHE_REDIS_SENTINEL_PASSWORD, when set, is used instead.
    /// Without either, the sentinels are asked without a password.
    #[arg(
        long,
        global = true,
        env = "TOKENCACHE_REDIS_SENTINEL_PASSWORD_FILE",
        value_name = "PATH",
        hide_short_help = true
    )]
    pub redis_sentinel_password_file: Option<PathBuf>,

    /// A file holding the Redis password, e.g. --redis-password-file /run/secrets/redis (first line; not readable by others)
    ///
    /// TOKENCACHE_REDIS_PASSWORD, when set, is used instead. No option takes
    /// the password itself.
    #[arg(
        long,
        global = true,
        env = "TOKENCACHE_REDIS_PASSWORD_FILE",
        value_name = "PATH",
        hide_short_help = true
    )]
    pub redis_password_file: Option<PathBuf>,

    /// CA certificates (PEM) to trust for rediss://, e.g. --redis-ca-file ca.pem [default: the system's roots]
    #[arg(
        long,
        global = true,
        env = "TOKENCACHE_REDIS_CA_FILE",
        value_name = "PATH",
        hide_short_help = true
    )]
    pub redis_ca_file: Option<PathBuf>,

    /// Give up on Redis after this long, e.g. --redis-timeout 2s (connecting, and each command)
    #[arg(
        long,
        global = true,
        env = "TOKENCACHE_REDIS_TIMEOUT",
        value_name = "DURATION",
        default_value = "5s",
        value_parser = parse_duration,
        hide_short_help = true
    )]
    pub redis_timeout: Duration,

    /// The partition key, e.g. --redis-key 6b1a….72f9… (a home account id <oid>.<tid>)
    ///
    /// msal-node: the key its partition manager returns (a home account id,
    /// <clientId>.<tenantId> for an app, or the OBO assertion hash).
    /// Microsoft.Identity.Web: MSAL.NET's SuggestedCacheKey, without the
    /// InstanceName (give that as --redis-prefix).
    #[arg(
        long,
        global = true,
        env = "TOKENCACHE_REDIS_KEY",
        value_name = "KEY",
        hide_short_help = true
    )]
    pub redis_key: Option<String>,

    /// A prefix put before every key: ASP.NET Core's InstanceName, e.g. --redis-prefix MyApp_
    #[arg(
        long,
        global = true,
        env = "TOKENCACHE_REDIS_PREFIX",
        value_name = "PREFIX",
        default_value = "",
        hide_default_value = true,
        hide_short_help = true
    )]
    pub redis_prefix: String,

    /// How the key holds the cache, e.g. --redis-layout aspnet (hash data/absexp/sldexp); string: msal-node [default: auto]
    #[arg(
        long,
        global = true,
        env = "TOKENCACHE_REDIS_LAYOUT",
        value_enum,
        hide_short_help = true
    )]
    pub redis_layout: Option<RedisLayout>,

    /// Give a key that write creates this time to live, e.g. --redis-ttl 24h (existing keys keep theirs)
    #[arg(
        long,
        global = true,
        env = "TOKENCACHE_REDIS_TTL",
        value_name = "DURATION",
        value_parser = parse_duration,
        hide_short_help = true
    )]
    pub redis_ttl: Option<Duration>,
}

impl RedisArgs {
    /// The store's settings: the options, the password from
    /// `TOKENCACHE_REDIS_PASSWORD` or `--redis-password-file`, and the
    /// largest value read (`max_value`).
    pub fn settings(&self, max_value: u64) -> Result<RedisSettings> {
        let password = match std::env::var("TOKENCACHE_REDIS_PASSWORD") {
            Ok(pw) if !pw.is_empty() => Some(Zeroizing::new(pw)),
            _ => match &self.redis_password_file {
                Some(path) => Some(read_password_file(path, "--redis-password-file")?),
                None => None,
            },
        };
        let sentinel = match &self.redis_sentinel {
            Some(name) if self.redis_cluster => {
                return Err(Error::Config {
                    message: format!(
                        "--redis-sentinel {name} and --redis-cluster cannot be combined: a \
                         cluster has no sentinels"
                    ),
                    hint: "give --redis-cluster for Redis Cluster seed nodes, or \
                           --redis-sentinel MASTER for the sentinels of a master and its \
                           replicas (check TOKENCACHE_REDIS_CLUSTER and \
                           TOKENCACHE_REDIS_SENTINEL)"
                        .into(),
                });
            }
            Some(name) if name.trim().is_empty() => {
                return Err(Error::Config {
                    message: "--redis-sentinel needs the master's name".into(),
                    hint: "give the name the sentinels monitor (`sentinel monitor NAME …` in \
                           their configuration), e.g. --redis-sentinel mymaster"
                        .into(),
                });
            }
            other => other.clone(),
        };
        let sentinel_password = match (
            &sentinel,
            std::env::var("TOKENCACHE_REDIS_SENTINEL_PASSWORD"),
        ) {
            (None, _) => None,
            (Some(_), Ok(pw)) if !pw.is_empty() => Some(Zeroizing::new(pw)),
            (Some(_), _) => match &self.redis_sentinel_password_file {
                Some(path) => Some(read_password_file(path, "--redis-sentinel-password-file")?),
                None => None,
            },
        };
        Ok(RedisSettings {
            url: self.redis_url.clone(),
            cluster: self.redis_cluster,
            sentinel,
            sentinel_password,
            password,
            ca_file: self.redis_ca_file.clone(),
            timeout: self.redis_timeout,
            key: self.redis_key.clone(),
            prefix: self.redis_prefix.clone(),
            layout: self.redis_layout.unwrap_or_default(),
            ttl: self.redis_ttl,
            max_value,
            // The tests' hook between WATCH and EXEC; release builds ignore it.
            test_pause_dir: if cfg!(debug_assertions) {
                std::env::var_os("TOKENCACHE_TEST_REDIS_PAUSE_DIR").map(PathBuf::from)
            } else {
                None
            },
        })
    }
}

/// The first line of a password file (given with `option`). The file must
/// be a regular file (no link followed) that others cannot read, like a key
/// file.
pub(crate) fn read_password_file(
    path: &std::path::Path,
    option: &str,
) -> Result<Zeroizing<String>> {
    let bad = |why: String| Error::Config {
        message: format!("{option} {}: {why}", path.display()),
        hint: "give a file holding only the password, mode 0600 (chmod 600 FILE)".into(),
    };
    // An unsafe file is exit 8, as an unsafe key file is (the exit-code
    // contract: permission and unsafe paths are 8); a missing or unreadable
    // one stays a usage error.
    let unsafe_file = |reason: String| Error::UnsafeOwnership {
        path: path.to_path_buf(),
        reason: format!("the {option} {reason}"),
        hint: "give a file holding only the password, yours, mode 0600 (chmod 600 FILE)".into(),
    };
    let meta = std::fs::symlink_metadata(path).map_err(|e| bad(e.to_string()))?;
    if !meta.is_file() {
        return Err(unsafe_file(
            "is not a regular file (links are not followed)".into(),
        ));
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        if meta.permissions().mode() & 0o077 != 0 {
            return Err(unsafe_file(format!(
                "is open to others (mode {:o})",
                meta.permissions().mode() & 0o777
            )));
        }
    }
    let bytes = Zeroizing::new(std::fs::read(path).map_err(|e| bad(e.to_string()))?);
    let text = std::str::from_utf8(&bytes).map_err(|_| bad("it is not UTF-8".into()))?;
    let line = text.lines().next().unwrap_or("");
    if line.is_empty() {
        return Err(bad("it is empty".into()));
    }
    Ok(Zeroizing::new(line.to_string()))
}

impl ValueEnum for RedisLayout {
    fn value_variants<'a>() -> &'a [Self] {
        &[RedisLayout::Auto, RedisLayout::String, RedisLayout::Aspnet]
    }

    fn to_possible_value(&self) -> Option<PossibleValue> {
        Some(match self {
            RedisLayout::Auto => PossibleValue::new("auto")
                .help("Decide from the key's type (a new key: string, or hash with a prefix)"),
            RedisLayout::String => PossibleValue::new("string")
                .help("A string holding the cache JSON (msal-node `DistributedCachePlugin`)"),
            RedisLayout::Aspnet => PossibleValue::new("aspnet").help(
                "A hash `data`/`absexp`/`sldexp` (ASP.NET Core `RedisCache`, Microsoft.Identity.Web)",
            ),
        })
    }
}
