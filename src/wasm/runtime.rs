//! The browser API of the runtime wasm (wasm-bindgen): open the embedded index, search it.
//!
//! The index is not passed in: `digest-search build` writes it into this module as a data
//! segment and records its address and length in [`INDEX_LOCATOR`]. [`DigestIndex::new`] reads
//! the locator and opens the index in place.

use crate::index::Index;
use crate::search::{SearchOptions, Searcher};
use serde::Serialize;
use wasm_bindgen::prelude::*;

/// Magic bytes, then the embedded index's address and length (little-endian u32), written by
/// `embed::embed`. Zero in the prebuilt runtime.
#[used]
static INDEX_LOCATOR: [u8; 16] = *b"dgsLOC01\0\0\0\0\0\0\0\0";

fn embedded() -> Result<&'static [u8], JsError> {
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

    /// `{entries, formatVersion, runtimeVersion, indexBytes, memoryBytes}`.
    pub fn info(&self) -> Result<JsValue, JsError> {
        to_js(&Info {
            entries: self.searcher.index().doc_count(),
            format_version: crate::index::format::FORMAT_VERSION,
            runtime_version: crate::RUNTIME_VERSION,
            index_bytes: embedded().map_or(0, |b| b.len() as u32),
            memory_bytes: (core::arch::wasm32::memory_size(0) * 65536) as u32,
        })
    }
}
