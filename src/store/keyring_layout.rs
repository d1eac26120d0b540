//! How a keyring item is laid out: the settings the Secret Service store
//! (and the presets that name keyring items) share. Not a store itself.

/// The layout of a Secret Service item. The default is keytar's (what
/// msal-node-extensions writes): schema `org.freedesktop.Secret.Generic`,
/// attributes `service`/`account` from `--service`/`--account`, label
/// `<service>/<account>`, raw UTF-8 JSON.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct KeyringLayout {
    /// `--collection`: a collection other than the default one.
    pub collection: Option<String>,
    /// `--schema`: the `xdg:schema` attribute (default `org.freedesktop.Secret.Generic`).
    pub schema: Option<String>,
    /// `--attribute KEY=VALUE`, repeated: replaces service/account as the lookup set.
    pub attributes: Vec<(String, String)>,
    /// `--label`: the item label (default `<service>/<account>`).
    pub label: Option<String>,
    /// `--encoding`: how the secret holds the JSON.
    pub encoding: SecretEncoding,
}

/// How a keyring secret holds the cache JSON.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum SecretEncoding {
    /// Read: raw JSON, or base64 of it when the secret does not start with `{`.
    /// Write: raw.
    #[default]
    Auto,
    /// The UTF-8 JSON itself (keytar, Python msal-extensions).
    Raw,
    /// Base64 of the UTF-8 JSON (MSAL.NET's `WithLinuxKeyring`).
    Base64,
}
