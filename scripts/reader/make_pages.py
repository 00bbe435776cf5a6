#!/usr/bin/env python3
"""Plain-text "saved article" files built from news-corpus records, with gold, to measure the
reader on layouts it has not been tuned to (issue 13, item 6).

Each file: optional banner or breadcrumb, the title (alone or with an outlet suffix), date and
byline lines in one of many common layouts, the record's paragraphs, inline "read also" links
to other records of the same outlet, and a tail: teaser headlines of other records (bare, under
a header, or bulleted), source, follow, copyright and tag lines. Outlet names are invented so
that no gazetteer can find them; the shapes must. Gold in the annotation schema (articles with
title/outlet/published/byline/body_start/body_end, noise_lines) for `score_reader.py`.

    python3 scripts/reader/make_pages.py --seed 1 --n 400 --out /tmp/reader-synth/dev
"""
import argparse
import glob
import gzip
import json
import os
import random
import re
import sys

sys.path.insert(0, os.path.dirname(__file__))
from survey_tails import is_paragraph, words  # noqa: E402

OUTLETS = [
    'الأنباء اليومية', 'صدى الوطن', 'النهار الجديد', 'المشهد', 'الرأي العام', 'البوابة 24',
    'الحدث نيوز', 'الخبر الآن', 'المرصد', 'أخبار الساعة', 'الصباح العربي', 'الوطن اليوم',
    'الدستور الجديد', 'منصة الحقيقة', 'عرب بوست نيوز', 'اليوم السابع عشر', 'الشاهد', 'المنار الإخباري',
]
MONTHS = ['يناير', 'فبراير', 'مارس', 'أبريل', 'مايو', 'يونيو', 'يوليو', 'أغسطس', 'سبتمبر', 'أكتوبر', 'نوفمبر', 'ديسمبر']
LEVANT = ['كانون الثاني', 'شباط', 'آذار', 'نيسان', 'أيار', 'حزيران', 'تموز', 'آب', 'أيلول', 'تشرين الأول', 'تشرين الثاني', 'كانون الأول']
WEEKDAYS = ['الاثنين', 'الثلاثاء', 'الأربعاء', 'الخميس', 'الجمعة', 'السبت', 'الأحد']
AR_DIGITS = str.maketrans('0123456789', '٠١٢٣٤٥٦٧٨٩')
READ_ALSO = ['اقرأ أيضا:', 'اقرأ أيضًا:', 'إقرأ أيضاً:', 'اقرأ أيضا |', 'اقرأ المزيد:', 'إقرأ المزيد:',
             'شاهد أيضا:', 'طالع أيضا:', 'للمزيد:', 'اقرأ كذلك:', 'اقرأ ايضا..', 'قد يهمك:', 'اقرأ أيضًا -',
             'اقرأ أيضا', 'شاهد:', 'إقرأ أيضا:', 'يهمك أيضا:']
HEADERS = ['أخبار متعلقة', 'أخبار متعلقة :', 'اقرأ أيضا', 'مقالات ذات صلة', 'الأكثر قراءة',
           'المزيد من الأخبار', 'شاهد أيضا', 'أخبار ذات صلة:', 'مواضيع ذات صلة', 'قد يعجبك أيضا',
           'اقرأ المزيد', 'إقرأ أيضاً:', 'مقالات مشابهة', 'آخر الأخبار']


def fmt_date(rng, y, m, d):
    hh, mm = rng.randrange(1, 13), rng.randrange(60)
    wd = WEEKDAYS[rng.randrange(7)]
    ampm = rng.choice(['ص', 'م', 'صباحًا', 'مساءً'])
    forms = [
        f'{wd} {d} {MONTHS[m - 1]} {y} الساعة {hh}:{mm:02d} {ampm}',
        f'نشر في: {y}/{m:02d}/{d:02d} - {hh}:{mm:02d}',
        f'{d:02d}/{m:02d}/{y}',
        f'آخر تحديث: {wd}، {d} {MONTHS[m - 1]} {y} - {hh}:{mm:02d} م',
        f'تاريخ النشر: {d} {MONTHS[m - 1]} {y}',
        f'{d} {MONTHS[m - 1]} {y}',
        f'{wd} {d} {MONTHS[m - 1]}/{LEVANT[m - 1]} {y}',
        f'نشر بتاريخ {d} {LEVANT[m - 1]} {y}',
        f'{y}-{m:02d}-{d:02d} {hh}:{mm:02d}',
    ]
    s = rng.choice(forms)
    if rng.random() < 0.2:
        s = s.translate(AR_DIGITS)
    return s


def byline_line(rng, name, outlet):
    forms = [f'كتب: {name}', f'بقلم: {name}', f'بقلم {name}', f'حرر بواسطة {name}', f'{name} - {outlet}',
             f'{outlet} - ترجمة: {name}', f'إعداد: {name}', f'كتبت - {name}', f'كتب - {name}',
             f'بواسطة: {name}', f'{name} | {outlet}']
    s = rng.choice(forms)
    return s, (outlet in s)


def load(paths):
    recs = []
    for p in paths:
        with gzip.open(p, 'rt', encoding='utf-8') as f:
            for line in f:
                recs.append(json.loads(line))
    return recs


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--corpus', default='/work/shared/data/news-corpus')
    ap.add_argument('--seed', type=int, default=1)
    ap.add_argument('--n', type=int, default=400)
    ap.add_argument('--out', required=True)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    recs = load(sorted(glob.glob(os.path.join(args.corpus, '*.jsonl.gz'))))
    by_outlet = {}
    for r in recs:
        if r.get('title'):
            by_outlet.setdefault(r['outlet'], []).append(r)
    names = sorted({a.strip() for r in recs for a in [r.get('author') or '']
                    if 2 <= len(a.split()) <= 3 and re.fullmatch(r'[\u0621-\u063a\u0641-\u064a ]+', a.strip())
                    and not a.startswith(('كلمة', 'واس', 'اليوم'))})
    good = []
    for r in recs:
        lines = [l.strip() for l in (r.get('text') or '').split('\n') if l.strip()]
        # A record's own link line ("رابط الخبر بصحيفة …: <headline>") is not article text.
        if any(l.startswith('رابط الخبر') for l in lines):
            continue
        t = (r.get('title') or '').strip()
        if 3 <= len(lines) <= 20 and all(is_paragraph(l) for l in lines) and 3 <= len(words(t)) <= 20 \
                and not t.endswith(('.', ':')) and re.fullmatch(r'\d{4}-\d\d-\d\d', r.get('date') or ''):
            good.append((r, lines))
    rng.shuffle(good)
    os.makedirs(os.path.join(args.out, 'texts'), exist_ok=True)
    os.makedirs(os.path.join(args.out, 'gold'), exist_ok=True)
    for k, (r, body) in enumerate(good[:args.n]):
        others = [o['title'].strip() for o in rng.sample(by_outlet[r['outlet']], 12)
                  if o['id'] != r['id'] and o['title'].strip() and len(words(o['title'])) >= 3]
        outlet = rng.choice(OUTLETS)
        shown_outlet = None
        noise = []
        out = []
        title = r['title'].strip()
        if rng.random() < 0.25:
            out.append(f'موقع {outlet} الإخباري')
            noise.append(out[-1])
            shown_outlet = outlet
        elif rng.random() < 0.15:
            out.append(f'الرئيسية » أخبار » {rng.choice(["سياسة", "اقتصاد", "عربي ودولي", "رياضة"])}')
            noise.append(out[-1])
        if rng.random() < 0.3:
            out.append(f'{title} {rng.choice(["|", "-", "–"])} {outlet}')
            shown_outlet = outlet
        else:
            out.append(title)
        y, m, d = map(int, r['date'].split('-'))
        published = None
        byline = None
        top = []
        if rng.random() < 0.7:
            top.append(fmt_date(rng, y, m, d))
            published = r['date']
        if names and rng.random() < 0.5:
            name = rng.choice(names)
            line, names_outlet = byline_line(rng, name, outlet)
            top.append(line)
            byline = name
            if names_outlet:
                shown_outlet = outlet
        rng.shuffle(top)
        out.extend(top)
        blank = rng.random() < 0.5
        paras = list(body)
        # Inline "read also" links between paragraphs.
        if rng.random() < 0.5 and len(paras) >= 3 and others:
            for _ in range(rng.choice([1, 1, 2])):
                at = rng.randrange(1, len(paras))
                line = f'{rng.choice(READ_ALSO)} {others.pop()}' if others else None
                if line:
                    paras.insert(at, line)
                    noise.append(line)
        out.extend(paras)
        # The tail.
        tail = []
        roll = rng.random()
        n_teasers = rng.choice([1, 2, 3, 4, 5])
        teasers = others[:n_teasers]
        if roll < 0.3 and teasers:
            tail += teasers
        elif roll < 0.6 and teasers:
            tail.append(rng.choice(HEADERS))
            bullet = rng.choice(['', '', '• ', '- '])
            tail += [bullet + t for t in teasers]
        if rng.random() < 0.25:
            tail.insert(0, f'المصدر: {outlet}')
            shown_outlet = shown_outlet or outlet
        if rng.random() < 0.2:
            tail.append(rng.choice(['تابعونا على فيسبوك وتويتر', f'تابعوا آخر الأخبار عبر تطبيق {outlet}',
                                    'شارك هذا الخبر', 'تابعونا على تيليجرام']))
        if rng.random() < 0.2:
            tail.append(f'© {y} {outlet}. جميع الحقوق محفوظة')
            shown_outlet = shown_outlet or outlet
        if rng.random() < 0.15:
            tail.append('كلمات دلالية: ' + '، '.join(rng.sample(words(title), min(3, len(words(title))))))
        noise += tail
        out.extend(tail)
        text = ('\n\n' if blank else '\n').join(out) + '\n'
        name = f'synth_{args.seed}_{k:04d}.txt'
        with open(os.path.join(args.out, 'texts', name), 'w', encoding='utf-8') as f:
            f.write(text)
        gold = {'file': name, 'articles': [{
            'role': 'main', 'title': title, 'outlet': shown_outlet, 'published': published,
            'byline': byline, 'body_start': body[0], 'body_end': body[-1]}],
            'noise_lines': noise, 'source': r['id']}
        with open(os.path.join(args.out, 'gold', name[:-4] + '.json'), 'w', encoding='utf-8') as f:
            json.dump(gold, f, ensure_ascii=False, indent=1)


if __name__ == '__main__':
    main()
