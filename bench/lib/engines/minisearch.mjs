// MiniSearch: title boosted x3, prefix on, fuzzy 0.2 of the term length capped at 1 edit.
// Display fields live in MiniSearch's own store (storeFields).
import MiniSearch from 'minisearch';

export const name = 'minisearch';
export const label = 'MiniSearch';
export const config = 'fields title,abstract; storeFields id,title,url,date,abstract; search: boost title x3, prefix: true, fuzzy: 0.2 with maxFuzzy 1 (1 edit for terms >= 5 letters), OR';

const options = {
  idField: 'id',
  fields: ['title', 'abstract'],
  storeFields: ['id', 'title', 'url', 'date', 'abstract'],
  searchOptions: { boost: { title: 3 }, prefix: true, fuzzy: 0.2, maxFuzzy: 1 },
};

export function build(docs) {
  const ms = new MiniSearch(options);
  ms.addAll(docs);
  return { 'index.json': JSON.stringify(ms) };
}

export function load(files) {
  return MiniSearch.loadJSON(new TextDecoder().decode(files['index.json']), options);
}

export function search(ms, q, limit = 10) {
  return ms.search(q).slice(0, limit).map((r) => ({ id: r.id, title: r.title, url: r.url, date: r.date, abstract: r.abstract }));
}
