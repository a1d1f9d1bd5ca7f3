//! The byte layout of an index (version [`FORMAT_VERSION`]): constants and the small encoders and
//! decoders that both sides use. `docs/index-format.md` describes the same layout in prose; keep them in step
//! (`tests/index_format.rs` walks a built index as the document lays it out).
//!
//! ```text
//! header   magic "DGSTIDX\0" (8) | format version u32 | section count u32
//! table    per section: kind u32 | flags u32 | offset u32 | length u32 | checksum u64
//! table    checksum of header and table (u64); checksums are xxHash64 (BLOCKS keeps their low 32 bits)
//! sections META, TERMS (fst maps, term info), POSTINGS, DOCS, STORE, BLOCKS, TAGS, COMPLETIONS, ORDER, each at its offset
//! ```
//! All integers are little-endian.

/// The first eight bytes of every index.
pub const MAGIC: [u8; 8] = *b"DGSTIDX\0";
/// The version of this layout. Bump it on any change an older reader cannot read, or that a
/// newer reader needs in order to answer right (new dictionary terms count: docs/index-format.md).
pub const FORMAT_VERSION: u32 = 9;
/// Bytes before the section table.
pub const HEADER_LEN: usize = 16;
/// Bytes of one section table row.
pub const SECTION_ROW_LEN: usize = 24;

/// Section kinds.
pub mod section {
    /// Counts and total field lengths.
    pub const META: u32 = 1;
    /// The term dictionary: per first byte (see [`TERMS_HEAD_LEN`](crate::index::format::TERMS_HEAD_LEN)),
    /// an `fst::Map` from term to its ordinal, then each term's document frequency, joined-only
    /// flag and postings offset, by ordinal in blocks of [`TERM_BLOCK`](crate::index::format::TERM_BLOCK).
    pub const TERMS: u32 = 2;
    /// Per term: document count, then its delta-coded documents, their field masks and their
    /// frequencies, each in a run of its own.
    pub const POSTINGS: u32 = 3;
    /// Per document, fixed width: field lengths and date, what ranking and filters need.
    pub const DOCS: u32 = 4;
    /// Display text, apart from what search needs, so it can later move to chunks.
    pub const STORE: u32 = 5;
    /// Checksums of the blocks of the sections too large to check at load (TERMS, POSTINGS, STORE).
    pub const BLOCKS: u32 = 6;
    /// The tag dictionary and each entry's tags, for tag filters and facets.
    pub const TAGS: u32 = 7;
    /// The most frequent completions of every prefix with more than
    /// [`COMPLETIONS_MIN`](super::COMPLETIONS_MIN) of them, so that a short prefix needs no
    /// dictionary walk.
    /// Optional: a reader without it walks the dictionary.
    pub const COMPLETIONS: u32 = 8;
    /// Each entry's position in the input within its run of [`ORDER_RUN`](super::ORDER_RUN)
    /// (u16 per entry), when the builder stored the entries in another order (grouped by their
    /// tags, which compresses better): ties between equal scores and dates still go to the
    /// earlier input entry.
    /// Optional: without it, entries are in input order.
    pub const ORDER: u32 = 9;
}

/// Bytes of TERMS before its dictionaries: 257 `u32` offsets (from the end of this head), where
/// the dictionary of the terms that start with byte `b` starts (`b` in 0..=255) and, last, where
/// they end. Every walk of the dictionary keeps a word's first byte (typos never change it), so
/// a search reads only the dictionaries of its words' first bytes: a lazy load fetches those,
/// not the whole dictionary (5 MB at 100k entries).
pub const TERMS_HEAD_LEN: usize = 257 * 4;
/// Terms per block of a first byte's term info in TERMS (docs/index-format.md, "2 TERMS"): the
/// info of a term is found from its block's start, a `u32` each, by reading the terms before it
/// in the block.
pub const TERM_BLOCK: usize = 16;

/// Prefixes with more strict completions than this get a COMPLETIONS record; fewer are cheap to
/// walk in the fst.
pub const COMPLETIONS_MIN: usize = 256;
/// Completions kept per prefix: the most frequent, and as many that are words of their own
/// (not only joined compounds). At least what a query keeps for a prefix or a typo walk.
pub const COMPLETIONS_KEEP: usize = 20;

/// Section table flag: the section is checked block by block, when first read, against the
/// BLOCKS section, instead of as a whole at load.
pub const FLAG_BLOCK_CHECKED: u32 = 1;
/// Bytes per checked block: small, so a search that reads ten stored entries verifies (and
/// copies into memory, or fetches, for an index opened from bytes) ten small blocks rather than
/// ten large ones. Version 1 used 64 KiB, versions 2 and 3 8 KiB.
pub const BLOCK_LEN: usize = 2 * 1024;

/// The searchable fields, in the order of their bits in a field mask.
pub const FIELDS: [&str; 4] = ["title", "abstract", "authors", "tags"];
/// Field index of the title.
pub const TITLE: usize = 0;
/// Field index of the abstract.
pub const ABSTRACT: usize = 1;
/// Field index of the authors.
pub const AUTHORS: usize = 2;
/// Field index of the tags.
pub const TAGS: usize = 3;

/// Bytes of one DOCS row: four field lengths, one byte each ([`len_code`]), and a u32 date
/// (`yyyymmdd`, 0 when unknown).
pub const DOC_ROW_LEN: usize = 8;

/// A field length (in words) as one byte: exact up to 31, then eight steps per doubling, each
/// value rounded to the nearest step (at most 6.25% off). Length normalisation needs no more
/// (Lucene stores its norms in a byte the same way), and a DOCS row takes 8 bytes, not 12.
pub fn len_code(words: u32) -> u8 {
    // The first code whose length is at least `words`, or the one below it when that is nearer.
    let (mut lo, mut hi) = (0usize, 255usize);
    while lo < hi {
        let mid = (lo + hi) / 2;
        if LEN_OF[mid] < words {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    if lo > 0 && words - LEN_OF[lo - 1] < LEN_OF[lo].saturating_sub(words) {
        lo -= 1;
    }
    lo as u8
}

/// The length a [`len_code`] stands for: the code itself below 32, then eight steps per
/// doubling, saturating at `u32::MAX`. Computed where the runtime reads lengths (a few
/// instructions) rather than looked up in [`LEN_OF`], so that the wasm holds no 1 KB table of
/// it (101 bytes less brotli for the runtime code).
pub const fn len_of(code: u8) -> u32 {
    let c = code as u32;
    if c < 32 {
        return c;
    }
    let v = ((32 + 4 * ((c - 32) % 8)) as u64) << ((c - 32) / 8);
    if v > u32::MAX as u64 {
        u32::MAX
    } else {
        v as u32
    }
}

/// [`len_of`] of every code, for the builder's search in [`len_code`].
pub const LEN_OF: [u32; 256] = {
    let mut t = [0u32; 256];
    let mut c = 0;
    while c < 256 {
        t[c] = len_of(c as u8);
        c += 1;
    }
    t
};

/// Entries stay within runs of this many in input order when the builder regroups them (see
/// "Entry order" in `docs/index-format.md`): ORDER then needs only an entry's position within
/// its run, a u16. It is the search's candidate budget (`search::CANDIDATE_BUDGET`, which
/// checks that), so that the candidates a very common word admits, the first this many in
/// stored order, are still about the first in input order (the newest, in a digest).
pub const ORDER_RUN: usize = 20_000;
const _: () = assert!(ORDER_RUN <= 1 << 16);
/// Bytes of META.
pub const META_LEN: usize = 8 + 8 * FIELDS.len();
/// Bits of a term's value below the postings offset: the document frequency and the flag below.
/// A term's value is `postings offset << DF_BITS | joined_only << 23 | df`, one number for the
/// three things TERMS keeps per term (`Dictionary::value` puts it together from the term info;
/// COMPLETIONS stores it whole). Up to version 7 it was the fst's output; now the fst's output
/// is the term's ordinal.
pub const DF_BITS: u32 = 24;
/// Bit of a term's value set when the term only ever occurs as a joined compound (`dpmsolver` for
/// `DPM-Solver`), never as a word of its own.
pub const JOINED_ONLY: u64 = 1 << 23;
/// Mask of the (saturating) document frequency in a term's value.
pub const DF_MASK: u64 = JOINED_ONLY - 1;

/// A posting's flags: four field bits, then [`POSTING_TF`]. POSTINGS stores them as one byte
/// per posting; while building, they are the low bits of each posting's gap varint.
pub const POSTING_FLAG_BITS: u32 = 5;
/// Posting flag: per-field frequencies follow (otherwise each set field occurs once).
pub const POSTING_TF: u8 = 1 << 4;
/// STORE keeps the offsets of every this-many-th entry's records (see `docs/index-format.md`):
/// reaching an entry skips at most this many minus one short records.
pub const STORE_SAMPLE: usize = 16;
/// Bytes of STORE before its sample rows: entry count, then the offsets of the meta, title and
/// abstract runs and of the end, each a u32.
pub const STORE_HEAD_LEN: usize = 20;
/// Bytes of the longest varint (a u64).
pub const MAX_VARINT_BYTES: usize = 10;

/// The checksum used for sections, blocks and the table: xxHash64 (seed 0). BLOCKS stores each
/// block's low 32 bits as a `u32`. Its multiplies are 64×64→64 bits, which wasm has
/// (`i64.mul`), and it reads 32 bytes a round where xxHash32 read 16 (index format 8); the
/// 64×64→128-bit multiplies of xxh3 wasm32 emulates, several times slower.
pub fn checksum(bytes: &[u8]) -> u64 {
    xxhash_rust::xxh64::xxh64(bytes, 0)
}

/// Appends `v` as a LEB128 varint.
pub fn put_varint(out: &mut Vec<u8>, mut v: u64) {
    while v >= 0x80 {
        out.push((v as u8) | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
}

/// Reads a LEB128 varint at `*pos`, advancing it; `None` when the bytes run out or overflow.
#[inline]
pub fn get_varint(bytes: &[u8], pos: &mut usize) -> Option<u64> {
    let mut v = 0u64;
    let mut shift = 0;
    loop {
        let b = *bytes.get(*pos)?;
        *pos += 1;
        v |= u64::from(b & 0x7f) << shift;
        if b < 0x80 {
            return Some(v);
        }
        shift += 7;
        if shift > 63 {
            return None;
        }
    }
}

/// Reads a little-endian u32 at `at`.
#[inline]
pub fn get_u32(bytes: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_le_bytes(bytes.get(at..at + 4)?.try_into().ok()?))
}

/// Reads a little-endian u64 at `at`.
#[inline]
pub fn get_u64(bytes: &[u8], at: usize) -> Option<u64> {
    Some(u64::from_le_bytes(bytes.get(at..at + 8)?.try_into().ok()?))
}

/// One row of the section table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SectionRow {
    /// Section kind ([`section`]).
    pub kind: u32,
    /// Flags ([`FLAG_BLOCK_CHECKED`]).
    pub flags: u32,
    /// Where the section starts in the index.
    pub offset: usize,
    /// Its length in bytes.
    pub len: usize,
    /// Its checksum (0 for a block-checked section).
    pub checksum: u64,
}

/// The rows of the section table of `index` (which starts with the header): as many as the
/// header counts, or as `index` holds. Checks nothing else: see `Index::open`.
pub fn section_rows(index: &[u8]) -> impl Iterator<Item = SectionRow> + '_ {
    let count = get_u32(index, 12).unwrap_or(0) as usize;
    (0..count).map_while(move |i| {
        let row = index.get(HEADER_LEN + i * SECTION_ROW_LEN..HEADER_LEN + (i + 1) * SECTION_ROW_LEN)?;
        Some(SectionRow {
            kind: get_u32(row, 0)?,
            flags: get_u32(row, 4)?,
            offset: get_u32(row, 8)? as usize,
            len: get_u32(row, 12)? as usize,
            checksum: get_u64(row, 16)?,
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Checksums are xxHash64 with seed 0, as docs/index-format.md says (the reference
    /// implementation's values), whose low 32 bits BLOCKS keeps.
    #[test]
    fn checksums_are_xxhash64() {
        assert_eq!(checksum(b""), 0xef46_db37_51d8_e999);
        assert_eq!(checksum(b"abc"), 0x44bc_2cf5_ad77_0999);
    }

    #[test]
    fn varints_round_trip() {
        let mut buf = Vec::new();
        for v in [0u64, 1, 127, 128, 300, u32::MAX as u64, u64::MAX] {
            put_varint(&mut buf, v);
        }
        let mut pos = 0;
        for v in [0u64, 1, 127, 128, 300, u32::MAX as u64, u64::MAX] {
            assert_eq!(get_varint(&buf, &mut pos), Some(v));
        }
        assert_eq!(get_varint(&buf, &mut pos), None);
        assert_eq!(get_varint(&[0x80, 0x80], &mut 0), None);
    }

    #[test]
    fn field_lengths_fit_a_byte_to_within_a_sixteenth() {
        assert!(LEN_OF.windows(2).all(|w| w[0] < w[1] || w[0] == u32::MAX), "codes stand for rising lengths");
        for words in (0..100_000u32).chain([1 << 20, 1 << 30, u32::MAX]) {
            let got = LEN_OF[usize::from(len_code(words))];
            if words < 32 {
                assert_eq!(got, words);
            } else {
                let off = (f64::from(got) - f64::from(words)).abs() / f64::from(words);
                assert!(off <= 0.0625, "{words} words read back as {got}");
            }
            // The nearest code: neither neighbour is nearer.
            let c = usize::from(len_code(words));
            let d = |i: usize| (i64::from(LEN_OF[i]) - i64::from(words)).abs();
            assert!(c == 0 || d(c - 1) >= d(c), "{words}");
            assert!(c == 255 || d(c + 1) >= d(c), "{words}");
        }
    }
}
