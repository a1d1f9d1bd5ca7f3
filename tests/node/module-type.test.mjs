// The built `digest-search.js` is an ES module with a `.js` name. Node reads a `.js` file as the
// nearest package.json's `type` says: under `"type": "commonjs"` (and, before Node 20.19 and
// 22.7, under a package.json with no type) importing it fails at its `import.meta`. The remedy
// docs/api.md and npm/README.md give, a package.json of one line beside it, is checked here.
import { test } from "node:test";
import assert from "node:assert/strict";
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { spawnSync } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
const DEMO = path.join(ROOT, "target", "demo");

test("in a CommonJS project, digest-search.js imports once its folder says it holds modules", (t) => {
  const dir = mkdtempSync(path.join(tmpdir(), "ds-module-type-"));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const out = path.join(dir, "public", "search");
  mkdirSync(out, { recursive: true });
  for (const f of ["digest-search.js", "digest-search.wasm"]) copyFileSync(path.join(DEMO, f), path.join(out, f));
  writeFileSync(path.join(dir, "package.json"), JSON.stringify({ name: "site", private: true, type: "commonjs" }));
  writeFileSync(path.join(dir, "search.mjs"), `const { load } = await import("./public/search/digest-search.js");
const index = await load();
console.log(index.search("diffusion").total);
`);
  const run = () => spawnSync(process.execPath, ["search.mjs"], { cwd: dir, encoding: "utf8" });
  const before = run();
  assert.notEqual(before.status, 0, "imported as CommonJS");
  assert.match(before.stderr, /Cannot use 'import\.meta' outside a module/);
  // The remedy: `echo '{"type":"module"}' > public/search/package.json`.
  writeFileSync(path.join(out, "package.json"), '{"type":"module"}\n');
  const after = run();
  assert.equal(after.status, 0, after.stderr);
  assert.ok(Number(after.stdout.trim()) > 0, `found: ${after.stdout}`);
  assert.doesNotMatch(after.stderr, /Warning/, "no warning either");
});
