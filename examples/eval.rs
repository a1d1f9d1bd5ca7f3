//! Runs the judged development queries through the search code (native, no wasm) and prints a
//! run file for `tests/fixtures/score.py`. A fast loop for ranking work:
//!
//! ```sh
//! cargo run -q --example eval > /tmp/run.jsonl
//! python3 tests/fixtures/score.py /tmp/run.jsonl --judgments tests/fixtures/dev-queries.jsonl
//! ```
//! `./build.sh test` scores the built wasm's search path instead (tests/relevance.py).

use digest_search::index::{write::build_index, Index};
use digest_search::input::{read_inputs, InputOptions};
use digest_search::search::{SearchOptions, Searcher};

fn main() {
    let entries = read_inputs(&["tests/fixtures/trending-papers-digest.txt"], &InputOptions::default(), &mut |_| {}).unwrap();
    let bytes = build_index(&entries, &mut |_| {});
    let searcher = Searcher::new(Index::open(&bytes).unwrap());
    let judged = std::fs::read_to_string(std::env::args().nth(1).unwrap_or("tests/fixtures/dev-queries.jsonl".into())).unwrap();
    for line in judged.lines().filter(|l| !l.trim().is_empty()) {
        let v: serde_json::Value = serde_json::from_str(line).unwrap();
        let q = v["q"].as_str().unwrap();
        let r = searcher.search(q, &SearchOptions::default()).unwrap();
        // The digest's ids are its name and the entry's number in it (`trending-papers-digest-41`).
        let ids: Vec<u32> = r.results.iter().map(|h| h.id.rsplit('-').next().unwrap().parse().unwrap()).collect();
        let scores: Vec<f64> = r.results.iter().map(|h| h.score).collect();
        println!("{}", serde_json::json!({"q": q, "results": ids, "scores": scores}));
    }
}
