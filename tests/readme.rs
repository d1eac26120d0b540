//! The documentation is the user's manual: every fenced block marked `sh test`
//! in the README, CONTRIBUTING.md and `docs/**/*.md` is run here, its tables
//! must match the binary's contracts, and every link between the pages leads
//! to a page and a heading that exist.

use std::path::{Path, PathBuf};

use crate::support::Env;

/// The repository's root.
fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Every documentation page, relative to the root: README.md,
/// CONTRIBUTING.md, tests/README.md, benches/RESULTS.md and docs/**/*.md.
pub fn pages() -> Vec<PathBuf> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        for e in entries {
            let path = e.unwrap().path();
            if path.is_dir() {
                walk(&path, out);
            } else if path.extension().is_some_and(|x| x == "md") {
                out.push(path);
            }
        }
    }
    let mut pages: Vec<PathBuf> = [
        "README.md",
        "CONTRIBUTING.md",
        "tests/README.md",
        "benches/RESULTS.md",
    ]
    .iter()
    .map(PathBuf::from)
    .filter(|p| root().join(p).is_file())
    .collect();
    let mut docs = Vec::new();
    walk(&root().join("docs"), &mut docs);
    docs.sort();
    pages.extend(
        docs.into_iter()
            .map(|p| p.strip_prefix(root()).unwrap().to_path_buf()),
    );
    pages
}

/// The text of a page (a path relative to the root).
pub fn page(rel: &str) -> String {
    std::fs::read_to_string(root().join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

/// The fenced blocks of `text` whose info string starts with `info`: (first
/// line number, info string, body).
pub fn fenced_blocks(text: &str, info: &[&str]) -> Vec<(usize, String, String)> {
    let mut blocks = Vec::new();
    let mut current: Option<(usize, String, String)> = None;
    let mut in_other = false;
    for (n, line) in text.lines().enumerate() {
        match &mut current {
            None => {
                if let Some(rest) = line.strip_prefix("```") {
                    if in_other {
                        in_other = false;
                        continue;
                    }
                    let words: Vec<&str> = rest.split_whitespace().collect();
                    if words.len() >= info.len() && words[..info.len()] == *info {
                        current = Some((n + 2, rest.to_string(), String::new()));
                    } else {
                        in_other = true;
                    }
                }
            }
            Some((_, _, body)) => {
                if line.starts_with("```") {
                    blocks.push(current.take().unwrap());
                } else {
                    body.push_str(line);
                    body.push('\n');
                }
            }
        }
    }
    blocks
}

/// Every page's runnable blocks: (`page:line`, info string, script).
fn runnable_blocks() -> Vec<(String, String, String)> {
    pages()
        .iter()
        .flat_map(|p| {
            let rel = p.to_string_lossy().into_owned();
            fenced_blocks(&page(&rel), &["sh", "test"])
                .into_iter()
                .map(move |(line, info, body)| (format!("{rel}:{line}"), info, body))
        })
        .collect()
}

/// Run one block in a fresh environment with `tokencache` on PATH.
pub fn run_block(env: &Env, place: &str, script: &str) {
    let bin_dir = env.dir.path().join("bin");
    std::fs::create_dir_all(&bin_dir).unwrap();
    let link = bin_dir.join("tokencache");
    if !link.exists() {
        std::os::unix::fs::symlink(crate::support::bin(), &link).unwrap();
    }
    let work = env.dir.path().join("work");
    std::fs::create_dir_all(&work).unwrap();
    let mut cmd = std::process::Command::new("sh");
    env.isolate(&mut cmd);
    let path = format!(
        "{}:{}",
        bin_dir.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let out = cmd
        .env("PATH", path)
        .current_dir(&work)
        .args(["-eu", "-c", script])
        .stdin(std::process::Stdio::null())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "the block at {place} failed ({}):\n{script}\n--- stdout\n{}\n--- stderr\n{}",
        out.status,
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn documented_shell_examples_run() {
    let blocks = runnable_blocks();
    assert!(
        blocks.len() >= 20,
        "found only {} runnable blocks",
        blocks.len()
    );
    // `sh test` runs everywhere, `sh test linux` on Linux; `sh test
    // secret-service` blocks need the private keyring (the test below).
    for (place, info, script) in &blocks {
        let tags: Vec<&str> = info.split_whitespace().skip(2).collect();
        let runs_here = tags.is_empty() || (tags == ["linux"] && cfg!(target_os = "linux"));
        if runs_here {
            run_block(&Env::new(), place, script);
        }
    }
}

#[cfg(target_os = "linux")]
#[test]
fn documented_secret_service_examples_run_against_a_private_keyring() {
    let blocks: Vec<_> = runnable_blocks()
        .into_iter()
        .filter(|(_, info, _)| info.split_whitespace().any(|w| w == "secret-service"))
        .collect();
    assert!(!blocks.is_empty());
    // A keyring of its own: the blocks use the real attributes of MSAL.NET's
    // item (MsalClientID=Microsoft.Developer.IdentityService…), which
    // tests/presets.rs writes and checks on the shared keyring at the same time.
    let keyring = crate::own_keyring!(crate::support::keyring::Provider::Unlocked);
    for (place, _, script) in blocks {
        run_block(&keyring.env(), &place, &script);
    }
}

#[test]
fn readme_exit_code_table_matches_the_contract() {
    let text = page("README.md");
    for code in tokencache::exit_code::ExitCode::ALL {
        let row = format!("| {} | {} |", code.code(), code.meaning());
        assert!(
            text.contains(&row),
            "README.md lacks the exit-code row `{row}`"
        );
    }
}

/// Blocks that start a Secret Service of their own (the headless recipe):
/// run in a plain environment, with the password a CI secret would supply.
#[cfg(target_os = "linux")]
#[test]
fn documented_headless_keyring_recipe_runs() {
    let blocks: Vec<_> = runnable_blocks()
        .into_iter()
        .filter(|(_, info, _)| info.split_whitespace().any(|w| w == "own-secret-service"))
        .collect();
    assert!(!blocks.is_empty());
    let have = |tool: &str| {
        std::process::Command::new("sh")
            .args(["-c", &format!("command -v {tool}")])
            .output()
            .is_ok_and(|o| o.status.success())
    };
    crate::require!(
        have("dbus-run-session") && have("gnome-keyring-daemon") && have("gdbus"),
        "dbus-run-session, gnome-keyring-daemon and gdbus (apt install dbus gnome-keyring libglib2.0-bin)"
    );
    for (place, _, script) in blocks {
        let mut env = Env::new();
        env.vars
            .push(("KEYRING_PASSWORD".into(), "readme-test".into()));
        run_block(
            &env,
            &place,
            &format!(
                "exec timeout 60 sh -eu -c '{}'",
                script.replace('\'', "'\\''")
            ),
        );
    }
}

#[test]
fn every_json_error_code_is_documented() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let src = std::fs::read_to_string(root.join("src/error.rs")).unwrap();
    let fault = std::fs::read_to_string(root.join("src/store/redis/fault.rs")).unwrap();
    let body =
        &src[src.find("pub fn code(&self)").unwrap()..src.find("pub fn hint(&self)").unwrap()];
    // The Redis store's faults carry their own codes (`RedisFault::code`).
    let redis = &fault[fault.find("pub fn code(self)").unwrap()..];
    let redis = &redis[..redis.find("\n    }\n").unwrap()];
    let pg = std::fs::read_to_string(root.join("src/store/postgres/fault.rs")).unwrap();
    let pg = &pg[pg.find("pub fn code(self)").unwrap()..];
    let pg = &pg[..pg.find("\n    }\n").unwrap()];
    let codes: Vec<&str> = [body, redis, pg]
        .iter()
        .flat_map(|b| b.split("=> \"").skip(1))
        .map(|rest| &rest[..rest.find('"').unwrap()])
        .collect();
    assert!(codes.len() >= 10, "{codes:?}");
    assert!(
        codes.contains(&"redis_wrong_type")
            && codes.contains(&"redis_error")
            && codes.contains(&"postgres_wrong_layout"),
        "{codes:?}"
    );
    let section = page("docs/json.md");
    for code in codes.iter().chain(["usage"].iter()) {
        assert!(
            section.contains(&format!("`{code}`")),
            "docs/json.md lacks the error code `{code}`"
        );
    }
}

/// The documented `path --json` sample is exactly what the binary prints (it
/// had drifted: fields added later were missing from it).
#[test]
fn documented_path_json_sample_matches_the_binary() {
    let text = page("docs/json.md");
    let after = &text[text
        .find("`path --json` prints:")
        .expect("the sample's heading")..];
    let start = after.find("```json\n").unwrap() + "```json\n".len();
    let sample: serde_json::Value =
        serde_json::from_str(&after[start..start + after[start..].find("```").unwrap()]).unwrap();
    let env = Env::new();
    let out = env
        .cmd()
        .env("HOME", "/home/me")
        .args([
            "--store",
            "file",
            "--cache-path",
            "/tmp/x.json",
            "path",
            "--json",
        ])
        .output()
        .unwrap();
    assert!(out.status.success());
    let actual: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        sample, actual,
        "docs/json.md's `path --json` sample is out of date"
    );
}

/// The anchors GitHub gives the headings of a Markdown page: the heading's
/// text without its inline markup, lowercased, punctuation dropped, spaces
/// turned into hyphens, and `-1`, `-2` … after a repeated one.
fn anchors(text: &str) -> Vec<String> {
    let mut seen: Vec<String> = Vec::new();
    let mut out = Vec::new();
    let mut fence = false;
    for line in text.lines() {
        if line.starts_with("```") {
            fence = !fence;
            continue;
        }
        let Some(heading) = line.strip_prefix('#') else {
            continue;
        };
        if fence {
            continue;
        }
        let heading = heading.trim_start_matches('#');
        let Some(heading) = heading.strip_prefix(' ') else {
            continue;
        };
        let slug: String = heading
            .to_lowercase()
            .chars()
            .filter(|c| c.is_alphanumeric() || *c == ' ' || *c == '-' || *c == '_')
            .map(|c| if c == ' ' { '-' } else { c })
            .collect();
        let n = seen.iter().filter(|s| **s == slug).count();
        out.push(if n == 0 {
            slug.clone()
        } else {
            format!("{slug}-{n}")
        });
        seen.push(slug);
    }
    out
}

/// The targets of the inline links of a page, outside code.
fn links(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut fence = false;
    for line in text.lines() {
        if line.starts_with("```") {
            fence = !fence;
            continue;
        }
        if fence {
            continue;
        }
        // Drop inline code spans: `[a](b)` inside backticks is not a link.
        let prose: String = line.split('`').step_by(2).collect::<Vec<_>>().join(" ");
        let mut rest = prose.as_str();
        while let Some(at) = rest.find("](") {
            let after = &rest[at + 2..];
            let Some(end) = after.find(')') else { break };
            out.push(after[..end].to_string());
            rest = &after[end..];
        }
    }
    out
}

/// Every relative link between the pages leads to a file that exists and,
/// when it names a heading, to a heading of that page: the README split into
/// docs/ must not leave a reader at a dead end.
#[test]
fn links_between_the_pages_resolve() {
    let mut dead = Vec::new();
    let mut checked = 0;
    for rel in pages() {
        let rel = rel.to_string_lossy().into_owned();
        let text = page(&rel);
        let dir = Path::new(&rel).parent().unwrap().to_path_buf();
        for target in links(&text) {
            if target.contains("://") || target.starts_with("mailto:") {
                continue;
            }
            checked += 1;
            let (file, anchor) = match target.split_once('#') {
                Some((f, a)) => (f, Some(a)),
                None => (target.as_str(), None),
            };
            let file = if file.is_empty() {
                PathBuf::from(&rel)
            } else {
                // Normalise `..` so that the page's own path compares equal.
                let mut p = PathBuf::new();
                for part in dir.join(file).components() {
                    match part {
                        std::path::Component::ParentDir => {
                            p.pop();
                        }
                        std::path::Component::CurDir => {}
                        other => p.push(other),
                    }
                }
                p
            };
            if !root().join(&file).exists() {
                dead.push(format!("{rel}: {target} (no file {})", file.display()));
                continue;
            }
            if let Some(anchor) = anchor {
                let target_text = page(&file.to_string_lossy());
                if !anchors(&target_text).iter().any(|a| a == anchor) {
                    dead.push(format!("{rel}: {target} (no such heading)"));
                }
            }
        }
    }
    assert!(checked >= 50, "only {checked} links found");
    assert!(dead.is_empty(), "dead links:\n{}", dead.join("\n"));
}

#[test]
fn anchors_are_githubs() {
    assert_eq!(
        anchors("# A\n## `presets` and `--preset`\n```\n# not a heading\n```\n## A\n### Format (version 1)\n"),
        ["a", "presets-and---preset", "a-1", "format-version-1"]
    );
}

/// The encrypted file's layout is described once, in
/// docs/stores/encrypted-file.md: its table must name every field at the
/// offset the code uses, each field ending where the next begins.
#[test]
fn documented_encrypted_file_format_matches_the_code() {
    use tokencache::store::encrypted_file::{offset, HEADER_LEN, MAGIC};
    let text = page("docs/stores/encrypted-file.md");
    let section = &text[text
        .find("## Format (version 1)")
        .expect("the format's section")..];
    let rows: Vec<(usize, String)> = section
        .lines()
        .skip_while(|l| !l.starts_with("|---:"))
        .skip(1)
        .take_while(|l| l.starts_with('|'))
        .map(|l| {
            let cells: Vec<&str> = l.split('|').map(str::trim).collect();
            (cells[1].parse().unwrap(), cells[2].to_string())
        })
        .collect();
    let offsets: Vec<usize> = rows.iter().map(|(o, _)| *o).collect();
    assert_eq!(
        offsets,
        [
            0,
            offset::VERSION,
            offset::KDF,
            offset::AEAD,
            offset::RESERVED,
            offset::M,
            offset::T,
            offset::P,
            offset::SALT,
            offset::WRAP_NONCE,
            offset::WRAPPED_KEY,
            offset::PAYLOAD_NONCE,
            offset::LENGTH,
            offset::CIPHERTEXT,
        ],
        "the documented offsets"
    );
    for pair in rows.windows(2) {
        let size: usize = pair[0].1.parse().unwrap();
        assert_eq!(pair[0].0 + size, pair[1].0, "the field at {}", pair[0].0);
    }
    assert_eq!(rows.last().unwrap().0, HEADER_LEN);
    assert!(section.contains(&format!("All {HEADER_LEN} header bytes are authenticated")));
    let magic = String::from_utf8_lossy(&MAGIC[..7]);
    assert!(
        section.contains(&format!("magic `{magic}\\0`")),
        "the magic"
    );
}
