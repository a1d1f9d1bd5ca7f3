// The classic single file from file:// at 10,000 entries: the inlined wasm is far above
// Chromium's 8 MB limit for synchronous compiles, so this proves the loader instantiates
// asynchronously. The 10k entries are the committed 1k arXiv slice, ten times over.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, copyFileSync, statSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { CLI, REPO_ROOT, launch, openPage } from './helpers.mjs';

test('10k-entry index: the classic file works from file://', async (t) => {
  const lines = gunzipSync(readFileSync(path.join(REPO_ROOT, 'tests', 'fixtures', 'arxiv-1k.jsonl.gz'))).toString('utf8').split('\n').filter(Boolean);
  const out = [];
  for (let k = 0; k < 10; k++) for (const l of lines) { const e = JSON.parse(l); e.id = `${e.id}-${k}`; out.push(JSON.stringify(e)); }
  const dir = mkdtempSync(path.join(tmpdir(), 'ds-10k-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  writeFileSync(path.join(dir, 'entries.jsonl'), out.join('\n') + '\n');
  const site = path.join(dir, 'site');
  execFileSync(CLI, ['build', path.join(dir, 'entries.jsonl'), '--out', site, '--quiet']);
  for (const f of ['index.html', 'demo.css']) copyFileSync(path.join(REPO_ROOT, 'www', f), path.join(site, f));
  assert.ok(statSync(path.join(site, 'digest-search.classic.js')).size > 8 * 1024 * 1024, 'above the synchronous-compile limit');
  const browser = await launch();
  try {
    const { page, problems } = await openPage(await browser.newContext(), pathToFileURL(path.join(site, 'index.html')).href);
    const entries = await page.waitForFunction(() => document.querySelector('digest-search')?.index?.info().entries, null, { timeout: 60_000 });
    assert.equal(await entries.jsonValue(), 10_000);
    await page.locator('digest-search input').click();
    await page.keyboard.type('speech recognition');
    const first = page.locator('digest-search [role="option"]').first();
    await first.waitFor({ timeout: 30_000 });
    assert.match((await first.innerText()).toLowerCase(), /speech|recogni/);
    assert.deepEqual(problems, []);
  } finally {
    await browser.close();
  }
});
