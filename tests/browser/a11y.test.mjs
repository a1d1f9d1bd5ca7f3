// What a screen-reader or keyboard user meets in <digest-search>, from an accessibility audit
// (WAI-ARIA's combobox pattern, WCAG 2.2), read from Chromium's accessibility tree (CDP) and the
// live region: a failed load keeps the focus in the box and is said once (with its reason when
// `label-error` has `{message}`); typing while the index loads is answered; an answer with as many results as the last is said again; facet buttons are
// named by their tag or year, with the count as their description (an active filter's chip says
// it removes it); "Clear filters" tapped leaves the focus out of the box; a partial match ranked
// among full ones says so; and `/` leaves other editors' keys alone or can be switched off.
//
//   node --test tests/browser/a11y.test.mjs   (after ./build.sh: needs target/release/digest-search)
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ARXIV_1K, buildSite, serve, launch, openPage, waitReady, readState } from './helpers.mjs';

let dir;
let browser;
let server;

const page = (body) => `<!doctype html><html lang="en"><meta charset="utf-8"><title>a11y</title>
<script src="digest-search.classic.js" defer></script>
<body>${body}</body></html>`;

before(async () => {
  dir = buildSite(ARXIV_1K, 'ds-a11y-');
  writeFileSync(path.join(dir, 'index.html'), page('<digest-search></digest-search>'));
  writeFileSync(path.join(dir, 'missing.html'), page('<digest-search src="missing.wasm"></digest-search>'));
  // Other editors on the page: a text box by its role, and a custom element whose closed shadow
  // root holds an input (the page keeps a reference to reach it).
  writeFileSync(path.join(dir, 'editors.html'), page(`<div id="rt" role="textbox" tabindex="0" contenteditable="false">x</div>
<x-editor id="xe"></x-editor>
<app-root><button id="inapp">in an app's root element</button></app-root>
<digest-search></digest-search>
<script>
customElements.define('app-root', class extends HTMLElement {});
customElements.define('x-editor', class extends HTMLElement {
  constructor() { super(); const root = this.attachShadow({ mode: 'closed' }); root.innerHTML = '<input>'; window.xeInput = root.querySelector('input'); }
});
</script>`));
  writeFileSync(path.join(dir, 'missing-message.html'), page('<digest-search src="missing.wasm" label-error="Suche nicht verfügbar ({message})."></digest-search>'));
  writeFileSync(path.join(dir, 'no-shortcut.html'), page('<p id="p">text</p><digest-search no-shortcut></digest-search>'));
  browser = await launch();
  server = await serve(dir);
});

after(async () => {
  await browser?.close();
  await server?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** Every text the live region held, in order (a MutationObserver set up before the page's scripts). */
async function recordLive(p) {
  await p.addInitScript(() => {
    window.__said = [];
    const watch = () => {
      const el = document.querySelector('digest-search');
      const live = el && el.shadowRoot && el.shadowRoot.querySelector('[aria-live]');
      if (!live) return void requestAnimationFrame(watch);
      new MutationObserver(() => { if (live.textContent) window.__said.push(live.textContent); }).observe(live, { childList: true, characterData: true, subtree: true });
    };
    document.addEventListener('DOMContentLoaded', watch);
  });
}

/** The test page in `context`, its live region recorded (`recordLive`), its index loaded. */
async function openRecorded(context) {
  const p = await context.newPage();
  await recordLive(p);
  await p.goto(`${server.url}index.html`);
  await waitReady(p);
  return p;
}

/** Chromium's accessibility tree: [{role, name, description}] of the nodes it exposes. */
async function axNodes(context, p) {
  const cdp = await context.newCDPSession(p);
  const { nodes } = await cdp.send('Accessibility.getFullAXTree');
  await cdp.detach();
  return nodes.filter((n) => !n.ignored).map((n) => ({
    role: n.role?.value, name: n.name?.value ?? '', description: n.description?.value ?? '',
    pressed: (n.properties || []).find((q) => q.name === 'pressed')?.value?.value,
  }));
}

async function typeQuery(p, q) {
  await p.locator('digest-search input').fill(q);
  await p.waitForFunction((q) => {
    const el = document.querySelector('digest-search');
    return el.shadowRoot.querySelector('input').value === q && el.hasAttribute('data-total') && !el.shadowRoot.querySelector('[role="listbox"]').hasAttribute('aria-busy');
  }, q);
  await p.waitForTimeout(400); // the polite announcement waits for typing to pause
}

test('a load that fails keeps the focus in the box, says so once, and typing while loading is answered', async () => {
  const context = await browser.newContext();
  const { page: p } = await (async () => {
    const q = await context.newPage();
    await recordLive(q);
    // The index is slow, then missing: the reader has typed meanwhile.
    let release;
    const held = new Promise((r) => { release = r; });
    await q.route('**/missing.wasm', async (route) => { await held; await route.fulfill({ status: 404, body: 'not found' }); });
    q.on('console', () => {});
    await q.goto(`${server.url}missing.html`);
    await q.locator('digest-search input').focus();
    await q.keyboard.type('lang');
    await q.waitForFunction(() => window.__said.length > 0);
    const whileLoading = await q.evaluate(() => [...window.__said]);
    assert.match(whileLoading.join(' | '), /Loading the search index/, 'typing while the index loads is answered');
    release();
    await q.waitForFunction(() => document.querySelector('digest-search').shadowRoot.querySelector('.status.error'));
    await q.waitForTimeout(300);
    return { page: q };
  })();
  const s = await p.evaluate(() => {
    const el = document.querySelector('digest-search');
    const root = el.shadowRoot;
    const input = root.querySelector('input');
    const status = root.querySelector('.status');
    return {
      focusOnBox: document.activeElement === el && root.activeElement === input,
      readOnly: input.readOnly, disabled: input.disabled, ariaDisabled: input.getAttribute('aria-disabled'),
      statusRole: status.getAttribute('role'), statusHidden: status.getAttribute('aria-hidden'), statusText: status.textContent,
      said: window.__said,
    };
  });
  assert.ok(s.focusOnBox, 'the focus stays in the box (a disabled input drops it on the body)');
  assert.deepEqual([s.readOnly, s.disabled, s.ariaDisabled], [true, false, 'true']);
  assert.match(s.statusText, /HTTP 404/, 'the reason is shown');
  assert.deepEqual([s.statusRole, s.statusHidden], [null, 'true'], 'the status is not a second alert');
  const failures = s.said.filter((t) => /unavailable/.test(t));
  assert.equal(failures.length, 1, `said once: ${JSON.stringify(s.said)}`);
  assert.doesNotMatch(failures[0], /404|missing\.wasm/, 'without the technical reason');
  await context.close();
});

test('a `label-error` with `{message}` shows and says the reason in its text, once', async () => {
  const context = await browser.newContext();
  const p = await context.newPage();
  await recordLive(p);
  p.on('console', () => {});
  await p.goto(`${server.url}missing-message.html`);
  await p.waitForFunction(() => document.querySelector('digest-search').shadowRoot.querySelector('.status.error'));
  await p.waitForTimeout(300);
  const s = await p.evaluate(() => {
    const status = document.querySelector('digest-search').shadowRoot.querySelector('.status');
    return { text: status.textContent, detail: status.querySelector('.detail') !== null, said: window.__said };
  });
  assert.match(s.text, /^Suche nicht verfügbar \(.*HTTP 404.*\)\.$/, 'the reason in the text');
  assert.equal(s.text.match(/HTTP 404/g).length, 1, 'and not again on a line below');
  assert.equal(s.detail, false);
  const failures = s.said.filter((t) => /Suche nicht verfügbar/.test(t));
  assert.equal(failures.length, 1, `said once: ${JSON.stringify(s.said)}`);
  assert.match(failures[0], /HTTP 404/, 'with the reason, as the text has it');
  await context.close();
});

test('an answer with as many results as the last, and "Show more", are said again', async () => {
  const context = await browser.newContext();
  const p = await openRecorded(context);
  await typeQuery(p, 'diffusion');
  const total = (await readState(p)).total;
  assert.ok(total > 10, `${total} results: more than a page`);
  const before = await p.evaluate(() => window.__said.length);
  await p.evaluate(() => document.querySelector('digest-search').shadowRoot.querySelector('.more').click());
  await p.waitForFunction((n) => window.__said.length > n, before, { timeout: 3000 });
  const said = await p.evaluate(() => window.__said);
  assert.equal(said.at(-1).trim(), said[before - 1].trim(), 'the same count, said again');
  assert.equal((await readState(p)).options.length, 20);
  await context.close();
});

test('the same answer is not said again: a space typed, a search that keeps failing', async () => {
  const context = await browser.newContext();
  const p = await openRecorded(context);
  await typeQuery(p, 'diffusion');
  const before = await p.evaluate(() => window.__said.length);
  await typeQuery(p, 'diffusion ');
  await p.evaluate(() => document.querySelector('digest-search').setAttribute('placeholder', 'Search papers'));
  await p.waitForTimeout(500);
  assert.equal(await p.evaluate(() => window.__said.length), before, `nothing new said: ${JSON.stringify(await p.evaluate(() => window.__said))}`);
  // An index whose every search fails: said once, not at every keystroke.
  await p.locator('digest-search input').fill('');
  await p.evaluate(() => { document.querySelector('digest-search').index = { search() { throw new Error('boom'); }, info() { return null; } }; });
  for (const k of 'ing') {
    await p.keyboard.type(k);
    await p.waitForTimeout(250);
  }
  await p.waitForTimeout(500);
  const failed = (await p.evaluate(() => window.__said)).filter((t) => /search failed/.test(t));
  assert.equal(failed.length, 1, JSON.stringify(failed));
  await context.close();
});

test('facet buttons are named by tag or year with the count as description; the list is named once; a partial match among full ones says so', async () => {
  const context = await browser.newContext();
  const { page: p } = await openPage(context, `${server.url}index.html`);
  await waitReady(p);
  await typeQuery(p, 'diffusion');
  const nodes = await axNodes(context, p);
  const toggles = nodes.filter((n) => n.role === 'button' && n.pressed !== undefined);
  assert.ok(toggles.length >= 4, `facet buttons: ${JSON.stringify(toggles)}`);
  for (const t of toggles) {
    assert.doesNotMatch(t.name, /\s\d+$|results/, `a name without its count: ${JSON.stringify(t)}`);
    assert.match(t.description, /^[\d,.\s ]+ results?$/, `the count as the description: ${JSON.stringify(t)}`);
  }
  const years = toggles.filter((t) => /^\d{4}$/.test(t.name));
  assert.ok(years.length >= 1, 'year bars are named by their year');
  const named = nodes.filter((n) => n.name === 'Search results').map((n) => n.role);
  assert.deepEqual(named, ['listbox'], 'only the list is named "Search results"');

  // A query whose partial matches rank among its full ones (a soft AND).
  let partialAmongFull = null;
  // (The list may group its trailing partial matches, or hold its options directly when the last
  // result is a full match.)
  for (const q of ['diffusion graph', 'language graph', 'quantum learning', 'neural operator']) {
    await typeQuery(p, q);
    const s = await p.evaluate(() => {
      const root = document.querySelector('digest-search').shadowRoot;
      const among = [...root.querySelectorAll('[role="option"][data-partial]')].filter((o) => !o.closest('.group.partial'));
      const trailing = root.querySelector('.group.partial [role="option"]');
      return among.length ? {
        after: among.map((o) => getComputedStyle(o.querySelector('.title'), '::after').content),
        trailingAfter: trailing ? getComputedStyle(trailing.querySelector('.title'), '::after').content : null,
      } : null;
    });
    if (s) { partialAmongFull = { q, ...s }; break; }
  }
  assert.ok(partialAmongFull, 'one of the queries ranks a partial match among full ones');
  for (const after of partialAmongFull.after) assert.match(after, /partial match/, `shown after its title: ${JSON.stringify(partialAmongFull)}`);
  if (partialAmongFull.trailingAfter !== null) assert.doesNotMatch(partialAmongFull.trailingAfter, /partial/, 'the trailing ones have their heading');
  const option = (await axNodes(context, p)).find((n) => n.role === 'option' && /partial match/.test(n.name));
  assert.ok(option, 'and part of its accessible name');
  await context.close();
});

test('"/" leaves the keys of other editors alone, and no-shortcut turns it off', async () => {
  const context = await browser.newContext();
  const { page: p } = await openPage(context, `${server.url}editors.html`);
  await waitReady(p);
  const boxFocused = () => p.evaluate(() => document.activeElement === document.querySelector('digest-search'));
  await p.focus('#rt');
  await p.keyboard.press('/');
  assert.ok(!(await boxFocused()), 'an element with the role of a text box keeps "/"');
  await p.evaluate(() => window.xeInput.focus());
  await p.keyboard.type('a/b');
  assert.ok(!(await boxFocused()), 'an input inside a closed shadow root keeps "/"');
  assert.equal(await p.evaluate(() => window.xeInput.value), 'a/b');
  await p.evaluate(() => document.activeElement.blur());
  await p.keyboard.press('/');
  assert.ok(await boxFocused(), 'elsewhere "/" focuses the box');
  await p.focus('#inapp');
  await p.keyboard.press('/');
  assert.ok(await boxFocused(), 'from a button inside a custom element without a shadow root (an app\'s root) too');

  const { page: q } = await openPage(context, `${server.url}no-shortcut.html`);
  await waitReady(q);
  await q.click('#p');
  await q.keyboard.press('/');
  assert.ok(!(await q.evaluate(() => document.activeElement === document.querySelector('digest-search'))), 'no-shortcut: "/" does nothing');
  assert.equal(await q.evaluate(() => getComputedStyle(document.querySelector('digest-search').shadowRoot.querySelector('.kbd')).display), 'none', 'and its hint is not shown');
  await context.close();
});

test('an active filter\'s chip says it removes the filter (in the page\'s words), and is not named as its year bar is; "Clear filters" tapped leaves the focus (and the phone\'s keyboard) out of the box', async () => {
  const context = await browser.newContext({ hasTouch: true });
  const { page: p } = await openPage(context, `${server.url}index.html`);
  await waitReady(p);
  await typeQuery(p, 'diffusion');
  const year = await p.evaluate(() => {
    const el = document.querySelector('digest-search');
    const bar = el.shadowRoot.querySelector('.years button');
    bar.click();
    return bar.getAttribute('data-key');
  });
  await p.waitForFunction((y) => document.querySelector('digest-search').filters.year === y, year);
  const pressed = (await axNodes(context, p)).filter((n) => n.role === 'button' && n.pressed !== undefined && n.name.includes(year));
  assert.deepEqual(pressed.map((n) => n.name).sort(), [`Remove filter ${year}`, year].sort(), `the chip and the bar: ${JSON.stringify(pressed)}`);
  await p.evaluate(() => document.querySelector('digest-search').setAttribute('label-remove-filter', 'Filter entfernen: {name}'));
  const german = (await axNodes(context, p)).filter((n) => n.role === 'button' && n.name.includes(year)).map((n) => n.name);
  assert.ok(german.includes(`Filter entfernen: ${year}`), `the label is the page's: ${JSON.stringify(german)}`);

  // Tapped: the filters go, the focus does not go to the box. Clicked: it does, as before.
  const focusedInput = () => p.evaluate(() => { const el = document.querySelector('digest-search'); return el.shadowRoot.activeElement === el.shadowRoot.querySelector('input'); });
  await p.evaluate(() => document.activeElement && document.activeElement.blur());
  await p.locator('digest-search .clear-filters').tap();
  await p.waitForFunction(() => document.querySelector('digest-search').filters.year === null);
  assert.equal(await focusedInput(), false, 'a tap does not focus the box');
  await p.evaluate((y) => { document.querySelector('digest-search').filters = { tags: [], year: y }; }, year);
  await p.evaluate(() => document.activeElement && document.activeElement.blur());
  await p.locator('digest-search .clear-filters').click();
  await p.waitForFunction(() => document.querySelector('digest-search').filters.year === null);
  assert.equal(await focusedInput(), true, 'a click brings the focus back to the box');
  await context.close();
});
