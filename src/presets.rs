//! Presets: where the well-known MSAL caches live, as data.
//!
//! `--preset NAME` sets the cache path, the store and the keyring identity
//! (Keychain service/account, Secret Service attributes, schema, label and
//! encoding) to those of a cache another tool already keeps, so that
//! `tokencache --preset azure-cli inspect` works without knowing the layout.
//! Flags given explicitly (on the command line or through their environment
//! variables) override the preset's fields one by one.
//!
//! [`PRESETS`] is the one table; each row names its source. The section
//! "`presets` and `--preset`" of docs/guide.md documents the same rows for users.

use std::ffi::OsString;
use std::path::PathBuf;

use crate::config::{KeyringLayout, SecretEncoding};
use crate::environment::{self, Platform};
use crate::error::{Error, Result};
use crate::store::StoreKind;

/// The Keychain service and Secret Service schema/attribute value the Azure
/// developer tools share.
pub const IDENTITY_SERVICE: &str = "Microsoft.Developer.IdentityService";

/// Which directory a preset's cache path starts from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Base {
    /// msal-node-extensions' `getUserRootDirectory()`: `%LOCALAPPDATA%` on
    /// Windows, `$HOME` elsewhere (see [`crate::environment`]).
    UserRoot,
    /// The Azure CLI's config directory: `$AZURE_CONFIG_DIR` when set, else
    /// `~/.azure` (`%USERPROFILE%\.azure` on Windows).
    AzureConfigDir,
    /// .NET's `SpecialFolder.LocalApplicationData`: `%LOCALAPPDATA%` on
    /// Windows, `$XDG_DATA_HOME` or `~/.local/share` on Linux,
    /// `~/Library/Application Support` on macOS (.NET 8 and later).
    DotnetLocalAppData,
    /// Git Credential Manager: `%LOCALAPPDATA%` on Windows, `~/.local`
    /// elsewhere.
    GcmRoot,
}

/// One well-known cache.
#[derive(Debug, Clone, Copy)]
pub struct Preset {
    /// The `--preset` value.
    pub name: &'static str,
    /// Which tool keeps this cache.
    pub tool: &'static str,
    /// Where the layout was taken from.
    pub source: &'static str,
    /// The directory the cache path starts from.
    pub base: Base,
    /// The cache path under `base`, on Windows.
    pub windows_path: &'static str,
    /// The cache path under `base`, elsewhere.
    pub unix_path: &'static str,
    /// The store on Windows (`None`: auto, DPAPI).
    pub windows_store: Option<StoreKind>,
    /// The store elsewhere (`auto` is the Keychain on macOS and the Secret
    /// Service on Linux).
    pub unix_store: Option<StoreKind>,
    /// Keychain service / keytar `service` attribute, if the preset fixes it.
    pub service: Option<&'static str>,
    /// Keychain account / keytar `account` attribute, if the preset fixes it.
    pub account: Option<&'static str>,
    /// The Secret Service `xdg:schema`.
    pub schema: Option<&'static str>,
    /// Secret Service lookup attributes (empty: keytar's service/account).
    pub attributes: &'static [(&'static str, &'static str)],
    /// The Secret Service item label.
    pub label: Option<&'static str>,
    /// How the Secret Service secret holds the JSON.
    pub encoding: SecretEncoding,
}

/// Azure.Identity for .NET; Git Credential Manager shares its item.
const AZURE_IDENTITY_DOTNET: Preset = Preset {
    name: "azure-identity-dotnet",
    tool: "Azure.Identity for .NET (Visual Studio, Azure PowerShell)",
    source: "azure-sdk-for-net sdk/identity/Azure.Identity/src/Constants.cs: DefaultMsalTokenCache* \
             (LocalApplicationData/.IdentityService/msal.cache, keyring schema msal.cache, label MSALCache)",
    base: Base::DotnetLocalAppData,
    windows_path: ".IdentityService/msal.cache",
    unix_path: ".IdentityService/msal.cache",
    windows_store: None,
    unix_store: None,
    service: Some(IDENTITY_SERVICE),
    account: Some("MSALCache"),
    schema: Some("msal.cache"),
    attributes: &[("MsalClientID", IDENTITY_SERVICE), (IDENTITY_SERVICE, "1.0.0.0")],
    label: Some("MSALCache"),
    encoding: SecretEncoding::Base64,
};

/// The presets, one row each.
pub const PRESETS: &[Preset] = &[
    Preset {
        name: "msal-node",
        tool: "an app following the msal-node-extensions sample",
        source: "msal-node-extensions README/sample: Environment.getUserRootDirectory() + cache.json, \
                 PersistenceCreator with serviceName/accountName chosen by the app",
        base: Base::UserRoot,
        windows_path: "cache.json",
        unix_path: "cache.json",
        windows_store: None,
        unix_store: None,
        service: None,
        account: None,
        schema: None,
        attributes: &[],
        label: None,
        encoding: SecretEncoding::Auto,
    },
    Preset {
        name: "azure-cli",
        tool: "Azure CLI (az)",
        source: "azure-cli src/azure-cli-core/azure/cli/core/auth/persistence.py and identity.py: \
                 <config dir>/msal_token_cache.json, encrypted (.bin, DPAPI) only on Windows",
        base: Base::AzureConfigDir,
        windows_path: "msal_token_cache.bin",
        unix_path: "msal_token_cache.json",
        windows_store: Some(StoreKind::Dpapi),
        unix_store: Some(StoreKind::File),
        service: None,
        account: None,
        schema: None,
        attributes: &[],
        label: None,
        encoding: SecretEncoding::Auto,
    },
    AZURE_IDENTITY_DOTNET,
    Preset {
        name: "gcm",
        tool: "Git Credential Manager",
        source: "git-credential-manager src/shared/Core/Authentication/MicrosoftAuthentication.cs: \
                 %LOCALAPPDATA%\\.IdentityService or ~/.local/.IdentityService, msal.cache, same keyring item as Azure.Identity",
        base: Base::GcmRoot,
        // The same cache file name and keyring item as Azure.Identity.
        ..AZURE_IDENTITY_DOTNET
    },
    Preset {
        name: "azure-identity-python",
        tool: "azure-identity for Python",
        source: "azure-sdk-for-python sdk/identity/azure-identity/azure/identity/_persistent_cache.py: \
                 ~/.IdentityService/msal.cache.nocae, LibsecretPersistence(schema=name, {MsalClientID}, label=MSALCache)",
        base: Base::UserRoot,
        windows_path: ".IdentityService/msal.cache.nocae",
        unix_path: ".IdentityService/msal.cache.nocae",
        windows_store: None,
        unix_store: None,
        service: Some(IDENTITY_SERVICE),
        account: Some("MSALCache"),
        schema: Some("msal.cache.nocae"),
        attributes: &[("MsalClientID", IDENTITY_SERVICE)],
        label: Some("MSALCache"),
        encoding: SecretEncoding::Raw,
    },
    Preset {
        name: "azure-identity-js",
        tool: "@azure/identity with @azure/identity-cache-persistence (JavaScript)",
        source: "azure-sdk-for-js sdk/identity/identity-cache-persistence/src/platforms.ts: \
                 <home>/.IdentityService/<name>, keytar service Microsoft.Developer.IdentityService / account MSALCache",
        base: Base::UserRoot,
        windows_path: ".IdentityService/msal.cache.nocae",
        unix_path: ".IdentityService/msal.cache.nocae",
        windows_store: None,
        unix_store: None,
        service: Some(IDENTITY_SERVICE),
        account: Some("MSALCache"),
        schema: None,
        attributes: &[],
        label: None,
        encoding: SecretEncoding::Raw,
    },
];

/// The preset names, for `--preset`'s possible values.
pub const NAMES: [&str; 6] = [
    "msal-node",
    "azure-cli",
    "azure-identity-dotnet",
    "gcm",
    "azure-identity-python",
    "azure-identity-js",
];

/// The preset called `name`.
pub fn find(name: &str) -> Option<&'static Preset> {
    PRESETS.iter().find(|p| p.name == name)
}

impl Preset {
    /// The store this preset uses on `platform`.
    pub fn store(&self, platform: Platform) -> Option<StoreKind> {
        if platform == Platform::Windows {
            self.windows_store
        } else {
            self.unix_store
        }
    }

    /// The cache path on this machine.
    pub fn cache_path(&self) -> Result<PathBuf> {
        self.cache_path_in(
            environment::platform(),
            &|n| std::env::var_os(n),
            environment::effective_uid(),
        )
    }

    /// The cache path with the platform, environment and uid given.
    pub fn cache_path_in(
        &self,
        platform: Platform,
        var: &dyn Fn(&str) -> Option<OsString>,
        uid: Option<u32>,
    ) -> Result<PathBuf> {
        let get = |name: &str| var(name).filter(|v| !v.is_empty()).map(PathBuf::from);
        let root = || environment::user_root_directory_in(platform, var, uid);
        let windows = platform == Platform::Windows;
        let base = match self.base {
            Base::UserRoot => root()?,
            Base::AzureConfigDir => match get("AZURE_CONFIG_DIR") {
                Some(dir) => dir,
                None if windows => get("USERPROFILE")
                    .ok_or_else(|| Error::Environment("USERPROFILE is not set".into()))?
                    .join(".azure"),
                None => root()?.join(".azure"),
            },
            Base::DotnetLocalAppData => match platform {
                Platform::Windows => root()?,
                Platform::MacOs => root()?.join("Library/Application Support"),
                // Judged as the target platform does (a leading `/`), not
                // as the host does: the tests resolve Linux paths on Windows.
                _ => get("XDG_DATA_HOME")
                    .filter(|p| p.as_os_str().as_encoded_bytes().starts_with(b"/"))
                    .map_or_else(|| root().map(|r| r.join(".local/share")), Ok)?,
            },
            Base::GcmRoot if windows => root()?,
            Base::GcmRoot => root()?.join(".local"),
        };
        let relative = if windows {
            self.windows_path
        } else {
            self.unix_path
        };
        Ok(relative.split('/').fold(base, |path, part| path.join(part)))
    }

    /// The Secret Service layout this preset sets.
    pub fn keyring(&self) -> KeyringLayout {
        KeyringLayout {
            collection: None,
            schema: self.schema.map(str::to_string),
            attributes: self
                .attributes
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
            label: self.label.map(str::to_string),
            encoding: self.encoding,
        }
    }
}

/// The name of a secret encoding, as `path --json` and `presets` show it.
pub fn encoding_name(encoding: SecretEncoding) -> &'static str {
    match encoding {
        SecretEncoding::Auto => "auto",
        SecretEncoding::Raw => "raw",
        SecretEncoding::Base64 => "base64",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;
    use std::path::Path;

    fn path(name: &str, platform: Platform, vars: &[(&str, &str)]) -> PathBuf {
        let map: HashMap<String, OsString> = vars
            .iter()
            .map(|(k, v)| (k.to_string(), OsString::from(v)))
            .collect();
        find(name)
            .unwrap()
            .cache_path_in(platform, &|n| map.get(n).cloned(), Some(1000))
            .unwrap()
    }

    #[test]
    fn names_match_the_table() {
        let names: Vec<&str> = PRESETS.iter().map(|p| p.name).collect();
        assert_eq!(names, NAMES);
    }

    #[test]
    fn linux_paths() {
        let home = [("HOME", "/h")];
        let l = Platform::Linux;
        assert_eq!(path("msal-node", l, &home), Path::new("/h/cache.json"));
        assert_eq!(
            path("azure-cli", l, &home),
            Path::new("/h/.azure/msal_token_cache.json")
        );
        assert_eq!(
            path(
                "azure-cli",
                l,
                &[("HOME", "/h"), ("AZURE_CONFIG_DIR", "/cfg")]
            ),
            Path::new("/cfg/msal_token_cache.json")
        );
        assert_eq!(
            path("azure-identity-dotnet", l, &home),
            Path::new("/h/.local/share/.IdentityService/msal.cache")
        );
        assert_eq!(
            path(
                "azure-identity-dotnet",
                l,
                &[("HOME", "/h"), ("XDG_DATA_HOME", "/x")]
            ),
            Path::new("/x/.IdentityService/msal.cache")
        );
        assert_eq!(
            path(
                "azure-identity-dotnet",
                l,
                &[("HOME", "/h"), ("XDG_DATA_HOME", "relative")]
            ),
            Path::new("/h/.local/share/.IdentityService/msal.cache")
        );
        assert_eq!(
            path("gcm", l, &home),
            Path::new("/h/.local/.IdentityService/msal.cache")
        );
        assert_eq!(
            path("azure-identity-python", l, &home),
            Path::new("/h/.IdentityService/msal.cache.nocae")
        );
        assert_eq!(
            path("azure-identity-js", l, &home),
            Path::new("/h/.IdentityService/msal.cache.nocae")
        );
    }

    #[test]
    fn macos_and_windows_paths() {
        let m = Platform::MacOs;
        assert_eq!(
            path("azure-identity-dotnet", m, &[("HOME", "/Users/u")]),
            Path::new("/Users/u/Library/Application Support/.IdentityService/msal.cache")
        );
        assert_eq!(
            path("gcm", m, &[("HOME", "/Users/u")]),
            Path::new("/Users/u/.local/.IdentityService/msal.cache")
        );
        let w = Platform::Windows;
        let vars = [
            ("LOCALAPPDATA", "C:/Users/u/AppData/Local"),
            ("USERPROFILE", "C:/Users/u"),
        ];
        assert_eq!(
            path("azure-cli", w, &vars),
            Path::new("C:/Users/u/.azure/msal_token_cache.bin")
        );
        assert_eq!(
            path("gcm", w, &vars),
            Path::new("C:/Users/u/AppData/Local/.IdentityService/msal.cache")
        );
        assert_eq!(find("azure-cli").unwrap().store(w), Some(StoreKind::Dpapi));
        assert_eq!(
            find("azure-cli").unwrap().store(Platform::MacOs),
            Some(StoreKind::File)
        );
    }

    #[test]
    fn keyring_layouts() {
        let dotnet = find("azure-identity-dotnet").unwrap().keyring();
        assert_eq!(dotnet.schema.as_deref(), Some("msal.cache"));
        assert_eq!(dotnet.encoding, SecretEncoding::Base64);
        assert_eq!(dotnet.attributes.len(), 2);
        let py = find("azure-identity-python").unwrap().keyring();
        assert_eq!(
            py.attributes,
            [("MsalClientID".to_string(), IDENTITY_SERVICE.to_string())]
        );
        assert_eq!(find("azure-identity-js").unwrap().keyring().attributes, []);
        assert!(find("nope").is_none());
    }
}
