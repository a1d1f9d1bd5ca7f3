//! The query path: [`query`] parses, `sources` turns each word into the dictionary terms it
//! stands for (through [`matcher`] and the fst walks of `descend`, with the Levenshtein
//! automata's stored tables in `typo_tables`), `score` reads their
//! postings into scores (the formulas are in [`rank`]), `order` sorts the candidates, `rerank`
//! re-scores the best of them from their stored text, `phrase` checks phrases there, and
//! [`highlight`] makes spans and snippets. [`Searcher`] runs them in that order and returns a
//! [`SearchResponse`], the one result schema of the JS API and the CLI's `--json`
//! (`docs/api.md`).

pub(crate) mod descend;
pub mod highlight;
pub mod matcher;
pub mod query;
pub mod rank;
mod order;
mod phrase;
mod rerank;
mod score;
mod sources;
mod typo_tables;

use crate::entry::format_date;
use crate::index::format::{ABSTRACT, FIELDS, TITLE};
use crate::index::read::is_set;
use crate::index::{Index, IndexError};
use highlight::{MatchedTerms, Snippet};
use matcher::{Expansion, MatchKind, TypoBuilders};
use query::{Clause, Filter, Query, Sort};
use rank::Candidate;
use serde::Serialize;
use std::cell::{OnceCell, RefCell};

pub(crate) use order::insertion_sort;
use order::{keep_first, sort_candidates, Order};
pub use phrase::{count_phrase, phrase_starts};
use phrase::{first_phrase, phrase_stats};
use rerank::{Scanned, RERANK};
use sources::{mark_as_typed, version_masks, Source};
use score::{common_words_past_budget, Scratch};
pub use score::{CANDIDATE_BUDGET, POSTINGS_BUDGET};

/// The fields whose text re-ranking reads (bit per field): title and abstract.
const TEXT_FIELDS: u8 = 1 << TITLE | 1 << ABSTRACT;
/// Most results one call returns.
pub const MAX_LIMIT: usize = 1000;
/// Candidates checked for an exact phrase (or for an excluded one) in any case, best first (or
/// twice the requested page, if more), and the bytes of stored text read for them (past those,
/// see [`PHRASE_MORE`]): a phrase of common words costs bounded time, and `total` then counts the
/// entries checked and found to hold the phrase (and not the excluded ones).
const PHRASE_CHECKS: usize = 150;
const PHRASE_BYTES: usize = 512 << 10;
/// While fewer than the page hold the phrase, candidates past [`PHRASE_CHECKS`] are read on, up
/// to this many in all and [`PHRASE_MORE_BYTES`] of stored text: a phrase of common words that
/// stand together in few entries (`"training step"`) is found where it ranks among thousands.
const PHRASE_MORE: usize = 2000;
const PHRASE_MORE_BYTES: usize = 3 << 20;

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
    /// Keep entries dated on or after this day (`YYYY-MM-DD`, `YYYY-MM` or `YYYY`). A string
    /// that is none of these filters nothing: the JS API and the CLI reject it first (check one
    /// with [`query::parse_filter_date`]).
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

/// One result. (Non-exhaustive: a later version may add fields.)
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
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

    /// The query path, in its steps: [`Searcher::parse`]; the filters; the sources of the words
    /// ([`Searcher::sources`]) and the excluded entries; the most common words left out of
    /// scoring past the postings' budget ([`leave_out`]); the word being typed
    /// ([`word_being_typed`]); scoring into candidates ([`Searcher::score`]), or browsing; the
    /// first cut by the `keep`-th best score ([`cut_below_kth_best`]); dates
    /// ([`Searcher::read_dates`]); the phrase words' pre-filter and the order of the head
    /// ([`order_head`]); the terms to highlight ([`matched_terms`]); re-ranking
    /// ([`Searcher::rerank`]); the phrases checked on the stored text
    /// ([`Searcher::check_phrases`]); the page ([`Searcher::hit`]). The steps that run once per
    /// query are inlined here (most by `#[inline(always)]`; `cut_below_kth_best`, `order_head` and
    /// `check_phrases` by the optimizers, which inline a function of one caller: marked, the
    /// runtime code came out 147 bytes larger in brotli); the phases kept out of line (`sources`,
    /// `score`, `rerank`, `hit`, `excluded_docs`) stay so, each a function that V8 compiles
    /// apart (`docs/performance.md`, "out of line"). Moving a step in or out changes how the
    /// optimizers shape this function: measure the runtime code and V8's instructions.
    fn run(&self, input: &str, opts: &SearchOptions) -> SearchResponse<'a> {
        let mut query = self.parse(input);
        let limit = opts.limit.min(MAX_LIMIT);
        // The last result asked for (an offset past any index saturates rather than overflows).
        let upto = opts.offset.saturating_add(limit);
        merge_options(&mut query.filter, opts);
        let allow = self.allowed(&query.filter);
        if query.is_empty() && query.filter.is_empty() && query.filter.sort.is_none() {
            return SearchResponse { total: 0, results: vec![], facets: opts.facets.then(Facets::default) };
        }
        let (clauses, mut sources) = self.sources(&query);
        let excluded = self.excluded_docs(&query);
        let mut required: u32 = clauses.iter().enumerate().filter(|(_, c)| !c.optional).fold(0, |m, (i, _)| m | 1 << i);
        // The most common words, past the postings' budget, are left out of scoring: no longer
        // required, and kept aside for re-ranking and highlighting.
        let dropped = common_words_past_budget(&sources, required);
        required &= !dropped;
        let mut left_out = leave_out(&mut sources, dropped);
        let typing = word_being_typed(&clauses, required);
        mark_as_typed(&mut sources, &mut left_out, typing.map(|(i, c)| (i, c.word.as_str())));
        // Matching entries left out of the candidates because they cannot make the page.
        let mut uncounted = 0;
        // Phrases, and phrases left out, are checked on the stored text of the best candidates.
        let checks_text = !query.phrases.is_empty();
        let mut cands = if query.is_empty() {
            // Browsing: every entry that passes the filters, newest first unless told otherwise.
            let mut all = Vec::new();
            for doc in 0..self.index.doc_count() {
                if allow(doc) && !is_set(&excluded, doc) {
                    all.push(Candidate { doc, coverage: 0, typos: 0, mask: 0, present: 0, typed: 0, score: 0.0, date: 0, input: 0 });
                }
            }
            all
        } else {
            let filter: Option<&dyn Fn(u32) -> bool> = if query.filter.is_empty() { None } else { Some(&allow) };
            // Rounds may stop admitting entries that cannot reach the first `keep` results
            // when nothing but relevance decides which entries are kept.
            let prune = filter.is_none() && excluded.is_empty() && !checks_text && !opts.facets && query.filter.sort.is_none_or(|s| s == Sort::Relevance);
            let keep = if prune { upto.max(RERANK) } else { usize::MAX };
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
        let order = order_by(sort);
        let mut total = cands.len() as u32 + uncounted;
        // Entries that miss some required words rank among the rest by their score, lowered
        // for each missing word (`rank::coordination`), and are marked `partial`.
        let full = required.count_ones();
        if full == 1 && sort == Sort::Relevance {
            rank::typos_below_exact(&mut cands);
        }
        let facets = opts.facets.then(|| self.facets(&cands, full));
        // Only the page and the re-ranked head need a full sort.
        let keep = upto.max(RERANK);
        if !checks_text && cands.len() > keep && sort == Sort::Relevance {
            cut_below_kth_best(&mut cands, keep);
        }
        self.read_dates(&mut cands);
        // The query words inside phrases; those an entry must hold (no stop word is required);
        // and how many candidates the phrase check reads in any case.
        let in_phrases = clauses.iter().enumerate().filter(|(_, c)| c.phrase.is_some()).fold(0u32, |m, (i, _)| m | 1 << i);
        let phrase_words = required & in_phrases;
        let phrase_checks = PHRASE_CHECKS.max(upto.saturating_mul(2));
        order_head(&mut cands, &order, checks_text.then_some((phrase_words, phrase_checks)), keep);
        let terms = matched_terms(&clauses, &sources, &left_out, typing, &mut query, in_phrases);
        let typed = typing.and_then(|(i, c)| self.typed(&sources, i, c));
        // Completions of the word being typed found in the text, by entry, when `explain` lists them.
        let mut completed: Vec<(u32, Explained)> = Vec::new();
        let explained = opts.explain.then_some(&mut completed);
        // A word begun after the words, of one letter (`diffusion a`, which matches nothing by
        // itself) or two (`diffusion ap`, which stands for its most frequent completions): the
        // entries whose title has another word that starts with it go up among the first, the
        // more the rarer that word (`rerank::begun_factor`).
        let two_letters = |&(i, c): &(usize, &Clause)| i > 0 && i + 1 == clauses.len() && c.word.len() == 2 && c.word.bytes().all(|b| b.is_ascii_lowercase());
        let begun = clauses.last().filter(|c| c.begun).or_else(|| typing.filter(two_letters).map(|(_, c)| c));
        let begun = begun.filter(|c| c.fields & TEXT_FIELDS != 0 && !checks_text).map(|c| c.word.as_str());
        let scans = if full >= 2 && sort == Sort::Relevance {
            self.rerank(&mut cands, &terms, required, required | dropped, typed.as_ref(), begun, explained, if checks_text { usize::MAX } else { upto })
        } else {
            if let Some(letter) = begun.filter(|_| full == 1 && sort == Sort::Relevance) {
                self.rerank_begun(&mut cands, letter, &terms);
            }
            Vec::new()
        };
        if checks_text {
            self.check_phrases(&mut cands, &terms, phrase_checks, upto);
            sort_candidates(&mut cands, &order);
            total = cands.len() as u32;
        }
        let mut results = Vec::with_capacity(limit.min(cands.len()));
        for c in cands.iter().skip(opts.offset).take(limit) {
            results.push(self.hit(c, c.coverage < full, &terms, &scans, opts.explain.then_some((&clauses[..], &sources[..], &completed[..]))));
        }
        SearchResponse { total, results, facets }
    }

    /// Parses the query (the dictionary says how many entries hold a word, for the words typed
    /// twice: [`query::parse_by`]), and splits a phrase's words typed without a space.
    #[inline(always)]
    fn parse(&self, input: &str) -> Query {
        let mut query = query::parse_by(input, |w| matcher::exact(&self.index, w).map_or(u32::MAX, |v| Index::split_value(v).1));
        // Words that are all optional (stop words alone: `the`, `what is`) ask for nothing: the
        // query is as if it had none (with a filter, it browses). Scored, their completions
        // would only be thrown away, at a few milliseconds at 200k entries.
        if query.phrases.is_empty() && query.clauses.iter().all(|c| c.optional) {
            query.clauses.clear();
        }
        self.split_phrase_compounds(&mut query.phrases);
        query
    }

    /// Reads each candidate's date and input position, which break ties (and dates order by
    /// time). Read only once the first cut has been made, for the candidates left: each is a
    /// random read of DOCS (and ORDER), which was a tenth of a query's time when done for all.
    #[inline(always)]
    fn read_dates(&self, cands: &mut [Candidate]) {
        for c in cands.iter_mut() {
            c.date = self.index.doc_date(c.doc);
            c.input = self.index.input_position(c.doc);
        }
    }

    /// Keeps the candidates that hold every phrase and no excluded one, checked on their stored
    /// text in order, and ranks a phrase in the title, then more occurrences, above the rest.
    /// (An entry lacking one of the phrases' indexed words cannot hold them: [`order_head`]
    /// dropped it, unread.) The first `phrase_checks` candidates are read in any case, within
    /// [`PHRASE_BYTES`] (or 2 KiB each, if more); past them, reading goes on while fewer than
    /// `upto` hold the phrases, within [`PHRASE_MORE_BYTES`].
    fn check_phrases(&self, cands: &mut Vec<Candidate>, terms: &MatchedTerms, phrase_checks: usize, upto: usize) {
        let phrase_bytes = PHRASE_BYTES.max(phrase_checks.saturating_mul(2048));
        let (mut bytes, mut read, mut found) = (0, 0, 0);
        // Whether the text of the first `phrase_checks` was all there (a lazy load fetches
        // what it lacked, and the search runs again).
        let mut first_there = true;
        cands.retain_mut(|c| {
            read += 1;
            if read - 1 == phrase_checks {
                first_there = !self.index.is_damaged();
            }
            // Reading on past the first stops with the page full, and waits for their text
            // when a lazy load lacked some (else it would read on over checks that fail).
            if bytes > phrase_bytes && (found >= upto || bytes > PHRASE_MORE_BYTES) || read > phrase_checks && (found >= upto || !first_there) {
                return false;
            }
            if read > phrase_checks && self.index.is_damaged() {
                // Reading on, a lazy load lacks an entry's text: the later candidates' text
                // is named too (each read fails at once), so that it comes in one fetch
                // rather than one per group of entries; they are checked in the next run.
                self.index.stored(c.doc);
                return false;
            }
            let stored = self.index.stored(c.doc);
            bytes += stored.title.len() + stored.abstract_text.len().min(4 * highlight::MAX_SCAN_BYTES);
            match phrase_stats(&stored, terms.phrases(), terms.phrase_fields()) {
                Some((in_title, count)) => {
                    c.score *= if in_title { 2.0 } else { 1.0 } * (1.0 + 0.2 * count.min(5) as f32);
                    found += 1;
                    true
                }
                None => false,
            }
        });
    }

    /// A test for the date and tag filters.
    fn allowed(&self, f: &Filter) -> impl Fn(u32) -> bool + '_ {
        let (after, before) = (f.after.unwrap_or(0), f.before.unwrap_or(u32::MAX));
        let dated = f.after.is_some() || f.before.is_some();
        let mut groups: Vec<Vec<u32>> = Vec::new();
        for g in &f.tags {
            let mut ids = Vec::new();
            for t in g {
                if let Some(id) = self.index.tag_id(t) {
                    ids.push(id);
                }
            }
            groups.push(ids);
        }
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
        for (y, n) in years {
            let mut year = String::new();
            crate::entry::push_decimal(&mut year, y, 0);
            facets.years.push((year, n));
        }
        facets
    }

    /// Documents that contain an excluded word (or an inflection of it) in the fields it is
    /// excluded from, a bit per document (empty when nothing is excluded). A bit set rather
    /// than a sorted list: no sort of document numbers in the wasm, and a lookup is one shift.
    #[inline(never)]
    fn excluded_docs(&self, query: &Query) -> Vec<u64> {
        let mut bits = Vec::new();
        let mut docs = Vec::new();
        for (w, fields) in query.excluded.iter().zip(&query.excluded_fields) {
            let exact = matcher::exact(&self.index, w).map(|v| (w.clone(), v));
            for (_, v) in exact.into_iter().chain(matcher::inflections(&self.index, w)) {
                if bits.is_empty() {
                    bits = vec![0u64; (self.index.doc_count() as usize).div_ceil(64)];
                }
                self.index.docs(v, *fields, &mut docs);
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
    fn hit(&self, c: &Candidate, partial: bool, terms: &MatchedTerms, scans: &[Scanned<'a>], explain: Option<Explaining<'_>>) -> Hit<'a> {
        let scanned = scans.iter().find(|s| s.doc == c.doc);
        // A re-ranked entry's texts were read then: they are not read (and their UTF-8 checked)
        // again, only the rest of its entry.
        let stored = scanned.map_or_else(|| self.index.stored(c.doc), |s| s.stored.entry());
        let explain = explain.map(|(clauses, sources, completed)| {
            let mut terms = self.explain(c.doc, clauses, sources);
            for (d, e) in completed {
                if *d == c.doc {
                    terms.push(e.clone());
                }
            }
            terms
        });
        Hit {
            id: stored.id,
            title: stored.title,
            url: stored.urls.first().copied(),
            urls: stored.urls,
            date: match self.index.doc_date(c.doc) {
                0 => None,
                d => Some(format_date(d)),
            },
            authors: stored.authors,
            tags: stored.tags,
            score: rank::round_score(c.score),
            partial,
            title_highlights: match scanned {
                Some(s) => highlight::highlight_scanned(stored.title, &s.title),
                None => highlight::highlight(stored.title, terms),
            },
            snippet: {
                let anchor = first_phrase(stored.abstract_text, terms);
                match scanned.and_then(|s| s.abstract_scan.as_ref()) {
                    Some(scan) => highlight::snippet_scanned(stored.abstract_text, scan, anchor),
                    None => highlight::snippet_scanned(stored.abstract_text, &highlight::Scan::new(stored.abstract_text, terms, ABSTRACT), anchor),
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

/// Takes the sources of the words left out (`dropped`, the common words past the postings'
/// budget: [`common_words_past_budget`]) out of `sources`, and returns the forms of those words
/// that still count in a title when re-ranking (an entry whose title is the query ranks above
/// one whose title holds its rarer words only) and are highlighted: their exact and stemmed
/// forms.
#[inline(always)]
fn leave_out(sources: &mut Vec<Source>, dropped: u32) -> Vec<Source> {
    let mut left_out: Vec<Source> = Vec::new();
    if dropped != 0 {
        let all = std::mem::take(sources);
        for src in all {
            if src.clauses & dropped == 0 {
                sources.push(src);
            } else if src.clauses.count_ones() == 1 && matches!(src.exp.kind, MatchKind::Exact | MatchKind::Stem) {
                left_out.push(src);
            }
        }
    }
    left_out
}

/// The word being typed: a required word that also matches as a prefix (not the end of a
/// version: `3.5` does not match `3.50` or `3 5g`), with its position.
#[inline(always)]
fn word_being_typed(clauses: &[Clause], required: u32) -> Option<(usize, &Clause)> {
    let in_version = version_masks(clauses).into_iter().fold(0, |m, v| m | v);
    clauses.iter().enumerate().find(|(i, c)| c.prefix && c.phrase.is_none() && required & !in_version & (1 << i) != 0)
}

/// The order of the results: by relevance ([`rank::order`]), or among the entries that hold as
/// many of the words, newest or oldest first (undated entries last either way).
#[inline(always)]
fn order_by(sort: Sort) -> impl Fn(&Candidate, &Candidate) -> std::cmp::Ordering {
    move |a: &Candidate, b: &Candidate| match sort {
        Sort::Relevance => rank::order(a, b),
        Sort::Newest => b.coverage.cmp(&a.coverage).then(b.date.cmp(&a.date)).then(rank::order(a, b)),
        // Undated entries (date 0) come last either way.
        Sort::Oldest => b.coverage.cmp(&a.coverage).then(a.date.wrapping_sub(1).cmp(&b.date.wrapping_sub(1))).then(rank::order(a, b)),
    }
}

/// A cheap first cut: the keep-th best score, found with a small top list, bounds what can
/// make the page (ties are kept), so the selection after it sees a few candidates rather than
/// thousands. Scores are never negative, so their bit patterns order like the floats.
/// (Scoring made this cut already when it could leave entries out: here it is for the rest,
/// filters, facets and a query of one word among them.)
fn cut_below_kth_best(cands: &mut Vec<Candidate>, keep: usize) {
    let mut top = matcher::Best::new(keep);
    for c in cands.iter() {
        top.offer(std::cmp::Reverse(c.score.to_bits()), || ());
    }
    if let Some(std::cmp::Reverse(bits)) = top.worst() {
        let threshold = f32::from_bits(*bits);
        cands.retain(|c| c.score >= threshold);
    }
}

/// Sorts the head of the candidates that the rest of the path reads: the first `keep` in
/// `order`, or for a phrase query (`phrases`: the phrase words an entry must hold, and how many
/// candidates are checked in any case) the first that hold every phrase word, as many as the
/// phrase check may read ([`PHRASE_MORE`] at least); the others are not needed, nor sorted.
fn order_head(cands: &mut Vec<Candidate>, order: &Order<'_>, phrases: Option<(u32, usize)>, keep: usize) {
    if let Some((phrase_words, phrase_checks)) = phrases {
        cands.retain(|c| c.mask & phrase_words == phrase_words);
        keep_first(cands, phrase_checks.max(PHRASE_MORE), order);
    } else if cands.len() > keep {
        keep_first(cands, keep, order);
    }
    sort_candidates(cands, order);
}

/// The terms that highlighting marks and re-ranking counts in a title or an abstract: those of
/// the sources and of the words left out, the word being typed (`typing`) as a prefix, and the
/// query's phrases (taken from it; `in_phrases`: the query words inside them).
#[inline(always)]
fn matched_terms(clauses: &[Clause], sources: &[Source], left_out: &[Source], typing: Option<(usize, &Clause)>, query: &mut Query, in_phrases: u32) -> MatchedTerms {
    let mut m = MatchedTerms::default();
    // A word scoped to other fields (`author:smith`) matches no title or abstract: its
    // terms are not highlighted there, nor counted by re-ranking.
    for s in sources.iter().filter(|s| s.fields & TEXT_FIELDS != 0) {
        m.add(&s.exp.term, s.clauses, s.as_typed);
    }
    // A word scoped to the title (`title:`) is found in no abstract.
    for (i, c) in clauses.iter().enumerate() {
        if c.fields & TEXT_FIELDS == 1 << TITLE {
            m.mark_title_only(1 << i);
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
    m.set_phrases(std::mem::take(&mut query.phrases), std::mem::take(&mut query.phrase_fields), in_phrases);
    m
}

/// Adds the API's filter options to the filters parsed from the query.
fn merge_options(f: &mut Filter, opts: &SearchOptions) {
    if let Some(d) = opts.after.as_deref().and_then(|d| query::parse_filter_date(d, false)) {
        f.within(d, 99_991_231);
    }
    if let Some(d) = opts.before.as_deref().and_then(|d| query::parse_filter_date(d, true)) {
        f.within(0, d);
    }
    let mut tags = Vec::new();
    for t in &opts.tags {
        let t = crate::text::normalize_tag(t);
        if !t.is_empty() {
            tags.push(t);
        }
    }
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
