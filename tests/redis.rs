//! `--store redis` against real `redis-server`s the tests start on loopback
//! (see `support/redis_server.rs`): both layouts, TTLs, optimistic transactions and
//! their retries, partitions, faults, TLS, ACL users, `redis list`.
//!
//! The ASP.NET Core layout is written here with `redis-cli` exactly as
//! `RedisCache.cs` (dotnet/aspnetcore, src/Caching/StackExchangeRedis)
//! writes it — `HSET key absexp <ticks|-1> sldexp <ticks|-1> data <bytes>`,
//! then `EXPIRE key <seconds>` — because the real library needs .NET, which
//! this machine does not have. Those fixtures are labelled "reproduced from
//! RedisCache.cs".

use std::path::{Path, PathBuf};
use std::process::Output;
use std::time::{Duration, Instant};

use assert_cmd::Command;
use serde_json::{json, Value};

use crate::require;
use crate::support::partition::{count, doc, user_cache};
use crate::support::redis_server::{self, free_port, Options, RedisServer, TestCa};
use crate::support::{sample_cache, wait_for, Env, OutputExt};

/// The partition every sample cache belongs to (`sample_cache`'s home account id).
const USER: &str = "uid.utid";

macro_rules! server {
    () => {
        server!(Options::default())
    };
    ($opts:expr) => {{
        let opts: Options = $opts;
        require!(
            redis_server::available(opts.tls),
            "redis-server, redis-cli (and openssl for TLS) are not installed"
        );
        RedisServer::start_with(opts)
    }};
}

/// `tokencache --store redis` against `server`, in a clean environment.
fn tc(env: &Env, server: &RedisServer) -> Command {
    let mut c = env.cmd();
    c.env("TOKENCACHE_STORE", "redis")
        .env("TOKENCACHE_REDIS_URL", server.url())
        .env("TOKENCACHE_REDIS_TIMEOUT", "3s");
    if server.tls {
        c.env("TOKENCACHE_REDIS_CA_FILE", server.ca_file());
    }
    c
}

/// Run `c` with `--json` and return the error's `code`, checking that the
/// JSON error's `exit` is the process's status.
fn json_error(c: &mut Command) -> String {
    let out = c.arg("--json").output().unwrap();
    let v: Value = serde_json::from_slice(&out.stderr)
        .unwrap_or_else(|e| panic!("{e}: {}", out.stderr_text()));
    assert_eq!(v["error"]["exit"], out.status.code().unwrap(), "{v}");
    v["error"]["code"].as_str().unwrap().to_string()
}

/// A password file as --redis-password-file wants it: the user's, 0600.
fn password_file(env: &Env, password: &str) -> std::path::PathBuf {
    use std::os::unix::fs::PermissionsExt;
    let path = env.dir.path().join("pw");
    std::fs::write(&path, format!("{password}\n")).unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).unwrap();
    path
}

fn json_of(out: &Output) -> Value {
    serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stdout)))
}

// ---------------------------------------------------------------- string layout

#[test]
fn string_layout_round_trip_and_every_command() {
    let server = server!();
    let env = Env::new();
    let cache = sample_cache(20 << 10);
    tc(&env, &server)
        .args(["--redis-key", USER, "write"])
        .write_stdin(cache.clone())
        .assert()
        .success();
    assert_eq!(server.cli(&["TYPE", USER]).trim(), "string");
    assert_eq!(server.get(USER).unwrap(), cache, "stored byte for byte");
    let out = tc(&env, &server)
        .args(["--redis-key", USER, "read"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", out.stderr_text());
    assert_eq!(out.stdout, cache, "read back byte for byte");

    // inspect, merge, remove, clear on the partition.
    let out = tc(&env, &server)
        .args(["--redis-key", USER, "--json", "inspect"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", out.stderr_text());
    assert_eq!(json_of(&out)["accounts"][0]["home_account_id"], USER);

    // token: the access token for a scope, from the partition.
    tc(&env, &server)
        .args(["--redis-key", USER, "write"])
        .write_stdin(user_cache(USER, "1"))
        .assert()
        .success();
    let out = tc(&env, &server)
        .args(["--redis-key", USER, "token", "--scope", "scope1"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", out.stderr_text());
    assert_eq!(String::from_utf8_lossy(&out.stdout).trim(), "at-1");
    tc(&env, &server)
        .args(["--redis-key", USER, "write"])
        .write_stdin(cache.clone())
        .assert()
        .success();

    let more = user_cache(USER, "2");
    let out = tc(&env, &server)
        .args(["--redis-key", USER, "--json", "write", "--merge"])
        .write_stdin(more)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", out.stderr_text());
    let report = json_of(&out);
    assert_eq!(report["written"], true);
    assert_eq!(report["retries"], 0);
    let merged = doc(&server.get(USER).unwrap());
    assert_eq!(
        count(&merged, "AccessToken"),
        count(&doc(&cache), "AccessToken") + 1
    );

    let out = tc(&env, &server)
        .args([
            "--redis-key",
            USER,
            "--json",
            "remove",
            "--section",
            "AccessToken",
        ])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", out.stderr_text());
    assert_eq!(count(&doc(&server.get(USER).unwrap()), "AccessToken"), 0);

    tc(&env, &server)
        .args(["--redis-key", USER, "clear"])
        .assert()
        .success();
    assert_eq!(server.cli(&["EXISTS", USER]).trim(), "0");
    let out = tc(&env, &server)
        .args(["--redis-key", USER, "read"])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(3),
        "no cache: {}",
        out.stderr_text()
    );
    // Nothing of tokencache's on the local disk: no lock file, no directory.
    assert!(!env.home().join(".tokencache").exists());
}

#[test]
fn writes_keep_the_ttl_and_new_keys_get_redis_ttl() {
    let server = server!();
    let env = Env::new();
    tc(&env, &server)
        .args(["--redis-key", USER, "--redis-ttl", "2m", "write"])
        .write_stdin(user_cache(USER, "1"))
        .assert()
        .success();
    let ttl = server.ttl(USER);
    assert!((100..=120).contains(&ttl), "new key TTL {ttl}");
    // An app set a longer TTL meanwhile: write and merge keep it (KEEPTTL),
    // even when --redis-ttl is given.
    server.cli(&["EXPIRE", USER, "5000"]);
    tc(&env, &server)
        .args(["--redis-key", USER, "--redis-ttl", "2m", "write"])
        .write_stdin(user_cache(USER, "2"))
        .assert()
        .success();
    tc(&env, &server)
        .args(["--redis-key", USER, "write", "--merge"])
        .write_stdin(user_cache(USER, "3"))
        .assert()
        .success();
    let ttl = server.ttl(USER);
    assert!((4900..=5000).contains(&ttl), "kept TTL {ttl}");
    // Without --redis-ttl a new key never expires.
    tc(&env, &server)
        .args(["--redis-key", "o2.t2", "write"])
        .write_stdin(user_cache("o2.t2", "1"))
        .assert()
        .success();
    assert_eq!(server.ttl("o2.t2"), -1);
}

// ---------------------------------------------------------------- ASP.NET layout

/// Reproduced from RedisCache.cs (dotnet/aspnetcore): `Set` with a sliding
/// expiration of one hour and no absolute expiration writes
/// `HSET key absexp -1 sldexp 36000000000 data <bytes>` and `EXPIRE key 3600`.
fn aspnet_fixture(server: &RedisServer, key: &str, data: &[u8]) {
    server.cli(&["HSET", key, "absexp", "-1", "sldexp", "36000000000"]);
    server.cli_x(&["HSET", key, "data"], data);
    server.cli(&["EXPIRE", key, "3600"]);
}

#[test]
fn aspnet_hash_reproduced_from_rediscache_cs_every_command() {
    let server = server!();
    let env = Env::new();
    let key = format!("MyApp_{USER}");
    let cache = user_cache(USER, "1");
    aspnet_fixture(&server, &key, &cache);
    let app = |args: &[&str]| {
        let mut c = tc(&env, &server);
        c.args(["--redis-prefix", "MyApp_", "--redis-key", USER])
            .args(args);
        c
    };
    let out = app(&["read"]).output().unwrap();
    assert!(out.status.success(), "{}", out.stderr_text());
    assert_eq!(out.stdout, cache);

    let out = app(&["--json", "inspect"]).output().unwrap();
    assert!(out.status.success(), "{}", out.stderr_text());

    // A merge changes only `data`: absexp, sldexp and the TTL stay.
    let out = app(&["--json", "write", "--merge"])
        .write_stdin(user_cache(USER, "2"))
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", out.stderr_text());
    assert_eq!(server.hget(&key, "absexp").unwrap(), b"-1");
    assert_eq!(server.hget(&key, "sldexp").unwrap(), b"36000000000");
    let ttl = server.ttl(&key);
    assert!((3500..=3600).contains(&ttl), "TTL {ttl}");
    assert_eq!(
        count(&doc(&server.hget(&key, "data").unwrap()), "AccessToken"),
        2
    );

    // A plain write too.
    app(&["write"])
        .write_stdin(cache.clone())
        .assert()
        .success();
    assert_eq!(server.hget(&key, "data").unwrap(), cache);
    assert_eq!(server.hget(&key, "sldexp").unwrap(), b"36000000000");
    assert_eq!(server.cli(&["TYPE", &key]).trim(), "hash");

    let out = app(&["remove", "--user", USER]).output().unwrap();
    assert!(out.status.success(), "{}", out.stderr_text());
    assert_eq!(
        count(&doc(&server.hget(&key, "data").unwrap()), "Account"),
        0
    );

    // Asking for the other layout is refused, nothing changed.
    let before = server.hget(&key, "data");
    let out = app(&["--redis-layout", "string", "read"]).output().unwrap();
    assert_eq!(out.status.code(), Some(5), "{}", out.stderr_text());
    assert!(
        out.stderr_text().contains("holds a hash"),
        "{}",
        out.stderr_text()
    );
    assert_eq!(server.hget(&key, "data"), before);

    app(&["clear"]).assert().success();
    assert_eq!(server.cli(&["EXISTS", &key]).trim(), "0");
}

#[test]
fn aspnet_new_key_gets_ticks_and_ttl() {
    let server = server!();
    let env = Env::new();
    let key = format!("Inst:{USER}");
    let before = (std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64
        + 600)
        * 10_000_000
        + 621_355_968_000_000_000;
    tc(&env, &server)
        .args([
            "--redis-prefix",
            "Inst:",
            "--redis-key",
            USER,
            "--redis-ttl",
            "10m",
            "write",
        ])
        .write_stdin(user_cache(USER, "1"))
        .assert()
        .success();
    assert_eq!(
        server.cli(&["TYPE", &key]).trim(),
        "hash",
        "a prefix means ASP.NET"
    );
    let absexp: i64 = String::from_utf8(server.hget(&key, "absexp").unwrap())
        .unwrap()
        .parse()
        .unwrap();
    assert!(
        (before..before + 50_000_000).contains(&absexp),
        "absexp {absexp}"
    );
    assert_eq!(server.hget(&key, "sldexp").unwrap(), b"-1");
    assert!((590..=600).contains(&server.ttl(&key)));
    // --redis-layout string overrides the prefix rule.
    tc(&env, &server)
        .args([
            "--redis-prefix",
            "Node:",
            "--redis-key",
            USER,
            "--redis-layout",
            "string",
            "write",
        ])
        .write_stdin(user_cache(USER, "1"))
        .assert()
        .success();
    assert_eq!(
        server.cli(&["TYPE", &format!("Node:{USER}")]).trim(),
        "string"
    );
}

#[test]
fn encrypted_aspnet_value_is_refused_except_for_clear() {
    let server = server!();
    let env = Env::new();
    // Reproduced from RedisCache.cs with a DataProtection payload as `data`:
    // magic 09 F0 C9 F0, a 16-byte key id, then ciphertext.
    let mut blob = vec![0x09, 0xF0, 0xC9, 0xF0];
    blob.extend((0u8..16).map(|i| i.wrapping_mul(17)));
    blob.extend((0u8..200).map(|i| i.wrapping_mul(31) ^ 0x5a));
    aspnet_fixture(&server, USER, &blob);
    for args in [vec!["read"], vec!["inspect"]] {
        let out = tc(&env, &server)
            .args(["--redis-key", USER])
            .args(&args)
            .output()
            .unwrap();
        assert_eq!(
            out.status.code(),
            Some(5),
            "{args:?}: {}",
            out.stderr_text()
        );
        assert!(
            out.stderr_text().contains("DataProtection"),
            "{}",
            out.stderr_text()
        );
    }
    for merge in [false, true] {
        let mut c = tc(&env, &server);
        c.args(["--redis-key", USER, "write"]);
        if merge {
            c.arg("--merge");
        }
        let out = c.write_stdin(user_cache(USER, "1")).output().unwrap();
        assert_eq!(
            out.status.code(),
            Some(5),
            "merge={merge}: {}",
            out.stderr_text()
        );
        assert_eq!(server.hget(USER, "data").unwrap(), blob, "unchanged");
    }
    tc(&env, &server)
        .args(["--redis-key", USER, "clear"])
        .assert()
        .success();
    assert_eq!(server.cli(&["EXISTS", USER]).trim(), "0");
}

// ---------------------------------------------------------------- partitions

#[test]
fn another_partitions_entries_are_refused_unless_forced() {
    let server = server!();
    let env = Env::new();
    tc(&env, &server)
        .args(["--redis-key", USER, "write"])
        .write_stdin(user_cache(USER, "1"))
        .assert()
        .success();
    let stored = server.get(USER);
    for merge in [false, true] {
        let mut c = tc(&env, &server);
        c.args(["--redis-key", USER, "write"]);
        if merge {
            c.arg("--merge");
        }
        let out = c
            .write_stdin(user_cache("other.utid", "1"))
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(4), "{}", out.stderr_text());
        assert!(
            out.stderr_text().contains("another partition"),
            "{}",
            out.stderr_text()
        );
        assert_eq!(server.get(USER), stored, "unchanged");
    }
    // An app's tokens under a user's key, too.
    let app = serde_json::to_vec(&json!({"AccessToken": {"k": {
        "home_account_id": "", "client_id": "cid", "realm": "tid", "credential_type": "AccessToken",
        "secret": "s", "environment": "login.microsoftonline.com", "target": "x/.default",
        "cached_at": "1", "expires_on": "4102444800"}}}))
    .unwrap();
    let out = tc(&env, &server)
        .args(["--redis-key", USER, "write", "--merge"])
        .write_stdin(app.clone())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(4), "{}", out.stderr_text());
    // ... which belong under the app's key.
    tc(&env, &server)
        .args(["--redis-key", "cid.tid", "write"])
        .write_stdin(app)
        .assert()
        .success();
    // Forced.
    tc(&env, &server)
        .args(["--redis-key", USER, "write", "--merge", "--force-partition"])
        .write_stdin(user_cache("other.utid", "1"))
        .assert()
        .success();
    let list = tc(&env, &server)
        .args(["--json", "redis", "list"])
        .output()
        .unwrap();
    assert!(list.status.success(), "{}", list.stderr_text());
    let listed = json_of(&list);
    let mixed = listed["keys"]
        .as_array()
        .unwrap()
        .iter()
        .find(|k| k["key"] == USER)
        .unwrap();
    assert_eq!(mixed["partition_consistent"], false);
    assert_eq!(mixed["foreign_entries"], 3);
}

/// The five ways past the partition check the security review found are
/// closed: each key is parsed into its exact parts and compared exactly. A
/// refused write is exit 4 and leaves the key byte for byte as it was.
#[test]
fn partition_keys_are_parsed_and_compared_exactly() {
    let server = server!();
    let env = Env::new();
    let app = |client: &str, realm: &str| {
        serde_json::to_vec(&json!({"AccessToken": {"k": {
            "home_account_id": "", "client_id": client, "realm": realm, "credential_type": "AccessToken",
            "secret": "s", "environment": "login.microsoftonline.com", "target": "x/.default",
            "cached_at": "1", "expires_on": "4102444800"}}}))
        .unwrap()
    };
    let obo = "q2L6y3Pp9bJ3mJwJt1kq1vXoBqvQ0V8m0p8L3c8aM3k";
    let app_key = "cid_tenantX_AppTokenCache";
    let no_partition = serde_json::to_vec(&json!({"Account": {"a": {
        "environment": "login.microsoftonline.com", "username": "x@example.com"}}}))
    .unwrap();
    let upper = user_cache(&USER.to_uppercase(), "1");
    let cases: [(&str, Vec<u8>, &str); 6] = [
        // An OBO-shaped key took any user's entries.
        (
            obo,
            user_cache("other.utid", "1"),
            "an OBO key and another user",
        ),
        // App keys were matched by prefix and substring.
        (
            app_key,
            app("c", "tenant"),
            "a client and tenant that are prefixes",
        ),
        // An entry of no partition was accepted anywhere.
        (
            USER,
            no_partition.clone(),
            "no home account id, no client id (user key)",
        ),
        (
            app_key,
            no_partition,
            "no home account id, no client id (app key)",
        ),
        // An app-shaped entry went into a user key (its client a prefix of
        // the key). Only msal-node's daemon key `<clientId>.<tenantId>`,
        // the same shape, takes that exact client's tokens in that tenant.
        (USER, app("u", "utid"), "an app token under a user key"),
        // home_account_id was compared ignoring case.
        (USER, upper, "the home account id in another case"),
    ];
    for (key, input, what) in cases {
        // A key that holds a valid cache of its own first, where one fits.
        let seeded = match key {
            k if k == USER => Some(user_cache(USER, "0")),
            k if k == app_key => Some(app("cid", "tenantX")),
            _ => None,
        };
        if let Some(bytes) = &seeded {
            tc(&env, &server)
                .args(["--redis-key", key, "write"])
                .write_stdin(bytes.clone())
                .assert()
                .success();
        }
        let before = server.get(key);
        for merge in [false, true] {
            let mut c = tc(&env, &server);
            c.args(["--redis-key", key, "write"]);
            if merge {
                c.arg("--merge");
            }
            let out = c.write_stdin(input.clone()).output().unwrap();
            assert_eq!(out.status.code(), Some(4), "{what}: {}", out.stderr_text());
            assert!(
                out.stderr_text().contains("another partition"),
                "{what}: {}",
                out.stderr_text()
            );
            assert_eq!(server.get(key), before, "{what}: the key is unchanged");
        }
    }
    // What does belong is still accepted: the app's own tokens, exactly.
    tc(&env, &server)
        .args(["--redis-key", app_key, "write", "--merge"])
        .write_stdin(app("cid", "tenantX"))
        .assert()
        .success();
}

/// `update -- CMD` is held to the partition like `write`: entries CMD adds
/// or changes that belong elsewhere are refused (exit 4, the key untouched
/// byte for byte, TTL included) unless `--force-partition`; entries already
/// stored that CMD leaves alone do not count, so a mixed key can be cleaned up.
#[test]
fn update_output_of_another_partition_is_refused_unless_forced() {
    let server = server!();
    let env = Env::new();
    tc(&env, &server)
        .args(["--redis-key", USER, "--redis-ttl", "1h", "write"])
        .write_stdin(user_cache(USER, "1"))
        .assert()
        .success();
    let own = doc(&user_cache(USER, "1"));
    let mut mixed = own.clone();
    for (section, entries) in doc(&user_cache("other.utid", "1")).as_object().unwrap() {
        for (k, v) in entries.as_object().unwrap() {
            mixed[section][k] = v.clone();
        }
    }
    // CMD prints a prepared document (`cat FILE`, its stdin ignored).
    let update = |output: &Value, force: bool| {
        let file = env.dir.path().join("output.json");
        std::fs::write(&file, serde_json::to_vec(output).unwrap()).unwrap();
        let mut c = tc(&env, &server);
        c.args(["--redis-key", USER, "update"]);
        if force {
            c.arg("--force-partition");
        }
        c.arg("--").arg("cat").arg(&file).output().unwrap()
    };
    let refused = |out: &Output, stored: &[u8]| {
        assert_eq!(out.status.code(), Some(4), "{}", out.stderr_text());
        assert!(
            out.stderr_text()
                .contains("3 entries belong to another partition than the key `uid.utid`"),
            "{}",
            out.stderr_text()
        );
        assert_eq!(server.get(USER).unwrap(), stored, "unchanged byte for byte");
        assert!(
            server.ttl(USER) > 3500,
            "the TTL stays: {}",
            server.ttl(USER)
        );
    };

    let stored = server.get(USER).unwrap();
    refused(&update(&mixed, false), &stored);
    // Forced: stored as CMD printed it.
    let out = update(&mixed, true);
    assert!(out.status.success(), "{}", out.stderr_text());
    assert_eq!(doc(&server.get(USER).unwrap()), mixed);

    // The key now mixes partitions. An edit that leaves the other user's
    // entries as they are is not refused (here: the user's access token goes).
    let mut edited = mixed.clone();
    let own_token = own["AccessToken"]
        .as_object()
        .unwrap()
        .keys()
        .next()
        .unwrap();
    edited["AccessToken"]
        .as_object_mut()
        .unwrap()
        .remove(own_token);
    let out = update(&edited, false);
    assert!(out.status.success(), "{}", out.stderr_text());
    assert_eq!(doc(&server.get(USER).unwrap()), edited);
    // Changing one of them is bringing it in again.
    let stored = server.get(USER).unwrap();
    let mut changed = edited.clone();
    for entries in changed.as_object_mut().unwrap().values_mut() {
        for entry in entries.as_object_mut().unwrap().values_mut() {
            if entry["home_account_id"] == "other.utid" {
                entry["cached_at"] = json!("1700000001");
            }
        }
    }
    refused(&update(&changed, false), &stored);
    // Cleaning up: only the user's own entries left.
    let out = update(&own, false);
    assert!(out.status.success(), "{}", out.stderr_text());
    assert_eq!(doc(&server.get(USER).unwrap()), own);
}

// ---------------------------------------------------------------- transactions

/// A `tokencache` run that the test hook holds after each `WATCH` and read,
/// so the test can change the key before the run writes it.
struct Paused {
    hook: PathBuf,
    child: std::process::Child,
}

impl Paused {
    /// Store one user's cache under `USER`, then start `tokencache ARGS` on
    /// it with `input` on stdin.
    fn start(env: &Env, server: &RedisServer, args: &[&str], input: Vec<u8>) -> Paused {
        use std::io::Write;
        tc(env, server)
            .args(["--redis-key", USER, "write"])
            .write_stdin(user_cache(USER, "1"))
            .assert()
            .success();
        let hook = env.dir.path().join("hook");
        std::fs::create_dir(&hook).unwrap();
        let mut c = env.std_cmd();
        c.env("TOKENCACHE_STORE", "redis")
            .env("TOKENCACHE_REDIS_URL", server.url())
            .env("TOKENCACHE_TEST_REDIS_PAUSE_DIR", &hook)
            .args(["--redis-key", USER, "--json"])
            .args(args)
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped());
        let mut child = c.spawn().unwrap();
        child.stdin.take().unwrap().write_all(&input).unwrap();
        Paused { hook, child }
    }

    /// Wait until attempt `n` has read the key.
    fn watched(&self, n: u32) {
        wait_for(&self.hook.join(format!("watched-{n}")));
    }

    /// Let attempts `from..=to` go on to their write.
    fn go(&self, from: u32, to: u32) {
        for n in from..=to {
            std::fs::write(self.hook.join(format!("go-{n}")), b"").unwrap();
        }
    }

    fn output(self) -> Output {
        self.child.wait_with_output().unwrap()
    }
}

#[test]
fn a_change_between_watch_and_exec_is_retried_and_nothing_is_lost() {
    let server = server!();
    let env = Env::new();
    let run = Paused::start(
        &env,
        &server,
        &["write", "--merge"],
        user_cache(USER, "from-tokencache"),
    );
    // tokencache has read the key; an app now writes it (another connection).
    run.watched(1);
    let mut app_doc = doc(&user_cache(USER, "1"));
    let extra = doc(&user_cache(USER, "from-app"));
    for (k, v) in extra["AccessToken"].as_object().unwrap() {
        app_doc["AccessToken"][k] = v.clone();
    }
    server.cli_x(&["SET", USER], &serde_json::to_vec(&app_doc).unwrap());
    run.go(1, 2);
    let out = run.output();
    assert!(out.status.success(), "{}", out.stderr_text());
    let report = json_of(&out);
    assert_eq!(report["retries"], 1, "the retry shows in --json: {report}");
    let stored = doc(&server.get(USER).unwrap());
    let keys: Vec<&String> = stored["AccessToken"].as_object().unwrap().keys().collect();
    assert_eq!(
        keys.len(),
        3,
        "the app's entry and tokencache's both kept: {keys:?}"
    );
    assert!(keys.iter().any(|k| k.ends_with("scopefrom-app")));
    assert!(keys.iter().any(|k| k.ends_with("scopefrom-tokencache")));
}

#[test]
fn a_key_that_keeps_changing_gives_up_with_exit_6_and_writes_nothing() {
    let server = server!();
    let env = Env::new();
    let run = Paused::start(
        &env,
        &server,
        &["remove", "--section", "RefreshToken"],
        Vec::new(),
    );
    let mut last = Vec::new();
    for attempt in 1..=8 {
        run.watched(attempt);
        last = user_cache(USER, &format!("app{attempt}"));
        server.cli_x(&["SET", USER], &last);
        run.go(attempt, attempt);
    }
    let out = run.output();
    assert_eq!(out.status.code(), Some(6), "{}", out.stderr_text());
    assert!(
        out.stderr_text().contains("kept changing"),
        "{}",
        out.stderr_text()
    );
    assert_eq!(
        server.get(USER).unwrap(),
        last,
        "the app's last write stands"
    );
}

#[test]
fn clear_is_a_transaction_too() {
    let server = server!();
    let env = Env::new();
    let run = Paused::start(&env, &server, &["clear"], Vec::new());
    run.watched(1);
    // The app turns the key into something else meanwhile: clear must not
    // delete what it did not look at.
    server.cli(&["DEL", USER]);
    server.cli(&["RPUSH", USER, "not-a-cache"]);
    run.go(1, 2);
    let out = run.output();
    assert_eq!(out.status.code(), Some(5), "{}", out.stderr_text());
    assert_eq!(server.cli(&["TYPE", USER]).trim(), "list");
}

// ---------------------------------------------------------------- faults

#[test]
fn server_down_is_exit_7_and_quick() {
    require!(
        redis_server::available(false),
        "redis-server is not installed"
    );
    let env = Env::new();
    let start = Instant::now();
    let out = env
        .cmd()
        .env("TOKENCACHE_STORE", "redis")
        .env(
            "TOKENCACHE_REDIS_URL",
            format!("redis://127.0.0.1:{}", free_port()),
        )
        .args(["--redis-key", USER, "read"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(7), "{}", out.stderr_text());
    assert!(
        out.stderr_text().contains("unreachable"),
        "{}",
        out.stderr_text()
    );
    assert!(start.elapsed() < Duration::from_secs(10));
    let code = json_error(
        env.cmd()
            .env("TOKENCACHE_STORE", "redis")
            .env(
                "TOKENCACHE_REDIS_URL",
                format!("redis://127.0.0.1:{}", free_port()),
            )
            .args(["--redis-key", USER, "read"]),
    );
    assert_eq!(code, "redis_unreachable");
}

#[test]
fn an_unanswering_server_times_out() {
    // A TCP listener that never speaks Redis.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let env = Env::new();
    let start = Instant::now();
    let out = env
        .cmd()
        .env("TOKENCACHE_STORE", "redis")
        .env("TOKENCACHE_REDIS_URL", format!("redis://127.0.0.1:{port}"))
        .args(["--redis-timeout", "500ms", "--redis-key", USER, "read"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(7), "{}", out.stderr_text());
    assert!(
        out.stderr_text().contains("did not answer in time"),
        "{}",
        out.stderr_text()
    );
    assert!(
        start.elapsed() < Duration::from_secs(5),
        "{:?}",
        start.elapsed()
    );
    let code = json_error(
        env.cmd()
            .env("TOKENCACHE_STORE", "redis")
            .env("TOKENCACHE_REDIS_URL", format!("redis://127.0.0.1:{port}"))
            .args(["--redis-timeout", "500ms", "--redis-key", USER, "read"]),
    );
    assert_eq!(code, "redis_timeout");
    drop(listener);
}

#[test]
fn acl_user_with_password_and_wrong_passwords() {
    let server = server!(Options {
        requirepass: Some("admin-pw".into()),
        acl_users: vec![vec![
            "app".into(),
            "on".into(),
            ">app-pw".into(),
            "~*".into(),
            "+@all".into(),
        ]],
        ..Options::default()
    });
    let env = Env::new();
    let url = format!("redis://app@127.0.0.1:{}", server.port);
    let run = |pw: Option<&str>, args: &[&str], input: Vec<u8>| {
        let mut c = tc(&env, &server);
        c.env("TOKENCACHE_REDIS_URL", &url);
        if let Some(pw) = pw {
            c.env("TOKENCACHE_REDIS_PASSWORD", pw);
        }
        c.args(args).write_stdin(input).output().unwrap()
    };
    let out = run(
        Some("app-pw"),
        &["--redis-key", USER, "write"],
        user_cache(USER, "1"),
    );
    assert!(out.status.success(), "{}", out.stderr_text());
    let out = run(Some("app-pw"), &["--redis-key", USER, "read"], Vec::new());
    assert!(out.status.success(), "{}", out.stderr_text());

    let out = run(Some("wrong-pw"), &["--redis-key", USER, "read"], Vec::new());
    assert_eq!(out.status.code(), Some(8), "{}", out.stderr_text());
    assert!(
        out.stderr_text().contains("authentication failed"),
        "{}",
        out.stderr_text()
    );
    assert!(
        !out.stderr_text().contains("wrong-pw"),
        "the password is never shown"
    );
    let code = json_error(
        tc(&env, &server)
            .env("TOKENCACHE_REDIS_URL", &url)
            .env("TOKENCACHE_REDIS_PASSWORD", "wrong-pw")
            .args(["--redis-key", USER, "read"]),
    );
    assert_eq!(code, "redis_auth_failed");

    // The password from a file (0600), never from argv or the URL.
    let pw_file = password_file(&env, "app-pw");
    let read_with_file = || {
        let file = pw_file.to_str().unwrap();
        let args = ["--redis-password-file", file, "--redis-key", USER, "read"];
        run(None, &args, Vec::new())
    };
    let out = read_with_file();
    assert!(out.status.success(), "{}", out.stderr_text());
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&pw_file, std::fs::Permissions::from_mode(0o644)).unwrap();
    let out = read_with_file();
    // Exit 8, as a key file others can read.
    assert_eq!(out.status.code(), Some(8), "{}", out.stderr_text());

    let mut c = tc(&env, &server);
    let out = c
        .env(
            "TOKENCACHE_REDIS_URL",
            format!("redis://app:app-pw@127.0.0.1:{}", server.port),
        )
        .args(["--redis-key", USER, "read"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", out.stderr_text());
    assert!(
        !out.stderr_text().contains("app-pw"),
        "{}",
        out.stderr_text()
    );
}

#[test]
fn tls_with_a_test_ca_and_a_name_mismatch() {
    let server = server!(Options {
        tls: true,
        ..Options::default()
    });
    let env = Env::new();
    let cache = user_cache(USER, "1");
    tc(&env, &server)
        .args(["--redis-key", USER, "write"])
        .write_stdin(cache.clone())
        .assert()
        .success();
    let out = tc(&env, &server)
        .args(["--redis-key", USER, "read"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", out.stderr_text());
    assert_eq!(out.stdout, cache);
    tc(&env, &server).arg("verify").assert().success();

    // The certificate names localhost, not 127.0.0.1.
    let out = tc(&env, &server)
        .env(
            "TOKENCACHE_REDIS_URL",
            format!("rediss://127.0.0.1:{}", server.port),
        )
        .args(["--redis-key", USER, "read"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(7), "{}", out.stderr_text());
    assert!(
        out.stderr_text().contains("TLS handshake failed"),
        "{}",
        out.stderr_text()
    );
    let code = json_error(
        tc(&env, &server)
            .env(
                "TOKENCACHE_REDIS_URL",
                format!("rediss://127.0.0.1:{}", server.port),
            )
            .args(["--redis-key", USER, "read"]),
    );
    assert_eq!(code, "redis_tls_failed");
    // Without the CA: not trusted.
    let out = tc(&env, &server)
        .env_remove("TOKENCACHE_REDIS_CA_FILE")
        .env("SSL_CERT_FILE", server.ca_file().with_file_name("none.pem"))
        .args(["--redis-key", USER, "read"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(7), "{}", out.stderr_text());
    // Plain Redis spoken to a TLS port.
    let out = tc(&env, &server)
        .env_remove("TOKENCACHE_REDIS_CA_FILE")
        .env(
            "TOKENCACHE_REDIS_URL",
            format!("redis://127.0.0.1:{}", server.port),
        )
        .args(["--redis-timeout", "1s", "--redis-key", USER, "read"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(7), "{}", out.stderr_text());
}

#[test]
fn maxmemory_refuses_the_write_and_nothing_changes() {
    let server = server!();
    let env = Env::new();
    let cache = user_cache(USER, "1");
    tc(&env, &server)
        .args(["--redis-key", USER, "write"])
        .write_stdin(cache.clone())
        .assert()
        .success();
    server.cli(&["CONFIG", "SET", "maxmemory-policy", "noeviction"]);
    server.cli(&["CONFIG", "SET", "maxmemory", "1"]);
    for merge in [false, true] {
        let mut c = tc(&env, &server);
        c.args(["--redis-key", USER, "write"]);
        if merge {
            c.arg("--merge");
        }
        let out = c.write_stdin(user_cache(USER, "2")).output().unwrap();
        assert_eq!(out.status.code(), Some(7), "{}", out.stderr_text());
        assert!(
            out.stderr_text().contains("out of memory"),
            "{}",
            out.stderr_text()
        );
    }
    let code = json_error(
        tc(&env, &server)
            .args(["--redis-key", USER, "write"])
            .write_stdin(user_cache(USER, "2")),
    );
    assert_eq!(code, "redis_out_of_memory");
    // verify fails too, and leaves no scratch key.
    let out = tc(&env, &server).arg("verify").output().unwrap();
    assert_eq!(out.status.code(), Some(7), "{}", out.stderr_text());
    server.cli(&["CONFIG", "SET", "maxmemory", "0"]);
    assert_eq!(server.get(USER).unwrap(), cache, "nothing half-written");
    assert_eq!(server.cli(&["DBSIZE"]).trim(), "1");
}

#[test]
fn a_key_of_the_wrong_type_is_exit_5_and_untouched() {
    let server = server!();
    let env = Env::new();
    server.cli(&["RPUSH", USER, "a", "b"]);
    server.cli(&["HSET", "sessionish", "field", "x"]);
    for key in [USER, "sessionish"] {
        for args in [
            &["read"][..],
            &["write", "--force-partition"],
            &["write", "--merge", "--force-partition"],
            &["clear"],
        ] {
            let out = tc(&env, &server)
                .args(["--redis-key", key])
                .args(args)
                .write_stdin(user_cache(USER, "1"))
                .output()
                .unwrap();
            assert_eq!(
                out.status.code(),
                Some(5),
                "{key} {args:?}: {}",
                out.stderr_text()
            );
            assert!(
                out.stderr_text().contains("not a token cache"),
                "{}",
                out.stderr_text()
            );
            assert!(
                !out.stderr_text().contains("use --redis-layout auto"),
                "the layout is auto already: {}",
                out.stderr_text()
            );
        }
    }
    let code = json_error(tc(&env, &server).args(["--redis-key", USER, "read"]));
    assert_eq!(code, "redis_wrong_type");
    assert_eq!(server.cli(&["LLEN", USER]).trim(), "2");
    assert_eq!(server.cli(&["HGET", "sessionish", "field"]).trim(), "x");
}

#[test]
fn a_16_mib_value_is_refused_before_it_is_read_and_a_16_mib_input_is_not_stored() {
    let server = server!();
    let env = Env::new();
    let huge = vec![b'x'; (16 << 20) + 1];
    server.cli_x(&["SET", USER], &huge);
    let out = tc(&env, &server)
        .args(["--redis-key", USER, "read"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(5), "{}", out.stderr_text());
    assert!(
        out.stderr_text().contains("16777216-byte limit"),
        "{}",
        out.stderr_text()
    );
    assert!(out.stdout.is_empty());
    let code = json_error(tc(&env, &server).args(["--redis-key", USER, "read"]));
    assert_eq!(code, "redis_value_too_large");
    // Writing over it with a 16 MiB + 1 input: refused as input, key untouched.
    let out = tc(&env, &server)
        .args(["--redis-key", USER, "write"])
        .write_stdin(huge.clone())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(4), "{}", out.stderr_text());
    assert_eq!(server.cli(&["STRLEN", USER]).trim(), huge.len().to_string());
}

// ---------------------------------------------------------------- verify

#[test]
fn verify_round_trips_a_scratch_key_with_a_short_ttl_and_removes_it() {
    let server = server!(Options {
        acl_users: vec![vec![
            // May write and delete, may not read back: verify fails after
            // creating its scratch key, which must still go.
            "noget".into(),
            "on".into(),
            ">pw".into(),
            "~*".into(),
            "+@all".into(),
            "-get".into(),
        ]],
        ..Options::default()
    });
    let env = Env::new();
    // Watch what verify sends (MONITOR on a second connection).
    let mut monitor = server
        .cli_cmd()
        .arg("MONITOR")
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    std::thread::sleep(Duration::from_millis(200));
    let out = tc(&env, &server)
        .args(["--json", "verify"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", out.stderr_text());
    assert_eq!(json_of(&out)["store"], "redis");
    assert_eq!(server.cli(&["DBSIZE"]).trim(), "0", "scratch key removed");
    // A second connection that refuses GET: verify fails after creating its
    // scratch key, which must still go.
    let out = tc(&env, &server)
        .env(
            "TOKENCACHE_REDIS_URL",
            format!("redis://noget@127.0.0.1:{}", server.port),
        )
        .env("TOKENCACHE_REDIS_PASSWORD", "pw")
        .arg("verify")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(8), "{}", out.stderr_text());
    assert!(
        out.stderr_text().contains("lacks a permission"),
        "{}",
        out.stderr_text()
    );
    assert_eq!(
        server.cli(&["DBSIZE"]).trim(),
        "0",
        "removed on the failure path too"
    );
    std::thread::sleep(Duration::from_millis(200));
    let _ = monitor.kill();
    let log = String::from_utf8(monitor.wait_with_output().unwrap().stdout).unwrap();
    let sets: Vec<&str> = log.lines().filter(|l| l.contains("\"SET\"")).collect();
    assert_eq!(sets.len(), 2, "{log}");
    for set in sets {
        assert!(set.contains("\"tokencache-verify:"), "{set}");
        assert!(set.contains("\"EX\" \"30\" \"NX\""), "a short TTL: {set}");
    }
    assert_eq!(log.matches("\"DEL\"").count(), 2, "{log}");
}

// ---------------------------------------------------------------- redis list

#[test]
fn list_is_redis_list_on_redis_same_flags_same_output() {
    let server = server!();
    let env = Env::new();
    server.cli_x(&["SET", USER], &user_cache(USER, "1"));
    server.cli_x(&["SET", "o2.t2"], &user_cache("o3.t3", "1"));
    aspnet_fixture(&server, "App_o3.t3", &user_cache("o3.t3", "1"));
    // No TTL: a TTL ticking between the two runs would differ.
    server.cli(&["PERSIST", "App_o3.t3"]);
    server.cli(&["SET", "sess:abc", "{\"cookie\":{}}"]);
    for flags in [
        &["list"][..],
        &["list", "--all"],
        &["list", "--match", "o?.*"],
        &["--json", "list", "--all"],
        &["--redis-prefix", "App_", "--json", "list"],
    ] {
        let run = |redis: bool| {
            let mut c = tc(&env, &server);
            c.env("TOKENCACHE_NOW", "1800000000");
            for f in flags {
                if *f == "list" && redis {
                    c.arg("redis");
                }
                c.arg(f);
            }
            let out = c.output().unwrap();
            assert!(out.status.success(), "{flags:?}: {}", out.stderr_text());
            out
        };
        let (new, old) = (run(false), run(true));
        assert_eq!(new.stdout, old.stdout, "{flags:?}");
        assert_eq!(new.stderr, old.stderr, "{flags:?}");
        assert!(!new.stdout.is_empty());
    }
    // `redis list` walks Redis whatever --store says; `list` walks --store.
    let out = tc(&env, &server)
        .env("TOKENCACHE_STORE", "file")
        .args(["redis", "list"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", out.stderr_text());
    let out = tc(&env, &server)
        .env("TOKENCACHE_STORE", "file")
        .args(["list"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", out.stderr_text());
}

#[test]
fn list_classifies_every_key_with_scan() {
    let server = server!();
    let env = Env::new();
    // msal-node strings.
    server.cli_x(&["SET", USER], &user_cache(USER, "1"));
    server.cli(&["EXPIRE", USER, "86400"]);
    server.cli_x(&["SET", "o2.t2"], &user_cache("o2.t2", "1"));
    // ASP.NET hashes (reproduced from RedisCache.cs), one encrypted.
    aspnet_fixture(&server, "App_o3.t3", &user_cache("o3.t3", "1"));
    let mut blob = vec![0x09, 0xF0, 0xC9, 0xF0];
    blob.extend([1u8; 60]);
    aspnet_fixture(&server, "App_o4.t4", &blob);
    // Not caches.
    server.cli(&["SET", "sess:abc", "{\"cookie\":{}}"]);
    server.cli(&[
        "SET",
        "cid.tid.discovery-metadata",
        "{\"tenant_discovery_endpoint\":\"x\"}",
    ]);
    server.cli(&["RPUSH", "queue", "x"]);
    let out = tc(&env, &server)
        .env("TOKENCACHE_NOW", "1800000000")
        .args(["--json", "redis", "list", "--all"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", out.stderr_text());
    let listed = json_of(&out);
    let by_key = |k: &str| {
        listed["keys"]
            .as_array()
            .unwrap()
            .iter()
            .find(|e| e["key"] == k)
            .unwrap_or_else(|| panic!("{k} not listed: {listed}"))
            .clone()
    };
    let u = by_key(USER);
    assert_eq!(u["layout"], "msal-node");
    assert!(u["ttl_seconds"].as_i64().unwrap() > 86000);
    assert_eq!(u["counts"]["accounts"], 1);
    assert_eq!(u["counts"]["access_tokens"], 1);
    assert_eq!(u["counts"]["refresh_tokens"], 1);
    assert_eq!(u["partition_consistent"], true);
    assert_eq!(by_key("o2.t2")["ttl_seconds"], Value::Null);
    assert_eq!(by_key("App_o3.t3")["layout"], "aspnet");
    assert_eq!(by_key("App_o4.t4")["layout"], "aspnet-encrypted");
    assert_eq!(by_key("sess:abc")["layout"], "other");
    assert_eq!(by_key("cid.tid.discovery-metadata")["layout"], "other");
    assert_eq!(by_key("queue")["redis_type"], "list");
    let s = &listed["summary"];
    assert_eq!(s["keys_scanned"], 7);
    assert_eq!(s["msal_node"], 2);
    assert_eq!(s["aspnet"], 1);
    assert_eq!(s["aspnet_encrypted"], 1);
    assert_eq!(s["other"], 3);

    // The prefix strips for the partition check and limits the walk.
    let out = tc(&env, &server)
        .args(["--redis-prefix", "App_", "--json", "redis", "list"])
        .output()
        .unwrap();
    let listed = json_of(&out);
    assert_eq!(listed["summary"]["keys_scanned"], 2);
    let aspnet = listed["keys"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["key"] == "App_o3.t3")
        .unwrap();
    assert_eq!(aspnet["partition_consistent"], true, "{aspnet}");

    // The table, without the non-caches; the summary on stderr.
    let out = tc(&env, &server).args(["redis", "list"]).output().unwrap();
    let table = String::from_utf8(out.stdout.clone()).unwrap();
    assert!(table.starts_with("LAYOUT"), "{table}");
    assert_eq!(table.lines().count(), 1 + 4, "{table}");
    assert!(!table.contains("sess:abc"));
    assert!(
        out.stderr_text().contains("7 keys scanned"),
        "{}",
        out.stderr_text()
    );
}

#[test]
fn list_walks_thousands_of_keys() {
    let server = server!();
    let env = Env::new();
    // 5,000 small caches through redis-cli --pipe.
    let mut proto = Vec::new();
    for i in 0..5000 {
        let key = format!("o{i}.t");
        let value = user_cache(&key, "1");
        proto.extend(
            format!(
                "*3\r\n$3\r\nSET\r\n${}\r\n{key}\r\n${}\r\n",
                key.len(),
                value.len()
            )
            .bytes(),
        );
        proto.extend(&value);
        proto.extend(b"\r\n");
    }
    let mut c = server.cli_cmd();
    c.arg("--pipe")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped());
    let mut child = c.spawn().unwrap();
    use std::io::Write;
    child.stdin.take().unwrap().write_all(&proto).unwrap();
    assert!(child.wait_with_output().unwrap().status.success());
    assert_eq!(server.cli(&["DBSIZE"]).trim(), "5000");
    let out = tc(&env, &server)
        .args(["--json", "redis", "list"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", out.stderr_text());
    let listed = json_of(&out);
    assert!(listed["summary"]["keys_scanned"].as_u64().unwrap() >= 5000);
    assert_eq!(
        listed["summary"]["msal_node"].as_u64().unwrap(),
        listed["summary"]["keys_scanned"].as_u64().unwrap()
    );
    assert_eq!(listed["summary"]["inconsistent_partitions"], 0);
    // On a terminal, a progress line counts the keys (stdout to a file, so
    // only stderr is the terminal); util-linux `script` gives the pty.
    if std::process::Command::new("script")
        .arg("--version")
        .output()
        .is_ok()
    {
        let mut c = std::process::Command::new("script");
        env.isolate(&mut c);
        let shown = c
            .env("TC", crate::support::bin())
            .env("TOKENCACHE_REDIS_URL", server.url())
            .args([
                "-qec",
                "\"$TC\" redis list >/dev/null; echo EXIT=$?",
                "/dev/null",
            ])
            .stdin(std::process::Stdio::null())
            .output()
            .unwrap();
        let shown = String::from_utf8_lossy(&shown.stdout);
        assert!(shown.contains("scanned 1000 keys"), "{shown}");
        assert!(shown.contains("scanned 5000 keys"), "{shown}");
        assert!(shown.contains("5000 keys scanned"), "the summary: {shown}");
        assert!(shown.contains("EXIT=0"), "{shown}");
    }
    // A pattern that matches one key: most SCAN batches come back empty.
    let out = tc(&env, &server)
        .args(["--json", "redis", "list", "--match", "o4321.*"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", out.stderr_text());
    let listed = json_of(&out);
    assert_eq!(listed["summary"]["keys_scanned"], 1, "{listed}");
    assert_eq!(listed["keys"][0]["key"], "o4321.t");
}

// ---------------------------------------------------------------- msal-node interop

/// Run the real msal-node `DistributedCachePlugin` (tests/peers/redis-peer.mjs)
/// against the Redis at `url` (a comma-separated list: a cluster), offline;
/// its JSON line.
fn msal_node(url: &str, args: &[&str]) -> Value {
    let modules = crate::support::peers_dir().join("node/node_modules");
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/peers/redis-peer.mjs");
    let out = std::process::Command::new("node")
        .arg(script)
        .arg(&modules)
        .arg(url)
        .args(args)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "msal-node {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    json_of(&out)
}

macro_rules! require_msal_node_redis {
    () => {
        let modules = crate::support::peers_dir().join("node/node_modules");
        require!(
            modules.join("@azure/msal-node").is_dir() && modules.join("redis").is_dir(),
            "msal-node and the npm redis client are not installed (bash tests/peers/install.sh)"
        );
    };
}

/// A Redis that msal-node and tokencache share: a server or a cluster.
struct Shared<'a> {
    url: String,
    tc: &'a dyn Fn() -> Command,
    get: &'a dyn Fn(&str) -> Vec<u8>,
    ttl: &'a dyn Fn(&str) -> i64,
}

#[test]
fn msal_node_distributed_cache_plugin_interop() {
    require_msal_node_redis!();
    let server = server!();
    let env = Env::new();
    msal_node_and_tokencache_share(&Shared {
        url: server.url(),
        tc: &|| tc(&env, &server),
        get: &|key| server.get(key).unwrap(),
        ttl: &|key| server.ttl(key),
    });
}

fn msal_node_and_tokencache_share(redis: &Shared) {
    // msal-node signs in (one call to the token endpoint) and writes the
    // cache under the account's home account id, as the samples do (EX 86400).
    let signed_in = msal_node(&redis.url, &["signin", "api://tc/a.read"]);
    assert_eq!(signed_in["token_calls"], 1);
    let home = signed_in["home_account_id"].as_str().unwrap().to_string();
    assert!((redis.ttl)(&home) > 86000);

    // tokencache sees it.
    let out = (redis.tc)()
        .args(["--redis-key", &home, "--json", "inspect"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", out.stderr_text());
    let summary = json_of(&out);
    assert_eq!(summary["accounts"][0]["username"], "alice@contoso.com");
    let out = (redis.tc)()
        .args(["--json", "redis", "list"])
        .output()
        .unwrap();
    let listed = json_of(&out);
    assert_eq!(listed["keys"][0]["layout"], "msal-node");
    assert_eq!(listed["keys"][0]["partition_consistent"], true);

    // tokencache merges an access token for another scope (made from the
    // stored one, with msal-node's key format); the TTL is kept.
    let stored = doc(&(redis.get)(&home));
    let (at_key, at) = stored["AccessToken"]
        .as_object()
        .unwrap()
        .iter()
        .next()
        .unwrap();
    let mut entry = at.clone();
    entry["target"] = json!("api://tc/b.read");
    entry["secret"] = json!("merged-by-tokencache");
    let incoming =
        json!({"AccessToken": {at_key.replace("api://tc/a.read", "api://tc/b.read"): entry}});
    (redis.tc)()
        .args(["--redis-key", &home, "write", "--merge"])
        .write_stdin(serde_json::to_vec(&incoming).unwrap())
        .assert()
        .success();
    assert!((redis.ttl)(&home) > 86000, "KEEPTTL");
    // A fresh msal-node serves it silently, without the token endpoint.
    let b = msal_node(&redis.url, &["silent", &home, "api://tc/b.read"]);
    assert_eq!(b["access_token"], "merged-by-tokencache", "{b}");
    assert_eq!(b["from_cache"], true);
    assert_eq!(b["token_calls"], 0);
    let a = msal_node(&redis.url, &["silent", &home, "api://tc/a.read"]);
    assert_eq!(a["access_token"], "at-authorization_code-1", "{a}");
    assert_eq!(a["token_calls"], 0);

    // tokencache removes the access tokens: msal-node must redeem its
    // refresh token, once.
    (redis.tc)()
        .args(["--redis-key", &home, "remove", "--section", "AccessToken"])
        .assert()
        .success();
    let a = msal_node(&redis.url, &["silent", &home, "api://tc/a.read"]);
    assert_eq!(a["token_calls"], 1, "{a}");
    assert_eq!(a["grants"], json!(["refresh_token"]));
    assert_eq!(a["from_cache"], false);

    // tokencache clears the partition: the account is gone for msal-node.
    (redis.tc)()
        .args(["--redis-key", &home, "clear"])
        .assert()
        .success();
    let gone = msal_node(&redis.url, &["silent", &home, "api://tc/a.read"]);
    assert_eq!(gone["account"], Value::Null, "{gone}");
    assert_eq!(gone["token_calls"], 0);
}

// ---------------------------------------------------------------- documentation

/// The `sh redis-test` blocks of docs/stores/redis.md (the operator's
/// walkthrough), run in order against a server holding a few partitions,
/// with `TOKENCACHE_REDIS_URL` set as the walkthrough says.
#[test]
fn documented_redis_walkthrough_runs() {
    let server = server!();
    const PAGE: &str = "docs/stores/redis.md";
    let blocks = crate::readme::fenced_blocks(&crate::readme::page(PAGE), &["sh", "redis-test"]);
    assert_eq!(blocks.len(), 3, "the walkthrough's three blocks");
    let key = "4c3f9a2e-7b1d-4e8a-9c6f-2d5e8b7a1f03.72f988bf-86f1-41af-91ab-2d7cd011db47";
    server.cli_x(&["SET", key], &user_cache(key, "1"));
    server.cli_x(&["SET", USER], &sample_cache(64 << 10));
    aspnet_fixture(&server, "MyWebApp_o5.t5", &user_cache("o5.t5", "1"));
    let mut env = Env::new();
    env.vars
        .push(("TOKENCACHE_REDIS_URL".into(), server.url().into()));
    for (line, _, script) in &blocks {
        crate::readme::run_block(&env, &format!("{PAGE}:{line}"), script);
    }
    assert_eq!(
        server.cli(&["EXISTS", key]).trim(),
        "0",
        "the user's cache was cleared"
    );
    assert_eq!(
        server.cli(&["EXISTS", USER]).trim(),
        "1",
        "and only that one"
    );
}

#[test]
fn merge_stream_is_refused_and_nothing_changes() {
    let server = server!();
    let env = Env::new();
    let cache = user_cache(USER, "1");
    server.cli_x(&["SET", USER], &cache);
    let mut two = user_cache(USER, "2");
    two.push(b'\n');
    two.extend(user_cache(USER, "3"));
    let out = tc(&env, &server)
        .args(["--redis-key", USER, "write", "--merge", "--stream"])
        .write_stdin(two)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", out.stderr_text());
    assert!(
        out.stderr_text().contains("--stream is not supported"),
        "{}",
        out.stderr_text()
    );
    assert_eq!(server.get(USER).unwrap(), cache);
}

#[test]
fn path_json_shows_the_redis_location_without_the_password() {
    let env = Env::new();
    let out = env
        .cmd()
        .env("TOKENCACHE_STORE", "redis")
        .env("TOKENCACHE_REDIS_URL", "redis://app@127.0.0.1:6390/3")
        .env("TOKENCACHE_REDIS_PASSWORD", "s3cret-pw")
        .args(["--redis-prefix", "MyWebApp_", "--redis-key", USER])
        .args(["path", "--json"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", out.stderr_text());
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(!text.contains("s3cret-pw"), "{text}");
    let v = json_of(&out);
    let location = &v["location"];
    assert_eq!(location["url"], "redis://app@127.0.0.1:6390/3", "{v}");
    assert_eq!(location["key"], format!("MyWebApp_{USER}"), "{v}");
    assert_eq!(location["password"], "set (not shown)", "{v}");
    assert_eq!(v["store"], "redis");
}

/// The options a deployment sets once, from the environment: the password
/// file, the ASP.NET prefix, the layout and the TTL of new keys.
#[test]
fn the_redis_options_come_from_their_variables_too() {
    let server = server!(Options {
        requirepass: Some("admin-pw".into()),
        ..Options::default()
    });
    let env = Env::new();
    let pw_file = password_file(&env, "admin-pw");
    let with_vars = |c: &mut Command| {
        c.env("TOKENCACHE_REDIS_PASSWORD_FILE", &pw_file)
            .env("TOKENCACHE_REDIS_PREFIX", "App_")
            .env("TOKENCACHE_REDIS_LAYOUT", "aspnet")
            .env("TOKENCACHE_REDIS_TTL", "2m")
            .env("TOKENCACHE_REDIS_KEY", USER);
    };
    let cache = user_cache(USER, "1");
    let mut c = tc(&env, &server);
    with_vars(&mut c);
    let out = c.arg("write").write_stdin(cache.clone()).output().unwrap();
    assert!(out.status.success(), "{}", out.stderr_text());
    let key = format!("App_{USER}");
    assert_eq!(server.cli(&["TYPE", &key]).trim(), "hash");
    let ttl = server.ttl(&key);
    assert!((100..=120).contains(&ttl), "new key TTL {ttl}");
    let mut c = tc(&env, &server);
    with_vars(&mut c);
    let out = c.arg("read").output().unwrap();
    assert!(out.status.success(), "{}", out.stderr_text());
    assert_eq!(out.stdout, cache);
}

#[test]
fn a_server_on_a_unix_socket_works_through_redis_unix_urls() {
    let server = server!();
    let env = Env::new();
    let url = format!("redis+unix://{}", server.socket().display());
    let cache = user_cache(USER, "1");
    let run = |args: &[&str], input: Vec<u8>| {
        tc(&env, &server)
            .env("TOKENCACHE_REDIS_URL", &url)
            .args(args)
            .write_stdin(input)
            .output()
            .unwrap()
    };
    let out = run(&["--redis-key", USER, "write"], cache.clone());
    assert!(out.status.success(), "{}", out.stderr_text());
    assert_eq!(server.get(USER).unwrap(), cache, "stored over the socket");
    let out = run(&["--redis-key", USER, "read"], Vec::new());
    assert!(out.status.success(), "{}", out.stderr_text());
    assert_eq!(out.stdout, cache);
    let out = run(&["verify"], Vec::new());
    assert!(out.status.success(), "{}", out.stderr_text());
    let out = run(&["redis", "list", "--json"], Vec::new());
    assert!(out.status.success(), "{}", out.stderr_text());
    assert!(String::from_utf8_lossy(&out.stdout).contains(USER));
}

/// Key names are anyone's who can write to Redis: the table and the summary
/// escape their control characters and bidi overrides (U+202E would show
/// the key reversed), not only ESC.
#[test]
fn list_escapes_bidi_overrides_and_controls_in_key_names() {
    let server = server!();
    let env = Env::new();
    let key = "o9.t9\u{202e}txt.exe\u{2066}\x1b[2J";
    server.cli_x(&["SET", key], &user_cache("o9.t9", "1"));
    let out = tc(&env, &server).args(["redis", "list"]).output().unwrap();
    assert!(out.status.success(), "{}", out.stderr_text());
    let printed = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        out.stderr_text()
    );
    assert!(
        printed.contains("o9.t9\\u{202e}txt.exe\\u{2066}\\x1b[2J"),
        "{printed}"
    );
    for raw in ['\u{202e}', '\u{2066}', '\x1b'] {
        assert!(!printed.contains(raw), "{raw:?} printed raw: {printed}");
    }
}

/// A password in `--redis-url` (or `TOKENCACHE_REDIS_URL`) is never printed:
/// not by `path --json` (location.url and summary), not in the errors that
/// quote a URL that does not parse (human and `--json`), not by `verify
/// --json`, whatever the URL's form.
#[test]
fn a_password_in_the_redis_url_is_never_printed() {
    let env = Env::new();
    const PW: &str = "Pw-s3cret-42";
    let urls = [
        format!("redis://user:{PW}@127.0.0.1:1/0"),
        format!("redis://:{PW}@127.0.0.1:1"),
        format!("redis://127.0.0.1:1/0?pass={PW}"),
        format!("redis+unix:///tmp/none.sock?pass={PW}"),
        format!("redis+unix:///tmp/none.sock?db=0&password={PW}"),
        format!("redis://:{PW}@127.0.0.1:6380x"),
        format!("http://:{PW}@127.0.0.1:1"),
        format!("redis://:{PW}@[::1"),
        format!("redis:///:{PW}@host"),
    ];
    for url in &urls {
        for (how, args) in [
            ("path --json", vec!["--json", "path"]),
            ("read", vec!["read"]),
            ("read --json", vec!["--json", "read"]),
            ("verify --json", vec!["--json", "verify"]),
        ] {
            for via_env in [false, true] {
                let mut c = env.cmd();
                c.env("TOKENCACHE_STORE", "redis")
                    .env("TOKENCACHE_REDIS_KEY", USER)
                    .env("TOKENCACHE_REDIS_TIMEOUT", "1s");
                if via_env {
                    c.env("TOKENCACHE_REDIS_URL", url);
                } else {
                    c.args(["--redis-url", url]);
                }
                let out = c.args(&args).output().unwrap();
                let printed = format!(
                    "{}{}",
                    String::from_utf8_lossy(&out.stdout),
                    String::from_utf8_lossy(&out.stderr)
                );
                assert!(
                    !printed.contains(PW),
                    "{how} (env: {via_env}) printed the password of {url}: {printed}"
                );
                if how == "path --json" && out.status.success() {
                    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
                    assert!(
                        v["location"]["url"].as_str().unwrap().contains("***"),
                        "{v}"
                    );
                }
            }
        }
    }
}

/// An ACL user limited to its own key (`~<key>*`) can verify: the scratch
/// key is `<key>:tokencache-verify:…`, inside its pattern, and is removed.
#[test]
fn verify_works_for_an_acl_user_limited_to_its_key() {
    let server = server!(Options {
        acl_users: vec![vec![
            "keyonly".into(),
            "on".into(),
            ">pw".into(),
            format!("~{USER}*"),
            "+@all".into(),
        ]],
        ..Options::default()
    });
    let env = Env::new();
    let out = tc(&env, &server)
        .env(
            "TOKENCACHE_REDIS_URL",
            format!("redis://keyonly@127.0.0.1:{}", server.port),
        )
        .env("TOKENCACHE_REDIS_PASSWORD", "pw")
        .args(["--redis-key", USER, "verify"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", out.stderr_text());
    assert_eq!(server.cli(&["DBSIZE"]).trim(), "0", "scratch key removed");
}

/// A loopback proxy to `upstream` that forwards everything until a client
/// sends `EXEC`: it forwards that too, then drops the client's connection
/// without forwarding Redis's answer (a connection lost at the worst time).
fn exec_answer_dropping_proxy(upstream: u16) -> u16 {
    use std::io::{Read, Write};
    use std::net::{Shutdown, TcpListener, TcpStream};
    use std::sync::atomic::{AtomicBool, Ordering};
    use std::sync::Arc;
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    std::thread::spawn(move || {
        for client in listener.incoming() {
            let Ok(mut client) = client else { return };
            let Ok(mut server) = TcpStream::connect(("127.0.0.1", upstream)) else {
                return;
            };
            let dropped = Arc::new(AtomicBool::new(false));
            let (mut to_client, mut from_server) =
                (client.try_clone().unwrap(), server.try_clone().unwrap());
            let flag = Arc::clone(&dropped);
            std::thread::spawn(move || {
                let mut buf = [0u8; 65536];
                while let Ok(n) = from_server.read(&mut buf) {
                    if n == 0 || flag.load(Ordering::SeqCst) {
                        return;
                    }
                    if to_client.write_all(&buf[..n]).is_err() {
                        return;
                    }
                }
            });
            std::thread::spawn(move || {
                let mut buf = [0u8; 65536];
                let mut seen = Vec::new();
                while let Ok(n) = client.read(&mut buf) {
                    if n == 0 {
                        return;
                    }
                    seen.extend_from_slice(&buf[..n]);
                    let exec = seen.windows(6).any(|w| w.eq_ignore_ascii_case(b"EXEC\r\n"));
                    if exec {
                        dropped.store(true, Ordering::SeqCst);
                    }
                    if server.write_all(&buf[..n]).is_err() {
                        return;
                    }
                    if exec {
                        std::thread::sleep(Duration::from_millis(300));
                        let _ = client.shutdown(Shutdown::Both);
                        let _ = server.shutdown(Shutdown::Both);
                        return;
                    }
                }
            });
        }
    });
    port
}

/// The connection drops after `EXEC` was sent, before its answer: Redis
/// applied the write, so "cannot write the key" would be false. The error
/// says the outcome is unknown and how to check.
#[test]
fn a_lost_exec_answer_says_the_outcome_is_unknown() {
    let server = server!();
    let env = Env::new();
    let proxy = exec_answer_dropping_proxy(server.port);
    let cache = user_cache(USER, "1");
    let out = env
        .cmd()
        .env("TOKENCACHE_STORE", "redis")
        .env("TOKENCACHE_REDIS_URL", format!("redis://127.0.0.1:{proxy}"))
        .env("TOKENCACHE_REDIS_TIMEOUT", "3s")
        .args(["--redis-key", USER, "write"])
        .write_stdin(cache.clone())
        .output()
        .unwrap();
    let err = out.stderr_text();
    assert!(!out.status.success(), "{err}");
    assert!(err.contains("the outcome is unknown"), "{err}");
    assert!(err.contains("tokencache read"), "{err}");
    assert!(!err.contains("cannot write the key"), "{err}");
    // And indeed Redis applied it.
    assert_eq!(server.get(USER), Some(cache));
}

/// How many connections the server has accepted (this query's included).
fn connections_received(server: &RedisServer) -> u64 {
    server
        .cli(&["INFO", "stats"])
        .lines()
        .find_map(|l| l.strip_prefix("total_connections_received:"))
        .unwrap()
        .trim()
        .parse()
        .unwrap()
}

/// A `redis+unix://` socket owned by another user, or in a folder others
/// may write to, could be served by someone else, who would get the
/// password: refused with exit 8 before connecting (the server accepts no
/// connection from tokencache). Needs root, to give the socket away.
#[test]
fn a_unix_socket_another_user_could_serve_gets_nothing() {
    crate::require!(
        crate::support::is_root(),
        "giving a socket to another user (chown) needs root"
    );
    let server = server!(Options {
        requirepass: Some("the-password".into()),
        ..Options::default()
    });
    let env = Env::new();
    let socket = server.socket();
    let folder = socket.parent().unwrap().to_path_buf();
    let read = || {
        tc(&env, &server)
            .env(
                "TOKENCACHE_REDIS_URL",
                format!("redis+unix://{}", socket.display()),
            )
            .env("TOKENCACHE_REDIS_PASSWORD", "the-password")
            .args(["--redis-key", USER, "read", "--allow-missing"])
            .output()
            .unwrap()
    };
    assert!(read().status.success(), "{}", read().stderr_text());
    let refused = |why: &str| {
        let before = connections_received(&server);
        let out = read();
        assert_eq!(out.status.code(), Some(8), "{why}: {}", out.stderr_text());
        assert!(
            out.stderr_text().contains("Redis socket"),
            "{}",
            out.stderr_text()
        );
        assert!(
            out.stderr_text().contains("nothing was sent")
                || out.stderr_text().contains("writable"),
            "{}",
            out.stderr_text()
        );
        assert_eq!(
            connections_received(&server),
            before + 1,
            "{why}: tokencache connected"
        );
    };
    std::os::unix::fs::chown(&socket, Some(65534), None).unwrap();
    refused("a socket owned by nobody");
    std::os::unix::fs::chown(&socket, Some(0), None).unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&folder, std::fs::Permissions::from_mode(0o777)).unwrap();
    refused("a folder anyone may write to");
    std::fs::set_permissions(&folder, std::fs::Permissions::from_mode(0o700)).unwrap();
    assert!(read().status.success());
}

/// A fake server on loopback: accepts, reads what the client sends, and
/// answers with `answer` (None: never answers).
fn fake_server(trickle: bool) -> u16 {
    use std::io::{Read, Write};
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    std::thread::spawn(move || {
        for client in listener.incoming() {
            let Ok(mut client) = client else { return };
            std::thread::spawn(move || {
                let mut buf = [0u8; 4096];
                if client.read(&mut buf).unwrap_or(0) == 0 || !trickle {
                    // Silent: hold the connection open, answer nothing.
                    std::thread::sleep(Duration::from_secs(60));
                    return;
                }
                // A 100-byte bulk string, one byte every 0.5 s (50 s).
                let mut reply = b"$100\r\n".to_vec();
                reply.extend([b'x'; 100]);
                reply.extend(b"\r\n");
                for b in reply {
                    if client.write_all(&[b]).is_err() {
                        return;
                    }
                    std::thread::sleep(Duration::from_millis(500));
                }
            });
        }
    });
    port
}

/// `--redis-timeout` bounds the whole command, connecting included: a
/// server that never answers, and one that trickles its answer a byte every
/// 0.5 s (which never lets a per-read timeout fire), both end in the timeout
/// error (exit 7). The wait is a hang guard, not a benchmark: before, the
/// trickle took 12 s for a 1 s timeout, here it would take 50 s.
#[test]
fn redis_timeout_bounds_the_whole_command() {
    let env = Env::new();
    for (what, trickle) in [("silent", false), ("trickle", true)] {
        let port = fake_server(trickle);
        let mut child = env
            .std_cmd()
            .env("TOKENCACHE_STORE", "redis")
            .env("TOKENCACHE_REDIS_URL", format!("redis://127.0.0.1:{port}"))
            .args(["--redis-timeout", "1s", "--redis-key", USER, "read"])
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        let deadline = Instant::now() + Duration::from_secs(20);
        while child.try_wait().unwrap().is_none() {
            if Instant::now() > deadline {
                let _ = child.kill();
                let _ = child.wait();
                panic!("{what}: --redis-timeout 1s did not bound the command");
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        let out = child.wait_with_output().unwrap();
        let err = out.stderr_text();
        assert_eq!(out.status.code(), Some(7), "{what}: {err}");
        assert!(err.contains("--redis-timeout"), "{what}: {err}");
    }
}

// ---------------------------------------------------------------- Redis Cluster

use crate::support::redis_cluster::RedisCluster;

macro_rules! cluster {
    () => {{
        require!(
            redis_server::available(false),
            "redis-server and redis-cli are not installed"
        );
        RedisCluster::start()
    }};
}

/// `tokencache --store redis --redis-cluster` against `cluster`'s nodes.
fn tc_cluster(env: &Env, cluster: &RedisCluster) -> Command {
    let mut c = env.cmd();
    c.env("TOKENCACHE_STORE", "redis")
        .env("TOKENCACHE_REDIS_CLUSTER", "1")
        .env("TOKENCACHE_REDIS_URL", cluster.url())
        .env("TOKENCACHE_REDIS_TIMEOUT", "5s");
    c
}

/// The same over a Redis Cluster: msal-node's plugin over node-redis's
/// createCluster, tokencache with --redis-cluster.
#[test]
fn cluster_msal_node_distributed_cache_plugin_interop() {
    require_msal_node_redis!();
    let cluster = cluster!();
    let env = Env::new();
    msal_node_and_tokencache_share(&Shared {
        url: cluster.url(),
        tc: &|| tc_cluster(&env, &cluster),
        get: &|key| cluster.get(key).unwrap(),
        ttl: &|key| cluster.cli(&["TTL", key]).trim().parse().unwrap(),
    });
}

/// An ACL user with its password reaches every master (the cluster
/// client authenticates each node connection it opens, redirections
/// included); a wrong password is exit 8 and never shown.
#[test]
fn cluster_acl_user_with_password_and_a_wrong_password() {
    require!(
        redis_server::available(false),
        "redis-server and redis-cli are not installed"
    );
    let cluster = RedisCluster::start_with(Options {
        requirepass: Some("admin-pw".into()),
        acl_users: vec![["app", "on", ">app-pw", "~*", "+@all"]
            .map(String::from)
            .to_vec()],
        ..Options::default()
    });
    let env = Env::new();
    let url = cluster
        .live()
        .map(|n| format!("redis://app@127.0.0.1:{}", n.port))
        .collect::<Vec<_>>()
        .join(",");
    let run = |pw: &str, args: &[&str], input: Vec<u8>| {
        tc_cluster(&env, &cluster)
            .env("TOKENCACHE_REDIS_URL", &url)
            .env("TOKENCACHE_REDIS_PASSWORD", pw)
            .args(args)
            .write_stdin(input)
            .output()
            .unwrap()
    };
    // Keys on every master: each write lands where its slot lives.
    let keys = homes(6);
    for key in &keys {
        let out = run(
            "app-pw",
            &["--redis-key", key, "write"],
            user_cache(key, "1"),
        );
        assert!(out.status.success(), "{}", out.stderr_text());
        assert!(cluster.get(key).is_some());
    }
    let masters: std::collections::BTreeSet<usize> =
        keys.iter().map(|k| cluster.master_of(k)).collect();
    assert!(masters.len() > 1, "the keys span masters: {masters:?}");
    let out = run("app-pw", &["--json", "redis", "list"], Vec::new());
    assert!(out.status.success(), "{}", out.stderr_text());
    assert_eq!(json_of(&out)["keys"].as_array().unwrap().len(), keys.len());
    // Refused by every seed: exit 8, "authentication failed" (the cluster
    // client reports it inside an I/O error), the password never shown;
    // said at once, not retried as a failover until --redis-timeout (5 s),
    // which could turn it into a timeout on a loaded machine.
    let started = Instant::now();
    let out = run("wrong-pw", &["--redis-key", &keys[0], "read"], Vec::new());
    assert_eq!(out.status.code(), Some(8), "{}", out.stderr_text());
    assert!(
        started.elapsed() < Duration::from_secs(3),
        "{:?}",
        started.elapsed()
    );
    assert!(
        out.stderr_text().contains("authentication failed"),
        "{}",
        out.stderr_text()
    );
    assert!(
        !out.stderr_text().contains("wrong-pw"),
        "{}",
        out.stderr_text()
    );
}

/// Keys spread over the masters: `<i>.tid` for i in 0..n.
fn homes(n: usize) -> Vec<String> {
    (0..n).map(|i| format!("o{i}.tid")).collect()
}

#[test]
fn cluster_every_verb_on_a_cluster_key() {
    let cluster = cluster!();
    let env = Env::new();
    // The cluster spreads the users over its three masters.
    let users = homes(6);
    let masters: std::collections::BTreeSet<usize> =
        users.iter().map(|u| cluster.master_of(u)).collect();
    assert!(masters.len() >= 2, "keys on several masters: {masters:?}");
    for user in &users {
        tc_cluster(&env, &cluster)
            .args(["--redis-key", user, "write"])
            .write_stdin(user_cache(user, "1"))
            .assert()
            .success();
        assert_eq!(cluster.get(user).unwrap(), user_cache(user, "1"));
    }
    let user = users[0].as_str();
    let out = tc_cluster(&env, &cluster)
        .args(["--redis-key", user, "read"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", out.stderr_text());
    assert_eq!(out.stdout, user_cache(user, "1"));
    let out = tc_cluster(&env, &cluster)
        .args(["--redis-key", user, "--json", "inspect"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", out.stderr_text());
    assert_eq!(json_of(&out)["accounts"][0]["home_account_id"], user);
    let out = tc_cluster(&env, &cluster)
        .args(["--redis-key", user, "token", "--scope", "scope1"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", out.stderr_text());
    assert_eq!(String::from_utf8_lossy(&out.stdout).trim(), "at-1");
    // A new key gets --redis-ttl; a merge keeps the TTL (KEEPTTL in the script).
    let out = tc_cluster(&env, &cluster)
        .args(["--redis-key", user, "--json", "write", "--merge"])
        .write_stdin(user_cache(user, "2"))
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", out.stderr_text());
    assert_eq!(json_of(&out)["retries"], 0);
    assert_eq!(count(&doc(&cluster.get(user).unwrap()), "AccessToken"), 2);
    tc_cluster(&env, &cluster)
        .args(["--redis-key", "new.tid", "--redis-ttl", "1h", "write"])
        .write_stdin(user_cache("new.tid", "1"))
        .assert()
        .success();
    let ttl: i64 = cluster.cli(&["TTL", "new.tid"]).trim().parse().unwrap();
    assert!((3500..=3600).contains(&ttl), "{ttl}");
    tc_cluster(&env, &cluster)
        .args(["--redis-key", "new.tid", "write", "--merge"])
        .write_stdin(user_cache("new.tid", "2"))
        .assert()
        .success();
    let ttl: i64 = cluster.cli(&["TTL", "new.tid"]).trim().parse().unwrap();
    assert!((3500..=3600).contains(&ttl), "kept: {ttl}");
    // remove, the ASP.NET layout, verify.
    let out = tc_cluster(&env, &cluster)
        .args(["--redis-key", user, "remove", "--section", "AccessToken"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", out.stderr_text());
    assert_eq!(count(&doc(&cluster.get(user).unwrap()), "AccessToken"), 0);
    tc_cluster(&env, &cluster)
        .args(["--redis-prefix", "App_", "--redis-key", "h.tid", "write"])
        .write_stdin(user_cache("h.tid", "1"))
        .assert()
        .success();
    assert_eq!(cluster.cli(&["TYPE", "App_h.tid"]).trim(), "hash");
    assert_eq!(cluster.cli(&["HGET", "App_h.tid", "sldexp"]).trim(), "-1");
    let out = tc_cluster(&env, &cluster)
        .args(["--redis-prefix", "App_", "--redis-key", "h.tid", "read"])
        .output()
        .unwrap();
    assert_eq!(
        out.stdout,
        user_cache("h.tid", "1"),
        "{}",
        out.stderr_text()
    );
    for key in ["o1.tid", "o2.tid", "o3.tid"] {
        let out = tc_cluster(&env, &cluster)
            .args(["--redis-key", key, "verify"])
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", out.stderr_text());
    }
    // redis list: every master's keys, and how many each holds.
    let out = tc_cluster(&env, &cluster)
        .args(["--json", "redis", "list", "--all"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", out.stderr_text());
    let listed = json_of(&out);
    let keys: std::collections::BTreeSet<&str> = listed["keys"]
        .as_array()
        .unwrap()
        .iter()
        .map(|k| k["key"].as_str().unwrap())
        .collect();
    let mut expected: std::collections::BTreeSet<&str> = users.iter().map(String::as_str).collect();
    expected.extend(["new.tid", "App_h.tid"]);
    assert_eq!(keys, expected, "{listed}");
    let per_node = listed["summary"]["nodes"].as_object().unwrap();
    assert_eq!(per_node.len(), 3, "three masters: {listed}");
    let total: u64 = per_node.values().map(|v| v.as_u64().unwrap()).sum();
    assert_eq!(total, 8);
    for k in listed["keys"].as_array().unwrap() {
        let node = k["node"].as_str().unwrap();
        let port: u16 = node.rsplit_once(':').unwrap().1.parse().unwrap();
        let master = cluster.master_of(k["key"].as_str().unwrap());
        assert_eq!(cluster.nodes[master].as_ref().unwrap().port, port, "{k}");
    }
    let out = tc_cluster(&env, &cluster)
        .args(["redis", "list"])
        .output()
        .unwrap();
    assert!(
        out.stderr_text().contains("per master: 127.0.0.1:"),
        "{}",
        out.stderr_text()
    );
    // clear.
    tc_cluster(&env, &cluster)
        .args(["--redis-key", user, "clear"])
        .assert()
        .success();
    assert_eq!(cluster.cli(&["EXISTS", user]).trim(), "0");
    // One seed is enough: the client learns the rest.
    let out = env
        .cmd()
        .env("TOKENCACHE_STORE", "redis")
        .args(["--redis-cluster", "--redis-url"])
        .arg(cluster.any().url())
        .args(["--redis-key", "o1.tid", "read"])
        .output()
        .unwrap();
    assert_eq!(
        out.stdout,
        user_cache("o1.tid", "1"),
        "{}",
        out.stderr_text()
    );
}

#[test]
fn cluster_a_change_between_read_and_write_is_retried_by_the_script() {
    let cluster = cluster!();
    let env = Env::new();
    tc_cluster(&env, &cluster)
        .args(["--redis-key", USER, "write"])
        .write_stdin(user_cache(USER, "1"))
        .assert()
        .success();
    let hook = env.dir.path().join("hook");
    std::fs::create_dir(&hook).unwrap();
    let mut c = env.std_cmd();
    c.env("TOKENCACHE_STORE", "redis")
        .env("TOKENCACHE_REDIS_CLUSTER", "yes")
        .env("TOKENCACHE_REDIS_URL", cluster.url())
        .env("TOKENCACHE_TEST_REDIS_PAUSE_DIR", &hook)
        .args(["--redis-key", USER, "--json", "write", "--merge"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped());
    let mut child = c.spawn().unwrap();
    {
        use std::io::Write;
        child
            .stdin
            .take()
            .unwrap()
            .write_all(&user_cache(USER, "from-tokencache"))
            .unwrap();
    }
    wait_for(&hook.join("watched-1"));
    let mut app_doc = doc(&user_cache(USER, "1"));
    let extra = doc(&user_cache(USER, "from-app"));
    for (k, v) in extra["AccessToken"].as_object().unwrap() {
        app_doc["AccessToken"][k] = v.clone();
    }
    let app_bytes = serde_json::to_vec(&app_doc).unwrap();
    let master = cluster.nodes[cluster.master_of(USER)].as_ref().unwrap();
    master.cli_x(&["SET", USER], &app_bytes);
    for n in 1..=2 {
        std::fs::write(hook.join(format!("go-{n}")), b"").unwrap();
    }
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "{}", out.stderr_text());
    assert_eq!(json_of(&out)["retries"], 1);
    let stored = doc(&cluster.get(USER).unwrap());
    let keys: Vec<&String> = stored["AccessToken"].as_object().unwrap().keys().collect();
    assert_eq!(keys.len(), 3, "both writers' entries kept: {keys:?}");
}

#[test]
fn cluster_a_master_killed_during_8_concurrent_merge_loops_loses_nothing() {
    let mut cluster = cluster!();
    let env = Env::new();
    let url = cluster.url();
    const LOOPS: usize = 12;
    let started = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let writers: Vec<_> = (0..8)
        .map(|w| {
            let url = url.clone();
            let started = started.clone();
            let mut cmds: Vec<Command> = (0..LOOPS)
                .map(|_| {
                    let mut c = env.cmd();
                    c.env("TOKENCACHE_STORE", "redis")
                        .env("TOKENCACHE_REDIS_CLUSTER", "1")
                        .env("TOKENCACHE_REDIS_URL", &url)
                        .env("TOKENCACHE_REDIS_TIMEOUT", "20s")
                        .args(["--redis-key", USER, "write", "--merge"]);
                    c
                })
                .collect();
            std::thread::spawn(move || {
                let mut failures = Vec::new();
                let mut reruns = 0;
                for (i, c) in cmds.iter_mut().enumerate() {
                    let input = user_cache(USER, &format!("w{w}-{i}"));
                    let mut out = c.write_stdin(input.clone()).output().unwrap();
                    // Exit 6 is the documented answer when the other
                    // writers won 8 times in a row (likely on a loaded
                    // machine, all 8 coming back together after the
                    // failover): nothing was written, and the hint says to
                    // run it again, as a caller does; at most 3 times.
                    for _ in 0..3 {
                        if out.status.code() != Some(6) {
                            break;
                        }
                        reruns += 1;
                        out = c.write_stdin(input.clone()).output().unwrap();
                    }
                    started.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                    if !out.status.success() {
                        failures.push(format!("w{w}-{i}: {}", out.stderr_text()));
                    }
                }
                (failures, reruns)
            })
        })
        .collect();
    // A quarter of the way in, crash the key's master.
    while started.load(std::sync::atomic::Ordering::SeqCst) < 8 * LOOPS / 4 {
        std::thread::sleep(Duration::from_millis(10));
    }
    let master = cluster.master_of(USER);
    cluster.kill(master);
    let (mut failures, mut reruns) = (Vec::new(), 0);
    for w in writers {
        let (f, r) = w.join().unwrap();
        failures.extend(f);
        reruns += r;
    }
    eprintln!("{reruns} of {} merges ran again after exit 6", 8 * LOOPS);
    assert!(failures.is_empty(), "every merge succeeded: {failures:?}");
    assert_ne!(cluster.master_of(USER), master, "a replica took over");
    let stored = doc(&cluster.get(USER).unwrap());
    let tokens = stored["AccessToken"].as_object().unwrap();
    let missing: Vec<String> = (0..8)
        .flat_map(|w| (0..LOOPS).map(move |i| format!("scopew{w}-{i}")))
        .filter(|scope| !tokens.keys().any(|k| k.ends_with(scope.as_str())))
        .collect();
    assert!(missing.is_empty(), "lost entries: {missing:?}");
    assert_eq!(tokens.len(), 8 * LOOPS);
}

#[test]
fn cluster_moved_and_ask_during_a_scan() {
    let cluster = cluster!();
    let env = Env::new();
    // Many keys in one slot (a hash tag), on one master; an app's keys too.
    for i in 0..40 {
        let key = format!("{{tag}}o{i}.tid");
        cluster
            .any()
            .cli_cmd()
            .args(["-c", "-x", "SET", &key])
            .stdin(std::process::Stdio::piped())
            .spawn()
            .map(|mut c| {
                use std::io::Write;
                c.stdin
                    .take()
                    .unwrap()
                    .write_all(&user_cache(&format!("o{i}.tid"), "1"))
                    .unwrap();
                assert!(c.wait().unwrap().success());
            })
            .unwrap();
    }
    let slot = cluster
        .cli(&["CLUSTER", "KEYSLOT", "{tag}"])
        .trim()
        .to_string();
    let from = cluster.master_of("{tag}");
    let to = (0..6)
        .find(|&i| {
            i != from
                && cluster.nodes[i]
                    .as_ref()
                    .unwrap()
                    .cli(&["ROLE"])
                    .starts_with("master")
        })
        .unwrap();
    let (src, dst) = (
        cluster.nodes[from].as_ref().unwrap(),
        cluster.nodes[to].as_ref().unwrap(),
    );
    // Mid-migration: half the slot's keys moved; reading those at the
    // source answers ASK.
    dst.cli(&["CLUSTER", "SETSLOT", &slot, "IMPORTING", &cluster.id(from)]);
    src.cli(&["CLUSTER", "SETSLOT", &slot, "MIGRATING", &cluster.id(to)]);
    let keys = src.cli(&["CLUSTER", "GETKEYSINSLOT", &slot, "20"]);
    let mut migrate = vec![
        "MIGRATE".to_string(),
        "127.0.0.1".into(),
        dst.port.to_string(),
        String::new(),
        "0".into(),
        "5000".into(),
        "KEYS".into(),
    ];
    migrate.extend(keys.lines().map(String::from));
    let refs: Vec<&str> = migrate.iter().map(String::as_str).collect();
    assert_eq!(src.cli(&refs).trim(), "OK");
    let listed = |env: &Env| {
        let out = tc_cluster(env, &cluster)
            .args(["--json", "redis", "list"])
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", out.stderr_text());
        let v = json_of(&out);
        let keys: std::collections::BTreeSet<String> = v["keys"]
            .as_array()
            .unwrap()
            .iter()
            .inspect(|k| assert_eq!(k["layout"], "msal-node", "{k}"))
            .map(|k| k["key"].as_str().unwrap().to_string())
            .collect();
        keys
    };
    assert_eq!(listed(&env).len(), 40, "every key once, mid-migration");
    // The rest moves and the slot changes owner behind the client's back:
    // the keys' reads meet MOVED at the old owner. A writer started before
    // the move, held after its read, meets MOVED on its write.
    tc_cluster(&env, &cluster)
        .args(["--redis-prefix", "{tag}", "--redis-key", "o0.tid", "write"])
        .write_stdin(user_cache("o0.tid", "1"))
        .assert()
        .success();
    let hook = env.dir.path().join("hook");
    std::fs::create_dir(&hook).unwrap();
    let mut c = env.std_cmd();
    c.env("TOKENCACHE_STORE", "redis")
        .env("TOKENCACHE_REDIS_CLUSTER", "1")
        .env("TOKENCACHE_REDIS_URL", cluster.url())
        .env("TOKENCACHE_TEST_REDIS_PAUSE_DIR", &hook)
        .args([
            "--redis-prefix",
            "{tag}",
            "--redis-key",
            "o0.tid",
            "write",
            "--merge",
        ])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped());
    let mut child = c.spawn().unwrap();
    {
        use std::io::Write;
        child
            .stdin
            .take()
            .unwrap()
            .write_all(&user_cache("o0.tid", "moved"))
            .unwrap();
    }
    wait_for(&hook.join("watched-1"));
    let keys = src.cli(&["CLUSTER", "GETKEYSINSLOT", &slot, "100"]);
    let mut migrate = migrate[..7].to_vec();
    migrate.extend(keys.lines().map(String::from));
    let refs: Vec<&str> = migrate.iter().map(String::as_str).collect();
    if migrate.len() > 7 {
        assert_eq!(src.cli(&refs).trim(), "OK");
    }
    for node in cluster.live() {
        node.cli(&["CLUSTER", "SETSLOT", &slot, "NODE", &cluster.id(to)]);
    }
    std::fs::write(hook.join("go-1"), b"").unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "{}", out.stderr_text());
    assert_eq!(cluster.master_of("{tag}"), to);
    assert_eq!(
        count(&doc(&cluster.get("{tag}o0.tid").unwrap()), "AccessToken"),
        2,
        "the merge followed MOVED"
    );
    assert_eq!(listed(&env).len(), 40, "every key once, after the move");
}

#[test]
fn cluster_seeds_are_checked_like_a_url() {
    let env = Env::new();
    let out = env
        .cmd()
        .env("TOKENCACHE_STORE", "redis")
        .env("TOKENCACHE_REDIS_CLUSTER", "1")
        .args([
            "--redis-url",
            "redis://127.0.0.1:1,redis://:s3cret@127.0.0.1:2",
        ])
        .args(["--redis-key", USER, "read"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", out.stderr_text());
    assert!(!out.stderr_text().contains("s3cret"));
    let port = free_port();
    let out = env
        .cmd()
        .env("TOKENCACHE_STORE", "redis")
        .env("TOKENCACHE_REDIS_CLUSTER", "1")
        .env("TOKENCACHE_REDIS_TIMEOUT", "1s")
        .arg("--redis-url")
        .arg(format!("redis://127.0.0.1:{port}"))
        .args(["--redis-key", USER, "read"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(7), "{}", out.stderr_text());
}

/// A cluster that serves TLS only (clients, the cluster bus, replication),
/// every node's certificate from one CA: `rediss://` seeds with
/// `--redis-ca-file` take `read`, `write --merge` and `list` to every
/// master (the slot map names the nodes by IP, which their certificates
/// carry). A CA that did not sign them is refused at the handshake: exit
/// 7, `redis_tls_failed`; plain `redis://` seeds find nothing to talk to.
#[test]
fn cluster_over_tls_with_one_ca() {
    require!(
        redis_server::available(true),
        "redis-server, redis-cli and openssl are not installed"
    );
    let cluster = RedisCluster::start_with(Options {
        tls: true,
        ..Options::default()
    });
    let ca = cluster.ca.as_ref().unwrap().ca_file();
    assert!(cluster.url().starts_with("rediss://localhost:"));
    let env = Env::new();
    let tc = || {
        let mut c = tc_cluster(&env, &cluster);
        c.env("TOKENCACHE_REDIS_CA_FILE", &ca);
        c
    };
    let users = homes(6);
    let masters: std::collections::BTreeSet<usize> =
        users.iter().map(|u| cluster.master_of(u)).collect();
    assert_eq!(masters.len(), 3, "a key on every master: {masters:?}");
    for user in &users {
        let out = tc()
            .args(["--redis-key", user, "write"])
            .write_stdin(user_cache(user, "1"))
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", out.stderr_text());
        assert_eq!(cluster.get(user).unwrap(), user_cache(user, "1"));
    }
    for user in &users {
        let out = tc()
            .args(["--redis-key", user, "--json", "write", "--merge"])
            .write_stdin(user_cache(user, "2"))
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", out.stderr_text());
        assert_eq!(json_of(&out)["written"], true, "{}", out.stdout_text());
        let stored = cluster.get(user).unwrap();
        assert_eq!(count(&doc(&stored), "AccessToken"), 2);
        let out = tc().args(["--redis-key", user, "read"]).output().unwrap();
        assert!(out.status.success(), "{}", out.stderr_text());
        assert_eq!(out.stdout, stored);
    }
    let out = tc().args(["--json", "list", "--all"]).output().unwrap();
    assert!(out.status.success(), "{}", out.stderr_text());
    let listed = json_of(&out);
    let keys: std::collections::BTreeSet<&str> = listed["keys"]
        .as_array()
        .unwrap()
        .iter()
        .map(|k| k["key"].as_str().unwrap())
        .collect();
    assert_eq!(keys, users.iter().map(String::as_str).collect(), "{listed}");
    assert_eq!(
        listed["summary"]["nodes"].as_object().unwrap().len(),
        3,
        "every master walked: {listed}"
    );

    // Another CA: the first handshake fails, nothing is read.
    let other = TestCa::new();
    let mut c = tc();
    c.env("TOKENCACHE_REDIS_CA_FILE", other.ca_file())
        .args(["--redis-key", &users[0], "read"]);
    let started = Instant::now();
    let out = c.output().unwrap();
    assert_eq!(out.status.code(), Some(7), "{}", out.stderr_text());
    // Said at once: a refused certificate is no failover to wait out
    // (--redis-timeout is 5 s).
    assert!(
        started.elapsed() < Duration::from_secs(3),
        "{:?}",
        started.elapsed()
    );
    assert!(
        out.stderr_text().contains("invalid peer certificate"),
        "{}",
        out.stderr_text()
    );
    assert!(out.stdout.is_empty());
    assert_eq!(json_error(&mut c), "redis_tls_failed");
    // No CA at all: the system's roots do not know the test CA either.
    let out = tc()
        .env_remove("TOKENCACHE_REDIS_CA_FILE")
        .env("SSL_CERT_FILE", other.ca_file())
        .args(["--redis-key", &users[0], "read"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(7), "{}", out.stderr_text());
    // Plain Redis spoken to the TLS ports.
    let plain = cluster
        .url()
        .replace("rediss://localhost", "redis://127.0.0.1");
    let out = tc()
        .env_remove("TOKENCACHE_REDIS_CA_FILE")
        .env("TOKENCACHE_REDIS_URL", plain)
        .env("TOKENCACHE_REDIS_TIMEOUT", "2s")
        .args(["--redis-key", &users[0], "read"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(7), "{}", out.stderr_text());
}

// ---------------------------------------------------------------- Redis Sentinel

use crate::support::redis_sentinel::{self, RedisSentinel};

macro_rules! sentinels {
    ($auth:expr) => {{
        require!(
            redis_server::available(false),
            "redis-server (run as a sentinel with --sentinel) and redis-cli are not installed"
        );
        RedisSentinel::start($auth)
    }};
}

/// `tokencache --store redis --redis-sentinel` through `setup`'s sentinels.
fn tc_sentinel(env: &Env, setup: &RedisSentinel) -> Command {
    let mut c = env.cmd();
    c.env("TOKENCACHE_STORE", "redis")
        .env("TOKENCACHE_REDIS_SENTINEL", redis_sentinel::MASTER)
        .env("TOKENCACHE_REDIS_URL", setup.url())
        .env("TOKENCACHE_REDIS_TIMEOUT", "5s");
    c
}

#[test]
fn sentinel_every_verb_through_the_sentinels() {
    let setup = sentinels!(redis_sentinel::Auth::default());
    let env = Env::new();
    let run = |args: &[&str], stdin: Option<Vec<u8>>| {
        let mut c = tc_sentinel(&env, &setup);
        c.args(args);
        if let Some(input) = stdin {
            c.write_stdin(input);
        }
        let out = c.output().unwrap();
        assert!(out.status.success(), "{args:?}: {}", out.stderr_text());
        out
    };
    run(&["--redis-key", USER, "write"], Some(user_cache(USER, "1")));
    let master = setup.master();
    assert_eq!(master.get(USER).unwrap(), user_cache(USER, "1"));
    let out = run(&["--redis-key", USER, "read"], None);
    assert_eq!(out.stdout, user_cache(USER, "1"));
    let out = run(&["--redis-key", USER, "--json", "inspect"], None);
    assert_eq!(json_of(&out)["accounts"][0]["home_account_id"], USER);
    let out = run(&["--redis-key", USER, "token", "--scope", "scope1"], None);
    assert_eq!(String::from_utf8_lossy(&out.stdout).trim(), "at-1");
    let out = run(
        &["--redis-key", USER, "--json", "write", "--merge"],
        Some(user_cache(USER, "2")),
    );
    assert_eq!(json_of(&out)["retries"], 0);
    assert_eq!(count(&doc(&master.get(USER).unwrap()), "AccessToken"), 2);
    // update: CMD's output (a prepared document) replaces the cache.
    let file = env.dir.path().join("output.json");
    std::fs::write(&file, user_cache(USER, "3")).unwrap();
    run(
        &[
            "--redis-key",
            USER,
            "update",
            "--",
            "cat",
            file.to_str().unwrap(),
        ],
        None,
    );
    assert_eq!(master.get(USER).unwrap(), user_cache(USER, "3"));
    run(
        &["--redis-key", USER, "remove", "--section", "AccessToken"],
        None,
    );
    assert_eq!(count(&doc(&master.get(USER).unwrap()), "AccessToken"), 0);
    // A new key gets --redis-ttl; the ASP.NET layout with a prefix.
    run(
        &["--redis-key", "new.tid", "--redis-ttl", "1h", "write"],
        Some(user_cache("new.tid", "1")),
    );
    assert!((3500..=3600).contains(&master.ttl("new.tid")));
    run(
        &["--redis-prefix", "App_", "--redis-key", "h.tid", "write"],
        Some(user_cache("h.tid", "1")),
    );
    assert_eq!(master.cli(&["TYPE", "App_h.tid"]).trim(), "hash");
    run(&["--redis-key", USER, "verify"], None);
    // doctor: the store checked with a scratch key, found ok.
    let out = run(&["--redis-key", USER, "--json", "doctor"], None);
    let report = json_of(&out);
    let redis = report["stores"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["store"] == "redis")
        .unwrap();
    assert_eq!(redis["status"], "ok", "{report:#}");
    // redis list: the master's keys.
    let out = run(&["--json", "redis", "list", "--all"], None);
    let listed = json_of(&out);
    let keys: std::collections::BTreeSet<&str> = listed["keys"]
        .as_array()
        .unwrap()
        .iter()
        .map(|k| k["key"].as_str().unwrap())
        .collect();
    assert_eq!(
        keys,
        [USER, "new.tid", "App_h.tid"].into_iter().collect(),
        "{listed}"
    );
    // path --json and inspect show the sentinels and the master's name.
    let out = run(&["--redis-key", USER, "--json", "path"], None);
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(text.contains(redis_sentinel::MASTER), "{text}");
    run(&["--redis-key", USER, "clear"], None);
    assert_eq!(master.cli(&["EXISTS", USER]).trim(), "0");
    // A sentinel that does not answer is passed over: the next is asked.
    let dead = format!("redis://127.0.0.1:{},{}", free_port(), setup.url());
    let out = tc_sentinel(&env, &setup)
        .env("TOKENCACHE_REDIS_URL", dead)
        .args(["--redis-key", "new.tid", "read"])
        .output()
        .unwrap();
    assert_eq!(
        out.stdout,
        user_cache("new.tid", "1"),
        "{}",
        out.stderr_text()
    );
    // What the replica has is never written: writes go to the master only.
    let replica = setup.live().find(|s| s.port != master.port).unwrap();
    assert!(replica.cli(&["ROLE"]).starts_with("slave"));
}

#[test]
fn sentinel_a_master_killed_during_8_concurrent_merge_loops_loses_nothing() {
    let mut setup = sentinels!(redis_sentinel::Auth::default());
    let env = Env::new();
    let url = setup.url();
    const LOOPS: usize = 12;
    let started = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let writers: Vec<_> = (0..8)
        .map(|w| {
            let url = url.clone();
            let started = started.clone();
            let mut cmds: Vec<Command> = (0..LOOPS)
                .map(|_| {
                    let mut c = env.cmd();
                    c.env("TOKENCACHE_STORE", "redis")
                        .env("TOKENCACHE_REDIS_SENTINEL", redis_sentinel::MASTER)
                        .env("TOKENCACHE_REDIS_URL", &url)
                        .env("TOKENCACHE_REDIS_TIMEOUT", "30s")
                        .args(["--redis-key", USER, "--json", "write", "--merge"]);
                    c
                })
                .collect();
            std::thread::spawn(move || {
                let mut failures = Vec::new();
                for (i, c) in cmds.iter_mut().enumerate() {
                    // Exit 6 is 8 conflicts in a row with the other seven
                    // writers of the one key (a debug build's merge, on a
                    // loaded machine, is a long read-to-EXEC window): by
                    // contract it wrote nothing, and its hint says to run
                    // again, as an app would. Any other failure fails.
                    for attempt in 1..=5 {
                        let out = c
                            .write_stdin(user_cache(USER, &format!("w{w}-{i}")))
                            .output()
                            .unwrap();
                        if out.status.code() == Some(6) && attempt < 5 {
                            continue;
                        }
                        if !out.status.success() {
                            failures.push(format!("w{w}-{i}: {}", out.stderr_text()));
                        }
                        break;
                    }
                    started.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                }
                failures
            })
        })
        .collect();
    // A quarter of the way in, crash the master.
    while started.load(std::sync::atomic::Ordering::SeqCst) < 8 * LOOPS / 4 {
        std::thread::sleep(Duration::from_millis(10));
    }
    let old = setup.kill_master();
    let failures: Vec<String> = writers
        .into_iter()
        .flat_map(|w| w.join().unwrap())
        .collect();
    assert!(failures.is_empty(), "every merge succeeded: {failures:?}");
    setup.wait_failover(old);
    let master = setup.master();
    assert_ne!(master.port, old, "the replica took over");
    let stored = doc(&master.get(USER).unwrap());
    let tokens = stored["AccessToken"].as_object().unwrap();
    let missing: Vec<String> = (0..8)
        .flat_map(|w| (0..LOOPS).map(move |i| format!("scopew{w}-{i}")))
        .filter(|scope| !tokens.keys().any(|k| k.ends_with(scope.as_str())))
        .collect();
    assert!(missing.is_empty(), "lost entries: {missing:?}");
    assert_eq!(tokens.len(), 8 * LOOPS);
}

#[test]
fn sentinel_failover_is_followed_by_the_next_command() {
    let setup = sentinels!(redis_sentinel::Auth::default());
    let env = Env::new();
    tc_sentinel(&env, &setup)
        .args(["--redis-key", USER, "write"])
        .write_stdin(user_cache(USER, "1"))
        .assert()
        .success();
    let old = setup.master().port;
    // Wait for the replica to have the key, then fail over on purpose.
    let replica = setup.live().find(|s| s.port != old).unwrap();
    let deadline = Instant::now() + Duration::from_secs(10);
    while replica.get(USER) != Some(user_cache(USER, "1")) {
        assert!(Instant::now() < deadline, "the replica never got the key");
        std::thread::sleep(Duration::from_millis(20));
    }
    assert_eq!(
        setup.sentinels[0]
            .cli(&["SENTINEL", "FAILOVER", redis_sentinel::MASTER])
            .trim(),
        "OK"
    );
    setup.wait_failover(old);
    assert_eq!(setup.master().port, replica.port);
    let out = tc_sentinel(&env, &setup)
        .args(["--redis-key", USER, "--json", "write", "--merge"])
        .write_stdin(user_cache(USER, "2"))
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", out.stderr_text());
    assert_eq!(
        count(&doc(&replica.get(USER).unwrap()), "AccessToken"),
        2,
        "written on the new master"
    );
}

#[test]
fn sentinel_a_wrong_master_name_and_other_mistakes() {
    let setup = sentinels!(redis_sentinel::Auth::default());
    let env = Env::new();
    // A name no sentinel monitors: its own code, at once (not after the timeout).
    let started = Instant::now();
    let mut c = tc_sentinel(&env, &setup);
    c.env("TOKENCACHE_REDIS_TIMEOUT", "20s").args([
        "--redis-sentinel",
        "nosuchmaster",
        "--redis-key",
        USER,
        "read",
    ]);
    assert_eq!(json_error(&mut c), "redis_unknown_master");
    assert!(started.elapsed() < Duration::from_secs(10), "said at once");
    let out = tc_sentinel(&env, &setup)
        .args([
            "--redis-sentinel",
            "nosuchmaster",
            "--redis-key",
            USER,
            "read",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(7), "{}", out.stderr_text());
    let err = out.stderr_text();
    assert!(
        err.contains("no master named `nosuchmaster` is monitored")
            && err.contains("SENTINEL MASTERS"),
        "{err}"
    );
    // With --redis-cluster: a usage error with a hint, nothing contacted.
    let out = tc_sentinel(&env, &setup)
        .args(["--redis-cluster", "--redis-key", USER, "read"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", out.stderr_text());
    assert!(
        out.stderr_text().contains("cannot be combined") && out.stderr_text().contains("hint:"),
        "{}",
        out.stderr_text()
    );
    // A password in a sentinel's URL is refused and not echoed.
    let out = tc_sentinel(&env, &setup)
        .env(
            "TOKENCACHE_REDIS_URL",
            format!("{},redis://:s3cret@127.0.0.1:1", setup.url()),
        )
        .args(["--redis-key", USER, "read"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", out.stderr_text());
    assert!(!out.stderr_text().contains("s3cret"));
    // A Unix socket cannot be a sentinel.
    let out = tc_sentinel(&env, &setup)
        .env("TOKENCACHE_REDIS_URL", "redis+unix:///tmp/none.sock")
        .args(["--redis-key", USER, "read"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", out.stderr_text());
    // A plain server where a sentinel should be: not a sentinel, exit 7.
    let plain = setup.master().url();
    let out = tc_sentinel(&env, &setup)
        .env("TOKENCACHE_REDIS_URL", plain)
        .env("TOKENCACHE_REDIS_TIMEOUT", "2s")
        .args(["--redis-key", USER, "read"])
        .output()
        .unwrap();
    assert_ne!(out.status.code(), Some(0), "{}", out.stderr_text());
    assert!(
        out.stderr_text().contains("sentinel"),
        "{}",
        out.stderr_text()
    );
    // No sentinel answers: exit 7 within the timeout.
    let started = Instant::now();
    let out = tc_sentinel(&env, &setup)
        .env(
            "TOKENCACHE_REDIS_URL",
            format!("redis://127.0.0.1:{}", free_port()),
        )
        .env("TOKENCACHE_REDIS_TIMEOUT", "2s")
        .args(["--redis-key", USER, "read"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(7), "{}", out.stderr_text());
    assert!(started.elapsed() < Duration::from_secs(6));
}

#[test]
fn sentinel_master_and_sentinel_passwords_apart_and_an_acl_user() {
    let setup = sentinels!(redis_sentinel::Auth {
        data: Some("data-pw".into()),
        sentinel: Some("sentinel-pw".into()),
    });
    let env = Env::new();
    // An ACL user on both servers (ACLs are not replicated), limited to its keys.
    for s in setup.live() {
        s.cli(&["ACL", "SETUSER", "app", "on", ">app-pw", "~app:*", "+@all"]);
    }
    let with = |data: &str, sentinel: &str| {
        let mut c = tc_sentinel(&env, &setup);
        c.env("TOKENCACHE_REDIS_PASSWORD", data)
            .env("TOKENCACHE_REDIS_SENTINEL_PASSWORD", sentinel);
        c
    };
    let out = with("data-pw", "sentinel-pw")
        .args(["--redis-key", USER, "write"])
        .write_stdin(user_cache(USER, "1"))
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", out.stderr_text());
    assert_eq!(setup.master().get(USER).unwrap(), user_cache(USER, "1"));
    // The sentinels' password from a file.
    let pw = password_file(&env, "sentinel-pw");
    let out = tc_sentinel(&env, &setup)
        .env("TOKENCACHE_REDIS_PASSWORD", "data-pw")
        .env("TOKENCACHE_REDIS_SENTINEL_PASSWORD_FILE", &pw)
        .args(["--redis-key", USER, "read"])
        .output()
        .unwrap();
    assert_eq!(out.stdout, user_cache(USER, "1"), "{}", out.stderr_text());
    // The ACL user, named in the sentinels' URLs, with its own password.
    let urls = setup.url().replace("redis://", "redis://app@");
    let out = with("app-pw", "sentinel-pw")
        .env("TOKENCACHE_REDIS_URL", &urls)
        .args(["--redis-prefix", "app:", "--redis-key", USER, "write"])
        .write_stdin(user_cache(USER, "2"))
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", out.stderr_text());
    assert_eq!(
        setup.master().hget(&format!("app:{USER}"), "data").unwrap(),
        user_cache(USER, "2"),
        "an ASP.NET hash (a prefix is given)"
    );
    // Outside its keys the ACL user is refused (exit 8): the master was
    // reached as `app`, not as the default user.
    let out = with("app-pw", "sentinel-pw")
        .env("TOKENCACHE_REDIS_URL", &urls)
        .args(["--redis-key", USER, "write"])
        .write_stdin(user_cache(USER, "3"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(8), "{}", out.stderr_text());
    // Wrong passwords: exit 8, the hint names both places, no password shown.
    // Said at once: no failover mends a password (--redis-timeout is 5 s).
    for (data, sentinel) in [("data-pw", "wrong"), ("wrong", "sentinel-pw")] {
        let started = Instant::now();
        let out = with(data, sentinel)
            .args(["--redis-key", USER, "read"])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(8), "{}", out.stderr_text());
        assert!(
            started.elapsed() < Duration::from_secs(3),
            "{data}/{sentinel}: {:?}",
            started.elapsed()
        );
        let err = out.stderr_text();
        assert!(err.contains("TOKENCACHE_REDIS_SENTINEL_PASSWORD"), "{err}");
        for secret in ["data-pw", "sentinel-pw", "wrong"] {
            assert!(!err.contains(secret), "{err}");
        }
    }
    // No sentinel password: the sentinels refuse (exit 8).
    let out = tc_sentinel(&env, &setup)
        .env("TOKENCACHE_REDIS_PASSWORD", "data-pw")
        .args(["--redis-key", USER, "read"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(8), "{}", out.stderr_text());
}

/// Sentinels, master and replica all serving TLS only, one CA: `rediss://`
/// sentinel URLs with `--redis-ca-file` find the master, and the master
/// (named by IP, which its certificate carries) is reached over TLS too —
/// it has no plain port. A CA that did not sign them: exit 7,
/// `redis_tls_failed`.
#[test]
fn sentinel_over_tls_with_one_ca() {
    require!(
        redis_server::available(true),
        "redis-server (run as a sentinel with --sentinel), redis-cli and openssl are not installed"
    );
    let setup = RedisSentinel::start_tls(redis_sentinel::Auth::default());
    let ca = setup.ca.as_ref().unwrap().ca_file();
    assert!(setup.url().starts_with("rediss://localhost:"));
    let env = Env::new();
    let tc = || {
        let mut c = tc_sentinel(&env, &setup);
        c.env("TOKENCACHE_REDIS_CA_FILE", &ca);
        c
    };
    let out = tc()
        .args(["--redis-key", USER, "write"])
        .write_stdin(user_cache(USER, "1"))
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", out.stderr_text());
    let master = setup.master();
    assert!(master.tls);
    assert_eq!(master.get(USER).unwrap(), user_cache(USER, "1"));
    let out = tc()
        .args(["--redis-key", USER, "--json", "write", "--merge"])
        .write_stdin(user_cache(USER, "2"))
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", out.stderr_text());
    assert_eq!(json_of(&out)["written"], true);
    let stored = master.get(USER).unwrap();
    assert_eq!(count(&doc(&stored), "AccessToken"), 2);
    let out = tc().args(["--redis-key", USER, "read"]).output().unwrap();
    assert!(out.status.success(), "{}", out.stderr_text());
    assert_eq!(out.stdout, stored);
    let out = tc().args(["--json", "list", "--all"]).output().unwrap();
    assert!(out.status.success(), "{}", out.stderr_text());
    let listed = json_of(&out);
    assert_eq!(listed["keys"].as_array().unwrap().len(), 1, "{listed}");
    assert_eq!(listed["keys"][0]["key"], USER, "{listed}");
    // The replica follows the master over TLS (the setup is what it says).
    let replica = setup.live().find(|s| s.port != master.port).unwrap();
    let deadline = Instant::now() + Duration::from_secs(10);
    while replica.get(USER).as_deref() != Some(&stored[..]) {
        assert!(Instant::now() < deadline, "the replica never synced");
        std::thread::sleep(Duration::from_millis(50));
    }

    // Another CA: refused at the first sentinel's handshake.
    let other = TestCa::new();
    let mut c = tc();
    c.env("TOKENCACHE_REDIS_CA_FILE", other.ca_file())
        .args(["--redis-key", USER, "read"]);
    let started = Instant::now();
    let out = c.output().unwrap();
    assert_eq!(out.status.code(), Some(7), "{}", out.stderr_text());
    assert!(out.stdout.is_empty());
    // Said at once, not retried as a failover until --redis-timeout (5 s).
    assert!(
        started.elapsed() < Duration::from_secs(3),
        "{:?}",
        started.elapsed()
    );
    assert!(
        out.stderr_text().contains("invalid peer certificate"),
        "{}",
        out.stderr_text()
    );
    assert_eq!(json_error(&mut c), "redis_tls_failed");
}

// ---------------------------------------------------------------- prune

mod prune {
    use super::*;
    use crate::support::fleet::{self, NOW};

    /// `tokencache prune ARGS --json` at [`NOW`]: its report.
    pub(super) fn prune(mut c: Command, args: &[&str]) -> Value {
        let out = c
            .env("TOKENCACHE_NOW", NOW.to_string())
            .args(["--json", "prune"])
            .args(args)
            .output()
            .unwrap();
        assert!(out.status.success(), "{args:?}: {}", out.stderr_text());
        json_of(&out)
    }

    pub(super) fn reported<'a>(report: &'a Value, key: &str) -> Option<&'a Value> {
        report["keys"]
            .as_array()
            .unwrap()
            .iter()
            .find(|k| k["key"] == key)
    }

    fn hash_data(server: &RedisServer, key: &str) -> Vec<u8> {
        server.hget(key, "data").unwrap()
    }

    #[test]
    fn prune_removes_expired_access_tokens_on_redis_and_nothing_else() {
        let server = server!();
        let env = Env::new();
        // A: msal-node string with a TTL, valid and expired ATs, RT, IdToken.
        let a = fleet::cache("oa.t", 2, 3, true);
        server.cli_x(&["SET", "oa.t"], &a);
        server.cli(&["EXPIRE", "oa.t", "3600"]);
        // B: an ASP.NET hash (reproduced from RedisCache.cs).
        let b = fleet::cache("ob.t", 1, 1, true);
        aspnet_fixture(&server, "ob.t", &b);
        // C: nothing but expired access tokens.
        let c = fleet::cache("oc.t", 0, 2, false);
        server.cli_x(&["SET", "oc.t"], &c);
        // D: nothing expired.
        let d = fleet::cache("od.t", 2, 0, true);
        server.cli_x(&["SET", "od.t"], &d);
        // E: not a cache; F: a cache holding another partition's entries.
        server.cli(&["SET", "sess:abc", "{\"cookie\":{}}"]);
        let f = fleet::cache("oz.t", 1, 1, true);
        server.cli_x(&["SET", "of.t"], &f);
        let snapshot = |server: &RedisServer| -> Vec<Option<Vec<u8>>> {
            ["oa.t", "oc.t", "od.t", "sess:abc", "of.t"]
                .iter()
                .map(|k| server.get(k))
                .chain([server.hget("ob.t", "data")])
                .collect()
        };
        let before = snapshot(&server);

        // --dry-run changes nothing, and says what it would do.
        let report = prune(tc(&env, &server), &["--dry-run", "--delete-empty", "--all"]);
        assert_eq!(snapshot(&server), before, "--dry-run changed nothing");
        assert_eq!(reported(&report, "oa.t").unwrap()["action"], "would-prune");
        assert_eq!(reported(&report, "oc.t").unwrap()["action"], "would-delete");
        assert_eq!(reported(&report, "sess:abc").unwrap()["action"], "skipped");
        assert_eq!(report["summary"]["dry_run"], true);
        assert_eq!(report["summary"]["access_tokens_removed"], 3 + 1 + 2);

        // Pruned: exactly the expired access tokens go; the rest as MSAL keeps it.
        let report = prune(tc(&env, &server), &[]);
        let s = &report["summary"];
        assert_eq!(s["keys_scanned"], 6, "{report}");
        assert_eq!(s["keys_touched"], 3, "{report}");
        assert_eq!(s["keys_deleted"], 0);
        assert_eq!(s["access_tokens_removed"], 6);
        assert_eq!(s["not_caches"], 1);
        assert_eq!(s["skipped"], 1, "the mixed partition: {report}");
        assert_eq!(
            server.get("oa.t").unwrap(),
            fleet::pruned(&a),
            "byte for byte"
        );
        let ttl: i64 = server.cli(&["TTL", "oa.t"]).trim().parse().unwrap();
        assert!(ttl > 3500, "the TTL is kept: {ttl}");
        assert_eq!(hash_data(&server, "ob.t"), fleet::pruned(&b));
        assert_eq!(
            server.cli(&["HGET", "ob.t", "sldexp"]).trim(),
            "36000000000"
        );
        let ttl: i64 = server.cli(&["TTL", "ob.t"]).trim().parse().unwrap();
        assert!(ttl > 3500, "the hash's TTL is kept: {ttl}");
        assert_eq!(
            server.get("oc.t").unwrap(),
            fleet::pruned(&c),
            "left, empty"
        );
        assert_eq!(server.get("od.t").unwrap(), d);
        assert_eq!(server.get("sess:abc").unwrap(), b"{\"cookie\":{}}");
        assert_eq!(
            server.get("of.t").unwrap(),
            f,
            "another partition's: skipped"
        );
        let a_line = reported(&report, "oa.t").unwrap();
        assert_eq!(a_line["action"], "pruned");
        assert_eq!(a_line["expired_access_tokens"], 3);
        assert_eq!(a_line["bytes_before"], a.len());
        assert_eq!(a_line["bytes_after"], fleet::pruned(&a).len());
        assert_eq!(
            s["bytes_saved"],
            [&a, &b, &c]
                .iter()
                .map(|v| v.len() - fleet::pruned(v).len())
                .sum::<usize>()
        );
        assert!(reported(&report, "od.t").is_none(), "untouched, unreported");
        assert!(reported(&report, "sess:abc").is_none(), "only with --all");
        let mixed = reported(&report, "of.t").unwrap();
        assert!(
            mixed["reason"]
                .as_str()
                .unwrap()
                .contains("another partition"),
            "{mixed}"
        );

        // --delete-empty: a partition left with nothing is deleted, also one
        // an earlier run left empty.
        let h = fleet::cache("oh.t", 0, 1, false);
        server.cli_x(&["SET", "oh.t"], &h);
        let report = prune(tc(&env, &server), &["--delete-empty"]);
        assert_eq!(server.cli(&["EXISTS", "oh.t"]).trim(), "0");
        assert_eq!(server.cli(&["EXISTS", "oc.t"]).trim(), "0");
        assert_eq!(reported(&report, "oh.t").unwrap()["action"], "deleted");
        assert_eq!(reported(&report, "oh.t").unwrap()["bytes_after"], 0);
        assert_eq!(report["summary"]["keys_deleted"], 2, "{report}");
        assert_eq!(server.get("od.t").unwrap(), d);

        // The table and the summary line.
        server.cli_x(&["SET", "oa.t"], &a);
        let out = tc(&env, &server)
            .env("TOKENCACHE_NOW", NOW.to_string())
            .args(["prune"])
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", out.stderr_text());
        let table = String::from_utf8(out.stdout.clone()).unwrap();
        assert!(table.starts_with("ACTION"), "{table}");
        assert!(
            table
                .lines()
                .any(|l| l.starts_with("pruned") && l.ends_with(" oa.t")),
            "{table}"
        );
        assert!(
            table.lines().any(|l| l.starts_with("skipped")
                && l.contains(" of.t  (")
                && l.contains("another partition")),
            "a skipped key says why: {table}"
        );
        assert!(
            out.stderr_text()
                .contains("1 pruned (3 expired access tokens removed"),
            "{}",
            out.stderr_text()
        );
    }

    #[test]
    fn prune_loses_nothing_an_app_writes_between_its_read_and_its_write() {
        let server = server!();
        let env = Env::new();
        let a = fleet::cache("oa.t", 1, 2, true);
        server.cli_x(&["SET", "oa.t"], &a);
        let hook = env.dir.path().join("hook");
        std::fs::create_dir(&hook).unwrap();
        let child = env
            .std_cmd()
            .env("TOKENCACHE_STORE", "redis")
            .env("TOKENCACHE_REDIS_URL", server.url())
            .env("TOKENCACHE_TEST_REDIS_PAUSE_DIR", &hook)
            .env("TOKENCACHE_NOW", NOW.to_string())
            .args(["--json", "prune", "--match", "oa.t"])
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        // prune has read the key; the app writes it: a new valid access
        // token and a new expired one.
        wait_for(&hook.join("watched-1"));
        let app = fleet::cache("oa.t", 2, 3, true);
        server.cli_x(&["SET", "oa.t"], &app);
        std::fs::write(hook.join("go-1"), b"").unwrap();
        std::fs::write(hook.join("go-2"), b"").unwrap();
        let out = child.wait_with_output().unwrap();
        assert!(out.status.success(), "{}", out.stderr_text());
        let report = json_of(&out);
        assert_eq!(report["summary"]["retries"], 1, "{report}");
        assert_eq!(
            server.get("oa.t").unwrap(),
            fleet::pruned(&app),
            "the app's valid token kept, every expired one gone"
        );
        assert_eq!(fleet::access_tokens(&server.get("oa.t").unwrap()).len(), 2);
    }

    #[test]
    fn cluster_prune_on_every_master() {
        let cluster = cluster!();
        let env = Env::new();
        let users = homes(6);
        let masters: std::collections::BTreeSet<usize> =
            users.iter().map(|u| cluster.master_of(u)).collect();
        assert!(masters.len() >= 2, "keys on several masters: {masters:?}");
        let caches: Vec<Vec<u8>> = users.iter().map(|u| fleet::cache(u, 1, 2, true)).collect();
        for (user, cache) in users.iter().zip(&caches) {
            tc_cluster(&env, &cluster)
                .args(["--redis-key", user, "write"])
                .write_stdin(cache.clone())
                .assert()
                .success();
        }
        let report = prune(tc_cluster(&env, &cluster), &["--dry-run"]);
        assert_eq!(report["summary"]["keys_touched"], 6, "{report}");
        for (user, cache) in users.iter().zip(&caches) {
            assert_eq!(&cluster.get(user).unwrap(), cache, "--dry-run: {user}");
        }
        let report = prune(tc_cluster(&env, &cluster), &[]);
        assert_eq!(report["summary"]["keys_touched"], 6, "{report}");
        assert_eq!(report["summary"]["access_tokens_removed"], 12);
        for (user, cache) in users.iter().zip(&caches) {
            assert_eq!(cluster.get(user).unwrap(), fleet::pruned(cache), "{user}");
            let line = reported(&report, user).unwrap();
            assert_eq!(
                line["node"]
                    .as_str()
                    .unwrap()
                    .rsplit_once(':')
                    .unwrap()
                    .1
                    .parse::<u16>()
                    .unwrap(),
                cluster.nodes[cluster.master_of(user)]
                    .as_ref()
                    .unwrap()
                    .port
            );
        }
    }
    /// Through the sentinels, `list` and `prune` walk the master the
    /// sentinels name (the replica is read-only: a write there would be
    /// refused), `--delete-empty` included, and the replica follows.
    #[test]
    fn sentinel_list_and_prune_on_the_master() {
        let setup = sentinels!(redis_sentinel::Auth::default());
        let env = Env::new();
        let some = fleet::cache("oa.t", 1, 2, true);
        let only_expired = fleet::cache("oc.t", 0, 2, false);
        let fresh = fleet::cache("od.t", 2, 0, true);
        for (key, cache) in [("oa.t", &some), ("oc.t", &only_expired), ("od.t", &fresh)] {
            tc_sentinel(&env, &setup)
                .args(["--redis-key", key, "write"])
                .write_stdin(cache.clone())
                .assert()
                .success();
        }
        let master = setup.master();
        let out = tc_sentinel(&env, &setup)
            .args(["--json", "list"])
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", out.stderr_text());
        let listed = json_of(&out);
        let keys: std::collections::BTreeSet<&str> = listed["keys"]
            .as_array()
            .unwrap()
            .iter()
            .map(|k| k["key"].as_str().unwrap())
            .collect();
        assert_eq!(keys, ["oa.t", "oc.t", "od.t"].into(), "{listed}");

        let report = prune(tc_sentinel(&env, &setup), &["--dry-run", "--delete-empty"]);
        assert_eq!(reported(&report, "oa.t").unwrap()["action"], "would-prune");
        assert_eq!(reported(&report, "oc.t").unwrap()["action"], "would-delete");
        assert_eq!(master.get("oa.t").unwrap(), some, "--dry-run wrote nothing");
        assert_eq!(master.get("oc.t").unwrap(), only_expired);

        let report = prune(tc_sentinel(&env, &setup), &["--delete-empty"]);
        let s = &report["summary"];
        assert_eq!(s["keys_scanned"], 3, "{report}");
        assert_eq!(s["keys_deleted"], 1, "{report}");
        assert_eq!(s["access_tokens_removed"], 4, "{report}");
        assert_eq!(master.get("oa.t").unwrap(), fleet::pruned(&some));
        assert_eq!(master.get("oc.t"), None, "deleted");
        assert_eq!(master.get("od.t").unwrap(), fresh, "nothing expired");
        let replica = setup.live().find(|s| s.port != master.port).unwrap();
        let deadline = Instant::now() + Duration::from_secs(10);
        while replica.get("oa.t") != Some(fleet::pruned(&some)) || replica.get("oc.t").is_some() {
            assert!(Instant::now() < deadline, "the replica never followed");
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

/// `--redis-timeout` runs per read, never while idle: `serve` keeps
/// listening and reading the key after pauses longer than the timeout
/// (it used to stop accepting connections once the first read's deadline
/// passed: the watchdog shut down every socket opened after connecting,
/// its listener included, and later reads were out of time). The server
/// closes idle clients after 1 s (`timeout 1`, as Azure Cache for Redis
/// closes idle connections): each read after a pause finds its kept
/// connection closed and reads on a new one.
#[test]
fn serve_reads_the_key_again_after_idling_longer_than_the_timeout() {
    let server = server!();
    let env = Env::new();
    let key = "a11ce.t1";
    let write = |token: &str| {
        let doc = crate::serve::cache(crate::serve::now() + 3600, token);
        tc(&env, &server)
            .args(["--redis-key", key, "write"])
            .write_stdin(doc.to_string())
            .assert()
            .success();
    };
    write("arm-token-0");
    server.cli(&["CONFIG", "SET", "timeout", "1"]);
    let mut c = env.std_cmd();
    c.env("TOKENCACHE_STORE", "redis")
        .env("TOKENCACHE_REDIS_URL", server.url())
        .args([
            "--redis-timeout",
            "1s",
            "--redis-key",
            key,
            "serve",
            "--managed-identity",
        ]);
    let serving = crate::serve::Server::spawn(c);
    for round in 0..3 {
        if round > 0 {
            std::thread::sleep(Duration::from_millis(2500));
            write(&format!("arm-token-{round}"));
        }
        let (status, body) = serving.token("https://management.azure.com");
        assert_eq!(status, 200, "round {round}: {body}");
        assert_eq!(
            body["access_token"],
            format!("arm-token-{round}"),
            "round {round}: {body}"
        );
    }
}
