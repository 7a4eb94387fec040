#!/usr/bin/env bash
# bench.sh - the benchmark: degarble's stages and whole engine against the
# floor (cat) and what users run today to find unknown words (hunspell -l),
# on the same files, in one run.  Figures only; nothing here passes or fails.
#
# usage: tools/bench.sh [BUILD_DIR] [--update-readme]
#
# Inputs are generated into BUILD_DIR/bench/ and never committed:
#   garbled-50mb.txt  ../shared/reuters/garbled.txt repeated to 50 MB
#   clean-20mb.txt    WordNet glosses (Debian wordnet-base) repeated to 20 MB
# Each timing is repeated REPS times (default 5); medians and min-max spread
# are reported.  Peak memory is fix-text's maximum resident set size on the
# 50 MB input (GNU time).
set -euo pipefail

src=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$src/build}
update_readme=0
[ "${2:-}" = --update-readme ] || [ "${1:-}" = --update-readme ] && update_readme=1
[ "${1:-}" = --update-readme ] && build=$src/build
reps=${REPS:-5}
out=$build/bench

# hunspell (the command) is the peer, GNU time measures peak memory; a
# build directory that does not exist yet is made as the quick start does.
"$src/tools/need-packages.sh" hunspell time
if [ ! -f "$build/meson-private/coredata.dat" ]; then
    BUILD_DIR=$build "$src/tools/bootstrap.sh" build
fi
ninja -C "$build" tools/degarble-bench tools/fix-text tests/noharm-corpus.txt >/dev/null
mkdir -p "$out"

repeat_to() { # FILE BYTES OUT
    local tmp=$3.tmp
    : >"$tmp"
    while [ "$(stat -c %s "$tmp")" -lt "$2" ]; do cat "$1" >>"$tmp"; done
    head -c "$2" "$tmp" >"$3"
    rm -f "$tmp"
}

# The garbled Reuters article sits beside the checkout in the project's
# own set-up; a plain clone has only the bundled example, garbled the same
# way.
reuters=$src/../shared/reuters/garbled.txt
if [ ! -f "$reuters" ]; then
    echo "bench.sh: $reuters not found; using tests/data/example.txt as the garbled text" >&2
    reuters=$src/tests/data/example.txt
fi
[ -f "$out/garbled-50mb.txt" ] || repeat_to "$reuters" 50000000 "$out/garbled-50mb.txt"
[ -f "$out/clean-20mb.txt" ] || repeat_to "$build/tests/noharm-corpus.txt" 20000000 "$out/clean-20mb.txt"

# Median and spread of REPS wall-clock runs of a command, as MB/s on FILE.
time_cmd() { # FILE CMD...
    local file=$1; shift
    local bytes times=()
    bytes=$(stat -c %s "$file")
    for _ in $(seq "$reps"); do
        local t0 t1
        t0=$(date +%s.%N)
        "$@" <"$file" >/dev/null
        t1=$(date +%s.%N)
        times+=("$(awk -v a="$t0" -v b="$t1" 'BEGIN { print b - a }')")
    done
    printf '%s\n' "${times[@]}" | sort -g | awk -v b="$bytes" '
        { t[NR] = $1 }
        END { m = (NR % 2) ? t[(NR + 1) / 2] : (t[NR / 2] + t[NR / 2 + 1]) / 2;
              printf "%.2f %.2f %.2f\n", b / 1e6 / m, b / 1e6 / t[NR], b / 1e6 / t[1] }'
}

report=$out/report.md
{
    echo "Machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'); $(date -u +%Y-%m-%d)."
    echo "Command: \`tools/bench.sh\`; $reps repetitions each, median (min-max) MB/s."
    echo
    for f in clean-20mb garbled-50mb; do
        file=$out/$f.txt
        echo "### $f.txt"
        echo
        echo '```'
        "$build/tools/degarble-bench" --reps "$reps" --threads 2 "$file"
        echo '```'
        echo
        read -r dmed dmin dmax < <(time_cmd "$file" "$build/tools/fix-text")
        read -r cmed cmin cmax < <(time_cmd "$file" cat)
        read -r hmed hmin hmax < <(time_cmd "$file" hunspell -d en_US -l)
        echo "| peer, same file | MB/s median (min-max) | degarble fix-text is |"
        echo "|---|---|---|"
        echo "| fix-text (whole engine, streaming, I/O included) | $dmed ($dmin-$dmax) | - |"
        echo "| cat (the floor) | $cmed ($cmin-$cmax) | $(awk -v a="$dmed" -v b="$cmed" 'BEGIN { printf "%.3f", a / b }')x its speed |"
        echo "| hunspell -l | $hmed ($hmin-$hmax) | $(awk -v a="$dmed" -v b="$hmed" 'BEGIN { printf "%.1f", a / b }')x faster |"
        echo
    done
    # The dictionary stage's cache, on and off (DG_DICTIONARY_NO_CACHE),
    # on a 2 MB slice: without the cache the stage runs at well under
    # 1 MB/s, so the full files would take minutes per repetition.
    head -c 2000000 "$out/garbled-50mb.txt" >"$out/garbled-2mb.txt"
    echo "### dictionary stage with and without its cache (garbled-2mb.txt, with findings)"
    echo
    echo '```'
    "$build/tools/degarble-bench" --reps "$reps" --threads 1 --only "dictionary (findings)" \
        "$out/garbled-2mb.txt" | sed 's/^dictionary (findings) /dictionary, cache      /'
    DG_DICTIONARY_NO_CACHE=1 "$build/tools/degarble-bench" --reps "$reps" --threads 1 \
        --only "dictionary (findings)" "$out/garbled-2mb.txt" |
        sed -n 's/^dictionary (findings) /dictionary, no cache   /p'
    echo '```'
    echo
    rss=$( { /usr/bin/time -f '%M' "$build/tools/fix-text" "$out/garbled-50mb.txt" >/dev/null; } 2>&1 | tail -n 1)
    echo "Peak memory of fix-text on the 50 MB input: $((rss / 1024)) MiB (maximum resident set size)."
} | tee "$report"

if [ "$update_readme" = 1 ]; then
    python3 - "$src/README.md" "$report" <<'PY'
import sys
readme, report = sys.argv[1], sys.argv[2]
text = open(readme).read()
start, end = '<!-- bench:start -->', '<!-- bench:end -->'
if start not in text or end not in text:
    sys.exit('bench.sh: README.md has no bench:start/bench:end markers')
head, rest = text.split(start, 1)
_, tail = rest.split(end, 1)
open(readme, 'w').write(head + start + '\n' + open(report).read() + end + tail)
PY
    echo "README.md updated"
fi
