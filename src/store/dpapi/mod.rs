//! The DPAPI-encrypted file store (Windows).
//!
//! **Where:** the cache path itself (`--cache-path`, default
//! `%LOCALAPPDATA%\.tokencache\cache.json`), with the lock next to it.
//! **How:** the file holds exactly the bytes `CryptProtectData` returns for the
//! UTF-8 cache JSON: no header, no base64, no description string. Flags:
//! `CRYPTPROTECT_UI_FORBIDDEN` always (DPAPI must never show a prompt), plus
//! `CRYPTPROTECT_LOCAL_MACHINE` with `--scope local-machine`. The optional
//! entropy is the UTF-8 value of the environment variable named by
//! `--entropy-env` (never an argument; an empty value means none, as in the
//! MSAL libraries). Writes are atomic: temp file in the same directory, flushed,
//! then moved over the cache with `MoveFileExW(MOVEFILE_REPLACE_EXISTING |
//! MOVEFILE_WRITE_THROUGH)`, retried briefly on sharing violations (see
//! [`crate::fsutil`]). A missing or empty file means "no cache".
//! **Who else reads it:** msal-node-extensions' `FilePersistenceWithDataProtection`
//! (CurrentUser, no description, entropy as UTF-8 or none), Python
//! msal-extensions' `FilePersistenceWithDataProtection` (CurrentUser, description
//! `python_data` stored inside the blob, which decryption ignores), MSAL.NET's
//! `ProtectedData.Protect` cache files and the Azure CLI's
//! `msal_token_cache.bin`. Each of them reads what tokencache writes and the
//! other way round, given the same user (or machine) and the same entropy.
//! **Protection:** DPAPI encrypts with a key derived from the user's logon
//! credentials (CurrentUser: only this Windows user on this machine can decrypt)
//! or from the machine (LocalMachine: every user of this machine can decrypt).
//! **When decryption fails** ("Key not valid for use in specified state": the
//! profile moved, another user or machine wrote it, or other entropy), the
//! error is [`Error::Undecryptable`] (exit 7) with the fix, and the file is
//! left exactly as it is.
//!
//! **Why `windows-sys` and not `windows-dpapi`.** `windows-dpapi` 0.2 wraps the
//! same two calls but never sets `CRYPTPROTECT_UI_FORBIDDEN` (a strong-protection
//! key could pop a dialog on a headless run), returns `anyhow` errors that hide
//! the Win32 code this module needs to tell "wrong user/machine" from "damaged
//! file", and pulls `winapi`, `anyhow` and `log` into every build, Linux
//! included. `windows-sys` is already a Windows dependency (for the process
//! checks), is generated from Microsoft's metadata, and the two calls plus
//! `LocalFree` are a few dozen lines in `sys` below.
//!
//! The store is generic over [`Protector`] so that everything except the two
//! system calls (file handling, the empty-file rule, error mapping, the verify
//! probe and its cleanup) is compiled and unit-tested on every platform.

use std::ffi::OsString;
use std::fmt;
use std::path::{Path, PathBuf};

use super::{Description, Store, StoreKind};
use crate::error::{Error, Result};
use crate::fsutil;

pub mod args;

pub use args::DpapiArgs;
#[cfg(windows)]
pub use sys::SystemDpapi;

/// DPAPI scope.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// Only this Windows user can decrypt (CurrentUser).
    CurrentUser,
    /// Any user on this machine can decrypt (LocalMachine).
    LocalMachine,
}

impl Scope {
    /// The name used on the command line and in JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Scope::CurrentUser => "current-user",
            Scope::LocalMachine => "local-machine",
        }
    }
}

/// `CRYPTPROTECT_UI_FORBIDDEN` (dpapi.h): fail instead of showing UI.
pub const CRYPTPROTECT_UI_FORBIDDEN: u32 = 0x1;
/// `CRYPTPROTECT_LOCAL_MACHINE` (dpapi.h): any user of this machine may decrypt.
pub const CRYPTPROTECT_LOCAL_MACHINE: u32 = 0x4;

/// The Win32 error codes DPAPI reports through `GetLastError` that tokencache
/// tells apart (winerror.h; the same values as windows-sys 0.61).
pub mod codes {
    /// `ERROR_FILE_NOT_FOUND`: typically the user profile (and so the DPAPI
    /// master keys) is not loaded, e.g. a service without "load user profile".
    pub const ERROR_FILE_NOT_FOUND: u32 = 2;
    /// `ERROR_NOT_ENOUGH_MEMORY`.
    pub const ERROR_NOT_ENOUGH_MEMORY: u32 = 8;
    /// `ERROR_INVALID_DATA`: not a blob this key and entropy decrypt.
    pub const ERROR_INVALID_DATA: u32 = 13;
    /// `ERROR_INVALID_PARAMETER`: a truncated or foreign blob.
    pub const ERROR_INVALID_PARAMETER: u32 = 87;
    /// `ERROR_PASSWORD_RESTRICTION`: DPAPI wanted UI and `UI_FORBIDDEN` said no.
    pub const ERROR_PASSWORD_RESTRICTION: u32 = 1325;
    /// `NTE_BAD_DATA`.
    pub const NTE_BAD_DATA: u32 = 0x8009_0005;
    /// `NTE_BAD_KEY_STATE`: "Key not valid for use in specified state".
    pub const NTE_BAD_KEY_STATE: u32 = 0x8009_000B;
}

/// The two DPAPI operations. `SystemDpapi` (Windows) calls the OS; errors
/// are the Win32 code from `GetLastError`.
pub trait Protector {
    /// `CryptProtectData(plain, no description, entropy, flags for scope)`.
    fn protect(
        &self,
        plain: &[u8],
        entropy: Option<&[u8]>,
        scope: Scope,
    ) -> std::result::Result<Vec<u8>, u32>;
    /// `CryptUnprotectData(blob, entropy, UI_FORBIDDEN)`. The scope is recorded
    /// in the blob, so decryption does not take it.
    fn unprotect(&self, blob: &[u8], entropy: Option<&[u8]>) -> std::result::Result<Vec<u8>, u32>;
}

/// The `dwFlags` for `CryptProtectData` in `scope`.
pub fn protect_flags(scope: Scope) -> u32 {
    match scope {
        Scope::CurrentUser => CRYPTPROTECT_UI_FORBIDDEN,
        Scope::LocalMachine => CRYPTPROTECT_UI_FORBIDDEN | CRYPTPROTECT_LOCAL_MACHINE,
    }
}

/// DPAPI additional entropy, and the variable it came from. Its `Debug` never
/// shows the value.
#[derive(Clone, PartialEq, Eq)]
pub struct Entropy {
    var: String,
    bytes: Vec<u8>,
}

impl Entropy {
    /// The environment variable that holds it.
    pub fn var(&self) -> &str {
        &self.var
    }
}

impl fmt::Debug for Entropy {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Entropy(from ${}, {} bytes)", self.var, self.bytes.len())
    }
}

/// Resolve `--entropy-env VAR` with `lookup` (the process environment in
/// production). The variable must be set; its value must be UTF-8; an empty
/// value means no entropy, as msal-node-extensions (`if (entropy)`) and Python
/// msal-extensions (`if entropy:`) treat an empty string.
pub fn resolve_entropy(
    var: Option<&str>,
    lookup: &dyn Fn(&str) -> Option<OsString>,
) -> Result<Option<Entropy>> {
    let Some(var) = var else {
        return Ok(None);
    };
    if var.is_empty() || var.contains('=') {
        return Err(Error::Config {
            message: format!("--entropy-env `{var}` is not an environment variable name"),
            hint: "pass the NAME of the variable that holds the entropy, e.g. --entropy-env MY_APP_ENTROPY".into(),
        });
    }
    let Some(value) = lookup(var) else {
        return Err(Error::Config {
            message: format!("--entropy-env names {var}, which is not set"),
            hint: format!(
                "set {var} to the entropy string the other application uses (never pass it as an argument), \
                 or drop --entropy-env if the cache was written without entropy"
            ),
        });
    };
    let Ok(value) = value.into_string() else {
        return Err(Error::Config {
            message: format!("the value of {var} (named by --entropy-env) is not valid UTF-8"),
            hint: "DPAPI entropy is the UTF-8 bytes of a string, as the MSAL libraries pass it; set a UTF-8 value".into(),
        });
    };
    if value.is_empty() {
        return Ok(None);
    }
    Ok(Some(Entropy {
        var: var.to_string(),
        bytes: value.into_bytes(),
    }))
}

/// The error for a failed `CryptUnprotectData` on the file at `path`. Key and
/// data errors mean this user/machine/entropy cannot decrypt what is there
/// ([`Error::Undecryptable`], exit 7); an unloaded profile or a system failure
/// is [`Error::Unavailable`]. Never advises deleting a file that may be fine.
pub fn unprotect_error(path: &Path, code: u32, entropy: Option<&Entropy>, blob: &[u8]) -> Error {
    let clear = "remove it with `tokencache clear` and sign in again (the file was left untouched)";
    let undecryptable = |cause: String, hint: String| Error::Undecryptable {
        path: path.to_path_buf(),
        cause,
        hint,
    };
    match code {
        codes::NTE_BAD_KEY_STATE => undecryptable(
            format!(
                "Key not valid for use in specified state (error 0x{code:08X}): it was encrypted by another \
                 Windows user, on another machine, or before this user's profile or password was reset"
            ),
            format!("run tokencache as the user and on the machine that wrote it, or {clear}"),
        ),
        codes::ERROR_INVALID_DATA | codes::ERROR_INVALID_PARAMETER | codes::NTE_BAD_DATA => {
            if blob.trim_ascii_start().starts_with(b"{") {
                return undecryptable(
                    format!("the file holds plaintext JSON, not a DPAPI blob (error 0x{code:08X})"),
                    format!("read it with --store file if it is meant to be plaintext, or {clear}"),
                );
            }
            let (cause, hint) = match entropy {
                Some(e) => (
                    format!(
                        "the data is invalid (error 0x{code:08X}): it is damaged, or was encrypted with other \
                         entropy than ${} holds",
                        e.var()
                    ),
                    format!("check that ${} holds the writer's entropy, or {clear}", e.var()),
                ),
                None => (
                    format!(
                        "the data is invalid (error 0x{code:08X}): it is damaged, or was encrypted with \
                         additional entropy"
                    ),
                    format!("if the writer used entropy, name the variable holding it with --entropy-env; otherwise {clear}"),
                ),
            };
            undecryptable(cause, hint)
        }
        codes::ERROR_PASSWORD_RESTRICTION => undecryptable(
            format!(
                "the blob is protected with a prompt (strong key protection), and tokencache never shows one \
                 (error 0x{code:08X})"
            ),
            format!("decrypt it with the application that wrote it, or {clear}"),
        ),
        other => system_error(path, "CryptUnprotectData", other),
    }
}

/// The error for a failed `CryptProtectData` (nothing was written).
pub fn protect_error(path: &Path, code: u32) -> Error {
    system_error(path, "CryptProtectData", code)
}

fn system_error(path: &Path, call: &str, code: u32) -> Error {
    let (cause, hint) = match code {
        codes::ERROR_FILE_NOT_FOUND => (
            format!(
                "{call} could not reach this user's DPAPI master keys for {} (error 0x{code:08X}): \
                 the user profile is not loaded",
                path.display()
            ),
            "run as a logged-in user; a service or scheduled task needs its user profile loaded \
             (or use --scope local-machine)"
                .to_string(),
        ),
        _ => (
            format!(
                "{call} failed for {} with Windows error 0x{code:08X}",
                path.display()
            ),
            "check that the Windows user profile is loaded and healthy, then retry".to_string(),
        ),
    };
    Error::Unavailable {
        store: StoreKind::Dpapi.as_str(),
        cause,
        hint,
    }
}

/// What the DPAPI store needs to know, built by its `args.rs`.
#[derive(Debug, Clone)]
pub struct DpapiSettings {
    /// The encrypted file.
    pub cache_path: PathBuf,
    /// `--scope`.
    pub scope: Scope,
    /// From the variable `--entropy-env` names (see [`resolve_entropy`]).
    pub entropy: Option<Entropy>,
    /// The largest cache read (`--max-size`, `TOKENCACHE_MAX_SIZE`).
    pub max_size: u64,
    /// How long a replace waits for a reader's handle (see
    /// [`fsutil::DEFAULT_REPLACE_PATIENCE`]).
    pub replace_patience: std::time::Duration,
}

/// A cache kept as a DPAPI-encrypted file, using protector `P`.
pub struct DpapiStore<P: Protector> {
    path: PathBuf,
    scope: Scope,
    entropy: Option<Entropy>,
    max_size: u64,
    replace_patience: std::time::Duration,
    protector: P,
}

impl<P: Protector> DpapiStore<P> {
    /// The store `settings` describe. Nothing is touched until a method is
    /// called.
    pub fn new(settings: DpapiSettings, protector: P) -> DpapiStore<P> {
        DpapiStore {
            path: settings.cache_path,
            scope: settings.scope,
            entropy: settings.entropy,
            max_size: settings.max_size,
            replace_patience: settings.replace_patience,
            protector,
        }
    }

    fn entropy_bytes(&self) -> Option<&[u8]> {
        self.entropy.as_ref().map(|e| e.bytes.as_slice())
    }

    fn load_from(&self, path: &Path) -> Result<Option<Vec<u8>>> {
        let Some(blob) = fsutil::read_private(path, self.max_size)? else {
            return Ok(None);
        };
        if blob.is_empty() {
            return Ok(None);
        }
        self.protector
            .unprotect(&blob, self.entropy_bytes())
            .map(Some)
            .map_err(|code| unprotect_error(path, code, self.entropy.as_ref(), &blob))
    }

    fn save_to(&self, path: &Path, data: &[u8]) -> Result<()> {
        // Encrypt first: a failure leaves the file as it was.
        let blob = self
            .protector
            .protect(data, self.entropy_bytes(), self.scope)
            .map_err(|code| protect_error(path, code))?;
        fsutil::ensure_private_dir(fsutil::parent_dir(path))?;
        fsutil::write_atomic(path, &blob, self.replace_patience)
    }

    fn scope_name(&self) -> &'static str {
        match self.scope {
            Scope::CurrentUser => "CurrentUser",
            Scope::LocalMachine => "LocalMachine",
        }
    }
}

impl<P: Protector> Store for DpapiStore<P> {
    fn kind(&self) -> StoreKind {
        StoreKind::Dpapi
    }

    fn decrypts(&self) -> bool {
        true
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
        super::verify_with_probe(
            &self.path,
            StoreKind::Dpapi,
            |probe, data| self.save_to(probe, data),
            |probe| self.load_from(probe),
            "check the file system holding the cache and that the Windows user profile is loaded",
        )
    }

    fn describe(&self) -> Description {
        let entropy = match &self.entropy {
            Some(e) => format!("from ${}", e.var()),
            None => "none".into(),
        };
        Description {
            summary: format!(
                "DPAPI-encrypted file {} ({} scope)",
                self.path.display(),
                self.scope_name()
            ),
            fields: vec![
                ("path", self.path.display().to_string().into()),
                (
                    "protection",
                    format!(
                        "DPAPI CryptProtectData, {} scope, UI forbidden",
                        self.scope_name()
                    )
                    .into(),
                ),
                ("entropy", entropy.into()),
            ],
        }
    }
}

/// The system calls. Everything else in this module is platform-independent.
#[cfg(windows)]
mod sys {
    use std::ptr;

    use windows_sys::Win32::Foundation::{GetLastError, LocalFree};
    use windows_sys::Win32::Security::Cryptography::{
        CryptProtectData, CryptUnprotectData, CRYPT_INTEGER_BLOB,
    };

    use super::Scope;
    use super::{codes, protect_flags, Protector, CRYPTPROTECT_UI_FORBIDDEN};

    /// DPAPI as Windows provides it (crypt32.dll).
    #[derive(Debug, Clone, Copy, Default)]
    pub struct SystemDpapi;

    /// A `DATA_BLOB` over `data`. DPAPI only reads `pDataIn` and
    /// `pOptionalEntropy`; the `*mut` is just the C declaration's.
    fn blob_of(data: &[u8]) -> Result<CRYPT_INTEGER_BLOB, u32> {
        let len = u32::try_from(data.len()).map_err(|_| codes::ERROR_NOT_ENOUGH_MEMORY)?;
        Ok(CRYPT_INTEGER_BLOB {
            cbData: len,
            pbData: data.as_ptr().cast_mut(),
        })
    }

    /// Copy DPAPI's output, wipe it (it may be the plaintext cache) and free it
    /// with `LocalFree`, as the documentation of both calls requires.
    ///
    /// # Safety
    /// `out` must have been filled by a successful `CryptProtectData` or
    /// `CryptUnprotectData` and not freed yet.
    unsafe fn take(out: CRYPT_INTEGER_BLOB) -> Vec<u8> {
        if out.pbData.is_null() {
            return Vec::new();
        }
        let len = out.cbData as usize;
        let bytes = std::slice::from_raw_parts(out.pbData, len).to_vec();
        ptr::write_bytes(out.pbData, 0, len);
        LocalFree(out.pbData.cast());
        bytes
    }

    impl Protector for SystemDpapi {
        fn protect(
            &self,
            plain: &[u8],
            entropy: Option<&[u8]>,
            scope: Scope,
        ) -> Result<Vec<u8>, u32> {
            let input = blob_of(plain)?;
            let entropy = entropy.map(blob_of).transpose()?;
            let entropy_ptr: *const CRYPT_INTEGER_BLOB =
                entropy.as_ref().map_or(ptr::null(), ptr::from_ref);
            let mut out = CRYPT_INTEGER_BLOB::default();
            // SAFETY: `input` and `entropy` point into slices that outlive the
            // call; description, reserved and prompt may be null; `out` is a
            // valid blob DPAPI fills with a LocalAlloc'd buffer on success.
            let ok = unsafe {
                CryptProtectData(
                    &input,
                    ptr::null(),
                    entropy_ptr,
                    ptr::null(),
                    ptr::null(),
                    protect_flags(scope),
                    &mut out,
                )
            };
            if ok == 0 {
                // SAFETY: no preconditions; read right after the failing call.
                return Err(unsafe { GetLastError() });
            }
            // SAFETY: the call succeeded, so `out` is DPAPI's allocation.
            Ok(unsafe { take(out) })
        }

        fn unprotect(&self, blob: &[u8], entropy: Option<&[u8]>) -> Result<Vec<u8>, u32> {
            let input = blob_of(blob)?;
            let entropy = entropy.map(blob_of).transpose()?;
            let entropy_ptr: *const CRYPT_INTEGER_BLOB =
                entropy.as_ref().map_or(ptr::null(), ptr::from_ref);
            let mut out = CRYPT_INTEGER_BLOB::default();
            // SAFETY: as in `protect`; a null `ppszDataDescr` asks for no
            // description, so there is nothing else to free.
            let ok = unsafe {
                CryptUnprotectData(
                    &input,
                    ptr::null_mut(),
                    entropy_ptr,
                    ptr::null(),
                    ptr::null(),
                    CRYPTPROTECT_UI_FORBIDDEN,
                    &mut out,
                )
            };
            if ok == 0 {
                // SAFETY: no preconditions; read right after the failing call.
                return Err(unsafe { GetLastError() });
            }
            // SAFETY: the call succeeded, so `out` is DPAPI's allocation.
            Ok(unsafe { take(out) })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::exit_code::ExitCode;
    use std::collections::HashMap;

    /// A stand-in for DPAPI with the properties the store relies on: output
    /// differs from input, and decryption fails with DPAPI's codes when the
    /// "user" (key) or the entropy differs.
    #[derive(Clone)]
    struct FakeDpapi {
        user: u8,
    }

    const MAGIC: &[u8] = b"\x01\x00\x00\x00\xd0\x8c\x9d\xdf"; // a real DPAPI blob's first bytes

    impl Protector for FakeDpapi {
        fn protect(
            &self,
            plain: &[u8],
            entropy: Option<&[u8]>,
            scope: Scope,
        ) -> std::result::Result<Vec<u8>, u32> {
            let mut out = MAGIC.to_vec();
            out.push(self.user);
            out.push(protect_flags(scope) as u8);
            out.push(entropy.map_or(0, |e| {
                e.iter()
                    .fold(1u8, |a, b| a.wrapping_mul(31).wrapping_add(*b))
            }));
            out.extend(plain.iter().map(|b| b ^ 0x5a));
            Ok(out)
        }

        fn unprotect(
            &self,
            blob: &[u8],
            entropy: Option<&[u8]>,
        ) -> std::result::Result<Vec<u8>, u32> {
            let n = MAGIC.len();
            if blob.len() < n + 3 || &blob[..n] != MAGIC {
                return Err(codes::ERROR_INVALID_DATA);
            }
            if blob[n] != self.user {
                return Err(codes::NTE_BAD_KEY_STATE);
            }
            let e = entropy.map_or(0, |e| {
                e.iter()
                    .fold(1u8, |a, b| a.wrapping_mul(31).wrapping_add(*b))
            });
            if blob[n + 2] != e {
                return Err(codes::ERROR_INVALID_DATA);
            }
            Ok(blob[n + 3..].iter().map(|b| b ^ 0x5a).collect())
        }
    }

    fn settings(path: &Path, scope: Scope, entropy: Option<Entropy>) -> DpapiSettings {
        DpapiSettings {
            cache_path: path.to_path_buf(),
            scope,
            entropy,
            max_size: crate::fsutil::DEFAULT_MAX_SIZE,
            replace_patience: crate::fsutil::DEFAULT_REPLACE_PATIENCE,
        }
    }

    fn store_at(path: &Path, user: u8, entropy: Option<Entropy>) -> DpapiStore<FakeDpapi> {
        DpapiStore::new(
            settings(path, Scope::CurrentUser, entropy),
            FakeDpapi { user },
        )
    }

    fn entropy(value: &str) -> Option<Entropy> {
        let map: HashMap<&str, OsString> = [("E", OsString::from(value))].into();
        resolve_entropy(Some("E"), &|n| map.get(n).cloned()).unwrap()
    }

    #[test]
    fn flags_always_forbid_ui() {
        assert_eq!(protect_flags(Scope::CurrentUser), 0x1);
        assert_eq!(protect_flags(Scope::LocalMachine), 0x5);
    }

    #[test]
    fn entropy_comes_from_the_named_variable_only() {
        let map: HashMap<&str, OsString> = [
            ("SET", OsString::from("s3cret")),
            ("EMPTY", OsString::new()),
        ]
        .into();
        let lookup = |n: &str| map.get(n).cloned();
        assert_eq!(resolve_entropy(None, &lookup).unwrap(), None);
        let e = resolve_entropy(Some("SET"), &lookup).unwrap().unwrap();
        assert_eq!(e.bytes, b"s3cret");
        assert_eq!(e.var(), "SET");
        assert!(!format!("{e:?}").contains("s3cret"));
        assert_eq!(resolve_entropy(Some("EMPTY"), &lookup).unwrap(), None);
        let unset = resolve_entropy(Some("UNSET"), &lookup).unwrap_err();
        assert_eq!(unset.exit_code(), ExitCode::Usage);
        assert!(unset.to_string().contains("UNSET"), "{unset}");
        assert!(resolve_entropy(Some(""), &lookup).is_err());
        assert!(resolve_entropy(Some("A=B"), &lookup).is_err());
    }

    #[cfg(unix)]
    #[test]
    fn non_utf8_entropy_is_refused() {
        use std::os::unix::ffi::OsStringExt;
        let bad = OsString::from_vec(vec![0xff, 0xfe]);
        let err = resolve_entropy(Some("E"), &|_| Some(bad.clone())).unwrap_err();
        assert_eq!(err.exit_code(), ExitCode::Usage);
    }

    #[test]
    fn error_mapping() {
        let p = Path::new("/c/cache.bin");
        let blob = b"\x01\x00\x00\x00";
        let key = unprotect_error(p, codes::NTE_BAD_KEY_STATE, None, blob);
        assert_eq!(key.exit_code(), ExitCode::Unavailable);
        assert_eq!(key.code(), "undecryptable");
        assert!(
            key.to_string()
                .contains("Key not valid for use in specified state"),
            "{key}"
        );
        assert!(key.hint().unwrap().contains("tokencache clear"));

        let plain = unprotect_error(p, codes::ERROR_INVALID_DATA, None, b"  {\"a\":1}");
        assert!(plain.to_string().contains("plaintext JSON"), "{plain}");
        assert!(plain.hint().unwrap().contains("--store file"));

        let no_entropy = unprotect_error(p, codes::ERROR_INVALID_DATA, None, blob);
        assert!(no_entropy.hint().unwrap().contains("--entropy-env"));
        let with_entropy = unprotect_error(p, codes::NTE_BAD_DATA, entropy("x").as_ref(), blob);
        assert!(with_entropy.to_string().contains("$E"), "{with_entropy}");

        let ui = unprotect_error(p, codes::ERROR_PASSWORD_RESTRICTION, None, blob);
        assert_eq!(ui.code(), "undecryptable");

        // An unloaded profile says nothing about the file: no advice to delete it.
        for e in [
            unprotect_error(p, codes::ERROR_FILE_NOT_FOUND, None, blob),
            protect_error(p, codes::ERROR_FILE_NOT_FOUND),
        ] {
            assert_eq!(e.code(), "unavailable");
            assert_eq!(e.exit_code(), ExitCode::Unavailable);
            assert!(e.hint().unwrap().contains("profile"), "{e:?}");
            assert!(!e.hint().unwrap().contains("clear"), "{e:?}");
        }
        let other = protect_error(p, 0x8000_4005);
        assert!(other.to_string().contains("0x80004005"), "{other}");
    }

    #[test]
    fn round_trip_stores_the_blob_only() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("sub/cache.bin");
        let store = store_at(&path, 1, None);
        assert_eq!(store.load().unwrap(), None);
        store.save(b"{\"a\":1}").unwrap();
        let raw = std::fs::read(&path).unwrap();
        assert!(raw.starts_with(MAGIC), "raw blob, no header");
        assert_eq!(store.load().unwrap().unwrap(), b"{\"a\":1}");
        assert!(store.delete().unwrap());
        assert!(!store.delete().unwrap());
        assert_eq!(store.load().unwrap(), None);
    }

    #[test]
    fn empty_file_is_no_cache() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("cache.bin");
        std::fs::write(&path, b"").unwrap();
        assert_eq!(store_at(&path, 1, None).load().unwrap(), None);
    }

    #[test]
    fn undecryptable_file_is_left_untouched() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("cache.bin");
        store_at(&path, 1, None).save(b"{}").unwrap();
        let before = std::fs::read(&path).unwrap();
        let err = store_at(&path, 2, None).load().unwrap_err();
        assert_eq!(err.code(), "undecryptable");
        assert_eq!(err.exit_code(), ExitCode::Unavailable);
        let err = store_at(&path, 1, entropy("other")).load().unwrap_err();
        assert_eq!(err.code(), "undecryptable");
        assert_eq!(std::fs::read(&path).unwrap(), before);
    }

    #[test]
    fn entropy_must_match() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("cache.bin");
        store_at(&path, 1, entropy("e1")).save(b"{}").unwrap();
        assert_eq!(
            store_at(&path, 1, entropy("e1")).load().unwrap().unwrap(),
            b"{}"
        );
        assert!(store_at(&path, 1, None).load().is_err());
    }

    #[test]
    fn verify_leaves_nothing_behind_on_success_and_failure() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("cache.bin");
        store_at(&path, 1, None).verify().unwrap();
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);

        struct Broken;
        impl Protector for Broken {
            fn protect(
                &self,
                p: &[u8],
                _: Option<&[u8]>,
                _: Scope,
            ) -> std::result::Result<Vec<u8>, u32> {
                Ok(p.to_vec())
            }
            fn unprotect(&self, _: &[u8], _: Option<&[u8]>) -> std::result::Result<Vec<u8>, u32> {
                Err(codes::NTE_BAD_KEY_STATE)
            }
        }
        let broken = DpapiStore::new(settings(&path, Scope::LocalMachine, None), Broken);
        assert!(broken.verify().is_err());
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
    }

    #[test]
    fn description_names_scope_and_entropy_variable_not_value() {
        let d = DpapiStore::new(
            settings(
                Path::new("/c/x.bin"),
                Scope::LocalMachine,
                entropy("hidden"),
            ),
            FakeDpapi { user: 1 },
        )
        .describe();
        assert!(d.summary.contains("LocalMachine"), "{}", d.summary);
        let text = format!("{d:?}");
        assert!(text.contains("$E") && !text.contains("hidden"), "{text}");
    }
}
