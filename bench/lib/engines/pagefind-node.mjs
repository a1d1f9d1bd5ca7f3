// Pagefind's own loader (pagefind.js from the build output) run in Node. It fetches its files
// lazily; fetch is replaced by a lookup in the in-memory file map, which also records which
// files (and how many bytes) the loader asks for.
import path from 'node:path';
import { pathToFileURL } from 'node:url';

export const BASE = 'http://127.0.0.1:9/pagefind/';

/** Files a browser loads besides what the loader fetches for the index itself. */
export const CODE_FILES = ['pagefind.js', 'pagefind-worker.js', 'wasm.en.pagefind'];

/** Which of the build output's files make up a working search (UI files excluded). */
export function shippedFiles(all) {
  const code = all.filter((f) => CODE_FILES.includes(f));
  const index = all.filter((f) => f === 'pagefind-entry.json' || f.endsWith('.pf_meta') || f.startsWith('index/'));
  const docs = all.filter((f) => f.startsWith('fragment/'));
  return { code, index, docs };
}

export async function setup(files, dir) {
  const fetched = new Map();
  globalThis.fetch = async (input) => {
    const u = String(input?.url ?? input);
    const rel = u.startsWith(BASE) ? u.slice(BASE.length).split('?')[0] : u;
    const b = files[rel];
    if (!b) return new Response(null, { status: 404 });
    fetched.set(rel, b.length);
    return new Response(b, { status: 200 });
  };
  const pf = await import(pathToFileURL(path.join(dir, 'pagefind.js')).href);
  return {
    fetched,
    async load() {
      await pf.options({ basePath: BASE });
      await pf.init();
      return pf;
    },
    async search(p, q, limit = 10) {
      const r = await p.search(q);
      if (!r) return [];
      const data = await Promise.all(r.results.slice(0, limit).map((x) => x.data()));
      return data.map((d) => ({ id: d.meta?.id, title: d.meta?.title, url: d.meta?.link, date: d.meta?.date, excerpt: d.excerpt }));
    },
  };
}
