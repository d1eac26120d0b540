//! Which commit a build comes from. Shared by `build.rs` (which records it for
//! `tokencache --version`) and the library's unit tests (which check each way
//! of finding it), so it uses nothing but std.

use std::path::{Path, PathBuf};
use std::process::Command;

/// Where a build's commit was found.
#[derive(Debug, PartialEq, Eq)]
pub enum Commit {
    /// `git rev-parse HEAD` in a checkout whose top level is the crate.
    Git(String),
    /// The `.cargo_vcs_info.json` that `cargo package` writes into the
    /// crates.io tarball (no `.git` there).
    Packaged(String),
    /// Neither: an unpacked source tree without either.
    Unknown,
}

impl Commit {
    /// The full hash, if known.
    pub fn hash(&self) -> Option<&str> {
        match self {
            Commit::Git(h) | Commit::Packaged(h) => Some(h),
            Commit::Unknown => None,
        }
    }
}

/// The commit of the source tree at `manifest_dir`, and the files whose
/// change must re-run the build script.
pub fn find(manifest_dir: &Path) -> (Commit, Vec<PathBuf>) {
    if let Some(found) = from_git(manifest_dir) {
        return found;
    }
    let vcs_info = manifest_dir.join(".cargo_vcs_info.json");
    let commit = std::fs::read_to_string(&vcs_info)
        .ok()
        .and_then(|text| sha1_field(&text))
        .map_or(Commit::Unknown, Commit::Packaged);
    (commit, vec![vcs_info])
}

fn git(dir: &Path, args: &[&str]) -> Option<String> {
    let out = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(args)
        .output()
        .ok()?;
    if !out.status.success() {
        return None;
    }
    Some(String::from_utf8(out.stdout).ok()?.trim().to_owned())
}

/// Only a checkout of this crate itself counts: a crates.io tarball unpacked
/// inside some other repository (a vendor directory) must not report that
/// repository's commit.
fn from_git(dir: &Path) -> Option<(Commit, Vec<PathBuf>)> {
    let top = git(dir, &["rev-parse", "--show-toplevel"])?;
    let same = |a: &Path, b: &Path| match (a.canonicalize(), b.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    };
    if !same(Path::new(&top), dir) {
        return None;
    }
    let hash = git(dir, &["rev-parse", "--verify", "HEAD"])?;
    if !is_hash(&hash) {
        return None;
    }
    // HEAD moves when a commit is made or checked out: watch HEAD itself, the
    // branch it points to and packed-refs (in a worktree, the branch lives in
    // the common directory).
    let mut watch = Vec::new();
    if let Some(head) = git(
        dir,
        &["rev-parse", "--path-format=absolute", "--git-path", "HEAD"],
    ) {
        watch.push(PathBuf::from(head));
    }
    if let Some(branch) = git(dir, &["symbolic-ref", "-q", "HEAD"]) {
        if let Some(p) = git(
            dir,
            &["rev-parse", "--path-format=absolute", "--git-path", &branch],
        ) {
            watch.push(PathBuf::from(p));
        }
    }
    if let Some(p) = git(
        dir,
        &[
            "rev-parse",
            "--path-format=absolute",
            "--git-path",
            "packed-refs",
        ],
    ) {
        watch.push(PathBuf::from(p));
    }
    Some((Commit::Git(hash), watch))
}

fn is_hash(s: &str) -> bool {
    (s.len() == 40 || s.len() == 64) && s.bytes().all(|b| b.is_ascii_hexdigit())
}

/// `"sha1": "<hash>"` from `.cargo_vcs_info.json` (a fixed format cargo
/// writes; a JSON parser is not worth a build dependency).
pub fn sha1_field(text: &str) -> Option<String> {
    let rest = &text[text.find("\"sha1\"")? + "\"sha1\"".len()..];
    let rest = rest.trim_start().strip_prefix(':')?.trim_start();
    let rest = rest.strip_prefix('"')?;
    let hash = &rest[..rest.find('"')?];
    is_hash(hash).then(|| hash.to_ascii_lowercase())
}
