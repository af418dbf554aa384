#!/usr/bin/env bash
# shellcheck disable=SC2154 # MS_*, CPU_* and MIB_* are set by `measure` (printf -v)
# Benchmarks faqpress against the plain Typst CLI on the same documents, and
# against bench/handmade/sample.typ: the sample's latest release written by
# hand in plain Typst, as a Typst author would.
#
#   bench/run.sh [--runs N] [--no-build] [--skip-large] [--skip-watch]
#
# Prints a Markdown table of medians over N whole-process runs, measured with
# GNU time after one warm-up run: wall time, CPU time (user + system, which a
# busy machine disturbs less) and peak resident memory; then the ratios the
# README's performance section reports. Also writes it to
# bench/results/latest.md. Not run by CI.
#
# Needs: cargo, GNU time (/usr/bin/time, Debian package `time`), python3.
# The Typst CLI compared against is installed if missing, in the same version
# as the typst crates faqpress is built with (from Cargo.lock).
set -euo pipefail

RUNS=15
BUILD=1
LARGE=1
WATCH=1
while [ $# -gt 0 ]; do
    case "$1" in
        --runs) RUNS="$2"; shift 2 ;;
        --no-build) BUILD=0; shift ;;
        --skip-large) LARGE=0; shift ;;
        --skip-watch) WATCH=0; shift ;;
        -h|--help) sed -n '3,15p' "$0"; exit 0 ;;
        *) echo "unknown option $1" >&2; exit 2 ;;
    esac
done

cd "$(dirname "$0")/.."
ROOT=$PWD
WORK=$ROOT/bench/work
mkdir -p "$WORK" "$ROOT/bench/results"
LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)

for tool in python3 /usr/bin/time; do
    command -v "$tool" >/dev/null || { echo "bench: $tool is missing (apt-get install python3 time)" >&2; exit 2; }
done

# --- the binaries ---------------------------------------------------------
TARGET_DIR=$(cargo metadata --format-version 1 --no-deps | python3 -c 'import json, sys; print(json.load(sys.stdin)["target_directory"])')
if [ "$BUILD" = 1 ]; then
    cargo build --release --quiet
fi
FAQPRESS=$TARGET_DIR/release/faqpress
[ -x "$FAQPRESS" ] || { echo "bench: $FAQPRESS not built" >&2; exit 2; }

TYPST_VERSION=$(awk '/^name = "typst"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)
TYPST=$(command -v typst || true)
[ -z "$TYPST" ] && [ -x "$HOME/.cargo/bin/typst" ] && TYPST=$HOME/.cargo/bin/typst
if [ -z "$TYPST" ]; then
    echo "bench: installing typst-cli $TYPST_VERSION (cargo install, a few minutes)" >&2
    cargo install typst-cli --version "$TYPST_VERSION" --locked
    TYPST=$HOME/.cargo/bin/typst
fi
TYPST_FOUND=$("$TYPST" --version)
echo "bench: Typst CLI at $TYPST ($TYPST_FOUND); faqpress uses typst $TYPST_VERSION" >&2
case "$TYPST_FOUND" in
    *" $TYPST_VERSION"*) ;;
    *) echo "bench: warning: the Typst CLI is not version $TYPST_VERSION; ratios compare different Typst versions" >&2 ;;
esac

# --- helpers ----------------------------------------------------------------
RESULTS=()   # rows: name|wall ms|cpu ms|peak MiB

# medians LOG: the medians of wall ms, CPU ms (user + system) and peak MiB of
# the GNU time lines in LOG.
medians() {
    python3 - "$1" <<'PY'
import statistics, sys
rows = [list(map(float, l.split())) for l in open(sys.argv[1]) if l.strip() and l[0].isdigit()]
med = lambda xs: statistics.median(xs)
print(round(med([r[0] for r in rows]) * 1000), round(med([r[1] + r[2] for r in rows]) * 1000),
      round(med([r[3] for r in rows]) / 1024))
PY
}

# record KEY NAME LOG: sets MS_KEY, CPU_KEY and MIB_KEY and adds a table row.
record() {
    local key=$1 name=$2 ms cpu mib
    read -r ms cpu mib < <(medians "$3")
    printf -v "MS_$key" '%s' "$ms"
    printf -v "CPU_$key" '%s' "$cpu"
    printf -v "MIB_$key" '%s' "$mib"
    RESULTS+=("$name|$ms|$cpu|$mib")
}

# measure KEY NAME CMD...: runs CMD once to warm the caches, then $RUNS times
# under GNU time, and records the medians.
measure() {
    local key=$1 name=$2 log=$WORK/time.log
    shift 2
    echo "bench: $name" >&2
    "$@" >/dev/null 2>&1 || { echo "bench: failed: $*" >&2; "$@" >&2; exit 1; }
    : >"$log"
    for _ in $(seq "$RUNS"); do
        /usr/bin/time -a -o "$log" -f '%e %U %S %M' "$@" >/dev/null 2>&1
    done
    record "$key" "$name" "$log"
}

# measure_turns KEY1 NAME1 CMD1 [KEY2 NAME2 CMD2 ...]: like measure for shell
# commands run in turn, so that a change in the machine's load falls on all.
measure_turns() {
    local keys=() names=() cmds=() i
    while [ $# -gt 0 ]; do keys+=("$1"); names+=("$2"); cmds+=("$3"); shift 3; done
    echo "bench: $(IFS=/; echo "${names[*]}")" >&2
    for i in "${!cmds[@]}"; do
        sh -c "${cmds[$i]}" >/dev/null 2>&1 || { echo "bench: failed: ${cmds[$i]}" >&2; sh -c "${cmds[$i]}" >&2; exit 1; }
        : >"$WORK/time$i.log"
    done
    for _ in $(seq "$RUNS"); do
        for i in "${!cmds[@]}"; do
            /usr/bin/time -a -o "$WORK/time$i.log" -f '%e %U %S %M' sh -c "exec ${cmds[$i]}" >/dev/null 2>&1
        done
    done
    for i in "${!cmds[@]}"; do record "${keys[$i]}" "${names[$i]}" "$WORK/time$i.log"; done
}

# passes DIR ARGS...: the layout passes `typst compile --timings` counts for
# the document ARGS name, compiled in DIR.
passes() {
    local dir=$1
    shift
    env -C "$dir" "$TYPST" "$@" --timings "$WORK/timings.json" "$WORK/out/passes.pdf" >/dev/null 2>&1
    python3 -c 'import json, sys; print(sum(1 for e in json.load(open(sys.argv[1])) if e["name"].startswith("iter (") and e["ph"] == "B"))' "$WORK/timings.json"
}

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }

# typst_args DIR: the arguments of `typst` in DIR/compile.sh, which --emit-typst
# wrote (fonts from DIR/fonts only, the same PDF standards).
typst_args() {
    sed -n 's/.*exec typst \(.*\) "\${1:-faq.pdf}".*/\1/p' "$1/compile.sh"
}

# --- 1, 2. the sample -----------------------------------------------------------
SAMPLE=$ROOT/sources
EMIT=$WORK/sample-typst
rm -rf "$EMIT" "$WORK/out"
"$FAQPRESS" build --sources "$SAMPLE" --out "$WORK/out" --emit-typst "$EMIT" 2>/dev/null
# shellcheck disable=SC2046 # the arguments are words
RELEASES=$(sed -n 's/^version = "\(.*\)"/\1/p' "$SAMPLE/faq.toml")
NREL=$(echo "$RELEASES" | wc -l)
HANDMADE_ARGS="$(typst_args "$EMIT" | sed 's/ main.typ$//') bench/handmade/sample.typ"
measure_turns s1 "sample, latest release: faqpress build" "$FAQPRESS build --sources $SAMPLE --out $WORK/out" \
    st "sample, latest release: typst compile (emitted)" "env -C $EMIT $TYPST $(typst_args "$EMIT") $WORK/out/typst.pdf" \
    sh "sample, latest release: typst compile (hand-made, bench/handmade)" "$TYPST $HANDMADE_ARGS $WORK/out/handmade.pdf"
# shellcheck disable=SC2086 # the arguments are words
PASSES_EMITTED=$(passes "$EMIT" $(typst_args "$EMIT"))
# shellcheck disable=SC2086
PASSES_HANDMADE=$(passes "$ROOT" $HANDMADE_ARGS)
measure sa "sample, all $NREL releases: faqpress build --all" "$FAQPRESS" build --all --sources "$SAMPLE" --out "$WORK/out"
LOOP="for v in $(tr '\n' ' ' <<<"$RELEASES"); do $FAQPRESS build --sources $SAMPLE --out $WORK/out --release \$v || exit 1; done"
measure sp "sample, all $NREL releases: one faqpress process each" sh -c "$LOOP"

# --- 3. a large generated FAQ -------------------------------------------------
if [ "$LARGE" = 1 ]; then
    python3 bench/gen_large_faq.py "$WORK/large"
    LSRC=$WORK/large/sources
    LEMIT=$WORK/large-typst
    rm -rf "$LEMIT"
    "$FAQPRESS" build --sources "$LSRC" --out "$WORK/out" --emit-typst "$LEMIT" 2>/dev/null
    LQ=$(find "$LSRC/entries" -name '*.toml' | wc -l)
    LR=$(grep -c '^\[\[release\]\]' "$LSRC/faq.toml")
    measure_turns l1 "large ($LQ questions, $LR releases), latest release: faqpress build" "$FAQPRESS build --sources $LSRC --out $WORK/out" \
        lt "large, latest release: typst compile (emitted)" "env -C $LEMIT $TYPST $(typst_args "$LEMIT") $WORK/out/typst.pdf"
    # shellcheck disable=SC2046
    PASSES_LARGE=$(passes "$LEMIT" $(typst_args "$LEMIT"))
    LRUNS=$RUNS; RUNS=$(( RUNS < 3 ? RUNS : 3 ))
    measure la "large, all $LR releases: faqpress build --all" "$FAQPRESS" build --all --sources "$LSRC" --out "$WORK/out"
    RUNS=$LRUNS
fi

# --- 4. watch -------------------------------------------------------------------
if [ "$WATCH" = 1 ]; then
    if "$FAQPRESS" --help | grep -q '^  watch'; then
        echo "bench: watch" >&2
        WATCH_OUT=$(python3 bench/watch_probe.py "$FAQPRESS" "$SAMPLE" --edits "$RUNS")
        # prints: rebuild_ms edit_to_pdf_ms first_ms peak_mib
        read -r MS_wr MS_we MS_wf MIB_w <<<"$WATCH_OUT"
        RESULTS+=("sample, watch: start to first PDF|$MS_wf||$MIB_w")
        RESULTS+=("sample, watch: rebuild after a one-entry edit (as watch reports it)|$MS_wr||")
        RESULTS+=("sample, watch: edit saved to new PDF (includes the 100 ms quiet wait)|$MS_we||")
    else
        echo "bench: this faqpress has no watch command; skipped" >&2
        WATCH=0
    fi
fi

# --- the report -------------------------------------------------------------------
{
    echo "| case | wall ms | CPU ms | peak MiB |"
    echo "|---|---:|---:|---:|"
    for row in "${RESULTS[@]}"; do
        IFS='|' read -r name ms cpu mib <<<"$row"
        echo "| $name | $ms | $cpu | $mib |"
    done
    echo
    echo "| ratio | wall | CPU | target |"
    echo "|---|---:|---:|---:|"
    echo "| sample latest: faqpress / typst CLI | $(ratio "$MS_s1" "$MS_st") | $(ratio "$CPU_s1" "$CPU_st") | ≤ 0.90 |"
    echo "| sample latest: faqpress / hand-made Typst | $(ratio "$MS_s1" "$MS_sh") | $(ratio "$CPU_s1" "$CPU_sh") | ≤ 1.00 |"
    echo "| sample, all releases in one process / latest release | $(ratio "$MS_sa" "$MS_s1") | $(ratio "$CPU_sa" "$CPU_s1") | ≤ 2.00 |"
    echo "| sample, all releases in one process / one process each | $(ratio "$MS_sa" "$MS_sp") | $(ratio "$CPU_sa" "$CPU_sp") | |"
    echo "| sample latest, peak memory: faqpress / typst CLI | $(ratio "$MIB_s1" "$MIB_st") | | ≤ 1.00 |"
    if [ "$LARGE" = 1 ]; then
        echo "| large latest: faqpress / typst CLI | $(ratio "$MS_l1" "$MS_lt") | $(ratio "$CPU_l1" "$CPU_lt") | ≤ 1.00 |"
        echo "| large latest, peak memory: faqpress / typst CLI | $(ratio "$MIB_l1" "$MIB_lt") | | ≤ 1.00 |"
        echo "| large, all releases in one process / latest release | $(ratio "$MS_la" "$MS_l1") | $(ratio "$CPU_la" "$CPU_l1") | ≤ 5.00 |"
        echo "| large, all releases in one process / latest release, peak memory | $(ratio "$MIB_la" "$MIB_l1") | | ≤ 2.00 |"
    fi
    if [ "$WATCH" = 1 ]; then
        echo "| watch rebuild / cold build (sample latest) | $(ratio "$MS_wr" "$MS_s1") | | ≤ 0.25 |"
        echo "| watch rebuild after a one-entry edit, ms | $MS_wr | | ≤ 15 |"
        echo "| watch edit saved to new PDF / cold build | $(ratio "$MS_we" "$MS_s1") | | |"
    fi
    echo
    echo "Layout passes (\`typst compile --timings\`): sample latest, emitted $PASSES_EMITTED," \
         "hand-made $PASSES_HANDMADE$([ "$LARGE" = 1 ] && echo "; large latest, emitted $PASSES_LARGE")."
    echo
    echo "Machine: $(lscpu | sed -n 's/^Model name: *//p' | head -1), $(nproc) cores," \
         "$(free -g | awk '/^Mem:/ { print $2 }') GiB RAM, $(uname -sr);" \
         "load average before / after: $LOAD_BEFORE / $(cut -d' ' -f1-3 /proc/loadavg)."
    echo "faqpress $(git rev-parse --short HEAD 2>/dev/null || echo '?')$(git diff --quiet HEAD -- src Cargo.toml 2>/dev/null || echo ' (with uncommitted changes)')," \
         "typst crates $TYPST_VERSION; $TYPST_FOUND; $(rustc --version | cut -d' ' -f1-2);" \
         "medians of $RUNS runs per case after one warm-up (3 for the large --all)."
} >"$WORK/table.md"
cp "$WORK/table.md" bench/results/latest.md
cat "$WORK/table.md"
