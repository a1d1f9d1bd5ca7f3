//! The index: its byte format ([`format`](mod@format)), the builder that writes it ([`write`](mod@write), builder only)
//! and the zero-copy reader the runtime searches in place ([`read`]).
//!
//! The byte layout is documented in `docs/index-format.md`; `format` holds its constants.

pub mod format;
pub mod read;
#[cfg(feature = "build")]
pub mod write;

pub use read::{Dictionary, Index, IndexError, Stored};
