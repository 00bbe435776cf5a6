#!/usr/bin/env python3
"""Survey of article ends and inline teasers in the news corpus (issue 13, item 6).

Counts, per outlet, the shapes behind teasers leaking into bodies and metadata lines:
lines after the last paragraph, read-also markers, headline runs, source/follow/copyright
lines, date/time lines, bylines. Standard library only.

    python3 scripts/reader/survey_tails.py ../shared/data/news-corpus/*.jsonl.gz > /tmp/survey.txt
"""
import collections
import gzip
import json
import re
import sys

DIAC = re.compile('[\u064b-\u0652\u0670\u0640]')
SENT_END = tuple('.!?؟…')


def key(s):
    s = DIAC.sub('', s)
    s = re.sub('[أإآٱ]', 'ا', s).replace('ى', 'ي').replace('ة', 'ه')
    s = s.translate(str.maketrans('٠١٢٣٤٥٦٧٨٩', '0123456789'))
    return re.sub(r'\s+', ' ', s).strip().lower()


def words(s):
    return [w for w in s.split() if any(c.isalnum() for c in w)]


def ends_sentence(s):
    t = s.rstrip('"\'”’»)]*').rstrip()
    return t.endswith(SENT_END)


def is_paragraph(s):
    n = len(words(s))
    return n >= 14 or (ends_sentence(s) and not s.rstrip().endswith(('?', '؟')) and n >= 6)


SHAPES = {
    # read-also family (on the key)
    'read_also_inline': r'^\W*(و?اقرا|طالع|شاهد|تابع)\s*(ايضا|كذلك|المزيد)\s*\W*\s*\S',
    'read_also_alone': r'^\W*(و?اقرا|طالع|شاهد)\s*(ايضا|كذلك|المزيد)?\W*$',
    'more_lilmazid': r'^\W*لل?مزيد(\s+(من|حول|عن)\S*)?\s*(\S+\s*)?[:：\-–،,]',
    'may_interest': r'^\W*(قد يهمك|يهمك ايضا|قد يعجبك|ننصحك|اخترنا لك)',
    'related_header': r'^\W*(اخبار|مقالات|مواضيع|موضوعات|قصص|روابط)\s+(متعلقه|ذات صله|مشابهه|مرتبطه|اخري)',
    'source_line': r'^\W*(المصدر|مصدر الخبر|المصادر)\s*[:：\-–]',
    'follow_us': r'^\W*(تابعونا|تابعوا|تابع)\s+(علي|عبر|اخر|احدث|كل)',
    'copyright': r'(جميع الحقوق محفوظه|حقوق (النشر|الطبع) محفوظه|©|copyright)',
    'edited_by': r'^\W*(حرر|تحرير|اعداد|اشراف|مراجعه|تدقيق)\s*(بواسطه|:|-|–)',
    'biqalam': r'^\W*(بقلم|كتب|كتبت)\s*[:\-–]?\s*\S',
    'place_agency': r'^\S+(\s\S+)?\s*[-–—]\s*(واس|وام|قنا|بنا|كونا|سانا|واع|وفا|رويترز|ا ف ب|د ب ا|الاناضول|متابعات|وكالات)\s*[:]?\s*$',
    'date_time_line': r'^\W*(\d{1,2}[/\-.]\d{1,2}[/\-.]\d{2,4}|\d{4}[/\-.]\d{1,2}[/\-.]\d{1,2})(\s*[-|،,]?\s*\d{1,2}:\d{2})?\s*(ص|م|am|pm)?\W*$',
    'time_only': r'^\W*\d{1,2}:\d{2}\s*(ص|م|ت م|am|pm)?\W*$',
}
SHAPES = {k: re.compile(v) for k, v in SHAPES.items()}


def main(paths):
    recs = []
    for p in paths:
        with gzip.open(p, 'rt', encoding='utf-8') as f:
            for line in f:
                r = json.loads(line)
                recs.append(r)
    titles = collections.defaultdict(set)
    for r in recs:
        if r.get('title'):
            titles[r['outlet']].add(key(r['title']))
    outlets = collections.Counter(r['outlet'] for r in recs)
    shape_n = collections.defaultdict(collections.Counter)  # shape -> outlet -> lines
    shape_pos = collections.defaultdict(collections.Counter)  # shape -> start/mid/end
    shape_ex = collections.defaultdict(list)
    tail = collections.Counter()  # kinds of trailing non-paragraph lines
    tail_out = collections.defaultdict(collections.Counter)
    tail_ex = collections.defaultdict(list)
    title_lines_mid = collections.Counter()
    title_runs = collections.Counter()
    for r in recs:
        lines = [l.strip() for l in (r.get('text') or '').split('\n')]
        lines = [l for l in lines if l]
        if not lines:
            continue
        o = r['outlet']
        keys = [key(l) for l in lines]
        last_par = max((i for i, l in enumerate(lines) if is_paragraph(l)), default=-1)
        for i, (l, k) in enumerate(zip(lines, keys)):
            pos = 'start' if i == 0 else ('end' if i == len(lines) - 1 else 'mid')
            for name, rx in SHAPES.items():
                if len(words(l)) <= 40 and rx.search(k):
                    shape_n[name][o] += 1
                    shape_pos[name][pos] += 1
                    if len(shape_ex[name]) < 6 and hash(k) % 7 == 0:
                        shape_ex[name].append(f'{o}: {l[:90]}')
        # Lines after the last paragraph.
        for i in range(last_par + 1, len(lines)):
            l, k = lines[i], keys[i]
            n = len(words(l))
            if any(rx.search(k) for rx in SHAPES.values()):
                kind = 'known-boilerplate'
            elif k in titles[o] and k != key(r.get('title') or ''):
                kind = 'another-title'
            elif n == 0:
                kind = 'punct'
            elif n <= 3:
                kind = 'short-1-3w'
            elif ends_sentence(l):
                kind = 'sentence-short'
            else:
                kind = 'headline-like-4+w'
            tail[kind] += 1
            tail_out[kind][o] += 1
            if len(tail_ex[kind]) < 10 and hash(k) % 5 == 0:
                tail_ex[kind].append(f'{o}: {l[:90]}')
        # Other records' titles inside bodies, and their runs.
        run = 0
        for i, k in enumerate(keys):
            if k in titles[o] and k != key(r.get('title') or ''):
                title_lines_mid['after-last-par' if i > last_par else 'between-pars'] += 1
                run += 1
            else:
                if run:
                    title_runs[min(run, 6)] += 1
                run = 0
        if run:
            title_runs[min(run, 6)] += 1
    print(f'records {len(recs)}, outlets {len(outlets)}')
    print('\n## shapes (lines ≤40 words; per outlet; position)')
    for name in SHAPES:
        tot = sum(shape_n[name].values())
        top = ', '.join(f'{o} {c}' for o, c in shape_n[name].most_common(6))
        print(f'{name}: {tot} lines in {len(shape_n[name])} outlets [{top}] pos {dict(shape_pos[name])}')
        for e in shape_ex[name]:
            print('    ', e)
    print('\n## lines after the last paragraph')
    for kind, c in tail.most_common():
        top = ', '.join(f'{o} {n}' for o, n in tail_out[kind].most_common(6))
        print(f'{kind}: {c} in {len(tail_out[kind])} outlets [{top}]')
        for e in tail_ex[kind]:
            print('    ', e)
    print('\n## other records\' titles inside texts:', dict(title_lines_mid), 'runs', dict(sorted(title_runs.items())))


if __name__ == '__main__':
    main(sys.argv[1:])
