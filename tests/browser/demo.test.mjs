// Browser tests for the demo page and the <digest-search> component.
//
//   cd tests && npm install        # once (playwright-core + axe-core, no browser download)
//   node --test tests/browser/     # from the repo root, after ./build.sh made target/demo
//
// Env: DEMO_DIR (default target/demo), SCREENSHOT_DIR (default target/screenshots),
//      CHROMIUM (default /usr/bin/chromium).
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { DEMO_DIR, SCREENSHOT_DIR, serve, launch, openPage, waitReady, readState, screenshotContexts } from './helpers.mjs';

const require = createRequire(import.meta.url);
const QUERY = 'zeroth order benchmark'; // one paper matches every word
const BROAD = 'zeroth order'; // several results, for keyboard navigation
const NO_RESULTS = 'qwxzv';

let browser;
let server;

before(async () => {
  for (const f of ['index.html', 'digest-search.classic.js', 'digest-search.js', 'digest-search.wasm']) {
    assert.ok(existsSync(path.join(DEMO_DIR, f)),
      `${f} is missing from ${DEMO_DIR}: run ./build.sh first (or set DEMO_DIR)`);
  }
  browser = await launch();
  server = await serve(DEMO_DIR);
});

after(async () => {
  await browser?.close();
  await server?.close();
});

/** Never touch the network: answers every navigation away from the test server with a stub page. */
function stubExternalPages(context) {
  return context.route(/^https?:\/\/(?!127\.0\.0\.1)/, (route) =>
    route.fulfill({ status: 200, contentType: 'text/html', body: '<!doctype html><title>stub</title>' }));
}

/** Runs `fn(context)` in a fresh 1280×800 browser context, closed after. */
async function withContext(fn) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  try {
    await fn(context);
  } finally {
    await context.close();
  }
}

const modes = {
  http: () => `${server.url}index.html`,
  file: () => pathToFileURL(path.join(DEMO_DIR, 'index.html')).href,
};

for (const [mode, pageUrl] of Object.entries(modes)) {
  describe(`demo page over ${mode}`, () => {
    let context;
    let page;
    let problems;

    before(async () => {
      context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
      ({ page, problems } = await openPage(context, pageUrl()));
      await waitReady(page);
    });

    after(async () => {
      await context?.close();
    });

    test('loads: heading, the component and an idle status', async () => {
      assert.ok((await page.title()).length > 0);
      assert.equal(await page.locator('h1').count(), 1);
      const state = await readState(page);
      assert.equal(state.value, '');
      assert.equal(state.expanded, 'false');
      assert.equal(state.options.length, 0);
      const info = await page.evaluate(() => document.querySelector('digest-search').index.info());
      assert.ok(info.entries > 0, 'index has entries');
      assert.deepEqual(problems, []);
    });

    test('typing "zeroth order benchmark" finds the benchmark paper first, with <mark>s', async () => {
      const input = page.locator('digest-search input');
      await input.click();
      await page.keyboard.type(QUERY, { delay: 15 });
      await page.waitForFunction((q) => {
        const root = document.querySelector('digest-search').shadowRoot;
        return root.querySelector('input').value === q && root.querySelector('[role="option"]');
      }, QUERY);
      const state = await readState(page);
      assert.equal(state.value, QUERY);
      assert.equal(state.expanded, 'true');
      assert.ok(state.options.length > 0, 'some results');
      const first = state.options[0];
      assert.match(first.title, /Zeroth-Order/);
      assert.match(first.title, /Benchmark/);
      assert.match(first.title, /Memory-Efficient LLM Fine-Tuning/);
      assert.ok(first.marks > 0, 'the title has <mark> highlights');
      assert.ok(state.total >= state.options.length);
      assert.match(state.status, /\d+ results?/);
      // The mark text is part of the query words (case-insensitive prefix / typo tolerant match).
      const markTexts = await page.evaluate(() => [...document.querySelector('digest-search').shadowRoot
        .querySelectorAll('[role="option"] .title mark')].map((m) => m.textContent.toLowerCase()));
      assert.ok(markTexts.some((t) => t.includes('zeroth') || t.includes('benchmark') || t.includes('order')),
        `marks: ${JSON.stringify(markTexts)}`);
      // Links only for http(s) or relative URLs.
      for (const o of state.options) {
        if (o.href !== null) assert.ok(!/^[a-z][a-z0-9+.-]*:/i.test(o.href) || /^https?:/i.test(o.href), o.href);
      }
      // The live region announces the count once typing settles.
      await page.waitForFunction(() => /\d/.test(document.querySelector('digest-search').shadowRoot
        .querySelector('[aria-live]').textContent));
      assert.deepEqual(problems, []);
    });

    test('keyboard: arrows move the active option, Escape closes then clears, "/" focuses the box', async () => {
      const input = page.locator('digest-search input');
      await input.fill('');
      await input.click();
      await page.keyboard.type(BROAD, { delay: 5 });
      let state = await readState(page);
      assert.ok(state.options.length >= 2, 'need at least two results');
      assert.equal(state.activeDescendant, null);

      await page.keyboard.press('ArrowDown');
      state = await readState(page);
      assert.equal(state.activeDescendant, state.options[0].id);
      assert.equal(state.options[0].selected, 'true');
      assert.equal(state.options.filter((o) => o.selected === 'true').length, 1);

      await page.keyboard.press('ArrowDown');
      state = await readState(page);
      assert.equal(state.activeDescendant, state.options[1].id);
      assert.equal(state.options[1].selected, 'true');
      assert.equal(state.options[0].selected, 'false');

      await page.keyboard.press('ArrowUp');
      state = await readState(page);
      assert.equal(state.activeDescendant, state.options[0].id);
      assert.ok(state.focused, 'focus stays in the box (aria-activedescendant pattern)');

      // Escape: first closes the list and keeps the query; an arrow opens it again.
      await page.keyboard.press('Escape');
      state = await readState(page);
      assert.equal(state.activeDescendant, null);
      assert.equal(state.value, BROAD);
      assert.equal(state.expanded, 'false');
      assert.ok(state.listHidden, 'the list is closed');
      await page.keyboard.press('ArrowDown');
      state = await readState(page);
      assert.equal(state.expanded, 'true');
      assert.ok(!state.listHidden);
      assert.equal(state.activeDescendant, state.options[0].id);
      // Typing after Escape opens the list too.
      await page.keyboard.press('Escape');
      await page.keyboard.type(' ');
      state = await readState(page);
      assert.equal(state.expanded, 'true');
      await page.keyboard.press('Backspace');
      // Escape with the list closed clears the box.
      await page.keyboard.press('Escape');
      state = await readState(page);
      assert.ok(state.listHidden);
      assert.equal(state.value, BROAD);
      await page.keyboard.press('Escape');
      state = await readState(page);
      assert.equal(state.value, '');
      assert.equal(state.options.length, 0);
      assert.equal(state.expanded, 'false');

      // "/" from elsewhere on the page focuses the box and is not typed into it.
      await page.evaluate(() => document.activeElement && document.activeElement.blur());
      await page.locator('h1').click();
      assert.equal((await readState(page)).focused, false);
      await page.keyboard.press('/');
      state = await readState(page);
      assert.ok(state.focused, '"/" focused the search box');
      assert.equal(state.value, '');
      assert.deepEqual(problems, []);
    });

    test('Enter on the active option dispatches a cancelable digest-search:select', async () => {
      const input = page.locator('digest-search input');
      await input.fill('');
      await input.click();
      await page.keyboard.type(BROAD, { delay: 5 });
      await page.evaluate(() => {
        window.__selects = [];
        document.addEventListener('digest-search:select', (e) => {
          window.__selects.push({ title: e.detail.result.title, index: e.detail.index, composed: e.composed });
          e.preventDefault(); // stay on the page
        });
      });
      const before = page.url();
      await page.keyboard.press('ArrowDown');
      await page.keyboard.press('Enter');
      const selects = await page.evaluate(() => window.__selects);
      assert.equal(selects.length, 1);
      assert.equal(selects[0].index, 0);
      assert.match(selects[0].title, /Zeroth-Order/);
      assert.equal(selects[0].composed, true);
      // A mouse click on a result dispatches the same event.
      await page.locator('digest-search [role="option"]').nth(1).locator('.snippet, .meta').first().click();
      const after = await page.evaluate(() => window.__selects);
      assert.equal(after.length, 2);
      assert.equal(after[1].index, 1);
      const [was, now] = [new URL(before), new URL(page.url())];
      assert.equal(now.origin + now.pathname, was.origin + was.pathname, 'preventDefault() kept the page');
      // Selecting wrote the query into the URL at once (sync-url), without waiting for typing to settle.
      if (now.searchParams.has('q')) assert.equal(now.searchParams.get('q'), BROAD);
      assert.deepEqual(problems, []);
    });

    test('"Show more" appends the next page of results', async () => {
      const input = page.locator('digest-search input');
      await input.fill(BROAD);
      const before = await readState(page);
      const limit = before.options.length;
      if (before.total <= limit) return; // nothing more to show for this index
      await page.locator('digest-search .more').click();
      const after = await readState(page);
      assert.equal(after.options.length, Math.min(before.total, 2 * limit));
      assert.deepEqual(after.options.slice(0, limit).map((o) => o.title), before.options.map((o) => o.title));
      assert.equal(after.total, before.total);
      assert.deepEqual(problems, []);
    });

    test(`a query without matches ("${NO_RESULTS}") shows the no-results state and count 0`, async () => {
      const input = page.locator('digest-search input');
      await input.fill('');
      await input.click();
      await page.keyboard.type(NO_RESULTS, { delay: 15 });
      const state = await readState(page);
      assert.equal(state.total, 0);
      assert.equal(state.options.length, 0);
      assert.equal(state.expanded, 'false');
      assert.ok(state.listHidden);
      assert.ok(state.emptyVisible, 'the no-results message is visible');
      assert.match(state.emptyText, /No results/);
      assert.ok(state.emptyText.includes(NO_RESULTS));
      assert.match(state.status, /\b0 results/);
      // A pasted page is echoed cut, in the box and to screen readers.
      const long = `${NO_RESULTS} ${'zqxv '.repeat(1000)}`;
      await input.fill(long);
      await page.waitForFunction(() => /…/.test(document.querySelector('digest-search').shadowRoot.querySelector('[aria-live]').textContent));
      const cut = await readState(page);
      assert.ok(cut.emptyText.includes(`${[...long].slice(0, 80).join('')}…`), cut.emptyText.slice(0, 200));
      assert.ok(cut.emptyText.length < 300 && cut.live.length < 200, `${cut.emptyText.length} and ${cut.live.length} characters`);
      await input.fill(NO_RESULTS);
      await page.waitForFunction((q) => document.querySelector('digest-search').shadowRoot
        .querySelector('[aria-live]').textContent.includes(q), NO_RESULTS);
      assert.deepEqual(problems, []);
    });

    test('one letter typed is not "no results": the box stays neutral and says nothing', async () => {
      const input = page.locator('digest-search input');
      await input.fill('');
      await input.click();
      const idle = (await readState(page)).status;
      await page.keyboard.type('d');
      // Give the announcement its delay (400 ms) to come, if it were to.
      await page.waitForTimeout(600);
      let state = await readState(page);
      assert.equal(state.options.length, 0);
      assert.ok(!state.emptyVisible, 'no no-results box after one letter');
      assert.equal(state.status, idle, 'the idle status stays');
      assert.equal(state.live, '', 'nothing announced');
      // The second letter searches as usual.
      await page.keyboard.type('i');
      state = await readState(page);
      assert.ok(state.options.length > 0);
      assert.match(state.status, /\d+ results?/);
      assert.deepEqual(problems, []);
    });

    test('the input, titles and snippets take their direction from their own text (dir="auto")', async () => {
      const input = page.locator('digest-search input');
      await input.fill(QUERY);
      const dirs = await page.evaluate(() => {
        const root = document.querySelector('digest-search').shadowRoot;
        const opt = root.querySelector('[role="option"]');
        return [root.querySelector('input'), opt.querySelector('.title'), opt.querySelector('.snippet')].map((e) => e.getAttribute('dir'));
      });
      assert.deepEqual(dirs, ['auto', 'auto', 'auto']);
      assert.deepEqual(problems, []);
    });

    test('axe finds no accessibility violations (idle, with results, no results)', async () => {
      await page.addScriptTag({ content: await readFile(require.resolve('axe-core/axe.min.js'), 'utf8') });
      const input = page.locator('digest-search input');
      const run = () => page.evaluate(async () => {
        const r = await window.axe.run(document, { resultTypes: ['violations'], preload: false });
        return r.violations.map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
      });
      await input.fill('');
      assert.deepEqual(await run(), [], 'idle');
      await input.fill(BROAD);
      await page.keyboard.press('ArrowDown');
      assert.deepEqual(await run(), [], 'with results');
      await input.fill(NO_RESULTS);
      assert.deepEqual(await run(), [], 'no results');
      assert.deepEqual(problems, []);
    });

    test('no console errors and no page errors', () => {
      assert.deepEqual(problems, []);
    });
  });
}

describe('component behaviour (http)', () => {
  test('?q= is read on start and kept in sync (sync-url)', async () => {
    await withContext(async (context) => {
      const { page, problems } = await openPage(context, `${server.url}index.html?q=${encodeURIComponent(QUERY)}`);
      await waitReady(page);
      const sync = await page.evaluate(() => document.querySelector('digest-search').hasAttribute('sync-url'));
      if (!sync) return; // the demo page opted out of sync-url
      let state = await readState(page);
      assert.equal(state.value, QUERY);
      assert.match(state.options[0].title, /Zeroth-Order/);
      await page.locator('digest-search input').fill('diffusion');
      await page.waitForFunction(() => new URL(location.href).searchParams.get('q') === 'diffusion');
      await page.locator('digest-search input').fill('');
      await page.waitForFunction(() => !new URL(location.href).searchParams.has('q'));
      state = await readState(page);
      assert.equal(state.options.length, 0);
      // Back/forward (popstate) restores the query of that history entry.
      await page.evaluate(() => {
        history.pushState(null, '', '?q=diffusion');
        history.pushState(null, '', '?q=transformer');
        history.back();
      });
      await page.waitForFunction(() => document.querySelector('digest-search').value === 'diffusion');
      state = await readState(page);
      assert.ok(state.options.length > 0);
      assert.deepEqual(problems, []);
    });
  });

  /** Opens the demo, types BROAD and moves with ↓ to the first result with a link; its URL. */
  async function activateLinkedResult(context) {
    await stubExternalPages(context);
    const { page, problems } = await openPage(context, `${server.url}index.html`);
    await waitReady(page);
    await page.locator('digest-search input').click();
    await page.keyboard.type(BROAD);
    const { options } = await readState(page);
    const index = options.findIndex((o) => o.href);
    assert.ok(index >= 0, 'a result with a link');
    for (let i = 0; i <= index; i++) await page.keyboard.press('ArrowDown');
    return { page, problems, href: new URL(options[index].href, page.url()).href };
  }

  test('Enter opens the active result when no listener cancels the select event', async () => {
    await withContext(async (context) => {
      const { page, problems, href } = await activateLinkedResult(context);
      await Promise.all([page.waitForURL((u) => u.href === href), page.keyboard.press('Enter')]);
      assert.deepEqual(problems, []);
    });
  });

  test('Ctrl+Enter or Shift+Enter opens the active result in a new tab or window, as a click with them does', async () => {
    await withContext(async (context) => {
      const { page, problems, href } = await activateLinkedResult(context);
      await page.evaluate(() => { window.__stayed = true; });
      for (const key of ['Control+Enter', 'Shift+Enter']) {
        const [opened] = await Promise.all([context.waitForEvent('page'), page.keyboard.press(key)]);
        await opened.waitForLoadState();
        assert.equal(opened.url(), href, key);
        assert.equal(await page.evaluate(() => window.__stayed), true, `${key}: this page stays`);
        await opened.close();
      }
      assert.deepEqual(problems, []);
    });
  });

  test('with sync-url, a result picked right after typing leaves the query in the URL for Back', async () => {
    await withContext(async (context) => {
      await stubExternalPages(context);
      const { page, problems } = await openPage(context, `${server.url}index.html`);
      await waitReady(page);
      await page.locator('digest-search input').click();
      await page.keyboard.type(BROAD, { delay: 5 });
      // Well within the 250 ms that coalesce the URL's updates while typing.
      await page.keyboard.press('ArrowDown');
      const { options } = await readState(page);
      assert.ok(options[0].href, 'the first result has a link');
      await Promise.all([page.waitForURL((u) => !u.href.startsWith(server.url)), page.keyboard.press('Enter')]);
      await page.goBack();
      await page.waitForURL((u) => u.href.startsWith(server.url));
      assert.equal(new URL(page.url()).searchParams.get('q'), BROAD);
      await waitReady(page);
      await page.waitForFunction((q) => document.querySelector('digest-search').value === q, BROAD);
      assert.deepEqual(problems, []);
    });
  });

  test('theme="dark" on a light page (and "light" on a dark one) keeps its text readable', async () => {
    await withContext(async (context) => {
      const { page, problems } = await openPage(context, `${server.url}index.html`);
      await waitReady(page);
      const contrast = (theme, pageBg) => page.evaluate(async ([theme, pageBg]) => {
        const el = document.querySelector('digest-search');
        document.body.style.background = pageBg;
        el.setAttribute('theme', theme);
        el.value = 'zeroth order';
        const root = el.shadowRoot;
        const rgb = (c) => (c.match(/[\d.]+/g) || []).slice(0, 4).map(Number);
        const lum = ([r, g, b]) => {
          const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
          return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
        };
        // The background a text is seen on: its nearest ancestor (through the shadow root)
        // with an opaque background, else the page's.
        const backdrop = (node) => {
          for (let n = node; n; n = n.parentElement || (n.getRootNode() && n.getRootNode().host)) {
            const c = rgb(getComputedStyle(n).backgroundColor);
            if (c.length === 3 || (c.length === 4 && c[3] === 1)) return c.slice(0, 3);
          }
          return rgb(getComputedStyle(document.body).backgroundColor).slice(0, 3);
        };
        const ratio = (node) => {
          const a = lum(rgb(getComputedStyle(node).color));
          const b = lum(backdrop(node));
          return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
        };
        const texts = [root.querySelector('.snippet'), root.querySelector('.title'), root.querySelector('.status')];
        return texts.map((t) => (t ? ratio(t) : 0));
      }, [theme, pageBg]);
      for (const [theme, bg] of [['dark', 'rgb(247, 248, 250)'], ['light', 'rgb(16, 18, 22)']]) {
        const ratios = await contrast(theme, bg);
        for (const r of ratios) assert.ok(r >= 4.5, `theme="${theme}" on ${bg}: contrast ${ratios.map((x) => x.toFixed(2))}`);
      }
      assert.deepEqual(problems, []);
    });
  });

  test('two components over different src do not interfere; a bad src reports an error', async () => {
    await withContext(async (context) => {
      const { page, problems } = await openPage(context, `${server.url}index.html`, {
        allow: [/404/, /Failed to load resource/],
      });
      await waitReady(page);
      await page.evaluate(() => {
        window.__events = [];
        const main = document.querySelector('main');
        for (const [id, src] of [['second', 'digest-search.wasm'], ['broken', 'does-not-exist.wasm']]) {
          const el = document.createElement('digest-search');
          el.id = id;
          el.setAttribute('src', src);
          el.addEventListener('digest-search:ready', () => window.__events.push(`${id}:ready`));
          el.addEventListener('digest-search:error', (e) => {
            window.__events.push(`${id}:error`);
            e.preventDefault(); // expected: no console.error from the component
          });
          main.appendChild(el);
        }
      });
      await waitReady(page, '#second');
      await page.waitForFunction(() => window.__events.includes('broken:error'));
      const broken = await page.evaluate(() => {
        const s = document.querySelector('#broken').shadowRoot.querySelector('.status');
        return { error: s.classList.contains('error'), text: s.textContent, visible: s.getClientRects().length > 0 };
      });
      assert.ok(broken.error && broken.visible && broken.text.length > 0, JSON.stringify(broken));

      const indexes = await page.evaluate(() => {
        const [a, b] = document.querySelectorAll('digest-search');
        return a.index !== b.index;
      });
      assert.ok(indexes, 'each element has its own index object');

      await page.locator('#second input').fill(QUERY);
      let first = await readState(page);
      let second = await readState(page, '#second');
      assert.equal(first.value, '');
      assert.equal(first.options.length, 0);
      assert.match(second.options[0].title, /Zeroth-Order/);

      await page.locator('digest-search').first().locator('input').fill(NO_RESULTS);
      first = await readState(page);
      second = await readState(page, '#second');
      assert.equal(first.total, 0);
      assert.match(second.options[0].title, /Zeroth-Order/, 'the second box kept its results');
      // Option ids stay unique across the page's shadow roots.
      const ids = [...first.options, ...second.options].map((o) => o.id);
      assert.equal(new Set(ids).size, ids.length);
      assert.deepEqual(problems, []);
    });
  });
});

describe('strict Content-Security-Policy (http)', () => {
  // No inline scripts or styles: the page, the classic script and the component's constructed
  // stylesheet must all work with only 'self' + 'wasm-unsafe-eval' (and data: for the favicon).
  const CSP = "default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; " +
    "img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
  let cspServer;
  before(async () => { cspServer = await serve(DEMO_DIR, { headers: { 'content-security-policy': CSP } }); });
  after(async () => { await cspServer?.close(); });

  test('the demo works and reports no CSP violations', async () => {
    await withContext(async (context) => {
      const { page, problems } = await openPage(context, `${cspServer.url}index.html`);
      await page.evaluate(() => {
        window.__csp = [];
        document.addEventListener('securitypolicyviolation', (e) => window.__csp.push(`${e.violatedDirective} ${e.blockedURI}`));
      });
      await waitReady(page);
      await page.locator('digest-search input').click();
      await page.keyboard.type(QUERY);
      const state = await readState(page);
      assert.match(state.options[0].title, /Zeroth-Order/);
      const styled = await page.evaluate(() => getComputedStyle(document.querySelector('digest-search')
        .shadowRoot.querySelector('.box')).borderTopStyle);
      assert.equal(styled, 'solid', 'the component styles applied');
      assert.deepEqual(await page.evaluate(() => window.__csp), []);
      assert.deepEqual(problems, []);
    });
  });

  test("without 'wasm-unsafe-eval' the box says what the policy must allow", async () => {
    const strict = await serve(DEMO_DIR, { headers: { 'content-security-policy': CSP.replace(" 'wasm-unsafe-eval'", '') } });
    try {
      await withContext(async (context) => {
        const { page } = await openPage(context, `${strict.url}index.html`, { allow: [/.*/] });
        await page.waitForFunction(() => document.querySelector('digest-search')?.shadowRoot?.querySelector('.status.error'));
        const status = await page.evaluate(() => document.querySelector('digest-search').shadowRoot.querySelector('.status').textContent);
        assert.match(status, /Content-Security-Policy does not allow WebAssembly: add 'wasm-unsafe-eval' to its script-src/);
        assert.doesNotMatch(status, /truncated|damaged/);
      });
    } finally {
      await strict.close();
    }
  });
});

test('from file://, an element whose src must be fetched says how to make it work', async () => {
  // The classic script works from a file with its own index; an element given another `src`
  // must fetch it, which a page opened from a file cannot.
  const dir = await mkdtemp(path.join(os.tmpdir(), 'ds-file-src-'));
  try {
    await writeFile(path.join(dir, 'page.html'), `<!doctype html><meta charset="utf-8"><title>src from a file</title>
<script src="${pathToFileURL(path.join(DEMO_DIR, 'digest-search.classic.js')).href}"></script>
<digest-search src="${pathToFileURL(path.join(DEMO_DIR, 'digest-search.wasm')).href}"></digest-search>`);
    await withContext(async (context) => {
      const { page } = await openPage(context, pathToFileURL(path.join(dir, 'page.html')).href, { allow: [/.*/] });
      await page.waitForFunction(() => document.querySelector('digest-search')?.shadowRoot?.querySelector('.status.error'));
      const status = await page.evaluate(() => document.querySelector('digest-search').shadowRoot.querySelector('.status').textContent);
      assert.match(status, /a page opened from a file cannot fetch: serve it over HTTP, or use the digest-search\.classic\.js that holds the index/);
    });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

describe('component with an injected index (http)', () => {
  // Soft AND: the engine may rank a partial match above full ones; the widget keeps that order
  // and groups only the trailing partial matches under the heading.
  test('partial matches keep the engine order; only the trailing ones are grouped', async () => {
    await withContext(async (context) => {
      const { page, problems } = await openPage(context, `${server.url}index.html`);
      await waitReady(page);
      const out = await page.evaluate(() => {
        const partial = [false, true, false, true, true];
        const results = partial.map((p, i) => ({
          id: `r${i}`, title: `result ${i}`, url: null, urls: [], date: null, authors: [], tags: [],
          score: 10 - i, partial: p, titleHighlights: [], snippet: { text: '', highlights: [] },
        }));
        const el = document.querySelector('digest-search');
        el.index = { info: () => ({ entries: results.length }), search: () => ({ total: results.length, results }) };
        el.value = 'anything';
        const root = el.shadowRoot;
        const opts = [...root.querySelectorAll('[role="option"]')];
        return {
          titles: opts.map((o) => o.querySelector('.title').textContent),
          partialFlags: opts.map((o) => o.hasAttribute('data-partial')),
          groups: [...root.querySelectorAll('[role="listbox"] > [role="group"]')].map((g) => [g.getAttribute('aria-label'), g.querySelectorAll('[role="option"]').length]),
          ids: el.results.map((r) => r.id),
        };
      });
      assert.deepEqual(out.titles, ['result 0', 'result 1', 'result 2', 'result 3', 'result 4']);
      assert.deepEqual(out.ids, ['r0', 'r1', 'r2', 'r3', 'r4']);
      assert.deepEqual(out.partialFlags, [false, true, false, true, true]);
      assert.equal(out.groups.length, 2);
      assert.equal(out.groups[0][1], 3);
      assert.match(out.groups[1][0], /Partial/);
      assert.equal(out.groups[1][1], 2);
      assert.deepEqual(problems, []);
    });
  });

  // Typing on keeps most results as they were (the same entry, highlights and snippet): their
  // options keep their nodes, so the browser styles and lays out only what changed
  // (bench/widget-timing.mjs). The list must still be exactly the one built anew.
  test('options shown again as they were keep their nodes, and the list is the same as one built anew', async () => {
    await withContext(async (context) => {
      const { page, problems } = await openPage(context, `${server.url}index.html`);
      await waitReady(page);
      const out = await page.evaluate(() => {
        const hit = (id, partial = false, marks = [[0, 4]]) => ({
          id, title: `title ${id}`, url: `https://example.org/${id}`, urls: [], date: '2024-03-13', authors: ['Ada Lovelace'], tags: ['cs.LG'],
          score: Math.random(), partial, titleHighlights: marks, snippet: { text: `snippet of ${id}`, highlights: [[0, 7]] },
        });
        // Per query: r1's highlights change, r2 goes, r5 comes; then partial matches are grouped.
        const answers = {
          one: [hit('r0'), hit('r1'), hit('r2'), hit('r3'), hit('r4')],
          two: [hit('r0'), hit('r1', false, [[0, 5]]), hit('r5'), hit('r3'), hit('r4')],
          three: [hit('r0'), hit('r3'), hit('r4', true), hit('r6', true)],
          four: [hit('r0'), hit('r3'), hit('r4', true), hit('r6', true)],
        };
        const index = { info: () => ({ entries: 7 }), search: (q) => ({ total: (answers[q] || []).length, results: answers[q] || [] }) };
        const el = document.querySelector('digest-search');
        el.index = index;
        const root = el.shadowRoot;
        const options = () => [...root.querySelectorAll('[role="option"]')];
        const byTitle = () => new Map(options().map((o) => [o.querySelector('.title').textContent, o]));
        // The same list built by a fresh element, its own ids (ds2-…) written as this one's.
        const fresh = (q) => {
          const other = document.createElement('digest-search');
          other.setAttribute('no-shortcut', '');
          document.body.append(other);
          other.index = index;
          other.value = q;
          const html = other.shadowRoot.querySelector('[role="listbox"]').innerHTML;
          other.remove();
          return html.replaceAll(other.shadowRoot.querySelector('input').id.split('-')[0] + '-', el.shadowRoot.querySelector('input').id.split('-')[0] + '-');
        };
        const list = root.querySelector('[role="listbox"]');
        el.value = 'one';
        const one = byTitle();
        // An option selected before the next query is not selected after it.
        el.focus();
        el.shadowRoot.querySelector('input').dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowDown', bubbles: true }));
        el.value = 'two';
        const two = byTitle();
        const sameTwo = [...two].filter(([t, o]) => one.get(t) === o).map(([t]) => t);
        const listTwo = [list.innerHTML, fresh('two')];
        el.value = 'three';
        const groups = [...root.querySelectorAll('[role="group"]')];
        el.value = 'four';
        return {
          sameTwo,
          listTwo,
          listFour: [list.innerHTML, fresh('four')],
          ids: options().map((o) => [o.id, o.getAttribute('data-index'), o.getAttribute('aria-selected')]),
          groupsKept: [...root.querySelectorAll('[role="group"]')].map((g) => groups.includes(g)),
          uid: el.shadowRoot.querySelector('input').id.split('-')[0],
        };
      });
      assert.deepEqual(out.sameTwo, ['title r0', 'title r3', 'title r4'], 'the options unchanged keep their nodes');
      assert.equal(out.listTwo[0], out.listTwo[1], 'the list is the one built anew');
      assert.equal(out.listFour[0], out.listFour[1], 'the grouped list is the one built anew');
      assert.deepEqual(out.groupsKept, [true, true], 'the groups are kept');
      assert.deepEqual(out.ids, [0, 1, 2, 3].map((i) => [`${out.uid}-opt-${i}`, String(i), 'false']));
      assert.deepEqual(problems, []);
    });
  });

  // The tag row is hidden on an index without tags: setting its scroll position made the browser
  // lay the page out in the middle of every keystroke (bench/widget-timing.mjs).
  test('typing sets no scroll position on a hidden facet row', async () => {
    await withContext(async (context) => {
      const { page, problems } = await openPage(context, `${server.url}index.html`);
      await waitReady(page);
      const writes = await page.evaluate(() => {
        const root = document.querySelector('digest-search').shadowRoot;
        let n = 0;
        for (const row of root.querySelectorAll('.chips, .years')) {
          if (!row.hidden) throw new Error('the demo index has no facet rows to show');
          Object.defineProperty(row, 'scrollLeft', { configurable: true, get: () => 0, set: () => { n++; } });
        }
        return new Promise((resolve) => { window.__writes = () => n; resolve(); });
      }).then(async () => {
        await page.locator('digest-search input').pressSequentially('zeroth');
        return page.evaluate(() => window.__writes());
      });
      assert.ok((await readState(page)).options.length > 0);
      assert.equal(writes, 0);
      assert.deepEqual(problems, []);
    });
  });

  // `el.index = obj` swaps in any object with search()/info(): hostile entry text must stay text.
  test('entry text never becomes markup; only http(s)/relative URLs become links; partial matches grouped', async () => {
    await withContext(async (context) => {
      const { page, problems } = await openPage(context, `${server.url}index.html`);
      await waitReady(page);
      const out = await page.evaluate(() => {
        window.__pwned = 0;
        const evil = '<img src=x onerror="window.__pwned=1"><b>bold</b>';
        const urls = [
          'javascript:window.__pwned=2', ' JaVa\tScRiPt:window.__pwned=3', 'data:text/html,<script>1</script>',
          'vbscript:x', 'https://example.org/a?b=<c>', 'papers/1.html', 'http://example.org/', null,
        ];
        const results = urls.map((url, i) => ({
          id: `e${i}`, title: `${evil} title ${i} “ünïcödé” 🚀 rocket`, url, urls: url ? [url] : [],
          date: i % 2 ? '2024-03-13' : null, authors: i === 2 ? ['A', 'B', 'C'] : ['<i>A</i>'], tags: [],
          score: 10 - i, partial: i >= 5,
          // out-of-range, reversed and overlapping ranges must not throw
          titleHighlights: [[0, 4], [2, 6], [9, 3], [-5, 1], [1000, 2000]],
          snippet: { text: `…${evil} 🚀 rocket…`, highlights: [[1, 5]] },
        }));
        const el = document.querySelector('digest-search');
        el.index = { info: () => ({ entries: results.length }), search: () => ({ total: results.length, results }) };
        el.value = 'anything';
        const root = el.shadowRoot;
        const opts = [...root.querySelectorAll('[role="option"]')];
        const marks = [...root.querySelectorAll('[role="option"] .title mark')].map((m) => m.textContent);
        return {
          pwned: window.__pwned,
          injected: root.querySelectorAll('[role="option"] img, [role="option"] b, [role="option"] i, [role="option"] script').length,
          hrefs: opts.map((o) => (o.tagName === 'A' ? o.getAttribute('href') : null)),
          titles: opts.map((o) => o.querySelector('.title').textContent),
          firstMarks: marks.slice(0, 2),
          groups: [...root.querySelectorAll('[role="listbox"] > [role="group"]')].map((g) => g.getAttribute('aria-label')),
          partialFlags: opts.map((o) => o.hasAttribute('data-partial')),
        };
      });
      await page.waitForTimeout(100);
      assert.equal(out.pwned, 0);
      assert.equal(await page.evaluate(() => window.__pwned), 0);
      assert.equal(out.injected, 0, 'no elements built from entry text');
      assert.ok(out.titles[0].startsWith('<img src=x'), 'the markup is shown as text');
      // overlapping ranges merge into one <mark>; invalid ones are dropped
      assert.deepEqual(out.firstMarks, ['<img s', '<img s']);
      // display order: full matches (0-4) then partial (5-7)
      assert.deepEqual(out.hrefs, [null, null, null, null, 'https://example.org/a?b=<c>', 'papers/1.html', 'http://example.org/', null]);
      assert.deepEqual(out.partialFlags, [false, false, false, false, false, true, true, true]);
      assert.equal(out.groups.length, 2);
      assert.match(out.groups[1], /Partial/);
      assert.deepEqual(problems, []);
    });
  });
});

describe('screenshots (not asserted)', () => {
  const shots = screenshotContexts(800);
  for (const { name, ...options } of shots) {
    test(name, async () => {
      await mkdir(SCREENSHOT_DIR, { recursive: true });
      const context = await browser.newContext(options);
      try {
        const { page, problems } = await openPage(context, `${server.url}index.html`);
        await waitReady(page);
        await page.screenshot({ path: path.join(SCREENSHOT_DIR, `${name}-idle.png`) });
        await page.locator('digest-search input').click();
        await page.keyboard.type(BROAD);
        await page.keyboard.press('ArrowDown');
        await page.keyboard.press('ArrowDown');
        await page.screenshot({ path: path.join(SCREENSHOT_DIR, `${name}-results.png`), fullPage: !options.isMobile });
        await page.locator('digest-search input').fill(NO_RESULTS);
        await page.screenshot({ path: path.join(SCREENSHOT_DIR, `${name}-no-results.png`) });
        assert.deepEqual(problems, []);
      } finally {
        await context.close();
      }
    });
  }
});

test('a letter typed the moment the index is ready does not stop the warm-up: it runs in the pause before the next key', async () => {
  const context = await browser.newContext();
  try {
    // A reader who typed "z" as the box became ready (before the page was ever idle): one letter
    // that matches nothing here, which compiles and reads little of what a match needs.
    await context.addInitScript(() => {
      document.addEventListener('digest-search:ready', (e) => {
        const el = e.target;
        const box = el.shadowRoot.querySelector('input');
        box.value = 'z';
        box.dispatchEvent(new Event('input', { bubbles: true }));
        window.__residentAfterLetter = e.detail.index.info().residentBytes;
      });
    });
    const { page, problems } = await openPage(context, `${server.url}index.html`);
    await waitReady(page);
    // The warm-up's search for a word of the newest entry reads POSTINGS blocks that the load, the
    // facet probe and the letter's search never read.
    await page.waitForFunction(() => window.__residentAfterLetter > 0
      && document.querySelector('digest-search').index.info().residentBytes > window.__residentAfterLetter, null, { timeout: 5000 });
    const state = await readState(page);
    assert.equal(state.value, 'z');
    assert.equal(state.total, 0);
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test('once idle, the widget warms the query path up (the wasm compiles lazily) without touching the results', async () => {
  const context = await browser.newContext();
  try {
    await context.addInitScript(() => {
      document.addEventListener('digest-search:ready', (e) => {
        window.__residentAtReady = e.detail.index.info().residentBytes;
      });
    });
    const { page, problems } = await openPage(context, `${server.url}index.html`);
    await waitReady(page);
    // The warm-up searches for a word of the newest entry: it reads POSTINGS blocks that the
    // load and the facet probe never read, so more of the index is resident afterwards.
    await page.waitForFunction(() => window.__residentAtReady > 0
      && document.querySelector('digest-search').index.info().residentBytes > window.__residentAtReady, null, { timeout: 5000 });
    const state = await readState(page);
    assert.equal(state.value, '');
    assert.equal(state.total, 0);
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test('a phrase typed in quotes shows its entries while its last word is still being typed, highlighted whole', async () => {
  await withContext(async (context) => {
    const { page, problems } = await openPage(context, `${server.url}index.html`);
    await waitReady(page);
    await page.locator('digest-search input').click();
    await page.keyboard.type('"open sou', { delay: 15 });
    await page.waitForFunction(() => {
      const root = document.querySelector('digest-search').shadowRoot;
      return root.querySelector('input').value === '"open sou' && root.querySelector('[role="option"]');
    }, null, { timeout: 5000 });
    const marks = await page.evaluate(() => [...document.querySelector('digest-search').shadowRoot
      .querySelectorAll('[role="option"] mark')].map((m) => m.textContent.toLowerCase()));
    assert.ok(marks.length > 0 && marks.every((t) => /^open.source$/.test(t)), JSON.stringify(marks));
    assert.deepEqual(problems, []);
  });
});
