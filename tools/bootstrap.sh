#!/bin/bash
# bootstrap.sh - set up a fresh Debian/Ubuntu machine, build, then demo or test.
#
#   tools/bootstrap.sh demo   install what is missing, build, fix the bundled example
#   tools/bootstrap.sh test   install what is missing, build, run the whole test suite
#
# Safe to run again: apt is skipped when every package is installed, and an
# existing build directory is reconfigured rather than set up anew.  Runs
# without a terminal (CI): apt never asks questions.
set -euo pipefail

# Everything the build and the tests use.  `time` gives the command test its
# peak-memory measurement; wordnet-base feeds the no-harm corpus; jansson is
# fix-text's JSON; hunspell-en-gb backs --lang en_GB; parallel, patch and
# groff-base let the mode tests check scale-out, --diff and the man pages.
PACKAGES=(
    meson ninja-build pkg-config gcc
    libicu-dev libhunspell-dev hunspell-en-us hunspell-en-gb
    libjansson-dev
    wordnet-base python3 time
    parallel patch groff-base binutils
)

cd "$(dirname "$0")/.."
BUILD=${BUILD_DIR:-build}

usage() {
    echo "usage: $0 demo|test|build" >&2
    exit 2
}

install_packages() {
    tools/need-packages.sh "${PACKAGES[@]}"
}

build() {
    # A directory meson has configured has coredata; anything else is set
    # up from scratch.
    if [ -f "$BUILD/meson-private/coredata.dat" ]; then
        meson setup --reconfigure "$BUILD"
    else
        meson setup "$BUILD"
    fi
    ninja -C "$BUILD"
}

demo() {
    local example=tests/data/example.txt
    echo
    echo "=== before: $example"
    cat "$example"
    echo
    echo "=== after: $BUILD/tools/fix-text $example"
    "$BUILD/tools/fix-text" "$example"
    echo
    echo "=== why: $BUILD/tools/fix-text --explain $example"
    "$BUILD/tools/fix-text" --explain "$example"
}

[ $# -eq 1 ] || usage
case $1 in
demo)
    install_packages
    build
    demo
    ;;
test)
    install_packages
    build
    meson test -C "$BUILD" --print-errorlogs
    ;;
build)
    # What other scripts (tools/bench.sh) start from.
    install_packages
    build
    ;;
*)
    usage
    ;;
esac
