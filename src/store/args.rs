//! Every store's command-line options, one group per store (each under its
//! own heading: `next_help_heading` on its Args type). The command line
//! flattens this one group, and the configuration keeps it whole: a new
//! store adds one `flatten` line here.

use clap::Args;

use super::keyring_layout::KeyringLayout;
use crate::error::Result;
use crate::keysource::KeySources;

use super::dpapi::DpapiArgs;
use super::encrypted_file::EncryptedFileArgs;
use super::postgres::PostgresArgs;
use super::redis::RedisArgs;
use super::secret_service::SecretServiceArgs;

/// Each store's options, in the order `--help` lists their headings.
#[derive(Debug, Clone, Args)]
pub struct StoreArgs {
    /// The Secret Service store's options.
    #[command(flatten)]
    pub secret_service: SecretServiceArgs,

    /// The encrypted file store's options.
    #[command(flatten)]
    pub encrypted_file: EncryptedFileArgs,

    /// The DPAPI store's options.
    #[command(flatten)]
    pub dpapi: DpapiArgs,

    /// The Redis store's options.
    #[command(flatten)]
    pub redis: RedisArgs,

    /// The Postgres store's options.
    #[command(flatten)]
    pub postgres: PostgresArgs,
}

impl StoreArgs {
    /// Where the encrypted file store's key comes from: its options and the
    /// environment.
    pub fn key_sources(&self) -> Result<KeySources> {
        self.encrypted_file.key_sources()
    }

    /// How a keyring item is laid out: `base` (a preset's, or the default),
    /// each field overridden by its Secret Service option when given.
    pub fn keyring_layout(&self, base: KeyringLayout) -> KeyringLayout {
        self.secret_service.layout(base)
    }

    /// The environment variables these options name whose values are
    /// secrets (`--entropy-env`'s): a command tokencache runs does not
    /// inherit them.
    pub fn secret_variables(&self) -> Vec<&str> {
        self.dpapi.entropy_env.iter().map(String::as_str).collect()
    }
}
