//! The plaintext file store.
//!
//! **Where:** the cache path itself (`--cache-path`, default
//! `<user root>/.tokencache/cache.json`).
//! **How:** the cache JSON exactly as given, UTF-8, no header or encoding, in a
//! regular file of mode 0600 inside directories created 0700. Writes are atomic
//! (temp file, fsync, rename, directory fsync); a symlink at the path is
//! refused. An empty file means "no cache", as msal-node-extensions writes it.
//! **Who else reads it:** msal-node-extensions' `FilePersistence`, Python
//! msal-extensions' `FilePersistence`, MSAL.NET's plaintext Linux fallback and
//! the Azure CLI (`~/.azure/msal_token_cache.json`) use this same layout.
//! **Protection:** file permissions only. Anyone who can read the file as the
//! same user, or as root, or from a backup, has the tokens.

use std::path::{Path, PathBuf};
use std::time::Duration;

use super::{Description, Store, StoreKind};
use crate::error::Result;
use crate::fsutil;

/// What the file store needs to know, built by `open.rs`.
#[derive(Debug, Clone)]
pub struct FileSettings {
    /// The cache file.
    pub cache_path: PathBuf,
    /// The largest cache read (`--max-size`, `TOKENCACHE_MAX_SIZE`).
    pub max_size: u64,
    /// How long a replace waits for a reader's handle (Windows; see
    /// [`fsutil::DEFAULT_REPLACE_PATIENCE`]).
    pub replace_patience: Duration,
}

/// A cache kept as a plaintext file.
#[derive(Debug, Clone)]
pub struct FileStore {
    path: PathBuf,
    max_size: u64,
    replace_patience: Duration,
}

impl FileStore {
    /// The store `settings` describe (nothing is touched yet).
    pub fn new(settings: FileSettings) -> FileStore {
        FileStore {
            path: settings.cache_path,
            max_size: settings.max_size,
            replace_patience: settings.replace_patience,
        }
    }

    /// A file store like this one at `path` (the verify probe).
    fn at(&self, path: &Path) -> FileStore {
        FileStore::new(FileSettings {
            cache_path: path.to_path_buf(),
            max_size: self.max_size,
            replace_patience: self.replace_patience,
        })
    }

    /// The file's path.
    pub fn path(&self) -> &Path {
        &self.path
    }
}

impl Store for FileStore {
    fn kind(&self) -> StoreKind {
        StoreKind::File
    }

    fn load(&self) -> Result<Option<Vec<u8>>> {
        Ok(fsutil::read_private(&self.path, self.max_size)?.filter(|bytes| !bytes.is_empty()))
    }

    fn save(&self, data: &[u8]) -> Result<()> {
        fsutil::ensure_private_dir(fsutil::parent_dir(&self.path))?;
        fsutil::write_atomic(&self.path, data, self.replace_patience)
    }

    fn delete(&self) -> Result<bool> {
        fsutil::remove_file(&self.path)
    }

    fn verify(&self) -> Result<()> {
        super::verify_with_probe(
            &self.path,
            StoreKind::File,
            |probe, data| self.at(probe).save(data),
            |probe| self.at(probe).load(),
            "check the file system holding the cache (full, read-only, or a network mount that caches writes)",
        )
    }

    fn describe(&self) -> Description {
        Description {
            summary: format!("plaintext file {}", self.path.display()),
            fields: vec![
                ("path", self.path.display().to_string().into()),
                ("protection", "file permissions (0600)".into()),
            ],
        }
    }
}

/// Nanoseconds since the epoch: unique enough, together with the pid, for a
/// probe name that no two runs share.
pub(crate) fn unique_suffix() -> u128 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos())
}
