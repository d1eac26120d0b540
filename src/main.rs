//! The `tokencache` binary: parse, run, map the error to an exit code.

/// The static Linux release binaries allocate with mimalloc rather than
/// musl's malloc, whose eager mapping and unmapping doubled every command's
/// page faults against the glibc build (benches/RESULTS.md, issue 26).
#[cfg(all(target_os = "linux", target_env = "musl"))]
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Whether fd 1 was closed when the process started, seen before Rust's
/// runtime opens `/dev/null` on it (which it does for closed 0, 1 and 2).
#[cfg(unix)]
mod stdout_probe {
    use std::sync::atomic::{AtomicBool, Ordering};

    static CLOSED: AtomicBool = AtomicBool::new(false);

    extern "C" fn probe() {
        // SAFETY: F_GETFD only asks whether fd 1 is open.
        if unsafe { libc::fcntl(1, libc::F_GETFD) } == -1 {
            CLOSED.store(true, Ordering::Relaxed);
        }
    }

    // Run by the C runtime's constructors, before Rust's own start-up code.
    #[used]
    #[cfg_attr(
        any(
            target_os = "linux",
            target_os = "android",
            target_os = "freebsd",
            target_os = "netbsd",
            target_os = "openbsd",
            target_os = "dragonfly",
            target_os = "illumos",
            target_os = "solaris"
        ),
        link_section = ".init_array"
    )]
    #[cfg_attr(target_vendor = "apple", link_section = "__DATA,__mod_init_func")]
    static PROBE: extern "C" fn() = probe;

    pub fn closed() -> bool {
        CLOSED.load(Ordering::Relaxed)
    }
}

fn main() {
    tokencache::report::init();
    #[cfg(unix)]
    if stdout_probe::closed() {
        tokencache::cmd::mark_stdout_closed();
    }
    tokencache::usage::unset_empty_env_vars();
    if std::env::var_os("TOKENCACHE_TEST_PANIC").is_some() {
        // The only way the tests can show what a bug looks like to a user.
        panic!("TOKENCACHE_TEST_PANIC is set");
    }
    let parsed = tokencache::cli::parse(tokencache::command_line(std::env::args_os()));
    let cli = match parsed {
        Ok(cli) => cli,
        Err(err) => std::process::exit(tokencache::report::usage(err)),
    };
    let json = cli.global.json;
    let status = match tokencache::run(cli) {
        Ok(()) => 0,
        Err(err) => tokencache::report::report(err, json),
    };
    std::process::exit(status);
}
