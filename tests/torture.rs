//! Torture tests: what "never loses a token" and "safe on bad input" mean,
//! checked against the real binary with real processes, signals, peer
//! libraries and file systems. Bounded in time, with deterministic seeds (a
//! xorshift PRNG seeded from constants), and no timed assertions: waits are
//! generous upper bounds, never performance claims (those live in benches/).
//!
//! - crash safety: SIGKILL at a random moment during `write` of a 3 MiB cache;
//! - concurrency: tokencache readers and writers, and the MSAL peers (Python
//!   msal-extensions with both of its locks, Node msal-node-extensions) on the
//!   same cache and lock;
//! - the bad-input corpus in `tests/corpus/` and an endless input stream;
//! - file-system faults: read-only and full file systems, a directory, a
//!   symlink or a missing parent at the cache path.

use std::collections::BTreeSet;
use std::fs;
use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, ChildStdout, Command as StdCommand, Stdio};
use std::thread;
use std::time::{Duration, Instant};

use crate::require;
use crate::support::{exists, is_root, peers_dir, sample_cache, Env};

/// A tiny deterministic PRNG (xorshift64*), so every run does the same thing.
struct XorShift(u64);

impl XorShift {
    fn new(seed: u64) -> XorShift {
        XorShift(seed.max(1))
    }

    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// Uniform in `0..n` (n > 0).
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

/// `base` (a JSON object) with a first member naming `tag`, so that documents
/// of one family differ and each says which one it is.
fn tagged(base: &[u8], tag: &str) -> Vec<u8> {
    assert_eq!(base[0], b'{');
    let mut doc = format!("{{\"torture\":\"{tag}\",").into_bytes();
    doc.extend_from_slice(&base[1..]);
    doc
}

/// The tag of a document made by [`tagged`].
fn tag_of(doc: &[u8]) -> Option<String> {
    let rest = doc.strip_prefix(b"{\"torture\":\"")?;
    let end = rest.iter().position(|&b| b == b'"')?;
    Some(String::from_utf8_lossy(&rest[..end]).into_owned())
}

/// Names in the cache directory other than the cache file itself (lock files,
/// temp files).
fn leftovers(env: &Env) -> Vec<String> {
    let cache = env.cache_path();
    let name = cache.file_name().unwrap().to_string_lossy().into_owned();
    match fs::read_dir(cache.parent().unwrap()) {
        Ok(entries) => entries
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| *n != name)
            .collect(),
        Err(_) => Vec::new(),
    }
}

/// Assert two documents are byte-identical without dumping megabytes of bytes.
#[track_caller]
fn assert_same(actual: &[u8], expected: &[u8], context: &str) {
    if actual != expected {
        let at = actual
            .iter()
            .zip(expected)
            .position(|(a, b)| a != b)
            .unwrap_or(actual.len().min(expected.len()));
        panic!(
            "{context}: documents differ ({} vs {} bytes, first difference at offset {at}, tags {:?} vs {:?})",
            actual.len(),
            expected.len(),
            tag_of(actual),
            tag_of(expected)
        );
    }
}

fn signal(child: &Child, sig: i32) {
    // SAFETY: kill(2) on a child we have not reaped yet.
    let rc = unsafe { libc::kill(child.id() as libc::pid_t, sig) };
    assert_eq!(rc, 0, "kill({}, {sig})", child.id());
}

// ---------------------------------------------------------------------------
// Crash safety
// ---------------------------------------------------------------------------

/// How many SIGKILLs the crash test delivers.
const CRASH_ITERATIONS: usize = 200;

#[test]
fn sigkill_during_write_leaves_old_or_new_and_the_next_write_recovers() {
    let env = Env::new();
    let base = sample_cache(3 << 20);
    let input = env.dir.path().join("input.json");

    // Calibrate the random delays on this machine's uninterrupted write time,
    // so the kills spread over reading, validating, locking and renaming.
    let mut samples = Vec::new();
    for i in 0..3 {
        fs::write(&input, tagged(&base, &format!("calibrate-{i}"))).unwrap();
        let start = Instant::now();
        env.file_cmd()
            .args(["write", "--input"])
            .arg(&input)
            .assert()
            .success();
        samples.push(start.elapsed());
    }
    samples.sort();
    let span_us = (samples[1].as_micros() as u64 * 13 / 10).max(1000);

    let mut rng = XorShift::new(0x5EED_0001);
    let (mut saw_old, mut saw_new, mut stale_locks, mut orphan_temps) = (0, 0, 0, 0);
    for i in 0..CRASH_ITERATIONS {
        let old = format!("{{\"torture\":\"old-{i}\",\"AccessToken\":{{}}}}").into_bytes();
        env.file_cmd()
            .arg("write")
            .write_stdin(old.clone())
            .assert()
            .success();
        let new = tagged(&base, &format!("new-{i}"));
        fs::write(&input, &new).unwrap();

        let mut child = env
            .file_std_cmd()
            .args(["write", "--input"])
            .arg(&input)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        thread::sleep(Duration::from_micros(rng.below(span_us)));
        let _ = child.kill();
        child.wait().unwrap();

        let stored = env.stored().expect("a cache file exists after every kill");
        if stored == old {
            saw_old += 1;
        } else if stored == new {
            saw_new += 1;
        } else {
            panic!(
                "iteration {i}: stored cache is neither the old nor the new document ({} bytes, tag {:?})",
                stored.len(),
                tag_of(&stored)
            );
        }
        let left = leftovers(&env);
        if left.iter().any(|n| n.ends_with(".lockfile")) {
            stale_locks += 1;
        }
        if left.iter().any(|n| n.contains(".tmp-")) {
            orphan_temps += 1;
        }

        // The next write succeeds (removing a stale lock and the killed
        // writer's temp file) well within the lock timeout.
        let next = format!("{{\"torture\":\"next-{i}\"}}").into_bytes();
        env.file_cmd()
            .args(["--lock-timeout", "30s", "write"])
            .write_stdin(next.clone())
            .timeout(Duration::from_secs(60))
            .assert()
            .success();
        assert_same(&env.stored().unwrap(), &next, &format!("iteration {i}"));
        assert_eq!(
            leftovers(&env),
            Vec::<String>::new(),
            "iteration {i}: files left after the next write"
        );
    }
    eprintln!(
        "crash torture: {CRASH_ITERATIONS} SIGKILLs within {span_us} us: old kept {saw_old}, new stored {saw_new}, \
         stale lock left {stale_locks}, orphaned temp left {orphan_temps} (all recovered)"
    );
    assert_eq!(saw_old + saw_new, CRASH_ITERATIONS);
    // The kills must have hit the interesting window at least once, or the
    // test did not test what it claims.
    assert!(
        stale_locks > 0,
        "no kill landed while the lock was held; the delays ({span_us} us) missed the window"
    );
}

// ---------------------------------------------------------------------------
// Concurrency: tokencache alone
// ---------------------------------------------------------------------------

/// The document writer `w` stores in round `i`: realistic, 16-272 KiB, and
/// recomputable from its tag.
fn writer_doc(w: u64, i: u64) -> Vec<u8> {
    let mut rng = XorShift::new(0xC0FFEE ^ (w << 32) ^ i);
    let size = (16 << 10) + rng.below(256 << 10) as usize;
    tagged(&sample_cache(size), &format!("w{w}-{i}"))
}

fn doc_for_tag(tag: &str) -> Option<Vec<u8>> {
    let (w, i) = tag.strip_prefix('w')?.split_once('-')?;
    Some(writer_doc(w.parse().ok()?, i.parse().ok()?))
}

#[test]
fn concurrent_readers_and_writers_see_only_complete_documents() {
    // Plain writers replace the whole document, so this test checks torn
    // reads only; `write --merge` writers and zero lost entries are the next test.
    const WRITERS: u64 = 4;
    const READERS: u64 = 4;
    const ROUNDS: u64 = 20;
    let env = Env::new();
    env.file_cmd()
        .arg("write")
        .write_stdin(writer_doc(0, 0))
        .assert()
        .success();

    let env = &env;
    let reads = thread::scope(|s| {
        for w in 0..WRITERS {
            s.spawn(move || {
                for i in 1..=ROUNDS {
                    env.file_cmd()
                        .args(["--lock-timeout", "60s", "write"])
                        .write_stdin(writer_doc(w, i))
                        .assert()
                        .success();
                }
            });
        }
        let readers: Vec<_> = (0..READERS)
            .map(|_| {
                s.spawn(move || {
                    let mut seen = 0;
                    for _ in 0..ROUNDS {
                        let out = env
                            .file_cmd()
                            .args(["--lock-timeout", "60s", "read"])
                            .output()
                            .unwrap();
                        assert!(
                            out.status.success(),
                            "read failed: {}",
                            String::from_utf8_lossy(&out.stderr)
                        );
                        let tag = tag_of(&out.stdout).expect("every read is a tagged document");
                        let expected = doc_for_tag(&tag).expect("a tag some writer wrote");
                        assert_same(
                            &out.stdout,
                            &expected,
                            "read returned a torn or foreign document",
                        );
                        seen += 1;
                    }
                    seen
                })
            })
            .collect();
        readers.into_iter().map(|r| r.join().unwrap()).sum::<u64>()
    });
    assert_eq!(reads, READERS * ROUNDS);
    let stored = env.stored().unwrap();
    assert_same(
        &stored,
        &doc_for_tag(&tag_of(&stored).unwrap()).unwrap(),
        "final cache",
    );
    assert_eq!(
        leftovers(env),
        Vec::<String>::new(),
        "no lock or temp file may be left behind"
    );
}

/// The access token merge writer `w` adds in round `i`: realistic, with a
/// seeded 1-8 KiB secret, and recomputable from its key.
fn merge_entry(w: u64, i: u64) -> serde_json::Value {
    let mut rng = XorShift::new(0x3E26E ^ (w << 32) ^ i);
    let len = 1024 + rng.below(7 << 10) as usize;
    let secret: String = (0..len)
        .map(|_| char::from(b'a' + rng.below(26) as u8))
        .collect();
    serde_json::json!({
        "credential_type": "AccessToken",
        "secret": secret,
        "home_account_id": format!("uid{w}.utid"),
        "environment": "login.microsoftonline.com",
        "client_id": format!("client-{w}"),
        "target": format!("scope-{i}"),
        "realm": "tenant",
        "cached_at": "1700000000",
        "expires_on": "4102444800",
    })
}

/// What merge writer `w` merges in round `i`: its own new access token, and
/// the one entry every writer shares, stamped `cached_at = i`.
fn merge_doc(w: u64, i: u64) -> Vec<u8> {
    serde_json::to_vec(&serde_json::json!({
        "AccessToken": { format!("merge-w{w}-{i}"): merge_entry(w, i) },
        "AppMetadata": { "shared": {
            "client_id": "shared", "environment": "login.microsoftonline.com",
            "cached_at": i.to_string(), "writer": format!("w{w}")
        }}
    }))
    .unwrap()
}

/// The merge writer and round a key of [`merge_doc`] names.
fn merge_key(key: &str) -> Option<(u64, u64)> {
    let (w, i) = key.strip_prefix("merge-w")?.split_once('-')?;
    Some((w.parse().ok()?, i.parse().ok()?))
}

/// What a reader checks in one read of the merge test, against its previous
/// read: a complete valid cache, every access token exactly as its writer
/// merged it, no key lost since, and the shared entry never older.
fn check_merge_read(bytes: &[u8], prev: &mut (BTreeSet<String>, u64)) {
    let doc: serde_json::Value =
        serde_json::from_slice(bytes).expect("a read returned a torn document");
    let tokens = doc["AccessToken"]
        .as_object()
        .expect("an AccessToken section");
    let keys: BTreeSet<String> = tokens.keys().cloned().collect();
    for (key, entry) in tokens {
        let (w, i) = merge_key(key).unwrap_or_else(|| panic!("a foreign key {key:?}"));
        assert_eq!(
            entry,
            &merge_entry(w, i),
            "{key}: entry differs from what was merged"
        );
    }
    let lost: Vec<_> = prev.0.difference(&keys).collect();
    assert!(lost.is_empty(), "keys seen earlier are gone: {lost:?}");
    let stamp = match doc["AppMetadata"].get("shared") {
        Some(shared) => shared["cached_at"].as_str().unwrap().parse().unwrap(),
        None => 0,
    };
    assert!(
        stamp >= prev.1,
        "the shared entry went back from cached_at {} to {stamp}",
        prev.1
    );
    *prev = (keys, stamp);
}

#[test]
fn concurrent_merge_writers_and_readers_lose_no_entry() {
    // 8 processes at a time: 4 threads each running `write --merge` ROUNDS
    // times (every merge adds one 1-8 KiB access token and updates one shared
    // entry) and 4 threads each running `read` ROUNDS times.
    const WRITERS: u64 = 4;
    const READERS: u64 = 4;
    const ROUNDS: u64 = 20;
    let env = Env::new();
    env.file_cmd()
        .arg("write")
        .write_stdin(&br#"{"AccessToken":{},"AppMetadata":{}}"#[..])
        .assert()
        .success();

    let env = &env;
    let reads = thread::scope(|s| {
        for w in 0..WRITERS {
            s.spawn(move || {
                for i in 1..=ROUNDS {
                    env.file_cmd()
                        .args(["--quiet", "--lock-timeout", "120s", "write", "--merge"])
                        .write_stdin(merge_doc(w, i))
                        .timeout(Duration::from_secs(300))
                        .assert()
                        .success();
                }
            });
        }
        let readers: Vec<_> = (0..READERS)
            .map(|_| {
                s.spawn(move || {
                    let mut prev = (BTreeSet::new(), 0);
                    for _ in 0..ROUNDS {
                        let out = env
                            .file_cmd()
                            .args(["--lock-timeout", "120s", "read"])
                            .output()
                            .unwrap();
                        assert!(
                            out.status.success(),
                            "read failed: {}",
                            String::from_utf8_lossy(&out.stderr)
                        );
                        check_merge_read(&out.stdout, &mut prev);
                    }
                    prev.0.len()
                })
            })
            .collect();
        readers
            .into_iter()
            .map(|r| r.join().unwrap())
            .collect::<Vec<_>>()
    });

    let stored = env.stored().unwrap();
    let mut last = (BTreeSet::new(), 0);
    check_merge_read(&stored, &mut last);
    let expected: BTreeSet<String> = (0..WRITERS)
        .flat_map(|w| (1..=ROUNDS).map(move |i| format!("merge-w{w}-{i}")))
        .collect();
    let missing: Vec<_> = expected.difference(&last.0).collect();
    assert!(missing.is_empty(), "lost entries: {missing:?}");
    assert_eq!(last.0.len(), expected.len());
    assert_eq!(last.1, ROUNDS, "the shared entry is not the newest merged");
    assert_eq!(
        leftovers(env),
        Vec::<String>::new(),
        "no lock or temp file may be left behind"
    );
    eprintln!(
        "merge torture: {} merges, {} reads (keys seen by each reader's last read: {reads:?}), 0 lost",
        WRITERS * ROUNDS,
        READERS * ROUNDS
    );
}

// ---------------------------------------------------------------------------
// Concurrency with the MSAL peers
// ---------------------------------------------------------------------------

/// A peer implementation, as driven by `tests/peers/peer.py` / `peer.mjs`.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Peer {
    /// Python msal-extensions' O_EXCL-only lock (its default without portalocker).
    PyFilelock,
    /// Python msal-extensions' portalocker lock (O_EXCL for 5 s, then flock).
    PyPortalocker,
    /// msal-node-extensions' CrossPlatformLock (O_EXCL, 100 ms retries).
    Node,
}

const PEERS: [Peer; 3] = [Peer::PyFilelock, Peer::PyPortalocker, Peer::Node];

fn peer_script(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/peers")
        .join(name)
}

fn python() -> PathBuf {
    peers_dir().join("venv/bin/python")
}

fn node_modules() -> PathBuf {
    peers_dir().join("node/node_modules")
}

fn python_peers_installed() -> bool {
    StdCommand::new(python())
        .args([
            "-c",
            "import msal_extensions.filelock, msal_extensions.cache_lock",
        ])
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

fn node_peer_installed() -> bool {
    node_modules()
        .join("@azure/msal-node-extensions/dist/lock/CrossPlatformLock.mjs")
        .is_file()
        && StdCommand::new("node")
            .arg("--version")
            .stdout(Stdio::null())
            .status()
            .is_ok_and(|s| s.success())
}

impl Peer {
    fn name(self) -> &'static str {
        match self {
            Peer::PyFilelock => "python-filelock",
            Peer::PyPortalocker => "python-portalocker",
            Peer::Node => "node",
        }
    }

    /// `peer <mode> <cache> <args...>`.
    fn command(self, mode: &str, cache: &Path, args: &[&str]) -> StdCommand {
        let mut c = match self {
            Peer::PyFilelock | Peer::PyPortalocker => {
                let mut c = StdCommand::new(python());
                c.arg(peer_script("peer.py"))
                    .arg(if self == Peer::PyFilelock {
                        "filelock"
                    } else {
                        "portalocker"
                    });
                c
            }
            Peer::Node => {
                let mut c = StdCommand::new("node");
                c.arg(peer_script("peer.mjs")).arg(node_modules());
                c
            }
        };
        c.arg(mode).arg(cache).args(args);
        c
    }
}

/// A peer process holding the cache lock until [`Holder::release`].
struct Holder {
    child: Child,
    stdin: Option<ChildStdin>,
    _stdout: BufReader<ChildStdout>,
}

impl Holder {
    fn start(peer: Peer, cache: &Path) -> Holder {
        let mut child = peer
            .command("hold", cache, &[])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .unwrap();
        let stdin = child.stdin.take();
        let mut stdout = BufReader::new(child.stdout.take().unwrap());
        let mut line = String::new();
        stdout.read_line(&mut line).unwrap();
        assert_eq!(
            line.trim(),
            "locked",
            "{} did not report holding the lock",
            peer.name()
        );
        Holder {
            child,
            stdin,
            _stdout: stdout,
        }
    }

    fn release(mut self) {
        self.stdin.take().unwrap().write_all(b"go\n").unwrap();
        assert!(self.child.wait().unwrap().success());
    }
}

impl Drop for Holder {
    fn drop(&mut self) {
        if self.stdin.is_some() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

#[test]
fn tokencache_waits_for_each_peers_lock() {
    require!(
        python_peers_installed(),
        "Python msal-extensions in the peers venv"
    );
    require!(
        node_peer_installed(),
        "node and msal-node-extensions in the peers dir"
    );
    let env = Env::new();
    let before = sample_cache(8 << 10);
    env.file_cmd()
        .arg("write")
        .write_stdin(before.clone())
        .assert()
        .success();

    for peer in PEERS {
        let holder = Holder::start(peer, &env.cache_path());
        // While a peer holds the lock, a write with a short timeout gives up
        // with exit 6 and changes nothing.
        env.file_cmd()
            .args(["--lock-timeout", "300ms", "write"])
            .write_stdin(tagged(&before, peer.name()))
            .assert()
            .code(6);
        assert_same(&env.stored().unwrap(), &before, peer.name());

        // A patient write waits for the release, then succeeds.
        let after = tagged(&before, &format!("after-{}", peer.name()));
        let mut waiter = env
            .file_std_cmd()
            .args(["--lock-timeout", "60s", "write"])
            .stdin(Stdio::piped())
            .spawn()
            .unwrap();
        waiter.stdin.take().unwrap().write_all(&after).unwrap();
        thread::sleep(Duration::from_millis(500));
        assert!(
            waiter.try_wait().unwrap().is_none(),
            "tokencache wrote while {} held the lock",
            peer.name()
        );
        assert_same(&env.stored().unwrap(), &before, peer.name());
        holder.release();
        assert!(waiter.wait().unwrap().success(), "{}", peer.name());
        assert_same(&env.stored().unwrap(), &after, peer.name());
        env.file_cmd()
            .arg("write")
            .write_stdin(before.clone())
            .assert()
            .success();
        assert_eq!(leftovers(&env), Vec::<String>::new(), "{}", peer.name());
    }
}

/// Start a `tokencache write` of `doc` and stop it (SIGSTOP) while it holds
/// the lock: `write` reads its input before locking, so a stopped writer is
/// the only way to make the real binary hold the lock for as long as a test
/// needs. Retries when the writer finishes before it can be stopped.
fn stopped_tokencache_holder(env: &Env, input: &Path) -> Child {
    let lock = env.lock_path();
    for _ in 0..20 {
        let mut child = env
            .file_std_cmd()
            .args(["write", "--input"])
            .arg(input)
            .stdout(Stdio::null())
            .spawn()
            .unwrap();
        let stamp = format!("{} tokencache", child.id()).into_bytes();
        let deadline = Instant::now() + Duration::from_secs(60);
        loop {
            if fs::read(&lock).is_ok_and(|b| b == stamp) {
                signal(&child, libc::SIGSTOP);
                // Stopped: if the lock file still names it, it holds the lock.
                if fs::read(&lock).is_ok_and(|b| b == stamp) {
                    return child;
                }
                signal(&child, libc::SIGCONT);
            }
            if child.try_wait().unwrap().is_some() || Instant::now() > deadline {
                break;
            }
        }
        let _ = child.kill();
        let _ = child.wait();
        // It finished first: put the old document back and try again.
    }
    panic!("could not catch `tokencache write` holding the lock in 20 attempts");
}

/// Stop a tokencache writer while it holds the lock, start `peers` (each one
/// locked read-modify-write), keep the lock for `hold` once every peer is
/// trying to take it, check none of them got in, release, and check each
/// read tokencache's document and added its key.
///
/// Each peer gets a cache, and a stopped writer, of its own. Sharing one
/// made the test fail under load for a reason that is not tokencache's:
/// after the release the peers queued behind each other, each reading and
/// writing the 12 MiB document, and a Python peer still waiting 5 s after
/// its first attempt stops waiting for the lock file (filelock: LockError,
/// retried) or, portalocker, takes flock on the lock file of the O_EXCL-only
/// peer (Node, filelock) that holds it and enters beside it (see
/// `python_portalocker_honours_tokencache_flock_after_its_exclusive_create_phase`),
/// losing one of the two updates. Alone with tokencache, whose lock it
/// honours in both phases, a peer cannot do that.
///
/// `hold` counts from the moment every peer has said (PEER_ANNOUNCE) that it
/// is about to try the lock, not from its start: a Python peer needs over a
/// second to import msal-extensions under load, and a hold counted from the
/// spawn could end before it ever tried.
fn peers_wait_while_tokencache_holds(peers: &[Peer], hold: Duration) {
    /// Kills what is still running (a stopped writer included) when a failed
    /// assertion unwinds, so that a failure leaves no process behind.
    struct Reap(Vec<Child>);
    impl Drop for Reap {
        fn drop(&mut self) {
            for child in &mut self.0 {
                let _ = child.kill();
                let _ = child.wait();
            }
        }
    }
    let old = br#"{"AccessToken":{"old":{"secret":"o"}}}"#.to_vec();
    // A large document keeps the writer in its locked section (write, fsync,
    // rename) long enough to be caught there.
    let new = tagged(&sample_cache(12 << 20), "tokencache");
    let mut holders = Reap(Vec::new());
    let envs: Vec<(Peer, Env)> = peers
        .iter()
        .map(|&peer| {
            let env = Env::new();
            let input = env.dir.path().join("input.json");
            fs::write(&input, &new).unwrap();
            env.file_cmd()
                .arg("write")
                .write_stdin(old.clone())
                .assert()
                .success();
            holders.0.push(stopped_tokencache_holder(&env, &input));
            (peer, env)
        })
        .collect();
    let (tried, trying) = std::sync::mpsc::channel();
    let mut children = Reap(Vec::new());
    for (peer, env) in &envs {
        let mut child = peer
            .command("rmw", &env.cache_path(), &[peer.name(), "1", "7"])
            .env("PEER_ANNOUNCE", "1")
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let stderr = BufReader::new(child.stderr.take().unwrap());
        let (tried, name) = (tried.clone(), peer.name());
        thread::spawn(move || {
            let mut lines = stderr.lines();
            let first = lines.next().and_then(Result::ok);
            let _ = tried.send((name, first));
            // Keep draining, so that the peer never blocks on stderr.
            lines.for_each(drop);
        });
        children.0.push(child);
    }
    for _ in &envs {
        // A bound only so that a wedged peer fails instead of hanging.
        let (name, first) = trying
            .recv_timeout(PEER_DEADLINE)
            .expect("a peer neither tried the lock nor exited");
        assert_eq!(
            first.as_deref(),
            Some("trying"),
            "{name} exited before trying the lock"
        );
    }
    thread::sleep(hold);
    for ((peer, _), child) in envs.iter().zip(&mut children.0) {
        let status = child.try_wait().unwrap();
        assert!(
            status.is_none(),
            "{} ended ({status:?}) while tokencache held the lock",
            peer.name()
        );
    }
    for holder in &mut holders.0 {
        signal(holder, libc::SIGCONT);
        assert!(holder.wait().unwrap().success());
    }
    let deadline = Instant::now() + PEER_DEADLINE;
    for ((peer, env), child) in envs.iter().zip(&mut children.0) {
        let status = loop {
            if let Some(status) = child.try_wait().unwrap() {
                break status;
            }
            assert!(
                Instant::now() < deadline,
                "{} did not finish within {PEER_DEADLINE:?}",
                peer.name()
            );
            thread::sleep(Duration::from_millis(20));
        };
        assert!(status.success(), "{} failed", peer.name());
        // The peer read tokencache's document (it got the lock only after
        // tokencache released it) and added its key to it.
        let stored: serde_json::Value = serde_json::from_slice(&env.stored().unwrap()).unwrap();
        assert_eq!(
            stored["torture"],
            "tokencache",
            "{} overwrote tokencache's write with stale data",
            peer.name()
        );
        assert!(
            stored["AccessToken"]
                .get(format!("{}-0", peer.name()))
                .is_some(),
            "{}'s update was lost",
            peer.name()
        );
        assert_eq!(leftovers(env), Vec::<String>::new());
    }
}

#[test]
fn peers_wait_for_tokencache_lock() {
    require!(
        python_peers_installed(),
        "Python msal-extensions in the peers venv"
    );
    require!(
        node_peer_installed(),
        "node and msal-node-extensions in the peers dir"
    );
    // Within Python's 5 s O_EXCL phase: every peer honours the lock file.
    peers_wait_while_tokencache_holds(&PEERS, Duration::from_secs(3));
}

#[test]
fn python_portalocker_honours_tokencache_flock_after_its_exclusive_create_phase() {
    require!(
        python_peers_installed(),
        "Python msal-extensions in the peers venv"
    );
    // Past 5 s the portalocker variant stops waiting for the lock file and
    // takes flock on it instead: tokencache's flock must keep it out. Alone,
    // because it is not safe next to other waiters: when the holder unlinks
    // and unlocks, portalocker's flock succeeds on the unlinked file it opened
    // and it enters the critical section with no lock file at the path, while
    // an O_EXCL locker (Node, Python filelock, tokencache) creates a new one
    // and enters too; its release then deletes that one's lock file. A
    // peer-side defect (no inode re-check, unlike MSAL.NET) that no other
    // participant can prevent.
    peers_wait_while_tokencache_holds(&[Peer::PyPortalocker], Duration::from_secs(7));
}

/// The longest pause (ms) each writer of the cross-implementation test takes
/// between its updates (seeded, uniform). It keeps the lock free most of the
/// time, so no Python waiter polls (every 250 ms) into a busy lock for 5 s:
/// past 5 s Python filelock gives up (retried, safe) and portalocker switches
/// to flock on the holder's file, which is not safe next to other waiters
/// (see `python_portalocker_honours_tokencache_flock_after_its_exclusive_create_phase`).
const CROSS_MAX_PAUSE_MS: u64 = 200;

/// How long a peer process of the cross-implementation test may run: far
/// beyond the few seconds it takes, only so a wedged peer fails the test
/// instead of hanging it.
const PEER_DEADLINE: Duration = Duration::from_secs(300);

/// Wait for `child` (whose stdout is a small piped summary) until `limit`,
/// then kill it and fail.
fn wait_bounded(mut child: Child, limit: Duration, what: &str) -> std::process::Output {
    let deadline = Instant::now() + limit;
    while child.try_wait().unwrap().is_none() {
        if Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            panic!("{what} did not finish within {limit:?}");
        }
        thread::sleep(Duration::from_millis(20));
    }
    child.wait_with_output().unwrap()
}

#[test]
fn no_lost_updates_across_peer_implementations() {
    require!(
        python_peers_installed(),
        "Python msal-extensions in the peers venv"
    );
    require!(
        node_peer_installed(),
        "node and msal-node-extensions in the peers dir"
    );
    // Writers, all at once on one cache path and lock file: 2 x Python
    // filelock, 2 x Python portalocker, 2 x Node (each a locked
    // read-modify-write under its own library's lock, adding AccessToken
    // "<id>-<i>") and 2 x tokencache (`write --merge` of one new access token
    // per process, under tokencache's lock), COUNT updates each. Meanwhile 2
    // tokencache readers.
    const COUNT: u64 = 15;
    const TOKENCACHE_WRITERS: u64 = 2;
    let env = Env::new();
    env.file_cmd()
        .arg("write")
        .write_stdin(&b"{}"[..])
        .assert()
        .success();
    let cache = env.cache_path();
    let pause = CROSS_MAX_PAUSE_MS.to_string();

    let peers: Vec<(Peer, String, Child)> = PEERS
        .iter()
        .flat_map(|&peer| [(peer, 1), (peer, 2)])
        .enumerate()
        .map(|(n, (peer, k))| {
            let id = format!("{}-{k}", peer.name());
            let seed = (n + 11).to_string();
            let count = COUNT.to_string();
            let mut args = vec![id.as_str(), &count, &seed];
            match peer {
                // peer.py: ... ID COUNT SEED MAX_PAUSE_MS
                Peer::PyFilelock | Peer::PyPortalocker => args.push(&pause),
                // peer.mjs: ... ID COUNT SEED RETRIES DELAY_MS MAX_PAUSE_MS
                Peer::Node => args.extend(["500", "100", &pause]),
            }
            let child = peer
                .command("rmw", &cache, &args)
                .stdout(Stdio::piped())
                .spawn()
                .unwrap();
            (peer, id, child)
        })
        .collect();

    let stop = std::sync::atomic::AtomicBool::new(false);
    let env_ref = &env;
    // Set `stop` when this thread leaves the scope's body, even by a failed
    // assertion, so the readers end and a failure never hangs the test.
    struct StopOnDrop<'a>(&'a std::sync::atomic::AtomicBool);
    impl Drop for StopOnDrop<'_> {
        fn drop(&mut self) {
            self.0.store(true, std::sync::atomic::Ordering::SeqCst);
        }
    }
    let (summaries, reads) = thread::scope(|s| {
        let stopper = StopOnDrop(&stop);
        let tokencache_writers: Vec<_> = (0..TOKENCACHE_WRITERS)
            .map(|k| {
                s.spawn(move || {
                    let id = format!("tokencache-{}", k + 1);
                    let mut rng = XorShift::new(0x7C_0000 + k);
                    for i in 0..COUNT {
                        let key = format!("{id}-{i}");
                        let doc = serde_json::json!({"AccessToken": {&key: {
                            "credential_type": "AccessToken",
                            "secret": format!("secret-{key}"),
                            "cached_at": "1700000000",
                            "expires_on": "1700003600",
                        }}});
                        env_ref
                            .file_cmd()
                            .args(["--quiet", "--lock-timeout", "120s", "write", "--merge"])
                            .write_stdin(serde_json::to_vec(&doc).unwrap())
                            .timeout(Duration::from_secs(300))
                            .assert()
                            .success();
                        thread::sleep(Duration::from_millis(rng.below(CROSS_MAX_PAUSE_MS)));
                    }
                    id
                })
            })
            .collect();
        // Each read (under tokencache's lock, while the peers rewrite the
        // file in place under theirs) is a complete object, and no key a
        // reader has seen ever disappears (a lost update would).
        let readers: Vec<_> = (0..2)
            .map(|_| {
                s.spawn(|| {
                    let mut n = 0;
                    let mut seen = BTreeSet::new();
                    while !stop.load(std::sync::atomic::Ordering::SeqCst) {
                        let out = env_ref
                            .file_cmd()
                            .args(["--lock-timeout", "120s", "read"])
                            .output()
                            .unwrap();
                        assert!(
                            out.status.success(),
                            "{}",
                            String::from_utf8_lossy(&out.stderr)
                        );
                        let doc: serde_json::Value = serde_json::from_slice(&out.stdout)
                            .expect("a read returned a torn document");
                        let keys: BTreeSet<String> = doc
                            .get("AccessToken")
                            .and_then(|t| t.as_object())
                            .map(|t| t.keys().cloned().collect())
                            .unwrap_or_default();
                        let gone: Vec<_> = seen.difference(&keys).collect();
                        assert!(gone.is_empty(), "updates seen earlier were lost: {gone:?}");
                        seen = keys;
                        n += 1;
                        thread::sleep(Duration::from_millis(20));
                    }
                    n
                })
            })
            .collect();
        let mut summaries: Vec<(Option<Peer>, String, serde_json::Value)> = peers
            .into_iter()
            .map(|(peer, id, child)| {
                let out = wait_bounded(child, PEER_DEADLINE, &id);
                assert!(out.status.success(), "{id} failed");
                (Some(peer), id, serde_json::from_slice(&out.stdout).unwrap())
            })
            .collect();
        for w in tokencache_writers {
            let id = w.join().unwrap();
            summaries.push((None, id, serde_json::json!({"done": COUNT})));
        }
        drop(stopper);
        let reads: usize = readers.into_iter().map(|r| r.join().unwrap()).sum();
        (summaries, reads)
    });

    let stored: serde_json::Value = serde_json::from_slice(&env.stored().unwrap()).unwrap();
    let keys: BTreeSet<&str> = stored["AccessToken"]
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    let mut missing = Vec::new();
    for (_, id, summary) in &summaries {
        assert_eq!(summary["done"], COUNT, "{id}");
        for i in 0..COUNT {
            let key = format!("{id}-{i}");
            if !keys.contains(key.as_str()) {
                missing.push(key);
            }
        }
    }
    // The longest lock wait of each Python variant, and its LockErrors: a
    // portalocker wait past 5 s is the known peer defect, named if it shows.
    let python = |variant: Peer| {
        let of = summaries.iter().filter(|(p, _, _)| *p == Some(variant));
        let max_wait = of
            .clone()
            .flat_map(|(_, _, s)| {
                s["waits"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|w| w.as_f64().unwrap())
            })
            .fold(0.0, f64::max);
        let errors: u64 = of.map(|(_, _, s)| s["lock_errors"].as_u64().unwrap()).sum();
        (max_wait, errors)
    };
    let (portalocker_wait, portalocker_errors) = python(Peer::PyPortalocker);
    let (filelock_wait, filelock_errors) = python(Peer::PyFilelock);
    eprintln!(
        "cross-implementation: {} writers x {COUNT} updates ({} by tokencache --merge), {reads} tokencache reads; \
         longest Python lock wait: filelock {filelock_wait:.2} s ({filelock_errors} LockErrors retried), \
         portalocker {portalocker_wait:.2} s ({portalocker_errors} retried)",
        summaries.len(),
        TOKENCACHE_WRITERS * COUNT
    );
    assert_eq!(
        missing,
        Vec::<String>::new(),
        "lost updates{}",
        if portalocker_wait >= 5.0 {
            " (a portalocker waiter waited past 5 s and entered through flock: the known \
             peer defect, see python_portalocker_honours_tokencache_flock_after_its_exclusive_create_phase)"
        } else {
            ""
        }
    );
    assert_eq!(keys.len(), summaries.len() * COUNT as usize);
    assert_eq!(leftovers(&env), Vec::<String>::new());
}

// ---------------------------------------------------------------------------
// Bad input
// ---------------------------------------------------------------------------

fn corpus_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus")
}

/// One line of `tests/corpus/EXPECTED`: `file exit-code [write options...]`.
struct Case {
    file: String,
    code: i32,
    args: Vec<String>,
}

fn manifest() -> Vec<Case> {
    fs::read_to_string(corpus_dir().join("EXPECTED"))
        .unwrap()
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(|l| {
            let mut parts = l.split_whitespace();
            let file = parts.next().unwrap().to_string();
            let code = parts
                .next()
                .and_then(|c| c.parse().ok())
                .unwrap_or_else(|| panic!("bad line {l:?}"));
            Case {
                file,
                code,
                args: parts.map(String::from).collect(),
            }
        })
        .collect()
}

#[test]
fn corpus_manifest_covers_every_file() {
    let listed: BTreeSet<String> = manifest().into_iter().map(|c| c.file).collect();
    let present: BTreeSet<String> = fs::read_dir(corpus_dir())
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n != "EXPECTED" && n != "README.md" && n != "generate.py")
        .collect();
    assert_eq!(
        listed, present,
        "tests/corpus/EXPECTED and the directory disagree"
    );
    assert!(
        listed.len() >= 30,
        "the corpus has only {} inputs",
        listed.len()
    );
}

#[test]
fn corpus_inputs_get_their_exit_codes_and_never_touch_the_stored_cache() {
    let env = Env::new();
    let stored = sample_cache(4 << 10);
    env.file_cmd()
        .arg("write")
        .write_stdin(stored.clone())
        .assert()
        .success();
    let mut failures = Vec::new();
    for case in manifest() {
        let input = fs::read(corpus_dir().join(&case.file)).unwrap();
        let out = env
            .file_cmd()
            .arg("write")
            .args(&case.args)
            .write_stdin(input.clone())
            .output()
            .unwrap();
        let code = out.status.code();
        let now = env.stored().unwrap();
        if code != Some(case.code) {
            failures.push(format!(
                "{}: exit {code:?}, expected {}: {}",
                case.file,
                case.code,
                String::from_utf8_lossy(&out.stderr)
                    .lines()
                    .next()
                    .unwrap_or("")
            ));
        }
        if case.code == 0 {
            // A valid input is stored byte for byte; put the reference back.
            assert_same(&now, &input, &case.file);
            env.file_cmd()
                .arg("write")
                .write_stdin(stored.clone())
                .assert()
                .success();
        } else {
            assert_same(
                &now,
                &stored,
                &format!("{}: the stored cache changed", case.file),
            );
            assert!(
                !out.stderr.is_empty(),
                "{}: refused without a message",
                case.file
            );
        }
        assert_eq!(leftovers(&env), Vec::<String>::new(), "{}", case.file);
    }
    assert_eq!(failures, Vec::<String>::new());
}

/// The exit status and peak RSS (KiB) of a child, from wait4(2).
fn wait_with_rusage(child: Child) -> (i32, i64) {
    let mut status = 0;
    // SAFETY: rusage is plain data; wait4 fills it for our own child.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    let pid = child.id() as libc::pid_t;
    let rc = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    assert_eq!(rc, pid);
    assert!(
        libc::WIFEXITED(status),
        "child did not exit normally: status {status}"
    );
    (libc::WEXITSTATUS(status), usage.ru_maxrss)
}

/// `tokencache write` on the file store (stdin and stderr piped) that runs
/// under `resource` limited to `bytes`, with SIGXFSZ ignored so that going
/// over a file-size limit is an error it can report rather than a kill.
fn limited_write(
    env: &Env,
    resource: libc::__rlimit_resource_t,
    bytes: libc::rlim_t,
) -> StdCommand {
    use std::os::unix::process::CommandExt;
    let mut c = env.file_std_cmd();
    c.arg("write")
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::piped());
    // SAFETY: only async-signal-safe calls (signal, setrlimit) between fork and exec.
    unsafe {
        c.pre_exec(move || {
            libc::signal(libc::SIGXFSZ, libc::SIG_IGN);
            let limit = libc::rlimit {
                rlim_cur: bytes,
                rlim_max: bytes,
            };
            if libc::setrlimit(resource, &limit) != 0 {
                return Err(std::io::Error::last_os_error());
            }
            Ok(())
        });
    }
    c
}

#[test]
fn endless_input_is_cut_off_at_the_size_limit_without_reading_it_all() {
    const GIB: u64 = 1 << 30;
    let env = Env::new();
    let stored = sample_cache(4 << 10);
    env.file_cmd()
        .arg("write")
        .write_stdin(stored.clone())
        .assert()
        .success();
    // The memory bound is enforced, not measured: a spawned child's ru_maxrss
    // includes the test binary's own high-water RSS (the kernel carries the
    // old address space's peak across exec), which parallel tests inflate.
    // Under a 256 MiB address-space limit, buffering the 1 GiB stream would
    // abort on allocation instead of exiting 4.
    let mut cmd = limited_write(&env, libc::RLIMIT_AS, 256 << 20);
    let mut child = cmd.spawn().unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let mut stderr = child.stderr.take().unwrap();
    // A 1 GiB document that starts like a cache and never ends before the limit.
    let feeder = thread::spawn(move || {
        let mut sent: u64 = 0;
        let head = b"{\"AccessToken\":{\"k\":{\"secret\":\"";
        if stdin.write_all(head).is_err() {
            return sent;
        }
        sent += head.len() as u64;
        let chunk = vec![b'x'; 1 << 16];
        while sent < GIB {
            match stdin.write(&chunk) {
                Ok(n) => sent += n as u64,
                Err(_) => break, // EPIPE: tokencache stopped reading.
            }
        }
        sent
    });
    let mut message = String::new();
    stderr.read_to_string(&mut message).unwrap();
    let (code, peak_kib) = wait_with_rusage(child);
    let sent = feeder.join().unwrap();
    assert_eq!(code, 4, "{message}");
    assert!(message.contains("larger than the limit"), "{message}");
    assert!(sent < GIB, "the whole 1 GiB was consumed");
    // (peak_kib is reported for the record only; see above.)
    assert_same(&env.stored().unwrap(), &stored, "stored cache");
    assert_eq!(leftovers(&env), Vec::<String>::new());
    eprintln!("endless input: cut off after {sent} bytes sent, peak RSS {peak_kib} KiB");
}

// ---------------------------------------------------------------------------
// File-system faults
// ---------------------------------------------------------------------------

/// A tmpfs mounted for one test (root only), unmounted on drop.
struct Tmpfs(PathBuf);

impl Tmpfs {
    fn mount(at: &Path, size: &str) -> Option<Tmpfs> {
        fs::create_dir_all(at).unwrap();
        let ok = StdCommand::new("mount")
            .args([
                "-t",
                "tmpfs",
                "-o",
                &format!("size={size},mode=0700"),
                "tmpfs",
            ])
            .arg(at)
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success());
        ok.then(|| Tmpfs(at.to_path_buf()))
    }

    fn remount_read_only(&self) {
        let status = StdCommand::new("mount")
            .args(["-o", "remount,ro"])
            .arg(&self.0)
            .status()
            .unwrap();
        assert!(status.success());
    }
}

impl Drop for Tmpfs {
    fn drop(&mut self) {
        let _ = StdCommand::new("umount").arg("-l").arg(&self.0).status();
    }
}

#[test]
fn read_only_file_system_or_directory_refuses_with_exit_8_and_keeps_the_cache() {
    let env = Env::new();
    let old = sample_cache(4 << 10);
    let dir = env.dir.path().join("ro");
    let cache = dir.join("cache.json");
    let mount = Tmpfs::mount(&dir, "4m");
    let cmd = || {
        let mut c = env.cmd();
        c.env("TOKENCACHE_STORE", "file")
            .env("TOKENCACHE_CACHE_PATH", &cache);
        c
    };
    cmd()
        .arg("write")
        .write_stdin(old.clone())
        .assert()
        .success();
    match &mount {
        Some(m) => m.remount_read_only(),
        None => {
            // Not root: a directory without write permission does the same.
            use std::os::unix::fs::PermissionsExt;
            assert!(!is_root(), "root could not mount a tmpfs");
            fs::set_permissions(&dir, fs::Permissions::from_mode(0o500)).unwrap();
        }
    }
    let out = cmd()
        .arg("write")
        .write_stdin(sample_cache(8 << 10))
        .assert()
        .code(8);
    let message = String::from_utf8_lossy(&out.get_output().stderr).into_owned();
    assert!(message.contains("permission denied"), "{message}");
    assert_same(&fs::read(&cache).unwrap(), &old, "stored cache");
    if mount.is_some() {
        // On a read-only file system nothing can change the cache, so `read`
        // reads it without the lock (no lock file can be created there).
        let out = cmd().arg("read").assert().success();
        assert_same(
            &out.get_output().stdout,
            &old,
            "read on a read-only file system",
        );
    }
}

#[test]
fn full_disk_fails_cleanly_and_keeps_the_cache() {
    let env = Env::new();
    let old = sample_cache(256 << 10);
    let dir = env.dir.path().join("full");
    let cache = dir.join("cache.json");
    let Some(_mount) = Tmpfs::mount(&dir, "1m") else {
        assert!(!is_root(), "root could not mount a tmpfs");
        eprintln!("skipped the tmpfs half: not root; the RLIMIT_FSIZE test covers a full disk");
        return;
    };
    let cmd = || {
        let mut c = env.cmd();
        c.env("TOKENCACHE_STORE", "file")
            .env("TOKENCACHE_CACHE_PATH", &cache);
        c
    };
    cmd()
        .arg("write")
        .write_stdin(old.clone())
        .assert()
        .success();
    // 900 KiB more does not fit next to the 256 KiB already stored.
    let out = cmd()
        .arg("write")
        .write_stdin(sample_cache(900 << 10))
        .assert()
        .code(1);
    let message = String::from_utf8_lossy(&out.get_output().stderr).into_owned();
    assert!(message.contains("No space left on device"), "{message}");
    assert_same(&fs::read(&cache).unwrap(), &old, "stored cache");
    let names: Vec<_> = fs::read_dir(&dir)
        .unwrap()
        .flatten()
        .map(|e| e.file_name())
        .collect();
    assert_eq!(
        names,
        vec![std::ffi::OsString::from("cache.json")],
        "temp or lock file left on a full disk"
    );
}

#[test]
fn file_size_limit_fails_cleanly_and_keeps_the_cache() {
    let env = Env::new();
    let old = sample_cache(64 << 10);
    env.file_cmd()
        .arg("write")
        .write_stdin(old.clone())
        .assert()
        .success();
    // RLIMIT_FSIZE with SIGXFSZ ignored: the oversized write fails with
    // EFBIG, a "disk full" tokencache can report.
    let mut c = limited_write(&env, libc::RLIMIT_FSIZE, 128 << 10);
    let mut child = c.spawn().unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(&sample_cache(512 << 10))
        .unwrap();
    let out = child.wait_with_output().unwrap();
    let message = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{message}");
    assert!(message.contains("File too large"), "{message}");
    assert_same(&env.stored().unwrap(), &old, "stored cache");
    assert_eq!(leftovers(&env), Vec::<String>::new());
}

#[test]
fn directory_symlink_and_missing_parent_at_the_cache_path() {
    let env = Env::new();
    let new = sample_cache(4 << 10);
    let at = |path: &Path| {
        let mut c = env.cmd();
        c.env("TOKENCACHE_STORE", "file")
            .env("TOKENCACHE_CACHE_PATH", path);
        c
    };

    // A directory: refused (8) for write, read and clear; left as it was.
    let dir = env.dir.path().join("is-a-dir");
    fs::create_dir(&dir).unwrap();
    fs::write(dir.join("keep"), b"x").unwrap();
    for args in [&["write"][..], &["read"], &["clear"]] {
        let out = at(&dir)
            .args(args)
            .write_stdin(new.clone())
            .assert()
            .code(8);
        let message = String::from_utf8_lossy(&out.get_output().stderr).into_owned();
        assert!(message.contains("directory"), "{args:?}: {message}");
    }
    assert_eq!(fs::read(dir.join("keep")).unwrap(), b"x");

    // A symlink: refused (8); neither the link nor its target changes.
    let target = env.dir.path().join("target.json");
    fs::write(&target, b"{\"target\":1}").unwrap();
    let link = env.dir.path().join("link.json");
    std::os::unix::fs::symlink(&target, &link).unwrap();
    for args in [&["write"][..], &["read"]] {
        let out = at(&link)
            .args(args)
            .write_stdin(new.clone())
            .assert()
            .code(8);
        let message = String::from_utf8_lossy(&out.get_output().stderr).into_owned();
        assert!(message.contains("symbolic link"), "{args:?}: {message}");
    }
    assert_eq!(fs::read(&target).unwrap(), b"{\"target\":1}");
    assert!(fs::symlink_metadata(&link)
        .unwrap()
        .file_type()
        .is_symlink());

    // A missing parent: read says there is no cache (3); write creates the
    // directories 0700 and stores the cache.
    let deep = env.dir.path().join("a/b/c/cache.json");
    at(&deep).arg("read").assert().code(3);
    at(&deep)
        .arg("write")
        .write_stdin(new.clone())
        .assert()
        .success();
    assert_same(&fs::read(&deep).unwrap(), &new, "new cache");
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = fs::metadata(env.dir.path().join("a/b"))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o700);
    }

    // A parent that is a regular file: a clear error naming the path, and the
    // file is untouched.
    let blocker = env.dir.path().join("blocker");
    fs::write(&blocker, b"not a dir").unwrap();
    let under = blocker.join("cache.json");
    let out = at(&under)
        .arg("write")
        .write_stdin(new.clone())
        .assert()
        .failure();
    let message = String::from_utf8_lossy(&out.get_output().stderr).into_owned();
    assert!(message.contains(&*blocker.to_string_lossy()), "{message}");
    assert!(exists(&blocker) && fs::read(&blocker).unwrap() == b"not a dir");
}
