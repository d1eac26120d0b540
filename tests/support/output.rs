//! What a finished command printed, as text.

use std::process::Output;

/// `out.stderr_text()` instead of `String::from_utf8_lossy(&out.stderr)`.
pub trait OutputExt {
    /// Standard error, lossily decoded.
    fn stderr_text(&self) -> String;
    /// Standard output, lossily decoded.
    fn stdout_text(&self) -> String;
}

impl OutputExt for Output {
    fn stderr_text(&self) -> String {
        String::from_utf8_lossy(&self.stderr).into_owned()
    }

    fn stdout_text(&self) -> String {
        String::from_utf8_lossy(&self.stdout).into_owned()
    }
}
