//! What `tokencache --version` says: the version, the commit and target the
//! binary was built from and for (recorded by `build.rs`), and the stores
//! compiled in. `--version --json` prints the same as one JSON object.

use std::io::{self, Write};

use serde::Serialize;

use crate::store::StoreKind;

/// The build, as `--version --json` prints it.
#[derive(Debug, Clone, Serialize)]
pub struct BuildInfo {
    /// Always `tokencache`.
    pub name: &'static str,
    /// The crate version (`Cargo.toml`).
    pub version: &'static str,
    /// The full commit hash, or `null` when built from a source tree with
    /// neither `.git` nor the `.cargo_vcs_info.json` of a crates.io tarball.
    pub commit: Option<&'static str>,
    /// The target triple, e.g. `x86_64-unknown-linux-musl`.
    pub target: &'static str,
    /// The stores this binary can use, in the names `--store` takes.
    pub stores: Vec<&'static str>,
}

/// This binary's build.
pub fn build_info() -> BuildInfo {
    let commit = env!("TOKENCACHE_BUILD_COMMIT");
    BuildInfo {
        name: env!("CARGO_PKG_NAME"),
        version: env!("CARGO_PKG_VERSION"),
        commit: (!commit.is_empty()).then_some(commit),
        target: env!("TOKENCACHE_BUILD_TARGET"),
        stores: StoreKind::ALL
            .iter()
            .filter(|k| k.compiled_in())
            .map(|k| k.as_str())
            .collect(),
    }
}

impl BuildInfo {
    /// The text `--version` prints: the usual `tokencache X.Y.Z` first line,
    /// then one `name: value` line per fact.
    pub fn text(&self) -> String {
        let commit = self
            .commit
            .unwrap_or("unknown (built without git or crates.io metadata)");
        format!(
            "{} {}\ncommit: {commit}\ntarget: {}\nstores: {}\n",
            self.name,
            self.version,
            self.target,
            self.stores.join(", ")
        )
    }
}

/// Print the version on stdout, as JSON when `json`.
pub fn print(json: bool) -> io::Result<()> {
    let info = build_info();
    let mut out = io::stdout().lock();
    if json {
        serde_json::to_writer(&mut out, &info).map_err(io::Error::other)?;
        out.write_all(b"\n")?;
    } else {
        out.write_all(info.text().as_bytes())?;
    }
    out.flush()
}

/// The commit finder `build.rs` runs, compiled here too so its unit tests
/// run with the library's.
#[cfg(test)]
#[path = "../build/commit.rs"]
#[allow(dead_code)]
mod commit;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_store_is_listed_once_and_the_portable_ones_are_in() {
        let info = build_info();
        let mut seen = info.stores.clone();
        seen.sort_unstable();
        seen.dedup();
        assert_eq!(seen.len(), info.stores.len());
        assert!(info.stores.contains(&"file"));
        assert!(info.stores.contains(&"encrypted-file"));
        assert!(info.stores.contains(&"redis"));
        assert_eq!(
            info.stores.contains(&"secret-service"),
            cfg!(target_os = "linux")
        );
        assert_eq!(info.stores.contains(&"keychain"), cfg!(target_os = "macos"));
        assert_eq!(info.stores.contains(&"dpapi"), cfg!(windows));
    }

    #[test]
    fn the_text_starts_with_name_and_version() {
        let text = build_info().text();
        let first = text.lines().next().unwrap();
        assert_eq!(first, concat!("tokencache ", env!("CARGO_PKG_VERSION")));
        assert!(text.contains(&format!("target: {}\n", env!("TOKENCACHE_BUILD_TARGET"))));
    }

    #[test]
    fn the_commit_of_a_crates_io_tarball_comes_from_cargo_vcs_info() {
        let dir = tempfile::tempdir().unwrap();
        let hash = "0123456789abcdef0123456789abcdef01234567";
        std::fs::write(
            dir.path().join(".cargo_vcs_info.json"),
            format!(
                "{{\n  \"git\": {{\n    \"sha1\": \"{hash}\"\n  }},\n  \"path_in_vcs\": \"\"\n}}"
            ),
        )
        .unwrap();
        let (found, watch) = commit::find(dir.path());
        assert_eq!(found, commit::Commit::Packaged(hash.into()));
        assert_eq!(watch, vec![dir.path().join(".cargo_vcs_info.json")]);
    }

    #[test]
    fn no_git_and_no_vcs_info_is_unknown() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(commit::find(dir.path()).0, commit::Commit::Unknown);
        let bad = dir.path().join(".cargo_vcs_info.json");
        std::fs::write(&bad, r#"{"git": {"sha1": "not-a-hash"}}"#).unwrap();
        assert_eq!(commit::find(dir.path()).0, commit::Commit::Unknown);
    }

    #[test]
    fn a_tarball_inside_another_repository_does_not_take_its_commit() {
        let outer = tempfile::tempdir().unwrap();
        let git = |args: &[&str]| {
            std::process::Command::new("git")
                .arg("-C")
                .arg(outer.path())
                .args(args)
                .env("GIT_AUTHOR_NAME", "t")
                .env("GIT_AUTHOR_EMAIL", "t@example.invalid")
                .env("GIT_COMMITTER_NAME", "t")
                .env("GIT_COMMITTER_EMAIL", "t@example.invalid")
                .output()
        };
        match git(&["init", "-q"]) {
            Ok(out) if out.status.success() => {}
            // The cross gate runs this under Wine, whose prefix has no Windows
            // git; GitHub's Windows runner has one and runs it.
            #[cfg(windows)]
            _ if crate::process::under_wine() => {
                use std::io::Write as _;
                let _ = writeln!(
                    std::io::stderr().lock(),
                    "skipped under Wine: version::tests::a_tarball_inside_another_repository_does_not_take_its_commit: the Wine prefix has no Windows git to run"
                );
                return;
            }
            _ if std::env::var_os("CI").is_some_and(|v| v == "true") => {
                panic!("git is not installed (CI=true: a missing prerequisite fails)")
            }
            _ => {
                eprintln!("SKIP a_tarball_inside_another_repository: git is not installed");
                return;
            }
        }
        assert!(git(&["commit", "-q", "--allow-empty", "-m", "outer"])
            .unwrap()
            .status
            .success());
        let vendored = outer.path().join("vendor").join("tokencache-0.1.0");
        std::fs::create_dir_all(&vendored).unwrap();
        assert_eq!(commit::find(&vendored).0, commit::Commit::Unknown);
        let (found, _) = commit::find(outer.path());
        assert!(matches!(found, commit::Commit::Git(h) if h.len() == 40));
    }

    #[test]
    fn sha1_field_reads_what_cargo_package_writes() {
        let text = "{\n  \"git\": {\n    \"sha1\": \"ABCDEF0123456789abcdef0123456789abcdef01\",\n    \"dirty\": true\n  },\n  \"path_in_vcs\": \"\"\n}\n";
        assert_eq!(
            commit::sha1_field(text).as_deref(),
            Some("abcdef0123456789abcdef0123456789abcdef01")
        );
        assert_eq!(commit::sha1_field("{}"), None);
    }
}
