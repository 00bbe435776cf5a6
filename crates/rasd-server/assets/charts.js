// SVG day charts: events per day stacked by PLOVER type above, articles per day below, one shared day axis.
import { h, s, num, PLOVER, TYPE_COLOR, showTip, hideTip, ltr } from './util.js';

const DAY = 86400000;
const iso = (t) => new Date(t).toISOString().slice(0, 10);

/** Consecutive days from the first to the last (gaps filled with zeros) when the range is at most `maxFill` days. */
export function fillDays(days, maxFill = 400, minDays = 7) {
  const sorted = days.filter((d) => d.date).slice().sort((a, b) => (a.date < b.date ? -1 : 1));
  if (!sorted.length) return sorted;
  let t0 = Date.parse(sorted[0].date), t1 = Date.parse(sorted[sorted.length - 1].date);
  if (Number.isNaN(t0) || Number.isNaN(t1) || (t1 - t0) / DAY > maxFill) return sorted;
  // a short range is widened to a week, so that a lone day still sits on a readable axis
  const span = Math.round((t1 - t0) / DAY) + 1;
  if (span < minDays) {
    const before = Math.floor((minDays - span) / 2);
    t0 -= before * DAY;
    t1 += (minDays - span - before) * DAY;
  }
  const by = new Map(sorted.map((d) => [d.date, d]));
  const out = [];
  for (let t = t0; t <= t1; t += DAY) out.push(by.get(iso(t)) || { date: iso(t), articles: 0, events: 0, types: {} });
  return out;
}

function niceMax(v) {
  if (v <= 5) return Math.max(1, v);
  const p = 10 ** Math.floor(Math.log10(v));
  for (const m of [1, 1.5, 2, 2.5, 5, 10]) if (m * p >= v) return m * p;
  return 10 * p;
}

function ticks(max) {
  const n = max <= 5 ? max : 4;
  return Array.from({ length: n + 1 }, (_, i) => Math.round((max / n) * i * 100) / 100);
}

/**
 * @param days  [{date, articles, events, types}]
 * @param opts  {mini: bool, onDay: (day) => void, testid}
 */
export function dayChart(days, opts = {}) {
  const data = fillDays(days);
  const mini = !!opts.mini;
  const W = mini ? 640 : 1000, padL = 44, padR = 12, top = 14;
  const hEv = mini ? 90 : 220, hAr = mini ? 50 : 110, gap = mini ? 26 : 34, bottom = 30;
  const H = top + hEv + gap + hAr + bottom;
  const n = Math.max(1, data.length);
  const slot = (W - padL - padR) / n;
  const bw = Math.min(56, Math.max(1, slot * 0.72));
  const maxEv = niceMax(Math.max(0, ...data.map((d) => d.events || 0)));
  const maxAr = niceMax(Math.max(0, ...data.map((d) => d.articles || 0)));
  const yEv = (v) => top + hEv - (v / maxEv) * hEv;
  const arTop = top + hEv + gap;
  const yAr = (v) => arTop + hAr - (v / maxAr) * hAr;
  const typesUsed = [...new Set(data.flatMap((d) => Object.keys(d.types || {})))].sort();

  const svg = s('svg', { viewBox: `0 0 ${W} ${H}`, class: 'chart' + (mini ? ' mini' : ''), role: 'img', 'aria-label': 'articles and events per day', 'data-testid': opts.testid || 'day-chart', direction: 'ltr' });
  const axis = (y0, hgt, max, label) => {
    const g = s('g', { class: 'axis' });
    for (const t of ticks(max)) {
      const y = y0 + hgt - (t / max) * hgt;
      g.append(s('line', { x1: padL, x2: W - padR, y1: y, y2: y, class: t ? 'grid' : 'base' }),
        s('text', { x: padL - 6, y: y + 4, 'text-anchor': 'end' }, num(t)));
    }
    g.append(s('text', { x: padL, y: y0 - 4, class: 'label', 'text-anchor': 'start' }, label));
    return g;
  };
  svg.append(axis(top, hEv, maxEv, 'أحداث · events'), axis(arTop, hAr, maxAr, 'مقالات · articles'));

  const every = Math.max(1, Math.ceil(n / (mini ? 6 : 12)));
  data.forEach((d, i) => {
    const cx = padL + slot * i + slot / 2, x = cx - bw / 2;
    const g = s('g', { class: 'day', 'data-testid': 'timeline-day', 'data-date': d.date, tabindex: 0 });
    // events: stacked by type when the breakdown is given, else one bar
    let y = yEv(0);
    const parts = typesUsed.length ? typesUsed.map((t) => [t, (d.types || {})[t] || 0]) : [['', d.events || 0]];
    const stackTotal = parts.reduce((a, [, v]) => a + v, 0);
    if (stackTotal < (d.events || 0)) parts.push(['', d.events - stackTotal]);
    for (const [t, v] of parts) {
      if (!v) continue;
      const hh = (v / maxEv) * hEv;
      y -= hh;
      g.append(s('rect', { x, y, width: bw, height: hh, fill: t ? TYPE_COLOR[t] || '#868e96' : '#1c7ed6', class: 'bar ev', 'data-testid': 'timeline-bar', 'data-kind': 'events', 'data-type': t || null }));
    }
    if (d.articles) g.append(s('rect', { x, y: yAr(d.articles), width: bw, height: yAr(0) - yAr(d.articles), class: 'bar ar', 'data-testid': 'timeline-bar', 'data-kind': 'articles' }));
    if (i % every === 0 || n <= 12) {
      g.append(s('text', { x: cx, y: H - bottom + 16, 'text-anchor': 'middle', class: 'xlab' }, n > 12 ? d.date.slice(5) : d.date));
    }
    // a full-height hit area for the tooltip
    g.append(s('rect', { x: padL + slot * i, y: top, width: slot, height: arTop + hAr - top, class: 'hit' }));
    g.addEventListener('mousemove', (e) => showTip(e, tipContent(d)));
    g.addEventListener('mouseleave', hideTip);
    if (opts.onDay) g.addEventListener('click', () => { hideTip(); opts.onDay(d); });
    svg.append(g);
  });
  if (n > 12) {
    svg.append(s('text', { x: padL, y: H - 2, class: 'xlab', 'text-anchor': 'start' }, data[0].date),
      s('text', { x: W - padR, y: H - 2, class: 'xlab', 'text-anchor': 'end' }, data[n - 1].date));
  }

  const legend = typesUsed.length
    ? h('div', { class: 'legend small' }, typesUsed.map((t) => h('span', { class: 'lg' }, h('span', { class: 'sw-color', style: { background: TYPE_COLOR[t] || '#868e96' } }), PLOVER[t] || t, ' ', ltr(t, 'code'))),
      h('span', { class: 'lg' }, h('span', { class: 'sw-color ar' }), 'مقالات · articles'))
    : null;
  return h('figure', { class: 'chartbox' }, h('div', { class: 'chartscroll', dir: 'ltr' }, svg), legend);
}

function tipContent(d) {
  const types = Object.entries(d.types || {}).sort((a, b) => b[1] - a[1]);
  return h('div', {},
    h('div', { class: 'tiphead' }, ltr(d.date)),
    h('div', {}, `${num(d.articles || 0)} مقالات · articles`),
    h('div', {}, `${num(d.events || 0)} أحداث · events`),
    types.length ? h('ul', { class: 'tiptypes' }, types.map(([t, v]) => h('li', {},
      h('span', { class: 'sw-color', style: { background: TYPE_COLOR[t] || '#868e96' } }), `${PLOVER[t] || t} `, ltr(t, 'code'), ': ', num(v)))) : null);
}
