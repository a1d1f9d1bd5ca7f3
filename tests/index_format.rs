//! `docs/index-format.md` against the code: the version it names, the sections it lists, and an
//! index of the arXiv slice (`tests/fixtures/arxiv-1k.jsonl.gz`, which has every section) walked
//! with only the offsets, widths and layouts the document states, each field compared with what
//! the reader hands out or the input holds. A change to the bytes that the document does not
//! follow (or a document edit the bytes do not) fails here. TERMS' dictionaries and POSTINGS'
//! records are walked field by field in `tests/search.rs` (`terms_keep_their_values_apart_from_the_fsts`,
//! `decode_record`); here, their heads.

use digest_search::embed::version_json;
use digest_search::entry::{parse_date, Entry};
use digest_search::index::format::{self, get_u32, get_u64, get_varint, section, FORMAT_VERSION};
use digest_search::index::write::build_index;
use digest_search::index::Index;
use digest_search::input::{read_inputs, InputOptions};
use digest_search::text::normalize_tag;

const DOC: &str = include_str!("../docs/index-format.md");

/// The section kinds and the names the document gives them.
const SECTIONS: [(u32, &str); 9] = [
    (section::META, "META"),
    (section::TERMS, "TERMS"),
    (section::POSTINGS, "POSTINGS"),
    (section::DOCS, "DOCS"),
    (section::STORE, "STORE"),
    (section::BLOCKS, "BLOCKS"),
    (section::TAGS, "TAGS"),
    (section::COMPLETIONS, "COMPLETIONS"),
    (section::ORDER, "ORDER"),
];

/// The document's text between the heading `heading` (a whole line) and the next heading, its
/// runs of white space (line breaks among them) as one space.
fn part(heading: &str) -> String {
    let start = DOC.find(&format!("\n{heading}\n")).unwrap_or_else(|| panic!("docs/index-format.md has no heading `{heading}`")) + heading.len() + 2;
    let end = DOC[start..].find("\n#").map_or(DOC.len(), |e| start + e);
    DOC[start..end].split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A layout the document writes in one line, `` `name u32 | name u64 × 4 | …` ``: each field's
/// name, width in bytes and count, in order. `first` is the layout's first field's name, which
/// picks the line in `text`.
fn layout(text: &str, first: &str) -> Vec<(String, usize, usize)> {
    let start = text.find(&format!("`{first} ")).unwrap_or_else(|| panic!("no layout starting with `{first}` in:\n{text}")) + 1;
    let end = start + text[start..].find('`').unwrap();
    text[start..end]
        .split(" | ")
        .map(|field| {
            let (field, count) = match field.split_once(" × ") {
                Some((f, n)) => (f, n.parse().unwrap()),
                None => (field, 1),
            };
            let (name, ty) = field.rsplit_once(' ').unwrap();
            let width = match ty {
                "u8" => 1,
                "u16" => 2,
                "u32" => 4,
                "u64" => 8,
                _ => panic!("`{ty}` in the layout `{}` is no width the test knows", &text[start..end]),
            };
            (name.to_string(), width, count)
        })
        .collect()
}

/// Where each field of `layout` starts, and the layout's length.
fn offsets(layout: &[(String, usize, usize)]) -> (Vec<usize>, usize) {
    let mut at = 0;
    let starts = layout
        .iter()
        .map(|(_, w, n)| {
            at += w * n;
            at - w * n
        })
        .collect();
    (starts, at)
}

/// The unsigned little-endian integer of `width` bytes at `at`.
fn uint(bytes: &[u8], at: usize, width: usize) -> u64 {
    bytes[at..at + width].iter().rev().fold(0, |v, &b| v << 8 | u64::from(b))
}

/// A length-prefixed string (`length varint | UTF-8 bytes`) at `*pos`.
fn string<'a>(bytes: &'a [u8], pos: &mut usize) -> &'a str {
    let len = get_varint(bytes, pos).unwrap() as usize;
    *pos += len;
    std::str::from_utf8(&bytes[*pos - len..*pos]).unwrap()
}

fn corpus() -> (Vec<Entry>, Vec<u8>) {
    let entries = read_inputs(&["tests/fixtures/arxiv-1k.jsonl.gz"], &InputOptions::default(), &mut |_| {}).unwrap();
    let bytes = build_index(&entries, &mut |_| {});
    (entries, bytes)
}

/// The version in the title, the header table and the embedding's version section is the code's.
#[test]
fn the_document_names_the_codes_version() {
    assert_eq!(DOC.lines().next(), Some(format!("# Index format, version {FORMAT_VERSION}").as_str()));
    assert!(part("## Header and section table").contains(&format!("| 8 | 4 | format version (`{FORMAT_VERSION}`) |")), "the header table's version");
    let embedding = part("## Embedding in the runtime wasm");
    let example = embedding.find("`{\"format\":").map(|at| &embedding[at + 1..at + 1 + embedding[at + 1..].find('`').unwrap()]).expect("an example of the version section");
    let entries: u32 = example.rsplit_once("\"entries\":").unwrap().1.trim_end_matches('}').parse().unwrap();
    assert_eq!(example, version_json(entries), "the version section's example is what the builder writes");
}

/// The headings of "Sections" are every section the builder writes, with the kind and the name
/// the code gives it, in the order it writes them; each fixed size they state is the section's.
#[test]
fn the_sections_listed_are_those_written() {
    let (entries, bytes) = corpus();
    let headings: Vec<(u32, String, String)> = DOC
        .lines()
        .filter_map(|l| l.strip_prefix("### "))
        .map(|h| {
            let (kind, rest) = h.split_once(' ').unwrap();
            let (name, note) = rest.split_once(' ').unwrap_or((rest, ""));
            (kind.parse().unwrap_or_else(|_| panic!("`### {h}`: a section heading starts with its kind")), name.to_string(), note.to_string())
        })
        .collect();
    let named: Vec<(u32, &str)> = headings.iter().map(|(k, n, _)| (*k, n.as_str())).collect();
    assert_eq!(named, SECTIONS, "the document's sections, kinds and names");
    let written: Vec<u32> = format::section_rows(&bytes).map(|r| r.kind).collect();
    assert_eq!(written, SECTIONS.map(|(k, _)| k), "the arXiv slice has every section, in the order the document lists");
    for (kind, name, note) in &headings {
        let row = format::section_rows(&bytes).find(|r| r.kind == *kind).unwrap();
        let note = note.trim_matches(|c| c == '(' || c == ')').trim_start_matches("optional, ");
        if let Some(n) = note.strip_suffix(" bytes per entry") {
            assert_eq!(row.len, n.parse::<usize>().unwrap() * entries.len(), "{name}: {note}");
        } else if let Some(n) = note.strip_suffix(" bytes") {
            assert_eq!(row.len, n.parse::<usize>().unwrap(), "{name}: {note}");
        }
        assert_eq!(note == "optional" || DOC.contains(&format!("### {kind} {name} (optional")), [section::COMPLETIONS, section::ORDER].contains(kind), "{name}: optional or not");
    }
}

/// The header, the section table and the sections, walked as the document lays them out.
#[test]
fn an_index_reads_as_the_document_lays_it_out() {
    let (entries, bytes) = corpus();
    let index = Index::open(&bytes).unwrap();
    let doc_count = entries.len();

    // Header and section table.
    let head = part("## Header and section table");
    assert!(head.contains("| 0 | 8 | magic `DGSTIDX\\0` |"));
    assert_eq!(&bytes[..8], b"DGSTIDX\0");
    assert_eq!(get_u32(&bytes, 8), Some(FORMAT_VERSION));
    assert!(head.contains("| 12 | 4 | section count `n` |"));
    let n = get_u32(&bytes, 12).unwrap() as usize;
    let row = layout(&head, "kind");
    let (at, row_len) = offsets(&row);
    assert!(head.contains(&format!("| 16 | {row_len} × n | section table, one row per section |")), "the table's row is {row_len} bytes");
    assert!(head.contains("| 16 + 24n | 8 | checksum of bytes `0 .. 16 + 24n` (header and table) |"));
    assert_eq!(row_len, 24);
    let table_end = 16 + row_len * n;
    assert_eq!(get_u64(&bytes, table_end), Some(format::checksum(&bytes[..table_end])), "the table's checksum");
    assert!(head.contains("one per 2 KiB, `BLOCK_LEN`") && format::BLOCK_LEN == 2048);
    let field = |r: usize, name: &str| {
        let i = row.iter().position(|(n, ..)| n == name).unwrap();
        uint(&bytes, 16 + row_len * r + at[i], row[i].1)
    };
    let mut sections = std::collections::HashMap::new();
    let mut end = table_end + 8;
    for r in 0..n {
        let (kind, flags, offset, len, sum) = (field(r, "kind") as u32, field(r, "flags") as u32, field(r, "offset") as usize, field(r, "length") as usize, field(r, "checksum"));
        let data = &bytes[offset..offset + len];
        assert_eq!(offset % 8, 0, "sections start at 8-byte aligned offsets");
        assert!(bytes[end..offset].iter().all(|&b| b == 0), "padding is zero");
        let block_checked = [section::TERMS, section::POSTINGS, section::STORE].contains(&kind);
        assert_eq!(flags, u32::from(block_checked), "flag bit 0 (FLAG_BLOCK_CHECKED) on TERMS, POSTINGS and STORE");
        if block_checked {
            assert_eq!((sum, offset % 2048), (0, 0), "a block-checked section: checksum 0, at a multiple of 2 KiB");
        } else {
            assert_eq!(sum, xxhash_rust::xxh64::xxh64(data, 0), "a checksum is xxHash64 with seed 0");
        }
        sections.insert(kind, data);
        end = offset + len;
    }
    assert_eq!(bytes.len(), end.next_multiple_of(8), "the index ends zero-padded to a multiple of 8 bytes");
    assert!(bytes[end..].iter().all(|&b| b == 0));

    // Input position of each stored entry (ORDER), checked against the reader.
    let ord = part("### 9 ORDER (optional, 2 bytes per entry)");
    assert!(ord.contains("`position u16` per entry") && ord.contains("`i - i mod 20000 + position`"));
    let input: Vec<usize> = (0..doc_count).map(|i| i - i % 20000 + uint(sections[&section::ORDER], 2 * i, 2) as usize).collect();
    for (i, &p) in input.iter().enumerate() {
        assert_eq!(index.input_position(i as u32) as usize, p, "entry {i}");
    }
    let mut sorted = input.clone();
    sorted.sort_unstable();
    assert!(sorted.iter().enumerate().all(|(i, &p)| i == p) && input.iter().enumerate().any(|(i, &p)| i != p), "ORDER: a permutation, not the identity");

    // META.
    let meta = layout(&part("### 1 META (40 bytes)"), "entries");
    let (at, len) = offsets(&meta);
    assert_eq!(meta.iter().map(|(n, ..)| n.as_str()).collect::<Vec<_>>(), ["entries", "terms", "total words"]);
    let m = sections[&section::META];
    assert_eq!(m.len(), len);
    assert_eq!(uint(m, at[0], 4) as usize, doc_count);
    let mut terms = 0;
    index.for_each_term(&mut |_, _| terms += 1);
    assert_eq!(uint(m, at[1], 4), terms, "META's terms: the keys in TERMS' dictionaries");
    for f in 0..meta[2].2 {
        let total = uint(m, at[2] + 8 * f, 8) as f32;
        assert!((index.avg_len(f) - total / doc_count as f32).abs() < 1e-3, "average length of field {f}");
    }

    // TERMS' head: 257 offsets from its end; the dictionary of `b` from offset `b` to `b + 1`.
    let terms_text = part("### 2 TERMS");
    assert!(terms_text.contains("`offset u32 × 257` (from the end of these 1,028 bytes, `TERMS_HEAD_LEN`)") && format::TERMS_HEAD_LEN == 1028);
    let t = sections[&section::TERMS];
    for b in 0..=255u8 {
        let (start, end) = (uint(t, 4 * usize::from(b), 4) as usize, uint(t, 4 * usize::from(b) + 4, 4) as usize);
        assert_eq!(index.dictionary(b).is_some(), start < end, "byte {b}");
        if start < end {
            let fst_len = uint(t, 1028 + start, 4) as usize;
            assert_eq!(fst::Map::new(&t[1028 + start + 4..1028 + start + 4 + fst_len]).unwrap().len(), index.dictionary(b).unwrap().len());
        }
    }
    assert_eq!(uint(t, 4 * 256, 4) as usize + 1028, t.len(), "the last offset ends the section");

    // POSTINGS: each term's record starts with its count, the df of its TERMS value.
    let p = sections[&section::POSTINGS];
    index.for_each_term(&mut |term, value| {
        let (offset, df) = Index::split_value(value);
        assert_eq!(get_varint(p, &mut offset.clone()), Some(u64::from(df)), "{}", String::from_utf8_lossy(term));
    });

    // DOCS: 8 bytes per entry, field length codes and the date as yyyymmdd.
    let docs = layout(&part("### 4 DOCS (8 bytes per entry)"), "title_words");
    let (at, row) = offsets(&docs);
    assert_eq!(docs.iter().map(|(n, ..)| n.as_str()).collect::<Vec<_>>(), ["title_words", "abstract_words", "author_words", "tag_words", "date"]);
    let d = sections[&section::DOCS];
    for (i, &p) in input.iter().enumerate() {
        let codes: Vec<u8> = (0..4).map(|f| d[row * i + at[f]]).collect();
        assert_eq!(codes, index.doc_len_codes(i as u32), "entry {i}");
        assert_eq!(uint(d, row * i + at[4], 4) as u32, entries[p].date.as_deref().and_then(parse_date).unwrap_or(0), "entry {i}'s date");
    }

    // STORE: head, sample rows, then the meta, title and abstract runs.
    let store_text = part("### 5 STORE");
    assert!(store_text.contains("| `entries` | u32 |") && store_text.contains("| `meta_at`, `titles_at`, `abstracts_at`, `end` | u32 each"));
    assert!(store_text.contains("`ceil(entries / 16)` rows of three u32") && store_text.contains("(`STORE_SAMPLE`)") && format::STORE_SAMPLE == 16);
    let s = sections[&section::STORE];
    let [count, meta_at, titles_at, abstracts_at, end] = std::array::from_fn(|k| uint(s, 4 * k, 4) as usize);
    assert_eq!((count, meta_at, end), (doc_count, 20 + 12 * doc_count.div_ceil(16), s.len()));
    let (mut pos, mut title_at, mut abstract_at) = (meta_at, titles_at, abstracts_at);
    for (i, &p) in input.iter().enumerate() {
        if i % 16 == 0 {
            let sample = 20 + 12 * (i / 16);
            assert_eq!([0, 1, 2].map(|k| uint(s, sample + 4 * k, 4) as usize), [pos - meta_at, title_at - titles_at, abstract_at - abstracts_at], "sample row of entry {i}");
        }
        let len = get_varint(s, &mut pos).unwrap() as usize;
        let record_end = pos + len;
        let title_len = get_varint(s, &mut pos).unwrap() as usize;
        let abstract_len = get_varint(s, &mut pos).unwrap() as usize;
        let id = string(s, &mut pos);
        let lists: Vec<Vec<&str>> = (0..3).map(|_| (0..get_varint(s, &mut pos).unwrap()).map(|_| string(s, &mut pos)).collect()).collect();
        assert_eq!(pos, record_end, "entry {i}'s meta record ends where its length says");
        let title = std::str::from_utf8(&s[title_at..title_at + title_len]).unwrap();
        let abstract_text = std::str::from_utf8(&s[abstract_at..abstract_at + abstract_len]).unwrap();
        (title_at, abstract_at) = (title_at + title_len, abstract_at + abstract_len);
        let e = &entries[p];
        assert_eq!((id, title, abstract_text), (e.id.as_str(), e.title.as_str(), e.abstract_text.as_str()), "entry {i}");
        assert_eq!(lists, [&e.urls, &e.authors, &e.tags].map(|l| l.iter().map(String::as_str).collect::<Vec<_>>()), "entry {i}: links, authors, tags");
    }
    assert_eq!((pos, title_at, abstract_at), (titles_at, abstracts_at, end), "the runs follow one another");

    // BLOCKS: per block-checked section, in table order, its kind, its block count and the low
    // 32 bits of each 2 KiB block's xxHash64.
    assert!(part("### 6 BLOCKS").contains("`kind u32 | block count u32`"));
    let b = sections[&section::BLOCKS];
    let mut pos = 0;
    for kind in [section::TERMS, section::POSTINGS, section::STORE] {
        let data = sections[&kind];
        assert_eq!((uint(b, pos, 4) as u32, uint(b, pos + 4, 4) as usize), (kind, data.len().div_ceil(2048)));
        pos += 8;
        for block in data.chunks(2048) {
            assert_eq!(uint(b, pos, 4), xxhash_rust::xxh64::xxh64(block, 0) & 0xffff_ffff);
            pos += 4;
        }
    }
    assert_eq!(pos, b.len());

    // TAGS: the names, sorted by their folded form, then the runs of entries with the same tags.
    let t = sections[&section::TAGS];
    let tags = uint(t, 0, 4) as usize;
    let names_at = 4 + 4 * (tags + 1);
    let names: Vec<&str> = (0..tags).map(|k| std::str::from_utf8(&t[names_at + uint(t, 4 + 4 * k, 4) as usize..names_at + uint(t, 8 + 4 * k, 4) as usize]).unwrap()).collect();
    assert!(tags > 10 && names.windows(2).all(|w| normalize_tag(w[0]) < normalize_tag(w[1])), "names sorted by their folded form");
    assert_eq!(names, (0..tags as u32).map(|k| index.tag_name(k)).collect::<Vec<_>>());
    let rest = names_at + uint(t, 4 + 4 * tags, 4) as usize;
    assert_eq!((uint(t, rest, 4) as usize, uint(t, rest + 4, 4) as usize), (doc_count, t.len() - rest - 8), "entries, lists_len");
    let mut pos = rest + 8;
    let mut doc = 0;
    while pos < t.len() {
        let run = get_varint(t, &mut pos).unwrap();
        let ids: Vec<u32> = (0..get_varint(t, &mut pos).unwrap()).map(|_| get_varint(t, &mut pos).unwrap() as u32).collect();
        assert!(run >= 1);
        for _ in 0..run {
            assert_eq!(index.doc_tags(doc).collect::<Vec<_>>(), ids, "entry {doc}'s tags");
            let mut want: Vec<String> = Vec::new();
            for t in entries[input[doc as usize]].tags.iter().map(|t| normalize_tag(t)) {
                if !t.is_empty() && !want.contains(&t) {
                    want.push(t);
                }
            }
            assert_eq!(ids.iter().map(|&k| normalize_tag(names[k as usize])).collect::<Vec<_>>(), want, "entry {doc}'s tags");
            doc += 1;
        }
    }
    assert_eq!((pos, doc as usize), (t.len(), doc_count));

    // COMPLETIONS: records sorted by prefix, each completion's value its TERMS value.
    let c = sections[&section::COMPLETIONS];
    let count = uint(c, 0, 4) as usize;
    let body = 4 + 4 * (count + 1);
    assert!(count > 0, "the arXiv slice has prefixes with more than 256 longer terms");
    let mut last: Vec<u8> = Vec::new();
    for r in 0..count {
        let mut pos = body + uint(c, 4 + 4 * r, 4) as usize;
        let prefix_len = get_varint(c, &mut pos).unwrap() as usize;
        let prefix = &c[pos..pos + prefix_len];
        pos += prefix_len;
        assert!(r == 0 || last.as_slice() < prefix, "sorted by prefix bytes");
        let list: Vec<(&[u8], u64)> = (0..get_varint(c, &mut pos).unwrap())
            .map(|_| {
                let len = get_varint(c, &mut pos).unwrap() as usize;
                pos += len;
                (&c[pos - len..pos], get_varint(c, &mut pos).unwrap())
            })
            .collect();
        assert_eq!(pos, body + uint(c, 8 + 4 * r, 4) as usize, "a record ends where the next starts");
        assert!(!list.is_empty() && list.len() <= 40);
        // In the order a query ranks completions: more entries first, then shorter, then bytes.
        let rank = |&(suffix, value): &(&[u8], u64)| (std::cmp::Reverse(Index::split_value(value).1), suffix.len(), suffix.to_vec());
        assert!(list.windows(2).all(|w| rank(&w[0]) < rank(&w[1])), "the completions of {:?} in rank order", String::from_utf8_lossy(prefix));
        for &(suffix, value) in &list {
            assert_eq!(index.term(&[prefix, suffix].concat()), Some(value), "the completion's value is its TERMS value");
        }
        assert_eq!(index.completions(prefix).unwrap().collect::<Vec<_>>(), list);
        last = prefix.to_vec();
    }
}
