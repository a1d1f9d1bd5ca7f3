// digest-search loader: turns a built `digest-search.wasm` into a searchable index.
//
// This file is a fragment: `digest-search build` concatenates the wasm-bindgen bindings
// (wrapped in `__dsBindings()`, so every load gets its own instance), this loader, the web
// component and a footer (ESM exports, or a `DigestSearch` global for the classic script) into
// `digest-search.js` and `digest-search.classic.js`. The footer defines `__dsDefaultSource()`.

const DS_FORMAT_VERSION = __DS_FORMAT_VERSION__;
const DS_RUNTIME_VERSION = "__DS_RUNTIME_VERSION__";

function __dsError(message, cause) {
  const e = new Error("digest-search: " + message);
  if (cause !== undefined) e.cause = cause;
  return e;
}

function __dsIsNode() {
  return typeof process !== "undefined" && process.versions != null && process.versions.node != null;
}

/**
 * Splits a built wasm into the runtime module without the index's data segment, and the
 * index bytes (a view into `bytes`, not a copy). Returns null when the file does not have the
 * expected shape (damaged, or not ours): the caller then compiles it whole, which reports why.
 *
 * Why: compiling and instantiating the whole file makes the engine validate and copy every byte
 * of the index into fresh memory, which at 100k entries is most of a 300 ms load. The runtime
 * instead copies the small sections into place and the large ones block by block, on first use
 * (`DigestIndex.fromBytes`). The index segment is the last one `digest-search build` appends
 * (src/embed.rs); a wasm module is a header and a list of `id, LEB128 size, body` sections.
 */
function __dsSplit(bytes) {
  const n = bytes.length;
  let i = 8;
  const leb = () => {
    let v = 0, shift = 0, b;
    do {
      if (i >= n || shift > 28) throw 0;
      b = bytes[i++];
      v += (b & 0x7f) * 2 ** shift;
      shift += 7;
    } while (b & 0x80);
    return v;
  };
  const lebBytes = (v) => {
    const out = [];
    do {
      let b = v % 128;
      v = Math.floor(v / 128);
      if (v) b |= 0x80;
      out.push(b);
    } while (v);
    return out;
  };
  try {
    if (n < 8 || bytes[0] !== 0 || bytes[1] !== 0x61 || bytes[2] !== 0x73 || bytes[3] !== 0x6d) return null;
    const parts = [bytes.subarray(0, 8)];
    let index = null;
    while (i < n) {
      const start = i;
      const id = bytes[i++];
      const size = leb();
      const body = i;
      const end = body + size;
      if (end > n) return null;
      if (id === 11) {
        // Data section: keep every segment but the last, which must hold the index.
        const count = leb();
        const segments = i;
        let last = -1;
        for (let k = 0; k < count; k++) {
          last = i;
          if (leb() !== 0 || bytes[i++] !== 0x41) return null; // active, memory 0, `i32.const`
          leb();
          if (bytes[i++] !== 0x0b) return null; // `end`
          const len = leb();
          if (k === count - 1) index = bytes.subarray(i, i + len);
          i += len;
        }
        if (i !== end || !index || index.length < 8 || String.fromCharCode(...index.subarray(0, 7)) !== "DGSTIDX") return null;
        const head = lebBytes(count - 1);
        parts.push(Uint8Array.of(11, ...lebBytes(head.length + last - segments)), Uint8Array.from(head));
        parts.push(bytes.subarray(segments, last));
      } else if (id === 12) {
        // Data count section: one segment fewer.
        const count = leb();
        const head = lebBytes(count - 1);
        parts.push(Uint8Array.of(12, head.length, ...head));
      } else {
        parts.push(bytes.subarray(start, end));
      }
      i = end;
    }
    if (!index) return null;
    const runtime = new Uint8Array(parts.reduce((a, p) => a + p.length, 0));
    let at = 0;
    for (const p of parts) {
      runtime.set(p, at);
      at += p.length;
    }
    return { runtime, index };
  } catch {
    return null;
  }
}

/**
 * Reads a source (URL, path, Response, bytes) and compiles it: `{module, index}`, where `index`
 * is the index's bytes when the module was compiled without them (see `__dsSplit`).
 */
async function __dsCompile(source) {
  if (source instanceof WebAssembly.Module) return { module: source, index: null };
  let bytes;
  if (source instanceof Uint8Array) bytes = source;
  else if (source instanceof ArrayBuffer) bytes = new Uint8Array(source);
  else if (ArrayBuffer.isView(source)) bytes = new Uint8Array(source.buffer, source.byteOffset, source.byteLength);
  else {
    let response = source;
    if (typeof source === "string" || source instanceof URL) {
      const url = source instanceof URL ? source : null;
      if (__dsIsNode() && (url ? url.protocol === "file:" : !/^https?:/i.test(source))) {
        const fsName = "node:fs/promises";
        const fs = await import(/* @vite-ignore */ fsName);
        bytes = new Uint8Array(await fs.readFile(url || source));
      } else {
        try {
          response = await fetch(source);
        } catch (e) {
          throw __dsError(`could not fetch ${source}: ${e && e.message}`, e);
        }
      }
    }
    if (!bytes) {
      if (typeof Response === "undefined" || !(response instanceof Response)) {
        throw __dsError("load(source): source must be a URL, a path, a Response, an ArrayBuffer or a Uint8Array");
      }
      if (!response.ok) throw __dsError(`could not fetch ${response.url}: HTTP ${response.status}`);
      bytes = new Uint8Array(await response.arrayBuffer());
    }
  }
  const split = __dsSplit(bytes);
  if (split) {
    try {
      return { module: await WebAssembly.compile(split.runtime), index: split.index };
    } catch {
      // Compile the file whole below: its error says what is wrong.
    }
  }
  try {
    return { module: await WebAssembly.compile(bytes), index: null };
  } catch (e) {
    throw __dsError(`not a valid WebAssembly module (${e && e.message}); the file is truncated, damaged, or not a digest-search index`, e);
  }
}

function __dsCheckVersions(module) {
  const sections = WebAssembly.Module.customSections(module, "digest-search");
  if (sections.length === 0) {
    throw __dsError("this wasm has no digest-search version section: it is not an index written by `digest-search build`");
  }
  let meta;
  try {
    meta = JSON.parse(new TextDecoder().decode(sections[0]));
  } catch (e) {
    throw __dsError("the wasm's version section is damaged", e);
  }
  if (meta.format !== DS_FORMAT_VERSION || meta.runtime !== DS_RUNTIME_VERSION) {
    throw __dsError(
      `version mismatch: the wasm holds index format ${meta.format} for runtime ${meta.runtime}, ` +
        `but this loader is for index format ${DS_FORMAT_VERSION} and runtime ${DS_RUNTIME_VERSION}. ` +
        "Serve the digest-search.js that was built together with this wasm."
    );
  }
  return meta;
}

function __dsWrapError(e) {
  if (e instanceof Error) {
    if (e.message.startsWith("digest-search:")) return e;
    return __dsError(e.message, e);
  }
  return __dsError(String(e));
}

/**
 * Loads an index. `source`: a URL or path, a Response, an ArrayBuffer or Uint8Array, or a
 * compiled WebAssembly.Module; by default the wasm built beside this loader (or, in the classic
 * script, the inlined one). Every call has its own wasm instance.
 */
async function load(source) {
  if (source === undefined || source === null) source = __dsDefaultSource();
  const { module, index: indexBytes } = await __dsCompile(await source);
  const meta = __dsCheckVersions(module);
  const bindings = __dsBindings();
  let index;
  try {
    // The runtime alone is small enough to instantiate synchronously everywhere (browsers
    // refuse that above 8 MB); the async path's `typeof Request` checks would also make Node
    // load its fetch implementation, ~25 ms before the first answer.
    if (indexBytes) bindings.initSync({ module });
    else await bindings({ module_or_path: module });
    index = indexBytes ? bindings.DigestIndex.fromBytes(indexBytes) : new bindings.DigestIndex();
  } catch (e) {
    throw __dsWrapError(e);
  }
  return {
    /** Searches: see docs/api.md for options and the result's shape. */
    search(query, options) {
      try {
        return index.search(String(query ?? ""), options ?? undefined);
      } catch (e) {
        throw __dsWrapError(e);
      }
    },
    /** `{entries, formatVersion, runtimeVersion}`. */
    info() {
      return index.info();
    },
    /** The versions the wasm carries. */
    meta,
    /** Frees the wasm instance's index. */
    free() {
      index.free();
    },
  };
}

function __dsDecodeBase64(b64) {
  if (typeof Uint8Array.fromBase64 === "function") return Uint8Array.fromBase64(b64);
  if (typeof Buffer !== "undefined") return new Uint8Array(Buffer.from(b64, "base64"));
  const bin = atob(b64);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}
