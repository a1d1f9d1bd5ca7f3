//! Building an index from entries: tokenize every field with the shared tokenizer, collect
//! document-level postings per term, and lay out the sections of [`super::format`].
//!
//! Output is deterministic: terms are written in byte order, documents in their storage order
//! (input order, grouped by tags within runs; see `storage_order`), no hash map order reaches the
//! bytes and no floats are stored.

use super::format::{self, section, put_varint, DOC_ROW_LEN, FIELDS};
use super::read::Index;
use crate::entry::{parse_date, Entry};
use crate::text::{index_only_terms, is_stop_word, normalize_tag, tokenize};
use rustc_hash::FxHashMap as HashMap;

/// Per-term postings while building: encoded bytes plus the last document and the count.
#[derive(Default)]
struct TermPostings {
    bytes: Vec<u8>,
    last_doc: u32,
    count: u32,
    /// Seen as a word of its own, not only as a joined compound.
    plain: bool,
}

/// Entries per indexing worker at least: below this, threads cost more than they save.
const MIN_ENTRIES_PER_WORKER: usize = 4096;

/// The postings, dictionary and per-document rows of a run of consecutive entries.
struct Partial {
    ids: HashMap<String, u32>,
    terms: Vec<String>,
    postings: Vec<TermPostings>,
    /// [`DOC_ROW_LEN`] bytes per entry.
    docs: Vec<u8>,
    /// Words per field, summed.
    totals: [u64; FIELDS.len()],
}

impl Partial {
    /// The id of `term`, which joins the dictionary, with no postings yet, when it is new.
    fn id(&mut self, term: &str) -> u32 {
        if let Some(&id) = self.ids.get(term) {
            return id;
        }
        let id = self.terms.len() as u32;
        self.ids.insert(term.to_string(), id);
        self.terms.push(term.to_string());
        self.postings.push(TermPostings::default());
        id
    }
}

/// English words of two or three letters that follow a number in prose (`2 new methods`, `7
/// vs 25`, `3 out of 4`, `5 per cent`) and stand for no unit: those of the titles and abstracts
/// of the 10k newest arXiv papers and of 10k of 2016 (161 of their 1,318 terms of a number and
/// the word after it, 61 of 1,372), and other common ones. A unit that is also a word is not
/// one of them (`bar`, `day`, `min`, `am`, `us` for µs, `oh` for hydroxyl), nor are `pro` and
/// `max` of model names (`Gemini 2.5 Pro`).
const NO_UNITS: &[&str] = &[
    "go", "he", "if", "me", "my", "no", "ok", "so", "up", "vs",
    "add", "age", "ago", "air", "all", "any", "arc", "bad", "big", "bus", "but", "did", "due", "end", "etc", "eye", "ego", "far", "few", "fit",
    "get", "got", "gap", "had", "her", "him", "his", "ion", "job", "key", "lab", "law", "lay", "let", "lie", "log", "lot", "low", "men", "met",
    "mix", "mod", "net", "new", "non", "nor", "not", "now", "off", "oil", "old", "one", "out", "own", "pay", "per", "put", "ran", "raw", "red",
    "row", "run", "saw", "say", "see", "set", "she", "six", "sky", "son", "sum", "sun", "ten", "too", "top", "try", "two", "use", "was", "way",
    "web", "who", "why", "win", "won", "yes", "yet", "you",
];

/// Whether `term`, whose text is `span`, is a number joined by the tokenizer to a word after
/// it that is no unit ([`NO_UNITS`]): `2new` of `2 new`. A query may still type it joined, and
/// the tokenizer still joins the two there, but no entry is found by it that the words apart
/// do not find, and a joined term that a text rarely means is a term of the dictionary for
/// nothing. A unit (`16 GB`, `7 B`, `30 fps`, `512 x 512`) stays joined.
fn word_after_number(span: &str, term: &str) -> bool {
    if !span.contains(' ') || !span.starts_with(|c: char| c.is_ascii_digit()) {
        return false;
    }
    let unit = term.trim_start_matches(|c: char| c.is_ascii_digit() || c == '.');
    NO_UNITS.contains(&&unit[..unit.find(|c: char| !c.is_ascii_alphabetic()).unwrap_or(unit.len())])
}

/// The bit of a field's frequency, while a document is indexed, that says a joined term was seen
/// there (it counts as one occurrence when no plain one is seen).
const JOINED_SEEN: u32 = 1 << 31;

/// Indexes `entries`, the first of which is document `first_doc`, calling `tick` after every
/// 1,024 entries.
fn index_run(entries: &[&Entry], first_doc: u32, tick: &mut dyn FnMut()) -> Partial {
    let mut out = Partial { ids: HashMap::default(), terms: Vec::new(), postings: Vec::new(), docs: Vec::with_capacity(entries.len() * DOC_ROW_LEN), totals: [0; FIELDS.len()] };
    // Per document: term id -> frequency per field, reused.
    let mut local: HashMap<u32, [u32; FIELDS.len()]> = HashMap::default();
    let mut order: Vec<u32> = Vec::new();

    for (i, e) in entries.iter().enumerate() {
        local.clear();
        let mut lens = [0u32; FIELDS.len()];
        let mut add = |field: usize, text: &str, lens: &mut [u32; 4]| {
            let mut put = |term: &str, joined: bool, span: &str| {
                if !joined {
                    lens[field] += 1;
                }
                // Stop words count towards length but are not indexed (queries never need
                // them; phrases are checked on the stored text), nor is a joined term that is
                // one (`its` of `it's`, `for` of `ForEach`), nor a number joined to a word
                // after it that is no unit (`2new` of `2 new`: [`word_after_number`]).
                if is_stop_word(term) || joined && word_after_number(span, term) {
                    return;
                }
                let id = out.id(term);
                if !joined {
                    out.postings[id as usize].plain = true;
                }
                // A joined term (a compound joined, a part of a CamelCase word) puts the field in
                // the posting but does not count: `contact` of `GraphiContact` beside the word
                // `Contact` in the same title would otherwise count twice, and rank the title
                // above one that writes the word once, as the query's words.
                let f = &mut local.entry(id).or_insert([0; FIELDS.len()])[field];
                *f = if joined { *f | JOINED_SEEN } else { *f + 1 };
            };
            tokenize(text, |t| put(t.term, t.joined, &text[t.start..t.end]));
            // And the joined terms that only the builder finds (`512x512` of `512 × 512`).
            index_only_terms(text, &mut |term| put(term, true, ""));
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
        let doc = first_doc + i as u32;
        for &id in &order {
            let tf = local[&id].map(|f| (f & !JOINED_SEEN).max(u32::from(f & JOINED_SEEN != 0)));
            let mask = tf.iter().enumerate().fold(0u64, |m, (i, &f)| if f > 0 { m | 1 << i } else { m });
            let repeated = tf.iter().any(|&f| f > 1);
            let p = &mut out.postings[id as usize];
            // A run's first posting of a term holds its document number; `merge` turns it
            // into the gap from the previous run's last.
            let delta = if p.count == 0 { doc } else { doc - p.last_doc };
            put_varint(&mut p.bytes, u64::from(delta) << format::POSTING_FLAG_BITS | mask | if repeated { u64::from(format::POSTING_TF) } else { 0 });
            if repeated {
                for &f in tf.iter().filter(|&&f| f > 0) {
                    put_varint(&mut p.bytes, u64::from(f));
                }
            }
            p.last_doc = doc;
            p.count += 1;
        }
        for (i, l) in lens.iter().enumerate() {
            out.totals[i] += u64::from(*l);
            out.docs.push(format::len_code(*l));
        }
        let date = e.date.as_deref().and_then(parse_date).unwrap_or(0);
        out.docs.extend_from_slice(&date.to_le_bytes());
        if i % 1024 == 1023 {
            tick();
        }
    }
    out
}

/// Appends `next` (the run of entries that follows `into`'s) to `into`. Postings are in
/// document order, so a term's list is its list in `into`, then its list in `next` with the
/// first document number re-encoded as a gap: the bytes are those one run would have written.
fn merge(into: &mut Partial, next: Partial) {
    for (term, p) in next.terms.iter().zip(next.postings) {
        let id = into.id(term);
        let q = &mut into.postings[id as usize];
        if q.count == 0 {
            *q = p;
            continue;
        }
        let mut pos = 0;
        let head = format::get_varint(&p.bytes, &mut pos).expect("a run's own postings");
        let doc = (head >> format::POSTING_FLAG_BITS) as u32;
        let flags = head & ((1 << format::POSTING_FLAG_BITS) - 1);
        put_varint(&mut q.bytes, u64::from(doc - q.last_doc) << format::POSTING_FLAG_BITS | flags);
        q.bytes.extend_from_slice(&p.bytes[pos..]);
        q.last_doc = p.last_doc;
        q.count += p.count;
        q.plain |= p.plain;
    }
    into.docs.extend_from_slice(&next.docs);
    for (t, n) in into.totals.iter_mut().zip(next.totals) {
        *t += n;
    }
}

/// Indexes `entries` in consecutive runs, one per core on native targets (tokenizing and the
/// dictionary lookups are most of a build), and merges the runs in order. The result does not
/// depend on the number of runs.
fn index_all(entries: &[&Entry], progress: &mut dyn FnMut(usize)) -> Partial {
    let workers = crate::parallel::workers(8).min(entries.len() / MIN_ENTRIES_PER_WORKER).max(1);
    if workers == 1 {
        let mut done = 0;
        let out = index_run(entries, 0, &mut || {
            done += 1024;
            progress(done);
        });
        progress(entries.len());
        return out;
    }
    let per = entries.len().div_ceil(workers);
    let done = std::sync::atomic::AtomicUsize::new(0);
    let runs: Vec<Partial> = std::thread::scope(|s| {
        let tick = || {
            done.fetch_add(1024, std::sync::atomic::Ordering::Relaxed);
        };
        let others: Vec<_> = entries
            .chunks(per)
            .enumerate()
            .skip(1)
            .map(|(k, run)| s.spawn(move || index_run(run, (k * per) as u32, &mut || tick())))
            .collect();
        // This thread indexes the first run and reports the progress of all.
        let first = index_run(&entries[..per], 0, &mut || {
            tick();
            progress(done.load(std::sync::atomic::Ordering::Relaxed));
        });
        std::iter::once(first).chain(others.into_iter().map(|h| h.join().expect("an indexing worker panicked"))).collect()
    });
    let mut runs = runs.into_iter();
    let mut all = runs.next().expect("one run at least");
    for run in runs {
        merge(&mut all, run);
    }
    progress(entries.len());
    all
}

/// The order to store entries in: within each run of [`format::ORDER_RUN`] consecutive input entries,
/// grouped by their tags (the whole list, folded), in input order within a group; `None` when
/// that is the input order (no tags, or already grouped).
///
/// Entries that share tags share words and phrasing: side by side, their stored text repeats
/// within brotli's window and their documents are close in every posting list. On the newest
/// 100k arXiv entries this makes the download 2.6% smaller (STORE and POSTINGS), ORDER
/// (which keeps ties in input order) included.
fn storage_order(entries: &[Entry]) -> Option<Vec<u32>> {
    let keys: Vec<String> = entries.iter().map(|e| e.tags.iter().map(|t| normalize_tag(t)).collect::<Vec<_>>().join("\n")).collect();
    let mut order: Vec<u32> = (0..entries.len() as u32).collect();
    // Stable: input order within a group.
    order.sort_by(|&a, &b| (a as usize / format::ORDER_RUN, &keys[a as usize]).cmp(&(b as usize / format::ORDER_RUN, &keys[b as usize])));
    (order.iter().enumerate().any(|(i, &d)| d as usize != i)).then_some(order)
}

/// `entries` in the order `order` gives (input order when `None`).
fn in_order<'e>(entries: &'e [Entry], order: Option<&[u32]>) -> Vec<&'e Entry> {
    match order {
        Some(order) => order.iter().map(|&i| &entries[i as usize]).collect(),
        None => entries.iter().collect(),
    }
}

/// Builds the index bytes for `entries`. `progress` is called with the number of entries done.
pub fn build_index(entries: &[Entry], progress: &mut dyn FnMut(usize)) -> Vec<u8> {
    let order = storage_order(entries);
    let entries = &in_order(entries, order.as_deref())[..];
    // Each entry's input position within its run (see `format::ORDER_RUN`).
    let order_bytes: Vec<u8> = order.iter().flatten().flat_map(|&i| ((i as usize % format::ORDER_RUN) as u16).to_le_bytes()).collect();
    let Partial { terms, postings, docs, totals, .. } = index_all(entries, progress);
    // The dictionary and the stored text do not depend on each other: built side by side.
    let ((fst_sums, fst_bytes, post_bytes, post_sums, completions, term_count), (store, store_sums, tags)) = crate::parallel::join(
        || {
            let (fst_bytes, post_bytes, completions, term_count) = write_dictionary(terms, postings);
            let sums = block_sums(&post_bytes);
            (block_sums(&fst_bytes), fst_bytes, post_bytes, sums, completions, term_count)
        },
        || {
            let store = write_store(entries);
            let sums = block_sums(&store);
            (store, sums, write_tags(entries))
        },
    );

    let mut meta = Vec::with_capacity(format::META_LEN);
    meta.extend_from_slice(&(entries.len() as u32).to_le_bytes());
    meta.extend_from_slice(&term_count.to_le_bytes());
    for t in totals {
        meta.extend_from_slice(&t.to_le_bytes());
    }
    let mut blocks = Vec::new();
    for (kind, bytes, sums) in [(section::TERMS, &fst_bytes, &fst_sums), (section::POSTINGS, &post_bytes, &post_sums), (section::STORE, &store, &store_sums)] {
        blocks.extend_from_slice(&kind.to_le_bytes());
        blocks.extend_from_slice(&(bytes.len().div_ceil(format::BLOCK_LEN) as u32).to_le_bytes());
        blocks.extend_from_slice(sums);
    }
    let mut sections = vec![
        (section::META, &meta[..], 0),
        (section::TERMS, &fst_bytes[..], format::FLAG_BLOCK_CHECKED),
        (section::POSTINGS, &post_bytes[..], format::FLAG_BLOCK_CHECKED),
        (section::DOCS, &docs[..], 0),
        (section::STORE, &store[..], format::FLAG_BLOCK_CHECKED),
        (section::BLOCKS, &blocks[..], 0),
        (section::TAGS, &tags[..], 0),
        (section::COMPLETIONS, &completions[..], 0),
    ];
    if order.is_some() {
        sections.push((section::ORDER, &order_bytes[..], 0));
    }
    assemble(&sections)
}

/// Bytes above which a compound seen in one entry only (and only joined) is not a dictionary
/// term: at 100k entries, 54k such terms (13% of the dictionary, 0.8 MB of its 5.1 MB).
const LONG_COMPOUND: usize = 12;

/// TERMS, POSTINGS and COMPLETIONS: the terms in byte order in TERMS ([`terms_section`]), each
/// term's values (its postings list's offset, its df and joined-only flag) with them, the lists
/// laid out in the same order; and how many terms the dictionary holds (META's count).
fn write_dictionary(terms: Vec<String>, mut postings: Vec<TermPostings>) -> (Vec<u8>, Vec<u8>, Vec<u8>, u32) {
    let mut sorted: Vec<u32> = (0..terms.len() as u32).collect();
    sorted.sort_unstable_by(|&a, &b| terms[a as usize].as_bytes().cmp(terms[b as usize].as_bytes()));
    let mut post_bytes = Vec::with_capacity(postings.iter().map(|p| p.bytes.len() + 5).sum());
    let mut keys: Vec<(&[u8], u64)> = Vec::with_capacity(sorted.len());
    let mut scratch = (Vec::new(), Vec::new(), Vec::new());
    for &id in &sorted {
        // Each list is freed once copied: peak memory holds the postings about once.
        let p = std::mem::take(&mut postings[id as usize]);
        // A long compound seen once, and never as a word of its own (`reinforcementlearning` from
        // `reinforcement-learning`), is left out: its entry is found through its parts, and a
        // query that types it joined is split back into two words (`matcher::split_compound`).
        // Short ones stay: acronyms typed joined (`mfac` for M-FAC) have no other way in.
        if !p.plain && p.count == 1 && terms[id as usize].len() > LONG_COMPOUND {
            continue;
        }
        let offset = post_bytes.len() as u64;
        put_postings(&mut post_bytes, &p, &mut scratch);
        let df = u64::from(p.count).min(format::DF_MASK);
        let flag = if p.plain { 0 } else { format::JOINED_ONLY };
        let value = offset << format::DF_BITS | flag | df;
        keys.push((terms[id as usize].as_bytes(), value));
    }
    let fst_bytes = terms_section(&keys);
    let completions = write_completions(&keys);
    (fst_bytes, post_bytes, completions, keys.len() as u32)
}

/// The TERMS section for `keys` (sorted, unique, none empty, with their values): the offsets of
/// [`format::TERMS_HEAD_LEN`], then, for each first byte that some key starts with, its
/// dictionary: `fst_len u32`, an fst map from each of its terms to its ordinal (0 on, in byte
/// order), then the terms' values by ordinal in blocks (docs/index-format.md, "2 TERMS"). As the
/// fst's outputs, the values took about half of its bytes.
pub fn terms_section(keys: &[(&[u8], u64)]) -> Vec<u8> {
    let mut head = Vec::with_capacity(format::TERMS_HEAD_LEN);
    let mut body = Vec::new();
    let mut rest = keys;
    for first in 0..=255u8 {
        head.extend_from_slice(&(body.len() as u32).to_le_bytes());
        let n = rest.partition_point(|(k, _)| k.first() == Some(&first));
        if n > 0 {
            let mut map = fst::MapBuilder::new(Vec::new()).expect("in-memory fst");
            for (ordinal, (k, _)) in rest[..n].iter().enumerate() {
                map.insert(k, ordinal as u64).expect("terms are sorted and unique");
            }
            let map = map.into_inner().expect("in-memory fst");
            body.extend_from_slice(&(map.len() as u32).to_le_bytes());
            body.extend_from_slice(&map);
            term_info(&rest[..n], &mut body);
        }
        rest = &rest[n..];
    }
    assert!(rest.is_empty(), "terms are sorted and none is empty");
    head.extend_from_slice(&(body.len() as u32).to_le_bytes());
    head.extend_from_slice(&body);
    head
}

/// Appends the values of one first byte's terms, in the order of their ordinals, in blocks of
/// [`format::TERM_BLOCK`]: a `u32` per block, where it starts (from the first of these), then
/// the blocks, each term `varint(df << 1 | joined_only)` then `varint(postings offset − the previous
/// term's)`, the first of a block from 0, wrapping below 0 (the builder's offsets rise, so that
/// happens only to made-up values).
fn term_info(keys: &[(&[u8], u64)], out: &mut Vec<u8>) {
    let mut blocks = Vec::new();
    let starts = keys.len().div_ceil(format::TERM_BLOCK) * 4;
    for block in keys.chunks(format::TERM_BLOCK) {
        out.extend_from_slice(&((starts + blocks.len()) as u32).to_le_bytes());
        let mut last = 0u64;
        for (_, v) in block {
            let offset = v >> format::DF_BITS;
            put_varint(&mut blocks, (v & format::DF_MASK) << 1 | u64::from(v & format::JOINED_ONLY != 0));
            put_varint(&mut blocks, offset.wrapping_sub(last));
            last = offset;
        }
    }
    out.extend_from_slice(&blocks);
}

/// Writes one term's POSTINGS record from the builder's form (per posting, a varint of the gap
/// shifted over the flags, then the frequencies): the count, the gaps' length in bytes (when
/// more than one), then the gaps, the flag bytes and the frequencies, each run on its own. Like
/// with like, brotli compresses the runs better than the interleaved postings (on 100k entries,
/// POSTINGS 7% smaller), and decoding is as fast.
fn put_postings(out: &mut Vec<u8>, p: &TermPostings, scratch: &mut (Vec<u8>, Vec<u8>, Vec<u8>)) {
    let (gaps, flags, tfs) = scratch;
    gaps.clear();
    flags.clear();
    tfs.clear();
    let mut pos = 0;
    while pos < p.bytes.len() {
        let head = format::get_varint(&p.bytes, &mut pos).expect("the builder's own postings");
        put_varint(gaps, head >> format::POSTING_FLAG_BITS);
        let f = (head & ((1 << format::POSTING_FLAG_BITS) - 1)) as u8;
        flags.push(f);
        if f & format::POSTING_TF != 0 {
            for _ in 0..(f & 0xf).count_ones() {
                let at = pos;
                format::get_varint(&p.bytes, &mut pos).expect("the builder's own postings");
                tfs.extend_from_slice(&p.bytes[at..pos]);
            }
        }
    }
    debug_assert_eq!(flags.len(), p.count as usize);
    put_varint(out, u64::from(p.count));
    if p.count > 1 {
        put_varint(out, gaps.len() as u64);
    }
    out.extend_from_slice(gaps);
    out.extend_from_slice(flags);
    out.extend_from_slice(tfs);
}

/// The checksums of `bytes`' blocks, as BLOCKS stores them: the low 32 bits of each.
fn block_sums(bytes: &[u8]) -> Vec<u8> {
    bytes.chunks(format::BLOCK_LEN).flat_map(|block| (format::checksum(block) as u32).to_le_bytes()).collect()
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
/// sorted by folded form), u32 entry count, u32 length of the lists, then the entries' lists, one
/// per run of consecutive entries with the same tags: the run's length, the number of its tags
/// and their ids, varints. (Entries are stored grouped by their tags, so runs are long: 10.7k
/// lists for the newest 100k arXiv entries.)
fn write_tags(entries: &[&Entry]) -> Vec<u8> {
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
    // Each entry's tag ids, without repeats, in the order first seen.
    let per_entry: Vec<Vec<u32>> = entries
        .iter()
        .map(|e| {
            let mut seen: Vec<u32> = Vec::new();
            for id in e.tags.iter().filter_map(|t| ids.get(normalize_tag(t).as_str())) {
                if !seen.contains(id) {
                    seen.push(*id);
                }
            }
            seen
        })
        .collect();
    let mut lists = Vec::new();
    for run in per_entry.chunk_by(|a, b| a == b) {
        put_varint(&mut lists, run.len() as u64);
        put_varint(&mut lists, run[0].len() as u64);
        for &id in &run[0] {
            put_varint(&mut lists, u64::from(id));
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

/// STORE: the display text in three runs, meta records (lengths, id and lists), titles and
/// abstracts, with the offsets of every [`format::STORE_SAMPLE`]-th entry's records (layout in
/// `docs/index-format.md`). Like with like, brotli compresses the runs 2.6% smaller than
/// whole records one after another.
fn write_store(entries: &[&Entry]) -> Vec<u8> {
    let (mut meta, mut titles, mut abstracts) = (Vec::new(), Vec::new(), Vec::new());
    let mut samples = Vec::with_capacity(entries.len().div_ceil(format::STORE_SAMPLE) * 12);
    let mut rest = Vec::new();
    for (i, e) in entries.iter().enumerate() {
        if i % format::STORE_SAMPLE == 0 {
            for run in [&meta, &titles, &abstracts] {
                samples.extend_from_slice(&(run.len() as u32).to_le_bytes());
            }
        }
        rest.clear();
        put_varint(&mut rest, e.title.len() as u64);
        put_varint(&mut rest, e.abstract_text.len() as u64);
        put_str(&mut rest, &e.id);
        put_list(&mut rest, &e.urls);
        put_list(&mut rest, &e.authors);
        put_list(&mut rest, &e.tags);
        put_varint(&mut meta, rest.len() as u64);
        meta.extend_from_slice(&rest);
        titles.extend_from_slice(e.title.as_bytes());
        abstracts.extend_from_slice(e.abstract_text.as_bytes());
    }
    let meta_at = format::STORE_HEAD_LEN + samples.len();
    let titles_at = meta_at + meta.len();
    let abstracts_at = titles_at + titles.len();
    let end = abstracts_at + abstracts.len();
    let mut out = Vec::with_capacity(end);
    for v in [entries.len(), meta_at, titles_at, abstracts_at, end] {
        out.extend_from_slice(&(v as u32).to_le_bytes());
    }
    for run in [&samples, &meta, &titles, &abstracts] {
        out.extend_from_slice(run);
    }
    out
}

/// Lays out header, table and sections, each section 8-byte aligned, and a block-checked one
/// at a multiple of [`format::BLOCK_LEN`] from the index's start: its blocks are then the
/// loader's pages, where a lazy load fetched one page more than each run of blocks it named
/// (a block straddled two): at 100k entries 0.8 of the 6.1 MiB that the nine later searches of
/// `bench/lazy-network.mjs` fetched. A
/// block-checked section's row carries no whole-section checksum (0): its blocks are in BLOCKS.
fn assemble(sections: &[(u32, &[u8], u32)]) -> Vec<u8> {
    let table_end = format::HEADER_LEN + sections.len() * format::SECTION_ROW_LEN + 8;
    let mut offset = (table_end + 7) & !7;
    let mut rows = Vec::new();
    for (kind, bytes, flags) in sections {
        let checked = flags & format::FLAG_BLOCK_CHECKED != 0;
        if checked {
            offset = offset.next_multiple_of(format::BLOCK_LEN);
        }
        let sum = if checked { 0 } else { format::checksum(bytes) };
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::index::format::ORDER_RUN;

    /// Entries of pseudo-random words from a small vocabulary (so that terms recur across
    /// runs), with compounds, repeated words and stop words.
    fn entries(n: usize) -> Vec<Entry> {
        let vocab = ["graph", "neural", "zero-shot", "model", "the", "diffusion", "DPM-Solver", "of", "quantum", "spin", "lattice", "tokens", "a"];
        let mut seed = 0x2545_f491_u64;
        let mut word = || {
            seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
            let k = (seed >> 33) as usize;
            // A rare word now and then: terms that only one run has.
            if k % 17 == 0 { format!("rare{}", k % 5000) } else { vocab[k % vocab.len()].to_string() }
        };
        (0..n)
            .map(|i| Entry {
                id: format!("e{i}"),
                title: (0..4).map(|_| word()).collect::<Vec<_>>().join(" "),
                abstract_text: (0..30).map(|_| word()).collect::<Vec<_>>().join(" "),
                authors: vec![word()],
                tags: vec![word()],
                date: Some(format!("2024-01-{:02}", 1 + i % 28)),
                ..Default::default()
            })
            .collect()
    }

    #[test]
    fn meta_counts_the_terms_the_dictionary_holds() {
        let mut e = entries(300);
        // A long compound seen once is left out of the dictionary: it must not be counted.
        e[0].abstract_text.push_str(" reinforcement-learningsystems");
        let bytes = build_index(&e, &mut |_| {});
        let meta = format::section_rows(&bytes).find(|r| r.kind == format::section::META).unwrap();
        let counted = format::get_u32(&bytes, meta.offset + 4).unwrap();
        let index = crate::index::Index::open(&bytes).unwrap();
        let held: usize = (0..=255u8).filter_map(|b| index.dictionary(b)).map(|d| d.len()).sum();
        assert!(held > 10);
        assert_eq!(counted as usize, held);
    }

    #[test]
    fn runs_merged_equal_one_run() {
        let e = entries(700);
        let e: Vec<&Entry> = e.iter().collect();
        let one = index_run(&e, 0, &mut || {});
        for cut in [1, 250, 699] {
            let mut merged = index_run(&e[..cut], 0, &mut || {});
            merge(&mut merged, index_run(&e[cut..], cut as u32, &mut || {}));
            assert_eq!(merged.terms, one.terms, "cut at {cut}");
            assert_eq!(merged.docs, one.docs);
            assert_eq!(merged.totals, one.totals);
            for (a, b) in merged.postings.iter().zip(&one.postings) {
                assert_eq!((&a.bytes, a.last_doc, a.count, a.plain), (&b.bytes, b.last_doc, b.count, b.plain), "cut at {cut}");
            }
        }
    }

    #[test]
    fn the_index_does_not_depend_on_the_number_of_workers() {
        // Enough entries for several workers where the machine has the cores.
        let e = entries(3 * MIN_ENTRIES_PER_WORKER);
        let e: Vec<&Entry> = e.iter().collect();
        let one = index_run(&e, 0, &mut || {});
        let all = index_all(&e, &mut |_| {});
        assert_eq!(all.terms, one.terms);
        assert_eq!(all.docs, one.docs);
        assert!(all.postings.iter().zip(&one.postings).all(|(a, b)| a.bytes == b.bytes && a.count == b.count));
    }

    #[test]
    fn entries_are_grouped_by_tags_within_runs_of_input() {
        let n = 2 * ORDER_RUN + 100;
        let e: Vec<Entry> = (0..n).map(|i| Entry { id: i.to_string(), tags: vec![["b", "a"][i % 2].into()], ..Default::default() }).collect();
        let order = storage_order(&e).expect("not in input order");
        for (stored, &input) in order.iter().enumerate() {
            // No entry leaves its run: a common word's first candidates stay the first entries.
            assert_eq!(stored / ORDER_RUN, input as usize / ORDER_RUN);
        }
        // Within a run: the `a` entries first, then the `b` ones, each in input order.
        let run = &order[ORDER_RUN..2 * ORDER_RUN];
        let half = ORDER_RUN / 2;
        assert!(run[..half].iter().all(|&i| i % 2 == 1) && run[half..].iter().all(|&i| i % 2 == 0));
        assert!(run.windows(2).all(|w| w[0] < w[1] || w[1] as usize == ORDER_RUN));
        let same: Vec<Entry> = (0..10).map(|i| Entry { id: i.to_string(), tags: vec!["x".into()], ..Default::default() }).collect();
        assert!(storage_order(&same).is_none());
    }

    /// Every term's postings, as the reader decodes them from POSTINGS's three runs, are the
    /// builder's: documents, field masks and frequencies (single and repeated, one posting and
    /// many).
    #[test]
    fn postings_read_back_as_built() {
        let e = entries(700);
        let refs = in_order(&e, storage_order(&e).as_deref());
        let built = index_run(&refs, 0, &mut || {});
        let bytes = build_index(&e, &mut |_| {});
        let index = crate::index::Index::open(&bytes).unwrap();
        let (mut repeated, mut single) = (0, 0);
        for (term, p) in built.terms.iter().zip(&built.postings) {
            let mut want = Vec::new();
            let (mut pos, mut doc) = (0, 0u32);
            while pos < p.bytes.len() {
                let head = format::get_varint(&p.bytes, &mut pos).unwrap();
                doc += (head >> format::POSTING_FLAG_BITS) as u32;
                let mut tf = [0u16; FIELDS.len()];
                for (i, f) in tf.iter_mut().enumerate() {
                    if head & (1 << i) != 0 {
                        *f = if head & u64::from(format::POSTING_TF) != 0 { format::get_varint(&p.bytes, &mut pos).unwrap() as u16 } else { 1 };
                    }
                }
                repeated += usize::from(tf.iter().any(|&f| f > 1));
                want.push((doc, tf));
            }
            single += usize::from(want.len() == 1);
            let value = index.term(term.as_bytes()).expect("every term is in the dictionary");
            let got: Vec<(u32, [u16; FIELDS.len()])> = index.postings(value).map(|p| (p.doc, p.tf)).collect();
            assert_eq!(got, want, "{term}");
        }
        assert!(repeated > 0 && single > 0, "the entries exercise repeated words and single postings");
        assert!(index.damage().is_none());
    }

    #[test]
    fn tags_and_input_order_read_back_as_written() {
        // Runs of entries with the same tags (one TAGS list each), entries without tags, repeated
        // and differently spelled tags, and more than one run of ORDER_RUN entries (ORDER keeps a
        // position within its run).
        let tags = [vec!["B", "a"], vec!["B", "a"], vec![], vec!["a"], vec!["a", "A ", "c"], vec!["a"]];
        let e: Vec<Entry> = (0..ORDER_RUN + 50)
            .map(|i| Entry { id: i.to_string(), title: format!("t{i}"), tags: tags[i % 5 + usize::from(i % 7 == 0)].iter().map(|t| t.to_string()).collect(), ..Default::default() })
            .collect();
        let order = storage_order(&e).expect("regrouped");
        let bytes = build_index(&e, &mut |_| {});
        let index = crate::index::Index::open(&bytes).unwrap();
        for (doc, &input) in order.iter().enumerate() {
            let want = &e[input as usize];
            let mut want_tags: Vec<String> = Vec::new();
            for t in &want.tags {
                let t = normalize_tag(t);
                if !want_tags.contains(&t) {
                    want_tags.push(t);
                }
            }
            let got: Vec<String> = index.doc_tags(doc as u32).map(|id| normalize_tag(index.tag_name(id))).collect();
            assert_eq!(got, want_tags, "entry {doc}");
            assert_eq!(index.input_position(doc as u32), input, "entry {doc}");
        }
        assert_eq!(index.doc_tags(order.len() as u32).count(), 0, "past the last entry: none");
    }

    /// Every entry's display fields read back from STORE's runs and samples as they went in,
    /// for entries at every place in a sample (the reader skips up to 15 records).
    #[test]
    fn stored_text_reads_back_as_written() {
        let mut e = entries(700);
        e[3].urls = vec!["https://example.org/a".into(), "https://example.org/b".into()];
        e[17].title = "Ünïcode tïtle — with “quotes”".into();
        e[40].abstract_text = String::new();
        let refs = in_order(&e, storage_order(&e).as_deref());
        let bytes = build_index(&e, &mut |_| {});
        let index = crate::index::Index::open(&bytes).unwrap();
        for (doc, want) in refs.iter().enumerate() {
            let got = index.stored(doc as u32);
            assert_eq!((got.id, got.title, got.abstract_text), (want.id.as_str(), want.title.as_str(), want.abstract_text.as_str()), "entry {doc}");
            assert_eq!(got.urls, want.urls.iter().map(String::as_str).collect::<Vec<_>>());
            assert_eq!(got.authors, want.authors.iter().map(String::as_str).collect::<Vec<_>>());
            assert_eq!(got.tags, want.tags.iter().map(String::as_str).collect::<Vec<_>>());
        }
        assert!(index.stored(700).id.is_empty(), "past the last entry: nothing");
        assert!(index.damage().is_none());
    }
}
