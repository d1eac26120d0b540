//! The test fixtures, one module each; `use crate::support::{Env, OutputExt}`.
//!
//! - [`env`]: [`Env`], an isolated place per test (HOME, cache path, temp dir,
//!   a clean environment) and the commands that run the real binary in it;
//!   [`sample_cache`], [`peers_dir`].
//! - [`skip`]: [`require!`](crate::require) and
//!   [`skip_under_wine!`](crate::skip_under_wine): a missing prerequisite fails
//!   under CI=true, and is a skip printed in the run's summary elsewhere.
//! - [`output`]: [`OutputExt`], a finished command's stdout and stderr as text.
//! - [`system`]: [`dead_pid`], [`have`], [`is_root`], [`mode`], [`wait_for`],
//!   [`wait_until_catching`].
//! - [`keyring`] (Linux): a private D-Bus with gnome-keyring
//!   ([`shared_keyring!`](crate::shared_keyring),
//!   [`own_keyring!`](crate::own_keyring)), never the user's own keyring.
//! - [`redis_server`] (Linux): a private `redis-server` on loopback;
//!   [`redis_cluster`] (Linux): six of them as a 3-master/3-replica cluster;
//!   [`redis_sentinel`] (Linux): a master, a replica and three sentinels.
//! - [`pg_server`] (Linux): a private Postgres cluster on loopback.
//! - [`entra`] (Unix): a fake Entra ID over HTTPS with a test CA, MSAL
//!   Python signing in against it.
//! - [`model`]: the realistic cache fixture, its secrets, snapshots.
//! - [`fleet`]: `prune`'s partitions with valid and expired access tokens.
//! - [`partition`]: one user's small cache (Redis and Postgres tests).

#![allow(dead_code, unused_imports)]

#[cfg(unix)]
pub mod entra;
pub mod env;
pub mod fleet;
#[cfg(target_os = "linux")]
pub mod keyring;
pub mod model;
pub mod output;
pub mod partition;
#[cfg(target_os = "linux")]
pub mod pg_server;
#[cfg(target_os = "linux")]
pub mod redis_cluster;
#[cfg(target_os = "linux")]
pub mod redis_sentinel;
#[cfg(target_os = "linux")]
pub mod redis_server;
pub mod skip;
pub mod system;

pub use env::*;
pub use output::OutputExt;
pub use skip::*;
pub use system::*;
