//! `tokencache az account get-access-token …`, also what the binary does
//! when it runs through a link named `az`: the Azure CLI's answer, from the
//! Azure CLI's cache, without Python and without the network.
//!
//! Every Azure SDK's `AzureCliCredential` runs `az account get-access-token
//! --output json --resource R [--tenant T]` and reads `accessToken` and
//! `expires_on` (or, in older SDKs, `expiresOn`). The account is chosen as
//! `az` chooses it ([`crate::consumer::az::account`]), the token as MSAL's
//! silent acquisition would ([`super::token::serve`]) with the Azure CLI's
//! client id and the subscription's tenant. Where no valid token is cached
//! the command fails as `az` does when its refresh token is gone: non-zero,
//! the message on stderr naming `az login`, which the SDKs read as "not
//! signed in" and move on to their next credential. Nothing is refreshed.

use std::io::Write;
use std::path::{Path, PathBuf};

use super::document::now;
use super::emit;
use crate::cache::token::{AccountFilter, Request};
use crate::cli::{AzArgs, GlobalArgs};
use crate::config::Config;
use crate::consumer::az;
use crate::error::{Error, Result};

/// The command line, checked before anything else is resolved: any other
/// `az` command is exit 2 at once.
pub fn parse(args: &AzArgs) -> Result<az::Args> {
    az::parse(&args.args).map_err(|usage| Error::Config {
        message: usage.0,
        hint: format!(
            "tokencache answers `{} [--resource R | --scope S] [--tenant T | --subscription S] \
             [--output json|tsv|none] [--query FIELD]` from the cached tokens; run the real Azure CLI \
             for anything else",
            az::COMMAND
        ),
    })
}

/// The options `az` mode reads the cache with: the `azure-cli` preset,
/// unless a preset, a cache path or a store was given (or set through
/// `TOKENCACHE_*` variables).
pub fn global_args(global: &GlobalArgs) -> GlobalArgs {
    let mut global = global.clone();
    if global.preset.is_none() && global.cache_path.is_none() && global.store.is_none() {
        global.preset = Some("azure-cli".to_string());
    }
    global
}

/// `$AZURE_CONFIG_DIR/azureProfile.json` (else `~/.azure/…`, as the
/// `azure-cli` preset resolves the folder).
pub fn profile_path() -> Option<PathBuf> {
    let cache = crate::presets::find("azure-cli")?.cache_path().ok()?;
    Some(cache.with_file_name("azureProfile.json"))
}

/// The Azure CLI's active cloud: `AZURE_CLOUD_NAME`, else the `config`
/// file beside `azureProfile.json` (see [`az::active_cloud`]).
pub fn active_cloud(profile: &Path) -> Result<String> {
    let file = profile.with_file_name("config");
    let bytes = match std::fs::read(&file) {
        Ok(bytes) => Some(bytes),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
        Err(e) => return Err(Error::io("read", &file, e)),
    };
    let variable = std::env::var("AZURE_CLOUD_NAME").ok();
    Ok(az::active_cloud(variable.as_deref(), bytes.as_deref()))
}

/// `azureProfile.json`'s path and the account `az` takes from it for
/// `subscription` (else the default subscription) in the active cloud. The
/// outer error: no Azure CLI folder, or a file that cannot be read.
pub fn account(
    subscription: Option<&str>,
) -> Result<(PathBuf, std::result::Result<az::Account, az::ProfileError>)> {
    let path = profile_path().ok_or_else(|| {
        Error::Environment(
            "cannot find the Azure CLI's folder: set HOME or AZURE_CONFIG_DIR".into(),
        )
    })?;
    let profile = match std::fs::read(&path) {
        Ok(bytes) => Some(bytes),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
        Err(e) => return Err(Error::io("read", &path, e)),
    };
    let cloud = active_cloud(&path)?;
    let account = az::account(profile.as_deref(), subscription, &cloud);
    Ok((path, account))
}

/// Answer the parsed command.
pub fn run(config: &Config, cli: &AzArgs, args: &az::Args, out: &mut dyn Write) -> Result<()> {
    let (path, account) = account(args.subscription.as_deref())?;
    let account = account.map_err(|e| {
        if e.malformed {
            Error::AzProfile {
                path: path.clone(),
                detail: e.message,
            }
        } else {
            Error::Az {
                message: e.message,
                hint: format!(
                    "the account comes from {}, which `az login` writes (and `az account set` \
                     changes); tokencache only reads it",
                    path.display()
                ),
            }
        }
    })?;
    let tenant = args
        .tenant
        .clone()
        .unwrap_or_else(|| account.tenant.clone());
    let request = Request {
        scopes: args.scopes(),
        account: if account.service_principal {
            AccountFilter::AppOnly
        } else {
            AccountFilter::Username(account.user.clone())
        },
        // A service principal's tokens are its own client's (MSAL's
        // ConfidentialClientApplication with the principal's app id).
        client_id: Some(if account.service_principal {
            account.user.clone()
        } else {
            az::CLIENT_ID.to_string()
        }),
        tenant: Some(tenant.clone()),
        // MSAL's own margin: the Azure CLI would refresh a token with less
        // left, and the SDKs ask again when fewer than 5 minutes remain.
        min_validity: 300,
        now: cli.now.unwrap_or_else(now),
    };
    // As `az` does, an expired token of a signed-in user is refreshed
    // (TOKENCACHE_REFRESH=0 or --no-refresh: never); a service principal's
    // token belongs to a confidential client and is never refreshed.
    let refresh = (cli.refresh != Some(false) && !args.no_refresh && !account.service_principal)
        .then(|| super::refresh::Options {
            force: false,
            authority: cli.authority.clone(),
            timeout: cli.network_timeout,
        });
    let served = super::refresh::serve_or_refresh(config, &request, refresh.as_ref()).map_err(|e| match e {
        // A refresh that could not be made (offline) is, to the SDKs, "not
        // signed in" too: they go on to their next credential.
        Error::NoToken { .. }
        | Error::NoCache { .. }
        | Error::RefreshRefused { .. }
        | Error::Network { .. } => Error::Az {
            message: e.to_string(),
            hint: "sign in again with `az login` (or run any az command that refreshes the token) to \
                   refresh the Azure CLI's cache"
                .into(),
        },
        other => other,
    })?;
    let subscription = args.tenant.is_none().then_some(account.subscription);
    let token = super::token::az_token(&served, Some(&tenant), subscription);
    emit(
        out,
        token.render(args.output, args.query.as_deref()).as_bytes(),
    )
}
