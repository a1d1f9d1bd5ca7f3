//! Reading web feeds: RSS 2.0, RSS 1.0 (RDF) and Atom. Each `<item>` or `<entry>` becomes an
//! entry; a newsletter or a blog is then indexed straight from the feed it already publishes.
//!
//! | entry field | RSS 2.0 / 1.0 | Atom |
//! |---|---|---|
//! | `id` | `guid`, else `rdf:about`, else the link | `id` |
//! | `title` | `title` | `title` |
//! | `abstract` | `description` (unless `content:encoded` starts with it), then `content:encoded`; else a picture's `media:content/media:description` (Mastodon's alt text) | `summary` (unless `content` starts with it), then `content`; else a video's `media:group/media:description` (YouTube's) |
//! | `urls` | `link`, a permalink `guid`, links in the text | `link` (`rel="alternate"` or no `rel`), links in the text |
//! | `date` | `pubDate` (RFC 822), `dc:date` | `published`, else `updated` (ISO 8601) |
//! | `authors` | `author`, `dc:creator` (one may name several: `A B, C D and E F`, [`split_names`]) | `author/name`, else the `source`'s or the feed's |
//! | `tags` | `category`, `dc:subject` | `category/@term` |
//!
//! Links in the text are pages, not pictures: an `<img>` is none, nor an `<a>` around one whose
//! target is a picture's file (`.png`, `.jpg`, `.jpeg`, `.gif`, `.webp`, `.svg`, `.avif`:
//! [`is_image_link`]), nor an `enclosure` or `media:content`; the item's own `link` is its
//! link whatever it names. A date written otherwise than RSS and Atom write it, as a
//! hand-written feed may, is read in the forms a JSON entry's `date` takes: `May 14, 2024`,
//! `Tuesday, May 14, 2024`, `14 May 2024`, `2024/05/14`.
//!
//! An arXiv item's text is without the words of its announcement (`Announce Type: new
//! Abstract:`: `without_announcement`), and a blog's without the line `The post … appeared
//! first on …` that WordPress's SEO plugins add to each item (`without_footer`). A newsletter's
//! body is read without the blocks that are its platform's words in every post, a paragraph,
//! a line or a button whose text is wholly such words ([`is_boilerplate`]): Substack's
//! `Subscribe now`, `Share`, `Leave a comment`, `Read more`, `Upgrade to paid` and its `Thanks for
//! reading X! Subscribe for free…` (or `… This post is public so feel free to share it.`), an email's `View this email in your browser`, `Unsubscribe`,
//! `Forwarded this email? Subscribe here`, a Mailchimp archive's foot, Reddit's `submitted by
//! /u/name` and `[link] [comments]`; nor their links, but those that lead on (`Read more`,
//! Reddit's `[link]`, `View this email in your browser`). A
//! sentence with such words in it (`Subscribe now to get the slides`) stays.
//!
//! A title is HTML where Atom says so (`type="html"`) or it looks so ([`is_html`]: an end tag, a
//! character reference), else text: one that names a tag keeps it (`Render <details> open`).
//! Bodies are HTML (or Atom's XHTML, read alike: an inline element parts no word, `Ada<em>Boost</em>`): they become plain text ([`html_to_text`]: tags dropped, entities decoded,
//! scripts and styles left out, a `<` that starts no tag kept, as in `Vec<T>`), then go through
//! the same cleaning as every other input. An item without a title (a microblog post) takes the
//! first words of its text, or with no text either (a photo), its link. Relative links resolve
//! against the innermost `xml:base` (a body's own, as jekyll-feed gives each entry's content
//! the post's address), else the site's address (`channel/link`, `feed/link`);
//! relative links in the text are left out when there is neither. Errors name the file, the line of the item (or, for XML that is not
//! well formed, of the fault) and the field.

use super::clean::{clean_text, collapse_spaces, feed_base, find_page_links, is_image_link, resolve_link, scheme, split_names};
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
    /// Its `xml:base`.
    base: Option<String>,
    fields: Vec<RawField>,
}

/// One child element of an item: its local name (`source/…` in an Atom `source`), the
/// attributes [`parse`] needs, its text.
struct RawField {
    name: String,
    /// `href`, `rel`, `term`, `type`, `isPermaLink` and `xml:base` (as `base`), when present.
    attrs: Vec<(String, String)>,
    text: String,
    /// The http(s) targets of the `<a>` elements inside it (XHTML content).
    links: Vec<String>,
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
            matches!(key.as_str(), "href" | "rel" | "term" | "type" | "isPermaLink" | "about" | "base").then(|| {
                let raw = String::from_utf8_lossy(&a.value).into_owned();
                (key, decode_entities(&raw))
            })
        })
        .collect()
}

/// Whether `e`, a `content` element, is Media RSS's `media:content` (a picture's or a video's,
/// with its `url`; Mastodon's carries its alt text and `nonadult`), not Atom's `content`.
fn is_media(e: &BytesStart<'_>) -> bool {
    e.name().prefix().is_some_and(|p| p.as_ref() == b"media") || e.attributes().flatten().any(|a| matches!(a.key.as_ref(), b"url" | b"medium"))
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
    // The authors of an Atom `<feed>`, read as fields of a pseudo-item: they are those of its
    // entries that name none (RFC 4287, 4.2.1). A field being read with no item open is one.
    let mut head = RawItem::default();
    let mut atom = false;
    // Inside an Atom entry's `<source>`: its children are fields too, named `source/…`.
    let mut source = false;
    // The `xml:base` of the feed's root and channel, outermost first.
    let mut root_bases: Vec<String> = Vec::new();
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
                    None if field.is_some() => inside_field(&mut head, field, &mut inner, &n, &e, empty),
                    None => {
                        if depth == 0 && !matches!(n.as_str(), "rss" | "feed" | "RDF") {
                            return Err(InputError::new(name, Some(lines.line_at(before)), None, format!("expected an RSS or Atom feed (`<rss>`, `<feed>` or `<rdf:RDF>`), found `<{n}>`")));
                        }
                        atom |= depth == 0 && n == "feed";
                        let attrs = attributes(&e);
                        let attr = |key: &str| attrs.iter().find(|(k, _)| k == key).map(|(_, v)| v.clone());
                        if is_item(&n) && !empty {
                            item = Some((depth + 1, RawItem { line: lines.line_at(before), about: attr("about"), base: attr("base"), fields: Vec::new() }));
                        } else if atom && depth == 1 && n == "author" && !empty {
                            field = Some((new_field(&mut head, n, &e, lines.line_at(before)), depth + 1));
                            inner.clear();
                        } else if n == "link" && (atom && depth == 1 || !atom && depth == 2) {
                            // The site's address (RSS `channel/link`, Atom `feed/link`): the base
                            // of relative links, with the `xml:base` of the feed's elements.
                            let i = new_field(&mut head, n, &e, lines.line_at(before));
                            if !empty {
                                field = Some((i, depth + 1));
                                inner.clear();
                            }
                        } else if depth <= 1 {
                            if let Some(b) = attr("base") {
                                root_bases.push(b);
                            }
                        }
                    }
                    Some((item_depth, raw)) if depth == *item_depth + usize::from(source) => {
                        // A child of the item (or of its `source`): a new field.
                        if n == "source" && !source && !empty {
                            source = true;
                        } else {
                            let n = if source { format!("source/{n}") } else if n == "content" && is_media(&e) { "media/content".to_string() } else { n };
                            let i = new_field(raw, n, &e, lines.line_at(before));
                            if !empty {
                                field = Some((i, depth + 1));
                                inner.clear();
                            }
                        }
                    }
                    Some((_, raw)) => inside_field(raw, field, &mut inner, &n, &e, empty),
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
                    if source && field.is_none() && depth == *item_depth {
                        source = false;
                    }
                    if depth + 1 == *item_depth {
                        items.push(item.take().expect("an item").1);
                    }
                }
            }
            Event::Text(t) => push_text(item.as_mut().map_or(&mut head, |(_, r)| r), field, &inner, &t.decode().unwrap_or_default()),
            Event::CData(t) => push_text(item.as_mut().map_or(&mut head, |(_, r)| r), field, &inner, &t.decode().unwrap_or_default()),
            Event::GeneralRef(r) => {
                let raw = r.decode().unwrap_or_default();
                let resolved = match r.resolve_char_ref() {
                    Ok(Some(c)) => c.to_string(),
                    _ => quick_xml::escape::resolve_html5_entity(&raw).map_or_else(|| format!("&{raw};"), str::to_string),
                };
                push_text(item.as_mut().map_or(&mut head, |(_, r)| r), field, &inner, &resolved);
            }
            Event::Eof => {
                // A feed cut short (a failed download) must not lose its last items quietly.
                if depth > 0 {
                    let line = lines.line_at(text.len());
                    let what = match &item {
                        Some((_, raw)) => format!("inside the item opened on line {}", raw.line),
                        None => "before its elements are closed".to_string(),
                    };
                    return Err(InputError::new(name, Some(line), None, format!("invalid XML: the file ends {what} (is it truncated?)")));
                }
                break;
            }
            _ => {}
        }
    }
    let feed_authors = names(&head, &["author/name", "author"]);
    // Relative links resolve against the innermost `xml:base` of the feed's elements, itself
    // resolved against the outer ones and the site's address.
    let site = head.fields.iter().find(|f| f.name == "link" && f.attr("rel").is_none_or(|r| r == "alternate")).map(|f| f.attr("href").unwrap_or(f.text.trim()).to_string());
    let mut candidates: Vec<Option<&str>> = root_bases.iter().rev().map(|b| Some(b.as_str())).collect();
    candidates.push(site.as_deref());
    let base = feed_base(&candidates);
    items.into_iter().map(|raw| entry_from(name, raw, &feed_authors, base.as_deref())).collect()
}

/// Adds a field named `n` for element `e` to `raw`; returns its index.
fn new_field(raw: &mut RawItem, n: String, e: &BytesStart<'_>, line: usize) -> usize {
    raw.fields.push(RawField { name: n, attrs: attributes(e), text: String::new(), links: Vec::new(), line });
    raw.fields.len() - 1
}

/// Reads the start of element `e` (local name `n`) inside the field being read.
fn inside_field(raw: &mut RawItem, field: Option<(usize, usize)>, inner: &mut Vec<String>, n: &str, e: &BytesStart<'_>, empty: bool) {
    let Some((i, _)) = field else { return };
    let f = &mut raw.fields[i];
    if !empty {
        inner.push(n.to_string());
    }
    if matches!(f.name.as_str(), "author" | "contributor" | "source/author") && n == "name" {
        // Atom: only the name of an author is kept.
        f.name = format!("{}/name", f.name);
        f.text.clear();
    } else if matches!(f.name.as_str(), "group" | "media/content") && n == "description" {
        // Media RSS (YouTube's feeds, Mastodon's): of a `media:group` or a `media:content`,
        // only its description is kept.
        f.name = "group/description".to_string();
        f.text.clear();
    } else if only_child(&f.name).is_none() {
        // Inline XHTML content: its elements but inline ones separate words (`Ada<em>Boost</em>`
        // is one, `(<a>docs</a>)` has no space inside), its links are kept.
        if !is_inline(n) {
            f.text.push(BLOCK);
        }
        if n == "a" {
            if let Some((_, href)) = attributes(e).into_iter().find(|(k, v)| k == "href" && (v.starts_with("http://") || v.starts_with("https://")) && !is_image_link(v)) {
                if !f.links.contains(&href) {
                    f.links.push(href);
                }
            }
        }
    }
}

/// The one child element whose text a field keeps (`name` of an Atom author's `author/name`,
/// `description` of a `media:group`'s `group/description`), or None where it keeps all.
fn only_child(field: &str) -> Option<&'static str> {
    if field.ends_with("/name") {
        Some("name")
    } else if field == "group/description" {
        Some("description")
    } else {
        None
    }
}

/// Adds text to the field being read (for an Atom author, only its name's text).
fn push_text(raw: &mut RawItem, field: Option<(usize, usize)>, inner: &[String], s: &str) {
    if let Some((i, _)) = field {
        let f = &mut raw.fields[i];
        if only_child(&f.name).is_none_or(|child| inner.last().is_some_and(|n| n == child)) {
            f.text.push_str(s);
        }
    }
}

/// Builds the entry of one item from its fields; `feed_authors` are those of an item that
/// names none, and `base` what relative links resolve against (with the item's `xml:base`).
fn entry_from(name: &str, raw: RawItem, feed_authors: &[String], base: Option<&str>) -> Result<Parsed, InputError> {
    let base = feed_base(&[raw.base.as_deref(), base]);
    let first = |names: &[&str]| names.iter().find_map(|n| raw.fields.iter().find(|f| f.name == *n && !f.text.trim().is_empty()));
    let mut body_links = Vec::new();
    // A body (not a title) without a newsletter platform's blocks (`body_text`).
    let mut read = |f: &RawField, body: bool| {
        // Atom says whether text is HTML; RSS text is HTML by usage (escaped markup is common
        // even in titles), and plain text passes through the HTML reading unchanged. A title
        // that does not say is HTML where it looks so (`is_html`: an end tag, a character
        // reference), as a JSON entry's: a tag named in it (GitHub's commit and release titles,
        // `Render <details> open`) is a word of it.
        let html = match f.attr("type") {
            Some(t) => t == "html" || t == "text/html",
            None => body || is_html(&f.text),
        };
        let xhtml = f.attr("type") == Some("xhtml");
        let mut links = f.links.clone();
        let text = clean_text(&match (html, body) {
            (true, true) => body_text(&f.text, &mut links),
            (true, false) => html_to_text(&f.text, &mut links),
            (false, true) if xhtml => without_boilerplate(&f.text, Vec::new(), &mut links),
            (false, _) => collapse_spaces(&f.text),
        });
        // Relative links resolve against the field's own `xml:base` (jekyll-feed's `<content
        // xml:base="…/post.html">`), else the item's; without either they are left out.
        let field_base = feed_base(&[f.attr("base"), base.as_deref()]);
        for link in links.iter().filter_map(|l| resolve_link(l, field_base.as_deref())) {
            if !body_links.contains(&link) {
                body_links.push(link);
            }
        }
        text
    };
    let mut text_of = |f: &RawField| read(f, true);
    // The first body with text: a `content:encoded` holding only a picture leaves the
    // `description` its place; a video's `media:group/media:description` (YouTube's) is the
    // last.
    let bodies = ["encoded", "content", "description", "summary", "group/description"];
    let (body_at, body) = bodies.iter().enumerate().filter_map(|(i, n)| first(&[n]).map(|f| (i, f))).map(|(i, f)| (i, text_of(f))).find(|(_, t)| !t.is_empty()).unwrap_or_default();
    // A summary beside the body (a subtitle, an excerpt): searchable too, unless the body
    // already starts with it.
    let summary = bodies[body_at + 1..].iter().filter(|n| matches!(**n, "description" | "summary")).filter_map(|n| first(&[n])).map(&mut text_of).find(|t| !t.is_empty());
    // The body alone, when no summary stands before it.
    let body_len = body.len();
    let abstract_text = with_summary(body, summary);
    let abstract_text = without_announcement(&abstract_text).unwrap_or(abstract_text);
    let mut title = first(&["title"]).map(|f| read(f, false)).unwrap_or_default();
    // A body that opens with the title as its heading (Medium's: `<h3>Title</h3><p>…`) is read
    // without it: the title is not the text's first words again, in snippets and in scores.
    let heading = abstract_text.len() == body_len && first(&[bodies[body_at]]).and_then(|f| opening_heading(&f.text)).is_some_and(|h| h == title);
    let abstract_text = match abstract_text.strip_prefix(title.as_str()) {
        Some(rest) if heading && !title.is_empty() && rest.starts_with(' ') => rest.trim_start().to_string(),
        _ => abstract_text,
    };
    // WordPress's SEO plugins end each item with `The post Title appeared first on Site.`:
    // not the post's words, and in every item alike.
    let abstract_text = without_footer(abstract_text, &title);
    if title.is_empty() {
        title = first_words(&abstract_text, 80);
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
        // A relative link resolves against the feed's base; with none, it stays as written.
        let field_base = feed_base(&[f.attr("base"), base.as_deref()]);
        let url = resolve_link(&url, field_base.as_deref()).unwrap_or(url);
        if !url.is_empty() && !urls.contains(&url) {
            urls.push(url);
        }
    }
    // The item's own link stands in for a missing id; links in its text do not.
    let own_link = urls.first().cloned();
    // Links in the text (resolved above); not a picture's (`is_image_link`: html_to_text leaves
    // out those of its `<a>`s).
    for link in body_links.into_iter().chain(find_page_links(&abstract_text)) {
        if !urls.contains(&link) {
            urls.push(link);
        }
    }
    // A post with neither title nor text (a photo) is named by its link.
    if title.is_empty() {
        title = urls.first().map(|u| title_from_link(u)).unwrap_or_default();
    }
    if title.is_empty() {
        return Err(InputError::new(name, Some(raw.line), Some("title"), "missing (an item needs a title, some text or a link)"));
    }
    let id = first(&["guid", "id"]).map(|f| f.text.trim().to_string()).or(raw.about.clone()).or(own_link).unwrap_or_default();
    let date = match first(&["published", "pubDate", "date", "issued", "updated", "modified"]) {
        None => None,
        Some(f) => match feed_date(f.text.trim()).or_else(|| written_date(f.text.trim())) {
            Some(d) => Some(format_date(d)),
            None => {
                return Err(InputError::new(name, Some(f.line), Some(&f.name), format!("`{}` is not an RFC 822 (RSS) or ISO 8601 (Atom) date", f.text.trim())));
            }
        },
    };
    // An entry's own authors, else its source's, else the feed's; then its contributors.
    let mut authors = names(&raw, &["author/name", "author", "creator"]);
    if authors.is_empty() {
        authors = names(&raw, &["source/author/name"]);
    }
    if authors.is_empty() {
        authors = feed_authors.to_vec();
    }
    for c in names(&raw, &["contributor/name"]) {
        if !authors.contains(&c) {
            authors.push(c);
        }
    }
    let tags = names(&raw, &["category", "subject"]);
    Ok(Parsed { entry: Entry { id, title, abstract_text, urls, date, authors, tags }, line: raw.line })
}

/// The text of an item: its `summary` (a subtitle, an excerpt), when it has one its body does
/// not already hold, then its `body`.
pub(super) fn with_summary(body: String, summary: Option<String>) -> String {
    let Some(summary) = summary.filter(|s| !s.is_empty() && *s != body) else { return body };
    // An excerpt ends with `…` or `[…]`, or is cut mid-word: compare its first words.
    let head: String = summary.split_whitespace().take(8).collect::<Vec<_>>().join(" ");
    let head = head.trim_end_matches(['…', '.', ']', '[']).trim_end();
    if body.is_empty() {
        summary
    } else if body.contains(head) {
        body
    } else {
        format!("{summary} {body}")
    }
}

/// `text` without the sentence `The post TITLE appeared first on SITE.` that WordPress's SEO
/// plugins (Yoast's and others) add to each item of a feed, in its summary and its body alike:
/// each occurrence that names the item's own title and ends a paragraph of the text (the end of
/// the text, or a full stop and a space before the next sentence) is left out.
fn without_footer(text: String, title: &str) -> String {
    if title.is_empty() {
        return text;
    }
    let needle = format!("The post {title} appeared first on ");
    let mut out = String::new();
    let mut rest = text.as_str();
    while let Some(at) = rest.find(&needle) {
        let after = &rest[at + needle.len()..];
        // The site's name runs to the full stop before the next sentence, or to the end.
        let site = after.find(". ").map_or(after.len(), |i| i + 1);
        if site > 100 {
            out.push_str(&rest[..at + needle.len()]);
            rest = after;
            continue;
        }
        out.push_str(rest[..at].trim_end());
        rest = after[site..].trim_start();
        if !out.is_empty() && !rest.is_empty() {
            out.push(' ');
        }
    }
    if out.is_empty() {
        return text;
    }
    out.push_str(rest);
    out
}

/// The text of the heading (`<h1>` to `<h6>`) HTML opens with, if it does.
fn opening_heading(html: &str) -> Option<String> {
    let html = html.trim_start();
    let b = html.as_bytes();
    let heading = b.len() > 3 && b[0] == b'<' && b[1].eq_ignore_ascii_case(&b'h') && (b'1'..=b'6').contains(&b[2]) && matches!(b[3], b'>' | b' ' | b'\t' | b'\n');
    let inner = &html[html.find('>').filter(|_| heading)? + 1..];
    let end = find_ascii_ci(inner, "</h")?;
    Some(clean_text(&html_to_text(&inner[..end], &mut Vec::new())))
}

/// The text of an arXiv feed's item (`rss.arxiv.org`, since 2024) without the words of its
/// announcement: `arXiv:2405.01234v1 Announce Type: new Abstract: We propose…` is
/// `arXiv:2405.01234v1 We propose…`, where `new`, `announce`, `type` and `abstract` were words
/// of every entry (a query `new` found them all). The identifier stays, and finds the entry.
fn without_announcement(text: &str) -> Option<String> {
    let (id, rest) = text.strip_prefix("arXiv:")?.split_once(' ')?;
    let (_, rest) = rest.strip_prefix("Announce Type: ")?.split_once(' ')?;
    Some(format!("arXiv:{id} {}", rest.strip_prefix("Abstract:")?.trim_start()))
}

/// The values of the fields called one of `names`, in order, without blanks or repeats.
fn names(raw: &RawItem, names: &[&str]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for f in raw.fields.iter().filter(|f| names.contains(&f.name.as_str())) {
        // Character references decoded, as in titles: text in CDATA (`Tom &amp; Jerry`, as
        // WordPress writes names and categories) comes with them as written.
        let text = decode_entities(&f.text);
        let v = match f.name.as_str() {
            "category" => vec![f.attr("term").map_or_else(|| collapse_spaces(&text), collapse_spaces)],
            "author" => vec![rss_author(&text)],
            // One `dc:creator` may name several (`Ada Lovelace, Alan Turing and Grace Hopper`,
            // as arXiv's feeds do).
            "creator" => split_names(&text),
            _ => vec![collapse_spaces(&text)],
        };
        for v in v {
            if !v.is_empty() && !out.contains(&v) {
                out.push(v);
            }
        }
    }
    out
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

/// The title of an item that has only a link: the link without its scheme and final `/`
/// (`photos.example.com/2024/heron`).
pub(super) fn title_from_link(link: &str) -> String {
    let rest = link.split_once("://").map_or(link, |(_, rest)| rest);
    rest.trim_end_matches('/').to_string()
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

/// A date as a hand-written feed may give it, in a form a JSON entry's `date` and a Markdown
/// heading take ([`super::dates::whole_date`]: `May 14, 2024`, `14 May 2024`, `2024/05/14`),
/// after a weekday or not (`Tuesday, May 14, 2024`), `yyyymmdd`; not a day the calendar lacks.
fn written_date(s: &str) -> Option<u32> {
    let weekday = |w: &str| w.len() >= 3 && w.chars().all(|c| c.is_ascii_alphabetic()) && ["mon", "tue", "wed", "thu", "fri", "sat", "sun"].iter().any(|d| w.to_ascii_lowercase().starts_with(d));
    let s = s.split_once(',').filter(|(w, _)| weekday(w.trim())).map_or(s, |(_, rest)| rest);
    super::dates::whole_date(s).flatten()
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

/// Whether an `<a href>` target names a page: http(s), or relative (not a fragment alone).
fn is_page_link(href: &str) -> bool {
    let lower = href.get(..8).unwrap_or(href).to_ascii_lowercase();
    if lower.starts_with("http://") || lower.starts_with("https://") {
        return true;
    }
    !href.is_empty() && !href.starts_with('#') && scheme(href.trim()).is_none()
}

/// Whether a text that does not say what it is (a JSON entry's `title` or `abstract`) is HTML,
/// to be read as [`html_to_text`] reads a feed's: it holds an end tag of an HTML element (`</p>`,
/// `</code>`, `</A>`; not `</s>`, the end-of-sequence token that abstracts on language models
/// write as text, nor `</think>`), a `<br>`, or a character reference (`&amp;`, `&#8217;`). A
/// `<` that starts no tag (`x<y`, `Vec<T>`) and a tag named in prose without its end tag
/// (`the <details> element`) leave a text as it is.
pub fn is_html(text: &str) -> bool {
    let mut at = 0;
    while let Some(lt) = text[at..].find('<') {
        at += lt;
        if let Markup::Tag { name, end_tag, .. } = markup(&text[at..], false, true) {
            if if end_tag { !name.eq_ignore_ascii_case("s") } else { name.eq_ignore_ascii_case("br") } {
                return true;
            }
        }
        at += 1;
    }
    text.contains('&') && decode_entities(text) != text
}

/// Plain text of an HTML fragment: tags dropped (block elements and `<br>` separate words),
/// comments, `<script>` and `<style>` left out, character references decoded (every HTML5
/// named one, and numeric ones). Text that is not HTML comes out as it went in, but for
/// runs of white space. The targets of its links, http(s) or relative, are added to `links`.
///
/// Feeds escape text as often as markup, so a `<` is text unless it starts a comment, a
/// `<!DOCTYPE>`, or a well-formed tag of an HTML element (see `markup`): `x<y`, `Vec<T>` and
/// `HashMap<String, Vec<u8>>` read as written.
pub fn html_to_text(html: &str, links: &mut Vec<String>) -> String {
    let mut found = Vec::new();
    let text = html_blocks(html, &mut found);
    for (_, link) in found {
        if !links.contains(&link) {
            links.push(link);
        }
    }
    collapse_spaces(&text)
}

/// What separates the blocks of [`html_blocks`]' text: white space to `collapse_spaces`.
const BLOCK: char = '\u{2029}';

/// The text of an HTML fragment as [`html_to_text`] reads it, its runs of white space as
/// written and [`BLOCK`] where an element separates words (a paragraph, a `<br>`, a cell); the
/// targets of its links, each with the offset in the text where its `<a>` starts.
fn html_blocks(html: &str, links: &mut Vec<(usize, String)>) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    // Inside `<svg>` or `<math>`, whose elements are not HTML's: any well-formed tag is one.
    let mut foreign: Option<String> = None;
    // The offset of the last `</x>` of each single-letter element `x`, once looked for.
    let mut last_end: Vec<(u8, Option<usize>)> = Vec::new();
    let last_gt = html.rfind('>');
    while let Some(lt) = rest.find('<') {
        out.push_str(&decode_entities(&rest[..lt]));
        let tag = &rest[lt..];
        let here = html.len() - tag.len();
        let (name, end_tag, len, values) = match markup(tag, foreign.is_some(), last_gt.is_some_and(|gt| gt > here)) {
            Markup::Text => {
                out.push('<');
                rest = &tag[1..];
                continue;
            }
            Markup::Skip(len) => {
                rest = &tag[len..];
                continue;
            }
            Markup::Tag { name, end_tag, len, values } => (name, end_tag, len, values),
        };
        // `<b>`, `<i>`, `<u>`, `<a>`, `<s>` and `<q>` need their end tag in HTML; as bare start
        // tags they are more often type parameters (`Option<U>`, `Result<A>`): such a one is a
        // tag only when its end tag, in the same case (`</U>`), comes later.
        if !end_tag && !values && foreign.is_none() && name.len() == 1 && b"abiqsuABIQSU".contains(&name.as_bytes()[0]) {
            let letter = name.as_bytes()[0];
            let last = match last_end.iter().find(|(l, _)| *l == letter) {
                Some(&(_, at)) => at,
                None => {
                    let at = html.rfind(&format!("</{name}>"));
                    last_end.push((letter, at));
                    at
                }
            };
            if last.is_none_or(|at| at < here + len) {
                out.push('<');
                rest = &tag[1..];
                continue;
            }
        }
        let name = name.to_ascii_lowercase();
        rest = &tag[len..];
        if name == "a" && !end_tag && tag[..len].ends_with('>') {
            // http(s) targets, and relative ones (resolved against the feed's base, or dropped,
            // by the caller): not `mailto:`, `javascript:`, nor a fragment of the page itself,
            // nor a picture (`<a href="photo.jpg"><img …></a>`, as WordPress and Substack wrap
            // theirs: `is_image_link`).
            if let Some(href) = attribute(&tag[..len], "href").filter(|h| is_page_link(h) && !is_image_link(h)) {
                links.push((out.len(), href));
            }
        }
        if (name == "script" || name == "style") && !end_tag {
            let close = format!("</{name}");
            rest = find_ascii_ci(rest, &close).map_or("", |i| &rest[i..]);
            continue;
        }
        match &foreign {
            None if (name == "svg" || name == "math") && !end_tag && !tag[..len].ends_with("/>") => foreign = Some(name.clone()),
            Some(f) if end_tag && *f == name => foreign = None,
            _ => {}
        }
        if !is_inline(&name) {
            out.push(BLOCK);
        }
    }
    out.push_str(&decode_entities(rest));
    out
}

/// Plain text of a newsletter's or a blog's HTML body, as [`html_to_text`] reads it, without the
/// blocks (a paragraph, a line, a button's) that are a platform's words rather than the post's
/// ([`is_boilerplate`]: `Subscribe now`, `Share`, `View this email in your browser`…), nor
/// their links.
pub fn body_text(html: &str, links: &mut Vec<String>) -> String {
    let mut found = Vec::new();
    let text = html_blocks(html, &mut found);
    without_boilerplate(&text, found, links)
}

/// `text`, blocks separated by [`BLOCK`], without those that are a platform's words
/// ([`is_boilerplate`]), its spaces collapsed; the targets of its links `found` (each with its
/// offset in `text`) added to `links`, but those of the blocks left out.
fn without_boilerplate(text: &str, found: Vec<(usize, String)>, links: &mut Vec<String>) -> String {
    let mut out = String::with_capacity(text.len());
    // The byte ranges of the blocks left out.
    let mut dropped: Vec<std::ops::Range<usize>> = Vec::new();
    let mut at = 0;
    for block in text.split(BLOCK) {
        let words = collapse_spaces(block);
        // A link that leads on (`Read more`, Reddit's `[link]`: the page a link post is about,
        // an email's page in the browser) stays, without its words; a subscribe or share
        // button's goes with them.
        if leads_on(&words) {
            out.push(' ');
        } else if is_boilerplate(&words) {
            dropped.push(at..at + block.len());
        } else {
            out.push_str(block);
            out.push(' ');
        }
        at += block.len() + BLOCK.len_utf8();
    }
    for (pos, link) in found {
        // A link belongs to the block its words start in (an `<a>` may open before a block).
        let start = pos + text[pos..].len() - text[pos..].trim_start().len();
        if !dropped.iter().any(|r| r.contains(&start)) && !links.contains(&link) {
            links.push(link);
        }
    }
    collapse_spaces(&out)
}

/// Whether a block of a post's text (a paragraph, a line, a button's text, its spaces
/// collapsed) is wholly a newsletter platform's words, in every post alike: Substack's buttons
/// (`Subscribe now`, `Share`, `Leave a comment`, `Read more`, `Upgrade to paid`…) and its
/// `Thanks for reading X! Subscribe for free to receive new posts and support my work.`, an
/// email's head and foot (`View this email in your browser`, `Unsubscribe`, `Forwarded this
/// email? Subscribe here`, Mailchimp's `Want to change how you receive these emails?`…),
/// Reddit's `submitted by /u/name`. A
/// sentence that only holds such words (`Subscribe now to get the slides`) is the post's.
pub fn is_boilerplate(block: &str) -> bool {
    const LINES: &[&str] = &[
        // Substack's buttons and Ghost's, beehiiv's.
        "subscribe", "subscribe now", "share", "leave a comment", "upgrade to paid", "give a gift subscription",
        // An email's head and foot (Mailchimp, Buttondown, beehiiv, Ghost).
        "unsubscribe", "forwarded this email? subscribe here", "forwarded this email? subscribe here for more",
        "update your preferences", "manage your subscription", "want to change how you receive these emails?",
        "you can update your preferences or unsubscribe from this list", "our mailing address is:",
        "add us to your address book",
    ];
    if leads_on(block) || LINES.contains(&bare_words(block).as_str()) {
        return true;
    }
    // Substack's subscription box; a Mailchimp footer's copyright line.
    let between = |prefix: &str, suffix: &str| block.len() <= prefix.len() + suffix.len() + 100 && block.starts_with(prefix) && block.ends_with(suffix);
    between("Thanks for reading ", "! Subscribe for free to receive new posts and support my work.")
        || between("Thanks for reading ", "! This post is public so feel free to share it.")
        || between("", " is a reader-supported publication. To receive new posts and support my work, consider becoming a free or paid subscriber.")
        || between("Copyright © ", ", All rights reserved.")
        // Reddit's line under each post (its author is the entry's).
        || block.strip_prefix("submitted by /u/").is_some_and(|name| !name.is_empty() && !name.contains(' '))
}

/// A block of [`is_boilerplate`]'s words, lowercase, without the stop, the arrow or the
/// ellipsis after them (`Read more →`).
fn bare_words(block: &str) -> String {
    block.trim_end_matches(['.', '!', ' ', '→', '›', '»', '…']).to_lowercase()
}

/// Whether a block is a platform's words for a link that leads on ([`is_boilerplate`]): `Read
/// more`, `Continue reading`, Substack's `Read full story` under a post it quotes, `Sign up`
/// (a newsletter's, or a product's a post launches), Reddit's `[link] [comments]`, an email's `View this email in your
/// browser`. Its words are no words of the post; its link is one of its links.
fn leads_on(block: &str) -> bool {
    const LINES: &[&str] = &["read more", "continue reading", "read full story", "sign up", "sign up now", "[link] [comments]", "view this email in your browser", "view in browser", "view online", "read online"];
    LINES.contains(&bare_words(block).as_str())
}

/// Elements that do not separate words (`x<b>y</b>` is one word).
fn is_inline(name: &str) -> bool {
    matches!(
        name,
        "a" | "abbr" | "acronym" | "b" | "bdi" | "bdo" | "big" | "cite" | "code" | "data" | "del" | "dfn" | "em" | "font" | "i" | "ins" | "kbd" | "mark" | "nobr" | "q" | "s" | "samp" | "small" | "span" | "strike" | "strong" | "sub" | "sup" | "time" | "tt" | "u" | "var" | "wbr"
    )
}

/// The elements of HTML (the WHATWG list, with `svg` and `math`), and the obsolete ones old
/// feeds still carry (`center`, `font`, `tt`…); sorted.
const ELEMENTS: &[&str] = &[
    "a", "abbr", "acronym", "address", "applet", "area", "article", "aside", "audio", "b", "base", "basefont", "bdi", "bdo",
    "big", "blink", "blockquote", "body", "br", "button", "canvas", "caption", "center", "cite", "code", "col", "colgroup",
    "data", "datalist", "dd", "del", "details", "dfn", "dialog", "dir", "div", "dl", "dt", "em", "embed", "fieldset",
    "figcaption", "figure", "font", "footer", "form", "frame", "frameset", "h1", "h2", "h3", "h4", "h5", "h6", "head",
    "header", "hgroup", "hr", "html", "i", "iframe", "img", "input", "ins", "kbd", "label", "legend", "li", "link", "main",
    "map", "mark", "marquee", "math", "menu", "meta", "meter", "nav", "nobr", "noembed", "noframes", "noscript", "object",
    "ol", "optgroup", "option", "output", "p", "param", "picture", "pre", "progress", "q", "rp", "rt", "ruby", "s", "samp",
    "script", "search", "section", "select", "slot", "small", "source", "span", "strike", "strong", "style", "sub",
    "summary", "sup", "svg", "table", "tbody", "td", "template", "textarea", "tfoot", "th", "thead", "time", "title", "tr",
    "track", "tt", "u", "ul", "var", "video", "wbr", "xmp",
];

/// What a `<` starts in HTML text ([`markup`]).
enum Markup<'a> {
    /// Nothing: the `<` is text.
    Text,
    /// A comment, `<!DOCTYPE …>` or `<?…?>` of this many bytes, left out.
    Skip(usize),
    /// A start or end tag of `len` bytes (to the end of the text for a tag cut short), and
    /// whether it gives an attribute a value.
    Tag { name: &'a str, end_tag: bool, len: usize, values: bool },
}

/// Reads the markup at the start of `s` (which starts with `<`). A tag is `<` or `</`, then an
/// element's name ([`is_element`]; any name when `foreign`), then attributes (`name`,
/// `name=value`, `name="value"`), then `>`; one whose text ends inside an attribute with a value
/// (`<a href="https://e.org/pa`, a description cut short) runs to the end, as in a browser.
/// Anything else (`x<y`, `Vec<u8>`, `a<b and c`, `Option<Header>`, `<3`) is text. A comment
/// without its `-->` runs to the end, as in a browser. `closes`: a `>` comes later in the text.
fn markup(s: &str, foreign: bool, closes: bool) -> Markup<'_> {
    let b = s.as_bytes();
    if s.starts_with("<!--") {
        return Markup::Skip(s.find("-->").map_or(s.len(), |e| e + 3));
    }
    match b.get(1) {
        Some(b'!' | b'?') if closes && b.get(2).is_some_and(|c| c.is_ascii_alphabetic() || *c == b'[') => {
            return s.find('>').map_or(Markup::Text, |e| Markup::Skip(e + 1));
        }
        _ => {}
    }
    let end_tag = b.get(1) == Some(&b'/');
    let start = 1 + usize::from(end_tag);
    if !b.get(start).is_some_and(u8::is_ascii_alphabetic) {
        return Markup::Text;
    }
    let mut i = start;
    while b.get(i).is_some_and(|c| c.is_ascii_alphanumeric() || *c == b'-' || *c == b':') {
        i += 1;
    }
    let name = &s[start..i];
    if !(foreign || is_element(name)) {
        return Markup::Text;
    }
    let skip_space = |mut i: usize| {
        while b.get(i).is_some_and(u8::is_ascii_whitespace) {
            i += 1;
        }
        i
    };
    if end_tag {
        i = skip_space(i);
        return if b.get(i) == Some(&b'>') { Markup::Tag { name, end_tag, len: i + 1, values: false } } else { Markup::Text };
    }
    if !b.get(i).is_none_or(|c| c.is_ascii_whitespace() || *c == b'/' || *c == b'>') {
        return Markup::Text;
    }
    let mut values = false;
    let cut_short = |values: bool| if values { Markup::Tag { name, end_tag, len: s.len(), values } } else { Markup::Text };
    loop {
        i = skip_space(i);
        match b.get(i) {
            None => return cut_short(values),
            Some(b'>') => return Markup::Tag { name, end_tag, len: i + 1, values },
            Some(b'/') => i += 1,
            Some(c) if c.is_ascii_alphabetic() || matches!(c, b'_' | b':' | b'@') => {
                while b.get(i).is_some_and(|c| c.is_ascii_alphanumeric() || matches!(c, b'-' | b'_' | b':' | b'.' | b'@')) {
                    i += 1;
                }
                let eq = skip_space(i);
                if b.get(eq) != Some(&b'=') {
                    continue;
                }
                values = true;
                i = skip_space(eq + 1);
                match b.get(i) {
                    None => return cut_short(values),
                    Some(&q @ (b'"' | b'\'')) => match s[i + 1..].find(char::from(q)) {
                        Some(k) => i += k + 2,
                        None => return cut_short(values),
                    },
                    Some(_) => {
                        while b.get(i).is_some_and(|c| !c.is_ascii_whitespace() && *c != b'>') {
                            i += 1;
                        }
                    }
                }
            }
            Some(_) => return Markup::Text,
        }
    }
}

/// Whether a tag name is an element's: one of [`ELEMENTS`] written in lowercase or in uppercase
/// (`Header` and `Output` are type names), a custom element (`my-widget`), or a prefixed one
/// (Word's `<o:p>`).
fn is_element(name: &str) -> bool {
    if let Some((prefix, local)) = name.split_once(':') {
        return !local.is_empty() && !local.contains(':') && prefix.bytes().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit());
    }
    if name.contains('-') {
        return !name.ends_with('-') && !name.bytes().any(|c| c.is_ascii_uppercase());
    }
    let lower = name.to_ascii_lowercase();
    (name == lower || name == name.to_ascii_uppercase()) && ELEMENTS.binary_search(&lower.as_str()).is_ok()
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
    fn a_feed_cut_short_is_an_error_not_fewer_items() {
        let cut = &RSS[..RSS.find("<author>").unwrap()];
        let e = parse("feed.xml", cut).unwrap_err();
        assert_eq!(e.to_string(), format!("feed.xml:{}: invalid XML: the file ends inside the item opened on line 16 (is it truncated?)", cut.lines().count()));
        let e = parse("feed.xml", &RSS[..RSS.rfind("</channel>").unwrap()]).unwrap_err();
        assert!(e.to_string().contains("the file ends before its elements are closed"), "{e}");
        assert_eq!(parse("feed.xml", RSS).unwrap().len(), 2);
    }

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
        assert_eq!(e.id, "", "no guid and no link: the file and the position give the id");
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
        assert_eq!(e.abstract_text, "Options for search & a new flag. First second paragraph", "the summary, then the content");
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
        let e = parse("feed.xml", "<rss><channel><item><guid isPermaLink=\"false\">p1</guid></item></channel></rss>").unwrap_err();
        assert_eq!(e.to_string(), "feed.xml:1: field `title`: missing (an item needs a title, some text or a link)");
        // A post with only a link (a photo) is named by it.
        let photo = parse("feed.xml", "<rss><channel><item><link>https://photos.e.org/2024/heron/</link><description>&lt;img src=\"h.jpg\"&gt;</description></item></channel></rss>").unwrap();
        assert_eq!(photo[0].entry.title, "photos.e.org/2024/heron");
    }

    #[test]
    fn relative_links_resolve_against_the_feeds_base() {
        // Atom: the feed's xml:base, an entry's own (relative to it), a link's own.
        let atom = r##"<feed xmlns="http://www.w3.org/2005/Atom" xml:base="https://blog.e.org/">
  <link rel="self" href="https://elsewhere.e.org/feed.atom"/>
  <entry><title>One</title><link rel="alternate" href="posts/1/"/><id>urn:1</id>
    <content type="html">&lt;a href="/docs/x"&gt;docs&lt;/a&gt; &lt;a href="#top"&gt;top&lt;/a&gt; &lt;a href="mailto:a@e.org"&gt;mail&lt;/a&gt;</content></entry>
  <entry xml:base="archive/"><title>Two</title><link href="2/"/><id>urn:2</id></entry>
  <entry><title>Three</title><link xml:base="https://other.e.org/a/" href="b"/><id>urn:3</id></entry>
</feed>"##;
        let got = parse("f.atom", atom).unwrap();
        let urls: Vec<&[String]> = got.iter().map(|p| &p.entry.urls[..]).collect();
        assert_eq!(urls[0], ["https://blog.e.org/posts/1/", "https://blog.e.org/docs/x"], "a fragment alone or a mailto: names no page");
        assert_eq!(urls[1], ["https://blog.e.org/archive/2/"]);
        assert_eq!(urls[2], ["https://other.e.org/a/b"]);
        // RSS: the channel's link (not an atom:link to the feed itself).
        let rss = r#"<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom"><channel><title>T</title>
<atom:link rel="self" href="https://feeds.e.org/x.xml"/><link>https://news.e.org/blog/</link>
<item><title>One</title><link>2024/05/post/</link><description>&lt;a href="../about"&gt;about&lt;/a&gt;</description></item>
</channel></rss>"#;
        let got = parse("f.rss", rss).unwrap();
        assert_eq!(got[0].entry.urls, ["https://news.e.org/blog/2024/05/post/", "https://news.e.org/about"]);
        // With no base, an item's own relative link stays as written (the site may serve the
        // search beside it); relative links in its text, whose page is unknown, are left out.
        let bare = "<rss><channel><item><title>One</title><link>/p/1</link><description>&lt;a href=\"x\"&gt;x&lt;/a&gt;</description></item></channel></rss>";
        assert_eq!(parse("f.rss", bare).unwrap()[0].entry.urls, ["/p/1"]);
    }

    #[test]
    fn authors_and_categories_decode_references_as_titles_do() {
        // WordPress writes names and categories in CDATA with their references as written.
        let rss = "<rss xmlns:dc=\"http://purl.org/dc/elements/1.1/\"><channel><item><title><![CDATA[Salt &amp; Pepper]]></title>\
<dc:creator><![CDATA[Tom &amp; Jerry]]></dc:creator><category>Herbs &amp; Spices</category><category><![CDATA[Herbs &amp; Spices]]></category>\
<category><![CDATA[AT&T]]></category><description>x</description></item></channel></rss>";
        let e = &parse("f.rss", rss).unwrap()[0].entry;
        assert_eq!((e.title.as_str(), &e.authors[..]), ("Salt & Pepper", &["Tom & Jerry".to_string()][..]));
        assert_eq!(e.tags, ["Herbs & Spices", "AT&T"], "one tag, not two spellings of it");
    }

    #[test]
    fn a_summary_beside_the_body_is_searchable_too() {
        let item = |summary: &str| format!("<rss xmlns:content=\"http://purl.org/rss/1.0/modules/content/\"><channel><item><title>T</title><description>{summary}</description><content:encoded>&lt;p&gt;The body about seasoning, at length.&lt;/p&gt;</content:encoded></item></channel></rss>");
        let text = |summary: &str| parse("f.rss", &item(summary)).unwrap()[0].entry.abstract_text.clone();
        // A subtitle the body does not hold comes first.
        assert_eq!(text("A subtitle about greedy allocators."), "A subtitle about greedy allocators. The body about seasoning, at length.");
        // An excerpt of the body (WordPress's description) is not repeated.
        assert_eq!(text("The body about seasoning, at [&amp;#8230;]"), "The body about seasoning, at length.");
    }

    fn html_to_text(html: &str) -> String {
        super::html_to_text(html, &mut Vec::new())
    }

    #[test]
    fn html_links_are_kept() {
        let mut links = Vec::new();
        let text = super::html_to_text("<a href='https://e.org/a?x=1&amp;y=2'>one</a> <A class=x HREF=http://e.org/b>two</A> <a href=\"/rel\">three</a> <a data-href=\"https://no\">four</a> <a href=\"mailto:a@e.org\">five</a> <a href=\"#top\">six</a>", &mut links);
        assert_eq!(text, "one two three four five six");
        // Relative targets too (the feed resolves them); no mailto:, no fragment alone.
        assert_eq!(links, ["https://e.org/a?x=1&y=2", "http://e.org/b", "/rel"]);
    }

    #[test]
    fn html_becomes_text() {
        assert_eq!(html_to_text("<p>a<br>b</p><p>c&nbsp;&amp;&#x41;&#66;</p>"), "a b c &AB");
        assert_eq!(html_to_text("x <b>bold</b>er <a href=\"u?a>b\">link</a>."), "x bolder link.");
        assert_eq!(html_to_text("a < b and c<d"), "a < b and c<d", "`<d` starts no tag: text");
        assert_eq!(html_to_text("<style>p{}</style>kept<!-- gone --> <SCRIPT>x()</SCRIPT>too"), "kept too");
        assert_eq!(html_to_text("AT&T &bogus; &amp"), "AT&T &bogus; &amp");
    }

    #[test]
    fn a_less_than_sign_that_starts_no_tag_is_text() {
        assert_eq!(html_to_text("Why x<y matters: comparison traits explained"), "Why x<y matters: comparison traits explained");
        assert_eq!(html_to_text("Generics: Vec<T> and Option<U> in depth"), "Generics: Vec<T> and Option<U> in depth");
        assert_eq!(html_to_text("Use HashMap<String, Vec<u8>> when"), "Use HashMap<String, Vec<u8>> when");
        assert_eq!(html_to_text("if a<b and c>d, Promise<Output> or List<Header>"), "if a<b and c>d, Promise<Output> or List<Header>");
        assert_eq!(html_to_text("x <3 y, a<-b, 1<2>0, </ x>, <p, <div"), "x <3 y, a<-b, 1<2>0, </ x>, <p, <div");
        // A single-letter element whose end tag HTML requires (`<b>`, `<i>`, `<u>`, `<a>`, `<s>`,
        // `<q>`) is a tag without attributes only when that end tag, in the same case, follows.
        assert_eq!(html_to_text("Option<U>, Result<A> and <u>x</u>"), "Option<U>, Result<A> and x");
        assert_eq!(html_to_text("<B>old</B> <U>feed</U> <I>style</I> <A HREF=\"x\">link</A>"), "old feed style link");
        // Markup is removed as before.
        assert_eq!(html_to_text("<P>One<BR>two<P>three <IMG SRC=\"a.png\"> <FONT face=\"x\">four</FONT>"), "One two three four");
        assert_eq!(html_to_text("<figure><img src=\"a.png\" alt=\"\"/><figcaption>Cap</figcaption></figure><!DOCTYPE html><?php x ?><o:p></o:p><my-widget data-x=1>w</my-widget>"), "Cap w");
        assert_eq!(html_to_text("<svg viewBox=\"0 0 1 1\"><path d=\"M0 0\"/><text>label</text></svg> after"), "label after");
        let mut links = Vec::new();
        assert_eq!(super::html_to_text("Read more: <a href=\"https://e.org/a-long-pa", &mut links), "Read more:", "a tag cut short runs to the end");
        assert!(links.is_empty(), "{links:?}");
    }

    #[test]
    fn html_is_told_from_text_that_names_tags() {
        for html in ["<p>Fixed <code>fetchAll()</code>.</p>", "New <strong>StreamingResponse</strong> class", "one<br>two", "one<BR/>two", "R&amp;D", "It&#8217;s here", "<a href=\"https://e.org\">notes</a>"] {
            assert!(super::is_html(html), "{html:?}");
        }
        for text in ["x<y and Vec<T>", "the <details> element", "tokens <s> and </s> of XLM-R", "$\\texttt{<think>}$ and $\\texttt{</think>}$", "AT&T, R&D", "a </ p> b", "Option<U>, Result<A>"] {
            assert!(!super::is_html(text), "{text:?}");
        }
    }

    #[test]
    fn the_elements_are_sorted() {
        assert!(ELEMENTS.windows(2).all(|w| w[0] < w[1]));
    }

    #[test]
    fn entity_escaped_less_than_signs_in_feeds_are_text() {
        let rss = "<rss><channel><item><title>Why x&lt;y matters: comparison traits explained</title><description>Generics: Vec&lt;T&gt; and Option&lt;U&gt; in depth. Use HashMap&lt;String, Vec&lt;u8&gt;&gt; when &lt;p&gt;needed&lt;/p&gt;</description></item></channel></rss>";
        let e = &parse("feed.xml", rss).unwrap()[0].entry;
        assert_eq!(e.title, "Why x<y matters: comparison traits explained");
        assert_eq!(e.abstract_text, "Generics: Vec<T> and Option<U> in depth. Use HashMap<String, Vec<u8>> when needed");
    }

    #[test]
    fn a_title_that_names_a_tag_keeps_it() {
        // GitHub's commits.atom (its titles say no type), and RSS; a title in HTML is still read
        // as HTML.
        let atom = r#"<feed xmlns="http://www.w3.org/2005/Atom"><entry><id>1</id><title>
    Render &lt;details&gt; open and keep &lt;summary&gt; text
  </title><content type="html">&lt;pre&gt;Render &amp;lt;details&amp;gt; open&lt;/pre&gt;</content></entry>
<entry><id>2</id><title type="html">&lt;em&gt;Fast&lt;/em&gt; paths</title></entry><entry><id>3</id><title type="text">A &lt;b&gt; tag</title></entry></feed>"#;
        let titles: Vec<String> = parse("commits.atom", atom).unwrap().into_iter().map(|p| p.entry.title).collect();
        assert_eq!(titles, ["Render <details> open and keep <summary> text", "Fast paths", "A <b> tag"]);
        let rss = r#"<rss version="2.0"><channel><title>B</title><item><title>Why &lt;dialog&gt; beats a div</title></item><item><title><![CDATA[It&#8217;s <em>fast</em>]]></title></item></channel></rss>"#;
        let titles: Vec<String> = parse("feed.rss", rss).unwrap().into_iter().map(|p| p.entry.title).collect();
        assert_eq!(titles, ["Why <dialog> beats a div", "It’s fast"]);
    }

    #[test]
    fn a_body_without_text_falls_back_to_the_next() {
        let rss = r#"<rss xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><item><title>T</title>
<content:encoded><![CDATA[<figure><a href="https://e.org/big.png"><img src="https://e.org/img.png"/></a></figure>]]></content:encoded>
<description>The words of the post.</description></item></channel></rss>"#;
        let e = &parse("feed.xml", rss).unwrap()[0].entry;
        assert_eq!(e.abstract_text, "The words of the post.");
        let atom = r#"<feed xmlns="http://www.w3.org/2005/Atom"><entry><title>T</title><content type="html">&lt;img src="x.png"/&gt;</content><summary>The summary.</summary></entry></feed>"#;
        assert_eq!(parse("feed.atom", atom).unwrap()[0].entry.abstract_text, "The summary.");
    }

    #[test]
    fn atom_entries_without_authors_take_the_feeds() {
        let atom = r#"<feed xmlns="http://www.w3.org/2005/Atom">
  <title>Blog</title>
  <author><name>Jane Roe</name><uri>https://e.org/jane</uri></author>
  <entry><title>Inherits</title><contributor><name>Ann Helper</name></contributor></entry>
  <entry><title>Own</title><author><name>Joe Bloggs</name></author></entry>
  <entry><title>From its source</title><source><title>Other blog</title><author><name>Sam Source</name></author></source></entry>
  <author><name>John Doe</name></author>
</feed>"#;
        let got = parse("feed.atom", atom).unwrap();
        let authors: Vec<&[String]> = got.iter().map(|p| &p.entry.authors[..]).collect();
        assert_eq!(authors, [&["Jane Roe", "John Doe", "Ann Helper"][..], &["Joe Bloggs"][..], &["Sam Source"][..]]);
        assert!(got[2].entry.title == "From its source" && got[2].entry.urls.is_empty());
    }

    #[test]
    fn an_arxiv_items_announcement_is_no_words_of_its_text() {
        // As rss.arxiv.org writes its items since 2024 (trimmed).
        let rss = r#"<rss xmlns:arxiv="http://arxiv.org/schemas/atom" xmlns:dc="http://purl.org/dc/elements/1.1/" version="2.0"><channel><title>cs.LG updates on arXiv.org</title><link>http://rss.arxiv.org/rss/cs.LG</link>
<item><title>Sparse Attention with Learned Routing</title><link>https://arxiv.org/abs/2405.01234</link>
<description>arXiv:2405.01234v1 Announce Type: new 
Abstract: We propose a routing scheme for sparse attention.</description>
<guid isPermaLink="false">oai:arXiv.org:2405.01234v1</guid><category>cs.LG</category><pubDate>Tue, 14 May 2024 00:00:00 -0400</pubDate>
<arxiv:announce_type>new</arxiv:announce_type><dc:creator>Ada Lovelace, Alan Turing</dc:creator></item>
<item><title>T</title><description>arXiv:2301.00001v3 Announce Type: replace-cross 
Abstract: A revised analysis.</description></item>
<item><title>U</title><description>arXiv:2301.00002 is cited. Announce Type: none.</description></item>
</channel></rss>"#;
        let got = parse("cs.LG.rss", rss).unwrap();
        let texts: Vec<&str> = got.iter().map(|p| p.entry.abstract_text.as_str()).collect();
        assert_eq!(texts, ["arXiv:2405.01234v1 We propose a routing scheme for sparse attention.", "arXiv:2301.00001v3 A revised analysis.", "arXiv:2301.00002 is cited. Announce Type: none."]);
    }

    #[test]
    fn a_wordpress_footer_naming_the_post_is_left_out() {
        // Yoast's footer, in the description and the body alike; one naming another post, or
        // inside a sentence, stays.
        let rss = r#"<rss xmlns:content="http://purl.org/rss/1.0/modules/content/" version="2.0"><channel><title>Blog</title>
<item><title>Faster builds</title><description><![CDATA[<p>We cut build times.</p><p>The post <a href="https://example.com/faster">Faster builds</a> appeared first on <a href="https://example.com">Example Blog</a>.</p>]]></description></item>
<item><title>Caching</title><description><![CDATA[Caches help.]]></description><content:encoded><![CDATA[<p>Caches help a lot.</p><p>The post <a href="https://example.com/c">Caching</a> appeared first on <a href="https://example.com">example.com</a>.</p>]]></content:encoded></item>
<item><title>Quotes</title><description><![CDATA[<p>He wrote: The post Quotes appeared first on a blog we like, and so on and so forth for a long while, well past what any site's name would take up.</p>]]></description></item>
<item><title>Mine</title><description><![CDATA[<p>Mine.</p><p>The post Yours appeared first on Example Blog.</p>]]></description></item>
<item><title>Both</title><description><![CDATA[<p>In short.</p><p>The post Both appeared first on Blog.</p>]]></description><content:encoded><![CDATA[<p>At length.</p><p>The post Both appeared first on Blog.</p>]]></content:encoded></item>
</channel></rss>"#;
        let got = parse("wp.rss", rss).unwrap();
        let texts: Vec<&str> = got.iter().map(|p| p.entry.abstract_text.as_str()).collect();
        assert_eq!(texts, [
            "We cut build times.",
            "Caches help a lot.",
            "He wrote: The post Quotes appeared first on a blog we like, and so on and so forth for a long while, well past what any site's name would take up.",
            "Mine. The post Yours appeared first on Example Blog.",
            "In short. At length.",
        ]);
    }

    #[test]
    fn a_newsletter_platforms_buttons_and_lines_are_no_words_of_the_post() {
        // A Substack post as its feed gives it (trimmed): its buttons, its subscription box.
        let substack = r#"<rss xmlns:content="http://purl.org/rss/1.0/modules/content/" version="2.0"><channel><title>Sparse Notes</title><link>https://sparse.substack.com</link>
<item><title>Routing tokens</title><link>https://sparse.substack.com/p/routing-tokens</link><description><![CDATA[How mixture-of-experts models pick experts.]]></description>
<content:encoded><![CDATA[<p>Mixture-of-experts models route each token to a few experts.</p><div class="subscription-widget-wrap-editor" data-attrs="{&quot;url&quot;:&quot;https://sparse.substack.com/subscribe?&quot;,&quot;text&quot;:&quot;Subscribe&quot;,&quot;language&quot;:&quot;en&quot;}" data-component-name="SubscribeWidgetToDOM"><div class="subscription-widget show-subscribe"><div class="preamble"><p class="cta-caption">Thanks for reading Sparse Notes! Subscribe for free to receive new posts and support my work.</p></div><form class="subscription-widget-subscribe"><input type="email" class="email-input" name="email" placeholder="Type your email…" tabindex="-1"><input type="submit" class="button primary" value="Subscribe"><div class="fake-input-wrapper"><div class="fake-input"></div><div class="fake-button"></div></div></form></div></div><p>The router is a linear layer.</p><p class="button-wrapper" data-attrs="{&quot;url&quot;:&quot;https://sparse.substack.com/subscribe?&quot;,&quot;text&quot;:&quot;Subscribe now&quot;,&quot;action&quot;:null,&quot;class&quot;:null}" data-component-name="ButtonCreateButton"><a class="button primary" href="https://sparse.substack.com/subscribe?"><span>Subscribe now</span></a></p><p>Subscribe now to get the <a href="https://sparse.substack.com/p/slides">slides</a>, or read more about routers.</p><p class="button-wrapper" data-attrs="{&quot;url&quot;:&quot;https://sparse.substack.com/p/routing-tokens?utm_source=substack&amp;utm_medium=email&amp;utm_content=share&amp;action=share&quot;,&quot;text&quot;:&quot;Share&quot;}" data-component-name="ButtonCreateButton"><a class="button primary" href="https://sparse.substack.com/p/routing-tokens?utm_source=substack&amp;utm_medium=email&amp;utm_content=share&amp;action=share"><span>Share</span></a></p><p class="button-wrapper" data-attrs="{&quot;url&quot;:&quot;https://sparse.substack.com/p/routing-tokens/comments&quot;,&quot;text&quot;:&quot;Leave a comment&quot;}" data-component-name="ButtonCreateButton"><a class="button primary" href="https://sparse.substack.com/p/routing-tokens/comments"><span>Leave a comment</span></a></p><p class="button-wrapper"><a class="button primary" href="https://sparse.substack.com/subscribe?plan=paid"><span>Upgrade to paid</span></a></p><p class="button-wrapper"><a class="button primary" href="https://sparse.substack.com/p/routing-tokens"><span>Read more</span></a></p>]]></content:encoded></item>
<item><title>Other</title><content:encoded><![CDATA[<p>Sparse Notes is a reader-supported publication. To receive new posts and support my work, consider becoming a free or paid subscriber.</p><p>Load balancing.</p><div class="captioned-button-wrap" data-attrs="{&quot;url&quot;:&quot;https://sparse.substack.com/p/other?utm_source=substack&amp;utm_medium=email&amp;utm_content=share&amp;action=share&quot;,&quot;text&quot;:&quot;Share&quot;}" data-component-name="CaptionedButtonToDOM"><div class="preamble"><p class="cta-caption">Thanks for reading Sparse Notes! This post is public so feel free to share it.</p></div><p class="button-wrapper"><a class="button primary" href="https://sparse.substack.com/p/other?utm_source=substack&amp;utm_medium=email&amp;utm_content=share&amp;action=share"><span>Share</span></a></p></div><div class="embedded-post-wrap" data-component-name="EmbeddedPostToDOM"><div class="embedded-post"><div class="embedded-post-title">Routing tokens</div><a href="https://sparse.substack.com/p/routing-tokens">Read full story</a></div></div>]]></content:encoded></item>
</channel></rss>"#;
        let got = parse("substack.rss", substack).unwrap();
        let e = &got[0].entry;
        assert_eq!(e.abstract_text, "How mixture-of-experts models pick experts. Mixture-of-experts models route each token to a few experts. The router is a linear layer. Subscribe now to get the slides, or read more about routers.");
        assert_eq!(e.urls, ["https://sparse.substack.com/p/routing-tokens", "https://sparse.substack.com/p/slides"]);
        assert_eq!(got[1].entry.abstract_text, "Load balancing. Routing tokens");
        assert_eq!(got[1].entry.urls, ["https://sparse.substack.com/p/routing-tokens"]);
        // A Mailchimp campaign archive's item: the email's head and foot, each a line or a cell.
        let mailchimp = r#"<rss version="2.0"><channel><title>Acme Newsletter Archive Feed</title><link>https://us1.campaign-archive.com/home/?u=1&amp;id=2</link>
<item><title>May update</title><link>https://mailchi.mp/acme/may</link><description><![CDATA[<table><tr><td class="preheader"><a href="https://mailchi.mp/acme/may" target="_blank">View this email in your browser</a></td></tr>
<tr><td><h1>May update</h1><p>We shipped offline mode. Unsubscribe links now work in every client.</p></td></tr>
<tr><td class="footer"><em>Copyright © 2024 Acme Inc., All rights reserved.</em><br>You are receiving this because you signed up.<br><br><strong>Our mailing address is:</strong><br>Acme Inc., 1 Main St, Springfield<br><br>Want to change how you receive these emails?<br>You can <a href="https://acme.us1.list-manage.com/profile?u=1">update your preferences</a> or <a href="https://acme.us1.list-manage.com/unsubscribe?u=1">unsubscribe from this list</a>.</td></tr></table>]]></description></item>
</channel></rss>"#;
        let e = &parse("mailchimp.rss", mailchimp).unwrap()[0].entry;
        assert_eq!(e.abstract_text, "May update We shipped offline mode. Unsubscribe links now work in every client. You are receiving this because you signed up. Acme Inc., 1 Main St, Springfield");
        assert_eq!(e.urls, ["https://mailchi.mp/acme/may"]);
        // Ghost's button card, and an email's lines (beehiiv's, Buttondown's) each on a line.
        let ghost = r#"<rss version="2.0"><channel><title>Notes</title><link>https://notes.example.org/</link>
<item><title>Edge caching</title><link>https://notes.example.org/edge/</link><description><![CDATA[<p>Forwarded this email? <a href="https://notes.example.org/subscribe">Subscribe here</a> for more</p><p>Caches move to the edge.</p><p><a href="https://other.example.org/cdn-history">Read more →</a></p><p><a href="https://app.example.org/signup">Sign up</a></p><div class="kg-card kg-button-card kg-align-center"><a href="https://notes.example.org/#/portal/signup" class="kg-btn kg-btn-accent">Subscribe</a></div><p>Share this with a friend who runs a CDN.<br>Read online<br><a href="https://notes.example.org/unsubscribe/?uuid=1">Unsubscribe</a></p>]]></description></item>
</channel></rss>"#;
        let e = &parse("ghost.rss", ghost).unwrap()[0].entry;
        assert_eq!(e.abstract_text, "Caches move to the edge. Share this with a friend who runs a CDN.");
        // A `Read more` or a `Sign up` leads on: its words go, its link stays.
        assert_eq!(e.urls, ["https://notes.example.org/edge/", "https://other.example.org/cdn-history", "https://app.example.org/signup"]);
    }

    #[test]
    fn a_reddit_posts_line_under_it_is_no_words_of_the_post() {
        // A subreddit's Atom feed (trimmed): a text post, and a link post whose `[link]` is the
        // page it is about (kept) where a text post's is its own.
        let atom = r#"<feed xmlns="http://www.w3.org/2005/Atom"><link rel="alternate" href="https://www.reddit.com/r/rust" type="text/html"/><title>The Rust Programming Language</title>
<entry><author><name>/u/ferris</name><uri>https://www.reddit.com/user/ferris</uri></author><content type="html">&lt;!-- SC_OFF --&gt;&lt;div class=&quot;md&quot;&gt;&lt;p&gt;We cut compile times in half.&lt;/p&gt; &lt;/div&gt;&lt;!-- SC_ON --&gt; &amp;#32; submitted by &amp;#32; &lt;a href=&quot;https://www.reddit.com/user/ferris&quot;&gt; /u/ferris &lt;/a&gt; &lt;br/&gt; &lt;span&gt;&lt;a href=&quot;https://www.reddit.com/r/rust/comments/abc/faster_builds/&quot;&gt;[link]&lt;/a&gt;&lt;/span&gt; &amp;#32; &lt;span&gt;&lt;a href=&quot;https://www.reddit.com/r/rust/comments/abc/faster_builds/&quot;&gt;[comments]&lt;/a&gt;&lt;/span&gt;</content><id>t3_abc</id><link href="https://www.reddit.com/r/rust/comments/abc/faster_builds/"/><title>Faster builds</title></entry>
<entry><author><name>/u/crab</name></author><content type="html">&lt;table&gt; &lt;tr&gt;&lt;td&gt; &amp;#32; submitted by &amp;#32; &lt;a href=&quot;https://www.reddit.com/user/crab&quot;&gt; /u/crab &lt;/a&gt; &lt;br/&gt; &lt;span&gt;&lt;a href=&quot;https://blog.e.org/linkers&quot;&gt;[link]&lt;/a&gt;&lt;/span&gt; &amp;#32; &lt;span&gt;&lt;a href=&quot;https://www.reddit.com/r/rust/comments/def/linkers/&quot;&gt;[comments]&lt;/a&gt;&lt;/span&gt; &lt;/td&gt;&lt;/tr&gt;&lt;/table&gt;</content><id>t3_def</id><link href="https://www.reddit.com/r/rust/comments/def/linkers/"/><title>Linkers compared</title></entry></feed>"#;
        let got = parse("rust.atom", atom).unwrap();
        let read: Vec<(&str, &[String])> = got.iter().map(|p| (p.entry.abstract_text.as_str(), &p.entry.urls[..])).collect();
        assert_eq!(read[0], ("We cut compile times in half.", &["https://www.reddit.com/r/rust/comments/abc/faster_builds/".to_string()][..]));
        assert_eq!(read[1], ("", &["https://www.reddit.com/r/rust/comments/def/linkers/".to_string(), "https://blog.e.org/linkers".to_string()][..]));
        // Written inside a sentence, the words stay.
        assert!(!is_boilerplate("submitted by /u/ferris and reviewed by /u/crab"));
    }

    #[test]
    fn a_body_that_opens_with_the_title_as_its_heading_is_read_without_it() {
        // Medium's feeds (trimmed); a title that only begins the text stays.
        let rss = r#"<rss xmlns:content="http://purl.org/rss/1.0/modules/content/" version="2.0"><channel><title>Stories</title>
<item><title><![CDATA[Why we rewrote our parser in Rust]]></title><content:encoded><![CDATA[<h3>Why we rewrote our parser in Rust</h3><p>It was <strong>slow</strong>.</p>]]></content:encoded></item>
<item><title>Rust</title><content:encoded><![CDATA[<p>Rust is fast.</p>]]></content:encoded></item>
<item><title>Rust</title><content:encoded><![CDATA[<h2 id="x">Rust</h2>]]></content:encoded></item>
<item><title>Rust</title><content:encoded><![CDATA[<h2>Rustaceans</h2><p>Crabs.</p>]]></content:encoded></item>
<item><title>Rust</title><content:encoded><![CDATA[<H2 class="t">Rust <em>crabs</em></H2><p>Crabs.</p>]]></content:encoded></item>
<item><title>Rust &amp; crabs</title><content:encoded><![CDATA[<h1>Rust &amp; <em>crabs</em></h1><p>Crabs.</p>]]></content:encoded></item>
<item><title>Rust</title><description>Rust and crabs.</description><content:encoded><![CDATA[<h2>Rust</h2><p>Crabs.</p>]]></content:encoded></item>
</channel></rss>"#;
        let got = parse("medium.rss", rss).unwrap();
        let texts: Vec<&str> = got.iter().map(|p| p.entry.abstract_text.as_str()).collect();
        assert_eq!(texts, ["It was slow.", "Rust is fast.", "Rust", "Rustaceans Crabs.", "Rust crabs Crabs.", "Crabs.", "Rust and crabs. Rust Crabs."]);
    }

    #[test]
    fn a_videos_media_description_is_its_text() {
        // A YouTube channel's feed (trimmed): the text is in `media:group/media:description`.
        let atom = r#"<feed xmlns:yt="http://www.youtube.com/xml/schemas/2015" xmlns:media="http://search.yahoo.com/mrss/" xmlns="http://www.w3.org/2005/Atom">
 <title>Talks</title><link rel="alternate" href="https://www.youtube.com/channel/UC1"/>
 <entry>
  <id>yt:video:abc</id><yt:videoId>abc</yt:videoId>
  <title>Sparse attention explained</title>
  <link rel="alternate" href="https://www.youtube.com/watch?v=abc"/>
  <author><name>Talks</name><uri>https://www.youtube.com/channel/UC1</uri></author>
  <published>2024-05-14T10:00:00+00:00</published>
  <media:group>
   <media:title>Sparse attention explained</media:title>
   <media:content url="https://www.youtube.com/v/abc?version=3" type="application/x-shockwave-flash" width="640" height="390"/>
   <media:thumbnail url="https://i1.ytimg.com/vi/abc/hqdefault.jpg" width="480" height="360"/>
   <media:description>We explain sparse attention in 10 minutes.
Slides: https://talks.e.org/sparse</media:description>
   <media:community><media:starRating count="10" average="5.00" min="1" max="5"/><media:statistics views="100"/></media:community>
  </media:group>
 </entry>
 <entry><title>No description</title><media:group><media:title>No description</media:title></media:group><content>Its own text.</content></entry>
</feed>"#;
        let got = parse("videos.xml", atom).unwrap();
        let e = &got[0].entry;
        assert_eq!(e.abstract_text, "We explain sparse attention in 10 minutes. Slides: https://talks.e.org/sparse");
        assert_eq!(e.urls, ["https://www.youtube.com/watch?v=abc", "https://talks.e.org/sparse"]);
        assert_eq!(got[1].entry.abstract_text, "Its own text.");
    }

    #[test]
    fn an_items_links_are_its_pages_not_its_pictures() {
        // A WordPress photo in its link to the full size, Substack's (its CDN's address ends
        // with the picture's name), a bare address of one in the text, an enclosure; a page and
        // a PDF stay, and so does the item's own link whatever it is.
        let rss = r#"<rss xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:media="http://search.yahoo.com/mrss/" version="2.0"><channel><title>Blog</title><link>https://e.org/</link>
<item><title>Harbour walk</title><link>https://e.org/harbour</link>
<enclosure url="https://e.org/wp-content/uploads/harbour.jpg" length="1" type="image/jpeg"/>
<media:content url="https://e.org/wp-content/uploads/harbour-1024.jpg" medium="image" type="image/jpeg"/>
<content:encoded><![CDATA[<figure><a href="https://e.org/wp-content/uploads/harbour.JPG"><img src="https://e.org/wp-content/uploads/harbour-300x200.jpg"/></a></figure>
<div class="captioned-image-container"><figure><a class="image-link image2" href="https://substackcdn.com/image/fetch/f_auto,q_auto:good/https%3A%2F%2Fsubstack-post-media.s3.amazonaws.com%2Fpublic%2Fimages%2Fab12_1456x816.png"><picture><img src="https://substackcdn.com/image/fetch/w_1456/ab12.png"/></picture></a></figure></div>
<p>The <a href="/map.svg?v=2">map</a>, the <a href="https://e.org/tides">tide tables</a>, the <a href="https://e.org/guide.pdf">guide</a>. Photo: https://e.org/gull.webp.</p>]]></content:encoded></item>
<item><title>Gull</title><link>https://e.org/gull.png</link><description>A gull.</description></item>
</channel></rss>"#;
        let got = parse("blog.rss", rss).unwrap();
        assert_eq!(got[0].entry.urls, ["https://e.org/harbour", "https://e.org/tides", "https://e.org/guide.pdf"]);
        assert_eq!(got[1].entry.urls, ["https://e.org/gull.png"]);
        let atom = r#"<feed xmlns="http://www.w3.org/2005/Atom"><entry><title>T</title><link href="https://e.org/t"/><link rel="enclosure" type="image/png" href="https://e.org/t.png"/>
<content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><a href="https://e.org/shot.gif"><img src="https://e.org/shot.gif"/></a> See <a href="https://e.org/notes">notes</a>.</div></content></entry></feed>"#;
        assert_eq!(parse("feed.atom", atom).unwrap()[0].entry.urls, ["https://e.org/t", "https://e.org/notes"]);
    }

    #[test]
    fn relative_links_in_a_body_resolve_against_its_own_xml_base() {
        // jekyll-feed's Atom (trimmed): each entry's content has the post's address as its base.
        let atom = r#"<feed xmlns="http://www.w3.org/2005/Atom"><link href="https://e.org/feed.xml" rel="self" type="application/atom+xml"/><link href="https://e.org/" rel="alternate" type="text/html"/><title type="html">Blog</title>
<entry><title type="html">Caching</title><link href="https://e.org/2024/05/14/caching.html" rel="alternate" type="text/html" title="Caching"/><id>https://e.org/2024/05/14/caching</id>
<content type="html" xml:base="https://e.org/2024/05/14/caching.html">&lt;p&gt;See &lt;a href=&quot;part-2.html&quot;&gt;part two&lt;/a&gt;, &lt;a href=&quot;/about/&quot;&gt;about&lt;/a&gt; and &lt;a href=&quot;../../../2023/notes.html&quot;&gt;notes&lt;/a&gt;.&lt;/p&gt;</content>
<summary type="html" xml:base="archive/">&lt;a href=&quot;x.html&quot;&gt;X&lt;/a&gt;</summary></entry></feed>"#;
        let e = &parse("feed.atom", atom).unwrap()[0].entry;
        assert_eq!(e.urls, ["https://e.org/2024/05/14/caching.html", "https://e.org/2024/05/14/part-2.html", "https://e.org/about/", "https://e.org/2023/notes.html", "https://e.org/archive/x.html"]);
    }

    #[test]
    fn a_pictures_media_content_is_no_body() {
        // Mastodon's feed (trimmed): a post with a picture, and a picture alone; its
        // `media:content` is no Atom `content`: its rating is no word, its alt text the text of
        // a post that has none.
        let rss = r#"<rss version="2.0" xmlns:media="http://search.yahoo.com/mrss/"><channel><title>Ada</title><link>https://m.example/@ada</link>
<item><guid isPermaLink="true">https://m.example/@ada/1</guid><link>https://m.example/@ada/1</link>
<description>&lt;p&gt;Rewrote the parser, twice as fast.&lt;/p&gt;</description>
<media:content url="https://files.m.example/1.png" type="image/png" fileSize="1234" medium="image"><media:rating scheme="urn:simple">nonadult</media:rating><media:description type="plain">A chart of parse times</media:description></media:content></item>
<item><guid isPermaLink="true">https://m.example/@ada/2</guid><link>https://m.example/@ada/2</link>
<media:content url="https://files.m.example/2.jpg" type="image/jpeg" medium="image"><media:rating scheme="urn:simple">nonadult</media:rating><media:description type="plain">A heron by the river</media:description></media:content></item>
</channel></rss>"#;
        let got = parse("ada.rss", rss).unwrap();
        let read: Vec<(&str, &str)> = got.iter().map(|p| (p.entry.title.as_str(), p.entry.abstract_text.as_str())).collect();
        assert_eq!(read, [("Rewrote the parser, twice as fast.", "Rewrote the parser, twice as fast."), ("A heron by the river", "A heron by the river")]);
    }

    #[test]
    fn links_in_xhtml_content_are_kept() {
        let atom = r#"<feed xmlns="http://www.w3.org/2005/Atom"><entry><title>T</title><link href="https://e.org/t"/>
<content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p>See <a href="https://github.com/KDE/heaptrack">heaptrack</a> and <a href="/relative">this</a>.</p></div></content></entry></feed>"#;
        let e = &parse("feed.atom", atom).unwrap()[0].entry;
        assert_eq!(e.urls, ["https://e.org/t", "https://github.com/KDE/heaptrack"]);
    }

    #[test]
    fn xhtml_is_read_as_html_is() {
        // Inline elements inside a word or beside a bracket part nothing; a block that is a
        // platform's button is left out, as in HTML.
        let atom = r#"<feed xmlns="http://www.w3.org/2005/Atom"><entry><title type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml">Why Ada<em>Boost</em> (<code>sklearn</code>) works</div></title>
<content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p>A <strong>gro</strong>wing forest (<a href="https://e.org/docs">docs</a>).</p><p>Subscribe now</p><pre>fit(X)</pre></div></content></entry></feed>"#;
        let e = &parse("feed.atom", atom).unwrap()[0].entry;
        assert_eq!((e.title.as_str(), e.abstract_text.as_str()), ("Why AdaBoost (sklearn) works", "A growing forest (docs). fit(X)"));
    }

    #[test]
    fn lowercase_rfc_3339_dates_are_read() {
        let atom = r#"<feed xmlns="http://www.w3.org/2005/Atom"><entry><title>T</title><updated>2024-08-01t08:00:00z</updated></entry></feed>"#;
        assert_eq!(parse("feed.atom", atom).unwrap()[0].entry.date.as_deref(), Some("2024-08-01"));
        assert_eq!(feed_date("2024-08-01t08:00:00z"), Some(20240801));
    }

    #[test]
    fn dates_written_as_a_json_entrys_are_read() {
        let item = |d: &str| format!("<rss version=\"2.0\"><channel><title>Blog</title><item><title>T</title><pubDate>{d}</pubDate></item></channel></rss>");
        for d in ["May 14, 2024", "Tuesday, May 14, 2024", "Tue, May 14th, 2024", "14 May 2024", "2024/05/14", "2024-5-14"] {
            assert_eq!(parse("feed.xml", &item(d)).unwrap()[0].entry.date.as_deref(), Some("2024-05-14"), "{d}");
        }
        for d in ["Feb 30, 2024", "05/14/2024", "Someday, May 14, 2024", "May 14"] {
            let e = parse("feed.xml", &item(d)).unwrap_err();
            assert_eq!(e.to_string(), format!("feed.xml:1: field `pubDate`: `{d}` is not an RFC 822 (RSS) or ISO 8601 (Atom) date"));
        }
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
            let _ = super::body_text(&s, &mut Vec::new());
        }
    }
}
