#!/usr/bin/env bash
# tokencache benchmarks: the one command.
#
#   benches/run.sh                       everything (about 25 minutes on 2 cores;
#                                        LIST_KEYS=10000 shortens the key walks)
#   RUNS=20 OPS=50 benches/run.sh        fewer runs / contention operations
#   TOKENCACHE_BIN=path/to/tokencache benches/run.sh   measure that binary
#   RELEASE_BIN=path/to/tokencache benches/run.sh   that release binary beside it
#   RELEASE_BIN=none benches/run.sh      no release binary (glibc build only)
#   SS_BASELINE_BIN=path benches/run.sh  that build too in the Secret Service
#                                        tables (before/after a change)
#   SECTIONS="floor stream" benches/run.sh   only these sections (see SECTIONS
#                                        in benches/bench.py: floor, size,
#                                        stream, file, contention, consumers,
#                                        ss, redis, cluster, postgres)
#
# Builds the release binary for the host (glibc) and, for the floor and size
# sections, the static musl binary that users install (.ci/release/build-musl
# x86_64-unknown-linux-musl, Debian 12 only; its build is cached under
# TOKENCACHE_CI_CACHE): their rows sit side by side in one table, each naming
# its binary. Installs the peer libraries into target/peers
# (tests/peers/install.sh) unless TOKENCACHE_PEERS points at an installed set,
# runs benches/bench.py: the targets table first (each a ratio measured in this
# run against its floor or peer), then start-up and reads against `true` and
# `cat`, binary size, many updates through `write --merge --stream`, the file
# store against the peers, and contention; then the Secret Service section
# inside a private gnome-keyring session (benches/ss-session.sh) when
# dbus-run-session and gnome-keyring-daemon exist; then Redis, Redis Cluster
# and Postgres, each against servers its section starts on loopback and
# stops by PID (skipped with a note when the servers are not installed).
# Results: target/bench/results.md (benches/RESULTS.md records a run with the
# analysis). Never run the benchmarks as tests: they assert nothing about time.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"

# TOKENCACHE_BIN measures another build of the same source (a static or
# cross-built release artifact) instead of target/release/tokencache.
if [ -n "${TOKENCACHE_BIN:-}" ]; then
  tc="$(cd "$(dirname "$TOKENCACHE_BIN")" && pwd)/$(basename "$TOKENCACHE_BIN")"
else
  cargo build --release --locked --quiet
  tc="$root/target/release/tokencache"
fi

# The release binary (issue 26): measured only by the floor and size sections.
release=()
want_release=1
if [ -n "${SECTIONS:-}" ]; then
  want_release=0
  for s in $SECTIONS; do
    case "$s" in floor | startup | size) want_release=1 ;; esac
  done
fi
if [ "${RELEASE_BIN:-}" = none ]; then
  want_release=0
fi
if [ "$want_release" = 1 ]; then
  if [ -n "${RELEASE_BIN:-}" ]; then
    rel="$RELEASE_BIN"
  elif bash .ci/release/build-musl x86_64-unknown-linux-musl >&2; then
    rel="$root/target/dist/bin/x86_64-unknown-linux-musl/tokencache"
  else
    # build-musl needs Debian 12's toolchain: elsewhere the glibc rows stay.
    echo "benches: no release binary (.ci/release/build-musl failed; RELEASE_BIN=none skips it)" >&2
    rel=
  fi
  if [ -n "$rel" ]; then
    release=(--release-bin "$(cd "$(dirname "$rel")" && pwd)/$(basename "$rel")")
  fi
fi

peers="${TOKENCACHE_PEERS:-$root/target/peers}"
if [ ! -x "$peers/venv/bin/python" ] || [ ! -d "$peers/node/node_modules/@azure/msal-node-extensions" ]; then
  bash tests/peers/install.sh
  peers="$root/target/peers"
fi

out="$root/target/bench"
mkdir -p "$out"
common=(--tokencache "$tc" --peers "$peers" --runs "${RUNS:-25}" --warmup "${WARMUP:-3}")

# ss, redis, cluster and postgres run in their own invocations (a private
# keyring session, private servers); SECTIONS picks among all of them.
sections=()
want_ss=1
want_redis=1
want_cluster=1
want_postgres=1
if [ -n "${SECTIONS:-}" ]; then
  want_ss=0
  want_redis=0
  want_cluster=0
  want_postgres=0
  for s in $SECTIONS; do
    case "$s" in
      ss) want_ss=1 ;;
      redis) want_redis=1 ;;
      cluster) want_cluster=1 ;;
      postgres) want_postgres=1 ;;
      *) sections+=(--section "$s") ;;
    esac
  done
fi
: > "$out/main.md"
if [ -z "${SECTIONS:-}" ] || [ "${#sections[@]}" -gt 0 ]; then
  python3 benches/bench.py "${common[@]}" "${release[@]}" "${sections[@]}" --procs "${PROCS:-8}" --ops "${OPS:-100}" --out "$out/main.md"
fi

if [ "$want_ss" = 0 ]; then
  : > "$out/ss.md"
elif command -v dbus-run-session >/dev/null && command -v gnome-keyring-daemon >/dev/null && command -v secret-tool >/dev/null; then
  ss_baseline=()
  if [ -n "${SS_BASELINE_BIN:-}" ]; then
    ss_baseline=(--ss-baseline "$(cd "$(dirname "$SS_BASELINE_BIN")" && pwd)/$(basename "$SS_BASELINE_BIN")")
  fi
  bash benches/ss-session.sh python3 benches/bench.py "${common[@]}" "${ss_baseline[@]}" --section ss --out "$out/ss.md"
else
  printf '### Secret Service\n\nskipped: dbus-run-session, gnome-keyring-daemon or secret-tool is not installed (see .ci/run).\n' > "$out/ss.md"
fi

# Redis (issue 15): a private redis-server on loopback, started and stopped
# by the section itself; skipped with a note when redis-server is missing.
if [ "$want_redis" = 1 ]; then
  python3 benches/bench.py "${common[@]}" --section redis --list-keys "${LIST_KEYS:-100000}" --out "$out/redis.md"
else
  : > "$out/redis.md"
fi

# Redis Cluster and Postgres (issue 25): six redis-servers made a cluster,
# and a Postgres cluster made with initdb, by their sections.
if [ "$want_cluster" = 1 ]; then
  python3 benches/bench.py "${common[@]}" --section cluster --list-keys "${LIST_KEYS:-100000}" --out "$out/cluster.md"
else
  : > "$out/cluster.md"
fi
if [ "$want_postgres" = 1 ]; then
  python3 benches/bench.py "${common[@]}" --section postgres --out "$out/postgres.md"
else
  : > "$out/postgres.md"
fi

cat "$out/main.md" "$out/ss.md" "$out/redis.md" "$out/cluster.md" "$out/postgres.md" > "$out/results.md"
echo "results: $out/results.md"
