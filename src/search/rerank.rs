//! Re-ranking: the best candidates are read from the stored text and re-scored with how many
//! query words their title holds and how close together the words stand ([`Searcher::rerank`]);
//! the word being typed may find completions there that the search did not list
//! ([`Searcher::typed`]), and a word begun after the words (one letter, or two) lifts the titles
//! with a word that starts with it, the more the rarer that word ([`begun_factor`], also applied
//! by [`Searcher::rerank_begun`] after one word). The scans are kept for the results'
//! highlights and snippets.

use super::highlight::{MatchedTerms, Scan};
use super::matcher::{self, MatchKind};
use super::query::Clause;
use super::rank::{self, Candidate};
use super::{sort_candidates, Explained, Searcher, Source};
use crate::index::format::{ABSTRACT, TITLE};
use crate::index::read::Posting;
use crate::index::read::StoredText;
use crate::index::Index;
use crate::text::{is_stop_word, tokenize};

/// Candidates re-scored with word proximity from the stored text.
pub(super) const RERANK: usize = 20;
/// Re-scoring multiplies a score by 1 + this × the share of the query words in the title …
const RERANK_TITLE: f32 = 0.3;
/// … + this × proximity (1 when the words stand together).
const RERANK_PROXIMITY: f32 = 0.3;
/// In the title's share, a query word the title holds only in another form than typed (an
/// inflection, a typo) counts as this much of a word: a title that holds the words as typed
/// is likelier the one a reader recalls (`policy harvesting`: `Policy … Harvesting` above
/// `Policies … Harvesting`).
const OTHER_FORM_IN_TITLE: f32 = 0.25;
/// Re-scoring then multiplies by 1 + this × the share of the query words not held only in
/// other forms (`Candidate::typed`): of two entries that hold every word, one that holds
/// `puzzles` and `contributes` gains more than one with only `puzzle` and `contributing` (an
/// inflection, a related form, or a typo of a word the dictionary holds): a reader recalls the
/// words as the entry wrote them.
const RERANK_TYPED: f32 = 0.5;
/// The word being typed, for completions found while re-ranking ([`Searcher::typed`]).
pub(super) struct Typed {
    /// The word as typed (folded).
    word: String,
    /// Its query word (bit).
    bit: u32,
    /// The fields it may match in.
    fields: u8,
    /// The idf its completions are capped at.
    idf: f32,
}

/// A one-letter word being typed ([`Clause::begun`]): re-ranking multiplies the score of an
/// entry whose title has another word that starts with it by up to 1 + this, the more the
/// rarer that word ([`begun_factor`]).
const BEGUN_IN_TITLE: f32 = 0.9;
/// The same for a two-letter word being typed after other words, less: it also matches its
/// most frequent completions, so this lifts a title's rarer word that starts with it (with one
/// of 0.9, the as-you-type benchmark's words at random fared worse: 43.0% → 40.3% first).
const BEGUN_TWO_IN_TITLE: f32 = 0.25;

/// The share of a word begun's weight ([`begun_weight`]) that a title word starting with it gets
/// however common that word is; the rest goes by its rarity.
const BEGUN_COMMON: f32 = 0.2;

/// The most [`begun_factor`] adds to 1 for the word begun `letters` (one letter or two).
fn begun_weight(letters: &str) -> f32 {
    if letters.len() == 1 {
        BEGUN_IN_TITLE
    } else {
        BEGUN_TWO_IN_TITLE
    }
}

/// What a word begun (`letter`: the query's last word, of one letter, or of two after other
/// words, being typed) multiplies an entry's score by, given its `title`: 1 when no word of the
/// title starts with it and is longer, other than the terms the query matched (`terms`: the
/// other words, and the listed completions of two letters) and stop words (`the`, `for`: most
/// titles have one, and a reader does not type them); otherwise 1 + [`begun_weight`] ×
/// ([`BEGUN_COMMON`] + the rest × the rarest such word's rarity), where rarity is
/// `ln(n / df) / ln(n)` over the `n` entries: 1 for a word of one entry, 0 for a word of half of
/// them or more. A reader who recalls a title's telling word types its first letters, and a
/// completion scores under its own idf once its prefix is long enough to list it. On the
/// as-you-type benchmark's rarest title words (400 papers at 56k) this ranks the paper first
/// 37.5% of the time with one letter typed (29.8% with a flat factor) and 60.3% with two (52.5%
/// without; `docs/relevance.md`).
fn begun_factor(index: &Index<'_>, title: &str, letter: &str, terms: &MatchedTerms) -> f32 {
    let n = index.doc_count();
    // The largest n / df among the title's words in the letter (0: none).
    let mut rarest = 0u32;
    tokenize(title, |t| {
        if !t.joined && t.term.len() > letter.len() && t.term.starts_with(letter) && !is_stop_word(t.term) && terms.get(t.term) == 0 {
            let df = index.term(t.term.as_bytes()).map_or(n, |v| Index::split_value(v).1).max(1);
            rarest = rarest.max(n / df);
        }
    });
    if rarest == 0 {
        return 1.0;
    }
    let rarity = ((rarest as f32).ln() / (n.max(2) as f32).ln()).clamp(0.0, 1.0);
    1.0 + begun_weight(letter) * (BEGUN_COMMON + (1.0 - BEGUN_COMMON) * rarity)
}

/// For proximity, a query word that a text holds only in another form than typed (an
/// inflection, a typo: see [`OTHER_FORM_IN_TITLE`]) stands this many words further from the
/// others, as words in another order do ([`Scan::span`]): `void profiles` is not the
/// `profiles … voids` a reader who types `profiles voids` recalls.
const OTHER_FORM_APART: u32 = 1;

/// `scan`'s [`Scan::span`] of the `required` words, [`OTHER_FORM_APART`] more for each of them
/// the text holds only in another form than typed. (Not inlined: one copy serves the title and
/// the abstract, 19 bytes less of runtime code.)
#[inline(never)]
fn span_as_typed(scan: &Scan, required: u32) -> u32 {
    let (cover, typed) = scan.cover_with_typed(required);
    scan.span(required).saturating_add(OTHER_FORM_APART * (cover - typed))
}

/// Weight of a completion found in the text while re-ranking: the lowest a listed completion has.
const TYPED_WEIGHT: f32 = 0.75;
/// Most re-ranked candidates read only because a completion of the word being typed could
/// lift them to the page.
const TYPED_READS: usize = 3;

/// A re-ranked candidate's stored texts and the scans of its title and (when it has every
/// word) abstract, which its highlights and snippet reuse (the rest of its entry is read only
/// if it is shown).
pub(super) struct Scanned<'a> {
    pub(super) doc: u32,
    pub(super) stored: StoredText<'a>,
    pub(super) title: Scan,
    pub(super) abstract_scan: Option<Scan>,
}

impl<'a> Searcher<'a> {
    /// Re-scores the best candidates with word proximity (entries with every word) and title
    /// coverage, read from the stored text. Returns each one's scans of its title and (when it
    /// has every word) abstract, which its highlights and snippet then reuse. Title coverage
    /// counts `title_words`: the `required` words and those a long query left out for their
    /// postings (`score::common_words_past_budget`), which only the scans find.
    ///
    /// Re-scoring only raises a score, by at most `1 + RERANK_TITLE + RERANK_PROXIMITY` (less for
    /// an entry that lacks a word: see `boost_max` below): a candidate that even
    /// so stays below the `page`-th best score cannot reach the page (the first `page`
    /// results), and is left as it is, unread. (Phrase queries, which drop candidates after
    /// this, pass `usize::MAX`: every candidate is re-scored.)
    #[allow(clippy::too_many_arguments)]
    #[inline(never)]
    pub(super) fn rerank(&self, cands: &mut [Candidate], terms: &MatchedTerms, required: u32, title_words: u32, typed: Option<&Typed>, begun: Option<&str>, mut completed: Option<&mut Vec<(u32, Explained)>>, page: usize) -> Vec<Scanned<'a>> {
        let full = required.count_ones();
        let k = cands.len().min(RERANK);
        // Candidates are sorted: the page-th score is a floor for the page's final scores. So is
        // the page-th best score re-scored so far (re-scoring only raises scores), which rises
        // as the best candidates are re-scored: fewer of the rest can still reach the page.
        let mut floor = page.checked_sub(1).and_then(|i| cands.get(i)).map_or(0.0, |c| c.score);
        let mut rescored = matcher::Best::new(page.min(k));
        let words = full as f32;
        // An entry that lacks only the word being typed may hold one of its unlisted
        // completions: it then matches every word (see [`Searcher::typed`]).
        let coord = |m: u32| rank::coordination(m, full);
        let completes = |c: &Candidate| typed.filter(|t| c.mask & t.bit == 0 && c.coverage + 1 == full);
        // The most re-scoring can multiply a score by: the title can hold only the query words
        // the entry holds in some form (or words the scans find beyond those: see
        // [`MatchedTerms::unbounded`]), and proximity needs them all in one text. An entry
        // that lacks a word can gain at most the title's share of the words it has.
        let unbounded = terms.unbounded();
        let begun_max = begun.map_or(1.0, |b| 1.0 + begun_weight(b));
        // Known from the postings, before any entry is read.
        let typed_factor = |c: &Candidate| 1.0 + RERANK_TYPED * (1.0 - (c.present & !c.typed & required).count_ones() as f32 / words);
        // Re-scoring raises each of the first candidates at least to its score times this: the
        // page-th highest such is a floor too (the highest that `page` of them reach).
        let least = |c: &Candidate| c.score * typed_factor(c);
        for c in &cands[..k] {
            if cands[..k].iter().filter(|d| least(d) >= least(c)).count() >= page {
                floor = floor.max(least(c));
            }
        }
        let boost_max = |c: &Candidate| {
            let holds = (c.present | unbounded) & required;
            let proximity = if holds == required { 1.0 } else { 0.0 };
            let in_title = (c.present | unbounded) & title_words;
            (1.0 + RERANK_TITLE * (in_title.count_ones() as f32 / title_words.count_ones() as f32) + RERANK_PROXIMITY * proximity) * typed_factor(c) * begun_max
        };
        let mut scans = Vec::with_capacity(k);
        let mut extra_reads = 0;
        for c in cands[..k].iter_mut() {
            let completion = completes(c);
            // The most re-scoring can make of this score.
            let best = match completion {
                Some(t) => (c.score / coord(c.coverage) + t.idf * rank::SATURATED_MAX * TYPED_WEIGHT) * coord(full),
                None => c.score,
            };
            let boost = boost_max(c);
            if best * boost < floor {
                // Cannot reach the page: left as it is, unread.
                continue;
            }
            if c.score * boost < floor {
                // Read only for a completion it may hold: a few such reads at most, the best
                // first (a broad query has many entries that lack the word being typed).
                if extra_reads == TYPED_READS {
                    continue;
                }
                extra_reads += 1;
            }
            let stored = self.index.stored_text(c.doc);
            let title = Scan::new(stored.title, terms, TITLE);
            // Proximity needs every word: an entry that misses one skips the abstract scan.
            let has_all = c.coverage >= full;
            let mut abstract_scan = None;
            if let Some(t) = completion {
                // Looked for in the title, already scanned: reading the abstract of every entry
                // that lacks the word would cost a broad query more than the rest of it. A stop
                // word, which no posting shows, is looked for in the abstract too.
                let in_title = title.first(t.bit).map(|(start, end)| &stored.title[start..end]);
                if in_title.is_some() || is_stop_word(&t.word) {
                    let scan = Scan::new(stored.abstract_text, terms, ABSTRACT);
                    if let Some(word) = in_title.or_else(|| scan.first(t.bit).map(|(start, end)| &stored.abstract_text[start..end])) {
                        // It now holds every word: its abstract counts, as for proximity.
                        let posting = self.complete(c, t, full, [title.count(t.bit), scan.count(t.bit)]);
                        if let (Some(posting), Some(out)) = (posting, completed.as_mut()) {
                            out.push((c.doc, self.explain_completion(t, &posting, word)));
                        }
                        abstract_scan = Some(scan);
                    }
                }
            }
            // A word the title holds only in another form (an inflection, a typo) counts part.
            let (cover, as_typed) = title.cover_with_typed(title_words);
            let title_cover = (as_typed as f32 + OTHER_FORM_IN_TITLE * (cover - as_typed) as f32) / title_words.count_ones() as f32;
            let begun_lift = begun.map_or(1.0, |letters| begun_factor(&self.index, stored.title, letters, terms));
            let typed_by = typed_factor(c);
            let factor = |proximity: f32| (1.0 + RERANK_TITLE * title_cover + RERANK_PROXIMITY * proximity) * typed_by * begun_lift;
            // With its title read, the most re-scoring can make of the score is known but for
            // the abstract's proximity: an entry that cannot reach the page even with full
            // proximity is not shown, and its abstract is not scanned (a few per hundred).
            if has_all && c.score * factor(1.0) >= floor {
                abstract_scan = Some(Scan::new(stored.abstract_text, terms, ABSTRACT));
            }
            let span = span_as_typed(&title, required).min(abstract_scan.as_ref().map_or(u32::MAX, |a| span_as_typed(a, required)));
            let proximity = if span == u32::MAX { 0.0 } else { (words / span as f32).min(1.0) };
            c.score *= factor(proximity);
            if page <= k {
                // Scores are never negative: their bit patterns order like the floats.
                rescored.offer(std::cmp::Reverse(c.score.to_bits()), || ());
                if let Some(std::cmp::Reverse(bits)) = rescored.worst() {
                    floor = floor.max(f32::from_bits(*bits));
                }
            }
            scans.push(Scanned { doc: c.doc, stored, title, abstract_scan });
        }
        sort_candidates(&mut cands[..k], &rank::order);
        scans
    }

    /// Re-ranks the first [`RERANK`] candidates of a query of one word and a letter begun
    /// (`diffusion a`), which [`Searcher::rerank`] does not see: an entry whose title has a
    /// word that starts with the letter goes up, the more the rarer the word ([`begun_factor`]).
    /// Only titles are read.
    pub(super) fn rerank_begun(&self, cands: &mut [Candidate], letter: &str, terms: &MatchedTerms) {
        let k = cands.len().min(RERANK);
        for c in cands[..k].iter_mut() {
            c.score *= begun_factor(&self.index, self.index.stored_text(c.doc).title, letter, terms);
        }
        sort_candidates(&mut cands[..k], &rank::order);
    }

    /// The word being typed (clause `i`), when the search listed only its most frequent
    /// completions ([`matcher::expand`]): re-ranking then looks for the others in the titles of
    /// the entries that hold every other word (`order mat` → `matters`, past `matrix`,
    /// `material`, …). A completion found so scores as a listed one would, at the lowest
    /// weight of a completion and the word's own idf cap. A stop word being typed is looked
    /// for so too, itself among its completions, whatever the search listed, and in the
    /// abstracts as well: no posting shows where it stands.
    pub(super) fn typed(&self, sources: &[Source], i: usize, clause: &Clause) -> Option<Typed> {
        let bit = 1u32 << i;
        let mut listed = sources.iter().filter(|s| s.clauses == bit && s.exp.kind == MatchKind::Prefix).peekable();
        // A stop word that no term completes (`without`) is found in the text alone, as a word
        // of half the entries: it makes an entry a full match, adding little to its score.
        let stop = is_stop_word(&clause.word);
        let idf = match listed.peek() {
            Some(s) => s.idf_cap,
            None if stop => rank::idf(self.index.doc_count(), self.index.doc_count() / 2),
            None => return None,
        };
        let (count, postings) = listed.fold((0, 0u64), |(n, p), s| (n + 1, p + u64::from(Index::split_value(s.exp.value).1)));
        let cut = count >= matcher::PREFIX_KEEP || postings >= matcher::prefix_postings_cap(self.index.doc_count());
        // A stop word being typed (`with`) is no term of the index: the entries that hold it
        // are found in their text too, however few its listed completions (`within`).
        let unlisted = cut || stop;
        (unlisted && idf.is_finite()).then(|| Typed { word: clause.word.clone(), bit, fields: clause.fields, idf })
    }

    /// Makes `c`, which lacks only the word being typed, a full match through a completion
    /// found in its text, `tf` times in its title and abstract. Returns the posting so scored,
    /// or `None` (and leaves `c` as it is) when those are no fields the word may match in.
    fn complete(&self, c: &mut Candidate, t: &Typed, full: u32, tf: [u32; 2]) -> Option<Posting> {
        let tf = tf.map(|n| n.min(u32::from(u16::MAX)) as u16);
        let fields = u8::from(tf[0] > 0) | u8::from(tf[1] > 0) << 1;
        let posting = Posting { doc: c.doc, tf: [tf[0], tf[1], 0, 0], fields };
        let add = rank::bm25f(&rank::doc_factors(&self.index, c.doc), &posting, t.fields) * t.idf * TYPED_WEIGHT;
        if add <= 0.0 {
            return None;
        }
        let coord = |m: u32| rank::coordination(m, full);
        c.score = (c.score / coord(c.coverage) + add) * coord(full);
        c.coverage = full;
        c.mask |= t.bit;
        c.present |= t.bit;
        c.typed |= t.bit;
        Some(posting)
    }

    /// A completion found by [`Searcher::complete`], as `explain` lists it: `word` its text.
    fn explain_completion(&self, t: &Typed, posting: &Posting, word: &str) -> Explained {
        let mut term = String::new();
        tokenize(word, |tok| term = tok.term.to_string());
        let fields = rank::bm25f_fields(&self.index, posting, t.fields).map(|f| rank::round_score(f * t.idf));
        Explained { word: t.word.clone(), term, kind: MatchKind::Prefix, weight: f64::from(TYPED_WEIGHT), fields }
    }
}
