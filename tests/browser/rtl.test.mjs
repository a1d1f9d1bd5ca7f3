// Right-to-left text in the widget: a result's title and snippet lay out right to left when most
// of their letters are Hebrew or Arabic, even when they open with a Latin word (where dir="auto",
// which reads the first strong letter, lays them out left to right); other text keeps
// dir="auto"'s direction.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
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

// On a right-to-left page whose labels are English, each text of unknown direction the widget
// writes (a result's names, tags and date, a tag chip's name, the count line) is isolated and
// laid out by its own letters: `Turing, A.` ends with its full stop on the right, `C++` reads
// `C++` rather than `++C`, `13 Mar 2024` and `2 results` keep their number first, on the left;
// the chip of the tags not shown, which has no letter, reads `+2`, not `2+`.
// Without that, the page's direction reordered them (the full stop and the `++` jumped to the
// left, the numbers to the right). The count line stays aligned with the page (on the right).
test('on a right-to-left page with English labels, names, tags, dates and counts keep their order', async (t) => {
  const entries = [
    { id: 'a', title: 'Kafka streams for event sourcing', abstract: 'Kafka moves streams of events between services.', authors: ['Lovelace, A.', 'Turing, A.'], tags: ['C++', 'streams', 'queues', 'logs', 'events'], date: '2024-03-13' },
    { id: 'b', title: 'Kafka connectors in practice', abstract: 'Kafka connectors move data in and out.', authors: ['Hopper, G.'], tags: ['streams'], date: '2023-05-02' },
    { id: 'c', title: 'Something else entirely', abstract: 'Nothing about the queue here.', tags: ['other'] },
  ];
  const site = buildEntriesSite(t, 'ds-rtl-en-', entries);
  const html = path.join(site, 'index.html');
  writeFileSync(html, readFileSync(html, 'utf8').replace('<html lang="en">', '<html lang="en-GB" dir="rtl">'));
  const browser = await launch();
  try {
    const { page, problems } = await openPage(await browser.newContext(), pathToFileURL(html).href);
    const input = page.locator('digest-search input');
    await input.waitFor();
    await input.fill('kafka');
    await page.waitForFunction(() => document.querySelector('digest-search')?.shadowRoot?.querySelectorAll('[role="option"]').length === 2
      && document.querySelector('digest-search').shadowRoot.querySelector('.chip-name'));
    const layout = await page.evaluate(() => {
      const root = document.querySelector('digest-search').shadowRoot;
      // Where the first and the last character of `node`'s text are drawn, left to right.
      const ends = (node) => {
        const text = document.createTreeWalker(node, NodeFilter.SHOW_TEXT);
        const nodes = [];
        while (text.nextNode()) if (text.currentNode.data.trim()) nodes.push(text.currentNode);
        const x = (n, i) => {
          const r = document.createRange();
          r.setStart(n, i);
          r.setEnd(n, i + 1);
          return r.getBoundingClientRect().left;
        };
        const last = nodes[nodes.length - 1];
        return { text: node.textContent.trim(), firstLeft: x(nodes[0], nodes[0].data.search(/\S/)), lastLeft: x(last, last.data.trimEnd().length - 1) };
      };
      const opt = [...root.querySelectorAll('[role="option"]')].find((o) => o.textContent.includes('Turing'));
      const meta = [...opt.querySelectorAll('.meta > span')];
      const status = root.querySelector('.status');
      const range = document.createRange();
      range.selectNodeContents(status);
      return {
        authors: ends(meta.find((s) => s.textContent.includes('Turing'))),
        date: ends(opt.querySelector('.date')),
        tag: ends([...opt.querySelectorAll('.tag')].find((s) => s.textContent === 'C++')),
        chip: ends([...root.querySelectorAll('.chip-name')].find((s) => s.textContent === 'C++')),
        more: ends(opt.querySelector('.more-tags')),
        status: ends(status),
        statusRight: [range.getBoundingClientRect().right, status.getBoundingClientRect().right],
      };
    });
    assert.equal(layout.authors.text, 'Lovelace, A., Turing, A.');
    assert.equal(layout.date.text, '13 Mar 2024');
    assert.equal(layout.status.text, '2 results');
    assert.equal(layout.more.text, '+2', 'the chip of the tags not shown');
    const reordered = Object.entries(layout).filter(([k, e]) => k !== 'statusRight' && !(e.firstLeft < e.lastLeft))
      .map(([k, e]) => `${k} "${e.text}": its first character at ${e.firstLeft}, its last at ${e.lastLeft}`);
    assert.deepEqual(reordered, [], 'each runs left to right');
    const [textRight, boxRight] = layout.statusRight;
    assert.ok(Math.abs(textRight - boxRight) < 2, `the count line is aligned on the right, with the page: its text ends at ${textRight}, its box at ${boxRight}`);
    // A query that finds nothing: the English lines keep their order too (the closing quote
    // after the query, the full stop at the end).
    await input.fill('kafkaesque');
    await page.waitForFunction(() => {
      const e = document.querySelector('digest-search').shadowRoot.querySelector('.empty');
      return e && !e.hidden && e.textContent.includes('kafkaesque');
    });
    const empty = await page.evaluate(() => {
      const root = document.querySelector('digest-search').shadowRoot;
      const at = (n, i) => {
        const r = document.createRange();
        r.setStart(n, i);
        r.setEnd(n, i + 1);
        return r.getBoundingClientRect().left;
      };
      return [...root.querySelectorAll('.empty > *')].map((line) => {
        const t = line.firstChild;
        const text = t.data.trim();
        return { text, first: at(t, t.data.indexOf(text[0])), last: at(t, t.data.lastIndexOf(text[text.length - 1])) };
      });
    });
    assert.equal(empty.length, 2);
    assert.equal(empty[0].text, 'No results for “kafkaesque”');
    for (const line of empty) assert.ok(line.first < line.last, `"${line.text}" runs left to right: its first character at ${line.first}, its last at ${line.last}`);
    assert.deepEqual(problems, []);
  } finally {
    await browser.close();
  }
});
