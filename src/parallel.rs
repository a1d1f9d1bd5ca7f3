//! Two jobs at once: on a native target each in its own thread, on WebAssembly (the npm
//! package's builder, which has no threads) one after the other. The builder's independent
//! passes (indexing runs of entries, writing the stored text while the dictionary is sorted)
//! use it; the results never depend on whether the jobs ran side by side.

/// Runs `a` and `b`, side by side where threads exist, and returns both results.
pub fn join<A: Send, B: Send>(a: impl FnOnce() -> A + Send, b: impl FnOnce() -> B + Send) -> (A, B) {
    if !threads() {
        return (a(), b());
    }
    std::thread::scope(|s| {
        let other = s.spawn(b);
        let first = a();
        (first, other.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
    })
}

/// Whether this target runs threads: every native one, not wasm32-unknown-unknown.
pub fn threads() -> bool {
    !cfg!(target_arch = "wasm32")
}

/// How many jobs a pass may split into: the cores, at most `max`.
pub fn workers(max: usize) -> usize {
    if threads() {
        std::thread::available_parallelism().map_or(1, |n| n.get()).min(max).max(1)
    } else {
        1
    }
}
