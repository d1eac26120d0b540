//! One integration-test binary (`autotests = false`): every test drives the
//! built `tokencache` binary against real files, real processes and, for the
//! keyring tests, a real Secret Service on a private bus.

mod torture;
mod util;
