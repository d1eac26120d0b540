//! The plain configuration every command works from, resolved once from the
//! parsed arguments (flags, environment variables, defaults), and the choice
//! of store that follows from it.

use std::path::PathBuf;
use std::time::Duration;

use zeroize::Zeroizing;

use crate::cli::{GlobalArgs, Scope};
use crate::environment::{self, Platform};
use crate::error::{Error, Result};
use crate::keysource::KeySources;
use crate::lock::lock_path_for;
use crate::presets::{self, Preset};
use crate::store::dpapi::{resolve_entropy, DpapiSettings};
use crate::store::encrypted_file::{EncryptedFileSettings, EncryptedFileStore};
use crate::store::file::{FileSettings, FileStore};
use crate::store::keychain::KeychainSettings;
pub use crate::store::keyring_layout::{KeyringLayout, SecretEncoding};
use crate::store::redis::{RedisLayout, RedisSettings, RedisStore};
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
    /// Where the encrypted file store's key comes from.
    pub keys: KeySources,
    /// Keyring account name.
    pub account: String,
    /// DPAPI scope.
    pub scope: Scope,
    /// `--entropy-env`: the environment variable holding DPAPI entropy.
    pub entropy_env: Option<String>,
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
    /// `--keyring-timeout`: the bound on every keyring operation.
    pub keyring_timeout: Duration,
    /// `--preset`, when given.
    pub preset: Option<&'static Preset>,
    /// The `--redis-*` options.
    pub redis: RedisOptions,
}

/// The `--redis-*` options as given (the password is read only when the
/// Redis store is built).
#[derive(Debug, Clone)]
pub struct RedisOptions {
    /// `--redis-url`.
    pub url: String,
    /// `--redis-password-file`.
    pub password_file: Option<PathBuf>,
    /// `--redis-ca-file`.
    pub ca_file: Option<PathBuf>,
    /// `--redis-timeout`.
    pub timeout: Duration,
    /// `--redis-key`.
    pub key: Option<String>,
    /// `--redis-prefix`.
    pub prefix: String,
    /// `--redis-layout`.
    pub layout: RedisLayout,
    /// `--redis-ttl`.
    pub ttl: Option<Duration>,
}

impl Config {
    /// Resolve the global arguments.
    ///
    /// Precedence, field by field: an explicit flag (or its environment
    /// variable), then `--preset`'s value, then the default.
    pub fn from_args(args: &GlobalArgs) -> Result<Config> {
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
        let key_file = args
            .key_file
            .as_deref()
            .map(environment::expand_tilde)
            .transpose()?;
        Ok(Config {
            lock_path: lock_path_for(&cache_path),
            cache_path,
            user_root: user_root.ok(),
            platform,
            store,
            service: service.unwrap_or_else(|| DEFAULT_SERVICE.to_string()),
            account: account.unwrap_or_else(|| DEFAULT_ACCOUNT.to_string()),
            keys: KeySources::from_env(args.key_fd, key_file),
            scope: args.scope,
            entropy_env: args.entropy_env.clone(),
            plaintext_fallback: args.plaintext_fallback,
            lock_timeout: args.lock_timeout,
            quiet: args.quiet,
            json: args.json,
            keyring: {
                // The preset's layout, each field overridden by its flag.
                let base = preset.map(Preset::keyring).unwrap_or_default();
                KeyringLayout {
                    collection: args.collection.clone().or(base.collection),
                    schema: args.schema.clone().or(base.schema),
                    attributes: if args.attribute.is_empty() {
                        base.attributes
                    } else {
                        args.attribute.clone()
                    },
                    label: args.label.clone().or(base.label),
                    encoding: args.encoding.unwrap_or(base.encoding),
                }
            },
            keyring_timeout: args.keyring_timeout,
            preset,
            redis: RedisOptions {
                url: args.redis_url.clone(),
                password_file: args.redis_password_file.clone(),
                ca_file: args.redis_ca_file.clone(),
                timeout: args.redis_timeout,
                key: args.redis_key.clone(),
                prefix: args.redis_prefix.clone(),
                layout: args.redis_layout.unwrap_or_default(),
                ttl: args.redis_ttl,
            },
        })
    }

    /// The store `--store` asks for (`auto` resolved for this platform,
    /// before any fallback).
    pub fn requested_kind(&self) -> StoreKind {
        self.store.unwrap_or_else(|| auto_store_for(self.platform))
    }

    /// The file store's settings.
    pub fn file_settings(&self) -> FileSettings {
        FileSettings {
            cache_path: self.cache_path.clone(),
        }
    }

    /// The encrypted file store's settings.
    pub fn encrypted_file_settings(&self) -> EncryptedFileSettings {
        EncryptedFileSettings {
            cache_path: self.cache_path.clone(),
            keys: self.keys.clone(),
        }
    }

    /// The Keychain store's settings.
    pub fn keychain_settings(&self) -> KeychainSettings {
        KeychainSettings {
            cache_path: self.cache_path.clone(),
            service: self.service.clone(),
            account: self.account.clone(),
        }
    }

    /// The DPAPI store's settings, with the entropy read from the variable
    /// `--entropy-env` names.
    pub fn dpapi_settings(&self) -> Result<DpapiSettings> {
        Ok(DpapiSettings {
            cache_path: self.cache_path.clone(),
            scope: self.scope,
            entropy: resolve_entropy(self.entropy_env.as_deref(), &|name| std::env::var_os(name))?,
        })
    }

    /// The Secret Service store's settings.
    #[cfg(target_os = "linux")]
    pub fn secret_service_settings(&self) -> crate::store::secret_service::SecretServiceSettings {
        crate::store::secret_service::SecretServiceSettings {
            cache_path: self.cache_path.clone(),
            service: self.service.clone(),
            account: self.account.clone(),
            layout: self.keyring.clone(),
            timeout: self.keyring_timeout,
        }
    }

    /// The Redis store's settings: the options, and the password from
    /// `TOKENCACHE_REDIS_PASSWORD` or `--redis-password-file`.
    pub fn redis_settings(&self) -> Result<RedisSettings> {
        let r = &self.redis;
        let password = match std::env::var("TOKENCACHE_REDIS_PASSWORD") {
            Ok(pw) if !pw.is_empty() => Some(Zeroizing::new(pw)),
            _ => match &r.password_file {
                Some(path) => Some(read_password_file(path)?),
                None => None,
            },
        };
        Ok(RedisSettings {
            url: r.url.clone(),
            password,
            ca_file: r.ca_file.clone(),
            timeout: r.timeout,
            key: r.key.clone(),
            prefix: r.prefix.clone(),
            layout: r.layout,
            ttl: r.ttl,
            max_value: crate::fsutil::max_size(),
            // The tests' hook between WATCH and EXEC; release builds ignore it.
            test_pause_dir: if cfg!(debug_assertions) {
                std::env::var_os("TOKENCACHE_TEST_REDIS_PAUSE_DIR").map(PathBuf::from)
            } else {
                None
            },
        })
    }

    /// Whether the DPAPI scope matters for the store in play.
    pub fn scope_used(&self, kind: StoreKind) -> bool {
        kind == StoreKind::Dpapi
    }
}

/// The first line of a password file. The file must be a regular file (no
/// link followed) that others cannot read, like a key file.
fn read_password_file(path: &std::path::Path) -> Result<Zeroizing<String>> {
    let bad = |why: String| Error::Config {
        message: format!("--redis-password-file {}: {why}", path.display()),
        hint: "give a file holding only the password, mode 0600 (chmod 600 FILE)".into(),
    };
    let meta = std::fs::symlink_metadata(path).map_err(|e| bad(e.to_string()))?;
    if !meta.is_file() {
        return Err(bad(
            "it is not a regular file (links are not followed)".into()
        ));
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        if meta.permissions().mode() & 0o077 != 0 {
            return Err(bad(format!(
                "others can read it (mode {:o})",
                meta.permissions().mode() & 0o777
            )));
        }
    }
    let bytes = Zeroizing::new(std::fs::read(path).map_err(|e| bad(e.to_string()))?);
    let text = std::str::from_utf8(&bytes).map_err(|_| bad("it is not UTF-8".into()))?;
    let line = text.lines().next().unwrap_or("");
    if line.is_empty() {
        return Err(bad("it is empty".into()));
    }
    Ok(Zeroizing::new(line.to_string()))
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
                Box::new(EncryptedFileStore::new(config.encrypted_file_settings()));
            Ok((store, Some(fallback)))
        }
        Err(err) if fallback_allowed(config, kind) => {
            // The cause alone: the warning already names the store.
            let reason = match &err {
                Error::Unavailable { cause, .. } => cause.clone(),
                other => other.to_string(),
            };
            let fallback = Fallback { from: kind, reason };
            let store: Box<dyn Store> = Box::new(FileStore::new(config.file_settings()));
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
        StoreKind::File => Ok(Box::new(FileStore::new(config.file_settings()))),
        #[cfg(target_os = "linux")]
        StoreKind::SecretService => Ok(Box::new(
            crate::store::secret_service::SecretServiceStore::new(config.secret_service_settings()),
        )),
        #[cfg(windows)]
        StoreKind::Dpapi => Ok(Box::new(crate::store::dpapi::DpapiStore::new(
            config.dpapi_settings()?,
            crate::store::dpapi::SystemDpapi,
        ))),
        #[cfg(target_os = "macos")]
        StoreKind::Keychain => Ok(Box::new(crate::store::keychain::KeychainStore::system(
            config.keychain_settings(),
        )?)),
        StoreKind::EncryptedFile => Ok(Box::new(EncryptedFileStore::new(
            config.encrypted_file_settings(),
        ))),
        StoreKind::Redis => Ok(Box::new(RedisStore::new(config.redis_settings()?))),
        other => Err(not_on_this_platform(other, config.platform)),
    }
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
        let mut config = Config::from_args(&cli.global).unwrap();
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
            Config::from_args(&cli.global)
                .unwrap()
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
