//! Build script: the CLI (and the npm package's wasm builder) embed the prebuilt runtime wasm and
//! its JS bindings, which `build.sh` makes first. When they are missing or older than the
//! runtime's sources, say so and how to fix it, instead of failing with a bare "file not found".

use std::path::{Path, PathBuf};
use std::time::SystemTime;

const RUNTIME_SOURCES: &[&str] = &["src/text", "src/entry.rs", "src/index", "src/search", "src/wasm", "src/lib.rs", "Cargo.toml", "vendor"];

fn newest(path: &Path) -> Option<SystemTime> {
    let meta = std::fs::metadata(path).ok()?;
    if meta.is_dir() {
        std::fs::read_dir(path).ok()?.filter_map(|e| newest(&e.ok()?.path())).max()
    } else {
        meta.modified().ok()
    }
}

fn main() {
    let root = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").unwrap());
    let dir = root.join("target").join("runtime");
    println!("cargo:rustc-env=DS_RUNTIME_DIR={}", dir.display());
    println!("cargo:rerun-if-changed=build.rs");
    // The CLI and the npm package's wasm builder embed the runtime; nothing else needs it.
    if std::env::var_os("CARGO_FEATURE_CLI").is_none() && std::env::var_os("CARGO_FEATURE_WASM_BUILDER").is_none() {
        return;
    }
    for src in RUNTIME_SOURCES {
        println!("cargo:rerun-if-changed={src}");
    }
    for f in ["runtime_bg.wasm", "runtime.js", "js/bindings.js", "js/loader.js", "js/component.js"] {
        println!("cargo:rerun-if-changed={}", dir.join(f).display());
    }
    let wasm = dir.join("runtime_bg.wasm");
    let Some(built) = newest(&wasm) else {
        panic!("\n\nThe runtime wasm is missing ({}).\nThe CLI and the npm builder embed it, so build it first: run ./build.sh (it builds the runtime wasm, its bindings, then the CLI).\n", wasm.display());
    };
    // The JS fragments, as tools/minify.mjs wrote them from www/src/ and the bindings (build.sh
    // remakes them on every run).
    for f in ["bindings.js", "loader.js", "component.js"] {
        let js = dir.join("js").join(f);
        if newest(&js).is_none() {
            panic!("\n\nThe runtime's JS fragment {} is missing.\nThe CLI and the npm builder embed it: run ./build.sh (it builds the runtime wasm, minifies the JS fragments with tools/minify.mjs, then builds the CLI).\n", js.display());
        }
    }
    for src in RUNTIME_SOURCES {
        if let Some(t) = newest(&root.join(src)) {
            if t > built {
                // A warning, not an error: library tests do not need the runtime. `./build.sh`
                // always rebuilds the runtime before the CLI.
                println!("cargo:warning=the runtime wasm ({}) is older than {src}: the CLI (or the npm builder) embeds a stale runtime. Run ./build.sh to rebuild it.", wasm.display());
                break;
            }
        }
    }
}
