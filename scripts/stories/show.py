#!/usr/bin/env python3
"""Print whole articles of a news-corpus dump by id: show.py DUMP ID [ID ...]"""
import gzip
import json
import sys

dump, ids = sys.argv[1], set(sys.argv[2:])
with gzip.open(dump, "rt", encoding="utf-8") as f:
    for line in f:
        r = json.loads(line)
        if r["id"] in ids:
            print(f"=== {r['id']} | {r.get('outlet')} | {r.get('date')} | {r.get('category')}")
            print(r.get("title") or "")
            print()
            print(r.get("text") or "")
            print()
