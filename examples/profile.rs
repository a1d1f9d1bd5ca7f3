//! Runs queries against a built index natively, for profiling the query path:
//!
//! ```sh
//! cargo build --release --example profile
//! valgrind --tool=callgrind target/release/examples/profile OUT/digest-search.wasm queries.txt
//! ```
//! `queries.txt` holds one query per line. Prints the median time per query; with `DS_PRINT=1`,
//! also each query's total and results (id, score, partial), to compare two builds' answers; with
//! `DS_JSON=1`, each query's whole response as JSON instead (highlights, snippets, authors and all),
//! to compare changes to what results show; with `DS_TIMES=1`, each query's fastest time over the
//! rounds in microseconds (`µs<TAB>query`).

use digest_search::index::Index;
use digest_search::search::{SearchOptions, Searcher};
use std::time::Instant;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let wasm = std::fs::read(&args[1]).expect("index wasm");
    let queries = std::fs::read_to_string(&args[2]).expect("queries file");
    let rounds: usize = args.get(3).and_then(|r| r.parse().ok()).unwrap_or(1);
    let bytes = digest_search::embed::extract(&wasm).expect("embedded index");
    let t = Instant::now();
    let searcher = Searcher::new(Index::open(bytes).expect("index"));
    eprintln!("open: {:?}", t.elapsed());
    // DS_PRINT=1 prints each query's total and results, to compare two builds' answers.
    let print = std::env::var_os("DS_PRINT").is_some();
    let per_query = std::env::var_os("DS_TIMES").is_some();
    let json = std::env::var_os("DS_JSON").is_some();
    let lines: Vec<&str> = queries.lines().filter(|l| !l.trim().is_empty()).collect();
    let mut fastest = vec![std::time::Duration::MAX; lines.len()];
    let mut times = Vec::new();
    for _ in 0..rounds {
        for (i, q) in lines.iter().enumerate() {
            let t = Instant::now();
            let r = searcher.search(q, &SearchOptions::default()).expect("search");
            let took = t.elapsed();
            times.push(took);
            fastest[i] = fastest[i].min(took);
            if json {
                println!("{q}\t{}", serde_json::to_string(&r).expect("json"));
            } else if print {
                let ids: Vec<(&str, f64, bool)> = r.results.iter().map(|h| (h.id, h.score, h.partial)).collect();
                println!("{q}\t{}\t{ids:?}\t{}", r.total, r.results.iter().map(|h| h.snippet.text.len()).sum::<usize>());
            }
            std::hint::black_box(r);
        }
    }
    if per_query {
        for (q, t) in lines.iter().zip(&fastest) {
            println!("{}\t{q}", t.as_micros());
        }
    }
    times.sort();
    eprintln!("{} queries, median {:?}, p95 {:?}", times.len(), times[times.len() / 2], times[times.len() * 95 / 100]);
}
