// FlexSearch 0.8 Document index: forward tokenizer (prefix), LatinBalance encoder (phonetic
// normalisation: its typo tolerance), title boosted x3 at query time, suggest: true, results merged
// across fields. Display fields live in FlexSearch's own document store.
import FlexSearch from 'flexsearch';

const { Document, Charset } = FlexSearch;

export const name = 'flexsearch';
export const label = 'FlexSearch';
export const config = 'Document; fields title,abstract with tokenize "forward" (prefix) + encoder Charset.LatinBalance (phonetic, its fuzzy option); store id,title,url,date,abstract; search: boost title x3, suggest: true, merge, enrich, limit 10';

const options = () => ({
  document: {
    id: 'n',
    index: [
      { field: 'title', tokenize: 'forward', encoder: Charset.LatinBalance },
      { field: 'abstract', tokenize: 'forward', encoder: Charset.LatinBalance },
    ],
    store: ['id', 'title', 'url', 'date', 'abstract'],
  },
});

export async function build(docs) {
  const d = new Document(options());
  for (const x of docs) d.add(x);
  const parts = [];
  await d.export((key, data) => {
    parts.push([key, data]);
  });
  return { 'index.json': JSON.stringify(parts) };
}

export async function load(files) {
  const d = new Document(options());
  for (const [k, v] of JSON.parse(new TextDecoder().decode(files['index.json']))) await d.import(k, v);
  return d;
}

const searchOpts = (limit) => ({
  index: [{ field: 'title', boost: 3 }, { field: 'abstract' }],
  merge: true,
  enrich: true,
  suggest: true,
  limit,
});

export function search(d, q, limit = 10) {
  return d.search(q, searchOpts(limit)).slice(0, limit).map((r) => ({ id: r.doc.id, title: r.doc.title, url: r.doc.url, date: r.doc.date, abstract: r.doc.abstract }));
}
