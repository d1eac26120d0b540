//! The encrypted file's format (`tokencache::store::encrypted_file::format`),
//! which reads a file anyone may have written:
//! - parsing any bytes never panics, and a header it accepts describes a file
//!   of exactly that length, with Argon2id parameters inside the bounds;
//! - opening any bytes with a raw key never panics, never derives a key for
//!   a passphrase file (a raw key and an Argon2id header disagree before any
//!   derivation), and never returns other than the header's length;
//! - the input sealed with a raw key parses, opens to the input, stops
//!   opening when any one byte is changed, and sealed again over the first
//!   file keeps its header up to the payload nonce (the same data key,
//!   salt and wrap).
#![no_main]

use libfuzzer_sys::fuzz_target;
use tokencache::keysource::{KeyMaterial, KEY_LEN};
use tokencache::store::encrypted_file::format::{
    offset, open, parse_header, seal, CacheKey, Kdf, HEADER_LEN,
};
use zeroize::Zeroizing;

fuzz_target!(|data: &[u8]| {
    let key = CacheKey::new(KeyMaterial::Raw(Zeroizing::new([7u8; KEY_LEN])));

    // Whatever the bytes, as a stored file.
    if let Ok(header) = parse_header(data) {
        assert_eq!(
            HEADER_LEN as u64 + header.len + 16,
            data.len() as u64,
            "an accepted header disagrees with the file's length"
        );
        if let Kdf::Argon2id(p) = header.kdf {
            assert!(p.check().is_ok(), "accepted out-of-bounds parameters {p}");
        }
    }
    if let Ok(plain) = open(data, &key) {
        assert_eq!(plain.len() as u64, parse_header(data).unwrap().len);
    }

    // The bytes as a cache, sealed and opened.
    let sealed = seal(data, &key, None).expect("a raw key seals anything");
    let header = parse_header(&sealed).expect("a sealed file parses");
    assert_eq!(header.len, data.len() as u64);
    assert_eq!(&open(&sealed, &key).expect("it opens")[..], data);
    let at = data.iter().fold(0usize, |h, b| h.wrapping_mul(31).wrapping_add(usize::from(*b)))
        % sealed.len();
    let mut changed = sealed.clone();
    changed[at] ^= 0x01;
    assert!(open(&changed, &key).is_err(), "byte {at} is not authenticated");
    let resealed = seal(b"{}", &key, Some(&sealed)).expect("reseals with the same key");
    assert_eq!(resealed[..offset::PAYLOAD_NONCE], sealed[..offset::PAYLOAD_NONCE]);
    assert_eq!(&open(&resealed, &key).expect("it opens")[..], b"{}");
});
