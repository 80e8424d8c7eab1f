#!/bin/sh
# Install wasm-playground's desktop entry, icon and file types for the current user, so .wat,
# .wast, .wasm and .wgsl files open in the playground from a file manager.
# Usage: install-desktop.sh [--exec PATH]
#   --exec PATH   the wasm-playground program the entry starts (default: the standalone build
#                 this script sits in, else `wasm-playground` on PATH); written as an absolute
#                 path, since a desktop session's PATH may lack ~/.local/bin
# Installs into ${XDG_DATA_HOME:-~/.local/share}: applications/, icons/hicolor/, mime/packages/,
# then refreshes the desktop and MIME databases where their tools are installed.
# PNG icons are rendered from the SVG with Qt (render_icons.py) by a Python that has PySide6:
# $PYTHON, else the one wasm-playground runs on; the standalone build ships them rendered.
set -eu
HERE=$(cd "$(dirname "$(readlink -f "$0")")" && pwd)  # the standalone build links this script from its folder
DATA=${XDG_DATA_HOME:-$HOME/.local/share}
EXEC=""
while [ $# -gt 0 ]; do
    case "$1" in
        --exec) [ $# -ge 2 ] || { echo "install-desktop.sh: --exec needs a path" >&2; exit 2; }; EXEC=$2; shift 2 ;;
        -h|--help) sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "install-desktop.sh: unknown argument $1 (usage: install-desktop.sh [--exec PATH])" >&2; exit 2 ;;
    esac
done

bundled="$HERE/../../wasm-playground"  # in the standalone build this script is _internal/desktop/install-desktop.sh
if [ -z "$EXEC" ] && [ -f "$bundled" ] && [ -x "$bundled" ]; then
    EXEC=$bundled
fi
if [ -z "$EXEC" ]; then
    EXEC=$(command -v wasm-playground || true)
    if [ -z "$EXEC" ]; then
        echo "install-desktop.sh: wasm-playground is not on PATH; install it first (pipx install wasm-playground)" >&2
        echo "or name the program: install-desktop.sh --exec /path/to/wasm-playground" >&2
        exit 1
    fi
fi
if [ ! -x "$EXEC" ]; then
    echo "install-desktop.sh: $EXEC is not an executable program" >&2
    exit 1
fi
EXEC=$(cd "$(dirname "$EXEC")" && pwd)/$(basename "$EXEC")

mkdir -p "$DATA/applications" "$DATA/icons/hicolor/scalable/apps" "$DATA/mime/packages"

# The entry, with the program's absolute path (quoted as the Desktop Entry spec asks).
quoted=$(printf '%s' "$EXEC" | sed 's/\\/\\\\\\\\/g; s/"/\\\\"/g; s/`/\\\\`/g; s/\$/\\\\$/g')
sed -e "s|^Exec=wasm-playground|Exec=\"$quoted\"|" -e "s|^TryExec=.*|TryExec=$EXEC|" \
    "$HERE/wasm-playground.desktop" > "$DATA/applications/wasm-playground.desktop"
echo "installed $DATA/applications/wasm-playground.desktop (runs $EXEC)"

cp "$HERE/wasm-playground.svg" "$DATA/icons/hicolor/scalable/apps/wasm-playground.svg"
echo "installed $DATA/icons/hicolor/scalable/apps/wasm-playground.svg"
pngs=""
if [ -d "$HERE/icons" ]; then
    pngs="$HERE/icons"
else
    python=${PYTHON:-}
    if [ -z "$python" ]; then  # the Python a pip-installed wasm-playground runs on has PySide6
        shebang=$(head -n 1 "$EXEC" 2>/dev/null | tr -d '\0' || true)
        case "$shebang" in "#!"*python*) python=${shebang#\#!} ;; esac
    fi
    if [ -n "$python" ] && [ -f "$HERE/render_icons.py" ]; then
        rendered=$(mktemp -d)
        trap 'rm -rf "$rendered"' EXIT
        if $python "$HERE/render_icons.py" "$rendered" >/dev/null; then pngs=$rendered; fi
    fi
fi
if [ -n "$pngs" ]; then
    for png in "$pngs"/*/wasm-playground.png; do
        size=$(basename "$(dirname "$png")")
        mkdir -p "$DATA/icons/hicolor/$size/apps"
        cp "$png" "$DATA/icons/hicolor/$size/apps/wasm-playground.png"
        echo "installed $DATA/icons/hicolor/$size/apps/wasm-playground.png"
    done
else
    echo "note: no PNG icons (no Python with PySide6 to render them); the SVG icon is enough for most desktops"
fi

cp "$HERE/wasm-playground-mime.xml" "$DATA/mime/packages/wasm-playground.xml"
echo "installed $DATA/mime/packages/wasm-playground.xml"

if command -v update-mime-database >/dev/null 2>&1; then
    update-mime-database "$DATA/mime" && echo "updated the MIME database in $DATA/mime"
fi
if command -v update-desktop-database >/dev/null 2>&1; then
    update-desktop-database "$DATA/applications" && echo "updated the desktop database in $DATA/applications"
fi
if command -v gtk-update-icon-cache >/dev/null 2>&1 && [ -f "$DATA/icons/hicolor/index.theme" ]; then
    gtk-update-icon-cache -q -t "$DATA/icons/hicolor" || true
fi
