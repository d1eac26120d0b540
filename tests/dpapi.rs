//! The DPAPI file store against real DPAPI (Windows only), checked against the
//! peer every MSAL.NET cache goes through: .NET's
//! `System.Security.Cryptography.ProtectedData`, driven from Windows PowerShell.
//!
//! Under Wine (.ci/cross) the round trips through Wine's `CryptProtectData`
//! run; the .NET cross-checks are skipped there by name (`skip_under_wine!`):
//! Wine has no .NET ProtectedData, and its powershell.exe is a stub that exits
//! 0 doing nothing, so they would prove nothing. GitHub's windows-latest job
//! runs them.

#![cfg(windows)]

use std::path::Path;
use std::process::Command as StdCommand;

use assert_cmd::Command;
use predicates::prelude::*;

use crate::skip_under_wine;
use crate::support::{sample_cache, Env};

/// The first bytes of every DPAPI blob: version 1, then the provider GUID
/// {df9d8cd0-1501-11d1-8c7a-00c04fc297eb} in little-endian layout.
const DPAPI_HEADER: [u8; 20] = [
    0x01, 0x00, 0x00, 0x00, 0xd0, 0x8c, 0x9d, 0xdf, 0x01, 0x15, 0xd1, 0x11, 0x8c, 0x7a, 0x00, 0xc0,
    0x4f, 0xc2, 0x97, 0xeb,
];

/// Why the .NET cross-checks cannot run under Wine.
const NO_DOTNET: &str = "Wine has no .NET ProtectedData (its powershell.exe is a stub that \
     exits 0 doing nothing); the windows-latest workflow job runs this";

/// A command on the DPAPI store at the test's cache path (the harness passes
/// the variables Windows itself relies on).
fn dpapi_cmd(env: &Env) -> Command {
    let mut c = env.cmd();
    c.env("TOKENCACHE_STORE", "dpapi")
        .env("TOKENCACHE_CACHE_PATH", env.cache_path());
    c
}

/// Run .NET's ProtectedData from Windows PowerShell: `Protect` or `Unprotect`
/// the bytes of `input` into `output`, with the UTF-8 `entropy` or none.
fn protected_data(op: &str, input: &Path, output: &Path, scope: &str, entropy: Option<&str>) {
    let script = format!(
        "$ErrorActionPreference = 'Stop'; Add-Type -AssemblyName System.Security; \
         $e = $null; if ($env:TC_ENTROPY) {{ $e = [Text.Encoding]::UTF8.GetBytes($env:TC_ENTROPY) }}; \
         $in = [IO.File]::ReadAllBytes($env:TC_IN); \
         $out = [Security.Cryptography.ProtectedData]::{op}($in, $e, [Security.Cryptography.DataProtectionScope]::{scope}); \
         [IO.File]::WriteAllBytes($env:TC_OUT, $out)"
    );
    let mut c = StdCommand::new("powershell.exe");
    c.args(["-NoProfile", "-NonInteractive", "-Command", &script])
        .env("TC_IN", input)
        .env("TC_OUT", output)
        .env_remove("TC_ENTROPY");
    if let Some(e) = entropy {
        c.env("TC_ENTROPY", e);
    }
    let out = c.output().expect("powershell.exe runs");
    assert!(
        out.status.success(),
        "ProtectedData.{op} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn write_stores_a_raw_dpapi_blob_that_dotnet_decrypts() {
    skip_under_wine!(NO_DOTNET);
    let env = Env::new();
    let cache = sample_cache(20_000);
    dpapi_cmd(&env)
        .arg("write")
        .write_stdin(cache.clone())
        .assert()
        .success();
    let blob = env.stored().unwrap();
    assert!(
        blob.starts_with(&DPAPI_HEADER),
        "no header, no base64: the blob itself"
    );
    assert!(
        !blob.windows(11).any(|w| w == b"AccessToken"),
        "the file must not hold plaintext"
    );

    let plain = env.dir.path().join("plain.json");
    protected_data("Unprotect", &env.cache_path(), &plain, "CurrentUser", None);
    assert_eq!(std::fs::read(&plain).unwrap(), cache);

    dpapi_cmd(&env)
        .arg("read")
        .assert()
        .success()
        .stdout(predicate::eq(cache));
}

#[test]
fn read_decrypts_what_dotnet_protected() {
    skip_under_wine!(NO_DOTNET);
    let env = Env::new();
    let cache = sample_cache(4_000);
    let plain = env.dir.path().join("plain.json");
    std::fs::write(&plain, &cache).unwrap();
    std::fs::create_dir_all(env.cache_path().parent().unwrap()).unwrap();
    protected_data("Protect", &plain, &env.cache_path(), "CurrentUser", None);
    dpapi_cmd(&env)
        .arg("read")
        .assert()
        .success()
        .stdout(predicate::eq(cache));
}

#[test]
fn entropy_comes_from_the_named_variable_and_must_match() {
    skip_under_wine!(NO_DOTNET);
    let env = Env::new();
    let cache = sample_cache(2_000);
    let plain = env.dir.path().join("plain.json");
    std::fs::write(&plain, &cache).unwrap();
    std::fs::create_dir_all(env.cache_path().parent().unwrap()).unwrap();
    protected_data(
        "Protect",
        &plain,
        &env.cache_path(),
        "CurrentUser",
        Some("pepper"),
    );
    let before = env.stored().unwrap();

    dpapi_cmd(&env)
        .args(["--entropy-env", "APP_ENTROPY", "read"])
        .env("APP_ENTROPY", "pepper")
        .assert()
        .success()
        .stdout(predicate::eq(cache.clone()));
    // Wrong entropy, or none: exit 7, and the file is untouched.
    dpapi_cmd(&env)
        .args(["--entropy-env", "APP_ENTROPY", "read"])
        .env("APP_ENTROPY", "salt")
        .assert()
        .code(7)
        .stderr(predicate::str::contains("APP_ENTROPY"));
    dpapi_cmd(&env)
        .arg("read")
        .assert()
        .code(7)
        .stderr(predicate::str::contains("--entropy-env"));
    assert_eq!(env.stored().unwrap(), before);
    // Naming a variable that is not set is a usage error, not "no entropy".
    dpapi_cmd(&env)
        .args(["--entropy-env", "NOT_SET_ANYWHERE", "read"])
        .assert()
        .code(2);

    // And what tokencache writes with entropy, .NET decrypts with it.
    dpapi_cmd(&env)
        .args(["--entropy-env", "APP_ENTROPY", "write"])
        .env("APP_ENTROPY", "pepper")
        .write_stdin(cache.clone())
        .assert()
        .success();
    let back = env.dir.path().join("back.json");
    protected_data(
        "Unprotect",
        &env.cache_path(),
        &back,
        "CurrentUser",
        Some("pepper"),
    );
    assert_eq!(std::fs::read(&back).unwrap(), cache);
}

#[test]
fn local_machine_scope_is_honoured() {
    skip_under_wine!(NO_DOTNET);
    let env = Env::new();
    let cache = sample_cache(1_000);
    dpapi_cmd(&env)
        .args(["--scope", "local-machine", "write"])
        .write_stdin(cache.clone())
        .assert()
        .success();
    let plain = env.dir.path().join("plain.json");
    protected_data("Unprotect", &env.cache_path(), &plain, "LocalMachine", None);
    assert_eq!(std::fs::read(&plain).unwrap(), cache);
    dpapi_cmd(&env)
        .args(["--scope", "local-machine", "--json", "path"])
        .assert()
        .success()
        .stdout(predicate::str::contains("\"scope_used\": true"))
        .stdout(predicate::str::contains("\"scope\": \"local-machine\""));
    dpapi_cmd(&env)
        .args(["--json", "path"])
        .assert()
        .success()
        .stdout(predicate::str::contains("\"scope\": \"current-user\""));
}

#[test]
fn undecryptable_or_plaintext_files_fail_with_exit_7_and_stay_untouched() {
    let env = Env::new();
    let mut garbage = DPAPI_HEADER.to_vec();
    garbage.extend_from_slice(&[0x42; 200]);
    for bytes in [garbage, b"{\"AccessToken\":{}}".to_vec()] {
        env.put(&bytes);
        dpapi_cmd(&env)
            .arg("read")
            .assert()
            .code(7)
            .stderr(predicate::str::contains("cannot decrypt"))
            .stderr(predicate::str::contains("tokencache clear"));
        assert_eq!(env.stored().unwrap(), bytes);
    }
}

#[test]
fn empty_file_is_no_cache_and_clear_removes_the_file() {
    let env = Env::new();
    env.put(b"");
    dpapi_cmd(&env).arg("read").assert().code(3);
    dpapi_cmd(&env)
        .write_stdin("{}")
        .arg("write")
        .assert()
        .success();
    dpapi_cmd(&env).arg("clear").assert().success();
    assert!(env.stored().is_none());
}

#[test]
fn verify_round_trips_beside_the_cache_and_leaves_nothing() {
    let env = Env::new();
    dpapi_cmd(&env)
        .arg("verify")
        .assert()
        .success()
        .stdout(predicate::str::contains("DPAPI"));
    let dir = env.cache_path().parent().unwrap().to_path_buf();
    let left: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .flatten()
        .map(|e| e.file_name())
        .collect();
    assert!(left.is_empty(), "verify left {left:?}");
}

/// The round trip through the system's own `CryptProtectData` /
/// `CryptUnprotectData` (Wine's in .ci/cross): what is stored is not the
/// plaintext, reads give back the exact bytes, entropy and scope are honoured
/// and a wrong entropy leaves the file untouched with exit 7.
#[test]
fn round_trip_through_the_systems_dpapi_with_entropy_and_scope() {
    let env = Env::new();
    let cache = sample_cache(20_000);
    dpapi_cmd(&env)
        .arg("write")
        .write_stdin(cache.clone())
        .assert()
        .success();
    let blob = env.stored().unwrap();
    assert!(
        !blob.windows(11).any(|w| w == b"AccessToken"),
        "the file must not hold plaintext"
    );
    assert_ne!(blob, cache);
    dpapi_cmd(&env)
        .arg("read")
        .assert()
        .success()
        .stdout(predicate::eq(cache.clone()));

    dpapi_cmd(&env)
        .args(["--entropy-env", "APP_ENTROPY", "write"])
        .env("APP_ENTROPY", "pepper")
        .write_stdin(cache.clone())
        .assert()
        .success();
    let before = env.stored().unwrap();
    dpapi_cmd(&env)
        .args(["--entropy-env", "APP_ENTROPY", "read"])
        .env("APP_ENTROPY", "pepper")
        .assert()
        .success()
        .stdout(predicate::eq(cache.clone()));
    dpapi_cmd(&env)
        .args(["--entropy-env", "APP_ENTROPY", "read"])
        .env("APP_ENTROPY", "salt")
        .assert()
        .code(7)
        .stderr(predicate::str::contains("APP_ENTROPY"));
    assert_eq!(env.stored().unwrap(), before);

    dpapi_cmd(&env)
        .args(["--scope", "local-machine", "write"])
        .write_stdin(cache.clone())
        .assert()
        .success();
    dpapi_cmd(&env)
        .args(["--scope", "local-machine", "read"])
        .assert()
        .success()
        .stdout(predicate::eq(cache));
}
