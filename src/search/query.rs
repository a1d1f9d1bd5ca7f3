//! Parsing what a visitor typed into a [`Query`]: words, `"exact phrases"`, `-excluded` words
//! and `title:` / `author:` scopes. Words go through the shared tokenizer, so the query's words
//! are the index's words.

use crate::index::format::{ABSTRACT, AUTHORS, TAGS, TITLE};
use crate::text::{is_cjk, is_hangul, is_stop_word, normalize_tag, tokenize};

/// Most characters of a query that are read; the rest is ignored (bounded work).
pub const MAX_QUERY_CHARS: usize = 512;
/// Most words a query may have; the rest are ignored (bounded work). Stop words make room first:
/// a title pasted whole (`Breakdown of a 2D heteroclinic connection in the Hopf-zero
/// singularity (II). The generic case`) keeps its words that matter.
pub const MAX_CLAUSES: usize = 12;
/// Most phrases (kept or left out) a query checks: see [`parse`].
pub const MAX_PHRASES: usize = 8;

/// A field mask with every searchable field.
pub const ALL_FIELDS: u8 = (1 << TITLE) | (1 << ABSTRACT) | (1 << AUTHORS) | (1 << TAGS);
/// In [`Query::phrase_fields`], beside the fields: a phrase that results must not hold.
pub const LEFT_OUT: u8 = 0x80;
/// In [`Query::phrase_fields`]: a phrase still being typed (the query ends inside it, its quote
/// not closed, with no space after its last word), whose last word also matches a word that
/// starts with it, as the word being typed does outside quotes (`"open sou` finds "open source").
pub const OPEN: u8 = 0x40;

/// One word of the query that a result should contain.
#[derive(Debug, Clone, PartialEq)]
pub struct Clause {
    /// The folded word.
    pub word: String,
    /// The last word of the query as typed (no trailing space): also matches as a prefix.
    pub prefix: bool,
    /// Fields it may match in (bit per field).
    pub fields: u8,
    /// A stop word: not indexed, need not match.
    pub optional: bool,
    /// Index of the phrase this word belongs to, if any.
    pub phrase: Option<usize>,
    /// The next clause was typed joined to this one (`dpm-solver`): they may also match as one
    /// compound term.
    pub joined_to_next: bool,
    /// This word and the next make a version or a decimal number, joined by a `.` between
    /// digits (`3.5` in `gpt 3.5`, `qwen2.5`): they match only together, as one term (`3.5`,
    /// `gpt35`, `qwen25`), never each on its own, where `3` and `5` are in most entries.
    pub version_with_next: bool,
    /// A number typed joined to the word before it (`3` of `sam3` or `gpt-4`): what was typed,
    /// not a word begun, and not completed on its own (the search narrows what the word before
    /// it finds with it).
    pub joined_number: bool,
    /// One letter of a word being typed (`diffusion a`): not completed and not required, but
    /// re-ranking prefers the entries whose title has a word that starts with it, the more the
    /// rarer that word (`rerank::begun_factor`).
    pub begun: bool,
}

/// A parsed query.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Query {
    /// The words to match, in order.
    pub clauses: Vec<Clause>,
    /// Exact phrases, as sequences of folded words.
    pub phrases: Vec<Vec<String>>,
    /// The fields each phrase must stand in (bit per field), parallel to `phrases`: every
    /// field, or the title or the authors for `title:"…"` and `author:"…"`; with [`LEFT_OUT`]
    /// for a phrase that results must not hold there (`-"black box"`), which has no clauses.
    pub phrase_fields: Vec<u8>,
    /// Folded words that a result must not contain (or an inflection of them).
    pub excluded: Vec<String>,
    /// The fields each excluded word must not stand in (bit per field), parallel to `excluded`:
    /// every field, or the title for `-title:deep`.
    pub excluded_fields: Vec<u8>,
    /// Filters given in the query (`year:`, `after:`, `before:`, `tag:`, `sort:`).
    pub filter: Filter,
}

/// How results are ordered.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Sort {
    /// Best match first (ties: newer first).
    #[default]
    Relevance,
    /// Newest first.
    Newest,
    /// Oldest first.
    Oldest,
}

/// Date and tag filters and the sort order, from the query language or the API options.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Filter {
    /// Earliest date kept, `yyyymmdd` (inclusive).
    pub after: Option<u32>,
    /// Latest date kept, `yyyymmdd` (inclusive).
    pub before: Option<u32>,
    /// Tag groups: an entry must carry at least one tag of every group (folded tags).
    pub tags: Vec<Vec<String>>,
    /// The order of results, when given.
    pub sort: Option<Sort>,
}

impl Filter {
    /// True when no date or tag filter is set.
    pub fn is_empty(&self) -> bool {
        self.after.is_none() && self.before.is_none() && self.tags.is_empty()
    }

    /// Narrows the date range to `from..=to`.
    pub fn within(&mut self, from: u32, to: u32) {
        self.after = Some(self.after.map_or(from, |a| a.max(from)));
        self.before = Some(self.before.map_or(to, |b| b.min(to)));
    }
}

/// Parses a date for a filter: `YYYY-MM-DD`, `YYYY-MM` or `YYYY`; `end` picks the last day of
/// a month or year instead of the first.
pub fn parse_filter_date(s: &str, end: bool) -> Option<u32> {
    let mut parts = s.split('-');
    // The next part: `len` digits from `lo` to `hi`, or `missing` when there is none.
    let mut next = |len: usize, lo: u32, hi: u32, missing: u32| match parts.next() {
        None => Some(missing),
        Some(p) if p.len() == len && p.bytes().all(|b| b.is_ascii_digit()) => {
            Some(p.bytes().fold(0, |n, b| n * 10 + u32::from(b - b'0'))).filter(|n| (lo..=hi).contains(n))
        }
        Some(_) => None,
    };
    let y = next(4, 0, 9999, 0)?;
    let m = next(2, 1, 12, if end { 12 } else { 1 })?;
    let d = next(2, 1, crate::entry::days_in_month(y, m), if end { 31 } else { 1 })?;
    parts.next().is_none().then_some(y * 10000 + m * 100 + d)
}

/// Reads the value of a `tag:` filter (tags, comma-separated: any of them) into `filter`; false
/// when it names none.
fn tag_filter(value: &str, filter: &mut Filter) -> bool {
    let mut group = Vec::new();
    for t in value.split(',') {
        let t = normalize_tag(t);
        if !t.is_empty() {
            group.push(t);
        }
    }
    if group.is_empty() {
        return false;
    }
    filter.tags.push(group);
    true
}

/// Reads one `key:value` filter word into `filter`; false when `chunk` is not one.
fn parse_filter_word(chunk: &str, filter: &mut Filter) -> bool {
    let Some((key, value)) = chunk.split_once(':') else { return false };
    match key.to_ascii_lowercase().as_str() {
        "year" => match parse_filter_date(value, false).zip(parse_filter_date(value, true)) {
            Some((from, to)) if value.len() == 4 => filter.within(from, to),
            _ => return false,
        },
        "after" | "since" | "from" => match parse_filter_date(value, false) {
            Some(d) => filter.within(d, 99_991_231),
            None => return false,
        },
        "before" | "until" | "to" => match parse_filter_date(value, true) {
            Some(d) => filter.within(0, d),
            None => return false,
        },
        "tag" | "tags" => return tag_filter(value, filter),
        "sort" => {
            filter.sort = Some(match value.to_ascii_lowercase().as_str() {
                "new" | "newest" | "date" | "recent" => Sort::Newest,
                "old" | "oldest" => Sort::Oldest,
                "relevance" | "best" => Sort::Relevance,
                _ => return false,
            })
        }
        _ => return false,
    }
    true
}


impl Query {
    /// True when there is nothing to search for.
    pub fn is_empty(&self) -> bool {
        self.clauses.is_empty()
    }
}

/// Parses a query string, with no index to tell how common its words are (as [`parse_by`]: past
/// the word limit, the words past it go).
pub fn parse(input: &str) -> Query {
    parse_by(input, |_| 0)
}

/// Parses a query string. `entries` tells how many entries hold a term (`u32::MAX` for one the
/// index lacks; 0 when not known): over the word limit, a run of Chinese or Japanese (a word per pair of
/// characters) keeps its rarest pairs, those that tell a title pasted whole from others that
/// share much of it.
pub fn parse_by(input: &str, entries: impl Fn(&str) -> u32) -> Query {
    // The first `MAX_QUERY_CHARS` chars, sliced where the next one starts.
    let input = input.char_indices().nth(MAX_QUERY_CHARS).map_or(input, |(end, _)| &input[..end]);
    let typed_on = !input.ends_with(|c: char| c.is_whitespace());
    let mut q = Query::default();
    let mut rest = input;
    while !rest.is_empty() {
        rest = rest.trim_start_matches(|c: char| c.is_whitespace());
        if rest.is_empty() {
            break;
        }
        // A tag in quotes may hold spaces (`tag:"machine learning"`), up to the next quote.
        let key = ["tag:\"", "tags:\""].into_iter().find(|k| rest.get(..k.len()).is_some_and(|p| p.eq_ignore_ascii_case(k)));
        if let Some(key) = key {
            let (value, after) = rest[key.len()..].split_once('"').unwrap_or((&rest[key.len()..], ""));
            tag_filter(value, &mut q.filter);
            rest = after;
            continue;
        }
        // A scope before a phrase (`title:"language models"`) applies to the whole phrase; a
        // phrase after `-` (`-"black box"`, `-title:"black box"`) is left out.
        let (in_fields, quoted) = match scope(rest.strip_prefix('-').unwrap_or(rest)).map(|(fields, after)| (fields, after.strip_prefix('"'))) {
            Some((fields, Some(inner))) => (fields, Some(inner)),
            _ => (ALL_FIELDS, rest.strip_prefix('"').or_else(|| rest.strip_prefix("-\""))),
        };
        if let Some(inner) = quoted {
            // A phrase runs to the next quote, or to the end when unbalanced.
            let (phrase, after) = match inner.find('"') {
                Some(i) => (&inner[..i], &inner[i + 1..]),
                None => (inner, ""),
            };
            // Each phrase is checked on the candidates' text: past MAX_PHRASES, they are
            // dropped, so that no query costs their number in time.
            if q.phrases.len() >= MAX_PHRASES {
                rest = after;
                continue;
            }
            let at_end = after.chars().all(char::is_whitespace) && !inner.contains('"');
            let words = words_of(phrase);
            if rest.starts_with('-') {
                leave_out(&mut q, words, in_fields, false);
            } else if words.len() > 1 {
                let idx = q.phrases.len();
                let mut phrase = Vec::with_capacity(words.len());
                for (w, ..) in &words {
                    phrase.push(w.clone());
                }
                q.phrases.push(phrase);
                q.phrase_fields.push(in_fields | if at_end && typed_on { OPEN } else { 0 });
                push_words(&mut q, &words, in_fields, Some(idx), at_end && typed_on);
            } else {
                push_words(&mut q, &words, in_fields, None, at_end && typed_on);
            }
            rest = after;
            continue;
        }
        let end = rest.find(|c: char| c.is_whitespace()).unwrap_or(rest.len());
        let (chunk, after) = rest.split_at(end);
        let last = after.chars().all(char::is_whitespace) && typed_on;
        if parse_filter_word(chunk, &mut q.filter) {
            // A filter, not a word.
        } else if let Some(ex) = chunk.strip_prefix('-').filter(|s| !s.is_empty() && !s.starts_with(['-', '.']) && !s.starts_with(|c: char| c.is_ascii_digit())) {
            // (`-15` and `-0.5` are numbers, as in a title pasted whole: "fainter than -15 mag".)
            let (fields, body) = scope(ex).unwrap_or((ALL_FIELDS, ex));
            let words = words_of(body);
            // A stop word of one or two letters being typed (`-a`, `-at`, `-in`) is most often
            // the start of another word (`-attention`): not left out yet, or nearly every entry
            // would go at that keystroke.
            if !(last && words.len() == 1 && words[0].0.len() < 3 && is_stop_word(&words[0].0)) {
                leave_out(&mut q, words, fields, true);
            }
        } else {
            let (fields, body) = scope(chunk).unwrap_or((ALL_FIELDS, chunk));
            let words = split_named_versions(words_of(body));
            push_words(&mut q, &words, fields, None, last);
        }
        rest = after;
    }
    // A word typed twice counts once (outside phrases, which check their words on the text,
    // and versions, whose two words match together: `3.3`); a name with a number joined to it
    // is kept with its number, which narrows it (`qwen2 qwen3`); so is a number after an `x`,
    // and the `x`: with the number before them they are a term of the text (`512 x 512` is
    // `512x512`, as the text writes it joined or apart), which the first `512` alone is not.
    let c = &q.clauses;
    let numbered = |i: usize| i > 0 && i < c.len() && (c[i - 1].joined_to_next || c[i - 1].word == "x") && c[i].word.bytes().all(|b| b.is_ascii_digit());
    // A clause whose word counts once: not in a phrase nor a version.
    let once = |i: usize| c[i].phrase.is_none() && !c[i].version_with_next && (i == 0 || !c[i - 1].version_with_next);
    // Per clause: kept when it counts more than once (in a phrase or a version, a name or the
    // number joined to it, a factor), or when no clause before it that counts once has its
    // word (a list of flags, not of the words seen: no word is copied).
    let mut keep = Vec::with_capacity(c.len());
    for i in 0..c.len() {
        keep.push(!once(i) || numbered(i) || numbered(i + 1) || !(0..i).any(|j| once(j) && c[j].word == c[i].word));
    }
    let mut at = 0;
    q.clauses.retain(|_| {
        at += 1;
        keep[at - 1]
    });
    // Over the limit, stop words go first (not in a phrase, not joined to a neighbour, not the
    // word being typed).
    while q.clauses.len() > MAX_CLAUSES {
        let c = &q.clauses;
        let Some(i) = (0..c.len() - 1).find(|&i| c[i].phrase.is_none() && is_stop_word(&c[i].word) && !c[i].joined_to_next && !c[i].version_with_next && (i == 0 || !c[i - 1].joined_to_next)) else { break };
        q.clauses.remove(i);
    }
    // Then the pairs of Chinese or Japanese characters (words from U+3000 on: three bytes from
    // 0xE3 on) that the most entries hold, those no entry holds first: a long title pasted whole
    // keeps the pairs that tell it from others sharing much of it. (Each pass looks up every
    // pair: past 48 words, the words past the limit go, as in other queries.)
    while q.clauses.len() > MAX_CLAUSES && q.clauses.len() <= 4 * MAX_CLAUSES {
        let c = &q.clauses;
        // The pair to drop and the bitwise complement of its entries (the lowest goes).
        let mut drop = (u32::MAX, 0);
        let mut after_joined = false;
        for (i, x) in c[..c.len() - 1].iter().enumerate() {
            if x.word.bytes().next() > Some(0xE2) && x.phrase.is_none() && !x.joined_to_next && !after_joined {
                let key = !entries(&x.word);
                if key < drop.0 {
                    drop = (key, i);
                }
            }
            after_joined = x.joined_to_next;
        }
        if drop.0 == u32::MAX {
            break;
        }
        q.clauses.remove(drop.1);
    }
    q.clauses.truncate(MAX_CLAUSES);
    if let Some(last) = q.clauses.last_mut() {
        last.version_with_next = false;
    }
    // Stop words are not indexed: they never have to match (phrases check them on the stored
    // text), unless the word is still being typed and may become another word (`an` → `ancient`)
    // after words that are not stop words. A query of stop words alone (`the`, `what is`, `of
    // the and`) asks for nothing: completing its last one would answer with whatever starts
    // with `the` or `is` as if it were what was meant.
    // One letter being typed (`diffusion a`) does not complete (completions start at two): it
    // is not required, so the entries do not all turn partial at each word's first keystroke,
    // and it counts only where it is a word of its own (`Clause::begun`: re-ranking then lifts
    // the titles with a word that starts with it). A Chinese or Japanese character (or a Korean syllable, often a word) says
    // more: it completes from the first keystroke (to the pairs that start with it).
    // The digit after a version's `.` (`gpt 3.5`) is the version's end, not a word begun; so is
    // a digit joined to the word before it (`sam3`, `gpt-4`).
    let only_stop_words = q.clauses.iter().all(|c| c.phrase.is_none() && is_stop_word(&c.word));
    let (mut after_dot, mut after_joined) = (false, false);
    for c in &mut q.clauses {
        let mut chars = c.word.chars();
        c.joined_number = after_joined && c.word.bytes().all(|b| b.is_ascii_digit());
        let starting = c.prefix && c.phrase.is_none() && !after_dot && !c.joined_number && !chars.next().is_some_and(|c| is_cjk(c) || is_hangul(c)) && chars.next().is_none();
        after_dot = c.version_with_next;
        after_joined = c.joined_to_next;
        // An initial in a name phrase (`author:"k. ono"`) is checked on the names, as the first
        // letter of a first name: it is not a word the entry must hold.
        let initial = c.phrase.is_some() && c.fields == 1 << AUTHORS && c.word.len() == 1 && c.word.bytes().all(|b| b.is_ascii_alphabetic());
        c.optional = starting || initial || is_stop_word(&c.word) && (!c.prefix || only_stop_words);
        c.prefix &= !starting;
        c.begun = starting;
    }
    // Words joined by a connector that would all be optional (`AT&T`: a stop word and a letter
    // begun) ask for their joined term (`att`): they are required, as typed.
    if !only_stop_words && q.clauses.iter().all(|c| c.optional) {
        let mut after = false;
        for c in &mut q.clauses {
            if (c.joined_to_next || after) && c.phrase.is_none() {
                c.optional = false;
                c.begun = false;
            }
            after = c.joined_to_next;
        }
    }
    q
}

/// Leaves out the entries that hold `words` (from [`words_of`]) in `fields`: one word, or
/// several (or a stop word) as a phrase. Words joined by connectors (`compound`: `-state-space`) are left out as
/// a compound typed matches, however it is written: as one word (`statespace`, of `State-space`
/// too) or one word after another (`state space`); not where the entry holds them apart.
fn leave_out(q: &mut Query, words: Vec<(String, bool, bool)>, fields: u8, compound: bool) {
    let n = words.len();
    let mut plain = Vec::with_capacity(n);
    for (w, ..) in words {
        plain.push(w);
    }
    let words = plain;
    // (A loop: `concat` links the slices' `join`, about 130 bytes of brotli.)
    let mut joined = String::new();
    for w in &words {
        joined.push_str(w);
    }
    // A stop word has no postings: alone, it is left out as a phrase of one word, on the text.
    let on_text = n > 1 || is_stop_word(&joined);
    if !on_text || n > 1 && compound {
        q.excluded.push(joined);
        q.excluded_fields.push(fields);
    }
    if on_text && q.phrases.len() < MAX_PHRASES {
        q.phrases.push(words);
        q.phrase_fields.push(fields | LEFT_OUT);
    }
}

/// `title:`, `author:` or `authors:` (any case) at the start of `text`: the scope's fields and
/// what follows the colon (a word, or a quoted phrase).
fn scope(text: &str) -> Option<(u8, &str)> {
    let (name, after) = text.split_once(':')?;
    let fields = if name.eq_ignore_ascii_case("title") {
        1 << TITLE
    } else if name.eq_ignore_ascii_case("author") || name.eq_ignore_ascii_case("authors") {
        1 << AUTHORS
    } else {
        return None;
    };
    Some((fields, after))
}

/// The plain words of a chunk with, for each, whether the next word was joined to it, and
/// whether the two make a version ([`Clause::version_with_next`]).
fn words_of(text: &str) -> Vec<(String, bool, bool)> {
    let mut out: Vec<(String, bool, bool)> = Vec::new();
    let mut last_end = usize::MAX;
    tokenize(text, |t| {
        if t.joined {
            return;
        }
        if let Some(prev) = out.last_mut() {
            // Joined when only a connector stands between the two words.
            prev.1 = t.start == last_end + 1 && !text[last_end..t.start].contains(char::is_whitespace);
            prev.2 = prev.1 && &text[last_end..t.start] == "." && prev.0.ends_with(|c: char| c.is_ascii_digit()) && t.term.starts_with(|c: char| c.is_ascii_digit());
        }
        out.push((t.term.to_string(), false, false));
        last_end = t.end;
    });
    out
}

/// A version typed joined to its name (`qwen2.5`, `spider2.0`) is the name and the version typed
/// apart (`qwen 2.5`): the text may write either (`Spider 2.0`, `Qwen2.5`). So is a whole number
/// joined to a name of three letters or more (`nifty50`, `sam3`: the text may write `NIFTY 50`,
/// `SAM 3`, `SAM3` or `SAM-3`; the run of the two words still matches the joined term). Not in a
/// phrase, which is checked on the text as typed, nor for a part that starts with a digit, which
/// is no name (`7sr0` of `La0.7Sr0.3MnO3`, which the text holds whole). The `v` of a release
/// (`v2.3.1`, `V0.4`) is no name but the mark of a version, which changelogs write with or
/// without it (`## [2.3.1]`, `v2.3.0`): it is left out, and the version matches either way
/// (not after a word it is joined to: `DeepSeek-V3.1`).
fn split_named_versions(words: Vec<(String, bool, bool)>) -> Vec<(String, bool, bool)> {
    let mut out = Vec::with_capacity(words.len() + 1);
    for (mut word, joined, version) in words {
        let digits = word.bytes().rev().take_while(u8::is_ascii_digit).count();
        // (A word is letters and digits: anything before its last digits holds a letter.)
        let named_version = version && digits < word.len() && !word.starts_with(|c: char| c.is_ascii_digit());
        if named_version || is_named_number(&word, digits) {
            let tail = word.split_off(word.len() - digits);
            if !(named_version && word == "v" && !out.last().is_some_and(|w: &(String, bool, bool)| w.1)) {
                out.push((word, true, false));
            }
            word = tail;
        }
        out.push((word, joined, version));
    }
    out
}

/// Whether `word`, whose last `digits` bytes are digits, is a name of three letters or more
/// and a number of one to three digits (`sam3`, `nifty50`; not `l2`, `u2net3` or `covid2019`).
fn is_named_number(word: &str, digits: usize) -> bool {
    let name = &word[..word.len() - digits];
    (1..=3).contains(&digits) && crate::text::char_count(name) >= 3 && name.chars().all(char::is_alphabetic)
}

fn push_words(q: &mut Query, words: &[(String, bool, bool)], fields: u8, phrase: Option<usize>, last_is_prefix: bool) {
    let n = words.len();
    for (i, (w, joined, version)) in words.iter().enumerate() {
        q.clauses.push(Clause {
            word: w.clone(),
            prefix: last_is_prefix && i + 1 == n,
            fields,
            optional: false,
            phrase,
            joined_to_next: *joined,
            version_with_next: *version,
            joined_number: false,
            begun: false,
        });
    }
    // A clause that ended a chunk is not prefix unless it is the query's last.
    if !last_is_prefix {
        if let Some(c) = q.clauses.last_mut() {
            c.prefix = false;
        }
    }
    for c in q.clauses.iter_mut().rev().skip(1) {
        c.prefix = false;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(q: &Query) -> Vec<&str> {
        q.clauses.iter().map(|c| c.word.as_str()).collect()
    }

    #[test]
    fn a_version_is_two_numbers_that_match_together() {
        let versions = |q: &Query| q.clauses.iter().map(|c| c.version_with_next).collect::<Vec<_>>();
        let q = parse("gpt 3.5");
        assert_eq!((words(&q), versions(&q)), (vec!["gpt", "3", "5"], vec![false, true, false]));
        // The number after the dot is the version's end, not a word begun (which would be optional).
        assert!(!q.clauses[2].optional && q.clauses[2].prefix);
        // Typed joined to its name, the version is read as typed apart; in a phrase, as typed.
        let q = parse("qwen2.5 vl");
        assert_eq!((words(&q), versions(&q)), (vec!["qwen", "2", "5", "vl"], vec![false, true, false, false]));
        assert_eq!(parse("\"qwen2.5 vl\"").phrases, [["qwen2", "5", "vl"]]);
        // A part that starts with a digit is no name: the text holds `7sr0` whole.
        assert_eq!(words(&parse("La0.7Sr0.3MnO3")), ["la", "0", "7sr0", "3mno3"]);
        // The `v` of a release is the version's mark, left out; a `v` without a version stays.
        assert_eq!((words(&parse("V2.3.1")), versions(&parse("v2.3.1"))), (vec!["2", "3", "1"], vec![true, true, false]));
        assert_eq!(words(&parse("fix v2 \"v2.3\"")), ["fix", "v2", "v2", "3"]);
        assert_eq!(words(&parse("deepseek-v3.1")), ["deepseek", "v", "3", "1"]);
        // Only a dot between digits; `3.3` keeps both its numbers; a version may end the clauses.
        assert_eq!(versions(&parse("gpt-4 e.g 3-5")), [false; 6]);
        assert_eq!(words(&parse("llama 3.3")), ["llama", "3", "3"]);
        let cut = parse("w1 w2 w3 w4 w5 w6 w7 w8 w9 w10 w11 1.2");
        assert_eq!((cut.clauses.len(), versions(&cut).last()), (MAX_CLAUSES, Some(&false)), "cut between the version's numbers");
    }

    #[test]
    fn a_number_joined_to_a_name_is_read_as_typed_apart() {
        let joined = |q: &Query| q.clauses.iter().map(|c| c.joined_to_next).collect::<Vec<_>>();
        let q = parse("nifty50 returns");
        assert_eq!((words(&q), joined(&q)), (vec!["nifty", "50", "returns"], vec![true, false, false]));
        // Typed last, the number is what was typed, not a word begun (which would be optional);
        // so is a digit typed after a hyphen.
        for text in ["sam3", "gpt-4"] {
            let q = parse(text);
            let last = q.clauses.last().unwrap();
            assert!(!last.optional && last.prefix, "{text}");
        }
        // A one-letter word typed after a hyphen is still a word begun.
        assert!(parse("self-s").clauses.last().unwrap().optional);
        // A name typed twice with two numbers keeps each (the word typed twice alone counts once).
        let q = parse("qwen2 qwen3 ");
        assert_eq!((words(&q), q.clauses[3].joined_number), (vec!["qwen", "2", "qwen", "3"], true));
        assert_eq!(words(&parse("sam3 sam")), ["sam", "3"]);
        // Not a short name, a name with digits in it or a longer number; not in a phrase.
        for text in ["l2", "co2", "u2net3", "covid2019", "3d"] {
            assert_eq!(words(&parse(text)), [text], "{text}");
        }
        assert_eq!(parse("\"sam3 masks\"").phrases, [["sam3", "masks"]]);
    }

    #[test]
    fn a_scope_before_a_phrase_scopes_the_whole_phrase() {
        let q = parse("Title:\"language models\" pruning");
        assert_eq!(words(&q), ["language", "models", "pruning"]);
        assert_eq!(q.phrases, [["language", "models"]]);
        assert_eq!(q.phrase_fields, [1 << TITLE]);
        assert_eq!(q.clauses.iter().map(|c| c.fields).collect::<Vec<_>>(), [1 << TITLE, 1 << TITLE, ALL_FIELDS]);
        let q = parse("author:\"ada lovelace\" \"open source\"");
        assert_eq!(q.phrase_fields, [1 << AUTHORS, ALL_FIELDS]);
        // A scope with one word, or none, is a scoped word; an unbalanced quote runs to the end.
        assert_eq!(parse("title:\"hippo\"").clauses[0].fields, 1 << TITLE);
        assert!(parse("title:\"hippo\"").phrases.is_empty());
        assert_eq!(parse("title:\"state space").phrase_fields, [1 << TITLE | OPEN], "being typed: its last word is a start");
        assert_eq!(parse("title:\"state space ").phrase_fields, [1 << TITLE], "a space after it ends it");
        let q = parse("tag:\"Machine Learning\" Tags:\"x, y\" graphs");
        assert_eq!(q.filter.tags, [vec!["machine learning".to_string()], vec!["x".into(), "y".into()]], "a quoted tag holds its spaces");
        assert_eq!(words(&q), ["graphs"]);
        assert!(q.phrases.is_empty());
        assert!(parse("tag:\"open").filter.tags == [vec!["open".to_string()]], "an unbalanced quote runs to the end");
    }

    #[test]
    fn words_and_prefix() {
        let q = parse("Zeroth-Order bench");
        assert_eq!(words(&q), ["zeroth", "order", "bench"]);
        assert!(q.clauses[0].joined_to_next && !q.clauses[1].joined_to_next);
        assert!(q.clauses[2].prefix && !q.clauses[0].prefix);
        assert!(!parse("bench ").clauses[0].prefix);
    }

    #[test]
    fn a_query_checks_at_most_max_phrases() {
        // 85 copies of a phrase in a crafted link (`?q=`) took 340 ms at 100k entries with a
        // page of 1000: each phrase is checked on the candidates' text.
        let q = parse(&"\"a b\" -\"c d\" ".repeat(85));
        assert_eq!(q.phrases.len(), MAX_PHRASES);
        assert_eq!(q.phrases[..2], [["a", "b"], ["c", "d"]]);
        // Up to the cap, every phrase counts.
        assert_eq!(parse("\"a b\" \"c d\" -\"e f\"").phrases.len(), 3);
    }

    #[test]
    fn phrases_excludes_scopes() {
        let q = parse("\"open source\" -vision title:diffusion author:Hinton");
        assert_eq!(q.phrases, [vec!["open".to_string(), "source".to_string()]]);
        assert_eq!((q.excluded.as_slice(), q.excluded_fields.as_slice()), (&["vision".to_string()][..], &[ALL_FIELDS][..]));
        assert_eq!(words(&q), ["open", "source", "diffusion", "hinton"]);
        assert_eq!(q.clauses[2].fields, 1 << TITLE);
        assert_eq!(q.clauses[3].fields, 1 << AUTHORS);
        assert_eq!(q.clauses[0].phrase, Some(0));
        let ex = parse("zeroth -\"black box\" order -\"single\"");
        assert_eq!(words(&ex), ["zeroth", "order"]);
        assert_eq!((ex.phrases.as_slice(), ex.phrase_fields.as_slice()), (&[vec!["black".to_string(), "box".to_string()]][..], &[ALL_FIELDS | LEFT_OUT][..]));
        assert_eq!(ex.excluded, ["single"]);
        assert_eq!(parse("-\"black box").phrase_fields, [ALL_FIELDS | LEFT_OUT]);
        // A scope after the minus scopes what is left out; a compound is left out whole: written
        // as one word, or its words as a phrase.
        let ex = parse("-title:deep -author:\"ada lovelace\" -state-space");
        assert!(ex.clauses.is_empty());
        assert_eq!((ex.excluded.as_slice(), ex.excluded_fields.as_slice()), (&["deep".to_string(), "statespace".to_string()][..], &[1 << TITLE, ALL_FIELDS][..]));
        assert_eq!(ex.phrases, [["ada", "lovelace"], ["state", "space"]]);
        assert_eq!(ex.phrase_fields, [1 << AUTHORS | LEFT_OUT, ALL_FIELDS | LEFT_OUT]);
        // A stop word, which has no postings, is left out as a phrase of one word.
        // Not while one of one or two letters is being typed (`-at` of `-attention`).
        for typing in ["learning -at", "learning -a", "learning -title:in"] {
            let q = parse(typing);
            assert!(q.phrases.is_empty() && q.excluded.is_empty(), "{typing}");
            assert!(!parse(&format!("{typing} ")).phrases.is_empty(), "{typing} finished");
        }
        assert_eq!(parse("learning -for").phrases, [["for"]]);
        let ex = parse("-without -title:with");
        assert!(ex.excluded.is_empty() && ex.clauses.is_empty());
        assert_eq!((ex.phrases.as_slice(), ex.phrase_fields.as_slice()), (&[vec!["without".to_string()], vec!["with".to_string()]][..], &[ALL_FIELDS | LEFT_OUT, 1 << TITLE | LEFT_OUT][..]));
        // A minus before a number is the number's sign, not a word left out.
        let n = parse("fainter than -15 mag, -0.5 dex");
        assert!(n.excluded.is_empty(), "{:?}", n.excluded);
        assert_eq!(words(&n), ["fainter", "than", "15", "mag", "0", "5", "dex"]);
    }

    #[test]
    fn filters() {
        let q = parse("diffusion year:2024 tag:cs.LG,cs.AI tag:stat.ML sort:newest");
        assert_eq!(words(&q), ["diffusion"]);
        assert_eq!(q.filter.after, Some(20240101));
        assert_eq!(q.filter.before, Some(20241231));
        assert_eq!(q.filter.tags, [vec!["cs.lg".to_string(), "cs.ai".to_string()], vec!["stat.ml".to_string()]]);
        assert_eq!(q.filter.sort, Some(Sort::Newest));
        let q = parse("after:2024-06-01 before:2024-06");
        assert!(q.is_empty());
        assert_eq!((q.filter.after, q.filter.before), (Some(20240601), Some(20240631)));
        // Not filters: unknown keys and bad values stay words.
        assert_eq!(words(&parse("year:twenty foo:bar")), ["year", "twenty", "foo", "bar"]);
    }

    #[test]
    fn odd_input_does_not_break() {
        assert!(parse("").is_empty());
        assert!(parse("-").is_empty());
        assert!(parse("!!! ??? ...").is_empty());
        assert_eq!(words(&parse("\"unbalanced quote")), ["unbalanced", "quote"]);
        assert_eq!(parse(&"a".repeat(10_000)).clauses.len(), 1);
        assert!(parse(&"word ".repeat(100)).clauses.len() <= MAX_CLAUSES);
    }

    #[test]
    fn over_the_word_limit_stop_words_make_room_first() {
        let q = parse("breakdown of a 2d heteroclinic connection in the hopf-zero singularity (ii). the generic case");
        let w = words(&q);
        assert_eq!(w.len(), MAX_CLAUSES, "{w:?}");
        for kept in ["heteroclinic", "singularity", "generic", "case"] {
            assert!(w.contains(&kept), "{kept} in {w:?}");
        }
        // Under the limit, nothing is dropped: stop words still count in phrases and compounds.
        assert_eq!(words(&parse("a study of the art")), ["a", "study", "of", "the", "art"]);
    }

    #[test]
    fn filter_dates_read_a_year_a_month_or_a_day() {
        let d = |s: &str, end: bool| parse_filter_date(s, end);
        assert_eq!((d("2024", false), d("2024", true)), (Some(20240101), Some(20241231)));
        assert_eq!((d("2024-06", false), d("2024-06", true)), (Some(20240601), Some(20240631)));
        assert_eq!(d("2024-06-15", true), Some(20240615));
        for bad in ["", "24", "20244", "2024-6", "2024-13", "2024-00", "2024-06-32", "2024-06-15-01", "2024-", "abcd", "2024-ab", "+024"] {
            assert_eq!(d(bad, false), None, "{bad:?}");
        }
    }

    #[test]
    fn stop_words_are_optional_unless_being_typed() {
        let q = parse("the transformer");
        assert!(q.clauses[0].optional && !q.clauses[1].optional);
        assert!(!parse("transformer the").clauses[1].optional, "being typed after a word");
        assert!(parse("the").clauses[0].optional, "a query of stop words alone asks for nothing");
        assert!(parse("what is").clauses.iter().all(|c| c.optional));
        assert!(parse("the ").clauses[0].optional);
        assert!(!parse("\"first order\" the").clauses[2].optional, "being typed after a phrase");
        assert!(parse("\"state of the art\"").clauses[1].optional);
        let typing = parse("diffusion r");
        assert!(typing.clauses[1].optional && !typing.clauses[1].prefix, "one letter being typed");
        assert!(!parse("vitamin c ").clauses[1].optional, "one letter typed whole");
        let cjk = parse("搜索 引");
        assert!(!cjk.clauses[1].optional && cjk.clauses[1].prefix, "one Chinese character being typed completes");
    }

    /// A query is read up to its first `MAX_QUERY_CHARS` chars, whatever their lengths in bytes.
    #[test]
    fn a_query_is_read_up_to_its_char_limit() {
        let spaces = " ".repeat(MAX_QUERY_CHARS - 1);
        let q = parse(&format!("{spaces}éxyz"));
        assert_eq!(q, parse(&format!("{spaces}é")), "cut after the char that ends the limit");
        assert!(!q.is_empty());
        for word in ["wörd", "語", "ab"] {
            let long: String = (0..MAX_QUERY_CHARS).map(|i| format!("{word}{i} ")).collect();
            let cut: String = long.chars().take(MAX_QUERY_CHARS).collect();
            assert_eq!(parse(&long), parse(&cut), "{word}");
        }
    }
}
