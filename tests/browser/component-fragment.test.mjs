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
