//! Reading Markdown: a changelog (`## [1.2.0] - 2024-03-13`), a newsletter written as sections,
//! notes. Each section under the shallowest heading level used at least twice becomes an entry:
//!
//! | entry field | from |
//! |---|---|
//! | `title` | the heading, as text, without its date (the entry's) and the brackets of a version with no link |
//! | `id` | the heading's anchor as GitHub makes it (`120---2024-03-13`; repeats get `-1`, `-2`) |
//! | `date` | the first date in the heading: `YYYY-MM-DD`, else `2024/03/01`, `2024-4-2`, `May 1, 2024` or `1 May 2024` (a day not in the calendar is an error) |
//! | `abstract` | the section's text, sub-sections included (Markdown and HTML read as text) |
//! | `urls` | the http(s) links in the section, then the addresses written bare in its text (as GitHub links them): not an image's (`![chart](chart.png)`), nor one to a picture's file (`[chart](chart.png)`, `.jpg`, `.svg`…) |
//! | `tags` | the names of its sub-sections of up to three words (`Added`, `Fixed`), without their emoji (`⚠ BREAKING CHANGES` is `Breaking`: `heading_tag`) |
//!
//! Text before the first such heading (a document title, an introduction) and YAML front matter
//! are not entries. A section without links takes `--url-template`: with
//! `'https://example.org/CHANGELOG#{id}'` it links to itself. A `.md` file without headings is
//! read as a plain-text digest.

use super::clean::{clean_text, collapse_spaces, find_page_links, is_image_link};
use super::feed::{first_words, html_to_text, Lines};
use super::{InputError, Parsed};
use super::dates::date_in;
use crate::entry::{format_date, Entry};
use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd};

/// Whether `text` has a Markdown heading: only then is a `.md` file read as Markdown.
pub fn has_headings(text: &str) -> bool {
    Parser::new_ext(text, options()).any(|e| matches!(e, Event::Start(Tag::Heading { .. })))
}

fn options() -> Options {
    // Footnotes as GitHub reads them: a reference (`[^1]`) is no text, its note is.
    Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH | Options::ENABLE_TASKLISTS | Options::ENABLE_YAML_STYLE_METADATA_BLOCKS | Options::ENABLE_FOOTNOTES
}

/// An entry being read.
#[derive(Default)]
struct Section {
    line: usize,
    title: String,
    body: String,
    links: Vec<String>,
    tags: Vec<String>,
}

/// Parses Markdown into one entry per section (see the module documentation).
pub fn parse(name: &str, text: &str) -> Result<Vec<Parsed>, InputError> {
    let events: Vec<(Event<'_>, std::ops::Range<usize>)> = Parser::new_ext(text, options()).into_offset_iter().collect();
    let level_of = |l: HeadingLevel| l as usize;
    let mut counts = [0usize; 7];
    for (e, _) in &events {
        if let Event::Start(Tag::Heading { level, .. }) = e {
            counts[level_of(*level)] += 1;
        }
    }
    let Some(level) = (1..=6).find(|&l| counts[l] >= 2).or_else(|| (1..=6).find(|&l| counts[l] == 1)) else {
        return Ok(Vec::new());
    };
    let mut lines = Lines::new(text);
    let mut sections: Vec<Section> = Vec::new();
    // Inside an entry (a section at `level`), and inside a heading: its level and text so far.
    let mut in_entry = false;
    let mut heading: Option<(usize, String)> = None;
    let mut metadata = false;
    // The source of the HTML block being read (`read_text_event`).
    let mut html_block: Option<String> = None;
    for (event, range) in events {
        let section = if in_entry { sections.last_mut() } else { None };
        match event {
            Event::Start(Tag::Heading { level: l, .. }) => {
                let l = level_of(l);
                if l <= level {
                    in_entry = l == level;
                    if in_entry {
                        sections.push(Section { line: lines.line_at(range.start), ..Section::default() });
                    }
                }
                heading = Some((l, String::new()));
            }
            Event::End(TagEnd::Heading(_)) => {
                let Some((l, words)) = heading.take() else { continue };
                let words = collapse_spaces(&words);
                if let Some(s) = sections.last_mut().filter(|_| in_entry) {
                    if l == level {
                        s.title = words;
                    } else {
                        // A short one (`Added`, `Fixed`) is a tag, not text run into the items
                        // that follow it (`Fixed Fixed a crash`); a longer one is text.
                        let tag = heading_tag(&words);
                        if tag.split(' ').count() <= 3 && tag.chars().count() <= 40 && !words.is_empty() {
                            if !tag.is_empty() && !s.tags.contains(&tag) {
                                s.tags.push(tag);
                            }
                        } else {
                            s.body.push_str(&words);
                            s.body.push(' ');
                        }
                    }
                }
            }
            Event::Start(Tag::MetadataBlock(_)) => metadata = true,
            Event::End(TagEnd::MetadataBlock(_)) => metadata = false,
            _ if metadata => {}
            // Text goes to the heading being read, else to the section's body; links to the
            // section (text outside every section, and its links, are left out).
            event => {
                let (mut no_words, mut no_links) = (String::new(), Vec::new());
                let (out, links) = match (&mut heading, section) {
                    (Some((_, words)), Some(s)) => (words, &mut s.links),
                    (Some((_, words)), None) => (words, &mut no_links),
                    (None, Some(s)) => (&mut s.body, &mut s.links),
                    (None, None) => (&mut no_words, &mut no_links),
                };
                read_text_event(event, out, links, &mut html_block);
            }
        }
    }
    let mut ids: Vec<String> = Vec::new();
    let mut out = Vec::with_capacity(sections.len());
    for s in sections {
        let abstract_text = clean_text(&s.body);
        let mut title = clean_text(&s.title);
        if title.is_empty() {
            title = first_words(&abstract_text, 80);
        }
        if title.is_empty() {
            return Err(InputError::new(name, Some(s.line), Some("title"), "an empty heading over an empty section"));
        }
        let base = anchor(&s.title);
        let mut id = base.clone();
        let mut n = 0;
        while ids.contains(&id) {
            n += 1;
            id = format!("{base}-{n}");
        }
        ids.push(id.clone());
        let date = match date_in(&s.title) {
            None => None,
            Some((_, Some(d))) => Some(format_date(d)),
            Some((bad, None)) => return Err(InputError::new(name, Some(s.line), Some("date"), format!("`{bad}` is no day of the calendar"))),
        };
        // The date shows as the entry's: the title keeps the rest (and its numbers are not
        // found by a search for `11`).
        if date.is_some() {
            title = without_date(&title);
        }
        // A Keep a Changelog version with no link: `[1.3.2]`, `[Unreleased]`, as a linked one reads.
        if let Some(inner) = title.strip_prefix('[').and_then(|r| r.strip_suffix(']')).filter(|i| !i.contains(['[', ']']) && !i.trim().is_empty()) {
            title = inner.to_string();
        }
        // After its links, the addresses written bare in its text, which GitHub shows as links
        // (a release's `by @ada in https://github.com/o/r/pull/12`); not a picture's.
        let mut urls = s.links;
        for link in find_page_links(&abstract_text) {
            if !urls.contains(&link) {
                urls.push(link);
            }
        }
        out.push(Parsed { entry: Entry { id, title, abstract_text, urls, date, authors: Vec::new(), tags: s.tags }, line: s.line });
    }
    Ok(out)
}

/// The tag a sub-heading names: without the emoji or symbols around its words (`⚠ BREAKING
/// CHANGES`, `🐛 Bug Fixes`, `:sparkles: Features`, as release tools write them, are `BREAKING
/// CHANGES`, `Bug Fixes`, `Features`: `tag:` cannot be typed with them), ASCII punctuation kept
/// (`C++`, `.NET`); and Conventional Commits' `BREAKING CHANGES` (or `Breaking change`) is
/// `Breaking`, so that `tag:breaking` finds the releases that have some.
fn heading_tag(words: &str) -> String {
    let symbol = |c: char| c.is_whitespace() || !c.is_ascii() && !c.is_alphanumeric();
    let mut tag = words.trim_start_matches(symbol);
    // GitHub's emoji shortcodes: `:boom: Breaking Changes`.
    while let Some((code, rest)) = tag.strip_prefix(':').and_then(|r| r.split_once(':')) {
        if code.is_empty() || !code.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '+' | '-')) || !rest.starts_with(char::is_whitespace) {
            break;
        }
        tag = rest.trim_start_matches(symbol);
    }
    // Symbols after the words only apart from them (a combining accent ends a word).
    let end = tag.trim_end_matches(symbol);
    if tag[end.len()..].starts_with(char::is_whitespace) {
        tag = end;
    }
    let tag = collapse_spaces(tag);
    if ["breaking changes", "breaking change"].iter().any(|b| tag.eq_ignore_ascii_case(b)) {
        return "Breaking".to_string();
    }
    tag
}

/// A heading's anchor as GitHub writes it: lowercase, punctuation but `-` and `_` dropped,
/// spaces as `-`.
pub fn anchor(heading: &str) -> String {
    heading
        .trim()
        .chars()
        .flat_map(char::to_lowercase)
        .filter_map(|c| match c {
            ' ' => Some('-'),
            c if c.is_alphanumeric() || c == '-' || c == '_' => Some(c),
            _ => None,
        })
        .collect()
}

/// Reads one event of a section's text (not a heading's start or end) into `out`, its words,
/// and `links`, its http(s) links: the reading a Markdown file's sections and a JSON entry's
/// Markdown body ([`text_of`]) share. `html_block` holds the source of the HTML block being
/// read, read as text whole, as a tag may span lines.
fn read_text_event(event: Event<'_>, out: &mut String, links: &mut Vec<String>, html_block: &mut Option<String>) {
    match event {
        // A link's target, not an image's (`![chart](chart.png)`, a badge's
        // `[![CI](badge.svg)](https://ci.e.org/r)` keeps its link), nor a link to a picture
        // (`[the chart](chart.png)`: `is_image_link`).
        Event::Start(Tag::Link { dest_url, .. }) => {
            let url = dest_url.trim().to_string();
            if (url.starts_with("https://") || url.starts_with("http://")) && !is_image_link(&url) && !links.contains(&url) {
                links.push(url);
            }
        }
        Event::Text(t) | Event::Code(t) => out.push_str(&t),
        Event::Start(Tag::HtmlBlock) => *html_block = Some(String::new()),
        Event::Html(h) if html_block.is_some() => {
            if let Some(b) = html_block {
                b.push_str(&h);
            }
        }
        Event::End(TagEnd::HtmlBlock) => {
            let h = html_block.take().unwrap_or_default();
            out.push(' ');
            add_html(out, links, &h);
            out.push(' ');
        }
        Event::Html(h) | Event::InlineHtml(h) => add_html(out, links, &h),
        // Every block boundary separates words: a list nested in an item starts right
        // after the item's text, with no break between them in the source's events.
        Event::SoftBreak
        | Event::HardBreak
        | Event::Rule
        | Event::Start(Tag::Paragraph | Tag::Item | Tag::List(_) | Tag::CodeBlock(_) | Tag::BlockQuote(_) | Tag::Table(_) | Tag::TableHead | Tag::TableRow | Tag::TableCell | Tag::FootnoteDefinition(_))
        | Event::End(TagEnd::Paragraph | TagEnd::Item | TagEnd::List(_) | TagEnd::CodeBlock | TagEnd::BlockQuote(_) | TagEnd::Table | TagEnd::TableHead | TagEnd::TableRow | TagEnd::TableCell | TagEnd::FootnoteDefinition) => out.push(' '),
        _ => {}
    }
}

/// Adds the text of HTML source to `out`, and its links to `links`.
fn add_html(out: &mut String, links: &mut Vec<String>, html: &str) {
    let mut found = Vec::new();
    out.push_str(&html_to_text(html, &mut found));
    for l in found {
        if !links.contains(&l) {
            links.push(l);
        }
    }
}

/// The text of Markdown `md` (a JSON entry's body: a GitHub release's) as a section's is read,
/// its headings as text (a JSON entry gives its tags in `tags`) and no front matter; its
/// http(s) links go to `links`.
pub fn text_of(md: &str, links: &mut Vec<String>) -> String {
    let mut out = String::with_capacity(md.len());
    let mut html_block = None;
    let options = options() - Options::ENABLE_YAML_STYLE_METADATA_BLOCKS;
    for event in Parser::new_ext(md, options) {
        match event {
            Event::Start(Tag::Heading { .. }) | Event::End(TagEnd::Heading(_)) => out.push(' '),
            event => read_text_event(event, &mut out, links, &mut html_block),
        }
    }
    clean_text(&out)
}

/// Whether `text` (a JSON entry's body) is plainly Markdown, to be read by [`text_of`]: it has
/// strong emphasis (`**bold**`), an inline link (`[docs](https://…)`), code (`` `x` ``), or, on
/// lines of their own, a heading (`## Fixed`), a list item (`- item`) or a fence (```` ``` ````).
/// An asterisk or underscore alone (`5 * 3`, `*sic*`, `snake_case`, `__init__`) and LaTeX quotes
/// (``` ``quoted'' ```) are no sign: such prose is read as written.
pub fn looks_like_markdown(text: &str) -> bool {
    let block = text.contains('\n')
        && text.lines().any(|l| {
            let t = l.trim_start_matches(' ');
            let hashes = t.len() - t.trim_start_matches('#').len();
            l.len() - t.len() < 4
                && ((1..=6).contains(&hashes) && t[hashes..].starts_with(' ') && !t[hashes..].trim().is_empty()
                    || ["- ", "* ", "+ "].iter().any(|b| t.starts_with(b) && !t[2..].trim().is_empty())
                    || t.starts_with("```"))
        });
    block || text.lines().any(|l| strong(l) || inline_link(l) || code_span(l))
}

/// Whether `line` has `**` before and after text that neither starts nor ends with a space:
/// `**bold**` (not `__init__`, Python's name as much as bold).
fn strong(line: &str) -> bool {
    let mark = "**";
    let mut rest = line;
    while let Some(at) = rest.find(mark) {
        rest = &rest[at + mark.len()..];
        if let Some(end) = rest.find(mark).filter(|&e| e > 0) {
            let inner = &rest[..end];
            if !inner.starts_with(char::is_whitespace) && !inner.ends_with(char::is_whitespace) && !inner.contains(mark) {
                return true;
            }
        }
    }
    false
}

/// Whether `line` has an inline link to a page: `[text](https://…)`, `(/docs)`, `(#anchor)`.
fn inline_link(line: &str) -> bool {
    line.match_indices("](").any(|(at, _)| {
        let target = &line[at + 2..];
        line[..at].contains('[') && ["https://", "http://", "/", "#", "./", "mailto:"].iter().any(|p| target.starts_with(p)) && target.contains(')')
    })
}

/// Whether `line` has code between single backticks (`` `search()` ``), its text neither
/// starting nor ending with a space (a doubled backtick, LaTeX's opening quote, is none).
fn code_span(line: &str) -> bool {
    let ticks: Vec<usize> = line.match_indices('`').map(|(i, _)| i).filter(|&i| !line[..i].ends_with('`') && !line[i + 1..].starts_with('`')).collect();
    ticks.windows(2).any(|w| {
        let inner = &line[w[0] + 1..w[1]];
        !inner.is_empty() && !inner.contains('`') && !inner.starts_with(char::is_whitespace) && !inner.ends_with(char::is_whitespace)
    })
}

/// `title` without the date [`date_in`] finds in it and what sets the date apart (`1.2.0 -
/// 2024-05-01` → `1.2.0`, `2.0.0 (May 1, 2024)` → `2.0.0`); the title as it was when nothing
/// else would be left.
fn without_date(title: &str) -> String {
    let Some((text, _)) = date_in(title) else { return title.to_string() };
    let at = text.as_ptr() as usize - title.as_ptr() as usize;
    let apart = |c: char| c.is_whitespace() || matches!(c, '-' | '–' | '—' | '/' | ':' | ',' | '|');
    let mut before = title[..at].trim_end_matches(apart);
    let mut after = title[at + text.len()..].trim_start_matches(apart);
    // In parentheses of its own: `(May 1, 2024)`.
    if let (Some(b), Some(a)) = (before.strip_suffix('('), after.strip_prefix(')')) {
        (before, after) = (b.trim_end_matches(apart), a.trim_start_matches(apart));
    }
    let rest = if after.is_empty() { before.to_string() } else if before.is_empty() { after.to_string() } else { format!("{before} {after}") };
    if rest.trim().is_empty() {
        title.to_string()
    } else {
        rest
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const CHANGELOG: &str = "---
title: Changelog
---
# Changelog

All notable changes to this project are documented here.

## [Unreleased]

## [1.2.0] - 2024-03-13

### Added
- `search()` takes a `limit` option ([#42](https://github.com/o/r/pull/42)).
- Typo tolerance for <abbr title=\"two\">two</abbr> edits.

### Fixed
- Highlights in titles with *emphasis*.

## [1.1.0] - 2024-02-01

A small release.

```sh
npm install thing
```

## [1.1.0] - 2024-02-01
";

    #[test]
    fn a_changelog_becomes_one_entry_per_release() {
        let got = parse("CHANGELOG.md", CHANGELOG).unwrap();
        let titles: Vec<&str> = got.iter().map(|p| p.entry.title.as_str()).collect();
        // The date shows as the entry's: the title is the version (anchors stay GitHub's).
        assert_eq!(titles, ["Unreleased", "1.2.0", "1.1.0", "1.1.0"]);
        assert_eq!(got.iter().map(|p| p.line).collect::<Vec<_>>(), [8, 10, 19, 27]);
        let e = &got[1].entry;
        assert_eq!(e.id, "120---2024-03-13");
        assert_eq!(e.date.as_deref(), Some("2024-03-13"));
        assert_eq!(e.tags, ["Added", "Fixed"]);
        assert_eq!(e.abstract_text, "search() takes a limit option (#42). Typo tolerance for two edits. Highlights in titles with emphasis.", "sub-section names are tags, not text");
        assert_eq!(e.urls, ["https://github.com/o/r/pull/42"]);
        assert_eq!(got[2].entry.abstract_text, "A small release. npm install thing");
        assert_eq!((got[2].entry.id.as_str(), got[3].entry.id.as_str()), ("110---2024-02-01", "110---2024-02-01-1"), "repeated anchors are numbered");
        assert_eq!((got[0].entry.id.as_str(), got[0].entry.date.as_deref()), ("unreleased", None));
    }

    #[test]
    fn the_shallowest_repeated_level_makes_the_entries() {
        let got = parse("notes.md", "# One\ntext one\n## Sub\nmore\n# Two\ntext two\n").unwrap();
        assert_eq!(got.iter().map(|p| p.entry.title.as_str()).collect::<Vec<_>>(), ["One", "Two"]);
        assert_eq!(got[0].entry.abstract_text, "text one more");
        let single = parse("post.md", "Intro\n\n# Only heading\n\nBody **bold** text.\n").unwrap();
        assert_eq!(single.len(), 1);
        assert_eq!(single[0].entry.abstract_text, "Body bold text.");
        assert!(!has_headings("Title line\nAn abstract paragraph.\n\nAnother title\nAnother abstract.\n"));
        assert!(has_headings("Title\n=====\n\ntext\n"));
    }

    #[test]
    fn list_items_and_blocks_separate_words() {
        let md = "## 1.0\n\n- Support for **Parquet** exports\n  - including nested schemas\n\n## 0.9\n\n* Memory leak in the watcher\n    1. on macOS\n\n> quoted\n<div>\none\ntwo\n</div>\n\n| a | b |\n|---|---|\n| c | d |\n";
        let got = parse("CHANGELOG.md", md).unwrap();
        assert_eq!(got[0].entry.abstract_text, "Support for Parquet exports including nested schemas");
        assert_eq!(got[1].entry.abstract_text, "Memory leak in the watcher on macOS quoted one two a b c d");
    }

    #[test]
    fn dates_in_headings_written_other_ways() {
        for (heading, want) in [
            ("## 1.9.0 / 2024-4-2", Some("2024-04-02")),
            ("## 1.8.0 — 2024/03/01", Some("2024-03-01")),
            ("## [2.0.0] (May 1, 2024)", Some("2024-05-01")),
            ("## v3 – 7 September 2023", Some("2023-09-07")),
            ("## Release 2.2.0 - March 1st, 2024", Some("2024-03-01")),
            ("## 2.1.0 (22nd Feb 2024)", Some("2024-02-22")),
            ("## 1.2.3 - 2024.05.01", None),
            ("## May 2024 update", None),
            ("## 2024-4/2", None),
        ] {
            let got = parse("CHANGELOG.md", &format!("{heading}\n\nText.\n\n## Next\n\nMore.\n")).unwrap();
            assert_eq!(got[0].entry.date.as_deref(), want, "{heading}");
        }
        // The title without its date, and what set it apart; a heading that is only a date keeps it.
        for (heading, title) in [
            ("## [2.0.0] (May 1, 2024)", "2.0.0"),
            ("## v3 – 7 September 2023", "v3"),
            ("## Release 2.2.0 - March 1st, 2024", "Release 2.2.0"),
            ("## 2024-05-01: the spring release", "the spring release"),
            ("## 2024-05-01", "2024-05-01"),
            ("## Release 1.9 / 2024-4-2 (LTS)", "Release 1.9 (LTS)"),
        ] {
            let got = parse("CHANGELOG.md", &format!("{heading}\n\nText.\n\n## Next\n\nMore.\n")).unwrap();
            assert_eq!(got[0].entry.title, title, "{heading}");
        }
        let e = parse("CHANGELOG.md", "## 1.0 (Feb 30, 2024)\n\nx\n\n## 0.9\n\ny\n").unwrap_err();
        assert_eq!(e.to_string(), "CHANGELOG.md:1: field `date`: `Feb 30, 2024` is no day of the calendar");
    }

    #[test]
    fn a_footnote_reference_is_no_text_and_its_note_is() {
        let got = parse("CHANGELOG.md", "## 1.0\n\nFaster builds[^1].\n\n[^1]: Measured on CI.\n\n## 0.9\n\nFirst.\n").unwrap();
        assert_eq!(got[0].entry.abstract_text, "Faster builds. Measured on CI.");
    }

    #[test]
    fn an_impossible_date_in_a_heading_is_an_error() {
        let e = parse("CHANGELOG.md", "# Changes\n\n## 1.1 - 2024-03-01\n\nx\n\n## 1.0 - 2024-02-30\n\ny\n").unwrap_err();
        assert_eq!(e.to_string(), "CHANGELOG.md:7: field `date`: `2024-02-30` is no day of the calendar");
        let e = parse("CHANGELOG.md", "## [0.1] (2023-13-01)\n## [0.2]\n").unwrap_err();
        assert_eq!(e.to_string(), "CHANGELOG.md:1: field `date`: `2023-13-01` is no day of the calendar");
        // Only the full shape is a date: versions, years and longer numbers are not.
        let got = parse("CHANGELOG.md", "## 2024-99 release\n## 1.0.0-2024\n## Build 12024-02-301\n## 2024-2\n").unwrap();
        assert!(got.iter().all(|p| p.entry.date.is_none()));
    }

    #[test]
    fn a_json_body_is_read_as_markdown_only_when_it_plainly_is() {
        for md in [
            "Adds **streaming**.",
            "See [the docs](https://e.org/docs).",
            "Returns `Vec<u8>` now.",
            "## What's Changed\nFaster.",
            "Changes:\n- one\n- two",
            "Run:\n```sh\nmake\n```",
        ] {
            assert!(looks_like_markdown(md), "{md:?}");
        }
        for prose in [
            "It is 5 * 3 = 15, and *sic* stays.",
            "snake_case_names and __init__ alone",
            "We study ``quoted'' text and $x^*$.",
            "One line - with a dash",
            "#1 priority\nand #2",
            "** not bold **",
            "[1] and (https://e.org) apart",
            "don`t",
        ] {
            assert!(!looks_like_markdown(prose), "{prose:?}");
        }
        let mut links = Vec::new();
        let md = "## What's Changed\n* **Breaking:** `search()` returns a Promise by @ada in https://github.com/o/r/pull/12\n  * nested\n* Fix [the pager](https://github.com/o/r/issues/3) <img src=\"x.png\" alt=\"shot\">\n\n---\nfront: matter\n---\n";
        assert_eq!(text_of(md, &mut links), "What's Changed Breaking: search() returns a Promise by @ada in https://github.com/o/r/pull/12 nested Fix the pager front: matter");
        assert_eq!(links, ["https://github.com/o/r/issues/3"]);
    }

    #[test]
    fn a_sub_headings_tag_leaves_its_symbols_out() {
        for (heading, tag) in [
            ("⚠ BREAKING CHANGES", "Breaking"),
            ("⚠️ BREAKING CHANGES", "Breaking"),
            ("💥 Breaking Change", "Breaking"),
            (":boom: Breaking changes", "Breaking"),
            ("🐛 Bug Fixes", "Bug Fixes"),
            (":sparkles: :rocket: Features", "Features"),
            ("Features ✨", "Features"),
            ("C++", "C++"),
            (".NET", ".NET"),
            ("Cafe\u{301}", "Cafe\u{301}"),
            ("Fixed", "Fixed"),
            ("🎉", ""),
            ("Breaking news today", "Breaking news today"),
        ] {
            assert_eq!(heading_tag(heading), tag, "{heading}");
        }
        let md = "## [2.0.0] (2024-05-01)\n\n### ⚠ BREAKING CHANGES\n\n* drop Node 16\n\n### 🐛 Bug Fixes\n\n* fix the pager\n\n### 🎉\n\n* party\n\n## [1.0.0] (2024-04-01)\n\n### Features\n\n* first\n";
        let got = parse("CHANGELOG.md", md).unwrap();
        assert_eq!(got[0].entry.tags, ["Breaking", "Bug Fixes"]);
        assert_eq!(got[0].entry.abstract_text, "drop Node 16 fix the pager party");
    }

    #[test]
    fn a_sections_links_are_its_pages_not_its_pictures() {
        // An image, a badge's image inside its link, a link to a picture: only the pages.
        let md = "## 1.2.0\n\n[![CI](https://ci.e.org/badge.svg)](https://ci.e.org/r) Faster. ![chart](https://e.org/bench.png)\n\nSee [the chart](https://e.org/bench.PNG?raw=1), [the notes](https://e.org/notes) and <a href=\"https://e.org/shot.jpeg\">a shot</a>.\n\n## 1.1.0\n\nOlder.\n";
        let got = parse("CHANGELOG.md", md).unwrap();
        assert_eq!(got[0].entry.urls, ["https://ci.e.org/r", "https://e.org/notes"]);
    }

    #[test]
    fn addresses_written_bare_are_a_sections_links() {
        // GitHub's release notes (`by @ada in https://…`), which GitHub shows as links.
        let md = "## 1.2.0 - 2024-05-14\n\n* Faster builds by @ada in https://github.com/o/r/pull/12\n* See [the docs](https://e.org/docs) and https://e.org/docs.\n* A chart: https://e.org/bench.png\n\n## 1.1.0\n\nOlder.\n";
        let got = parse("CHANGELOG.md", md).unwrap();
        assert_eq!(got[0].entry.urls, ["https://e.org/docs", "https://github.com/o/r/pull/12"]);
    }

    #[test]
    fn anchors_are_githubs() {
        assert_eq!(anchor("[1.2.0] - 2024-03-13"), "120---2024-03-13");
        assert_eq!(anchor("Hello, World! C++ & Rust_2"), "hello-world-c--rust_2");
        assert_eq!(anchor("Über Größe"), "über-größe");
    }
}

#[cfg(test)]
mod prop {
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(400))]
        /// Whatever the text, reading Markdown returns entries or an error: it never panics.
        #[test]
        fn any_text_reads_or_fails_cleanly(s in "(# |## |### |\n|---\n|- |\\[x\\]|\\(https://e.org\\)|`|```\n|<b>|</b>|\\*|_|2024-03-1[0-9]|é|[a-z ]{0,6}){0,40}") {
            let _ = super::parse("f.md", &s);
        }
    }
}
