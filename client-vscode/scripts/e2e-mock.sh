#!/usr/bin/env bash
# Checks the e2e harness and the client's commands against test/mock-server/MockServer.java,
# a stand-in for the server that fakes the LSP contract (used while the real server is unfinished).
# Builds build/mock/lmm-mock-server.jar from the real jar (for lsp4j) + the mock class, packages a
# .vsix with it into build/mock/, and runs test/e2e/e2e.mjs on it.
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
cd "$here"
real="${LMM_SERVER_JAR:-$here/../server/target/lmm-server.jar}"
mock="$here/build/mock"
rm -rf "$mock" && mkdir -p "$mock/classes"
javac -d "$mock/classes" -cp "$real" test/mock-server/MockServer.java
cp "$real" "$mock/lmm-mock-server.jar"
jar --update --file "$mock/lmm-mock-server.jar" --main-class MockServer -C "$mock/classes" .
LMM_SERVER_JAR="$mock/lmm-mock-server.jar" bash scripts/package.sh
mv build/lmm-linux-x64.vsix "$mock/lmm-mock-linux-x64.vsix"
rm -f build/lmm.vsix
LMM_E2E_MODE=mock LMM_VSIX="$mock/lmm-mock-linux-x64.vsix" LMM_E2E_OUT="$here/build/e2e-mock" node test/e2e/e2e.mjs
