//! Reading an index in place: [`Index::open`] checks the header, the section table and every
//! section's checksum, then hands out borrowed views. Nothing is parsed into objects: the fst is
//! searched where it lies, postings are decoded as a query walks them, stored text is sliced on
//! demand. Every read is bounds-checked, so a damaged index yields an error or empty data, never a
//! panic.

use super::format::{self, get_u32, get_u64, get_varint, section, DOC_ROW_LEN, FIELDS};
use std::fmt;

/// Why an index could not be opened.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IndexError {
    /// The bytes do not start with the index magic number.
    NotAnIndex,
    /// The index was written in a format version this reader does not read.
    Version { found: u32, expected: u32 },
    /// The bytes end before the header, the table or a section does.
    Truncated(&'static str),
    /// A checksum does not match: the bytes were damaged.
    Checksum(&'static str),
    /// The structure is inconsistent (a missing section, a bad fst).
    Corrupt(String),
}

impl fmt::Display for IndexError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            IndexError::NotAnIndex => write!(f, "not a digest-search index (bad magic number)"),
            IndexError::Version { found, expected } => write!(
                f,
                "index format version {found}, but this runtime reads version {expected}: rebuild the index with a matching digest-search"
            ),
            IndexError::Truncated(what) => write!(f, "index is truncated: the {what} runs past the end of the data"),
            IndexError::Checksum(what) => write!(f, "index is corrupted: checksum mismatch in the {what} section"),
            IndexError::Corrupt(why) => write!(f, "index is corrupted: {why}"),
        }
    }
}

impl std::error::Error for IndexError {}

fn section_name(kind: u32) -> &'static str {
    match kind {
        section::META => "META",
        section::TERMS => "TERMS",
        section::POSTINGS => "POSTINGS",
        section::DOCS => "DOCS",
        section::STORE => "STORE",
        _ => "unknown",
    }
}

/// An opened index, borrowing its bytes.
pub struct Index<'a> {
    terms: fst::Map<&'a [u8]>,
    postings: &'a [u8],
    docs: &'a [u8],
    store: &'a [u8],
    doc_count: u32,
    avg_len: [f32; FIELDS.len()],
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

/// One posting: a document and how often the term occurs in each field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Posting {
    /// Document number (input order).
    pub doc: u32,
    /// Term frequency per field ([`FIELDS`] order).
    pub tf: [u16; FIELDS.len()],
}

impl<'a> Index<'a> {
    /// Opens an index: checks magic, version, table and section checksums.
    pub fn open(bytes: &'a [u8]) -> Result<Index<'a>, IndexError> {
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
        let count = get_u32(bytes, 12).ok_or(IndexError::Truncated("header"))? as usize;
        if count > 64 {
            return Err(IndexError::Corrupt(format!("{count} sections")));
        }
        let table_end = format::HEADER_LEN + count * format::SECTION_ROW_LEN;
        let table_sum = get_u64(bytes, table_end).ok_or(IndexError::Truncated("section table"))?;
        if format::checksum(&bytes[..table_end]) != table_sum {
            return Err(IndexError::Checksum("section table"));
        }
        let mut found: [Option<&'a [u8]>; 6] = [None; 6];
        for i in 0..count {
            let row = format::HEADER_LEN + i * format::SECTION_ROW_LEN;
            let kind = get_u32(bytes, row).unwrap_or(0);
            let off = get_u32(bytes, row + 8).unwrap_or(0) as usize;
            let len = get_u32(bytes, row + 12).unwrap_or(0) as usize;
            let sum = get_u64(bytes, row + 16).unwrap_or(0);
            let name = section_name(kind);
            let data = off.checked_add(len).and_then(|end| bytes.get(off..end)).ok_or(IndexError::Truncated(name))?;
            if format::checksum(data) != sum {
                return Err(IndexError::Checksum(name));
            }
            if let Some(slot) = found.get_mut(kind as usize) {
                *slot = Some(data);
            }
        }
        let need = |kind: u32| found[kind as usize].ok_or_else(|| IndexError::Corrupt(format!("missing {} section", section_name(kind))));
        let meta = need(section::META)?;
        let terms = fst::Map::new(need(section::TERMS)?).map_err(|e| IndexError::Corrupt(format!("term dictionary: {e}")))?;
        let postings = need(section::POSTINGS)?;
        let docs = need(section::DOCS)?;
        let store = need(section::STORE)?;
        let doc_count = get_u32(meta, 0).ok_or_else(|| IndexError::Corrupt("META too short".into()))?;
        if docs.len() != doc_count as usize * DOC_ROW_LEN {
            return Err(IndexError::Corrupt("DOCS size does not match the entry count".into()));
        }
        if get_u32(store, 0) != Some(doc_count) || store.len() < 4 + (doc_count as usize + 1) * 4 {
            return Err(IndexError::Corrupt("STORE does not match the entry count".into()));
        }
        let mut avg_len = [1.0f32; FIELDS.len()];
        for (i, avg) in avg_len.iter_mut().enumerate() {
            let total = get_u64(meta, 8 + 8 * i).ok_or_else(|| IndexError::Corrupt("META too short".into()))?;
            if doc_count > 0 && total > 0 {
                *avg = total as f32 / doc_count as f32;
            }
        }
        Ok(Index { terms, postings, docs, store, doc_count, avg_len })
    }

    /// Number of entries.
    pub fn doc_count(&self) -> u32 {
        self.doc_count
    }

    /// The term dictionary.
    pub fn terms(&self) -> &fst::Map<&'a [u8]> {
        &self.terms
    }

    /// Average length of a field in words.
    pub fn avg_len(&self, field: usize) -> f32 {
        self.avg_len[field]
    }

    /// Splits an fst value into (postings offset, document frequency).
    pub fn split_value(value: u64) -> (usize, u32) {
        ((value >> format::DF_BITS) as usize, (value & format::DF_MASK) as u32)
    }

    /// True when the term of this fst value only occurs as a joined compound.
    pub fn joined_only(value: u64) -> bool {
        value & format::JOINED_ONLY != 0
    }

    /// The postings of the term whose fst value is `value`.
    pub fn postings(&self, value: u64) -> Postings<'a> {
        let (offset, _) = Self::split_value(value);
        let mut pos = offset;
        let remaining = get_varint(self.postings, &mut pos).unwrap_or(0).min(u64::from(self.doc_count)) as u32;
        Postings { bytes: self.postings, pos, remaining, doc: 0, first: true }
    }

    /// Field lengths of a document in words.
    pub fn doc_lens(&self, doc: u32) -> [u16; FIELDS.len()] {
        let at = doc as usize * DOC_ROW_LEN;
        let mut out = [0u16; FIELDS.len()];
        if let Some(row) = self.docs.get(at..at + 8) {
            for (i, v) in out.iter_mut().enumerate() {
                *v = u16::from_le_bytes([row[2 * i], row[2 * i + 1]]);
            }
        }
        out
    }

    /// The date of a document as `yyyymmdd`, 0 when unknown.
    pub fn doc_date(&self, doc: u32) -> u32 {
        get_u32(self.docs, doc as usize * DOC_ROW_LEN + 8).unwrap_or(0)
    }

    /// The stored display fields of a document.
    pub fn stored(&self, doc: u32) -> Stored<'a> {
        let store = self.store;
        let base = 4 + (self.doc_count as usize + 1) * 4;
        let (Some(start), Some(end)) = (get_u32(store, 4 + doc as usize * 4), get_u32(store, 8 + doc as usize * 4)) else {
            return Stored::default();
        };
        let Some(rec) = store.get(base + start as usize..base + end as usize) else {
            return Stored::default();
        };
        let mut pos = 0;
        let mut s = || -> &'a str {
            let len = get_varint(rec, &mut pos).unwrap_or(0) as usize;
            let out = pos.checked_add(len).and_then(|e| rec.get(pos..e)).and_then(|b| std::str::from_utf8(b).ok()).unwrap_or("");
            pos = pos.saturating_add(len);
            out
        };
        let id = s();
        let title = s();
        let abstract_text = s();
        let mut stored = Stored { id, title, abstract_text, ..Default::default() };
        for target in [&mut stored.urls, &mut stored.authors, &mut stored.tags] {
            let n = get_varint(rec, &mut pos).unwrap_or(0).min(rec.len() as u64);
            for _ in 0..n {
                let len = get_varint(rec, &mut pos).unwrap_or(0) as usize;
                let item = pos.checked_add(len).and_then(|e| rec.get(pos..e)).and_then(|b| std::str::from_utf8(b).ok());
                pos = pos.saturating_add(len);
                match item {
                    Some(v) => target.push(v),
                    None => break,
                }
            }
        }
        stored
    }
}

/// An iterator over one term's postings, decoding as it goes.
pub struct Postings<'a> {
    bytes: &'a [u8],
    pos: usize,
    remaining: u32,
    doc: u32,
    first: bool,
}

impl Postings<'_> {
    /// How many postings are left.
    pub fn len(&self) -> u32 {
        self.remaining
    }

    /// True when no postings are left.
    pub fn is_empty(&self) -> bool {
        self.remaining == 0
    }
}

impl Iterator for Postings<'_> {
    type Item = Posting;

    #[inline]
    fn next(&mut self) -> Option<Posting> {
        if self.remaining == 0 {
            return None;
        }
        self.remaining -= 1;
        let head = get_varint(self.bytes, &mut self.pos)?;
        let delta = (head >> 4) as u32;
        self.doc = if self.first { delta } else { self.doc.checked_add(delta)? };
        self.first = false;
        let mut tf = [0u16; FIELDS.len()];
        for (i, f) in tf.iter_mut().enumerate() {
            if head & (1 << i) != 0 {
                *f = get_varint(self.bytes, &mut self.pos)?.min(u64::from(u16::MAX)) as u16;
            }
        }
        Some(Posting { doc: self.doc, tf })
    }
}
