// Pagefind build through its Node API (the npm package ships the binary).
// Records are added with addHTMLFile rather than addCustomRecord: a custom record has one plain
// `content` string and no way to weight the title, while an HTML record can carry
// data-pagefind-weight on the title element. Display fields (id, date, link) are Pagefind meta;
// the abstract is the record's content, from which Pagefind builds its excerpt.
import * as pagefind from 'pagefind';

export const config = 'addHTMLFile per entry: <h1 data-pagefind-weight="3">title</h1><p>abstract</p>, meta id/date/link via <meta data-pagefind-meta>; writeFiles; query: pagefind.search(q) then data() of the top 10 (meta + excerpt); prefix matching is its default; no typo tolerance option';

const esc = (s) => String(s ?? '').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

export async function buildTo(docs, outDir) {
  const { index, errors } = await pagefind.createIndex({ forceLanguage: 'en' });
  if (!index) throw new Error(`pagefind createIndex: ${errors.join('; ')}`);
  for (const d of docs) {
    const html =
      `<!doctype html><html lang="en"><head><title>${esc(d.title)}</title>` +
      `<meta data-pagefind-meta="id[content]" content="${esc(d.id)}">` +
      (d.date ? `<meta data-pagefind-meta="date[content]" content="${esc(d.date)}">` : '') +
      (d.url ? `<meta data-pagefind-meta="link[content]" content="${esc(d.url)}">` : '') +
      `</head><body><h1 data-pagefind-weight="3">${esc(d.title)}</h1><p>${esc(d.abstract)}</p></body></html>`;
    const r = await index.addHTMLFile({ url: `/p/${d.n}/`, content: html });
    if (r.errors?.length) throw new Error(`pagefind addHTMLFile: ${r.errors.join('; ')}`);
  }
  const w = await index.writeFiles({ outputPath: outDir });
  if (w.errors?.length) throw new Error(`pagefind writeFiles: ${w.errors.join('; ')}`);
  await pagefind.close();
}
