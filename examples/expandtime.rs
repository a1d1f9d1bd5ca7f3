use digest_search::index::Index;
use digest_search::search::matcher::{self, TypoBuilders};
use std::time::Instant;
fn main() {
    let args: Vec<String> = std::env::args().collect();
    let wasm = std::fs::read(&args[1]).unwrap();
    let queries = std::fs::read_to_string(&args[2]).unwrap();
    let bytes = digest_search::embed::extract(&wasm).unwrap();
    let index = Index::open(bytes).unwrap();
    let typos = TypoBuilders::new();
    let _ = matcher::expand(&index, &typos, "warmup", true);
    let (mut tp, mut tw, mut np, mut nw) = (0u128, 0u128, 0, 0);
    let mut slow: Vec<(u128, String)> = vec![];
    for q in queries.lines() {
        let words: Vec<String> = q.split_whitespace().map(|w| w.to_lowercase()).collect();
        for (i, w) in words.iter().enumerate() {
            let prefix = i + 1 == words.len();
            let t = Instant::now();
            let e = matcher::expand(&index, &typos, w, prefix);
            let ns = t.elapsed().as_nanos();
            std::hint::black_box(e);
            if prefix { tp += ns; np += 1 } else { tw += ns; nw += 1 }
            slow.push((ns, format!("{w}{}", if prefix { "*" } else { "" })));
        }
    }
    slow.sort();
    println!("prefix words {np} mean {} us; other words {nw} mean {} us", tp / np as u128 / 1000, tw / nw as u128 / 1000);
    for (ns, w) in slow.iter().rev().take(15) { println!("{} us {w}", ns / 1000); }
    let n = slow.len(); println!("median {} us p90 {} us", slow[n/2].0/1000, slow[n*9/10].0/1000);
}
