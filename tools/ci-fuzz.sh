#!/bin/bash
# ci-fuzz.sh - build the libFuzzer targets with clang and run each one for a
# bounded time (issue 8).
#
#   tools/ci-fuzz.sh [SECONDS [TARGET...]]
#
# SECONDS per target (default 60); TARGETs among fix, tokenize, datafile
# (default all).  Builds in $FUZZ_BUILD_DIR (build-fuzz) with
# clang -fsanitize=fuzzer,address,undefined.  A crash, a leak, a sanitizer
# report or a failed property (the targets abort on those) is saved in
# tests/fuzz/crashes/ and the script exits non-zero; turn each crash into
# a regression input in tests/data/adversarial/ (see the README there).
# Needs clang and libclang-rt-14-dev (Debian 12).
set -euo pipefail

cd "$(dirname "$0")/.."
SECS=${1:-60}
shift || true
TARGETS=("$@")
[ ${#TARGETS[@]} -gt 0 ] || TARGETS=(fix tokenize datafile)
DIR=${FUZZ_BUILD_DIR:-build-fuzz}
CRASHES=tests/fuzz/crashes

case $SECS in
'' | *[!0-9]*)
    echo "usage: $0 [SECONDS [fix|tokenize|datafile...]]" >&2
    exit 2
    ;;
esac

if ! command -v clang >/dev/null; then
    echo "ci-fuzz: clang not found (apt-get install clang libclang-rt-14-dev)" >&2
    exit 1
fi

# The library and the targets carry libFuzzer's coverage instrumentation
# (fuzzer-no-link); only the targets link libFuzzer itself.  UBSan must
# stop at the first report or the fuzzer would never see it.
flags="-fsanitize=fuzzer-no-link -fno-sanitize-recover=all"
if [ -f "$DIR/meson-private/coredata.dat" ]; then
    meson setup --reconfigure "$DIR" >/dev/null
else
    CC=clang meson setup "$DIR" -Db_sanitize=address,undefined -Db_lundef=false \
        -Dc_args="$flags" -Dc_link_args="$flags" >/dev/null
fi
bins=()
for t in "${TARGETS[@]}"; do
    bins+=("tests/fuzz/fuzz-$t")
done
ninja -C "$DIR" "${bins[@]}"

mkdir -p "$CRASHES"
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1
export UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
status=0
summary=()
for t in "${TARGETS[@]}"; do
    # New inputs the fuzzer finds go to a working corpus in the build
    # directory, never into the source tree; the seeds and the regression
    # inputs are read from the source tree.
    work="$DIR/fuzz-corpus/$t"
    mkdir -p "$work"
    seeds=(tests/fuzz/corpus-"$t")
    if [ "$t" = datafile ]; then
        seeds+=(tests/data/adversarial/datafile)
    else
        seeds+=(tests/data/adversarial)
    fi
    echo "=== fuzz-$t: $SECS s"
    start=$SECONDS
    rc=0
    # -timeout: one input taking this long is a hang, reported as a crash.
    "$DIR/tests/fuzz/fuzz-$t" -max_total_time="$SECS" -timeout=20 -rss_limit_mb=2048 \
        -print_final_stats=1 -artifact_prefix="$CRASHES/$t-" \
        "$work" "${seeds[@]}" 2>"$DIR/fuzz-$t.log" || rc=$?
    grep -E '^(stat::number_of_executed_units|stat::peak_rss_mb|#[0-9]+ +DONE)' \
        "$DIR/fuzz-$t.log" || true
    if [ $rc -ne 0 ]; then
        status=1
        echo "=== fuzz-$t: FAILED (exit $rc) after $((SECONDS - start)) s; log $DIR/fuzz-$t.log"
        grep -E -A20 '^(==[0-9]+==ERROR|fuzz-|SUMMARY|.*runtime error)' "$DIR/fuzz-$t.log" |
            head -40 || true
        ls -1 "$CRASHES"/"$t"-* 2>/dev/null || true
        summary+=("fuzz-$t: CRASH")
    else
        summary+=("fuzz-$t: $((SECONDS - start)) s, no crash")
    fi
done
echo "=== ci-fuzz summary"
printf '%s\n' "${summary[@]}"
exit $status
