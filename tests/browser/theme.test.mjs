// <digest-search> on the pages sites really have: light-only pages seen with a dark system theme,
// pages with their own text styles around the element, a font size of their own, right-to-left
// pages, a modal dialog, another component's shadow root, print, and an input method composing.
// Each test is built from a reproduction of the theming audit (or, for the input method, of the
// accessibility audit). The folder is built with the real CLI over the 1k arXiv slice (dated,
// tagged entries) and a small Hebrew digest.
//
//   node --test tests/browser/theme.test.mjs   (after ./build.sh: needs target/release/digest-search)
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync, writeFileSync, mkdtempSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { ARXIV_1K, CLI, buildSite, serve, launch, openPage, waitReady } from './helpers.mjs';

let dir;
let hebrew;
let browser;
let server;

/** A page holding `body` (the element and whatever surrounds it), with `head` added. */
function page(name, body, head = '') {
  writeFileSync(path.join(dir, name), `<!doctype html><html lang="en"><head><meta charset="utf-8"><link rel="icon" href="data:,">${head}
<script src="digest-search.js" type="module"></script></head><body>${body}</body></html>`);
  return `${server.url}${name}`;
}

before(async () => {
  dir = buildSite(ARXIV_1K, 'ds-theme-');
  // Sixteen Hebrew entries over eleven years, tagged, for the right-to-left rows.
  const he = mkdtempSync(path.join(os.tmpdir(), 'ds-theme-he-'));
  const words = ['מודל', 'למידה', 'רשת', 'תמונה', 'שפה', 'נתונים', 'חיפוש', 'אימון'];
  const lines = Array.from({ length: 16 }, (_, i) => JSON.stringify({
    id: `he-${i}`,
    title: `${words[i % 8]} ${words[(i + 3) % 8]} מחקר ${i}`,
    abstract: `מאמר על ${words[i % 8]} ו${words[(i + 5) % 8]} בעברית, מספר ${i}.`,
    date: `${2014 + (i % 11)}-0${1 + (i % 9)}-1${i % 10}`,
    tags: [`תג${i % 5}`, `נושא${i % 3}`, `קבוצה${i % 7}`],
    url: `https://example.org/he/${i}`,
  }));
  writeFileSync(path.join(he, 'he.jsonl'), lines.join('\n') + '\n');
  hebrew = path.join(dir, 'he');
  const r = spawnSync(CLI, ['build', path.join(he, 'he.jsonl'), '--out', hebrew, '--quiet'], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  rmSync(he, { recursive: true, force: true });
  browser = await launch();
  server = await serve(dir);
});

after(async () => {
  await browser?.close();
  await server?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function withPage(url, options, fn) {
  const context = await browser.newContext(options);
  try {
    const { page, problems } = await openPage(context, url);
    await waitReady(page);
    await fn(page);
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
}

/** Types `q` into the first element and waits for its results. */
async function search(page, q, selector = 'digest-search') {
  await page.evaluate(([sel, q]) => { document.querySelector(sel).value = q; }, [selector, q]);
  await page.waitForFunction((sel) => document.querySelector(sel).shadowRoot.querySelectorAll('[role="option"]').length > 0, selector);
}

/**
 * Contrast ratios of the snippet, the title and the status against what they are seen on (their
 * nearest opaque background, through the shadow root, else the page's), and of the box's border
 * against the page.
 */
function contrasts(page) {
  return page.evaluate(() => {
    const root = document.querySelector('digest-search').shadowRoot;
    const rgb = (c) => (c.match(/[\d.]+/g) || []).slice(0, 4).map(Number);
    const lum = ([r, g, b]) => {
      const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
      return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
    };
    const opaque = (c) => c.length === 3 || (c.length === 4 && c[3] === 1);
    const backdrop = (node) => {
      for (let n = node; n; n = n.parentElement || (n.getRootNode() && n.getRootNode().host)) {
        const c = rgb(getComputedStyle(n).backgroundColor);
        if (opaque(c)) return c.slice(0, 3);
      }
      const page = rgb(getComputedStyle(document.documentElement).backgroundColor);
      return opaque(page) ? page.slice(0, 3) : [255, 255, 255];
    };
    const ratio = (a, b) => { const x = lum(a), y = lum(b); return (Math.max(x, y) + 0.05) / (Math.min(x, y) + 0.05); };
    const text = (n) => ratio(rgb(getComputedStyle(n).color), backdrop(n));
    const box = root.querySelector('.box');
    return {
      snippet: text(root.querySelector('.snippet')),
      title: text(root.querySelector('.title')),
      status: text(root.querySelector('.status')),
      border: ratio(rgb(getComputedStyle(box).borderTopColor), backdrop(box.parentElement)),
      fg: getComputedStyle(root.querySelector('.snippet')).color,
    };
  });
}

test('a page that declares no color-scheme stays light under a dark system theme; one that declares "light dark" follows it', async () => {
  const lightOnly = page('light-only.html', '<digest-search></digest-search>');
  await withPage(lightOnly, { colorScheme: 'dark' }, async (p) => {
    await search(p, 'diffusion');
    const c = await contrasts(p);
    for (const k of ['snippet', 'title', 'status']) assert.ok(c[k] >= 4.5, `${k}: ${c[k].toFixed(2)} on the white page (${c.fg})`);
    assert.ok(c.border >= 3, `the box's border: ${c.border.toFixed(2)}`);
  });
  const adaptive = page('adaptive.html', '<digest-search></digest-search>',
    '<meta name="color-scheme" content="light dark"><style>@media (prefers-color-scheme: dark) { html { background: #101216; color: #eee } }</style>');
  await withPage(adaptive, { colorScheme: 'dark' }, async (p) => {
    await search(p, 'diffusion');
    const c = await contrasts(p);
    for (const k of ['snippet', 'title', 'status']) assert.ok(c[k] >= 4.5, `${k}: ${c[k].toFixed(2)} on the dark page (${c.fg})`);
    assert.ok(c.border >= 3, `the box's border: ${c.border.toFixed(2)}`);
    assert.equal(await p.evaluate(() => getComputedStyle(document.querySelector('digest-search')).backgroundColor), 'rgba(0, 0, 0, 0)',
      'the palette follows the page: no background of its own');
    // A theme on the element wins over the page's.
    const fg = await p.evaluate(() => {
      const el = document.querySelector('digest-search');
      el.setAttribute('theme', 'light');
      return getComputedStyle(el.shadowRoot.querySelector('.snippet')).color;
    });
    assert.equal(fg, 'rgb(27, 31, 36)');
  });
  // Dark under a dark system theme through a rule of its own, declaring no color-scheme (as many
  // sites do): the light palette paints its own background, or its dark text is on the dark page.
  const darkUndeclared = page('dark-undeclared.html', '<digest-search></digest-search>',
    '<style>@media (prefers-color-scheme: dark) { html { background: #101216; color: #eee } }</style>');
  await withPage(darkUndeclared, { colorScheme: 'dark' }, async (p) => {
    await search(p, 'diffusion');
    const c = await contrasts(p);
    for (const k of ['snippet', 'title', 'status']) assert.ok(c[k] >= 4.5, `${k}: ${c[k].toFixed(2)} on the dark page that declares no color-scheme (${c.fg})`);
    assert.ok(c.border >= 3, `the box's border: ${c.border.toFixed(2)}`);
  });
  // Under a light system theme nothing is painted: the element shows the page through it.
  await withPage(darkUndeclared, { colorScheme: 'light' }, async (p) => {
    assert.equal(await p.evaluate(() => getComputedStyle(document.querySelector('digest-search')).backgroundColor), 'rgba(0, 0, 0, 0)');
  });
  await withPage(lightOnly, { colorScheme: 'light' }, async (p) => {
    await p.evaluate(() => document.querySelector('digest-search').setAttribute('theme', 'dark'));
    await search(p, 'diffusion');
    assert.equal(await p.evaluate(() => getComputedStyle(document.querySelector('digest-search').shadowRoot.querySelector('.snippet')).color), 'rgb(230, 233, 238)');
  });
});

test('the text styles of the page around the element do not reach its results', async () => {
  const url = page('styled.html', '<nav style="white-space: nowrap; text-transform: uppercase; text-align: center; font-style: italic; text-indent: 2em; font-weight: 700; width: 760px"><digest-search></digest-search></nav>');
  await withPage(url, {}, async (p) => {
    await search(p, 'diffusion');
    const s = await p.evaluate(() => {
      const root = document.querySelector('digest-search').shadowRoot;
      const snippet = root.querySelector('.snippet');
      const title = getComputedStyle(root.querySelector('.title'));
      const cs = getComputedStyle(snippet);
      return { wraps: snippet.scrollWidth <= snippet.clientWidth + 1, whiteSpace: cs.whiteSpace, transform: title.textTransform, align: cs.textAlign, style: cs.fontStyle, weight: cs.fontWeight, indent: cs.textIndent };
    });
    assert.deepEqual(s, { wraps: true, whiteSpace: 'normal', transform: 'none', align: 'start', style: 'normal', weight: '400', indent: '0px' });
  });
});

test('--ds-font-size sets every text size, and the input keeps 16 px at least', async () => {
  const sizes = async (fs) => {
    let out;
    const url = page(`font-${fs}.html`, `<digest-search style="--ds-font-size: ${fs}px"></digest-search>`);
    await withPage(url, {}, async (p) => {
      await search(p, 'diffusion');
      out = await p.evaluate(() => {
        const root = document.querySelector('digest-search').shadowRoot;
        const px = (sel) => parseFloat(getComputedStyle(root.querySelector(sel)).fontSize);
        return { title: px('.title'), snippet: px('.snippet'), status: px('.status'), meta: px('.meta'), tag: px('.tag'), input: px('input'), chip: px('.chip'), chipCount: px('.chip-count') };
      });
    });
    return out;
  };
  const small = await sizes(12);
  const large = await sizes(24);
  for (const k of ['title', 'snippet', 'status', 'meta', 'tag', 'chip', 'chipCount']) {
    assert.ok(Math.abs(large[k] / small[k] - 2) < 0.05, `${k}: ${small[k]} px at 12, ${large[k]} px at 24`);
  }
  assert.ok(Math.abs(large.title - 25.5) < 0.1, `title ${large.title}`);
  assert.ok(Math.abs(large.chipCount - 24 * 0.75) < 0.3, `a chip's count stays .75 of the host's size: ${large.chipCount}`);
  assert.equal(small.input, 16);
  assert.equal(large.input, 24);
});

test('"/" reaches the widget inside a modal dialog, not the inert one behind it', async () => {
  const url = page('dialog.html', `<digest-search id="page"></digest-search>
<dialog><button id="b">ok</button><digest-search id="inside"></digest-search></dialog>`);
  await withPage(url, {}, async (p) => {
    await p.evaluate(() => document.querySelector('dialog').showModal());
    await p.waitForFunction(() => document.getElementById('inside').index != null);
    await p.focus('#b');
    await p.keyboard.press('/');
    const where = await p.evaluate(() => ({
      active: document.activeElement && document.activeElement.id,
      inner: document.getElementById('inside').shadowRoot.activeElement?.localName ?? null,
    }));
    assert.deepEqual(where, { active: 'inside', inner: 'input' });
  });
});

test('right to left: the empty box, the arrow keys in the chips, and the years row shows the newest', async () => {
  const url = `${server.url}he/rtl.html`;
  writeFileSync(path.join(hebrew, 'rtl.html'), `<!doctype html><html lang="he" dir="rtl"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><link rel="icon" href="data:,"><script src="digest-search.js" type="module"></script></head>
<body style="margin: 0"><digest-search placeholder="חיפוש…"></digest-search></body></html>`);
  await withPage(url, { viewport: { width: 320, height: 700 } }, async (p) => {
    const dir = () => p.evaluate(() => getComputedStyle(document.querySelector('digest-search').shadowRoot.querySelector('input')).direction);
    assert.equal(await dir(), 'rtl', 'the empty box runs as the page does');
    await p.evaluate(() => { document.querySelector('digest-search').value = 'diffusion'; });
    assert.equal(await dir(), 'ltr', 'a Latin query runs left to right');
    await search(p, 'מחקר');
    assert.equal(await dir(), 'rtl');
    // ← moves to the chip on the left: the next one, right to left.
    const chips = await p.evaluate(() => [...document.querySelector('digest-search').shadowRoot.querySelectorAll('.chips button')].map((b) => b.getBoundingClientRect().left));
    assert.ok(chips.length >= 3 && chips[1] < chips[0], `chips laid out right to left: ${chips}`);
    await p.evaluate(() => document.querySelector('digest-search').shadowRoot.querySelector('.chips button').focus());
    await p.keyboard.press('ArrowLeft');
    const focused = () => p.evaluate(() => {
      const root = document.querySelector('digest-search').shadowRoot;
      return [...root.querySelectorAll('.chips button')].indexOf(root.activeElement);
    });
    assert.equal(await focused(), 1);
    await p.keyboard.press('ArrowRight');
    assert.equal(await focused(), 0);
    // The years row, too long for 320 px, shows its end (the newest year) and fades the start.
    const years = await p.evaluate(() => {
      const row = document.querySelector('digest-search').shadowRoot.querySelector('.years');
      const box = row.getBoundingClientRect();
      const seen = [...row.querySelectorAll('button')].filter((b) => { const r = b.getBoundingClientRect(); return r.left >= box.left - 1 && r.right <= box.right + 1; });
      const all = [...row.querySelectorAll('button')].map((b) => b.getAttribute('data-key'));
      return { scrolls: row.scrollWidth > row.clientWidth, newest: all[all.length - 1], seen: seen.map((b) => b.getAttribute('data-key')), cls: row.className };
    });
    assert.ok(years.scrolls, 'the years overflow at 320 px');
    assert.ok(years.seen.includes(years.newest), `the newest year ${years.newest} is in view: ${years.seen}`);
    assert.deepEqual(years.cls.split(' ').filter((c) => c.startsWith('overflows')), ['overflows-start'], 'the fade at the start, the right');
  });
});

test('inside another component\'s shadow root the element reads the page\'s language', async () => {
  const url = page('nested.html', `<x-app></x-app><digest-search id="light"></digest-search><script>
customElements.define('x-app', class extends HTMLElement { constructor() { super(); this.attachShadow({ mode: 'open' }).innerHTML = '<digest-search></digest-search>'; } });
document.documentElement.lang = 'de';
</script>`);
  await withPage(url, {}, async (p) => {
    const dates = await p.evaluate(async () => {
      const inner = document.querySelector('x-app').shadowRoot.querySelector('digest-search');
      const outer = document.getElementById('light');
      await new Promise((r) => { const t = () => (inner.index && outer.index ? r() : setTimeout(t, 20)); t(); });
      for (const el of [inner, outer]) el.value = 'diffusion';
      await new Promise((r) => { const t = () => (inner.shadowRoot.querySelector('.meta') && outer.shadowRoot.querySelector('.meta') ? r() : setTimeout(t, 20)); t(); });
      const date = (el) => [...el.shadowRoot.querySelectorAll('.meta > span')].map((s) => s.textContent).find((t) => /\d{4}/.test(t));
      return [date(inner), date(outer)];
    });
    assert.equal(dates[0], dates[1]);
    assert.match(dates[0], /\d\.\s/, `a German date: ${dates[0]}`);
  });
});

test('results say which words matched by more than colour; "+N" tags are a part; print keeps the highlights and drops the controls', async () => {
  const url = page('print.html', '<digest-search></digest-search>');
  await withPage(url, {}, async (p) => {
    await search(p, 'diffusion');
    const screen = await p.evaluate(() => {
      const root = document.querySelector('digest-search').shadowRoot;
      const mark = root.querySelector('.snippet mark');
      const text = mark.parentElement;
      return { mark: getComputedStyle(mark).fontWeight, text: getComputedStyle(text).fontWeight, more: [...root.querySelectorAll('.more-tags')].every((t) => t.part.contains('result-tag')) };
    });
    assert.ok(Number(screen.mark) >= Number(screen.text) + 200, `a highlighted word is bolder: ${screen.mark} against ${screen.text}`);
    assert.ok(screen.more);
    await p.emulateMedia({ media: 'print', colorScheme: 'dark' });
    const print = await p.evaluate(() => {
      const root = document.querySelector('digest-search').shadowRoot;
      const cs = (sel) => getComputedStyle(root.querySelector(sel));
      return { adjust: cs('mark').printColorAdjust, facets: cs('.facets').display, clear: cs('.clear').display, fg: cs('.snippet').color };
    });
    assert.deepEqual(print, { adjust: 'exact', facets: 'none', clear: 'none', fg: 'rgb(27, 31, 36)' });
  });
});

test('while an input method composes, the count waits for the word to be committed', async () => {
  const url = page('ime.html', '<digest-search></digest-search>');
  await withPage(url, {}, async (p) => {
    const said = () => p.evaluate(() => document.querySelector('digest-search').shadowRoot.querySelector('[role="status"]').textContent.trim());
    await p.evaluate(() => {
      const input = document.querySelector('digest-search').shadowRoot.querySelector('input');
      input.focus();
      input.dispatchEvent(new CompositionEvent('compositionstart', { data: '' }));
      input.value = 'diffusion';
      input.dispatchEvent(new InputEvent('input', { data: 'diffusion', isComposing: true, inputType: 'insertCompositionText' }));
    });
    await p.waitForFunction(() => document.querySelector('digest-search').shadowRoot.querySelectorAll('[role="option"]').length > 0);
    await p.waitForTimeout(1500);
    assert.equal(await said(), '', 'nothing said while composing');
    await p.evaluate(() => {
      const input = document.querySelector('digest-search').shadowRoot.querySelector('input');
      input.dispatchEvent(new CompositionEvent('compositionend', { data: 'diffusion' }));
    });
    await p.waitForFunction(() => document.querySelector('digest-search').shadowRoot.querySelector('[role="status"]').textContent.trim() !== '', null, { timeout: 5000 });
    assert.match(await said(), /result/);
  });
});

test('popup: the results open over the page under a box in a header bar, and close with Escape or when the focus leaves', async () => {
  const url = page('popup.html', `<header style="display: flex; align-items: center; gap: 1rem; height: 64px; padding: 0 1rem; border-bottom: 1px solid #ccc">
<strong>Site</strong><digest-search popup no-shortcut style="flex: 1"></digest-search></header>
<main><p id="content" style="height: 2000px">Page content</p><button id="elsewhere">elsewhere</button></main>`);
  await withPage(url, { viewport: { width: 1000, height: 800 } }, async (p) => {
    const state = () => p.evaluate(() => {
      const el = document.querySelector('digest-search');
      const root = el.shadowRoot;
      const panel = root.querySelector('.panel');
      const input = root.querySelector('input').getBoundingClientRect();
      const r = panel.getBoundingClientRect();
      const shown = getComputedStyle(panel).display !== 'none';
      // What a reader sees over the page's content, in the middle of the panel.
      const at = shown ? document.elementFromPoint(r.left + r.width / 2, r.top + Math.min(r.height, 300) / 2) : null;
      return { shown, inputTop: Math.round(input.top), panelTop: Math.round(r.top), over: at === el, header: document.querySelector('header').getBoundingClientRect().height, options: root.querySelectorAll('[role="option"]').length, expanded: root.querySelector('input').getAttribute('aria-expanded') };
    });
    const before = await state();
    assert.equal(before.shown, false, 'nothing under an empty box');
    const focus = () => p.evaluate(() => document.querySelector('digest-search').focus());
    await focus();
    await p.keyboard.type('diffusion');
    await p.waitForFunction(() => document.querySelector('digest-search').shadowRoot.querySelectorAll('[role="option"]').length > 0);
    const open = await state();
    assert.ok(open.shown && open.over, `the panel is shown over the page: ${JSON.stringify(open)}`);
    assert.equal(open.inputTop, before.inputTop, 'the box stays where it was');
    assert.equal(open.header, before.header, 'the header keeps its height');
    assert.ok(open.panelTop >= 64 - 8, 'the panel opens below the box');
    // A chip pressed inside the pop-up filters and keeps it open.
    await p.evaluate(() => document.querySelector('digest-search').shadowRoot.querySelector('.chips button').scrollIntoView());
    const chip = await p.evaluateHandle(() => document.querySelector('digest-search').shadowRoot.querySelector('.chips button'));
    await chip.click();
    await p.waitForFunction(() => document.querySelector('digest-search').filters.tags.length === 1);
    assert.equal((await state()).shown, true, 'still open after a chip');
    await p.keyboard.press('Escape');
    const closed = await state();
    assert.equal(closed.shown, false, 'Escape closes it');
    assert.equal(closed.expanded, 'false');
    await p.keyboard.press('ArrowDown');
    assert.equal((await state()).shown, true, '↓ opens it again');
    await p.click('#elsewhere');
    assert.equal((await state()).shown, false, 'closed once the focus is elsewhere');
    // A result is chosen with the pointer as without popup.
    await focus();
    assert.equal((await state()).shown, true, 'open again with the focus back in the box');
    const chosen = p.evaluate(() => new Promise((r) => document.addEventListener('digest-search:select', (e) => { e.preventDefault(); r(e.detail.result.id); }, { once: true })));
    const first = await p.evaluateHandle(() => document.querySelector('digest-search').shadowRoot.querySelector('[role="option"]'));
    await first.click();
    assert.equal(await chosen, await p.evaluate(() => document.querySelector('digest-search').results[0].id));
  });
});

test('popup: the open panel escapes a header that clips it (overflow: hidden or auto, contain: paint) and a block stacked above it, stays under the box (right to left too) and follows it when the page scrolls', async () => {
  for (const [dir, clip] of [['ltr', 'overflow: hidden'], ['rtl', 'overflow: auto'], ['ltr', 'contain: paint']]) {
    const url = page(`popup-clipped-${dir}-${clip.split(':')[0]}.html`, `<header style="${clip}; height: 48px; display: flex; gap: 1rem">
<strong>Site</strong><digest-search popup no-shortcut style="flex: 1"></digest-search></header>
<div style="position: relative; z-index: 10; height: 3000px; background: #eee">A block stacked above the header's neighbours</div>`);
    await withPage(url, { viewport: { width: 900, height: 700 } }, async (p) => {
      await p.evaluate((dir) => { document.documentElement.dir = dir; }, dir);
      await p.evaluate(() => document.querySelector('digest-search').focus());
      await p.keyboard.type('diffusion');
      await p.waitForFunction(() => document.querySelector('digest-search').shadowRoot.querySelectorAll('[role="option"]').length > 0);
      const read = () => p.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => {
        const el = document.querySelector('digest-search');
        const root = el.shadowRoot;
        const box = root.querySelector('.box').getBoundingClientRect();
        const panel = root.querySelector('.panel').getBoundingClientRect();
        // The results whose centre lies inside the viewport and the panel (which scrolls): is
        // each what is painted there?
        const hits = [...root.querySelectorAll('[role="option"]')].map((o) => {
          const r = o.getBoundingClientRect();
          const x = r.left + r.width / 2;
          const y = r.top + r.height / 2;
          if (y <= Math.max(0, panel.top) || y >= Math.min(innerHeight, panel.bottom)) return null;
          const at = root.elementFromPoint(x, y);
          return at !== null && at.closest('[role="option"]') === o;
        }).filter((h) => h !== null);
        resolve({ box: box.toJSON(), panel: panel.toJSON(), hits, host: el.getBoundingClientRect().width });
      }))));
      const open = await read();
      assert.ok(open.hits.length > 0 && open.hits.every(Boolean), `${dir}: every visible result is on top where it is drawn: ${JSON.stringify(open)}`);
      assert.ok(open.panel.top >= open.box.bottom - 1 && open.panel.top <= open.box.bottom + 12, `${dir}: the panel opens under the box: ${JSON.stringify(open)}`);
      assert.ok(Math.abs(open.panel.left - open.box.left) <= 1 && Math.abs(open.panel.right - open.box.right) <= 1, `${dir}: as wide as the box: ${JSON.stringify(open)}`);
      assert.ok(open.panel.bottom <= 700 && open.panel.height <= 0.7 * 700 + 1, `${dir}: the panel fits in the viewport, 70% of its height at most`);
      await p.evaluate(() => window.scrollBy(0, 20));
      const scrolled = await read();
      assert.equal(Math.round(scrolled.box.top), Math.round(open.box.top) - 20, `${dir}: the page scrolled`);
      assert.equal(Math.round(scrolled.panel.top - scrolled.box.top), Math.round(open.panel.top - open.box.top), `${dir}: the panel moves with the box: ${JSON.stringify(scrolled)}`);
      assert.ok(scrolled.hits.length > 0 && scrolled.hits.every(Boolean), `${dir}: still on top after scrolling`);
      // Without popup, the panel is back in the element's flow.
      const inFlow = await p.evaluate(() => {
        const el = document.querySelector('digest-search');
        el.removeAttribute('popup');
        const panel = el.shadowRoot.querySelector('.panel');
        return !panel.matches(':popover-open') && getComputedStyle(panel).position === 'static';
      });
      assert.ok(inFlow, `${dir}: popup removed, the panel is in the flow again`);
    });
  }
});

test('popup: the panel opens above the box when there is more room there, and above a modal dialog the widget is in', async () => {
  const url = page('popup-low.html', `<div style="height: 560px"></div>
<header style="overflow: hidden; height: 48px"><digest-search popup no-shortcut></digest-search></header>
<dialog><digest-search popup no-shortcut></digest-search></dialog>`);
  await withPage(url, { viewport: { width: 900, height: 700 } }, async (p) => {
    const rects = (sel) => p.evaluate((sel) => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => {
      const root = document.querySelector(sel).shadowRoot;
      const box = root.querySelector('.box').getBoundingClientRect();
      const panel = root.querySelector('.panel').getBoundingClientRect();
      const first = root.querySelector('[role="option"]').getBoundingClientRect();
      const at = root.elementFromPoint(first.left + first.width / 2, first.top + first.height / 2);
      resolve({ box: box.toJSON(), panel: panel.toJSON(), onTop: at !== null && at.closest('[role="option"]') === root.querySelector('[role="option"]') });
    }))), sel);
    await p.evaluate(() => document.querySelector('header digest-search').focus());
    await p.keyboard.type('diffusion');
    await p.waitForFunction(() => document.querySelector('header digest-search').shadowRoot.querySelectorAll('[role="option"]').length > 0);
    const low = await rects('header digest-search');
    assert.ok(low.panel.bottom <= low.box.top + 1 && low.panel.top >= 0 && low.onTop, `above the box, in the viewport: ${JSON.stringify(low)}`);
    // A widget in a modal dialog: its panel is above the dialog (both are in the top layer).
    await waitReady(p, 'dialog digest-search');
    await p.evaluate(() => document.querySelector('dialog').showModal());
    await p.evaluate(() => document.querySelector('dialog digest-search').focus());
    await p.keyboard.type('diffusion');
    await p.waitForFunction(() => document.querySelector('dialog digest-search').shadowRoot.querySelectorAll('[role="option"]').length > 0);
    const inDialog = await rects('dialog digest-search');
    assert.ok(inDialog.onTop, `the dialog's widget's panel is on top: ${JSON.stringify(inDialog)}`);
    // And when the dialog is opened again (it is then last in the top layer, the panel shown
    // before it under it, until the focus comes into the widget).
    await p.evaluate(() => { const d = document.querySelector('dialog'); d.close(); d.showModal(); });
    await p.evaluate(() => document.querySelector('dialog digest-search').focus());
    const again = await rects('dialog digest-search');
    assert.ok(again.onTop, `the dialog opened again: the panel is on top: ${JSON.stringify(again)}`);
  });
});

test('the highlights, the "/" hint, the search icon, a chip\'s count and a year bar\'s label are parts a page can style', async () => {
  const parts = { highlight: '.snippet mark', shortcut: '.kbd', icon: '.icon', 'facet-count': '.chip-count', 'facet-year-label': '.year-label' };
  const styles = Object.keys(parts).map((name, i) => `digest-search::part(${name}) { outline: 1px solid rgb(${i + 1}, 2, 3) }`).join('\n');
  const url = page('parts.html', '<digest-search></digest-search>', `<style>${styles}</style>`);
  await withPage(url, {}, async (p) => {
    const read = (which) => p.evaluate(([parts, which]) => {
      const root = document.querySelector('digest-search').shadowRoot;
      const out = {};
      for (const name of which) {
        const node = root.querySelector(parts[name]);
        out[name] = node ? getComputedStyle(node).outlineColor : 'missing';
      }
      return out;
    }, [parts, which]);
    // The hint shows in the empty box, before it has the focus.
    assert.deepEqual(await read(['shortcut', 'icon', 'facet-count', 'facet-year-label']), {
      shortcut: 'rgb(2, 2, 3)', icon: 'rgb(3, 2, 3)', 'facet-count': 'rgb(4, 2, 3)', 'facet-year-label': 'rgb(5, 2, 3)',
    });
    await search(p, 'diffusion');
    assert.deepEqual(await read(['highlight']), { highlight: 'rgb(1, 2, 3)' });
  });
});
