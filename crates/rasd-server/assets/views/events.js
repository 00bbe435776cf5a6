// Events table: every event as each article reports it, filterable and paged; rows link to the evidence.
import { h, mount, bi, num, date, ltr, link, code, pager, typeOptions, options, typeBadge, modalityBadge, party, outletName, empty, MODALITY } from '../util.js';
import { api } from '../api.js';

const KEYS = ['type', 'modality', 'outlet', 'actor', 'entity', 'story', 'article', 'from', 'to'];
const LIMIT = 50;

export async function eventsView({ el, query, live }) {
  const p = Object.fromEntries(KEYS.map((k) => [k, query.get(k) || '']));
  const offset = Math.max(0, parseInt(query.get('offset') || '0', 10) || 0);
  const res = await api('events', { ...p, limit: LIMIT, offset });
  if (!live()) return;

  const inputs = {
    type: h('select', { name: 'type', testid: 'events-type' }, typeOptions(p.type)),
    modality: h('select', { name: 'modality', testid: 'events-modality' },
      options([['', 'كل الصيغ · all'], ...Object.entries(MODALITY).map(([k, v]) => [k, `${v} · ${k}`])], p.modality)),
    outlet: h('input', { type: 'text', name: 'outlet', value: p.outlet, placeholder: 'المنفذ · outlet' }),
    actor: h('input', { type: 'text', name: 'actor', value: p.actor, placeholder: 'USA, EGYGOV…', dir: 'ltr' }),
    from: h('input', { type: 'date', name: 'from', value: p.from, dir: 'ltr' }),
    to: h('input', { type: 'date', name: 'to', value: p.to, dir: 'ltr' }),
  };
  const field = (ar, en, c) => h('label', { class: 'field' }, bi(ar, en), c);
  const form = h('form', { class: 'filters boxed', testid: 'events-filters', onsubmit: (e) => {
    e.preventDefault();
    const v = { ...p };
    for (const [k, inp] of Object.entries(inputs)) v[k] = inp.value.trim();
    location.hash = link('events', v);
  } },
  field('النوع', 'type', inputs.type), field('الصيغة', 'modality', inputs.modality), field('المنفذ', 'outlet', inputs.outlet),
  field('الفاعل', 'actor code', inputs.actor), field('من', 'from', inputs.from), field('إلى', 'to', inputs.to),
  h('button', { type: 'submit', class: 'primary' }, 'تصفية · Filter'));
  // Filters that come from links (entity, story, article) have no field: show them as removable chips.
  const chips = ['entity', 'story', 'article'].filter((k) => p[k]).map((k) =>
    h('a', { class: 'chip active', href: link('events', { ...p, [k]: '' }), testid: 'filter-chip' }, ltr(`${k}: ${p[k]}`), ' ✕'));

  const rows = res.events.map((ev) => {
    const at = link('article/' + ev.article, { ev: ev.idx });
    return h('tr', { testid: 'event-row', dataset: { article: ev.article, idx: ev.idx } },
      h('td', { class: 'nowrap' }, date(ev.published)),
      h('td', {}, h('a', { href: link('article/' + ev.article), title: ev.title || ev.file }, outletName(ev.outlet, ev.outlet ? null : ev.file))),
      h('td', {}, typeBadge(ev.type)),
      h('td', {}, code(ev.cameo)),
      h('td', {}, party(ev.source)),
      h('td', {}, party(ev.target)),
      h('td', {}, modalityBadge(ev.modality)),
      h('td', {}, ev.location || h('span', { class: 'muted' }, '—'), ev.date ? h('div', { class: 'small muted' }, ltr(ev.date)) : null),
      h('td', { class: 'evidence' }, h('a', { href: at, testid: 'event-evidence' }, evidence(ev)),
        ev.fused ? h('div', { class: 'small' }, h('a', { href: link('fused/' + ev.fused) }, 'مدمج · fused ', ltr(ev.fused))) : null));
  });

  mount(el, 
    h('h1', {}, bi('الأحداث', 'Events'), ' ', h('span', { class: 'count big', testid: 'events-total', dataset: { total: res.total } }, num(res.total))),
    h('p', { class: 'muted' }, 'كل حدث كما ترويه كل مقالة؛ انقر الجملة لفتحها في المقالة. · Each event as each article reports it; click the sentence to open it in the article.'),
    form, chips.length ? h('div', { class: 'chips' }, chips) : null,
    res.events.length
      ? h('div', { class: 'tablewrap' }, h('table', { class: 'data', testid: 'events-table' },
        h('thead', {}, h('tr', {}, [['التاريخ', 'date'], ['المنفذ', 'outlet'], ['النوع', 'type'], ['CAMEO', ''], ['المصدر', 'source'], ['الهدف', 'target'],
          ['الصيغة', 'modality'], ['المكان', 'place'], ['الدليل', 'evidence']].map(([ar, en]) => h('th', {}, en ? bi(ar, en) : ltr(ar))))),
        h('tbody', {}, rows)))
      : empty('لا أحداث تطابق هذه المرشحات.', 'No events match these filters.'),
    pager(res.total, offset, LIMIT, (o) => link('events', { ...p, offset: o || null })));
}

/** The evidence sentence with its trigger marked (trigger offsets are into the file, like the evidence's). */
function evidence(ev) {
  const e = ev.evidence;
  if (!e) return '—';
  const chars = Array.from(e.text || '');
  const t = ev.trigger;
  if (!t || t.start < e.start || t.end > e.start + chars.length) return clip(chars, 0, chars.length);
  const a = t.start - e.start, b = t.end - e.start;
  // Keep a window of words around the trigger so long sentences stay readable.
  const from = Math.max(0, a - 90), to = Math.min(chars.length, b + 90);
  return [from > 0 ? '… ' : '', chars.slice(from, a).join(''), h('mark', { class: 'trigmark' }, chars.slice(a, b).join('')), chars.slice(b, to).join(''), to < chars.length ? ' …' : ''];
}

function clip(chars, a, b) {
  return chars.length > 200 ? chars.slice(0, 200).join('') + ' …' : chars.slice(a, b).join('');
}
