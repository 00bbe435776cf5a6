// Timeline: articles and events per publication day, optionally of one event type / outlet / period.
import { h, mount, qty, bi, num, link, ltr, typeOptions, empty, PLOVER, TYPE_COLOR } from '../util.js';
import { api } from '../api.js';
import { dayChart } from '../charts.js';

const KEYS = ['type', 'outlet', 'entity', 'from', 'to'];

export async function timelineView({ el, query, live }) {
  const p = Object.fromEntries(KEYS.map((k) => [k, query.get(k) || '']));
  const res = await api('timeline', p);
  if (!live()) return;
  const days = res.days || [];

  const inputs = {
    type: h('select', { name: 'type', testid: 'timeline-type', onchange: () => submit() }, typeOptions(p.type)),
    outlet: h('input', { type: 'text', name: 'outlet', value: p.outlet, placeholder: 'المنفذ · outlet' }),
    from: h('input', { type: 'date', name: 'from', value: p.from, dir: 'ltr' }),
    to: h('input', { type: 'date', name: 'to', value: p.to, dir: 'ltr' }),
  };
  const submit = () => {
    const v = { ...p };
    for (const [k, inp] of Object.entries(inputs)) v[k] = inp.value.trim();
    location.hash = link('timeline', v);
  };
  const field = (ar, en, c) => h('label', { class: 'field' }, bi(ar, en), c);
  const form = h('form', { class: 'filters boxed', onsubmit: (e) => { e.preventDefault(); submit(); } },
    field('نوع الحدث', 'event type', inputs.type), field('المنفذ', 'outlet', inputs.outlet),
    field('من', 'from', inputs.from), field('إلى', 'to', inputs.to),
    h('button', { type: 'submit', class: 'primary' }, 'عرض · Show'));

  const totals = days.reduce((a, d) => {
    a.articles += d.articles || 0; a.events += d.events || 0;
    for (const [t, v] of Object.entries(d.types || {})) a.types[t] = (a.types[t] || 0) + v;
    return a;
  }, { articles: 0, events: 0, types: {} });

  mount(el, 
    h('h1', {}, bi('الخط الزمني', 'Timeline')),
    h('p', { class: 'muted' }, 'المقالات والأحداث في كل يوم نشر (المقالات بلا تاريخ لا تُحسب). انقر يوماً لعرض مقالاته. · Articles and events per publication day (undated articles are not counted). Click a day for its articles.'),
    form,
    p.entity ? h('div', { class: 'chips' }, h('a', { class: 'chip active', href: link('timeline', { ...p, entity: '' }) }, ltr('entity: ' + p.entity), ' ✕')) : null,
    days.length
      ? [h('div', { class: 'summary', testid: 'timeline-summary' },
        qty(days.length, 'أيام', 'days'), ' · ',
        qty(totals.articles, 'مقالات', 'articles'), ' · ',
        qty(totals.events, 'أحداث', 'events'), ' · ',
        h('span', { class: 'qty' }, ltr(days[0].date), days.length > 1 ? [' — ', ltr(days[days.length - 1].date)] : null)),
      h('div', { testid: 'timeline-chart' }, dayChart(days, {
        testid: 'timeline-svg',
        onDay: (d) => { location.hash = link('search', { from: d.date, to: d.date, type: p.type, outlet: p.outlet, entity: p.entity }); },
      })),
      h('h2', {}, bi('حسب النوع', 'By type')),
      h('div', { class: 'typebars' }, Object.entries(totals.types).sort((a, b) => b[1] - a[1]).map(([t, v]) =>
        h('a', { class: 'typebar', href: link('timeline', { ...p, type: t }) },
          h('span', { class: 'tlabel' }, PLOVER[t] || t, ' ', ltr(t, 'code')),
          h('span', { class: 'track' }, h('span', { class: 'fill', style: { width: (100 * v / Math.max(1, totals.events)).toFixed(1) + '%', background: TYPE_COLOR[t] || '#868e96' } })),
          h('span', { class: 'count' }, num(v)))))]
      : empty('لا مقالات مؤرخة لهذه المرشحات.', 'No dated articles for these filters.'));
}
