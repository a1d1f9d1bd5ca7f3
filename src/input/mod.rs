//! Reading digest entries from files: the plain-text digest format ([`digest`]), JSON arrays,
//! JSON Lines and JSON Feed ([`json`]), RSS 2.0 and 1.0 and Atom feeds ([`feed`]), Markdown
//! ([`markdown`]), each optionally gzip-compressed (`decode` turns a file's bytes into its
//! text). Every error names the file, the line (and column where the parser knows it) and the
//! field. This module tells each input's format, and across inputs gives entries without one
//! their ids and warns of duplicates and of links the widget will not follow.

pub mod clean;
mod dates;
mod decode;
pub mod digest;
pub mod feed;
pub mod json;
pub mod markdown;

pub use decode::MAX_INPUT_BYTES;

use crate::entry::Entry;
use std::fmt;
use std::io::Read;
use std::path::Path;

/// Options that shape how inputs become entries.
#[derive(Debug, Clone, Default)]
pub struct InputOptions {
    /// Plain-text digests: how many leading paragraphs are header (default: detected).
    pub header_lines: Option<usize>,
    /// Plain-text digests: the year (1900 to 2999) of a header date without one (`Mar 13`), in a
    /// file whose name has none (`digest-2024-03-13.txt`): the header's own year comes first,
    /// then the file name's, then this.
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

/// Reads and parses all inputs in order (see [`parse_sources`]); `-` is standard input (named
/// [`STDIN_NAME`] in messages), which can be given once.
pub fn read_inputs(paths: &[impl AsRef<Path>], opts: &InputOptions, warn: &mut dyn FnMut(String)) -> Result<Vec<Entry>, InputError> {
    let mut sources = Vec::new();
    for p in paths {
        let p = p.as_ref();
        if p.as_os_str() == "-" {
            if sources.iter().any(|(name, _)| name == STDIN_NAME) {
                return Err(InputError::new(STDIN_NAME, None, None, "standard input (`-`) is given twice: it can be read once"));
            }
            let mut bytes = Vec::new();
            std::io::stdin().lock().read_to_end(&mut bytes).map_err(|e| InputError::new(STDIN_NAME, None, None, format!("cannot read: {e}")))?;
            sources.push((STDIN_NAME.to_string(), bytes));
            continue;
        }
        let name = p.display().to_string();
        let bytes = std::fs::read(p).map_err(|e| InputError::new(&name, None, None, format!("cannot read: {e}")))?;
        sources.push((name, bytes));
    }
    parse_sources(&sources, opts, warn)
}

/// Parses inputs given as `(name, bytes)`, in order; assigns ids to entries without one (their
/// input's [`id_stem`] and their 0-based position in it: `digest-2024-03-13-4`, the same
/// whatever other inputs come before) and applies `--date` and `--url-template`. An entry
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
    if let Some(y) = opts.year.filter(|y| !YEARS.contains(y)) {
        return Err(InputError::new("--year", None, None, format!("{y} is not a year from {} to {}", YEARS.start(), YEARS.end())));
    }
    if let Some(t) = opts.url_template.as_deref().filter(|t| !t.contains("{id}")) {
        return Err(InputError::new("--url-template", None, None, format!("`{}` has no `{{id}}`: every entry without a link would get that same link", preview(t))));
    }
    let mut entries: Vec<Entry> = Vec::new();
    // id -> where it was first seen, whether it was given from the position, and the entry's
    // place in `entries`.
    let mut seen: std::collections::HashMap<String, (String, usize, bool, usize)> = std::collections::HashMap::new();
    // Entries without an id, by a hash of their title and abstract -> where first seen: the
    // same entry twice (a digest given twice, or concatenated with itself).
    let mut texts: std::collections::HashMap<u64, (String, usize)> = std::collections::HashMap::new();
    let (mut duplicates, mut odd_links, mut repeated, mut hosts) = (0usize, 0usize, 0usize, 0usize);
    for (name, bytes) in sources {
        let parsed = parse_input(name, bytes, opts, warn)?;
        if parsed.is_empty() {
            warn(format!("{name}: no entries found"));
        }
        let stem = id_stem(name);
        for (position, Parsed { mut entry, line }) in parsed.into_iter().enumerate() {
            let assigned = entry.id.is_empty();
            if assigned {
                entry.id = format!("{stem}-{position}");
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
            // A link made from the template is checked as any other.
            if entry.urls.is_empty() {
                if let Some(t) = &opts.url_template {
                    entry.urls.push(t.replace("{id}", &entry.id));
                }
            }
            for (i, url) in entry.urls.iter().enumerate() {
                if let Some((host, link)) = host_without_scheme(url) {
                    hosts += 1;
                    if hosts <= MAX_WARNINGS {
                        let field = if i == 0 { "url".to_string() } else { format!("urls[{i}]") };
                        warn(format!(
                            "{name}:{line}: field `{field}`: `{}` has no `https://`, so the widget links it as a page beside the search page; for the site {host}, write `https://{}`",
                            preview(url),
                            preview(link)
                        ));
                    }
                }
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
                    let how = if assigned { " (given from its file and position: the entry has no id)" } else { "" };
                    let first_how = if *first_assigned { ", which has no id and got its file and position" } else { "" };
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
    if hosts > MAX_WARNINGS {
        warn(format!("{} more links without `https://`", hosts - MAX_WARNINGS));
    }
    if odd_links > MAX_WARNINGS {
        warn(format!("{} more links that are not http(s) or relative", odd_links - MAX_WARNINGS));
    }
    Ok(entries)
}

/// The first part of the ids of an input's entries that have none: its file name without the
/// folder and the extension (`digests/digest-2024-03-13.txt` → `digest-2024-03-13`; `.gz` and the
/// format's extension both go); `stdin` for standard input.
pub fn id_stem(name: &str) -> &str {
    if name == STDIN_NAME {
        return "stdin";
    }
    let file = name.rsplit(['/', '\\']).next().unwrap_or(name);
    let file = file.strip_suffix(".gz").unwrap_or(file);
    match file.rfind('.') {
        Some(dot) if dot > 0 => &file[..dot],
        _ if file.is_empty() => "entry",
        _ => file,
    }
}

/// The years a date of the inputs may have when the year is read apart from the rest (a
/// header's `Mar 13, 2024`, a file name's, `--year`, a Markdown heading's): four digits that
/// are not some other number.
pub const YEARS: std::ops::RangeInclusive<u32> = 1900..=2999;

/// How messages name standard input (the input `-`).
pub const STDIN_NAME: &str = "<stdin>";

/// Most warnings of one kind (duplicate ids, odd links) given one by one.
pub const MAX_WARNINGS: usize = 20;

/// True for the links the widget turns into links: http(s), and scheme-less (relative) ones.
/// Mirrors `safeHref` in `www/src/component.js`: URL parsers drop tabs and newlines and trim
/// control characters and spaces, so `java\tscript:` has a scheme too.
fn is_web_link(url: &str) -> bool {
    let cleaned: String = url.chars().filter(|c| !matches!(c, '\t' | '\n' | '\r')).collect();
    let u = cleaned.trim_matches(|c: char| c <= ' ');
    clean::scheme(u).is_none_or(|s| s.eq_ignore_ascii_case("http") || s.eq_ignore_ascii_case("https"))
}

/// The host a relative link most likely meant, written without its scheme (`example.org/p/1`,
/// `www.example.org`, `https//example.org`): its first segment is `www.` and more, or a name
/// under a common top-level domain; `papers/1.html`, `notes.md` and `/abs/1` are not. Returns
/// the host and the link from it on.
fn host_without_scheme(url: &str) -> Option<(&str, &str)> {
    const TLDS: [&str; 24] =
        ["com", "org", "net", "edu", "gov", "io", "dev", "ai", "app", "co", "info", "me", "xyz", "uk", "de", "fr", "jp", "cn", "eu", "ca", "au", "nl", "ch", "us"];
    let u = url.trim();
    if clean::scheme(u).is_some() {
        return None;
    }
    let lower = u.to_ascii_lowercase();
    let rest = ["https//", "http//"].iter().find_map(|p| lower.starts_with(p).then(|| &u[p.len()..])).unwrap_or(u);
    let host = &rest[..rest.find(['/', '?', '#']).unwrap_or(rest.len())];
    let (name, tld) = host.rsplit_once('.')?;
    let hostlike = !name.is_empty() && host.chars().all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '-');
    (hostlike && (host.to_ascii_lowercase().starts_with("www.") || TLDS.iter().any(|t| tld.eq_ignore_ascii_case(t)))).then_some((host, rest))
}

/// At most 60 characters of `s`, for messages.
pub(super) fn preview(s: &str) -> String {
    let mut out: String = s.chars().take(60).collect();
    if out.len() < s.len() {
        out.push('…');
    }
    out
}

/// Parses one input given as bytes; `name` is used in messages and to tell the format. Gzip is
/// recognised by its magic bytes. An input of only white space has no entries.
pub fn parse_bytes(name: &str, bytes: &[u8], opts: &InputOptions) -> Result<Vec<Parsed>, InputError> {
    parse_input(name, bytes, opts, &mut |_| {})
}

/// [`parse_bytes`], with the warnings a format has about its own input.
fn parse_input(name: &str, bytes: &[u8], opts: &InputOptions, warn: &mut dyn FnMut(String)) -> Result<Vec<Parsed>, InputError> {
    let (text, inner_name) = decode::text(name, bytes)?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    if text.trim().is_empty() {
        return Ok(Vec::new());
    }
    let format = detect_format(inner_name, text);
    if format != Format::Digest && inner_name.to_ascii_lowercase().ends_with(".txt") {
        let what = match format {
            Format::Json => "a JSON array (name it .json)",
            Format::JsonLines => "JSON Lines (name it .jsonl)",
            _ => "a feed (name it .xml)",
        };
        warn(format!("{name}: read as {what}, not as a plain-text digest: that is what it holds"));
    }
    if let Some(ext) = foreign_extension(inner_name).filter(|_| format == Format::Digest) {
        warn(format!(
            "{name}: `.{ext}` is not a format digest-search reads (JSON, JSON Lines, feeds, Markdown): read as a plain-text digest, \
             a title line and an abstract paragraph per entry (convert the file, to JSON Lines say, or name a plain-text digest .txt)"
        ));
    }
    match format {
        Format::Digest => {
            digest::parse(name, text, opts, warn)
        }
        Format::Json => json::parse_array(name, text, warn),
        Format::JsonLines => json::parse_lines(name, text, warn),
        Format::Feed => feed::parse(name, text),
        // A section's links are usually a release's diff or issues: with `--url-template`,
        // the section's own anchor comes first (`…/CHANGELOG#120---2024-05-01`).
        Format::Markdown => markdown::parse(name, text).map(|mut parsed| {
            if let Some(t) = &opts.url_template {
                for p in &mut parsed {
                    let own = t.replace("{id}", &p.entry.id);
                    p.entry.urls.retain(|u| *u != own);
                    p.entry.urls.insert(0, own);
                }
            }
            parsed
        }),
    }
}

/// The format of a `.txt` file: a plain-text digest, unless it plainly holds JSON Lines (its
/// first line is a JSON object), a JSON array of objects or a feed (`<?xml`, `<rss`, `<feed`,
/// `<rdf:RDF`), as a file saved under the wrong name does.
fn text_format(text: &str) -> Format {
    let start = text.trim_start();
    let first_line = start.lines().next().unwrap_or("");
    if first_line.starts_with('{') && serde_json::from_str::<serde_json::Map<String, serde_json::Value>>(first_line).is_ok() {
        return Format::JsonLines;
    }
    if start.strip_prefix('[').is_some_and(|rest| rest.trim_start().starts_with('{')) {
        return Format::Json;
    }
    if ["<?xml", "<rss", "<feed", "<rdf:RDF"].iter().any(|p| start.starts_with(p)) {
        return Format::Feed;
    }
    Format::Digest
}

/// The extension of a file name that says it holds a format other than those read (`.csv`,
/// `.yaml`, `.html`): the name's text after its last dot, when it has a letter (`digest.2024.03`
/// ends in no extension) and is not one of a plain-text digest (`.txt`, `.text`, `.md`).
fn foreign_extension(name: &str) -> Option<&str> {
    let file = name.rsplit(['/', '\\']).next().unwrap_or(name);
    let (stem, ext) = file.rsplit_once('.')?;
    let plain = ["txt", "text", "md", "markdown"].iter().any(|p| ext.eq_ignore_ascii_case(p));
    (!stem.is_empty() && !plain && ext.len() <= 8 && ext.chars().all(|c| c.is_ascii_alphanumeric()) && ext.chars().any(|c| c.is_ascii_alphabetic())).then_some(ext)
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
        return text_format(text);
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

    /// [`parse_bytes`] with the default options (also for the tests of `decode`).
    pub(super) fn parse(name: &str, bytes: &[u8]) -> Result<Vec<Parsed>, InputError> {
        parse_bytes(name, bytes, &InputOptions::default())
    }

    #[test]
    fn a_url_template_links_markdown_sections_to_their_anchors_first() {
        let md = "## [1.2.0] - 2024-05-01\n\nFixed a crash.\n\n## 1.1.0\n\nMore.\n\n[1.2.0]: https://github.com/a/b/compare/v1.1.0...v1.2.0\n";
        let opts = InputOptions { url_template: Some("https://a.dev/changelog#{id}".into()), ..InputOptions::default() };
        let got = parse_sources(&[("CHANGELOG.md".to_string(), md.as_bytes().to_vec())], &opts, &mut |_| {}).unwrap();
        assert_eq!(got[0].urls, ["https://a.dev/changelog#120---2024-05-01", "https://github.com/a/b/compare/v1.1.0...v1.2.0"]);
        assert_eq!(got[1].urls, ["https://a.dev/changelog#110"]);
        // Without the template, the section's own link.
        let got = parse_sources(&[("CHANGELOG.md".to_string(), md.as_bytes().to_vec())], &InputOptions::default(), &mut |_| {}).unwrap();
        assert_eq!(got[0].urls, ["https://github.com/a/b/compare/v1.1.0...v1.2.0"]);
    }

    #[test]
    fn a_txt_file_holding_json_lines_a_json_array_or_a_feed_is_read_as_such_and_said() {
        let lines = "{\"id\":\"a\",\"title\":\"Alpha\"}\n{\"id\":\"b\",\"title\":\"Beta\"}\n";
        let array = "[\n {\"id\":\"a\",\"title\":\"Alpha\"}\n]";
        let feed = "<?xml version=\"1.0\"?>\n<rss><channel><item><title>Alpha</title></item></channel></rss>";
        for (text, what) in [(lines, "JSON Lines (name it .jsonl)"), (array, "a JSON array (name it .json)"), (feed, "a feed (name it .xml)")] {
            let mut warnings = Vec::new();
            let got = parse_sources(&[("today.txt".to_string(), text.as_bytes().to_vec())], &InputOptions::default(), &mut |w| warnings.push(w)).unwrap();
            assert_eq!(got[0].title, "Alpha", "{what}");
            assert_eq!(warnings, [format!("today.txt: read as {what}, not as a plain-text digest: that is what it holds")]);
        }
        // A digest whose first line only starts like one is a digest.
        assert_eq!(text_format("{Daily} papers\n\nMar 13\n"), Format::Digest);
        assert_eq!(text_format("[Daily] papers\n\nMar 13\n"), Format::Digest);
        assert_eq!(text_format("<b>Daily</b> papers\n"), Format::Digest);
    }

    #[test]
    fn url_template_links_are_checked_and_need_an_id() {
        let sources = [("a.jsonl".to_string(), b"{\"id\":\"x\",\"title\":\"one\"}\n".to_vec())];
        let opts = |t: &str| InputOptions { url_template: Some(t.into()), ..InputOptions::default() };
        let mut warnings = Vec::new();
        let got = parse_sources(&sources, &opts("javascript:alert({id})"), &mut |w| warnings.push(w)).unwrap();
        assert_eq!(got[0].urls, ["javascript:alert(x)"]);
        assert_eq!(warnings, ["a.jsonl:1: field `url`: `javascript:alert(x)` is not an http(s) or relative link; it is kept, but the widget never links to it"]);
        let e = parse_sources(&sources, &opts("https://example.org/p/"), &mut |_| {}).unwrap_err();
        assert_eq!(e.to_string(), "--url-template: `https://example.org/p/` has no `{id}`: every entry without a link would get that same link");
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
    fn an_entry_without_an_id_keeps_its_id_whatever_inputs_come_before() {
        let day = |title: &str| format!("March 13, 2024\n\n{title}\n\nAn abstract long enough to be one, with methods, results, data and baselines, going on well past two hundred bytes so that it reads as the abstract of a paper in a digest of papers, as they do.\n");
        let ids = |sources: &[(&str, String)]| -> Vec<String> {
            let sources: Vec<(String, Vec<u8>)> = sources.iter().map(|(n, t)| (n.to_string(), t.clone().into_bytes())).collect();
            parse_sources(&sources, &InputOptions::default(), &mut |_| {}).unwrap().into_iter().map(|e| e.id).collect()
        };
        let today = ("digests/digest-2024-03-13.txt", day("Zebra Attention Heads"));
        assert_eq!(ids(std::slice::from_ref(&today)), ["digest-2024-03-13-0"]);
        // An earlier day added before it (or a later one, or one dropped): the same id.
        assert_eq!(ids(&[("digest-2024-03-12.txt", day("Sparse Mixture Routing")), today]), ["digest-2024-03-12-0", "digest-2024-03-13-0"]);
        for (name, stem) in [("feed.jsonl.gz", "feed"), ("a\\b.c.json", "b.c"), (".hidden", ".hidden"), (STDIN_NAME, "stdin"), ("dir/", "entry")] {
            assert_eq!(id_stem(name), stem, "{name}");
        }
    }

    #[test]
    fn duplicate_ids_and_odd_links_warn() {
        let sources = vec![
            ("a.jsonl".to_string(), b"{\"id\":\"x\",\"title\":\"one\"}\n{\"title\":\"two\",\"url\":\"javascript:alert(1)\"}\n".to_vec()),
            ("b.jsonl".to_string(), b"{\"id\":\"x\",\"title\":\"three\",\"urls\":[\"https://e.org\",\" DATA:text/html,hi\"]}\n{\"id\":\"a-1\",\"title\":\"four\"}\n".to_vec()),
        ];
        let mut warnings = Vec::new();
        let entries = parse_sources(&sources, &InputOptions::default(), &mut |w| warnings.push(w)).unwrap();
        // `x` given twice: the later replaces the earlier, in its place. `a-1`, given once and
        // once from a file and position, names two entries.
        let titles: Vec<&str> = entries.iter().map(|e| e.title.as_str()).collect();
        assert_eq!(titles, ["three", "two", "four"]);
        assert_eq!(
            warnings,
            [
                "a.jsonl:2: field `url`: `javascript:alert(1)` is not an http(s) or relative link; it is kept, but the widget never links to it",
                "b.jsonl:1: field `urls[1]`: `DATA:text/html,hi` is not an http(s) or relative link; it is kept, but the widget never links to it",
                "b.jsonl:1: field `id`: duplicate id `x` (first at a.jsonl:1); the later entry replaces the earlier",
                "b.jsonl:2: field `id`: duplicate id `a-1` (first at a.jsonl:2, which has no id and got its file and position); both are kept",
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

}
