#!/usr/bin/env python3
"""Score what the reader finds (metadata, article bounds, leaked noise lines) against gold files
in the annotation schema, with `score_seeds.py`'s normalization and matching.

    cargo run --release -p rasd-reader --example read_json -- TEXTS... > sys.jsonl
    python3 scripts/reader/score_reader.py --gold data/annotated/gold --system sys.jsonl \
        [--manifest data/annotated/manifest.tsv --split train] [--show]

`--manifest` gives each text its record date as the publication date (as `rasd eval extract`
does: the annotated texts do not state it). Prints metadata accuracy per field and overall,
bounds accuracy, and the noise lines that leaked into a body.
"""
import argparse
import collections
import glob
import json
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(__file__), '../../../shared/tools'))
sys.path.insert(0, '/work/shared/tools')
from score_seeds import norm  # noqa: E402

FIELDS = ('title', 'outlet', 'published', 'byline')


def field_ok(field, g, s):
    if g is None and s is None:
        return True
    if g is None or s is None:
        return False
    if field in ('outlet', 'byline'):
        return norm(g) in norm(s) or norm(s) in norm(g)
    return norm(g) == norm(s)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--gold', required=True)
    ap.add_argument('--system', required=True)
    ap.add_argument('--manifest')
    ap.add_argument('--split')
    ap.add_argument('--show', action='store_true', help='print every miss')
    args = ap.parse_args()
    rows = {}
    if args.manifest:
        lines = open(args.manifest, encoding='utf-8').read().splitlines()
        head = lines[0].split('\t')
        for l in lines[1:]:
            f = dict(zip(head, l.split('\t')))
            rows[f['file']] = f
    systems = {}
    for l in open(args.system, encoding='utf-8'):
        d = json.loads(l)
        systems[d['file']] = d
    field_n = collections.Counter()
    field_ok_n = collections.Counter()
    bounds = [0, 0]
    leaked = []
    noise_total = 0
    files = 0
    count_ok = 0
    for path in sorted(glob.glob(os.path.join(args.gold, '*.json'))):
        gold = json.load(open(path, encoding='utf-8'))
        fname = gold.get('file') or os.path.basename(path)[:-5] + '.txt'
        if args.split and rows.get(fname, {}).get('split') != args.split:
            continue
        files += 1
        sysdoc = systems.get(fname, {'articles': []})
        s_articles = sysdoc.get('articles') or []
        count_ok += len(s_articles) == len(gold['articles'])
        for ga in gold['articles']:
            cands = [a for a in s_articles if a.get('role') == ga['role']]
            sa = dict(cands[0]) if cands else {}
            if args.manifest and ga['role'] == 'main' and rows.get(fname, {}).get('date'):
                sa['published'] = rows[fname]['date']
            for field in FIELDS:
                field_n[field] += 1
                ok = field_ok(field, ga.get(field), sa.get(field))
                field_ok_n[field] += ok
                if not ok and args.show:
                    print(f'META {fname} {field}: gold {ga.get(field)!r} system {sa.get(field)!r}')
            body = norm(sa.get('body', ''))
            for k in ('body_start', 'body_end'):
                bounds[1] += 1
                ok = bool(body) and norm(ga[k]) in body
                bounds[0] += ok
                if not ok and args.show:
                    print(f'BOUND {fname} {k}: {ga[k][:80]!r}')
        body_lines = {norm(l) for a in s_articles for l in (a.get('body') or '').split('\n') if norm(l)}
        for l in gold.get('noise_lines', []):
            noise_total += 1
            if norm(l) in body_lines:
                leaked.append((fname, l))
                if args.show:
                    print(f'LEAK {fname}: {l[:100]!r}')
    meta_ok = sum(field_ok_n.values())
    meta_n = sum(field_n.values())
    per = '  '.join(f'{f} {field_ok_n[f]}/{field_n[f]}' for f in FIELDS)
    print(f'files {files}  metadata {meta_ok / max(meta_n, 1):.3f} ({per})  '
          f'bounds {bounds[0] / max(bounds[1], 1):.3f} ({bounds[0]}/{bounds[1]})  '
          f'leaked {len(leaked)}/{noise_total}  article count ok {count_ok}/{files}')


if __name__ == '__main__':
    main()
