//! The macOS Keychain store.
//!
//! **Where:** a *generic password* item in the user's default keychain
//! (normally `login.keychain-db`) with service = `--service` and account =
//! `--account`. Nothing else identifies it: a keychain holds at most one generic
//! password per service/account pair.
//! **How:** the item's data is the cache JSON itself, raw UTF-8, no encoding.
//! After each save, the two bytes `{}` are written atomically to the cache path
//! (the *marker file*), exactly as msal-node-extensions does after a keychain
//! save, so that programs watching the file's mtime see the change; the marker
//! is never read as the cache. `clear` deletes the item and the marker.
//! **Who else reads it:** keytar (`setPassword(service, account, json)`, used by
//! msal-node-extensions' `KeychainPersistence`), Python msal-extensions'
//! `KeychainPersistence` (`SecKeychainAddGenericPassword` with the given
//! service/account), and `security find-generic-password -s SERVICE -a ACCOUNT -w`.
//! **Protection:** the keychain is encrypted with the user's login password and
//! locked with the session; each item's access list names the applications that
//! may read it without asking. The first time tokencache reads an item another
//! program wrote, macOS asks the user to allow it.
//!
//! **Never hang.** Keychain calls that need the user (a locked keychain, an
//! access prompt) show a dialog and wait. When nobody can answer it, i.e. when
//! stderr is not a terminal or `CI` is set, tokencache turns keychain UI off
//! (`SecKeychainSetUserInteractionAllowed(false)`) for the duration of each
//! call, so such calls fail at once with `errSecInteractionNotAllowed`, mapped
//! to exit 7 with the `security unlock-keychain` hint. Over SSH the Security
//! server refuses UI by itself, with the same error.
//!
//! The item calls go through the keyring project's `keyring-core` API with the
//! `apple-native-keyring-store` keychain store (macOS only). Everything around
//! them (the marker contract, the verify round trip and its cleanup, the mapping
//! of Security framework status codes to tokencache errors) is
//! platform-independent and unit-tested everywhere with `keyring-core`'s
//! in-memory mock store.

use std::path::PathBuf;
use std::sync::Arc;

use keyring_core::{CredentialStore, Entry, Error as KeyringError};

use super::{Description, Store, StoreKind, VERIFY_DATA};
use crate::error::{Error, Result};
use crate::fsutil;

/// Security framework result codes (SecBase.h / MacErrors.h) that tokencache
/// tells apart.
pub mod status {
    /// `userCanceledErr`: the user pressed Deny/Cancel at a prompt.
    pub const USER_CANCELED: i32 = -128;
    /// `wrPermErr`: write permission error.
    pub const WR_PERM: i32 = -61;
    /// `errSecInvalidOwnerEdit`: the item belongs to another application.
    pub const INVALID_OWNER_EDIT: i32 = -25244;
    /// `errSecNotAvailable`: no keychain is available.
    pub const NOT_AVAILABLE: i32 = -25291;
    /// `errSecReadOnly`: the keychain is read-only.
    pub const READ_ONLY: i32 = -25292;
    /// `errSecAuthFailed`: wrong password, or authorization refused.
    pub const AUTH_FAILED: i32 = -25293;
    /// `errSecNoSuchKeychain`.
    pub const NO_SUCH_KEYCHAIN: i32 = -25294;
    /// `errSecDuplicateItem`: an item exists that tokencache may not update.
    pub const DUPLICATE_ITEM: i32 = -25299;
    /// `errSecItemNotFound`.
    pub const ITEM_NOT_FOUND: i32 = -25300;
    /// `errSecNoDefaultKeychain`.
    pub const NO_DEFAULT_KEYCHAIN: i32 = -25307;
    /// `errSecInteractionNotAllowed`: UI was needed and is not allowed (locked
    /// keychain over SSH, in CI, or with UI turned off).
    pub const INTERACTION_NOT_ALLOWED: i32 = -25308;
    /// `errSecInteractionRequired`.
    pub const INTERACTION_REQUIRED: i32 = -25315;
}

/// Whether keychain calls may show UI: only when someone can answer it, that
/// is when stderr is a terminal and this is not a CI run.
pub fn prompts_allowed(stderr_is_terminal: bool, ci: bool) -> bool {
    stderr_is_terminal && !ci
}

const UNLOCK_HINT: &str = "unlock the keychain first: `security unlock-keychain` (it asks for the login password; \
     in CI use `security unlock-keychain -p \"$PASSWORD\" <keychain>`), or run tokencache once from a terminal \
     in the logged-in session and choose Always Allow if macOS asks about this item";

/// Map a keychain failure to tokencache's error. `status` is the Security
/// framework `OSStatus` inside `err`, when there is one; `what` names the item
/// for the message.
pub fn keychain_error(err: &KeyringError, status: Option<i32>, what: &str) -> Error {
    let unavailable = |cause: String, hint: &str| Error::Unavailable {
        store: StoreKind::Keychain.as_str(),
        cause,
        hint: hint.to_string(),
    };
    match status {
        Some(code @ (status::INTERACTION_NOT_ALLOWED | status::INTERACTION_REQUIRED)) => unavailable(
            format!(
                "the keychain needs user interaction for {what} (it is locked, or the item asks before letting \
                 tokencache read it), and none is possible here (OSStatus {code})"
            ),
            UNLOCK_HINT,
        ),
        Some(code @ status::AUTH_FAILED) => unavailable(
            format!("the keychain refused access to {what}: authorization failed (OSStatus {code})"),
            UNLOCK_HINT,
        ),
        Some(code @ status::USER_CANCELED) => unavailable(
            format!("access to {what} was denied at the keychain prompt (OSStatus {code})"),
            "run the command again and choose Allow (or Always Allow) when macOS asks",
        ),
        Some(code @ (status::NO_SUCH_KEYCHAIN | status::NO_DEFAULT_KEYCHAIN | status::NOT_AVAILABLE)) => unavailable(
            format!("there is no usable default keychain for {what} (OSStatus {code})"),
            "make the login keychain the default: `security default-keychain -s login.keychain`, \
             or use --store file",
        ),
        Some(code @ (status::READ_ONLY | status::WR_PERM | status::INVALID_OWNER_EDIT | status::DUPLICATE_ITEM)) => {
            unavailable(
                format!(
                    "the keychain does not let tokencache change {what} (OSStatus {code}): the keychain is \
                     read-only or the item belongs to another application"
                ),
                "open Keychain Access, find the item and allow tokencache in its Access Control tab, \
                 or delete the item there",
            )
        }
        _ => match err {
            KeyringError::Invalid(attr, reason) => Error::Config {
                message: format!("the keychain refuses {what}: {attr} {reason}"),
                hint: "give a non-empty --service and --account".into(),
            },
            KeyringError::TooLong(attr, limit) => Error::Config {
                message: format!("the keychain refuses {what}: {attr} is longer than {limit}"),
                hint: "use a shorter --service or --account".into(),
            },
            other => match status {
                Some(code) => unavailable(
                    format!("the keychain failed for {what}: {other} (OSStatus {code})"),
                    "check that the login keychain exists and is unlocked (`security show-keychain-info`), or use --store file",
                ),
                None => unavailable(
                    format!("the keychain failed for {what}: {other}"),
                    "check that the login keychain exists and is unlocked (`security show-keychain-info`), or use --store file",
                ),
            },
        },
    }
}

/// The real reason a keychain write failed.
///
/// security-framework's `set_generic_password` (what the keychain store's
/// `set_secret` calls) first looks the item up and, if that lookup fails for
/// *any* reason, adds a new item. When the item exists but the lookup was
/// refused (another application's item, or keychain UI turned off so nobody
/// could allow access), the add fails with `errSecDuplicateItem` and the
/// lookup's status, the one that explains it, is lost. So after a
/// duplicate-item failure the lookup is repeated (`lookup`) and its error is
/// the one reported.
pub fn explain_set_failure(
    set_error: KeyringError,
    set_status: Option<i32>,
    lookup: impl FnOnce() -> std::result::Result<(), KeyringError>,
) -> KeyringError {
    if set_status != Some(status::DUPLICATE_ITEM) {
        return set_error;
    }
    match lookup() {
        Err(lookup_error) => lookup_error,
        Ok(()) => set_error,
    }
}

/// The Security framework status inside a keyring error, if any.
#[cfg(target_os = "macos")]
pub fn os_status(err: &KeyringError) -> Option<i32> {
    match err {
        KeyringError::PlatformFailure(inner) | KeyringError::NoStorageAccess(inner) => inner
            .downcast_ref::<security_framework::base::Error>()
            .map(|e| e.code()),
        _ => None,
    }
}

/// The Security framework status inside a keyring error: there is none
/// outside macOS.
#[cfg(not(target_os = "macos"))]
pub fn os_status(_err: &KeyringError) -> Option<i32> {
    None
}

/// Turn keychain UI off for as long as the returned guard lives, unless a
/// person can answer prompts ([`prompts_allowed`]).
#[cfg(target_os = "macos")]
fn no_ui_guard() -> Option<security_framework::os::macos::keychain::KeychainUserInteractionLock> {
    use std::io::IsTerminal;
    let ci = std::env::var_os("CI").is_some_and(|v| !v.is_empty() && v != "false" && v != "0");
    if prompts_allowed(std::io::stderr().is_terminal(), ci) {
        return None;
    }
    // If turning UI off fails, the call may prompt; there is nothing better to do.
    security_framework::os::macos::keychain::SecKeychain::disable_user_interaction().ok()
}

#[cfg(not(target_os = "macos"))]
fn no_ui_guard() -> Option<()> {
    None
}

/// What the Keychain store needs to know, built by `open.rs`.
#[derive(Debug, Clone)]
pub struct KeychainSettings {
    /// The marker file written after every save (the cache path).
    pub cache_path: PathBuf,
    /// `--service`: the item's service.
    pub service: String,
    /// `--account`: the item's account.
    pub account: String,
}

/// A cache kept as a keychain generic password, plus the marker file.
pub struct KeychainStore {
    store: Arc<CredentialStore>,
    service: String,
    account: String,
    marker: PathBuf,
}

impl KeychainStore {
    /// The store over the user's default keychain (macOS).
    #[cfg(target_os = "macos")]
    pub fn system(settings: KeychainSettings) -> Result<KeychainStore> {
        let store: Arc<CredentialStore> = apple_native_keyring_store::keychain::Store::new()
            .map_err(|e| keychain_error(&e, os_status(&e), "the default keychain"))?;
        KeychainStore::with_store(store, settings)
    }

    /// The store over any `keyring-core` credential store (the macOS keychain
    /// store in production, the mock store in tests). Service and account must
    /// not be empty: the keychain treats empty values as wildcards.
    pub fn with_store(
        store: Arc<CredentialStore>,
        settings: KeychainSettings,
    ) -> Result<KeychainStore> {
        for (flag, value) in [
            ("--service", &settings.service),
            ("--account", &settings.account),
        ] {
            if value.is_empty() {
                return Err(Error::Config {
                    message: format!("{flag} is empty"),
                    hint: format!(
                        "give {flag} a name: the keychain treats an empty one as a wildcard"
                    ),
                });
            }
        }
        Ok(KeychainStore {
            store,
            service: settings.service,
            account: settings.account,
            marker: settings.cache_path,
        })
    }

    fn what(service: &str, account: &str) -> String {
        format!("the generic password service={service:?} account={account:?}")
    }

    fn fail(err: &KeyringError, service: &str, account: &str) -> Error {
        keychain_error(err, os_status(err), &Self::what(service, account))
    }

    fn entry(&self, service: &str, account: &str) -> Result<Entry> {
        Entry::new_in_store(&self.store, service, account)
            .map_err(|e| Self::fail(&e, service, account))
    }

    fn get(&self, service: &str, account: &str) -> Result<Option<Vec<u8>>> {
        let entry = self.entry(service, account)?;
        let _guard = no_ui_guard();
        match entry.get_secret() {
            Ok(secret) if secret.is_empty() => Ok(None),
            Ok(secret) => Ok(Some(secret)),
            Err(KeyringError::NoEntry) => Ok(None),
            Err(e) if os_status(&e) == Some(status::ITEM_NOT_FOUND) => Ok(None),
            Err(e) => Err(Self::fail(&e, service, account)),
        }
    }

    fn set(&self, service: &str, account: &str, data: &[u8]) -> Result<()> {
        let entry = self.entry(service, account)?;
        let _guard = no_ui_guard();
        entry.set_secret(data).map_err(|e| {
            let status = os_status(&e);
            let e = explain_set_failure(e, status, || entry.get_secret().map(drop));
            Self::fail(&e, service, account)
        })
    }

    fn remove(&self, service: &str, account: &str) -> Result<bool> {
        let entry = self.entry(service, account)?;
        let _guard = no_ui_guard();
        match entry.delete_credential() {
            Ok(()) => Ok(true),
            Err(KeyringError::NoEntry) => Ok(false),
            Err(e) if os_status(&e) == Some(status::ITEM_NOT_FOUND) => Ok(false),
            Err(e) => Err(Self::fail(&e, service, account)),
        }
    }
}

impl Store for KeychainStore {
    fn kind(&self) -> StoreKind {
        StoreKind::Keychain
    }

    /// The item's data only: the marker file is never the cache.
    fn load(&self) -> Result<Option<Vec<u8>>> {
        self.get(&self.service, &self.account)
    }

    fn save(&self, data: &[u8]) -> Result<()> {
        self.set(&self.service, &self.account, data)?;
        fsutil::ensure_private_dir(fsutil::parent_dir(&self.marker))?;
        // macOS only: a replace is retried only on Windows.
        fsutil::write_atomic(&self.marker, b"{}", fsutil::DEFAULT_REPLACE_PATIENCE)
    }

    fn delete(&self) -> Result<bool> {
        let item = self.remove(&self.service, &self.account)?;
        let marker = fsutil::remove_file(&self.marker)?;
        Ok(item || marker)
    }

    /// Round trip on `<service>.tokencache-verify` / `<pid>-<nanos>`, an item
    /// no other run shares, deleted on every path.
    fn verify(&self) -> Result<()> {
        let service = format!("{}.tokencache-verify", self.service);
        let account = format!("{}-{}", std::process::id(), super::file::unique_suffix());
        let result = self.set(&service, &account, VERIFY_DATA).and_then(|()| {
            match self.get(&service, &account)? {
                Some(back) if back == VERIFY_DATA => Ok(()),
                _ => Err(Error::Unavailable {
                    store: StoreKind::Keychain.as_str(),
                    cause: format!(
                        "what was written to {} did not read back the same",
                        Self::what(&service, &account)
                    ),
                    hint: "check the default keychain with `security show-keychain-info`, or use --store file".into(),
                }),
            }
        });
        let cleanup = self.remove(&service, &account);
        result.and(cleanup.map(|_| ()))
    }

    fn describe(&self) -> Description {
        Description {
            summary: format!(
                "macOS Keychain generic password service={:?} account={:?}",
                self.service, self.account
            ),
            fields: vec![
                (
                    "keychain",
                    "the user's default keychain (normally login)".into(),
                ),
                ("service", self.service.clone().into()),
                ("account", self.account.clone().into()),
                ("encoding", "raw UTF-8 JSON".into()),
                ("marker", self.marker.display().to_string().into()),
            ],
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::exit_code::ExitCode;
    use keyring_core::mock;

    struct Fixture {
        dir: tempfile::TempDir,
        mock: Arc<CredentialStore>,
    }

    impl Fixture {
        fn new() -> Fixture {
            let mock: Arc<CredentialStore> = mock::Store::new().unwrap();
            Fixture {
                dir: tempfile::tempdir().unwrap(),
                mock,
            }
        }
        fn marker(&self) -> PathBuf {
            self.dir.path().join("sub/cache.json")
        }
        fn settings(&self, service: &str, account: &str) -> KeychainSettings {
            KeychainSettings {
                cache_path: self.marker(),
                service: service.into(),
                account: account.into(),
            }
        }
        fn store(&self) -> KeychainStore {
            KeychainStore::with_store(self.mock.clone(), self.settings("svc", "acct")).unwrap()
        }
        /// Make the next call on service/account fail with `err`.
        fn fail_next(&self, service: &str, account: &str, err: KeyringError) {
            let entry = Entry::new_in_store(&self.mock, service, account).unwrap();
            let cred: &mock::Cred = entry.as_any().downcast_ref().unwrap();
            cred.set_error(err);
        }
        fn secret(&self) -> Option<Vec<u8>> {
            Entry::new_in_store(&self.mock, "svc", "acct")
                .unwrap()
                .get_secret()
                .ok()
        }
    }

    #[test]
    fn save_stores_raw_json_and_writes_the_marker() {
        let f = Fixture::new();
        let store = f.store();
        assert_eq!(store.load().unwrap(), None);
        store.save(b"{\"a\":1}").unwrap();
        assert_eq!(f.secret().unwrap(), b"{\"a\":1}");
        assert_eq!(std::fs::read(f.marker()).unwrap(), b"{}");
        assert_eq!(store.load().unwrap().unwrap(), b"{\"a\":1}");
    }

    #[test]
    fn the_marker_is_never_read_as_the_cache() {
        let f = Fixture::new();
        std::fs::create_dir_all(f.marker().parent().unwrap()).unwrap();
        std::fs::write(f.marker(), b"{\"not\":\"the cache\"}").unwrap();
        assert_eq!(f.store().load().unwrap(), None);
    }

    #[test]
    fn clear_removes_item_and_marker() {
        let f = Fixture::new();
        let store = f.store();
        store.save(b"{}").unwrap();
        assert!(store.delete().unwrap());
        assert_eq!(f.secret(), None);
        assert!(!f.marker().exists());
        assert!(!store.delete().unwrap());
        // A marker left alone (item deleted elsewhere) is still cleaned up.
        std::fs::write(f.marker(), b"{}").unwrap();
        assert!(store.delete().unwrap());
        assert!(!f.marker().exists());
    }

    #[test]
    fn a_failed_save_leaves_item_and_marker_alone() {
        let f = Fixture::new();
        let store = f.store();
        store.save(b"{\"old\":1}").unwrap();
        let before = std::fs::metadata(f.marker()).unwrap().modified().unwrap();
        f.fail_next(
            "svc",
            "acct",
            KeyringError::NoStorageAccess("locked".into()),
        );
        let err = store.save(b"{\"new\":1}").unwrap_err();
        assert_eq!(err.exit_code(), ExitCode::Unavailable);
        assert_eq!(f.secret().unwrap(), b"{\"old\":1}");
        assert_eq!(
            std::fs::metadata(f.marker()).unwrap().modified().unwrap(),
            before
        );
    }

    #[test]
    fn verify_uses_a_unique_item_and_cleans_up_on_every_path() {
        let f = Fixture::new();
        let store = f.store();
        store.verify().unwrap();
        let left = |f: &Fixture| {
            f.mock
                .search(&[("service", "svc.tokencache-verify")].into())
                .unwrap()
                .into_iter()
                .filter(|e| e.get_secret().is_ok())
                .count()
        };
        assert_eq!(left(&f), 0);
        assert_eq!(f.secret(), None, "verify never touches the real item");
        assert!(!f.marker().exists(), "verify never writes the marker");

        // Fail the read-back of the next probe: the probe must still be deleted.
        // The probe's account is unique, so inject through a wrapping store.
        struct FailingReads(Arc<CredentialStore>, std::sync::atomic::AtomicBool);
        impl keyring_core::api::CredentialStoreApi for FailingReads {
            fn vendor(&self) -> String {
                "test".into()
            }
            fn id(&self) -> String {
                "test".into()
            }
            fn build(
                &self,
                service: &str,
                user: &str,
                mods: Option<&std::collections::HashMap<&str, &str>>,
            ) -> keyring_core::Result<Entry> {
                let entry = self.0.build(service, user, mods)?;
                // The first lookup of an existing item (verify's read-back) fails.
                if entry.get_secret().is_ok()
                    && self.1.swap(false, std::sync::atomic::Ordering::SeqCst)
                {
                    let cred: &mock::Cred = entry.as_any().downcast_ref().unwrap();
                    cred.set_error(KeyringError::PlatformFailure("read failed".into()));
                }
                Ok(entry)
            }
            fn as_any(&self) -> &dyn std::any::Any {
                self
            }
        }
        let failing: Arc<CredentialStore> = Arc::new(FailingReads(f.mock.clone(), true.into()));
        let store = KeychainStore::with_store(failing, f.settings("svc", "acct")).unwrap();
        let err = store.verify().unwrap_err();
        assert_eq!(err.exit_code(), ExitCode::Unavailable);
        assert_eq!(left(&f), 0, "the probe was deleted after the failed read");
    }

    #[test]
    fn empty_service_or_account_is_a_usage_error() {
        let f = Fixture::new();
        for (s, a) in [("", "a"), ("s", "")] {
            let err = KeychainStore::with_store(f.mock.clone(), f.settings(s, a))
                .err()
                .unwrap();
            assert_eq!(err.exit_code(), ExitCode::Usage);
        }
    }

    #[test]
    fn a_duplicate_item_failure_reports_the_refused_lookup_instead() {
        let refused = || {
            Err(KeyringError::NoStorageAccess(
                "interaction not allowed".into(),
            ))
        };
        let dup = || KeyringError::PlatformFailure("duplicate item".into());
        // The add failed because the item exists: the lookup says why.
        let e = explain_set_failure(dup(), Some(status::DUPLICATE_ITEM), refused);
        assert!(e.to_string().contains("interaction not allowed"), "{e}");
        // Any other failure is reported as it is, without a second lookup.
        let e = explain_set_failure(dup(), Some(status::AUTH_FAILED), || {
            panic!("no lookup for other failures")
        });
        assert!(e.to_string().contains("duplicate item"), "{e}");
        // A lookup that now succeeds (a race) leaves the original error.
        let e = explain_set_failure(dup(), Some(status::DUPLICATE_ITEM), || Ok(()));
        assert!(e.to_string().contains("duplicate item"), "{e}");
    }

    #[test]
    fn status_codes_map_to_exit_7_with_the_right_hint() {
        let err = KeyringError::PlatformFailure("x".into());
        for code in [
            status::INTERACTION_NOT_ALLOWED,
            status::INTERACTION_REQUIRED,
            status::AUTH_FAILED,
        ] {
            let e = keychain_error(&err, Some(code), "item");
            assert_eq!(e.exit_code(), ExitCode::Unavailable);
            assert!(
                e.hint().unwrap().contains("security unlock-keychain"),
                "{code}"
            );
            assert!(e.to_string().contains(&code.to_string()), "{e}");
        }
        let cancelled = keychain_error(&err, Some(status::USER_CANCELED), "item");
        assert!(cancelled.hint().unwrap().contains("Allow"));
        let none = keychain_error(&err, Some(status::NO_DEFAULT_KEYCHAIN), "item");
        assert!(none.hint().unwrap().contains("default-keychain"));
        let owner = keychain_error(&err, Some(status::INVALID_OWNER_EDIT), "item");
        assert!(owner.hint().unwrap().contains("Keychain Access"));
        let unknown = keychain_error(&err, Some(-1), "item");
        assert_eq!(unknown.exit_code(), ExitCode::Unavailable);
        assert!(unknown.to_string().contains("-1"));
        let no_status = keychain_error(
            &KeyringError::NoStorageAccess("denied".into()),
            None,
            "item",
        );
        assert_eq!(no_status.exit_code(), ExitCode::Unavailable);
        let invalid = keychain_error(
            &KeyringError::Invalid("service".into(), "cannot be empty".into()),
            None,
            "item",
        );
        assert_eq!(invalid.exit_code(), ExitCode::Usage);
    }

    #[test]
    fn prompts_only_for_a_person_at_a_terminal() {
        assert!(prompts_allowed(true, false));
        assert!(!prompts_allowed(true, true));
        assert!(!prompts_allowed(false, false));
        assert!(!prompts_allowed(false, true));
    }

    #[test]
    fn description_names_the_item() {
        let f = Fixture::new();
        let d = f.store().describe();
        assert!(
            d.summary.contains("service=\"svc\" account=\"acct\""),
            "{}",
            d.summary
        );
        assert!(d
            .fields
            .iter()
            .any(|(k, v)| *k == "marker" && v.to_string().ends_with("cache.json")));
    }
}
