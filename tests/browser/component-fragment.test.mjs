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

test('the dark palette is the same for a dark system theme and for theme="dark"', () => {
  const block = (selector) => {
    const at = css.indexOf(`${selector} {`);
    assert.ok(at >= 0, `component.css has no rule for ${selector}`);
    const body = css.slice(at, css.indexOf('}', at)).split('{')[1];
    return body.split(';').map((d) => d.trim()).filter(Boolean);
  };
  const system = block(':host(:not([theme="light"]))');
  const chosen = block(':host([theme="dark"])');
  assert.ok(system.length >= 10, `${system.length} declarations`);
  assert.deepEqual(system, chosen);
  assert.ok(system.includes('color-scheme: dark'));
});
