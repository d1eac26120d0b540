#!/usr/bin/env bash
# A refresh, process start to token: `tokencache token --refresh` against the
# real MSAL Python (`acquire_token_silent` after its access token was dropped)
# doing the same refresh of the same cache against the same fake Entra ID
# (tests/peers/fake_entra.py, HTTPS on loopback, a CA made here).
#
#   benches/refresh.sh [RUNS]      (default 20; needs tests/peers/install.sh, openssl)
#
# BIN: the tokencache binary (default target/release/tokencache).
# Prints one line per contender: median, min and max wall time in ms.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
runs=${1:-20}
bin=${BIN:-$here/target/release/tokencache}
peers=${TOKENCACHE_PEERS:-$here/target/peers}
py=$peers/venv/bin/python
work=$(mktemp -d)
trap 'kill "$server" 2>/dev/null || true; rm -rf "$work"' EXIT
cd "$work"
mkdir entra
(
  cd entra
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes \
    -keyout ca.key -out ca.crt -days 2 -subj /CN=bench-ca 2>/dev/null
  openssl req -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes \
    -keyout server.key -out server.csr -subj /CN=localhost 2>/dev/null
  printf 'subjectAltName=DNS:localhost\nextendedKeyUsage=serverAuth\n' > ext.cnf
  openssl x509 -req -in server.csr -CA ca.crt -CAkey ca.key -CAcreateserial \
    -out server.crt -days 2 -extfile ext.cnf 2>/dev/null
)
python3 "$here/tests/peers/fake_entra.py" entra & server=$!
while [ ! -e entra/port ]; do sleep 0.05; done
tenant=72f988bf-86f1-41af-91ab-2d7cd011db47
authority="https://localhost:$(cat entra/port)/$tenant"
client=04b07795-8ddf-461a-bbee-02f9e1bf7b46
scope=https://graph.microsoft.com/User.Read
export SSL_CERT_FILE=$work/entra/ca.crt REQUESTS_CA_BUNDLE=$work/entra/ca.crt
unset SSL_CERT_DIR CURL_CA_BUNDLE
echo "[{\"op\":\"signin\",\"client_id\":\"$client\",\"username\":\"alice@contoso.com\",\"scopes\":[\"$scope\"]}]" \
  | "$py" "$here/tests/peers/msal_refresh.py" seed.json "$authority" > /dev/null
TOKENCACHE_STORE=file TOKENCACHE_CACHE_PATH=$work/seed.json "$bin" remove --kind access-token -q
silent="[{\"op\":\"silent\",\"client_id\":\"$client\",\"username\":\"alice@contoso.com\",\"scopes\":[\"$scope\"]}]"

python3 - "$runs" "$bin" "$py" "$here/tests/peers/msal_refresh.py" "$authority" "$scope" "$silent" <<'EOF'
import shutil, statistics, subprocess, sys, time, os
runs, bin_, py, driver, authority, scope, silent = sys.argv[1:]
runs = int(runs)
def tokencache():
    env = dict(os.environ, TOKENCACHE_STORE="file", TOKENCACHE_CACHE_PATH=os.path.abspath("c.json"))
    return subprocess.run([bin_, "token", "--refresh", "--scope", scope, "--authority", authority],
                          env=env, capture_output=True)
def msal_python():
    return subprocess.run([py, driver, "c.json", authority], input=silent.encode(), capture_output=True)
times = {"tokencache token --refresh": [], "MSAL Python acquire_token_silent": []}
for _ in range(runs):
    for name, f in (("tokencache token --refresh", tokencache), ("MSAL Python acquire_token_silent", msal_python)):
        shutil.copy("seed.json", "c.json")
        start = time.perf_counter()
        out = f()
        took = (time.perf_counter() - start) * 1000
        assert out.returncode == 0 and b"at|" in out.stdout, out
        times[name].append(took)
for name, t in times.items():
    print("%-34s median %7.1f ms  min %7.1f  max %7.1f  (%d runs)" % (name, statistics.median(t), min(t), max(t), len(t)))
a, b = (statistics.median(t) for t in times.values())
print("tokencache takes %.1f%% of MSAL Python's time (%.1fx faster)" % (100 * a / b, b / a))
EOF
