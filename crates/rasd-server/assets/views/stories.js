// Stories: the list, and one story compared across its outlets.
import { h, mount, capped, outletLabel, qty, bi, num, date, ltr, link, pager, articleTitle, empty, typeBadge, code, MODALITY } from '../util.js';
import { api } from '../api.js';
import { fusedCard, reportOutlet, corroboration } from './fused.js';

const LIMIT = 50;
const UNKNOWN = 'منفذ غير معروف · unknown outlet';

export async function storiesView({ el, query, live }) {
  const offset = Math.max(0, parseInt(query.get('offset') || '0', 10) || 0);
  const res = await api('stories', { limit: LIMIT, offset });
  if (!live()) return;
  mount(el, 
    h('h1', {}, bi('القصص', 'Stories'), ' ', h('span', { class: 'count big' }, num(res.total))),
    h('p', { class: 'muted' }, 'مجموعات من المقالات عن الموضوع نفسه، الأكبر أولاً. · Clusters of articles on one subject, largest first.'),
    res.stories.length
      ? h('div', { class: 'storylist', testid: 'story-list' }, res.stories.map((st) => h('a', { class: 'card story', href: link('story/' + st.id), testid: 'story-item', dataset: { id: st.id } },
        h('h3', {}, st.title || ltr(st.id)),
        h('div', { class: 'meta' }, st.first ? [ltr(st.first), st.last && st.last !== st.first ? [' — ', ltr(st.last)] : null] : h('span', { class: 'muted' }, 'بلا تاريخ · undated')),
        h('div', { class: 'nums' },
          qty(st.articles, 'مقالات', 'articles'),
          qty(st.outlets, 'منافذ', 'outlets'),
          qty(st.fused_events, 'أحداث', 'events'),
          st.contradictions ? h('span', { class: 'badge warn' }, `${num(st.contradictions)} تناقض · contradictions`) : null),
        h('div', { class: 'chips' }, (st.entities || []).slice(0, 6).map((e) => h('span', { class: 'chip' }, e.name))))))
      : empty('لا قصص بعد.', 'No stories yet.'),
    pager(res.total, offset, LIMIT, (o) => link('stories', { offset: o || null })));
}

export async function storyView({ el, args }) {
  const st = await api('stories/' + encodeURIComponent(args[0]));
  const arts = st.article_list || [], fes = st.fused_event_list || [];

  // Articles grouped by outlet, in the order of outlet_list (most articles first), unknown outlets last.
  const groups = new Map((st.outlet_list || []).map((o) => [o.outlet, []]));
  for (const a of arts) {
    const k = a.outlet || UNKNOWN;
    if (!groups.has(k)) groups.set(k, []);
    groups.get(k).push(a);
  }
  for (const [k, v] of groups) if (!v.length) groups.delete(k);

  // Columns of the coverage matrix: every outlet (or file, for unknown outlets) that reports a fused event.
  const cols = [];
  const seen = new Set();
  for (const fe of fes) for (const m of fe.mentions || []) { const o = reportOutlet(m); if (!seen.has(o)) { seen.add(o); cols.push(o); } }
  const known = new Set(arts.map((a) => a.outlet).filter(Boolean));
  cols.sort((a, b) => (known.has(b) ? 1 : 0) - (known.has(a) ? 1 : 0));

  const contradicted = fes.filter((f) => (f.contradictions || []).length);

  mount(el, 
    h('div', { class: 'crumbs' }, h('a', { href: '#/stories' }, '→ القصص · Stories')),
    h('h1', { testid: 'story-title' }, st.title || ltr(st.id)),
    h('div', { class: 'summary' },
      st.first ? [ltr(st.first), st.last && st.last !== st.first ? [' — ', ltr(st.last)] : null, ' · '] : null,
      qty(st.articles, 'مقالات', 'articles'), ' · ',
      qty(st.outlets, 'منافذ', 'outlets'), ' · ',
      qty(st.fused_events, 'أحداث مدمجة', 'fused events'), ' · ',
      h('span', { class: st.contradictions ? 'warntext' : '' }, qty(st.contradictions, 'تناقضات', 'contradictions')), ' · ',
      h('a', { href: link('events', { story: st.id }) }, 'جدول الأحداث · events table')),
    (st.entities || []).length ? h('div', { class: 'chips' }, st.entities.map((e) => h('a', { class: 'chip', href: link('entity/' + e.id) }, e.name, e.name_en ? [' ', ltr(e.name_en, 'en small')] : null))) : null,

    h('h2', {}, bi('المقالات حسب المنفذ', 'Articles by outlet')),
    h('div', { class: 'outletcols', testid: 'story-outlets' }, [...groups].map(([o, list]) => h('section', { class: 'card outletcol', testid: 'story-outlet' },
      h('h3', {}, o, ' ', h('span', { class: 'count' }, num(list.length))),
      capped(list, ARTICLES_SHOWN, (shown) => h('ul', { class: 'plain' }, shown.map((a) => h('li', {},
        h('a', { href: link('article/' + a.id), testid: 'story-article' }, articleTitle(a)),
        h('div', { class: 'small muted' }, date(a.published), a.duplicate_of !== null && a.duplicate_of !== undefined ? [' · ', h('a', { href: link('article/' + a.duplicate_of) }, 'نسخة من · copy of ', ltr('#' + a.duplicate_of))] : null))))))))
    ,
    h('h2', {}, bi('التناقضات بين المنافذ', 'Where outlets disagree'), ' ', h('span', { class: 'count' }, num(contradicted.length))),
    contradicted.length
      ? capped(contradicted, CONTRADICTIONS_SHOWN, (shown) => h('div', { class: 'felist', testid: 'story-contradictions' }, shown.map((fe) => fusedCard(fe, { open: true }))))
      : empty('لا تتناقض المنافذ في أحداث هذه القصة.', 'The outlets agree on every event of this story.'),

    h('h2', {}, bi('من يروي ماذا', 'Who reports what'), ' ', h('span', { class: 'count' }, num(fes.length))),
    h('p', { class: 'muted small' }, 'كل صف حدث مدمج، وكل عمود منفذ؛ الخلية تذكر صيغة روايته. انقر صفاً لتفاصيله وأدلته. · Each row a fused event, each column an outlet; a cell gives how it reports it. Click a row for its details and evidence.'),
    fes.length ? capped(fes, EVENTS_SHOWN, (shown) => coverage(shown, cols)) : empty('لا أحداث.', 'No events.'));
}

// A large story (hundreds of articles and fused events) shows the first items of each list —
// the lists come most corroborated or most published first — and a button for the rest.
const ARTICLES_SHOWN = 12;
const CONTRADICTIONS_SHOWN = 10;
const EVENTS_SHOWN = 60;


function coverage(fes, cols) {
  const body = h('tbody', {});
  for (const fe of fes) {
    const by = new Map();
    for (const m of fe.mentions || []) {
      const o = reportOutlet(m);
      if (!by.has(o)) by.set(o, []);
      by.get(o).push(m);
    }
    const row = h('tr', { testid: 'coverage-row', class: (fe.contradictions || []).length ? 'contradicted' : null, dataset: { id: fe.id } },
      h('td', { class: 'nowrap' }, typeBadge(fe.type), ' ', code(fe.cameo)),
      h('td', { class: 'flowcell' }, name(fe.source), h('span', { class: 'arrow' }, ' ← '), name(fe.target)),
      h('td', {}, fe.location || h('span', { class: 'muted' }, '—')),
      h('td', {}, corroboration(fe)),
      cols.map((c) => {
        const ms = by.get(c);
        if (!ms) return h('td', { class: 'cov no' }, '');
        const mods = [...new Set(ms.map((m) => m.modality))];
        return h('td', { class: 'cov yes', title: ms.map((m) => m.evidence).join('\n\n') },
          h('span', { class: 'tick' }, '✓'), ms.length > 1 ? h('sup', {}, num(ms.length)) : null,
          h('div', { class: 'small' }, mods.map((m) => MODALITY[m] || m).join('، ')));
      }),
      h('td', {}, h('a', { href: link('fused/' + fe.id), class: 'small' }, ltr(fe.id))));
    row.addEventListener('click', (e) => { if (!e.target.closest('a')) location.hash = link('fused/' + fe.id); });
    body.append(row);
  }
  return h('div', { class: 'tablewrap' }, h('table', { class: 'data coverage', testid: 'coverage' },
    h('thead', {}, h('tr', {}, h('th', {}, bi('النوع', 'type')), h('th', {}, bi('المصدر ← الهدف', 'source → target')), h('th', {}, bi('المكان', 'place')),
      h('th', {}, bi('التأكيد', 'corroboration')), cols.map((c) => h('th', { class: 'outlet' }, outletLabel(c))), h('th', {}, ''))),
    body));
}

function name(p) {
  if (!p) return h('span', { class: 'muted' }, '—');
  return p.entity ? h('a', { href: link('entity/' + p.entity) }, p.name || p.actor) : (p.name || ltr(p.actor || '?'));
}
