//! Presets resolve (through `path --json`) to the documented locations,
//! stores and keyring item attributes; explicit flags override them.
//! The Linux keyring presets are checked here for the resolved layout; a
//! round trip against a real Secret Service needs the Secret Service store.

use std::path::Path;

use serde_json::{json, Value};

use crate::util::Env;

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

fn home(env: &Env, rel: &str) -> String {
    env.home().join(rel).display().to_string()
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
    let cases = [
        (
            "msal-node",
            "cache.json",
            "secret-service",
            ("tokencache", "default"),
            keytar.clone(),
        ),
        (
            "azure-cli",
            ".azure/msal_token_cache.json",
            "file",
            ("tokencache", "default"),
            keytar.clone(),
        ),
        (
            "azure-identity-dotnet",
            ".local/share/.IdentityService/msal.cache",
            "secret-service",
            ("Microsoft.Developer.IdentityService", "MSALCache"),
            identity_service.clone(),
        ),
        (
            "gcm",
            ".local/.IdentityService/msal.cache",
            "secret-service",
            ("Microsoft.Developer.IdentityService", "MSALCache"),
            identity_service,
        ),
        (
            "azure-identity-python",
            ".IdentityService/msal.cache.nocae",
            "secret-service",
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
            ".IdentityService/msal.cache.nocae",
            "secret-service",
            ("Microsoft.Developer.IdentityService", "MSALCache"),
            json!({"collection": null, "schema": null, "attributes": {}, "label": null, "encoding": "raw"}),
        ),
    ];
    for (name, rel, store, (service, account), keyring) in cases {
        let doc = path_json(&env, &["--preset", name]);
        assert_eq!(doc["preset"], name);
        assert_eq!(doc["cache_path"], home(&env, rel), "{name}");
        assert_eq!(
            doc["lock_path"],
            home(&env, &format!("{rel}.lockfile")),
            "{name}"
        );
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
    let doc = path_json(&env, &["--preset", "azure-cli"]);
    assert_eq!(
        doc["cache_path"],
        home(&env, ".azure/msal_token_cache.json")
    );
    let mut c = env.cmd();
    c.env("AZURE_CONFIG_DIR", &cfg)
        .args(["--preset", "azure-cli", "path"]);
    let out = c.output().unwrap();
    assert_eq!(
        String::from_utf8(out.stdout).unwrap().trim_end(),
        cfg.join("msal_token_cache.json").display().to_string()
    );
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
    let doc = path_json(
        &env,
        &[
            "--preset",
            "gcm",
            "--cache-path",
            "/tmp/x/c.json",
            "--store",
            "file",
            "--service",
            "svc",
        ],
    );
    assert_eq!(doc["cache_path"], "/tmp/x/c.json");
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
    assert_eq!(
        doc["cache_path"],
        home(&env, ".azure/msal_token_cache.json")
    );
    env.cmd()
        .args(["--preset", "nope", "path"])
        .assert()
        .code(2);
}

#[test]
fn a_preset_works_end_to_end_on_a_file_cache() {
    let env = Env::new();
    let cache = env.home().join(".azure/msal_token_cache.json");
    std::fs::create_dir_all(cache.parent().unwrap()).unwrap();
    std::fs::write(&cache, crate::model_support::FIXTURE).unwrap();
    env.cmd()
        .env("TOKENCACHE_NOW", crate::model_support::NOW)
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
    assert!(
        text.contains("azure-cli") && text.contains(".azure/msal_token_cache.json"),
        "{text}"
    );
}
