//! The commands tokencache starts (`update -- CMD`, `exec -- CMD`): how they
//! are started, fed, read and stopped. One place, so that every child gets
//! the same guarantees:
//!
//! - **No secret of tokencache's is passed on.** A child's environment is
//!   tokencache's minus [`SECRET_VARIABLES`] (the encrypted file's key and
//!   passphrase, the Redis password and the Redis URL, which may carry one)
//!   and minus the variable `--entropy-env` names (DPAPI entropy). A child
//!   that needs one of them must be given it explicitly.
//! - **Its own process group** (Unix, [`grouped`]): on SIGINT, SIGTERM or
//!   SIGHUP tokencache stops the whole group (CMD and whatever it started):
//!   SIGTERM, then SIGKILL to what is left after [`TERM_GRACE`], and returns
//!   at once with the lock released. Nothing waits for a grandchild.
//! - **CMD's exit is the end** ([`exchange`]): once CMD has exited, tokencache
//!   reads what CMD left in its stdout pipe (until end of file, until the pipe
//!   stays empty for [`DRAIN_IDLE`], at most [`DRAIN_LIMIT`]), then closes
//!   both pipes and goes on. A background child that outlives CMD is **not**
//!   stopped and is **not** waited for: it keeps running after tokencache
//!   has released the lock and exited, its writes to the closed stdout fail
//!   (EPIPE, or SIGPIPE kills it) and its stdin reads end of file. Such a
//!   child must not touch the cache: it no longer holds the lock.

use std::ffi::{OsStr, OsString};
use std::io;
use std::process::{Child, ChildStdin, ChildStdout, Command, ExitStatus, Stdio};
use std::time::Duration;
#[cfg(unix)]
use std::time::Instant;

use crate::error::{Error, Result};
use crate::signals;

/// The variables tokencache reads secrets from; no child gets them.
pub const SECRET_VARIABLES: &[&str] = &[
    "TOKENCACHE_KEY",
    "TOKENCACHE_PASSPHRASE",
    "TOKENCACHE_REDIS_PASSWORD",
    // May hold a password (`redis://:pw@host`, `?password=`).
    "TOKENCACHE_REDIS_URL",
];

/// How long a stopped child's group gets to exit after SIGTERM before the
/// rest is killed.
pub const TERM_GRACE: Duration = Duration::from_secs(2);
/// After CMD exited: how long its stdout pipe may stay empty before reading
/// stops (everything CMD wrote is already in the pipe; only a grandchild
/// could still write).
pub const DRAIN_IDLE: Duration = Duration::from_millis(50);
/// After CMD exited: the longest tokencache reads its stdout pipe at all.
pub const DRAIN_LIMIT: Duration = Duration::from_secs(1);
/// How often a wait looks at the signal flags.
const POLL: Duration = Duration::from_millis(10);

/// A command for `program` with `args`, whose environment lacks
/// [`SECRET_VARIABLES`] and the variables named in `also_secret`.
pub fn command(program: &OsStr, args: &[OsString], also_secret: &[&str]) -> Command {
    let mut cmd = Command::new(program);
    cmd.args(args);
    for name in SECRET_VARIABLES.iter().chain(also_secret) {
        cmd.env_remove(name);
    }
    cmd
}

/// Put the command in a process group of its own (Unix; elsewhere nothing),
/// so that [`stop`] reaches everything it starts.
pub fn grouped(cmd: &mut Command) -> &mut Command {
    #[cfg(unix)]
    {
        use std::os::unix::process::CommandExt;
        cmd.process_group(0);
    }
    cmd
}

/// Stop `child` and its process group: SIGTERM to the group, then, once the
/// group is empty or after [`TERM_GRACE`], SIGKILL to whatever is left.
/// `child` is always reaped. (Elsewhere than Unix: the child is killed.)
pub fn stop(child: &mut Child) {
    #[cfg(unix)]
    if let Ok(pgid) = libc::pid_t::try_from(child.id()) {
        // SAFETY: killpg only sends a signal. The group is the one the child
        // created (process_group(0) made its pid the group id), and the child
        // is not reaped yet, so the id cannot have been reused.
        unsafe { libc::killpg(pgid, libc::SIGTERM) };
        let deadline = Instant::now() + TERM_GRACE;
        while Instant::now() < deadline {
            // Reap the leader first: a zombie still counts as a member.
            let _ = child.try_wait();
            // SAFETY: signal 0 only checks whether the group has members.
            let gone = unsafe { libc::killpg(pgid, 0) } != 0
                && io::Error::last_os_error().raw_os_error() == Some(libc::ESRCH);
            if gone {
                return;
            }
            std::thread::sleep(POLL);
        }
        // SAFETY: as above; members outlived the grace period.
        unsafe { libc::killpg(pgid, libc::SIGKILL) };
    }
    let _ = child.kill();
    let _ = child.wait();
}

/// What [`exchange`] got from a child.
#[derive(Debug)]
pub struct Exchanged {
    /// How the child exited.
    pub status: ExitStatus,
    /// What it printed on stdout: at most `max_output + 1` bytes (more than
    /// `max_output` means it printed too much and was cut off), or the error
    /// reading it.
    pub output: io::Result<Vec<u8>>,
}

/// Feed `input` to the child's stdin and read its stdout at once, until it
/// exits (see the module doc for what happens after). A signal meanwhile
/// (see [`signals`]) stops the child's group and returns
/// [`Error::Interrupted`]. The child must have been started with piped
/// stdin and stdout.
pub fn exchange(child: &mut Child, input: &[u8], max_output: u64) -> Result<Exchanged> {
    let stdin = child.stdin.take().expect("stdin is piped");
    let stdout = child.stdout.take().expect("stdout is piped");
    sys::exchange(child, stdin, stdout, input, max_output)
}

fn wait_error(e: io::Error) -> Error {
    Error::io("wait for", std::path::Path::new("the command"), e)
}

#[cfg(unix)]
mod sys {
    use super::*;
    use std::io::{Read, Write};
    use std::os::fd::{AsRawFd, RawFd};

    fn set_nonblocking(fd: RawFd) -> io::Result<()> {
        // SAFETY: fcntl on a descriptor we own, with integer arguments.
        let flags = unsafe { libc::fcntl(fd, libc::F_GETFL) };
        if flags < 0
            // SAFETY: as above.
            || unsafe { libc::fcntl(fd, libc::F_SETFL, flags | libc::O_NONBLOCK) } < 0
        {
            return Err(io::Error::last_os_error());
        }
        Ok(())
    }

    /// One loop over both pipes with poll(2), non-blocking, so that nothing
    /// here ever blocks on a pipe a grandchild holds: the loop ends when the
    /// child has exited and its output is drained, or on a signal.
    pub(super) fn exchange(
        child: &mut Child,
        stdin: ChildStdin,
        stdout: ChildStdout,
        input: &[u8],
        max_output: u64,
    ) -> Result<Exchanged> {
        let mut stdin = Some(stdin);
        let mut stdout = Some(stdout);
        for fd in [
            stdin.as_ref().map(|s| s.as_raw_fd()),
            stdout.as_ref().map(|s| s.as_raw_fd()),
        ]
        .into_iter()
        .flatten()
        {
            set_nonblocking(fd).map_err(wait_error)?;
        }
        let limit = max_output.saturating_add(1);
        let mut written = 0usize;
        let mut output = Vec::new();
        let mut read_error = None;
        let mut exited: Option<(ExitStatus, Instant)> = None;
        let mut last_data = Instant::now();
        let mut buf = vec![0u8; 64 << 10];
        loop {
            if signals::interrupted() {
                drop((stdin.take(), stdout.take()));
                stop(child);
                return Err(Error::Interrupted);
            }
            if exited.is_none() {
                if let Some(status) = child.try_wait().map_err(wait_error)? {
                    exited = Some((status, Instant::now()));
                    last_data = Instant::now();
                    // Nobody reads it any more but perhaps a grandchild.
                    stdin = None;
                }
            }
            if let Some((status, at)) = exited {
                let drained = stdout.is_none()
                    || last_data.elapsed() >= DRAIN_IDLE
                    || at.elapsed() >= DRAIN_LIMIT;
                if drained {
                    return Ok(Exchanged {
                        status,
                        output: match read_error {
                            Some(e) => Err(e),
                            None => Ok(output),
                        },
                    });
                }
            }
            if written == input.len() {
                stdin = None;
            }
            let mut fds = Vec::with_capacity(2);
            if let Some(s) = &stdin {
                fds.push(libc::pollfd {
                    fd: s.as_raw_fd(),
                    events: libc::POLLOUT,
                    revents: 0,
                });
            }
            if let Some(s) = &stdout {
                fds.push(libc::pollfd {
                    fd: s.as_raw_fd(),
                    events: libc::POLLIN,
                    revents: 0,
                });
            }
            if fds.is_empty() {
                std::thread::sleep(POLL);
                continue;
            }
            // SAFETY: `fds` is a valid array of fds.len() pollfd structs.
            let ready = unsafe {
                libc::poll(
                    fds.as_mut_ptr(),
                    fds.len() as libc::nfds_t,
                    POLL.as_millis() as libc::c_int,
                )
            };
            if ready <= 0 {
                // Timeout, or EINTR from a signal: the loop looks again.
                continue;
            }
            for pfd in &fds {
                if pfd.revents == 0 {
                    continue;
                }
                if stdin.as_ref().is_some_and(|s| s.as_raw_fd() == pfd.fd) {
                    match stdin.as_mut().map(|s| s.write(&input[written..])) {
                        Some(Ok(n)) => written += n,
                        Some(Err(e)) if e.kind() == io::ErrorKind::WouldBlock => {}
                        Some(Err(e)) if e.kind() == io::ErrorKind::Interrupted => {}
                        // EPIPE: CMD does not read its stdin. Not an error.
                        _ => stdin = None,
                    }
                } else if let Some(s) = stdout.as_mut() {
                    let room = (limit - output.len() as u64).min(buf.len() as u64) as usize;
                    match s.read(&mut buf[..room]) {
                        Ok(0) => stdout = None,
                        Ok(n) => {
                            output.extend_from_slice(&buf[..n]);
                            last_data = Instant::now();
                            if output.len() as u64 >= limit {
                                // Too much: closing makes CMD stop (EPIPE)
                                // instead of it being read into memory.
                                stdout = None;
                            }
                        }
                        Err(e)
                            if matches!(
                                e.kind(),
                                io::ErrorKind::WouldBlock | io::ErrorKind::Interrupted
                            ) => {}
                        Err(e) => {
                            read_error = Some(e);
                            stdout = None;
                        }
                    }
                }
            }
        }
    }
}

#[cfg(not(unix))]
mod sys {
    use super::*;
    use std::io::{Read, Write};
    use std::sync::mpsc;

    /// Threads feed and read; the wait is for the child only. After it
    /// exited the reader gets [`DRAIN_LIMIT`] to reach end of file, and is
    /// abandoned (it ends with the process) if a grandchild keeps the pipe.
    pub(super) fn exchange(
        child: &mut Child,
        mut stdin: ChildStdin,
        mut stdout: ChildStdout,
        input: &[u8],
        max_output: u64,
    ) -> Result<Exchanged> {
        let input = input.to_vec();
        std::thread::spawn(move || {
            let _ = stdin.write_all(&input);
        });
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            let mut buf = Vec::new();
            let read = (&mut stdout)
                .take(max_output.saturating_add(1))
                .read_to_end(&mut buf);
            drop(stdout);
            let _ = tx.send(read.map(|_| buf));
        });
        let status = loop {
            if signals::interrupted() {
                stop(child);
                return Err(Error::Interrupted);
            }
            if let Some(status) = child.try_wait().map_err(wait_error)? {
                break status;
            }
            std::thread::sleep(POLL);
        };
        let output = rx.recv_timeout(DRAIN_LIMIT).unwrap_or_else(|_| {
            Err(io::Error::other(
                "its output did not end: a process it started still holds it",
            ))
        });
        Ok(Exchanged { status, output })
    }
}

/// Spawn `cmd` with piped stdin and stdout and the user's stderr.
pub fn spawn_piped(cmd: &mut Command) -> io::Result<Child> {
    cmd.stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
}
