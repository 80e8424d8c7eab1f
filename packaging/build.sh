#!/bin/sh
# Build the standalone one-folder application with PyInstaller:
#   build/standalone/dist/wasm-playground/wasm-playground
# Usage: packaging/build.sh [--force]
# PYTHON picks the environment to freeze (default: .venv/bin/python, else python3); it must
# have the project installed. PyInstaller is installed into it when missing.
# The build is skipped when its inputs (the code, samples, shaders, packaging files and the
# environment's package versions) are those of the last build: build/standalone/inputs.sha256.
set -eu
cd "$(dirname "$0")/.."
ROOT=$(pwd)
OUT="$ROOT/build/standalone"
APP="$OUT/dist/wasm-playground/wasm-playground"
if [ -z "${PYTHON:-}" ]; then
    if [ -x .venv/bin/python ]; then PYTHON=.venv/bin/python; else PYTHON=python3; fi
fi
force=0
[ "${1:-}" = "--force" ] && force=1

if ! "$PYTHON" -c "import playground" 2>/dev/null; then
    echo "build.sh: $PYTHON cannot import playground; install the project first (pip install -e .)" >&2
    exit 1
fi
if ! "$PYTHON" -c "import PyInstaller" 2>/dev/null; then
    echo "build.sh: installing PyInstaller into $PYTHON's environment"
    "$PYTHON" -m pip install --quiet "pyinstaller>=6.10"
fi

mkdir -p "$OUT"
inputs=$(
    {
        find playground samples shaders packaging -type f ! -path '*/__pycache__/*' ! -name '*.pyc' | LC_ALL=C sort | xargs sha256sum
        sha256sum pyproject.toml
        "$PYTHON" -c "import sys; print(sys.version)"
        "$PYTHON" -m pip list --format=freeze 2>/dev/null | grep -v '^wasm-playground='
    } | sha256sum | cut -d' ' -f1
)
if [ "$force" = 0 ] && [ -x "$APP" ] && [ "$(cat "$OUT/inputs.sha256" 2>/dev/null)" = "$inputs" ]; then
    echo "build.sh: up to date: $APP"
    exit 0
fi

rm -f "$OUT/inputs.sha256"
start=$(date +%s)
"$PYTHON" -m PyInstaller --noconfirm --log-level WARN \
    --distpath "$OUT/dist" --workpath "$OUT/work" packaging/wasm-playground.spec
echo "$inputs" > "$OUT/inputs.sha256"
size=$(du -sh "$OUT/dist/wasm-playground" | cut -f1)
echo "build.sh: built $APP in $(( $(date +%s) - start )) s ($size)"
