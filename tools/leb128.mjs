// Unsigned LEB128, the variable-length integers of the wasm binary format, for the build's
// post-processing steps that read and rewrite the runtime wasm (dead-waker.mjs,
// short-imports.mjs) and for the tests that find the index in a built wasm
// (tests/node/index-layout.mjs).

/** The unsigned LEB128 at `buf[at]`: `[value, the offset after it]`. */
export function readU32(buf, at) {
  let value = 0;
  let shift = 0;
  for (;;) {
    const b = buf[at++];
    value += (b & 0x7f) * 2 ** shift;
    shift += 7;
    if (b < 0x80) return [value, at];
  }
}

/** `value` as unsigned LEB128: an array of bytes. */
export function u32(value) {
  const out = [];
  do {
    let b = value & 0x7f;
    value = Math.floor(value / 128);
    if (value) b |= 0x80;
    out.push(b);
  } while (value);
  return out;
}
