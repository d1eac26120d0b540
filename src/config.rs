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
use crate::store::dpapi::DpapiArgs;
use crate::store::encrypted_file::{EncryptedFileSettings, EncryptedFileStore};
use crate::store::file::{FileSettings, FileStore};
pub use crate::store::keyring_layout::{KeyringLayout, SecretEncoding};
use crate::store::redis::{RedisArgs, RedisStore};
use crate::store::secret_service::SecretServiceArgs;
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
    /// The DPAPI store's options.
    pub dpapi: DpapiArgs,
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
    /// The Secret Service store's options.
    pub secret_service: SecretServiceArgs,
    /// How a keyring item is laid out: the Secret Service options over the
    /// preset's layout (service/account also name the macOS Keychain item).
    pub keyring: KeyringLayout,
    /// `--preset`, when given.
    pub preset: Option<&'static Preset>,
    /// The Redis store's options.
    pub redis: RedisArgs,
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
            keys: args.encrypted_file.key_sources()?,
            dpapi: args.dpapi.clone(),
            plaintext_fallback: args.plaintext_fallback,
            lock_timeout: args.lock_timeout,
            max_size,
            quiet: args.quiet,
            json: args.json,
            // The preset's layout, each field overridden by its option.
            keyring: args
                .secret_service
                .layout(preset.map(Preset::keyring).unwrap_or_default()),
            secret_service: args.secret_service.clone(),
            preset,
            redis: args.redis.clone(),
        })
    }

    /// The store `--store` asks for (`auto` resolved for this platform,
    /// before any fallback).
    pub fn requested_kind(&self) -> StoreKind {
        self.store.unwrap_or_else(|| auto_store_for(self.platform))
    }

    /// Whether the DPAPI scope matters for the store in play.
    pub fn scope_used(&self, kind: StoreKind) -> bool {
        kind == StoreKind::Dpapi
    }
}

/// The preset called `name` (clap already checked it exists).
fn preset_named(name: &str) -> Result<&'static Preset> {
    presets::find(name).ok_or_else(|| Error::Config {
        message: format!("unknown preset `{name}`"),
        hint: format!("use one of: {}", presets::NAMES.join(", ")),
    })
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
/// and, on Linux, fall back to the plaintext file only with
/// `--plaintext-fallback`.
pub fn resolve_store(config: &Config) -> Result<(Box<dyn Store>, Option<Fallback>)> {
    let kind = config.requested_kind();
    let store = build(config, kind);
    if config.store.is_some() {
        return Ok((store?, None));
    }
    let verified = store.and_then(|s| s.verify().map(|()| s));
    match verified {
        Ok(store) => Ok((store, None)),
        Err(err) if encrypted_fallback_allowed(config, kind) => {
            let fallback = Fallback {
                from: kind,
                // The cause alone: the notice already names the store.
                reason: match &err {
                    Error::Unavailable { cause, .. } => cause.clone(),
                    other => other.to_string(),
                },
            };
            let store: Box<dyn Store> =
                Box::new(EncryptedFileStore::new(encrypted_file_settings(config)));
            Ok((store, Some(fallback)))
        }
        Err(err) if fallback_allowed(config, kind) => {
            // The cause alone: the warning already names the store.
            let reason = match &err {
                Error::Unavailable { cause, .. } => cause.clone(),
                other => other.to_string(),
            };
            let fallback = Fallback { from: kind, reason };
            let store: Box<dyn Store> = Box::new(FileStore::new(FileSettings {
                cache_path: config.cache_path.clone(),
                max_size: config.max_size,
                replace_patience: replace_patience(config),
            }));
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

/// Construct a store of `kind` without verifying it: its settings, from its
/// options (kept in the configuration as parsed) and the shared ones.
pub fn build(config: &Config, kind: StoreKind) -> Result<Box<dyn Store>> {
    let cache_path = config.cache_path.clone();
    match kind {
        StoreKind::File => Ok(Box::new(FileStore::new(FileSettings {
            cache_path,
            max_size: config.max_size,
            replace_patience: replace_patience(config),
        }))),
        #[cfg(target_os = "linux")]
        StoreKind::SecretService => {
            use crate::store::secret_service::{SecretServiceSettings, SecretServiceStore};
            Ok(Box::new(SecretServiceStore::new(SecretServiceSettings {
                cache_path,
                service: config.service.clone(),
                account: config.account.clone(),
                layout: config.keyring.clone(),
                timeout: config.secret_service.keyring_timeout,
            })))
        }
        #[cfg(windows)]
        StoreKind::Dpapi => Ok(Box::new(crate::store::dpapi::DpapiStore::new(
            config
                .dpapi
                .settings(&cache_path, config.max_size, replace_patience(config))?,
            crate::store::dpapi::SystemDpapi,
        ))),
        #[cfg(target_os = "macos")]
        StoreKind::Keychain => Ok(Box::new(crate::store::keychain::KeychainStore::system(
            crate::store::keychain::KeychainSettings {
                cache_path,
                service: config.service.clone(),
                account: config.account.clone(),
            },
        )?)),
        StoreKind::EncryptedFile => Ok(Box::new(EncryptedFileStore::new(encrypted_file_settings(
            config,
        )))),
        StoreKind::Redis => Ok(Box::new(RedisStore::new(
            config.redis.settings(config.max_size)?,
        ))),
        other => Err(not_on_this_platform(other, config.platform)),
    }
}

/// The encrypted file store's settings (also the `auto` fallback's).
fn encrypted_file_settings(config: &Config) -> EncryptedFileSettings {
    EncryptedFileSettings {
        cache_path: config.cache_path.clone(),
        keys: config.keys.clone(),
        max_size: config.max_size,
        replace_patience: replace_patience(config),
    }
}

/// How long a file store's replace waits for a reader's open handle
/// (Windows): as long as the lock may be waited for, at least
/// [`crate::fsutil::DEFAULT_REPLACE_PATIENCE`].
fn replace_patience(config: &Config) -> Duration {
    config
        .lock_timeout
        .max(crate::fsutil::DEFAULT_REPLACE_PATIENCE)
}

/// The error for a store this build cannot offer.
pub fn not_on_this_platform(kind: StoreKind, platform: Platform) -> Error {
    let home = match kind {
        StoreKind::Keychain => "macOS",
        StoreKind::Dpapi => "Windows",
        StoreKind::SecretService => "Linux",
        StoreKind::File | StoreKind::EncryptedFile | StoreKind::Redis => "every platform",
    };
    Error::Unavailable {
        store: kind.as_str(),
        cause: format!(
            "the {} store exists only on {home}, and this is {}",
            kind.as_str(),
            platform.as_str()
        ),
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
            assert_eq!(config.scope_used(kind), kind == StoreKind::Dpapi);
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
