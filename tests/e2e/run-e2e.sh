#!/usr/bin/env bash
# tests/e2e/run-e2e.sh SCENARIO — one end-to-end scenario: the real `atelier` binary against the
# fake BFL program, driven only through the accessibility tree (dogtail / AT-SPI).
#
# Each run gets its own X display (xvfb-run when DISPLAY is unset), its own D-Bus session (with its
# own accessibility bus), and throw-away XDG folders. Everything it starts is killed at the end.
#
# Scenarios: generate, references, cost, keys, crash, poll-storm (see atelier_e2e.py), and `dump`,
# which prints the accessibility tree of a fresh window (for writing new scenarios).
#   ATELIER_BUILD_DIR=build tests/e2e/run-e2e.sh generate   (meson test --suite e2e sets it)
#   ATELIER_E2E_KEEP=1         keep the temporary folder (logs, fake-requests.jsonl, library)
#   ATELIER_E2E_SCREENSHOT=F   where `generate` saves its final screenshot
# A failing scenario prints the tree, the app's and the fake's logs, and saves a screenshot as
# <build>/tests/e2e-<scenario>-failure.png.
#
# Copyright 2026 The Atelier authors
# SPDX-License-Identifier: GPL-3.0-or-later
set -euo pipefail

scenario=${1:?usage: run-e2e.sh SCENARIO}
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
source_dir=${ATELIER_SOURCE_DIR:-$(cd "$here/../.." && pwd)}
build_dir=${ATELIER_BUILD_DIR:-$source_dir/build}

if [ -z "${DISPLAY:-}" ]; then
  exec xvfb-run -a -s '-screen 0 1600x1000x24' "$0" "$@"
fi
# A D-Bus session of our own, even inside one somebody else started: the accessibility bus, dconf
# and the app's single-instance name must not be shared with another test.
# Only the driver's TAP goes to stdout (fd 3 inside); the bus's services write to stderr.
if [ -z "${ATELIER_E2E_OWN_SESSION:-}" ]; then
  export ATELIER_E2E_OWN_SESSION=1 ATELIER_E2E_TAP_FD=3
  exec dbus-run-session -- "$0" "$@" 3>&1 1>&2
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/atelier-e2e-$scenario.XXXXXX")
cleanup() {
  local status=$?
  # The Python driver kills what it started; this catches anything left if it was killed itself.
  if [ -n "${driver_pid:-}" ]; then
    kill -TERM "$driver_pid" 2>/dev/null || true
    wait "$driver_pid" 2>/dev/null || true
  fi
  if [ -f "$tmp/pids" ]; then
    while read -r pid; do
      kill -KILL -- "-$pid" 2>/dev/null || kill -KILL "$pid" 2>/dev/null || true
    done < "$tmp/pids"
  fi
  if [ -z "${ATELIER_E2E_KEEP:-}" ]; then
    rm -rf "$tmp"
  else
    echo "e2e: kept $tmp" >&2
  fi
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

mkdir -p "$tmp/config" "$tmp/data" "$tmp/cache" "$tmp/runtime"
chmod 700 "$tmp/runtime"
export XDG_CONFIG_HOME=$tmp/config
export XDG_DATA_HOME=$tmp/data
export XDG_CACHE_HOME=$tmp/cache
export XDG_RUNTIME_DIR=$tmp/runtime
# A persistent GSettings backend: dogtail checks toolkit-accessibility in its own process.
export GSETTINGS_BACKEND=dconf
export GSETTINGS_SCHEMA_DIR=$build_dir/data
unset NO_AT_BRIDGE GTK_A11Y
export GTK_A11Y=atspi
export ATELIER_E2E_TMP=$tmp
export ATELIER_SOURCE_DIR=$source_dir
export ATELIER_BUILD_DIR=$build_dir

gsettings set org.gnome.desktop.interface toolkit-accessibility true
# Debian's python3 has dogtail and pyatspi; a pyenv one on PATH would not.
if [ "${ATELIER_E2E_TAP_FD:-}" = 3 ]; then
  /usr/bin/python3 -u "$here/atelier_e2e.py" "$scenario" >&3 &
else
  /usr/bin/python3 -u "$here/atelier_e2e.py" "$scenario" &
fi
driver_pid=$!
status=0
wait "$driver_pid" || status=$?
driver_pid=
exit $status
