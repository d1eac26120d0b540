//! A new user's rough edges, each through the real
//! binary: `--json` details a program can use, a bad key source said before
//! the first write, another application's keyring item named, ambiguous
//! accounts that can be chosen, and the small things (Redis's `path`,
//! `remove`'s report, an open password file, one D-Bus error, close "did
//! you mean"s, counts that agree).

use serde_json::{json, Value};

use crate::support::{Env, OutputExt};

/// A base64 key of 32 bytes (not random: the tests need no secrecy).
const KEY: &str = "AQIDBAUGBwgJCgsMDQ4PEBESExQVFhcYGRobHB0eHyA=";

/// Every key of `map` is snake_case and every value a string, a boolean or
/// null (never "yes"/"no").
fn assert_snake_case(map: &serde_json::Map<String, Value>, what: &str) {
    for (key, value) in map {
        assert!(
            !key.is_empty()
                && key
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_'),
            "{what}: key {key:?} is not snake_case"
        );
        assert!(
            value != "yes" && value != "no",
            "{what}: {key} is {value}, not a JSON boolean"
        );
    }
}

#[test]
fn json_details_have_snake_case_keys() {
    let env = Env::new();
    let encrypted = || {
        let mut c = env.cmd();
        c.env("TOKENCACHE_STORE", "encrypted-file")
            .env("TOKENCACHE_CACHE_PATH", env.cache_path())
            .env("TOKENCACHE_KEY", KEY);
        c
    };
    // A stored file adds the stored KDF to the details.
    encrypted()
        .arg("write")
        .write_stdin("{}")
        .assert()
        .success();
    let out = encrypted().args(["verify", "--json"]).output().unwrap();
    assert!(out.status.success(), "{}", out.stderr_text());
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    let details = doc["details"].as_object().unwrap();
    assert_snake_case(details, "verify --json details");
    assert_eq!(details["key_source"], "TOKENCACHE_KEY");
    assert!(details.contains_key("stored_kdf"), "{doc}");
    let out = encrypted().args(["path", "--json"]).output().unwrap();
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    let location = doc["location"].as_object().unwrap();
    assert_snake_case(location, "path --json location");
    assert_eq!(location["key_source"], "TOKENCACHE_KEY");
    // People still read words: "key source: TOKENCACHE_KEY".
    let out = encrypted().arg("verify").output().unwrap();
    assert!(
        out.stdout_text()
            .contains("\n  key source: TOKENCACHE_KEY\n"),
        "{}",
        out.stdout_text()
    );
}

#[test]
fn a_bad_or_missing_key_source_is_said_before_any_file_exists() {
    let env = Env::new();
    // No cache and no cache folder yet: a fresh CI machine.
    let read = |var: (&str, &str)| {
        env.cmd()
            .env("TOKENCACHE_STORE", "encrypted-file")
            .env("TOKENCACHE_CACHE_PATH", env.cache_path())
            .env(var.0, var.1)
            .args(["read", "--allow-missing"])
            .output()
            .unwrap()
    };
    let missing = env.dir.path().join("no-such-key");
    for (var, needle) in [
        ("TOKENCACHE_KEY", "not base64"),
        ("TOKENCACHE_KEY", "decodes to 16 bytes"),
        ("TOKENCACHE_KEY_FILE", "cannot open the key file"),
    ] {
        let value = match needle {
            "not base64" => "not a key!".to_string(),
            "decodes to 16 bytes" => "AAAAAAAAAAAAAAAAAAAAAA==".to_string(),
            _ => missing.display().to_string(),
        };
        let out = read((var, &value));
        assert_eq!(out.status.code(), Some(7), "{var}: {}", out.stderr_text());
        assert!(out.stdout.is_empty(), "printed {{}} with a bad key");
        assert!(out.stderr_text().contains(needle), "{}", out.stderr_text());
        assert!(!out.stderr_text().contains(&value) || var == "TOKENCACHE_KEY_FILE");
    }
    // A good key: {} as before, and nothing was created.
    let out = read(("TOKENCACHE_KEY", KEY));
    assert!(out.status.success(), "{}", out.stderr_text());
    assert_eq!(out.stdout, b"{}");
    assert!(!env.cache_path().parent().unwrap().exists());
}

/// Two accounts with real-looking (GUID) home account ids, each with a
/// token for the same scope.
fn two_accounts() -> (Value, [&'static str; 2]) {
    let ids = [
        "9f4880d8-80ba-4c40-97bc-f7a23c703084.72f988bf-86f1-41af-91ab-2d7cd011db47",
        "1b0f8a53-0dcb-4c1c-8d1c-5bd0a0f2c6e1.72f988bf-86f1-41af-91ab-2d7cd011db47",
    ];
    let mut at = serde_json::Map::new();
    let mut accounts = serde_json::Map::new();
    for (i, (id, user)) in ids
        .iter()
        .zip(["alice@contoso.com", "bob@contoso.com"])
        .enumerate()
    {
        let (oid, tid) = id.split_once('.').unwrap();
        at.insert(
            format!("at{i}"),
            json!({"credential_type": "AccessToken", "secret": format!("token-of-{user}"),
                   "home_account_id": id, "environment": "login.microsoftonline.com",
                   "client_id": "cli", "realm": tid, "target": "https://management.azure.com/.default",
                   "token_type": "Bearer", "cached_at": "1699999940",
                   "expires_on": "1700003600", "extended_expires_on": "1700003600"}),
        );
        accounts.insert(
            format!("acct{i}"),
            json!({"home_account_id": id, "environment": "login.microsoftonline.com",
                   "realm": tid, "local_account_id": oid, "username": user,
                   "authority_type": "MSSTS"}),
        );
    }
    let doc = json!({"AccessToken": at, "RefreshToken": {}, "IdToken": {},
                     "Account": accounts, "AppMetadata": {}});
    (doc, ids)
}

#[test]
fn ambiguous_accounts_are_listed_so_that_one_can_be_chosen() {
    let env = Env::new();
    let (doc, ids) = two_accounts();
    env.put(doc.to_string().as_bytes());
    let token = |args: &[&str]| {
        env.file_cmd()
            .env("TOKENCACHE_NOW", "1700000000")
            .args(["token", "--scope", "https://management.azure.com/.default"])
            .args(args)
            .output()
            .unwrap()
    };
    let out = token(&[]);
    assert_eq!(out.status.code(), Some(4), "{}", out.stderr_text());
    let err = out.stderr_text();
    assert!(!err.contains("token-of-"), "printed a token: {err}");
    // Not on a terminal (a log): usernames masked, ids whole.
    assert!(!err.contains("alice@contoso.com"), "{err}");
    for (id, user) in ids.iter().zip(["alice", "bob"]) {
        let option = format!("--home-account-id {id}");
        assert!(err.contains(&option), "{id} not listed whole: {err}");
        // What the message lists is what the option takes.
        let out = token(&["--home-account-id", id]);
        assert!(out.status.success(), "{}", out.stderr_text());
        assert_eq!(out.stdout_text(), format!("token-of-{user}@contoso.com\n"));
    }
    // On a terminal, a person sees the usernames to pass to --user
    // (util-linux `script` gives the command one: Linux).
    #[cfg(target_os = "linux")]
    on_a_terminal(&env);
}

#[cfg(target_os = "linux")]
fn on_a_terminal(env: &Env) {
    let Some(shown) =
        env.file_cmd_on_tty("token --scope https://management.azure.com/.default --now 1700000000")
    else {
        crate::require!(false, "util-linux `script` (a pseudo-terminal)");
        return;
    };
    assert!(shown.contains("EXIT=4"), "{shown}");
    assert!(
        shown.contains("alice@contoso.com (--home-account-id 9f4880d8-")
            && shown.contains("bob@contoso.com (--home-account-id 1b0f8a53-"),
        "{shown}"
    );
    assert!(!shown.contains("token-of-"), "{shown}");
    // A username the cache does not have: the ones it has, whole, to pass
    // to --user (tests/token.rs checks them masked in a log).
    let shown = env
        .file_cmd_on_tty(
            "token --scope https://management.azure.com/.default --now 1700000000 \
             --user carol@contoso.com",
        )
        .expect("`script` ran above");
    assert!(shown.contains("EXIT=3"), "{shown}");
    assert!(
        shown.contains(
            "no account named carol@contoso.com; the cache has alice@contoso.com, bob@contoso.com"
        ),
        "{shown}"
    );
}

#[test]
fn path_on_redis_names_the_key_and_no_file() {
    let env = Env::new();
    let redis = || {
        let mut c = env.cmd();
        c.env("TOKENCACHE_STORE", "redis")
            .env("TOKENCACHE_REDIS_KEY", "uid.utid");
        c
    };
    let out = redis().arg("path").output().unwrap();
    assert!(out.status.success(), "{}", out.stderr_text());
    assert_eq!(
        out.stdout_text(),
        "Redis key `uid.utid` at redis://127.0.0.1:6379\n"
    );
    let out = redis().args(["path", "--lock"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", out.stderr_text());
    assert!(out.stdout.is_empty());
    assert!(
        out.stderr_text().contains("uses no lock file"),
        "{}",
        out.stderr_text()
    );
    let out = redis().args(["path", "--json"]).output().unwrap();
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(doc["cache_path"], Value::Null);
    assert_eq!(doc["lock_path"], Value::Null);
    assert_eq!(doc["location"]["key"], "uid.utid");
}

#[test]
fn remove_reports_on_stderr_and_quiet_silences_it() {
    let env = Env::new();
    let (doc, ids) = two_accounts();
    env.put(doc.to_string().as_bytes());
    let out = env
        .file_cmd()
        .args(["remove", "--user", "alice@contoso.com", "--dry-run"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", out.stderr_text());
    assert!(out.stdout.is_empty(), "on stdout: {}", out.stdout_text());
    assert!(
        out.stderr_text().contains("would remove 2 entries"),
        "{}",
        out.stderr_text()
    );
    let out = env
        .file_cmd()
        .args(["-q", "remove", "--user", ids[1]])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", out.stderr_text());
    assert!(
        out.stdout.is_empty() && out.stderr.is_empty(),
        "-q: {out:?}"
    );
    let stored: Value = serde_json::from_slice(&env.stored().unwrap()).unwrap();
    assert_eq!(
        stored["Account"].as_object().unwrap().len(),
        1,
        "bob removed"
    );
}

#[test]
fn an_open_password_file_is_exit_8_like_an_open_key_file() {
    use std::os::unix::fs::PermissionsExt;
    let env = Env::new();
    let file = env.dir.path().join("secret");
    std::fs::write(&file, "pw\n").unwrap();
    std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o644)).unwrap();
    let key_file = env.dir.path().join("key");
    std::fs::write(&key_file, KEY).unwrap();
    std::fs::set_permissions(&key_file, std::fs::Permissions::from_mode(0o644)).unwrap();
    let out = env
        .cmd()
        .args([
            "--store",
            "redis",
            "--redis-key",
            "k",
            "--redis-password-file",
        ])
        .arg(&file)
        .arg("read")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(8), "{}", out.stderr_text());
    assert!(
        out.stderr_text().contains("mode 644"),
        "{}",
        out.stderr_text()
    );
    let out = env
        .cmd()
        .args(["--store", "encrypted-file", "--key-file"])
        .arg(&key_file)
        .arg("--cache-path")
        .arg(env.cache_path())
        .arg("read")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(8), "{}", out.stderr_text());
}

#[cfg(target_os = "linux")]
#[test]
fn presets_says_one_dbus_error_once() {
    let env = Env::new();
    // No session bus at all: every Secret Service preset fails the same way.
    let out = env
        .cmd()
        .env("XDG_RUNTIME_DIR", env.dir.path())
        .arg("presets")
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", out.stderr_text());
    let text = out.stdout_text();
    assert_eq!(
        text.matches("no D-Bus session bus").count(),
        1,
        "said once: {text}"
    );
    assert!(
        text.contains("cannot tell whether their caches exist (msal-node, "),
        "{text}"
    );
}

#[test]
fn counts_and_articles_agree() {
    let env = Env::new();
    let out = env
        .file_cmd()
        .args(["write", "--max-size", "1"])
        .write_stdin("{}\n")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(4));
    assert!(
        out.stderr_text().contains("the limit of 1 byte\n"),
        "{}",
        out.stderr_text()
    );
    let input = env.dir.path().join("in.json");
    std::fs::write(
        &input,
        r#"{"AccessToken":{"a":{"credential_type":"AccessToken","secret":"x"}},"Extra":[1],"More":{"k":{}}}"#,
    )
    .unwrap();
    let out = env
        .cmd()
        .args(["read", "--redact", "--input"])
        .arg(&input)
        .output()
        .unwrap();
    assert!(
        out.stdout_text().contains("<redacted 1 byte>"),
        "{}",
        out.stdout_text()
    );
    let out = env
        .cmd()
        .args(["inspect", "--input"])
        .arg(&input)
        .output()
        .unwrap();
    let text = out.stdout_text();
    assert!(text.contains("Extra: an array value"), "{text}");
    assert!(text.contains("More: an object with 1 entry"), "{text}");
    assert!(text.contains("1 byte (not shown)"), "{text}");
}

#[cfg(target_os = "linux")]
#[test]
fn read_names_another_applications_item_and_the_schema_option() {
    let kr = crate::shared_keyring!();
    let env = kr.env();
    let service = crate::support::keyring::unique_service("foreign");
    let on_keyring = || {
        let mut c = env.cmd();
        c.env("TOKENCACHE_STORE", "secret-service")
            .env("TOKENCACHE_CACHE_PATH", env.cache_path())
            .env("TOKENCACHE_SERVICE", &service)
            .env("TOKENCACHE_ACCOUNT", "default")
            .timeout(std::time::Duration::from_secs(60));
        c
    };
    on_keyring()
        .args(["--schema", "org.example.OtherApp", "write"])
        .write_stdin(r#"{"AccessToken":{}}"#)
        .assert()
        .success();
    let out = on_keyring().arg("read").output().unwrap();
    assert_eq!(out.status.code(), Some(3), "{}", out.stderr_text());
    let err = out.stderr_text();
    assert!(
        err.contains("but the slot holds 1 item(s)")
            && err.contains("xdg:schema=org.example.OtherApp"),
        "{err}"
    );
    assert!(
        err.contains("hint: to read and write that item, pass its schema: --schema"),
        "{err}"
    );
    let out = on_keyring().args(["--json", "read"]).output().unwrap();
    let v: Value = serde_json::from_str(out.stderr_text().trim()).unwrap();
    assert_eq!(v["error"]["code"], "no_cache");
    assert!(v["error"]["hint"].as_str().unwrap().contains("--schema"));
    // The help says what the binary does.
    let out = env.cmd().args(["help", "read"]).output().unwrap();
    let help = out
        .stdout_text()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    assert!(
        help.contains("an item with the same attributes and another application's schema"),
        "{help}"
    );
}

#[test]
fn completions_and_man_pages_come_from_the_binary() {
    let env = Env::new();
    let repo = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    for (shell, file) in [
        ("bash", "tokencache.bash"),
        ("zsh", "_tokencache"),
        ("fish", "tokencache.fish"),
        ("powershell", "_tokencache.ps1"),
        ("elvish", "tokencache.elv"),
    ] {
        let out = env.cmd().args(["completions", shell]).output().unwrap();
        assert!(out.status.success(), "{shell}: {}", out.stderr_text());
        assert!(
            out.stdout == std::fs::read(repo.join("completions").join(file)).unwrap(),
            "completions {shell} differs from completions/{file}"
        );
    }
    // Every committed page, by its command's name (or none, for tokencache(1)).
    for entry in std::fs::read_dir(repo.join("man")).unwrap() {
        let name = entry.unwrap().file_name().into_string().unwrap();
        let page = name.trim_end_matches(".1");
        let mut c = env.cmd();
        c.arg("man");
        if let Some(command) = page.strip_prefix("tokencache-") {
            c.arg(command);
        }
        let out = c.output().unwrap();
        assert!(out.status.success(), "man {page}: {}", out.stderr_text());
        assert!(
            out.stdout == std::fs::read(repo.join("man").join(&name)).unwrap(),
            "man {page} differs from man/{name}"
        );
    }
    let out = env.cmd().args(["man", "nope"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        out.stderr_text().contains("redis-list"),
        "{}",
        out.stderr_text()
    );
    let out = env.cmd().args(["completions", "tcsh"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn short_help_shows_the_commands_own_options_and_the_globals_it_uses() {
    let env = Env::new();
    let help = |args: &[&str]| {
        let out = env.cmd().args(args).output().unwrap();
        assert!(out.status.success(), "{args:?}: {}", out.stderr_text());
        out.stdout_text()
    };
    // read: its own options first, then the global ones under their heading.
    let read = help(&["read", "-h"]);
    let own = read.find("--allow-missing").unwrap();
    let globals = read.find("Global options:").expect(&read);
    assert!(
        own < globals && read.find("--cache-path").unwrap() > globals,
        "{read}"
    );
    assert!(!read.contains("--keyring-timeout"), "{read}");
    // keygen uses no store: no --cache-path, --store or --lock-timeout in -h.
    let keygen = help(&["keygen", "-h"]);
    for absent in ["--cache-path", "--store", "--lock-timeout", "--preset"] {
        assert!(
            !keygen.contains(absent),
            "keygen -h shows {absent}:\n{keygen}"
        );
    }
    assert!(
        keygen.contains("--out") && keygen.contains("--json"),
        "{keygen}"
    );
    assert!(keygen.lines().count() < 20, "{keygen}");
    // --help keeps everything: every global, the store options, exit codes.
    let long = help(&["keygen", "--help"]);
    for present in [
        "--cache-path",
        "--lock-timeout",
        "--keyring-timeout",
        "--redis-url",
        "Exit codes:",
    ] {
        assert!(long.contains(present), "keygen --help lacks {present}");
    }
    // Hidden from the short help only: the option still works.
    let out = env
        .cmd()
        .args([
            "verify",
            "--lock-timeout",
            "1s",
            "--store",
            "file",
            "--cache-path",
        ])
        .arg(env.cache_path())
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", out.stderr_text());
}

/// A cache path or HOME that is not UTF-8 never makes a command panic. JSON
/// strings are Unicode, so `--json` writes such a path lossily (U+FFFD) and
/// marks it with `<field>_lossy: true`; the plain `path` prints the bytes
/// exactly; a UTF-8 path carries no `_lossy` key.
#[test]
fn paths_that_are_not_utf8_are_marked_lossy_in_json_and_never_panic() {
    use std::ffi::OsStr;
    use std::os::unix::ffi::OsStrExt;

    let env = Env::new();
    let bad_dir = env.dir.path().join(OsStr::from_bytes(b"caches-\xff"));
    // macOS file systems refuse such names: the commands must still not panic.
    let can_create = std::fs::create_dir(&bad_dir).is_ok();
    let cache = bad_dir.join("c.json");
    let lossy = cache.to_string_lossy().into_owned();
    assert!(lossy.contains('\u{fffd}'));
    let bad_home = env.dir.path().join(OsStr::from_bytes(b"home-\xfe"));
    let _ = std::fs::create_dir(&bad_home);

    let run = |home: &std::path::Path, args: &[&str]| {
        let out = env
            .cmd()
            .env("HOME", home)
            .env("TOKENCACHE_STORE", "file")
            .env("TOKENCACHE_CACHE_PATH", &cache)
            .args(args)
            .output()
            .unwrap();
        assert_ne!(
            out.status.code(),
            Some(101),
            "{args:?} panicked: {}",
            out.stderr_text()
        );
        assert!(
            !out.stderr_text().contains("internal error"),
            "{args:?}: {}",
            out.stderr_text()
        );
        out
    };
    let json = |out: &std::process::Output| -> Value {
        serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{e}: {}", out.stdout_text()))
    };

    // The plain form prints the path as the OS gives it.
    let out = run(&env.home(), &["path"]);
    assert_eq!(out.status.code(), Some(0), "{}", out.stderr_text());
    let mut line = cache.as_os_str().as_bytes().to_vec();
    line.push(b'\n');
    assert_eq!(out.stdout, line);

    let out = run(&env.home(), &["path", "--json"]);
    assert_eq!(out.status.code(), Some(0), "{}", out.stderr_text());
    let doc = json(&out);
    assert_eq!(doc["cache_path"], json!(lossy));
    assert_eq!(doc["cache_path_lossy"], true);
    assert_eq!(doc["lock_path"], json!(format!("{lossy}.lockfile")));
    assert_eq!(doc["lock_path_lossy"], true);
    assert_eq!(doc["user_root"], json!(env.home().to_str().unwrap()));
    assert!(doc.get("user_root_lossy").is_none(), "{doc}");

    // HOME that is not UTF-8: the user root and every preset's paths.
    let out = run(&bad_home, &["path", "--json"]);
    assert_eq!(out.status.code(), Some(0), "{}", out.stderr_text());
    let doc = json(&out);
    assert_eq!(doc["user_root"], json!(bad_home.to_string_lossy()));
    assert_eq!(doc["user_root_lossy"], true);
    let out = run(&bad_home, &["presets", "--json"]);
    assert_eq!(out.status.code(), Some(0), "{}", out.stderr_text());
    let presets = json(&out);
    let rows = presets.as_array().unwrap();
    assert!(!rows.is_empty());
    for row in rows {
        if row["cache_path"].is_string() {
            assert_eq!(row["cache_path_lossy"], true, "{row}");
            assert_eq!(row["lock_path_lossy"], true, "{row}");
        }
    }
    run(&bad_home, &["presets"]);

    let out = run(&bad_home, &["doctor", "--json"]);
    let doc = json(&out);
    assert_eq!(doc["environment"]["user_root_lossy"], true, "{doc}");
    assert_eq!(doc["caches"][0]["cache_path"], json!(lossy));
    assert_eq!(doc["caches"][0]["cache_path_lossy"], true);
    assert_eq!(doc["caches"][0]["lock_path_lossy"], true);
    run(&bad_home, &["doctor"]);

    let out = run(&env.home(), &["verify", "--json"]);
    if can_create {
        assert_eq!(out.status.code(), Some(0), "{}", out.stderr_text());
        let doc = json(&out);
        assert_eq!(doc["cache_path_lossy"], true);
        assert_eq!(doc["lock_path_lossy"], true);
    }
    run(&env.home(), &["verify"]);

    // A cache stored there is read and reported like any other.
    let out = env
        .cmd()
        .env("TOKENCACHE_STORE", "file")
        .env("TOKENCACHE_CACHE_PATH", &cache)
        .arg("write")
        .write_stdin("{}")
        .output()
        .unwrap();
    assert_ne!(out.status.code(), Some(101), "{}", out.stderr_text());
    for args in [
        &["inspect", "--json"][..],
        &["inspect"],
        &["read"],
        &["clear", "--json"],
    ] {
        run(&env.home(), args);
    }

    // `keygen --json` writes the key first: it must not then panic.
    if can_create {
        let key = bad_dir.join("key");
        let out = env
            .cmd()
            .args(["keygen", "--json", "--out"])
            .arg(&key)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(0), "{}", out.stderr_text());
        let doc = json(&out);
        assert_eq!(doc["key_file"], json!(key.to_string_lossy()));
        assert_eq!(doc["key_file_lossy"], true);
    }
}
