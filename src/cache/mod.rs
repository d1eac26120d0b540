//! The token cache model: what an MSAL token cache document is, and the
//! operations tokencache performs on one.
//!
//! An MSAL cache is one JSON object whose top-level sections (`AccessToken`,
//! `RefreshToken`, `IdToken`, `Account`, `AppMetadata`) map library-specific keys
//! to entries; numbers are stored as strings. tokencache never rebuilds keys or
//! re-formats a document it merely moves: `read` and `write` pass bytes through
//! after [`validate`] has said yes.

mod validate;

pub use validate::{validate, InvalidJson, Position, MAX_DEPTH};

/// The sections the MSAL libraries write, in their canonical order.
pub const SECTIONS: [&str; 5] = [
    "AccessToken",
    "RefreshToken",
    "IdToken",
    "Account",
    "AppMetadata",
];
