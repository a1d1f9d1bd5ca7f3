// Pages that set the element up before its definition loads (a framework importing the
// component late, to stay safe for server rendering), and a host that answers a wrong path
// with a page.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, copyFileSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DEMO_DIR, serve, launch, openPage, waitReady } from './helpers.mjs';

const PAGE = `<!doctype html><meta charset="utf-8"><link rel="icon" href="data:,"><body>
<digest-search id="late" src="digest-search.wasm"></digest-search>
<digest-search id="wrong" src="fallback.wasm"></digest-search>
<script>
  const el = document.getElementById('late');
  // Before the element is defined: own properties of a plain element.
  el.sort = 'newest';
  el.value = 'zeroth order benchmark';
  window.errors = [];
  document.addEventListener('digest-search:error', (e) => { e.preventDefault(); window.errors.push(e.detail.error.message); });
  setTimeout(() => import('./digest-search.js'), 100);
</script>`;

test('properties set before the element is defined take effect; a page for the index is named', async (t) => {
  const dir = mkdtempSync(path.join(tmpdir(), 'ds-late-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  for (const f of ['digest-search.js', 'digest-search.wasm']) copyFileSync(path.join(DEMO_DIR, f), path.join(dir, f));
  writeFileSync(path.join(dir, 'late.html'), PAGE);
  // What a host with a fallback page sends for a path it does not have.
  writeFileSync(path.join(dir, 'fallback.wasm'), '<!doctype html><title>App</title>');
  const server = await serve(dir);
  const browser = await launch();
  try {
    const { page, problems } = await openPage(await browser.newContext(), `${server.url}late.html`);
    await waitReady(page, '#late');
    const first = page.locator('#late [role="option"]').first();
    await first.waitFor();
    assert.match(await first.innerText(), /Zeroth-Order/);
    const state = await page.evaluate(() => {
      const el = document.getElementById('late');
      return { own: ['value', 'sort', 'index'].filter((p) => Object.prototype.hasOwnProperty.call(el, p)), sort: el.sort, input: el.shadowRoot.querySelector('input').value };
    });
    assert.deepEqual(state, { own: [], sort: 'newest', input: 'zeroth order benchmark' });
    await page.waitForFunction(() => window.errors.length > 0);
    const [message] = await page.evaluate(() => window.errors);
    assert.match(message, /fallback\.wasm is a page \(.*\), not a digest-search index: is the path right\?/);
    assert.deepEqual(problems, []);
  } finally {
    await browser.close();
    await server.close();
  }
});
