//! The command line, as clap derive structs. Nothing here does work: the
//! parsed arguments become a [`crate::config::Config`] before any command runs.
//!
//! The doc comments on arguments are the terminal help text (clap prints
//! them as written), so they use `<PATH>` and `[COMMAND]` the way help text
//! does, not as rustdoc HTML and links.
#![allow(rustdoc::broken_intra_doc_links, rustdoc::invalid_html_tags)]

use std::ffi::OsString;
use std::path::PathBuf;
use std::time::Duration;

use clap::builder::BoolishValueParser;
use clap::{Args, FromArgMatches, Parser, Subcommand, ValueEnum};

pub use crate::fsutil::parse_size;
pub use crate::store::args::StoreArgs;
use crate::store::StoreKind;
pub use crate::units::parse_duration;

/// Read, write, verify and clear MSAL token caches from the shell.
#[derive(Debug, Parser)]
#[command(
    name = "tokencache",
    version,
    about = "Read, write, verify and clear MSAL token caches from the shell",
    long_about = "Read, write, verify and clear MSAL token caches from the shell.\n\n\
        The cache JSON travels through stdin/stdout, under the same lock file the MSAL \
        extension libraries (Node, Python, .NET) use, and is stored where they store it: \
        the Secret Service on Linux, the Keychain on macOS, a DPAPI-encrypted file on \
        Windows, or a plaintext file when asked.",
    after_help = "Examples:\n  tokencache --store file write < cache.json\n  tokencache --store file read > copy.json\n  tokencache verify",
    after_long_help = crate::exit_code::ExitCode::help_table(),
    max_term_width = 100,
    disable_help_flag = true,
    mut_subcommands = with_exit_codes_in_long_help
)]
pub struct Cli {
    /// Options shared by every command.
    #[command(flatten)]
    pub global: GlobalArgs,

    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// Options that apply to every command. Each can also be set through the
/// environment variable named in its help. The store-specific groups are
/// left out of the short help (`-h`) and shown by `--help` and `tokencache
/// help`. In a command's help they come after the command's own options,
/// under "Global options" (and `-h` shows only those the command uses: see
/// [`command`]).
#[derive(Debug, Clone, Args)]
#[command(next_help_heading = "Global options")]
pub struct GlobalArgs {
    /// The cache file [default: <user root>/.tokencache/cache.json]
    ///
    /// Example: --cache-path ~/.azure/msal_token_cache.json. <user root> is $HOME (or /home/$USER, /Users/$USER, /root) on Unix and
    /// %LOCALAPPDATA% on Windows, as msal-node-extensions resolves it. The lock
    /// file is this path plus ".lockfile". For keyring stores this file is the
    /// `{}` marker whose mtime tells MSAL apps to reload.
    #[arg(
        long,
        global = true,
        env = "TOKENCACHE_CACHE_PATH",
        value_name = "PATH"
    )]
    pub cache_path: Option<PathBuf>,

    /// Where the cache lives [default: auto, the platform's protected store]
    ///
    /// Example: --store file. auto is what msal-node-extensions' PersistenceCreator
    /// picks: the Secret Service on Linux, the Keychain on macOS, DPAPI on Windows.
    #[arg(long, global = true, env = "TOKENCACHE_STORE", value_parser = store_parser())]
    pub store: Option<StoreArg>,

    /// Use a well-known cache's path, store and keyring item
    ///
    /// Example: tokencache --preset azure-cli inspect. See `tokencache presets` for the list and where each resolves on this
    /// machine. Flags given explicitly (or through their environment
    /// variables) override the preset's fields.
    #[arg(long, global = true, env = "TOKENCACHE_PRESET", value_name = "NAME",
          value_parser = clap::builder::PossibleValuesParser::new(crate::presets::NAMES))]
    pub preset: Option<String>,

    /// Keyring service name [default: tokencache]
    ///
    /// Example: --service my-app (keytar's serviceName, the Keychain service).
    #[arg(long, global = true, env = "TOKENCACHE_SERVICE", value_name = "NAME")]
    pub service: Option<String>,

    /// Keyring account name [default: default]
    ///
    /// Example: --account alice (keytar's accountName, the Keychain account).
    #[arg(long, global = true, env = "TOKENCACHE_ACCOUNT", value_name = "NAME")]
    pub account: Option<String>,

    /// Linux: use the plaintext file when the Secret Service fails verification
    ///
    /// Example: TOKENCACHE_PLAINTEXT_FALLBACK=1 tokencache read. msal-node-extensions' usePlaintextFileOnLinux. Never on by default; when
    /// the fallback happens, tokencache says so once on stderr, and `path
    /// --json` / `verify --json` record it. With a key source configured the
    /// encrypted file store is chosen instead.
    #[arg(long, global = true, env = "TOKENCACHE_PLAINTEXT_FALLBACK", value_parser = BoolishValueParser::new())]
    pub plaintext_fallback: bool,

    /// How long to wait for the lock
    ///
    /// Example: --lock-timeout 500ms (also 60s, 2m, or plain seconds).
    #[arg(
        long,
        global = true,
        env = "TOKENCACHE_LOCK_TIMEOUT",
        value_name = "DURATION",
        default_value = "60s",
        value_parser = parse_duration
    )]
    pub lock_timeout: Duration,

    /// Nothing on stderr but errors and security warnings
    ///
    /// Example: tokencache -q clear.
    #[arg(long, short, global = true, env = "TOKENCACHE_QUIET", value_parser = BoolishValueParser::new())]
    pub quiet: bool,

    /// Machine-readable output, and JSON errors on stderr
    ///
    /// Example: tokencache verify --json. Each command prints one JSON document on
    /// stdout; an error is one line on stderr:
    /// {"error":{"code":…,"exit":…,"message":…,"hint":…}}.
    #[arg(long, global = true)]
    pub json: bool,

    /// Each store's options, under its own heading (`next_help_heading` on
    /// its Args type).
    #[command(flatten)]
    pub stores: StoreArgs,

    /// Print help (-h: the command's own options and the globals it uses; --help: every option, and the exit codes: tokencache help [COMMAND])
    // Listed last, under no store's heading.
    #[arg(short = 'h', long = "help", global = true, action = clap::ArgAction::Help,
          help_heading = None::<&str>)]
    pub help: Option<bool>,
}

/// The global options of the store and its lock: what a command that opens
/// no store does not use.
const STORE_GLOBALS: &[&str] = &[
    "cache_path",
    "store",
    "preset",
    "service",
    "account",
    "plaintext_fallback",
    "lock_timeout",
];

/// The global options each command does not use (the rest of the globals,
/// and its own options, are what its `-h` shows; `--help` shows them all):
/// a store's, the lock's, and for `completions` and `man` also the output
/// ones. Every command not listed uses every global option.
const UNUSED_GLOBALS: &[(&str, &[&str], &[&str])] = &[
    ("verify", &[], &["lock_timeout"]),
    ("path", &[], &["lock_timeout"]),
    ("doctor", &[], &["lock_timeout"]),
    (
        "presets",
        &[],
        &[
            "cache_path",
            "store",
            "preset",
            "plaintext_fallback",
            "lock_timeout",
        ],
    ),
    ("keygen", STORE_GLOBALS, &[]),
    ("redis", STORE_GLOBALS, &[]),
    (
        "prune",
        &[],
        &[
            "cache_path",
            "preset",
            "service",
            "account",
            "plaintext_fallback",
            "lock_timeout",
        ],
    ),
    (
        "list",
        &[],
        &[
            "cache_path",
            "preset",
            "service",
            "account",
            "plaintext_fallback",
            "lock_timeout",
        ],
    ),
    ("completions", STORE_GLOBALS, &["quiet", "json"]),
    ("man", STORE_GLOBALS, &["quiet", "json"]),
];

/// The command line, built, with each command's short help (`-h`) showing
/// its own options and only the global options it uses (those in `UNUSED_GLOBALS`
/// are hidden from it; `--help` and `tokencache help COMMAND` keep them).
pub fn command() -> clap::Command {
    use clap::CommandFactory;
    let mut cmd = Cli::command();
    // Globals are copied into every subcommand when the command is built.
    cmd.build();
    for (name, store, more) in UNUSED_GLOBALS {
        if let Some(sub) = cmd.find_subcommand_mut(name) {
            let unused = |id: &str| store.contains(&id) || more.contains(&id);
            // In place (`mut_arg` would move the argument to the end, and
            // the built command's index of flags would point at another).
            *sub = std::mem::take(sub).mut_args(|a| {
                if unused(a.get_id().as_str()) {
                    a.hide_short_help(true)
                } else {
                    a
                }
            });
        }
    }
    cmd
}

/// Parse a command line (the process's, as [`crate::command_line`] gives it).
///
/// Building clap's definition of every command is most of a short command's
/// start-up: each global option (every store's among them, some sixty) is
/// copied into each of the twenty-odd commands before the first word is
/// read. So a command line that names its command is first parsed against a
/// definition holding that command alone, with every global option; only
/// when that does not give a command line — help, `--version`, a mistake of
/// any kind — is the whole definition built and asked, so every message and
/// every help text is the whole definition's. A command line that parses
/// against one command parses the same against all of them (the other
/// commands add no option, and the command's name is the same first word),
/// which `the_one_command_parse_is_the_whole_parse` checks.
pub fn parse(args: Vec<OsString>) -> Result<Cli, clap::Error> {
    if let Some(cli) = parse_named(&args) {
        return Ok(cli);
    }
    // What `Cli::try_parse` does, except that the definition is not dropped:
    // freeing its hundreds of small allocations cost a sixth of a start-up,
    // and the process exits when the command is done.
    let mut definition = command();
    let parsed = definition
        .try_get_matches_from_mut(args)
        .and_then(|mut matches| {
            Cli::from_arg_matches_mut(&mut matches).map_err(|err| err.format(&mut command()))
        });
    std::mem::forget(definition);
    parsed
}

/// The command line parsed against a definition of the command it names
/// alone (and every global option); `None` when it names none, or when it
/// does not parse that way.
fn parse_named(args: &[OsString]) -> Option<Cli> {
    let globals = globals();
    let name = command_named(&globals, args)?;
    let mut definition = globals.subcommand(one_command(name)?);
    let cli = definition
        .try_get_matches_from_mut(args)
        .ok()
        .and_then(|mut matches| Cli::from_arg_matches_mut(&mut matches).ok());
    std::mem::forget(definition);
    cli
}

/// The program with every global option and no command: what
/// [`parse_named`] adds the named command to.
fn globals() -> clap::Command {
    GlobalArgs::augment_args(
        clap::Command::new("tokencache")
            .disable_help_flag(true)
            .subcommand_required(true),
    )
}

/// The definition of the command `name` for [`parse_named`]: its options
/// and subcommands as the derive defines them, without what only help shows
/// (its description and examples), so that defining it does not define
/// every other command too (the derive's `augment_subcommands` does: 0.2M
/// instructions and 150 KB of code at each start). `None` for a name not
/// listed here, which the whole definition parses.
/// `one_command_definitions_parse_as_the_derived_ones` checks each against
/// the derived definition.
fn one_command(name: &str) -> Option<clap::Command> {
    let sub = clap::Command::new(name.to_string());
    Some(match name {
        "read" => ReadArgs::augment_args(sub),
        "write" => WriteArgs::augment_args(sub),
        "verify" => VerifyArgs::augment_args(sub),
        "clear" => ClearArgs::augment_args(sub),
        "path" => PathArgs::augment_args(sub),
        "update" => UpdateArgs::augment_args(sub),
        "remove" => RemoveArgs::augment_args(sub),
        "inspect" => InspectArgs::augment_args(sub),
        "token" => TokenArgs::augment_args(sub),
        "az" => AzArgs::augment_args(sub),
        "git-credential" => GitCredentialArgs::augment_args(sub),
        "exec" => ExecArgs::augment_args(sub),
        "serve" => ServeArgs::augment_args(sub),
        "presets" => PresetsArgs::augment_args(sub),
        "doctor" => DoctorArgs::augment_args(sub),
        "keygen" => KeygenArgs::augment_args(sub),
        "list" => ListArgs::augment_args(sub),
        "prune" => PruneArgs::augment_args(sub),
        // What the derive gives a `#[command(subcommand)]` variant.
        "redis" => RedisCommand::augment_subcommands(
            sub.subcommand_required(true).arg_required_else_help(true),
        ),
        "completions" => CompletionsArgs::augment_args(sub),
        "man" => ManArgs::augment_args(sub),
        _ => return None,
    })
}

/// The first word of `args` (after the program) that is neither an option
/// of `globals` nor an option's value: the command's name, if the line has
/// one. `None` at `--`, at an option `globals` does not have, or at a word
/// that is not UTF-8: the whole definition decides then.
fn command_named<'a>(globals: &clap::Command, args: &'a [OsString]) -> Option<&'a str> {
    let mut words = args.iter().skip(1);
    while let Some(word) = words.next() {
        let word = word.to_str()?;
        if word == "--" {
            return None;
        }
        if let Some(long) = word.strip_prefix("--") {
            if long.contains('=') {
                continue;
            }
            let option = globals
                .get_arguments()
                .find(|a| a.get_long() == Some(long))?;
            if option.get_action().takes_values() {
                words.next();
            }
        } else if let Some(shorts) = word.strip_prefix('-').filter(|s| !s.is_empty()) {
            for short in shorts.chars() {
                let option = globals
                    .get_arguments()
                    .find(|a| a.get_short() == Some(short))?;
                if option.get_action().takes_values() {
                    return None;
                }
            }
        } else {
            return Some(word);
        }
    }
    None
}

/// `--store`'s value: a store, or `None` for `auto` (the platform's
/// protected store, with its fallbacks). A name of its own so that clap's
/// derive reads `Option<StoreArg>` as an optional option taking one value.
pub type StoreArg = Option<StoreKind>;

/// `--store`'s values and their help, in the order `--help` lists them:
/// `auto`, then each store with its summary.
fn store_parser() -> impl clap::builder::TypedValueParser<Value = StoreArg> {
    use clap::builder::{PossibleValue, PossibleValuesParser, TypedValueParser};
    let auto = PossibleValue::new("auto")
        .help("The platform's protected store, as msal-node-extensions chooses it");
    let stores = StoreKind::CHOICES
        .iter()
        .map(|kind| PossibleValue::new(kind.as_str()).help(kind.summary()));
    PossibleValuesParser::new(std::iter::once(auto).chain(stores))
        .map(|name| StoreKind::named(&name))
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Print the stored cache JSON to stdout, exactly as stored
    #[command(after_help = "Example:\n  tokencache read > backup.json")]
    Read(ReadArgs),
    /// Store the cache JSON read from stdin (or --input), atomically
    #[command(after_help = "Example:\n  printf %s \"$CACHE_JSON\" | tokencache write")]
    Write(WriteArgs),
    /// Check that the store works, with a round trip that does not touch the cache
    #[command(after_help = "Example:\n  tokencache verify --json")]
    Verify(VerifyArgs),
    /// Remove the stored cache (succeeds when there is none)
    #[command(after_help = "Example:\n  tokencache clear")]
    Clear(ClearArgs),
    /// Print the cache path
    #[command(after_help = "Example:\n  cat \"$(tokencache path)\"")]
    Path(PathArgs),
    /// Rewrite the stored cache with a command (jq, a script) under one hold of the lock
    #[command(
        after_help = "Examples:\n  tokencache update -- jq 'del(.AccessToken)'\n  tokencache update --allow-missing -- ./add-entries.sh",
        after_long_help = crate::exit_code::with_exit_codes("Examples:\n  tokencache update -- jq 'del(.AccessToken)'\n  tokencache update --allow-missing -- ./add-entries.sh\n\nThe stored cache goes to CMD's stdin; CMD's stdout, validated as `write` validates its \
            input, replaces the cache atomically, only when CMD exits 0. A CMD that fails, prints \
            something invalid or is interrupted changes nothing: its exit status is passed on \
            (128 + N when a signal N killed it); 127 when CMD is not found, 126 when it cannot \
            be run, 4 when its output is not a cache. The lock is held while CMD runs: keep it quick.")
    )]
    Update(UpdateArgs),
    /// Remove selected entries (an account, an application, a section) under the lock
    #[command(
        after_help = "Examples:\n  tokencache remove --user alice@contoso.com\n  tokencache remove --client-id 04b07795-8ddf-461a-bbee-02f9e1bf7b46 --section AccessToken\n  tokencache remove --kind access-token --scope https://management.azure.com/.default"
    )]
    Remove(RemoveArgs),
    /// Summarise the stored cache for people, without showing any secret
    #[command(
        after_help = "Examples:\n  tokencache inspect\n  tokencache --preset azure-cli inspect --claims\n  tokencache inspect --json\n  tokencache inspect --input backup.json"
    )]
    Inspect(InspectArgs),
    /// Print the access token MSAL would serve silently from the cache
    #[command(
        after_help = "Prints the token alone on stdout (--json: the token, its expiry, scopes, account and client).\nExit 3: no cached token to serve (the message says what was found instead); exit 4: several accounts match.\n\nExamples:\n  tokencache --preset azure-cli token --scope https://management.azure.com/.default\n  curl -H \"Authorization: Bearer $(tokencache token --scope https://graph.microsoft.com/User.Read --user alice@contoso.com)\" https://graph.microsoft.com/v1.0/me\n  tokencache token --scope api://my-api/.default --client-id 11111111-2222-3333-4444-555555555555 --tenant contoso.onmicrosoft.com --min-validity 30m --json"
    )]
    Token(TokenArgs),
    /// Answer `az account get-access-token` from the Azure CLI's cache
    #[command(
        after_help = "Also what the binary does when run through a link named `az`:\n  ln -s \"$(command -v tokencache)\" ~/bin/az\nThe cache is the azure-cli preset's unless --preset, --cache-path or --store (or their variables) say otherwise; \
            the account is the default subscription of $AZURE_CONFIG_DIR/azureProfile.json (~/.azure). Any other az command: exit 2.\n\n\
            Examples:\n  tokencache az account get-access-token --resource https://management.core.windows.net/\n  tokencache az account get-access-token --scope https://graph.microsoft.com/.default --query accessToken --output tsv"
    )]
    Az(AzArgs),
    /// A git credential helper: the cached token as the password
    #[command(
        name = "git-credential",
        after_help = "Configure it with:\n  git config --global credential.https://dev.azure.com.helper '!tokencache git-credential'\nFor other hosts (not configured with --host) it prints nothing, so git asks the next helper. `store` and `erase` change nothing.\n\n\
            Examples:\n  printf 'protocol=https\\nhost=dev.azure.com\\n\\n' | tokencache git-credential get\n  git config --global credential.helper '!tokencache git-credential --host git.example.com --scope api://git/.default'"
    )]
    GitCredential(GitCredentialArgs),
    /// Run a command with the cached access token in its environment, never in argv
    #[command(
        after_help = "The token is the one `token` would print for the same options. CMD replaces \
            tokencache (Unix: exec), so its exit status and the signals it gets are its own; 127 when \
            CMD is not found, 126 when it cannot be run. tokencache's own secrets (TOKENCACHE_KEY, \
            _PASSPHRASE, _REDIS_PASSWORD, _REDIS_URL) are not passed on.\n\n\
            Examples:\n  tokencache exec --scope https://management.azure.com/.default -- terraform plan\n  \
            tokencache exec --scope api://my-api/.default --env API_TOKEN -- ./call-api.sh"
    )]
    Exec(ExecArgs),
    /// Be a managed-identity endpoint (App Service protocol) serving the cached tokens
    #[command(
        after_help = "With -- CMD: runs CMD with IDENTITY_ENDPOINT and IDENTITY_HEADER (a fresh random secret) in its \
            environment, so ManagedIdentityCredential and DefaultAzureCredential get the cached token; exits with CMD's status. \
            Without CMD: prints the two variables as `export` lines and serves until SIGTERM (exit 143) or SIGINT (130).\n\
            Loopback on a random port unless --listen names an address. Never a refresh token; the network only with \
            --refresh, which redeems the cached refresh token when a resource's token is missing or expiring, once per \
            resource at a time, and stores the new tokens as `token --refresh` does.\n\n\
            Examples:\n  tokencache --preset azure-cli serve --managed-identity -- python app.py\n  \
            tokencache --preset azure-cli serve --managed-identity --refresh -- python app.py\n  \
            tokencache serve --managed-identity --listen 172.17.0.1:8080 > mi.env"
    )]
    Serve(ServeArgs),
    /// List the presets: where each resolves here, and whether its cache exists
    #[command(after_help = "Example:\n  tokencache presets --json")]
    Presets(PresetsArgs),
    /// What does not work here, and the fix: every store, preset, cache and lock
    ///
    /// Checks each store this build has (with its own verify: a round trip on
    /// a scratch location, never the cache), the cache this configuration
    /// uses and each preset's (does it exist, its size, how many access
    /// tokens have expired), and each lock file (free, held by which live
    /// process, or stale and why). Every problem comes with its fix. It
    /// changes nothing: caches are read without the lock, lock files are only
    /// looked at, no folder is created, and no secret is printed.
    #[command(
        after_help = "Exit 0: no problem found; exit 9: a problem was found (each is listed with its fix).\n\nExamples:\n  tokencache doctor\n  tokencache --preset azure-cli doctor --json"
    )]
    Doctor(DoctorArgs),
    /// Write a new random key file for the encrypted file store (0600; never overwrites)
    #[command(
        after_help = "Examples:\n  tokencache keygen --out ~/.config/tokencache/key\n  tokencache keygen --out - | gh secret set TOKENCACHE_KEY"
    )]
    Keygen(KeygenArgs),
    /// List the partitions of a distributed cache (Redis, Postgres), key by key
    ///
    /// Every key (Redis: matching --redis-prefix + PATTERN, with SCAN on each
    /// master) or row (Postgres: of --pg-table whose id matches PATTERN, a
    /// page at a time) is classified: msal-node (a string holding a cache),
    /// aspnet (an ASP.NET Core hash, or an IDistributedCache row, holding a
    /// cache), aspnet-encrypted (DataProtection, unreadable here) or other
    /// (not a token cache). Keys are printed as they are found (memory stays
    /// bounded whatever the count), then a summary on stderr. A Postgres row
    /// past its expiry is listed as expired: the apps read it as missing.
    #[command(
        after_help = "The store: --store redis (--redis-url, --redis-prefix, --redis-cluster, …) or --store postgres (--pg-url, --pg-table, --pg-layout, …), or their TOKENCACHE_* variables; `redis list` is the same, always on Redis.\n\nExamples:\n  tokencache --store redis --redis-url redis://cache:6379 list | sort -k3 -n | tail\n  tokencache --store postgres --pg-url postgres://app@db/cache list --match 'o1234.*' --json"
    )]
    List(ListArgs),
    /// Remove expired access tokens from every partition (Redis, Postgres)
    ///
    /// Walks the partitions as `list` does and, in each cache holding expired
    /// access tokens (`expires_on` before now), removes them in the store's own
    /// transaction on the key, as `write --merge --prune-expired` does: another
    /// writer in between makes it read again, nothing is lost. Everything else
    /// (valid access tokens, refresh and ID tokens, accounts) stays as it is. A
    /// value that is not a cache, an encrypted or unreadable one, a partition
    /// holding another partition's entries and a Postgres row past its expiry
    /// are skipped and reported, never changed.
    #[command(
        after_help = "The store: --store redis (--redis-url, --redis-prefix, --redis-cluster, …) or --store postgres (--pg-url, --pg-table, --pg-layout, …), or their TOKENCACHE_* variables.\n\nExamples:\n  tokencache --store redis --redis-url redis://cache:6379 prune --dry-run\n  tokencache --store postgres --pg-url postgres://app@db/cache prune --match 'o1234.*' --delete-empty --json"
    )]
    Prune(PruneArgs),
    /// Look into a Redis database of token caches (`redis list`: `list` on Redis)
    #[command(
        subcommand,
        after_help = "Examples:\n  tokencache --redis-url redis://cache:6379 redis list\n  tokencache --redis-prefix MyApp_ redis list --match '*.72f988bf-*' --json"
    )]
    Redis(RedisCommand),
    /// Print the shell completion script for SHELL
    #[command(
        after_help = "Examples:\n  tokencache completions bash > ~/.local/share/bash-completion/completions/tokencache\n  tokencache completions zsh > \"${fpath[1]}/_tokencache\"\n  tokencache completions fish > ~/.config/fish/completions/tokencache.fish"
    )]
    Completions(CompletionsArgs),
    /// Print a man page (roff): tokencache(1), or a command's
    #[command(
        after_help = "Examples:\n  tokencache man | man -l -\n  tokencache man read | man -l -\n  tokencache man redis-list > ~/.local/share/man/man1/tokencache-redis-list.1"
    )]
    Man(ManArgs),
    /// Write shell completions and man pages (for packagers)
    #[command(hide = true)]
    Generate(GenerateArgs),
}

/// `tokencache redis …`.
#[derive(Debug, Clone, Subcommand)]
pub enum RedisCommand {
    /// List the keys with SCAN: layout, TTL, size, accounts and tokens, expired entries, partition check
    ///
    /// Every key matching --redis-prefix + PATTERN is classified: msal-node
    /// (a string holding a cache), aspnet (an ASP.NET Core hash), aspnet-encrypted
    /// (DataProtection, unreadable here) or other (not a token cache). Keys are
    /// printed as they are found (memory stays bounded whatever the count),
    /// then a summary. SCAN may report a key twice when the database is
    /// resized meanwhile.
    #[command(
        after_help = "The server and key prefix: --redis-url, --redis-prefix, --redis-password-file, --redis-ca-file, --redis-timeout (or their TOKENCACHE_REDIS_* variables; every option: tokencache help redis list)\n\nExamples:\n  tokencache --redis-url redis://cache:6379 redis list | sort -k3 -n | tail\n  tokencache redis list --match 'sess:*' --json"
    )]
    List(ListArgs),
}

/// `list` (and `redis list`) options.
#[derive(Debug, Clone, Args)]
pub struct ListArgs {
    /// Only keys matching this glob after --redis-prefix (Postgres: ids; * and ? only), e.g. --match '*.72f988bf-86f1-41af-91ab-2d7cd011db47'
    #[arg(long = "match", value_name = "PATTERN", default_value = "*")]
    pub pattern: String,

    /// Also list keys that are not token caches (sessions, discovery metadata, …)
    #[arg(long)]
    pub all: bool,

    /// For tests: the current time in Unix seconds
    #[arg(long, hide = true, env = "TOKENCACHE_NOW", value_name = "UNIX_SECONDS")]
    pub now: Option<i64>,
}

/// `prune` options.
#[derive(Debug, Clone, Args)]
pub struct PruneArgs {
    /// Only keys matching this glob after --redis-prefix (Postgres: ids; * and ? only)
    #[arg(long = "match", value_name = "PATTERN", default_value = "*")]
    pub pattern: String,

    /// Change nothing: report what would be removed and deleted
    #[arg(long)]
    pub dry_run: bool,

    /// Delete a partition left with nothing once its expired access tokens are removed
    #[arg(long)]
    pub delete_empty: bool,

    /// Also report, one line each, the keys that are not token caches (they are never changed)
    #[arg(long)]
    pub all: bool,

    /// For tests: the current time in Unix seconds
    #[arg(long, hide = true, env = "TOKENCACHE_NOW", value_name = "UNIX_SECONDS")]
    pub now: Option<i64>,
}

/// `completions` options.
#[derive(Debug, Clone, Args)]
pub struct CompletionsArgs {
    /// The shell
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

/// `man` options.
#[derive(Debug, Clone, Args)]
pub struct ManArgs {
    /// The page: a command (read, redis-list, …) [default: tokencache(1)]
    #[arg(value_name = "PAGE")]
    pub page: Option<String>,
}

/// `generate` options.
#[derive(Debug, Clone, Args)]
pub struct GenerateArgs {
    /// Directory to write completions/ and man/ into
    #[arg(long, value_name = "DIR")]
    pub out_dir: PathBuf,
}

/// `keygen` options.
#[derive(Debug, Clone, Args)]
pub struct KeygenArgs {
    /// Where to write the key (base64 of 32 random bytes); refused if it exists
    ///
    /// "-" writes the key to stdout, to pipe it straight into a secret store
    /// (e.g. `tokencache keygen --out - | gh secret set TOKENCACHE_KEY`); a
    /// terminal on stdout is refused, so the key never lands on a screen or
    /// in a scrollback.
    #[arg(long, value_name = "PATH|-")]
    pub out: PathBuf,
}

/// `read` options.
#[derive(Debug, Clone, Args)]
pub struct ReadArgs {
    /// Print {} and exit 0 when no cache is stored, instead of exit 3
    #[arg(long)]
    pub allow_missing: bool,

    /// Replace every `secret` value with `"<redacted N bytes>"` (output is re-serialised, indented)
    #[arg(long)]
    pub redact: bool,

    /// With --redact: redact this file ("-" is stdin) instead of the stored cache: no store, no lock
    #[arg(long, short, value_name = "FILE", requires = "redact")]
    pub input: Option<PathBuf>,

    /// Refuse a cache (stored, or given with --input) larger than this: 16MiB, 512KiB, 1048576
    #[arg(long, value_name = "SIZE", default_value = "16MiB", value_parser = parse_size, env = "TOKENCACHE_MAX_SIZE")]
    pub max_size: u64,
}

/// `write` options.
#[derive(Debug, Clone, Args)]
pub struct WriteArgs {
    /// Read the cache from this file instead of stdin ("-" is stdin)
    #[arg(long, short, value_name = "FILE")]
    pub input: Option<PathBuf>,

    /// Refuse input larger than this: 16MiB, 512KiB, 1048576
    #[arg(long, value_name = "SIZE", default_value = "16MiB", value_parser = parse_size, env = "TOKENCACHE_MAX_SIZE")]
    pub max_size: u64,

    /// Merge into the stored cache instead of replacing it (one lock hold)
    ///
    /// Sections are united by key; for a key in both, the incoming entry wins
    /// unless both carry cached_at (or last_modification_time) and the stored
    /// one is newer. Keys are kept exactly; unknown top-level values are kept.
    /// The result is stored as compact JSON.
    #[arg(long)]
    pub merge: bool,

    /// With --merge: the input is a stream of caches, merged in order under one lock hold
    ///
    /// JSON objects one after another (one per line, or just concatenated),
    /// e.g. `cat a.json b.json | tokencache write --merge --stream`. They are
    /// merged in order into the stored cache, which is replaced once at the
    /// end. Every document is checked as strictly as a single write; if any is
    /// refused, nothing is stored (exit 4) unless --each is given.
    #[arg(long, requires = "merge")]
    pub stream: bool,

    /// With --stream: store after every document, as it arrives
    ///
    /// One atomic replace per document, still under one hold of the lock, so
    /// a producer that writes documents over time sees each stored at once.
    /// A refused document stops the stream: the ones before it stay stored.
    #[arg(long, requires = "stream")]
    pub each: bool,

    /// With --merge: drop access tokens whose expires_on is before now
    #[arg(long, requires = "merge")]
    pub prune_expired: bool,

    /// Redis: store entries even when they belong to another partition than --redis-key
    ///
    /// Each Redis key holds one user (home account id), one app or one
    /// on-behalf-of assertion; the libraries never find entries stored under
    /// another partition's key, so such a write is refused (exit 4) unless forced.
    #[arg(long)]
    pub force_partition: bool,

    /// For tests: the current time in Unix seconds
    #[arg(long, hide = true, env = "TOKENCACHE_NOW", value_name = "UNIX_SECONDS")]
    pub now: Option<i64>,
}

/// `update` options.
#[derive(Debug, Clone, Args)]
pub struct UpdateArgs {
    /// Feed {} to CMD when no cache is stored, instead of exit 3
    #[arg(long)]
    pub allow_missing: bool,

    /// Refuse a cache (stored, or CMD's output) larger than this: 16MiB, 512KiB, 1048576
    #[arg(long, value_name = "SIZE", default_value = "16MiB", value_parser = parse_size, env = "TOKENCACHE_MAX_SIZE")]
    pub max_size: u64,

    /// Redis: store entries CMD adds or changes even when they belong to another partition than --redis-key
    ///
    /// As with `write`, CMD's output may not bring entries of another user,
    /// app or on-behalf-of assertion into the key (exit 4, nothing stored)
    /// unless forced. Entries already stored that CMD leaves as they are do
    /// not count.
    #[arg(long)]
    pub force_partition: bool,

    /// The command and its arguments, after `--`: it reads the cache on stdin and prints the new one
    #[arg(last = true, required = true, value_name = "CMD")]
    pub command: Vec<std::ffi::OsString>,
}

/// `remove` options. At least one filter is required; filters combine (and).
#[derive(Debug, Clone, Args)]
///
/// The account filter is `--user`, not `--account`: `--account` is the global
/// keyring account name (msal-node-extensions' `accountName`) and a
/// subcommand cannot reuse a global flag's name.
#[command(group = clap::ArgGroup::new("filter").required(true).multiple(true).args(["user", "client_id", "section", "kind"]))]
pub struct RemoveArgs {
    /// Entries of this signed-in account: a username (any case) or a home account id
    #[arg(long, value_name = "USERNAME|HOME_ACCOUNT_ID")]
    pub user: Option<String>,

    /// Entries of this client (application) id
    #[arg(long, value_name = "ID")]
    pub client_id: Option<String>,

    /// Only entries of this section (repeatable): AccessToken, RefreshToken, IdToken, Account, AppMetadata, …
    #[arg(long, value_name = "NAME", conflicts_with = "kind")]
    pub section: Vec<String>,

    /// Only credentials of this kind: `access-token` drops access tokens and keeps refresh tokens, so the app's next silent call gets a new one
    ///
    /// With --user and --client-id: that user's access tokens of that app
    /// (not MSAL's remove_account). The offline way to a fresh token without
    /// signing in again.
    #[arg(long, value_enum, value_name = "KIND")]
    pub kind: Option<RemoveKind>,

    /// With --kind access-token: only tokens for these scopes (all of them among the token's; any case; repeatable)
    #[arg(long, value_name = "SCOPE", requires = "kind")]
    pub scope: Vec<String>,

    /// Only entries of this environment (e.g. login.microsoftonline.com); with --user and --client-id, the app's own, exactly as MSAL Python's remove_account
    #[arg(long, value_name = "HOST")]
    pub environment: Option<String>,

    /// Say what would be removed, and change nothing
    #[arg(long)]
    pub dry_run: bool,
}

/// `remove --kind`: which credentials.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum RemoveKind {
    /// Access tokens (the `AccessToken` section); refresh tokens stay
    AccessToken,
}

/// `inspect` options.
#[derive(Debug, Clone, Args)]
pub struct InspectArgs {
    /// Inspect this file ("-" is stdin) instead of the stored cache: no store, no lock
    ///
    /// For a backup, a copy from another machine, or a cache in a folder you
    /// cannot write to (reading the store takes the lock, which needs a lock
    /// file beside the cache). The file must hold the cache JSON.
    #[arg(long, short, value_name = "FILE")]
    pub input: Option<PathBuf>,

    /// Refuse a cache (stored, or given with --input) larger than this: 16MiB, 512KiB, 1048576
    #[arg(long, value_name = "SIZE", default_value = "16MiB", value_parser = parse_size, env = "TOKENCACHE_MAX_SIZE")]
    pub max_size: u64,

    /// Also decode the JWT header and claims that matter (alg, typ, kid; aud, iss, exp, upn, preferred_username)
    #[arg(long)]
    pub claims: bool,

    /// For tests: the current time in Unix seconds
    #[arg(long, hide = true, env = "TOKENCACHE_NOW", value_name = "UNIX_SECONDS")]
    pub now: Option<i64>,
}

/// `token` options.
#[derive(Debug, Clone, Args)]
pub struct TokenArgs {
    /// A scope the token must carry (repeatable, or several in one value separated by spaces); compared ignoring case
    // `id` differs from the top-level `--scope` (DPAPI's scope).
    #[arg(long = "scope", id = "scopes", value_name = "SCOPE", required = true, num_args = 1..)]
    pub scopes: Vec<String>,

    /// The signed-in account's username (any case)
    #[arg(long, value_name = "USERNAME", conflicts_with = "home_account_id")]
    pub user: Option<String>,

    /// The account's home account id (`uid.utid`), exactly
    #[arg(long, value_name = "ID")]
    pub home_account_id: Option<String>,

    /// Only an app-only (client credentials) token, never a user's; without it, only users' tokens
    #[arg(long, conflicts_with_all = ["user", "home_account_id"])]
    pub app_only: bool,

    /// Only a token this client (application) obtained
    #[arg(long, value_name = "ID")]
    pub client_id: Option<String>,

    /// Only a token of this tenant (realm); default: the account's home tenant, then organizations/common
    #[arg(long, value_name = "TENANT")]
    pub tenant: Option<String>,

    /// Validity the token must have left, like MSAL's 5-minute refresh margin (500ms, 60s, 5m, 1h)
    #[arg(long, value_name = "DURATION", default_value = "5m", value_parser = parse_duration)]
    pub min_validity: Duration,

    /// What to print: raw (the token alone), json (as --json), az, exec-credential
    #[arg(long, value_enum, value_name = "FORMAT")]
    pub format: Option<TokenFormat>,

    /// Refreshing (contacts the network; off unless asked)
    #[command(flatten)]
    pub refresh: RefreshArgs,

    /// For tests: the current time in Unix seconds
    #[arg(long, hide = true, env = "TOKENCACHE_NOW", value_name = "UNIX_SECONDS")]
    pub now: Option<i64>,
}

/// `exec` options: the token is chosen with `token`'s options.
#[derive(Debug, Clone, Args)]
pub struct ExecArgs {
    /// Which token: `token`'s options (--format does not apply)
    #[command(flatten)]
    pub token: TokenArgs,

    /// The environment variable that carries the token to CMD (repeatable) [default: AZURE_ACCESS_TOKEN]
    #[arg(long = "env", value_name = "NAME")]
    pub env: Vec<String>,

    /// The command and its arguments, after `--`
    #[arg(last = true, required = true, value_name = "CMD")]
    pub command: Vec<std::ffi::OsString>,
}

/// `--refresh` and its options (`token`, `exec`, `git-credential`).
#[derive(Debug, Clone, Args)]
#[command(next_help_heading = "Refresh (contacts the network)")]
pub struct RefreshArgs {
    /// When no cached access token is valid, redeem the cached refresh token at the token endpoint and store the new tokens
    ///
    /// Example: TOKENCACHE_REFRESH=1 tokencache token --scope User.Read.
    /// Never on by default: tokencache contacts the network only when asked.
    /// The refresh token goes only to a known Microsoft cloud (public, US
    /// government, China) or to --authority, over HTTPS; the new tokens are
    /// written under the lock exactly as MSAL writes them.
    #[arg(long, env = "TOKENCACHE_REFRESH", value_parser = BoolishValueParser::new())]
    pub refresh: bool,

    /// Refresh even when a cached token is valid (a new token after a PIM role activation or a group change); implies --refresh
    #[arg(long)]
    pub force_refresh: bool,

    /// Refresh at this authority, https://HOST[:PORT]/TENANT, instead of the cache's own cloud
    #[arg(long, value_name = "URL", env = "TOKENCACHE_AUTHORITY")]
    pub authority: Option<String>,

    /// The bound on the whole refresh, retry included (500ms, 30s, 2m)
    #[arg(long, value_name = "DURATION", default_value = "30s", value_parser = parse_duration, env = "TOKENCACHE_NETWORK_TIMEOUT")]
    pub network_timeout: Duration,
}

/// `serve`'s refresh options: `token`'s ([`RefreshArgs`]) without
/// `--force-refresh`, which `serve` refuses (see `cmd::serve`).
#[derive(Debug, Clone, Args)]
#[command(next_help_heading = "Refresh (contacts the network)")]
pub struct ServeRefreshArgs {
    /// When a resource's cached access token is missing or expiring, redeem the cached refresh token and store the new tokens (once per resource at a time)
    ///
    /// Example: tokencache serve --managed-identity --refresh -- python app.py.
    /// Never on by default: tokencache contacts the network only when asked.
    /// The refresh token goes only to a known Microsoft cloud (public, US
    /// government, China) or to --authority, over HTTPS; the new tokens are
    /// written under the lock exactly as `token --refresh` writes them.
    #[arg(long, env = "TOKENCACHE_REFRESH", value_parser = BoolishValueParser::new())]
    pub refresh: bool,

    /// Refused: a new token for every request would redeem the refresh token on every call
    #[arg(long, hide = true)]
    pub force_refresh: bool,

    /// Refresh at this authority, https://HOST[:PORT]/TENANT, instead of the cache's own cloud
    #[arg(long, value_name = "URL", env = "TOKENCACHE_AUTHORITY")]
    pub authority: Option<String>,

    /// The bound on each refresh, retry included (500ms, 30s, 2m)
    #[arg(long, value_name = "DURATION", default_value = "30s", value_parser = parse_duration, env = "TOKENCACHE_NETWORK_TIMEOUT")]
    pub network_timeout: Duration,
}

/// `serve` options: the token is chosen as `token` chooses it, per request
/// for the resource asked for.
#[derive(Debug, Clone, Args)]
pub struct ServeArgs {
    /// Speak the App Service managed-identity protocol (api-version 2019-08-01), which the Azure SDKs use
    #[arg(long, required = true)]
    pub managed_identity: bool,

    /// Where to listen [default: 127.0.0.1:0, loopback on a random free port]; another address prints a warning
    #[arg(long, value_name = "ADDR:PORT")]
    pub listen: Option<std::net::SocketAddr>,

    /// The signed-in account's username (any case)
    #[arg(long, value_name = "USERNAME", conflicts_with = "home_account_id")]
    pub user: Option<String>,

    /// The account's home account id (`uid.utid`), exactly
    #[arg(long, value_name = "ID")]
    pub home_account_id: Option<String>,

    /// Only app-only (client credentials) tokens, never a user's
    #[arg(long, conflicts_with_all = ["user", "home_account_id"])]
    pub app_only: bool,

    /// Only tokens this client (application) obtained
    #[arg(long, value_name = "ID")]
    pub client_id: Option<String>,

    /// Only tokens of this tenant (realm); default: the account's home tenant, then organizations/common
    #[arg(long, value_name = "TENANT")]
    pub tenant: Option<String>,

    /// Validity a token must have left to be served (500ms, 60s, 5m, 1h)
    #[arg(long, value_name = "DURATION", default_value = "5m", value_parser = parse_duration)]
    pub min_validity: Duration,

    /// Refresh: `token`'s options, without --force-refresh
    #[command(flatten)]
    pub refresh: ServeRefreshArgs,

    /// For tests: the current time in Unix seconds
    #[arg(long, hide = true, env = "TOKENCACHE_NOW", value_name = "UNIX_SECONDS")]
    pub now: Option<i64>,

    /// The command to run with the endpoint in its environment, after `--`
    #[arg(last = true, value_name = "CMD")]
    pub command: Vec<std::ffi::OsString>,
}

/// `token --format` values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum TokenFormat {
    /// The token alone, one line.
    Raw,
    /// A JSON document about the token (what --json prints).
    Json,
    /// What `az account get-access-token --output json` prints (Azure CLI 2.54+).
    Az,
    /// A Kubernetes ExecCredential (the apiVersion of KUBERNETES_EXEC_INFO, else client.authentication.k8s.io/v1).
    ExecCredential,
}

/// `az` arguments: everything after `az`, checked by the command itself
/// (`account get-access-token` and its options; anything else is exit 2).
#[derive(Debug, Clone, Args)]
pub struct AzArgs {
    /// account get-access-token [--resource R | --scope S…] [--tenant T | --subscription S] [--output json|tsv|none] [--query FIELD]
    #[arg(
        num_args = 0..,
        trailing_var_arg = true,
        allow_hyphen_values = true,
        value_name = "AZ ARGUMENTS"
    )]
    pub args: Vec<std::ffi::OsString>,

    /// The az mode refreshes an expired token as `az` does; TOKENCACHE_REFRESH=0 (or --no-refresh among the az arguments) turns that off
    #[arg(long, hide = true, env = "TOKENCACHE_REFRESH", value_parser = BoolishValueParser::new())]
    pub refresh: Option<bool>,

    /// Refresh at this authority instead of the cache's own cloud
    #[arg(long, hide = true, env = "TOKENCACHE_AUTHORITY", value_name = "URL")]
    pub authority: Option<String>,

    /// The bound on the whole refresh
    #[arg(long, hide = true, value_name = "DURATION", default_value = "30s", value_parser = parse_duration, env = "TOKENCACHE_NETWORK_TIMEOUT")]
    pub network_timeout: Duration,

    /// For tests: the current time in Unix seconds
    #[arg(long, hide = true, env = "TOKENCACHE_NOW", value_name = "UNIX_SECONDS")]
    pub now: Option<i64>,
}

/// `git-credential` options.
#[derive(Debug, Clone, Args)]
pub struct GitCredentialArgs {
    /// What git asks: get (answered), store and erase (nothing changes)
    #[arg(value_enum)]
    pub operation: GitOperation,

    /// A host answered (repeatable): a name, name:port, or *.domain [default: dev.azure.com, *.visualstudio.com]
    #[arg(long, value_name = "HOST")]
    pub host: Vec<String>,

    /// The scope of the token given as the password [default: Azure DevOps' 499b84ac-1321-427f-aa17-267ca6975798/.default]
    #[arg(long = "scope", id = "git_scope", value_name = "SCOPE")]
    pub scope: Option<String>,

    /// The signed-in account's username (any case), when several have a token
    #[arg(long, value_name = "USERNAME")]
    pub user: Option<String>,

    /// Validity the token must have left (500ms, 60s, 5m, 1h)
    #[arg(long, value_name = "DURATION", default_value = "5m", value_parser = parse_duration)]
    pub min_validity: Duration,

    /// Refreshing (contacts the network; off unless asked)
    #[command(flatten)]
    pub refresh: RefreshArgs,

    /// For tests: the current time in Unix seconds
    #[arg(long, hide = true, env = "TOKENCACHE_NOW", value_name = "UNIX_SECONDS")]
    pub now: Option<i64>,
}

/// The credential helper's operations.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum GitOperation {
    /// Answer with the cached token.
    Get,
    /// git reports a credential that worked: nothing to store.
    Store,
    /// git reports a credential that failed: nothing is erased.
    Erase,
}

/// `doctor` options.
#[derive(Debug, Clone, Args)]
pub struct DoctorArgs {
    /// For tests: the current time in Unix seconds
    #[arg(long, hide = true, env = "TOKENCACHE_NOW", value_name = "UNIX_SECONDS")]
    pub now: Option<i64>,
}

/// `presets` options.
#[derive(Debug, Clone, Args)]
pub struct PresetsArgs {}

/// `verify` options.
#[derive(Debug, Clone, Args)]
pub struct VerifyArgs {}

/// `clear` options.
#[derive(Debug, Clone, Args)]
pub struct ClearArgs {}

/// `path` options.
#[derive(Debug, Clone, Args)]
pub struct PathArgs {
    /// Print the lock file's path instead
    #[arg(long)]
    pub lock: bool,
}

/// `tokencache help COMMAND` (long help) ends with the exit codes, as the
/// short help promises: each command's examples, then the table.
fn with_exit_codes_in_long_help(sub: clap::Command) -> clap::Command {
    if sub.get_after_long_help().is_some() {
        return sub;
    }
    let examples = sub
        .get_after_help()
        .map(|h| h.to_string())
        .unwrap_or_default();
    let text = if examples.is_empty() {
        crate::exit_code::ExitCode::help_table().to_string()
    } else {
        crate::exit_code::with_exit_codes(&examples)
    };
    sub.after_long_help(text)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::keyring_layout::SecretEncoding;
    use clap::CommandFactory;

    #[test]
    fn clap_definition_is_consistent() {
        Cli::command().debug_assert();
    }

    /// Words a command line is made of: commands (a real one, a nested
    /// one, `help`, an unknown one), global options with and without their
    /// values, command options, values, `--`, help and version flags.
    fn any_word() -> impl proptest::strategy::Strategy<Value = String> {
        use proptest::prelude::*;
        prop_oneof![
            Just("read"),
            Just("write"),
            Just("path"),
            Just("token"),
            Just("redis"),
            Just("list"),
            Just("help"),
            Just("reed"),
            Just("exec"),
            Just("--store"),
            Just("--store=file"),
            Just("file"),
            Just("--cache-path"),
            Just("/tmp/c.json"),
            Just("--json"),
            Just("-q"),
            Just("-qh"),
            Just("-h"),
            Just("--help"),
            Just("--version"),
            Just("-V"),
            Just("--lock"),
            Just("--scope"),
            Just("--max-size"),
            Just("1KiB"),
            Just("--redis-url"),
            Just("redis://x"),
            Just("--lock-timeout"),
            Just("soon"),
            Just("--"),
            Just("-"),
            Just("--nope"),
            Just("-x"),
        ]
        .prop_map(String::from)
    }

    proptest::proptest! {
        /// Whatever a command line is, the one-command definition gives
        /// either nothing or exactly what the whole definition gives.
        #[test]
        fn the_one_command_parse_is_the_whole_parse(
            words in proptest::collection::vec(any_word(), 0..7)
        ) {
            let args: Vec<OsString> = std::iter::once("tokencache".to_string())
                .chain(words)
                .map(OsString::from)
                .collect();
            if let Some(one) = parse_named(&args) {
                let whole = Cli::try_parse_from(&args);
                proptest::prop_assert!(whole.is_ok(), "{args:?}: {whole:?}");
                proptest::prop_assert_eq!(format!("{one:?}"), format!("{:?}", whole.unwrap()));
            }
        }
    }

    /// Each command's one-command definition parses as the derived one:
    /// the same options, settings and subcommands (only the description and
    /// examples, which help alone shows, are left out). Every visible
    /// command has one, so only `generate` (hidden, for packagers) and
    /// clap's `help` go to the whole definition by name.
    #[test]
    fn one_command_definitions_parse_as_the_derived_ones() {
        fn shape(cmd: &clap::Command) -> String {
            let mut out = format!(
                "{} required={} else_help={} external={} conflicts={} precedence={} no_help={} no_version={} {:?}\n",
                cmd.get_name(),
                cmd.is_subcommand_required_set(),
                cmd.is_arg_required_else_help_set(),
                cmd.is_allow_external_subcommands_set(),
                cmd.is_args_conflicts_with_subcommands_set(),
                cmd.is_subcommand_precedence_over_arg_set(),
                cmd.is_disable_help_flag_set(),
                cmd.is_disable_version_flag_set(),
                cmd.get_groups().collect::<Vec<_>>(),
            );
            for arg in cmd.get_arguments() {
                out += &format!("{arg:?}\n");
            }
            for sub in cmd.get_subcommands() {
                out += &shape(sub);
            }
            out
        }
        let mut whole = Cli::command();
        whole.build();
        let mut without = Vec::new();
        for derived in whole.get_subcommands() {
            let name = derived.get_name();
            let Some(one) = one_command(name) else {
                without.push(name.to_string());
                continue;
            };
            let mut lean = globals().subcommand(one);
            lean.build();
            let lean = lean.find_subcommand(name).unwrap();
            assert_eq!(shape(lean), shape(derived), "`{name}`");
        }
        assert_eq!(without, ["generate", "help"]);
    }

    #[test]
    fn a_named_command_is_parsed_against_its_own_definition() {
        for line in [
            &["tokencache", "path"][..],
            &[
                "tokencache",
                "--store",
                "file",
                "-q",
                "read",
                "--max-size",
                "1KiB",
            ],
            &["tokencache", "--cache-path=/x", "redis", "list", "--json"],
            &["tokencache", "exec", "--scope", "s", "--", "true"],
        ] {
            let args: Vec<OsString> = line.iter().map(OsString::from).collect();
            let one = parse_named(&args).unwrap_or_else(|| panic!("{line:?}"));
            assert_eq!(
                format!("{one:?}"),
                format!("{:?}", Cli::try_parse_from(&args).unwrap())
            );
        }
        for line in [
            &["tokencache"][..],
            &["tokencache", "help", "read"],
            &["tokencache", "read", "--help"],
            &["tokencache", "--version"],
            &["tokencache", "reed"],
            &["tokencache", "--", "read"],
            &["tokencache", "--nope", "read"],
        ] {
            let args: Vec<OsString> = line.iter().map(OsString::from).collect();
            assert!(parse_named(&args).is_none(), "{line:?}");
        }
    }

    #[test]
    fn durations() {
        assert_eq!(parse_duration("60s"), Ok(Duration::from_secs(60)));
        assert_eq!(parse_duration("500ms"), Ok(Duration::from_millis(500)));
        assert_eq!(parse_duration("2m"), Ok(Duration::from_secs(120)));
        assert_eq!(parse_duration("1.5"), Ok(Duration::from_millis(1500)));
        assert_eq!(parse_duration("0"), Ok(Duration::ZERO));
        assert!(parse_duration("soon").is_err());
        assert!(parse_duration("5 days").is_err());
        assert!(parse_duration("-1s").is_err());
    }

    #[test]
    fn sizes() {
        assert_eq!(parse_size("16MiB"), Ok(16 << 20));
        assert_eq!(parse_size("512KiB"), Ok(512 << 10));
        assert_eq!(parse_size("10MB"), Ok(10_000_000));
        assert_eq!(parse_size("1048576"), Ok(1_048_576));
        assert!(parse_size("lots").is_err());
        assert!(parse_size("99999999999999999999GiB").is_err());
    }

    #[test]
    fn keyring_layout_flags() {
        let cli = Cli::try_parse_from([
            "tokencache",
            "read",
            "--attribute",
            "a=1",
            "--attribute",
            "b=x=y",
            "--encoding",
            "base64",
            "--keyring-timeout",
            "2s",
            "--collection",
            "session",
        ])
        .unwrap();
        assert_eq!(
            cli.global.stores.secret_service.attribute,
            [("a".into(), "1".into()), ("b".into(), "x=y".into())]
        );
        assert_eq!(
            cli.global.stores.secret_service.encoding,
            Some(SecretEncoding::Base64)
        );
        assert_eq!(
            cli.global.stores.secret_service.keyring_timeout,
            Duration::from_secs(2)
        );
        assert_eq!(
            cli.global.stores.secret_service.collection.as_deref(),
            Some("session")
        );
        let cli = Cli::try_parse_from(["tokencache", "read"]).unwrap();
        assert_eq!(
            cli.global.stores.secret_service.encoding, None,
            "no --encoding: the preset or the default decides"
        );
        assert_eq!(
            cli.global.stores.secret_service.keyring_timeout,
            Duration::from_secs(10)
        );
        assert!(Cli::try_parse_from(["tokencache", "read", "--attribute", "=v"]).is_err());
        assert!(Cli::try_parse_from(["tokencache", "read", "--attribute", "novalue"]).is_err());
    }

    #[test]
    fn globals_parse_anywhere_and_defaults_hold() {
        let cli = Cli::try_parse_from([
            "tokencache",
            "read",
            "--cache-path",
            "/x",
            "--store",
            "file",
        ])
        .unwrap();
        assert_eq!(cli.global.cache_path, Some(PathBuf::from("/x")));
        assert_eq!(cli.global.store, Some(Some(StoreKind::File)));
        assert_eq!(cli.global.lock_timeout, Duration::from_secs(60));
        assert!(matches!(
            cli.command,
            Command::Read(ReadArgs {
                allow_missing: false,
                ..
            })
        ));
        let cli = Cli::try_parse_from(["tokencache", "write", "--max-size", "1KiB"]).unwrap();
        assert!(matches!(
            cli.command,
            Command::Write(WriteArgs { max_size: 1024, .. })
        ));
        assert!(Cli::try_parse_from(["tokencache", "--store", "nope", "read"]).is_err());
    }
}
