use digest_search::index::Index;
use fst::{IntoStreamer, Streamer, automaton::{Automaton, Str}};
fn main() {
    let args: Vec<String> = std::env::args().collect();
    let wasm = std::fs::read(&args[1]).unwrap();
    let queries = std::fs::read_to_string(&args[2]).unwrap();
    let bytes = digest_search::embed::extract(&wasm).unwrap();
    let index = Index::open(bytes).unwrap();
    let (mut capped, mut n) = (0, 0);
    let mut hist = std::collections::BTreeMap::new();
    for q in queries.lines() {
        let w = q.split_whitespace().last().unwrap_or("").to_lowercase();
        let mut s = index.terms().search(Str::new(&w).starts_with()).into_stream();
        let mut c = 0; while s.next().is_some() { c += 1; }
        n += 1; if c > 2000 { capped += 1; println!("{w} {c}"); }
        *hist.entry(w.chars().count()).or_insert(0) += 1;
    }
    println!("{capped} of {n} last words have > 2000 completions; lengths {hist:?}; terms {}", index.terms().len());
    // prefixes (by byte length) with > T completions
    for t in [256usize, 1000, 2000] {
        for l in 1..=5 {
            let mut count = 0; let mut cur: Vec<u8> = vec![]; let mut c = 0usize;
            let mut st = index.terms().stream();
            while let Some((k, _)) = st.next() {
                if k.len() < l { continue; }
                if &k[..l] != &cur[..] { if c > t { count += 1; } cur = k[..l].to_vec(); c = 0; }
                c += 1;
            }
            if c > t { count += 1; }
            print!("T{t} len{l}: {count}  ");
        }
        println!();
    }
}
