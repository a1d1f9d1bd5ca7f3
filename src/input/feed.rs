//! Reading web feeds: RSS 2.0, RSS 1.0 (RDF) and Atom. Each `<item>` or `<entry>` becomes an
//! entry; a newsletter or a blog is then indexed straight from the feed it already publishes.
//!
//! | entry field | RSS 2.0 / 1.0 | Atom |
//! |---|---|---|
//! | `id` | `guid`, else `rdf:about`, else the link | `id` |
//! | `title` | `title` | `title` |
//! | `abstract` | `content:encoded`, else `description` | `content`, else `summary` |
//! | `urls` | `link`, a permalink `guid` | `link` (`rel="alternate"` or no `rel`) |
//! | `date` | `pubDate` (RFC 822), `dc:date` | `published`, else `updated` (ISO 8601) |
//! | `authors` | `author`, `dc:creator` | `author/name` |
//! | `tags` | `category`, `dc:subject` | `category/@term` |
//!
//! Bodies are HTML: they become plain text ([`html_to_text`]: tags dropped, entities decoded,
//! scripts and styles left out), then go through the same cleaning as every other input. An
//! item without a title (a microblog post) takes the first words of its text. Errors name the
//! file, the line of the item (or, for XML that is not well formed, of the fault) and the field.

use super::clean::{clean_text, collapse_spaces, find_links};
use super::{InputError, Parsed};
use crate::entry::{format_date, parse_date, Entry};
use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;

/// The text of an item's fields as read, before cleaning: `(element, attributes, text)`.
#[derive(Default)]
struct RawItem {
    line: usize,
    /// `rdf:about` of an RSS 1.0 item.
    about: Option<String>,
    fields: Vec<RawField>,
}

/// One child element of an item: its local name, the attributes [`parse`] needs, its text.
struct RawField {
    name: String,
    /// `href`, `rel`, `term`, `type` and `isPermaLink`, when present.
    attrs: Vec<(String, String)>,
    text: String,
    /// 1-based line where it starts, for messages.
    line: usize,
}

impl RawField {
    fn attr(&self, key: &str) -> Option<&str> {
        self.attrs.iter().find(|(k, _)| k == key).map(|(_, v)| v.as_str())
    }
}

/// Counts lines up to a byte offset, moving forward only (events come in document order).
pub(super) struct Lines<'a> {
    text: &'a [u8],
    at: usize,
    line: usize,
}

impl<'a> Lines<'a> {
    /// Starts at line 1 of `text`.
    pub(super) fn new(text: &'a str) -> Self {
        Lines { text: text.as_bytes(), at: 0, line: 1 }
    }

    /// The 1-based line of byte `pos` (not before the last one asked for).
    pub(super) fn line_at(&mut self, pos: usize) -> usize {
        let pos = pos.min(self.text.len());
        if pos > self.at {
            self.line += self.text[self.at..pos].iter().filter(|&&b| b == b'\n').count();
            self.at = pos;
        }
        self.line
    }
}

/// The local name of an element (`content` for `content:encoded`, `creator` for `dc:creator`).
fn local(e: &BytesStart<'_>) -> String {
    String::from_utf8_lossy(e.local_name().as_ref()).into_owned()
}

/// The attributes of `e` that feeds use, unescaped.
fn attributes(e: &BytesStart<'_>) -> Vec<(String, String)> {
    e.attributes()
        .flatten()
        .filter_map(|a| {
            let key = String::from_utf8_lossy(a.key.local_name().as_ref()).into_owned();
            matches!(key.as_str(), "href" | "rel" | "term" | "type" | "isPermaLink" | "about").then(|| {
                let raw = String::from_utf8_lossy(&a.value).into_owned();
                (key, decode_entities(&raw))
            })
        })
        .collect()
}

/// Whether a name is an item of a feed.
fn is_item(name: &str) -> bool {
    name == "item" || name == "entry"
}

/// Parses an RSS or Atom feed.
pub fn parse(name: &str, text: &str) -> Result<Vec<Parsed>, InputError> {
    let mut reader = Reader::from_str(text);
    reader.config_mut().check_end_names = true;
    let mut lines = Lines::new(text);
    let mut items = Vec::new();
    // Open elements from the root, and the depth of the item being read (0: none).
    let mut depth = 0usize;
    let mut item: Option<(usize, RawItem)> = None;
    // Local names of the open elements inside the field being read: an Atom author keeps the
    // text of its `name` only.
    let mut inner: Vec<String> = Vec::new();
    // Inside an item: the field being read (index into its fields) and the field's depth.
    let mut field: Option<(usize, usize)> = None;
    loop {
        let before = reader.buffer_position() as usize;
        let event = reader.read_event().map_err(|e| {
            let pos = reader.error_position() as usize;
            let line = lines.line_at(pos);
            InputError::new(name, Some(line), None, format!("invalid XML: {e}"))
        })?;
        match event {
            ev @ (Event::Start(_) | Event::Empty(_)) => {
                let empty = matches!(ev, Event::Empty(_));
                let (Event::Start(e) | Event::Empty(e)) = ev else { unreachable!() };
                let n = local(&e);
                match item.as_mut() {
                    None => {
                        if depth == 0 && !matches!(n.as_str(), "rss" | "feed" | "RDF") {
                            return Err(InputError::new(name, Some(lines.line_at(before)), None, format!("expected an RSS or Atom feed (`<rss>`, `<feed>` or `<rdf:RDF>`), found `<{n}>`")));
                        }
                        if is_item(&n) && !empty {
                            let about = attributes(&e).into_iter().find(|(k, _)| k == "about").map(|(_, v)| v);
                            item = Some((depth + 1, RawItem { line: lines.line_at(before), about, fields: Vec::new() }));
                        }
                    }
                    Some((item_depth, raw)) if depth == *item_depth => {
                        // A child of the item: a new field.
                        raw.fields.push(RawField { name: n, attrs: attributes(&e), text: String::new(), line: lines.line_at(before) });
                        if !empty {
                            field = Some((raw.fields.len() - 1, depth + 1));
                            inner.clear();
                        }
                    }
                    Some((_, raw)) => {
                        if let Some((i, _)) = field {
                            let f = &mut raw.fields[i];
                            if !empty {
                                inner.push(n.clone());
                            }
                            if (f.name == "author" || f.name == "contributor") && n == "name" {
                                // Atom: only the name of an author is kept.
                                f.name = format!("{}/name", f.name);
                                f.text.clear();
                            } else if !f.name.ends_with("/name") {
                                // Inline XHTML content: its elements separate words.
                                f.text.push(' ');
                            }
                        }
                    }
                }
                if !empty {
                    depth += 1;
                }
            }
            Event::End(_) => {
                depth = depth.saturating_sub(1);
                if let Some((_, field_depth)) = field {
                    if depth + 1 == field_depth {
                        field = None;
                    } else {
                        inner.pop();
                    }
                }
                if let Some((item_depth, _)) = &item {
                    if depth + 1 == *item_depth {
                        items.push(item.take().expect("an item").1);
                    }
                }
            }
            Event::Text(t) => push_text(&mut item, field, &inner, &t.decode().unwrap_or_default()),
            Event::CData(t) => push_text(&mut item, field, &inner, &t.decode().unwrap_or_default()),
            Event::GeneralRef(r) => {
                let raw = r.decode().unwrap_or_default();
                let resolved = match r.resolve_char_ref() {
                    Ok(Some(c)) => c.to_string(),
                    _ => quick_xml::escape::resolve_html5_entity(&raw).map_or_else(|| format!("&{raw};"), str::to_string),
                };
                push_text(&mut item, field, &inner, &resolved);
            }
            Event::Eof => break,
            _ => {}
        }
    }
    items.into_iter().map(|raw| entry_from(name, raw)).collect()
}

/// Adds text to the field being read (for an Atom author, only its name's text).
fn push_text(item: &mut Option<(usize, RawItem)>, field: Option<(usize, usize)>, inner: &[String], s: &str) {
    if let (Some((_, raw)), Some((i, _))) = (item.as_mut(), field) {
        let f = &mut raw.fields[i];
        if !f.name.ends_with("/name") || inner.last().is_some_and(|n| n == "name") {
            f.text.push_str(s);
        }
    }
}

/// Builds the entry of one item from its fields.
fn entry_from(name: &str, raw: RawItem) -> Result<Parsed, InputError> {
    let first = |names: &[&str]| names.iter().find_map(|n| raw.fields.iter().find(|f| f.name == *n && !f.text.trim().is_empty()));
    let mut body_links = Vec::new();
    let mut text_of = |f: &RawField| {
        // Atom says whether text is HTML; RSS text is HTML by usage (escaped markup is common
        // even in titles), and plain text passes through the HTML reading unchanged.
        let html = f.attr("type").is_none_or(|t| t == "html" || t == "text/html");
        clean_text(&if html { html_to_text(&f.text, &mut body_links) } else { collapse_spaces(&f.text) })
    };
    let abstract_text = first(&["encoded", "content", "description", "summary"]).map(&mut text_of).unwrap_or_default();
    let mut title = first(&["title"]).map(&mut text_of).unwrap_or_default();
    if title.is_empty() {
        title = first_words(&abstract_text, 80);
    }
    if title.is_empty() {
        return Err(InputError::new(name, Some(raw.line), Some("title"), "missing (an item needs a title or some text)"));
    }
    let mut urls: Vec<String> = Vec::new();
    for f in &raw.fields {
        let url = match f.name.as_str() {
            "link" => match f.attr("href") {
                Some(href) if f.attr("rel").is_none_or(|r| r == "alternate") => href.trim().to_string(),
                Some(_) => continue,
                None => f.text.trim().to_string(),
            },
            "guid" if f.attr("isPermaLink") != Some("false") && f.text.trim().starts_with("http") => f.text.trim().to_string(),
            _ => continue,
        };
        if !url.is_empty() && !urls.contains(&url) {
            urls.push(url);
        }
    }
    // The item's own link stands in for a missing id; links in its text do not.
    let own_link = urls.first().cloned();
    for link in body_links.into_iter().chain(find_links(&abstract_text)) {
        if !urls.contains(&link) {
            urls.push(link);
        }
    }
    let id = first(&["guid", "id"]).map(|f| f.text.trim().to_string()).or(raw.about.clone()).or(own_link).unwrap_or_default();
    let date = match first(&["published", "pubDate", "date", "issued", "updated", "modified"]) {
        None => None,
        Some(f) => match feed_date(f.text.trim()) {
            Some(d) => Some(format_date(d)),
            None => {
                return Err(InputError::new(name, Some(f.line), Some(&f.name), format!("`{}` is not an RFC 822 (RSS) or ISO 8601 (Atom) date", f.text.trim())));
            }
        },
    };
    let list = |names: &[&str]| -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for f in raw.fields.iter().filter(|f| names.contains(&f.name.as_str())) {
            let v = match f.name.as_str() {
                "category" => f.attr("term").map_or_else(|| collapse_spaces(&f.text), collapse_spaces),
                "author" => rss_author(&f.text),
                _ => collapse_spaces(&f.text),
            };
            if !v.is_empty() && !out.contains(&v) {
                out.push(v);
            }
        }
        out
    };
    let authors = list(&["author/name", "author", "creator", "contributor/name"]);
    let tags = list(&["category", "subject"]);
    Ok(Parsed { entry: Entry { id, title, abstract_text, urls, date, authors, tags }, line: raw.line })
}

/// An RSS `author` is an e-mail address with the name in brackets (`a@b.org (Ada Lovelace)`),
/// or by usage just a name.
fn rss_author(s: &str) -> String {
    let s = collapse_spaces(s);
    match (s.find('('), s.rfind(')')) {
        (Some(a), Some(b)) if a < b && s[..a].contains('@') => s[a + 1..b].trim().to_string(),
        _ => s,
    }
}

/// At most `max` characters of `text`, cut at a word boundary and marked with `…` when cut.
pub(super) fn first_words(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let cut: String = text.chars().take(max).collect();
    let at = cut.rfind(' ').filter(|&i| i > max / 2).unwrap_or(cut.len());
    format!("{}…", cut[..at].trim_end())
}

/// Parses a feed date, `yyyymmdd`: ISO 8601 (`2024-03-13T10:00:00Z`, Atom and `dc:date`) or
/// RFC 822 (`Wed, 13 Mar 2024 10:00:00 GMT`, RSS; the weekday is optional, two-digit years are
/// taken as 19xx from 70 on, 20xx below). The date is the one written, whatever its zone.
pub fn feed_date(s: &str) -> Option<u32> {
    if let Some(d) = parse_date(s) {
        return Some(d);
    }
    let s = s.split_once(',').map_or(s, |(_, rest)| rest).trim();
    let mut parts = s.split_whitespace();
    let day: u32 = parts.next()?.parse().ok()?;
    let month = parts.next()?.to_ascii_lowercase();
    let month = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"].iter().position(|m| month.starts_with(m))? as u32 + 1;
    let year = parts.next()?;
    let year: u32 = match (year.len(), year.parse::<u32>().ok()?) {
        (2, y) if y >= 70 => 1900 + y,
        (2, y) => 2000 + y,
        (4, y) => y,
        _ => return None,
    };
    parse_date(&format!("{year:04}-{month:02}-{day:02}"))
}

/// Plain text of an HTML fragment: tags dropped (block elements and `<br>` separate words),
/// comments, `<script>` and `<style>` left out, character references decoded (every HTML5
/// named one, and numeric ones). Text that is not HTML comes out as it went in, but for
/// runs of white space. The http(s) targets of its links are added to `links`.
pub fn html_to_text(html: &str, links: &mut Vec<String>) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(lt) = rest.find('<') {
        out.push_str(&decode_entities(&rest[..lt]));
        let tag = &rest[lt..];
        let next = tag.as_bytes().get(1).copied().unwrap_or(b' ');
        if tag.starts_with("<!--") {
            rest = tag.find("-->").map_or("", |e| &tag[e + 3..]);
            continue;
        }
        if !(next.is_ascii_alphabetic() || next == b'/' || next == b'!' || next == b'?') {
            // A lone `<` (`a < b`): text.
            out.push('<');
            rest = &tag[1..];
            continue;
        }
        let end = tag_end(tag);
        let name: String = tag[1..end].trim_start_matches('/').chars().take_while(|c| c.is_ascii_alphanumeric()).collect::<String>().to_ascii_lowercase();
        if name == "a" {
            if let Some(href) = attribute(&tag[..end], "href").filter(|h| h.starts_with("http://") || h.starts_with("https://")) {
                if !links.contains(&href) {
                    links.push(href);
                }
            }
        }
        rest = &tag[end..];
        if (name == "script" || name == "style") && !tag[1..].starts_with('/') {
            let close = format!("</{name}");
            rest = find_ascii_ci(rest, &close).map_or("", |i| &rest[i..]);
            continue;
        }
        if !matches!(name.as_str(), "a" | "abbr" | "b" | "cite" | "code" | "em" | "i" | "kbd" | "mark" | "q" | "s" | "small" | "span" | "strong" | "sub" | "sup" | "u" | "var" | "wbr") {
            out.push(' ');
        }
    }
    out.push_str(&decode_entities(rest));
    collapse_spaces(&out)
}

/// The byte just past the `>` that ends the tag at the start of `tag` (quoted attribute values
/// may hold `>`), or the end of `tag`.
fn tag_end(tag: &str) -> usize {
    let mut quote = None;
    for (i, b) in tag.bytes().enumerate().skip(1) {
        match (quote, b) {
            (None, b'"' | b'\'') => quote = Some(b),
            (Some(q), _) if b == q => quote = None,
            (None, b'>') => return i + 1,
            _ => {}
        }
    }
    tag.len()
}

/// The value of attribute `name` in a start tag's source (`<a href="…">`), decoded.
fn attribute(tag: &str, name: &str) -> Option<String> {
    let lower = tag.to_ascii_lowercase();
    let mut from = 0;
    while let Some(i) = lower[from..].find(name).map(|i| i + from) {
        from = i + name.len();
        let before = lower.as_bytes()[i - 1];
        let after = lower[from..].trim_start();
        if !(before.is_ascii_whitespace()) || !after.starts_with('=') {
            continue;
        }
        let value = after[1..].trim_start();
        let start = tag.len() - value.len();
        let value = &tag[start..];
        let raw = match value.as_bytes().first() {
            Some(&q @ (b'"' | b'\'')) => value[1..].split(char::from(q)).next().unwrap_or(""),
            _ => value.split(|c: char| c.is_ascii_whitespace() || c == '>').next().unwrap_or(""),
        };
        return Some(decode_entities(raw.trim()));
    }
    None
}

/// Where `needle` (ASCII) first occurs in `haystack`, ignoring ASCII case.
fn find_ascii_ci(haystack: &str, needle: &str) -> Option<usize> {
    haystack.as_bytes().windows(needle.len()).position(|w| w.eq_ignore_ascii_case(needle.as_bytes()))
}

/// Decodes character references (`&amp;`, `&eacute;`, `&#233;`, `&#xE9;`); one that is not
/// known stays as written.
fn decode_entities(s: &str) -> String {
    if !s.contains('&') {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        let after = &rest[amp + 1..];
        let name_len = after.find(|c: char| !(c.is_ascii_alphanumeric() || c == '#')).unwrap_or(after.len());
        let name = &after[..name_len];
        let closed = after[name_len..].starts_with(';');
        let resolved = if let Some(num) = name.strip_prefix('#') {
            let code = match num.strip_prefix(['x', 'X']) {
                Some(hex) => u32::from_str_radix(hex, 16).ok(),
                None => num.parse().ok(),
            };
            code.and_then(char::from_u32).filter(|&c| c != '\0').map(String::from)
        } else if closed {
            quick_xml::escape::resolve_html5_entity(name).map(str::to_string)
        } else {
            None
        };
        match resolved {
            Some(r) => {
                out.push_str(&r);
                rest = &after[name_len + usize::from(closed)..];
            }
            None => {
                out.push('&');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const RSS: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel>
  <title>Weekly notes</title>
  <link>https://example.org/</link>
  <item>
    <title>Faster builds &amp; smaller bundles</title>
    <link>https://example.org/posts/41</link>
    <guid isPermaLink="false">post-41</guid>
    <pubDate>Wed, 13 Mar 2024 10:00:00 GMT</pubDate>
    <dc:creator>Ada Lovelace</dc:creator>
    <category>release</category>
    <category>build</category>
    <description>&lt;p&gt;We cut the &lt;em&gt;build&lt;/em&gt; time in half.&lt;/p&gt;&lt;p&gt;Schr&amp;ouml;dinger&amp;#39;s cache&lt;/p&gt;</description>
  </item>
  <item>
    <description><![CDATA[<p>Just a short post with no title, <a href="https://example.org/x">a link</a> and more words after it so that it runs past eighty characters.</p><script>alert(1)</script>]]></description>
    <author>ada@example.org (Ada Lovelace)</author>
    <pubDate>1 Apr 24 09:00 +0200</pubDate>
  </item>
</channel>
</rss>"#;

    #[test]
    fn rss_items_become_entries() {
        let got = parse("feed.xml", RSS).unwrap();
        assert_eq!(got.len(), 2);
        let e = &got[0].entry;
        assert_eq!(got[0].line, 6);
        assert_eq!(e.id, "post-41");
        assert_eq!(e.title, "Faster builds & smaller bundles");
        assert_eq!(e.abstract_text, "We cut the build time in half. Schrödinger's cache");
        assert_eq!(e.urls, ["https://example.org/posts/41"]);
        assert_eq!(e.date.as_deref(), Some("2024-03-13"));
        assert_eq!(e.authors, ["Ada Lovelace"]);
        assert_eq!(e.tags, ["release", "build"]);
        let e = &got[1].entry;
        assert!(e.title.starts_with("Just a short post with no title, a link and more") && e.title.ends_with("…"), "{}", e.title);
        assert!(e.title.chars().count() <= 81 && !e.title.contains("  "), "{}", e.title);
        assert!(!e.abstract_text.contains("alert"), "{}", e.abstract_text);
        assert_eq!(e.authors, ["Ada Lovelace"]);
        assert_eq!(e.date.as_deref(), Some("2024-04-01"));
        assert_eq!(e.id, "", "no guid and no link: the position is the id");
    }

    #[test]
    fn atom_entries_become_entries() {
        let atom = r#"<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title>Changelog</title>
  <entry>
    <title type="html">v2.0: &lt;code&gt;search()&lt;/code&gt; takes options</title>
    <id>tag:example.org,2024:v2</id>
    <link rel="alternate" href="https://example.org/v2"/>
    <link rel="enclosure" href="https://example.org/v2.tar.gz"/>
    <updated>2024-05-02T12:00:00Z</updated>
    <published>2024-05-01T12:00:00+02:00</published>
    <author><name>Grace Hopper</name><email>g@example.org</email></author>
    <author><name>Alan Turing</name></author>
    <category term="release" label="Release"/>
    <summary type="text">Options for search &amp; a new flag.</summary>
    <content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p>First</p><p>second paragraph</p></div></content>
  </entry>
</feed>"#;
        let got = parse("changes.atom", atom).unwrap();
        assert_eq!(got.len(), 1);
        let e = &got[0].entry;
        assert_eq!(got[0].line, 4);
        assert_eq!(e.id, "tag:example.org,2024:v2");
        assert_eq!(e.title, "v2.0: search() takes options");
        assert_eq!(e.abstract_text, "First second paragraph");
        assert_eq!(e.urls, ["https://example.org/v2"]);
        assert_eq!(e.date.as_deref(), Some("2024-05-01"));
        assert_eq!(e.authors, ["Grace Hopper", "Alan Turing"]);
        assert_eq!(e.tags, ["release"]);
    }

    #[test]
    fn rss_1_items_take_their_about_as_id() {
        let rdf = r#"<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">
<item rdf:about="http://arxiv.org/abs/2401.00001"><title>A paper on $\alpha$ decay</title><link>http://arxiv.org/abs/2401.00001</link><dc:date>2024-01-02</dc:date><dc:subject>nucl-th</dc:subject></item>
</rdf:RDF>"#;
        let got = parse("arxiv.rdf", rdf).unwrap();
        assert_eq!(got[0].entry.id, "http://arxiv.org/abs/2401.00001");
        assert_eq!(got[0].entry.title, "A paper on $α$ decay");
        assert_eq!(got[0].entry.date.as_deref(), Some("2024-01-02"));
        assert_eq!(got[0].entry.tags, ["nucl-th"]);
    }

    #[test]
    fn errors_name_the_line_and_field() {
        let bad_date = RSS.replace("1 Apr 24 09:00 +0200", "next Tuesday");
        let e = parse("feed.xml", &bad_date).unwrap_err();
        assert_eq!(e.to_string(), "feed.xml:19: field `pubDate`: `next Tuesday` is not an RFC 822 (RSS) or ISO 8601 (Atom) date");
        let broken = RSS.replace("</dc:creator>", "</dc:creatr>");
        let e = parse("feed.xml", &broken).unwrap_err();
        assert_eq!(e.line, Some(11), "{e}");
        assert!(e.message.starts_with("invalid XML"), "{e}");
        let e = parse("page.html", "<html><body><item>x</item></body></html>").unwrap_err();
        assert_eq!(e.to_string(), "page.html:1: expected an RSS or Atom feed (`<rss>`, `<feed>` or `<rdf:RDF>`), found `<html>`");
        let e = parse("feed.xml", "<rss><channel><item><link>https://e.org</link></item></channel></rss>").unwrap_err();
        assert_eq!(e.to_string(), "feed.xml:1: field `title`: missing (an item needs a title or some text)");
    }

    fn html_to_text(html: &str) -> String {
        super::html_to_text(html, &mut Vec::new())
    }

    #[test]
    fn html_links_are_kept() {
        let mut links = Vec::new();
        let text = super::html_to_text("<a href='https://e.org/a?x=1&amp;y=2'>one</a> <A class=x HREF=http://e.org/b>two</A> <a href=\"/rel\">three</a> <a data-href=\"https://no\">four</a>", &mut links);
        assert_eq!(text, "one two three four");
        assert_eq!(links, ["https://e.org/a?x=1&y=2", "http://e.org/b"]);
    }

    #[test]
    fn html_becomes_text() {
        assert_eq!(html_to_text("<p>a<br>b</p><p>c&nbsp;&amp;&#x41;&#66;</p>"), "a b c &AB");
        assert_eq!(html_to_text("x <b>bold</b>er <a href=\"u?a>b\">link</a>."), "x bolder link.");
        assert_eq!(html_to_text("a < b and c<d"), "a < b and c", "an unclosed tag runs to the end, as in a browser");
        assert_eq!(html_to_text("<style>p{}</style>kept<!-- gone --> <SCRIPT>x()</SCRIPT>too"), "kept too");
        assert_eq!(html_to_text("AT&T &bogus; &amp"), "AT&T &bogus; &amp");
    }

    #[test]
    fn dates_in_both_notations() {
        assert_eq!(feed_date("Tue, 10 Jun 2003 04:00:00 GMT"), Some(20030610));
        assert_eq!(feed_date("10 June 2003"), Some(20030610));
        assert_eq!(feed_date("2003-06-10T04:00:00-07:00"), Some(20030610));
        assert_eq!(feed_date("2003-06-10"), Some(20030610));
        assert_eq!(feed_date("1 Feb 99"), Some(19990201));
        assert_eq!(feed_date("10 Jun 3"), None);
        assert_eq!(feed_date("soon"), None);
    }
}

#[cfg(test)]
mod prop {
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(400))]
        /// Whatever the bytes, reading a feed returns entries or an error: it never panics.
        #[test]
        fn any_text_reads_or_fails_cleanly(s in "(<rss><channel><item>|<feed><entry>|<title>|</title>|<a href=|<script>|&amp;|&#x|&nbsp;|<!--|<![CDATA[|]]>|\"|'|>|<|/|;|&|[a-zé ]{0,6}){0,40}") {
            let _ = super::parse("f.xml", &s);
            let _ = super::html_to_text(&s, &mut Vec::new());
        }
    }
}
