//! Folding one character: what the tokenizer makes of it (a letter folded to lowercase ASCII
//! where Latin, a Greek letter or named math symbol spelled out, a connector, a mark, a
//! separator), and the small lowercase table behind it.
//!
//! Case, diacritics (`Schrödinger` → `schrodinger`, `ß` → `ss`), compatibility forms (full-width
//! `ＡＩ` → `ai`, ligatures, half-width katakana `ｶﾅ` → `カナ`) and Greek (`μ` → `mu`; accented
//! letters to their letter) fold here, so [`super::tokenize()`] only has to decide where words
//! and compounds start and end (and whether a Greek letter is math, spelled out, or a letter of
//! a Greek word). Tags fold here too ([`normalize_tag`]): they match whole, not word by word.

/// How one source character takes part in tokenization.
pub(super) enum Class {
    /// Letters or digits, already folded.
    Word(Folded),
    /// A superscript or subscript digit, as the digit (the tokenizer's `script_at`).
    Script(char),
    /// A Greek letter, or a math symbol that has a name (`√`), which is a word of its own,
    /// spelled out (unless the tokenizer finds the letter in a Greek word).
    Greek(&'static str),
    /// A Chinese or Japanese character, folded (half-width katakana to full-width): its text is
    /// indexed as overlapping pairs ([`is_cjk`]).
    Cjk(char),
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
pub(super) enum Folded {
    Char(char),
    Str(&'static str),
    /// A character whose lowercase form is several chars (rare: `İ`).
    Lower(char),
}

/// Latin-1 Supplement and Latin Extended-A (U+00C0..=U+017F), folded to ASCII. `#` marks a
/// character that is not a letter (÷); `_` marks a multi-letter fold, handled before the lookup.
/// The sign of times `×` is the letter `x`, as texts write it in a number (`2×`, `512×512` are
/// `2x`, `512x512`, as where a text writes an `x`; standing apart, `512 × 512`, it is the word
/// `x`).
const LATIN_FOLD: &[u8; 192] = b"aaaaaa_ceeeeiiiidnoooooxouuuuy__aaaaaa_ceeeeiiiidnooooo#ouuuuy_yaaaaaaccccccccddddeeeeeeeeeegggggggghhhhiiiiiiiiii__jjkkkllllllllllnnnnnnnnnoooooo__rrrrrrssssssssttttttuuuuuuuuuuuuwwyyyzzzzzzs";

/// Half-width katakana U+FF66..=U+FF9D as NFKC maps them: to the full-width kana `0x30A0 +` the
/// byte (`ｶ` → `カ`; `ｰ` → the prolonged sound mark `ー`).
const HALF_KANA: &[u8; 56] = b"\x52\x01\x03\x05\x07\x09\x43\x45\x47\x23\x5c\x02\x04\x06\x08\x0a\x0b\x0d\x0f\x11\x13\x15\x17\x19\x1b\x1d\x1f\x21\x24\x26\x28\x2a\x2b\x2c\x2d\x2e\x2f\x32\x35\x38\x3b\x3e\x3f\x40\x41\x42\x44\x46\x48\x49\x4a\x4b\x4c\x4d\x4f\x53";

/// The kana `k` with a voiced sound mark (`カ` → `ガ`, `ウ` → `ヴ`), or with a semi-voiced one
/// (`semi`: `ハ` → `パ`), when Unicode composes the two (as NFKC does a half-width mark after a
/// kana: `ｶﾞ` is `ガ`); hiragana as katakana, less the `ワ` row, which has no voiced hiragana.
/// Out of line: inlined into the tokenizer, the runtime's code was 135 bytes more (brotli).
#[inline(never)]
pub(super) fn voiced(k: char, semi: bool) -> Option<char> {
    let u = k as u32;
    // Hiragana are their katakana less 0x60.
    let hira = if (0x3041..0x30A0).contains(&u) { 0x60 } else { 0 };
    let u = u + hira;
    let to = match u {
        // ハ ヒ フ ヘ ホ: each followed by its voiced and its semi-voiced form.
        0x30CF..=0x30DB if (u - 0x30CF) % 3 == 0 => u + 1 + u32::from(semi),
        _ if semi => return None,
        // カ to チ at odd code points, ツ テ ト at even ones (ッ is between), and ヽ: the next.
        0x30AB..=0x30C1 | 0x30FD if u % 2 == 1 => u + 1,
        0x30C4..=0x30C8 if u % 2 == 0 => u + 1,
        0x30A6 => 0x30F4,
        // ワ ヰ ヱ ヲ: ヷ ヸ ヹ ヺ.
        0x30EF..=0x30F2 if hira == 0 => u + 8,
        _ => return None,
    };
    char::from_u32(to - hira)
}

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

/// 2 for a capital (a letter this fold lowercases), 1 for a small letter (or one of a script
/// without capitals), 0 for anything else: for the parts of a CamelCase word, without the
/// standard library's tables for `char::is_uppercase` and `is_lowercase` (1.7 KB brotli).
#[inline(never)]
pub(super) fn case_of(c: char) -> u8 {
    if c.is_ascii() {
        u8::from(c.is_ascii_lowercase()) | u8::from(c.is_ascii_uppercase()) << 1
    } else if lower_char(c) != Some(c) {
        2
    } else {
        u8::from(c.is_alphabetic())
    }
}

/// Pushes `c` lowercased (like `char::to_lowercase`).
fn push_lower(out: &mut String, c: char) {
    match lower_char(c) {
        Some(l) => out.push(l),
        None => out.push_str(LOWER_I_DOT.1),
    }
}

/// Whether `c` is written without spaces between words: Han ideographs (Chinese, Japanese
/// kanji), hiragana and katakana (half-width too). A run of them is indexed and searched as its
/// overlapping pairs of characters (`全文搜索` → `全文`, `文搜`, `搜索`), as Lucene's CJK analyzer does: a
/// word of any length is then found inside the run, with no dictionary of words. A character
/// standing alone is a term of its own. (Korean writes spaces between words: its syllables are
/// letters like any other, though one alone is often a word: [`is_hangul`].)
pub fn is_cjk(c: char) -> bool {
    matches!(c as u32, 0x3005 | 0x3040..=0x30FA | 0x30FC..=0x30FF | 0x31F0..=0x31FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0xFF66..=0xFF9D | 0x20000..=0x3FFFF)
}

/// Whether `c` is a Korean syllable: one typed alone is a word (`물`, water), where a Latin letter
/// is the start of one.
pub fn is_hangul(c: char) -> bool {
    ('\u{ac00}'..='\u{d7a3}').contains(&c)
}

/// Whether `c` belongs with the character before it (a cut of a text between the two would part
/// a letter from its marks): a combining mark as the tokenizer reads one, or a Thai vowel sign
/// written above or below its consonant (U+0E31, U+0E34–U+0E3A), which Unicode counts as a
/// letter.
pub fn is_mark(c: char) -> bool {
    matches!(classify(c), Class::Mark) || matches!(c as u32, 0x0E31 | 0x0E34..=0x0E3A)
}

/// What the tokenizer makes of `c` (see [`Class`]).
pub(super) fn classify(c: char) -> Class {
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
        // Combining marks: they stay inside the word, adding nothing to its term. Also Hebrew
        // points and Arabic vowel signs, which texts write or leave out (`מוֹדֶל` is `מודל`), and
        // the marks that Unicode does not count as letters, which would split words: the nukta and
        // virama of each Indic script (at the same place in each block: `हिन्दी`) and Thai's tone
        // marks; and the variation selectors, so that a keycap (`1️⃣`: a digit, U+FE0F and the
        // combining U+20E3) is one word, marked whole.
        0x0300..=0x036F | 0x0591..=0x05BD | 0x05BF | 0x05C1 | 0x05C2 | 0x05C4 | 0x05C5 | 0x05C7 | 0x0610..=0x061A | 0x064B..=0x065F
        | 0x0670 | 0x0E47..=0x0E4E | 0x1AB0..=0x1AFF | 0x1DC0..=0x1DFF | 0x20D0..=0x20FF | 0xFE20..=0xFE2F => Class::Mark,
        0xFE00..=0xFE0F => Class::Mark,
        0x0900..=0x0D7F if matches!(u & 0x7F, 0x3C | 0x4D) => Class::Mark,
        // Greek letters with an accent or a diaeresis, as their letter (`ομιλία`: `ομιλια`).
        0x0386 | 0x03AC => Class::Word(Folded::Char('α')),
        0x0388 | 0x03AD => Class::Word(Folded::Char('ε')),
        0x0389 | 0x03AE => Class::Word(Folded::Char('η')),
        0x038A | 0x0390 | 0x03AA | 0x03AF | 0x03CA => Class::Word(Folded::Char('ι')),
        0x038C | 0x03CC => Class::Word(Folded::Char('ο')),
        0x038E | 0x03AB | 0x03B0 | 0x03CB | 0x03CD => Class::Word(Folded::Char('υ')),
        0x038F | 0x03CE => Class::Word(Folded::Char('ω')),
        // Cyrillic `ё` is written `е` as often as not.
        0x0401 | 0x0451 => Class::Word(Folded::Char('е')),
        // Latin letters with the marks of Vietnamese (`Việt`), Romanian (`ș`) and pinyin (`ǔ`).
        0x01A0 | 0x01A1 => Class::Word(Folded::Char('o')),
        0x01AF | 0x01B0 => Class::Word(Folded::Char('u')),
        0x01CD..=0x01DC => Class::Word(Folded::Char(match u {
            0x01CD..=0x01CE => 'a',
            0x01CF..=0x01D0 => 'i',
            0x01D1..=0x01D2 => 'o',
            _ => 'u',
        })),
        0x0218..=0x021B => Class::Word(Folded::Char(if u < 0x021A { 's' } else { 't' })),
        0x1EA0..=0x1EF9 => Class::Word(Folded::Char(match u {
            0x1EA0..=0x1EB7 => 'a',
            0x1EB8..=0x1EC7 => 'e',
            0x1EC8..=0x1ECB => 'i',
            0x1ECC..=0x1EE3 => 'o',
            0x1EE4..=0x1EF1 => 'u',
            _ => 'y',
        })),
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
        // Half-width katakana as full-width; their sound marks (`ﾞ`, `ﾟ`) combine with the kana
        // before them in the tokenizer, and are otherwise marks (NFKC's are combining ones).
        0xFF66..=0xFF9D => Class::Cjk(char::from_u32(0x30A0 + u32::from(HALF_KANA[(u - 0xFF66) as usize])).unwrap_or(' ')),
        0xFF9E | 0xFF9F => Class::Mark,
        _ if is_cjk(c) => Class::Cjk(c),
        _ if c.is_alphanumeric() => {
            match lower_char(c) {
                Some(l) => Class::Word(Folded::Char(l)),
                None => Class::Word(Folded::Lower(c)),
            }
        }
        _ => Class::Separator,
    }
}

/// Pushes the folded form `f` of a word character.
pub(super) fn push_folded(out: &mut String, f: &Folded) {
    match f {
        Folded::Char(c) => out.push(*c),
        Folded::Str(s) => out.push_str(s),
        Folded::Lower(c) => {
            let mut lower = String::new();
            push_lower(&mut lower, *c);
            for l in lower.chars() {
                if l.is_alphanumeric() {
                    out.push(l);
                }
            }
        }
    }
}

/// Folds a tag for comparison (tags match whole, not word by word): trimmed, lowercase, and
/// final sigma `ς` as `σ` (so `ΦΥΣΙΚΕΣ`, `φυσικες` and `φυσικεσ` are one tag).
pub fn normalize_tag(tag: &str) -> String {
    let mut out = String::with_capacity(tag.len());
    // Trimmed as it goes: spaces before the first letter are not pushed, those after the last
    // are cut off (a space's lowercase is itself).
    let mut end = 0;
    for c in tag.chars() {
        if c.is_whitespace() && out.is_empty() {
            continue;
        }
        push_lower(&mut out, if c == 'ς' { 'σ' } else { c });
        if !c.is_whitespace() {
            end = out.len();
        }
    }
    out.truncate(end);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

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

    /// Each half-width katakana is the full-width one NFKC makes of it, and a sound mark combines
    /// with exactly the kana NFKC composes it with (the strings are NFKC's, from Python's
    /// `unicodedata`).
    #[test]
    fn half_width_katakana_and_sound_marks_fold_as_nfkc_does() {
        let half = "ｦｧｨｩｪｫｬｭｮｯｰｱｲｳｴｵｶｷｸｹｺｻｼｽｾｿﾀﾁﾂﾃﾄﾅﾆﾇﾈﾉﾊﾋﾌﾍﾎﾏﾐﾑﾒﾓﾔﾕﾖﾗﾘﾙﾚﾛﾜﾝ";
        let full = "ヲァィゥェォャュョッーアイウエオカキクケコサシスセソタチツテトナニヌネノハヒフヘホマミムメモヤユヨラリルレロワン";
        assert_eq!(half.chars().count(), HALF_KANA.len());
        for (h, f) in half.chars().zip(full.chars()) {
            assert!(matches!(classify(h), Class::Cjk(c) if c == f), "{h} is not {f}");
            assert!(is_cjk(h) && is_cjk(f), "{h}");
        }
        let voiced_from = "うかきくけこさしすせそたちつてとはひふへほゝウカキクケコサシスセソタチツテトハヒフヘホワヰヱヲヽ";
        let voiced_to = "ゔがぎぐげござじずぜぞだぢづでどばびぶべぼゞヴガギグゲゴザジズゼゾダヂヅデドバビブベボヷヸヹヺヾ";
        for (semi, from, to) in [(false, voiced_from, voiced_to), (true, "はひふへほハヒフヘホ", "ぱぴぷぺぽパピプペポ")] {
            for c in ('\u{3041}'..='\u{30FF}').filter(|c| !from.contains(*c)) {
                assert_eq!(voiced(c, semi), None, "{c} {semi}");
            }
            for (a, b) in from.chars().zip(to.chars()) {
                assert_eq!(voiced(a, semi), Some(b), "{a} {semi}");
            }
        }
        assert!(matches!(classify('ﾞ'), Class::Mark) && matches!(classify('ﾟ'), Class::Mark));
    }

    #[test]
    fn tags_fold_like_str_to_lowercase_with_one_sigma() {
        for tag in ["cs.LG", "  Stat.ML ", "\u{3000}Deep  RL\u{a0}\n", " ", "", "a \t", "ÉTÉ", "İstanbul", "ΦΥΣΙΚΕΣ", "φυσικες", "Σ", "ǅ", "ＡＢＣ", "Straße", "ΑΣ.ΒΣ"] {
            assert_eq!(normalize_tag(tag), tag.trim().to_lowercase().replace('ς', "σ"), "{tag}");
        }
        assert_eq!(normalize_tag("ΦΥΣΙΚΕΣ"), normalize_tag("φυσικες"));
    }
}
