//! Strict validation of a token cache document without building it in memory.
//!
//! `write` stores its input byte for byte, so validation only has to decide
//! yes or no, and say exactly where and why on no. A hand-written RFC 8259
//! scanner does that in one pass with no allocation beyond the keys of the open
//! objects (for duplicate detection), an explicit stack instead of recursion (a
//! 100 000-deep array cannot overflow anything), and numbers checked by grammar
//! rather than converted (`1e400` is valid JSON; serde_json without
//! `arbitrary_precision` would reject it).
//!
//! Stricter than JSON.parse on purpose, because a cache that only some MSAL
//! libraries can read is worse than a refused write:
//! - duplicate keys in an object are refused (libraries disagree on which wins);
//! - a UTF-8 byte order mark is refused (JSON.parse and .NET choke on it);
//! - lone UTF-16 surrogate escapes are refused (not Unicode text);
//! - nesting deeper than [`MAX_DEPTH`] is refused (MSAL caches are 3 deep);
//! - numbers CPython's `json` cannot load back are refused: an integer of
//!   more than [`MAX_INT_DIGITS`] digits (CPython's `int_max_str_digits`:
//!   `ValueError` in MSAL Python, msal-extensions and the Azure CLI), and a
//!   number with a fraction or exponent beyond a double's range (`1e400`,
//!   which CPython reads as `inf` and writes back as `Infinity`, not JSON).

use std::borrow::Cow;
use std::collections::HashSet;
use std::fmt;

/// The deepest nesting of objects and arrays accepted. serde_json's default
/// recursion limit (128) refuses the 128th nested container, so 127 is the
/// most it can parse: anything we accept can also be modelled (the `validate`
/// fuzz target checks exactly this against serde_json).
pub const MAX_DEPTH: usize = 127;

/// The most digits of an integer accepted: CPython's default
/// `sys.int_max_str_digits` (4300), beyond which `int()` and `json.loads`
/// raise `ValueError`.
pub const MAX_INT_DIGITS: usize = 4300;

/// Where in the document a problem is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Position {
    /// 1-based line.
    pub line: usize,
    /// 1-based column, in bytes.
    pub column: usize,
}

impl Position {
    fn at(bytes: &[u8], offset: usize) -> Position {
        let before = &bytes[..offset.min(bytes.len())];
        let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
        let column = offset
            - before
                .iter()
                .rposition(|&b| b == b'\n')
                .map_or(0, |p| p + 1)
            + 1;
        Position { line, column }
    }
}

impl fmt::Display for Position {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {}, column {}", self.line, self.column)
    }
}

/// Why a document is not an acceptable token cache.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum InvalidJson {
    /// Zero bytes, or only whitespace.
    #[error("is empty")]
    Empty,
    /// Starts with EF BB BF.
    #[error("starts with a UTF-8 byte order mark, which JSON does not allow")]
    ByteOrderMark,
    /// Not valid UTF-8.
    #[error("is not valid UTF-8 (first bad byte at offset {offset})")]
    NotUtf8 {
        /// Byte offset of the first invalid sequence.
        offset: usize,
    },
    /// Not JSON.
    #[error("is not valid JSON: {message} at {at}")]
    Syntax {
        /// What was expected.
        message: &'static str,
        /// Where.
        at: Position,
    },
    /// Ends before the document does.
    #[error("is not valid JSON: it ends in the middle of {context}")]
    Truncated {
        /// What was open.
        context: &'static str,
    },
    /// Valid JSON, but not an object.
    #[error("is {found}, but a token cache must be a JSON object")]
    NotObject {
        /// "an array", "a string", …
        found: &'static str,
    },
    /// Too deep.
    #[error("nests objects and arrays deeper than {limit} levels (at {at})")]
    TooDeep {
        /// The limit.
        limit: usize,
        /// Where it went over.
        at: Position,
    },
    /// A number CPython's `json` cannot load back.
    #[error("has {what}, which Python's json (MSAL Python, the Azure CLI) cannot load (at {at})")]
    NumberOutOfRange {
        /// `an integer of more than 4300 digits` or `a number beyond the range of a double`.
        what: &'static str,
        /// Where the number starts.
        at: Position,
    },
    /// A key repeated within one object.
    #[error("has the key {key:?} twice in one object (at {at})")]
    DuplicateKey {
        /// The key (keys are identifiers, never secrets), cut to 80 characters.
        key: String,
        /// Where the second one is.
        at: Position,
    },
}

/// Check that `bytes` is one UTF-8 JSON object acceptable as a token cache.
pub fn validate(bytes: &[u8]) -> Result<(), InvalidJson> {
    validate_with(bytes, ())
}

/// What a caller learns from the scan as it goes, besides yes or no: the
/// keys and where each value starts and ends, so that one pass both
/// validates a document and records where the parts it wants are
/// (`super::view::validate_view`). Each call says at what `depth` it
/// happens: the number of objects and arrays open around the value (the
/// top-level value is at 0, its members' values at 1, theirs at 2…), and
/// a key is at the depth of its value. Called only as far as the scan got:
/// on an error, what was observed is to be thrown away.
///
/// The plain [`validate`] observes with `()`, whose calls are empty and
/// compile to nothing.
pub(super) trait Observer<'a> {
    /// The document, once known to be UTF-8, before the scan starts.
    fn text(&mut self, _text: &'a str) {}
    /// An object key (unescaped), before its duplicate check: a duplicate
    /// key is observed, and then the scan fails with `DuplicateKey`.
    fn key(&mut self, _depth: usize, _key: &[u8]) {}
    /// A value starts at byte `at` with the byte `first`.
    fn value_start(&mut self, _depth: usize, _at: usize, _first: u8) {}
    /// The value that started last at `depth` ends just before byte `end`.
    fn value_end(&mut self, _depth: usize, _end: usize) {}
}

impl Observer<'_> for () {}

/// [`validate`], reporting the scan to `observer`; gives it back on success.
pub(super) fn validate_with<'a, O: Observer<'a>>(
    bytes: &'a [u8],
    mut observer: O,
) -> Result<O, InvalidJson> {
    if bytes.starts_with(&[0xEF, 0xBB, 0xBF]) {
        return Err(InvalidJson::ByteOrderMark);
    }
    // simdutf8's SIMD check (run-time CPU detection) answers yes or no; only
    // on no is the slower std check asked where the first bad byte is.
    match simdutf8::basic::from_utf8(bytes) {
        Ok(text) => observer.text(text),
        Err(_) => {
            let offset = std::str::from_utf8(bytes).map_or_else(|e| e.valid_up_to(), |s| s.len());
            return Err(InvalidJson::NotUtf8 { offset });
        }
    }
    if bytes.iter().all(|b| is_ws(*b)) {
        return Err(InvalidJson::Empty);
    }
    let mut scanner = Scanner {
        s: bytes,
        i: 0,
        stream: false,
        observer,
    };
    let first = scanner.document()?;
    if first != b'{' {
        return Err(InvalidJson::NotObject {
            found: match first {
                b'[' => "an array",
                b'"' => "a string",
                b't' | b'f' => "a boolean",
                b'n' => "null",
                _ => "a number",
            },
        });
    }
    Ok(scanner.observer)
}

/// The length of the first JSON value in `bytes` (leading whitespace
/// included): where the next document of a stream (`write --merge --stream`)
/// starts. Checks what the structure allows without UTF-8 validation;
/// [`validate`] each document it delimits. A document cut off by the end of
/// `bytes` is [`InvalidJson::Truncated`] (read more and ask again).
pub fn document_len(bytes: &[u8]) -> Result<usize, InvalidJson> {
    let mut scanner = Scanner {
        s: bytes,
        i: 0,
        stream: true,
        observer: (),
    };
    scanner.document()?;
    Ok(scanner.i)
}

fn is_ws(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r')
}

/// The offset of the first byte below 0x20 (a control character, which JSON
/// strings must escape). Checked 32 bytes at a time, a loop the compiler
/// vectorises; the last, partial block is checked as a whole block too
/// (overlapping the one before it, or padded with spaces), because a
/// cache's keys and short values are mostly shorter than one block.
/// Inlined by force into each scan's string loop: once the scanner had two
/// instances (plain, and observed by `view::validate_view`), the compiler
/// stopped inlining it and a plain validation took 10% more instructions.
#[inline(always)]
fn first_control(bytes: &[u8]) -> Option<usize> {
    fn any_control(block: &[u8; 32]) -> bool {
        block.iter().fold(0u8, |any, &b| any | u8::from(b < 0x20)) != 0
    }
    let (blocks, tail) = bytes.as_chunks::<32>();
    let last: [u8; 32] = match bytes.len().checked_sub(32) {
        Some(start) => bytes[start..].try_into().expect("32 bytes"),
        None => {
            let mut padded = [b' '; 32];
            padded[..tail.len()].copy_from_slice(tail);
            padded
        }
    };
    if any_control(&last) || blocks.iter().any(any_control) {
        return bytes.iter().position(|&b| b < 0x20);
    }
    None
}

/// The keys seen so far in one open object (decoded, for duplicate
/// detection). Most objects of a cache are entries of about ten short keys,
/// which a linear search compares faster than they can be hashed; an object
/// that grows past [`KeySet::LIST`] keys (a section with thousands of
/// entries) moves them into a hash set.
#[derive(Default)]
struct KeySet<'a> {
    list: Vec<Cow<'a, [u8]>>,
    set: HashSet<Cow<'a, [u8]>, foldhash::fast::RandomState>,
}

impl<'a> KeySet<'a> {
    const LIST: usize = 16;

    /// Add `key`, or give it back when it is already there. Inlined by
    /// force, as [`first_control`] is.
    #[inline(always)]
    fn insert(&mut self, key: Cow<'a, [u8]>) -> Result<(), Cow<'a, [u8]>> {
        if self.set.is_empty() {
            // A loop, not `any`: a closure the compiler may leave out of line.
            for k in &self.list {
                if **k == *key {
                    return Err(key);
                }
            }
            if self.list.len() < Self::LIST {
                self.list.push(key);
                return Ok(());
            }
            self.set.extend(self.list.drain(..));
        }
        if self.set.contains(&key) {
            return Err(key);
        }
        self.set.insert(key);
        Ok(())
    }

    /// Empty it, keeping the capacity for the next object.
    fn clear(&mut self) {
        self.list.clear();
        self.set.clear();
    }
}

enum Frame<'a> {
    Object(KeySet<'a>),
    Array,
}

struct Scanner<'a, O> {
    s: &'a [u8],
    i: usize,
    /// Stop after the first value instead of refusing what follows it.
    stream: bool,
    observer: O,
}

impl<'a, O: Observer<'a>> Scanner<'a, O> {
    fn peek(&self) -> Option<u8> {
        self.s.get(self.i).copied()
    }

    fn ws(&mut self) {
        while self.peek().is_some_and(is_ws) {
            self.i += 1;
        }
    }

    fn syntax(&self, message: &'static str) -> InvalidJson {
        if self.i >= self.s.len() {
            return InvalidJson::Truncated {
                context: message_context(message),
            };
        }
        InvalidJson::Syntax {
            message,
            at: Position::at(self.s, self.i),
        }
    }

    /// Scan the whole document; returns the first byte of the top-level value.
    fn document(&mut self) -> Result<u8, InvalidJson> {
        let mut stack: Vec<Frame<'a>> = Vec::new();
        // Key sets of closed objects, emptied but keeping their capacity: a
        // cache is thousands of small sibling objects, and allocating and
        // growing a fresh set for each cost an eighth of a large read.
        let mut spare: Vec<KeySet<'a>> = Vec::new();
        self.ws();
        let first = self.peek().unwrap_or(b' ');
        'value: loop {
            // Expecting a value.
            self.ws();
            if let Some(b) = self.peek() {
                self.observer.value_start(stack.len(), self.i, b);
            }
            match self.peek() {
                Some(b'{') => {
                    self.check_depth(&stack)?;
                    self.i += 1;
                    self.ws();
                    if self.peek() == Some(b'}') {
                        self.i += 1;
                    } else {
                        stack.push(Frame::Object(spare.pop().unwrap_or_default()));
                        self.member_key(&mut stack)?;
                        continue 'value;
                    }
                }
                Some(b'[') => {
                    self.check_depth(&stack)?;
                    self.i += 1;
                    self.ws();
                    if self.peek() == Some(b']') {
                        self.i += 1;
                    } else {
                        stack.push(Frame::Array);
                        continue 'value;
                    }
                }
                Some(b'"') => {
                    self.string(false)?;
                }
                Some(b'-' | b'0'..=b'9') => self.number()?,
                Some(b't') => self.literal(b"true")?,
                Some(b'f') => self.literal(b"false")?,
                Some(b'n') => self.literal(b"null")?,
                _ => return Err(self.syntax("expected a value")),
            }
            self.observer.value_end(stack.len(), self.i);
            // After a value: close containers until one wants another value.
            loop {
                self.ws();
                match stack.last() {
                    None => {
                        if self.stream {
                            return Ok(first);
                        }
                        if self.i != self.s.len() {
                            return Err(
                                self.syntax("unexpected data after the end of the document")
                            );
                        }
                        return Ok(first);
                    }
                    Some(Frame::Object(_)) => match self.peek() {
                        Some(b',') => {
                            self.i += 1;
                            self.member_key(&mut stack)?;
                            continue 'value;
                        }
                        Some(b'}') => {
                            self.i += 1;
                            if let Some(Frame::Object(mut keys)) = stack.pop() {
                                keys.clear();
                                spare.push(keys);
                            }
                            self.observer.value_end(stack.len(), self.i);
                        }
                        _ => return Err(self.syntax("expected ',' or '}' after an object member")),
                    },
                    Some(Frame::Array) => match self.peek() {
                        Some(b',') => {
                            self.i += 1;
                            continue 'value;
                        }
                        Some(b']') => {
                            self.i += 1;
                            stack.pop();
                            self.observer.value_end(stack.len(), self.i);
                        }
                        _ => return Err(self.syntax("expected ',' or ']' after an array element")),
                    },
                }
            }
        }
    }

    /// An opening bracket here would nest one level deeper than the open
    /// containers; empty containers count too.
    fn check_depth(&self, stack: &[Frame<'a>]) -> Result<(), InvalidJson> {
        if stack.len() >= MAX_DEPTH {
            return Err(InvalidJson::TooDeep {
                limit: MAX_DEPTH,
                at: Position::at(self.s, self.i),
            });
        }
        Ok(())
    }

    /// `"key" :` inside the innermost object, with duplicate detection.
    fn member_key(&mut self, stack: &mut [Frame<'a>]) -> Result<(), InvalidJson> {
        self.ws();
        if self.peek() != Some(b'"') {
            return Err(self.syntax("expected a string key"));
        }
        let start = self.i;
        let key = self.string(true)?;
        self.observer.key(stack.len(), &key);
        if let Some(Frame::Object(keys)) = stack.last_mut() {
            if let Err(key) = keys.insert(key) {
                return Err(InvalidJson::DuplicateKey {
                    key: String::from_utf8_lossy(&key).chars().take(80).collect(),
                    at: Position::at(self.s, start),
                });
            }
        }
        self.ws();
        if self.peek() != Some(b':') {
            return Err(self.syntax("expected ':' after an object key"));
        }
        self.i += 1;
        Ok(())
    }

    /// A string starting at the opening quote. With `decode` (object keys),
    /// returns its value as UTF-8 bytes, borrowed when it has no escapes;
    /// otherwise (values, such as 1.5 KB secrets) it is only checked, which
    /// is most of what a cache is made of.
    fn string(&mut self, decode: bool) -> Result<Cow<'a, [u8]>, InvalidJson> {
        self.i += 1;
        let mut decoded: Option<Vec<u8>> = None;
        let mut run = self.i;
        loop {
            self.skip_plain();
            match self.peek() {
                None => {
                    return Err(InvalidJson::Truncated {
                        context: "a string",
                    })
                }
                Some(b'"') => {
                    let tail = &self.s[run..self.i];
                    self.i += 1;
                    return Ok(match decoded {
                        None => Cow::Borrowed(tail),
                        Some(mut d) => {
                            d.extend_from_slice(tail);
                            Cow::Owned(d)
                        }
                    });
                }
                Some(b'\\') => {
                    let before = &self.s[run..self.i];
                    self.i += 1;
                    let c = self.escape()?;
                    if decode {
                        let d = decoded.get_or_insert_with(Vec::new);
                        d.extend_from_slice(before);
                        d.extend_from_slice(c.encode_utf8(&mut [0; 4]).as_bytes());
                    }
                    run = self.i;
                }
                Some(_) => {
                    return Err(
                        self.syntax("a control character inside a string (it must be escaped)")
                    )
                }
            }
        }
    }

    /// Advance over string bytes that need no attention: anything but `"`,
    /// `\\` and control characters. `memchr2` (vectorised, with run-time CPU
    /// detection) finds the next quote or backslash; the bytes before it are
    /// then checked for control characters 32 at a time, a loop the compiler
    /// vectorises. Both passes touch a 1.5 KB secret at well under one
    /// instruction a byte.
    fn skip_plain(&mut self) {
        let rest = &self.s[self.i..];
        let stop = memchr::memchr2(b'"', b'\\', rest).unwrap_or(rest.len());
        self.i += first_control(&rest[..stop]).unwrap_or(stop);
    }

    /// The escape after a backslash; returns the character it stands for.
    fn escape(&mut self) -> Result<char, InvalidJson> {
        let c = match self.peek() {
            Some(b'"') => '"',
            Some(b'\\') => '\\',
            Some(b'/') => '/',
            Some(b'b') => '\u{8}',
            Some(b'f') => '\u{c}',
            Some(b'n') => '\n',
            Some(b'r') => '\r',
            Some(b't') => '\t',
            Some(b'u') => {
                self.i += 1;
                let hi = self.hex4()?;
                let code = if (0xD800..0xDC00).contains(&hi) {
                    if self.s.get(self.i..self.i + 2) != Some(b"\\u") {
                        return Err(self.syntax("a lone UTF-16 surrogate escape"));
                    }
                    self.i += 2;
                    let lo = self.hex4()?;
                    if !(0xDC00..0xE000).contains(&lo) {
                        return Err(self.syntax("a lone UTF-16 surrogate escape"));
                    }
                    0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00)
                } else if (0xDC00..0xE000).contains(&hi) {
                    return Err(self.syntax("a lone UTF-16 surrogate escape"));
                } else {
                    hi
                };
                return Ok(char::from_u32(code).expect("surrogates were excluded"));
            }
            None => {
                return Err(InvalidJson::Truncated {
                    context: "a string",
                })
            }
            _ => return Err(self.syntax("an invalid escape sequence")),
        };
        self.i += 1;
        Ok(c)
    }

    fn hex4(&mut self) -> Result<u32, InvalidJson> {
        let mut v = 0u32;
        for _ in 0..4 {
            let d = match self.peek() {
                Some(b @ b'0'..=b'9') => b - b'0',
                Some(b @ b'a'..=b'f') => b - b'a' + 10,
                Some(b @ b'A'..=b'F') => b - b'A' + 10,
                None => {
                    return Err(InvalidJson::Truncated {
                        context: "a string",
                    })
                }
                _ => return Err(self.syntax("an invalid \\u escape")),
            };
            v = v * 16 + u32::from(d);
            self.i += 1;
        }
        Ok(v)
    }

    fn digits(&mut self) -> usize {
        let start = self.i;
        while self.peek().is_some_and(|b| b.is_ascii_digit()) {
            self.i += 1;
        }
        self.i - start
    }

    fn number(&mut self) -> Result<(), InvalidJson> {
        let start = self.i;
        if self.peek() == Some(b'-') {
            self.i += 1;
        }
        let int_digits = match self.peek() {
            Some(b'0') => {
                self.i += 1;
                1
            }
            Some(b'1'..=b'9') => self.digits(),
            _ => return Err(self.syntax("a malformed number")),
        };
        let integer_end = self.i;
        self.fraction_and_exponent()?;
        let out_of_range = |what| InvalidJson::NumberOutOfRange {
            what,
            at: Position::at(self.s, start),
        };
        if self.i == integer_end {
            if int_digits > MAX_INT_DIGITS {
                return Err(out_of_range("an integer of more than 4300 digits"));
            }
        } else {
            // A float to CPython: finite as a double, or `inf`. The text is
            // ASCII by the grammar just checked.
            let text = std::str::from_utf8(&self.s[start..self.i]).unwrap_or("0");
            if text.parse::<f64>().is_ok_and(f64::is_infinite) {
                return Err(out_of_range("a number beyond the range of a double"));
            }
        }
        Ok(())
    }

    /// The optional `.digits` and `e±digits` of a number.
    fn fraction_and_exponent(&mut self) -> Result<(), InvalidJson> {
        if self.peek() == Some(b'.') {
            self.i += 1;
            if self.digits() == 0 {
                return Err(self.syntax("a malformed number"));
            }
        }
        if matches!(self.peek(), Some(b'e' | b'E')) {
            self.i += 1;
            if matches!(self.peek(), Some(b'+' | b'-')) {
                self.i += 1;
            }
            if self.digits() == 0 {
                return Err(self.syntax("a malformed number"));
            }
        }
        Ok(())
    }

    fn literal(&mut self, word: &'static [u8]) -> Result<(), InvalidJson> {
        let end = self.i + word.len();
        if self.s.get(self.i..end) == Some(word) {
            self.i = end;
            Ok(())
        } else if end > self.s.len() && word.starts_with(&self.s[self.i..]) {
            Err(InvalidJson::Truncated {
                context: "a literal",
            })
        } else {
            Err(self.syntax("expected a value"))
        }
    }
}

/// What was open when the input ran out, for the truncation message.
fn message_context(message: &'static str) -> &'static str {
    match message {
        m if m.contains("object") || m.contains("key") => "an object",
        m if m.contains("array") => "an array",
        m if m.contains("number") => "a number",
        _ => "the document",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok(s: &str) {
        assert_eq!(validate(s.as_bytes()), Ok(()), "{s:?}");
    }

    fn bad(s: &[u8]) -> InvalidJson {
        validate(s).expect_err(&String::from_utf8_lossy(s))
    }

    #[test]
    fn refuses_numbers_cpython_cannot_load_back() {
        let int = |digits: usize| format!("{{\"n\":{}}}", "1".repeat(digits));
        ok(&int(MAX_INT_DIGITS));
        assert!(matches!(
            bad(int(MAX_INT_DIGITS + 1).as_bytes()),
            InvalidJson::NumberOutOfRange {
                at: Position { line: 1, column: 6 },
                ..
            }
        ));
        ok(r#"{"n":1.7976931348623157e308,"m":-1e-400,"k":0.5}"#);
        for text in [r#"{"n":1e400}"#, r#"{"n":-1.8e308}"#, r#"{"n":[1E+309]}"#] {
            assert!(
                matches!(bad(text.as_bytes()), InvalidJson::NumberOutOfRange { .. }),
                "{text}"
            );
        }
    }

    #[test]
    fn accepts_caches_and_all_json_value_kinds() {
        ok("{}");
        ok(" {\n} \n");
        ok(r#"{"AccessToken":{"k":{"secret":"s","expires_on":"1700000000"}},"Account":{}}"#);
        ok(r#"{"a":[1,-0.5,2e10,1E+300,-0,true,false,null,{"b":[]},"\u00e9\ud83d\ude00\n"]}"#);
        ok(r#"{"a":"\"\\\/\b\f\n\r\t"}"#);
        ok("{\"é\":\"ü\"}");
    }

    #[test]
    fn refuses_non_objects_naming_what_they_are() {
        assert_eq!(bad(b"[]"), InvalidJson::NotObject { found: "an array" });
        assert_eq!(bad(b"\"s\""), InvalidJson::NotObject { found: "a string" });
        assert_eq!(bad(b"12"), InvalidJson::NotObject { found: "a number" });
        assert_eq!(bad(b"null"), InvalidJson::NotObject { found: "null" });
        assert_eq!(bad(b"true"), InvalidJson::NotObject { found: "a boolean" });
    }

    #[test]
    fn refuses_empty_bom_and_bad_utf8() {
        assert_eq!(bad(b""), InvalidJson::Empty);
        assert_eq!(bad(b" \n\t"), InvalidJson::Empty);
        assert_eq!(bad(b"\xEF\xBB\xBF{}"), InvalidJson::ByteOrderMark);
        assert_eq!(bad(b"{\"a\":\"\xff\"}"), InvalidJson::NotUtf8 { offset: 6 });
    }

    #[test]
    fn refuses_truncation_anywhere() {
        let doc = br#"{"a":{"b":[1,"x",true]},"c":"d"}"#;
        for cut in 1..doc.len() {
            let e = bad(&doc[..cut]);
            assert!(
                matches!(e, InvalidJson::Truncated { .. }),
                "cut at {cut}: {e:?}"
            );
        }
    }

    #[test]
    fn refuses_syntax_errors_with_positions() {
        let e = bad(b"{\n  \"a\": 01}");
        assert_eq!(
            e,
            InvalidJson::Syntax {
                message: "expected ',' or '}' after an object member",
                at: Position { line: 2, column: 9 }
            }
        );
        for s in [
            &b"{\"a\":1,}"[..],
            b"{\"a\" 1}",
            b"{a:1}",
            b"{\"a\":1}x",
            b"{\"a\":1}{}",
            b"{\"a\":[1 2]}",
            b"{\"a\":tru}",
            b"{\"a\":\"\\x\"}",
            b"{\"a\":\"\\u12G4\"}",
            b"{\"a\":\"\x01\"}",
            b"{\"a\":1.}",
            b"{\"a\":-}",
            b"{\"a\":1e}",
            b"{\"a\":.5}",
            b"{\"a\":NaN}",
            b"{\"a\":\"\\ud800\"}",
            b"{\"a\":\"\\udc00\"}",
            b"{\"a\":\"\\ud800\\u0041\"}",
            b"{\"a\":1}\x00",
        ] {
            assert!(
                matches!(bad(s), InvalidJson::Syntax { .. }),
                "{:?}",
                String::from_utf8_lossy(s)
            );
        }
    }

    #[test]
    fn the_word_at_a_time_scan_sees_every_special_byte_at_every_alignment() {
        for pos in 0..24 {
            let pad = |n: usize| "x".repeat(n);
            let doc = |middle: &str| format!("{{\"k\":\"{}{middle}{}\"}}", pad(pos), pad(24 - pos));
            // Allowed: escapes, DEL, space, non-ASCII (bytes >= 0x80 in every position).
            for middle in [
                "\\n",
                "\\\"",
                "\\u00e9",
                "\u{7f}",
                " ",
                "é",
                "€",
                "\u{10348}",
                "\u{a2}",
            ] {
                assert_eq!(
                    validate(doc(middle).as_bytes()),
                    Ok(()),
                    "{middle:?} at {pos}"
                );
            }
            // Refused: control characters (every one, and the 0x1f/0x20 edge).
            for control in [0x00u8, 0x01, 0x09, 0x0a, 0x1f] {
                let mut bytes = doc("").into_bytes();
                bytes.insert(6 + pos, control);
                assert!(
                    matches!(validate(&bytes), Err(InvalidJson::Syntax { .. })),
                    "{control:#x} at {pos}"
                );
            }
            // A quote ends the string wherever it is.
            let early = doc("\"");
            assert!(validate(early.as_bytes()).is_err(), "quote at {pos}");
        }
    }

    #[test]
    fn refuses_duplicate_keys_even_when_escaped_differently() {
        assert!(matches!(
            bad(br#"{"a":1,"a":2}"#),
            InvalidJson::DuplicateKey { .. }
        ));
        assert!(matches!(
            bad(br#"{"a":1,"\u0061":2}"#),
            InvalidJson::DuplicateKey { .. }
        ));
        // Same key in different objects is fine.
        ok(r#"{"a":{"a":1},"b":{"a":2}}"#);
    }

    #[test]
    fn duplicates_are_found_before_and_after_an_object_outgrows_its_key_list() {
        for n in [
            2,
            KeySet::LIST - 1,
            KeySet::LIST,
            KeySet::LIST + 1,
            3 * KeySet::LIST,
        ] {
            let keys: Vec<String> = (0..n).map(|i| format!("\"k{i}\":{i}")).collect();
            ok(&format!("{{{}}}", keys.join(",")));
            for dup in [0, n / 2, n - 1] {
                let doc = format!("{{{},\"k{dup}\":0}}", keys.join(","));
                assert!(
                    matches!(bad(doc.as_bytes()), InvalidJson::DuplicateKey { ref key, .. } if *key == format!("k{dup}")),
                    "{n} keys, k{dup} again"
                );
            }
        }
        // A closed object's keys are forgotten when its set is reused.
        ok(r#"{"a":{"x":1,"y":2},"b":{"x":1,"y":2},"c":[{"x":1},{"x":1}]}"#);
    }

    #[test]
    fn depth_limit_is_exact_and_deep_input_cannot_overflow() {
        let at_limit = "[".repeat(MAX_DEPTH - 1) + &"]".repeat(MAX_DEPTH - 1);
        ok(&format!("{{\"a\":{at_limit}}}"));
        let over = "[".repeat(MAX_DEPTH) + &"]".repeat(MAX_DEPTH);
        assert!(matches!(
            bad(format!("{{\"a\":{over}}}").as_bytes()),
            InvalidJson::TooDeep { .. }
        ));
        let huge = "[".repeat(100_000) + &"]".repeat(100_000);
        assert!(matches!(bad(huge.as_bytes()), InvalidJson::TooDeep { .. }));
    }
}
