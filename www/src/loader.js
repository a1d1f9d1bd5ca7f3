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

/** Reads a source (URL, path, Response, bytes) into bytes or a compiled module. */
async function __dsCompile(source) {
  if (source instanceof WebAssembly.Module) return source;
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
  try {
    return await WebAssembly.compile(bytes);
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
  const module = await __dsCompile(await source);
  const meta = __dsCheckVersions(module);
  const bindings = __dsBindings();
  let index;
  try {
    await bindings({ module_or_path: module });
    index = new bindings.DigestIndex();
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
