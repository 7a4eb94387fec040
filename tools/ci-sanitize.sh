#!/bin/bash
# ci-sanitize.sh - the whole test suite built with AddressSanitizer and
# UndefinedBehaviorSanitizer, then fix-text of the normal build under
# valgrind memcheck on the garbled Reuters article (issue 8).
#
#   tools/ci-sanitize.sh
#
# DG_SANITIZE_ASAN=0, DG_SANITIZE_TSAN=0 and DG_SANITIZE_VALGRIND=0 skip a
# part.  Build directories: $ASAN_BUILD_DIR (build-asan), $TSAN_BUILD_DIR
# (build-tsan: ThreadSanitizer on the thread tests; DG_SANITIZE_TSAN=0
# skips it) and $BUILD_DIR (build, the normal build .ci/run makes;
# configured and built here when missing).
# Exits non-zero when a test fails, a sanitizer reports, or valgrind finds
# an error or a leak.  Installs valgrind when missing.
#
# Every suite runs under ASan, the cli ones included: since engine creation
# got fast the whole ASan suite takes under a minute (it took ~14 min when
# each engine cost ~11 s under ASan, and cutting the cli suites to a subset
# was the fallback).  Measured on 2 shared cores from a fresh clone: ASan
# build and suite ~46 s, TSan build and tests ~8 s, valgrind ~4 s.
set -euo pipefail

cd "$(dirname "$0")/.."
ASAN_DIR=${ASAN_BUILD_DIR:-build-asan}
TSAN_DIR=${TSAN_BUILD_DIR:-build-tsan}
REL_DIR=${BUILD_DIR:-build}
GARBLED=${DG_GARBLED:-../shared/reuters/garbled.txt}


# gcc's sanitizer runtimes (libasan, libubsan, libtsan) come with gcc.
if [ "${DG_SANITIZE_VALGRIND:-1}" != 0 ]; then
    tools/need-packages.sh valgrind
fi

setup() {
    local dir=$1
    shift
    if [ -f "$dir/meson-private/coredata.dat" ]; then
        meson setup --reconfigure "$dir" "$@" >/dev/null
    else
        meson setup "$dir" "$@" >/dev/null
    fi
}

status=0
t0=$SECONDS
# fix-text leaves its engine to the exit (it is still reachable then);
# here it frees it, so that the leak checks below see all of it freed.
export DG_FREE_AT_EXIT=1

if [ "${DG_SANITIZE_ASAN:-1}" != 0 ]; then
    echo "=== sanitize: build $ASAN_DIR (address,undefined)"
    # b_lundef=false: the sanitizer runtimes are only linked into
    # executables, so the shared library has undefined symbols until then.
    setup "$ASAN_DIR" -Db_sanitize=address,undefined -Db_lundef=false
    ninja -C "$ASAN_DIR"

    echo "=== sanitize: meson test in $ASAN_DIR"
    # halt_on_error: gcc's UBSan otherwise prints and carries on, and the
    # test would pass.  abort_on_error makes a report a crash meson counts.
    # The install suite is left out: it compiles an example with plain cc
    # against the installed library, which cannot load an ASan-built
    # libdegarble.  $DG_SANITIZE_TEST_ARGS adds meson test arguments.
    # shellcheck disable=SC2086 # arguments are words
    if ! ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
            UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
            meson test -C "$ASAN_DIR" --print-errorlogs --timeout-multiplier 4 \
            --no-suite install ${DG_SANITIZE_TEST_ARGS:-}; then
        status=1
    fi
    echo "=== sanitize: suite done in $((SECONDS - t0)) s"
fi

# ThreadSanitizer cannot be combined with ASan, so it gets its own build;
# only the tests that run one engine on several threads are run there.
# DG_SANITIZE_TSAN=0 skips it.
if [ "${DG_SANITIZE_TSAN:-1}" != 0 ]; then
    t1=$SECONDS
    echo "=== tsan: build $TSAN_DIR (thread)"
    setup "$TSAN_DIR" -Db_sanitize=thread -Db_lundef=false
    ninja -C "$TSAN_DIR" tests/test-properties tests/test-api
    echo "=== tsan: thread tests"
    if ! TSAN_OPTIONS=halt_on_error=1:second_deadlock_stack=1 DG_PROPERTIES_THREADS=1 \
            meson test -C "$TSAN_DIR" --no-rebuild --print-errorlogs \
            --timeout-multiplier 4 test-properties test-api; then
        status=1
    fi
    echo "=== tsan: done in $((SECONDS - t1)) s"
fi

t1=$SECONDS
if [ "${DG_SANITIZE_VALGRIND:-1}" = 0 ]; then
    :
else
    if [ ! -f "$GARBLED" ]; then
        echo "=== valgrind: $GARBLED not found, using tests/data/example.txt"
        GARBLED=tests/data/example.txt
    fi
    if [ ! -f "$REL_DIR/meson-private/coredata.dat" ]; then
        meson setup "$REL_DIR" >/dev/null
    fi
    ninja -C "$REL_DIR" tools/fix-text
    for args in "" "--explain"; do
        echo "=== valgrind: $REL_DIR/tools/fix-text $args $GARBLED"
        # Leaks of any kind but "still reachable" (ICU's and hunspell's
        # caches live until exit by design) are errors.
        if ! valgrind -q --leak-check=full --errors-for-leak-kinds=definite,indirect,possible \
                --error-exitcode=1 "$REL_DIR/tools/fix-text" $args "$GARBLED" >/dev/null; then
            echo "=== valgrind: errors or leaks in fix-text $args"
            status=1
        fi
    done
    echo "=== valgrind: done in $((SECONDS - t1)) s"
fi

echo "=== ci-sanitize: $([ $status -eq 0 ] && echo passed || echo FAILED) in $((SECONDS - t0)) s"
exit $status
