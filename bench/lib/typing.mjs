// How a reader types a query to find a paper again, for the query generators (at-scale.mjs,
// query-classes.mjs): the words of a title, the stop words a reader leaves out, and realistic
// typing slips.

/** Words a reader does not pick to find a paper by. */
export const STOP = new Set("a an and are as at be by can do for from has have how in into is it its of on or our that the their this to via we what when which with without using based towards toward new study".split(" "));

/** The lower-case ASCII words of `t`, accents dropped. */
export const words = (t) => t.toLowerCase().normalize("NFKD").replace(/[\u0300-\u036f]/g, "").match(/[a-z][a-z0-9]*/g) || [];

const ROWS = ["qwertyuiop", "asdfghjkl", "zxcvbnm"];

/** Keys beside `c` in its row of a QWERTY keyboard (what a finger slipping sideways strikes). */
export function neighbours(c) {
  for (const row of ROWS) {
    const i = row.indexOf(c);
    if (i >= 0) return [row[i - 1], row[i + 1]].filter(Boolean);
  }
  return [];
}

/**
 * A typo maker drawing from `rand` (a seeded PRNG, `lib/util.mjs`): `typo(w, from, to)` makes
 * one edit of `w` at a position in [from, to) (never the first letter, by default): two letters
 * swapped, one dropped, one doubled, or a neighbouring key struck. Null when 100 draws made none.
 */
export function typoMaker(rand) {
  const pick = (a) => a[Math.floor(rand() * a.length)];
  return (w, from = 1, to = w.length) => {
    for (let tries = 0; tries < 100; tries++) {
      const i = from + Math.floor(rand() * (to - from));
      const kind = Math.floor(rand() * 4);
      let out;
      if (kind === 0 && i + 1 < w.length && w[i] !== w[i + 1]) out = w.slice(0, i) + w[i + 1] + w[i] + w.slice(i + 2);
      else if (kind === 1) out = w.slice(0, i) + w.slice(i + 1);
      else if (kind === 2) out = w.slice(0, i) + w[i] + w.slice(i);
      else if (kind === 3 && neighbours(w[i]).length) out = w.slice(0, i) + pick(neighbours(w[i])) + w.slice(i + 1);
      if (out && out !== w) return out;
    }
    return null;
  };
}
