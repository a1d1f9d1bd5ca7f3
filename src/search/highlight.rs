//! Highlights and snippets: which words of a stored text matched, as `[start, end)` spans in
//! UTF-16 code units (what JavaScript strings index by), and the densest window of about 30 words
//! of an abstract, cut at word boundaries and marked with an ellipsis where cut.
//!
//! Matching words are found by running the shared tokenizer over the stored text and looking each
//! term up in the set of dictionary terms the query matched, so a highlight is right for every way
//! a word can match: exact, prefix, typo, inflection or compound.

use super::phrase::PhraseCursor;
use super::query::{LEFT_OUT, OPEN};
use crate::index::format::{ABSTRACT, TITLE};
use crate::text::{clip_to, is_mark, tokenize};

/// Words in a snippet window.
pub const SNIPPET_WORDS: usize = 30;
/// Most bytes of a stored text that highlighting, snippets and re-ranking read: a pathological
/// 10 MB abstract costs no more per keystroke than a long normal one.
pub const MAX_SCAN_BYTES: usize = 64 * 1024;
/// Most bytes of a snippet (a window of whole words may hold a huge word).
pub const MAX_SNIPPET_BYTES: usize = 600;

/// Words of context kept before the first match in a snippet.
const LEAD_WORDS: usize = 6;

/// Terms that matched, each with the bit mask of the query words it stands for and how many of
/// them one occurrence fills (see [`MatchedTerms::add`]). Looked up for every word of every text
/// shown, so a 256-bit filter on (length, first byte, last byte) answers most misses before the
/// binary search. (A sorted list rather than a hash map: a query matches tens to hundreds of
/// terms, and the wasm then links no second hash table, about 1.9 KB.)
#[derive(Default)]
pub struct MatchedTerms {
    /// Sorted by length and term ([`MatchedTerms::order`]): the query words it stands for, the
    /// places one occurrence fills, and the query words it is as typed (see
    /// [`MatchedTerms::add`]).
    terms: Vec<(String, (u32, u8, u32))>,
    filter: [u64; 4],
    /// The word being typed and its query word (bit mask): any longer word that starts with it
    /// matches too, not only the completions the search listed (see [`MatchedTerms::set_prefix`]).
    prefix: Option<(String, u32)>,
    /// See [`MatchedTerms::mark_unbounded`].
    unbounded: u32,
    /// See [`MatchedTerms::mark_title_only`].
    title_only: u32,
    /// See [`MatchedTerms::set_phrases`].
    phrases: Vec<Vec<String>>,
    phrase_fields: Vec<u8>,
    phrase_only: u32,
}

impl MatchedTerms {
    #[inline(always)]
    fn filter_bit(term: &str) -> (usize, u64) {
        let b = term.as_bytes();
        let (first, last) = (b.first().copied().unwrap_or(0), b.last().copied().unwrap_or(0));
        let key = (b.len() as u32).wrapping_mul(0x9e37_79b9) ^ u32::from(first) << 3 ^ u32::from(last) << 11;
        let key = key ^ key >> 16;
        ((key as usize >> 6) & 3, 1 << (key & 63))
    }

    /// The order of [`MatchedTerms::terms`]: by length, then by bytes. A lookup's comparisons
    /// then mostly end at the lengths, where comparing the bytes first called `memcmp` at each
    /// step (a function of its own in the wasm).
    #[inline(always)]
    fn order(t: &str, term: &str) -> std::cmp::Ordering {
        t.len().cmp(&term.len()).then_with(|| t.as_bytes().cmp(term.as_bytes()))
    }

    /// Adds `term` as standing for the query words `mask`. A term that stands for several query
    /// words at once (a compound: `zeroshot` for `zero shot`) fills all their places; a term
    /// added for several words one by one (`sequences` for both `sequence` and `seq…`) fills
    /// one place, so proximity and title coverage still look for a second word. `as_typed`:
    /// the term is the words as typed (the word itself, a completion of it, or the words joined
    /// or apart), not another form of them (an inflection, a typo, a related form).
    pub fn add(&mut self, term: &str, mask: u32, as_typed: bool) {
        let i = match self.terms.binary_search_by(|(t, _)| Self::order(t, term)) {
            Ok(i) => i,
            Err(i) => {
                self.terms.insert(i, (term.to_string(), (0, 1, 0)));
                i
            }
        };
        let e = &mut self.terms[i].1;
        e.0 |= mask;
        e.1 = e.1.max(mask.count_ones().min(32) as u8);
        if as_typed {
            e.2 |= mask;
        }
        let (word, bit) = Self::filter_bit(term);
        self.filter[word] |= bit;
    }

    /// Makes every word longer than `prefix` that starts with it stand for the query words
    /// `mask`. A word being typed is searched as its most frequent completions only; the
    /// others are found in the text of the entries the search reads (`order mat` for an entry
    /// about what `matters`, when `matrix`, `material`, … are more frequent).
    pub fn set_prefix(&mut self, prefix: &str, mask: u32) {
        self.prefix = Some((prefix.to_string(), mask));
    }

    /// The query's phrases, the fields each stands in (`Query::phrase_fields`), and the query
    /// words (bit mask) typed only inside them: a word of those is highlighted where it stands
    /// in one of the phrases, not wherever it occurs (`"language models"` marks "Large Language
    /// Models", not "Model" alone). A phrase is highlighted only in the fields it is scoped to,
    /// and one left out nowhere (see [`MatchedTerms::shows_phrase`]).
    pub fn set_phrases(&mut self, phrases: Vec<Vec<String>>, fields: Vec<u8>, only: u32) {
        self.phrase_only = only;
        self.phrases = phrases;
        self.phrase_fields = fields;
    }

    /// The query's phrases (see [`MatchedTerms::set_phrases`]).
    pub fn phrases(&self) -> &[Vec<String>] {
        &self.phrases
    }

    /// The fields of each of the query's phrases (see [`MatchedTerms::set_phrases`]).
    pub fn phrase_fields(&self) -> &[u8] {
        &self.phrase_fields
    }

    /// The phrase still being typed, if any ([`OPEN`]).
    pub fn open_phrase(&self) -> Option<usize> {
        self.phrase_fields.iter().position(|f| f & OPEN != 0)
    }

    /// Whether phrase `p` is one that results hold in field `field` (`TITLE` or `ABSTRACT`):
    /// not a phrase left out (`-"black box"`, which may stand in the abstract of an entry shown
    /// when it is left out of titles), nor one scoped to another field.
    pub fn shows_phrase(&self, p: usize, field: usize) -> bool {
        self.phrase_fields[p] & (LEFT_OUT | 1 << field) == 1 << field
    }

    /// Marks query words (bit mask) that the scans may find in a text where the entry's
    /// postings, as scored, do not count them: the words a long query left out of scoring
    /// (`score::common_words_past_budget`).
    pub fn mark_unbounded(&mut self, mask: u32) {
        self.unbounded |= mask;
    }

    /// Marks query words (bit mask) scoped to the title (`title:`): a scan of an abstract
    /// ([`Scan::new`]) does not find them, nor highlights them there.
    pub fn mark_title_only(&mut self, mask: u32) {
        self.title_only |= mask;
    }

    /// The query words (bit mask) that an entry's text may match beyond those it holds in some
    /// form: those of [`MatchedTerms::mark_unbounded`], and the word being typed (the scans take
    /// any longer word that starts with it, past the completions the search listed).
    pub fn unbounded(&self) -> u32 {
        self.unbounded | self.prefix.as_ref().map_or(0, |p| p.1)
    }

    /// The query words `term` stands for (0 when it did not match).
    #[inline]
    pub fn get(&self, term: &str) -> u32 {
        self.lookup(term).0
    }

    /// [`MatchedTerms::lookup`], and then the word being typed ([`MatchedTerms::set_prefix`]).
    #[inline]
    fn lookup_word(&self, term: &str) -> (u32, u8, u32) {
        match self.lookup(term) {
            // (The first bytes compared before the rest: most words of a text are neither, and
            // `starts_with` is a `memcmp` call in the wasm.)
            (0, ..) => match &self.prefix {
                Some((p, mask)) if term.len() >= p.len() && (p.is_empty() || term.as_bytes()[0] == p.as_bytes()[0]) && term.starts_with(p.as_str()) => (*mask, 1, *mask),
                _ => (0, 0, 0),
            },
            found => found,
        }
    }

    /// The fewest bytes a word of a text needs to match: those of the shortest term
    /// ([`MatchedTerms::terms`] is sorted by length) or of the word being typed. The scans
    /// look no shorter word up (`a`, `of`, `the`, where the query's words are longer).
    fn shortest(&self) -> usize {
        let term = self.terms.first().map_or(usize::MAX, |(t, _)| t.len());
        self.prefix.as_ref().map_or(term, |(p, _)| term.min(p.len()))
    }

    /// For a term that stands for nothing but the word being typed and is longer than it (a
    /// completion), the bytes of it the letters typed cover; else `None`.
    fn reach(&self, term: &str, mask: u32) -> Option<usize> {
        match &self.prefix {
            Some((p, m)) if *m == mask && term.len() > p.len() && term.starts_with(p.as_str()) => Some(p.len()),
            _ => None,
        }
    }

    /// The query words `term` stands for, how many places one occurrence fills, and the query
    /// words it is as typed.
    #[inline]
    fn lookup(&self, term: &str) -> (u32, u8, u32) {
        let (word, bit) = Self::filter_bit(term);
        if self.filter[word] & bit == 0 {
            return (0, 0, 0);
        }
        self.terms.binary_search_by(|(t, _)| Self::order(t, term)).map_or((0, 0, 0), |i| self.terms[i].1)
    }
}

/// A snippet of an abstract with its highlights.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct Snippet {
    /// The text, with `…` where it was cut.
    pub text: String,
    /// `[start, end)` spans in UTF-16 code units of `text`.
    pub highlights: Vec<[u32; 2]>,
}

/// A word of a text: its byte span, and the query words it matched (0 for none).
struct Word {
    start: usize,
    end: usize,
    /// Query words matched by the word or by a joined compound it is part of (for highlights).
    mask: u32,
    /// Query words matched at this word's position: by the word itself, or by a joined compound
    /// that starts with it (for proximity, where a compound counts once).
    at: u32,
    /// How many query words' places the word fills (see [`MatchedTerms::add`]).
    fills: u8,
    /// Of `at`, the query words matched as typed.
    typed: u32,
    /// The length of its term (folded), to find where it lies in a joined compound.
    len: u32,
}

/// One pass of the tokenizer over the first [`MAX_SCAN_BYTES`] of a stored text: its words and
/// the matched byte spans. Re-ranking, highlights and the snippet all read it, so a result's
/// text is tokenized once per search.
pub struct Scan {
    words: Vec<Word>,
    hits: Vec<(usize, usize)>,
}

impl Scan {
    /// Tokenizes `text`, the entry's field `field` (`TITLE` or `ABSTRACT`), up to
    /// [`MAX_SCAN_BYTES`], and looks its words up in `terms`: words and phrases scoped to the
    /// title are found in a title only.
    pub fn new(text: &str, terms: &MatchedTerms, field: usize) -> Scan {
        let text = clip_to(text, MAX_SCAN_BYTES);
        let skip = if field == TITLE { 0 } else { terms.title_only };
        // About one word per seven bytes of English text: one allocation for most texts.
        let mut words: Vec<Word> = Vec::with_capacity(text.len() / 7 + 4);
        // Room for the matches of most texts: grown from empty, a text with ten matches was
        // allocated three times, and copied twice.
        let mut hits: Vec<(usize, usize)> = Vec::with_capacity(16);
        // With phrases: the occurrences of a phrase, each highlighted whole (the words matched
        // only as phrase words are highlighted there and nowhere else), and the phrases begun.
        let only = terms.phrase_only;
        let mut phrases = PhraseCursor::new(&terms.phrases, terms.open_phrase(), false);
        let shortest = terms.shortest();
        tokenize(text, |t| {
            // A joined compound is a term of its own: it matches only as listed.
            let (mask, fills, typed) = if t.term.len() < shortest {
                (0, 0, 0)
            } else if t.joined {
                terms.lookup(t.term)
            } else {
                terms.lookup_word(t.term)
            };
            let (mask, typed) = (mask & !skip, typed & !skip);
            if only != 0 && !t.joined {
                phrases.step(t.term, (t.start, t.end), false, &mut |p, start, end| {
                    if terms.shows_phrase(p, field) {
                        hits.push((start, end));
                    }
                });
            }
            let shown = mask & !only != 0;
            if t.joined {
                if mask != 0 {
                    // Its parts, the last words pushed; of those, the ones the letters of the
                    // word being typed reach when the compound is only a completion of it
                    // (`zer` marks `Zeroth` of `Zeroth-Order`, `dpmsol` all of `DPM-Solver`).
                    // A part of a word (`Client` of `HttpClient`) stands at that word.
                    let mut first = words.len() - words.iter().rev().take_while(|w| w.start >= t.start).count();
                    if first == words.len() {
                        first = first.saturating_sub(1);
                    }
                    let parts = &mut words[first..];
                    let whole = parts.iter().map(|w| w.len as usize).sum::<usize>() == t.term.len();
                    let reach = terms.reach(t.term, mask).filter(|_| whole).unwrap_or(usize::MAX);
                    let mut offset = 0;
                    let mut end = t.start;
                    for w in parts.iter_mut() {
                        if offset >= reach {
                            break;
                        }
                        offset += w.len as usize;
                        end = w.end;
                        w.mask |= mask;
                        if w.start <= t.start {
                            w.at |= mask;
                            w.typed |= typed;
                            w.fills = w.fills.max(fills);
                        }
                    }
                    if shown {
                        hits.push((t.start, if reach == usize::MAX { t.end } else { end }));
                    }
                }
            } else {
                if shown {
                    hits.push((t.start, t.end));
                }
                words.push(Word { start: t.start, end: t.end, mask, at: mask, fills, typed, len: t.term.len() as u32 });
            }
        });
        super::insertion_sort(&mut hits, |a, b| a < b);
        let mut merged: Vec<(usize, usize)> = Vec::with_capacity(hits.len());
        for (s, e) in hits {
            match merged.last_mut() {
                // Spans that overlap, or that only a hyphen parts: `AdaHessian-based` for
                // `adahessian-based` is one span, as `zero-shot` is for `zero-shot`, though the
                // index may hold its words alone (a long compound seen joined in one entry only
                // is no term of the dictionary, and the query finds it by its two words).
                // (`text.get`: fewer bytes of wasm brotli than a test of the byte.)
                Some(last) if s <= last.1 || text.get(last.1..s) == Some("-") => last.1 = last.1.max(e),
                _ => merged.push((s, e)),
            }
        }
        Scan { words, hits: merged }
    }

    /// How many words of the text stand for the query word `bit`.
    pub fn count(&self, bit: u32) -> u32 {
        self.words.iter().filter(|w| w.at & bit != 0).count() as u32
    }

    /// The byte span of the first word of the text that stands for the query word `bit`.
    pub fn first(&self, bit: u32) -> Option<(usize, usize)> {
        self.words.iter().find(|w| w.at & bit != 0).map(|w| (w.start, w.end))
    }

    /// The query words (bit mask) the text holds.
    pub fn mask(&self) -> u32 {
        self.words.iter().fold(0, |m, w| m | w.at)
    }

    /// How many of the `required` query words the text holds, a word of the text filling as
    /// many places as [`MatchedTerms::add`] says (`sequences` holds one of `sequence seq…`).
    pub fn cover(&self, required: u32) -> u32 {
        let places: u32 = self.words.iter().filter(|w| w.at & required != 0).map(|w| u32::from(w.fills)).sum();
        (self.mask() & required).count_ones().min(places)
    }

    /// [`Scan::cover`], and of those words how many the text holds as typed (see
    /// [`MatchedTerms::add`]).
    pub fn cover_with_typed(&self, required: u32) -> (u32, u32) {
        let cover = self.cover(required);
        let typed = self.words.iter().fold(0, |m, w| m | w.typed);
        (cover, (typed & required).count_ones().min(cover))
    }

    /// The fewest consecutive words that hold every `required` query word, each in a place of
    /// its own (see [`Scan::cover`]), counting one more when they stand in another order than
    /// typed (`lattice chains` for `chains lattices` as far as `chains of lattices`: a reader
    /// recalls a title's words in its order); `u32::MAX` when the text does not hold them all.
    /// Windows longer than 60 words are not looked at.
    pub fn span(&self, required: u32) -> u32 {
        if self.mask() & required != required {
            return u32::MAX;
        }
        let words = required.count_ones();
        let mut hits: Vec<(usize, u32, u32)> = Vec::new();
        for (i, w) in self.words.iter().enumerate() {
            if w.at & required != 0 {
                hits.push((i, w.at & required, u32::from(w.fills)));
            }
        }
        let mut best = u32::MAX;
        for i in 0..hits.len() {
            let (mut m, mut places, mut ordered) = (0u32, 0, true);
            for h in &hits[i..] {
                // A word of the query standing before one typed before it.
                let new = h.1 & !m;
                if new != 0 && m != 0 && new.trailing_zeros() < 31 - m.leading_zeros() {
                    ordered = false;
                }
                m |= h.1;
                places += h.2;
                if m == required && places >= words {
                    best = best.min((h.0 - hits[i].0 + 1) as u32 + u32::from(!ordered));
                    break;
                }
                if h.0 - hits[i].0 > 60 {
                    break;
                }
            }
        }
        best
    }
}

/// Converts sorted byte spans of `text` to UTF-16 spans, shifted by `shift` code units.
fn to_utf16(text: &str, spans: &[(usize, usize)], shift: u32) -> Vec<[u32; 2]> {
    let mut out = Vec::with_capacity(spans.len());
    let (mut byte, mut unit) = (0usize, 0u32);
    let mut chars = text.char_indices();
    let mut advance_to = |target: usize, byte: &mut usize, unit: &mut u32| {
        while *byte < target {
            match chars.next() {
                Some((i, c)) => {
                    *byte = i + c.len_utf8();
                    *unit += c.len_utf16() as u32;
                }
                None => break,
            }
        }
    };
    for &(s, e) in spans {
        advance_to(s, &mut byte, &mut unit);
        let start = unit;
        advance_to(e, &mut byte, &mut unit);
        out.push([start + shift, unit + shift]);
    }
    out
}

/// Highlights of a whole text (a title).
pub fn highlight(text: &str, terms: &MatchedTerms) -> Vec<[u32; 2]> {
    highlight_scanned(text, &Scan::new(text, terms, TITLE))
}

/// [`highlight`] from a [`Scan`] of `text`.
pub fn highlight_scanned(text: &str, scan: &Scan) -> Vec<[u32; 2]> {
    to_utf16(clip_to(text, MAX_SCAN_BYTES), &scan.hits, 0)
}

/// The densest window of about [`SNIPPET_WORDS`] words of `text`, with highlights.
pub fn snippet(text: &str, terms: &MatchedTerms) -> Snippet {
    snippet_scanned(text, &Scan::new(text, terms, ABSTRACT), None)
}

/// [`snippet`] from a [`Scan`] of `text`. With `anchor` (the byte offset where a phrase of the
/// query starts in `text`), the window holds the first matched word from there on whenever it
/// can: a phrase query's snippet shows the phrase, not a denser stretch of its words apart.
pub fn snippet_scanned(text: &str, scan: &Scan, anchor: Option<usize>) -> Snippet {
    let full_len = text.len();
    let text = clip_to(text, MAX_SCAN_BYTES);
    let (words, hits) = (&scan.words, &scan.hits);
    if words.is_empty() {
        return Snippet::default();
    }
    // Choose the window start: the anchor's word in it, then most distinct query words, then
    // most matched words.
    let mut matched: Vec<usize> = Vec::new();
    for (i, w) in words.iter().enumerate() {
        if w.mask != 0 {
            matched.push(i);
        }
    }
    // (The first matched word from the anchor on: a phrase may start with a stop word.)
    let anchored = anchor.and_then(|at| matched.iter().position(|&k| words[k].start >= at));
    let mut best = ((false, 0u32, 0usize), 0usize); // (key, first matched word)
    let mut j = 0;
    for (a, &i) in matched.iter().enumerate() {
        j = j.max(a);
        while j + 1 < matched.len() && matched[j + 1] < i + SNIPPET_WORDS - LEAD_WORDS {
            j += 1;
        }
        let mask = matched[a..=j].iter().fold(0u32, |m, &k| m | words[k].mask);
        let key = (anchored.is_some_and(|w| (a..=j).contains(&w)), mask.count_ones(), j - a + 1);
        if key > best.0 {
            best = (key, i);
        }
    }
    let first = if matched.is_empty() { 0 } else { best.1.saturating_sub(LEAD_WORDS) };
    let last = (first + SNIPPET_WORDS).min(words.len()) - 1;
    // Slide back so the window is full when it reaches the end.
    let first = if last + 1 == words.len() { (last + 1).saturating_sub(SNIPPET_WORDS) } else { first };
    let mut start = if first == 0 { 0 } else { words[first].start };
    let mut end = if last + 1 == words.len() { text.len() } else { words[last].end };
    if end - start > MAX_SNIPPET_BYTES {
        // A huge word in the window: keep a bounded stretch around the first match.
        let anchor = hits.iter().find(|(s, _)| *s >= start).map_or(start, |h| h.0);
        // Each cut is moved past the marks after it, so that it never parts a letter from its
        // marks (a Thai run is one word: `ที่` is a consonant and two marks): the stretch starts
        // after them and ends with them.
        let past_marks = |mut at: usize| {
            while let Some(c) = text[at..].chars().next().filter(|&c| is_mark(c)) {
                at += c.len_utf8();
            }
            at
        };
        start = past_marks(clip_to(text, anchor.saturating_sub(MAX_SNIPPET_BYTES / 5).max(start)).len());
        end = past_marks(clip_to(text, (start + MAX_SNIPPET_BYTES).min(end)).len());
    }
    let mut out = String::with_capacity(end - start + 8);
    let lead = start > 0;
    if lead {
        out.push('…');
    }
    out.push_str(&text[start..end]);
    if end < full_len {
        out.push('…');
    }
    let mut spans: Vec<(usize, usize)> = Vec::new();
    for &(s, e) in hits {
        if e > start && s < end {
            spans.push((s.max(start) - start, e.min(end) - start));
        }
    }
    let highlights = to_utf16(&text[start..end], &spans, u32::from(lead));
    Snippet { text: out, highlights }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn terms(list: &[(&str, u32)]) -> MatchedTerms {
        let mut m = MatchedTerms::default();
        for (t, mask) in list {
            m.add(t, *mask, true);
        }
        m
    }

    fn marked(text: &str, spans: &[[u32; 2]]) -> Vec<String> {
        let units: Vec<u16> = text.encode_utf16().collect();
        spans.iter().map(|[s, e]| String::from_utf16(&units[*s as usize..*e as usize]).unwrap()).collect()
    }

    #[test]
    fn one_word_fills_one_place_unless_it_is_the_compound() {
        // `sequence seq…`: `sequence` stands for both query words, one by one.
        let t = terms(&[("sequence", 1), ("sequences", 1), ("sequence", 2), ("sequences", 2)]);
        let one = Scan::new("Long Sequences", &t, ABSTRACT);
        assert_eq!((one.cover(3), one.span(3)), (1, u32::MAX));
        let two = Scan::new("the sequence-to-sequence framework", &t, ABSTRACT);
        assert_eq!((two.cover(3), two.span(3)), (2, 3));
        // `zero shot`: the compound fills both places, joined or hyphenated.
        let t = terms(&[("zero", 1), ("shot", 2), ("zeroshot", 3)]);
        for text in ["zeroshot learning", "zero-shot learning"] {
            let s = Scan::new(text, &t, ABSTRACT);
            assert_eq!((s.cover(3), s.span(3)), (2, 1), "{text}");
        }
        assert_eq!(Scan::new("zero and then shot", &t, ABSTRACT).span(3), 4);
        // Out of the order typed: one word more.
        assert_eq!(Scan::new("shot zero", &t, ABSTRACT).span(3), 3);
        assert_eq!(Scan::new("shot and then zero", &t, ABSTRACT).span(3), 5);
        let t = terms(&[("a", 1), ("b", 2), ("c", 4)]);
        assert_eq!(Scan::new("a b c", &t, ABSTRACT).span(7), 3);
        assert_eq!(Scan::new("a c b", &t, ABSTRACT).span(7), 4);
        assert_eq!(Scan::new("c a b c", &t, ABSTRACT).span(7), 3, "the window in order");
    }

    /// The scans pass over words shorter than every term and the word being typed without
    /// looking them up: a word as long as the shortest of those still matches, and a short word
    /// being typed still takes the words that start with it.
    #[test]
    fn words_as_short_as_the_shortest_term_or_prefix_still_match() {
        let mut t = terms(&[("of", 1), ("language", 2)]);
        assert_eq!(marked("A Model of a Language", &highlight("A Model of a Language", &t)), ["of", "Language"]);
        t.set_prefix("m", 4);
        assert_eq!(marked("A Model of a Language", &highlight("A Model of a Language", &t)), ["Model", "of", "Language"]);
        let t = terms(&[("a", 1)]);
        assert_eq!(marked("A Model of a Language", &highlight("A Model of a Language", &t)), ["A", "a"]);
        let mut t = MatchedTerms::default();
        t.set_prefix("l", 1);
        assert_eq!(marked("A Model of a Language", &highlight("A Model of a Language", &t)), ["Language"]);
        t.set_prefix("", 1);
        assert_eq!(highlight("A Model of a Language", &t).len(), 5);
    }

    #[test]
    fn highlights_are_utf16() {
        let t = terms(&[("schrodinger", 1), ("benchmark", 2)]);
        let title = "𝔸 Schrödinger Benchmark";
        assert_eq!(marked(title, &highlight(title, &t)), ["Schrödinger", "Benchmark"]);
    }

    #[test]
    fn compounds_highlight_whole() {
        // Two words matched each alone, joined by a hyphen: one span, as their compound's.
        let t = terms(&[("zeroth", 1), ("order", 2)]);
        let title = "Revisiting Zeroth-Order Optimization, order of zeroth and order-zeroth";
        assert_eq!(marked(title, &highlight(title, &t)), ["Zeroth-Order", "order", "zeroth", "order-zeroth"]);
        let t = terms(&[("zeroth", 1)]);
        assert_eq!(marked(title, &highlight(title, &t)), ["Zeroth", "zeroth", "zeroth"]);
        let t = terms(&[("dpmsolver", 3)]);
        let title = "Fast DPM-Solver++ sampling";
        assert_eq!(marked(title, &highlight(title, &t)), ["DPM-Solver"]);
    }

    #[test]
    fn snippet_finds_the_dense_window() {
        let filler = "lorem ipsum dolor sit amet ".repeat(20);
        let text = format!("{filler}we propose a zeroth order benchmark for tuning. {filler}");
        let s = snippet(&text, &terms(&[("zeroth", 1), ("order", 2), ("benchmark", 4)]));
        assert!(s.text.starts_with('…') && s.text.ends_with('…'), "{}", s.text);
        assert_eq!(marked(&s.text, &s.highlights), ["zeroth", "order", "benchmark"]);
        assert!(s.text.split_whitespace().count() <= SNIPPET_WORDS + 2);
    }

    /// A phrase query's snippet shows the phrase, even where its words stand apart more densely.
    #[test]
    fn an_anchor_keeps_its_phrase_in_the_snippet() {
        let filler = "lorem ipsum dolor sit amet ".repeat(20);
        let text = format!("{filler}Sound events and sound classes, sound events. {filler}the sound event task. {filler}");
        let t = terms(&[("sound", 1), ("event", 2), ("events", 2)]);
        let dense = snippet(&text, &t);
        assert!(dense.text.contains("Sound events and sound"), "{}", dense.text);
        let at = text.find("sound event task").unwrap();
        let anchored = snippet_scanned(&text, &Scan::new(&text, &t, ABSTRACT), Some(at));
        assert!(anchored.text.contains("the sound event task"), "{}", anchored.text);
        assert!(marked(&anchored.text, &anchored.highlights).windows(2).any(|w| w == ["sound", "event"]));
        // An anchor before the dense stretch, on no matched word, keeps it.
        assert_eq!(snippet_scanned(&text, &Scan::new(&text, &t, ABSTRACT), Some(3)).text, dense.text);
        // A phrase that starts with a stop word: the anchor is on `the`, not a matched word.
        let at = text.find("the sound event task").unwrap();
        assert!(snippet_scanned(&text, &Scan::new(&text, &t, ABSTRACT), Some(at)).text.contains("the sound event task"));
    }

    #[test]
    fn huge_words_are_cut_from_snippets() {
        let text = format!("{} needle {}", "x".repeat(5_000), "y".repeat(100_000));
        let s = snippet(&text, &terms(&[("needle", 1)]));
        assert!(s.text.len() <= MAX_SNIPPET_BYTES + 8, "{}", s.text.len());
        assert_eq!(marked(&s.text, &s.highlights), ["needle"]);
    }

    /// Thai writes no spaces between words: a long run is one word, cut to a bounded stretch,
    /// and the cut never parts a consonant from the vowel signs and tone marks written on it
    /// (`ที่`: a consonant, a vowel above it, a tone mark), at either end.
    #[test]
    fn a_thai_snippet_is_not_cut_inside_a_cluster() {
        for cluster in ["กิ", "ที่", "น้ำ"] {
            for lead in 0..6 {
                let text = format!("{} {} needle {}", "ก".repeat(lead), cluster.repeat(200), cluster.repeat(300));
                let s = snippet(&text, &terms(&[("needle", 1)]));
                let body = s.text.trim_start_matches('…').trim_end_matches('…');
                let at = text.find(body).unwrap();
                for edge in [at, at + body.len()] {
                    let next = text[edge..].chars().next().unwrap();
                    assert!(!crate::text::is_mark(next), "{cluster:?}, lead {lead}: cut before {next:?} at {edge}");
                }
                assert_eq!(marked(&s.text, &s.highlights), ["needle"]);
            }
        }
    }

    #[test]
    fn short_text_is_whole() {
        let s = snippet("A short abstract.", &terms(&[("short", 1)]));
        assert_eq!(s.text, "A short abstract.");
        assert_eq!(s.highlights, [[2, 7]]);
    }
}
