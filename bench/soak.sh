#!/usr/bin/env bash
# Soak benchmark of the language server (not a test): heap after GC while 100 distinct 8 MB CSV files
# are opened and closed, hover latency during 2 000 rapid edits of a 100 000-row document, and 50
# fits asked for at once. Figures in docs/performance.md ("Soak").
#
#   bench/soak.sh [FILES [EDITS [FITS]]]     # defaults 100 2000 50; heap: LMM_SOAK_XMX (default 512m)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
cd "$root"
mvn -q -B -ntp -DskipTests package >&2
mvn -q -B -ntp test-compile -pl server >&2
mvn -q -B -ntp dependency:build-classpath -pl server -Dmdep.outputFile="$root/server/target/bench-cp.txt" >&2
cp="$root/server/target/classes:$root/server/target/test-classes:$(cat "$root/server/target/bench-cp.txt")"
echo "cpu: $(lscpu | sed -n 's/^Model name: *//p' | head -1), $(nproc) cores; load: $(cut -d' ' -f1-3 /proc/loadavg)"
java -Xmx"${LMM_SOAK_XMX:-512m}" -cp "$cp" lmm.lsp.SoakBench "${1:-100}" "${2:-2000}" "${3:-50}" 2>/dev/null
