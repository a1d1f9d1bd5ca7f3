// Minifies the three JS fragments that `digest-search build` concatenates into digest-search.js
// and digest-search.classic.js (see src/bundle.rs): the wasm-bindgen bindings, the loader and the
// web component. build.sh runs it after wasm-bindgen; the CLI and the npm builder embed its output
// (target/runtime/js/), so both write the same bytes. The sources in www/src/ stay readable.
//
//   node tools/minify.mjs OUT_DIR BINDINGS LOADER COMPONENT
//
// The component's style sheet (component.css, beside COMPONENT) goes into the component's
// fragment as a string, minified as CSS. With DS_NO_MINIFY=1 the fragments are copied unchanged
// but for that style sheet, put in as written: an unminified build for debugging
// (`DS_NO_MINIFY=1 ./build.sh`).
//
// Each fragment goes through esbuild, then terser (see `terse`). The fragments share one scope,
// so they are minified as scripts, not modules: esbuild and terser keep the top-level names
// (`wasm_bindgen`, `load`, `__dsError`, `DigestSearchElement`, ...) that the other fragments and
// the footer refer to, and rename only what is local.
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

/**
 * Terser over esbuild's output: it names the local variables again (by how often each letter
 * is used, which brotli rewards) and folds a little more, about 400 bytes less brotli over the
 * three fragments. Top-level names stay (the fragments share one scope), and so does the syntax
 * (no newer than ES2020, as `TARGET`).
 */
async function terse(code) {
  const { minify } = await import("terser");
  const r = await minify(code, { ecma: 2020, module: false, toplevel: false, compress: { passes: 2 }, mangle: true, format: { ecma: 2020, comments: false } });
  return r.code;
}

async function loader(src) {
  // The one dynamic import (of Node's fs, when loading a path in Node) must not become a string
  // literal: bundlers would then try to resolve `node:fs/promises`. loader.js computes the name
  // (a join, which neither esbuild nor terser folds), and this checks it stayed computed. The
  // `@vite-ignore` comment that keeps Vite quiet about that import goes back in.
  let code = await terse(await transform(src, { minify: true }));
  const imports = code.split("import(").length - 1;
  if (imports !== 1) throw new Error(`minify: loader.js should have exactly one dynamic import(), found ${imports}`);
  if (/import\(\s*["'`]/.test(code)) throw new Error("minify: loader.js's dynamic import() became a string literal");
  code = code.replace("import(", "import(/* @vite-ignore */");
  // Placeholders that src/bundle.rs replaces must survive.
  for (const p of ["__DS_FORMAT_VERSION__", "__DS_RUNTIME_VERSION__"]) {
    if (!code.includes(p)) throw new Error(`minify: the placeholder ${p} is gone from loader.js`);
  }
  return code;
}

/**
 * The component's style sheet lives in www/src/component.css, beside component.js; the fragment
 * holds the placeholder string `'__DS_COMPONENT_CSS__'` where it goes. Put it there as a JS string:
 * minified with esbuild's CSS minifier, or as written when not minifying.
 */
async function inlineStyles(src, componentPath) {
  const placeholder = "'__DS_COMPONENT_CSS__'";
  if (src.split(placeholder).length !== 2) throw new Error(`minify: component.js should hold ${placeholder} exactly once`);
  const cssPath = path.join(path.dirname(componentPath), "component.css");
  const css = await readFile(cssPath, "utf8");
  // esbuild keeps a custom property's value as written (it is a token stream): the spaces after
  // its name and after commas (`var(--ds-fg, light-dark(#1b1f24, #e6e9ee))`) go here.
  const text = minify
    ? (await transform(css, { loader: "css", minify: true })).trim().replace(/(--[\w-]+):\s*([^;}]*)/g, (_, name, value) => `${name}:${value.replace(/,\s+/g, ",").trim()}`)
    : css;
  return src.replace(placeholder, () => JSON.stringify(text));
}

/**
 * wasm-bindgen's glue (`--target no-modules`, the pinned version build.sh installs) can start the
 * module from a URL, a `fetch` response, bytes or a compiled module, looks up its own script's
 * URL, and warns about deprecated calls and wrong MIME types. www/src/loader.js fetches and
 * compiles the wasm itself and always hands over a compiled `WebAssembly.Module`, once per
 * instance of the bindings (`initSync({ module })`, or `({ module_or_path: module })` where a
 * large module must be instantiated asynchronously), so the rest is dead code: replaced here
 * by the two calls the loader makes (about 400 bytes less brotli); so is the branch of
 * `passStringToWasm0` for callers that pass no `realloc`, which none do. Each piece must be found as
 * written, or the build fails: a new wasm-bindgen that changes its glue is noticed here.
 */
function trimBindings(src) {
  const cut = (text, from, to, by) => {
    const a = text.indexOf(from);
    const b = text.indexOf(to, a);
    if (a < 0 || b < 0 || text.indexOf(from, a + 1) >= 0) throw new Error(`minify: wasm-bindgen's glue changed: \`${from.trim().slice(0, 50)}\` … not found once`);
    return text.slice(0, a) + by + text.slice(b);
  };
  src = cut(src, "    let script_src;\n", "    /**", "");
  // Strings are passed to the wasm with its `realloc` (the query, and the strings the wasm asks
  // the glue for): the branch for a caller without one is never taken.
  const calls = src.match(/(?<!function )passStringToWasm0\([^()]*\)/g) || [];
  if (!calls.length || calls.some((c) => c.split(",").length !== 3)) throw new Error(`minify: wasm-bindgen's glue passes a string without realloc: ${calls.join("; ")}`);
  src = cut(src, "        if (realloc === undefined) {\n", "        let len = arg.length;", "");
  return cut(src, "    async function __wbg_load(module, imports) {", "    return Object.assign(__wbg_init, { initSync }, exports);", `    function initSync({ module }) {
        return wasm ?? __wbg_finalize_init(new WebAssembly.Instance(module, __wbg_get_imports()), module);
    }

    async function __wbg_init({ module_or_path: module }) {
        return wasm ?? __wbg_finalize_init(await WebAssembly.instantiate(module, __wbg_get_imports()), module);
    }

`);
}

const parts = [
  ["bindings.js", bindingsPath, async (src) => terse(await transform(src, { minify: true }))],
  ["loader.js", loaderPath, loader],
  // The element's own members are named `_like` this (www/src/component.js): they are renamed
  // too. Nothing outside the component may use them.
  ["component.js", componentPath, async (src) => terse(await transform(src, { minify: true, mangleProps: /^_[a-zA-Z]/ }))],
];
/**
 * The loader's own top-level names (`__dsFetchRange`, `DS_LAZY_PAGE`, …) outlive esbuild, which
 * keeps the top-level names of a script: the fragments share one scope. Those that only the
 * fragments use become `$$a`, `$$b`, … in all of them (about 1.2 KB less raw, 150 bytes less
 * brotli). The names src/bundle.rs writes into the file (`__dsError`, `__dsBindings`, …) stay.
 */
async function shortenNames(codes) {
  const bundler = await readFile(new URL("../src/bundle.rs", import.meta.url), "utf8");
  const pattern = /\b(?:__ds[A-Za-z0-9]+|__Ds[A-Za-z0-9]+|DS_[A-Z0-9_]+)\b/g;
  const names = [...new Set(codes.flatMap((c) => c.match(pattern) || []))].filter((n) => !bundler.includes(n));
  const all = codes.join("\n");
  const short = names.map((_, i) => `$$${i.toString(36)}`);
  for (const s of short) if (new RegExp(`(?<![\\w$])${s.replace(/\$/g, "\\$")}(?![\\w$])`).test(all)) throw new Error(`minify: ${s} is already used`);
  const map = new Map(names.map((n, i) => [n, short[i]]));
  return codes.map((c) => c.replace(pattern, (n) => map.get(n) ?? n));
}

await mkdir(outDir, { recursive: true });
const outputs = [];
for (const [name, from, fn] of parts) {
  const src = await readFile(from, "utf8");
  const withStyles = name === "component.js" ? await inlineStyles(src, from) : name === "bindings.js" ? trimBindings(src) : src;
  outputs.push([name, minify ? await fn(withStyles) : withStyles]);
}
if (minify) {
  const shortened = await shortenNames(outputs.map(([, code]) => code));
  shortened.forEach((code, i) => { outputs[i][1] = code; });
}
for (const [name, code] of outputs) {
  const out = path.join(outDir, name);
  const text = code.endsWith("\n") ? code : code + "\n";
  // Unchanged files keep their time stamp: cargo then does not rebuild what embeds them.
  const old = await readFile(out, "utf8").catch(() => null);
  if (old !== text) await writeFile(out, text);
}
console.log(`${minify ? "minified" : "copied (DS_NO_MINIFY)"} the JS fragments into ${outDir}`);
