//! The Environment helpers of msal-node-extensions, reproduced exactly.
//!
//! msal-node-extensions' `Environment.getUserRootDirectory()` is where Node apps
//! following the seed document put their cache, so tokencache resolves its
//! default cache path the same way:
//!
//! - Windows: `%LOCALAPPDATA%`.
//! - elsewhere (`getUserHomeDirOnUnix`): `$HOME`; else a user name from the first
//!   of `LOGNAME`, `USER`, `LNAME`, `USERNAME` that is set and non-empty, giving
//!   `/Users/<name>` on macOS, `/root` on Linux when the effective uid is 0, and
//!   `/home/<name>` on Linux otherwise.
//!
//! Empty variables count as unset (JavaScript's `if (process.env.X)`). Where
//! Node would return `null`, we return an error that says what to set.
//!
//! The `dirs` crate is deliberately not used: its `home_dir()` falls back to
//! `getpwuid` rather than `LOGNAME`/`USER`, and on Windows it asks the shell's
//! known-folder API rather than reading `LOCALAPPDATA`, so it would disagree
//! with Node exactly in the corner cases this module exists for.

use std::ffi::OsString;
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

/// The operating systems the MSAL extension libraries distinguish, named as
/// Node's `process.platform` names them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Platform {
    /// `win32`
    Windows,
    /// `darwin`
    MacOs,
    /// `linux`
    Linux,
    /// Any other Unix (`freebsd`, …): treated like Linux for paths, but
    /// `getUserHomeDirOnUnix` only knows macOS and Linux user-name fallbacks.
    OtherUnix,
}

impl Platform {
    /// The platform this binary was built for.
    pub const fn current() -> Platform {
        if cfg!(windows) {
            Platform::Windows
        } else if cfg!(target_os = "macos") {
            Platform::MacOs
        } else if cfg!(target_os = "linux") {
            Platform::Linux
        } else {
            Platform::OtherUnix
        }
    }

    /// Node's `process.platform` string.
    pub fn as_str(self) -> &'static str {
        match self {
            Platform::Windows => "win32",
            Platform::MacOs => "darwin",
            Platform::Linux => "linux",
            Platform::OtherUnix => std::env::consts::OS,
        }
    }
}

/// `Environment.getEnvironmentPlatform()`.
pub fn platform() -> Platform {
    Platform::current()
}

/// `Environment.isLinuxRootUser()`: Linux and an effective uid of 0.
pub fn is_linux_root_user() -> bool {
    platform() == Platform::Linux && effective_uid() == Some(0)
}

/// `Environment.getUserRootDirectory()` for this process.
pub fn user_root_directory() -> Result<PathBuf> {
    user_root_directory_in(platform(), &|name| std::env::var_os(name), effective_uid())
}

/// `getUserRootDirectory()` with the platform, environment and uid given
/// explicitly, so every branch can be tested.
pub fn user_root_directory_in(
    platform: Platform,
    var: &dyn Fn(&str) -> Option<OsString>,
    uid: Option<u32>,
) -> Result<PathBuf> {
    let get = |name: &str| var(name).filter(|v| !v.is_empty());
    if platform == Platform::Windows {
        return get("LOCALAPPDATA")
            .map(PathBuf::from)
            .ok_or_else(|| Error::Environment("LOCALAPPDATA is not set".into()));
    }
    if let Some(home) = get("HOME") {
        return Ok(PathBuf::from(home));
    }
    let name = ["LOGNAME", "USER", "LNAME", "USERNAME"]
        .iter()
        .find_map(|n| get(n))
        .ok_or_else(|| {
            Error::Environment(
                "HOME is not set, and neither is LOGNAME, USER, LNAME or USERNAME".into(),
            )
        })?;
    match platform {
        Platform::MacOs => Ok(PathBuf::from("/Users").join(name)),
        Platform::Linux if uid == Some(0) => Ok(PathBuf::from("/root")),
        Platform::Linux => Ok(PathBuf::from("/home").join(name)),
        _ => Err(Error::Environment(format!(
            "HOME is not set, and msal-node-extensions knows no home directory layout for {}",
            platform.as_str()
        ))),
    }
}

/// The effective uid of this process (`None` where there is no such thing).
#[cfg(unix)]
pub fn effective_uid() -> Option<u32> {
    // SAFETY: geteuid has no preconditions and cannot fail.
    Some(unsafe { libc::geteuid() })
}

/// The effective uid of this process (`None` where there is no such thing).
#[cfg(not(unix))]
pub fn effective_uid() -> Option<u32> {
    None
}

/// Expand a leading `~` the way a POSIX shell expands an unquoted one: `~`
/// alone and `~/…` become the home directory (`$HOME`, else the user root;
/// `%USERPROFILE%` on Windows). A path reaches tokencache with a literal `~`
/// when the shell did not see it: an environment variable set by a CI
/// system (GitHub Actions `env:`), a quoted argument. Used as it was, it
/// would silently create a directory named `~` in the working directory.
///
/// `~user/…` is refused rather than guessed, and a `~` anywhere else in the
/// path is an ordinary character (as in the shell).
pub fn expand_tilde(path: &Path) -> Result<PathBuf> {
    let Some(text) = path.to_str() else {
        return Ok(path.to_path_buf());
    };
    let rest = match text.strip_prefix('~') {
        None => return Ok(path.to_path_buf()),
        Some("") => "",
        Some(rest) if rest.starts_with('/') || (cfg!(windows) && rest.starts_with('\\')) => {
            &rest[1..]
        }
        Some(_) => {
            let user = text[1..].split(['/', '\\']).next().unwrap_or_default();
            return Err(Error::Config {
                message: format!("cannot expand `~{user}` in `{text}`"),
                hint: "tokencache expands only `~` and `~/` (to your home directory); write the full path"
                    .into(),
            });
        }
    };
    let home = home_directory().ok_or_else(|| Error::Config {
        message: format!("cannot expand `~` in `{text}`: no home directory is known"),
        hint: "set HOME, or write the full path".into(),
    })?;
    Ok(if rest.is_empty() {
        home
    } else {
        home.join(rest)
    })
}

/// The home directory `~` stands for.
fn home_directory() -> Option<PathBuf> {
    let get = |name: &str| std::env::var_os(name).filter(|v| !v.is_empty());
    if cfg!(windows) {
        return get("USERPROFILE").map(PathBuf::from);
    }
    get("HOME")
        .map(PathBuf::from)
        .or_else(|| user_root_directory().ok())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn root(platform: Platform, vars: &[(&str, &str)], uid: Option<u32>) -> Result<PathBuf> {
        let map: HashMap<String, OsString> = vars
            .iter()
            .map(|(k, v)| (k.to_string(), OsString::from(v)))
            .collect();
        user_root_directory_in(platform, &|n| map.get(n).cloned(), uid)
    }

    #[test]
    fn windows_uses_localappdata_only() {
        assert_eq!(
            root(
                Platform::Windows,
                &[
                    ("LOCALAPPDATA", r"C:\Users\a\AppData\Local"),
                    ("HOME", "/h")
                ],
                None
            )
            .unwrap(),
            PathBuf::from(r"C:\Users\a\AppData\Local")
        );
        assert!(root(Platform::Windows, &[("HOME", "/h")], None).is_err());
        assert!(root(Platform::Windows, &[("LOCALAPPDATA", "")], None).is_err());
    }

    #[test]
    fn home_wins_everywhere_else() {
        for p in [Platform::Linux, Platform::MacOs, Platform::OtherUnix] {
            assert_eq!(
                root(p, &[("HOME", "/h"), ("USER", "u")], Some(0)).unwrap(),
                PathBuf::from("/h")
            );
        }
    }

    #[test]
    fn user_name_fallbacks_in_node_order() {
        let vars = [
            ("LOGNAME", "l"),
            ("USER", "u"),
            ("LNAME", "n"),
            ("USERNAME", "un"),
        ];
        for skip in 0..4 {
            let expected = vars[skip].1;
            let got = root(Platform::Linux, &vars[skip..], Some(1000)).unwrap();
            assert_eq!(got, PathBuf::from("/home").join(expected));
        }
        // Empty counts as unset.
        assert_eq!(
            root(
                Platform::Linux,
                &[("HOME", ""), ("LOGNAME", ""), ("USER", "u")],
                Some(1000)
            )
            .unwrap(),
            PathBuf::from("/home/u")
        );
    }

    #[test]
    fn platform_layouts() {
        assert_eq!(
            root(Platform::MacOs, &[("USER", "u")], Some(501)).unwrap(),
            PathBuf::from("/Users/u")
        );
        assert_eq!(
            root(Platform::MacOs, &[("USER", "u")], Some(0)).unwrap(),
            PathBuf::from("/Users/u")
        );
        assert_eq!(
            root(Platform::Linux, &[("USER", "u")], Some(0)).unwrap(),
            PathBuf::from("/root")
        );
        assert!(root(Platform::OtherUnix, &[("USER", "u")], Some(0)).is_err());
    }

    #[test]
    fn nothing_set_is_a_clear_error_not_an_empty_path() {
        let e = root(Platform::Linux, &[], Some(1000)).unwrap_err();
        assert!(e.to_string().contains("HOME is not set"), "{e}");
        assert!(e.hint().unwrap().contains("--cache-path"));
    }

    #[test]
    fn platform_names_match_node() {
        assert_eq!(Platform::Windows.as_str(), "win32");
        assert_eq!(Platform::MacOs.as_str(), "darwin");
        assert_eq!(Platform::Linux.as_str(), "linux");
        #[cfg(target_os = "linux")]
        {
            assert_eq!(platform(), Platform::Linux);
            assert_eq!(is_linux_root_user(), effective_uid() == Some(0));
        }
    }
}
