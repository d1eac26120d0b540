//! Merging one token cache document into another, the way `write --merge`
//! does it, and pruning expired access tokens.
//!
//! Several programs share one MSAL cache; each writes the whole document it
//! knows. A plain write from one would drop what another added, so `write
//! --merge` loads the stored document, merges the incoming one into it and
//! stores the result, all under one hold of the cache lock.
//!
//! # The rule
//! - A top-level value that is an object in both documents is a *section*
//!   (`AccessToken`, `RefreshToken`, `IdToken`, `Account`, `AppMetadata`, or
//!   any section a library we do not know adds): its entries are united by key.
//! - For a key present in both with different entries, the *newer* entry is
//!   kept, judged by the evidence each carries ([`Evidence`]), compared kind
//!   by kind in this order; a kind only one entry has, or on which the two
//!   tie (two ID tokens minted in the same second), says nothing and the
//!   next kind is asked:
//!   1. `cached_at` (access tokens: MSAL writes it at every sign-in and refresh);
//!   2. `last_modification_time` (MSAL Python's refresh tokens, msal-node's
//!      accounts);
//!   3. for an `IdToken`, the `iat` claim of its JWT (the payload is decoded,
//!      never verified, copied or shown);
//!   4. the *sign-in* evidence: the newest `cached_at` among the access tokens
//!      of the same document that the same sign-in wrote: same
//!      `home_account_id`, `client_id` and `environment`, using those of the
//!      three the entry has (an `Account` has no client id, an `AppMetadata`
//!      no home account id). This is what dates msal-node's refresh tokens,
//!      every `Account` of MSAL Python and every `AppMetadata` entry.
//! - When nothing tells them apart (equal on every kind both have, or no kind
//!   both have),
//!   the stored entry is kept: a merge never replaces an entry with one that
//!   may be older. Per section, then:
//!
//!   | section | evidence, in order |
//!   |---|---|
//!   | `AccessToken` | `cached_at`, `last_modification_time`, sign-in |
//!   | `RefreshToken` | `cached_at`, `last_modification_time`, sign-in (home account, client, environment) |
//!   | `IdToken` | `cached_at`, `last_modification_time`, `iat`, sign-in (home account, client, environment) |
//!   | `Account` | `cached_at`, `last_modification_time`, sign-in (home account, environment) |
//!   | `AppMetadata` | `cached_at`, `last_modification_time`, sign-in (client, environment) |
//!   | any other | `cached_at`, `last_modification_time`, sign-in by whichever of the three fields it has |
//!
//! - Any other top-level value present in the incoming document replaces the
//!   stored one; stored top-level values the incoming document lacks are kept.
//! - Keys are kept exactly as found. The libraries build them differently
//!   (case, separators, scope order), so rebuilding or lowercasing them would
//!   create duplicates that no library cleans up.
//!
//! New keys are appended after the stored ones; a replaced entry keeps its
//! place. Numbers keep their exact digits (serde_json's `arbitrary_precision`;
//! only an exponent gains its sign, `1e300` becoming `1e+300`), and numbers
//! stored as strings stay strings.
//!
//! The stored document's evidence can only grow through a merge (a kept entry
//! keeps its access tokens, a replaced one is replaced by a newer one), so a
//! merge is idempotent: merging the same document again changes nothing.
//!
//! # Many documents
//! [`merge`] indexes the stored document's access tokens ([`SignIns`]) for
//! every call, which costs the size of the stored document. A stream of
//! documents merged one after the other (`write --merge --stream`) uses
//! [`Indexed`] instead: the index is built once and kept up to date with each
//! access token a merge adds, replaces or prunes, so a stream costs the size
//! of its documents, not that times their number. The results are those of
//! [`merge`] and [`prune_expired`] called document by document.

use std::collections::{BTreeMap, HashMap};

use serde::Serialize;
use serde_json::{Map, Value};

use super::entry::{decode_jwt, is_expired, non_empty, time_value, timestamp};

/// What a merge did, in counts (never contents).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct MergeReport {
    /// Entries (or top-level values) the stored document did not have.
    pub added: usize,
    /// Entries (or top-level values) replaced by a newer incoming value.
    pub updated: usize,
    /// Entries present in both and already identical.
    pub unchanged: usize,
    /// Entries where the stored one was newer and was kept.
    pub kept_newer: usize,
    /// Entries where nothing told the two apart and the stored one was kept.
    pub kept_tied: usize,
}

impl MergeReport {
    /// Whether the merge changed the stored document at all.
    pub fn changed(&self) -> bool {
        self.added + self.updated > 0
    }
}

/// Merge `incoming` into `stored` by the rule in the module documentation.
pub fn merge(stored: &mut Map<String, Value>, incoming: Map<String, Value>) -> MergeReport {
    let stored_signins = SignIns::of(stored);
    merge_with(stored, &stored_signins, incoming).0
}

/// A document being merged into again and again, with its sign-in index kept
/// up to date (see "Many documents" in the module documentation).
#[derive(Debug)]
pub struct Indexed {
    doc: Map<String, Value>,
    signins: SignIns,
}

impl Indexed {
    /// Index `doc` once.
    pub fn new(doc: Map<String, Value>) -> Indexed {
        let signins = SignIns::of(&doc);
        Indexed { doc, signins }
    }

    /// [`merge`] `incoming` into the document, then bring the index up to
    /// date with the access tokens the merge added or replaced.
    pub fn merge(&mut self, incoming: Map<String, Value>) -> MergeReport {
        let (report, changes) = merge_with(&mut self.doc, &self.signins, incoming);
        match changes {
            AccessTokens::Entries { removed, added } => {
                for written in &removed {
                    self.signins.remove(written);
                }
                for written in &added {
                    self.signins.add(written);
                }
            }
            // The whole section was replaced or created: index it anew.
            AccessTokens::Section => self.signins = SignIns::of(&self.doc),
        }
        report
    }

    /// [`prune_expired`] on the document, taking the pruned access tokens out
    /// of the index.
    pub fn prune_expired(&mut self, now: i64) -> usize {
        let signins = &mut self.signins;
        prune_with(&mut self.doc, now, |pruned| {
            if let Some(written) = Written::of(pruned) {
                signins.remove(&written);
            }
        })
    }

    /// The document as merged so far.
    pub fn doc(&self) -> &Map<String, Value> {
        &self.doc
    }
}

/// How a merge changed the stored access tokens, for [`Indexed`] to follow.
#[derive(Debug)]
enum AccessTokens {
    /// Entries were added (`added`) or replaced (`removed`, then `added`);
    /// only those of them that carry sign-in evidence are listed.
    Entries {
        removed: Vec<Written>,
        added: Vec<Written>,
    },
    /// The top-level `AccessToken` value was created or replaced whole.
    Section,
}

/// Merge `incoming` into `stored`, whose sign-in evidence is
/// `stored_signins`, and say how the stored access tokens changed.
fn merge_with(
    stored: &mut Map<String, Value>,
    stored_signins: &SignIns,
    incoming: Map<String, Value>,
) -> (MergeReport, AccessTokens) {
    // The incoming document's sign-in evidence, taken (like the stored one)
    // before anything changes.
    let incoming_signins = SignIns::of(&incoming);
    let mut report = MergeReport::default();
    let mut changes = AccessTokens::Entries {
        removed: Vec::new(),
        added: Vec::new(),
    };
    for (name, value) in incoming {
        let access_tokens = name == ACCESS_TOKEN;
        match (stored.get_mut(&name), value) {
            (Some(Value::Object(section)), Value::Object(entries)) => {
                let sides = Sides {
                    section: &name,
                    stored: stored_signins,
                    incoming: &incoming_signins,
                };
                let track = match &mut changes {
                    AccessTokens::Entries { removed, added } if access_tokens => {
                        Some((removed, added))
                    }
                    _ => None,
                };
                merge_section(section, entries, &sides, &mut report, track);
            }
            (Some(existing), value) => {
                if *existing == value {
                    report.unchanged += 1;
                } else {
                    *existing = value;
                    report.updated += 1;
                    if access_tokens {
                        changes = AccessTokens::Section;
                    }
                }
            }
            (None, value) => {
                stored.insert(name, value);
                report.added += 1;
                if access_tokens {
                    changes = AccessTokens::Section;
                }
            }
        }
    }
    (report, changes)
}

/// The section being merged and both documents' sign-in evidence.
struct Sides<'a> {
    section: &'a str,
    stored: &'a SignIns,
    incoming: &'a SignIns,
}

/// Merge one section's entries. `track`, given for the access tokens, lists
/// the entries replaced (removed) and added, for the sign-in index.
fn merge_section(
    section: &mut Map<String, Value>,
    entries: Map<String, Value>,
    sides: &Sides<'_>,
    report: &mut MergeReport,
    mut track: Option<(&mut Vec<Written>, &mut Vec<Written>)>,
) {
    for (key, entry) in entries {
        match section.get_mut(&key) {
            None => {
                if let Some((_, added)) = &mut track {
                    added.extend(Written::of(&entry));
                }
                section.insert(key, entry);
                report.added += 1;
            }
            Some(existing) if *existing == entry => report.unchanged += 1,
            Some(existing) => {
                let ours = Evidence::of(sides.section, existing, sides.stored);
                let theirs = Evidence::of(sides.section, &entry, sides.incoming);
                match ours.compare(&theirs) {
                    Some(std::cmp::Ordering::Less) => {
                        if let Some((removed, added)) = &mut track {
                            removed.extend(Written::of(existing));
                            added.extend(Written::of(&entry));
                        }
                        *existing = entry;
                        report.updated += 1;
                    }
                    Some(std::cmp::Ordering::Greater) => report.kept_newer += 1,
                    _ => report.kept_tied += 1,
                }
            }
        }
    }
}

/// What says how fresh an entry is: each kind of evidence it carries, in
/// the order they are compared (see the module documentation).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Evidence {
    /// `cached_at`.
    pub cached_at: Option<i64>,
    /// `last_modification_time`.
    pub last_modification_time: Option<i64>,
    /// An `IdToken`'s `iat` claim.
    pub issued_at: Option<i64>,
    /// The newest `cached_at` of the access tokens the same sign-in wrote.
    pub sign_in: Option<i64>,
}

impl Evidence {
    /// The evidence `entry` of `section` carries, with `signins` the sign-in
    /// evidence of the document it belongs to.
    pub fn of(section: &str, entry: &Value, signins: &SignIns) -> Evidence {
        let issued_at = if section == "IdToken" {
            entry
                .get("secret")
                .and_then(Value::as_str)
                .and_then(decode_jwt)
                .and_then(|(_, claims)| time_value(claims.get("iat")?))
        } else {
            None
        };
        Evidence {
            cached_at: timestamp(entry, "cached_at"),
            last_modification_time: timestamp(entry, "last_modification_time"),
            issued_at,
            sign_in: signins.for_entry(entry),
        }
    }

    /// Compare on the first kind both have and differ on: a tie on one kind
    /// goes on to the next. `None` when no kind tells them apart.
    pub fn compare(&self, other: &Evidence) -> Option<std::cmp::Ordering> {
        [
            (self.cached_at, other.cached_at),
            (self.last_modification_time, other.last_modification_time),
            (self.issued_at, other.issued_at),
            (self.sign_in, other.sign_in),
        ]
        .into_iter()
        .find_map(|pair| match pair {
            (Some(a), Some(b)) if a != b => Some(a.cmp(&b)),
            _ => None,
        })
    }
}

/// The section whose `cached_at` dates a sign-in.
const ACCESS_TOKEN: &str = "AccessToken";

/// The newest `cached_at` of a document's access tokens, by who wrote them:
/// (home account, client, environment), (home account, environment) and
/// (client, environment). Fields compare case-insensitively (MSAL lowercases
/// keys and environments); access tokens lacking a field count only where
/// that field is not part of the grouping.
///
/// Every `cached_at` is kept, counted, not just the newest, so that an access
/// token can be taken out again ([`Indexed`]): the newest is then the newest
/// of those left.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct SignIns {
    by_account_client: HashMap<(String, String, String), Times>,
    by_account: HashMap<(String, String), Times>,
    by_client: HashMap<(String, String), Times>,
}

impl SignIns {
    /// Index the access tokens of `doc`.
    pub fn of(doc: &Map<String, Value>) -> SignIns {
        let mut s = SignIns::default();
        if let Some(Value::Object(tokens)) = doc.get(ACCESS_TOKEN) {
            for written in tokens.values().filter_map(Written::of) {
                s.add(&written);
            }
        }
        s
    }

    /// The sign-in evidence for an entry, by the fields it has.
    pub fn for_entry(&self, entry: &Value) -> Option<i64> {
        let env = field(entry, "environment")?;
        match (field(entry, "home_account_id"), field(entry, "client_id")) {
            (Some(h), Some(c)) => self.by_account_client.get(&(h, c, env))?.newest(),
            (Some(h), None) => self.by_account.get(&(h, env))?.newest(),
            (None, Some(c)) => self.by_client.get(&(c, env))?.newest(),
            (None, None) => None,
        }
    }

    /// Count an access token in.
    fn add(&mut self, w: &Written) {
        let env = &w.environment;
        if let (Some(h), Some(c)) = (&w.home, &w.client) {
            let key = (h.clone(), c.clone(), env.clone());
            self.by_account_client
                .entry(key)
                .or_default()
                .add(w.cached_at);
        }
        if let Some(h) = &w.home {
            let key = (h.clone(), env.clone());
            self.by_account.entry(key).or_default().add(w.cached_at);
        }
        if let Some(c) = &w.client {
            let key = (c.clone(), env.clone());
            self.by_client.entry(key).or_default().add(w.cached_at);
        }
    }

    /// Count an access token out again (one that was counted in).
    fn remove(&mut self, w: &Written) {
        let env = &w.environment;
        if let (Some(h), Some(c)) = (&w.home, &w.client) {
            let key = (h.clone(), c.clone(), env.clone());
            take_out(&mut self.by_account_client, key, w.cached_at);
        }
        if let Some(h) = &w.home {
            take_out(&mut self.by_account, (h.clone(), env.clone()), w.cached_at);
        }
        if let Some(c) = &w.client {
            take_out(&mut self.by_client, (c.clone(), env.clone()), w.cached_at);
        }
    }
}

/// Take one `cached_at` out of a group, and the group out when it is empty
/// (so that an index kept up to date equals one built anew).
fn take_out<K: std::hash::Hash + Eq>(groups: &mut HashMap<K, Times>, key: K, cached_at: i64) {
    if let std::collections::hash_map::Entry::Occupied(mut group) = groups.entry(key) {
        if group.get_mut().remove(cached_at) {
            group.remove();
        }
    }
}

/// The `cached_at` values of one group's access tokens, each with how many
/// tokens carry it.
#[derive(Debug, Default, PartialEq, Eq)]
struct Times(BTreeMap<i64, usize>);

impl Times {
    fn add(&mut self, cached_at: i64) {
        *self.0.entry(cached_at).or_default() += 1;
    }

    /// Take one out; whether none is left.
    fn remove(&mut self, cached_at: i64) -> bool {
        if let std::collections::btree_map::Entry::Occupied(mut count) = self.0.entry(cached_at) {
            *count.get_mut() -= 1;
            if *count.get() == 0 {
                count.remove();
            }
        }
        self.0.is_empty()
    }

    fn newest(&self) -> Option<i64> {
        self.0.last_key_value().map(|(&t, _)| t)
    }
}

/// What an access token tells about its sign-in: when, and who wrote it.
/// Only tokens with a `cached_at` and an environment tell anything.
#[derive(Debug)]
struct Written {
    cached_at: i64,
    environment: String,
    home: Option<String>,
    client: Option<String>,
}

impl Written {
    fn of(access_token: &Value) -> Option<Written> {
        Some(Written {
            cached_at: timestamp(access_token, "cached_at")?,
            environment: field(access_token, "environment")?,
            home: field(access_token, "home_account_id"),
            client: field(access_token, "client_id"),
        })
    }
}

/// A non-empty string field, lowercased.
fn field(entry: &Value, name: &str) -> Option<String> {
    non_empty(entry, name).map(str::to_lowercase)
}

/// Remove access tokens that have expired: `expires_on < now` (Unix
/// seconds), the boundary MSAL itself uses (a token is still good in the
/// second it expires on). Entries without a readable `expires_on` are kept:
/// tokencache does not delete what it does not understand. Returns how many
/// were removed.
pub fn prune_expired(doc: &mut Map<String, Value>, now: i64) -> usize {
    prune_with(doc, now, |_| {})
}

/// [`prune_expired`], showing each pruned access token to `pruned` first.
fn prune_with(doc: &mut Map<String, Value>, now: i64, mut pruned: impl FnMut(&Value)) -> usize {
    let Some(Value::Object(tokens)) = doc.get_mut(ACCESS_TOKEN) else {
        return 0;
    };
    let before = tokens.len();
    tokens.retain(|_, entry| {
        let keep = timestamp(entry, "expires_on").is_none_or(|exp| !is_expired(exp, now));
        if !keep {
            pruned(entry);
        }
        keep
    });
    before - tokens.len()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use serde_json::json;

    fn obj(v: Value) -> Map<String, Value> {
        match v {
            Value::Object(m) => m,
            _ => panic!("not an object"),
        }
    }

    #[test]
    fn unites_sections_by_key_and_keeps_unknown_values() {
        let mut stored = obj(json!({
            "AccessToken": {"a": {"secret": "1"}},
            "Account": {"x": {"username": "u"}},
            "Custom": 7,
            "Extra": {"k": 1}
        }));
        let incoming = obj(json!({
            "AccessToken": {"b": {"secret": "2"}},
            "RefreshToken": {"r": {"secret": "3"}},
            "Extra": {"k": 1}
        }));
        let report = merge(&mut stored, incoming);
        assert_eq!(
            Value::Object(stored),
            json!({
                "AccessToken": {"a": {"secret": "1"}, "b": {"secret": "2"}},
                "Account": {"x": {"username": "u"}},
                "Custom": 7,
                "Extra": {"k": 1},
                "RefreshToken": {"r": {"secret": "3"}}
            })
        );
        assert_eq!(
            report,
            MergeReport {
                added: 2,
                updated: 0,
                unchanged: 1,
                kept_newer: 0,
                kept_tied: 0,
            }
        );
    }

    #[test]
    fn the_newer_wins_and_a_tie_keeps_the_stored_entry() {
        let mut stored = obj(json!({"AccessToken": {
            "newer": {"secret": "old-but-newer", "cached_at": "200"},
            "older": {"secret": "stale", "cached_at": "100"},
            "same": {"secret": "s1", "cached_at": "100"},
            "untimed": {"secret": "u1"},
        }}));
        let incoming = obj(json!({"AccessToken": {
            "newer": {"secret": "in", "cached_at": "150"},
            "older": {"secret": "fresh", "cached_at": "150"},
            "same": {"secret": "s2", "cached_at": "100"},
            "untimed": {"secret": "u2", "cached_at": "1"},
        }}));
        let report = merge(&mut stored, incoming);
        let at = &stored["AccessToken"];
        assert_eq!(at["newer"]["secret"], "old-but-newer");
        assert_eq!(at["older"]["secret"], "fresh");
        assert_eq!(at["same"]["secret"], "s1", "a tie keeps the stored entry");
        assert_eq!(
            at["untimed"]["secret"], "u1",
            "no evidence in common: the stored entry stays"
        );
        assert_eq!(
            report,
            MergeReport {
                added: 0,
                updated: 1,
                unchanged: 0,
                kept_newer: 1,
                kept_tied: 2,
            }
        );
    }

    fn jwt(claims: Value) -> String {
        use base64::Engine as _;
        let b64 =
            |v: &Value| base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(v.to_string());
        format!("{}.{}.c2ln", b64(&json!({"alg": "none"})), b64(&claims))
    }

    #[test]
    fn an_id_token_is_dated_by_its_iat_claim() {
        let key = "h-login.microsoftonline.com-idtoken-c-t-";
        let idt = |iat: Value, tag: &str| {
            json!({"IdToken": {key: {"secret": jwt(json!({"iat": iat, "tag": tag})),
                "home_account_id": "h", "client_id": "c", "environment": "login.microsoftonline.com"}}})
        };
        // Today's cache, yesterday's snapshot merged in: today's stays.
        let mut stored = obj(idt(json!(2_000), "today"));
        let report = merge(&mut stored, obj(idt(json!(1_000), "yesterday")));
        assert_eq!(report.kept_newer, 1);
        assert!(stored["IdToken"][key]["secret"]
            .as_str()
            .unwrap()
            .ends_with(".c2ln"));
        let claims = |d: &Map<String, Value>| {
            decode_jwt(d["IdToken"][key]["secret"].as_str().unwrap())
                .unwrap()
                .1
        };
        assert_eq!(claims(&stored)["tag"], "today");
        // And the other way round.
        let mut stored = obj(idt(json!(1_000), "yesterday"));
        merge(&mut stored, obj(idt(json!(2_000), "today")));
        assert_eq!(claims(&stored)["tag"], "today");
        // A fractional iat is not a time by the one timestamp rule
        // (`entry::parse_time`): no evidence, so nothing says the incoming
        // entry is newer and the stored one stays.
        let mut stored = obj(idt(json!(1_000), "yesterday"));
        let report = merge(&mut stored, obj(idt(json!(2_000.5), "today")));
        assert_eq!(report.kept_tied, 1);
        assert_eq!(claims(&stored)["tag"], "yesterday");
    }

    #[test]
    fn a_tie_goes_on_to_the_next_kind_of_evidence() {
        let e = |cached_at, lmt, iat, sign_in| Evidence {
            cached_at,
            last_modification_time: lmt,
            issued_at: iat,
            sign_in,
        };
        let ours = e(Some(5), None, Some(100), Some(10));
        let theirs = e(Some(5), Some(1), Some(100), Some(20));
        assert_eq!(ours.compare(&theirs), Some(std::cmp::Ordering::Less));
        assert_eq!(theirs.compare(&ours), Some(std::cmp::Ordering::Greater));
        let same = e(Some(5), None, Some(100), Some(10));
        assert_eq!(ours.compare(&same), None, "equal on every kind: a tie");
    }

    /// A cache as one sign-in writes it: an access token cached at `at`, and
    /// the refresh token (msal-node: no timestamp), ID token (opaque here),
    /// account and app metadata that carry no evidence of their own.
    fn sign_in(at: i64, tag: &str) -> Map<String, Value> {
        let env = "login.microsoftonline.com";
        obj(json!({
            "AccessToken": {format!("h-{env}-accesstoken-c-t-s"): {
                "secret": format!("at-{tag}"), "home_account_id": "h", "client_id": "c",
                "environment": env, "realm": "t", "target": "s",
                "cached_at": at.to_string(), "expires_on": (at + 3600).to_string()}},
            "RefreshToken": {format!("h-{env}-refreshtoken-c--"): {
                "secret": format!("rt-{tag}"), "home_account_id": "h", "client_id": "c",
                "environment": env}},
            "IdToken": {format!("h-{env}-idtoken-c-t-"): {
                "secret": format!("opaque-{tag}"), "home_account_id": "h", "client_id": "c",
                "environment": env, "realm": "t"}},
            "Account": {format!("h-{env}-t"): {
                "username": format!("{tag}@contoso.com"), "home_account_id": "h",
                "environment": env, "realm": "t"}},
            "AppMetadata": {format!("appmetadata-{env}-c"): {
                "client_id": "c", "environment": env, "family_id": tag}}
        }))
    }

    #[test]
    fn entries_without_evidence_are_dated_by_their_sign_in() {
        let today = sign_in(2_000, "today");
        let mut merged = today.clone();
        let report = merge(&mut merged, sign_in(1_000, "yesterday"));
        assert_eq!(merged, today, "yesterday's snapshot brings nothing back");
        assert_eq!(report.kept_newer, 5);
        assert!(!report.changed());

        let mut merged = sign_in(1_000, "yesterday");
        let report = merge(&mut merged, today.clone());
        assert_eq!(merged, today, "today's sign-in replaces every entry");
        assert_eq!(report.updated, 5);
    }

    #[test]
    fn sign_in_evidence_is_per_account_client_and_environment() {
        // The stored refresh token's sign-in is another client's: no evidence
        // for it, so nothing tells the two apart and the stored one stays.
        let mut stored = sign_in(2_000, "today");
        let at = stored["AccessToken"].as_object_mut().unwrap();
        let only = at.values_mut().next().unwrap();
        only["client_id"] = json!("other-client");
        let before = stored.clone();
        let report = merge(&mut stored, sign_in(1_000, "yesterday"));
        assert_eq!(stored["RefreshToken"], before["RefreshToken"]);
        assert_eq!(
            stored["Account"],
            sign_in(2_000, "today")["Account"],
            "an account is dated by any client's tokens of the same home account"
        );
        assert!(report.kept_tied >= 1, "{report:?}");
    }
    #[test]
    fn last_modification_time_is_the_fallback_and_numbers_count() {
        let mut stored = obj(json!({"Account": {
            "k": {"username": "stored", "last_modification_time": 300}
        }}));
        let incoming = obj(json!({"Account": {
            "k": {"username": "incoming", "last_modification_time": "299"}
        }}));
        merge(&mut stored, incoming);
        assert_eq!(stored["Account"]["k"]["username"], "stored");
    }

    #[test]
    fn keys_are_kept_exactly_and_order_is_stable() {
        let mut stored = obj(json!({"AccessToken": {"UID.UTID-Login-X": {"n": 1}, "z": {"n": 2}}}));
        let incoming = obj(json!({"AccessToken": {"uid.utid-login-x": {"n": 3}, "z": {"n": 4}}}));
        merge(&mut stored, incoming);
        let keys: Vec<&String> = stored["AccessToken"].as_object().unwrap().keys().collect();
        assert_eq!(keys, ["UID.UTID-Login-X", "z", "uid.utid-login-x"]);
    }

    #[test]
    fn numbers_survive_exactly() {
        let text = r#"{"AccessToken":{"a":{"n":1e+400,"m":12345678901234567890123,"f":0.10000000000000000001}}}"#;
        let mut stored: Map<String, Value> = serde_json::from_str(text).unwrap();
        merge(&mut stored, Map::new());
        assert_eq!(serde_json::to_string(&stored).unwrap(), text);
        // serde_json spells an exponent with its sign; the value is the same.
        let plain: Value = serde_json::from_str("1e400").unwrap();
        assert_eq!(plain.to_string(), "1e+400");
    }

    #[test]
    fn prunes_only_expired_access_tokens() {
        let mut doc = obj(json!({
            "AccessToken": {
                "past": {"expires_on": "99"},
                "now": {"expires_on": "100"},
                "future": {"expires_on": "101"},
                "unreadable": {"expires_on": "soon"},
                "missing": {},
            },
            "RefreshToken": {"r": {"expires_on": "1"}}
        }));
        assert_eq!(prune_expired(&mut doc, 100), 1);
        let keys: Vec<&String> = doc["AccessToken"].as_object().unwrap().keys().collect();
        assert_eq!(
            keys,
            ["now", "future", "unreadable", "missing"],
            "a token is still good in the second it expires on"
        );
        assert_eq!(doc["RefreshToken"]["r"]["expires_on"], "1");
        assert_eq!(prune_expired(&mut Map::new(), 100), 0);
    }

    #[test]
    fn a_replaced_access_token_no_longer_dates_its_sign_in() {
        // Two stored access tokens date the stored refresh token's sign-in:
        // the newest, 500. A newer entry (by last_modification_time, with no
        // cached_at) replaces the one cached at 500: from then on the sign-in
        // is dated 300, so a refresh token from a sign-in at 400 replaces the
        // stored one. An index that only ever kept the newest cached_at would
        // still say 500 and keep the stored refresh token.
        let who = json!({"home_account_id": "h", "client_id": "c", "environment": "e"});
        let entry = |extra: Value| {
            let mut e = who.clone();
            e.as_object_mut().unwrap().extend(obj(extra));
            e
        };
        let start = obj(json!({
            "AccessToken": {
                "at": entry(json!({"secret": "a1", "cached_at": "500", "last_modification_time": "1"})),
                "old": entry(json!({"secret": "o", "cached_at": "300"})),
            },
            "RefreshToken": {"rt": entry(json!({"secret": "r1"}))},
        }));
        let replacing = obj(json!({
            "AccessToken": {"at": entry(json!({"secret": "a2", "last_modification_time": "2"}))},
        }));
        let later = obj(json!({
            "AccessToken": {"other": entry(json!({"secret": "a3", "cached_at": "400"}))},
            "RefreshToken": {"rt": entry(json!({"secret": "r2"}))},
        }));
        let mut indexed = Indexed::new(start.clone());
        let mut plain = start;
        for doc in [replacing, later] {
            assert_eq!(indexed.merge(doc.clone()), merge(&mut plain, doc));
            assert_eq!(indexed.doc(), &plain);
            assert_eq!(indexed.signins, SignIns::of(&plain));
        }
        assert_eq!(plain["AccessToken"]["at"]["secret"], "a2");
        assert_eq!(
            indexed.doc()["RefreshToken"]["rt"]["secret"],
            "r2",
            "the stored sign-in is now dated 300: the one at 400 wins"
        );
    }

    /// `doc` with an `expires_on` on its access tokens, taken in turn from
    /// `expiries` (`None`: none), so that pruning has something to prune.
    fn with_expiries(mut doc: Map<String, Value>, expiries: &[Option<i64>]) -> Map<String, Value> {
        if let Some(Value::Object(tokens)) = doc.get_mut("AccessToken") {
            for (token, expiry) in tokens.values_mut().zip(expiries.iter().cycle()) {
                if let (Value::Object(token), Some(at)) = (token, expiry) {
                    token.insert("expires_on".into(), json!(at.to_string()));
                }
            }
        }
        doc
    }

    /// Documents shaped like caches: a few sections (known and unknown), a
    /// small key space so that collisions happen, entries with and without
    /// timestamps, and the odd non-object top-level value.
    fn cache_doc() -> impl Strategy<Value = Map<String, Value>> {
        // Who wrote an entry: a small space of home accounts, clients and
        // environments, so that sign-in evidence links entries across
        // sections (and is sometimes absent).
        let writer = (
            proptest::option::of(0u8..2),
            proptest::option::of(0u8..2),
            proptest::option::of(0u8..2),
        );
        let entry = (
            0u8..4,
            proptest::option::of(0i64..5),
            proptest::option::of(0i64..5),
            writer,
        )
            .prop_map(|(secret, cached_at, lmt, (home, client, env))| {
                let mut e = Map::new();
                e.insert("secret".into(), json!(format!("s{secret}")));
                if let Some(c) = cached_at {
                    e.insert("cached_at".into(), json!(c.to_string()));
                }
                if let Some(l) = lmt {
                    e.insert("last_modification_time".into(), json!(l));
                }
                if let Some(h) = home {
                    e.insert("home_account_id".into(), json!(format!("h{h}")));
                }
                if let Some(c) = client {
                    e.insert("client_id".into(), json!(format!("C{c}")));
                }
                if let Some(v) = env {
                    e.insert("environment".into(), json!(format!("e{v}")));
                }
                Value::Object(e)
            });
        let section = proptest::collection::btree_map("[a-e]", entry, 0..5)
            .prop_map(|m| Value::Object(m.into_iter().collect()));
        let top = prop_oneof![
            4 => section,
            1 => (0u8..3).prop_map(|n| json!(n)),
            1 => Just(json!("text")),
        ];
        let name = prop_oneof![
            Just("AccessToken".to_string()),
            Just("RefreshToken".to_string()),
            Just("IdToken".to_string()),
            Just("Account".to_string()),
            Just("AppMetadata".to_string()),
            Just("Unknown".to_string()),
        ];
        proptest::collection::btree_map(name, top, 0..5).prop_map(|m| m.into_iter().collect())
    }

    proptest! {
        /// A stream merged through [`Indexed`]: after every document (and
        /// every prune) the index kept up to date equals the index built
        /// anew, and document and report equal those of [`merge`] and
        /// [`prune_expired`] called one document at a time.
        #[test]
        fn the_streams_index_equals_the_recomputed_one_after_every_document(
            start in cache_doc(),
            stream in proptest::collection::vec(
                (cache_doc(), proptest::collection::vec(proptest::option::of(0i64..5), 1..4), any::<bool>()),
                1..10,
            ),
            now in 0i64..5,
        ) {
            let mut indexed = Indexed::new(start.clone());
            let mut plain = start;
            prop_assert_eq!(&indexed.signins, &SignIns::of(&plain));
            for (doc, expiries, prune) in stream {
                let doc = with_expiries(doc, &expiries);
                prop_assert_eq!(indexed.merge(doc.clone()), merge(&mut plain, doc));
                prop_assert_eq!(indexed.doc(), &plain);
                prop_assert_eq!(&indexed.signins, &SignIns::of(&plain));
                if prune {
                    prop_assert_eq!(indexed.prune_expired(now), prune_expired(&mut plain, now));
                    prop_assert_eq!(indexed.doc(), &plain);
                    prop_assert_eq!(&indexed.signins, &SignIns::of(&plain));
                }
            }
        }

        #[test]
        fn merging_is_idempotent(a in cache_doc(), b in cache_doc()) {
            let mut once = a.clone();
            merge(&mut once, b.clone());
            let mut twice = once.clone();
            let report = merge(&mut twice, b);
            prop_assert_eq!(&once, &twice);
            prop_assert!(!report.changed());
        }

        #[test]
        fn merging_empty_changes_nothing(a in cache_doc()) {
            let mut merged = a.clone();
            let report = merge(&mut merged, Map::new());
            prop_assert_eq!(&merged, &a);
            prop_assert_eq!(report, MergeReport::default());
        }

        #[test]
        fn merging_a_document_into_itself_changes_nothing(a in cache_doc()) {
            let mut merged = a.clone();
            prop_assert!(!merge(&mut merged, a.clone()).changed());
            prop_assert_eq!(&merged, &a);
        }

        #[test]
        fn no_key_is_lost(a in cache_doc(), b in cache_doc()) {
            let mut merged = a.clone();
            merge(&mut merged, b.clone());
            for doc in [&a, &b] {
                for (name, value) in doc {
                    prop_assert!(merged.contains_key(name), "top-level {} lost", name);
                    // Entries of a section survive whenever the section is
                    // still a section (an incoming scalar replaces a value by rule).
                    if let (Value::Object(entries), Some(Value::Object(out))) = (value, merged.get(name)) {
                        let both_objects = matches!(a.get(name), Some(Value::Object(_)) | None)
                            && matches!(b.get(name), Some(Value::Object(_)) | None);
                        if both_objects {
                            for key in entries.keys() {
                                prop_assert!(out.contains_key(key), "{}/{} lost", name, key);
                            }
                        }
                    }
                }
            }
        }

        #[test]
        fn every_entry_comes_from_one_side(a in cache_doc(), b in cache_doc()) {
            let mut merged = a.clone();
            merge(&mut merged, b.clone());
            for (name, value) in &merged {
                if let Value::Object(out) = value {
                    for (key, entry) in out {
                        let from = |d: &Map<String, Value>| d.get(name).and_then(|s| s.get(key)) == Some(entry);
                        prop_assert!(from(&a) || from(&b) || b.get(name) == Some(value) || a.get(name) == Some(value));
                    }
                }
            }
        }
    }
}
