//! Phrases, checked on the stored text: a phrase (`"open source"`) matches where its words stand
//! one after another in a title, an abstract or a name. The index holds no word positions
//! (`docs/index-format.md`), so a phrase query scores the entries that hold every phrase word and
//! then reads the best of them here ([`phrase_stats`]); a snippet opens at the first phrase
//! ([`first_phrase`]).

use super::highlight::{self, MatchedTerms};
use super::query::{LEFT_OUT, OPEN};
use crate::index::format::{ABSTRACT, AUTHORS, TITLE};
use crate::index::Stored;
use crate::text::tokenize;

/// When the stored entry holds every phrase as consecutive words, in the fields the phrase is
/// scoped to (`fields`, parallel to `phrases`: the title and abstract when unscoped, the title,
/// or one of the authors), and no phrase left out ([`LEFT_OUT`]) in the fields it is scoped to:
/// whether they are all in the title, and how often they occur in all.
pub(super) fn phrase_stats(stored: &Stored<'_>, phrases: &[Vec<String>], fields: &[u8]) -> Option<(bool, u32)> {
    let (mut all_in_title, mut total) = (true, 0);
    for (p, &f) in phrases.iter().zip(fields) {
        let (left_out, open) = (f & LEFT_OUT != 0, f & OPEN != 0);
        let f = f & !(LEFT_OUT | OPEN);
        // Occurrences in the title, and in the other fields the phrase may stand in.
        let t = if f == 1 << AUTHORS { 0 } else { count(crate::text::clip_to(stored.title, 4 * highlight::MAX_SCAN_BYTES), p, open) };
        let a = match f {
            f if f == 1 << TITLE => 0,
            // In a name, a letter stands for a first name (`author:"k. ono"` finds Ken Ono).
            f if f == 1 << AUTHORS => stored.authors.iter().map(|author| {
                let mut n = 0;
                phrase_matches(author, p, open, true, &mut |_| n += 1);
                n
            }).sum(),
            _ => count(crate::text::clip_to(stored.abstract_text, 4 * highlight::MAX_SCAN_BYTES), p, open),
        };
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

/// How often `text` has the words of `phrase` consecutively (joined compounds are not words).
pub fn count_phrase(text: &str, phrase: &[String]) -> u32 {
    count(text, phrase, false)
}

/// [`count_phrase`]; with `open` ([`OPEN`]), the phrase's last word as the start of a word.
fn count(text: &str, phrase: &[String], open: bool) -> u32 {
    if !may_hold(text.as_bytes(), phrase) {
        return 0;
    }
    let mut n = 0;
    phrase_matches(text, phrase, open, false, &mut |_| n += 1);
    n
}

/// Whether `text` may hold the words of `phrase` one after another: `false` only where it
/// cannot, found on the raw bytes without tokenizing (several times faster), so that a phrase of
/// common words can be looked for in many candidates. A word of ASCII letters is, in a text of
/// ASCII without LaTeX, its own letters in some case, and the next word follows it at once
/// (`AdaHessian`) or after bytes that are no letters or digits (`ICL) -- learning`). Any other
/// word or text may hold them.
#[inline(never)]
fn may_hold(text: &[u8], phrase: &[String]) -> bool {
    if text.iter().any(|&b| b >= 0x80 || b == b'\\') || !phrase.iter().all(|w| !w.is_empty() && w.bytes().all(|b| b.is_ascii_lowercase())) {
        return true;
    }
    phrase.windows(2).all(|pair| {
        let (a, b) = (pair[0].as_bytes(), pair[1].as_bytes());
        let mut from = 0;
        while let Some(end) = find(text, from, a) {
            let next = skip(text, end);
            // A possessive's `s` is no word (`Tweedie's first-order`).
            let past_s = if next > end && text[next - 1] == b'\'' && text.get(next).is_some_and(|c| c | 0x20 == b's') { skip(text, next + 1) } else { next };
            if [end, next, past_s].iter().any(|&at| starts(text, at, b)) {
                return true;
            }
            from = end + 1 - a.len();
        }
        false
    })
}

/// Where the bytes from `at` that are no ASCII letters or digits end.
fn skip(text: &[u8], at: usize) -> usize {
    at + text[at..].iter().take_while(|b| !b.is_ascii_alphanumeric()).count()
}

/// Whether `word` (lowercase ASCII letters) may start at `i` in `text`: bytes compared with the
/// case bit set, which finds the word in any case (and a few other bytes, such as `@` for a
/// backtick: it may say yes wrongly, never no).
fn starts(text: &[u8], i: usize, word: &[u8]) -> bool {
    text.get(i..i + word.len()).is_some_and(|t| t.iter().zip(word).all(|(&t, &w)| t | 0x20 == w))
}

/// Where the first place at or after `from` where `word` (not empty) [`starts`] ends. Eight
/// bytes at a time are tested for its first letter at once.
fn find(text: &[u8], from: usize, word: &[u8]) -> Option<usize> {
    const ONES: u64 = u64::MAX / 255;
    let first = ONES * u64::from(word[0]);
    let mut i = from;
    while let Some(chunk) = text.get(i..i + 8) {
        // A byte of `x` is 0 where the text has the first letter (in either case); the test for
        // a zero byte may flag more (never fewer), which `starts` then turns down.
        let x = (u64::from_le_bytes(chunk.try_into().unwrap_or_default()) | (ONES * 0x20)) ^ first;
        let mut flags = x.wrapping_sub(ONES) & !x & (ONES * 0x80);
        while flags != 0 {
            let j = i + flags.trailing_zeros() as usize / 8;
            if starts(text, j, word) {
                return Some(j + word.len());
            }
            flags &= flags - 1;
        }
        i += 8;
    }
    (i..text.len()).find(|&j| starts(text, j, word)).map(|j| j + word.len())
}

/// Calls `found` with the byte offset where each occurrence of `phrase` (as [`count_phrase`]
/// counts them) starts in `text`, in text order.
pub fn phrase_starts(text: &str, phrase: &[String], found: &mut dyn FnMut(usize)) {
    phrase_matches(text, phrase, false, false, found);
}

/// [`phrase_starts`]; with `open`, the phrase's last word as the start of a word; with
/// `initials` (in a name), a phrase word of one letter also matches a word that starts with it
/// (an initial for a first name), and a middle initial the phrase does
/// not have is passed over (`"thomas kipf"` finds Thomas N. Kipf), as is the rest of a first
/// name joined by a hyphen or an apostrophe after an initial (`"j. molinari"` finds
/// Jean-Francois Molinari).
fn phrase_matches(text: &str, phrase: &[String], open: bool, initials: bool, found: &mut dyn FnMut(usize)) {
    let phrases = [phrase];
    let mut cursor = PhraseCursor::new(&phrases, open.then_some(0), initials);
    let mut last_end = usize::MAX;
    tokenize(text, |t| {
        if !t.joined {
            // Joined to the word before it, with no space between.
            let attached = last_end < t.start && !text[last_end..t.start].contains(char::is_whitespace);
            cursor.step(t.term, (t.start, t.end), attached, &mut |_, start, _| found(start));
            last_end = t.end;
        }
    });
}

/// Follows phrases over the words of a text, one word (not a joined compound) at a time: what
/// [`phrase_starts`] runs over a text it tokenizes, and what highlighting runs inside its own
/// pass over the words ([`highlight::Scan`]).
pub(super) struct PhraseCursor<'p, P> {
    phrases: &'p [P],
    /// See [`phrase_matches`].
    initials: bool,
    /// The phrase whose last word is still being typed ([`OPEN`]): it matches the start of a word.
    open: Option<usize>,
    /// The occurrences begun: (phrase, how many of its words the text's last words match, where
    /// it starts), in the order they began.
    begun: Vec<(usize, usize, usize)>,
}

impl<'p, P: AsRef<[String]>> PhraseCursor<'p, P> {
    /// A cursor before the first word.
    pub(super) fn new(phrases: &'p [P], open: Option<usize>, initials: bool) -> Self {
        Self { phrases, initials, open, begun: Vec::new() }
    }

    /// Takes the next word, `term` at byte span `at`, `attached` to the word before it (by a
    /// hyphen or an apostrophe: see [`phrase_matches`]): calls `found(phrase, start, end)` for
    /// each occurrence of a phrase that it completes, earliest start first.
    pub(super) fn step(&mut self, term: &str, at: (usize, usize), attached: bool, found: &mut dyn FnMut(usize, usize, usize)) {
        let (phrases, initials, open) = (self.phrases, self.initials, self.open);
        // Whether word `k` of phrase `p` matches `term`.
        let same = |p: usize, k: usize| {
            let words = phrases[p].as_ref();
            let word = &words[k];
            word == term || initials && word.len() == 1 && term.starts_with(word.as_str()) || open == Some(p) && k + 1 == words.len() && term.starts_with(word.as_str())
        };
        // The occurrences begun go on, end here or break (kept in order, compacted in place).
        let mut kept = 0;
        for i in 0..self.begun.len() {
            let (p, mut k, start) = self.begun[i];
            let words = phrases[p].as_ref();
            if same(p, k) {
                k += 1;
                if k == words.len() {
                    found(p, start, at.1);
                    continue;
                }
            } else if !(initials && (term.len() == 1 || attached && words[k - 1].len() == 1)) {
                continue;
            }
            self.begun[kept] = (p, k, start);
            kept += 1;
        }
        self.begun.truncate(kept);
        for (p, words) in phrases.iter().map(AsRef::as_ref).enumerate() {
            if !words.is_empty() && same(p, 0) {
                if words.len() == 1 {
                    found(p, at.0, at.1);
                } else {
                    self.begun.push((p, 1, at.0));
                }
            }
        }
    }
}

/// Where the first occurrence of any of the query's phrases that results hold in an abstract
/// ([`MatchedTerms::shows_phrase`]) starts in `text`, an abstract, within the part a snippet is
/// cut from.
pub(super) fn first_phrase(text: &str, terms: &MatchedTerms) -> Option<usize> {
    let text = crate::text::clip_to(text, highlight::MAX_SCAN_BYTES);
    let mut first: Option<usize> = None;
    for (i, p) in terms.phrases().iter().enumerate() {
        if terms.shows_phrase(i, ABSTRACT) {
            phrase_matches(text, p, terms.open_phrase() == Some(i), false, &mut |at| first = Some(first.map_or(at, |f| f.min(at))));
        }
    }
    first
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(words: &str) -> Vec<String> {
        words.split(' ').map(str::to_string).collect()
    }

    /// The test on raw bytes never turns down a text that holds the phrase: over the sample
    /// digest and texts that separate words oddly, every pair of consecutive words (and its last
    /// word's start, as a phrase being typed) is counted as the tokenizer alone counts it.
    #[test]
    fn the_raw_byte_test_never_misses_a_phrase() {
        let digest = std::fs::read_to_string("tests/fixtures/trending-papers-digest.txt").unwrap();
        let odd = "The model's training step; AdaHessian step-size, C++ code (state-of-the-art) e.g. x/y, \
                   rock'salt, don't stop, na\\\"ive Bayes, DPM-Solver++ 3.5 times, \"quoted words\" [cite] {\\it italic} words";
        let mut checked = 0;
        for text in digest.split("\n\n").chain([odd]) {
            let mut words: Vec<String> = Vec::new();
            tokenize(text, |t| {
                if !t.joined {
                    words.push(t.term.to_string());
                }
            });
            // Every seventh pair of the digest (all of the odd text): the test reads each text whole.
            let step = if text == odd { 1 } else { 7 };
            for pair in words.windows(2).step_by(step) {
                for open in [false, true] {
                    let mut phrase = pair.to_vec();
                    if open {
                        let cut = phrase[1].char_indices().nth(2).map_or(phrase[1].len(), |(i, _)| i);
                        phrase[1].truncate(cut);
                    }
                    let mut tokenized = 0;
                    phrase_matches(text, &phrase, open, false, &mut |_| tokenized += 1);
                    assert!(tokenized > 0, "{phrase:?} in {text}");
                    assert_eq!(count(text, &phrase, open), tokenized, "{phrase:?} in {text}");
                    checked += 1;
                }
            }
        }
        assert!(checked > 2_000, "{checked}");
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
        let mut terms = MatchedTerms::default();
        terms.set_phrases(vec![p("tool"), p("source the"), p("open")], vec![1 << ABSTRACT, 1 << ABSTRACT, 1 << TITLE], 0);
        assert_eq!(first_phrase(text, &terms), Some(5), "the first phrase of an abstract's");
    }
}
