#!/bin/bash
# test-manual.sh - degarble(3) covers the library's exports (issue 12,
# item 7).  For every dg_ symbol that nm -D shows the shared library
# exporting: it is in the manual's NAME list, its prototype is in the
# SYNOPSIS, and the text after the SYNOPSIS mentions it.  Every name in the NAME list is
# exported (no stale entries), and every DG_EXPORT declaration of the
# header is exported.
#
#   tests/test-manual.sh LIBDEGARBLE.so SOURCE_ROOT
set -u
lib=$1
root=$2
man=$root/include/degarble.3
header=$root/include/degarble.h
n=0
failed=0

ok() {   # ok COND-STATUS DESCRIPTION
    n=$((n + 1))
    if [ "$1" -eq 0 ]; then
        echo "ok $n - $2"
    else
        echo "not ok $n - $2"
        failed=1
    fi
}

if ! command -v nm >/dev/null; then
    echo "1..0 # SKIP nm (binutils) is not installed"
    exit 0
fi

exports=$(nm -D --defined-only "$lib" | awk '$2 == "T" && $3 ~ /^dg_/ { print $3 }' | sort -u)
count=$(printf '%s\n' "$exports" | grep -c .)
ok $([ "$count" -ge 30 ]; echo $?) "nm -D finds the library's exports ($count dg_ functions)"

# The NAME section: from .SH NAME to the next .SH, names split at commas.
name_list=$(awk '/^\.SH NAME/ { on = 1; next } /^\.SH/ { on = 0 } on' "$man" |
    sed 's/\\-.*//' | tr ',' '\n' | tr -d ' ' | grep . | sort -u)
synopsis=$(awk '/^\.SH SYNOPSIS/ { on = 1; next } /^\.SH/ { on = 0 } on' "$man")
# The body: everything after the SYNOPSIS (description, return values,
# thread safety...).
body=$(awk '/^\.SH DESCRIPTION/ { on = 1 } on' "$man")

for sym in $exports; do
    printf '%s\n' "$name_list" | grep -qx "$sym"
    ok $? "degarble(3) NAME lists $sym"
    printf '%s\n' "$synopsis" | grep -q "[ *]$sym("
    ok $? "degarble(3) SYNOPSIS has the prototype of $sym"
    printf '%s\n' "$body" | grep -qE "(^|[ (\[])$sym \(\)"
    ok $? "degarble(3) text after the SYNOPSIS describes $sym"
done

for name in $name_list; do
    [ "$name" = degarble ] && continue
    printf '%s\n' "$exports" | grep -qx "$name"
    ok $? "degarble(3) NAME entry $name is exported"
done

declared=$(tr '\n' ' ' <"$header" | grep -oE 'DG_EXPORT [^;(]*\(' |
    grep -oE 'dg_[a-z0-9_]+ *\($' | tr -d ' (' | sort -u)
for sym in $declared; do
    printf '%s\n' "$exports" | grep -qx "$sym"
    ok $? "degarble.h's DG_EXPORT $sym is exported"
done

echo "1..$n"
exit 0
