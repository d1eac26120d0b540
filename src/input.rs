//! Reading the document `write` is given: from stdin or `--input FILE`, never
//! more than the size limit plus one byte (so an endless stream is cut off
//! without being read into memory), never from a terminal.

use std::fs::File;
use std::io::{self, IsTerminal, Read};
use std::path::Path;

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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_at_most_limit_plus_one() {
        let endless = io::repeat(b'x');
        let buf = read_limited(endless, 10).unwrap();
        assert_eq!(buf.len(), 11);
        assert!(check_size(buf, 10).is_err());
        assert_eq!(check_size(vec![1; 10], 10).unwrap().len(), 10);
    }
}
