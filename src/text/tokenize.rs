//! The one tokenizer: text to terms with their spans. See the parent module for
//! the rules it follows.

use super::fold::{case_of, classify, is_cjk, push_folded, voiced, Class};

/// Longest term kept, in bytes. Longer words are cut (at a character boundary) so that one
/// pathological word cannot bloat the dictionary; the token's span still covers the whole word.
pub const MAX_TERM_BYTES: usize = 48;

/// Most parts a compound may have and still be emitted joined (URLs are long compounds).
const MAX_JOINED_PARTS: usize = 3;

/// One token of a text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token<'a> {
    /// The normalised term: folded, lowercase, ASCII for Latin text.
    pub term: &'a str,
    /// Byte offset of the token's first character in the source text.
    pub start: usize,
    /// Byte offset just past the token's last character.
    pub end: usize,
    /// True for the joined form of a compound (`dpmsolver` for `DPM-Solver`), which is emitted
    /// after its parts and is not a word of its own for phrases.
    pub joined: bool,
}

/// Cuts `s` to at most `max` bytes, at a character boundary.
pub fn clip_to(s: &str, max: usize) -> &str {
    if s.len() <= max {
        return s;
    }
    let mut end = max;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    &s[..end]
}

/// Cuts `s` to at most [`MAX_TERM_BYTES`], at a character boundary.
fn clip(s: &str) -> &str {
    clip_to(s, MAX_TERM_BYTES)
}

/// Calls `emit` for every token of `text`, in order: the parts of a compound first, then its
/// joined form. See the module docs for the rules.
pub fn tokenize(text: &str, mut emit: impl FnMut(Token<'_>)) {
    tokenize_dyn(text, &mut emit);
}

/// `varepsilon` → `epsilon`, and so for every variant letter: math reads `\varepsilon` as `ε`,
/// the word `epsilon` (see `input::clean`), so the variant's name, typed or written out of math,
/// is that word too. (The test of the first letter stays in line: the tokenizer asks this of
/// every word, and a call each cost about 1% of a query's time in the wasm.)
#[inline(always)]
fn letter_variant(word: &str) -> &str {
    if word.as_bytes().first() != Some(&b'v') {
        return word;
    }
    #[inline(never)]
    fn after_v(word: &str) -> &str {
        // (A list looked through, in less code than a `match` on the strings.)
        word.strip_prefix("var").filter(|letter| ["epsilon", "phi", "theta", "rho", "sigma", "pi", "kappa"].contains(letter)).unwrap_or(word)
    }
    after_v(word)
}

/// Whether an apostrophe followed by `rest` after `word` ends an English contraction (`don't`,
/// `we're`, `I've`, `they'll`, `she'd`, `I'm`), or starts an `s` (a possessive, `model's`, which
/// the tokenizer reads as such when the `s` ends the word): the apostrophe is then dropped
/// (`dont`) rather than joining two words.
fn contraction(rest: &[u8], word: &str) -> bool {
    let at = |i: usize| rest.get(i).map_or(0, |b| b | 0x20);
    let ends = |i: usize| !rest.get(i).is_some_and(|b| b.is_ascii_alphanumeric() || *b >= 0x80);
    match (at(0), at(1)) {
        (b's', _) => true,
        (b't', _) => word.ends_with('n') && ends(1),
        (b'd' | b'm', _) => ends(1),
        (b'r' | b'v', b'e') | (b'l', b'l') => ends(2),
        _ => false,
    }
}

/// The parts of a word written in CamelCase (`HttpClient`, `AdaHessian`, `JSONParser`,
/// `ÉcoleNormale`), after the word (which starts with a capital): each part of three letters or
/// more, a capital and small letters or all capitals (`http`, `client`; `json`, `parser`),
/// joined, folded as a word alone is and spanning its letters, so that `client` finds
/// `HttpClient` and marks `Client` (a stop word, `for` of `ForEach`, is not indexed, as ever).
/// A part starts at a capital after a small letter, or at the last capital of a run before two
/// small letters (`Parser` of `JSONParser`: not `Ts` of `GPTs`, nor `Ov8` of `YOLOv8`). Parts
/// with digits or mixed case (`BERTa` of `DeBERTa`), with letters the tokenizer reads otherwise
/// than as a word's (Greek, scripts it splits), and words of one part are left out. So for a
/// word alone, in a compound or before a possessive (`AdaHessian-based`, `AdaHessian's`,
/// `DeepSeek-V3`). The word starts at `at` in `text` and is its run of letters and digits there
/// (an apostrophe that a contraction drops ends it: `It'sNew` has no parts).
#[cold]
#[inline(never)]
fn camel_parts(text: &str, at: usize, emit: &mut dyn FnMut(Token<'_>)) {
    // Most words have no capital after their first letter (a title's words, a sentence's
    // first), so one part and none to give: told from their bytes before any character is
    // decoded, a word with a byte other than ASCII read in full below. Decoding every such
    // word made queries about 5% slower at 100k entries, in the text scans of re-ranking.
    let bytes = text.as_bytes();
    let mut k = at + 1;
    loop {
        match bytes.get(k) {
            Some(&b) if b >= 0x80 || b.is_ascii_uppercase() => break,
            Some(b) if b.is_ascii_alphanumeric() => k += 1,
            _ => return,
        }
    }
    // Each letter or digit of the word's run, its offset and its case (`case_of`: capitals and
    // small letters by the fold's own lowercase table, where `char::is_uppercase` and
    // `is_lowercase` would bring the standard library's tables into the wasm, 1.7 KB brotli),
    // decoded once; a run of more than 64 has no parts.
    let mut letters = [(0usize, 0u8); 65];
    let (mut n, mut end) = (0, 0);
    for (i, c) in text[at..].char_indices() {
        if !c.is_alphanumeric() {
            break;
        }
        if n == 64 {
            return;
        }
        let case = case_of(c);
        // (A word that starts with a small letter, or of a script without capitals, has none.)
        if n == 0 && case == 1 {
            return;
        }
        letters[n] = (i, case);
        n += 1;
        end = i + c.len_utf8();
    }
    letters[n].0 = end;
    let small = |k: usize| k < n && letters[k].1 == 1;
    let mut from = 0;
    let mut term = String::new();
    for k in 1..=n {
        if k == n || letters[k].1 == 2 && (small(k - 1) || small(k + 1) && small(k + 2)) {
            let part = &letters[from..k];
            if (from > 0 || k < n) && part.len() > 2 && (part[1..].iter().all(|l| l.1 == 1) || part.iter().all(|l| l.1 == 2)) {
                let (start, end) = (at + letters[from].0, at + letters[k].0);
                term.clear();
                let folded = text[start..end].chars().all(|c| match classify(c) {
                    Class::Word(f) => {
                        push_folded(&mut term, &f);
                        true
                    }
                    _ => false,
                });
                if folded {
                    emit(Token { term: clip(&term), start, end, joined: true });
                }
            }
            from = k;
        }
    }
}

/// A unit written apart from its number (`16 GB`, `7 B`, `3.5 x`), and a factor after an `x`
/// (`512 x 512`): the two or three joined (`16gb`, `7b`, `3.5x`, `512x512`), after the unit,
/// spanning them whole, as a text writes them joined (`16GB`, `512x512`; `512×512` and `2×`,
/// whose `×` is the letter `x`) and a query may type them. A unit is a word of one to three
/// letters that is no stop word, one space after the number (digits, or a version: `3.5`); the
/// number stands after a space or punctuation, not after a connector (`GPT-4 o`) or a letter
/// (`v1.5 B`). `start..end` is the unit's span in `text`, after a space.
#[cold]
#[inline(never)]
fn number_unit(text: &[u8], start: usize, mut end: usize, emit: &mut dyn FnMut(Token<'_>)) {
    let word = &text[start..end];
    let from = start - 1 - text[..start - 1].iter().rev().take_while(|&&b| b.is_ascii_digit() || b == b'.').count();
    if !word.iter().all(u8::is_ascii_alphabetic) || !text[from].is_ascii_digit() || from > 0 && ASCII_WORD[usize::from(text[from - 1])] != SEPARATOR {
        return;
    }
    if word == b"x" && text.get(end) == Some(&b' ') {
        let factor = text[end + 1..].iter().take_while(|b| b.is_ascii_digit()).count();
        if factor > 0 {
            end += 1 + factor;
        }
    }
    // The term: the span's bytes but its spaces, lowercased (all ASCII).
    let mut term = [0u8; MAX_TERM_BYTES];
    let mut n = 0;
    for &b in &text[from..end] {
        if b != b' ' && n < MAX_TERM_BYTES {
            term[n] = b.to_ascii_lowercase();
            n += 1;
        }
    }
    let unit = start - 1 - from;
    match std::str::from_utf8(&term[..n]) {
        Ok(term) if !super::is_stop_word(term.get(unit..unit + word.len()).unwrap_or_default()) => emit(Token { term, start: from, end, joined: true }),
        _ => {}
    }
}

/// [`tokenize`] with its callback behind a pointer: one copy of the tokenizer in the wasm rather
/// than one per caller (about 1 KB each).
fn tokenize_dyn(text: &str, emit: &mut dyn FnMut(Token<'_>)) {
    // The word's and the compound's buffers, made once at a size that holds most words: grown
    // from empty, they were allocated and then copied to a larger one several times per text.
    let mut t = Tokenizer { word: String::with_capacity(MAX_TERM_BYTES), joined: String::with_capacity(MAX_TERM_BYTES), cjk_end: usize::MAX, text, ..Default::default() };
    let bytes = text.as_bytes();
    let next_is_word = |at: usize| match bytes.get(at) {
        Some(b) if b.is_ascii() => b.is_ascii_alphanumeric(),
        _ => text[at..].chars().next().is_some_and(|n| matches!(classify(n), Class::Word(_) | Class::Script(_))),
    };
    let mut i = 0;
    while i < bytes.len() {
        // Fast path: a run of ASCII letters and digits is copied and lowercased in one go.
        if ASCII_WORD[usize::from(bytes[i])] & (LOWER | UPPER) != 0 {
            let start = i;
            let mut seen = 0;
            while let Some(&b) = bytes.get(i) {
                let class = ASCII_WORD[usize::from(b)];
                if class & (LOWER | UPPER) == 0 {
                    break;
                }
                seen |= class;
                i += 1;
            }
            // A letter alone with `++` or `#` (`C++`, `c#`, `F#`, `g++`), not before a letter, is
            // that word, with its signs: `c++`, never the letter `c`. After a connector
            // (`C/C++`, `clang/g++`) it ends the compound before it.
            if i == start + 1 && t.word.is_empty() && bytes[start].is_ascii_alphabetic() {
                let signs = match &bytes[i..] {
                    [b'+', b'+', ..] => 2,
                    [b'#', ..] => 1,
                    _ => 0,
                };
                if signs > 0 && !bytes.get(i + signs).is_some_and(u8::is_ascii_alphabetic) {
                    if t.parts > 0 {
                        t.end_compound(emit);
                    }
                    t.word.push(char::from(bytes[start].to_ascii_lowercase()));
                    t.word.push_str(&text[i..i + signs]);
                    i += signs;
                    emit(Token { term: &t.word, start, end: i, joined: false });
                    t.word.clear();
                    continue;
                }
            }
            // Most words: lowercase, on their own (not part of a compound), ended by a space or
            // punctuation that is not a connector. Their term is the text itself, not a copy.
            // A connector or an apostrophe that no word follows (a sentence's last word and its
            // `.`, `well-` of `well- and ill-posed`) ends the word as a space does, and is passed
            // over: the general path below would emit the same token, through the compound's
            // bookkeeping.
            let (ends, skip) = match bytes.get(i) {
                None => (true, 0),
                Some(&b) if ASCII_WORD[usize::from(b)] == SEPARATOR => (true, 0),
                Some(&b) => (b.is_ascii() && !next_is_word(i + 1), 1),
            };
            if ends && t.word.is_empty() && t.parts == 0 {
                if seen == LOWER {
                    emit(Token { term: clip(letter_variant(&text[start..i])), start, end: i, joined: false });
                } else {
                    // With capitals (`The`, `LLM`: most title words), lowercased into the
                    // word's buffer: the same token as the general path below gives, without
                    // its compound bookkeeping.
                    t.word.push_str(&text[start..i]);
                    t.word.make_ascii_lowercase();
                    emit(Token { term: clip(letter_variant(&t.word)), start, end: i, joined: false });
                    if seen & LOWER != 0 {
                        camel_parts(text, start, emit);
                    }
                    t.word.clear();
                }
                // A word of three letters or fewer after a number and a space: a unit?
                if i - start < 4 && start > 1 && bytes[start - 1] == b' ' && bytes[start - 2].is_ascii_digit() {
                    number_unit(bytes, start, i, emit);
                }
                i += skip;
                continue;
            }
            if t.word.is_empty() {
                t.word_start = start;
                t.word_ascii = true;
            }
            t.script_at = None;
            let from = t.word.len();
            t.word.push_str(&text[start..i]);
            t.word[from..].make_ascii_lowercase();
            t.word_end = i;
            continue;
        }
        // A space or other separator with no word or compound pending ends nothing.
        if ASCII_WORD[usize::from(bytes[i])] == SEPARATOR && t.word.is_empty() && t.parts == 0 {
            i += 1;
            continue;
        }
        // ASCII needs no decoding (a space, comma or hyphen between words is the common case).
        let (class, mut end) = if bytes[i] < 0x80 {
            (classify(char::from(bytes[i])), i + 1)
        } else {
            let Some(c) = text[i..].chars().next() else { break };
            (classify(c), i + c.len_utf8())
        };
        match class {
            Class::Word(f) => {
                if t.word.is_empty() {
                    t.word_start = i;
                }
                push_folded(&mut t.word, &f);
                t.word_end = end;
                t.word_ascii = false;
                t.script_at = None;
            }
            Class::Script(d) => {
                if t.word.is_empty() {
                    t.word_start = i;
                }
                t.word_ascii = false;
                if t.script_at.is_none() {
                    t.script_at = Some((t.word.len(), i));
                }
                t.word.push(d);
                t.word_end = end;
            }
            Class::Mark => {
                if !t.word.is_empty() {
                    t.word_end = end;
                    t.word_ascii = false;
                }
            }
            // Dropped inside an English contraction (`don't` → `dont`), a possessive is its word
            // (`Benford's` → `benford`, spanning `Benford's`), and otherwise it joins two words
            // as a hyphen does (`O'Neill` → `o`, `neill`, `oneill`; `d'Alembert`,
            // `dell'algoritmo`, `Ankara'daki`, `qu'il`).
            Class::Apostrophe => {
                if t.word.is_empty() || !next_is_word(end) {
                    t.end_compound(emit);
                } else if t.word.len() == 1 || !contraction(&bytes[end..], &t.word) {
                    t.end_part(emit);
                } else if matches!(bytes[end], b's' | b'S') && !next_is_word(end + 1) {
                    t.word_end = end + 1;
                    t.possessive = true;
                    i = end + 1;
                    continue;
                }
            }
            Class::Connector => {
                if !t.word.is_empty() && next_is_word(end) {
                    // A `.` between digits: the part before it starts a version.
                    let dotted = (bytes[i] == b'.' && t.word.ends_with(|c: char| c.is_ascii_digit()) && bytes.get(end).is_some_and(u8::is_ascii_digit))
                        .then(|| (t.word.clone(), t.word_start, t.word_end, t.word_ascii));
                    t.plain_join |= dotted.is_none();
                    t.end_part(emit);
                    t.dotted = dotted;
                } else {
                    t.end_compound(emit);
                }
            }
            // A Greek letter in a Greek word (after a Greek letter, or starting a run of three or
            // more, or of two that ends the text, a word being typed: `Ομιλία` is `ομιλια`,
            // accents and final `ς` folded) is a letter of it; standing alone, or two together
            // (`αβ`, math), each is a word, spelled out. (The
            // Greek block's letters are two bytes, led by 0xCE or 0xCF: the word's last letter is
            // Greek when its next to last byte is one of those.)
            Class::Greek(name) => {
                let greek = |b: Option<&u8>| matches!(b, Some(0xCE | 0xCF));
                if greek(bytes.get(i)) && (greek(t.word.as_bytes().iter().rev().nth(1)) || greek(bytes.get(end)) && (end + 2 == bytes.len() || greek(bytes.get(end + 2)))) {
                    if t.word.is_empty() {
                        t.word_start = i;
                    }
                    let u = u32::from(bytes[i] & 0x1F) << 6 | u32::from(bytes[i + 1] & 0x3F);
                    let u = if u < 0x3b1 { u + 32 } else { u };
                    t.word.push(char::from_u32(if u == 0x3c2 { 0x3c3 } else { u }).unwrap_or(' '));
                    t.word_end = end;
                    t.word_ascii = false;
                    t.script_at = None;
                } else {
                    t.end_compound(emit);
                    emit(Token { term: name, start: i, end, joined: false });
                }
            }
            Class::Cjk(mut c) => {
                t.end_compound(emit);
                // A half-width sound mark (U+FF9E `ﾞ`, U+FF9F `ﾟ`, in UTF-8 `EF BE 9E`/`9F`) after
                // a kana combines with it (`ｶﾞ` → `ガ`, `ﾊﾟ` → `パ`), as NFKC does; one that
                // cannot (`ｱﾞ`) is dropped, as a combining mark is, inside the kana's span.
                if let [0xEF, 0xBE, m @ (0x9E | 0x9F), ..] = bytes[end..] {
                    c = voiced(c, m == 0x9F).unwrap_or(c);
                    end += 3;
                }
                // The pair this character ends, or, when it stands alone, the character: folded
                // (`ｶﾀ` is `カタ`), spanning the text as written.
                let start = if t.cjk_end == i {
                    Some(t.cjk_start)
                } else if !text[end..].chars().next().is_some_and(is_cjk) {
                    Some(i)
                } else {
                    None
                };
                if let Some(start) = start {
                    if start < i {
                        t.word.push(t.cjk_char);
                    }
                    t.word.push(c);
                    emit(Token { term: &t.word, start, end, joined: false });
                    t.word.clear();
                }
                (t.cjk_start, t.cjk_end, t.cjk_char) = (i, end, c);
            }
            Class::Separator => t.end_compound(emit),
        }
        i = end;
    }
    t.end_compound(emit);
}

/// [`ASCII_WORD`]: an ASCII letter or digit that is already lowercase.
const LOWER: u8 = 1;
/// [`ASCII_WORD`]: an ASCII capital letter.
const UPPER: u8 = 2;
/// [`ASCII_WORD`]: an ASCII character that [`classify`] calls a separator.
const SEPARATOR: u8 = 4;
/// Per byte, what the tokenizer's inner loops need to know without [`classify`]: [`LOWER`] for
/// `a-z0-9`, [`UPPER`] for `A-Z`, [`SEPARATOR`] for the other ASCII characters that end a word
/// and a compound, 0 for connectors, apostrophes and every byte of a multi-byte character.
static ASCII_WORD: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut b = 0;
    while b < 128 {
        let c = b as u8;
        t[b] = if c.is_ascii_uppercase() {
            UPPER
        } else if c.is_ascii_alphanumeric() {
            LOWER
        } else if matches!(c, b'-' | b'_' | b'.' | b'/' | b'&' | b'\'') {
            0
        } else {
            SEPARATOR
        };
        b += 1;
    }
    t
};

/// The state of [`tokenize`] between characters.
#[derive(Default)]
struct Tokenizer<'a> {
    word: String,
    word_start: usize,
    word_end: usize,
    joined: String,
    parts: usize,
    compound_start: usize,
    /// Where the superscript or subscript digits that end the word being read start, in the
    /// word and in the text. A word that ends so (a formula or a power: `CePd₃`, `H₂`, `L²`) is
    /// also emitted without them, joined (`cepd` besides `cepd3`), so that the letters alone
    /// find it, as `cepd3` and `h2` do whole.
    script_at: Option<(usize, usize)>,
    /// The span of the last Chinese or Japanese character read: one that starts where it ends
    /// continues its run.
    cjk_start: usize,
    cjk_end: usize,
    /// That character, folded.
    cjk_char: char,
    /// The part before a `.` between digits (`3` of `3.5`), with its span, while
    /// the part after it is read: the two make a version ([`Tokenizer::end_part`]).
    dotted: Option<(String, usize, usize, bool)>,
    /// Whether the compound being read has a connector other than a version's `.`.
    plain_join: bool,
    /// The word being read is ASCII letters and digits only, as in the text: its folded bytes are
    /// its text's, and offsets within it are offsets in the text.
    word_ascii: bool,
    /// The two parts of the compound being read that a `.` joins into a version, joined, when
    /// the first has letters (`qwen25` of `Qwen2.5-VL`; the first such pair of a compound):
    /// emitted after the compound's parts when it has more than two (with two, the compound's
    /// own joined form is the same term).
    named_version: Option<(String, usize, usize)>,
    /// The word being read is a possessive (`Benford's`): it is also emitted joined to its `s`
    /// (`benfords`), as a reader may type it without the apostrophe (`whats`).
    possessive: bool,
    /// The text being read.
    text: &'a str,
}

impl Tokenizer<'_> {
    /// Emits the current word as a part of the compound being read.
    fn end_part(&mut self, emit: &mut dyn FnMut(Token<'_>)) {
        if self.word.is_empty() {
            return;
        }
        if self.parts == 0 {
            self.compound_start = self.word_start;
        }
        self.parts += 1;
        // (Cut only for a variant: an empty `drain` still cost two calls per word in the wasm.)
        let variant = self.word.len() - letter_variant(&self.word).len();
        if variant > 0 {
            self.word = self.word.split_off(variant);
        }
        emit(Token {
            term: clip(&self.word),
            start: self.word_start,
            end: self.word_end,
            joined: false,
        });
        if std::mem::take(&mut self.possessive) {
            let mut joined = clip(&self.word).to_string();
            joined.push('s');
            emit(Token { term: clip(&joined), start: self.word_start, end: self.word_end, joined: true });
        }
        // A CamelCase word in a compound or before a possessive (`AdaHessian-based`,
        // `AdaHessian's`): its parts, as for a word alone (not of a variant's name, whose word is
        // no longer the text's).
        if variant == 0 {
            camel_parts(self.text, self.word_start, emit);
        }
        if self.dotted.is_some() {
            self.end_version(emit);
        }
        if let Some((len, at)) = self.script_at.take().filter(|&(len, _)| len > 0) {
            emit(Token { term: clip(&self.word[..len]), start: self.word_start, end: at, joined: true });
        }
        // The first part becomes the joined form by a swap, not a copy: most words are not
        // compounds.
        if self.parts == 1 {
            std::mem::swap(&mut self.joined, &mut self.word);
        } else if self.parts <= MAX_JOINED_PARTS {
            self.joined.push_str(&self.word);
        }
        self.word.clear();
    }

    /// The part after a version's `.` (the `dotted` part is this compound's previous one): emits
    /// the version's digits, dot kept (`3.5`, `2.5` of `Qwen2.5`: never the number `35`), spanning
    /// only them where the parts are ASCII in the text (else the parts whole), and with what
    /// follows them in the part (`1.5b` of `1.5B`); and keeps, when the part
    /// before has letters, the two parts joined (`qwen25`) for [`Tokenizer::end_compound`]. Out
    /// of line: few words are versions.
    #[cold]
    #[inline(never)]
    fn end_version(&mut self, emit: &mut dyn FnMut(Token<'_>)) {
        let Some((mut before, start, end, ascii)) = self.dotted.take().filter(|_| self.parts >= 2) else { return };
        let tail = before.bytes().rev().take_while(u8::is_ascii_digit).count();
        let lead = self.word.bytes().take_while(u8::is_ascii_digit).count();
        let mut version = String::with_capacity(tail + 1 + lead);
        version.push_str(&before[before.len() - tail..]);
        version.push('.');
        version.push_str(&self.word[..lead]);
        let from = if ascii { end - tail } else { start };
        let to = if self.word_ascii { self.word_start + lead } else { self.word_end };
        emit(Token { term: clip(&version), start: from, end: to, joined: true });
        // A number with a unit after the dot (`1.5B`, `3.5x`): the version with it too (`1.5b`).
        if lead < self.word.len() {
            version.push_str(&self.word[lead..]);
            emit(Token { term: clip(&version), start: from, end: self.word_end, joined: true });
        }
        if tail < before.len() && self.named_version.is_none() {
            before.push_str(&self.word);
            self.named_version = Some((before, start, self.word_end));
        }
    }

    /// Emits the current word, then the joined compound if there was one.
    fn end_compound(&mut self, emit: &mut dyn FnMut(Token<'_>)) {
        self.end_part(emit);
        self.dotted = None;
        if let Some((term, start, end)) = self.named_version.take().filter(|_| self.parts > 2) {
            emit(Token { term: clip(&term), start, end, joined: true });
        }
        // Numbers joined only by version dots (`1.6`, `20.11`, `2.3.0`) are never one number:
        // `16` is not `1.6`. Their versions stand for them.
        let number = !self.plain_join && self.joined.bytes().all(|b| b.is_ascii_digit());
        self.plain_join = false;
        if self.parts >= 2 && self.parts <= MAX_JOINED_PARTS && !number {
            emit(Token {
                term: clip(&self.joined),
                start: self.compound_start,
                end: self.word_end,
                joined: true,
            });
        }
        self.parts = 0;
    }
}

/// Terms the builder indexes besides [`tokenize`]'s, each joined, for what the tokenizer leaves
/// out to keep its code small in the runtime (which has a budget: `bench/code-size.mjs`): a query
/// finds the entry, though a highlight, which the runtime's tokenizer marks, does not show
/// these terms. Called by the builder only.
///
/// A sign of times standing apart after a number, and the factor after it (`2 ×`, `512 × 512`):
/// joined as an `x` there joins them (`2x`, `512x512`), so that `512x512` finds `512 × 512` as it
/// finds `512 x 512` (the tokenizer reads `×` joined to a number as an `x`, `512×512`, and one
/// standing apart as the word `x`).
#[cfg(feature = "build")]
pub fn index_only_terms(text: &str, emit: &mut dyn FnMut(&str)) {
    if !text.contains(" \u{d7}") {
        return;
    }
    // The text with each `×` after a space written `x`, and where those `x`s stand in it: only
    // the terms joined across one of them are new (the others the tokenizer gave already, and
    // the builder checked them: `2new` is left out, `index::write`'s `NO_UNITS`).
    let mut copy = String::with_capacity(text.len());
    let mut signs = Vec::new();
    for (i, piece) in text.split(" \u{d7}").enumerate() {
        if i > 0 {
            copy.push(' ');
            signs.push(copy.len());
            copy.push('x');
        }
        copy.push_str(piece);
    }
    tokenize(&copy, |t| {
        if t.joined && signs.iter().any(|&x| t.start < x && x < t.end) {
            emit(t.term);
        }
    });
}

/// Folds a whole string the way [`tokenize`] folds words, keeping single spaces between words
/// (for tests and tools that compare text as the index sees it; tags fold with
/// [`super::normalize_tag`]).
pub fn normalize(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    tokenize(text, |t| {
        if !t.joined {
            if !out.is_empty() {
                out.push(' ');
            }
            out.push_str(t.term);
        }
    });
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_ascii_table_agrees_with_classify() {
        for b in 0..=255u8 {
            let want = if b >= 0x80 {
                0
            } else {
                match classify(char::from(b)) {
                    Class::Word(_) if b.is_ascii_uppercase() => UPPER,
                    Class::Word(_) => LOWER,
                    Class::Separator => SEPARATOR,
                    _ => 0,
                }
            };
            assert_eq!(ASCII_WORD[usize::from(b)], want, "byte {b:#04x}");
        }
    }

    fn terms(text: &str) -> Vec<String> {
        let mut v = Vec::new();
        tokenize(text, |t| v.push(if t.joined { format!("+{}", t.term) } else { t.term.to_string() }));
        v
    }

    /// A connector or an apostrophe that no word follows ends the word before it as a space
    /// would: the same tokens and spans (the fast path takes such a word whole).
    #[test]
    fn a_connector_that_no_word_follows_ends_its_word_as_a_space_does() {
        let tokens = |text: &str| {
            let mut v = Vec::new();
            tokenize(text, |t| v.push((t.term.to_string(), t.start, t.end, t.joined)));
            v
        };
        for text in ["It ends.", "Well- and ill-posed.", "the models' cue", "a/ b& c_ D. E-", "Ends.\u{301}x", "x.. y", "GPT-4. Done", "e.g. this"] {
            let spaced: String = text.chars().enumerate().map(|(i, c)| if ".-'/&_".contains(c) && !text[text.char_indices().nth(i).unwrap().0 + 1..].starts_with(|n: char| n.is_alphanumeric()) { ' ' } else { c }).collect();
            assert_eq!(tokens(text), tokens(&spaced), "{text:?} against {spaced:?}");
        }
        assert_eq!(terms("Well- and ill-posed."), ["well", "and", "ill", "posed", "+illposed"]);
    }

    #[test]
    fn a_letter_with_plus_plus_or_sharp_is_a_word_of_its_own() {
        assert_eq!(terms("C++ and C#, F# or c++17; g++ x+y a#b"), ["c++", "and", "c#", "f#", "or", "c++", "17", "g++", "x", "y", "a", "b"]);
        assert_eq!(terms("in C++."), ["in", "c++"]);
        // After a connector, the compound before it ends there.
        assert_eq!(terms("C/C++ and clang/g++, A-B#"), ["c", "c++", "and", "clang", "g++", "a", "b#"]);
        assert_eq!(terms("C+ and c #"), ["c", "and", "c"], "one plus or a sign apart is not the word");
        let mut spans = Vec::new();
        tokenize("use C++ now", |t| spans.push((t.term.to_string(), t.start, t.end)));
        assert_eq!(spans, [("use".into(), 0, 3), ("c++".into(), 4, 7), ("now".into(), 8, 11)]);
    }

    #[test]
    fn folds_case_diacritics_and_width() {
        assert_eq!(terms("Schrödinger NAÏVE Straße"), ["schrodinger", "naive", "strasse"]);
        assert_eq!(terms("ＡＩ\u{3000}Ｍｏｄｅｌ"), ["ai", "model"]);
        assert_eq!(terms("e\u{301}cole"), ["ecole"]);
        assert_eq!(terms("ﬁne"), ["fine"]);
    }

    #[test]
    fn superscript_and_subscript_digits_are_digits_and_a_word_that_ends_in_them_is_found_without() {
        assert_eq!(terms("L² and CH₃OH, x⁰¹⁹ H₂O"), ["l2", "+l", "and", "ch3oh", "x019", "+x", "h2o"]);
        // A word that ends in them is found by its letters too (`cepd` finds `CePd₃`), in a
        // compound as well; the query `h2` finds `H₂` as before.
        assert_eq!(terms("CePd₃ and CO-to-H₂"), ["cepd3", "+cepd", "and", "co", "to", "h2", "+h", "+cotoh2"]);
    }

    #[test]
    fn chinese_and_japanese_runs_are_indexed_as_pairs() {
        assert_eq!(terms("全文搜索引擎"), ["全文", "文搜", "搜索", "索引", "引擎"]);
        assert_eq!(terms("在浏览器中 运行"), ["在浏", "浏览", "览器", "器中", "运行"]);
        assert_eq!(terms("静的サイトの検索"), ["静的", "的サ", "サイ", "イト", "トの", "の検", "検索"]);
        assert_eq!(terms("搜 GPT-4搜索的"), ["搜", "gpt", "4", "+gpt4", "搜索", "索的"]);
        assert_eq!(terms("한국어 검색"), ["한국어", "검색"], "Korean has spaces: words as usual");
        let mut spans = Vec::new();
        tokenize("a 搜索引擎", |t| spans.push((t.start, t.end)));
        assert_eq!(spans, [(0, 1), (2, 8), (5, 11), (8, 14)]);
    }

    #[test]
    fn half_width_katakana_is_paired_as_full_width_with_its_sound_marks_combined() {
        assert_eq!(terms("ｶﾀｶﾅ"), terms("カタカナ"));
        assert_eq!(terms("ﾃﾞｰﾀ ﾊﾟｿｺﾝ"), ["デー", "ータ", "パソ", "ソコ", "コン"]);
        assert_eq!(terms("ｳﾞｧｲｵﾘﾝ ｶﾞ 検ﾞ索"), ["ヴァ", "ァイ", "イオ", "オリ", "リン", "ガ", "検索"]);
        assert_eq!(terms("カﾞ"), ["ガ"], "a half-width mark after a full-width kana");
        // The spans are the text's: a pair of half-width kana (three bytes each) with its marks.
        let text = "ﾃﾞｰﾀ";
        let mut spans = Vec::new();
        tokenize(text, |t| spans.push((t.term.to_string(), &text[t.start..t.end])));
        assert_eq!(spans, [("デー".to_string(), "ﾃﾞｰ"), ("ータ".to_string(), "ｰﾀ")]);
        // A mark that no kana before it takes is dropped, inside that kana's span; standing
        // alone it is nothing.
        let text = "ｱﾞｲ ﾞ";
        let mut spans = Vec::new();
        tokenize(text, |t| spans.push((t.term.to_string(), &text[t.start..t.end])));
        assert_eq!(spans, [("アイ".to_string(), "ｱﾞｲ")]);
    }

    #[test]
    fn greek_letters_and_named_math_symbols_are_spelled_out() {
        assert_eq!(terms("varepsilon varphi \\vartheta variable various"), ["epsilon", "phi", "theta", "variable", "various"]);
        assert_eq!(terms("μP and $\\mu$ α-β"), ["mu", "p", "and", "mu", "alpha", "beta"]);
        assert_eq!(terms("√s = 13 TeV, ∂_t u, ∇·v, L^∞"), ["sqrt", "s", "13", "tev", "+13tev", "partial", "t", "u", "nabla", "v", "l", "infty"]);
        assert_eq!(terms("αβ T cells, μm"), ["alpha", "beta", "t", "cells", "mu", "m"], "one or two letters are math");
    }

    #[test]
    fn greek_words_are_words() {
        // Accents and the final sigma fold; capitals lowercase; a word is never spelled out.
        assert_eq!(terms("Ομιλία ΟΜΙΛΙΑΣ ομιλίας σεισμός"), ["ομιλια", "ομιλιασ", "ομιλιασ", "σεισμοσ"]);
        assert_eq!(terms("Έρευνα και"), ["ερευνα", "και"]);
        assert_eq!(terms("σεισμοί ομ"), ["σεισμοι", "ομ"], "two letters ending the text: a word being typed");
        let mut spans = Vec::new();
        tokenize("α Ομιλία", |t| spans.push((t.term.to_string(), t.start, t.end)));
        assert_eq!(spans, [("alpha".to_string(), 0, 2), ("ομιλια".to_string(), 3, 15)]);
    }

    #[test]
    fn marks_that_texts_write_or_leave_out_fold_away() {
        assert_eq!(terms("מוֹדֶל"), terms("מודל"), "Hebrew points");
        assert_eq!(terms("لُغَوِيّ"), terms("لغوي"), "Arabic vowel signs");
        assert_eq!(terms("हिन्दी भाषा"), ["हिनदी", "भाषा"], "a virama does not split the word");
        assert_eq!(terms("ภาษาไทย ที่"), ["ภาษาไทย", "ที"], "a tone mark does not split the word");
        assert_eq!(terms("Tiếng Việt ngữ Ơn ưu"), ["tieng", "viet", "ngu", "on", "uu"]);
        assert_eq!(terms("Ștefan țară Lǚ ǎ"), ["stefan", "tara", "lu", "a"]);
        assert_eq!(terms("ёлка Ёж"), ["елка", "еж"]);
    }

    #[test]
    fn compounds_emit_parts_and_joined() {
        assert_eq!(terms("DPM-Solver++ works"), ["dpm", "solver", "+dpmsolver", "works"]);
        assert_eq!(terms("zero-shot"), ["zero", "shot", "+zeroshot"]);
        // Numbers joined by a dot are no number of their own (`16` is not `1.6`): their version.
        assert_eq!(terms("arXiv:2401.12345."), ["arxiv", "2401", "12345", "+2401.12345"]);
        assert_eq!(terms("end. Next"), ["end", "next"]);
        assert_eq!(terms("a - b"), ["a", "b"]);
        assert_eq!(terms("S&P500 and R&D, Q & A"), ["s", "p500", "+sp500", "and", "r", "d", "+rd", "q", "a"]);
    }

    #[test]
    fn a_version_inside_a_longer_compound_is_also_joined_on_its_own() {
        // The version's digits with their dot, and (after the parts, when the compound has more
        // than two) the parts joined where the first has letters.
        assert_eq!(terms("Qwen2.5 and 3.5"), ["qwen2", "5", "+2.5", "+qwen25", "and", "3", "5", "+3.5"]);
        assert_eq!(terms("GPT-3.5"), ["gpt", "3", "5", "+3.5", "+gpt35"]);
        assert_eq!(terms("GPT-3.5-turbo"), ["gpt", "3", "5", "+3.5", "turbo"]);
        assert_eq!(terms("Qwen2.5-VL-7B"), ["qwen2", "5", "+2.5", "vl", "7b", "+qwen25"]);
        assert_eq!(terms("v1.2.3 1.5x"), ["v1", "2", "+1.2", "3", "+2.3", "+v12", "+v123", "1", "5x", "+1.5", "+1.5x", "+15x"]);
        assert_eq!(terms("Qwen2.5-1.5B"), ["qwen2", "5", "+2.5", "1", "5b", "+1.5", "+1.5b", "+qwen25"]);
        // Only a `.` between digits.
        assert_eq!(terms("Llama-3-8B e.g. x"), ["llama", "3", "8b", "+llama38b", "e", "g", "+eg", "x"]);
        assert_eq!(terms("3.5. Next"), ["3", "5", "+3.5", "next"]);
        assert_eq!(terms("OpenTofu 1.6, Node 20.11, 2.3.0, 2024-05-01"), ["opentofu", "+open", "+tofu", "1", "6", "+1.6", "node", "20", "11", "+20.11", "2", "3", "+2.3", "0", "+3.0", "2024", "05", "01", "+20240501"]);
        let mut spans = Vec::new();
        tokenize("GPT-3.5-turbo Qwen2.5x", |t| spans.push((t.start, t.end, t.joined)));
        assert_eq!(spans[3], (4, 7, true), "the version spans `3.5`");
        assert_eq!(spans[7], (18, 21, true), "`2.5` of `Qwen2.5x`");
        // Where a part's text is not its folded word (marks, superscripts, other scripts), the
        // version spans the parts whole, so that a span never cuts a character.
        for text in ["Qwé2.5", "x3\u{301}.5\u{301}", "ǅ²2.5", "ß2.5ß", "Ａ2.5"] {
            tokenize(text, |t| assert!(text.is_char_boundary(t.start) && text.is_char_boundary(t.end), "{text:?}: {t:?}"));
        }
        let mut spans = Vec::new();
        tokenize("Qwé2.5", |t| spans.push((t.term.to_string(), t.start, t.end)));
        assert!(spans.contains(&("2.5".to_string(), 0, 7)), "{spans:?}");
    }

    #[test]
    fn a_camel_case_word_also_emits_its_parts_joined() {
        assert_eq!(terms("HttpClient AdaHessian JSONParser JsonParser"), ["httpclient", "+http", "+client", "adahessian", "+ada", "+hessian", "jsonparser", "+json", "+parser", "jsonparser", "+json", "+parser"]);
        assert_eq!(terms("ChatGPT PyTorch OpenTofu SWEBench"), ["chatgpt", "+chat", "+gpt", "pytorch", "+torch", "opentofu", "+open", "+tofu", "swebench", "+swe", "+bench"]);
        // Parts of two letters, with digits or mixed case, a plural's `s` after capitals, and
        // words of one part or all capitals are no parts.
        assert_eq!(terms("LoRA GPTs YOLOv8 DeBERTa MobileNetV2 ForEach ADAHESSIAN Http"), ["lora", "gpts", "yolov8", "deberta", "mobilenetv2", "+mobile", "+net", "foreach", "+for", "+each", "adahessian", "http"]);
        // Nor a word that starts with a small letter (`arXiv`, `iPhone`).
        assert_eq!(terms("arXiv iPhone macOS"), ["arxiv", "iphone", "macos"]);
        // Each part spans its letters; the word comes first, whole.
        let text = "a JSONParser";
        let mut spans = Vec::new();
        tokenize(text, |t| spans.push((t.term.to_string(), &text[t.start..t.end], t.joined)));
        assert_eq!(spans, [("a".into(), "a", false), ("jsonparser".into(), "JSONParser", false), ("json".into(), "JSON", true), ("parser".into(), "Parser", true)]);
    }

    #[test]
    fn a_unit_or_a_factor_apart_from_its_number_is_also_joined_to_it() {
        assert_eq!(terms("16 GB, 7 B and 3.5 x"), ["16", "gb", "+16gb", "7", "b", "+7b", "and", "3", "5", "+3.5", "x", "+3.5x"]);
        assert_eq!(terms("512 x 512, 2 x faster 13 TeV"), ["512", "x", "+512x512", "512", "2", "x", "+2x", "faster", "13", "tev", "+13tev"]);
        // The sign of times is the letter `x`: joined to its numbers, it is their word.
        assert_eq!(terms("64×64 2× 3 × 3"), ["64x64", "2x", "3", "x", "3"]);
        // Not a stop word, a longer word, a word with digits, after two spaces, nor after a
        // number that follows a connector or a letter.
        assert_eq!(terms("2 of 16 bits 3 B2 4  GB GPT-4 o v1.5 B"), ["2", "of", "16", "bits", "3", "b2", "4", "gb", "gpt", "4", "+gpt4", "o", "v1", "5", "+1.5", "+v15", "b"]);
        assert_eq!(terms("(16 GB) max 5 x 5"), ["16", "gb", "+16gb", "max", "5", "x", "+5x5", "5"]);
        assert_eq!(terms("a x 5"), ["a", "x", "5"]);
        // The joined term spans the number and its unit, and the factor.
        let text = "with 3.5 x and 512 x 512";
        let mut spans = Vec::new();
        tokenize(text, |t| if t.joined { spans.push((t.term.to_string(), &text[t.start..t.end])) });
        assert_eq!(spans, [("3.5".into(), "3.5"), ("3.5x".into(), "3.5 x"), ("512x512".into(), "512 x 512")]);
    }

    #[test]
    fn a_camel_case_word_in_a_compound_or_before_a_possessive_also_emits_its_parts() {
        assert_eq!(terms("AdaHessian-based, AdaHessian\u{2019}s DeepSeek-V3 pre-HttpClient"), ["adahessian", "+ada", "+hessian", "based", "+adahessianbased", "adahessian", "+adahessians", "+ada", "+hessian", "deepseek", "+deep", "+seek", "v3", "+deepseekv3", "pre", "httpclient", "+http", "+client", "+prehttpclient"]);
        // Each part spans its letters, as in a word alone.
        let text = "An AdaHessian's step";
        let mut spans = Vec::new();
        tokenize(text, |t| spans.push((t.term.to_string(), &text[t.start..t.end])));
        assert_eq!(spans, [("an".into(), "An"), ("adahessian".into(), "AdaHessian's"), ("adahessians".into(), "AdaHessian's"), ("ada".into(), "Ada"), ("hessian".into(), "Hessian"), ("step".into(), "step")]);
        // Of a word with other letters too, each part folded (`ÉcoleNormale`, and `Ada` of
        // `AdaHessian²` as of `AdaHessian2`, whose last part has a digit); none of one part, nor
        // after the apostrophe of a contraction, which joins its word (`It'sNew`); a variant's
        // name is its letter.
        assert_eq!(terms("ÉcoleNormale-x NormaleÉcole-x AdaHessian²-x LoRA-based arXiv-like It\u{2019}sNew-x VarEpsilon-x"), ["ecolenormale", "+ecole", "+normale", "x", "+ecolenormalex", "normaleecole", "+normale", "+ecole", "x", "+normaleecolex", "adahessian2", "+ada", "+adahessian", "x", "+adahessian2x", "lora", "based", "+lorabased", "arxiv", "like", "+arxivlike", "itsnew", "x", "+itsnewx", "epsilon", "x", "+epsilonx"]);
        assert_eq!(terms("AdaHessian2-x"), ["adahessian2", "+ada", "x", "+adahessian2x"]);
    }

    #[test]
    fn a_camel_case_word_with_other_letters_emits_its_parts_folded() {
        // Alone, in a compound, before a possessive; each part spans its letters.
        let text = "ÉcoleNormale, ÉcoleNormale-based, ÉcoleNormale\u{2019}s МосковскийУниверситет StraßeNeu";
        let mut spans = Vec::new();
        tokenize(text, |t| spans.push((if t.joined { format!("+{}", t.term) } else { t.term.to_string() }, &text[t.start..t.end])));
        let parts: Vec<_> = spans.iter().filter(|(t, s)| t.starts_with('+') && !s.contains(['-', '\u{2019}'])).collect();
        assert_eq!(parts.iter().map(|(t, s)| format!("{t} {s}")).collect::<Vec<_>>(), ["+ecole École", "+normale Normale", "+ecole École", "+normale Normale", "+ecole École", "+normale Normale", "+московский Московский", "+университет Университет", "+strasse Straße", "+neu Neu"]);
        // Not of a word that starts small, nor a part in letters the tokenizer reads otherwise
        // than a word's (Greek: `Βήτα` of `ΑλφαΒήτα`, `Γάμμα` of `BetaΓάμμα`), nor of a script
        // without capitals.
        assert_eq!(terms("écoleNormale ΑλφαΒήτα BetaΓάμμα שלוםעולם"), ["ecolenormale", "αλφαβητα", "betaγαμμα", "+beta", "שלוםעולם"]);
    }

    #[cfg(feature = "build")]
    #[test]
    fn the_builder_also_joins_a_sign_of_times_standing_apart_to_its_numbers() {
        let extra = |text: &str| {
            let mut v = Vec::new();
            index_only_terms(text, &mut |t| v.push(t.to_string()));
            v
        };
        assert_eq!(extra("512 \u{d7} 512, 2 \u{d7} faster, 3.5 \u{d7} less"), ["512x512", "2x", "3.5x"]);
        // Only those: not again the joins the tokenizer gives (`16gb`), nor those the builder
        // leaves out (`2new`).
        assert_eq!(extra("2 new, 16 GB and 3 \u{d7} 3"), ["3x3"]);
        // Not after a word, nor before one with digits, nor joined (the tokenizer's `x` then).
        assert!(extra("a \u{d7} b, 2 \u{d7}3, 4\u{d7}4 \u{d7} 5").is_empty());
    }

    #[test]
    fn apostrophes_inside_words_are_dropped() {
        assert_eq!(terms("don't 'quoted'"), ["dont", "quoted"]);
        assert_eq!(terms("We're sure they'll say I'm right, she'd won't"), ["were", "sure", "theyll", "say", "i", "m", "+im", "right", "shed", "wont"]);
        // Other words an apostrophe joins are two, as with a hyphen (Italian and French
        // elisions, Turkish suffixes after a name).
        assert_eq!(terms("dell'algoritmo Ankara'daki qu'il"), ["dell", "algoritmo", "+dellalgoritmo", "ankara", "daki", "+ankaradaki", "qu", "il", "+quil"]);
        assert_eq!(terms("model's Benford’S it's models' o's"), ["model", "+models", "benford", "+benfords", "it", "+its", "models", "o", "s", "+os"]);
        let mut spans = Vec::new();
        tokenize("Hawking's law", |t| spans.push((t.start, t.end)));
        assert_eq!(spans, [(0, 9), (0, 9), (10, 13)]);
        assert_eq!(terms("O'Neill and d’Alembert"), ["o", "neill", "+oneill", "and", "d", "alembert", "+dalembert"]);
    }

    #[test]
    fn spans() {
        let mut v = Vec::new();
        tokenize("Zeroth-Order opt", |t| v.push((t.start, t.end, t.joined)));
        assert_eq!(v, [(0, 6, false), (7, 12, false), (0, 12, true), (13, 16, false)]);
        let text = "Schrödinger";
        tokenize(text, |t| assert_eq!(&text[t.start..t.end], "Schrödinger"));
        // A keycap is its digit, spanning the variation selector and the enclosing mark.
        let text = "step 1\u{fe0f}\u{20e3}, 2\u{fe0e}x";
        let mut v = Vec::new();
        tokenize(text, |t| v.push((t.term.to_string(), &text[t.start..t.end])));
        assert_eq!(v, [("step".into(), "step"), ("1".into(), "1\u{fe0f}\u{20e3}"), ("2x".into(), "2\u{fe0e}x")]);
    }

    #[test]
    fn long_words_are_clipped() {
        let long = "x".repeat(500);
        tokenize(&long, |t| {
            assert_eq!(t.term.len(), MAX_TERM_BYTES);
            assert_eq!(t.end, 500);
        });
    }

    #[test]
    fn normalize_joins_words() {
        assert_eq!(normalize("  Hello,   Wörld! "), "hello world");
    }
}
