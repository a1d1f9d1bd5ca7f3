//! Scoring: BM25F over the fields with field weights, scaled by how the term matched (exact
//! above stem above prefix above typo), a soft AND over the query words ([`coordination`]),
//! and the final order of results.
//!
//! Floats are computed with `libm`, a pure-Rust maths library, so the native CLI and the wasm
//! runtime give bit-identical scores.

use crate::index::format::{self, FIELDS};
use crate::index::read::{PackedPosting, Posting};
use crate::index::Index;

/// Field weights: title above authors and tags above abstract. The title weighs 4: with the
/// higher [`K1`], an abstract that repeats a word gains more, and a word in the title is still
/// the best single sign of what an entry is about.
pub const FIELD_WEIGHTS: [f32; FIELDS.len()] = [4.0, 1.0, 2.0, 2.0];
/// BM25 term-frequency saturation. On the high side of the usual 1.2–2.0: an abstract that
/// names a topic many times is about it, which matters once entries that miss a query word
/// compete with those that have every word ([`coordination`]).
pub const K1: f32 = 2.0;
/// How hard a missing query word weighs: a score is multiplied by (words matched / words)
/// to this power. Small, so that an entry about the rarer words of a topical query
/// (`speech processing` → a survey of speech models) can outrank one that merely mentions
/// every word once; the summed BM25 of the missing word does most of the work.
pub const COORDINATION: f32 = 0.2;
/// BM25 length normalisation per field (titles are short and even: less normalisation).
pub const B: [f32; FIELDS.len()] = [0.5, 0.75, 0.5, 0.3];

/// Longest a field counts as, in multiples of its average length, for length normalisation: an
/// entry by a collaboration of 300 authors is by each of them no less than one by three is by
/// its authors, for all BM25 knows (unbounded, an exact surname there scored a tenth of a first
/// name one edit away in a short list).
pub const LONGEST: f32 = 4.0;

/// Inverse document frequency, BM25's always-positive form.
pub fn idf(doc_count: u32, df: u32) -> f32 {
    let (n, df) = (doc_count as f32, df.min(doc_count) as f32);
    libm::logf(1.0 + (n - df + 0.5) / (df + 0.5))
}

/// The per-field factors of one document, `FIELD_WEIGHTS[f] / length norm`: a field's BM25F
/// frequency term is its term frequency times this.
pub fn doc_factors(index: &Index<'_>, doc: u32) -> [f32; FIELDS.len()] {
    let lens = index.doc_lens(doc);
    std::array::from_fn(|f| field_factor(index, f, lens[f]))
}

/// Field `f`'s factor ([`doc_factors`]) for a length of `len` words.
fn field_factor(index: &Index<'_>, f: usize, len: u32) -> f32 {
    let norm = 1.0 - B[f] + B[f] * (len as f32 / index.avg_len(f)).min(LONGEST);
    FIELD_WEIGHTS[f] / norm.max(0.1)
}

/// [`doc_factors`] by stored length code ([`Index::doc_len_codes`]), per field: a document's
/// factors are `[table[0][codes[0]], …]`. The scoring loop looks them up in this 4 KB table,
/// which stays in cache, computed once per index.
pub fn factor_table(index: &Index<'_>) -> [[f32; 256]; FIELDS.len()] {
    std::array::from_fn(|f| std::array::from_fn(|code| field_factor(index, f, format::len_of(code as u8))))
}

/// Weighted, length-normalised frequency of one posting per field, counting only the fields in
/// `fields` (bit per field): BM25F's per-field terms before saturation. `factors` are the
/// posting's document's [`doc_factors`].
#[inline(always)]
fn field_parts(factors: &[f32; FIELDS.len()], posting: &Posting, fields: u8) -> [f32; FIELDS.len()] {
    let mut raw = [0.0f32; FIELDS.len()];
    for f in 0..FIELDS.len() {
        if fields & (1 << f) != 0 && posting.tf[f] > 0 {
            raw[f] = f32::from(posting.tf[f]) * factors[f];
        }
    }
    raw
}

/// The most [`saturate`] gives (its limit as the frequency grows).
pub const SATURATED_MAX: f32 = K1 + 1.0;

/// BM25's saturation of a combined frequency (the output of [`bm25f_raw`], or a sum of them).
#[inline(always)]
pub fn saturate(tf: f32) -> f32 {
    if tf == 0.0 {
        0.0
    } else {
        tf * (K1 + 1.0) / (tf + K1)
    }
}

/// The BM25F term score of one posting, counting only the fields in `fields` (bit per field),
/// given its document's [`doc_factors`]. Returns 0 when the term occurs in none of them.
#[inline(always)]
pub fn bm25f(factors: &[f32; FIELDS.len()], posting: &Posting, fields: u8) -> f32 {
    saturate(field_parts(factors, posting, fields).iter().sum())
}

/// The weighted, length-normalised frequency of one posting over the fields in `fields`:
/// [`bm25f`] before saturation, the same value. The scoring loop's form: the document's factors
/// are looked up from `table` ([`factor_table`]) by its length `codes`
/// ([`Index::doc_len_codes`], one byte per field from the lowest), and only for the fields the
/// posting is in (most postings are in one). The posting comes packed, and the codes in one
/// word, so that neither is indexed in memory by field.
#[inline(always)]
pub fn bm25f_raw(table: &[[f32; 256]; FIELDS.len()], codes: u32, posting: &PackedPosting, fields: u8) -> f32 {
    // Written out field by field, not as a loop over the mask's bits: a fifth of the
    // instructions a held posting costs in the wasm were that loop's. A field not in the mask adds
    // 0, which leaves the sum as it was (every part is at least 0).
    let m = posting.fields & fields;
    let part = |f: usize| if m & (1 << f) != 0 { f32::from(posting.tf(f)) * table[f][usize::from((codes >> (8 * f)) as u8)] } else { 0.0 };
    const _: () = assert!(FIELDS.len() == 4, "bm25f_raw adds four fields");
    part(0) + part(1) + part(2) + part(3)
}

/// Per-field parts of [`bm25f`], for `explain`: the score shared out in proportion to each
/// field's frequency term.
pub fn bm25f_fields(index: &Index<'_>, posting: &Posting, fields: u8) -> [f32; FIELDS.len()] {
    let raw = field_parts(&doc_factors(index, posting.doc), posting, fields);
    let sum: f32 = raw.iter().sum();
    let total = saturate(sum);
    if sum > 0.0 {
        raw.map(|r| total * r / sum)
    } else {
        [0.0; FIELDS.len()]
    }
}

/// A candidate result while ranking.
#[derive(Debug, Clone, Copy)]
pub struct Candidate {
    /// Document number.
    pub doc: u32,
    /// How many required query words it matches.
    pub coverage: u32,
    /// How many of those it matches only through a typo.
    pub typos: u32,
    /// The query words it matches (bit per clause).
    pub mask: u32,
    /// The query words it holds in any form, a related form included (`mask` leaves those
    /// out): all its text can match of the query, which bounds what re-ranking can make of it.
    pub present: u32,
    /// The query words it holds as typed (in the word's own form, a completion, the words
    /// joined or apart), in any field: a word of `present` that is not among them is held only
    /// in other forms (an inflection, a related form, a typo of a word the dictionary holds).
    pub typed: u32,
    /// Its score.
    pub score: f32,
    /// Its date (`yyyymmdd`, 0 unknown), for ties: newer first. The searcher reads it once
    /// the candidates are cut to those that can make the page.
    pub date: u32,
    /// Its position in the input ([`Index::input_position`]), for the last tie-break; read
    /// with the date.
    pub input: u32,
}

/// The soft AND: the factor a score is multiplied by when an entry matches `matched` of the
/// query's `words` required words (1 when it matches them all).
///
/// Ranking every full match above every partial one (a strict AND, then the rest) buries the
/// entries a topical query wants most when they use only some of its words; a plain OR (sum of
/// the words' scores) lets a long entry full of one common word win. A coordination factor, as
/// in Lucene's classic similarity, sits between the two.
pub fn coordination(matched: u32, words: u32) -> f32 {
    if words == 0 || matched >= words {
        1.0
    } else if matched == 0 {
        0.0
    } else {
        // x^0.2, the fifth root, by Newton's steps from x^0.25 (two square roots, one wasm
        // instruction each): four steps reach f32's precision for x from 1/12 (the error goes
        // 12%, 3%, 0.2%, 5e-6, 5e-11), and the wasm links no `expf` (about 0.4 KB).
        let x = matched as f32 / words as f32;
        let mut y = x.sqrt().sqrt();
        for _ in 0..4 {
            y = 0.8 * y + 0.2 * x / (y * y * y * y);
        }
        y
    }
}

const _: () = assert!(COORDINATION == 0.2, "coordination() takes the fifth root");

/// Exact above typo, for a query of one word: the entries that match it only through a typo (or
/// only through a related form) rank below every entry that has the word itself, an inflection,
/// a completion or a compound of it, and keep their own order: their scores are scaled below the
/// least of those. (Without it a typo in a title, `throughput`, outscored the word typed,
/// `throughout`, in an abstract.) Longer queries keep the plain scores: there the other words
/// already tell the entries apart, and scoring leaves out entries by those scores.
pub fn typos_below_exact(cands: &mut [Candidate]) {
    let weak = |c: &Candidate| c.typos > 0 || c.coverage == 0;
    let least = cands.iter().filter(|c| !weak(c)).map(|c| c.score).fold(f32::INFINITY, f32::min);
    let most = cands.iter().filter(|c| weak(c)).map(|c| c.score).fold(0.0, f32::max);
    if least.is_finite() && most >= least {
        // Half the least: clear of rounding, so the order holds in the printed scores too.
        let f = least / most * 0.5;
        for c in cands.iter_mut().filter(|c| weak(c)) {
            c.score *= f;
        }
    }
}

/// Orders candidates by relevance: higher score (already scaled by [`coordination`]), newer,
/// then input order (not the document number: the index may store entries in another order).
pub fn order(a: &Candidate, b: &Candidate) -> std::cmp::Ordering {
    b.score
        .total_cmp(&a.score)
        .then(b.date.cmp(&a.date))
        .then(a.input.cmp(&b.input))
}

/// Rounds a score for output, so that printed scores are stable and short.
pub fn round_score(s: f32) -> f64 {
    (f64::from(s) * 10_000.0).round() / 10_000.0
}


#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::query::MAX_CLAUSES;

    #[test]
    fn bm25f_raw_is_bm25f_before_saturation() {
        // The scoring loop's form (packed frequencies, length codes in a word)
        // against `bm25f` over every posting mask and field filter: bit for bit.
        let table: [[f32; 256]; FIELDS.len()] = std::array::from_fn(|f| std::array::from_fn(|c| 0.37 + (f * 256 + c) as f32 * 0.013));
        let codes = [3u8, 250, 17, 128];
        let factors: [f32; FIELDS.len()] = std::array::from_fn(|f| table[f][usize::from(codes[f])]);
        for tfs in [[1u16, 1, 1, 1], [3, 1, 7, 2], [u16::MAX, 2, 1, 300]] {
            for in_fields in 0..1u8 << FIELDS.len() {
                let tf = std::array::from_fn(|f| if in_fields & (1 << f) != 0 { tfs[f] } else { 0 });
                let posting = Posting { doc: 7, tf, fields: in_fields };
                let packed = PackedPosting { doc: 7, tf: (0..FIELDS.len()).map(|f| u64::from(tf[f]) << (16 * f)).sum(), fields: in_fields };
                for fields in 0..1u8 << FIELDS.len() {
                    let raw = bm25f_raw(&table, u32::from_le_bytes(codes), &packed, fields);
                    assert_eq!(saturate(raw).to_bits(), bm25f(&factors, &posting, fields).to_bits(), "{tfs:?} in {in_fields:04b}, fields {fields:04b}");
                }
            }
        }
    }

    #[test]
    fn coordination_is_the_power_it_names() {
        for words in 1..=MAX_CLAUSES as u32 {
            for matched in 0..=words {
                let want = (f64::from(matched) / f64::from(words)).powf(f64::from(COORDINATION));
                let got = f64::from(coordination(matched, words));
                assert!((got - want).abs() <= want * 1e-6, "{matched} of {words}: {got} for {want}");
            }
        }
    }
}
