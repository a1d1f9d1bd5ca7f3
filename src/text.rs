//! Text normalisation and tokenization: the one tokenizer.
//!
//! The index builder and the query parser both call [`tokenize`], so a word can never be split one
//! way at build time and another at query time. Highlighting calls it too, on the stored text, so
//! a highlight covers exactly the words that matched.
//!
//! What it does, in one pass over the characters, without allocating per token:
//!
//! * **Folds** case, diacritics (`Schrödinger` → `schrodinger`, combining marks dropped, `ß` →
//!   `ss`), compatibility forms (full-width `ＡＩ` → `ai`, ligatures) and spells Greek letters out
//!   (`μ` → `mu`), so `$\mu$`, `μ` and `mu` are one word (`varepsilon` is `epsilon`); so are
//!   the math symbols that have a name (`√` → `sqrt`, `∞` → `infty`, `∂` → `partial`, `∇` →
//!   `nabla`).
//! * **Splits** on anything that is not a letter or digit. A word is a maximal run of letters and
//!   digits; apostrophes inside a word are dropped (`don't` → `dont`), a possessive is its word
//!   and, joined, the word with its `s` (`model's` → `model`, `models`), and an apostrophe after
//!   a single letter joins two words as a compound (`O'Neill` → `o`, `neill`, `oneill`).
//! * **Compounds**: words joined by `-`, `_`, `.`, `/` or `&` with no space (`DPM-Solver`, `zero-shot`,
//!   `2401.12345`) are emitted part by part *and* once joined (`dpmsolver`, `zeroshot`), so the
//!   query `dpm solver`, `dpm-solver` and `dpmsolver` all find `DPM-Solver++`.
//! * **Versions**: a `.` between digits (`3.5`, `Qwen2.5`, `1.5B`) also emits the version's digits
//!   with the dot kept (`3.5`, `2.5`, `1.5` and `1.5b`: never the number `35`), and, in a compound of more than two
//!   parts, a part with letters joined to the number after the dot (`qwen25` of `Qwen2.5-VL`),
//!   so that a query's version matches as one word wherever the text writes it (see
//!   `search::query`, `Clause::version_with_next`).
//!
//! Offsets in [`Token`] are byte offsets into the original text (the highlighter turns them into
//! UTF-16 offsets for JavaScript). The light English stemmer [`stem`] and the stop word list live
//! here too, because they are part of what "the same word" means.

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
    /// Word position: counts plain words; a joined compound shares the position of its first part.
    pub position: u32,
    /// True for the joined form of a compound (`dpmsolver` for `DPM-Solver`), which is emitted
    /// after its parts and is not a word of its own for phrases.
    pub joined: bool,
}

/// How one source character takes part in tokenization.
enum Class {
    /// Letters or digits, already folded.
    Word(Folded),
    /// A superscript or subscript digit, as the digit ([`Tokenizer::script_at`]).
    Script(char),
    /// A Greek letter, or a math symbol that has a name (`√`), which is a word of its own,
    /// spelled out.
    Greek(&'static str),
    /// A Chinese or Japanese character: its text is indexed as overlapping pairs ([`is_cjk`]).
    Cjk,
    /// A combining mark: part of the word, contributes nothing to the term.
    Mark,
    /// Joins two words into a compound when it stands between them with no space.
    Connector,
    /// An apostrophe: dropped inside a word.
    Apostrophe,
    /// Anything else ends the word and the compound.
    Separator,
}

/// The folded form of a word character: usually one char, sometimes a short string.
enum Folded {
    Char(char),
    Str(&'static str),
    /// A character whose lowercase form is several chars (rare: `İ`).
    Lower(char),
}

/// Latin-1 Supplement and Latin Extended-A (U+00C0..=U+017F), folded to ASCII. `#` marks a
/// character that is not a letter (× and ÷); `_` marks a multi-letter fold, handled before the lookup.
const LATIN_FOLD: &[u8; 192] = b"aaaaaa_ceeeeiiiidnooooo#ouuuuy__aaaaaa_ceeeeiiiidnooooo#ouuuuy_yaaaaaaccccccccddddeeeeeeeeeegggggggghhhhiiiiiiiiii__jjkkkllllllllllnnnnnnnnnoooooo__rrrrrrssssssssttttttuuuuuuuuuuuuwwyyyzzzzzzs";

/// Greek letters spelled out, indexed by `c - 'α'` for U+03B1..=U+03C9 (final sigma included).
pub(crate) const GREEK: [&str; 25] = [
    "alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta", "iota", "kappa",
    "lambda", "mu", "nu", "xi", "omicron", "pi", "rho", "sigma", "sigma", "tau", "upsilon", "phi",
    "chi", "psi", "omega",
];

/// Unicode's simple lowercase mappings (what `char::to_lowercase` gives when that is one char),
/// as runs `(first, count, step, delta)`: the `count` chars `first`, `first + step`, … map to
/// themselves plus `delta`. The same mapping as the standard library's, in 2 KB instead of its
/// 12 KB table (with `str::to_lowercase`, a fifth of the runtime wasm); the test
/// `lowercase_is_the_standard_librarys` checks every char, and prints a new table when a Rust
/// release moves to a new Unicode version.
#[rustfmt::skip]
const LOWER_RUNS: &[(u32, u8, u8, i32)] = &[
    (0x0041, 26, 1, 32), (0x00c0, 23, 1, 32), (0x00d8, 7, 1, 32), (0x0100, 24, 2, 1),
    (0x0132, 3, 2, 1), (0x0139, 8, 2, 1), (0x014a, 23, 2, 1), (0x0178, 1, 1, -121),
    (0x0179, 3, 2, 1), (0x0181, 1, 1, 210), (0x0182, 2, 2, 1), (0x0186, 1, 1, 206),
    (0x0187, 1, 1, 1), (0x0189, 2, 1, 205), (0x018b, 1, 1, 1), (0x018e, 1, 1, 79),
    (0x018f, 1, 1, 202), (0x0190, 1, 1, 203), (0x0191, 1, 1, 1), (0x0193, 1, 1, 205),
    (0x0194, 1, 1, 207), (0x0196, 1, 1, 211), (0x0197, 1, 1, 209), (0x0198, 1, 1, 1),
    (0x019c, 1, 1, 211), (0x019d, 1, 1, 213), (0x019f, 1, 1, 214), (0x01a0, 3, 2, 1),
    (0x01a6, 1, 1, 218), (0x01a7, 1, 1, 1), (0x01a9, 1, 1, 218), (0x01ac, 1, 1, 1),
    (0x01ae, 1, 1, 218), (0x01af, 1, 1, 1), (0x01b1, 2, 1, 217), (0x01b3, 2, 2, 1),
    (0x01b7, 1, 1, 219), (0x01b8, 1, 1, 1), (0x01bc, 1, 1, 1), (0x01c4, 1, 1, 2), (0x01c5, 1, 1, 1),
    (0x01c7, 1, 1, 2), (0x01c8, 1, 1, 1), (0x01ca, 1, 1, 2), (0x01cb, 9, 2, 1), (0x01de, 9, 2, 1),
    (0x01f1, 1, 1, 2), (0x01f2, 2, 2, 1), (0x01f6, 1, 1, -97), (0x01f7, 1, 1, -56),
    (0x01f8, 20, 2, 1), (0x0220, 1, 1, -130), (0x0222, 9, 2, 1), (0x023a, 1, 1, 10795),
    (0x023b, 1, 1, 1), (0x023d, 1, 1, -163), (0x023e, 1, 1, 10792), (0x0241, 1, 1, 1),
    (0x0243, 1, 1, -195), (0x0244, 1, 1, 69), (0x0245, 1, 1, 71), (0x0246, 5, 2, 1),
    (0x0370, 2, 2, 1), (0x0376, 1, 1, 1), (0x037f, 1, 1, 116), (0x0386, 1, 1, 38),
    (0x0388, 3, 1, 37), (0x038c, 1, 1, 64), (0x038e, 2, 1, 63), (0x0391, 17, 1, 32),
    (0x03a3, 9, 1, 32), (0x03cf, 1, 1, 8), (0x03d8, 12, 2, 1), (0x03f4, 1, 1, -60),
    (0x03f7, 1, 1, 1), (0x03f9, 1, 1, -7), (0x03fa, 1, 1, 1), (0x03fd, 3, 1, -130),
    (0x0400, 16, 1, 80), (0x0410, 32, 1, 32), (0x0460, 17, 2, 1), (0x048a, 27, 2, 1),
    (0x04c0, 1, 1, 15), (0x04c1, 7, 2, 1), (0x04d0, 48, 2, 1), (0x0531, 38, 1, 48),
    (0x10a0, 38, 1, 7264), (0x10c7, 1, 1, 7264), (0x10cd, 1, 1, 7264), (0x13a0, 80, 1, 38864),
    (0x13f0, 6, 1, 8), (0x1c89, 1, 1, 1), (0x1c90, 43, 1, -3008), (0x1cbd, 3, 1, -3008),
    (0x1e00, 75, 2, 1), (0x1e9e, 1, 1, -7615), (0x1ea0, 48, 2, 1), (0x1f08, 8, 1, -8),
    (0x1f18, 6, 1, -8), (0x1f28, 8, 1, -8), (0x1f38, 8, 1, -8), (0x1f48, 6, 1, -8),
    (0x1f59, 4, 2, -8), (0x1f68, 8, 1, -8), (0x1f88, 8, 1, -8), (0x1f98, 8, 1, -8),
    (0x1fa8, 8, 1, -8), (0x1fb8, 2, 1, -8), (0x1fba, 2, 1, -74), (0x1fbc, 1, 1, -9),
    (0x1fc8, 4, 1, -86), (0x1fcc, 1, 1, -9), (0x1fd8, 2, 1, -8), (0x1fda, 2, 1, -100),
    (0x1fe8, 2, 1, -8), (0x1fea, 2, 1, -112), (0x1fec, 1, 1, -7), (0x1ff8, 2, 1, -128),
    (0x1ffa, 2, 1, -126), (0x1ffc, 1, 1, -9), (0x2126, 1, 1, -7517), (0x212a, 1, 1, -8383),
    (0x212b, 1, 1, -8262), (0x2132, 1, 1, 28), (0x2160, 16, 1, 16), (0x2183, 1, 1, 1),
    (0x24b6, 26, 1, 26), (0x2c00, 48, 1, 48), (0x2c60, 1, 1, 1), (0x2c62, 1, 1, -10743),
    (0x2c63, 1, 1, -3814), (0x2c64, 1, 1, -10727), (0x2c67, 3, 2, 1), (0x2c6d, 1, 1, -10780),
    (0x2c6e, 1, 1, -10749), (0x2c6f, 1, 1, -10783), (0x2c70, 1, 1, -10782), (0x2c72, 1, 1, 1),
    (0x2c75, 1, 1, 1), (0x2c7e, 2, 1, -10815), (0x2c80, 50, 2, 1), (0x2ceb, 2, 2, 1),
    (0x2cf2, 1, 1, 1), (0xa640, 23, 2, 1), (0xa680, 14, 2, 1), (0xa722, 7, 2, 1),
    (0xa732, 31, 2, 1), (0xa779, 2, 2, 1), (0xa77d, 1, 1, -35332), (0xa77e, 5, 2, 1),
    (0xa78b, 1, 1, 1), (0xa78d, 1, 1, -42280), (0xa790, 2, 2, 1), (0xa796, 10, 2, 1),
    (0xa7aa, 1, 1, -42308), (0xa7ab, 1, 1, -42319), (0xa7ac, 1, 1, -42315), (0xa7ad, 1, 1, -42305),
    (0xa7ae, 1, 1, -42308), (0xa7b0, 1, 1, -42258), (0xa7b1, 1, 1, -42282), (0xa7b2, 1, 1, -42261),
    (0xa7b3, 1, 1, 928), (0xa7b4, 8, 2, 1), (0xa7c4, 1, 1, -48), (0xa7c5, 1, 1, -42307),
    (0xa7c6, 1, 1, -35384), (0xa7c7, 2, 2, 1), (0xa7cb, 1, 1, -42343), (0xa7cc, 8, 2, 1),
    (0xa7dc, 1, 1, -42561), (0xa7f5, 1, 1, 1), (0xff21, 26, 1, 32), (0x10400, 40, 1, 40),
    (0x104b0, 36, 1, 40), (0x10570, 11, 1, 39), (0x1057c, 15, 1, 39), (0x1058c, 7, 1, 39),
    (0x10594, 2, 1, 39), (0x10c80, 51, 1, 64), (0x10d50, 22, 1, 32), (0x118a0, 32, 1, 32),
    (0x16e40, 32, 1, 32), (0x16ea0, 25, 1, 27), (0x1e900, 34, 1, 34),
];

/// The one char whose lowercase form is several: `İ` (U+0130) → `i` + U+0307.
const LOWER_I_DOT: (char, &str) = ('\u{130}', "i\u{307}");

/// `c` lowercased, when that is one char (everything but [`LOWER_I_DOT`]).
fn lower_char(c: char) -> Option<char> {
    let u = c as u32;
    if c == LOWER_I_DOT.0 {
        return None;
    }
    let at = LOWER_RUNS.partition_point(|r| r.0 <= u);
    let Some(&(first, count, step, delta)) = at.checked_sub(1).map(|i| &LOWER_RUNS[i]) else {
        return Some(c);
    };
    let off = u - first;
    if off % u32::from(step) == 0 && off / u32::from(step) < u32::from(count) {
        return char::from_u32(u.wrapping_add_signed(delta));
    }
    Some(c)
}

/// Pushes `c` lowercased (like `char::to_lowercase`).
fn push_lower(out: &mut String, c: char) {
    match lower_char(c) {
        Some(l) => out.push(l),
        None => out.push_str(LOWER_I_DOT.1),
    }
}

/// Whether `c` is written without spaces between words: Han ideographs (Chinese, Japanese
/// kanji), hiragana and katakana. A run of them is indexed and searched as its overlapping
/// pairs of characters (`全文搜索` → `全文`, `文搜`, `搜索`), as Lucene's CJK analyzer does: a
/// word of any length is then found inside the run, with no dictionary of words. A character
/// standing alone is a term of its own. (Korean writes spaces between words: its syllables are
/// letters like any other.)
pub fn is_cjk(c: char) -> bool {
    matches!(c as u32, 0x3005 | 0x3040..=0x30FA | 0x30FC..=0x30FF | 0x31F0..=0x31FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x3FFFF)
}

fn classify(c: char) -> Class {
    if c.is_ascii() {
        return if c.is_ascii_alphanumeric() {
            Class::Word(Folded::Char(c.to_ascii_lowercase()))
        } else {
            match c {
                '-' | '_' | '.' | '/' | '&' => Class::Connector,
                '\'' => Class::Apostrophe,
                _ => Class::Separator,
            }
        };
    }
    let u = c as u32;
    match u {
        0x00C6 | 0x00E6 => Class::Word(Folded::Str("ae")),
        0x00DE | 0x00FE => Class::Word(Folded::Str("th")),
        0x00DF => Class::Word(Folded::Str("ss")),
        0x0132 | 0x0133 => Class::Word(Folded::Str("ij")),
        0x0152 | 0x0153 => Class::Word(Folded::Str("oe")),
        0x00B5 => Class::Greek("mu"),
        // Superscript and subscript digits are digits (`L²`, `CH₃OH`: `l2`, `ch3oh`).
        // (The digit is the low four bits, but for ¹, U+00B9.)
        0x00B2 | 0x00B3 | 0x00B9 | 0x2070 | 0x2074..=0x2079 | 0x2080..=0x2089 => {
            Class::Script(char::from(b'0' + ((u & 0xF) ^ (u32::from(u == 0xB9) * 8)) as u8))
        }
        0x00C0..=0x017F => match LATIN_FOLD[(u - 0xC0) as usize] {
            b'#' => Class::Separator,
            b => Class::Word(Folded::Char(b as char)),
        },
        0x0300..=0x036F | 0x1AB0..=0x1AFF | 0x1DC0..=0x1DFF | 0x20D0..=0x20FF | 0xFE20..=0xFE2F => {
            Class::Mark
        }
        0x0391..=0x03A9 if u != 0x03A2 => Class::Greek(GREEK[(u - 0x0391) as usize]),
        0x03B1..=0x03C9 => Class::Greek(GREEK[(u - 0x03B1) as usize]),
        0x03D1 => Class::Greek("theta"),
        0x03D5 => Class::Greek("phi"),
        0x03D6 => Class::Greek("pi"),
        0x03F1 => Class::Greek("rho"),
        0x03F5 => Class::Greek("epsilon"),
        // Math symbols by their LaTeX names, which the build turns into them (`$\sqrt{s}$` reads
        // `√s`, and `sqrt s` finds it).
        0x221A => Class::Greek("sqrt"),
        0x221E => Class::Greek("infty"),
        0x2202 => Class::Greek("partial"),
        0x2207 => Class::Greek("nabla"),
        0x2010 | 0x2011 => Class::Connector,
        0x2018 | 0x2019 | 0x02BC => Class::Apostrophe,
        0xFB00 => Class::Word(Folded::Str("ff")),
        0xFB01 => Class::Word(Folded::Str("fi")),
        0xFB02 => Class::Word(Folded::Str("fl")),
        0xFB03 => Class::Word(Folded::Str("ffi")),
        0xFB04 => Class::Word(Folded::Str("ffl")),
        // Full-width ASCII forms fold to ASCII.
        0xFF01..=0xFF5E => classify(char::from_u32(u - 0xFEE0).unwrap_or(' ')),
        _ if is_cjk(c) => Class::Cjk,
        _ if c.is_alphanumeric() => {
            match lower_char(c) {
                Some(l) => Class::Word(Folded::Char(l)),
                None => Class::Word(Folded::Lower(c)),
            }
        }
        _ => Class::Separator,
    }
}

fn push_folded(out: &mut String, f: &Folded) {
    match f {
        Folded::Char(c) => out.push(*c),
        Folded::Str(s) => out.push_str(s),
        Folded::Lower(c) => {
            let mut lower = String::new();
            push_lower(&mut lower, *c);
            out.extend(lower.chars().filter(|l| l.is_alphanumeric()));
        }
    }
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
        match word.strip_prefix("var") {
            Some(letter @ ("epsilon" | "phi" | "theta" | "rho" | "sigma" | "pi" | "kappa")) => letter,
            _ => word,
        }
    }
    after_v(word)
}

/// [`tokenize`] with its callback behind a pointer: one copy of the tokenizer in the wasm rather
/// than one per caller (about 1 KB each).
fn tokenize_dyn(text: &str, emit: &mut dyn FnMut(Token<'_>)) {
    let mut t = Tokenizer { word: String::new(), joined: String::new(), cjk_end: usize::MAX, ..Default::default() };
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
            // Most words: lowercase, on their own (not part of a compound), ended by a space or
            // punctuation that is not a connector. Their term is the text itself, not a copy.
            let ends = bytes.get(i).is_none_or(|&b| ASCII_WORD[usize::from(b)] == SEPARATOR);
            if seen == LOWER && ends && t.word.is_empty() && t.parts == 0 {
                emit(Token { term: clip(letter_variant(&text[start..i])), start, end: i, position: t.position, joined: false });
                t.position += 1;
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
        let (class, end) = if bytes[i] < 0x80 {
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
            // Dropped inside a word (`don't` → `dont`), but after one letter it joins two
            // (`O'Neill` → `o`, `neill`, `oneill`; `d'Alembert`), and a possessive is its word
            // (`Benford's` → `benford`, spanning `Benford's`).
            Class::Apostrophe => {
                if t.word.is_empty() || !next_is_word(end) {
                    t.end_compound(emit);
                } else if t.word.len() == 1 {
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
                        .then(|| (t.word.clone(), t.word_start, t.word_end, t.position, t.word_ascii));
                    t.end_part(emit);
                    t.dotted = dotted;
                } else {
                    t.end_compound(emit);
                }
            }
            Class::Greek(name) => {
                t.end_compound(emit);
                emit(Token { term: name, start: i, end, position: t.position, joined: false });
                t.position += 1;
            }
            Class::Cjk => {
                t.end_compound(emit);
                // The pair this character ends, or, when it stands alone, the character.
                let start = if t.cjk_end == i {
                    Some(t.cjk_start)
                } else if !text[end..].chars().next().is_some_and(is_cjk) {
                    Some(i)
                } else {
                    None
                };
                if let Some(start) = start {
                    emit(Token { term: &text[start..end], start, end, position: t.position, joined: false });
                    t.position += 1;
                }
                (t.cjk_start, t.cjk_end) = (i, end);
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
struct Tokenizer {
    word: String,
    word_start: usize,
    word_end: usize,
    joined: String,
    parts: usize,
    compound_start: usize,
    compound_position: u32,
    position: u32,
    /// Where the superscript or subscript digits that end the word being read start, in the
    /// word and in the text. A word that ends so (a formula or a power: `CePd₃`, `H₂`, `L²`) is
    /// also emitted without them, joined (`cepd` besides `cepd3`), so that the letters alone
    /// find it, as `cepd3` and `h2` do whole.
    script_at: Option<(usize, usize)>,
    /// The span of the last Chinese or Japanese character read: one that starts where it ends
    /// continues its run.
    cjk_start: usize,
    cjk_end: usize,
    /// The part before a `.` between digits (`3` of `3.5`), with its span and position, while
    /// the part after it is read: the two make a version ([`Tokenizer::end_part`]).
    dotted: Option<(String, usize, usize, u32, bool)>,
    /// The word being read is ASCII letters and digits only, as in the text: its folded bytes are
    /// its text's, and offsets within it are offsets in the text.
    word_ascii: bool,
    /// The two parts of the compound being read that a `.` joins into a version, joined, when
    /// the first has letters (`qwen25` of `Qwen2.5-VL`; the first such pair of a compound):
    /// emitted after the compound's parts when it has more than two (with two, the compound's
    /// own joined form is the same term).
    named_version: Option<(String, usize, usize, u32)>,
    /// The word being read is a possessive (`Benford's`): it is also emitted joined to its `s`
    /// (`benfords`), as a reader may type it without the apostrophe (`whats`).
    possessive: bool,
}

impl Tokenizer {
    /// Emits the current word as a part of the compound being read.
    fn end_part(&mut self, emit: &mut dyn FnMut(Token<'_>)) {
        if self.word.is_empty() {
            return;
        }
        if self.parts == 0 {
            self.compound_start = self.word_start;
            self.compound_position = self.position;
        }
        self.parts += 1;
        let variant = self.word.len() - letter_variant(&self.word).len();
        self.word.drain(..variant);
        emit(Token {
            term: clip(&self.word),
            start: self.word_start,
            end: self.word_end,
            position: self.position,
            joined: false,
        });
        if std::mem::take(&mut self.possessive) {
            let mut joined = clip(&self.word).to_string();
            joined.push('s');
            emit(Token { term: clip(&joined), start: self.word_start, end: self.word_end, position: self.position, joined: true });
        }
        if self.dotted.is_some() {
            self.end_version(emit);
        }
        if let Some((len, at)) = self.script_at.take().filter(|&(len, _)| len > 0) {
            emit(Token { term: clip(&self.word[..len]), start: self.word_start, end: at, position: self.position, joined: true });
        }
        self.position += 1;
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
        let Some((mut before, start, end, position, ascii)) = self.dotted.take().filter(|_| self.parts >= 2) else { return };
        let tail = before.bytes().rev().take_while(u8::is_ascii_digit).count();
        let lead = self.word.bytes().take_while(u8::is_ascii_digit).count();
        let mut version = String::with_capacity(tail + 1 + lead);
        version.push_str(&before[before.len() - tail..]);
        version.push('.');
        version.push_str(&self.word[..lead]);
        let from = if ascii { end - tail } else { start };
        let to = if self.word_ascii { self.word_start + lead } else { self.word_end };
        emit(Token { term: clip(&version), start: from, end: to, position, joined: true });
        // A number with a unit after the dot (`1.5B`, `3.5x`): the version with it too (`1.5b`).
        if lead < self.word.len() {
            version.push_str(&self.word[lead..]);
            emit(Token { term: clip(&version), start: from, end: self.word_end, position, joined: true });
        }
        if tail < before.len() && self.named_version.is_none() {
            before.push_str(&self.word);
            self.named_version = Some((before, start, self.word_end, position));
        }
    }

    /// Emits the current word, then the joined compound if there was one.
    fn end_compound(&mut self, emit: &mut dyn FnMut(Token<'_>)) {
        self.end_part(emit);
        self.dotted = None;
        if let Some((term, start, end, position)) = self.named_version.take().filter(|_| self.parts > 2) {
            emit(Token { term: clip(&term), start, end, position, joined: true });
        }
        if self.parts >= 2 && self.parts <= MAX_JOINED_PARTS {
            emit(Token {
                term: clip(&self.joined),
                start: self.compound_start,
                end: self.word_end,
                position: self.compound_position,
                joined: true,
            });
        }
        self.parts = 0;
    }
}

/// Folds a whole string the way [`tokenize`] folds words, keeping single spaces between words.
/// Used where text is compared as a whole (ids, tags, author names in filters).
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

/// Folds a tag for comparison (tags match whole, not word by word): trimmed, lowercase, and
/// final sigma `ς` as `σ` (so `ΦΥΣΙΚΕΣ`, `φυσικες` and `φυσικεσ` are one tag).
pub fn normalize_tag(tag: &str) -> String {
    let mut out = String::with_capacity(tag.len());
    for c in tag.trim().chars() {
        push_lower(&mut out, if c == 'ς' { 'σ' } else { c });
    }
    out
}

/// Common English words that a query does not have to match (they still count when present).
pub fn is_stop_word(term: &str) -> bool {
    matches!(
        term,
        "a" | "an" | "and" | "are" | "as" | "at" | "be" | "by" | "can" | "do" | "for" | "from"
            | "has" | "have" | "how" | "in" | "into" | "is" | "it" | "its" | "of" | "on" | "or"
            | "our" | "that" | "the" | "their" | "this" | "to" | "via" | "we" | "what" | "when"
            | "which" | "with" | "without"
    )
}

/// A light English stemmer: strips plural and common verb endings so that `networks`,
/// `network`; `trained`, `training`, `train`; `studies`, `study` meet. Two words are the same
/// stem when `stem(a) == stem(b)`. Only ASCII words of 4 letters or more are touched, and the
/// result keeps at least 3 letters, so short words, identifiers and numbers pass unchanged.
pub fn stem(term: &str) -> std::borrow::Cow<'_, str> {
    use std::borrow::Cow;
    let b = term.as_bytes();
    if b.len() < 4 || !b.iter().all(u8::is_ascii_lowercase) {
        return Cow::Borrowed(term);
    }
    let mut s: &str = term;
    let mut owned: Option<String> = None;
    if let Some(x) = s.strip_suffix("ies") {
        if x.len() >= 2 {
            owned = Some(format!("{x}i"));
        }
    } else if let Some(x) = s.strip_suffix("sses") {
        s = &term[..x.len() + 2];
    } else if s.ends_with("xes") || s.ends_with("ches") || s.ends_with("shes") || s.ends_with("zes") || s.ends_with("ses") {
        s = &s[..s.len() - 2];
    } else if s.ends_with('s') && !["ss", "us", "is"].iter().any(|e| s.ends_with(e)) && !(s.len() == 4 && s.ends_with("as")) {
        s = &s[..s.len() - 1];
    } else if let Some(x) = s.strip_suffix("ing").or_else(|| s.strip_suffix("ed")) {
        if x.len() >= 3 && x.bytes().any(|c| b"aeiouy".contains(&c)) {
            let xb = x.as_bytes();
            let n = xb.len();
            // Undouble a final consonant: running → run, stopped → stop.
            if n >= 4 && xb[n - 1] == xb[n - 2] && !b"aeioulsz".contains(&xb[n - 1]) {
                s = &x[..n - 1];
            } else if is_short(x) {
                // A short word that did not double its consonant had a final `e`: coding →
                // code, rating → rate (but running → run).
                owned = Some(format!("{x}e"));
            } else {
                s = x;
            }
        }
    }
    let base = owned.as_deref().unwrap_or(s);
    // A final `e` or `y` goes too, so `encode`/`encoding` and `study`/`studies` meet; not the
    // `e` of a short word, which would make it another word (`same` is not `sam`, `rate` not
    // `rat`, `care` not `car`).
    let short_e = base.len() == 4 && base.ends_with('e') && is_short(&base[..3]);
    let base = if base.len() >= 4 && !short_e && (base.ends_with('e') || base.ends_with('y')) {
        let cut = &base[..base.len() - 1];
        if base.ends_with('y') {
            return Cow::Owned(format!("{cut}i"));
        }
        cut
    } else {
        base
    };
    if base.len() == term.len() {
        Cow::Borrowed(term)
    } else {
        Cow::Owned(base.to_string())
    }
}

/// A short word: three letters, a consonant, a vowel and a consonant (`cod`, `rat`, `sam`),
/// which English doubles before `ing` or `ed` (`rat` → `ratted`) unless the word ends in an `e`
/// (`rate` → `rated`). Not one that ends in `w`, `x` or `y` (never doubled), nor in `s` or `z`,
/// whose plurals in `es` (`gases`, `cases`) cannot tell a final `e` apart.
fn is_short(w: &str) -> bool {
    let vowel = |c: u8| b"aeiou".contains(&c);
    matches!(w.as_bytes(), &[a, b, c] if !vowel(a) && vowel(b) && !vowel(c) && !b"wxysz".contains(&c))
}

/// Calls `f` with every word [`stem`] may map to `s`, and a few it does not (check with
/// `stem`), some more than once: the words its rules undo. A stem is the word after at most one
/// plural or verb ending (`s`, `es`, `ies` → `i`, `ing`, `ed`, with a doubled final consonant
/// undone) and then a final `e` or `y` (`y` → `i`) come off, so a word that stems to `s` is
/// `s`, `s` + `e` or, for an `s` ending in `i`, `s` with `y` for its `i`, followed by nothing,
/// `s`, `es`, `ing`, `ed`, or its last letter doubled and `ing` or `ed`. Looking these up costs
/// a few dictionary walks, where listing the dictionary's words under the stem read hundreds.
pub fn stem_forms(s: &str, f: &mut dyn FnMut(&[u8])) {
    // `stem` changes only lowercase ASCII words, so only they have other forms.
    if s.is_empty() || !s.bytes().all(|b| b.is_ascii_lowercase()) {
        return;
    }
    let s = s.as_bytes();
    let mut w = Vec::with_capacity(s.len() + 5);
    for base in 0..4 {
        w.clear();
        w.extend_from_slice(s);
        match base {
            0 => {}
            1 => w.push(b'e'),
            2 if s.ends_with(b"i") => {
                w.pop();
                w.push(b'y');
            }
            // A short word's stem keeps its `e`, which `ing` and `ed` replace (`code` → `coding`).
            3 if s.len() == 4 && s.ends_with(b"e") => {
                w.pop();
            }
            _ => continue,
        }
        let (n, last) = (w.len(), w[w.len() - 1]);
        // Each ending, with the base's last letter doubled before it or not.
        for (double, end) in [(false, ""), (false, "s"), (false, "es"), (false, "ing"), (false, "ed"), (true, "ing"), (true, "ed")] {
            w.truncate(n);
            if double {
                w.push(last);
            }
            w.extend_from_slice(end.as_bytes());
            f(&w);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// [`stem_forms`] undoes every rule of [`stem`]: a word is among the forms of its stem. Over
    /// real stems and every 3- and 4-letter string of a few letters (vowels, `y`, `s`, `e` and
    /// consonants that double or not), each with every ending the rules know, doubled or not.
    #[test]
    fn a_word_is_among_the_forms_of_its_stem() {
        let mut bases: Vec<String> = ["stop", "run", "model", "agree", "study", "box", "match", "free", "class", "bias", "encode", "plan", "focus", "ban", "travel", "label", "try", "die", "see", "process", "address", "quiz", "wish", "buzz", "embed"]
            .iter()
            .map(|b| b.to_string())
            .collect();
        let letters = b"abeilstpy";
        for &a in letters {
            for &b in letters {
                for &c in letters {
                    bases.push(String::from_utf8(vec![a, b, c]).unwrap());
                    bases.push(String::from_utf8(vec![b't', a, b, c]).unwrap());
                }
            }
        }
        let ends = ["", "e", "y", "s", "es", "ies", "ied", "ying", "ing", "ed", "sses", "ches", "shes", "xes", "zes", "ses", "us", "is", "as", "ss", "eing", "eed"];
        let mut checked = 0;
        for base in &bases {
            let last = &base[base.len() - 1..];
            for end in ends {
                for w in [format!("{base}{end}"), format!("{base}{last}{end}")] {
                    let s = stem(&w);
                    if s.len() >= 3 {
                        let mut found = false;
                        stem_forms(&s, &mut |t| found |= t == w.as_bytes());
                        assert!(found, "{w} (stem {s})");
                        checked += usize::from(s != w);
                    }
                }
            }
        }
        assert!(checked > 20_000, "{checked}");
    }

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

    #[test]
    fn lowercase_is_the_standard_librarys() {
        let mut differ = Vec::new();
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            let mut ours = String::new();
            push_lower(&mut ours, c);
            if ours != c.to_lowercase().collect::<String>() {
                differ.push(c);
            }
        }
        if !differ.is_empty() {
            print_lower_runs();
        }
        assert!(differ.is_empty(), "LOWER_RUNS differs from char::to_lowercase (Unicode {:?}) for {} chars, e.g. {:?}: replace it with the table printed above", char::UNICODE_VERSION, differ.len(), &differ[..differ.len().min(5)]);
    }

    /// `cargo test --lib print_lower_table -- --ignored --nocapture`
    #[test]
    #[ignore]
    fn print_lower_table() {
        print_lower_runs();
    }

    /// Prints `LOWER_RUNS` from the standard library's `char::to_lowercase`.
    fn print_lower_runs() {
        let pairs: Vec<(u32, i64)> = (0..=0x10FFFF)
            .filter_map(char::from_u32)
            .filter_map(|c| {
                let mut l = c.to_lowercase();
                match (l.next(), l.next()) {
                    (Some(l), None) if l != c => Some((c as u32, i64::from(l as u32) - i64::from(c as u32))),
                    _ => None,
                }
            })
            .collect();
        let (mut i, mut line) = (0, String::from("   "));
        while i < pairs.len() {
            let (first, delta) = pairs[i];
            let step = match pairs.get(i + 1) {
                Some(&(next, d)) if d == delta && next - first <= 2 => next - first,
                _ => 1,
            };
            let mut n = 1;
            while n < 255 && pairs.get(i + n).is_some_and(|&(u, d)| d == delta && u == first + step * n as u32) {
                n += 1;
            }
            let item = format!(" ({first:#06x}, {n}, {}, {delta}),", if n == 1 { 1 } else { step });
            if line.len() + item.len() > 100 {
                println!("{line}");
                line = String::from("   ");
            }
            line.push_str(&item);
            i += n;
        }
        println!("{line}");
    }

    #[test]
    fn tags_fold_like_str_to_lowercase_with_one_sigma() {
        for tag in ["cs.LG", "  Stat.ML ", "ÉTÉ", "İstanbul", "ΦΥΣΙΚΕΣ", "φυσικες", "Σ", "ǅ", "ＡＢＣ", "Straße", "ΑΣ.ΒΣ"] {
            assert_eq!(normalize_tag(tag), tag.trim().to_lowercase().replace('ς', "σ"), "{tag}");
        }
        assert_eq!(normalize_tag("ΦΥΣΙΚΕΣ"), normalize_tag("φυσικες"));
    }

    fn terms(text: &str) -> Vec<String> {
        let mut v = Vec::new();
        tokenize(text, |t| v.push(if t.joined { format!("+{}", t.term) } else { t.term.to_string() }));
        v
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
        tokenize("a 搜索引擎", |t| spans.push((t.start, t.end, t.position)));
        assert_eq!(spans, [(0, 1, 0), (2, 8, 1), (5, 11, 2), (8, 14, 3)]);
    }

    #[test]
    fn greek_letters_and_named_math_symbols_are_spelled_out() {
        assert_eq!(terms("varepsilon varphi \\vartheta variable various"), ["epsilon", "phi", "theta", "variable", "various"]);
        assert_eq!(terms("μP and $\\mu$ α-β"), ["mu", "p", "and", "mu", "alpha", "beta"]);
        assert_eq!(terms("√s = 13 TeV, ∂_t u, ∇·v, L^∞"), ["sqrt", "s", "13", "tev", "partial", "t", "u", "nabla", "v", "l", "infty"]);
    }

    #[test]
    fn compounds_emit_parts_and_joined() {
        assert_eq!(terms("DPM-Solver++ works"), ["dpm", "solver", "+dpmsolver", "works"]);
        assert_eq!(terms("zero-shot"), ["zero", "shot", "+zeroshot"]);
        assert_eq!(terms("arXiv:2401.12345."), ["arxiv", "2401", "12345", "+2401.12345", "+240112345"]);
        assert_eq!(terms("end. Next"), ["end", "next"]);
        assert_eq!(terms("a - b"), ["a", "b"]);
        assert_eq!(terms("S&P500 and R&D, Q & A"), ["s", "p500", "+sp500", "and", "r", "d", "+rd", "q", "a"]);
    }

    #[test]
    fn a_version_inside_a_longer_compound_is_also_joined_on_its_own() {
        // The version's digits with their dot, and (after the parts, when the compound has more
        // than two) the parts joined where the first has letters.
        assert_eq!(terms("Qwen2.5 and 3.5"), ["qwen2", "5", "+2.5", "+qwen25", "and", "3", "5", "+3.5", "+35"]);
        assert_eq!(terms("GPT-3.5"), ["gpt", "3", "5", "+3.5", "+gpt35"]);
        assert_eq!(terms("GPT-3.5-turbo"), ["gpt", "3", "5", "+3.5", "turbo"]);
        assert_eq!(terms("Qwen2.5-VL-7B"), ["qwen2", "5", "+2.5", "vl", "7b", "+qwen25"]);
        assert_eq!(terms("v1.2.3 1.5x"), ["v1", "2", "+1.2", "3", "+2.3", "+v12", "+v123", "1", "5x", "+1.5", "+1.5x", "+15x"]);
        assert_eq!(terms("Qwen2.5-1.5B"), ["qwen2", "5", "+2.5", "1", "5b", "+1.5", "+1.5b", "+qwen25"]);
        // Only a `.` between digits.
        assert_eq!(terms("Llama-3-8B e.g. x"), ["llama", "3", "8b", "+llama38b", "e", "g", "+eg", "x"]);
        assert_eq!(terms("3.5. Next"), ["3", "5", "+3.5", "+35", "next"]);
        let mut spans = Vec::new();
        tokenize("GPT-3.5-turbo Qwen2.5x", |t| spans.push((t.start, t.end, t.position, t.joined)));
        assert_eq!(spans[3], (4, 7, 1, true), "the version spans `3.5`, at the position of `3`");
        assert_eq!(spans[7], (18, 21, 4, true), "`2.5` of `Qwen2.5x`");
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
    fn apostrophes_inside_words_are_dropped() {
        assert_eq!(terms("don't 'quoted'"), ["dont", "quoted"]);
        assert_eq!(terms("model's Benford’S it's models' o's"), ["model", "+models", "benford", "+benfords", "it", "+its", "models", "o", "s", "+os"]);
        let mut spans = Vec::new();
        tokenize("Hawking's law", |t| spans.push((t.start, t.end)));
        assert_eq!(spans, [(0, 9), (0, 9), (10, 13)]);
        assert_eq!(terms("O'Neill and d’Alembert"), ["o", "neill", "+oneill", "and", "d", "alembert", "+dalembert"]);
    }

    #[test]
    fn spans_and_positions() {
        let mut v = Vec::new();
        tokenize("Zeroth-Order opt", |t| v.push((t.start, t.end, t.position, t.joined)));
        assert_eq!(v, [(0, 6, 0, false), (7, 12, 1, false), (0, 12, 0, true), (13, 16, 2, false)]);
        let text = "Schrödinger";
        tokenize(text, |t| assert_eq!(&text[t.start..t.end], "Schrödinger"));
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
    fn stems_meet() {
        for (a, b) in [
            ("networks", "network"),
            ("studies", "study"),
            ("trained", "training"),
            ("encoding", "encode"),
            ("running", "run"),
            ("matches", "match"),
            ("models", "model"),
        ] {
            assert_eq!(stem(a), stem(b), "{a} vs {b}");
        }
        assert_eq!(stem("bias"), stem("biases"));
        assert_eq!(stem("cases"), stem("case"));
        assert_ne!(stem("bias"), stem("bia"));
        assert_eq!(stem("gpt4"), "gpt4");
        assert_eq!(stem("loss"), "loss");
        // A short word with a final `e` is not the word without it; its own forms still meet.
        for (a, b) in [("same", "sam"), ("rate", "rat"), ("rating", "rats"), ("care", "car"), ("caring", "car"), ("code", "cod"), ("hope", "hop"), ("hoping", "hopping")] {
            assert_ne!(stem(a), stem(b), "{a} vs {b}");
        }
        for (a, b) in [("code", "coding"), ("code", "coded"), ("code", "codes"), ("rate", "rated"), ("make", "making"), ("hop", "hopping"), ("type", "typing"), ("scale", "scaling"), ("case", "cases"), ("gas", "gases"), ("size", "sizes")] {
            assert_eq!(stem(a), stem(b), "{a} vs {b}");
        }
    }

    #[test]
    fn normalize_joins_words() {
        assert_eq!(normalize("  Hello,   Wörld! "), "hello world");
    }
}
