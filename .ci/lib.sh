# Shared helpers for the scripts under .ci/ (sourced, not run):
#
#   step NAME CMD [ARGS...]   run CMD as a named step: prints "== NAME" before
#                             and "-- NAME: 12.3 s" after; if the script dies
#                             inside a step, the EXIT trap names the step and
#                             how long it ran. At exit every finished step is
#                             listed with its duration.
#   at_exit CMD...            run CMD when the script exits (before the summary).
#   binary_size LABEL FILE    print FILE's size against the release target, 4 MB
#                             (4,000,000 bytes, stripped: what issue 17 and
#                             benches/RESULTS.md measure), flagged when over.
#   apt_install [-t RELEASE] PKG...
#                             install the packages that are not installed yet
#                             (root on a fresh box, sudo on a hosted runner).
#
# A step runs in the current shell (not a subshell and not in an `if`), so
# `set -e` still applies inside functions given as CMD and a failing command
# ends the whole script at once.

_ci_now_us() { local t=${EPOCHREALTIME//[!0-9]/}; printf '%s' "$((10#$t))"; }
_ci_fmt() { printf '%d.%d s' "$(($1 / 1000000))" "$(($1 % 1000000 / 100000))"; }

_ci_script_start=$(_ci_now_us)
_ci_step_name=
_ci_step_start=
_ci_done=()
_ci_at_exit=()

at_exit() { _ci_at_exit+=("$*"); }

step() {
  local name=$1
  shift
  _ci_step_name=$name
  _ci_step_start=$(_ci_now_us)
  printf '\n== %s\n' "$name"
  "$@"
  local took=$(($(_ci_now_us) - _ci_step_start))
  _ci_step_name=
  printf -- '-- %s: %s\n' "$name" "$(_ci_fmt "$took")"
  _ci_done+=("$(printf '%10s  %s' "$(_ci_fmt "$took")" "$name")")
}

_ci_summary() {
  local rc=$?
  local total=$(($(_ci_now_us) - _ci_script_start)) c
  for c in "${_ci_at_exit[@]}"; do eval "$c" || true; done
  if [ -n "$_ci_step_name" ]; then
    printf '\n-- %s: FAILED (exit %s) after %s\n' "$_ci_step_name" "$rc" \
      "$(_ci_fmt $(($(_ci_now_us) - _ci_step_start)))" >&2
  fi
  if ((${#_ci_done[@]})); then
    printf '\n== step durations (%s)\n' "${0##*/}"
    printf '%s\n' "${_ci_done[@]}"
  fi
  printf '%10s  total (%s, exit %s)\n' "$(_ci_fmt "$total")" "${0##*/}" "$rc"
}
trap _ci_summary EXIT

apt_install() {
  local release=()
  if [ "${1:-}" = -t ]; then
    release=(-t "$2")
    shift 2
  fi
  local missing=() p
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  ((${#missing[@]})) || return 0
  echo "apt-get install ${release[*]} ${missing[*]}"
  local sudo=()
  if [ "$(id -u)" != 0 ]; then sudo=(sudo -E); fi
  # Once per script: a fresh box has no package lists yet.
  if [ -z "${_ci_apt_updated:-}" ]; then
    DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get update -qq
    _ci_apt_updated=1
  fi
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends \
    "${release[@]}" "${missing[@]}" >/dev/null
}

binary_size() {
  local size
  size=$(stat -c %s "$2")
  printf '%-28s %8d bytes stripped (%d.%02d MB; target <= 4 MB)%s\n' "$1" "$size" \
    $(((size + 5000) / 1000000)) $(((size + 5000) % 1000000 / 10000)) \
    "$( ((size <= 4000000)) || echo ' OVER THE TARGET')"
}
