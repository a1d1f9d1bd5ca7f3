//! Reading digest entries from files: the plain-text digest format ([`digest`]), JSON arrays and
//! JSON Lines ([`json`]), each optionally gzip-compressed. Every error names the file, the line
//! (and column where the parser knows it) and the field.

pub mod clean;
pub mod digest;
pub mod json;

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
/// 0-based position across all inputs) and applies `--date` and `--url-template`. Warnings
/// (an input with no entries, duplicate ids) go to `warn`.
pub fn parse_sources(sources: &[(String, Vec<u8>)], opts: &InputOptions, warn: &mut dyn FnMut(String)) -> Result<Vec<Entry>, InputError> {
    if let Some(d) = &opts.date {
        if crate::entry::parse_date(d).is_none() {
            return Err(InputError::new("--date", None, None, format!("`{d}` is not a YYYY-MM-DD date")));
        }
    }
    let mut entries = Vec::new();
    let mut seen: std::collections::HashMap<String, (usize, String, usize)> = std::collections::HashMap::new();
    for (name, bytes) in sources {
        let parsed = parse_bytes(name, bytes, opts)?;
        if parsed.is_empty() {
            warn(format!("{name}: no entries found"));
        }
        for Parsed { mut entry, line } in parsed {
            let position = entries.len();
            if entry.id.is_empty() {
                entry.id = position.to_string();
            }
            if let Some((_, first_file, first_line)) = seen.get(&entry.id) {
                warn(format!("{name}:{line}: field `id`: duplicate id `{}` (first at {first_file}:{first_line}); both are kept", entry.id));
            } else {
                seen.insert(entry.id.clone(), (position, name.clone(), line));
            }
            if entry.date.is_none() {
                entry.date.clone_from(&opts.date);
            }
            if entry.urls.is_empty() {
                if let Some(t) = &opts.url_template {
                    entry.urls.push(t.replace("{id}", &entry.id));
                }
            }
            entries.push(entry);
        }
    }
    Ok(entries)
}

/// Parses one input given as bytes; `name` is used in messages and to tell the format. Gzip is
/// recognised by its magic bytes.
pub fn parse_bytes(name: &str, bytes: &[u8], opts: &InputOptions) -> Result<Vec<Parsed>, InputError> {
    let (bytes, inner_name): (std::borrow::Cow<[u8]>, &str) = if bytes.starts_with(&[0x1f, 0x8b]) {
        let mut out = Vec::new();
        flate2::read::MultiGzDecoder::new(bytes)
            .read_to_end(&mut out)
            .map_err(|e| InputError::new(name, None, None, format!("not valid gzip: {e}")))?;
        (out.into(), name.strip_suffix(".gz").unwrap_or(name))
    } else {
        (bytes.into(), name)
    };
    let text = std::str::from_utf8(&bytes).map_err(|e| {
        let upto = &bytes[..e.valid_up_to()];
        let line = upto.iter().filter(|&&b| b == b'\n').count() + 1;
        let column = upto.len() - upto.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1) + 1;
        InputError { column: Some(column), ..InputError::new(name, Some(line), None, "invalid UTF-8") }
    })?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    match detect_format(inner_name, text) {
        Format::Digest => digest::parse(name, text, opts),
        Format::Json => json::parse_array(name, text),
        Format::JsonLines => json::parse_lines(name, text),
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
    if lower.ends_with(".txt") || lower.ends_with(".md") {
        return Format::Digest;
    }
    match text.trim_start().chars().next() {
        Some('[') => Format::Json,
        Some('{') => Format::JsonLines,
        _ => Format::Digest,
    }
}
