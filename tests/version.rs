//! `tokencache --version`: the version, the commit and target the binary was
//! built from and for, and the stores compiled in; `--version --json` for
//! machines. Run against whichever binary is under test (with
//! `TOKENCACHE_TEST_BIN`, the static musl build).

use std::path::Path;
use std::process::Command;

use crate::support::Env;

/// The stores a binary for this OS has.
fn expected_stores() -> Vec<&'static str> {
    let mut stores = vec!["file", "encrypted-file", "redis", "postgres"];
    if cfg!(target_os = "linux") {
        stores.push("secret-service");
    }
    if cfg!(target_os = "macos") {
        stores.push("keychain");
    }
    if cfg!(windows) {
        stores.push("dpapi");
    }
    stores
}

/// `git rev-parse HEAD` of this checkout, when the tests run in one.
fn checkout_head() -> Option<String> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"));
    let git = |args: &[&str]| {
        let out = Command::new("git")
            .arg("-C")
            .arg(dir)
            .args(args)
            .output()
            .ok()?;
        out.status
            .success()
            .then(|| String::from_utf8_lossy(&out.stdout).trim().to_owned())
    };
    let top = git(&["rev-parse", "--show-toplevel"])?;
    (Path::new(&top).canonicalize().ok()? == dir.canonicalize().ok()?)
        .then(|| git(&["rev-parse", "HEAD"]))
        .flatten()
}

/// The target triple names this machine's architecture and OS.
fn assert_target_is_this_machine(target: &str) {
    let arch = std::env::consts::ARCH;
    assert!(
        target.starts_with(&format!("{arch}-")),
        "target {target} is not for {arch}"
    );
    let os = match std::env::consts::OS {
        "macos" => "apple-darwin",
        other => other,
    };
    assert!(target.contains(os), "target {target} is not for {os}");
}

fn run(env: &Env, args: &[&str]) -> String {
    let out = env.cmd().args(args).output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{args:?}: {out:?}");
    assert!(out.stderr.is_empty(), "{args:?} wrote to stderr: {out:?}");
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn version_names_the_commit_the_target_and_the_stores() {
    let env = Env::new();
    let text = run(&env, &["--version"]);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 4, "{text}");
    assert_eq!(
        lines[0],
        concat!("tokencache ", env!("CARGO_PKG_VERSION")),
        "the first line stays what version-sniffing scripts expect"
    );
    let commit = lines[1].strip_prefix("commit: ").expect(lines[1]);
    match checkout_head() {
        Some(head) => assert_eq!(commit, head, "built from this checkout"),
        None => assert!(
            commit.starts_with("unknown") || commit.len() == 40,
            "{commit}"
        ),
    }
    assert_target_is_this_machine(lines[2].strip_prefix("target: ").expect(lines[2]));
    assert_eq!(
        lines[3].strip_prefix("stores: ").expect(lines[3]),
        expected_stores().join(", ")
    );
    assert_eq!(run(&env, &["-V"]), text, "-V says the same");
}

#[test]
fn version_json_is_one_object_with_the_same_facts() {
    let env = Env::new();
    let text = run(&env, &["--version"]);
    for args in [["--version", "--json"], ["--json", "--version"]] {
        let out = run(&env, &args);
        assert!(out.ends_with('\n') && out.lines().count() == 1, "{out}");
        let doc: serde_json::Value = serde_json::from_str(&out).unwrap();
        let obj = doc.as_object().unwrap();
        let keys: Vec<&str> = obj.keys().map(String::as_str).collect();
        assert_eq!(keys, ["name", "version", "commit", "target", "stores"]);
        assert_eq!(doc["name"], "tokencache");
        assert_eq!(doc["version"], env!("CARGO_PKG_VERSION"));
        let target = doc["target"].as_str().unwrap();
        assert_target_is_this_machine(target);
        assert!(text.contains(&format!("\ntarget: {target}\n")));
        match doc["commit"].as_str() {
            Some(commit) => assert!(text.contains(&format!("\ncommit: {commit}\n"))),
            None => assert!(text.contains("\ncommit: unknown")),
        }
        let stores: Vec<&str> = doc["stores"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s.as_str().unwrap())
            .collect();
        assert_eq!(stores, expected_stores());
    }
}
