// Fuse.js 7: fuzzy (Bitap) by nature; token search (per-word fuzzy with TF-IDF scoring) on,
// location ignored (abstracts are long), title weight 3. Fuse needs the documents themselves at
// query time: the docs ship as docs.json beside the serialized index.
import Fuse from 'fuse.js';

export const name = 'fuse';
export const label = 'Fuse.js';
export const config = 'keys title (weight 3), abstract (weight 1); useTokenSearch: true, ignoreLocation: true, default threshold 0.6; Fuse.createIndex + toJSON / parseIndex; docs (id,title,url,date,abstract) in docs.json';

const keys = [
  { name: 'title', weight: 3 },
  { name: 'abstract', weight: 1 },
];
const options = { keys, ignoreLocation: true, useTokenSearch: true };

export function build(docs) {
  const slim = docs.map((d) => ({ id: d.id, title: d.title, url: d.url, date: d.date, abstract: d.abstract }));
  const index = Fuse.createIndex(keys, slim, options);
  return { 'index.json': JSON.stringify(index.toJSON()), 'docs.json': JSON.stringify(slim) };
}

export function load(files) {
  const dec = new TextDecoder();
  const docs = JSON.parse(dec.decode(files['docs.json']));
  const index = Fuse.parseIndex(JSON.parse(dec.decode(files['index.json'])), options);
  return new Fuse(docs, options, index);
}

export function search(fuse, q, limit = 10) {
  return fuse.search(q, { limit }).map((r) => r.item);
}
