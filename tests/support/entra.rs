//! A fake Microsoft Entra ID over HTTPS on loopback (tests/peers/fake_entra.py,
//! with a CA made here and trusted through `SSL_CERT_FILE`), and the real MSAL
//! Python signing in against it: the refresh tests' (`refresh.rs`) and
//! `serve --refresh`'s (`serve_refresh.rs`). The endpoint logs every request,
//! so "nothing was sent" is counted, not assumed.

use std::path::{Path, PathBuf};
use std::process::{Child, Command as StdCommand, Stdio};
use std::time::{Duration, Instant};

use serde_json::{json, Value};

use super::{have, peers_dir, Env, OutputExt};

/// The tenant the fake signs in to.
pub const TENANT: &str = "72f988bf-86f1-41af-91ab-2d7cd011db47";
/// The Azure CLI's client id.
pub const CLI: &str = "04b07795-8ddf-461a-bbee-02f9e1bf7b46";
/// The user who signs in.
pub const ALICE: &str = "alice@contoso.com";

pub fn driver(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/peers")
        .join(name)
}

pub fn python_peer() -> PathBuf {
    peers_dir().join("venv/bin/python")
}

pub fn msal_python_installed() -> bool {
    StdCommand::new(python_peer())
        .args(["-c", "import msal"])
        .output()
        .is_ok_and(|o| o.status.success())
}

pub fn msal_node_installed() -> bool {
    peers_dir()
        .join("node/node_modules/@azure/msal-node/dist/index.mjs")
        .is_file()
        && have("node")
}

/// The .NET 8 host and MSAL.NET's driver (tests/peers/msal_net.cs, built by
/// tests/peers/install.sh on Linux x86_64, the one platform of the runtime's
/// wheel).
#[cfg(all(target_os = "linux", target_arch = "x86_64"))]
fn msal_net_files() -> (PathBuf, PathBuf) {
    let net = peers_dir().join("dotnet");
    (
        net.join("pkgs/dnv/net/runtime/.net/dotnet"),
        net.join("app/msal_net.exe"),
    )
}

#[cfg(all(target_os = "linux", target_arch = "x86_64"))]
pub fn msal_net_installed() -> bool {
    let (dotnet, exe) = msal_net_files();
    dotnet.is_file() && exe.is_file()
}

/// Skip (fail under CI) without python3, openssl and MSAL Python.
#[macro_export]
macro_rules! require_entra {
    () => {
        $crate::require!(
            $crate::support::have("python3") && $crate::support::have("openssl"),
            "python3 and openssl (apt install python3 openssl)"
        );
        $crate::require!(
            $crate::support::entra::msal_python_installed(),
            "MSAL Python in target/peers/venv (bash tests/peers/install.sh)"
        );
    };
}

/// The fake Entra ID: a CA, a certificate for `localhost`, the server.
pub struct Entra {
    pub dir: PathBuf,
    pub child: Child,
    pub port: u16,
}

impl Entra {
    pub fn start(env: &Env) -> Entra {
        let dir = env.home().join("entra");
        std::fs::create_dir_all(&dir).unwrap();
        let script = r#"
set -e
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes \
  -keyout ca.key -out ca.crt -days 2 -subj /CN=tokencache-test-ca 2>/dev/null
openssl req -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes \
  -keyout server.key -out server.csr -subj /CN=localhost 2>/dev/null
printf 'subjectAltName=DNS:localhost,IP:127.0.0.1\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n' > ext.cnf
openssl x509 -req -in server.csr -CA ca.crt -CAkey ca.key -CAcreateserial \
  -out server.crt -days 2 -extfile ext.cnf 2>/dev/null
"#;
        let st = StdCommand::new("sh")
            .arg("-c")
            .arg(script)
            .current_dir(&dir)
            .status()
            .unwrap();
        assert!(st.success(), "openssl failed");
        let child = StdCommand::new("python3")
            .arg(driver("fake_entra.py"))
            .arg(&dir)
            .stdin(Stdio::null())
            .spawn()
            .unwrap();
        let started = Instant::now();
        let port = loop {
            if let Ok(text) = std::fs::read_to_string(dir.join("port")) {
                break text.trim().parse().unwrap();
            }
            assert!(
                started.elapsed() < Duration::from_secs(20),
                "the fake Entra ID did not start"
            );
            std::thread::sleep(Duration::from_millis(20));
        };
        Entra { dir, child, port }
    }

    pub fn authority(&self) -> String {
        format!("https://localhost:{}/{TENANT}", self.port)
    }

    pub fn ca(&self) -> PathBuf {
        self.dir.join("ca.crt")
    }

    pub fn configure(&self, config: Value) {
        std::fs::write(self.dir.join("config.json"), config.to_string()).unwrap();
    }

    /// Every request so far.
    pub fn requests(&self) -> Vec<Value> {
        std::fs::read_to_string(self.dir.join("requests.jsonl"))
            .unwrap_or_default()
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect()
    }

    /// The token requests (POSTs) so far.
    pub fn posts(&self) -> Vec<Value> {
        self.requests()
            .into_iter()
            .filter(|r| r["method"] == "POST")
            .collect()
    }

    /// The refresh requests so far.
    pub fn refreshes(&self) -> Vec<Value> {
        self.posts()
            .into_iter()
            .filter(|r| r["form"]["grant_type"] == "refresh_token")
            .collect()
    }

    /// tokencache, with the file store at `cache` and the CA trusted.
    pub fn tokencache(&self, env: &Env, cache: &Path, args: &[&str]) -> StdCommand {
        let mut c = env.std_cmd();
        c.env("TOKENCACHE_STORE", "file")
            .env("TOKENCACHE_CACHE_PATH", cache)
            .env("SSL_CERT_FILE", self.ca())
            .args(args);
        c
    }

    /// `tokencache token FLAG --scope SCOPE --authority <this endpoint>`
    /// (`FLAG`: `--refresh` or `--force-refresh`), as [`Entra::tokencache`].
    pub fn token(&self, env: &Env, cache: &Path, flag: &str, scope: &str) -> StdCommand {
        let authority = self.authority();
        self.tokencache(
            env,
            cache,
            &["token", flag, "--scope", scope, "--authority", &authority],
        )
    }

    /// MSAL Python (real HTTPS) running `ops` on the cache file `cache`.
    pub fn msal_python(&self, env: &Env, cache: &Path, ops: Value) -> Vec<Value> {
        let mut c = StdCommand::new(python_peer());
        env.isolate(&mut c);
        let mut child = c
            .env("REQUESTS_CA_BUNDLE", self.ca())
            .arg(driver("msal_refresh.py"))
            .arg(cache)
            .arg(self.authority())
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        use std::io::Write as _;
        child
            .stdin
            .take()
            .unwrap()
            .write_all(ops.to_string().as_bytes())
            .unwrap();
        let out = child.wait_with_output().unwrap();
        assert!(out.status.success(), "MSAL Python: {}", out.stderr_text());
        serde_json::from_slice(&out.stdout).unwrap()
    }

    /// A fresh MSAL.NET app (`client`, this authority) loading the cache file
    /// `cache` with `DeserializeMsalV3` and calling `AcquireTokenSilent` for
    /// `username`'s account and `scope`: {"token", "source" (`Cache` or
    /// `IdentityProvider`), "username", "error", "network" (every request it
    /// sent)}. The file is only read.
    #[cfg(all(target_os = "linux", target_arch = "x86_64"))]
    pub fn msal_net(
        &self,
        env: &Env,
        cache: &Path,
        client: &str,
        username: &str,
        scope: &str,
    ) -> Value {
        let (dotnet, exe) = msal_net_files();
        let mut c = StdCommand::new(dotnet);
        env.isolate(&mut c);
        let out = c
            .env("SSL_CERT_FILE", self.ca())
            .arg(exe)
            .arg(cache)
            .arg(self.authority())
            .args([client, username, scope])
            .stdin(Stdio::null())
            .output()
            .unwrap();
        assert!(out.status.success(), "MSAL.NET: {}", out.stderr_text());
        serde_json::from_slice(&out.stdout).unwrap()
    }

    /// A cache MSAL Python signed `client` in to (for `scopes`), with its
    /// access tokens then dropped (`remove --kind access-token`): only the
    /// refresh token can give a token now.
    pub fn signed_in(&self, env: &Env, cache: &Path, client: &str, scopes: &[&str]) {
        std::fs::create_dir_all(cache.parent().unwrap()).unwrap();
        let r = self.msal_python(
            env,
            cache,
            json!([{"op": "signin", "client_id": client, "username": ALICE, "scopes": scopes}]),
        );
        assert!(r[0]["token"].is_string(), "{r:?}");
        let out = self
            .tokencache(env, cache, &["remove", "--kind", "access-token"])
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", out.stderr_text());
    }
}

impl Drop for Entra {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
