//! One integration-test binary (`autotests = false`): every test drives the
//! built `tokencache` binary against real files, real processes and, for the
//! keyring tests, a real Secret Service on a private bus.

mod util;

mod core;
mod generated;
mod inspect;
mod keyring;
mod lock;
mod merge;
mod model_support;
mod presets;
mod readme;
mod remove;
mod secret_service;
