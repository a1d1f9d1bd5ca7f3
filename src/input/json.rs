//! JSON inputs: an array of entry objects, JSON Lines (one object per line), or a JSON Feed.
//!
//! Field names follow the shared corpora: `id`, `title`, `abstract` (or `summary`,
//! `description`, `body`, `content`: a site's `search.json`, `text`: MiniSearch's, Lunr's and
//! Fuse.js's examples), `url` or `urls` (a GitHub object's page, `html_url`, before its `url`
//! unless that is the API's: `is_api_address`), `date`, `authors`
//! (a list, or one string of names: [`split_names`]), `tags`, `version` (a release's titles
//! it: `version_of`). Other fields are not read, and
//! said so once per file and field, with the field they likely stand for (`link`: `url`;
//! [`LIKELY`]); a field of the wrong type is an error naming the line and the field.
//! A title or abstract that is HTML (`super::feed::is_html`) is read as a feed's body is; an
//! abstract that is plainly Markdown (`super::markdown::looks_like_markdown`), as a Markdown
//! file's section is.
//! The links in its text (HTML's, Markdown's, bare addresses) are links of the entry, but those
//! to a picture (`is_image_link`); its own `url` and `urls` are kept whatever they name.
//!
//! A [JSON Feed](https://jsonfeed.org/version/1.1) (an object with `version` and `items`) has
//! its own names (`feed_item`), its plain texts read as a JSON entry's are (`It&#8217;s`, as
//! WordPress's JSON Feed plugin writes titles, is `It’s`): `content_text` or `content_html` (read as text, without a
//! newsletter platform's buttons and lines, as a feed's body: `super::feed::body_text`) for the
//! abstract, after the `summary` unless the body starts with it, `date_published`,
//! `authors[].name` (else the feed's own `authors`); relative links resolve against
//! `home_page_url` (else `feed_url`); an item without a title takes the first words of its
//! text, or with no text either, its link, as in RSS.

use super::clean::{clean_text, feed_base, find_page_links, resolve_link, split_names};
use super::{InputError, Parsed};
use crate::entry::{parse_date, Entry};
use serde_json::{Map, Value};

/// Inputs smaller than this are parsed on one thread.
const PARALLEL_BYTES: usize = 4 << 20;

/// Parses JSON Lines; blank lines are skipped. Large inputs are parsed in runs of whole lines,
/// one per core; the first error by line number is reported, as a single pass would. Fields
/// not read go to `warn`, once per field (with the field each likely stands for: [`LIKELY`]).
pub fn parse_lines(name: &str, text: &str, warn: &mut dyn FnMut(String)) -> Result<Vec<Parsed>, InputError> {
    let runs = if text.len() < PARALLEL_BYTES { 1 } else { crate::parallel::workers(2) };
    if runs == 1 {
        let (out, unread) = parse_run(name, text, 1)?;
        unread_fields(name, unread, warn);
        return Ok(out);
    }
    // Split at the line end nearest the middle.
    let mid = text[text.len() / 2..].find('\n').map_or(text.len(), |i| text.len() / 2 + i + 1);
    let (head, tail) = text.split_at(mid);
    let first_tail_line = 1 + head.matches('\n').count();
    let (a, b) = crate::parallel::join(|| parse_run(name, head, 1), || parse_run(name, tail, first_tail_line));
    let (mut out, mut unread) = a?;
    let (tail_out, tail_unread) = b?;
    out.extend(tail_out);
    unread.merge(tail_unread);
    unread_fields(name, unread, warn);
    Ok(out)
}

/// What a file's entries hold that is not read as written, each by the first line that has it
/// ([`note_unread`]): fields not read, a string of tags joined by commas, a string of authors
/// left one name at a comma or at an `and`.
#[derive(Default)]
struct Unread {
    fields: std::collections::BTreeMap<String, usize>,
    comma_tags: Option<usize>,
    whole_authors: Option<usize>,
    and_authors: Option<usize>,
}

impl Unread {
    /// Adds what the lines after these hold.
    fn merge(&mut self, later: Unread) {
        for (key, line) in later.fields {
            self.fields.entry(key).or_insert(line);
        }
        self.comma_tags = self.comma_tags.or(later.comma_tags);
        self.whole_authors = self.whole_authors.or(later.whole_authors);
        self.and_authors = self.and_authors.or(later.and_authors);
    }
}

/// Parses the lines of `text`, the first of which is line `first_line` of the file.
fn parse_run(name: &str, text: &str, first_line: usize) -> Result<(Vec<Parsed>, Unread), InputError> {
    let mut out = Vec::new();
    let mut unread = Unread::default();
    for (i, line) in text.lines().enumerate() {
        let line_no = first_line + i;
        if line.trim().is_empty() {
            continue;
        }
        let value: Value = serde_json::from_str(line).map_err(|e| {
            // serde counts lines within the one line it was given: only its column is kept.
            let what = without_position(&e);
            let byte_column = if what == "trailing comma" { trailing_comma_at(line, 1, e.column()).map(|(_, c)| c) } else { None }.unwrap_or(e.column());
            let mut msg = format!("invalid JSON: {what}");
            if line_no == 1 && line.trim_start().starts_with('[') {
                msg.push_str(" (a JSON Lines file has one entry object per line; a JSON array belongs in a .json file)");
            }
            InputError { column: Some(char_column(line, byte_column)), ..InputError::new(name, Some(line_no), None, msg) }
        })?;
        if value.is_array() {
            return Err(InputError::new(
                name,
                Some(line_no),
                None,
                "expected an entry object, found an array (a JSON Lines file has one entry object per line; a JSON array belongs in a .json file)",
            ));
        }
        out.push(Parsed { entry: entry_from(name, line_no, &value)?, line: line_no });
        note_unread(&value, line_no, &mut unread);
    }
    Ok((out, unread))
}

/// The fields an entry object may have.
const READ: [&str; 15] = ["id", "title", "abstract", "summary", "description", "body", "content", "text", "url", "urls", "date", "authors", "tags", "version", "html_url"];

/// The fields also read of a GitHub object (one with an `html_url`: a release, an issue, as
/// `gh api` gives them), where the entry's own field of the same meaning is absent
/// (`entry_from`).
const GITHUB_READ: [&str; 7] = ["name", "tag_name", "published_at", "created_at", "author", "user", "labels"];

/// The fields of a WordPress post (`is_wordpress`) not told as unread: its page, `link`, is
/// read; its `excerpt` is left for its `content`; its `author` and `categories` are numbers,
/// ids of names it does not give.
const WORDPRESS_READ: [&str; 4] = ["link", "excerpt", "author", "categories"];

/// The fields an entry's abstract is read from, the first present in this order: a slice of
/// [`READ`], so that a field read is never also reported as not read. `content` is the text of
/// the `search.json` that sites write for client-side search (Jekyll's, Hugo's), often HTML;
/// `text` the body in the examples of MiniSearch, Lunr and Fuse.js.
const ABSTRACT_FIELDS: &[&str] = READ.split_at(2).1.split_at(6).0;

/// Fields that feeds and other tools name otherwise, and the field each likely stands for.
pub const LIKELY: [(&str, &str); 32] = [
    ("link", "url"), ("href", "url"), ("permalink", "url"), ("links", "urls"),
    ("published", "date"), ("pubDate", "date"), ("published_at", "date"), ("publishedAt", "date"), ("created", "date"), ("created_at", "date"), ("createdAt", "date"), ("updatedAt", "date"),
    ("updated", "date"), ("date_published", "date"), ("time", "date"), ("timestamp", "date"),
    ("author", "authors"), ("creator", "authors"), ("creators", "authors"), ("by", "authors"),
    ("categories", "tags"), ("category", "tags"), ("keywords", "tags"), ("labels", "tags"), ("tag", "tags"), ("topics", "tags"),
    ("content_text", "abstract"), ("content_html", "abstract"), ("excerpt", "abstract"),
    ("name", "title"), ("tag_name", "version"), ("tagName", "version"),
];

/// Notes what entry object `value` (at `line`) holds that is not read as written, where no
/// earlier line has it: its fields not read; a string of tags joined by commas (`"cs.LG,
/// cs.AI"`), which is read as one tag; a string of authors with a comma read as one name
/// (`"Lovelace, Ada"`: [`split_names`]), or with an `and` after a name of one word (`"Alice and
/// Bob"`, as `"Procter and Gamble"`; `"Alice and Bob and Carol"` is three names).
fn note_unread(value: &Value, line: usize, unread: &mut Unread) {
    let github = value.get("html_url").is_some_and(Value::is_string);
    let wordpress = is_wordpress(value);
    for (key, v) in value.as_object().into_iter().flatten() {
        let read = READ.contains(&key.as_str()) || github && GITHUB_READ.contains(&key.as_str()) || wordpress && WORDPRESS_READ.contains(&key.as_str());
        // A field with nothing in it (`"categories": null`, `[]`, `""`, as a site's template
        // writes for a page without) leaves nothing out.
        let empty = match v {
            Value::Null => true,
            Value::String(s) => s.trim().is_empty(),
            Value::Array(a) => a.is_empty(),
            Value::Object(o) => o.is_empty(),
            _ => false,
        };
        if !read && !empty && !unread.fields.contains_key(key) {
            unread.fields.insert(key.clone(), line);
        }
    }
    if value.get("tags").and_then(Value::as_str).is_some_and(|t| t.contains(',')) {
        unread.comma_tags.get_or_insert(line);
    }
    if let Some(names) = value.get("authors").and_then(Value::as_str).map(split_names) {
        if matches!(&names[..], [one] if one.contains(',')) {
            unread.whole_authors.get_or_insert(line);
        }
        if matches!(&names[..], [one] if one.split_once(" and ").is_some_and(|(left, _)| !left.contains([' ', ',']))) {
            unread.and_authors.get_or_insert(line);
        }
    }
}

/// Says which fields of a file's entries are not read: one warning for each that likely
/// stands for a field that is (`link`: `url`), one for the others together; by first line.
fn unread_fields(name: &str, unread: Unread, warn: &mut dyn FnMut(String)) {
    if let Some(line) = unread.comma_tags {
        warn(format!("{name}:{line}: field `tags`: a string with commas is one tag (and one filter chip): give a list, `[\"cs.LG\", \"cs.AI\"]`, for several"));
    }
    if let Some(line) = unread.whole_authors {
        warn(format!("{name}:{line}: field `authors`: a string with a comma beside a part of one word is one name (as `Lovelace, Ada` is): give a list, `[\"Ada Lovelace\", \"Alan Turing\"]`, or separate the names by `;`, for several"));
    }
    if let Some(line) = unread.and_authors {
        warn(format!("{name}:{line}: field `authors`: a string with `and` after a name of one word is one name (as `Procter and Gamble` is): give a list, `[\"Alice\", \"Bob\"]`, or separate the names by `;`, `\"Alice; Bob\"`, for several"));
    }
    let mut others: Vec<(usize, String)> = Vec::new();
    let mut likely: Vec<(usize, String)> = Vec::new();
    for (key, line) in unread.fields {
        match LIKELY.iter().find(|(k, _)| *k == key) {
            Some((_, field)) => likely.push((line, format!("{name}:{line}: field `{}` is not read (and is left out of every entry): did you mean `{field}`?", super::preview(&key)))),
            None => others.push((line, key)),
        }
    }
    likely.sort();
    for (_, w) in likely {
        warn(w);
    }
    if let Some(&(line, _)) = others.iter().min() {
        others.sort();
        let keys: Vec<String> = others.iter().take(10).map(|(_, k)| format!("`{}`", super::preview(k))).collect();
        let more = if others.len() > 10 { format!(" and {} more", others.len() - 10) } else { String::new() };
        warn(format!(
            "{name}:{line}: {} {}{more} not read (the fields read are {})",
            if others.len() == 1 { "field" } else { "fields" },
            keys.join(", "),
            READ.join(", ")
        ));
    }
}

/// Parses a JSON array of objects. Lines are found by locating each element in the text. Fields
/// not read go to `warn`, as in [`parse_lines`] (a JSON Feed's are not told, but its `tags`
/// given as one string with commas are).
pub fn parse_array(name: &str, text: &str, warn: &mut dyn FnMut(String)) -> Result<Vec<Parsed>, InputError> {
    let top: Value = serde_json::from_str(text).or_else(|e| concatenated_arrays(text).map(Value::Array).ok_or(e)).map_err(|e| {
        let what = without_position(&e);
        // serde_json stops at the `]` or `}` after a trailing comma, often a line below it.
        let (line, byte_column) = if what == "trailing comma" { trailing_comma_at(text, e.line(), e.column()) } else { None }.unwrap_or((e.line(), e.column()));
        let line_text = text.lines().nth(line.saturating_sub(1)).unwrap_or("");
        let mut msg = format!("invalid JSON: {what}");
        if e.classify() == serde_json::error::Category::Syntax && e.line() > 1 && text.trim_start().starts_with('{') {
            msg.push_str(" (one entry object per line is JSON Lines: name the file .jsonl)");
        }
        InputError { column: Some(char_column(line_text, byte_column)), ..InputError::new(name, Some(line.max(1)), None, msg) }
    })?;
    if let Some(items) = json_feed_items(&top) {
        let starts = key_array_starts(text, "items");
        // The feed's authors are those of its items that name none (JSON Feed 1.1).
        let feed_authors = match top.as_object() {
            Some(obj) if obj.contains_key("authors") || obj.contains_key("author") => {
                let key = if obj.get("authors").is_some_and(|a| !a.is_null()) { "authors" } else { "author" };
                let line = key_value_at(text, key).map_or(1, |at| 1 + text[..at].matches('\n').count());
                authors_of(obj, &|field: &str, msg: String| InputError::new(name, Some(line), Some(field), msg))?
            }
            _ => Vec::new(),
        };
        // Relative links resolve against the site's address, else the feed's.
        let site = |key: &str| top.get(key).and_then(Value::as_str);
        let base = feed_base(&[site("home_page_url").or(site("feed_url"))]);
        // Of what an entry's `note_unread` tells, only a string of tags joined by commas: the
        // feed's own fields are not told, and its authors are objects.
        let mut unread = Unread::default();
        let out = items
            .iter()
            .enumerate()
            .map(|(i, v)| {
                let line = starts.get(i).map_or(1, |s| s.0);
                let entry = feed_item(name, line, v, &feed_authors, base.as_deref()).map_err(|e| at_field(e, text, &starts, i))?;
                if v.get("tags").and_then(Value::as_str).is_some_and(|t| t.contains(',')) {
                    unread.comma_tags.get_or_insert(line);
                }
                Ok(Parsed { entry, line })
            })
            .collect::<Result<Vec<_>, InputError>>()?;
        unread_fields(name, unread, warn);
        return Ok(out);
    }
    let Value::Array(values) = top else {
        // An API's answer holds its entries in a field (Ghost's and WordPress.com's `posts`,
        // Strapi's `data`): that field is named, where a file of objects one per line is JSON Lines.
        let wrapped = top.as_object().into_iter().flatten().find(|(_, v)| v.as_array().is_some_and(|a| a.iter().any(Value::is_object)));
        let hint = match wrapped {
            Some((key, v)) => {
                let n = v.as_array().map_or(0, Vec::len);
                let jq = if key.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') { format!(" (as `jq .{key}` writes it)") } else { String::new() };
                format!(": its field `{}` holds {n} {}; give that array alone{jq}", super::preview(key), if n == 1 { "entry" } else { "entries" })
            }
            None => " (one entry object per line is JSON Lines: name the file .jsonl)".to_string(),
        };
        return Err(InputError::new(name, Some(1), None, format!("expected a JSON array of entry objects, found {}{hint}", kind(&top))));
    };
    let starts = element_starts(text);
    let mut unread = Unread::default();
    let out = values
        .iter()
        .enumerate()
        .map(|(i, v)| {
            let line = starts.get(i).map_or(1, |s| s.0);
            let entry = entry_from(name, line, v).map_err(|e| at_field(e, text, &starts, i))?;
            note_unread(v, line, &mut unread);
            Ok(Parsed { entry, line })
        })
        .collect::<Result<Vec<_>, InputError>>()?;
    unread_fields(name, unread, warn);
    Ok(out)
}

/// The elements of arrays written one after another (`[…][…]`, as `gh api --paginate` writes a
/// page after another), in order; None unless the text is two arrays or more and nothing else.
/// Their lines are found as one array's are: `element_starts` counts the elements of each.
fn concatenated_arrays(text: &str) -> Option<Vec<Value>> {
    let mut all = Vec::new();
    let mut arrays = 0;
    for value in serde_json::Deserializer::from_str(text).into_iter::<Value>() {
        let Ok(Value::Array(values)) = value else { return None };
        all.extend(values);
        arrays += 1;
    }
    (arrays > 1).then_some(all)
}

/// The items of a JSON Feed: an object whose `version` is a jsonfeed.org URL, with an `items` array.
fn json_feed_items(top: &Value) -> Option<&Vec<Value>> {
    let version = top.get("version")?.as_str()?;
    if !version.contains("jsonfeed.org/version/") {
        return None;
    }
    top.get("items")?.as_array()
}

/// The 1-based line and byte offset of each element of the array under `key` in the top-level
/// object.
fn key_array_starts(text: &str, key: &str) -> Vec<(usize, usize)> {
    key_value_at(text, key).filter(|&at| text[at..].starts_with('[')).map_or_else(Vec::new, |at| {
        let before = text[..at].matches('\n').count();
        element_starts(&text[at..]).into_iter().map(|(l, b)| (l + before, b + at)).collect()
    })
}

/// `e`, an error in element `i` of an array whose elements start at `starts` (line, byte),
/// made to name its field's own line: in an element written over several lines, the line of
/// the field; in one that shares its line with others (a minified file), also the field's
/// column (in characters).
fn at_field(mut e: InputError, text: &str, starts: &[(usize, usize)], i: usize) -> InputError {
    let Some(&(line, at)) = starts.get(i) else { return e };
    let end = starts.get(i + 1).map_or(text.len(), |s| s.1);
    let key = e.field.as_deref().map(|f| f.split(['[', '.']).next().unwrap_or(f));
    if let Some(value) = key.and_then(|key| key_value_at(&text[at..end], key)) {
        let value = at + value;
        e.line = Some(line + text[at..value].matches('\n').count());
        let shared = starts.get(i + 1).is_some_and(|s| s.0 == line) || i > 0 && starts[i - 1].0 == line;
        if shared {
            let line_start = text[..value].rfind('\n').map_or(0, |n| n + 1);
            e.column = Some(text[line_start..value].chars().count() + 1);
        }
    }
    e
}

/// The byte offset of the value of `key` in the top-level object.
fn key_value_at(text: &str, key: &str) -> Option<usize> {
    let quoted = format!("\"{key}\"");
    let mut depth = 0usize;
    let mut value_at = None;
    walk_json(text, &mut |start, c, end| {
        match c {
            '"' if depth == 1 && text[start..end] == quoted => {
                if let Some(value) = text[end..].trim_start().strip_prefix(':').map(str::trim_start) {
                    value_at = Some(text.len() - value.len());
                    return false;
                }
            }
            '[' | '{' => depth += 1,
            ']' | '}' => depth = depth.saturating_sub(1),
            _ => {}
        }
        true
    });
    value_at
}

/// The entry of one JSON Feed item; `feed_authors` are those of an item that names none, and
/// `base` what its relative links resolve against. Errors name the JSON Feed's own fields.
fn feed_item(name: &str, line: usize, v: &Value, feed_authors: &[String], base: Option<&str>) -> Result<Entry, InputError> {
    let err = |field: &str, msg: String| InputError::new(name, Some(line), Some(field), msg);
    let obj = v.as_object().ok_or_else(|| InputError::new(name, Some(line), None, format!("expected an item object, found {}", kind(v))))?;
    let string = |field: &str| -> Result<Option<String>, InputError> {
        match obj.get(field) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::String(s)) if s.trim().is_empty() => Ok(None),
            Some(Value::String(s)) => Ok(Some(s.clone())),
            Some(other) => Err(err(field, format!("expected a string, found {}", kind(other)))),
        }
    };
    let id = id_of(obj, &err)?;
    let mut links = Vec::new();
    // Plain text by the spec, but written with HTML's character references by some (WordPress's
    // JSON Feed plugin: `It&#8217;s here`), or tags: read as a JSON entry's title is.
    let plain = |t: &str| if super::feed::is_html(t) { clean_text(&super::feed::html_to_text(t, &mut Vec::new())) } else { clean_text(t) };
    let body = match (string("content_text")?, string("content_html")?) {
        (Some(t), _) => plain(&t),
        // Without a newsletter platform's buttons and lines, as an RSS item's body.
        (None, Some(h)) => clean_text(&super::feed::body_text(&h, &mut links)),
        _ => String::new(),
    };
    let abstract_text = super::feed::with_summary(body, string("summary")?.map(|s| plain(&s)));
    let mut title = string("title")?.map(|t| plain(&t)).unwrap_or_default();
    if title.is_empty() {
        title = super::feed::first_words(&abstract_text, 80);
    }
    let mut urls: Vec<String> = Vec::new();
    // The item's own links: a relative one resolved against the base, else kept as written;
    // relative links in its HTML only with a base.
    let own = [string("url")?, string("external_url")?].into_iter().flatten().map(|u| resolve_link(&u, base).unwrap_or_else(|| u.trim().to_string()));
    for u in own.chain(links.iter().filter_map(|l| resolve_link(l, base))).chain(find_page_links(&abstract_text)) {
        if !urls.contains(&u) {
            urls.push(u);
        }
    }
    // A post with neither title nor text (a photo) is named by its link.
    if title.is_empty() {
        title = urls.first().map(|u| super::feed::title_from_link(u)).unwrap_or_default();
    }
    if title.is_empty() {
        return Err(err("title", "missing (an item needs a title, some text or a link)".into()));
    }
    let date = match string("date_published")?.map(|d| ("date_published", d)).or(string("date_modified")?.map(|d| ("date_modified", d))) {
        None => None,
        Some((field, d)) => Some(parse_date(d.trim()).map(crate::entry::format_date).ok_or_else(|| err(field, format!("`{d}` is not an RFC 3339 date")))?),
    };
    let mut authors = authors_of(obj, &err)?;
    if authors.is_empty() {
        authors = feed_authors.to_vec();
    }
    let tags = string_list(obj, "tags", &err)?;
    Ok(Entry { id, title, abstract_text, urls, date, authors, tags })
}

/// The names of a JSON Feed item's (or the feed's) `authors` (1.1) or `author` (1.0): objects
/// with a `name`.
fn authors_of(obj: &Map<String, Value>, err: &dyn Fn(&str, String) -> InputError) -> Result<Vec<String>, InputError> {
    let mut authors = Vec::new();
    let listed: Vec<(String, &Value)> = match (obj.get("authors"), obj.get("author")) {
        (Some(Value::Array(a)), _) => a.iter().enumerate().map(|(i, x)| (format!("authors[{i}]"), x)).collect(),
        (Some(Value::Null) | None, Some(x)) if !x.is_null() => vec![("author".to_string(), x)],
        (Some(Value::Null) | None, _) => Vec::new(),
        (Some(other), _) => return Err(err("authors", format!("expected a list of author objects, found {}", kind(other)))),
    };
    for (field, a) in listed {
        match a.get("name") {
            Some(Value::String(n)) if !n.trim().is_empty() => authors.push(n.trim().to_string()),
            None | Some(Value::Null | Value::String(_)) if a.is_object() => {}
            _ => return Err(err(&format!("{field}.name"), format!("expected an object with a string `name`, found {}", kind(a)))),
        }
    }
    Ok(authors)
}

/// serde_json's message without its trailing ` at line L column C` (the error names the place
/// itself, in the file's own lines).
fn without_position(e: &serde_json::Error) -> String {
    let msg = e.to_string();
    let suffix = format!(" at line {} column {}", e.line(), e.column());
    let mut msg = msg.strip_suffix(&suffix).map(str::to_string).unwrap_or(msg);
    // serde_json's words for a `\ud83c` without its other half (what JavaScript's
    // `JSON.stringify` writes for a string cut inside an emoji) do not say what is wrong.
    if msg.contains("surrogate") || msg.ends_with("end of hex escape") {
        msg.push_str(" (half of a UTF-16 surrogate pair: a character cut in two?)");
    }
    msg
}

/// The 1-based line and byte column of the comma before the `]` or `}` at `line`, `byte_column`
/// (where serde_json reports a trailing comma), or None when white space alone does not separate
/// them.
fn trailing_comma_at(text: &str, line: usize, byte_column: usize) -> Option<(usize, usize)> {
    let line_start: usize = text.split_inclusive('\n').take(line.saturating_sub(1)).map(str::len).sum();
    let at = line_start + byte_column.saturating_sub(1);
    let comma = text.get(..at)?.trim_end().strip_suffix(',')?.len();
    let comma_line_start = text[..comma].rfind('\n').map_or(0, |i| i + 1);
    Some((1 + text[..comma].matches('\n').count(), comma - comma_line_start + 1))
}

/// Turns serde_json's 1-based byte column within `line` into a 1-based character column (what
/// editors show). Column 0 (an error at the very start of a line, e.g. an unexpected end of
/// input) becomes 1.
fn char_column(line: &str, byte_column: usize) -> usize {
    let mut end = byte_column.saturating_sub(1).min(line.len());
    while !line.is_char_boundary(end) {
        end -= 1;
    }
    line[..end].chars().count() + 1
}

/// The 1-based line and the byte offset of each top-level element of a JSON array (a light scan
/// that tracks strings and nesting depth).
fn element_starts(text: &str) -> Vec<(usize, usize)> {
    let (mut depth, mut line, mut expecting) = (0usize, 1usize, false);
    let mut out = Vec::new();
    walk_json(text, &mut |start, c, end| {
        if depth == 1 && expecting && !c.is_whitespace() {
            out.push((line, start));
            expecting = false;
        }
        match c {
            '[' | '{' => {
                depth += 1;
                if depth == 1 {
                    expecting = true;
                }
            }
            ']' | '}' => depth = depth.saturating_sub(1),
            ',' if depth == 1 => expecting = true,
            _ => {}
        }
        line += text[start..end].matches('\n').count();
        true
    });
    out
}

/// Walks JSON text with its strings taken whole, for the light scans above: calls `f(start, c,
/// end)` for each character outside a string (`end` just past it) and once for each string (`c`
/// its opening `"`, `end` just past its closing quote; escaped quotes stay inside). Stops when
/// `f` returns false.
fn walk_json(text: &str, f: &mut dyn FnMut(usize, char, usize) -> bool) {
    let mut chars = text.char_indices();
    while let Some((start, c)) = chars.next() {
        let mut end = start + c.len_utf8();
        if c == '"' {
            let mut escaped = false;
            for (i, s) in chars.by_ref() {
                end = i + s.len_utf8();
                match s {
                    _ if escaped => escaped = false,
                    '\\' => escaped = true,
                    '"' => break,
                    _ => {}
                }
            }
        }
        if !f(start, c, end) {
            return;
        }
    }
}

fn entry_from(name: &str, line: usize, v: &Value) -> Result<Entry, InputError> {
    let err = |field: &str, msg: String| InputError::new(name, Some(line), Some(field), msg);
    let obj: &Map<String, Value> = v.as_object().ok_or_else(|| InputError::new(name, Some(line), None, format!("expected an object, found {}", kind(v))))?;
    // WordPress's REST API (`/wp-json/wp/v2/posts`) gives its texts as `{"rendered": "…"}`.
    let string = |field: &str| -> Result<Option<String>, InputError> {
        match obj.get(field) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::String(s)) => Ok(Some(s.clone())),
            Some(Value::Object(o)) if o.get("rendered").is_some_and(Value::is_string) => Ok(o["rendered"].as_str().map(str::to_string)),
            Some(other) => Err(err(field, format!("expected a string, found {}", kind(other)))),
        }
    };
    let list = |field: &str| string_list(obj, field, &err);
    let id = id_of(obj, &err)?;
    let wordpress = is_wordpress(v);
    // HTML (a site's or a CMS's body: `<p>`, `<code>`, `&amp;`) is read as a feed's is, as text
    // with the targets of its links (`feed::is_html`): it showed its tags in the widget, and
    // they were words (`code` found every entry with a `<code>`).
    let mut html_links = Vec::new();
    let mut text_of = |s: &str| if super::feed::is_html(s) { clean_text(&super::feed::html_to_text(s, &mut html_links)) } else { clean_text(s) };
    // GitHub's objects (with an `html_url`) name what the other fields are: a release its
    // title `name` and its version `tag_name`, its date `published_at` (an issue's
    // `created_at`), its author `author.login` (an issue's `user.login`), an issue its tags
    // `labels[].name`; each read where the field of the same meaning is absent.
    let github = matches!(obj.get("html_url"), Some(Value::String(_)));
    let named = |field: &str, github_field: &str| -> Result<Option<String>, InputError> {
        match string(field)? {
            None if github => string(github_field),
            found => Ok(found),
        }
    };
    let version = match version_of(obj, "version", &err)? {
        None if github => version_of(obj, "tag_name", &err)?,
        found => found,
    };
    let title = match (named("title", "name")?.map(|t| text_of(&t)), version) {
        (Some(t), Some(v)) if !t.is_empty() && is_release(&v) && !names_version(&t, &v) => format!("{v}: {t}"),
        (Some(t), _) if !t.is_empty() => t,
        (_, Some(v)) => v,
        (None, None) => {
            // The warnings that name the field likely meant come after the file is read: this
            // error would stop it first (`gh release list --json name,tagName`).
            let likely = obj.iter().filter(|(_, v)| !v.is_null()).find_map(|(k, _)| LIKELY.iter().find(|(l, f)| l == k && matches!(*f, "title" | "version")));
            let hint = likely.map_or(String::new(), |(k, f)| format!(": `{k}` is not read, did you mean `{f}`?"));
            return Err(err("title", format!("missing (every entry needs a title, or a release's `version`){hint}")));
        }
        (Some(_), None) => return Err(err("title", "empty (every entry needs a title, or a release's `version`)".into())),
    };
    // Markdown (a GitHub release's body: `**bold**`, `[link](…)`, `` `code` ``, `- item`) is
    // read as a Markdown file's section is (`markdown::looks_like_markdown`): the widget showed
    // its marks. Prose with an asterisk is read as written.
    let mut abstract_text = String::new();
    for &field in ABSTRACT_FIELDS {
        if let Some(s) = string(field)? {
            abstract_text = if super::markdown::looks_like_markdown(&s) { super::markdown::text_of(&s, &mut html_links) } else { text_of(&s) };
            break;
        }
    }
    // GitHub's objects (a release's, an issue's, as `gh api` gives them) name their page
    // `html_url` and the API's address of their JSON `url`: the page is the link, the API's
    // address left out; a `url` of any other address beside it is a further link.
    let page = string("html_url")?.map(|u| u.trim().to_string()).filter(|u| !u.is_empty());
    // A WordPress post's page is its `link`.
    let url = match string("url")? {
        None if wordpress => string("link")?,
        found => found,
    };
    let mut urls = list("urls")?;
    for u in [url.filter(|u| page.is_none() || !is_api_address(u)), page].into_iter().flatten() {
        let u = u.trim().to_string();
        if !u.is_empty() && !urls.contains(&u) {
            urls.insert(0, u);
        }
    }
    // Of the links in HTML, those that name their site (relative ones have no page to resolve
    // against, as in a JSON Feed without its `home_page_url`); of those in the text, none to a
    // picture (`is_image_link`).
    for link in html_links.iter().filter_map(|l| resolve_link(l, None)).chain(find_page_links(&abstract_text)) {
        if !urls.contains(&link) {
            urls.push(link);
        }
    }
    // Also RSS's own notation (`Wed, 13 Mar 2024 10:00:00 GMT`), as a feed converted to JSON
    // (or JavaScript's `toUTCString()`) writes it, and the forms a Markdown heading's date
    // takes (`2024/03/13`, `March 13, 2024`), read by the same reader.
    let dated = |field: &str| string(field).map(|s| s.map(|s| (field.to_string(), s)));
    let dated = match dated("date")? {
        None if github => dated("published_at")?.or(dated("created_at")?),
        found => found,
    };
    let date = match dated {
        None => None,
        Some((_, s)) if s.trim().is_empty() => None,
        Some((field, s)) => match super::feed::feed_date(s.trim()).or_else(|| super::dates::whole_date(&s).flatten()) {
            Some(d) => Some(crate::entry::format_date(d)),
            None => return Err(err(&field, unread_date(&s))),
        },
    };
    // One string of authors is a line of names (`Ada Lovelace, Alan Turing and Grace Hopper`, as
    // arXiv writes them), cut as the feed reader cuts a `dc:creator`; each of a list is one name.
    let mut authors = match obj.get("authors") {
        Some(Value::String(s)) => split_names(s),
        _ => list("authors")?,
    };
    let login = |field: &str| obj.get(field).and_then(|a| a.get("login")).and_then(Value::as_str).map(str::trim).filter(|l| !l.is_empty());
    if let Some(login) = login("author").or(login("user")).filter(|_| github && authors.is_empty()) {
        authors.push(login.to_string());
    }
    // A WordPress post's tags are numbers, the ids of terms it does not name.
    let numbered = wordpress && obj.get("tags").and_then(Value::as_array).is_some_and(|t| t.iter().all(Value::is_number));
    let mut tags = if numbered { Vec::new() } else { list("tags")? };
    if github && tags.is_empty() {
        let labels = obj.get("labels").and_then(Value::as_array).into_iter().flatten();
        tags.extend(labels.filter_map(|l| l.get("name")?.as_str()).map(str::trim).filter(|l| !l.is_empty()).map(str::to_string));
    }
    Ok(Entry { id, title, abstract_text, urls, date, authors, tags })
}

/// Whether `v` is a post of WordPress's REST API (`/wp-json/wp/v2/posts`): its `title` is
/// `{"rendered": "…"}`.
fn is_wordpress(v: &Value) -> bool {
    v.get("title").and_then(|t| t.get("rendered")).is_some_and(Value::is_string)
}

/// Whether `url` is the address of a GitHub API object (`https://api.github.com/repos/o/r/…`,
/// GitHub Enterprise's `https://ghe.example.com/api/v3/repos/…`): JSON, no page to open.
fn is_api_address(url: &str) -> bool {
    let path = url.trim().split_once("://").map_or("", |(_, rest)| rest.find('/').map_or("", |i| &rest[i..]));
    path.starts_with("/repos/") || path.starts_with("/api/v3/repos/")
}

/// An entry's `version` (`field`; or a GitHub release's `tag_name`), a string or a number, as
/// text: a release's (`2.3.1`, `v2.3.1`) or a revision's (`v2`, as arXiv numbers them). It is
/// the title of an entry without one, and a release's is put before a title that does not name
/// it (`2.3.1: Spring cleanup`), so that the version finds the entry ([`is_release`]); a
/// revision's is left out of an entry with a title.
fn version_of(obj: &Map<String, Value>, field: &str, err: &dyn Fn(&str, String) -> InputError) -> Result<Option<String>, InputError> {
    match obj.get(field) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(clean_text(s)).filter(|v| !v.is_empty())),
        Some(Value::Number(n)) => Ok(Some(n.to_string())),
        Some(other) => Err(err(field, format!("expected a string or number, found {}", kind(other)))),
    }
}

/// Whether a `version` is a release's (`2.3.1`, `v2.3.1`, `1.0.0-beta.2`, `2024.05`): a number
/// with a dot in it, after an optional `v`, as one word; a revision (`v2`, `3`) is not.
fn is_release(version: &str) -> bool {
    let core = version.strip_prefix(['v', 'V']).unwrap_or(version);
    core.starts_with(|c: char| c.is_ascii_digit()) && core.contains('.') && !core.contains(char::is_whitespace)
}

/// Whether `title` names `version` (with its `v` or without it) as a word of its own: `Release
/// v2.3.1` names `2.3.1`, `Release 2.3.10` does not.
fn names_version(title: &str, version: &str) -> bool {
    let core = version.strip_prefix(['v', 'V']).unwrap_or(version).to_lowercase();
    let title = title.to_lowercase();
    title.match_indices(&core).any(|(at, _)| {
        let before = title[..at].strip_suffix('v').unwrap_or(&title[..at]);
        let after = &title[at + core.len()..];
        let word = |c: char| c.is_alphanumeric() || c == '.' || c == '-' || c == '_';
        !before.ends_with(word) && !after.starts_with(|c: char| c.is_alphanumeric() || c == '_' || c == '-') && !after.strip_prefix('.').is_some_and(|a| a.starts_with(|c: char| c.is_alphanumeric()))
    })
}

/// An entry's `id`: a string or a number; empty when absent.
fn id_of(obj: &Map<String, Value>, err: &dyn Fn(&str, String) -> InputError) -> Result<String, InputError> {
    match obj.get("id") {
        None | Some(Value::Null) => Ok(String::new()),
        Some(Value::String(s)) => Ok(s.trim().to_string()),
        Some(Value::Number(n)) => Ok(n.to_string()),
        Some(other) => Err(err("id", format!("expected a string or number, found {}", kind(other)))),
    }
}

/// A list of strings (a single string is a list of one), trimmed, blanks and nulls left out.
fn string_list(obj: &Map<String, Value>, field: &str, err: &dyn Fn(&str, String) -> InputError) -> Result<Vec<String>, InputError> {
    match obj.get(field) {
        None | Some(Value::Null) => Ok(vec![]),
        Some(Value::String(s)) => Ok(if s.trim().is_empty() { vec![] } else { vec![s.trim().to_string()] }),
        Some(Value::Array(items)) => items
            .iter()
            .enumerate()
            .filter(|(_, x)| !x.is_null())
            .map(|(i, x)| x.as_str().map(|s| s.trim().to_string()).ok_or_else(|| err(&format!("{field}[{i}]"), format!("expected a string, found {}", kind(x)))))
            .filter(|r| !matches!(r, Ok(s) if s.is_empty()))
            .collect(),
        Some(other) => Err(err(field, format!("expected a list of strings, found {}", kind(other)))),
    }
}

fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// Why a JSON `date` was not read, and how to write it: a date of slashes whose day and month
/// the text does not order (`03/04/2024`) names both readings, or the one the calendar allows
/// (`13/03/2024`: [`super::dates::slash_readings`]); anything else lists the forms read.
fn unread_date(s: &str) -> String {
    let unordered = "writes day and month in an order the text does not tell: write it as YYYY-MM-DD,";
    match super::dates::slash_readings(s).into_iter().map(crate::entry::format_date).collect::<Vec<_>>().as_slice() {
        [one] => format!("`{s}` {unordered} {one} if that is the day meant"),
        [one, two] if one != two => format!("`{s}` {unordered} {one} or {two}"),
        [one, _] => format!("`{s}` writes day and month with slashes: write it as YYYY-MM-DD, {one}"),
        _ => format!("`{s}` is not a date: write it as YYYY-MM-DD (2024-03-13), an ISO timestamp, or as `March 13, 2024`"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// [`parse_lines`], its warnings left out.
    fn read_lines(name: &str, text: &str) -> Result<Vec<Parsed>, InputError> {
        parse_lines(name, text, &mut |_| {})
    }

    /// [`parse_array`], its warnings left out.
    fn read_array(name: &str, text: &str) -> Result<Vec<Parsed>, InputError> {
        parse_array(name, text, &mut |_| {})
    }

    #[test]
    fn fields_not_read_are_said_once_per_file_with_the_field_they_likely_mean() {
        let text = "{\"id\":\"a\",\"title\":\"Linked\",\"link\":\"https://e.org/a\",\"published\":\"2024-03-13\",\"author\":\"Ada\",\"categories\":[\"cs.LG\"],\"content\":\"Zebras\",\"score\":3}\n{\"id\":\"b\",\"title\":\"Again\",\"link\":\"https://e.org/b\",\"slug\":\"b\"}\n";
        let mut warnings = Vec::new();
        let got = parse_lines("f.jsonl", text, &mut |w| warnings.push(w)).unwrap();
        assert_eq!(got[0].entry.urls, Vec::<String>::new(), "not read, only said");
        assert_eq!(
            warnings,
            [
                "f.jsonl:1: field `author` is not read (and is left out of every entry): did you mean `authors`?",
                "f.jsonl:1: field `categories` is not read (and is left out of every entry): did you mean `tags`?",
                "f.jsonl:1: field `link` is not read (and is left out of every entry): did you mean `url`?",
                "f.jsonl:1: field `published` is not read (and is left out of every entry): did you mean `date`?",
                "f.jsonl:1: fields `score`, `slug` not read (the fields read are id, title, abstract, summary, description, body, content, text, url, urls, date, authors, tags, version, html_url)",
            ]
        );
        // A field with nothing in it is not told: it leaves nothing out.
        let mut warnings = Vec::new();
        parse_lines("f.jsonl", "{\"title\":\"A\",\"categories\":null,\"link\":\"\",\"keywords\":[],\"meta\":{}}\n{\"title\":\"B\",\"categories\":[\"x\"]}", &mut |w| warnings.push(w)).unwrap();
        assert_eq!(warnings, ["f.jsonl:2: field `categories` is not read (and is left out of every entry): did you mean `tags`?"]);
        // The same in an array; a JSON Feed's own fields are not told.
        let mut warnings = Vec::new();
        parse_array("f.json", "[\n {\"title\": \"A\"},\n {\"title\": \"B\", \"link\": \"x\"}\n]", &mut |w| warnings.push(w)).unwrap();
        assert_eq!(warnings, ["f.json:3: field `link` is not read (and is left out of every entry): did you mean `url`?"]);
        let feed = r#"{"version": "https://jsonfeed.org/version/1.1", "items": [{"id": "1", "title": "T", "image": "i.png"}]}"#;
        let mut warnings = Vec::new();
        parse_array("feed.json", feed, &mut |w| warnings.push(w)).unwrap();
        assert_eq!(warnings, Vec::<String>::new());
        // But its `tags` given as one string with commas are, as an entry's: once, by the first item.
        let feed = "{\"version\": \"https://jsonfeed.org/version/1.1\", \"items\": [\n {\"id\": \"1\", \"title\": \"T\", \"tags\": [\"a, b\"]},\n {\"id\": \"2\", \"title\": \"U\", \"tags\": \"rust, wasm\"},\n {\"id\": \"3\", \"title\": \"V\", \"tags\": \"x,y\"},\n {\"id\": \"4\", \"title\": \"W\", \"tags\": \"solo\"}\n]}";
        let mut warnings = Vec::new();
        let got = parse_array("feed.json", feed, &mut |w| warnings.push(w)).unwrap();
        assert_eq!(got[1].entry.tags, ["rust, wasm"]);
        assert_eq!(
            warnings,
            ["feed.json:3: field `tags`: a string with commas is one tag (and one filter chip): give a list, `[\"cs.LG\", \"cs.AI\"]`, for several"]
        );
    }

    #[test]
    fn authors_left_one_name_at_an_and_are_said_once_per_file() {
        let text = [
            r#"{"title": "A", "authors": "Ada Lovelace and Alan Turing"}"#,
            r#"{"title": "B", "authors": ["Alice and Bob"]}"#,
            r#"{"title": "C", "authors": "Ada Lovelace and Research and Development Team"}"#,
            r#"{"title": "D", "authors": "Department of Research and Development"}"#,
            r#"{"title": "E", "authors": "Alice and Bob"}"#,
            r#"{"title": "F", "authors": "Procter and Gamble"}"#,
            r#"{"title": "G", "authors": "Alice; Bob"}"#,
            r#"{"title": "H", "authors": "Alice and Bob and Carol"}"#,
        ]
        .join("\n");
        let mut warnings = Vec::new();
        let got = parse_lines("a.jsonl", &text, &mut |w| warnings.push(w)).unwrap();
        assert_eq!((&got[4].entry.authors[..], &got[6].entry.authors[..]), (&["Alice and Bob".to_string()][..], &["Alice".to_string(), "Bob".to_string()][..]));
        // Three single words joined by `and` are three names, as by commas: nothing to say.
        assert_eq!(got[7].entry.authors, ["Alice", "Bob", "Carol"]);
        assert_eq!(
            warnings,
            ["a.jsonl:5: field `authors`: a string with `and` after a name of one word is one name (as `Procter and Gamble` is): give a list, `[\"Alice\", \"Bob\"]`, or separate the names by `;`, `\"Alice; Bob\"`, for several"]
        );
    }

    #[test]
    fn each_abstract_field_is_read_and_not_reported_as_unread() {
        for field in ["abstract", "summary", "description", "body", "content", "text"] {
            let mut warnings = Vec::new();
            let got = parse_lines("f.jsonl", &format!("{{\"title\":\"T\",\"{field}\":\"Zebras graze\"}}\n"), &mut |w| warnings.push(w)).unwrap();
            assert_eq!(got[0].entry.abstract_text, "Zebras graze", "{field}");
            assert_eq!(warnings, Vec::<String>::new(), "{field}");
        }
        // A site's `search.json` (Jekyll's, Hugo's) gives its pages' text as `content`, often HTML;
        // the first field present is read, `content` last.
        let site = r#"[{"title": "Release 2.3", "url": "/2024/05/release-2-3/", "date": "2024-05-14 10:00:00 +0200", "content": "<p>Adds <code>--stream</code>.</p>"},
 {"title": "Both", "summary": "Short.", "content": "Long."},
 {"title": "Text last", "text": "Text.", "content": "Content."}]"#;
        let mut warnings = Vec::new();
        let got = parse_array("search.json", site, &mut |w| warnings.push(w)).unwrap();
        let bodies: Vec<&str> = got.iter().map(|p| p.entry.abstract_text.as_str()).collect();
        assert_eq!(bodies, ["Adds --stream.", "Short.", "Content."]);
        assert_eq!(warnings, Vec::<String>::new());
        // MiniSearch's, Lunr's and Fuse.js's examples name the body `text`; a field not read
        // is still told, with the field it likely means.
        let mut warnings = Vec::new();
        let got = parse_lines("docs.jsonl", "{\"id\": 1, \"title\": \"Moby Dick\", \"text\": \"Call me Ishmael.\", \"excerpt\": \"x\"}\n", &mut |w| warnings.push(w)).unwrap();
        assert_eq!(got[0].entry.abstract_text, "Call me Ishmael.");
        assert_eq!(warnings, ["docs.jsonl:1: field `excerpt` is not read (and is left out of every entry): did you mean `abstract`?"]);
    }

    #[test]
    fn a_version_titles_a_release_and_a_revision_stays_out() {
        let text = [
            r#"{"version": "2.3.1", "body": "Fixes."}"#,
            r#"{"version": 3, "title": ""}"#,
            r#"{"version": "v2.4.0", "title": "Spring cleanup"}"#,
            r#"{"version": "2.4.1", "title": "Release v2.4.1: the pager"}"#,
            r#"{"version": "2.4.1", "title": "Release 2.4.10"}"#,
            r#"{"version": "1.0.0", "title": "Since 1.0.0-beta.2"}"#,
            r#"{"version": "v2", "title": "Attention again"}"#,
            r#"{"version": "latest", "title": "Nightly"}"#,
        ]
        .join("\n");
        let mut warnings = Vec::new();
        let got = parse_lines("r.jsonl", &text, &mut |w| warnings.push(w)).unwrap();
        let titles: Vec<&str> = got.iter().map(|p| p.entry.title.as_str()).collect();
        assert_eq!(
            titles,
            ["2.3.1", "3", "v2.4.0: Spring cleanup", "Release v2.4.1: the pager", "2.4.1: Release 2.4.10", "1.0.0: Since 1.0.0-beta.2", "Attention again", "Nightly"]
        );
        assert_eq!(warnings, Vec::<String>::new());
        let e = read_lines("r.jsonl", "{\"version\": \"\"}").unwrap_err();
        assert_eq!(e.to_string(), "r.jsonl:1: field `title`: missing (every entry needs a title, or a release's `version`)");
        let e = read_lines("r.jsonl", "{\"title\": \"T\", \"version\": {\"major\": 2}}").unwrap_err();
        assert_eq!(e.to_string(), "r.jsonl:1: field `version`: expected a string or number, found an object");
        // GitHub's releases name it `tag_name`.
        let mut warnings = Vec::new();
        parse_lines("gh.jsonl", "{\"title\": \"T\", \"tag_name\": \"v1.2.0\"}", &mut |w| warnings.push(w)).unwrap();
        assert_eq!(warnings, ["gh.jsonl:1: field `tag_name` is not read (and is left out of every entry): did you mean `version`?"]);
        // Without a title, the error that stops the file names the field likely meant, as
        // `gh release list --json name,tagName,publishedAt` writes them.
        let e = read_array("gh.json", "[\n {\"name\": \"Faster pager\", \"tagName\": \"v1.2.0\", \"publishedAt\": \"2024-05-14T10:00:00Z\"}\n]").unwrap_err();
        assert_eq!(e.to_string(), "gh.json:2: field `title`: missing (every entry needs a title, or a release's `version`): `name` is not read, did you mean `title`?");
        let e = read_lines("gh.jsonl", "{\"name\": null, \"tagName\": \"v1.2.0\", \"body\": \"Fixes.\"}").unwrap_err();
        assert_eq!(e.to_string(), "gh.jsonl:1: field `title`: missing (every entry needs a title, or a release's `version`): `tagName` is not read, did you mean `version`?");
        // `gh issue list --json title,body,url,createdAt,updatedAt` names its dates so too.
        let mut warnings = Vec::new();
        parse_array("issues.json", r#"[{"title": "Pager skips a page", "body": "Steps.", "url": "https://github.com/o/r/issues/3", "createdAt": "2024-05-14T10:00:00Z", "updatedAt": "2024-05-15T10:00:00Z"}]"#, &mut |w| warnings.push(w)).unwrap();
        assert_eq!(warnings, [
            "issues.json:1: field `createdAt` is not read (and is left out of every entry): did you mean `date`?",
            "issues.json:1: field `updatedAt` is not read (and is left out of every entry): did you mean `date`?",
        ]);
    }

    #[test]
    fn a_github_objects_page_is_its_link_and_the_apis_address_is_left_out() {
        // A release as `gh api repos/o/r/releases` gives it (trimmed), its names given as the
        // warnings ask; an issue as `gh api repos/o/r/issues` gives it.
        let releases = r###"[
  {
    "url": "https://api.github.com/repos/octo/widget/releases/151001",
    "html_url": "https://github.com/octo/widget/releases/tag/v1.2.0",
    "id": 151001,
    "author": {"login": "octocat", "url": "https://api.github.com/users/octocat"},
    "tag_name": "v1.2.0",
    "version": "v1.2.0",
    "name": "Faster pager",
    "title": "Faster pager",
    "draft": false,
    "published_at": "2024-05-14T10:00:00Z",
    "date": "2024-05-14T10:00:00Z",
    "body": "## What's changed\n- **Pager** streams results by @octocat in https://github.com/octo/widget/pull/42\n\n**Full Changelog**: https://github.com/octo/widget/compare/v1.1.0...v1.2.0"
  },
  {"url": "https://ghe.example.com/api/v3/repos/octo/widget/issues/7", "html_url": "https://ghe.example.com/octo/widget/issues/7", "title": "Crash on empty query", "body": "Steps: type `  `."},
  {"url": "https://octo.example.org/widget/1.1", "html_url": "https://github.com/octo/widget/releases/tag/v1.1.0", "title": "Mirror"},
  {"html_url": " ", "url": "https://api.github.com/repos/octo/widget/releases/1", "title": "No page"}
]"###;
        let mut warnings = Vec::new();
        let got = parse_array("releases.json", releases, &mut |w| warnings.push(w)).unwrap();
        let a = &got[0].entry;
        assert_eq!((a.title.as_str(), a.date.as_deref()), ("v1.2.0: Faster pager", Some("2024-05-14")));
        assert_eq!(a.urls, ["https://github.com/octo/widget/releases/tag/v1.2.0", "https://github.com/octo/widget/pull/42", "https://github.com/octo/widget/compare/v1.1.0...v1.2.0"]);
        assert_eq!(got[1].entry.urls, ["https://ghe.example.com/octo/widget/issues/7"]);
        assert_eq!(got[2].entry.urls, ["https://github.com/octo/widget/releases/tag/v1.1.0", "https://octo.example.org/widget/1.1"]);
        // A blank page leaves the `url` as it is.
        assert_eq!(got[3].entry.urls, ["https://api.github.com/repos/octo/widget/releases/1"]);
        assert!(warnings.iter().all(|w| !w.contains("`html_url`") && !w.contains("`url`")), "{warnings:?}");
    }

    #[test]
    fn a_github_release_or_issue_is_read_with_githubs_own_names() {
        // As `gh api repos/o/r/releases` and `gh api repos/o/r/issues` give them (trimmed).
        let releases = r###"[
  {
    "url": "https://api.github.com/repos/octo/widget/releases/151001",
    "assets_url": "https://api.github.com/repos/octo/widget/releases/151001/assets",
    "html_url": "https://github.com/octo/widget/releases/tag/v1.2.0",
    "id": 151001,
    "author": {"login": "octocat", "id": 1, "url": "https://api.github.com/users/octocat", "type": "User"},
    "tag_name": "v1.2.0",
    "target_commitish": "main",
    "name": "Faster pager",
    "draft": false,
    "prerelease": false,
    "created_at": "2024-05-13T08:00:00Z",
    "published_at": "2024-05-14T10:00:00Z",
    "assets": [],
    "body": "## What's changed\n- **Pager** streams results by @octocat in https://github.com/octo/widget/pull/42\n\n**Full Changelog**: https://github.com/octo/widget/compare/v1.1.0...v1.2.0"
  },
  {"url": "https://api.github.com/repos/octo/widget/releases/151000", "html_url": "https://github.com/octo/widget/releases/tag/v1.1.0", "id": 151000,
   "author": {"login": "hubot"}, "tag_name": "v1.1.0", "name": null, "draft": true, "published_at": null, "created_at": "2024-04-02T09:00:00Z", "body": null},
  {"url": "https://api.github.com/repos/octo/widget/issues/7", "html_url": "https://github.com/octo/widget/issues/7", "number": 7, "title": "Crash on empty query",
   "user": {"login": "monalisa"}, "labels": [{"id": 3, "name": "bug", "color": "d73a4a"}, {"name": "good first issue"}], "state": "open",
   "created_at": "2024-05-20T12:00:00Z", "body": "Steps: type `  ` and press **Enter**."}
]"###;
        let mut warnings = Vec::new();
        let got = parse_array("releases.json", releases, &mut |w| warnings.push(w)).unwrap();
        let a = &got[0].entry;
        assert_eq!((a.title.as_str(), a.date.as_deref(), &a.authors[..]), ("v1.2.0: Faster pager", Some("2024-05-14"), &["octocat".to_string()][..]));
        assert_eq!(a.abstract_text, "What's changed Pager streams results by @octocat in https://github.com/octo/widget/pull/42 Full Changelog: https://github.com/octo/widget/compare/v1.1.0...v1.2.0");
        assert_eq!(a.urls[0], "https://github.com/octo/widget/releases/tag/v1.2.0");
        // A draft: no name, no date published.
        let b = &got[1].entry;
        assert_eq!((b.title.as_str(), b.date.as_deref(), &b.authors[..]), ("v1.1.0", Some("2024-04-02"), &["hubot".to_string()][..]));
        let c = &got[2].entry;
        assert_eq!((c.title.as_str(), c.date.as_deref(), &c.authors[..], &c.tags[..]), ("Crash on empty query", Some("2024-05-20"), &["monalisa".to_string()][..], &["bug".to_string(), "good first issue".to_string()][..]));
        assert_eq!(
            warnings,
            ["releases.json:2: fields `assets_url`, `draft`, `prerelease`, `target_commitish`, `number`, `state` not read (the fields read are id, title, abstract, summary, description, body, content, text, url, urls, date, authors, tags, version, html_url)"]
        );
        // The entry's own fields come first; a wrong type names GitHub's field.
        let own = r#"{"html_url": "https://github.com/o/r/releases/tag/v2.0.0", "title": "Two", "name": "x", "tag_name": "v2.0.0", "version": "2.0.0", "date": "2024-06-01", "published_at": "2024-06-02T00:00:00Z", "authors": ["Ada"], "author": {"login": "ada"}}"#;
        let e = &read_lines("own.jsonl", own).unwrap()[0].entry;
        assert_eq!((e.title.as_str(), e.date.as_deref(), &e.authors[..]), ("2.0.0: Two", Some("2024-06-01"), &["Ada".to_string()][..]));
        let e = read_lines("bad.jsonl", r#"{"html_url": "https://github.com/o/r/releases/tag/v2", "tag_name": ["v2"]}"#).unwrap_err();
        assert_eq!(e.to_string(), "bad.jsonl:1: field `tag_name`: expected a string or number, found an array");
        let e = read_lines("bad.jsonl", r#"{"html_url": "https://github.com/o/r/releases/tag/v2", "name": "Two", "published_at": "yesterday"}"#).unwrap_err();
        assert!(e.to_string().starts_with("bad.jsonl:1: field `published_at`: `yesterday` is not a date"), "{e}");
    }

    #[test]
    fn reads_corpus_lines() {
        let text = r#"{"id":"2401.1","title":"T","abstract":"A https://x.org/p.","url":"https://arxiv.org/abs/2401.1","date":"2024-01-02","authors":["A B"],"tags":["cs.LG"]}

{"title":"U","summary":"S"}"#;
        let got = read_lines("f.jsonl", text).unwrap();
        assert_eq!(got.len(), 2);
        assert_eq!(got[0].entry.urls, ["https://arxiv.org/abs/2401.1", "https://x.org/p"]);
        assert_eq!(got[0].entry.tags, ["cs.LG"]);
        assert_eq!(got[1].line, 3);
        assert_eq!(got[1].entry.abstract_text, "S");
    }

    #[test]
    fn large_inputs_parse_in_runs_with_the_files_line_numbers() {
        // Past PARALLEL_BYTES: parsed in two runs where there are two cores.
        let line = format!("{{\"title\":\"t\",\"abstract\":\"{}\"}}\n", "word ".repeat(200));
        let n = PARALLEL_BYTES / line.len() + 1000;
        let mut lines: Vec<String> = (0..n).map(|_| line.clone()).collect();
        lines[n - 3] = "\n".to_string();
        let text = lines.concat();
        let got = read_lines("big.jsonl", &text).unwrap();
        assert_eq!(got.len(), n - 1);
        assert_eq!(got.last().unwrap().line, n);
        assert!(got.windows(2).all(|w| w[0].line < w[1].line));
        // Errors in both halves: the first is reported, with its line.
        lines[n - 10] = "{\"title\":5}\n".to_string();
        assert!(read_lines("big.jsonl", &lines.concat()).unwrap_err().to_string().starts_with(&format!("big.jsonl:{}: field `title`", n - 9)));
        lines[10] = "{\"title\":\n".to_string();
        assert!(read_lines("big.jsonl", &lines.concat()).unwrap_err().to_string().starts_with("big.jsonl:11:"));
    }

    #[test]
    fn strings_read_otherwise_than_written_are_told_by_their_first_line_across_runs() {
        // Past PARALLEL_BYTES, in two runs: the first line of each, wherever it falls.
        let line = format!("{{\"title\":\"t\",\"abstract\":\"{}\"}}\n", "word ".repeat(200));
        let n = PARALLEL_BYTES / line.len() + 1000;
        let mut lines: Vec<String> = (0..n).map(|_| line.clone()).collect();
        lines[n - 5] = "{\"title\":\"t\",\"tags\":\"cs.LG, cs.AI\",\"authors\":\"Lovelace, Ada\",\"slug\":1}\n".to_string();
        lines[n - 2] = "{\"title\":\"t\",\"tags\":\"a, b\"}\n".to_string();
        lines[3] = "{\"title\":\"t\",\"authors\":\"Hopper, Grace\",\"link\":\"x\"}\n".to_string();
        let mut warnings = Vec::new();
        parse_lines("big.jsonl", &lines.concat(), &mut |w| warnings.push(w)).unwrap();
        let heads: Vec<&str> = warnings.iter().map(|w| w.split(": ").take(2).last().unwrap()).collect();
        assert_eq!(heads, ["field `tags`", "field `authors`", "field `link` is not read (and is left out of every entry)", "field `slug` not read (the fields read are id, title, abstract, summary, description, body, content, text, url, urls, date, authors, tags, version, html_url)"]);
        let lines_of: Vec<&str> = warnings.iter().map(|w| w.split(": ").next().unwrap()).collect();
        assert_eq!(lines_of, [format!("big.jsonl:{}", n - 4), "big.jsonl:4".to_string(), "big.jsonl:4".to_string(), format!("big.jsonl:{}", n - 4)]);
    }

    #[test]
    fn errors_name_line_and_field() {
        let e = read_lines("f.jsonl", "{\"title\":\"ok\"}\n{\"title\":5}").unwrap_err();
        assert_eq!(e.to_string(), "f.jsonl:2: field `title`: expected a string, found a number");
        let e = read_lines("f.jsonl", "{\"title\":\"ok\"}\n{\"title\":").unwrap_err();
        assert!(e.to_string().starts_with("f.jsonl:2:"), "{e}");
        assert!(e.column.is_some());
        let e = read_lines("f.jsonl", "{\"abstract\":\"x\"}").unwrap_err();
        assert!(e.to_string().contains("field `title`: missing"), "{e}");
        let e = read_lines("f.jsonl", "{\"title\":\"t\",\"authors\":[\"a\",3]}").unwrap_err();
        assert!(e.to_string().contains("field `authors[1]`"), "{e}");
    }

    #[test]
    fn syntax_errors_name_the_files_own_line_and_character_column() {
        let e = read_lines("f.jsonl", "{\"title\":\"ok\"}\n{\"title\": \"x\", \"abstract\": }").unwrap_err();
        assert_eq!(e.to_string(), "f.jsonl:2:28: invalid JSON: expected value");
        // Half an emoji, as JSON.stringify writes a string cut inside one.
        let e = read_lines("f.jsonl", "{\"title\":\"x \\ud83c y\"}\n").unwrap_err();
        assert!(e.to_string().starts_with("f.jsonl:1:"), "{e}");
        assert!(e.to_string().ends_with("(half of a UTF-16 surrogate pair: a character cut in two?)"), "{e}");
        // Columns count characters, not bytes: `é` is one.
        let e = read_lines("f.jsonl", "{\"title\": \"é\" \"x\"}").unwrap_err();
        assert_eq!((e.line, e.column), (Some(1), Some(15)), "{e}"); // serde says byte 16
        let e = read_array("f.json", "[\n {\"title\":\"a\"},\n {\"title\":\"b\" \"x\":1}\n]").unwrap_err();
        assert_eq!(e.to_string(), "f.json:3:15: invalid JSON: expected `,` or `}`");
        let e = read_array("f.json", "[\n {\"title\":\"a\"},\n").unwrap_err();
        assert_eq!((e.line, e.column), (Some(3), Some(1)), "{e}");
        assert!(e.message.contains("EOF while parsing"), "{e}");
    }

    #[test]
    fn a_wordpress_post_of_its_rest_api_is_read_with_its_rendered_texts() {
        // As `/wp-json/wp/v2/posts` gives it (trimmed).
        let posts = r#"[{"id":123,"date":"2024-05-14T10:00:00","date_gmt":"2024-05-14T08:00:00","guid":{"rendered":"https:\/\/blog.example.org\/?p=123"},"slug":"caching-part-2","status":"publish","type":"post",
 "link":"https:\/\/blog.example.org\/2024\/05\/caching-part-2\/","title":{"rendered":"Caching at the edge &#8211; part&nbsp;2"},
 "content":{"rendered":"\n<p>In part one we put a cache in front of the origin. Now we move it to the <a href=\"https:\/\/e.org\/edge\">edge<\/a>.<\/p>\n","protected":false},
 "excerpt":{"rendered":"<p>In part one we put a cache in front of the origin.<\/p>\n","protected":false},"author":1,"featured_media":0,"categories":[3],"tags":[5,12]}]"#;
        let mut warnings = Vec::new();
        let got = parse_array("posts.json", posts, &mut |w| warnings.push(w)).unwrap();
        let e = &got[0].entry;
        assert_eq!((e.id.as_str(), e.title.as_str(), e.date.as_deref()), ("123", "Caching at the edge – part 2", Some("2024-05-14")));
        assert_eq!(e.abstract_text, "In part one we put a cache in front of the origin. Now we move it to the edge.");
        assert_eq!(e.urls, ["https://blog.example.org/2024/05/caching-part-2/", "https://e.org/edge"]);
        assert!(e.tags.is_empty() && e.authors.is_empty());
        assert_eq!(warnings, ["posts.json:1: fields `date_gmt`, `featured_media`, `guid`, `slug`, `status`, `type` not read (the fields read are id, title, abstract, summary, description, body, content, text, url, urls, date, authors, tags, version, html_url)"]);
        // Anything else than `{"rendered": "…"}` is still an error; tags given as names are read.
        let e = read_lines("p.jsonl", r#"{"title": {"raw": "T"}}"#).unwrap_err();
        assert_eq!(e.to_string(), "p.jsonl:1: field `title`: expected a string, found an object");
        assert_eq!(read_lines("p.jsonl", r#"{"title": {"rendered": "T"}, "tags": ["cdn"]}"#).unwrap()[0].entry.tags, ["cdn"]);
        let e = read_lines("p.jsonl", r#"{"title": "T", "tags": [5]}"#).unwrap_err();
        assert_eq!(e.to_string(), "p.jsonl:1: field `tags[0]`: expected a string, found a number");
    }

    #[test]
    fn an_entrys_links_in_its_text_are_pages_not_pictures() {
        // Links in an HTML body, a Markdown one and bare text leave pictures out; the entry's
        // own `url` and `urls` stay whatever they are.
        let text = r#"{"title": "A", "url": "https://e.org/a.png", "content": "<p><a href=\"https://e.org/a-large.jpg\"><img src=\"https://e.org/a.jpg\"></a> Read <a href=\"https://e.org/a\">the post</a>.</p>"}
{"title": "B", "urls": ["https://e.org/b", "https://e.org/b.svg"], "body": "**New:** ![logo](https://e.org/logo.svg) and [docs](https://e.org/docs)."}
{"title": "C", "abstract": "A figure at https://e.org/c.avif and code at https://e.org/c"}"#;
        let got = read_lines("f.jsonl", text).unwrap();
        let urls: Vec<&[String]> = got.iter().map(|p| &p.entry.urls[..]).collect();
        assert_eq!(urls, [&["https://e.org/a.png", "https://e.org/a"][..], &["https://e.org/b", "https://e.org/b.svg", "https://e.org/docs"], &["https://e.org/c"]]);
        let feed = r#"{"version": "https://jsonfeed.org/version/1.1", "items": [{"id": "1", "url": "https://e.org/1", "content_html": "<a href=\"https://e.org/1.gif\">gif</a> and https://e.org/2.webp, <a href=\"https://e.org/more\">more</a>"}]}"#;
        assert_eq!(read_array("feed.json", feed).unwrap()[0].entry.urls, ["https://e.org/1", "https://e.org/more"]);
    }

    #[test]
    fn arrays_one_after_another_are_one_as_gh_api_paginate_writes_them() {
        let text = "[\n {\"title\": \"a\"}\n][\n {\"title\": \"b\"},\n {\"title\": \"c\"}\n]\n[]\n";
        let got = read_array("pages.json", text).unwrap();
        let titles: Vec<(&str, usize)> = got.iter().map(|p| (p.entry.title.as_str(), p.line)).collect();
        assert_eq!(titles, [("a", 2), ("b", 4), ("c", 5)]);
        // An error names its own line in the second array.
        let e = read_array("pages.json", &text.replace("\"c\"", "5")).unwrap_err();
        assert_eq!(e.to_string(), "pages.json:5: field `title`: expected a string, found a number");
        // An array then an object is no such file.
        let e = read_array("pages.json", "[{\"title\": \"a\"}]\n{\"title\": \"b\"}").unwrap_err();
        assert!(e.to_string().starts_with("pages.json:2:1: invalid JSON: trailing characters"), "{e}");
    }

    #[test]
    fn the_wrong_shape_of_file_says_which_format_to_use() {
        let e = read_array("f.json", "{\"title\":\"a\"}\n{\"title\":\"b\"}\n").unwrap_err();
        assert!(e.to_string().starts_with("f.json:2:1: invalid JSON: trailing characters (one entry object per line is JSON Lines"), "{e}");
        let e = read_array("f.json", "{\"title\":\"a\"}").unwrap_err();
        assert_eq!(e.to_string(), "f.json:1: expected a JSON array of entry objects, found an object (one entry object per line is JSON Lines: name the file .jsonl)");
        // An API's answer (Ghost's Content API) with its entries in a field: that field is named.
        let e = read_array("posts.json", r#"{"posts": [{"id": "1", "title": "A", "html": "<p>a</p>"}, {"id": "2", "title": "B"}], "meta": {"pagination": {"page": 1, "pages": 3}}}"#).unwrap_err();
        assert_eq!(e.to_string(), "posts.json:1: expected a JSON array of entry objects, found an object: its field `posts` holds 2 entries; give that array alone (as `jq .posts` writes it)");
        let e = read_lines("f.jsonl", "[{\"title\":\"a\"}]").unwrap_err();
        assert!(e.to_string().starts_with("f.jsonl:1: expected an entry object, found an array"), "{e}");
        let e = read_lines("f.jsonl", "[\n{\"title\":\"a\"}\n]").unwrap_err();
        assert!(e.to_string().contains("a JSON array belongs in a .json file"), "{e}");
    }

    #[test]
    fn a_json_feed_is_read_with_its_own_field_names() {
        let text = r#"{
  "version": "https://jsonfeed.org/version/1.1",
  "title": "Changelog",
  "items": [
    {"id": "v2", "url": "https://e.org/v2", "title": "Version 2", "content_html": "<p>New <code>search()</code> options. <a href=\"https://e.org/docs\">Docs</a></p>",
     "date_published": "2024-05-01T12:00:00+02:00", "authors": [{"name": "Grace Hopper"}], "tags": ["release"]},
    {"id": 3, "content_text": "A short note without a title.", "author": {"name": "Alan Turing"}},
    {"id": "x",
     "title": "Bad date", "date_published": "May 1"}
  ]
}"#;
        let e = read_array("feed.json", text).unwrap_err();
        assert_eq!(e.to_string(), "feed.json:9: field `date_published`: `May 1` is not an RFC 3339 date", "the field's own line");
        // Minified, all on one line: the field's column too.
        let min = r#"{"version":"https://jsonfeed.org/version/1.1","items":[{"id":"1","title":"A"},{"id":"2","title":"B"},{"id":"3","title":3}]}"#;
        let e = read_array("min.json", min).unwrap_err();
        let col = min.find(r#""title":3"#).unwrap() + r#""title":"#.len() + 1;
        assert_eq!(e.to_string(), format!("min.json:1:{col}: field `title`: expected a string, found a number"));
        let got = read_array("feed.json", &text.replace("May 1", "2024-05-03")).unwrap();
        assert_eq!(got.iter().map(|p| p.line).collect::<Vec<_>>(), [5, 7, 8]);
        let a = &got[0].entry;
        assert_eq!((a.id.as_str(), a.title.as_str(), a.abstract_text.as_str()), ("v2", "Version 2", "New search() options. Docs"));
        assert_eq!(a.urls, ["https://e.org/v2", "https://e.org/docs"]);
        assert_eq!((a.date.as_deref(), &a.authors[..], &a.tags[..]), (Some("2024-05-01"), &["Grace Hopper".to_string()][..], &["release".to_string()][..]));
        let b = &got[1].entry;
        assert_eq!((b.id.as_str(), b.title.as_str(), &b.authors[..]), ("3", "A short note without a title.", &["Alan Turing".to_string()][..]));
        let e = read_array("feed.json", &text.replace("\"tags\": [\"release\"]", "\"tags\": [5]")).unwrap_err();
        assert_eq!(e.to_string(), "feed.json:6: field `tags[0]`: expected a string, found a number");
        // Relative links resolve against the site's address; a summary the body does not hold
        // is searchable too; a photo with neither title nor text is named by its link.
        let feed = r#"{"version": "https://jsonfeed.org/version/1.1", "home_page_url": "https://m.e.org/blog/", "items": [
 {"id": "1", "url": "2024/sourdough", "title": "Sourdough", "summary": "Reviving a neglected starter.", "content_html": "<p>Hooch. <a href='/notes'>notes</a></p>"},
 {"id": "2", "url": "https://photos.e.org/b/", "content_html": "<img src='s.jpg' alt='A heron'>"}]}"#;
        let got = read_array("feed.json", feed).unwrap();
        let a = &got[0].entry;
        assert_eq!(a.urls, ["https://m.e.org/blog/2024/sourdough", "https://m.e.org/notes"]);
        assert_eq!(a.abstract_text, "Reviving a neglected starter. Hooch. notes");
        assert_eq!(got[1].entry.title, "photos.e.org/b");
        // A title, a summary and a text with HTML's character references (as WordPress's JSON
        // Feed plugin writes them) read as the characters.
        let feed = r#"{"version": "https://jsonfeed.org/version/1.1", "items": [{"id": "1", "title": "It&#8217;s here &#8211; R&amp;D", "summary": "Q&amp;A", "content_text": "Tom &amp; Jerry, AT&T"}]}"#;
        let a = &read_array("feed.json", feed).unwrap()[0].entry;
        assert_eq!((a.title.as_str(), a.abstract_text.as_str()), ("It’s here – R&D", "Q&A Tom & Jerry, AT&T"));
        // Without a newsletter platform's buttons, as an RSS item's body.
        let feed = r#"{"version": "https://jsonfeed.org/version/1.1", "items": [{"id": "1", "url": "https://e.org/p/1", "content_html": "<p>The post.</p><p class=\"button-wrapper\"><a class=\"button primary\" href=\"https://e.org/subscribe?\"><span>Subscribe now</span></a></p>"}]}"#;
        let a = &read_array("feed.json", feed).unwrap()[0].entry;
        assert_eq!((a.abstract_text.as_str(), &a.urls[..]), ("The post.", &["https://e.org/p/1".to_string()][..]));
        // An object that is not a JSON Feed is still told to be an array or JSON Lines.
        assert!(read_array("f.json", "{\"items\": []}").unwrap_err().to_string().contains("expected a JSON array"));
    }

    #[test]
    fn json_feed_items_without_authors_take_the_feeds() {
        let v11 = r#"{"version": "https://jsonfeed.org/version/1.1", "authors": [{"name": "Feed Owner"}],
 "items": [{"id": "1", "title": "Inherits"}, {"id": "2", "title": "Own", "authors": [{"name": "Item Author"}]}, {"id": "3", "title": "Empty list", "authors": []}]}"#;
        let got = read_array("feed.json", v11).unwrap();
        let authors: Vec<&[String]> = got.iter().map(|p| &p.entry.authors[..]).collect();
        assert_eq!(authors, [&["Feed Owner"][..], &["Item Author"][..], &["Feed Owner"][..]]);
        let v10 = r#"{"version": "https://jsonfeed.org/version/1", "author": {"name": "Old Owner"}, "items": [{"id": "1", "title": "T"}]}"#;
        assert_eq!(read_array("feed.json", v10).unwrap()[0].entry.authors, ["Old Owner"]);
        let bad = "{\"version\": \"https://jsonfeed.org/version/1.1\",\n \"authors\": [\"Feed Owner\"],\n \"items\": [{\"title\": \"T\"}]}";
        let e = read_array("feed.json", bad).unwrap_err();
        assert_eq!(e.to_string(), "feed.json:2: field `authors[0].name`: expected an object with a string `name`, found a string");
    }

    #[test]
    fn the_light_scans_skip_brackets_and_quotes_inside_strings() {
        assert_eq!(element_starts("[\n {\"t\": \"a \\\" [ { ,\"},\n {\"t\": \"b\"}\n]"), [(2, 3), (3, 25)]);
        let feed = "{\"title\": \"\\\"items\\\": [\",\n \"items\": [\n  {\"id\": 1},\n  {\"id\": 2}]}";
        assert_eq!(key_array_starts(feed, "items").iter().map(|s| s.0).collect::<Vec<_>>(), [3, 4]);
    }

    #[test]
    fn array_elements_know_their_lines() {
        let text = "[\n {\"title\":\"a\"},\n {\"title\":\"b\",\n  \"date\":\"not a date\"}\n]";
        let got = read_array("f.json", &text.replace("not a date", "2024-05-03")).unwrap();
        assert_eq!(got.iter().map(|p| p.line).collect::<Vec<_>>(), [2, 3]);
        // A field at fault names its own line, where the entry spans several.
        let e = read_array("f.json", text).unwrap_err();
        assert_eq!((e.line, e.field.as_deref()), (Some(4), Some("date")));
        let text = "[\n {\n  \"id\": \"a\",\n  \"title\": \"A\"\n },\n {\n  \"id\": \"b\",\n  \"authors\": [\n   \"x\",\n   7\n  ],\n  \"title\": 5\n }\n]";
        let e = read_array("f.json", text).unwrap_err();
        assert_eq!(e.to_string(), "f.json:12: field `title`: expected a string, found a number");
        let e = read_array("f.json", &text.replace("\"title\": 5", "\"title\": \"B\"")).unwrap_err();
        assert_eq!((e.line, e.field.as_deref()), (Some(8), Some("authors[1]")));
        // A field missing from an entry names the entry's line, not the field of the next one.
        let e = read_array("f.json", "[\n {\n  \"id\": \"a\"\n },\n {\n  \"title\": \"x\"\n }\n]").unwrap_err();
        assert_eq!((e.line, e.field.as_deref()), (Some(2), Some("title")));
    }
}
