//! The browser API of the runtime wasm (wasm-bindgen): open the embedded index, search it.
//!
//! The index is not passed in: `digest-search build` writes it into this module as a data
//! segment and records its address and length in [`INDEX_LOCATOR`]. [`DigestIndex::new`] reads
//! the locator and opens the index in place.
//!
//! The loader normally does better: it compiles the module *without* the index's data segment
//! (a few hundred KB instead of the whole index) and hands the index bytes to
//! [`DigestIndex::from_bytes`], which copies only the small sections into their place and fills
//! the large ones (POSTINGS, STORE) block by block as searches first read them. A session that
//! reads 1% of the stored text pages in 1% of it; at 100k entries this turns a 300 ms load into
//! a few milliseconds.

use crate::index::Index;
use crate::search::{SearchOptions, Searcher};
use serde::Serialize;
use core::sync::atomic::{AtomicUsize, Ordering};
use wasm_bindgen::prelude::*;

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

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Info {
    entries: u32,
    format_version: u32,
    runtime_version: &'static str,
    /// Bytes of the embedded index.
    index_bytes: u32,
    /// Bytes of the index copied into memory so far (less than `index_bytes` while the large
    /// sections are filled on first use).
    resident_bytes: u32,
    /// Bytes of the instance's linear memory now (the index plus the heap).
    memory_bytes: u32,
}

fn to_js<T: Serialize>(v: &T) -> Result<JsValue, JsError> {
    v.serialize(&serde_wasm_bindgen::Serializer::json_compatible()).map_err(|e| JsError::new(&e.to_string()))
}

#[wasm_bindgen]
impl DigestIndex {
    /// Opens the embedded index, checking its format version and checksums.
    #[wasm_bindgen(constructor)]
    pub fn new() -> Result<DigestIndex, JsError> {
        let index = Index::open(embedded()?).map_err(|e| JsError::new(&e.to_string()))?;
        RESIDENT.store(index_len(), Ordering::Relaxed);
        Ok(DigestIndex { searcher: Searcher::new(index) })
    }

    /// Opens the index from `bytes`, the index's data segment, for a module compiled without
    /// it (see the module docs). Copies the header and the small sections into place now; the
    /// blocks of POSTINGS and STORE are copied from `bytes` when first read, and verified then.
    #[wasm_bindgen(js_name = fromBytes)]
    pub fn from_bytes(bytes: js_sys::Uint8Array) -> Result<DigestIndex, JsError> {
        let (base, len) = locate()?;
        if bytes.length() as usize != len {
            return Err(JsError::new("index is damaged: its length does not match the module's locator"));
        }
        let copy = |off: usize, n: usize| copy_into(&bytes, base, off, n);
        let read_u32 = |off: usize| unsafe { core::ptr::read_unaligned((base + off) as *const u32) }.to_le() as usize;
        let header = crate::index::format::HEADER_LEN;
        if len < header {
            return Err(JsError::new(&crate::index::IndexError::Truncated("header").to_string()));
        }
        copy(0, header);
        let rows = read_u32(12).min(64);
        let table_end = (header + rows * crate::index::format::SECTION_ROW_LEN + 8).min(len);
        copy(header, table_end - header);
        for row in (header..table_end.saturating_sub(8)).step_by(crate::index::format::SECTION_ROW_LEN) {
            if row + crate::index::format::SECTION_ROW_LEN > table_end {
                break;
            }
            let lazy = read_u32(row + 4) as u32 & crate::index::format::FLAG_BLOCK_CHECKED != 0;
            let (off, n) = (read_u32(row + 8), read_u32(row + 12));
            if !lazy && off.checked_add(n).is_some_and(|end| end <= len) {
                copy(off, n);
            }
        }
        // SAFETY: as above; from here on the region is only read through this slice, and the
        // blocks of the lazy sections are written (by `fill`) before their first read.
        let index_bytes: &'static [u8] = unsafe { core::slice::from_raw_parts(base as *const u8, len) };
        let fill = std::rc::Rc::new(move |off: usize, n: usize| copy_into(&bytes, base, off, n));
        let index = Index::open_lazy(index_bytes, fill).map_err(|e| JsError::new(&e.to_string()))?;
        Ok(DigestIndex { searcher: Searcher::new(index) })
    }

    /// Searches; `options` is `{limit, offset, explain}` or undefined. Returns the object of
    /// `docs/api.md`.
    pub fn search(&self, query: &str, options: JsValue) -> Result<JsValue, JsError> {
        let opts: SearchOptions = if options.is_undefined() || options.is_null() {
            SearchOptions::default()
        } else {
            serde_wasm_bindgen::from_value(options).map_err(|e| JsError::new(&format!("search options: {e}")))?
        };
        let response = self.searcher.search(query, &opts).map_err(|e| JsError::new(&e.to_string()))?;
        to_js(&response)
    }

    /// `{entries, formatVersion, runtimeVersion, indexBytes, residentBytes, memoryBytes}`.
    pub fn info(&self) -> Result<JsValue, JsError> {
        to_js(&Info {
            entries: self.searcher.index().doc_count(),
            format_version: crate::index::format::FORMAT_VERSION,
            runtime_version: crate::RUNTIME_VERSION,
            index_bytes: index_len() as u32,
            resident_bytes: RESIDENT.load(Ordering::Relaxed) as u32,
            memory_bytes: (core::arch::wasm32::memory_size(0) * 65536) as u32,
        })
    }
}
