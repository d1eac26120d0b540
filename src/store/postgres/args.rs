//! The Postgres store's command-line options, how the layout is named on the
//! command line, and the settings they make (with the password, which no
//! option carries).
//!
//! The doc comments on the options are the terminal help text (clap prints
//! them as written), as in `cli.rs`.
#![allow(rustdoc::broken_intra_doc_links, rustdoc::invalid_html_tags)]

use std::path::PathBuf;
use std::time::Duration;

use clap::builder::PossibleValue;
use clap::{Args, ValueEnum};
use zeroize::Zeroizing;

use super::{PostgresLayout, PostgresSettings};
use crate::error::Result;
use crate::store::redis::args::read_password_file;
use crate::units::parse_duration;

/// The `--pg-*` options.
#[derive(Debug, Clone, Args)]
#[command(next_help_heading = "Postgres options")]
pub struct PostgresArgs {
    /// The Postgres database, e.g. --pg-url postgres://app@db.example.net:5432/cache?sslmode=require [default: postgres://postgres@127.0.0.1:5432/postgres]
    ///
    /// postgres://user@host[:port]/database[?sslmode=disable|prefer|require].
    /// A password in the URL is refused: it would show in `ps` and shell
    /// history; use TOKENCACHE_PG_PASSWORD or --pg-password-file.
    #[arg(
        long,
        global = true,
        env = "TOKENCACHE_PG_URL",
        value_name = "URL",
        default_value = "postgres://postgres@127.0.0.1:5432/postgres",
        hide_short_help = true
    )]
    pub pg_url: String,

    /// A file holding the Postgres password, e.g. --pg-password-file /run/secrets/pg (first line; not readable by others)
    ///
    /// TOKENCACHE_PG_PASSWORD, when set, is used instead. No option takes
    /// the password itself.
    #[arg(
        long,
        global = true,
        env = "TOKENCACHE_PG_PASSWORD_FILE",
        value_name = "PATH",
        hide_short_help = true
    )]
    pub pg_password_file: Option<PathBuf>,

    /// CA certificates (PEM) to trust for TLS, e.g. --pg-ca-file ca.pem [default: the system's roots]
    #[arg(
        long,
        global = true,
        env = "TOKENCACHE_PG_CA_FILE",
        value_name = "PATH",
        hide_short_help = true
    )]
    pub pg_ca_file: Option<PathBuf>,

    /// Give up on Postgres after this long, e.g. --pg-timeout 2s (each read or write transaction, connecting included)
    #[arg(
        long,
        global = true,
        env = "TOKENCACHE_PG_TIMEOUT",
        value_name = "DURATION",
        default_value = "5s",
        value_parser = parse_duration,
        hide_short_help = true
    )]
    pub pg_timeout: Duration,

    /// The cache table, e.g. --pg-table cache.tokens ([schema.]table, as the provider's SchemaName and TableName) [default: public.cache]
    #[arg(
        long,
        global = true,
        env = "TOKENCACHE_PG_TABLE",
        value_name = "[SCHEMA.]TABLE",
        default_value = "public.cache",
        hide_short_help = true
    )]
    pub pg_table: String,

    /// The partition: the row's id, e.g. --pg-key 6b1a….72f9… (MSAL.NET's SuggestedCacheKey)
    #[arg(
        long,
        global = true,
        env = "TOKENCACHE_PG_KEY",
        value_name = "KEY",
        hide_short_help = true
    )]
    pub pg_key: Option<String>,

    /// Which provider made the table, e.g. --pg-layout community ("Id", "Value", …) [default: microsoft]
    #[arg(
        long,
        global = true,
        env = "TOKENCACHE_PG_LAYOUT",
        value_enum,
        hide_short_help = true
    )]
    pub pg_layout: Option<PostgresLayout>,

    /// Give a row that write creates this time to live, e.g. --pg-ttl 24h (existing rows keep their expiry)
    #[arg(
        long,
        global = true,
        env = "TOKENCACHE_PG_TTL",
        value_name = "DURATION",
        default_value = "24h",
        value_parser = parse_duration,
        hide_short_help = true
    )]
    pub pg_ttl: Duration,
}

impl PostgresArgs {
    /// The store's settings: the options, the password from
    /// `TOKENCACHE_PG_PASSWORD` or `--pg-password-file`, and the largest
    /// value read (`max_value`).
    pub fn settings(&self, max_value: u64) -> Result<PostgresSettings> {
        let password = match std::env::var("TOKENCACHE_PG_PASSWORD") {
            Ok(pw) if !pw.is_empty() => Some(Zeroizing::new(pw)),
            _ => match &self.pg_password_file {
                Some(path) => Some(read_password_file(path, "--pg-password-file")?),
                None => None,
            },
        };
        Ok(PostgresSettings {
            url: self.pg_url.clone(),
            password,
            ca_file: self.pg_ca_file.clone(),
            timeout: self.pg_timeout,
            table: self.pg_table.clone(),
            key: self.pg_key.clone(),
            layout: self.pg_layout.unwrap_or_default(),
            ttl: self.pg_ttl,
            max_value,
        })
    }
}

impl ValueEnum for PostgresLayout {
    fn value_variants<'a>() -> &'a [Self] {
        &[PostgresLayout::Microsoft, PostgresLayout::Community]
    }

    fn to_possible_value(&self) -> Option<PossibleValue> {
        Some(match self {
            PostgresLayout::Microsoft => PossibleValue::new("microsoft").help(
                "Microsoft.Extensions.Caching.Postgres: id, value, expiresattime, slidingexpirationinseconds, absoluteexpiration",
            ),
            PostgresLayout::Community => PossibleValue::new("community").help(
                "Community.Microsoft.Extensions.Caching.PostgreSql: \"Id\", \"Value\", \"ExpiresAtTime\", …",
            ),
        })
    }
}
