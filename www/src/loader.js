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

function __dsThrow(message) {
  throw __dsError(message);
}

function __dsIsNode() {
  return typeof process !== "undefined" && process.versions != null && process.versions.node != null;
}

/** The page's base URL (`<base href>`), which a fetch of a relative URL resolves against: also
 * in a DOM that Node emulates (jsdom, happy-dom, as Vitest and Jest run a site's tests). */
function __dsBase() {
  return typeof document !== "undefined" && document.baseURI ? document.baseURI : typeof location !== "undefined" ? location.href : undefined;
}

/** The unsigned LEB128 number at `bytes[i]`: `[value, position after it]`; throws 0 past the end. */
function __dsLeb(bytes, i) {
  let v = 0, shift = 0, b;
  do {
    if (i >= bytes.length || shift > 28) throw 0;
    b = bytes[i++];
    v += (b & 0x7f) * 2 ** shift;
    shift += 7;
  } while (b & 0x80);
  return [v, i];
}

/**
 * Where a built wasm keeps its index: the last segment of its data section (`digest-search
 * build` appends it, src/embed.rs). `bytes` is the file, or a prefix of it that reaches the
 * segment's data. Returns `{ start, end, count, segments, last, at, len }`: the data section's
 * start and end, its segment count, where its segments and the last one's header start, and the
 * index's offset and length; null when the data section is not in that shape. Throws 0 when
 * `bytes` ends first. A wasm module is a header and a list of `id, LEB128 size, body` sections.
 */
function __dsIndexSegment(bytes) {
  const start = __dsSectionsReach(bytes);
  if (start >= bytes.length || bytes[start] !== 11) throw 0;
  let i = start + 1, size;
  const byte = () => {
    if (i >= bytes.length) throw 0;
    return bytes[i++];
  };
  [size, i] = __dsLeb(bytes, i);
  const end = i + size;
  let count, n, flags;
  [count, i] = __dsLeb(bytes, i);
  const segments = i;
  let last = -1;
  for (let k = 0; k < count; k++) {
    last = i;
    [flags, i] = __dsLeb(bytes, i);
    if (flags !== 0 || byte() !== 0x41) return null; // active, memory 0, `i32.const`
    [, i] = __dsLeb(bytes, i);
    if (byte() !== 0x0b) return null; // `end`
    [n, i] = __dsLeb(bytes, i);
    if (k < count - 1) i += n;
  }
  return count > 0 ? { start, end, count, segments, last, at: i, len: n } : null;
}

/** How far the first bytes of a wasm module reach: where the data section starts, or else the
 * end of the last section whose header they hold (past their end when it is longer). */
function __dsSectionsReach(bytes) {
  let i = 8, size;
  while (i < bytes.length) {
    const start = i;
    const id = bytes[i++];
    try {
      [size, i] = __dsLeb(bytes, i);
    } catch {
      return start;
    }
    if (id === 11) return start;
    i += size;
  }
  return i;
}

/**
 * Splits a built wasm into the runtime module without the index's data segment, and the
 * index bytes (a view into `bytes`, not a copy). Returns null when the file does not have the
 * expected shape (damaged, or not ours): the caller then compiles it whole, which reports why.
 *
 * Why: compiling and instantiating the whole file makes the engine validate and copy every byte
 * of the index into fresh memory, which at 100k entries is most of a 300 ms load. The runtime
 * instead copies the small sections into place and the large ones block by block, on first use
 * (`DigestIndex.fromBytes`).
 */
function __dsSplit(bytes) {
  const n = bytes.length;
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
    const seg = __dsIndexSegment(bytes);
    // The index segment must end the data section and hold the index's magic.
    if (!seg || seg.at + seg.len !== seg.end || seg.end > n || seg.len < 8) return null;
    const index = bytes.subarray(seg.at, seg.end);
    if (String.fromCharCode(...index.subarray(0, 7)) !== "DGSTIDX") return null;
    const parts = [bytes.subarray(0, 8)];
    let i = 8, size;
    while (i < n) {
      const start = i;
      const id = bytes[i++];
      [size, i] = __dsLeb(bytes, i);
      const end = i + size;
      if (end > n) return null;
      if (id === 11) {
        // Data section: keep every segment but the last, the index.
        const head = lebBytes(seg.count - 1);
        parts.push(Uint8Array.of(11, ...lebBytes(head.length + seg.last - seg.segments)), Uint8Array.from(head));
        parts.push(bytes.subarray(seg.segments, seg.last));
      } else if (id === 12) {
        // Data count section: one segment fewer.
        const head = lebBytes(__dsLeb(bytes, i)[0] - 1);
        parts.push(Uint8Array.of(12, head.length, ...head));
      } else {
        parts.push(bytes.subarray(start, end));
      }
      i = end;
    }
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
      let url = source instanceof URL ? source : null;
      // Where there is a page, a string is a URL relative to it (`src="/search/x.wasm"` under
      // jsdom is no file of the machine's); a path in Node without one.
      const base = __dsBase();
      if (!url && base) {
        try {
          url = new URL(source, base);
        } catch {
          // No URL: a path.
        }
      }
      if (__dsIsNode() && (url ? url.protocol === "file:" : !/^https?:/i.test(source))) {
        const fsName = ["node", "fs/promises"].join(":"); // not a literal: see tools/minify.mjs
        const fs = await import(/* @vite-ignore */ fsName);
        try {
          bytes = new Uint8Array(await fs.readFile(url || source));
        } catch (e) {
          throw __dsError(`could not read ${source}: ${e && e.message}`, e);
        }
      } else {
        try {
          response = await fetch(url || source);
        } catch (e) {
          // A page opened from a file cannot fetch (file:// is an opaque origin).
          const file = typeof location === "object" && location.protocol === "file:" ? " (a page opened from a file cannot fetch: serve it over HTTP, or use the digest-search.classic.js that holds the index)" : "";
          throw __dsError(`could not fetch ${source}: ${e && e.message}${file}`, e);
        }
      }
    }
    if (!bytes) {
      if (typeof Response === "undefined" || !(response instanceof Response)) {
        throw __dsError("load(source): source must be a URL, a path, a Response, an ArrayBuffer or a Uint8Array");
      }
      if (!response.ok) throw __dsError(`could not fetch ${response.url}: HTTP ${response.status}`);
      bytes = new Uint8Array(await response.arrayBuffer());
      __dsNotAPage(bytes, response.url || source, response);
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
    // A Content-Security-Policy without 'wasm-unsafe-eval': the browser's message names
    // 'unsafe-eval', which a page should not allow.
    if (/unsafe-eval/.test(e && e.message)) throw __dsError("the page's Content-Security-Policy does not allow WebAssembly: add 'wasm-unsafe-eval' to its script-src", e);
    throw __dsError(`not a valid WebAssembly module (${e && e.message}); the file is truncated, damaged, or not a digest-search index`, e);
  }
}

/** `<` where the index was expected: a page, such as a host's fallback index.html for a path it
 * does not have. */
function __dsNotAPage(bytes, url, response) {
  if (bytes[0] === 60) throw __dsError(`${url} is a page (${response.headers.get("content-type")}), not a digest-search index: is the path right?`);
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

/** The first bytes a lazy load asks for: the runtime's code (about 150 KB) and the index's head.
 * When the code has grown past it, a second request brings the rest. */
const DS_LAZY_PROBE = 192 * 1024;
/** A file up to this size is fetched whole even when asked for lazily: fewer round trips. */
const DS_LAZY_MIN = 1024 * 1024;
/** Lazy loads track the index bytes they hold in pages of this size: the index's checked block
 * (`BLOCK_LEN` in src/index/format.rs), the least a search reads. The builder starts each
 * block-checked section on a page, so its blocks are pages (src/index/write.rs, `assemble`). */
const DS_LAZY_PAGE = 2048;
/** Pages of POSTINGS fetched past a range a search missed. At its first miss the runtime names a
 * word's whole list, its length estimated from the word's document frequency; a page more holds
 * the end of every list of the newest 100k arXiv entries that the estimate falls short of. (It
 * was 8 pages, from when only the gaps and flags were named: at 100k entries the nine later
 * searches of bench/lazy-network.mjs fetched 0.34 MiB more postings for the same round trips.) */
const DS_LAZY_READAHEAD = 1;
/** Ranges a search misses that lie closer than this (16 KiB) are fetched as one request: at
 * 50 Mbit/s with 20 ms of latency, nine later searches at 100k entries took 410 ms at the
 * median against 450 ms with only neighbouring pages joined, for 5% more bytes (bench/lazy-network.mjs). */
const DS_LAZY_GAP = 16 * 1024;

/** The file's size in a range answer's `Content-Range` (`bytes 0-99/2048`), or NaN. */
function __dsRangeTotal(r) {
  return Number((/\/(\d+)\s*$/.exec(r.headers.get("Content-Range") || "") || [])[1]);
}

/** Fetches `url`'s bytes `start .. end`; the server must answer with exactly those (206), or
 * with the whole file of the size known (200: a service worker's cached copy, a server that
 * stopped honouring ranges), which holds them. */
async function __dsFetchRange(url, start, end, total) {
  let r;
  try {
    r = await fetch(url, { headers: { Range: `bytes=${start}-${end - 1}` }, cache: "no-store" });
  } catch (e) {
    throw __dsError(`could not fetch ${url}: ${e && e.message}`, e);
  }
  // A file of another size is another build: its bytes would fail their checksums.
  const size = __dsRangeTotal(r);
  if (r.status === 206 && total && size > 0 && size !== total) {
    throw __dsError(`${url} changed on the server (a new build): reload the page`);
  }
  let bytes = r.ok ? new Uint8Array(await r.arrayBuffer()) : null;
  if (r.status === 200 && bytes.length === total) bytes = bytes.subarray(start, end);
  if (!bytes || bytes.length !== end - start) {
    const why = r.status === 404 || r.status === 410 ? "gone from the server (a new build?): reload the page"
      : r.status >= 500 ? "a server error" : "lazy loading needs every range answered with 206";
    throw __dsError(`${url} answered a range request with HTTP ${r.status}${bytes ? ` and ${bytes.length} bytes instead of ${end - start}` : ""}: ${why}`);
  }
  return bytes;
}

/**
 * The index bytes of a lazy load: a view of the whole file's length, filled as ranges arrive.
 * The runtime copies each block of TERMS, POSTINGS and STORE out of it, through `subarray`, right
 * before it first reads the block; a block not fetched yet reads as zeros, fails its checksum,
 * and the search reports damage. `subarray` notes those ranges in `missing`, so that the search
 * can fetch them and run again.
 */
class __DsLazyBytes extends Uint8Array {
  subarray(start, end) {
    const lazy = this.__lazy;
    if (lazy && !lazy.whole.some(([s, e]) => s <= start && end <= e)) {
      const last = Math.ceil(Math.min(end, this.length) / DS_LAZY_PAGE);
      for (let p = Math.floor(start / DS_LAZY_PAGE); p < last; p++) {
        if (!lazy.pages[p]) {
          lazy.missing.push([start, end]);
          break;
        }
      }
    }
    return new Uint8Array(this.buffer, this.byteOffset + start, Math.max(0, Math.min(end, this.length) - start));
  }
}

/**
 * Loads an index over HTTP ranges: the runtime's code, the index's header and its small
 * sections now, and each search's postings and stored entries when it first needs them. Returns
 * `{ bytes }` instead when the server sent the whole file (or it is small).
 */
async function __dsOpenLazy(url) {
  let r;
  try {
    r = await fetch(url, { headers: { Range: `bytes=0-${DS_LAZY_PROBE - 1}` }, cache: "no-store" });
  } catch (e) {
    throw __dsError(`could not fetch ${url}: ${e && e.message}`, e);
  }
  if (!r.ok) throw __dsError(`could not fetch ${url}: HTTP ${r.status}`);
  let head = new Uint8Array(await r.arrayBuffer());
  __dsNotAPage(head, url, r);
  if (r.status !== 206) return { bytes: head };
  const total = __dsRangeTotal(r);
  if (!(total > 0)) throw __dsError(`${url}: the answer to a range request has no Content-Range with the file's size (a server on another origin must expose that header)`);
  if (total <= head.length) return { bytes: head.subarray(0, total) };
  if (total <= DS_LAZY_MIN) {
    const bytes = new Uint8Array(total);
    bytes.set(head, 0);
    bytes.set(await __dsFetchRange(url, head.length, total, total), head.length);
    return { bytes };
  }
  // Where the index's data segment lies: its header is in the first answer, unless the sections
  // before it are longer (large custom sections, or a runtime grown past the first range). Then
  // the loader reads on to where the section it ran out in ends, and 64 KiB past it (the data
  // section's head and the index's), a few times at most.
  const segment = (bytes) => {
    try {
      return { seg: __dsIndexSegment(bytes) };
    } catch {
      return null;
    }
  };
  let found = segment(head);
  for (let tries = 0; !found && head.length < total && tries < 4; tries++) {
    const more = await __dsFetchRange(url, head.length, Math.min(total, Math.max(__dsSectionsReach(head), head.length) + 64 * 1024), total);
    const joined = new Uint8Array(head.length + more.length);
    joined.set(head, 0);
    joined.set(more, head.length);
    head = joined;
    found = segment(head);
  }
  if (!found || !found.seg) throw __dsError(`${url} is not a digest-search index in the expected shape; load it without {lazy: true} to see why`);
  const { at, len } = found.seg;
  const file = new Uint8Array(total);
  file.set(head, 0);
  const end = at + len;
  // The runtime compiles while the index's small sections arrive (it needs none of the index's
  // bytes). The data section is the module's last (src/embed.rs), so the first answer holds the
  // whole runtime; a module laid out otherwise has a tail, fetched first.
  const compile = () => {
    const split = __dsSplit(file);
    if (!split) throw __dsError(`${url} is not a digest-search index in the expected shape; load it without {lazy: true} to see why`);
    const compiling = WebAssembly.compile(split.runtime);
    compiling.catch(() => {});
    return compiling;
  };
  // The index's first bytes: its header and section table (at most 64 sections), unless the
  // first answer brought them.
  const inHead = Math.max(0, head.length - at);
  let compiling = end === total && inHead >= 8 ? compile() : null;
  const tableEnd = Math.min(len, 16 + 24 * 64 + 8);
  const [tail, top] = await Promise.all([
    end < total ? __dsFetchRange(url, end, total, total) : new Uint8Array(0),
    inHead >= tableEnd ? head.subarray(at, at + tableEnd) : __dsFetchRange(url, at + inHead, at + tableEnd, total).then((b) => (file.set(b, at + inHead), file.subarray(at, at + tableEnd))),
  ]);
  file.set(tail, end);
  compiling = compiling || compile();
  const index = new __DsLazyBytes(file.buffer, at, len);
  // What the index holds: `whole`, the ranges fetched at open (header, small sections); `pages`,
  // the pages fetched whole since.
  const lazy = { url, whole: [], pages: new Uint8Array(Math.ceil(len / DS_LAZY_PAGE)), missing: [] };
  const have = (start, stop) => {
    lazy.whole.push([start, stop]);
    // Only pages fetched whole: a page shared with a section fetched later is fetched again.
    for (let p = Math.ceil(start / DS_LAZY_PAGE); p < Math.floor(stop / DS_LAZY_PAGE); p++) lazy.pages[p] = 1;
  };
  have(0, Math.max(inHead, top.length));
  // Every section that is not checked block by block (all but TERMS, POSTINGS and STORE) now.
  const view = new DataView(top.buffer, top.byteOffset, top.length);
  const sections = Math.min(view.getUint32(12, true), 64);
  const eager = [];
  let postings = [0, 0];
  let [entries, store] = [0, null];
  for (let k = 0; k < sections; k++) {
    const row = 16 + 24 * k;
    const [kind, off, n] = [view.getUint32(row, true), view.getUint32(row + 8, true), view.getUint32(row + 12, true)];
    if ((view.getUint32(row + 4, true) & 1) === 0) eager.push([off, n]);
    // TERMS' head: where the dictionary of each first byte lies (1,028 bytes, `TERMS_HEAD_LEN`:
    // within the first page; docs/index-format.md). A search fetches the dictionaries of its
    // words' first bytes.
    if (kind === 2) eager.push([off, Math.min(n, DS_LAZY_PAGE)]);
    if (kind === 3) postings = [off, off + n];
    // The entry count: META's first u32, which the header's first bytes hold.
    if (kind === 1 && n >= 4 && off + 4 <= top.length) entries = view.getUint32(off, true);
    if (kind === 5) store = [off, n];
  }
  // STORE's head (20 bytes) and sample rows (12 bytes per 16 entries; docs/index-format.md), to
  // the end of their last block: the runtime checks the head at open, and every entry a
  // search reads starts at a row.
  if (store) eager.push([store[0], Math.min(store[1], Math.ceil((20 + Math.ceil(entries / 16) * 12) / DS_LAZY_PAGE) * DS_LAZY_PAGE)]);
  index.__lazy = lazy;
  await Promise.all(
    eager.map(async ([off, n]) => {
      if (off + n > len) return;
      const from = Math.max(off, Math.min(inHead, off + n));
      if (from < off + n) file.set(await __dsFetchRange(url, at + from, at + off + n, total), at + from);
      have(off, off + n);
    })
  );
  /** Fetches the ranges the last search missed, in whole pages, neighbours merged. */
  lazy.fetchMissing = async () => {
    // Each range from its first page not held to its last.
    const wanted = [];
    for (const [s, e] of lazy.missing) {
      let [p, q] = [Math.floor(s / DS_LAZY_PAGE), Math.ceil(Math.min(e, len) / DS_LAZY_PAGE)];
      while (p < q && lazy.pages[p]) p++;
      while (q > p && lazy.pages[q - 1]) q--;
      if (p < q && s >= postings[0] && s < postings[1]) {
        const stop = Math.min(q + DS_LAZY_READAHEAD, Math.ceil(postings[1] / DS_LAZY_PAGE));
        while (q < stop && !lazy.pages[q]) q++;
      }
      if (p < q) wanted.push([p * DS_LAZY_PAGE, Math.min(len, q * DS_LAZY_PAGE)]);
    }
    wanted.sort((a, b) => a[0] - b[0]);
    lazy.missing = [];
    const runs = [];
    for (const w of wanted) {
      const last = runs[runs.length - 1];
      if (last && w[0] <= last[1] + DS_LAZY_GAP) last[1] = Math.max(last[1], w[1]);
      else runs.push(w);
    }
    await Promise.all(
      runs.map(async ([s, e]) => {
        file.set(await __dsFetchRange(url, at + s, at + e, total), at + s);
        for (let p = s / DS_LAZY_PAGE; p < Math.ceil(e / DS_LAZY_PAGE); p++) lazy.pages[p] = 1;
      })
    );
  };
  return { module: await compiling, index, lazy };
}

/**
 * Runs `attempt`, which reads the index, again after fetching the bytes of a lazy load it missed
 * (a read of a block not fetched yet fails its checksum, so the attempt throws), at most `rounds`
 * times.
 */
async function __dsFetching(lazy, rounds, attempt) {
  for (let round = 0; ; round++) {
    lazy.missing = [];
    try {
      return attempt();
    } catch (e) {
      // Bytes fetched after the open that fail their checksum are another build's (one of the
      // same size: a size that changed is caught by __dsFetchRange).
      if (!lazy.missing.length) throw /checksum/.test(e.message) ? __dsError(`${lazy.url} changed on the server (a new build?): reload the page`, e) : e;
      if (round === rounds) throw __dsError(`${lazy.url}: the index still missed bytes after ${round} fetches`, e);
    }
    await lazy.fetchMissing();
  }
}

/**
 * The index this bundle brings, as `load()` takes it when given none: the wasm beside
 * `digest-search.js`, or the classic script's inlined one. Null in the npm package's loader,
 * which has none (its footer's `__dsDefaultSource()` throws a digest-search Error saying what to
 * pass instead): an element without `src` there waits for its `index` to be set rather than
 * report that as a failure. Any other error (decoding the inlined wasm) is thrown.
 */
function __dsOwnSource() {
  try {
    return __dsDefaultSource();
  } catch (e) {
    if (e instanceof Error && e.message.startsWith("digest-search:")) return null;
    throw e;
  }
}

/**
 * Loads an index. `source`: a URL or path, a Response, an ArrayBuffer or Uint8Array, or a
 * compiled WebAssembly.Module; by default the wasm built beside this loader (or, in the classic
 * script, the inlined one). Every call has its own wasm instance.
 *
 * `options.lazy` (an http(s) URL only): fetch the index over HTTP ranges as searches need it
 * instead of whole. `search()` then returns a Promise. See docs/api.md.
 */
async function load(source, options) {
  if (source === undefined || source === null) source = __dsDefaultSource();
  source = await source;
  const asked = !!(options && options.lazy);
  let opened = null;
  if (asked && (typeof source === "string" || source instanceof URL)) {
    let url = null;
    try {
      // Relative to the page's base URL (`<base href>`), as a fetch of the same string would be.
      url = new URL(String(source), __dsBase());
    } catch {
      // A path: read whole.
    }
    if (url && /^https?:$/.test(url.protocol)) {
      const lazyOpen = await __dsOpenLazy(url.href);
      opened = lazyOpen.lazy ? lazyOpen : await __dsCompile(lazyOpen.bytes);
    }
  }
  const { module, index: indexBytes, lazy } = opened || (await __dsCompile(source));
  const meta = __dsCheckVersions(module);
  const bindings = __dsBindings();
  let index;
  try {
    // The runtime alone is small enough to instantiate synchronously everywhere (browsers
    // refuse that above 8 MB); the async path's `typeof Request` checks would also make Node
    // load its fetch implementation, ~25 ms before the first answer.
    if (indexBytes) bindings.initSync({ module });
    else await bindings({ module_or_path: module });
    if (lazy) index = await __dsFetching(lazy, 4, () => bindings.DigestIndex.fromBytes(indexBytes));
    else index = indexBytes ? bindings.DigestIndex.fromBytes(indexBytes) : new bindings.DigestIndex();
  } catch (e) {
    throw __dsWrapError(e);
  }
  // After free(), a clear error rather than the bindings' null pointer.
  const live = () => index ?? __dsThrow("this index was freed: load() it again to search");
  const searchNow = (query, options) => __dsUnpack(live().search(String(query ?? ""), options ?? undefined));
  let search;
  if (lazy) {
    // One search at a time: a search that misses blocks fetches them, then runs again (the
    // blocks it missed failed their checks, so they are copied in and checked again).
    let queue = Promise.resolve();
    search = (query, options) => {
      const p = queue.then(() => __dsFetching(lazy, 64, () => searchNow(query, options))).catch((e) => {
        throw __dsWrapError(e);
      });
      queue = p.catch(() => {});
      return p;
    };
  } else if (asked) {
    search = (query, options) => {
      try {
        return Promise.resolve(searchNow(query, options));
      } catch (e) {
        return Promise.reject(__dsWrapError(e));
      }
    };
  } else {
    search = (query, options) => {
      try {
        return searchNow(query, options);
      } catch (e) {
        throw __dsWrapError(e);
      }
    };
  }
  return {
    /** Searches: see docs/api.md for options and the result's shape (a Promise of it when
     * `load` was asked for `lazy`, however the bytes came). */
    search,
    /** `{entries, formatVersion, runtimeVersion}`. */
    info() {
      return live().info();
    },
    /** The versions the wasm carries. */
    meta,
    /** Frees the wasm instance's index. */
    free() {
      index?.free();
      index = null;
    },
  };
}

/**
 * Makes the result objects of docs/api.md from what the runtime's search returns: `[text,
 * nums, extra]`, every string of the page in `text` one after another, and in `nums` the
 * numbers, lengths and counts that cut it, in the order of the objects' fields (`Packed` in
 * src/wasm/runtime.rs). `extra`: `{facets, explain}` when the search asked for them.
 */
function __dsUnpack([text, nums, extra]) {
  let i = 0;
  let at = 0;
  const num = () => nums[i++];
  const str = () => text.slice(at, (at += nums[i++]));
  const list = (item) => {
    const out = [];
    for (let n = nums[i++]; n > 0; n--) out.push(item());
    return out;
  };
  const span = () => [nums[i++], nums[i++]];
  const total = num();
  const results = list(() => ({
    id: str(),
    title: str(),
    url: num() ? str() : null,
    urls: list(str),
    date: num() ? str() : null,
    authors: list(str),
    tags: list(str),
    score: num(),
    partial: num() === 1,
    titleHighlights: list(span),
    snippet: { text: str(), highlights: list(span) },
  }));
  const response = { total, results };
  if (extra) {
    if (extra.explain) results.forEach((hit, k) => (hit.explain = extra.explain[k]));
    if (extra.facets) response.facets = extra.facets;
  }
  return response;
}

/** Decodes base64 given as one string or as a list of chunks (the classic file's, 1 MiB each). */
function __dsDecodeBase64(b64) {
  const parts = [].concat(b64).map((s) => Uint8Array.fromBase64?.(s)
    ?? (typeof Buffer !== "undefined" ? Buffer.from(s, "base64") : Uint8Array.from(atob(s), (c) => c.charCodeAt(0))));
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  parts.reduce((at, p) => (out.set(p, at), at + p.length), 0);
  return out;
}
