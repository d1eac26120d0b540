//! Where the cache lives: one trait, one file per backend, and the selection
//! logic that mirrors msal-node-extensions' `PersistenceCreator`.
//!
//! Every store keeps the cache *document* (UTF-8 JSON bytes, already validated
//! by the caller) somewhere; the cross-process lock is always the
//! `<cache path>.lockfile` next to the cache path, whatever the store, because
//! that is where every MSAL extension library looks for it.

use std::time::Duration;

use serde::Serialize;

use crate::error::Result;

pub mod args;
pub mod deadline;
pub mod dpapi;
pub mod encrypted_file;
pub mod file;
pub mod keychain;
pub mod keyring_layout;
pub mod open;
pub mod partitions;
pub mod postgres;
pub mod redis;
pub mod secret_service;

/// The storage backends tokencache knows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum StoreKind {
    /// A plaintext file (0600) at the cache path.
    File,
    /// A Secret Service item (Linux: gnome-keyring, KWallet, KeePassXC).
    SecretService,
    /// A macOS Keychain generic password.
    Keychain,
    /// A DPAPI-encrypted file (Windows).
    Dpapi,
    /// An authenticated encrypted file with an explicit key (every OS).
    EncryptedFile,
    /// One key of a Redis database (a distributed cache partition).
    Redis,
    /// One row of a Postgres cache table (a distributed cache partition).
    Postgres,
}

impl StoreKind {
    /// Every store, in the order `tokencache --version` lists them.
    pub const ALL: &'static [StoreKind] = &[
        StoreKind::File,
        StoreKind::EncryptedFile,
        StoreKind::Redis,
        StoreKind::Postgres,
        StoreKind::SecretService,
        StoreKind::Keychain,
        StoreKind::Dpapi,
    ];

    /// Every store, in the order `--store`'s help lists them.
    pub const CHOICES: &'static [StoreKind] = &[
        StoreKind::File,
        StoreKind::SecretService,
        StoreKind::Keychain,
        StoreKind::Dpapi,
        StoreKind::EncryptedFile,
        StoreKind::Redis,
        StoreKind::Postgres,
    ];

    /// What the store is, in one line: its help under `--store`.
    pub fn summary(self) -> &'static str {
        match self {
            StoreKind::File => "A plaintext file (0600) at the cache path",
            StoreKind::SecretService => "A Secret Service item (Linux)",
            StoreKind::Keychain => "A Keychain generic password (macOS)",
            StoreKind::Dpapi => "A DPAPI-encrypted file at the cache path (Windows)",
            StoreKind::EncryptedFile => {
                "An authenticated encrypted file at the cache path, with an explicit key (every OS)"
            }
            StoreKind::Redis => {
                "One key of a Redis database: a distributed cache partition (msal-node, Microsoft.Identity.Web)"
            }
            StoreKind::Postgres => {
                "One row of a Postgres cache table: a distributed cache partition (Microsoft.Identity.Web)"
            }
        }
    }

    /// Whether this build can use the store: the platform stores exist only
    /// on their own OS, the Postgres store only with its feature (elsewhere
    /// `--store` names them and fails).
    pub const fn compiled_in(self) -> bool {
        match self {
            StoreKind::File | StoreKind::EncryptedFile | StoreKind::Redis => true,
            // A Cargo feature, on by default (Cargo.toml).
            StoreKind::Postgres => cfg!(feature = "postgres"),
            StoreKind::SecretService => cfg!(target_os = "linux"),
            StoreKind::Keychain => cfg!(target_os = "macos"),
            StoreKind::Dpapi => cfg!(windows),
        }
    }

    /// Whether `--scope` (the DPAPI protection scope) matters for the store.
    pub fn uses_scope(self) -> bool {
        self == StoreKind::Dpapi
    }

    /// Whether writers are serialised with `<cache path>.lockfile`, which
    /// needs the cache path's folder. `false`: the store lives elsewhere and
    /// serialises writers itself (Redis: see [`Store::atomically`]), so
    /// neither the folder nor the lock file is touched, and there is no
    /// cache path or lock path to name.
    pub fn uses_lock_file(self) -> bool {
        !matches!(self, StoreKind::Redis | StoreKind::Postgres)
    }

    /// Whether the cache itself is the file at the cache path (the file,
    /// DPAPI and encrypted file stores). `false` for a keyring, where the
    /// cache path is only the marker file whose folder holds the lock (that
    /// folder is created when missing), and for Redis.
    pub fn keeps_cache_at_path(self) -> bool {
        matches!(
            self,
            StoreKind::File | StoreKind::Dpapi | StoreKind::EncryptedFile
        )
    }

    /// The store called `name` on the command line (`None`: no such store,
    /// e.g. `auto`).
    pub fn named(name: &str) -> Option<StoreKind> {
        StoreKind::ALL.iter().copied().find(|k| k.as_str() == name)
    }

    /// The name used on the command line and in JSON output.
    pub fn as_str(self) -> &'static str {
        match self {
            StoreKind::File => "file",
            StoreKind::SecretService => "secret-service",
            StoreKind::Keychain => "keychain",
            StoreKind::Dpapi => "dpapi",
            StoreKind::EncryptedFile => "encrypted-file",
            StoreKind::Redis => "redis",
            StoreKind::Postgres => "postgres",
        }
    }
}

/// Where and how a store keeps the cache, for `verify`, `path --json` and
/// error messages. Never contains a secret.
#[derive(Debug, Clone, Serialize)]
pub struct Description {
    /// One line: "plaintext file /home/u/.tokencache/cache.json".
    pub summary: String,
    /// Named facts (path, item attributes, collection, …), in display order.
    /// Names are snake_case: they are the keys of `verify --json`'s
    /// `details` and `path --json`'s `location`.
    pub fields: Vec<(&'static str, Fact)>,
}

/// One fact of a [`Description`]: text, or a yes/no that may not have been
/// checked (a JSON boolean, or `null`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(untagged)]
pub enum Fact {
    /// A path, a name, a sentence.
    Text(String),
    /// Yes or no; `None` when it was not checked.
    Flag(Option<bool>),
}

impl From<String> for Fact {
    fn from(text: String) -> Fact {
        Fact::Text(text)
    }
}

impl From<&str> for Fact {
    fn from(text: &str) -> Fact {
        Fact::Text(text.to_string())
    }
}

impl std::fmt::Display for Fact {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Fact::Text(text) => text,
            Fact::Flag(Some(true)) => "yes",
            Fact::Flag(Some(false)) => "no",
            Fact::Flag(None) => "not checked",
        })
    }
}

impl Description {
    /// The named facts as one JSON object, in display order: text as
    /// strings, yes/no as booleans (`null`: not checked).
    pub fn fields_json(&self) -> serde_json::Map<String, serde_json::Value> {
        self.fields
            .iter()
            .map(|(name, value)| {
                let value = match value {
                    Fact::Text(text) => text.as_str().into(),
                    Fact::Flag(flag) => (*flag).into(),
                };
                (name.to_string(), value)
            })
            .collect()
    }

    /// The named facts as `  name: value` lines, for people (the snake_case
    /// names with spaces).
    pub fn fields_text(&self) -> String {
        self.fields
            .iter()
            .map(|(name, value)| format!("  {}: {value}\n", name.replace('_', " ")))
            .collect()
    }
}

/// A storage backend. Implementations do no locking: callers hold the cache
/// lock around every call that reads or changes the stored cache.
pub trait Store {
    /// Which backend this is.
    fn kind(&self) -> StoreKind;

    /// The stored cache, or `None` when nothing is stored (missing, or empty
    /// as the MSAL libraries leave it).
    fn load(&self) -> Result<Option<Vec<u8>>>;

    /// Replace the stored cache with `data`, atomically.
    fn save(&self, data: &[u8]) -> Result<()>;

    /// Remove the stored cache; `true` when something was removed.
    fn delete(&self) -> Result<bool>;

    /// The seed's persistence validation: write a dummy value to a location
    /// that is *not* the cache (unique per call), read it back, compare, delete
    /// it on every path. `Ok` means `load`/`save` will work.
    fn verify(&self) -> Result<()>;

    /// Where and how the cache is kept.
    fn describe(&self) -> Description;

    /// Whether writers are serialised with `<cache path>.lockfile`: the
    /// kind's [`StoreKind::uses_lock_file`].
    fn uses_lock_file(&self) -> bool {
        self.kind().uses_lock_file()
    }

    /// Whether the cache itself is the file at the cache path: the kind's
    /// [`StoreKind::keeps_cache_at_path`].
    fn keeps_cache_at_path(&self) -> bool {
        self.kind().keeps_cache_at_path()
    }

    /// Whether the stored bytes are ciphertext this store decrypts (DPAPI,
    /// the encrypted file): a command wipes the plaintext once it is done.
    fn decrypts(&self) -> bool {
        false
    }

    /// Obtain whatever needs a person or an inherited descriptor (the
    /// encrypted file's key) *before* the lock is taken, so that a prompt
    /// never holds the lock. `writing`: the caller is about to `save`.
    fn unlock(&self, writing: bool) -> Result<()> {
        let _ = writing;
        Ok(())
    }

    /// For a store that serialises writers itself instead of with the
    /// `<cache>.lockfile` (Redis: an optimistic transaction, retried while
    /// another writer gets in between): run `f`, which loads and then saves
    /// or deletes at most once, that way. `None`: use the lock file.
    fn atomically(&self, f: &mut dyn FnMut() -> Result<()>) -> Option<Result<()>> {
        let _ = f;
        None
    }

    /// How many times [`Store::atomically`] retried because another writer
    /// changed the cache in between (`None`: the store does not retry).
    fn retries(&self) -> Option<u32> {
        None
    }

    /// The partition this store holds, for stores keyed per user, app or
    /// on-behalf-of assertion (Redis): `write` refuses entries of another.
    fn partition_key(&self) -> Option<&str> {
        None
    }

    /// For a store made of many partitions (Redis, Postgres): the walk over
    /// them and a store for each (`list`, `prune`). `None`: the store holds
    /// one cache.
    fn partitions(&self) -> Option<&dyn partitions::Partitions> {
        None
    }
}

/// The dummy value `verify` round-trips, as in msal-node-extensions.
pub const VERIFY_DATA: &[u8] = b"Dummy data to verify underlying persistence mechanism";

/// The file-backed stores' persistence validation: write [`VERIFY_DATA`]
/// with `save` to a probe file beside the cache that no other run shares
/// (`.tokencache-verify-<pid>-<nanos>`), read it back with `load`, compare,
/// and remove the probe on every path. `hint` says what to check when the
/// bytes do not come back.
pub(crate) fn verify_with_probe(
    cache_path: &std::path::Path,
    store: StoreKind,
    save: impl FnOnce(&std::path::Path, &[u8]) -> Result<()>,
    load: impl FnOnce(&std::path::Path) -> Result<Option<Vec<u8>>>,
    hint: &str,
) -> Result<()> {
    // The round trip proves nothing about a cache path that cannot be used
    // (a FIFO, a link, another user's file): say so here, not at the next read.
    crate::fsutil::check_regular_or_missing(cache_path)?;
    let dir = crate::fsutil::parent_dir(cache_path);
    crate::fsutil::check_dir(dir)?;
    crate::fsutil::ensure_private_dir(dir)?;
    let probe = dir.join(format!(
        ".tokencache-verify-{}-{}",
        std::process::id(),
        file::unique_suffix()
    ));
    let result = save(&probe, VERIFY_DATA).and_then(|()| match load(&probe)? {
        Some(back) if back == VERIFY_DATA => Ok(()),
        _ => Err(crate::error::Error::Unavailable {
            store: store.as_str(),
            cause: format!(
                "what was written to {} did not read back the same",
                probe.display()
            ),
            hint: hint.into(),
        }),
    });
    let cleanup = crate::fsutil::remove_file(&probe);
    result.and(cleanup.map(|_| ()))
}

/// A store chosen for this invocation, and whether a fallback happened.
pub struct Selected {
    /// The store to use.
    pub store: Box<dyn Store>,
    /// Set when `auto` could not use the platform's protected store.
    pub fallback: Option<Fallback>,
    /// How long choosing (including verification) took.
    pub selection_time: Duration,
}

/// Why `auto` fell back, for stderr, `path --json` and `verify --json`.
#[derive(Debug, Clone, Serialize)]
pub struct Fallback {
    /// The store that failed.
    pub from: StoreKind,
    /// Why, in one line.
    pub reason: String,
}

#[cfg(test)]
mod tests {
    use super::StoreKind;

    /// `--version` and `--store`'s help list the same stores.
    #[test]
    fn every_store_is_listed_once_in_each_order() {
        for list in [StoreKind::ALL, StoreKind::CHOICES] {
            for kind in StoreKind::CHOICES {
                assert_eq!(list.iter().filter(|k| *k == kind).count(), 1, "{kind:?}");
            }
            assert_eq!(list.len(), StoreKind::CHOICES.len());
        }
    }

    /// A new store is its folder, its `StoreKind` variant and one `flatten`
    /// line in `args.rs`: the command line and the configuration name no
    /// store (no module, variant or options group; their tests may).
    #[test]
    fn the_command_line_and_the_configuration_name_no_store() {
        let sources = [
            ("cli.rs", include_str!("../cli.rs")),
            ("config.rs", include_str!("../config.rs")),
        ];
        for (file, source) in sources {
            let code = source.split("#[cfg(test)]").next().unwrap_or_default();
            for &kind in StoreKind::ALL {
                let module = kind.as_str().replace('-', "_");
                for name in [
                    format!("StoreKind::{kind:?}"),
                    format!("store::{module}"),
                    format!("stores.{module}"),
                    format!("{module}::"),
                ] {
                    assert!(
                        !code.contains(&name),
                        "src/{file} names the {} store: `{name}` (that belongs in src/store/)",
                        kind.as_str()
                    );
                }
            }
        }
    }

    /// The stores stand on their own: each builds its settings from its own
    /// options (its `args.rs`), so no store reaches back into the command
    /// line or the configuration; and the command-line parser is
    /// used only by those `args.rs` files, never by a store itself.
    #[test]
    fn no_store_uses_the_command_line_or_the_configuration() {
        let sources = [
            ("mod.rs", include_str!("mod.rs")),
            ("args.rs", include_str!("args.rs")),
            ("dpapi/mod.rs", include_str!("dpapi/mod.rs")),
            ("dpapi/args.rs", include_str!("dpapi/args.rs")),
            (
                "encrypted_file/mod.rs",
                include_str!("encrypted_file/mod.rs"),
            ),
            (
                "encrypted_file/args.rs",
                include_str!("encrypted_file/args.rs"),
            ),
            (
                "encrypted_file/format.rs",
                include_str!("encrypted_file/format.rs"),
            ),
            ("deadline.rs", include_str!("deadline.rs")),
            ("file.rs", include_str!("file.rs")),
            ("keychain.rs", include_str!("keychain.rs")),
            ("keyring_layout.rs", include_str!("keyring_layout.rs")),
            ("open.rs", include_str!("open.rs")),
            ("partitions.rs", include_str!("partitions.rs")),
            ("postgres/mod.rs", include_str!("postgres/mod.rs")),
            ("postgres/args.rs", include_str!("postgres/args.rs")),
            ("postgres/connect.rs", include_str!("postgres/connect.rs")),
            ("postgres/fault.rs", include_str!("postgres/fault.rs")),
            ("postgres/walk.rs", include_str!("postgres/walk.rs")),
            ("redis/mod.rs", include_str!("redis/mod.rs")),
            ("redis/args.rs", include_str!("redis/args.rs")),
            ("redis/connect.rs", include_str!("redis/connect.rs")),
            ("redis/fault.rs", include_str!("redis/fault.rs")),
            ("redis/layout.rs", include_str!("redis/layout.rs")),
            ("redis/scan.rs", include_str!("redis/scan.rs")),
            ("redis/sentinel.rs", include_str!("redis/sentinel.rs")),
            (
                "secret_service/mod.rs",
                include_str!("secret_service/mod.rs"),
            ),
            (
                "secret_service/args.rs",
                include_str!("secret_service/args.rs"),
            ),
            (
                "secret_service/dbus.rs",
                include_str!("secret_service/dbus.rs"),
            ),
            (
                "secret_service/client.rs",
                include_str!("secret_service/client.rs"),
            ),
        ];
        // Built here so that this file does not contain what it forbids.
        let parser = ["cl", "ap"].concat();
        for (file, source) in sources {
            for module in ["cli", "config"] {
                let path = format!("crate::{module}");
                assert!(!source.contains(&path), "src/store/{file} uses {path}");
            }
            if !file.ends_with("args.rs") {
                assert!(
                    !source.contains(&parser),
                    "src/store/{file} uses {parser} (only a store's args.rs may)"
                );
            }
        }
        // A new store file must be added to the list above. (The directory
        // is read where the sources are: not under Wine, whose Windows view
        // of the build machine's paths differs; the check above still runs.)
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/store");
        if let Ok(entries) = std::fs::read_dir(&dir) {
            // A store in a folder (`redis/`) has its files listed one by one.
            let mut on_disk: Vec<String> = Vec::new();
            for entry in entries.filter_map(|e| e.ok()) {
                let name = entry.file_name().to_string_lossy().into_owned();
                if entry.path().is_dir() {
                    let inner = std::fs::read_dir(entry.path()).expect("a store's folder");
                    on_disk.extend(
                        inner
                            .filter_map(|e| e.ok()?.file_name().into_string().ok())
                            .filter(|n| n.ends_with(".rs"))
                            .map(|n| format!("{name}/{n}")),
                    );
                } else if name.ends_with(".rs") {
                    on_disk.push(name);
                }
            }
            on_disk.sort();
            let mut listed: Vec<String> = sources.iter().map(|(f, _)| f.to_string()).collect();
            listed.sort();
            assert_eq!(
                listed,
                on_disk,
                "every file in {} is checked",
                dir.display()
            );
        }
    }
}
