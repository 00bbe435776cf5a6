#!/bin/sh
# Reader figures on the annotated corpus (one split) and on synthetic saved-article files.
#   scripts/reader/eval.sh [train|dev|test] [SYNTH_DIR...]   (after scripts/reader/make_pages.py)
set -e
cd "$(dirname "$0")/../.."
split=${1:-train}; shift || true
bin=${CARGO_TARGET_DIR:-target}/release/examples/read_json
cargo build --release -q -p rasd-reader --example read_json
tmp=$(mktemp -d)
"$bin" data/annotated/texts/*.txt > "$tmp/annotated.jsonl"
printf 'annotated %s: ' "$split"
python3 scripts/reader/score_reader.py --gold data/annotated/gold --system "$tmp/annotated.jsonl" \
  --manifest data/annotated/manifest.tsv --split "$split" $SHOW
for d in "$@"; do
  "$bin" "$d"/texts/*.txt > "$tmp/synth.jsonl"
  printf 'synthetic %s: ' "$d"
  python3 scripts/reader/score_reader.py --gold "$d/gold" --system "$tmp/synth.jsonl" $SHOW
done
rm -r "$tmp"
