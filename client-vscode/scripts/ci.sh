#!/usr/bin/env bash
# CI of the VS Code extension. Run AFTER the Maven build (server/target/lmm-server.jar exists).
# Works on a fresh Debian machine that reaches only the package registries; idempotent.
#   1. Debian packages: chromium, libkrb5-dev, pkg-config (+ build tools) when missing
#   2. npm ci
#   3. unit tests (Java discovery, webview) and grammar tests
#   4. the .vsix files (jlink runtime, esbuild, vsce)
#   5. code-server + Node 24 (cached in build/e2e-tools) and the end-to-end test
# Environment: LMM_E2E=skip  leaves out steps 5 (e.g. on a machine without root).
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
cd "$here"
start=$(date +%s)
stage() { echo; echo "=== client-vscode ci: $* ($(( $(date +%s) - start )) s)"; }

stage "Debian packages"
missing=()
command -v chromium >/dev/null || missing+=(chromium)
command -v pkg-config >/dev/null || missing+=(pkg-config)
command -v krb5-config >/dev/null || missing+=(libkrb5-dev)
command -v g++ >/dev/null || missing+=(g++)
command -v make >/dev/null || missing+=(make)
command -v python3 >/dev/null || missing+=(python3)
command -v unshare >/dev/null || missing+=(util-linux)
command -v jlink >/dev/null || [ -x /usr/lib/jvm/java-17-openjdk-amd64/bin/jlink ] || missing+=(openjdk-17-jdk-headless)
if [ ${#missing[@]} -gt 0 ]; then
  echo "installing: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" > /dev/null
else
  echo "all present"
fi

stage "npm ci"
npm ci --no-audit --no-fund --loglevel=error

stage "typecheck"
npx tsc -p .

stage "unit tests"
npm run -s test:unit

stage "grammar tests"
npm run -s test:grammar

stage "package the .vsix files"
bash scripts/package.sh
du -sh runtime | awk '{print "bundled Java runtime: " $1}'

if [ "${LMM_E2E:-}" = skip ]; then
  stage "e2e skipped (LMM_E2E=skip)"
  exit 0
fi

stage "code-server and Node 24 for the e2e test"
bash scripts/setup-e2e-tools.sh

stage "end-to-end test (no Java on PATH; the bundled runtime runs the server)"
rc=0
node test/e2e/e2e.mjs || rc=1
stage "end-to-end test of the platform-neutral .vsix with no Java at all (the error must say how to fix it)"
LMM_E2E_MODE=no-java node test/e2e/e2e.mjs || rc=1
stage "done"
exit $rc
