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
    /// No cache is stored (missing, empty file, no keyring item).
    NoCache = 3,
    /// The input given to `write` is not acceptable: not UTF-8, not JSON, not an
    /// object, too large, too deep, empty, or a terminal.
    InvalidInput = 4,
    /// The stored cache is not valid JSON (or cannot be decoded).
    Corrupt = 5,
    /// The lock was not acquired within `--lock-timeout`.
    LockTimeout = 6,
    /// The persistence mechanism is unavailable or failed verification.
    Unavailable = 7,
    /// Permission denied, or an unsafe path (a symlink where the cache should be).
    Permission = 8,
    /// Interrupted by a signal (128 + SIGINT), after cleaning up.
    Interrupted = 130,
}

impl ExitCode {
    /// The process exit status.
    pub fn code(self) -> i32 {
        self as i32
    }
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
            (ExitCode::Interrupted, 130),
        ];
        for (code, n) in table {
            assert_eq!(code.code(), n, "{code:?}");
        }
    }
}
