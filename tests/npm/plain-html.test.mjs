// The npm package in a plain-HTML site, no bundler: install the packed tarball into a scratch
// folder, build the index with `npx digest-search build`, write a page that uses the classic
// script and the element, and check it in headless Chromium: served with a strict CSP header
// (no violation), from file://, and audited with axe-core inside the component's open shadow root.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { writeFile, readFile, rm } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { FIXTURES, ROOT, pack, scratchProject, npx } from "./helpers.mjs";
import { serve, launch, openPage } from "../browser/helpers.mjs";

const require = createRequire(path.join(ROOT, "tests", "package.json"));
const CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'";
const PAGE = `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Papers</title><link rel="icon" href="favicon.ico"></head>
<body>
<main>
<h1>Papers</h1>
<script src="digest-search.classic.js"></script>
<digest-search placeholder="Search papers"></digest-search>
</main>
</body>
</html>
`;

let packed;
let site;
let browser;

before(async () => {
  packed = await pack();
  const app = await scratchProject("plain-html", packed.tarball);
  site = path.join(app, "site");
  await rm(site, { recursive: true, force: true });
  const r = await npx(["digest-search", "build", path.join(FIXTURES, "trending-papers-digest.txt"), "--out", site, "-q"], { cwd: app });
  assert.equal(r.code, 0, r.stderr);
  await writeFile(path.join(site, "index.html"), PAGE);
  await writeFile(path.join(site, "favicon.ico"), new Uint8Array(0));
  browser = await launch();
});

after(async () => {
  await browser?.close();
  if (packed) await rm(packed.dir, { recursive: true, force: true });
});

async function searchWorks(url) {
  const context = await browser.newContext();
  await context.addInitScript(() => {
    window.__csp = [];
    document.addEventListener("securitypolicyviolation", (e) => window.__csp.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  const { page, problems } = await openPage(context, url);
  await page.locator("digest-search input").click();
  await page.keyboard.type("zeroth order benchmark");
  const first = page.locator("digest-search [role='option']").first();
  await first.waitFor();
  assert.match(await first.innerText(), /Zeroth-Order/);
  return { page, problems };
}

test("served with a strict CSP header: search works, no violation, no console error", async () => {
  const server = await serve(site, { headers: { "content-security-policy": CSP } });
  try {
    const { page, problems } = await searchWorks(`${server.url}index.html`);
    assert.deepEqual(await page.evaluate(() => window.__csp), []);
    assert.deepEqual(problems, []);
    // axe-core, evaluated through the DevTools protocol (the CSP allows no inline script).
    await page.evaluate(await readFile(require.resolve("axe-core/axe.min.js"), "utf8"));
    const violations = await page.evaluate(async () => (await window.axe.run(document, { resultTypes: ["violations"] })).violations.map((v) => `${v.id}: ${v.nodes.length}`));
    assert.deepEqual(violations, []);
    await page.close();
  } finally {
    await server.close();
  }
});

test("opened from file://: search works", async () => {
  const { page, problems } = await searchWorks(pathToFileURL(path.join(site, "index.html")).href);
  assert.deepEqual(problems, []);
  await page.close();
});
