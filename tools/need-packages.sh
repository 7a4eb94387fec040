#!/bin/bash
# need-packages.sh - installs the Debian packages named that are missing.
#
#   tools/need-packages.sh PACKAGE...
#
# The one place the project's scripts (bootstrap.sh, bench.sh, the CI
# steps) install from: apt-get, through sudo when not root, and nothing when
# every package is there already, so that each script works on a fresh
# machine by itself and costs nothing on a prepared one.  Never asks a
# question (CI has no terminal).
set -euo pipefail

missing=()
for p in "$@"; do
    # dpkg-query fails for a package it has never heard of; both that and a
    # half-removed package count as missing.
    if [ "$(dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null)" != installed ]; then
        missing+=("$p")
    fi
done
[ ${#missing[@]} -gt 0 ] || exit 0

sudo=()
if [ "$(id -u)" -ne 0 ]; then
    if ! command -v sudo >/dev/null; then
        echo "need-packages: need root or sudo to install: ${missing[*]}" >&2
        exit 1
    fi
    sudo=(sudo)
fi
echo "need-packages: installing ${missing[*]}"
"${sudo[@]}" apt-get update -qq
"${sudo[@]}" env DEBIAN_FRONTEND=noninteractive \
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
