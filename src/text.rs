//! Making text from elsewhere safe to print on a terminal.
//!
//! Lock files, `/proc/<pid>/cmdline`, keyring labels and cache documents are
//! written by other programs, possibly hostile ones. Printed raw, their
//! control characters would reach the terminal: an escape sequence can
//! retitle the window, rewrite what was printed before, or (on some
//! terminals) answer back as if typed. Every such value goes through
//! [`escape_controls`] before it is shown, in messages, notes and errors
//! alike (the one helper `report`, the lock notes and `verify` share).

use std::borrow::Cow;

/// `n` and the noun agreeing with it: "1 byte", "2 bytes", "0 entries".
pub fn count(n: impl Into<u128>, one: &str, many: &str) -> String {
    let n = n.into();
    format!("{n} {}", if n == 1 { one } else { many })
}

/// "a" or "an" before `word`, as it is said: "an array", "a string".
pub fn article(word: &str) -> &'static str {
    match word.chars().next() {
        Some('a' | 'e' | 'i' | 'o' | 'u' | 'A' | 'E' | 'I' | 'O' | 'U') => "an",
        _ => "a",
    }
}

/// Whether `c` must not reach a terminal as it is: C0 and C1 control
/// characters, DEL, and the Unicode bidirectional overrides and isolates
/// (which reorder what a reader sees, "Trojan Source").
pub fn is_unsafe(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}'
        )
}

/// `s` with every unsafe character written as an escape: `\n`, `\t`, `\r`,
/// `\x1b` for the other ASCII controls, `\u{9b}` beyond ASCII. A backslash is
/// kept as it is: the escapes are for a reader, not a parser. Borrows when
/// there is nothing to escape.
pub fn escape_controls(s: &str) -> Cow<'_, str> {
    if !s.chars().any(is_unsafe) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if is_unsafe(c) && (c as u32) < 0x80 => {
                out.push_str(&format!("\\x{:02x}", c as u32));
            }
            c if is_unsafe(c) => out.push_str(&format!("\\u{{{:x}}}", c as u32)),
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// [`escape_controls`], but keeping line breaks: for multi-line text that
/// tokencache itself laid out (a report), whose values may come from elsewhere.
pub fn escape_controls_keep_newlines(s: &str) -> Cow<'_, str> {
    if !s.chars().any(|c| c != '\n' && is_unsafe(c)) {
        return Cow::Borrowed(s);
    }
    Cow::Owned(
        s.split('\n')
            .map(|line| escape_controls(line).into_owned())
            .collect::<Vec<_>>()
            .join("\n"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn controls_are_escaped_and_plain_text_borrowed() {
        assert!(matches!(
            escape_controls("pid 12 (node app.js)"),
            Cow::Borrowed(_)
        ));
        assert_eq!(
            escape_controls("a\x1b]0;owned\x07b\u{9b}31m\u{202e}c\td\n"),
            "a\\x1b]0;owned\\x07b\\u{9b}31m\\u{202e}c\\td\\n"
        );
        assert_eq!(escape_controls("\x7f"), "\\x7f");
        assert_eq!(escape_controls("é ü 日本"), "é ü 日本");
        assert_eq!(
            escape_controls_keep_newlines("ok: x\n  label: \x1b[2J\n"),
            "ok: x\n  label: \\x1b[2J\n"
        );
    }
}
