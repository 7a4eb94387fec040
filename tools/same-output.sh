#!/usr/bin/env bash
# same-output.sh - byte-identity check for work that must not change any
# output: runs a reference fix-text (a build of an earlier commit) and this
# build's fix-text over every corpus the project has and compares the fixed
# text and the --json edits/findings.  Exits 1 on the first difference
# (and keeps both outputs for a look), 0 when everything is identical.
#
# usage: tools/same-output.sh REF_FIX_TEXT [BUILD_DIR]
# e.g.   git worktree add /tmp/ref main && (cd /tmp/ref && tools/bootstrap.sh
#        build && ninja -C build tools/fix-text)
#        tools/same-output.sh /tmp/ref/build/tools/fix-text
# Corpora: ../shared/reuters/garbled.txt, ../shared/devset/*.txt, the
# WordNet and technical no-harm corpora (built by ninja), tests/data/*.txt
# and the text files under tests/data/*/ (the garbled 2 MB bench input too,
# when BUILD_DIR/bench has it).
set -uo pipefail

src=$(cd "$(dirname "$0")/.." && pwd)
ref=${1:?usage: tools/same-output.sh REF_FIX_TEXT [BUILD_DIR]}
build=${2:-$src/build}
# NEW_FIX_TEXT: a copy of this build's fix-text (keep building meanwhile)
new=${NEW_FIX_TEXT:-$build/tools/fix-text}
ninja -C "$build" tests/noharm-corpus.txt tests/noharm-technical.txt >/dev/null || exit 2
[ -n "${NEW_FIX_TEXT:-}" ] || ninja -C "$build" tools/fix-text >/dev/null || exit 2
tmp=${TMPDIR:-/tmp}/same-output.$$
mkdir -p "$tmp"

files=()
for f in "$src"/../shared/reuters/garbled.txt "$src"/../shared/devset/*.txt \
         "$build"/tests/noharm-corpus.txt "$build"/tests/noharm-technical.txt \
         "$build"/bench/garbled-2mb.txt "$build"/bench/clean-2mb.txt \
         "$src"/tests/data/*.txt "$src"/tests/data/*/*.txt \
         "$src"/tests/data/*.tsv "$src"/tests/data/*/*.tsv; do
    [ -f "$f" ] && files+=("$f")
done

fail=0 n=0
for f in "${files[@]}"; do
    for mode in text json; do
        args=()
        [ "$mode" = json ] && args=(--json)
        "$ref" "${args[@]}" "$f" >"$tmp/ref" 2>"$tmp/ref.err"; rr=$?
        "$new" "${args[@]}" "$f" >"$tmp/new" 2>"$tmp/new.err"; rn=$?
        n=$((n + 1))
        if [ $rr != $rn ] || ! cmp -s "$tmp/ref" "$tmp/new"; then
            echo "DIFFERENT ($mode, exit $rr vs $rn): $f" >&2
            cmp "$tmp/ref" "$tmp/new" | head -1 >&2
            cp "$tmp/ref" "$tmp/ref.$n.$mode"; cp "$tmp/new" "$tmp/new.$n.$mode"
            fail=1
        fi
    done
done
if [ $fail = 0 ]; then
    echo "same-output: ${#files[@]} files x text+json identical"
    rm -rf "$tmp"
else
    echo "same-output: differences kept in $tmp" >&2
fi
exit $fail
