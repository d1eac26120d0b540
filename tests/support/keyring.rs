//! A private Secret Service for the tests: never the user's own keyring.
//!
//! [`Keyring::start`] makes a temp dir with fresh `XDG_DATA_HOME` and
//! `XDG_RUNTIME_DIR` (0700), starts a session `dbus-daemon` listening on
//! `<runtime>/bus` and, depending on [`Provider`], a gnome-keyring unlocked with
//! a known password (`printf %s PW | gnome-keyring-daemon --unlock
//! --components=secrets`), one started without a login collection, or none,
//! then waits for `org.freedesktop.secrets` (`gdbus wait`). `HOME` is kept.
//!
//! All of that runs inside a small `sh` watchdog whose stdin is a pipe from
//! this process. When the pipe closes — the `Keyring` is dropped, or the test
//! binary exits or is killed, since statics are never dropped — the watchdog's
//! `cat` returns and it kills the keyring and the bus. So `cargo test` leaves
//! no daemons behind, whatever happens.
//!
//! [`shared`] is one unlocked keyring for the whole test binary; tests on it
//! use service names of their own. Tests that need a locked, empty or absent
//! provider start their own with [`Keyring::start`].

use std::ffi::OsString;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command as StdCommand, Stdio};
use std::sync::{mpsc, Mutex, OnceLock};
use std::time::Duration;

use tempfile::TempDir;

use super::env::Env;

/// The password of every test keyring's login collection.
pub const PASSWORD: &str = "tokencache-test-password";

/// What answers on the private bus.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Provider {
    /// gnome-keyring with an unlocked login collection (the default alias).
    Unlocked,
    /// gnome-keyring started without `--unlock`: no login collection, so no
    /// default collection.
    NoLoginCollection,
    /// No provider at all: a session bus that cannot activate one.
    None,
}

/// A private session bus (and maybe gnome-keyring) living as long as this value.
pub struct Keyring {
    dir: TempDir,
    /// `DBUS_SESSION_BUS_ADDRESS` and the XDG directories, for child processes.
    pub vars: Vec<(OsString, OsString)>,
    watchdog: Mutex<Option<Child>>,
    /// gnome-keyring's pid, when there is one.
    pub keyring_pid: Option<u32>,
}

const WATCHDOG: &str = r#"
d="$1"; mode="$2"
fail() { echo "fail: $*"; exit 1; }
# One budget for the whole start-up, each step waiting for its real event
# (the bus forked and listening, the keyring unlocked, the name on the bus)
# with whatever is left of it. Separate short bounds per step made a start
# that was merely slow on a loaded machine fail at one step while most of
# the time was still left.
end=$(( $(date +%s) + 50 ))
left() { n=$(( end - $(date +%s) )); [ "$n" -gt 0 ] || n=1; echo "$n"; }
command -v dbus-daemon >/dev/null || fail "dbus-daemon is not installed"
bus="--session"
if [ "$mode" = none ]; then
  # A session bus with no service directories: nothing can be activated, so
  # org.freedesktop.secrets has no provider (the stock session config would
  # start gnome-keyring on demand from its .service file).
  cat >"$d/bus.conf" <<'EOF'
<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <listen>unix:tmpdir=/tmp</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>
EOF
  bus="--config-file=$d/bus.conf"
fi
timeout "$(left)" dbus-daemon "$bus" --fork --address="unix:path=$d/run/bus" --print-address=1 --print-pid=3 \
  >"$d/bus.addr" 3>"$d/bus.pid" 2>"$d/bus.log" </dev/null || fail "dbus-daemon did not start: $(cat "$d/bus.log")"
DBUS_SESSION_BUS_ADDRESS="$(head -n1 "$d/bus.addr")"; export DBUS_SESSION_BUS_ADDRESS
buspid="$(cat "$d/bus.pid")"; kpid=""
if [ "$mode" != none ]; then
  command -v gnome-keyring-daemon >/dev/null || { kill "$buspid"; fail "gnome-keyring-daemon is not installed"; }
  command -v gdbus >/dev/null || { kill "$buspid"; fail "gdbus (libglib2.0-bin) is not installed"; }
  if [ "$mode" = unlocked ]; then
    printf %s "$TOKENCACHE_TEST_PW" | timeout "$(left)" gnome-keyring-daemon --unlock --components=secrets >"$d/keyring.log" 2>&1
  else
    timeout "$(left)" gnome-keyring-daemon --start --components=secrets >"$d/keyring.log" 2>&1 </dev/null
  fi
  timeout "$(left)" gdbus wait --session --timeout "$(left)" org.freedesktop.secrets >>"$d/keyring.log" 2>&1 \
    || { kill "$buspid"; fail "org.freedesktop.secrets did not appear: $(cat "$d/keyring.log")"; }
  kpid="$(timeout "$(left)" gdbus call --session --dest org.freedesktop.DBus --object-path /org/freedesktop/DBus \
    --method org.freedesktop.DBus.GetConnectionUnixProcessID org.freedesktop.secrets | sed -n 's/.*uint32 \([0-9]*\).*/\1/p')"
fi
stop() {
  [ -n "$kpid" ] && kill -CONT "$kpid" 2>/dev/null
  kill $kpid "$buspid" 2>/dev/null
  exit 0
}
# Also when the test binary is stopped by a signal sent to its whole process
# group (`timeout cargo test`, Ctrl-C), which ends this shell too.
trap stop INT TERM HUP
echo "ready $kpid"
cat >/dev/null
stop
"#;

impl Keyring {
    /// Start a private bus with `provider` on it. `Err` says what is missing.
    pub fn start(provider: Provider) -> Result<Keyring, String> {
        let dir = tempfile::Builder::new()
            .prefix("tokencache-keyring-")
            .tempdir()
            .map_err(|e| e.to_string())?;
        let run = dir.path().join("run");
        let data = dir.path().join("data");
        for d in [&run, &data] {
            std::fs::create_dir(d).map_err(|e| e.to_string())?;
            set_mode_700(d);
        }
        let mode = match provider {
            Provider::Unlocked => "unlocked",
            Provider::NoLoginCollection => "nologin",
            Provider::None => "none",
        };
        let mut child = StdCommand::new("sh")
            .arg("-c")
            .arg(WATCHDOG)
            .arg("watchdog")
            .arg(dir.path())
            .arg(mode)
            .env("XDG_RUNTIME_DIR", &run)
            .env("XDG_DATA_HOME", &data)
            .env("TOKENCACHE_TEST_PW", PASSWORD)
            .env_remove("DBUS_SESSION_BUS_ADDRESS")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .map_err(|e| format!("cannot run sh: {e}"))?;
        let stdout = child.stdout.take().expect("piped stdout");
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            let mut line = String::new();
            let _ = BufReader::new(stdout).read_line(&mut line);
            let _ = tx.send(line);
        });
        let line = match rx.recv_timeout(Duration::from_secs(60)) {
            Ok(line) => line,
            Err(_) => {
                let _ = child.kill();
                let _ = child.wait();
                return Err("the private Secret Service did not start within 60s".into());
            }
        };
        let Some(pid) = line.trim_end().strip_prefix("ready") else {
            let _ = child.wait();
            let why = line
                .trim()
                .strip_prefix("fail: ")
                .unwrap_or(line.trim())
                .to_string();
            return Err(format!("cannot start a private Secret Service: {why}"));
        };
        let address =
            std::fs::read_to_string(dir.path().join("bus.addr")).map_err(|e| e.to_string())?;
        let vars = vec![
            (
                OsString::from("DBUS_SESSION_BUS_ADDRESS"),
                OsString::from(address.trim()),
            ),
            (OsString::from("XDG_RUNTIME_DIR"), run.into_os_string()),
            (OsString::from("XDG_DATA_HOME"), data.into_os_string()),
        ];
        Ok(Keyring {
            dir,
            vars,
            watchdog: Mutex::new(Some(child)),
            keyring_pid: pid.trim().parse().ok(),
        })
    }

    /// An [`Env`] whose commands talk to this keyring.
    pub fn env(&self) -> Env {
        let mut env = Env::new();
        env.vars.extend(self.vars.iter().cloned());
        env
    }

    /// Any program, with this keyring's bus and a bound on its runtime.
    pub fn tool(&self, program: &str) -> StdCommand {
        let mut c = StdCommand::new("timeout");
        c.arg("30").arg(program);
        for (k, v) in &self.vars {
            c.env(k, v);
        }
        c
    }

    /// Lock the login collection through the Secret Service's `Lock` method.
    pub fn lock_login(&self) {
        let out = self
            .tool("gdbus")
            .args([
                "call",
                "--session",
                "--dest",
                "org.freedesktop.secrets",
                "--object-path",
                "/org/freedesktop/secrets",
                "--method",
                "org.freedesktop.Secret.Service.Lock",
                "['/org/freedesktop/secrets/collection/login']",
            ])
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "Lock failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }

    /// Where the test keyring's files are.
    pub fn dir(&self) -> &Path {
        self.dir.path()
    }

    /// Stop the bus and the keyring now (also done on drop and at exit).
    pub fn stop(&self) {
        if let Some(mut child) = self.watchdog.lock().unwrap().take() {
            drop(child.stdin.take());
            let _ = child.wait();
        }
    }
}

impl Drop for Keyring {
    fn drop(&mut self) {
        self.stop();
    }
}

#[cfg(unix)]
fn set_mode_700(path: &Path) {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o700)).unwrap();
}

/// The unlocked keyring shared by every test of this binary, started on first
/// use. `Err` says why there is none (for `require!`).
pub fn shared() -> Result<&'static Keyring, String> {
    static SHARED: OnceLock<Result<Keyring, String>> = OnceLock::new();
    SHARED
        .get_or_init(|| Keyring::start(Provider::Unlocked))
        .as_ref()
        .map_err(Clone::clone)
}

/// A unique service name per test, so tests on the shared keyring never see
/// each other's items.
pub fn unique_service(test: &str) -> String {
    static N: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);
    let n = N.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    format!("tc-{test}-{}-{n}", std::process::id())
}

/// The shared keyring, or skip (outside CI) / fail (under CI=true).
#[macro_export]
macro_rules! shared_keyring {
    () => {
        match $crate::support::keyring::shared() {
            Ok(keyring) => keyring,
            Err(why) => {
                $crate::require!(false, why);
                unreachable!()
            }
        }
    };
}

/// Start a keyring of `provider`, or skip (outside CI) / fail (under CI=true).
#[macro_export]
macro_rules! own_keyring {
    ($provider:expr) => {
        match $crate::support::keyring::Keyring::start($provider) {
            Ok(keyring) => keyring,
            Err(why) => {
                $crate::require!(false, why);
                unreachable!()
            }
        }
    };
}

/// The path of a file under `tests/`.
pub fn tests_file(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests")
        .join(rel)
}
