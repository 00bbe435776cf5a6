#!/usr/bin/env python3
"""Survey of other stories' lead paragraphs appended to a record (issue 13, item 6).

Silver label: a line of a record whose first 12 words (key) open the first paragraph of
another record of the corpus. Counts such lines by outlet and by position (inside a run at the
end of the record, elsewhere), and the shape of the trailing runs they form. Standard library.

    python3 scripts/reader/survey_leads.py ../shared/data/news-corpus/*.jsonl.gz
"""
import collections
import gzip
import json
import re
import sys

sys.path.insert(0, __file__.rsplit('/', 1)[0])
from survey_tails import key, words, is_paragraph  # noqa: E402

N = 12


# An inline dateline opening a first paragraph ("دبي، الإمارات (CNN) – …", "سبق- الرياض: …").
DATELINE = re.compile(r'^[^()\n]{0,60}\([^()]{1,20}\)\s*[-–—]+\s*|^\S+\s*[-–—]\s*\S+(?: \S+)?\s*:\s*')


def head(s, n=N):
    return ' '.join(words(key(DATELINE.sub('', s.strip(), count=1)))[:n])


def load(paths):
    recs = []
    for p in paths:
        with gzip.open(p, 'rt', encoding='utf-8') as f:
            for line in f:
                recs.append(json.loads(line))
    return recs


def main(paths):
    recs = load(paths)
    first = collections.defaultdict(set)  # head of a first paragraph -> record indexes
    for i, r in enumerate(recs):
        lines = [l for l in r['text'].split('\n') if l.strip()]
        if lines and len(words(lines[0])) >= N:
            first[head(lines[0])].add(i)
    by_outlet = collections.Counter()
    pos = collections.Counter()
    runs = collections.Counter()
    ex = []
    for i, r in enumerate(recs):
        lines = [l for l in r['text'].split('\n') if l.strip()]
        hits = [j for j, l in enumerate(lines)
                if j > 0 and len(words(l)) >= N and (first.get(head(l), set()) - {i})]
        if not hits:
            continue
        # trailing run of hits
        k = len(lines) - 1
        run = 0
        hs = set(hits)
        while k > 0 and k in hs:
            run += 1
            k -= 1
        for j in hits:
            by_outlet[r['outlet']] += 1
            pos['tail run' if j > k else 'elsewhere'] += 1
        if run:
            runs[(r['outlet'], run)] += 1
            if len(ex) < 30:
                ex.append((r['id'], run, lines[k][:80], lines[k + 1][:80]))
    print('lines opening another record\'s first paragraph, by outlet:', dict(by_outlet.most_common()))
    print('by position:', dict(pos))
    print('trailing runs (outlet, length): records', sorted(runs.items(), key=lambda x: -x[1])[:30])
    for e in ex:
        print(e)


if __name__ == '__main__':
    main(sys.argv[1:])
