#!/usr/bin/env bash
# Runs the launcher `./lmm fit examples/dung.lmm` many times (default 200, two at a time) and fails
# unless every run exits 0 and prints β0 of the seed's example. It guards against launcher steps that
# end the script silently (a pipe closed early under pipefail exited 141 on some runs).
# Usage: tools/test-launcher.sh [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${1:-200}"
./lmm --version >/dev/null # builds the jar and the class-data archive once, outside the count
log="$(mktemp -d)"
trap 'rm -rf "$log"' EXIT
# The JVM flags the launcher adds (JIT tier, class-data sharing) must not write to stdout, where
# the JSON goes, nor chatter on stderr.
./lmm fit --json examples/dung.lmm >"$log/json.out" 2>"$log/json.err"
if [ "$(head -c 19 "$log/json.out")" != '{"file":"dung.lmm",' ] || [ "$(tail -c 2 "$log/json.out" | head -c 1)" != '}' ]; then
  echo "launcher: ./lmm fit --json examples/dung.lmm did not print JSON alone on stdout; it began: $(head -c 200 "$log/json.out")" >&2
  exit 1
fi
if [ -s "$log/json.err" ]; then
  echo "launcher: ./lmm fit --json examples/dung.lmm wrote to stderr: $(head -c 400 "$log/json.err")" >&2
  exit 1
fi
one() {
  local i="$1" status=0
  # a run that hangs is a failure with a message, not a CI job that never ends
  timeout 120 ./lmm fit examples/dung.lmm >"$log/$i.out" 2>"$log/$i.err" || status=$?
  if [ "$status" -eq 124 ]; then
    echo "run $i: no exit within 120 s (hung); stderr: $(head -c 400 "$log/$i.err")" >"$log/$i.fail"
  elif [ "$status" -ne 0 ] || ! grep -q "0.1662317" "$log/$i.out"; then
    echo "run $i: exit $status; stderr: $(head -c 400 "$log/$i.err")" >"$log/$i.fail"
  fi
}
export -f one
export log
seq 1 "$runs" | xargs -P 2 -I{} bash -c 'one {}'
failures=$(find "$log" -name '*.fail' | wc -l)
if [ "$failures" -ne 0 ]; then
  cat "$log"/*.fail | head -20 >&2
  echo "launcher: $failures of $runs runs failed" >&2
  exit 1
fi
echo "launcher: $runs of $runs runs of ./lmm fit examples/dung.lmm exited 0 with the expected output"
