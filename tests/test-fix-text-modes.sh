#!/bin/bash
# test-fix-text-modes.sh - fix-text's modes (-i, --diff, --check, --json,
# --jsonl, --progress, rules) end to end, on small inputs and on the Reuters
# article when ../shared/reuters exists.  Prints TAP.
# usage: test-fix-text-modes.sh PATH/TO/fix-text [SOURCE_ROOT]
set -u

FIX=${1:?usage: test-fix-text-modes.sh PATH/TO/fix-text [SOURCE_ROOT]}
SRC=${2:-${DG_SOURCE_ROOT:-.}}
FIX=$(cd "$(dirname "$FIX")" && pwd)/$(basename "$FIX")
TMP=$(mktemp -d "${TMPDIR:-/tmp}/test-fix-text-modes.XXXXXX")
trap 'chmod -R u+w "$TMP"; rm -rf "$TMP"' EXIT
GARBLED=$SRC/../shared/reuters/garbled.txt

n=0
failed=0
ok() { # ok STATUS NAME
    n=$((n + 1))
    if [ "$1" -eq 0 ]; then
        echo "ok $n - $2"
    else
        echo "not ok $n - $2"
        failed=$((failed + 1))
        [ -s "$TMP/err" ] && head -5 "$TMP/err" | sed 's/^/# stderr: /'
    fi
}
skip() { n=$((n + 1)); echo "ok $n - $1 # SKIP $2"; }
run() { # run ARGS... < $IN: stdout to out, stderr to err, status in $rc
    "$FIX" "$@" <"$IN" >"$TMP/out" 2>"$TMP/err"
    rc=$?
}
have() { command -v "$1" >/dev/null 2>&1; }
# Every line of file $1 parses as a JSON object.
json_lines() {
    python3 -c 'import json, sys
for line in open(sys.argv[1], encoding="utf-8"):
    assert isinstance(json.loads(line), dict)' "$1" 2>>"$TMP/err"
}

printf 'the U. N. sanctions , FILE PHOTO : x\n' >"$TMP/punct.in"
printf 'the U.N. sanctions, FILE PHOTO: x\n' >"$TMP/punct.want"
printf 'The United Nations imposed sanctions in 2017.\n' >"$TMP/clean.in"
IN=$TMP/punct.in

# --- help, man page and option table agree -----------------------------
run --help
grep -oE '^ +(-[a-z], )?--[a-z-]+' "$TMP/out" | grep -oE -- '--[a-z-]+' |
    sort -u >"$TMP/help.opts"
# In the man page, the options are the tags of .TP paragraphs.
awk '/^\.TP/ { getline; print }' "$SRC/tools/fix-text.1" |
    grep -oE '\\-\\-[a-z\\-]+' | sed 's/\\//g' | sort -u >"$TMP/man.opts"
grep -oE '^ +\{ "[a-z-]+", ' "$SRC/tools/fix-text.c" | grep -oE '[a-z-]+' |
    sed 's/^/--/' | sort -u >"$TMP/code.opts"
# --no-punctuation is listed beside --no-punct in --help, not as a tag.
grep -q -- '--no-punctuation' "$TMP/out" && echo --no-punctuation >>"$TMP/help.opts"
sort -u -o "$TMP/help.opts" "$TMP/help.opts"
cmp -s "$TMP/help.opts" "$TMP/man.opts"
ok $? "--help and fix-text(1) list the same options"
[ "$failed" -eq 0 ] || diff "$TMP/help.opts" "$TMP/man.opts" | sed 's/^/# /'
cmp -s "$TMP/help.opts" "$TMP/code.opts"
ok $? "--help lists every option fix-text accepts"
[ "$failed" -eq 0 ] || diff "$TMP/help.opts" "$TMP/code.opts" | sed 's/^/# /'
if have groff; then
    for m in tools/fix-text.1 include/degarble.3; do
        w=$(LC_ALL=C.UTF-8 groff -man -ww -z -Tutf8 "$SRC/$m" 2>&1)
        [ -z "$w" ]; ok $? "$m formats without warnings"
    done
else
    skip "man pages format" "groff not installed"
    skip "man pages format" "groff not installed"
fi

# --- --check -------------------------------------------------------------
run --check
[ "$rc" -eq 1 ] && [ ! -s "$TMP/out" ] &&
    grep -q '^fix-text: <stdin>: would change (3 edits)$' "$TMP/err"
ok $? "--check: exit 1, nothing on stdout, one line on stderr"
IN=$TMP/clean.in run --check
[ "$rc" -eq 0 ] && [ ! -s "$TMP/out" ] && [ ! -s "$TMP/err" ]
ok $? "--check on clean text: exit 0, silent"
IN=$TMP/punct.in
run --check "$TMP/clean.in" "$TMP/missing.txt"
[ "$rc" -eq 2 ]; ok $? "--check with a missing file: exit 2 wins over 1"
run --check --diff
[ "$rc" -eq 1 ] && grep -q '^+the U.N. sanctions' "$TMP/out"
ok $? "--check --diff: the diff and exit 1"

# --- --diff --------------------------------------------------------------
printf 'one\ntwo\nthree\nfour\nfive\nsix\nseven\neight , nine\nten\n' >"$TMP/d.in"
for i in 1 2 3 4 5 6 7 8 9 10 11 12; do echo "line $i"; done >>"$TMP/d.in"
printf 'the end , really' >>"$TMP/d.in"
cat >"$TMP/d.want" <<EOF
--- $TMP/d.in
+++ $TMP/d.in
@@ -5,7 +5,7 @@
 five
 six
 seven
-eight , nine
+eight, nine
 ten
 line 1
 line 2
@@ -19,4 +19,4 @@
 line 10
 line 11
 line 12
-the end , really
\\ No newline at end of file
+the end, really
\\ No newline at end of file
EOF
IN=/dev/null run --diff "$TMP/d.in"
cmp -s "$TMP/out" "$TMP/d.want" && [ "$rc" -eq 0 ]
ok $? "--diff: two hunks, three lines of context, no final newline marked"
[ "$failed" -eq 0 ] || diff "$TMP/d.want" "$TMP/out" | sed 's/^/# /'
IN=/dev/null run "$TMP/d.in"
cp "$TMP/out" "$TMP/d.fixed"
if have patch; then
    IN=/dev/null run --diff "$TMP/d.in"
    patch -s -o "$TMP/d.patched" "$TMP/d.in" <"$TMP/out" >/dev/null 2>&1 &&
        cmp -s "$TMP/d.patched" "$TMP/d.fixed"
    ok $? "--diff applied with patch gives the fixed text"
else
    skip "--diff applied with patch" "patch not installed"
fi
IN=$TMP/clean.in run --diff
[ "$rc" -eq 0 ] && [ ! -s "$TMP/out" ]; ok $? "--diff of clean text is empty"
# Lines longer than what the diff keeps in memory (256 KB) go through its
# temporary files: changed lines cut by pieces, long lines of context on
# both sides, a hunk of many megabytes, a last line without a newline.
python3 - "$TMP/long-lines.in" <<'PY'
import sys
def clean(k, n):
    return ("%d " % k + "a clean line of plain words " * (n // 28)).rstrip() + "\n"
garbled = "the end , really and more words " * (2500000 // 32)
lines = [clean(k, 700000) for k in range(3)] + [garbled.rstrip() + "\n"]
lines += [clean(k, 700000) for k in range(3, 6)] + ["short %d\n" % k for k in range(8)]
lines += [clean(6, 600000), "a last line , also long " * 40000]
open(sys.argv[1], "w").writelines(lines)
PY
mkdir "$TMP/spill"
IN=/dev/null run "$TMP/long-lines.in"; cp "$TMP/out" "$TMP/long-lines.fixed"
TMPDIR=$TMP/spill IN=/dev/null run --diff "$TMP/long-lines.in"
diff -u "$TMP/long-lines.in" "$TMP/long-lines.fixed" | tail -n +3 >"$TMP/long-lines.gnu"
[ "$rc" -eq 0 ] && tail -n +3 "$TMP/out" | cmp -s - "$TMP/long-lines.gnu" &&
    [ -z "$(ls -A "$TMP/spill")" ]
ok $? "--diff of multi-megabyte lines: the hunks diff -u finds, no file left behind"
IN=$TMP/punct.in
run --diff --color=always
grep -q $'^\e\\[31m-the U. N.' "$TMP/out" && grep -q $'^\e\\[32m+the U.N.' "$TMP/out"
ok $? "--color=always colors removed and added lines"
run --diff
! grep -q $'\e' "$TMP/out"; ok $? "--diff into a file has no color (auto)"
run --diff --color=never
! grep -q $'\e' "$TMP/out"; ok $? "--color=never"
run --diff --color=sometimes
[ "$rc" -eq 2 ] && [ "$(wc -l <"$TMP/err")" -eq 2 ]; ok $? "bad --color: exit 2, message and hint"

# --- --json --------------------------------------------------------------
run --json
[ "$rc" -eq 0 ] && [ "$(wc -l <"$TMP/out")" -eq 3 ] && json_lines "$TMP/out"
ok $? "--json: one parseable object per edit"
python3 - "$TMP/out" <<'PY' 2>>"$TMP/err"
import json, sys
keys = ["file", "line", "column", "start", "end", "before", "after", "stage",
        "rule", "confidence", "reason", "applied"]
objs = [json.loads(l) for l in open(sys.argv[1])]
text = open(sys.argv[1].replace("out", "punct.in"), "rb").read()
for o in objs:
    assert list(o) == keys, list(o)
    assert o["file"] == "<stdin>" and o["line"] == 1 and o["applied"] is True
    assert o["column"] == o["start"] + 1
    assert text[o["start"]:o["end"]].decode() == o["before"]
assert objs[1]["before"] == " " and objs[1]["after"] == ""
PY
ok $? "--json: fields in order; spans match the input"
printf 'Seoul \xff said , ok\n' >"$TMP/bad8.in"
IN=$TMP/bad8.in run --json --min-confidence 2
json_lines "$TMP/out" && grep -q '"before":null,"before_hex":"ff"' "$TMP/out" &&
    grep -q '"applied":false' "$TMP/out" && ! grep -q '"applied":true' "$TMP/out"
ok $? "--json: findings with applied false; invalid UTF-8 as hex"

# --- --jsonl -------------------------------------------------------------
IN=$TMP/records.in
{
    printf '{"id": 1, "text": "the U. N. sanctions , x", "score": 0.1, "u": "\\u00e9\\/"}\n'
    printf '{"id":2,"text":"Clean text."}\n'
    printf '{bad json\n'
    printf '\n'
    printf '{"id":3}\n'
    printf '[1, 2]\n'
    printf '{"text": 5}\n'
    printf '{"a":1,"text":"a , b","text":"x"}\n'
    printf '{ "t\\u0065xt" : "c , d" , "z": [1, {"text": "q , r"}] }\r\n'
    printf '{"text": "last , one"}'
} >"$IN"
{
    printf '{"id": 1, "text": "the U.N. sanctions, x", "score": 0.1, "u": "\\u00e9\\/"}\n'
    printf '{"id":2,"text":"Clean text."}\n'
    printf '{bad json\n'
    printf '\n'
    printf '{"id":3}\n'
    printf '[1, 2]\n'
    printf '{"text": 5}\n'
    printf '{"a":1,"text":"a , b","text":"x"}\n'
    printf '{ "t\\u0065xt" : "c, d" , "z": [1, {"text": "q , r"}] }\r\n'
    printf '{"text": "last, one"}'
} >"$TMP/records.want"
run --jsonl
cmp -s "$TMP/out" "$TMP/records.want"
ok $? "--jsonl: the field fixed, every other byte unchanged, bad records copied"
[ "$rc" -eq 3 ]; ok $? "--jsonl: bad records copied give exit 3"
[ "$(wc -l <"$TMP/err")" -eq 4 ] &&
    grep -q "^fix-text: <stdin>:3: bad record, copied unchanged: " "$TMP/err" &&
    grep -q "^fix-text: <stdin>:6: bad record, copied unchanged: not a JSON object$" "$TMP/err" &&
    grep -q "^fix-text: <stdin>:7: .*field \"text\" is not a string$" "$TMP/err" &&
    grep -q "^fix-text: <stdin>:8: .*duplicate" "$TMP/err"
ok $? "--jsonl: one error line per bad record, naming the line"
run --jsonl --skip-bad
# grep would add a line end to the last record, which has none.
grep -v -e '^{bad' -e '^\[1' -e '"text": 5' -e '"a":1' "$TMP/records.want" |
    head -c -1 >"$TMP/skip.want"
cmp -s "$TMP/out" "$TMP/skip.want" && [ "$rc" -eq 0 ] && [ "$(wc -l <"$TMP/err")" -eq 4 ]
ok $? "--skip-bad: bad records dropped and reported, exit 0"
printf '{"body":"x , y","text":"a , b"}\n' >"$TMP/field.in"
IN=$TMP/field.in run --jsonl --field body
[ "$(cat "$TMP/out")" = '{"body":"x, y","text":"a , b"}' ]
ok $? "--field names the field to fix"
IN=$TMP/field.in run --jsonl --field nope
cmp -s "$TMP/out" "$TMP/field.in" && [ "$rc" -eq 0 ] && grep -q 'no record has a field "nope"' "$TMP/err"
ok $? "--field nobody has: records copied, one warning"
IN=$TMP/records.in run --jsonl --json
json_lines "$TMP/out" && grep -q '"line":9,"column":2,"field":"text","start":1,"end":2' "$TMP/out"
ok $? "--jsonl --json: edits name record line and field"
IN=$TMP/records.in run --jsonl --check
[ "$rc" -eq 3 ] && [ ! -s "$TMP/out" ]; ok $? "--jsonl --check: bad records (3) win over changes (1)"
# Valid JSON that jansson refused: \u0000 in any field, a 30-digit integer,
# 1e400.  Fixed like any record, every other byte unchanged.
printf '{"n":123456789012345678901234567890,"x":1e400,"z":"a\\u0000b","text":"c\\u0000d , e"}\n' >"$TMP/valid.in"
printf '{"n":123456789012345678901234567890,"x":1e400,"z":"a\\u0000b","text":"c\\u0000d, e"}\n' >"$TMP/valid.want"
IN=$TMP/valid.in run --jsonl
cmp -s "$TMP/out" "$TMP/valid.want" && [ "$rc" -eq 0 ] && [ ! -s "$TMP/err" ]
ok $? "--jsonl: \\u0000, a 30-digit integer and 1e400 are accepted, the rest byte-identical"
# Lone surrogates and invalid UTF-8 are still refused.
printf '{"text":"\\ud800 , x"}\n{"text":"\xff , x"}\n' >"$TMP/invalid.in"
IN=$TMP/invalid.in run --jsonl
cmp -s "$TMP/out" "$TMP/invalid.in" && [ "$rc" -eq 3 ] && [ "$(grep -c 'bad record' "$TMP/err")" -eq 2 ]
ok $? "--jsonl: a lone surrogate and invalid UTF-8 are bad records"
# A record over --max-record is copied unchanged with a message, exit 3.
python3 -c 'print("{\"text\": \"%s\"}" % ("a , b " * 50)); print("{\"text\": \"c , d\"}")' >"$TMP/big.in"
IN=$TMP/big.in run --jsonl --max-record 100
[ "$(head -1 "$TMP/out")" = "$(head -1 "$TMP/big.in")" ] &&
    [ "$(tail -1 "$TMP/out")" = '{"text": "c, d"}' ] && [ "$rc" -eq 3 ] &&
    grep -q "^fix-text: <stdin>:1: record longer than 100 bytes (--max-record), copied unchanged$" "$TMP/err"
ok $? "--jsonl --max-record: a longer record is copied unchanged with a message, exit 3"
# A field of several pieces: fixed as the same text is without --jsonl.
if [ -f "$GARBLED" ]; then
    python3 - "$GARBLED" "$TMP/long.txt" "$TMP/long.jsonl" <<'PY'
import json, sys
t = open(sys.argv[1], encoding="utf-8").read()
t = (t * (3500000 // len(t) + 1))
open(sys.argv[2], "w", encoding="utf-8").write(t)
open(sys.argv[3], "w", encoding="utf-8").write(json.dumps({"id": 1, "text": t}, ensure_ascii=False) + "\n")
PY
    "$FIX" --no-progress "$TMP/long.txt" >"$TMP/long.want"
    IN=$TMP/long.jsonl run --jsonl
    python3 -c 'import json,sys; sys.stdout.write(json.loads(open(sys.argv[1]).read())["text"])' "$TMP/out" >"$TMP/long.got"
    cmp -s "$TMP/long.got" "$TMP/long.want" && [ "$rc" -eq 0 ]
    ok $? "--jsonl: a 3.5 MB field is fixed in pieces exactly as the text alone"
else
    skip "--jsonl: a 3.5 MB field" "$GARBLED not found"
fi
IN=$TMP/punct.in run --skip-bad
[ "$rc" -eq 2 ]; ok $? "--skip-bad without --jsonl: usage error"

# --- -i ------------------------------------------------------------------
D=$TMP/inplace
mkdir "$D"
cp "$TMP/punct.in" "$D/a.txt"
cp "$TMP/clean.in" "$D/b.txt"
chmod 640 "$D/a.txt"
touch -d 2001-01-01 "$D/b.txt"
ln -s a.txt "$D/link.txt"
IN=/dev/null run -i "$D/link.txt" "$D/b.txt"
cmp -s "$D/a.txt" "$TMP/punct.want" && [ "$rc" -eq 0 ] && [ ! -s "$TMP/out" ]
ok $? "-i rewrites the file (through a symbolic link), prints nothing"
[ -L "$D/link.txt" ] && [ "$(stat -c %a "$D/a.txt")" = 640 ]
ok $? "-i keeps the link a link and the mode"
[ "$(stat -c %Y "$D/b.txt")" = "$(date -d 2001-01-01 +%s)" ] && cmp -s "$D/b.txt" "$TMP/clean.in"
ok $? "-i leaves a file with nothing to fix alone (time stamp kept)"
[ "$(ls -A "$D" | wc -l)" -eq 3 ]; ok $? "-i leaves no temporary file behind"
if [ "$(id -u)" -eq 0 ]; then
    cp "$TMP/punct.in" "$D/owned.txt"
    chown nobody:nogroup "$D/owned.txt"
    IN=/dev/null run -i "$D/owned.txt"
    [ "$(stat -c %U:%G "$D/owned.txt")" = nobody:nogroup ] && cmp -s "$D/owned.txt" "$TMP/punct.want"
    ok $? "-i keeps the owner"
else
    skip "-i keeps the owner" "not root"
fi
# A directory we may not write to: the temporary file cannot be made, so the
# original must stay as it was.  Root may write anywhere, so the run drops to
# nobody when we are root.
RO=$TMP/ro
mkdir "$RO"
cp "$TMP/punct.in" "$RO/r.txt"
chmod 644 "$RO/r.txt"
chmod 555 "$RO"
as=()
if [ "$(id -u)" -eq 0 ]; then
    if have setpriv && setpriv --reuid=nobody --regid=nogroup --clear-groups true 2>/dev/null; then
        as=(setpriv --reuid=nobody --regid=nogroup --clear-groups)
        chmod 755 "$TMP"
    else
        as=(none)
    fi
fi
if [ "${as[0]:-}" = none ] ||
    { [ ${#as[@]} -gt 0 ] && ! "${as[@]}" test -x "$FIX"; }; then
    skip "-i in a read-only directory" "cannot run fix-text as another user"
    skip "-i in a read-only directory: exit 2" "as above"
else
    "${as[@]}" "$FIX" -i "$RO/r.txt" </dev/null >"$TMP/out" 2>"$TMP/err"
    rc=$?
    cmp -s "$RO/r.txt" "$TMP/punct.in" && [ "$(ls -A "$RO")" = r.txt ]
    ok $? "-i in a read-only directory: original untouched, no temporary file"
    [ "$rc" -eq 2 ] && grep -q "r.txt: cannot create a temporary file" "$TMP/err"
    ok $? "-i in a read-only directory: exit 2 with a message"
fi
# Someone else's file in a directory we may write to: the copy could not
# keep its owner, so the file is refused and left as it was.
if [ "${as[0]:-}" = none ] || [ ${#as[@]} -eq 0 ] || ! "${as[@]}" test -x "$FIX"; then
    skip "-i on a file owned by someone else: refused" "cannot run fix-text as another user"
else
    OD=$TMP/others
    mkdir "$OD"
    cp "$TMP/punct.in" "$OD/o.txt"
    chmod 644 "$OD/o.txt"
    chmod 777 "$OD"
    "${as[@]}" "$FIX" -i "$OD/o.txt" </dev/null >"$TMP/out" 2>"$TMP/err"
    rc=$?
    [ "$rc" -eq 2 ] && cmp -s "$OD/o.txt" "$TMP/punct.in" &&
        [ "$(stat -c %u "$OD/o.txt")" = "$(id -u)" ] && [ "$(ls -A "$OD")" = o.txt ] &&
        grep -q "o.txt: owned by user .*could not keep.*left unchanged" "$TMP/err"
    ok $? "-i on a file owned by someone else: refused, exit 2, file and owner unchanged"
fi
chmod 755 "$RO"
# Not a regular file: refused before it is opened (a FIFO would block).
mkfifo "$D/fifo"
timeout 10 "$FIX" -i "$D/fifo" </dev/null >"$TMP/out" 2>"$TMP/err"
rc=$?
[ "$rc" -eq 2 ] && grep -q "fifo: a FIFO, not a regular file" "$TMP/err"
ok $? "-i on a FIFO: exit 2 at once with a message ($rc)"
rm -f "$D/fifo"
timeout 10 "$FIX" -i "$D" </dev/null >"$TMP/out" 2>"$TMP/err"
rc=$?
[ "$rc" -eq 2 ] && grep -q "a directory, not a regular file" "$TMP/err"
ok $? "-i on a directory: exit 2 with a message"
# A name of 250 bytes (NAME_MAX is 255): its temporary file's name is cut.
long=$(printf 'n%.0s' $(seq 246)).txt
cp "$TMP/punct.in" "$D/$long"
IN=/dev/null run -i "$D/$long"
[ "$rc" -eq 0 ] && cmp -s "$D/$long" "$TMP/punct.want" && ! ls -A "$D" | grep -q fix-text
ok $? "-i on a file with a 250-byte name"
rm -f "$D/$long"
IN=$TMP/punct.in run -i
[ "$rc" -eq 2 ] && grep -q "^Try 'fix-text --help'.$" "$TMP/err"; ok $? "-i without files: usage error"
run -i --diff "$D/a.txt"
[ "$rc" -eq 2 ]; ok $? "-i with --diff: usage error"
cp "$TMP/records.in" "$D/r.jsonl"
IN=/dev/null run -i --jsonl "$D/r.jsonl"
cmp -s "$D/r.jsonl" "$TMP/records.want" && [ "$rc" -eq 3 ]
ok $? "-i --jsonl rewrites records in place"

# --- bad input and write errors ---------------------------------------
run --diff "$TMP/missing.txt"
[ "$rc" -eq 2 ] && [ "$(wc -l <"$TMP/err")" -eq 1 ]; ok $? "--diff of a missing file: one line, exit 2"
run --no-such-option
[ "$rc" -eq 2 ] && [ "$(wc -l <"$TMP/err")" -eq 2 ]; ok $? "unknown option: message and hint, exit 2"
run --json --diff
[ "$rc" -eq 2 ] && grep -q 'cannot be combined' "$TMP/err"; ok $? "--json with --diff: usage error"
if [ -w /dev/full ]; then
    for mode in --json --diff --explain --jsonl; do
        in=$TMP/punct.in
        [ "$mode" = --jsonl ] && in=$TMP/records.in
        "$FIX" $mode <"$in" >/dev/full 2>"$TMP/err"
        rc=$?
        [ "$rc" -eq 2 ] && grep -q 'write error' "$TMP/err"
        ok $? "$mode into a full device: write error, exit 2"
    done
else
    for mode in --json --diff --explain --jsonl; do skip "$mode /dev/full" "no /dev/full"; done
fi
python3 -c 'import sys
for i in range(200000): print("{\"id\": %d, \"text\": \"prices rose , traders said\"}" % i)' >"$TMP/many.jsonl"
"$FIX" --jsonl <"$TMP/many.jsonl" 2>"$TMP/err" | head -c 100 >/dev/null
rc=${PIPESTATUS[0]}
[ "$rc" -eq 2 ] && grep -q 'write error' "$TMP/err"; ok $? "--jsonl into a closed pipe: write error, exit 2"

# --- progress ----------------------------------------------------------
python3 -c 'import sys
sys.stdout.write("Prices rose , traders said in Seoul.\n" * 150000)' >"$TMP/five.in"
IN=$TMP/five.in run --progress
grep -q '<stdin> 100% \[#*\] 5.5/5.5 MB' "$TMP/err" && [ "$rc" -eq 0 ]
ok $? "--progress draws a bar to 100% on stderr"
IN=$TMP/five.in run
[ ! -s "$TMP/err" ]; ok $? "no bar when stderr is not a terminal"
IN=$TMP/five.in run --progress --no-progress
[ ! -s "$TMP/err" ]; ok $? "--no-progress"

# --- rules ---------------------------------------------------------------
IN=/dev/null run --list-rules
[ "$rc" -eq 0 ] && grep -Eq '^phrases\.[a-z0-9-]+ \[[a-z0-9-]+\] \([^:]+:[0-9]+, confidence [0-9.]+\): ' "$TMP/out" &&
    grep -q '^phrases\.reorder-united-states \[reorder\] ' "$TMP/out"
ok $? "--list-rules lists the phrase rules with their categories"
IN=/dev/null run --list-rules --json
[ "$rc" -eq 0 ] && [ -s "$TMP/out" ] && json_lines "$TMP/out"; ok $? "--list-rules --json"
if [ -f "$SRC/dicts/phrases.txt" ]; then
    IN=/dev/null run --check-rules "$SRC/dicts/phrases.txt"
    [ "$rc" -eq 0 ] && [ ! -s "$TMP/out" ]; ok $? "--check-rules on dicts/phrases.txt: clean, exit 0"
else
    skip "--check-rules on dicts/phrases.txt" "no such file"
fi
printf 'rule\tBAD ID\n' >"$TMP/bad-rules.txt"
IN=/dev/null run --check-rules "$TMP/bad-rules.txt"
[ "$rc" -eq 1 ] && grep -q "^$TMP/bad-rules.txt:1: " "$TMP/out"; ok $? "--check-rules names file:line, exit 1"
IN=/dev/null run --check-rules "$TMP/missing-rules.txt"
[ "$rc" -eq 2 ]; ok $? "--check-rules on a missing file: exit 2"
IN=$TMP/punct.in run --rules "$TMP/missing-rules.txt"
[ "$rc" -eq 2 ] && grep -q missing-rules.txt "$TMP/err"; ok $? "--rules with a missing file: exit 2 naming it"
IN=$TMP/punct.in run --dict "$TMP/missing.dic"
[ "$rc" -eq 2 ] && grep -q missing.dic "$TMP/err"; ok $? "--dict with a missing file: exit 2 naming it"
if [ -f /usr/share/hunspell/en_GB.dic ]; then
    IN=$TMP/punct.in run --lang en_GB
    cmp -s "$TMP/out" "$TMP/punct.want" && [ "$rc" -eq 0 ]; ok $? "--lang en_GB"
else
    skip "--lang en_GB" "hunspell-en-gb not installed"
fi
IN=$TMP/punct.in run --lang xx_NOPE
[ "$rc" -eq 2 ] && grep -q 'unknown dictionary "xx_NOPE"' "$TMP/err"
ok $? "--lang with an unknown dictionary: exit 2, says unknown"
# Data files: a directory says so; --dict refuses a BOM and unknown flags
# with file:line.
mkdir -p "$TMP/adir"
IN=$TMP/punct.in run --names "$TMP/adir"
[ "$rc" -eq 2 ] && grep -q "adir: cannot read: is a directory" "$TMP/err"
ok $? "--names DIRECTORY: exit 2, is a directory"
IN=$TMP/punct.in run --dict "$TMP/adir"
[ "$rc" -eq 2 ] && grep -q "adir: cannot read: is a directory" "$TMP/err"
ok $? "--dict DIRECTORY: exit 2, is a directory"
printf 'okword\n\xef\xbb\xbfbomword\n' >"$TMP/bom.dic"
IN=$TMP/punct.in run --dict "$TMP/bom.dic"
[ "$rc" -eq 2 ] && grep -q "bom.dic:2: a byte order mark" "$TMP/err"
ok $? "--dict: a word with a BOM is refused with file:line"
printf 'frobnicate/SM\nwidget/q\n' >"$TMP/flags.dic"
IN=$TMP/punct.in run --dict "$TMP/flags.dic"
[ "$rc" -eq 2 ] && grep -q 'flags.dic:2: unknown affix flag "q"' "$TMP/err"
ok $? "--dict: word/FLAGS with a flag the .aff lacks is refused with file:line"

# --- the Reuters article ---------------------------------------------
if [ -f "$GARBLED" ]; then
    G=$TMP/garbled.txt
    cp "$GARBLED" "$G"
    IN=/dev/null
    run "$G"; cp "$TMP/out" "$TMP/g.fixed"
    [ "$rc" -eq 0 ] && ! cmp -s "$G" "$TMP/g.fixed"; ok $? "garbled.txt: repaired"
    run --diff "$G"
    cp "$TMP/out" "$TMP/g.diff"
    diff -u "$G" "$TMP/g.fixed" | tail -n +3 >"$TMP/g.gnu"
    tail -n +3 "$TMP/g.diff" | cmp -s - "$TMP/g.gnu"
    ok $? "garbled.txt: --diff has the hunks diff -u finds"
    if have patch; then
        patch -s -o "$TMP/g.patched" "$G" <"$TMP/g.diff" >/dev/null 2>&1 &&
            cmp -s "$TMP/g.patched" "$TMP/g.fixed"
        ok $? "garbled.txt: patch with --diff gives the fixed text"
    else
        skip "garbled.txt: patch" "patch not installed"
    fi
    run --check "$G"
    [ "$rc" -eq 1 ]; ok $? "garbled.txt: --check exits 1"
    run --check "$TMP/g.fixed"
    [ "$rc" -eq 0 ]; ok $? "garbled.txt fixed: --check exits 0"
    run --json "$G"
    edits=$(grep -c '"applied":true' "$TMP/out")
    run --explain "$G"
    [ "$edits" -gt 0 ] && [ "$edits" -eq "$(grep -vc ': finding: ' "$TMP/out")" ] &&
        { "$FIX" --json "$G" >"$TMP/out"; json_lines "$TMP/out"; }
    ok $? "garbled.txt: --json parses, one object per --explain edit"
    cp "$G" "$TMP/g.inplace"
    run -i "$TMP/g.inplace"
    cmp -s "$TMP/g.inplace" "$TMP/g.fixed"; ok $? "garbled.txt: -i gives the same text as the filter"
    # Records: one per line, with fields around the text.
    python3 - "$G" "$TMP/g.jsonl" <<'PY'
import json, sys
lines = open(sys.argv[1], encoding="utf-8").read().split("\n")
with open(sys.argv[2], "w", encoding="utf-8") as f:
    for copy in range(20):
        for i, line in enumerate(lines):
            rec = {"id": copy * 1000 + i, "text": line,
                   "meta": {"src": "reuters", "score": 0.1 + i / 7}}
            f.write(json.dumps(rec, ensure_ascii=i % 2 == 0) + "\n")
PY
    run --jsonl "$TMP/g.jsonl"
    cp "$TMP/out" "$TMP/g.jsonl.fixed"
    python3 - "$TMP/g.jsonl" "$TMP/g.jsonl.fixed" <<'PY' 2>>"$TMP/err"
import json, sys
a = [json.loads(l) for l in open(sys.argv[1])]
b = [json.loads(l) for l in open(sys.argv[2])]
assert len(a) == len(b)
changed = 0
for x, y in zip(a, b):
    assert list(x) == list(y) and x["id"] == y["id"] and x["meta"] == y["meta"]
    changed += x["text"] != y["text"]
assert changed > 0
PY
    ok $? "garbled.txt as records: same records, other fields untouched, texts fixed"
    if have parallel; then
        parallel --will-cite --pipe -k --block 20k "$FIX" --jsonl <"$TMP/g.jsonl" >"$TMP/out" 2>"$TMP/err"
        cmp -s "$TMP/out" "$TMP/g.jsonl.fixed"
        ok $? "GNU parallel --pipe --jsonl: identical to one process"
    elif [ "${CI:-}" = true ]; then
        ok 1 "GNU parallel --pipe --jsonl: parallel is not installed"
    else
        skip "GNU parallel --pipe --jsonl" "parallel not installed"
    fi
else
    for t in repaired diff patch check check-fixed json in-place records parallel; do
        skip "garbled.txt: $t" "$GARBLED not found"
    done
fi

echo "1..$n"
[ "$failed" -eq 0 ]
