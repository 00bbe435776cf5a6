// rasd web UI: hash router, navigation, and the loading / error frame around the views.
import { h, clear, bi, qty, loading, ltr, hideTip } from './util.js';
import { api } from './api.js';
import { searchView } from './views/search.js';
import { articleView } from './views/article.js';
import { eventsView } from './views/events.js';
import { timelineView } from './views/timeline.js';
import { networkView } from './views/network.js';
import { storiesView, storyView } from './views/stories.js';
import { entitiesView, entityView } from './views/entities.js';
import { fusedView } from './views/fused.js';

// route → [view, nav section]
const ROUTES = {
  search: [searchView, 'search'],
  article: [articleView, 'search'],
  events: [eventsView, 'events'],
  fused: [fusedView, 'stories'],
  stories: [storiesView, 'stories'],
  story: [storyView, 'stories'],
  timeline: [timelineView, 'timeline'],
  network: [networkView, 'network'],
  entities: [entitiesView, 'entities'],
  entity: [entityView, 'entities'],
};

const NAV = [
  ['search', 'بحث', 'Search'],
  ['events', 'الأحداث', 'Events'],
  ['stories', 'القصص', 'Stories'],
  ['timeline', 'الخط الزمني', 'Timeline'],
  ['network', 'الشبكة', 'Network'],
  ['entities', 'الكيانات', 'Entities'],
];

const main = document.getElementById('view');
let renderId = 0;

function parseHash() {
  const raw = location.hash.replace(/^#\/?/, '');
  const [path, qs] = raw.split('?');
  const parts = path.split('/').filter(Boolean).map(decodeURIComponent);
  return { name: parts[0] || 'search', args: parts.slice(1), query: new URLSearchParams(qs || '') };
}

async function route() {
  const id = ++renderId;
  const { name, args, query } = parseHash();
  const entry = ROUTES[name];
  hideTip();
  document.body.dataset.route = name;
  document.body.dataset.state = 'loading';
  for (const a of document.querySelectorAll('#nav a')) a.classList.toggle('active', entry && a.dataset.section === entry[1]);
  const target = h('div', { class: 'view view-' + name });
  clear(main).append(target);
  target.append(loading());
  try {
    if (!entry) throw new Error('صفحة غير معروفة · unknown page: ' + name);
    // `live()` lets a view stop when the user has already moved to another page.
    await entry[0]({ el: target, args, query, live: () => id === renderId });
    if (id !== renderId) return;
    target.querySelectorAll(':scope > .loading').forEach((n) => n.remove());
    document.body.dataset.state = 'ready';
  } catch (e) {
    if (id !== renderId) return;
    console.warn(e);
    clear(target).append(errorBox(e));
    document.body.dataset.state = 'error';
  }
}

export function errorBox(e) {
  return h('div', { class: 'error', testid: 'error', role: 'alert' },
    h('strong', {}, 'خطأ · Error', e.status ? [' ', ltr(String(e.status))] : null),
    h('p', {}, e.message || String(e)));
}

function header() {
  const nav = h('nav', { id: 'nav', 'aria-label': 'main' },
    NAV.map(([k, ar, en]) => h('a', { href: '#/' + k, dataset: { section: k }, testid: 'nav-' + k }, bi(ar, en))));
  return h('div', { class: 'bar' },
    h('a', { class: 'brand', href: '#/search' }, h('span', { class: 'logo' }, 'رصد'), ltr('rasd', 'en')),
    nav);
}

async function footer(el) {
  try {
    const st = await api('status');
    el.append(
      qty(st.articles, 'مقالة', 'articles'), ' · ',
      qty(st.entities, 'كيان', 'entities'), ' · ',
      qty(st.events, 'حدث', 'events'), ' · ',
      qty(st.fused_events, 'حدث مدمج', 'fused'), ' · ',
      qty(st.stories, 'قصة', 'stories'), ' · ',
      ltr('rasd ' + st.version, 'muted'));
  } catch (e) {
    el.append(h('span', { class: 'muted' }, 'status: ' + e.message));
  }
}

document.getElementById('top').append(header());
footer(document.getElementById('foot'));
window.addEventListener('hashchange', route);
if (!location.hash) history.replaceState(null, '', '#/search');
route();
