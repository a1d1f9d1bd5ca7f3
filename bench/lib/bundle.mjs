// The engine code a page ships: the library plus the few lines of glue that load a serialized
// index and run a query, bundled and minified by esbuild as one ES module.
import fs from 'node:fs';
import path from 'node:path';
import * as esbuild from 'esbuild';
import { benchDir, cacheDir } from './util.mjs';

export async function engineBundle(engine) {
  const out = path.join(cacheDir, 'bundles', `${engine}.mjs`);
  fs.mkdirSync(path.dirname(out), { recursive: true });
  const entry = path.join(benchDir, 'lib', 'engines', `${engine}.mjs`);
  await esbuild.build({
    stdin: { contents: `export { load, search } from ${JSON.stringify(entry)};`, resolveDir: benchDir, loader: 'js' },
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    outfile: out,
    logLevel: 'error',
    legalComments: 'none',
  });
  return out;
}
