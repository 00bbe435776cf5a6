#!/usr/bin/env node
// Screenshots of every view of the web UI over any store (no assertions beyond "the page is
// ready"): for looking at the UI on a large corpus.
//
//   node tests/browser/shots.mjs --url http://127.0.0.1:PORT --screenshots DIR [--query WORD]
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { chromium } from 'playwright-core';

const { values: opts } = parseArgs({
  options: {
    url: { type: 'string' },
    screenshots: { type: 'string', default: 'ui-screenshots' },
    query: { type: 'string', default: 'المفاوضات' },
  },
});
if (!opts.url) {
  console.error('usage: node shots.mjs --url http://127.0.0.1:PORT [--screenshots DIR] [--query WORD]');
  process.exit(2);
}
const BASE = opts.url.replace(/\/+$/, '');
mkdirSync(opts.screenshots, { recursive: true });
const api = async (path) => (await fetch(BASE + '/api/v1/' + path)).json();

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync'],
});
const page = await browser.newPage({ viewport: { width: 1360, height: 900 }, locale: 'ar' });
page.setDefaultTimeout(60000);
page.on('pageerror', (e) => console.error('page error:', e.message));

const hit = (await api('search?q=' + encodeURIComponent(opts.query) + '&limit=1')).hits[0];
const story = (await api('stories?limit=1')).stories[0];
const contradicted = (await api('fused-events?contradicted=true&limit=1')).fused_events[0];
const entity = (await api('entities?limit=1')).entities[0];
const views = [
  ['search', '#/search?q=' + encodeURIComponent(opts.query)],
  ['article', hit && '#/article/' + hit.article],
  ['events', '#/events'],
  ['timeline', '#/timeline'],
  ['network', '#/network'],
  ['stories', '#/stories'],
  ['story', story && '#/story/' + story.id],
  ['contradicted-story', contradicted && '#/story/' + contradicted.story],
  ['entity', entity && '#/entity/' + entity.id],
];
for (const [name, hash] of views) {
  if (!hash) continue;
  const t0 = Date.now();
  await page.goto(BASE + '/' + hash);
  await page.waitForSelector('body[data-state="ready"], body[data-state="error"]');
  const file = join(opts.screenshots, name + '.png');
  await page.screenshot({ path: file, fullPage: true });
  console.log(`${name}: ${hash} ready in ${Date.now() - t0} ms → ${file}`);
}
await browser.close();
