//! The encrypted file store through the real binary: every key source, 1 KiB
//! and 16 MiB round trips, wrong keys, tampering with every header field,
//! hostile KDF parameters, unsafe key files, no key without a terminal, the
//! `auto` fallback, and the documented CI recipe.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command as StdCommand, Output, Stdio};

#[cfg(unix)]
use crate::support::bin;
use crate::support::{sample_cache, Env, OutputExt};

const MAGIC: &[u8] = b"TKCACHE\0";
const DECRYPT_ERROR: &str = "cannot decrypt: wrong key, or the file was modified";

/// Where a test's key comes from.
enum Source {
    /// `TOKENCACHE_KEY`.
    EnvKey(String),
    /// `--key-file`.
    File(PathBuf),
    /// `--key-fd 3`, fed through a pipe from this key file (Unix: Windows
    /// has no inherited descriptors).
    #[cfg(unix)]
    Fd(PathBuf),
    /// `$CREDENTIALS_DIRECTORY` holding `tokencache-key`.
    Credential(PathBuf),
    /// `TOKENCACHE_PASSPHRASE`.
    Passphrase(String),
}

fn keygen(env: &Env, name: &str) -> PathBuf {
    let path = env.dir.path().join(name);
    env.cmd()
        .args(["keygen", "--out"])
        .arg(&path)
        .assert()
        .success();
    path
}

fn key_text(path: &Path) -> String {
    fs::read_to_string(path).unwrap().trim().to_string()
}

/// A std command for the encrypted file store at the env's cache path.
fn enc_std(env: &Env) -> StdCommand {
    let mut c = env.std_cmd();
    c.env("TOKENCACHE_STORE", "encrypted-file")
        .env("TOKENCACHE_CACHE_PATH", env.cache_path())
        .stdin(Stdio::null());
    c
}

/// Run tokencache with `args` and the key from `source`.
fn run(env: &Env, source: &Source, args: &[&str]) -> Output {
    let mut c = match source {
        #[cfg(unix)]
        Source::Fd(key) => {
            // A real pipe on descriptor 3, as a secret manager would feed it.
            let mut sh = with_env_of(enc_std(env), "sh");
            sh.current_dir(env.dir.path())
                .arg("-c")
                .arg("cat \"$KEY\" | \"$TC\" --key-fd 3 \"$@\" 3<&0 0</dev/null")
                .arg("sh")
                .args(args)
                .env("KEY", key)
                .env("TC", bin())
                .stdin(Stdio::null());
            sh
        }
        _ => {
            let mut c = enc_std(env);
            c.args(args);
            c
        }
    };
    match source {
        Source::EnvKey(k) => {
            c.env("TOKENCACHE_KEY", k);
        }
        Source::File(p) => {
            c.env("TOKENCACHE_KEY_FILE", p);
        }
        Source::Credential(dir) => {
            c.env("CREDENTIALS_DIRECTORY", dir);
        }
        Source::Passphrase(p) => {
            c.env("TOKENCACHE_PASSPHRASE", p);
        }
        #[cfg(unix)]
        Source::Fd(_) => {}
    }
    c.output().unwrap()
}

/// A command running `program` with exactly the environment `template` sets
/// (a Unix tool: sh, script, setsid).
#[cfg(unix)]
fn with_env_of(template: StdCommand, program: &str) -> StdCommand {
    let mut c = StdCommand::new(program);
    c.env_clear();
    for (k, v) in template.get_envs() {
        if let Some(v) = v {
            c.env(k, v);
        }
    }
    c
}

fn ok(out: &Output) -> &Output {
    assert!(
        out.status.success(),
        "status {:?}\nstderr: {}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

/// Write `data` through `source`, read it back, and check what is on disk.
fn round_trip(env: &Env, source: &Source, data: &[u8]) {
    let input = env.dir.path().join("input.json");
    fs::write(&input, data).unwrap();
    ok(&run(
        env,
        source,
        &[
            "write",
            "--max-size",
            "32MiB",
            "--input",
            input.to_str().unwrap(),
        ],
    ));
    let stored = env.stored().unwrap();
    assert!(stored.starts_with(MAGIC));
    assert_eq!(stored.len(), 144 + data.len() + 16);
    assert!(
        !stored.windows(16).any(|w| w == b"user@example.com"),
        "plaintext leaked into the file"
    );
    let out = run(env, source, &["read"]);
    ok(&out);
    assert!(
        out.stdout == data,
        "read back differs ({} bytes)",
        out.stdout.len()
    );
}

#[test]
fn keygen_writes_a_private_key_and_never_overwrites() {
    let env = Env::new();
    let key = keygen(&env, "keys/tc.key");
    let text = fs::read_to_string(&key).unwrap();
    assert_eq!(text.len(), 45, "base64 of 32 bytes and a newline");
    assert!(text.ends_with('\n'));
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(
            fs::metadata(&key).unwrap().permissions().mode() & 0o777,
            0o600
        );
    }
    let out = env
        .cmd()
        .args(["keygen", "--out"])
        .arg(&key)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        out.stderr_text().contains("refusing to overwrite"),
        "{}",
        out.stderr_text()
    );
    assert_eq!(fs::read_to_string(&key).unwrap(), text);
    assert!(!out.stderr_text().contains(text.trim()));
    assert_ne!(key_text(&keygen(&env, "other.key")), text.trim());
    // --json names the file, never the key.
    let out = env
        .cmd()
        .args(["keygen", "--json", "--out"])
        .arg(env.dir.path().join("j.key"))
        .output()
        .unwrap();
    assert!(out.status.success());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        v["key_file"],
        env.dir.path().join("j.key").to_str().unwrap()
    );
    let written = key_text(&env.dir.path().join("j.key"));
    assert!(!String::from_utf8_lossy(&out.stdout).contains(&written));
}

#[test]
fn raw_key_round_trips_of_1kib_and_16mib_with_every_raw_key_source() {
    let small = sample_cache(1024);
    let large = sample_cache(16 << 20);
    let makers: Vec<fn(&Env, PathBuf) -> Source> = vec![
        |_: &Env, key: PathBuf| Source::EnvKey(key_text(&key)),
        |_: &Env, key: PathBuf| Source::File(key),
        // Inherited descriptors exist on Unix only (Windows: see below).
        #[cfg(unix)]
        |_: &Env, key: PathBuf| Source::Fd(key),
        |env: &Env, key: PathBuf| {
            let dir = env.dir.path().join("credentials");
            fs::create_dir(&dir).unwrap();
            fs::copy(key, dir.join("tokencache-key")).unwrap();
            Source::Credential(dir)
        },
    ];
    for make in makers {
        let env = Env::new();
        let source = make(&env, keygen(&env, "tc.key"));
        round_trip(&env, &source, &small);
        round_trip(&env, &source, &large);
    }
}

#[test]
fn passphrase_round_trips_with_argon2id_defaults_and_rejects_a_wrong_one() {
    let env = Env::new();
    let source = Source::Passphrase("correct horse battery staple".into());
    round_trip(&env, &source, &sample_cache(1024));
    round_trip(&env, &source, &sample_cache(16 << 20));
    let stored = env.stored().unwrap();
    assert_eq!(stored[9], 1, "KDF id Argon2id");
    assert_eq!(
        &stored[12..24],
        &[0, 0, 1, 0, 3, 0, 0, 0, 4, 0, 0, 0],
        "m=64 MiB t=3 p=4"
    );

    let out = run(&env, &Source::Passphrase("wrong".into()), &["read"]);
    assert_eq!(out.status.code(), Some(7));
    assert!(out.stdout.is_empty());
    assert!(
        out.stderr_text().contains(DECRYPT_ERROR),
        "{}",
        out.stderr_text()
    );
    assert_eq!(env.stored().unwrap(), stored);

    // Empty passphrase: refused before anything is written.
    let fresh = Env::new();
    let input = fresh.dir.path().join("in.json");
    fs::write(&input, b"{}").unwrap();
    let out = run(
        &fresh,
        &Source::Passphrase(String::new()),
        &["write", "--input", input.to_str().unwrap()],
    );
    assert_eq!(out.status.code(), Some(7));
    assert!(
        out.stderr_text()
            .contains("passphrase from TOKENCACHE_PASSPHRASE is empty"),
        "{}",
        out.stderr_text()
    );
    assert!(fresh.stored().is_none());
}

/// util-linux `script` gives tokencache a terminal: Linux only (macOS' BSD
/// `script` takes other options; Windows has no `/dev/tty` prompt at all).
#[cfg(target_os = "linux")]
#[test]
fn passphrase_prompt_on_the_terminal_round_trips() {
    crate::require!(
        StdCommand::new("script")
            .arg("--version")
            .output()
            .is_ok_and(|o| o.status.success()),
        "util-linux `script` (to give tokencache a terminal)"
    );
    let env = Env::new();
    let input = env.dir.path().join("in.json");
    let data = sample_cache(1024);
    fs::write(&input, &data).unwrap();
    // `script` runs the command on a new pseudo-terminal and types our stdin
    // into it: the passphrase twice (a new file asks for confirmation).
    let in_tty = |typed: &str, args: &str| {
        let mut c = with_env_of(enc_std(&env), "script");
        c.arg("-qec")
            .arg(format!("{} {args}", bin().display()))
            .arg("/dev/null")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        let mut child = c.spawn().unwrap();
        use std::io::Write;
        child
            .stdin
            .take()
            .unwrap()
            .write_all(typed.as_bytes())
            .unwrap();
        child.wait_with_output().unwrap()
    };
    let out = in_tty(
        "tty pass\ntty pass\n",
        &format!("write --input {}", input.display()),
    );
    let screen = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(out.status.success(), "{screen}");
    assert!(screen.contains("passphrase for"), "{screen}");
    assert!(screen.contains("the same passphrase again"), "{screen}");
    assert!(env.stored().unwrap().starts_with(MAGIC));
    // The same passphrase from the environment opens it.
    let out = run(&env, &Source::Passphrase("tty pass".into()), &["read"]);
    assert_eq!(ok(&out).stdout, data);
    // 16 MiB through the prompt: the file exists now, so it asks once.
    let large = sample_cache(16 << 20);
    let big = env.dir.path().join("big.json");
    fs::write(&big, &large).unwrap();
    let out = in_tty(
        "tty pass\n",
        &format!("write --max-size 32MiB --input {}", big.display()),
    );
    let screen = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(out.status.success(), "{screen}");
    assert!(!screen.contains("the same passphrase again"), "{screen}");
    let out = run(&env, &Source::Passphrase("tty pass".into()), &["read"]);
    assert!(ok(&out).stdout == large);
    // A wrong one typed at the prompt does not.
    let out = in_tty("other\n", "read");
    assert!(String::from_utf8_lossy(&out.stdout).contains(DECRYPT_ERROR));
}

#[test]
fn wrong_key_is_refused_for_read_and_write_and_the_file_is_untouched() {
    let env = Env::new();
    let right = Source::File(keygen(&env, "right.key"));
    let wrong = Source::EnvKey(key_text(&keygen(&env, "wrong.key")));
    round_trip(&env, &right, &sample_cache(1024));
    let before = env.stored().unwrap();

    let out = run(&env, &wrong, &["read"]);
    assert_eq!(out.status.code(), Some(7));
    assert!(out.stdout.is_empty());
    let err = out.stderr_text();
    assert!(err.contains(DECRYPT_ERROR), "{err}");
    assert!(
        err.contains("TOKENCACHE_KEY"),
        "names the key source: {err}"
    );

    let input = env.dir.path().join("other.json");
    fs::write(&input, b"{\"other\":1}").unwrap();
    let out = run(&env, &wrong, &["write", "--input", input.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(7));
    assert!(out.stderr_text().contains(DECRYPT_ERROR));
    assert_eq!(env.stored().unwrap(), before);

    // A raw key for a passphrase file (and the other way round) is named as such.
    let out = run(&env, &Source::Passphrase("pw".into()), &["read"]);
    assert_eq!(out.status.code(), Some(7));
    assert!(
        out.stderr_text().contains("written with a raw 32-byte key"),
        "{}",
        out.stderr_text()
    );
    assert_eq!(env.stored().unwrap(), before);
}

#[test]
fn every_header_field_and_the_ciphertext_are_authenticated() {
    let env = Env::new();
    let source = Source::EnvKey(key_text(&keygen(&env, "tc.key")));
    round_trip(&env, &source, &sample_cache(1024));
    let good = env.stored().unwrap();
    let len = good.len();
    // (name, offset of the byte flipped, expected exit code)
    let fields = [
        ("magic", 0, 5),
        ("version", 8, 5),
        ("kdf id", 9, 5),
        ("aead id", 10, 5),
        ("reserved", 11, 5),
        ("argon2 m", 12, 5),
        ("argon2 t", 16, 5),
        ("argon2 p", 20, 5),
        ("salt", 24, 7),
        ("key-wrap nonce", 40, 7),
        ("wrapped data key", 64, 7),
        ("wrapped data key tag", 111, 7),
        ("payload nonce", 112, 7),
        ("plaintext length", 136, 5),
        ("ciphertext", 144 + 500, 7),
        ("tag", len - 1, 7),
    ];
    for (name, at, code) in fields {
        let mut bad = good.clone();
        bad[at] ^= 0x01;
        env.put(&bad);
        let out = run(&env, &source, &["read"]);
        assert_eq!(
            out.status.code(),
            Some(code),
            "{name}: {}",
            out.stderr_text()
        );
        assert!(out.stdout.is_empty(), "{name}: printed something");
        assert_eq!(env.stored().unwrap(), bad, "{name}: the file was changed");
        if code == 7 {
            assert!(
                out.stderr_text().contains(DECRYPT_ERROR),
                "{name}: {}",
                out.stderr_text()
            );
        }
    }
    // Truncated by one byte: the length no longer matches.
    env.put(&good[..len - 1]);
    assert_eq!(run(&env, &source, &["read"]).status.code(), Some(5));
    // And the original still reads.
    env.put(&good);
    ok(&run(&env, &source, &["read"]));
}

/// A container header (and a dummy body) with the given KDF parameters.
fn crafted(version: u8, kdf: u8, m: u32, t: u32, p: u32) -> Vec<u8> {
    let mut h = MAGIC.to_vec();
    h.extend_from_slice(&[version, kdf, 1, 0]);
    for v in [m, t, p] {
        h.extend_from_slice(&v.to_le_bytes());
    }
    h.resize(136, 0xAB);
    h.extend_from_slice(&2u64.to_le_bytes());
    h.resize(144 + 2 + 16, 0xCD);
    h
}

#[test]
fn hostile_kdf_parameters_are_refused_before_any_derivation() {
    let env = Env::new();
    let source = Source::Passphrase("pw".into());
    // m = 4 TiB could not even be allocated: refusing it at all shows the
    // check comes before the KDF.
    for (m, t, p, bound) in [
        (u32::MAX, 3, 4, "1 GiB"),
        (1024 * 1024 + 1, 3, 4, "1 GiB"),
        (8 * 1024, 3, 4, "19 MiB"),
        (64 * 1024, 1, 4, "2..=10"),
        (64 * 1024, u32::MAX, 4, "2..=10"),
        (64 * 1024, 3, 0, "1..=8"),
        (64 * 1024, 3, 255, "1..=8"),
    ] {
        let bytes = crafted(1, 1, m, t, p);
        env.put(&bytes);
        let out = run(&env, &source, &["read"]);
        let err = out.stderr_text();
        assert_eq!(out.status.code(), Some(5), "m={m} t={t} p={p}: {err}");
        assert!(err.contains(bound), "m={m} t={t} p={p}: {err}");
        assert!(err.contains("before any key derivation"), "{err}");
        assert!(out.stdout.is_empty());
        assert_eq!(env.stored().unwrap(), bytes);
    }
    // A write over a hostile header is refused the same way.
    let input = env.dir.path().join("in.json");
    fs::write(&input, b"{}").unwrap();
    let bytes = crafted(1, 1, u32::MAX, 3, 4);
    env.put(&bytes);
    let out = run(
        &env,
        &source,
        &["write", "--input", input.to_str().unwrap()],
    );
    assert_eq!(out.status.code(), Some(5), "{}", out.stderr_text());
    assert_eq!(env.stored().unwrap(), bytes);
}

#[test]
fn unknown_ids_and_a_newer_format_version_are_named() {
    let env = Env::new();
    let source = Source::EnvKey(key_text(&keygen(&env, "tc.key")));
    env.put(&crafted(2, 2, 0, 0, 0));
    let out = run(&env, &source, &["read"]);
    assert_eq!(out.status.code(), Some(7));
    assert!(
        out.stderr_text().contains("format version 2"),
        "{}",
        out.stderr_text()
    );
    env.put(&crafted(1, 9, 0, 0, 0));
    let out = run(&env, &source, &["read"]);
    assert_eq!(out.status.code(), Some(5));
    assert!(
        out.stderr_text().contains("KDF id 9 is unknown"),
        "{}",
        out.stderr_text()
    );
    // A plaintext cache at the path is not decrypted but named as such.
    env.put(b"{\"AccessToken\":{}}");
    let out = run(&env, &source, &["read"]);
    assert_eq!(out.status.code(), Some(5));
    assert!(out
        .stderr_text()
        .contains("not a tokencache encrypted file"));
    assert!(out.stdout.is_empty());
}

#[cfg(unix)]
#[test]
fn key_files_others_can_read_or_that_others_own_are_refused() {
    use std::os::unix::fs::PermissionsExt;
    let env = Env::new();
    let key = keygen(&env, "tc.key");
    fs::set_permissions(&key, fs::Permissions::from_mode(0o644)).unwrap();
    let input = env.dir.path().join("in.json");
    fs::write(&input, b"{}").unwrap();
    let out = run(
        &env,
        &Source::File(key.clone()),
        &["write", "--input", input.to_str().unwrap()],
    );
    assert_eq!(out.status.code(), Some(8), "{}", out.stderr_text());
    let err = out.stderr_text();
    assert!(err.contains("0644") && err.contains("chmod 600"), "{err}");
    assert!(!err.contains(&key_text(&key)));
    assert!(env.stored().is_none());

    fs::set_permissions(&key, fs::Permissions::from_mode(0o600)).unwrap();
    // SAFETY: geteuid cannot fail.
    if unsafe { libc::geteuid() } == 0 {
        // As root the test can give the key to someone else.
        std::os::unix::fs::chown(&key, Some(65534), None).unwrap();
        let out = run(
            &env,
            &Source::File(key.clone()),
            &["write", "--input", input.to_str().unwrap()],
        );
        assert_eq!(out.status.code(), Some(8));
        assert!(
            out.stderr_text().contains("owned by uid 65534"),
            "{}",
            out.stderr_text()
        );
        std::os::unix::fs::chown(&key, Some(0), None).unwrap();
    }
    ok(&run(
        &env,
        &Source::File(key),
        &["write", "--input", input.to_str().unwrap()],
    ));
}

#[test]
fn no_option_takes_key_material() {
    let env = Env::new();
    for flag in ["--key", "--passphrase", "--key=AAAA", "--password"] {
        let out = enc_std(&env).args([flag, "x", "read"]).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{flag} was accepted");
    }
    let help = enc_std(&env).arg("help").output().unwrap();
    let help = String::from_utf8_lossy(&help.stdout).into_owned();
    let key_options: std::collections::BTreeSet<&str> = help
        .split(|c: char| !(c.is_ascii_alphanumeric() || c == '-'))
        .filter(|w| *w == "--key" || w.starts_with("--key-") || w.starts_with("--pass"))
        .collect();
    assert_eq!(
        key_options.into_iter().collect::<Vec<_>>(),
        ["--key-fd", "--key-file"],
        "{help}"
    );
}

/// Run under `setsid`: no controlling terminal, stdin /dev/null, stdout a pipe.
/// Fails the test if it does not finish within a generous bound. util-linux
/// `setsid --wait`: Linux only (macOS has no setsid(1)).
#[cfg(target_os = "linux")]
fn without_terminal(env: &Env, args: &[&str]) -> Output {
    use std::io::Read;
    use std::time::{Duration, Instant};

    let mut c = with_env_of(enc_std(env), "setsid");
    c.arg("--wait")
        .arg(bin())
        .args(args)
        .current_dir(env.dir.path())
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = c.spawn().unwrap();
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        if child.try_wait().unwrap().is_some() {
            break;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            panic!("tokencache {args:?} hung without a terminal");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let mut out = Output {
        status: child.wait().unwrap(),
        stdout: Vec::new(),
        stderr: Vec::new(),
    };
    child
        .stdout
        .take()
        .unwrap()
        .read_to_end(&mut out.stdout)
        .unwrap();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_end(&mut out.stderr)
        .unwrap();
    out
}

#[cfg(target_os = "linux")]
#[test]
fn no_key_and_no_terminal_fails_at_once_with_the_ways_to_supply_one() {
    let env = Env::new();
    let input = env.dir.path().join("in.json");
    fs::write(&input, b"{}").unwrap();
    // Nothing stored: `read` needs no key and says there is no cache.
    assert_eq!(without_terminal(&env, &["read"]).status.code(), Some(3));
    for args in [
        &["write", "--input", input.to_str().unwrap()][..],
        &["verify"][..],
    ] {
        let out = without_terminal(&env, args);
        assert_eq!(
            out.status.code(),
            Some(7),
            "{args:?}: {}",
            out.stderr_text()
        );
        let err = out.stderr_text();
        for way in [
            "--key-fd",
            "--key-file",
            "CREDENTIALS_DIRECTORY",
            "TOKENCACHE_KEY",
            "TOKENCACHE_PASSPHRASE",
        ] {
            assert!(err.contains(way), "{args:?} does not mention {way}: {err}");
        }
    }
    assert!(env.stored().is_none());
    // With a cache stored, `read` without a key fails the same way.
    round_trip(&env, &Source::EnvKey(key_text(&keygen(&env, "k"))), b"{}");
    let out = without_terminal(&env, &["read"]);
    assert_eq!(out.status.code(), Some(7));
    assert!(out.stdout.is_empty());
}

#[cfg(unix)]
#[test]
fn key_fd_that_is_not_open_is_refused() {
    let env = Env::new();
    let input = env.dir.path().join("in.json");
    fs::write(&input, b"{}").unwrap();
    let out = enc_std(&env)
        .args(["--key-fd", "9", "write", "--input", input.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(7));
    assert!(
        out.stderr_text().contains("descriptor 9 is not open"),
        "{}",
        out.stderr_text()
    );
}

/// Windows has no inherited descriptors to read a key from: `--key-fd` is
/// refused with exit 7, naming the sources that work there.
#[cfg(windows)]
#[test]
fn key_fd_is_refused_on_windows_with_the_sources_that_work() {
    let env = Env::new();
    let input = env.dir.path().join("in.json");
    fs::write(&input, b"{}").unwrap();
    let out = enc_std(&env)
        .args(["--key-fd", "3", "write", "--input", input.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(7), "{}", out.stderr_text());
    let err = out.stderr_text();
    assert!(err.contains("not supported on this platform"), "{err}");
    assert!(err.contains("--key-file"), "{err}");
    assert!(env.stored().is_none());
}

/// An `auto` command on Linux with no reachable Secret Service.
#[cfg(target_os = "linux")]
fn auto_cmd(env: &Env) -> StdCommand {
    let mut c = env.std_cmd();
    c.env("TOKENCACHE_CACHE_PATH", env.cache_path())
        .env(
            "DBUS_SESSION_BUS_ADDRESS",
            format!("unix:path={}", env.dir.path().join("no-such-bus").display()),
        )
        .stdin(Stdio::null());
    c
}

#[cfg(target_os = "linux")]
#[test]
fn auto_falls_back_to_the_encrypted_file_when_a_key_is_configured() {
    let env = Env::new();
    let key = key_text(&keygen(&env, "tc.key"));
    let input = env.dir.path().join("in.json");
    let data = sample_cache(1024);
    fs::write(&input, &data).unwrap();

    for extra in [&[][..], &["--plaintext-fallback"][..]] {
        let out = auto_cmd(&env)
            .env("TOKENCACHE_KEY", &key)
            .args(extra)
            .args(["write", "--input", input.to_str().unwrap()])
            .output()
            .unwrap();
        ok(&out);
        let err = out.stderr_text();
        // Not a security downgrade: a note, said once (-q silences it).
        assert_eq!(err.matches("note:").count(), 1, "{err}");
        assert!(!err.contains("warning:"), "{err}");
        assert!(
            err.contains("encrypted file") && err.contains("a key source is configured"),
            "{err}"
        );
        assert!(env.stored().unwrap().starts_with(MAGIC), "{extra:?}");
    }

    let out = auto_cmd(&env)
        .env("TOKENCACHE_KEY", &key)
        .args(["read"])
        .output()
        .unwrap();
    assert_eq!(ok(&out).stdout, data);

    let out = auto_cmd(&env)
        .env("TOKENCACHE_KEY", &key)
        .args(["path", "--json"])
        .output()
        .unwrap();
    let doc: serde_json::Value = serde_json::from_slice(&ok(&out).stdout).unwrap();
    assert_eq!(doc["store"], "encrypted-file");
    assert_eq!(doc["fallback_from"], "secret-service");
    assert!(doc["reason"].as_str().is_some_and(|r| !r.is_empty()));

    let out = auto_cmd(&env)
        .env("TOKENCACHE_KEY", &key)
        .args(["verify", "--json"])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&ok(&out).stdout).into_owned();
    assert!(!text.contains(&key), "verify printed the key");
    let doc: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(doc["ok"], true);
    assert_eq!(doc["store"], "encrypted-file");
    assert_eq!(doc["fallback_from"], "secret-service");
    assert_eq!(doc["details"]["key_source"], "TOKENCACHE_KEY");
    assert_eq!(doc["details"]["kdf"], "none (raw 32-byte key)");

    // A passphrase source reports the Argon2id parameters.
    let out = auto_cmd(&env)
        .env("TOKENCACHE_PASSPHRASE", "pw for verify")
        .args(["verify", "--json"])
        .output()
        .unwrap();
    let doc: serde_json::Value = serde_json::from_slice(&ok(&out).stdout).unwrap();
    assert_eq!(doc["details"]["key_source"], "TOKENCACHE_PASSPHRASE");
    assert_eq!(
        doc["details"]["kdf"],
        "argon2id m=65536 KiB (64 MiB) t=3 p=4"
    );
}

#[cfg(target_os = "linux")]
#[test]
fn auto_uses_plaintext_only_when_asked_and_no_key_is_configured() {
    let env = Env::new();
    let input = env.dir.path().join("in.json");
    fs::write(&input, b"{\"AccessToken\":{}}").unwrap();
    // Neither a key nor --plaintext-fallback: the Secret Service error, exit 7.
    let out = auto_cmd(&env)
        .args(["write", "--input", input.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(7), "{}", out.stderr_text());
    assert!(env.stored().is_none());
    // Asked for plaintext, with no key: the plaintext file.
    let out = auto_cmd(&env)
        .args([
            "--plaintext-fallback",
            "write",
            "--input",
            input.to_str().unwrap(),
        ])
        .output()
        .unwrap();
    ok(&out);
    assert!(out.stderr_text().contains("--plaintext-fallback is set"));
    assert_eq!(env.stored().unwrap(), b"{\"AccessToken\":{}}");
    let out = auto_cmd(&env)
        .args(["--plaintext-fallback", "path", "--json"])
        .output()
        .unwrap();
    let doc: serde_json::Value = serde_json::from_slice(&ok(&out).stdout).unwrap();
    assert_eq!(doc["store"], "file");
    assert_eq!(doc["fallback_from"], "secret-service");
}

/// The encrypted file store's CI recipe (docs/stores/encrypted-file.md), run literally: two jobs in two workspaces, the key
/// from the "secret store" through the environment, `.tokencache/` carried
/// from the first workspace to the second as a CI cache would.
#[cfg(unix)]
#[test]
fn the_documented_ci_recipe_works_end_to_end() {
    use std::os::unix::fs::PermissionsExt;
    let page = crate::readme::page("docs/stores/encrypted-file.md");
    let block = page
        .split("<!-- ci-recipe:begin -->")
        .nth(1)
        .and_then(|rest| rest.split("<!-- ci-recipe:end -->").next())
        .expect("docs/stores/encrypted-file.md has the CI recipe block");
    let script: String = block
        .lines()
        .filter(|l| !l.trim_start().starts_with("```"))
        .collect::<Vec<_>>()
        .join("\n");

    let env = Env::new();
    let secret = key_text(&keygen(&env, "tc.key"));
    // Stand-ins on PATH: tokencache itself, and a tool that refreshes the
    // cache, counting the runs it has seen in it.
    let tools = env.dir.path().join("bin");
    fs::create_dir(&tools).unwrap();
    std::os::unix::fs::symlink(bin(), tools.join("tokencache")).unwrap();
    let tool = tools.join("your-tool");
    fs::write(
        &tool,
        "#!/bin/sh\nf=\"$2\"\nn=$(sed -n 's/.*\"runs\":\"\\([0-9]*\\)\".*/\\1/p' \"$f\")\nn=$(( ${n:-0} + 1 ))\n\
         printf '{\"AccessToken\":{\"k\":{\"secret\":\"at-secret-%s\"}},\"runs\":\"%s\"}' \"$n\" \"$n\" > \"$f\"\n",
    )
    .unwrap();
    fs::set_permissions(&tool, fs::Permissions::from_mode(0o755)).unwrap();
    let path = format!(
        "{}:{}",
        tools.display(),
        std::env::var("PATH").unwrap_or_default()
    );

    let job = |workspace: &Path| {
        fs::create_dir_all(workspace).unwrap();
        let out = StdCommand::new("sh")
            .env_clear()
            .env("HOME", env.home())
            .env("PATH", &path)
            .env("NO_COLOR", "1")
            .env("TOKENCACHE_KEY", &secret)
            .args(["-euc", &script])
            .current_dir(workspace)
            .stdin(Stdio::null())
            .output()
            .unwrap();
        ok(&out);
        assert!(
            !workspace.join("msal.json").exists(),
            "the plaintext export was left behind"
        );
    };
    let first = env.dir.path().join("job1");
    job(&first);
    let persisted = fs::read(first.join(".tokencache/msal.cache")).unwrap();
    assert!(persisted.starts_with(MAGIC));
    assert!(
        !persisted.windows(9).any(|w| w == b"at-secret"),
        "token in the CI cache"
    );

    // The CI cache restores .tokencache/ into the next job's workspace.
    let second = env.dir.path().join("job2");
    fs::create_dir_all(second.join(".tokencache")).unwrap();
    fs::write(second.join(".tokencache/msal.cache"), &persisted).unwrap();
    job(&second);

    let read = |key: Option<&str>| {
        let mut c = env.std_cmd();
        c.env("TOKENCACHE_STORE", "encrypted-file")
            .env(
                "TOKENCACHE_CACHE_PATH",
                second.join(".tokencache/msal.cache"),
            )
            .arg("read")
            .stdin(Stdio::null());
        if let Some(k) = key {
            c.env("TOKENCACHE_KEY", k);
        }
        c.output().unwrap()
    };
    let out = read(Some(&secret));
    let text = String::from_utf8(ok(&out).stdout.clone()).unwrap();
    assert!(
        text.contains("\"runs\":\"2\""),
        "the second job saw the first job's cache: {text}"
    );
    // Someone with the CI cache but not the secret gets nothing.
    let other = key_text(&keygen(&env, "not-the-secret.key"));
    let out = read(Some(&other));
    assert_eq!(out.status.code(), Some(7));
    assert!(out.stdout.is_empty());
}
