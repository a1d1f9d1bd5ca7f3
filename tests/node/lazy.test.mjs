// Lazy loading (`load(url, {lazy: true})`): the index fetched over HTTP ranges as searches need
// it gives the same answers as the whole file, moves fewer bytes, and falls back to the whole
// file when the server ignores ranges. Served by a small HTTP server in this process.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFile, writeFile, mkdtemp, rm } from "node:fs/promises";
import { execFileSync } from "node:child_process";
import { tmpdir } from "node:os";
import http from "node:http";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { indexSegment, sectionTable, withCustomSectionAtEnd, withCustomSectionBeforeData } from "./index-layout.mjs";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
// 1,000 arXiv entries (about 2 MB): files up to 1 MiB are fetched whole even when asked lazily.
const DIR = await mkdtemp(path.join(tmpdir(), "ds-lazy-"));
execFileSync(path.join(ROOT, "target", "release", "digest-search"), ["build", path.join(ROOT, "tests", "fixtures", "arxiv-1k.jsonl.gz"), "--out", DIR], { stdio: "ignore" });
const { load } = await import(pathToFileURL(path.join(DIR, "digest-search.js")).href);
const big = new Uint8Array(await readFile(path.join(DIR, "digest-search.wasm")));
const demo = new Uint8Array(await readFile(path.join(ROOT, "target", "demo", "digest-search.wasm")));
await rm(DIR, { recursive: true, force: true });
const queries = (await readFile(path.join(ROOT, "tests", "fixtures", "dev-queries.jsonl"), "utf8"))
  .split("\n")
  .filter(Boolean)
  .map((l) => JSON.parse(l).q);

/**
 * Serves `wasm`; `ranges: false` ignores Range headers. Counts the bytes it sends. With `delay`
 * (ms), answers each request that late and counts the round trips: a request that arrives while
 * none is waiting for its answer starts a round, and those that arrive while one waits belong to
 * it. (Counted by arrival times, requests within half the delay of a round's first, a batch that
 * a busy machine sent over more than 40 ms counted as two rounds.)
 */
async function serve(file, { ranges = true, delay = 0 } = {}) {
  const stats = { bytes: 0, requests: 0, partial: 0, rounds: 0 };
  let waiting = 0;
  const server = http.createServer(async (req, res) => {
    // `file`: the bytes, or a function giving the bytes of the moment (a redeploy).
    const wasm = typeof file === "function" ? file() : file;
    stats.requests++;
    if (delay) {
      if (waiting++ === 0) stats.rounds++;
      await new Promise((r) => setTimeout(r, delay));
      waiting--;
    }
    const m = /^bytes=(\d+)-(\d+)$/.exec(req.headers.range || "");
    if (ranges && m && +m[1] < wasm.length) {
      const [s, e] = [+m[1], Math.min(+m[2], wasm.length - 1)];
      res.writeHead(206, { "Content-Type": "application/wasm", "Content-Range": `bytes ${s}-${e}/${wasm.length}`, "Content-Length": e - s + 1 });
      stats.bytes += e - s + 1;
      stats.partial++;
      res.end(wasm.subarray(s, e + 1));
    } else {
      res.writeHead(200, { "Content-Type": "application/wasm", "Content-Length": wasm.length });
      stats.bytes += wasm.length;
      res.end(wasm);
    }
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { url: `http://127.0.0.1:${server.address().port}/digest-search.wasm`, stats, close: () => server.close() };
}

test("a lazy load answers every development query as the whole file does, for fewer bytes", async () => {
  const wasm = big;
  assert.ok(wasm.length > 1.5e6, `${wasm.length} bytes`);
  const whole = await load(wasm);
  const srv = await serve(wasm);
  try {
    const lazy = await load(srv.url, { lazy: true });
    assert.ok(srv.stats.bytes < wasm.length * 0.4, `${srv.stats.bytes} of ${wasm.length} bytes fetched to open`);
    const first = lazy.search(queries[0], { limit: 10 });
    assert.ok(first instanceof Promise, "search() returns a Promise");
    assert.deepEqual(await first, whole.search(queries[0], { limit: 10 }));
    const afterFirst = srv.stats.bytes;
    assert.ok(afterFirst < wasm.length * 0.5, `${afterFirst} of ${wasm.length} bytes after one query`);
    for (const q of queries) {
      for (const opts of [{ limit: 10 }, { limit: 3, offset: 2, explain: true }]) {
        assert.deepEqual(await lazy.search(q, opts), whole.search(q, opts), `${q} ${JSON.stringify(opts)}`);
      }
    }
    // Searches started together are answered one after the other, each as the whole file would.
    const together = await Promise.all(["diffusion", "zeroth order", "graph neural", "quantum phase"].map((q) => lazy.search(q)));
    assert.deepEqual(together, ["diffusion", "zeroth order", "graph neural", "quantum phase"].map((q) => whole.search(q)));
    assert.ok(srv.stats.partial === srv.stats.requests, "every request was a range request");
    assert.ok(srv.stats.bytes <= wasm.length * 1.2, `${srv.stats.bytes} bytes in all for ${wasm.length}`);
  } finally {
    srv.close();
  }
});

test("a search fetches what it misses in a few round trips, not one per block", async () => {
  // A search reads the dictionaries of its words' first letters (each named whole at the first
  // miss), their postings (a word's gaps and flags are named whole), then the stored text of its
  // candidates (meta records and titles of their groups of 16 entries at the first miss, then
  // the abstracts): four rounds at most, where reading the stored text one block at a time took
  // up to seven.
  const whole = await load(big);
  const srv = await serve(big, { delay: 80 });
  try {
    const lazy = await load(srv.url, { lazy: true });
    const fresh = ["diffusion model sampling", "graph neural networks", "reinforcement learning policy", "quantum", "language model reasoning"];
    const rounds = [];
    for (const q of fresh) {
      const before = srv.stats.rounds;
      assert.deepEqual(await lazy.search(q, { limit: 10 }), whole.search(q, { limit: 10 }), q);
      rounds.push(srv.stats.rounds - before);
    }
    assert.ok(rounds.every((n) => n <= 4), `round trips per search: ${rounds}`);
    assert.ok(rounds.some((n) => n >= 2), `the searches fetched: ${rounds}`);
  } finally {
    srv.close();
  }
});

test("a search fetches the dictionaries of its words' first letters, and no others", async () => {
  // The term dictionary is one fst per first byte (docs/index-format.md, TERMS). A search whose
  // first letters' dictionaries have not arrived yet finds none of its words; it must then name
  // only those dictionaries, not every letter a split of a word into two (`clu|stering`) could
  // start with: that took a first search at 100k entries from 0.55 MB of dictionaries to 1.9 MB.
  const [at] = indexSegment(big);
  const terms = at + sectionTable(big, at).find((s) => s.name === "TERMS").off;
  const view = new DataView(big.buffer, big.byteOffset);
  // Where the dictionary of the terms starting with byte `b` lies in the file.
  const dict = (b) => [terms + 1028 + view.getUint32(terms + 4 * b, true), terms + 1028 + view.getUint32(terms + 4 * (b + 1), true)];
  const ranges = [];
  const server = http.createServer((req, res) => {
    const [s, e] = /^bytes=(\d+)-(\d+)$/.exec(req.headers.range).slice(1).map(Number);
    ranges.push([s, Math.min(e, big.length - 1) + 1]);
    res.writeHead(206, { "Content-Type": "application/wasm", "Content-Range": `bytes ${s}-${Math.min(e, big.length - 1)}/${big.length}` });
    res.end(big.subarray(s, e + 1));
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  try {
    const lazy = await load(`http://127.0.0.1:${server.address().port}/x.wasm`, { lazy: true });
    const opened = ranges.length;
    const res = await lazy.search("clustering partitioning", { limit: 10 });
    assert.ok(res.results.length > 0);
    // Bytes of the dictionary of byte `b` fetched (each counted once: the page that holds the end
    // of the first request is fetched again in whole when a search needs it).
    const fetched = (b) => {
      const [lo, hi] = dict(b);
      let n = 0;
      for (let x = lo; x < hi; x++) n += ranges.some(([s, e]) => s <= x && x < e) ? 1 : 0;
      return n;
    };
    const letter = (c) => c.charCodeAt(0);
    assert.equal(fetched(letter("c")), dict(letter("c"))[1] - dict(letter("c"))[0], "the dictionary of c, whole");
    assert.equal(fetched(letter("p")), dict(letter("p"))[1] - dict(letter("p"))[0], "the dictionary of p, whole");
    // The search fetched no other letter's dictionary, but within the 2 KiB block (BLOCK_LEN)
    // that holds each border of c's and p's, widened to the loader's 2 KiB pages: blocks count
    // from TERMS' start, pages from the index's, so a border's block and page reach up to 4 KiB
    // past it. (Opening fetches the head of TERMS in whole pages: at 1k entries that holds the
    // first letters' small dictionaries.)
    const near = (x) => ["c", "p"].some((l) => dict(letter(l)).some((edge) => Math.abs(x - edge) <= 2 * 2048));
    for (const c of "aefghijklmnrstuvwxyz") {
      const [lo, hi] = dict(letter(c));
      const far = ranges.slice(opened).reduce((n, [s, e]) => {
        let k = 0;
        for (let x = Math.max(s, lo); x < Math.min(e, hi); x++) k += near(x) ? 0 : 1;
        return n + k;
      }, 0);
      assert.equal(far, 0, `bytes of the dictionary of ${c}`);
    }
  } finally {
    server.close();
  }
});

// 20,000 short entries, built once: enough rows of STORE to span several pages, and words in
// every entry (`entry`, `methods`) whose postings span many blocks.
const SYNTHETIC_ENTRIES = 20000;
let synthetic = null;
async function syntheticIndex() {
  if (!synthetic) {
    const words = ["graph", "neural", "spectral", "kernel", "sparse", "bayesian", "quantum", "robust", "causal", "latent"];
    synthetic = await indexOf(Array.from({ length: SYNTHETIC_ENTRIES }, (_, i) => ({ id: `e${i}`, title: `${words[i % 10]} ${words[(i * 7) % 10]} entry ${i}`, abstract: `About ${words[(i * 3) % 10]} methods, case ${i}.` })));
  }
  return synthetic;
}

/** The wasm the CLI builds from `entries` (objects written as JSON Lines). */
async function indexOf(entries) {
  const dir = await mkdtemp(path.join(tmpdir(), "ds-lazy-built-"));
  try {
    await writeFile(path.join(dir, "in.jsonl"), entries.map((e) => JSON.stringify(e)).join("\n"));
    execFileSync(path.join(ROOT, "target", "release", "digest-search"), ["build", path.join(dir, "in.jsonl"), "--out", dir], { stdio: "ignore" });
    return new Uint8Array(await readFile(path.join(dir, "digest-search.wasm")));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** An entry's abstract after its first words: 110 made-up words, about 700 bytes, differing by entry. */
const filler = (i) => Array.from({ length: 110 }, (_, k) => `w${(i * 7 + k * 13) % 997}x`).join(" ");

/**
 * Serves `wasm` and logs each range request as `[start, end, round]`: requests that arrive
 * within 40 ms of a round's first belong to it (each is answered 80 ms late, so the next
 * round's requests come later).
 */
async function serveLogged(wasm) {
  const ranges = [];
  let [round, roundStart] = [0, -Infinity];
  const server = http.createServer(async (req, res) => {
    const now = performance.now();
    if (now - roundStart > 40) [round, roundStart] = [round + 1, now];
    const [s, e] = /^bytes=(\d+)-(\d+)$/.exec(req.headers.range).slice(1).map(Number);
    ranges.push([s, Math.min(e, wasm.length - 1) + 1, round]);
    await new Promise((r) => setTimeout(r, 80));
    res.writeHead(206, { "Content-Type": "application/wasm", "Content-Range": `bytes ${s}-${Math.min(e, wasm.length - 1)}/${wasm.length}` });
    res.end(wasm.subarray(s, e + 1));
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { url: `http://127.0.0.1:${server.address().port}/x.wasm`, ranges, close: () => server.close() };
}

test("opening fetches every entry's sample row of STORE, so reading any entry starts with its meta record", async () => {
  // Each entry read starts from the row of its group of 16 (docs/index-format.md, STORE). Opening
  // once fetched the rows of only two thirds of the entries (it counted DOCS rows as 12 bytes
  // after they became 8), and a search whose candidates lay in the last third took one round
  // trip more.
  const wasm = await syntheticIndex();
  const [at] = indexSegment(wasm);
  const store = sectionTable(wasm, at).find((s) => s.name === "STORE");
  const rows = [at + store.off, at + store.off + 20 + Math.ceil(SYNTHETIC_ENTRIES / 16) * 12];
  const srv = await serveLogged(wasm);
  try {
    const lazy = await load(srv.url, { lazy: true });
    const covered = (x) => srv.ranges.some(([s, e]) => s <= x && x < e);
    const missing = [];
    for (let x = rows[0] + 20; x < rows[1]; x += 12) if (!covered(x) || !covered(x + 11)) missing.push(x);
    assert.equal(missing.length, 0, `rows of STORE not fetched at open: ${missing.length} of ${(rows[1] - rows[0] - 20) / 12}`);
    // An entry of the last group is read with no fetch of its row.
    const opened = srv.ranges.length;
    const last = `e${SYNTHETIC_ENTRIES - 1}`;
    const res = await lazy.search(`entry ${SYNTHETIC_ENTRIES - 1}`, { limit: 1 });
    assert.equal(res.results[0].id, last);
    assert.ok(srv.ranges.slice(opened).every(([s, e]) => e <= rows[0] || s >= rows[1]), "no row fetched by the search");
  } finally {
    srv.close();
  }
});

test("a long postings list arrives in one fetch, and no stored text is fetched until a search's postings are in", async () => {
  // At a list's first miss the runtime names the whole list, its length estimated from the
  // term's document frequency (`entry` is in all 20,000 entries: about 40 KB of gaps and flags,
  // where the loader's read-ahead past the list's head was 16 KiB). And a search whose postings
  // were not all in stops before re-ranking: its candidates were scored from part of the
  // postings, and their stored text would be the wrong entries'.
  const wasm = await syntheticIndex();
  const whole = await load(wasm);
  const [at] = indexSegment(wasm);
  const table = sectionTable(wasm, at);
  const section = (x) => table.find((t) => at + t.off <= x && x < at + t.off + t.len)?.name ?? "other";
  const srv = await serveLogged(wasm);
  try {
    const lazy = await load(srv.url, { lazy: true });
    const opened = srv.ranges.length;
    for (const q of ["entry methods 17", "methods 4242", "kernel entry"]) {
      const from = srv.ranges.length;
      assert.deepEqual(await lazy.search(q, { limit: 10 }), whole.search(q, { limit: 10 }), q);
      const rounds = new Map();
      for (const [s, , round] of srv.ranges.slice(from)) {
        if (!rounds.has(round)) rounds.set(round, new Set());
        rounds.get(round).add(section(s));
      }
      const kinds = [...rounds.values()].map((r) => [...r].sort().join("+"));
      // A round that fetches the dictionaries of the query's first letters may fetch the
      // postings of the completions that COMPLETIONS lists for the word being typed (`17`) with
      // them; the other words' postings come once their dictionaries are in, in one round.
      assert.ok(kinds.filter((k) => k.includes("POSTINGS") && !k.includes("TERMS")).length <= 1, `${q}: postings in more than one round: ${kinds}`);
      assert.ok(!kinds.some((k) => k.includes("POSTINGS") && k.includes("STORE")), `${q}: stored text fetched with postings: ${kinds}`);
    }
    assert.ok(srv.ranges.length > opened, "the searches fetched");
  } finally {
    srv.close();
  }
});

test("a search fetches the blocks of stored text it reads and not a page more, and one page past its postings", async () => {
  // The runtime checks TERMS, POSTINGS and STORE in 2 KiB blocks counted from each section's
  // start, and names the runs of blocks it will read; the loader fetches whole 2 KiB pages
  // counted from the index's start. With the sections 8-byte aligned, a block straddled two
  // pages, and each run named came with a page more: at 100k entries a sixth of what the nine
  // later searches of bench/lazy-network.mjs fetched. The builder now starts those sections on
  // a page. Here: the one entry a search finds, whose meta records and titles of its group of
  // 16 and its abstract are all it reads of STORE. And the loader fetched 8 pages of POSTINGS
  // past each list named (from when the runtime named only a list's gaps and flags, not its
  // frequencies): now one, for a list longer than its estimate.
  const wasm = await syntheticIndex();
  const [at] = indexSegment(wasm);
  const table = sectionTable(wasm, at);
  const store = table.find((s) => s.name === "STORE");
  const postings = table.find((s) => s.name === "POSTINGS");
  const base = at + store.off;
  const view = new DataView(wasm.buffer, wasm.byteOffset + base);
  const doc = 12345;
  // STORE's head: where the meta records, titles and abstracts start; then a row per 16 entries.
  const runs = [4, 8, 12].map((k) => view.getUint32(k, true));
  const row = (g) => [0, 1, 2].map((k) => runs[k] + view.getUint32(20 + 12 * g + 4 * k, true));
  const [here, next] = [row(doc >> 4), row((doc >> 4) + 1)];
  // The abstract: past those of the entries before `doc` in its group, their lengths read from
  // the meta records (length of the rest, title length, abstract length, each a varint).
  const varint = (pos) => {
    let [v, shift, b] = [0, 0, 0];
    do {
      b = wasm[base + pos.at++];
      v += (b & 0x7f) * 2 ** shift;
      shift += 7;
    } while (b & 0x80);
    return v;
  };
  let [record, abstract, len] = [here[0], here[2], 0];
  for (let i = doc & ~15; i <= doc; i++) {
    abstract += len;
    const pos = { at: record };
    const rest = varint(pos);
    record = pos.at + rest;
    varint(pos);
    len = varint(pos);
  }
  // The blocks (from the section's start) that hold those bytes.
  const blocks = new Set();
  for (const [s, e] of [[here[0], next[0]], [here[1], next[1]], [abstract, abstract + len]]) {
    for (let b = Math.floor(s / 2048); b < Math.ceil(e / 2048); b++) blocks.add(b);
  }
  const whole = await load(wasm);
  const srv = await serveLogged(wasm);
  try {
    const lazy = await load(srv.url, { lazy: true });
    const opened = srv.ranges.length;
    const want = whole.search(`${doc}`, { limit: 10 });
    assert.deepEqual(want.results.map((r) => r.id), [`e${doc}`]);
    assert.deepEqual(await lazy.search(`${doc}`, { limit: 10 }), want);
    // The bytes of STORE the search fetched.
    const fetched = srv.ranges.slice(opened).reduce((n, [s, e]) => n + Math.max(0, Math.min(e, base + store.len) - Math.max(s, base)), 0);
    assert.ok(fetched > 0, "the search fetched stored text");
    assert.ok(fetched <= blocks.size * 2048, `${fetched} bytes of STORE fetched for ${blocks.size} blocks read`);
    // `kernel`: the runtime names its list from its document frequency (`list_len_estimate` in
    // src/index/read.rs: a gap and a flag byte per posting here, half a byte of frequencies, an
    // eighth on top), which spans at most one block more than its length; then a page of
    // read-ahead.
    const words = ["graph", "neural", "spectral", "kernel", "sparse", "bayesian", "quantum", "robust", "causal", "latent"];
    const df = Array.from({ length: SYNTHETIC_ENTRIES }, (_, i) => [i, i * 7, i * 3].some((k) => words[k % 10] === "kernel")).filter(Boolean).length;
    const estimate = Math.floor(((20 + df * 2 + Math.floor(df / 2)) * 9) / 8);
    const before = srv.ranges.length;
    assert.deepEqual(await lazy.search("kernel", { limit: 10 }), whole.search("kernel", { limit: 10 }));
    const list = srv.ranges.slice(before).reduce((n, [s, e]) => n + Math.max(0, Math.min(e, at + postings.off + postings.len) - Math.max(s, at + postings.off)), 0);
    const most = (Math.ceil(estimate / 2048) + 2) * 2048;
    assert.ok(list > 0 && list <= most, `${list} bytes of POSTINGS fetched for a list of ${df} postings (${estimate} bytes named)`);
  } finally {
    srv.close();
  }
});

test("a server that ignores ranges sends the whole file, and lazy search still works", async () => {
  const wasm = big;
  const whole = await load(wasm);
  const srv = await serve(wasm, { ranges: false });
  try {
    const index = await load(srv.url, { lazy: true });
    assert.equal(srv.stats.requests, 1);
    const r = index.search("zeroth order benchmark");
    assert.ok(r instanceof Promise);
    assert.deepEqual(await r, whole.search("zeroth order benchmark"));
    await assert.rejects(index.search("x", { limit: -1 }), (e) => e instanceof Error && /digest-search:/.test(e.message));
  } finally {
    srv.close();
  }
});

test("a file replaced on the server after a lazy open fails its next search with a clear message", async () => {
  let current = big;
  const srv = await serve(() => current);
  try {
    const index = await load(srv.url, { lazy: true });
    assert.ok((await index.search("speech recognition")).total > 0);
    // A new build of another size takes its place.
    current = new Uint8Array(big.length + 4096);
    current.set(big);
    await assert.rejects(index.search("quantum entanglement witness"), (e) => /changed on the server \(a new build\): reload the page/.test(e.message));
  } finally {
    srv.close();
  }
});

test("a file replaced by one of the same size is named as changed, not as damaged", async () => {
  // A rebuild that fixed one link: the same size, other bytes. Its blocks fail their checksums,
  // which says the file changed on the server rather than that it is corrupted.
  let current = big;
  const srv = await serve(() => current);
  try {
    const index = await load(srv.url, { lazy: true });
    assert.ok((await index.search("speech recognition")).total > 0);
    current = big.slice();
    for (let i = big.length - 200_000; i < big.length - 1000; i += 4096) current[i] ^= 0x55;
    const results = await Promise.allSettled(["quantum entanglement witness", "protein folding", "galaxy cluster lensing", "reinforcement learning robot"].map((q) => index.search(q)));
    const failed = results.filter((r) => r.status === "rejected");
    assert.ok(failed.length > 0, "a search read changed bytes");
    for (const f of failed) assert.match(f.reason.message, /changed on the server \(a new build\?\): reload the page/);
    assert.ok(!failed.some((f) => /corrupted/.test(f.reason.message)));
  } finally {
    srv.close();
  }
});

test("a whole file answered to a later range request (a service worker's copy) serves the range", async () => {
  // The open gets ranges (206); later requests get the whole file (200), as from a service
  // worker that cached it, or a server that stopped honouring ranges: the range is cut from it.
  const whole = await load(big);
  let ranges = true;
  const srv206 = await serve(big);
  const srv200 = await serve(big, { ranges: false });
  const server = http.createServer((req, res) => {
    const to = new URL(ranges ? srv206.url : srv200.url);
    const fwd = http.request({ host: to.hostname, port: to.port, path: to.pathname, headers: req.headers }, (r) => {
      res.writeHead(r.statusCode, r.headers);
      r.pipe(res);
    });
    fwd.end();
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  try {
    const index = await load(`http://127.0.0.1:${server.address().port}/digest-search.wasm`, { lazy: true });
    ranges = false;
    for (const q of ["speech recognition", "graph neural netw"]) assert.deepEqual(await index.search(q), whole.search(q), q);
    assert.ok(srv200.stats.requests > 0, "later requests were answered whole");
  } finally {
    server.close();
    srv206.close();
    srv200.close();
  }
});

test("a page where the index was expected is named as a page when loaded lazily too", async () => {
  const page = new TextEncoder().encode("<!doctype html><title>Home</title>".padEnd(4000, " "));
  const srv = await serve(page, { ranges: false });
  try {
    await assert.rejects(load(srv.url, { lazy: true }), (e) => /is a page \(application\/wasm\), not a digest-search index: is the path right\?/.test(e.message));
  } finally {
    srv.close();
  }
});

test("a runtime longer than the first range request is read with a second one", async () => {
  // The first request asks for 192 KiB (the runtime's code is about 150 KB, and the index's
  // head follows it). A module whose sections before the index are longer (here a custom
  // section of 300 KB) takes one request more, not an error.
  const wasm = withCustomSectionBeforeData(big, "padding", 300 * 1024);
  const whole = await load(big);
  const srv = await serve(wasm);
  try {
    const lazy = await load(srv.url, { lazy: true });
    for (const q of ["diffusion model sampling", "graph neural netw"]) assert.deepEqual(await lazy.search(q, { limit: 10 }), whole.search(q, { limit: 10 }), q);
    assert.ok(srv.stats.bytes < wasm.length * 0.5, `${srv.stats.bytes} of ${wasm.length} bytes`);
  } finally {
    srv.close();
  }
});

test("a file with its version section after the index (as earlier builds wrote it) loads lazily", async () => {
  // The loader then fetches that tail before it compiles the runtime.
  const wasm = withCustomSectionAtEnd(big, "digest-search");
  assert.ok(indexSegment(wasm)[1] < wasm.length, "the version section follows the index");
  const whole = await load(big);
  const srv = await serve(wasm);
  try {
    const lazy = await load(srv.url, { lazy: true });
    for (const q of ["diffusion model sampling", "graph neural netw"]) assert.deepEqual(await lazy.search(q, { limit: 10 }), whole.search(q, { limit: 10 }), q);
  } finally {
    srv.close();
  }
});

test("a small file is fetched whole even when asked for lazily", async () => {
  const srv = await serve(demo);
  try {
    const index = await load(srv.url, { lazy: true });
    assert.deepEqual([srv.stats.requests, srv.stats.bytes], [2, demo.length]);
    assert.deepEqual(await index.search("zeroth order benchmark"), (await load(demo)).search("zeroth order benchmark"));
  } finally {
    srv.close();
  }
});

test("lazy: true on bytes or a path loads whole, with the same Promise API", async () => {
  const wasm = demo;
  const index = await load(wasm, { lazy: true });
  const r = index.search("zeroth order benchmark");
  assert.ok(r instanceof Promise);
  assert.equal((await r).results[0].title, (await load(wasm)).search("zeroth order benchmark").results[0].title);
});

test("a phrase search reads on past its best candidates only once their text has arrived, not fetching every entry's", async () => {
  // 2,000 entries that all hold `training` and `step`, a third of them as a phrase: its page is
  // full among the best candidates. Reading on past those while their text was still missing
  // (every check then failing) fetched the text of every entry.
  const wasm = await indexOf(Array.from({ length: 2000 }, (_, i) => {
    const start = i % 3 === 0 ? "One training step" : "Training, then a step";
    return { id: `e${i}`, title: `Report ${i} on training and each step`, abstract: `${start} ${filler(i)}.` };
  }));
  const whole = await load(wasm);
  const srv = await serve(wasm);
  try {
    const lazy = await load(srv.url, { lazy: true });
    const opened = srv.stats.bytes;
    const want = whole.search('"training step"');
    assert.equal(want.results.length, 10);
    assert.deepEqual(await lazy.search('"training step"'), want);
    const fetched = srv.stats.bytes - opened;
    assert.ok(fetched < wasm.length * 0.3, `${fetched} of ${wasm.length} bytes fetched for the phrase`);
  } finally {
    srv.close();
  }
});

test("a phrase that only a candidate far down holds is found lazily in a few round trips, as the whole file finds it", async () => {
  // 1,500 entries hold `training` and `step` apart (in their titles: they rank first); one holds
  // the phrase, and ranks last. Reading on to it needs the text of every entry: each read that
  // missed used to end the pass, and the next one fetched a single group of entries more, until
  // the search gave up after 64 fetches.
  const entries = Array.from({ length: 1500 }, (_, i) => ({ id: `e${i}`, title: `Report ${i} on training and each step`, abstract: `Training, then a step ${filler(i)}. More training and step.` }));
  entries.push({ id: "together", title: "A note", abstract: `We describe one training step of the method ${Array.from({ length: 100 }, (_, k) => `v${k}y`).join(" ")}` });
  const wasm = await indexOf(entries);
  const whole = await load(wasm);
  const want = whole.search('"training step"');
  assert.deepEqual(want.results.map((r) => r.id), ["together"]);
  const srv = await serve(wasm, { delay: 40 });
  try {
    const lazy = await load(srv.url, { lazy: true });
    const before = srv.stats.rounds;
    assert.deepEqual(await lazy.search('"training step"'), want);
    assert.ok(srv.stats.rounds - before <= 6, `${srv.stats.rounds - before} round trips`);
  } finally {
    srv.close();
  }
});
