// Right-to-left text in the widget: a result's title and snippet lay out right to left when most
// of their letters are Hebrew or Arabic, even when they open with a Latin word (where dir="auto",
// which reads the first strong letter, lays them out left to right); other text keeps
// dir="auto"'s direction.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { buildEntriesSite, launch, openPage } from './helpers.mjs';

test('a Hebrew or Arabic title that opens with a Latin word lays out right to left', async (t) => {
  const entries = [
    { id: 'he', title: 'BERT לעברית: מודל שפה לעברית מודרנית', abstract: 'BERT הוא מודל שפה; אנו מאמנים אותו על טקסט בעברית.' },
    { id: 'ar', title: 'GPT والنماذج اللغوية الكبيرة للغة العربية', abstract: 'GPT نموذج لغوي كبير، ندرسه على نصوص عربية.' },
    { id: 'en', title: 'Kafka streams in English with one word שלום', abstract: 'Kafka moves streams of events between services.' },
    { id: 'first', title: 'שלום: a greeting written in English text', abstract: 'שלום opens this abstract, written in English otherwise.' },
  ];
  const site = buildEntriesSite(t, 'ds-rtl-', entries);
  const browser = await launch();
  try {
    const { page, problems } = await openPage(await browser.newContext(), pathToFileURL(path.join(site, 'index.html')).href);
    const input = page.locator('digest-search input');
    await input.waitFor();
    // The computed direction of the first result's title and snippet, once `title` shows.
    const directions = async (query, title) => {
      await input.fill(query);
      await page.waitForFunction((t) => document.querySelector('digest-search')?.shadowRoot?.querySelector('[role="option"] .title')?.textContent.startsWith(t) ?? false, title);
      return page.evaluate(() => {
        const opt = document.querySelector('digest-search').shadowRoot.querySelector('[role="option"]');
        return [opt.querySelector('.title'), opt.querySelector('.snippet')].map((e) => getComputedStyle(e).direction);
      });
    };
    assert.deepEqual(await directions('bert', 'BERT'), ['rtl', 'rtl'], 'Hebrew after a Latin word');
    assert.deepEqual(await directions('gpt', 'GPT'), ['rtl', 'rtl'], 'Arabic after a Latin word');
    assert.deepEqual(await directions('kafka', 'Kafka'), ['ltr', 'ltr'], 'English with a Hebrew word');
    assert.deepEqual(await directions('greeting', 'שלום'), ['rtl', 'rtl'], 'as dir="auto": English after a Hebrew word');
    assert.deepEqual(problems, []);
  } finally {
    await browser.close();
  }
});
