//! The plain configuration every command works from, resolved once from the
//! parsed arguments (flags, environment variables, defaults), and the choice
//! of store that follows from it.

use std::path::PathBuf;
use std::time::Duration;

use crate::cli::{GlobalArgs, Scope};
pub use crate::cli::StoreChoice;
use crate::environment::{self, Platform};
use crate::error::{Error, Result};
use crate::keysource::KeySources;
use crate::lock::lock_path_for;
use crate::store::encrypted_file::EncryptedFileStore;
use crate::store::file::FileStore;
use crate::store::{Fallback, Store, StoreKind};

/// The default cache location under the user root.
pub const DEFAULT_RELATIVE_PATH: &str = ".tokencache/cache.json";

/// Everything a command needs to know, with every default applied.
#[derive(Debug, Clone)]
pub struct Config {
    /// The cache file (or the marker file, for keyring stores).
    pub cache_path: PathBuf,
    /// `<cache path>.lockfile`.
    pub lock_path: PathBuf,
    /// The Environment helpers' user root, when it could be resolved.
    pub user_root: Option<PathBuf>,
    /// The platform, as Node names it.
    pub platform: Platform,
    /// `--store`.
    pub store: StoreChoice,
    /// Keyring service name.
    pub service: String,
    /// Where the encrypted file store's key comes from.
    pub keys: KeySources,
    /// Keyring account name.
    pub account: String,
    /// DPAPI scope.
    pub scope: Scope,
    /// `--plaintext-fallback`.
    pub plaintext_fallback: bool,
    /// `--lock-timeout`.
    pub lock_timeout: Duration,
    /// `--quiet`.
    pub quiet: bool,
    /// `--json`.
    pub json: bool,
    /// How a keyring item is laid out (Secret Service; service/account also
    /// name the macOS Keychain item).
    pub keyring: KeyringLayout,
}

/// The layout of a Secret Service item. The default is keytar's (what
/// msal-node-extensions writes): schema `org.freedesktop.Secret.Generic`,
/// attributes `service`/`account` from `--service`/`--account`, label
/// `<service>/<account>`, raw UTF-8 JSON.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct KeyringLayout {
    /// `--collection`: a collection other than the default one.
    pub collection: Option<String>,
    /// `--schema`: the `xdg:schema` attribute (default `org.freedesktop.Secret.Generic`).
    pub schema: Option<String>,
    /// `--attribute KEY=VALUE`, repeated: replaces service/account as the lookup set.
    pub attributes: Vec<(String, String)>,
    /// `--label`: the item label (default `<service>/<account>`).
    pub label: Option<String>,
    /// `--encoding`: how the secret holds the JSON.
    pub encoding: SecretEncoding,
}

/// How a keyring secret holds the cache JSON.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum SecretEncoding {
    /// Read: raw JSON, or base64 of it when the secret does not start with `{`.
    /// Write: raw.
    #[default]
    Auto,
    /// The UTF-8 JSON itself (keytar, Python msal-extensions).
    Raw,
    /// Base64 of the UTF-8 JSON (MSAL.NET's `WithLinuxKeyring`).
    Base64,
}

impl Config {
    /// Resolve the global arguments.
    pub fn from_args(args: &GlobalArgs) -> Result<Config> {
        let user_root = environment::user_root_directory();
        let cache_path = match (&args.cache_path, &user_root) {
            (Some(path), _) => path.clone(),
            (None, Ok(root)) => root.join(DEFAULT_RELATIVE_PATH),
            (None, Err(_)) => return Err(user_root.unwrap_err()),
        };
        if cache_path.as_os_str().is_empty() || cache_path.file_name().is_none() {
            return Err(Error::Config {
                message: format!("--cache-path `{}` does not name a file", cache_path.display()),
                hint: "give the path of the cache file, e.g. --cache-path ~/.tokencache/cache.json".into(),
            });
        }
        Ok(Config {
            lock_path: lock_path_for(&cache_path),
            cache_path,
            user_root: user_root.ok(),
            platform: environment::platform(),
            store: args.store,
            service: args.service.clone(),
            keys: KeySources::from_env(args.key_fd, args.key_file.clone()),
            account: args.account.clone(),
            scope: args.scope,
            plaintext_fallback: args.plaintext_fallback,
            lock_timeout: args.lock_timeout,
            quiet: args.quiet,
            json: args.json,
            keyring: KeyringLayout::default(),
        })
    }

    /// The store `--store` asks for (`auto` resolved for this platform,
    /// before any fallback).
    pub fn requested_kind(&self) -> StoreKind {
        match self.store {
            StoreChoice::Auto => auto_store_for(self.platform),
            StoreChoice::File => StoreKind::File,
            StoreChoice::SecretService => StoreKind::SecretService,
            StoreChoice::Keychain => StoreKind::Keychain,
            StoreChoice::Dpapi => StoreKind::Dpapi,
            StoreChoice::EncryptedFile => StoreKind::EncryptedFile,
        }
    }

    /// Whether the DPAPI scope matters for the store in play.
    pub fn scope_used(&self, kind: StoreKind) -> bool {
        kind == StoreKind::Dpapi
    }
}

/// `PersistenceCreator`'s choice per platform: DPAPI on Windows, the Keychain
/// on macOS, the Secret Service on Linux (and other Unixes).
pub fn auto_store_for(platform: Platform) -> StoreKind {
    match platform {
        Platform::Windows => StoreKind::Dpapi,
        Platform::MacOs => StoreKind::Keychain,
        Platform::Linux | Platform::OtherUnix => StoreKind::SecretService,
    }
}

/// Build the store `config` asks for. For `auto`, verify the platform's store
/// and, on Linux, fall back to the plaintext file only with
/// `--plaintext-fallback`.
pub fn resolve_store(config: &Config) -> Result<(Box<dyn Store>, Option<Fallback>)> {
    let kind = config.requested_kind();
    let store = build(config, kind);
    if config.store != StoreChoice::Auto {
        return Ok((store?, None));
    }
    let verified = store.and_then(|s| s.verify().map(|()| s));
    match verified {
        Ok(store) => Ok((store, None)),
        Err(err) if encrypted_fallback_allowed(config, kind) => {
            let fallback = Fallback {
                from: kind,
                reason: err.to_string(),
            };
            let store: Box<dyn Store> = Box::new(EncryptedFileStore::new(
                &config.cache_path,
                config.keys.clone(),
            ));
            Ok((store, Some(fallback)))
        }
        Err(err) if fallback_allowed(config, kind) => {
            let fallback = Fallback {
                from: kind,
                reason: err.to_string(),
            };
            let store: Box<dyn Store> = Box::new(FileStore::new(&config.cache_path));
            Ok((store, Some(fallback)))
        }
        Err(err) => Err(err),
    }
}

/// Plaintext fallback is the seed's `usePlaintextFileOnLinux`: Linux only, and
/// only when asked.
fn fallback_allowed(config: &Config, failed: StoreKind) -> bool {
    config.plaintext_fallback
        && failed == StoreKind::SecretService
        && matches!(config.platform, Platform::Linux | Platform::OtherUnix)
}

/// With a key source configured, a failed Secret Service on Linux falls back
/// to the encrypted file at the cache path (before, and instead of, plaintext).
fn encrypted_fallback_allowed(config: &Config, failed: StoreKind) -> bool {
    config.keys.configured().is_some()
        && failed == StoreKind::SecretService
        && matches!(config.platform, Platform::Linux | Platform::OtherUnix)
}

/// Construct a store of `kind` without verifying it.
pub fn build(config: &Config, kind: StoreKind) -> Result<Box<dyn Store>> {
    match kind {
        StoreKind::File => Ok(Box::new(FileStore::new(&config.cache_path))),
        StoreKind::EncryptedFile => Ok(Box::new(EncryptedFileStore::new(
            &config.cache_path,
            config.keys.clone(),
        ))),
        other => Err(not_on_this_platform(other, config.platform)),
    }
}

/// The error for a store this build cannot offer.
pub fn not_on_this_platform(kind: StoreKind, platform: Platform) -> Error {
    let home = match kind {
        StoreKind::Keychain => "macOS",
        StoreKind::Dpapi => "Windows",
        StoreKind::SecretService => "Linux",
        StoreKind::File | StoreKind::EncryptedFile => "every platform",
    };
    Error::Unavailable {
        store: kind.as_str(),
        cause: format!("the {} store exists only on {home}, and this is {}", kind.as_str(), platform.as_str()),
        hint: "use --store auto, or --store file for a plaintext file".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn auto_matches_persistence_creator() {
        assert_eq!(auto_store_for(Platform::Windows), StoreKind::Dpapi);
        assert_eq!(auto_store_for(Platform::MacOs), StoreKind::Keychain);
        assert_eq!(auto_store_for(Platform::Linux), StoreKind::SecretService);
    }
}
