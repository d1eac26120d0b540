//! A private `redis-server` per test: loopback only, a random free port, its
//! own temp dir, no persistence, stopped by PID when dropped (and, like the
//! test keyring, by a watchdog when the test binary dies: the server runs
//! with `--daemonize no` as our child, and a child whose stdin pipe closes is
//! killed by the small `sh` wrapper around it).
//!
//! Options: TLS (a CA and a server certificate for `localhost` made with
//! `openssl` in the test's dir, or a certificate from a [`TestCa`] shared by
//! several servers), a password on the default user, an ACL user.

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use tempfile::TempDir;

/// How a test server is set up.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Serve TLS only (the plain port is closed).
    pub tls: bool,
    /// With `tls`: the certificate comes from this shared CA's folder
    /// ([`TestCa::dir`]) and names `127.0.0.1` too (cluster nodes and
    /// sentinels give each other's addresses as IPs); without it the server
    /// makes its own CA and a certificate for `localhost` only.
    pub ca: Option<PathBuf>,
    /// `requirepass` for the default user.
    pub requirepass: Option<String>,
    /// Extra `ACL SETUSER` argument lists, applied after start.
    pub acl_users: Vec<Vec<String>>,
    /// More `redis-server` arguments (`--cluster-enabled yes`, …).
    pub extra_args: Vec<String>,
    /// A configuration file, given first (`redis-server FILE --sentinel`
    /// for a sentinel, which needs one it can rewrite).
    pub config_file: Option<PathBuf>,
}

/// A running `redis-server`.
pub struct RedisServer {
    child: Child,
    /// The `redis-server` process.
    pub pid: i32,
    pub dir: TempDir,
    pub port: u16,
    pub tls: bool,
    requirepass: Option<String>,
}

/// Whether `redis-server`, `redis-cli` (and `openssl` for TLS) are installed.
pub fn available(tls: bool) -> bool {
    let has = |p: &str| {
        Command::new("sh")
            .arg("-c")
            .arg(format!("command -v {p}"))
            .output()
            .is_ok_and(|o| o.status.success())
    };
    has("redis-server") && has("redis-cli") && (!tls || has("openssl"))
}

/// A port nothing listens on right now.
pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

impl RedisServer {
    /// Start a plain server.
    pub fn start() -> RedisServer {
        RedisServer::start_with(Options::default())
    }

    /// Start a server with `options`; tries another port when one was taken
    /// between choosing it and binding it.
    pub fn start_with(options: Options) -> RedisServer {
        let mut last = String::new();
        for _ in 0..5 {
            let dir = tempfile::Builder::new()
                .prefix("tokencache-redis-")
                .tempdir()
                .unwrap();
            if options.tls {
                match &options.ca {
                    Some(ca) => issue_certificate(ca, dir.path(), "DNS:localhost,IP:127.0.0.1"),
                    None => {
                        make_ca(dir.path());
                        issue_certificate(dir.path(), dir.path(), "DNS:localhost");
                    }
                }
            }
            let port = free_port();
            let d = dir.path();
            let mut args: Vec<String> = options
                .config_file
                .iter()
                .map(|f| f.display().to_string())
                .collect();
            args.extend(
                [
                    "--bind",
                    "127.0.0.1",
                    "-::1",
                    "--save",
                    "",
                    "--appendonly",
                    "no",
                    "--daemonize",
                    "no",
                ]
                .map(String::from),
            );
            args.extend(["--dir".into(), d.display().to_string()]);
            args.extend([
                "--logfile".into(),
                d.join("redis.log").display().to_string(),
            ]);
            if options.tls {
                args.extend(["--port".into(), "0".into()]);
                args.extend(["--tls-port".into(), port.to_string()]);
                for (flag, file) in [
                    ("--tls-cert-file", "server.crt"),
                    ("--tls-key-file", "server.key"),
                    ("--tls-ca-cert-file", "ca.crt"),
                ] {
                    args.extend([flag.to_string(), d.join(file).display().to_string()]);
                }
                args.extend(["--tls-auth-clients".into(), "no".into()]);
            } else {
                args.extend(["--port".into(), port.to_string()]);
            }
            if let Some(pw) = &options.requirepass {
                args.extend(["--requirepass".to_string(), pw.clone()]);
            }
            args.extend(options.extra_args.iter().cloned());
            // Every server also listens on a Unix socket (`redis+unix://`).
            args.extend([
                "--unixsocket".into(),
                d.join("redis.sock").display().to_string(),
                "--unixsocketperm".into(),
                "700".into(),
            ]);
            // The watchdog: when our end of its stdin closes (this process
            // exits, however it exits), `cat` returns and the server is killed.
            let child = Command::new("sh")
                .arg("-c")
                // (A background job's stdin is /dev/null unless redirected: hence fd 3.)
                .arg(
                    "exec 3<&0; redis-server \"$@\" </dev/null & pid=$!; echo $pid; \
                     (cat <&3 >/dev/null; kill $pid 2>/dev/null) & wait $pid",
                )
                .arg("sh")
                .args(&args)
                .stdin(Stdio::piped())
                .stdout(Stdio::piped())
                .stderr(Stdio::null())
                .spawn()
                .expect("spawn redis-server");
            let mut child = child;
            let pid = {
                use std::io::BufRead;
                let mut line = String::new();
                let mut out = std::io::BufReader::new(child.stdout.take().unwrap());
                out.read_line(&mut line).unwrap();
                line.trim()
                    .parse::<i32>()
                    .expect("the wrapper prints the pid")
            };
            let mut server = RedisServer {
                child,
                pid,
                dir,
                port,
                tls: options.tls,
                requirepass: options.requirepass.clone(),
            };
            if server.wait_ready() {
                for user in &options.acl_users {
                    let mut a = vec!["ACL".to_string(), "SETUSER".to_string()];
                    a.extend(user.iter().cloned());
                    let refs: Vec<&str> = a.iter().map(String::as_str).collect();
                    assert_eq!(server.cli(&refs).trim(), "OK");
                }
                return server;
            }
            last = std::fs::read_to_string(server.dir.path().join("redis.log")).unwrap_or_default();
        }
        panic!("redis-server did not start: {last}");
    }

    /// Wait until the server answers PING.
    fn wait_ready(&mut self) -> bool {
        let deadline = Instant::now() + Duration::from_secs(10);
        while Instant::now() < deadline {
            if let Ok(Some(_)) = self.child.try_wait() {
                return false;
            }
            let out = self.cli_output(&["PING"]);
            if out.status.success() && String::from_utf8_lossy(&out.stdout).contains("PONG") {
                return true;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        false
    }

    /// `redis://127.0.0.1:PORT` (or `rediss://localhost:PORT` with TLS).
    pub fn url(&self) -> String {
        if self.tls {
            format!("rediss://localhost:{}", self.port)
        } else {
            format!("redis://127.0.0.1:{}", self.port)
        }
    }

    /// The CA certificate (TLS servers).
    pub fn ca_file(&self) -> PathBuf {
        self.dir.path().join("ca.crt")
    }

    /// A `redis-cli` command against this server, as the admin.
    pub fn cli_cmd(&self) -> Command {
        let mut c = Command::new("redis-cli");
        c.args(["-h", "127.0.0.1", "-p", &self.port.to_string()]);
        if self.tls {
            c.args(["--tls", "--cacert"]).arg(self.ca_file());
            c.args(["--sni", "localhost"]);
        }
        if let Some(pw) = &self.requirepass {
            c.env("REDISCLI_AUTH", pw);
        }
        c.stdin(Stdio::null());
        c
    }

    fn cli_output(&self, args: &[&str]) -> std::process::Output {
        self.cli_cmd().args(args).output().expect("run redis-cli")
    }

    /// Run `redis-cli ARGS` and return its stdout (raw replies).
    pub fn cli(&self, args: &[&str]) -> String {
        let out = self.cli_output(args);
        assert!(
            out.status.success(),
            "redis-cli {args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    /// `redis-cli -x ARGS` with `value` as the last argument, byte for byte.
    pub fn cli_x(&self, args: &[&str], value: &[u8]) -> String {
        use std::io::Write;
        let mut c = self.cli_cmd();
        c.arg("-x")
            .args(args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped());
        let mut child = c.spawn().unwrap();
        child.stdin.take().unwrap().write_all(value).unwrap();
        let out = child.wait_with_output().unwrap();
        assert!(out.status.success());
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    /// The exact bytes of a string key (`None`: no such key).
    pub fn get(&self, key: &str) -> Option<Vec<u8>> {
        self.raw(&["GET", key])
    }

    /// The exact bytes of a hash field.
    pub fn hget(&self, key: &str, field: &str) -> Option<Vec<u8>> {
        self.raw(&["HGET", key, field])
    }

    fn raw(&self, args: &[&str]) -> Option<Vec<u8>> {
        // --no-raw would quote; -raw appends a newline we strip. EXISTS tells
        // a missing key from an empty value.
        if self.cli(&["EXISTS", args[1]]).trim() == "0" {
            return None;
        }
        let out = self.cli_cmd().arg("--raw").args(args).output().unwrap();
        let mut v = out.stdout;
        if v.last() == Some(&b'\n') {
            v.pop();
        }
        Some(v)
    }

    /// The key's TTL in seconds (`-1` none, `-2` missing).
    /// The server's Unix socket.
    pub fn socket(&self) -> std::path::PathBuf {
        self.dir.path().join("redis.sock")
    }

    pub fn ttl(&self, key: &str) -> i64 {
        self.cli(&["TTL", key]).trim().parse().unwrap()
    }
}

impl Drop for RedisServer {
    fn drop(&mut self) {
        // Stop the server by its PID, then let the wrapper go.
        let _ = Command::new("kill").arg(self.pid.to_string()).status();
        drop(self.child.stdin.take());
        let _ = self.child.wait();
    }
}

/// A test CA that several servers share (a TLS cluster, whose nodes
/// check each other's certificates on the cluster bus and for
/// replication; a TLS sentinel setup): `Options { tls: true, ca:
/// Some(ca.dir()), .. }` gives each server a certificate it signed.
pub struct TestCa {
    dir: TempDir,
}

impl TestCa {
    pub fn new() -> TestCa {
        let dir = tempfile::Builder::new()
            .prefix("tokencache-test-ca-")
            .tempdir()
            .unwrap();
        make_ca(dir.path());
        TestCa { dir }
    }

    /// The folder holding `ca.crt` and `ca.key`.
    pub fn dir(&self) -> PathBuf {
        self.dir.path().to_path_buf()
    }

    /// The CA certificate (what `--redis-ca-file` trusts).
    pub fn ca_file(&self) -> PathBuf {
        self.dir.path().join("ca.crt")
    }
}

fn sh(script: &str, dir: &Path, env: &[(&str, &Path)]) {
    let mut c = Command::new("sh");
    c.arg("-c").arg(script).current_dir(dir);
    for (k, v) in env {
        c.env(k, v);
    }
    let st = c.status().unwrap();
    assert!(st.success(), "openssl failed");
}

/// A throwaway CA (`ca.key`, `ca.crt`) in `dir`.
fn make_ca(dir: &Path) {
    sh(
        "set -e
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes \
  -keyout ca.key -out ca.crt -days 2 -subj /CN=tokencache-test-ca 2>/dev/null",
        dir,
        &[],
    );
}

/// `server.key` and `server.crt` in `dir`, signed by the CA in `ca_dir`,
/// for the names `san` (`DNS:localhost` alone makes connecting to
/// `127.0.0.1` a name mismatch); `ca.crt` copied beside them. The serial is
/// random, so that servers of one CA never share one (and nothing is
/// written in the CA's folder).
fn issue_certificate(ca_dir: &Path, dir: &Path, san: &str) {
    sh(
        r#"set -e
[ "$CA_DIR/ca.crt" -ef ca.crt ] || cp "$CA_DIR/ca.crt" ca.crt
openssl req -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes \
  -keyout server.key -out server.csr -subj /CN=localhost 2>/dev/null
printf 'subjectAltName=%s\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth,clientAuth\n' "$SAN" > ext.cnf
openssl x509 -req -in server.csr -CA "$CA_DIR/ca.crt" -CAkey "$CA_DIR/ca.key" \
  -set_serial "0x$(openssl rand -hex 8)" -out server.crt -days 2 -extfile ext.cnf 2>/dev/null
chmod 644 server.key
"#,
        dir,
        &[("CA_DIR", ca_dir), ("SAN", Path::new(san))],
    );
}
