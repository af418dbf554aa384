#!/usr/bin/env bash
# Runs one fuzz target for a set time, at low priority:
#
#   fuzz/run.sh markdown [SECONDS]    Markdown answers → Typst → PDF
#   fuzz/run.sh sources [SECONDS]     a whole sources folder from bytes
#
# Needs cargo-fuzz (`cargo install cargo-fuzz`) and a nightly compiler, or a
# stable one with RUSTC_BOOTSTRAP=1 as set here. New inputs go to
# fuzz/corpus/<target>, crashes to fuzz/artifacts/<target>; the committed
# seeds and past findings (fuzz/regressions) are read on every run.
set -euo pipefail
cd "$(dirname "$0")/.."
target=${1:?usage: fuzz/run.sh markdown|sources [SECONDS]}
seconds=${2:-600}
corpus=fuzz/corpus/$target
mkdir -p "$corpus" "fuzz/regressions/$target"

# Seeds from the sample project: every entry and snippet for the markdown
# target, the whole folder as one input for the sources target.
case $target in
  markdown)
    for f in sources/entries/*.toml sources/snippets/*.md; do
      cp "$f" "$corpus/sample-$(basename "$f")"
    done
    ;;
  sources)
    (
      cd sources
      for f in faq.toml entries/*.toml snippets/*.md; do
        printf '=== %s\n' "$f"
        cat "$f"
        printf '\n'
      done
    ) >"$corpus/sample-project"
    ;;
  *)
    echo "unknown target $target" >&2
    exit 2
    ;;
esac

export RUSTC_BOOTSTRAP=1 CARGO_TARGET_DIR=fuzz/target
exec nice -n 10 cargo fuzz run --sanitizer none "$target" \
  "$corpus" "fuzz/seeds/$target" "fuzz/regressions/$target" -- \
  -max_total_time="$seconds" -timeout=30 -rss_limit_mb=4096 \
  -dict=fuzz/markdown.dict -print_final_stats=1
