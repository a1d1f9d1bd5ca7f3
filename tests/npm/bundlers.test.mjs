// The package in web apps built by bundlers with no plugin: Vite (`vite build`), esbuild
// (`--bundle`, `.wasm` as a file) and webpack (production mode, its defaults). Each app imports
// the component and the loader from the installed package; the page is served and driven in headless Chromium: type a query, see
// results, no console errors. The package's README example that loads the index itself too, and
// the package's TypeScript declarations are checked there.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { cp, mkdir, readFile, readdir, rm, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { FIXTURES, pack, scratchProject, run } from "./helpers.mjs";
import { serve, launch, openPage, waitReady, readState } from "../browser/helpers.mjs";

const QUERY = "zeroth order benchmark";
let packed;
let app;
let browser;

const MAIN = (wasmImport) => `import { load } from "digest-search";
import "digest-search/component";
${wasmImport}

// <digest-search src="..."> in the page loads the copy in public/; this one is loaded by the app.
const index = await load(wasmUrl);
const top = index.search(${JSON.stringify(QUERY)}, { limit: 1 }).results[0];
const el = document.createElement("digest-search");
el.id = "by-load";
el.setAttribute("placeholder", "Search (loaded by the app)");
el.index = index;
document.body.append(el);
window.__scratch = { entries: index.info().entries, top: top && top.title };
`;

const HTML = (script) => `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><link rel="icon" href="data:,"><title>digest-search in a bundled app</title></head>
<body>
<digest-search id="by-src" src="/index/digest-search.wasm" placeholder="Search"></digest-search>
<script type="module" src="${script}"></script>
</body>
</html>
`;

before(async () => {
  packed = await pack();
  // Vite 7 brings esbuild along: one install for both bundlers (and TypeScript for the types).
  app = await scratchProject("web-app", packed.tarball, { typescript: "^5", vite: "^7", webpack: "^5" });
  const bin = path.join(app, "node_modules", ".bin", "digest-search");
  const built = await run(bin, ["build", path.join(FIXTURES, "trending-papers-digest.txt"), "--out", path.join(app, "src"), "-q"], { cwd: app });
  assert.equal(built.code, 0, built.stderr);
  await rm(path.join(app, "src", "digest-search.js"));
  await rm(path.join(app, "src", "digest-search.classic.js"));
  await mkdir(path.join(app, "public", "index"), { recursive: true });
  await cp(path.join(app, "src", "digest-search.wasm"), path.join(app, "public", "index", "digest-search.wasm"));
  await writeFile(path.join(app, "src", "main.js"), MAIN(`const wasmUrl = new URL("./digest-search.wasm", import.meta.url);`));
  await writeFile(path.join(app, "src", "main-esbuild.js"), MAIN(`import wasmUrl from "./digest-search.wasm";`));
  await writeFile(path.join(app, "index.html"), HTML("/src/main.js"));
  browser = await launch();
});

after(async () => {
  if (browser) await browser.close();
  if (packed) await rm(packed.dir, { recursive: true, force: true });
});

async function listFiles(dir, base = dir) {
  const out = [];
  for (const e of await readdir(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...(await listFiles(p, base)));
    else out.push(path.relative(base, p));
  }
  return out.sort();
}

async function assertNoNodeBuiltins(dist) {
  for (const f of (await listFiles(dist)).filter((f) => f.endsWith(".js"))) {
    const js = await readFile(path.join(dist, f), "utf8");
    // The loader reads files in Node through a dynamic import() that only runs in Node; nothing
    // may import a builtin statically or require() one.
    assert.doesNotMatch(js, /(from\s*|^\s*import\s*|require\s*\(\s*)["'](node:)?(fs|path|url|fs\/promises|module|crypto|os)["']/m, `${f} imports a Node builtin statically`);
    assert.doesNotMatch(js, /builder_bg\.wasm/, `${f} pulls in the Node builder`);
  }
}

async function checkInBrowser(dist, server) {
  server = server || (await serve(dist));
  const context = await browser.newContext();
  try {
    const { page, problems } = await openPage(context, server.url);
    await waitReady(page, "#by-src");
    await page.waitForFunction(() => window.__scratch && document.querySelector("#by-load")?.index, null, { timeout: 20_000 });
    const scratch = await page.evaluate(() => window.__scratch);
    assert.equal(scratch.entries, 102);
    assert.match(scratch.top, /Zeroth-Order.*Benchmark/);
    for (const id of ["#by-src", "#by-load"]) {
      await page.locator(`${id} input`).fill(QUERY);
      await page.waitForFunction((sel) => document.querySelector(sel).shadowRoot.querySelectorAll('[role="option"]').length > 0, id, { timeout: 10_000 });
      const state = await readState(page, id);
      assert.ok(state.total > 0, `${id}: results`);
      assert.match(state.options[0].title, /Zeroth-Order.*Benchmark/, `${id}: first result`);
      assert.ok(state.options[0].marks > 0, `${id}: highlights`);
    }
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
    await server.close();
  }
}

test("Vite: vite build, then the page works in Chromium", async (t) => {
  const dist = path.join(app, "dist");
  await rm(dist, { recursive: true, force: true });
  const r = await run(process.execPath, [path.join(app, "node_modules", "vite", "bin", "vite.js"), "build", "--logLevel", "warn"], { cwd: app });
  assert.equal(r.code, 0, `${r.stdout}\n${r.stderr}`);
  assert.doesNotMatch(r.stdout + r.stderr, /warn|error/i, "vite build says nothing");
  const files = await listFiles(dist);
  t.diagnostic(`vite ${JSON.parse(await readFile(path.join(app, "node_modules", "vite", "package.json"), "utf8")).version}: ${files.join(", ")}`);
  assert.ok(files.some((f) => /^assets\/digest-search-[\w-]+\.wasm$/.test(f)), "the wasm referenced with new URL() is emitted as an asset");
  assert.ok(files.includes("index/digest-search.wasm"), "public/ is copied");
  await assertNoNodeBuiltins(dist);
  await checkInBrowser(dist);
});

test("Vite: the dev server (dependency pre-bundling), then the page works in Chromium", async () => {
  const vite = await import(pathToFileURL(path.join(app, "node_modules", "vite", "dist", "node", "index.js")).href);
  const server = await vite.createServer({ root: app, logLevel: "silent", configFile: false, server: { host: "127.0.0.1", port: 0 } });
  await server.listen();
  try {
    await checkInBrowser(null, { url: server.resolvedUrls.local[0], close: async () => {} });
  } finally {
    await server.close();
  }
});

test("esbuild: --bundle with the .wasm file loader, then the page works in Chromium", async () => {
  const dist = path.join(app, "dist-esbuild");
  await rm(dist, { recursive: true, force: true });
  const esbuild = await import(pathToFileURL(path.join(app, "node_modules", "esbuild", "lib", "main.js")).href);
  const result = await esbuild.build({
    absWorkingDir: app,
    entryPoints: ["src/main-esbuild.js"],
    bundle: true,
    format: "esm",
    platform: "browser",
    target: "es2022",
    outdir: dist,
    entryNames: "main",
    loader: { ".wasm": "file" },
    logLevel: "silent",
  });
  assert.deepEqual(result.errors, []);
  assert.deepEqual(result.warnings.map((w) => w.text), []);
  await cp(path.join(app, "public"), dist, { recursive: true });
  await writeFile(path.join(dist, "index.html"), HTML("/main.js"));
  await assertNoNodeBuiltins(dist);
  await checkInBrowser(dist);
});

test("webpack: a production build says nothing, then the page works in Chromium", async () => {
  const dist = path.join(app, "dist-webpack");
  await rm(dist, { recursive: true, force: true });
  const webpack = createRequire(path.join(app, "package.json"))("webpack");
  const stats = await new Promise((resolve, reject) => {
    webpack({
      mode: "production",
      context: app,
      entry: "./src/main.js",
      output: { path: dist, filename: "main.js", publicPath: "/" },
      performance: { hints: false }, // the index's 400 KB wasm is past its 244 KiB advice
    }).run((err, s) => (err ? reject(err) : resolve(s)));
  });
  const info = stats.toJson({ all: false, errors: true, warnings: true });
  assert.deepEqual(info.errors.map((e) => e.message), []);
  // The loader's import() of Node's fs, a name computed at run time: without its
  // webpackIgnore, "Critical dependency: the request of a dependency is an expression".
  assert.deepEqual(info.warnings.map((w) => w.message), [], "webpack build says nothing");
  assert.ok((await listFiles(dist)).some((f) => /^[\w-]+\.wasm$/.test(f)), "the wasm referenced with new URL() is emitted as an asset");
  await cp(path.join(app, "public"), dist, { recursive: true });
  await writeFile(path.join(dist, "index.html"), HTML("/main.js"));
  await assertNoNodeBuiltins(dist);
  await checkInBrowser(dist);
});

// npm/README.md's "load it yourself": the loader alone, an element without `src` in the page,
// and `.index` set once the app has loaded the index. Until then the element waits, quietly:
// the package's loader has no index of its own, and that is no failure. An element with a `src`
// that cannot be loaded still says so.
const README_HTML = `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><link rel="icon" href="data:,"><title>digest-search: load it yourself</title>
<script>
  window.__errors = [];
  document.addEventListener("digest-search:error", (e) => window.__errors.push(e.target.id));
</script>
</head>
<body>
<digest-search id="readme" placeholder="Search"></digest-search>
<digest-search id="bad-src" src="/index/missing.wasm"></digest-search>
<script type="module" src="/src/readme.js"></script>
</body>
</html>
`;

const README_MAIN = `import { load } from "digest-search/loader";

// What the element without src shows while the app loads the index (it had no source to try).
const look = (el) => {
  const root = el.shadowRoot;
  const status = root.querySelector(".status");
  return { status: status.textContent, error: status.classList.contains("error"), locked: root.querySelector("input").readOnly, loading: el.hasAttribute("data-loading"), index: el.index };
};
const index = await load(new URL("./digest-search.wasm", import.meta.url)); // Vite emits the asset
const { total, results } = index.search(${JSON.stringify(QUERY)}, { limit: 10 });
window.__waiting = look(document.querySelector("#readme"));
document.querySelector("digest-search").index = index;
window.__readme = { total, top: results[0] && results[0].title };
`;

test("Vite: npm/README.md's load-it-yourself example: the element without src waits for .index, quietly", async () => {
  await writeFile(path.join(app, "readme.html"), README_HTML);
  await writeFile(path.join(app, "src", "readme.js"), README_MAIN);
  const dist = path.join(app, "dist-readme");
  const vite = await import(pathToFileURL(path.join(app, "node_modules", "vite", "dist", "node", "index.js")).href);
  await vite.build({ root: app, configFile: false, logLevel: "silent", build: { outDir: dist, emptyOutDir: true, rollupOptions: { input: path.join(app, "readme.html") } } });
  await assertNoNodeBuiltins(dist);
  const server = await serve(dist);
  const context = await browser.newContext();
  try {
    // The element whose src is missing reports it (a 404, then its console.error): nothing else may.
    const { page, problems } = await openPage(context, `${server.url}readme.html`, { allow: [/missing\.wasm/] });
    await waitReady(page, "#readme");
    assert.deepEqual(await page.evaluate(() => window.__waiting), { status: "", error: false, locked: false, loading: false, index: null });
    const readme = await page.evaluate(() => window.__readme);
    assert.ok(readme.total > 0);
    assert.match(readme.top, /Zeroth-Order.*Benchmark/);
    await page.locator("#readme input").fill(QUERY);
    await page.waitForFunction(() => document.querySelector("#readme").shadowRoot.querySelectorAll('[role="option"]').length > 0, null, { timeout: 10_000 });
    assert.match((await readState(page, "#readme")).options[0].title, /Zeroth-Order.*Benchmark/);
    // An explicit src that cannot be loaded still fails, visibly.
    await page.waitForFunction(() => document.querySelector("#bad-src").shadowRoot.querySelector(".status.error"), null, { timeout: 10_000 });
    const bad = await page.evaluate(() => {
      const root = document.querySelector("#bad-src").shadowRoot;
      const input = root.querySelector("input");
      return { status: root.querySelector(".status").textContent, locked: [input.readOnly, input.getAttribute("aria-disabled")] };
    });
    assert.match(bad.status, /^Search is unavailable.*missing\.wasm: HTTP 404/);
    assert.deepEqual(bad.locked, [true, "true"], "read-only and said to be disabled, still focusable");
    assert.deepEqual(await page.evaluate(() => window.__errors), ["bad-src"]);
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
    await server.close();
  }
});

const TYPES_CHECK = `import { load, buildIndex, buildFiles, buildSources, outputFiles, writeOutputs, versions, OUTPUT_NAMES } from "digest-search";
import type { DigestIndex, LazyDigestIndex, SearchResult, Hit, Snippet, SearchOptions, BuildResult, EntryInput } from "digest-search";
import { load as loadWeb, DigestSearchElement } from "digest-search/loader";
import "digest-search/component";

export async function check(): Promise<void> {
  const entries: EntryInput[] = [{ id: 1, title: "Zeroth-order benchmark", abstract: "…", authors: ["A. B."], tags: "cs.LG" }];
  const out: BuildResult = await buildIndex(entries, { year: 2024, date: "2024-03-13", onWarning: (w: string) => console.log(w) });
  const bytes: Uint8Array = out.wasm;
  const names: string[] = [out.esm, OUTPUT_NAMES.wasm, ...out.warnings];
  const classic: Uint8Array | null = out.classic;
  await writeOutputs("dir", out);
  const files: Array<[string, Uint8Array | null]> = await outputFiles(out, { hashedNames: true, htmlTitle: "Papers" });
  await writeOutputs("dir", { files });
  await buildFiles(["a.txt", new URL("file:///b.jsonl")], { headerLines: 2, urlTemplate: "https://example.org/{id}" });
  await buildSources([{ name: "a.jsonl", text: "{}" }, { name: "b.txt", bytes }]);
  const v: number = (await versions()).formatVersion;
  const index: DigestIndex = await load(bytes);
  const index2: DigestIndex = await loadWeb(new URL("./x.wasm", import.meta.url));
  const lazy: LazyDigestIndex = await loadWeb(new URL("./x.wasm", import.meta.url), { lazy: true });
  const later: SearchResult = await lazy.search("zeroth", { limit: 3 });
  // @ts-expect-error: a lazy index answers with a Promise
  const notYet: SearchResult = lazy.search("zeroth");
  const opts: SearchOptions = { limit: 5, offset: 0, explain: true };
  const r: SearchResult = index.search("zeroth order", opts);
  // Every option of docs/api.md, with the values it lists.
  const filtered: SearchOptions = { after: "2024-03-01", before: "2025", tags: ["cs.LG", "cs.AI"], tagMode: "all", sort: "newest", facets: true };
  const alike: SearchOptions[] = [
    { after: "2024-03", before: null, tags: new Set(["cs.LG"]), tagMode: "any", sort: "oldest", facets: false },
    { after: null, tags: [], sort: "relevance" },
    { sort: null, limit: undefined },
  ];
  const faceted: SearchResult = index.search("", filtered);
  const tagCounts: Record<string, number> | undefined = faceted.facets?.tags;
  const yearCount: number | undefined = faceted.facets?.years["2024"];
  const lg: number | undefined = faceted.facets ? faceted.facets.tags["cs.LG"] : undefined;
  // @ts-expect-error: sort is "relevance", "newest" or "oldest"
  index.search("q", { sort: "latest" });
  // @ts-expect-error: tagMode is "any" or "all"
  index.search("q", { tagMode: "some" });
  // @ts-expect-error: tags is a list of strings
  index.search("q", { tags: "cs.LG" });
  // @ts-expect-error: facets is a boolean
  index.search("q", { facets: 1 });
  const hit: Hit | undefined = r.results[0];
  const snippet: Snippet | undefined = hit?.snippet;
  const span: [number, number] | undefined = hit?.titleHighlights[0];
  const url: string | null = hit ? hit.url : null;
  const kind: string | undefined = hit?.explain?.[0]?.kind;
  const info: number = index.info().entries + index.meta.format;
  index2.free();
  const el = document.querySelector("digest-search");
  if (el instanceof DigestSearchElement) {
    el.index = index;
    el.value = "zeroth";
    const shown: Hit[] = el.results;
    el.filters = { tags: ["cs.LG"], year: "2025" };
    el.filters = { year: 2025 };
    el.filters = { tags: [], year: null };
    const filters: { tags: string[]; year: string | null } = el.filters;
    el.sort = "newest";
    const order: "relevance" | "newest" | "oldest" = el.sort;
    // @ts-expect-error: the order is "relevance", "newest" or "oldest"
    el.sort = "latest";
    // @ts-expect-error: the filter tags are a list of strings
    el.filters = { tags: "cs.LG" };
    el.addEventListener("digest-search:select", (e) => console.log(e.detail.result.title, e.detail.index));
    el.addEventListener("digest-search:ready", (e) => console.log(e.detail.info?.entries));
    // A lazy element's index answers with a Promise: the union says so.
    el.addEventListener("digest-search:ready", async (e) => console.log((await e.detail.index.search("x")).total));
    el.index = lazy;
    const current: DigestIndex | LazyDigestIndex | null = el.index;
    void current;
  }
  // The events bubble out of the element: typed on the document too.
  document.addEventListener("digest-search:select", (e) => console.log(e.detail.result.id));
  // An option left undefined is the default, also under exactOptionalPropertyTypes.
  const maybe: number | undefined = Math.random() > 0.5 ? 3 : undefined;
  index.search("q", { limit: maybe, sort: undefined, after: undefined });
  // @ts-expect-error: limit is a number
  index.search("q", { limit: "5" });
  // A release's entry may have a version in place of its title.
  const releases: EntryInput[] = [{ version: "2.3.1", body: "Fixes." }, { version: 3, title: null }, { title: "Spring cleanup", version: "v2.4.0" }, { title: "T", version: null }];
  await buildIndex(releases);
  await buildIndex([{ id: "r", version: "1.0.0", tags: ["release"] }]);
  // A GitHub release as gh api gives it: its tag_name is its version.
  const gh = [{ url: "https://api.github.com/repos/o/r/releases/1", html_url: "https://github.com/o/r/releases/tag/v1.2.0", tag_name: "v1.2.0", name: null, body: "Fixes.", author: { login: "octocat" } }];
  await buildIndex(gh);
  // A WordPress post as its REST API gives it: its texts as { rendered }, its page its link,
  // its tags numbers (ids, left out); any text may be so given, and a null in a list is left out.
  const wp: EntryInput[] = [{ id: 123, date: "2024-05-14T10:00:00", link: "https://blog.example.org/2024/05/caching/", title: { rendered: "Caching &#8211; part 2" }, content: { rendered: "<p>At the edge.</p>", protected: false }, excerpt: { rendered: "<p>Edge.</p>", protected: false }, author: 1, categories: [3], tags: [5, 12] }];
  await buildIndex(wp);
  await buildIndex([{ title: "T", abstract: { rendered: "<p>Body.</p>" }, urls: ["https://e.org/t", null], authors: ["Ada Lovelace", null], tags: ["cs.LG", null] }]);
  // @ts-expect-error: tags given as numbers are a WordPress post's (its title is { rendered })
  await buildIndex([{ title: "T", tags: [5] }]);
  // @ts-expect-error: a text given as an object is { rendered }
  await buildIndex([{ title: { raw: "T" } }]);
  // @ts-expect-error: a GitHub release without a title has its tag_name
  await buildIndex([{ html_url: "https://github.com/o/r/releases/tag/v1", name: null }]);
  // @ts-expect-error: buildIndex takes entries with a title or a version
  await buildIndex([{ id: "x" }]);
  // @ts-expect-error: without a title, the version is needed
  await buildIndex([{ title: null, version: null }]);
  // @ts-expect-error: the title is a string
  await buildIndex([{ title: 5, version: "1.0.0" }]);
  void [names, v, snippet, span, url, kind, info, later, notYet, alike, tagCounts, yearCount, lg];
}
`;

// A Node script's use, compiled without the DOM library (the declarations bring what they name),
// with `lazy` known only when it runs.
const NODE_TYPES_CHECK = `import { buildIndex, load, type DigestIndex, type LazyDigestIndex, type SearchResult } from "digest-search";
export async function main(lazy: boolean): Promise<number> {
  const out = await buildIndex([{ id: "a", title: "A title" }]);
  const index: DigestIndex | LazyDigestIndex = await load(out.wasm, { lazy });
  const r: SearchResult = await index.search("title");
  return r.total + out.entries;
}
`;

test("TypeScript: the declarations type-check a use of the whole API", async () => {
  await writeFile(path.join(app, "src", "check.ts"), TYPES_CHECK);
  await writeFile(path.join(app, "src", "node-check.ts"), NODE_TYPES_CHECK);
  const tsc = path.join(app, "node_modules", "typescript", "bin", "tsc");
  const configs = [
    ["nodenext", "nodenext", ["es2022", "dom"], "src/check.ts"],
    ["esnext", "bundler", ["es2022", "dom"], "src/check.ts"],
    ["nodenext", "nodenext", ["es2022"], "src/node-check.ts"],
  ];
  for (const [module, moduleResolution, lib, file] of configs) {
    const config = path.join(app, `tsconfig.${moduleResolution}-${lib.length}.json`);
    const compilerOptions = { noEmit: true, strict: true, exactOptionalPropertyTypes: true, target: "es2022", lib, types: [], module, moduleResolution };
    await writeFile(config, JSON.stringify({ compilerOptions, files: [file] }, null, 2));
    const r = await run(process.execPath, [tsc, "-p", config], { cwd: app });
    assert.equal(r.code, 0, `tsc (${moduleResolution}, lib ${lib}, ${file}):\n${r.stdout}${r.stderr}`);
  }
});
