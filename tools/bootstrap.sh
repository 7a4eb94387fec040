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
# iso-codes, scowl, libgweather-4-common and tzdata (with ICU's CLDR data,
# the hunspell dictionaries and wordnet-base) are what tools/gen-names.py
# builds the proper-name tables from; dict-gcide is its second prose
# source (words that introduce names, name endings); libtext-names-perl
# ships the US Census 1990 given names and surnames (Text/Names.pm).
# man-db, procps and pkgconf give the held-apart no-harm corpus its manual
# pages and docs.
PACKAGES=(
    meson ninja-build pkg-config gcc
    libicu-dev libhunspell-dev hunspell-en-us hunspell-en-gb
    libjansson-dev
    wordnet-base python3 time
    parallel patch groff-base binutils
    iso-codes scowl libgweather-4-common tzdata dict-gcide
    libtext-names-perl
    man-db procps pkgconf
)

cd "$(dirname "$0")/.."
BUILD=${BUILD_DIR:-build}

usage() {
    echo "usage: $0 demo|test|build" >&2
    exit 2
}

# The technical no-harm corpus (tests/make-noharm-corpus.py --technical)
# renders these packages' manual pages and reads their /usr/share/doc files;
# groff-base's own macros live in /usr/share/groff.
# The held-apart one (--held-apart) those of HELD_MAN_PACKAGES and
# HELD_DOC_PACKAGES there: man-db, procps and pkgconf are in PACKAGES for
# it, the others are on every Debian system.
CORPUS_PACKAGES=(coreutils findutils grep sed tar gzip bash groff-base
    util-linux dpkg apt diffutils debianutils bsdutils login passwd mount
    ncurses-bin sensible-utils patch parallel time pkgconf man-db procps
    binutils)

install_packages() {
    tools/need-packages.sh "${PACKAGES[@]}"
    restore_filtered_docs
}

# Minimized images (Ubuntu's, Debian's "slim" ones) tell dpkg to leave out
# /usr/share/man, /usr/share/doc and /usr/share/groff (path-exclude in
# /etc/dpkg/dpkg.cfg.d/).  A package whose files there are missing is
# reinstalled with those paths included again: dpkg applies its path
# filters in order, and the command line comes after the configuration.
restore_filtered_docs() {
    local missing=() p f
    for p in "${CORPUS_PACKAGES[@]}"; do
        while read -r f; do
            case $f in
            /usr/share/man/man[1-9]/* | /usr/share/doc/*/* | /usr/share/groff/*) ;;
            *) continue ;;
            esac
            if [ ! -e "$f" ] && [ ! -L "$f" ]; then
                missing+=("$p")
                break
            fi
        done < <(dpkg-query -L "$p" 2>/dev/null)
    done
    [ ${#missing[@]} -gt 0 ] || return 0
    local sudo=()
    [ "$(id -u)" -eq 0 ] || sudo=(sudo)
    echo "bootstrap: dpkg left out documentation of ${missing[*]}; reinstalling with it"
    "${sudo[@]}" apt-get update -qq
    "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
        --reinstall --no-install-recommends \
        -o Dpkg::Options::=--path-include=/usr/share/man/* \
        -o Dpkg::Options::=--path-include=/usr/share/doc/* \
        -o Dpkg::Options::=--path-include=/usr/share/groff/* \
        "${missing[@]}" >/dev/null
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
