//! Scoring: one round per query word reads its sources' postings into a running score per
//! entry (BM25F, a word's best match per entry, its own forms summed), under a candidate
//! budget, and stops admitting entries once the words left cannot lift a new one to the page
//! ([`Searcher::score`]). Its working memory ([`Scratch`]) is sized to the index once and
//! reused by every query.

use super::matcher::{self, MatchKind};
use super::rank::{self, Candidate};
use super::query::MAX_CLAUSES;
use super::{insertion_sort, is_set, Searcher, Source};
use crate::index::format::FIELDS;
use crate::index::read::{FIELD_BITS, POSTINGS_BLOCK};
use crate::index::Index;

/// Most candidates a query's later (commoner) words admit: see `Searcher::score`.
pub const CANDIDATE_BUDGET: usize = 20_000;
/// Postings a query's required words may have in all, past its two rarest words (see
/// `common_words_past_budget`).
pub const POSTINGS_BUDGET: u64 = 100_000;
/// Most times one search checks whether its later words can still add entries to the page.
const PRUNE_CHECKS: u32 = 4;

/// One held document's running state while a query is scored. Slots are kept in the order
/// documents are admitted, one small struct each, so that the slots of a query (at most
/// [`CANDIDATE_BUDGET`], usually a few thousand) stay in cache: one slot per document of the
/// index (4 MB at 100k entries) made a posting of a held document wait on a cache miss, a
/// sixth of a query's time.
#[derive(Clone, Copy, Default)]
#[repr(C, align(32))]
struct Slot {
    /// The document.
    doc: u32,
    /// Its field length codes ([`Index::doc_len_codes`]), its [`rank::doc_factors`] through
    /// [`Scratch::factors`].
    codes: [u8; FIELDS.len()],
    /// Score summed over the query words scored so far.
    score: f32,
    /// This round's best score for the current word.
    best: f32,
    /// Summed weighted frequency of the word's own forms (exact and inflections) this round.
    forms: f32,
    /// Query words (bit mask; a query has at most [`MAX_CLAUSES`] words, so 16 bits hold them,
    /// and the slot fits in 32 bytes) matched so far, and this round.
    mask: u16,
    best_mask: u16,
    /// Query words matched by more than a related form.
    strong: u16,
    /// Query words matched by more than a typo (or a related form).
    sure: u16,
    /// Query words matched as typed (`Source::as_typed`).
    typed: u16,
}

impl Slot {
    /// The score the document ends with if no later round adds to it: its score so far under
    /// the soft AND of the required words it matches (`coord`, by count; 0 for none).
    fn scored(&self, coord: &[f32], required: u32) -> f32 {
        self.score * coord[(u32::from(self.mask) & required).count_ones() as usize]
    }
}

/// The `keep`-th best [`Slot::scored`] among `slots`, or `None` when fewer are held. Scores only
/// grow, so a document whose best possible score stays below it cannot reach the first `keep`.
fn kth_best(slots: &[Slot], keep: usize, coord: &[f32], required: u32) -> Option<f32> {
    let mut top = matcher::Best::new(keep);
    // The `keep`-th best so far, once `keep` are kept: a slot whose score (which the soft AND
    // only lowers) does not pass it is not kept, and costs one comparison.
    let mut worst = f32::NEG_INFINITY;
    for slot in slots {
        if slot.score <= worst {
            continue;
        }
        top.offer(std::cmp::Reverse(slot.scored(coord, required).to_bits()), || ());
        if let Some(std::cmp::Reverse(bits)) = top.worst() {
            worst = f32::from_bits(*bits);
        }
    }
    top.worst().map(|std::cmp::Reverse(bits)| f32::from_bits(*bits))
}

const _: () = assert!(MAX_CLAUSES <= 16, "Slot keeps query words in 16-bit masks");
const _: () = assert!(std::mem::size_of::<Slot>() == 32);
const _: () = assert!(CANDIDATE_BUDGET <= 1 << 16, "Scratch::at numbers slots in 16 bits");
const _: () = assert!(CANDIDATE_BUDGET == crate::index::format::ORDER_RUN, "entries keep their input order within runs of the budget");

/// Per-query working memory, reused between queries (sized to the entry count).
#[derive(Default)]
pub(super) struct Scratch {
    /// The documents held, in the order admitted.
    slots: Vec<Slot>,
    /// Per document, its slot's number, where `held` has its bit (2 bytes per document, where
    /// a slot per document took 40).
    at: Vec<u16>,
    /// [`rank::factor_table`]: a slot's factors by its length codes.
    factors: Vec<[f32; 256]>,
    /// Slots matched this round.
    round: Vec<u32>,
    /// Bit per document: held (has a slot). A 12 KB bit set stays in cache: passing over a
    /// document (below) costs no other read.
    held: Vec<u64>,
    /// Bits per document, once rounds stop admitting ([`Searcher::score`]): passed over (would
    /// have been held), and counted in the total.
    passed: Vec<u64>,
    counted: Vec<u64>,
}

/// Sets `doc`'s bit; returns whether it was clear.
fn set_bit(bits: &mut [u64], doc: u32) -> bool {
    let (w, b) = (doc as usize / 64, 1u64 << (doc % 64));
    let clear = bits[w] & b == 0;
    bits[w] |= b;
    clear
}

/// The rounds (query words, by clause number) that have sources: the required words by the
/// total length of their postings, shortest first, then the words that only add to what the
/// others found ([`Source::follows`]), then the optional ones.
fn round_order(sources: &[Source], required: u32) -> Vec<u32> {
    let mut cost: Vec<((bool, bool), u64, u32)> = Vec::new();
    for src in sources {
        let round = src.clauses.trailing_zeros();
        let df = u64::from(Index::split_value(src.exp.value).1);
        match cost.iter_mut().find(|c| c.2 == round) {
            Some(c) => {
                c.0 .1 &= src.follows;
                c.1 += df;
            }
            None => cost.push(((required & (1 << round) == 0, src.follows), df, round)),
        }
    }
    insertion_sort(&mut cost, |a, b| a < b);
    cost.into_iter().map(|c| c.2).collect()
}

/// The required words (bit per clause) to leave out of a query because their postings would
/// exceed [`POSTINGS_BUDGET`]: the most common first, keeping at least the two rarest. A long
/// query of common words (`model network learning language …`) then costs bounded time, and its
/// commonest words count like stop words: they neither score nor make an entry partial. (A
/// phrase is still checked whole, on the stored text.)
pub(super) fn common_words_past_budget(sources: &[Source], required: u32) -> u32 {
    let mut total = 0u64;
    let mut dropped = 0u32;
    let mut kept = 0;
    for round in round_order(sources, required) {
        if required & (1 << round) == 0 {
            continue;
        }
        let cost: u64 = sources.iter().filter(|s| s.clauses.trailing_zeros() == round).map(|s| u64::from(Index::split_value(s.exp.value).1)).sum();
        total += cost;
        if kept >= 2 && total > POSTINGS_BUDGET {
            dropped |= 1 << round;
        } else {
            kept += 1;
        }
    }
    dropped
}

/// Whether new documents may still be admitted at the first of `rounds`: the least
/// [`Searcher::score`] `bound` of a source of that round through which a new document could
/// still reach the `keep`-th best score held (`NEG_INFINITY`: every source may admit;
/// `INFINITY`: none). A new document first found through `src` scores at most its bound plus
/// what the later rounds can add at saturated frequency, under the soft AND of the words of
/// this and later rounds. Kept out of line: it runs a few times per query, and the scoring
/// loop it sits beside compiles better without it.
#[inline(never)]
#[allow(clippy::too_many_arguments)]
fn admission(sources: &[Source], rounds: &[u32], in_round: &dyn Fn(&Source, u32) -> bool, bound: &dyn Fn(&Source) -> f32, slots: &[Slot], keep: usize, coord: &[f32], required: u32, n: u32) -> f32 {
    let round = rounds[0];
    let (mut rest, mut clauses) = (0.0f32, 0u32);
    for (j, &r) in rounds.iter().enumerate() {
        let mut top = 0.0f32;
        for src in sources.iter().filter(|src| in_round(src, r)) {
            if j > 0 {
                top = top.max(rank::idf(n, Index::split_value(src.exp.value).1).min(src.idf_cap) * src.exp.weight);
            }
            clauses |= src.clauses;
        }
        rest += top * rank::SATURATED_MAX;
    }
    let coord_later = coord[(clauses & required).count_ones() as usize];
    let Some(floor) = kth_best(slots, keep, coord, required) else { return f32::NEG_INFINITY };
    let admits = |src: &Source| (bound(src) + rest) * coord_later >= floor;
    let this = || sources.iter().filter(|src| in_round(src, round));
    if this().all(admits) {
        f32::NEG_INFINITY
    } else {
        this().filter(|src| admits(src)).map(bound).fold(f32::INFINITY, f32::min)
    }
}

/// The state of admission while a query's sources are read ([`Searcher::score`]).
#[derive(Clone, Copy)]
struct Reading {
    /// Documents in the index.
    n: usize,
    /// Whether sources may still admit new documents (false once a round only adds).
    admit: bool,
    /// The largest document number held: past it, a full budget means nothing to read.
    last_held: u32,
    /// Documents passed over: all of them (for the budget) …
    passed: usize,
    /// … and those counted in the total.
    counted: u32,
}

/// What one source adds to a document that holds it ([`read_postings`]).
struct Part {
    /// The source is one of its word's own forms (exact or inflection): its weighted
    /// frequencies add up, saturated together at the round's end.
    form: bool,
    /// Its idf, weight and share of a compound's words.
    idf: f32,
    /// It is a required word's.
    counts: bool,
    /// Its query words, and those it matches by more than a related form, by more than a typo,
    /// and as typed.
    bits: u16,
    strong: u16,
    sure: u16,
    typed: u16,
}

/// Reads `src`'s postings into the slots of `s` ([`Searcher::score`]'s inner loop). Kept out
/// of line, as a function of its own, so that V8 compiles the loop by itself.
#[inline(never)]
fn read_postings(index: &Index<'_>, s: &mut Scratch, src: &Source, part: &Part, st: &mut Reading, allow: Option<&dyn Fn(u32) -> bool>) {
    let Part { form, idf, counts, bits, strong, sure, typed } = *part;
    let Ok(table) = <&[[f32; 256]; FIELDS.len()]>::try_from(&s.factors[..]) else { return };
    // The state of admission in locals while the loop runs, stored back at its end.
    let Reading { n, admit, mut last_held, mut passed, mut counted } = *st;
    let mut postings = index.postings(src.exp.value);
    // The source's field bits: a posting passed over is tested on its flag byte alone.
    let fields = src.fields & FIELD_BITS;
    // Whether postings of documents not held may be admitted (read in full, in list order);
    // otherwise they are only passed over (counted, or not at all for a source that follows).
    let admitting = admit && !src.follows;
    // Documents that may still be passed over (and counted), while not admitting: the budget's
    // room (none for a source that follows).
    let room = if src.follows { 0 } else { CANDIDATE_BUDGET.saturating_sub(s.slots.len()) };
    // A block of postings at a time (`Postings::next_block`): document numbers and flag bytes,
    // the frequencies read only for the postings used.
    let mut docs = [0u32; POSTINGS_BLOCK];
    // (A list's end is tested first: a call that finds no postings costs more, and most lists
    // of a typo query fit in one block.)
    while !postings.is_empty() {
        // The block's postings of documents held, by bit.
        let (first, flags, mut held) = postings.next_block(&mut docs, &s.held);
        let mut len = flags.len();
        if len == 0 {
            break;
        }
        // Past the entry count (a damaged index), the list ends.
        let mut end = docs[len - 1] as usize >= n;
        if end {
            len = docs[..len].iter().position(|&d| d as usize >= n).unwrap_or(len);
            if len == 0 {
                break;
            }
            held &= !(u64::MAX << len);
        }
        let all = u64::MAX >> (64 - len);
        if !admitting {
            // The postings of documents not held, passed over in a loop of their own, counted
            // while the budget has room.
            let mut rest = all & !held;
            while rest != 0 && passed < room {
                let i = rest.trailing_zeros() as usize;
                rest &= rest - 1;
                let doc = docs[i];
                last_held = last_held.max(doc);
                if flags[i] & fields != 0 {
                    passed += usize::from(set_bit(&mut s.passed, doc));
                    if counts {
                        counted += u32::from(set_bit(&mut s.counted, doc));
                    }
                }
            }
            // Neither held nor counted (a source that follows, or a full budget): past the last
            // document held, nothing more (the documents held lie at or below it).
            if rest != 0 && docs[63 - rest.leading_zeros() as usize] > last_held {
                end = true;
            }
        }
        // The postings read in full: those of documents held, and, while admitting, the others.
        let mut todo = if admitting { all } else { held };
        while todo != 0 {
            let i = todo.trailing_zeros() as usize;
            todo &= todo - 1;
            let (doc, flag) = (docs[i], flags[i]);
            let d = doc as usize;
            // The document's slot, when it has one, and its length codes.
            let (slot_at, codes) = if held >> i & 1 != 0 {
                let at = usize::from(s.at[d]);
                (Some(at), s.slots[at].codes)
            } else {
                if s.slots.len() >= CANDIDATE_BUDGET {
                    if doc > last_held {
                        end = true;
                        break;
                    }
                    continue;
                }
                if allow.is_some_and(|allow| !allow(doc)) {
                    continue;
                }
                last_held = last_held.max(doc);
                (None, index.doc_len_codes_packed(doc).to_le_bytes())
            };
            let p = postings.posting(doc, first + i, flag);
            // This posting's part: the weighted frequency of one of the word's own forms
            // (saturated with the others at the round's end), or a score.
            let raw = rank::bm25f_raw(table, u32::from_le_bytes(codes), &p, src.fields);
            let v = if form { raw * src.exp.weight } else { rank::saturate(raw) * idf };
            if v <= 0.0 {
                continue;
            }
            let at = slot_at.unwrap_or_else(|| {
                // Admitted: a new slot.
                let at = s.slots.len();
                s.slots.push(Slot { doc, codes, ..Slot::default() });
                s.at[d] = at as u16;
                set_bit(&mut s.held, doc);
                at
            });
            let slot = &mut s.slots[at];
            if slot.best_mask == 0 {
                s.round.push(at as u32);
            }
            slot.best_mask |= bits;
            slot.typed |= typed;
            if form {
                slot.forms += v;
                slot.strong |= bits;
                slot.sure |= bits;
            } else {
                if v > slot.best {
                    slot.best = v;
                }
                slot.strong |= strong;
                slot.sure |= sure;
            }
        }
        if end {
            break;
        }
    }
    *st = Reading { n, admit, last_held, passed, counted };
}

/// How much rarer than its commonest inflection a word typed alone must be to score under its
/// own idf (see `alone` in [`Searcher::score`]).
const RARER_THAN_FORMS: u32 = 8;

impl Searcher<'_> {
    /// Scores the documents that match the sources; returns the candidates that pass `allow`
    /// and are not `excluded` (with `keep` set, those whose score reaches the `keep`-th best),
    /// and the number of other matching documents, counted but not returned.
    ///
    /// One round per query word, the required words in order of their postings' total length
    /// (rarest first): a document keeps its best match for each word. Rounds admit new
    /// documents only while fewer than [`CANDIDATE_BUDGET`] are held, and otherwise only add to
    /// the scores of the documents already held; a postings list is then read only up to the
    /// last document held (postings are in document order). Every full match holds the first
    /// round's word, so when that word is in fewer than [`CANDIDATE_BUDGET`] entries, full
    /// matches and their scores are exact and only a broad query's partial matches are cut;
    /// when even the rarest word is more common, the first [`CANDIDATE_BUDGET`] of its entries
    /// (in input order) are ranked.
    ///
    /// With `keep` set (relevance order, no filter, exclusion or phrase), a source stops
    /// admitting documents once those it and the later rounds could add cannot reach the
    /// `keep`-th best score held: their best possible score (the source's idf and every later
    /// word's at saturated frequency, under the soft AND of the words they can still match) is
    /// below the score the `keep`-th best held document already has (scores only grow). In a
    /// round where only some sources may still admit (a word being typed: a rare completion
    /// may, its common ones not), those are read first; from the first that may not, the
    /// round and every later one only add to the documents held ([`admission`]). Documents
    /// passed over are only counted, in the number returned with the candidates, so the page
    /// and the total are what scoring them would give, for less work per posting.
    ///
    /// Kept out of line, as are the query path's other phases (`sources`, `rerank`, `hit`):
    /// V8 compiles one huge function worse, and a change to one phase then slows the others
    /// (`build.sh`, the `-ocimfs` of `wasm-opt`).
    #[inline(never)]
    pub(super) fn score(&self, sources: &[Source], required: u32, excluded: &[u64], allow: Option<&dyn Fn(u32) -> bool>, keep: usize) -> (Vec<Candidate>, u32) {
        let n = self.index.doc_count() as usize;
        let mut guard = self.scratch.borrow_mut();
        let s = &mut *guard;
        if s.at.len() != n {
            let words = n.div_ceil(64);
            // Each length's factor, computed at the first search: the scoring loop then does no
            // division.
            let factors = rank::factor_table(&self.index).to_vec();
            *s = Scratch { at: vec![0; n], factors, held: vec![0; words], passed: vec![0; words], counted: vec![0; words], ..Scratch::default() };
        }
        // A document keeps its best match for each word. The word's own forms (the word and
        // its inflections: `game`, `games`) count as one term, as a stemmed index would see
        // them: their frequencies add up before saturation, under the idf of the most common
        // form. Completions, typos and compounds compete one by one.
        let rounds = round_order(sources, required);
        let in_round = |src: &Source, round: u32| if src.shared { src.clauses & (1 << round) != 0 } else { src.clauses.trailing_zeros() == round };
        let words = required.count_ones();
        let coord: Vec<f32> = (0..words + 1).map(|m| rank::coordination(m, words)).collect();
        // Admission and what rounds that admit none pass over ([`Reading`]).
        let mut state = Reading { n, admit: true, last_held: 0, passed: 0, counted: 0 };
        // Each check reads every held document: at most a few per query, and only before a
        // round with more postings than documents held (where leaving entries out pays).
        let mut checks = 0;
        let doc_freq = |src: &Source| Index::split_value(src.exp.value).1;
        for (i, &round) in rounds.iter().enumerate() {
            let postings: u64 = sources.iter().filter(|src| in_round(src, round)).map(|src| u64::from(doc_freq(src))).sum();
            // A query of one word typed far rarer than its commonest inflection (`condense`,
            // `forc`: a name, beside `condensed`, `force`) scores as typed under its own idf,
            // not with its forms under theirs: the entries that hold it as typed come first.
            let commonest_form = sources.iter().filter(|src| src.clauses == 1 << round && src.exp.kind == MatchKind::Stem).map(doc_freq).max().unwrap_or(0);
            let alone = |src: &Source| words == 1 && src.exp.kind == MatchKind::Exact && doc_freq(src).saturating_mul(RARER_THAN_FORMS) < commonest_form;
            let is_form = |src: &Source| src.clauses == 1 << round && matches!(src.exp.kind, MatchKind::Exact | MatchKind::Stem) && !alone(src);
            let forms_idf = sources
                .iter()
                .filter(|src| is_form(src))
                .map(|src| rank::idf(n as u32, doc_freq(src)).min(src.idf_cap))
                .fold(f32::INFINITY, f32::min);
            // The most one posting of `src` can add to a document's score this round: its
            // idf at saturated frequency (the word's own forms add up, but saturate together
            // under the lowest idf of the forms).
            let bound = |src: &Source| {
                if is_form(src) {
                    forms_idf * rank::SATURATED_MAX
                } else {
                    rank::idf(n as u32, doc_freq(src)).min(src.idf_cap) * src.exp.weight * rank::SATURATED_MAX
                }
            };
            // The least `bound` of a source that may still admit new documents this round
            // (below it, a source only adds to the documents held).
            let mut least = f32::NEG_INFINITY;
            if state.admit && i > 0 && s.slots.len() >= keep && checks < PRUNE_CHECKS && postings >= s.slots.len() as u64 {
                checks += 1;
                least = admission(sources, &rounds[i..], &in_round, &bound, &s.slots, keep, &coord, required, n as u32);
                if least > f32::NEG_INFINITY {
                    self.pruned.set(self.pruned.get() + 1);
                    s.passed.fill(0);
                    s.counted.fill(0);
                }
            }
            // Sources that may admit new documents first, then the rest, which only add to the
            // documents held (those admitted this round included). Later rounds then admit none:
            // what they can add is bounded by what this round's least source could. (A chained
            // iterator, not a list sorted by admission: V8 compiled the loop over a list 20%
            // slower.)
            let admits = |src: &Source| !src.follows && (least == f32::NEG_INFINITY || bound(src) >= least);
            let admitting = sources.iter().filter(|src| in_round(src, round) && admits(src)).map(|src| (src, true));
            let adding = sources.iter().filter(|src| in_round(src, round) && !admits(src)).map(|src| (src, false));
            for (src, first) in admitting.chain(adding) {
                // (A number that follows the word before it admits none, and leaves the others
                // as they were.)
                if !first && !src.follows {
                    state.admit = false;
                }
                let share = if src.shared { 1.0 / src.clauses.count_ones() as f32 } else { 1.0 };
                let idf = rank::idf(n as u32, doc_freq(src)).min(src.idf_cap) * src.exp.weight * share;
                let form = is_form(src);
                let counts = src.clauses & required != 0;
                let bits = src.clauses as u16;
                let strong = if src.exp.kind == MatchKind::Related { 0 } else { bits };
                let sure = if matches!(src.exp.kind, MatchKind::Related | MatchKind::Typo) { 0 } else { bits };
                let typed = if src.as_typed { bits } else { 0 };
                let part = Part { form, idf, counts, bits, strong, sure, typed };
                read_postings(&self.index, s, src, &part, &mut state, allow);
            }
            for &at in &s.round {
                let slot = &mut s.slots[at as usize];
                if slot.forms > 0.0 {
                    slot.best = slot.best.max(rank::saturate(slot.forms) * forms_idf);
                    slot.forms = 0.0;
                }
                slot.score += slot.best;
                slot.mask |= slot.best_mask;
                slot.best = 0.0;
                slot.best_mask = 0;
            }
            s.round.clear();
        }
        // With `keep` set, the search's first cut (`Searcher::run`: the `keep`-th best score,
        // ties kept) is made here, on the slots, so that the thousands of entries below it are
        // counted rather than made into candidates. (Not for one word, whose typo matches are
        // rescored below its exact ones first: `rank::typos_below_exact`.)
        // (With `keep` set nothing is excluded, and a slot that matches no required word scores
        // 0, below every one that does: the floor is the `keep`-th best candidate's.)
        let eligible = |slot: &Slot| u32::from(slot.mask) & required != 0 && !is_set(excluded, slot.doc);
        let floor = if keep != usize::MAX && words != 1 && s.slots.len() > keep { kth_best(&s.slots, keep, &coord, required) } else { None };
        let floor = floor.unwrap_or(f32::NEG_INFINITY);
        let mut out = Vec::with_capacity(s.slots.len().min(keep.saturating_mul(4)));
        let mut below = 0u32;
        for slot in s.slots.drain(..) {
            let doc = slot.doc;
            s.held[doc as usize / 64] = 0;
            if !eligible(&slot) {
                continue;
            }
            let score = slot.scored(&coord, required);
            if score < floor {
                below += 1;
                continue;
            }
            // Related forms count for the soft AND but not as matching the word.
            let (mask, strong, sure, typed) = (u32::from(slot.mask), u32::from(slot.strong), u32::from(slot.sure), u32::from(slot.typed));
            let coverage = (strong & required).count_ones();
            // The date is read later, for the candidates that can make the page.
            let typos = (strong & !sure & required).count_ones();
            out.push(Candidate { doc, coverage, typos, mask: strong, present: mask, typed, score, date: 0, input: 0 });
        }
        (out, state.counted + below)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kth_best_is_the_kth_of_every_slot_scored() {
        // Scores from a small set (ties) and masks of 0 to 3 words: the slots a pass leaves out
        // by their unscaled score must not change the `keep`-th best.
        let mut seed = 12345u32;
        let mut next = || {
            seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12_345);
            seed >> 16
        };
        let required = 0b111;
        let coord: Vec<f32> = (0..=3).map(|m| rank::coordination(m, 3)).collect();
        for len in [0, 1, 5, 40, 500] {
            let slots: Vec<Slot> = (0..len).map(|doc| Slot { doc, score: (next() % 12) as f32 * 0.5, mask: (next() % 16) as u16, ..Slot::default() }).collect();
            let mut all: Vec<f32> = slots.iter().map(|slot| slot.scored(&coord, required)).collect();
            all.sort_by(|a, b| b.total_cmp(a));
            for keep in [1, 3, 10, 50] {
                let want = all.get(keep - 1).map(|s| s.to_bits());
                assert_eq!(kth_best(&slots, keep, &coord, required).map(f32::to_bits), want, "{len} slots, keep {keep}");
            }
        }
    }
}
