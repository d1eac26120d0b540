//! A throwaway Postgres for the Postgres store's tests: a cluster made with
//! Debian's `initdb` in a temp dir, `postgres` on loopback on a free port
//! (TLS on, with a CA and a server certificate for `localhost` made with
//! `openssl` in the test's dir), a password user `app` (SCRAM over TCP) and
//! one table of each provider's layout. Stopped by the PID in
//! `postmaster.pid` when dropped.
//!
//! Postgres refuses to run as root: as root (CI), `initdb`, `postgres` and
//! `psql` run as the `postgres` system user (`runuser -u postgres`), in a
//! temp dir given to that user.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use super::redis_server::free_port;

/// The password of the `app` user.
pub const PASSWORD: &str = "s3cret-pg-pass";

/// Postgres's programs (`initdb`, `postgres`), from Debian's layout.
fn bin_dir() -> Option<PathBuf> {
    let mut dirs: Vec<PathBuf> = std::fs::read_dir("/usr/lib/postgresql")
        .ok()?
        .filter_map(|e| e.ok().map(|e| e.path().join("bin")))
        .filter(|d| d.join("initdb").exists() && d.join("postgres").exists())
        .collect();
    dirs.sort();
    dirs.pop()
}

fn is_root() -> bool {
    // SAFETY: geteuid has no preconditions.
    unsafe { libc::geteuid() == 0 }
}

fn has(program: &str) -> bool {
    Command::new("sh")
        .arg("-c")
        .arg(format!("command -v {program}"))
        .stdout(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

/// Whether Postgres (and `openssl`, and as root `runuser` and the
/// `postgres` user) can be used here.
pub fn available() -> bool {
    bin_dir().is_some()
        && has("openssl")
        && (!is_root()
            || (has("runuser")
                && Command::new("id")
                    .arg("postgres")
                    .stdout(Stdio::null())
                    .stderr(Stdio::null())
                    .status()
                    .is_ok_and(|s| s.success())))
}

/// A running Postgres.
pub struct PgServer {
    dir: tempfile::TempDir,
    pub port: u16,
    pid: Option<u32>,
    child: Option<std::process::Child>,
}

/// `program args…` as the user that runs Postgres.
fn as_pg(program: &Path) -> Command {
    if is_root() {
        let mut c = Command::new("runuser");
        c.args(["-u", "postgres", "--"]).arg(program);
        c
    } else {
        Command::new(program)
    }
}

impl PgServer {
    pub fn start() -> PgServer {
        let bin = bin_dir().expect("postgres installed");
        let dir = tempfile::tempdir().unwrap();
        make_certificates(dir.path());
        if is_root() {
            let st = Command::new("chown")
                .args(["-R", "postgres:"])
                .arg(dir.path())
                .status()
                .unwrap();
            assert!(st.success());
        }
        let data = dir.path().join("data");
        let out = as_pg(&bin.join("initdb"))
            .arg("-D")
            .arg(&data)
            .args([
                "-U",
                "postgres",
                "--auth-local=trust",
                "--auth-host=scram-sha-256",
                "--no-sync",
                "-E",
                "UTF8",
            ])
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "initdb: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let port = free_port();
        let d = dir.path().display().to_string();
        let child = as_pg(&bin.join("postgres"))
            .arg("-D")
            .arg(&data)
            .args(["-c", "listen_addresses=127.0.0.1"])
            .args(["-c", &format!("port={port}")])
            .args(["-c", &format!("unix_socket_directories={d}")])
            .args(["-c", "fsync=off", "-c", "ssl=on"])
            .args(["-c", &format!("ssl_cert_file={d}/server.crt")])
            .args(["-c", &format!("ssl_key_file={d}/server.key")])
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(std::fs::File::create(dir.path().join("log")).unwrap())
            .spawn()
            .unwrap();
        let mut server = PgServer {
            dir,
            port,
            pid: None,
            child: Some(child),
        };
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            if let Ok(text) = std::fs::read_to_string(data.join("postmaster.pid")) {
                if let Some(pid) = text.lines().next().and_then(|l| l.trim().parse().ok()) {
                    server.pid = Some(pid);
                }
            }
            let ready = server.psql_status("SELECT 1");
            if server.pid.is_some() && ready {
                break;
            }
            assert!(
                Instant::now() < deadline,
                "postgres did not start: {}",
                std::fs::read_to_string(server.dir.path().join("log")).unwrap_or_default()
            );
            std::thread::sleep(Duration::from_millis(100));
        }
        server.psql(&format!("CREATE ROLE app LOGIN PASSWORD '{PASSWORD}'"));
        server.psql("CREATE DATABASE cachedb OWNER app");
        server.psql_db(
            "cachedb",
            "SET ROLE app;
             -- Microsoft.Extensions.Caching.Postgres's table (see tests/postgres.rs).
             CREATE TABLE public.cache (
                 id varchar(449) COLLATE \"C\" NOT NULL,
                 value bytea NOT NULL,
                 expiresattime timestamptz NOT NULL,
                 slidingexpirationinseconds int8 NULL,
                 absoluteexpiration timestamptz NULL,
                 CONSTRAINT cache_pkey PRIMARY KEY (id));
             -- Community.Microsoft.Extensions.Caching.PostgreSql's CreateSchemaAndTableSql.
             CREATE SCHEMA IF NOT EXISTS \"community\";
             CREATE TABLE IF NOT EXISTS \"community\".\"DistCache\" (
                 \"Id\" text COLLATE pg_catalog.\"default\" NOT NULL,
                 \"Value\" bytea,
                 \"ExpiresAtTime\" timestamp with time zone,
                 \"SlidingExpirationInSeconds\" double precision,
                 \"AbsoluteExpiration\" timestamp with time zone,
                 CONSTRAINT \"DistCache_pkey\" PRIMARY KEY (\"Id\"));",
        );
        server
    }

    fn psql_cmd(&self, db: &str, sql: &str) -> Command {
        let mut c = as_pg(Path::new("psql"));
        c.arg("-h")
            .arg(self.dir.path())
            .args(["-p", &self.port.to_string(), "-U", "postgres", "-d", db])
            .args(["-v", "ON_ERROR_STOP=1", "-X", "-A", "-t", "-q", "-c", sql]);
        c
    }

    fn psql_status(&self, sql: &str) -> bool {
        self.psql_cmd("postgres", sql)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success())
    }

    /// Run `sql` as the superuser in the `postgres` database.
    pub fn psql(&self, sql: &str) -> String {
        self.psql_db("postgres", sql)
    }

    /// Run `sql` as the superuser in `db`; its unaligned, tuples-only output.
    pub fn psql_db(&self, db: &str, sql: &str) -> String {
        let out = self.psql_cmd(db, sql).output().unwrap();
        assert!(
            out.status.success(),
            "psql {sql}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    }

    /// Run `sql` in the cache database.
    pub fn sql(&self, sql: &str) -> String {
        self.psql_db("cachedb", sql)
    }

    /// The URL of the cache database for the `app` user (no password).
    pub fn url(&self, sslmode: &str) -> String {
        format!(
            "postgres://app@localhost:{}/cachedb?sslmode={sslmode}",
            self.port
        )
    }

    pub fn ca_file(&self) -> PathBuf {
        self.dir.path().join("ca.crt")
    }

    /// Stop the server now (by its PID), waiting until it has gone.
    pub fn stop(&mut self) {
        if let Some(pid) = self.pid.take() {
            // SIGINT: Postgres's fast shutdown.
            let _ = Command::new("kill")
                .args(["-INT", &pid.to_string()])
                .status();
        }
        if let Some(mut child) = self.child.take() {
            let _ = child.wait();
        }
    }
}

impl Drop for PgServer {
    fn drop(&mut self) {
        self.stop();
    }
}

/// A throwaway CA and a server certificate for `localhost`.
fn make_certificates(dir: &Path) {
    let script = r#"
set -e
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes \
  -keyout ca.key -out ca.crt -days 2 -subj /CN=tokencache-test-pg-ca 2>/dev/null
openssl req -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes \
  -keyout server.key -out server.csr -subj /CN=localhost 2>/dev/null
printf 'subjectAltName=DNS:localhost\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n' > ext.cnf
openssl x509 -req -in server.csr -CA ca.crt -CAkey ca.key -CAcreateserial \
  -out server.crt -days 2 -extfile ext.cnf 2>/dev/null
chmod 600 server.key
chmod 644 ca.crt server.crt
"#;
    let st = Command::new("sh")
        .arg("-c")
        .arg(script)
        .current_dir(dir)
        .status()
        .unwrap();
    assert!(st.success(), "openssl failed");
}
