// The element's life on a page that changes it: its `src` pointed at another index (a page's
// switch between digests) or removed; and in a DOM that lacks some of a browser's objects.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CLI, launch, openPage, serve, waitReady } from './helpers.mjs';

/** Two indexes, `a/` and `b/`, in one folder with a page, served; test `t` removes them. */
async function twoIndexes(t) {
  const root = mkdtempSync(path.join(os.tmpdir(), 'ds-lifecycle-'));
  t.after(() => rmSync(root, { recursive: true, force: true }));
  for (const [name, title] of [['a', 'Kafka streams in the first digest'], ['b', 'Kafka consumers in the second digest']]) {
    const input = path.join(root, `${name}.jsonl`);
    writeFileSync(input, JSON.stringify({ id: `${name}1`, title, abstract: 'Kafka moves events between services.' }) + '\n');
    const r = spawnSync(CLI, ['build', input, '--out', path.join(root, name), '-q'], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
  }
  writeFileSync(path.join(root, 'index.html'), `<!doctype html><html lang="en"><head><meta charset="utf-8"><link rel="icon" href="data:,">
<script type="module" src="a/digest-search.js"></script></head>
<body><digest-search src="a/digest-search.wasm"></digest-search></body></html>`);
  const server = await serve(root);
  t.after(() => server.close());
  return server.url;
}

const shown = (page) => page.evaluate(() => {
  const el = document.querySelector('digest-search');
  const s = el.shadowRoot;
  return {
    results: el.results.map((r) => r.title),
    options: [...s.querySelectorAll('[role="option"] .title')].map((o) => o.textContent),
    listHidden: s.querySelector('[role="listbox"]').hidden,
    status: s.querySelector('.status').textContent,
    index: el.index !== null,
  };
});

test('src changed or removed: the results of the index let go are no longer shown', async (t) => {
  const url = await twoIndexes(t);
  const browser = await launch();
  t.after(() => browser.close());
  const context = await browser.newContext();
  // After the first, an index arrives when the test says so: what shows while it loads is checked.
  let loads = 0;
  let release;
  await context.route('**/digest-search.wasm', async (route) => {
    if (loads++) await new Promise((resolve) => { release = resolve; });
    await route.continue();
  });
  const { page, problems } = await openPage(context, url);
  await waitReady(page);
  await page.locator('digest-search input').fill('kafka');
  await page.waitForFunction(() => document.querySelector('digest-search').results.length === 1);
  assert.deepEqual((await shown(page)).options, ['Kafka streams in the first digest']);

  await page.evaluate(() => document.querySelector('digest-search').setAttribute('src', 'b/digest-search.wasm'));
  await page.waitForFunction(() => document.querySelector('digest-search').hasAttribute('data-loading'));
  assert.deepEqual(await shown(page), { results: [], options: [], listHidden: true, status: 'Loading the search index…', index: false },
    'while the other index loads, none of the first one\'s results');
  release();
  await page.waitForFunction(() => document.querySelector('digest-search').results.length === 1);
  const other = await shown(page);
  assert.deepEqual([other.results, other.options], [['Kafka consumers in the second digest'], ['Kafka consumers in the second digest']],
    'the query typed, answered by the other index');

  // Without src, the script's own index (the one beside digest-search.js; the npm package's
  // loader has none, and the element then waits for one, as it stays here until it arrives).
  await page.evaluate(() => document.querySelector('digest-search').removeAttribute('src'));
  await page.waitForFunction(() => document.querySelector('digest-search').hasAttribute('data-loading'));
  assert.deepEqual(await shown(page), { results: [], options: [], listHidden: true, status: 'Loading the search index…', index: false },
    'src removed: none of the second index\'s results');
  assert.equal(await page.locator('digest-search input').inputValue(), 'kafka', 'the query stays, for the next index');
  release();
  await page.waitForFunction(() => document.querySelector('digest-search').results.length === 1);
  assert.deepEqual((await shown(page)).options, ['Kafka streams in the first digest']);
  assert.deepEqual(problems, []);
});

test('a DOM with no CSS namespace (jsdom, as Vitest and Jest run a site\'s tests): popup upgrades, takes the focus and shows results', async (t) => {
  const url = await twoIndexes(t);
  const browser = await launch();
  t.after(() => browser.close());
  const context = await browser.newContext();
  // The page as jsdom makes it: no window.CSS when the element is defined and upgraded.
  await context.addInitScript(() => { delete window.CSS; });
  const { page, problems } = await openPage(context, url);
  await page.evaluate(() => {
    const el = document.querySelector('digest-search');
    el.setAttribute('popup', '');
    el.focus();
  });
  await waitReady(page);
  await page.locator('digest-search input').fill('kafka');
  await page.waitForFunction(() => document.querySelector('digest-search').results.length === 1);
  assert.equal(await page.evaluate(() => typeof window.CSS), 'undefined');
  assert.deepEqual((await shown(page)).options, ['Kafka streams in the first digest']);
  assert.deepEqual(problems, []);
});
