//! `Index::open` and search over a damaged sample index. The input is a list of edits applied
//! to the sample index (so the fuzzer starts from a valid index without a seed corpus):
//!
//! * byte 0, bit 0: re-seal the checksums after editing (so the edits reach the structure checks
//!   and the query path; without it, the checksums must catch them);
//! * byte 0, bit 1: truncate to the length given by bytes 1..5 (modulo the length);
//! * then 5-byte edits: a little-endian u32 position (biased to the header and table: the high
//!   bit chooses "anywhere") and a byte to xor in.
//!
//! When re-sealing, edits that change the term dictionary (TERMS) are dropped: the fst crate
//! trusts an fst that passes its header checks, so only our checksum protects it (accidental
//! damage is caught; a deliberately re-checksummed fst can panic inside fst: not a goal here).
#![no_main]

use digest_search::index::format;
use digest_search::index::Index;
use digest_search::search::{SearchOptions, Searcher};
use libfuzzer_sys::fuzz_target;

mod common;

fuzz_target!(|data: &[u8]| {
    let original = common::sample_index();
    let Some((&mode, rest)) = data.split_first() else { return };
    let mut b = original.to_vec();
    let mut edits = rest;
    if mode & 2 != 0 && rest.len() >= 4 {
        let n = u32::from_le_bytes(rest[..4].try_into().unwrap()) as usize;
        b.truncate(n % (b.len() + 1));
        edits = &rest[4..];
    }
    let head = format::HEADER_LEN + 8 * format::SECTION_ROW_LEN + 8;
    for e in edits.chunks_exact(5) {
        let p = u32::from_le_bytes(e[..4].try_into().unwrap());
        let at = if p & 0x8000_0000 != 0 { (p & 0x7fff_ffff) as usize % b.len().max(1) } else { p as usize % head };
        if let Some(v) = b.get_mut(at) {
            *v ^= e[4];
        }
    }
    if mode & 1 != 0 {
        common::reseal(&mut b);
        if common::section(&b, format::section::TERMS) != common::section(original, format::section::TERMS) {
            return;
        }
    }
    let Ok(index) = Index::open(&b) else { return };
    let n = index.doc_count();
    for d in [0, 1, n / 2, n.saturating_sub(1), n, u32::MAX] {
        let _ = index.stored(d);
        let _ = index.doc_lens(d);
        let _ = index.doc_date(d);
    }
    let s = Searcher::new(index);
    for (i, q) in common::QUERIES.iter().enumerate() {
        common::check(&s, q, &SearchOptions { limit: 20, explain: i == 0, facets: i == 1, ..Default::default() }, true);
    }
});
