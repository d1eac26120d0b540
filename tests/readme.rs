//! The README is the user's manual: every fenced block marked `sh test` is
//! run here, and its tables must match the binary's contracts.

use std::path::Path;

use crate::support::Env;

/// The README's runnable blocks: (first line number, info string, script).
fn runnable_blocks() -> Vec<(usize, String, String)> {
    let text =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).unwrap();
    let mut blocks = Vec::new();
    let mut current: Option<(usize, String, String)> = None;
    for (n, line) in text.lines().enumerate() {
        match &mut current {
            None => {
                if let Some(info) = line.strip_prefix("```") {
                    let words: Vec<&str> = info.split_whitespace().collect();
                    if words.first() == Some(&"sh") && words.get(1) == Some(&"test") {
                        current = Some((n + 2, info.to_string(), String::new()));
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

/// Run one block in a fresh environment with `tokencache` on PATH.
pub fn run_block(env: &Env, line: usize, script: &str) {
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
        "README.md block at line {line} failed ({}):\n{script}\n--- stdout\n{}\n--- stderr\n{}",
        out.status,
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn readme_shell_examples_run() {
    let blocks = runnable_blocks();
    assert!(
        blocks.len() >= 5,
        "found only {} runnable blocks",
        blocks.len()
    );
    // `sh test` runs everywhere, `sh test linux` on Linux; `sh test
    // secret-service` blocks need the private keyring (the test below).
    for (line, info, script) in &blocks {
        let tags: Vec<&str> = info.split_whitespace().skip(2).collect();
        let runs_here = tags.is_empty() || (tags == ["linux"] && cfg!(target_os = "linux"));
        if runs_here {
            run_block(&Env::new(), *line, script);
        }
    }
}

#[cfg(target_os = "linux")]
#[test]
fn readme_secret_service_examples_run_against_a_private_keyring() {
    let blocks: Vec<_> = runnable_blocks()
        .into_iter()
        .filter(|(_, info, _)| info.split_whitespace().any(|w| w == "secret-service"))
        .collect();
    assert!(!blocks.is_empty());
    // A keyring of its own: the blocks use the real attributes of MSAL.NET's
    // item (MsalClientID=Microsoft.Developer.IdentityService…), which
    // tests/presets.rs writes and checks on the shared keyring at the same time.
    let keyring = crate::own_keyring!(crate::support::keyring::Provider::Unlocked);
    for (line, _, script) in blocks {
        run_block(&keyring.env(), line, &script);
    }
}

#[test]
fn readme_exit_code_table_matches_the_contract() {
    let text =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).unwrap();
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
fn readme_headless_keyring_recipe_runs() {
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
    for (line, _, script) in blocks {
        let mut env = Env::new();
        env.vars
            .push(("KEYRING_PASSWORD".into(), "readme-test".into()));
        run_block(
            &env,
            line,
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
    let codes: Vec<&str> = [body, redis]
        .iter()
        .flat_map(|b| b.split("=> \"").skip(1))
        .map(|rest| &rest[..rest.find('"').unwrap()])
        .collect();
    assert!(codes.len() >= 10, "{codes:?}");
    assert!(
        codes.contains(&"redis_wrong_type") && codes.contains(&"redis_error"),
        "{codes:?}"
    );
    let readme = std::fs::read_to_string(root.join("README.md")).unwrap();
    let section = &readme[readme.find("## JSON output").unwrap()..];
    for code in codes.iter().chain(["usage"].iter()) {
        assert!(
            section.contains(&format!("`{code}`")),
            "README's JSON output section lacks the error code `{code}`"
        );
    }
}

/// The README's `path --json` sample is exactly what the binary prints (it
/// had drifted: fields added later were missing from it).
#[test]
fn readme_path_json_sample_matches_the_binary() {
    let text =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).unwrap();
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
        "README's `path --json` sample is out of date"
    );
}
