//! `tokencache generate --out-dir DIR` (hidden, for packagers): write the
//! shell completions (`DIR/completions/`) and man pages (`DIR/man/`) from the
//! clap definition; `tokencache completions SHELL` and `tokencache man
//! [PAGE]` print one of them, for users who install only the binary.
//! The committed copies are checked against a fresh generation by the test
//! suite, so they can never drift from the binary.

use std::fs;
use std::io::Write;
use std::path::Path;

use clap::CommandFactory;
use clap_complete::Shell;
use clap_mangen::Man;
use roff::{bold, italic, roman, Roff};

use crate::cli::Cli;
use crate::error::{Error, Result};
use crate::exit_code::ExitCode;

/// Variables read outside the command line, for the ENVIRONMENT section.
const KEY_VARIABLES: &[(&str, &str)] = &[
    (
        "TOKENCACHE_KEY",
        "The encrypted file store's key: base64 of 32 bytes, as `tokencache keygen` writes it. \
         Set but empty is an error (an undefined CI secret expands to the empty string).",
    ),
    (
        "TOKENCACHE_PASSPHRASE",
        "A passphrase for the encrypted file store, stretched with Argon2id (used when TOKENCACHE_KEY is unset). \
         Set but empty is an error.",
    ),
    (
        "CREDENTIALS_DIRECTORY",
        "Set by systemd for a service: $CREDENTIALS_DIRECTORY/tokencache-key, when it exists, \
         is the encrypted file store's key (LoadCredentialEncrypted=tokencache-key:...).",
    ),
];

/// The key sources in the order they are tried (KEY SOURCES section).
const KEY_SOURCES: &[&str] = &[
    "--key-fd N: base64 of a 32-byte key read from an open descriptor (a pipe from a secret manager, 3<keyfile); not a terminal, stdout or stderr.",
    "--key-file PATH (TOKENCACHE_KEY_FILE): base64 of a 32-byte key in a file the user owns that neither group nor others can read (0600 or 0400).",
    "$CREDENTIALS_DIRECTORY/tokencache-key, when that file exists (a systemd credential).",
    "TOKENCACHE_KEY (base64 of 32 bytes), else TOKENCACHE_PASSPHRASE (Argon2id).",
    "A passphrase typed on the terminal, only when the process has one; otherwise exit 7 at once, never a wait.",
];

/// Write completions and man pages under `out_dir`.
pub fn run(out_dir: &Path) -> Result<()> {
    let completions = out_dir.join("completions");
    let man = out_dir.join("man");
    for dir in [&completions, &man] {
        // Documentation, not secrets: ordinary permissions.
        fs::create_dir_all(dir).map_err(|e| Error::io("create the directory", dir, e))?;
    }
    let mut visible = for_completion(&Cli::command());
    for shell in [
        Shell::Bash,
        Shell::Zsh,
        Shell::Fish,
        Shell::PowerShell,
        Shell::Elvish,
    ] {
        clap_complete::generate_to(shell, &mut visible, "tokencache", &completions)
            .map_err(|e| Error::io("write completions to", &completions, e))?;
    }
    for (name, page) in pages()? {
        let path = man.join(name);
        let mut file = fs::File::create(&path).map_err(|e| Error::io("create", &path, e))?;
        file.write_all(page.as_bytes())
            .map_err(|e| Error::io("write", &path, e))?;
    }
    Ok(())
}

/// `tokencache completions SHELL`: the completion script on stdout, the same
/// bytes as the committed `completions/` file for that shell.
pub fn completions(shell: Shell, out: &mut dyn Write) -> Result<()> {
    let mut visible = for_completion(&Cli::command());
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut visible, "tokencache", &mut script);
    super::emit(out, &script)
}

/// `tokencache man [PAGE]`: one man page (roff) on stdout, the same bytes
/// as the committed `man/` file. PAGE is a command (`read`, `redis-list`),
/// with or without the `tokencache-` prefix; none is tokencache(1).
pub fn man(page: Option<&str>, out: &mut dyn Write) -> Result<()> {
    let wanted = match page {
        None => "tokencache.1".to_string(),
        Some(p) => {
            let p = p.trim_end_matches(".1");
            if p == "tokencache" || p.starts_with("tokencache-") {
                format!("{p}.1")
            } else {
                format!("tokencache-{}.1", p.replace(' ', "-"))
            }
        }
    };
    let pages = pages()?;
    match pages.iter().find(|(name, _)| *name == wanted) {
        Some((_, text)) => super::emit(out, text.as_bytes()),
        None => Err(Error::Config {
            message: format!("no man page `{}`", page.unwrap_or_default()),
            hint: format!(
                "the pages: {}; read one with `tokencache man read | man -l -`",
                pages
                    .iter()
                    .map(|(n, _)| n.trim_start_matches("tokencache-").trim_end_matches(".1"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        }),
    }
}

/// Every man page: file name and roff text.
fn pages() -> Result<Vec<(String, String)>> {
    let mut cmd = Cli::command();
    cmd.build();
    let mut pages = Vec::new();
    collect_pages(&cmd, &[], &mut pages)?;
    Ok(pages)
}

/// The page of `cmd` and, recursively, of each visible subcommand
/// (`tokencache-redis-list(1)` too), each naming its parents' pages and its
/// own subcommands' pages under SEE ALSO.
fn collect_pages(
    cmd: &clap::Command,
    parents: &[String],
    pages: &mut Vec<(String, String)>,
) -> Result<()> {
    let page_name =
        |c: &clap::Command| format!("{}(1)", c.get_display_name().unwrap_or(c.get_name()));
    let subs: Vec<&clap::Command> = cmd
        .get_subcommands()
        .filter(|s| !s.is_hide_set() && s.get_name() != "help")
        .collect();
    let mut see_also = parents.to_vec();
    see_also.extend(subs.iter().map(|s| page_name(s)));
    pages.push(page(cmd, &see_also)?);
    let mut lineage = parents.to_vec();
    lineage.push(page_name(cmd));
    for sub in subs {
        collect_pages(sub, &lineage, pages)?;
    }
    Ok(())
}

/// The command line as completions should offer it: without hidden commands
/// (`generate`, for packagers) and hidden options (`--now`, for tests), which
/// clap_complete would otherwise list. Built from the unbuilt definition, so
/// each command holds only its own arguments (globals propagate again).
fn for_completion(cmd: &clap::Command) -> clap::Command {
    let visible_args = |c: &clap::Command| -> Vec<clap::Arg> {
        c.get_arguments()
            .filter(|a| !a.is_hide_set())
            .cloned()
            .collect()
    };
    let mut out = clap::Command::new(cmd.get_name().to_string())
        .disable_help_flag(cmd.is_disable_help_flag_set())
        .args(visible_args(cmd));
    if let Some(about) = cmd.get_about() {
        out = out.about(about.clone());
    }
    if let Some(version) = cmd.get_version() {
        out = out.version(version.to_string());
    }
    // Every level: `redis list` and its options are completed too.
    for sub in cmd.get_subcommands().filter(|s| !s.is_hide_set()) {
        out = out.subcommand(for_completion(sub));
    }
    out
}

/// One page: its file name and roff text.
fn page(cmd: &clap::Command, see_also: &[String]) -> Result<(String, String)> {
    let man = Man::new(cmd.clone()).manual("tokencache manual");
    let name = man.get_filename();
    let mut page = Vec::new();
    render(&man, cmd, see_also, &mut page).map_err(|e| Error::io("render", Path::new(&name), e))?;
    Ok((name, ascii_roff(&String::from_utf8_lossy(&page))))
}

/// groff reads Latin-1 unless told otherwise: spell every non-ASCII
/// character as a `\[uXXXX]` escape, which every groff renders.
fn ascii_roff(page: &str) -> String {
    let mut out = String::with_capacity(page.len());
    for c in page.chars() {
        if c.is_ascii() {
            out.push(c);
        } else {
            out += &format!("\\[u{:04X}]", u32::from(c));
        }
    }
    out
}

fn render(
    man: &Man,
    cmd: &clap::Command,
    see_also: &[String],
    w: &mut dyn Write,
) -> std::io::Result<()> {
    man.render_title(w)?;
    man.render_name_section(w)?;
    man.render_synopsis_section(w)?;
    man.render_description_section(w)?;
    man.render_options_section(w)?;
    if cmd.has_subcommands() {
        man.render_subcommands_section(w)?;
    }
    if cmd.get_after_help().is_some() {
        let mut roff = Roff::new();
        roff.control("SH", ["EXAMPLES"]);
        roff.control("nf", []);
        for line in cmd
            .get_after_help()
            .map(|h| h.to_string())
            .unwrap_or_default()
            .lines()
            .skip(1)
        {
            roff.text([roman(line.trim())]);
        }
        roff.control("fi", []);
        roff.to_writer(w)?;
    }
    let mut roff = Roff::new();
    roff.control("SH", ["EXIT STATUS"]);
    for code in ExitCode::ALL {
        roff.control("TP", []).text([bold(code.code().to_string())]);
        roff.text([roman(code.meaning())]);
    }
    roff.control("SH", ["ENVIRONMENT"]);
    roff.text([roman(
        "Every global option can also be set through its environment variable; an option on the command line wins. \
         An empty variable counts as unset; a leading ~/ in a path variable is expanded to the home directory.",
    )]);
    // The command's own variables and, on the main page, every command's.
    let mut seen = Vec::new();
    let commands = std::iter::once(cmd).chain(
        cmd.get_subcommands()
            .filter(|s| !s.is_hide_set() && cmd.get_name() == "tokencache"),
    );
    for c in commands {
        for arg in c.get_arguments().filter(|a| !a.is_hide_set()) {
            let Some(var) = arg.get_env() else { continue };
            let var = var.to_string_lossy().into_owned();
            if seen.contains(&var) {
                continue;
            }
            seen.push(var.clone());
            roff.control("TP", []).text([bold(var.clone())]);
            let help = match var.as_str() {
                "TOKENCACHE_MAX_SIZE" => {
                    "the largest cache accepted (default 16MiB): a stored cache, the input of write, the output of update's command, a file given to --input".to_string()
                }
                _ => arg.get_help().map(|h| h.to_string()).unwrap_or_default(),
            };
            roff.text([roman(format!(
                "--{}: {help}",
                arg.get_long().unwrap_or_default()
            ))]);
        }
    }
    for (var, text) in KEY_VARIABLES {
        roff.control("TP", []).text([bold(*var)]);
        roff.text([roman(*text)]);
    }
    roff.control("TP", []).text([bold("NO_COLOR")]);
    roff.text([roman("When set and not empty, no colour is used.")]);
    roff.control("TP", []).text([
        bold("HOME"),
        roman(", "),
        bold("LOGNAME"),
        roman(", "),
        bold("USER"),
    ]);
    roff.text([roman(
        "Resolve the user root directory as msal-node-extensions does (LOCALAPPDATA on Windows).",
    )]);
    roff.control("TP", []).text([bold("TOKENCACHE_TEST_PANIC")]);
    roff.text([roman(
        "For tests: when set, tokencache panics at start, to show the report a bug prints.",
    )]);
    roff.control("SH", ["KEY SOURCES"]);
    roff.text([roman(
        "The encrypted file store's key, from the first of these that is configured. \
         No option takes key material itself (argv is visible to every user).",
    )]);
    for (i, text) in KEY_SOURCES.iter().enumerate() {
        roff.control("TP", []).text([bold(format!("{}.", i + 1))]);
        roff.text([roman(*text)]);
    }
    roff.control("SH", ["FILES"]);
    roff.control("TP", [])
        .text([italic("<user root>/.tokencache/cache.json")]);
    roff.text([roman(
        "The default cache path: the cache itself for the file stores, a marker file for keyring stores.",
    )]);
    roff.control("TP", [])
        .text([italic("<cache path>.lockfile")]);
    roff.text([roman(
        "The lock shared with msal-node-extensions, Python msal-extensions and MSAL.NET.",
    )]);
    roff.control("SH", ["SEE ALSO"]);
    roff.text([roman(see_also.join(", "))]);
    roff.to_writer(w)?;
    if cmd.get_version().is_some() {
        man.render_version_section(w)?;
    }
    Ok(())
}
