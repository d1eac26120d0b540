//! One deadline for an operation against a network store (a read, a
//! write's whole transaction), with a watchdog that cuts the connection off
//! when it passes (shared by the Redis and Postgres stores).

use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::mpsc::Sender;
use std::sync::{Arc, Mutex, OnceLock};
use std::time::{Duration, Instant};

/// A store's timeout (`--redis-timeout`, `--pg-timeout`) as one deadline for
/// everything an operation asks of the server, connecting included: each step
/// gets only the time left (a silent server costs the timeout once, not once
/// for the connection and again for the first command), and a watchdog
/// thread shuts the connection's socket down when the deadline passes, so
/// that a server trickling its answer a byte at a time (which resets a
/// per-read timeout forever) is cut off too.
/// `list` grants each batch of a walk (a Redis SCAN batch, a page of
/// Postgres rows, a partition pruned) a fresh deadline ([`Deadline::renew`]):
/// a walk is bounded per batch, not as a whole.
#[derive(Debug, Default)]
pub struct Deadline {
    /// When the deadline was first set; the rest count from here.
    start: OnceLock<Instant>,
    /// The deadline, in milliseconds after `start` (shared with the watchdog).
    at_ms: Arc<AtomicU64>,
    /// Cleared when the store is dropped: the watchdog then does nothing.
    live: Arc<AtomicBool>,
    /// One per watchdog: dropped with the deadline, which wakes the
    /// watchdog to end at once (not at the deadline), so that short-lived
    /// deadlines do not pile up sleeping threads.
    #[cfg_attr(not(unix), allow(dead_code))]
    stop: Mutex<Vec<Sender<()>>>,
    /// The connection's sockets, once it is made ([`Deadline::pin`]): from
    /// then on the only ones an [`Deadline::arm`]ed watchdog shuts down.
    pinned: Arc<Mutex<Option<Vec<i32>>>>,
}

impl Deadline {
    /// The deadline, set `timeout` from now on first use.
    pub fn get(&self, timeout: Duration) -> Instant {
        let start = *self.start.get_or_init(|| {
            self.at_ms.store(millis(timeout), Ordering::SeqCst);
            self.live.store(true, Ordering::SeqCst);
            Instant::now()
        });
        start + Duration::from_millis(self.at_ms.load(Ordering::SeqCst))
    }

    /// Move the deadline to `timeout` from now.
    pub fn renew(&self, timeout: Duration) {
        self.get(timeout);
        if let Some(start) = self.start.get() {
            self.at_ms
                .store(millis(start.elapsed() + timeout), Ordering::SeqCst);
        }
    }

    /// Whether the deadline has passed (never, before it is set).
    pub fn passed(&self) -> bool {
        self.start.get().is_some_and(|start| {
            Instant::now() >= *start + Duration::from_millis(self.at_ms.load(Ordering::SeqCst))
        })
    }

    /// Watch the connection about to be made: once the deadline passes
    /// while the store lives, shut down every socket descriptor that is not
    /// among `before` (the sockets open before connecting started), so that
    /// a handshake that trickles is cut off too. Unix only; elsewhere the
    /// per-step timeouts are the bound.
    pub(crate) fn arm(&self, before: Vec<i32>) {
        let pinned = Arc::clone(&self.pinned);
        self.watch(move || {
            if let Some(fds) = pinned.lock().ok().and_then(|p| p.clone()) {
                return fds;
            }
            socket_fds()
                .into_iter()
                .filter(|fd| !before.contains(fd))
                .collect()
        });
    }

    /// The connection is made and its sockets are `fds`: a watchdog
    /// [`Deadline::arm`]ed while it was being made shuts down those and no
    /// other socket the process opens later (an HTTPS request made in the
    /// same operation, `serve`'s clients).
    pub(crate) fn pin(&self, fds: Vec<i32>) {
        if let Ok(mut pinned) = self.pinned.lock() {
            *pinned = Some(fds);
        }
    }

    /// Watch a connection made earlier, whose socket descriptors are `fds`:
    /// as [`Deadline::arm`], for a deadline set after connecting.
    pub(crate) fn arm_on(&self, fds: Vec<i32>) {
        self.watch(move || fds.clone());
    }

    fn watch(&self, ours: impl Fn() -> Vec<i32> + Send + 'static) {
        #[cfg(unix)]
        {
            let (Some(start), at_ms, live) = (
                self.start.get().copied(),
                Arc::clone(&self.at_ms),
                Arc::clone(&self.live),
            ) else {
                return;
            };
            use std::sync::mpsc::{self, RecvTimeoutError};
            let (tx, rx) = mpsc::channel::<()>();
            if let Ok(mut stop) = self.stop.lock() {
                stop.push(tx);
            }
            std::thread::spawn(move || loop {
                let at = start + Duration::from_millis(at_ms.load(Ordering::SeqCst));
                match at.checked_duration_since(Instant::now()) {
                    Some(left) if !left.is_zero() => match rx.recv_timeout(left) {
                        Err(RecvTimeoutError::Timeout) => {}
                        // The deadline was dropped.
                        Ok(()) | Err(RecvTimeoutError::Disconnected) => return,
                    },
                    _ => {
                        if live.load(Ordering::SeqCst) {
                            for fd in ours() {
                                // SAFETY: shutdown on a descriptor of this
                                // store's connection, which lives (`live`).
                                unsafe { libc::shutdown(fd, libc::SHUT_RDWR) };
                            }
                        }
                        return;
                    }
                }
            });
        }
        #[cfg(not(unix))]
        let _ = ours;
    }
}

impl Drop for Deadline {
    fn drop(&mut self) {
        self.live.store(false, Ordering::SeqCst);
    }
}

fn millis(d: Duration) -> u64 {
    u64::try_from(d.as_millis()).unwrap_or(u64::MAX)
}

/// The socket descriptors open in this process (Unix): compared before and
/// after connecting, the new ones are the connection's.
pub(crate) fn socket_fds() -> Vec<i32> {
    #[cfg(unix)]
    {
        (0..1024)
            .filter(|&fd| {
                // SAFETY: fstat writes one stat struct for a descriptor
                // number; an unused number fails with EBADF.
                let mut st: libc::stat = unsafe { std::mem::zeroed() };
                // SAFETY: as above.
                let open = unsafe { libc::fstat(fd, &mut st) } == 0;
                open && (st.st_mode & libc::S_IFMT) == libc::S_IFSOCK
            })
            .collect()
    }
    #[cfg(not(unix))]
    Vec::new()
}
