// digest-search for Node: build an index (the builder runs as WebAssembly, the same Rust code as
// the native `digest-search build`, so the files are byte-identical), write it, and load it.
//
// Web pages import `digest-search/loader` or `digest-search/component` (bundlers that use the
// "browser" condition get the loader for `digest-search` too): those never touch Node builtins.

import { load, DigestSearchElement } from "./loader.js";
import initBuilder, * as builder from "./builder/builder.js";
import { osErrorText, unfinished } from "./internal.js";

export { load, DigestSearchElement };

/** The fixed names of the three output files, as the CLI writes them. */
export const OUTPUT_NAMES = Object.freeze({ wasm: "digest-search.wasm", esm: "digest-search.js", classic: "digest-search.classic.js" });

const BUILDER_WASM = new URL("./builder/builder_bg.wasm", import.meta.url);

let ready = null;

/** Instantiates the builder wasm once, on first use. */
function builderReady() {
  if (!ready) {
    ready = (async () => {
      const fs = await import("node:fs/promises");
      await initBuilder({ module_or_path: await fs.readFile(BUILDER_WASM) });
    })();
    ready.catch(() => {
      ready = null;
    });
  }
  return ready;
}

/** Calls into the builder; a trap (a bug, or out of memory) discards the instance. */
async function callBuilder(fn, ...args) {
  await builderReady();
  try {
    return fn(...args);
  } catch (e) {
    if (e instanceof WebAssembly.RuntimeError) ready = null;
    throw e;
  }
}

const OPTION_NAMES = ["headerLines", "year", "date", "urlTemplate"];

// What each build option must be, checked here so that the message names the option in the
// script's words rather than the builder's (serde's "invalid type: string, expected u32").
const OPTION_KINDS = {
  headerLines: ["a whole number of 0 or more", (v) => Number.isInteger(v) && v >= 0 && v <= 0xffffffff],
  year: ["a year from 1900 to 2999", (v) => Number.isInteger(v) && v >= 1900 && v <= 2999],
  date: ["a string (YYYY-MM-DD)", (v) => typeof v === "string"],
  urlTemplate: ["a string", (v) => typeof v === "string"],
};

function builderOptions(options) {
  if (options == null) return undefined;
  if (typeof options !== "object") throw new TypeError("digest-search: options must be an object");
  const out = {};
  // The longest classic file to write (the CLI's DS_CLASSIC_MAX), for the tests.
  if (Number.isInteger(options.classicMax) && options.classicMax >= 0) out.classicMax = options.classicMax;
  for (const k of OPTION_NAMES) {
    const v = options[k];
    if (v == null) continue;
    const [what, ok] = OPTION_KINDS[k];
    if (!ok(v)) throw new TypeError(`digest-search: options.${k} must be ${what}, not ${JSON.stringify(v) ?? String(v)}`);
    out[k] = v;
  }
  return out;
}

function onWarning(options) {
  const f = options && options.onWarning;
  if (f != null && typeof f !== "function") throw new TypeError("digest-search: options.onWarning must be a function");
  return f || undefined;
}

function result(r) {
  return { wasm: r.wasm, esm: r.esm, classic: r.classic, entries: r.entries, warnings: Array.from(r.warnings) };
}

/**
 * Builds an index from entry objects (`{id, title, abstract, url | urls, date, authors, tags}`,
 * the fields of the JSON input). Resolves to `{wasm, esm, classic, entries, warnings}`: the
 * contents of `digest-search.wasm` (bytes), `digest-search.js` (a string) and
 * `digest-search.classic.js` (bytes: from about 230k entries on it is longer than the longest
 * string V8 makes; null past the longest script a browser loads, about 230k entries, with a
 * warning: `writeOutputs()` then removes an earlier one).
 * `options.onWarning(text)` is called with each warning as it is found, even when the build
 * then fails.
 * Errors name the entry: `entries[3]: field `title`: expected a string, found a number`.
 */
export async function buildIndex(entries, options) {
  if (entries == null || typeof entries[Symbol.iterator] !== "function" || typeof entries === "string") {
    throw new TypeError("digest-search: buildIndex(entries): entries must be an array of entry objects");
  }
  const list = Array.isArray(entries) ? entries : Array.from(entries);
  try {
    return result(await callBuilder(builder.buildFromEntries, list, builderOptions(options), onWarning(options)));
  } catch (e) {
    throw loneSurrogateError(e, list) || e;
  }
}

/** A string with half of a UTF-16 surrogate pair alone (a string cut between the two). */
const hasLoneSurrogate =
  typeof String.prototype.isWellFormed === "function"
    ? (s) => !s.isWellFormed()
    : (s) => /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(s);

/**
 * The builder reads each entry as the JSON text `JSON.stringify` makes of it, which writes a lone
 * surrogate as a `\uD83C` escape that no JSON parser takes for text: its error (``entries[0]:
 * invalid JSON: unexpected end of hex escape``) names the entry but not the field, nor why. For
 * such an error, this finds the field in that entry (stringifying it again with a replacer, so
 * that the fields are the ones JSON sees: `toJSON` applied, functions and symbols left out) and
 * returns the error to throw instead, in the form of the builder's own: ``entries[0]: field
 * `abstract`: text holds a lone surrogate (half of a character cut in two?)``. Null otherwise.
 * Only on this failure: a build that succeeds pays nothing for it.
 */
function loneSurrogateError(e, list) {
  const m = e instanceof Error ? /^entries\[(\d+)\]: invalid JSON: /.exec(e.message) : null;
  const entry = m ? list[Number(m[1])] : undefined;
  if (entry === undefined) return null;
  const paths = new Map(); // object → its path in the entry (`authors`, `links[2].title`)
  let found = null;
  try {
    JSON.stringify(entry, function (key, value) {
      if (found !== null) return undefined;
      const base = paths.get(this); // undefined: JSON's holder of the entry itself
      const name = base === undefined ? "" : Array.isArray(this) ? `${base}[${key}]` : base ? `${base}.${key}` : key;
      // A name is not repeated in the message: it would carry the lone surrogate along.
      if (base !== undefined && hasLoneSurrogate(key)) found = base ? `field \`${base}\`: a field name` : "a field name";
      else if (typeof value === "string" && hasLoneSurrogate(value)) found = name ? `field \`${name}\`: text` : "text";
      else if (value !== null && typeof value === "object") paths.set(value, name);
      return found === null ? value : undefined;
    });
  } catch {
    return null;
  }
  if (found === null) return null;
  return new Error(`entries[${m[1]}]: ${found} holds a lone surrogate (half of a character cut in two?)`, { cause: e });
}

/**
 * Builds an index from inputs given as `{name, bytes}` (or `{name, text}`): plain-text digests,
 * JSON, JSON Lines, gzip. The name tells the format (`.txt`, `.json`, `.jsonl`, `.gz`) and names
 * the input in messages.
 */
export async function buildSources(sources, options) {
  const list = Array.from(sources, (s, i) => {
    if (s == null || typeof s.name !== "string") throw new TypeError(`digest-search: sources[${i}].name must be a string`);
    let bytes = s.bytes;
    if (bytes === undefined && typeof s.text === "string") bytes = new TextEncoder().encode(s.text);
    if (bytes instanceof ArrayBuffer) bytes = new Uint8Array(bytes);
    else if (ArrayBuffer.isView(bytes) && !(bytes instanceof Uint8Array)) bytes = new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    if (!(bytes instanceof Uint8Array)) throw new TypeError(`digest-search: sources[${i}] needs bytes (a Uint8Array) or text (a string)`);
    return { name: s.name, bytes };
  });
  return result(await callBuilder(builder.buildFromSources, list, builderOptions(options), onWarning(options)));
}

/** How messages name standard input (the path `-`), as the CLI does. */
const STDIN_NAME = "<stdin>";

/**
 * Builds an index from files, like `digest-search build PATH...`: paths are read in order and
 * named in messages as given; `-` is standard input, as for the CLI (once). Same result as
 * `buildSources`.
 */
export async function buildFiles(paths, options) {
  const fs = await import("node:fs/promises");
  const { fileURLToPath } = await import("node:url");
  const list = typeof paths === "string" || paths instanceof URL ? [paths] : Array.from(paths);
  const sources = [];
  for (const p of list) {
    if (p === "-") {
      if (sources.some((s) => s.name === STDIN_NAME)) throw new Error(`${STDIN_NAME}: standard input (\`-\`) is given twice: it can be read once`);
      const chunks = [];
      try {
        for await (const chunk of process.stdin) chunks.push(chunk);
      } catch (e) {
        throw new Error(`${STDIN_NAME}: cannot read: ${osErrorText(e)}`, { cause: e });
      }
      const bytes = Buffer.concat(chunks);
      sources.push({ name: STDIN_NAME, bytes: new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength) });
      continue;
    }
    const name = p instanceof URL ? fileURLToPath(p) : String(p);
    let bytes;
    try {
      bytes = await fs.readFile(p);
    } catch (e) {
      const err = new Error(`${name}: cannot read: ${osErrorText(e)}`, { cause: e });
      throw err;
    }
    sources.push({ name, bytes: new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength) });
  }
  return buildSources(sources, options);
}

/**
 * Writes `{wasm, esm, classic}` into `dir` as the CLI does: all three to temporary names first,
 * then each renamed over the file it replaces (with its permission bits), so a failure never leaves a half-written or
 * mismatched set, and a server never finds a file missing.
 */
export async function writeOutputs(dir, outputs) {
  const fs = await import("node:fs/promises");
  const { fileURLToPath } = await import("node:url");
  const dirName = dir instanceof URL ? fileURLToPath(dir) : String(dir);
  // Joined as Rust's Path::join does (no normalisation), so messages match the CLI's.
  const join = (name) => (dirName.endsWith("/") ? dirName + name : `${dirName}/${name}`);
  // `outputs.files` ([name, data] pairs, from `outputFiles`) replaces the three fixed names.
  const files = outputs.files ?? [
    [OUTPUT_NAMES.wasm, outputs.wasm],
    [OUTPUT_NAMES.esm, outputs.esm],
    [OUTPUT_NAMES.classic, outputs.classic],
  ];
  // (null: no such file, past the classic file's limit; an earlier one is removed.)
  for (const [name, data] of files) {
    if (!(data instanceof Uint8Array) && typeof data !== "string" && data !== null) throw new TypeError(`digest-search: writeOutputs: ${name} is missing`);
  }
  if ((await fs.stat(dir).catch(() => null))?.isFile()) throw new Error(`cannot write into ${dirName}: it is a file, not a folder`);
  try {
    await fs.mkdir(dir, { recursive: true });
  } catch (e) {
    throw new Error(`cannot create ${dirName}: ${osErrorText(e)}`, { cause: e });
  }
  // A folder where a file goes is not replaced (with what it holds), and nothing is written.
  for (const [name] of files) {
    const stat = await fs.stat(join(name)).catch(() => null);
    if (stat?.isDirectory()) throw new Error(`cannot replace ${join(name)}: it is a folder`);
  }
  const fsSync = await import("node:fs");
  const { promisify } = await import("node:util");
  const [write, fchmod, fsync, close] = [promisify(fsSync.write), promisify(fsSync.fchmod), promisify(fsSync.fsync), promisify(fsSync.close)];
  removeLeftovers(fsSync, dirName, join);
  const temps = [];
  for (const [name, data] of files) {
    if (data === null) {
      temps.push(null);
      continue;
    }
    const tmp = join(`.${name}.tmp-${process.pid}`);
    let fd;
    try {
      // A new file, never one that is there (a link planted at the predictable name would
      // have the write land where it points): what is there is removed first (the link, not
      // what it points to), and the file is created only if nothing took its place meanwhile.
      // Made synchronously and listed as unfinished at once, for abandonWrites() to find.
      try {
        fd = fsSync.openSync(tmp, "wx");
      } catch (e) {
        if (e.code !== "EEXIST") throw e;
        fsSync.rmSync(tmp);
        fd = fsSync.openSync(tmp, "wx");
      }
      unfinished.set(tmp, fsSync);
      const bytes = typeof data === "string" ? Buffer.from(data) : data;
      for (let at = 0; at < bytes.length; ) at += (await write(fd, bytes, at, Math.min(bytes.length - at, 1 << 30), null)).bytesWritten;
      // A file replaced keeps its permission bits (0444, 0640), as the CLI does; a new one has the umask's.
      const old = await fs.stat(join(name)).catch(() => null);
      if (old?.isFile()) await fchmod(fd, old.mode & 0o777);
      await fsync(fd);
      await close(fd);
      fd = undefined;
    } catch (e) {
      if (fd !== undefined) await close(fd).catch(() => {});
      for (const t of [...temps, tmp]) {
        if (t === null) continue;
        fsSync.rmSync(t, { force: true });
        unfinished.delete(t);
      }
      // Named as the file asked for, as the CLI does (not by its temporary name).
      throw new Error(`cannot write ${join(name)}: ${osErrorText(e)}`, { cause: e });
    }
    temps.push(tmp);
  }
  for (const t of temps) unfinished.delete(t);
  swapIn(fsSync, files.map(([name]) => join(name)), files.map(([name]) => join(`.${name}.old-${process.pid}`)), temps);
}

/**
 * Removes what builds into the folder left when they were killed outright (SIGKILL, a power
 * cut): their temporary and kept files (`.digest-search.wasm.tmp-PID`, `….old-PID`), those of
 * this process id and of ids of processes that no longer run, as the CLI does. Those of a build
 * still running into the same folder are left alone.
 */
function removeLeftovers(fs, dirName, join) {
  let names;
  try {
    names = fs.readdirSync(dirName);
  } catch {
    return;
  }
  for (const n of names) {
    const m = /^\.digest-search\..*\.(?:tmp|old)-(\d{1,10})$/.exec(n);
    const pid = m ? Number(m[1]) : 0;
    if (pid > 0 && pid <= 0xffffffff && (pid === process.pid || !running(pid))) fs.rmSync(join(n), { force: true });
  }
}

/** Whether process `pid` may be running (a signal 0 can be sent to it, or only lacks the right). */
function running(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return e.code !== "ESRCH";
  }
}

/**
 * Puts the written `temps` in place of `targets` (and removes the targets whose temp is null: a
 * classic file past the limit), all or none, as the CLI does. Each file is
 * replaced by one rename over it, so a server reading the folder meanwhile finds every file, the
 * old one or the new; the file it replaces is kept as `olds[i]` (a hard link, or a copy where
 * the file system has none) until all are in place, and renamed back over the new one if a later
 * step fails: a failure leaves the old set whole and no temporary file behind. Synchronous (a
 * few renames): nothing else runs between two of its steps. The files are replaced in the order
 * given (the wasm first, so a new loader never names a wasm that is not there yet).
 */
function swapIn(fs, targets, olds, temps) {
  const kept = [];
  let placed = 0;
  try {
    for (let i = 0; i < targets.length; i++) {
      const there = Boolean(fs.lstatSync(targets[i], { throwIfNoEntry: false }));
      if (there) {
        // (One left by an earlier build of the same process id is no use.)
        fs.rmSync(olds[i], { force: true });
        try {
          try {
            fs.linkSync(targets[i], olds[i]);
          } catch {
            fs.copyFileSync(targets[i], olds[i]);
          }
        } catch (e) {
          throw new Error(`cannot keep ${targets[i]} while it is replaced: ${osErrorText(e)}`, { cause: e });
        }
        kept[i] = true;
      }
      try {
        if (temps[i] !== null) fs.renameSync(temps[i], targets[i]);
      } catch (e) {
        throw new Error(`cannot rename ${temps[i]} into place: ${osErrorText(e)}`, { cause: e });
      }
      try {
        if (temps[i] === null && there) fs.unlinkSync(targets[i]);
      } catch (e) {
        throw new Error(`cannot remove ${targets[i]}: ${osErrorText(e)}`, { cause: e });
      }
      placed++;
    }
  } catch (e) {
    for (let i = placed - 1; i >= 0; i--) {
      try {
        if (kept[i]) fs.renameSync(olds[i], targets[i]);
        else if (temps[i] !== null) fs.rmSync(targets[i], { force: true });
      } catch {}
    }
    for (const t of temps) if (t !== null) fs.rmSync(t, { force: true });
    throw e;
  } finally {
    for (let i = 0; i < targets.length; i++) if (kept[i]) fs.rmSync(olds[i], { force: true });
  }
}

/**
 * The files for a build's outputs with the CLI's `--hashed-names` (content-hashed wasm name and a
 * `digest-search.json` manifest) and `--html` (a self-contained page): `[name, Uint8Array][]`,
 * to pass to `writeOutputs(dir, { files })`.
 */
export async function outputFiles(outputs, { hashedNames = false, htmlTitle } = {}) {
  // A classic file given as a string (as earlier versions returned it) is taken too.
  const classic = typeof outputs.classic === "string" ? new TextEncoder().encode(outputs.classic) : outputs.classic ?? null;
  return callBuilder(builder.outputFiles, outputs.wasm, classic, hashedNames, htmlTitle ?? undefined);
}

/** `{runtimeVersion, formatVersion}` of the indexes this package builds and loads. */
export async function versions() {
  await builderReady();
  return builder.versions();
}
