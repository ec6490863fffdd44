#!/usr/bin/env bash
# The language server at 10⁶ rows (not a test): open, hover and completion (idle and while a fit
# runs), diagnostics after edits, a fit's progress and its cancellation, through JSON-RPC over pipes.
# Figures in docs/performance.md ("The language server at 10⁶ rows").
#
#   bench/lsp-million.sh [DOCUMENT [REQUESTS [EVALUATIONS [full]]]]
#     defaults bench/movielens.lmm, 200 requests per figure, cancel after 3 evaluations; "full" adds a
#     fit to the end. Heap: LMM_BENCH_XMX (default 3g). Data: Rscript bench/gen_movielens.R bench/data
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
cd "$root"
doc="${1:-bench/movielens.lmm}"
if [ "$doc" = bench/movielens.lmm ] && [ ! -f bench/data/movielens.csv ]; then
  echo "bench/data/movielens.csv is missing: Rscript bench/gen_movielens.R bench/data" >&2
  exit 2
fi
mvn -q -B -ntp -DskipTests package >&2
mvn -q -B -ntp test-compile -pl server >&2
mvn -q -B -ntp dependency:build-classpath -pl server -Dmdep.outputFile="$root/server/target/bench-cp.txt" >&2
cp="$root/server/target/classes:$root/server/target/test-classes:$(cat "$root/server/target/bench-cp.txt")"
echo "cpu: $(lscpu | sed -n 's/^Model name: *//p' | head -1), $(nproc) cores; load: $(cut -d' ' -f1-3 /proc/loadavg)"
# the JVM as ./lmm lsp runs it (both JIT tiers), with a heap for 10⁶ rows
java -Xmx"${LMM_BENCH_XMX:-3g}" -cp "$cp" lmm.lsp.LspMillionBench "$doc" "${2:-200}" "${3:-3}" ${4:+"$4"} 2>"$root/server/target/lsp-million.err"
