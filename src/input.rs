//! Reading the document `write` is given: from stdin or `--input FILE`, never
//! more than the size limit plus one byte (so an endless stream is cut off
//! without being read into memory), never from a terminal.

use std::fs::File;
use std::io::{self, IsTerminal, Read};
use std::path::Path;

use crate::cache::{self, InvalidJson};
use crate::error::{InputError, Result};

/// Read the whole input, refusing a terminal and anything over `max_size`.
pub fn read_input(input: Option<&Path>, max_size: u64) -> Result<Vec<u8>> {
    match input {
        None => read_stdin(max_size),
        Some(p) if p == Path::new("-") => read_stdin(max_size),
        Some(path) => {
            let path = &crate::environment::expand_tilde(path)?;
            let file = File::open(path).map_err(|cause| InputError::Read {
                path: path.to_path_buf(),
                cause,
            })?;
            read_limited(file, max_size)
                .map_err(|cause| {
                    InputError::Read {
                        path: path.to_path_buf(),
                        cause,
                    }
                    .into()
                })
                .and_then(|buf| check_size(buf, max_size))
        }
    }
}

fn read_stdin(max_size: u64) -> Result<Vec<u8>> {
    let stdin = io::stdin();
    if stdin.is_terminal() {
        return Err(InputError::Tty.into());
    }
    let buf = read_limited(stdin.lock(), max_size).map_err(|cause| InputError::Stdin { cause })?;
    check_size(buf, max_size)
}

fn read_limited(reader: impl Read, max_size: u64) -> io::Result<Vec<u8>> {
    let mut buf = Vec::new();
    reader
        .take(max_size.saturating_add(1))
        .read_to_end(&mut buf)?;
    Ok(buf)
}

fn check_size(buf: Vec<u8>, max_size: u64) -> Result<Vec<u8>> {
    if buf.len() as u64 > max_size {
        return Err(InputError::TooLarge { limit: max_size }.into());
    }
    Ok(buf)
}

/// The documents of a stream (`write --merge --stream`): JSON objects one
/// after the other, separated by nothing or by whitespace (one per line is
/// the usual form). Each is delimited, size-checked and validated as it
/// arrives, so a long stream is never held in memory at once.
pub struct Documents<R> {
    reader: R,
    buf: Vec<u8>,
    /// Where the next document starts in `buf`.
    pos: usize,
    eof: bool,
    max_size: u64,
    /// Documents returned so far.
    count: usize,
}

/// The documents on standard input (or in `--input FILE`), refusing a terminal.
pub fn documents(input: Option<&Path>, max_size: u64) -> Result<Documents<Box<dyn Read>>> {
    let reader: Box<dyn Read> = match input {
        Some(path) if path != Path::new("-") => {
            let path = &crate::environment::expand_tilde(path)?;
            Box::new(File::open(path).map_err(|cause| InputError::Read {
                path: path.to_path_buf(),
                cause,
            })?)
        }
        _ => {
            let stdin = io::stdin();
            if stdin.is_terminal() {
                return Err(InputError::Tty.into());
            }
            Box::new(stdin.lock())
        }
    };
    Ok(Documents::new(reader, max_size))
}

impl<R: Read> Documents<R> {
    /// A stream read from `reader`, each document at most `max_size` bytes.
    pub fn new(reader: R, max_size: u64) -> Documents<R> {
        Documents {
            reader,
            buf: Vec::new(),
            pos: 0,
            eof: false,
            max_size,
            count: 0,
        }
    }

    /// How many documents have been returned.
    pub fn count(&self) -> usize {
        self.count
    }

    /// The next document, validated; `None` at the end of the stream. A
    /// document is returned as soon as its closing brace has been read, so
    /// a producer that writes one now and the next later is served at once.
    pub fn next_document(&mut self) -> std::result::Result<Option<Vec<u8>>, InputError> {
        loop {
            let rest = &self.buf[self.pos..];
            self.pos += rest.iter().take_while(|&&b| is_ws(b)).count();
            let pending = &self.buf[self.pos..];
            let index = self.count + 1;
            let over = pending.len() as u64 > self.max_size;
            if pending.is_empty() && self.eof {
                return Ok(None);
            }
            // An object can only be complete when the last byte read (before
            // whitespace) is `}`: scan then, at the end, or when over the
            // limit; otherwise read on without rescanning.
            let may_be_complete = trim_end(pending).last() == Some(&b'}');
            if !pending.is_empty() && (may_be_complete || self.eof || over) {
                match cache::document_len(pending) {
                    Ok(len) => {
                        let doc = trim_end(&pending[..len]);
                        if doc.len() as u64 > self.max_size {
                            return Err(InputError::DocumentTooLarge {
                                index,
                                limit: self.max_size,
                            });
                        }
                        cache::validate(doc)
                            .map_err(|problem| InputError::Document { index, problem })?;
                        let doc = doc.to_vec();
                        self.pos += len;
                        self.count = index;
                        return Ok(Some(doc));
                    }
                    Err(InvalidJson::Truncated { .. }) if !self.eof && !over => {}
                    Err(_) if over => {
                        return Err(InputError::DocumentTooLarge {
                            index,
                            limit: self.max_size,
                        })
                    }
                    Err(problem) => return Err(InputError::Document { index, problem }),
                }
            }
            let want = pending.len().max(64 << 10);
            self.read_more(want)
                .map_err(|cause| InputError::Stdin { cause })?;
        }
    }

    /// Drop what was consumed, then one read of up to `want` bytes (one
    /// call: a pipe gives what it has, without waiting for more).
    fn read_more(&mut self, want: usize) -> io::Result<()> {
        self.buf.drain(..self.pos);
        self.pos = 0;
        let old = self.buf.len();
        self.buf.resize(old + want, 0);
        let got = loop {
            match self.reader.read(&mut self.buf[old..]) {
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                other => break other,
            }
        };
        self.buf.truncate(old + *got.as_ref().unwrap_or(&0));
        if got? == 0 {
            self.eof = true;
        }
        Ok(())
    }
}

fn is_ws(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r')
}

fn trim_end(doc: &[u8]) -> &[u8] {
    let keep = doc.len() - doc.iter().rev().take_while(|&&b| is_ws(b)).count();
    &doc[..keep]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all(input: &[u8], max: u64) -> std::result::Result<Vec<Vec<u8>>, InputError> {
        // One byte per read: every document boundary falls inside a read.
        struct Trickle<'a>(&'a [u8]);
        impl Read for Trickle<'_> {
            fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
                let n = self.0.len().min(buf.len()).min(1);
                buf[..n].copy_from_slice(&self.0[..n]);
                self.0 = &self.0[n..];
                Ok(n)
            }
        }
        let mut whole = Documents::new(input, max);
        let mut trickled = Documents::new(Trickle(input), max);
        let mut docs = Vec::new();
        loop {
            let a = whole.next_document();
            let b = trickled.next_document();
            assert_eq!(format!("{a:?}"), format!("{b:?}"), "whole vs trickled");
            match a? {
                Some(doc) => docs.push(doc),
                None => return Ok(docs),
            }
        }
    }

    #[test]
    fn a_stream_splits_into_its_documents_whatever_separates_them() {
        let docs = all(
            b" {\"a\":{\"}\":1}}\n{}{\"b\":[{}]}\r\n\t{\"c\":\"}\"} \n",
            100,
        )
        .unwrap();
        assert_eq!(
            docs,
            [
                &br#"{"a":{"}":1}}"#[..],
                b"{}",
                br#"{"b":[{}]}"#,
                br#"{"c":"}"}"#
            ]
        );
        assert_eq!(all(b"", 100).unwrap().len(), 0);
        assert_eq!(all(b" \n ", 100).unwrap().len(), 0);
    }

    #[test]
    fn a_bad_or_oversized_document_is_named_by_its_position() {
        let bad = |input: &[u8]| all(input, 20).unwrap_err();
        assert!(matches!(
            bad(b"{} {\"a\":1,\"a\":2}"),
            InputError::Document {
                index: 2,
                problem: InvalidJson::DuplicateKey { .. }
            }
        ));
        assert!(matches!(
            bad(b"{}\n[1]"),
            InputError::Document {
                index: 2,
                problem: InvalidJson::NotObject { .. }
            }
        ));
        assert!(matches!(
            bad(b"{}\n{\"a\":"),
            InputError::Document {
                index: 2,
                problem: InvalidJson::Truncated { .. }
            }
        ));
        assert!(matches!(
            bad(b"{} x"),
            InputError::Document {
                index: 2,
                problem: InvalidJson::Syntax { .. }
            }
        ));
        assert!(matches!(
            bad(b"{}{\"a\":\"\xff\"}"),
            InputError::Document {
                index: 2,
                problem: InvalidJson::NotUtf8 { .. }
            }
        ));
        assert!(matches!(
            bad(b"{}{\"a\":\"0123456789012345678\"}"),
            InputError::DocumentTooLarge {
                index: 2,
                limit: 20
            }
        ));
        assert!(matches!(
            bad(b"{\"a\":\"0123456789012345678901234567890123456789"),
            InputError::DocumentTooLarge {
                index: 1,
                limit: 20
            }
        ));
    }

    #[test]
    fn reads_at_most_limit_plus_one() {
        let endless = io::repeat(b'x');
        let buf = read_limited(endless, 10).unwrap();
        assert_eq!(buf.len(), 11);
        assert!(check_size(buf, 10).is_err());
        assert_eq!(check_size(vec![1; 10], 10).unwrap().len(), 10);
    }
}
