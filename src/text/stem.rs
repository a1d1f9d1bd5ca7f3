//! What "the same word" means beyond folding: a light English stemmer ([`stem`]), the forms a
//! stem stands for ([`stem_forms`], which the runtime looks up instead of walking the
//! dictionary), and the stop words a query does not have to match ([`is_stop_word`]).

use crate::entry::concat;

/// Common English words that a query does not have to match (they still count when present):
/// `a an and are as at be by can do for from has have how in into is it its of on or our that
/// the their this to via we what when which with without`. Kept by length, each length's words
/// written one after another: a look-up compares a few words of the term's length, in less
/// code than a `match` on the strings (about 740 bytes of wasm).
#[inline(never)]
pub fn is_stop_word(term: &str) -> bool {
    const BY_LENGTH: [&str; 8] = ["", "a", "anasatbebydoinisitofonortowe", "andarecanforhashowitsourthevia", "fromhaveintothatthiswhatwhenwith", "theirwhich", "", "without"];
    let n = term.len();
    n > 0 && BY_LENGTH.get(n).is_some_and(|words| words.as_bytes().chunks(n).any(|w| w == term.as_bytes()))
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
            owned = Some(concat(&[x, "i"]));
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
                owned = Some(concat(&[x, "e"]));
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
            return Cow::Owned(concat(&[cut, "i"]));
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
    fn the_stop_words_are_those_listed() {
        let listed = "a an and are as at be by can do for from has have how in into is it its of on or our that the their this to via we what when which with without";
        for w in listed.split(' ') {
            assert!(is_stop_word(w), "{w}");
        }
        // Nor any other word of their letters, nor a piece of two of them (`nas` of `anas`).
        for w in ["", "b", "na", "nas", "sat", "ndar", "withou", "withoutt", "their ", "thei", "andar", "tha", "Whe"] {
            assert!(!is_stop_word(w), "{w:?}");
        }
        assert_eq!(listed.split(' ').count(), 36);
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
}
