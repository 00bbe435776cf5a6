// Small DOM and formatting helpers shared by every view.

/**
 * h('a', {href: '#/x', class: 'k', dataset: {id: 1}, onclick: fn}, 'text', child…) → Element.
 * Children may be strings, numbers, nodes, arrays or null/false (skipped). Never uses innerHTML.
 */
export function h(tag, attrs, ...children) {
  const svg = tag.startsWith('svg:');
  const el = svg ? document.createElementNS('http://www.w3.org/2000/svg', tag.slice(4)) : document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k === 'dataset') Object.assign(el.dataset, v);
    else if (k === 'style' && typeof v === 'object') for (const [p, pv] of Object.entries(v)) el.style.setProperty(p.replace(/[A-Z]/g, (c) => '-' + c.toLowerCase()), pv);
    else if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2), v);
    else if (k === 'testid') el.setAttribute('data-testid', v);
    else if (!svg && (k === 'value' || k === 'checked' || k === 'selected')) el[k] = v;
    else el.setAttribute(k, v === true ? '' : String(v));
  }
  append(el, children);
  return el;
}

export const s = (tag, attrs, ...children) => h('svg:' + tag, attrs, ...children);

export function append(el, children) {
  for (const c of children.flat(Infinity)) {
    if (c === null || c === undefined || c === false) continue;
    el.append(c instanceof Node ? c : String(c));
  }
  return el;
}

export function clear(el) { while (el.firstChild) el.firstChild.remove(); return el; }

/** Replaces the contents of `el` by `children` (same rules as h's children). */
export function mount(el, ...children) { return append(clear(el), children); }

/** Latin text (codes, English names, file names) isolated and left-to-right inside Arabic. */
export const ltr = (text, cls) => h('bdi', { dir: 'ltr', class: cls || null }, text);

/** A count with its bilingual noun, isolated so that runs of them read right in RTL. */
export const qty = (n, ar, en) => h('span', { class: 'qty' }, h('strong', {}, num(n)), ' ', bi(ar, en));

/** Numbers with grouping (Western digits, as in the codes and dates around them). */
export const num = (n) => (n === null || n === undefined ? '—' : Number(n).toLocaleString('en-US', { maximumFractionDigits: 2 }));

export const date = (d) => (d ? ltr(d, 'date') : h('span', { class: 'muted' }, 'بلا تاريخ · undated'));

/** A bilingual label «عربي · English». */
export const bi = (ar, en) => h('span', { class: 'bi' }, ar, h('span', { class: 'sep' }, ' · '), h('bdi', { class: 'en', lang: 'en', dir: 'ltr' }, en));

export const PLOVER = {
  AGREE: 'اتفاق', CONSULT: 'تشاور', SUPPORT: 'دعم', COOPERATE: 'تعاون', AID: 'مساعدة', CONCEDE: 'تنازل',
  RETREAT: 'انسحاب', REQUEST: 'طلب', ACCUSE: 'اتهام', REJECT: 'رفض', THREATEN: 'تهديد', PROTEST: 'احتجاج',
  SANCTION: 'عقوبات', MOBILIZE: 'تعبئة', COERCE: 'إكراه', ASSAULT: 'اعتداء',
};
export const PLOVER_TYPES = Object.keys(PLOVER);

// Colours per PLOVER type, roughly cooperative (blues/greens) to conflictual (oranges/reds).
export const TYPE_COLOR = {
  AGREE: '#2b8a3e', CONSULT: '#1c7ed6', SUPPORT: '#37b24d', COOPERATE: '#0ca678', AID: '#74b816', CONCEDE: '#66a80f',
  RETREAT: '#82c91e', REQUEST: '#4263eb', ACCUSE: '#f08c00', REJECT: '#e67700', THREATEN: '#e8590c', PROTEST: '#d9480f',
  SANCTION: '#c2255c', MOBILIZE: '#9c36b5', COERCE: '#c92a2a', ASSAULT: '#a61e4d',
};

export const MODALITY = {
  asserted: 'مؤكَّد', reported: 'منقول', expected: 'متوقَّع', speculated: 'تخميني', negated: 'منفي',
};
export const ENT_TYPE = { PER: 'شخص', ORG: 'منظمة', LOC: 'مكان', MISC: 'أخرى' };
export const FIELD = { location: ['المكان', 'location'], date: ['التاريخ', 'date'], quantity: ['الكمية', 'quantity'], modality: ['الصيغة', 'modality'] };

export const typeBadge = (t) =>
  t ? h('span', { class: 'badge type', style: { '--c': TYPE_COLOR[t] || '#555' }, title: t }, PLOVER[t] || t, ' ', ltr(t, 'code')) : null;
export const modalityBadge = (m) => (m ? h('span', { class: 'badge mod mod-' + m, title: m }, MODALITY[m] || m, ' ', ltr(m, 'en')) : null);
export const entTypeBadge = (t) => (t ? h('span', { class: 'badge ent-' + t, title: t }, ENT_TYPE[t] || t, ' ', ltr(t, 'code')) : null);
export const code = (c) => (c ? h('code', { dir: 'ltr' }, c) : null);

/** Title of an article, falling back to its file name. */
export const articleTitle = (a) => a.title || h('span', { class: 'untitled' }, 'بلا عنوان · untitled ', ltr(a.file || '#' + (a.id ?? a.article)));

/** An outlet name, or a file name standing for an unknown outlet (shown left-to-right). */
export const outletLabel = (o) => (o && /[\u0600-\u06FF]/.test(o) ? o : ltr(o || '?', 'small'));

export const outletName = (o, file) => (o ? o : h('span', { class: 'muted' }, 'منفذ غير معروف · unknown outlet', file ? [' ', ltr('(' + file + ')', 'small')] : null));

/** Builds '#/path?k=v' dropping empty values. */
export function link(path, params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params || {})) if (v !== null && v !== undefined && v !== '') q.set(k, v);
  const qs = q.toString();
  return '#/' + path + (qs ? '?' + qs : '');
}

/** Marks «guillemeted» words of a snippet with <mark>. */
export function snippet(text) {
  const out = [];
  let last = 0;
  for (const m of (text || '').matchAll(/«([^«»]*)»/g)) {
    out.push(text.slice(last, m.index), h('mark', {}, m[1]));
    last = m.index + m[0].length;
  }
  out.push((text || '').slice(last));
  return out;
}

/** Code point slice of a string. */
export const cpSlice = (chars, a, b) => chars.slice(a, b).join('');

export const loading = () => h('div', { class: 'loading', testid: 'loading' }, h('span', { class: 'spinner' }), 'جارٍ التحميل · Loading…');
export const empty = (ar, en) => h('div', { class: 'empty', testid: 'empty' }, bi(ar, en));

/** A labelled party of an event («المصدر → الهدف»): name + actor code, linked to the entity when known. */
export function party(p, entityKey = 'canonical') {
  const name = p && (p.name || p.text || p.actor);
  if (!name) return h('span', { class: 'muted', title: 'غير مذكور · not stated' }, '—');
  const id = p[entityKey];
  const label = [id ? h('a', { href: link('entity/' + id) }, name) : name];
  if (p.name_en) label.push(' ', ltr(p.name_en, 'en small'));
  if (p.actor) label.push(' ', code(p.actor));
  return h('span', { class: 'party' }, label);
}

/** Paging control: 'Page x of y' with previous/next links built by makeHref(offset). */
export function pager(total, offset, limit, makeHref) {
  if (total <= limit) return null;
  const pages = Math.ceil(total / limit), cur = Math.floor(offset / limit) + 1;
  return h('nav', { class: 'pager', testid: 'pager' },
    cur > 1 ? h('a', { href: makeHref(Math.max(0, offset - limit)), class: 'btn' }, '→ السابق · Prev') : h('span', { class: 'btn disabled' }, '→ السابق · Prev'),
    h('span', {}, `صفحة ${num(cur)} من ${num(pages)} · page ${num(cur)} of ${num(pages)}`),
    cur < pages ? h('a', { href: makeHref(offset + limit), class: 'btn' }, 'التالي · Next ←') : h('span', { class: 'btn disabled' }, 'التالي · Next ←'));
}

/** Options of a <select>: [['', 'all'], ['X', 'label']…], selecting `value`. */
export function options(pairs, value) {
  return pairs.map(([v, label]) => h('option', { value: v, selected: v === (value || '') }, label));
}

export const typeOptions = (value) =>
  options([['', 'كل الأنواع · all types'], ...PLOVER_TYPES.map((t) => [t, `${PLOVER[t]} · ${t}`])], value);

/** A floating tooltip shared by the charts. */
let tip;
export function showTip(evt, content) {
  if (!tip) { tip = h('div', { class: 'tooltip', testid: 'tooltip' }); document.body.append(tip); }
  clear(tip); append(tip, [content]);
  tip.hidden = false;
  const pad = 14, r = tip.getBoundingClientRect();
  let x = evt.clientX + pad, y = evt.clientY + pad;
  if (x + r.width > innerWidth - 4) x = evt.clientX - r.width - pad;
  if (y + r.height > innerHeight - 4) y = evt.clientY - r.height - pad;
  tip.style.left = Math.max(4, x) + 'px';
  tip.style.top = Math.max(4, y) + 'px';
}
export function hideTip() { if (tip) tip.hidden = true; }

/** `render(items)` for the first `max` items (all when there are few more), with a button that
 * renders them all. */
export function capped(items, max, render) {
  if (items.length <= max * 1.25) return render(items);
  const box = h('div', {});
  const more = h('button', { class: 'more', testid: 'show-all' }, `عرض الكل · show all ${num(items.length)}`);
  more.addEventListener('click', () => { box.replaceChildren(render(items)); });
  box.append(render(items.slice(0, max)), h('p', { class: 'muted small' }, `${num(max)} / ${num(items.length)} · `, more));
  return box;
}
