//! `write --merge --stream` through the real binary on the file store: many
//! documents merged in order under one hold of the lock, what a refused
//! document mid-stream leaves behind (nothing; with `--each`, the documents
//! before it), a producer that writes documents over time, and concurrent
//! streams that lose nothing.

use std::io::{BufRead, BufReader, Write};
use std::process::Stdio;
use std::time::{Duration, Instant};

use serde_json::Value;

use crate::support::Env;

/// Document `i`: a new access token `k<i>` and a newer value (stamped
/// `last_modification_time = i`) of one shared account entry. Merged in
/// order, each document updates the shared entry (799 updates, nothing kept
/// as newer); in any other order some would be refused as older.
fn doc(i: usize) -> String {
    format!(
        r#"{{"AccessToken":{{"k{i}":{{"secret":"s{i}","cached_at":"{i}"}}}},"Account":{{"shared":{{"username":"u{i}","last_modification_time":"{i}"}}}}}}"#
    )
}

fn stored(env: &Env) -> Value {
    serde_json::from_slice(&env.stored().expect("a cache is stored")).unwrap()
}

fn tokens(env: &Env) -> Vec<String> {
    let doc = stored(env);
    doc["AccessToken"]
        .as_object()
        .unwrap()
        .keys()
        .cloned()
        .collect()
}

#[test]
fn a_stream_of_800_documents_is_merged_in_order_and_stored_once() {
    let env = Env::new();
    env.put(br#"{"AccessToken":{"old":{"secret":"o"}},"Account":{}}"#);
    // One per line, concatenated, and separated by blank lines and tabs.
    let mut input = String::new();
    for i in 0..800 {
        input += &doc(i);
        input += ["\n", "", "\n\n\t", " "][i % 4];
    }
    let out = env
        .file_cmd()
        .args(["--json", "write", "--merge", "--stream"])
        .write_stdin(input)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["documents"], 800);
    assert_eq!(report["writes"], 1, "one atomic replace at the end");
    assert_eq!(report["added"], 801, "800 tokens and the shared account");
    assert_eq!(report["updated"], 799);
    assert_eq!(
        report["kept_newer"], 0,
        "merged in order: no document was older"
    );
    let keys = tokens(&env);
    assert_eq!(keys.len(), 801);
    assert!((0..800).all(|i| keys.contains(&format!("k{i}"))));
    let merged = stored(&env);
    assert_eq!(
        merged["Account"]["shared"]["username"], "u799",
        "merged in order: the last document's entry wins"
    );
    assert!(!env.lock_path().exists(), "the lock is released");
    // The human summary names the documents.
    env.file_cmd()
        .args(["write", "--merge", "--stream"])
        .write_stdin(format!("{}\n{}\n", doc(900), doc(901)))
        .assert()
        .success()
        .stderr(predicates::str::contains(
            "merged 2 documents into plaintext file",
        ));
}

#[test]
fn a_refused_document_mid_stream_stores_nothing() {
    let env = Env::new();
    let before = br#"{"AccessToken":{"old":{"secret":"o"}}}"#;
    env.put(before);
    for (bad, index) in [
        (r#"{"a":1,"a":2}"#, "document 3"),  // duplicate key
        ("[1]", "document 3"),               // not an object
        (r#"{"a":"#, "document 3"),          // truncated at the end
        ("\u{feff}{}", "document 3"),        // byte order mark
        (r#"{"a":"\u0001"}"#, "document 3"), // escaped control: fine...
    ] {
        let input = format!("{}\n{}\n{bad}\n{}\n", doc(1), doc(2), doc(4));
        let assert = env
            .file_cmd()
            .args(["write", "--merge", "--stream"])
            .write_stdin(input)
            .assert();
        if bad.contains("\\u0001") {
            assert.success();
            env.put(before);
            continue;
        }
        let out = assert.code(4).get_output().clone();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            stderr.contains(&format!("input {index}")),
            "{bad}: {stderr}"
        );
        assert_eq!(env.stored().unwrap(), before, "{bad}: nothing stored");
        assert!(!env.lock_path().exists());
    }
    // A raw control character inside a string, and a document over --max-size.
    env.file_cmd()
        .args(["write", "--merge", "--stream"])
        .write_stdin(format!("{}\n{{\"a\":\"\u{1}\"}}", doc(1)))
        .assert()
        .code(4)
        .stderr(predicates::str::contains(
            "input document 2 is not valid JSON",
        ));
    env.file_cmd()
        .args(["write", "--merge", "--stream", "--max-size", "200"])
        .write_stdin(format!("{}\n{{\"big\":\"{}\"}}\n", doc(1), "x".repeat(300)))
        .assert()
        .code(4)
        .stderr(predicates::str::contains(
            "input document 2 is larger than the limit of 200 bytes",
        ));
    assert_eq!(env.stored().unwrap(), before);
}

#[test]
fn with_each_the_documents_before_a_refused_one_stay_stored() {
    let env = Env::new();
    let input = format!("{}\n{}\n{{\"a\":1,\"a\":2}}\n{}\n", doc(1), doc(2), doc(4));
    env.file_cmd()
        .args(["write", "--merge", "--stream", "--each"])
        .write_stdin(input)
        .assert()
        .code(4)
        .stderr(predicates::str::contains(
            "documents 1 to 2 were merged and stored",
        ))
        .stderr(predicates::str::contains(
            "input document 3 has the key \"a\" twice",
        ));
    let mut keys = tokens(&env);
    keys.sort();
    assert_eq!(keys, ["k1", "k2"]);
    assert!(!env.lock_path().exists());
    // Without a refusal, one replace per document that changed something.
    let out = env
        .file_cmd()
        .args(["--json", "write", "--merge", "--stream", "--each"])
        .write_stdin(format!("{}{}{}", doc(5), doc(5), doc(6)))
        .output()
        .unwrap();
    assert!(out.status.success());
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        (report["documents"].as_u64(), report["writes"].as_u64()),
        (Some(3), Some(2))
    );
}

/// A producer that writes one document, waits until it is stored, then
/// writes the next: `--each` stores each as it arrives, without waiting for
/// more input or the end of the stream.
#[test]
fn with_each_a_slow_producer_sees_every_document_stored_as_it_arrives() {
    let env = Env::new();
    let mut child = env
        .file_std_cmd()
        .args(["write", "--merge", "--stream", "--each"])
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    for i in 0..3 {
        stdin.write_all(format!("{}\n", doc(i)).as_bytes()).unwrap();
        stdin.flush().unwrap();
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            let seen = env
                .stored()
                .and_then(|b| serde_json::from_slice::<Value>(&b).ok())
                .is_some_and(|d| d["AccessToken"].get(format!("k{i}")).is_some());
            if seen {
                break;
            }
            assert!(
                Instant::now() < deadline,
                "document {i} was not stored while the stream stayed open"
            );
            std::thread::sleep(Duration::from_millis(10));
        }
    }
    drop(stdin);
    let status = child.wait().unwrap();
    let mut err = String::new();
    for line in BufReader::new(child.stderr.take().unwrap()).lines() {
        err += &line.unwrap();
    }
    assert!(status.success(), "{err}");
    assert!(err.contains("merged 3 documents"), "{err}");
}

#[test]
fn stream_and_each_need_their_parents() {
    let env = Env::new();
    env.file_cmd()
        .args(["write", "--stream"])
        .write_stdin("{}")
        .assert()
        .code(2);
    env.file_cmd()
        .args(["write", "--merge", "--each"])
        .write_stdin("{}")
        .assert()
        .code(2);
    assert!(env.stored().is_none());
}

/// 4 processes at once, each streaming 100 documents of its own keys: all
/// 400 are there at the end.
#[test]
fn concurrent_streams_lose_no_entry() {
    let env = Env::new();
    std::thread::scope(|scope| {
        for p in 0..4 {
            let env = &env;
            scope.spawn(move || {
                let input: String = (0..100).map(|i| doc(p * 1000 + i) + "\n").collect();
                let mut child = env
                    .file_std_cmd()
                    .args([
                        "--quiet",
                        "--lock-timeout",
                        "120s",
                        "write",
                        "--merge",
                        "--stream",
                    ])
                    .stdin(Stdio::piped())
                    .stdout(Stdio::null())
                    .stderr(Stdio::piped())
                    .spawn()
                    .unwrap();
                child
                    .stdin
                    .take()
                    .unwrap()
                    .write_all(input.as_bytes())
                    .unwrap();
                let out = child.wait_with_output().unwrap();
                assert!(
                    out.status.success(),
                    "{}",
                    String::from_utf8_lossy(&out.stderr)
                );
            });
        }
    });
    let keys = tokens(&env);
    assert_eq!(keys.len(), 400);
    for p in 0..4 {
        assert!((0..100).all(|i| keys.contains(&format!("k{}", p * 1000 + i))));
    }
}

#[test]
fn a_stream_can_come_from_a_file() {
    let env = Env::new();
    let file = env.dir.path().join("caches.ndjson");
    std::fs::write(&file, format!("{}\n{}\n", doc(1), doc(2))).unwrap();
    env.file_cmd()
        .args(["write", "--merge", "--stream", "--input"])
        .arg(&file)
        .assert()
        .success()
        .stderr(predicates::str::contains("merged 2 documents"));
    let mut keys = tokens(&env);
    keys.sort();
    assert_eq!(keys, ["k1", "k2"]);
    env.file_cmd()
        .args(["write", "--merge", "--stream", "--input"])
        .arg(env.dir.path().join("missing.ndjson"))
        .assert()
        .code(4);
}

/// Run a `--json` command that must succeed; its report.
fn json_report(cmd: &mut assert_cmd::Command) -> Value {
    let out = cmd.output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

/// `n` documents as sign-ins write them, from a seeded generator: six
/// writers (users, apps and environments), so that later documents collide
/// with earlier ones; access tokens with and without `cached_at`,
/// `last_modification_time` and `expires_on`, and refresh tokens, accounts and
/// app metadata that only their sign-in dates.
fn sign_ins(n: usize) -> Vec<String> {
    let mut seed = 0x2545_f491_4f6c_dd1d_u64;
    let mut next = move |below: u64| {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed % below
    };
    (0..n)
        .map(|i| {
            let mut doc = serde_json::Map::new();
            for section in ["AccessToken", "RefreshToken", "Account", "AppMetadata"] {
                let mut entries = serde_json::Map::new();
                for _ in 0..1 + next(2) {
                    // The key names the writer, as MSAL's keys do.
                    let k = next(6);
                    let (home, client, env) = (k % 3, k % 2, k / 3 % 2);
                    let mut e = serde_json::json!({
                        "secret": format!("{section}-{i}"),
                        "home_account_id": format!("h{home}"),
                        "client_id": format!("C{client}"),
                        "environment": format!("env{env}"),
                    });
                    if section == "AccessToken" {
                        if next(4) > 0 {
                            e["cached_at"] = Value::from(next(40).to_string());
                        }
                        if next(3) == 0 {
                            e["last_modification_time"] = Value::from(next(40));
                        }
                        if next(2) == 0 {
                            e["expires_on"] = Value::from((30 + next(40)).to_string());
                        }
                    }
                    let key = format!("{section}-{k}-{}", next(2));
                    entries.insert(key, e);
                }
                doc.insert(section.into(), Value::Object(entries));
            }
            Value::Object(doc).to_string()
        })
        .collect()
}

/// A stream merges exactly as the same documents merged one `write --merge`
/// at a time (the stream keeps its sign-in index across documents instead
/// of rebuilding it for each: same cache, byte for byte, and same counts);
/// `--prune-expired` prunes the result once, as a final `write --merge
/// --prune-expired` of `{}` does; and `--each --prune-expired` is one
/// `write --merge --prune-expired` at a time.
#[test]
fn a_stream_merges_exactly_as_one_write_merge_per_document() {
    let docs = sign_ins(40);
    let start = br#"{"AccessToken":{"AccessToken-0-0":{"secret":"s","home_account_id":"h0","client_id":"c0","environment":"env0","cached_at":"20"}},"RefreshToken":{}}"#;
    let counts = [
        "added",
        "updated",
        "unchanged",
        "kept_newer",
        "kept_tied",
        "pruned",
    ];
    // (the stream's flags, each single write's flags, a final pruning write)
    let cases: [(&[&str], &[&str], bool); 3] = [
        (&[], &[], false),
        (&["--prune-expired"], &[], true),
        (&["--each", "--prune-expired"], &["--prune-expired"], false),
    ];
    for (flags, single, prune_at_end) in cases {
        let one_by_one = Env::new();
        one_by_one.put(start);
        let mut total = std::collections::BTreeMap::<&str, u64>::new();
        let mut inputs: Vec<(&str, &[&str])> = docs.iter().map(|d| (d.as_str(), single)).collect();
        if prune_at_end {
            inputs.push(("{}", &["--prune-expired"]));
        }
        for (doc, single) in inputs {
            let report = json_report(
                one_by_one
                    .file_cmd()
                    .env("TOKENCACHE_NOW", "50")
                    .args(["--json", "write", "--merge"])
                    .args(single)
                    .write_stdin(doc),
            );
            for count in counts {
                *total.entry(count).or_default() += report[count].as_u64().unwrap();
            }
        }
        let streamed = Env::new();
        streamed.put(start);
        let report = json_report(
            streamed
                .file_cmd()
                .env("TOKENCACHE_NOW", "50")
                .args(["--json", "write", "--merge", "--stream"])
                .args(flags)
                .write_stdin(docs.join("\n")),
        );
        assert_eq!(report["documents"], 40);
        for count in counts {
            assert_eq!(report[count], total[count], "{count} with {flags:?}");
        }
        assert!(total["updated"] > 0 && total["kept_newer"] > 0 && total["kept_tied"] > 0);
        if !flags.is_empty() {
            assert!(total["pruned"] > 0, "{total:?}");
        }
        assert_eq!(
            String::from_utf8(streamed.stored().unwrap()).unwrap(),
            String::from_utf8(one_by_one.stored().unwrap()).unwrap(),
            "with {flags:?}"
        );
    }
}

/// Without `--each` the stream is held in memory until the lock is taken,
/// so the stream as a whole is bounded by `--max-size` (each document was
/// before, the stream was not: 311 MB of stream took 354 MB of memory).
/// Over the limit: exit 4, nothing stored. `--each` merges the same stream.
#[test]
fn without_each_the_whole_stream_is_bounded_by_max_size() {
    let env = Env::new();
    env.put(b"{}");
    let stream: String = (0..40).map(|i| doc(i) + "\n").collect();
    assert!(stream.len() > 4096 && doc(39).len() < 1024);
    let out = env
        .file_cmd()
        .args(["write", "--merge", "--stream", "--max-size", "4KiB"])
        .write_stdin(stream.clone())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(4));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("the stream is larger than the limit of 4096 bytes after"),
        "{err}"
    );
    assert!(err.contains("--each"), "{err}");
    assert_eq!(env.stored().unwrap(), b"{}", "nothing stored");
    env.file_cmd()
        .args([
            "write",
            "--merge",
            "--stream",
            "--each",
            "--max-size",
            "4KiB",
        ])
        .write_stdin(stream)
        .assert()
        .success();
    assert_eq!(tokens(&env).len(), 40);
}
