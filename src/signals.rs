//! Ctrl-C and friends while the lock is held or awaited.
//!
//! Outside the lock, SIGINT, SIGTERM and SIGHUP keep their default action: the
//! process dies at once, and there is nothing to clean up (no lock, no temp
//! file). While a [`Critical`] guard lives (from the first attempt to take the
//! lock until its release), those signals only set a flag; the lock loop and
//! the commands check [`interrupted`] at safe points and unwind with
//! `Error::Interrupted`, so the lock file and any temp file are removed by the
//! usual drop/cleanup paths before the process exits with 128 + the signal's
//! number, as a shell reports a process the signal killed: 130 for SIGINT
//! (Ctrl-C), 143 for SIGTERM, 129 for SIGHUP.
//!
//! On Windows the same contract holds through a console control handler
//! (`SetConsoleCtrlHandler`), installed by the first [`Critical`] guard:
//! Ctrl-C and Ctrl-Break during a critical section only set the flag (the
//! handler returns TRUE, so the default handler, `ExitProcess`, does not run);
//! outside one the handler returns FALSE and the process ends at once, as on
//! Unix. Closing the console window (or logoff/shutdown) cannot be refused:
//! Windows ends the process when the handler returns, at the latest after
//! about 5 seconds, so the handler sets the flag and waits (up to 4 s) for the
//! critical section to end before it returns. Whatever still happens (a kill
//! from Task Manager), the lock (`FILE_FLAG_DELETE_ON_CLOSE`) is removed by
//! the OS and an orphaned temp file by the next `write` or `clear`.

#[cfg(unix)]
mod imp {
    use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
    use std::sync::{Arc, OnceLock};

    /// The signals deferred during a critical section, in the order they are
    /// reported when several arrived.
    const SIGNALS: [libc::c_int; 3] = [libc::SIGINT, libc::SIGTERM, libc::SIGHUP];

    struct State {
        /// One flag per entry of [`SIGNALS`].
        received: [Arc<AtomicBool>; 3],
        /// True while no guard lives: the signal's default action runs.
        die: Arc<AtomicBool>,
        depth: AtomicUsize,
    }

    static STATE: OnceLock<State> = OnceLock::new();

    /// The state, with the handlers installed on first use. Only [`enter`]
    /// installs them, and it does so already deferring (`die` false): a
    /// signal between registering and entering must not kill a process that
    /// is about to create the lock file.
    fn installed() -> &'static State {
        STATE.get_or_init(|| {
            let state = State {
                received: std::array::from_fn(|_| Arc::new(AtomicBool::new(false))),
                die: Arc::new(AtomicBool::new(false)),
                depth: AtomicUsize::new(0),
            };
            for (sig, flag) in SIGNALS.iter().zip(&state.received) {
                // Registration fails only for forbidden signals; these are not.
                // The flag first: the OS handler exists from the first
                // registration on, and a signal arriving before the second
                // must still be recorded (`die` is false here anyway).
                let _ = signal_hook::flag::register(*sig, Arc::clone(flag));
                let _ =
                    signal_hook::flag::register_conditional_default(*sig, Arc::clone(&state.die));
            }
            state
        })
    }

    pub fn received() -> Option<i32> {
        // Before the first critical section no handler exists, and nothing
        // can have been deferred.
        let s = STATE.get()?;
        SIGNALS
            .iter()
            .zip(&s.received)
            .find(|(_, flag)| flag.load(Ordering::SeqCst))
            .map(|(sig, _)| *sig)
    }

    pub fn enter() {
        let s = installed();
        s.depth.fetch_add(1, Ordering::SeqCst);
        s.die.store(false, Ordering::SeqCst);
    }

    pub fn leave() {
        if let Some(s) = STATE.get() {
            if s.depth.fetch_sub(1, Ordering::SeqCst) == 1 {
                s.die.store(true, Ordering::SeqCst);
            }
        }
    }
}

#[cfg(windows)]
mod imp {
    use std::sync::atomic::{AtomicI32, AtomicUsize, Ordering};
    use std::sync::Once;
    use std::time::{Duration, Instant};

    use windows_sys::core::BOOL;
    use windows_sys::Win32::System::Console::{
        SetConsoleCtrlHandler, CTRL_BREAK_EVENT, CTRL_CLOSE_EVENT, CTRL_C_EVENT, CTRL_LOGOFF_EVENT,
        CTRL_SHUTDOWN_EVENT,
    };

    /// The Unix signal number the event stands for (0: none yet): Ctrl-C and
    /// Ctrl-Break are SIGINT, a closed console (or logoff, shutdown) SIGHUP.
    static RECEIVED: AtomicI32 = AtomicI32::new(0);
    static DEPTH: AtomicUsize = AtomicUsize::new(0);
    static INSTALL: Once = Once::new();

    const SIGHUP: i32 = 1;

    fn record(signal: i32) {
        let _ = RECEIVED.compare_exchange(0, signal, Ordering::SeqCst, Ordering::SeqCst);
    }

    /// Windows calls this on a new thread of its own.
    unsafe extern "system" fn handler(event: u32) -> BOOL {
        match event {
            CTRL_C_EVENT | CTRL_BREAK_EVENT => {
                if DEPTH.load(Ordering::SeqCst) == 0 {
                    // Not handled: the next handler (ExitProcess) runs.
                    return 0;
                }
                record(super::SIGINT);
                1
            }
            CTRL_CLOSE_EVENT | CTRL_LOGOFF_EVENT | CTRL_SHUTDOWN_EVENT => {
                record(SIGHUP);
                // The process ends when this returns: give the critical
                // section the time Windows allows to unwind first.
                let start = Instant::now();
                while DEPTH.load(Ordering::SeqCst) > 0 && start.elapsed() < Duration::from_secs(4) {
                    std::thread::sleep(Duration::from_millis(10));
                }
                0
            }
            _ => 0,
        }
    }

    pub fn received() -> Option<i32> {
        match RECEIVED.load(Ordering::SeqCst) {
            0 => None,
            signal => Some(signal),
        }
    }

    pub fn enter() {
        // The depth first: a Ctrl-C right after installing is deferred.
        DEPTH.fetch_add(1, Ordering::SeqCst);
        INSTALL.call_once(|| {
            // SAFETY: `handler` is a valid `PHANDLER_ROUTINE` for the life of
            // the process. Failure (no console at all) leaves the default.
            unsafe { SetConsoleCtrlHandler(Some(handler), 1) };
        });
    }

    pub fn leave() {
        DEPTH.fetch_sub(1, Ordering::SeqCst);
    }
}

#[cfg(not(any(unix, windows)))]
mod imp {
    pub fn received() -> Option<i32> {
        None
    }
    pub fn enter() {}
    pub fn leave() {}
}

/// Whether SIGINT/SIGTERM/SIGHUP arrived during a critical section.
pub fn interrupted() -> bool {
    imp::received().is_some()
}

/// The signal that arrived during a critical section (SIGINT first, then
/// SIGTERM, then SIGHUP, when several did).
pub fn received() -> Option<i32> {
    imp::received()
}

/// SIGINT's number: Ctrl-C, and what an interruption without a recorded
/// signal (Ctrl-C read from a raw-mode terminal) counts as.
pub const SIGINT: i32 = 2;

/// The exit status of a process interrupted by `signal`: 128 + its number,
/// as shells report a process that signal killed.
pub fn exit_status(signal: i32) -> i32 {
    128 + signal
}

/// While alive, termination signals are deferred to [`interrupted`].
#[derive(Debug)]
pub struct Critical(());

impl Critical {
    /// Start deferring termination signals.
    pub fn enter() -> Critical {
        imp::enter();
        Critical(())
    }
}

impl Drop for Critical {
    fn drop(&mut self) {
        imp::leave();
    }
}
