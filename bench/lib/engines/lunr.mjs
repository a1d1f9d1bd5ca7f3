// Lunr: title boosted x3 at build time; each query word is searched exactly (stemmed, boost 10),
// as a prefix (trailing wildcard, boost 3) and, for words >= 5 letters, with edit distance 1
// (boost 1). Lunr stores no documents: display fields ship as a separate docs.json.
import lunr from 'lunr';

export const name = 'lunr';
export const label = 'Lunr';
export const config = 'fields title (boost 3), abstract; ref = position; query per word: exact (boost 10) + trailing wildcard (boost 3) + editDistance 1 for words >= 5 letters (boost 1), OR; display fields in separate docs.json';

export function build(docs) {
  const idx = lunr(function () {
    this.ref('n');
    this.field('title', { boost: 3 });
    this.field('abstract');
    for (const d of docs) this.add({ n: String(d.n), title: d.title, abstract: d.abstract });
  });
  return {
    'index.json': JSON.stringify(idx),
    'docs.json': JSON.stringify(docs.map((d) => [d.id, d.title, d.url, d.date, d.abstract])),
  };
}

export function load(files) {
  const dec = new TextDecoder();
  const idx = lunr.Index.load(JSON.parse(dec.decode(files['index.json'])));
  const docs = JSON.parse(dec.decode(files['docs.json']));
  return { idx, docs };
}

export function search({ idx, docs }, q, limit = 10) {
  const words = lunr.tokenizer(q).map((t) => t.toString()).filter(Boolean);
  if (!words.length) return [];
  const hits = idx.query((query) => {
    for (const w of words) {
      query.term(w, { boost: 10 });
      query.term(w, { usePipeline: false, wildcard: lunr.Query.wildcard.TRAILING, boost: 3 });
      if (w.length >= 5) query.term(w, { usePipeline: false, editDistance: 1, boost: 1 });
    }
  });
  return hits.slice(0, limit).map((h) => {
    const [id, title, url, date, abstract] = docs[+h.ref];
    return { id, title, url, date, abstract };
  });
}
