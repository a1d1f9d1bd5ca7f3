// Shortens the names of the runtime wasm's imports and exports, in the wasm and in wasm-bindgen's
// JS glue.
//
//   node tools/short-imports.mjs RUNTIME_BG_WASM RUNTIME_JS
//
// wasm-bindgen names each function the wasm imports from its JS glue after the JS it calls plus a
// hash (`__wbg_instanceof_Set_7768a118d44ac511`), and both files spell every name out. The hashes
// are random to a compressor: thirty of them cost about 0.9 KB of brotli over the two files. The
// names mean nothing at run time (the glue hands the wasm an object of functions under them), so
// build.sh renames each to a short one (`a`, `b`, …, in import order) in both files after
// Binaryen's optimizer. The renaming is exact: every name must occur in the glue as a key of the
// import object (`name: function`) and nowhere else, or the build fails.
//
// The same goes for the rest of the wasm's interface with its glue: the imports' module,
// `./runtime_bg.js` (spelled out once per import), becomes `a`, and each export
// (`__wbindgen_malloc`, `digestindex_search`, …) a short name too, which the glue reads only as
// `wasm.NAME`; an export the glue never reads (`__wbindgen_free`, and the `__abort_handler` and
// `__instance_terminated` globals, which only the glue of a `panic = "unwind"` build reads)
// is dropped. No other script reads the runtime's exports: the loader goes through the glue.
import { readFile, writeFile } from "node:fs/promises";
import { readU32, u32 } from "./leb128.mjs";

const [wasmPath, jsPath] = process.argv.slice(2);
if (!jsPath) {
  console.error("usage: node tools/short-imports.mjs RUNTIME_BG_WASM RUNTIME_JS");
  process.exit(2);
}
const wasm = await readFile(wasmPath);
let js = await readFile(jsPath, "utf8");

// A short name for the i-th import: a, b, …, z, A, …, Z, aa, ab, …
const ALPHABET = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
function shortName(i) {
  let s = "";
  do {
    s = ALPHABET[i % ALPHABET.length] + s;
    i = Math.floor(i / ALPHABET.length) - 1;
  } while (i >= 0);
  return s;
}

if (wasm.readUInt32LE(0) !== 0x6d736100) throw new Error(`short-imports: ${wasmPath} is not a wasm module`);
const parts = [wasm.subarray(0, 8)];
let at = 8;
let renamed = 0;
const decoder = new TextDecoder();
const encoder = new TextEncoder();
// The imports' module: one key of the glue's import object.
const MODULE = "./runtime_bg.js";
const SHORT_MODULE = "a";
if (js.split(`"${MODULE}": `).length !== 2) throw new Error(`short-imports: the glue should name the module ${MODULE} once, as a key of the imports`);
js = js.replace(`"${MODULE}": `, `${SHORT_MODULE}: `);
const shortModule = encoder.encode(SHORT_MODULE);
let exported = 0;
let dropped = 0;
while (at < wasm.length) {
  const id = wasm[at];
  const [size, bodyAt] = readU32(wasm, at + 1);
  const end = bodyAt + size;
  if (id === 7) {
    parts.push(exportSection(bodyAt, end));
    at = end;
    continue;
  }
  if (id !== 2) {
    parts.push(wasm.subarray(at, end));
    at = end;
    continue;
  }
  // The import section: count, then per import its module, its name and its description.
  let p = bodyAt;
  const [count, afterCount] = readU32(wasm, p);
  p = afterCount;
  const body = [...u32(count)];
  for (let i = 0; i < count; i++) {
    const [moduleLen, moduleAt] = readU32(wasm, p);
    const module = decoder.decode(wasm.subarray(moduleAt, moduleAt + moduleLen));
    if (module !== MODULE) throw new Error(`short-imports: an import from ${module}, where all are from ${MODULE}`);
    const [nameLen, nameAt] = readU32(wasm, moduleAt + moduleLen);
    const name = decoder.decode(wasm.subarray(nameAt, nameAt + nameLen));
    p = nameAt + nameLen;
    // The description: a kind byte, then a type index (function), a table or memory type, or a
    // global type. Its length is read by kind.
    const kind = wasm[p];
    let descEnd;
    if (kind === 0) descEnd = readU32(wasm, p + 1)[1];
    else if (kind === 1) descEnd = limitsEnd(p + 2);
    else if (kind === 2) descEnd = limitsEnd(p + 1);
    else if (kind === 3) descEnd = p + 3;
    else throw new Error(`short-imports: import kind ${kind} of ${name} is not known`);
    const desc = wasm.subarray(p, descEnd);
    p = descEnd;
    let newName = name;
    if (kind === 0) {
      newName = shortName(renamed++);
      const key = new RegExp(`(?<![\\w$])${name.replace(/[$]/g, "\\$&")}(?![\\w$])`, "g");
      const uses = js.match(key) || [];
      if (uses.length !== 1 || !new RegExp(`(?<![\\w$])${name.replace(/[$]/g, "\\$&")}: function`).test(js)) {
        throw new Error(`short-imports: the glue should name the import ${name} once, as a key of the import object; it does ${uses.length} times`);
      }
      js = js.replace(key, newName);
    }
    const nameBytes = encoder.encode(newName);
    body.push(...u32(shortModule.length), ...shortModule, ...u32(nameBytes.length), ...nameBytes, ...desc);
  }
  if (p !== end) throw new Error("short-imports: the import section did not parse to its end");
  parts.push(Buffer.from([2, ...u32(body.length), ...body]));
  at = end;
}

/**
 * The export section again, each export the glue reads (`wasm.NAME`, and nowhere else but in
 * comments) under a short name, the others left out.
 */
function exportSection(bodyAt, end) {
  let [count, p] = readU32(wasm, bodyAt);
  const body = [];
  let kept = 0;
  for (let i = 0; i < count; i++) {
    const [nameLen, nameAt] = readU32(wasm, p);
    const name = decoder.decode(wasm.subarray(nameAt, nameAt + nameLen));
    const kind = wasm[nameAt + nameLen];
    const [, descEnd] = readU32(wasm, nameAt + nameLen + 1);
    const desc = wasm.subarray(nameAt + nameLen, descEnd);
    p = descEnd;
    const word = new RegExp(`(?<![\\w$])${name.replace(/[$]/g, "\\$&")}(?![\\w$])`);
    const code = js.split("\n").filter((line) => !/^\s*(\/\/|\/?\*)/.test(line)).join("\n");
    const all = code.split(word).length - 1;
    const reads = code.split(new RegExp(`(?<![\\w$])wasm\\.${word.source}`)).length - 1;
    if (all !== reads) throw new Error(`short-imports: the glue uses the export ${name} other than as wasm.${name}`);
    if (reads === 0) {
      dropped++;
      continue;
    }
    if (kind > 3) throw new Error(`short-imports: export kind ${kind} of ${name} is not known`);
    const newName = shortName(exported++);
    js = js.replace(new RegExp(`(?<![\\w$])wasm\\.${word.source}`, "g"), `wasm.${newName}`);
    const nameBytes = encoder.encode(newName);
    body.push(...u32(nameBytes.length), ...nameBytes, ...desc);
    kept++;
  }
  if (p !== end) throw new Error("short-imports: the export section did not parse to its end");
  const section = [...u32(kept), ...body];
  return Buffer.from([7, ...u32(section.length), ...section]);
}

function limitsEnd(p) {
  const flags = wasm[p];
  let q = readU32(wasm, p + 1)[1];
  if (flags & 1) q = readU32(wasm, q)[1];
  return q;
}

// Check: no import name of the old form is left in the glue.
const left = js.match(/__wbg_[\w$]*_[0-9a-f]{16}\b/g);
if (left) throw new Error(`short-imports: names left in the glue: ${left.join(", ")}`);
await writeFile(wasmPath, Buffer.concat(parts));
await writeFile(jsPath, js);
console.log(`short-imports: ${renamed} imports and ${exported} exports renamed, ${dropped} exports the glue does not read dropped`);
