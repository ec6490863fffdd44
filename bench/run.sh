#!/usr/bin/env bash
# The engine against R's lme4, same machine, same run, same BLAS.
#
#   bench/run.sh            # everything (about 3-5 minutes on 2 cores)
#   QUICK=1 bench/run.sh    # fewer repetitions, no CSV timing
#   MOVIELENS=1 bench/run.sh     # also the MovieLens-1M-shaped fit (adds about 5 minutes, most of it lme4)
#   MOVIELENS=only bench/run.sh  # that section alone
#   SKIP_JAVA=1 bench/run.sh     # without the pure-Java section (R on the reference BLAS takes minutes per fit)
#
# Sections:
#   native  : the engine's default path (LAPACK dpotrf over the system's liblapack.so.3, here OpenBLAS)
#             against R on the same OpenBLAS;
#   java    : the engine forced to pure Java (-Dlmm.linalg=java: EJML) against R on Debian's reference
#             BLAS/LAPACK (LD_PRELOAD of blas/libblas.so.3 and lapack/liblapack.so.3);
#   csv     : reading a 1 000 000-row x 10-column CSV;
#   movielens (optional): 1 000 209 ratings, 6 040 users x 3 706 movies, crossed random intercepts
#             (bench/gen_movielens.R): whole-process `./lmm fit --json` with its peak RSS and the
#             engine's own phase figures, against Rscript (read.csv + lmer + summary) with lmer's time
#             and peak RSS, one run each.
# In-process times are lmer's system.time against ModelFitter.fit (data already in memory), cold (first
# fit in the process) and warm (best of the next fits). Whole-process times are `Rscript` (load lme4,
# read.csv, lmer, print the summary) against `./lmm fit` (start the JVM, read the CSV, fit, print).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
cd "$root"
data="$here/data"
quick="${QUICK:-0}"
movielens="${MOVIELENS:-0}"
reps_big=$([ "$quick" = 1 ] && echo 2 || echo 3)
reps_whole=$([ "$quick" = 1 ] && echo 1 || echo 3)
refblas=/usr/lib/x86_64-linux-gnu/blas/libblas.so.3
reflapack=/usr/lib/x86_64-linux-gnu/lapack/liblapack.so.3

echo "== build"
mvn -q -B -o -DskipTests package >&2
mvn -q -B -o test-compile -pl server >&2
mvn -q -B -o dependency:build-classpath -pl server -Dmdep.outputFile="$root/server/target/bench-cp.txt" >&2
cp="$root/server/target/classes:$root/server/target/test-classes:$(cat "$root/server/target/bench-cp.txt")"
jar="$root/server/target/lmm-server.jar"
touch "$jar"   # ./lmm rebuilds when sources are newer than the jar; never inside a timing

echo "== data"
if [ ! -f "$data/insteval.csv" ] || [ ! -f "$data/crossed.csv" ]; then Rscript "$here/gen_data.R" "$data"; fi
cp "$root/server/src/test/resources/reference/sleepstudy.csv" "$data/sleepstudy.csv"
if [ "$movielens" != 0 ] && [ ! -f "$data/movielens.csv" ]; then Rscript "$here/gen_movielens.R" "$data"; fi

echo "== machine"
echo "cpu: $(lscpu | sed -n 's/^Model name: *//p' | head -1), $(nproc) cores; load: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "java: $(java -version 2>&1 | head -1)"
echo "R: $(Rscript -e 'cat(R.version.string, "lme4", as.character(packageVersion("lme4")))')"
echo "default BLAS for R: $(Rscript -e 'cat(extSoftVersion()[["BLAS"]], La_library())')"
echo "reference BLAS for R: $(LD_PRELOAD="$refblas:$reflapack" Rscript -e 'cat(extSoftVersion()[["BLAS"]], La_library())' 2>&1 | tail -1)"

results="$(mktemp)"
trap 'rm -f "$results"' EXIT

best_of() {  # best_of N command... : best wall time in seconds of N runs (stdout discarded)
  local n="$1"; shift
  local best=""
  for _ in $(seq "$n"); do
    local t0 t1
    t0=$(date +%s.%N); "$@" > /dev/null; t1=$(date +%s.%N)
    best=$(awk -v a="$best" -v b="$(awk -v x="$t0" -v y="$t1" 'BEGIN{print y-x}')" 'BEGIN{ if (a=="" || b<a) print b; else print a }')
  done
  echo "$best"
}

run_section() {  # run_section NAME JAVA_PROPS R_PRELOAD
  local name="$1" props="$2" preload="$3"
  echo "== $name: in process"
  local e r
  for model in insteval crossed sleepstudy; do
    local reps=$reps_big
    [ "$model" = sleepstudy ] && reps=200
    [ "$model" = crossed ] && reps=1
    # R on the reference BLAS needs minutes for the large crossed design: one fit (cold = warm) there
    [ "$model" = crossed ] && [ -n "$preload" ] && reps=0
    e=$(java $props -cp "$cp" lmm.bench.FitBench "$here/$model.lmm" "$reps")
    r=$(LD_PRELOAD="$preload" Rscript "$here/lme4_fit.R" "$data" "$model" "$([ "$model" = sleepstudy ] && echo 50 || echo "$reps")")
    echo "$e"; echo "$r"
    echo "$name $model $e" >> "$results"
    echo "$name $model $r" >> "$results"
  done
  echo "== $name: whole process (best of $reps_whole)"
  local tl tj tr
  if [ -z "$props" ]; then
    tl=$(best_of "$reps_whole" "$root/lmm" fit "$here/insteval.lmm")
    tj=$(best_of "$reps_whole" "$root/lmm" fit --json "$here/insteval.lmm")
  else
    tl=$(best_of "$reps_whole" java $props -jar "$jar" fit "$here/insteval.lmm")
    tj=$(best_of "$reps_whole" java $props -jar "$jar" fit --json "$here/insteval.lmm")
  fi
  tr=$(best_of "$reps_whole" env LD_PRELOAD="$preload" Rscript "$here/lme4_whole.R" "$data")
  # lmm's output has Satterthwaite df and p-values; lme4's summary has neither, lmerTest's has both
  tt=$(best_of "$reps_whole" env LD_PRELOAD="$preload" Rscript "$here/lme4_whole.R" "$data" insteval-lmertest)
  echo "lmm fit: $tl s   lmm fit --json: $tj s   Rscript lme4: $tr s   Rscript lmerTest: $tt s"
  echo "$name whole lmm=$tl json=$tj R=$tr Rt=$tt" >> "$results"
}

movielens_section() {
  echo "== movielens: 1 000 209 ratings, 6 040 users x 3 706 movies (one run each; load before: $(cut -d' ' -f1-3 /proc/loadavg))"
  local tl out
  tl="$(mktemp)"; out="$(mktemp)"
  /usr/bin/time -f "%e %M" -o "$tl" "$root/lmm" fit --json "$here/movielens.lmm" > "$out"
  read -r lw lm < "$tl"
  python3 -c 'import json,sys; m=json.load(open(sys.argv[1]))["models"][0]; print("engine movielens loglik=%.10f evals=%d fit_s=%.2f theta=%s" % (m["logLik"], m["evaluations"], m["fitTimeMs"] / 1e3, ",".join("%.10g" % t for t in m["theta"])))' "$out"
  echo "engine whole process: $lw s, peak RSS $((lm / 1024)) MB"
  # the phases in a JVM with the launcher's JIT choice (C1 alone with a tuned LAPACK)
  java -XX:TieredStopAtLevel=1 -cp "$cp" lmm.bench.ProcessPhases "$here/movielens.lmm"
  /usr/bin/time -f "%e %M" -o "$tl" Rscript "$here/lme4_whole.R" "$data" movielens > /dev/null 2> "$out"
  grep '^lme4 movielens' "$out" || cat "$out"
  read -r rw rm < "$tl"
  echo "lme4 whole process: $rw s, peak RSS $((rm / 1024)) MB (load after: $(cut -d' ' -f1-3 /proc/loadavg))"
  echo "movielens whole lmm=$lw R=$rw" >> "$results"
  rm -f "$tl" "$out"
}

if [ "$movielens" = only ]; then
  movielens_section
  exit 0
fi

run_section native "" ""
if [ "${SKIP_JAVA:-0}" != 1 ]; then run_section java "-Dlmm.linalg=java" "$refblas:$reflapack"; fi
if [ "$movielens" != 0 ]; then movielens_section; fi

if [ "$quick" != 1 ]; then
  echo "== csv: 1 000 000 rows x 10 columns"
  java -cp "$cp" lmm.data.CsvLoadBenchmark 1000000 5 | tail -2
fi

echo
echo "== summary (ratio = lme4 time / engine time; > 1 means the engine is faster)"
awk '
  function val(line, key,   m) { if (match(line, key "=[^ ]+")) return substr(line, RSTART + length(key) + 1, RLENGTH - length(key) - 1); return "" }
  $3 == "engine" { ek = $1 " " $2; ec[ek] = val($0, "cold_s"); ew[ek] = val($0, "warm_s"); ee[ek] = val($0, "evals"); el[ek] = val($0, "loglik"); ela[ek] = substr($0, index($0, "linalg=") + 7) }
  $3 == "lme4"   { rk = $1 " " $2; rc[rk] = val($0, "cold_s"); rw[rk] = val($0, "warm_s"); re[rk] = val($0, "evals"); rl[rk] = val($0, "loglik"); rb[rk] = val($0, "blas") }
  $1 == "movielens" { ml = val($0, "lmm"); mr = val($0, "R") }
  $2 == "whole" && $1 != "movielens" { wl[$1] = val($0, "lmm"); wj[$1] = val($0, "json"); wr[$1] = val($0, "R"); wt[$1] = val($0, "Rt") }
  END {
    if (ml != "") printf "movielens whole process: Rscript %.1f s | ./lmm fit --json %.1f s (ratio %.1fx)\n", mr, ml, mr / ml
    split("native java", secs, " ")
    split("insteval crossed sleepstudy", models, " ")
    for (s = 1; s <= 2; s++) {
      for (m = 1; m <= 3; m++) {
        k = secs[s] " " models[m]
        if (!(k in ec)) continue
        printf "%-6s %-10s engine cold %8.4f s warm %8.4f s (%3d evals, %s) | lme4 cold %8.4f s warm %8.4f s (%3d evals, BLAS %s) | warm ratio %5.1fx cold ratio %5.1fx | logLik rel diff %.1e\n", \
          secs[s], models[m], ec[k], ew[k], ee[k], ela[k], rc[k], rw[k], re[k], rb[k], rw[k] / ew[k], rc[k] / ec[k], (el[k] - rl[k]) / (rl[k] < 0 ? -rl[k] : rl[k])
      }
      if (secs[s] in wl) printf "%-6s whole process insteval: Rscript %.2f s | ./lmm fit %.2f s (ratio %.1fx) | ./lmm fit --json %.2f s (ratio %.1fx)\n", secs[s], wr[secs[s]], wl[secs[s]], wr[secs[s]] / wl[secs[s]], wj[secs[s]], wr[secs[s]] / wj[secs[s]]
      if (secs[s] in wt) printf "%-6s whole process insteval with df and p: Rscript lmerTest %.2f s | ./lmm fit --json %.2f s (ratio %.1fx)\n", secs[s], wt[secs[s]], wj[secs[s]], wt[secs[s]] / wj[secs[s]]
    }
  }' "$results"
