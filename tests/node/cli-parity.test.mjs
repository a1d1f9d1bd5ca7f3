// The CLI's `search --json` and Node's `search()` run the same Rust code: for every judged
// development query they must print the same object.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { execFileSync } from "node:child_process";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
const DEMO = path.join(ROOT, "target", "demo");
const CLI = path.join(ROOT, "target", "release", "digest-search");
const { load } = await import(pathToFileURL(path.join(DEMO, "digest-search.js")).href);

test("CLI --json equals Node search() on every development query", async () => {
  const index = await load();
  const queries = readFileSync(path.join(ROOT, "tests", "fixtures", "dev-queries.jsonl"), "utf8")
    .split("\n")
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l).q);
  assert.equal(queries.length, 100);
  for (const q of queries) {
    const cli = JSON.parse(execFileSync(CLI, ["search", DEMO, q, "--json", "--limit", "10"], { encoding: "utf8" }));
    assert.deepEqual(index.search(q, { limit: 10 }), cli, `query ${JSON.stringify(q)}`);
  }
});
