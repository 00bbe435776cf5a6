#!/usr/bin/env bash
# Main-text extraction from web pages, side by side: rasd (`rasd eval html`), trafilatura and
# readability-lxml (`pip install trafilatura readability-lxml`) on the same pages, the same
# bag-of-words F1 against the gold text, per page and averaged over the tuning half, the dev
# half (pages rasd's rules were not tuned on) and all; and pages/s of each, single-threaded,
# over REPEAT passes (rasd's figure includes decoding and metadata).
#
# Usage: bench/html.sh [DIR=../shared/data/html-pages] [REPEAT=20]
set -euo pipefail
cd "$(dirname "$0")/.."
dir=${1:-../shared/data/html-pages}
repeat=${2:-20}
cargo build --release -q -p rasd-cli
bin=${CARGO_TARGET_DIR:-target}/release/rasd
rasd_json=$("$bin" eval html "$dir" --format json --repeat "$repeat")
peers_json=$(python3 bench/peers/html_peers.py "$dir" "$repeat")
python3 - "$rasd_json" "$peers_json" <<'PY'
import json, sys
rasd = json.loads(sys.argv[1])
runs = [("rasd", {p["id"]: p["f1"] for p in rasd["pages"]},
         rasd["tune"]["f1"], rasd["dev"]["f1"], rasd["all"]["f1"], rasd["pages_per_second"])]
for line in sys.argv[2].splitlines():
    p = json.loads(line)
    runs.append((p["extractor"], {x["id"]: x["f1"] for x in p["pages"]},
                 p["tune"], p["dev"], p["all"], p["pages_per_second"]))
ids = [p["id"] for p in rasd["pages"]]
splits = {p["id"]: p["split"] for p in rasd["pages"]}
print(f"{'page':<24} {'split':<5}" + "".join(f" {r[0]:>12}" for r in runs))
for i in ids:
    print(f"{i:<24} {splits[i]:<5}" + "".join(f" {r[1][i]:>12.3f}" for r in runs))
for label, k in [("mean F1 tune", 2), ("mean F1 dev", 3), ("mean F1 all", 4)]:
    print(f"{label:<30}" + "".join(f" {r[k]:>12.3f}" for r in runs))
print(f"{'pages/s':<30}" + "".join(f" {r[5]:>12.1f}" for r in runs))
traf = next(r[5] for r in runs if r[0] == "trafilatura")
print(f"rasd is {runs[0][5] / traf:.1f}x trafilatura's pages/s")
d = rasd["all"]
print(f"rasd date right {d['date_right']}, title right {d['title_right']} (pages with gold)")
PY
