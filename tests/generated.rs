//! The committed completions and man pages are exactly what the binary
//! generates, and the man pages are clean roff.

use std::collections::BTreeMap;
use std::path::Path;

use crate::support::Env;

fn files(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| {
            let e = e.unwrap();
            (
                e.file_name().to_string_lossy().into_owned(),
                std::fs::read(e.path()).unwrap(),
            )
        })
        .collect()
}

#[test]
fn committed_completions_and_man_pages_are_current() {
    let env = Env::new();
    let out = env.dir.path().join("gen");
    env.cmd()
        .args(["generate", "--out-dir"])
        .arg(&out)
        .assert()
        .success();
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    for sub in ["completions", "man"] {
        let fresh = files(&out.join(sub));
        let committed = files(&repo.join(sub));
        let names = |m: &BTreeMap<String, Vec<u8>>| m.keys().cloned().collect::<Vec<_>>();
        assert_eq!(
            names(&committed),
            names(&fresh),
            "{sub}/ is out of date: run `cargo run -- generate --out-dir .` and commit the result"
        );
        for (name, bytes) in &fresh {
            assert!(
                committed[name] == *bytes,
                "{sub}/{name} is out of date: run `cargo run -- generate --out-dir .` and commit the result"
            );
        }
    }
}

/// groff is Linux's man renderer (macOS ships mandoc, Windows neither).
#[cfg(target_os = "linux")]
#[test]
fn man_pages_render_without_warnings() {
    use std::process::Command;
    crate::require!(
        Command::new("groff").arg("--version").output().is_ok(),
        "groff (apt install groff-base)"
    );
    let man = Path::new(env!("CARGO_MANIFEST_DIR")).join("man");
    let pages: Vec<_> = files(&man).into_keys().map(|n| man.join(n)).collect();
    assert!(pages.len() >= 6, "{pages:?}");
    for page in pages {
        let out = Command::new("groff")
            .args(["-man", "-ww", "-z"])
            .arg(&page)
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", page.display());
        assert!(
            out.stderr.is_empty(),
            "{}: {}",
            page.display(),
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

#[test]
fn short_help_fits_a_screen_and_long_help_has_everything() {
    let env = Env::new();
    {
        let flag = "-h";
        let out = env.cmd().arg(flag).output().unwrap();
        assert!(out.status.success());
        let text = String::from_utf8(out.stdout).unwrap();
        assert!(
            // 22 commands (az, git-credential, exec, serve, doctor,
            // completions, man, list and prune added nine) and the options,
            // under two headings.
            text.lines().count() <= 58,
            "{flag}: {} lines:\n{text}",
            text.lines().count()
        );
        assert!(text.contains("tokencache help"), "{text}");
        assert!(
            !text.contains("--keyring-timeout"),
            "store-specific options belong to the long help"
        );
    }
    // `tokencache help` and `--help` are the long help.
    let long = env.cmd().arg("help").output().unwrap();
    let long = String::from_utf8(long.stdout).unwrap();
    let dashed = env.cmd().arg("--help").output().unwrap();
    assert_eq!(String::from_utf8(dashed.stdout).unwrap(), long);
    for needle in [
        "Secret Service options (Linux)",
        "Encrypted file options",
        "Windows DPAPI options",
        "--keyring-timeout",
        "Exit codes:",
        "130  interrupted",
    ] {
        assert!(long.contains(needle), "`tokencache help` lacks {needle:?}");
    }
    // Every global option's long help carries an example.
    let cmd = <tokencache::cli::Cli as clap::CommandFactory>::command();
    for arg in cmd
        .get_arguments()
        .filter(|a| a.get_long().is_some() && !a.is_hide_set())
    {
        let name = arg.get_long().unwrap();
        if ["help", "version"].contains(&name) {
            continue;
        }
        let help = format!(
            "{} {}",
            arg.get_help().map(ToString::to_string).unwrap_or_default(),
            arg.get_long_help()
                .map(ToString::to_string)
                .unwrap_or_default()
        );
        assert!(
            help.contains("Example") || help.contains("e.g."),
            "--{name} has no example: {help}"
        );
    }
}

/// Every visible command at every level (`redis list` too) has its own man
/// page and is completed, with each of its own long options, by bash, zsh
/// and fish.
#[test]
fn every_command_at_every_level_has_a_man_page_and_completions() {
    fn walk(
        cmd: &clap::Command,
        path: &mut Vec<String>,
        found: &mut Vec<(Vec<String>, Vec<String>)>,
    ) {
        for sub in cmd
            .get_subcommands()
            .filter(|s| !s.is_hide_set() && s.get_name() != "help")
        {
            path.push(sub.get_name().to_string());
            let own: Vec<String> = sub
                .get_arguments()
                .filter(|a| !a.is_hide_set() && !a.is_global_set())
                .filter_map(|a| a.get_long().map(str::to_string))
                .filter(|l| l != "help")
                .collect();
            found.push((path.clone(), own));
            walk(sub, path, found);
            path.pop();
        }
    }
    let cmd = <tokencache::cli::Cli as clap::CommandFactory>::command();
    let mut found = Vec::new();
    walk(&cmd, &mut Vec::new(), &mut found);
    assert!(
        found.iter().any(|(p, _)| p == &["redis", "list"]),
        "the walk reaches nested commands: {found:?}"
    );
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let read = |rel: &str| std::fs::read_to_string(repo.join(rel)).unwrap();
    let (bash, zsh, fish) = (
        read("completions/tokencache.bash"),
        read("completions/_tokencache"),
        read("completions/tokencache.fish"),
    );
    for (path, own) in &found {
        let page = format!("man/tokencache-{}.1", path.join("-"));
        assert!(repo.join(&page).is_file(), "{page} is missing");
        // clap_complete spells `git-credential` as `git__subcmd__credential`.
        let bash_name =
            format!("tokencache__subcmd__{}", path.join("__subcmd__")).replace('-', "__subcmd__");
        assert!(bash.contains(&bash_name), "bash completion lacks {path:?}");
        let fish_using = format!("__fish_tokencache_using_subcommand {}", path[0]);
        for long in own {
            assert!(
                zsh.contains(&format!("--{long}=")) || zsh.contains(&format!("--{long}[")),
                "zsh completion lacks {path:?} --{long}"
            );
            assert!(
                fish.lines().any(|l| l.contains(&fish_using)
                    && path[1..].iter().all(|w| l.contains(w.as_str()))
                    && l.contains(&format!("-l {long}"))),
                "fish completion lacks {path:?} --{long}"
            );
        }
    }
}
