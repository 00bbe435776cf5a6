#!/usr/bin/env python3
"""Draw more articles for the train split of rasd's annotated news corpus.

    extend.py BATCH_FIRST BATCHES PER_BATCH SEED

Draws BATCHES × PER_BATCH articles the way sample.py does (strata (dump, outlet, section), at
least MIN_CHARS of text), leaving out every article already in manifest.tsv and every near-copy
(word 5-gram Jaccard >= 0.5) of a dev or test article, so the held-out splits stay held out. The
new articles all go to train, in batches BATCH_FIRST, BATCH_FIRST + 1, …; their texts are written
to texts/ and their lines appended to manifest.tsv.
"""
import collections, gzip, json, os, random, sys

MIN_CHARS = 300
DUMPS = ["saudinewsnet", "ant-multisource", "ant-jawharafm"]

first_batch, batches, per_batch, seed = map(int, sys.argv[1:5])
root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
corpus = os.path.join(root, "..", "shared", "data", "news-corpus")
out = os.path.join(root, "data", "annotated")

manifest = [l.rstrip("\n").split("\t") for l in open(os.path.join(out, "manifest.tsv"), encoding="utf-8")][1:]
known = {m[0] for m in manifest}
held_out = [m[0] for m in manifest if m[6] in ("dev", "test")]

def shingles(text):
    w = text.split()
    return {" ".join(w[i:i + 5]) for i in range(max(1, len(w) - 4))}

strata = collections.defaultdict(list)
records = {}
for dump in DUMPS:
    with gzip.open(os.path.join(corpus, dump + ".jsonl.gz"), "rt", encoding="utf-8") as f:
        for line in f:
            r = json.loads(line)
            if not r.get("title") or len(r["text"]) < MIN_CHARS:
                continue
            r["dump"] = dump
            records[r["id"]] = r
            if r["id"] not in known:
                strata[(dump, r["outlet"], r.get("category") or "-")].append(r["id"])
held_sh = [shingles(records[i]["text"]) for i in held_out if i in records]

rng = random.Random(seed)
total = batches * per_batch
keys = sorted(strata)
n_all = sum(len(strata[k]) for k in keys)
drawn = []
for k in keys:
    want = max(1, round(total * len(strata[k]) / n_all))
    drawn += rng.sample(sorted(strata[k]), min(want, len(strata[k])))
rng.shuffle(drawn)
kept = []
for i in drawn:
    sh = shingles(records[i]["text"])
    if any(len(sh & h) / len(sh | h) >= 0.5 for h in held_sh if sh & h):
        continue
    kept.append(i)
    if len(kept) == total:
        break

with open(os.path.join(out, "manifest.tsv"), "a", encoding="utf-8") as m:
    for n, i in enumerate(kept):
        r = records[i]
        fname = i + ".txt"
        with open(os.path.join(out, "texts", fname), "w", encoding="utf-8", newline="") as t:
            t.write(r["title"] + "\n\n" + r["text"])
        batch = first_batch + n // per_batch
        m.write("\t".join([i, fname, r["dump"], r["outlet"], r.get("category") or "-", r["date"][:10],
                           "train", str(batch), ""]) + "\n")
print(f"{len(kept)} articles added to train, batches {first_batch}..{first_batch + batches - 1}", file=sys.stderr)
