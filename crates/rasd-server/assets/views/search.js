// Search: query + filters, ranked hits with highlighted snippets, clickable facets.
import { h, mount, qty, bi, num, date, ltr, link, snippet, pager, typeOptions, articleTitle, outletName, empty, PLOVER, code } from '../util.js';
import { api } from '../api.js';

const FILTERS = ['from', 'to', 'outlet', 'type', 'entity'];
const LIMIT = 20;

export async function searchView({ el, query, live }) {
  const p = Object.fromEntries(['q', ...FILTERS].map((k) => [k, query.get(k) || '']));
  const offset = Math.max(0, parseInt(query.get('offset') || '0', 10) || 0);

  const input = h('input', { type: 'search', name: 'q', value: p.q, placeholder: 'ابحث في المقالات… · search articles', testid: 'search-input', autofocus: true, 'aria-label': 'query' });
  const field = (k, ar, en, control) => h('label', { class: 'field' }, bi(ar, en), control);
  const inputs = {
    from: h('input', { type: 'date', name: 'from', value: p.from, dir: 'ltr' }),
    to: h('input', { type: 'date', name: 'to', value: p.to, dir: 'ltr' }),
    outlet: h('input', { type: 'text', name: 'outlet', value: p.outlet, placeholder: 'اسم المنفذ · outlet name' }),
    type: h('select', { name: 'type' }, typeOptions(p.type)),
    entity: h('input', { type: 'text', name: 'entity', value: p.entity, placeholder: 'c12 أو اسم · id or name' }),
  };
  const form = h('form', { class: 'searchform', testid: 'search-form', onsubmit: (e) => {
    e.preventDefault();
    const v = { q: input.value.trim() };
    for (const k of FILTERS) v[k] = inputs[k].value.trim();
    location.hash = link('search', v);
  } },
  h('div', { class: 'searchrow' }, input, h('button', { type: 'submit', class: 'primary', testid: 'search-submit' }, 'بحث · Search')),
  h('div', { class: 'filters' },
    field('from', 'من', 'from', inputs.from), field('to', 'إلى', 'to', inputs.to),
    field('outlet', 'المنفذ', 'outlet', inputs.outlet), field('type', 'نوع الحدث', 'event type', inputs.type),
    field('entity', 'الكيان', 'entity', inputs.entity)));

  const hasQuery = p.q || FILTERS.some((k) => p[k]);
  if (!hasQuery) {
    // Landing page: the form and what the store holds.
    const [st, stories] = await Promise.all([api('status'), api('stories', { limit: 5 })]);
    mount(el, 
      h('h1', {}, bi('البحث في الأخبار', 'Search the news')), form,
      h('section', { class: 'cards stats', testid: 'store-stats' },
        stat(st.articles, 'مقالة', 'articles', '#/search'), stat(st.entities, 'كيان', 'entities', '#/entities'),
        stat(st.events, 'حدث', 'events', '#/events'), stat(st.fused_events, 'حدث مدمج', 'fused events', '#/stories'),
        stat(st.stories, 'قصة', 'stories', '#/stories')),
      stories.stories.length ? h('section', {},
        h('h2', {}, bi('أكبر القصص', 'Largest stories')),
        h('ul', { class: 'plain' }, stories.stories.map((s) => h('li', {}, h('a', { href: link('story/' + s.id) }, s.title || s.id), ' ',
          h('span', { class: 'muted small' }, qty(s.articles, 'مقالات', 'articles'), ' · ', qty(s.outlets, 'منافذ', 'outlets')))))) : null);
    input.focus();
    return;
  }

  const res = await api('search', { ...p, limit: LIMIT, offset });
  if (!live()) return;

  const chips = FILTERS.filter((k) => p[k]).map((k) =>
    h('a', { class: 'chip active', href: link('search', { ...p, [k]: '' }), title: 'إزالة · remove', testid: 'filter-chip' },
      ltr(k), ': ', k === 'type' ? (PLOVER[p[k]] || '') + ' ' : '', ltr(p[k]), ' ✕'));

  const hits = res.hits.map((hit) => h('article', { class: 'hit', testid: 'search-hit', dataset: { article: hit.article } },
    h('h3', {}, h('a', { href: link('article/' + hit.article, p.q ? { q: p.q } : null), testid: 'hit-link' }, articleTitle(hit))),
    h('div', { class: 'meta' }, outletName(hit.outlet), ' · ', date(hit.published), ' · ',
      ltr(hit.file, 'muted small'), ' · ', h('span', { class: 'muted small', title: 'BM25' }, ltr('score ' + num(hit.score)))),
    h('p', { class: 'snippet', testid: 'hit-snippet' }, snippet(hit.snippet))));

  mount(el, 
    h('h1', {}, bi('البحث في الأخبار', 'Search the news')), form,
    h('div', { class: 'with-side' },
      h('section', { class: 'results', testid: 'search-results' },
        h('div', { class: 'resulthead' },
          h('span', { testid: 'search-total', dataset: { total: res.total } }, qty(res.total, 'نتيجة', 'results')),
          chips.length ? h('span', { class: 'chips' }, chips) : null),
        res.hits.length ? hits : empty('لا نتائج. جرّب كلمات أقل أو أزل مرشّحاً.', 'No results: try fewer words or remove a filter.'),
        pager(res.total, offset, LIMIT, (o) => link('search', { ...p, offset: o || null }))),
      h('aside', { class: 'facets', testid: 'facets' },
        facet('outlets', 'المنافذ', 'Outlets', res.facets.outlets, (f) => f.value, (f) => ({ outlet: f.value }), p.outlet),
        facet('types', 'أنواع الأحداث', 'Event types', res.facets.types, (f) => [PLOVER[f.value] || '', ' ', code(f.value)], (f) => ({ type: f.value }), p.type),
        facet('entities', 'الكيانات', 'Entities', res.facets.entities, (f) => f.name || f.value, (f) => ({ entity: f.value }), p.entity),
        facet('months', 'الأشهر', 'Months', res.facets.months, (f) => ltr(f.value), (f) => monthRange(f.value), p.from && p.from.slice(0, 7)))));

  function facet(key, ar, en, items, label, filter, active) {
    return h('section', { class: 'facet', testid: 'facet-' + key },
      h('h3', {}, bi(ar, en)),
      items && items.length
        ? h('ul', { class: items.length > 10 ? 'collapsed' : null }, items.map((f, i) => h('li', { class: i >= 10 ? 'extra' : null },
          h('a', { href: link('search', { ...p, ...filter(f) }), class: active && active === f.value ? 'on' : null, testid: 'facet-item', dataset: { facet: key, value: f.value } },
            h('span', { class: 'flabel' }, label(f)), h('span', { class: 'count' }, num(f.count))))),
        items.length > 10 ? h('li', { class: 'more' }, h('button', { type: 'button', class: 'linkish small', onclick: (e) => {
          const ul = e.target.closest('ul');
          ul.classList.toggle('collapsed');
          e.target.textContent = ul.classList.contains('collapsed') ? 'المزيد · more' : 'أقل · less';
        } }, 'المزيد · more')) : null)
        : h('p', { class: 'muted small' }, '—'));
  }
}

function monthRange(m) {
  const [y, mo] = m.split('-').map(Number);
  const last = new Date(Date.UTC(y, mo, 0)).getUTCDate();
  return { from: `${m}-01`, to: `${m}-${String(last).padStart(2, '0')}` };
}

function stat(n, ar, en, href) {
  return h('a', { class: 'card stat', href }, h('div', { class: 'n' }, num(n)), bi(ar, en));
}
