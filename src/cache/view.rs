//! The borrowed view of a cache document: the parts `token` looks at — the
//! `AccessToken` and `Account` entries' fields — borrowed from the
//! document's bytes. Nothing else is built: a secret is not copied until it
//! is served, and the other sections are only skipped over, so a command
//! built on the view costs little more than `read`.
//!
//! Two ways to build it, with one result: [`validate_view`] validates a
//! stored cache and records the view in the same pass (`token`), and
//! [`View::parse`] looks again at a document validated earlier (`serve`,
//! which validates once and looks up many times; `refresh`, which also
//! models the document).
//!
//! The fields are raw JSON text; [`text`] and [`time`] read them with the
//! rules of [`super::entry`], so a value means the same here as in a parsed
//! document.

use std::borrow::Cow;

use super::entry::parse_time;
use super::validate::{validate_with, Observer};
use super::InvalidJson;

/// The `AccessToken` and `Account` entries of a document, borrowed.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct View<'a> {
    /// The `AccessToken` entries, in document order.
    pub access_tokens: Vec<Fields<'a>>,
    /// The `Account` entries, in document order.
    pub accounts: Vec<Fields<'a>>,
}

/// The fields of one entry that the rules use; each the raw JSON text of
/// its value, as written (`None` when absent or `null`).
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Fields<'a> {
    /// `credential_type`.
    pub credential_type: Option<&'a str>,
    /// `token_type`.
    pub token_type: Option<&'a str>,
    /// `secret`.
    pub secret: Option<&'a str>,
    /// `home_account_id`.
    pub home_account_id: Option<&'a str>,
    /// `client_id`.
    pub client_id: Option<&'a str>,
    /// `realm`.
    pub realm: Option<&'a str>,
    /// `environment`.
    pub environment: Option<&'a str>,
    /// `target`.
    pub target: Option<&'a str>,
    /// `expires_on`.
    pub expires_on: Option<&'a str>,
    /// `cached_at`.
    pub cached_at: Option<&'a str>,
    /// `username`.
    pub username: Option<&'a str>,
}

impl<'a> Fields<'a> {
    /// The number of the field named `name` (unescaped), the one
    /// [`Fields::slot_at`] takes; `None` for a field the rules do not use.
    /// The length and the first byte pick the name it can be (two for
    /// `client_id` and `cached_at`); a comparison of known length, which
    /// the compiler inlines, says whether it is. Most keys of a cache's
    /// entries are kept fields, and this runs for each of them while the
    /// document is validated.
    fn index(name: &[u8]) -> Option<u8> {
        Some(match (name.len(), name.first()?) {
            (15, b'c') if name == b"credential_type" => 0,
            (10, b't') if name == b"token_type" => 1,
            (6, b's') if name == b"secret" => 2,
            (15, b'h') if name == b"home_account_id" => 3,
            (9, b'c') if name == b"client_id" => 4,
            (5, b'r') if name == b"realm" => 5,
            (11, b'e') if name == b"environment" => 6,
            (6, b't') if name == b"target" => 7,
            (10, b'e') if name == b"expires_on" => 8,
            (9, b'c') if name == b"cached_at" => 9,
            (8, b'u') if name == b"username" => 10,
            _ => return None,
        })
    }

    /// The slot of field number `index` ([`Fields::index`]).
    fn slot_at(&mut self, index: u8) -> &mut Option<&'a str> {
        match index {
            0 => &mut self.credential_type,
            1 => &mut self.token_type,
            2 => &mut self.secret,
            3 => &mut self.home_account_id,
            4 => &mut self.client_id,
            5 => &mut self.realm,
            6 => &mut self.environment,
            7 => &mut self.target,
            8 => &mut self.expires_on,
            9 => &mut self.cached_at,
            _ => &mut self.username,
        }
    }

    /// The slot of the field named `name`, with the bit that marks it seen;
    /// `None` for a field the rules do not use.
    fn slot(&mut self, name: &str) -> Option<(u16, &mut Option<&'a str>)> {
        let index = Self::index(name.as_bytes())?;
        Some((1 << index, self.slot_at(index)))
    }
}

/// Validate `bytes` exactly as [`super::validate`] does (the same answer,
/// the same errors) and, in the same pass, look at them as [`View::parse`]
/// does: what `token` needs of a stored cache, for little more than the
/// cost of validating it. The validator's scan reports the keys and where
/// each value starts and ends; the recorder keeps the `AccessToken` and
/// `Account` entries (depth 2) and their kept fields' raw text (depth 3).
/// It replaces a second walk over the bytes that found again the end of
/// every string the validator had just found (`validate` then
/// `View::parse`: 117M instructions for a 16 MiB cache, `validate` alone
/// 70M; the whole `token` command went from 145M to 85M with this and a
/// cheaper `find`, benches/RESULTS.md).
pub fn validate_view(bytes: &[u8]) -> Result<View<'_>, InvalidJson> {
    validate_with(bytes, Recorder::default()).map(|r| r.view)
}

/// Which section's entries are being recorded.
#[derive(Debug, Clone, Copy)]
enum Section {
    AccessToken,
    Account,
}

/// The view, built from the validator's reports ([`Observer`]).
#[derive(Default)]
struct Recorder<'a> {
    text: &'a str,
    view: View<'a>,
    /// The section named by the last top-level key.
    named: Option<Section>,
    /// The section whose entries are being recorded: the value of a
    /// section's key, when it is an object.
    open: Option<Section>,
    /// The entry started last in the open section is an object: its
    /// members are fields.
    in_entry: bool,
    /// The kept field whose key came last in that entry, until its value
    /// ends, and where that value started.
    field: Option<u8>,
    start: usize,
}

impl<'a> Recorder<'a> {
    fn entries(&mut self, section: Section) -> &mut Vec<Fields<'a>> {
        match section {
            Section::AccessToken => &mut self.view.access_tokens,
            Section::Account => &mut self.view.accounts,
        }
    }
}

impl<'a> Observer<'a> for Recorder<'a> {
    fn text(&mut self, text: &'a str) {
        self.text = text;
    }

    fn key(&mut self, depth: usize, key: &[u8]) {
        match depth {
            3 if self.in_entry => self.field = Fields::index(key),
            1 => {
                self.named = match key {
                    b"AccessToken" => Some(Section::AccessToken),
                    b"Account" => Some(Section::Account),
                    _ => None,
                }
            }
            _ => {}
        }
    }

    fn value_start(&mut self, depth: usize, at: usize, first: u8) {
        match depth {
            3 => self.start = at,
            // An entry: a member of the open section, if any; one that is
            // not an object holds nothing.
            2 => {
                self.in_entry = false;
                if let Some(section) = self.open {
                    self.entries(section).push(Fields::default());
                    self.in_entry = first == b'{';
                }
            }
            1 => self.open = self.named.filter(|_| first == b'{'),
            _ => {}
        }
    }

    #[inline(always)]
    fn value_end(&mut self, depth: usize, end: usize) {
        if depth != 3 {
            return;
        }
        let (Some(index), Some(section)) = (self.field.take(), self.open) else {
            return;
        };
        let raw = self.text.get(self.start..end);
        if let Some(entry) = self.entries(section).last_mut() {
            *entry.slot_at(index) = raw.filter(|raw| *raw != "null");
        }
    }
}

impl<'a> View<'a> {
    /// Look at a cache document that [`super::validate`] accepted, in one
    /// pass over its bytes. `None` when it is not a JSON object (or, for a
    /// document that was not validated, not well-formed where this pass
    /// looks). A section that is not an object, or an entry that is not one,
    /// holds nothing (as for the other commands, which warn about it).
    ///
    /// Hand-written rather than serde_json's deserializer because the
    /// document is already known to be valid: what is left is finding where
    /// each value ends, which memchr does for the strings (the secrets are
    /// most of a cache's bytes) at a fraction of the cost of parsing them
    /// again — a 16 MiB `token` went from 3.0x the instructions of a `read`
    /// to 2.0x (benches/RESULTS.md; [`validate_view`] then took it to
    /// 1.16x by not walking the bytes twice). Keys are compared after unescaping,
    /// as serde_json compares them; a field given twice in one entry makes
    /// the document unreadable, as serde's derived structs make it.
    pub fn parse(bytes: &'a [u8]) -> Option<View<'a>> {
        let text = simdutf8::basic::from_utf8(bytes).ok()?;
        let mut cursor = Cursor { text, at: 0 };
        let mut view = View::default();
        cursor.object(|cursor, key| {
            match &*key {
                "AccessToken" => view.access_tokens = cursor.section()?,
                "Account" => view.accounts = cursor.section()?,
                _ => {
                    cursor.value()?;
                }
            }
            Some(())
        })?;
        Some(view)
    }
}

/// A position in a document, moved value by value.
struct Cursor<'a> {
    text: &'a str,
    at: usize,
}

impl<'a> Cursor<'a> {
    fn bytes(&self) -> &'a [u8] {
        self.text.as_bytes()
    }

    /// The next byte that is not JSON whitespace, not consumed.
    fn peek(&mut self) -> Option<u8> {
        while let Some(&b) = self.bytes().get(self.at) {
            if !matches!(b, b' ' | b'\t' | b'\n' | b'\r') {
                return Some(b);
            }
            self.at += 1;
        }
        None
    }

    /// Consume `byte`, after whitespace.
    fn expect(&mut self, byte: u8) -> Option<()> {
        (self.peek()? == byte).then(|| self.at += 1)
    }

    /// An object, calling `member` with each key (unescaped) with the
    /// cursor at its value, which `member` must consume.
    fn object(
        &mut self,
        mut member: impl FnMut(&mut Self, Cow<'a, str>) -> Option<()>,
    ) -> Option<()> {
        self.expect(b'{')?;
        if self.peek()? == b'}' {
            self.at += 1;
            return Some(());
        }
        loop {
            let key = self.key()?;
            self.expect(b':')?;
            member(self, key)?;
            match self.peek()? {
                b',' => self.at += 1,
                b'}' => {
                    self.at += 1;
                    return Some(());
                }
                _ => return None,
            }
        }
    }

    /// A key: its text, unescaped only when it has escapes.
    fn key(&mut self) -> Option<Cow<'a, str>> {
        if self.peek()? != b'"' {
            return None;
        }
        let (raw, escaped) = self.value_escaped()?;
        if escaped {
            serde_json::from_str::<String>(raw).ok().map(Cow::Owned)
        } else {
            Some(Cow::Borrowed(&raw[1..raw.len() - 1]))
        }
    }

    /// A section: its entries' fields if it is an object, else nothing.
    fn section(&mut self) -> Option<Vec<Fields<'a>>> {
        let mut out = Vec::new();
        if self.peek()? != b'{' {
            self.value()?;
            return Some(out);
        }
        self.object(|cursor, _| {
            out.push(cursor.entry()?);
            Some(())
        })?;
        Some(out)
    }

    /// An entry: its fields if it is an object, else none.
    fn entry(&mut self) -> Option<Fields<'a>> {
        let mut fields = Fields::default();
        if self.peek()? != b'{' {
            self.value()?;
            return Some(fields);
        }
        // The fields seen, `null` ones included: a second is an error.
        let mut seen = 0u16;
        self.object(|cursor, key| {
            let raw = cursor.value()?;
            let Some((bit, slot)) = fields.slot(&key) else {
                return Some(());
            };
            if seen & bit != 0 {
                return None;
            }
            seen |= bit;
            *slot = (raw != "null").then_some(raw);
            Some(())
        })?;
        Some(fields)
    }

    /// One value, consumed: its raw text.
    fn value(&mut self) -> Option<&'a str> {
        self.value_escaped().map(|(raw, _)| raw)
    }

    /// One value, consumed: its raw text, and whether it is a string with
    /// escapes.
    fn value_escaped(&mut self) -> Option<(&'a str, bool)> {
        let start = {
            self.peek()?;
            self.at
        };
        let bytes = self.bytes();
        let mut escaped = false;
        match bytes[start] {
            b'"' => (self.at, escaped) = string_end(bytes, start)?,
            b'{' | b'[' => {
                let mut depth = 0usize;
                let mut i = start;
                loop {
                    match *bytes.get(i)? {
                        b'"' => {
                            i = string_end(bytes, i)?.0;
                            continue;
                        }
                        b'{' | b'[' => depth += 1,
                        b'}' | b']' => {
                            depth -= 1;
                            if depth == 0 {
                                break;
                            }
                        }
                        _ => {}
                    }
                    i += 1;
                }
                self.at = i + 1;
            }
            b',' | b':' | b'}' | b']' => return None,
            _ => {
                // A number, true, false or null.
                let len = bytes[start..]
                    .iter()
                    .position(|b| matches!(b, b',' | b'}' | b']' | b' ' | b'\t' | b'\n' | b'\r'))
                    .unwrap_or(bytes.len() - start);
                self.at = start + len;
            }
        }
        Some((self.text.get(start..self.at)?, escaped))
    }
}

/// Just past the closing quote of the string that opens at `open`, and
/// whether it has escapes.
fn string_end(bytes: &[u8], open: usize) -> Option<(usize, bool)> {
    let mut i = open + 1;
    let mut escaped = false;
    loop {
        let at = special(bytes, i)?;
        if bytes[at] == b'"' {
            return Some((at + 1, escaped));
        }
        // An escape: the character after the backslash is part of it
        // (`\u` takes four more, none of them a quote or a backslash).
        escaped = true;
        i = at + 2;
    }
}

/// The position of the first quote or backslash at or after `from`.
///
/// Most strings of a cache are short (keys, ids, names, times): eight bytes
/// at a time in a register (the classic "has a zero byte" test) finds their
/// end in a few steps, where setting up memchr costs more than the search;
/// past 64 bytes (the secrets, most of a cache's bytes) memchr's vector
/// search takes over.
fn special(bytes: &[u8], from: usize) -> Option<usize> {
    const ONES: u64 = u64::from_ne_bytes([0x01; 8]);
    const HIGHS: u64 = u64::from_ne_bytes([0x80; 8]);
    // A high bit in each byte of `word` equal to `byte`; the lowest one is
    // always a true match (a borrow only spreads to higher bytes).
    let matches = |word: u64, byte: u8| {
        let x = word ^ (ONES * u64::from(byte));
        x.wrapping_sub(ONES) & !x & HIGHS
    };
    let mut i = from;
    while i - from < 64 {
        let Some(chunk) = bytes.get(i..i + 8) else {
            break;
        };
        let word = u64::from_le_bytes(chunk.try_into().expect("eight bytes"));
        let found = matches(word, b'"') | matches(word, b'\\');
        if found != 0 {
            return Some(i + (found.trailing_zeros() / 8) as usize);
        }
        i += 8;
    }
    Some(i + memchr::memchr2(b'"', b'\\', bytes.get(i..)?)?)
}

/// A string field's text (unescaped only when it has escapes); `None` for
/// absent, null, empty or non-string values.
pub fn text<'a>(raw: Option<&'a str>) -> Option<Cow<'a, str>> {
    let raw = raw?;
    if !raw.starts_with('"') {
        return None;
    }
    // Without escapes, a string of a validated document is its text.
    if raw.len() >= 2 && raw.ends_with('"') && !raw.contains('\\') {
        let inner = &raw[1..raw.len() - 1];
        return (!inner.is_empty()).then_some(Cow::Borrowed(inner));
    }
    let text = match serde_json::from_str::<&'a str>(raw) {
        Ok(s) => Cow::Borrowed(s),
        Err(_) => Cow::Owned(serde_json::from_str::<String>(raw).ok()?),
    };
    (!text.is_empty()).then_some(text)
}

/// A time field, a string or a number as MSAL writes them, read by
/// [`parse_time`].
pub fn time(raw: Option<&str>) -> Option<i64> {
    let raw = raw?;
    if raw.starts_with('"') {
        parse_time(&text(Some(raw))?)
    } else {
        parse_time(raw)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use serde_json::{json, Map, Value};

    const NAMES: [&str; 11] = [
        "credential_type",
        "token_type",
        "secret",
        "home_account_id",
        "client_id",
        "realm",
        "environment",
        "target",
        "expires_on",
        "cached_at",
        "username",
    ];

    /// What each kept field of an entry decodes to (absent and null alike).
    fn decoded(fields: &Fields<'_>) -> Vec<Option<Value>> {
        let mut fields = Fields { ..*fields };
        NAMES
            .iter()
            .map(|n| {
                let raw = *fields.slot(n).expect("a kept field").1;
                raw.map(|raw| serde_json::from_str(raw).unwrap())
            })
            .collect()
    }

    /// The same, from a parsed document: the oracle.
    fn expected(section: Option<&Value>) -> Vec<Vec<Option<Value>>> {
        let Some(Value::Object(entries)) = section else {
            return Vec::new();
        };
        entries
            .values()
            .map(|entry| {
                NAMES
                    .iter()
                    .map(|n| entry.get(n).filter(|v| !v.is_null()).cloned())
                    .collect()
            })
            .collect()
    }

    /// Both ways of building the view (after `validate`, and fused with
    /// it) read what serde_json reads.
    fn check(bytes: &[u8]) -> Result<(), TestCaseError> {
        let doc: Value = serde_json::from_slice(bytes).unwrap();
        let parsed = View::parse(bytes).expect("an object");
        let fused = validate_view(bytes).expect("a valid document");
        for view in [parsed, fused] {
            let got: Vec<_> = view.access_tokens.iter().map(decoded).collect();
            prop_assert_eq!(got, expected(doc.get("AccessToken")));
            let got: Vec<_> = view.accounts.iter().map(decoded).collect();
            prop_assert_eq!(got, expected(doc.get("Account")));
        }
        Ok(())
    }

    /// The fused pass answers exactly as `validate` then `View::parse`:
    /// the same error, or the same view.
    fn same_as_two_passes(bytes: &[u8]) -> Result<(), TestCaseError> {
        match crate::cache::validate(bytes) {
            Ok(()) => {
                let parsed = View::parse(bytes).expect("a validated document is an object");
                prop_assert_eq!(validate_view(bytes), Ok(parsed));
            }
            Err(e) => prop_assert_eq!(validate_view(bytes), Err(e)),
        }
        Ok(())
    }

    /// A document with a change that may make it invalid (or still valid
    /// with other values): a byte replaced by one of JSON's structural
    /// characters, or a field given twice in an entry.
    fn edited(doc: &str, at: usize, edit: u8) -> Vec<u8> {
        let mut bytes = doc.as_bytes().to_vec();
        let at = at % (bytes.len() + 1);
        match edit % 12 {
            0 => bytes.truncate(at),
            1 => {
                // A kept field again, after some object's opening brace.
                if let Some(brace) = bytes[at..].iter().position(|&b| b == b'{') {
                    let name = NAMES[at % NAMES.len()];
                    let field = format!("\"{name}\":null,");
                    bytes.splice(at + brace + 1..at + brace + 1, field.into_bytes());
                }
            }
            2 => bytes.insert(at, b' '),
            k => {
                let b = b"{}[]\",:\\n0"[usize::from(k - 3)];
                if at < bytes.len() {
                    bytes[at] = b;
                } else {
                    bytes.push(b);
                }
            }
        }
        bytes
    }

    /// A string with what a scanner can trip on: quotes, backslashes (an
    /// escaped backslash just before the closing quote), control
    /// characters, non-ASCII, and lengths on both sides of 8 and 64.
    fn tricky_string() -> impl Strategy<Value = String> {
        prop_oneof![
            "[a-z\"\\\\\u{1}\n/é€😀]{0,20}",
            (0usize..200, "[\"\\\\x]{0,3}").prop_map(|(n, end)| "y".repeat(n) + &end),
        ]
    }

    fn any_value() -> impl Strategy<Value = Value> {
        let leaf = prop_oneof![
            Just(Value::Null),
            any::<bool>().prop_map(Value::from),
            any::<i64>().prop_map(Value::from),
            (-1e6f64..1e6).prop_map(Value::from),
            tricky_string().prop_map(Value::from),
        ];
        leaf.prop_recursive(3, 12, 4, |inner| {
            prop_oneof![
                proptest::collection::vec(inner.clone(), 0..4).prop_map(Value::from),
                proptest::collection::btree_map(tricky_string(), inner, 0..4)
                    .prop_map(|m| Value::Object(m.into_iter().collect())),
            ]
        })
    }

    fn any_entry() -> impl Strategy<Value = Value> {
        prop_oneof![
            4 => proptest::collection::btree_map(
                prop_oneof![
                    proptest::sample::select(NAMES.to_vec()).prop_map(str::to_string),
                    tricky_string(),
                ],
                any_value(),
                0..8,
            )
            .prop_map(|m| Value::Object(m.into_iter().collect())),
            1 => any_value(),
        ]
    }

    fn any_section() -> impl Strategy<Value = Value> {
        prop_oneof![
            4 => proptest::collection::btree_map(tricky_string(), any_entry(), 0..5)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
            1 => any_value(),
        ]
    }

    /// `"secret"` as `"s\u0065cret"` and the like: the same key to a JSON
    /// reader.
    fn escape_keys(text: &str) -> String {
        NAMES
            .iter()
            .chain(&["AccessToken", "Account"])
            .fold(text.to_string(), |t, n| {
                t.replace(
                    &format!("\"{n}\":"),
                    &format!("\"\\u{:04x}{}\":", n.as_bytes()[0], &n[1..]),
                )
            })
    }

    proptest! {
        /// The view holds exactly what serde_json reads in the two sections,
        /// however the document is spelled: compact, pretty, keys escaped.
        #[test]
        fn the_view_reads_what_serde_json_reads(
            sections in proptest::collection::vec(
                (proptest::sample::select(vec!["AccessToken", "Account", "RefreshToken", "x"]), any_section()),
                0..4,
            ),
        ) {
            let doc = Value::Object(sections.into_iter().map(|(k, v)| (k.to_string(), v)).collect::<Map<_, _>>());
            let compact = serde_json::to_string(&doc).unwrap();
            check(compact.as_bytes())?;
            check(serde_json::to_string_pretty(&doc).unwrap().as_bytes())?;
            check(escape_keys(&compact).as_bytes())?;
        }

        /// The fused pass gives exactly what `validate` then `View::parse`
        /// give, on valid documents however they are spelled and on the
        /// same documents edited into invalid ones (or other valid ones).
        #[test]
        fn the_fused_pass_is_validate_then_parse(
            sections in proptest::collection::vec(
                (proptest::sample::select(vec!["AccessToken", "Account", "RefreshToken", "x"]), any_section()),
                0..4,
            ),
            edits in proptest::collection::vec((any::<usize>(), any::<u8>()), 1..4),
        ) {
            let doc = Value::Object(sections.into_iter().map(|(k, v)| (k.to_string(), v)).collect::<Map<_, _>>());
            let compact = serde_json::to_string(&doc).unwrap();
            let pretty = serde_json::to_string_pretty(&doc).unwrap();
            let escaped = escape_keys(&compact);
            for text in [&compact, &pretty, &escaped] {
                same_as_two_passes(text.as_bytes())?;
                for (at, edit) in &edits {
                    same_as_two_passes(&edited(text, *at, *edit))?;
                }
            }
        }

        /// Bytes that are not a validated document: no panic, and the
        /// fused pass refuses them as `validate` does.
        #[test]
        fn any_bytes_are_looked_at_without_panicking(bytes in proptest::collection::vec(any::<u8>(), 0..200)) {
            let _ = View::parse(&bytes);
            same_as_two_passes(&bytes)?;
        }

        /// A document cut anywhere: no panic.
        #[test]
        fn a_cut_document_is_looked_at_without_panicking(cut in 0usize..400) {
            let doc = json!({"AccessToken": {"k": {"secret": "a\"b\\", "target": ["x", {"y": "}"}], "expires_on": 1}},
                             "Account": {"a": {"username": "é"}}}).to_string();
            let _ = View::parse(&doc.as_bytes()[..cut.min(doc.len())]);
        }
    }

    #[test]
    fn each_kept_name_has_its_own_slot_and_nothing_else_has_one() {
        for (i, name) in NAMES.iter().enumerate() {
            assert_eq!(
                Fields::index(name.as_bytes()),
                u8::try_from(i).ok(),
                "{name}"
            );
            // Same length, same first or last byte: not a kept name.
            let mut near = name.as_bytes().to_vec();
            near[1] ^= 0x20;
            assert_eq!(Fields::index(&near), None, "{name}");
            let last = near.len() - 1;
            near[1] ^= 0x20;
            near[last] ^= 0x20;
            assert_eq!(Fields::index(&near), None, "{name}");
        }
        for other in [
            "",
            "c",
            "client_ic",
            "cached_ad",
            "extended_expires_on",
            "Secret",
        ] {
            assert_eq!(Fields::index(other.as_bytes()), None, "{other}");
        }
    }

    #[test]
    fn a_field_twice_in_one_entry_makes_the_document_unreadable() {
        // As serde's derived structs refuse it (validate refuses it first).
        assert!(View::parse(br#"{"AccessToken":{"k":{"secret":"a","secret":"b"}}}"#).is_none());
        assert!(
            View::parse(br#"{"AccessToken":{"k":{"secret":null,"s\u0065cret":"b"}}}"#).is_none()
        );
        assert!(View::parse(br#"{"AccessToken":{"k":{"other":1,"other":2}}}"#).is_some());
        // The fused pass: the validator refuses the document first.
        for doc in [
            &br#"{"AccessToken":{"k":{"secret":"a","secret":"b"}}}"#[..],
            br#"{"AccessToken":{"k":{"secret":null,"s\u0065cret":"b"}}}"#,
            br#"{"AccessToken":{"k":{"other":1,"other":2}}}"#,
        ] {
            assert!(matches!(
                validate_view(doc),
                Err(InvalidJson::DuplicateKey { .. })
            ));
        }
    }

    #[test]
    fn the_fused_pass_records_only_the_two_sections_entries_objects() {
        let doc = br#"{"x":{"AccessToken":{"k":{"secret":"no"}}},
            "A\u0063cessToken":{"a":{"secret":"s","target":{"secret":"inner"},"realm":null},
                                "b":[{"secret":"in an array"}],"c":"text","d":{}},
            "Account":[{"k":{"username":"no"}}],
            "RefreshToken":{"r":{"secret":"rt"}}}"#;
        let view = validate_view(doc).unwrap();
        assert_eq!(view, View::parse(doc).unwrap());
        assert_eq!(view.access_tokens.len(), 4);
        assert!(view.accounts.is_empty());
        let a = &view.access_tokens[0];
        assert_eq!(a.secret, Some(r#""s""#));
        assert_eq!(a.target, Some(r#"{"secret":"inner"}"#));
        assert_eq!(a.realm, None);
        for other in &view.access_tokens[1..] {
            assert_eq!(*other, Fields::default());
        }
    }

    #[test]
    fn a_raw_value_is_its_text_as_written() {
        let doc =
            br#" { "AccessToken" : { "k" : { "secret" : "a\\" , "expires_on" : 1.5e3 ,"target":[ 1 ] } } } "#;
        let view = View::parse(doc).unwrap();
        assert_eq!(validate_view(doc).as_ref(), Ok(&view));
        let at = &view.access_tokens[0];
        assert_eq!(at.secret, Some(r#""a\\""#));
        assert_eq!(at.expires_on, Some("1.5e3"));
        assert_eq!(at.target, Some("[ 1 ]"));
        assert_eq!(text(at.secret).as_deref(), Some("a\\"));
    }
}
