//! Connecting: the settings, the URL (never with a password in it), TLS and
//! the timeouts.

use std::cell::RefMut;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use redis::cluster::{ClusterClient, ClusterConnection};
use redis::{
    Client, Cmd, Connection, ConnectionAddr, ConnectionInfo, ConnectionLike, IntoConnectionInfo,
    RedisResult, TlsCertificates, Value,
};
use zeroize::Zeroizing;

use super::{RedisLayout, RedisStore};
use crate::error::{Error, Result};
pub(crate) use crate::store::deadline::{socket_fds, Deadline, Sockets};

/// What the Redis store needs to know, built by its `args.rs`.
#[derive(Clone)]
pub struct RedisSettings {
    /// `--redis-url`, without a password.
    pub url: String,
    /// `--redis-cluster`: `url` is a comma-separated list of cluster seed nodes.
    pub cluster: bool,
    /// `--redis-sentinel`: the master's name; `url` is then a comma-separated
    /// list of sentinels.
    pub sentinel: Option<String>,
    /// The sentinels' password, from `TOKENCACHE_REDIS_SENTINEL_PASSWORD` or
    /// `--redis-sentinel-password-file`.
    pub sentinel_password: Option<Zeroizing<String>>,
    /// From `TOKENCACHE_REDIS_PASSWORD` or `--redis-password-file`.
    pub password: Option<Zeroizing<String>>,
    /// `--redis-ca-file`: PEM roots to trust instead of the system's.
    pub ca_file: Option<PathBuf>,
    /// `--redis-timeout`: connecting, and every command.
    pub timeout: Duration,
    /// `--redis-key`: the partition (the key without the prefix).
    pub key: Option<String>,
    /// `--redis-prefix`: ASP.NET's `InstanceName`.
    pub prefix: String,
    /// `--redis-layout`.
    pub layout: RedisLayout,
    /// `--redis-ttl`: the TTL of a key tokencache creates.
    pub ttl: Option<Duration>,
    /// The largest value read (`TOKENCACHE_MAX_SIZE`, 16 MiB by default).
    pub max_value: u64,
    /// For tests only (`TOKENCACHE_TEST_REDIS_PAUSE_DIR`, honoured by debug
    /// builds only): after each `WATCH` and read,
    /// create `<dir>/watched-<attempt>` and wait for `<dir>/go-<attempt>`, so
    /// a test can change the key between tokencache's read and its write.
    pub test_pause_dir: Option<PathBuf>,
}

impl std::fmt::Debug for RedisSettings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RedisSettings")
            .field("url", &self.display_url())
            .field("cluster", &self.cluster)
            .field("sentinel", &self.sentinel)
            .field(
                "sentinel_password",
                &self.sentinel_password.as_ref().map(|_| "<redacted>"),
            )
            .field("password", &self.password.as_ref().map(|_| "<redacted>"))
            .field("ca_file", &self.ca_file)
            .field("timeout", &self.timeout)
            .field("key", &self.key)
            .field("prefix", &self.prefix)
            .field("layout", &self.layout)
            .field("ttl", &self.ttl)
            .field("max_value", &self.max_value)
            .finish()
    }
}

impl RedisSettings {
    /// `--redis-url` as it may be shown: with any password in it replaced by
    /// `***` (see `redact_url`). Every message, description and `--json`
    /// field shows this, never `url` itself.
    /// With `--redis-cluster` or `--redis-sentinel`, each node is redacted
    /// on its own.
    pub fn display_url(&self) -> String {
        if self.cluster || self.sentinel.is_some() {
            return self
                .url
                .split(',')
                .map(redact_url)
                .collect::<Vec<_>>()
                .join(",");
        }
        redact_url(&self.url)
    }
}

impl RedisSettings {
    /// The server as messages name it: `redis at URL`, or through
    /// sentinels `redis master `NAME` (sentinels at URLS)`.
    pub fn display_server(&self) -> String {
        match &self.sentinel {
            Some(name) => format!(
                "redis master `{name}` (sentinels at {})",
                self.display_url()
            ),
            None => format!("redis at {}", self.display_url()),
        }
    }
}

/// `url` with every password in it replaced by `***`, whether or not it
/// parses (a URL that does not parse is quoted in errors, and may hold a
/// password just the same): the userinfo's password (`user:pw@`, `:pw@`,
/// taken up to the **last** `@` before the query, so a password holding `@`
/// or a malformed `redis:///:pw@host` is covered too), the values of query
/// parameters that name a secret (`pass`, `password`, `pwd`, `secret`,
/// `token`, `auth`, any case), and a fragment. A user name alone is kept.
pub fn redact_url(url: &str) -> String {
    let (before_fragment, fragment) = match url.split_once('#') {
        Some((b, _)) => (b, Some("***")),
        None => (url, None),
    };
    let (head, query) = match before_fragment.split_once('?') {
        Some((h, q)) => (h, Some(q)),
        None => (before_fragment, None),
    };
    let (scheme, rest) = match head.find("://") {
        Some(i) => head.split_at(i + 3),
        None => ("", head),
    };
    let mut out = String::with_capacity(url.len());
    out.push_str(scheme);
    match rest.rfind('@') {
        Some(at) => {
            let (userinfo, host) = rest.split_at(at);
            match userinfo.find(':') {
                Some(colon) => {
                    out.push_str(&userinfo[..=colon]);
                    out.push_str("***");
                }
                None => out.push_str(userinfo),
            }
            out.push_str(host);
        }
        None => out.push_str(rest),
    }
    if let Some(query) = query {
        out.push('?');
        let params: Vec<String> = query
            .split('&')
            .map(|param| match param.split_once('=') {
                Some((name, _)) if names_a_secret(name) => format!("{name}=***"),
                _ => param.to_string(),
            })
            .collect();
        out.push_str(&params.join("&"));
    }
    if let Some(fragment) = fragment {
        out.push('#');
        out.push_str(fragment);
    }
    out
}

fn names_a_secret(param: &str) -> bool {
    let p = param.to_ascii_lowercase();
    ["pass", "pwd", "secret", "token", "auth"]
        .iter()
        .any(|s| p.contains(s))
}

impl RedisStore {
    /// The connection, opened on first use, with read and write timeouts of
    /// the time left before the deadline.
    pub(super) fn conn(&self) -> Result<RefMut<'_, Conn>> {
        let mut slot = self.conn.borrow_mut();
        if slot.as_ref().is_some_and(|c| !c.is_open()) {
            // Closed after an I/O error (the server's idle timeout, a
            // restart): redis-rs does not reconnect by itself.
            *slot = None;
        }
        if slot.is_none() {
            let before = socket_fds();
            *slot = Some(self.connect()?);
            // The connection's own sockets: the ones each operation's
            // watchdog may shut down (never another socket of the process,
            // such as `serve`'s listener and its clients).
            let sockets = Sockets::opened_since(&before);
            self.deadline.borrow().pin(sockets.clone());
            *self.conn_fds.borrow_mut() = sockets;
        }
        let left = self.time_left()?;
        let conn = slot.as_mut().expect("just connected");
        conn.set_timeouts(left)
            .map_err(|e| self.fault(e, "set the timeout"))?;
        Ok(RefMut::map(slot, |c| c.as_mut().expect("just connected")))
    }

    /// What is left of `--redis-timeout` for this command; none left is the
    /// timeout error.
    pub(super) fn time_left(&self) -> Result<Duration> {
        let deadline = self.deadline.borrow().get(self.settings.timeout);
        match deadline.checked_duration_since(Instant::now()) {
            Some(left) if left >= Duration::from_millis(1) => Ok(left),
            _ => Err(self.deadline_error("go on")),
        }
    }

    /// `redis list`: a fresh deadline for the next batch of a walk.
    pub(super) fn renew_deadline(&self) {
        self.deadline.borrow().renew(self.settings.timeout);
    }

    /// Whether the command's deadline has passed (a failed read then means
    /// the timeout, whatever the socket said).
    pub(super) fn past_deadline(&self) -> bool {
        self.deadline.borrow().passed()
    }

    /// Run `f`, one operation (a read; a write's whole transaction, retries
    /// and failovers included), within `--redis-timeout` from now, watched
    /// on the open connection's sockets; inside an operation `f` just runs.
    /// Between operations no deadline runs, so a connection kept open
    /// (`serve`, a read then a write after a refresh) is neither cut off nor
    /// out of time while idle.
    pub(super) fn operation<T>(&self, mut f: impl FnMut() -> Result<T>) -> Result<T> {
        if self.in_op.get() {
            return f();
        }
        let deadline = Deadline::default();
        deadline.get(self.settings.timeout);
        let kept = self.conn.borrow().is_some();
        if kept {
            deadline.arm_on(self.conn_fds.borrow().clone());
        }
        // The previous deadline is dropped: its watchdog, if still waiting,
        // ends without doing anything.
        *self.deadline.borrow_mut() = deadline;
        self.in_op.set(true);
        let mut result = f();
        let closed = || self.conn.borrow().as_ref().is_some_and(|c| !c.is_open());
        if result.is_err() && kept && closed() && !self.past_deadline() {
            // The connection kept from an earlier operation was closed by
            // the server meanwhile (its idle timeout, a restart): once more,
            // on a new one. A read is safe to repeat; a write is a
            // transaction that starts over (WATCH, or the cluster's
            // compare-and-set), as after a failover.
            result = f();
        }
        self.in_op.set(false);
        if result.is_err() && self.past_deadline() {
            // Cut off, or in an unknown state: the next operation connects
            // afresh.
            self.conn.borrow_mut().take();
        }
        *self.deadline.borrow_mut() = Deadline::default();
        result
    }

    pub(super) fn connect(&self) -> Result<Conn> {
        install_crypto_provider();
        if self.settings.cluster {
            return self.connect_cluster().map(|c| Conn::Cluster(Box::new(c)));
        }
        if let Some(name) = &self.settings.sentinel {
            return self.connect_sentinel(name).map(Conn::Plain);
        }
        let info = connection_info(&self.settings)?;
        // Before anything is sent: whoever serves the socket gets the password.
        if let ConnectionAddr::Unix(path) = info.addr() {
            crate::fsutil::check_socket(path)?;
        }
        let tls = matches!(info.addr(), ConnectionAddr::TcpTls { .. });
        let client = match self.certificates(tls)? {
            Some(certs) => Client::build_with_tls(info, certs),
            None => Client::open(info),
        }
        .map_err(|e| self.fault(e, "configure the client"))?;
        let left = self.time_left()?;
        self.deadline.borrow().arm(socket_fds());
        client
            .get_connection_with_timeout(left)
            .map(Conn::Plain)
            .map_err(|e| self.fault(e, "connect"))
    }

    /// `--redis-ca-file`'s roots, for a TLS URL; refused for a plain one.
    pub(super) fn certificates(&self, tls: bool) -> Result<Option<TlsCertificates>> {
        match (&self.settings.ca_file, tls) {
            (Some(path), true) => {
                let pem = std::fs::read(path).map_err(|e| Error::Config {
                    message: format!("cannot read --redis-ca-file {}: {e}", path.display()),
                    hint: "give a PEM file with the CA certificate(s) that signed the server's"
                        .into(),
                })?;
                Ok(Some(TlsCertificates {
                    client_tls: None,
                    root_cert: Some(pem),
                }))
            }
            (Some(_), false) => Err(Error::Config {
                message: "--redis-ca-file is for TLS, and the URL is not rediss://".into(),
                hint: "use a rediss:// URL for a TLS server, or drop --redis-ca-file".into(),
            }),
            (None, _) => Ok(None),
        }
    }

    /// A cluster client over the seed nodes of `--redis-url`: it learns the
    /// slot map from them and follows `MOVED`/`ASK` itself.
    fn connect_cluster(&self) -> Result<ClusterConnection> {
        let seeds = cluster_seeds(&self.settings)?;
        let tls = matches!(seeds[0].addr(), ConnectionAddr::TcpTls { .. });
        let left = self.time_left()?;
        let mut builder = ClusterClient::builder(seeds)
            .connection_timeout(left)
            .response_timeout(left)
            // A failover takes the cluster a few seconds: the client's own
            // retries (waits of up to a second) cover it, within the
            // deadline that the watchdog and the timeouts keep.
            .retries(CLUSTER_RETRIES)
            .min_retry_wait(50)
            .max_retry_wait(1000);
        if let Some(certs) = self.certificates(tls)? {
            builder = cluster_certs(builder, certs)?;
        }
        let client = builder
            .build()
            .map_err(|e| self.fault(e, "configure the cluster client"))?;
        self.deadline.borrow().arm(socket_fds());
        client
            .get_connection()
            .map_err(|e| self.fault(e, "connect to the cluster"))
    }
}

/// The cluster client trusting `--redis-ca-file`'s CA: redis-rs takes
/// certificates for a cluster only with rustls, the TLS stack of the Linux
/// (and other Unix) builds.
#[cfg(not(any(windows, target_os = "macos")))]
fn cluster_certs(
    builder: redis::cluster::ClusterClientBuilder,
    certs: TlsCertificates,
) -> Result<redis::cluster::ClusterClientBuilder> {
    Ok(builder.certs(certs))
}

/// On Windows and macOS the OS's TLS stack is used, and redis-rs's cluster
/// client takes no CA of its own there: the CA must be in the system's store.
#[cfg(any(windows, target_os = "macos"))]
fn cluster_certs(
    _: redis::cluster::ClusterClientBuilder,
    _: TlsCertificates,
) -> Result<redis::cluster::ClusterClientBuilder> {
    Err(Error::Config {
        message: "--redis-ca-file cannot be used with --redis-cluster on this platform".into(),
        hint: "add the CA to the system's trust store, which the cluster client uses, and drop \
               --redis-ca-file"
            .into(),
    })
}

/// How many times the cluster client retries a command whose node failed
/// or moved (each within the deadline).
const CLUSTER_RETRIES: u32 = 30;

/// A connection to one server, or to a cluster.
pub enum Conn {
    /// A standalone server.
    Plain(Connection),
    /// A Redis Cluster: commands go to the node serving the key's slot.
    Cluster(Box<ClusterConnection>),
}

impl Conn {
    fn set_timeouts(&mut self, left: Duration) -> RedisResult<()> {
        match self {
            Conn::Plain(c) => c
                .set_read_timeout(Some(left))
                .and_then(|()| c.set_write_timeout(Some(left))),
            Conn::Cluster(c) => c
                .set_read_timeout(Some(left))
                .and_then(|()| c.set_write_timeout(Some(left))),
        }
    }
}

impl ConnectionLike for Conn {
    fn req_packed_command(&mut self, cmd: &[u8]) -> RedisResult<Value> {
        match self {
            Conn::Plain(c) => c.req_packed_command(cmd),
            Conn::Cluster(c) => c.req_packed_command(cmd),
        }
    }

    fn req_packed_commands(
        &mut self,
        cmd: &[u8],
        offset: usize,
        count: usize,
    ) -> RedisResult<Vec<Value>> {
        match self {
            Conn::Plain(c) => c.req_packed_commands(cmd, offset, count),
            Conn::Cluster(c) => c.req_packed_commands(cmd, offset, count),
        }
    }

    fn req_command(&mut self, cmd: &Cmd) -> RedisResult<Value> {
        match self {
            Conn::Plain(c) => c.req_command(cmd),
            Conn::Cluster(c) => c.req_command(cmd),
        }
    }

    fn get_db(&self) -> i64 {
        match self {
            Conn::Plain(c) => c.get_db(),
            Conn::Cluster(c) => c.get_db(),
        }
    }

    fn check_connection(&mut self) -> bool {
        match self {
            Conn::Plain(c) => c.check_connection(),
            Conn::Cluster(c) => c.check_connection(),
        }
    }

    fn is_open(&self) -> bool {
        match self {
            Conn::Plain(c) => c.is_open(),
            Conn::Cluster(c) => c.is_open(),
        }
    }
}

/// `--redis-url` as the comma-separated seed nodes of a cluster, each as a
/// plain URL is checked (no password in it; the password is added).
pub fn cluster_seeds(settings: &RedisSettings) -> Result<Vec<ConnectionInfo>> {
    let seeds: Vec<ConnectionInfo> = settings
        .url
        .split(',')
        .map(str::trim)
        .filter(|u| !u.is_empty())
        .map(|url| {
            let one = RedisSettings {
                url: url.to_string(),
                ..settings.clone()
            };
            connection_info(&one)
        })
        .collect::<Result<_>>()?;
    if seeds.is_empty() {
        return Err(Error::Config {
            message: "--redis-cluster needs at least one seed node in --redis-url".into(),
            hint: "give --redis-url redis://HOST:PORT[,redis://HOST:PORT…]".into(),
        });
    }
    if seeds
        .iter()
        .any(|s| matches!(s.addr(), ConnectionAddr::Unix(_)))
    {
        return Err(Error::Config {
            message: "--redis-cluster cannot use a Unix socket: cluster nodes are addressed by \
                      host and port"
                .into(),
            hint: "give the seed nodes as redis://HOST:PORT or rediss://HOST:PORT".into(),
        });
    }
    Ok(seeds)
}

/// Parse `--redis-url` and add the password; refuse a password in the URL.
pub fn connection_info(settings: &RedisSettings) -> Result<ConnectionInfo> {
    let bad_url = |why: String| Error::Config {
        message: format!(
            "--redis-url `{}`: {}",
            settings.display_url(),
            // The client's own words may quote the URL.
            why.replace(settings.url.as_str(), &settings.display_url())
        ),
        hint: "use redis://[user@]host[:port][/db], rediss://… for TLS, or \
               redis+unix:///path/to/socket?db=N"
            .into(),
    };
    if let Some(url) = redis::parse_redis_url(&settings.url) {
        if url.password().is_some() || url.query_pairs().any(|(k, _)| k == "pass") {
            // Never echo the URL back: it holds a password.
            return Err(Error::Config {
                message: "--redis-url must not contain a password".into(),
                hint: "remove it from the URL and put it in TOKENCACHE_REDIS_PASSWORD or a \
                       file named by --redis-password-file"
                    .into(),
            });
        }
    }
    let info = settings
        .url
        .as_str()
        .into_connection_info()
        .map_err(|e| bad_url(e.to_string()))?;
    let redis_settings = info.redis_settings().clone();
    let redis_settings = match &settings.password {
        Some(pw) => redis_settings.set_password(pw.as_str()),
        None => redis_settings,
    };
    Ok(info.set_redis_settings(redis_settings))
}

/// Install ring as rustls' process-wide crypto provider (once). On Windows
/// and macOS the OS's TLS stack is used instead (see Cargo.toml).
pub fn install_crypto_provider() {
    // Fails only when one is already installed, which is what we want.
    #[cfg(not(any(windows, target_os = "macos")))]
    let _ = rustls::crypto::ring::default_provider().install_default();
}

#[cfg(test)]
mod tests {
    use super::*;

    fn settings(url: &str) -> RedisSettings {
        RedisSettings {
            url: url.into(),
            cluster: false,
            sentinel: None,
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
    fn a_password_in_the_url_is_refused_and_not_echoed() {
        for url in [
            "redis://user:s3cret@localhost:6379/0",
            "redis+unix:///tmp/r.sock?pass=s3cret",
        ] {
            let err = connection_info(&settings(url)).unwrap_err();
            assert_eq!(err.exit_code(), crate::exit_code::ExitCode::Usage);
            assert!(!err.to_string().contains("s3cret"), "{err}");
        }
    }

    #[test]
    fn passwords_are_redacted_from_every_url_form() {
        for (url, shown) in [
            ("redis://user:pw@h:6379/0", "redis://user:***@h:6379/0"),
            ("redis://:pw@h", "redis://:***@h"),
            ("redis://alice@h", "redis://alice@h"),
            ("redis://u:p@w@h", "redis://u:***@h"),
            ("redis:///:pw@host", "redis:///:***@host"),
            ("redis://:pw@h:6380x", "redis://:***@h:6380x"),
            ("http://:pw@h", "http://:***@h"),
            ("redis://:pw@[::1", "redis://:***@[::1"),
            (
                "redis+unix:///s.sock?db=1&pass=pw",
                "redis+unix:///s.sock?db=1&pass=***",
            ),
            ("unix:///s.sock?PASSWORD=pw", "unix:///s.sock?PASSWORD=***"),
            ("redis+unix://:pw@/s.sock", "redis+unix://:***@/s.sock"),
            ("redis://h/0#pw", "redis://h/0#***"),
            ("user:pw@h", "user:***@h"),
            ("redis://h:6379/0", "redis://h:6379/0"),
        ] {
            assert_eq!(redact_url(url), shown, "{url}");
        }
    }

    #[test]
    fn the_password_comes_from_the_settings() {
        let mut s = settings("redis://alice@127.0.0.1:7000/3");
        s.password = Some(Zeroizing::new("pw".into()));
        let info = connection_info(&s).unwrap();
        assert_eq!(info.redis_settings().username(), Some("alice"));
        assert_eq!(info.redis_settings().password(), Some("pw"));
        assert_eq!(info.redis_settings().db(), 3);
        assert!(!format!("{s:?}").contains("pw\""));
    }
}
