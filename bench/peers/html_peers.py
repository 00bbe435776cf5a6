"""Main-text extraction of trafilatura and readability-lxml on a folder of <id>.html pages with
<id>.txt gold text: bag-of-words F1 per page (the words as `rasd eval html` counts them:
Unicode letters, digits and combining marks; multiset overlap), mean F1 on the tuning half
(even positions in name order), the dev half (odd) and all, and pages/s over REPEAT passes.
Prints one JSON object per extractor.

Usage: python3 bench/peers/html_peers.py DIR [REPEAT]
"""
import json
import os
import re
import sys
import time
import unicodedata
from collections import Counter


def words(text):
    out, cur = [], []
    for ch in text:
        cat = unicodedata.category(ch)
        if ch.isalnum() or cat.startswith("M") or ch in "\u200c\u200d":
            cur.append(ch)
        elif cur:
            out.append("".join(cur))
            cur = []
    if cur:
        out.append("".join(cur))
    return out


def f1(got, gold):
    g, t = words(got), words(gold)
    common = sum((Counter(g) & Counter(t)).values())
    p = common / len(g) if g else 0.0
    r = common / len(t) if t else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def trafilatura_text(html):
    import trafilatura

    return trafilatura.extract(html, include_comments=False, include_tables=False) or ""


def readability_text(html):
    import lxml.html
    from readability import Document

    summary = Document(html).summary(html_partial=True)
    return lxml.html.fromstring(summary).text_content() if summary.strip() else ""


def main():
    folder = sys.argv[1]
    repeat = int(sys.argv[2]) if len(sys.argv) > 2 else 1
    ids = sorted(f[:-5] for f in os.listdir(folder) if f.endswith(".html"))
    pages = []
    for i in ids:
        with open(os.path.join(folder, i + ".html"), "rb") as f:
            raw = f.read()
        with open(os.path.join(folder, i + ".txt"), encoding="utf-8") as f:
            gold = f.read()
        pages.append((i, raw.decode("utf-8", "replace"), gold))
    for name, fn in [("trafilatura", trafilatura_text), ("readability", readability_text)]:
        start, cpu_start = time.perf_counter(), time.thread_time()
        for _ in range(repeat - 1):
            for _, html, _ in pages:
                fn(html)
        texts = [fn(html) for _, html, _ in pages]
        secs, cpu_secs = time.perf_counter() - start, time.thread_time() - cpu_start
        per = []
        for n, ((i, _, gold), text) in enumerate(zip(pages, texts)):
            p, r, f = f1(text, gold)
            per.append({"id": i, "split": "tune" if n % 2 == 0 else "dev", "precision": p, "recall": r, "f1": f})
        mean = lambda xs: sum(x["f1"] for x in xs) / max(1, len(xs))
        print(json.dumps({
            "extractor": name,
            "pages": per,
            "tune": mean([x for x in per if x["split"] == "tune"]),
            "dev": mean([x for x in per if x["split"] == "dev"]),
            "all": mean(per),
            "pages_per_second": len(pages) * repeat / secs,
            "cpu_pages_per_second": len(pages) * repeat / cpu_secs,
        }))


if __name__ == "__main__":
    main()
