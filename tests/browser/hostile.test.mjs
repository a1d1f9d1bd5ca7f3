// Hostile entry content, end to end: a JSON Lines feed full of markup, script payloads,
// javascript:/data: links, HTML entities, 5,000-character words, RTL text and emoji is built
// with the real CLI, put beside the demo page, and searched in headless Chromium (over http,
// with a strict Content-Security-Policy, and from file://). Nothing may run, markup must show as
// text, only http(s)/relative links may become links, and the layout must hold at 390 px.
//
//   node --test tests/browser/hostile.test.mjs   (after ./build.sh: needs target/release/digest-search
//                                                 and target/demo/index.html)
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { CLI, DEMO_DIR, serve, launch, openPage, waitReady } from './helpers.mjs';

const PWN = 'window.__pwned=1';
const LONG_WORD = `Pneumono${'x'.repeat(5000)}osis`;
// A tag too long to filter by (over 200 characters): no facet chip offers it.
const LONG_TAG = `${'a tag far too long '.repeat(11)}end`;
const CSP = "default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; " +
  "img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

// Every entry has "hostile" in its title (one query shows them all) and a word of its own.
const ENTRIES = [
  { id: 'script', title: `hostile alpha <script>${PWN}</script> title`, abstract: `<script>${PWN}</script> alpha abstract`, url: `javascript:${PWN}` },
  { id: 'img', title: `hostile bravo <img src=x onerror="${PWN}"> title`, abstract: `<img src=x onerror=${PWN}> <svg onload=${PWN}></svg> bravo`, url: `data:text/html,<script>${PWN}</script>` },
  { id: 'entities', title: 'hostile charlie &lt;b&gt;bold&lt;/b&gt; &amp; &#60;i&#62; title', abstract: 'charlie &lt;script&gt;alert(1)&lt;/script&gt; &quot;quoted&quot;', url: ` \tJaVa\nScRiPt:${PWN}` },
  { id: 'iframe', title: `hostile delta <iframe src="javascript:${PWN}"></iframe><a href="javascript:${PWN}">click</a>`, abstract: `delta <form action="javascript:${PWN}"><button>go</button></form> <style>*{display:none}</style>`, url: 'vbscript:msgbox(1)' },
  { id: 'authors', title: 'hostile echo authors', abstract: 'echo', url: 'https://example.org/echo?a=<b>&c="d"', authors: [`<b onmouseover="${PWN}">Mallory</b>`, `Eve"><script>${PWN}</script>`, '<img src=x onerror=alert(1)>'], tags: ['<i>tag</i>'] },
  { id: 'long', title: `hostile foxtrot ${LONG_WORD} title`, abstract: `foxtrot ${LONG_WORD} ${'y'.repeat(5000)} end`, url: 'papers/foxtrot.html' },
  { id: 'rtl', title: 'hostile golf \u202Eevil.exe\u202C שלום עולם مرحبا بالعالم', abstract: 'golf \u202Dتجربة\u202C עברית mixed with English \u200F\u200E', url: 'https://example.org/golf', tags: [LONG_TAG] },
  { id: 'emoji', title: 'hostile hotel 👩‍👩‍👧‍👦 🏳️‍🌈 🇺🇳 e\u0301\u0301\u0301 Z̷̢̛a̵̡l̶g̷o̸', abstract: `hotel ${'🙂'.repeat(600)} zalgo`, url: 'http://example.org/hotel', tags: [LONG_TAG] },
  { id: 'mixed', title: 'hostile india " onmouseover=\'' + PWN + '\' x="', abstract: `india \`\${${PWN}}\` {{constructor.constructor('${PWN}')()}}`, url: '//example.org/india' },
  // A flood of combining marks (drawn far above and below its line) and a right-to-left
  // override in an author's name, followed by two tags.
  { id: 'marks', title: `hostile juliet a${'\u0301'.repeat(3000)}`, abstract: 'juliet', url: 'https://example.org/juliet', authors: ['Mallory \u202Efdp.exe'], tags: ['cs.LG', 'safe-tag'] },
];
// The titles the builder reads as HTML (an end tag, or a character reference), as a feed's:
// what the page must show, as text (the others show as written). The markup that is left, or
// that decoding makes (`<b>bold</b>`, `<script>alert(1)</script>`), must stay text too.
const SHOWN_TITLE = {
  script: 'hostile alpha title',
  entities: 'hostile charlie <b>bold</b> & <i> title',
  iframe: 'hostile delta click',
};
// What each entry's link must be in the page: null = not a link.
const EXPECTED_HREF = {
  script: null, img: null, entities: null, iframe: null,
  authors: 'https://example.org/echo?a=<b>&c="d"', long: 'papers/foxtrot.html',
  rtl: 'https://example.org/golf', emoji: 'http://example.org/hotel', mixed: '//example.org/india',
  marks: 'https://example.org/juliet',
};

let dir;
let browser;
let server;
let cspServer;

before(async () => {
  for (const f of [CLI, path.join(DEMO_DIR, 'index.html'), path.join(DEMO_DIR, 'demo.css')]) {
    assert.ok(existsSync(f), `${f} is missing: run ./build.sh first`);
  }
  dir = mkdtempSync(path.join(os.tmpdir(), 'ds-hostile-'));
  const feed = path.join(dir, 'hostile.jsonl');
  writeFileSync(feed, ENTRIES.map((e) => JSON.stringify(e)).join('\n') + '\n');
  const r = spawnSync(CLI, ['build', feed, '--out', dir], { encoding: 'utf8' });
  assert.equal(r.status, 0, `build failed: ${r.stderr}`);
  // The builder warns about the links the widget will not follow.
  assert.match(r.stderr, /field `url`: `javascript:window\.__pwned=1` is not an http\(s\) or relative link/);
  for (const f of ['index.html', 'demo.css']) copyFileSync(path.join(DEMO_DIR, f), path.join(dir, f));
  browser = await launch();
  server = await serve(dir);
  cspServer = await serve(dir, { headers: { 'content-security-policy': CSP } });
});

after(async () => {
  await browser?.close();
  await server?.close();
  await cspServer?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** Opens the page at 390 px, records dialogs and CSP violations, waits for the index. */
async function open(url) {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
  const { page, problems } = await openPage(context, url);
  const dialogs = [];
  page.on('dialog', async (d) => {
    dialogs.push(`${d.type()}: ${d.message()}`);
    await d.dismiss();
  });
  await page.evaluate(() => {
    window.__csp = [];
    document.addEventListener('securitypolicyviolation', (e) => window.__csp.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  await waitReady(page);
  return { context, page, problems, dialogs };
}

async function search(page, q) {
  await page.evaluate((query) => { document.querySelector('digest-search').value = query; }, q);
  await page.waitForFunction((query) => {
    const el = document.querySelector('digest-search');
    return el.shadowRoot.querySelector('input').value === query && el.getAttribute('data-total') !== null;
  }, q);
}

/** Everything the checks need, read from the component's shadow root. */
function snapshot(page) {
  return page.evaluate(() => {
    const el = document.querySelector('digest-search');
    const root = el.shadowRoot;
    const list = root.querySelector('[role="listbox"]');
    const options = [...root.querySelectorAll('[role="option"]')];
    return {
      pwned: typeof window.__pwned,
      csp: window.__csp,
      injected: [...root.querySelectorAll('[role="listbox"] *')]
        .map((n) => n.tagName.toLowerCase())
        .filter((t) => !['a', 'div', 'span', 'mark', 'time', 'bdi'].includes(t)),
      handlers: [...root.querySelectorAll('[role="listbox"] *')].flatMap((n) => [...n.attributes].map((a) => a.name)).filter((a) => a.startsWith('on')),
      options: options.map((o) => ({
        tag: o.tagName,
        href: o.getAttribute('href'),
        text: o.textContent,
        title: o.querySelector('.title')?.textContent ?? '',
      })),
      layout: {
        viewport: document.documentElement.clientWidth,
        page: document.documentElement.scrollWidth,
        host: { scroll: el.scrollWidth, client: el.clientWidth },
        list: { scroll: list.scrollWidth, client: list.clientWidth, right: list.getBoundingClientRect().right },
        worst: options.map((o) => ({ id: o.id, scroll: o.scrollWidth, client: o.clientWidth, right: o.getBoundingClientRect().right }))
          .sort((a, b) => (b.scroll - b.client) - (a.scroll - a.client))[0],
      },
    };
  });
}

function entryOf(option) {
  return ENTRIES.find((e) => option.title.includes(e.title.split(' ')[1]));
}

function checkSnapshot(s, where) {
  assert.equal(s.pwned, 'undefined', `${where}: a payload ran`);
  assert.deepEqual(s.injected, [], `${where}: markup from entries became elements`);
  assert.deepEqual(s.handlers, [], `${where}: event handler attributes in the results`);
  // Layout: no horizontal overflow at 390 px, in the page, the component, the list, any result.
  const { layout } = s;
  assert.ok(layout.page <= layout.viewport + 1, `${where}: the page overflows: ${JSON.stringify(layout)}`);
  assert.ok(layout.host.scroll <= layout.host.client + 1, `${where}: the component overflows: ${JSON.stringify(layout)}`);
  assert.ok(layout.list.scroll <= layout.list.client + 1, `${where}: the results list overflows: ${JSON.stringify(layout)}`);
  assert.ok(layout.list.right <= layout.viewport + 1, `${where}: the results list sticks out: ${JSON.stringify(layout)}`);
  if (layout.worst) assert.ok(layout.worst.scroll <= layout.worst.client + 1, `${where}: a result overflows: ${JSON.stringify(layout.worst)}`);
}

function checkEntries(s, where) {
  assert.equal(s.options.length, ENTRIES.length, `${where}: every hostile entry is found`);
  for (const o of s.options) {
    const e = entryOf(o);
    assert.ok(e, `${where}: unknown result ${o.title.slice(0, 80)}`);
    // Markup and entities show as the literal text of the entry, as the builder read it.
    assert.equal(o.title, SHOWN_TITLE[e.id] ?? e.title, `${where}: the title of ${e.id} is shown as text`);
    const want = EXPECTED_HREF[e.id];
    if (want === null) {
      assert.equal(o.tag, 'DIV', `${where}: ${e.id} (${JSON.stringify(e.url)}) must not be a link`);
      assert.equal(o.href, null);
    } else {
      assert.equal(o.tag, 'A', `${where}: ${e.id} is a link`);
      assert.equal(o.href, want, `${where}: ${e.id}'s link`);
    }
    if (o.href !== null) assert.match(o.href, /^(https?:|\/\/|[^:]*$)/i, `${where}: only http(s) and relative links`);
  }
  const byId = Object.fromEntries(s.options.map((o) => [entryOf(o).id, o]));
  assert.ok(!byId.script.text.includes('__pwned'), 'a script in HTML is left out');
  assert.match(byId.entities.text, /charlie <script>alert\(1\)<\/script> "quoted"/, 'entities are decoded once, into text');
  assert.match(byId.img.title, /<img src=x onerror="window\.__pwned=1">/);
  assert.match(byId.authors.text, /<b onmouseover="window\.__pwned=1">Mallory<\/b>/);
  assert.ok(byId.long.title.includes(LONG_WORD), 'the 5,000-character word is shown whole');
  assert.ok(byId.rtl.title.includes('שלום עולם') && byId.emoji.title.includes('👩‍👩‍👧‍👦'));
}

const modes = {
  http: () => `${server.url}index.html`,
  'http with a strict CSP': () => `${cspServer.url}index.html`,
  file: () => pathToFileURL(path.join(dir, 'index.html')).href,
};

for (const [mode, url] of Object.entries(modes)) {
  describe(`hostile entries over ${mode}`, () => {
    let ctx;
    before(async () => { ctx = await open(url()); });
    after(async () => { await ctx?.context.close(); });

    test('all results: markup is text, only safe links, no overflow at 390 px', async () => {
      await search(ctx.page, 'hostile');
      const s = await snapshot(ctx.page);
      checkSnapshot(s, mode);
      checkEntries(s, mode);
      assert.deepEqual(s.csp, [], `${mode}: CSP violations (something tried to run)`);
    });

    test('combining marks stay in their result; a right-to-left override stays in its name', async () => {
      await search(ctx.page, 'juliet');
      const got = await ctx.page.evaluate(() => {
        const root = document.querySelector('digest-search').shadowRoot;
        const option = root.querySelector('[role="option"]');
        const tags = [...option.querySelectorAll('.tag')].map((t) => [t.textContent, t.getBoundingClientRect().left]);
        return { clip: getComputedStyle(option).overflowY, tags };
      });
      assert.equal(got.clip, 'hidden', `${mode}: marks drawn past a result are clipped to it`);
      assert.deepEqual(got.tags.map((t) => t[0]), ['cs.LG', 'safe-tag']);
      assert.ok(got.tags[0][1] < got.tags[1][1], `${mode}: the tags keep their order left to right: ${JSON.stringify(got.tags)}`);
    });

    test('each entry on its own, highlighted, and the long words', async () => {
      for (const word of ['alpha', 'bravo', 'charlie', 'delta', 'echo', 'foxtrot', 'golf', 'hotel', 'india', 'script', 'onerror', 'pneumono', 'mallory', 'שלום']) {
        await search(ctx.page, word);
        const s = await snapshot(ctx.page);
        checkSnapshot(s, `${mode} "${word}"`);
        assert.ok(s.options.length >= 1, `${mode}: "${word}" finds something`);
      }
    });

    test('facet chips: the markup tag as text, none for a tag too long to filter by', async () => {
      await search(ctx.page, '');
      const chips = await ctx.page.evaluate(() => [...document.querySelector('digest-search').shadowRoot.querySelectorAll('.chips button')]
        .map((b) => [b.getAttribute('data-key'), b.textContent]));
      assert.ok(chips.some(([key, text]) => key === '<i>tag</i>' && text.startsWith('<i>tag</i>')), JSON.stringify(chips));
      assert.ok(!chips.some(([key]) => key.length > 200), JSON.stringify(chips));
    });

    test('choosing a result with a javascript: or data: link runs nothing', async () => {
      const before = ctx.page.url();
      for (const word of ['alpha', 'bravo', 'charlie', 'delta']) {
        await search(ctx.page, word);
        const input = ctx.page.locator('digest-search input');
        await input.focus();
        await ctx.page.keyboard.press('ArrowDown');
        await ctx.page.keyboard.press('Enter');
        await ctx.page.locator('digest-search [role="option"]').first().click();
        await ctx.page.locator('digest-search [role="option"]').first().hover();
      }
      await ctx.page.waitForTimeout(200);
      assert.equal(ctx.page.url().split('?')[0], before.split('?')[0], 'no navigation');
      assert.equal(await ctx.page.evaluate(() => typeof window.__pwned), 'undefined');
      assert.deepEqual(ctx.dialogs, []);
      assert.deepEqual(ctx.problems, []);
    });
  });
}

test('a hostile ?q= is shown as text and runs nothing', async () => {
  const q = `<img src=x onerror="${PWN};alert(1)"><script>${PWN}</script>`;
  const { context, page, problems, dialogs } = await open(`${cspServer.url}index.html?q=${encodeURIComponent(q)}`);
  try {
    await page.waitForFunction((query) => document.querySelector('digest-search').shadowRoot.querySelector('input').value === query, q);
    const s = await snapshot(page);
    checkSnapshot(s, '?q=');
    const shown = await page.evaluate(() => {
      const root = document.querySelector('digest-search').shadowRoot;
      return { empty: root.querySelector('.empty')?.textContent ?? '', elements: root.querySelectorAll('.empty img, .empty script, .status img').length };
    });
    assert.equal(shown.elements, 0);
    assert.ok(shown.empty.includes('<img src=x onerror=') || s.options.length > 0, JSON.stringify(shown));
    assert.deepEqual(dialogs, []);
    assert.deepEqual(await page.evaluate(() => window.__csp), []);
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});
