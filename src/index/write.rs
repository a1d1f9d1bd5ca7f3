//! Building an index from entries: tokenize every field with the shared tokenizer, collect
//! document-level postings per term, and lay out the sections of [`super::format`].
//!
//! Output is deterministic: terms are written in byte order, documents in input order, no hash
//! map order reaches the bytes and no floats are stored.

use super::format::{self, section, put_varint, DOC_ROW_LEN, FIELDS};
use super::read::Index;
use crate::entry::{parse_date, Entry};
use crate::text::{is_stop_word, normalize_tag, tokenize};
use rustc_hash::FxHashMap as HashMap;

/// Per-term postings while building: encoded bytes plus the last document and the count.
struct TermPostings {
    bytes: Vec<u8>,
    last_doc: u32,
    count: u32,
    /// Seen as a word of its own, not only as a joined compound.
    plain: bool,
}

/// Builds the index bytes for `entries`. `progress` is called with the number of entries done.
pub fn build_index(entries: &[Entry], progress: &mut dyn FnMut(usize)) -> Vec<u8> {
    let mut ids: HashMap<String, u32> = HashMap::default();
    let mut postings: Vec<TermPostings> = Vec::new();
    let mut terms: Vec<String> = Vec::new();
    let mut docs = Vec::with_capacity(entries.len() * DOC_ROW_LEN);
    let mut totals = [0u64; FIELDS.len()];
    // Per document: term id -> frequency per field, reused.
    let mut local: HashMap<u32, [u32; FIELDS.len()]> = HashMap::default();
    let mut order: Vec<u32> = Vec::new();

    for (doc, e) in entries.iter().enumerate() {
        local.clear();
        let mut lens = [0u32; FIELDS.len()];
        let mut add = |field: usize, text: &str, lens: &mut [u32; 4]| {
            tokenize(text, |t| {
                if !t.joined {
                    lens[field] += 1;
                    // Stop words count towards length but are not indexed (queries never need
                    // them; phrases are checked on the stored text).
                    if is_stop_word(t.term) {
                        return;
                    }
                }
                let id = match ids.get(t.term) {
                    Some(&id) => id,
                    None => {
                        let id = terms.len() as u32;
                        ids.insert(t.term.to_string(), id);
                        terms.push(t.term.to_string());
                        postings.push(TermPostings { bytes: Vec::new(), last_doc: 0, count: 0, plain: false });
                        id
                    }
                };
                if !t.joined {
                    postings[id as usize].plain = true;
                }
                local.entry(id).or_insert([0; FIELDS.len()])[field] += 1;
            });
        };
        add(format::TITLE, &e.title, &mut lens);
        add(format::ABSTRACT, &e.abstract_text, &mut lens);
        for a in &e.authors {
            add(format::AUTHORS, a, &mut lens);
        }
        for t in &e.tags {
            add(format::TAGS, t, &mut lens);
        }
        order.clear();
        order.extend(local.keys().copied());
        order.sort_unstable();
        let doc = doc as u32;
        for &id in &order {
            let tf = local[&id];
            let p = &mut postings[id as usize];
            let delta = if p.count == 0 { doc } else { doc - p.last_doc };
            let mask = tf.iter().enumerate().fold(0u64, |m, (i, &f)| if f > 0 { m | 1 << i } else { m });
            let repeated = tf.iter().any(|&f| f > 1);
            put_varint(&mut p.bytes, u64::from(delta) << format::POSTING_FLAG_BITS | mask | if repeated { format::POSTING_TF } else { 0 });
            if repeated {
                for &f in tf.iter().filter(|&&f| f > 0) {
                    put_varint(&mut p.bytes, u64::from(f));
                }
            }
            p.last_doc = doc;
            p.count += 1;
        }
        for (i, l) in lens.iter().enumerate() {
            totals[i] += u64::from(*l);
            docs.extend_from_slice(&(*l).min(u32::from(u16::MAX)).to_le_bytes()[..2]);
        }
        let date = e.date.as_deref().and_then(parse_date).unwrap_or(0);
        docs.extend_from_slice(&date.to_le_bytes());
        if doc % 1024 == 1023 {
            progress(doc as usize + 1);
        }
    }
    progress(entries.len());

    // Terms in byte order; postings laid out in the same order.
    let mut sorted: Vec<u32> = (0..terms.len() as u32).collect();
    sorted.sort_unstable_by(|&a, &b| terms[a as usize].as_bytes().cmp(terms[b as usize].as_bytes()));
    let mut post_bytes = Vec::new();
    let mut fst_builder = fst::MapBuilder::memory();
    let mut keys: Vec<(&[u8], u64)> = Vec::with_capacity(sorted.len());
    for &id in &sorted {
        let p = &postings[id as usize];
        let offset = post_bytes.len() as u64;
        put_varint(&mut post_bytes, u64::from(p.count));
        post_bytes.extend_from_slice(&p.bytes);
        let df = u64::from(p.count).min(format::DF_MASK);
        let flag = if p.plain { 0 } else { format::JOINED_ONLY };
        let value = offset << format::DF_BITS | flag | df;
        fst_builder.insert(terms[id as usize].as_bytes(), value).expect("terms are sorted and unique");
        keys.push((terms[id as usize].as_bytes(), value));
    }
    let fst_bytes = fst_builder.into_inner().expect("in-memory fst");
    let completions = write_completions(&keys);

    let mut meta = Vec::with_capacity(format::META_LEN);
    meta.extend_from_slice(&(entries.len() as u32).to_le_bytes());
    meta.extend_from_slice(&(terms.len() as u32).to_le_bytes());
    for t in totals {
        meta.extend_from_slice(&t.to_le_bytes());
    }

    let store = write_store(entries);
    let mut blocks = Vec::new();
    for (kind, bytes) in [(section::POSTINGS, &post_bytes), (section::STORE, &store)] {
        blocks.extend_from_slice(&kind.to_le_bytes());
        blocks.extend_from_slice(&(bytes.len().div_ceil(format::BLOCK_LEN) as u32).to_le_bytes());
        for block in bytes.chunks(format::BLOCK_LEN) {
            blocks.extend_from_slice(&format::checksum(block).to_le_bytes());
        }
    }
    let tags = write_tags(entries);
    assemble(&[
        (section::META, &meta, 0),
        (section::TERMS, &fst_bytes, 0),
        (section::POSTINGS, &post_bytes, format::FLAG_BLOCK_CHECKED),
        (section::DOCS, &docs, 0),
        (section::STORE, &store, format::FLAG_BLOCK_CHECKED),
        (section::BLOCKS, &blocks, 0),
        (section::TAGS, &tags, 0),
        (section::COMPLETIONS, &completions, 0),
    ])
}

/// COMPLETIONS: for every prefix (valid UTF-8) that more than [`format::COMPLETIONS_MIN`] longer
/// terms start with, its [`format::COMPLETIONS_KEEP`] most frequent completions and as many of
/// those that are words of their own, in one list ordered as a query ranks them (more entries
/// first, then shorter, then byte order). `keys` are the dictionary's terms and values in byte
/// order.
///
/// Layout: `count u32`, `count + 1` offsets `u32` (relative to the first record), then the
/// records in prefix byte order: `prefix_len varint | prefix | n varint`, then `n` times
/// `suffix_len varint | suffix | value varint` (the completion is the prefix and the suffix; the
/// value is its TERMS value).
fn write_completions(keys: &[(&[u8], u64)]) -> Vec<u8> {
    let mut records: Vec<(&[u8], Vec<usize>)> = Vec::new();
    let mut len = 1;
    loop {
        let mut any = false;
        let mut i = 0;
        while i < keys.len() {
            let key = keys[i].0;
            if key.len() < len {
                i += 1;
                continue;
            }
            let prefix = &key[..len];
            let end = i + keys[i..].partition_point(|(k, _)| k.starts_with(prefix));
            // Strict completions: the prefix itself, if a term, is not one of them. Counted
            // first: most groups are small, and only the large ones need a list.
            let strict = |j: &usize| keys[*j].0.len() > len;
            if (i..end).filter(strict).count() > format::COMPLETIONS_MIN {
                // Longer prefixes may still have many completions, even under an invalid one.
                any = true;
                if std::str::from_utf8(prefix).is_ok() {
                    let group: Vec<usize> = (i..end).filter(strict).collect();
                    // The order a query ranks completions in; `j` (byte order) breaks ties.
                    let rank = |&j: &usize| (std::cmp::Reverse(Index::split_value(keys[j].1).1), keys[j].0.len(), j);
                    let mut all = group.clone();
                    let keep = format::COMPLETIONS_KEEP.min(all.len());
                    all.select_nth_unstable_by_key(keep - 1, rank);
                    all.truncate(keep);
                    let mut plain: Vec<usize> = group.into_iter().filter(|&j| !Index::joined_only(keys[j].1)).collect();
                    if plain.len() > format::COMPLETIONS_KEEP {
                        plain.select_nth_unstable_by_key(format::COMPLETIONS_KEEP - 1, rank);
                        plain.truncate(format::COMPLETIONS_KEEP);
                    }
                    all.extend(plain);
                    all.sort_unstable_by_key(rank);
                    all.dedup();
                    records.push((prefix, all));
                }
            }
            i = end.max(i + 1);
        }
        if !any {
            break;
        }
        len += 1;
    }
    records.sort_unstable_by(|a, b| a.0.cmp(b.0));
    let mut out = Vec::new();
    out.extend_from_slice(&(records.len() as u32).to_le_bytes());
    let mut body = Vec::new();
    let mut offsets = Vec::with_capacity(records.len() + 1);
    for (prefix, list) in &records {
        offsets.push(body.len() as u32);
        put_varint(&mut body, prefix.len() as u64);
        body.extend_from_slice(prefix);
        put_varint(&mut body, list.len() as u64);
        for &j in list {
            let (key, value) = keys[j];
            put_varint(&mut body, (key.len() - prefix.len()) as u64);
            body.extend_from_slice(&key[prefix.len()..]);
            put_varint(&mut body, value);
        }
    }
    offsets.push(body.len() as u32);
    for o in offsets {
        out.extend_from_slice(&o.to_le_bytes());
    }
    out.extend_from_slice(&body);
    out
}

/// TAGS: u32 tag count, u32 name offsets[count + 1], the names (UTF-8, the first spelling seen,
/// sorted by folded form), u32 entry count, u32 entry offsets[entries + 1], then each entry's tag
/// ids as varints.
fn write_tags(entries: &[Entry]) -> Vec<u8> {
    let mut names: std::collections::BTreeMap<String, String> = std::collections::BTreeMap::new();
    for e in entries {
        for t in &e.tags {
            let key = normalize_tag(t);
            if !key.is_empty() {
                names.entry(key).or_insert_with(|| t.trim().to_string());
            }
        }
    }
    let ids: HashMap<&str, u32> = names.keys().enumerate().map(|(i, k)| (k.as_str(), i as u32)).collect();
    let mut out = Vec::new();
    out.extend_from_slice(&(names.len() as u32).to_le_bytes());
    let mut blob = Vec::new();
    for name in names.values() {
        out.extend_from_slice(&(blob.len() as u32).to_le_bytes());
        blob.extend_from_slice(name.as_bytes());
    }
    out.extend_from_slice(&(blob.len() as u32).to_le_bytes());
    out.extend_from_slice(&blob);
    out.extend_from_slice(&(entries.len() as u32).to_le_bytes());
    let mut lists = Vec::new();
    for e in entries {
        out.extend_from_slice(&(lists.len() as u32).to_le_bytes());
        let mut seen: Vec<u32> = Vec::new();
        for t in &e.tags {
            if let Some(&id) = ids.get(normalize_tag(t).as_str()) {
                if !seen.contains(&id) {
                    seen.push(id);
                    put_varint(&mut lists, u64::from(id));
                }
            }
        }
    }
    out.extend_from_slice(&(lists.len() as u32).to_le_bytes());
    out.extend_from_slice(&lists);
    out
}

fn put_str(out: &mut Vec<u8>, s: &str) {
    put_varint(out, s.len() as u64);
    out.extend_from_slice(s.as_bytes());
}

fn put_list(out: &mut Vec<u8>, items: &[String]) {
    put_varint(out, items.len() as u64);
    for s in items {
        put_str(out, s);
    }
}

/// STORE: u32 count, u32 offsets[count + 1] relative to the first record, then records of
/// varint-prefixed strings: id, title, abstract, urls (count + strings), authors, tags.
fn write_store(entries: &[Entry]) -> Vec<u8> {
    let mut records = Vec::new();
    let mut offsets = Vec::with_capacity(entries.len() + 1);
    for e in entries {
        offsets.push(records.len() as u32);
        put_str(&mut records, &e.id);
        put_str(&mut records, &e.title);
        put_str(&mut records, &e.abstract_text);
        put_list(&mut records, &e.urls);
        put_list(&mut records, &e.authors);
        put_list(&mut records, &e.tags);
    }
    offsets.push(records.len() as u32);
    let mut out = Vec::with_capacity(4 + offsets.len() * 4 + records.len());
    out.extend_from_slice(&(entries.len() as u32).to_le_bytes());
    for o in offsets {
        out.extend_from_slice(&o.to_le_bytes());
    }
    out.extend_from_slice(&records);
    out
}

/// Lays out header, table and sections, each section 8-byte aligned. A block-checked section's
/// row carries no whole-section checksum (0): its blocks are in BLOCKS.
fn assemble(sections: &[(u32, &[u8], u32)]) -> Vec<u8> {
    let table_end = format::HEADER_LEN + sections.len() * format::SECTION_ROW_LEN + 8;
    let mut offset = (table_end + 7) & !7;
    let mut rows = Vec::new();
    for (kind, bytes, flags) in sections {
        let sum = if flags & format::FLAG_BLOCK_CHECKED != 0 { 0 } else { format::checksum(bytes) };
        rows.push((*kind, *flags, offset, bytes.len(), sum));
        offset = (offset + bytes.len() + 7) & !7;
    }
    let mut out = Vec::with_capacity(offset);
    out.extend_from_slice(&format::MAGIC);
    out.extend_from_slice(&format::FORMAT_VERSION.to_le_bytes());
    out.extend_from_slice(&(sections.len() as u32).to_le_bytes());
    for (kind, flags, off, len, sum) in &rows {
        out.extend_from_slice(&kind.to_le_bytes());
        out.extend_from_slice(&flags.to_le_bytes());
        out.extend_from_slice(&(*off as u32).to_le_bytes());
        out.extend_from_slice(&(*len as u32).to_le_bytes());
        out.extend_from_slice(&sum.to_le_bytes());
    }
    let table_sum = format::checksum(&out);
    out.extend_from_slice(&table_sum.to_le_bytes());
    for ((_, bytes, _), (_, _, off, _, _)) in sections.iter().zip(&rows) {
        out.resize(*off, 0);
        out.extend_from_slice(bytes);
    }
    let end = (out.len() + 7) & !7;
    out.resize(end, 0);
    out
}
