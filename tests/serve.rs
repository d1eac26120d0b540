//! `serve --managed-identity` through the real binary: the real
//! azure-identity (Python) and @azure/identity (JS) `ManagedIdentityCredential`
//! and `DefaultAzureCredential` inside `serve -- CMD`; every refusal over
//! HTTP (raw requests, so that what a client may send wrongly can be sent);
//! slow clients and oversized requests; the cache read again when it
//! changes; signals and CMD's status; and a load test that checks
//! correctness only (2,000 requests from 32 concurrent clients).
//!
//! The SDK tests need `bash tests/peers/install.sh`: outside CI a missing
//! peer skips with a note.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Stdio};
use std::time::{Duration, Instant};

use serde_json::{json, Value};

use crate::require;
use crate::support::{peers_dir, Env, OutputExt};

const CLI: &str = "04b07795-8ddb-461a-bbee-02f9e1bf7b46";
const ARM: &str = "https://management.azure.com";
const VAULT: &str = "https://vault.azure.net";
const GRAPH: &str = "https://graph.microsoft.com";

pub(crate) fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64
}

fn at(target: &str, secret: &str, exp: i64) -> Value {
    json!({"credential_type": "AccessToken", "secret": secret, "home_account_id": "a11ce.t1",
           "environment": "login.microsoftonline.com", "client_id": CLI, "realm": "t1",
           "target": target, "token_type": "Bearer", "cached_at": (now() - 60).to_string(),
           "expires_on": exp.to_string(), "extended_expires_on": exp.to_string()})
}

/// Alice's tokens for ARM, Key Vault and Graph (each expiring a minute
/// after the previous one), an expired one for Storage, and a refresh token.
pub(crate) fn cache(exp: i64, arm_secret: &str) -> Value {
    json!({
        "AccessToken": {
            "arm": at(&format!("{ARM}/user_impersonation {ARM}/.default"), arm_secret, exp),
            "vault": at(&format!("{VAULT}/.default"), "vault-token", exp + 60),
            "graph": at(&format!("{GRAPH}/.default"), "graph-token", exp + 120),
            "storage": at("https://storage.azure.com/.default", "storage-token-expired", now() - 10),
        },
        "RefreshToken": {
            "rt": {"credential_type": "RefreshToken", "secret": "refresh-token-never-served", "home_account_id": "a11ce.t1",
                   "environment": "login.microsoftonline.com", "client_id": CLI, "family_id": "1"}
        },
        "Account": {
            "a": {"home_account_id": "a11ce.t1", "environment": "login.microsoftonline.com", "realm": "t1",
                  "local_account_id": "a11ce", "username": "alice@contoso.com", "authority_type": "MSSTS"}
        },
        "IdToken": {},
        "AppMetadata": {}
    })
}

const SECRETS: [&str; 5] = [
    "arm-token",
    "vault-token",
    "graph-token",
    "storage-token-expired",
    "refresh-token-never-served",
];

fn setup() -> (Env, i64) {
    let env = Env::new();
    let exp = now() + 3600;
    store(&env, &cache(exp, "arm-token"));
    (env, exp)
}

fn store(env: &Env, doc: &Value) {
    let mut c = env.file_std_cmd();
    let mut child = c.arg("write").stdin(Stdio::piped()).spawn().unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(doc.to_string().as_bytes())
        .unwrap();
    assert!(child.wait().unwrap().success());
}

/// A running `serve --managed-identity` without CMD, and what it exported.
pub(crate) struct Server {
    pub(crate) child: Child,
    /// The rest of stdout: nothing else may be printed.
    rest: std::io::Lines<BufReader<std::process::ChildStdout>>,
    pub(crate) endpoint: String,
    pub(crate) secret: String,
    /// host:port
    pub(crate) addr: String,
}

impl Server {
    fn start(env: &Env, extra: &[&str]) -> Server {
        let mut c = env.file_std_cmd();
        c.args(["serve", "--managed-identity"]).args(extra);
        Server::spawn(c)
    }

    /// `c`, a `serve --managed-identity` without CMD, started.
    pub(crate) fn spawn(mut c: std::process::Command) -> Server {
        c.stdout(Stdio::piped()).stderr(Stdio::piped());
        let mut child = c.spawn().unwrap();
        let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
        let mut value = |name: &str| {
            let line = lines.next().unwrap().unwrap();
            let prefix = format!("export {name}='");
            line.strip_prefix(&prefix)
                .and_then(|l| l.strip_suffix('\''))
                .unwrap_or_else(|| panic!("{line}"))
                .to_string()
        };
        let endpoint = value("IDENTITY_ENDPOINT");
        let secret = value("IDENTITY_HEADER");
        let addr = endpoint
            .strip_prefix("http://")
            .and_then(|e| e.strip_suffix("/msi/token"))
            .unwrap()
            .to_string();
        Server {
            child,
            rest: lines,
            endpoint,
            secret,
            addr,
        }
    }

    pub(crate) fn connect(&self) -> TcpStream {
        let s = TcpStream::connect(&self.addr).unwrap();
        s.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
        s
    }

    /// One GET of `query` with `headers` on a new connection.
    pub(crate) fn get(&self, query: &str, headers: &[(&str, &str)]) -> (u16, Value) {
        let mut s = self.connect();
        request(&mut s, &format!("/msi/token?{query}"), headers)
    }

    /// What an SDK sends for `resource`.
    pub(crate) fn token(&self, resource: &str) -> (u16, Value) {
        let q = format!("api-version=2019-08-01&resource={}", encode(resource));
        self.get(&q, &[("X-IDENTITY-HEADER", &self.secret)])
    }

    /// Send `sig`; the exit code and stderr.
    pub(crate) fn stop(mut self, sig: i32) -> (Option<i32>, String) {
        // SAFETY: a signal to the child this test started.
        unsafe { libc::kill(self.child.id() as i32, sig) };
        let status = self.child.wait().unwrap();
        let rest: Vec<String> = self.rest.by_ref().map(|l| l.unwrap()).collect();
        assert!(rest.is_empty(), "only the export lines on stdout: {rest:?}");
        let mut err = String::new();
        self.child
            .stderr
            .take()
            .unwrap()
            .read_to_string(&mut err)
            .unwrap();
        (status.code(), err)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

pub(crate) fn encode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// GET `target` on a kept-alive connection; the status and JSON body.
pub(crate) fn request(s: &mut TcpStream, target: &str, headers: &[(&str, &str)]) -> (u16, Value) {
    let mut req = format!("GET {target} HTTP/1.1\r\nHost: 127.0.0.1\r\n");
    for (k, v) in headers {
        req.push_str(&format!("{k}: {v}\r\n"));
    }
    req.push_str("\r\n");
    s.write_all(req.as_bytes()).unwrap();
    read_response(s).expect("a response")
}

/// One response from `s`: status and JSON body (`None`: closed).
pub(crate) fn read_response(s: &mut TcpStream) -> Option<(u16, Value)> {
    let mut head = Vec::new();
    let mut byte = [0u8; 1];
    while !head.ends_with(b"\r\n\r\n") {
        if s.read(&mut byte).ok()? == 0 {
            return None;
        }
        head.push(byte[0]);
    }
    let head = String::from_utf8(head).unwrap();
    let status: u16 = head.split(' ').nth(1).unwrap().parse().unwrap();
    let len: usize = head
        .lines()
        .find_map(|l| {
            l.to_ascii_lowercase()
                .strip_prefix("content-length:")
                .map(|v| v.trim().parse().unwrap())
        })
        .unwrap();
    let mut body = vec![0u8; len];
    s.read_exact(&mut body).unwrap();
    Some((status, serde_json::from_slice(&body).unwrap()))
}

fn assert_no_secret(body: &Value) {
    let text = body.to_string();
    for s in SECRETS {
        assert!(!text.contains(s), "{s} in {text}");
    }
}

fn refused(got: (u16, Value), status: u16, error: &str, says: &[&str]) {
    let (code, body) = got;
    assert_eq!(code, status, "{body}");
    assert_eq!(body["statusCode"], status, "{body}");
    assert_eq!(body["error"], error, "{body}");
    let message = body["message"].as_str().unwrap();
    for s in says {
        assert!(message.contains(s), "{s:?} not in {message}");
    }
    assert_no_secret(&body);
}

#[test]
fn serves_the_cached_token_in_the_app_service_format() {
    let (env, exp) = setup();
    let server = Server::start(&env, &[]);
    assert!(
        server.endpoint.starts_with("http://127.0.0.1:"),
        "{}",
        server.endpoint
    );
    assert_eq!(server.secret.len(), 64);
    let (status, body) = server.token(ARM);
    assert_eq!(status, 200, "{body}");
    assert_eq!(
        body,
        json!({"access_token": "arm-token", "expires_on": exp.to_string(), "resource": ARM,
               "token_type": "Bearer", "client_id": CLI})
    );
    // The resource as asked (az's trailing slash kept); R/.default is the scope.
    // `R/` is another resource than `R` (its scope is `R//.default`), as in
    // MSAL and the Azure CLI.
    refused(
        server.token(&format!("{VAULT}/")),
        400,
        "no_cached_token",
        &["https://vault.azure.net//.default"],
    );
    let (status, body) = server.token(VAULT);
    assert_eq!(
        (status, &body["access_token"]),
        (200, &json!("vault-token"))
    );
    assert_eq!(body["expires_on"], (exp + 60).to_string());
    // What the SDKs add: client_id / object_id of the served identity.
    let q = format!(
        "api-version=2019-08-01&resource={}&client_id={}",
        encode(GRAPH),
        CLI.to_uppercase()
    );
    let (status, body) = server.get(
        &q,
        &[("X-IDENTITY-HEADER", &server.secret), ("Metadata", "true")],
    );
    assert_eq!(
        (status, &body["access_token"]),
        (200, &json!("graph-token"))
    );
    for name in ["object_id", "principal_id"] {
        let q = format!(
            "api-version=2019-08-01&resource={}&{name}=a11ce",
            encode(GRAPH)
        );
        let (status, body) = server.get(&q, &[("x-identity-header", &server.secret)]);
        assert_eq!(
            (status, &body["access_token"]),
            (200, &json!("graph-token")),
            "{name}"
        );
    }
    let (code, err) = server.stop(libc::SIGTERM);
    assert_eq!(code, Some(143), "{err}");
    for s in SECRETS {
        assert!(!err.contains(s), "{err}");
    }
}

#[test]
fn every_refusal_says_why_and_holds_no_token() {
    let (env, _) = setup();
    let server = Server::start(&env, &[]);
    let ok = format!("api-version=2019-08-01&resource={}", encode(ARM));
    let secret = server.secret.clone();
    let h = [("X-IDENTITY-HEADER", secret.as_str())];
    refused(
        server.get(&ok, &[]),
        401,
        "unauthorized",
        &["no X-IDENTITY-HEADER"],
    );
    let wrong = format!("{}0", &secret[1..]);
    refused(
        server.get(&ok, &[("X-IDENTITY-HEADER", &wrong)]),
        401,
        "unauthorized",
        &["not this endpoint's IDENTITY_HEADER"],
    );
    refused(
        server.get(&format!("resource={}", encode(ARM)), &h),
        400,
        "invalid_request",
        &["no api-version"],
    );
    refused(
        server.get(
            &format!("api-version=2017-09-01&resource={}", encode(ARM)),
            &h,
        ),
        400,
        "invalid_request",
        &["2017-09-01", "2019-08-01"],
    );
    refused(
        server.get("api-version=2019-08-01", &h),
        400,
        "invalid_request",
        &["no resource"],
    );
    // No token: names the resource and what was found instead.
    refused(
        server.token("https://cosmos.azure.com"),
        400,
        "no_cached_token",
        &["https://cosmos.azure.com", "other scopes only"],
    );
    refused(
        server.token("https://storage.azure.com"),
        400,
        "no_cached_token",
        &["https://storage.azure.com", "expired"],
    );
    // Another identity than the served one.
    refused(
        server.get(
            &format!("{ok}&client_id=11111111-2222-3333-4444-555555555555"),
            &h,
        ),
        400,
        "identity_mismatch",
        &["11111111-2222-3333-4444-555555555555", CLI],
    );
    refused(
        server.get(&format!("{ok}&object_id=b0b"), &h),
        400,
        "identity_mismatch",
        &["`b0b`", "al***@contoso.com"],
    );
    refused(
        server.get(&format!("{ok}&principal_id=b0b"), &h),
        400,
        "identity_mismatch",
        &["`b0b`"],
    );
    refused(
        server.get(&format!("{ok}&mi_res_id=%2Fsubscriptions%2Fs%2Fx"), &h),
        400,
        "identity_mismatch",
        &["/subscriptions/s/x"],
    );
    // Not the endpoint, not a GET, a body, not HTTP.
    let mut s = server.connect();
    refused(
        request(&mut s, "/other", &h),
        404,
        "not_found",
        &["/msi/token"],
    );
    let mut s = server.connect();
    s.write_all(
        format!("POST /msi/token?{ok} HTTP/1.1\r\nX-IDENTITY-HEADER: {secret}\r\n\r\n").as_bytes(),
    )
    .unwrap();
    refused(
        read_response(&mut s).unwrap(),
        405,
        "method_not_allowed",
        &["GET"],
    );
    let mut s = server.connect();
    s.write_all(
        format!("GET /msi/token?{ok} HTTP/1.1\r\nX-IDENTITY-HEADER: {secret}\r\nContent-Length: 4\r\n\r\nbody").as_bytes(),
    )
    .unwrap();
    refused(
        read_response(&mut s).unwrap(),
        400,
        "invalid_request",
        &["without a body"],
    );
    assert!(read_response(&mut s).is_none(), "closed after a body");
    let mut s = server.connect();
    s.write_all(b"HELLO\r\n\r\n").unwrap();
    refused(
        read_response(&mut s).unwrap(),
        400,
        "invalid_request",
        &["request line"],
    );
    // A head larger than 8 KiB: 431 and closed.
    let mut s = server.connect();
    let big = "x".repeat(10 << 10);
    let _ = s.write_all(format!("GET /msi/token?{ok} HTTP/1.1\r\nX-Pad: {big}\r\n\r\n").as_bytes());
    refused(
        read_response(&mut s).unwrap(),
        431,
        "request_too_large",
        &["8192"],
    );
    // Still serving.
    assert_eq!(server.token(ARM).0, 200);
    let (code, err) = server.stop(libc::SIGINT);
    assert_eq!(code, Some(130), "{err}");
    // One stderr line per refusal, none with a secret.
    assert!(err.contains("400 no_cached_token"), "{err}");
    assert!(!err.contains(&secret), "{err}");
    for s in SECRETS {
        assert!(!err.contains(s), "{err}");
    }
}

#[test]
fn slow_and_silent_clients_do_not_stop_the_others() {
    let (env, _) = setup();
    let server = Server::start(&env, &[]);
    // Half a request head, never finished, and 50 silent connections.
    let mut slow = server.connect();
    slow.write_all(b"GET /msi/token?api-version=2019-08-01 HTTP/1.1\r\nX-Pad: ")
        .unwrap();
    let silent: Vec<TcpStream> = (0..50).map(|_| server.connect()).collect();
    let started = Instant::now();
    assert_eq!(server.token(ARM).0, 200);
    // The slow client is disconnected after the head deadline (5 s),
    // without an answer.
    assert!(read_response(&mut slow).is_none());
    assert!(
        started.elapsed() >= Duration::from_secs(4),
        "{:?}",
        started.elapsed()
    );
    drop(silent);
    assert_eq!(server.token(VAULT).0, 200);
}

#[test]
fn the_cache_is_read_again_when_it_changes() {
    let (env, exp) = setup();
    let server = Server::start(&env, &[]);
    assert_eq!(server.token(ARM).1["access_token"], "arm-token");
    store(&env, &cache(exp, "arm-token-2"));
    assert_eq!(server.token(ARM).1["access_token"], "arm-token-2");
    // Cleared: refused, naming where the cache was looked for.
    let out = env.file_cmd().arg("clear").output().unwrap();
    assert!(out.status.success(), "{}", out.stderr_text());
    let (status, body) = server.token(ARM);
    assert_eq!(
        (status, &body["error"]),
        (400, &json!("no_cache")),
        "{body}"
    );
    store(&env, &cache(exp, "arm-token-3"));
    assert_eq!(server.token(ARM).1["access_token"], "arm-token-3");
}

/// Counts the creations of one file name in a folder (inotify).
pub(crate) struct Creations {
    fd: i32,
    name: Vec<u8>,
}

impl Creations {
    pub(crate) fn watch(path: &std::path::Path) -> Creations {
        use std::os::unix::ffi::OsStrExt;
        let dir = std::ffi::CString::new(path.parent().unwrap().as_os_str().as_bytes()).unwrap();
        // SAFETY: plain system calls on a descriptor this test owns.
        let fd = unsafe { libc::inotify_init1(libc::IN_NONBLOCK | libc::IN_CLOEXEC) };
        assert!(fd >= 0);
        // IN_DELETE too: inotify merges an event into an identical unread
        // one, and a creation after a removal is not identical to the one
        // before it.
        let mask = libc::IN_CREATE | libc::IN_DELETE;
        assert!(unsafe { libc::inotify_add_watch(fd, dir.as_ptr(), mask) } >= 0);
        Creations {
            fd,
            name: path.file_name().unwrap().as_bytes().to_vec(),
        }
    }

    /// How many times the file was created since the last call.
    pub(crate) fn count(&self) -> usize {
        let mut n = 0;
        let mut buf = [0u8; 8192];
        loop {
            // SAFETY: reading into a buffer of the length given.
            let got = unsafe { libc::read(self.fd, buf.as_mut_ptr().cast(), buf.len()) };
            if got <= 0 {
                return n;
            }
            let mut at = 0;
            while at < got as usize {
                // struct inotify_event: wd, mask, cookie, len, name[len].
                let len = u32::from_ne_bytes(buf[at + 12..at + 16].try_into().unwrap()) as usize;
                let name = &buf[at + 16..at + 16 + len];
                let name = &name[..name.iter().position(|&b| b == 0).unwrap_or(len)];
                let mask = u32::from_ne_bytes(buf[at + 4..at + 8].try_into().unwrap());
                if mask & libc::IN_CREATE != 0 && name == self.name.as_slice() {
                    n += 1;
                }
                at += 16 + len;
            }
        }
    }
}

impl Drop for Creations {
    fn drop(&mut self) {
        // SAFETY: closing the descriptor this value owns.
        unsafe { libc::close(self.fd) };
    }
}

/// While `update` holds the lock, 32 concurrent requests wait (none is
/// answered from a read older than the one allowed), then all get what
/// `update` wrote; and the lock is taken for them one read at a time, not
/// once per request (counted with inotify: each hold creates the lock file).
#[test]
fn concurrent_requests_wait_for_a_held_lock_and_take_it_one_read_at_a_time() {
    let (env, _) = setup();
    let server = Server::start(&env, &[]);
    assert_eq!(server.token(ARM).1["access_token"], "arm-token");
    let dir = env.dir.path();
    let script = format!(
        "touch '{0}/started'; while [ ! -e '{0}/release' ]; do sleep 0.05; done; \
         sed 's/\"arm-token\"/\"arm-token-2\"/'",
        dir.display()
    );
    let update = env
        .file_std_cmd()
        .args(["update", "--", "sh", "-c", &script])
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(20);
    while !dir.join("started").exists() {
        assert!(Instant::now() < deadline, "update never ran its command");
        std::thread::sleep(Duration::from_millis(20));
    }
    // Past the kept read's 1 s: each request needs a read under the lock.
    std::thread::sleep(Duration::from_millis(1200));
    let lock = {
        let mut p = env.cache_path().into_os_string();
        p.push(".lockfile");
        std::path::PathBuf::from(p)
    };
    let creations = Creations::watch(&lock);
    let answered = std::sync::atomic::AtomicUsize::new(0);
    let target = format!("/msi/token?api-version=2019-08-01&resource={}", encode(ARM));
    let bodies: Vec<(u16, Value)> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..32)
            .map(|_| {
                let (server, target, answered) = (&server, &target, &answered);
                scope.spawn(move || {
                    let mut s = server.connect();
                    let got = request(&mut s, target, &[("X-IDENTITY-HEADER", &server.secret)]);
                    answered.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                    got
                })
            })
            .collect();
        std::thread::sleep(Duration::from_millis(500));
        assert_eq!(
            answered.load(std::sync::atomic::Ordering::SeqCst),
            0,
            "answered while update held the lock"
        );
        std::fs::write(dir.join("release"), "").unwrap();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    for (status, body) in &bodies {
        assert_eq!(*status, 200, "{body}");
        assert_eq!(body["access_token"], "arm-token-2", "{body}");
    }
    let out = update.wait_with_output().unwrap();
    assert!(out.status.success(), "{}", out.stderr_text());
    // One read waited for the lock; having taken the file's identity before
    // waiting, the next read finds it changed and reads once more. Never
    // one per request.
    let taken = creations.count();
    assert!((1..=2).contains(&taken), "the lock was taken {taken} times");
}

#[test]
fn cmd_gets_the_endpoint_in_its_environment_and_its_status_is_the_exit_code() {
    let (env, _) = setup();
    // The variables are there, the secret is in no argv, the shadowing
    // variables and tokencache's secrets are not passed on.
    let script = r#"
        case "$IDENTITY_ENDPOINT" in http://127.0.0.1:*/msi/token) ;; *) echo "endpoint $IDENTITY_ENDPOINT"; exit 90;; esac
        [ ${#IDENTITY_HEADER} -eq 64 ] || exit 91
        if grep -qa "$IDENTITY_HEADER" /proc/[0-9]*/cmdline 2>/dev/null; then exit 92; fi
        [ -z "${IDENTITY_SERVER_THUMBPRINT-}${IMDS_ENDPOINT-}${MSI_ENDPOINT-}${TOKENCACHE_KEY-}" ] || exit 93
        exit 7
    "#;
    let out = env
        .file_cmd()
        .env("IDENTITY_SERVER_THUMBPRINT", "ab")
        .env("IMDS_ENDPOINT", "http://x")
        .env("MSI_ENDPOINT", "http://y")
        .env("TOKENCACHE_KEY", "c2VjcmV0LWtleQ==")
        .args(["serve", "--managed-identity", "--", "sh", "-c", script])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(7),
        "{}{}",
        out.stdout_text(),
        out.stderr_text()
    );
    assert!(out.stdout.is_empty(), "no export lines with CMD");
    // Not found: 127, as a shell says.
    let out = env
        .file_cmd()
        .args(["serve", "--managed-identity", "--", "no-such-command-here"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(127), "{}", out.stderr_text());
}

#[test]
fn sigterm_stops_cmd_and_exits_143() {
    let (env, _) = setup();
    let pidfile = env.dir.path().join("cmd.pid");
    let mut child = env
        .file_std_cmd()
        .args(["serve", "--managed-identity", "--", "sh", "-c"])
        .arg(format!("echo $$ > {}; exec sleep 60", pidfile.display()))
        .spawn()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(20);
    let pid: i32 = loop {
        if let Some(pid) = std::fs::read_to_string(&pidfile)
            .ok()
            .and_then(|s| s.trim().parse().ok())
        {
            break pid;
        }
        assert!(Instant::now() < deadline, "CMD never started");
        std::thread::sleep(Duration::from_millis(20));
    };
    // SAFETY: signals to processes this test started.
    unsafe { libc::kill(child.id() as i32, libc::SIGTERM) };
    assert_eq!(child.wait().unwrap().code(), Some(143));
    assert_ne!(unsafe { libc::kill(pid, 0) }, 0, "CMD was stopped");
}

#[test]
fn listening_beyond_loopback_warns() {
    let (env, _) = setup();
    // 0.0.0.0 on a random port is not loopback; the warning says so.
    let server = Server::start(&env, &["--listen", "0.0.0.0:0"]);
    assert!(server.endpoint.starts_with("http://0.0.0.0:"));
    let port = server.addr.rsplit_once(':').unwrap().1.to_string();
    let mut s = TcpStream::connect(format!("127.0.0.1:{port}")).unwrap();
    let (status, _) = request(
        &mut s,
        &format!("/msi/token?api-version=2019-08-01&resource={}", encode(ARM)),
        &[("X-IDENTITY-HEADER", &server.secret)],
    );
    assert_eq!(status, 200);
    let (_, err) = server.stop(libc::SIGTERM);
    assert!(err.contains("warning: serving tokens on 0.0.0.0:"), "{err}");
}

/// 2,000 requests from 32 concurrent kept-alive clients, each for one of
/// three resources: zero errors, every body the right token. No timing.
#[test]
fn load_2000_requests_from_32_clients_all_correct() {
    let (env, exp) = setup();
    let server = Server::start(&env, &[]);
    let resources = [
        (ARM, "arm-token", exp),
        (VAULT, "vault-token", exp + 60),
        (GRAPH, "graph-token", exp + 120),
    ];
    let addr = server.addr.clone();
    let secret = server.secret.clone();
    let results: Vec<usize> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..32)
            .map(|client| {
                let addr = &addr;
                let secret = &secret;
                scope.spawn(move || {
                    let mut s = TcpStream::connect(addr).unwrap();
                    s.set_read_timeout(Some(Duration::from_secs(60))).unwrap();
                    let n = 2000 / 32 + usize::from(client < 2000 % 32);
                    let mut good = 0;
                    for i in 0..n {
                        let (resource, token, exp) = resources[(client + i) % 3];
                        let (status, body) = request(
                            &mut s,
                            &format!("/msi/token?api-version=2019-08-01&resource={}", encode(resource)),
                            &[("X-IDENTITY-HEADER", secret)],
                        );
                        assert_eq!(status, 200, "{body}");
                        assert_eq!(
                            body,
                            json!({"access_token": token, "expires_on": exp.to_string(), "resource": resource,
                                   "token_type": "Bearer", "client_id": CLI})
                        );
                        good += 1;
                    }
                    good
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    assert_eq!(results.iter().sum::<usize>(), 2000);
}

/// `python consumers.py managed-identity …` or `node managed_identity.mjs …`
/// inside `serve -- CMD`; its JSON.
fn sdk(env: &Env, cmd: &[String], default_only_mi: bool) -> Value {
    let mut c = env.file_std_cmd();
    c.args(["serve", "--managed-identity", "--"]).args(cmd);
    if default_only_mi {
        // azure-identity `DefaultAzureCredential.__init__` and
        // @azure/identity `DefaultAzureCredential`: only this credential.
        c.env("AZURE_TOKEN_CREDENTIALS", "ManagedIdentityCredential");
    }
    let out = c.output().unwrap();
    assert!(out.status.success(), "{}", out.stderr_text());
    serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}{}", out.stdout_text(), out.stderr_text()))
}

#[test]
fn azure_identity_python_gets_the_cached_token_from_serve() {
    let python = peers_dir().join("venv/bin/python");
    require!(
        python.exists(),
        "azure-identity (bash tests/peers/install.sh)"
    );
    let (env, exp) = setup();
    let script = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/peers/consumers.py");
    let run = |credential: &str, scope: &str, client: Option<&str>| {
        let mut cmd = vec![
            python.display().to_string(),
            script.display().to_string(),
            "managed-identity".to_string(),
            credential.to_string(),
            scope.to_string(),
        ];
        cmd.extend(client.map(str::to_string));
        sdk(&env, &cmd, credential == "default")
    };
    assert_eq!(
        run("mi", &format!("{ARM}/.default"), None),
        json!({"token": "arm-token", "expires_on": exp})
    );
    assert_eq!(
        run("default", &format!("{VAULT}/.default"), None),
        json!({"token": "vault-token", "expires_on": exp + 60})
    );
    assert_eq!(
        run("mi", &format!("{GRAPH}/.default"), Some(CLI)),
        json!({"token": "graph-token", "expires_on": exp + 120})
    );
    // Refusals reach the application as the SDK's error, with our message.
    let out = run("mi", "https://cosmos.azure.com/.default", None);
    assert_eq!(out["error"], "CredentialUnavailableError", "{out}");
    assert!(
        out["message"]
            .as_str()
            .unwrap()
            .contains("no cached access token"),
        "{out}"
    );
    let out = run(
        "mi",
        &format!("{ARM}/.default"),
        Some("11111111-2222-3333-4444-555555555555"),
    );
    assert!(
        out["message"].as_str().unwrap().contains("client_id"),
        "{out}"
    );
}

#[test]
fn azure_identity_js_gets_the_cached_token_from_serve() {
    let modules = peers_dir().join("node/node_modules");
    require!(
        modules.join("@azure/identity").is_dir() && crate::support::have("node"),
        "@azure/identity and node (bash tests/peers/install.sh)"
    );
    let (env, exp) = setup();
    let script =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/peers/managed_identity.mjs");
    let run = |credential: &str, scope: &str, client: Option<&str>| {
        let mut cmd = vec![
            "node".to_string(),
            script.display().to_string(),
            modules.display().to_string(),
            credential.to_string(),
            scope.to_string(),
        ];
        cmd.extend(client.map(str::to_string));
        sdk(&env, &cmd, credential == "default")
    };
    js_token(
        run("mi", &format!("{ARM}/.default"), None),
        "arm-token",
        exp,
    );
    js_token(
        run("default", &format!("{VAULT}/.default"), None),
        "vault-token",
        exp + 60,
    );
    js_token(
        run("mi", &format!("{GRAPH}/.default"), Some(CLI)),
        "graph-token",
        exp + 120,
    );
    let out = run(
        "mi",
        &format!("{ARM}/.default"),
        Some("11111111-2222-3333-4444-555555555555"),
    );
    assert!(
        out["message"].as_str().unwrap().contains("client_id"),
        "{out}"
    );
}

/// msal-node turns `expires_on` into `expires_in` and back, reading the
/// clock twice (`BaseManagedIdentitySource.getServerTokenResponse`, then
/// the response handler): the expiry it reports may be a second early.
fn js_token(out: Value, token: &str, exp: i64) {
    assert_eq!(out["token"], token, "{out}");
    let got = out["expires_on"].as_f64().unwrap() as i64;
    assert!((exp - 1..=exp).contains(&got), "{got} vs {exp}");
}

/// An address serve cannot listen on (taken here) is a usage error (exit 2)
/// that names it, before anything is served or run.
#[test]
fn an_address_it_cannot_listen_on_is_exit_2() {
    let (env, _) = setup();
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = taken.local_addr().unwrap().to_string();
    let out = env
        .file_std_cmd()
        .args([
            "serve",
            "--managed-identity",
            "--listen",
            &addr,
            "--",
            "true",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", out.stderr_text());
    assert!(
        out.stderr_text()
            .contains(&format!("cannot listen on {addr}")),
        "{}",
        out.stderr_text()
    );
    assert!(out.stdout.is_empty());
}
