#!/bin/bash
# test-install.sh - install this build into a temporary DESTDIR and prove
# that an outside program can use it: tests/install-example.c is compiled
# with `pkg-config --cflags --libs degarble` against that install only and
# run with the installed library.  Prints TAP.
# usage: test-install.sh BUILD_DIR install-example.c
set -u

BUILD=${1:?usage: test-install.sh BUILD_DIR install-example.c}
EXAMPLE=${2:?usage: test-install.sh BUILD_DIR install-example.c}
TMP=$(mktemp -d "${TMPDIR:-/tmp}/test-install.XXXXXX")
trap 'rm -rf "$TMP"' EXIT
DEST=$TMP/root

n=0
failed=0
ok() {
    n=$((n + 1))
    if [ "$1" -eq 0 ]; then
        echo "ok $n - $2"
    else
        echo "not ok $n - $2"
        failed=$((failed + 1))
        [ -s "$TMP/log" ] && tail -15 "$TMP/log" | sed 's/^/# /'
    fi
}
finish() { echo "1..$n"; [ "$failed" -eq 0 ]; exit; }

# meson test has just built everything; --no-rebuild keeps this install
# from running ninja while other tests use the build.
meson install -C "$BUILD" --destdir "$DEST" --no-rebuild >"$TMP/log" 2>&1
ok $? "meson install --destdir"
[ "$failed" -eq 0 ] || finish

pc=$(find "$DEST" -name degarble.pc | head -1)
header=$(find "$DEST" -name degarble.h | head -1)
lib=$(find "$DEST" -name 'libdegarble.so*' | head -1)
[ -n "$pc" ] && [ -n "$header" ] && [ -n "$lib" ] &&
    [ -x "$(find "$DEST" -name fix-text -type f | head -1)" ]
ok $? "installed: degarble.pc, degarble.h, libdegarble.so, fix-text"
man1=$(find "$DEST" -path '*/man1/fix-text.1*' | head -1)
man3=$(find "$DEST" -path '*/man3/degarble.3*' | head -1)
[ -n "$man1" ] && [ -n "$man3" ]; ok $? "installed: fix-text(1) and degarble(3)"

# The .pc file names the final prefix (/usr/local...); the sysroot puts the
# staged copy in front of its paths, and PKG_CONFIG_LIBDIR hides every other
# .pc file but the dependencies', so nothing outside DEST can answer for
# degarble.
export PKG_CONFIG_SYSROOT_DIR=$DEST
export PKG_CONFIG_PATH=$(dirname "$pc")
flags=$(pkg-config --cflags --libs degarble 2>"$TMP/log")
ok $? "pkg-config --cflags --libs degarble: $flags"
case $flags in *"$DEST"*) r=0 ;; *) r=1 ;; esac
ok $r "pkg-config points into the temporary install"

# shellcheck disable=SC2086 # flags are words
${CC:-cc} -std=c11 -Wall -Wextra -Werror -o "$TMP/example" "$EXAMPLE" \
    $flags >"$TMP/log" 2>&1
ok $? "the example compiles against the installed header and library"
[ -x "$TMP/example" ] || finish

export LD_LIBRARY_PATH=$(dirname "$lib")
ldd "$TMP/example" | grep libdegarble >"$TMP/log"
grep -q "$DEST" "$TMP/log"; ok $? "the example loads the installed libdegarble"

"$TMP/example" >"$TMP/out" 2>"$TMP/log"
ok $? "the example runs"
head -1 "$TMP/out" | grep -qx 'the U.N. sanctions, FILE PHOTO: x'
ok $? "the example fixes its text"
grep -Eq '^edit [0-9]+-[0-9]+ ".*" -> ".*" punct\.[a-z-]+ \(punct, ' "$TMP/out"
ok $? "the example explains its edits"

finish
