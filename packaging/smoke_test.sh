#!/bin/sh
# Smoke test of the one-file build, as a user without Python would run it:
#
#   packaging/smoke_test.sh dist/crmdesk
#
# With PATH cut to the system's folders (no virtual environment) and a fresh
# CRMDESK_HOME, the program runs --version, init, demo --customers 1000, info, search,
# report --out x.pdf, backup and verify; then, under Xvfb, it opens its window on the
# demo file; the time until the login window shows is printed and a screenshot is
# saved beside the build (dist/crmdesk-window.png). Needs Xvfb, xwininfo and
# ImageMagick's import (`packaging/setup-system.sh package`). Exit status 0: all passed.
set -eu
program="$(cd "$(dirname "${1:?usage: smoke_test.sh PROGRAM}")" && pwd)/$(basename "$1")"
shot="${program%.exe}-window.png"
work="$(mktemp -d "${TMPDIR:-/tmp}/crmdesk-smoke.XXXXXX")"
xvfb_pid=""  # the X server and the program of the window test, stopped on any exit
app_pid=""
cleanup() {
  set +e
  if [ -n "$app_pid" ]; then kill "$app_pid" 2>/dev/null; wait "$app_pid" 2>/dev/null; fi
  if [ -n "$xvfb_pid" ]; then kill "$xvfb_pid" 2>/dev/null; wait "$xvfb_pid" 2>/dev/null; fi
  cd /
  rm -rf "$work"
}
trap 'rc=$?; cleanup; exit $rc' EXIT
trap 'exit 130' INT TERM HUP
cd "$work"

export PATH=/usr/local/bin:/usr/bin:/bin
unset VIRTUAL_ENV PYTHONPATH PYTHONHOME QT_PLUGIN_PATH QT_QPA_PLATFORM_PLUGIN_PATH || true
export CRMDESK_HOME="$work/home" LANG=C.UTF-8
export QT_QPA_PLATFORM=offscreen
start=$(date +%s)

step() {  # step NAME COMMAND...: run, show the first lines, stop on failure
  name="$1"; shift
  if ! "$@" > "$work/out.txt" 2>&1; then
    echo "smoke: FAILED: $name" >&2
    cat "$work/out.txt" >&2
    exit 1
  fi
  echo "smoke: ok: $name: $(head -c 200 "$work/out.txt" | head -n 2 | tr '\n' ' ')"
}
expect() {  # expect TEXT: the last step's output contains TEXT
  grep -q -- "$1" "$work/out.txt" || { echo "smoke: FAILED: no \"$1\" in:" >&2; cat "$work/out.txt" >&2; exit 1; }
}

echo "smoke: $program: $(( $(wc -c < "$program") / 1048576 )) MiB"
step "--version" "$program" --version
expect "crmdesk "
CRMDESK_PASSWORD=Smoke-test-1234 step "init" "$program" init shop.crmdb --admin boss
[ -f shop.crmdb ] || { echo "smoke: FAILED: init wrote no shop.crmdb" >&2; exit 1; }
step "demo --customers 1000" "$program" demo demo.crmdb --customers 1000 --password demo1234
step "info" "$program" info demo.crmdb
expect "1000"
export CRMDESK_PASSWORD=demo1234
step "search" "$program" search demo.crmdb 王 --user admin
expect "customer"
step "report (zh_CN)" "$program" report demo.crmdb customer-list --out x.pdf --user admin --lang zh_CN
head -c 5 x.pdf | grep -q "%PDF-" || { echo "smoke: FAILED: x.pdf is not a PDF" >&2; exit 1; }
step "backup" "$program" backup demo.crmdb --user admin --to backups
backup="$(ls backups/*.crmbak | head -n 1)"
step "verify" "$program" verify "$backup"
unset CRMDESK_PASSWORD
echo "smoke: commands took $(( $(date +%s) - start )) s"

# The window: start on the demo file and wait for the login dialog (its title in
# Chinese), then take a picture of the screen. The X server is our own Xvfb, which
# picks a free display number itself (-displayfd: it takes the first number whose
# lock file it can create, so two smoke tests on one machine cannot collide); it is
# stopped on exit, whatever happens (cleanup above).
if [ "${SMOKE_NO_WINDOW:-}" = 1 ]; then
  echo "smoke: window skipped (SMOKE_NO_WINDOW=1)"
  exit 0
fi
start_xvfb() {  # sets DISPLAY to a server that answers; up to 3 tries of 10 s each
  for xtry in 1 2 3; do
    : > "$work/display"
    Xvfb -displayfd 9 -screen 0 1280x800x24 -nolisten tcp 9> "$work/display" > "$work/xvfb.log" 2>&1 &
    xvfb_pid=$!
    for _ in $(seq 1 100); do
      if [ -s "$work/display" ]; then
        DISPLAY=":$(head -n 1 "$work/display")"; export DISPLAY
        xwininfo -root > /dev/null 2>&1 && return 0
      fi
      kill -0 "$xvfb_pid" 2>/dev/null || break
      sleep 0.1
    done
    stop_xvfb
    echo "smoke: Xvfb did not start (try $xtry): $(tail -n 2 "$work/xvfb.log" | tr '\n' ' ')" >&2
    sleep 1
  done
  return 1
}
stop_xvfb() {
  if [ -n "$xvfb_pid" ]; then kill "$xvfb_pid" 2>/dev/null; wait "$xvfb_pid" 2>/dev/null || true; fi
  xvfb_pid=""
}
open_window() {  # start the program on the demo file; 0 when the login window shows
  start_xvfb || { echo "smoke: no X server (Xvfb)" >&2; return 1; }
  t0=$(date +%s%N)
  "$program" demo.crmdb --lang zh_CN > window.log 2>&1 &  # as a double-click: crmdesk FILE
  app_pid=$!
  for _ in $(seq 1 1200); do  # up to 60 s (a busy machine)
    if xwininfo -root -tree 2>/dev/null | grep -q '"登录 - crmdesk"'; then  # LoginDialog's title
      shown=$(date +%s%N)
      return 0
    fi
    kill -0 "$app_pid" 2>/dev/null || break
    sleep 0.05
  done
  kill "$app_pid" 2>/dev/null; wait "$app_pid" 2>/dev/null || true
  app_pid=""
  stop_xvfb
  return 1
}
unset QT_QPA_PLATFORM
shown=""
# Up to three tries, each on a new X server: under heavy load an Xvfb here now and then
# refused the program's connection ("could not connect to display"), which is not
# the program's failure; anything else fails three times and is reported.
for attempt in 1 2 3; do
  open_window && break
  if [ "$attempt" = 3 ]; then
    echo "smoke: FAILED: no login window within 60 s (3 tries)" >&2
    cat window.log >&2
    exit 1
  fi
  echo "smoke: no login window on try $attempt, trying again on a new X server:" >&2
  tail -n 3 window.log >&2
done
echo "smoke: login window after $(( (shown - t0) / 1000000 )) ms (load average $(cut -d' ' -f1 /proc/loadavg 2>/dev/null || echo ?), unpacked under ${TMPDIR:-/tmp}, display $DISPLAY)"
sleep 1.5  # let it paint
import -window root "$shot"
echo "smoke: screenshot: $shot"
echo "smoke: all passed in $(( $(date +%s) - start )) s"
