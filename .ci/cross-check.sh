#!/usr/bin/env bash
# cross-check.sh — what the test suite reads through Rust, read again by the real tools.
#
# Usage: .ci/cross-check.sh
#
# `cargo test` reads each PDF's text from its layout (the typst crates) and its objects
# with lopdf. This script checks, on every release of the sample (sources/) and of every
# good test fixture, plus a draft release of the sample (watermark), that the PDFs read
# the same with the tools a reader's software is built on:
#   - qpdf --check finds no error and no warning in the file's structure;
#   - on every page, poppler's `pdftotext -layout` extracts exactly the characters that
#     the layout sets there (white space aside), soft hyphens (U+00AD) included, and the
#     sample's text has soft hyphens to compare. (Without -layout, poppler drops a hard
#     hyphen at a line end, "E-" + "Mail": a reading of its own, not a fault in the PDF.)
# A missing tool is a failure, never a skip.
#
# Environment: FAQPRESS  the faqpress binary (default: `cargo build`, then
#              ${CARGO_TARGET_DIR:-target}/debug/faqpress)
# Exit: 0 every check passes; 1 a check fails; 2 a build or the tooling failed.
set -euo pipefail
cd "$(dirname "$0")/.."

for tool in pdftotext qpdf python3; do
  command -v "$tool" >/dev/null || { echo "cross-check.sh: $tool is not installed" >&2; exit 2; }
done

if [[ -z "${FAQPRESS:-}" ]]; then
  cargo build --quiet
  FAQPRESS="${CARGO_TARGET_DIR:-target}/debug/faqpress"
fi
[[ -x "$FAQPRESS" ]] || { echo "cross-check.sh: no faqpress binary at $FAQPRESS" >&2; exit 2; }
cargo build --quiet --example layout-text
LAYOUT_TEXT="${CARGO_TARGET_DIR:-target}/debug/examples/layout-text"

OUT="$(mktemp -d)"; trap 'rm -rf "$OUT"' EXIT

# --- the projects: as .ci/verapdf.sh finds them ------------------------------------------------
NAMES=(sample); SOURCES=(sources)
while IFS= read -r toml; do
  dir="$(dirname "$toml")"
  rel="${dir#tests/fixtures/good}"; rel="${rel#/}"; rel="${rel%/sources}"; [[ "$rel" == sources ]] && rel=""
  NAMES+=("fixture${rel:+-${rel//\//-}}"); SOURCES+=("$dir")
done < <(find tests/fixtures/good -name faq.toml -not -path '*/entries/*' -not -path '*/snippets/*' | sort)
mkdir -p "$OUT/draft-project"
cp -r sources "$OUT/draft-project/sources"
printf '\n[[release]]\nversion = "99.0"\ndate = 2099-12-31\ndraft = true\n' >> "$OUT/draft-project/sources/faq.toml"
NAMES+=(sample-draft); SOURCES+=("$OUT/draft-project/sources")

# --- build, and the layout's text of each PDF -------------------------------------------------
PDFS=()
for i in "${!NAMES[@]}"; do
  name="${NAMES[$i]}"; src="${SOURCES[$i]}"
  release=(--all); [[ "$name" == sample-draft ]] && release=()
  if ! "$FAQPRESS" build --sources "$src" "${release[@]}" --out "$OUT/$name" \
        --diagnostic-format short 2>"$OUT/build.log"; then
    cat "$OUT/build.log" >&2
    echo "cross-check.sh: building $src failed" >&2
    exit 2
  fi
  mapfile -t built < <(find "$OUT/$name" -name '*.pdf' | sort)
  [[ ${#built[@]} -gt 0 ]] || { echo "cross-check.sh: $src gave no PDF" >&2; exit 2; }
  "$LAYOUT_TEXT" "$src" "${built[@]}" || { echo "cross-check.sh: no layout text for $src" >&2; exit 2; }
  PDFS+=("${built[@]}")
done
echo "built ${#PDFS[@]} PDFs of ${#NAMES[@]} projects"

# --- qpdf --------------------------------------------------------------------------------------
STATUS=0
for pdf in "${PDFS[@]}"; do
  if ! qpdf --check "$pdf" >"$OUT/qpdf.log" 2>&1; then
    sed 's/^/    /' "$OUT/qpdf.log"
    echo "FAIL  qpdf --check ${pdf#"$OUT"/}"
    STATUS=1
  fi
done
echo "qpdf --check: ${#PDFS[@]} PDFs"

# --- pdftotext ---------------------------------------------------------------------------------
for pdf in "${PDFS[@]}"; do
  if ! pdftotext -layout -enc UTF-8 "$pdf" "${pdf%.pdf}.poppler.txt"; then
    echo "FAIL  pdftotext ${pdf#"$OUT"/}"
    STATUS=1
  fi
done
if ! python3 - "$OUT" "${PDFS[@]}" <<'PY'
import collections, sys

out, pdfs = sys.argv[1], sys.argv[2:]
SHY = "\u00ad"

def pages(path):
    text = open(path, encoding="utf-8").read()
    parts = text.split("\f")
    if parts and not parts[-1].strip():
        parts.pop()
    return [collections.Counter(c for c in p if not c.isspace()) for p in parts]

bad = 0
soft_hyphens = collections.Counter()
for pdf in pdfs:
    name = pdf[len(out):].strip("/")
    base = pdf[: -len(".pdf")]
    layout, poppler = pages(base + ".layout.txt"), pages(base + ".poppler.txt")
    if len(layout) != len(poppler):
        print(f"FAIL  {name}: the layout has {len(layout)} pages, pdftotext reads {len(poppler)}")
        bad += 1
        continue
    for n, (a, b) in enumerate(zip(layout, poppler), 1):
        if a != b:
            print(f"FAIL  {name} page {n}: set but not read {dict(a - b)}, read but not set {dict(b - a)}")
            bad += 1
        soft_hyphens[name.split("/")[0]] += b[SHY]
if soft_hyphens["sample"] == 0:
    print("FAIL  no soft hyphen in the sample's text: nothing hyphenated to compare")
    bad += 1
print(f"pdftotext: {len(pdfs)} PDFs, every page compared with its layout; "
      f"soft hyphens read: {sum(soft_hyphens.values())}")
sys.exit(1 if bad else 0)
PY
then
  STATUS=1
fi
[[ $STATUS == 0 ]] || echo "cross-check.sh: the tools read the PDFs differently (see FAIL above)" >&2
exit $STATUS
