//! The borrowed view of a cache document: the parts `token` looks at — the
//! `AccessToken` and `Account` entries' fields — borrowed from the
//! document's bytes, in one pass. Nothing else is built: a secret is not
//! copied until it is served, and the other sections are only skipped over,
//! so a command built on the view costs little more than `read`.
//!
//! The fields are raw JSON text; [`text`] and [`time`] read them with the
//! rules of [`super::entry`], so a value means the same here as in a parsed
//! document.

use std::borrow::Cow;

use super::entry::parse_time;

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
    /// The slot of the field named `name`, with the bit that marks it seen;
    /// `None` for a field the rules do not use.
    fn slot(&mut self, name: &str) -> Option<(u16, &mut Option<&'a str>)> {
        Some(match name {
            "credential_type" => (1 << 0, &mut self.credential_type),
            "token_type" => (1 << 1, &mut self.token_type),
            "secret" => (1 << 2, &mut self.secret),
            "home_account_id" => (1 << 3, &mut self.home_account_id),
            "client_id" => (1 << 4, &mut self.client_id),
            "realm" => (1 << 5, &mut self.realm),
            "environment" => (1 << 6, &mut self.environment),
            "target" => (1 << 7, &mut self.target),
            "expires_on" => (1 << 8, &mut self.expires_on),
            "cached_at" => (1 << 9, &mut self.cached_at),
            "username" => (1 << 10, &mut self.username),
            _ => return None,
        })
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
    /// to 2.0x (benches/RESULTS.md). Keys are compared after unescaping,
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

    fn check(bytes: &[u8]) -> Result<(), TestCaseError> {
        let doc: Value = serde_json::from_slice(bytes).unwrap();
        let view = View::parse(bytes).expect("an object");
        let got: Vec<_> = view.access_tokens.iter().map(decoded).collect();
        prop_assert_eq!(got, expected(doc.get("AccessToken")));
        let got: Vec<_> = view.accounts.iter().map(decoded).collect();
        prop_assert_eq!(got, expected(doc.get("Account")));
        Ok(())
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

        /// Bytes that are not a validated document: no panic.
        #[test]
        fn any_bytes_are_looked_at_without_panicking(bytes in proptest::collection::vec(any::<u8>(), 0..200)) {
            let _ = View::parse(&bytes);
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
    fn a_field_twice_in_one_entry_makes_the_document_unreadable() {
        // As serde's derived structs refuse it (validate refuses it first).
        assert!(View::parse(br#"{"AccessToken":{"k":{"secret":"a","secret":"b"}}}"#).is_none());
        assert!(
            View::parse(br#"{"AccessToken":{"k":{"secret":null,"s\u0065cret":"b"}}}"#).is_none()
        );
        assert!(View::parse(br#"{"AccessToken":{"k":{"other":1,"other":2}}}"#).is_some());
    }

    #[test]
    fn a_raw_value_is_its_text_as_written() {
        let view = View::parse(
            br#" { "AccessToken" : { "k" : { "secret" : "a\\" , "expires_on" : 1.5e3 ,"target":[ 1 ] } } } "#,
        )
        .unwrap();
        let at = &view.access_tokens[0];
        assert_eq!(at.secret, Some(r#""a\\""#));
        assert_eq!(at.expires_on, Some("1.5e3"));
        assert_eq!(at.target, Some("[ 1 ]"));
        assert_eq!(text(at.secret).as_deref(), Some("a\\"));
    }
}
