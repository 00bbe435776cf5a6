#!/usr/bin/env bash
# Run every fuzz target for SECONDS each (default 60), two at a time, on the stable toolchain.
#   fuzz/run_all.sh [SECONDS]
set -euo pipefail
cd "$(dirname "$0")"
secs="${1:-60}"
targets=(decode reader text_layer extract_article jsonl_records html)
export RUSTC_BOOTSTRAP=1
cargo fuzz build -O
run() {
  mkdir -p "target/corpus/$1"
  cargo fuzz run -O "$1" "target/corpus/$1" "seeds/$1" -- -max_total_time="$secs" -rss_limit_mb=2048 -max_len=65536 \
    > "target/fuzz-$1.log" 2>&1 && echo "$1: ok ($(grep -o 'Done [0-9]* runs' "target/fuzz-$1.log" | tail -1))" \
    || { echo "$1: FAILED (target/fuzz-$1.log)"; return 1; }
}
mkdir -p target
status=0
for ((i = 0; i < ${#targets[@]}; i += 2)); do
  run "${targets[$i]}" & a=$!
  if ((i + 1 < ${#targets[@]})); then run "${targets[$((i + 1))]}" & b=$!; wait $b || status=1; fi
  wait $a || status=1
done
exit $status
