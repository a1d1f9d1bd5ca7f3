// Every relative link of the README and the docs leads somewhere: the file it names exists, and
// its `#anchor` (or a bare `#anchor`, in the same file) is a heading of that Markdown file, by
// GitHub's rules for a heading's anchor. A reader who follows "details in docs/performance.md"
// lands on the section, not at the top of a 1,700-line file.
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readFileSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");

/** The Markdown files checked, relative to the repository. */
const DOCS = [
  "README.md",
  ...readdirSync(path.join(ROOT, "docs")).filter((f) => f.endsWith(".md")).sort().map((f) => `docs/${f}`),
  "bench/README.md",
  "npm/README.md",
  "fuzz/README.md",
];

/** `text` without its fenced code blocks (their lines left empty, so line numbers stay). */
function withoutFences(text) {
  let fence = null;
  return text.split("\n").map((line) => {
    const open = /^\s{0,3}(`{3,}|~{3,})/.exec(line);
    if (fence) {
      if (open && open[1][0] === fence[0] && open[1].length >= fence.length && !line.trim().slice(open[1].length).trim()) fence = null;
      return "";
    }
    if (open) {
      fence = open[1];
      return "";
    }
    return line;
  }).join("\n");
}

/** A paragraph's text with each code span's backticks left out (`a` `b` → a b), its content kept. */
const unquoted = (text) => text.replace(/(?<!`)(`+)(?!`)([\s\S]*?[^`])\1(?!`)/g, (_, __, code) => code);

/** The same with the code spans' content blanked too: a link written as code is no link. */
const withoutCode = (text) => text.replace(/(?<!`)(`+)(?!`)([\s\S]*?[^`])\1(?!`)/g, (span) => span.replace(/[^\n]/g, " "));

/** GitHub's anchor for a heading's text (github-slugger): its rendered text in lower case, without
 *  punctuation and symbols but `-` and `_`, each space a `-`. */
export function slug(heading) {
  const text = unquoted(heading).replace(/!?\[([^\]]*)\]\([^)]*\)/g, "$1").replace(/\*\*|__/g, "");
  return text.trim().toLowerCase().replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, "").replace(/ /g, "-");
}

/** The anchors of a Markdown file's headings, repeated ones numbered as GitHub numbers them. */
function anchors(file) {
  const seen = new Map();
  const out = new Set();
  for (const line of withoutFences(readFileSync(file, "utf8")).split("\n")) {
    const h = /^\s{0,3}#{1,6}\s+(.*?)(?:\s+#+)?\s*$/.exec(line);
    if (!h) continue;
    const base = slug(h[1]);
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    out.add(n ? `${base}-${n}` : base);
  }
  return out;
}

/** The relative links of a Markdown file: `{ line, target }` for each `[text](target)` outside code. */
function links(file) {
  const text = withoutFences(readFileSync(file, "utf8"));
  const out = [];
  let line = 1;
  // Paragraph by paragraph, as a code span ends with its paragraph.
  for (const para of text.split(/(\n[ \t]*\n)/)) {
    const plain = withoutCode(para);
    for (const m of plain.matchAll(/\]\(\s*<?([^\s)>]+)>?(?:\s+"[^"]*")?\s*\)/g)) {
      const target = m[1];
      if (/^[a-z][a-z0-9+.-]*:/i.test(target)) continue; // https:, mailto:
      out.push({ line: line + plain.slice(0, m.index).split("\n").length - 1, target });
    }
    line += para.split("\n").length - 1;
  }
  return out;
}

/** What is wrong with the link `target` of the Markdown file `doc` (relative to the repository), or null. */
export function broken(doc, target) {
  const hash = target.indexOf("#");
  const file = decodeURIComponent(hash < 0 ? target : target.slice(0, hash));
  const anchor = hash < 0 ? null : decodeURIComponent(target.slice(hash + 1));
  const to = file ? path.resolve(path.dirname(path.join(ROOT, doc)), file) : path.join(ROOT, doc);
  if (!to.startsWith(ROOT + path.sep)) return `${file} is outside the repository`;
  if (!existsSync(to)) return `${file} does not exist`;
  if (anchor === null) return null;
  if (!to.endsWith(".md") || statSync(to).isDirectory()) {
    // A source file's line (`#L12`, `#L12-L20`) is the only anchor a file of another kind has.
    return /^L\d+(-L\d+)?$/.test(anchor) ? null : `#${anchor}: ${path.relative(ROOT, to)} is not Markdown`;
  }
  return anchors(to).has(anchor) ? null : `#${anchor} is no heading of ${path.relative(ROOT, to)}`;
}

test("GitHub's anchors: code, punctuation and symbols left out, spaces made hyphens, repeats numbered", () => {
  assert.equal(slug("The `<digest-search>` element"), "the-digest-search-element");
  assert.equal(slug("Reading postings and the `keep`-th best, in the wasm (2026-12-07)"), "reading-postings-and-the-keep-th-best-in-the-wasm-2026-12-07");
  assert.equal(slug("Relevance (`bench/relevance.mjs`)"), "relevance-benchrelevancemjs");
  assert.equal(slug("npm: Node alone, no Rust toolchain"), "npm-node-alone-no-rust-toolchain");
  assert.equal(slug("Download: 1.43× against 1.3×"), "download-143-against-13");
  assert.equal(slug("Schrödinger's `snake_case` [link](x.md)"), "schrödingers-snake_case-link");
  assert.deepEqual([...anchors(path.join(ROOT, "docs", "deploying.md"))].slice(0, 2), ["putting-digest-search-on-a-website", "the-files"]);
});

test("a link to a missing file or heading is found, one to a heading that exists is not", () => {
  assert.equal(broken("README.md", "docs/api.md#the-digest-search-element"), null);
  assert.equal(broken("docs/deploying.md", "api.md#lazy-loading-over-http-ranges"), null);
  assert.match(broken("README.md", "docs/api.md#no-such-heading"), /#no-such-heading is no heading of docs\/api\.md/);
  assert.match(broken("README.md", "docs/nope.md"), /docs\/nope\.md does not exist/);
  assert.match(broken("docs/api.md", "#nowhere"), /is no heading of docs\/api\.md/);
  assert.match(broken("README.md", "src/lib.rs#intro"), /not Markdown/);
  assert.equal(broken("README.md", "src/lib.rs#L1"), null);
});

test("every relative link and #anchor of the README and the docs resolves", () => {
  const problems = [];
  let n = 0;
  for (const doc of DOCS) {
    for (const { line, target } of links(path.join(ROOT, doc))) {
      n++;
      const why = broken(doc, target);
      if (why) problems.push(`${doc}:${line}: (${target}): ${why}`);
    }
  }
  assert.ok(n >= 20, `the docs' relative links were found (${n})`);
  assert.deepEqual(problems, []);
});
