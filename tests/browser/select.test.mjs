// A result without a link (no `url`, or one the widget does not follow): the widget goes nowhere
// with it, and `digest-search:select` is the page's way to act on it, fired alike by Enter and by
// a click, as for a linked result.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { buildEntriesSite, launch, openPage } from './helpers.mjs';

test('Enter and a click on a result without a link both fire digest-search:select, and the page stays', async (t) => {
  const entries = [
    { id: 'plain', title: 'Kafka streams, an entry with no link', abstract: 'Kafka moves streams of events between services.' },
    { id: 'unsafe', title: 'Kafka streams behind a script link', abstract: 'Kafka again.', url: 'javascript:alert(1)' },
  ];
  const site = buildEntriesSite(t, 'ds-select-', entries);
  const browser = await launch();
  try {
    const { page, problems } = await openPage(await browser.newContext(), pathToFileURL(path.join(site, 'index.html')).href);
    const before = page.url();
    const input = page.locator('digest-search input');
    await input.waitFor();
    // Recorded, not cancelled: nothing else would keep the page from leaving.
    await page.evaluate(() => {
      window.__selects = [];
      document.addEventListener('digest-search:select', (e) => window.__selects.push({ id: e.detail.result.id, index: e.detail.index, cancelable: e.cancelable }));
    });
    await input.fill('kafka');
    await page.waitForFunction(() => document.querySelector('digest-search').shadowRoot.querySelectorAll('[role="option"]').length === 2);
    const shown = await page.evaluate(() => [...document.querySelector('digest-search').shadowRoot.querySelectorAll('[role="option"]')].map((o) => o.tagName));
    assert.deepEqual(shown, ['DIV', 'DIV'], 'neither result is a link');
    const ids = await page.evaluate(() => document.querySelector('digest-search').results.map((r) => r.id));
    const selects = () => page.evaluate(() => window.__selects);
    for (const [i, id] of ids.entries()) {
      await input.focus();
      await page.keyboard.press('ArrowDown');
      await page.keyboard.press('Enter');
      assert.deepEqual((await selects()).at(-1), { id, index: i, cancelable: true }, `Enter on ${id}`);
      await page.locator('digest-search [role="option"]').nth(i).locator('.title').click();
      assert.deepEqual((await selects()).at(-1), { id, index: i, cancelable: true }, `a click on ${id}`);
    }
    assert.equal((await selects()).length, 4);
    assert.equal(page.url().split('?')[0], before.split('?')[0], 'the page stays (its ?q= aside)');
    assert.deepEqual(problems, []);
  } finally {
    await browser.close();
  }
});
