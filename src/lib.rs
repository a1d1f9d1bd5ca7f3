//! # digest-search
//!
//! Instant, typo-tolerant search for digests — daily lists of papers, newsletters, changelogs —
//! that runs entirely in the browser from one WebAssembly file.
//!
//! The crate is layered from the ground up; each layer only uses the ones below it:
//!
//! 1. [`entry`] (what an entry is) and [`text`] (the one tokenizer, shared by builder and runtime).
//! 2. [`input`] (plain-text digests, JSON, JSON Lines, RSS, Atom and JSON feeds, Markdown
//!    changelogs → entries; builder only) and [`index`] (the byte
//!    format, its writer — builder only — and its zero-copy reader).
//! 3. [`search`] (parse, match, rank, highlight), [`embed`] (index → runtime wasm; builder only)
//!    and [`bundle`] (the JS files written beside it, and the prebuilt runtime the CLI and the npm
//!    builder embed; builder only).
//! 4. Faces: `wasm::runtime` (the browser API, feature `wasm-runtime`), the `digest-search` CLI and
//!    `wasm::builder` (the same builder as WebAssembly for the npm package, feature `wasm-builder`).
//!
//! The runtime wasm is built without the `build` feature, so it never links the builder.
//!
//! ## As a library
//!
//! Depend on the crate without its default feature, `cli` (the command-line tool, which embeds
//! the runtime wasm that `./build.sh` builds first), and with `build` to read inputs and write
//! indexes: `digest-search = { git = "…", default-features = false, features = ["build"] }`.
//! Without any feature the crate opens and searches indexes only ([`index`], [`search`]).
//!
//! ```
//! use digest_search::entry::Entry;
//! use digest_search::index::{write::build_index, Index};
//! use digest_search::search::{SearchOptions, Searcher};
//!
//! let entries = vec![Entry {
//!     id: "2401.1".into(),
//!     title: "Zeroth-Order Optimization: a Benchmark".into(),
//!     abstract_text: "We compare zeroth-order optimizers on language models.".into(),
//!     urls: vec!["https://arxiv.org/abs/2401.1".into()],
//!     ..Default::default()
//! }];
//! // Or read files: `input::read_inputs(&["digest.txt"], &InputOptions::default(), &mut |w| eprintln!("{w}"))?`.
//! let bytes = build_index(&entries, &mut |_done| {});
//! let searcher = Searcher::new(Index::open(&bytes)?);
//! let page = searcher.search("zeroth ordr bench", &SearchOptions { limit: 5, ..Default::default() })?;
//! let hit = &page.results[0];
//! assert_eq!(hit.id, "2401.1");
//! // Highlights are `[start, end)` in UTF-16 code units, as JavaScript indexes strings.
//! let title: Vec<u16> = hit.title.encode_utf16().collect();
//! let marked: Vec<String> = hit.title_highlights.iter().map(|&[a, b]| String::from_utf16_lossy(&title[a as usize..b as usize])).collect();
//! assert_eq!(marked, ["Zeroth-Order", "Benchmark"]); // two words joined by a hyphen, one span
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! [`index::write::build_index`] gives the index's bytes (the format is `docs/index-format.md`);
//! to serve them in a browser, the `digest-search build` CLI or the npm package embeds them in
//! the runtime wasm, and `embed::extract` reads them back out of a built `.wasm`.

// Without the `build` feature the builder's modules are not compiled, and the docs' links to
// them render as plain text rather than fail (`./build.sh test` checks the links with it).
#![cfg_attr(not(feature = "build"), allow(rustdoc::broken_intra_doc_links))]
// Every public item is documented: `cargo clippy -- -D warnings` (./build.sh test) fails on one
// that is not.
#![warn(missing_docs)]

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
pub(crate) mod parallel;

#[cfg(all(target_arch = "wasm32", any(feature = "wasm-runtime", feature = "wasm-builder")))]
mod wasm;

/// The version of the runtime (this crate); the loader and the wasm must agree on it. Raise it
/// whenever what the runtime hands the loader changes (0.2.0: results packed, see
/// `docs/index-format.md`), so that a loader refuses a wasm it cannot read.
pub const RUNTIME_VERSION: &str = env!("CARGO_PKG_VERSION");
