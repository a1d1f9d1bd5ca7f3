//! Text normalisation and tokenization: the one tokenizer.
//!
//! The index builder and the query parser both call [`tokenize()`], so a word can never be split one
//! way at build time and another at query time. Highlighting calls it too, on the stored text, so
//! a highlight covers exactly the words that matched.
//!
//! What it does, in one pass over the characters, without allocating per token:
//!
//! * **Folds** case, diacritics (`Schrödinger` → `schrodinger`, combining marks and variation
//!   selectors dropped inside the word, so a keycap `1️⃣` is the word `1` spanning it whole, `ß` →
//!   `ss`), compatibility forms (full-width `ＡＩ` → `ai`, ligatures; half-width katakana as
//!   full-width, a sound mark combined with its kana: `ﾃﾞｰﾀ` → `データ`) and spells out Greek letters
//!   that stand alone or in twos, as math does (`μ` → `mu`), so `$\mu$`, `μ` and `mu` are one
//!   word (`varepsilon` is `epsilon`), while Greek words are words (`Ομιλία` → `ομιλια`); so are
//!   the math symbols that have a name (`√` → `sqrt`, `∞` → `infty`, `∂` → `partial`, `∇` →
//!   `nabla`).
//! * **Splits** on anything that is not a letter or digit. A word is a maximal run of letters and
//!   digits; the apostrophe of an English contraction is dropped (`don't` → `dont`), a
//!   possessive is its word and, joined, the word with its `s` (`model's` → `model`, `models`),
//!   and any other apostrophe joins two words as a compound (`O'Neill` → `o`, `neill`, `oneill`;
//!   `dell'algoritmo`, `Ankara'daki`).
//!   A letter alone with `++` or `#` is a word with its signs (`C++` → `c++`, `C#` → `c#`).
//! * **Compounds**: words joined by `-`, `_`, `.`, `/` or `&` with no space (`DPM-Solver`, `zero-shot`,
//!   `2401.12345`) are emitted part by part *and* once joined (`dpmsolver`, `zeroshot`), so the
//!   query `dpm solver`, `dpm-solver` and `dpmsolver` all find `DPM-Solver++`.
//! * **CamelCase**: a word that starts with a capital and changes case inside (`HttpClient`,
//!   `JSONParser`) is emitted whole, then each part of three letters or more joined
//!   (`client`, `parser`), spanning its letters: `client` finds `HttpClient`, and marks
//!   `Client`; so in a compound or before a possessive (`AdaHessian-based`, `AdaHessian's`),
//!   and in a word with letters other than ASCII, each part folded (`ecole`, `normale` of
//!   `ÉcoleNormale`).
//! * **Units**: a unit of one to three letters one space after its number (`16 GB`, `7 B`,
//!   `3.5 x`), and a factor after an `x` (`512 x 512`), are also emitted joined to it (`16gb`,
//!   `7b`, `3.5x`, `512x512`), spanning them, as a text writes them joined; `×` is the letter
//!   `x` (`512×512` is `512x512`). Standing apart (`512 × 512`), it is joined to its numbers by
//!   the builder only (`index_only_terms`): found, not marked.
//! * **Versions**: a `.` between digits (`3.5`, `Qwen2.5`, `1.5B`) also emits the version's digits
//!   with the dot kept (`3.5`, `2.5`, `1.5` and `1.5b`: never the number `35`, nor is `1.6` ever `16`), and, in a compound of more than two
//!   parts, a part with letters joined to the number after the dot (`qwen25` of `Qwen2.5-VL`),
//!   so that a query's version matches as one word wherever the text writes it (see
//!   `search::query`, `Clause::version_with_next`).
//!
//! Offsets in [`Token`] are byte offsets into the original text (the highlighter turns them into
//! UTF-16 offsets for JavaScript). The light English stemmer [`stem()`] and the stop word list live
//! here too, because they are part of what "the same word" means.
//!
//! The pieces, one file each: `tokenize.rs` (the tokenizer itself: words, compounds, versions,
//! spans), `fold.rs` (what one character folds to, and tags) and `stem.rs` (the stemmer, the
//! forms a stem stands for, the stop words).

mod fold;
mod stem;
mod tokenize;

#[cfg(feature = "build")]
pub(crate) use fold::GREEK;
pub use fold::{is_cjk, is_hangul, is_mark, normalize_tag};
pub use stem::{is_stop_word, stem, stem_forms};
#[cfg(feature = "build")]
pub use tokenize::index_only_terms;
pub use tokenize::{clip_to, normalize, tokenize, Token, MAX_TERM_BYTES};

/// The number of chars in `s` (what `s.chars().count()` gives, by a loop much smaller in the
/// wasm than the standard library's word-at-a-time count: words are short).
pub fn char_count(s: &str) -> usize {
    s.bytes().filter(|&b| b & 0xC0 != 0x80).count()
}
