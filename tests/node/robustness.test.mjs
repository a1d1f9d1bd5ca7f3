// Broken index files through the public loader, and the native CLI on the same bytes: a wasm
// truncated at several points, a byte flipped in each section of the embedded index (located
// with the section table of docs/index-format.md), the format version changed to the next. Each is
// refused with an Error saying truncated / checksum / version, never a WebAssembly trap, and the
// CLI's `search` says the same with exit code 1.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { indexSegment, sectionTable, withoutCustomSection } from "./index-layout.mjs";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
const DEMO = path.join(ROOT, "target", "demo");
const CLI = path.join(ROOT, "target", "release", "digest-search");
const { load } = await import(pathToFileURL(path.join(DEMO, "digest-search.js")).href);
const wasm = new Uint8Array(readFileSync(path.join(DEMO, "digest-search.wasm")));
const QUERIES = ["diffusion", "zeroth order benchmark", "language models", "learning"];

// ---- locating the index: the wasm's data segment that starts with the index magic -------------

const FLAG_BLOCK_CHECKED = 1;
const BLOCK_LEN = 2 * 1024; // BLOCK_LEN in src/index/format.rs

const [AT, SEGMENT_END] = indexSegment(wasm);
const TABLE = sectionTable(wasm, AT);

/** A copy with one byte of a section flipped; one per block for block-checked sections. */
function flipped(section) {
  const bad = wasm.slice();
  const blocks = section.flags & FLAG_BLOCK_CHECKED ? Math.ceil(section.len / BLOCK_LEN) : 1;
  for (let b = 0; b < blocks; b++) {
    const start = b * BLOCK_LEN;
    const len = blocks === 1 ? section.len : Math.min(BLOCK_LEN, section.len - start);
    bad[AT + section.off + start + Math.floor(len / 2)] ^= 0x20;
  }
  return bad;
}

// ---- assertions ---------------------------------------------------------------------------------

/** A clear Error from the loader: not a trap, not a trap wrapped in an Error. */
function assertClearError(e, want, what) {
  assert.ok(e instanceof Error, `${what}: not an Error: ${e}`);
  assert.ok(!(e instanceof WebAssembly.RuntimeError), `${what}: a wasm trap: ${e.message}`);
  assert.ok(!(e.cause instanceof WebAssembly.RuntimeError), `${what}: a wrapped wasm trap: ${e.message}`);
  assert.doesNotMatch(e.message, /unreachable|RuntimeError|memory access out of bounds/, what);
  assert.match(e.message, want, `${what}: ${e.message}`);
}

/** load() rejects, or (for damage found lazily) every search throws; returns the message. */
async function refusal(bytes, what) {
  let index;
  try {
    index = await load(bytes);
  } catch (e) {
    return { at: "load", error: e };
  }
  for (const q of QUERIES) {
    try {
      index.search(q);
    } catch (e) {
      // The damage stays reported: a second search fails the same way, still without a trap.
      let again;
      try {
        index.search(q);
      } catch (e2) {
        again = e2;
      }
      assert.ok(again, `${what}: a second search after damage succeeded`);
      assertClearError(again, /checksum|truncated|corrupted/, `${what} (second search)`);
      return { at: "search", error: e };
    }
  }
  assert.fail(`${what}: loaded and answered every query`);
}

/** The native CLI on the same bytes: exit code 1 and the same reason. */
function cliRefusal(bytes, want, what) {
  const dir = mkdtempSync(path.join(os.tmpdir(), "ds-broken-"));
  try {
    const file = path.join(dir, "digest-search.wasm");
    writeFileSync(file, bytes);
    for (const q of QUERIES) {
      const r = spawnSync(CLI, ["search", file, q], { encoding: "utf8" });
      if (r.status === 0) continue; // damage in a block this query does not read
      assert.equal(r.status, 1, `${what}: CLI exit code; stderr: ${r.stderr}`);
      assert.match(r.stderr, /^error: /, what);
      assert.match(r.stderr, want, `${what}: CLI said: ${r.stderr}`);
      assert.equal(r.stdout, "", `${what}: no results printed`);
      return;
    }
    assert.fail(`${what}: the CLI answered every query`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// ---- tests ----------------------------------------------------------------------------------------

test("the index and its section table are found", () => {
  const names = TABLE.map((s) => s.name);
  for (const want of ["META", "TERMS", "POSTINGS", "DOCS", "STORE"]) assert.ok(names.includes(want), names.join(","));
  for (const s of TABLE) assert.ok(AT + s.off + s.len <= wasm.length, s.name);
});

const truncations = () => [
  ["in the wasm header", 6],
  ["before the index", AT - 3],
  ["in the index header", AT + 10],
  ["in the section table", AT + 40],
  ...TABLE.map((s) => [`in the middle of ${s.name}`, AT + s.off + Math.floor(s.len / 2)]),
  ["mid-index", AT + Math.floor((wasm.length - AT) / 2)],
  ["one byte before the end of the index", AT + TABLE.reduce((m, s) => Math.max(m, s.off + s.len), 0) - 1],
  ["by one byte", wasm.length - 1],
];

test("a truncated wasm is refused: load() says truncated, so does the CLI", async () => {
  for (const [what, cut] of truncations()) {
    const bytes = wasm.slice(0, cut);
    const r = await refusal(bytes, `truncated ${what}`);
    assert.equal(r.at, "load", what);
    assertClearError(r.error, /truncated/, `truncated ${what}`);
    cliRefusal(bytes, /truncated/, `truncated ${what}`);
  }
});

test("the index's data segment ends the module, so a lazy load finds the runtime in its first range", () => {
  // src/embed.rs writes every other section, the version section included, before the data
  // section; the loader then compiles the runtime from the first answer, with no request for a
  // tail (www/src/loader.js, __dsOpenLazy).
  assert.equal(SEGMENT_END, wasm.length);
});

test("a wasm without its version section is refused by load()", async () => {
  // The index is whole but the loader's version check finds nothing to check: it refuses
  // before instantiating. (The native CLI does not read the version section; it answers.)
  const bytes = withoutCustomSection(wasm, "digest-search");
  assert.equal(bytes.length < wasm.length, true, "the version section was found and removed");
  const r = await refusal(bytes, "without the version section");
  assert.equal(r.at, "load");
  assertClearError(r.error, /no digest-search version section/, "without the version section");
});

test("a byte flipped in each section is refused with a checksum error naming it", async () => {
  for (const section of TABLE) {
    const bytes = flipped(section);
    const what = `a byte flipped in ${section.name}`;
    const r = await refusal(bytes, what);
    // Small sections are checked by load(); TERMS, POSTINGS and STORE block by block, by the
    // first search that reads the damaged block. Opening reads the first block of TERMS (where
    // each first byte's dictionary lies) and of STORE (the entry count), and every block is
    // flipped, so damage in those two is found by load().
    const byLoad = !(section.flags & FLAG_BLOCK_CHECKED) || section.name === "STORE" || section.name === "TERMS";
    assert.equal(r.at, byLoad ? "load" : "search", what);
    const want = new RegExp(`checksum mismatch in the ${section.name} section`);
    assertClearError(r.error, want, what);
    cliRefusal(bytes, want, what);
  }
  const table = wasm.slice();
  table[AT + 16 + 8] ^= 1; // the first row's offset
  assertClearError((await refusal(table, "the section table")).error, /checksum mismatch in the header and section table(?! section)/, "the section table");
  cliRefusal(table, /checksum mismatch in the header and section table(?! section)/, "the section table");
});

test("an index of another format version is refused with a version error", async () => {
  const ours = wasm[AT + 8];
  const next = ours + 1;
  const other = wasm.slice();
  other[AT + 8] = next;
  const want = new RegExp(`index format version ${next}, but this runtime reads version ${ours}`);
  const r = await refusal(other, `version ${next}`);
  assert.equal(r.at, "load");
  assertClearError(r.error, want, `version ${next}`);
  cliRefusal(other, want, `version ${next}`);
  // The loader's own check: the wasm's version section says another format, written in as
  // many digits as ours (the section keeps its length): the next, or else the one before.
  const text = new TextDecoder("latin1").decode(wasm);
  const at = text.lastIndexOf(`"format":${ours}`);
  assert.ok(at > 0);
  const said = String(String(next).length === String(ours).length ? next : ours - 1);
  const section = wasm.slice();
  for (let i = 0; i < said.length; i++) section[at + 9 + i] = said.charCodeAt(i);
  assertClearError((await refusal(section, "version section")).error, new RegExp(`version mismatch: the wasm holds index format ${said} for`), "version section");
});

test("a bad magic number, and bytes that are no wasm at all", async () => {
  const magic = wasm.slice();
  magic[AT] ^= 0xff;
  // The loader finds the index by its locator, the CLI by its magic: both refuse.
  assertClearError((await refusal(magic, "magic")).error, /not a digest-search index|no digest-search index/, "magic");
  cliRefusal(magic, /no digest-search index found/, "magic");
  for (const [what, bytes] of [["empty", new Uint8Array()], ["html", new TextEncoder().encode("<!doctype html><p>404")], ["zeros", new Uint8Array(4096)]]) {
    assertClearError((await refusal(bytes, what)).error, /not a valid WebAssembly module/, what);
  }
});
