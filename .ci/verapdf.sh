#!/usr/bin/env bash
# verapdf.sh — prove with veraPDF that faqpress writes what it claims.
#
# Usage: .ci/verapdf.sh [--keep DIR]
#
# Builds every release of the sample (sources/) and of every good test fixture (each
# folder holding a faq.toml under tests/fixtures/good), plus a draft release of the
# sample (watermark), twice: with the default standards and with --attach-sources;
# and three redlines (the sample's 4.0 → 6.0 and 1.0 → 6.0, the redline fixture's).
# Each PDF must claim exactly the expected standards in its XMP metadata (default:
# PDF/A-2b + PDF/UA-1; with sources: PDF/A-3b + PDF/UA-1, and carry attachments), and
# pass veraPDF for every standard it claims, with zero failed rules. veraPDF runs once
# per flavour (all files in one run): asked for two flavours at once it misreports PDF/UA.
#
#   --keep DIR   write the PDFs to DIR (default: a temporary folder, removed at the end)
#
# Environment: FAQPRESS  the faqpress binary (default: `cargo build`, then
#              ${CARGO_TARGET_DIR:-target}/debug/faqpress)
# Installs veraPDF with .ci/install-verapdf.sh when it is missing (Java 11+, Maven).
# Exit: 0 every PDF passes; 1 a PDF fails or claims the wrong standards; 2 a build or
# the tooling failed.
set -euo pipefail
cd "$(dirname "$0")/.."

KEEP=""
case "${1:-}" in
  --keep) [[ $# -ge 2 ]] || { echo "verapdf.sh: --keep needs a folder" >&2; exit 2; }; KEEP="$2" ;;
  -h|--help) sed -n '2,22p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
  "") ;;
  *) echo "verapdf.sh: unknown option $1" >&2; exit 2 ;;
esac

now() { date +%s.%N; }
since() { awk -v s="$1" -v e="$(now)" 'BEGIN { printf "%.1f", e - s }'; }
T0=$(now)

# --- tools -----------------------------------------------------------------------------------
t=$(now)
VERAPDF="$(.ci/install-verapdf.sh)" || { echo "verapdf.sh: veraPDF could not be installed" >&2; exit 2; }
export VERAPDF
echo "veraPDF ready ($(since "$t") s): $("$VERAPDF" --version 2>/dev/null | head -1)"

if [[ -z "${FAQPRESS:-}" ]]; then
  cargo build --quiet
  FAQPRESS="${CARGO_TARGET_DIR:-target}/debug/faqpress"
fi
[[ -x "$FAQPRESS" ]] || { echo "verapdf.sh: no faqpress binary at $FAQPRESS" >&2; exit 2; }

if [[ -n "$KEEP" ]]; then
  OUT="$KEEP"; rm -rf "$OUT"; mkdir -p "$OUT"
else
  OUT="$(mktemp -d)"; trap 'rm -rf "$OUT"' EXIT
fi

# --- the projects ------------------------------------------------------------------------------
# name and sources folder; a fixture's sources folder is wherever its faq.toml is
# (tests/fixtures/good/faq.toml, good/<name>/faq.toml or good/<name>/sources/faq.toml).
NAMES=(sample); SOURCES=(sources)
if [[ -d tests/fixtures/good ]]; then
  while IFS= read -r toml; do
    dir="$(dirname "$toml")"
    rel="${dir#tests/fixtures/good}"; rel="${rel#/}"; rel="${rel%/sources}"; [[ "$rel" == sources ]] && rel=""
    NAMES+=("fixture${rel:+-${rel//\//-}}"); SOURCES+=("$dir")
  done < <(find tests/fixtures/good -name faq.toml -not -path '*/entries/*' -not -path '*/snippets/*' | sort)
fi
# The typography fixtures: a long title, two-level numbers, code, link footnotes.
for lang in de en; do
  NAMES+=("long-$lang"); SOURCES+=("tests/fixtures/long-$lang")
done
# The sample with a draft release on top: the watermark must be an artifact too.
mkdir -p "$OUT/draft-project"
cp -r sources "$OUT/draft-project/sources"
printf '\n[[release]]\nversion = "99.0"\ndate = 2099-12-31\ndraft = true\n' >> "$OUT/draft-project/sources/faq.toml"
NAMES+=(sample-draft); SOURCES+=("$OUT/draft-project/sources")

# --- build ---------------------------------------------------------------------------------------
t=$(now)
for i in "${!NAMES[@]}"; do
  name="${NAMES[$i]}"; src="${SOURCES[$i]}"
  release=(--all); [[ "$name" == sample-draft ]] && release=()
  for mode in default sources; do
    extra=(); [[ $mode == sources ]] && extra=(--attach-sources)
    if ! "$FAQPRESS" build --sources "$src" "${release[@]}" "${extra[@]}" \
          --out "$OUT/$mode/$name" --diagnostic-format short 2>"$OUT/build.log"; then
      cat "$OUT/build.log" >&2
      echo "verapdf.sh: building $src ($mode) failed" >&2
      exit 2
    fi
  done
done
# Redlines: the sample's 4.0 → 6.0 and 1.0 → 6.0, and the redline fixture's (added,
# removed, moved and edited questions), with the default standards.
for args in "sources 4.0 6.0" "sources 1.0 6.0" "tests/fixtures/redline/sources 1.0 2.0"; do
  read -r src from to <<<"$args"
  if ! "$FAQPRESS" redline --sources "$src" "$from" "$to" --out "$OUT/default/redline" \
        --diagnostic-format short 2>"$OUT/build.log"; then
    cat "$OUT/build.log" >&2
    echo "verapdf.sh: the redline of $src $from → $to failed" >&2
    exit 2
  fi
done
mapfile -t PDFS < <(find "$OUT/default" "$OUT/sources" -name '*.pdf' | sort)
[[ ${#PDFS[@]} -gt 0 ]] || { echo "verapdf.sh: no PDF was built" >&2; exit 2; }
echo "built ${#PDFS[@]} PDFs of ${#NAMES[@]} projects ($(since "$t") s)"

# --- what each PDF claims ------------------------------------------------------------------------
# One line per PDF: "<file> <flavour>..." (veraPDF flavours: 2b, 3b, ua1); a PDF that
# claims other standards than its build asked for, or lacks its attachments, fails here.
CLAIMS="$OUT/claims.txt"
if ! python3 - "$OUT" "${PDFS[@]}" >"$CLAIMS" <<'PY'
import re, sys, zlib

out, files = sys.argv[1], sys.argv[2:]
expected = {"default": ["2b", "ua1"], "sources": ["3b", "ua1"]}

def xmp_of(data):
    """The XMP packet, from the raw file or, if it is compressed, its stream."""
    m = re.search(rb"<x:xmpmeta.*?</x:xmpmeta>", data, re.S)
    if m:
        return m.group(0).decode("utf-8", "replace")
    for s in re.finditer(rb"stream\r?\n(.*?)endstream", data, re.S):
        try:
            text = zlib.decompress(s.group(1))
        except zlib.error:
            continue
        m = re.search(rb"<x:xmpmeta.*?</x:xmpmeta>", text, re.S)
        if m:
            return m.group(0).decode("utf-8", "replace")
    return ""

def field(xmp, name):
    m = re.search(rf"<{name}>\s*([^<]*?)\s*</{name}>", xmp) or re.search(rf'{name}="([^"]*)"', xmp)
    return m.group(1) if m else None

bad = 0
for f in files:
    data = open(f, "rb").read()
    xmp = xmp_of(data)
    flavours = []
    part, conf = field(xmp, "pdfaid:part"), field(xmp, "pdfaid:conformance")
    if part:
        flavours.append(f"{part}{(conf or '').lower()}")
    ua = field(xmp, "pdfuaid:part")
    if ua:
        flavours.append(f"ua{ua}")
    mode = f[len(out):].strip("/").split("/")[0]
    problems = []
    if flavours != expected[mode]:
        problems.append(f"claims {flavours or 'no standard'}, expected {expected[mode]}")
    if mode == "sources" and b"/EmbeddedFiles" not in data:
        problems.append("built with --attach-sources but has no attached files")
    if problems:
        bad += 1
        print(f"FAIL  {f}  " + "; ".join(problems), file=sys.stderr)
    print(f, *flavours)
sys.exit(1 if bad else 0)
PY
then
  echo "verapdf.sh: PDFs claim the wrong standards (see above)" >&2
  exit 1
fi

# --- validate: one veraPDF run per flavour -------------------------------------------------------
t=$(now)
STATUS=0; RUNS=0; CHECKED=0
for flavour in $(cut -d' ' -f2- "$CLAIMS" | tr ' ' '\n' | sort -u); do
  mapfile -t files < <(awk -v f="$flavour" '{ for (i = 2; i <= NF; i++) if ($i == f) print $1 }' "$CLAIMS")
  echo "== veraPDF $flavour: ${#files[@]} PDFs"
  RUNS=$((RUNS + 1)); CHECKED=$((CHECKED + ${#files[@]}))
  # Paths relative to the output folder keep the report readable.
  if ! .ci/verapdf-check "$flavour" "${files[@]}" | sed "s|$OUT/||"; then
    STATUS=1
  fi
done
echo "veraPDF: $CHECKED validations in $RUNS runs ($(since "$t") s); whole step $(since "$T0") s"
if [[ $STATUS != 0 ]]; then
  echo "verapdf.sh: veraPDF found failed rules (listed above under FAIL)" >&2
fi
exit $STATUS
