//! Reads the sample digest, builds an index, opens it from its bytes and searches it, through
//! the crate's public API only, as a program that depends on it would.

use digest_search::index::{write::build_index, Index};
use digest_search::input::{read_inputs, InputOptions};
use digest_search::search::{SearchOptions, Searcher};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let digest = std::env::args().nth(1).ok_or("usage: dependent DIGEST")?;
    let options = InputOptions { year: Some(2024), ..Default::default() };
    let entries = read_inputs(&[digest.as_str()], &options, &mut |w| eprintln!("warning: {w}"))?;
    let bytes = build_index(&entries, &mut |_done| {});
    let searcher = Searcher::new(Index::open(&bytes)?);
    let page = searcher.search("zeroth ordr bench", &SearchOptions { limit: 3, ..Default::default() })?;
    let top = page.results.first().ok_or("no result")?;
    println!("{} entries; `zeroth ordr bench`: {} results, first {}", entries.len(), page.total, top.title);
    if !top.title.contains("Zeroth-Order") {
        return Err(format!("unexpected first result: {}", top.title).into());
    }
    Ok(())
}
