// The READMEs' "embed it in a page" snippets, pasted into a page as a new user does: the classic
// script holds the whole index, so the page must not wait for it to show what follows the
// search box, and the box must not push that content down when it appears.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { DEMO_DIR, REPO_ROOT, serve, launch, openPage, waitReady } from './helpers.mjs';

/** The first ```html block after `heading` in the Markdown file `file` (relative to the repository). */
function snippet(file, heading) {
  const text = readFileSync(path.join(REPO_ROOT, file), 'utf8');
  const at = text.indexOf(heading);
  assert.ok(at >= 0, `${file} has no "${heading}"`);
  const block = /```html\n([\s\S]*?)```/.exec(text.slice(at));
  assert.ok(block, `${file} has no html block after "${heading}"`);
  return block[1];
}

const SNIPPETS = [
  ['README.md', '### Embed it in a page'],
  [path.join('npm', 'README.md'), '## Use it on a page'],
];

for (const [file, heading] of SNIPPETS) {
  test(`${file}: the page after the snippet shows while the classic script downloads, and stays put when the box appears`, async (t) => {
    const dir = mkdtempSync(path.join(tmpdir(), 'ds-snippet-'));
    t.after(() => rmSync(dir, { recursive: true, force: true }));
    const html = snippet(file, heading);
    // The snippet names the classic script where that README's site has it (`search/` or beside the page).
    const src = /<script[^>]*\bsrc="([^"]+)"/.exec(html)[1];
    const target = path.join(dir, ...src.split('/'));
    mkdirSync(path.dirname(target), { recursive: true });
    copyFileSync(path.join(DEMO_DIR, 'digest-search.classic.js'), target);
    writeFileSync(path.join(dir, 'index.html'), `<!doctype html><html lang="en"><head><meta charset="utf-8"><link rel="icon" href="data:,"><title>Papers</title></head>
<body><h1>Papers</h1>
${html}
<p id="after">What follows the search box.</p>
</body></html>`);
    const server = await serve(dir);
    const browser = await launch();
    try {
      const context = await browser.newContext({ viewport: { width: 800, height: 600 } });
      // Hold the classic script back, as a slow link does with a large index.
      let release;
      const held = new Promise((resolve) => (release = resolve));
      await context.route('**/*.classic.js', async (route) => { await held; await route.continue(); });
      const page = await context.newPage();
      await page.goto(`${server.url}index.html`, { waitUntil: 'commit' });
      await page.locator('#after').waitFor({ timeout: 5000 }).catch(() => {
        throw new Error(`${file}: the page after the snippet waits for the classic script (the whole index) to download`);
      });
      const top = () => page.evaluate(() => document.getElementById('after').getBoundingClientRect().top);
      const before = await top();
      release();
      await waitReady(page);
      // The box and its status line are laid out: what follows moved by no more than a line's slack.
      const after = await top();
      assert.ok(Math.abs(after - before) <= 16, `${file}: the content after the box moved by ${after - before}px when it appeared`);
      // And the snippet's page loads without an error once the script is there.
      const { page: again, problems } = await openPage(context, `${server.url}index.html`);
      await waitReady(again);
      assert.deepEqual(problems, []);
    } finally {
      await browser.close();
      await server.close();
    }
  });
}

test('README.md: the module form says that it does not load from file://, which the classic form does', async (t) => {
  // The README's sentence offering the module form, up to its full stop: a new user who
  // opened the page from disk saw no box, and only a CORS error in the console.
  const text = readFileSync(path.join(REPO_ROOT, 'README.md'), 'utf8').replace(/\s+/g, ' ');
  const at = text.indexOf('<script type="module" src="digest-search.js"></script>');
  assert.ok(at >= 0, 'README.md offers the module form');
  const sentence = text.slice(at, text.indexOf('. ', at));
  assert.match(sentence, /`file:\/\/`/, `the sentence offering the module form names file://: ${sentence}`);
  assert.match(sentence, /classic script/, `and points to the classic script: ${sentence}`);
  // What it says: from file://, the module form leaves the element undefined; the classic one works.
  const dir = mkdtempSync(path.join(tmpdir(), 'ds-file-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  for (const f of ['digest-search.js', 'digest-search.wasm', 'digest-search.classic.js']) copyFileSync(path.join(DEMO_DIR, f), path.join(dir, f));
  const page = (script) => `<!doctype html><html lang="en"><head><meta charset="utf-8"><link rel="icon" href="data:,"><title>Papers</title></head><body>${script}<digest-search></digest-search></body></html>`;
  writeFileSync(path.join(dir, 'module.html'), page('<script type="module" src="digest-search.js"></script>'));
  writeFileSync(path.join(dir, 'classic.html'), page('<script src="digest-search.classic.js"></script>'));
  const browser = await launch();
  try {
    const context = await browser.newContext();
    const { page: module, problems } = await openPage(context, pathToFileURL(path.join(dir, 'module.html')).href);
    await module.waitForLoadState('load');
    assert.equal(await module.evaluate(() => customElements.get('digest-search') === undefined), true, 'from file://, the module script does not run');
    assert.ok(problems.some((p) => /CORS/.test(p)), `a CORS error in the console: ${problems.join(' | ')}`);
    const classic = await openPage(context, pathToFileURL(path.join(dir, 'classic.html')).href);
    await waitReady(classic.page);
    assert.deepEqual(classic.problems, []);
  } finally {
    await browser.close();
  }
});
