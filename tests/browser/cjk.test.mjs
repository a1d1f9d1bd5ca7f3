// Chinese and Japanese in the widget: a word typed (through an input method, so as committed
// text) finds the entry whose unspaced text holds it, and the highlight covers the word.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { buildEntriesSite, launch, openPage } from './helpers.mjs';

test('a Chinese word is found inside a title and highlighted whole', async (t) => {
  const entries = [
    { id: 'zh', title: '全文搜索引擎的设计', abstract: '我们介绍一个在浏览器中运行的搜索引擎，不需要服务器。' },
    { id: 'ja', title: 'ブラウザで動く全文検索', abstract: '静的サイトのための検索エンジンです。' },
    { id: 'en', title: 'A search engine in the browser', abstract: 'Full-text search for static sites.' },
  ];
  const site = buildEntriesSite(t, 'ds-cjk-', entries);
  const browser = await launch();
  try {
    const { page, problems } = await openPage(await browser.newContext(), pathToFileURL(path.join(site, 'index.html')).href);
    const input = page.locator('digest-search input');
    await input.waitFor();
    await input.click();
    await page.keyboard.insertText('搜索引擎');
    const options = page.locator('digest-search [role="option"]');
    await options.first().waitFor();
    assert.equal(await options.count(), 1);
    assert.deepEqual(await options.first().locator('mark').allInnerTexts(), ['搜索引擎', '搜索引擎']);
    await input.fill('');
    await page.keyboard.insertText('検');
    await page.waitForFunction(() => document.querySelector('digest-search')?.shadowRoot?.querySelector('[role="option"]')?.textContent.includes('ブラウザ') ?? false);
    assert.deepEqual(problems, []);
  } finally {
    await browser.close();
  }
});
