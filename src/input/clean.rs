//! Cleaning the markup that digest text carries: LaTeX accents (`Schr\"odinger` → Schrödinger),
//! `{\em ...}`-style wrappers, escaped specials (`60\%`), `{{small URL}}` markup, runs of white
//! space; and finding the http(s) links in a text.

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
    if !input.contains(['{', '\\']) {
        return collapse_spaces(input);
    }
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
        let link = cand[..end].trim_end_matches(['.', ',', ';', ':', ')', ']', '\'', '"']);
        if link.len() > "https://".len() && !links.iter().any(|l| l == link) {
            links.push(link.to_string());
        }
        rest = &cand[end..];
    }
    links
}

#[cfg(test)]
mod tests {
    use super::*;

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
    fn small_markup_is_removed() {
        assert_eq!(clean_text("code: https://x.org/a {{small https://x.org/a}} end"), "code: https://x.org/a end");
    }

    #[test]
    fn links_are_found_and_trimmed() {
        assert_eq!(
            find_links("see https://github.com/a/b. and (http://x.io/y), https://github.com/a/b"),
            ["https://github.com/a/b", "http://x.io/y"]
        );
    }
}
