//! A private Redis Cluster: six `redis-server`s (see `redis_server.rs`:
//! loopback, random ports, stopped by PID) joined by `redis-cli --cluster
//! create … --cluster-replicas 1 --cluster-yes` into three masters with a
//! replica each, with a short node timeout so that a killed master's
//! replica takes over within a few seconds.
//!
//! With `Options { tls: true, .. }` every node serves TLS only: clients,
//! the cluster bus (`tls-cluster yes`) and replication (`tls-replication
//! yes`), each node's certificate from one [`TestCa`] (the nodes check each
//! other's), naming `localhost` and `127.0.0.1` (the slot map gives IPs).

use std::process::Command;
use std::time::{Duration, Instant};

use super::redis_server::{Options, RedisServer, TestCa};

/// A running 3-master/3-replica cluster.
pub struct RedisCluster {
    /// The nodes; an entry is `None` once the test killed it.
    pub nodes: Vec<Option<RedisServer>>,
    /// The CA of a TLS cluster.
    pub ca: Option<TestCa>,
}

impl RedisCluster {
    /// Start six servers and make them a cluster; wait until every node
    /// says `cluster_state:ok`.
    pub fn start() -> RedisCluster {
        RedisCluster::start_with(Options::default())
    }

    /// The same with `options` on every node (a `requirepass` is also each
    /// replica's `masterauth`; ACL users are made on every node).
    pub fn start_with(options: Options) -> RedisCluster {
        // One CA for every node: each checks the others' certificates.
        let ca = options.tls.then(TestCa::new);
        let options = Options {
            ca: ca.as_ref().map(TestCa::dir),
            ..options
        };
        let nodes: Vec<RedisServer> = (0..6)
            .map(|_| {
                let mut extra_args: Vec<String> = options.extra_args.clone();
                if let Some(pw) = &options.requirepass {
                    extra_args.extend(["--masterauth".to_string(), pw.clone()]);
                }
                if options.tls {
                    extra_args.extend(
                        ["--tls-cluster", "yes", "--tls-replication", "yes"].map(String::from),
                    );
                }
                RedisServer::start_with(Options {
                    extra_args: extra_args
                        .into_iter()
                        .chain(
                            [
                                "--cluster-enabled",
                                "yes",
                                "--cluster-config-file",
                                "nodes.conf",
                                "--cluster-node-timeout",
                                "1000",
                                // A replica's first sync starts at once (Redis 7
                                // waits 5 s for more replicas by default): a replica
                                // that never synced cannot take over.
                                "--repl-diskless-sync-delay",
                                "0",
                            ]
                            .map(String::from),
                        )
                        .collect(),
                    ..options.clone()
                })
            })
            .collect();
        // redis-cli as the admin of the first node (TLS, password), told
        // every node's address.
        let mut create = nodes[0].cli_cmd();
        create.args(["--cluster", "create"]);
        for n in &nodes {
            create.arg(format!("127.0.0.1:{}", n.port));
        }
        let out = create
            .args(["--cluster-replicas", "1", "--cluster-yes"])
            .output()
            .expect("run redis-cli --cluster create");
        assert!(
            out.status.success(),
            "redis-cli --cluster create: {}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        let cluster = RedisCluster {
            nodes: nodes.into_iter().map(Some).collect(),
            ca,
        };
        cluster.wait_ok();
        cluster
    }

    /// Wait until every live node says `cluster_state:ok` and knows all
    /// six (or the live) nodes' roles.
    pub fn wait_ok(&self) {
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            let ok = self
                .live()
                .all(|n| n.cli(&["CLUSTER", "INFO"]).contains("cluster_state:ok"));
            if ok {
                return;
            }
            assert!(Instant::now() < deadline, "the cluster did not become ok");
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    /// The nodes still running.
    pub fn live(&self) -> impl Iterator<Item = &RedisServer> {
        self.nodes.iter().flatten()
    }

    /// Any live node.
    pub fn any(&self) -> &RedisServer {
        self.live().next().expect("a live node")
    }

    /// `--redis-url`: every node as a seed, comma-separated.
    pub fn url(&self) -> String {
        self.nodes
            .iter()
            .flatten()
            .map(RedisServer::url)
            .collect::<Vec<_>>()
            .join(",")
    }

    /// `redis-cli -c ARGS` (following redirections) against a live node.
    pub fn cli(&self, args: &[&str]) -> String {
        let out = self
            .any()
            .cli_cmd()
            .arg("-c")
            .args(args)
            .output()
            .expect("run redis-cli");
        assert!(out.status.success(), "redis-cli -c {args:?}");
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    /// The exact bytes of a string key, through the cluster.
    pub fn get(&self, key: &str) -> Option<Vec<u8>> {
        if self.cli(&["EXISTS", key]).trim() == "0" {
            return None;
        }
        let out = self
            .any()
            .cli_cmd()
            .args(["-c", "--raw", "GET", key])
            .output()
            .unwrap();
        let mut v = out.stdout;
        if v.last() == Some(&b'\n') {
            v.pop();
        }
        Some(v)
    }

    /// The index of the live master that serves `key`'s slot.
    pub fn master_of(&self, key: &str) -> usize {
        let slot: u16 = self
            .cli(&["CLUSTER", "KEYSLOT", key])
            .trim()
            .parse()
            .unwrap();
        let nodes = self.any().cli(&["CLUSTER", "NODES"]);
        for line in nodes.lines() {
            let f: Vec<&str> = line.split(' ').collect();
            if !f[2].contains("master") || f[2].contains("fail") {
                continue;
            }
            let serves = f[8..].iter().any(|range| {
                let (a, b) = range.split_once('-').unwrap_or((range, range));
                match (a.parse::<u16>(), b.parse::<u16>()) {
                    (Ok(a), Ok(b)) => (a..=b).contains(&slot),
                    _ => false,
                }
            });
            if serves {
                let port: u16 = f[1]
                    .split(['@', ','])
                    .next()
                    .unwrap()
                    .rsplit_once(':')
                    .unwrap()
                    .1
                    .parse()
                    .unwrap();
                return self
                    .nodes
                    .iter()
                    .position(|n| n.as_ref().is_some_and(|n| n.port == port))
                    .unwrap();
            }
        }
        panic!("no master serves slot {slot}");
    }

    /// The node id of node `i` (`CLUSTER MYID`).
    pub fn id(&self, i: usize) -> String {
        self.nodes[i]
            .as_ref()
            .unwrap()
            .cli(&["CLUSTER", "MYID"])
            .trim()
            .to_string()
    }

    /// Kill node `i` (SIGKILL, by its PID): a crash, not a shutdown.
    pub fn kill(&mut self, i: usize) {
        let node = self.nodes[i].take().expect("a live node");
        let _ = Command::new("kill")
            .args(["-9", &node.pid.to_string()])
            .status();
        drop(node);
    }
}
