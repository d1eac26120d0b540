//! Records what `tokencache --version` reports about the build: the commit
//! (from git, or from the `.cargo_vcs_info.json` of a crates.io tarball) and
//! the target triple.

#[path = "build/commit.rs"]
mod commit;

use std::path::PathBuf;

fn main() {
    let manifest_dir = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").expect("set by cargo"));
    let (commit, watch) = commit::find(&manifest_dir);
    println!(
        "cargo:rustc-env=TOKENCACHE_BUILD_COMMIT={}",
        commit.hash().unwrap_or("")
    );
    println!(
        "cargo:rustc-env=TOKENCACHE_BUILD_TARGET={}",
        std::env::var("TARGET").expect("set by cargo")
    );
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-changed=build/commit.rs");
    // A watched file that does not exist would re-run this script on every
    // build; a branch packed into packed-refs has no file of its own.
    for path in watch.iter().filter(|p| p.exists()) {
        println!("cargo:rerun-if-changed={}", path.display());
    }
}
