#!/usr/bin/env python3
"""Survey of inline datelines opening a record's first paragraph (issue 13, item 6): the
parenthesis form ("دبي، الإمارات (CNN) – …") and the dash-and-colon form ("Name- Outlet- Place:
…"), counted by outlet with what they name. Standard library only.

    python3 scripts/reader/survey_datelines.py ../shared/data/news-corpus/*.jsonl.gz
"""
import collections
import re
import sys

sys.path.insert(0, __file__.rsplit('/', 1)[0])
from survey_leads import load  # noqa: E402
from survey_tails import key  # noqa: E402

PAREN = re.compile(r'^([^()\n]{0,60})\(([^()]{1,25})\)\s*[-–—:]')
DASH = re.compile(r'^([^\s:()،,.]+(?: [^\s:()،,.]+){0,3})\s*[-–—]\s*([^\s:()،,.-]+(?: [^\s:()،,.-]+){0,2})'
                  r'\s*(?:[-–—]\s*([^\s:()،,.]+(?: [^\s:()،,.]+){0,2})\s*)?:')


def main(paths):
    recs = load(paths)
    pc, qc = collections.Counter(), collections.Counter()
    po, qo = collections.Counter(), collections.Counter()
    for r in recs:
        ls = [l.strip() for l in r['text'].split('\n') if l.strip()]
        if not ls:
            continue
        l = ls[0].lstrip('\u200f\u202b\u200b ')
        m = PAREN.match(l)
        if m:
            pc[(r['outlet'], key(m.group(2)))] += 1
            po[r['outlet']] += 1
            continue
        m = DASH.match(l)
        if m:
            qc[(r['outlet'], m.group(1), m.group(2), m.group(3))] += 1
            qo[r['outlet']] += 1
    print('parenthesis form, by outlet:', dict(po))
    print(pc.most_common(40))
    print('dash-colon form, by outlet:', dict(qo))
    print(qc.most_common(60))


if __name__ == '__main__':
    main(sys.argv[1:])
