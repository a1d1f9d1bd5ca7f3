//! Finding the index in a wasm (`embed::extract`, `embed::versions`, what the CLI's `search`
//! does first) and embedding one (`embed::embed`) on any bytes: an error, never a panic.
#![no_main]

use digest_search::embed;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(index) = embed::extract(data) {
        // What was found lies inside the input.
        let start = index.as_ptr() as usize - data.as_ptr() as usize;
        assert!(start + index.len() <= data.len());
    }
    let _ = embed::versions(data);
    let _ = embed::embed(data, b"DGSTIDX\0 an index", 1);
});
