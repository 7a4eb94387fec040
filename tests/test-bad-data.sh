#!/bin/bash
# test-bad-data.sh FIX SRCDIR - every malformed line type of every data
# format fix-text takes (issue 8, item 6) must stop it with exit status 2
# and one message "fix-text: FILE:LINE: why" naming the offending line.
#
# Each file in tests/data/bad-data/ is one case.  Its name picks the option
# (names-* --names, abbrevs-* --abbrevs, rules-* --rules, dict-* --dict)
# and its header says what must happen:
#   # expect: LINE: TEXT   fix-text exits 2 with "fix-text: FILE:LINE: ...TEXT..."
#                          on stderr; for rules-* files --check-rules must
#                          also print "FILE:LINE: ...TEXT..." and exit 1.
#                          TEXT may be empty where the library has no
#                          message yet (a todo case): then only LINE counts
#   # lint: LINE: TEXT     a problem only the lint sees: --rules loads the
#                          file, --check-rules reports it (exit 1)
#   # todo: WHY            a known library bug: a failing check is a TAP
#                          TODO, so the suite stays green; once the library
#                          is fixed the check passes, meson reports an
#                          unexpected pass, and the line must go.
# Header lines are comments, which every format skips, so the file is
# still exactly the malformed data it claims to be.
set -u

FIX=$1
SRC=$(cd "${2:-${DG_SOURCE_ROOT:-.}}" && pwd)
FIX=$(cd "$(dirname "$FIX")" && pwd)/$(basename "$FIX")
DIR=$SRC/tests/data/bad-data
TMP=$(mktemp -d "${TMPDIR:-/tmp}/test-bad-data.XXXXXX")
trap 'rm -rf "$TMP"' EXIT

n=0
# report COND DESC [TODO]: one TAP line, with stderr of the last run as
# diagnostics when the check failed.
report() {
    local cond=$1 desc=$2 todo=${3:-}
    local directive=${todo:+ # TODO $todo}
    n=$((n + 1))
    if [ "$cond" -eq 0 ]; then
        echo "ok $n - $desc$directive"
    else
        echo "not ok $n - $desc$directive"
        echo "# exit status $rc; stdout then stderr:"
        head -c 2000 "$TMP/out" | sed 's/^/#   out: /'
        head -c 2000 "$TMP/err" | sed 's/^/#   err: /'
    fi
}

# has_line FILE PREFIX TEXT: FILE has a line starting with PREFIX that
# also contains TEXT (both fixed strings).
has_line() {
    awk -v p="$2" -v t="$3" \
        'index($0, p) == 1 && index(substr($0, length(p) + 1), t) { found = 1 }
         END { exit !found }' "$1"
}

header() {
    # grep -a: some cases hold NUL bytes or invalid UTF-8 on purpose.
    grep -a -m1 "^# $1: " "$2" | sed "s/^# $1: //"
}

cd "$DIR" || { echo "Bail out! no $DIR"; exit 1; }
cases=(*.txt)
if [ ! -e "${cases[0]}" ]; then
    echo "Bail out! no cases in $DIR"
    exit 1
fi

for f in "${cases[@]}"; do
    case $f in
    names-*) opt=--names ;;
    abbrevs-*) opt=--abbrevs ;;
    rules-*) opt=--rules ;;
    dict-*) opt=--dict ;;
    *)
        echo "Bail out! $f: name must start with names-, abbrevs-, rules- or dict-"
        exit 1
        ;;
    esac
    expect=$(header expect "$f")
    lint=$(header lint "$f")
    todo=$(header todo "$f")
    if [ -n "$expect" ]; then
        line=${expect%%:*}
        text=${expect#*:}
        text=${text# }
        echo x | "$FIX" "$opt" "$f" >"$TMP/out" 2>"$TMP/err"
        rc=$?
        [ "$rc" -eq 2 ] && has_line "$TMP/err" "fix-text: $f:$line: " "$text"
        report $? "$opt $f: exit 2, 'fix-text: $f:$line: ...$text...'" "$todo"
    elif [ -n "$lint" ]; then
        line=${lint%%:*}
        text=${lint#*:}
        text=${text# }
        echo x | "$FIX" "$opt" "$f" >"$TMP/out" 2>"$TMP/err"
        rc=$?
        [ "$rc" -eq 0 ]
        report $? "$opt $f: a lint-only problem does not stop the engine" "$todo"
    else
        echo "Bail out! $f: no '# expect:' or '# lint:' header"
        exit 1
    fi
    if [ "$opt" = --rules ]; then
        "$FIX" --check-rules "$f" >"$TMP/out" 2>"$TMP/err"
        rc=$?
        [ "$rc" -eq 1 ] && has_line "$TMP/out" "$f:$line: " "$text"
        report $? "--check-rules $f: exit 1, '$f:$line: ...$text...'" "$todo"
    fi
done

# The same options accept well-formed files, so the failures above come
# from the bad lines and not from the way the options are used.
good() {
    echo "the united Nations" | "$FIX" "$1" "$2" >"$TMP/out" 2>"$TMP/err"
    rc=$?
    [ "$rc" -eq 0 ] && [ -s "$TMP/out" ]
    report $? "$1 $(basename "$2"): a well-formed file is accepted"
}
good --names "$SRC/dicts/names.txt"
good --abbrevs "$SRC/dicts/abbreviations.txt"
good --rules "$SRC/dicts/phrases.txt"
good --dict "$SRC/dicts/words.dic"

echo "1..$n"
