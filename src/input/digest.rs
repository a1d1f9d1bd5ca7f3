//! The plain-text digest format: a header of short lines (the digest's name and date), then
//! entries, each a title line and an abstract paragraph, separated by blank lines.
//!
//! Entries start at the first short paragraph that is followed by a long one (`--header-lines`
//! overrides that). A `Mar 13`-style date in the header becomes every entry's date when the year
//! is known: the header's own, else one in the file name (`digest-2024-03-13.txt`), else
//! `--year`; otherwise dates stay empty. An entry's links are those on its title line, then those
//! in its abstract but a picture's (`.png`, `.jpg`…: `is_image_link`).

use super::clean::{clean_text, find_links, find_page_links};
use super::{preview, InputError, InputOptions, Parsed};
use crate::entry::{days_in_month, parse_date, Entry};

/// A paragraph: consecutive non-blank lines, joined with spaces.
struct Paragraph {
    line: usize,
    text: String,
}

fn paragraphs(text: &str) -> Vec<Paragraph> {
    let mut out: Vec<Paragraph> = Vec::new();
    let mut current: Option<Paragraph> = None;
    for (i, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() {
            out.extend(current.take());
        } else if let Some(p) = &mut current {
            p.text.push(' ');
            p.text.push_str(line);
        } else {
            current = Some(Paragraph { line: i + 1, text: line.to_string() });
        }
    }
    out.extend(current);
    out
}

/// A paragraph long enough to be an abstract after a title of `title_len` bytes.
fn is_long_after(title_len: usize, p: &Paragraph) -> bool {
    p.text.len() >= 200 && p.text.len() > 2 * title_len
}

const MONTHS: [&str; 12] = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];

/// The month (1-12) a word names: `Mar`, `March`, `mar.` (three letters or more, letters and
/// dots only).
pub(super) fn month_of(w: &str) -> Option<u32> {
    let l = w.to_ascii_lowercase();
    MONTHS.iter().position(|m| l.len() >= 3 && l.starts_with(m) && l.chars().all(|c| c.is_ascii_alphabetic() || c == '.')).map(|i| i as u32 + 1)
}

/// Finds `Mar 13`, `March 13`, `13 Mar` (optionally with a year) in a header paragraph:
/// `(year, month, day)`.
fn header_date(text: &str) -> Option<(Option<u32>, u32, u32)> {
    let words: Vec<&str> = text.split(|c: char| c.is_whitespace() || c == ',').filter(|w| !w.is_empty()).collect();
    if words.len() > 8 {
        return None;
    }
    let day_of = |w: &str| w.parse::<u32>().ok().filter(|d| (1..=31).contains(d));
    let year_of = |w: &str| w.parse::<u32>().ok().filter(|y| super::YEARS.contains(y));
    // A day that month never has (`Feb 30`) is no date.
    let real = |(y, m, d): (Option<u32>, u32, u32)| (d <= days_in_month(y.unwrap_or(2000), m)).then_some((y, m, d));
    // `2024-03-13`, alone or in a line of words.
    for w in &words {
        let w = w.trim_end_matches('.');
        if let Some(v) = parse_date(w).filter(|_| w.len() == 10 && year_of(&w[..4]).is_some()) {
            return Some((Some(v / 10000), v / 100 % 100, v % 100));
        }
    }
    for (i, w) in words.iter().enumerate() {
        if let Some(m) = month_of(w) {
            let after = words.get(i + 1).and_then(|w| day_of(w));
            let before = i.checked_sub(1).and_then(|j| day_of(words[j]));
            if words.len() > 4 {
                // A longer line (`Daily Papers - Wednesday, March 13, 2024`) holds a date only
                // with its year right after it: a title's `Decoder 2` is no date.
                let year = words.get(i + 2).and_then(|w| year_of(w)).filter(|_| after.is_some()).or_else(|| words.get(i + 1).and_then(|w| year_of(w)).filter(|_| before.is_some()));
                if let Some(year) = year {
                    return real((Some(year), m, after.or(before)?));
                }
                continue;
            }
            let day = after.or(before)?;
            let year = words.iter().find_map(|w| year_of(w));
            return real((year, m, day));
        }
    }
    None
}

/// A paragraph that is a date and little else (`Mar 14, 2024`): among the entries, another
/// digest's header.
fn is_date_line(p: &Paragraph) -> bool {
    p.text.split_whitespace().count() <= 4 && header_date(&p.text).is_some()
}

/// A year ([`super::YEARS`]) standing alone in a file name: `digest-2024-03-13.txt`, `2024/mar13.txt`.
fn year_in_name(name: &str) -> Option<u32> {
    let file = name.rsplit(['/', '\\']).next().unwrap_or(name);
    file.split(|c: char| !c.is_ascii_digit()).filter(|w| w.len() == 4).filter_map(|w| w.parse().ok()).find(|y| super::YEARS.contains(y))
}

/// The first entry: the first short paragraph followed by a long one. A digest of short
/// abstracts has none: then a date line among its first paragraphs (`Dec 2`) ends the header,
/// when the paragraphs after it pair up (0 when there is none).
fn detect_start(paras: &[Paragraph]) -> usize {
    (0..paras.len().saturating_sub(1))
        .find(|&i| paras[i].text.len() < 300 && is_long_after(paras[i].text.len(), &paras[i + 1]))
        .or_else(|| paras.iter().take(4).position(|p| header_date(&p.text).is_some()).map(|i| i + 1).filter(|&s| (paras.len() - s) % 2 == 0))
        .unwrap_or(0)
}

/// What a digest's reading may have got wrong without failing:
/// - the detected header ends with what looks like a title that lost its abstract (the first
///   entry's, then taken for header and not indexed): a paragraph of 40 bytes or more that is
///   not a date, just before the first entry (not with `--header-lines`);
/// - or paragraphs follow the header's date in the header (entries with abstracts too short to
///   tell them from header lines);
/// - the header's date has no year and nothing gives one, so every entry is undated;
/// - a title as long as an abstract before a shorter one: the pairs shifted by stray paragraphs;
/// - most titles are Markdown headings: a Markdown file named as a digest;
/// - a paragraph among the entries is a date (`Mar 14, 2024`): another digest's header, in the
///   same file.
fn warnings(name: &str, paras: &[Paragraph], start: usize, opts: &InputOptions) -> Vec<String> {
    let mut out = Vec::new();
    if let Some(last) = paras[..start].last().filter(|p| opts.header_lines.is_none() && p.text.len() >= 40 && header_date(&p.text).is_none()) {
        out.push(format!(
            "{name}:{}: taken as part of the header, not indexed: `{}` (if it is an entry's title, its abstract is missing; --header-lines {start} sets the header)",
            last.line,
            preview(&last.text)
        ));
    } else if let Some(d) = paras[..start].iter().rposition(|p| header_date(&p.text).is_some()).filter(|&d| opts.header_lines.is_none() && start - d > 2) {
        // The header's date is followed by paragraphs that pair up as entries would: entries
        // whose abstracts are too short to tell them from a header (`Withdrawn.`).
        let first = &paras[d + 1];
        out.push(format!(
            "{name}:{}: {} paragraphs after the header's date are taken as part of the header, not indexed, from `{}` (if they are entries with short abstracts, --header-lines {} sets the header)",
            first.line,
            start - d - 1,
            preview(&first.text),
            d + 1
        ));
    }
    let yearless = paras[..start].iter().find(|p| matches!(header_date(&p.text), Some((None, ..))));
    if let Some(p) = yearless.filter(|_| opts.year.is_none() && opts.date.is_none() && year_in_name(name).is_none()) {
        out.push(format!("{name}:{}: the header's date `{}` has no year, so the entries are undated (--year sets it, as does a year in the file name)", p.line, p.text));
    }
    // A file name's year comes before --year: said when they differ (a digest of Dec 31 built
    // on Jan 1 with this year's --year).
    if let (Some(p), Some(flag), Some(named)) = (yearless, opts.year, year_in_name(name)) {
        if flag != named {
            out.push(format!("{name}:{}: the header's date `{}` takes the year in the file name, {named}, not --year {flag}", p.line, p.text));
        }
    }
    // A title as long as an abstract, before a shorter "abstract": a stray paragraph (a link on
    // a line of its own, an abstract split in two) shifted the pairs, as an even number of them
    // does without failing.
    if let Some(t) = paras[start..].chunks_exact(2).find(|p| p[0].text.len() >= 200 && p[1].text.len() * 2 < p[0].text.len()).map(|p| &p[0]) {
        out.push(format!(
            "{name}:{}: a title of {} bytes before a shorter abstract: is a paragraph too many or missing above it? (each entry is a title line, a blank line, an abstract paragraph)",
            t.line,
            t.text.len()
        ));
    }
    // Markdown read as a digest (a `.txt` README): most titles are headings.
    let titles = paras[start..].iter().step_by(2);
    if titles.clone().count() >= 2 && titles.clone().filter(|t| t.text.starts_with('#')).count() * 2 > titles.count() {
        out.push(format!("{name}: most entries' titles start with `#`: if this is Markdown, name it .md (it is then read by its headings)"));
    }
    if let Some(t) = paras[start..].iter().find(|t| is_date_line(t)) {
        // (With paragraphs that do not pair up, reading failed with this instead.)
        out.push(format!("{name}:{}: `{}` is read as an entry's title or abstract: if it is another digest's header, give each digest as a file of its own (each is read with its own header)", t.line, t.text));
    }
    out
}

/// A title line without the links written on it (`Alpha Paper https://arxiv.org/abs/2401.1`,
/// or a link on the line under the title), and those links. A title that is nothing but a link
/// stays as it is.
fn title_and_links(title: &str) -> (String, Vec<String>) {
    let links = find_links(title);
    if links.is_empty() {
        return (title.to_string(), links);
    }
    let mut rest = title.to_string();
    for link in &links {
        rest = rest.replace(link.as_str(), "");
    }
    for empty in ["()", "[]", "<>"] {
        rest = rest.replace(empty, " ");
    }
    let rest = rest.split_whitespace().collect::<Vec<_>>().join(" ");
    let rest = rest.trim_end_matches([' ', '-', '–', '—', ':', '|', ',']).to_string();
    if rest.is_empty() {
        return (title.to_string(), Vec::new());
    }
    (rest, links)
}

/// Parses a plain-text digest; what its reading may have got wrong without failing goes to
/// `warn` (see `warnings`).
pub fn parse(name: &str, text: &str, opts: &InputOptions, warn: &mut dyn FnMut(String)) -> Result<Vec<Parsed>, InputError> {
    let paras = paragraphs(text);
    let start = match opts.header_lines {
        Some(n) => {
            // Header lines count non-blank lines, which are paragraphs in this format.
            if n > paras.len() {
                return Err(InputError::new(name, None, None, format!("--header-lines {n} is more than the {} paragraphs in the file", paras.len())));
            }
            n
        }
        None => detect_start(&paras),
    };
    let mut date = None;
    for p in &paras[..start] {
        if let Some((y, m, d)) = header_date(&p.text) {
            // The most specific year first: the header's own, the file name's, then --year.
            if let Some(year) = y.or_else(|| year_in_name(name)).or(opts.year) {
                date = Some(format!("{year:04}-{m:02}-{d:02}"));
            }
        }
    }
    let body = &paras[start..];
    if let Some(h) = body.iter().find(|p| is_date_line(p)).filter(|_| body.len() % 2 != 0) {
        return Err(InputError::new(
            name,
            Some(h.line),
            None,
            format!("paragraphs do not pair up, and `{}` here looks like another digest's header: give each digest as a file of its own (each is read with its own header)", h.text),
        ));
    }
    if body.len() % 2 != 0 {
        // Usually one entry lost its abstract (or an abstract was split by a blank line), which
        // shifts every pair after it. Point at the first pair whose "abstract" looks like a
        // title: a short paragraph followed by a long one.
        let suspect = (0..body.len().saturating_sub(2)).step_by(2).find(|&i| {
            let (t, a, next) = (&body[i], &body[i + 1], &body[i + 2]);
            a.text.len() < 300 && is_long_after(a.text.len(), next) && !is_long_after(t.text.len(), a)
        });
        let (at, what) = match suspect {
            Some(i) => (
                &body[i],
                format!(
                    "the title at line {} seems to have no abstract: the paragraph after it (line {}) looks like the next title",
                    body[i].line,
                    body[i + 1].line
                ),
            ),
            None => (&body[body.len() - 1], format!("the title at line {} has no abstract", body[body.len() - 1].line)),
        };
        return Err(InputError::new(
            name,
            Some(at.line),
            Some("abstract"),
            format!(
                "paragraphs do not pair up: {} after the header, so {what} (each entry is a title line, a blank line, an abstract paragraph; a blank line inside an abstract splits it)",
                if body.len() == 1 { "1 paragraph".to_string() } else { format!("{} paragraphs", body.len()) }
            ),
        ));
    }
    let mut out = Vec::with_capacity(body.len() / 2);
    for pair in body.chunks(2) {
        let (t, a) = (&pair[0], &pair[1]);
        let (title, title_links) = title_and_links(&clean_text(&t.text));
        if title.is_empty() {
            return Err(InputError::new(name, Some(t.line), Some("title"), "empty title"));
        }
        let abstract_text = clean_text(&a.text);
        // A link written on the title line (or the line under it) comes first; of those in the
        // abstract, not a picture's (a figure's `.png`: `is_image_link`).
        let mut urls = title_links;
        for link in find_page_links(&abstract_text) {
            if !urls.contains(&link) {
                urls.push(link);
            }
        }
        out.push(Parsed {
            entry: Entry { id: String::new(), title, abstract_text, urls, date: date.clone(), authors: vec![], tags: vec![] },
            line: t.line,
        });
    }
    for w in warnings(name, &paras, start, opts) {
        warn(w);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An abstract paragraph (long enough to read as one) with a link.
    const LONG: &str = "An abstract long enough to be one, with methods, results, data, baselines and ablations, and it goes on well past two hundred bytes so that the paragraph reads as an abstract; see also https://github.com/x/y for the code.";

    /// Parses, leaving the warnings out.
    fn parse(name: &str, text: &str, opts: &InputOptions) -> Result<Vec<Parsed>, InputError> {
        super::parse(name, text, opts, &mut |_| {})
    }

    /// The warnings a reading gives (none when it fails: the error says what went wrong).
    fn warnings(name: &str, text: &str, opts: &InputOptions) -> Vec<String> {
        let mut out = Vec::new();
        let _ = super::parse(name, text, opts, &mut |w| out.push(w));
        out
    }

    const SAMPLE: &str = "new\n\nDaily digest\n\nMar 13\n\nA Title\n\nAn abstract that is long enough to be an abstract, because it goes on and on about methods and results and data and baselines and ablations, well over two hundred bytes of text in all, see https://github.com/x/y.\n\nSecond Title\n\nSecond abstract, also long: Schr\\\"odinger equations are solved by {\\em neural} operators with many parameters and great care, so that this paragraph passes the long-paragraph test easily and then some more.\n";

    #[test]
    fn parses_header_and_pairs() {
        let got = parse("d.txt", SAMPLE, &InputOptions::default()).unwrap();
        assert_eq!(got.len(), 2);
        assert_eq!(got[0].entry.title, "A Title");
        assert_eq!(got[0].line, 7);
        assert_eq!(got[0].entry.urls, ["https://github.com/x/y"]);
        assert_eq!(got[0].entry.date, None);
        assert!(got[1].entry.abstract_text.starts_with("Second abstract, also long: Schro\u{308}dinger equations are solved by neural"));
    }

    #[test]
    fn a_link_on_the_title_line_is_the_entry_s_link() {
        let long = LONG;
        for title in ["Alpha Paper https://arxiv.org/abs/2401.00001", "Alpha Paper\nhttps://arxiv.org/abs/2401.00001", "Alpha Paper (https://arxiv.org/abs/2401.00001)", "Alpha Paper - https://arxiv.org/abs/2401.00001"] {
            let got = parse("d.txt", &format!("{title}\n\n{long}\n"), &InputOptions::default()).unwrap();
            assert_eq!(got[0].entry.title, "Alpha Paper", "{title}");
            assert_eq!(got[0].entry.urls, ["https://arxiv.org/abs/2401.00001", "https://github.com/x/y"], "{title}");
        }
        // A title that is only a link stays one.
        let got = parse("d.txt", &format!("https://arxiv.org/abs/2401.00001\n\n{long}\n"), &InputOptions::default()).unwrap();
        assert_eq!(got[0].entry.title, "https://arxiv.org/abs/2401.00001");
        // A picture in the abstract is no link of the entry; one on the title line is its own.
        let figure = long.replace("see also https://github.com/x/y", "figure at https://e.org/fig1.PNG and code at https://github.com/x/y");
        assert!(figure.contains("fig1"));
        let got = parse("d.txt", &format!("Alpha Paper https://e.org/poster.jpg\n\n{figure}\n"), &InputOptions::default()).unwrap();
        assert_eq!(got[0].entry.urls, ["https://e.org/poster.jpg", "https://github.com/x/y"]);
    }

    #[test]
    fn what_a_reading_may_have_got_wrong_is_said() {
        let long = LONG;
        let day = |date: &str| format!("Trending Papers\n\n{date}\n\nPaper A\n\n{long}\n\nPaper B\n\n{long}\n");
        let opts = InputOptions::default();
        // A date without a year, and nothing to give one: every entry undated, said once.
        let w = warnings("d.txt", &day("Mar 13"), &opts);
        assert_eq!(w, ["d.txt:3: the header's date `Mar 13` has no year, so the entries are undated (--year sets it, as does a year in the file name)"]);
        assert!(warnings("d.txt", &day("Mar 13"), &InputOptions { year: Some(2024), ..Default::default() }).is_empty());
        assert!(warnings("digest-2024-03-13.txt", &day("Mar 13"), &opts).is_empty());
        assert!(warnings("d.txt", &day("March 13, 2024"), &opts).is_empty());
        // Two days in one file: a warning when the paragraphs pair up, else the error says why.
        let two = format!("{}\n{}", day("March 13, 2024"), day("March 14, 2024"));
        let w = warnings("d.txt", &two, &opts);
        assert_eq!(w, ["d.txt:15: `March 14, 2024` is read as an entry's title or abstract: if it is another digest's header, give each digest as a file of its own (each is read with its own header)"]);
        let odd = format!("{}\nMarch 14, 2024\n\nPaper C\n\n{long}\n", day("March 13, 2024"));
        let e = parse("d.txt", &odd, &opts).unwrap_err();
        assert_eq!(e.to_string(), "d.txt:13: paragraphs do not pair up, and `March 14, 2024` here looks like another digest's header: give each digest as a file of its own (each is read with its own header)");
    }

    #[test]
    fn entries_with_short_abstracts_taken_for_header_are_said() {
        let long = LONG;
        let text = format!("Trending Papers\n\nMarch 13, 2024\n\nPaper A\n\nWithdrawn.\n\nPaper B\n\n{long}\n");
        let opts = InputOptions::default();
        assert_eq!(parse("d.txt", &text, &opts).unwrap().len(), 1);
        assert_eq!(
            warnings("d.txt", &text, &opts),
            ["d.txt:5: 2 paragraphs after the header's date are taken as part of the header, not indexed, from `Paper A` (if they are entries with short abstracts, --header-lines 2 sets the header)"]
        );
        let fixed = InputOptions { header_lines: Some(2), ..InputOptions::default() };
        assert_eq!(parse("d.txt", &text, &fixed).unwrap().len(), 2);
        assert!(warnings("d.txt", &text, &fixed).is_empty());
        // A header that ends with its date (the sample's) says nothing.
        let sample = std::fs::read_to_string("tests/fixtures/trending-papers-digest.txt").unwrap();
        assert!(warnings("digest-2024.txt", &sample, &opts).is_empty());
    }

    #[test]
    fn markdown_named_as_a_digest_is_said() {
        let text = "# Project\n\nIt does things.\n\n## Install\n\nRun the installer.\n\n## Use\n\nType a query.\n";
        let w = warnings("README.txt", text, &InputOptions::default());
        assert_eq!(w, ["README.txt: most entries' titles start with `#`: if this is Markdown, name it .md (it is then read by its headings)"]);
    }

    #[test]
    fn pairs_shifted_by_stray_paragraphs_are_said() {
        let long = LONG;
        // Each entry's link on a paragraph of its own: four entries, an even count, shifted.
        let text: String = (0..4).map(|i| format!("Paper {i}\n\n{long}\n\nhttps://arxiv.org/abs/2401.0000{i}\n\n")).collect();
        let opts = InputOptions { year: Some(2024), ..Default::default() };
        assert_eq!(parse("d.txt", &text, &opts).unwrap().len(), 6);
        let w = warnings("d.txt", &text, &opts);
        assert_eq!(w.len(), 1, "{w:?}");
        let want = format!("d.txt:9: a title of {} bytes before a shorter abstract: is a paragraph too many or missing above it?", long.len());
        assert!(w[0].starts_with(&want), "{w:?}");
        // Paired right, nothing to say.
        let good: String = (0..4).map(|i| format!("Paper {i}\n\n{long}\n\n")).collect();
        assert!(warnings("d.txt", &good, &opts).is_empty());
    }

    #[test]
    fn header_dates_in_the_forms_digests_write_them() {
        type Date = Option<(Option<u32>, u32, u32)>;
        let cases: [(&str, Date); 11] = [
            ("Mar 13", Some((None, 3, 13))),
            ("March 13, 2024", Some((Some(2024), 3, 13))),
            ("2024-03-13", Some((Some(2024), 3, 13))),
            ("Trending papers 2024-03-13", Some((Some(2024), 3, 13))),
            // Two header lines joined into one paragraph, and a longer line with its year.
            ("Trending Papers digest March 13, 2024", Some((Some(2024), 3, 13))),
            ("Daily Papers - Wednesday, March 13, 2024", Some((Some(2024), 3, 13))),
            ("Daily Papers - Wednesday, 13 March 2024", Some((Some(2024), 3, 13))),
            // A longer line without a year is a title's words, not a date.
            ("Decoder 2 for March of the models", None),
            ("Feb 30", None),
            ("Feb 29, 2024", Some((Some(2024), 2, 29))),
            ("Feb 29, 2023", None),
        ];
        for (text, want) in cases {
            assert_eq!(header_date(text), want, "{text}");
        }
    }

    #[test]
    fn header_date_needs_a_year() {
        let opts = InputOptions { year: Some(2024), ..Default::default() };
        let got = parse("d.txt", SAMPLE, &opts).unwrap();
        assert_eq!(got[1].entry.date.as_deref(), Some("2024-03-13"));
    }

    #[test]
    fn year_from_the_file_name() {
        let got = parse("digests/trending-2024-03-13.txt", SAMPLE, &InputOptions::default()).unwrap();
        assert_eq!(got[0].entry.date.as_deref(), Some("2024-03-13"));
        assert_eq!(year_in_name("digest.txt"), None);
    }

    #[test]
    fn the_most_specific_year_wins_and_a_disagreement_is_said() {
        let long = LONG;
        let day = |date: &str| format!("Trending Papers\n\n{date}\n\nPaper A\n\n{long}\n");
        let y2025 = InputOptions { year: Some(2025), ..Default::default() };
        let date = |name: &str, text: &str| parse(name, text, &y2025).unwrap()[0].entry.date.clone();
        // The file name's year before --year: a digest of Dec 31 built the next day.
        assert_eq!(date("digest-2024-12-31.txt", &day("Dec 31")).as_deref(), Some("2024-12-31"));
        assert_eq!(warnings("digest-2024-12-31.txt", &day("Dec 31"), &y2025), ["digest-2024-12-31.txt:3: the header's date `Dec 31` takes the year in the file name, 2024, not --year 2025"]);
        // The header's own year before both, and --year where nothing else gives one.
        assert_eq!(date("digest-2024-12-31.txt", &day("Dec 31, 2023")).as_deref(), Some("2023-12-31"));
        assert_eq!(date("digest.txt", &day("Dec 31")).as_deref(), Some("2025-12-31"));
        assert!(warnings("digest-2025-12-31.txt", &day("Dec 31"), &y2025).is_empty(), "they agree");
    }

    #[test]
    fn unpaired_paragraphs_are_an_error_with_a_line() {
        let text = format!("{SAMPLE}\nDangling title\n");
        let err = parse("d.txt", &text, &InputOptions::default()).unwrap_err();
        assert_eq!(err.line, Some(15));
        assert!(err.to_string().starts_with("d.txt:15: field `abstract`: paragraphs do not pair up"), "{err}");
    }

    #[test]
    fn a_date_line_ends_the_header_of_a_digest_of_short_abstracts() {
        let text = "Weekly Links\n\nDec 2\n\nFirst title here\n\nA short abstract.\n\nSecond title here\n\nAnother short one.\n";
        let opts = InputOptions { year: Some(2024), ..InputOptions::default() };
        let entries = parse("w.txt", text, &opts).unwrap();
        let titles: Vec<&str> = entries.iter().map(|p| p.entry.title.as_str()).collect();
        assert_eq!(titles, ["First title here", "Second title here"]);
        assert!(entries.iter().all(|p| p.entry.date.as_deref() == Some("2024-12-02")));
    }

    #[test]
    fn a_single_paragraph_is_an_error_not_a_panic() {
        // Found by the `inputs` fuzz target: one paragraph, nothing to pair it with.
        for text in ["*", "A title", "\n\nA title\n"] {
            let err = parse("d.txt", text, &InputOptions::default()).unwrap_err();
            assert!(err.to_string().contains("paragraphs do not pair up: 1 paragraph after"), "{err}");
        }
    }

    #[test]
    fn a_first_title_without_abstract_is_not_lost_silently() {
        let long = "words that make a long abstract paragraph ".repeat(8);
        let text = format!("Daily digest\n\nMar 13\n\nA First Title That Lost Its Abstract Somehow\n\nSecond Title\n\n{long}\n");
        let opts = InputOptions::default();
        assert_eq!(parse("d.txt", &text, &opts).unwrap().len(), 1);
        let opts = InputOptions { year: Some(2024), ..opts };
        let w = warnings("d.txt", &text, &opts);
        assert_eq!(w.len(), 1, "{w:?}");
        assert!(w[0].starts_with("d.txt:5: taken as part of the header, not indexed: `A First Title That Lost Its Abstract Somehow`"), "{w:?}");
        assert_eq!(warnings("d.txt", SAMPLE, &opts), Vec::<String>::new(), "a header ending with its date is fine");
        assert_eq!(warnings("d.txt", &text, &InputOptions { header_lines: Some(2), ..opts }), Vec::<String>::new());
    }

    #[test]
    fn a_missing_abstract_in_the_middle_is_found() {
        // The second of three entries lost its abstract: the error names that title (line 9),
        // not the last paragraph.
        let long = "words that make a long abstract paragraph ".repeat(8);
        let text = format!("Daily digest\n\nMar 13\n\nFirst Title\n\nFirst abstract, {long}\n\nSecond Title\n\nThird Title\n\nThird abstract, {long}\n");
        let err = parse("d.txt", &text, &InputOptions::default()).unwrap_err();
        assert_eq!(err.line, Some(9), "{err}");
        assert!(err.to_string().contains("the title at line 9 seems to have no abstract: the paragraph after it (line 11) looks like the next title"), "{err}");
    }
}
