//! # digest-search
//!
//! Instant, typo-tolerant search for digests — daily lists of papers, newsletters, changelogs —
//! that runs entirely in the browser from one WebAssembly file.
//!
//! The crate is layered from the ground up; each layer only uses the ones below it:
//!
//! 1. [`entry`] (what an entry is) and [`text`] (the one tokenizer, shared by builder and runtime).
//! 2. [`input`] (digest text, JSON, JSON Lines → entries; builder only) and [`index`] (the byte
//!    format, its writer — builder only — and its zero-copy reader).
//! 3. [`search`] (parse, match, rank, highlight) and [`embed`] (index → runtime wasm; builder only).
//! 4. Faces: `wasm::runtime` (the browser API, feature `wasm-runtime`), the `digest-search` CLI and
//!    `wasm::builder` (the same builder as WebAssembly for the npm package, feature `wasm-builder`).
//!
//! The runtime wasm is built without the `build` feature, so it never links the builder.

pub mod entry;
pub mod index;
pub mod search;
pub mod text;

#[cfg(feature = "build")]
pub mod bundle;
#[cfg(feature = "build")]
pub mod embed;
#[cfg(feature = "build")]
pub mod input;
#[cfg(feature = "build")]
pub mod parallel;

#[cfg(all(target_arch = "wasm32", any(feature = "wasm-runtime", feature = "wasm-builder")))]
mod wasm;

/// The version of the runtime (this crate); the loader and the wasm must agree on it. Raise it
/// whenever what the runtime hands the loader changes (0.2.0: results packed, see
/// `docs/index-format.md`), so that a loader refuses a wasm it cannot read.
pub const RUNTIME_VERSION: &str = env!("CARGO_PKG_VERSION");
