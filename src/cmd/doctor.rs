//! `tokencache doctor`: the one command to run when something does not work
//! (Git Credential Manager's `diagnose` is the model). It looks at every store
//! this build has and every preset on this machine, and says for each what
//! works, what does not, why, and the fix:
//!
//! - **stores**: each one that is set up is checked with its own `verify`
//!   (the MSAL libraries' persistence check: a dummy value written to a
//!   scratch location that is never the cache, read back and deleted), and a
//!   failure keeps the store's own diagnosis (no D-Bus, no Secret Service
//!   provider, a locked collection, a Keychain error code, a missing or bad
//!   key source) with its fix; on WSL without a session bus it says so;
//! - **caches**: the one this configuration uses and each preset's: whether
//!   it exists, its size, how many access tokens have expired, and its lock
//!   (free, held by which live process, or stale and why).
//!
//! It changes nothing: caches are read without the lock (taking it would
//! create a lock file), lock files are only looked at ([`crate::lock::inspect`]),
//! no folder is created (a store whose folder does not exist yet is not
//! round-tripped), and nothing secret is printed: counts and sizes, never a
//! token, a key or a password.

use std::io::Write;

use serde_json::{json, Map, Value};

use super::{emit, emit_json};
use crate::config::{self, Config};
use crate::environment::Platform;
use crate::error::{Error, LockHolder, Result};
use crate::lock::LockState;
use crate::presets::PRESETS;
use crate::store::{Store, StoreKind};

/// One thing that does not work, and what fixes it.
struct Problem {
    /// What it concerns: a store, a preset, "this configuration".
    subject: String,
    /// What is wrong.
    problem: String,
    /// How to fix it.
    fix: String,
}

/// A store's state on this machine.
struct StoreCheck {
    kind: StoreKind,
    /// "ok", "unavailable", "not set up", "not checked".
    status: &'static str,
    /// Where (the store's own summary), or why it was not checked.
    detail: String,
    error: Option<Value>,
    fix: Option<String>,
}

/// Examine everything, print the report, and fail with
/// [`Error::ProblemsFound`] (exit 9) when something does not work.
pub fn run(config: &Config, now: i64, out: &mut dyn Write) -> Result<()> {
    let mut problems = Vec::new();
    let stores = check_stores(config, &mut problems);
    // With `auto`, the store `read` would use: the platform's, or the one
    // it falls back to when that one fails.
    let requested = config.requested_kind();
    let failed = stores
        .iter()
        .any(|s| s.kind == requested && s.status == "unavailable");
    let in_use = match config.fallback_for(requested) {
        Some(fallback) if failed => fallback,
        _ => requested,
    };
    let mut caches = Vec::new();
    caches.push(check_cache(
        "this configuration",
        config,
        in_use,
        &stores,
        now,
        &mut problems,
    ));
    for preset in PRESETS {
        let choice = preset.store(config.platform);
        let kind = choice.unwrap_or_else(|| StoreKind::auto_for(config.platform));
        let preset_config = match preset.cache_path() {
            Ok(path) => Config {
                lock_path: crate::lock::lock_path_for(&path),
                cache_path: path,
                store: choice,
                service: preset.service.unwrap_or(&config.service).to_string(),
                account: preset.account.unwrap_or(&config.account).to_string(),
                keyring: preset.keyring(),
                preset: Some(preset),
                ..config.clone()
            },
            Err(e) => {
                caches.push(json!({
                    "name": preset.name, "store": kind, "cache_path": null,
                    "error": error_json(&e),
                }));
                continue;
            }
        };
        caches.push(check_cache(
            preset.name,
            &preset_config,
            kind,
            &stores,
            now,
            &mut problems,
        ));
    }
    let environment = environment(config);
    if config.json {
        let doc = json!({
            "ok": problems.is_empty(),
            "environment": environment,
            "stores": stores.iter().map(|s| json!({
                "store": s.kind, "status": s.status, "detail": s.detail,
                "error": s.error, "fix": s.fix,
            })).collect::<Vec<_>>(),
            "caches": caches,
            "problems": problems.iter().map(|p| json!({
                "subject": p.subject, "problem": p.problem, "fix": p.fix,
            })).collect::<Vec<_>>(),
        });
        emit_json(out, &doc)?;
    } else {
        let text = human(&environment, &stores, &caches, &problems);
        // Paths, holders' command lines and keyring errors come from
        // elsewhere: never raw onto the terminal.
        emit(
            out,
            crate::text::escape_controls_keep_newlines(&text).as_bytes(),
        )?;
    }
    match problems.len() {
        0 => Ok(()),
        count => Err(Error::ProblemsFound { count }),
    }
}

/// Facts about this machine that explain store failures (never a secret:
/// the key source is named, not read).
fn environment(config: &Config) -> Value {
    let var_set = |name: &str| std::env::var_os(name).is_some_and(|v| !v.is_empty());
    let mut env = json!({
        "platform": config.platform.as_str(),
        "user_root": null,
        "key_source": config.keys.configured().map(|s| s.to_string()),
    });
    super::put_path_in(&mut env, "user_root", config.user_root.as_deref());
    if matches!(config.platform, Platform::Linux | Platform::OtherUnix) {
        env["session_bus"] = json!(
            var_set("DBUS_SESSION_BUS_ADDRESS")
                || std::env::var_os("XDG_RUNTIME_DIR")
                    .filter(|d| !d.is_empty())
                    .is_some_and(|d| std::path::Path::new(&d).join("bus").exists())
        );
        env["wsl"] = json!(is_wsl());
    }
    env
}

/// Whether this is Linux under WSL (its kernel says "microsoft").
fn is_wsl() -> bool {
    std::env::var_os("WSL_DISTRO_NAME").is_some()
        || std::fs::read_to_string("/proc/sys/kernel/osrelease")
            .is_ok_and(|r| r.to_ascii_lowercase().contains("microsoft"))
}

/// Every store this build has, checked where it is set up.
fn check_stores(config: &Config, problems: &mut Vec<Problem>) -> Vec<StoreCheck> {
    let requested = config.requested_kind();
    let mut checks = Vec::new();
    for &kind in StoreKind::ALL {
        if !kind.compiled_in() {
            continue;
        }
        let check = check_store(config, kind);
        // The store this configuration uses must work; with `auto`, a
        // fallback that works rescues it (reported, not a problem).
        if kind == requested && check.status == "unavailable" && config.fallback_for(kind).is_none()
        {
            problems.push(Problem {
                subject: format!("the {} store (this configuration's)", kind.as_str()),
                problem: check.detail.clone(),
                fix: check.fix.clone().unwrap_or_default(),
            });
        } else if kind == StoreKind::EncryptedFile
            && check.status == "unavailable"
            && config.keys.configured().is_some()
        {
            // A key source is configured, so it is meant to be used.
            problems.push(Problem {
                subject: "the encrypted-file store's key source".into(),
                problem: check.detail.clone(),
                fix: check.fix.clone().unwrap_or_default(),
            });
        }
        checks.push(check);
    }
    checks
}

fn check_store(config: &Config, kind: StoreKind) -> StoreCheck {
    // A store this configuration does not use is "not set up" when it
    // lacks something; the one it uses is checked anyway when it can be.
    if let Some(missing) = kind.missing_setup(&config.stores, &config.shared()) {
        let requested = config.requested_kind() == kind;
        if !requested || !missing.checkable {
            return StoreCheck {
                kind,
                status: if requested {
                    "unavailable"
                } else {
                    "not set up"
                },
                detail: missing.detail,
                error: None,
                fix: missing.fix,
            };
        }
    }
    let store = match config::build(config, kind) {
        Ok(store) => store,
        Err(e) => return unavailable(kind, &e),
    };
    let summary = store.describe().summary;
    // The file stores' round trip writes a probe beside the cache and would
    // create its folder: a folder that does not exist yet is left alone.
    if kind.keeps_cache_at_path() && !crate::fsutil::parent_dir(&config.cache_path).is_dir() {
        // A key source (the encrypted file's) is checked all the same.
        if let Err(e) = store.unlock(false) {
            return unavailable(kind, &e);
        }
        return StoreCheck {
            kind,
            status: "not checked",
            detail: format!(
                "{summary}: its folder does not exist yet (the first write creates it), so no round trip was made"
            ),
            error: None,
            fix: None,
        };
    }
    match store.verify() {
        Ok(()) => StoreCheck {
            kind,
            status: "ok",
            detail: format!("{summary}: a round trip on a scratch location worked"),
            error: None,
            fix: None,
        },
        Err(e) => unavailable(kind, &e),
    }
}

fn unavailable(kind: StoreKind, err: &Error) -> StoreCheck {
    let mut fix = err.hint().unwrap_or_default();
    if kind == StoreKind::SecretService && is_wsl() && err.to_string().contains("D-Bus") {
        fix = format!(
            "this is WSL, which starts no D-Bus session bus by default: enable systemd in /etc/wsl.conf \
             ([boot] systemd=true) and install gnome-keyring, or keep the cache in an encrypted file \
             (--store encrypted-file); {fix}"
        );
    }
    StoreCheck {
        kind,
        status: "unavailable",
        detail: err.to_string(),
        error: Some(error_json(err)),
        fix: Some(fix),
    }
}

fn error_json(err: &Error) -> Value {
    json!({ "code": err.code(), "exit": err.exit_code().code(), "message": err.to_string(), "hint": err.hint() })
}

/// One cache (this configuration's, or a preset's): whether it exists, its
/// size and expired share, and its lock.
fn check_cache(
    name: &str,
    config: &Config,
    kind: StoreKind,
    stores: &[StoreCheck],
    now: i64,
    problems: &mut Vec<Problem>,
) -> Value {
    let remote = !kind.uses_lock_file();
    let mut row = Map::new();
    row.insert("name".into(), json!(name));
    row.insert("store".into(), json!(kind));
    super::put_path(
        &mut row,
        "cache_path",
        (!remote).then_some(config.cache_path.as_path()),
    );
    let store_check = stores.iter().find(|s| s.kind == kind);
    let cache = match store_check {
        None => {
            json!({ "exists": null, "why": format!("this build has no {} store", kind.as_str()) })
        }
        Some(s) if s.status == "unavailable" || s.status == "not set up" => json!({
            "exists": null,
            "why": format!("the {} store is {} (see Stores)", kind.as_str(), s.status),
        }),
        Some(_) => match config::build(config, kind) {
            Ok(store) => cache_facts(name, &*store, now, problems),
            Err(e) => json!({ "exists": null, "why": e.to_string() }),
        },
    };
    row.insert("cache".into(), cache);
    if remote {
        row.insert("lock".into(), json!({ "state": "none", "why": "Redis serialises writers with transactions, not a lock file" }));
    } else {
        super::put_path(&mut row, "lock_path", Some(&config.lock_path));
        row.insert("lock".into(), lock_facts(name, &config.lock_path, problems));
    }
    Value::Object(row)
}

/// Size, entries and expired share of a stored cache, read without the lock.
fn cache_facts(name: &str, store: &dyn Store, now: i64, problems: &mut Vec<Problem>) -> Value {
    let loaded = store.load();
    let bytes = match loaded {
        Ok(None) => return json!({ "exists": false }),
        Ok(Some(bytes)) => bytes,
        Err(e) => {
            problems.push(Problem {
                subject: name.to_string(),
                problem: format!("its cache cannot be read: {e}"),
                fix: e.hint().unwrap_or_default(),
            });
            return json!({ "exists": null, "error": error_json(&e) });
        }
    };
    let size = bytes.len();
    let doc = match crate::cache::parse(&bytes) {
        Ok(doc) => doc,
        Err(e) => {
            let location = store.describe().summary;
            problems.push(Problem {
                subject: name.to_string(),
                problem: format!("the cache in {location} is not a usable token cache: it {e}"),
                fix: "restore it from a backup, or remove it with `tokencache clear` and sign in again".into(),
            });
            return json!({ "exists": true, "bytes": size, "error": format!("it {e}") });
        }
    };
    drop(bytes);
    let summary = crate::cache::inspect::summarise(
        &doc,
        crate::cache::inspect::Options { now, claims: false },
    );
    let access = summary.access_tokens.len();
    let expired = summary
        .access_tokens
        .iter()
        .filter(|t| t.expired == Some(true))
        .count();
    json!({
        "exists": true,
        "bytes": size,
        "accounts": summary.accounts.len(),
        "access_tokens": access,
        "expired_access_tokens": expired,
        "expired_share": if access == 0 { Value::Null } else { json!((expired as f64 / access as f64 * 100.0).round() / 100.0) },
        "refresh_tokens": summary.refresh_tokens.len(),
    })
}

fn holder_json(holder: &LockHolder) -> Value {
    json!({
        "pid": holder.pid,
        "command": holder.command,
        "os_lock": holder.flocked,
        "running": holder.pid.map(|_| !holder.not_running),
    })
}

/// The lock file's state, looked at only.
fn lock_facts(name: &str, path: &std::path::Path, problems: &mut Vec<Problem>) -> Value {
    match crate::lock::inspect(path) {
        Ok(LockState::Free) => json!({ "state": "free" }),
        Ok(LockState::Held(holder)) => {
            json!({ "state": "held", "holder": holder_json(&holder), "summary": holder.to_string() })
        }
        Ok(LockState::Stale { holder, evidence }) => {
            problems.push(Problem {
                subject: name.to_string(),
                problem: format!(
                    "the lock {} is stale: left by {holder}, which is gone ({evidence})",
                    path.display()
                ),
                fix: format!(
                    "any tokencache command on this cache removes it (e.g. `tokencache{} read > /dev/null`), \
                     or delete {}",
                    if name == "this configuration" {
                        String::new()
                    } else {
                        format!(" --preset {name}")
                    },
                    path.display()
                ),
            });
            json!({ "state": "stale", "holder": holder_json(&holder), "summary": holder.to_string(), "evidence": evidence })
        }
        Err(e) => {
            problems.push(Problem {
                subject: name.to_string(),
                problem: format!("its lock file cannot be used: {e}"),
                fix: e.hint().unwrap_or_default(),
            });
            json!({ "state": "error", "error": error_json(&e) })
        }
    }
}

/// The report for people.
fn human(env: &Value, stores: &[StoreCheck], caches: &[Value], problems: &[Problem]) -> String {
    let mut text = format!(
        "tokencache doctor: {}",
        env["platform"].as_str().unwrap_or("?")
    );
    if let Some(root) = env["user_root"].as_str() {
        text += &format!(", user root {root}");
    }
    if env["wsl"] == true {
        text += ", WSL";
    }
    if env["session_bus"] == false {
        text += ", no D-Bus session bus";
    }
    text += "\n\nStores\n";
    for s in stores {
        text += &format!("  {:<12} {:<15} {}\n", s.status, s.kind.as_str(), s.detail);
        if s.status == "unavailable" {
            if let Some(fix) = &s.fix {
                text += &format!("  {:<12} {:<15} fix: {fix}\n", "", "");
            }
        }
    }
    text += "\nCaches\n";
    for c in caches {
        let name = c["name"].as_str().unwrap_or("?");
        let store = c["store"].as_str().unwrap_or("?");
        let place = c["cache_path"].as_str().unwrap_or("(no file)");
        text += &format!("  {name:<23} {store:<15} {place}\n");
        text += &format!("      cache: {}\n", cache_line(&c["cache"], c.get("error")));
        if let Some(lock) = c.get("lock") {
            text += &format!("      lock: {}\n", lock_line(lock));
        }
    }
    if problems.is_empty() {
        text += "\nNo problems found.\n";
    } else {
        text += &format!(
            "\n{}\n",
            crate::text::count(problems.len() as u64, "problem:", "problems:")
        );
        for (i, p) in problems.iter().enumerate() {
            text += &format!("  {}. {}: {}\n", i + 1, p.subject, p.problem);
            if !p.fix.is_empty() {
                text += &format!("     fix: {}\n", p.fix);
            }
        }
    }
    text
}

fn cache_line(cache: &Value, error: Option<&Value>) -> String {
    if let Some(e) = error {
        return format!("cannot resolve: {}", e["message"].as_str().unwrap_or("?"));
    }
    match &cache["exists"] {
        Value::Bool(false) => "none stored".into(),
        Value::Bool(true) => {
            if let Some(e) = cache["error"].as_str() {
                return format!("{} bytes, unusable: {e}", cache["bytes"]);
            }
            let n = |key: &str| cache[key].as_u64().unwrap_or(0);
            let mut line = format!(
                "{}; {}, {}",
                crate::text::count(n("bytes"), "byte", "bytes"),
                crate::text::count(n("accounts"), "account", "accounts"),
                crate::text::count(n("access_tokens"), "access token", "access tokens"),
            );
            if n("access_tokens") > 0 {
                line += &format!(
                    " ({} expired, {:.0}%)",
                    n("expired_access_tokens"),
                    cache["expired_share"].as_f64().unwrap_or(0.0) * 100.0
                );
            }
            line
        }
        _ => match (&cache["why"], &cache["error"]) {
            (Value::String(why), _) => format!("unknown: {why}"),
            (_, e) => format!("unreadable: {}", e["message"].as_str().unwrap_or("?")),
        },
    }
}

fn lock_line(lock: &Value) -> String {
    let summary = lock["summary"].as_str().unwrap_or("?");
    match lock["state"].as_str() {
        Some("free") => "free".into(),
        Some("held") => {
            let running = match lock["holder"]["running"] {
                Value::Bool(true) => ", running",
                Value::Bool(false) => ", not running here (another PID namespace, or just gone)",
                _ => "",
            };
            format!("held by {summary}{running}")
        }
        Some("stale") => format!(
            "stale: left by {summary} ({})",
            lock["evidence"].as_str().unwrap_or("?")
        ),
        Some("none") => "none (Redis uses transactions)".into(),
        _ => format!(
            "unusable: {}",
            lock["error"]["message"].as_str().unwrap_or("?")
        ),
    }
}
