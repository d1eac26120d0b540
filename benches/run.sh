#!/usr/bin/env bash
# tokencache benchmarks against the MSAL extension libraries: the one command.
#
#   benches/run.sh                 everything (about 10 minutes on 2 cores)
#   RUNS=20 OPS=50 benches/run.sh  fewer runs / contention operations
#
# Builds the release binary, installs the peer libraries into target/peers
# (tests/peers/install.sh) unless TOKENCACHE_PEERS points at an installed set,
# runs benches/bench.py for the file store, startup and contention, then the
# Secret Service section inside a private gnome-keyring session
# (benches/ss-session.sh) when dbus-run-session and gnome-keyring-daemon exist.
# Results: target/bench/results.md (benches/RESULTS.md records a run with the
# analysis). Never run the benchmarks as tests: they assert nothing about time.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"

cargo build --release --locked --quiet
tc="$root/target/release/tokencache"

peers="${TOKENCACHE_PEERS:-$root/target/peers}"
if [ ! -x "$peers/venv/bin/python" ] || [ ! -d "$peers/node/node_modules/@azure/msal-node-extensions" ]; then
  bash tests/peers/install.sh
  peers="$root/target/peers"
fi

out="$root/target/bench"
mkdir -p "$out"
common=(--tokencache "$tc" --peers "$peers" --runs "${RUNS:-25}" --warmup "${WARMUP:-3}")

python3 benches/bench.py "${common[@]}" --procs "${PROCS:-8}" --ops "${OPS:-100}" --out "$out/main.md"

if command -v dbus-run-session >/dev/null && command -v gnome-keyring-daemon >/dev/null && command -v secret-tool >/dev/null; then
  bash benches/ss-session.sh python3 benches/bench.py "${common[@]}" --section ss --out "$out/ss.md"
else
  printf '### Secret Service\n\nskipped: dbus-run-session, gnome-keyring-daemon or secret-tool is not installed (see .ci/run).\n' > "$out/ss.md"
fi

# Redis (issue 15): a private redis-server on loopback, started and stopped
# by the section itself; skipped with a note when redis-server is missing.
python3 benches/bench.py "${common[@]}" --section redis --list-keys "${LIST_KEYS:-100000}" --out "$out/redis.md"

cat "$out/main.md" "$out/ss.md" "$out/redis.md" > "$out/results.md"
echo "results: $out/results.md"
