//! The browser API of the runtime wasm (wasm-bindgen): open the embedded index, search it.
//!
//! The index is not passed in: `digest-search build` writes it into this module as a data
//! segment and records its address and length in [`INDEX_LOCATOR`]. [`DigestIndex::new`] reads
//! the locator and opens the index in place.

use crate::index::Index;
use crate::search::query::Sort;
use crate::search::{SearchOptions, Searcher, TagMode};
use js_sys::Reflect;
use serde::Serialize;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

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

/// A JS value for an error message: `1.5`, `"3"`, `null`, `an object`.
fn describe(v: &JsValue) -> String {
    if let Some(s) = v.as_string() {
        return format!("{s:?}");
    }
    if v.as_f64().is_some() {
        // JS formats the number: Rust's float formatting would add ~20 KB to the wasm.
        if let Ok(s) = v.unchecked_ref::<js_sys::Number>().to_string_with_radix(10) {
            return s.into();
        }
    }
    match v.js_typeof().as_string().as_deref() {
        _ if v.is_null() => "null".into(),
        _ if js_sys::Array::is_array(v) => "an array".into(),
        Some("boolean") => format!("{}", v.is_truthy()),
        Some("object") => "an object".into(),
        Some(t) => t.into(),
        None => "a value".into(),
    }
}

/// The message for an option `key` whose value `v` is not `what`.
fn bad_option(key: &str, what: &str, v: &JsValue) -> String {
    format!("`{key}` must be {what}, not {}", describe(v))
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
        return Err(format!("expected an object, not {}", describe(options)));
    }
    for key in ["limit", "offset", "explain", "after", "before", "tags", "tagMode", "sort", "facets"] {
        let v = Reflect::get(options, &JsValue::from_str(key)).map_err(|_| format!("could not read `{key}`"))?;
        if v.is_undefined() {
            continue;
        }
        match key {
            "limit" => o.limit = whole_option(key, &v)?,
            "offset" => o.offset = whole_option(key, &v)?,
            "explain" => o.explain = bool_option(key, &v)?,
            "after" => o.after = string_option(key, &v)?,
            "before" => o.before = string_option(key, &v)?,
            "tags" => {
                // An array of strings (or a Set of them).
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
            "tagMode" => {
                o.tag_mode = match v.as_string().as_deref() {
                    Some("any") => TagMode::Any,
                    Some("all") => TagMode::All,
                    _ => return Err(bad_option(key, r#""any" or "all""#, &v)),
                }
            }
            "sort" => {
                o.sort = match v.as_string().as_deref() {
                    _ if v.is_null() => None,
                    Some("relevance") => Some(Sort::Relevance),
                    Some("newest") => Some(Sort::Newest),
                    Some("oldest") => Some(Sort::Oldest),
                    _ => return Err(bad_option(key, r#""relevance", "newest" or "oldest""#, &v)),
                }
            }
            _ => o.facets = bool_option(key, &v)?,
        }
    }
    Ok(o)
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
        let opts = read_options(&options).map_err(|e| JsError::new(&format!("search options: {e}")))?;
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
