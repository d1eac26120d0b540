//! `az account get-access-token`, as the Azure CLI answers it, for the
//! `AzureCliCredential` of every Azure SDK and the scripts that run it.
//!
//! The rules, from the Azure CLI's source (azure-cli 2.54+):
//! - `src/azure-cli/azure/cli/command_modules/profile/custom.py`,
//!   `get_access_token`: `--resource` and `--scope` are exclusive; the result
//!   is `tokenType`, `accessToken`, `expires_on`, `expiresOn`, `tenant`, and
//!   `subscription` only when one was used (not with `--tenant`).
//! - `src/azure-cli-core/azure/cli/core/_profile.py`, `Profile.get_raw_token`:
//!   `--subscription` and `--tenant` are exclusive; the account is the
//!   subscription named (by id or name, any case) or else the default one
//!   (`isDefault`) of `azureProfile.json`, and the tenant is `--tenant` or the
//!   subscription's `tenantId`; no scope means Azure Resource Manager's;
//!   `expiresOn` is `datetime.fromtimestamp(expires_on).strftime("%Y-%m-%d
//!   %H:%M:%S.%f")` (local time) and `expires_on` the integer Unix time.
//!   `Profile.get_subscription` gives the error messages used here; it
//!   looks only at the subscriptions of the active cloud
//!   (`load_cached_subscriptions`: `environmentName` equal to the cloud's
//!   name).
//! - `src/azure-cli-core/azure/cli/core/cloud.py`, `get_active_cloud_name`:
//!   the active cloud is `name` in the `[cloud]` section of the CLI's
//!   `config` file (read through knack's `CLIConfig.get`, where the
//!   variable `AZURE_CLOUD_NAME` wins), else `AzureCloud`.
//! - `src/azure-cli-core/azure/cli/core/auth/util.py`, `resource_to_scopes`:
//!   the scope is the resource followed by `/.default`, a trailing slash kept
//!   (`https://management.core.windows.net/` →
//!   `https://management.core.windows.net//.default`).
//! - `src/azure-cli-core/azure/cli/core/_environment.py`, `get_config_dir`:
//!   `$AZURE_CONFIG_DIR`, else `~/.azure`.
//! - knack's output (`knack/output.py`): `json` is `json.dumps(result,
//!   indent=2, sort_keys=True, ensure_ascii=False)`; `tsv` is the values in
//!   the order of their sorted keys, tab-separated; `none` prints nothing.

use std::collections::BTreeMap;
use std::ffi::OsString;

use serde_json::Value;

/// The Azure CLI's client (application) id.
pub const CLIENT_ID: &str = "04b07795-8ddb-461a-bbee-02f9e1bf7b46";

/// Azure Resource Manager's resource in the public cloud
/// (`active_directory_resource_id`), the default.
pub const ARM_RESOURCE: &str = "https://management.core.windows.net/";

/// The one command answered, as the error for any other says.
pub const COMMAND: &str = "az account get-access-token";

/// The scope for a resource: `resource_to_scopes`.
pub fn resource_to_scope(resource: &str) -> String {
    format!("{resource}/.default")
}

/// `--output`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Output {
    /// `json` (and `jsonc`: the same without colour).
    Json,
    /// `tsv`.
    Tsv,
    /// `none`.
    None,
}

/// A parsed `az account get-access-token` command line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Args {
    /// `--resource`.
    pub resource: Option<String>,
    /// `--scope` (one or more values).
    pub scopes: Vec<String>,
    /// `--tenant`, `-t`.
    pub tenant: Option<String>,
    /// `--subscription`, `--name`, `-s`, `-n`.
    pub subscription: Option<String>,
    /// `--output`, `-o`.
    pub output: Output,
    /// `--query`: one of the result's field names.
    pub query: Option<String>,
    /// `--no-refresh` (tokencache's own): serve from the cache only.
    pub no_refresh: bool,
}

impl Args {
    /// The scopes asked for: `--scope`, else `--resource`'s, else ARM's.
    pub fn scopes(&self) -> Vec<String> {
        if !self.scopes.is_empty() {
            return self.scopes.clone();
        }
        vec![resource_to_scope(
            self.resource.as_deref().unwrap_or(ARM_RESOURCE),
        )]
    }
}

/// A command line this mode does not answer (exit 2).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Usage(pub String);

/// The fields `--query` can name (the result's own keys).
pub const FIELDS: [&str; 6] = [
    "accessToken",
    "expiresOn",
    "expires_on",
    "subscription",
    "tenant",
    "tokenType",
];

/// Options that take no value and change nothing here (az's global ones).
const IGNORED_FLAGS: [&str; 3] = ["--only-show-errors", "--verbose", "--debug"];

/// Parse the arguments after `az`.
pub fn parse(args: &[OsString]) -> Result<Args, Usage> {
    let args: Vec<String> = args
        .iter()
        .map(|a| {
            a.to_str().map(str::to_string).ok_or_else(|| {
                Usage(format!(
                    "an argument is not UTF-8 ({}); tokencache answers only `{COMMAND}`",
                    a.to_string_lossy()
                ))
            })
        })
        .collect::<Result<_, _>>()?;
    let shown = |a: &str| crate::text::escape_controls(a).into_owned();
    match (
        args.first().map(String::as_str),
        args.get(1).map(String::as_str),
    ) {
        (Some("account"), Some("get-access-token")) => {}
        _ => {
            let command: Vec<&str> = args
                .iter()
                .map(String::as_str)
                .take_while(|a| !a.starts_with('-'))
                .collect();
            let named = if let (true, Some(first)) = (command.is_empty(), args.first()) {
                format!("`az {}`", shown(first))
            } else if command.is_empty() {
                "`az` without a command".to_string()
            } else {
                format!("`az {}`", shown(&command.join(" ")))
            };
            return Err(Usage(format!(
                "{named} is not answered: tokencache answers only `{COMMAND}` from the cached tokens"
            )));
        }
    }
    let mut out = Args {
        resource: None,
        scopes: Vec::new(),
        tenant: None,
        subscription: None,
        output: Output::Json,
        query: None,
        no_refresh: false,
    };
    let mut rest = args[2..].iter().peekable();
    while let Some(arg) = rest.next() {
        if IGNORED_FLAGS.contains(&arg.as_str()) {
            continue;
        }
        let (name, inline) = match arg.split_once('=') {
            Some((n, v)) if n.starts_with("--") => (n, Some(v.to_string())),
            _ => (arg.as_str(), None),
        };
        let mut value = |what: &str| -> Result<String, Usage> {
            if let Some(v) = &inline {
                return Ok(v.clone());
            }
            match rest.next() {
                Some(v) if !v.starts_with('-') || v.len() == 1 => Ok(v.clone()),
                _ => Err(Usage(format!("{what} needs a value"))),
            }
        };
        match name {
            "--no-refresh" => out.no_refresh = true,
            "--resource" => out.resource = Some(value("--resource")?),
            "--scope" | "--scopes" => {
                out.scopes.push(value("--scope")?);
                if inline.is_none() {
                    while let Some(more) = rest.next_if(|v| !v.starts_with('-')) {
                        out.scopes.push(more.clone());
                    }
                }
            }
            "--tenant" | "-t" => out.tenant = Some(value("--tenant")?),
            "--subscription" | "--name" | "-s" | "-n" => {
                out.subscription = Some(value("--subscription")?)
            }
            "--output" | "-o" => {
                out.output = match value("--output")?.as_str() {
                    "json" | "jsonc" => Output::Json,
                    "tsv" => Output::Tsv,
                    "none" => Output::None,
                    other => {
                        return Err(Usage(format!(
                            "--output {} is not answered: use json, tsv or none",
                            shown(other)
                        )))
                    }
                }
            }
            "--query" => {
                let q = value("--query")?;
                if !FIELDS.contains(&q.as_str()) {
                    return Err(Usage(format!(
                        "--query {} is not answered: tokencache answers a query naming one field ({})",
                        shown(&q),
                        FIELDS.join(", ")
                    )));
                }
                out.query = Some(q);
            }
            other => {
                return Err(Usage(format!(
                    "`{COMMAND}` argument `{}` is not answered by tokencache (it answers --resource, --scope, \
                     --tenant, --subscription, --output json|tsv|none and --query FIELD)",
                    shown(other)
                )))
            }
        }
    }
    if out.resource.is_some() && !out.scopes.is_empty() {
        return Err(Usage(
            "resource and scopes can't be provided at the same time.".into(),
        ));
    }
    if out.subscription.is_some() && out.tenant.is_some() {
        return Err(Usage(
            "Please specify only one of subscription and tenant, not both".into(),
        ));
    }
    Ok(out)
}

/// The account a subscription of `azureProfile.json` is used through.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Account {
    /// The subscription's id.
    pub subscription: String,
    /// Its tenant.
    pub tenant: String,
    /// `user.name`: a username, or a service principal's client id.
    pub user: String,
    /// Whether `user.type` is `servicePrincipal`.
    pub service_principal: bool,
}

/// Why no account could be chosen. `login` tells the Azure SDKs, which look
/// for `az login` in the message, that signing in is what is missing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProfileError {
    /// The message (the Azure CLI's own where it has one).
    pub message: String,
    /// Whether the profile itself is unreadable (not JSON, wrong shape).
    pub malformed: bool,
}

/// The Azure CLI's message when nobody signed in (`_AZ_LOGIN_MESSAGE`).
pub const LOGIN_MESSAGE: &str = "Please run 'az login' to setup account.";

/// The public cloud's name, the active cloud when nothing names another.
pub const PUBLIC_CLOUD: &str = "AzureCloud";

/// The active cloud's name, as `get_active_cloud_name` finds it: the
/// variable `AZURE_CLOUD_NAME` (its value given here), else `name` in the
/// `[cloud]` section of the CLI's `config` file (its bytes), else
/// [`PUBLIC_CLOUD`].
///
/// The file is read as Python's `configparser` reads it for this one
/// value: `[section]` headers (case-sensitive), `key = value` or
/// `key: value` lines with the key in any case, `#` and `;` comment lines,
/// surrounding blanks trimmed. A file that is not UTF-8 counts as absent.
pub fn active_cloud(variable: Option<&str>, config: Option<&[u8]>) -> String {
    if let Some(name) = variable {
        return name.to_string();
    }
    let text = config.and_then(|bytes| std::str::from_utf8(bytes).ok());
    let mut in_cloud = false;
    let mut found = None;
    for line in text.unwrap_or("").lines() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') || line.starts_with(';') {
            continue;
        }
        if let Some(section) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
            in_cloud = section == "cloud";
            continue;
        }
        if !in_cloud {
            continue;
        }
        let Some(at) = line.find(['=', ':']) else {
            continue;
        };
        if line[..at].trim().eq_ignore_ascii_case("name") {
            // configparser keeps the last value of a repeated option.
            found = Some(line[at + 1..].trim().to_string());
        }
    }
    found.unwrap_or_else(|| PUBLIC_CLOUD.to_string())
}

/// Pick the account of `azureProfile.json` (its bytes, `None` if there is no
/// such file) as `Profile.get_subscription` does, among the subscriptions
/// of `cloud` (see [`active_cloud`]).
pub fn account(
    profile: Option<&[u8]>,
    subscription: Option<&str>,
    cloud: &str,
) -> Result<Account, ProfileError> {
    let no_login = || ProfileError {
        message: LOGIN_MESSAGE.into(),
        malformed: false,
    };
    let malformed = |why: String| ProfileError {
        message: why,
        malformed: true,
    };
    let Some(bytes) = profile else {
        return Err(no_login());
    };
    // Written by Python with encoding 'utf-8-sig': a BOM first.
    let bytes = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(no_login());
    }
    let doc: Value = serde_json::from_slice(bytes)
        .map_err(|e| malformed(format!("azureProfile.json is not JSON ({e})")))?;
    let subs = match doc.get("subscriptions") {
        None | Some(Value::Null) => return Err(no_login()),
        Some(Value::Array(list)) => list,
        Some(_) => return Err(malformed("its `subscriptions` is not a list".into())),
    };
    let text = |s: &Value, key: &str| s.get(key).and_then(Value::as_str).map(str::to_string);
    let mut in_cloud = Vec::with_capacity(subs.len());
    for s in subs {
        // `sub[_ENVIRONMENT_NAME]`: the Azure CLI fails on a subscription
        // without one, so does this.
        match text(s, "environmentName") {
            Some(name) if name == cloud => in_cloud.push(s),
            Some(_) => {}
            None => return Err(malformed("a subscription has no `environmentName`".into())),
        }
    }
    if in_cloud.is_empty() {
        return Err(no_login());
    }
    let matching: Vec<&Value> = in_cloud
        .into_iter()
        .filter(|s| match subscription {
            None => s.get("isDefault").and_then(Value::as_bool) == Some(true),
            Some(wanted) => [text(s, "id"), text(s, "name")]
                .iter()
                .flatten()
                .any(|v| v.to_lowercase() == wanted.to_lowercase()),
        })
        .collect();
    let shown = |s: &str| crate::text::escape_controls(s).into_owned();
    let chosen = match (matching.as_slice(), subscription) {
        ([one], _) => *one,
        ([], Some(wanted)) => {
            return Err(ProfileError {
                message: format!(
                    "Subscription '{}' not found. Check the spelling and casing and try again.",
                    shown(wanted)
                ),
                malformed: false,
            })
        }
        ([], None) => {
            return Err(ProfileError {
                message: "No subscription found. Run 'az account set' to select a subscription."
                    .into(),
                malformed: false,
            })
        }
        (_, wanted) => {
            return Err(ProfileError {
                message: format!(
                    "Multiple subscriptions with the name '{}' found. Specify the subscription ID.",
                    shown(wanted.unwrap_or("(default)"))
                ),
                malformed: false,
            })
        }
    };
    let field = |key: &str| {
        text(chosen, key).ok_or_else(|| malformed(format!("the subscription has no `{key}`")))
    };
    let user = chosen.get("user").unwrap_or(&Value::Null);
    let user_name = text(user, "name")
        .ok_or_else(|| malformed("the subscription has no `user.name`".into()))?;
    if user_name == "systemAssignedIdentity" || user_name == "userAssignedIdentity" {
        return Err(ProfileError {
            message: "the subscription is signed in with a managed identity (az login --identity), whose \
                      tokens the Azure CLI does not cache: tokencache cannot answer for it"
                .into(),
            malformed: false,
        });
    }
    Ok(Account {
        subscription: field("id")?,
        tenant: field("tenantId")?,
        service_principal: text(user, "type").as_deref() == Some("servicePrincipal"),
        user: user_name,
    })
}

/// The result of `get-access-token`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    /// The access token.
    pub access_token: String,
    /// Unix seconds.
    pub expires_on: i64,
    /// `expiresOn`: local time (see [`super::local_time::az_expires_on`]).
    pub expires_on_local: String,
    /// Only when a subscription was used (not with `--tenant`).
    pub subscription: Option<String>,
    /// The tenant.
    pub tenant: String,
}

impl Token {
    /// The result object, keys sorted as knack prints them.
    fn fields(&self) -> BTreeMap<&'static str, Value> {
        let mut map = BTreeMap::new();
        map.insert("accessToken", Value::from(self.access_token.clone()));
        map.insert("expiresOn", Value::from(self.expires_on_local.clone()));
        map.insert("expires_on", Value::from(self.expires_on));
        if let Some(s) = &self.subscription {
            map.insert("subscription", Value::from(s.clone()));
        }
        map.insert("tenant", Value::from(self.tenant.clone()));
        map.insert("tokenType", Value::from("Bearer"));
        map
    }

    /// The output, as `--output` and `--query` ask.
    pub fn render(&self, output: Output, query: Option<&str>) -> String {
        let fields = self.fields();
        let mut text = match (output, query) {
            (Output::None, _) => return String::new(),
            (Output::Json, None) => pretty(&fields),
            (Output::Tsv, None) => fields.values().map(tsv).collect::<Vec<_>>().join("\t"),
            // A missing field (subscription with --tenant) is JMESPath null,
            // for which the Azure CLI prints nothing at all.
            (output, Some(q)) => match (fields.get(q), output) {
                (None, _) => return String::new(),
                (Some(v), Output::Json) => pretty(v),
                (Some(v), _) => tsv(v),
            },
        };
        text.push('\n');
        text
    }
}

fn pretty(value: &impl serde::Serialize) -> String {
    serde_json::to_string_pretty(value).expect("JSON values always serialise")
}

fn tsv(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(list: &[&str]) -> Result<Args, Usage> {
        parse(&list.iter().map(OsString::from).collect::<Vec<_>>())
    }

    #[test]
    fn resource_keeps_its_trailing_slash() {
        assert_eq!(
            resource_to_scope("https://management.core.windows.net/"),
            "https://management.core.windows.net//.default"
        );
        assert_eq!(
            resource_to_scope("https://vault.azure.net"),
            "https://vault.azure.net/.default"
        );
        let a = args(&["account", "get-access-token"]).unwrap();
        assert_eq!(
            a.scopes(),
            ["https://management.core.windows.net//.default"]
        );
    }

    #[test]
    fn what_azure_identity_runs() {
        let a = args(&[
            "account",
            "get-access-token",
            "--output",
            "json",
            "--resource",
            "https://vault.azure.net",
            "--tenant",
            "t2",
        ])
        .unwrap();
        assert_eq!(a.scopes(), ["https://vault.azure.net/.default"]);
        assert_eq!(a.tenant.as_deref(), Some("t2"));
        let a = args(&[
            "account",
            "get-access-token",
            "--scope",
            "a",
            "b",
            "-o",
            "tsv",
            "--query=accessToken",
        ])
        .unwrap();
        assert_eq!(a.scopes, ["a", "b"]);
        assert_eq!(a.output, Output::Tsv);
        assert_eq!(a.query.as_deref(), Some("accessToken"));
        let a = args(&[
            "account",
            "get-access-token",
            "--subscription=Prod",
            "--only-show-errors",
        ])
        .unwrap();
        assert_eq!(a.subscription.as_deref(), Some("Prod"));
    }

    #[test]
    fn everything_else_is_refused() {
        for bad in [
            &["account", "show"][..],
            &[],
            &["login"],
            &["--version"],
            &["account", "get-access-token", "--resource-type", "arm"],
            &["account", "get-access-token", "--output", "table"],
            &["account", "get-access-token", "--query", "[0]"],
            &[
                "account",
                "get-access-token",
                "--resource",
                "r",
                "--scope",
                "s",
            ],
            &["account", "get-access-token", "-s", "x", "-t", "y"],
            &["account", "get-access-token", "--tenant"],
        ] {
            assert!(args(bad).is_err(), "{bad:?}");
        }
        assert!(args(&["account", "show"])
            .unwrap_err()
            .0
            .contains("`az account show` is not answered"));
    }

    const PROFILE: &str = r#"{"installationId": "x", "subscriptions": [
        {"id": "s1", "name": "Dev", "tenantId": "t1", "isDefault": false, "state": "Enabled",
         "user": {"name": "alice@contoso.com", "type": "user"}, "environmentName": "AzureCloud"},
        {"id": "s2", "name": "Prod", "tenantId": "t2", "isDefault": true, "state": "Enabled",
         "user": {"name": "alice@contoso.com", "type": "user"}, "environmentName": "AzureCloud"}]}"#;

    #[test]
    fn the_default_subscription_or_the_one_named() {
        let mut with_bom = b"\xef\xbb\xbf".to_vec();
        with_bom.extend_from_slice(PROFILE.as_bytes());
        let a = account(Some(&with_bom), None, PUBLIC_CLOUD).unwrap();
        assert_eq!((a.subscription.as_str(), a.tenant.as_str()), ("s2", "t2"));
        let a = account(Some(PROFILE.as_bytes()), Some("dev"), PUBLIC_CLOUD).unwrap();
        assert_eq!(a.subscription, "s1");
        assert!(
            account(Some(PROFILE.as_bytes()), Some("nope"), PUBLIC_CLOUD)
                .unwrap_err()
                .message
                .contains("not found")
        );
        let no_default = PROFILE.replace("\"isDefault\": true", "\"isDefault\": false");
        assert!(account(Some(no_default.as_bytes()), None, PUBLIC_CLOUD)
            .unwrap_err()
            .message
            .contains("az account set"));
        assert!(account(None, None, PUBLIC_CLOUD)
            .unwrap_err()
            .message
            .contains("az login"));
        assert!(account(Some(b"{}"), None, PUBLIC_CLOUD)
            .unwrap_err()
            .message
            .contains("az login"));
        assert!(
            account(Some(b"{oops"), None, PUBLIC_CLOUD)
                .unwrap_err()
                .malformed
        );
    }

    #[test]
    fn only_the_active_clouds_subscriptions_count() {
        // `az cloud set --name AzureUSGovernment` then `az login`: both
        // clouds' subscriptions in one profile, each cloud its own default.
        let gov = PROFILE
            .replace("\"id\": \"s1\"", "\"id\": \"g1\"")
            .replace("\"isDefault\": false", "\"isDefault\": true")
            .replacen("\"AzureCloud\"", "\"AzureUSGovernment\"", 1);
        let a = account(Some(gov.as_bytes()), None, "AzureUSGovernment").unwrap();
        assert_eq!(a.subscription, "g1");
        let a = account(Some(gov.as_bytes()), None, PUBLIC_CLOUD).unwrap();
        assert_eq!(a.subscription, "s2");
        // Named, a subscription of another cloud is not found, as in az.
        assert!(
            account(Some(gov.as_bytes()), Some("s2"), "AzureUSGovernment")
                .unwrap_err()
                .message
                .contains("not found")
        );
        // No subscription in the active cloud: not signed in there.
        assert!(account(Some(PROFILE.as_bytes()), None, "AzureChinaCloud")
            .unwrap_err()
            .message
            .contains("az login"));
        let bare = PROFILE.replacen(", \"environmentName\": \"AzureCloud\"", "", 1);
        assert!(
            account(Some(bare.as_bytes()), None, PUBLIC_CLOUD)
                .unwrap_err()
                .malformed
        );
    }

    #[test]
    fn the_active_cloud_as_az_reads_it() {
        assert_eq!(active_cloud(None, None), PUBLIC_CLOUD);
        let config = b"[core]\nname = nope\n\n[cloud]\n# a comment\nNAME = AzureUSGovernment\n\n[defaults]\nname: x\n";
        assert_eq!(active_cloud(None, Some(config)), "AzureUSGovernment");
        assert_eq!(
            active_cloud(None, Some(b"[cloud]\nname: AzureChinaCloud")),
            "AzureChinaCloud"
        );
        assert_eq!(active_cloud(Some("AzureCloud"), Some(config)), "AzureCloud");
        assert_eq!(
            active_cloud(None, Some(b"[Cloud]\nname = X\n")),
            PUBLIC_CLOUD
        );
        assert_eq!(
            active_cloud(None, Some(b"\xff[cloud]\nname = X\n")),
            PUBLIC_CLOUD
        );
    }

    #[test]
    fn output_as_knack_prints_it() {
        let t = Token {
            access_token: "tok".into(),
            expires_on: 1_700_000_000,
            expires_on_local: "2023-11-14 22:13:20.000000".into(),
            subscription: Some("s2".into()),
            tenant: "t2".into(),
        };
        assert_eq!(
            t.render(Output::Json, None),
            "{\n  \"accessToken\": \"tok\",\n  \"expiresOn\": \"2023-11-14 22:13:20.000000\",\n  \"expires_on\": 1700000000,\n  \"subscription\": \"s2\",\n  \"tenant\": \"t2\",\n  \"tokenType\": \"Bearer\"\n}\n"
        );
        assert_eq!(
            t.render(Output::Tsv, None),
            "tok\t2023-11-14 22:13:20.000000\t1700000000\ts2\tt2\tBearer\n"
        );
        assert_eq!(t.render(Output::Tsv, Some("accessToken")), "tok\n");
        assert_eq!(t.render(Output::Json, Some("expires_on")), "1700000000\n");
        assert_eq!(t.render(Output::None, None), "");
        let no_subscription = Token {
            subscription: None,
            ..t
        };
        assert_eq!(
            no_subscription.render(Output::Json, Some("subscription")),
            ""
        );
        assert_eq!(
            no_subscription.render(Output::Tsv, Some("subscription")),
            ""
        );
    }
}
