//! Checks that pruning changes no answer, at any scale: every query of a file, and every prefix
//! of it from two characters on (as typed), is searched twice, as a page of 10 and of 3: as
//! `search()` does by default, which stops admitting entries that cannot reach the page
//! (`search::score`), and with `facets` on, which scores every candidate. The pages (ids,
//! scores, partial) and `total` must be the same, but where the 20,000-candidate budget is
//! reached (`total` 20,000): which partial matches are gathered then depends on the order of
//! admission (`docs/api.md`, `total`). Prints the queries that differ.
//!
//! ```sh
//! cargo build --release --example exactness --features build
//! target/release/examples/exactness OUT/digest-search.wasm queries.txt
//! ```
use digest_search::index::Index;
use digest_search::search::{SearchOptions, Searcher, CANDIDATE_BUDGET};
fn main() {
    let args: Vec<String> = std::env::args().collect();
    let wasm = std::fs::read(&args[1]).unwrap();
    let bytes = digest_search::embed::extract(&wasm).unwrap();
    let s = Searcher::new(Index::open(bytes).unwrap());
    let text = std::fs::read_to_string(&args[2]).unwrap();
    let mut qs: Vec<String> = Vec::new();
    for l in text.lines().filter(|l| !l.trim().is_empty()) {
        let chars: Vec<char> = l.chars().collect();
        for n in 2..=chars.len() { qs.push(chars[..n].iter().collect()); }
    }
    let (mut bad, mut budget, mut n) = (0, 0, 0);
    for q in &qs {
        for limit in [10usize, 3] {
            let a = s.search(q, &SearchOptions { limit, ..SearchOptions::default() }).unwrap();
            let b = s.search(q, &SearchOptions { limit, facets: true, ..SearchOptions::default() }).unwrap();
            n += 1;
            let ka: Vec<(&str, f64, bool)> = a.results.iter().map(|h| (h.id, h.score, h.partial)).collect();
            let kb: Vec<(&str, f64, bool)> = b.results.iter().map(|h| (h.id, h.score, h.partial)).collect();
            if ka != kb || a.total != b.total {
                if a.total as usize == CANDIDATE_BUDGET && b.total as usize == CANDIDATE_BUDGET {
                    budget += 1;
                    continue;
                }
                bad += 1;
                if bad <= 15 {
                    println!("{q:?} limit {limit}: total {} vs {}\n  {ka:?}\n  {kb:?}", a.total, b.total);
                }
            }
        }
    }
    println!("{n} searches: {bad} differ, and {budget} more where the candidate budget was reached");
    if bad > 0 {
        std::process::exit(1);
    }
}
