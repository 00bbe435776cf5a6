// Article: the text (its blocks) with entity mentions, event triggers, quotes and dates highlighted in place,
// a record card on hover/click, and a side panel listing them that scrolls to their place.
import { h, mount, qty, bi, num, date, ltr, link, code, cpSlice, typeBadge, modalityBadge, entTypeBadge, outletName, party, ENT_TYPE } from '../util.js';
import { api } from '../api.js';
import { segment } from '../spans.js';

export async function articleView({ el, args, query }) {
  const id = args[0];
  const a = await api('articles/' + encodeURIComponent(id));
  const chars = Array.from(a.text || '');
  const ents = a.entities || [], evs = a.events || [], quotes = a.quotes || [], times = a.times || [];

  // All spans of all layers, each knowing what it stands for.
  const spans = [];
  ents.forEach((e) => (e.mentions || []).forEach((m, j) => spans.push({ start: m.start, end: m.end, kind: 'ent', ent: e, mid: `${e.idx}:${j}` })));
  evs.forEach((ev) => {
    if (ev.trigger) spans.push({ start: ev.trigger.start, end: ev.trigger.end, kind: 'trig', ev });
    if (ev.evidence) spans.push({ start: ev.evidence.start, end: ev.evidence.end, kind: 'evi', ev });
  });
  quotes.forEach((q) => {
    spans.push({ start: q.start, end: q.end, kind: 'quote', q });
    if (q.speaker && q.speaker.start !== null && q.speaker.start !== undefined) spans.push({ start: q.speaker.start, end: q.speaker.end, kind: 'spk', q });
  });
  times.forEach((t, i) => spans.push({ start: t.start, end: t.end, kind: 'time', t, i }));

  const text = h('div', { class: 'atext', testid: 'article-text', lang: 'ar' });
  // The blocks are the article's headings and paragraphs (`headings` says which are headings); the title is
  // `title_span`. Stores written before these fields existed lack them: then the title is looked for just before
  // the first block, and a short line without closing punctuation reads as a heading.
  const headingIdx = new Set(a.headings || []);
  const known = Array.isArray(a.headings);
  const blocks = (a.blocks && a.blocks.length ? a.blocks : [[0, chars.length]])
    .map(([bs, be], i) => ({ bs, be, kind: headingIdx.has(i) ? 'head' : 'para' }))
    .sort((x, y) => x.bs - y.bs);
  if (a.title_span) {
    if (!blocks.some((b) => b.bs === a.title_span.start)) blocks.unshift({ bs: a.title_span.start, be: a.title_span.end, kind: 'title' });
  } else if (a.title && !blocks.some((b) => cpSlice(chars, b.bs, b.be).trim() === a.title.trim())) {
    const before = cpSlice(chars, 0, blocks[0].bs);
    const at = before.lastIndexOf(a.title);
    if (at >= 0) {
      const start = Array.from(before.slice(0, at)).length;
      blocks.unshift({ bs: start, be: start + Array.from(a.title).length, kind: 'title' });
    }
  }
  blocks.forEach(({ bs, be, kind }) => {
    const blockText = cpSlice(chars, bs, be).trim();
    const isTitle = kind === 'title' || (!known && a.title && blockText === a.title.trim());
    const isHead = !isTitle && (known ? kind === 'head' : blockText.split(/\s+/).length <= 8 && !/[.:!?؟؛،»"”)]$/.test(blockText));
    const p = h(isTitle ? 'h2' : isHead ? 'h3' : 'p', { class: 'blk' + (isTitle ? ' blk-title' : isHead ? ' blk-head' : ''), dataset: { start: bs, end: be } });
    for (const sg of segment(bs, be, spans)) {
      const str = cpSlice(chars, sg.start, sg.end);
      if (!sg.spans.length) { p.append(str); continue; }
      p.append(segEl(str, sg));
    }
    text.append(p);
  });

  // ---- header
  const copies = a.copies || [];
  const header = h('header', { class: 'ahead' },
    h('div', { class: 'crumbs' }, h('a', { href: query.get('q') ? link('search', { q: query.get('q') }) : '#/search' }, '→ البحث · Search'),
      a.story ? [' · ', h('a', { href: link('story/' + a.story), testid: 'article-story' }, 'القصة · story ', ltr(a.story))] : null),
    h('h1', { testid: 'article-title' }, a.title || h('span', { class: 'untitled' }, 'بلا عنوان · untitled')),
    h('dl', { class: 'meta grid' },
      h('dt', {}, bi('المنفذ', 'outlet')), h('dd', { testid: 'article-outlet' }, outletName(a.outlet), a.outlet_en ? [' ', ltr(a.outlet_en, 'en')] : null),
      h('dt', {}, bi('التاريخ', 'published')), h('dd', {}, date(a.published)),
      h('dt', {}, bi('الملف', 'file')), h('dd', {}, ltr(a.path || a.file, 'small'), a.role === 'related' ? [' ', h('span', { class: 'badge' }, 'مقالة ملحقة · related article')] : null),
      a.duplicate_of !== null && a.duplicate_of !== undefined
        ? [h('dt', {}, bi('نسخة من', 'copy of')), h('dd', {}, h('a', { href: link('article/' + a.duplicate_of) }, 'المقالة · article ', ltr('#' + a.duplicate_of)))] : null,
      copies.length ? [h('dt', {}, bi('النسخ', 'copies')), h('dd', { testid: 'article-copies' }, copies.map((c, i) => [i ? ' · ' : '',
        h('a', { href: link('article/' + c.article) }, ltr('#' + c.article)), ' ', h('span', { class: 'muted small' }, c.exact ? 'مطابقة · exact' : ltr(Math.round(c.similarity * 100) + '%'))]))] : null,
      h('dt', {}, bi('المحتوى', 'contents')), h('dd', {}, qty(ents.length, 'كيانات', 'entities'), ' · ', qty(evs.length, 'أحداث', 'events'), ' · ', qty(quotes.length, 'اقتباسات', 'quotes'), ' · ',
        h('a', { href: link('events', { article: a.id }) }, 'جدول الأحداث · events table')),
      // A pathological article's lists are cut by the server (API.md): say which, so nothing looks complete that is not.
      (a.truncated || []).length ? [h('dt', {}, bi('مقتطع', 'cut')), h('dd', { class: 'warntext', testid: 'article-truncated' },
        'قوائم مقتطعة لطولها · lists cut for length: ', ltr(a.truncated.join(', ')))] : null));

  // ---- legend and layer switches
  const layers = [['ent', 'الكيانات', 'entities'], ['trig', 'الأحداث', 'events'], ['quote', 'الاقتباسات', 'quotes'], ['time', 'التواريخ', 'dates']];
  const legend = h('div', { class: 'legend', testid: 'legend' },
    ['PER', 'ORG', 'LOC', 'MISC'].map((t) => h('span', { class: 'lg seg ent ent-' + t }, ENT_TYPE[t], ' ', ltr(t, 'code'))),
    h('span', { class: 'lg seg trig' }, 'مُطلِق حدث · event trigger'),
    h('span', { class: 'lg seg quote' }, 'اقتباس · quote'),
    h('span', { class: 'lg seg time' }, 'تاريخ · date'),
    h('span', { class: 'switches' }, layers.map(([k, ar, en]) => h('label', { class: 'sw' },
      h('input', { type: 'checkbox', checked: true, onchange: (e) => text.classList.toggle('hide-' + k, !e.target.checked) }), bi(ar, en)))));

  // ---- side panel
  const side = h('aside', { class: 'aside', testid: 'article-side' },
    section('side-entities', 'الكيانات', 'Entities', ents.length, entList()),
    section('side-events', 'الأحداث', 'Events', evs.length, evList()),
    section('side-quotes', 'الاقتباسات', 'Quotes', quotes.length, quoteList()));

  mount(el, header, legend, h('div', { class: 'with-side article' }, text, side));
  wirePopover(text);

  // Deep links: ?ev=IDX (an event) or ?at=START (the event whose evidence starts there).
  const evParam = query.get('ev'), at = query.get('at');
  let target = null;
  if (evParam !== null) target = evs.find((e) => String(e.idx) === evParam);
  else if (at !== null) target = evs.find((e) => e.evidence && String(e.evidence.start) === at);
  if (target) requestAnimationFrame(() => focusEvent(target));
  else if (at !== null) requestAnimationFrame(() => focusOffset(Number(at)));

  // ---------------------------------------------------------------------------------------------------------

  function segEl(str, sg) {
    const cls = ['seg'];
    const data = {};
    const add = (k, v) => { data[k] = data[k] ? data[k] + ' ' + v : String(v); };
    let testid = null;
    for (const sp of sg.spans) {
      if (sp.kind === 'ent') { cls.push('ent', 'ent-' + sp.ent.type); add('ent', sp.ent.idx); add('mention', sp.mid); testid = 'mention'; }
      else if (sp.kind === 'trig') { cls.push('trig'); add('trig', sp.ev.idx); testid = testid || 'trigger'; }
      else if (sp.kind === 'evi') { cls.push('evi'); add('evi', sp.ev.idx); }
      else if (sp.kind === 'quote') { cls.push('quote'); add('q', sp.q.idx); testid = testid || 'quote'; }
      else if (sp.kind === 'spk') { cls.push('spk'); add('spk', sp.q.idx); }
      else if (sp.kind === 'time') { cls.push('time'); add('time', sp.i); testid = testid || 'time'; }
    }
    if (sg.spans.length && sg.spans.every((sp) => sp.kind === 'evi')) testid = null;
    return h('span', { class: [...new Set(cls)].join(' '), dataset: data, testid }, str);
  }

  function section(testid, ar, en, n, body) {
    return h('details', { class: 'sidesec', open: true, testid },
      h('summary', {}, bi(ar, en), h('span', { class: 'count' }, num(n))), n ? body : h('p', { class: 'muted small' }, '—'));
  }

  function entList() {
    const order = ['PER', 'ORG', 'LOC', 'MISC'];
    const sorted = ents.slice().sort((x, y) => order.indexOf(x.type) - order.indexOf(y.type) || y.mentions.length - x.mentions.length);
    const cursor = new Map(); // repeated clicks walk through the mentions
    return h('ul', { class: 'sidelist' }, sorted.map((e) => h('li', {},
      h('button', { class: 'linkish ent-item', dataset: { ent: e.idx }, testid: 'side-entity', onclick: () => {
        const n = (cursor.get(e.idx) ?? -1) + 1;
        cursor.set(e.idx, n % Math.max(1, e.mentions.length));
        focusSegs(`[data-mention~="${e.idx}:${n % Math.max(1, e.mentions.length)}"]`);
      } }, h('span', { class: 'dot ent-' + e.type }), e.name, e.name_en ? [' ', ltr(e.name_en, 'en small')] : null),
      ' ', h('span', { class: 'count', title: 'mentions' }, num(e.mentions.length)),
      e.canonical ? [' ', h('a', { href: link('entity/' + e.canonical), class: 'small', title: 'entity view' }, '↗')] : null)));
  }

  function evList() {
    return h('ul', { class: 'sidelist' }, evs.map((ev) => h('li', {},
      h('button', { class: 'linkish', testid: 'side-event', dataset: { ev: ev.idx }, onclick: () => focusEvent(ev) },
        typeBadge(ev.type), ' ', h('span', { class: 'trigtext' }, ev.trigger ? ev.trigger.text : ''), ' ',
        h('span', { class: 'small' }, partyName(ev.source), ' ← ', partyName(ev.target))),
      ' ', modalityBadge(ev.modality))));
  }

  function quoteList() {
    return h('ul', { class: 'sidelist' }, quotes.map((q) => h('li', {},
      h('button', { class: 'linkish', testid: 'side-quote', dataset: { q: q.idx }, onclick: () => focusSegs(`[data-q~="${q.idx}"]`) },
        h('strong', {}, q.speaker ? q.speaker.name : 'متحدث غير معروف · unknown speaker'), ': ',
        h('span', { class: 'qtext' }, '«', clip(q.text, 90), '»')),
      q.kind === 'indirect' ? [' ', h('span', { class: 'badge' }, 'غير مباشر · indirect')] : null)));
  }

  function focusEvent(ev) {
    text.querySelectorAll('.evi.active').forEach((n) => n.classList.remove('active'));
    text.querySelectorAll(`[data-evi~="${ev.idx}"]`).forEach((n) => n.classList.add('active'));
    const sel = ev.trigger ? `[data-trig~="${ev.idx}"]` : `[data-evi~="${ev.idx}"]`;
    focusSegs(sel);
  }

  function focusOffset(off) {
    for (const p of text.querySelectorAll('.blk')) {
      if (Number(p.dataset.start) <= off && off < Number(p.dataset.end)) { flash([p]); return; }
    }
  }

  function focusSegs(sel) {
    const nodes = [...text.querySelectorAll(sel)];
    if (!nodes.length) { note('غير ظاهر في نص المقالة · not in the displayed text'); return; }
    flash(nodes);
  }

  function flash(nodes) {
    nodes[0].scrollIntoView({ block: 'center', behavior: 'smooth' });
    for (const n of nodes) {
      n.classList.remove('flash');
      void n.offsetWidth; // restart the animation
      n.classList.add('flash');
    }
  }

  function note(msg) {
    const n = h('div', { class: 'toast' }, msg);
    document.body.append(n);
    setTimeout(() => n.remove(), 2500);
  }

  // ---- record card on hover (transient) and click (pinned)
  function wirePopover(container) {
    const card = h('div', { class: 'popover', testid: 'popover', hidden: true, role: 'dialog' });
    document.body.append(card);
    let pinned = false, hideTimer = null, shownFor = null;
    // The card and the document listeners live as long as this page: leaving it removes them.
    const life = new AbortController(), signal = life.signal;
    window.addEventListener('hashchange', () => { card.remove(); life.abort(); }, { signal });

    const show = (seg, pin) => {
      const body = records(seg);
      if (!body.length) return;
      clearTimeout(hideTimer);
      shownFor = seg;
      pinned = pin;
      mount(card, pin ? h('button', { class: 'close', title: 'إغلاق · close', onclick: hide }, '✕') : null, body);
      card.hidden = false;
      card.classList.toggle('pinned', pin);
      const r = seg.getBoundingClientRect(), c = card.getBoundingClientRect();
      let top = r.bottom + 6 + scrollY;
      if (r.bottom + c.height + 10 > innerHeight) top = r.top - c.height - 6 + scrollY;
      let left = r.right - c.width + scrollX; // right-aligned with the word (RTL reading)
      left = Math.min(Math.max(8, left), innerWidth - c.width - 8 + scrollX);
      card.style.top = Math.max(8, top) + 'px';
      card.style.left = left + 'px';
    };
    const hide = () => { card.hidden = true; pinned = false; shownFor = null; };
    const interesting = (t) => t.closest && t.closest('.seg.ent, .seg.trig, .seg.quote, .seg.time');

    container.addEventListener('mouseover', (e) => {
      const seg = interesting(e.target);
      if (!seg || pinned || seg === shownFor) return;
      show(seg, false);
    });
    container.addEventListener('mouseout', (e) => {
      if (pinned || !interesting(e.target)) return;
      clearTimeout(hideTimer);
      hideTimer = setTimeout(() => { if (!pinned && !card.matches(':hover')) hide(); }, 250);
    });
    card.addEventListener('mouseleave', () => { if (!pinned) hide(); });
    container.addEventListener('click', (e) => {
      const seg = interesting(e.target);
      if (seg) { e.stopPropagation(); show(seg, true); }
    });
    document.addEventListener('click', (e) => { if (pinned && !card.contains(e.target)) hide(); }, { signal });
    document.addEventListener('keydown', (e) => { if (e.key === 'Escape') hide(); }, { signal });
  }

  function records(seg) {
    const out = [];
    const ids = (k) => (seg.dataset[k] ? seg.dataset[k].split(' ').map(Number) : []);
    for (const i of new Set(ids('ent'))) out.push(entCard(ents.find((e) => e.idx === i)));
    for (const i of new Set(ids('trig'))) out.push(evCard(evs.find((e) => e.idx === i)));
    for (const i of new Set(ids('q'))) out.push(quoteCard(quotes.find((q) => q.idx === i)));
    for (const i of new Set(ids('time'))) out.push(timeCard(times[i]));
    return out.filter(Boolean);
  }

  function entCard(e) {
    if (!e) return null;
    return h('section', { class: 'rec rec-ent', testid: 'rec-entity' },
      h('div', { class: 'rhead' }, entTypeBadge(e.type), ' ', h('strong', {}, e.name)),
      h('dl', { class: 'grid small' },
        e.name_en ? [h('dt', {}, 'English'), h('dd', {}, ltr(e.name_en))] : null,
        e.actor ? [h('dt', {}, bi('رمز', 'CAMEO')), h('dd', {}, code(e.actor))] : null,
        h('dt', {}, bi('الإشارات', 'mentions')), h('dd', {}, num(e.mentions.length))),
      e.canonical ? h('a', { href: link('entity/' + e.canonical), class: 'btn small', testid: 'rec-entity-link' }, 'صفحة الكيان · entity view ', ltr(e.canonical)) : null);
  }

  function evCard(ev) {
    if (!ev) return null;
    const q = ev.quantity;
    return h('section', { class: 'rec rec-ev', testid: 'rec-event' },
      h('div', { class: 'rhead' }, typeBadge(ev.type), ' ', code(ev.cameo), ' ', modalityBadge(ev.modality)),
      h('div', { class: 'flow' }, party(ev.source), h('span', { class: 'arrow' }, ' ← '), party(ev.target)),
      h('dl', { class: 'grid small' },
        h('dt', {}, bi('التاريخ', 'date')), h('dd', {}, ev.date ? ltr(ev.date) : '—'),
        h('dt', {}, bi('المكان', 'place')), h('dd', {}, ev.location || '—'),
        q ? [h('dt', {}, bi('الكمية', 'quantity')), h('dd', {}, q.text || '', ' ', ltr(`(${num(q.value)}${q.unit ? ' ' + q.unit : ''})`, 'small'))] : null),
      ev.fused ? h('a', { href: link('fused/' + ev.fused), class: 'btn small', testid: 'rec-fused-link' }, 'الحدث المدمج · fused event ', ltr(ev.fused)) : null);
  }

  function quoteCard(q) {
    if (!q) return null;
    const sp = q.speaker;
    return h('section', { class: 'rec rec-quote', testid: 'rec-quote' },
      h('div', { class: 'rhead' }, h('span', { class: 'badge' }, q.kind === 'indirect' ? 'كلام منقول · reported speech' : 'اقتباس مباشر · direct quote')),
      h('div', {}, bi('المتحدث', 'speaker'), ': ',
        sp ? (sp.canonical ? h('a', { href: link('entity/' + sp.canonical) }, sp.name) : h('strong', {}, sp.name)) : h('span', { class: 'muted' }, 'غير معروف · unknown')),
      h('p', { class: 'qtext small' }, '«', clip(q.text, 220), '»'));
  }

  function timeCard(t) {
    if (!t) return null;
    return h('section', { class: 'rec rec-time' },
      h('div', { class: 'rhead' }, h('span', { class: 'badge' }, 'تعبير زمني · time'), ' ', code(t.type)),
      h('div', {}, h('strong', {}, t.text), ' → ', t.value ? ltr(t.value) : h('span', { class: 'muted' }, 'غير محدد · unresolved')));
  }
}

function partyName(p) {
  if (!p) return h('span', { class: 'muted' }, '—');
  return p.text || p.name || ltr(p.actor || '?');
}

function clip(s, n) {
  const c = Array.from(s || '');
  return c.length > n ? c.slice(0, n).join('') + '…' : s;
}
