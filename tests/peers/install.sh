#!/usr/bin/env bash
# Install the real MSAL libraries the interop and SDK tests and benchmarks
# run against, into target/peers (ignored by git):
#   target/peers/venv      Python msal and msal-extensions (+ portalocker), azure-identity and
#                          kubernetes (the consumers of `az` and exec-credential output), from PyPI
#   target/peers/node      @azure/msal-node, @azure/msal-node-extensions and @azure/identity, from npm
# Idempotent: a second run with everything present does nothing.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
peers="$root/target/peers"
mkdir -p "$peers"

if [ ! -x "$peers/venv/bin/python" ] || ! "$peers/venv/bin/python" -c 'import msal, msal_extensions, portalocker, azure.identity, kubernetes; assert msal.__version__ == "1.39.0"' 2>/dev/null; then
  python3 -m venv "$peers/venv"
  "$peers/venv/bin/python" -m pip install -q --disable-pip-version-check -r "$here/requirements.txt"
fi

if command -v npm >/dev/null 2>&1; then
  if [ ! -d "$peers/node/node_modules/@azure/msal-node-extensions" ] \
    || [ ! -f "$peers/node/node_modules/@azure/msal-node/dist/index.mjs" ] \
    || [ ! -d "$peers/node/node_modules/@azure/identity" ] \
    || ! cmp -s "$here/package.json" "$peers/node/package.json"; then
    mkdir -p "$peers/node"
    cp "$here/package.json" "$peers/node/package.json"
    (cd "$peers/node" && npm install --no-audit --no-fund --loglevel=error >/dev/null)
  fi
fi
echo "peers ready in $peers"
