//! Facts about the machine and its processes that tests ask for.

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use super::env::{bin, exists};

/// Whether `program` is on PATH.
#[cfg(unix)]
pub fn have(program: &str) -> bool {
    Command::new("sh")
        .arg("-c")
        .arg(format!("command -v {program}"))
        .stdin(Stdio::null())
        .output()
        .is_ok_and(|o| o.status.success())
}

/// Whether the tests run as root.
#[cfg(unix)]
pub fn is_root() -> bool {
    // SAFETY: geteuid cannot fail.
    unsafe { libc::geteuid() == 0 }
}

/// A pid that is certainly not running: a child that has exited.
pub fn dead_pid() -> u32 {
    let mut c = Command::new(bin())
        .arg("--version")
        .stdout(Stdio::null())
        .spawn()
        .unwrap();
    let pid = c.id();
    c.wait().unwrap();
    pid
}

/// The permission bits of `p`.
#[cfg(unix)]
pub fn mode(p: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(p).unwrap().permissions().mode() & 0o777
}

/// Wait for `path` to appear (a pause hook's signal), failing after 30 s.
pub fn wait_for(path: &Path) {
    let deadline = Instant::now() + Duration::from_secs(30);
    while !exists(path) {
        assert!(
            Instant::now() < deadline,
            "{} never appeared",
            path.display()
        );
        std::thread::sleep(Duration::from_millis(5));
    }
}

/// Block until process `pid` has a handler for `sig` (its bit in SigCgt of
/// /proc/<pid>/status): tokencache installs its handlers when it has entered
/// the lock's critical section.
#[cfg(target_os = "linux")]
pub fn wait_until_catching(pid: u32, sig: i32) {
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
        let caught = status
            .lines()
            .find_map(|l| l.strip_prefix("SigCgt:"))
            .and_then(|mask| u64::from_str_radix(mask.trim(), 16).ok())
            .is_some_and(|mask| mask & (1 << (sig - 1)) != 0);
        if caught {
            return;
        }
        assert!(
            Instant::now() < deadline,
            "pid {pid} never entered the lock"
        );
        std::thread::sleep(Duration::from_millis(5));
    }
}
