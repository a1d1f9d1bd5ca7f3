//! Shared by the fuzz targets: the sample index, the invariants every answer keeps, and
//! re-sealing the checksums of a mutated index (so mutations reach past them).
#![allow(dead_code)]

use digest_search::index::format::{self, checksum, HEADER_LEN, SECTION_ROW_LEN};
use digest_search::index::IndexError;
use digest_search::input::{parse_sources, InputOptions};
use digest_search::search::{SearchOptions, Searcher};
use std::sync::OnceLock;

const SAMPLE: &[u8] = include_bytes!("../../tests/fixtures/trending-papers-digest.txt");

/// The index of the bundled sample digest (102 entries), built once.
pub fn sample_index() -> &'static [u8] {
    static INDEX: OnceLock<Vec<u8>> = OnceLock::new();
    INDEX.get_or_init(|| {
        let entries = parse_sources(&[("sample.txt".to_string(), SAMPLE.to_vec())], &InputOptions::default(), &mut |_| {}).expect("the sample parses");
        digest_search::index::write::build_index(&entries, &mut |_| {})
    })
}

/// Searches and panics if the answer breaks an invariant: highlights inside their text, at most
/// `limit` results, finite scores. With `damaged_ok`, a checksum error is a fine answer.
pub fn check(s: &Searcher<'_>, q: &str, opts: &SearchOptions, damaged_ok: bool) {
    let r = match s.search(q, opts) {
        Ok(r) => r,
        Err(IndexError::Checksum(_)) if damaged_ok => return,
        Err(e) => panic!("{q:?}: {e}"),
    };
    assert!(r.results.len() <= opts.limit.min(1000));
    for h in &r.results {
        let n = h.title.encode_utf16().count() as u32;
        for [a, b] in &h.title_highlights {
            assert!(a < b && *b <= n, "title highlight {a}..{b} of {n} units, query {q:?}");
        }
        let n = h.snippet.text.encode_utf16().count() as u32;
        for [a, b] in &h.snippet.highlights {
            assert!(a < b && *b <= n, "snippet highlight {a}..{b} of {n} units, query {q:?}");
        }
        assert!(h.score.is_finite(), "score {} for {q:?}", h.score);
    }
}

/// A row of the section table: kind, flags, offset, length.
#[derive(Clone, Copy)]
pub struct Row {
    pub kind: u32,
    pub flags: u32,
    pub off: usize,
    pub len: usize,
}

fn u32_at(b: &[u8], at: usize) -> u32 {
    u32::from_le_bytes(b[at..at + 4].try_into().unwrap())
}

/// The section table, as far as it lies inside `b`.
pub fn table(b: &[u8]) -> Vec<Row> {
    if b.len() < HEADER_LEN {
        return vec![];
    }
    let n = (u32_at(b, 12) as usize).min(64);
    (0..n)
        .take_while(|i| HEADER_LEN + (i + 1) * SECTION_ROW_LEN <= b.len())
        .map(|i| {
            let r = HEADER_LEN + i * SECTION_ROW_LEN;
            Row { kind: u32_at(b, r), flags: u32_at(b, r + 4), off: u32_at(b, r + 8) as usize, len: u32_at(b, r + 12) as usize }
        })
        .collect()
}

/// The bytes of the last section of `kind`, if it lies inside `b`.
pub fn section(b: &[u8], kind: u32) -> &[u8] {
    table(b).iter().rev().find(|r| r.kind == kind).and_then(|r| b.get(r.off..r.off.checked_add(r.len)?)).unwrap_or(&[])
}

/// Recomputes the block checksums (BLOCKS), the section checksums and the table checksum.
pub fn reseal(b: &mut [u8]) {
    let rows = table(b);
    let table_end = HEADER_LEN + rows.len() * SECTION_ROW_LEN;
    if rows.is_empty() || b.len() < table_end + 8 || rows.len() != (u32_at(b, 12) as usize) {
        return;
    }
    let total = b.len();
    let range = |r: &Row| r.off.checked_add(r.len).filter(|&e| e <= total).map(|e| r.off..e);
    if let Some(blocks) = rows.iter().find(|r| r.kind == format::section::BLOCKS).and_then(|r| range(r)) {
        let mut pos = blocks.start;
        while pos + 8 <= blocks.end {
            let (kind, count) = (u32_at(b, pos), u32_at(b, pos + 4) as usize);
            pos += 8;
            let Some(data) = rows.iter().find(|r| r.kind == kind).and_then(|r| range(r)) else { break };
            for i in 0..count {
                if pos + 8 > blocks.end {
                    break;
                }
                let start = (data.start + i * format::BLOCK_LEN).min(data.end);
                let sum = checksum(&b[start..(start + format::BLOCK_LEN).min(data.end)]);
                b[pos..pos + 8].copy_from_slice(&sum.to_le_bytes());
                pos += 8;
            }
        }
    }
    for (i, row) in rows.iter().enumerate() {
        if row.flags & format::FLAG_BLOCK_CHECKED == 0 {
            if let Some(r) = range(row) {
                let sum = checksum(&b[r]);
                let at = HEADER_LEN + i * SECTION_ROW_LEN + 16;
                b[at..at + 8].copy_from_slice(&sum.to_le_bytes());
            }
        }
    }
    let sum = checksum(&b[..table_end]);
    b[table_end..table_end + 8].copy_from_slice(&sum.to_le_bytes());
}

/// Queries that read the index in every way: exact, typo, compound, phrase, prefix, exclusion,
/// field scopes.
pub const QUERIES: &[&str] = &["zeroth order benchmark", "difusion -image", "dpm-solver zerothorder", "\"language models\" lang", "author:hinton title:transformer"];
