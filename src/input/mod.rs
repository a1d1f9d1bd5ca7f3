//! Reading digest entries from files: the plain-text digest format ([`digest`]), JSON arrays and
//! JSON Lines ([`json`]), RSS and Atom feeds ([`feed`]), Markdown ([`markdown`]), each optionally
//! gzip-compressed. Every error names the file, the line
//! (and column where the parser knows it) and the field.

pub mod clean;
pub mod digest;
pub mod feed;
pub mod json;
pub mod markdown;

use crate::entry::Entry;
use std::fmt;
use std::io::Read;
use std::path::Path;

/// Options that shape how inputs become entries.
#[derive(Debug, Clone, Default)]
pub struct InputOptions {
    /// Plain-text digests: how many leading paragraphs are header (default: detected).
    pub header_lines: Option<usize>,
    /// Plain-text digests: the year of a `Mar 13` header date.
    pub year: Option<u32>,
    /// The date of every entry that has none (`YYYY-MM-DD`), overriding a header date.
    pub date: Option<String>,
    /// Link for entries without one; `{id}` is replaced by the entry's id.
    pub url_template: Option<String>,
}

/// A problem with an input, located as precisely as the format allows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InputError {
    /// The file, as given.
    pub file: String,
    /// 1-based line, when known.
    pub line: Option<usize>,
    /// 1-based column, when known.
    pub column: Option<usize>,
    /// The field at fault, when one is.
    pub field: Option<String>,
    /// What is wrong.
    pub message: String,
}

impl fmt::Display for InputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file)?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
            if let Some(col) = self.column {
                write!(f, ":{col}")?;
            }
        }
        write!(f, ": ")?;
        if let Some(field) = &self.field {
            write!(f, "field `{field}`: ")?;
        }
        write!(f, "{}", self.message)
    }
}

impl std::error::Error for InputError {}

impl InputError {
    pub(crate) fn new(file: &str, line: Option<usize>, field: Option<&str>, message: impl Into<String>) -> Self {
        InputError { file: file.to_string(), line, column: None, field: field.map(str::to_string), message: message.into() }
    }
}

/// The formats an input can be in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// The plain-text digest format (title line, abstract paragraph, blank lines).
    Digest,
    /// A JSON array of entry objects.
    Json,
    /// One JSON entry object per line.
    JsonLines,
    /// An RSS or Atom feed: one entry per item.
    Feed,
    /// Markdown with headings: one entry per section.
    Markdown,
}

/// An entry as a parser read it, with where it came from (for messages).
#[derive(Debug, Clone)]
pub struct Parsed {
    /// The entry; its `id` is empty when the input gave none.
    pub entry: Entry,
    /// 1-based line where the entry starts.
    pub line: usize,
}

/// Reads and parses all inputs in order (see [`parse_sources`]).
pub fn read_inputs(paths: &[impl AsRef<Path>], opts: &InputOptions, warn: &mut dyn FnMut(String)) -> Result<Vec<Entry>, InputError> {
    let mut sources = Vec::new();
    for p in paths {
        let p = p.as_ref();
        let name = p.display().to_string();
        let bytes = std::fs::read(p).map_err(|e| InputError::new(&name, None, None, format!("cannot read: {e}")))?;
        sources.push((name, bytes));
    }
    parse_sources(&sources, opts, warn)
}

/// Parses inputs given as `(name, bytes)`, in order; assigns ids to entries without one (their
/// 0-based position across all inputs) and applies `--date` and `--url-template`. An entry
/// whose id an earlier one has replaces it (in its place); an entry without an id whose title
/// and abstract an earlier one without an id has is left out. Warnings (an input with no
/// entries, such duplicates, links the widget will not follow; at most
/// [`MAX_WARNINGS`] of each kind, then a count) go to `warn`.
pub fn parse_sources(sources: &[(String, Vec<u8>)], opts: &InputOptions, warn: &mut dyn FnMut(String)) -> Result<Vec<Entry>, InputError> {
    if let Some(d) = &opts.date {
        if crate::entry::parse_date(d).is_none() {
            return Err(InputError::new("--date", None, None, format!("`{d}` is not a YYYY-MM-DD date")));
        }
    }
    let mut entries: Vec<Entry> = Vec::new();
    // id -> where it was first seen, whether it was given from the position, and the entry's
    // place in `entries`.
    let mut seen: std::collections::HashMap<String, (String, usize, bool, usize)> = std::collections::HashMap::new();
    // Entries without an id, by a hash of their title and abstract -> where first seen: the
    // same entry twice (a digest given twice, or concatenated with itself).
    let mut texts: std::collections::HashMap<u64, (String, usize)> = std::collections::HashMap::new();
    let (mut duplicates, mut odd_links, mut repeated) = (0usize, 0usize, 0usize);
    for (name, bytes) in sources {
        let parsed = parse_input(name, bytes, opts, warn)?;
        if parsed.is_empty() {
            warn(format!("{name}: no entries found"));
        }
        for Parsed { mut entry, line } in parsed {
            let assigned = entry.id.is_empty();
            if assigned {
                entry.id = entries.len().to_string();
                use std::hash::{Hash, Hasher};
                let mut h = rustc_hash::FxHasher::default();
                (&entry.title, &entry.abstract_text).hash(&mut h);
                match texts.entry(h.finish()) {
                    std::collections::hash_map::Entry::Occupied(first) => {
                        // The same entry again, with no id to tell the two apart: left out.
                        repeated += 1;
                        if repeated <= MAX_WARNINGS {
                            let (first_file, first_line) = first.get();
                            warn(format!("{name}:{line}: the same title and abstract as at {first_file}:{first_line} (the same digest given twice?); the later is left out"));
                        }
                        continue;
                    }
                    std::collections::hash_map::Entry::Vacant(v) => {
                        v.insert((name.clone(), line));
                    }
                }
            }
            for (i, url) in entry.urls.iter().enumerate() {
                if !is_web_link(url) {
                    odd_links += 1;
                    if odd_links > MAX_WARNINGS {
                        continue;
                    }
                    let field = if i == 0 { "url".to_string() } else { format!("urls[{i}]") };
                    warn(format!(
                        "{name}:{line}: field `{field}`: `{}` is not an http(s) or relative link; it is kept, but the widget never links to it",
                        preview(url)
                    ));
                }
            }
            if entry.date.is_none() {
                entry.date.clone_from(&opts.date);
            }
            if entry.urls.is_empty() {
                if let Some(t) = &opts.url_template {
                    entry.urls.push(t.replace("{id}", &entry.id));
                }
            }
            // The same id given twice (overlapping snapshots of a feed, an entry corrected in
            // a later file): the later entry replaces the earlier, in its place. An id given
            // from a position that another entry names as its own keeps both.
            let mut replaces = None;
            if let Some((first_file, first_line, first_assigned, at)) = seen.get(&entry.id) {
                duplicates += 1;
                let both = assigned || *first_assigned;
                if !both {
                    replaces = Some(*at);
                }
                if duplicates <= MAX_WARNINGS {
                    let how = if assigned { " (given from its position: the entry has no id)" } else { "" };
                    let first_how = if *first_assigned { ", which has no id and got its position" } else { "" };
                    let outcome = if both { "both are kept" } else { "the later entry replaces the earlier" };
                    warn(format!("{name}:{line}: field `id`: duplicate id `{}`{how} (first at {first_file}:{first_line}{first_how}); {outcome}", entry.id));
                }
            } else {
                seen.insert(entry.id.clone(), (name.clone(), line, assigned, entries.len()));
            }
            match replaces {
                Some(at) => entries[at] = entry,
                None => entries.push(entry),
            }
        }
    }
    if duplicates > MAX_WARNINGS {
        warn(format!("{} more duplicate ids", duplicates - MAX_WARNINGS));
    }
    if repeated > MAX_WARNINGS {
        warn(format!("{} more entries with the same title and abstract as an earlier one (left out)", repeated - MAX_WARNINGS));
    }
    if odd_links > MAX_WARNINGS {
        warn(format!("{} more links that are not http(s) or relative", odd_links - MAX_WARNINGS));
    }
    Ok(entries)
}

/// Most warnings of one kind (duplicate ids, odd links) given one by one.
pub const MAX_WARNINGS: usize = 20;

/// True for the links the widget turns into links: http(s), and scheme-less (relative) ones.
/// Mirrors `safeHref` in `www/src/component.js`: URL parsers drop tabs and newlines and trim
/// control characters and spaces, so `java\tscript:` has a scheme too.
fn is_web_link(url: &str) -> bool {
    let cleaned: String = url.chars().filter(|c| !matches!(c, '\t' | '\n' | '\r')).collect();
    let u = cleaned.trim_matches(|c: char| c <= ' ');
    let scheme_len = u.find(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))).unwrap_or(u.len());
    let has_scheme = scheme_len > 0 && u.as_bytes()[0].is_ascii_alphabetic() && u[scheme_len..].starts_with(':');
    !has_scheme || u[..scheme_len].eq_ignore_ascii_case("http") || u[..scheme_len].eq_ignore_ascii_case("https")
}

/// At most 60 characters of `s`, for messages.
pub(super) fn preview(s: &str) -> String {
    let mut out: String = s.chars().take(60).collect();
    if out.len() < s.len() {
        out.push('…');
    }
    out
}

/// Most bytes a gzip input may expand to: an index must fit in a 32-bit WebAssembly memory
/// anyway, so anything larger is a mistake (or a decompression bomb).
pub const MAX_INPUT_BYTES: u64 = 2 << 30;

/// Parses one input given as bytes; `name` is used in messages and to tell the format. Gzip is
/// recognised by its magic bytes. An input of only white space has no entries.
pub fn parse_bytes(name: &str, bytes: &[u8], opts: &InputOptions) -> Result<Vec<Parsed>, InputError> {
    parse_input(name, bytes, opts, &mut |_| {})
}

/// [`parse_bytes`], with the warnings a format has about its own input.
fn parse_input(name: &str, bytes: &[u8], opts: &InputOptions, warn: &mut dyn FnMut(String)) -> Result<Vec<Parsed>, InputError> {
    let (bytes, inner_name): (std::borrow::Cow<[u8]>, &str) = if bytes.starts_with(&[0x1f, 0x8b]) {
        let mut out = Vec::new();
        flate2::read::MultiGzDecoder::new(bytes)
            .take(MAX_INPUT_BYTES + 1)
            .read_to_end(&mut out)
            .map_err(|e| InputError::new(name, None, None, format!("not valid gzip: {e}")))?;
        if out.len() as u64 > MAX_INPUT_BYTES {
            return Err(InputError::new(name, None, None, format!("expands to more than {} GiB: too large to index", MAX_INPUT_BYTES >> 30)));
        }
        (out.into(), name.strip_suffix(".gz").unwrap_or(name))
    } else {
        (bytes.into(), name)
    };
    let text = std::str::from_utf8(&bytes).map_err(|e| {
        let upto = &bytes[..e.valid_up_to()];
        let line_start = upto.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
        let line = upto.iter().filter(|&&b| b == b'\n').count() + 1;
        // `upto` is valid UTF-8, so its last line counts in characters, as editors do.
        let column = std::str::from_utf8(&upto[line_start..]).map_or(upto.len() - line_start, |l| l.chars().count()) + 1;
        let bad: Vec<String> = bytes[e.valid_up_to()..].iter().take(e.error_len().unwrap_or(1)).map(|b| format!("0x{b:02X}")).collect();
        let msg = format!("invalid UTF-8 (byte {}): save the file as UTF-8", bad.join(" "));
        InputError { column: Some(column), ..InputError::new(name, Some(line), None, msg) }
    })?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.trim().is_empty() {
        return Ok(Vec::new());
    }
    match detect_format(inner_name, text) {
        Format::Digest => {
            digest::parse(name, text, opts, warn)
        }
        Format::Json => json::parse_array(name, text),
        Format::JsonLines => json::parse_lines(name, text),
        Format::Feed => feed::parse(name, text),
        Format::Markdown => markdown::parse(name, text),
    }
}

/// Tells the format from the file name, or else from the first character.
pub fn detect_format(name: &str, text: &str) -> Format {
    let lower = name.to_ascii_lowercase();
    if lower.ends_with(".jsonl") || lower.ends_with(".ndjson") {
        return Format::JsonLines;
    }
    if lower.ends_with(".json") {
        return Format::Json;
    }
    if lower.ends_with(".md") || lower.ends_with(".markdown") {
        return if markdown::has_headings(text) { Format::Markdown } else { Format::Digest };
    }
    if lower.ends_with(".txt") {
        return Format::Digest;
    }
    if [".xml", ".rss", ".atom", ".rdf"].iter().any(|ext| lower.ends_with(ext)) {
        return Format::Feed;
    }
    match text.trim_start().chars().next() {
        Some('[') => Format::Json,
        Some('{') => Format::JsonLines,
        Some('<') => Format::Feed,
        Some('#') if markdown::has_headings(text) => Format::Markdown,
        _ => Format::Digest,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(name: &str, bytes: &[u8]) -> Result<Vec<Parsed>, InputError> {
        parse_bytes(name, bytes, &InputOptions::default())
    }

    #[test]
    fn invalid_utf8_names_line_character_column_and_byte() {
        let e = parse("f.jsonl", b"{\"title\":\"ok\"}\n{\"title\":\"\xc3\xa9t\xe9\"}").unwrap_err();
        // Line 2: `{"title":"ét` is 12 characters (13 bytes), the bad byte is the 13th character.
        assert_eq!((e.line, e.column), (Some(2), Some(13)), "{e}");
        assert_eq!(e.to_string(), "f.jsonl:2:13: invalid UTF-8 (byte 0xE9): save the file as UTF-8");
    }

    #[test]
    fn blank_inputs_have_no_entries_in_every_format() {
        for name in ["a.json", "a.jsonl", "a.txt", "a.xml", "a"] {
            assert!(parse(name, b"").unwrap().is_empty(), "{name}");
            assert!(parse(name, b" \n\t\r\n ").unwrap().is_empty(), "{name}");
            assert!(parse(name, b"\xef\xbb\xbf\n").unwrap().is_empty(), "{name} with a BOM");
        }
    }

    #[test]
    fn an_entry_without_an_id_given_twice_warns() {
        let digest = "Mar 13, 2024\n\nA Title\n\nAn abstract long enough to be one, with methods, results, data and baselines, going on well past two hundred bytes so that it reads as the abstract of a paper in a digest of papers, as they do.\n";
        let sources = vec![("a.txt".to_string(), digest.as_bytes().to_vec()), ("b.txt".to_string(), digest.as_bytes().to_vec())];
        let mut warnings = Vec::new();
        let entries = parse_sources(&sources, &InputOptions::default(), &mut |w| warnings.push(w)).unwrap();
        assert_eq!(entries.len(), 1, "the repeat is left out");
        assert_eq!(warnings, ["b.txt:3: the same title and abstract as at a.txt:3 (the same digest given twice?); the later is left out"]);
        // Entries with ids are told apart by them, whatever their text.
        let sources = vec![("a.jsonl".to_string(), b"{\"id\":\"1\",\"title\":\"Same\"}\n{\"id\":\"2\",\"title\":\"Same\"}\n".to_vec())];
        let mut warnings = Vec::new();
        parse_sources(&sources, &InputOptions::default(), &mut |w| warnings.push(w)).unwrap();
        assert_eq!(warnings, Vec::<String>::new());
    }

    #[test]
    fn duplicate_ids_and_odd_links_warn() {
        let sources = vec![
            ("a.jsonl".to_string(), b"{\"id\":\"x\",\"title\":\"one\"}\n{\"title\":\"two\",\"url\":\"javascript:alert(1)\"}\n".to_vec()),
            ("b.jsonl".to_string(), b"{\"id\":\"x\",\"title\":\"three\",\"urls\":[\"https://e.org\",\" DATA:text/html,hi\"]}\n{\"id\":\"1\",\"title\":\"four\"}\n".to_vec()),
        ];
        let mut warnings = Vec::new();
        let entries = parse_sources(&sources, &InputOptions::default(), &mut |w| warnings.push(w)).unwrap();
        // `x` given twice: the later replaces the earlier, in its place. `1`, given once and
        // once from a position, names two entries.
        let titles: Vec<&str> = entries.iter().map(|e| e.title.as_str()).collect();
        assert_eq!(titles, ["three", "two", "four"]);
        assert_eq!(
            warnings,
            [
                "a.jsonl:2: field `url`: `javascript:alert(1)` is not an http(s) or relative link; it is kept, but the widget never links to it",
                "b.jsonl:1: field `urls[1]`: `DATA:text/html,hi` is not an http(s) or relative link; it is kept, but the widget never links to it",
                "b.jsonl:1: field `id`: duplicate id `x` (first at a.jsonl:1); the later entry replaces the earlier",
                "b.jsonl:2: field `id`: duplicate id `1` (first at a.jsonl:2, which has no id and got its position); both are kept",
            ]
        );
    }

    #[test]
    fn many_warnings_of_a_kind_are_counted_not_listed() {
        let mut feed = String::new();
        for i in 0..50 {
            feed.push_str(&format!("{{\"id\":\"same\",\"title\":\"t{i}\",\"url\":\"mailto:a{i}@b.c\"}}\n"));
        }
        let mut warnings = Vec::new();
        let entries = parse_sources(&[("f.jsonl".to_string(), feed.into_bytes())], &InputOptions::default(), &mut |w| warnings.push(w)).unwrap();
        assert_eq!(entries.iter().map(|e| e.title.as_str()).collect::<Vec<_>>(), ["t49"], "the last of the id's entries");
        assert_eq!(warnings.len(), 2 * MAX_WARNINGS + 2, "{warnings:#?}");
        assert_eq!(warnings[warnings.len() - 2], "29 more duplicate ids");
        assert_eq!(warnings[warnings.len() - 1], "30 more links that are not http(s) or relative");
    }

    #[test]
    fn web_links_are_told_apart_like_the_widget_does() {
        for ok in ["https://e.org/a", "HTTP://e.org", "papers/1.html", "/abs/1", "//e.org/x", "#frag", "?q=1", "a:b/c"[2..].as_ref(), ""] {
            assert!(is_web_link(ok), "{ok:?}");
        }
        for bad in ["javascript:alert(1)", " JaVa\tScRiPt:x", "java\nscript:x", "data:text/html,x", "vbscript:x", "mailto:a@b.c", "\u{1}javascript:x"] {
            assert!(!is_web_link(bad), "{bad:?}");
        }
    }

    #[test]
    fn gzip_inputs_are_read_and_bad_gzip_is_named() {
        use std::io::Write;
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        gz.write_all(b"{\"title\":\"zipped\"}\n").unwrap();
        let bytes = gz.finish().unwrap();
        assert_eq!(parse("f.jsonl.gz", &bytes).unwrap()[0].entry.title, "zipped");
        let e = parse("f.jsonl.gz", &bytes[..bytes.len() / 2]).unwrap_err();
        assert!(e.to_string().starts_with("f.jsonl.gz: not valid gzip"), "{e}");
    }
}
