// Entities: the list with a name filter, and one entity's page.
import { h, mount, bi, num, date, ltr, link, code, pager, options, entTypeBadge, articleTitle, outletName, empty, ENT_TYPE, capped } from '../util.js';
import { api } from '../api.js';
import { dayChart } from '../charts.js';
import { fusedHeadline, corroboration } from './fused.js';

const LIMIT = 50;

export async function entitiesView({ el, query, live }) {
  const p = { q: query.get('q') || '', type: query.get('type') || '' };
  const offset = Math.max(0, parseInt(query.get('offset') || '0', 10) || 0);
  const res = await api('entities', { ...p, limit: LIMIT, offset });
  if (!live()) return;

  const qIn = h('input', { type: 'search', name: 'q', value: p.q, placeholder: 'جزء من اسم أو كنية · part of a name or alias', testid: 'entities-filter' });
  const tIn = h('select', { name: 'type', onchange: () => submit() }, options([['', 'كل الأنواع · all types'], ...Object.entries(ENT_TYPE).map(([k, v]) => [k, `${v} · ${k}`])], p.type));
  const submit = () => { location.hash = link('entities', { q: qIn.value.trim(), type: tIn.value }); };

  mount(el, 
    h('h1', {}, bi('الكيانات', 'Entities'), ' ', h('span', { class: 'count big', testid: 'entities-total' }, num(res.total))),
    h('form', { class: 'filters boxed', onsubmit: (e) => { e.preventDefault(); submit(); } },
      h('label', { class: 'field grow' }, bi('الاسم', 'name'), qIn), h('label', { class: 'field' }, bi('النوع', 'type'), tIn),
      h('button', { type: 'submit', class: 'primary' }, 'تصفية · Filter')),
    res.entities.length
      ? h('div', { class: 'tablewrap' }, h('table', { class: 'data', testid: 'entities-table' },
        h('thead', {}, h('tr', {}, [['الاسم', 'name'], ['بالإنجليزية', 'English'], ['النوع', 'type'], ['رمز CAMEO', 'actor'], ['الصيغ', 'aliases'], ['المقالات', 'articles']]
          .map(([ar, en]) => h('th', {}, bi(ar, en))))),
        h('tbody', {}, res.entities.map((e) => h('tr', { testid: 'entity-row', dataset: { id: e.id } },
          h('td', {}, h('a', { href: link('entity/' + e.id) }, h('strong', {}, e.name))),
          h('td', {}, e.name_en ? ltr(e.name_en) : h('span', { class: 'muted' }, '—')),
          h('td', {}, entTypeBadge(e.type)),
          h('td', {}, code(e.actor) || h('span', { class: 'muted' }, '—')),
          h('td', { class: 'small' }, (e.aliases || []).filter((a) => a !== e.name).join('، ') || h('span', { class: 'muted' }, '—')),
          h('td', { class: 'num' }, num(e.articles)))))))
      : empty('لا كيانات بهذا الاسم.', 'No entity has this name.'),
    pager(res.total, offset, LIMIT, (o) => link('entities', { ...p, offset: o || null })));
  qIn.focus();
}

export async function entityView({ el, args }) {
  const e = await api('entities/' + encodeURIComponent(args[0]));
  const arts = e.article_list || [], fes = e.fused_events || [], rel = e.related || [], tl = e.timeline || [];
  const maxRel = Math.max(1, ...rel.map((r) => r.weight));

  mount(el, 
    h('div', { class: 'crumbs' }, h('a', { href: '#/entities' }, '→ الكيانات · Entities')),
    h('header', { class: 'enthead' },
      h('h1', { testid: 'entity-name' }, e.name, ' ', entTypeBadge(e.type)),
      e.name_en ? h('div', { class: 'en big', testid: 'entity-name-en' }, ltr(e.name_en)) : null,
      h('dl', { class: 'meta grid' },
        h('dt', {}, bi('رمز CAMEO', 'CAMEO actor')), h('dd', { testid: 'entity-actor' }, code(e.actor) || h('span', { class: 'muted' }, '—')),
        h('dt', {}, bi('المعرّف', 'id')), h('dd', {}, code(e.id)),
        h('dt', {}, bi('الصيغ', 'aliases')), h('dd', { testid: 'entity-aliases' }, capped(e.aliases || [], 40, (shown) => h('span', {}, shown.map((a) => h('span', { class: 'chip', testid: 'entity-alias' }, a))))),
        h('dt', {}, bi('المقالات', 'articles')), h('dd', {}, num(e.articles), ' · ',
          h('a', { href: link('search', { entity: e.id }) }, 'بحث · search'), ' · ',
          h('a', { href: link('events', { entity: e.id }) }, 'الأحداث · events'), ' · ',
          h('a', { href: link('timeline', { entity: e.id }) }, 'الخط الزمني · timeline')))),

    h('div', { class: 'with-side' },
      h('div', {},
        h('h2', {}, bi('على مر الأيام', 'Over time')),
        tl.length ? h('div', { testid: 'entity-timeline' }, dayChart(tl, { mini: true, testid: 'entity-timeline-svg', onDay: (d) => { location.hash = link('search', { entity: e.id, from: d.date, to: d.date }); } }))
          : empty('لا مقالات مؤرخة.', 'No dated articles.'),
        h('h2', {}, bi('المقالات', 'Articles'), ' ', h('span', { class: 'count' }, num(e.articles))),
        arts.length ? capped(arts, 25, (shown) => h('table', { class: 'data', testid: 'entity-articles' },
          h('thead', {}, h('tr', {}, h('th', {}, bi('العنوان', 'title')), h('th', {}, bi('المنفذ', 'outlet')), h('th', {}, bi('التاريخ', 'date')), h('th', {}, bi('الإشارات', 'mentions')))),
          h('tbody', {}, shown.map((a) => h('tr', {},
            h('td', {}, h('a', { href: link('article/' + a.id) }, articleTitle(a))),
            h('td', {}, outletName(a.outlet)), h('td', { class: 'nowrap' }, date(a.published)), h('td', { class: 'num' }, num(a.mentions)))))))
          : empty('لا مقالات.', 'No articles.'),
        h('h2', {}, bi('الأحداث المدمجة', 'Fused events'), ' ', h('span', { class: 'count' }, num(fes.length))),
        fes.length ? capped(fes, 25, (shown) => h('ul', { class: 'felines', testid: 'entity-fused' }, shown.map((fe) => h('li', {},
          h('a', { href: link('fused/' + fe.id), class: 'small' }, ltr(fe.id)), ' ', fusedHeadline(fe), ' ',
          fe.location ? h('span', { class: 'small place' }, fe.location) : null, ' ', corroboration(fe),
          (fe.contradictions || []).length ? [' ', h('span', { class: 'badge warn' }, 'تناقض · contradicted')] : null))))
          : empty('لا أحداث.', 'No events.')),
      h('aside', { class: 'aside' },
        h('h3', {}, bi('كيانات مرتبطة', 'Related entities')),
        h('p', { class: 'muted small' }, 'مذكورة في المقالات نفسها · named in the same articles'),
        rel.length ? h('ul', { class: 'sidelist related', testid: 'entity-related' }, rel.map((r) => h('li', {},
          h('a', { href: link('entity/' + r.id) }, h('span', { class: 'dot ent-' + r.type }), r.name), r.name_en ? [' ', ltr(r.name_en, 'en small')] : null,
          h('span', { class: 'relbar' }, h('span', { style: { width: (100 * r.weight / maxRel).toFixed(0) + '%' } })), h('span', { class: 'count' }, num(r.weight)))))
          : h('p', { class: 'muted' }, '—'))));
}
