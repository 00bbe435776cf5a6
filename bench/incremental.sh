#!/usr/bin/env bash
# Adding a batch to a large store: the incremental update of the cross-article layer and of the
# search index (`rasd ingest`) beside a recompute of the whole layer (`rasd ingest --recompute`),
# side by side on copies of one store. Reports, over RUNS runs each, the median seconds after
# analysis (storing + cross-article layer + index), the median of the cross-article part alone,
# the peak memory (max RSS, analysis models included), and whether the two end with the same
# stories, copies and fused events.
#
# Usage: bench/incremental.sh BASE_DUMP ADD_DUMP [WORK_DIR=/tmp/rasd-bench-incremental] [RUNS=3]
#   BASE_DUMP: JSON Lines dump(s) of the store to add to (e.g. the news corpus less its latest
#   100 records), ADD_DUMP: the batch to add (those 100). bench/split_dump.py makes both.
set -euo pipefail
cd "$(dirname "$0")/.."
base_dump=$1
add_dump=$2
work=${3:-/tmp/rasd-bench-incremental}
runs=${4:-3}
cargo build --release -q -p rasd-cli
bin=$(pwd)/${CARGO_TARGET_DIR:-target}/release/rasd
mkdir -p "$work"
if [ ! -f "$work/base/rasd.sqlite" ]; then
  echo "building the base store from $base_dump (once; analysis of every record)…" >&2
  "$bin" ingest "$base_dump" --data-dir "$work/base" --recompute >/dev/null
fi
# The base store linked by this build, so that both runs start from the same layer.
"$bin" ingest "$base_dump" --data-dir "$work/base" --recompute >/dev/null
run() { # mode label
  local dir="$work/$2"
  rm -rf "$dir" && cp -r "$work/base" "$dir"
  local flags=()
  [ "$1" = recompute ] && flags=(--recompute)
  /usr/bin/time -f '%M' -o "$work/$2.rss" "$bin" ingest "$add_dump" --data-dir "$dir" "${flags[@]}" \
    >"$work/$2.json"
  python3 - "$work/$2.json" "$work/$2.rss" <<'PY'
import json, sys
s = json.load(open(sys.argv[1]))["seconds"]
rss = int(open(sys.argv[2]).read().split()[-1])
after = s["store"] + s["cross_article"] + s["index"]
print(f'{after:.3f} {s["cross_article"]:.3f} {rss}')
PY
}
for mode in update recompute; do
  for i in $(seq "$runs"); do
    run "$mode" "$mode-$i" >>"$work/$mode.txt"
  done
done
python3 - "$work" "$runs" <<'PY'
import sqlite3, statistics, sys
work, runs = sys.argv[1], int(sys.argv[2])
rows = {}
for mode in ["update", "recompute"]:
    vals = [list(map(float, l.split())) for l in open(f"{work}/{mode}.txt").read().split("\n") if l][-runs:]
    rows[mode] = [statistics.median(v[i] for v in vals) for i in range(3)]
    print(f"{mode:<10} after analysis {rows[mode][0]:8.3f} s   cross-article {rows[mode][1]:8.3f} s"
          f"   max RSS {rows[mode][2] / 1024:8.0f} MiB   (median of {runs})")
print(f"update is {rows['recompute'][0] / rows['update'][0]:.1f}x faster after analysis, "
      f"{rows['recompute'][1] / rows['update'][1]:.1f}x on the cross-article layer")
def layer(path):
    c = sqlite3.connect(path)
    q = lambda sql: set(c.execute(sql).fetchall())
    return {
        "stories": q("SELECT group_concat(id) FROM (SELECT id, story FROM articles ORDER BY id) GROUP BY story"),
        "copies": q("SELECT article, canonical FROM duplicates"),
        "fused reports": q("SELECT group_concat(article || ':' || event) FROM (SELECT * FROM fused_mentions ORDER BY article, event) GROUP BY fused"),
        "canonical": q("SELECT group_concat(article || ':' || idx) FROM (SELECT * FROM article_entities ORDER BY article, idx) GROUP BY canonical"),
    }
u, r = layer(f"{work}/update-1/rasd.sqlite"), layer(f"{work}/recompute-1/rasd.sqlite")
for k in u:
    same = len(u[k] & r[k])
    print(f"{k:<14} same in both: {same} of {len(r[k])} (recompute) / {len(u[k])} (update)")
PY
