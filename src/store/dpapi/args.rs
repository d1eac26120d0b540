//! The DPAPI store's command-line options (parsed on every platform, and
//! reported unused off Windows), and how the scope is named on the command
//! line.
//!
//! The doc comments on the options are the terminal help text (clap prints
//! them as written), as in `cli.rs`.
#![allow(rustdoc::broken_intra_doc_links, rustdoc::invalid_html_tags)]

use std::path::Path;
use std::time::Duration;

use clap::builder::PossibleValue;
use clap::{Args, ValueEnum};

use super::{resolve_entropy, DpapiSettings, Scope};
use crate::error::Result;

/// `--scope`, `--entropy-env`.
#[derive(Debug, Clone, Args)]
#[command(next_help_heading = "Windows DPAPI options")]
pub struct DpapiArgs {
    /// DPAPI protection scope, e.g. --scope local-machine (accepted and reported unused elsewhere); before the command
    // Not global: `token --scope` names OAuth scopes, so the DPAPI scope is
    // given before the command (`tokencache --scope local-machine write`)
    // or through TOKENCACHE_SCOPE.
    #[arg(
        long,
        env = "TOKENCACHE_SCOPE",
        value_enum,
        default_value_t = Scope::CurrentUser,
        hide_short_help = true
    )]
    pub scope: Scope,

    /// The NAME of an environment variable holding DPAPI entropy, e.g. --entropy-env MY_ENTROPY
    ///
    /// The variable's UTF-8 value is passed to CryptProtectData/CryptUnprotectData
    /// as optional entropy, as msal-node-extensions and Python msal-extensions do
    /// with their `entropy` option. The value itself never goes on the command
    /// line. The variable must be set; an empty value means no entropy, as in
    /// the MSAL libraries. Windows only (DPAPI store).
    #[arg(
        long,
        global = true,
        env = "TOKENCACHE_ENTROPY_ENV",
        value_name = "VAR",
        hide_short_help = true
    )]
    pub entropy_env: Option<String>,
}

impl DpapiArgs {
    /// The store's settings for the file at `cache_path` holding at most
    /// `max_size` bytes of cache and waiting up to `replace_patience` for a
    /// reader's handle, with the entropy read from the variable
    /// `--entropy-env` names.
    pub fn settings(
        &self,
        cache_path: &Path,
        max_size: u64,
        replace_patience: Duration,
    ) -> Result<DpapiSettings> {
        Ok(DpapiSettings {
            cache_path: cache_path.to_path_buf(),
            max_size,
            replace_patience,
            scope: self.scope,
            entropy: resolve_entropy(self.entropy_env.as_deref(), &|name| std::env::var_os(name))?,
        })
    }
}

impl ValueEnum for Scope {
    fn value_variants<'a>() -> &'a [Self] {
        &[Scope::CurrentUser, Scope::LocalMachine]
    }

    fn to_possible_value(&self) -> Option<PossibleValue> {
        Some(match self {
            Scope::CurrentUser => PossibleValue::new("current-user")
                .help("Only this Windows user can decrypt (CurrentUser)"),
            Scope::LocalMachine => PossibleValue::new("local-machine")
                .help("Any user on this machine can decrypt (LocalMachine)"),
        })
    }
}
