//! The browser API of the runtime wasm (wasm-bindgen): open the embedded index, search it.
//!
//! The index is not passed in: `digest-search build` writes it into this module as a data
//! segment and records its address and length in [`INDEX_LOCATOR`]. [`DigestIndex::new`] reads
//! the locator and opens the index in place.
//!
//! The loader normally does better: it compiles the module *without* the index's data segment
//! (a few hundred KB instead of the whole index) and hands the index bytes to
//! [`DigestIndex::from_bytes`], which copies only the small sections into their place and fills
//! the large ones (TERMS, POSTINGS, STORE) block by block as searches first read them. A session
//! that reads 1% of the stored text pages in 1% of it; at 100k entries this turns a 300 ms load into
//! a few milliseconds.

use crate::entry::concat;
use crate::index::Index;
use core::sync::atomic::{AtomicUsize, Ordering};
use crate::search::query::Sort;
use crate::search::{Explained, Facets, SearchOptions, SearchResponse, Searcher, TagMode};
use js_sys::{Array, Object, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// Magic bytes, then the embedded index's address and length (little-endian u32), written by
/// `embed::embed`. Zero in the prebuilt runtime.
#[used]
static INDEX_LOCATOR: [u8; 16] = *b"dgsLOC01\0\0\0\0\0\0\0\0";

/// The embedded index's address and length, from the locator.
fn locate() -> Result<(usize, usize), JsError> {
    // Volatile: the compiler must not fold the zeros of the prebuilt file into the code.
    let loc = unsafe { core::ptr::read_volatile(&INDEX_LOCATOR) };
    let base = u32::from_le_bytes([loc[8], loc[9], loc[10], loc[11]]) as usize;
    let len = u32::from_le_bytes([loc[12], loc[13], loc[14], loc[15]]) as usize;
    if len == 0 {
        return Err(JsError::new("this wasm has no index embedded: build one with `digest-search build`"));
    }
    let pages = core::arch::wasm32::memory_size(0) * 65536;
    if base.checked_add(len).is_none_or(|end| end > pages) {
        return Err(JsError::new("index is truncated: the embedded index runs past the end of memory"));
    }
    Ok((base, len))
}

/// Bytes of the index in linear memory so far: all of it for a module instantiated with its
/// data segment, what [`copy_into`] has copied for one opened with [`DigestIndex::from_bytes`].
/// One instance per `load()`, so a static is per index.
static RESIDENT: AtomicUsize = AtomicUsize::new(0);

/// Copies `bytes[off..off + n]` to `base + off` in linear memory.
fn copy_into(bytes: &js_sys::Uint8Array, base: usize, off: usize, n: usize) {
    RESIDENT.fetch_add(n, Ordering::Relaxed);
    // SAFETY: `base..base + bytes.length()` is the index's region of linear memory, reserved by
    // the embedder above everything the allocator hands out (callers check `off + n` against
    // the length). Nothing has read these bytes yet: see `DigestIndex::from_bytes`.
    unsafe { bytes.subarray(off as u32, (off + n) as u32).raw_copy_to_ptr((base + off) as *mut u8) }
}

fn index_len() -> usize {
    locate().map_or(0, |(_, len)| len)
}

/// The embedded index, when the module was instantiated with its data segment.
fn embedded() -> Result<&'static [u8], JsError> {
    let (base, len) = locate()?;
    // SAFETY: the embedder placed `len` bytes at `base`, above everything the allocator hands
    // out (it only grows memory past the initial size), and nothing writes there.
    Ok(unsafe { core::slice::from_raw_parts(base as *const u8, len) })
}

/// An opened index.
#[wasm_bindgen]
pub struct DigestIndex {
    searcher: Searcher<'static>,
}

/// A JS value for an error message: `1.5`, `"3"`, `null`, `an object`.
fn describe(v: &JsValue) -> String {
    if let Some(s) = v.as_string() {
        // Quoted, not escaped: `{:?}` would link the Debug formatting of strings.
        return concat(&["\"", &s, "\""]);
    }
    if v.as_f64().is_some() {
        // JS formats the number: Rust's float formatting would add ~20 KB to the wasm.
        if let Ok(s) = v.unchecked_ref::<js_sys::Number>().to_string_with_radix(10) {
            return s.into();
        }
    }
    match v.as_bool() {
        Some(b) => if b { "true" } else { "false" },
        None if v.is_null() => "null",
        None if js_sys::Array::is_array(v) => "an array",
        None if v.is_object() => "an object",
        None if v.is_undefined() => "undefined",
        None => "a value",
    }
    .into()
}

/// The message for an option `key` whose value `v` is not `what`.
fn bad_option(key: &str, what: &str, v: &JsValue) -> String {
    concat(&["`", key, "` must be ", what, ", not ", &describe(v)])
}

/// A date filter: `YYYY-MM-DD`, `YYYY-MM` or `YYYY` (an empty string or `null`: none). A date
/// that is not one is an error, not a filter silently left out.
fn date_option(key: &str, v: &JsValue) -> Result<Option<String>, String> {
    match string_option(key, v)? {
        Some(d) if d.is_empty() => Ok(None),
        Some(d) if crate::search::query::parse_filter_date(&d, false).is_none() => Err(bad_option(key, "a date (YYYY-MM-DD, YYYY-MM or YYYY)", v)),
        d => Ok(d),
    }
}

fn whole_option(key: &str, v: &JsValue) -> Result<usize, String> {
    match v.as_f64() {
        Some(n) if n >= 0.0 && n <= f64::from(u32::MAX) && n.fract() == 0.0 => Ok(n as usize),
        _ => Err(bad_option(key, "a whole number from 0 to 4294967295", v)),
    }
}

fn bool_option(key: &str, v: &JsValue) -> Result<bool, String> {
    v.as_bool().ok_or_else(|| bad_option(key, "true or false", v))
}

/// A string, or null for none.
fn string_option(key: &str, v: &JsValue) -> Result<Option<String>, String> {
    if v.is_null() {
        return Ok(None);
    }
    v.as_string().map(Some).ok_or_else(|| bad_option(key, "a string", v))
}

/// Reads the options of `search()`: `{limit, offset, explain, after, before, tags, tagMode, sort,
/// facets}`, each optional (missing or `undefined`: the default), other properties ignored.
///
/// Read property by property rather than with serde: `serde_wasm_bindgen`'s deserializer, with
/// the float formatting of its error messages, was a sixth of the runtime wasm.
fn read_options(options: &JsValue) -> Result<SearchOptions, String> {
    let mut o = SearchOptions::default();
    if options.is_undefined() || options.is_null() {
        return Ok(o);
    }
    if !options.is_object() || js_sys::Array::is_array(options) {
        return Err(concat(&["expected an object, not ", &describe(options)]));
    }
    // Matched by position in this list, not by name: a match on the names compared strings,
    // 117 bytes of wasm.
    for (i, key) in ["limit", "offset", "explain", "after", "before", "tags", "tagMode", "sort", "facets"].into_iter().enumerate() {
        let v = Reflect::get(options, &JsValue::from_str(key)).map_err(|_| concat(&["could not read `", key, "`"]))?;
        if v.is_undefined() {
            continue;
        }
        match i {
            0 => o.limit = whole_option(key, &v)?,
            1 => o.offset = whole_option(key, &v)?,
            2 => o.explain = bool_option(key, &v)?,
            3 => o.after = date_option(key, &v)?,
            4 => o.before = date_option(key, &v)?,
            5 => {
                // `tags`: an array of strings (or a Set of them).
                let list = if js_sys::Array::is_array(&v) {
                    v.unchecked_into::<js_sys::Array>()
                } else if v.is_instance_of::<js_sys::Set>() {
                    js_sys::Array::from(&v)
                } else {
                    return Err(bad_option(key, "an array of strings", &v));
                };
                for tag in list.iter() {
                    o.tags.push(tag.as_string().ok_or_else(|| bad_option(key, "an array of strings", &tag))?);
                }
            }
            6 => {
                // `tagMode`
                o.tag_mode = match v.as_string().as_deref() {
                    Some("any") => TagMode::Any,
                    Some("all") => TagMode::All,
                    _ => return Err(bad_option(key, r#""any" or "all""#, &v)),
                }
            }
            7 => {
                // `sort`
                o.sort = match v.as_string().as_deref() {
                    _ if v.is_null() => None,
                    Some("relevance") => Some(Sort::Relevance),
                    Some("newest") => Some(Sort::Newest),
                    Some("oldest") => Some(Sort::Oldest),
                    _ => return Err(bad_option(key, r#""relevance", "newest" or "oldest""#, &v)),
                }
            }
            _ => o.facets = bool_option(key, &v)?, // `facets`
        }
    }
    Ok(o)
}

/// Builds plain JS objects of the API (`docs/api.md`) straight from the Rust values: `info()`,
/// and the `facets` and `explain` a search may ask for (a page of results is [`Packed`]). The
/// same objects `serde_wasm_bindgen`'s JSON-compatible serializer made (`null` for none, arrays,
/// plain objects for maps, fields in declaration order), without its code in the wasm. The
/// property names are made into JS strings as the objects are made (those of `explain`'s
/// objects once per search), where a per-instance cache of them cost 0.3 KB of wasm.
struct Js;

impl Js {
    fn object(&self, props: &[(&str, JsValue)]) -> JsValue {
        let o = Object::new();
        for (k, v) in props {
            // Setting a property of a fresh plain object cannot fail.
            let _ = Reflect::set(&o, &JsValue::from_str(k), v);
        }
        o.into()
    }

    fn counts(map: &[(String, u32)]) -> JsValue {
        let o = Object::new();
        for (k, n) in map {
            let _ = Reflect::set(&o, &JsValue::from_str(k), &(*n).into());
        }
        o.into()
    }

    fn facets(&self, f: &Facets) -> JsValue {
        self.object(&[("tags", Self::counts(&f.tags)), ("years", Self::counts(&f.years))])
    }

    /// A result's `explain` list; `keys` are the JS strings of its objects' property names
    /// (made once per search: a list holds a few objects per result).
    fn explain(&self, keys: &[JsValue], explain: &[Explained]) -> JsValue {
        let list = Array::new();
        for e in explain {
            let fields = Array::new();
            for &f in &e.fields {
                fields.push(&JsValue::from(f));
            }
            let o = Object::new();
            for (k, v) in keys.iter().zip([JsValue::from_str(&e.word), JsValue::from_str(&e.term), JsValue::from_str(e.kind.as_str()), e.weight.into(), fields.into()]) {
                let _ = Reflect::set(&o, k, &v);
            }
            list.push(&o);
        }
        list.into()
    }

    /// What a search returns to the loader: `[text, numbers, extra]`, see [`Packed`]. `extra`
    /// holds what only some searches ask for, as objects: `{facets, explain}` (`explain` a list
    /// per result), or is `undefined`.
    fn response(&self, r: &SearchResponse<'_>) -> JsValue {
        let packed = Packed::of(r);
        let explain = r.results.iter().any(|h| h.explain.is_some());
        let extra = if r.facets.is_some() || explain {
            let list = explain.then(|| {
                let keys = ["word", "term", "kind", "weight", "fields"].map(JsValue::from_str);
                let list = Array::new();
                for h in &r.results {
                    list.push(&h.explain.as_deref().map_or(JsValue::UNDEFINED, |e| self.explain(&keys, e)));
                }
                list
            });
            let facets = r.facets.as_ref().map_or(JsValue::UNDEFINED, |f| self.facets(f));
            self.object(&[("facets", facets), ("explain", list.map_or(JsValue::UNDEFINED, JsValue::from))])
        } else {
            JsValue::UNDEFINED
        };
        Array::of3(&JsValue::from_str(&packed.text), &js_sys::Float64Array::from(&packed.nums[..]).into(), &extra).into()
    }
}

/// A page of results packed for the loader's `__dsUnpack` (`www/src/loader.js`), which makes
/// the objects of `docs/api.md` from it: every string of the page one after another in `text`,
/// and in `nums` the numbers, lengths and counts that cut `text` and fill the objects, in the
/// order the objects list them. A search so crosses into JS three times, where making each
/// string, array and property from the wasm crossed a few hundred times, a tenth of a query's
/// time at 100k entries.
///
/// `nums`: the total and the number of results; then per result: `id`, `title`, `url` (1 and
/// the string, or 0 for null), `urls` (a count, then the strings), `date` (as `url`),
/// `authors`, `tags` (as `urls`), `score`, `partial` (1 or 0), `titleHighlights` (a count,
/// then two numbers per span), the snippet's `text` and `highlights`. A string is its length
/// in UTF-16 code units (what JavaScript's `slice` counts), its text the next part of `text`.
struct Packed {
    text: String,
    nums: Vec<f64>,
}

impl Packed {
    fn of(r: &SearchResponse<'_>) -> Packed {
        let mut p = Packed { text: String::new(), nums: Vec::with_capacity(2 + 40 * r.results.len()) };
        p.nums.push(f64::from(r.total));
        p.nums.push(r.results.len() as f64);
        for h in &r.results {
            p.str(h.id);
            p.str(h.title);
            p.opt_str(h.url);
            p.strs(&h.urls);
            p.opt_str(h.date.as_deref());
            p.strs(&h.authors);
            p.strs(&h.tags);
            p.nums.push(h.score);
            p.nums.push(f64::from(u8::from(h.partial)));
            p.spans(&h.title_highlights);
            p.str(&h.snippet.text);
            p.spans(&h.snippet.highlights);
        }
        p
    }

    fn str(&mut self, s: &str) {
        self.text.push_str(s);
        let units = if s.is_ascii() { s.len() } else { s.chars().map(char::len_utf16).sum() };
        self.nums.push(units as f64);
    }

    fn opt_str(&mut self, s: Option<&str>) {
        self.nums.push(f64::from(u8::from(s.is_some())));
        if let Some(s) = s {
            self.str(s);
        }
    }

    fn strs(&mut self, list: &[&str]) {
        self.nums.push(list.len() as f64);
        for s in list {
            self.str(s);
        }
    }

    fn spans(&mut self, spans: &[[u32; 2]]) {
        self.nums.push(spans.len() as f64);
        for &[s, e] in spans {
            self.nums.push(f64::from(s));
            self.nums.push(f64::from(e));
        }
    }
}

#[wasm_bindgen]
impl DigestIndex {
    /// Opens the embedded index, checking its format version and checksums.
    #[wasm_bindgen(constructor)]
    pub fn new() -> Result<DigestIndex, JsError> {
        let index = Index::open(embedded()?).map_err(|e| JsError::new(&e.message()))?;
        RESIDENT.store(index_len(), Ordering::Relaxed);
        Ok(DigestIndex { searcher: Searcher::new(index) })
    }

    /// Opens the index from `bytes`, the index's data segment, for a module compiled without
    /// it (see the module docs). Copies the header and the small sections into place now; the
    /// blocks of TERMS, POSTINGS and STORE are copied from `bytes` when first read, and verified then.
    #[wasm_bindgen(js_name = fromBytes)]
    pub fn from_bytes(bytes: js_sys::Uint8Array) -> Result<DigestIndex, JsError> {
        let (base, len) = locate()?;
        if bytes.length() as usize != len {
            return Err(JsError::new("index is damaged: its length does not match the module's locator"));
        }
        use crate::index::format::{get_u32, section_rows, SectionRow, FLAG_BLOCK_CHECKED, HEADER_LEN, SECTION_ROW_LEN};
        let copy = |off: usize, n: usize| copy_into(&bytes, base, off, n);
        // SAFETY (the slices below): each covers bytes of the index's region that were just
        // copied in and are not written again while the slice is in use.
        let filled = |n: usize| unsafe { core::slice::from_raw_parts(base as *const u8, n) };
        if len < HEADER_LEN {
            return Err(JsError::new(&crate::index::IndexError::Truncated("header").message()));
        }
        copy(0, HEADER_LEN);
        let count = get_u32(filled(HEADER_LEN), 12).unwrap_or(0).min(64) as usize;
        let table_end = (HEADER_LEN + count * SECTION_ROW_LEN + 8).min(len);
        copy(HEADER_LEN, table_end - HEADER_LEN);
        let mut eager: Vec<SectionRow> = Vec::new();
        for r in section_rows(filled(table_end)) {
            if r.flags & FLAG_BLOCK_CHECKED == 0 {
                eager.push(r);
            }
        }
        for r in eager {
            if r.offset.checked_add(r.len).is_some_and(|end| end <= len) {
                copy(r.offset, r.len);
            }
        }
        // SAFETY: see `copy_into`; from here on the region is only read through this slice, and
        // the blocks of the lazy sections are written (by `fill`) before their first read.
        let index_bytes: &'static [u8] = unsafe { core::slice::from_raw_parts(base as *const u8, len) };
        let fill = std::rc::Rc::new(move |off: usize, n: usize| copy_into(&bytes, base, off, n));
        let index = Index::open_lazy(index_bytes, fill).map_err(|e| JsError::new(&e.message()))?;
        Ok(DigestIndex { searcher: Searcher::new(index) })
    }

    /// Searches; `options` is `{limit, offset, explain, after, before, tags, tagMode, sort,
    /// facets}` (see [`read_options`]) or undefined. Returns the object of `docs/api.md`.
    pub fn search(&self, query: &str, options: JsValue) -> Result<JsValue, JsError> {
        let opts = read_options(&options).map_err(|e| JsError::new(&concat(&["search options: ", &e])))?;
        let response = self.searcher.search(query, &opts).map_err(|e| JsError::new(&e.message()))?;
        Ok(Js.response(&response))
    }

    /// `{entries, formatVersion, runtimeVersion, indexBytes, residentBytes, memoryBytes}`.
    pub fn info(&self) -> Result<JsValue, JsError> {
        let index_bytes = index_len() as u32;
        let resident_bytes = RESIDENT.load(Ordering::Relaxed) as u32;
        let memory_bytes = (core::arch::wasm32::memory_size(0) * 65536) as u32;
        Ok(Js.object(&[
            ("entries", self.searcher.index().doc_count().into()),
            ("formatVersion", crate::index::format::FORMAT_VERSION.into()),
            ("runtimeVersion", JsValue::from_str(crate::RUNTIME_VERSION)),
            // Bytes of the embedded index, of it copied into memory so far (less while the
            // large sections are filled on first use), and of linear memory now.
            ("indexBytes", index_bytes.into()),
            ("residentBytes", resident_bytes.into()),
            ("memoryBytes", memory_bytes.into()),
        ]))
    }
}

/// The runtime's allocator: Talc in place of the standard library's dlmalloc, 1.5 KB less brotli
/// in the shipped wasm (of an 80 KiB budget for the runtime code) and no slower: the benchmark's
/// queries at 100k entries measured the same side by side, and the memory after 10,000 queries
/// the same (`bench/memory.mjs`). Like dlmalloc it takes memory only by growing it past its
/// current end, so it never hands out the embedded index's region (see [`embedded`]). Without
/// reallocation in place (feature `disable-realloc-in-place`, 270 bytes less): a growing vector
/// is copied, as it mostly was.
#[cfg(not(target_feature = "atomics"))]
#[global_allocator]
static ALLOCATOR: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();
