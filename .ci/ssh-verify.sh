#!/usr/bin/env bash
# ssh-verify.sh — a signed release checks with plain OpenSSH, as a regulator checks it.
#
# Usage: .ci/ssh-verify.sh
#
# Makes an ed25519 key with ssh-keygen (so faqpress also reads a key OpenSSH wrote),
# publishes the sample's latest release with `publish --sign`, and requires:
#   - `ssh-keygen -Y verify` (the command in the README) accepts the signature with the
#     archive's allowed_signers;
#   - it refuses the signature for the PDF with one byte flipped;
#   - `faqpress verify` passes, and nothing of the private key is in the archive.
# A missing tool is a failure, never a skip.
#
# Environment: FAQPRESS  the faqpress binary (default: `cargo build`, then
#              ${CARGO_TARGET_DIR:-target}/debug/faqpress)
# Exit: 0 every check passes; 1 a check fails; 2 a build or the tooling failed.
set -euo pipefail
cd "$(dirname "$0")/.."

for tool in ssh-keygen python3; do
  command -v "$tool" >/dev/null || { echo "ssh-verify.sh: $tool is not installed" >&2; exit 2; }
done

if [[ -z "${FAQPRESS:-}" ]]; then
  cargo build --quiet
  FAQPRESS="${CARGO_TARGET_DIR:-target}/debug/faqpress"
fi
FAQPRESS="$(cd "$(dirname "$FAQPRESS")" && pwd)/$(basename "$FAQPRESS")"
[[ -x "$FAQPRESS" ]] || { echo "ssh-verify.sh: no faqpress binary at $FAQPRESS" >&2; exit 2; }

WORK="$(mktemp -d)"; trap 'rm -rf "$WORK"' EXIT
cp -r sources "$WORK/sources"
ssh-keygen -q -t ed25519 -N '' -C 'press@ostwind.example' -f "$WORK/release_key"

cd "$WORK"
"$FAQPRESS" publish --sign release_key
pdf="$(cd archive && ls ./*.pdf | head -n 1)"; pdf="${pdf#./}"
echo "signed: archive/$pdf.sig"

fail=0
# The regulator's command, as in the README.
if (cd archive && ssh-keygen -Y verify -f allowed_signers -I press@ostwind.example -n file \
      -s "$pdf.sig" < "$pdf"); then
  echo "ok: ssh-keygen -Y verify accepts archive/$pdf.sig"
else
  echo "FAIL: ssh-keygen -Y verify refuses archive/$pdf.sig" >&2; fail=1
fi

python3 - "archive/$pdf" "$WORK/flipped.pdf" <<'EOF'
import sys
data = bytearray(open(sys.argv[1], "rb").read())
data[len(data) // 2] ^= 1
open(sys.argv[2], "wb").write(data)
EOF
if ssh-keygen -Y verify -f archive/allowed_signers -I press@ostwind.example -n file \
     -s "archive/$pdf.sig" < flipped.pdf >/dev/null 2>&1; then
  echo "FAIL: ssh-keygen -Y verify accepts the signature for a changed PDF" >&2; fail=1
else
  echo "ok: ssh-keygen -Y verify refuses the signature for a changed PDF"
fi

if "$FAQPRESS" verify >/dev/null; then
  echo "ok: faqpress verify passes"
else
  echo "FAIL: faqpress verify fails on the signed archive" >&2; fail=1
fi

if grep -rq "PRIVATE KEY" archive || grep -rqF "$(sed -n 2p release_key)" archive; then
  echo "FAIL: the private key is in the archive" >&2; fail=1
else
  echo "ok: nothing of the private key is in the archive"
fi
exit "$fail"
