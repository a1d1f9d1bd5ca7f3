//! Any query against the sample index: no panic, and the answer keeps its invariants.
#![no_main]

use digest_search::index::Index;
use digest_search::search::{SearchOptions, Searcher};
use libfuzzer_sys::fuzz_target;

mod common;

thread_local! {
    static SEARCHER: Searcher<'static> = Searcher::new(Index::open(common::sample_index()).unwrap());
}

fuzz_target!(|data: &[u8]| {
    // The first byte picks the options; the rest is the query (lossy UTF-8, as a browser would
    // never send invalid UTF-8 but any string may arrive).
    let (opt, q) = data.split_first().unwrap_or((&0, &[]));
    let q = String::from_utf8_lossy(q);
    let opts = SearchOptions { limit: [10, 1000, 1, 0][(opt & 3) as usize], offset: [0, 0, 7, 1000][(opt >> 2 & 3) as usize], explain: opt & 16 != 0 };
    SEARCHER.with(|s| common::check(s, &q, &opts, false));
});
