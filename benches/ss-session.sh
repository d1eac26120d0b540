#!/usr/bin/env bash
# Run a command inside a private, unlocked gnome-keyring on a private session
# bus (never the user's keyring): the recipe from REFERENCE.md.
#   benches/ss-session.sh COMMAND [ARGS...]
set -euo pipefail
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
mkdir -m 0700 "$tmp/data" "$tmp/runtime"
export XDG_DATA_HOME="$tmp/data" XDG_RUNTIME_DIR="$tmp/runtime"
exec dbus-run-session -- bash -c '
  printf %s bench-password | gnome-keyring-daemon --unlock --components=secrets >/dev/null
  gdbus wait --session --timeout 10 org.freedesktop.secrets
  exec "$@"' ss-session "$@"
