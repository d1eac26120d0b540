//! The token cache model: what an MSAL token cache document is, and the
//! operations tokencache performs on one.
//!
//! An MSAL cache is one JSON object whose top-level sections (`AccessToken`,
//! `RefreshToken`, `IdToken`, `Account`, `AppMetadata`) map library-specific keys
//! to entries; numbers are stored as strings. tokencache never rebuilds keys or
//! re-formats a document it merely moves: `read` and `write` pass bytes through
//! after [`validate`] has said yes.
//!
//! The commands that look inside the cache work on a [`parse`]d document
//! (`serde_json` with `preserve_order` and `arbitrary_precision`, so key order
//! and exact numbers survive): [`merge`] (`write --merge`, `--prune-expired`),
//! [`remove`] (`remove`), [`inspect`] (`inspect`), [`token`] (`token`) and
//! [`redact`] (`read --redact`). Each is a pure function over the document;
//! the commands in `crate::cmd` do the loading, locking and storing. Where
//! MSAL has a rule (which entry is newer, what `remove_account` removes, when
//! a token has expired, which access token a silent acquisition serves), these
//! follow it, and tests/msal.rs checks them against MSAL Python and msal-node.
//!
//! Those operations share one vocabulary and never call one another:
//! [`entry`] reads an entry's fields (the one timestamp rule, expiry, which
//! fields hold secrets, JWT decoding) and [`view`] is the borrowed,
//! zero-copy form of the entries `token` looks at. Presenting a result to a
//! person (the terminal rendering of `inspect`) belongs to `crate::cmd`.

mod validate;

pub use validate::{document_len, validate, InvalidJson, Position, MAX_DEPTH};
pub use view::validate_view;

use serde_json::{Map, Value};

/// The sections the MSAL libraries write, in their canonical order.
pub const SECTIONS: [&str; 5] = [
    "AccessToken",
    "RefreshToken",
    "IdToken",
    "Account",
    "AppMetadata",
];

pub mod entry;
pub mod inspect;
pub mod merge;
pub mod partition;
pub mod redact;
pub mod refresh;
pub mod remove;
pub mod token;
pub mod view;

/// Validate `bytes` strictly and model them as a document, for the commands
/// that look inside the cache (`write --merge`, `remove`, `inspect`, `read
/// --redact`). Numbers keep their exact text; keys keep their order.
pub fn parse(bytes: &[u8]) -> Result<Map<String, Value>, InvalidJson> {
    validate(bytes)?;
    match serde_json::from_slice(bytes) {
        Ok(Value::Object(map)) => Ok(map),
        Ok(_) => Err(InvalidJson::NotObject {
            found: "not an object",
        }),
        // The validator accepts only what serde_json can model (same depth
        // limit, exact numbers), so this is a bug; say where it happened.
        Err(e) => Err(InvalidJson::Syntax {
            message: "a value tokencache cannot model",
            at: Position {
                line: e.line(),
                column: e.column(),
            },
        }),
    }
}

/// A document as stored after a merge or a removal: compact JSON, keys and
/// numbers exactly as they were read.
pub fn to_bytes(doc: &Map<String, Value>) -> Vec<u8> {
    serde_json::to_vec(doc).expect("a JSON value always serialises")
}

#[cfg(test)]
mod tests {
    /// The operations share the vocabulary (`entry`, `view`) and never call
    /// one another; the cache model is pure (no command, store or
    /// configuration).
    #[test]
    fn the_operations_depend_on_the_vocabulary_only() {
        const OPERATIONS: [&str; 7] = [
            "inspect",
            "merge",
            "partition",
            "redact",
            "refresh",
            "remove",
            "token",
        ];
        let sources = [
            ("inspect", include_str!("inspect.rs")),
            ("merge", include_str!("merge.rs")),
            ("partition", include_str!("partition.rs")),
            ("redact", include_str!("redact.rs")),
            ("refresh", include_str!("refresh.rs")),
            ("remove", include_str!("remove.rs")),
            ("token", include_str!("token.rs")),
            ("entry", include_str!("entry.rs")),
            ("view", include_str!("view.rs")),
            ("validate", include_str!("validate.rs")),
        ];
        for (file, source) in sources {
            // Code only: the docs may point at the commands.
            let source: String = source
                .lines()
                .filter(|l| !l.trim_start().starts_with("//"))
                .collect::<Vec<_>>()
                .join("\n");
            for other in OPERATIONS.iter().filter(|o| **o != file) {
                for path in [format!("super::{other}"), format!("cache::{other}")] {
                    assert!(
                        !source.contains(&format!("{path}::"))
                            && !source.contains(&format!("{path};")),
                        "src/cache/{file}.rs uses {path}"
                    );
                }
            }
            for module in ["cli", "config", "cmd", "store"] {
                let path = format!("crate::{module}");
                assert!(!source.contains(&path), "src/cache/{file}.rs uses {path}");
            }
        }
    }
}
