//! WebAssembly faces. `runtime` is the browser API; it translates arguments and errors and
//! holds no search logic of its own.

pub mod runtime;
