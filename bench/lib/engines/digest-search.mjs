// digest-search: the ESM loader written by `digest-search build`, loaded from the wasm bytes.
import path from 'node:path';
import { pathToFileURL } from 'node:url';

export const CODE_FILES = ['digest-search.js'];
export const INDEX_FILES = ['digest-search.wasm'];
export const config = '`digest-search build INPUT --out DIR`; shipped: digest-search.wasm (runtime + index + display text) + digest-search.js (loader); query: index.search(q, {limit: 10}) (results carry snippet and highlights)';

export async function setup(dir) {
  const mod = await import(pathToFileURL(path.join(dir, 'digest-search.js')).href);
  return {
    async load(files) {
      // A view of the bytes read, as a page has the fetched ArrayBuffer: `new Uint8Array(buffer)`
      // would copy the whole file (181 MB at 100k) and time the copy as loading.
      const b = files['digest-search.wasm'];
      return mod.load(new Uint8Array(b.buffer, b.byteOffset, b.byteLength));
    },
    search(idx, q, limit = 10) {
      const r = idx.search(q, { limit });
      return (r?.results ?? []).map((x) => ({ id: x.id, title: x.title, url: x.url, date: x.date, snippet: x.snippet }));
    },
  };
}
