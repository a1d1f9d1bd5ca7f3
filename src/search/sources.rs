//! Sources: what each query word stands for in the dictionary. Every word expands into its
//! terms (exact, inflections, completions of the word being typed, typos, related forms:
//! [`matcher::expand`]), words typed apart or joined add the compound terms they may mean, and
//! a word typed without a space is split into the two it is made of ([`Searcher::sources`]).
//! Each term becomes a [`Source`]: the postings that scoring reads, with what they stand for.

use super::matcher::{self, Expansion, MatchKind, TypoBuilders};
use super::rank;
use super::query::{Clause, Query};
use super::Searcher;
use crate::index::format::AUTHORS;
use crate::index::Index;
use crate::text::is_stop_word;

/// A dictionary term with the query words (bit mask) it stands for and the fields it may match.
pub(super) struct Source {
    /// The term, how it matched, its weight and its TERMS value.
    pub(super) exp: Expansion,
    /// The query words it stands for (bit per clause).
    pub(super) clauses: u32,
    /// The fields it may match in (bit per field).
    pub(super) fields: u8,
    /// Most inverse document frequency this source may count: a completion or a typo never
    /// counts more than the word as typed (a rare completion of a common word is no rarer
    /// evidence than the word itself).
    pub(super) idf_cap: f32,
    /// A compound of words typed apart (`statespace` for `state space`): it stands for each of
    /// them with an equal share of its score, competing with each word's own matches instead of
    /// adding to them, so `State-space` (indexed as the parts and the compound) does not outscore
    /// `State Space`. A compound typed as one (`text-to-image`) counts whole, once.
    pub(super) shared: bool,
    /// A number typed joined to the word before it (`sam3`, `gpt-4`): it adds to the entries
    /// that the other words find and finds none of its own, so an entry with only a `3`
    /// somewhere is no match of `sam3`, not even a partial one (`score`).
    pub(super) follows: bool,
    /// The terms of this source are its words as typed (see [`MatchKind::is_as_typed`]; set by
    /// [`mark_as_typed`]): re-ranking marks down an entry that holds a word only in other forms.
    pub(super) as_typed: bool,
}

/// Marks the sources whose terms are their words as typed: the word itself, a completion, the
/// words joined or apart; every term of a word the dictionary does not hold (a typo), as no
/// entry holds it better; and every term that starts with the word being typed (`typing`),
/// whatever else matched it (`scene`, a form of the stem of `scen`).
/// The sources of words left out (`left_out`) count as the others do.
pub(super) fn mark_as_typed(sources: &mut [Source], left_out: &mut [Source], typing: Option<(usize, &str)>) {
    let found_as_typed = sources.iter().chain(left_out.iter()).filter(|s| s.exp.kind.is_as_typed()).fold(0, |m, s| m | s.clauses);
    for s in sources.iter_mut().chain(left_out.iter_mut()) {
        let completes = typing.is_some_and(|(i, word)| s.clauses == 1 << i && s.exp.term.starts_with(word));
        s.as_typed = s.exp.kind.is_as_typed() || s.clauses & found_as_typed == 0 || completes;
    }
}

/// The versions of a query (`3.5`: [`Clause::version_with_next`]), each as the mask of its two
/// words.
pub(super) fn version_masks(clauses: &[Clause]) -> Vec<u32> {
    let mut masks = Vec::new();
    for (i, c) in clauses[..clauses.len().saturating_sub(1).min(31)].iter().enumerate() {
        if c.version_with_next {
            masks.push(3u32 << i);
        }
    }
    masks
}

/// Most compound terms a run of words ending with the word being typed may start.
const TYPED_COMPOUNDS: usize = 3;

/// Queries with more words that must match than this (stop words do not count, nor the parts of
/// a compound typed with a hyphen but once) drop the typo variants of words found as typed.
const LONG_QUERY: usize = 8;

/// Words whose expansions a [`Searcher`] keeps.
const RECENT_WORDS: usize = 32;

impl Searcher<'_> {
    /// Expands every query word into dictionary terms, adding compound terms for words typed
    /// apart or joined, and splitting words typed without a space.
    #[inline(never)]
    pub(super) fn sources(&self, query: &Query) -> (Vec<Clause>, Vec<Source>) {
        let mut clauses: Vec<Clause> = Vec::new();
        let mut expanded: Vec<Vec<Expansion>> = Vec::new();
        // Per clause: a number that follows the word before it (`Source::follows`).
        let mut follows: Vec<bool> = Vec::new();
        // Words that must match, a compound typed with a hyphen (`trade-off`) counting once.
        let long = query.clauses.iter().filter(|c| !c.optional && !c.joined_to_next).count() > LONG_QUERY;
        for (i, c) in query.clauses.iter().enumerate() {
            // A number typed joined to a word (`sam3`, `gpt-4`) is not completed on its own
            // (`3d`, `30`): the run's compound completes (`sam3d`), ranked below it. After a
            // word that must match, it only narrows what that word finds (`Source::follows`).
            let after_word = c.joined_number && !query.clauses[i - 1].optional;
            // Completed as the word being typed (a number typed joined to a word is not).
            let completed = c.prefix && !c.joined_number;
            let mut exps = self.expand(&c.word, completed);
            // Names do not inflect: a word scoped to authors (`author:mauri`) matches no other
            // form of itself (`maury`, `mauro`'s stem), only the name, its completions and typos.
            if c.fields == 1 << AUTHORS {
                exps.retain(|e| !matches!(e.kind, MatchKind::Stem | MatchKind::Related));
            }
            if long {
                // Long queries: a word found as typed keeps its exact form and a few inflections;
                // its typo variants would only add postings to walk (bounded work).
                if exps.iter().any(|e| e.kind == MatchKind::Exact) {
                    exps.retain(|e| !matches!(e.kind, MatchKind::Typo | MatchKind::Related));
                    let mut stems = 0;
                    exps.retain(|e| e.kind != MatchKind::Stem || { stems += 1; stems <= 2 });
                }
            }
            // A word the dictionary has in no form, not even one edit away, may be two words
            // typed without a space (in a phrase too: see `run`). So may one it holds only as a
            // compound no entry writes as one word (`timedomain` of `Time-Domain`, where entries
            // also write `time domain`) or only two edits away (`errorcorrection`, read as
            // `errorcorrecting`): outside phrases, such a word is split when it splits into two
            // words, and the compound of the two still finds the form joined or hyphenated.
            // The word being typed may end with a word begun (`signalidentif`): that half is
            // completed as the word being typed. (A stop word is never split: `split_compound`.)
            let split = exps.is_empty() || (c.phrase.is_none() && !c.joined_number && !matcher::holds_as_typed(&exps));
            if split {
                if let Some((a, b)) = matcher::split_compound(&self.index, &c.word, completed) {
                    for (second, part) in [(false, a), (true, b)] {
                        let prefix = second && completed;
                        let exps = self.expand(&part, prefix);
                        // The first half is joined to the second; the second to what follows as
                        // the word was.
                        let joined_to_next = !second || c.joined_to_next;
                        clauses.push(Clause { word: part, prefix, joined_to_next, version_with_next: false, joined_number: false, ..c.clone() });
                        expanded.push(exps);
                        follows.push(false);
                    }
                    continue;
                }
            }
            clauses.push(c.clone());
            expanded.push(exps);
            follows.push(after_word);
        }
        clauses.truncate(32);
        expanded.truncate(32);
        let n = self.index.doc_count();
        let mut sources: Vec<Source> = Vec::new();
        // Per clause: the most idf its completions and typos may count (below).
        let mut caps: Vec<f32> = Vec::with_capacity(clauses.len());
        for (i, exps) in expanded.into_iter().enumerate() {
            // The word's own rarity: the exact term's, or else that of all its completions, or
            // else that of all the words it may be a typo of (`lern`: learn, learning, lens, …),
            // so that a rare word one edit away is no rarer evidence than the word meant.
            let df_of = |e: &Expansion| Index::split_value(e.value).1;
            let all_of = |kind: MatchKind| exps.iter().filter(|e| e.kind == kind).fold(0u32, |sum, e| sum.saturating_add(df_of(e)));
            let exact = exps.iter().find(|e| e.kind == MatchKind::Exact).map(df_of);
            let completions = all_of(MatchKind::Prefix);
            let cap = match exact {
                Some(df) => rank::idf(n, df),
                None => match (completions, all_of(MatchKind::Typo)) {
                    (0, 0) => f32::INFINITY,
                    (0, typos) => rank::idf(n, typos.min(n)),
                    (completions, _) => rank::idf(n, completions.min(n)),
                },
            };
            // A word being typed of three letters or fewer stands for every word that starts
            // with it: the word itself, when it is one, counts no rarer than all of them
            // together (`sh`, a rare word, on the way to `show`, `shot`, …: an entry that merely
            // holds `sh` is no better match than one with `shot`), nor do its completions
            // (`shoe` of `sho`). A longer word is more often the word meant (`recon`).
            let typed_cap = if completions == 0 || crate::text::char_count(&clauses[i].word) > 3 {
                f32::INFINITY
            } else {
                rank::idf(n, completions.saturating_add(exact.unwrap_or(0)).min(n))
            };
            let cap = cap.min(typed_cap);
            caps.push(cap);
            for exp in exps {
                let idf_cap = if exp.kind == MatchKind::Exact { typed_cap } else { cap };
                sources.push(Source { exp, clauses: 1 << i, fields: clauses[i].fields, idf_cap, shared: false, follows: follows[i], as_typed: false });
            }
        }
        // Runs of two or three words may be one dictionary term (`zero shot`, `mcunet v2`), or,
        // when the last is being typed, start one (`turk colbe` → `turkcolbert`).
        // A version (`3.5`: `Clause::version_with_next`) is looked up as the text's term when its
        // first word starts with a digit: the number before the dot, the dot and the word after
        // (`3.5`, not the number `35`; `0.3mno3` for `7sr0` and `3mno3` of `La0.7Sr0.3MnO3`);
        // after a name, joined (`qwen2.5` in a phrase as `qwen25`). It is not completed: `3.5`
        // does not go on to `3.50` or `256`.
        let numeric = |k: usize| clauses[k].word.bytes().all(|b| b.is_ascii_digit());
        let compound = |term: String, value: u64, mask: u32, fields: u8, shared: bool, weight: f32, idf_cap: f32| {
            let exp = Expansion { term, value, kind: MatchKind::Compound, distance: 0, weight };
            Source { exp, clauses: mask, fields, idf_cap, shared, follows: false, as_typed: false }
        };
        for i in 0..clauses.len() {
            let mut joined = clauses[i].word.clone();
            for j in i + 1..clauses.len().min(i + 3) {
                joined.push_str(&clauses[j].word);
                let mut key = joined.clone();
                let first = &clauses[i].word;
                if j == i + 1 && clauses[i].version_with_next && first.starts_with(|c: char| c.is_ascii_digit()) {
                    let digits = first.bytes().rev().take_while(u8::is_ascii_digit).count();
                    key = key.split_off(first.len() - digits);
                    key.insert(digits, '.');
                }
                let mask = (i..=j).fold(0u32, |m, k| m | 1 << k);
                let shared = !(i..j).all(|k| clauses[k].joined_to_next);
                let typed = if clauses[j].prefix && !clauses[j - 1].version_with_next { matcher::completions(&self.index, &key, TYPED_COMPOUNDS) } else { Vec::new() };
                // A completion of the run ranks below the run itself (`sam3d` below `sam3`): at a
                // completion's weight, and no rarer than the run, as a word's completions; when
                // the run is no term, no rarer than its words together (`image2gs` for `image2`
                // is no better evidence than `image` and `2`).
                let exact = matcher::exact(&self.index, &key);
                let cap = exact.map_or_else(|| (i..=j).map(|k| caps[k]).sum(), |v| rank::idf(n, Index::split_value(v).1));
                for (term, v) in exact.map(|v| (key.clone(), v)).into_iter().chain(typed) {
                    let (weight, cap) = if term.len() > key.len() { (matcher::completion_weight(term.len() - key.len()), cap) } else { (1.0, f32::INFINITY) };
                    sources.push(compound(term, v, mask, clauses[i].fields, shared, weight, cap));
                }
            }
        }
        // A word typed before a version may be written joined to the version's first number
        // (`qwen 2.5`, `llama 3.1` for `Qwen2.5`, `LLaMA3.1`): that word (`qwen2`) also matches it.
        // (A word that ends with a letter starts no version, and one that ends a version is
        // left out: `5b` of `1.5b 3.4`.)
        for a in 1..clauses.len() {
            let w = a - 1;
            let before_version = clauses[a].version_with_next && numeric(a) && !clauses[w].word.ends_with(|c: char| c.is_ascii_digit());
            if before_version && (w == 0 || !clauses[w - 1].version_with_next) {
                let mut key = clauses[w].word.clone();
                key.push_str(&clauses[a].word);
                if let Some(v) = matcher::exact(&self.index, &key) {
                    sources.push(compound(key, v, 1 << w, clauses[w].fields, false, 1.0, f32::INFINITY));
                }
            }
        }
        // The two words of a version (`3.5`) match only together: a source of one without the
        // other (`3`, `5`, the completions of `5`, `gpt3`) is dropped. A version of three
        // numbers or more (`2.3.0`) is a chain of versions that share a number: a source
        // matches all of it, or one of its versions (`2.3`, `3.0`, which the text's tokens hold
        // whatever comes before: `v2.3.0`), or none of it.
        let versions = version_masks(&clauses);
        if !versions.is_empty() {
            let mut chains: Vec<u32> = Vec::new();
            for &v in &versions {
                match chains.last_mut() {
                    Some(c) if *c & v != 0 => *c |= v,
                    _ => chains.push(v),
                }
            }
            sources.retain(|src| versions.contains(&src.clauses) || chains.iter().all(|&c| src.clauses & c == 0 || src.clauses & c == c));
        }
        (clauses, sources)
    }

    /// [`matcher::expand`], remembered for the last [`RECENT_WORDS`] words.
    fn expand(&self, word: &str, prefix: bool) -> Vec<Expansion> {
        let mut recent = self.recent.borrow_mut();
        if let Some(i) = recent.iter().position(|(w, p, _)| w == word && *p == prefix) {
            let hit = recent.remove(i);
            let exps = hit.2.clone();
            recent.push(hit);
            return exps;
        }
        let typos = self.typos.get_or_init(TypoBuilders::new);
        let exps = matcher::expand(&self.index, typos, word, prefix);
        // Expansions read from a dictionary that was damaged (or, in a lazy load, not fetched
        // yet) are not kept: the search fails, and the next one reads it again.
        if self.index.damage().is_some() {
            return exps;
        }
        if recent.len() >= RECENT_WORDS {
            recent.remove(0);
        }
        recent.push((word.to_string(), prefix, exps.clone()));
        exps
    }

    /// Splits each phrase word that is no word of its own but a compound (`"statespace
    /// models"`, which the text writes `State-space Models`) into the two words it is made of,
    /// which the phrase check then finds on the text. A stop word, which the dictionary does
    /// not hold either, is a word (`"equation without cut"`: not `wit` and `hout`), as
    /// `split_compound` has it; it is not even looked up.
    #[inline(never)]
    pub(super) fn split_phrase_compounds(&self, phrases: &mut [Vec<String>]) {
        for p in phrases {
            let mut i = 0;
            while i < p.len() {
                if !is_stop_word(&p[i]) && matcher::exact(&self.index, &p[i]).is_none_or(Index::joined_only) {
                    if let Some((a, b)) = matcher::split_compound(&self.index, &p[i], false) {
                        p[i] = a;
                        p.insert(i + 1, b);
                    }
                }
                i += 1;
            }
        }
    }
}
