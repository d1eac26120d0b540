#!/usr/bin/env bash
# Install the real MSAL extension libraries the interop tests and benchmarks
# run against, into target/peers (ignored by git):
#   target/peers/venv      Python msal-extensions (+ portalocker), from PyPI
#   target/peers/node      @azure/msal-node-extensions, from npm
# Idempotent: a second run with everything present does nothing.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
peers="$root/target/peers"
mkdir -p "$peers"

if [ ! -x "$peers/venv/bin/python" ] || ! "$peers/venv/bin/python" -c 'import msal_extensions, portalocker' 2>/dev/null; then
  python3 -m venv "$peers/venv"
  "$peers/venv/bin/pip" install -q --disable-pip-version-check -r "$here/requirements.txt"
fi

if command -v npm >/dev/null 2>&1; then
  # Reinstall when package.json changed (a peer was added or moved).
  if [ ! -d "$peers/node/node_modules/@azure/msal-node-extensions" ] ||
     ! cmp -s "$here/package.json" "$peers/node/package.json"; then
    mkdir -p "$peers/node"
    cp "$here/package.json" "$peers/node/package.json"
    (cd "$peers/node" && npm install --no-audit --no-fund --loglevel=error >/dev/null)
  fi
fi
echo "peers ready in $peers"
