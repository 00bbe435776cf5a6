#!/usr/bin/env bash
# API throughput of `rasd serve` on loopback under wrk (Debian's `wrk`): each endpoint for
# SECONDS with CONNECTIONS connections on 2 wrk threads, RUNS times; prints the median
# requests/s and the median of the runs' p50/p99 latencies. Endpoints: a trivial one
# (`status`: the server's floor), searches with facets, an article view, pages of events and
# fused events, an entity page, the network.
#
# Each endpoint is measured twice: with answers computed anew for every request
# (`--no-cache`: the queries themselves) and as served (answers kept until the store changes).
# `cold ms` is the time of the endpoint's first request to the server (one request).
#
# Usage: bench/api.sh DATA_DIR [SECONDS=5] [CONNECTIONS=16] [RUNS=3]
# (DATA_DIR: a store filled by `rasd ingest`, e.g. the news corpus.)
set -euo pipefail
data=${1:?usage: bench/api.sh DATA_DIR [SECONDS] [CONNECTIONS] [RUNS]}
secs=${2:-5}
conns=${3:-16}
runs=${4:-3}
cd "$(dirname "$0")/.."
command -v wrk >/dev/null || { echo "needs wrk (apt-get install wrk)" >&2; exit 1; }
cargo build --release -q -p rasd-cli
enc() { python3 -c 'import sys, urllib.parse; print(urllib.parse.quote(sys.argv[1]))' "$1"; }
to_ms() { awk '{v=$1; if (v ~ /us$/) {sub(/us/,"",v); v/=1000} else if (v ~ /ms$/) {sub(/ms/,"",v)} else if (v ~ /s$/) {sub(/s/,"",v); v*=1000}; printf "%.2f", v}'; }
median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
for mode in --no-cache cached; do
  out=$(mktemp)
  flag=(); [ "$mode" = --no-cache ] && flag=(--no-cache)
  target/release/rasd serve --data-dir "$data" --port 0 "${flag[@]}" >"$out" 2>/dev/null &
  server=$!
  trap 'kill $server 2>/dev/null' EXIT
  for _ in $(seq 50); do [ -s "$out" ] && break; sleep 0.2; done
  base=$(head -1 "$out")
  base=${base%/}
  article=$(curl -s "$base/api/v1/events?limit=1" | python3 -c 'import json,sys; print(json.load(sys.stdin)["events"][0]["article"])')
  entity=$(curl -s "$base/api/v1/entities?limit=1" | python3 -c 'import json,sys; print(json.load(sys.stdin)["entities"][0]["id"])')
  endpoints=(
    "/api/v1/status"
    "/api/v1/search?q=$(enc 'المفاوضات')"
    "/api/v1/search?q=$(enc 'وزير الخارجية')&limit=20"
    "/api/v1/search?q=$(enc 'غزة')&type=ASSAULT"
    "/api/v1/articles/$article"
    "/api/v1/events?type=CONSULT&limit=50"
    "/api/v1/fused-events?contradicted=true&limit=20"
    "/api/v1/entities/$entity"
    "/api/v1/stories?limit=20"
    "/api/v1/timeline"
    "/api/v1/network?limit=50"
  )
  echo "== ${mode#--} (wrk -t2 -c$conns -d${secs}s, median of $runs runs)"
  printf '%-46s %9s %10s %9s %9s\n' endpoint "cold ms" "req/s" "p50 ms" "p99 ms"
  for path in "${endpoints[@]}"; do
    cold=$(curl -s -o /dev/null -w '%{time_total}' "$base$path" | awk '{printf "%.1f", $1*1000}')
    rps=(); p50=(); p99=()
    for _ in $(seq "$runs"); do
      report=$(wrk -t2 -c"$conns" -d"${secs}s" --latency "$base$path")
      rps+=("$(awk '/Requests\/sec/ {print $2}' <<<"$report")")
      p50+=("$(awk '$1=="50%" {print $2}' <<<"$report" | to_ms)")
      p99+=("$(awk '$1=="99%" {print $2}' <<<"$report" | to_ms)")
    done
    printf '%-46s %9s %10s %9s %9s\n' "$(python3 -c 'import sys, urllib.parse; print(urllib.parse.unquote(sys.argv[1]))' "$path")" \
      "$cold" "$(median "${rps[@]}")" "$(median "${p50[@]}")" "$(median "${p99[@]}")"
  done
  kill $server 2>/dev/null; wait $server 2>/dev/null || true
done
