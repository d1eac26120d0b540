//! Timings for the encrypted file store: XChaCha20-Poly1305 encrypt and
//! decrypt of a 16 MiB cache, and one Argon2id derivation at the defaults
//! (m = 64 MiB, t = 3, p = 4) and at the minimum the header bounds accept.
//!
//! `cargo bench --bench encrypted_file` (release profile). Prints the median
//! and the range of a few runs; no assertions (performance is not tested).

use std::time::{Duration, Instant};

use tokencache::keysource::KeyMaterial;
use tokencache::store::encrypted_file::{
    derive_argon2id, open, seal, Argon2Params, CacheKey, DEFAULT_PARAMS, M_MIN_KIB,
};
use zeroize::Zeroizing;

fn time<T>(runs: usize, mut f: impl FnMut() -> T) -> (Duration, Duration, Duration) {
    let mut samples: Vec<Duration> = (0..runs)
        .map(|_| {
            let start = Instant::now();
            std::hint::black_box(f());
            start.elapsed()
        })
        .collect();
    samples.sort();
    (samples[0], samples[runs / 2], samples[runs - 1])
}

fn report(name: &str, (min, median, max): (Duration, Duration, Duration), bytes: Option<usize>) {
    let rate = bytes
        .map(|b| {
            format!(
                "  {:.0} MiB/s",
                b as f64 / (1 << 20) as f64 / median.as_secs_f64()
            )
        })
        .unwrap_or_default();
    println!(
        "{name:<44} median {:>9.2} ms  (min {:.2}, max {:.2}){rate}",
        median.as_secs_f64() * 1e3,
        min.as_secs_f64() * 1e3,
        max.as_secs_f64() * 1e3
    );
}

fn main() {
    // Skip when invoked by `cargo test --benches` style runs asking for a list.
    if std::env::args().any(|a| a == "--list") {
        return;
    }
    let plaintext: Vec<u8> = (0..16usize << 20)
        .map(|i| b"{\"AccessToken\":}x"[i % 17])
        .collect();
    let key = CacheKey::new(KeyMaterial::Raw(Zeroizing::new([7u8; 32])));
    let sealed = seal(&plaintext, &key, None).unwrap();
    report(
        "encrypt 16 MiB (new file)",
        time(9, || seal(&plaintext, &key, None).unwrap()),
        Some(plaintext.len()),
    );
    report(
        "encrypt 16 MiB (rewrite, data key kept)",
        time(9, || seal(&plaintext, &key, Some(&sealed)).unwrap()),
        Some(plaintext.len()),
    );
    report(
        "decrypt 16 MiB",
        time(9, || open(&sealed, &key).unwrap()),
        Some(plaintext.len()),
    );
    let salt = [3u8; 16];
    report(
        "argon2id m=64 MiB t=3 p=4 (defaults)",
        time(5, || {
            derive_argon2id(b"correct horse", DEFAULT_PARAMS, &salt)
        }),
        None,
    );
    let minimum = Argon2Params {
        m_kib: M_MIN_KIB,
        t: 2,
        p: 1,
    };
    report(
        "argon2id m=19 MiB t=2 p=1 (weakest accepted)",
        time(5, || derive_argon2id(b"correct horse", minimum, &salt)),
        None,
    );
}
