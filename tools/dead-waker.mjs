// Empties the functions of js-sys's JSPI task waker in the runtime wasm, which nothing can call,
// and drops the module's name section.
//
//   node tools/dead-waker.mjs RUNTIME_BG_WASM
//
// js-sys (0.3.107) links a `#[no_mangle]` export, `__wbg_jspi_task_poll`, into every module: it
// polls a task spawned under JSPI, with a `Waker` whose vtable is a private static of
// `js_sys::futures::jspi::task_waker` (`raw_clone`, `raw_wake`, `raw_wake_by_ref`, `raw_drop`).
// wasm-bindgen deletes that export in a module that uses no JSPI (ours), and with it the only code
// that makes such a waker; but the vtable's four functions stay, because the linker put them in
// the function table and a table's entries are never removed (Binaryen empties a table entry
// only when no `call_indirect` has its type, and theirs are common ones). So they and what they
// call (waking and dropping a task: about 420 bytes of code) stay in the wasm, never run.
//
// This step runs on wasm-bindgen's output, which must keep its name section (build.sh), before
// Binaryen's optimizer. It finds the four functions by name in the table, and proves them dead
// before it touches them: a waker with that vtable can only be made from the vtable's address,
// so the address (found as the 16 bytes of data that hold the four functions' table slots in
// the vtable's order) must be in the code of no function but `raw_clone` (which makes a copy of
// a waker it is given) and in no data. Then each body becomes `unreachable`, Binaryen removes
// what only they called, and the name section, which only this step needed, goes (as
// wasm-bindgen's `--remove-name-section` did). The build fails if any of this is not found as
// described: a js-sys that changes it is noticed here.
import { readFile, writeFile } from "node:fs/promises";
import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { readU32, u32 } from "./leb128.mjs";

const [wasmPath] = process.argv.slice(2);
if (!wasmPath) {
  console.error("usage: node tools/dead-waker.mjs RUNTIME_BG_WASM");
  process.exit(2);
}
const fail = (msg) => {
  throw new Error(`dead-waker: ${msg}`);
};
const wasm = await readFile(wasmPath);

/** An `i32.const` initializer (`0x41 sleb 0x0b`): its value and where it ends. */
function constExpr(at) {
  if (wasm[at] !== 0x41) fail(`an offset that is not an i32.const at byte ${at}`);
  let value = 0;
  let shift = 0;
  let b;
  at++;
  do {
    b = wasm[at++];
    value |= (b & 0x7f) << shift;
    shift += 7;
  } while (b & 0x80);
  if (shift < 32 && b & 0x40) value |= -1 << shift;
  if (wasm[at] !== 0x0b) fail(`an offset expression longer than one i32.const at byte ${at}`);
  return [value, at + 1];
}

if (wasm.readUInt32LE(0) !== 0x6d736100) fail(`${wasmPath} is not a wasm module`);
const sections = [];
let functionImports = 0;
const names = new Map(); // function index → name
const slots = new Map(); // table slot → function index
const bodies = []; // defined function i: [start, end) of its body
const data = []; // [address, bytes] of each active segment
for (let at = 8; at < wasm.length; ) {
  const id = wasm[at];
  const [size, bodyAt] = readU32(wasm, at + 1);
  const end = bodyAt + size;
  sections.push({ id, at, bodyAt, end });
  let p = bodyAt;
  let count;
  if (id === 2) {
    [count, p] = readU32(wasm, p);
    for (let i = 0; i < count; i++) {
      let len;
      [len, p] = readU32(wasm, p);
      [len, p] = readU32(wasm, p + len);
      p += len;
      const kind = wasm[p];
      if (kind !== 0) fail(`an import of kind ${kind}: only functions are expected`);
      functionImports++;
      p = readU32(wasm, p + 1)[1];
    }
  } else if (id === 9) {
    [count, p] = readU32(wasm, p);
    for (let i = 0; i < count; i++) {
      const flags = wasm[p];
      if (flags !== 0) fail(`an element segment with flags ${flags}: only active funcref segments of table 0 are expected`);
      let offset;
      [offset, p] = constExpr(p + 1);
      let n;
      [n, p] = readU32(wasm, p);
      for (let k = 0; k < n; k++) {
        let f;
        [f, p] = readU32(wasm, p);
        slots.set(offset + k, f);
      }
    }
  } else if (id === 10) {
    [count, p] = readU32(wasm, p);
    for (let i = 0; i < count; i++) {
      const [len, start] = readU32(wasm, p);
      bodies.push([start, start + len, p]);
      p = start + len;
    }
  } else if (id === 11) {
    [count, p] = readU32(wasm, p);
    for (let i = 0; i < count; i++) {
      const flags = wasm[p];
      if (flags !== 0) fail(`a data segment with flags ${flags}: only active segments of memory 0 are expected`);
      let address;
      [address, p] = constExpr(p + 1);
      let n;
      [n, p] = readU32(wasm, p);
      data.push([address >>> 0, wasm.subarray(p, p + n)]);
      p += n;
    }
  } else if (id === 0) {
    const [len, nameAt] = readU32(wasm, p);
    const name = wasm.subarray(nameAt, nameAt + len).toString();
    if (name === "name") {
      for (p = nameAt + len; p < end; ) {
        const sub = wasm[p];
        const [subSize, subAt] = readU32(wasm, p + 1);
        if (sub === 1) {
          let q;
          [count, q] = readU32(wasm, subAt);
          for (let i = 0; i < count; i++) {
            let idx;
            let n;
            [idx, q] = readU32(wasm, q);
            [n, q] = readU32(wasm, q);
            names.set(idx, wasm.subarray(q, q + n).toString());
            q += n;
          }
        }
        p = subAt + subSize;
      }
    }
  }
  at = end;
}
if (names.size === 0) fail("the module has no function names: run wasm-bindgen without --remove-name-section before this step");

// The vtable's order (core::task::RawWakerVTable): clone, wake, wake_by_ref, drop.
const ORDER = ["raw_clone", "raw_wake", "raw_wake_by_ref", "raw_drop"];
// The names as wasm-bindgen writes them, demangled: `js_sys[hash]::futures::jspi::task_waker::raw_wake`.
const WAKER = /^js_sys(?:\[[0-9a-f]+\])?::futures::jspi::task_waker::(raw_\w+)$/;
const found = new Map(); // raw_* → [slot, function index]
for (const [slot, f] of slots) {
  const m = WAKER.exec(names.get(f) ?? "");
  if (!m) continue;
  if (!ORDER.includes(m[1]) || found.has(m[1])) fail(`an unexpected waker function in the table: ${names.get(f)}`);
  found.set(m[1], [slot, f]);
}
if (found.size !== ORDER.length) fail(`the task waker's functions are not all in the table (found ${[...found.keys()].join(", ") || "none"})`);
const targets = new Set([...found.values()].map(([, f]) => f));
for (const f of targets) if (f < functionImports) fail("a waker function is an import");

// The vtable: the one place in data holding the four slots in the vtable's order.
const pattern = Buffer.alloc(16);
ORDER.forEach((name, i) => pattern.writeUInt32LE(found.get(name)[0], 4 * i));
const vtables = [];
for (const [address, bytes] of data) {
  for (let i = bytes.indexOf(pattern); i >= 0; i = bytes.indexOf(pattern, i + 1)) vtables.push(address + i);
}
if (vtables.length !== 1) fail(`the waker's vtable should be in the data once, found ${vtables.length} times`);
const vtable = vtables[0];

// No pointer to it in data.
for (const [address, bytes] of data) {
  for (let i = (4 - (address % 4)) % 4; i + 4 <= bytes.length; i += 4) {
    const word = bytes.readUInt32LE(i);
    if (word >= vtable && word < vtable + 16) fail(`the data at ${address + i} points into the waker's vtable`);
  }
}

// No code but raw_clone's holds its address: as an i32.const, or as a load's or store's offset.
// Read from Binaryen's text of the module, which names every function.
const wat = execFileSync(process.execPath, [fileURLToPath(new URL("node_modules/binaryen/bin/wasm-dis", import.meta.url)), wasmPath], { maxBuffer: 1 << 30 }).toString();
const funcs = wat.split(/\n (?=\(func )/).slice(1);
if (funcs.length !== bodies.length) fail(`Binaryen's text has ${funcs.length} functions, the code section ${bodies.length}`);
const holders = [];
const near = (v) => v >= vtable && v < vtable + 16;
funcs.forEach((text, i) => {
  for (const m of text.matchAll(/(?:i32\.const |offset=)(-?\d+)/g)) {
    if (near(Number(m[1]) >>> 0)) holders.push(functionImports + i);
  }
  // Two stores merged into one of 64 bits may hold it in either half.
  for (const m of text.matchAll(/i64\.const (-?\d+)/g)) {
    const v = BigInt.asUintN(64, BigInt(m[1]));
    if (near(Number(v & 0xffffffffn)) || near(Number(v >> 32n))) holders.push(functionImports + i);
  }
});
const raw_clone = found.get("raw_clone")[1];
const others = [...new Set(holders)].filter((f) => f !== raw_clone);
if (others.length) fail(`the waker's vtable is used by ${others.map((f) => names.get(f) ?? f).join(", ")}: a waker can be made, its functions are not dead`);
if (!holders.includes(raw_clone)) fail("raw_clone does not hold the vtable's address: the vtable was not found where expected");

// Each target's body becomes `unreachable` (no locals; unreachable; end).
const code = sections.find((s) => s.id === 10);
const parts = [];
for (const s of sections) {
  if (s.id === 0 && wasm.subarray(s.bodyAt + 1, s.bodyAt + 5).toString() === "name" && wasm[s.bodyAt] === 4) continue;
  if (s !== code) {
    parts.push(wasm.subarray(s.at, s.end));
    continue;
  }
  const body = [Buffer.from(u32(bodies.length))];
  bodies.forEach(([start, end], i) => {
    const bytes = targets.has(functionImports + i) ? Buffer.from([0x00, 0x00, 0x0b]) : wasm.subarray(start, end);
    body.push(Buffer.from(u32(bytes.length)), bytes);
  });
  const length = body.reduce((n, b) => n + b.length, 0);
  parts.push(Buffer.from([10, ...u32(length)]), ...body);
}
await writeFile(wasmPath, Buffer.concat([wasm.subarray(0, 8), ...parts]));
console.log(`dead-waker: the task waker's ${targets.size} functions emptied (vtable at ${vtable}, table slots ${[...found.values()].map(([s]) => s).join(", ")})`);
