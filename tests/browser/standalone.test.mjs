// The self-contained page (`digest-search build --html`): opened from file:// with nothing
// beside it, it searches.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, copyFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { CLI, REPO_ROOT, launch, openPage } from './helpers.mjs';

test('digest-search.html works alone from file://', async (t) => {
  const out = mkdtempSync(path.join(tmpdir(), 'ds-html-'));
  execFileSync(CLI, ['build', path.join(REPO_ROOT, 'tests', 'fixtures', 'trending-papers-digest.txt'), '--out', out, '--html', '--quiet']);
  const alone = mkdtempSync(path.join(tmpdir(), 'ds-alone-'));
  t.after(() => { for (const d of [out, alone]) rmSync(d, { recursive: true, force: true }); });
  copyFileSync(path.join(out, 'digest-search.html'), path.join(alone, 'page.html'));
  const browser = await launch();
  try {
    const { page, problems } = await openPage(await browser.newContext(), pathToFileURL(path.join(alone, 'page.html')).href);
    const input = page.locator('digest-search input');
    await input.waitFor();
    await input.click();
    await page.keyboard.type('zeroth order benchmark');
    const first = page.locator('digest-search [role="option"]').first();
    await first.waitFor();
    assert.match(await first.innerText(), /Zeroth-Order/);
    assert.deepEqual(problems, []);
  } finally {
    await browser.close();
  }
});
