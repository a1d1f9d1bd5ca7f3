//! Putting an index into the prebuilt runtime wasm, and finding it again.
//!
//! The runtime (`src/wasm/runtime.rs`) holds a 16-byte locator in its data: 8 magic bytes, then
//! the index's address and length (both zero in the prebuilt file). [`embed`] appends the index as
//! a new active data segment at the old end of the initial memory, raises the memory's minimum to
//! hold it, writes the address and length into the locator, and adds a `digest-search` custom
//! section carrying the format and runtime versions for the loader to check before it
//! instantiates. The data section, which ends with the index, is the module's last: every
//! other section comes before the index, so a lazy load (`www/src/loader.js`) has the whole
//! runtime in its first range request. No Rust toolchain is needed: this is byte surgery on a
//! known module.
//!
//! The allocator of the runtime only ever takes memory by growing it, so the pages below the old
//! initial size plus the index are never handed out: the index is read in place, zero-copy.

use crate::index::format::MAGIC;
use std::fmt;

/// The locator's magic bytes, followed in the runtime by `u32 address, u32 length`.
pub const LOCATOR_MAGIC: [u8; 8] = *b"dgsLOC01";
/// Name of the custom section with the versions.
pub const VERSION_SECTION: &str = "digest-search";
const PAGE: u64 = 65536;

/// Why embedding or extracting failed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EmbedError(pub String);

impl fmt::Display for EmbedError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for EmbedError {}

fn err<T>(msg: impl Into<String>) -> Result<T, EmbedError> {
    Err(EmbedError(msg.into()))
}

fn read_leb(bytes: &[u8], pos: &mut usize) -> Result<u64, EmbedError> {
    crate::index::format::get_varint(bytes, pos).ok_or_else(|| EmbedError("truncated or malformed wasm (bad LEB128)".into()))
}

/// One top-level section: id and body.
struct Section<'a> {
    id: u8,
    body: &'a [u8],
}

fn sections(wasm: &[u8]) -> Result<Vec<Section<'_>>, EmbedError> {
    const HEADER: &[u8; 8] = b"\0asm\x01\0\0\0";
    if wasm.is_empty() {
        return err("empty file: not a WebAssembly module");
    }
    if wasm.len() < 8 && HEADER.starts_with(wasm) {
        return err("WebAssembly module is truncated (it ends inside its 8-byte header)");
    }
    if wasm.len() < 8 || &wasm[..4] != b"\0asm" {
        return err("not a WebAssembly module (bad magic number)");
    }
    let mut pos = 8;
    let mut out = Vec::new();
    while pos < wasm.len() {
        let id = wasm[pos];
        pos += 1;
        let len = usize::try_from(read_leb(wasm, &mut pos)?).unwrap_or(usize::MAX);
        let Some(body) = pos.checked_add(len).and_then(|end| wasm.get(pos..end)) else {
            return err("WebAssembly module is truncated (a section runs past the end of the file)");
        };
        out.push(Section { id, body });
        pos += len;
    }
    Ok(out)
}

fn put_leb(out: &mut Vec<u8>, v: u64) {
    crate::index::format::put_varint(out, v);
}

fn put_sleb_i32(out: &mut Vec<u8>, v: i32) {
    let mut v = i64::from(v);
    loop {
        let byte = (v & 0x7f) as u8;
        v >>= 7;
        let done = (v == 0 && byte & 0x40 == 0) || (v == -1 && byte & 0x40 != 0);
        out.push(if done { byte } else { byte | 0x80 });
        if done {
            break;
        }
    }
}

fn put_section(out: &mut Vec<u8>, id: u8, body: &[u8]) {
    out.push(id);
    put_leb(out, body.len() as u64);
    out.extend_from_slice(body);
}

/// The custom section's name and content, if `s` is a custom section.
fn custom<'a>(s: &Section<'a>) -> Option<(&'a str, &'a [u8])> {
    if s.id != 0 {
        return None;
    }
    let mut pos = 0;
    let len = usize::try_from(read_leb(s.body, &mut pos).ok()?).ok()?;
    let end = pos.checked_add(len)?;
    let name = std::str::from_utf8(s.body.get(pos..end)?).ok()?;
    Some((name, &s.body[end..]))
}

/// The versions a runtime wasm carries: the content of its `digest-search` custom section.
pub fn versions(wasm: &[u8]) -> Result<Option<String>, EmbedError> {
    Ok(sections(wasm)?.iter().find_map(|s| custom(s).filter(|(n, _)| *n == VERSION_SECTION).map(|(_, c)| String::from_utf8_lossy(c).into_owned())))
}

/// The content of the version section for an index of `entries` entries.
pub fn version_json(entries: u32) -> String {
    format!(
        "{{\"format\":{},\"runtime\":\"{}\",\"entries\":{entries}}}",
        crate::index::format::FORMAT_VERSION,
        crate::RUNTIME_VERSION
    )
}

/// Returns `runtime` with `index` embedded (see the module docs). `entries` goes into the
/// version section for tools to show.
pub fn embed(runtime: &[u8], index: &[u8], entries: u32) -> Result<Vec<u8>, EmbedError> {
    let secs = sections(runtime)?;
    let mem = secs.iter().find(|s| s.id == 5).ok_or_else(|| EmbedError("runtime wasm defines no memory".into()))?;
    // Memory section: count, then limits flags, min, [max].
    let mut pos = 0;
    if read_leb(mem.body, &mut pos)? != 1 {
        return err("runtime wasm must define exactly one memory");
    }
    let flags = *mem.body.get(pos).ok_or_else(|| EmbedError("truncated memory section".into()))?;
    pos += 1;
    if flags & !1 != 0 {
        return err("runtime wasm memory is shared or 64-bit, which embedding does not support");
    }
    let min = read_leb(mem.body, &mut pos)?;
    let max = if flags & 1 != 0 { Some(read_leb(mem.body, &mut pos)?) } else { None };
    let base = min * PAGE;
    let new_min = (base + index.len() as u64).div_ceil(PAGE);
    if base + index.len() as u64 > u64::from(u32::MAX) / 2 {
        return err(format!("index of {} bytes is too large for a 32-bit WebAssembly memory", index.len()));
    }
    let mut mem_body = Vec::new();
    put_leb(&mut mem_body, 1);
    mem_body.push(flags);
    put_leb(&mut mem_body, new_min);
    if let Some(m) = max {
        put_leb(&mut mem_body, m.max(new_min));
    }

    let mut custom_body = Vec::new();
    put_leb(&mut custom_body, VERSION_SECTION.len() as u64);
    custom_body.extend_from_slice(VERSION_SECTION.as_bytes());
    custom_body.extend_from_slice(version_json(entries).as_bytes());
    // The data section, which ends with the index, goes last: custom sections that followed it
    // (the toolchain's `target_features`) and the version section go before it. A lazy load then
    // finds everything but the index in its first range request, with no request for a tail.
    let data_at = secs.iter().position(|s| s.id == 11);
    let mut out = Vec::with_capacity(runtime.len() + index.len() + 256);
    out.extend_from_slice(&runtime[..8]);
    let mut located = false;
    let mut had_data = false;
    for (i, s) in secs.iter().enumerate() {
        if custom(s).is_some_and(|(n, _)| n == VERSION_SECTION) {
            return err("this wasm already carries an index; embed into the prebuilt runtime instead");
        }
        if data_at.is_some_and(|d| i > d) {
            // Moved before the data section, below.
            continue;
        }
        match s.id {
            5 => put_section(&mut out, 5, &mem_body),
            12 => {
                let mut p = 0;
                let n = read_leb(s.body, &mut p)?;
                let mut body = Vec::new();
                put_leb(&mut body, n + 1);
                put_section(&mut out, 12, &body);
            }
            11 => {
                had_data = true;
                for later in &secs[i + 1..] {
                    put_section(&mut out, later.id, later.body);
                }
                put_section(&mut out, 0, &custom_body);
                let mut p = 0;
                let n = read_leb(s.body, &mut p)?;
                let mut segments = s.body[p..].to_vec();
                // Write the locator: address and length after its magic.
                let at = segments.windows(8).position(|w| w == LOCATOR_MAGIC);
                if let Some(at) = at {
                    let slot = &mut segments[at + 8..at + 16];
                    slot[..4].copy_from_slice(&(base as u32).to_le_bytes());
                    slot[4..].copy_from_slice(&(index.len() as u32).to_le_bytes());
                    located = true;
                }
                let mut body = Vec::with_capacity(segments.len() + index.len() + 16);
                put_leb(&mut body, n + 1);
                body.extend_from_slice(&segments);
                // Active segment, memory 0: flags 0, offset expression `i32.const base; end`.
                body.push(0);
                body.push(0x41);
                put_sleb_i32(&mut body, base as i32);
                body.push(0x0b);
                put_leb(&mut body, index.len() as u64);
                body.extend_from_slice(index);
                put_section(&mut out, 11, &body);
            }
            _ => put_section(&mut out, s.id, s.body),
        }
    }
    if !had_data || !located {
        return err("runtime wasm has no index locator: it is not a digest-search runtime, or it is stale (run ./build.sh)");
    }
    Ok(out)
}

/// Finds the index bytes inside a built wasm: the data segment that starts with the index magic.
pub fn extract(wasm: &[u8]) -> Result<&[u8], EmbedError> {
    let secs = sections(wasm)?;
    let data = secs.iter().find(|s| s.id == 11).ok_or_else(|| EmbedError("wasm has no data section: no index embedded".into()))?;
    let body = data.body;
    let mut pos = 0;
    let n = read_leb(body, &mut pos)?;
    for _ in 0..n {
        let flags = read_leb(body, &mut pos)?;
        match flags {
            0 | 2 => {
                if flags == 2 {
                    read_leb(body, &mut pos)?;
                }
                skip_const_expr(body, &mut pos)?;
            }
            1 => {}
            _ => return err("unknown data segment kind"),
        }
        let len = usize::try_from(read_leb(body, &mut pos)?).unwrap_or(usize::MAX);
        let seg = pos.checked_add(len).and_then(|e| body.get(pos..e)).ok_or_else(|| EmbedError("wasm is truncated: a data segment runs past the end".into()))?;
        if seg.starts_with(&MAGIC) {
            return Ok(seg);
        }
        pos += len;
    }
    err("no digest-search index found in this wasm")
}

/// Skips a constant expression (a data segment's offset) up to and including its `end`. The
/// immediates are decoded, not scanned: an `i32.const` whose LEB128 holds the byte 0x0b must not
/// end the expression early.
fn skip_const_expr(body: &[u8], pos: &mut usize) -> Result<(), EmbedError> {
    loop {
        let op = *body.get(*pos).ok_or_else(|| EmbedError("wasm is truncated: a data segment's offset runs past the end".into()))?;
        *pos += 1;
        match op {
            0x0b => return Ok(()),
            // i32.const, i64.const, global.get: one LEB128 immediate.
            0x41 | 0x42 | 0x23 => {
                read_leb(body, pos)?;
            }
            // f32.const, f64.const: fixed-size immediates.
            0x43 => *pos += 4,
            0x44 => *pos += 8,
            // Extended constant expressions: add, sub, mul of i32 and i64.
            0x6a | 0x6b | 0x6c | 0x7c | 0x7d | 0x7e => {}
            _ => return err(format!("unsupported instruction 0x{op:02x} in a data segment's offset")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A module with only a data section holding `segments` (offset, bytes).
    fn module_with_data(segments: &[(i32, &[u8])]) -> Vec<u8> {
        let mut body = Vec::new();
        put_leb(&mut body, segments.len() as u64);
        for (offset, bytes) in segments {
            body.push(0);
            body.push(0x41);
            put_sleb_i32(&mut body, *offset);
            body.push(0x0b);
            put_leb(&mut body, bytes.len() as u64);
            body.extend_from_slice(bytes);
        }
        let mut out = b"\0asm\x01\0\0\0".to_vec();
        put_section(&mut out, 11, &body);
        out
    }

    #[test]
    fn an_offset_whose_leb128_holds_0x0b_is_skipped_whole() {
        // 352 pages: the signed LEB128 of 352 × 65536 ends with the byte 0x0b, which a scan for
        // `end` took for the end of the expression.
        let mut enc = Vec::new();
        put_sleb_i32(&mut enc, 352 * 65536);
        assert_eq!(enc.last(), Some(&0x0b));
        let mut index = MAGIC.to_vec();
        index.extend_from_slice(b"rest");
        let wasm = module_with_data(&[(352 * 65536, b"runtime data"), (400 * 65536, &index)]);
        assert_eq!(extract(&wasm).unwrap(), &index[..]);
    }

    #[test]
    fn damaged_modules_are_errors_not_panics() {
        let mut index = MAGIC.to_vec();
        index.extend_from_slice(b"rest");
        let wasm = module_with_data(&[(1024, b"runtime data"), (65536, &index)]);
        for cut in 0..wasm.len() {
            let _ = extract(&wasm[..cut]);
            let _ = versions(&wasm[..cut]);
        }
        // A custom section whose name length is absurd.
        let mut custom = b"\0asm\x01\0\0\0".to_vec();
        put_section(&mut custom, 0, &[0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01]);
        assert_eq!(versions(&custom), Ok(None));
        assert!(extract(&custom).is_err());
    }
}
