//! The encrypted file store (`--store encrypted-file`), for headless machines.
//!
//! **Where:** the cache path itself (`--cache-path`), a regular file of mode
//! 0600, written atomically (temp file, fsync, rename, directory fsync) under
//! the same `<cache path>.lockfile` as every other store. An empty or missing
//! file means "no cache".
//! **How:** a versioned container holding the cache JSON encrypted with
//! XChaCha20-Poly1305 under a random 32-byte *data key*; the data key is
//! stored wrapped (encrypted) under a *key-encryption key* (KEK), which is
//! either a raw 32-byte key or derived from a passphrase with Argon2id. The
//! key comes from an explicit source (see [`crate::keysource`]).
//! **Who else reads it:** nobody: this is tokencache's own format. The MSAL
//! libraries cannot read it; export with `tokencache read`.
//! **Protection:** without the key, the file reveals only its length and KDF
//! parameters. It does not protect against programs running as the same
//! user while the key is available to them, or against root.
//!
//! The container's format, byte by byte, is in [`mod@format`].
//!
//! # Rules
//!
//! - Headers are checked before any key derivation: a wrong magic, an unknown
//!   version, KDF or AEAD id, a non-zero reserved byte, Argon2id parameters
//!   outside m 19 MiB..=1 GiB, t 2..=10, p 1..=8 (or non-zero parameters for a
//!   raw key), or a length that disagrees with the file size are refused at
//!   once. A newer format version gets its own message naming it.
//! - Any authentication failure is one error: "cannot decrypt: wrong key, or
//!   the file was modified", exit 7, nothing printed, the file untouched.
//! - A write keeps the existing data key, salt and parameters once the key has
//!   unwrapped it (a write with the wrong key is refused rather than locking
//!   out the key's other users; `tokencache clear` starts over). When the
//!   file's Argon2id `m` or `t` is below the current defaults (m = 64 MiB,
//!   t = 3, p = 4), the data key is re-wrapped under a fresh salt with the
//!   defaults. (`p` alone does not change the work an attacker does per guess,
//!   so a lower `p` is not "weaker".) A file that is not a tokencache container
//!   at all (a plaintext cache) is simply replaced.
use std::cell::OnceCell;
use std::path::{Path, PathBuf};

use super::{Description, Store, StoreKind};
use crate::error::{Error, Result};
use crate::fsutil;
use crate::keysource::{KeySource, KeySources};

pub mod args;
pub mod format;

pub use args::EncryptedFileArgs;
pub use format::*;

impl KdfCap {
    /// `TOKENCACHE_KDF_MAX_MEMORY` (a size: `256MiB`) and
    /// `TOKENCACHE_KDF_MAX_ITERATIONS` (a number) over [`DEFAULT_CAP`].
    pub fn from_env() -> Result<KdfCap> {
        let mut cap = DEFAULT_CAP;
        let bad = |name: &str, why: String| {
            Error::Config {
            message: format!("{name}: {why}"),
            hint: format!(
                "set {name} to at least the parameters your file was written with (at most 1GiB of memory, 10 iterations), \
                 or unset it for the default cap (m = 64 MiB, t = 3)"
            ),
        }
        };
        if let Some(v) = std::env::var_os("TOKENCACHE_KDF_MAX_MEMORY").filter(|v| !v.is_empty()) {
            let text = v.to_string_lossy();
            let bytes =
                fsutil::parse_size(&text).map_err(|why| bad("TOKENCACHE_KDF_MAX_MEMORY", why))?;
            cap.m_kib = u32::try_from(bytes / 1024).unwrap_or(u32::MAX);
        }
        if let Some(v) = std::env::var_os("TOKENCACHE_KDF_MAX_ITERATIONS").filter(|v| !v.is_empty())
        {
            let text = v.to_string_lossy();
            cap.t = text.trim().parse().map_err(|_| {
                bad(
                    "TOKENCACHE_KDF_MAX_ITERATIONS",
                    format!("`{text}` is not a number of iterations"),
                )
            })?;
        }
        Ok(cap)
    }
}

/// What the encrypted file store needs to know, built by `open.rs`.
#[derive(Debug, Clone)]
pub struct EncryptedFileSettings {
    /// The container file.
    pub cache_path: PathBuf,
    /// Where the key comes from (`--key-fd`, `--key-file`, the environment,
    /// a prompt).
    pub keys: KeySources,
    /// The largest cache read (`--max-size`, `TOKENCACHE_MAX_SIZE`).
    pub max_size: u64,
    /// How long a replace waits for a reader's handle (see
    /// [`fsutil::DEFAULT_REPLACE_PATIENCE`]).
    pub replace_patience: std::time::Duration,
}

/// A cache kept as an encrypted file.
pub struct EncryptedFileStore {
    path: PathBuf,
    sources: KeySources,
    key: OnceCell<(KeySource, CacheKey)>,
    cap: OnceCell<KdfCap>,
    max_size: u64,
    replace_patience: std::time::Duration,
}

impl EncryptedFileStore {
    /// The store `settings` describe (no key is obtained yet).
    pub fn new(settings: EncryptedFileSettings) -> EncryptedFileStore {
        EncryptedFileStore {
            path: settings.cache_path,
            sources: settings.keys,
            max_size: settings.max_size,
            replace_patience: settings.replace_patience,
            key: OnceCell::new(),
            cap: OnceCell::new(),
        }
    }

    /// The cap on a stored file's Argon2id parameters (see [`DEFAULT_CAP`]).
    fn cap(&self) -> Result<KdfCap> {
        if let Some(cap) = self.cap.get() {
            return Ok(*cap);
        }
        let cap = KdfCap::from_env()?;
        Ok(*self.cap.get_or_init(|| cap))
    }

    /// Parse a stored header and hold it to the cap, before any key work.
    fn checked_header(&self, path: &Path, bytes: &[u8], total: u64) -> Result<Header> {
        let header = parse_header_of(bytes, total).map_err(|e| self.crypto_error(path, e))?;
        self.cap()?
            .check(header.kdf)
            .map_err(|e| self.crypto_error(path, e))?;
        Ok(header)
    }

    /// The file's path.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Obtain the key now (before the lock is taken: a prompt must not hold
    /// the lock). `confirm`: a prompted passphrase is asked twice.
    fn key(&self, confirm: bool) -> Result<&(KeySource, CacheKey)> {
        if let Some(k) = self.key.get() {
            return Ok(k);
        }
        let (source, material) = self.sources.obtain(&self.path, confirm)?;
        Ok(self.key.get_or_init(|| (source, CacheKey::new(material))))
    }

    fn source_name(&self) -> String {
        match self.key.get() {
            Some((s, _)) => s.to_string(),
            None => self.sources.chosen().to_string(),
        }
    }

    fn stored(&self, path: &Path) -> Result<Option<Vec<u8>>> {
        Ok(fsutil::read_private(path, self.max_size)?.filter(|b| !b.is_empty()))
    }

    fn crypto_error(&self, path: &Path, err: CryptoError) -> Error {
        let location = format!("encrypted file {}", path.display());
        match err {
            CryptoError::Auth => Error::Decrypt {
                path: path.to_path_buf(),
                key_source: self.source_name(),
            },
            CryptoError::NotContainer => Error::Corrupt {
                location,
                detail: "it is not a tokencache encrypted file (no TKCACHE header); a plaintext cache is read with \
                         --store file, and replaced by the next encrypted write"
                    .into(),
            },
            CryptoError::NewerVersion(v) => Error::Unavailable {
                store: "encrypted-file",
                cause: format!(
                    "{} was written by a newer tokencache (format version {v}); this one reads format version {FORMAT_VERSION}",
                    path.display()
                ),
                hint: "upgrade tokencache to read it; the file was left as it is".into(),
            },
            CryptoError::Malformed(detail) => Error::Corrupt { location, detail },
            CryptoError::KindMismatch { file } => Error::Key {
                cause: format!(
                    "{} was written with {}, but the key from {} is {}",
                    path.display(),
                    match file {
                        Kdf::Raw => "a raw 32-byte key",
                        Kdf::Argon2id(_) => "a passphrase (Argon2id)",
                    },
                    self.source_name(),
                    if self.sources.chosen().is_passphrase() { "a passphrase" } else { "a raw key" }
                ),
                hint: "supply the same kind of key the file was written with, or start over with `tokencache clear`".into(),
            },
        }
    }

    fn load_from(&self, path: &Path) -> Result<Option<Vec<u8>>> {
        let Some(bytes) = self.stored(path)? else {
            return Ok(None);
        };
        // Structural problems are reported before asking for a key.
        self.checked_header(path, &bytes, bytes.len() as u64)?;
        let (_, key) = self.key(false)?;
        let plain = open(&bytes, key).map_err(|e| self.crypto_error(path, e))?;
        // Moved out, not copied: the one plaintext buffer is wiped by `read`
        // once printed.
        let mut plain = plain;
        Ok(Some(std::mem::take(&mut *plain)))
    }

    fn save_to(&self, path: &Path, data: &[u8]) -> Result<()> {
        let previous = self.stored(path)?.filter(|b| b.starts_with(MAGIC));
        if let Some(prev) = &previous {
            self.checked_header(path, prev, prev.len() as u64)?;
        }
        let (_, key) = self.key(previous.is_none())?;
        let sealed =
            seal(data, key, previous.as_deref()).map_err(|e| self.crypto_error(path, e))?;
        fsutil::ensure_private_dir(fsutil::parent_dir(path))?;
        fsutil::write_atomic(path, &sealed, self.replace_patience)
    }

    /// The first [`HEADER_LEN`] bytes of the file at `path` and its size, read
    /// through [`fsutil::open_regular`] (no link followed, no FIFO opened,
    /// nothing bigger than the size limit). `None` when it does not exist.
    fn head(&self, path: &Path) -> Result<Option<(Vec<u8>, u64)>> {
        use std::io::Read;
        let Some((file, meta)) = fsutil::open_regular(path)? else {
            return Ok(None);
        };
        fsutil::check_size(path, meta.len(), self.max_size)?;
        let mut head = Vec::with_capacity(HEADER_LEN);
        file.take(HEADER_LEN as u64)
            .read_to_end(&mut head)
            .map_err(|e| Error::io("read", path, e))?;
        Ok(Some((head, meta.len())))
    }

    /// The KDF line for `describe`: what the stored file uses, when readable.
    fn stored_kdf(&self) -> Option<String> {
        let (head, len) = self.head(&self.path).ok()??;
        parse_header_of(&head, len).ok().map(|h| h.kdf.to_string())
    }
}

impl Store for EncryptedFileStore {
    fn kind(&self) -> StoreKind {
        StoreKind::EncryptedFile
    }

    fn decrypts(&self) -> bool {
        true
    }

    /// Everything that costs time or needs a person happens here, before the
    /// lock: the key (a prompt), the header checks (bounds, the cap), the
    /// Argon2id derivation for the stored salt (remembered for `load`/`save`)
    /// and a check that the key unwraps the data key; for a write, also the
    /// derivation a fresh wrap needs. Under the lock only a header that
    /// changed meanwhile (another writer re-wrapped it) is derived again.
    fn unlock(&self, writing: bool) -> Result<()> {
        fsutil::check_regular_or_missing(&self.path)?;
        let head = self.head(&self.path)?;
        let stored = head.filter(|(h, _)| h.starts_with(MAGIC));
        if !writing && stored.is_none() {
            // Nothing to decrypt; but a configured source that is bad or
            // missing (a key file that is not there, a TOKENCACHE_KEY that
            // is not base64 of 32 bytes) is said now, not at the first
            // write: `read --allow-missing` starts many CI jobs. The prompt
            // is not a configured source: nobody is asked for nothing.
            if self.sources.configured().is_some() {
                self.key(false)?;
            }
            return Ok(());
        }
        let header = match &stored {
            Some((h, len)) => Some(self.checked_header(&self.path, h, *len)?),
            None => None,
        };
        let (_, key) = self.key(writing && stored.is_none())?;
        if let (Some((h, _)), Some(header)) = (&stored, &header) {
            key.prepare_stored(h, header)
                .map_err(|e| self.crypto_error(&self.path, e))?;
        }
        let weaker = matches!(header, Some(Header { kdf: Kdf::Argon2id(p), .. }) if p.weaker_than(&DEFAULT_PARAMS));
        if writing && (stored.is_none() || weaker) {
            key.prepare_fresh();
        }
        Ok(())
    }

    fn load(&self) -> Result<Option<Vec<u8>>> {
        self.load_from(&self.path)
    }

    fn save(&self, data: &[u8]) -> Result<()> {
        self.save_to(&self.path, data)
    }

    fn delete(&self) -> Result<bool> {
        fsutil::remove_file(&self.path)
    }

    fn verify(&self) -> Result<()> {
        self.key(false)?;
        super::verify_with_probe(
            &self.path,
            StoreKind::EncryptedFile,
            |probe, data| self.save_to(probe, data),
            |probe| self.load_from(probe),
            "check the file system holding the cache (full, read-only, or a network mount that caches writes)",
        )
    }

    fn describe(&self) -> Description {
        let source = self.source_name();
        let new_kdf = if self.sources.chosen().is_passphrase() {
            Kdf::Argon2id(DEFAULT_PARAMS)
        } else {
            Kdf::Raw
        };
        let mut fields = vec![
            ("path", self.path.display().to_string().into()),
            (
                "format",
                format!("tokencache encrypted file v{FORMAT_VERSION}, XChaCha20-Poly1305").into(),
            ),
            ("key_source", source.into()),
            ("kdf", new_kdf.to_string().into()),
        ];
        if let Some(stored) = self.stored_kdf() {
            fields.push(("stored_kdf", stored.into()));
        }
        fields.push((
            "protection",
            "XChaCha20-Poly1305, unreadable without the key; not protected from programs running \
             as the same user or root"
                .into(),
        ));
        Description {
            summary: format!("encrypted file {}", self.path.display()),
            fields,
        }
    }
}
