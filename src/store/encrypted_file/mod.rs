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
//! # Format (version 1), byte by byte
//!
//! All integers little-endian.
//!
//! | offset | size | field |
//! |---:|---:|---|
//! | 0 | 8 | magic `TKCACHE\0` (`54 4B 43 41 43 48 45 00`) |
//! | 8 | 1 | format version: `1` |
//! | 9 | 1 | KDF id: `1` = Argon2id (passphrase), `2` = raw 32-byte key (no KDF) |
//! | 10 | 1 | AEAD id: `1` = XChaCha20-Poly1305 |
//! | 11 | 1 | reserved, `0` |
//! | 12 | 4 | Argon2id memory `m` in KiB (u32); `0` for a raw key |
//! | 16 | 4 | Argon2id iterations `t` (u32); `0` for a raw key |
//! | 20 | 4 | Argon2id lanes `p` (u32); `0` for a raw key |
//! | 24 | 16 | salt (random; the Argon2id salt) |
//! | 40 | 24 | key-wrap nonce (random) |
//! | 64 | 48 | wrapped data key: XChaCha20-Poly1305(KEK, key-wrap nonce, data key, AAD = bytes 0..40), 32 + 16-byte tag |
//! | 112 | 24 | payload nonce (fresh and random on every write) |
//! | 136 | 8 | plaintext length `n` (u64) |
//! | 144 | n + 16 | XChaCha20-Poly1305(data key, payload nonce, cache JSON, AAD = bytes 0..144), ciphertext then tag |
//!
//! The KEK is the raw key itself, or Argon2id(passphrase, salt, m, t, p,
//! version 0x13, 32-byte output). Every header byte is authenticated: bytes
//! 0..40 by the key wrap and all of 0..144 by the payload, so changing any
//! byte of the file makes it unreadable.
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

use std::cell::{OnceCell, RefCell};
use std::fmt;
use std::path::{Path, PathBuf};

use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use zeroize::Zeroizing;

use super::{Description, Store, StoreKind};
use crate::error::{Error, Result};
use crate::fsutil;
use crate::keysource::{KeyMaterial, KeySource, KeySources, KEY_LEN};

pub mod args;

pub use args::EncryptedFileArgs;

/// The first eight bytes of every container.
pub const MAGIC: &[u8; 8] = b"TKCACHE\0";
/// The format version this build writes and reads.
pub const FORMAT_VERSION: u8 = 1;
/// KDF id: Argon2id over a passphrase.
pub const KDF_ARGON2ID: u8 = 1;
/// KDF id: a raw 32-byte key, no derivation.
pub const KDF_RAW: u8 = 2;
/// AEAD id: XChaCha20-Poly1305.
pub const AEAD_XCHACHA20_POLY1305: u8 = 1;

/// Byte offsets of the header fields.
pub mod offset {
    /// Format version (1 byte).
    pub const VERSION: usize = 8;
    /// KDF id (1 byte).
    pub const KDF: usize = 9;
    /// AEAD id (1 byte).
    pub const AEAD: usize = 10;
    /// Reserved (1 byte).
    pub const RESERVED: usize = 11;
    /// Argon2id m in KiB (u32 LE).
    pub const M: usize = 12;
    /// Argon2id t (u32 LE).
    pub const T: usize = 16;
    /// Argon2id p (u32 LE).
    pub const P: usize = 20;
    /// Salt (16 bytes).
    pub const SALT: usize = 24;
    /// Key-wrap nonce (24 bytes).
    pub const WRAP_NONCE: usize = 40;
    /// Wrapped data key (48 bytes).
    pub const WRAPPED_KEY: usize = 64;
    /// Payload nonce (24 bytes).
    pub const PAYLOAD_NONCE: usize = 112;
    /// Plaintext length (u64 LE).
    pub const LENGTH: usize = 136;
    /// Ciphertext and tag.
    pub const CIPHERTEXT: usize = 144;
}

/// The header's length; also the AAD of the payload.
pub const HEADER_LEN: usize = offset::CIPHERTEXT;
const SALT_LEN: usize = 16;
const NONCE_LEN: usize = 24;
const TAG_LEN: usize = 16;
const WRAPPED_LEN: usize = KEY_LEN + TAG_LEN;
// The offsets table and the field sizes agree.
const _: () = {
    assert!(offset::SALT + SALT_LEN == offset::WRAP_NONCE);
    assert!(offset::WRAP_NONCE + NONCE_LEN == offset::WRAPPED_KEY);
    assert!(offset::WRAPPED_KEY + WRAPPED_LEN == offset::PAYLOAD_NONCE);
    assert!(offset::PAYLOAD_NONCE + NONCE_LEN == offset::LENGTH);
    assert!(offset::LENGTH + 8 == offset::CIPHERTEXT);
};

/// Argon2id cost parameters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Argon2Params {
    /// Memory in KiB.
    pub m_kib: u32,
    /// Iterations.
    pub t: u32,
    /// Lanes.
    pub p: u32,
}

/// What new files get, and what weaker files are re-wrapped to.
pub const DEFAULT_PARAMS: Argon2Params = Argon2Params {
    m_kib: 64 * 1024,
    t: 3,
    p: 4,
};

/// The most a *stored* file may ask for unless the user raises it: what
/// `write` (and a re-wrap) produce, [`DEFAULT_PARAMS`]' m and t. Above it, a
/// file is refused before any derivation, so a hostile header cannot make
/// every run spend 1 GiB and seconds (the absolute bounds below allow that)
/// while the lock is held. Raised with `TOKENCACHE_KDF_MAX_MEMORY` (a size)
/// and `TOKENCACHE_KDF_MAX_ITERATIONS`.
pub const DEFAULT_CAP: KdfCap = KdfCap {
    m_kib: DEFAULT_PARAMS.m_kib,
    t: DEFAULT_PARAMS.t,
};

/// The cost a stored file's Argon2id parameters may ask for (`p` does not
/// change the work, only how it could be split).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct KdfCap {
    /// Memory in KiB.
    pub m_kib: u32,
    /// Iterations.
    pub t: u32,
}

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

    /// Refuse a stored file whose parameters ask for more than the cap.
    pub fn check(&self, kdf: Kdf) -> std::result::Result<(), CryptoError> {
        match kdf {
            Kdf::Argon2id(p) if p.m_kib > self.m_kib || p.t > self.t => {
                Err(CryptoError::Malformed(format!(
                    "its header asks for {p}, more than tokencache writes (at most m={} KiB, t={}); \
                     refused before any key derivation. If you wrote it with higher parameters, raise the cap: \
                     TOKENCACHE_KDF_MAX_MEMORY={}MiB TOKENCACHE_KDF_MAX_ITERATIONS={}",
                    self.m_kib, self.t, p.m_kib.div_ceil(1024), p.t
                )))
            }
            _ => Ok(()),
        }
    }
}

/// Smallest accepted memory: 19 MiB (OWASP's Argon2id minimum).
pub const M_MIN_KIB: u32 = 19 * 1024;
/// Largest accepted memory: 1 GiB.
pub const M_MAX_KIB: u32 = 1024 * 1024;
/// Accepted iterations.
pub const T_RANGE: std::ops::RangeInclusive<u32> = 2..=10;
/// Accepted lanes.
pub const P_RANGE: std::ops::RangeInclusive<u32> = 1..=8;

impl Argon2Params {
    /// Refuse parameters outside the bounds, naming the bound.
    pub fn check(&self) -> std::result::Result<(), String> {
        if self.m_kib < M_MIN_KIB {
            return Err(format!(
                "Argon2id memory m={} KiB is below the 19 MiB ({M_MIN_KIB} KiB) minimum",
                self.m_kib
            ));
        }
        if self.m_kib > M_MAX_KIB {
            return Err(format!(
                "Argon2id memory m={} KiB is above the 1 GiB ({M_MAX_KIB} KiB) maximum",
                self.m_kib
            ));
        }
        if !T_RANGE.contains(&self.t) {
            return Err(format!(
                "Argon2id iterations t={} are outside the accepted 2..=10",
                self.t
            ));
        }
        if !P_RANGE.contains(&self.p) {
            return Err(format!(
                "Argon2id lanes p={} are outside the accepted 1..=8",
                self.p
            ));
        }
        Ok(())
    }

    /// Whether an attacker's guess costs less than under `than`.
    pub fn weaker_than(&self, than: &Argon2Params) -> bool {
        self.m_kib < than.m_kib || self.t < than.t
    }
}

impl fmt::Display for Argon2Params {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "argon2id m={} KiB ({} MiB) t={} p={}",
            self.m_kib,
            self.m_kib / 1024,
            self.t,
            self.p
        )
    }
}

/// How the KEK is obtained.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kdf {
    /// Argon2id over a passphrase.
    Argon2id(Argon2Params),
    /// The raw key is the KEK.
    Raw,
}

impl fmt::Display for Kdf {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Kdf::Argon2id(p) => p.fmt(f),
            Kdf::Raw => f.write_str("none (raw 32-byte key)"),
        }
    }
}

/// Why a container could not be opened or written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CryptoError {
    /// No `TKCACHE\0` magic.
    NotContainer,
    /// Written by a newer tokencache.
    NewerVersion(u8),
    /// Structurally wrong (unknown id, bounds, length), with why.
    Malformed(String),
    /// Authentication failed: wrong key or modified bytes.
    Auth,
    /// A raw key for a passphrase file, or the other way round.
    KindMismatch {
        /// What the file was written with.
        file: Kdf,
    },
}

/// A parsed, bounds-checked header.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Header {
    /// The KDF and its parameters.
    pub kdf: Kdf,
    /// The salt.
    pub salt: [u8; SALT_LEN],
    /// Plaintext length.
    pub len: u64,
}

fn u32_at(b: &[u8], at: usize) -> u32 {
    u32::from_le_bytes(b[at..at + 4].try_into().expect("4 bytes"))
}

/// Parse and check a header without any key work. `bytes` is the whole file.
pub fn parse_header(bytes: &[u8]) -> std::result::Result<Header, CryptoError> {
    parse_header_of(bytes, bytes.len() as u64)
}

/// [`parse_header`] from the first bytes of a file of `total` bytes (at
/// least [`HEADER_LEN`] of them, or all of a shorter file): what `describe`
/// and the key step before the lock need, without reading the whole file.
pub fn parse_header_of(bytes: &[u8], total: u64) -> std::result::Result<Header, CryptoError> {
    if bytes.len() < MAGIC.len() || &bytes[..MAGIC.len()] != MAGIC {
        return Err(CryptoError::NotContainer);
    }
    let malformed = |m: String| Err(CryptoError::Malformed(m));
    match bytes.get(offset::VERSION) {
        None => return malformed("it ends inside its header".into()),
        Some(&FORMAT_VERSION) => {}
        Some(&v) if v > FORMAT_VERSION => return Err(CryptoError::NewerVersion(v)),
        Some(&v) => return malformed(format!("its format version {v} is unknown")),
    }
    if total < (HEADER_LEN + TAG_LEN) as u64 || bytes.len() < HEADER_LEN {
        return malformed(format!(
            "it is {total} bytes long, shorter than a header and tag"
        ));
    }
    if bytes[offset::AEAD] != AEAD_XCHACHA20_POLY1305 {
        return malformed(format!(
            "its AEAD id {} is unknown (1 = XChaCha20-Poly1305)",
            bytes[offset::AEAD]
        ));
    }
    if bytes[offset::RESERVED] != 0 {
        return malformed(format!(
            "its reserved byte is {}, not 0",
            bytes[offset::RESERVED]
        ));
    }
    let params = Argon2Params {
        m_kib: u32_at(bytes, offset::M),
        t: u32_at(bytes, offset::T),
        p: u32_at(bytes, offset::P),
    };
    let kdf = match bytes[offset::KDF] {
        KDF_ARGON2ID => {
            params.check().map_err(|why| {
                CryptoError::Malformed(format!(
                    "its header asks for {why} (refused before any key derivation)"
                ))
            })?;
            Kdf::Argon2id(params)
        }
        KDF_RAW
            if params
                == (Argon2Params {
                    m_kib: 0,
                    t: 0,
                    p: 0,
                }) =>
        {
            Kdf::Raw
        }
        KDF_RAW => return malformed("it has KDF parameters for a raw key".into()),
        id => {
            return malformed(format!(
                "its KDF id {id} is unknown (1 = Argon2id, 2 = raw key)"
            ))
        }
    };
    let len = u64::from_le_bytes(
        bytes[offset::LENGTH..offset::CIPHERTEXT]
            .try_into()
            .expect("8 bytes"),
    );
    let actual = total - (HEADER_LEN + TAG_LEN) as u64;
    if len != actual {
        return malformed(format!(
            "its header says {len} bytes of data but it holds {actual}"
        ));
    }
    Ok(Header {
        kdf,
        salt: bytes[offset::SALT..offset::SALT + SALT_LEN]
            .try_into()
            .expect("16 bytes"),
        len,
    })
}

/// Derive a 32-byte KEK from a passphrase with Argon2id. `params` must have
/// passed [`Argon2Params::check`].
pub fn derive_argon2id(
    passphrase: &[u8],
    params: Argon2Params,
    salt: &[u8],
) -> Zeroizing<[u8; KEY_LEN]> {
    let p = argon2::Params::new(params.m_kib, params.t, params.p, Some(KEY_LEN))
        .expect("checked parameters");
    let argon = argon2::Argon2::new(argon2::Algorithm::Argon2id, argon2::Version::V0x13, p);
    let mut blocks = vec![argon2::Block::default(); argon.params().block_count()];
    let mut out = Zeroizing::new([0u8; KEY_LEN]);
    argon
        .hash_password_into_with_memory(passphrase, salt, &mut *out, &mut blocks)
        .expect("checked parameters, 16-byte salt, 32-byte output");
    // The blocks hold intermediate state derived from the passphrase.
    for b in &mut blocks {
        *b = argon2::Block::default();
    }
    out
}

/// A KEK derived from a passphrase, with the parameters and salt it came from.
type DerivedKek = (Argon2Params, [u8; SALT_LEN], Zeroizing<[u8; KEY_LEN]>);

/// A key ready to open and seal containers; remembers the KEKs it derived so
/// that one process derives each (salt, parameters) pair once.
pub struct CacheKey {
    material: KeyMaterial,
    derived: RefCell<Vec<DerivedKek>>,
    /// A salt, and the KEK derived for it with the defaults, chosen before the
    /// lock for the next fresh wrap (a new file, or an upgrade of a weaker one).
    fresh: RefCell<Option<[u8; SALT_LEN]>>,
}

impl CacheKey {
    /// Wrap key material.
    pub fn new(material: KeyMaterial) -> CacheKey {
        CacheKey {
            material,
            derived: RefCell::new(Vec::new()),
            fresh: RefCell::new(None),
        }
    }

    /// Derive now what a fresh wrap will need (a salt and its KEK), so that
    /// the Argon2id work of creating or upgrading a file happens before the
    /// lock is taken. Nothing to do for a raw key.
    pub fn prepare_fresh(&self) {
        if let KeyMaterial::Passphrase(_) = self.material {
            let salt = random::<SALT_LEN>();
            // A passphrase and Argon2id always agree: derivation cannot fail.
            if self.kek(self.new_kdf(), &salt).is_ok() {
                *self.fresh.borrow_mut() = Some(salt);
            }
        }
    }

    /// Derive (and remember) the KEK for a stored header, and check that it
    /// unwraps the data key: `bytes` is at least the file's first
    /// [`HEADER_LEN`] bytes. A wrong key fails here, before any lock.
    pub fn prepare_stored(
        &self,
        bytes: &[u8],
        header: &Header,
    ) -> std::result::Result<(), CryptoError> {
        unwrap_data_key(bytes, header, self).map(drop)
    }

    /// The KDF a new file gets with this key.
    pub fn new_kdf(&self) -> Kdf {
        match self.material {
            KeyMaterial::Raw(_) => Kdf::Raw,
            KeyMaterial::Passphrase(_) => Kdf::Argon2id(DEFAULT_PARAMS),
        }
    }

    fn kek(
        &self,
        kdf: Kdf,
        salt: &[u8; SALT_LEN],
    ) -> std::result::Result<Zeroizing<[u8; KEY_LEN]>, CryptoError> {
        match (&self.material, kdf) {
            (KeyMaterial::Raw(k), Kdf::Raw) => Ok(k.clone()),
            (KeyMaterial::Passphrase(pw), Kdf::Argon2id(params)) => {
                if let Some((_, _, k)) = self
                    .derived
                    .borrow()
                    .iter()
                    .find(|(p, s, _)| *p == params && s == salt)
                {
                    return Ok(k.clone());
                }
                let k = derive_argon2id(pw, params, salt);
                self.derived.borrow_mut().push((params, *salt, k.clone()));
                Ok(k)
            }
            (_, file) => Err(CryptoError::KindMismatch { file }),
        }
    }
}

fn random<const N: usize>() -> [u8; N] {
    let mut b = [0u8; N];
    getrandom::fill(&mut b).expect("the operating system's random number generator failed");
    b
}

fn aead(key: &[u8; KEY_LEN]) -> XChaCha20Poly1305 {
    XChaCha20Poly1305::new(key.into())
}

/// Decrypt a whole container.
pub fn open(bytes: &[u8], key: &CacheKey) -> std::result::Result<Zeroizing<Vec<u8>>, CryptoError> {
    let header = parse_header(bytes)?;
    let data_key = unwrap_data_key(bytes, &header, key)?;
    let plain = aead(&data_key)
        .decrypt(
            XNonce::from_slice(&bytes[offset::PAYLOAD_NONCE..offset::LENGTH]),
            Payload {
                msg: &bytes[HEADER_LEN..],
                aad: &bytes[..HEADER_LEN],
            },
        )
        .map_err(|_| CryptoError::Auth)?;
    Ok(Zeroizing::new(plain))
}

fn unwrap_data_key(
    bytes: &[u8],
    header: &Header,
    key: &CacheKey,
) -> std::result::Result<Zeroizing<[u8; KEY_LEN]>, CryptoError> {
    let kek = key.kek(header.kdf, &header.salt)?;
    let dk = Zeroizing::new(
        aead(&kek)
            .decrypt(
                XNonce::from_slice(&bytes[offset::WRAP_NONCE..offset::WRAPPED_KEY]),
                Payload {
                    msg: &bytes[offset::WRAPPED_KEY..offset::PAYLOAD_NONCE],
                    aad: &bytes[..offset::WRAP_NONCE],
                },
            )
            .map_err(|_| CryptoError::Auth)?,
    );
    let arr: [u8; KEY_LEN] = dk.as_slice().try_into().map_err(|_| CryptoError::Auth)?;
    Ok(Zeroizing::new(arr))
}

/// Build the first 40 header bytes (everything the key wrap authenticates).
fn header_prefix(kdf: Kdf, salt: &[u8; SALT_LEN]) -> Vec<u8> {
    let (id, p) = match kdf {
        Kdf::Argon2id(p) => (KDF_ARGON2ID, p),
        Kdf::Raw => (
            KDF_RAW,
            Argon2Params {
                m_kib: 0,
                t: 0,
                p: 0,
            },
        ),
    };
    let mut h = Vec::with_capacity(HEADER_LEN);
    h.extend_from_slice(MAGIC);
    h.extend_from_slice(&[FORMAT_VERSION, id, AEAD_XCHACHA20_POLY1305, 0]);
    h.extend_from_slice(&p.m_kib.to_le_bytes());
    h.extend_from_slice(&p.t.to_le_bytes());
    h.extend_from_slice(&p.p.to_le_bytes());
    h.extend_from_slice(salt);
    h
}

/// Wrap `data_key` under a fresh salt and the current defaults for `key`.
fn fresh_wrap(
    key: &CacheKey,
    data_key: &[u8; KEY_LEN],
) -> std::result::Result<Vec<u8>, CryptoError> {
    let kdf = key.new_kdf();
    // The salt prepared (and its KEK derived) before the lock, used once.
    let salt = key
        .fresh
        .borrow_mut()
        .take()
        .unwrap_or_else(random::<SALT_LEN>);
    let kek = key.kek(kdf, &salt)?;
    let mut h = header_prefix(kdf, &salt);
    let nonce = random::<NONCE_LEN>();
    let wrapped = aead(&kek)
        .encrypt(
            XNonce::from_slice(&nonce),
            Payload {
                msg: data_key,
                aad: &h,
            },
        )
        .expect("encrypting 32 bytes cannot fail");
    h.extend_from_slice(&nonce);
    h.extend_from_slice(&wrapped);
    debug_assert_eq!(h.len(), offset::PAYLOAD_NONCE);
    Ok(h)
}

/// Encrypt `plaintext` into a new container. With `previous` (the current
/// file, when it is a container) the key must open its data key, which is
/// kept; its wrap is kept too unless its parameters are weaker than the
/// defaults. Without, a new data key is made.
pub fn seal(
    plaintext: &[u8],
    key: &CacheKey,
    previous: Option<&[u8]>,
) -> std::result::Result<Vec<u8>, CryptoError> {
    let (data_key, mut out) = match previous {
        Some(prev) => {
            let header = parse_header(prev)?;
            let data_key = unwrap_data_key(prev, &header, key)?;
            let weaker = matches!(header.kdf, Kdf::Argon2id(p) if p.weaker_than(&DEFAULT_PARAMS));
            let prefix = if weaker {
                fresh_wrap(key, &data_key)?
            } else {
                prev[..offset::PAYLOAD_NONCE].to_vec()
            };
            (data_key, prefix)
        }
        None => {
            let data_key = Zeroizing::new(random::<KEY_LEN>());
            let prefix = fresh_wrap(key, &data_key)?;
            (data_key, prefix)
        }
    };
    let nonce = random::<NONCE_LEN>();
    out.extend_from_slice(&nonce);
    out.extend_from_slice(&(plaintext.len() as u64).to_le_bytes());
    debug_assert_eq!(out.len(), HEADER_LEN);
    let ct = aead(&data_key)
        .encrypt(
            XNonce::from_slice(&nonce),
            Payload {
                msg: plaintext,
                aad: &out,
            },
        )
        .map_err(|_| CryptoError::Malformed("the cache is too large to encrypt".into()))?;
    out.extend_from_slice(&ct);
    Ok(out)
}

/// What the encrypted file store needs to know, built by `config.rs`.
#[derive(Debug, Clone)]
pub struct EncryptedFileSettings {
    /// The container file.
    pub cache_path: PathBuf,
    /// Where the key comes from (`--key-fd`, `--key-file`, the environment,
    /// a prompt).
    pub keys: KeySources,
}

/// A cache kept as an encrypted file.
pub struct EncryptedFileStore {
    path: PathBuf,
    sources: KeySources,
    key: OnceCell<(KeySource, CacheKey)>,
    cap: OnceCell<KdfCap>,
}

impl EncryptedFileStore {
    /// The store `settings` describe (no key is obtained yet).
    pub fn new(settings: EncryptedFileSettings) -> EncryptedFileStore {
        EncryptedFileStore {
            path: settings.cache_path,
            sources: settings.keys,
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
        Ok(fsutil::read_private(path)?.filter(|b| !b.is_empty()))
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
        fsutil::write_atomic(path, &sealed)
    }

    /// The first [`HEADER_LEN`] bytes of the file at `path` and its size, read
    /// through [`fsutil::open_regular`] (no link followed, no FIFO opened,
    /// nothing bigger than the size limit). `None` when it does not exist.
    fn head(path: &Path) -> Result<Option<(Vec<u8>, u64)>> {
        use std::io::Read;
        let Some((file, meta)) = fsutil::open_regular(path)? else {
            return Ok(None);
        };
        fsutil::check_size(path, meta.len())?;
        let mut head = Vec::with_capacity(HEADER_LEN);
        file.take(HEADER_LEN as u64)
            .read_to_end(&mut head)
            .map_err(|e| Error::io("read", path, e))?;
        Ok(Some((head, meta.len())))
    }

    /// The KDF line for `describe`: what the stored file uses, when readable.
    fn stored_kdf(&self) -> Option<String> {
        let (head, len) = Self::head(&self.path).ok()??;
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
        let head = Self::head(&self.path)?;
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

#[cfg(test)]
mod tests {
    use super::*;

    fn raw(b: u8) -> CacheKey {
        CacheKey::new(KeyMaterial::Raw(Zeroizing::new([b; KEY_LEN])))
    }

    #[test]
    fn round_trip_and_layout() {
        let key = raw(1);
        let c = seal(b"{\"a\":1}", &key, None).unwrap();
        assert_eq!(&c[..8], MAGIC);
        assert_eq!(c.len(), HEADER_LEN + 7 + TAG_LEN);
        assert_eq!(c[offset::KDF], KDF_RAW);
        assert_eq!(&c[offset::LENGTH..offset::CIPHERTEXT], &7u64.to_le_bytes());
        assert_eq!(&*open(&c, &key).unwrap(), b"{\"a\":1}");
        // A second write keeps the data key wrap but a fresh payload nonce.
        let c2 = seal(b"{\"a\":1}", &key, Some(&c)).unwrap();
        assert_eq!(&c[..offset::PAYLOAD_NONCE], &c2[..offset::PAYLOAD_NONCE]);
        assert_ne!(
            &c[offset::PAYLOAD_NONCE..offset::LENGTH],
            &c2[offset::PAYLOAD_NONCE..offset::LENGTH]
        );
        assert_eq!(open(&c2, &raw(2)).unwrap_err(), CryptoError::Auth);
        assert_eq!(
            seal(b"{}", &raw(2), Some(&c)).unwrap_err(),
            CryptoError::Auth
        );
    }

    #[test]
    fn every_byte_is_authenticated() {
        let key = raw(3);
        let c = seal(b"{\"secret\":\"x\"}", &key, None).unwrap();
        for i in 0..c.len() {
            let mut bad = c.clone();
            bad[i] ^= 0x01;
            assert!(
                open(&bad, &key).is_err(),
                "flipping byte {i} went unnoticed"
            );
        }
    }

    #[test]
    fn bounds_are_checked_before_any_derivation() {
        let mut h = header_prefix(Kdf::Argon2id(DEFAULT_PARAMS), &[0; SALT_LEN]);
        h.resize(HEADER_LEN + TAG_LEN, 0);
        assert!(parse_header(&h).is_ok());
        for (at, value, needle) in [
            (offset::M, u32::MAX, "1 GiB"),
            (offset::M, 1024, "19 MiB"),
            (offset::T, 1, "2..=10"),
            (offset::T, 1000, "2..=10"),
            (offset::P, 0, "1..=8"),
            (offset::P, 255, "1..=8"),
        ] {
            let mut bad = h.clone();
            bad[at..at + 4].copy_from_slice(&value.to_le_bytes());
            // A passphrase key would derive if the check came later; with
            // m = 4 TiB that could not even allocate.
            let key = CacheKey::new(KeyMaterial::Passphrase(Zeroizing::new(b"pw".to_vec())));
            match open(&bad, &key) {
                Err(CryptoError::Malformed(m)) => assert!(m.contains(needle), "{m}"),
                other => panic!("{other:?}"),
            }
        }
        let mut newer = h.clone();
        newer[offset::VERSION] = 2;
        assert_eq!(parse_header(&newer), Err(CryptoError::NewerVersion(2)));
    }

    #[test]
    fn weaker_passphrase_files_are_rewrapped_with_the_defaults() {
        let key = CacheKey::new(KeyMaterial::Passphrase(Zeroizing::new(
            b"correct horse".to_vec(),
        )));
        // Build a file by hand at the minimum parameters.
        let weak = Argon2Params {
            m_kib: M_MIN_KIB,
            t: 2,
            p: 1,
        };
        let salt = [9u8; SALT_LEN];
        let data_key = [5u8; KEY_LEN];
        let kek = derive_argon2id(b"correct horse", weak, &salt);
        let mut file = header_prefix(Kdf::Argon2id(weak), &salt);
        let nonce = random::<NONCE_LEN>();
        let wrapped = aead(&kek)
            .encrypt(
                XNonce::from_slice(&nonce),
                Payload {
                    msg: &data_key,
                    aad: &file,
                },
            )
            .unwrap();
        file.extend_from_slice(&nonce);
        file.extend_from_slice(&wrapped);
        let pn = random::<NONCE_LEN>();
        file.extend_from_slice(&pn);
        file.extend_from_slice(&2u64.to_le_bytes());
        let ct = aead(&data_key)
            .encrypt(
                XNonce::from_slice(&pn),
                Payload {
                    msg: b"{}",
                    aad: &file,
                },
            )
            .unwrap();
        file.extend_from_slice(&ct);
        assert_eq!(&*open(&file, &key).unwrap(), b"{}");

        let rewritten = seal(b"{\"b\":2}", &key, Some(&file)).unwrap();
        let h = parse_header(&rewritten).unwrap();
        assert_eq!(h.kdf, Kdf::Argon2id(DEFAULT_PARAMS));
        assert_ne!(h.salt, salt);
        assert_eq!(&*open(&rewritten, &key).unwrap(), b"{\"b\":2}");
        // The data key was kept: it still decrypts under the new wrap.
        assert_eq!(*unwrap_data_key(&rewritten, &h, &key).unwrap(), data_key);
    }
}
