//! The commands that hand the cached token to other tools, driven by those
//! tools themselves, offline: azure-identity (Python) and @azure/identity
//! (JS) `AzureCliCredential` through an `az` link first on PATH; the Python
//! `kubernetes` client (and kubectl where installed) running the exec
//! plugin against a loopback HTTPS API server; real `git credential fill`
//! and `git ls-remote` against a loopback server that requires the bearer
//! token. Also the exact `az` output, and every bad input: a clear error,
//! nothing on stdout, the cache unchanged.
//!
//! Needs `bash tests/peers/install.sh` (azure-identity, kubernetes,
//! @azure/identity): outside CI a missing peer skips with a note.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command as StdCommand, Output, Stdio};

use serde_json::{json, Value};

use crate::require;
use crate::support::{bin, peers_dir, Env, OutputExt};

const CLI: &str = "04b07795-8ddb-461a-bbee-02f9e1bf7b46";
const ARM_SCOPE: &str = "https://management.core.windows.net//.default";
const VAULT_SCOPE: &str = "https://vault.azure.net/.default";
const DEVOPS_SCOPE: &str = "499b84ac-1321-427f-aa17-267ca6975798/.default";
const AKS_SCOPE: &str = "6dae42f8-4368-4678-94ff-3960e28e3630/.default";

fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64
}

fn at(realm: &str, target: &str, secret: &str, exp: i64) -> Value {
    json!({"credential_type": "AccessToken", "secret": secret, "home_account_id": "a11ce.t1",
           "environment": "login.microsoftonline.com", "client_id": CLI, "realm": realm,
           "target": target, "token_type": "Bearer", "cached_at": (now() - 60).to_string(),
           "expires_on": exp.to_string(), "extended_expires_on": exp.to_string()})
}

/// What `az login` leaves: Alice's tokens for ARM (home tenant t1), Key
/// Vault in tenant t2, Azure DevOps and AKS, and a refresh token.
fn cache(exp: i64) -> Value {
    json!({
        "AccessToken": {
            "arm": at("t1", "https://management.core.windows.net//user_impersonation https://management.core.windows.net//.default", "arm-token", exp),
            "vault": at("t2", VAULT_SCOPE, "vault-token-t2", exp + 60),
            "devops": at("t1", DEVOPS_SCOPE, "devops-token", exp + 120),
            "aks": at("t1", AKS_SCOPE, "aks-token", exp + 180),
        },
        "RefreshToken": {
            "rt": {"credential_type": "RefreshToken", "secret": "refresh-token-never-shown", "home_account_id": "a11ce.t1",
                   "environment": "login.microsoftonline.com", "client_id": CLI, "family_id": "1"}
        },
        "Account": {
            "a": {"home_account_id": "a11ce.t1", "environment": "login.microsoftonline.com", "realm": "t1",
                  "local_account_id": "a11ce", "username": "alice@contoso.com", "authority_type": "MSSTS"}
        },
        "IdToken": {},
        "AppMetadata": {}
    })
}

/// `azureProfile.json` as `az login` writes it: a UTF-8 BOM, then JSON.
fn profile(default: Option<&str>) -> Vec<u8> {
    let sub = |id: &str, name: &str, tenant: &str| {
        json!({"id": id, "name": name, "tenantId": tenant, "isDefault": Some(id) == default,
               "state": "Enabled", "user": {"name": "alice@contoso.com", "type": "user"},
               "environmentName": "AzureCloud", "homeTenantId": "t1", "managedByTenants": []})
    };
    let doc = json!({"installationId": "0e9f2a64-0000-0000-0000-000000000000", "subscriptions": [
        sub("sub-dev", "Dev", "t1"), sub("sub-prod", "Prod", "t1")]});
    let mut bytes = b"\xef\xbb\xbf".to_vec();
    bytes.extend_from_slice(doc.to_string().as_bytes());
    bytes
}

/// An Azure CLI home: `~/.azure/{azureProfile.json,msal_token_cache.json}`
/// (the `azure-cli` preset, a plaintext file on Linux), and a folder with
/// an `az` link to tokencache, to put first on PATH.
struct Azure {
    env: Env,
    exp: i64,
}

impl Azure {
    fn new() -> Azure {
        Azure::in_env(Env::new())
    }

    /// The same in `env` (a keyring's, with its private bus).
    fn in_env(env: Env) -> Azure {
        let exp = now() + 3600;
        let dir = env.home().join(".azure");
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("azureProfile.json"), profile(Some("sub-prod"))).unwrap();
        std::fs::write(dir.join("msal_token_cache.json"), cache(exp).to_string()).unwrap();
        let links = env.dir.path().join("links");
        std::fs::create_dir(&links).unwrap();
        std::os::unix::fs::symlink(bin(), links.join("az")).unwrap();
        Azure { env, exp }
    }

    fn cache_file(&self) -> PathBuf {
        self.env.home().join(".azure/msal_token_cache.json")
    }

    fn profile_file(&self) -> PathBuf {
        self.env.home().join(".azure/azureProfile.json")
    }

    /// PATH with the `az` link first.
    fn path(&self) -> std::ffi::OsString {
        let mut p = self.env.dir.path().join("links").into_os_string();
        p.push(":");
        p.push(std::env::var_os("PATH").unwrap_or_default());
        p
    }

    /// `az ARGS` through the link, in a fixed time zone.
    fn az(&self, args: &[&str]) -> Output {
        let mut c = StdCommand::new(self.env.dir.path().join("links/az"));
        self.env.isolate(&mut c);
        c.env("TZ", "EST5").args(args).output().unwrap()
    }

    /// `tokencache ARGS`.
    fn tokencache(&self, args: &[&str]) -> Output {
        let mut c = self.env.std_cmd();
        c.env("TZ", "EST5").args(args).output().unwrap()
    }
}

/// Run `c` with `input` on its stdin; its output.
fn feed(c: &mut StdCommand, input: &[u8]) -> Output {
    use std::io::Write;
    let mut child = c
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(input).unwrap();
    child.wait_with_output().unwrap()
}

fn ok_json(out: &Output) -> Value {
    assert!(out.status.success(), "{}", out.stderr_text());
    serde_json::from_slice(&out.stdout).unwrap()
}

/// `expiresOn` as the Azure CLI computes it: Python's own
/// `datetime.fromtimestamp(t).strftime("%Y-%m-%d %H:%M:%S.%f")`, in `tz`.
fn python_local(t: i64, tz: &str) -> String {
    let out = StdCommand::new("python3")
        .env("TZ", tz)
        .args([
            "-c",
            "import datetime, sys; print(datetime.datetime.fromtimestamp(int(sys.argv[1])).strftime('%Y-%m-%d %H:%M:%S.%f'))",
            &t.to_string(),
        ])
        .output()
        .unwrap();
    assert!(out.status.success());
    String::from_utf8(out.stdout).unwrap().trim().to_string()
}

/// A failure as a consumer needs it: the code, nothing on stdout, and the
/// cache byte for byte as it was.
fn refused(az: &Azure, out: &Output, code: i32, says: &str, before: &[u8]) {
    assert_eq!(out.status.code(), Some(code), "{}", out.stderr_text());
    assert!(
        out.stdout.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    assert!(
        out.stderr_text().contains(says),
        "{says:?} not in {}",
        out.stderr_text()
    );
    assert_eq!(std::fs::read(az.cache_file()).unwrap(), before);
}

#[test]
fn az_prints_what_the_azure_cli_prints() {
    let az = Azure::new();
    let before = std::fs::read(az.cache_file()).unwrap();
    let expected = format!(
        "{{\n  \"accessToken\": \"arm-token\",\n  \"expiresOn\": \"{}\",\n  \"expires_on\": {},\n  \"subscription\": \"sub-prod\",\n  \"tenant\": \"t1\",\n  \"tokenType\": \"Bearer\"\n}}\n",
        python_local(az.exp, "EST5"),
        az.exp
    );
    // Through the link, and as a subcommand: byte for byte the same.
    let linked = az.az(&["account", "get-access-token"]);
    assert!(linked.status.success(), "{}", linked.stderr_text());
    assert_eq!(String::from_utf8_lossy(&linked.stdout), expected);
    let sub = az.tokencache(&["az", "account", "get-access-token", "--output", "json"]);
    assert_eq!(String::from_utf8_lossy(&sub.stdout), expected);
    // The local time follows TZ, as Python's does.
    let mut c = StdCommand::new(az.env.dir.path().join("links/az"));
    az.env.isolate(&mut c);
    let tokyo = c
        .env("TZ", "JST-9")
        .args(["account", "get-access-token"])
        .output()
        .unwrap();
    assert_eq!(ok_json(&tokyo)["expiresOn"], python_local(az.exp, "JST-9"));
    // What AzureCliCredential runs: --resource with az's trailing-slash rule.
    let out = ok_json(&az.az(&[
        "account",
        "get-access-token",
        "--output",
        "json",
        "--resource",
        "https://management.core.windows.net/",
    ]));
    assert_eq!(out["accessToken"], "arm-token");
    // --tenant: that tenant's token, and no subscription (as az prints it).
    let out = ok_json(&az.az(&[
        "account",
        "get-access-token",
        "--resource",
        "https://vault.azure.net",
        "--tenant",
        "t2",
    ]));
    assert_eq!(out["accessToken"], "vault-token-t2");
    assert_eq!(out["tenant"], "t2");
    assert!(out.get("subscription").is_none(), "{out}");
    // --subscription by name (any case); --scope; tsv and --query.
    let out = ok_json(&az.az(&[
        "account",
        "get-access-token",
        "--subscription",
        "dev",
        "--scope",
        DEVOPS_SCOPE,
    ]));
    assert_eq!(
        (out["subscription"].as_str(), out["accessToken"].as_str()),
        (Some("sub-dev"), Some("devops-token"))
    );
    let out = az.az(&[
        "account",
        "get-access-token",
        "--query",
        "accessToken",
        "-o",
        "tsv",
    ]);
    assert_eq!(out.stdout, b"arm-token\n");
    let out = az.az(&[
        "account",
        "get-access-token",
        "--query",
        "expires_on",
        "--output",
        "tsv",
    ]);
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        format!("{}\n", az.exp)
    );
    let out = az.az(&["account", "get-access-token", "-o", "none"]);
    assert!(out.status.success() && out.stdout.is_empty());
    for out in [&linked, &sub] {
        assert!(!String::from_utf8_lossy(&out.stdout).contains("refresh-token"));
    }
    assert_eq!(std::fs::read(az.cache_file()).unwrap(), before);
}

/// `az cloud set` changes which subscriptions count: only the active
/// cloud's (`AZURE_CLOUD_NAME`, else `[cloud] name` in the CLI's `config`).
#[test]
fn only_the_active_clouds_subscriptions_count() {
    let az = Azure::new();
    let mut doc: Value = serde_json::from_slice(&profile(Some("sub-prod"))[3..]).unwrap();
    let gov = json!({"id": "sub-gov", "name": "Gov", "tenantId": "t2", "isDefault": true,
        "state": "Enabled", "user": {"name": "alice@contoso.com", "type": "user"},
        "environmentName": "AzureUSGovernment", "homeTenantId": "t2", "managedByTenants": []});
    doc["subscriptions"].as_array_mut().unwrap().push(gov);
    std::fs::write(az.profile_file(), doc.to_string()).unwrap();
    let vault = [
        "account",
        "get-access-token",
        "--resource",
        "https://vault.azure.net",
    ];
    // No config file: the public cloud, as before.
    let out = ok_json(&az.az(&["account", "get-access-token"]));
    assert_eq!(out["subscription"], "sub-prod");
    // What `az cloud set --name AzureUSGovernment` writes.
    let config = az.env.home().join(".azure/config");
    std::fs::write(
        &config,
        "[core]\noutput = json\n\n[cloud]\nname = AzureUSGovernment\n",
    )
    .unwrap();
    let out = ok_json(&az.az(&vault));
    assert_eq!(
        (out["subscription"].as_str(), out["tenant"].as_str()),
        (Some("sub-gov"), Some("t2"))
    );
    assert_eq!(out["accessToken"], "vault-token-t2");
    // A public subscription is not found there, as az says.
    let out = az.az(&["account", "get-access-token", "--subscription", "sub-prod"]);
    assert_eq!(out.status.code(), Some(3), "{}", out.stderr_text());
    assert!(
        out.stderr_text()
            .contains("Subscription 'sub-prod' not found"),
        "{}",
        out.stderr_text()
    );
    assert!(out.stdout.is_empty());
    // AZURE_CLOUD_NAME wins over the file, as in knack's CLIConfig.get.
    let mut c = StdCommand::new(az.env.dir.path().join("links/az"));
    az.env.isolate(&mut c);
    let out = c
        .env("AZURE_CLOUD_NAME", "AzureCloud")
        .args(["account", "get-access-token"])
        .output()
        .unwrap();
    assert_eq!(ok_json(&out)["subscription"], "sub-prod");
    // A cloud nobody signed in to: "az login", exit 3.
    std::fs::write(&config, "[cloud]\nname = AzureChinaCloud\n").unwrap();
    let out = az.az(&vault);
    assert_eq!(out.status.code(), Some(3));
    assert!(
        out.stderr_text().contains("az login"),
        "{}",
        out.stderr_text()
    );
}

#[test]
fn token_formats() {
    let az = Azure::new();
    // One clock for every run: `expires_in` must not differ between two
    // runs that fall on either side of a second.
    let pinned = now().to_string();
    let token = |extra: &[&str], info: Option<&str>| {
        let mut c = az.env.std_cmd();
        c.env("TZ", "EST5")
            .env("TOKENCACHE_NOW", &pinned)
            .args(["--preset", "azure-cli", "token", "--scope", AKS_SCOPE])
            .args(extra);
        if let Some(info) = info {
            c.env("KUBERNETES_EXEC_INFO", info);
        }
        c.output().unwrap()
    };
    assert_eq!(token(&[], None).stdout, b"aks-token\n");
    assert_eq!(token(&["--format", "raw"], None).stdout, b"aks-token\n");
    assert_eq!(
        token(&["--format", "json"], None).stdout,
        token(&["--json"], None).stdout
    );
    let exp = az.exp + 180;
    let when = StdCommand::new("date")
        .args(["-u", "-d", &format!("@{exp}"), "+%Y-%m-%dT%H:%M:%SZ"])
        .output()
        .unwrap();
    let when = String::from_utf8(when.stdout).unwrap().trim().to_string();
    for (info, version) in [
        (None, "client.authentication.k8s.io/v1"),
        (
            Some(
                r#"{"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential","spec":{"interactive":false}}"#,
            ),
            "client.authentication.k8s.io/v1",
        ),
        (
            Some(
                r#"{"apiVersion":"client.authentication.k8s.io/v1beta1","kind":"ExecCredential","spec":{"interactive":false}}"#,
            ),
            "client.authentication.k8s.io/v1beta1",
        ),
    ] {
        assert_eq!(
            ok_json(&token(&["--format", "exec-credential"], info)),
            json!({"apiVersion": version, "kind": "ExecCredential",
                   "status": {"expirationTimestamp": when, "token": "aks-token"}})
        );
    }
    // --format az: the default subscription, which is in the token's tenant.
    let out = ok_json(&token(&["--format", "az"], None));
    assert_eq!(
        out,
        json!({"accessToken": "aks-token", "expiresOn": python_local(exp, "EST5"), "expires_on": exp,
               "subscription": "sub-prod", "tenant": "t1", "tokenType": "Bearer"})
    );
}

#[test]
fn bad_input_is_a_clear_error_and_nothing_on_stdout() {
    let az = Azure::new();
    let before = std::fs::read(az.cache_file()).unwrap();
    // Commands and arguments the az mode does not answer: exit 2 at once.
    let out = az.az(&["account", "get-access-token", "--resource-type", "arm"]);
    refused(&az, &out, 2, "`--resource-type` is not answered", &before);
    let out = az.az(&["account", "show"]);
    refused(
        &az,
        &out,
        2,
        "tokencache answers only `az account get-access-token`",
        &before,
    );
    let out = az.az(&["login"]);
    refused(&az, &out, 2, "`az login` is not answered", &before);
    let out = az.tokencache(&["az", "group", "list"]);
    refused(&az, &out, 2, "`az group list` is not answered", &before);
    let out = az.az(&[
        "account",
        "get-access-token",
        "--resource",
        "r",
        "--scope",
        "s",
    ]);
    refused(&az, &out, 2, "can't be provided at the same time", &before);
    // No default subscription: az's message, naming `az account set`.
    std::fs::write(az.profile_file(), profile(None)).unwrap();
    let out = az.az(&["account", "get-access-token"]);
    refused(
        &az,
        &out,
        3,
        "Run 'az account set' to select a subscription",
        &before,
    );
    // No profile at all: not signed in.
    std::fs::remove_file(az.profile_file()).unwrap();
    let out = az.az(&["account", "get-access-token"]);
    refused(
        &az,
        &out,
        3,
        "Please run 'az login' to setup account.",
        &before,
    );
    // A profile that is not JSON.
    std::fs::write(az.profile_file(), b"\xef\xbb\xbf{\"subscriptions\": [").unwrap();
    let out = az.az(&["account", "get-access-token"]);
    refused(&az, &out, 5, "is not an Azure CLI profile", &before);
    // AZURE_CONFIG_DIR is where az looks, as az does.
    let elsewhere = az.env.dir.path().join("azure-config");
    std::fs::create_dir(&elsewhere).unwrap();
    std::fs::write(
        elsewhere.join("azureProfile.json"),
        profile(Some("sub-dev")),
    )
    .unwrap();
    std::fs::write(elsewhere.join("msal_token_cache.json"), &before).unwrap();
    let mut c = StdCommand::new(az.env.dir.path().join("links/az"));
    az.env.isolate(&mut c);
    let out = c
        .env("AZURE_CONFIG_DIR", &elsewhere)
        .args(["account", "get-access-token"])
        .output()
        .unwrap();
    assert_eq!(ok_json(&out)["subscription"], "sub-dev");
    // An expired token: az's failure, naming az login (the SDKs read it).
    std::fs::write(az.profile_file(), profile(Some("sub-prod"))).unwrap();
    let mut expired = cache(now() - 10);
    expired["AccessToken"]["vault"]["expires_on"] = json!((now() + 3600).to_string());
    std::fs::write(az.cache_file(), expired.to_string()).unwrap();
    let before = std::fs::read(az.cache_file()).unwrap();
    let out = az.az(&["account", "get-access-token"]);
    refused(&az, &out, 3, "az login", &before);
    assert!(!out.stderr_text().contains("refresh-token-never-shown"));
    // KUBERNETES_EXEC_INFO that is not JSON, or names an unknown version.
    for (info, says) in [
        ("{oops", "KUBERNETES_EXEC_INFO is not JSON"),
        (
            r#"{"apiVersion":"client.authentication.k8s.io/v1alpha1"}"#,
            "v1alpha1",
        ),
    ] {
        let mut c = az.env.std_cmd();
        let out = c
            .env("KUBERNETES_EXEC_INFO", info)
            .args([
                "--preset",
                "azure-cli",
                "token",
                "--scope",
                VAULT_SCOPE,
                "--tenant",
                "t2",
                "--format",
                "exec-credential",
            ])
            .output()
            .unwrap();
        refused(&az, &out, 4, says, &before);
    }
    // git input without a host.
    let out = feed(
        az.env
            .std_cmd()
            .args(["--preset", "azure-cli", "git-credential", "get"]),
        b"protocol=https\npath=org/repo\n\n",
    );
    refused(&az, &out, 4, "names no host", &before);
}

fn python_peer() -> PathBuf {
    peers_dir().join("venv/bin/python")
}

fn have_python_module(module: &str) -> bool {
    StdCommand::new(python_peer())
        .args(["-c", &format!("import {module}")])
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

fn driver(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/peers")
        .join(name)
}

#[test]
fn azure_identity_python_and_js_get_the_cached_token() {
    require!(
        have_python_module("azure.identity"),
        "azure-identity in target/peers/venv (bash tests/peers/install.sh)"
    );
    let node_modules = peers_dir().join("node/node_modules");
    require!(
        node_modules.join("@azure/identity").is_dir(),
        "@azure/identity in target/peers/node (bash tests/peers/install.sh)"
    );
    let az = Azure::new();
    let run = |sdk: &str, scope: &str, tenant: Option<&str>| -> Value {
        let mut c = match sdk {
            "python" => {
                let mut c = StdCommand::new(python_peer());
                c.arg(driver("consumers.py"))
                    .args(["azure-identity", scope]);
                c
            }
            _ => {
                let mut c = StdCommand::new("node");
                c.arg(driver("azure_identity.mjs"))
                    .arg(&node_modules)
                    .arg(scope);
                c
            }
        };
        az.env.isolate(&mut c);
        c.env("PATH", az.path()).args(tenant);
        let out = c.output().unwrap();
        assert!(out.status.success(), "{sdk}: {}", out.stderr_text());
        serde_json::from_slice(&out.stdout).unwrap()
    };
    for sdk in ["python", "js"] {
        let got = run(sdk, ARM_SCOPE, None);
        assert_eq!(
            got,
            json!({"token": "arm-token", "expires_on": az.exp}),
            "{sdk}"
        );
        let got = run(sdk, VAULT_SCOPE, Some("t2"));
        assert_eq!(
            got,
            json!({"token": "vault-token-t2", "expires_on": az.exp + 60}),
            "{sdk}"
        );
    }
    // Nothing cached for the scope: the SDKs see "not signed in" and would
    // try their next credential (CredentialUnavailableError).
    for sdk in ["python", "js"] {
        let got = run(sdk, "https://storage.azure.com/.default", None);
        assert_eq!(got["error"], "CredentialUnavailableError", "{sdk}: {got}");
        assert!(!got.to_string().contains("refresh-token-never-shown"));
    }
}

#[test]
fn kubernetes_clients_run_the_exec_plugin() {
    require!(
        have_python_module("kubernetes") && have_python_module("cryptography"),
        "the Python kubernetes client in target/peers/venv (bash tests/peers/install.sh)"
    );
    let az = Azure::new();
    let kubectl = StdCommand::new("kubectl")
        .args(["version", "--client"])
        .output()
        .is_ok_and(|o| o.status.success());
    if !kubectl {
        // kubectl is optional: it is used only where installed.
        crate::support::record_skip(
            "kubectl is not installed: the Python kubernetes client alone ran the plugin",
        );
    }
    let mut c = StdCommand::new(python_peer());
    az.env.isolate(&mut c);
    c.env("TOKENCACHE_PRESET", "azure-cli")
        .arg(driver("consumers.py"))
        .args(["kube".as_ref(), bin().as_os_str()]);
    if kubectl {
        c.arg("kubectl");
    }
    let out = c.output().unwrap();
    assert!(out.status.success(), "{}", out.stderr_text());
    let got: Value = serde_json::from_slice(&out.stdout).unwrap();
    for version in ["v1", "v1beta1"] {
        assert_eq!(got["python"][version], "Bearer aks-token", "{got}");
        if kubectl {
            assert_eq!(got["kubectl"][version], "Bearer aks-token", "{got}");
        }
    }
}

#[test]
fn git_credential_fill_and_ls_remote_use_the_cached_token() {
    let az = Azure::new();
    let helper = format!("!'{}' git-credential", bin().display());
    let git = |args: &[&str], input: &str| -> Output {
        let mut c = StdCommand::new("git");
        az.env.isolate(&mut c);
        feed(
            c.env("TOKENCACHE_PRESET", "azure-cli")
                .env("GIT_TERMINAL_PROMPT", "0")
                .env("GIT_CONFIG_NOSYSTEM", "1")
                .env("GIT_CONFIG_GLOBAL", "/dev/null")
                .args(["-c", "credential.helper="])
                .args(args),
            input.as_bytes(),
        )
    };
    let fill = |helper: &str, input: &str| {
        git(
            &[
                "-c",
                &format!("credential.helper={helper}"),
                "credential",
                "fill",
            ],
            input,
        )
    };
    let exp = az.exp + 120;
    let out = fill(
        &helper,
        "protocol=https\nhost=dev.azure.com\npath=contoso/repo\n\n",
    );
    assert!(out.status.success(), "{}", out.stderr_text());
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        format!("protocol=https\nhost=dev.azure.com\nusername=alice@contoso.com\npassword=devops-token\npassword_expiry_utc={exp}\n")
    );
    let out = fill(
        &helper,
        "capability[]=authtype\nprotocol=https\nhost=contoso.visualstudio.com\n\n",
    );
    let text = out.stdout_text();
    assert!(
        text.contains("authtype=Bearer\ncredential=devops-token\n"),
        "{text}"
    );
    // Another host: the helper says nothing, so git has nothing (no prompt here).
    let out = fill(&helper, "protocol=https\nhost=github.com\n\n");
    assert!(!out.status.success());
    assert!(!String::from_utf8_lossy(&out.stdout).contains("devops-token"));
    let out = feed(
        az.env
            .std_cmd()
            .env("TOKENCACHE_PRESET", "azure-cli")
            .args(["git-credential", "get"]),
        b"protocol=https\nhost=github.com\n\n",
    );
    assert!(out.status.success() && out.stdout.is_empty());
    // Plain http to anything but loopback: never.
    let out = fill(&helper, "protocol=http\nhost=dev.azure.com\n\n");
    assert!(!String::from_utf8_lossy(&out.stdout).contains("devops-token"));

    // git ls-remote against a loopback server that wants the bearer token.
    let root = az.env.dir.path().join("srv");
    std::fs::create_dir(&root).unwrap();
    let st = StdCommand::new("git")
        .args(["init", "-q", "--bare"])
        .arg(root.join("repo.git"))
        .status()
        .unwrap();
    assert!(st.success());
    let token_file = az.env.dir.path().join("expected-token");
    std::fs::write(&token_file, "devops-token").unwrap();
    let log = az.env.dir.path().join("auth.log");
    let mut server = StdCommand::new("python3")
        .arg(driver("git_server.py"))
        .args([&root, &token_file, &log])
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut port = String::new();
    BufReader::new(server.stdout.take().unwrap())
        .read_line(&mut port)
        .unwrap();
    let url = format!("http://127.0.0.1:{}/repo.git", port.trim());
    let local = format!("{helper} --host 127.0.0.1 --scope {DEVOPS_SCOPE}");
    let out = git(
        &[
            "-c",
            &format!("credential.helper={local}"),
            "ls-remote",
            &url,
        ],
        "",
    );
    let without = git(&["ls-remote", &url], "");
    server.kill().unwrap();
    server.wait().unwrap();
    assert!(out.status.success(), "{}", out.stderr_text());
    assert!(
        !without.status.success(),
        "the server lets git in without the token"
    );
    let seen = std::fs::read_to_string(&log).unwrap();
    assert!(seen.lines().any(|l| l == "Bearer devops-token"), "{seen}");
}

/// `az` through the link, `token --format exec-credential` and
/// `git-credential get`, each answered from the store `vars` name, after
/// the plaintext Azure CLI cache is removed (so only that store can answer).
fn every_mode_on(az: &Azure, vars: &[(&str, std::ffi::OsString)]) {
    let with_store = |c: &mut StdCommand| {
        for (k, v) in vars {
            c.env(k, v);
        }
    };
    let mut c = az.env.std_cmd();
    with_store(&mut c);
    let out = feed(c.arg("write"), cache(az.exp).to_string().as_bytes());
    assert!(out.status.success(), "{}", out.stderr_text());
    std::fs::remove_file(az.cache_file()).unwrap();
    let mut c = StdCommand::new(az.env.dir.path().join("links/az"));
    az.env.isolate(&mut c);
    with_store(&mut c);
    let out = c
        .args([
            "account",
            "get-access-token",
            "--query",
            "accessToken",
            "-o",
            "tsv",
        ])
        .output()
        .unwrap();
    assert_eq!(out.stdout, b"arm-token\n", "{}", out.stderr_text());
    let mut c = az.env.std_cmd();
    with_store(&mut c);
    let out = c
        .args(["token", "--scope", AKS_SCOPE, "--format", "exec-credential"])
        .output()
        .unwrap();
    assert_eq!(ok_json(&out)["status"]["token"], "aks-token");
    let mut c = az.env.std_cmd();
    with_store(&mut c);
    let out = feed(
        c.args(["git-credential", "get"]),
        b"protocol=https\nhost=dev.azure.com\n\n",
    );
    let text = out.stdout_text();
    assert!(
        text.contains("password=devops-token\n"),
        "{text}{}",
        out.stderr_text()
    );
    assert!(!text.contains("refresh-token-never-shown"));
}

#[test]
fn every_mode_on_the_encrypted_file_store() {
    let az = Azure::new();
    let enc = az.env.dir.path().join("enc/cache.bin");
    every_mode_on(
        &az,
        &[
            ("TOKENCACHE_STORE", "encrypted-file".into()),
            ("TOKENCACHE_CACHE_PATH", enc.into()),
            (
                "TOKENCACHE_KEY",
                "MDEyMzQ1Njc4OTAxMjM0NTY3ODkwMTIzNDU2Nzg5MDE=".into(),
            ),
        ],
    );
}

#[test]
fn every_mode_on_the_secret_service() {
    let kr = crate::shared_keyring!();
    let az = Azure::in_env(kr.env());
    let marker = az.env.dir.path().join("ss/marker.json");
    every_mode_on(
        &az,
        &[
            ("TOKENCACHE_STORE", "secret-service".into()),
            ("TOKENCACHE_CACHE_PATH", marker.into()),
            (
                "TOKENCACHE_SERVICE",
                crate::support::keyring::unique_service("consumers").into(),
            ),
        ],
    );
}

#[test]
fn every_mode_on_redis() {
    require!(
        crate::support::redis_server::available(false),
        "redis-server and redis-cli are not installed"
    );
    let server = crate::support::redis_server::RedisServer::start_with(
        crate::support::redis_server::Options::default(),
    );
    let az = Azure::new();
    every_mode_on(
        &az,
        &[
            ("TOKENCACHE_STORE", "redis".into()),
            ("TOKENCACHE_REDIS_URL", server.url().into()),
            ("TOKENCACHE_REDIS_KEY", "a11ce.t1".into()),
        ],
    );
}

#[test]
fn az_and_git_credential_read_under_the_lock() {
    let az = Azure::new();
    // A live process holds the Azure CLI cache's lock (the MSAL extension
    // libraries' way: a lock file naming its pid): both wait for it, and
    // give up at --lock-timeout with nothing on stdout.
    let mut holder = StdCommand::new("sleep")
        .arg("30")
        .stdin(Stdio::null())
        .spawn()
        .unwrap();
    let lock = az.env.home().join(".azure/msal_token_cache.json.lockfile");
    std::fs::write(&lock, holder.id().to_string()).unwrap();
    let mut c = StdCommand::new(az.env.dir.path().join("links/az"));
    az.env.isolate(&mut c);
    let out = c
        .env("TOKENCACHE_LOCK_TIMEOUT", "300ms")
        .args(["account", "get-access-token"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(6), "{}", out.stderr_text());
    assert!(out.stdout.is_empty());
    let out = feed(
        az.env
            .std_cmd()
            .env("TOKENCACHE_PRESET", "azure-cli")
            .env("TOKENCACHE_LOCK_TIMEOUT", "300ms")
            .args(["git-credential", "get"]),
        b"protocol=https\nhost=dev.azure.com\n\n",
    );
    assert_eq!(out.status.code(), Some(6), "{}", out.stderr_text());
    assert!(out.stdout.is_empty());
    holder.kill().unwrap();
    holder.wait().unwrap();
    std::fs::remove_file(&lock).unwrap();
    let out = az.az(&[
        "account",
        "get-access-token",
        "--query",
        "accessToken",
        "-o",
        "tsv",
    ]);
    assert_eq!(out.stdout, b"arm-token\n", "{}", out.stderr_text());
}
