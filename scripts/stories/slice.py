#!/usr/bin/env python3
"""List a slice of the news corpus for story grouping: one line per article, in date order.

    slice.py NAME DUMP FIRST LAST LEAD [CATEGORY,...] > listing.tsv

Columns: id, outlet, date, category, title, lead (the first LEAD characters of the text, line
breaks shown as ¶). The slices annotated in data/stories/ are listed in its README with the
arguments that made them.
"""
import gzip
import json
import sys


def main():
    name, dump, first, last, lead_chars = sys.argv[1:6]
    cats = set(sys.argv[6].split(",")) if len(sys.argv) > 6 else None
    rows = []
    with gzip.open(dump, "rt", encoding="utf-8") as f:
        for line in f:
            r = json.loads(line)
            day = (r.get("date") or "")[:10]
            if not (first <= day <= last):
                continue
            if cats and r.get("category") not in cats:
                continue
            lead = " ¶ ".join(p.strip() for p in (r.get("text") or "").split("\n") if p.strip())[: int(lead_chars)]
            title = " ".join((r.get("title") or "").split())
            rows.append((r.get("date") or "", r["id"], r.get("outlet") or "", r.get("category") or "", title, lead))
    rows.sort()
    print("id\toutlet\tdate\tcategory\ttitle\tlead")
    for date, id_, outlet, cat, title, lead in rows:
        print(f"{id_}\t{outlet}\t{date}\t{cat}\t{title}\t{lead}")
    print(f"{name}: {len(rows)} articles", file=sys.stderr)


if __name__ == "__main__":
    main()
