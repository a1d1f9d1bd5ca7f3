// Where a built wasm keeps its index (the data segment that starts with the index magic) and
// the index's section table (docs/index-format.md), for tests that edit or watch its bytes.
import assert from "node:assert/strict";
import { readU32, u32 as leb } from "../../tools/leb128.mjs";

/** The LEB128 at `pos.at`, moving `pos.at` past it. */
function uleb(bytes, pos) {
  const [v, at] = readU32(bytes, pos.at);
  pos.at = at;
  return v;
}

/** Where the embedded index lies in a built wasm: [start, end) of its data segment. */
export function indexSegment(bytes) {
  const magic = new TextEncoder().encode("DGSTIDX\0");
  const pos = { at: 8 };
  while (pos.at < bytes.length) {
    const id = bytes[pos.at++];
    const size = uleb(bytes, pos);
    const end = pos.at + size;
    if (id === 11) {
      const n = uleb(bytes, pos);
      for (let i = 0; i < n; i++) {
        const flags = uleb(bytes, pos);
        if (flags === 2) uleb(bytes, pos);
        if (flags !== 1) {
          // Constant expression: i32.const <sleb>, end.
          assert.equal(bytes[pos.at++], 0x41, "i32.const offset");
          uleb(bytes, pos);
          assert.equal(bytes[pos.at++], 0x0b, "end of the offset expression");
        }
        const len = uleb(bytes, pos);
        if (magic.every((b, k) => bytes[pos.at + k] === b)) return [pos.at, pos.at + len];
        pos.at += len;
      }
    }
    pos.at = end;
  }
  throw new Error("no embedded index found");
}

// The names the reader gives section kinds in its messages (`section_name` in src/index/read.rs;
// the kinds are `format::section` in src/index/format.rs).
export const SECTION_NAMES = { 1: "META", 2: "TERMS", 3: "POSTINGS", 4: "DOCS", 5: "STORE", 6: "BLOCKS", 7: "TAGS", 8: "COMPLETIONS", 9: "ORDER" };

/** The section table: [{ kind, name, flags, off, len }], offsets relative to the index. */
export function sectionTable(bytes, at) {
  const view = new DataView(bytes.buffer, bytes.byteOffset + at);
  const n = view.getUint32(12, true);
  return Array.from({ length: n }, (_, i) => {
    const r = 16 + 24 * i;
    const kind = view.getUint32(r, true);
    return { kind, name: SECTION_NAMES[kind] ?? "unknown", flags: view.getUint32(r + 4, true), off: view.getUint32(r + 8, true), len: view.getUint32(r + 12, true) };
  });
}

/** `bytes` cut around its top-level custom section named `name`: `{ rest, section }`, the
 * module without it and the section's bytes (empty when there is none). */
function cutCustomSection(bytes, name) {
  const parts = [bytes.subarray(0, 8)];
  let section = bytes.subarray(0, 0);
  const pos = { at: 8 };
  while (pos.at < bytes.length) {
    const start = pos.at;
    const id = bytes[pos.at++];
    const size = uleb(bytes, pos);
    const end = pos.at + size;
    let own = false;
    if (id === 0) {
      const inner = { at: pos.at };
      const nameLen = uleb(bytes, inner);
      own = new TextDecoder().decode(bytes.subarray(inner.at, inner.at + nameLen)) === name;
    }
    if (own) section = bytes.subarray(start, end);
    else parts.push(bytes.subarray(start, end));
    pos.at = end;
  }
  const rest = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  parts.reduce((at, p) => (rest.set(p, at), at + p.length), 0);
  return { rest, section };
}

/** `bytes` without its top-level custom section named `name`. */
export function withoutCustomSection(bytes, name) {
  return cutCustomSection(bytes, name).rest;
}

/** `bytes` with its top-level custom section `name` moved to the end, as `digest-search build`
 * wrote it before the data section became the module's last. */
export function withCustomSectionAtEnd(bytes, name) {
  const { rest, section } = cutCustomSection(bytes, name);
  const out = new Uint8Array(rest.length + section.length);
  out.set(rest, 0);
  out.set(section, rest.length);
  return out;
}

/** `bytes` with a custom section `name` of `size` zero bytes inserted before its data section. */
export function withCustomSectionBeforeData(bytes, name, size) {
  const pos = { at: 8 };
  let dataAt = -1;
  while (pos.at < bytes.length) {
    const start = pos.at;
    const id = bytes[pos.at++];
    const len = uleb(bytes, pos);
    if (id === 11) {
      dataAt = start;
      break;
    }
    pos.at += len;
  }
  assert.ok(dataAt > 0, "a data section");
  const nameBytes = new TextEncoder().encode(name);
  const body = [...leb(nameBytes.length), ...nameBytes];
  const head = Uint8Array.from([0, ...leb(body.length + size), ...body]);
  const out = new Uint8Array(bytes.length + head.length + size);
  out.set(bytes.subarray(0, dataAt), 0);
  out.set(head, dataAt);
  out.set(bytes.subarray(dataAt), dataAt + head.length + size);
  return out;
}
