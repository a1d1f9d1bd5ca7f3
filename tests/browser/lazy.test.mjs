// Lazy loading in Chromium: `load(url, {lazy: true})` over a server that answers byte ranges and,
// like a static host, marks its answers cacheable (Chromium then serialises concurrent ranges of
// one URL through its HTTP cache unless the loader bypasses it). The answers must be those of the
// whole file, and the lazy load must move fewer bytes than the file.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ARXIV_1K, CLI, launch, openPage, readState, waitReady } from './helpers.mjs';

const dir = mkdtempSync(path.join(tmpdir(), 'ds-lazy-browser-'));
execFileSync(CLI, ['build', ARXIV_1K, '--out', dir, '--quiet']);
const files = { '/digest-search.js': readFileSync(path.join(dir, 'digest-search.js')), '/digest-search.wasm': readFileSync(path.join(dir, 'digest-search.wasm')) };
rmSync(dir, { recursive: true, force: true });
const wasm = files['/digest-search.wasm'];

/**
 * Serves `page` at / and the built files, answering byte ranges with cacheable headers, each
 * range `delay` ms late (a slow network). With `stats.sub`, the files are served under /sub/
 * only; while `stats.failRanges` is above zero, range requests fail with 503 (counting down).
 */
async function serve(page, stats, delay = 0) {
  const server = http.createServer(async (req, res) => {
    if (delay && req.headers.range) await new Promise((r) => setTimeout(r, delay));
    if (stats.failRanges > 0 && req.headers.range) {
      stats.failRanges--;
      res.writeHead(503).end();
      return;
    }
    let p = new URL(req.url, 'http://x').pathname;
    if (stats.sub && p !== '/') p = p.startsWith('/sub/') ? p.slice(4) : '/missing';
    if (p === '/') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(page);
      return;
    }
    const body = files[p];
    if (!body) {
      res.writeHead(404).end();
      return;
    }
    const type = p.endsWith('.wasm') ? 'application/wasm' : 'text/javascript';
    const head = { 'content-type': type, 'cache-control': 'public, max-age=600', etag: '"v1"', 'accept-ranges': 'bytes' };
    const m = /^bytes=(\d+)-(\d+)$/.exec(req.headers.range || '');
    if (m) {
      const [s, e] = [+m[1], Math.min(+m[2], body.length - 1)];
      stats.ranges++;
      stats.rangeBytes += e - s + 1;
      res.writeHead(206, { ...head, 'content-range': `bytes ${s}-${e}/${body.length}`, 'content-length': e - s + 1 }).end(body.subarray(s, e + 1));
    } else {
      if (p.endsWith('.wasm')) stats.whole++;
      res.writeHead(200, { ...head, 'content-length': body.length }).end(body);
    }
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${server.address().port}/`, close: () => server.close() };
}

test('a lazy load in Chromium answers as the whole file does, over byte ranges', async () => {
  const stats = { ranges: 0, whole: 0, rangeBytes: 0 };
  const queries = ['learning model', 'speech recognition', 'graph neural netw', 'transformr attention', 'quantum', '"large language models"', 'reinforcement learning agents', 'diffusion'];
  const page = `<!doctype html><meta charset="utf-8"><script type="module">
    const { load } = await import('/digest-search.js');
    const url = new URL('/digest-search.wasm', location.href);
    const lazy = await load(url, { lazy: true });
    const lazyAnswers = [];
    for (const q of ${JSON.stringify(queries)}) lazyAnswers.push(await lazy.search(q, { limit: 10 }));
    // Several at once, as fast typing asks.
    const together = await Promise.all(['model', 'mode', 'modu'].map((q) => lazy.search(q)));
    const whole = await load(url);
    window.__done = {
      same: lazyAnswers.every((a, i) => JSON.stringify(a) === JSON.stringify(whole.search(${JSON.stringify(queries)}[i], { limit: 10 }))),
      togetherSame: together.every((a, i) => JSON.stringify(a) === JSON.stringify(whole.search(['model', 'mode', 'modu'][i]))),
      found: lazyAnswers.map((a) => a.total),
    };
  </script>`;
  const server = await serve(page, stats);
  const browser = await launch();
  try {
    const { page: tab, problems } = await openPage(await browser.newContext(), server.url, { allow: [/favicon/] });
    const done = await tab.waitForFunction(() => window.__done, null, { timeout: 60_000 });
    const r = await done.jsonValue();
    assert.ok(r.same, 'lazy answers equal the whole file\'s');
    assert.ok(r.togetherSame, 'searches asked together are answered as the whole file answers them');
    assert.ok(r.found.every((n) => n > 0), `every query finds entries: ${r.found}`);
    assert.ok(stats.ranges >= 5, `${stats.ranges} range requests`);
    assert.equal(stats.whole, 1, 'only the whole-file load fetched the file whole');
    assert.ok(stats.rangeBytes < wasm.length, `${stats.rangeBytes} bytes in ranges for a ${wasm.length}-byte file`);
    assert.deepEqual(problems, []);
  } finally {
    await browser.close();
    server.close();
  }
});

/** The element, loading lazily. */
const ELEMENT_PAGE = `<!doctype html><meta charset="utf-8"><script type="module" src="/digest-search.js"></script>
    <digest-search src="/digest-search.wasm" lazy></digest-search>`;

/**
 * Serves ELEMENT_PAGE (ranges `delay` ms late), opens it in Chromium, waits for the element to
 * be ready and runs `body(tab, stats)`; then checks that the page reported no problems.
 */
async function withLazyElement(delay, body, { page = ELEMENT_PAGE, sub = false, allow = [] } = {}) {
  const stats = { ranges: 0, whole: 0, rangeBytes: 0, sub };
  const server = await serve(page, stats, delay);
  const browser = await launch();
  try {
    const { page: tab, problems } = await openPage(await browser.newContext(), server.url, { allow: [/favicon/, ...allow] });
    await waitReady(tab);
    await body(tab, stats);
    assert.deepEqual(problems, []);
  } finally {
    await browser.close();
    server.close();
  }
}

test('<digest-search lazy> loads over byte ranges and shows the latest query\'s results', () =>
  withLazyElement(0, async (tab, stats) => {
    await tab.locator('digest-search input').click();
    // Typed fast: each keystroke starts a search; only the last one's answer is shown.
    await tab.keyboard.type('speech recognition', { delay: 5 });
    await tab.waitForFunction(() => {
      const el = document.querySelector('digest-search');
      return el.results.length > 0 && /speech|recogni/i.test(el.results[0].title) && el.value === 'speech recognition';
    }, null, { timeout: 30_000 });
    const state = await readState(tab);
    assert.match(state.options[0].title.toLowerCase(), /speech|recogni/);
    assert.ok(stats.ranges >= 5 && stats.whole === 0, `${stats.ranges} range requests, ${stats.whole} whole`);
    assert.ok(stats.rangeBytes < wasm.length, `${stats.rangeBytes} bytes for a ${wasm.length}-byte file`);
  }));

test('<digest-search lazy> typed fast on a slow network runs the latest query, not one per keystroke', () =>
  withLazyElement(150, async (tab) => {
    // Count the searches the element starts.
    await tab.evaluate(() => {
      const index = document.querySelector('digest-search').index;
      const search = index.search.bind(index);
      window.__searches = [];
      index.search = (q, o) => (window.__searches.push(q), search(q, o));
    });
    await tab.locator('digest-search input').click();
    await tab.keyboard.type('speech recognition', { delay: 5 });
    await tab.waitForFunction(() => {
      const el = document.querySelector('digest-search');
      return el.results.length > 0 && /speech|recogni/i.test(el.results[0].title) && window.__searches.at(-1) === 'speech recognition';
    }, null, { timeout: 30_000 });
    const searches = await tab.evaluate(() => window.__searches);
    // Each answer takes a few 150 ms round trips: the 18 keystrokes fit in the first one or two.
    assert.ok(searches.length <= 4, `searches run: ${JSON.stringify(searches)}`);
    // Cleared while a search is on its way: its answer is not shown. (Every answer now comes
    // 300 ms late, whether or not it fetched anything.)
    await tab.evaluate(() => {
      const index = document.querySelector('digest-search').index;
      const search = index.search;
      index.search = (q, o) => search(q, o).then((r) => new Promise((done) => setTimeout(() => done(r), 300)));
    });
    await tab.keyboard.type(' quantum', { delay: 5 });
    // While an answer is on its way, the list shown (an older query's) is marked busy.
    const busy = () => tab.evaluate(() => {
      const el = document.querySelector('digest-search');
      return [el.hasAttribute('data-searching'), el.shadowRoot.querySelector('[role="listbox"]').getAttribute('aria-busy')];
    });
    assert.deepEqual(await busy(), [true, 'true']);
    await tab.waitForFunction(() => !document.querySelector('digest-search').hasAttribute('data-searching'), null, { timeout: 30_000 });
    assert.deepEqual(await busy(), [false, null]);
    await tab.keyboard.type(' quantum', { delay: 5 });
    await tab.locator('digest-search input').fill('');
    await tab.waitForTimeout(1500);
    const state = await readState(tab);
    assert.equal(state.value, '');
    assert.deepEqual([state.options.length, await tab.evaluate(() => document.querySelector('digest-search').results.length)], [0, 0]);
  }));

test('<digest-search lazy> resolves its src against the page\'s <base href>, as a whole load does', () =>
  withLazyElement(0, async (tab, stats) => {
    await tab.locator('digest-search input').fill('speech recognition');
    await tab.waitForFunction(() => document.querySelector('digest-search').results.length > 0, null, { timeout: 30_000 });
    assert.ok(stats.ranges >= 2 && stats.whole === 0, `${stats.ranges} range requests, ${stats.whole} whole`);
  }, {
    sub: true,
    page: `<!doctype html><meta charset="utf-8"><base href="/sub/"><script type="module" src="digest-search.js"></script>
      <digest-search src="digest-search.wasm" lazy></digest-search>`,
  }));

test('<digest-search lazy> shows a failed search as failed, not as "No results", and recovers', () =>
  withLazyElement(0, async (tab, stats) => {
    const read = () => tab.evaluate(() => {
      const root = document.querySelector('digest-search').shadowRoot;
      const empty = root.querySelector('.empty');
      return { status: root.querySelector('.status').textContent, live: root.querySelector('[aria-live]').textContent, emptyShown: !empty.hidden, results: document.querySelector('digest-search').results.length };
    });
    // Every range request fails (a server error) while a search needs some.
    stats.failRanges = 1000;
    await tab.locator('digest-search input').fill('speech recognition');
    await tab.waitForFunction(() => /failed/i.test(document.querySelector('digest-search').shadowRoot.querySelector('.status').textContent), null, { timeout: 30_000 });
    let state = await read();
    assert.equal(state.emptyShown, false, 'no "No results" box');
    assert.match(state.live, /failed/i, 'said to screen readers');
    assert.equal(state.results, 0);
    // The server is back: the next search answers.
    stats.failRanges = 0;
    await tab.locator('digest-search input').fill('speech recognitio');
    await tab.waitForFunction(() => document.querySelector('digest-search').results.length > 0, null, { timeout: 30_000 });
    state = await read();
    assert.match(state.status, /\d+ results?/);
  }, { allow: [/search failed/, /503/] }));

test('<digest-search lazy>: an answer to a query typed before the text in the box names its own query, and is not announced', () =>
  withLazyElement(0, async (tab) => {
    // Every answer comes 600 ms late; each announcement and "No results" box is recorded.
    await tab.evaluate(() => {
      const el = document.querySelector('digest-search');
      const index = el.index;
      const search = index.search;
      index.search = (q, o) => search(q, o).then((r) => new Promise((done) => setTimeout(() => done(r), 600)));
      const root = el.shadowRoot;
      window.__said = [];
      window.__boxes = [];
      new MutationObserver(() => window.__said.push(root.querySelector('[aria-live]').textContent)).observe(root.querySelector('[aria-live]'), { childList: true, characterData: true, subtree: true });
      const empty = root.querySelector('.empty');
      new MutationObserver(() => empty.hidden || window.__boxes.push([empty.textContent, el.value])).observe(empty, { childList: true, subtree: true, attributes: true });
    });
    await tab.locator('digest-search input').fill('quantumzqxw');
    await tab.waitForTimeout(100);
    // While that search is on its way, the query becomes one with results.
    await tab.locator('digest-search input').fill('quantum');
    await tab.waitForFunction(() => document.querySelector('digest-search').results.length > 0, null, { timeout: 30_000 });
    await tab.waitForTimeout(900);
    const [said, boxes] = await tab.evaluate(() => [window.__said, window.__boxes]);
    // The first answer's box names the query it answers, while the box holds `quantum`.
    assert.ok(boxes.length > 0, 'the first answer was shown');
    for (const [text, value] of boxes) assert.match(text, /No results for “quantumzqxw”/, `${text} (box holding ${value})`);
    assert.ok(!said.some((t) => /No results/.test(t)), `announced: ${JSON.stringify(said)}`);
    assert.ok(said.some((t) => /\d+ results?/.test(t)), `announced: ${JSON.stringify(said)}`);
  }));

/** A second index, of one entry, at /b/: the element's `src` moves to it. */
const second = mkdtempSync(path.join(tmpdir(), 'ds-lazy-second-'));
writeFileSync(path.join(second, 'b.jsonl'), JSON.stringify({ id: 'b1', title: 'Kafka consumers in the second digest', abstract: 'Kafka moves events between services.' }) + '\n');
execFileSync(CLI, ['build', path.join(second, 'b.jsonl'), '--out', second, '--quiet']);
files['/b/digest-search.wasm'] = readFileSync(path.join(second, 'digest-search.wasm'));
rmSync(second, { recursive: true, force: true });

test('<digest-search lazy>: src changed while a search is on its way frees the old index, which fails cleanly; only the new one answers', () =>
  withLazyElement(150, async (tab) => {
    const r = await tab.evaluate(async () => {
      const el = document.querySelector('digest-search');
      const input = el.shadowRoot.querySelector('input');
      const old = el.index;
      const failed = (p) => p.then(() => 'answered', (e) => e.message);
      // A search of the element's and one of the page's, each fetching what it reads (150 ms).
      input.value = 'speech recognition';
      input.dispatchEvent(new Event('input'));
      const onItsWay = failed(old.search('quantum'));
      const ready = new Promise((resolve) => el.addEventListener('digest-search:ready', resolve, { once: true }));
      el.setAttribute('src', '/b/digest-search.wasm');
      await ready;
      const afterwards = await failed(old.search('quantum'));
      input.value = 'kafka';
      input.dispatchEvent(new Event('input'));
      await new Promise((resolve) => setTimeout(resolve, 800)); // the old searches settle
      return { onItsWay: await onItsWay, afterwards, replaced: el.index !== old, results: el.results.map((x) => x.title) };
    });
    assert.match(r.onItsWay, /this index was freed/, 'the search on its way when src changed');
    assert.match(r.afterwards, /this index was freed/, 'a search after');
    assert.ok(r.replaced);
    assert.deepEqual(r.results, ['Kafka consumers in the second digest'], 'only the new index answers');
  }));
