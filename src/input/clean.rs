//! Cleaning the markup that digest text carries: LaTeX accents (`Schr\"odinger` → Schrödinger),
//! `{\em ...}`-style wrappers, escaped specials (`60\%`), `{{small URL}}` markup, runs of white
//! space; finding the http(s) links in a text, and resolving a feed's relative links.

/// The combining mark for a LaTeX accent command, if `c` is one.
fn accent_mark(c: char) -> Option<char> {
    Some(match c {
        '"' => '\u{308}',
        '\'' => '\u{301}',
        '`' => '\u{300}',
        '^' => '\u{302}',
        '~' => '\u{303}',
        '=' => '\u{304}',
        '.' => '\u{307}',
        'c' => '\u{327}',
        'v' => '\u{30C}',
        'u' => '\u{306}',
        'H' => '\u{30B}',
        'r' => '\u{30A}',
        'k' => '\u{328}',
        _ => return None,
    })
}

/// Cleans one field of digest text. Accented letters become a letter plus a combining mark,
/// which browsers render as the accented letter and the tokenizer folds to the plain letter.
pub fn clean_text(input: &str) -> String {
    // Most text has no markup at all: only then is it scanned for each kind (a million-entry
    // build spent a third of its parsing time copying unchanged strings here).
    if !input.contains(['{', '\\', '$']) {
        return collapse_spaces(input);
    }
    let math;
    let input = if input.contains('$') || input.contains("\\(") || input.contains("\\[") {
        math = clean_math(input);
        math.as_str()
    } else {
        input
    };
    let mut s = if input.contains("{{") { remove_small_markup(input) } else { input.to_string() };
    if s.contains('\\') {
        for wrapper in ["{\\em ", "{\\it ", "{\\bf ", "{\\sc ", "{\\tt ", "{\\rm ", "{\\sl "] {
            s = unwrap(s, wrapper, "}");
        }
        for cmd in ["\\emph{", "\\textit{", "\\textbf{", "\\textrm{", "\\texttt{", "\\textsc{", "\\mathrm{"] {
            s = unwrap(s, cmd, "}");
        }
        s = replace_accents(&s);
    }
    collapse_spaces(&s)
}

/// Unicode superscript digits 0-9.
const SUPERSCRIPTS: [char; 10] = ['⁰', '¹', '²', '³', '⁴', '⁵', '⁶', '⁷', '⁸', '⁹'];

/// Math commands that stand for a symbol, and the symbol.
const MATH_SYMBOLS: &[(&str, &str)] = &[
    ("sim", "∼"), ("approx", "≈"), ("simeq", "≃"), ("times", "×"), ("pm", "±"), ("mp", "∓"),
    ("leq", "≤"), ("le", "≤"), ("lesssim", "≲"), ("geq", "≥"), ("ge", "≥"), ("gtrsim", "≳"),
    ("ll", "≪"), ("gg", "≫"), ("neq", "≠"), ("ne", "≠"), ("cdot", "·"), ("infty", "∞"),
    ("odot", "⊙"), ("circ", "∘"), ("prime", "′"), ("to", "→"), ("rightarrow", "→"),
    ("leftarrow", "←"), ("propto", "∝"), ("partial", "∂"), ("nabla", "∇"), ("in", "∈"),
    ("sqrt", "√"), ("sum", "∑"), ("int", "∫"), ("ell", "ℓ"), ("cdots", "⋯"), ("ldots", "…"),
    ("dots", "…"), ("star", "⋆"), ("ast", "∗"), ("setminus", "∖"), ("mid", "∣"), ("prod", "∏"),
    ("coprod", "∐"), ("cup", "∪"), ("cap", "∩"), ("bigcup", "⋃"), ("bigcap", "⋂"), ("subset", "⊂"),
    ("subseteq", "⊆"), ("supset", "⊃"), ("supseteq", "⊇"), ("otimes", "⊗"), ("oplus", "⊕"),
    ("forall", "∀"), ("exists", "∃"), ("neg", "¬"), ("lnot", "¬"), ("wedge", "∧"), ("land", "∧"),
    ("vee", "∨"), ("lor", "∨"), ("emptyset", "∅"), ("varnothing", "∅"), ("perp", "⊥"),
    ("parallel", "∥"), ("langle", "⟨"), ("rangle", "⟩"), ("mapsto", "↦"), ("Rightarrow", "⇒"),
    ("Leftarrow", "⇐"), ("Leftrightarrow", "⇔"), ("leftrightarrow", "↔"), ("iff", "⟺"),
    ("implies", "⟹"), ("equiv", "≡"), ("cong", "≅"), ("notin", "∉"), ("ni", "∋"), ("oint", "∮"),
    ("hbar", "ℏ"), ("aleph", "ℵ"), ("dagger", "†"), ("bullet", "•"), ("vert", "|"), ("lvert", "|"),
    ("rvert", "|"), ("Vert", "‖"), ("lVert", "‖"), ("rVert", "‖"), ("leftarrow", "←"),
    ("uparrow", "↑"), ("downarrow", "↓"), ("lceil", "⌈"), ("rceil", "⌉"), ("lfloor", "⌊"),
    ("rfloor", "⌋"), ("triangle", "△"), ("angle", "∠"), ("degree", "°"),
];

/// Math commands that are words (operators written upright): kept as the word, apart from
/// what stands beside them (`$\log n$` → `$log n$`). Any other command unknown here is left out,
/// so that its name becomes no searchable word glued to its neighbours (`$\mathbb Q\foo Z$`).
const MATH_WORDS: &[&str] = &[
    "log", "ln", "lg", "exp", "sin", "cos", "tan", "cot", "sec", "csc", "sinh", "cosh", "tanh",
    "coth", "arcsin", "arccos", "arctan", "max", "min", "sup", "inf", "lim", "limsup", "liminf",
    "det", "dim", "ker", "deg", "gcd", "lcm", "arg", "Pr", "mod", "bmod", "pmod", "hom", "Hom",
    "tr", "Tr", "rank", "diag", "sgn", "span", "argmax", "argmin", "Var", "Cov", "poly", "polylog",
];

/// Math commands that only set how the math looks: dropped, their argument kept.
const MATH_LAYOUT: &[&str] = &[
    "rm", "mathrm", "mathcal", "mathbb", "mathbf", "mathit", "mathsf", "mathtt", "mathfrak",
    "mathscr", "boldsymbol", "bm", "bf", "it", "text", "textrm", "textbf", "textit", "operatorname",
    "mbox", "hbox", "left", "right", "big", "Big", "bigg", "Bigg", "bigl", "bigr", "frac", "dfrac",
    "tfrac", "overline", "underline", "hat", "tilde", "bar", "vec", "dot", "ddot", "widehat",
    "widetilde", "displaystyle", "textstyle", "scriptstyle", "limits", "quad", "qquad",
];

/// Math in `$…$`, as a reader (and the tokenizer) should see it: Greek letters and common
/// symbols as their characters (`$\alpha \sim 10$` → `$α ∼ 10$`), commands that only set the
/// look dropped (`$\mathcal{O}$` → `$O$`, not the word `mathcal`), and digit sub- and
/// superscripts as Unicode's (`$L^2$` → `$L²$`, `CH$_3$OH` → `CH₃OH`, whose `$` go when
/// nothing else is in them), which the tokenizer folds to digits: `l2`, `ch3oh`, `h2` find them.
fn clean_math(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    // Math opens with `$`, `$$`, `\(` or `\[` and closes with the same (`\)`, `\]`): all of it
    // is written back as `$…$`.
    let opener = |r: &str| {
        let dollar = r.find('$');
        let paren = r.find("\\(").filter(|&i| dollar.is_none_or(|d| i < d));
        let bracket = r.find("\\[").filter(|&i| dollar.is_none_or(|d| i < d) && paren.is_none_or(|p| i < p));
        match (bracket, paren, dollar) {
            (Some(i), ..) => Some((i, "\\[", "\\]")),
            (None, Some(i), _) => Some((i, "\\(", "\\)")),
            (None, None, Some(i)) if r[i + 1..].starts_with('$') => Some((i, "$$", "$$")),
            (None, None, Some(i)) => Some((i, "$", "$")),
            _ => None,
        }
    };
    while let Some((open, start, end)) = opener(rest) {
        let from = open + start.len();
        let Some(len) = rest[from..].find(end) else {
            // Not closed: the opener is text (`costs $5`), and what follows is read on.
            out.push_str(&rest[..from]);
            rest = &rest[from..];
            continue;
        };
        let (before, math, after) = (&rest[..open], &rest[from..from + len], &rest[from + len + end.len()..]);
        out.push_str(before);
        let inner = clean_math_inner(math);
        // `H$_{2}$`: only a subscript right after a letter or digit joins it. So does a short
        // symbol written against a word (`$\Lambda$CDM` → `ΛCDM`, `$\mu$m` → `μm`): as a reader
        // sees it, and one word for the tokenizer (`lambdacdm`).
        let script = !inner.is_empty() && inner.chars().all(|c| SUPERSCRIPTS.contains(&c) || ('₀'..='₉').contains(&c));
        let glued = before.ends_with(|c: char| c.is_alphanumeric()) || after.starts_with(|c: char| c.is_alphanumeric());
        let symbol = !inner.is_empty() && inner.chars().count() <= 3 && inner.chars().all(|c| c.is_alphanumeric() || SUPERSCRIPTS.contains(&c));
        if script && before.ends_with(|c: char| c.is_alphanumeric()) || symbol && glued && start == "$" {
            out.push_str(&inner);
        } else {
            out.push('$');
            out.push_str(&inner);
            out.push('$');
        }
        rest = after;
    }
    out.push_str(rest);
    out
}

/// The inside of one `$…$`: see [`clean_math`].
fn clean_math_inner(m: &str) -> String {
    let b = m.as_bytes();
    let mut out = String::with_capacity(m.len());
    // Per open brace, whether it (and so its close) is dropped: the argument of a dropped command.
    let mut braces: Vec<bool> = Vec::new();
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'{' => {
                braces.push(false);
                out.push('{');
                i += 1;
            }
            b'}' => {
                if !braces.pop().unwrap_or(false) {
                    out.push('}');
                }
                i += 1;
            }
            // Spacing: `\,`, `\;`, `\!`, `\ `.
            b'\\' if matches!(b.get(i + 1), Some(b',' | b';' | b':' | b'!' | b' ')) => {
                out.push(' ');
                i += 2;
            }
            b'\\' if b.get(i + 1).is_some_and(u8::is_ascii_alphabetic) => {
                let end = (i + 1..b.len()).find(|&j| !b[j].is_ascii_alphabetic()).unwrap_or(b.len());
                let name = &m[i + 1..end];
                let lower = name.to_ascii_lowercase();
                // The last match: `sigma` is in GREEK twice, first as final sigma (ς, whose
                // capital's code point is unassigned), then as σ.
                if let Some(k) = crate::text::GREEK.iter().rposition(|g| *g == lower.trim_start_matches("var")) {
                    let base = if name.starts_with(|c: char| c.is_ascii_uppercase()) { 0x391 } else { 0x3B1 };
                    out.extend(char::from_u32(base + k as u32));
                } else if let Some((_, sym)) = MATH_SYMBOLS.iter().find(|(n, _)| *n == name) {
                    out.push_str(sym);
                } else if let Some((num, den, next)) = matches!(name, "frac" | "dfrac" | "tfrac").then(|| fraction(m, end)).flatten() {
                    // `\frac{1}{2}` → `1/2`, `\tfrac16` → `1/6`, `\frac{a+b}{c}` → `(a+b)/c`: a
                    // fraction as a reader writes it on one line.
                    for (k, part) in [num, den].iter().enumerate() {
                        if k == 1 {
                            out.push('/');
                        }
                        let part = clean_math_inner(part.trim());
                        let bare = part.chars().all(char::is_alphanumeric) || part.chars().count() == 1;
                        if bare {
                            out.push_str(&part);
                        } else {
                            out.push('(');
                            out.push_str(&part);
                            out.push(')');
                        }
                    }
                    i = next;
                    continue;
                } else if MATH_WORDS.contains(&name) {
                    if out.ends_with(|c: char| c.is_alphanumeric()) {
                        out.push(' ');
                    }
                    out.push_str(name);
                    if b.get(end).is_some_and(u8::is_ascii_alphanumeric) {
                        out.push(' ');
                    }
                } else if !MATH_LAYOUT.contains(&name) {
                    // Unknown: left out, but it still parts what stands on its two sides.
                    if out.ends_with(|c: char| c.is_alphanumeric()) && b.get(end).is_some_and(u8::is_ascii_alphanumeric) {
                        out.push(' ');
                    }
                } else if b.get(end) == Some(&b'{') {
                    braces.push(true);
                    i = end + 1;
                    continue;
                } else {
                    // Its argument unbraced (`\mathbb Q`): the spaces before it go too.
                    let next = (end..b.len()).find(|&j| b[j] != b' ').unwrap_or(b.len());
                    if next < b.len() && b[next] != b'\\' && b[next] != b'{' {
                        i = next;
                        continue;
                    }
                }
                i = end;
            }
            c @ (b'^' | b'_') => {
                // Digits, bare or in braces: `^2`, `_{12}`.
                let braced = b.get(i + 1) == Some(&b'{');
                let from = i + 1 + usize::from(braced);
                // Bare, only the first digit is the script (TeX's `x^23` is x²3).
                let digits = (from..b.len()).find(|&j| !b[j].is_ascii_digit()).unwrap_or(b.len());
                let to = if braced { digits } else { digits.min(from + 1) };
                if to > from && (!braced || b.get(to) == Some(&b'}')) {
                    for d in &b[from..to] {
                        let d = usize::from(d - b'0');
                        out.push(if c == b'^' { SUPERSCRIPTS[d] } else { char::from_u32(0x2080 + d as u32).unwrap_or('0') });
                    }
                    i = to + usize::from(braced);
                } else {
                    out.push(char::from(c));
                    i += 1;
                }
            }
            _ => {
                let ch = m[i..].chars().next().unwrap_or(' ');
                out.push(ch);
                i += ch.len_utf8();
            }
        }
    }
    out
}

/// The two arguments of `\frac` from byte `at` of `m`, each braced (`{a+b}`, nested braces
/// counted) or one character (`\tfrac16`), and where the second ends; `None` when either is
/// missing.
fn fraction(m: &str, at: usize) -> Option<(&str, &str, usize)> {
    let arg = |from: usize| -> Option<(&str, usize)> {
        let from = from + m[from..].len() - m[from..].trim_start().len();
        let rest = &m[from..];
        if let Some(inner) = rest.strip_prefix('{') {
            let mut depth = 0usize;
            for (j, c) in inner.char_indices() {
                match c {
                    '{' => depth += 1,
                    '}' if depth == 0 => return Some((&inner[..j], from + 1 + j + 1)),
                    '}' => depth -= 1,
                    _ => {}
                }
            }
            None
        } else {
            let c = rest.chars().next().filter(|c| c.is_alphanumeric())?;
            Some((&rest[..c.len_utf8()], from + c.len_utf8()))
        }
    };
    let (num, next) = arg(at)?;
    let (den, next) = arg(next)?;
    Some((num, den, next))
}

/// Removes `{{small ...}}` (and other `{{...}}` template markup) that repeats a link.
fn remove_small_markup(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find("{{") {
        match rest[i..].find("}}") {
            Some(j) => {
                out.push_str(&rest[..i]);
                rest = &rest[i + j + 2..];
            }
            None => break,
        }
    }
    out.push_str(rest);
    out
}

/// Replaces every `open ... close` by its inside (no nesting inside wrappers is assumed).
fn unwrap(s: String, open: &str, close: &str) -> String {
    if !s.contains(open) {
        return s;
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s.as_str();
    while let Some(i) = rest.find(open) {
        let inner = &rest[i + open.len()..];
        match inner.find(close) {
            Some(j) => {
                out.push_str(&rest[..i]);
                out.push_str(&inner[..j]);
                rest = &inner[j + close.len()..];
            }
            None => break,
        }
    }
    out.push_str(rest);
    out
}

/// `\"o`, `\"{o}`, `{\"o}`, `\c c`, escaped `\%` `\&` `\_` `\#` `\$`, `\ss`, `\o`, `\ae`.
fn replace_accents(s: &str) -> String {
    if !s.contains('\\') {
        return s.to_string();
    }
    let chars: Vec<char> = s.chars().collect();
    let mut out = String::with_capacity(s.len());
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c == '\\' && i + 1 < chars.len() {
            let cmd = chars[i + 1];
            if let Some(mark) = accent_mark(cmd) {
                // Forms: \"o  \"{o}  \c c  \c{c}. Letter commands need a space or a brace.
                let mut j = i + 2;
                let letter_cmd = cmd.is_ascii_alphabetic();
                if letter_cmd && j < chars.len() && chars[j] == ' ' {
                    j += 1;
                } else if letter_cmd && !(j < chars.len() && chars[j] == '{') {
                    out.push(c);
                    i += 1;
                    continue;
                }
                let braced = j < chars.len() && chars[j] == '{';
                if braced {
                    j += 1;
                }
                if j < chars.len() && chars[j].is_alphabetic() {
                    out.push(chars[j]);
                    out.push(mark);
                    j += 1;
                    if braced && j < chars.len() && chars[j] == '}' {
                        j += 1;
                    }
                    // Drop the braces of `{\"o}` around the command.
                    if out.ends_with(mark) && i > 0 && chars[i - 1] == '{' && j < chars.len() && chars[j] == '}' {
                        let base_and_mark: String = out.chars().rev().take(2).collect::<Vec<_>>().into_iter().rev().collect();
                        out.truncate(out.len() - base_and_mark.len());
                        if out.ends_with('{') {
                            out.pop();
                        }
                        out.push_str(&base_and_mark);
                        j += 1;
                    }
                    i = j;
                    continue;
                }
            }
            if "%&_#$".contains(cmd) {
                out.push(cmd);
                i += 2;
                continue;
            }
            let word: String = chars[i + 1..].iter().take_while(|c| c.is_ascii_alphabetic()).collect();
            let special = match word.as_str() {
                "ss" => Some("ß"),
                "o" => Some("ø"),
                "O" => Some("Ø"),
                "ae" => Some("æ"),
                "AE" => Some("Æ"),
                "aa" => Some("å"),
                "l" => Some("ł"),
                "L" => Some("Ł"),
                _ => None,
            };
            if let Some(rep) = special {
                out.push_str(rep);
                i += 1 + word.len();
                if i < chars.len() && chars[i] == ' ' {
                    i += 1;
                }
                continue;
            }
        }
        out.push(c);
        i += 1;
    }
    out
}

/// Trims and collapses every run of white space (including no-break spaces) to one space.
pub fn collapse_spaces(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for word in s.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

/// The names in one line of authors, as arXiv writes them (`Ada Lovelace, Alan Turing and Grace
/// Hopper`): cut at `;` and at the word `and`, then at commas where the parts are names. `and`
/// after a single word, or beside `of`, `for`, `the` or `on`, is inside a name (`Procter and
/// Gamble`, `Research and Development Team`, `Department of Research and Development`), but
/// between three single words or more (`Alice and Bob and Carol` is three names). Commas
/// cut when every part has two words or more, or when no part is a suffix or an initial and
/// there are three parts or more (`Alice, Bob, Carol`) or two before an `and` (`Alice, Bob and
/// Carol`); initials are no part of two words (`van der Waals, J. D.` is one name). Surnames
/// each followed by initials are a name each (`Smith, A., Jones, B.`). Else a comma stays inside
/// the name: it may be one name written surname first (`Lovelace, Ada`, `Lovelace, A.`;
/// BibTeX's `Lovelace, Ada and Turing, Alan` is two) or with a suffix (`Martin Luther King,
/// Jr.`). `&` joins no two names (`Tom & Jerry` is one). A name
/// given twice is kept once.
pub fn split_names(line: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for group in line.split(';') {
        let pieces = and_pieces(&collapse_spaces(group));
        for (i, piece) in pieces.iter().enumerate() {
            let piece = piece.trim_matches(|c: char| c == ',' || c == ' ');
            let parts: Vec<&str> = piece.split(',').map(str::trim).filter(|p| !p.is_empty()).collect();
            // A list's last name follows `and` without a comma: `Alice, Bob and Carol`.
            let listed = pieces[i + 1..].iter().any(|p| !p.trim_matches(|c: char| c == ',' || c == ' ').contains(','));
            // A part of two words or more is a name, but initials (`J. D.`) are not one.
            let apart = parts.iter().all(|p| p.contains(' ') && !is_initials(p)) || !parts.iter().any(|p| is_suffix_or_initial(p)) && (parts.len() >= 3 || listed);
            // Surnames each followed by initials: `Smith, A., Jones, B.` is two names.
            let paired = parts.len() >= 4 && parts.len() % 2 == 0 && parts.chunks(2).all(|c| !is_suffix_or_initial(c[0]) && is_initials(c[1]));
            let names: Vec<String> = match () {
                _ if paired => parts.chunks(2).map(|c| c.join(", ")).collect(),
                _ if apart => parts.into_iter().map(str::to_string).collect(),
                _ => vec![piece.to_string()],
            };
            for name in names.into_iter().filter(|n| !n.is_empty()) {
                if !out.contains(&name) {
                    out.push(name);
                }
            }
        }
    }
    out
}

/// `group` cut at the word `and`, but where it is inside a name: after a name of a single word
/// (`Procter and Gamble`), or beside `of`, `for`, `the` or `on` (`Department of Research and
/// Development`). Three single words or more joined by `and` (`Alice and Bob and Carol`) are a
/// list, a name each, as three by commas are (`Alice, Bob, Carol`): a firm's name joins two.
fn and_pieces(group: &str) -> Vec<String> {
    let connector = |s: &str| s.split(' ').any(|w| matches!(w, "of" | "for" | "the" | "on"));
    let one_word = |s: &str| !s.contains([',', ' ']) && !s.is_empty();
    let parts: Vec<&str> = group.split(" and ").collect();
    // Whether part `i` is one of a run of three single words or more.
    let listed = |i: usize| {
        let from = parts[..i].iter().rposition(|p| !one_word(p)).map_or(0, |j| j + 1);
        let to = parts[i..].iter().position(|p| !one_word(p)).map_or(parts.len(), |j| i + j);
        to >= from + 3
    };
    let mut pieces: Vec<String> = Vec::new();
    // The text between the last two `and`s (the words beside the next).
    let mut before = "";
    for (i, &piece) in parts.iter().enumerate() {
        let tail = before.rsplit(',').next().unwrap_or(before).trim();
        let head = piece.split(',').next().unwrap_or(piece).trim();
        match pieces.last_mut() {
            Some(left) if one_word(left) && !listed(i) || connector(tail) || connector(head) => {
                left.push_str(" and ");
                left.push_str(piece);
            }
            _ => pieces.push(piece.to_string()),
        }
        before = piece;
    }
    pieces
}

/// Whether a part of a name between commas is a suffix (`Jr.`, `III`, `PhD`) or an initial
/// (`A.`, `A. M.`, `A`): then the comma is inside one name.
fn is_suffix_or_initial(part: &str) -> bool {
    let bare = part.trim_end_matches('.').to_ascii_lowercase();
    part.ends_with('.') || part.chars().count() == 1 || matches!(bare.as_str(), "jr" | "sr" | "ii" | "iii" | "iv" | "phd" | "ph.d" | "md" | "m.d" | "esq")
}

/// Whether a part of a name between commas is initials only (`A.`, `J. D.`, `J.-P.`, `A`).
fn is_initials(part: &str) -> bool {
    part.split([' ', '-']).all(|w| {
        let mut letters = w.trim_end_matches('.').chars();
        letters.next().is_some_and(char::is_alphabetic) && letters.next().is_none()
    })
}

/// The scheme `link` starts with (`https` of `https:…`, `mailto`), as RFC 3986 writes one.
pub(super) fn scheme(link: &str) -> Option<&str> {
    let end = link.find(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))).unwrap_or(link.len());
    (end > 0 && link.as_bytes()[0].is_ascii_alphabetic() && link[end..].starts_with(':')).then(|| &link[..end])
}

/// `link` as an absolute link: unchanged when it has a scheme; resolved against `base` (an
/// absolute http(s) link: a feed's `xml:base`, its site's address) when it is relative, as a
/// browser resolves it on the feed's site (`posts/2/` against `https://e.org/blog/` is
/// `https://e.org/blog/posts/2/`); `None` when it is relative and there is no base, or it is
/// not a link at all. An empty link and a fragment alone (`#top`) name no page: `None`.
pub fn resolve_link(link: &str, base: Option<&str>) -> Option<String> {
    use iri_string::types::{IriAbsoluteStr, IriReferenceStr};
    let link = link.trim();
    if link.is_empty() || link.starts_with('#') {
        return None;
    }
    if scheme(link).is_some() {
        return Some(link.to_string());
    }
    let base = base?;
    // A base with a fragment is no absolute IRI: the fragment plays no part in resolving.
    let base = IriAbsoluteStr::new(base.split('#').next().unwrap_or(base)).ok()?;
    let reference = IriReferenceStr::new(link).ok()?;
    Some(reference.resolve_against(base).to_string())
}

/// The base a feed's relative links resolve against, from its `xml:base` and its site's
/// address, most specific first: the first that is an absolute http(s) link, or that resolves
/// against a later one to such a link.
pub fn feed_base(candidates: &[Option<&str>]) -> Option<String> {
    let mut base: Option<String> = None;
    for c in candidates.iter().rev().flatten() {
        if let Some(b) = resolve_link(c, base.as_deref()).filter(|b| b.starts_with("http://") || b.starts_with("https://")) {
            base = Some(b);
        }
    }
    base
}

/// Whether `link` is a picture's by its file's extension (`.png`, `.jpg`, `.jpeg`, `.gif`,
/// `.webp`, `.svg`, `.avif`, in any case, before a query or a fragment): for a link in an
/// entry's text, where nothing else says what it points to (an `<a href>` around a photo, a
/// bare address). An entry's links are pages to open, not its pictures.
pub fn is_image_link(link: &str) -> bool {
    let path = link.split(['?', '#']).next().unwrap_or(link).to_ascii_lowercase();
    [".png", ".jpg", ".jpeg", ".gif", ".webp", ".svg", ".avif"].iter().any(|ext| path.ends_with(ext))
}

/// The http(s) links in an entry's text that are pages, as [`find_links`] finds them, but a
/// picture's ([`is_image_link`]): the links it adds to the entry's own.
pub fn find_page_links(text: &str) -> Vec<String> {
    let mut links = find_links(text);
    links.retain(|l| !is_image_link(l));
    links
}

/// The http(s) links in `text`, in order, without duplicates, trailing punctuation removed.
pub fn find_links(text: &str) -> Vec<String> {
    let mut links: Vec<String> = Vec::new();
    let mut rest = text;
    while let Some(i) = rest.find("http") {
        let cand = &rest[i..];
        if !(cand.starts_with("http://") || cand.starts_with("https://")) {
            rest = &rest[i + 4..];
            continue;
        }
        let end = cand
            .find(|c: char| c.is_whitespace() || c == '<' || c == '>' || c == '"' || c == '{' || c == '}')
            .unwrap_or(cand.len());
        let link = trim_link(&cand[..end]);
        if link.len() > "https://".len() && !links.iter().any(|l| l == link) {
            links.push(link.to_string());
        }
        rest = &cand[end..];
    }
    links
}

/// A link without the punctuation of the sentence around it: trailing `.`, `,`, `;`, `:`, `!`,
/// `?` and quotes, and a closing bracket that opens nowhere in the link (`(see https://x.io/y)`)
/// while one it opens stays (`…/wiki/Transformer_(machine_learning_model)`).
fn trim_link(link: &str) -> &str {
    let mut link = link;
    loop {
        let trimmed = link.trim_end_matches(['.', ',', ';', ':', '!', '?', '\'', '"']);
        let unbalanced = |close: char, open: char| trimmed.ends_with(close) && trimmed.matches(open).count() < trimmed.matches(close).count();
        let trimmed = if unbalanced(')', '(') || unbalanced(']', '[') { &trimmed[..trimmed.len() - 1] } else { trimmed };
        if trimmed.len() == link.len() {
            return link;
        }
        link = trimmed;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_line_of_authors_is_cut_into_names_where_that_is_unambiguous() {
        for (line, want) in [
            ("Ada Lovelace, Alan Turing and Grace Hopper", &["Ada Lovelace", "Alan Turing", "Grace Hopper"][..]),
            ("Ada Lovelace, Alan Turing, and  Grace\tHopper", &["Ada Lovelace", "Alan Turing", "Grace Hopper"]),
            ("Lovelace, Ada; Turing, Alan", &["Lovelace, Ada", "Turing, Alan"]),
            ("Lovelace, Ada and Turing, Alan", &["Lovelace, Ada", "Turing, Alan"]),
            ("Lovelace, A. M.", &["Lovelace, A. M."]),
            ("Martin Luther King, Jr.", &["Martin Luther King, Jr."]),
            ("Tom & Jerry", &["Tom & Jerry"]),
            ("Ada Lovelace, Ada Lovelace", &["Ada Lovelace"]),
            (" ; , ", &[]),
            // Names of groups with `and` inside; a list of one-word names.
            ("Procter and Gamble", &["Procter and Gamble"]),
            ("Research and Development Team", &["Research and Development Team"]),
            ("Department of Research and Development and Ada Lovelace", &["Department of Research and Development", "Ada Lovelace"]),
            ("Ada Lovelace and Research and Development Team", &["Ada Lovelace", "Research and Development Team"]),
            ("Ada Lovelace; Procter and Gamble", &["Ada Lovelace", "Procter and Gamble"]),
            ("Alice, Bob, Carol", &["Alice", "Bob", "Carol"]),
            ("Alice, Bob and Carol", &["Alice", "Bob", "Carol"]),
            ("Alice, Bob, and Carol", &["Alice", "Bob", "Carol"]),
            ("Hinton, Bengio, LeCun", &["Hinton", "Bengio", "LeCun"]),
            ("Ada Lovelace, Alan Turing, Bob", &["Ada Lovelace", "Alan Turing", "Bob"]),
            // Still one name: two one-word parts alone, a suffix or an initial among three.
            ("Alice, Bob", &["Alice, Bob"]),
            ("Alice and Bob", &["Alice and Bob"]),
            ("Ada Lovelace and Alice and Bob", &["Ada Lovelace", "Alice and Bob"]),
            // Three single words or more joined by `and` are a list, as by commas.
            ("Alice and Bob and Carol", &["Alice", "Bob", "Carol"]),
            ("Alice and Bob and Carol and Dave; Procter and Gamble", &["Alice", "Bob", "Carol", "Dave", "Procter and Gamble"]),
            ("Alice and Bob and Carol Smith", &["Alice and Bob", "Carol Smith"]),
            ("King, Martin Luther, Jr.", &["King, Martin Luther, Jr."]),
            ("Lovelace, A., Countess", &["Lovelace, A., Countess"]),
            ("Martin Luther King, Jr. and Ada Lovelace", &["Martin Luther King, Jr.", "Ada Lovelace"]),
            ("Bengio, Y. and LeCun, Y.", &["Bengio, Y.", "LeCun, Y."]),
            // Initials after a surname of several words are no name of their own; surnames each
            // with initials, listed with commas, are a name each.
            ("van der Waals, J. D. and Kamerlingh Onnes, H.", &["van der Waals, J. D.", "Kamerlingh Onnes, H."]),
            ("de Broglie, L.-V.", &["de Broglie, L.-V."]),
            ("Smith, A., Jones, B. and Lee, C.", &["Smith, A.", "Jones, B.", "Lee, C."]),
            ("Lovelace, A., Turing, A. M.", &["Lovelace, A.", "Turing, A. M."]),
            ("Ada Lovelace, Turing A. M.", &["Ada Lovelace", "Turing A. M."]),
            ("Alice Smith and Bob Jones", &["Alice Smith", "Bob Jones"]),
            ("A. Smith and B. Jones", &["A. Smith", "B. Jones"]),
            ("Smith, A. and Jones, B.", &["Smith, A.", "Jones, B."]),
        ] {
            assert_eq!(split_names(line), want, "{line}");
        }
    }

    #[test]
    fn links_resolve_as_rfc_3986_says() {
        // RFC 3986, 5.4.1 and 5.4.2 (a sample of the normal and abnormal examples).
        let base = Some("http://a/b/c/d;p?q");
        for (rel, want) in [
            ("g", "http://a/b/c/g"),
            ("./g", "http://a/b/c/g"),
            ("g/", "http://a/b/c/g/"),
            ("/g", "http://a/g"),
            ("//g", "http://g"),
            ("?y", "http://a/b/c/d;p?y"),
            ("g#s", "http://a/b/c/g#s"),
            ("..", "http://a/b/"),
            ("../../g", "http://a/g"),
            ("../../../../g", "http://a/g"),
            ("/./g", "http://a/g"),
            ("g.", "http://a/b/c/g."),
        ] {
            assert_eq!(resolve_link(rel, base).as_deref(), Some(want), "{rel}");
        }
        // A link with a scheme stays as written; a relative one needs a base; a fragment alone
        // or nothing names no page.
        assert_eq!(resolve_link(" mailto:a@b.c ", None).as_deref(), Some("mailto:a@b.c"));
        assert_eq!(resolve_link("posts/1", None), None);
        assert_eq!(resolve_link("#top", base), None);
        assert_eq!(resolve_link("", base), None);
        // Non-ASCII paths resolve as IRIs; a base's fragment plays no part.
        assert_eq!(resolve_link("café/", Some("https://e.org/x/#frag")).as_deref(), Some("https://e.org/x/café/"));
        // The base: the most specific that resolves to an http(s) link.
        assert_eq!(feed_base(&[Some("archive/"), Some("https://e.org/blog/")]).as_deref(), Some("https://e.org/blog/archive/"));
        assert_eq!(feed_base(&[None, Some("urn:x"), Some("https://e.org/")]).as_deref(), Some("https://e.org/"));
        assert_eq!(feed_base(&[Some("archive/"), None]), None);
    }

    #[test]
    fn latex_accents_and_wrappers() {
        assert_eq!(clean_text("Schr\\\"odinger"), "Schro\u{308}dinger");
        assert_eq!(clean_text("na\\\"ive"), "nai\u{308}ve");
        assert_eq!(clean_text("G{\\\"o}del"), "Go\u{308}del");
        assert_eq!(clean_text("Erd\\H{o}s"), "Erdo\u{30B}s");
        assert_eq!(clean_text("a {\\em not} b, {\\it single-loop}"), "a not b, single-loop");
        assert_eq!(clean_text("60\\% faster"), "60% faster");
        assert_eq!(clean_text("x \\alpha y"), "x \\alpha y");
    }

    #[test]
    fn math_reads_as_a_reader_sees_it() {
        assert_eq!(clean_text("CO-to-H$_{2}$ factor and CH$_3$OH"), "CO-to-H₂ factor and CH₃OH");
        assert_eq!(clean_text("Optimal $L^2$ error, $O(n^2)$ time, $\\ell_2$-norm"), "Optimal $L²$ error, $O(n²)$ time, $ℓ₂$-norm");
        assert_eq!(clean_text("a $\\sim 10\\,\\rm{kpc}$ bubble of $\\mathcal{O}(\\log n)$, $T_{\\rm eff}$"), "a $∼ 10 kpc$ bubble of $O(log n)$, $T_{eff}$");
        assert_eq!(clean_text("$\\alpha$-stable, $\\Gamma$, $\\varepsilon$ and $\\mu$m"), "$α$-stable, $Γ$, $ε$ and μm");
        // A short symbol against a word joins it, as a reader sees it.
        assert_eq!(clean_text("the $\\Lambda$CDM model, $\\ell_1$-norm, $k$NN, 3$\\sigma$, $n$ and $x$ alone"), "the ΛCDM model, $ℓ₁$-norm, kNN, 3σ, $n$ and $x$ alone");
        assert_eq!(clean_text("$\\sigma$ and $\\Sigma$, $\\omega$"), "$σ$ and $Σ$, $ω$");
        // Not digits, or not a script alone: left as it is.
        assert_eq!(clean_text("$x^{n+1}$ and $10^{-3}$, $a_i$, $x^23$"), "$x^{n+1}$ and $10^{-3}$, $a_i$, $x²3$");
        assert_eq!(clean_text("costs $5 and $10 each"), "costs $5 and $10 each");
        assert_eq!(clean_text("an odd $ sign"), "an odd $ sign");
        // Fractions on one line, as a reader writes them.
        assert_eq!(clean_text("$S=\\frac{1}{2}$, $\\tfrac16$, $O(\\frac{1}{t})$"), "$S=1/2$, $1/6$, $O(1/t)$");
        assert_eq!(clean_text("$\\frac{a+b}{\\alpha^{2}}$ and $\\dfrac{\\pi}{ 4 }$"), "$(a+b)/α²$ and $π/4$");
        assert_eq!(clean_text("$\\frac{1}$ left as it was"), "$1$ left as it was");
        // Symbols by name, operators as words, a font's unbraced argument, and no unknown
        // command's name glued to its neighbours as a word.
        assert_eq!(clean_text("$\\mathbb Q\\setminus\\mathbb Z$ is diophantine"), "$Q∖Z$ is diophantine");
        assert_eq!(clean_text("$p\\mid n$, $\\prod_{p\\mid n} p$, $\\log\\log n$, $a\\foo b$"), "$p∣ n$, $∏_{p∣ n} p$, $log log n$, $a b$");
        // Math in `\\(…\\)`, `\\[…\\]` and `$$…$$` is read the same way, written as `$…$`.
        assert_eq!(clean_text("Forms for \\(GL(r, \\mathbb{F}_{q}[T])\\) and \\[ \\frac{4}{p} \\] and $$\\sum_i x_i$$ end"), "Forms for $GL(r, F_{q}[T])$ and $ 4/p $ and $∑_i x_i$ end");
        assert_eq!(clean_text("a \\( that never closes"), "a \\( that never closes");
    }

    #[test]
    fn small_markup_is_removed() {
        assert_eq!(clean_text("code: https://x.org/a {{small https://x.org/a}} end"), "code: https://x.org/a end");
    }

    #[test]
    fn links_are_found_and_trimmed() {
        assert_eq!(
            find_links("see https://github.com/a/b. and (http://x.io/y), https://github.com/a/b"),
            ["https://github.com/a/b", "http://x.io/y"]
        );
        // A bracket the link opens is part of it; one from the sentence around it is not.
        assert_eq!(
            find_links("(see https://en.wikipedia.org/wiki/Transformer_(machine_learning_model)). Or https://x.org/q?b=(2)! and [https://x.org/a]."),
            ["https://en.wikipedia.org/wiki/Transformer_(machine_learning_model)", "https://x.org/q?b=(2)", "https://x.org/a"]
        );
    }
}
