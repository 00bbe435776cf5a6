#!/usr/bin/env bash
# Main-text extraction from web pages, side by side: rasd (`rasd eval html`), trafilatura and
# readability-lxml (`pip install trafilatura readability-lxml`) on the same pages, the same
# bag-of-words F1 against the gold text, per page and averaged over the tuning half, the dev
# half (pages rasd's rules were not tuned on) and all; and pages/s of each, single-threaded,
# over REPEAT passes (rasd's figure includes decoding and metadata). The extractors run RUNS
# times, taking turns (rasd, then the peers, then rasd again…) so that a busy machine slows
# them alike; the pages/s are the medians of the runs, each run's figure printed beside. rasd
# makes ten times REPEAT passes, so that its timed stretch (well under a second otherwise) is
# seconds long as the peers' are.
#
# Usage: bench/html.sh [DIR=../shared/data/html-pages] [REPEAT=20] [RUNS=5]
set -euo pipefail
cd "$(dirname "$0")/.."
dir=${1:-../shared/data/html-pages}
repeat=${2:-20}
runs=${3:-5}
cargo build --release -q -p rasd-cli
bin=${CARGO_TARGET_DIR:-target}/release/rasd
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
for run in $(seq "$runs"); do
  "$bin" eval html "$dir" --format json --repeat "$((repeat * 10))" >"$out/rasd.$run"
  python3 bench/peers/html_peers.py "$dir" "$repeat" >"$out/peers.$run"
done
python3 - "$out" "$runs" <<'PY'
import json, statistics, sys
out, n = sys.argv[1], int(sys.argv[2])
rasd_runs = [json.load(open(f"{out}/rasd.{i}")) for i in range(1, n + 1)]
peer_runs = [[json.loads(l) for l in open(f"{out}/peers.{i}") if l.strip()] for i in range(1, n + 1)]
rasd = rasd_runs[0]
speeds = {"rasd": [r["pages_per_second"] for r in rasd_runs]}
cpu = {"rasd": [r.get("cpu_pages_per_second") for r in rasd_runs]}
for pr in peer_runs:
    for p in pr:
        speeds.setdefault(p["extractor"], []).append(p["pages_per_second"])
        cpu.setdefault(p["extractor"], []).append(p.get("cpu_pages_per_second"))
runs = [("rasd", {p["id"]: p["f1"] for p in rasd["pages"]},
         rasd["tune"]["f1"], rasd["dev"]["f1"], rasd["all"]["f1"],
         statistics.median(speeds["rasd"]))]
for p in peer_runs[0]:
    runs.append((p["extractor"], {x["id"]: x["f1"] for x in p["pages"]},
                 p["tune"], p["dev"], p["all"], statistics.median(speeds[p["extractor"]])))
ids = [p["id"] for p in rasd["pages"]]
splits = {p["id"]: p["split"] for p in rasd["pages"]}
print(f"{'page':<24} {'split':<5}" + "".join(f" {r[0]:>12}" for r in runs))
for i in ids:
    print(f"{i:<24} {splits[i]:<5}" + "".join(f" {r[1][i]:>12.3f}" for r in runs))
for label, k in [("mean F1 tune", 2), ("mean F1 dev", 3), ("mean F1 all", 4)]:
    print(f"{label:<30}" + "".join(f" {r[k]:>12.3f}" for r in runs))
print(f"{'pages/s (median of ' + str(n) + ' runs)':<30}" + "".join(f" {r[5]:>12.1f}" for r in runs))
for r in runs:
    print(f"  {r[0]} runs: " + ", ".join(f"{x:.1f}" for x in speeds[r[0]]))
traf = next(r[5] for r in runs if r[0] == "trafilatura")
ratios = [a / b for a, b in zip(speeds["rasd"], speeds["trafilatura"])]
print(f"rasd is {runs[0][5] / traf:.1f}x trafilatura's pages/s (medians; run by run "
      + ", ".join(f"{x:.1f}x" for x in ratios) + ")")
if all(x is not None for xs in cpu.values() for x in xs):
    # Per CPU second of the extracting thread: what a machine shared with other work does not
    # inflate (wall-clock pages/s fall with the load, each extractor's by its own luck).
    med = {k: statistics.median(v) for k, v in cpu.items()}
    print(f"{'pages per CPU second (median)':<30}" + "".join(f" {med[r[0]]:>12.1f}" for r in runs))
    print(f"rasd is {med['rasd'] / med['trafilatura']:.1f}x trafilatura's pages per CPU second")
d = rasd["all"]
print(f"rasd date right {d['date_right']}, title right {d['title_right']} (pages with gold)")
PY
