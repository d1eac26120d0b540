//! Skipping a test whose prerequisite is missing, never silently: under
//! CI=true [`require!`](crate::require) fails the test; outside CI it records
//! the skip, prints it past libtest's capture, and a summary of every skip is
//! printed when the test binary exits.

/// Whether this Windows test runs under Wine rather than Windows (the
/// library's check: Wine's ntdll.dll exports `wine_get_version`).
#[cfg(windows)]
pub fn under_wine() -> bool {
    tokencache::process::under_wine()
}

/// Skip a Windows test that Wine cannot run, saying why (never silently):
/// `skip_under_wine!("Wine does not enforce ACLs");`. The line goes straight
/// to the process's stderr, past the test harness's capture, so the run's
/// log shows every skip even though the test reports "ok".
#[macro_export]
macro_rules! skip_under_wine {
    ($why:expr) => {
        if $crate::support::under_wine() {
            use std::io::Write as _;
            let _ = writeln!(
                std::io::stderr().lock(),
                "skipped under Wine: {}: {}",
                // libtest names each test's thread after the test.
                std::thread::current().name().unwrap_or(module_path!()),
                $why
            );
            return;
        }
    };
}

/// Whether tests run under CI, where a missing prerequisite is a failure,
/// not a skip.
pub fn in_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| v == "true" || v == "1")
}

/// Skip (outside CI) or fail (under CI=true) a test whose prerequisite is missing.
#[macro_export]
macro_rules! require {
    ($cond:expr, $why:expr) => {
        if !$cond {
            if $crate::support::in_ci() {
                panic!("CI=true and a prerequisite is missing: {}", $why);
            }
            $crate::support::record_skip(&$why.to_string());
            return;
        }
    };
}

/// The tests skipped in this run, for the summary printed at exit.
static SKIPS: std::sync::Mutex<Vec<String>> = std::sync::Mutex::new(Vec::new());

/// Record that the current test is skipped for `why`, and say so where it
/// cannot be missed. libtest captures a passing test's `eprintln!` and
/// counts a skipped test as passed, so a skip would otherwise be silent:
/// the line is written straight to stderr (past the capture), and a
/// one-line summary of every skip is printed when the test binary exits,
/// after libtest's own "test result" line.
pub fn record_skip(why: &str) {
    let name = std::thread::current()
        .name()
        .unwrap_or("<unnamed test>")
        .to_string();
    let line =
        format!("skipped: {name}: {why} (install it, or run .ci/run; under CI=true this fails)\n");
    let _ = std::io::Write::write_all(&mut std::io::stderr(), line.as_bytes());
    let mut skips = SKIPS.lock().unwrap_or_else(|e| e.into_inner());
    #[cfg(unix)]
    if skips.is_empty() {
        // SAFETY: registers a plain extern "C" function, once per process.
        unsafe { libc::atexit(print_skip_summary) };
    }
    skips.push(format!("{name} ({why})"));
}

/// The one-line summary of skipped tests (run at process exit).
#[cfg(unix)]
extern "C" fn print_skip_summary() {
    let skips = SKIPS.lock().unwrap_or_else(|e| e.into_inner());
    if skips.is_empty() {
        return;
    }
    let line = format!(
        "\nSKIPPED {} test(s) above for a missing prerequisite; they are counted as passed \
         (under CI=true they fail): {}\n",
        skips.len(),
        skips.join("; ")
    );
    let _ = std::io::Write::write_all(&mut std::io::stderr(), line.as_bytes());
}
