// Seeded query generation: known-item, prefix and typo queries built from title words.
import { prng } from './util.mjs';

export const KINDS = ['known-item', 'prefix', 'typo'];

const STOP = new Set(
  ('a an and are as at be but by can do does for from has have how in into is it its of on or our ' +
    'over that the their them then these this those to under using via was we what when where which ' +
    'while who why will with without towards toward new based study approach method methods paper ' +
    'results analysis use used than more less between through about also not non all any each both ' +
    'one two three one only other such very can may than large small high low first second')
    .split(/\s+/),
);

const KEYBOARD = {
  q: 'wa', w: 'qeas', e: 'wrsd', r: 'etdf', t: 'ryfg', y: 'tugh', u: 'yihj', i: 'uojk', o: 'ipkl',
  p: 'ol', a: 'qwsz', s: 'awedxz', d: 'serfcx', f: 'drtgvc', g: 'ftyhbv', h: 'gyujnb', j: 'huikmn',
  k: 'jiolm', l: 'kop', z: 'asx', x: 'zsdc', c: 'xdfv', v: 'cfgb', b: 'vghn', n: 'bhjm', m: 'njk',
};

/** Lower-case alphabetic words of a title, in order, without LaTeX math. */
export function titleWords(title) {
  return title
    .replace(/\$[^$]*\$/g, ' ')
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
}

function docFreq(docs) {
  const df = new Map();
  for (const d of docs) {
    const seen = new Set(titleWords(`${d.title} ${d.abstract}`));
    for (const w of seen) df.set(w, (df.get(w) ?? 0) + 1);
  }
  return df;
}

/** One edit in a word of length >= 5: swap, drop, double or adjacent-key replacement. */
export function typo(word, rnd) {
  for (let attempt = 0; attempt < 20; attempt++) {
    const op = rnd.pick(['swap', 'drop', 'double', 'adjacent']);
    // keep the first letter most of the time, as real typos usually do
    const i = rnd.int(1, word.length - 1);
    let out;
    if (op === 'swap') {
      const j = Math.min(i, word.length - 2);
      if (word[j] === word[j + 1]) continue;
      out = word.slice(0, j) + word[j + 1] + word[j] + word.slice(j + 2);
    } else if (op === 'drop') {
      out = word.slice(0, i) + word.slice(i + 1);
    } else if (op === 'double') {
      out = word.slice(0, i) + word[i] + word.slice(i);
    } else {
      const near = KEYBOARD[word[i]];
      if (!near) continue;
      out = word.slice(0, i) + rnd.pick([...near]) + word.slice(i + 1);
    }
    if (out !== word) return { word: out, op };
  }
  return null;
}

/**
 * perKind queries of each kind. Each drawn entry yields one query of every kind from the same
 * title words, so the kinds are directly comparable: known-item = the words; prefix = the same
 * words with the last one cut to 3-5 letters; typo = the same words with one edit in one word of
 * length >= 5. Returns [{q, kind, target, n, edit?}] interleaved by kind.
 */
export function generateQueries(docs, { perKind = 200, seed = 20240313 } = {}) {
  const rnd = prng(seed);
  const df = docFreq(docs);
  const out = { 'known-item': [], prefix: [], typo: [] };
  const used = new Set();
  const withReplacement = docs.length < perKind * 3;
  let guard = 0;
  while (out['known-item'].length < perKind && guard++ < perKind * 200) {
    const d = docs[Math.floor(rnd() * docs.length)];
    if (!withReplacement && used.has(d.n)) continue;
    const words = titleWords(d.title);
    const uniq = [...new Set(words)].filter((w) => /^[a-z]+$/.test(w) && w.length >= 4 && !STOP.has(w));
    if (uniq.length < 2) continue;
    // distinctive: the rarest (lowest document frequency) title words
    const pool = [...uniq].sort((a, b) => (df.get(a) ?? 0) - (df.get(b) ?? 0)).slice(0, Math.max(3, Math.min(4, uniq.length)));
    const k = Math.min(pool.length, rnd.int(2, 3));
    const chosen = new Set();
    while (chosen.size < k) chosen.add(rnd.pick(pool));
    const picked = words.filter((w, i) => chosen.has(w) && words.indexOf(w) === i); // title order
    const last = picked[picked.length - 1];
    const long = picked.filter((w) => w.length >= 5);
    if (last.length < 4 || !long.length) continue;
    const cut = rnd.int(3, Math.min(5, last.length - 1));
    const tw = rnd.pick(long);
    const t = typo(tw, rnd);
    if (!t) continue;
    used.add(d.n);
    out['known-item'].push({ q: picked.join(' '), kind: 'known-item', target: d.id, n: d.n });
    out.prefix.push({ q: [...picked.slice(0, -1), last.slice(0, cut)].join(' '), kind: 'prefix', target: d.id, n: d.n });
    out.typo.push({ q: picked.map((w) => (w === tw ? t.word : w)).join(' '), kind: 'typo', target: d.id, n: d.n, edit: t.op });
  }
  const all = [];
  for (let i = 0; i < out['known-item'].length; i++) for (const k of KINDS) all.push(out[k][i]);
  return all;
}
