//! Presets resolve (through `path --json`) to the documented locations,
//! stores and keyring item attributes; explicit flags override them.
//! The Linux keyring presets are also checked against a real Secret Service:
//! tokencache must read and update the very items the tools write.

use std::path::{Path, PathBuf};

use serde_json::{json, Value};

use crate::support::Env;

fn path_json(env: &Env, args: &[&str]) -> Value {
    let out = env
        .cmd()
        .args(args)
        .args(["--json", "path"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

/// `base` joined with the `/`-separated `rel`, as the OS spells paths.
fn under(base: &Path, rel: &str) -> PathBuf {
    rel.split('/')
        .fold(base.to_path_buf(), |p, part| p.join(part))
}

/// A path field of `path --json`, as a path (so separators compare as the OS
/// compares them).
fn path_of(doc: &Value, field: &str) -> PathBuf {
    PathBuf::from(
        doc[field]
            .as_str()
            .unwrap_or_else(|| panic!("{field}: {doc}")),
    )
}

/// Where each preset's cache lives on this OS, relative to which folder of
/// the isolated environment, and which store `auto` means here: the
/// documented table (docs/guide.md, "`presets` and `--preset`").
fn documented_locations(env: &Env) -> Vec<(&'static str, PathBuf, &'static str)> {
    if cfg!(windows) {
        let root = env.local_app_data();
        vec![
            ("msal-node", under(&root, "cache.json"), "dpapi"),
            (
                "azure-cli",
                under(&env.home(), ".azure/msal_token_cache.bin"),
                "dpapi",
            ),
            (
                "azure-identity-dotnet",
                under(&root, ".IdentityService/msal.cache"),
                "dpapi",
            ),
            ("gcm", under(&root, ".IdentityService/msal.cache"), "dpapi"),
            (
                "azure-identity-python",
                under(&root, ".IdentityService/msal.cache.nocae"),
                "dpapi",
            ),
            (
                "azure-identity-js",
                under(&root, ".IdentityService/msal.cache.nocae"),
                "dpapi",
            ),
        ]
    } else {
        let h = env.home();
        let (auto, dotnet) = if cfg!(target_os = "macos") {
            (
                "keychain",
                "Library/Application Support/.IdentityService/msal.cache",
            )
        } else {
            ("secret-service", ".local/share/.IdentityService/msal.cache")
        };
        vec![
            ("msal-node", under(&h, "cache.json"), auto),
            (
                "azure-cli",
                under(&h, ".azure/msal_token_cache.json"),
                "file",
            ),
            ("azure-identity-dotnet", under(&h, dotnet), auto),
            ("gcm", under(&h, ".local/.IdentityService/msal.cache"), auto),
            (
                "azure-identity-python",
                under(&h, ".IdentityService/msal.cache.nocae"),
                auto,
            ),
            (
                "azure-identity-js",
                under(&h, ".IdentityService/msal.cache.nocae"),
                auto,
            ),
        ]
    }
}

#[test]
fn each_preset_resolves_to_its_documented_location() {
    let env = Env::new();
    let keytar = json!({"collection": null, "schema": null, "attributes": {}, "label": null, "encoding": "auto"});
    let identity_service = json!({
        "collection": null,
        "schema": "msal.cache",
        "attributes": {"MsalClientID": "Microsoft.Developer.IdentityService", "Microsoft.Developer.IdentityService": "1.0.0.0"},
        "label": "MSALCache",
        "encoding": "base64"
    });
    let items = [
        ("msal-node", ("tokencache", "default"), keytar.clone()),
        ("azure-cli", ("tokencache", "default"), keytar),
        (
            "azure-identity-dotnet",
            ("Microsoft.Developer.IdentityService", "MSALCache"),
            identity_service.clone(),
        ),
        (
            "gcm",
            ("Microsoft.Developer.IdentityService", "MSALCache"),
            identity_service,
        ),
        (
            "azure-identity-python",
            ("Microsoft.Developer.IdentityService", "MSALCache"),
            json!({
                "collection": null,
                "schema": "msal.cache.nocae",
                "attributes": {"MsalClientID": "Microsoft.Developer.IdentityService"},
                "label": "MSALCache",
                "encoding": "raw"
            }),
        ),
        (
            "azure-identity-js",
            ("Microsoft.Developer.IdentityService", "MSALCache"),
            json!({"collection": null, "schema": null, "attributes": {}, "label": null, "encoding": "raw"}),
        ),
    ];
    let locations = documented_locations(&env);
    assert_eq!(locations.len(), items.len());
    for ((name, (service, account), keyring), (lname, path, store)) in
        items.into_iter().zip(locations)
    {
        assert_eq!(name, lname);
        let doc = path_json(&env, &["--preset", name]);
        assert_eq!(doc["preset"], name);
        assert_eq!(path_of(&doc, "cache_path"), path, "{name}");
        let mut lock = path.into_os_string();
        lock.push(".lockfile");
        assert_eq!(path_of(&doc, "lock_path"), PathBuf::from(lock), "{name}");
        assert_eq!(doc["store"], store, "{name}");
        assert_eq!(doc["service"], service, "{name}");
        assert_eq!(doc["account"], account, "{name}");
        assert_eq!(doc["keyring"], keyring, "{name}");
    }
}

#[test]
fn azure_config_dir_and_xdg_data_home_are_honoured() {
    let env = Env::new();
    let cfg = env.dir.path().join("azcfg");
    let file = if cfg!(windows) {
        "msal_token_cache.bin"
    } else {
        "msal_token_cache.json"
    };
    let doc = path_json(&env, &["--preset", "azure-cli"]);
    assert_eq!(
        path_of(&doc, "cache_path"),
        under(&env.home(), &format!(".azure/{file}"))
    );
    let mut c = env.cmd();
    c.env("AZURE_CONFIG_DIR", &cfg)
        .args(["--preset", "azure-cli", "path"]);
    let out = c.output().unwrap();
    assert_eq!(
        Path::new(String::from_utf8(out.stdout).unwrap().trim_end()),
        cfg.join(file)
    );
    // XDG_DATA_HOME is .NET's LocalApplicationData on Linux only.
    if !cfg!(target_os = "linux") {
        return;
    }
    let data = env.dir.path().join("xdg-data");
    let out = env
        .cmd()
        .env("XDG_DATA_HOME", &data)
        .args(["--preset", "azure-identity-dotnet", "path"])
        .output()
        .unwrap();
    assert_eq!(
        Path::new(String::from_utf8(out.stdout).unwrap().trim_end()),
        data.join(".IdentityService/msal.cache")
    );
}

#[test]
fn explicit_flags_and_their_variables_override_a_preset() {
    let env = Env::new();
    // An absolute path on every OS (`/tmp/x` is relative to the drive on Windows).
    let explicit = env.dir.path().join("x").join("c.json");
    let doc = path_json(
        &env,
        &[
            "--preset",
            "gcm",
            "--cache-path",
            explicit.to_str().unwrap(),
            "--store",
            "file",
            "--service",
            "svc",
        ],
    );
    assert_eq!(path_of(&doc, "cache_path"), explicit);
    assert_eq!(doc["store"], "file");
    assert_eq!(doc["service"], "svc");
    assert_eq!(
        doc["account"], "MSALCache",
        "fields not overridden keep the preset's value"
    );
    assert_eq!(doc["keyring"]["schema"], "msal.cache");
    let out = env
        .cmd()
        .env("TOKENCACHE_PRESET", "azure-cli")
        .env("TOKENCACHE_STORE", "file")
        .env("TOKENCACHE_ACCOUNT", "acct")
        .args(["--json", "path"])
        .output()
        .unwrap();
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(doc["preset"], "azure-cli");
    assert_eq!(doc["account"], "acct");
    assert_eq!(path_of(&doc, "cache_path"), documented_locations(&env)[1].1);
    env.cmd()
        .args(["--preset", "nope", "path"])
        .assert()
        .code(2);
}

#[test]
fn a_preset_works_end_to_end_on_a_file_cache() {
    let env = Env::new();
    let cache = documented_locations(&env)[1].1.clone();
    if cfg!(windows) {
        // A DPAPI file there (Azure CLI's .bin), written through the preset.
        env.cmd()
            .args(["--preset", "azure-cli", "write"])
            .write_stdin(crate::support::model::FIXTURE)
            .assert()
            .success();
    } else {
        std::fs::create_dir_all(cache.parent().unwrap()).unwrap();
        std::fs::write(&cache, crate::support::model::FIXTURE).unwrap();
    }
    env.cmd()
        .env("TOKENCACHE_NOW", crate::support::model::NOW)
        .args(["--preset", "azure-cli", "inspect"])
        .assert()
        .success()
        .stdout(predicates::str::contains("alice@contoso.com"));
    let out = env.cmd().args(["--json", "presets"]).output().unwrap();
    assert!(out.status.success());
    let list: Value = serde_json::from_slice(&out.stdout).unwrap();
    let list = list.as_array().unwrap();
    let names: Vec<&str> = list.iter().map(|p| p["name"].as_str().unwrap()).collect();
    assert_eq!(
        names,
        [
            "msal-node",
            "azure-cli",
            "azure-identity-dotnet",
            "gcm",
            "azure-identity-python",
            "azure-identity-js"
        ]
    );
    let az = &list[1];
    assert_eq!(az["exists"], true);
    assert_eq!(az["cache_path"], cache.display().to_string());
    assert!(az["source"].as_str().unwrap().contains("azure-cli"));
    std::fs::remove_file(&cache).unwrap();
    let out = env.cmd().args(["--json", "presets"]).output().unwrap();
    let list: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(list[1]["exists"], false);
    let text = env.cmd().arg("presets").output().unwrap();
    let text = String::from_utf8(text.stdout).unwrap();
    let shown = Path::new(".azure").join(cache.file_name().unwrap());
    assert!(
        text.contains("azure-cli") && text.contains(&*shown.to_string_lossy()),
        "{text}"
    );
}

/// The keyring presets against the private gnome-keyring: an item laid out
/// the way each tool writes it (via `secret-tool`, or msal-node-extensions'
/// keytar itself for the JavaScript preset) is read by `--preset`, updated in
/// place by `--preset … write` (still one item, in the tool's encoding), and
/// removed by `clear`.
#[cfg(target_os = "linux")]
#[test]
fn keyring_presets_share_the_items_their_tools_write() {
    use std::io::Write as _;
    use std::process::Stdio;

    const ID: &str = "Microsoft.Developer.IdentityService";
    let kr = crate::shared_keyring!();
    let env = kr.env();
    let tool = |args: &[&str], stdin: Option<&[u8]>| {
        let mut c = kr.tool(args[0]);
        c.args(&args[1..])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        let mut child = c.spawn().unwrap();
        let mut pipe = child.stdin.take().unwrap();
        if let Some(bytes) = stdin {
            pipe.write_all(bytes).unwrap();
        }
        drop(pipe);
        child.wait_with_output().unwrap()
    };
    let b64 = |bytes: &[u8]| tool(&["base64", "-w0"], Some(bytes)).stdout;
    let first = br#"{"Account":{"a":{"username":"first@example.com"}}}"#;
    let second = br#"{"Account":{"b":{"username":"second@example.com"}}}"#;

    // (preset, the attributes the tool's item carries, whether it stores base64)
    let dotnet: &[&str] = &[
        "xdg:schema",
        "msal.cache",
        "MsalClientID",
        ID,
        ID,
        "1.0.0.0",
    ];
    let python: &[&str] = &["xdg:schema", "msal.cache.nocae", "MsalClientID", ID];
    for (preset, attrs, base64) in [
        ("azure-identity-dotnet", dotnet, true),
        ("gcm", dotnet, true),
        ("azure-identity-python", python, false),
    ] {
        let encode = |doc: &[u8]| if base64 { b64(doc) } else { doc.to_vec() };
        let store: Vec<&str> = ["secret-tool", "store", "--label=MSALCache"]
            .into_iter()
            .chain(attrs.iter().copied())
            .collect();
        let out = tool(&store, Some(&encode(first)));
        assert!(
            out.status.success(),
            "{preset}: secret-tool store: {}",
            String::from_utf8_lossy(&out.stderr)
        );

        env.cmd()
            .args(["--preset", preset, "read"])
            .assert()
            .success()
            .stdout(&first[..]);
        env.cmd()
            .args(["--preset", preset, "write"])
            .write_stdin(&second[..])
            .assert()
            .success();

        let lookup: Vec<&str> = ["secret-tool", "lookup"]
            .into_iter()
            .chain(attrs.iter().copied())
            .collect();
        let out = tool(&lookup, None);
        assert!(
            out.status.success(),
            "{preset}: the tool's lookup no longer finds the item"
        );
        assert_eq!(
            out.stdout,
            encode(second),
            "{preset}: not updated in the tool's encoding"
        );
        let search: Vec<&str> = ["secret-tool", "search", "--all"]
            .into_iter()
            .chain(attrs.iter().copied())
            .collect();
        let listed = String::from_utf8_lossy(&tool(&search, None).stdout).into_owned();
        assert_eq!(
            listed.matches("\n[/").count() + usize::from(listed.starts_with("[/")),
            1,
            "{preset}: {listed}"
        );

        env.cmd()
            .args(["--preset", preset, "clear"])
            .assert()
            .success();
        assert!(
            !tool(&lookup, None).status.success(),
            "{preset}: clear left the item"
        );
    }

    // @azure/identity-cache-persistence stores through keytar: the same item
    // msal-node-extensions writes, so let the real library write it.
    let peers = crate::support::peers_dir().join("node");
    let node_ok = tool(&["node", "--version"], None).status.success()
        && peers
            .join("node_modules/@azure/msal-node-extensions")
            .exists();
    crate::require!(
        node_ok,
        "node and msal-node-extensions (tests/peers/install.sh)"
    );
    let marker = env.home().join(".IdentityService/msal.cache.nocae");
    let script = crate::support::keyring::tests_file("interop/node_libsecret.js");
    let node = |op: &str, stdin: Option<&[u8]>| {
        tool(
            &[
                "node",
                script.to_str().unwrap(),
                peers.to_str().unwrap(),
                op,
                marker.to_str().unwrap(),
                ID,
                "MSALCache",
            ],
            stdin,
        )
    };
    let out = node("write", Some(first));
    assert!(
        out.status.success(),
        "node write: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    env.cmd()
        .args(["--preset", "azure-identity-js", "read"])
        .assert()
        .success()
        .stdout(&first[..]);
    env.cmd()
        .args(["--preset", "azure-identity-js", "write"])
        .write_stdin(&second[..])
        .assert()
        .success();
    let out = node("read", None);
    assert_eq!(
        out.stdout, second,
        "msal-node-extensions does not see tokencache's write"
    );
    env.cmd()
        .args(["--preset", "azure-identity-js", "clear"])
        .assert()
        .success();
    assert_eq!(node("read", None).status.code(), Some(3));
}
