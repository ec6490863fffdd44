#!/usr/bin/env bash
# Fits every reference case N times (default 10) with `lmm fit --json` (the jar ./lmm runs) and checks that the JSON is the
# same every time, apart from the field that times the fit (fitTimeMs).
#   tools/check-determinism.sh [N] [DIR ...]   (default: the shared and the project's reference folders)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
n="${1:-10}"; shift || true
dirs=("$@")
[ ${#dirs[@]} -gt 0 ] || dirs=("$here/../shared/reference" "$here/server/src/test/resources/reference"
                               "$here/server/src/test/resources/reference-extra" "$here/server/src/test/resources/reference-corpus")
tmp="$(mktemp -d)"; trap 'rm -rf "$tmp"' EXIT
# one build for all runs: a copy of the jar, so that no rebuild happens in between (LMM_JAR: use that jar)
if [ -n "${LMM_JAR:-}" ]; then cp "$LMM_JAR" "$tmp/lmm-server.jar"; else
  (cd "$here" && mvn -q -B -ntp -DskipTests package >&2)
  cp "$here/server/target/lmm-server.jar" "$tmp/lmm-server.jar"
fi
files=0; bad=0
for d in "${dirs[@]}"; do
  for f in "$d"/*.lmm; do
    files=$((files + 1))
    for i in $(seq "$n"); do
      java -jar "$tmp/lmm-server.jar" fit "$f" --json 2>/dev/null | sed -E 's/"fitTimeMs": ?[0-9.eE+-]+/"fitTimeMs":0/g' > "$tmp/run$i.json" || true
    done
    for i in $(seq 2 "$n"); do
      if ! cmp -s "$tmp/run1.json" "$tmp/run$i.json"; then echo "DIFFERENT $f (run $i)"; bad=$((bad + 1)); break; fi
    done
  done
done
echo "$files files, $n runs each: $bad differ"
[ "$bad" -eq 0 ]
