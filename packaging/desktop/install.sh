#!/bin/sh
# Put crmdesk into the user's desktop: the menu entry, the icons and the file types
# (.crmdb opens in crmdesk on a double-click).  `make install-desktop` runs it.
#
#   packaging/desktop/install.sh [PROGRAM]
#
# PROGRAM is what the menu entry starts: by default the one-file build
# (dist/crmdesk, copied to ~/.local/bin/crmdesk) when there is one, else the crmdesk
# of this checkout's .venv.  Files go under $XDG_DATA_HOME (default ~/.local/share):
# applications/crmdesk.desktop, mime/packages/crmdesk.xml and
# icons/hicolor/<size>x<size>/apps/crmdesk.png; the desktop and MIME databases are
# refreshed when their tools are installed.
set -eu
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
data="${XDG_DATA_HOME:-$HOME/.local/share}"

program="${1:-}"
if [ -z "$program" ]; then
  if [ -x "$root/dist/crmdesk" ]; then
    mkdir -p "$HOME/.local/bin"
    cp "$root/dist/crmdesk" "$HOME/.local/bin/crmdesk.new"
    mv -f "$HOME/.local/bin/crmdesk.new" "$HOME/.local/bin/crmdesk"
    program="$HOME/.local/bin/crmdesk"
  elif [ -x "$root/.venv/bin/crmdesk" ]; then
    program="$root/.venv/bin/crmdesk"
  else
    echo "install-desktop: no crmdesk to start: run \`make package\` (or \`make run\`) first" >&2
    exit 2
  fi
fi
case "$program" in
  /*) ;;
  *) program="$(cd "$(dirname "$program")" && pwd)/$(basename "$program")" ;;
esac

# the Exec key: quoted when the path has a space (desktop entry spec, "Exec key")
case "$program" in
  *[[:space:]]*) exec_value="\"$program\"" ;;
  *) exec_value="$program" ;;
esac

mkdir -p "$data/applications" "$data/mime/packages"
sed "s|@EXEC@|$exec_value|" "$here/crmdesk.desktop.in" > "$data/applications/crmdesk.desktop"
cp "$here/crmdesk-mime.xml" "$data/mime/packages/crmdesk.xml"
for png in "$root"/resources/icons/app/crmdesk-*.png; do
  size="${png##*/crmdesk-}"
  size="${size%.png}"
  mkdir -p "$data/icons/hicolor/${size}x${size}/apps"
  cp "$png" "$data/icons/hicolor/${size}x${size}/apps/crmdesk.png"
done

if command -v update-mime-database >/dev/null 2>&1; then
  update-mime-database "$data/mime" >/dev/null 2>&1 || echo "install-desktop: update-mime-database failed" >&2
fi
if command -v update-desktop-database >/dev/null 2>&1; then
  update-desktop-database "$data/applications" >/dev/null 2>&1 || true
fi
if command -v gtk-update-icon-cache >/dev/null 2>&1 && [ -f "$data/icons/hicolor/index.theme" ]; then
  gtk-update-icon-cache -q -t "$data/icons/hicolor" >/dev/null 2>&1 || true
fi
echo "crmdesk is in the applications menu; .crmdb files open in $program"
