//! Phrases, checked on the stored text: a phrase (`"open source"`) matches where its words stand
//! one after another in a title, an abstract or a name. The index holds no word positions
//! (`docs/index-format.md`), so a phrase query scores the entries that hold every phrase word and
//! then reads the best of them here ([`phrase_stats`]); a snippet opens at the first phrase
//! ([`first_phrase`]).

use super::highlight::{self, MatchedTerms};
use super::query::LEFT_OUT;
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
        let left_out = f & LEFT_OUT != 0;
        let f = f & !LEFT_OUT;
        // Occurrences in the title, and in the other fields the phrase may stand in.
        let t = if f == 1 << AUTHORS { 0 } else { count_phrase(crate::text::clip_to(stored.title, 4 * highlight::MAX_SCAN_BYTES), p) };
        let a = match f {
            f if f == 1 << TITLE => 0,
            // In a name, a letter stands for a first name (`author:"k. ono"` finds Ken Ono).
            f if f == 1 << AUTHORS => stored.authors.iter().map(|author| {
                let mut n = 0;
                phrase_matches(author, p, true, &mut |_| n += 1);
                n
            }).sum(),
            _ => count_phrase(crate::text::clip_to(stored.abstract_text, 4 * highlight::MAX_SCAN_BYTES), p),
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
    let mut count = 0;
    phrase_starts(text, phrase, &mut |_| count += 1);
    count
}

/// Calls `found` with the byte offset where each occurrence of `phrase` (as [`count_phrase`]
/// counts them) starts in `text`, in text order.
pub fn phrase_starts(text: &str, phrase: &[String], found: &mut dyn FnMut(usize)) {
    phrase_matches(text, phrase, false, found);
}

/// [`phrase_starts`]; with `initials` (in a name), a phrase word of one letter also matches a
/// word that starts with it (an initial for a first name), and a middle initial the phrase does
/// not have is passed over (`"thomas kipf"` finds Thomas N. Kipf), as is the rest of a first
/// name joined by a hyphen or an apostrophe after an initial (`"j. molinari"` finds
/// Jean-Francois Molinari).
fn phrase_matches(text: &str, phrase: &[String], initials: bool, found: &mut dyn FnMut(usize)) {
    let phrases = [phrase];
    let mut cursor = PhraseCursor::new(&phrases, initials);
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
    /// The occurrences begun: (phrase, how many of its words the text's last words match, where
    /// it starts), in the order they began.
    open: Vec<(usize, usize, usize)>,
}

impl<'p, P: AsRef<[String]>> PhraseCursor<'p, P> {
    /// A cursor before the first word.
    pub(super) fn new(phrases: &'p [P], initials: bool) -> Self {
        Self { phrases, initials, open: Vec::new() }
    }

    /// Takes the next word, `term` at byte span `at`, `attached` to the word before it (by a
    /// hyphen or an apostrophe: see [`phrase_matches`]): calls `found(phrase, start, end)` for
    /// each occurrence of a phrase that it completes, earliest start first.
    pub(super) fn step(&mut self, term: &str, at: (usize, usize), attached: bool, found: &mut dyn FnMut(usize, usize, usize)) {
        let (phrases, initials) = (self.phrases, self.initials);
        let same = |word: &str| word == term || initials && word.len() == 1 && term.starts_with(word);
        // The occurrences begun go on, end here or break (kept in order, compacted in place).
        let mut kept = 0;
        for i in 0..self.open.len() {
            let (p, mut k, start) = self.open[i];
            let words = phrases[p].as_ref();
            if same(&words[k]) {
                k += 1;
                if k == words.len() {
                    found(p, start, at.1);
                    continue;
                }
            } else if !(initials && (term.len() == 1 || attached && words[k - 1].len() == 1)) {
                continue;
            }
            self.open[kept] = (p, k, start);
            kept += 1;
        }
        self.open.truncate(kept);
        for (p, words) in phrases.iter().map(AsRef::as_ref).enumerate() {
            if words.first().is_some_and(|w| same(w)) {
                if words.len() == 1 {
                    found(p, at.0, at.1);
                } else {
                    self.open.push((p, 1, at.0));
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
            phrase_starts(text, p, &mut |at| first = Some(first.map_or(at, |f| f.min(at))));
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
