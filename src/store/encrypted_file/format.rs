//! The encrypted file's format, written once: the header, the KDF
//! parameters and their bounds, the key wrap and the AEAD framing. Pure:
//! no file, no environment (the store in [`super`] reads and writes the
//! file and decides the policy); the only outside input is randomness for
//! fresh salts and nonces.
//!
//! # Format (version 1)
//!
//! The byte-by-byte layout is described once, for users and for this code,
//! in `docs/stores/encrypted-file.md` ("Format (version 1)"); the offsets are
//! [`offset`], and `tests/readme.rs` checks that the two agree. In short: a
//! 144-byte header (magic [`MAGIC`], version, KDF and AEAD ids, Argon2id
//! parameters, salt, key-wrap nonce, the data key wrapped under the KEK with
//! bytes 0..40 as AAD, payload nonce, plaintext length), then the cache JSON
//! sealed with XChaCha20-Poly1305 under the data key with the whole header as
//! AAD. The KEK is the raw key itself, or Argon2id(passphrase, salt, m, t, p,
//! version 0x13, 32-byte output).

use std::cell::RefCell;
use std::fmt;

use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use zeroize::Zeroizing;

use crate::keysource::{KeyMaterial, KEY_LEN};

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
