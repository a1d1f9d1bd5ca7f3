//! The builder as WebAssembly (wasm-bindgen), for the npm package: `digest-search build` in Node
//! with no Rust toolchain. A thin face over the same code as the native CLI
//! ([`crate::input::parse_sources`], [`crate::bundle::build_outputs`]) with the same prebuilt
//! runtime and JS parts embedded ([`crate::bundle::prebuilt`]), so both write byte-identical
//! files. It translates arguments and errors and holds no logic of its own.

use crate::bundle;
use crate::bundle::prebuilt::{PARTS, RUNTIME_WASM};
use crate::input::{self, InputOptions};
use js_sys::{Array, Object, Reflect, Uint8Array};
use serde::Deserialize;
use wasm_bindgen::prelude::*;


/// The name `buildFromEntries` gives its one JSON Lines source; messages call it `entries[i]`.
const ENTRIES_SOURCE: &str = "entries.jsonl";

/// `{headerLines, year, date, urlTemplate}`, all optional: the CLI's build options; and
/// `classicMax`, the CLI's `DS_CLASSIC_MAX` (for the tests).
#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct BuildOptions {
    header_lines: Option<usize>,
    year: Option<u32>,
    date: Option<String>,
    url_template: Option<String>,
    classic_max: Option<usize>,
}

/// The input options, and the longest classic file to write.
#[allow(clippy::needless_update)]
fn parse_options(v: JsValue) -> Result<(InputOptions, usize), JsError> {
    let o: BuildOptions = if v.is_undefined() || v.is_null() {
        BuildOptions::default()
    } else {
        serde_wasm_bindgen::from_value(v).map_err(|e| JsError::new(&format!("build options: {e}")))?
    };
    // `..Default::default()`: options the CLI gains later default here until exposed.
    let classic_max = o.classic_max.unwrap_or(bundle::CLASSIC_MAX);
    Ok((InputOptions { header_lines: o.header_lines, year: o.year, date: o.date, url_template: o.url_template, ..Default::default() }, classic_max))
}

fn get(obj: &JsValue, key: &str) -> JsValue {
    Reflect::get(obj, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
}

fn set(obj: &Object, key: &str, value: &JsValue) {
    // Setting a property of a fresh plain object cannot fail.
    let _ = Reflect::set(obj, &JsValue::from_str(key), value);
}

/// Calls `on_warning` (a JS function, or undefined) with each warning as it is found, like the
/// CLI prints them; remembers the first exception it throws.
struct Warnings {
    callback: Option<js_sys::Function>,
    all: Vec<String>,
    thrown: Option<JsValue>,
}

impl Warnings {
    fn new(on_warning: JsValue) -> Result<Warnings, JsValue> {
        let callback = if on_warning.is_undefined() || on_warning.is_null() {
            None
        } else {
            Some(on_warning.dyn_into::<js_sys::Function>().map_err(|_| JsError::new("onWarning must be a function"))?)
        };
        Ok(Warnings { callback, all: Vec::new(), thrown: None })
    }

    fn push(&mut self, w: String) {
        if let (Some(f), None) = (&self.callback, &self.thrown) {
            if let Err(e) = f.call1(&JsValue::UNDEFINED, &JsValue::from_str(&w)) {
                self.thrown = Some(e);
            }
        }
        self.all.push(w);
    }
}

/// Parses, indexes, embeds, bundles: exactly the CLI's `build`, in memory.
fn build(sources: &[(String, Vec<u8>)], (opts, classic_max): &(InputOptions, usize), warnings: &mut Warnings, rename: &dyn Fn(String) -> String) -> Result<JsValue, JsValue> {
    let parsed = input::parse_sources(sources, opts, &mut |w| warnings.push(rename(w)));
    if let Some(e) = warnings.thrown.take() {
        return Err(e);
    }
    let entries = parsed.map_err(|e| JsError::new(&rename(e.to_string())))?;
    if entries.is_empty() {
        return Err(JsError::new("no entries in the inputs: nothing to index").into());
    }
    let out = bundle::build_outputs_within(&entries, RUNTIME_WASM, &PARTS, *classic_max, &mut |_| {}).map_err(|e| JsError::new(&e.to_string()))?;
    // A classic file left out is the last warning (the npm CLI prints it under --quiet too).
    if let Some((notice, _)) = bundle::classic_notice(&out, &PARTS, *classic_max) {
        warnings.push(notice);
    }
    let result = Object::new();
    set(&result, "wasm", &Uint8Array::from(&out.wasm[..]).into());
    set(&result, "esm", &JsValue::from_str(&out.esm));
    // Bytes, not a string: past about 230k entries the classic file is longer than the longest
    // string V8 makes (2^29 - 24 characters), and Node writes bytes as they are.
    // (null past the limit: no classic file.)
    set(&result, "classic", &out.classic.map_or(JsValue::NULL, |c| Uint8Array::from(c.as_bytes()).into()));
    set(&result, "entries", &JsValue::from_f64(entries.len() as f64));
    set(&result, "warnings", &warnings.all.iter().map(|w| JsValue::from_str(w)).collect::<Array>().into());
    Ok(result.into())
}

/// Builds from inputs given as `[{name, bytes: Uint8Array}]`, in order (plain-text digests, JSON,
/// JSON Lines, gzip; the name tells the format and names the input in messages, as a path does
/// for the CLI). Returns `{wasm: Uint8Array, esm, classic: Uint8Array or null, entries, warnings}`; an input error
/// throws an `Error` whose message is the CLI's (`feed.jsonl:2: field `title`: ...`).
/// `on_warning`, when a function, is called with each warning as it is found (before an error).
#[wasm_bindgen(js_name = buildFromSources)]
pub fn build_from_sources(sources: JsValue, options: JsValue, on_warning: JsValue) -> Result<JsValue, JsValue> {
    if !Array::is_array(&sources) {
        return Err(JsError::new("sources must be an array of {name, bytes}").into());
    }
    let mut list = Vec::new();
    for (i, s) in Array::from(&sources).iter().enumerate() {
        let name = get(&s, "name").as_string().ok_or_else(|| JsError::new(&format!("sources[{i}].name must be a string")))?;
        let bytes = get(&s, "bytes");
        if !bytes.is_instance_of::<Uint8Array>() {
            return Err(JsError::new(&format!("sources[{i}].bytes must be a Uint8Array")).into());
        }
        list.push((name, Uint8Array::from(bytes).to_vec()));
    }
    build(&list, &parse_options(options)?, &mut Warnings::new(on_warning)?, &|m| m)
}

/// Builds from entry objects with the JSON input's fields (`id`, `title`, `abstract`, `url` or
/// `urls`, `date`, `authors`, `tags`, …). Same result as [`build_from_sources`]; messages name
/// the entry as `entries[i]` (0-based).
#[wasm_bindgen(js_name = buildFromEntries)]
pub fn build_from_entries(entries: JsValue, options: JsValue, on_warning: JsValue) -> Result<JsValue, JsValue> {
    if !Array::is_array(&entries) {
        return Err(JsError::new("entries must be an array of objects").into());
    }
    let mut text = String::new();
    for (i, e) in Array::from(&entries).iter().enumerate() {
        let json = js_sys::JSON::stringify(&e).map_err(|err| {
            let why = err.dyn_ref::<js_sys::Error>().map(|x| String::from(x.message())).unwrap_or_default();
            JsError::new(&format!("entries[{i}]: cannot be written as JSON: {why}"))
        })?;
        // `undefined` and functions stringify to undefined: let the parser say what it found.
        text.push_str(&json.as_string().unwrap_or_else(|| "null".into()));
        text.push('\n');
    }
    build(&[(ENTRIES_SOURCE.to_string(), text.into_bytes())], &parse_options(options)?, &mut Warnings::new(on_warning)?, &entries_positions)
}

/// Rewrites `entries.jsonl:LINE[:COL]` (1-based lines of the JSON Lines text) into `entries[i]`
/// (the 0-based array index), and the bare name into `entries`.
fn entries_positions(message: String) -> String {
    let prefix = format!("{ENTRIES_SOURCE}:");
    let mut out = String::with_capacity(message.len());
    let mut rest = message.as_str();
    while let Some(at) = rest.find(ENTRIES_SOURCE) {
        out.push_str(&rest[..at]);
        let tail = &rest[at..];
        let digits = |s: &str| s.bytes().take_while(u8::is_ascii_digit).count();
        let n = if tail.starts_with(&prefix) { digits(&tail[prefix.len()..]) } else { 0 };
        if n > 0 {
            let line: usize = tail[prefix.len()..prefix.len() + n].parse().unwrap_or(1);
            let mut used = prefix.len() + n;
            // A column, if any, is a column of our own JSON text: drop it.
            if tail[used..].starts_with(':') {
                let c = digits(&tail[used + 1..]);
                if c > 0 {
                    used += 1 + c;
                }
            }
            out.push_str(&format!("entries[{}]", line.saturating_sub(1)));
            rest = &tail[used..];
        } else {
            out.push_str("entries");
            rest = &tail[ENTRIES_SOURCE.len()..];
        }
    }
    out.push_str(rest);
    out
}

/// The files to write for a build's `wasm` and `classic` (both bytes, as the build returns them;
/// `classic` null past the limit; see `bundle::output_files`): an array of `[name, data]`, `data`
/// a `Uint8Array`, or null for a file to remove. `htmlTitle`: also the self-contained page.
#[wasm_bindgen(js_name = outputFiles)]
pub fn output_files(wasm: &[u8], classic: Option<Vec<u8>>, hashed_names: bool, html_title: Option<String>) -> Result<Array, JsError> {
    let classic = classic.as_deref().map(std::str::from_utf8).transpose().map_err(|_| JsError::new("outputs.classic is not a classic file (not UTF-8 text)"))?;
    Ok(bundle::output_files(wasm, classic, &PARTS, hashed_names, html_title.as_deref())
        .into_iter()
        .map(|(name, data)| -> JsValue { Array::of2(&JsValue::from_str(&name), &data.map_or(JsValue::NULL, |d| Uint8Array::from(&d[..]).into())).into() })
        .collect())
}

/// The npm package's `loader.js`: `load()` and the `<digest-search>` element, with no wasm of
/// their own (see [`bundle::esm_without_default`]).
#[wasm_bindgen(js_name = loaderModule)]
pub fn loader_module() -> String {
    bundle::esm_without_default(&PARTS)
}

/// `{runtimeVersion, formatVersion}` of the indexes this builder writes.
#[wasm_bindgen]
pub fn versions() -> JsValue {
    let o = Object::new();
    set(&o, "runtimeVersion", &JsValue::from_str(crate::RUNTIME_VERSION));
    set(&o, "formatVersion", &JsValue::from_f64(f64::from(crate::index::format::FORMAT_VERSION)));
    o.into()
}
