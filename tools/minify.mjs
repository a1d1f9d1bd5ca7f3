// Minifies the three JS fragments that `digest-search build` concatenates into digest-search.js
// and digest-search.classic.js (see src/bundle.rs): the wasm-bindgen bindings, the loader and the
// web component. build.sh runs it after wasm-bindgen; the CLI and the npm builder embed its output
// (target/runtime/js/), so both write the same bytes. The sources in www/src/ stay readable.
//
//   node tools/minify.mjs OUT_DIR BINDINGS LOADER COMPONENT
//
// With DS_NO_MINIFY=1 the fragments are copied unchanged: an unminified build for debugging
// (`DS_NO_MINIFY=1 ./build.sh`).
//
// The fragments share one scope, so they are minified as scripts, not modules: esbuild keeps the
// top-level names (`wasm_bindgen`, `load`, `__dsError`, `DigestSearchElement`, ...) that the other
// fragments and the footer refer to, and renames only what is local.
import { readFile, writeFile, mkdir } from "node:fs/promises";
import path from "node:path";

const [outDir, bindingsPath, loaderPath, componentPath] = process.argv.slice(2);
if (!componentPath) {
  console.error("usage: node tools/minify.mjs OUT_DIR BINDINGS LOADER COMPONENT");
  process.exit(2);
}
const minify = !process.env.DS_NO_MINIFY;
// Syntax no newer than the sources' own (ES2020: `??`, `?.`): minification must not raise the
// browsers a page needs.
const TARGET = "es2020";

async function transform(code, options) {
  const { transform } = await import("esbuild");
  const r = await transform(code, { target: TARGET, charset: "utf8", legalComments: "none", ...options });
  for (const w of r.warnings) console.warn(`minify: ${w.text}`);
  return r.code;
}

async function loader(src) {
  // Whitespace and local names only: syntax minification would fold `const fsName =
  // "node:fs/promises"; import(fsName)` into `import("node:fs/promises")`, which bundlers then
  // try to resolve. The `@vite-ignore` comment that keeps Vite quiet about that import goes back in.
  let code = await transform(src, { minifyWhitespace: true, minifyIdentifiers: true });
  const imports = code.split("import(").length - 1;
  if (imports !== 1) throw new Error(`minify: loader.js should have exactly one dynamic import(), found ${imports}`);
  code = code.replace("import(", "import(/* @vite-ignore */");
  // Placeholders that src/bundle.rs replaces must survive.
  for (const p of ["__DS_FORMAT_VERSION__", "__DS_RUNTIME_VERSION__"]) {
    if (!code.includes(p)) throw new Error(`minify: the placeholder ${p} is gone from loader.js`);
  }
  return code;
}

/**
 * The component's style sheet is one template literal, `const STYLES = `...``, which a JS
 * minifier keeps verbatim: minify it as CSS (esbuild's CSS minifier) and put it back as a string.
 * STYLES may interpolate only `${DARK}`, the dark palette (`const DARK = `...`;` just before it,
 * used for two selectors); it is substituted here and its declaration dropped.
 */
async function minifyStyles(src) {
  const dark = /const DARK = `([^`$]*)`;\n/.exec(src);
  if (!dark) throw new Error("minify: component.js has no `const DARK = `...`;` palette");
  src = src.slice(0, dark.index) + src.slice(dark.index + dark[0].length);
  const m = /const STYLES = `([^`]*)`;/.exec(src);
  if (!m) throw new Error("minify: component.js has no `const STYLES = `...`;` style sheet");
  const body = m[1].replaceAll("${DARK}", dark[1]);
  if (body.includes("${")) throw new Error("minify: the component's STYLES may interpolate only ${DARK}");
  const css = new Function(`return \`${body}\`;`)();
  const small = (await transform(css, { loader: "css", minify: true })).trim();
  return src.slice(0, m.index) + `const STYLES = ${JSON.stringify(small)};` + src.slice(m.index + m[0].length);
}

const parts = [
  ["bindings.js", bindingsPath, (src) => transform(src, { minify: true })],
  ["loader.js", loaderPath, loader],
  // The element's own members are named `_like` this (www/src/component.js): they are renamed
  // too. Nothing outside the component may use them.
  ["component.js", componentPath, async (src) => transform(await minifyStyles(src), { minify: true, mangleProps: /^_[a-zA-Z]/ })],
];
await mkdir(outDir, { recursive: true });
for (const [name, from, fn] of parts) {
  const src = await readFile(from, "utf8");
  const code = minify ? await fn(src) : src;
  const out = path.join(outDir, name);
  const text = code.endsWith("\n") ? code : code + "\n";
  // Unchanged files keep their time stamp: cargo then does not rebuild what embeds them.
  const old = await readFile(out, "utf8").catch(() => null);
  if (old !== text) await writeFile(out, text);
}
console.log(`${minify ? "minified" : "copied (DS_NO_MINIFY)"} the JS fragments into ${outDir}`);
