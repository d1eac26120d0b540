//! The least HTTP/1.1 a token endpoint needs, on `std::net`: GET requests
//! without a body, kept-alive connections, one thread per connection up to a
//! bound. Written here rather than taken from a crate: what `serve` needs is
//! a request line, a few headers and a small JSON answer, and every limit
//! that protects it (head size, idle and head deadlines, write timeout,
//! connection count) has to be set and tested anyway; tiny_http (the
//! smallest well-kept candidate) brings four crates, a thread pool whose
//! size it does not bound, and no head-size or slow-client limit.
//!
//! Limits: a request head larger than [`HEAD_MAX`] is answered 431 and the
//! connection closed; a client that sends nothing for [`IDLE`] between
//! requests, or takes longer than [`HEAD_TIMEOUT`] to send one head, is
//! disconnected; a response that cannot be written within [`WRITE_TIMEOUT`]
//! is dropped; beyond [`MAX_CONNECTIONS`] open connections a new one gets
//! 503 and is closed at once. A request with a body (`Content-Length` other
//! than 0, `Transfer-Encoding`) is answered 400 and the connection closed.

use std::io::{self, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// The largest request head (request line and headers) read.
pub const HEAD_MAX: usize = 8 << 10;
/// How long a kept-alive connection may stay silent between requests
/// (announced as `Keep-Alive: timeout=5`, which Node's HTTP clients heed).
pub const IDLE: Duration = Duration::from_secs(5);
/// How long a client may take to send one request head once it started.
pub const HEAD_TIMEOUT: Duration = Duration::from_secs(5);
/// How long writing one response may take.
pub const WRITE_TIMEOUT: Duration = Duration::from_secs(5);
/// Open connections served at once; more are refused with 503.
pub const MAX_CONNECTIONS: usize = 256;

/// A parsed request head.
#[derive(Debug)]
pub struct Head<'a> {
    /// `GET`.
    pub method: &'a str,
    /// The request target: path and query.
    pub target: &'a str,
    /// The headers, names as sent.
    pub headers: Vec<(&'a str, &'a [u8])>,
}

impl Head<'_> {
    /// The first header named `name` (ignoring case).
    pub fn header(&self, name: &str) -> Option<&[u8]> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| *v)
    }
}

/// An answer: status, JSON body, extra header lines (each ending `\r\n`).
#[derive(Debug)]
pub struct Response {
    /// The HTTP status.
    pub status: u16,
    /// The JSON body.
    pub body: String,
    /// Extra header lines, each ending in `\r\n`.
    pub extra: &'static str,
}

/// What the server shares with its connections.
pub struct Server<H> {
    /// Answers one request.
    pub handler: H,
    /// Set when the server stops: each connection closes after the
    /// request in hand.
    pub stopping: AtomicBool,
    /// Requests being answered now.
    pub in_flight: AtomicUsize,
    /// Open connections.
    pub connections: AtomicUsize,
}

impl<H: Fn(&Head<'_>) -> Response + Send + Sync + 'static> Server<H> {
    /// A server answering with `handler`.
    pub fn new(handler: H) -> Arc<Server<H>> {
        Arc::new(Server {
            handler,
            stopping: AtomicBool::new(false),
            in_flight: AtomicUsize::new(0),
            connections: AtomicUsize::new(0),
        })
    }

    /// Accept connections on `listener` on a thread of its own, each served
    /// on a thread of its own up to [`MAX_CONNECTIONS`].
    pub fn spawn(self: &Arc<Self>, listener: TcpListener) -> io::Result<()> {
        let server = Arc::clone(self);
        std::thread::Builder::new()
            .name("serve-accept".into())
            .spawn(move || {
                for stream in listener.incoming() {
                    if server.stopping.load(Ordering::SeqCst) {
                        break;
                    }
                    let Ok(stream) = stream else {
                        // EMFILE and the like: let the moment pass.
                        std::thread::sleep(Duration::from_millis(10));
                        continue;
                    };
                    server.accept(stream);
                }
            })
            .map(drop)
    }

    fn accept(self: &Arc<Self>, mut stream: TcpStream) {
        let _ = stream.set_nodelay(true);
        let _ = stream.set_write_timeout(Some(WRITE_TIMEOUT));
        if self.connections.fetch_add(1, Ordering::SeqCst) >= MAX_CONNECTIONS {
            self.connections.fetch_sub(1, Ordering::SeqCst);
            let _ = stream.set_write_timeout(Some(Duration::from_millis(100)));
            let busy = super::protocol::Refusal::new(
                503,
                "busy",
                format!("{MAX_CONNECTIONS} connections are open; try again"),
            );
            let _ = write_response(
                &mut stream,
                &Response {
                    status: 503,
                    body: busy.body(),
                    extra: "Retry-After: 1\r\n",
                },
                true,
            );
            return;
        }
        let server = Arc::clone(self);
        let spawned = std::thread::Builder::new()
            .name("serve-conn".into())
            .spawn(move || {
                server.connection(stream);
                server.connections.fetch_sub(1, Ordering::SeqCst);
            });
        if spawned.is_err() {
            self.connections.fetch_sub(1, Ordering::SeqCst);
        }
    }

    /// Serve one connection until the client closes it, a limit is hit,
    /// or the server stops.
    fn connection(&self, mut stream: TcpStream) {
        let mut buf: Vec<u8> = Vec::with_capacity(1024);
        let mut idle_timeout = stream.set_read_timeout(Some(IDLE)).is_ok();
        loop {
            let end = match read_head(&mut stream, &mut buf, &mut idle_timeout) {
                Ok(Some(end)) => end,
                Ok(None) => return,
                Err(HeadError::TooLarge) => {
                    let r = super::protocol::Refusal::new(
                        431,
                        "request_too_large",
                        format!("the request head is larger than {HEAD_MAX} bytes"),
                    );
                    let _ = write_response(&mut stream, &simple(r), true);
                    return;
                }
            };
            self.in_flight.fetch_add(1, Ordering::SeqCst);
            let (response, close) = match parse_head(&buf[..end]) {
                Ok((head, close)) => {
                    if has_body(&head) {
                        let r = super::protocol::Refusal::new(
                            400,
                            "invalid_request",
                            "a token request is a GET without a body",
                        );
                        (simple(r), true)
                    } else {
                        let close = close || self.stopping.load(Ordering::SeqCst);
                        ((self.handler)(&head), close)
                    }
                }
                Err(why) => (
                    simple(super::protocol::Refusal::new(400, "invalid_request", why)),
                    true,
                ),
            };
            let written = write_response(&mut stream, &response, close);
            self.in_flight.fetch_sub(1, Ordering::SeqCst);
            if written.is_err() || close {
                return;
            }
            buf.drain(..end);
        }
    }
}

fn simple(r: super::protocol::Refusal) -> Response {
    Response {
        status: r.status,
        body: r.body(),
        extra: "",
    }
}

enum HeadError {
    TooLarge,
}

/// Read until `buf` holds a whole request head; its length (through the
/// blank line). `None`: the client closed the connection, was silent for
/// [`IDLE`], or too slow ([`HEAD_TIMEOUT`]); nothing is answered.
///
/// `idle_timeout`: whether the socket's read timeout is [`IDLE`], as it is
/// between requests. The first read of a request then waits with the
/// timeout as it is, and only a head arriving in pieces has it set (to what
/// is left of its deadline) and set back for the next request: one system
/// call less per request, of the four `serve` made for one (`recvfrom`,
/// `setsockopt`, `statx`, `sendto`, counted with strace).
fn read_head(
    stream: &mut TcpStream,
    buf: &mut Vec<u8>,
    idle_timeout: &mut bool,
) -> Result<Option<usize>, HeadError> {
    let waiting = buf.is_empty();
    let mut deadline = if waiting {
        Instant::now() + IDLE
    } else {
        Instant::now() + HEAD_TIMEOUT
    };
    let mut first = true;
    let mut searched: usize = 0;
    let mut chunk = [0u8; 4096];
    loop {
        if let Some(pos) = memchr::memmem::find(&buf[searched.saturating_sub(3)..], b"\r\n\r\n") {
            let end = searched.saturating_sub(3) + pos + 4;
            if end > HEAD_MAX {
                return Err(HeadError::TooLarge);
            }
            return Ok(Some(end));
        }
        if buf.len() > HEAD_MAX {
            return Err(HeadError::TooLarge);
        }
        searched = buf.len();
        // The first read of a request waits IDLE (its deadline is IDLE from
        // now); any other, what is left of the deadline.
        let timeout = if first && waiting {
            IDLE
        } else {
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                return Ok(None);
            }
            left
        };
        if !(timeout == IDLE && *idle_timeout) {
            *idle_timeout = stream.set_read_timeout(Some(timeout)).is_ok() && timeout == IDLE;
        }
        first = false;
        match stream.read(&mut chunk) {
            Ok(0) => return Ok(None),
            Ok(n) => {
                if buf.is_empty() {
                    deadline = Instant::now() + HEAD_TIMEOUT;
                }
                buf.extend_from_slice(&chunk[..n]);
            }
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(_) => return Ok(None),
        }
    }
}

/// The request line and headers; whether the client asked to close.
fn parse_head(bytes: &[u8]) -> Result<(Head<'_>, bool), String> {
    let text = bytes.strip_suffix(b"\r\n\r\n").unwrap_or(bytes);
    let mut lines = text
        .split(|&b| b == b'\n')
        .map(|l| l.strip_suffix(b"\r").unwrap_or(l));
    let request_line = lines.next().unwrap_or_default();
    let request_line = std::str::from_utf8(request_line)
        .map_err(|_| "the request line is not text".to_string())?;
    let mut parts = request_line.split(' ');
    let (Some(method), Some(target), Some(version), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err("the request line is not `METHOD TARGET HTTP/1.1`".into());
    };
    let http10 = match version {
        "HTTP/1.1" => false,
        "HTTP/1.0" => true,
        _ => return Err("only HTTP/1.1 and HTTP/1.0 are spoken".into()),
    };
    let mut headers = Vec::new();
    for line in lines {
        let colon = line
            .iter()
            .position(|&b| b == b':')
            .ok_or_else(|| "a header line has no `:`".to_string())?;
        let name = std::str::from_utf8(&line[..colon])
            .ok()
            .filter(|n| !n.is_empty() && !n.contains([' ', '\t']))
            .ok_or_else(|| "a header name is not a token".to_string())?;
        headers.push((name, line[colon + 1..].trim_ascii()));
    }
    let head = Head {
        method,
        target,
        headers,
    };
    let connection = head
        .header("connection")
        .map(|v| String::from_utf8_lossy(v).to_ascii_lowercase());
    let close = match connection.as_deref() {
        Some(v) if v.contains("close") => true,
        Some(v) if v.contains("keep-alive") => false,
        _ => http10,
    };
    Ok((head, close))
}

fn has_body(head: &Head<'_>) -> bool {
    head.header("transfer-encoding").is_some()
        || head
            .header("content-length")
            .is_some_and(|v| v.iter().any(|&b| b != b'0'))
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        400 => "Bad Request",
        401 => "Unauthorized",
        404 => "Not Found",
        405 => "Method Not Allowed",
        431 => "Request Header Fields Too Large",
        500 => "Internal Server Error",
        503 => "Service Unavailable",
        _ => "Error",
    }
}

/// Write `response` in one piece.
fn write_response(stream: &mut TcpStream, response: &Response, close: bool) -> io::Result<()> {
    let connection = if close {
        "Connection: close\r\n"
    } else {
        "Keep-Alive: timeout=5\r\n"
    };
    let text = format!(
        "HTTP/1.1 {} {}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: {}\r\nCache-Control: no-store\r\n{}{}\r\n{}",
        response.status,
        reason(response.status),
        response.body.len(),
        response.extra,
        connection,
        response.body
    );
    let result = stream.write_all(text.as_bytes());
    zeroize::Zeroize::zeroize(&mut text.into_bytes());
    result
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The read timeout: left as it is (IDLE) for a head read at once, set
    /// to what is left of the head deadline for one arriving in pieces, and
    /// set back to IDLE for the next request.
    #[test]
    fn the_read_timeout_is_set_only_for_heads_in_pieces() {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let mut client = TcpStream::connect(listener.local_addr().unwrap()).unwrap();
        let (mut server, _) = listener.accept().unwrap();
        let mut idle = server.set_read_timeout(Some(IDLE)).is_ok();
        let mut buf = Vec::new();
        let head = b"GET /msi/token HTTP/1.1\r\nHost: a\r\n\r\n";

        client.write_all(head).unwrap();
        assert_eq!(
            read_head(&mut server, &mut buf, &mut idle).ok(),
            Some(Some(head.len()))
        );
        assert!(idle);
        assert_eq!(server.read_timeout().unwrap(), Some(IDLE));

        buf.clear();
        client.write_all(&head[..10]).unwrap();
        let sender = std::thread::spawn(move || {
            for piece in [&head[10..20], &head[20..]] {
                std::thread::sleep(Duration::from_millis(200));
                client.write_all(piece).unwrap();
            }
            client
        });
        assert_eq!(
            read_head(&mut server, &mut buf, &mut idle).ok(),
            Some(Some(head.len()))
        );
        let mut client = sender.join().unwrap();
        assert!(!idle);
        let left = server.read_timeout().unwrap().unwrap();
        // Set after the second piece: the head deadline less about 200 ms.
        assert!(left < HEAD_TIMEOUT - Duration::from_millis(100), "{left:?}");
        assert!(left > HEAD_TIMEOUT - Duration::from_secs(2), "{left:?}");

        buf.clear();
        client.write_all(head).unwrap();
        assert_eq!(
            read_head(&mut server, &mut buf, &mut idle).ok(),
            Some(Some(head.len()))
        );
        assert!(idle);
        assert_eq!(server.read_timeout().unwrap(), Some(IDLE));
    }

    #[test]
    fn heads_are_parsed_and_bodies_noticed() {
        let (head, close) =
            parse_head(b"GET /msi/token?x=1 HTTP/1.1\r\nHost: a\r\nX-IDENTITY-HEADER: s3\r\n\r\n")
                .unwrap();
        assert!(!close);
        assert_eq!((head.method, head.target), ("GET", "/msi/token?x=1"));
        assert_eq!(head.header("x-identity-header"), Some(&b"s3"[..]));
        assert!(!has_body(&head));
        let (head, close) = parse_head(b"GET / HTTP/1.0\r\nContent-Length: 5\r\n\r\n").unwrap();
        assert!(close && has_body(&head));
        let (_, close) = parse_head(b"GET / HTTP/1.1\r\nConnection: close\r\n\r\n").unwrap();
        assert!(close);
        for bad in [
            &b"GET /\r\n\r\n"[..],
            b"GET / HTTP/2\r\n\r\n",
            b"GET / HTTP/1.1\r\nNoColon\r\n\r\n",
        ] {
            assert!(parse_head(bad).is_err());
        }
    }
}
