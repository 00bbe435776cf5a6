#!/usr/bin/env python3
"""Draw the articles of rasd's annotated news corpus from ../shared/data/news-corpus.

Deterministic (fixed seed): strata are (dump, outlet, section); every stratum gets at least
MIN_PER_STRATUM articles and the rest is shared in proportion to its size. Articles shorter than
MIN_CHARS are not drawn (a title and a line say little). Near-copies among the drawn articles (word
5-gram Jaccard >= 0.5: one wire story told twice) are grouped, and a group goes to one split
(train / dev / test by a hash of its first id). The drawn articles are cut into annotation
batches; DOUBLE articles are given to a second annotator, in another batch, to measure agreement.

Writes data/annotated/texts/<id>.txt (title line, blank line, the record's text: byte-identical
to the record) and data/annotated/manifest.tsv.
"""
import collections, gzip, hashlib, json, os, random, sys

SEED = 20261207
TOTAL = 424
MIN_PER_STRATUM = 3
MIN_CHARS = 300
BATCHES = 8
DOUBLE = 32
DUMPS = ["saudinewsnet", "ant-multisource", "ant-jawharafm"]

root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
corpus = sys.argv[1] if len(sys.argv) > 1 else os.path.join(root, "..", "shared", "data", "news-corpus")
out = os.path.join(root, "data", "annotated")

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
            strata[(dump, r["outlet"], r.get("category") or "-")].append(r["id"])

rng = random.Random(SEED)
keys = sorted(strata)
n_all = sum(len(strata[k]) for k in keys)
alloc = {k: min(len(strata[k]), MIN_PER_STRATUM) for k in keys}
rest = TOTAL - sum(alloc.values())
share = {k: rest * len(strata[k]) / n_all for k in keys}
for k in keys:
    alloc[k] += int(share[k])
left = TOTAL - sum(alloc.values())
for k in sorted(keys, key=lambda k: -(share[k] - int(share[k])))[:left]:
    alloc[k] += 1
drawn = []
for k in keys:
    drawn += rng.sample(sorted(strata[k]), min(alloc[k], len(strata[k])))
rng.shuffle(drawn)

def shingles(text):
    w = text.split()
    return {" ".join(w[i:i + 5]) for i in range(max(1, len(w) - 4))}

sh = {i: shingles(records[i]["text"]) for i in drawn}
parent = {i: i for i in drawn}
def find(i):
    while parent[i] != i:
        parent[i] = parent[parent[i]]
        i = parent[i]
    return i
for a_i, a in enumerate(drawn):
    for b in drawn[a_i + 1:]:
        inter = len(sh[a] & sh[b])
        if inter and inter / len(sh[a] | sh[b]) >= 0.5:
            parent[find(a)] = find(b)
groups = collections.defaultdict(list)
for i in drawn:
    groups[find(i)].append(i)
split = {}
for members in groups.values():
    h = int(hashlib.sha256(min(members).encode()).hexdigest(), 16) % 100
    s = "train" if h < 70 else "dev" if h < 85 else "test"
    for i in members:
        split[i] = s

batch = {i: n % BATCHES for n, i in enumerate(drawn)}
# The second annotation of the first DOUBLE articles goes to the next batch.
double = {i: (batch[i] + 1) % BATCHES for i in drawn[:DOUBLE]}

os.makedirs(os.path.join(out, "texts"), exist_ok=True)
with open(os.path.join(out, "manifest.tsv"), "w", encoding="utf-8") as m:
    m.write("id\tfile\tdump\toutlet\tsection\tdate\tsplit\tbatch\tsecond_batch\n")
    for i in drawn:
        r = records[i]
        fname = i + ".txt"
        with open(os.path.join(out, "texts", fname), "w", encoding="utf-8", newline="") as t:
            t.write(r["title"] + "\n\n" + r["text"])
        m.write("\t".join([i, fname, r["dump"], r["outlet"], r.get("category") or "-", r["date"][:10],
                           split[i], str(batch[i]), str(double.get(i, ""))]) + "\n")
c = collections.Counter(split.values())
print(f"{len(drawn)} articles, {len(groups)} story groups, splits {dict(c)}, {DOUBLE} annotated twice",
      file=sys.stderr)
