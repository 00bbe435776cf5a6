#!/usr/bin/env python3
"""The peer of rasd's text layer: CAMeL Tools' normalization and word tokenizer, timed on the
same news articles that `rasd-bench` reads.

Install (offline-capable, no model downloads): pip install --no-deps camel-tools six emoji regex

Prints one JSON object: {"articles", "bytes", "runs", "seconds": [...], "median_mb_s", "tokens"}.
Each run does, per article: dediac_ar, normalize_alef_ar, normalize_alef_maksura_ar,
normalize_teh_marbuta_ar, simple_word_tokenize.
"""
import argparse
import glob
import gzip
import json
import os
import statistics
import time


def load(corpus, limit):
    texts = []
    for path in sorted(glob.glob(os.path.join(corpus, "*.jsonl.gz"))):
        with gzip.open(path, "rt", encoding="utf-8") as f:
            for line in f:
                if limit and len(texts) >= limit:
                    return texts
                line = line.strip()
                if line:
                    texts.append(json.loads(line)["text"])
    return texts


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--corpus", required=True)
    ap.add_argument("--limit", type=int, default=0)
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args()
    from camel_tools.tokenizers.word import simple_word_tokenize
    from camel_tools.utils.dediac import dediac_ar
    from camel_tools.utils.normalize import (normalize_alef_ar, normalize_alef_maksura_ar,
                                             normalize_teh_marbuta_ar)
    texts = load(args.corpus, args.limit)
    nbytes = sum(len(t.encode("utf-8")) for t in texts)
    seconds = []
    tokens = 0
    for _ in range(args.runs):
        tokens = 0
        t0 = time.perf_counter()
        for t in texts:
            n = normalize_teh_marbuta_ar(normalize_alef_maksura_ar(normalize_alef_ar(dediac_ar(t))))
            tokens += len(simple_word_tokenize(n))
        seconds.append(time.perf_counter() - t0)
    med = statistics.median(seconds)
    print(json.dumps({"articles": len(texts), "bytes": nbytes, "runs": args.runs, "seconds": seconds,
                      "median_mb_s": nbytes / med / 1e6, "tokens": tokens}))


if __name__ == "__main__":
    main()
