//! A private Redis Sentinel setup: a master, one replica and three
//! sentinels (`redis-server FILE --sentinel`, what Debian's
//! `redis-sentinel` runs), each a `redis-server` of `redis_server.rs`
//! (loopback, random ports, stopped by PID). The sentinels see a master
//! down after one second, so that a killed master's replica takes over
//! within a few seconds.
//!
//! [`RedisSentinel::start_tls`]: every server and sentinel serves TLS only,
//! with certificates from one [`TestCa`]; the replica syncs from the master
//! and the sentinels talk to the master, the replica and each other over
//! TLS (`tls-replication yes`).

use std::process::Command;
use std::time::{Duration, Instant};

use super::redis_server::{Options, RedisServer, TestCa};

/// The name the sentinels monitor.
pub const MASTER: &str = "tcmaster";

/// Passwords for the setup (`None`: none).
#[derive(Debug, Clone, Default)]
pub struct Auth {
    /// `requirepass` of the master and the replica (and the sentinels'
    /// `auth-pass`, the replica's `masterauth`).
    pub data: Option<String>,
    /// `requirepass` of the sentinels.
    pub sentinel: Option<String>,
}

/// A running master + replica + 3 sentinels.
pub struct RedisSentinel {
    /// The master and the replica (in start order); `None` once killed.
    pub servers: Vec<Option<RedisServer>>,
    /// The sentinels.
    pub sentinels: Vec<RedisServer>,
    /// The CA of a TLS setup.
    pub ca: Option<TestCa>,
    _confs: tempfile::TempDir,
}

impl RedisSentinel {
    /// Start the master, its replica and three sentinels; wait until the
    /// replica is in sync and every sentinel knows the replica and the
    /// other two sentinels (a failover needs both).
    pub fn start(auth: Auth) -> RedisSentinel {
        RedisSentinel::start_with(auth, false)
    }

    /// The same, everything over TLS with one CA's certificates.
    pub fn start_tls(auth: Auth) -> RedisSentinel {
        RedisSentinel::start_with(auth, true)
    }

    fn start_with(auth: Auth, tls: bool) -> RedisSentinel {
        let ca = tls.then(TestCa::new);
        // TLS to each other: replication, and the sentinels' links.
        let tls_args: Vec<String> = if tls {
            vec!["--tls-replication".into(), "yes".into()]
        } else {
            Vec::new()
        };
        let data_opts = |extra: Vec<String>| Options {
            requirepass: auth.data.clone(),
            tls,
            ca: ca.as_ref().map(TestCa::dir),
            extra_args: [
                // A replica's first sync starts at once (Redis 7 waits 5 s).
                "--repl-diskless-sync-delay".to_string(),
                "0".to_string(),
            ]
            .into_iter()
            .chain(tls_args.iter().cloned())
            .chain(
                auth.data
                    .iter()
                    .flat_map(|pw| ["--masterauth".to_string(), pw.clone()]),
            )
            .chain(extra)
            .collect(),
            ..Options::default()
        };
        let master = RedisServer::start_with(data_opts(Vec::new()));
        let replica = RedisServer::start_with(data_opts(vec![
            "--replicaof".into(),
            "127.0.0.1".into(),
            master.port.to_string(),
        ]));
        let confs = tempfile::Builder::new()
            .prefix("tokencache-sentinel-")
            .tempdir()
            .unwrap();
        let sentinels: Vec<RedisServer> = (0..3)
            .map(|i| {
                let conf = confs.path().join(format!("sentinel-{i}.conf"));
                let mut text = format!(
                    "sentinel monitor {MASTER} 127.0.0.1 {} 2\n\
                     sentinel down-after-milliseconds {MASTER} 1000\n\
                     sentinel failover-timeout {MASTER} 10000\n\
                     sentinel parallel-syncs {MASTER} 1\n",
                    master.port
                );
                if let Some(pw) = &auth.data {
                    text.push_str(&format!("sentinel auth-pass {MASTER} {pw}\n"));
                }
                std::fs::write(&conf, text).unwrap();
                RedisServer::start_with(Options {
                    requirepass: auth.sentinel.clone(),
                    config_file: Some(conf),
                    tls,
                    ca: ca.as_ref().map(TestCa::dir),
                    extra_args: ["--sentinel".to_string()]
                        .into_iter()
                        .chain(tls_args.iter().cloned())
                        .collect(),
                    ..Options::default()
                })
            })
            .collect();
        let setup = RedisSentinel {
            servers: vec![Some(master), Some(replica)],
            sentinels,
            ca,
            _confs: confs,
        };
        setup.wait_ready();
        setup
    }

    /// Wait until the replica is in sync and each sentinel knows one
    /// replica and two other sentinels.
    pub fn wait_ready(&self) {
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            let synced = self.live().any(|s| {
                s.cli(&["INFO", "replication"])
                    .contains("master_link_status:up")
            });
            let known = self.sentinels.iter().all(|s| {
                let info = s.cli(&["SENTINEL", "MASTER", MASTER]);
                field(&info, "num-slaves") == Some("1")
                    && field(&info, "num-other-sentinels") == Some("2")
                    && field(&info, "flags") == Some("master")
            });
            if synced && known {
                return;
            }
            assert!(
                Instant::now() < deadline,
                "the sentinel setup did not become ready"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    /// The servers still running.
    pub fn live(&self) -> impl Iterator<Item = &RedisServer> {
        self.servers.iter().flatten()
    }

    /// `--redis-url`: the sentinels, comma-separated.
    pub fn url(&self) -> String {
        self.sentinels
            .iter()
            .map(RedisServer::url)
            .collect::<Vec<_>>()
            .join(",")
    }

    /// The index (in `servers`) of the master the first sentinel names.
    pub fn master_index(&self) -> usize {
        let out = self.sentinels[0].cli(&["SENTINEL", "GET-MASTER-ADDR-BY-NAME", MASTER]);
        let port: u16 = out.lines().nth(1).unwrap().trim().parse().unwrap();
        self.servers
            .iter()
            .position(|s| s.as_ref().is_some_and(|s| s.port == port))
            .unwrap_or_else(|| panic!("no live server on port {port}"))
    }

    /// The master the sentinels name.
    pub fn master(&self) -> &RedisServer {
        self.servers[self.master_index()].as_ref().unwrap()
    }

    /// Kill the master (SIGKILL, by its PID): a crash, not a shutdown.
    /// Returns its port.
    pub fn kill_master(&mut self) -> u16 {
        let i = self.master_index();
        let server = self.servers[i].take().expect("a live master");
        let port = server.port;
        let _ = Command::new("kill")
            .args(["-9", &server.pid.to_string()])
            .status();
        drop(server);
        port
    }

    /// Wait until every sentinel names a master other than the one on
    /// `old_port`, and that server says it is a master.
    pub fn wait_failover(&self, old_port: u16) {
        let deadline = Instant::now() + Duration::from_secs(60);
        loop {
            let moved = self.sentinels.iter().all(|s| {
                let out = s.cli(&["SENTINEL", "GET-MASTER-ADDR-BY-NAME", MASTER]);
                out.lines()
                    .nth(1)
                    .and_then(|p| p.trim().parse::<u16>().ok())
                    .is_some_and(|p| p != old_port)
            });
            if moved && self.master().cli(&["ROLE"]).starts_with("master") {
                return;
            }
            assert!(Instant::now() < deadline, "no failover happened");
            std::thread::sleep(Duration::from_millis(100));
        }
    }
}

/// A field of `SENTINEL MASTER`'s flat name/value reply (as redis-cli
/// prints it, one per line).
fn field<'a>(reply: &'a str, name: &str) -> Option<&'a str> {
    let lines: Vec<&str> = reply.lines().map(str::trim).collect();
    lines
        .chunks(2)
        .find(|pair| pair[0] == name)
        .and_then(|pair| pair.get(1).copied())
}
