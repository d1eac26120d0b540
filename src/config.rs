//! The plain configuration every command works from, resolved once from the
//! parsed arguments (flags, environment variables, defaults), and the choice
//! of store that follows from it.

use std::path::PathBuf;
use std::time::Duration;

use crate::cli::GlobalArgs;
use crate::environment::{self, Platform};
use crate::error::{Error, Result};
use crate::keysource::KeySources;
use crate::lock::lock_path_for;
use crate::presets::{self, Preset};
use crate::store::args::StoreArgs;
pub use crate::store::keyring_layout::{KeyringLayout, SecretEncoding};
use crate::store::open::Shared;
use crate::store::{Fallback, Selected, Store, StoreKind};

/// The default cache location under the user root.
pub const DEFAULT_RELATIVE_PATH: &str = ".tokencache/cache.json";
/// The default keyring service name.
pub const DEFAULT_SERVICE: &str = "tokencache";
/// The default keyring account name.
pub const DEFAULT_ACCOUNT: &str = "default";

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
    /// `--store` (or the preset's): `None` is `auto`.
    pub store: Option<StoreKind>,
    /// Keyring service name.
    pub service: String,
    /// Where the encrypted file store's key comes from (its options and
    /// the environment).
    pub keys: KeySources,
    /// Keyring account name.
    pub account: String,
    /// Each store's options, as parsed.
    pub stores: StoreArgs,
    /// `--plaintext-fallback`.
    pub plaintext_fallback: bool,
    /// `--lock-timeout`.
    pub lock_timeout: Duration,
    /// The largest cache read or stored: the command's `--max-size`, else
    /// `TOKENCACHE_MAX_SIZE`, else 16 MiB. Every store gets it.
    pub max_size: u64,
    /// `--quiet`.
    pub quiet: bool,
    /// `--json`.
    pub json: bool,
    /// How a keyring item is laid out: the Secret Service options over the
    /// preset's layout (service/account also name the macOS Keychain item).
    pub keyring: KeyringLayout,
    /// `--preset`, when given.
    pub preset: Option<&'static Preset>,
}

impl Config {
    /// Resolve the global arguments, with the command's size limit.
    ///
    /// Precedence, field by field: an explicit flag (or its environment
    /// variable), then `--preset`'s value, then the default.
    pub fn from_args(args: &GlobalArgs, max_size: u64) -> Result<Config> {
        let user_root = environment::user_root_directory();
        let preset = args.preset.as_deref().map(preset_named).transpose()?;
        let preset_path = match (&args.cache_path, preset) {
            (None, Some(p)) => Some(p.cache_path()?),
            _ => None,
        };
        let cache_path = match (&args.cache_path, preset_path, &user_root) {
            (Some(path), _, _) => path.clone(),
            (None, Some(path), _) => path,
            (None, None, Ok(root)) => root.join(DEFAULT_RELATIVE_PATH),
            (None, None, Err(_)) => return Err(user_root.unwrap_err()),
        };
        let platform = environment::platform();
        let store = args.store.or(preset.map(|p| p.store(platform))).flatten();
        let service = args
            .service
            .clone()
            .or(preset.and_then(|p| p.service).map(str::to_string));
        let account = args
            .account
            .clone()
            .or(preset.and_then(|p| p.account).map(str::to_string));
        // `~/…` from an environment variable, as the shell would have
        // expanded it; then absolute, so `path` prints what it resolves to
        // and a later `cd` in a script cannot change which cache is meant.
        let cache_path = if cache_path.as_os_str().is_empty() {
            cache_path
        } else {
            environment::expand_tilde(&cache_path)?
        };
        if cache_path.as_os_str().is_empty() || cache_path.file_name().is_none() {
            return Err(Error::Config {
                message: format!(
                    "{} `{}` does not name a file",
                    crate::usage::source_of("cache-path"),
                    cache_path.display()
                ),
                hint: "give the path of the cache file, e.g. --cache-path ~/.tokencache/cache.json"
                    .into(),
            });
        }
        let cache_path =
            std::path::absolute(&cache_path).map_err(|e| Error::io("resolve", &cache_path, e))?;
        Ok(Config {
            lock_path: lock_path_for(&cache_path),
            cache_path,
            user_root: user_root.ok(),
            platform,
            store,
            service: service.unwrap_or_else(|| DEFAULT_SERVICE.to_string()),
            account: account.unwrap_or_else(|| DEFAULT_ACCOUNT.to_string()),
            keys: args.stores.key_sources()?,
            plaintext_fallback: args.plaintext_fallback,
            lock_timeout: args.lock_timeout,
            max_size,
            quiet: args.quiet,
            json: args.json,
            // The preset's layout, each field overridden by its option.
            keyring: args
                .stores
                .keyring_layout(preset.map(Preset::keyring).unwrap_or_default()),
            stores: args.stores.clone(),
            preset,
        })
    }

    /// The store `--store` asks for (`auto` resolved for this platform,
    /// before any fallback).
    pub fn requested_kind(&self) -> StoreKind {
        self.store
            .unwrap_or_else(|| StoreKind::auto_for(self.platform))
    }

    /// The store `auto` falls back to when `failed` (the platform's) does
    /// not work (`None`: no fallback, or `--store` named the store).
    pub fn fallback_for(&self, failed: StoreKind) -> Option<StoreKind> {
        match self.store {
            Some(_) => None,
            None => failed.fallback(self.platform, &self.keys, self.plaintext_fallback),
        }
    }

    /// The settings every store shares.
    pub fn shared(&self) -> Shared<'_> {
        Shared {
            cache_path: &self.cache_path,
            max_size: self.max_size,
            replace_patience: replace_patience(self),
            service: &self.service,
            account: &self.account,
            keyring: &self.keyring,
            keys: &self.keys,
            platform: self.platform,
        }
    }
}

/// The preset called `name` (clap already checked it exists).
fn preset_named(name: &str) -> Result<&'static Preset> {
    presets::find(name).ok_or_else(|| Error::Config {
        message: format!("unknown preset `{name}`"),
        hint: format!("use one of: {}", presets::NAMES.join(", ")),
    })
}

/// Choose the store for `config` (see [`Config::store`]).
pub fn select(config: &Config) -> Result<Selected> {
    let start = std::time::Instant::now();
    let (store, fallback) = resolve_store(config)?;
    Ok(Selected {
        store,
        fallback,
        selection_time: start.elapsed(),
    })
}

/// Build the store `config` asks for. For `auto`, verify the platform's store
/// and fall back as [`StoreKind::fallback`] says (on Linux, to the encrypted
/// file with a key source, to the plaintext file with `--plaintext-fallback`).
pub fn resolve_store(config: &Config) -> Result<(Box<dyn Store>, Option<Fallback>)> {
    let kind = config.requested_kind();
    let store = build(config, kind);
    if config.store.is_some() {
        return Ok((store?, None));
    }
    let verified = store.and_then(|s| s.verify().map(|()| s));
    match (verified, config.fallback_for(kind)) {
        (Ok(store), _) => Ok((store, None)),
        (Err(err), Some(to)) => {
            let fallback = Fallback {
                from: kind,
                // The cause alone: the notice already names the store.
                reason: match &err {
                    Error::Unavailable { cause, .. } => cause.clone(),
                    other => other.to_string(),
                },
            };
            Ok((build(config, to)?, Some(fallback)))
        }
        (Err(err), None) => Err(err),
    }
}

/// Construct a store of `kind` without verifying it: its settings, from its
/// options (kept in the configuration as parsed) and the shared ones.
pub fn build(config: &Config, kind: StoreKind) -> Result<Box<dyn Store>> {
    kind.open(&config.stores, &config.shared())
}

/// How long a file store's replace waits for a reader's open handle
/// (Windows): as long as the lock may be waited for, at least
/// [`crate::fsutil::DEFAULT_REPLACE_PATIENCE`].
fn replace_patience(config: &Config) -> Duration {
    config
        .lock_timeout
        .max(crate::fsutil::DEFAULT_REPLACE_PATIENCE)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn auto_matches_persistence_creator() {
        assert_eq!(StoreKind::auto_for(Platform::Windows), StoreKind::Dpapi);
        assert_eq!(StoreKind::auto_for(Platform::MacOs), StoreKind::Keychain);
        assert_eq!(
            StoreKind::auto_for(Platform::Linux),
            StoreKind::SecretService
        );
    }

    fn config_with(store: Option<StoreKind>, platform: Platform) -> Config {
        use clap::Parser;
        let cli = crate::cli::Cli::try_parse_from([
            "tokencache",
            "--cache-path",
            "/c/cache.json",
            "path",
        ])
        .unwrap();
        let mut config = Config::from_args(&cli.global, crate::fsutil::DEFAULT_MAX_SIZE).unwrap();
        config.store = store;
        config.platform = platform;
        config
    }

    #[test]
    fn flags_map_to_stores_and_scope_matters_only_for_dpapi() {
        let cases = [
            (None, Platform::Windows, StoreKind::Dpapi),
            (None, Platform::MacOs, StoreKind::Keychain),
            (None, Platform::Linux, StoreKind::SecretService),
            (Some(StoreKind::File), Platform::Windows, StoreKind::File),
            (Some(StoreKind::Dpapi), Platform::Linux, StoreKind::Dpapi),
            (
                Some(StoreKind::Keychain),
                Platform::Windows,
                StoreKind::Keychain,
            ),
        ];
        for (choice, platform, kind) in cases {
            let config = config_with(choice, platform);
            assert_eq!(config.requested_kind(), kind, "{choice:?} on {platform:?}");
            assert_eq!(kind.uses_scope(), kind == StoreKind::Dpapi);
        }
    }

    #[test]
    fn entropy_env_is_a_global_flag() {
        use clap::Parser;
        let cli =
            crate::cli::Cli::try_parse_from(["tokencache", "read", "--entropy-env", "APP_ENTROPY"])
                .unwrap();
        assert_eq!(
            Config::from_args(&cli.global, crate::fsutil::DEFAULT_MAX_SIZE)
                .unwrap()
                .stores
                .dpapi
                .entropy_env
                .as_deref(),
            Some("APP_ENTROPY")
        );
    }

    #[cfg(not(windows))]
    #[test]
    fn dpapi_is_not_on_this_platform() {
        let config = config_with(Some(StoreKind::Dpapi), Platform::current());
        let err = build(&config, StoreKind::Dpapi).err().unwrap();
        assert_eq!(err.exit_code(), crate::exit_code::ExitCode::Unavailable);
        assert!(err.to_string().contains("only on Windows"), "{err}");
    }

    #[cfg(not(target_os = "macos"))]
    #[test]
    fn keychain_is_not_on_this_platform() {
        let config = config_with(Some(StoreKind::Keychain), Platform::current());
        let err = build(&config, StoreKind::Keychain).err().unwrap();
        assert!(err.to_string().contains("only on macOS"), "{err}");
    }
}
