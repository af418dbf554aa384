#!/usr/bin/env bash
# html-check.sh — the HTML edition checked by the real tools.
#
# Usage: .ci/html-check.sh [SCREENSHOT_DIR]
#
# Builds every release of the sample (sources/), of every good test fixture and of the
# long fixtures (tests/fixtures/long-*), plus a
# draft release of the sample, with `--format html`, then
#   - the Nu HTML checker (vnu.jar from the npm package vnu-jar, run with Java 17+) must
#     report no error on any page;
#   - axe-core (npm) in headless Chromium, driven through chromedriver, must report no
#     violation of the WCAG 2.0/2.1 A and AA rules on any page (.ci/axe-check.mjs), nor on
#     the preview page of `faqpress serve` (also showing a redline) and the edition it serves.
# With SCREENSHOT_DIR, the sample's latest page is also photographed at phone (390 px)
# and desktop (1280 px) width there.
#
# Installs what it needs (Debian: chromium, chromium-driver, openjdk-17-jre-headless,
# nodejs, npm; npm: vnu-jar, axe-core into ~/.cache/faqpress-npm). A missing tool is a
# failure, never a skip.
#
# Environment: FAQPRESS  the faqpress binary (default: `cargo build`, then
#              ${CARGO_TARGET_DIR:-target}/debug/faqpress)
# Exit: 0 every check passes; 1 a check fails; 2 a build or the tooling failed.
set -euo pipefail
cd "$(dirname "$0")/.."
SHOTS="${1:-}"

VNU_VERSION=26.9.27
AXE_VERSION=4.14.1
NPM_DIR="${HOME}/.cache/faqpress-npm"

# --- tools ------------------------------------------------------------------------------------
need=()
command -v chromium >/dev/null || need+=(chromium)
command -v chromedriver >/dev/null || need+=(chromium-driver)
java_major() { java -version 2>&1 | sed -n 's/.*version "\([0-9]*\).*/\1/p' | head -1; }
if ! command -v java >/dev/null || [[ "$(java_major)" -lt 17 ]]; then need+=(openjdk-17-jre-headless); fi
command -v node >/dev/null || need+=(nodejs)
command -v npm >/dev/null || need+=(npm)
if [[ ${#need[@]} -gt 0 ]]; then
  echo "html-check.sh: installing ${need[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
fi
VNU="$NPM_DIR/node_modules/vnu-jar/build/dist/vnu.jar"
AXE="$NPM_DIR/node_modules/axe-core/axe.min.js"
if [[ ! -f "$VNU" || ! -f "$AXE" ]] \
   || ! grep -q "\"version\": \"$AXE_VERSION\"" "$NPM_DIR/node_modules/axe-core/package.json"; then
  echo "html-check.sh: installing vnu-jar@$VNU_VERSION axe-core@$AXE_VERSION"
  mkdir -p "$NPM_DIR"
  (cd "$NPM_DIR" && npm install --silent --no-audit --no-fund --no-save \
      "vnu-jar@$VNU_VERSION" "axe-core@$AXE_VERSION" >/dev/null) \
    || { echo "html-check.sh: npm install failed" >&2; exit 2; }
fi
for f in "$VNU" "$AXE"; do
  [[ -f "$f" ]] || { echo "html-check.sh: $f is missing" >&2; exit 2; }
done

if [[ -z "${FAQPRESS:-}" ]]; then
  cargo build --quiet
  FAQPRESS="${CARGO_TARGET_DIR:-target}/debug/faqpress"
fi
[[ -x "$FAQPRESS" ]] || { echo "html-check.sh: no faqpress binary at $FAQPRESS" >&2; exit 2; }

OUT="$(mktemp -d)"; trap 'rm -rf "$OUT"' EXIT

# --- the projects: as .ci/verapdf.sh finds them ------------------------------------------------
NAMES=(sample); SOURCES=(sources)
while IFS= read -r toml; do
  dir="$(dirname "$toml")"
  rel="${dir#tests/fixtures/good}"; rel="${rel#/}"; rel="${rel%/sources}"; [[ "$rel" == sources ]] && rel=""
  NAMES+=("fixture${rel:+-${rel//\//-}}"); SOURCES+=("$dir")
done < <(find tests/fixtures/good -name faq.toml -not -path '*/entries/*' -not -path '*/snippets/*' | sort)
for dir in tests/fixtures/long-*; do
  [[ -f "$dir/faq.toml" ]] && { NAMES+=("$(basename "$dir")"); SOURCES+=("$dir"); }
done
mkdir -p "$OUT/draft-project"
cp -r sources "$OUT/draft-project/sources"
printf '\n[[release]]\nversion = "99.0"\ndate = 2099-12-31\ndraft = true\n' >> "$OUT/draft-project/sources/faq.toml"
NAMES+=(sample-draft); SOURCES+=("$OUT/draft-project/sources")

PAGES=()
for i in "${!NAMES[@]}"; do
  name="${NAMES[$i]}"; src="${SOURCES[$i]}"
  release=(--all); [[ "$name" == sample-draft ]] && release=()
  if ! "$FAQPRESS" build --format html --sources "$src" "${release[@]}" --out "$OUT/$name" \
        --diagnostic-format short 2>"$OUT/build.log"; then
    cat "$OUT/build.log" >&2
    echo "html-check.sh: building $src failed" >&2
    exit 2
  fi
  mapfile -t built < <(find "$OUT/$name" -name '*.html' | sort)
  PAGES+=("${built[@]}")
done
echo "html-check.sh: ${#PAGES[@]} pages from ${#NAMES[@]} projects"

status=0
# --- the Nu HTML checker ------------------------------------------------------------------------
if java -jar "$VNU" --errors-only "${PAGES[@]}" 2>"$OUT/vnu.log"; then
  echo "vnu: ${#PAGES[@]} pages, no errors"
else
  sed "s|$OUT/||g" "$OUT/vnu.log"
  echo "vnu: errors found" >&2
  status=1
fi

# --- axe-core in headless Chromium -------------------------------------------------------------
if ! node .ci/axe-check.mjs "$AXE" "${PAGES[@]}" > "$OUT/axe.log" 2>&1; then
  status=1
fi
sed "s|$OUT/||g" "$OUT/axe.log"

# --- axe-core on the preview of `faqpress serve` ---------------------------------------------
port=$((20000 + RANDOM % 20000))
mkdir -p "$OUT/serve-project" && cp -r sources "$OUT/serve-project/sources"
(cd "$OUT/serve-project" && exec "$FAQPRESS" serve --port "$port" 2>"$OUT/serve.log") &
serve_pid=$!
for _ in $(seq 1 300); do
  grep -q "built release" "$OUT/serve.log" 2>/dev/null && break
  sleep 0.1
done
if ! node .ci/axe-check.mjs "$AXE" "http://127.0.0.1:$port/" "http://127.0.0.1:$port/edition" \
     "http://127.0.0.1:$port/?redline=5.0" > "$OUT/axe-serve.log" 2>&1; then
  status=1
fi
sed "s|$port|PORT|g" "$OUT/axe-serve.log"
kill -INT "$serve_pid"; wait "$serve_pid" || { echo "html-check.sh: serve did not stop cleanly" >&2; status=1; }

# --- screenshots --------------------------------------------------------------------------------
if [[ -n "$SHOTS" ]]; then
  mkdir -p "$SHOTS"
  latest="$(find "$OUT/sample" -name '*.html' | sort | tail -1)"
  for size in phone:390 desktop:1280; do
    chromium --headless=new --no-sandbox --disable-gpu --hide-scrollbars \
      --window-size="${size#*:},2400" --screenshot="$SHOTS/${size%%:*}.png" \
      "file://$latest" >/dev/null 2>&1
  done
  echo "screenshots in $SHOTS"
fi
exit $status
