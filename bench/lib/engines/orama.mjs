// Orama 3: schema title,abstract (strings); id/url/date stored unindexed in the documents;
// search: boost title x3, tolerance 1 (typo), prefix matching is Orama's default (exact: false).
import { create, insertMultiple, search as oramaSearch, save, load as oramaLoad } from '@orama/orama';

export const name = 'orama';
export const label = 'Orama';
export const config = 'schema {title,abstract: string}; docs also carry id,url,date (stored, not indexed); save() -> JSON / load(); search: properties title,abstract, boost title x3, tolerance 1, limit 10 (prefix is its default)';

const schema = { title: 'string', abstract: 'string' };

export async function build(docs) {
  const db = create({ schema });
  await insertMultiple(
    db,
    docs.map((d) => ({ id: d.id, title: d.title, abstract: d.abstract, url: d.url ?? '', date: d.date ?? '' })),
    1000,
  );
  return { 'index.json': JSON.stringify(await save(db)) };
}

export async function load(files) {
  const db = create({ schema });
  await oramaLoad(db, JSON.parse(new TextDecoder().decode(files['index.json'])));
  return db;
}

export async function search(db, q, limit = 10) {
  const r = await oramaSearch(db, { term: q, properties: ['title', 'abstract'], boost: { title: 3 }, tolerance: 1, limit });
  return r.hits.map((h) => ({ id: h.document.id, title: h.document.title, url: h.document.url, date: h.document.date, abstract: h.document.abstract }));
}
