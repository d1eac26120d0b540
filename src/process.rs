//! Facts about other processes on this host: is a pid alive, what is its
//! command line. Used to recognise stale lock files and orphaned temp files.

/// Whether a process with this pid exists on this host. `None` when it cannot
/// be told, which callers treat as "alive" (never break what we cannot judge).
#[cfg(unix)]
pub fn pid_alive(pid: u32) -> Option<bool> {
    let Ok(pid) = libc::pid_t::try_from(pid) else {
        return Some(false);
    };
    if pid <= 0 {
        // 0 and negatives address process groups, never one process.
        return Some(false);
    }
    // SAFETY: kill with signal 0 performs only the existence and permission check.
    if unsafe { libc::kill(pid, 0) } == 0 {
        return Some(true);
    }
    match std::io::Error::last_os_error().raw_os_error() {
        Some(libc::ESRCH) => Some(false),
        // EPERM: it exists but belongs to someone else.
        Some(libc::EPERM) => Some(true),
        _ => None,
    }
}

/// Whether a process with this pid exists on this host.
#[cfg(windows)]
pub fn pid_alive(pid: u32) -> Option<bool> {
    use windows_sys::Win32::Foundation::{
        CloseHandle, GetLastError, ERROR_INVALID_PARAMETER, STILL_ACTIVE,
    };
    use windows_sys::Win32::System::Threading::{
        GetExitCodeProcess, OpenProcess, PROCESS_QUERY_LIMITED_INFORMATION,
    };
    // SAFETY: OpenProcess either fails (null handle) or returns a handle that we
    // close below; GetExitCodeProcess writes one u32 through a valid pointer.
    unsafe {
        let handle = OpenProcess(PROCESS_QUERY_LIMITED_INFORMATION, 0, pid);
        if handle.is_null() {
            // ERROR_INVALID_PARAMETER is what OpenProcess says for a pid that
            // does not exist; access denied means it exists.
            return Some(GetLastError() != ERROR_INVALID_PARAMETER);
        }
        let mut code = 0u32;
        let ok = GetExitCodeProcess(handle, &mut code);
        CloseHandle(handle);
        if ok == 0 {
            return None;
        }
        Some(code == STILL_ACTIVE as u32)
    }
}

/// Whether the live process `pid` of this host can be the holder named by a
/// lock file. A lock file names a pid of its writer's PID namespace: a
/// holder in a container sharing the folder is often that container's first
/// process, pid 1, which on the host is init. So pid 1 is not the holder
/// when this process runs in the initial (host's) PID namespace: the host's
/// init never holds a token cache lock. (Inside a container, pid 1 may well
/// be the app, and is taken as it is. Other pids are taken as they are: see
/// the lock module on pid reuse.)
pub fn may_hold_locks(pid: u32) -> bool {
    #[cfg(target_os = "linux")]
    {
        !(pid == 1 && in_initial_pid_namespace())
    }
    #[cfg(not(target_os = "linux"))]
    {
        let _ = pid;
        true
    }
}

/// Whether this process runs in the initial (host's) PID namespace, whose
/// inode number the kernel fixes (`PROC_PID_INIT_INO`, 0xEFFFFFFC).
#[cfg(target_os = "linux")]
fn in_initial_pid_namespace() -> bool {
    std::fs::read_link("/proc/self/ns/pid").is_ok_and(|ns| ns.as_os_str() == "pid:[4026531836]")
}

/// The command line of a running process, for "held by pid N (…)" messages.
pub fn command_line(pid: u32) -> Option<String> {
    #[cfg(target_os = "linux")]
    {
        let raw = std::fs::read(format!("/proc/{pid}/cmdline")).ok()?;
        let text: Vec<String> = raw
            .split(|b| *b == 0)
            .filter(|part| !part.is_empty())
            .map(|part| String::from_utf8_lossy(part).into_owned())
            .collect();
        if text.is_empty() {
            return None;
        }
        let mut line = text.join(" ");
        if line.chars().count() > 120 {
            line = line.chars().take(117).collect::<String>() + "...";
        }
        Some(line)
    }
    #[cfg(not(target_os = "linux"))]
    {
        let _ = pid;
        None
    }
}

/// Whether this Windows process runs under Wine rather than Windows: Wine's
/// ntdll.dll exports `wine_get_version`, Windows' does not. The cross gate
/// (`.ci/cross`) runs the Windows tests under Wine; a test uses this to skip,
/// saying why, what Wine cannot do. Checked by the process itself, so a test
/// binary behaves the same however it is started.
#[cfg(windows)]
pub fn under_wine() -> bool {
    use windows_sys::Win32::System::LibraryLoader::{GetModuleHandleA, GetProcAddress};
    // SAFETY: both names are NUL-terminated; ntdll.dll is loaded in every
    // process, and the handle is not owned (nothing to free).
    unsafe {
        let ntdll = GetModuleHandleA(c"ntdll.dll".as_ptr().cast());
        !ntdll.is_null() && GetProcAddress(ntdll, c"wine_get_version".as_ptr().cast()).is_some()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn this_process_is_alive_and_a_reaped_child_is_not() {
        assert_eq!(pid_alive(std::process::id()), Some(true));
        let mut child = std::process::Command::new(std::env::current_exe().unwrap())
            .arg("--list")
            .stdout(std::process::Stdio::null())
            .spawn()
            .unwrap();
        let pid = child.id();
        child.wait().unwrap();
        assert_eq!(pid_alive(pid), Some(false));
        assert_eq!(pid_alive(0), Some(false));
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn command_line_of_self() {
        let line = command_line(std::process::id()).unwrap();
        assert!(!line.is_empty());
    }
}
