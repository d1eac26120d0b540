//! Process-wide protections applied at start-up, before any key or token is
//! read.
//!
//! A core dump is a copy of the process's memory: the cache JSON, the raw
//! 32-byte key or the derived key-encryption key, written to a file that
//! outlives the process (`./core`, `/var/lib/systemd/coredump`, a crash
//! reporter's spool). So at start-up tokencache
//!
//! - sets `RLIMIT_CORE` to 0 (soft and hard) on every Unix: the kernel writes
//!   no core file, and a child cannot raise it again;
//! - on Linux also sets `PR_SET_DUMPABLE` to 0: no core even through a
//!   `core_pattern` pipe to a crash collector (which ignores `RLIMIT_CORE`),
//!   `/proc/<pid>/mem`, `environ` and friends become root-only, and processes
//!   of the same user can no longer `ptrace`-attach to read its memory.
//!
//! Elsewhere: macOS honours `RLIMIT_CORE` (set here) and has no dumpable
//! flag; on Windows, crash dumps are Windows Error Reporting's, configured
//! per machine (`LocalDumps` in the registry), and tokencache does not change
//! that. Failures are ignored: a protection that cannot be applied must not
//! stop the command.
//!
//! Decrypted caches (the encrypted file, DPAPI) are wiped from memory once
//! printed (see `cmd::read`), and key material lives in `Zeroizing` buffers.

/// Apply the protections above. Call first thing in the process.
pub fn harden_process() {
    #[cfg(unix)]
    {
        let none = libc::rlimit {
            rlim_cur: 0,
            rlim_max: 0,
        };
        // SAFETY: setrlimit reads one initialised rlimit struct.
        unsafe {
            libc::setrlimit(libc::RLIMIT_CORE, &none);
        }
    }
    #[cfg(any(target_os = "linux", target_os = "android"))]
    // SAFETY: PR_SET_DUMPABLE takes one integer argument and changes only
    // this process's dumpable attribute.
    unsafe {
        libc::prctl(libc::PR_SET_DUMPABLE, 0, 0, 0, 0);
    }
}

#[cfg(test)]
mod tests {
    #[cfg(target_os = "linux")]
    #[test]
    fn after_hardening_the_process_is_not_dumpable_and_has_no_core_limit() {
        super::harden_process();
        // SAFETY: PR_GET_DUMPABLE takes no argument and returns the flag.
        assert_eq!(unsafe { libc::prctl(libc::PR_GET_DUMPABLE, 0, 0, 0, 0) }, 0);
        let mut lim = libc::rlimit {
            rlim_cur: 1,
            rlim_max: 1,
        };
        // SAFETY: getrlimit writes one rlimit struct.
        unsafe { libc::getrlimit(libc::RLIMIT_CORE, &mut lim) };
        assert_eq!((lim.rlim_cur, lim.rlim_max), (0, 0));
    }
}
