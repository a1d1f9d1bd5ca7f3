// The built wasm through the public loader, in Node: the result schema, UTF-16 highlights,
// separate instances, and clear errors for wrong, truncated, damaged or mismatched files.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFile, mkdtemp, writeFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { spawnSync } from "node:child_process";
import path from "node:path";
import http from "node:http";
import { fileURLToPath, pathToFileURL } from "node:url";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
const DEMO = path.join(ROOT, "target", "demo");
const { load } = await import(pathToFileURL(path.join(DEMO, "digest-search.js")).href);
const wasm = new Uint8Array(await readFile(path.join(DEMO, "digest-search.wasm")));

/** Asserts that `v` is plain JSON data: no undefined, no Map, no class instances. */
function assertPlainJson(v, where = "result") {
  if (v === null || ["string", "number", "boolean"].includes(typeof v)) return;
  assert.notEqual(v, undefined, `${where} is undefined`);
  if (Array.isArray(v)) return v.forEach((x, i) => assertPlainJson(x, `${where}[${i}]`));
  assert.equal(Object.getPrototypeOf(v), Object.prototype, `${where} is not a plain object`);
  for (const [k, x] of Object.entries(v)) assertPlainJson(x, `${where}.${k}`);
}

test("search returns the documented schema, plain JSON", async () => {
  const index = await load();
  const info = index.info();
  assert.deepEqual({ ...info, indexBytes: 0, residentBytes: 0, memoryBytes: 0 }, { entries: 102, formatVersion: index.meta.format, runtimeVersion: index.meta.runtime, indexBytes: 0, residentBytes: 0, memoryBytes: 0 });
  assert.ok(info.indexBytes > 100_000 && info.memoryBytes > info.indexBytes);
  const r = index.search("zeroth order benchmark", { limit: 5 });
  assertPlainJson(r);
  assert.ok(r.total >= 1);
  const top = r.results[0];
  assert.deepEqual(Object.keys(top).sort(), ["authors", "date", "id", "partial", "score", "snippet", "tags", "title", "titleHighlights", "url", "urls"].sort());
  assert.match(top.title, /Zeroth-Order.*Benchmark/);
  assert.equal(top.url, top.urls[0]);
  const marked = top.titleHighlights.map(([s, e]) => top.title.slice(s, e));
  assert.ok(marked.includes("Benchmark"), marked.join("|"));
  assert.ok(marked.some((m) => m.startsWith("Zeroth")), marked.join("|"));
  for (const [s, e] of top.snippet.highlights) assert.ok(s < e && e <= top.snippet.text.length);
});

test("highlight offsets are UTF-16 code units", async () => {
  const index = await load();
  const r = index.search("schrödinger");
  const hit = r.results.find((h) => h.snippet.highlights.length > 0);
  assert.ok(hit, "a result with a snippet highlight");
  const words = hit.snippet.highlights.map(([s, e]) => hit.snippet.text.slice(s, e).normalize("NFC"));
  assert.ok(words.includes("Schrödinger"), words.join("|"));
});

test("limit, offset and explain", async () => {
  const index = await load();
  const all = index.search("learning", { limit: 20 });
  const page = index.search("learning", { limit: 5, offset: 5 });
  assert.equal(page.total, all.total);
  assert.deepEqual(page.results.map((h) => h.id), all.results.slice(5, 10).map((h) => h.id));
  const ex = index.search("zeroth order", { limit: 1, explain: true });
  assert.ok(ex.results[0].explain.length >= 2);
  assert.ok(ex.results[0].explain.every((e) => typeof e.term === "string" && e.fields.length === 4));
});

test("search options: defaults, undefined and unknown properties, and clear errors for wrong values", async () => {
  const index = await load();
  const base = JSON.stringify(index.search("learning"));
  for (const o of [undefined, null, {}, { limit: undefined }, { sort: null, after: null }, { after: "", before: "" }, { unknown: 1 }, { limit: 10, offset: 0, explain: false, facets: false, tags: [], tagMode: "any" }]) {
    assert.equal(JSON.stringify(index.search("learning", o)), base, JSON.stringify(o));
  }
  assert.equal(index.search("learning", { limit: 3 }).results.length, 3);
  assert.deepEqual(index.search("learning", { tags: new Set(["cs.LG"]) }), index.search("learning", { tags: ["cs.LG"] }));
  assert.ok(index.search("learning", { limit: 1, facets: true, sort: "oldest" }).facets);
  const bad = [
    [{ limit: 1.5 }, /`limit` must be a whole number from 0 to 4294967295, not 1\.5$/],
    [{ limit: -1 }, /`limit` .* not -1$/],
    [{ offset: "3" }, /`offset` .* not "3"$/],
    [{ limit: null }, /`limit` .* not null$/],
    [{ explain: 1 }, /`explain` must be true or false, not 1$/],
    [{ after: 2024 }, /`after` must be a string, not 2024$/],
    // A date filter that is no date is an error, not a filter silently left out.
    [{ after: "yesterday" }, /`after` must be a date \(YYYY-MM-DD, YYYY-MM or YYYY\), not "yesterday"$/],
    [{ before: "2024-13" }, /`before` must be a date .* not "2024-13"$/],
    [{ after: "2024-1-1" }, /`after` must be a date .* not "2024-1-1"$/],
    [{ after: "20240101" }, /`after` must be a date/],
    [{ before: "2023-02-29" }, /`before` must be a date .* not "2023-02-29"$/],
    [{ tags: "cs.LG" }, /`tags` must be an array of strings, not "cs.LG"$/],
    [{ tags: [1] }, /`tags` must be an array of strings, not 1$/],
    [{ tagMode: "ALL" }, /`tagMode` must be "any" or "all", not "ALL"$/],
    [{ sort: "Newest" }, /`sort` must be "relevance", "newest" or "oldest", not "Newest"$/],
    [{ facets: {} }, /`facets` must be true or false, not an object$/],
    [5, /expected an object, not 5$/],
    [[], /expected an object, not an array$/],
  ];
  for (const [o, re] of bad) {
    assert.throws(() => index.search("learning", o), (e) => e instanceof Error && e.message.startsWith("digest-search: search options: ") && re.test(e.message), JSON.stringify(o));
  }
});

test("each load() has its own instance", async () => {
  const a = await load(wasm);
  const b = await load(new URL(pathToFileURL(path.join(DEMO, "digest-search.wasm"))));
  const before = JSON.stringify(b.search("diffusion"));
  a.free();
  assert.equal(JSON.stringify(b.search("diffusion")), before);
  // A freed index says so, and freeing it again does nothing.
  const freed = (e) => e instanceof Error && e.message === "digest-search: this index was freed: load() it again to search";
  assert.throws(() => a.search("diffusion"), freed);
  assert.throws(() => a.info(), freed);
  a.free();
});

test("a compiled WebAssembly.Module loads (its own instance, started asynchronously) and answers as the bytes do", async () => {
  const fromBytes = await load(wasm);
  const module = await WebAssembly.compile(wasm);
  const a = await load(module);
  const b = await load(module);
  assert.equal(a.info().entries, 102);
  for (const q of ["diffusion", "zeroth order benchmark", "transfor"]) assert.equal(JSON.stringify(a.search(q)), JSON.stringify(fromBytes.search(q)), q);
  a.free();
  assert.ok(b.search("diffusion").total > 0, "freeing one instance of a module leaves the other");
});

test("a wasm from another version is refused before it runs", async () => {
  // Rewrite the version section's runtime string to another of the same length.
  const text = new TextDecoder("latin1").decode(wasm);
  const at = text.lastIndexOf('"runtime":"');
  assert.ok(at > 0);
  const bad = wasm.slice();
  bad[at + 11] = "9".charCodeAt(0);
  await assert.rejects(load(bad), (e) => e instanceof Error && /version mismatch/.test(e.message) && /runtime 9/.test(e.message));
});

test("a path or file: URL that cannot be read is named in a digest-search error", async () => {
  // Node's own error (`ENOENT: no such file or directory, open 'nope.wasm'`) had neither the
  // prefix nor the wording of the other load errors.
  const dir = await mkdtemp(path.join(tmpdir(), "ds-load-"));
  try {
    const missing = path.join(dir, "nope.wasm");
    for (const source of [missing, pathToFileURL(missing)]) {
      await assert.rejects(load(source), (e) => {
        assert.ok(e instanceof Error);
        assert.equal(e.message, `digest-search: could not read ${source}: ENOENT: no such file or directory, open '${missing}'`);
        assert.equal(e.cause.code, "ENOENT");
        return true;
      });
    }
    await assert.rejects(load(dir), (e) => e.message.startsWith(`digest-search: could not read ${dir}: EISDIR`));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test("with a document (jsdom, happy-dom), a string is a URL relative to the page, fetched; without one, a path", async () => {
  // A DOM that Node emulates, as Vitest and Jest run a site's tests: a document with a base URL,
  // and Node's own fetch. `<digest-search src="/search/x.wasm">` was read as the machine's file
  // /search/x.wasm (ENOENT) there.
  const asked = [];
  const server = http.createServer((req, res) => {
    asked.push(req.url);
    if (req.url !== "/search/x.wasm") return res.writeHead(404).end();
    res.writeHead(200, { "content-type": "application/wasm" }).end(wasm);
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  const origin = `http://127.0.0.1:${server.address().port}`;
  const dir = await mkdtemp(path.join(tmpdir(), "ds-page-"));
  const expected = (await load(wasm)).search("diffusion").total;
  try {
    globalThis.document = { baseURI: `${origin}/docs/page.html` };
    for (const source of ["/search/x.wasm", "../search/x.wasm", `${origin}/search/x.wasm`]) {
      assert.equal((await load(source)).search("diffusion").total, expected, source);
    }
    assert.deepEqual(asked, ["/search/x.wasm", "/search/x.wasm", "/search/x.wasm"]);
    await assert.rejects(load("x.wasm"), (e) => e.message === "digest-search: could not fetch " + origin + "/docs/x.wasm: HTTP 404");
    // A page opened from a file (jsdom's `url: "file:///…"`): the file beside it, read.
    await writeFile(path.join(dir, "x.wasm"), wasm);
    globalThis.document = { baseURI: pathToFileURL(path.join(dir, "page.html")).href };
    assert.equal((await load("x.wasm")).search("diffusion").total, expected);
    // A document with no base URL to resolve against (jsdom's `about:blank`): a path, as before.
    globalThis.document = { baseURI: "about:blank" };
    assert.equal((await load(path.join(dir, "x.wasm"))).search("diffusion").total, expected);
  } finally {
    delete globalThis.document;
    server.close();
  }
  try {
    // Node without a document: a path, relative to the working directory too.
    assert.equal((await load(path.relative(process.cwd(), path.join(dir, "x.wasm")))).search("diffusion").total, expected);
    assert.equal(asked.length, 4);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test("truncated, damaged and foreign files fail with a clear Error", async () => {
  await assert.rejects(load(wasm.slice(0, wasm.length - 1000)), (e) => e instanceof Error && /truncated|not a valid WebAssembly/.test(e.message));
  await assert.rejects(load(new TextEncoder().encode("<html>not wasm</html>")), (e) => e instanceof Error && /not a valid WebAssembly/.test(e.message));
  // Flip one byte in the term dictionary (checked at load): load() rejects.
  const idx = Buffer.from(wasm).indexOf(Buffer.from("DGSTIDX\0"));
  assert.ok(idx > 0);
  const termsAt = new DataView(wasm.buffer, wasm.byteOffset).getUint32(idx + 16 + 24 + 8, true);
  const bad = wasm.slice();
  bad[idx + termsAt + 50] ^= 0x5a;
  await assert.rejects(load(bad), (e) => e instanceof Error && /checksum mismatch in the TERMS section/.test(e.message));
  // Flip one byte in the stored text (checked block by block when first read): the search
  // that reads it throws a clear Error instead of returning damaged text.
  const bad2 = wasm.slice();
  bad2[idx + Math.floor((wasm.length - idx) * 0.6)] ^= 0x5a;
  const index = await load(bad2);
  assert.throws(() => {
    for (const q of ["learning", "model", "language", "data", "neural", "optimization", "diffusion", "graph"]) index.search(q, { limit: 1000 });
  }, (e) => e instanceof Error && /checksum mismatch/.test(e.message));
});

test("odd queries never throw", async () => {
  const index = await load();
  for (const q of ["", " ", "-", '"', '""', "!!!", "🙂", "שלום", "e\u0301\u0301", "x".repeat(10000), "title:", "-\"a b\""]) {
    const r = index.search(q);
    assert.ok(Array.isArray(r.results));
  }
});

test("loading bytes fills the index on demand, with the same results as the whole module", async () => {
  const queries = (await readFile(path.join(ROOT, "tests", "fixtures", "dev-queries.jsonl"), "utf8"))
    .split("\n").filter(Boolean).map((l) => JSON.parse(l).q);
  assert.ok(queries.length >= 50);
  const lazy = await load(wasm);
  const whole = await load(await WebAssembly.compile(wasm));
  const atLoad = lazy.info();
  // The whole module has its index in memory; the split one only its small sections.
  assert.equal(whole.info().residentBytes, whole.info().indexBytes);
  assert.ok(atLoad.residentBytes > 0 && atLoad.residentBytes < atLoad.indexBytes, JSON.stringify(atLoad));
  for (const q of queries) {
    assert.deepEqual(lazy.search(q, { limit: 20, explain: true }), whole.search(q, { limit: 20, explain: true }), q);
  }
  const after = lazy.info();
  assert.ok(after.residentBytes > atLoad.residentBytes && after.residentBytes <= after.indexBytes, JSON.stringify(after));
});

test("a lazily filled index shows every entry's text on its first search, past the first block of offsets", async () => {
  // STORE's sample rows span several 2 KiB blocks once an index has more than 2,704 entries.
  // A record's offsets must be copied in before they are read: this failed with blank results
  // (empty id and title) for the entries past the first block, on the first search only.
  const dir = await mkdtemp(path.join(tmpdir(), "ds-lazy-"));
  try {
    const words = ["graph", "neural", "kernel", "sparse", "tensor", "quantum", "robust", "signal"];
    const lines = [];
    for (let i = 0; i < 5000; i++) {
      const w = words[i % words.length];
      const rare = i >= 4000 && i % 7 === 0 ? " zebrafish" : "";
      lines.push(JSON.stringify({ id: `g-${i}`, title: `Study ${i} of ${w} methods${rare}`, abstract: `We look at ${w} and ${words[(i * 3) % words.length]} models in setting ${i}.${rare}` }));
    }
    await writeFile(path.join(dir, "entries.jsonl"), lines.join("\n") + "\n");
    const cli = path.join(ROOT, "target", "release", "digest-search");
    const built = spawnSync(cli, ["build", path.join(dir, "entries.jsonl"), "--out", path.join(dir, "out"), "-q"], { encoding: "utf8" });
    assert.equal(built.status, 0, built.stderr);
    const bytes = new Uint8Array(await readFile(path.join(dir, "out", "digest-search.wasm")));
    const mod = await import(`${pathToFileURL(path.join(dir, "out", "digest-search.js")).href}?lazy-store`);
    const lazy = await mod.load(bytes);
    const whole = await mod.load(await WebAssembly.compile(bytes));
    for (const q of ["zebrafish", "quantum 4321", "sparse"]) {
      const first = lazy.search(q, { limit: 20 });
      assert.ok(first.results.length > 0, q);
      for (const h of first.results) assert.ok(h.id.startsWith("g-") && h.title.startsWith("Study "), `${q}: ${JSON.stringify(h)}`);
      assert.deepEqual(first, whole.search(q, { limit: 20 }), q);
    }
    assert.ok(lazy.search("zebrafish").results.every((h) => Number(h.id.slice(2)) >= 4000));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test("every string of a result arrives whole, whatever its characters, and equals the CLI's", async () => {
  // A page's strings cross from the wasm as one text cut by UTF-16 lengths: characters outside
  // the Basic Multilingual Plane (two code units), combining marks, CJK, empty lists and
  // missing links or dates must each come out as they went in.
  const dir = await mkdtemp(path.join(tmpdir(), "ds-strings-"));
  try {
    const entries = [
      { id: "e-😀", title: "Emoji 😀 and 𝔼[x] in a title: zyxomma", abstract: "Mathematical 𝔼𝕩 letters, then zyxomma 🦋 twice zyxomma.", authors: ["Zoë Ünal", "李 雷", "A😀B"], tags: ["𝔾roup", "tag"], url: "https://example.org/😀", date: "2024-02-29" },
      { id: "plain", title: "Zyxomma without extras", abstract: "Cafe\u0301 with a combining accent: zyxomma." },
      { id: "cjk", title: "全文搜索 zyxomma 検索", abstract: "", authors: [], tags: [] },
    ];
    await writeFile(path.join(dir, "entries.jsonl"), entries.map((e) => JSON.stringify(e)).join("\n") + "\n");
    const cli = path.join(ROOT, "target", "release", "digest-search");
    const built = spawnSync(cli, ["build", path.join(dir, "entries.jsonl"), "--out", path.join(dir, "out"), "-q"], { encoding: "utf8" });
    assert.equal(built.status, 0, built.stderr);
    const mod = await import(`${pathToFileURL(path.join(dir, "out", "digest-search.js")).href}?strings`);
    const index = await mod.load(new Uint8Array(await readFile(path.join(dir, "out", "digest-search.wasm"))));
    for (const q of ["zyxomma", "zyxomma 😀", "搜索"]) {
      const r = index.search(q, { limit: 10, explain: true, facets: true });
      const json = spawnSync(cli, ["search", path.join(dir, "out"), q, "--json", "--limit", "10", "--explain", "--facets"], { encoding: "utf8" });
      assert.equal(json.status, 0, json.stderr);
      assert.deepEqual(r, JSON.parse(json.stdout), q);
    }
    const r = index.search("zyxomma", { limit: 10 });
    assert.equal(r.results.length, 3);
    for (const h of r.results) {
      const e = entries.find((x) => x.id === h.id);
      assert.equal(h.title, e.title);
      assert.deepEqual([h.authors, h.tags, h.url, h.date], [e.authors ?? [], e.tags ?? [], e.url ?? null, e.date ?? null], h.id);
      for (const [s, end] of h.titleHighlights) assert.equal(h.title.slice(s, end).toLowerCase(), "zyxomma", h.id);
      for (const [s, end] of h.snippet.highlights) assert.equal(h.snippet.text.slice(s, end).toLowerCase(), "zyxomma", h.id);
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test("the classic file decodes its inlined wasm, in chunks, with fromBase64, Buffer or atob", async () => {
  // 1,000 arXiv entries: a wasm of several 768 KiB chunks, so the literals are joined.
  const vm = await import("node:vm");
  const dir = await mkdtemp(path.join(tmpdir(), "ds-classic-"));
  try {
    const cli = path.join(ROOT, "target", "release", "digest-search");
    const built = spawnSync(cli, ["build", path.join(ROOT, "tests", "fixtures", "arxiv-1k.jsonl.gz"), "--out", dir, "--quiet"]);
    assert.equal(built.status, 0, String(built.stderr));
    const source = await readFile(path.join(dir, "digest-search.classic.js"), "utf8");
    assert.ok((source.match(/^const __dsInlined = \[/m) && source.split('",\n"').length) >= 3, "the wasm is inlined in several literals");
    const whole = await (await load(new Uint8Array(await readFile(path.join(dir, "digest-search.wasm"))))).search("speech recognition");
    const fromBase64 = (s) => new Uint8Array(Buffer.from(s, "base64"));
    for (const [name, globals] of [
      ["Buffer", { Buffer }],
      ["atob", { atob }],
      ["fromBase64", { atob, fromBase64 }],
    ]) {
      const context = vm.createContext({ WebAssembly, TextDecoder, TextEncoder, URL, console, atob: globals.atob, Buffer: globals.Buffer });
      if (globals.fromBase64) vm.runInContext("Uint8Array.fromBase64 = (s) => new Uint8Array(decode(s))", Object.assign(context, { decode: globals.fromBase64 }));
      vm.runInContext(source, context);
      const index = await context.DigestSearch.load();
      assert.equal(index.info().entries, 1000, name);
      assert.deepEqual(JSON.parse(JSON.stringify(index.search("speech recognition"))), JSON.parse(JSON.stringify(whole)), name);
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test("the runtime wasm holds none of the builder's code", async () => {
  // Messages of the builder's modules (input readers, embedding, bundling). Each is in the npm
  // package's builder wasm, the same Rust with the builder in it, so the bytes are what a linked
  // builder would leave; the runtime (built without the `build` feature) holds none of them.
  // Its own messages are there, read the same way.
  const runtime = await readFile(path.join(ROOT, "target", "runtime", "runtime_bg.wasm"));
  const builder = await readFile(path.join(ROOT, "target", "npm", "builder", "builder_bg.wasm"));
  const builderOnly = [
    "save the file as UTF-8", // input/decode.rs
    "is not a format digest-search reads", // input/mod.rs
    "invalid JSON: ", // input/json.rs
    "before its elements are closed", // input/feed.rs
    "runtime wasm defines no memory", // embed.rs
    "do not edit", // bundle.rs
  ];
  for (const s of builderOnly) {
    assert.ok(builder.includes(s), `the builder's wasm holds "${s}"`);
    assert.ok(!runtime.includes(s), `the runtime wasm holds the builder's "${s}"`);
  }
  for (const s of ["checksum mismatch in the ", "rebuild the index with a matching digest-search"]) {
    assert.ok(runtime.includes(s), `the runtime wasm holds its own "${s}"`);
  }
});
