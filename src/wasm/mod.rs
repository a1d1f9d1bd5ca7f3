//! WebAssembly faces. `runtime` is the browser API (feature `wasm-runtime`); `builder` is the
//! index builder for the npm package (feature `wasm-builder`). Both translate arguments and
//! errors and hold no search or build logic of their own.

#[cfg(feature = "wasm-builder")]
pub mod builder;
#[cfg(feature = "wasm-runtime")]
pub mod runtime;
