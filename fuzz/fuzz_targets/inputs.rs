//! The input parsers (digest text, JSON, JSON Lines, JSON Feed, RSS and Atom, Markdown, gzip) on any bytes: an entry list or an
//! error with a place, never a panic.
#![no_main]

use digest_search::input::{parse_bytes, InputOptions};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let (pick, bytes) = data.split_first().unwrap_or((&0, &[]));
    let name = ["f.txt", "f.json", "f.jsonl", "f", "f.jsonl.gz", "f.xml", "f.md", "f.atom"][(*pick % 8) as usize];
    let opts = InputOptions { header_lines: (pick & 0x80 != 0).then_some((pick >> 3 & 7) as usize), year: Some(2024), ..Default::default() };
    match parse_bytes(name, bytes, &opts) {
        Ok(entries) => {
            for p in entries {
                assert!(!p.entry.title.is_empty(), "an entry without a title from {name}");
                assert!(p.line >= 1);
            }
        }
        Err(e) => {
            assert_eq!(e.file, name);
            assert!(e.line.is_none_or(|l| l >= 1) && e.column.is_none_or(|c| c >= 1), "{e}");
        }
    }
});
