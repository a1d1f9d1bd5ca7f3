// Dates, tags, facets and the sort switch of <digest-search>, over the 1k arXiv slice (dated,
// tagged entries). The test builds its own demo folder with the real CLI into a temp dir, so it
// always runs against the component.js the CLI embeds.
//
//   node --test tests/browser/facets.test.mjs   (after ./build.sh: needs target/release/digest-search)
//
// Env: SCREENSHOT_DIR (default target/screenshots), CHROMIUM (default /usr/bin/chromium).
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, rmSync, writeFileSync } from 'node:fs';
import { mkdir, readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { ARXIV_1K, REPO_ROOT, SCREENSHOT_DIR, buildSite, serve, launch, openPage, waitReady, screenshotContexts } from './helpers.mjs';

const require = createRequire(import.meta.url);
const QUERY = 'diffusion'; // one word: only full matches, dozens of them, several tags and years

let dir;
let browser;
let server;

before(async () => {
  dir = buildSite(ARXIV_1K, 'ds-facets-');
  for (const f of ['index.html', 'demo.css']) copyFileSync(path.join(REPO_ROOT, 'www', f), path.join(dir, f));
  browser = await launch();
  server = await serve(dir);
});

after(async () => {
  await browser?.close();
  await server?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** Everything these tests look at, read from the component's shadow root. */
function state(page) {
  return page.evaluate(() => {
    const el = document.querySelector('digest-search');
    const root = el.shadowRoot;
    const visible = (n) => !!n && !n.closest('[hidden]') && n.getClientRects().length > 0;
    const select = root.querySelector('.sort select');
    return {
      value: root.querySelector('input').value,
      total: Number(el.getAttribute('data-total')),
      status: root.querySelector('.status').textContent,
      facetsVisible: visible(root.querySelector('.facets')),
      chips: [...root.querySelectorAll('.chips button')].filter(visible).map((b) => ({
        kind: b.getAttribute('data-kind'), key: b.getAttribute('data-key'), pressed: b.getAttribute('aria-pressed'), text: b.textContent,
      })),
      years: [...root.querySelectorAll('.years button')].filter(visible).map((b) => ({
        key: b.getAttribute('data-key'), pressed: b.getAttribute('aria-pressed'),
      })),
      sortVisible: visible(root.querySelector('.sort')),
      sortValue: select ? select.value : null,
      relevanceDisabled: select ? select.querySelector('option[value="relevance"]').disabled : null,
      clearFiltersVisible: visible(root.querySelector('.clear-filters')),
      emptyVisible: visible(root.querySelector('.empty')),
      results: el.results.map((r) => ({ id: r.id, date: r.date, tags: r.tags, partial: r.partial })),
      options: [...root.querySelectorAll('[role="option"]')].map((o) => ({
        time: o.querySelector('.meta time') ? { text: o.querySelector('.meta time').textContent, datetime: o.querySelector('.meta time').getAttribute('datetime') } : null,
        tags: [...o.querySelectorAll('.meta .tag')].map((t) => ({ text: t.textContent, on: t.classList.contains('on') })),
      })),
      url: location.href,
    };
  });
}

async function open(context, query = '') {
  const { page, problems } = await openPage(context, `${server.url}index.html${query}`);
  await waitReady(page);
  return { page, problems };
}

const input = (page) => page.locator('digest-search input');
const tagChip = (page, key) => page.locator(`digest-search .chips button[data-kind="tag"][data-key="${key}"]`);
const yearBar = (page, key) => page.locator(`digest-search .years button[data-key="${key}"]`);
const hasTag = (r, tag) => r.tags.some((t) => t.toLowerCase() === tag.toLowerCase());
const params = (s) => new URL(s.url).searchParams;

function assertOrdered(dates, newestFirst, where) {
  for (let i = 1; i < dates.length; i++) {
    const ok = newestFirst ? dates[i - 1] >= dates[i] : dates[i - 1] <= dates[i];
    assert.ok(ok, `${where}: ${dates[i - 1]} then ${dates[i]} (${JSON.stringify(dates)})`);
  }
}

describe('dates, tags, facets and sort (arXiv slice, http)', () => {
  let context;
  let page;
  let problems;

  before(async () => {
    context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    ({ page, problems } = await open(context));
  });
  after(async () => { await context?.close(); });

  test('idle: the tag chips and the year histogram invite browsing; no sort yet', async () => {
    const s = await state(page);
    assert.ok(s.facetsVisible);
    const tags = s.chips.filter((c) => c.kind === 'tag');
    assert.ok(tags.length >= 3 && tags.length <= 8, `tag chips: ${JSON.stringify(tags)}`);
    assert.ok(tags.every((c) => c.pressed === 'false' && /\d/.test(c.text)), 'unpressed chips with counts');
    assert.ok(s.years.length >= 2 && s.years.length <= 10, `years: ${JSON.stringify(s.years)}`);
    const keys = s.years.map((y) => Number(y.key));
    assert.deepEqual(keys, [...keys].sort((a, b) => a - b), 'years run oldest to newest');
    assert.equal(s.sortVisible, false, 'nothing to sort before a search');
    assert.equal(s.clearFiltersVisible, false);
    assert.match(s.status, /1,000 entries/);
    assert.deepEqual(problems, []);
  });

  test('a result shows its date (formatted) and its tags as chips', async () => {
    await input(page).fill(QUERY);
    const s = await state(page);
    assert.ok(s.options.length > 0);
    const i = s.results.findIndex((r) => r.date && r.tags.length);
    assert.ok(i >= 0, 'a dated, tagged result');
    const { time, tags } = s.options[i];
    assert.ok(time, 'a <time> in the meta line');
    assert.equal(time.datetime, s.results[i].date);
    const expected = await page.evaluate((iso) => {
      const [y, m, d] = iso.split('-').map(Number);
      return new Intl.DateTimeFormat(document.documentElement.lang, { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' })
        .format(new Date(Date.UTC(y, m - 1, d)));
    }, s.results[i].date);
    assert.equal(time.text, expected);
    assert.notEqual(time.text, s.results[i].date, 'formatted, not the raw string');
    assert.ok(tags.length > 0);
    for (const t of tags.filter((x) => !x.text.startsWith('+'))) assert.ok(s.results[i].tags.includes(t.text), t.text);
    assert.ok(s.sortVisible, 'dated results: the sort switch shows');
    assert.equal(s.sortValue, 'relevance');
    assert.deepEqual(problems, []);
  });

  test('clicking a tag chip narrows the results to that tag; clicking it again restores them', async () => {
    await input(page).fill(QUERY);
    const before = await state(page);
    const chip = before.chips.find((c) => c.kind === 'tag' && c.pressed === 'false');
    assert.ok(chip, 'a tag chip to click');
    const count = Number(chip.text.replace(/\D+/g, ''));
    await tagChip(page, chip.key).click();
    const s = await state(page);
    assert.ok(s.total < before.total, `${s.total} < ${before.total}`);
    assert.equal(s.total, count, 'the count on the chip is what the filter gives');
    assert.ok(s.results.length > 0);
    for (const r of s.results) assert.ok(hasTag(r, chip.key), `${r.id} has ${chip.key}: ${r.tags}`);
    for (const o of s.options) assert.ok(o.tags.some((t) => t.on && t.text.toLowerCase() === chip.key.toLowerCase()), 'the filtered tag is marked on every result');
    const pressed = s.chips.filter((c) => c.pressed === 'true');
    assert.deepEqual(pressed.map((c) => c.key), [chip.key]);
    assert.match(pressed[0].text, /×/, 'an active filter shows as a removable chip');
    assert.ok(s.clearFiltersVisible);
    assert.deepEqual(params(s).getAll('tag'), [chip.key], 'the filter is in the URL');
    await tagChip(page, chip.key).click();
    const restored = await state(page);
    assert.equal(restored.total, before.total);
    assert.deepEqual(restored.results.map((r) => r.id), before.results.map((r) => r.id));
    assert.equal(restored.clearFiltersVisible, false);
    assert.deepEqual(params(restored).getAll('tag'), []);
    assert.deepEqual(problems, []);
  });

  test('a year bar keeps that year only; another year is one click away; "Clear filters" resets', async () => {
    await input(page).fill(QUERY);
    const before = await state(page);
    const year = before.years.filter((y) => y.key !== before.years[before.years.length - 1].key).pop()?.key
      || before.years[0].key;
    await yearBar(page, year).click();
    let s = await state(page);
    assert.ok(s.total > 0 && s.total < before.total, `${s.total} < ${before.total}`);
    for (const r of s.results) assert.ok(r.date && r.date.startsWith(year), `${r.id}: ${r.date} in ${year}`);
    assert.equal(s.years.find((y) => y.key === year).pressed, 'true');
    assert.ok(s.years.length > 1, 'the other years stay available');
    assert.ok(s.chips.some((c) => c.kind === 'year' && c.key === year && c.pressed === 'true'), 'the year is an active chip too');
    assert.equal(params(s).get('year'), year);
    const other = s.years.find((y) => y.key !== year).key;
    await yearBar(page, other).click();
    s = await state(page);
    for (const r of s.results) assert.ok(r.date.startsWith(other), `${r.id}: ${r.date} in ${other}`);
    // Tag + year together, then one click clears both.
    const tag = s.chips.find((c) => c.kind === 'tag' && c.pressed === 'false');
    if (tag) await tagChip(page, tag.key).click();
    await page.locator('digest-search .clear-filters').click();
    s = await state(page);
    assert.equal(s.total, before.total);
    assert.ok(s.chips.every((c) => c.pressed === 'false'));
    assert.equal(s.clearFiltersVisible, false);
    assert.equal(params(s).get('year'), null);
    assert.equal(await page.evaluate(() => document.querySelector('digest-search').shadowRoot.activeElement?.tagName), 'INPUT');
    assert.deepEqual(problems, []);
  });

  test('"Newest" orders the dates newest first, "Oldest" oldest first', async () => {
    await input(page).fill(QUERY);
    const relevance = await state(page);
    const select = page.locator('digest-search .sort select');
    await select.selectOption('newest');
    let s = await state(page);
    assert.equal(s.total, relevance.total, 'sorting keeps the same matches');
    const dated = (st) => st.results.filter((r) => !r.partial && r.date).map((r) => r.date);
    assert.ok(dated(s).length >= 5);
    assertOrdered(dated(s), true, 'newest');
    assert.notDeepEqual(s.results.map((r) => r.id), relevance.results.map((r) => r.id), 'the order changed');
    assert.equal(params(s).get('sort'), 'newest');
    await select.selectOption('oldest');
    s = await state(page);
    assertOrdered(dated(s), false, 'oldest');
    await select.selectOption('relevance');
    s = await state(page);
    assert.deepEqual(s.results.map((r) => r.id), relevance.results.map((r) => r.id));
    assert.equal(params(s).get('sort'), null);
    assert.deepEqual(problems, []);
  });

  test('an empty query with a tag filter lists that tag\'s entries, newest first (browsing)', async () => {
    await input(page).fill('');
    const idle = await state(page);
    assert.equal(idle.results.length, 0);
    const chip = idle.chips.find((c) => c.kind === 'tag');
    const count = Number(chip.text.replace(/\D+/g, ''));
    await tagChip(page, chip.key).click();
    const s = await state(page);
    assert.equal(s.value, '');
    assert.equal(s.total, count);
    assert.ok(s.options.length > 0, 'entries are listed');
    for (const r of s.results) assert.ok(hasTag(r, chip.key));
    assertOrdered(s.results.map((r) => r.date).filter(Boolean), true, 'browse');
    assert.match(s.status, new RegExp(`${count.toLocaleString('en')} results`));
    assert.ok(s.sortVisible);
    assert.equal(s.sortValue, 'newest', 'browsing has no relevance order');
    assert.equal(s.relevanceDisabled, true);
    // Arrow keys still walk the listed entries from the box.
    await input(page).focus();
    await page.keyboard.press('ArrowDown');
    assert.ok(await page.evaluate(() => document.querySelector('digest-search').shadowRoot.querySelector('input').getAttribute('aria-activedescendant')));
    await page.locator('digest-search .clear-filters').click();
    const cleared = await state(page);
    assert.equal(cleared.results.length, 0);
    assert.match(cleared.status, /entries/);
    assert.deepEqual(problems, []);
  });

  test('keyboard: chips are buttons with aria-pressed, toggled with Enter/Space, focus stays on them', async () => {
    await input(page).fill(QUERY);
    await input(page).focus();
    await page.keyboard.press('Tab'); // the clear-search button
    await page.keyboard.press('Tab'); // the first chip
    const focused = () => page.evaluate(() => {
      const a = document.querySelector('digest-search').shadowRoot.activeElement;
      return a ? { tag: a.tagName, kind: a.getAttribute('data-kind'), key: a.getAttribute('data-key'), pressed: a.getAttribute('aria-pressed'), outline: getComputedStyle(a).outlineStyle } : null;
    });
    let f = await focused();
    assert.equal(f.tag, 'BUTTON');
    assert.equal(f.kind, 'tag');
    assert.equal(f.pressed, 'false');
    assert.equal(f.outline, 'solid', 'a visible focus ring');
    const before = (await state(page)).total;
    await page.keyboard.press('Enter');
    f = await focused();
    assert.equal(f.pressed, 'true', 'focus stayed on the (re-rendered) chip, now pressed');
    assert.ok((await state(page)).total < before);
    await page.keyboard.press('Space');
    f = await focused();
    assert.equal(f.pressed, 'false');
    assert.equal((await state(page)).total, before);
    // The sort control is a native, labelled <select>.
    const sortLabel = await page.evaluate(() => {
      const root = document.querySelector('digest-search').shadowRoot;
      const sel = root.querySelector('.sort select');
      return sel.labels && sel.labels.length ? sel.labels[0].textContent : null;
    });
    assert.equal(sortLabel, 'Sort');
    assert.deepEqual(problems, []);
  });

  test('keyboard: each row of chips is one Tab stop; arrows, Home and End move within it', async () => {
    await input(page).fill(QUERY);
    await input(page).focus();
    const focused = () => page.evaluate(() => {
      const a = document.querySelector('digest-search').shadowRoot.activeElement;
      return a && a.matches('.facets button') ? { row: a.parentElement.className.split(' ')[0], index: [...a.parentElement.children].indexOf(a) } : null;
    });
    const tabStops = await page.evaluate(() => [...document.querySelector('digest-search').shadowRoot.querySelectorAll('.chips, .years')]
      .map((row) => [row.getAttribute('role'), row.querySelectorAll('button').length, row.querySelectorAll('button[tabindex="0"]').length]));
    for (const [role, buttons, stops] of tabStops) {
      assert.equal(role, 'toolbar');
      assert.ok(buttons >= 2, 'a row with a choice');
      assert.equal(stops, 1, 'one Tab stop per row');
    }
    await page.keyboard.press('Tab'); // the clear-search button
    await page.keyboard.press('Tab'); // the row of tags
    assert.deepEqual(await focused(), { row: 'chips', index: 0 });
    await page.keyboard.press('ArrowRight');
    assert.deepEqual(await focused(), { row: 'chips', index: 1 });
    await page.keyboard.press('End');
    const last = (await focused()).index;
    assert.equal(last, tabStops[0][1] - 1);
    await page.keyboard.press('ArrowRight'); // wraps around
    assert.deepEqual(await focused(), { row: 'chips', index: 0 });
    await page.keyboard.press('ArrowLeft');
    assert.deepEqual(await focused(), { row: 'chips', index: last });
    await page.keyboard.press('Tab'); // the row of years, at its one stop
    assert.equal((await focused()).row, 'years');
    await page.keyboard.press('Shift+Tab'); // back to the tag focused last
    assert.deepEqual(await focused(), { row: 'chips', index: last });
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab'); // out of the facets
    assert.equal(await focused(), null);
    assert.deepEqual(problems, []);
  });

  test('axe finds no accessibility violations (idle facets, filtered results)', async () => {
    await page.addScriptTag({ content: await readFile(require.resolve('axe-core/axe.min.js'), 'utf8') });
    const run = () => page.evaluate(async () => {
      const r = await window.axe.run(document, { resultTypes: ['violations'], preload: false });
      return r.violations.map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
    });
    await input(page).fill('');
    assert.deepEqual(await run(), [], 'idle');
    await input(page).fill(QUERY);
    const chip = (await state(page)).chips.find((c) => c.kind === 'tag');
    await tagChip(page, chip.key).click();
    assert.deepEqual(await run(), [], 'filtered');
    await tagChip(page, chip.key).click();
    assert.deepEqual(problems, []);
  });

  test('no console errors and no page errors', () => {
    assert.deepEqual(problems, []);
  });
});

describe('switches and URL (arXiv slice, http)', () => {
  test('no-facets, no-sort, no-dates and no-tags each hide their part', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    try {
      const { page, problems } = await open(context);
      await input(page).fill(QUERY);
      const full = await state(page);
      assert.ok(full.facetsVisible && full.sortVisible);
      assert.ok(full.options.some((o) => o.time) && full.options.some((o) => o.tags.length));
      const set = (name, on) => page.evaluate(([n, v]) => document.querySelector('digest-search').toggleAttribute(n, v), [name, on]);

      await set('no-dates', true);
      let s = await state(page);
      assert.ok(s.options.every((o) => !o.time), 'no dates');
      assert.ok(s.options.some((o) => o.tags.length) && s.facetsVisible && s.sortVisible, 'the rest stays');
      await set('no-tags', true);
      s = await state(page);
      assert.ok(s.options.every((o) => !o.tags.length), 'no tag chips on results');
      await set('no-sort', true);
      s = await state(page);
      assert.equal(s.sortVisible, false);
      assert.ok(s.facetsVisible);

      // A filter, then no-facets: the rows go, and so does the filter (nothing could remove it).
      const chip = s.chips.find((c) => c.kind === 'tag');
      await tagChip(page, chip.key).click();
      assert.ok((await state(page)).total < full.total);
      await set('no-facets', true);
      s = await state(page);
      assert.equal(s.facetsVisible, false);
      assert.equal(s.clearFiltersVisible, false);
      assert.equal(s.total, full.total);
      await input(page).fill('');
      s = await state(page);
      assert.equal(s.facetsVisible, false, 'no facets when idle either');
      assert.equal(s.results.length, 0);

      for (const n of ['no-dates', 'no-tags', 'no-sort', 'no-facets']) await set(n, false);
      await input(page).fill(QUERY);
      s = await state(page);
      assert.ok(s.facetsVisible && s.sortVisible && s.options.some((o) => o.time) && s.options.some((o) => o.tags.length));
      assert.ok(s.chips.some((c) => c.pressed === 'true'), 'the filter comes back with the facets');
      assert.deepEqual(problems, []);
    } finally {
      await context.close();
    }
  });

  test('the sort switch hides itself when no result has a date; no facets without tags or years', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    try {
      const { page, problems } = await open(context);
      const s = await page.evaluate(() => {
        const results = [1, 2, 3].map((i) => ({
          id: `u${i}`, title: `undated ${i}`, url: null, urls: [], date: null, authors: [], tags: [], score: 1, partial: false,
          titleHighlights: [], snippet: { text: 'text', highlights: [] },
        }));
        const el = document.querySelector('digest-search');
        el.index = { info: () => ({ entries: 3 }), search: () => ({ total: 3, results, facets: { tags: {}, years: {} } }) };
        el.value = 'undated';
        const root = el.shadowRoot;
        const visible = (n) => !!n && !n.closest('[hidden]') && n.getClientRects().length > 0;
        return { options: root.querySelectorAll('[role="option"]').length, sort: visible(root.querySelector('.sort')), facets: visible(root.querySelector('.facets')) };
      });
      assert.deepEqual(s, { options: 3, sort: false, facets: false });
      assert.deepEqual(problems, []);
    } finally {
      await context.close();
    }
  });

  test('sync-url: filters and sort are restored from the URL and on back/forward', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    try {
      const { page, problems } = await open(context, '?tag=cs.LG&year=2025&sort=oldest');
      await page.waitForFunction(() => document.querySelector('digest-search').results.length > 0);
      let s = await state(page);
      assert.equal(s.value, '');
      assert.ok(s.results.length > 0);
      for (const r of s.results) assert.ok(hasTag(r, 'cs.LG') && r.date.startsWith('2025'), `${r.id} ${r.date} ${r.tags}`);
      assertOrdered(s.results.map((r) => r.date), false, 'oldest from the URL');
      assert.deepEqual(s.chips.filter((c) => c.pressed === 'true').map((c) => `${c.kind}:${c.key}`), ['tag:cs.LG', 'year:2025']);
      assert.equal(s.sortValue, 'oldest');

      await page.evaluate(() => {
        history.pushState(null, '', '?q=diffusion&tag=cs.CV');
        history.pushState(null, '', '?q=transformer');
        history.back();
      });
      await page.waitForFunction(() => document.querySelector('digest-search').value === 'diffusion');
      s = await state(page);
      assert.deepEqual(s.chips.filter((c) => c.pressed === 'true').map((c) => c.key), ['cs.CV']);
      for (const r of s.results) assert.ok(hasTag(r, 'cs.CV'));
      assert.equal(s.sortValue, 'relevance');
      // A hostile or malformed URL is ignored, not run.
      await page.evaluate(() => {
        history.pushState(null, '', '?tag=%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E&year=20x5&sort=bogus');
        history.pushState(null, '', '?');
        history.back();
      });
      await page.waitForFunction(() => (document.querySelector('digest-search').filters.tags[0] || '').startsWith('<img'));
      s = await state(page);
      assert.deepEqual(await page.evaluate(() => {
        const el = document.querySelector('digest-search');
        return { year: el.filters.year, sort: el.sort };
      }), { year: null, sort: 'relevance' });
      assert.ok(s.chips.some((c) => c.pressed === 'true' && c.key.startsWith('<img')), 'the tag shows as text in its chip');
      assert.equal(await page.evaluate(() => document.querySelector('digest-search').shadowRoot.querySelectorAll('img').length), 0);
      assert.ok(s.emptyVisible, 'nothing carries that tag: the no-matches message shows');
      assert.deepEqual(problems, []);
    } finally {
      await context.close();
    }
  });

  test('script API: el.filters and el.sort', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    try {
      const { page, problems } = await open(context);
      const out = await page.evaluate(() => {
        const el = document.querySelector('digest-search');
        el.filters = { tags: ['CS.lg', 'cs.lg', 42], year: 2025 }; // case-insensitive, deduplicated
        el.sort = 'oldest';
        return { filters: el.filters, sort: el.sort, results: el.results.map((r) => ({ date: r.date, tags: r.tags })) };
      });
      assert.deepEqual(out.filters, { tags: ['CS.lg'], year: '2025' });
      assert.equal(out.sort, 'oldest');
      assert.ok(out.results.length > 0);
      for (const r of out.results) assert.ok(hasTag(r, 'cs.LG') && r.date.startsWith('2025'));
      assertOrdered(out.results.map((r) => r.date), false, 'el.sort = "oldest"');
      const s = await state(page);
      assert.deepEqual(s.chips.filter((c) => c.pressed === 'true').map((c) => c.key), ['CS.lg', '2025']);
      assert.deepEqual(params(s).getAll('tag'), ['CS.lg']);
      assert.equal(params(s).get('sort'), 'oldest');
      assert.deepEqual(problems, []);
    } finally {
      await context.close();
    }
  });

  test('resized from wide to narrow and back, the facet rows are fitted again', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    try {
      const { page, problems } = await open(context);
      const rows = () => page.evaluate(() => {
        const root = document.querySelector('digest-search').shadowRoot;
        const chips = [...root.querySelectorAll('.chips button')];
        const years = root.querySelector('.years');
        const last = [...years.querySelectorAll('button')].pop().getBoundingClientRect();
        const r = years.getBoundingClientRect();
        return { chips: chips.length, lines: new Set(chips.map((b) => b.offsetTop)).size, newestInView: last.right <= r.right + 1 && last.left >= r.left - 1 };
      });
      const wide = await rows();
      assert.equal(wide.lines, 1, `one line of chips: ${JSON.stringify(wide)}`);
      await page.setViewportSize({ width: 320, height: 700 });
      await page.waitForTimeout(300);
      const narrow = await rows();
      assert.ok(narrow.newestInView, `at 320 px the newest year is in view: ${JSON.stringify(narrow)}`);
      await page.setViewportSize({ width: 1280, height: 900 });
      await page.waitForTimeout(300);
      assert.deepEqual(await rows(), wide, 'back at 1280 px, as first rendered');
      assert.deepEqual(problems, []);
    } finally {
      await context.close();
    }
  });

  test('typing on, facet rows built the same as those shown keep their buttons, and show what a page opened anew shows', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    try {
      const { page, problems } = await open(context);
      // Each keystroke: the rows' markup, and whether every button is one seen at the keystroke before.
      const rows = () => page.evaluate(() => {
        const buttons = [...document.querySelector('digest-search').shadowRoot.querySelectorAll('.facets button')];
        const kept = buttons.length > 0 && buttons.every((b) => b.seen);
        for (const b of buttons) b.seen = true;
        return { markup: buttons.map((b) => b.outerHTML).join(''), kept };
      });
      let before = (await rows()).markup;
      let same = 0;
      await input(page).focus();
      for (const ch of 'diffusion models') {
        await page.keyboard.type(ch);
        await page.waitForTimeout(250);
        const now = await rows();
        if (now.markup === before && now.markup) {
          same++;
          assert.ok(now.kept, `at "${ch}", rows the same as before keep their buttons`);
        } else if (now.markup) assert.ok(!now.kept, `at "${ch}", rows that changed are built anew`);
        before = now.markup;
      }
      assert.ok(same > 0, 'some keystrokes leave the rows as they were');
      const fresh = await open(context);
      await input(fresh.page).fill('diffusion models');
      await fresh.page.waitForTimeout(400);
      assert.equal((await fresh.page.evaluate(() => [...document.querySelector('digest-search').shadowRoot.querySelectorAll('.facets button')].map((b) => b.outerHTML).join(''))), before);
      assert.deepEqual([...problems, ...fresh.problems], []);
    } finally {
      await context.close();
    }
  });

  test('a new order after Escape closed the list opens it again', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const { page, problems } = await open(context);
    await input(page).fill(QUERY);
    await page.waitForFunction(() => document.querySelector('digest-search').results.length > 0);
    await input(page).press('Escape');
    const expanded = () => page.evaluate(() => document.querySelector('digest-search').shadowRoot.querySelector('input').getAttribute('aria-expanded'));
    assert.equal(await expanded(), 'false');
    await page.locator('digest-search .sort select').selectOption('newest');
    await page.waitForFunction(() => document.querySelector('digest-search').sort === 'newest');
    assert.equal(await expanded(), 'true');
    assert.equal((await state(page)).sortValue, 'newest');
    assert.deepEqual(problems, []);
    await context.close();
  });

  test('counts are written in the page\'s language, as dates are', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'de-DE' });
    try {
      const { page } = await open(context);
      // The demo page says lang="en": 1,000 entries, not the browser's 1.000.
      await page.waitForFunction(() => /\d/.test(document.querySelector('digest-search').shadowRoot.querySelector('.status').textContent));
      const status = await page.evaluate(() => document.querySelector('digest-search').shadowRoot.querySelector('.status').textContent);
      assert.match(status, /1,000/);
      await page.evaluate(() => document.documentElement.setAttribute('lang', 'de'));
      await input(page).fill('model');
      await page.waitForFunction(() => /\d/.test(document.querySelector('digest-search').shadowRoot.querySelector('.status').textContent));
      const total = await page.evaluate(() => Number(document.querySelector('digest-search').getAttribute('data-total')));
      const shown = await page.evaluate(() => document.querySelector('digest-search').shadowRoot.querySelector('.status').textContent);
      assert.ok(shown.includes(total.toLocaleString('de')), `${shown} (${total})`);
      // One result too: in Persian, `۱ result` (its label given, as a Persian page would), as the
      // count heard and any other count are written, not a Latin 1.
      await page.evaluate(() => {
        document.documentElement.setAttribute('lang', 'fa');
        document.querySelector('digest-search').setAttribute('label-results-one', 'یک نتیجه ({n})');
      });
      await input(page).fill('soundreactor');
      await page.waitForFunction(() => document.querySelector('digest-search').getAttribute('data-total') === '1');
      const one = await page.evaluate(() => document.querySelector('digest-search').shadowRoot.querySelector('.status').textContent);
      assert.equal(one, `یک نتیجه (${(1).toLocaleString('fa')})`);
      assert.notEqual((1).toLocaleString('fa'), '1', 'Persian writes its own digits');
    } finally {
      await context.close();
    }
  });

  test('the number and date formatters are made once each while the page is idle, none as results show', async () => {
    // A page's first Intl formatter loads its language's data (tens of milliseconds on a slow
    // phone): the widget makes its number formatter while the wasm is on its way, and its date
    // formatter before the first results, and reuses both.
    writeFileSync(path.join(dir, 'module.html'), '<!doctype html><html lang="en"><meta charset="utf-8"><title>module</title>'
      + '<script type="module" src="digest-search.js"></script><digest-search></digest-search></html>');
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    try {
      await context.addInitScript(() => {
        const made = { NumberFormat: [], DateTimeFormat: [], toLocaleString: 0 };
        window.__made = made;
        const when = () => (document.querySelector('digest-search')?.shadowRoot?.querySelector('[role="option"]') ? 'results'
          : window.__ready ? 'ready' : 'loading');
        for (const name of ['NumberFormat', 'DateTimeFormat']) {
          Intl[name] = new Proxy(Intl[name], { construct(T, args) { made[name].push(when()); return new T(...args); } });
        }
        const toLocaleString = Number.prototype.toLocaleString;
        Number.prototype.toLocaleString = function (...args) { made.toLocaleString++; return toLocaleString.apply(this, args); };
        document.addEventListener('digest-search:ready', () => { window.__ready = true; });
      });
      // The wasm arrives 500 ms late, as over a slow network: the page is idle meanwhile.
      await context.route('**/digest-search.wasm', async (route) => {
        await new Promise((resolve) => setTimeout(resolve, 500));
        await route.continue();
      });
      const { page, problems } = await openPage(context, `${server.url}module.html`);
      await waitReady(page);
      const made = () => page.evaluate(() => window.__made);
      assert.deepEqual((await made()).NumberFormat, ['loading'], 'the number formatter, made while the wasm was on its way');
      await page.waitForFunction(() => window.__made.DateTimeFormat.length > 0, null, { timeout: 5000 });
      assert.deepEqual((await made()).DateTimeFormat, ['ready'], 'the date formatter, made once ready and before any result');
      for (const q of [QUERY, 'model', 'graph']) {
        await input(page).fill(q);
        await page.waitForFunction((v) => {
          const root = document.querySelector('digest-search').shadowRoot;
          return root.querySelector('input').value === v && root.querySelector('[role="option"] .meta time');
        }, q);
      }
      const s = await state(page);
      assert.match(s.status, new RegExp(`^${s.total.toLocaleString('en')} results`));
      assert.ok(s.chips.length > 0 && s.options.some((o) => o.time), 'counts on chips and dates shown');
      assert.deepEqual(await made(), { NumberFormat: ['loading'], DateTimeFormat: ['ready'], toLocaleString: 0 });
      assert.deepEqual(problems, []);
    } finally {
      await context.close();
    }
  });

  test('390 px: the facet rows fit (the chip row scrolls inside itself), nothing overflows', async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    try {
      const { page, problems } = await open(context);
      for (const q of ['', QUERY]) {
        await input(page).fill(q);
        const layout = await page.evaluate(() => {
          const el = document.querySelector('digest-search');
          const root = el.shadowRoot;
          const box = (sel) => { const n = root.querySelector(sel); const r = n.getBoundingClientRect(); return { right: r.right, scroll: n.scrollWidth, client: n.clientWidth }; };
          return {
            viewport: document.documentElement.clientWidth,
            page: document.documentElement.scrollWidth,
            host: { scroll: el.scrollWidth, client: el.clientWidth },
            chips: box('.chips'),
            years: box('.years'),
            bar: box('.bar'),
          };
        });
        const where = `q=${JSON.stringify(q)}: ${JSON.stringify(layout)}`;
        assert.ok(layout.page <= layout.viewport + 1, where);
        assert.ok(layout.host.scroll <= layout.host.client + 1, where);
        for (const k of ['chips', 'years', 'bar']) assert.ok(layout[k].right <= layout.viewport + 1, `${k} sticks out: ${where}`);
        assert.ok(layout.years.scroll <= layout.years.client + 1, `the year histogram fits: ${where}`);
      }
      assert.deepEqual(problems, []);
    } finally {
      await context.close();
    }
  });

  test('320 px: a year row too wide scrolls to the newest year (or the one picked), fading where more hide', async () => {
    const context = await browser.newContext({ viewport: { width: 320, height: 700 }, isMobile: true, hasTouch: true });
    try {
      const { page, problems } = await open(context);
      const row = () => page.evaluate(() => {
        const root = document.querySelector('digest-search').shadowRoot;
        const years = root.querySelector('.years');
        const r = years.getBoundingClientRect();
        const inside = (b) => { const x = b.getBoundingClientRect(); return x.left >= r.left - 1 && x.right <= r.right + 1; };
        const buttons = [...years.querySelectorAll('button')];
        const pressed = buttons.find((b) => b.getAttribute('aria-pressed') === 'true');
        return {
          hidden: years.hidden || !years.getClientRects().length,
          overflows: years.scrollWidth > years.clientWidth + 1,
          keys: buttons.map((b) => b.dataset.key),
          lastVisible: buttons.length > 0 && inside(buttons[buttons.length - 1]),
          pressed: pressed ? pressed.dataset.key : null,
          pressedVisible: pressed ? inside(pressed) : null,
          fadeStart: years.classList.contains('overflows-start'),
          kbdShown: root.querySelector('.kbd').getClientRects().length > 0,
        };
      });
      let state = await row();
      assert.equal(state.kbdShown, false, 'no "/" hint on a touch screen');
      assert.ok(!state.hidden && state.overflows, `this slice has more years than fit in 320 px: ${JSON.stringify(state)}`);
      assert.ok(state.keys.length >= 2);
      assert.ok(state.lastVisible, `the newest year is in view: ${JSON.stringify(state)}`);
      assert.ok(state.fadeStart, 'a fade says older years hide to the left');
      // Pick the oldest year (scrolled into view first, as a finger would): it stays in view.
      const oldest = state.keys[0];
      await page.evaluate(() => { document.querySelector('digest-search').shadowRoot.querySelector('.years').scrollLeft = 0; });
      await page.locator(`digest-search .years button[data-key="${oldest}"]`).click();
      await page.waitForFunction((k) => document.querySelector('digest-search').shadowRoot
        .querySelector(`.years button[data-key="${k}"]`)?.getAttribute('aria-pressed') === 'true', oldest);
      state = await row();
      assert.equal(state.pressed, oldest);
      assert.ok(state.pressedVisible, `the year picked stays in view: ${JSON.stringify(state)}`);
      assert.deepEqual(problems, []);
    } finally {
      await context.close();
    }
  });
});

describe('facet screenshots (not asserted)', () => {
  const shots = screenshotContexts(900);
  for (const { name, ...options } of shots) {
    test(name, async () => {
      await mkdir(SCREENSHOT_DIR, { recursive: true });
      const context = await browser.newContext(options);
      try {
        const { page, problems } = await open(context);
        const shot = (what) => page.screenshot({ path: path.join(SCREENSHOT_DIR, `facets-${name}-${what}.png`) });
        await shot('idle');
        await input(page).fill(QUERY);
        await shot('results');
        const tag = (await state(page)).chips.find((c) => c.kind === 'tag');
        await tagChip(page, tag.key).click();
        await shot('filtered');
        await input(page).fill('');
        await yearBar(page, '2025').click();
        await page.evaluate(() => document.activeElement && document.activeElement.blur());
        await shot('browse');
        assert.deepEqual(problems, []);
      } finally {
        await context.close();
      }
    });
  }
});
