//! The encrypted file store's command-line options: where the key comes
//! from (never the key itself).
//!
//! The doc comments on the options are the terminal help text (clap prints
//! them as written), as in `cli.rs`.
#![allow(rustdoc::broken_intra_doc_links, rustdoc::invalid_html_tags)]

use std::path::PathBuf;

use clap::Args;

use crate::environment;
use crate::error::Result;
use crate::keysource::KeySources;

/// `--key-fd`, `--key-file`.
#[derive(Debug, Clone, Args)]
#[command(next_help_heading = "Encrypted file options")]
pub struct EncryptedFileArgs {
    /// Read the base64 key from this open descriptor, e.g. --key-fd 3 3<key
    ///
    /// No option takes key material itself. The key sources, in the order
    /// they are tried: --key-fd; --key-file; $CREDENTIALS_DIRECTORY/tokencache-key
    /// (a systemd credential); TOKENCACHE_KEY (base64 of 32 bytes), else
    /// TOKENCACHE_PASSPHRASE (stretched with Argon2id); a passphrase typed on
    /// the terminal, only when there is one.
    #[arg(
        long,
        global = true,
        env = "TOKENCACHE_KEY_FD",
        value_name = "N",
        hide_short_help = true
    )]
    pub key_fd: Option<u32>,

    /// The key file (from `tokencache keygen`; yours, mode 0600), e.g. --key-file ~/.config/tokencache/key
    #[arg(
        long,
        global = true,
        env = "TOKENCACHE_KEY_FILE",
        value_name = "PATH",
        hide_short_help = true
    )]
    pub key_file: Option<PathBuf>,
}

impl EncryptedFileArgs {
    /// The key sources these options and the environment give (`~` in
    /// `--key-file` expanded as the shell would have).
    pub fn key_sources(&self) -> Result<KeySources> {
        let file = self
            .key_file
            .as_deref()
            .map(environment::expand_tilde)
            .transpose()?;
        Ok(KeySources::from_env(self.key_fd, file))
    }
}
