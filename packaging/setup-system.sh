#!/bin/sh
# Make sure the Debian packages crmdesk needs are present.
#   setup-system.sh          libraries for Qt offscreen + CJK font (make test)
#   setup-system.sh gui      also the X11 (xcb) libraries for a real window (make run)
#   setup-system.sh shots    also Xvfb and ImageMagick (make screenshots)
#   setup-system.sh ci       everything the full test suite uses (PDF and xlsx checks)
#   setup-system.sh package  what `make package` uses (PyInstaller, Xvfb, the smoke test)
# As root, missing packages are installed; otherwise the exact apt-get line is
# printed and the script fails.
set -eu

need="libgl1 libegl1 libfontconfig1 libglib2.0-0 libdbus-1-3 libxkbcommon0 fonts-wqy-microhei"
case "${1:-}" in
  gui)   need="$need libxcb-cursor0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1 libxcb-render-util0 libxcb-shape0 libxkbcommon-x11-0" ;;
  shots) need="$need libxcb-cursor0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1 libxcb-render-util0 libxcb-shape0 libxkbcommon-x11-0 xvfb xauth imagemagick" ;;
  ci)    need="$need poppler-utils poppler-data sqlite3 libreoffice-calc-nogui" ;;
  package)  # make package: PyInstaller (objdump, strip, the shared libpython) and the smoke test
    need="$need libxcb-cursor0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1 libxcb-render-util0 libxcb-shape0 libxkbcommon-x11-0 xvfb x11-utils imagemagick binutils"
    need="$need $(python3 -c 'import sys; print("libpython%d.%d" % sys.version_info[:2])' 2>/dev/null || echo python3)" ;;
esac

# python3 -m venv needs ensurepip (Debian: python3-venv)
if ! python3 -c 'import ensurepip, venv' >/dev/null 2>&1; then
  need="$need python3-venv"
fi

if ! command -v dpkg-query >/dev/null 2>&1; then
  echo "setup-system: not a Debian system; install the equivalents of: $need" >&2
  exit 0
fi

missing=""
for pkg in $need; do
  if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed"; then
    missing="$missing $pkg"
  fi
done
[ -z "$missing" ] && exit 0

if [ "$(id -u)" -eq 0 ]; then
  echo "setup-system: installing$missing"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends $missing
else
  echo "crmdesk needs these Debian packages. Run as root:" >&2
  echo "  apt-get update && apt-get install -y --no-install-recommends$missing" >&2
  exit 1
fi
