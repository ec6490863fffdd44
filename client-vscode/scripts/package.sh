#!/usr/bin/env bash
# Builds the extension packages:
#   build/lmm-linux-x64.vsix  - with the server jar and a jlink'ed Java runtime (no Java needed)
#   build/lmm.vsix            - platform-neutral, with the server jar but no runtime (needs Java 17+)
# Needs: npm ci done, the server jar built (mvn -B -q package -DskipTests at the repo root),
# a JDK 17 with jlink. The jar may be given with LMM_SERVER_JAR.
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
cd "$here"
jar="${LMM_SERVER_JAR:-$here/../server/target/lmm-server.jar}"
[ -f "$jar" ] || { echo "package: server jar not found: $jar (run 'mvn -B -q package -DskipTests' at the repo root)" >&2; exit 1; }

bash scripts/build-runtime.sh "$jar"
node scripts/esbuild.mjs --production
mkdir -p server build
cp "$jar" server/lmm-server.jar

vsce=node_modules/.bin/vsce
"$vsce" package --target linux-x64 --no-dependencies --skip-license --allow-missing-repository -o build/lmm-linux-x64.vsix
grep -v '^!runtime/' .vscodeignore > build/.vscodeignore.neutral
"$vsce" package --no-dependencies --skip-license --allow-missing-repository --ignoreFile build/.vscodeignore.neutral -o build/lmm.vsix
ls -l build/*.vsix
