//! The query path: [`query`] parses, [`matcher`] finds the dictionary terms of each word (by
//! the fst walks of [`descend`]), `score` reads their postings into scores (the formulas are in
//! [`rank`]), `rerank` re-scores the best candidates from their stored text, [`highlight`]
//! makes spans and snippets. [`Searcher`] runs them in that order and returns a
//! [`SearchResponse`], the one result schema of the JS API and the CLI's `--json`
//! (`docs/api.md`).

pub mod descend;
pub mod highlight;
pub mod matcher;
pub mod query;
pub mod rank;
mod rerank;
mod score;

use crate::entry::format_date;
use crate::index::format::{ABSTRACT, AUTHORS, FIELDS, TITLE};
use crate::index::{Index, IndexError, Stored};
use crate::text::tokenize;
use highlight::{MatchedTerms, Snippet};
use matcher::{Expansion, MatchKind, TypoBuilders};
use query::{Clause, Filter, Query, Sort};
use rank::Candidate;
use serde::Serialize;
use std::cell::{OnceCell, RefCell};

use rerank::{Scanned, RERANK};
use score::{common_words_past_budget, Scratch};
pub use score::{CANDIDATE_BUDGET, POSTINGS_BUDGET};

/// Most compound terms a run of words ending with the word being typed may start.
const TYPED_COMPOUNDS: usize = 3;
/// The fields whose text re-ranking reads (bit per field): title and abstract.
const TEXT_FIELDS: u8 = 1 << TITLE | 1 << ABSTRACT;
/// Most results one call returns.
pub const MAX_LIMIT: usize = 1000;
/// Queries with more words that must match than this (stop words do not count, nor the parts of
/// a compound typed with a hyphen but once) drop the typo variants of words found as typed.
const LONG_QUERY: usize = 8;
/// Most candidates checked for an exact phrase (or for an excluded one), best first (or twice
/// the requested page, if more), and most bytes of stored text read for it: a phrase of common
/// words costs bounded time, and `total` then counts the entries checked and found to hold the
/// phrase (and not the excluded ones).
const PHRASE_CHECKS: usize = 150;
const PHRASE_BYTES: usize = 512 << 10;

/// Options of one search.
#[derive(Debug, Clone, serde::Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct SearchOptions {
    /// Results to return (at most [`MAX_LIMIT`]).
    pub limit: usize,
    /// Results to skip.
    pub offset: usize,
    /// Add each result's score broken down by term and field.
    pub explain: bool,
    /// Keep entries dated on or after this day (`YYYY-MM-DD`, `YYYY-MM` or `YYYY`).
    pub after: Option<String>,
    /// Keep entries dated on or before this day (`YYYY-MM-DD`, `YYYY-MM` or `YYYY`).
    pub before: Option<String>,
    /// Keep entries carrying these tags: any of them (`tagMode: "any"`, the default) or all.
    pub tags: Vec<String>,
    /// `"any"` or `"all"`, for `tags`.
    pub tag_mode: TagMode,
    /// Order: `"relevance"` (default), `"newest"` or `"oldest"`. A `sort:` word in the query wins.
    pub sort: Option<Sort>,
    /// Count the matches per tag and per year (`facets` in the response).
    pub facets: bool,
}

/// How the `tags` option combines several tags.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum TagMode {
    /// An entry needs one of the tags.
    #[default]
    Any,
    /// An entry needs every tag.
    All,
}

impl Default for SearchOptions {
    fn default() -> Self {
        SearchOptions { limit: 10, offset: 0, explain: false, after: None, before: None, tags: vec![], tag_mode: TagMode::Any, sort: None, facets: false }
    }
}

/// Most tags listed in `facets.tags` (the most frequent).
pub const MAX_FACET_TAGS: usize = 30;

/// Match counts per tag and per year, each list in name order (written as JSON objects).
/// Sorted vectors rather than maps: a handful of entries, and no B-tree code in the wasm.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Facets {
    /// Tag name → matching entries (the [`MAX_FACET_TAGS`] most frequent).
    #[serde(serialize_with = "as_map")]
    pub tags: Vec<(String, u32)>,
    /// Year → matching entries (entries without a date are not counted).
    #[serde(serialize_with = "as_map")]
    pub years: Vec<(String, u32)>,
}

fn as_map<S: serde::Serializer>(pairs: &[(String, u32)], s: S) -> Result<S::Ok, S::Error> {
    use serde::ser::SerializeMap;
    let mut m = s.serialize_map(Some(pairs.len()))?;
    for (k, v) in pairs {
        m.serialize_entry(k, v)?;
    }
    m.end()
}

/// What a search returns.
#[derive(Debug, Clone, Serialize)]
pub struct SearchResponse<'a> {
    /// Matching entries in all (not only this page).
    pub total: u32,
    /// This page of results, best first.
    pub results: Vec<Hit<'a>>,
    /// Counts per tag and year over all matches, with the `facets` option.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub facets: Option<Facets>,
}

/// One result.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Hit<'a> {
    /// The entry's id.
    pub id: &'a str,
    /// Its title.
    pub title: &'a str,
    /// Its first link.
    pub url: Option<&'a str>,
    /// All its links.
    pub urls: Vec<&'a str>,
    /// `YYYY-MM-DD` or null.
    pub date: Option<String>,
    /// Authors.
    pub authors: Vec<&'a str>,
    /// Tags.
    pub tags: Vec<&'a str>,
    /// Relevance score (higher is better; comparable within one query).
    pub score: f64,
    /// True when the entry does not match every query word.
    pub partial: bool,
    /// Matched spans of the title, UTF-16 `[start, end)`.
    pub title_highlights: Vec<[u32; 2]>,
    /// The densest part of the abstract.
    pub snippet: Snippet,
    /// Score breakdown, with `explain`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub explain: Option<Vec<Explained>>,
}

/// One term's part of a result's score. Each term is shown on its own; the ranking scores a
/// word's forms (exact and inflections) together and then applies the soft AND, so the parts
/// are indicative rather than a sum.
#[derive(Debug, Clone, Serialize)]
pub struct Explained {
    /// The query word.
    pub word: String,
    /// The dictionary term that matched it.
    pub term: String,
    /// How it matched.
    pub kind: MatchKind,
    /// The weight of that kind of match.
    pub weight: f64,
    /// Score per field (title, abstract, authors, tags) before the weight.
    pub fields: [f64; FIELDS.len()],
}

/// A dictionary term with the query words (bit mask) it stands for and the fields it may match.
struct Source {
    exp: Expansion,
    clauses: u32,
    fields: u8,
    /// Most inverse document frequency this source may count: a completion or a typo never
    /// counts more than the word as typed (a rare completion of a common word is no rarer
    /// evidence than the word itself).
    idf_cap: f32,
    /// A compound of words typed apart (`statespace` for `state space`): it stands for each of
    /// them with an equal share of its score, competing with each word's own matches instead of
    /// adding to them, so `State-space` (indexed as the parts and the compound) does not outscore
    /// `State Space`. A compound typed as one (`text-to-image`) counts whole, once.
    shared: bool,
    /// A number typed joined to the word before it (`sam3`, `gpt-4`): it adds to the entries
    /// that the other words find and finds none of its own, so an entry with only a `3`
    /// somewhere is no match of `sam3`, not even a partial one (`score`).
    follows: bool,
    /// The terms of this source are its words as typed (see [`MatchKind::is_as_typed`]; set by
    /// [`mark_as_typed`]): re-ranking marks down an entry that holds a word only in other forms.
    as_typed: bool,
}

/// Marks the sources whose terms are their words as typed: the word itself, a completion, the
/// words joined or apart; every term of a word the dictionary does not hold (a typo), as no
/// entry holds it better; and every term that starts with the word being typed (`typing`),
/// whatever else matched it (`scene`, a form of the stem of `scen`).
/// The sources of words left out (`left_out`) count as the others do.
fn mark_as_typed(sources: &mut [Source], left_out: &mut [Source], typing: Option<(usize, &str)>) {
    let found_as_typed = sources.iter().chain(left_out.iter()).filter(|s| s.exp.kind.is_as_typed()).fold(0, |m, s| m | s.clauses);
    for s in sources.iter_mut().chain(left_out.iter_mut()) {
        let completes = typing.is_some_and(|(i, word)| s.clauses == 1 << i && s.exp.term.starts_with(word));
        s.as_typed = s.exp.kind.is_as_typed() || s.clauses & found_as_typed == 0 || completes;
    }
}

/// Whether `doc`'s bit is set in a bit set of documents ([`Searcher::excluded_docs`]).
fn is_set(bits: &[u64], doc: u32) -> bool {
    bits.get(doc as usize / 64).is_some_and(|w| w >> (doc % 64) & 1 != 0)
}

/// Sorts a short or nearly sorted list (a query's words, the matches in one text, which arrive
/// in text order but for a compound emitted after its parts): linear on sorted input, and a
/// few dozen bytes of wasm where the standard library's sort is several KB per element type.
pub(crate) fn insertion_sort<T>(v: &mut [T], less: impl Fn(&T, &T) -> bool) {
    for i in 1..v.len() {
        let mut j = i;
        while j > 0 && less(&v[j], &v[j - 1]) {
            v.swap(j, j - 1);
            j -= 1;
        }
    }
}

/// An order of candidates, total: ties end on the entry number.
type Order<'o> = dyn Fn(&Candidate, &Candidate) -> std::cmp::Ordering + 'o;

/// Sorts candidates by `order`, a heapsort. Every order is total (ties end on the entry number),
/// so any sort gives the one possible result; this one is a few hundred bytes of wasm, where the
/// standard library's sort and selection are about 10 KB, and the `dyn` comparator makes every
/// call site share it.
fn sort_candidates(v: &mut [Candidate], order: &Order<'_>) {
    for i in (0..v.len() / 2).rev() {
        sift_down(v, i, v.len(), order);
    }
    for end in (1..v.len()).rev() {
        v.swap(0, end);
        sift_down(v, 0, end, order);
    }
}

/// Keeps the first `k` candidates in `order` (in no particular order): a heap of the `k` best
/// so far, whose worst each later candidate is compared with.
fn keep_first(v: &mut Vec<Candidate>, k: usize, order: &Order<'_>) {
    if v.len() <= k || k == 0 {
        v.truncate(k);
        return;
    }
    for i in (0..k / 2).rev() {
        sift_down(v, i, k, order);
    }
    for j in k..v.len() {
        if order(&v[j], &v[0]).is_lt() {
            v.swap(0, j);
            sift_down(v, 0, k, order);
        }
    }
    v.truncate(k);
}

/// Moves `v[node]` down the max-heap `v[..end]` (the last in `order` on top) to its place.
fn sift_down(v: &mut [Candidate], mut node: usize, end: usize, order: &Order<'_>) {
    loop {
        let mut child = 2 * node + 1;
        if child >= end {
            return;
        }
        if child + 1 < end && order(&v[child], &v[child + 1]).is_lt() {
            child += 1;
        }
        if !order(&v[node], &v[child]).is_lt() {
            return;
        }
        v.swap(node, child);
        node = child;
    }
}

/// What `explain` reads: the query's words, its sources, and the completions of the word
/// being typed found in the text while re-ranking, by entry.
type Explaining<'e> = (&'e [Clause], &'e [Source], &'e [(u32, Explained)]);

/// Searches one index.
pub struct Searcher<'a> {
    index: Index<'a>,
    typos: OnceCell<TypoBuilders>,
    scratch: RefCell<Scratch>,
    /// The expansions of recently searched words, most recent last: typing a query re-runs it
    /// at every keystroke with the same earlier words.
    recent: RefCell<Vec<(String, bool, Vec<Expansion>)>>,
    /// Searches that stopped admitting documents partway so far ([`Searcher::pruned_searches`]).
    pruned: std::cell::Cell<u32>,
}

/// Words whose expansions a [`Searcher`] keeps.
const RECENT_WORDS: usize = 32;

impl<'a> Searcher<'a> {
    /// Wraps an opened index.
    pub fn new(index: Index<'a>) -> Self {
        Searcher { index, typos: OnceCell::new(), scratch: RefCell::new(Scratch::default()), recent: RefCell::new(Vec::new()), pruned: std::cell::Cell::new(0) }
    }

    /// How many searches so far stopped admitting entries partway, because the entries the
    /// rest of the query could add could not reach the page (for tests and profiling).
    pub fn pruned_searches(&self) -> u32 {
        self.pruned.get()
    }

    /// The index searched.
    pub fn index(&self) -> &Index<'a> {
        &self.index
    }

    /// Runs a query. Fails only when the index turns out to be damaged (a lazily checked block
    /// of postings or stored text does not match its checksum).
    pub fn search(&self, input: &str, opts: &SearchOptions) -> Result<SearchResponse<'a>, IndexError> {
        self.index.clear_damage();
        let response = self.run(input, opts);
        match self.index.damage() {
            Some(e) => Err(e),
            None => Ok(response),
        }
    }

    fn run(&self, input: &str, opts: &SearchOptions) -> SearchResponse<'a> {
        let mut query = query::parse(input);
        // Words that are all optional (stop words alone: `the`, `what is`) ask for nothing: the
        // query is as if it had none (with a filter, it browses). Scored, their completions
        // would only be thrown away, at a few milliseconds at 200k entries.
        if query.phrases.is_empty() && query.clauses.iter().all(|c| c.optional) {
            query.clauses.clear();
        }
        self.split_phrase_compounds(&mut query.phrases);
        let limit = opts.limit.min(MAX_LIMIT);
        merge_options(&mut query.filter, opts);
        let allow = self.allowed(&query.filter);
        if query.is_empty() && query.filter.is_empty() && query.filter.sort.is_none() {
            return SearchResponse { total: 0, results: vec![], facets: opts.facets.then(Facets::default) };
        }
        let (clauses, mut sources) = self.sources(&query);
        let excluded = self.excluded_docs(&query);
        let mut required: u32 = clauses.iter().enumerate().filter(|(_, c)| !c.optional).fold(0, |m, (i, _)| m | 1 << i);
        let dropped = common_words_past_budget(&sources, required);
        // The forms of the words left out, which still count in a title when re-ranking (an
        // entry whose title is the query ranks above one whose title holds its rarer words
        // only) and are highlighted.
        let mut left_out: Vec<Source> = Vec::new();
        if dropped != 0 {
            required &= !dropped;
            let all = std::mem::take(&mut sources);
            for src in all {
                if src.clauses & dropped == 0 {
                    sources.push(src);
                } else if src.clauses.count_ones() == 1 && matches!(src.exp.kind, MatchKind::Exact | MatchKind::Stem) {
                    left_out.push(src);
                }
            }
        }
        // The word being typed: a required word that also matches as a prefix (not the end of a
        // version: `3.5` does not match `3.50` or `3 5g`).
        let in_version = version_masks(&clauses).into_iter().fold(0, |m, v| m | v);
        let typing = clauses.iter().enumerate().find(|(i, c)| c.prefix && c.phrase.is_none() && required & !in_version & (1 << i) != 0);
        mark_as_typed(&mut sources, &mut left_out, typing.map(|(i, c)| (i, c.word.as_str())));
        // Matching entries left out of the candidates because they cannot make the page.
        let mut uncounted = 0;
        // Phrases, and phrases left out, are checked on the stored text of the best candidates.
        let checks_text = !query.phrases.is_empty();
        let mut cands = if query.is_empty() {
            // Browsing: every entry that passes the filters, newest first unless told otherwise.
            (0..self.index.doc_count())
                .filter(|&d| allow(d) && !is_set(&excluded, d))
                .map(|doc| Candidate { doc, coverage: 0, typos: 0, mask: 0, present: 0, typed: 0, score: 0.0, date: 0, input: 0 })
                .collect()
        } else {
            let filter: Option<&dyn Fn(u32) -> bool> = if query.filter.is_empty() { None } else { Some(&allow) };
            // Rounds may stop admitting entries that cannot reach the first `keep` results
            // when nothing but relevance decides which entries are kept.
            let prune = filter.is_none() && excluded.is_empty() && !checks_text && !opts.facets && query.filter.sort.is_none_or(|s| s == Sort::Relevance);
            let keep = if prune { (opts.offset + limit).max(RERANK) } else { usize::MAX };
            let (cands, passed) = self.score(&sources, required, &excluded, filter, keep);
            uncounted = passed;
            cands
        };
        if self.index.is_damaged() {
            // Postings that failed their check (in a lazy load: not fetched yet) left the scores
            // wrong: reading the stored text of these candidates would fetch entries that are
            // not the answer. The search fails; run again once they have arrived, it reads
            // the right ones.
            return SearchResponse { total: 0, results: vec![], facets: None };
        }
        let sort = query.filter.sort.unwrap_or(if query.is_empty() { Sort::Newest } else { Sort::Relevance });
        let order = move |a: &Candidate, b: &Candidate| match sort {
            Sort::Relevance => rank::order(a, b),
            Sort::Newest => b.coverage.cmp(&a.coverage).then(b.date.cmp(&a.date)).then(rank::order(a, b)),
            Sort::Oldest => b.coverage.cmp(&a.coverage).then(a.date.cmp(&b.date)).then(rank::order(a, b)),
        };
        let mut total = cands.len() as u32 + uncounted;
        // Entries that miss some required words rank among the rest by their score, lowered
        // for each missing word (`rank::coordination`), and are marked `partial`.
        let full = required.count_ones();
        if full == 1 && sort == Sort::Relevance {
            rank::typos_below_exact(&mut cands);
        }
        let facets = opts.facets.then(|| self.facets(&cands, full));
        // Only the page and the re-ranked head need a full sort.
        let keep = (opts.offset + limit).max(RERANK);
        if !checks_text && cands.len() > keep && sort == Sort::Relevance {
            // A cheap first cut: the keep-th best score, found with a small top list, bounds
            // what can make the page (ties are kept), so the selection below sees a few
            // candidates rather than thousands. Scores are never negative, so their bit
            // patterns order like the floats.
            let mut top = matcher::Best::new(keep);
            for c in &cands {
                top.offer(std::cmp::Reverse(c.score.to_bits()), || ());
            }
            if let Some(std::cmp::Reverse(bits)) = top.worst() {
                let threshold = f32::from_bits(*bits);
                cands.retain(|c| c.score >= threshold);
            }
        }
        // Dates and input positions break ties, and dates order by time. Read only now, for
        // the candidates left: each is a random read of DOCS (and ORDER), which was a tenth of
        // a query's time when done for all.
        for c in cands.iter_mut() {
            c.date = self.index.doc_date(c.doc);
            c.input = self.index.input_position(c.doc);
        }
        // A phrase query checks, in order, the first `phrase_checks` entries that hold every
        // phrase word (below); the others are not needed, nor sorted.
        let phrase_words = required & clauses.iter().enumerate().filter(|(_, c)| c.phrase.is_some() && !c.optional).fold(0u32, |m, (i, _)| m | 1 << i);
        let phrase_checks = PHRASE_CHECKS.max(2 * (opts.offset + limit));
        if checks_text {
            cands.retain(|c| c.mask & phrase_words == phrase_words);
            keep_first(&mut cands, phrase_checks, &order);
        } else if cands.len() > keep {
            keep_first(&mut cands, keep, &order);
        }
        sort_candidates(&mut cands, &order);
        let terms: MatchedTerms = {
            let mut m = MatchedTerms::default();
            // A word scoped to other fields (`author:smith`) matches no title or abstract: its
            // terms are not highlighted there, nor counted by re-ranking.
            for s in sources.iter().filter(|s| s.fields & TEXT_FIELDS != 0) {
                m.add(&s.exp.term, s.clauses, s.as_typed);
                if s.fields & TEXT_FIELDS != TEXT_FIELDS {
                    m.mark_unbounded(s.clauses);
                }
            }
            // Words left out are not in any entry's postings as scored: the scans find them.
            for s in left_out.iter().filter(|s| s.fields & TEXT_FIELDS != 0) {
                m.add(&s.exp.term, s.clauses, s.as_typed);
                m.mark_unbounded(s.clauses);
            }
            if let Some((i, c)) = typing.filter(|(_, c)| c.fields & TEXT_FIELDS != 0) {
                m.set_prefix(&c.word, 1 << i);
            }
            m
        };
        let typed = typing.and_then(|(i, c)| self.typed(&sources, i, c));
        // Completions of the word being typed found in the text, by entry, when `explain` lists them.
        let mut completed: Vec<(u32, Explained)> = Vec::new();
        let explained = opts.explain.then_some(&mut completed);
        // A letter begun after the words (`diffusion a`): the entries whose title has a word
        // that starts with it go up among the first (it matches nothing by itself).
        let begun = clauses.last().filter(|c| c.begun && c.fields & TEXT_FIELDS != 0 && !checks_text).map(|c| c.word.as_str());
        let scans = if full >= 2 && sort == Sort::Relevance {
            self.rerank(&mut cands, &terms, required, required | dropped, typed.as_ref(), begun, explained, if checks_text { usize::MAX } else { opts.offset + limit })
        } else {
            if let Some(letter) = begun.filter(|_| full == 1 && sort == Sort::Relevance) {
                self.rerank_begun(&mut cands, letter, &terms);
            }
            Vec::new()
        };
        if checks_text {
            // Keep the entries that hold every phrase and no excluded one; rank a phrase in the
            // title, then more occurrences, above the rest. (An entry lacking one of the
            // phrases' indexed words cannot hold them: it was dropped above, unread.)
            let phrase_bytes = PHRASE_BYTES.max(phrase_checks * 2048);
            let mut bytes = 0;
            cands.retain_mut(|c| {
                if bytes > phrase_bytes {
                    return false;
                }
                let stored = self.index.stored(c.doc);
                bytes += stored.title.len() + stored.abstract_text.len().min(4 * highlight::MAX_SCAN_BYTES);
                match phrase_stats(&stored, &query.phrases, &query.phrase_fields) {
                    Some((in_title, count)) => {
                        c.score *= if in_title { 2.0 } else { 1.0 } * (1.0 + 0.2 * count.min(5) as f32);
                        true
                    }
                    None => false,
                }
            });
            sort_candidates(&mut cands, &order);
            total = cands.len() as u32;
        }
        let results = cands
            .iter()
            .skip(opts.offset)
            .take(limit)
            .map(|c| self.hit(c, c.coverage < full, &terms, &scans, &query.phrases, opts.explain.then_some((&clauses[..], &sources[..], &completed[..]))))
            .collect();
        SearchResponse { total, results, facets }
    }

    /// Splits each phrase word that is no word of its own but a compound (`"statespace
    /// models"`, which the text writes `State-space Models`) into the two words it is made of,
    /// which the phrase check then finds on the text.
    #[inline(never)]
    fn split_phrase_compounds(&self, phrases: &mut [Vec<String>]) {
        for p in phrases {
            let mut i = 0;
            while i < p.len() {
                if matcher::exact(&self.index, &p[i]).is_none_or(Index::joined_only) {
                    if let Some((a, b)) = matcher::split_compound(&self.index, &p[i], false) {
                        p[i] = a;
                        p.insert(i + 1, b);
                    }
                }
                i += 1;
            }
        }
    }

    /// A test for the date and tag filters.
    fn allowed(&self, f: &Filter) -> impl Fn(u32) -> bool + '_ {
        let (after, before) = (f.after.unwrap_or(0), f.before.unwrap_or(u32::MAX));
        let dated = f.after.is_some() || f.before.is_some();
        let groups: Vec<Vec<u32>> = f.tags.iter().map(|g| g.iter().filter_map(|t| self.index.tag_id(t)).collect()).collect();
        move |doc| {
            if dated {
                let d = self.index.doc_date(doc);
                if d == 0 || d < after || d > before {
                    return false;
                }
            }
            groups.iter().all(|g| self.index.doc_tags(doc).any(|t| g.contains(&t)))
        }
    }

    /// Counts the matches (the full ones, or the partial ones when none is full) per tag and year.
    fn facets(&self, cands: &[Candidate], full: u32) -> Facets {
        let any_full = cands.iter().any(|c| c.coverage == full);
        let mut tags = vec![0u32; self.index.tag_count() as usize];
        let mut years: Vec<(u32, u32)> = Vec::new();
        for c in cands.iter().filter(|c| !any_full || c.coverage == full) {
            for t in self.index.doc_tags(c.doc) {
                if let Some(n) = tags.get_mut(t as usize) {
                    *n += 1;
                }
            }
            let d = self.index.doc_date(c.doc);
            if d != 0 {
                match years.binary_search_by_key(&(d / 10000), |y| y.0) {
                    Ok(i) => years[i].1 += 1,
                    Err(i) => years.insert(i, (d / 10000, 1)),
                }
            }
        }
        // Most matches first, then tag order.
        let mut top = matcher::Best::new(MAX_FACET_TAGS);
        for (t, &n) in tags.iter().enumerate().filter(|(_, &n)| n > 0) {
            top.offer(std::cmp::Reverse(n), || (t as u32, n));
        }
        let top = top.into_vec();
        // In name order, by insertion: a sort would bring its own copy of the standard
        // library's sort into the wasm.
        let mut facets = Facets::default();
        for (t, n) in top {
            let name = self.index.tag_name(t);
            let at = facets.tags.partition_point(|(k, _)| k.as_str() < name);
            facets.tags.insert(at, (name.to_string(), n));
        }
        facets.years = years.into_iter().map(|(y, n)| (y.to_string(), n)).collect();
        facets
    }

    /// Expands every query word into dictionary terms, adding compound terms for words typed
    /// apart or joined, and splitting words typed without a space.
    #[inline(never)]
    fn sources(&self, query: &Query) -> (Vec<Clause>, Vec<Source>) {
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
            // completed as the word being typed.
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
            let typed_cap = if completions == 0 || clauses[i].word.chars().count() > 3 {
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
        // A version (`3.5`: `Clause::version_with_next`) is looked up with its dot when both its
        // words are numbers (`3.5`, not the number `35`; `qwen2.5` as `qwen25`), and is not
        // completed: `3.5` does not go on to `3.50` or `256`.
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
                if j == i + 1 && clauses[i].version_with_next && numeric(i) {
                    key.insert(clauses[i].word.len(), '.');
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
        // other (`3`, `5`, the completions of `5`, `gpt3`) is dropped.
        let versions = version_masks(&clauses);
        if !versions.is_empty() {
            sources.retain(|src| versions.iter().all(|&v| src.clauses & v == 0 || src.clauses & v == v));
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

    /// Documents that contain an excluded word (or an inflection of it), a bit per document
    /// (empty when nothing is excluded). A bit set rather than a sorted list: no sort of
    /// document numbers in the wasm, and a lookup is one shift.
    #[inline(never)]
    fn excluded_docs(&self, query: &Query) -> Vec<u64> {
        let mut bits = Vec::new();
        let mut docs = Vec::new();
        for w in &query.excluded {
            let exact = matcher::exact(&self.index, w).map(|v| (w.clone(), v));
            for (_, v) in exact.into_iter().chain(matcher::inflections(&self.index, w)) {
                if bits.is_empty() {
                    bits = vec![0u64; (self.index.doc_count() as usize).div_ceil(64)];
                }
                self.index.docs(v, &mut docs);
                for &doc in &docs {
                    if let Some(word) = bits.get_mut(doc as usize / 64) {
                        *word |= 1 << (doc % 64);
                    }
                }
            }
        }
        bits
    }

    #[inline(never)]
    fn hit(&self, c: &Candidate, partial: bool, terms: &MatchedTerms, scans: &[Scanned<'a>], phrases: &[Vec<String>], explain: Option<Explaining<'_>>) -> Hit<'a> {
        let scanned = scans.iter().find(|s| s.doc == c.doc);
        // A re-ranked entry was read then: its text is not read (and its UTF-8 checked) again.
        let stored = scanned.map_or_else(|| self.index.stored(c.doc), |s| s.stored.clone());
        let explain = explain.map(|(clauses, sources, completed)| {
            let mut terms = self.explain(c.doc, clauses, sources);
            terms.extend(completed.iter().filter(|(d, _)| *d == c.doc).map(|(_, e)| e.clone()));
            terms
        });
        Hit {
            id: stored.id,
            title: stored.title,
            url: stored.urls.first().copied(),
            urls: stored.urls.clone(),
            date: match self.index.doc_date(c.doc) {
                0 => None,
                d => Some(format_date(d)),
            },
            authors: stored.authors.clone(),
            tags: stored.tags.clone(),
            score: rank::round_score(c.score),
            partial,
            title_highlights: match scanned {
                Some(s) => highlight::highlight_scanned(stored.title, &s.title),
                None => highlight::highlight(stored.title, terms),
            },
            snippet: {
                let anchor = if phrases.is_empty() { None } else { first_phrase(stored.abstract_text, phrases) };
                match scanned.and_then(|s| s.abstract_scan.as_ref()) {
                    Some(scan) => highlight::snippet_scanned(stored.abstract_text, scan, anchor),
                    None => highlight::snippet_scanned(stored.abstract_text, &highlight::Scan::new(stored.abstract_text, terms), anchor),
                }
            },
            explain,
        }
    }

    fn explain(&self, doc: u32, clauses: &[Clause], sources: &[Source]) -> Vec<Explained> {
        let mut out = Vec::new();
        for src in sources {
            if let Some(p) = self.index.postings(src.exp.value).find(|p| p.doc == doc) {
                let (_, df) = Index::split_value(src.exp.value);
                let idf = rank::idf(self.index.doc_count(), df);
                let fields = rank::bm25f_fields(&self.index, &p, src.fields).map(|f| rank::round_score(f * idf));
                // The query words the term stands for, space-separated (a loop: `join` is 1 KB of wasm).
                let mut word = String::new();
                for c in clauses.iter().enumerate().filter(|(i, _)| src.clauses & (1 << i) != 0).map(|(_, c)| c) {
                    if !word.is_empty() {
                        word.push(' ');
                    }
                    word.push_str(&c.word);
                }
                out.push(Explained { word, term: src.exp.term.clone(), kind: src.exp.kind, weight: f64::from(src.exp.weight), fields });
            }
        }
        out
    }
}

/// The versions of a query (`3.5`: [`Clause::version_with_next`]), each as the mask of its two
/// words.
fn version_masks(clauses: &[Clause]) -> Vec<u32> {
    (0..clauses.len().saturating_sub(1).min(31)).filter(|&i| clauses[i].version_with_next).map(|i| 3u32 << i).collect()
}

/// When the stored entry holds every phrase as consecutive words, in the fields the phrase is
/// scoped to (`fields`, parallel to `phrases`: the title and abstract when unscoped, the title,
/// or one of the authors), and no phrase left out (fields 0) in its title or abstract: whether
/// they are all in the title, and how often they occur in all.
fn phrase_stats(stored: &Stored<'_>, phrases: &[Vec<String>], fields: &[u8]) -> Option<(bool, u32)> {
    let (mut all_in_title, mut total) = (true, 0);
    for (p, &f) in phrases.iter().zip(fields) {
        // Occurrences in the title, and in the other fields the phrase may stand in.
        let t = if f == 1 << AUTHORS { 0 } else { count_phrase(highlight::clip_str(stored.title, 4 * highlight::MAX_SCAN_BYTES), p) };
        let a = match f {
            f if f == 1 << TITLE => 0,
            // In a name, a letter stands for a first name (`author:"k. ono"` finds Ken Ono).
            f if f == 1 << AUTHORS => stored.authors.iter().map(|author| {
                let mut n = 0;
                phrase_matches(author, p, true, &mut |_| n += 1);
                n
            }).sum(),
            _ => count_phrase(highlight::clip_str(stored.abstract_text, 4 * highlight::MAX_SCAN_BYTES), p),
        };
        let left_out = f == 0;
        if (t + a > 0) == left_out {
            // A phrase missing, or one left out present.
            return None;
        }
        if !left_out {
            all_in_title &= t > 0;
            total += t + a;
        }
    }
    Some((all_in_title, total))
}

/// Adds the API's filter options to the filters parsed from the query.
fn merge_options(f: &mut Filter, opts: &SearchOptions) {
    if let Some(d) = opts.after.as_deref().and_then(|d| query::parse_filter_date(d, false)) {
        f.within(d, 99_991_231);
    }
    if let Some(d) = opts.before.as_deref().and_then(|d| query::parse_filter_date(d, true)) {
        f.within(0, d);
    }
    let tags: Vec<String> = opts.tags.iter().map(|t| crate::text::normalize_tag(t)).filter(|t| !t.is_empty()).collect();
    if !tags.is_empty() {
        match opts.tag_mode {
            TagMode::Any => f.tags.push(tags),
            TagMode::All => f.tags.extend(tags.into_iter().map(|t| vec![t])),
        }
    }
    if f.sort.is_none() {
        f.sort = opts.sort;
    }
}

/// How often `text` has the words of `phrase` consecutively (joined compounds are not words).
pub fn count_phrase(text: &str, phrase: &[String]) -> u32 {
    let mut count = 0;
    phrase_starts(text, phrase, &mut |_| count += 1);
    count
}

/// Calls `found` with the byte offset where each occurrence of `phrase` (as [`count_phrase`]
/// counts them) starts in `text`, in text order.
pub fn phrase_starts(text: &str, phrase: &[String], found: &mut dyn FnMut(usize)) {
    phrase_matches(text, phrase, false, found);
}

/// [`phrase_starts`]; with `initials`, a phrase word of one letter also matches a word that
/// starts with it (an initial for a first name).
fn phrase_matches(text: &str, phrase: &[String], initials: bool, found: &mut dyn FnMut(usize)) {
    let same = |word: &str, term: &str| word == term || initials && word.len() == 1 && term.starts_with(word);
    if phrase.is_empty() {
        return;
    }
    // For each start still open: how many words of the phrase the text's last words match, and
    // where it starts.
    let mut open: Vec<(usize, usize)> = Vec::new();
    tokenize(text, |t| {
        if t.joined {
            return;
        }
        open.retain_mut(|(k, _)| {
            if same(&phrase[*k], t.term) {
                *k += 1;
                true
            } else {
                false
            }
        });
        if same(&phrase[0], t.term) {
            open.push((1, t.start));
        }
        open.retain(|&(k, start)| {
            if k == phrase.len() {
                found(start);
                false
            } else {
                true
            }
        });
    });
}

/// Where the first occurrence of any of `phrases` starts in `text`, within the part a snippet
/// is cut from.
fn first_phrase(text: &str, phrases: &[Vec<String>]) -> Option<usize> {
    let text = highlight::clip_str(text, highlight::MAX_SCAN_BYTES);
    let mut first: Option<usize> = None;
    for p in phrases {
        phrase_starts(text, p, &mut |at| first = Some(first.map_or(at, |f| f.min(at))));
    }
    first
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(words: &str) -> Vec<String> {
        words.split(' ').map(str::to_string).collect()
    }

    #[test]
    fn heap_sort_and_selection_agree_with_the_standard_sort() {
        let mut seed = 0x2545_f491_u32;
        let mut next = move |m: u32| {
            seed ^= seed << 13;
            seed ^= seed >> 17;
            seed ^= seed << 5;
            seed % m
        };
        let newest = |a: &Candidate, b: &Candidate| b.coverage.cmp(&a.coverage).then(b.date.cmp(&a.date)).then(rank::order(a, b));
        let orders: [&Order<'_>; 2] = [&rank::order, &newest];
        for n in [0usize, 1, 2, 3, 10, 57, 300] {
            // Few distinct scores, dates and coverages: many ties, broken by the input position.
            let mut inputs: Vec<u32> = (0..n as u32).collect();
            for i in (1..n).rev() {
                inputs.swap(i, next(i as u32 + 1) as usize);
            }
            let cands: Vec<Candidate> = (0..n)
                .map(|i| Candidate { doc: i as u32, coverage: next(3), typos: 0, mask: 0, present: 0, typed: 0, score: next(5) as f32 * 0.5, date: 20240100 + next(4), input: inputs[i] })
                .collect();
            for order in orders {
                let mut want = cands.clone();
                want.sort_by(|a, b| order(a, b));
                let mut got = cands.clone();
                sort_candidates(&mut got, order);
                let docs = |v: &[Candidate]| v.iter().map(|c| c.doc).collect::<Vec<_>>();
                assert_eq!(docs(&got), docs(&want), "sort of {n}");
                for k in [0, 1, 2, 7, 20, n.saturating_sub(1), n, n + 5] {
                    let mut first = cands.clone();
                    keep_first(&mut first, k, order);
                    sort_candidates(&mut first, order);
                    assert_eq!(docs(&first), docs(&want[..k.min(n)]), "first {k} of {n}");
                }
            }
        }
    }

    #[test]
    fn phrases_are_counted_across_separators() {
        assert_eq!(count_phrase("An open-source tool; open source wins.", &p("open source")), 2);
        assert_eq!(count_phrase("{\\it incomplete} C-theorem", &p("incomplete c theorem")), 1);
        assert_eq!(count_phrase("bilevel optimization", &p("bi level optimization")), 0);
        assert_eq!(count_phrase("a a a b", &p("a a b")), 1);
        assert_eq!(count_phrase("networks", &p("network")), 0);
        let text = "Open source; the open-source tool.";
        let mut starts = Vec::new();
        phrase_starts(text, &p("open source"), &mut |at| starts.push(at));
        assert_eq!(starts, [0, 17]);
        assert_eq!(first_phrase(text, &[p("tool"), p("source the")]), Some(5));
    }
}
