#!/bin/sh
# devset.sh - the development-set table for the current build.
#
#   tools/devset.sh [BUILD_DIR] [-- SCORE_OPTIONS...]
#   ninja -C build devset
#
# Runs ../shared/devset/score.py (or $DG_DEVSET_DIR/score.py) over every set
# with the per-type table, using BUILD_DIR/tools/fix-text (default: build).
# Options after "--" go to score.py (-v, --json FILE, --set NAME...); with
# --set, --all is not passed.  The sets are data for measuring only: they
# live beside the source tree, never in it.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
build=$root/build
if [ $# -gt 0 ] && [ "$1" != "--" ]; then
    build=$1
    shift
fi
[ $# -gt 0 ] && [ "$1" = "--" ] && shift

devset=${DG_DEVSET_DIR:-$root/../shared/devset}
fixer=$build/tools/fix-text
if [ ! -f "$devset/score.py" ]; then
    echo "devset.sh: no score.py in $devset (set DG_DEVSET_DIR)" >&2
    exit 2
fi
if [ ! -x "$fixer" ]; then
    echo "devset.sh: $fixer is not built (ninja -C $build)" >&2
    exit 2
fi

sets=--all
for a in "$@"; do
    case $a in --set|--set=*) sets= ;; esac
done
# shellcheck disable=SC2086 # $sets is one word or none
exec python3 "$devset/score.py" $sets --by-type --fixer "$fixer" "$@"
