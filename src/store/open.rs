//! Building a store: its settings from its own options (its `args.rs`) and
//! the settings every store shares; `auto`'s choice per platform and its
//! fallbacks. The configuration hands both in and names no store.

use std::path::Path;
use std::time::Duration;

use super::args::StoreArgs;
use super::encrypted_file::{EncryptedFileSettings, EncryptedFileStore};
use super::file::{FileSettings, FileStore};
use super::keyring_layout::KeyringLayout;
#[cfg(feature = "postgres")]
use super::postgres::PostgresStore;
use super::redis::RedisStore;
use super::{Store, StoreKind};
use crate::environment::Platform;
use crate::error::{Error, Result};
use crate::keysource::KeySources;

/// What a store needs that was not given, for `doctor`: why the store is
/// not set up, and how to set it up.
#[derive(Debug, Clone)]
pub struct MissingSetup {
    /// What is missing, in one line.
    pub detail: String,
    /// How to give it.
    pub fix: Option<String>,
    /// Whether the store can be checked without it (a round trip still
    /// means something): Redis's needs no partition key, the encrypted
    /// file's needs its key.
    pub checkable: bool,
}

/// The settings every store may use, resolved from the shared options.
#[derive(Debug, Clone, Copy)]
pub struct Shared<'a> {
    /// The cache file (or the marker file, for keyring stores).
    pub cache_path: &'a Path,
    /// The largest cache read or stored.
    pub max_size: u64,
    /// How long a file store's replace waits for a reader's open handle
    /// (Windows).
    pub replace_patience: Duration,
    /// Keyring service name (also the macOS Keychain item's).
    pub service: &'a str,
    /// Keyring account name (also the macOS Keychain item's).
    pub account: &'a str,
    /// How a keyring item is laid out.
    pub keyring: &'a KeyringLayout,
    /// Where the encrypted file store's key comes from.
    pub keys: &'a KeySources,
    /// The platform, as Node names it.
    pub platform: Platform,
}

impl StoreKind {
    /// `PersistenceCreator`'s choice per platform: DPAPI on Windows, the
    /// Keychain on macOS, the Secret Service on Linux (and other Unixes).
    pub fn auto_for(platform: Platform) -> StoreKind {
        match platform {
            Platform::Windows => StoreKind::Dpapi,
            Platform::MacOs => StoreKind::Keychain,
            Platform::Linux | Platform::OtherUnix => StoreKind::SecretService,
        }
    }

    /// The store `auto` uses when this one, the platform's, fails: on
    /// Linux, a failed Secret Service falls back to the encrypted file at
    /// the cache path when a key source is configured, else (the seed's
    /// `usePlaintextFileOnLinux`) to the plaintext file only when
    /// `plaintext_fallback` asks for it.
    pub fn fallback(
        self,
        platform: Platform,
        keys: &KeySources,
        plaintext_fallback: bool,
    ) -> Option<StoreKind> {
        if self != StoreKind::SecretService
            || !matches!(platform, Platform::Linux | Platform::OtherUnix)
        {
            return None;
        }
        if keys.configured().is_some() {
            Some(StoreKind::EncryptedFile)
        } else if plaintext_fallback {
            Some(StoreKind::File)
        } else {
            None
        }
    }

    /// Construct a store of this kind without verifying it: its settings
    /// from its options and the shared ones.
    pub fn open(self, args: &StoreArgs, shared: &Shared<'_>) -> Result<Box<dyn Store>> {
        let cache_path = shared.cache_path.to_path_buf();
        match self {
            StoreKind::File => Ok(Box::new(FileStore::new(FileSettings {
                cache_path,
                max_size: shared.max_size,
                replace_patience: shared.replace_patience,
            }))),
            #[cfg(target_os = "linux")]
            StoreKind::SecretService => {
                use super::secret_service::{SecretServiceSettings, SecretServiceStore};
                Ok(Box::new(SecretServiceStore::new(SecretServiceSettings {
                    cache_path,
                    service: shared.service.to_string(),
                    account: shared.account.to_string(),
                    layout: shared.keyring.clone(),
                    timeout: args.secret_service.keyring_timeout,
                })))
            }
            #[cfg(windows)]
            StoreKind::Dpapi => Ok(Box::new(super::dpapi::DpapiStore::new(
                args.dpapi
                    .settings(&cache_path, shared.max_size, shared.replace_patience)?,
                super::dpapi::SystemDpapi,
            ))),
            #[cfg(target_os = "macos")]
            StoreKind::Keychain => Ok(Box::new(super::keychain::KeychainStore::system(
                super::keychain::KeychainSettings {
                    cache_path,
                    service: shared.service.to_string(),
                    account: shared.account.to_string(),
                },
            )?)),
            StoreKind::EncryptedFile => {
                Ok(Box::new(EncryptedFileStore::new(EncryptedFileSettings {
                    cache_path,
                    keys: shared.keys.clone(),
                    max_size: shared.max_size,
                    replace_patience: shared.replace_patience,
                })))
            }
            StoreKind::Redis => Ok(Box::new(RedisStore::new(
                args.redis.settings(shared.max_size)?,
            ))),
            #[cfg(feature = "postgres")]
            StoreKind::Postgres => Ok(Box::new(PostgresStore::new(
                args.postgres.settings(shared.max_size)?,
            ))),
            other => Err(not_on_this_platform(other, shared.platform)),
        }
    }

    /// What this store needs that its options and the shared settings do
    /// not give (`None`: nothing, as far as can be told without using it).
    pub fn missing_setup(self, args: &StoreArgs, shared: &Shared<'_>) -> Option<MissingSetup> {
        match self {
            StoreKind::EncryptedFile if shared.keys.configured().is_none() => Some(MissingSetup {
                detail: "no key source is configured (--key-fd, --key-file, \
                         $CREDENTIALS_DIRECTORY/tokencache-key, TOKENCACHE_KEY, TOKENCACHE_PASSPHRASE)"
                    .into(),
                fix: Some(
                    crate::keysource::no_key_error()
                        .hint()
                        .unwrap_or_default(),
                ),
                checkable: false,
            }),
            StoreKind::Redis if args.redis.redis_key.is_none() => Some(MissingSetup {
                detail: "no --redis-key (TOKENCACHE_REDIS_KEY) is given".into(),
                fix: None,
                checkable: true,
            }),
            StoreKind::Postgres if args.postgres.pg_key.is_none() => Some(MissingSetup {
                detail: "no --pg-key (TOKENCACHE_PG_KEY) is given".into(),
                fix: None,
                checkable: true,
            }),
            _ => None,
        }
    }

    /// The only OS the store exists on ("every platform" for the rest).
    fn home(self) -> &'static str {
        match self {
            StoreKind::Keychain => "macOS",
            StoreKind::Dpapi => "Windows",
            StoreKind::SecretService => "Linux",
            StoreKind::File | StoreKind::EncryptedFile | StoreKind::Redis | StoreKind::Postgres => {
                "every platform"
            }
        }
    }
}

/// The error for a store this build cannot offer.
pub fn not_on_this_platform(kind: StoreKind, platform: Platform) -> Error {
    if kind == StoreKind::Postgres {
        // Exists on every platform, but only with its Cargo feature.
        return Error::Unavailable {
            store: kind.as_str(),
            cause: "this tokencache was built without the postgres store (Cargo feature \
                    `postgres`, on by default)"
                .into(),
            hint: "use a release binary, or build with default features (cargo install \
                   tokencache)"
                .into(),
        };
    }
    Error::Unavailable {
        store: kind.as_str(),
        cause: format!(
            "the {} store exists only on {}, and this is {}",
            kind.as_str(),
            kind.home(),
            platform.as_str()
        ),
        hint: "use --store auto, or --store file for a plaintext file".into(),
    }
}
