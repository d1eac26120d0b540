//! `tokencache doctor` through the real binary: a real private gnome-keyring
//! (then locked), no D-Bus at all, a bus with no provider, a stale lock, a
//! live holder (one naming itself in the file, one holding only an flock), a
//! bad key source, a Redis key on a real server (then gone). Every run checks that the caches are byte-for-byte what
//! they were, that no lock file appeared or changed, and that no secret
//! was printed.
//!
//! Linux: the Secret Service, `/proc/locks` and util-linux `flock`.

#![cfg(target_os = "linux")]

use std::path::{Path, PathBuf};
use std::process::Output;

use serde_json::Value;

use crate::support::keyring::Provider;
use crate::support::{sample_cache, Env, OutputExt};

/// The time the tests run "at": the sample cache's access tokens expire at
/// 1700003600, so all are expired.
const NOW: &str = "1700010000";

/// Every file under `dir` with its bytes and modification time: what a run
/// must leave exactly as it was.
fn snapshot(dir: &Path) -> Vec<(PathBuf, Vec<u8>, std::time::SystemTime)> {
    let mut files = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else {
            continue;
        };
        for e in entries {
            let e = e.unwrap();
            let meta = std::fs::symlink_metadata(e.path()).unwrap();
            if meta.is_dir() {
                stack.push(e.path());
            } else if meta.is_file() {
                files.push((
                    e.path(),
                    std::fs::read(e.path()).unwrap(),
                    meta.modified().unwrap(),
                ));
            }
        }
    }
    files.sort();
    files
}

/// Run `doctor` (with `--json` when asked) in `env`, with extra `args`
/// before the command.
fn doctor(env: &Env, args: &[&str], json: bool) -> (Output, Option<Value>) {
    let mut c = env.cmd();
    c.env("TOKENCACHE_NOW", NOW)
        .env("RUST_BACKTRACE", "0")
        .timeout(std::time::Duration::from_secs(120))
        .args(args)
        .arg("doctor");
    if json {
        c.arg("--json");
    }
    let out = c.output().unwrap();
    let doc = json.then(|| {
        serde_json::from_slice(&out.stdout)
            .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stdout)))
    });
    (out, doc)
}

/// The sample cache's secrets (access tokens begin `eyJ`, the refresh token
/// is `rt`) never appear in a report.
fn assert_no_secret(out: &Output) {
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(!text.contains("eyJ"), "printed a token: {text}");
    assert!(!text.contains("\"rt\""), "printed a refresh token: {text}");
}

fn store<'a>(doc: &'a Value, kind: &str) -> &'a Value {
    doc["stores"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["store"] == kind)
        .unwrap_or_else(|| panic!("no {kind} in {doc}"))
}

fn cache<'a>(doc: &'a Value, name: &str) -> &'a Value {
    doc["caches"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["name"] == name)
        .unwrap_or_else(|| panic!("no cache {name} in {doc}"))
}

/// The Azure CLI's cache in `env`'s home, with the sample cache in it.
fn azure_cli_cache(env: &Env) -> PathBuf {
    let path = env.home().join(".azure/msal_token_cache.json");
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(&path, sample_cache(4000)).unwrap();
    path
}

#[test]
fn with_a_working_keyring_everything_is_ok_and_nothing_changes() {
    let kr = crate::own_keyring!(Provider::Unlocked);
    let env = kr.env();
    // A cache in the keyring (this configuration: auto, the Secret Service)
    // and the Azure CLI's file cache.
    env.cmd()
        .arg("write")
        .write_stdin(sample_cache(2000))
        .assert()
        .success();
    let item_before = env.cmd().arg("read").output().unwrap().stdout;
    azure_cli_cache(&env);
    let files_before = snapshot(env.dir.path());
    let (out, doc) = doctor(&env, &[], true);
    let doc = doc.unwrap();
    assert_eq!(out.status.code(), Some(0), "{}\n{doc:#}", out.stderr_text());
    assert_no_secret(&out);
    assert_eq!(doc["ok"], true);
    assert_eq!(doc["problems"], serde_json::json!([]));
    assert_eq!(store(&doc, "secret-service")["status"], "ok");
    let mine = cache(&doc, "this configuration");
    assert_eq!(mine["store"], "secret-service");
    assert_eq!(mine["cache"]["exists"], true);
    assert_eq!(mine["lock"]["state"], "free");
    let az = cache(&doc, "azure-cli");
    assert_eq!(az["cache"]["exists"], true);
    assert_eq!(az["cache"]["bytes"], sample_cache(4000).len());
    let tokens = az["cache"]["access_tokens"].as_u64().unwrap();
    assert!(tokens > 1);
    assert_eq!(az["cache"]["expired_access_tokens"], tokens);
    assert_eq!(az["cache"]["expired_share"], 1.0);
    // The human report says the same, with the fix list empty.
    let (out, _) = doctor(&env, &[], false);
    assert_eq!(out.status.code(), Some(0), "{}", out.stderr_text());
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("No problems found."), "{text}");
    assert!(text.contains("expired, 100%"), "{text}");
    assert_no_secret(&out);
    // Nothing changed: files (caches, no lock file appeared) and the item.
    assert_eq!(snapshot(env.dir.path()), files_before);
    assert_eq!(env.cmd().arg("read").output().unwrap().stdout, item_before);
    // No verification item was left in the keyring.
    let search = kr
        .tool("secret-tool")
        .args(["search", "--all", "service", "tokencache"])
        .output()
        .unwrap();
    let found = String::from_utf8_lossy(&search.stdout).into_owned() + &search.stderr_text();
    assert!(!found.contains("tokencache-verify"), "{found}");

    // A locked collection: a problem, said with its fix.
    kr.lock_login();
    let (out, doc) = doctor(&env, &[], true);
    let doc = doc.unwrap();
    assert_eq!(out.status.code(), Some(9), "{}\n{doc:#}", out.stderr_text());
    let ss = store(&doc, "secret-service");
    assert_eq!(ss["status"], "unavailable");
    assert!(ss["detail"].as_str().unwrap().contains("locked"), "{ss}");
    assert!(ss["fix"].as_str().unwrap().contains("unlock"), "{ss}");
    assert!(
        doc["problems"][0]["subject"]
            .as_str()
            .unwrap()
            .contains("secret-service"),
        "{doc:#}"
    );
    let v: Value = serde_json::from_str(out.stderr_text().trim()).unwrap();
    assert_eq!(v["error"]["code"], "problems_found");
    assert_eq!(v["error"]["exit"], 9);
    assert_eq!(snapshot(env.dir.path()), files_before);
}

#[test]
fn without_dbus_the_secret_service_problem_is_said_once_with_its_fix() {
    let env = Env::new();
    let runtime = env.dir.path().join("run");
    std::fs::create_dir(&runtime).unwrap();
    azure_cli_cache(&env);
    let before = snapshot(env.dir.path());
    // Env clears the environment: no DBUS_SESSION_BUS_ADDRESS, and
    // XDG_RUNTIME_DIR names a folder with no bus socket.
    let mut env = env;
    env.vars
        .push(("XDG_RUNTIME_DIR".into(), runtime.into_os_string()));
    let (out, doc) = doctor(&env, &[], true);
    let doc = doc.unwrap();
    assert_eq!(out.status.code(), Some(9), "{}", out.stderr_text());
    assert_eq!(doc["ok"], false);
    assert_eq!(doc["environment"]["session_bus"], false);
    let ss = store(&doc, "secret-service");
    assert_eq!(ss["status"], "unavailable");
    assert!(
        ss["detail"]
            .as_str()
            .unwrap()
            .contains("no D-Bus session bus"),
        "{ss}"
    );
    assert!(
        ss["fix"].as_str().unwrap().contains("dbus-run-session"),
        "{ss}"
    );
    // One problem (this configuration's store); the keyring presets say
    // "unknown" and point to it, the file preset is still examined.
    assert_eq!(doc["problems"].as_array().unwrap().len(), 1, "{doc:#}");
    let msal_node = cache(&doc, "msal-node");
    assert_eq!(msal_node["cache"]["exists"], Value::Null);
    assert_eq!(cache(&doc, "azure-cli")["cache"]["exists"], true);
    assert_eq!(snapshot(env.dir.path()), before);
    // The human report: the error once, with its fix.
    let (out, _) = doctor(&env, &[], false);
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(9));
    assert!(text.contains("1 problem:"), "{text}");
    assert!(text.contains("fix: run inside a desktop session"), "{text}");
    // With a key source, `auto` falls back to the encrypted file: no
    // problem, and this configuration's cache is that file.
    let folder = env.home().join(".tokencache");
    std::fs::create_dir_all(&folder).unwrap();
    env.vars.push((
        "TOKENCACHE_KEY".into(),
        "AQIDBAUGBwgJCgsMDQ4PEBESExQVFhcYGRobHB0eHyA=".into(),
    ));
    let (out, doc) = doctor(&env, &[], true);
    let doc = doc.unwrap();
    assert_eq!(out.status.code(), Some(0), "{}\n{doc:#}", out.stderr_text());
    assert_eq!(cache(&doc, "this configuration")["store"], "encrypted-file");
    assert_eq!(store(&doc, "encrypted-file")["status"], "ok", "{doc:#}");
}

#[test]
fn a_bus_without_a_provider_is_named() {
    let kr = crate::own_keyring!(Provider::None);
    let env = kr.env();
    let (out, doc) = doctor(&env, &[], true);
    let doc = doc.unwrap();
    assert_eq!(out.status.code(), Some(9), "{}", out.stderr_text());
    let ss = store(&doc, "secret-service");
    assert!(
        ss["detail"]
            .as_str()
            .unwrap()
            .contains("no Secret Service provider"),
        "{ss}"
    );
    assert!(ss["fix"].as_str().unwrap().contains("gnome-keyring-daemon"));
}

/// `--store file --cache-path <env's cache path>`, with the sample cache
/// stored there.
fn on_file(env: &Env) -> Vec<String> {
    env.put(&sample_cache(3000));
    vec![
        "--store".into(),
        "file".into(),
        "--cache-path".into(),
        env.cache_path().to_str().unwrap().into(),
    ]
}

fn strs(args: &[String]) -> Vec<&str> {
    args.iter().map(String::as_str).collect()
}

#[test]
fn a_stale_lock_is_a_problem_and_is_left_alone() {
    let env = Env::new();
    let args = on_file(&env);
    // A Node-style lock of a process that is gone, untouched for 5 minutes.
    let mut child = std::process::Command::new("true").spawn().unwrap();
    let dead = child.id();
    child.wait().unwrap();
    std::fs::write(env.lock_path(), format!("{dead}")).unwrap();
    let status = std::process::Command::new("touch")
        .args(["-d", "5 minutes ago"])
        .arg(env.lock_path())
        .status()
        .unwrap();
    assert!(status.success());
    let before = snapshot(env.dir.path());
    let (out, doc) = doctor(&env, &strs(&args), true);
    let doc = doc.unwrap();
    assert_eq!(out.status.code(), Some(9), "{}", out.stderr_text());
    let mine = cache(&doc, "this configuration");
    assert_eq!(mine["lock"]["state"], "stale", "{mine}");
    assert_eq!(mine["lock"]["holder"]["pid"], dead);
    assert_eq!(mine["lock"]["holder"]["running"], false);
    assert!(mine["lock"]["evidence"]
        .as_str()
        .unwrap()
        .contains("is not running"));
    let problem = &doc["problems"][0];
    assert!(
        problem["problem"].as_str().unwrap().contains("stale"),
        "{problem}"
    );
    assert!(
        problem["fix"]
            .as_str()
            .unwrap()
            .contains(env.lock_path().to_str().unwrap()),
        "{problem}"
    );
    assert_no_secret(&out);
    assert_eq!(
        snapshot(env.dir.path()),
        before,
        "the stale lock was left alone"
    );
}

#[test]
fn a_live_holder_is_named_and_is_no_problem() {
    let env = Env::new();
    let args = on_file(&env);
    // A holder that writes its pid (as Node and Python do), alive.
    let mut holder = std::process::Command::new("sleep")
        .arg("60")
        .spawn()
        .unwrap();
    std::fs::write(env.lock_path(), format!("{} python3", holder.id())).unwrap();
    let before = snapshot(env.dir.path());
    let (out, doc) = doctor(&env, &strs(&args), true);
    let doc = doc.unwrap();
    let mine = cache(&doc, "this configuration");
    assert_eq!(mine["lock"]["state"], "held", "{mine}");
    assert_eq!(mine["lock"]["holder"]["pid"], holder.id());
    assert_eq!(mine["lock"]["holder"]["running"], true);
    assert!(
        mine["lock"]["holder"]["command"]
            .as_str()
            .unwrap()
            .contains("sleep"),
        "the live command line: {mine}"
    );
    assert_eq!(out.status.code(), Some(0), "{}\n{doc:#}", out.stderr_text());
    assert_eq!(snapshot(env.dir.path()), before);
    holder.kill().unwrap();
    holder.wait().unwrap();
    std::fs::remove_file(env.lock_path()).unwrap();

    // A holder with only an flock on an empty file (MSAL.NET between its
    // open and its write; util-linux flock here): seen in /proc/locks.
    let have_flock = std::process::Command::new("flock")
        .arg("--version")
        .output()
        .is_ok();
    crate::require!(have_flock, "util-linux flock");
    let mut holder = std::process::Command::new("flock")
        .arg(env.lock_path())
        .args(["sleep", "60"])
        .spawn()
        .unwrap();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    while !std::fs::read_to_string("/proc/locks")
        .unwrap()
        .contains(&format!(" {} ", holder.id()))
    {
        assert!(std::time::Instant::now() < deadline, "flock never held");
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    let before = snapshot(env.dir.path());
    let (out, doc) = doctor(&env, &strs(&args), true);
    let doc = doc.unwrap();
    let mine = cache(&doc, "this configuration");
    assert_eq!(mine["lock"]["state"], "held", "{mine}");
    assert_eq!(mine["lock"]["holder"]["os_lock"], true);
    assert_eq!(mine["lock"]["holder"]["pid"], holder.id());
    assert_eq!(out.status.code(), Some(0), "{}\n{doc:#}", out.stderr_text());
    assert_eq!(snapshot(env.dir.path()), before);
    holder.kill().unwrap();
    holder.wait().unwrap();
}

#[test]
fn a_bad_key_source_is_a_problem_and_never_shown() {
    let env = Env::new();
    std::fs::create_dir_all(env.cache_path().parent().unwrap()).unwrap();
    let bad = "not-a-key-but-a-secret-0123456789";
    let cache_path = env.cache_path();
    let args = [
        "--store",
        "encrypted-file",
        "--cache-path",
        cache_path.to_str().unwrap(),
    ];
    let mut keyed = Env::new();
    keyed.vars.push(("TOKENCACHE_KEY".into(), bad.into()));
    let before = snapshot(env.dir.path());
    let (out, doc) = doctor(&keyed, &args, true);
    let doc = doc.unwrap();
    assert_eq!(out.status.code(), Some(9), "{}", out.stderr_text());
    let ef = store(&doc, "encrypted-file");
    assert_eq!(ef["status"], "unavailable", "{ef}");
    assert!(
        ef["detail"].as_str().unwrap().contains("TOKENCACHE_KEY"),
        "{ef}"
    );
    assert_eq!(doc["environment"]["key_source"], "TOKENCACHE_KEY");
    let all = String::from_utf8_lossy(&out.stdout).into_owned() + &out.stderr_text();
    assert!(!all.contains(bad), "printed the key: {all}");
    assert_eq!(snapshot(env.dir.path()), before);
    // No key source at all, with the encrypted file asked for: missing.
    let (out, doc) = doctor(&env, &args, true);
    let doc = doc.unwrap();
    assert_eq!(out.status.code(), Some(9), "{}", out.stderr_text());
    assert!(store(&doc, "encrypted-file")["detail"]
        .as_str()
        .unwrap()
        .contains("no key source is configured"));
}

#[test]
fn on_redis_the_key_is_checked_with_a_scratch_key_and_left_alone() {
    crate::require!(
        crate::support::redis_server::available(false),
        "redis-server is not installed"
    );
    let server = crate::support::redis_server::RedisServer::start();
    let key = "uid.utid";
    let mut env = Env::new();
    env.vars.push(("TOKENCACHE_STORE".into(), "redis".into()));
    env.vars
        .push(("TOKENCACHE_REDIS_URL".into(), server.url().into()));
    env.vars.push(("TOKENCACHE_REDIS_KEY".into(), key.into()));
    env.cmd()
        .arg("write")
        .write_stdin(sample_cache(2000))
        .assert()
        .success();
    let before = server.get(key).unwrap();
    let ttl = server.ttl(key);
    let (out, doc) = doctor(&env, &[], true);
    let doc = doc.unwrap();
    assert_no_secret(&out);
    let redis = store(&doc, "redis");
    assert_eq!(redis["status"], "ok", "{doc:#}");
    let mine = cache(&doc, "this configuration");
    assert_eq!(mine["store"], "redis");
    assert_eq!(mine["cache"]["exists"], true, "{mine}");
    assert_eq!(mine["cache"]["bytes"], before.len());
    assert_eq!(mine["lock"]["state"], "none");
    // The key is as it was (value and expiry) and no scratch key is left.
    assert_eq!(server.get(key).unwrap(), before);
    assert_eq!(server.ttl(key), ttl);
    assert_eq!(server.cli(&["DBSIZE"]).trim(), "1");

    // The server gone: a problem naming it, with its fix, exit 9.
    drop(server);
    let (out, doc) = doctor(&env, &[], true);
    let doc = doc.unwrap();
    assert_eq!(out.status.code(), Some(9), "{}\n{doc:#}", out.stderr_text());
    let redis = store(&doc, "redis");
    assert_eq!(redis["status"], "unavailable", "{doc:#}");
    assert!(
        redis["detail"].as_str().unwrap().contains("unreachable"),
        "{redis}"
    );
    assert!(
        redis["fix"].as_str().unwrap().contains("--redis-url"),
        "{redis}"
    );
    assert!(
        doc["problems"]
            .as_array()
            .unwrap()
            .iter()
            .any(|p| p["subject"].as_str().unwrap().contains("redis")),
        "{doc:#}"
    );
}
