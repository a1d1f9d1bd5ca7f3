//! Any query against the sample index: no panic, and the answer keeps its invariants.
#![no_main]

use digest_search::index::Index;
use digest_search::search::query::Sort;
use digest_search::search::{SearchOptions, Searcher, TagMode};
use libfuzzer_sys::fuzz_target;

mod common;

thread_local! {
    static SEARCHER: Searcher<'static> = Searcher::new(Index::open(common::sample_index()).unwrap());
}

fuzz_target!(|data: &[u8]| {
    // Two bytes pick the options; the rest is the query (lossy UTF-8: any string may arrive).
    let (opts, q) = if data.len() >= 2 { data.split_at(2) } else { (&[0u8, 0][..], data) };
    let (a, b) = (opts[0], opts[1]);
    let q = String::from_utf8_lossy(q);
    let dates = [None, Some("2024"), Some("2024-03"), Some("2024-03-13"), Some("1999-12-31"), Some("not a date"), Some(""), Some("9999-99-99")];
    let tags = [&[][..], &["cs.LG"][..], &["cs.LG", "cs.CL"][..], &["", "<b>"][..]];
    let opts = SearchOptions {
        limit: [10, 1000, 1, 0][(a & 3) as usize],
        offset: [0, 0, 7, 1000][(a >> 2 & 3) as usize],
        explain: a & 16 != 0,
        facets: a & 32 != 0,
        tag_mode: if a & 64 != 0 { TagMode::All } else { TagMode::Any },
        sort: [None, Some(Sort::Relevance), Some(Sort::Newest), Some(Sort::Oldest)][(b & 3) as usize],
        after: dates[(b >> 2 & 7) as usize].map(str::to_string),
        before: dates[(b >> 5 & 7) as usize].map(str::to_string),
        tags: tags[(a >> 7) as usize * 2 + (b & 1) as usize].iter().map(|t| t.to_string()).collect(),
    };
    SEARCHER.with(|s| common::check(s, &q, &opts, false));
});
