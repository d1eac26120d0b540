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
    pinned: Arc<Mutex<Option<Sockets>>>,
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
            if let Some(sockets) = pinned.lock().ok().and_then(|p| p.clone()) {
                return sockets.still_held();
            }
            opened_since(&before).collect()
        });
    }

    /// The connection is made and its sockets are `sockets`: a watchdog
    /// [`Deadline::arm`]ed while it was being made shuts down those and no
    /// other socket the process opens later (an HTTPS request made in the
    /// same operation, `serve`'s clients).
    pub(crate) fn pin(&self, sockets: Sockets) {
        if let Ok(mut pinned) = self.pinned.lock() {
            *pinned = Some(sockets);
        }
    }

    /// Watch a connection made earlier, whose sockets are `sockets`: as
    /// [`Deadline::arm`], for a deadline set after connecting. Only those
    /// of them still open to the same peer are shut down.
    pub(crate) fn arm_on(&self, sockets: Sockets) {
        self.watch(move || sockets.still_held());
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

/// A connection's sockets, each with the address of its peer when it was
/// recorded. The client library may close one of them on its own (a Redis
/// cluster client drops and reopens node connections) and the process may
/// then get the same descriptor number for another socket, such as a
/// `serve` client: that descriptor, now connected elsewhere, is no longer
/// one of these sockets, and a watchdog leaves it alone.
#[derive(Debug, Clone, Default)]
pub(crate) struct Sockets(Vec<(i32, Option<Peer>)>);

impl Sockets {
    /// The sockets open now that were not among `before` (taken with
    /// [`socket_fds`] before connecting): the connection's.
    pub(crate) fn opened_since(before: &[i32]) -> Sockets {
        Sockets(opened_since(before).map(|fd| (fd, peer(fd))).collect())
    }

    /// The descriptors that still hold these sockets: open, and connected
    /// to the peer recorded.
    fn still_held(&self) -> Vec<i32> {
        self.0
            .iter()
            .filter(|(fd, recorded)| recorded.is_some() && peer(*fd) == *recorded)
            .map(|(fd, _)| *fd)
            .collect()
    }
}

/// The socket descriptors open now that were not among `before` (taken
/// with [`socket_fds`] before connecting).
fn opened_since(before: &[i32]) -> impl Iterator<Item = i32> + '_ {
    socket_fds().into_iter().filter(|fd| !before.contains(fd))
}

/// A socket's peer address, as `getpeername` gives it (the bytes of the
/// address it fills in).
type Peer = Vec<u8>;

/// The peer of socket descriptor `fd`; `None` when it is not a connected
/// socket (closed, never connected, reset) or not on Unix.
fn peer(fd: i32) -> Option<Peer> {
    #[cfg(unix)]
    {
        // SAFETY: getpeername writes at most `len` bytes into the storage
        // and sets `len` to the address's size; an unused or non-socket
        // descriptor fails with EBADF or ENOTSOCK.
        let mut storage: libc::sockaddr_storage = unsafe { std::mem::zeroed() };
        let mut len = std::mem::size_of::<libc::sockaddr_storage>() as libc::socklen_t;
        // SAFETY: as above.
        let ok =
            unsafe { libc::getpeername(fd, std::ptr::addr_of_mut!(storage).cast(), &mut len) } == 0;
        if !ok {
            return None;
        }
        let len = (len as usize).min(std::mem::size_of::<libc::sockaddr_storage>());
        // SAFETY: the first `len` bytes of `storage` were written.
        let bytes =
            unsafe { std::slice::from_raw_parts(std::ptr::addr_of!(storage).cast::<u8>(), len) };
        Some(bytes.to_vec())
    }
    #[cfg(not(unix))]
    {
        let _ = fd;
        None
    }
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

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::io::{Read, Write};
    use std::net::{TcpListener, TcpStream};
    use std::os::fd::AsRawFd;

    /// A loopback connection: the client's end and the server's.
    fn connection() -> (TcpStream, TcpStream) {
        let server = TcpListener::bind("127.0.0.1:0").unwrap();
        let client = TcpStream::connect(server.local_addr().unwrap()).unwrap();
        let (far, _) = server.accept().unwrap();
        (client, far)
    }

    /// `stream`'s socket, recorded as a connection's (by its descriptor
    /// alone: other tests open sockets meanwhile).
    fn recorded(stream: &TcpStream) -> Sockets {
        let fd = stream.as_raw_fd();
        Sockets(vec![(fd, peer(fd))])
    }

    /// Let a short deadline watched on `sockets` pass.
    fn let_pass(sockets: Sockets) {
        let deadline = Deadline::default();
        deadline.get(Duration::from_millis(50));
        deadline.arm_on(sockets);
        std::thread::sleep(Duration::from_millis(400));
    }

    /// Whether `near` still gets a byte the far end sends (a socket shut
    /// down reads end of file, or a reset for what arrived after).
    fn still_connected(near: &mut TcpStream, far: &mut TcpStream) -> bool {
        near.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
        far.write_all(b"x").is_ok() && matches!(near.read(&mut [0; 1]), Ok(1))
    }

    #[test]
    fn the_connection_is_shut_down_when_its_deadline_passes() {
        let (mut near, mut far) = connection();
        let_pass(recorded(&near));
        assert!(!still_connected(&mut near, &mut far));
    }

    #[test]
    fn a_descriptor_reused_for_another_socket_is_left_alone() {
        let (mut near, _far) = connection();
        let sockets = recorded(&near);
        // The connection's socket closes and its number now holds another
        // connection (what the next socket of the process, a `serve`
        // client, would get): dup2 replaces it in one step, so no other
        // test's descriptor can take the number in between.
        let (other, mut other_far) = connection();
        // SAFETY: both descriptors are open and owned by this test.
        assert_ne!(
            unsafe { libc::dup2(other.as_raw_fd(), near.as_raw_fd()) },
            -1
        );
        drop(other);
        let_pass(sockets);
        assert!(still_connected(&mut near, &mut other_far));
    }
}
