//! `tokencache redis list`: the alias of [`list`](super::list) kept for the
//! scripts written before `list` walked Postgres too. It always walks Redis
//! (the `--redis-*` options), whatever `--store` says: same flags, same
//! output.

use std::io::Write;

use crate::cli::RedisCommand;
use crate::config::Config;
use crate::error::Result;
use crate::store::redis::RedisStore;

/// Run a `redis` subcommand.
pub fn run(config: &Config, command: &RedisCommand, out: &mut dyn Write) -> Result<()> {
    match command {
        RedisCommand::List(args) => {
            let store = RedisStore::new(config.stores.redis.settings(config.max_size)?);
            super::list::list(config, &store, args, out)
        }
    }
}
