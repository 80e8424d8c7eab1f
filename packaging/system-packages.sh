#!/bin/sh
# Install the Debian packages the tests need, or say exactly how to.
# Usage: system-packages.sh PACKAGE...
missing=""
if command -v dpkg-query >/dev/null 2>&1; then
    for pkg in "$@"; do
        status=$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null)
        case "$status" in
            *"install ok installed"*) ;;
            *) missing="$missing $pkg" ;;
        esac
    done
else
    echo "note: not a Debian-based system; make sure a Vulkan driver (Mesa lavapipe) and Xvfb are installed" >&2
    exit 0
fi
[ -z "$missing" ] && exit 0
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    echo "installing system packages:$missing"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $missing >/dev/null
else
    echo "missing system packages:$missing" >&2
    echo "install them with: sudo apt-get install -y$missing" >&2
    echo "(GPU tests are skipped without a Vulkan driver; window tests without Xvfb)" >&2
fi
