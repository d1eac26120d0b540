//! The exit-code contract. Scripts depend on these numbers: they are documented
//! in the README and in the man page, and they never change meaning.

/// Every exit status tokencache can return.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ExitCode {
    /// The command did what was asked.
    Ok = 0,
    /// Something unexpected: an I/O error with no better classification, a bug.
    Failure = 1,
    /// The command line could not be parsed (clap's own code).
    Usage = 2,
    /// No cache is stored (missing, empty file, no keyring item); for
    /// `token`, no cached access token to serve; with `--refresh`, the token
    /// endpoint refused the refresh token (`invalid_grant`,
    /// `interaction_required`: sign in again).
    NoCache = 3,
    /// The input given to `write` is not acceptable: not UTF-8, not JSON, not an
    /// object, too large, too deep, empty, or a terminal; for `token`, several
    /// accounts have a token to serve.
    InvalidInput = 4,
    /// The stored cache is not valid JSON (or cannot be decoded), or is larger
    /// than `TOKENCACHE_MAX_SIZE`.
    Corrupt = 5,
    /// The lock was not acquired within `--lock-timeout` (or, on Windows, the
    /// cache file stayed open in another program that long, so it could not be
    /// replaced).
    LockTimeout = 6,
    /// The persistence mechanism is unavailable or failed verification; for
    /// `token --refresh`, the token endpoint could not be reached (network,
    /// proxy, TLS, timeout) or answered with something unusable.
    Unavailable = 7,
    /// Permission denied, or an unsafe path (a symlink or special file where
    /// the cache should be, a file or folder another user controls, a key or
    /// password file others can read).
    Permission = 8,
    /// `doctor`: it found a problem (the report names each one and its fix).
    ProblemsFound = 9,
    /// `update`: the command was found but could not be run (not executable),
    /// as shells and `env` report it.
    CommandNotRun = 126,
    /// `update`: the command was not found, as shells and `env` report it.
    CommandNotFound = 127,
    /// A bug: tokencache panicked (Rust's status for a panic). The report
    /// on stderr asks the user to file it.
    Bug = 101,
    /// Interrupted by a signal (128 + SIGINT), after cleaning up.
    Interrupted = 130,
}

impl ExitCode {
    /// Every code, in numeric order.
    pub const ALL: [ExitCode; 14] = [
        ExitCode::Ok,
        ExitCode::Failure,
        ExitCode::Usage,
        ExitCode::NoCache,
        ExitCode::InvalidInput,
        ExitCode::Corrupt,
        ExitCode::LockTimeout,
        ExitCode::Unavailable,
        ExitCode::Permission,
        ExitCode::ProblemsFound,
        ExitCode::Bug,
        ExitCode::CommandNotRun,
        ExitCode::CommandNotFound,
        ExitCode::Interrupted,
    ];

    /// The process exit status.
    pub fn code(self) -> i32 {
        self as i32
    }

    /// What the code means, as documented (help, man page, README).
    pub fn meaning(self) -> &'static str {
        match self {
            ExitCode::Ok => "ok",
            ExitCode::Failure => "unexpected error (an I/O error with no better classification)",
            ExitCode::Usage => "usage error",
            ExitCode::NoCache => "no cache stored (token, az, git-credential: no cached access token to serve; az: no account signed in; --refresh: the refresh token was refused, sign in again)",
            ExitCode::InvalidInput => {
                "invalid input: not UTF-8, not JSON, not an object, too large, too deep, empty, or a terminal (token: several accounts match; KUBERNETES_EXEC_INFO or git's request malformed)"
            }
            ExitCode::Corrupt => "stored cache is corrupt, or larger than TOKENCACHE_MAX_SIZE (az: azureProfile.json is not JSON)",
            ExitCode::LockTimeout => {
                "lock not acquired within --lock-timeout (Windows: or the cache file kept open by another program); Redis: another writer kept changing the key"
            }
            ExitCode::Unavailable => "persistence unavailable or failed verification (--refresh: the token endpoint could not be reached: network, proxy, TLS, timeout, or an unusable answer)",
            ExitCode::Permission => {
                "permission denied or unsafe path (symlink, FIFO or other special file, another user's file or folder; a key file or `--redis-password-file` that others can read)"
            }
            ExitCode::ProblemsFound => {
                "doctor: a problem was found (the report names each one and its fix)"
            }
            ExitCode::CommandNotRun => "update: the command could not be run (not executable)",
            ExitCode::CommandNotFound => "update: the command was not found",
            ExitCode::Bug => "internal error: a bug in tokencache; the report asks you to file it",
            ExitCode::Interrupted => {
                "interrupted by Ctrl-C (SIGTERM gives 143, SIGHUP 129: 128 + the signal); the lock and temporary files were cleaned up"
            }
        }
    }

    /// The table shown at the end of `tokencache help`.
    ///
    /// Made once per process: every subcommand's long help carries it, and
    /// clap builds all of them on every start (formatting it a dozen times
    /// was a fifth of a start-up).
    pub fn help_table() -> &'static str {
        static TABLE: std::sync::OnceLock<String> = std::sync::OnceLock::new();
        TABLE.get_or_init(|| {
            let mut text = String::from("Exit codes:\n");
            for code in ExitCode::ALL {
                text += &format!("  {:>3}  {}\n", code.code(), code.meaning());
            }
            text += "  `update` passes on the status of a command that fails\n";
            text.pop();
            text
        })
    }
}

/// A command's long help: `text`, then the exit-code table (`tokencache help
/// COMMAND` shows the exit codes, as the short help says).
pub fn with_exit_codes(text: &str) -> String {
    format!("{text}\n\n{}", ExitCode::help_table())
}

#[cfg(test)]
mod tests {
    use super::ExitCode;

    #[test]
    fn numbers_are_the_documented_contract() {
        let table = [
            (ExitCode::Ok, 0),
            (ExitCode::Failure, 1),
            (ExitCode::Usage, 2),
            (ExitCode::NoCache, 3),
            (ExitCode::InvalidInput, 4),
            (ExitCode::Corrupt, 5),
            (ExitCode::LockTimeout, 6),
            (ExitCode::Unavailable, 7),
            (ExitCode::Permission, 8),
            (ExitCode::ProblemsFound, 9),
            (ExitCode::Bug, 101),
            (ExitCode::CommandNotRun, 126),
            (ExitCode::CommandNotFound, 127),
            (ExitCode::Interrupted, 130),
        ];
        for (code, n) in table {
            assert_eq!(code.code(), n, "{code:?}");
        }
    }
}
