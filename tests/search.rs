//! End-to-end tests of the native path over the bundled sample digest: inputs → index bytes →
//! search, the embedding round trip, and damaged indexes.

use digest_search::entry::Entry;
use digest_search::index::write::build_index;
use digest_search::index::{Index, IndexError};
use digest_search::input::{read_inputs, InputOptions};
use digest_search::search::{SearchOptions, Searcher};

fn sample() -> Vec<Entry> {
    read_inputs(&["tests/fixtures/trending-papers-digest.txt"], &InputOptions::default(), &mut |w| panic!("warning: {w}")).unwrap()
}

fn titles(s: &Searcher<'_>, q: &str) -> Vec<String> {
    s.search(q, &SearchOptions::default()).unwrap().results.iter().map(|h| h.title.to_string()).collect()
}

#[test]
fn sample_digest_parses_into_102_entries() {
    let e = sample();
    assert_eq!(e.len(), 102);
    assert_eq!(e[0].id, "0");
    assert!(e[0].title.starts_with("Harnessing the Power of Large Language Models"));
    assert!(e[101].title.starts_with("Model Editing with Canonical Examples"));
    assert_eq!(e[0].urls, ["https://github.com/gblackout/LogicLLaMA"], "{{{{small}}}} markup removed, link kept once");
    assert!(!e.iter().any(|x| x.abstract_text.contains("{\\em") || x.abstract_text.contains("{{small")));
    // The JSON Lines copy has the same titles in the same order.
    let j = read_inputs(&["tests/fixtures/trending-papers.jsonl"], &InputOptions::default(), &mut |_| {}).unwrap();
    assert_eq!(j.len(), 102);
    for (a, b) in e.iter().zip(&j) {
        assert_eq!(a.title, b.title);
    }
}

#[test]
fn finds_the_zeroth_order_benchmark_first() {
    let bytes = build_index(&sample(), &mut |_| {});
    let s = Searcher::new(Index::open(&bytes).unwrap());
    let r = s.search("zeroth order benchmark", &SearchOptions::default()).unwrap();
    assert!(r.total >= 1);
    let top = &r.results[0];
    assert!(top.title.contains("Zeroth-Order") && top.title.contains("Benchmark"), "{}", top.title);
    assert!(!top.partial);
    let units: Vec<u16> = top.title.encode_utf16().collect();
    let marked: Vec<String> = top.title_highlights.iter().map(|[a, b]| String::from_utf16(&units[*a as usize..*b as usize]).unwrap()).collect();
    assert!(marked.iter().any(|m| m.contains("Zeroth")), "{marked:?}");
    assert!(marked.iter().any(|m| m == "Benchmark"), "{marked:?}");
}

#[test]
fn prefixes_typos_compounds_and_accents_match() {
    let bytes = build_index(&sample(), &mut |_| {});
    let s = Searcher::new(Index::open(&bytes).unwrap());
    assert!(titles(&s, "zeroth order bench")[0].contains("Zeroth-Order"));
    assert!(titles(&s, "zeroth ordr benchmark")[0].contains("Zeroth-Order"), "typo");
    assert!(titles(&s, "zerothorder")[0].contains("Zeroth-Order"), "joined compound");
    assert!(titles(&s, "schrodinger").iter().any(|t| t.contains("Stochastic Interpolants")), "LaTeX accent folded");
    assert!(titles(&s, "Schrödinger").iter().any(|t| t.contains("Stochastic Interpolants")), "accent typed");
    assert!(s.search("qwxzvj", &SearchOptions::default()).unwrap().results.is_empty());
}

#[test]
fn phrases_and_exclusions() {
    let bytes = build_index(&sample(), &mut |_| {});
    let s = Searcher::new(Index::open(&bytes).unwrap());
    let r = s.search("\"language models\"", &SearchOptions { limit: 200, ..Default::default() }).unwrap();
    assert!(r.total > 0);
    for h in &r.results {
        let doc = (0..s.index().doc_count()).find(|&d| s.index().stored(d).id == h.id).unwrap();
        let st = s.index().stored(doc);
        let norm = |t: &str| digest_search::text::normalize(t);
        assert!(norm(st.title).contains("language models") || norm(st.abstract_text).contains("language models"), "{}", h.title);
    }
    let all = s.search("diffusion", &SearchOptions { limit: 200, ..Default::default() }).unwrap().total;
    let some = s.search("diffusion -image", &SearchOptions { limit: 200, ..Default::default() }).unwrap().total;
    assert!(some < all && some > 0, "{some} < {all}");
}

#[test]
fn build_is_deterministic() {
    let e = sample();
    assert_eq!(build_index(&e, &mut |_| {}), build_index(&e, &mut |_| {}));
}

#[test]
fn damaged_indexes_are_refused_with_a_reason() {
    let bytes = build_index(&sample(), &mut |_| {});
    assert!(matches!(Index::open(&bytes[..bytes.len() / 2]), Err(IndexError::Truncated(_))));
    assert!(matches!(Index::open(&bytes[..10]), Err(IndexError::Truncated(_))));
    assert!(matches!(Index::open(b"not an index at all"), Err(IndexError::NotAnIndex)));
    // Small sections are checked at open: a flipped byte in the term dictionary is refused.
    let terms_at = u32::from_le_bytes(bytes[16 + 24 + 8..16 + 24 + 12].try_into().unwrap()) as usize;
    let mut flipped = bytes.clone();
    flipped[terms_at + 100] ^= 0x55;
    assert!(matches!(Index::open(&flipped), Err(IndexError::Checksum("TERMS"))));
    // Large sections are checked block by block when first read: the search that reads a
    // damaged block reports it instead of returning results.
    let mut flipped = bytes.clone();
    let near_end = bytes.len() - 2000;
    flipped[near_end] ^= 0x55;
    let index = Index::open(&flipped).expect("opening reads only the small sections");
    let s = Searcher::new(index);
    let mut failed = None;
    for q in ["learning", "model", "data", "language", "neural", "the", "a", "optimization"] {
        if let Err(e) = s.search(q, &SearchOptions { limit: 1000, ..Default::default() }) {
            failed = Some(e);
            break;
        }
    }
    for d in 0..s.index().doc_count() {
        let _ = s.index().stored(d);
    }
    let err = failed.or_else(|| s.index().damage()).expect("damage is found");
    assert!(matches!(err, IndexError::Checksum(_)), "{err}");
    assert!(err.to_string().contains("checksum"), "{err}");
    let mut v2 = bytes.clone();
    v2[8] = 2;
    let err = Index::open(&v2).err().unwrap();
    assert!(err.to_string().contains("version 2"), "{err}");
}

#[test]
fn odd_queries_do_not_panic() {
    let bytes = build_index(&sample(), &mut |_| {});
    let s = Searcher::new(Index::open(&bytes).unwrap());
    for q in ["", " ", "-", "\"", "\"\"", "!!!", "a", "🙂 emoji", "שלום עולם", "e\u{301}\u{301}\u{301}", "title:", "author:", "-\"x y\""] {
        let _ = s.search(q, &SearchOptions::default()).unwrap();
    }
    let _ = s.search(&"x".repeat(10_000), &SearchOptions::default()).unwrap();
    let _ = s.search(&"lang ".repeat(2_000), &SearchOptions::default()).unwrap();
}

/// A query whose words match most entries: past the candidate budget, later (commoner) words
/// stop admitting partial matches, yet every full match is found, ranked first and complete.
#[test]
fn a_query_of_common_words_is_bounded_and_keeps_every_full_match() {
    use digest_search::search::CANDIDATE_BUDGET;
    let n = 30_000;
    let entries: Vec<Entry> = (0..n)
        .map(|i| {
            let mut words = vec![format!("entry{i}")];
            for (k, w) in [(2, "alpha"), (3, "beta"), (5, "gamma"), (1000, "needle")] {
                if i % k == 0 {
                    words.push(w.to_string());
                }
            }
            Entry { id: i.to_string(), title: words.join(" "), ..Default::default() }
        })
        .collect();
    let bytes = build_index(&entries, &mut |_| {});
    let s = Searcher::new(Index::open(&bytes).unwrap());
    let opts = SearchOptions { limit: 20, ..Default::default() };
    let t = std::time::Instant::now();
    let r = s.search("alpha beta gamma needle", &opts).unwrap();
    assert!(t.elapsed() < std::time::Duration::from_secs(2), "took {:?}", t.elapsed());
    // Full matches: multiples of 2, 3, 5 and 1000, i.e. of 3000.
    let full: Vec<&str> = r.results.iter().filter(|h| !h.partial).map(|h| h.id).collect();
    let mut got: Vec<usize> = full.iter().map(|id| id.parse().unwrap()).collect();
    got.sort_unstable();
    assert_eq!(got, (0..n).step_by(3000).collect::<Vec<_>>());
    assert!(r.results[..full.len()].iter().all(|h| !h.partial), "full matches come first");
    // Partial matches follow; the union of the words is ~22,000 entries, cut at the budget.
    assert_eq!(r.results.len(), 20);
    let union = (0..n).filter(|i| i % 2 == 0 || i % 3 == 0 || i % 5 == 0).count();
    assert!(r.total as usize >= CANDIDATE_BUDGET && (r.total as usize) < union, "total {}", r.total);
    // Below the budget nothing is cut: two words' union is counted in full.
    let r = s.search("gamma needle", &opts).unwrap();
    assert_eq!(r.total as usize, (0..n).filter(|i| i % 5 == 0 || i % 1000 == 0).count());
}
