//! The query path: [`query`] parses, [`matcher`] finds the dictionary terms of each word (by
//! the fst walks of [`descend`]), [`rank`] scores, [`highlight`] makes spans and snippets.
//! [`Searcher`] runs them in that order and returns a [`SearchResponse`], the one result
//! schema of the JS API and the CLI's `--json` (`docs/api.md`).

pub mod descend;
pub mod highlight;
pub mod matcher;
pub mod query;
pub mod rank;

use crate::entry::format_date;
use crate::index::format::FIELDS;
use crate::index::read::Posting;
use crate::index::{Index, IndexError, Stored};
use crate::text::tokenize;
use highlight::{MatchedTerms, Scan, Snippet};
use matcher::{Expansion, MatchKind, TypoBuilders};
use query::{Clause, Filter, Query, Sort};
use rank::Candidate;
use serde::Serialize;
use std::cell::{OnceCell, RefCell};

/// Most results one call returns.
pub const MAX_LIMIT: usize = 1000;
/// Queries with more words than this drop the typo variants of words found as typed.
const LONG_QUERY: usize = 4;
/// Most candidates a query's later (commoner) words admit: see [`Searcher::score`].
pub const CANDIDATE_BUDGET: usize = 20_000;
/// Postings a query's required words may have in all, past its two rarest words (see
/// `common_words_past_budget`).
pub const POSTINGS_BUDGET: u64 = 100_000;
/// Most times one search checks whether its later words can still add entries to the page.
const PRUNE_CHECKS: u32 = 4;
/// Candidates re-scored with word proximity from the stored text.
const RERANK: usize = 20;
/// Re-scoring multiplies a score by 1 + this × the share of the query words in the title …
const RERANK_TITLE: f32 = 0.3;
/// … + this × proximity (1 when the words stand together).
const RERANK_PROXIMITY: f32 = 0.3;
/// The largest factor re-scoring can apply.
const RERANK_BOOST_MAX: f32 = 1.0 + RERANK_TITLE + RERANK_PROXIMITY;
/// Most candidates checked for an exact phrase, best first (or twice the requested page, if
/// more), and most bytes of stored text read for it: a phrase of common words costs bounded
/// time, and `total` then counts the entries checked and found to hold the phrase.
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
}

/// One document's running state while a query is scored, beside its [`rank::doc_factors`].
/// Kept together, one small struct per document, so that a posting touches one cache line
/// rather than one per array.
#[derive(Clone, Copy, Default)]
struct Slot {
    /// The document's [`rank::doc_factors`] (fixed: computed when the slots are made).
    factors: [f32; FIELDS.len()],
    /// Score summed over the query words scored so far.
    score: f32,
    /// This round's best score for the current word.
    best: f32,
    /// Summed weighted frequency of the word's own forms (exact and inflections) this round.
    forms: f32,
    /// Query words (bit mask) matched so far, and this round.
    mask: u32,
    best_mask: u32,
    /// Query words matched by more than a related form: in all, and this round.
    strong: u32,
    best_strong: u32,
}

/// Per-query working memory, reused between queries (sized to the entry count).
#[derive(Default)]
struct Scratch {
    slots: Vec<Slot>,
    touched: Vec<u32>,
    round: Vec<u32>,
    /// Bit per document: held (in `touched`). The same as a non-zero `mask` in its slot, but
    /// a 12 KB bit set stays in cache where the slots (44 bytes each) do not: passing over a
    /// document (below) must not cost a read of its slot.
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
/// total length of their postings, shortest first, then the optional ones.
fn round_order(sources: &[Source], required: u32) -> Vec<u32> {
    let mut cost: Vec<(bool, u64, u32)> = Vec::new();
    for src in sources {
        let round = src.clauses.trailing_zeros();
        let df = u64::from(Index::split_value(src.exp.value).1);
        match cost.iter_mut().find(|c| c.2 == round) {
            Some(c) => c.1 += df,
            None => cost.push((required & (1 << round) == 0, df, round)),
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
fn common_words_past_budget(sources: &[Source], required: u32) -> u32 {
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

/// The word being typed, for completions found while re-ranking ([`Searcher::typed`]).
struct Typed {
    /// The word as typed (folded).
    word: String,
    /// Its query word (bit).
    bit: u32,
    /// The fields it may match in.
    fields: u8,
    /// The idf its completions are capped at.
    idf: f32,
}

/// Weight of a completion found in the text while re-ranking: the lowest a listed completion has.
const TYPED_WEIGHT: f32 = 0.75;
/// Most re-ranked candidates read only because a completion of the word being typed could
/// lift them to the page.
const TYPED_READS: usize = 3;

/// A re-ranked candidate's stored entry and the scans of its title and (when it has every
/// word) abstract, which its highlights and snippet reuse.
struct Scanned<'a> {
    doc: u32,
    stored: Stored<'a>,
    title: Scan,
    abstract_scan: Option<Scan>,
}

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
        let response = self.run(input, opts);
        match self.index.damage() {
            Some(e) => Err(e),
            None => Ok(response),
        }
    }

    fn run(&self, input: &str, opts: &SearchOptions) -> SearchResponse<'a> {
        let mut query = query::parse(input);
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
        if dropped != 0 {
            required &= !dropped;
            sources.retain(|src| src.clauses & dropped == 0);
        }
        // Matching entries left out of the candidates because they cannot make the page.
        let mut uncounted = 0;
        let mut cands = if query.is_empty() {
            // Browsing: every entry that passes the filters, newest first unless told otherwise.
            (0..self.index.doc_count())
                .filter(|&d| allow(d) && !is_set(&excluded, d))
                .map(|doc| Candidate { doc, coverage: 0, mask: 0, score: 0.0, date: 0, input: 0 })
                .collect()
        } else {
            let filter: Option<&dyn Fn(u32) -> bool> = if query.filter.is_empty() { None } else { Some(&allow) };
            // Rounds may stop admitting entries that cannot reach the first `keep` results
            // when nothing but relevance decides which entries are kept.
            let prune = filter.is_none() && excluded.is_empty() && query.phrases.is_empty() && !opts.facets && query.filter.sort.is_none_or(|s| s == Sort::Relevance);
            let keep = if prune { (opts.offset + limit).max(RERANK) } else { usize::MAX };
            let (cands, passed) = self.score(&sources, required, &excluded, filter, keep);
            uncounted = passed;
            cands
        };
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
        let facets = opts.facets.then(|| self.facets(&cands, full));
        // Only the page and the re-ranked head need a full sort.
        let keep = (opts.offset + limit).max(RERANK);
        if query.phrases.is_empty() && cands.len() > keep && sort == Sort::Relevance {
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
        if !query.phrases.is_empty() {
            cands.retain(|c| c.mask & phrase_words == phrase_words);
            keep_first(&mut cands, phrase_checks, &order);
        } else if cands.len() > keep {
            keep_first(&mut cands, keep, &order);
        }
        sort_candidates(&mut cands, &order);
        // The word being typed: a required word that also matches as a prefix.
        let typing = clauses.iter().enumerate().find(|(i, c)| c.prefix && c.phrase.is_none() && required & (1 << i) != 0);
        let terms: MatchedTerms = {
            let mut m = MatchedTerms::default();
            for s in &sources {
                m.add(&s.exp.term, s.clauses);
            }
            if let Some((i, c)) = typing {
                m.set_prefix(&c.word, 1 << i);
            }
            m
        };
        let typed = typing.and_then(|(i, c)| self.typed(&sources, i, c));
        // Completions of the word being typed found in the text, by entry, when `explain` lists them.
        let mut completed: Vec<(u32, Explained)> = Vec::new();
        let explained = opts.explain.then_some(&mut completed);
        let scans = if full >= 2 && sort == Sort::Relevance { self.rerank(&mut cands, &terms, required, typed.as_ref(), explained, if query.phrases.is_empty() { opts.offset + limit } else { usize::MAX }) } else { Vec::new() };
        if !query.phrases.is_empty() {
            // Keep the entries that hold every phrase; rank a phrase in the title, then more
            // occurrences, above the rest. (An entry lacking one of the phrases' indexed words
            // cannot hold them: it was dropped above, unread.)
            let phrase_bytes = PHRASE_BYTES.max(phrase_checks * 2048);
            let mut bytes = 0;
            cands.retain_mut(|c| {
                if bytes > phrase_bytes {
                    return false;
                }
                let stored = self.index.stored(c.doc);
                bytes += stored.title.len() + stored.abstract_text.len().min(4 * highlight::MAX_SCAN_BYTES);
                match phrase_stats(&stored, &query.phrases) {
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
    fn sources(&self, query: &Query) -> (Vec<Clause>, Vec<Source>) {
        let mut clauses: Vec<Clause> = Vec::new();
        let mut expanded: Vec<Vec<Expansion>> = Vec::new();
        for c in &query.clauses {
            let mut exps = self.expand(&c.word, c.prefix);
            if query.clauses.len() > LONG_QUERY {
                // Long queries: a word found as typed keeps its exact form and a few inflections;
                // its typo variants would only add postings to walk (bounded work).
                if exps.iter().any(|e| e.kind == MatchKind::Exact) {
                    exps.retain(|e| !matches!(e.kind, MatchKind::Typo | MatchKind::Related));
                    let mut stems = 0;
                    exps.retain(|e| e.kind != MatchKind::Stem || { stems += 1; stems <= 2 });
                }
            }
            // A word the dictionary has in no form, not even one edit away, may be two words
            // typed without a space.
            if exps.is_empty() && c.phrase.is_none() {
                if let Some((a, b)) = matcher::split_compound(&self.index, &c.word) {
                    for part in [a, b] {
                        let exps = self.expand(&part, false);
                        clauses.push(Clause { word: part, prefix: false, joined_to_next: true, ..c.clone() });
                        expanded.push(exps);
                    }
                    continue;
                }
            }
            clauses.push(c.clone());
            expanded.push(exps);
        }
        clauses.truncate(32);
        expanded.truncate(32);
        let n = self.index.doc_count();
        let mut sources: Vec<Source> = Vec::new();
        for (i, exps) in expanded.into_iter().enumerate() {
            // The word's own rarity: the exact term's, or else that of all its completions.
            let df_of = |e: &Expansion| Index::split_value(e.value).1;
            let cap = match exps.iter().find(|e| e.kind == MatchKind::Exact) {
                Some(e) => rank::idf(n, df_of(e)),
                None => {
                    let completions: u32 = exps.iter().filter(|e| e.kind == MatchKind::Prefix).map(df_of).sum();
                    if completions > 0 { rank::idf(n, completions) } else { f32::INFINITY }
                }
            };
            for exp in exps {
                let idf_cap = if exp.kind == MatchKind::Exact { f32::INFINITY } else { cap };
                sources.push(Source { exp, clauses: 1 << i, fields: clauses[i].fields, idf_cap, shared: false });
            }
        }
        // Runs of two or three words may be one dictionary term (`zero shot`, `mcunet v2`).
        for i in 0..clauses.len() {
            let mut joined = clauses[i].word.clone();
            for j in i + 1..clauses.len().min(i + 3) {
                joined.push_str(&clauses[j].word);
                let mask = (i..=j).fold(0u32, |m, k| m | 1 << k);
                if let Some(v) = matcher::exact(&self.index, &joined) {
                    let exp = Expansion { term: joined.clone(), value: v, kind: MatchKind::Compound, distance: 0, weight: 1.0 };
                    let shared = !(i..j).all(|k| clauses[k].joined_to_next);
                    sources.push(Source { exp, clauses: mask, fields: clauses[i].fields, idf_cap: f32::INFINITY, shared });
                }
            }
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
        if recent.len() >= RECENT_WORDS {
            recent.remove(0);
        }
        recent.push((word.to_string(), prefix, exps.clone()));
        exps
    }

    /// Documents that contain an excluded word (or an inflection of it), a bit per document
    /// (empty when nothing is excluded). A bit set rather than a sorted list: no sort of
    /// document numbers in the wasm, and a lookup is one shift.
    fn excluded_docs(&self, query: &Query) -> Vec<u64> {
        let mut bits = Vec::new();
        for w in &query.excluded {
            let exact = matcher::exact(&self.index, w).map(|v| (w.clone(), v));
            for (_, v) in exact.into_iter().chain(matcher::inflections(&self.index, w)) {
                if bits.is_empty() {
                    bits = vec![0u64; (self.index.doc_count() as usize).div_ceil(64)];
                }
                for p in self.index.postings(v) {
                    if let Some(word) = bits.get_mut(p.doc as usize / 64) {
                        *word |= 1 << (p.doc % 64);
                    }
                }
            }
        }
        bits
    }

    /// Scores the documents that match the sources; returns the candidates that pass `allow`
    /// and are not `excluded`.
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
    /// With `keep` set (relevance order, no filter, exclusion or phrase), a round stops
    /// admitting documents once those it and the later rounds could add cannot reach the
    /// `keep`-th best score held: their best possible score (every later word at its
    /// saturated frequency, under the soft AND of the words they can still match) is below
    /// the score the `keep`-th best held document already has (scores only grow). Those
    /// documents are then only counted, in the number returned with the candidates, so the
    /// page and the total are what scoring them would give, for less work per posting.
    fn score(&self, sources: &[Source], required: u32, excluded: &[u64], allow: Option<&dyn Fn(u32) -> bool>, keep: usize) -> (Vec<Candidate>, u32) {
        let n = self.index.doc_count() as usize;
        let mut guard = self.scratch.borrow_mut();
        let s = &mut *guard;
        if s.slots.len() != n {
            let words = n.div_ceil(64);
            // Each document's factors, computed at the first search: the scoring loop then does
            // no division.
            let slots = (0..n as u32).map(|d| Slot { factors: rank::doc_factors(&self.index, d), ..Slot::default() }).collect();
            *s = Scratch { slots, held: vec![0; words], passed: vec![0; words], counted: vec![0; words], ..Scratch::default() };
        }
        // A document keeps its best match for each word. The word's own forms (the word and
        // its inflections: `game`, `games`) count as one term, as a stemmed index would see
        // them: their frequencies add up before saturation, under the idf of the most common
        // form. Completions, typos and compounds compete one by one.
        let rounds = round_order(sources, required);
        let in_round = |src: &Source, round: u32| if src.shared { src.clauses & (1 << round) != 0 } else { src.clauses.trailing_zeros() == round };
        let words = required.count_ones();
        let coord: Vec<f32> = (0..=words).map(|m| rank::coordination(m, words)).collect();
        // The largest document number held: past it, a full budget means nothing to read.
        let mut last_held = 0u32;
        // Once false, rounds only add to the documents held ([`Searcher::score`]'s `keep`).
        let mut admit = true;
        // Documents passed over: all of them (for the budget) and those counted in the total.
        let (mut passed, mut counted) = (0usize, 0u32);
        // Each check reads every held document: at most a few per query, and only before a
        // round with more postings than documents held (where leaving entries out pays).
        let mut checks = 0;
        for (i, &round) in rounds.iter().enumerate() {
            let postings: u64 = sources.iter().filter(|src| in_round(src, round)).map(|src| u64::from(Index::split_value(src.exp.value).1)).sum();
            if admit && i > 0 && s.touched.len() >= keep && checks < PRUNE_CHECKS && postings >= s.touched.len() as u64 {
                checks += 1;
                let later = &rounds[i..];
                let (mut best, mut clauses) = (0.0f32, 0u32);
                for &r in later {
                    let mut top = 0.0f32;
                    for src in sources.iter().filter(|src| in_round(src, r)) {
                        top = top.max(rank::idf(n as u32, Index::split_value(src.exp.value).1).min(src.idf_cap) * src.exp.weight);
                        clauses |= src.clauses;
                    }
                    best += top * rank::SATURATED_MAX;
                }
                let ceiling = best * coord[(clauses & required).count_ones() as usize];
                let mut top = matcher::Best::new(keep);
                for &doc in &s.touched {
                    let slot = &s.slots[doc as usize];
                    top.offer(std::cmp::Reverse((slot.score * coord[(slot.mask & required).count_ones() as usize]).to_bits()), || ());
                }
                if top.worst().is_some_and(|std::cmp::Reverse(floor)| ceiling < f32::from_bits(*floor)) {
                    admit = false;
                    self.pruned.set(self.pruned.get() + 1);
                    s.passed.fill(0);
                    s.counted.fill(0);
                }
            }
            let mut fresh = 0;
            let is_form = |src: &Source| src.clauses == 1 << round && matches!(src.exp.kind, MatchKind::Exact | MatchKind::Stem);
            let forms_idf = sources
                .iter()
                .filter(|src| is_form(src))
                .map(|src| rank::idf(n as u32, Index::split_value(src.exp.value).1).min(src.idf_cap))
                .fold(f32::INFINITY, f32::min);
            for src in sources.iter().filter(|src| in_round(src, round)) {
                let (_, df) = Index::split_value(src.exp.value);
                let share = if src.shared { 1.0 / src.clauses.count_ones() as f32 } else { 1.0 };
                let idf = rank::idf(n as u32, df).min(src.idf_cap) * src.exp.weight * share;
                let form = is_form(src);
                let counts = src.clauses & required != 0;
                for p in self.index.postings(src.exp.value) {
                    let d = p.doc as usize;
                    if d >= n {
                        break;
                    }
                    if !admit && !is_set(&s.held, p.doc) {
                        // Passed over: counted as the budget and the total would count it. (The
                        // same steps as for a new document below, kept apart so that this path
                        // never reads the slot.)
                        if s.touched.len() + passed >= CANDIDATE_BUDGET {
                            if p.doc > last_held {
                                break;
                            }
                            continue;
                        }
                        last_held = last_held.max(p.doc);
                        if rank::matches_fields(&p, src.fields) {
                            passed += usize::from(set_bit(&mut s.passed, p.doc));
                            if counts {
                                counted += u32::from(set_bit(&mut s.counted, p.doc));
                            }
                        }
                        continue;
                    }
                    let slot = &mut s.slots[d];
                    let new = slot.mask == 0 && slot.best_mask == 0;
                    if new {
                        if s.touched.len() + fresh >= CANDIDATE_BUDGET {
                            if p.doc > last_held {
                                break;
                            }
                            continue;
                        }
                        if allow.is_some_and(|allow| !allow(p.doc)) {
                            continue;
                        }
                        last_held = last_held.max(p.doc);
                    }
                    let factors = &slot.factors;
                    if form {
                        let tf = rank::bm25f_raw(factors, &p, src.fields) * src.exp.weight;
                        if tf > 0.0 {
                            if slot.best_mask == 0 {
                                s.round.push(p.doc);
                                fresh += usize::from(new);
                            }
                            slot.forms += tf;
                            slot.best_mask |= src.clauses;
                            slot.best_strong |= src.clauses;
                        }
                        continue;
                    }
                    let v = rank::bm25f(factors, &p, src.fields) * idf;
                    if v <= 0.0 {
                        continue;
                    }
                    if slot.best_mask == 0 {
                        s.round.push(p.doc);
                        fresh += usize::from(new);
                    }
                    if v > slot.best {
                        slot.best = v;
                    }
                    slot.best_mask |= src.clauses;
                    if src.exp.kind != MatchKind::Related {
                        slot.best_strong |= src.clauses;
                    }
                }
            }
            for &doc in &s.round {
                let slot = &mut s.slots[doc as usize];
                if slot.forms > 0.0 {
                    slot.best = slot.best.max(rank::saturate(slot.forms) * forms_idf);
                    slot.forms = 0.0;
                }
                if slot.mask == 0 {
                    s.touched.push(doc);
                    set_bit(&mut s.held, doc);
                }
                slot.score += slot.best;
                slot.mask |= slot.best_mask;
                slot.strong |= slot.best_strong;
                slot.best = 0.0;
                slot.best_mask = 0;
                slot.best_strong = 0;
            }
            s.round.clear();
        }
        let mut out = Vec::with_capacity(s.touched.len());
        for &doc in &s.touched {
            s.held[doc as usize / 64] = 0;
            let slot = s.slots[doc as usize];
            s.slots[doc as usize] = Slot { factors: slot.factors, ..Slot::default() };
            // Related forms count for the soft AND but not as matching the word.
            let matched = (slot.mask & required).count_ones();
            let coverage = (slot.strong & required).count_ones();
            if matched > 0 && !is_set(excluded, doc) {
                let score = slot.score * coord[matched as usize];
                // The date is read later, for the candidates that can make the page.
                out.push(Candidate { doc, coverage, mask: slot.strong, score, date: 0, input: 0 });
            }
        }
        s.touched.clear();
        (out, counted)
    }

    /// Re-scores the best candidates with word proximity (entries with every word) and title
    /// coverage, read from the stored text. Returns each one's scans of its title and (when it
    /// has every word) abstract, which its highlights and snippet then reuse.
    ///
    /// Re-scoring only raises a score, by at most [`RERANK_BOOST_MAX`]: a candidate that even
    /// so stays below the `page`-th best score cannot reach the page (the first `page`
    /// results), and is left as it is, unread. (Phrase queries, which drop candidates after
    /// this, pass `usize::MAX`: every candidate is re-scored.)
    fn rerank(&self, cands: &mut [Candidate], terms: &MatchedTerms, required: u32, typed: Option<&Typed>, mut completed: Option<&mut Vec<(u32, Explained)>>, page: usize) -> Vec<Scanned<'a>> {
        let full = required.count_ones();
        let k = cands.len().min(RERANK);
        // Candidates are sorted: the page-th score is a floor for the page's final scores.
        let floor = page.checked_sub(1).and_then(|i| cands.get(i)).map_or(0.0, |c| c.score);
        let words = full as f32;
        // An entry that lacks only the word being typed may hold one of its unlisted
        // completions: it then matches every word (see [`Searcher::typed`]).
        let coord = |m: u32| rank::coordination(m, full);
        let completes = |c: &Candidate| typed.filter(|t| c.mask & t.bit == 0 && c.coverage + 1 == full);
        let mut scans = Vec::with_capacity(k);
        let mut extra_reads = 0;
        for c in cands[..k].iter_mut() {
            // The most re-scoring can make of this score.
            let best = match completes(c) {
                Some(t) => (c.score / coord(c.coverage) + t.idf * rank::SATURATED_MAX * TYPED_WEIGHT) * coord(full),
                None => c.score,
            };
            if best * RERANK_BOOST_MAX < floor {
                // Cannot reach the page: left as it is, unread.
                continue;
            }
            if c.score * RERANK_BOOST_MAX < floor {
                // Read only for a completion it may hold: a few such reads at most, the best
                // first (a broad query has many entries that lack the word being typed).
                if extra_reads == TYPED_READS {
                    continue;
                }
                extra_reads += 1;
            }
            let stored = self.index.stored(c.doc);
            let title = Scan::new(stored.title, terms);
            // Proximity needs every word: an entry that misses one skips the abstract scan.
            let mut abstract_scan = (c.coverage >= full).then(|| Scan::new(stored.abstract_text, terms));
            if let Some(t) = completes(c) {
                // Looked for in the title, already scanned: reading the abstract of every entry
                // that lacks the word would cost a broad query more than the rest of it.
                if let Some((start, end)) = title.first(t.bit) {
                    // It now holds every word: its abstract counts, as for proximity.
                    let scan = Scan::new(stored.abstract_text, terms);
                    let posting = self.complete(c, t, full, [title.count(t.bit), scan.count(t.bit)]);
                    abstract_scan = Some(scan);
                    if let (Some(posting), Some(out)) = (posting, completed.as_mut()) {
                        out.push((c.doc, self.explain_completion(t, &posting, &stored.title[start..end])));
                    }
                }
            }
            let title_cover = title.cover(required) as f32 / words;
            let span = title.span(required).min(abstract_scan.as_ref().map_or(u32::MAX, |a| a.span(required)));
            let proximity = if span == u32::MAX { 0.0 } else { (words / span as f32).min(1.0) };
            c.score *= 1.0 + RERANK_TITLE * title_cover + RERANK_PROXIMITY * proximity;
            scans.push(Scanned { doc: c.doc, stored, title, abstract_scan });
        }
        sort_candidates(&mut cands[..k], &rank::order);
        scans
    }

    /// The word being typed (clause `i`), when the search listed only its most frequent
    /// completions ([`matcher::expand`]): re-ranking then looks for the others in the titles of
    /// the entries that hold every other word (`order mat` → `matters`, past `matrix`,
    /// `material`, …). A completion found so scores as a listed one would, at the lowest
    /// weight of a completion and the word's own idf cap.
    fn typed(&self, sources: &[Source], i: usize, clause: &Clause) -> Option<Typed> {
        let bit = 1u32 << i;
        let mut listed = sources.iter().filter(|s| s.clauses == bit && s.exp.kind == MatchKind::Prefix).peekable();
        let idf = listed.peek()?.idf_cap;
        let (count, postings) = listed.fold((0, 0u64), |(n, p), s| (n + 1, p + u64::from(Index::split_value(s.exp.value).1)));
        let cut = count >= matcher::PREFIX_KEEP || postings >= matcher::prefix_postings_cap(self.index.doc_count());
        (cut && idf.is_finite()).then(|| Typed { word: clause.word.clone(), bit, fields: clause.fields, idf })
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
        Some(posting)
    }

    /// A completion found by [`Searcher::complete`], as `explain` lists it: `word` its text.
    fn explain_completion(&self, t: &Typed, posting: &Posting, word: &str) -> Explained {
        let mut term = String::new();
        tokenize(word, |tok| term = tok.term.to_string());
        let fields = rank::bm25f_fields(&self.index, posting, t.fields).map(|f| rank::round_score(f * t.idf));
        Explained { word: t.word.clone(), term, kind: MatchKind::Prefix, weight: f64::from(TYPED_WEIGHT), fields }
    }

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

/// When the stored title or abstract holds every phrase as consecutive words: whether they are
/// all in the title, and how often they occur in all.
fn phrase_stats(stored: &Stored<'_>, phrases: &[Vec<String>]) -> Option<(bool, u32)> {
    let (mut all_in_title, mut total) = (true, 0);
    for p in phrases {
        let t = count_phrase(highlight::clip_str(stored.title, 4 * highlight::MAX_SCAN_BYTES), p);
        let a = count_phrase(highlight::clip_str(stored.abstract_text, 4 * highlight::MAX_SCAN_BYTES), p);
        if t + a == 0 {
            return None;
        }
        all_in_title &= t > 0;
        total += t + a;
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
            if phrase[*k] == t.term {
                *k += 1;
                true
            } else {
                false
            }
        });
        if phrase[0] == t.term {
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
                .map(|i| Candidate { doc: i as u32, coverage: next(3), mask: 0, score: next(5) as f32 * 0.5, date: 20240100 + next(4), input: inputs[i] })
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
