//! Redis Sentinel (`--redis-sentinel MASTER`): the master found through the
//! sentinels that `--redis-url` lists, with redis-rs's sentinel client.
//!
//! Every command asks anew: the sentinels are asked in turn for the master
//! (`SENTINEL MASTERS`, a master flagged down is skipped), the master named
//! is checked to be one (`ROLE`), and the command's connection is opened to
//! it as to one server (its user, database, password, TLS). A failover is
//! followed by asking again (see `RedisStore::with_failover`).

use redis::sentinel::{SentinelClient, SentinelClientBuilder, SentinelServerType};
use redis::{Connection, ConnectionAddr, ConnectionInfo, ErrorKind, RedisError, TlsCertificates};

use super::connect::{connection_info, socket_fds, RedisSettings};
use super::{RedisFault, RedisStore};
use crate::error::{Error, Result};

impl RedisStore {
    /// A connection to the master named `name`, found through the sentinels.
    pub(super) fn connect_sentinel(&self, name: &str) -> Result<Connection> {
        let sentinels = sentinel_nodes(&self.settings)?;
        let first = &sentinels[0];
        let tls = matches!(first.addr(), ConnectionAddr::TcpTls { .. });
        let mut builder = SentinelClientBuilder::new(
            sentinels.iter().map(|s| s.addr().clone()),
            name,
            SentinelServerType::Master,
        )
        .map_err(|e| self.fault(e, "configure the sentinel client"))?;
        // The master as one server: the URLs' user name and database, the
        // password of TOKENCACHE_REDIS_PASSWORD; the sentinels get only
        // their own password.
        let data = first.redis_settings();
        if let Some(user) = data.username() {
            builder = builder.set_client_to_redis_username(user);
        }
        if let Some(pw) = &self.settings.password {
            builder = builder.set_client_to_redis_password(pw.as_str());
        }
        builder = builder.set_client_to_redis_db(data.db());
        if let Some(pw) = &self.settings.sentinel_password {
            builder = builder.set_client_to_sentinel_password(pw.as_str());
        }
        if tls {
            // The sentinels' URLs are rediss://; the master they name is
            // reached over TLS too, with the same roots.
            builder = builder.set_client_to_redis_tls_mode(redis::TlsMode::Secure);
            if let Some(certs) = self.certificates(true)? {
                builder = sentinel_certs(builder, certs)?;
            }
        }
        let mut client = builder
            .build()
            .map_err(|e| self.fault(e, "configure the sentinel client"))?;
        // redis-rs's sentinel client sets no timeouts of its own: the
        // watchdog (Unix) cuts its sockets at the deadline.
        self.time_left()?;
        self.deadline.borrow().arm(socket_fds());
        let master = match client.get_client() {
            Ok(master) => master,
            Err(e) if e.kind() == ErrorKind::MasterNameNotFoundBySentinel => {
                return Err(self.no_master(&mut client, name, e));
            }
            Err(e)
                if e.kind() == ErrorKind::InvalidClientConfig
                    && e.to_string().contains("not point to a sentinel") =>
            {
                return Err(Error::Redis {
                    fault: RedisFault::Unreachable,
                    cause: format!(
                        "redis sentinels at {}: none of them answered as a sentinel (ROLE)",
                        self.settings.display_url()
                    ),
                    hint: "with --redis-sentinel, --redis-url lists the sentinels (port 26379 \
                           by default), not the master or its replicas"
                        .into(),
                });
            }
            Err(e) => return Err(self.fault(e, "find the master through the sentinels")),
        };
        let left = self.time_left()?;
        master
            .get_connection_with_timeout(left)
            .map_err(|e| self.fault(e, "connect to the master the sentinels named"))
    }

    /// No sentinel named a master that is up: either none of them knows
    /// `name` (a mistake in `--redis-sentinel`: said at once), or they know
    /// it and see it down (a failover under way: tried again within the
    /// deadline).
    fn no_master(&self, client: &mut SentinelClient, name: &str, err: RedisError) -> Error {
        if self.past_deadline() {
            return self.deadline_error("find the master through the sentinels");
        }
        let known = (|| -> redis::RedisResult<bool> {
            let sentinel = client.get_sentinel_client()?;
            let mut c =
                sentinel.get_connection_with_timeout(self.time_left().unwrap_or_default())?;
            match redis::cmd("SENTINEL")
                .arg("MASTER")
                .arg(name)
                .query::<redis::Value>(&mut c)
            {
                Ok(_) => Ok(true),
                Err(e) if e.to_string().contains("No such master") => Ok(false),
                Err(e) => Err(e),
            }
        })();
        let urls = self.settings.display_url();
        match known {
            Ok(false) => Error::Redis {
                fault: RedisFault::UnknownMaster,
                cause: format!("redis sentinels at {urls}: no master named `{name}` is monitored"),
                hint: "give --redis-sentinel the name the sentinels monitor (`redis-cli -p \
                       26379 SENTINEL MASTERS` lists them; `sentinel monitor NAME …` in their \
                       configuration), and check that --redis-url lists sentinels"
                    .into(),
            },
            _ => {
                self.failover.set(true);
                Error::Redis {
                    fault: RedisFault::Unreachable,
                    cause: format!(
                        "redis sentinels at {urls}: no master `{name}` is up ({err}): the \
                         sentinels see it down, or a failover is under way"
                    ),
                    hint: "check the master and its replicas (`SENTINEL MASTER NAME` on a \
                           sentinel), or raise --redis-timeout above the sentinels' \
                           down-after-milliseconds plus a failover"
                        .into(),
                }
            }
        }
    }
}

/// `--redis-url` as the comma-separated sentinels, each checked as a plain
/// URL is (no password in it); all with the same scheme, user and database
/// (the master's), none a Unix socket.
pub fn sentinel_nodes(settings: &RedisSettings) -> Result<Vec<ConnectionInfo>> {
    let bad = |message: String| Error::Config {
        message,
        hint: "give --redis-url redis://[user@]HOST:PORT[/db][,redis://HOST:PORT…] naming the \
               sentinels (rediss://… for TLS), all with the same user name and database"
            .into(),
    };
    let nodes: Vec<ConnectionInfo> = settings
        .url
        .split(',')
        .map(str::trim)
        .filter(|u| !u.is_empty())
        .map(|url| {
            let one = RedisSettings {
                url: url.to_string(),
                sentinel: None,
                ..settings.clone()
            };
            connection_info(&one)
        })
        .collect::<Result<_>>()?;
    let Some(first) = nodes.first() else {
        return Err(bad(
            "--redis-sentinel needs at least one sentinel in --redis-url".into(),
        ));
    };
    if nodes
        .iter()
        .any(|n| matches!(n.addr(), ConnectionAddr::Unix(_)))
    {
        return Err(bad(
            "--redis-sentinel cannot use a Unix socket: sentinels name the master by host and \
             port"
                .into(),
        ));
    }
    let tls = |n: &ConnectionInfo| matches!(n.addr(), ConnectionAddr::TcpTls { .. });
    let same = nodes.iter().all(|n| {
        tls(n) == tls(first)
            && n.redis_settings().username() == first.redis_settings().username()
            && n.redis_settings().db() == first.redis_settings().db()
    });
    if !same {
        return Err(bad(
            "the sentinels in --redis-url differ in scheme, user name or database".into(),
        ));
    }
    Ok(nodes)
}

/// The sentinel client trusting `--redis-ca-file`'s CA, for the sentinels
/// and the master: redis-rs takes certificates there only with rustls, the
/// TLS stack of the Linux (and other Unix) builds.
#[cfg(not(any(windows, target_os = "macos")))]
fn sentinel_certs(
    builder: SentinelClientBuilder,
    certs: TlsCertificates,
) -> Result<SentinelClientBuilder> {
    Ok(builder
        .set_client_to_sentinel_certificates(certs.clone())
        .set_client_to_redis_certificates(certs))
}

/// On Windows and macOS the OS's TLS stack is used, and redis-rs's sentinel
/// client takes no CA of its own there: the CA must be in the system's store.
#[cfg(any(windows, target_os = "macos"))]
fn sentinel_certs(_: SentinelClientBuilder, _: TlsCertificates) -> Result<SentinelClientBuilder> {
    Err(Error::Config {
        message: "--redis-ca-file cannot be used with --redis-sentinel on this platform".into(),
        hint: "add the CA to the system's trust store, which the sentinel client uses, and drop \
               --redis-ca-file"
            .into(),
    })
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;
    use crate::exit_code::ExitCode;
    use crate::store::redis::RedisLayout;

    fn settings(url: &str) -> RedisSettings {
        RedisSettings {
            url: url.into(),
            cluster: false,
            sentinel: Some("mymaster".into()),
            sentinel_password: None,
            password: None,
            ca_file: None,
            timeout: Duration::from_secs(1),
            key: Some("k".into()),
            prefix: String::new(),
            layout: RedisLayout::Auto,
            ttl: None,
            max_value: 16 << 20,
            test_pause_dir: None,
        }
    }

    #[test]
    fn sentinels_agree_on_scheme_user_and_database() {
        let nodes = sentinel_nodes(&settings(
            "redis://app@10.0.0.1:26379/2, redis://app@10.0.0.2:26379/2,",
        ))
        .unwrap();
        assert_eq!(nodes.len(), 2);
        assert_eq!(nodes[1].redis_settings().username(), Some("app"));
        assert_eq!(nodes[1].redis_settings().db(), 2);
        for url in [
            "redis://10.0.0.1:26379,rediss://10.0.0.2:26379",
            "redis://app@10.0.0.1:26379,redis://10.0.0.2:26379",
            "redis://10.0.0.1:26379/1,redis://10.0.0.2:26379",
            "redis+unix:///run/sentinel.sock",
            " , ",
        ] {
            let err = sentinel_nodes(&settings(url)).unwrap_err();
            assert_eq!(err.exit_code(), ExitCode::Usage, "{url}: {err}");
        }
        let err =
            sentinel_nodes(&settings("redis://10.0.0.1:26379,redis://:pw@10.0.0.2")).unwrap_err();
        assert!(!err.to_string().contains("pw@"), "{err}");
    }

    #[test]
    fn each_sentinel_is_redacted_in_messages() {
        let s = settings("redis://a:pw@h1:26379,redis://h2:26379");
        assert_eq!(s.display_url(), "redis://a:***@h1:26379,redis://h2:26379");
        assert_eq!(
            s.display_server(),
            "redis master `mymaster` (sentinels at redis://a:***@h1:26379,redis://h2:26379)"
        );
    }
}
