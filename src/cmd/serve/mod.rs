//! `tokencache serve --managed-identity [--listen ADDR:PORT] [-- CMD]`: be the
//! managed-identity endpoint that code running in Azure asks for tokens
//! (`IDENTITY_ENDPOINT` + `IDENTITY_HEADER`, the App Service protocol,
//! [`protocol`]), answered from the cache, so that the same code gets tokens
//! locally or in a container without the Azure CLI.
//!
//! - **Which token**: a request for resource `R` is `token --scope
//!   R/.default` with the account, client and tenant options given to
//!   `serve` ([`crate::cache::token::find`]): never a refresh token, and
//!   the network only with `--refresh` (below). A `client_id` that is not the served token's client, an
//!   `object_id`/`principal_id` that is not its account's object id, and any
//!   `mi_res_id` (a cache holds no Azure resource id) are refused.
//! - **The cache** is read under the lock by one thread, the main one,
//!   which also watches CMD and the signals: requests never take the lock
//!   to read, and however many arrive at once it is taken once at a time
//!   (single flight for every scope together). For the stores whose cache
//!   *is* the file at the cache path (file, encrypted file, DPAPI) the bytes
//!   read are kept and read again when the file's identity, size or mtime
//!   changes, and at least every [`MAX_AGE`]; for the others (keyrings,
//!   Redis) each request has the cache read, coalesced with the requests
//!   waiting at the same time.
//! - **Safety**: loopback on a random port unless `--listen` names another
//!   address (a warning: the header secret is then the only protection).
//!   The secret is 32 random bytes, in CMD's environment or on stdout,
//!   never in an argv; it is compared in constant time. Nothing is logged
//!   but one line per refused request (without its secret or a token).
//!   The HTTP limits are in `http.rs`.
//! - **CMD** runs as `update`'s does ([`crate::child`]): its own process
//!   group, tokencache's secrets removed, and also the variables that would
//!   make the SDKs pick another managed-identity source
//!   ([`SHADOWING_VARIABLES`]). tokencache exits with CMD's status.
//! - **Signals**: SIGINT/SIGTERM (Ctrl-C on Windows) stop accepting, let the
//!   requests in flight finish (for up to `DRAIN`, 2 s: a refresh answered by
//!   then is stored and served; a read or refresh still waiting for the
//!   lock is answered 503; one still waiting for the token endpoint is
//!   abandoned, nothing written), stop CMD's process group, and exit 130/143.
//! - **Refresh**, only with `--refresh` (`TOKENCACHE_REFRESH=1`): a
//!   resource whose token is missing or has less than `--min-validity` left
//!   is refreshed by [`super::refresh::refresh_finishing`], the code path of
//!   `token --refresh` (under the cache lock from reading to writing, the
//!   network call included; a token another process stored meanwhile is
//!   served without a request). Single flight per scope (`Flights`): the
//!   first request for a scope refreshes on its own connection thread, the
//!   ones for the same scope arriving meanwhile wait for its answer, and
//!   the other scopes go on being answered: while a refresh of this process
//!   holds the lock, nobody else who honours it can change the cache, so
//!   the read kept (when the file has not changed) is as fresh as a read
//!   under the lock would be. A refused refresh (`invalid_grant`, …) is a
//!   400 naming the resource and the AADSTS code; a network failure a 503,
//!   which every SDK retries (see `refusal_of`); neither holds a token,
//!   and neither changes the cache. Without `--refresh` an expired token is
//!   refused like `token` refuses it and nothing is sent. `--force-refresh`
//!   is refused when `serve` starts: a new token for every request would
//!   redeem the refresh token on every SDK call (Entra throttles that), and
//!   a forced refresh once is `token --force-refresh` beside the server,
//!   whose write `serve` then reads.

mod http;
pub mod protocol;

use std::collections::HashMap;
use std::ffi::OsString;
use std::io::Write;
use std::net::{SocketAddr, TcpListener};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{mpsc, Arc, Condvar, Mutex, RwLock};
use std::time::{Duration, Instant};

use zeroize::Zeroizing;

use super::document::now;
use super::{open, Intent};
use crate::cache;
use crate::cache::token::{self, AccountFilter, Outcome, Request, Served};
use crate::cache::view::View;
use crate::cli::ServeArgs;
use crate::config::Config;
use crate::error::{Error, Result};
use crate::{child, signals};
use protocol::{Identity, Refusal};

/// The variables CMD gets.
pub const ENDPOINT_VARIABLE: &str = "IDENTITY_ENDPOINT";
/// The variable holding the secret header value.
pub const HEADER_VARIABLE: &str = "IDENTITY_HEADER";

/// Variables removed from CMD's environment because, beside
/// `IDENTITY_ENDPOINT`, they make the SDKs choose another source
/// (azure-identity `ManagedIdentityCredential.__init__`, MSAL Python
/// `_obtain_token`, msal-node `ManagedIdentityClient.selectManagedIdentitySource`):
/// `IDENTITY_SERVER_THUMBPRINT` selects Service Fabric, `IMDS_ENDPOINT`
/// Azure Arc, `MSI_ENDPOINT`/`MSI_SECRET` Azure ML and Cloud Shell.
pub const SHADOWING_VARIABLES: &[&str] = &[
    "IDENTITY_SERVER_THUMBPRINT",
    "IMDS_ENDPOINT",
    "MSI_ENDPOINT",
    "MSI_SECRET",
];

/// The longest a cache read is kept for a store watched by its file.
pub const MAX_AGE: Duration = Duration::from_secs(1);
/// How long requests in flight get to finish once serving stops.
const DRAIN: Duration = Duration::from_secs(2);
/// How often the main thread looks at the signals and CMD.
const POLL: Duration = Duration::from_millis(20);

/// Serve until CMD exits (then exit with its status) or a signal arrives
/// (then exit 128 + its number). Returns only on a failure to start.
pub fn run(config: &Config, args: &ServeArgs, out: &mut dyn Write) -> Result<()> {
    let listen = args
        .listen
        .unwrap_or_else(|| SocketAddr::from(([127, 0, 0, 1], 0)));
    if args.refresh.force_refresh {
        return Err(Error::Config {
            message: "serve does not take --force-refresh: a new token for every request would \
                      redeem the refresh token on every SDK call"
                .into(),
            hint: "serve --refresh refreshes a resource's token when it is missing or expiring; for \
                   one new token now (after a PIM activation), run `tokencache token --force-refresh \
                   --scope R/.default` beside it: serve reads the cache it writes"
                .into(),
        });
    }
    let refresh = if args.refresh.refresh {
        Some(Refresher {
            authority: args
                .refresh
                .authority
                .as_deref()
                .map(super::refresh::Authority::parse)
                .transpose()?,
            timeout: args.refresh.network_timeout,
            config: config.clone(),
        })
    } else {
        None
    };
    // Deferred from here on: a signal is handled by the loop below.
    let _critical = signals::Critical::enter();
    let session = open(config, Intent::Read)?;
    let store = session.store();
    let locked = store.uses_lock_file();
    let watched = locked && store.keeps_cache_at_path();
    // The configuration is checked now, not at the first request: a store
    // that cannot be read fails here (no cache yet is fine).
    let first = load(&session, &config.cache_path, watched)?;
    let listener = TcpListener::bind(listen).map_err(|e| Error::Config {
        message: format!("cannot listen on {listen}: {e}"),
        hint: "name a free local address with --listen, e.g. --listen 127.0.0.1:0 (any free port)"
            .into(),
    })?;
    let local = listener.local_addr().map_err(|e| Error::Config {
        message: format!("cannot listen on {listen}: {e}"),
        hint: "name another address with --listen".into(),
    })?;
    if !local.ip().is_loopback() {
        let _ = writeln!(
            std::io::stderr(),
            "warning: serving tokens on {local}, which is not loopback: whoever reaches it and \
             knows IDENTITY_HEADER gets the cached tokens; keep it to a private network (a \
             container bridge), never a public interface"
        );
    }
    let endpoint = format!("http://{local}{}", protocol::PATH);
    let secret = Zeroizing::new(new_secret()?);

    let (reload_tx, reload_rx) = mpsc::channel::<mpsc::Sender<Loaded>>();
    let shared = Arc::new(Shared {
        secret: Zeroizing::new(secret.as_bytes().to_vec()),
        args: args.clone(),
        cache_path: config.cache_path.clone(),
        watched,
        locked,
        snapshot: RwLock::new(first.ok().map(Arc::new)),
        refresh,
        flights: Flights::default(),
        reload: Mutex::new(reload_tx),
        quiet: config.quiet,
    });
    let handler_state = Arc::clone(&shared);
    let server = http::Server::new(move |head: &http::Head<'_>| answer(&handler_state, head));
    server.spawn(listener).map_err(|e| Error::Config {
        message: format!("cannot start the server thread: {e}"),
        hint: "the system is out of threads or memory".into(),
    })?;

    let mut process = match args.command.split_first() {
        Some((first, rest)) => Some(spawn(config, first, rest, &endpoint, &secret)?),
        None => {
            let lines = format!(
                "export {ENDPOINT_VARIABLE}='{endpoint}'\nexport {HEADER_VARIABLE}='{}'\n",
                &*secret
            );
            super::emit(out, lines.as_bytes())?;
            None
        }
    };

    let finish = |code: i32| -> ! {
        server.stopping.store(true, Ordering::SeqCst);
        let deadline = Instant::now() + DRAIN;
        while server.in_flight.load(Ordering::SeqCst) > 0 && Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(5));
        }
        std::process::exit(code)
    };
    loop {
        if let Some(sig) = signals::received() {
            if let Some((child, _)) = process.as_mut() {
                child::stop(child);
            }
            finish(signals::exit_status(sig));
        }
        if let Some((child, program)) = process.as_mut() {
            match child.try_wait() {
                Ok(Some(status)) => finish(exit_status(status)),
                Ok(None) => {}
                Err(e) => {
                    let _ = writeln!(
                        std::io::stderr(),
                        "tokencache: cannot wait for {program}: {e}"
                    );
                    child::stop(child);
                    finish(1);
                }
            }
        }
        match reload_rx.recv_timeout(POLL) {
            Ok(waiter) => {
                let mut waiters = vec![waiter];
                waiters.extend(reload_rx.try_iter());
                let fresh = shared.fresh_snapshot();
                let loaded = match fresh {
                    Some(s) => Ok(s),
                    None => match load(&session, &config.cache_path, watched) {
                        Ok(Ok(snapshot)) => {
                            let snapshot = Arc::new(snapshot);
                            *shared.snapshot.write().unwrap_or_else(|e| e.into_inner()) =
                                Some(Arc::clone(&snapshot));
                            Ok(snapshot)
                        }
                        Ok(Err(refusal)) => Err(refusal),
                        Err(e) => Err(store_refusal(&e)),
                    },
                };
                for w in waiters {
                    let _ = w.send(loaded.clone());
                }
            }
            Err(mpsc::RecvTimeoutError::Timeout) => {}
            Err(mpsc::RecvTimeoutError::Disconnected) => finish(1),
        }
    }
}

/// The cache as read, or why it could not be used.
type Loaded = std::result::Result<Arc<Snapshot>, Refusal>;

/// One read of the cache.
struct Snapshot {
    /// The file's identity when it was read (watched stores only).
    fingerprint: Option<Fingerprint>,
    /// When it was read.
    at: Instant,
    /// The cache JSON, validated.
    bytes: Zeroizing<Vec<u8>>,
    /// The lookups made in this read, by scope: see [`Snapshot::find`].
    found: Mutex<HashMap<String, (i64, Found)>>,
}

/// A lookup in one read of the cache: `None` when the cache is not a JSON
/// object.
type Found = Option<std::result::Result<Outcome, token::BadRequest>>;

/// Lookups kept per read of the cache; past this many scopes the kept ones
/// are forgotten (a read lives [`MAX_AGE`] at most anyway).
const FOUND_MAX: usize = 64;

impl Snapshot {
    /// [`token::find`] in this read of the cache, remembered. Parsing the
    /// cache again for each request was most of what a request cost (with
    /// a 150 KiB cache, serde_json and its UTF-8 check were about two
    /// thirds of serve's perf samples under load; `benches/serve.sh`). A
    /// lookup's outcome depends only on the bytes, the options fixed when
    /// `serve` started, the scope and `now` (whole seconds): one made for
    /// the same scope in the same second answers the same, and is served
    /// again. Outcomes change with `now` (a token expires, or one cached
    /// "in the future" becomes servable), so a lookup of another second is
    /// made again. A lookup is made under the lock of the kept ones: the
    /// requests arriving meanwhile wait for it rather than all parsing the
    /// cache at once (with a large cache, 32 clients would otherwise parse
    /// it 32 times at the start of every second).
    fn find(&self, request: &Request) -> Found {
        let key = request.scopes.join(" ");
        let mut kept = self.found.lock().unwrap_or_else(|e| e.into_inner());
        if let Some((at, found)) = kept.get(&key) {
            if *at == request.now {
                return found.clone();
            }
        }
        let found = View::parse(&self.bytes).map(|view| token::find(&view, request));
        if kept.len() >= FOUND_MAX && !kept.contains_key(&key) {
            kept.clear();
        }
        kept.insert(key, (request.now, found.clone()));
        found
    }
}

/// A file's identity, size and times: a write (in place or by rename)
/// changes at least one.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Fingerprint {
    len: u64,
    modified: Option<std::time::SystemTime>,
    #[cfg(unix)]
    inode: (u64, u64, i64, i64),
}

fn fingerprint(path: &Path) -> Option<Fingerprint> {
    let meta = std::fs::metadata(path).ok()?;
    Some(Fingerprint {
        len: meta.len(),
        modified: meta.modified().ok(),
        #[cfg(unix)]
        inode: {
            use std::os::unix::fs::MetadataExt;
            (meta.dev(), meta.ino(), meta.ctime(), meta.ctime_nsec())
        },
    })
}

/// What the request handlers share with the main thread.
struct Shared {
    secret: Zeroizing<Vec<u8>>,
    args: ServeArgs,
    cache_path: PathBuf,
    watched: bool,
    /// Whether the store is serialised by the lock file.
    locked: bool,
    snapshot: RwLock<Option<Arc<Snapshot>>>,
    /// How to refresh (`--refresh`), if at all.
    refresh: Option<Refresher>,
    /// The refreshes in flight, one per scope.
    flights: Flights,
    /// Asks the main thread for a read of the cache; it answers on the
    /// sender given.
    reload: Mutex<mpsc::Sender<mpsc::Sender<Loaded>>>,
    quiet: bool,
}

impl Shared {
    /// The kept read, when the store is watched and the file has not
    /// changed since (and it is younger than [`MAX_AGE`]). While a refresh
    /// of this process is in flight, the kept read of a store serialised
    /// by the lock is used whatever its age (when its file, if watched, has
    /// not changed): a read would wait for the refresh, which holds the
    /// lock, and while it does no writer that honours the lock can change
    /// the cache. (While the refresh itself waits for another holder, a
    /// keyring's change by that holder is seen once the refresh is done;
    /// a file's is seen at once.)
    fn fresh_snapshot(&self) -> Option<Arc<Snapshot>> {
        let refreshing = self.locked && self.flights.active.load(Ordering::SeqCst) > 0;
        if !self.watched && !refreshing {
            return None;
        }
        let kept = self
            .snapshot
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .clone()?;
        if !self.watched {
            return Some(kept);
        }
        let now = fingerprint(&self.cache_path);
        (now.is_some() && kept.fingerprint == now && (refreshing || kept.at.elapsed() < MAX_AGE))
            .then_some(kept)
    }

    /// The cache to answer from: the kept read, or a new one by the main
    /// thread.
    fn current(&self) -> Loaded {
        if let Some(s) = self.fresh_snapshot() {
            return Ok(s);
        }
        let (tx, rx) = mpsc::channel();
        let sent = self
            .reload
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .send(tx);
        if sent.is_err() {
            return Err(stopping());
        }
        rx.recv().unwrap_or_else(|_| Err(stopping()))
    }
}

/// Read the cache under the lock and validate it. The outer error is a
/// store failure; the inner one, a cache that cannot be served from.
fn load(
    session: &super::Session<'_>,
    cache_path: &Path,
    watched: bool,
) -> Result<std::result::Result<Snapshot, Refusal>> {
    let fp = if watched {
        fingerprint(cache_path)
    } else {
        None
    };
    let store = session.store();
    let Some(bytes) = session.load()? else {
        let e = super::no_cache(store);
        return Ok(Err(Refusal::new(400, "no_cache", e.to_string())));
    };
    let bytes = Zeroizing::new(bytes);
    if let Err(e) = cache::validate(&bytes) {
        return Err(Error::Corrupt {
            location: store.describe().summary,
            detail: format!("it {e}"),
        });
    }
    Ok(Ok(Snapshot {
        fingerprint: fp,
        at: Instant::now(),
        bytes,
        found: Mutex::default(),
    }))
}

/// A store failure as an answer: 500, the error's message and hint (which
/// never hold a secret); a read interrupted by the signal that stops
/// `serve`, 503.
fn store_refusal(e: &Error) -> Refusal {
    if matches!(e, Error::Interrupted) {
        return stopping();
    }
    let hint = e.hint().map(|h| format!(" ({h})")).unwrap_or_default();
    Refusal::new(500, "cache_unavailable", format!("{e}{hint}"))
}

fn stopping() -> Refusal {
    Refusal::new(503, "stopping", "tokencache serve is stopping")
}

/// What `--refresh` needs: `token --refresh`'s options, without force.
struct Refresher {
    authority: Option<super::refresh::Authority>,
    timeout: Duration,
    /// The configuration each refresh opens the store with.
    config: Config,
}

/// A refresh's outcome, shared by the requests that waited for it.
type Refreshed = std::result::Result<Arc<Served>, Refusal>;

/// The refreshes in flight: at most one per scope.
#[derive(Default)]
struct Flights {
    by_scope: Mutex<HashMap<String, Arc<Flight>>>,
    /// How many are running (see [`Shared::fresh_snapshot`]).
    active: AtomicUsize,
}

/// One refresh, and the requests waiting for it.
#[derive(Default)]
struct Flight {
    outcome: Mutex<Option<Refreshed>>,
    done: Condvar,
}

/// Ends a refresh whatever happens to it: records an outcome (a panic
/// leaves a 500, so that the waiting requests are answered), wakes the
/// waiting requests, and forgets the flight.
struct Landing<'a> {
    flights: &'a Flights,
    key: &'a str,
    flight: &'a Flight,
}

impl Drop for Landing<'_> {
    fn drop(&mut self) {
        {
            let mut outcome = self
                .flight
                .outcome
                .lock()
                .unwrap_or_else(|e| e.into_inner());
            if outcome.is_none() {
                *outcome = Some(Err(Refusal::new(
                    500,
                    "refresh_failed",
                    "the refresh stopped unexpectedly; nothing was written",
                )));
            }
        }
        self.flight.done.notify_all();
        self.flights
            .by_scope
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .remove(self.key);
        self.flights.active.fetch_sub(1, Ordering::SeqCst);
    }
}

impl Shared {
    /// `request`'s token by a refresh: this request's own, or the one in
    /// flight for the same scope.
    fn refreshed(&self, refresher: &Refresher, request: &Request, resource: &str) -> Refreshed {
        let key = request.scopes.join(" ");
        let (flight, leads) = {
            let mut map = self
                .flights
                .by_scope
                .lock()
                .unwrap_or_else(|e| e.into_inner());
            match map.get(&key) {
                Some(f) => (Arc::clone(f), false),
                None => {
                    let f = Arc::new(Flight::default());
                    map.insert(key.clone(), Arc::clone(&f));
                    self.flights.active.fetch_add(1, Ordering::SeqCst);
                    (f, true)
                }
            }
        };
        if leads {
            let _landing = Landing {
                flights: &self.flights,
                key: &key,
                flight: &flight,
            };
            // Without force: a token stored meanwhile (by another process,
            // or by a refresh of the same token for another scope spelling)
            // is found under the lock and served without a request.
            let outcome = super::refresh::refresh_finishing(
                &refresher.config,
                request,
                refresher.authority.as_ref(),
                refresher.timeout,
            )
            .map(Arc::new)
            .map_err(|e| refusal_of(&e, resource));
            *flight.outcome.lock().unwrap_or_else(|e| e.into_inner()) = Some(outcome.clone());
            return outcome;
        }
        let mut outcome = flight.outcome.lock().unwrap_or_else(|e| e.into_inner());
        loop {
            if let Some(o) = &*outcome {
                return o.clone();
            }
            outcome = flight.done.wait(outcome).unwrap_or_else(|e| e.into_inner());
        }
    }
}

/// A failed refresh as an answer, naming the resource; never a token (the
/// errors hold none).
///
/// - Refused by the token endpoint (`invalid_grant`, `interaction_required`:
///   the AADSTS code is in the message), no refresh token, several accounts
///   or apps, a cloud not allowed: 400, which no SDK retries and a retry
///   could not change.
/// - The endpoint unreachable, TLS, timeout, busy or throttling twice (5xx,
///   429) or asking for a longer wait than `--network-timeout` leaves, an
///   unusable answer: 503, without `Retry-After`. Every SDK retries it after its own
///   short backoff: azure-core's `RetryPolicy` (azure-identity for Python;
///   `_RETRY_CODES` 408, 429, 500, 502, 503, 504, three status retries
///   after 0, 1.6 and 3.2 s), @azure/identity's core-rest-pipeline
///   (`isExponentialRetryResponse`: 408 and ≥ 500 but 501, 505; three
///   retries), msal-node's `DefaultManagedIdentityRetryPolicy` (404, 408,
///   429, 500, 503, 504; three retries, 1 s apart). 502 is not in msal-node's
///   list, so a gateway's 502/504 split is not used. MSAL Python's
///   `_ThrottledHttpClient` then holds the final 5xx for 5 s (`Retry-After`
///   when given: one would lengthen that, and azure-core would also retry a
///   400 that carried one). Each retry that reaches `serve` is a new
///   refresh, coalesced with the others in flight.
fn refusal_of(e: &Error, resource: &str) -> Refusal {
    let hint = e.hint().map(|h| format!("; {h}")).unwrap_or_default();
    let said = format!("resource {resource}: {e}{hint}");
    match e {
        Error::RefreshRefused { .. } => Refusal::new(400, "refresh_refused", said),
        Error::NoToken { .. } => Refusal::new(400, "no_cached_token", said),
        Error::AmbiguousAccount { .. } => Refusal::new(400, "ambiguous_account", said),
        Error::Config { .. } => Refusal::new(400, "cannot_refresh", said),
        Error::Network { .. } => Refusal::new(503, "token_endpoint_unavailable", said),
        Error::Interrupted => stopping(),
        other => store_refusal(other),
    }
}

/// Answer one request.
fn answer(shared: &Shared, head: &http::Head<'_>) -> http::Response {
    let (path, query) = head.target.split_once('?').unwrap_or((head.target, ""));
    let outcome = if path != protocol::PATH && path != "/msi/token/" {
        Err(Refusal::new(
            404,
            "not_found",
            format!("no such endpoint; IDENTITY_ENDPOINT is {}", protocol::PATH),
        ))
    } else if head.method != "GET" {
        Err(Refusal::new(
            405,
            "method_not_allowed",
            "a token request is a GET",
        ))
    } else {
        match head.header(protocol::SECRET_HEADER) {
            None => Err(Refusal::new(
                401,
                "unauthorized",
                "the request has no X-IDENTITY-HEADER; send the value of IDENTITY_HEADER in it",
            )),
            Some(given) if !protocol::secret_matches(given, &shared.secret) => Err(Refusal::new(
                401,
                "unauthorized",
                "X-IDENTITY-HEADER is not this endpoint's IDENTITY_HEADER (each `serve` makes a new one)",
            )),
            Some(_) => protocol::parse_query(query).and_then(|q| token_for(shared, &q)),
        }
    };
    match outcome {
        Ok(body) => http::Response {
            status: 200,
            body,
            extra: "",
        },
        Err(refusal) => {
            if !shared.quiet {
                let _ = writeln!(
                    std::io::stderr(),
                    "tokencache serve: {} {}: {}",
                    refusal.status,
                    refusal.error,
                    crate::text::escape_controls(&refusal.message)
                );
            }
            http::Response {
                status: refusal.status,
                body: refusal.body(),
                extra: if refusal.status == 405 {
                    "Allow: GET\r\n"
                } else {
                    ""
                },
            }
        }
    }
}

/// The 200 body for `q`, or why not.
fn token_for(shared: &Shared, q: &protocol::TokenRequest) -> std::result::Result<String, Refusal> {
    let resource = protocol::shown(&q.resource);
    if let Some(Identity::ResourceId(id)) = &q.identity {
        return Err(Refusal::new(
            400,
            "identity_mismatch",
            format!(
                "mi_res_id {} asked for with resource {resource}, but tokencache serves the cached \
                 account's tokens, which have no Azure resource id; ask without resource_id (or by \
                 client_id)",
                protocol::shown(id)
            ),
        ));
    }
    let snapshot = shared.current()?;
    let args = &shared.args;
    let request = Request {
        scopes: vec![protocol::scope_of(&q.resource)],
        account: match (&args.user, &args.home_account_id) {
            (Some(user), _) => AccountFilter::Username(user.clone()),
            (None, Some(id)) => AccountFilter::HomeAccountId(id.clone()),
            (None, None) if args.app_only => AccountFilter::AppOnly,
            (None, None) => AccountFilter::Any,
        },
        client_id: args.client_id.clone(),
        tenant: args.tenant.clone(),
        min_validity: i64::try_from(args.min_validity.as_secs()).unwrap_or(i64::MAX),
        now: args.now.unwrap_or_else(now),
    };
    let outcome = snapshot.find(&request).ok_or_else(|| {
        Refusal::new(
            500,
            "cache_unavailable",
            "the stored cache is not a JSON object",
        )
    })?;
    let outcome = outcome.map_err(|e| {
        Refusal::new(
            400,
            "invalid_resource",
            format!("resource {resource}: {}", e.0),
        )
    })?;
    let served: Arc<Served> = match outcome {
        Outcome::Found(served) => Arc::new(*served),
        Outcome::None(_) if shared.refresh.is_some() => {
            let refresher = shared.refresh.as_ref().expect("checked");
            shared.refreshed(refresher, &request, &resource)?
        }
        Outcome::None(miss) => {
            let e = Error::NoToken {
                scopes: request.scopes.join(" "),
                found: miss.found,
                owner: miss.owner,
            };
            return Err(Refusal::new(
                400,
                "no_cached_token",
                format!("resource {resource}: {e}"),
            ));
        }
        Outcome::Ambiguous(accounts) => {
            let names: Vec<String> = accounts.iter().map(|a| a.redacted()).collect();
            return Err(Refusal::new(
                400,
                "ambiguous_account",
                format!(
                    "resource {resource}: several accounts have a token ({}); start serve with --user or --home-account-id",
                    names.join(", ")
                ),
            ));
        }
    };
    let client = served.client_id.clone().unwrap_or_default();
    match &q.identity {
        Some(Identity::ClientId(asked)) if !asked.eq_ignore_ascii_case(&client) => {
            return Err(Refusal::new(
                400,
                "identity_mismatch",
                format!(
                    "client_id {} asked for, but the cached token for resource {resource} was \
                     obtained by client {}; serve answers for the account and client fixed when it \
                     started (ask without client_id, or start serve with --client-id)",
                    protocol::shown(asked),
                    protocol::shown(&client)
                ),
            ));
        }
        Some(Identity::ObjectId(asked)) => {
            let oid = served
                .account
                .home_account_id
                .as_deref()
                .map(|h| h.split_once('.').map_or(h, |(uid, _)| uid))
                .unwrap_or_default();
            if oid.is_empty() || !asked.eq_ignore_ascii_case(oid) {
                return Err(Refusal::new(
                    400,
                    "identity_mismatch",
                    format!(
                        "object_id {} asked for, but the cached token for resource {resource} \
                         belongs to {}; ask without object_id, or start serve with --user",
                        protocol::shown(asked),
                        served.account.redacted()
                    ),
                ));
            }
        }
        _ => {}
    }
    Ok(protocol::token_body(
        &served.access_token,
        served.expires_on,
        &q.resource,
        &client,
    ))
}

/// 32 random bytes, hex: the header secret.
fn new_secret() -> Result<String> {
    let mut bytes = Zeroizing::new([0u8; 32]);
    getrandom::fill(&mut *bytes).map_err(|e| Error::Config {
        message: format!("cannot make a random secret: {e}"),
        hint: "the system's random source is unavailable".into(),
    })?;
    Ok(bytes.iter().map(|b| format!("{b:02x}")).collect())
}

/// Start CMD with the endpoint in its environment (as `update` starts its
/// command: its own process group, without tokencache's secrets).
fn spawn(
    config: &Config,
    first: &OsString,
    rest: &[OsString],
    endpoint: &str,
    secret: &str,
) -> Result<(std::process::Child, String)> {
    let program = Path::new(first).display().to_string();
    let mut also_secret = config.stores.secret_variables();
    also_secret.extend_from_slice(SHADOWING_VARIABLES);
    let mut cmd = child::command(first, rest, &also_secret);
    cmd.env(ENDPOINT_VARIABLE, endpoint)
        .env(HEADER_VARIABLE, secret);
    let process = child::grouped(&mut cmd)
        .spawn()
        .map_err(|cause| Error::CommandNotRun {
            program: program.clone(),
            cause,
        })?;
    Ok((process, program))
}

/// CMD's exit status as a shell reports it: its code, or 128 + the signal
/// that killed it.
fn exit_status(status: std::process::ExitStatus) -> i32 {
    if let Some(code) = status.code() {
        return code;
    }
    #[cfg(unix)]
    {
        use std::os::unix::process::ExitStatusExt;
        if let Some(sig) = status.signal() {
            return signals::exit_status(sig);
        }
    }
    1
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A lookup kept for one second is not served in another: a token
    /// that expired meanwhile is not served from the kept outcome, and the
    /// kept outcome is the one a fresh lookup gives.
    #[test]
    fn kept_lookups_are_those_of_their_second() {
        let doc = serde_json::json!({
            "AccessToken": {"arm": {
                "credential_type": "AccessToken", "secret": "arm-token", "home_account_id": "a.t",
                "environment": "login.microsoftonline.com", "client_id": "c", "realm": "t",
                "target": "https://management.azure.com/.default", "token_type": "Bearer",
                "cached_at": "1000", "expires_on": "2000"}},
            "Account": {"a": {"home_account_id": "a.t", "environment": "login.microsoftonline.com",
                              "realm": "t", "username": "alice@contoso.com"}}
        });
        let snapshot = Snapshot {
            fingerprint: None,
            at: Instant::now(),
            bytes: Zeroizing::new(doc.to_string().into_bytes()),
            found: Mutex::default(),
        };
        let at = |now: i64| Request {
            scopes: vec!["https://management.azure.com/.default".into()],
            account: AccountFilter::Any,
            client_id: None,
            tenant: None,
            min_validity: 0,
            now,
        };
        let token = |found: Found| match found {
            Some(Ok(Outcome::Found(served))) => Some(served.access_token),
            Some(Ok(Outcome::None(_))) => None,
            other => panic!("{other:?}"),
        };
        for _ in 0..2 {
            assert_eq!(
                token(snapshot.find(&at(1999))).as_deref(),
                Some("arm-token")
            );
            assert_eq!(token(snapshot.find(&at(2001))), None);
        }
        assert_eq!(snapshot.found.lock().unwrap().len(), 1);
        // Bounded: past FOUND_MAX scopes the kept ones are forgotten.
        for i in 0..FOUND_MAX + 1 {
            let mut r = at(1999);
            r.scopes = vec![format!("https://r{i}.example/.default")];
            assert_eq!(token(snapshot.find(&r)), None);
        }
        assert!(snapshot.found.lock().unwrap().len() <= FOUND_MAX);
    }
}
