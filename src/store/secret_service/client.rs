//! The few Secret Service calls the store makes, straight over D-Bus (the
//! `dbus` crate with its vendored libdbus), on an encrypted session this
//! module opens itself.
//!
//! Why not a Secret Service client crate: `dbus-secret-service` 4.1 (used
//! until 2026-12) read the secret as a `Vec<u8>`, which the `dbus` crate
//! builds one libdbus call per byte (50 of the 84 M instructions of a
//! 100 KiB `read`), and computed its Diffie-Hellman key with a 1,024-bit
//! exponent by square-and-multiply with a full division per step (30 M),
//! from a private key drawn with `fastrand` (not a cryptographic generator).
//! Its connection and session are private, so neither can be fixed from
//! outside. Here the secret is borrowed from the reply message as one slice
//! (libdbus's `dbus_message_iter_get_fixed_array`) and the key exchange is
//! done once per process with `num-bigint`'s Montgomery `modpow` and a
//! 256-bit private exponent drawn from the OS generator (see [`Keypair`]).
//! Calls that do not depend on each other are sent together and their
//! replies awaited together ([`call_all`]): `OpenSession` with `ReadAlias`,
//! and the collection's `Label` and `Locked` with `SearchItems`, so a `read`
//! takes four round trips after `Hello` instead of seven.
//!
//! The algorithm is the one every client and provider supports,
//! `dh-ietf1024-sha256-aes128-cbc-pkcs7` (Secret Service API 0.2,
//! "Transfer of Secrets"): Diffie-Hellman in the 1,024-bit MODP group of
//! RFC 2409 (generator 2), HKDF-SHA256 of the shared secret (no salt, no
//! info) to a 128-bit key, AES-128-CBC with PKCS#7 padding and a fresh IV
//! per secret. A returned secret is taken as libsecret takes it (our session,
//! a 16-byte IV, whole blocks, valid padding); the private exponent, the
//! shared secret and the AES key schedules are wiped once used (best effort:
//! `num-bigint` frees its temporaries as they are).

use std::cell::RefCell;
use std::collections::HashMap;
use std::time::{Duration, Instant};

use dbus::arg::{PropMap, Variant};
use dbus::blocking::stdintf::org_freedesktop_dbus::Properties;
use dbus::blocking::{Connection, Proxy};
use dbus::{Message, Path};
use zeroize::{Zeroize, Zeroizing};

const DEST: &str = "org.freedesktop.secrets";
const SERVICE_PATH: &str = "/org/freedesktop/secrets";
const SERVICE_IFACE: &str = "org.freedesktop.Secret.Service";
const COLLECTION_IFACE: &str = "org.freedesktop.Secret.Collection";
const ITEM_IFACE: &str = "org.freedesktop.Secret.Item";
const PROPERTIES_IFACE: &str = "org.freedesktop.DBus.Properties";
const ALGORITHM: &str = "dh-ietf1024-sha256-aes128-cbc-pkcs7";
/// The bound on each D-Bus call (the whole operation is bounded by
/// `--keyring-timeout` on top).
const CALL_TIMEOUT: Duration = Duration::from_millis(2000);

/// What a call can fail with.
#[derive(Debug)]
pub enum SsError {
    /// The bus or the provider answered with an error (or did not answer).
    Dbus(dbus::Error),
    /// No such alias or collection.
    NoResult,
    /// The provider wants to show a prompt (tokencache never shows one).
    Prompt,
    /// An answer of the wrong shape, or a secret that does not decrypt.
    Protocol(&'static str),
}

impl std::fmt::Display for SsError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            SsError::Dbus(e) => write!(
                f,
                "D-Bus error: {}",
                e.message().or(e.name()).unwrap_or("unknown")
            ),
            SsError::NoResult => f.write_str("no result found"),
            SsError::Prompt => f.write_str("a prompt would be needed"),
            SsError::Protocol(what) => f.write_str(what),
        }
    }
}

impl From<dbus::Error> for SsError {
    fn from(e: dbus::Error) -> SsError {
        SsError::Dbus(e)
    }
}

/// A connection to the session bus with an open, encrypted session.
pub struct SecretService {
    conn: Connection,
    session: Path<'static>,
    key: Zeroizing<[u8; 16]>,
    /// The answer to `ReadAlias(alias)` sent with `OpenSession`, taken by
    /// the first [`SecretService::get_collection_by_alias`] for that alias.
    prefetched: RefCell<Option<(String, Result<Path<'static>, SsError>)>>,
}

impl SecretService {
    /// Connect to the session bus and open an encrypted session. `alias`
    /// (the collection the caller will open first) is looked up in the same
    /// round trip.
    pub fn connect(alias: &str) -> Result<SecretService, SsError> {
        let conn = Connection::new_session()?;
        let keypair = Keypair::generate()?;
        let public = keypair.public_bytes();
        let open = call(SERVICE_PATH, SERVICE_IFACE, "OpenSession")
            .append2(ALGORITHM, Variant(public.as_slice()));
        let read_alias = call(SERVICE_PATH, SERVICE_IFACE, "ReadAlias").append1(alias);
        let mut replies = call_all(&conn, vec![open, read_alias])?.into_iter();
        let (Some(opened), Some(aliased)) = (replies.next(), replies.next()) else {
            return Err(SsError::Protocol("a D-Bus reply went missing"));
        };
        // Read as `(v: ay, o)` directly: the public key is borrowed from the
        // message, and no other shape goes through the generic variant reader.
        let opened = opened?;
        let (server_public, session): (Variant<&[u8]>, Path<'static>) = opened
            .read2()
            .map_err(|_| SsError::Protocol("OpenSession answered without a public key"))?;
        let key = keypair.derive_key(server_public.0)?;
        drop(keypair);
        let aliased = aliased.map_err(SsError::from).and_then(|m| {
            m.read1::<Path<'static>>()
                .map_err(|_| SsError::Protocol("ReadAlias answered with no object path"))
        });
        Ok(SecretService {
            conn,
            session,
            key,
            prefetched: RefCell::new(Some((alias.to_string(), aliased))),
        })
    }

    fn proxy<'a>(&'a self, path: &'a Path<'a>) -> Proxy<'a, &'a Connection> {
        self.conn.with_proxy(DEST, path.clone(), CALL_TIMEOUT)
    }

    fn service(&self) -> Proxy<'_, &Connection> {
        self.conn.with_proxy(DEST, SERVICE_PATH, CALL_TIMEOUT)
    }

    pub fn get_default_collection(&self) -> Result<Collection<'_>, SsError> {
        self.get_collection_by_alias("default")
    }

    pub fn get_collection_by_alias(&self, alias: &str) -> Result<Collection<'_>, SsError> {
        let prefetched = self.prefetched.borrow_mut().take();
        let path = match prefetched {
            Some((name, answer)) if name == alias => answer?,
            _ => {
                let (path,): (Path<'static>,) =
                    self.service()
                        .method_call(SERVICE_IFACE, "ReadAlias", (alias,))?;
                path
            }
        };
        if &*path == "/" {
            return Err(SsError::NoResult);
        }
        Ok(Collection { ss: self, path })
    }

    pub fn get_all_collections(&self) -> Result<Vec<Collection<'_>>, SsError> {
        let paths: Vec<Path<'static>> = self.service().get(SERVICE_IFACE, "Collections")?;
        Ok(paths
            .into_iter()
            .map(|path| Collection { ss: self, path })
            .collect())
    }

    /// The `(oayays)` Secret struct for `data`, encrypted with the session key
    /// under a fresh random IV.
    fn encrypt(&self, data: &[u8]) -> Result<(Vec<u8>, Vec<u8>), SsError> {
        let mut iv = [0u8; 16];
        getrandom::fill(&mut iv).map_err(|_| SsError::Protocol("no random numbers"))?;
        Ok((iv.to_vec(), seal(&self.key, &iv, data)))
    }
}

/// AES-128-CBC with PKCS#7 padding, as the session's algorithm says.
fn seal(key: &[u8; 16], iv: &[u8; 16], data: &[u8]) -> Vec<u8> {
    use aes::cipher::block_padding::Pkcs7;
    use aes::cipher::{BlockEncryptMut, KeyIvInit};
    cbc::Encryptor::<aes::Aes128>::new(key.into(), iv.into()).encrypt_padded_vec_mut::<Pkcs7>(data)
}

/// The secret of a GetSecret reply, decrypted, as libsecret takes it: the
/// reply must name our session (a secret encoded for another session is
/// refused, not decrypted into garbage), the IV be 16 bytes, the ciphertext
/// whole non-empty blocks with valid PKCS#7 padding. A failed attempt's
/// buffer is wiped.
fn open_secret(
    key: &[u8; 16],
    session: &Path<'_>,
    (theirs, iv, ct): (&Path<'_>, &[u8], &[u8]),
) -> Result<Vec<u8>, SsError> {
    use aes::cipher::block_padding::Pkcs7;
    use aes::cipher::{BlockDecryptMut, KeyIvInit};
    if theirs != session {
        return Err(SsError::Protocol(
            "GetSecret answered with a secret for another session",
        ));
    }
    let bad = SsError::Protocol("the secret did not decrypt with the session key");
    let iv: [u8; 16] = iv.try_into().map_err(|_| bad)?;
    let mut buf = ct.to_vec();
    let decrypted = cbc::Decryptor::<aes::Aes128>::new(key.into(), &iv.into())
        .decrypt_padded_mut::<Pkcs7>(&mut buf)
        .map(<[u8]>::len);
    match decrypted {
        Ok(len) => {
            // The padding left past `len` is no secret.
            buf.truncate(len);
            Ok(buf)
        }
        Err(_) => {
            buf.zeroize();
            Err(SsError::Protocol(
                "the secret did not decrypt with the session key",
            ))
        }
    }
}

/// A collection (its object path).
pub struct Collection<'a> {
    ss: &'a SecretService,
    pub path: Path<'static>,
}

impl<'a> Collection<'a> {
    pub fn get_label(&self) -> Result<String, SsError> {
        Ok(self.ss.proxy(&self.path).get(COLLECTION_IFACE, "Label")?)
    }

    /// The collection's label and whether it is locked, and (unless
    /// `search` is `None`) the items with these attributes: three calls in
    /// one round trip. The search's own result is only looked at once the
    /// collection is known to be unlocked.
    #[allow(clippy::type_complexity)]
    pub fn state_and_search(
        &self,
        search: Option<HashMap<&str, &str>>,
    ) -> Result<(String, bool, Option<Result<Vec<Item<'a>>, SsError>>), SsError> {
        let get =
            |name: &str| call(&self.path, PROPERTIES_IFACE, "Get").append2(COLLECTION_IFACE, name);
        let mut calls = vec![get("Label"), get("Locked")];
        if let Some(attributes) = &search {
            calls.push(call(&self.path, COLLECTION_IFACE, "SearchItems").append1(attributes));
        }
        let mut replies = call_all(&self.ss.conn, calls)?.into_iter();
        let mut next = || {
            replies
                .next()
                .ok_or(SsError::Protocol("a D-Bus reply went missing"))
        };
        let label: Variant<String> = next()??
            .read1()
            .map_err(|_| SsError::Protocol("the collection's Label is not a string"))?;
        let locked: Variant<bool> = next()??
            .read1()
            .map_err(|_| SsError::Protocol("the collection's Locked is not a boolean"))?;
        let found = match search {
            None => None,
            Some(_) => Some(next()?.map_err(SsError::from).and_then(|m| {
                let paths: Vec<Path<'static>> = m
                    .read1()
                    .map_err(|_| SsError::Protocol("SearchItems answered with no object paths"))?;
                Ok(paths
                    .into_iter()
                    .map(|path| Item { ss: self.ss, path })
                    .collect())
            })),
        };
        Ok((label.0, locked.0, found))
    }

    pub fn search_items(&self, attributes: HashMap<&str, &str>) -> Result<Vec<Item<'a>>, SsError> {
        let (paths,): (Vec<Path<'static>>,) = self.ss.proxy(&self.path).method_call(
            COLLECTION_IFACE,
            "SearchItems",
            (attributes,),
        )?;
        Ok(paths
            .into_iter()
            .map(|path| Item { ss: self.ss, path })
            .collect())
    }

    /// Create (or, with `replace`, replace) an item. A provider that wants
    /// a prompt for it is refused.
    pub fn create_item(
        &self,
        label: &str,
        attributes: HashMap<&str, &str>,
        secret: &[u8],
        replace: bool,
        content_type: &str,
    ) -> Result<Item<'a>, SsError> {
        let (iv, ct) = self.ss.encrypt(secret)?;
        let attributes: HashMap<String, String> = attributes
            .into_iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        let mut properties = PropMap::new();
        properties.insert(
            format!("{ITEM_IFACE}.Label"),
            Variant(Box::new(label.to_string())),
        );
        properties.insert(
            format!("{ITEM_IFACE}.Attributes"),
            Variant(Box::new(attributes)),
        );
        // Slices, not Vecs: the `dbus` crate appends a `&[u8]` in one libdbus
        // call and a `Vec<u8>` one call per byte.
        let secret = (&self.ss.session, iv.as_slice(), ct.as_slice(), content_type);
        let (item, _prompt): (Path<'static>, Path<'static>) =
            self.ss.proxy(&self.path).method_call(
                COLLECTION_IFACE,
                "CreateItem",
                (properties, secret, replace),
            )?;
        if &*item == "/" {
            return Err(SsError::Prompt);
        }
        Ok(Item {
            ss: self.ss,
            path: item,
        })
    }
}

/// An item (its object path).
pub struct Item<'a> {
    ss: &'a SecretService,
    pub path: Path<'static>,
}

impl Item<'_> {
    pub fn get_attributes(&self) -> Result<HashMap<String, String>, SsError> {
        Ok(self.ss.proxy(&self.path).get(ITEM_IFACE, "Attributes")?)
    }

    /// The secret, decrypted. The reply's byte arrays are borrowed from the
    /// message as slices (one libdbus call each), not read element by element.
    pub fn get_secret(&self) -> Result<Vec<u8>, SsError> {
        let call = Message::method_call(
            &DEST.into(),
            &self.path,
            &ITEM_IFACE.into(),
            &"GetSecret".into(),
        )
        .append1(&self.ss.session);
        let reply = self
            .ss
            .conn
            .channel()
            .send_with_reply_and_block(call, CALL_TIMEOUT)?;
        let (session, iv, ct, _content_type): (Path<'_>, &[u8], &[u8], &str) = reply
            .read1()
            .map_err(|_| SsError::Protocol("GetSecret answered with no (oayays) secret"))?;
        open_secret(&self.ss.key, &self.ss.session, (&session, iv, ct))
    }

    pub fn set_secret(&self, secret: &[u8], content_type: &str) -> Result<(), SsError> {
        let (iv, ct) = self.ss.encrypt(secret)?;
        let secret = (&self.ss.session, iv.as_slice(), ct.as_slice(), content_type);
        Ok(self
            .ss
            .proxy(&self.path)
            .method_call(ITEM_IFACE, "SetSecret", (secret,))?)
    }

    /// Delete the item. A provider that wants a prompt for it is refused.
    pub fn delete(&self) -> Result<(), SsError> {
        let (prompt,): (Path<'static>,) =
            self.ss
                .proxy(&self.path)
                .method_call(ITEM_IFACE, "Delete", ())?;
        if &*prompt != "/" {
            return Err(SsError::Prompt);
        }
        Ok(())
    }
}

/// A method call to the Secret Service.
fn call(path: &str, iface: &str, member: &str) -> Message {
    Message::method_call(&DEST.into(), &path.into(), &iface.into(), &member.into())
}

/// Send `calls` at once and wait for all their replies (in the order of
/// `calls`): one round trip instead of one per call. Each call is bounded by
/// the same 2 s as a single call; an unanswered one fails as `NoReply`, the
/// error libdbus gives a single call that times out.
fn call_all(
    conn: &Connection,
    calls: Vec<Message>,
) -> Result<Vec<Result<Message, dbus::Error>>, SsError> {
    let channel = conn.channel();
    let mut serials = Vec::with_capacity(calls.len());
    for message in calls {
        let serial = channel.send(message).map_err(|()| {
            dbus::Error::new_failed("cannot queue a D-Bus message (out of memory?)")
        })?;
        serials.push(serial);
    }
    channel.flush();
    let mut replies: Vec<Option<Result<Message, dbus::Error>>> =
        serials.iter().map(|_| None).collect();
    let deadline = Instant::now() + CALL_TIMEOUT;
    while replies.iter().any(Option::is_none) {
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() {
            return Err(SsError::Dbus(dbus::Error::new_custom(
                "org.freedesktop.DBus.Error.NoReply",
                "no reply from the Secret Service within 2 s",
            )));
        }
        let Some(mut message) = channel.blocking_pop_message(left.max(Duration::from_millis(1)))?
        else {
            continue;
        };
        // Signals (NameAcquired after Hello) and anything else are not ours.
        let Some(i) = message
            .get_reply_serial()
            .and_then(|serial| serials.iter().position(|s| *s == serial))
        else {
            continue;
        };
        replies[i] = Some(match message.as_result() {
            Ok(_) => Ok(message),
            Err(e) => Err(e),
        });
    }
    Ok(replies.into_iter().flatten().collect())
}

/// The 1,024-bit MODP group of RFC 2409 section 6.2 ("Second Oakley
/// Group"), the prime of `dh-ietf1024-sha256-aes128-cbc-pkcs7`; generator 2.
const PRIME: [u8; 128] = [
    0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xC9, 0x0F, 0xDA, 0xA2, 0x21, 0x68, 0xC2, 0x34,
    0xC4, 0xC6, 0x62, 0x8B, 0x80, 0xDC, 0x1C, 0xD1, 0x29, 0x02, 0x4E, 0x08, 0x8A, 0x67, 0xCC, 0x74,
    0x02, 0x0B, 0xBE, 0xA6, 0x3B, 0x13, 0x9B, 0x22, 0x51, 0x4A, 0x08, 0x79, 0x8E, 0x34, 0x04, 0xDD,
    0xEF, 0x95, 0x19, 0xB3, 0xCD, 0x3A, 0x43, 0x1B, 0x30, 0x2B, 0x0A, 0x6D, 0xF2, 0x5F, 0x14, 0x37,
    0x4F, 0xE1, 0x35, 0x6D, 0x6D, 0x51, 0xC2, 0x45, 0xE4, 0x85, 0xB5, 0x76, 0x62, 0x5E, 0x7E, 0xC6,
    0xF4, 0x4C, 0x42, 0xE9, 0xA6, 0x37, 0xED, 0x6B, 0x0B, 0xFF, 0x5C, 0xB6, 0xF4, 0x06, 0xB7, 0xED,
    0xEE, 0x38, 0x6B, 0xFB, 0x5A, 0x89, 0x9F, 0xA5, 0xAE, 0x9F, 0x24, 0x11, 0x7C, 0x4B, 0x1F, 0xE6,
    0x49, 0x28, 0x66, 0x51, 0xEC, 0xE6, 0x53, 0x81, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
];

/// The private exponent's length in bytes: 256 bits.
///
/// The group's prime is a safe prime (p = 2q + 1, q prime), so an exponent
/// much shorter than p is as hard to recover as p allows: the best attacks on
/// a short exponent (Pollard's lambda, van Oorschot and Wiener 1996) take
/// about 2^(n/2) steps for an n-bit exponent, and a 1,024-bit group gives
/// about 80 bits of security in any case (NIST SP 800-57 part 1, table 2).
/// NIST SP 800-56A rev. 3, section 5.6.1.1.1, asks for a private key of at
/// least 2s bits for security strength s in a safe-prime group (160 bits
/// here); RFC 7919 section 5.2 gives the same rule; OpenSSL 3 draws 2s-bit
/// exponents for these groups. 256 bits is 2 x 128, more than the group can
/// give, and a quarter of the squarings of a full-length exponent.
const PRIVATE_BYTES: usize = 32;

/// One side of the key exchange. The private exponent is wiped on drop.
struct Keypair {
    private: num_bigint::BigUint,
    public: num_bigint::BigUint,
}

impl Drop for Keypair {
    fn drop(&mut self) {
        wipe(&mut self.private);
    }
}

impl Keypair {
    fn generate() -> Result<Keypair, SsError> {
        let mut bytes = Zeroizing::new([0u8; PRIVATE_BYTES]);
        getrandom::fill(bytes.as_mut()).map_err(|_| SsError::Protocol("no random numbers"))?;
        Ok(Keypair::from_private(&bytes))
    }

    fn from_private(bytes: &[u8; PRIVATE_BYTES]) -> Keypair {
        let mut bytes = Zeroizing::new(*bytes);
        // Never 0 or 1 (a public key of 1 or 2 tells the exponent).
        bytes[0] |= 0x80;
        let private = num_bigint::BigUint::from_bytes_be(bytes.as_ref());
        let public = num_bigint::BigUint::from(2u32).modpow(&private, &prime());
        Keypair { private, public }
    }

    /// The public key as the protocol sends it: big-endian, no padding.
    fn public_bytes(&self) -> Vec<u8> {
        self.public.to_bytes_be()
    }

    /// The AES key: HKDF-SHA256 (no salt, no info) of the shared secret,
    /// left-padded with zeros to the prime's 128 bytes (libsecret's
    /// `egg_dh_gen_secret`, gnome-keyring, KeePassXC).
    fn derive_key(&self, server_public: &[u8]) -> Result<Zeroizing<[u8; 16]>, SsError> {
        let p = prime();
        let theirs = num_bigint::BigUint::from_bytes_be(server_public);
        // Refuse the keys that force the shared secret into a tiny subgroup
        // (0, 1, p - 1) or are out of range.
        let one = num_bigint::BigUint::from(1u32);
        if theirs <= one || theirs >= &p - &one {
            return Err(SsError::Protocol(
                "the Secret Service sent an invalid public key",
            ));
        }
        let mut shared = theirs.modpow(&self.private, &p);
        let mut ikm = Zeroizing::new([0u8; 128]);
        let mut bytes = shared.to_bytes_be();
        wipe(&mut shared);
        ikm[128 - bytes.len()..].copy_from_slice(&bytes);
        bytes.zeroize();
        let mut key = Zeroizing::new([0u8; 16]);
        hkdf::Hkdf::<sha2::Sha256>::new(None, ikm.as_ref())
            .expand(&[], key.as_mut())
            .map_err(|_| SsError::Protocol("HKDF refused a 16-byte key"))?;
        Ok(key)
    }
}

/// Overwrite a secret number's digits with zeros where they lie (best
/// effort: `num-bigint` has no zeroize, and `modpow`'s temporaries are freed
/// as they are). Bits are cleared from the lowest up, so every digit is zero
/// before the top one empties and the number shrinks (which may reallocate).
fn wipe(n: &mut num_bigint::BigUint) {
    for bit in 0..n.bits() {
        n.set_bit(bit, false);
    }
}

fn prime() -> num_bigint::BigUint {
    num_bigint::BigUint::from_bytes_be(&PRIME)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_sides_derive_the_same_key() {
        let a = Keypair::generate().unwrap();
        let b = Keypair::generate().unwrap();
        let ka = a.derive_key(&b.public_bytes()).unwrap();
        let kb = b.derive_key(&a.public_bytes()).unwrap();
        assert_eq!(*ka, *kb);
        assert_eq!(a.private.bits(), 256);
        assert!(a.public_bytes().len() <= 128);
    }

    fn hex(s: &str) -> Vec<u8> {
        (0..s.len())
            .step_by(2)
            .map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap())
            .collect()
    }

    /// Known answers computed apart from this code (Python's `pow` and the
    /// `cryptography` package's HKDF and AES-CBC). The peer key is chosen so
    /// the shared secret has a leading zero byte: the key is only right when
    /// the secret is left-padded to 128 bytes, as libsecret and gnome-keyring
    /// do (unpadded, 1 session in 256 would fail against them). A test of two
    /// of our own keypairs cannot see that: both sides would agree.
    #[test]
    fn the_session_key_and_cipher_match_an_independent_implementation() {
        let mut private = [0u8; PRIVATE_BYTES];
        for (i, b) in private.iter_mut().enumerate() {
            *b = i as u8;
        }
        private[0] = 0x11; // 0x91 once the top bit is set
        let ours = Keypair::from_private(&private);
        assert_eq!(
            ours.public_bytes(),
            hex(
                "323b6ef9de2cb7ef31b2ceb2a107363a6e64cc353fd83f2d1248808c8bccd7d4\
                 28bdef73e175635fc48fd4ae4e89cfb56596080637c65643d0ac92696111b828\
                 1a9d6f03b477a47ff55c01ae365446e2a008e9ddee2895d50aa89acf765dc024\
                 2e4169f1aba66848c310be21297dfbf7a100494471d4273b8126a49d5f68f325"
            )
        );
        let theirs = hex(
            "0ece63307948c871a00c1a7f90835142aeab20aab0a64fd9f445f7d5a7a86601\
             a5776b92576a2b704ff0838a2c21fb187dca6b70e41b88ffaa15e59093502b27\
             0dc0929bcd8188316cad9202044a9c0cb0f435da065b3e7bd52e496a3a0a2471\
             e92c304f23c912485477d2d93004d8f3f4af88a9cf28d0a08570501bbcc6032b",
        );
        let key = ours.derive_key(&theirs).unwrap();
        assert_eq!(key.to_vec(), hex("b12163fec9ed237db3f233787a0418bb"));

        let iv: [u8; 16] = std::array::from_fn(|i| i as u8);
        let plain = br#"{"AccessToken":{}}"#;
        let sealed = hex("eee5c8f64c48f70a0a80354d7a37a1638eb078f7b0d02350253386407ec6bfb7");
        assert_eq!(seal(&key, &iv, plain), sealed);
        let session = Path::from("/org/freedesktop/secrets/session/s1");
        assert_eq!(
            open_secret(&key, &session, (&session, &iv, &sealed)).unwrap(),
            plain
        );
    }

    #[test]
    fn a_reply_libsecret_would_refuse_is_refused_without_a_panic() {
        let key = [7u8; 16];
        let iv = [1u8; 16];
        let ours = Path::from("/org/freedesktop/secrets/session/s1");
        let other = Path::from("/org/freedesktop/secrets/session/s2");
        let sealed = seal(&key, &iv, b"secret");
        assert_eq!(
            open_secret(&key, &ours, (&ours, &iv, &sealed)).unwrap(),
            b"secret"
        );
        // Encoded for another session.
        assert!(open_secret(&key, &ours, (&other, &iv, &sealed)).is_err());
        // A wrong key (bad padding), a short IV, no ciphertext, a partial block.
        assert!(open_secret(&[8u8; 16], &ours, (&ours, &iv, &sealed)).is_err());
        assert!(open_secret(&key, &ours, (&ours, &iv[..15], &sealed)).is_err());
        assert!(open_secret(&key, &ours, (&ours, &iv, &[])).is_err());
        assert!(open_secret(&key, &ours, (&ours, &iv, &sealed[..15])).is_err());
    }

    #[test]
    fn wiping_a_number_leaves_zero() {
        let mut n = num_bigint::BigUint::from_bytes_be(&PRIME);
        wipe(&mut n);
        assert_eq!(n, num_bigint::BigUint::from(0u32));
    }

    #[test]
    fn degenerate_public_keys_are_refused() {
        let a = Keypair::generate().unwrap();
        let p_minus_1 = (prime() - 1u32).to_bytes_be();
        for bad in [&[0u8][..], &[1], &p_minus_1, &PRIME] {
            assert!(a.derive_key(bad).is_err());
        }
    }

    #[test]
    fn the_prime_is_rfc_2409s_second_oakley_group() {
        // p = 2^1024 - 2^960 - 1 + 2^64 * (floor(2^894 pi) + 129093).
        let p = prime();
        assert_eq!(p.bits(), 1024);
        assert!(p.bit(0) && p.bit(1), "p = 3 mod 4 for a safe prime");
        // Fermat test to base 2, and q = (p - 1) / 2 also passes.
        let two = num_bigint::BigUint::from(2u32);
        assert_eq!(two.modpow(&(&p - 1u32), &p), 1u32.into());
        let q: num_bigint::BigUint = (&p - 1u32) >> 1;
        assert_eq!(two.modpow(&(&q - 1u32), &q), 1u32.into());
    }
}
