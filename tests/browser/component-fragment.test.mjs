// Static checks of www/src/component.js, the script fragment the build concatenates after the
// wasm-bindgen glue and www/src/loader.js. Runs in plain Node (no browser needed).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import vm from 'node:vm';
import { fileURLToPath } from 'node:url';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

const SOURCE = path.join(REPO_ROOT, 'www', 'src', 'component.js');
const src = await readFile(SOURCE, 'utf8');
// Comments can mention anything; check the code.
const code = src.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');

test('is a fragment: no import/export statements', () => {
  assert.doesNotMatch(code, /^\s*import[\s{*'"]/m);
  assert.doesNotMatch(code, /^\s*export\s/m);
});

test('never parses HTML', () => {
  for (const sink of ['innerHTML', 'outerHTML', 'insertAdjacentHTML', 'document.write', 'createContextualFragment', 'DOMParser', 'eval(', 'new Function']) {
    assert.ok(!code.includes(sink), `component.js uses ${sink}`);
  }
});

test('evaluates without a DOM (Node) and defines DigestSearchElement', () => {
  const context = vm.createContext({ console });
  vm.runInContext(`${src}\n;globalThis.__el = DigestSearchElement;`, context, { filename: 'component.js' });
  assert.equal(typeof context.__el, 'function');
});

test('shares one scope with load(): defines no other top-level bindings', () => {
  // Everything but DigestSearchElement lives inside the IIFE, so names cannot clash with the glue.
  const topLevel = [...code.matchAll(/^(?:const|let|var|function|class|async function)\s+([\w$]+)/gm)].map((m) => m[1]);
  assert.deepEqual(topLevel, ['DigestSearchElement']);
});

// The style sheet lives in www/src/component.css; tools/minify.mjs puts it where the placeholder is.
const css = await readFile(path.join(REPO_ROOT, 'www', 'src', 'component.css'), 'utf8');

test('holds the style sheet placeholder once, and the style sheet no script or import', () => {
  assert.equal(src.split("'__DS_COMPONENT_CSS__'").length, 2);
  // A constructed style sheet ignores @import; the element loads nothing from elsewhere.
  assert.doesNotMatch(css, /@import|url\(\s*['"]?(?!data:)/i);
  assert.ok(!css.includes('`') && !css.includes('\\'), 'plain CSS: no backquotes or escapes');
});

test('every colour of the palette has a light and a dark value, picked by the color-scheme', () => {
  // The light palette (for browsers without light-dark()) and the light side of each light-dark()
  // are the same colours.
  const block = (from) => {
    const at = css.indexOf(from);
    assert.ok(at >= 0, `component.css has no ${from}`);
    return Object.fromEntries(css.slice(at, css.indexOf('}', at)).split('{').pop().split(';').map((d) => d.trim().split(/:\s*/)).filter(([k]) => k && k.startsWith('--_')));
  };
  const light = block(':host {');
  const both = block('@supports (color: light-dark(#000, #fff)) {\n  :host {');
  assert.ok(Object.keys(both).length >= 10, `${Object.keys(both).length} colours`);
  for (const [k, v] of Object.entries(both)) {
    const m = v.match(/^var\((--ds-[\w-]+), light-dark\(([^,]+), ([^)]+)\)\)$/);
    assert.ok(m, `${k}: ${v}`);
    assert.equal(light[k].replace('inherit', 'currentColor'), `var(${m[1]}, ${m[2]})`, k);
  }
  assert.match(css, /:host\(\[theme="dark"\]\) \{ color-scheme: dark; \}/);
  assert.match(css, /:host\(\[theme="light"\]\) \{ color-scheme: light; \}/);
});

test('tools/minify.mjs puts the style sheet into the fragment, minified or as written', async () => {
  const { spawnSync } = await import('node:child_process');
  const { mkdtemp, rm } = await import('node:fs/promises');
  const { tmpdir } = await import('node:os');
  const out = await mkdtemp(path.join(tmpdir(), 'ds-minify-'));
  try {
    const fragments = {};
    for (const [name, env] of [['minified', {}], ['as written', { DS_NO_MINIFY: '1' }]]) {
      const dir = path.join(out, name.replace(' ', '-'));
      const args = ['tools/minify.mjs', dir, 'target/runtime/runtime.js', 'www/src/loader.js', 'www/src/component.js'];
      const r = spawnSync(process.execPath, args, { cwd: REPO_ROOT, env: { ...process.env, ...env }, encoding: 'utf8' });
      assert.equal(r.status, 0, r.stderr);
      const fragment = await readFile(path.join(dir, 'component.js'), 'utf8');
      assert.ok(!fragment.includes('__DS_COMPONENT_CSS__'), `${name}: the placeholder is left`);
      // The fragment still evaluates.
      const context = vm.createContext({ console });
      vm.runInContext(`${fragment}\n;globalThis.__el = DigestSearchElement;`, context);
      assert.equal(typeof context.__el, 'function', name);
      fragments[name] = fragment;
    }
    assert.ok(fragments['as written'].includes(JSON.stringify(css)), 'as written: the style sheet, whole');
    // Minified: the rules are there without their spaces and comments (however esbuild quotes them).
    const minified = fragments.minified;
    for (const rule of ['@supports (color: light-dark(#000,#fff))', ':host([theme=', '--ds-accent', '@media(forced-colors:active)']) {
      assert.ok(minified.includes(rule), `minified: ${rule}`);
    }
    assert.ok(!minified.includes('style sheet (www/src/component.js adopts it'), 'minified: comments dropped');
    assert.ok(minified.length < fragments['as written'].length * 0.6, 'minified is smaller');
  } finally {
    await rm(out, { recursive: true, force: true });
  }
});
