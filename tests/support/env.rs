//! An isolated environment per test (its own HOME, cache path and temp dir,
//! no inherited TOKENCACHE_* settings), and helpers to run the real binary in
//! it.

use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::process::{Command as StdCommand, Stdio};

use assert_cmd::Command;
use tempfile::TempDir;

/// The binary under test: the one cargo built for this test run, or the one
/// named by `TOKENCACHE_TEST_BIN` (how `.ci/run` runs the whole suite against
/// the static release binary: `TOKENCACHE_TEST_BIN=path/to/tokencache cargo
/// test`). A relative path is taken from the directory `cargo test` ran in.
pub fn bin() -> PathBuf {
    match std::env::var_os("TOKENCACHE_TEST_BIN") {
        Some(p) if !p.is_empty() => std::path::absolute(p).unwrap(),
        _ => assert_cmd::cargo::cargo_bin("tokencache"),
    }
}

/// An isolated place for one test.
pub struct Env {
    pub dir: TempDir,
    /// Extra environment for every command (the private bus, for example).
    pub vars: Vec<(OsString, OsString)>,
}

impl Env {
    pub fn new() -> Env {
        let dir = tempfile::Builder::new()
            .prefix("tokencache-test-")
            .tempdir()
            .unwrap();
        std::fs::create_dir(dir.path().join("home")).unwrap();
        Env {
            dir,
            vars: Vec::new(),
        }
    }

    pub fn home(&self) -> PathBuf {
        self.dir.path().join("home")
    }

    /// `%LOCALAPPDATA%` of the isolated environment (Windows): where
    /// msal-node-extensions' `getUserRootDirectory()` points, as HOME does on Unix.
    pub fn local_app_data(&self) -> PathBuf {
        self.home().join("AppData").join("Local")
    }

    /// The user root directory of the isolated environment on this OS:
    /// `%LOCALAPPDATA%` on Windows, HOME elsewhere.
    pub fn user_root(&self) -> PathBuf {
        if cfg!(windows) {
            self.local_app_data()
        } else {
            self.home()
        }
    }

    /// The cache path tests use unless they say otherwise.
    pub fn cache_path(&self) -> PathBuf {
        self.dir.path().join("cache").join("msal.cache.json")
    }

    pub fn lock_path(&self) -> PathBuf {
        let mut p = self.cache_path().into_os_string();
        p.push(".lockfile");
        PathBuf::from(p)
    }

    /// A command with a clean environment: HOME and PATH only, plus `vars`.
    pub fn cmd(&self) -> Command {
        Command::from_std(self.std_cmd())
    }

    /// The same as a std command (for spawning concurrent processes).
    pub fn std_cmd(&self) -> StdCommand {
        let mut c = StdCommand::new(bin());
        self.isolate(&mut c);
        c
    }

    /// Give `c` this environment: HOME, PATH, NO_COLOR and `vars` only.
    /// On Windows the user's folders point into the test's home too
    /// (`USERPROFILE`, `LOCALAPPDATA`, `APPDATA`: what tokencache and the
    /// presets resolve instead of HOME), and the variables Windows itself
    /// needs to start a process and load its DLLs are passed through.
    pub fn isolate(&self, c: &mut StdCommand) {
        c.env_clear()
            .env("HOME", self.home())
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .env("NO_COLOR", "1")
            // The az mode refreshes by default: no test reaches the real
            // Microsoft Entra ID (tests/refresh.rs asks with --refresh).
            .env("TOKENCACHE_REFRESH", "0")
            .current_dir(self.dir.path());
        #[cfg(windows)]
        {
            for var in [
                "SystemRoot",
                "windir",
                "SystemDrive",
                "ProgramData",
                "USERNAME",
                "USERDOMAIN",
                "COMSPEC",
                "PATHEXT",
                // Wine finds its prefix through these.
                "WINEPREFIX",
                "WINEDEBUG",
            ] {
                if let Some(v) = std::env::var_os(var) {
                    c.env(var, v);
                }
            }
            c.env("USERPROFILE", self.home())
                .env("LOCALAPPDATA", self.local_app_data())
                .env("APPDATA", self.home().join("AppData").join("Roaming"))
                .env("TEMP", self.dir.path())
                .env("TMP", self.dir.path());
        }
        for (k, v) in &self.vars {
            c.env(k, v);
        }
    }

    /// A shell script run in this environment, on the file store, with
    /// `$TC` naming the binary.
    pub fn file_sh(&self, script: &str) -> StdCommand {
        let mut c = StdCommand::new("sh");
        self.isolate(&mut c);
        c.env("TOKENCACHE_STORE", "file")
            .env("TOKENCACHE_CACHE_PATH", self.cache_path())
            .env("TC", bin())
            .arg("-c")
            .arg(script);
        c
    }

    /// A command on the plaintext file store at [`Env::cache_path`].
    pub fn file_cmd(&self) -> Command {
        let mut c = self.cmd();
        c.env("TOKENCACHE_STORE", "file")
            .env("TOKENCACHE_CACHE_PATH", self.cache_path());
        c
    }

    pub fn file_std_cmd(&self) -> StdCommand {
        let mut c = self.std_cmd();
        c.env("TOKENCACHE_STORE", "file")
            .env("TOKENCACHE_CACHE_PATH", self.cache_path());
        c
    }

    /// Run `tokencache ARGS` on the file store at [`Env::cache_path`] with a
    /// pseudo-terminal as its stdin, stdout and stderr (util-linux `script`),
    /// and return what the terminal showed, ending with `EXIT=<code>`.
    /// `None` when `script` is not installed.
    #[cfg(target_os = "linux")]
    pub fn file_cmd_on_tty(&self, args: &str) -> Option<String> {
        StdCommand::new("script").arg("--version").output().ok()?;
        let mut c = StdCommand::new("script");
        self.isolate(&mut c);
        let out = c
            .env("TC", bin())
            .env("TOKENCACHE_STORE", "file")
            .env("TOKENCACHE_CACHE_PATH", self.cache_path())
            .args([
                "-qec",
                &format!("\"$TC\" {args}; echo EXIT=$?"),
                "/dev/null",
            ])
            .stdin(Stdio::null())
            .output()
            .unwrap();
        Some(String::from_utf8_lossy(&out.stdout).into_owned())
    }

    /// Put bytes at the cache path directly (as another library would).
    pub fn put(&self, bytes: &[u8]) {
        let p = self.cache_path();
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, bytes).unwrap();
    }

    /// The names in the cache's directory, sorted: what a command left behind.
    pub fn cache_dir_names(&self) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(self.cache_path().parent().unwrap())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    /// The bytes at the cache path, if any.
    pub fn stored(&self) -> Option<Vec<u8>> {
        std::fs::read(self.cache_path()).ok()
    }
}

/// A realistic MSAL cache of roughly `size` bytes (at least one entry per section).
pub fn sample_cache(size: usize) -> Vec<u8> {
    let mut at = String::new();
    let mut i = 0;
    let filler = "x".repeat(1500);
    loop {
        if i > 0 {
            at.push(',');
        }
        at.push_str(&format!(
            "\"uid.utid-login.microsoftonline.com-accesstoken-client-{i}-tenant-scope{i}\":{{\"credential_type\":\"AccessToken\",\"secret\":\"eyJ{i}{filler}\",\"home_account_id\":\"uid.utid\",\"environment\":\"login.microsoftonline.com\",\"client_id\":\"client-{i}\",\"target\":\"scope{i}\",\"realm\":\"tenant\",\"cached_at\":\"1700000000\",\"expires_on\":\"1700003600\",\"extended_expires_on\":\"1700007200\"}}"
        ));
        i += 1;
        if at.len() >= size.saturating_sub(700) {
            break;
        }
    }
    format!(
        "{{\"AccessToken\":{{{at}}},\"RefreshToken\":{{\"uid.utid-login.microsoftonline.com-refreshtoken-client-0--\":{{\"credential_type\":\"RefreshToken\",\"secret\":\"rt\",\"home_account_id\":\"uid.utid\",\"environment\":\"login.microsoftonline.com\",\"client_id\":\"client-0\"}}}},\"IdToken\":{{}},\"Account\":{{\"uid.utid-login.microsoftonline.com-tenant\":{{\"username\":\"user@example.com\",\"home_account_id\":\"uid.utid\",\"environment\":\"login.microsoftonline.com\",\"realm\":\"tenant\",\"authority_type\":\"MSSTS\"}}}},\"AppMetadata\":{{}}}}"
    )
    .into_bytes()
}

/// Run a shell snippet (for holders written the way other libraries lock).
pub fn sh(script: &str) -> StdCommand {
    let mut c = StdCommand::new("sh");
    c.arg("-c").arg(script).stdin(Stdio::null());
    c
}

/// Whether a path exists without following links.
pub fn exists(p: &Path) -> bool {
    std::fs::symlink_metadata(p).is_ok()
}

/// Where the real peer libraries are installed (`tests/peers/install.sh`):
/// `$TOKENCACHE_PEERS`, else `target/peers` of this checkout.
pub fn peers_dir() -> PathBuf {
    std::env::var_os("TOKENCACHE_PEERS")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("target/peers"))
}
