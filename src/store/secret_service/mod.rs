//! The Secret Service store (Linux): gnome-keyring, KWallet, KeePassXC.
//!
//! **Where:** one item in the default collection (the one with the `default`
//! alias, usually `login`), or in the collection `--collection` names (an
//! alias such as `session`, or a collection label).
//! **Item layout (default = keytar's, what msal-node-extensions writes):**
//! attributes `xdg:schema=org.freedesktop.Secret.Generic`, `service=<--service>`,
//! `account=<--account>`; label `<service>/<account>`; content type
//! `text/plain`. `--schema` replaces `xdg:schema`, repeated `--attribute
//! KEY=VALUE` replaces `service`/`account`, `--label` the label.
//! **Lookup:** the item is found by its lookup attributes (`service` and
//! `account`, or the `--attribute` set) **and** its schema, as libsecret
//! matches when given a schema: with `--schema` (or a preset's schema) the
//! search includes `xdg:schema`; without, an item matches when its
//! `xdg:schema` is the default `org.freedesktop.Secret.Generic` (keytar's) or
//! absent (`secret-tool store` writes none). An item with the right
//! service/account but another application's schema is never read,
//! overwritten or deleted; `verify` mentions it. When several items match,
//! the one carrying exactly the layout above wins. `write` updates a matching item in place (keeping its
//! label and attributes, so the other tool still finds it) and creates one with
//! the layout above only when none matches.
//! **Encoding:** the secret is the raw UTF-8 cache JSON (keytar, Python
//! msal-extensions, `secret-tool`); `--encoding base64` stores and expects
//! base64 of it (MSAL.NET's `WithLinuxKeyring`). `--encoding auto` (default)
//! writes raw and reads either, decoding a secret that does not start with `{`
//! when it is base64 of a JSON object.
//! **Marker file:** after every write, `{}` is written (0600, atomically) to the
//! cache path, as the MSAL libraries do, so processes watching its mtime
//! reload; `clear` removes the item and the marker; `read` never looks at it.
//! **Who else reads it:** msal-node-extensions' `LibSecretPersistence`
//! (keytar), `secret-tool lookup service S account A`, Python msal-extensions'
//! `LibsecretPersistence` and MSAL.NET given the same attributes.
//! **Transport:** D-Bus directly (the `dbus` crate with a vendored libdbus and
//! Rust crypto: no libsecret or GLib at run time; the calls are in
//! `client.rs`), over an encrypted (Diffie-Hellman, AES-128) session, so the
//! token never crosses the bus in clear.
//! **Bounded:** every operation runs on a worker thread with a deadline
//! (`--keyring-timeout`, default 10 s), so a wedged daemon cannot hang a
//! script; each D-Bus call inside is also bounded by a 2 s reply timeout.
//! tokencache never shows an unlock prompt: an operation that would need one
//! fails as "locked" (exit 7) with the command that unlocks it.
//!
//! Linux only (`cfg(target_os = "linux")`): the other Unixes with a session
//! bus are rare targets for MSAL, and this backend is only built and tested
//! where the vendored libdbus and gnome-keyring are known to work.
//!
//! The options (`--collection`, `--schema`, `--attribute`, `--label`,
//! `--encoding`, `--keyring-timeout`) are parsed on every platform
//! ([`args`]), so a command line means the same everywhere.

pub mod args;
#[cfg(target_os = "linux")]
mod client;
#[cfg(target_os = "linux")]
mod dbus;

pub use args::SecretServiceArgs;
#[cfg(target_os = "linux")]
pub use dbus::*;
