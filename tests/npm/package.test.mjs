// The npm package as users get it: packed, installed into a scratch project, run with Node alone.
// `npx digest-search build` must write the same bytes as the native CLI, say the same things on
// bad input, and buildIndex() must give an index that load() opens and searches.
// (Searching from the command line stays with the native CLI: in Node, load() searches.)
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { mkdir, readFile, writeFile, readdir, rm } from "node:fs/promises";
import { existsSync } from "node:fs";
import path from "node:path";
import { CLI, FIXTURES, ROOT, SCRATCH, pack, scratchProject, tempDir, run, npx } from "./helpers.mjs";

const NAMES = ["digest-search.wasm", "digest-search.js", "digest-search.classic.js"];
let packed;
let app;
let work;

before(async () => {
  packed = await pack();
  app = await scratchProject("node-app", packed.tarball);
  work = await tempDir("cli");
});

after(async () => {
  if (packed) await rm(packed.dir, { recursive: true, force: true });
  if (work) await rm(work, { recursive: true, force: true });
});

async function sameFiles(a, b, what) {
  for (const name of NAMES) {
    const [x, y] = await Promise.all([readFile(path.join(a, name)), readFile(path.join(b, name))]);
    assert.ok(x.equals(y), `${what}: ${name} differs (${x.length} vs ${y.length} bytes)`);
  }
  assert.deepEqual((await readdir(a)).sort(), [...NAMES].sort(), `${what}: no temporary files left behind`);
}

test("the package: contents and size", async (t) => {
  const files = packed.files.map((f) => f.path).sort();
  for (const f of ["package.json", "index.js", "index.d.ts", "loader.js", "component.js", "runtime.wasm", "bin/digest-search.js", "builder/builder.js", "builder/builder_bg.wasm", "README.md", "LICENSE-MIT", "LICENSE-APACHE"]) {
    assert.ok(files.includes(f), `${f} is in the package (${files.join(", ")})`);
  }
  // The licences package.json names ("MIT OR Apache-2.0"), as the repository holds them.
  const installed = path.join(app, "node_modules", "digest-search");
  for (const f of ["LICENSE-MIT", "LICENSE-APACHE"]) {
    assert.equal(await readFile(path.join(installed, f), "utf8"), await readFile(path.join(ROOT, f), "utf8"), `${f} is the repository's`);
  }
  assert.match(await readFile(path.join(installed, "LICENSE-MIT"), "utf8"), /^MIT License\n\nCopyright \(c\) the digest-search contributors\n/);
  assert.match(await readFile(path.join(installed, "LICENSE-APACHE"), "utf8"), /^\s+Apache License\s+Version 2\.0, January 2004\n/);
  assert.ok(packed.size < 2_000_000, `packed size ${packed.size}`);
  const report = { filename: packed.filename, size: packed.size, unpackedSize: packed.unpackedSize, files: packed.files.map((f) => [f.path, f.size]) };
  await writeFile(path.join(SCRATCH, "pack-report.json"), JSON.stringify(report, null, 2) + "\n");
  t.diagnostic(`packed ${packed.size} bytes, unpacked ${packed.unpackedSize} bytes, ${files.length} files`);
  const pkg = JSON.parse(await readFile(path.join(app, "node_modules", "digest-search", "package.json"), "utf8"));
  const cargo = await readFile(path.join(ROOT, "Cargo.toml"), "utf8");
  assert.equal(pkg.version, /^version = "([^"]+)"/m.exec(cargo)[1], "npm version = crate version");
  assert.equal(pkg.license, /^license = "([^"]+)"/m.exec(cargo)[1], "npm licence = crate licence");
});

// The code spans of `text` outside parentheses, up to its first sentence's end outside them:
// the names of a list such as "`src` (the index's `.wasm`), `lazy`, `popup` (below)."
function listedNames(text) {
  const names = [];
  let depth = 0;
  for (const m of text.matchAll(/`([^`]*)`|[()]|\.\s/g)) {
    if (m[0] === "(") depth++;
    else if (m[0] === ")") depth--;
    else if (m[1] !== undefined) {
      if (depth === 0) names.push(m[1]);
    } else if (depth === 0) break;
  }
  return names;
}

test("index.d.ts names the element's attributes that docs/api.md lists, and the element has", async () => {
  const dts = await readFile(path.join(app, "node_modules", "digest-search", "index.d.ts"), "utf8");
  const comment = /\/\*\*((?:(?!\*\/)[\s\S])*)\*\/\s*export declare class DigestSearchElement/.exec(dts)[1].replace(/^\s*\* ?/gm, "");
  const typed = listedNames(comment.slice(comment.indexOf("Attributes: ") + 12)).sort();
  // docs/api.md: the paragraph of attributes, then the table of texts (their first column).
  const api = await readFile(path.join(ROOT, "docs", "api.md"), "utf8");
  const attributes = api.slice(api.indexOf("**Attributes.** ") + 16);
  const table = attributes.slice(attributes.indexOf("**Texts**")).split("\n\n")[1];
  const texts = table.split("\n").filter((row) => row.startsWith("| `")).flatMap((row) => [...row.split("|")[1].matchAll(/`([^`]+)`/g)].map((m) => m[1]));
  const documented = listedNames(attributes);
  // The element's own: the attributes it observes, and those its style sheet reads.
  const js = await readFile(path.join(ROOT, "www", "src", "component.js"), "utf8");
  const css = await readFile(path.join(ROOT, "www", "src", "component.css"), "utf8");
  const literals = (re) => [...re.exec(js)[1].matchAll(/'([a-z]+(?:-[a-z]+)*)'/g)].map((m) => m[1]);
  const labels = [...js.matchAll(/^\s*'(label-[a-z-]+)':/gm)].map((m) => m[1]);
  const observed = [...literals(/observedAttributes\(\) \{\s*return \[([^\]]*)\]/), ...literals(/const SWITCHES = \[([^\]]*)\]/), ...labels];
  const styled = [...css.matchAll(/:host\(\[([a-z-]+)/g)].map((m) => m[1]).filter((a) => a !== "hidden");
  const real = [...new Set([...observed, ...styled])];
  assert.ok(labels.length >= 20 && real.includes("src") && real.includes("theme"), `read the element's attributes: ${real}`);
  assert.deepEqual([...texts].sort(), [...labels].sort(), "docs/api.md's table of texts: every label-* attribute");
  assert.deepEqual([...new Set([...documented, ...texts])].sort(), [...real].sort(), "docs/api.md's attributes and texts: the element's");
  const collapsed = (names) => [...new Set(names.map((n) => (n.startsWith("label-") ? "label-*" : n)))].sort();
  assert.deepEqual(typed, collapsed(real), "index.d.ts's attributes (its `label-*` texts for those of docs/api.md's table)");
});

test("the package's entry exports exactly what index.d.ts declares", async () => {
  // The values index.d.ts declares (functions, constants, classes; not its types and interfaces).
  const dts = await readFile(path.join(app, "node_modules", "digest-search", "index.d.ts"), "utf8");
  const declared = new Set([...dts.matchAll(/^export (?:declare )?(?:function|const|let|class) (\w+)/gm)].map((m) => m[1]));
  for (const m of dts.matchAll(/^export \{([^}]*)\}/gm)) for (const n of m[1].split(",")) if (n.trim() && !/^type\b/.test(n.trim())) declared.add(n.trim().split(/\s+as\s+/).pop());
  // As an app imports it: its own node_modules, Node's conditions.
  const r = await run(process.execPath, ["--input-type=module", "-e", 'console.log(JSON.stringify(Object.keys(await import("digest-search"))))'], { cwd: app });
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(JSON.parse(r.stdout).sort(), [...declared].sort());
});

for (const fixture of ["trending-papers-digest.txt", "trending-papers.jsonl", "arxiv-1k.jsonl.gz", "newsletter.rss", "changelog.md"]) {
  test(`npx digest-search build ${fixture}: byte-identical to the native CLI`, async () => {
    const input = path.join(FIXTURES, fixture);
    const ours = path.join(work, `npx-${fixture}`);
    const native = path.join(work, `native-${fixture}`);
    const r = await npx(["digest-search", "build", input, "--out", ours], { cwd: app });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /^(warning: .*\n)*built \d+ entries into .* in \d+\.\d\d s: digest-search\.wasm \(\d+ bytes\), digest-search\.js, digest-search\.classic\.js\n$/);
    const n = await run(CLI, ["build", input, "--out", native]);
    assert.equal(n.code, 0, n.stderr);
    // Same summary apart from the folder and the time.
    const norm = (s) => s.replace(/ into .* in \d+\.\d\d s:/, " into DIR in T s:");
    assert.equal(norm(r.stderr), norm(n.stderr));
    await sameFiles(ours, native, fixture);
  });
}

test("build - reads standard input: byte-identical", async () => {
  const input = await readFile(path.join(FIXTURES, "trending-papers.jsonl"));
  const ours = path.join(work, "stdin-npx");
  const native = path.join(work, "stdin-native");
  const r = await npx(["digest-search", "build", "-", "--out", ours], { cwd: app, input });
  const n = await run(CLI, ["build", "-", "--out", native], { input });
  assert.equal(r.code, 0, r.stderr);
  assert.equal(n.code, 0, n.stderr);
  const norm = (s) => s.replace(/ into .* in \d+\.\d\d s:/, " into DIR in T s:");
  assert.equal(norm(r.stderr), norm(n.stderr));
  assert.match(n.stderr, /^built \d+ entries/);
  await sameFiles(ours, native, "stdin");
});

test("build options and several inputs: byte-identical", async () => {
  const inputs = [path.join(FIXTURES, "trending-papers-digest.txt"), path.join(FIXTURES, "trending-papers.jsonl")];
  const args = ["--year", "2024", "--url-template", "https://example.org/p/{id}", "--date", "2024-03-13", "-q"];
  const ours = path.join(work, "opts-npx");
  const native = path.join(work, "opts-native");
  const r = await npx(["digest-search", "build", ...inputs, "--out", ours, ...args], { cwd: app });
  const n = await run(CLI, ["build", ...inputs, "--out", native, ...args]);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(n.code, 0, n.stderr);
  assert.equal(r.stderr, n.stderr); // warnings (duplicate ids) and nothing else
  await sameFiles(ours, native, "options");
});

test("--hashed-names and --html: byte-identical", async () => {
  const input = path.join(FIXTURES, "trending-papers-digest.txt");
  const args = ["--hashed-names", "--html", "--title", "Papers <today>", "-q"];
  const ours = path.join(work, "extra-npx");
  const native = path.join(work, "extra-native");
  const r = await npx(["digest-search", "build", input, "--out", ours, ...args], { cwd: app });
  const n = await run(CLI, ["build", input, "--out", native, ...args]);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(n.code, 0, n.stderr);
  const names = (await readdir(native)).sort();
  assert.equal(names.length, 5, names.join(", "));
  assert.deepEqual((await readdir(ours)).sort(), names);
  for (const name of names) {
    const [x, y] = await Promise.all([readFile(path.join(ours, name)), readFile(path.join(native, name))]);
    assert.ok(x.equals(y), `${name} differs`);
  }
  // Without -q, both summaries name the files written (the hashed wasm, the manifest, the page).
  const again = await npx(["digest-search", "build", input, "--out", ours, ...args.slice(0, -1)], { cwd: app });
  const nativeAgain = await run(CLI, ["build", input, "--out", native, ...args.slice(0, -1)]);
  const summary = (s) => s.replace(/ in \d+\.\d\d s:/, " in T s:").replace(ours, "DIR").replace(native, "DIR");
  assert.equal(summary(again.stderr), summary(nativeAgain.stderr));
  for (const name of names) assert.ok(again.stderr.includes(name), `${name} missing from: ${again.stderr}`);
});

test("errors: same messages and exit codes as the native CLI", async () => {
  const dir = await tempDir("errors");
  try {
    await writeFile(path.join(dir, "bad.jsonl"), '{"id": "a", "title": "Fine"}\n{"id": "b", "title": 5}\n');
    await writeFile(path.join(dir, "pretty.json"), '[\n  {\n    "id": "a",\n    "title": "Fine"\n  },\n  {\n    "id": "b",\n    "title": 5\n  }\n]\n');
    await writeFile(path.join(dir, "broken.json"), '[\n  {"title": "a"},\n  {"title": "b",}\n]\n');
    await writeFile(path.join(dir, "dups.jsonl"), '{"id": "x", "title": "One"}\n{"id": "x", "title": "Two"}\n');
    await writeFile(path.join(dir, "empty.jsonl"), "\n\n");
    await writeFile(path.join(dir, "latin1.txt"), Buffer.from([0x54, 0x69, 0x74, 0x6c, 0x65, 0x0a, 0xe9, 0x0a]));
    await writeFile(path.join(dir, "feed.rss"), '<rss><channel>\n<item><title>a</title></item>\n<item><title>b</titel></item>\n</channel></rss>\n');
    // A folder where an output file goes: left as it was, and nothing written beside it.
    await mkdir(path.join(dir, "taken", "digest-search.classic.js"), { recursive: true });
    await writeFile(path.join(dir, "taken", "digest-search.classic.js", "kept.txt"), "mine");
    await writeFile(path.join(dir, "dated.atom"), '<feed>\n<entry><title>a</title>\n<updated>someday</updated></entry>\n</feed>\n');
    // Control characters in a warning's quoted text: escaped, so they cannot drive the terminal.
    await writeFile(path.join(dir, "ansi.jsonl"), '{"title": "t", "url": "java\\nscript:\\u001b]0;x\\u0007"}\n{"title": 5}\n');
    // The manifest of an earlier build given as input, where the build writes it: not written over.
    await mkdir(path.join(dir, "mine"));
    await writeFile(path.join(dir, "mine", "digest-search.json"), '[{"title": "mine"}]');
    await writeFile(path.join(dir, "afile"), "not a folder");
    // UTF-16 with its byte order mark; JSON Lines and a feed saved as .txt; a link template.
    await writeFile(path.join(dir, "u16.jsonl"), Buffer.from("\ufeff" + '{"id":"a","title":"x"}\n', "utf16le"));
    await writeFile(path.join(dir, "today.txt"), '{"id": "a", "title": "Alpha", "link": "https://e.org/a"}\n');
    await writeFile(path.join(dir, "feed.txt"), '<?xml version="1.0"?>\n<rss><channel><item><title>Alpha</title></item></channel></rss>\n');
    const cases = [
      ["build", "dups.jsonl", "--out", "afile"],
      ["build", "ansi.jsonl", "--out", "o32"],
      ["build", "mine/digest-search.json", "--out", "mine", "--hashed-names"],
      ["build", "feed.rss", "--out", "o27"],
      ["build", "dated.atom", "--out", "o28"],
      ["build", "bad.jsonl", "--out", "o1"],
      ["build", "broken.json", "--out", "o2"],
      ["build", "pretty.json", "--out", "o31"],
      ["build", "dups.jsonl", "--out", "o3", "--quiet"],
      ["build", "dups.jsonl", "bad.jsonl", "--out", "o4"],
      ["build", "empty.jsonl", "--out", "o5"],
      ["build", "missing.txt", "--out", "o6"],
      ["build", "latin1.txt", "--out", "o7"],
      ["build", ".", "--out", "o8"],
      ["build", "dups.jsonl", "--out", "o9", "--date", "yesterday"],
      ["build", "dups.jsonl"],
      ["build", "--out", "o10"],
      ["build"],
      ["build", "dups.jsonl", "--out"],
      ["build", "dups.jsonl", "--out", "o11", "--year", "abc"],
      ["build", "dups.jsonl", "--out", "o12", "--header-lines", ""],
      ["build", "dups.jsonl", "--out", "o13", "--bogus"],
      ["build", "dups.jsonl", "--out", "o14", "--out", "o15"],
      ["build", "dups.jsonl", "--out", "o16", "--year", "-5"],
      ["build", "dups.jsonl", "--out", "o17", "-x"],
      ["build", "dups.jsonl", "--out", "o18", "-qq"],
      // `-o` is `--out`: its value after it, joined (`-oo42`), after `=`, or after flags (`-qo`).
      ["build", "dups.jsonl", "-o", "o42", "-q"],
      ["build", "dups.jsonl", "-o=o43"],
      ["build", "dups.jsonl", "-qoo44"],
      ["build", "dups.jsonl", "-qo", "o45"],
      ["build", "dups.jsonl", "-o"],
      ["build", "dups.jsonl", "-o="],
      ["build", "dups.jsonl", "-o", "--year", "5"],
      ["build", "dups.jsonl", "-o", "o46", "--out", "o47"],
      ["build", "dups.jsonl", "-o", "o48", "-o", "o49"],
      ["build", "dups.jsonl", "--out", "--year", "5"],
      ["build", "dups.jsonl", "--out", "o19", "--year"],
      ["build", "dups.jsonl", "--out="],
      ["build", "dups.jsonl", "--out", "o20", "--header-lines=x"],
      ["build", "dups.jsonl", "--out", "o21", "--year", "99999999999"],
      ["build", "dups.jsonl", "--out", "o24", "--year=-5"],
      ["build", "dups.jsonl", "--out", "o25", "--header-lines", "99999999999999999999999"],
      ["build", "dups.jsonl", "--out", "o26", "--year", " 5"],
      ["build", "dups.jsonl", "--out", "o33", "--year", "24"],
      ["build", "dups.jsonl", "--out", "o34", "--year", "99999"],
      ["build", "dups.jsonl", "--out", "o35", "--year", "1899"],
      ["build", "dups.jsonl", "--out", "o22", "--quiet=yes"],
      ["build", "--out", "o23", "--", "--not-an-option"],
      // clap's usage lines depend on what came before: a flag given a value lists every argument
      // once another is settled, a missing argument or an unknown one names the options used.
      ["build", "dups.jsonl", "--out", "o29", "--html=1"],
      ["build", "--out", "o30", "--html=1", "dups.jsonl"],
      ["build", "dups.jsonl", "--hashed-names=yes"],
      ["build", "--year", "5", "--year", "6", "--html=1"],
      ["build", "dups.jsonl", "-q"],
      ["build", "dups.jsonl", "--year", "2024", "--html", "--title=t"],
      ["build", "--bogus"],
      ["build", "--year", "5", "--bogus"],
      ["build", "--date", "--bogus"],
      ["build", "--year=5", "--year"],
      ["build", "--year=5", "--year", "abc"],
      ["build", "--out", "--html=1"],
      ["build", "--year", "x", "--html=1"],
      ["build", "dups.jsonl", "--out", "taken", "-q"],
      ["build", "u16.jsonl", "--out", "o36"],
      ["build", "today.txt", "feed.txt", "--out", "o37"],
      ["build", "dups.jsonl", "--out", "o38", "--url-template", "javascript:alert({id})"],
      ["build", "dups.jsonl", "--out", "o39", "--url-template", "https://example.org/p/"],
      ["build", "-", "--out", "o40"],
      ["build", "-", "dups.jsonl", "-", "--out", "o41"],
      ["help", "build"],
      ["frob"],
      ["--version"],
      ["build", "--help"],
    ];
    // The installed bin, run from another folder (as `npx digest-search` runs it).
    const bin = path.join(app, "node_modules", ".bin", "digest-search");
    // And argument lists drawn at random (a fixed seed) from pieces of the above; the inputs do not
    // exist, so none of them writes anything.
    const pieces = ["in.jsonl", "y", "--out", "o", "--out=o", "--year", "5", "--year=5", "-q", "--quiet", "--html", "--html=1", "--hashed-names=yes", "--quiet=1", "--title", "t", "--title=t", "--date", "2024-01-01", "-qq", "--", "-", "--bogus", "-x", "--year=x", "--out=", "-o", "-o=o", "-qo"];
    let seed = 20240313;
    const draw = (n) => ((seed = (seed * 1103515245 + 12345) % 2147483648), seed % n);
    for (let k = 0; k < 120; k++) cases.push(["build", ...Array.from({ length: 1 + draw(5) }, () => pieces[draw(pieces.length)])]);
    const mismatches = [];
    for (const args of cases) {
      const r = await run(bin, args, { cwd: dir });
      const n = await run(CLI, args, { cwd: dir });
      const what = `digest-search ${args.join(" ")}`;
      // (A build that succeeds takes its own time.)
      const time = (e) => e.replace(/ in \d+\.\d\d s: /, " in T s: ");
      if (time(r.stderr) !== time(n.stderr) || r.stdout !== n.stdout || r.code !== n.code) mismatches.push({ what, ours: r, native: n });
    }
    assert.deepEqual(mismatches, []);
    // A failed build writes nothing.
    assert.deepEqual((await readdir(dir)).filter((f) => f.startsWith("o")), ["o3", "o37", "o38", "o42", "o43", "o44", "o45"]);
    assert.ok(!existsSync(path.join(dir, "o")), "the random lists wrote nothing");
    assert.deepEqual(await readdir(path.join(dir, "taken")), ["digest-search.classic.js"]);
    assert.equal(await readFile(path.join(dir, "mine", "digest-search.json"), "utf8"), '[{"title": "mine"}]');
    assert.equal(await readFile(path.join(dir, "taken", "digest-search.classic.js", "kept.txt"), "utf8"), "mine");
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test("writeOutputs(): a step that fails leaves the old set whole and no temporary file, and no file is ever missing", async () => {
  const script = path.join(app, "swap-check.mjs");
  await writeFile(
    script,
    `import { buildIndex, writeOutputs, OUTPUT_NAMES } from "digest-search";
import { createRequire, syncBuiltinESMExports } from "node:module";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
const fs = createRequire(import.meta.url)("node:fs");
const { renameSync, linkSync, copyFileSync } = fs;
const out = await buildIndex([{ id: "a", title: "New entry" }]);
const names = [OUTPUT_NAMES.wasm, OUTPUT_NAMES.esm, OUTPUT_NAMES.classic];
const listing = (dir) => readdirSync(dir).sort().map((n) => [n, readFileSync(path.join(dir, n), "latin1").slice(0, 12)]);
const results = [];
// Two old files to keep and three new ones to rename in: a failure at each of the five steps.
for (let failAt = 0; failAt < 6; failAt++) {
  const dir = mkdtempSync(path.join(tmpdir(), "ds-swap-"));
  for (const n of names.slice(0, 2)) writeFileSync(path.join(dir, n), "old " + n);
  const before = JSON.stringify(listing(dir));
  let calls = 0;
  let missing = [];
  const step = (f) => (...args) => {
    // Whatever the step, the files that were there still are.
    missing.push(...names.slice(0, 2).filter((n) => !existsSync(path.join(dir, n))));
    if (++calls === failAt + 1) throw Object.assign(new Error("refused"), { code: "EPERM" });
    return f(...args);
  };
  fs.renameSync = step(renameSync);
  fs.linkSync = step(linkSync);
  fs.copyFileSync = () => { throw Object.assign(new Error("refused"), { code: "EPERM" }); };
  syncBuiltinESMExports();
  let error = null;
  try { await writeOutputs(dir, out); } catch (e) { error = e.message; }
  Object.assign(fs, { renameSync, linkSync, copyFileSync });
  syncBuiltinESMExports();
  const after = listing(dir);
  rmSync(dir, { recursive: true });
  results.push({ failAt, error, missing, same: JSON.stringify(after) === before, names: after.map(([n]) => n), heads: after.map(([, h]) => h) });
}
console.log(JSON.stringify(results));
`
  );
  const r = await run(process.execPath, [script], { cwd: app });
  assert.equal(r.code, 0, r.stderr);
  const results = JSON.parse(r.stdout);
  for (const { failAt, error, same, names, missing } of results.slice(0, 5)) {
    assert.ok(error, `failing at step ${failAt}: an error`);
    assert.ok(same, `failing at step ${failAt}: the old set is left as it was (${names})`);
    assert.deepEqual(missing, [], `failing at step ${failAt}: no file missing meanwhile`);
  }
  const last = results[5];
  assert.equal(last.error, null);
  assert.deepEqual(last.missing, []);
  assert.deepEqual(last.names, [...NAMES].sort());
  assert.ok(last.heads.every((h) => !h.startsWith("old ")), "the new set is in place");
});

test("npx digest-search: its own help lists `build`; `search` points to load()", async () => {
  const help = await npx(["digest-search", "--help"], { cwd: app });
  assert.equal(help.code, 0);
  assert.match(help.stdout, /^Instant, typo-tolerant search.*\n\nUsage: digest-search <COMMAND>\n\nCommands:\n  build  Build an index/s);
  const bare = await npx(["digest-search"], { cwd: app });
  assert.equal(bare.code, 2);
  assert.equal(bare.stderr, help.stdout);
  const search = await npx(["digest-search", "search", "out", "query"], { cwd: app });
  assert.equal(search.code, 2);
  assert.match(search.stderr, /^error: `search` is not part of the npm package's command line: search a built index with load\(\)/);
  const helpSearch = await npx(["digest-search", "help", "search"], { cwd: app });
  assert.equal(helpSearch.code, 2);
  assert.equal(helpSearch.stderr, search.stderr);
});

test("buildIndex(), writeOutputs() and load() from a script", async () => {
  const script = path.join(app, "api-check.mjs");
  await writeFile(
    script,
    `import { buildIndex, buildSources, buildFiles, writeOutputs, load, versions, OUTPUT_NAMES } from "digest-search";
import { existsSync, readFileSync } from "node:fs";
const [jsonl, outDir] = process.argv.slice(2);
const entries = readFileSync(jsonl, "utf8").split("\\n").filter((l) => l.trim()).map((l) => JSON.parse(l));
const warned = [];
const out = await buildIndex(entries, { onWarning: (w) => warned.push(w) });
await writeOutputs(outDir, out);
const index = await load(out.wasm);
const r = index.search("zeroth order benchmark", { limit: 3 });
const fromFile = await load(outDir + "/" + OUTPUT_NAMES.wasm);
const errors = {};
for (const [name, f] of Object.entries({
  badEntry: () => buildIndex([{ title: "fine" }, { id: "b", title: 5 }]),
  badList: () => buildIndex([{ title: "fine", authors: ["a", 7] }]),
  notObject: () => buildIndex([{ title: "fine" }, "nope"]),
  noEntries: () => buildIndex([]),
  badOption: () => buildIndex([{ title: "x" }], { date: "soon" }),
  badYear: () => buildIndex([{ title: "x" }], { year: "2024" }),
  shortYear: () => buildIndex([{ title: "x" }], { year: 24 }),
  badHeaderLines: () => buildIndex([{ title: "x" }], { headerLines: -1 }),
  // Half of an emoji: a string cut between the two UTF-16 code units of one character.
  loneSurrogate: () => buildIndex([{ title: "fine" }, { title: "Emoji", abstract: "Emoji 🎉 x".slice(0, 7) }]),
  loneInList: () => buildIndex([{ title: "fine", authors: ["A. B.", "\\udc89 C."] }]),
  loneDeep: () => buildIndex([{ title: "fine", extra: { notes: ["ok", { text: "x\\ud83c" }] } }]),
  loneInName: () => buildIndex([{ title: "fine", ["\\ud83c"]: 1 }]),
  notArray: () => buildIndex("nope"),
  missingFile: () => buildFiles(["missing.txt"]),
  noSource: () => load(),
  damaged: () => load(out.wasm.slice(0, 1000)),
  partOutputs: () => writeOutputs(outDir + "-never", { wasm: out.wasm }),
})) {
  try { await f(); errors[name] = null; } catch (e) { errors[name] = e.message; }
}
const small = await buildIndex([{ id: "x", title: "One" }, { id: "x", title: "Two" }]);
const early = [];
try {
  await buildSources([{ name: "dups.jsonl", text: '{"id": "x", "title": "One"}\\n{"id": "x", "title": "Two"}\\n' }, { name: "bad.jsonl", text: '{"title": null}\\n' }], { onWarning: (w) => early.push(w) });
} catch (e) { early.push("error: " + e.message); }
console.log(JSON.stringify({
  entries: out.entries, warnings: out.warnings, warned, total: r.total, top: r.results[0].title,
  info: index.info(), fileTop: fromFile.search("zeroth order benchmark").results[0].id, topId: r.results[0].id,
  versions: await versions(), errors, smallWarnings: small.warnings, smallEntries: small.entries, early,
  types: [out.wasm instanceof Uint8Array, typeof out.esm, out.classic instanceof Uint8Array],
  neverMade: existsSync(outDir + "-never"),
}));
`
  );
  const outDir = path.join(work, "api-out");
  const jsonl = path.join(FIXTURES, "trending-papers.jsonl");
  const r = await run(process.execPath, [script, jsonl, outDir], { cwd: app });
  assert.equal(r.code, 0, r.stderr);
  const got = JSON.parse(r.stdout);
  assert.match(got.top, /Zeroth-Order.*Benchmark/);
  assert.equal(got.fileTop, got.topId);
  // The classic file as bytes: past about 230k entries it is longer than V8's longest string.
  assert.deepEqual(got.types, [true, "string", true]);
  assert.equal(got.info.entries, got.entries);
  assert.deepEqual(got.warnings, got.warned);
  assert.equal(got.smallEntries, 1, "the later entry with id x replaced the earlier");
  assert.deepEqual(got.smallWarnings, ["entries[1]: field `id`: duplicate id `x` (first at entries[0]); the later entry replaces the earlier"]);
  assert.equal(got.versions.runtimeVersion, got.info.runtimeVersion);
  // Warnings reach onWarning as they are found, also when the build then fails (as the CLI prints them).
  assert.deepEqual(got.early, ["dups.jsonl:2: field `id`: duplicate id `x` (first at dups.jsonl:1); the later entry replaces the earlier", "error: bad.jsonl:1: field `title`: missing (every entry needs a title, or a release's `version`)"]);
  assert.deepEqual(got.errors, {
    badEntry: "entries[1]: field `title`: expected a string, found a number",
    badList: "entries[0]: field `authors[1]`: expected a string, found a number",
    notObject: "entries[1]: expected an object, found a string",
    noEntries: "no entries in the inputs: nothing to index",
    badOption: "--date: `soon` is not a YYYY-MM-DD date",
    badYear: 'digest-search: options.year must be a year from 1900 to 2999, not "2024"',
    shortYear: "digest-search: options.year must be a year from 1900 to 2999, not 24",
    badHeaderLines: "digest-search: options.headerLines must be a whole number of 0 or more, not -1",
    loneSurrogate: "entries[1]: field `abstract`: text holds a lone surrogate (half of a character cut in two?)",
    loneInList: "entries[0]: field `authors[1]`: text holds a lone surrogate (half of a character cut in two?)",
    loneDeep: "entries[0]: field `extra.notes[1].text`: text holds a lone surrogate (half of a character cut in two?)",
    loneInName: "entries[0]: a field name holds a lone surrogate (half of a character cut in two?)",
    notArray: "digest-search: buildIndex(entries): entries must be an array of entry objects",
    missingFile: "missing.txt: cannot read: No such file or directory (os error 2)",
    noSource: got.errors.noSource,
    damaged: got.errors.damaged,
    partOutputs: "digest-search: writeOutputs: digest-search.js is missing",
  });
  assert.equal(got.neverMade, false, "writeOutputs() with outputs missing creates no folder");
  assert.match(got.errors.noSource, /^digest-search: load\(\) needs a source/);
  assert.match(got.errors.damaged, /^digest-search: .*(truncated|not a valid WebAssembly)/);
  // Entry objects through buildIndex give the same index as the same JSON Lines through the CLI.
  const native = path.join(work, "api-native");
  const n = await run(CLI, ["build", jsonl, "--out", native, "-q"]);
  assert.equal(n.code, 0, n.stderr);
  await sameFiles(outDir, native, "buildIndex vs CLI");
});

test("an output folder that takes no file: both CLIs name the file asked for, not its temporary name", { skip: process.platform !== "linux" && "/proc is Linux's" }, async () => {
  // /proc takes no new file, even from root (who writes into a folder of mode 555).
  const bin = path.join(app, "node_modules", ".bin", "digest-search");
  const input = path.join(FIXTURES, "trending-papers.jsonl");
  for (const [what, cmd] of [["npm", bin], ["native", CLI]]) {
    const r = await run(cmd, ["build", input, "--out", "/proc", "-q"]);
    assert.equal(r.code, 1, `${what}: ${r.stderr}`);
    assert.equal(r.stderr, "error: cannot write /proc/digest-search.wasm: No such file or directory (os error 2)\n", what);
  }
});

test("a file replaced keeps its permission bits (0444, 0640) and a new one has the umask's, in both CLIs", { skip: process.platform === "win32" && "modes are POSIX's" }, async () => {
  // The new file renamed over the old one had the umask's mode: a read-only output became 0644.
  const { chmod, stat } = await import("node:fs/promises");
  const dir = await tempDir("modes");
  const bin = path.join(app, "node_modules", ".bin", "digest-search");
  try {
    await writeFile(path.join(dir, "a.jsonl"), '{"title": "one"}\n');
    await writeFile(path.join(dir, "b.jsonl"), '{"title": "two"}\n');
    for (const [what, cmd] of [["npm", bin], ["native", CLI]]) {
      const out = path.join(dir, `out-${what}`);
      const build = async (input, ...extra) => {
        const r = await run("sh", ["-c", `umask 027 && exec "$0" "$@"`, cmd, "build", input, "--out", out, "-q", ...extra], { cwd: dir });
        assert.equal(r.code, 0, `${what}: ${r.stderr}`);
      };
      const mode = async (name) => (await stat(path.join(out, name))).mode & 0o7777;
      await build("a.jsonl");
      assert.equal(await mode("digest-search.wasm"), 0o640, `${what}: a new file, 0666 less the umask`);
      const set = { "digest-search.wasm": 0o444, "digest-search.js": 0o604, "digest-search.classic.js": 0o4755 };
      for (const [name, m] of Object.entries(set)) await chmod(path.join(out, name), m);
      const before = await readFile(path.join(out, "digest-search.wasm"));
      await build("b.jsonl", "--html");
      assert.ok(!(await readFile(path.join(out, "digest-search.wasm"))).equals(before), `${what}: the wasm is replaced`);
      assert.equal(await mode("digest-search.wasm"), 0o444, what);
      assert.equal(await mode("digest-search.js"), 0o604, what);
      assert.equal(await mode("digest-search.classic.js"), 0o755, `${what}: set-user-id is not carried over`);
      assert.equal(await mode("digest-search.html"), 0o640, `${what}: a new file beside them`);
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test("a build stopped by a signal or a file-size limit leaves the previous files and no temporary one, as the native CLI does", async (t) => {
  const dir = await tempDir("signals");
  const bin = path.join(app, "node_modules", ".bin", "digest-search");
  const listing = async (d) => (await readdir(d)).sort();
  try {
    await writeFile(path.join(dir, "a.jsonl"), '{"title": "one"}\n');
    await writeFile(path.join(dir, "b.jsonl"), '{"title": "two"}\n');
    for (const [what, cmd] of [["npm", bin], ["native", CLI]]) {
      const out = path.join(dir, `out-${what}`);
      assert.equal((await run(cmd, ["build", "a.jsonl", "--out", out, "-q"], { cwd: dir })).code, 0);
      const before = await readFile(path.join(out, "digest-search.wasm"));
      // What killed builds left (a process id past Linux's largest) is removed; a running
      // process's (this one's) is not.
      await writeFile(path.join(out, ".digest-search.wasm.tmp-4194305"), "x");
      await writeFile(path.join(out, `.digest-search.js.old-${process.pid}`), "x");
      // `ulimit -f` (512-byte blocks in sh): the wasm is larger. An ordinary write error.
      const limited = await run("sh", ["-c", `ulimit -f 300 && exec "$0" "$@"`, cmd, "build", "b.jsonl", "--out", out, "-q"], { cwd: dir });
      assert.equal(limited.code, 1, `${what}: ${limited.stderr}`);
      assert.equal(limited.stderr, `error: cannot write ${out}/digest-search.wasm: File too large (os error 27)\n`, `${what}: the file asked for, not its temporary name`);
      assert.deepEqual(await listing(out), [`.digest-search.js.old-${process.pid}`, ...NAMES].sort(), what);
      assert.ok((await readFile(path.join(out, "digest-search.wasm"))).equals(before), what);
      await rm(path.join(out, `.digest-search.js.old-${process.pid}`));
      // SIGTERM while the files are written: strace holds each fsync two seconds, long enough.
      if ((await run("strace", ["-o", "/dev/null", "true"]).catch(() => ({ code: -1 }))).code !== 0) {
        t.diagnostic("strace cannot run here: the signal is not tested");
        continue;
      }
      const { spawn } = await import("node:child_process");
      const child = spawn("strace", ["-f", "-o", "/dev/null", "-e", "trace=fsync", "-e", "inject=fsync:delay_enter=2000000", cmd, "build", "b.jsonl", "--out", out, "-q"], { cwd: dir });
      let stderr = "";
      child.stderr.on("data", (d) => (stderr += d));
      const done = new Promise((resolve) => child.on("close", resolve));
      let pid = null;
      for (let i = 0; i < 6000 && pid === null; i++) {
        pid = (await readdir(out)).map((n) => /\.tmp-(\d+)$/.exec(n)?.[1]).find(Boolean) ?? null;
        if (pid === null) await new Promise((r) => setTimeout(r, 10));
      }
      assert.ok(pid, `${what}: a temporary file appeared`);
      process.kill(Number(pid), "SIGTERM");
      await done;
      assert.match(stderr, /^error: stopped by SIGTERM: its temporary files are removed, the output folder is as it was$/m, what); // (strace may add lines of its own)
      assert.deepEqual(await listing(out), [...NAMES].sort(), `${what}: no temporary file left`);
      assert.ok((await readFile(path.join(out, "digest-search.wasm"))).equals(before), `${what}: the previous files kept`);
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test("a classic file past the limit: not written, an earlier one removed, said under -q; as the native CLI does", async () => {
  // DS_CLASSIC_MAX lowers the limit (536 MB, about 230k entries) to what the sample passes.
  const input = path.join(FIXTURES, "trending-papers-digest.txt");
  const outs = {};
  for (const [what, cmd, args] of [["npm", "npx", ["digest-search"]], ["native", CLI, []]]) {
    const out = path.join(work, `past-limit-${what}`);
    const base = [...args, "build", input, "--out", out, "--year", "2024", "--html", "-q"];
    const go = (max) => (cmd === "npx" ? npx(base, { cwd: app, env: { DS_CLASSIC_MAX: max } }) : run(CLI, base, { env: { DS_CLASSIC_MAX: max } }));
    assert.equal((await go("100000000")).stderr, "", what);
    const r = await go("100000");
    assert.equal(r.code, 0, r.stderr);
    outs[what] = { out, stderr: r.stderr.replace(out, "DIR") };
    assert.match(r.stderr, /^warning: digest-search\.classic\.js \(and a page made with --html\) is not written: .* an earlier one in the output folder is removed; serve digest-search\.wasm with digest-search\.js instead/, what);
    assert.deepEqual((await readdir(out)).sort(), ["digest-search.js", "digest-search.wasm"], `${what}: the earlier classic file and page are removed`);
  }
  assert.equal(outs.npm.stderr, outs.native.stderr);
  for (const name of ["digest-search.js", "digest-search.wasm"]) {
    assert.ok((await readFile(path.join(outs.npm.out, name))).equals(await readFile(path.join(outs.native.out, name))), name);
  }
});
