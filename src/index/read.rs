//! Reading an index in place: [`Index::open`] checks the header, the section table, the small
//! sections' checksums and the heads of TERMS and STORE (the large sections are checked 2 KiB
//! block by block when first read), then hands out borrowed views. Nothing is parsed into objects: the fst is
//! searched where it lies, postings are decoded as a query walks them, stored text is sliced on
//! demand. Every read is bounds-checked, so a damaged index yields an error or empty data, never a
//! panic.

use crate::entry::concat;
use super::format::{self, get_u32, get_u64, get_varint, section, DOC_ROW_LEN, FIELDS};
use std::cell::Cell;
use std::fmt;
use std::rc::Rc;

/// Why an index could not be opened. (Non-exhaustive: a later version may name more reasons.)
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum IndexError {
    /// The bytes do not start with the index magic number.
    NotAnIndex,
    /// The index was written in a format version this reader does not read.
    Version {
        /// The version the bytes were written in.
        found: u32,
        /// The version this reader reads ([`crate::index::format::FORMAT_VERSION`]).
        expected: u32,
    },
    /// The bytes end before the header, the table or a section does.
    Truncated(&'static str),
    /// A checksum does not match: the bytes were damaged.
    Checksum(&'static str),
    /// The structure is inconsistent (a missing section, a bad fst).
    Corrupt(String),
}

impl IndexError {
    /// The message [`Display`](fmt::Display) writes, put together without `core::fmt`, which
    /// the runtime wasm leaves out (docs/performance.md, "Runtime code size: history").
    pub(crate) fn message(&self) -> String {
        match self {
            IndexError::NotAnIndex => "not a digest-search index (bad magic number)".into(),
            IndexError::Version { found, expected } => {
                let mut s = String::from("index format version ");
                crate::entry::push_decimal(&mut s, *found, 0);
                s.push_str(", but this runtime reads version ");
                crate::entry::push_decimal(&mut s, *expected, 0);
                s + ": rebuild the index with a matching digest-search"
            }
            IndexError::Truncated(what) => concat(&["index is truncated: the ", what, " runs past the end of the data"]),
            IndexError::Checksum("section table") => "index is corrupted: checksum mismatch in the header and section table".into(),
            IndexError::Checksum(what) => concat(&["index is corrupted: checksum mismatch in the ", what, " section"]),
            IndexError::Corrupt(why) => concat(&["index is corrupted: ", why]),
        }
    }
}

impl fmt::Display for IndexError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message())
    }
}

impl std::error::Error for IndexError {}

/// Whether `doc`'s bit is set in a bit set of documents (a bit per document, 64 to a word):
/// the postings' marks ([`Postings::next_block`]), the query's excluded entries.
#[inline(always)]
pub(crate) fn is_set(bits: &[u64], doc: u32) -> bool {
    bits.get(doc as usize / 64).is_some_and(|w| w >> (doc % 64) & 1 != 0)
}

fn section_name(kind: u32) -> &'static str {
    match kind {
        section::META => "META",
        section::TERMS => "TERMS",
        section::POSTINGS => "POSTINGS",
        section::DOCS => "DOCS",
        section::STORE => "STORE",
        section::BLOCKS => "BLOCKS",
        section::TAGS => "TAGS",
        section::COMPLETIONS => "COMPLETIONS",
        section::ORDER => "ORDER",
        _ => "unknown",
    }
}

/// An opened index, borrowing its bytes.
pub struct Index<'a> {
    /// The TERMS section: its head, then one dictionary per first byte.
    terms: &'a [u8],
    terms_blocks: Blocks<'a>,
    /// Per first byte: its dictionary's blocks are verified (its [`Blocks::check`] passed). The
    /// same as every one of those blocks being verified, kept apart because a search looks up
    /// a dictionary many times per word (each inflection is a lookup), and checking again would
    /// walk its blocks' flags each time (250 of them for `s` at 100k entries).
    terms_checked: [Cell<bool>; 256],
    postings: &'a [u8],
    docs: &'a [u8],
    store: &'a [u8],
    doc_count: u32,
    avg_len: [f32; FIELDS.len()],
    postings_blocks: Blocks<'a>,
    store_blocks: Blocks<'a>,
    tags: Tags<'a>,
    /// The COMPLETIONS section (empty when the index has none).
    completions: &'a [u8],
    /// The ORDER section (empty when the entries are in input order).
    order: &'a [u8],
    /// The first damage found by a lazy block check, reported by [`Index::damage`].
    damage: Cell<Option<IndexError>>,
}

/// The TAGS section: the tag dictionary and each entry's tag ids.
struct Tags<'a> {
    count: usize,
    name_offsets: &'a [u8],
    names: &'a [u8],
    /// Where each entry's list (its length, then its ids) starts in `lists`: found by one pass
    /// over the runs of lists at open (the section stores no offsets, 4 bytes per entry a lazy
    /// load would fetch at open).
    entry_offsets: Vec<u32>,
    lists: &'a [u8],
}

impl<'a> Tags<'a> {
    /// Reads the section of an index of `doc_count` entries (its DOCS checked against it, so
    /// the count is backed by the index's bytes before anything is allocated for it).
    fn parse(data: &'a [u8], doc_count: usize) -> Result<Tags<'a>, IndexError> {
        let bad = || IndexError::Corrupt("TAGS section is malformed".into());
        let count = get_u32(data, 0).ok_or_else(bad)? as usize;
        let name_offsets = data.get(4..4 + (count + 1) * 4).ok_or_else(bad)?;
        let names_len = get_u32(name_offsets, count * 4).ok_or_else(bad)? as usize;
        let names_at = 4 + (count + 1) * 4;
        let names = data.get(names_at..names_at + names_len).ok_or_else(bad)?;
        let rest = data.get(names_at + names_len..).ok_or_else(bad)?;
        let entries = get_u32(rest, 0).ok_or_else(bad)? as usize;
        let lists_len = get_u32(rest, 4).ok_or_else(bad)? as usize;
        let lists = rest.get(8..).filter(|l| l.len() == lists_len).ok_or_else(bad)?;
        if entries != doc_count {
            return Err(IndexError::Corrupt("TAGS does not match the entry count".into()));
        }
        let mut entry_offsets = Vec::with_capacity(entries);
        let mut pos = 0;
        while pos < lists.len() {
            let run = get_varint(lists, &mut pos).ok_or_else(bad)?;
            if run == 0 || run > (entries - entry_offsets.len()) as u64 {
                return Err(bad());
            }
            let at = pos as u32;
            let n = get_varint(lists, &mut pos).ok_or_else(bad)?;
            // Each id takes a byte at least: a count past the end fails at its first missing id.
            for _ in 0..n {
                get_varint(lists, &mut pos).ok_or_else(bad)?;
            }
            entry_offsets.extend(std::iter::repeat_n(at, run as usize));
        }
        if entry_offsets.len() != entries {
            return Err(bad());
        }
        Ok(Tags { count, name_offsets, names, entry_offsets, lists })
    }
}

/// The byte string at `*pos` written as `length varint | bytes`, `*pos` moved past it; `None`
/// when it runs past the end of `bytes`.
fn get_prefixed<'a>(bytes: &'a [u8], pos: &mut usize) -> Option<&'a [u8]> {
    let len = get_varint(bytes, pos)? as usize;
    let out = bytes.get(*pos..pos.checked_add(len)?)?;
    *pos += len;
    Some(out)
}

/// Copies `len` bytes of the index, starting at `offset` (from the index's first byte), into
/// their place in the index's memory. See [`Index::open_lazy`].
pub type Fill<'a> = Rc<dyn Fn(usize, usize) + 'a>;

/// Lazy checksums of one large section: a block is verified the first time any byte of it is
/// read, so opening an index reads no more than its small sections. With a [`Fill`], the block
/// is first copied into place, so the large sections need not be in memory at all until used.
struct Blocks<'a> {
    data: &'a [u8],
    /// Where `data` starts in the index, for `fill`.
    offset: usize,
    sums: &'a [u8],
    verified: Vec<Cell<bool>>,
    fill: Option<Fill<'a>>,
}

impl<'a> Blocks<'a> {
    /// Finds the checksums of section `kind` in the BLOCKS table.
    fn find(table: &'a [u8], kind: u32, data: &'a [u8], offset: usize, fill: Option<Fill<'a>>) -> Result<Blocks<'a>, IndexError> {
        let mut pos = 0;
        while pos + 8 <= table.len() {
            let k = get_u32(table, pos).unwrap_or(0);
            let n = get_u32(table, pos + 4).unwrap_or(0) as usize;
            // Checked: on wasm32 `n * 4` can wrap.
            let end = n.checked_mul(4).and_then(|b| b.checked_add(pos + 8)).ok_or(IndexError::Truncated("BLOCKS"))?;
            let sums = table.get(pos + 8..end).ok_or(IndexError::Truncated("BLOCKS"))?;
            if k == kind {
                if n != data.len().div_ceil(format::BLOCK_LEN) {
                    return Err(IndexError::Corrupt(concat(&["BLOCKS does not match the ", section_name(kind), " section"])));
                }
                return Ok(Blocks { data, offset, sums, verified: (0..n).map(|_| Cell::new(false)).collect(), fill });
            }
            pos = end;
        }
        Err(IndexError::Corrupt(concat(&["no block checksums for the ", section_name(kind), " section"])))
    }

    /// Names the blocks holding `start..end` (clamped to the section) that are not verified
    /// yet to `fill`, without reading them: a lazy load learns, from a search that failed on
    /// one block, every block it will read next, and fetches them together rather than one
    /// round trip each. They stay unverified, so they are filled again, and checked, when read.
    /// Does nothing for an index whose blocks are all in place.
    fn name(&self, start: usize, end: usize) {
        let Some(fill) = &self.fill else { return };
        let end = end.min(self.data.len());
        if start >= end {
            return;
        }
        for run in self.unverified(start, end) {
            fill(self.offset + run.start, run.len());
        }
    }

    /// The byte ranges of the runs of blocks not verified yet among those holding `start..end`
    /// (`end` within the section), in order: each is copied into place by one call of the
    /// [`Fill`] (in the browser a call into JS, which cost more than copying its 2 KiB).
    fn unverified(&self, start: usize, end: usize) -> impl Iterator<Item = std::ops::Range<usize>> + '_ {
        let last = (end - 1) / format::BLOCK_LEN;
        let mut b = start / format::BLOCK_LEN;
        std::iter::from_fn(move || {
            while b <= last && self.verified[b].get() {
                b += 1;
            }
            if b > last {
                return None;
            }
            let first = b;
            while b <= last && !self.verified[b].get() {
                b += 1;
            }
            Some(first * format::BLOCK_LEN..(b * format::BLOCK_LEN).min(self.data.len()))
        })
    }

    /// Verifies the blocks holding `start..end` (clamped to the section), once each. On a
    /// block that fails, names the rest of the range ([`Blocks::name`]).
    fn check(&self, start: usize, end: usize) -> bool {
        let end = end.min(self.data.len());
        if start >= end {
            return true;
        }
        for run in self.unverified(start, end) {
            if let Some(fill) = &self.fill {
                // Before any byte of the run has been read: see `Index::open_lazy`.
                fill(self.offset + run.start, run.len());
            }
            for b in run.start / format::BLOCK_LEN..run.end.div_ceil(format::BLOCK_LEN) {
                let block = &self.data[b * format::BLOCK_LEN..((b + 1) * format::BLOCK_LEN).min(self.data.len())];
                if Some(format::checksum(block) as u32) != get_u32(self.sums, b * 4) {
                    // The rest of the range, named now, arrives in the same fetch as this block.
                    self.name((b + 1) * format::BLOCK_LEN, end);
                    return false;
                }
                self.verified[b].set(true);
            }
        }
        true
    }
}

/// The dictionary of the terms with one first byte ([`Index::dictionary`]): an fst from each
/// term to its ordinal (0 on, in byte order), and the terms' values by ordinal, in blocks of
/// [`format::TERM_BLOCK`] (docs/index-format.md, "2 TERMS"). A value is what the rest of the
/// search reads ([`Index::split_value`], [`Index::joined_only`]); the walks of the dictionary
/// (`search::descend`) hand them out.
pub struct Dictionary<'a> {
    fst: fst::Map<&'a [u8]>,
    /// The term info: where each block starts, a `u32` per block, then the blocks.
    info: &'a [u8],
}

impl<'a> Dictionary<'a> {
    /// The fst, from each term to its ordinal.
    pub fn as_fst(&self) -> &fst::raw::Fst<&'a [u8]> {
        self.fst.as_fst()
    }

    /// The number of terms.
    pub fn len(&self) -> usize {
        self.fst.len()
    }

    /// True when the dictionary holds no term.
    pub fn is_empty(&self) -> bool {
        self.fst.len() == 0
    }

    /// The value of the term of `ordinal`: `postings offset << 24 | joined_only << 23 | df`
    /// (garbage, but no panic, for an ordinal or info that a corrupt index holds). The term's
    /// block, found by the table of the blocks' starts, is read from its start: at most
    /// [`format::TERM_BLOCK`] terms' info.
    #[inline(never)]
    pub fn value(&self, ordinal: u64) -> u64 {
        let block = format::TERM_BLOCK as u64;
        // (An ordinal past the dictionary's, which only a corrupt index holds, wraps: its value
        // is garbage either way.)
        let mut pos = get_u32(self.info, ((ordinal / block) as usize).wrapping_mul(4)).unwrap_or(0) as usize;
        // Each term's info is two varints: df and joined flag, then its postings offset, from
        // the term before's within a block. One loop reads them all, byte by byte (one copy of
        // the varint decoder in the wasm).
        let (mut n, mut v, mut shift, mut df, mut offset) = (0, 0u64, 0, 0, 0u64);
        while n < 2 * (ordinal % block + 1) {
            let Some(&b) = self.info.get(pos) else { break };
            pos += 1;
            v |= u64::from(b & 0x7f) << (shift & 63);
            shift += 7;
            if b < 0x80 {
                if n % 2 == 0 {
                    df = v;
                } else {
                    offset = offset.wrapping_add(v);
                }
                (n, v, shift) = (n + 1, 0, 0);
            }
        }
        (offset << format::DF_BITS) | ((df & 1) * format::JOINED_ONLY) | (df >> 1)
    }
}

impl<'a> crate::search::descend::Terms for Dictionary<'a> {
    type Data = &'a [u8];
    fn fst(&self) -> &fst::raw::Fst<&'a [u8]> {
        self.fst.as_fst()
    }
    fn value(&self, output: u64) -> u64 {
        Dictionary::value(self, output)
    }
}

/// One stored entry, borrowed from the index.
#[derive(Debug, Clone, Default)]
pub struct Stored<'a> {
    /// The entry's id.
    pub id: &'a str,
    /// The title.
    pub title: &'a str,
    /// The abstract.
    pub abstract_text: &'a str,
    /// Links, canonical first.
    pub urls: Vec<&'a str>,
    /// Authors.
    pub authors: Vec<&'a str>,
    /// Tags.
    pub tags: Vec<&'a str>,
}

/// A stored entry's title and abstract, with the rest of its record left unread until
/// [`StoredText::entry`]: re-ranking reads the texts of candidates most of which are never
/// shown, whose id, links, authors and tags (a string each, its UTF-8 checked, in three lists)
/// are then not read at all.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct StoredText<'a> {
    /// The title.
    pub(crate) title: &'a str,
    /// The abstract.
    pub(crate) abstract_text: &'a str,
    /// The meta record, and where its id starts in it (past the lengths).
    rec: &'a [u8],
    head: usize,
}

impl<'a> StoredText<'a> {
    /// The whole entry, the rest of it read from the meta record now. (A string that is not
    /// UTF-8 reads as empty, a list item so ends its list; an entry that could not be read at
    /// all is the default, empty.)
    pub(crate) fn entry(&self) -> Stored<'a> {
        let rec = self.rec;
        let mut pos = self.head;
        // One string of the record (`length varint | UTF-8 bytes`); `None` when it is not there
        // or not UTF-8, past which the reader moves all the same.
        let s = |pos: &mut usize| -> Option<&'a str> {
            let len = get_varint(rec, pos).unwrap_or(0) as usize;
            let out = pos.checked_add(len).and_then(|e| rec.get(*pos..e)).and_then(|b| std::str::from_utf8(b).ok());
            *pos = pos.saturating_add(len);
            out
        };
        let id = s(&mut pos).unwrap_or("");
        let mut stored = Stored { id, title: self.title, abstract_text: self.abstract_text, ..Default::default() };
        for target in [&mut stored.urls, &mut stored.authors, &mut stored.tags] {
            let n = get_varint(rec, &mut pos).unwrap_or(0).min(rec.len() as u64);
            for _ in 0..n {
                match s(&mut pos) {
                    Some(v) => target.push(v),
                    None => break,
                }
            }
        }
        stored
    }
}

/// One posting: a document and how often the term occurs in each field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Posting {
    /// Document number (stored order, see [`Index::input_position`]).
    pub doc: u32,
    /// Term frequency per field ([`FIELDS`] order).
    pub tf: [u16; FIELDS.len()],
    /// The fields (bit per field) where the term occurs: its flag byte's field bits (in an
    /// undamaged index, those whose frequency is above 0).
    pub fields: u8,
}

/// A [`Posting`] as the scoring loop reads it ([`Postings::posting`]): its frequencies in
/// one word, 16 bits per field ([`FIELDS`] order), so that reading one by a field number is a
/// shift of a value held in a register rather than a load from an array in memory.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PackedPosting {
    /// Document number.
    pub doc: u32,
    /// Term frequency of field `f` in bits `16 * f ..`.
    pub tf: u64,
    /// The fields (bit per field) where the term occurs: its flag byte's field bits (in an
    /// undamaged index, those whose frequency is above 0).
    pub fields: u8,
}

impl PackedPosting {
    /// Field `f`'s term frequency.
    #[inline(always)]
    pub fn tf(&self, f: usize) -> u16 {
        (self.tf >> (16 * (f % FIELDS.len()))) as u16
    }
}

/// About how many bytes the postings list of a term in `df` of `n` entries takes, or a little
/// more: its head, per posting a gap (a varint of the mean gap `n / df`) and a flags byte, half
/// a byte of frequencies, and an eighth on top. Over the lists of the newest 100k arXiv entries,
/// the lists of 1,000 or more postings (those that span many blocks) are at most 1.15 times it.
fn list_len_estimate(df: u32, n: u32) -> usize {
    let df = df.max(1) as usize;
    let mean_gap = (n as usize / df).max(1);
    let gap_bytes = ((usize::BITS - mean_gap.leading_zeros()) as usize).div_ceil(7);
    (2 * format::MAX_VARINT_BYTES + df * (gap_bytes + 1) + df / 2) * 9 / 8
}

impl<'a> Index<'a> {
    /// Opens an index: checks the magic, the version, the header and section table's checksum,
    /// that every section lies inside the data, and the checksums of the small sections and of
    /// the first block of TERMS and STORE. The large sections (TERMS, POSTINGS, STORE) are
    /// checked 2 KiB block by block when a search first reads them: a damaged block makes that
    /// search fail with [`IndexError::Checksum`], never answer from damaged bytes. Opening reads
    /// none of them, so it costs the same for any size of index.
    ///
    /// `Index` and [`Searcher`](crate::search::Searcher) hold per-session state in cells (the
    /// blocks checked so far, the scoring scratch space) and are neither `Send` nor `Sync`: give
    /// each thread its own, opened over the same bytes (opening is cheap).
    pub fn open(bytes: &'a [u8]) -> Result<Index<'a>, IndexError> {
        Self::open_with(bytes, None)
    }

    /// Opens an index whose block-checked sections (TERMS, POSTINGS, STORE) are not in memory
    /// yet: `fill(offset, len)` copies the bytes `offset..offset + len` of the index into place,
    /// and is called for each block ([`format::BLOCK_LEN`]) right before the block is first read
    /// (and verified).
    /// The header, the section table and every other section must already be in place.
    ///
    /// This is how the browser runtime avoids copying (and paging in) the 80% of an index
    /// that a session never reads. The caller guarantees that `fill` writes exactly those
    /// bytes of `bytes` and nothing else, and that no byte of a block is read before it is
    /// filled: this reader reads a large section only through `Blocks::check`.
    pub fn open_lazy(bytes: &'a [u8], fill: Fill<'a>) -> Result<Index<'a>, IndexError> {
        Self::open_with(bytes, Some(fill))
    }

    fn open_with(bytes: &'a [u8], fill: Option<Fill<'a>>) -> Result<Index<'a>, IndexError> {
        if bytes.len() < format::HEADER_LEN {
            return Err(if bytes.len() >= 8 && bytes[..8] == format::MAGIC { IndexError::Truncated("header") } else { IndexError::NotAnIndex });
        }
        if bytes[..8] != format::MAGIC {
            return Err(IndexError::NotAnIndex);
        }
        let version = get_u32(bytes, 8).ok_or(IndexError::Truncated("header"))?;
        if version != format::FORMAT_VERSION {
            return Err(IndexError::Version { found: version, expected: format::FORMAT_VERSION });
        }
        let count = get_u32(bytes, 12).ok_or(IndexError::Truncated("header"))?;
        if count > 64 {
            let mut why = String::new();
            crate::entry::push_decimal(&mut why, count, 0);
            return Err(IndexError::Corrupt(why + " sections"));
        }
        let count = count as usize;
        let table_end = format::HEADER_LEN + count * format::SECTION_ROW_LEN;
        let table_sum = get_u64(bytes, table_end).ok_or(IndexError::Truncated("section table"))?;
        if format::checksum(&bytes[..table_end]) != table_sum {
            return Err(IndexError::Checksum("section table"));
        }
        let mut found: [Option<(usize, &'a [u8])>; 10] = [None; 10];
        let mut block_checked = [false; 10];
        for format::SectionRow { kind, flags, offset: off, len, checksum: sum } in format::section_rows(&bytes[..table_end]) {
            let name = section_name(kind);
            let data = off.checked_add(len).and_then(|end| bytes.get(off..end)).ok_or(IndexError::Truncated(name))?;
            // Large sections are checked block by block when first read (see `Blocks`).
            let blocks = flags & format::FLAG_BLOCK_CHECKED != 0;
            if !blocks && format::checksum(data) != sum {
                return Err(IndexError::Checksum(name));
            }
            if let Some(slot) = found.get_mut(kind as usize) {
                *slot = Some((off, data));
                block_checked[kind as usize] = blocks;
            }
        }
        let located = |kind: u32| found[kind as usize].ok_or_else(|| IndexError::Corrupt(concat(&["missing ", section_name(kind), " section"])));
        let need = |kind: u32| located(kind).map(|(_, data)| data);
        let blocks_table = need(section::BLOCKS)?;
        let blocks_for = |kind: u32| -> Result<Blocks<'a>, IndexError> {
            let (offset, data) = located(kind)?;
            if !block_checked[kind as usize] {
                return Err(IndexError::Corrupt(concat(&[section_name(kind), " section is not block-checked"])));
            }
            Blocks::find(blocks_table, kind, data, offset, fill.clone())
        };
        let terms_blocks = blocks_for(section::TERMS)?;
        let postings_blocks = blocks_for(section::POSTINGS)?;
        let store_blocks = blocks_for(section::STORE)?;
        let meta = need(section::META)?;
        let terms = need(section::TERMS)?;
        if !terms_blocks.check(0, format::TERMS_HEAD_LEN) {
            return Err(IndexError::Checksum("TERMS"));
        }
        // The dictionaries' offsets rise, and the last ends with the section (read one by one:
        // a list of them took its allocation's code).
        let offset = |b: usize| get_u32(terms, 4 * b).map_or(usize::MAX, |v| v as usize);
        if (0..256).any(|b| offset(b) > offset(b + 1)) || offset(256).checked_add(format::TERMS_HEAD_LEN) != Some(terms.len()) {
            return Err(IndexError::Corrupt("TERMS section is malformed".into()));
        }
        let postings = need(section::POSTINGS)?;
        let docs = need(section::DOCS)?;
        let store = need(section::STORE)?;
        let doc_count = get_u32(meta, 0).ok_or_else(|| IndexError::Corrupt("META too short".into()))?;
        // Checked: on wasm32 `usize` is 32 bits, and a wrapped product could pass these checks.
        if (doc_count as usize).checked_mul(DOC_ROW_LEN) != Some(docs.len()) {
            return Err(IndexError::Corrupt("DOCS size does not match the entry count".into()));
        }
        if !store_blocks.check(0, format::STORE_HEAD_LEN) {
            return Err(IndexError::Checksum("STORE"));
        }
        let samples_end = (doc_count as usize).div_ceil(format::STORE_SAMPLE).saturating_mul(12).saturating_add(format::STORE_HEAD_LEN);
        let run = |i: usize| get_u32(store, 4 * i).map_or(usize::MAX, |v| v as usize);
        // The runs start after the samples, in order, and the last ends with the section.
        let ordered = run(1) == samples_end && run(1) <= run(2) && run(2) <= run(3) && run(3) <= run(4) && run(4) == store.len();
        if get_u32(store, 0) != Some(doc_count) || !ordered {
            return Err(IndexError::Corrupt("STORE does not match the entry count".into()));
        }
        let mut avg_len = [1.0f32; FIELDS.len()];
        for (i, avg) in avg_len.iter_mut().enumerate() {
            let total = get_u64(meta, 8 + 8 * i).ok_or_else(|| IndexError::Corrupt("META too short".into()))?;
            if doc_count > 0 && total > 0 {
                *avg = total as f32 / doc_count as f32;
            }
        }
        let tags = Tags::parse(need(section::TAGS)?, doc_count as usize)?;
        let completions = found[section::COMPLETIONS as usize].map_or(&[][..], |(_, data)| data);
        let order = found[section::ORDER as usize].map_or(&[][..], |(_, data)| data);
        if !order.is_empty() && order.len() != doc_count as usize * 2 {
            return Err(IndexError::Corrupt("ORDER does not match the entry count".into()));
        }
        let terms_checked = std::array::from_fn(|_| Cell::new(false));
        Ok(Index { terms, terms_blocks, terms_checked, postings, docs, store, doc_count, avg_len, postings_blocks, store_blocks, tags, completions, order, damage: Cell::new(None) })
    }

    /// Number of entries.
    pub fn doc_count(&self) -> u32 {
        self.doc_count
    }

    /// The dictionary of the terms that start with the byte `first`, `None` when no term does.
    /// Every walk of the dictionary keeps a word's first byte, so a search reads only the
    /// dictionaries of its words' first bytes. Their bytes are checked when first read; damage
    /// (or, for a lazy load, bytes not fetched yet) gives `None` and is reported by
    /// [`Index::damage`].
    pub fn dictionary(&self, first: u8) -> Option<Dictionary<'a>> {
        let at = |b: usize| get_u32(self.terms, 4 * b).map(|v| v as usize + format::TERMS_HEAD_LEN);
        let (start, end) = (at(usize::from(first))?, at(usize::from(first) + 1)?);
        if start >= end {
            return None;
        }
        let checked = &self.terms_checked[usize::from(first)];
        if !checked.get() {
            if !self.terms_blocks.check(start, end) {
                self.mark_damaged("TERMS");
                return None;
            }
            checked.set(true);
        }
        // The region: the fst's length, the fst, the term info.
        let (len, region) = self.terms.get(start..end)?.split_first_chunk()?;
        let (fst, info) = region.split_at_checked(u32::from_le_bytes(*len) as usize)?;
        Some(Dictionary { fst: fst::Map::new(fst).ok()?, info })
    }

    /// The value of `term` in the dictionary (looked up as the query path's walks go, so that
    /// the runtime holds one copy of that code).
    pub fn term(&self, term: &[u8]) -> Option<u64> {
        let dictionary = self.dictionary(*term.first()?)?;
        crate::search::descend::at(&dictionary, None, term).and_then(|at| crate::search::descend::value(&dictionary, at))
    }

    /// Every term with its value, in byte order (for tests and tools: it reads the whole
    /// dictionary).
    pub fn for_each_term(&self, f: &mut dyn FnMut(&[u8], u64)) {
        use fst::Streamer;
        for first in 0..=255u8 {
            if let Some(dictionary) = self.dictionary(first) {
                let mut stream = dictionary.fst.stream();
                while let Some((k, ordinal)) = stream.next() {
                    f(k, dictionary.value(ordinal));
                }
            }
        }
    }

    /// Average length of a field in words.
    pub fn avg_len(&self, field: usize) -> f32 {
        self.avg_len.get(field).copied().unwrap_or(0.0)
    }

    /// Splits a term's value ([`format::DF_BITS`]) into (postings offset, document frequency).
    pub fn split_value(value: u64) -> (usize, u32) {
        ((value >> format::DF_BITS) as usize, (value & format::DF_MASK) as u32)
    }

    /// True when the term of this value only occurs as a joined compound.
    pub fn joined_only(value: u64) -> bool {
        value & format::JOINED_ONLY != 0
    }

    /// Sets `docs` to the documents of the term whose value is `value` that hold it in one
    /// of `fields` (bit per field; `u8::MAX` for any), in order: for what needs no more than
    /// that (exclusions, a split's check), one copy of the postings decoder in the wasm rather
    /// than one more per place it is inlined.
    #[inline(never)]
    pub fn docs(&self, value: u64, fields: u8, docs: &mut Vec<u32>) {
        docs.clear();
        for p in self.postings(value) {
            if p.fields & fields != 0 {
                docs.push(p.doc);
            }
        }
    }

    /// The postings of the term whose value is `value`. Their bytes are checked as they
    /// are read; damage ends the iteration early and is reported by [`Index::damage`].
    pub fn postings(&self, value: u64) -> Postings<'_, 'a> {
        let (offset, df) = Self::split_value(value);
        let mut p = Postings { index: self, pos: offset, flag_pos: offset, tf_pos: offset, checked_to: offset, flag_end: offset, doc: 0, tf_flag: offset };
        // The head (count, gap bytes) or, for a single posting, the count and its gap.
        if !p.check(offset, offset + 2 * format::MAX_VARINT_BYTES) {
            // Not there yet (a lazy load): the whole list is named now, from its length as its
            // document frequency puts it, so that a long list arrives in one fetch rather than
            // its head first and its gaps in the next.
            self.postings_blocks.name(offset, offset.saturating_add(list_len_estimate(df, self.doc_count)));
            return p;
        }
        let bytes = self.postings;
        let Some(count) = get_varint(bytes, &mut p.pos) else { return p };
        let count = count.min(u64::from(self.doc_count)) as usize;
        // One posting: its gap is the one varint.
        let mut end = p.pos;
        let gap_bytes = get_varint(bytes, &mut end).map_or(0, |v| if count > 1 { p.pos = end; v as usize } else { end - p.pos });
        // Gaps and flags are checked now; frequencies as they are read.
        let Some(flags) = p.pos.checked_add(gap_bytes) else { return p };
        let Some(tfs) = flags.checked_add(count) else { return p };
        if !p.check(p.pos, tfs) {
            return p;
        }
        p.flag_pos = flags;
        p.tf_flag = flags;
        p.tf_pos = tfs;
        p.flag_end = tfs;
        p
    }

    /// Number of distinct tags.
    pub fn tag_count(&self) -> u32 {
        self.tags.count as u32
    }

    /// The display name of tag `id`.
    pub fn tag_name(&self, id: u32) -> &'a str {
        let t = &self.tags;
        let (Some(a), Some(b)) = (get_u32(t.name_offsets, id as usize * 4), get_u32(t.name_offsets, id as usize * 4 + 4)) else {
            return "";
        };
        t.names.get(a as usize..b as usize).and_then(|s| std::str::from_utf8(s).ok()).unwrap_or("")
    }

    /// The id of the tag whose folded form is `folded` (see `text::normalize_tag`).
    pub fn tag_id(&self, folded: &str) -> Option<u32> {
        let (mut lo, mut hi) = (0u32, self.tags.count as u32);
        while lo < hi {
            let mid = lo + (hi - lo) / 2;
            match crate::text::normalize_tag(self.tag_name(mid)).as_str().cmp(folded) {
                std::cmp::Ordering::Less => lo = mid + 1,
                std::cmp::Ordering::Greater => hi = mid,
                std::cmp::Ordering::Equal => return Some(mid),
            }
        }
        None
    }

    /// The tag ids of entry `doc`.
    pub fn doc_tags(&self, doc: u32) -> impl Iterator<Item = u32> + '_ {
        let t = &self.tags;
        let bytes = t.entry_offsets.get(doc as usize).and_then(|&at| t.lists.get(at as usize..)).unwrap_or(&[]);
        let mut pos = 0;
        let mut left = get_varint(bytes, &mut pos).unwrap_or(0);
        std::iter::from_fn(move || {
            left = left.checked_sub(1)?;
            get_varint(bytes, &mut pos).map(|v| v as u32)
        })
    }

    /// Damage found so far by the lazy block checks (a checksum mismatch in TERMS, POSTINGS or STORE).
    /// Searches check it and report an error instead of results read from damaged bytes.
    pub fn damage(&self) -> Option<IndexError> {
        let d = self.damage.take();
        self.damage.set(d.clone());
        d
    }

    /// Forgets the damage found so far ([`Searcher::search`](crate::search::Searcher::search)
    /// does, as it starts). A block that failed its check stays unchecked, so a read of it fails
    /// again: what a search reports is the damage it read. (A lazy loader that fills blocks as
    /// they arrive over the network runs a search again once the blocks it missed are there.)
    pub fn clear_damage(&self) {
        self.damage.set(None);
    }

    /// Whether damage was found since the last [`Index::clear_damage`] (see [`Index::damage`]).
    pub fn is_damaged(&self) -> bool {
        let d = self.damage.take();
        let damaged = d.is_some();
        self.damage.set(d);
        damaged
    }

    fn mark_damaged(&self, section: &'static str) {
        if !self.is_damaged() {
            self.damage.set(Some(IndexError::Checksum(section)));
        }
    }

    /// Field lengths of a document in words (to within 6.25%: see [`format::len_code`]).
    pub fn doc_lens(&self, doc: u32) -> [u32; FIELDS.len()] {
        self.doc_len_codes(doc).map(format::len_of)
    }

    /// [`Index::doc_len_codes`] as one little-endian `u32` (the first field in the low byte):
    /// the scoring loop reads it for each entry it admits, and an array of four bytes went
    /// through the wasm's memory.
    pub fn doc_len_codes_packed(&self, doc: u32) -> u32 {
        const _: () = assert!(FIELDS.len() == 4, "four length codes in a u32");
        get_u32(self.docs, doc as usize * DOC_ROW_LEN).unwrap_or(0)
    }

    /// Field lengths of a document as stored: one [`format::len_code`] per field.
    pub fn doc_len_codes(&self, doc: u32) -> [u8; FIELDS.len()] {
        self.doc_len_codes_packed(doc).to_le_bytes()
    }

    /// The date of a document as `yyyymmdd`, 0 when unknown.
    pub fn doc_date(&self, doc: u32) -> u32 {
        get_u32(self.docs, doc as usize * DOC_ROW_LEN + FIELDS.len()).unwrap_or(0)
    }

    /// A document's position in the builder's input (documents are numbered in the order the
    /// index stores them, which groups entries by their tags within runs of
    /// [`format::ORDER_RUN`]: ORDER holds the position within the run).
    pub fn input_position(&self, doc: u32) -> u32 {
        let at = doc as usize * 2;
        match self.order.get(at..at + 2) {
            Some(b) => doc / format::ORDER_RUN as u32 * format::ORDER_RUN as u32 + u32::from(u16::from_le_bytes([b[0], b[1]])),
            None => doc,
        }
    }

    /// The most frequent completions of `prefix` from the COMPLETIONS section, as (suffix after
    /// the prefix, the value [`Dictionary::value`] hands out), in the order a query ranks them; `None` when the section has
    /// no record for the prefix (it has few enough completions to walk the dictionary for).
    pub fn completions(&self, prefix: &[u8]) -> Option<impl Iterator<Item = (&'a [u8], u64)> + 'a> {
        let c = self.completions;
        let count = get_u32(c, 0)? as usize;
        let body = 4 + (count.checked_add(1)?).checked_mul(4)?;
        let record = |i: usize| -> Option<&'a [u8]> {
            let (a, b) = (get_u32(c, 4 + 4 * i)? as usize, get_u32(c, 8 + 4 * i)? as usize);
            c.get(body.checked_add(a)?..body.checked_add(b)?)
        };
        let key = |rec: &'a [u8]| -> Option<(&'a [u8], usize)> {
            let mut pos = 0;
            Some((get_prefixed(rec, &mut pos)?, pos))
        };
        let (mut lo, mut hi) = (0, count);
        while lo < hi {
            let mid = lo + (hi - lo) / 2;
            let rec = record(mid)?;
            let (p, mut pos) = key(rec)?;
            match p.cmp(prefix) {
                std::cmp::Ordering::Less => lo = mid + 1,
                std::cmp::Ordering::Greater => hi = mid,
                std::cmp::Ordering::Equal => {
                    let mut left = get_varint(rec, &mut pos)?;
                    return Some(std::iter::from_fn(move || {
                        if left == 0 {
                            return None;
                        }
                        left -= 1;
                        let suffix = get_prefixed(rec, &mut pos)?;
                        Some((suffix, get_varint(rec, &mut pos)?))
                    }));
                }
            }
        }
        None
    }

    /// The stored display fields of a document.
    pub fn stored(&self, doc: u32) -> Stored<'a> {
        self.stored_text(doc).entry()
    }

    /// The title and abstract of entry `doc`, the rest of it unread ([`StoredText`]); read as
    /// [`Index::stored`] reads them (empty when they cannot be read).
    pub(crate) fn stored_text(&self, doc: u32) -> StoredText<'a> {
        self.read_stored(doc).unwrap_or_default()
    }

    /// [`Index::stored_text`]; `None` when a block fails its check (recorded as damage) or the
    /// bytes do not parse.
    fn read_stored(&self, doc: u32) -> Option<StoredText<'a>> {
        if doc >= self.doc_count {
            return None;
        }
        let store = self.store;
        let blocks = &self.store_blocks;
        // The runs' starts and the section's end, from the head (checked at open).
        let run = |i: usize| get_u32(store, 4 * i).map_or(0, |v| v as usize);
        let group = doc as usize / format::STORE_SAMPLE;
        let last = (group + 1) * format::STORE_SAMPLE >= self.doc_count as usize;
        // The group's row, and the next group's, where this group's records end.
        let row = format::STORE_HEAD_LEN + group * 12;
        if !blocks.check(row, row + if last { 12 } else { 24 }) {
            // Every entry read needs a row: a lazy load fetches them all at the first miss.
            blocks.name(format::STORE_HEAD_LEN, run(1));
            self.mark_damaged("STORE");
            return None;
        }
        // Where the group starts in each run (meta records, titles, abstracts), and where its
        // meta records and titles end.
        let mut at = [0usize; 3];
        let mut ends = [0usize; 2];
        for (i, start) in at.iter_mut().enumerate() {
            *start = run(1 + i).checked_add(get_u32(store, row + 4 * i)? as usize)?;
        }
        for (i, end) in ends.iter_mut().enumerate() {
            *end = if last { run(2 + i) } else { run(1 + i).checked_add(get_u32(store, row + 12 + 4 * i)? as usize)? };
        }
        let starts = at;
        // Every byte must lie in verified blocks before it is read: in a lazily filled index
        // (`open_lazy`), checking a block is what copies it in. Offsets were checked at open to
        // lie in the section; sums past its end fail `get` below. On a miss, the group's meta
        // records and titles are named at once, which the walk below would otherwise find one
        // round trip at a time; the abstract, placed by the meta records, comes in the next.
        // (Naming the group's abstracts too saved that round trip for 1.5x the bytes.)
        let check = |start: usize, len: usize| -> Option<()> {
            let ok = blocks.check(start, start.saturating_add(len).min(store.len()));
            if !ok {
                for (start, end) in starts.into_iter().zip(ends) {
                    blocks.name(start, end);
                }
                self.mark_damaged("STORE");
            }
            ok.then_some(())
        };
        // Skip the records of the entries before `doc` in its sample: each meta record starts
        // with its length, its title's and its abstract's.
        let mut lens = [0usize; 3];
        // Where `doc`'s id starts, past the lengths, in its meta record.
        let mut head = 0;
        for _ in 0..=doc as usize % format::STORE_SAMPLE {
            for (at, len) in at.iter_mut().zip(lens) {
                *at = at.saturating_add(len);
            }
            check(at[0], 3 * format::MAX_VARINT_BYTES)?;
            let mut pos = at[0];
            let len = get_varint(store, &mut pos)? as usize;
            lens[0] = (pos - at[0]).saturating_add(len);
            lens[1] = get_varint(store, &mut pos)? as usize;
            lens[2] = get_varint(store, &mut pos)? as usize;
            head = pos - at[0];
        }
        let part = |i: usize| -> Option<&'a [u8]> {
            check(at[i], lens[i])?;
            store.get(at[i]..at[i].saturating_add(lens[i]))
        };
        let rec = part(0)?;
        let title = std::str::from_utf8(part(1)?).ok()?;
        let abstract_text = std::str::from_utf8(part(2)?).ok()?;
        Some(StoredText { title, abstract_text, rec, head })
    }
}

/// An iterator over one term's postings, decoding (and checking) as it goes: three cursors,
/// over the gaps, the flag bytes and the frequencies (see `docs/index-format.md`).
pub struct Postings<'i, 'a> {
    index: &'i Index<'a>,
    /// The next gap varint.
    pos: usize,
    /// The next flag byte.
    flag_pos: usize,
    /// The next frequency varint.
    tf_pos: usize,
    /// Bytes before this are verified: the gaps and flags from the start, the frequencies as
    /// their cursor advances.
    checked_to: usize,
    /// The end of the flag bytes, one per posting: the postings left are `flag_end - flag_pos`.
    flag_end: usize,
    /// The last document read (0 before the first, whose gap is its number).
    doc: u32,
    /// The flag byte of the first posting whose frequencies `tf_pos` has not passed yet
    /// (`usize::MAX` once they could not be read).
    tf_flag: usize,
}

/// A posting's field bits, the low bits of its flags.
pub const FIELD_BITS: u8 = (1 << FIELDS.len()) - 1;

/// The frequencies of a posting without its own (`tf_flag` 0), by field mask, packed as
/// [`PackedPosting::tf`]: 1 in each field of the mask.
const ONCE: [u64; 1 << FIELDS.len()] = {
    let mut t = [0u64; 1 << FIELDS.len()];
    let mut mask = 0;
    while mask < 1 << FIELDS.len() {
        let mut f = 0;
        while f < FIELDS.len() {
            t[mask] |= ((mask as u64 >> f) & 1) << (16 * f);
            f += 1;
        }
        mask += 1;
    }
    t
};

/// Bytes one posting's frequencies can take at most: four varints.
const MAX_TF_BYTES: usize = 4 * format::MAX_VARINT_BYTES;

impl Postings<'_, '_> {
    /// How many postings are left.
    pub fn len(&self) -> u32 {
        (self.flag_end - self.flag_pos) as u32
    }

    /// True when no postings are left.
    pub fn is_empty(&self) -> bool {
        self.flag_pos >= self.flag_end
    }

    /// Verifies the blocks of `start..end`; on damage, marks the index and ends the iteration.
    fn check(&mut self, start: usize, end: usize) -> bool {
        let blocks = &self.index.postings_blocks;
        let start = start - start % format::BLOCK_LEN;
        let end = end.div_ceil(format::BLOCK_LEN) * format::BLOCK_LEN;
        if !blocks.check(start, end) {
            self.index.mark_damaged("POSTINGS");
            self.flag_end = self.flag_pos;
            return false;
        }
        self.checked_to = self.checked_to.max(end);
        true
    }
}

impl Postings<'_, '_> {
    /// The next posting, its frequencies packed ([`PackedPosting`]): what [`Iterator::next`]
    /// gives. (A block of one: the scoring loop reads postings by blocks, and this path, for
    /// the other readers, adds no code of its own to the runtime.)
    pub fn next_packed(&mut self) -> Option<PackedPosting> {
        let mut doc = [0];
        let (at, flags, _) = self.next_block(&mut doc, &[]);
        let &flag = flags.first()?;
        let p = self.posting(doc[0], at, flag);
        // Frequencies not read end the list.
        (self.tf_flag != usize::MAX).then_some(p)
    }
}

/// Most postings [`Postings::next_block`] decodes at once.
pub const POSTINGS_BLOCK: usize = 64;
const _: () = assert!(POSTINGS_BLOCK <= 64, "a block's postings are the bits of a u64");

impl<'a> Postings<'_, 'a> {
    /// Decodes the next postings, at most [`POSTINGS_BLOCK`] and `docs.len()`, into `docs`
    /// (their document numbers, from the start) in one tight loop, and returns where the first
    /// one's flag byte lies in the index (for [`Postings::posting`]), the flag bytes of those
    /// decoded, one per posting (`tf_flag << 4 | field mask`; empty at the end of the list),
    /// and which of them (bit `i` for `docs[i]`) have their document's bit set in `marks` (a
    /// bit per document). The scoring loop then reads a posting's frequencies only when it uses
    /// it: most postings it passes over are a gap and a flag byte. (The iterator reads blocks
    /// of one.)
    #[inline(never)]
    pub fn next_block(&mut self, docs: &mut [u32], marks: &[u64]) -> (usize, &'a [u8], u64) {
        let bytes = self.index.postings;
        let start = self.flag_pos;
        // (Flag bytes past the section, which only a damaged count claims, end the list.)
        let n = self.flag_end.min(bytes.len()).saturating_sub(start).min(docs.len()).min(POSTINGS_BLOCK);
        let (mut pos, mut doc, mut k, mut marked) = (self.pos, self.doc, 0, 0u64);
        for slot in &mut docs[..n] {
            // Most gaps take one or two bytes: decoded inline, the rest by `get_varint`.
            let delta = match bytes.get(pos..pos + 2) {
                Some(&[b0, _]) if b0 < 0x80 => {
                    pos += 1;
                    u32::from(b0)
                }
                Some(&[b0, b1]) if b1 < 0x80 => {
                    pos += 2;
                    u32::from(b0 & 0x7f) | u32::from(b1) << 7
                }
                _ => match get_varint(bytes, &mut pos).and_then(|v| u32::try_from(v).ok()) {
                    Some(v) => v,
                    None => break,
                },
            };
            let Some(next) = doc.checked_add(delta) else { break };
            doc = next;
            *slot = doc;
            marked |= u64::from(is_set(marks, doc)) << k;
            k += 1;
        }
        if k < n {
            // A gap that does not decode ends the list.
            self.flag_end = start + k;
        }
        (self.pos, self.doc, self.flag_pos) = (pos, doc, start + k);
        // (Empty for a list whose flags would start past the section: a damaged index.)
        (start, bytes.get(start..start + k).unwrap_or_default(), marked)
    }

    /// The posting of document `doc` whose flag byte `flags` lies at `at` (from
    /// [`Postings::next_block`]), with its frequencies. Its fields are its flag byte's (a
    /// frequency of 0, which only a damaged index holds, scores 0). Postings with frequencies
    /// of their own must be asked for in list order; the frequencies of those passed over in
    /// between are skipped when the next is asked for. Frequencies that cannot be read (a
    /// damaged index) are 0, and the list ends with the block.
    #[inline(always)]
    pub fn posting(&mut self, doc: u32, at: usize, flags: u8) -> PackedPosting {
        let fields = flags & FIELD_BITS;
        let tf = if flags & format::POSTING_TF == 0 { ONCE[usize::from(fields)] } else { self.frequencies(at, flags) };
        PackedPosting { doc, tf, fields }
    }

    /// [`Postings::posting`]'s frequencies of a posting with its own (a minority), out of line.
    #[inline(never)]
    fn frequencies(&mut self, at: usize, flags: u8) -> u64 {
        self.read_frequencies(at, flags).unwrap_or_else(|| {
            // The list ends with this block, and later calls return at once.
            self.flag_end = self.flag_pos;
            self.tf_flag = usize::MAX;
            0
        })
    }

    #[inline(always)]
    fn read_frequencies(&mut self, at: usize, flags: u8) -> Option<u64> {
        let bytes = self.index.postings;
        if self.tf_flag != at {
            // The frequencies of the postings before this one not read: a varint per field bit
            // of each flag byte with `POSTING_TF`, counted eight flag bytes at a time.
            let flags_between = bytes.get(self.tf_flag..at)?;
            let mut words = flags_between.chunks_exact(8);
            let mut skip: u32 = words.by_ref().map(|w| u64::from_le_bytes(w.try_into().unwrap_or_default())).map(|w| (w & ((w >> 4 & 0x0101_0101_0101_0101) * 0x0f)).count_ones()).sum();
            skip += words.remainder().iter().map(|&f| if f & format::POSTING_TF != 0 { (f & FIELD_BITS).count_ones() } else { 0 }).sum::<u32>();
            // Skipped: a varint ends at a byte below 0x80. The next `skip` bytes end `skip`
            // varints less the bytes in them that do not end one (frequencies past 127, rare).
            while skip > 0 {
                let end = self.tf_pos.checked_add(skip as usize)?;
                if end > self.checked_to && !self.check(self.tf_pos, end) {
                    return None;
                }
                let run = bytes.get(self.tf_pos..end)?;
                self.tf_pos = end;
                skip = run.iter().map(|&b| u32::from(b >> 7)).sum();
            }
        }
        self.tf_flag = at + 1;
        if self.tf_pos + MAX_TF_BYTES > self.checked_to && !self.check(self.tf_pos, self.tf_pos + MAX_TF_BYTES) {
            return None;
        }
        // The four fields written out, not looped over (V8 kept the loop, with a stack check on
        // each field).
        const _: () = assert!(FIELDS.len() == 4, "read_frequencies reads four fields");
        let mut tf = 0u64;
        if flags & 1 != 0 {
            tf |= self.frequency()?;
        }
        if flags & 2 != 0 {
            tf |= self.frequency()? << 16;
        }
        if flags & 4 != 0 {
            tf |= self.frequency()? << 32;
        }
        if flags & 8 != 0 {
            tf |= self.frequency()? << 48;
        }
        Some(tf)
    }

    /// The frequency varint at the cursor (at most `u16::MAX`), the cursor moved past it.
    #[inline(always)]
    fn frequency(&mut self) -> Option<u64> {
        let bytes = self.index.postings;
        // Most frequencies take one byte: read inline.
        match bytes.get(self.tf_pos) {
            Some(&b) if b < 0x80 => {
                self.tf_pos += 1;
                Some(u64::from(b))
            }
            _ => Some(get_varint(bytes, &mut self.tf_pos)?.min(u64::from(u16::MAX))),
        }
    }
}

impl Iterator for Postings<'_, '_> {
    type Item = Posting;

    #[inline(always)]
    fn next(&mut self) -> Option<Posting> {
        let p = self.next_packed()?;
        Some(Posting { doc: p.doc, tf: std::array::from_fn(|f| p.tf(f)), fields: p.fields })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A meta record's string that is not UTF-8 reads as an empty id, or ends the list it is in;
    /// either way the record is read on past it.
    #[test]
    fn a_stored_string_that_is_not_utf8_is_passed_over() {
        let mut rec = Vec::new();
        let mut put = |items: &[&[u8]], list: bool| {
            if list {
                format::put_varint(&mut rec, items.len() as u64);
            }
            for s in items {
                format::put_varint(&mut rec, s.len() as u64);
                rec.extend_from_slice(s);
            }
        };
        put(&[b"\xffid"], false);
        put(&[b"https://example.org/a", b"https://example.org/\xff"], true);
        put(&[b"Ada Lovelace"], true);
        put(&[b"cs.LG", b"\xfe", b"math.ST"], true);
        let stored = StoredText { title: "t", abstract_text: "a", rec: &rec, head: 0 }.entry();
        assert_eq!((stored.id, stored.title, stored.abstract_text), ("", "t", "a"));
        assert_eq!(stored.urls, ["https://example.org/a"]);
        assert_eq!(stored.authors, ["Ada Lovelace"]);
        assert_eq!(stored.tags, ["cs.LG"]);
    }
}
