//! Dates, tags, facets and sorting over a fixed 1,000-entry slice of the arXiv corpus
//! (`tests/fixtures/arxiv-1k.jsonl.gz`) and the sample digest.

use digest_search::entry::Entry;
use digest_search::index::write::build_index;
use digest_search::index::Index;
use digest_search::input::{read_inputs, InputOptions};
use digest_search::search::{SearchOptions, SearchResponse, Searcher, TagMode};
use std::sync::OnceLock;

fn corpus() -> &'static (Vec<Entry>, Vec<u8>) {
    static C: OnceLock<(Vec<Entry>, Vec<u8>)> = OnceLock::new();
    C.get_or_init(|| {
        let e = read_inputs(&["tests/fixtures/arxiv-1k.jsonl.gz"], &InputOptions::default(), &mut |_| {}).unwrap();
        let bytes = build_index(&e, &mut |_| {});
        (e, bytes)
    })
}

fn run(q: &str, opts: SearchOptions) -> (SearchResponse<'static>, &'static [Entry]) {
    let (entries, bytes) = corpus();
    let s = Box::leak(Box::new(Searcher::new(Index::open(bytes).unwrap())));
    (s.search(q, &opts).unwrap(), entries)
}

fn all() -> SearchOptions {
    SearchOptions { limit: 1000, ..Default::default() }
}

fn has_tag(e: &Entry, tag: &str) -> bool {
    e.tags.iter().any(|t| t.eq_ignore_ascii_case(tag))
}

fn entry<'e>(entries: &'e [Entry], id: &str) -> &'e Entry {
    entries.iter().find(|e| e.id == id).unwrap()
}

#[test]
fn tag_filter_in_query_and_options() {
    let (r, entries) = run("learning tag:cs.LG", all());
    assert!(r.total > 10);
    let want = entries.iter().filter(|e| has_tag(e, "cs.LG")).count();
    assert!(r.results.iter().all(|h| has_tag(entry(entries, h.id), "cs.LG")));
    let (browse, _) = run("tag:cs.lg", all());
    assert_eq!(browse.total as usize, want, "empty query + tag lists every tagged entry");
    let (any, _) = run("", SearchOptions { tags: vec!["cs.CV".into(), "cs.CL".into()], ..all() });
    let (both, _) = run("", SearchOptions { tags: vec!["cs.CV".into(), "cs.CL".into()], tag_mode: TagMode::All, ..all() });
    let n_any = entries.iter().filter(|e| has_tag(e, "cs.CV") || has_tag(e, "cs.CL")).count();
    let n_all = entries.iter().filter(|e| has_tag(e, "cs.CV") && has_tag(e, "cs.CL")).count();
    assert_eq!((any.total as usize, both.total as usize), (n_any, n_all));
    assert!(n_all < n_any);
    let (none, _) = run("learning tag:no-such-tag", all());
    assert_eq!(none.total, 0);
    // Stop words alone ask for nothing: with a tag, the same list as the tag alone.
    for q in ["tag:cs.lg the", "what is tag:cs.lg", "of the tag:cs.lg "] {
        let (r, _) = run(q, all());
        let ids = |r: &SearchResponse<'_>| r.results.iter().map(|h| h.id.to_string()).collect::<Vec<_>>();
        assert_eq!((r.total, ids(&r)), (browse.total, ids(&browse)), "{q}");
    }
}

#[test]
fn date_filters() {
    let (_, entries) = run("", all());
    let mut dates: Vec<&str> = entries.iter().filter_map(|e| e.date.as_deref()).collect();
    dates.sort();
    let mid = dates[dates.len() / 2];
    let (r, _) = run(&format!("model after:{mid}"), all());
    assert!(r.total > 0);
    assert!(r.results.iter().all(|h| h.date.as_deref().unwrap() >= mid));
    let (r2, _) = run("model", SearchOptions { before: Some(mid.to_string()), ..all() });
    assert!(r2.results.iter().all(|h| h.date.as_deref().unwrap() <= mid));
    let year = &mid[..4];
    let (y, _) = run(&format!("year:{year}"), all());
    assert_eq!(y.total as usize, dates.iter().filter(|d| d.starts_with(year)).count());
}

#[test]
fn sorting_by_date() {
    let (newest, _) = run("neural network sort:newest", all());
    let d: Vec<&str> = newest.results.iter().filter(|h| !h.partial).map(|h| h.date.as_deref().unwrap()).collect();
    assert!(d.len() > 5 && d.windows(2).all(|w| w[0] >= w[1]));
    let (oldest, _) = run("neural network", SearchOptions { sort: Some(digest_search::search::query::Sort::Oldest), ..all() });
    let d: Vec<&str> = oldest.results.iter().filter(|h| !h.partial).map(|h| h.date.as_deref().unwrap()).collect();
    assert!(d.windows(2).all(|w| w[0] <= w[1]));
    // Browsing with a filter lists the newest first.
    let (browse, _) = run("tag:cs.CV", SearchOptions { limit: 20, ..Default::default() });
    let d: Vec<&str> = browse.results.iter().map(|h| h.date.as_deref().unwrap()).collect();
    assert!(d.windows(2).all(|w| w[0] >= w[1]));
}

#[test]
fn facets_count_the_matches() {
    let (r, entries) = run("transformer", SearchOptions { facets: true, ..all() });
    assert!(r.total > 0 && r.total < 1000);
    let f = r.facets.as_ref().unwrap();
    let full: Vec<&Entry> = r.results.iter().filter(|h| !h.partial).map(|h| entry(entries, h.id)).collect();
    for (tag, n) in &f.tags {
        assert_eq!(*n as usize, full.iter().filter(|e| has_tag(e, tag)).count(), "tag {tag}");
    }
    for (year, n) in &f.years {
        assert_eq!(*n as usize, full.iter().filter(|e| e.date.as_deref().unwrap().starts_with(year.as_str())).count(), "year {year}");
    }
    assert!(run("transformer", all()).0.facets.is_none(), "facets only when asked");
}

#[test]
fn results_carry_date_and_tags() {
    let (r, entries) = run("graph", all());
    let h = &r.results[0];
    let e = entry(entries, h.id);
    assert_eq!(h.date.as_deref(), e.date.as_deref());
    assert_eq!(h.tags, e.tags.iter().map(String::as_str).collect::<Vec<_>>());
}

#[test]
fn digest_header_date_with_a_year() {
    let opts = InputOptions { year: Some(2024), ..Default::default() };
    let e = read_inputs(&["tests/fixtures/trending-papers-digest.txt"], &opts, &mut |_| {}).unwrap();
    assert!(e.iter().all(|x| x.date.as_deref() == Some("2024-03-13")));
    let bytes = build_index(&e, &mut |_| {});
    let s = Searcher::new(Index::open(&bytes).unwrap());
    assert_eq!(s.search("year:2024", &all()).unwrap().total, 102);
    assert_eq!(s.search("year:2023", &all()).unwrap().total, 0);
    assert_eq!(s.search("diffusion before:2024-03-12", &all()).unwrap().total, 0);
}

/// The builder stores entries grouped by their tags (a smaller download, see
/// `docs/index-format.md`), yet equal scores and dates still rank in input order, in searches,
/// in browsing and when sorting by date.
#[test]
fn ties_keep_input_order_when_entries_are_stored_grouped_by_tag() {
    let make = |tagged: bool| -> Vec<Entry> {
        (0..6)
            .map(|i| Entry {
                id: format!("e{i}"),
                title: "Same title".into(),
                abstract_text: "Same words in every entry.".into(),
                tags: if tagged { vec![["b", "a", "c"][i % 3].into()] } else { vec![] },
                date: Some("2024-01-01".into()),
                ..Default::default()
            })
            .collect()
    };
    let input: Vec<String> = (0..6).map(|i| format!("e{i}")).collect();
    let bytes = build_index(&make(true), &mut |_| {});
    let index = Index::open(&bytes).unwrap();
    // Stored as a (e1, e4), b (e0, e3), c (e2, e5): document 0 is the second input entry.
    assert_eq!((0..6).map(|d| index.input_position(d)).collect::<Vec<_>>(), [1, 4, 0, 3, 2, 5]);
    let s = Searcher::new(index);
    let ids = |q: &str| s.search(q, &all()).unwrap().results.iter().map(|h| h.id.to_string()).collect::<Vec<_>>();
    for q in ["same title", "sam", "year:2024", "words sort:newest", "year:2024 sort:oldest"] {
        assert_eq!(ids(q), input, "{q}");
    }
    // Each result carries its own entry's tags: stored text, tags and dates moved together.
    let r = s.search("same", &all()).unwrap();
    assert!(r.results.iter().all(|h| h.tags == [["b", "a", "c"][h.id[1..].parse::<usize>().unwrap() % 3]]));
    // Without tags the input order is kept as it is.
    let plain = build_index(&make(false), &mut |_| {});
    let index = Index::open(&plain).unwrap();
    assert!((0..6).all(|d| index.input_position(d) == d));
}

/// Rounds that stop admitting entries which cannot reach the page (`Searcher::score`) change
/// neither the page nor the total: the same searches with facets on (which needs every match
/// scored, so nothing is left out) give the same results, scores and totals.
#[test]
fn leaving_out_entries_that_cannot_reach_the_page_changes_nothing() {
    let (entries, bytes) = corpus();
    let searcher = Searcher::new(Index::open(bytes).unwrap());
    // Two or three words of titles, the last still being typed in one query of three.
    let mut queries = Vec::new();
    for (i, e) in entries.iter().enumerate().step_by(7) {
        let words: Vec<String> = e.title.split(|c: char| !c.is_alphanumeric()).filter(|w| w.len() > 3).map(str::to_lowercase).collect();
        if words.len() < 3 {
            continue;
        }
        let n = 2 + i % 2;
        let mut q = words[words.len() - n..].join(" ");
        if i % 3 == 0 {
            q.truncate(q.len() - 2);
        }
        queries.push(q);
        // Common words with a rare one: the common words' entries cannot reach the page.
        queries.push(format!("{} learning model", words[0]));
    }
    for limit in [1, 10, 30] {
        for q in &queries {
            let plain = searcher.search(q, &SearchOptions { limit, ..Default::default() }).unwrap();
            let whole = searcher.search(q, &SearchOptions { limit, facets: true, ..Default::default() }).unwrap();
            let page = |r: &SearchResponse| r.results.iter().map(|h| (h.id.to_string(), h.score, h.partial)).collect::<Vec<_>>();
            assert_eq!(page(&plain), page(&whole), "{q} (limit {limit})");
            assert_eq!(plain.total, whole.total, "{q} (limit {limit})");
        }
    }
    // The shortcut was taken, and often.
    assert!(searcher.pruned_searches() as usize > queries.len() / 4, "{} of {}", searcher.pruned_searches(), queries.len() * 3);
}

/// The same at the candidate budget (`score::CANDIDATE_BUDGET`, 20,000): a word in more entries
/// than that ranks the first 20,000 of them, and rounds that stop admitting entries must pass
/// over and count exactly the entries a search that scores everything would have held.
#[test]
fn leaving_out_entries_changes_nothing_at_the_candidate_budget_either() {
    const WORDS: [&str; 13] = ["kernel", "graph", "tensor", "sparse", "robust", "signal", "spectral", "neural", "quantum", "lattice", "photon", "fluid", "metric"];
    let entries: Vec<Entry> = (0..24_000)
        .map(|i: usize| {
            let rare = if i % 997 == 0 { " zebrafish" } else { "" };
            Entry {
                id: format!("e{i}"),
                title: format!("Common {} {} methods{rare}", WORDS[i % 13], WORDS[(i / 13) % 13]),
                abstract_text: format!("{} We study {} models.{rare}", "common ".repeat(i % 5 + 1), WORDS[(i * 7) % 13]),
                ..Entry::default()
            }
        })
        .collect();
    let bytes = build_index(&entries, &mut |_| {});
    let searcher = Searcher::new(Index::open(&bytes).unwrap());
    let before = searcher.pruned_searches();
    for q in ["common", "common signal", "signal common zebrafish", "common sig", "zebrafish common methods", "commn spectral", "graph common kernel"] {
        let plain = searcher.search(q, &SearchOptions { limit: 10, ..Default::default() }).unwrap();
        let whole = searcher.search(q, &SearchOptions { limit: 10, facets: true, ..Default::default() }).unwrap();
        let page = |r: &SearchResponse| r.results.iter().map(|h| (h.id.to_string(), h.score, h.partial)).collect::<Vec<_>>();
        assert_eq!(page(&plain), page(&whole), "{q}");
        assert_eq!(plain.total, whole.total, "{q}");
        assert!(!plain.results.is_empty(), "{q}");
    }
    assert_eq!(searcher.search("common", &SearchOptions::default()).unwrap().total, 20_000, "the budget is reached");
    assert!(searcher.pruned_searches() > before, "the shortcut was taken");
}

#[test]
fn undated_entries_come_last_in_either_date_order() {
    let e = |id: &str, date: Option<&str>| Entry { id: id.into(), title: format!("Release notes {id}"), date: date.map(str::to_string), ..Default::default() };
    let entries = vec![e("undated", None), e("old", Some("2023-01-05")), e("new", Some("2024-06-01")), e("mid", Some("2023-09-09"))];
    let bytes = build_index(&entries, &mut |_| {});
    let s = Searcher::new(Index::open(&bytes).unwrap());
    let ids = |q: &str| -> Vec<String> { s.search(q, &all()).unwrap().results.iter().map(|h| h.id.to_string()).collect() };
    assert_eq!(ids("release sort:newest"), ["new", "mid", "old", "undated"]);
    assert_eq!(ids("release sort:oldest"), ["old", "mid", "new", "undated"]);
}
