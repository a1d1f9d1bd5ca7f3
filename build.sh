#!/usr/bin/env bash
# digest-search build entry point.
#
#   ./build.sh          install what is missing, build the runtime wasm, its bindings, the CLI,
#                       and the demo over the bundled sample digest (target/demo/)
#   ./build.sh test     the same, then every test: Rust, Node, browser (headless Chromium), relevance
#   ./build.sh serve    build, then serve the demo on http://127.0.0.1:8000/
#
# Build order matters: the CLI embeds the runtime wasm, so the runtime comes first.
set -euo pipefail
cd "$(dirname "$0")"
ROOT=$(pwd)
export CARGO_TERM_COLOR=${CARGO_TERM_COLOR:-never}

say() { printf '\n== %s\n' "$*"; }

wasm_bindgen_version() {
  # The exact version of the wasm-bindgen crate in Cargo.lock: the CLI must match it.
  awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock
}

ensure_rust() {
  if ! rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown; then
    say "installing the wasm32-unknown-unknown target"
    rustup target add wasm32-unknown-unknown
  fi
  local want have
  want=$(wasm_bindgen_version)
  have=$(wasm-bindgen --version 2>/dev/null | awk '{print $2}' || true)
  if [ "$have" != "$want" ]; then
    say "installing wasm-bindgen-cli $want (found: ${have:-none}); this takes a few minutes, once"
    cargo install wasm-bindgen-cli --version "$want" --force
  fi
}

# The runtime wasm is compiled by a pinned nightly, with the standard library rebuilt and
# `-Cpanic=immediate-abort`: a panic becomes a bare trap (as `panic = "abort"` already made it
# in wasm), so every panic message, and the formatting code behind them, is left out. 8.3 KB
# less brotli (66.4 KB → 58.1 KB for the wasm). Two more of its flags: `-Zlocation-detail=none`
# leaves out the source locations kept for panics (file paths of the build machine's toolchain
# and registry among them: 283 bytes less brotli), and the standard library's
# `optimize_for_size` feature picks its smaller algorithms (267 bytes less; the benchmark's
# queries at 100k measured the same medians side by side). Everything else builds with the
# stable toolchain.
RUNTIME_TOOLCHAIN=nightly-2026-05-20

ensure_runtime_toolchain() {
  # -Zbuild-std compiles the standard library from rust-src: no prebuilt wasm32 std is needed.
  if ! rustup component list --toolchain "$RUNTIME_TOOLCHAIN" --installed 2>/dev/null | grep -q '^rust-src'; then
    say "installing the runtime's pinned toolchain $RUNTIME_TOOLCHAIN with rust-src, once"
    if ! rustup toolchain install "$RUNTIME_TOOLCHAIN" --profile minimal --component rust-src; then
      # Offline, say: the stable toolchain builds the same runtime, 8 KB larger (the size check
      # of `./build.sh test` then fails; everything else works).
      say "could not install $RUNTIME_TOOLCHAIN: building the runtime with the stable toolchain (about 8 KB larger)"
      RUNTIME_TOOLCHAIN=
    fi
  fi
}

ensure_node_deps() {
  local dir=$1
  if [ ! -d "$dir/node_modules" ] || [ "$dir/package-lock.json" -nt "$dir/node_modules/.package-lock.json" ]; then
    say "installing npm packages in $dir"
    (cd "$dir" && npm ci --no-audit --no-fund)
  fi
}

ensure_chromium() {
  if [ ! -x /usr/bin/chromium ]; then
    say "installing Debian's chromium"
    local sudo=""
    [ "$(id -u)" = 0 ] || sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq chromium >/dev/null
  fi
}

build_runtime() {
  say "building the runtime wasm"
  # opt-level "s" (Cargo.toml) keeps the code small, but its inliner leaves even one-line helpers
  # (Vec::push, field reads) as calls in the scoring loop. A higher inline threshold for the final
  # (LTO) compilation made queries about 23% faster at the median for about 2 KB of brotli (measured
  # under opt-level "z"); 100 is the best threshold measured, higher ones are slower in V8.
  # (Its own target folder: the toolchain and the rebuilt standard library differ from the npm
  # builder's wasm build.)
  # -Zinline-mir=yes (the pinned nightly only): rustc's own inliner, which opt-level "s" leaves
  # off, inlines the smallest functions in MIR before LLVM does: 251 bytes less brotli for the
  # runtime code (208 measured on the build before), the same answers and the same medians side
  # by side at 10k entries. Not kept (docs/performance.md, "Runtime code size: history"): a
  # lower LLVM threshold for `#[inline]` functions (-inlinehint-threshold, 325 by default), which
  # saves up to 1.1 KB but makes every kind of query 3-5% slower.
  if [ -n "$RUNTIME_TOOLCHAIN" ]; then
    RUSTFLAGS="-Zunstable-options -Cpanic=immediate-abort -Zlocation-detail=none" \
      cargo "+$RUNTIME_TOOLCHAIN" rustc --lib --target wasm32-unknown-unknown --no-default-features --features wasm-runtime \
      --profile release-wasm --target-dir target/runtime-build -Z build-std=std,panic_abort -Z build-std-features=optimize_for_size \
      -- -C llvm-args=-inline-threshold=100 -Zinline-mir=yes
  else
    cargo rustc --lib --target wasm32-unknown-unknown --no-default-features --features wasm-runtime \
      --profile release-wasm --target-dir target/runtime-build -- -C llvm-args=-inline-threshold=100
  fi
  mkdir -p target/runtime
  # The name section stays for tools/dead-waker.mjs, which finds js-sys's JSPI task waker by name:
  # its four functions, kept only by their entries in the function table, are proved dead there and
  # emptied, so that Binaryen removes what they call (about 420 bytes of code); the script then
  # drops the name section, as `--remove-name-section` did.
  # --encode-into always: the glue passes strings with `TextEncoder.encodeInto` without testing for
  # it first or carrying a fallback: every engine that runs the module (reference types) has it.
  wasm-bindgen --target no-modules --no-typescript --remove-producers-section --encode-into always \
    --out-dir target/runtime --out-name runtime target/runtime-build/wasm32-unknown-unknown/release-wasm/digest_search.wasm
  node tools/dead-waker.mjs target/runtime/runtime_bg.wasm
  # Binaryen's optimizer (the `binaryen` npm package in tools/, no native install) on what rustc and
  # wasm-bindgen wrote: queries about 6% faster at the median at 100k entries and 670 bytes less
  # brotli than rustc's output alone. It reads the target features from the module.
  # --low-memory-unused: nothing lives in the first 1 KiB of memory (rustc puts the 1 MiB stack
  # first, growing down from 1 MiB toward it), so constant offsets fold into loads and stores:
  # 370 bytes less brotli. --strip-target-features, last: the features section (read above) is
  # no use to a browser once the module is optimized: 79 bytes less brotli.
  # -ocimfs 200: a function with one caller is inlined into it only when small. By default
  # Binaryen inlines every such function whatever its size (Rust's #[inline(never)] does not reach
  # it), and the query path's setup (expanding words, splitting joined ones) then joins its
  # scoring loops in one function that V8 compiles worse: one more check in that setup made every
  # kind of query 15-20% slower at the median at 100k entries, the same with this bound.
  # --merge-similar-functions: functions that differ only in constants become one (about 100 bytes
  # less brotli; the benchmark's queries at 100k measured the same speed side by side).
  node tools/node_modules/binaryen/bin/wasm-opt -O3 --converge -ocimfs 200 --low-memory-unused --merge-similar-functions --strip-target-features target/runtime/runtime_bg.wasm -o target/runtime/runtime_bg.wasm
  # The imports' names, hashed by wasm-bindgen (`__wbg_instanceof_Set_7768a118d44ac511`), become
  # `a`, `b`, … in the wasm and in its JS glue alike: about 0.8 KB less brotli over the two. So do
  # the imports' module and the exports' names, and exports the glue never reads go.
  node tools/short-imports.mjs target/runtime/runtime_bg.wasm target/runtime/runtime.js
  # The JS fragments the CLI and the npm builder embed (src/bundle.rs concatenates them), minified
  # with esbuild into target/runtime/js/. DS_NO_MINIFY=1 ./build.sh copies them unchanged.
  node tools/minify.mjs target/runtime/js target/runtime/runtime.js www/src/loader.js www/src/component.js
}

build_cli() {
  say "building the CLI"
  cargo build --release --bin digest-search
}

build_demo() {
  say "building the demo index over the sample digest"
  target/release/digest-search build tests/fixtures/trending-papers-digest.txt --out target/demo
  cp www/index.html www/demo.css target/demo/
}

build_npm() {
  say "building the npm package (the builder as wasm for Node) into target/npm"
  local version
  version=$(awk -F'"' '/^version = / { print $2; exit }' Cargo.toml)
  if ! grep -q "\"version\": \"$version\"" npm/package.json; then
    echo "npm/package.json must have the crate's version ($version)" >&2
    exit 1
  fi
  # A target dir of its own: the lib built for wasm32 would otherwise overwrite the runtime's
  # target/wasm32-unknown-unknown/release-wasm/digest_search.wasm.
  CARGO_TARGET_DIR=target/wasm-builder cargo build --lib --target wasm32-unknown-unknown \
    --no-default-features --features wasm-builder --profile release-wasm
  rm -rf target/npm-builder target/npm
  wasm-bindgen --target web --omit-default-module-path --no-typescript --remove-name-section --remove-producers-section \
    --out-dir target/npm-builder --out-name builder target/wasm-builder/wasm32-unknown-unknown/release-wasm/digest_search.wasm
  mkdir -p target/npm/builder target/npm/bin
  cp npm/package.json npm/README.md npm/index.js npm/internal.js npm/index.d.ts npm/loader.d.ts npm/component.js npm/component.d.ts target/npm/
  # The licence texts ("MIT OR Apache-2.0", package.json), from the repository's root.
  cp LICENSE-MIT LICENSE-APACHE target/npm/
  cp npm/bin/digest-search.js target/npm/bin/
  cp target/npm-builder/builder.js target/npm-builder/builder_bg.wasm target/npm/builder/
  cp target/runtime/runtime_bg.wasm target/npm/runtime.wasm
  # loader.js: the same bindings, loader and component as a built digest-search.js, with no
  # default wasm (bundle::esm_without_default), written by the builder wasm itself.
  node --input-type=module -e '
    import { readFile, writeFile } from "node:fs/promises";
    import { pathToFileURL } from "node:url";
    const b = await import(pathToFileURL("target/npm/builder/builder.js").href);
    await b.default({ module_or_path: await readFile("target/npm/builder/builder_bg.wasm") });
    await writeFile("target/npm/loader.js", b.loaderModule());
  '
}

build_all() {
  ensure_rust
  ensure_runtime_toolchain
  ensure_node_deps tools
  build_runtime
  build_cli
  build_demo
  build_npm
}

run_tests() {
  ensure_node_deps tests
  ensure_chromium
  say "Rust tests"
  cargo test
  say "Rust lints (clippy, warnings are errors)"
  if ! cargo clippy --version >/dev/null 2>&1; then
    rustup component add clippy
  fi
  cargo clippy --all-targets -- -D warnings
  say "the crate as a library: without its default CLI, with the builder (the crate docs' example) and without"
  cargo test --no-default-features --features build --doc
  cargo clippy --no-default-features --lib -- -D warnings
  say "the crate as another project's dependency (tests/dependent: reads, builds, opens and searches)"
  rm -rf target/dependent && mkdir -p target/dependent && cp -r tests/dependent/Cargo.toml tests/dependent/src Cargo.lock target/dependent/
  CARGO_TARGET_DIR=target cargo run -q --manifest-path target/dependent/Cargo.toml -- tests/fixtures/trending-papers-digest.txt
  say "Rust docs (rustdoc, warnings are errors: every link in the docs resolves)"
  RUSTDOCFLAGS="-D warnings" cargo doc --no-deps --document-private-items
  say "Node tests (the built wasm through the public loader)"
  node --test tests/node/
  say "browser tests (headless Chromium)"
  node --test tests/browser/
  say "relevance suite (judged development queries; fails below the recorded floors)"
  python3 tests/relevance.py
  say "relevance suite, held-out queries of our own (tests/fixtures/own-queries.jsonl)"
  python3 tests/relevance.py --judgments tests/fixtures/own-queries.jsonl --floors tests/fixtures/own-floors.json
  run_npm_tests
  say "runtime code size (fails above the 80 KiB brotli budget: bench/code-size.mjs)"
  node bench/code-size.mjs --check
}

run_npm_tests() {
  say "npm package (packed, installed in scratch projects: CLI parity, buildIndex, Vite, esbuild and webpack bundles in Chromium)"
  node --test tests/npm/
}

cmd=${1:-build}
case "$cmd" in
  build)
    build_all
    say "done. Open the demo: file://$ROOT/target/demo/index.html  (or: ./build.sh serve)"
    ;;
  test)
    build_all
    run_tests
    ;;
  serve)
    build_all
    say "serving target/demo on http://127.0.0.1:8000/ (Ctrl-C to stop)"
    exec python3 -m http.server 8000 --bind 127.0.0.1 --directory target/demo
    ;;
  *)
    echo "usage: ./build.sh [build|test|serve]" >&2
    exit 2
    ;;
esac
