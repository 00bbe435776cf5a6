#!/usr/bin/env node
// Drives the rasd web UI in Chromium against a running `rasd serve` whose store holds the bundled samples.
//
//   node tests/browser/ui.mjs --url http://127.0.0.1:PORT --screenshots DIR
//
// Each step checks what the page shows against the JSON API and saves a full-page screenshot in DIR.
// Exits 1 with a message on the first failed check, on an uncaught page error or on a console error.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { chromium } from 'playwright-core';

const { values: opts } = parseArgs({
  options: { url: { type: 'string' }, screenshots: { type: 'string', default: 'ui-screenshots' } },
});
if (!opts.url) {
  console.error('usage: node ui.mjs --url http://127.0.0.1:PORT [--screenshots DIR]');
  process.exit(2);
}
const BASE = opts.url.replace(/\/+$/, '');
const SHOTS = opts.screenshots;
mkdirSync(SHOTS, { recursive: true });

const WORD = 'بوتين'; // a word of the samples
const CLITIC = 'وبوتين'; // the same word with the conjunction و attached

// ---------------------------------------------------------------------------------------------------------------

async function api(path) {
  const res = await fetch(BASE + '/api/v1/' + path);
  const body = await res.json().catch(() => null);
  if (!res.ok) throw new Error(`API ${path} answered ${res.status}: ${JSON.stringify(body)}`);
  return body;
}

const problems = []; // page errors and console errors, reported at the end of each step
let expectedFailures = []; // URLs whose failed loads are expected (the error-state check)

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync'],
});
const page = await browser.newPage({ viewport: { width: 1360, height: 900 }, locale: 'ar' });
page.setDefaultTimeout(15000);
page.on('pageerror', (e) => problems.push(`uncaught page error: ${e.message}`));
page.on('console', (m) => {
  if (m.type() !== 'error') return;
  const where = m.location() && m.location().url;
  if (where && expectedFailures.some((u) => where.includes(u))) return;
  problems.push(`console error: ${m.text()}${where ? ' (' + where + ')' : ''}`);
});

let current = 'start';
async function step(name, fn) {
  current = name;
  const t0 = Date.now();
  try {
    await fn();
    if (problems.length) throw new Error(problems.join('\n'));
    console.log(`ok   ${name} (${Date.now() - t0} ms)`);
  } catch (e) {
    console.error(`FAIL ${name}: ${e.message}`);
    try { await page.screenshot({ path: join(SHOTS, 'failure.png'), fullPage: true }); console.error(`     screenshot: ${join(SHOTS, 'failure.png')}`); } catch { /* ignore */ }
    await browser.close();
    process.exit(1);
  }
}

/** Runs `action` (a navigation or a click) and waits until the app has rendered the page it leads to. */
async function rendered(action, route) {
  await page.evaluate(() => { document.body.dataset.state = 'stale'; }).catch(() => {});
  await action();
  await page.waitForFunction(() => ['ready', 'error'].includes(document.body.dataset.state));
  const state = await page.evaluate(() => document.body.dataset.state);
  if (state === 'error') {
    const msg = await page.locator('[data-testid=error]').innerText();
    throw new Error(`the page ${await page.evaluate(() => location.hash)} shows an error: ${msg}`);
  }
  if (route) assert.equal(await page.evaluate(() => document.body.dataset.route), route, 'route');
  await page.evaluate(() => document.fonts.ready);
}
const visit = (hash, route) => rendered(() => page.goto(`${BASE}/#/${hash}`), route);
const shot = (file) => page.screenshot({ path: join(SHOTS, file), fullPage: true });
const count = (sel) => page.locator(sel).count();
const attrs = (sel, name) => page.locator(sel).evaluateAll((els, n) => els.map((e) => e.getAttribute(n)), name);

// ---------------------------------------------------------------------------------------------------------------

let articleId;

await step('the page loads: RTL Arabic, the bundled font, the navigation', async () => {
  await visit('search', 'search');
  assert.equal(await page.getAttribute('html', 'lang'), 'ar');
  assert.equal(await page.getAttribute('html', 'dir'), 'rtl');
  for (const k of ['search', 'events', 'stories', 'timeline', 'network', 'entities']) assert.equal(await count(`[data-testid=nav-${k}]`), 1, `nav link ${k}`);
  const fontOk = await page.evaluate(async () => { await document.fonts.load('16px "Noto Naskh Arabic"', 'بحث'); return document.fonts.check('16px "Noto Naskh Arabic"', 'بحث'); });
  assert.ok(fontOk, 'the Noto Naskh Arabic font is not loaded');
  const st = await api('status');
  assert.ok(st.articles >= 5, `the store should hold the samples, status says ${st.articles} articles`);
});

await step(`search «${WORD}»: hits, highlighted snippets, facets; «${CLITIC}» finds the same articles`, async () => {
  await page.fill('[data-testid=search-input]', WORD);
  await rendered(() => page.press('[data-testid=search-input]', 'Enter'), 'search');
  const expected = await api('search?q=' + encodeURIComponent(WORD) + '&limit=100');
  assert.ok(expected.total > 0, `the API finds nothing for ${WORD}`);
  const total = Number(await page.getAttribute('[data-testid=search-total]', 'data-total'));
  assert.equal(total, expected.total, 'total shown');
  const hits = await count('[data-testid=search-hit]');
  assert.equal(hits, Math.min(expected.total, 20), 'number of hits shown');
  const marks = await page.locator('[data-testid=hit-snippet] mark').allInnerTexts();
  assert.ok(marks.length > 0, 'no highlighted word in the snippets');
  assert.ok(marks.some((m) => m.includes(WORD)), `no snippet marks «${WORD}» (marks: ${marks.slice(0, 5).join(', ')})`);
  for (const f of ['outlets', 'types', 'entities', 'months']) assert.equal(await count(`[data-testid=facet-${f}]`), 1, `facet ${f}`);
  assert.equal(await count('[data-testid=facet-outlets] [data-testid=facet-item]'), expected.facets.outlets.length, 'outlet facet items');
  assert.equal(await count('[data-testid=facet-entities] [data-testid=facet-item]'), expected.facets.entities.length, 'entity facet items');
  assert.ok(expected.facets.entities.length > 0, 'the API gives no entity facet');
  const ids = new Set(await attrs('[data-testid=search-hit]', 'data-article'));
  await shot('01-search.png');

  // the clitic form finds the same articles, in the API and in the page
  const clitic = await api('search?q=' + encodeURIComponent(CLITIC) + '&limit=100');
  assert.deepEqual(new Set(clitic.hits.map((h) => String(h.article))), new Set(expected.hits.map((h) => String(h.article))), `API: «${CLITIC}» and «${WORD}» find different articles`);
  await visit('search?q=' + encodeURIComponent(CLITIC), 'search');
  assert.deepEqual(new Set(await attrs('[data-testid=search-hit]', 'data-article')), ids, `page: «${CLITIC}» and «${WORD}» show different articles`);

  // a facet narrows the search
  const facet = page.locator('[data-testid=facet-outlets] [data-testid=facet-item]').first();
  const outlet = await facet.getAttribute('data-value');
  await rendered(() => facet.click(), 'search');
  const narrowed = await api(`search?q=${encodeURIComponent(CLITIC)}&outlet=${encodeURIComponent(outlet)}`);
  assert.equal(Number(await page.getAttribute('[data-testid=search-total]', 'data-total')), narrowed.total, 'total after clicking an outlet facet');
  assert.ok(narrowed.total <= clitic.total && narrowed.total > 0, 'the outlet facet should narrow the results');
  assert.ok(await count('[data-testid=filter-chip]') >= 1, 'the active filter is not shown');

  // back to the plain search, to open the first hit
  await visit('search?q=' + encodeURIComponent(WORD), 'search');
  articleId = (await attrs('[data-testid=search-hit]', 'data-article'))[0];
});

await step('article: entity highlights match the API mentions; record card; side panel', async () => {
  await rendered(() => page.locator('[data-testid=hit-link]').first().click(), 'article');
  const a = await api('articles/' + articleId);
  assert.equal(await page.locator('[data-testid=article-title]').innerText(), a.title || 'بلا عنوان · untitled', 'title');
  assert.ok(await count('[data-testid=article-text] [data-testid=mention]') > 0, 'no entity highlighted');
  for (const t of ['PER', 'LOC']) assert.ok(await count(`[data-testid=article-text] .ent-${t}`) > 0, `no ${t} highlight`);
  assert.ok(await count('[data-testid=article-text] [data-testid=trigger]') > 0, 'no event trigger highlighted');
  // Every mention inside the shown blocks: the highlighted text (its segments joined) equals the API's mention text.
  const inBlock = (m) => a.blocks.some(([s, e]) => m.start >= s && m.end <= e);
  const shownText = await page.evaluate(() => {
    const out = {};
    for (const el of document.querySelectorAll('[data-testid=article-text] [data-mention]')) {
      for (const id of el.dataset.mention.split(' ')) out[id] = (out[id] || '') + el.textContent;
    }
    return out;
  });
  let checked = 0;
  for (const e of a.entities) {
    e.mentions.forEach((m, j) => {
      if (!inBlock(m)) return;
      assert.equal(shownText[`${e.idx}:${j}`], m.text, `mention ${j} of entity ${e.idx} «${e.name}»`);
      assert.equal(Array.from(a.text).slice(m.start, m.end).join(''), m.text, 'API mention text vs offsets');
      checked++;
    });
  }
  assert.ok(checked > 0, 'no mention inside the article blocks');
  // The first PER entity with a shown mention: hovering shows its record with a link to the entity view.
  const per = a.entities.find((e) => e.type === 'PER' && e.mentions.some(inBlock));
  assert.ok(per, 'no person in the article');
  const j = per.mentions.findIndex(inBlock);
  const seg = page.locator(`[data-testid=article-text] [data-mention~="${per.idx}:${j}"]`).first();
  await seg.scrollIntoViewIfNeeded();
  await seg.hover();
  await page.locator('[data-testid=popover]').waitFor({ state: 'visible' });
  const card = await page.locator('[data-testid=popover] [data-testid=rec-entity]').first().innerText();
  assert.ok(card.includes(per.name), `the record card does not name «${per.name}»: ${card}`);
  if (per.canonical) assert.equal(await page.locator('[data-testid=popover] [data-testid=rec-entity-link]').first().getAttribute('href'), `#/entity/${per.canonical}`);
  // The side panel lists entities, events and quotes; clicking an event flashes its trigger.
  assert.equal(await count('[data-testid=side-entity]'), a.entities.length, 'side panel entities');
  assert.equal(await count('[data-testid=side-event]'), a.events.length, 'side panel events');
  assert.equal(await count('[data-testid=side-quote]'), a.quotes.length, 'side panel quotes');
  const ev = a.events.find((x) => x.trigger && inBlock(x.trigger));
  if (ev) {
    await page.locator(`[data-testid=side-event][data-ev="${ev.idx}"]`).click();
    await page.waitForSelector(`[data-trig~="${ev.idx}"].flash`);
    assert.ok(await count(`[data-evi~="${ev.idx}"].active`) > 0, 'the event evidence is not marked');
  }
  // Pin the record card of a trigger for the screenshot.
  await page.mouse.move(0, 0);
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.locator('[data-testid=article-text] [data-testid=mention]').first().click();
  await shot('02-article.png');
});

await step('error state: an unknown article shows the API error message', async () => {
  expectedFailures = ['/api/v1/articles/987654321'];
  await page.evaluate(() => { document.body.dataset.state = 'stale'; });
  await page.goto(`${BASE}/#/article/987654321`);
  await page.waitForFunction(() => ['ready', 'error'].includes(document.body.dataset.state));
  assert.equal(await page.evaluate(() => document.body.dataset.state), 'error', 'an unknown article should show an error');
  const res = await fetch(BASE + '/api/v1/articles/987654321');
  assert.equal(res.status, 404);
  const body = await res.json();
  const shown = await page.locator('[data-testid=error]').innerText();
  assert.ok(shown.includes(body.error.message), `the error box should show «${body.error.message}», shows «${shown}»`);
  expectedFailures = [];
});

await step('events table: rows, filters, link to the evidence', async () => {
  await visit('events', 'events');
  const all = await api('events?limit=50');
  assert.ok(all.total > 0, 'the API lists no event');
  assert.equal(Number(await page.getAttribute('[data-testid=events-total]', 'data-total')), all.total, 'total');
  assert.equal(await count('[data-testid=event-row]'), Math.min(50, all.total), 'rows shown');
  const cells = await page.locator('[data-testid=events-table] thead th').count();
  assert.equal(cells, 9, 'columns date/outlet/type/CAMEO/source/target/modality/place/evidence');
  await shot('03-events.png');
  // filter by a type through the form
  const type = all.events[0].type;
  await page.selectOption('[data-testid=events-type]', type);
  await rendered(() => page.locator('[data-testid=events-filters] button[type=submit]').click(), 'events');
  const typed = await api('events?type=' + type);
  assert.equal(Number(await page.getAttribute('[data-testid=events-total]', 'data-total')), typed.total, `total of ${type}`);
  const types = await page.locator('[data-testid=event-row] .badge.type').evaluateAll((els) => els.map((e) => e.getAttribute('title')));
  assert.ok(types.every((t) => t === type), `rows of other types than ${type}: ${[...new Set(types)]}`);
  // a row's evidence opens the article at the event
  const row = page.locator('[data-testid=event-row]').first();
  const art = await row.getAttribute('data-article'), idx = await row.getAttribute('data-idx');
  await rendered(() => row.locator('[data-testid=event-evidence]').click(), 'article');
  assert.ok(page.url().includes(`#/article/${art}`), 'the evidence link should open the article');
  await page.waitForSelector(`[data-evi~="${idx}"].active`);
});

await step('timeline: bars per day', async () => {
  await visit('timeline', 'timeline');
  const tl = await api('timeline');
  const dated = tl.days.filter((d) => d.articles > 0);
  assert.ok(dated.length > 0, 'the API timeline has no day');
  const bars = await count('[data-testid=timeline-svg] [data-testid=timeline-bar]');
  assert.ok(bars >= dated.length, `${bars} bars for ${dated.length} days`);
  const arBars = await count('[data-testid=timeline-bar][data-kind=articles]');
  assert.equal(arBars, dated.length, 'one article bar per dated day');
  const axis = await page.locator('[data-testid=timeline-svg] .xlab').allTextContents();
  assert.ok(axis.some((t) => dated.some((d) => d.date.endsWith(t) || t === d.date)), `no day label on the axis: ${axis}`);
  const day = page.locator(`[data-testid=timeline-day][data-date="${dated[0].date}"]`);
  await day.hover();
  const tip = await page.locator('[data-testid=tooltip]').innerText();
  assert.ok(tip.includes(dated[0].date), `tooltip: ${tip}`);
  await page.mouse.move(0, 0);
  await shot('04-timeline.png');
});

await step('network: nodes and edges, laid out', async () => {
  await visit('network', 'network');
  const net = await api('network');
  const ids = new Set(net.nodes.map((n) => n.id));
  const edges = net.edges.filter((e) => ids.has(e.source) && ids.has(e.target) && e.source !== e.target);
  assert.ok(net.nodes.length > 1 && edges.length > 0, 'the API network is empty');
  assert.equal(await count('[data-testid=network-node]'), net.nodes.length, 'nodes drawn');
  assert.equal(await count('[data-testid=network-edge]'), edges.length, 'edges drawn');
  const pos = await page.locator('[data-testid=network-node]').evaluateAll((els) => els.map((e) => e.getAttribute('transform')));
  const xy = pos.map((t) => t.match(/translate\(([-\d.]+),([-\d.]+)\)/).slice(1).map(Number));
  assert.ok(xy.every(([x, y]) => x >= 0 && x <= 1000 && y >= 0 && y <= 640), 'a node is placed outside the picture');
  assert.ok(new Set(xy.map(([x, y]) => `${Math.round(x / 10)},${Math.round(y / 10)}`)).size > xy.length / 2, 'nodes are piled up');
  await shot('05-network.png');
  // clicking an entity node opens its page
  const node = net.nodes.filter((n) => !n.id.startsWith('actor:')).sort((a, b) => b.weight - a.weight)[0];
  await rendered(() => page.locator(`[data-testid=network-node][data-id="${node.id}"]`).click(), 'entity');
  assert.ok(page.url().endsWith(`#/entity/${node.id}`));
});

await step('story: the Kim–Putin summit shows the location contradiction side by side', async () => {
  const contradicted = await api('fused-events?contradicted=true');
  const fe = contradicted.fused_events.find((f) => f.type === 'CONSULT' && f.contradictions.some((c) => c.field === 'location'));
  assert.ok(fe, 'the API has no CONSULT fused event with a location contradiction');
  const c = fe.contradictions.find((x) => x.field === 'location');
  assert.ok(c.values.length >= 2);
  await visit('story/' + fe.story, 'story');
  const st = await api('stories/' + fe.story);
  assert.equal(await count('[data-testid=story-outlet]'), new Set(st.article_list.map((x) => x.outlet || '')).size, 'one column per outlet');
  const table = page.locator(`[data-testid=contradiction-table][data-fused="${fe.id}"]`);
  assert.equal(await table.count(), 1, `no contradiction table for ${fe.id}`);
  const row = table.locator('[data-testid=contradiction-row][data-field=location]');
  assert.equal(await row.count(), 1, 'no location row in the contradiction table');
  const cells = row.locator('[data-testid=contra-value]');
  assert.equal(await cells.count(), c.values.length, 'one cell per value');
  for (let i = 0; i < c.values.length; i++) {
    const text = await cells.nth(i).innerText();
    assert.ok(text.includes(c.values[i].value), `cell ${i} should show «${c.values[i].value}»: ${text}`);
    for (const o of c.values[i].outlets) assert.ok(text.includes(o), `cell ${i} should name the outlet «${o}»: ${text}`);
    assert.ok(await cells.nth(i).locator('[data-testid=contra-evidence]').count() > 0, `cell ${i} quotes no evidence sentence`);
  }
  // the values are side by side: same row, different columns, on one line
  const boxes = await cells.evaluateAll((els) => els.map((e) => { const r = e.getBoundingClientRect(); return { x: r.x, y: r.y }; }));
  assert.ok(Math.abs(boxes[0].y - boxes[1].y) < 2 && Math.abs(boxes[0].x - boxes[1].x) > 50, 'the two values are not side by side');
  // every report's evidence links to its article
  const links = await page.locator(`[data-testid=fused-event][data-id="${fe.id}"] [data-testid=report-evidence]`).evaluateAll((els) => els.map((e) => e.getAttribute('href')));
  assert.equal(links.length, fe.mentions.length, 'one evidence link per report');
  assert.ok(links.every((l) => /^#\/article\/\d+/.test(l)), 'evidence links');
  assert.ok(await count('[data-testid=coverage-row]') === st.fused_event_list.length, 'coverage matrix rows');
  await page.evaluate(() => window.scrollTo(0, 0));
  await shot('06-story.png');
});

await step('entity: Kim Jong Un with his aliases', async () => {
  const list = await api('entities?q=' + encodeURIComponent('كيم') + '&type=PER');
  const kim = list.entities.find((e) => e.name_en === 'Kim Jong Un') || list.entities.find((e) => e.name.includes('كيم جونغ'));
  assert.ok(kim, 'the API knows no Kim Jong Un');
  // through the entities list and its name filter
  await visit('entities', 'entities');
  await page.fill('[data-testid=entities-filter]', 'كيم');
  await rendered(() => page.press('[data-testid=entities-filter]', 'Enter'), 'entities');
  assert.ok(await count(`[data-testid=entity-row][data-id="${kim.id}"]`) === 1, 'the name filter should list him');
  await rendered(() => page.locator(`[data-testid=entity-row][data-id="${kim.id}"] a`).first().click(), 'entity');
  const e = await api('entities/' + kim.id);
  assert.ok((await page.locator('[data-testid=entity-name]').innerText()).includes(e.name), 'name');
  if (e.name_en) assert.equal(await page.locator('[data-testid=entity-name-en]').innerText(), e.name_en);
  assert.ok(e.aliases.length >= 2, `the API gives ${e.aliases.length} alias(es)`);
  const aliases = await page.locator('[data-testid=entity-alias]').allInnerTexts();
  assert.deepEqual(aliases, e.aliases, 'aliases shown');
  if (e.timeline.length) assert.ok(await count('[data-testid=entity-timeline-svg] [data-testid=timeline-bar]') > 0, 'mini timeline bars');
  assert.equal(await count('[data-testid=entity-articles] tbody tr'), e.article_list.length, 'articles');
  assert.equal(await count('[data-testid=entity-related] li'), e.related.length, 'related entities');
  await shot('07-entity.png');
});

await browser.close();
console.log(`all UI checks passed; screenshots in ${SHOTS}`);
