#!/usr/bin/env bash
# Builds client-vscode/runtime: a minimal Java runtime (jlink) holding only the modules the
# server jar needs (jdeps) plus jdk.unsupported. Skipped when the runtime exists and was made
# for the same module list. Usage: scripts/build-runtime.sh [path/to/lmm-server.jar]
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
jar="${1:-$here/../server/target/lmm-server.jar}"
out="$here/runtime"
[ -f "$jar" ] || { echo "build-runtime: server jar not found: $jar (run 'mvn -B -q package -DskipTests' at the repo root)" >&2; exit 1; }

# A JDK 17 with jlink and jmods: LMM_JDK, then JAVA_HOME, then the JDK of the java on PATH.
pick_jdk() {
  for c in "${LMM_JDK:-}" "${JAVA_HOME:-}" /usr/lib/jvm/java-17-openjdk-amd64 "$(dirname "$(dirname "$(readlink -f "$(command -v javac || echo /nonexistent)")")")"; do
    [ -n "$c" ] && [ -x "$c/bin/jlink" ] && [ -d "$c/jmods" ] && "$c/bin/java" -version 2>&1 | grep -q 'version "17' && { echo "$c"; return; }
  done
  return 1
}
jdk="$(pick_jdk)" || { echo "build-runtime: no JDK 17 with jlink and jmods found (set LMM_JDK)" >&2; exit 1; }

deps="$("$jdk/bin/jdeps" --print-module-deps --ignore-missing-deps --multi-release 17 "$jar" | tail -n 1)"
# Left out although jdeps lists them, because the server never loads the classes that need them:
#   java.desktop          EJML's matrix visualisation (DMatrixVisualization, DMatrixComponent): about 11 MB
#   jdk.incubator.vector  dev.ludovic.netlib's VectorBLAS, an incubator API it falls back from
modules="$(echo "$deps,jdk.unsupported,${LMM_EXTRA_MODULES:-}" | tr ',' '\n' | sed '/^$/d' \
  | grep -vx -e java.desktop -e jdk.incubator.vector | sort -u | paste -sd, -)"
stamp="$out/.lmm-modules"
if [ -x "$out/bin/java" ] && [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$modules" ]; then
  echo "build-runtime: $out is up to date (modules: $modules)"
  exit 0
fi
rm -rf "$out"
echo "build-runtime: jlink from $jdk, modules: $modules"
"$jdk/bin/jlink" --add-modules "$modules" --strip-debug --no-man-pages --no-header-files --compress=2 --output "$out"
echo "$modules" > "$stamp"
"$out/bin/java" -version
echo "build-runtime: size $(du -sh "$out" | cut -f1) ($out)"
