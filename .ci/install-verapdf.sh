#!/usr/bin/env bash
# install-verapdf.sh — install the veraPDF command-line validator from Maven Central.
#
# Usage: .ci/install-verapdf.sh [--force]
#
# Resolves org.verapdf.apps:greenfield-apps (the veraPDF CLI; main class
# org.verapdf.apps.GreenfieldCliWrapper) with all its runtime dependencies through
# Maven's dependency plugin, copies the jars to $VERAPDF_HOME/lib and writes the
# launcher $VERAPDF_HOME/verapdf. Idempotent: when that version is installed and
# starts, it does nothing (about 2 s). Prints the launcher's path on stdout.
#
# Environment:
#   VERAPDF_VERSION  greenfield-apps version (default 1.28.2, the newest on Maven Central)
#   VERAPDF_HOME     install folder (default ${XDG_CACHE_HOME:-$HOME/.cache}/verapdf)
# Needs: java 11+ and mvn (installed with apt-get when missing and running as root).
# Exit: 0 installed or already there; 1 failed (the reason is on stderr).
set -euo pipefail

VERSION="${VERAPDF_VERSION:-1.28.2}"
HOME_DIR="${VERAPDF_HOME:-${XDG_CACHE_HOME:-$HOME/.cache}/verapdf}"
PLUGIN=org.apache.maven.plugins:maven-dependency-plugin:3.6.1
FORCE=0
case "${1:-}" in
  --force) FORCE=1 ;;
  -h|--help) sed -n '2,17p' "$0"; exit 0 ;;
  "") ;;
  *) echo "install-verapdf: unknown option $1" >&2; exit 1 ;;
esac

say() { echo "install-verapdf: $*" >&2; }
[[ -n "$HOME_DIR" && "$HOME_DIR" != "/" ]] || { say "VERAPDF_HOME must name a folder"; exit 1; }
LAUNCHER="$HOME_DIR/verapdf"
works() { [[ -x "$LAUNCHER" ]] && "$LAUNCHER" --version 2>/dev/null | grep -q "veraPDF $VERSION"; }

if [[ $FORCE == 0 && -f "$HOME_DIR/VERSION" && "$(cat "$HOME_DIR/VERSION")" == "$VERSION" ]] && works; then
  say "veraPDF $VERSION already installed in $HOME_DIR"
  echo "$LAUNCHER"; exit 0
fi

# A one-page PDF with a correct xref table (not PDF/A); used to warm up the class archive.
tiny_pdf() {
  local LC_ALL=C
  local objs=(
    "<< /Type /Catalog /Pages 2 0 R >>"
    "<< /Type /Pages /Kids [3 0 R] /Count 1 >>"
    "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 100] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>"
    $'<< /Length 35 >>\nstream\nBT /F1 12 Tf 20 50 Td (Hallo) Tj ET\nendstream'
    "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"
  )
  local out=$'%PDF-1.7\n' offs=() i xref
  for i in "${!objs[@]}"; do
    offs+=("${#out}")
    out+="$((i + 1)) 0 obj"$'\n'"${objs[$i]}"$'\n'"endobj"$'\n'
  done
  xref="${#out}"
  out+="xref"$'\n'"0 $((${#objs[@]} + 1))"$'\n'"0000000000 65535 f "$'\n'
  for i in "${offs[@]}"; do out+="$(printf '%010d' "$i") 00000 n "$'\n'; done
  out+="trailer"$'\n'"<< /Size $((${#objs[@]} + 1)) /Root 1 0 R >>"$'\n'"startxref"$'\n'"$xref"$'\n'"%EOF"$'\n'
  printf '%s' "$out"
}

# --- prerequisites ---------------------------------------------------------------------
need_apt=()
command -v java >/dev/null || need_apt+=(default-jre-headless)
command -v mvn >/dev/null || need_apt+=(maven)
if [[ ${#need_apt[@]} -gt 0 ]]; then
  if [[ $(id -u) == 0 ]] && command -v apt-get >/dev/null; then
    say "apt-get install ${need_apt[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get install -y --no-install-recommends "${need_apt[@]}" >/dev/null 2>&1 || {
      apt-get update >/dev/null && apt-get install -y --no-install-recommends "${need_apt[@]}" >/dev/null; }
  else
    say "missing: ${need_apt[*]} (Debian: apt-get install ${need_apt[*]})"; exit 1
  fi
fi

# --- resolve the jars --------------------------------------------------------------------
TMP="$(mktemp -d)"; trap 'rm -rf "$TMP"' EXIT
mkdir -p "$TMP/lib"
cat > "$TMP/pom.xml" <<EOF
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>local.faqpress</groupId><artifactId>verapdf-jars</artifactId><version>1</version>
  <packaging>pom</packaging>
  <dependencies>
    <dependency>
      <groupId>org.verapdf.apps</groupId><artifactId>greenfield-apps</artifactId>
      <version>$VERSION</version>
    </dependency>
  </dependencies>
</project>
EOF
say "resolving org.verapdf.apps:greenfield-apps:$VERSION from Maven Central"
if ! mvn -B -f "$TMP/pom.xml" "$PLUGIN:copy-dependencies" -DincludeScope=runtime \
      -DoutputDirectory="$TMP/lib" >"$TMP/mvn.log" 2>&1; then
  grep -E "ERROR|Could not|transfer failed|Unknown host" "$TMP/mvn.log" | head -8 >&2 || tail -8 "$TMP/mvn.log" >&2
  say "Maven could not fetch veraPDF $VERSION (is Maven Central reachable?)"
  exit 1
fi
compgen -G "$TMP/lib/greenfield-apps-*.jar" >/dev/null || { say "greenfield-apps jar missing after resolution"; exit 1; }

# --- install: lib/ + launcher ------------------------------------------------------------
mkdir -p "$HOME_DIR"
rm -rf "$HOME_DIR/lib.new" && mv "$TMP/lib" "$HOME_DIR/lib.new"
cat > "$HOME_DIR/verapdf.new" <<'EOF'
#!/bin/sh
# veraPDF command-line validator, installed by faqpress's .ci/install-verapdf.sh.
# Its config lives in this folder (app.home), not in ~/.verapdf.
# JAVA overrides the java command; JAVA_OPTS replaces the JVM options below.
# The C1-only JIT, serial GC and the class-data archive (verapdf.jsa, made at install
# time) cut JVM start-up: about 2 s per run instead of about 4.8 s on 2 cores.
HERE="$(cd "$(dirname "$0")" && pwd)"
CDS=""
[ -f "$HERE/verapdf.jsa" ] && CDS="-XX:SharedArchiveFile=$HERE/verapdf.jsa -Xshare:auto"
exec "${JAVA:-java}" ${JAVA_OPTS:--Xmx2g -XX:+UseSerialGC -XX:TieredStopAtLevel=1} $CDS \
  -Dfile.encoding=UTF-8 -Dapp.home="$HERE" -Dbasedir="$HERE" \
  -cp "$HERE/lib/*" org.verapdf.apps.GreenfieldCliWrapper "$@"
EOF
chmod +x "$HOME_DIR/verapdf.new"
# swap in; keep the old install until the new one is proven to start
rm -rf "$HOME_DIR/lib.old" "$HOME_DIR/verapdf.jsa"
[[ -d "$HOME_DIR/lib" ]] && mv "$HOME_DIR/lib" "$HOME_DIR/lib.old"
mv "$HOME_DIR/lib.new" "$HOME_DIR/lib"
[[ -f "$LAUNCHER" ]] && mv "$LAUNCHER" "$LAUNCHER.old"
mv "$HOME_DIR/verapdf.new" "$LAUNCHER"
if ! works; then
  say "the installed jars do not start veraPDF $VERSION; restoring the previous state"
  "$LAUNCHER" --version >&2 || true
  rm -rf "${HOME_DIR:?}/lib"; [[ -d "$HOME_DIR/lib.old" ]] && mv "$HOME_DIR/lib.old" "$HOME_DIR/lib"
  rm -f "$LAUNCHER"; [[ -f "$LAUNCHER.old" ]] && mv "$LAUNCHER.old" "$LAUNCHER"
  rm -f "$HOME_DIR/VERSION"
  exit 1
fi
rm -rf "$HOME_DIR/lib.old" "$LAUNCHER.old"

# --- class-data-sharing archive: the classes one real validation loads ---------------------
# Optional: the launcher runs without it, and the JVM silently ignores an archive that no
# longer matches (another JDK build or other jars).
tiny_pdf > "$TMP/tiny.pdf"
JAVA_OPTS="-Xmx2g -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -XX:ArchiveClassesAtExit=$HOME_DIR/verapdf.jsa" \
  "$LAUNCHER" -f ua1 --format xml "$TMP/tiny.pdf" >/dev/null 2>&1 || true
[[ -s "$HOME_DIR/verapdf.jsa" ]] || { rm -f "$HOME_DIR/verapdf.jsa"; say "note: no class-data archive (only start-up is slower)"; }

echo "$VERSION" > "$HOME_DIR/VERSION"
say "installed veraPDF $VERSION ($(ls "$HOME_DIR/lib" | wc -l) jars) in $HOME_DIR"
echo "$LAUNCHER"
