#!/usr/bin/env bash
# Times `faqpress serve` as a writer sees it: from saving an edit to one entry
# of a copy of the sample to the open preview in headless Chromium showing the
# new text, over 20 edits (FAQPRESS_RELOAD_EDITS=N for another number). Prints
# the median and the largest time, and the build's own share as serve reports
# it. Not run by CI; the speed is printed, never asserted.
#
#   bench/serve_reload.sh [--no-build]
#
# Needs: cargo, chromium and chromedriver (Debian: apt-get install chromium
# chromium-driver). Times the release binary; the test that drives the
# browser (`bench_save_to_reloaded_page` in tests/serve.rs) is built as usual.
set -euo pipefail

BUILD=1
case "${1:-}" in
    --no-build) BUILD=0 ;;
    "") ;;
    -h|--help) sed -n '2,12p' "$0"; exit 0 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
esac

cd "$(dirname "$0")/.."
for tool in chromium chromedriver; do
    command -v "$tool" >/dev/null || { echo "$tool is not installed" >&2; exit 2; }
done
if [ "$BUILD" = 1 ]; then
    cargo build --release --quiet
fi
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
FAQPRESS_SERVE_BIN="$PWD/target/release/faqpress" \
    cargo test --quiet --test serve -- --ignored --nocapture bench_save_to_reloaded_page \
    | grep -E '^(save to|of which|skipped)'
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
