//! One integration-test binary (`autotests = false`): every test drives the
//! built `tokencache` binary against real files, real processes and, for the
//! keyring tests, a real Secret Service on a private bus.
//!
//! Modules that need a Unix shell, Unix file modes or Linux services are
//! gated so the suite builds and runs on the macOS and Windows CI runners too.

mod support;

#[cfg(target_os = "linux")]
mod consumers;
#[cfg(unix)]
mod core;
#[cfg(target_os = "linux")]
mod doctor;
#[cfg(windows)]
mod dpapi;
mod encrypted_file;
#[cfg(unix)]
mod exec;
mod generated;
#[cfg(target_os = "linux")]
mod hardening;
#[cfg(unix)]
mod inspect;
#[cfg(unix)]
mod inspect_input;
#[cfg(target_os = "macos")]
mod keychain;
#[cfg(target_os = "linux")]
mod lock;
#[cfg(unix)]
mod manners;
#[cfg(unix)]
mod merge;
#[cfg(unix)]
mod msal;
#[cfg(target_os = "linux")]
mod postgres;
mod presets;
#[cfg(unix)]
mod readme;
#[cfg(target_os = "linux")]
mod redis;
#[cfg(unix)]
mod refresh;
mod remove;
#[cfg(unix)]
mod rough_edges;
#[cfg(target_os = "linux")]
mod secret_service;
#[cfg(target_os = "linux")]
mod serve;
#[cfg(target_os = "linux")]
mod serve_refresh;
#[cfg(unix)]
mod stream;
#[cfg(unix)]
mod token;
#[cfg(target_os = "linux")]
mod torture;
#[cfg(target_os = "linux")]
mod update;
mod version;
#[cfg(windows)]
mod windows;
