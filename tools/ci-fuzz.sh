#!/bin/bash
# ci-fuzz.sh - build the libFuzzer targets with clang and run each one for a
# bounded time (issue 8).
#
#   tools/ci-fuzz.sh [SECONDS [TARGET...]]
#
# SECONDS per target (default 60); TARGETs among fix, tokenize, tokenize-ascii,
# datafile
# (default all).  Builds in $FUZZ_BUILD_DIR (build-fuzz) with
# clang -fsanitize=fuzzer,address,undefined.  A crash, a leak, a sanitizer
# report or a failed property (the targets abort on those) is saved in
# tests/fuzz/crashes/ and the script exits non-zero; turn each crash into
# a regression input in tests/data/adversarial/ (see the README there).
# Installs clang, libclang-rt-dev and time when missing (apt-get).
set -euo pipefail

cd "$(dirname "$0")/.."
SECS=${1:-60}
shift || true
TARGETS=("$@")
[ ${#TARGETS[@]} -gt 0 ] || TARGETS=(fix tokenize tokenize-ascii datafile)
DIR=${FUZZ_BUILD_DIR:-build-fuzz}
CRASHES=tests/fuzz/crashes


case $SECS in
'' | *[!0-9]*)
    echo "usage: $0 [SECONDS [fix|tokenize|tokenize-ascii|datafile...]]" >&2
    exit 2
    ;;
esac

# libclang-rt-dev is the compiler-rt of Debian's default clang (14 on
# Debian 12): libFuzzer and the sanitizer runtimes.  GNU time measures
# each target's CPU time.
tools/need-packages.sh clang libclang-rt-dev time

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
    # GNU time records the CPU seconds the target really got on a shared
    # machine, which is what the issue's closing note reports.
    /usr/bin/time -f '%U %S' -o "$DIR/fuzz-$t.time" \
        "$DIR/tests/fuzz/fuzz-$t" -max_total_time="$SECS" -timeout=20 -rss_limit_mb=2048 \
        -print_final_stats=1 -artifact_prefix="$CRASHES/$t-" \
        "$work" "${seeds[@]}" 2>"$DIR/fuzz-$t.log" || rc=$?
    grep -E '^(stat::number_of_executed_units|stat::peak_rss_mb|#[0-9]+ +DONE)' \
        "$DIR/fuzz-$t.log" || true
    cpu=$(awk '/^[0-9.]+ [0-9.]+$/ { printf "%.0f", $1 + $2 }' "$DIR/fuzz-$t.time" 2>/dev/null)
    runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$DIR/fuzz-$t.log")
    if [ $rc -ne 0 ]; then
        status=1
        echo "=== fuzz-$t: FAILED (exit $rc) after $((SECONDS - start)) s; log $DIR/fuzz-$t.log"
        grep -E -A20 '^(==[0-9]+==ERROR|fuzz-|SUMMARY|.*runtime error)' "$DIR/fuzz-$t.log" |
            head -40 || true
        ls -1 "$CRASHES"/"$t"-* 2>/dev/null || true
        summary+=("fuzz-$t: CRASH")
    else
        summary+=("fuzz-$t: $((SECONDS - start)) s, ${cpu:-?} CPU-s, ${runs:-?} runs, no crash")
    fi
done
echo "=== ci-fuzz summary"
printf '%s\n' "${summary[@]}"
# One line for .ci/run's summary.
joined=$(printf '%s; ' "${summary[@]}")
echo "ci-fuzz: ${joined%; }: $([ $status -eq 0 ] && echo passed || echo FAILED)"
exit $status
