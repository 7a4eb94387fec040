#!/usr/bin/env bash
# bench.sh - the benchmark: degarble's stages and whole engine against the
# floor (cat) and what users run today to find unknown words (hunspell -l),
# on the same files, in one run.  Figures only; nothing here passes or fails.
#
# usage: tools/bench.sh [BUILD_DIR] [--quick] [--update-readme]
#
# Inputs are generated into BUILD_DIR/bench/ and never committed:
#   garbled-50mb.txt  ../shared/reuters/garbled.txt repeated to 50 MB
#   clean-20mb.txt    WordNet glosses (Debian wordnet-base) repeated to 20 MB
#   one-line.txt      one line of the garbled text (start-up)
# --quick uses 2 MB of each and 3 repetitions (a few minutes on a busy
# machine); REPS overrides the repetitions (default 5).
# Rows: MB/s of each stage and of the whole engine on 1 and 2 threads
# (degarble-bench, in process; the two threads share one engine and take
# small pieces of the input (256 KB at most) from one list, and the ratio
# of their wall-clock rate to one thread's on the same pieces is printed: MB/cpu-s equal on both rows means
# the threads do not slow each other down, the ratio needs an idle machine); fix-text against hunspell -l as a ratio of
# whole-process CPU time (user+sys, so it holds on a loaded machine) on the
# clean and the garbled text; start-up, the CPU time of each command on the
# one-line input; peak resident set size of fix-text on the largest input
# and on text denser than prose.
# Medians and min-max spread are reported.
set -euo pipefail

src=$(cd "$(dirname "$0")/.." && pwd)
build=$src/build
update_readme=0
quick=0
for a in "$@"; do
    case $a in
    --update-readme) update_readme=1 ;;
    --quick) quick=1 ;;
    -*) echo "usage: tools/bench.sh [BUILD_DIR] [--quick] [--update-readme]" >&2; exit 2 ;;
    *) build=$(cd "$a" 2>/dev/null && pwd || echo "$a") ;;
    esac
done
if [ "$quick" = 1 ]; then
    reps=${REPS:-3} clean_mb=2 garbled_mb=2
else
    reps=${REPS:-5} clean_mb=20 garbled_mb=50
fi
timer=$src/tools/bench-time.py
out=$build/bench

# hunspell (the command) is the peer, GNU time measures peak memory; a
# build directory that does not exist yet is made as the quick start does.
"$src/tools/need-packages.sh" hunspell
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
clean=clean-${clean_mb}mb garbled=garbled-${garbled_mb}mb
[ -f "$out/$garbled.txt" ] || repeat_to "$reuters" $((garbled_mb * 1000000)) "$out/$garbled.txt"
[ -f "$out/$clean.txt" ] || repeat_to "$build/tests/noharm-corpus.txt" $((clean_mb * 1000000)) "$out/$clean.txt"
grep -m1 -E '.{60}' "$reuters" >"$out/one-line.txt"

# REPS runs of a command on FILE: "wall cpu cpu_min cpu_max rss_kib",
# medians of wall-clock and of CPU seconds (user+sys of the process).
time_cmd() { # FILE CMD...
    python3 "$timer" "$reps" "$@"
}
mbs() { # BYTES SECONDS
    awk -v b="$1" -v t="$2" 'BEGIN { printf "%.2f", (t > 0) ? b / 1e6 / t : 0 }'
}
ratio() { # A B: A / B
    awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", (b > 0) ? a / b : 0 }'
}

report=$out/report.md
{
    echo "Machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'); $(date -u +%Y-%m-%d)."
    echo "Command: \`tools/bench.sh$([ "$quick" = 1 ] && echo " --quick")\`; $reps repetitions each, median (min-max)."
    echo
    echo "Load average at the start: $(cut -d' ' -f1-3 /proc/loadavg) (wall-clock rows need an idle machine; CPU-time rows hold when it is busy)."
    echo
    for f in $clean $garbled; do
        file=$out/$f.txt
        bytes=$(stat -c %s "$file")
        echo "### $f.txt"
        echo
        echo '```'
        "$build/tools/degarble-bench" --reps "$reps" --threads 2 "$file"
        echo '```'
        echo
        read -r dw dc dcmin dcmax drss < <(time_cmd "$file" "$build/tools/fix-text")
        read -r cw cc _ _ _ < <(time_cmd "$file" cat)
        read -r hw hc hcmin hcmax hrss < <(time_cmd "$file" hunspell -d en_US -l)
        echo "| command, same file | MB per CPU-s median (min-max) | MB/s wall median | peak RSS | fix-text's CPU time is |"
        echo "|---|---|---|---|---|"
        echo "| fix-text (whole engine, streaming, I/O included) | $(mbs "$bytes" "$dc") ($(mbs "$bytes" "$dcmax")-$(mbs "$bytes" "$dcmin")) | $(mbs "$bytes" "$dw") | $((drss / 1024)) MiB | - |"
        echo "| cat (the floor) | $(mbs "$bytes" "$cc") | $(mbs "$bytes" "$cw") | - | $(ratio "$dc" "$cc")x cat's |"
        echo "| hunspell -l | $(mbs "$bytes" "$hc") ($(mbs "$bytes" "$hcmax")-$(mbs "$bytes" "$hcmin")) | $(mbs "$bytes" "$hw") | $((hrss / 1024)) MiB | 1/$(ratio "$hc" "$dc") of hunspell's |"
        echo
        echo "fix-text vs hunspell -l on $f.txt: $(ratio "$hc" "$dc")x less CPU time (medians)."
        echo
    done
    # Start-up: one line in, so nearly all of the time is building the
    # engine (fix-text) or loading the dictionary (hunspell).
    sreps=$((reps * 3))
    read -r fw fc fcmin fcmax frss < <(python3 "$timer" "$sreps" "$out/one-line.txt" "$build/tools/fix-text")
    read -r hw hc hcmin hcmax hrss < <(python3 "$timer" "$sreps" "$out/one-line.txt" hunspell -d en_US -l)
    echo "### start-up (one-line input, $sreps runs, CPU ms user+sys, median (min-max))"
    echo
    echo "| command | CPU ms | wall ms | peak RSS |"
    echo "|---|---|---|---|"
    ms() { awk -v t="$1" 'BEGIN { printf "%.1f", t * 1000 }'; }
    echo "| fix-text | $(ms "$fc") ($(ms "$fcmin")-$(ms "$fcmax")) | $(ms "$fw") | $((frss / 1024)) MiB |"
    echo "| hunspell -l | $(ms "$hc") ($(ms "$hcmin")-$(ms "$hcmax")) | $(ms "$hw") | $((hrss / 1024)) MiB |"
    echo
    echo "Start-up: fix-text takes $(ratio "$fc" "$hc")x hunspell's CPU time."
    echo
    # The dictionary stage's cache, on and off (DG_DICTIONARY_NO_CACHE),
    # on a 2 MB slice: without the cache the stage runs at well under
    # 1 MB/s, so the full files would take minutes per repetition.
    [ -f "$out/garbled-2mb.txt" ] || head -c 2000000 "$out/$garbled.txt" >"$out/garbled-2mb.txt"
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
    read -r _ _ _ _ rss < <(python3 "$timer" 1 "$out/$garbled.txt" "$build/tools/fix-text")
    echo "Peak memory of fix-text on the $garbled_mb MB input: $((rss / 1024)) MiB (maximum resident set size)."
    echo
    # Text denser than prose, made up here: a proposal every 13 bytes, a
    # token every byte, a name every 7 bytes.  The stream fixes such text
    # in smaller pieces (lib/stream.c), so that its memory stays what prose
    # takes; each smaller piece still reads its full context, which costs
    # time.
    echo "### peak memory on text denser than prose ($garbled_mb MB each)"
    echo
    echo "| input | MB per CPU-s | peak RSS |"
    echo "|---|---|---|"
    for unit in "the united states said on monday that it would act.  " \
                "a b c d e f g h. " "paris london berlin tokyo madrid rome. "; do
        f=$out/dense-$(printf '%s' "$unit" | cut -c1-6 | tr -c 'a-z\n' '_').txt
        [ -f "$f" ] || python3 -c 'import sys; u = sys.argv[1]; n = int(sys.argv[2]); sys.stdout.write((u * (n // len(u) + 1))[:n])' "$unit" $((garbled_mb * 1000000)) >"$f"
        read -r _ dc _ _ drss < <(python3 "$timer" 1 "$f" "$build/tools/fix-text")
        echo "| \"${unit% }\" repeated | $(mbs "$(stat -c %s "$f")" "$dc") | $((drss / 1024)) MiB |"
    done
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
