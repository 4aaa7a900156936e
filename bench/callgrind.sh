#!/bin/sh
# Instructions per chunk of one contestant on one cell (bench/instructions.ts), counted by callgrind: the
# process run with BENCH_RUNS=1 and BENCH_RUNS=1+$EXTRA (default 2) after the same warm-up, the difference
# divided by the extra runs' chunks. Repeatable under load (a count, not a time).
#   sh bench/callgrind.sh <provider> <chunks> <16KiB|200B|64B> <model|client|drain|onEnd|settle|floor|sdk>
# BENCH_LIBRARY=<checkout> counts another build (bench/published.mjs).
set -e
cd "$(dirname "$0")/.."
extra=${EXTRA:-2}
count() {
  out=$(mktemp)
  BENCH_RUNS=$1 valgrind --tool=callgrind --smc-check=all-non-file --callgrind-out-file=/dev/null \
    node --import tsx --import ./bench/register.mjs bench/instructions.ts "$2" "$3" "$4" "$5" 2>"$out" >/dev/null
  grep -o "Collected : [0-9]*" "$out" | grep -o "[0-9]*"
  rm -f "$out"
}
one=$(count 1 "$@")
more=$(count $((1 + extra)) "$@")
chunks=$2
echo "$1 $2 $3 $4: $(( (more - one) / (extra * chunks) )) instructions per chunk ($one, $more)"
