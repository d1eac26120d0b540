//! `--store postgres` against a real Postgres the tests start on loopback
//! (see `support/pg_server.rs`): both providers' tables, expiry, the
//! `SELECT … FOR UPDATE` transaction under concurrent merges, partitions,
//! faults, TLS with a test CA, a password user.
//!
//! The rows are written here with `psql` exactly as the providers' SQL
//! writes them, because the .NET providers cannot run on this machine:
//! - "reproduced from Community.Microsoft.Extensions.Caching.PostgreSql"
//!   (`SqlCommands.SetCacheSql`, as carried by the fork
//!   HlidacStatu.Caching.PostgreSql): `INSERT INTO "schema"."table" ("Id",
//!   "Value", "ExpiresAtTime", "SlidingExpirationInSeconds",
//!   "AbsoluteExpiration") VALUES (…) ON CONFLICT("Id") DO UPDATE SET …`;
//! - "reproduced for Microsoft.Extensions.Caching.Postgres": the same
//!   statement on its lower-case columns `id`, `value`, `expiresattime`,
//!   `slidingexpirationinseconds`, `absoluteexpiration` (its own SQL source
//!   was not available; the column names are the issue's).

use std::process::Output;
use std::time::{Duration, Instant};

use assert_cmd::Command;
use serde_json::{json, Value};

use crate::require;
use crate::support::partition::{count, doc, user_cache};
use crate::support::pg_server::{self, PgServer, PASSWORD};
use crate::support::{sample_cache, Env, OutputExt};

/// The partition every sample cache belongs to (`sample_cache`'s home account id).
const USER: &str = "uid.utid";

macro_rules! server {
    () => {{
        require!(
            pg_server::available(),
            "postgresql (initdb, postgres, psql), openssl (and runuser as root) are not installed"
        );
        PgServer::start()
    }};
}

#[derive(Clone, Copy)]
enum Layout {
    Microsoft,
    Community,
}

impl Layout {
    fn name(self) -> &'static str {
        match self {
            Layout::Microsoft => "microsoft",
            Layout::Community => "community",
        }
    }
    fn table(self) -> &'static str {
        match self {
            Layout::Microsoft => "public.cache",
            Layout::Community => "community.DistCache",
        }
    }
    fn table_sql(self) -> &'static str {
        match self {
            Layout::Microsoft => "public.cache",
            Layout::Community => "\"community\".\"DistCache\"",
        }
    }
    /// id, value, expires, sliding, absolute.
    fn cols(self) -> [&'static str; 5] {
        match self {
            Layout::Microsoft => [
                "id",
                "value",
                "expiresattime",
                "slidingexpirationinseconds",
                "absoluteexpiration",
            ],
            Layout::Community => [
                "\"Id\"",
                "\"Value\"",
                "\"ExpiresAtTime\"",
                "\"SlidingExpirationInSeconds\"",
                "\"AbsoluteExpiration\"",
            ],
        }
    }
}

/// `tokencache --store postgres` on `layout`'s table as the password user `app`.
fn tc(env: &Env, server: &PgServer, layout: Layout) -> Command {
    let mut c = env.cmd();
    c.env("TOKENCACHE_STORE", "postgres")
        .env("TOKENCACHE_PG_URL", server.url("require"))
        .env("TOKENCACHE_PG_CA_FILE", server.ca_file())
        .env("TOKENCACHE_PG_PASSWORD", PASSWORD)
        .env("TOKENCACHE_PG_TIMEOUT", "5s")
        .env("TOKENCACHE_PG_TABLE", layout.table())
        .env("TOKENCACHE_PG_LAYOUT", layout.name());
    c
}

/// Write a row as the provider's `Set` does: value, a sliding expiry of 20
/// minutes, an absolute expiry in an hour, `ExpiresAtTime` the sooner of
/// now + sliding and the absolute one. (Fixture: reproduced from the
/// providers' SetCacheSql, see the module doc.)
fn provider_set(server: &PgServer, layout: Layout, key: &str, value: &[u8], expires: &str) {
    let [id, v, e, s, a] = layout.cols();
    let t = layout.table_sql();
    server.sql(&format!(
        "INSERT INTO {t} ({id}, {v}, {e}, {s}, {a}) \
         VALUES ('{key}', decode('{hex}', 'hex'), {expires}, 1200, now() + interval '1 hour') \
         ON CONFLICT({id}) DO UPDATE SET {v} = EXCLUDED.{v}, {e} = EXCLUDED.{e}, \
         {s} = EXCLUDED.{s}, {a} = EXCLUDED.{a}",
        hex = hex(value)
    ));
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The row's value, byte for byte (`None`: no row).
fn stored(server: &PgServer, layout: Layout, key: &str) -> Option<Vec<u8>> {
    let [id, v, ..] = layout.cols();
    let out = server.sql(&format!(
        "SELECT encode({v}, 'hex') FROM {} WHERE {id} = '{key}'",
        layout.table_sql()
    ));
    let text = out.trim();
    if text.is_empty() && !row_exists(server, layout, key) {
        return None;
    }
    Some(
        (0..text.len())
            .step_by(2)
            .map(|i| u8::from_str_radix(&text[i..i + 2], 16).unwrap())
            .collect(),
    )
}

fn row_exists(server: &PgServer, layout: Layout, key: &str) -> bool {
    let [id, ..] = layout.cols();
    server
        .sql(&format!(
            "SELECT count(*) FROM {} WHERE {id} = '{key}'",
            layout.table_sql()
        ))
        .trim()
        == "1"
}

/// The row's three expiry columns, as text.
fn expiry(server: &PgServer, layout: Layout, key: &str) -> String {
    let [id, _, e, s, a] = layout.cols();
    server.sql(&format!(
        "SELECT {e}, {s}, {a} FROM {} WHERE {id} = '{key}'",
        layout.table_sql()
    ))
}

/// Run `c` with `--json` and return the error's `code`, checking that the
/// JSON error's `exit` is the process's status.
fn json_error(c: &mut Command) -> (i32, String) {
    let out: Output = c.arg("--json").output().unwrap();
    let v: Value = serde_json::from_slice(&out.stderr)
        .unwrap_or_else(|e| panic!("{e}: {}", out.stderr_text()));
    assert_eq!(v["error"]["exit"], out.status.code().unwrap(), "{v}");
    (
        out.status.code().unwrap(),
        v["error"]["code"].as_str().unwrap().to_string(),
    )
}

// ---------------------------------------------------------------- every verb

fn every_verb(layout: Layout) {
    let server = server!();
    let env = Env::new();
    let cache = sample_cache(20 << 10);
    provider_set(
        &server,
        layout,
        USER,
        &cache,
        "now() + interval '20 minutes'",
    );
    let before = expiry(&server, layout, USER);

    let out = tc(&env, &server, layout)
        .args(["--pg-key", USER, "read"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", out.stderr_text());
    assert_eq!(out.stdout, cache, "read byte for byte");

    tc(&env, &server, layout)
        .args(["--pg-key", USER, "verify"])
        .assert()
        .success();
    assert_eq!(
        server
            .sql(&format!("SELECT count(*) FROM {}", layout.table_sql()))
            .trim(),
        "1",
        "verify's scratch row is gone"
    );

    let out = tc(&env, &server, layout)
        .args(["--pg-key", USER, "inspect"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", out.stderr_text());

    let out = tc(&env, &server, layout)
        .args(["--pg-key", USER, "--json", "write", "--merge"])
        .write_stdin(user_cache(USER, "new"))
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", out.stderr_text());
    let merged = doc(&stored(&server, layout, USER).unwrap());
    assert_eq!(
        count(&merged, "AccessToken"),
        count(&doc(&cache), "AccessToken") + 1
    );
    assert_eq!(
        expiry(&server, layout, USER),
        before,
        "the expiry columns are kept"
    );

    let out = tc(&env, &server, layout)
        .args(["--pg-key", USER, "remove", "--section", "AccessToken"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", out.stderr_text());
    assert_eq!(
        count(&doc(&stored(&server, layout, USER).unwrap()), "AccessToken"),
        0
    );
    assert_eq!(expiry(&server, layout, USER), before);

    let out = tc(&env, &server, layout)
        .args(["--pg-key", USER, "update", "--", "cat"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", out.stderr_text());

    tc(&env, &server, layout)
        .args(["--pg-key", USER, "clear"])
        .assert()
        .success();
    assert!(!row_exists(&server, layout, USER), "cleared");
    let out = tc(&env, &server, layout)
        .args(["--pg-key", USER, "read"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3), "{}", out.stderr_text());

    // A new row: expires-at = absolute = now + --pg-ttl, no sliding expiry.
    tc(&env, &server, layout)
        .args(["--pg-key", USER, "--pg-ttl", "2h", "write"])
        .write_stdin(cache.clone())
        .assert()
        .success();
    assert_eq!(stored(&server, layout, USER).unwrap(), cache);
    let [id, _, e, s, a] = layout.cols();
    let facts = server.sql(&format!(
        "SELECT {e} = {a}, {s} IS NULL, {e} > now() + interval '119 minutes', \
         {e} < now() + interval '121 minutes' FROM {} WHERE {id} = '{USER}'",
        layout.table_sql()
    ));
    assert_eq!(facts.trim(), "t|t|t|t", "new row's expiry: {facts}");
}

#[test]
fn every_verb_on_a_microsoft_row() {
    every_verb(Layout::Microsoft);
}

#[test]
fn every_verb_on_a_community_row() {
    every_verb(Layout::Community);
}

// ---------------------------------------------------------------- expiry

#[test]
fn an_expired_row_is_invisible_and_a_write_replaces_it() {
    let server = server!();
    let env = Env::new();
    for layout in [Layout::Microsoft, Layout::Community] {
        provider_set(
            &server,
            layout,
            USER,
            &user_cache(USER, "old"),
            "now() - interval '1 second'",
        );
        let out = tc(&env, &server, layout)
            .args(["--pg-key", USER, "read"])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(3), "{}", out.stderr_text());
        tc(&env, &server, layout)
            .args(["--pg-key", USER, "write", "--merge"])
            .write_stdin(user_cache(USER, "1"))
            .assert()
            .success();
        let now = doc(&stored(&server, layout, USER).unwrap());
        assert_eq!(
            count(&now, "AccessToken"),
            1,
            "the expired row's tokens are gone"
        );
        let [id, _, e, s, _] = layout.cols();
        assert_eq!(
            server
                .sql(&format!(
                    "SELECT {e} > now(), {s} IS NULL FROM {} WHERE {id} = '{USER}'",
                    layout.table_sql()
                ))
                .trim(),
            "t|t"
        );
    }
}

// ---------------------------------------------------------------- concurrency

#[test]
fn concurrent_merges_lose_nothing() {
    let server = server!();
    let env = Env::new();
    for layout in [Layout::Microsoft, Layout::Community] {
        provider_set(
            &server,
            layout,
            USER,
            &user_cache(USER, "0"),
            "now() + interval '20 minutes'",
        );
        let before = expiry(&server, layout, USER);
        let children: Vec<_> = (1..=8)
            .map(|i| {
                let mut c = tc(&env, &server, layout);
                let data = user_cache(USER, &i.to_string());
                std::thread::spawn(move || {
                    c.args(["--pg-key", USER, "write", "--merge"])
                        .write_stdin(data)
                        .output()
                        .unwrap()
                })
            })
            .collect();
        for child in children {
            let out = child.join().unwrap();
            assert!(out.status.success(), "{}", out.stderr_text());
        }
        let merged = doc(&stored(&server, layout, USER).unwrap());
        assert_eq!(count(&merged, "AccessToken"), 9, "no merge lost");
        assert_eq!(expiry(&server, layout, USER), before);
    }
    // Two writers creating the same missing row: one inserts, the other
    // retries and merges.
    let layout = Layout::Microsoft;
    tc(&env, &server, layout)
        .args(["--pg-key", USER, "clear"])
        .assert()
        .success();
    let children: Vec<_> = (1..=4)
        .map(|i| {
            let mut c = tc(&env, &server, layout);
            let data = user_cache(USER, &format!("n{i}"));
            std::thread::spawn(move || {
                c.args(["--pg-key", USER, "write", "--merge"])
                    .write_stdin(data)
                    .output()
                    .unwrap()
            })
        })
        .collect();
    for child in children {
        let out = child.join().unwrap();
        assert!(out.status.success(), "{}", out.stderr_text());
    }
    let merged = doc(&stored(&server, layout, USER).unwrap());
    assert_eq!(count(&merged, "AccessToken"), 4, "no creation lost");
}

// ---------------------------------------------------------------- faults

#[test]
fn postgres_down_is_unavailable() {
    let mut server = server!();
    let env = Env::new();
    let layout = Layout::Microsoft;
    let mut c = tc(&env, &server, layout);
    server.stop();
    let (code, name) = json_error(c.args(["--pg-key", USER, "read"]));
    assert_eq!((code, name.as_str()), (7, "postgres_unreachable"));
}

/// Run `c` (bounded at 20 s, so that a hang fails the test instead of
/// holding it) and say how long it took.
fn timed(c: &mut Command) -> (Output, Duration) {
    let start = Instant::now();
    let out = c.timeout(Duration::from_secs(20)).output().unwrap();
    (out, start.elapsed())
}

/// A command that ran out of `--pg-timeout 1s`: exit 7, `postgres_timeout`,
/// said so with a hint, after about the timeout (not before it, nor twice
/// it: the timeout bounds the whole command).
fn assert_timed_out(what: &str, out: &Output, took: Duration) {
    let err = out.stderr_text();
    assert_eq!(out.status.code(), Some(7), "{what} ({took:?}): {err}");
    assert!(
        err.contains("did not answer in time") && err.contains("within --pg-timeout, 1.0s"),
        "{what}: {err}"
    );
    assert!(err.contains("raise --pg-timeout"), "{what}: {err}");
    assert!(
        took >= Duration::from_millis(900) && took < Duration::from_millis(2500),
        "{what}: {took:?}"
    );
}

/// A listener on loopback that accepts and never says a word (TLS asked
/// for or not): `connect_timeout` bounds only the TCP connection, the
/// deadline the startup exchange after it.
#[test]
fn a_server_that_accepts_and_never_answers_times_out() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let held = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
    let keep = std::sync::Arc::clone(&held);
    std::thread::spawn(move || {
        for conn in listener.incoming().flatten() {
            keep.lock().unwrap().push(conn);
        }
    });
    let env = Env::new();
    for sslmode in ["disable", "prefer", "require"] {
        let cmd = || {
            let mut c = env.cmd();
            c.env("TOKENCACHE_STORE", "postgres")
                .env(
                    "TOKENCACHE_PG_URL",
                    format!("postgres://app@127.0.0.1:{port}/cachedb?sslmode={sslmode}"),
                )
                .env("TOKENCACHE_PG_PASSWORD", PASSWORD)
                .args(["--pg-timeout", "1s", "--pg-key", USER]);
            c
        };
        let (out, took) = timed(cmd().arg("read"));
        assert_timed_out(sslmode, &out, took);
        let (code, name) = json_error(cmd().arg("read"));
        assert_eq!((code, name.as_str()), (7, "postgres_timeout"), "{sslmode}");
    }
    assert!(held.lock().unwrap().len() >= 6, "the listener accepted");
}

/// Another session holds the row (`SELECT … FOR UPDATE`) for 4 s: a write
/// with `--pg-timeout 1s` gives up after about 1 s and the row keeps its
/// value byte for byte.
#[test]
fn a_row_held_by_another_transaction_times_out_and_is_left_alone() {
    let server = server!();
    let env = Env::new();
    let layout = Layout::Microsoft;
    let before = user_cache(USER, "held");
    provider_set(&server, layout, USER, &before, "now() + interval '1 hour'");
    let [id, ..] = layout.cols();
    std::thread::scope(|scope| {
        let server = &server;
        let holder = scope.spawn(|| {
            server.sql(&format!(
                "BEGIN; SELECT 1 FROM {t} WHERE {id} = '{USER}' FOR UPDATE; \
                 SELECT pg_sleep(4); COMMIT;",
                t = layout.table_sql()
            ))
        });
        wait_for_lock(server, "RowShareLock");
        for args in [&["write", "--merge"][..], &["write"][..]] {
            let (out, took) = timed(
                tc(&env, server, layout)
                    .args(["--pg-timeout", "1s", "--pg-key", USER])
                    .args(args)
                    .write_stdin(user_cache(USER, "new")),
            );
            assert_timed_out(&format!("{args:?}"), &out, took);
        }
        holder.join().unwrap();
    });
    assert_eq!(stored(&server, layout, USER).unwrap(), before);
}

/// The server stalls mid-query: another session holds a lock for 3 s
/// (`lock_sql`, after `BEGIN`), and tokencache's own backend is stopped
/// (SIGSTOP) while it waits for it, so that the server's `lock_timeout`
/// cannot fire. The deadline still ends `c` after about `--pg-timeout`
/// (1.5 s, set here), exit 7; the caller checks the rows.
fn stall_mid_query(server: &PgServer, lock_sql: &str, lock_mode: &str, mut c: Command) {
    c.args(["--pg-timeout", "1500ms"]);
    std::thread::scope(|scope| {
        let holder =
            scope.spawn(|| server.sql(&format!("BEGIN; {lock_sql}; SELECT pg_sleep(3); COMMIT;")));
        wait_for_lock(server, lock_mode);
        let writer = scope.spawn(move || timed(&mut c));
        // tokencache's backend, waiting for the lock: stop it.
        let start = Instant::now();
        let pid = loop {
            let pid = server.sql(
                "SELECT pid FROM pg_stat_activity WHERE application_name = 'tokencache' \
                 AND wait_event_type = 'Lock'",
            );
            if !pid.trim().is_empty() {
                break pid.trim().to_string();
            }
            assert!(
                start.elapsed() < Duration::from_secs(1),
                "no waiting backend"
            );
            std::thread::sleep(Duration::from_millis(10));
        };
        let signal = |sig: &str| {
            let ok = std::process::Command::new("kill")
                .args([sig, &pid])
                .status()
                .unwrap()
                .success();
            assert!(ok, "kill {sig} {pid}");
        };
        signal("-STOP");
        let result = writer.join();
        signal("-CONT");
        let (out, took) = result.unwrap();
        let err = out.stderr_text();
        assert_eq!(out.status.code(), Some(7), "{lock_sql} ({took:?}): {err}");
        assert!(
            err.contains("did not answer in time") && err.contains("within --pg-timeout, 1.5s"),
            "{err}"
        );
        assert!(
            took >= Duration::from_millis(1400) && took < Duration::from_millis(3000),
            "{lock_sql}: {took:?}"
        );
        holder.join().unwrap();
    });
}

#[test]
fn a_server_stalled_mid_query_times_out_a_write_and_the_row_is_left_alone() {
    let server = server!();
    let env = Env::new();
    let layout = Layout::Community;
    let before = user_cache(USER, "held");
    provider_set(&server, layout, USER, &before, "now() + interval '1 hour'");
    let [id, ..] = layout.cols();
    let mut c = tc(&env, &server, layout);
    c.args(["--pg-key", USER, "write", "--merge"])
        .write_stdin(user_cache(USER, "new"));
    stall_mid_query(
        &server,
        &format!(
            "SELECT 1 FROM {t} WHERE {id} = '{USER}' FOR UPDATE",
            t = layout.table_sql()
        ),
        "RowShareLock",
        c,
    );
    assert_eq!(stored(&server, layout, USER).unwrap(), before);
}

/// `list` is bounded too: its page of rows waits on a table lock.
#[test]
fn a_server_stalled_mid_query_times_out_a_list() {
    let server = server!();
    let env = Env::new();
    let layout = Layout::Microsoft;
    provider_set(
        &server,
        layout,
        USER,
        &user_cache(USER, "1"),
        "now() + interval '1 hour'",
    );
    let mut c = tc(&env, &server, layout);
    c.arg("list");
    stall_mid_query(
        &server,
        &format!("LOCK TABLE {} IN ACCESS EXCLUSIVE MODE", layout.table_sql()),
        "AccessExclusiveLock",
        c,
    );
}

/// `serve` keeps its connection and reads the row again for each request:
/// `--pg-timeout` runs per read, never while idle, so requests after pauses
/// longer than the timeout are served.
#[test]
fn serve_reads_the_row_again_after_idling_longer_than_the_timeout() {
    let server = server!();
    let env = Env::new();
    let layout = Layout::Microsoft;
    let doc = crate::serve::cache(crate::serve::now() + 3600, "arm-token");
    let key = "a11ce.t1";
    provider_set(
        &server,
        layout,
        key,
        doc.to_string().as_bytes(),
        "now() + interval '1 hour'",
    );
    let mut c = env.std_cmd();
    c.env("TOKENCACHE_STORE", "postgres")
        .env("TOKENCACHE_PG_URL", server.url("require"))
        .env("TOKENCACHE_PG_CA_FILE", server.ca_file())
        .env("TOKENCACHE_PG_PASSWORD", PASSWORD)
        .env("TOKENCACHE_PG_TABLE", layout.table())
        .env("TOKENCACHE_PG_LAYOUT", layout.name())
        .args([
            "--pg-timeout",
            "1s",
            "--pg-key",
            key,
            "serve",
            "--managed-identity",
        ]);
    let serving = crate::serve::Server::spawn(c);
    for pause in 0..2 {
        std::thread::sleep(Duration::from_millis(1500));
        let (status, body) = serving.token("https://management.azure.com");
        assert_eq!(status, 200, "after pause {pause}: {body}");
        assert_eq!(body["access_token"], "arm-token", "{body}");
    }
}

/// Wait (up to 10 s) until some session holds a lock of `mode`.
fn wait_for_lock(server: &PgServer, mode: &str) {
    let start = Instant::now();
    while server
        .sql(&format!(
            "SELECT count(*) FROM pg_locks WHERE mode = '{mode}' AND granted"
        ))
        .trim()
        == "0"
    {
        assert!(start.elapsed() < Duration::from_secs(10), "no {mode} taken");
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn a_wrong_or_missing_password_is_refused() {
    let server = server!();
    let env = Env::new();
    let layout = Layout::Microsoft;
    let mut c = tc(&env, &server, layout);
    c.env("TOKENCACHE_PG_PASSWORD", "wrong-password");
    let out = c.args(["--pg-key", USER, "read"]).output().unwrap();
    assert_eq!(out.status.code(), Some(8), "{}", out.stderr_text());
    assert!(!out.stderr_text().contains("wrong-password"));
    let mut c = tc(&env, &server, layout);
    c.env_remove("TOKENCACHE_PG_PASSWORD");
    let (code, name) = json_error(c.args(["--pg-key", USER, "read"]));
    assert_eq!((code, name.as_str()), (8, "postgres_auth_failed"));
    // From a 0600 file, too.
    let file = env.home().join("pgpass");
    std::fs::write(&file, format!("{PASSWORD}\n")).unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o600)).unwrap();
    }
    let mut c = tc(&env, &server, layout);
    c.env_remove("TOKENCACHE_PG_PASSWORD");
    let out = c
        .args(["--pg-key", USER, "--pg-password-file"])
        .arg(&file)
        .arg("read")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3), "{}", out.stderr_text());
}

#[test]
fn a_password_in_the_url_is_refused() {
    let server = server!();
    let env = Env::new();
    let mut c = tc(&env, &server, Layout::Microsoft);
    c.env(
        "TOKENCACHE_PG_URL",
        format!(
            "postgres://app:{PASSWORD}@localhost:{}/cachedb",
            server.port
        ),
    );
    let out = c.args(["--pg-key", USER, "read"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", out.stderr_text());
    assert!(out.stderr_text().contains("password"));
    assert!(!out.stderr_text().contains(PASSWORD), "never echoed");
}

#[test]
fn tls_is_verified_with_the_given_ca() {
    let server = server!();
    let env = Env::new();
    let layout = Layout::Microsoft;
    provider_set(
        &server,
        layout,
        USER,
        &user_cache(USER, "1"),
        "now() + interval '1 hour'",
    );
    // Without the test CA: the certificate is not trusted.
    let mut c = tc(&env, &server, layout);
    c.env_remove("TOKENCACHE_PG_CA_FILE");
    let (code, name) = json_error(c.args(["--pg-key", USER, "read"]));
    assert_eq!((code, name.as_str()), (7, "postgres_tls_failed"));
    // SSL_CERT_FILE is honoured.
    let mut c = tc(&env, &server, layout);
    c.env_remove("TOKENCACHE_PG_CA_FILE")
        .env("SSL_CERT_FILE", server.ca_file());
    c.args(["--pg-key", USER, "read"]).assert().success();
    // sslmode=disable talks plain TCP.
    let mut c = tc(&env, &server, layout);
    c.env("TOKENCACHE_PG_URL", server.url("disable"));
    c.args(["--pg-key", USER, "read"]).assert().success();
}

#[test]
fn a_table_of_the_other_layout_is_refused_and_left_alone() {
    let server = server!();
    let env = Env::new();
    provider_set(
        &server,
        Layout::Community,
        USER,
        &user_cache(USER, "1"),
        "now() + interval '1 hour'",
    );
    let before = stored(&server, Layout::Community, USER);
    for args in [&["read"][..], &["write", "--merge"][..], &["write"][..]] {
        let mut c = tc(&env, &server, Layout::Microsoft);
        c.env("TOKENCACHE_PG_TABLE", Layout::Community.table())
            .args(["--pg-key", USER])
            .args(args)
            .write_stdin(user_cache(USER, "2"));
        let (code, name) = json_error(&mut c);
        assert_eq!(
            (code, name.as_str()),
            (5, "postgres_wrong_layout"),
            "{args:?}"
        );
    }
    assert_eq!(stored(&server, Layout::Community, USER), before);
    // A table that does not exist.
    let mut c = tc(&env, &server, Layout::Microsoft);
    c.env("TOKENCACHE_PG_TABLE", "public.nope");
    let (code, name) = json_error(c.args(["--pg-key", USER, "read"]));
    assert_eq!((code, name.as_str()), (7, "postgres_no_table"));
}

#[test]
fn a_value_that_is_not_a_cache_is_refused_and_left_alone() {
    let server = server!();
    let env = Env::new();
    let layout = Layout::Community;
    let junk = b"\x00\x01 not a cache \xff".to_vec();
    provider_set(&server, layout, USER, &junk, "now() + interval '1 hour'");
    for args in [&["read"][..], &["write", "--merge"][..]] {
        let out = tc(&env, &server, layout)
            .args(["--pg-key", USER])
            .args(args)
            .write_stdin(user_cache(USER, "1"))
            .output()
            .unwrap();
        assert_eq!(
            out.status.code(),
            Some(5),
            "{args:?}: {}",
            out.stderr_text()
        );
    }
    assert_eq!(
        stored(&server, layout, USER).unwrap(),
        junk,
        "byte for byte"
    );
}

#[test]
fn bad_input_leaves_the_row_byte_for_byte() {
    let server = server!();
    let env = Env::new();
    let layout = Layout::Microsoft;
    let cache = user_cache(USER, "1");
    provider_set(&server, layout, USER, &cache, "now() + interval '1 hour'");
    let before = expiry(&server, layout, USER);
    for merge in [false, true] {
        for input in [b"{not json".to_vec(), user_cache("other.utid", "1")] {
            let mut c = tc(&env, &server, layout);
            c.args(["--pg-key", USER, "write"]);
            if merge {
                c.arg("--merge");
            }
            let out = c.write_stdin(input).output().unwrap();
            assert_eq!(out.status.code(), Some(4), "{}", out.stderr_text());
        }
    }
    assert_eq!(stored(&server, layout, USER).unwrap(), cache);
    assert_eq!(expiry(&server, layout, USER), before);
    // No --pg-key: a usage error naming the option.
    let out = tc(&env, &server, layout).arg("read").output().unwrap();
    assert!(
        out.stderr_text().contains("--pg-key"),
        "{}",
        out.stderr_text()
    );
}

// ---------------------------------------------------------------- list

fn json_of(out: &Output) -> Value {
    serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stdout)))
}

fn listed_key<'a>(listed: &'a Value, key: &str) -> &'a Value {
    listed["keys"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["key"] == key)
        .unwrap_or_else(|| panic!("{key} not listed: {listed}"))
}

fn list_rows(layout: Layout) {
    let server = server!();
    let env = Env::new();
    let live = "now() + interval '20 minutes'";
    provider_set(&server, layout, USER, &user_cache(USER, "1"), live);
    provider_set(&server, layout, "o2.t2", &user_cache("o2.t2", "1"), live);
    // A row past its expiry: the providers read it as missing.
    provider_set(
        &server,
        layout,
        "o3.t3",
        &user_cache("o3.t3", "1"),
        "now() - interval '1 minute'",
    );
    // LIKE's own characters in ids: matched only by themselves.
    provider_set(
        &server,
        layout,
        "50%_a.t",
        &user_cache("50%_a.t", "1"),
        live,
    );
    provider_set(
        &server,
        layout,
        "50xya.t",
        &user_cache("50xya.t", "1"),
        live,
    );
    // A DataProtection payload, another app's value, an entry of another
    // partition.
    let mut blob = vec![0x09, 0xF0, 0xC9, 0xF0];
    blob.extend([1u8; 60]);
    provider_set(&server, layout, "o4.t4", &blob, live);
    provider_set(&server, layout, "session:1", b"{\"cookie\":{}}", live);
    provider_set(&server, layout, "o5.t5", &user_cache("o6.t6", "1"), live);
    let before: Vec<Option<Vec<u8>>> = ["o3.t3", USER]
        .iter()
        .map(|k| stored(&server, layout, k))
        .collect();

    let out = tc(&env, &server, layout)
        .env("TOKENCACHE_NOW", "4102444801")
        .args(["--json", "list", "--all"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", out.stderr_text());
    let listed = json_of(&out);
    let u = listed_key(&listed, USER);
    assert_eq!(u["layout"], "aspnet", "{u}");
    assert_eq!(u["expired"], false);
    assert!(u.get("redis_type").is_none(), "{u}");
    let ttl = u["ttl_seconds"].as_i64().unwrap();
    assert!((1100..=1200).contains(&ttl), "{ttl}");
    assert_eq!(u["counts"]["access_tokens"], 1);
    assert_eq!(u["counts"]["expired_access_tokens"], 1, "TOKENCACHE_NOW");
    assert_eq!(u["partition_consistent"], true);
    assert_eq!(u["bytes"], user_cache(USER, "1").len());
    let gone = listed_key(&listed, "o3.t3");
    assert_eq!(gone["expired"], true, "{gone}");
    assert_eq!(gone["ttl_seconds"], Value::Null);
    assert_eq!(listed_key(&listed, "o4.t4")["layout"], "aspnet-encrypted");
    assert_eq!(listed_key(&listed, "session:1")["layout"], "other");
    let mixed = listed_key(&listed, "o5.t5");
    assert_eq!(mixed["partition_consistent"], false, "{mixed}");
    let s = &listed["summary"];
    assert_eq!(s["keys_scanned"], 8, "{s}");
    assert_eq!(s["aspnet"], 6);
    assert_eq!(s["aspnet_encrypted"], 1);
    assert_eq!(s["other"], 1);
    assert_eq!(s["expired_rows"], 1);
    assert_eq!(s["inconsistent_partitions"], 1);

    // --match: `%` and `_` in an id are themselves, not LIKE's wildcards;
    // `*` and `?` are the glob's.
    let keys = |pattern: &str| -> Vec<String> {
        let out = tc(&env, &server, layout)
            .args(["--json", "list", "--all", "--match", pattern])
            .output()
            .unwrap();
        assert!(out.status.success(), "{pattern}: {}", out.stderr_text());
        let mut keys: Vec<String> = json_of(&out)["keys"]
            .as_array()
            .unwrap()
            .iter()
            .map(|k| k["key"].as_str().unwrap().to_string())
            .collect();
        keys.sort();
        keys
    };
    assert_eq!(keys("50%_a.t"), ["50%_a.t"]);
    assert_eq!(keys("50*"), ["50%_a.t", "50xya.t"]);
    assert_eq!(keys("50??a.t"), ["50%_a.t", "50xya.t"]);
    assert_eq!(keys("o?.t?"), ["o2.t2", "o3.t3", "o4.t4", "o5.t5"]);
    assert_eq!(keys("uid\\.utid"), [USER]);
    // A character class has no LIKE equivalent: refused, not widened.
    let (code, _) = json_error(tc(&env, &server, layout).args(["list", "--match", "o[23].*"]));
    assert_eq!(code, 2);

    // The table: TTL "expired" for the expired row, non-caches left out;
    // the totals on stderr.
    let out = tc(&env, &server, layout).args(["list"]).output().unwrap();
    assert!(out.status.success(), "{}", out.stderr_text());
    let table = String::from_utf8(out.stdout.clone()).unwrap();
    assert!(table.starts_with("LAYOUT"), "{table}");
    assert_eq!(table.lines().count(), 1 + 7, "{table}");
    let row = table.lines().find(|l| l.ends_with(" o3.t3")).unwrap();
    assert!(row.contains(" expired "), "{row}");
    assert!(!table.contains("session:1"));
    let err = out.stderr_text();
    assert!(err.contains("8 keys scanned"), "{err}");
    assert!(err.contains("1 row past expiry"), "{err}");

    // Listing read only.
    let after: Vec<Option<Vec<u8>>> = ["o3.t3", USER]
        .iter()
        .map(|k| stored(&server, layout, k))
        .collect();
    assert_eq!(before, after);
}

#[test]
fn list_microsoft_rows_with_expired_ones_and_like_characters() {
    list_rows(Layout::Microsoft);
}

#[test]
fn list_community_rows_with_expired_ones_and_like_characters() {
    list_rows(Layout::Community);
}

#[test]
fn list_pages_through_more_rows_than_a_page() {
    let server = server!();
    let env = Env::new();
    let layout = Layout::Microsoft;
    // 1,234 rows (more than two pages of 500), written in one statement.
    server.sql(&format!(
        "INSERT INTO {t} (id, value, expiresattime, slidingexpirationinseconds, absoluteexpiration) \
         SELECT 'o' || i || '.tid', decode('{hex}', 'hex'), now() + interval '1 hour', NULL, NULL \
         FROM generate_series(1, 1234) AS i",
        t = layout.table_sql(),
        hex = hex(b"{\"AccessToken\":{}}")
    ));
    let out = tc(&env, &server, layout)
        .args(["--json", "list"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", out.stderr_text());
    let listed = json_of(&out);
    let mut keys: Vec<&str> = listed["keys"]
        .as_array()
        .unwrap()
        .iter()
        .map(|k| k["key"].as_str().unwrap())
        .collect();
    assert_eq!(keys.len(), 1234, "each row once");
    keys.sort_unstable();
    keys.dedup();
    assert_eq!(keys.len(), 1234, "no row twice");
    assert_eq!(listed["summary"]["keys_scanned"], 1234);
}

#[test]
fn list_without_a_distributed_store_is_a_usage_error() {
    let env = Env::new();
    for store in ["file", "auto"] {
        let out = env
            .cmd()
            .env("TOKENCACHE_STORE", store)
            .args(["list"])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{store}: {}", out.stderr_text());
        assert!(
            out.stderr_text().contains("--store postgres"),
            "{}",
            out.stderr_text()
        );
    }
}

// ---------------------------------------------------------------- prune

mod prune {
    use super::*;
    use crate::support::fleet::{self, NOW};

    fn prune(mut c: Command, args: &[&str]) -> Value {
        let out = c
            .env("TOKENCACHE_NOW", NOW.to_string())
            .args(["--json", "prune"])
            .args(args)
            .output()
            .unwrap();
        assert!(out.status.success(), "{args:?}: {}", out.stderr_text());
        json_of(&out)
    }

    fn reported<'a>(report: &'a Value, key: &str) -> Option<&'a Value> {
        report["keys"]
            .as_array()
            .unwrap()
            .iter()
            .find(|k| k["key"] == key)
    }

    /// One valid access token `scope<suffix>` for `home`, as a merge's input.
    fn one_token(home: &str, suffix: &str) -> Vec<u8> {
        let mut doc = fleet::doc(home, 1, 0, false);
        let (key, mut at) = doc["AccessToken"]
            .as_object()
            .unwrap()
            .iter()
            .map(|(k, v)| (k.clone(), v.clone()))
            .next()
            .unwrap();
        at["target"] = json!(format!("scope{suffix}"));
        let mut ats = serde_json::Map::new();
        ats.insert(key.replace("scopev0", &format!("scope{suffix}")), at);
        doc["AccessToken"] = Value::Object(ats);
        serde_json::to_vec(&doc).unwrap()
    }

    fn prune_rows(layout: Layout) {
        let server = server!();
        let env = Env::new();
        let live = "now() + interval '20 minutes'";
        let a = fleet::cache("oa.t", 2, 3, true);
        provider_set(&server, layout, "oa.t", &a, live);
        let c = fleet::cache("oc.t", 0, 2, false);
        provider_set(&server, layout, "oc.t", &c, live);
        let d = fleet::cache("od.t", 1, 0, true);
        provider_set(&server, layout, "od.t", &d, live);
        provider_set(&server, layout, "session:1", b"{\"cookie\":{}}", live);
        // Past its expiry: the apps read it as missing; prune leaves it.
        let x = fleet::cache("ox.t", 1, 1, true);
        provider_set(&server, layout, "ox.t", &x, "now() - interval '1 minute'");
        let keys = ["oa.t", "oc.t", "od.t", "session:1", "ox.t"];
        let snapshot = || -> Vec<(Option<Vec<u8>>, String)> {
            keys.iter()
                .map(|k| (stored(&server, layout, k), expiry(&server, layout, k)))
                .collect()
        };
        let before = snapshot();

        let report = prune(
            tc(&env, &server, layout),
            &["--dry-run", "--delete-empty", "--all"],
        );
        assert_eq!(snapshot(), before, "--dry-run changed nothing");
        assert_eq!(reported(&report, "oa.t").unwrap()["action"], "would-prune");
        assert_eq!(reported(&report, "oc.t").unwrap()["action"], "would-delete");
        assert_eq!(reported(&report, "session:1").unwrap()["action"], "skipped");
        let gone = reported(&report, "ox.t").unwrap();
        assert_eq!(gone["action"], "skipped", "{gone}");

        let report = prune(tc(&env, &server, layout), &[]);
        let s = &report["summary"];
        assert_eq!(s["keys_scanned"], 5, "{report}");
        assert_eq!(s["keys_touched"], 2, "{report}");
        assert_eq!(s["access_tokens_removed"], 5);
        assert_eq!(s["skipped"], 1, "the expired row: {report}");
        assert_eq!(s["not_caches"], 1);
        assert_eq!(stored(&server, layout, "oa.t").unwrap(), fleet::pruned(&a));
        assert_eq!(
            expiry(&server, layout, "oa.t"),
            before[0].1,
            "the row's expiry columns are kept"
        );
        assert_eq!(stored(&server, layout, "oc.t").unwrap(), fleet::pruned(&c));
        let after = snapshot();
        for i in 2..5 {
            assert_eq!(after[i], before[i], "{} untouched", keys[i]);
        }

        let report = prune(tc(&env, &server, layout), &["--delete-empty"]);
        assert_eq!(reported(&report, "oc.t").unwrap()["action"], "deleted");
        assert!(!row_exists(&server, layout, "oc.t"));
        assert!(row_exists(&server, layout, "oa.t"));
        assert_eq!(snapshot()[2..], before[2..]);
    }

    #[test]
    fn prune_microsoft_rows() {
        prune_rows(Layout::Microsoft);
    }

    #[test]
    fn prune_community_rows() {
        prune_rows(Layout::Community);
    }

    /// Apps merge new tokens into the rows while prune walks them: every
    /// merged token is there at the end, every expired one gone.
    #[test]
    fn prune_during_concurrent_merges_loses_nothing() {
        let server = server!();
        let env = Env::new();
        let layout = Layout::Microsoft;
        let homes: Vec<String> = (0..24).map(|i| format!("o{i}.t")).collect();
        for home in &homes {
            provider_set(
                &server,
                layout,
                home,
                &fleet::cache(home, 1, 2, true),
                "now() + interval '20 minutes'",
            );
        }
        let mut pruner = tc(&env, &server, layout);
        pruner
            .env("TOKENCACHE_NOW", NOW.to_string())
            .args(["--json", "prune"]);
        let pruned = std::thread::scope(|scope| {
            let (env, server, homes) = (&env, &server, &homes);
            let writers: Vec<_> = (0..2)
                .map(|w| {
                    scope.spawn(move || {
                        for home in homes.iter().skip(w).step_by(2) {
                            tc(env, server, layout)
                                .args(["--pg-key", home, "write", "--merge"])
                                .write_stdin(one_token(home, "app"))
                                .assert()
                                .success();
                        }
                    })
                })
                .collect();
            let out = pruner.output().unwrap();
            for w in writers {
                w.join().unwrap();
            }
            out
        });
        assert!(pruned.status.success(), "{}", pruned.stderr_text());
        let report = json_of(&pruned);
        assert!(
            report["summary"]["keys_touched"].as_u64().unwrap() > 0,
            "{report}"
        );
        for home in &homes {
            let tokens = fleet::access_tokens(&stored(&server, layout, home).unwrap());
            assert_eq!(tokens.len(), 2, "{home}: {tokens:?}");
            assert!(tokens.iter().any(|t| t.ends_with("scopeapp")), "{home}");
            assert!(tokens.iter().any(|t| t.ends_with("scopev0")), "{home}");
        }
    }

    /// `prune` is bounded per partition: the walk reads the row, then the
    /// partition's `SELECT … FOR UPDATE` waits on an app's transaction and
    /// the server stalls; the row keeps its value.
    #[test]
    fn a_server_stalled_mid_query_times_out_a_prune_and_the_row_is_left_alone() {
        let server = server!();
        let env = Env::new();
        let layout = Layout::Microsoft;
        let old = fleet::cache("st.t", 1, 2, true);
        provider_set(
            &server,
            layout,
            "st.t",
            &old,
            "now() + interval '20 minutes'",
        );
        let [id, ..] = layout.cols();
        let mut c = tc(&env, &server, layout);
        c.env("TOKENCACHE_NOW", NOW.to_string()).arg("prune");
        stall_mid_query(
            &server,
            &format!(
                "SELECT 1 FROM {t} WHERE {id} = 'st.t' FOR UPDATE",
                t = layout.table_sql()
            ),
            "RowShareLock",
            c,
        );
        assert_eq!(stored(&server, layout, "st.t").unwrap(), old);
    }

    /// An app's transaction holds the row while prune walks past it: prune
    /// waits for it (`FOR UPDATE`) and prunes what the app committed, not
    /// what the walk saw.
    #[test]
    fn prune_waits_for_an_app_holding_the_row_and_keeps_what_it_wrote() {
        let server = server!();
        let env = Env::new();
        let layout = Layout::Community;
        let live = "now() + interval '20 minutes'";
        let old = fleet::cache("oa.t", 1, 2, true);
        provider_set(&server, layout, "oa.t", &old, live);
        let app = fleet::cache("oa.t", 3, 3, true);
        let [id, v, ..] = layout.cols();
        let out = std::thread::scope(|scope| {
            let server = &server;
            let holder = scope.spawn(|| {
                server.sql(&format!(
                    "BEGIN; UPDATE {t} SET {v} = decode('{hex}', 'hex') WHERE {id} = 'oa.t'; \
                     SELECT pg_sleep(3); COMMIT;",
                    t = layout.table_sql(),
                    hex = hex(&app)
                ))
            });
            // The app's UPDATE holds the row lock before prune starts.
            let start = std::time::Instant::now();
            while server
                .sql("SELECT count(*) FROM pg_locks WHERE mode = 'RowExclusiveLock'")
                .trim()
                == "0"
            {
                assert!(
                    start.elapsed().as_secs() < 10,
                    "the app's transaction did not start"
                );
                std::thread::sleep(std::time::Duration::from_millis(20));
            }
            let out = tc(&env, server, layout)
                .env("TOKENCACHE_NOW", NOW.to_string())
                .args(["--json", "prune"])
                .output()
                .unwrap();
            holder.join().unwrap();
            out
        });
        assert!(out.status.success(), "{}", out.stderr_text());
        let report = json_of(&out);
        assert_eq!(
            String::from_utf8(stored(&server, layout, "oa.t").unwrap()).unwrap(),
            String::from_utf8(fleet::pruned(&app)).unwrap(),
            "the app's three valid tokens kept, its expired ones gone: {report}"
        );
        assert_eq!(report["summary"]["access_tokens_removed"], 3, "{report}");
    }

    /// `list` and `prune` over 320 rows of 1 MiB each (320 MiB of values)
    /// under a 192 MiB address-space limit: holding the table, or even a
    /// page of it, would abort on allocation. (The bound is enforced, not
    /// measured: a spawned child's ru_maxrss carries the test binary's.)
    #[test]
    fn list_and_prune_stay_within_bounded_memory_over_large_rows() {
        use std::os::unix::process::CommandExt;
        let server = server!();
        let env = Env::new();
        let layout = Layout::Microsoft;
        // Each row: one expired access token whose secret is 1 MiB.
        server.sql(&format!(
            "INSERT INTO {t} (id, value, expiresattime, slidingexpirationinseconds, absoluteexpiration) \
             SELECT 'o' || i || '.t', convert_to('{{\"AccessToken\":{{\"k\":{{\"home_account_id\":\"o' || i || \
             '.t\",\"credential_type\":\"AccessToken\",\"expires_on\":\"1\",\"secret\":\"' || \
             repeat('s', 1048576) || '\"}}}}}}', 'UTF8'), now() + interval '1 hour', NULL, NULL \
             FROM generate_series(1, 320) AS i",
            t = layout.table_sql()
        ));
        let limited = |args: &[&str]| -> std::process::Output {
            let mut c = env.std_cmd();
            c.env("TOKENCACHE_STORE", "postgres")
                .env("TOKENCACHE_PG_URL", server.url("require"))
                .env("TOKENCACHE_PG_CA_FILE", server.ca_file())
                .env("TOKENCACHE_PG_PASSWORD", PASSWORD)
                .env("TOKENCACHE_PG_TIMEOUT", "30s")
                .env("TOKENCACHE_PG_TABLE", layout.table())
                .env("TOKENCACHE_PG_LAYOUT", layout.name())
                .env("TOKENCACHE_NOW", NOW.to_string())
                .arg("--json")
                .args(args);
            // SAFETY: only setrlimit between fork and exec.
            unsafe {
                c.pre_exec(|| {
                    let limit = libc::rlimit {
                        rlim_cur: 192 << 20,
                        rlim_max: 192 << 20,
                    };
                    if libc::setrlimit(libc::RLIMIT_AS, &limit) != 0 {
                        return Err(std::io::Error::last_os_error());
                    }
                    Ok(())
                });
            }
            c.output().unwrap()
        };
        let out = limited(&["list"]);
        assert!(out.status.success(), "{}", out.stderr_text());
        let listed = json_of(&out);
        assert_eq!(listed["summary"]["keys_scanned"], 320);
        assert_eq!(listed["summary"]["expired_access_tokens"], 320);
        let out = limited(&["prune"]);
        assert!(out.status.success(), "{}", out.stderr_text());
        let report = json_of(&out);
        assert_eq!(report["summary"]["keys_touched"], 320, "{report}");
        assert!(report["summary"]["bytes_saved"].as_u64().unwrap() > 320 << 20);
        assert!(
            stored(&server, layout, "o7.t").unwrap().len() < 100,
            "the secret is gone"
        );
    }
}
