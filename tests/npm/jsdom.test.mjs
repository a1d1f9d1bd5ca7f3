// The package under jsdom, as Vitest and Jest run a site's tests: the DOM's globals on Node's
// own (its `fetch` among them), `<digest-search src="/search/x.wasm">` on a page served over
// HTTP. The `src` is a URL relative to the page, fetched: it was read as the machine's file
// /search/x.wasm (ENOENT), with an error in the console.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { writeFile, rm } from "node:fs/promises";
import path from "node:path";
import { ROOT, pack, scratchProject, run } from "./helpers.mjs";

let packed;
let app;

before(async () => {
  packed = await pack();
  app = await scratchProject("jsdom", packed.tarball, { jsdom: "^26" });
});

after(async () => {
  if (packed) await rm(packed.dir, { recursive: true, force: true });
});

// Run in the scratch project: prints what the element said, its answer to a query and what went
// to the console's errors, as JSON.
const SCRIPT = `
import http from "node:http";
import { readFileSync } from "node:fs";
import { JSDOM } from "jsdom";
const wasm = readFileSync(process.argv[2]);
const asked = [];
const server = http.createServer((req, res) => {
  asked.push(req.url);
  if (req.url !== "/search/x.wasm") return res.writeHead(404).end();
  res.writeHead(200, { "content-type": "application/wasm" }).end(wasm);
});
await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
const dom = new JSDOM("<!doctype html><html><body></body></html>", { url: "http://127.0.0.1:" + server.address().port + "/docs/" });
// As Vitest's jsdom environment: the window's names that Node lacks, and its events, on the global.
const events = new Set(["Event", "CustomEvent", "EventTarget", "navigator"]);
for (const k of Object.getOwnPropertyNames(dom.window)) {
  if (!(k in globalThis) || events.has(k)) Object.defineProperty(globalThis, k, { value: dom.window[k], configurable: true, writable: true });
}
const errors = [];
console.error = (...args) => errors.push(args.map(String).join(" "));
await import("digest-search/component");
const el = document.createElement("digest-search");
el.setAttribute("src", "/search/x.wasm");
const said = new Promise((resolve) => {
  el.addEventListener("digest-search:ready", () => resolve("ready"));
  el.addEventListener("digest-search:error", (e) => resolve("error: " + e.detail.error.message));
});
document.body.append(el);
const outcome = await Promise.race([said, new Promise((resolve) => setTimeout(() => resolve("no event"), 20000))]);
process.stdout.write(JSON.stringify({ outcome, total: el.index && el.index.search("diffusion").total, asked, errors }));
server.close();
dom.window.close();
`;

test("jsdom: <digest-search src> fetches its index relative to the page, and searches", async (t) => {
  const script = path.join(app, "page.mjs");
  await writeFile(script, SCRIPT);
  const wasm = path.join(ROOT, "target", "demo", "digest-search.wasm");
  const r = await run(process.execPath, [script, wasm], { cwd: app });
  assert.equal(r.code, 0, r.stderr);
  const got = JSON.parse(r.stdout);
  t.diagnostic(JSON.stringify(got));
  assert.deepEqual({ ...got, total: got.total > 0 }, { outcome: "ready", total: true, asked: ["/search/x.wasm"], errors: [] });
});
