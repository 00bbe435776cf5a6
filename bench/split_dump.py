"""Split JSON Lines dumps into a base and a batch to add: the N latest records (by date) go to
the batch, the rest to the base (for bench/incremental.sh).

Usage: python3 bench/split_dump.py OUT_DIR N DUMP.jsonl.gz...
Writes OUT_DIR/base.jsonl.gz and OUT_DIR/add.jsonl.gz.
"""
import gzip
import json
import os
import sys


def main():
    out, n, dumps = sys.argv[1], int(sys.argv[2]), sys.argv[3:]
    lines = []
    for d in dumps:
        opener = gzip.open if d.endswith(".gz") else open
        with opener(d, "rt", encoding="utf-8") as f:
            lines.extend(l for l in f if l.strip())
    day = lambda l: (json.loads(l).get("date") or "")[:10]
    order = sorted(range(len(lines)), key=lambda i: (day(lines[i]), i))
    batch = set(order[-n:])
    os.makedirs(out, exist_ok=True)
    with gzip.open(f"{out}/base.jsonl.gz", "wt", encoding="utf-8") as b, \
            gzip.open(f"{out}/add.jsonl.gz", "wt", encoding="utf-8") as a:
        for i, l in enumerate(lines):
            (a if i in batch else b).write(l)
    print(f"{len(lines) - len(batch)} base records, {len(batch)} to add "
          f"({day(lines[order[-n]])} to {day(lines[order[-1]])})")


if __name__ == "__main__":
    main()
