//! The Secret Service store's command-line options (parsed on every
//! platform), and how the secret's encoding is named on the command line.
//!
//! The doc comments on the options are the terminal help text (clap prints
//! them as written), as in `cli.rs`.
#![allow(rustdoc::broken_intra_doc_links, rustdoc::invalid_html_tags)]

use std::time::Duration;

use clap::builder::PossibleValue;
use clap::{Args, ValueEnum};

use crate::store::keyring_layout::{KeyringLayout, SecretEncoding};
use crate::units::parse_duration;

/// `--collection`, `--schema`, `--attribute`, `--label`, `--encoding`,
/// `--keyring-timeout`.
#[derive(Debug, Clone, Args)]
#[command(next_help_heading = "Secret Service options (Linux)")]
pub struct SecretServiceArgs {
    /// Collection: an alias or a label, e.g. --collection session [default: the default collection]
    #[arg(
        long,
        global = true,
        env = "TOKENCACHE_COLLECTION",
        value_name = "NAME",
        hide_short_help = true
    )]
    pub collection: Option<String>,

    /// The item's xdg:schema attribute, e.g. --schema msal.cache [default: org.freedesktop.Secret.Generic]
    ///
    /// When given, it is part of the lookup: only items of that schema are
    /// read, written or deleted. By default an item matches when its
    /// xdg:schema is org.freedesktop.Secret.Generic (keytar's) or absent
    /// (`secret-tool store` writes none); an item with the same attributes
    /// and another application's schema (MSAL.NET's msal.cache, for one) is
    /// left alone: never read, overwritten or deleted. Pass that schema here
    /// to use such an item.
    #[arg(
        long,
        global = true,
        env = "TOKENCACHE_SCHEMA",
        value_name = "NAME",
        hide_short_help = true
    )]
    pub schema: Option<String>,

    /// An item attribute, repeatable; replaces service/account as the lookup set, e.g. --attribute MsalClientID=Microsoft.Developer.IdentityService
    #[arg(
        long,
        global = true,
        env = "TOKENCACHE_ATTRIBUTE",
        value_name = "KEY=VALUE",
        value_parser = parse_attribute,
        hide_short_help = true
    )]
    pub attribute: Vec<(String, String)>,

    /// The label of a new item, e.g. --label MSALCache [default: <service>/<account>]
    #[arg(
        long,
        global = true,
        env = "TOKENCACHE_LABEL",
        value_name = "TEXT",
        hide_short_help = true
    )]
    pub label: Option<String>,

    /// How the secret holds the JSON, e.g. --encoding base64 (MSAL.NET) [default: auto: write raw, read either]
    #[arg(
        long,
        global = true,
        env = "TOKENCACHE_ENCODING",
        value_enum,
        hide_short_help = true
    )]
    pub encoding: Option<SecretEncoding>,

    /// Give up on the keyring after this long, e.g. --keyring-timeout 3s
    ///
    /// Bounds every Secret Service operation, so a wedged daemon or an unlock
    /// prompt nobody answers cannot hang a script (exit 7).
    #[arg(
        long,
        global = true,
        env = "TOKENCACHE_KEYRING_TIMEOUT",
        value_name = "DURATION",
        default_value = "10s",
        value_parser = parse_duration,
        hide_short_help = true
    )]
    pub keyring_timeout: Duration,
}

impl SecretServiceArgs {
    /// The item layout: `base` (a preset's, or the default), each field
    /// overridden by its option when given.
    pub fn layout(&self, base: KeyringLayout) -> KeyringLayout {
        KeyringLayout {
            collection: self.collection.clone().or(base.collection),
            schema: self.schema.clone().or(base.schema),
            attributes: if self.attribute.is_empty() {
                base.attributes
            } else {
                self.attribute.clone()
            },
            label: self.label.clone().or(base.label),
            encoding: self.encoding.unwrap_or(base.encoding),
        }
    }
}

/// Parse a keyring attribute `KEY=VALUE` (the key non-empty; the value may
/// contain `=`).
pub fn parse_attribute(text: &str) -> Result<(String, String), String> {
    match text.split_once('=') {
        Some((key, value)) if !key.is_empty() => Ok((key.to_string(), value.to_string())),
        _ => Err(format!(
            "`{text}` is not KEY=VALUE (e.g. --attribute service=myapp)"
        )),
    }
}

impl ValueEnum for SecretEncoding {
    fn value_variants<'a>() -> &'a [Self] {
        &[
            SecretEncoding::Auto,
            SecretEncoding::Raw,
            SecretEncoding::Base64,
        ]
    }

    fn to_possible_value(&self) -> Option<PossibleValue> {
        Some(match self {
            SecretEncoding::Auto => PossibleValue::new("auto").help(
                "Read: raw JSON, or base64 of it when the secret does not start with `{`. Write: raw",
            ),
            SecretEncoding::Raw => {
                PossibleValue::new("raw").help("The UTF-8 JSON itself (keytar, Python msal-extensions)")
            }
            SecretEncoding::Base64 => PossibleValue::new("base64")
                .help("Base64 of the UTF-8 JSON (MSAL.NET's `WithLinuxKeyring`)"),
        })
    }
}
