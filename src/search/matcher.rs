//! Finding the dictionary terms a query word stands for, by walking the fst (`descend`): the
//! exact word, its inflections (same [`stem`]: the forms the stemmer's rules undo, looked up
//! one by one), related forms of a long word
//! ([`related_forms`]), completions of the word being typed, and words within a small edit
//! distance: one edit by a direct descent, two with `levenshtein_automata`'s parametric DFAs
//! (as Meilisearch and tantivy do) rather than `fst`'s memory-hungry Levenshtein. Every walk is
//! capped, so no query can make it slow.

use super::descend;
use crate::index::{format, Dictionary, Index};
use crate::text::{is_cjk, is_stop_word, stem};
use levenshtein_automata::LevenshteinAutomatonBuilder;

/// How a dictionary term matched a query word.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum MatchKind {
    /// The word itself.
    Exact,
    /// Another inflection of the word (`networks` for `network`).
    Stem,
    /// Several query words typed together or apart (`dpmsolver`, `zero shot`).
    Compound,
    /// A completion of the word being typed.
    Prefix,
    /// Within one or two edits.
    Typo,
    /// A related form of a long word, by truncation (`neuroscientific` for `neuroscience`):
    /// weak evidence, which does not count as matching the word (the entry stays `partial`).
    Related,
}

impl MatchKind {
    /// Whether a term so matched is the query words as typed: the word itself, a completion of
    /// it, or the words joined or apart; not another form of them.
    pub fn is_as_typed(self) -> bool {
        matches!(self, MatchKind::Exact | MatchKind::Prefix | MatchKind::Compound)
    }

    /// The name in results (`explain[].kind`), as serde writes it for the CLI.
    pub fn as_str(self) -> &'static str {
        match self {
            MatchKind::Exact => "exact",
            MatchKind::Stem => "stem",
            MatchKind::Compound => "compound",
            MatchKind::Prefix => "prefix",
            MatchKind::Typo => "typo",
            MatchKind::Related => "related",
        }
    }
}

/// A dictionary term found for a query word.
#[derive(Debug, Clone)]
pub struct Expansion {
    /// The term as stored.
    pub term: String,
    /// Its value in the dictionary (postings offset and document frequency: [`Index::split_value`]).
    pub value: u64,
    /// How it matched.
    pub kind: MatchKind,
    /// Edit distance for typos, 0 otherwise.
    pub distance: u8,
    /// Relative weight in [0, 1] of this kind of match.
    pub weight: f32,
}

/// Most dictionary keys a prefix walk reads before choosing. Prefixes with more than
/// `format::COMPLETIONS_MIN` completions take them from the index's COMPLETIONS section
/// instead; this bounds the walk for an index without one.
const PREFIX_SCAN: usize = 2000;
/// Most completions kept for a prefix, the most frequent first: as many as the index's
/// COMPLETIONS section lists ([`format::COMPLETIONS_KEEP`]), so a listed prefix keeps what a
/// walk would. A rarer completion is often the word meant (`order mat` for `Order Matters`,
/// not `matrix`); for short prefixes of common words the postings cap below stops sooner.
pub(crate) const PREFIX_KEEP: usize = format::COMPLETIONS_KEEP;
/// The postings of a prefix's completions are capped at a quarter of the entries, but never below this.
const PREFIX_POSTINGS_MIN: u64 = 20_000;
/// The most postings a prefix's completions are read for, over `doc_count` entries: the
/// most frequent completions are kept until their postings reach this.
pub(crate) fn prefix_postings_cap(doc_count: u32) -> u64 {
    (u64::from(doc_count) / 4).max(PREFIX_POSTINGS_MIN)
}

/// Most terms kept for a typo, the closest and most frequent first.
const TYPO_KEEP: usize = 16;
/// Most keys a walk for related forms reads.
const STEM_SCAN: usize = 200;
/// Shortest word (in letters) that gets [`related_forms`].
const RELATED_MIN_CHARS: usize = 9;
/// Letters cut from the end of a word to find its related forms.
const RELATED_CUT: usize = 3;
/// Most related forms kept per word, the most frequent first.
const RELATED_KEEP: usize = 8;
/// Weight of a related form: below every other kind of match.
const RELATED_WEIGHT: f32 = 0.5;
/// Most terms of a name and a number (`qwen2`, `qwen3`) that a name stands for (see [`numbered`]).
const NUMBERED_KEEP: usize = 4;
/// Most digits a name's number may have (`covid19`, `yolo11`).
const NUMBERED_DIGITS: usize = 3;

/// The parametric Levenshtein DFAs, each made from its stored tables (`typo_tables`) when a
/// word first needs it: distance 1 (for words that are not ASCII; `descend` finds one edit in
/// the others) and 2, with transpositions.
#[derive(Default)]
pub struct TypoBuilders {
    one: std::cell::OnceCell<LevenshteinAutomatonBuilder>,
    two: std::cell::OnceCell<LevenshteinAutomatonBuilder>,
}

impl TypoBuilders {
    /// No tables yet: they are built on first use.
    pub fn new() -> Self {
        Self::default()
    }

    fn get(&self, d: u8) -> &LevenshteinAutomatonBuilder {
        let cell = if d == 1 { &self.one } else { &self.two };
        cell.get_or_init(|| super::typo_tables::builder(d))
    }
}

/// The edits allowed for a word of `chars` characters: 1 from 5, 2 from 9 (Meilisearch's rule).
pub fn max_typos(chars: usize) -> u8 {
    match chars {
        0..=4 => 0,
        5..=8 => 1,
        // Longer than any real word: no typo search (bounded work for pasted junk).
        25.. => 0,
        _ => 2,
    }
}

/// The value of `term` in the dictionary.
pub fn exact(index: &Index<'_>, term: &str) -> Option<u64> {
    index.term(term.as_bytes())
}

/// Calls `f` with each term longer than `prefix` that it starts (and the term's value), at most
/// [`PREFIX_SCAN`]: from the COMPLETIONS section when it lists the prefix (its most frequent
/// completions, in the order a query ranks them), else by a dictionary walk in byte order.
fn each_completion(index: &Index<'_>, prefix: &[u8], f: &mut dyn FnMut(&[u8], u64)) {
    if let Some(list) = index.completions(prefix) {
        let mut k = prefix.to_vec();
        for (suffix, v) in list {
            k.truncate(prefix.len());
            k.extend_from_slice(suffix);
            f(&k, v);
        }
    } else if let Some(dictionary) = prefix.first().and_then(|&b| index.dictionary(b)) {
        let mut found = 0;
        descend::prefixed(&dictionary, prefix, usize::MAX, &mut |k, v| {
            if k.len() > prefix.len() {
                f(k, v);
                found += 1;
            }
            found < PREFIX_SCAN
        });
    }
}

/// The `n` most frequent terms that `prefix` starts, with their values: the completions of
/// words typed apart while the last is being typed (`turk colbe` → `turkcolbert`).
pub fn completions(index: &Index<'_>, prefix: &str, n: usize) -> Vec<(String, u64)> {
    let mut best = Best::new(n);
    each_completion(index, prefix.as_bytes(), &mut |k, v| {
        if let Ok(k) = std::str::from_utf8(k) {
            best.offer((std::cmp::Reverse(Index::split_value(v).1), k.len()), || (k.to_string(), v));
        }
    });
    best.into_vec()
}

/// Dictionary terms other than `word` that share its [`stem`] (`networks`, `networking` for
/// `network`), with their values, in byte order: the stem's [`crate::text::stem_forms`]
/// that the dictionary holds.
pub fn inflections(index: &Index<'_>, word: &str) -> Vec<(String, u64)> {
    let s = stem(word);
    let mut out: Vec<(String, u64)> = Vec::new();
    if s.len() < 3 {
        return out;
    }
    // Every form starts with the stem less its last letter: that is followed once, and each
    // form's lookup goes on from where it leads (a few dozen lookups of whole words read most of
    // what finding a word's inflections cost).
    let base = s.len() - 1;
    let Some(dictionary) = index.dictionary(s.as_bytes()[0]) else { return out };
    let Some(stem_at) = descend::at(&dictionary, None, &s.as_bytes()[..base]) else { return out };
    crate::text::stem_forms(&s, &mut |t| {
        let Some(v) = descend::at(&dictionary, Some(stem_at), &t[base..]).and_then(|at| descend::value(&dictionary, at)) else { return };
        let Ok(t) = std::str::from_utf8(t) else { return };
        if t != word && stem(t) == s {
            // Kept sorted as they come (a binary search each): no sort code in the wasm.
            if let Err(i) = out.binary_search_by(|(k, _)| k.as_str().cmp(t)) {
                out.insert(i, (t.to_string(), v));
            }
        }
    });
    out
}

/// Related forms of a long word, by truncation, the way a derivational stemmer would conflate
/// them: dictionary terms at least as long as `word` that share all but its last
/// `RELATED_CUT` letters (`neuroscientific` for `neuroscience`, `contrastively` for
/// `contrastive`, `mathematically` for `mathematical`), other than its inflections. Only ASCII
/// words of `RELATED_MIN_CHARS` letters or more; reads at most `STEM_SCAN` keys and keeps
/// the `RELATED_KEEP` most frequent.
pub fn related_forms(index: &Index<'_>, word: &str) -> Vec<(String, u64)> {
    let n = word.len();
    if n < RELATED_MIN_CHARS || !word.bytes().all(|b| b.is_ascii_lowercase()) {
        return Vec::new();
    }
    let s = stem(word);
    // Most common first, then shorter; the walk is in byte order, which breaks the ties.
    let mut found = Best::new(RELATED_KEEP);
    let mut scanned = 0;
    let Some(dictionary) = index.dictionary(word.as_bytes()[0]) else { return Vec::new() };
    descend::prefixed(&dictionary, &word.as_bytes()[..n - RELATED_CUT], usize::MAX, &mut |k, v| {
        scanned += 1;
        if scanned > STEM_SCAN {
            return false;
        }
        if k.len() < n || k == word.as_bytes() || Index::joined_only(v) {
            return true;
        }
        if let Ok(t) = std::str::from_utf8(k) {
            if stem(t) != s {
                found.offer((std::cmp::Reverse(Index::split_value(v).1), k.len()), || (t.to_string(), v));
            }
        }
        true
    });
    found.into_vec()
}

/// The most frequent terms that are `word` written joined to a number (`qwen2`, `qwen3` for
/// `qwen`; `covid19`; `sam2`), words of their own, for a name of three letters or more: a reader
/// who types the name means every model or release of it, as the text writes `Qwen2.5-1.5B` or
/// `SAM2`. Not `graph2vec` or `seq2seq` for `graph` and `seq`: letters after the number make
/// another word.
fn numbered(dictionary: &Dictionary<'_>, word: &str) -> Vec<(Vec<u8>, u64)> {
    let mut found = Best::new(NUMBERED_KEEP);
    let mut key = word.as_bytes().to_vec();
    // The name is followed once, and a digit walked only where one goes on from it.
    let name = descend::at(dictionary, None, &key);
    for d in (b'0'..=b'9').filter(|&d| name.is_some_and(|at| descend::at(dictionary, Some(at), &[d]).is_some())) {
        key.truncate(word.len());
        key.push(d);
        descend::prefixed(dictionary, &key, word.len() + NUMBERED_DIGITS, &mut |k, v| {
            if k[word.len()..].iter().all(u8::is_ascii_digit) && !Index::joined_only(v) {
                offer_term(&mut found, k, v);
            }
            true
        });
    }
    found.into_vec()
}

/// Adds a term to a word's expansions, or, when it is there already, keeps the stronger match:
/// a match that counts as the word (a two-edit typo) wins over a related form, which does not
/// count, whatever their weights.
fn add_expansion(out: &mut Vec<Expansion>, term: &[u8], value: u64, kind: MatchKind, distance: u8, weight: f32) {
    if let Some(e) = out.iter_mut().find(|e| e.term.as_bytes() == term) {
        if weight > e.weight || (e.kind == MatchKind::Related && kind != MatchKind::Related) {
            *e = Expansion { term: e.term.clone(), value, kind, distance, weight };
        }
        return;
    }
    if let Ok(t) = std::str::from_utf8(term) {
        out.push(Expansion { term: t.to_string(), value, kind, distance, weight });
    }
}

/// Expands one query word. `prefix`: the word is still being typed.
pub fn expand(index: &Index<'_>, typos: &TypoBuilders, word: &str, prefix: bool) -> Vec<Expansion> {
    let mut out: Vec<Expansion> = Vec::new();
    // Every term the walks below find starts with the word's first byte.
    let Some(dictionary) = word.as_bytes().first().map(|&b| index.dictionary(b)) else { return out };
    if let Some(v) = exact(index, word) {
        add_expansion(&mut out, word.as_bytes(), v, MatchKind::Exact, 0, 1.0);
    }
    for (t, v) in inflections(index, word) {
        add_expansion(&mut out, t.as_bytes(), v, MatchKind::Stem, 0, 0.9);
    }
    for (t, v) in related_forms(index, word) {
        add_expansion(&mut out, t.as_bytes(), v, MatchKind::Related, 0, RELATED_WEIGHT);
    }
    // A name typed alone also stands for it joined to a number, as one of its own forms (a word
    // being typed reaches those through its completions).
    if !prefix && word.len() >= 3 && word.bytes().all(|b| b.is_ascii_lowercase()) {
        if let Some(dictionary) = &dictionary {
            for (t, v) in numbered(dictionary, word) {
                add_expansion(&mut out, &t, v, MatchKind::Stem, 0, 0.9);
            }
        }
    }
    let chars = crate::text::char_count(word);
    // A word that exists on its own is not completed into compounds (`order` → `orderofmagnitude`).
    let is_word = out.iter().any(|e| e.kind == MatchKind::Exact && !Index::joined_only(e.value));
    // The most frequent completions of a word being typed, and the most frequent of those that
    // are words of their own (for the typo walk).
    let mut plain: ByFrequency = Best::new(TYPO_KEEP);
    // Completions from two letters, or from one Chinese or Japanese character.
    if prefix && (chars >= 2 || word.chars().next().is_some_and(is_cjk)) {
        let mut best = Best::new(PREFIX_KEEP);
        // A prefix of many terms: its most frequent completions were listed at build time, in
        // the order offered here, so the choice is the same as a walk over all of them.
        each_completion(index, word.as_bytes(), &mut |k, v| {
            if !(is_word && Index::joined_only(v)) {
                if !Index::joined_only(v) {
                    offer_term(&mut plain, k, v);
                }
                offer_term(&mut best, k, v);
            }
        });
        // The most frequent completions first, until their postings add up to a quarter of the
        // entries: a two-letter prefix of common words (`mo`: model, more, most, …) would
        // otherwise make every keystroke walk hundreds of thousands of postings.
        let cap = prefix_postings_cap(index.doc_count());
        let mut postings = 0u64;
        for (k, v) in best.into_items() {
            if postings >= cap {
                break;
            }
            postings += u64::from(Index::split_value(v).1);
            add_expansion(&mut out, &k, v, MatchKind::Prefix, 0, completion_weight(k.len() - word.len()));
        }
    }
    // Two edits only for a word the dictionary does not know: a known word's typo variants
    // (real-word typos such as `casual` for `causal`) are one edit away far more often, and the
    // distance-2 automaton costs the most to build and walk.
    // An unknown 4-letter word gets one edit too (typing a 5-letter word with a letter dropped,
    // `dnse`, leaves four); while it is still being typed, only when nothing starts with it.
    // A number mistyped is another number (`ngc 4316` is not NGC 4361): no typos; nor for a
    // stop word, which no entry's terms hold (`this` is not `thus`, `without` not `withour`).
    let stop = is_stop_word(word);
    let d = if stop || word.bytes().all(|b| b.is_ascii_digit()) {
        0
    } else if is_word {
        max_typos(chars).min(1)
    } else if chars == 4 && (!prefix || out.is_empty()) && word.is_ascii() {
        1
    } else {
        max_typos(chars)
    };
    // The prefix automaton ranks exact completions (distance 0) first: when the word has
    // [`TYPO_KEEP`] of them, they are all it would keep, so take them from the prefix walk.
    if d > 0 && prefix && plain.len() >= TYPO_KEEP {
        for (k, v) in plain.into_items() {
            add_expansion(&mut out, &k, v, MatchKind::Prefix, 0, 0.8);
        }
    } else if d > 0 {
        let mut best = Best::new(TYPO_KEEP);
        let mut found = 0;
        let mut offer = |k: &[u8], v: u64, dist: u8| {
            best.offer((dist, std::cmp::Reverse(Index::split_value(v).1), k.len()), || (k.to_vec(), v, dist));
            found += 1;
            found < PREFIX_SCAN
        };
        // One edit on an ASCII word: the direct descent finds what the automaton would, in the
        // same order, several times faster (`descend`). A word allowed two edits gets them
        // only when none of its one-edit neighbours is a word: the distance-2 walk costs the
        // most by far, and a long word one edit from a dictionary word is that word mistyped
        // far more often than another one two edits away.
        let mut one = false;
        if let Some(dictionary) = dictionary.as_ref().filter(|_| word.is_ascii()) {
            for (k, v, dist) in descend::one_edit(dictionary, word.as_bytes(), prefix, PREFIX_SCAN, &|v| !Index::joined_only(v)) {
                if Index::joined_only(v) {
                    continue;
                }
                one = true;
                if !offer(&k, v, dist) {
                    break;
                }
            }
        }
        if let Some(dictionary) = dictionary.as_ref().filter(|_| !one && (d == 2 || !word.is_ascii())) {
            let builder = typos.get(d);
            let dfa = if prefix { builder.build_prefix_dfa(word) } else { builder.build_dfa(word) };
            // A typo on the first letter is rare and costly to search: keep the first letter.
            let first = &word[..word.chars().next().map_or(0, char::len_utf8)];
            descend::within(dictionary, first.as_bytes(), &dfa, &mut |k, v, dist| {
                if k == word.as_bytes() || Index::joined_only(v) || (dist == 0 && !prefix) {
                    return true;
                }
                offer(k, v, dist)
            });
        }
        for (k, v, dist) in best.into_items() {
            // With the prefix DFA, distance 0 means an exact completion of a typed prefix.
            let (kind, weight) = match dist {
                0 => (MatchKind::Prefix, 0.8),
                1 => (MatchKind::Typo, 0.55),
                _ => (MatchKind::Typo, 0.35),
            };
            add_expansion(&mut out, &k, v, kind, dist, weight);
        }
    }
    // A word the dictionary does not hold (no exact match, nor completions that more than one
    // entry in [`RARE_COMPLETIONS`] holds: `natter`, not on its way to the surname `Natterer`;
    // what the stemmer makes of a word that is none, `gitting` → `git`, says little) may have
    // slipped on its first letter, which every walk above keeps: one edit, weighted a little
    // below the typos that keep it. Its completions are looked for only when nothing is found
    // within one edit (they cost a walk per key). (Not while a lazy load still lacks bytes, its
    // own letter's dictionary among them: it fetches those first. Nor for a stop word.)
    let rare = index.doc_count() / RARE_COMPLETIONS;
    let completions: u32 = out.iter().filter(|e| e.kind == MatchKind::Prefix && e.distance == 0).map(|e| Index::split_value(e.value).1).sum();
    let found = |d: u8| out.iter().any(|e| e.distance <= d && !matches!(e.kind, MatchKind::Related | MatchKind::Stem) && (e.kind != MatchKind::Prefix || e.distance > 0 || completions > rare));
    if !found(0) && !stop && (dictionary.is_some() || index.damage().is_none()) && chars >= FIRST_SLIP_MIN_CHARS && word.bytes().all(|b| b.is_ascii_lowercase()) {
        for (k, v) in first_letter_slips(index, word.as_bytes(), prefix && !found(1)) {
            add_expansion(&mut out, &k, v, MatchKind::Typo, 1, 0.5);
        }
    }
    out
}

/// A word being typed whose completions are held by fewer than one entry in this many, all
/// together, is also tried for a slip on its first letter.
const RARE_COMPLETIONS: u32 = 1024;

/// Shortest word (in letters) tried for a slip on its first letter: as for any typo.
const FIRST_SLIP_MIN_CHARS: usize = 5;

/// Most keys next to a letter on a keyboard ([`KEYBOARD_NEIGHBOURS`]).
const NEIGHBOURS_MAX: usize = 6;
/// The keys next to each letter (`a` to `z`) on a QWERTY keyboard, [`NEIGHBOURS_MAX`] bytes per
/// letter, padded with spaces: in its row, and the two above and below it (the rows are
/// staggered).
const KEYBOARD_NEIGHBOURS: &[u8; 26 * NEIGHBOURS_MAX] = b"\
    sqwz  vngh  xvdf  sferxcwrsd  dgrtcvfhtyvbgjyubnuojk  hkuinmjliom kop   njk   \
    bmhj  ipkl  ol    wa    etdf  adwezxryfg  yihj  cbfg  qeas  zcsd  tugh  xas   ";

/// The terms of a dictionary walk by frequency: the most frequent first, then the shortest.
type ByFrequency = Best<(std::cmp::Reverse<u32>, usize), (Vec<u8>, u64)>;

/// Offers term `k` (of value `v`) to `best` (one copy of [`Best::offer`] for every list of
/// terms kept by frequency).
#[inline(never)]
fn offer_term(best: &mut ByFrequency, k: &[u8], v: u64) {
    best.offer((std::cmp::Reverse(Index::split_value(v).1), k.len()), || (k.to_vec(), v));
}

/// The terms `word` stands for when its first letter slipped and the rest is as meant: a
/// neighbouring key struck for the first (`vommunication`), the first two letters swapped
/// (`ocmmunication`), or a letter struck before the word (`vcommunication`). Every other typo
/// search keeps the first letter: it picks the one dictionary to walk, and a first letter
/// mistyped is rarer than a later one. So this runs only for a word the dictionary does not
/// hold, and reads at most the dictionaries of the first letter's neighbours and of the second
/// letter, by exact lookups (and, for a word being typed, the completions of each key), the
/// most frequent [`TYPO_KEEP`] kept.
fn first_letter_slips(index: &Index<'_>, word: &[u8], prefix: bool) -> Vec<(Vec<u8>, u64)> {
    let mut best: ByFrequency = Best::new(TYPO_KEEP);
    let mut key = Vec::with_capacity(word.len() + 1);
    let mut find = |head: &[u8], tail: &[u8]| {
        key.clear();
        key.extend_from_slice(head);
        key.extend_from_slice(tail);
        let mut offer = |k: &[u8], v: u64| {
            if !Index::joined_only(v) {
                offer_term(&mut best, k, v);
            }
        };
        if let Some(v) = index.term(&key) {
            offer(&key, v);
        }
        if prefix {
            each_completion(index, &key, &mut offer);
        }
    };
    let at = usize::from(word[0] - b'a') * NEIGHBOURS_MAX;
    for &near in KEYBOARD_NEIGHBOURS[at..at + NEIGHBOURS_MAX].iter().filter(|&&k| k != b' ') {
        find(&[near], &word[1..]);
    }
    if word[0] != word[1] {
        find(&[word[1], word[0]], &word[2..]);
    }
    find(&[], &word[1..]);
    best.into_vec()
}

/// The weight of a completion `extra` bytes longer than the word being typed: below the word
/// itself (1.0), and the less the more it adds.
pub fn completion_weight(extra: usize) -> f32 {
    0.85 - (extra as f32 * 0.01).min(0.1)
}

/// The `n` items with the smallest keys, the earliest offered first among equal keys: what a
/// stable sort by key and `take(n)` would keep, without storing (or copying) the others.
pub(crate) struct Best<K, T> {
    n: usize,
    items: Vec<(K, T)>,
}

impl<K: Ord, T> Best<K, T> {
    pub(crate) fn new(n: usize) -> Self {
        Best { n, items: Vec::with_capacity(n.saturating_add(1).min(1 << 16)) }
    }

    /// Offers an item; `make` runs only when it is kept.
    pub(crate) fn offer(&mut self, key: K, make: impl FnOnce() -> T) {
        if self.items.len() >= self.n && self.items.last().is_none_or(|(worst, _)| key >= *worst) {
            return;
        }
        let at = self.items.partition_point(|(k, _)| *k <= key);
        self.items.insert(at, (key, make()));
        self.items.truncate(self.n);
    }

    fn len(&self) -> usize {
        self.items.len()
    }

    /// The key of the worst item kept, once `n` are kept.
    pub(crate) fn worst(&self) -> Option<&K> {
        self.items.get(self.n.checked_sub(1)?).map(|(k, _)| k)
    }

    pub(crate) fn into_vec(self) -> Vec<T> {
        self.into_items().collect()
    }

    /// The items kept, best first, for a loop over them (no list collected).
    pub(crate) fn into_items(self) -> impl Iterator<Item = T> {
        self.items.into_iter().map(|(_, t)| t)
    }
}

/// Whether a word's expansions find it as a word of its own: as typed or completed (and not
/// only as a compound that no entry writes as one word), inflected, or one edit away. A word
/// found only otherwise (joined, two edits away, or as a related form) may be two words typed
/// without a space ([`split_compound`]).
pub fn holds_as_typed(exps: &[Expansion]) -> bool {
    exps.iter().any(|e| match e.kind {
        MatchKind::Exact | MatchKind::Prefix => !Index::joined_only(e.value),
        MatchKind::Typo => e.distance <= 1,
        MatchKind::Stem | MatchKind::Compound => true,
        MatchKind::Related => false,
    })
}

/// Splits a word typed without a space (`gossipcommunication`) into two dictionary words: the
/// split whose halves stand together in the most entries, then the one whose rarer half is most
/// frequent. Both halves need at least 3 letters. A compound the dictionary leaves out (long,
/// and in one entry: `billiardphysbench` of `BilliardPhys-Bench`) is so split back into the
/// parts its entry holds (`billiardphys bench`), not into other words that happen to spell it
/// (`billiard physbench`, which no entry holds together). With `prefix` (the word being typed),
/// the second half may also be a word begun (`signalidentif`: `signal` and `identif…`), counted
/// by its most frequent completion. A stop word is no term of the index, and no two words typed
/// joined either: it is never split (`without` is not `wit` and `hout`).
pub fn split_compound(index: &Index<'_>, word: &str, prefix: bool) -> Option<(String, String)> {
    if word.len() < 6 || !word.is_ascii() || is_stop_word(word) {
        return None;
    }
    let mut best: Option<((u32, u32), usize)> = None;
    for i in 3..=word.len() - 3 {
        let (a, b) = word.split_at(i);
        // The second half is looked up only when the first is a word: a lazy load whose first
        // letter's dictionary has not arrived yet then names no other letter's dictionary
        // (each a few hundred KB) for a split it cannot make.
        let Some(va) = exact(index, a) else { continue };
        let begun = || completions(index, b, PREFIX_SPLIT_COMPLETIONS).into_iter().map(|(_, v)| v).find(|&v| !Index::joined_only(v));
        let Some(vb) = exact(index, b).or_else(|| if prefix { begun() } else { None }) else { continue };
        let key = (together(index, va, vb), Index::split_value(va).1.min(Index::split_value(vb).1));
        if best.is_none_or(|(k, _)| key > k) {
            best = Some((key, i));
        }
    }
    best.map(|(_, i)| (word[..i].to_string(), word[i..].to_string()))
}

/// Completions of a word begun that [`split_compound`] reads for the most frequent plain word.
const PREFIX_SPLIT_COMPLETIONS: usize = 4;

/// The number of entries that hold both terms (by their values), up to [`TOGETHER_MAX`]; 0
/// when their postings are too long to walk for this ([`TOGETHER_POSTINGS`]).
fn together(index: &Index<'_>, va: u64, vb: u64) -> u32 {
    if u64::from(Index::split_value(va).1) + u64::from(Index::split_value(vb).1) > TOGETHER_POSTINGS {
        return 0;
    }
    let (mut a, mut b) = (Vec::new(), Vec::new());
    index.docs(va, u8::MAX, &mut a);
    index.docs(vb, u8::MAX, &mut b);
    // Both lists are in document order.
    let (mut i, mut n) = (0, 0);
    for d in a {
        i += b[i..].partition_point(|&e| e < d);
        if b.get(i) == Some(&d) {
            n += 1;
            if n >= TOGETHER_MAX {
                break;
            }
        }
    }
    n
}

/// Most entries [`together`] counts: past a few, the halves' frequency decides.
const TOGETHER_MAX: u32 = 8;
/// Most postings [`together`] walks for one split (a few tens of microseconds).
const TOGETHER_POSTINGS: u64 = 50_000;

#[cfg(test)]
mod tests {
    use super::{Best, KEYBOARD_NEIGHBOURS, NEIGHBOURS_MAX};

    #[test]
    fn keyboard_neighbours_are_mutual_and_near() {
        const ROWS: [&[u8]; 3] = [b"qwertyuiop", b"asdfghjkl", b"zxcvbnm"];
        let at = |k: u8| ROWS.iter().enumerate().find_map(|(r, row)| row.iter().position(|&c| c == k).map(|i| (r as f32, i as f32 + 0.5 * r as f32))).unwrap();
        for (i, near) in KEYBOARD_NEIGHBOURS.chunks(NEIGHBOURS_MAX).enumerate() {
            let near: Vec<u8> = near.iter().copied().filter(|&k| k != b' ').collect();
            let key = b'a' + i as u8;
            let (r, x) = at(key);
            assert!(near.len() >= 2 && !near.contains(&key), "{}", key as char);
            for &n in near.iter() {
                // Each neighbour lists the key back, and sits in the same row one key away or in
                // the next row within a key (rows shift by half a key).
                let row = usize::from(n - b'a') * NEIGHBOURS_MAX;
                assert!(KEYBOARD_NEIGHBOURS[row..row + NEIGHBOURS_MAX].contains(&key), "{} {}", key as char, n as char);
                let (nr, nx) = at(n);
                assert!((nr - r).abs() + (nx - x).abs() <= 1.5, "{} {}", key as char, n as char);
            }
        }
    }

    #[test]
    fn best_keeps_what_a_stable_sort_would() {
        let keys = [5, 1, 3, 1, 9, 3, 0, 5, 1];
        for n in 0..=keys.len() {
            let mut best = Best::new(n);
            for (i, k) in keys.iter().enumerate() {
                best.offer(*k, || i);
            }
            let mut sorted: Vec<(i32, usize)> = keys.iter().copied().zip(0..).collect();
            sorted.sort_by_key(|(k, _)| *k);
            assert_eq!(best.into_vec(), sorted.into_iter().take(n).map(|(_, i)| i).collect::<Vec<_>>());
        }
    }
}
