//! Walks of the term dictionary that descend the fst's nodes directly: the terms under a
//! prefix, the terms one edit away from a word, and the terms a Levenshtein DFA accepts.
//!
//! `fst`'s streams run an automaton over every transition of every node they visit, and decode
//! the node behind each one before asking the automaton whether to go on. A walk to the terms
//! under a prefix thus reads every sibling along the prefix, and a Levenshtein automaton of one
//! edit reads thousands of transitions over a 100k-entry dictionary (about 0.1 ms per word),
//! since one edit lets it into every child of every node on the word's path. Here a prefix is
//! followed by looking up its bytes; one edit is enumerated by its shapes instead: at each
//! position of the word, drop its byte, swap it with the next, or put each of the node's own
//! bytes in its place or before it, then follow the rest of the word, a path that either exists
//! or breaks within a byte or two; and a DFA (two edits) is asked about a transition before the
//! node behind it is read. Not linking `fst`'s stream code also keeps the wasm smaller.
//!
//! Each walk finds what the automaton walk it replaces finds, in the same (byte) order; the
//! tests check that against `levenshtein_automata` and `fst`'s streams.

use fst::raw::{Fst, Node, Output};
use levenshtein_automata::{Distance, DFA, SINK_STATE};

/// A dictionary the walks read: an fst, and the value that a key's output stands for.
pub trait Terms {
    /// The fst's bytes.
    type Data: AsRef<[u8]>;
    /// The fst.
    fn fst(&self) -> &Fst<Self::Data>;
    /// The value of the key whose fst output is `output`.
    fn value(&self, output: u64) -> u64;
}

/// A bare fst map: a key's value is its output (the tests' maps). An index's dictionary maps
/// a term to its ordinal, and keeps the values apart ([`crate::index::Dictionary`]).
impl<D: AsRef<[u8]>> Terms for Fst<D> {
    type Data = D;
    fn fst(&self) -> &Fst<D> {
        self
    }
    fn value(&self, output: u64) -> u64 {
        output
    }
}

/// Terms found, in byte order without repeats, each with its value and its smallest distance.
pub type Found = Vec<(Vec<u8>, u64, u8)>;

/// Adds a term to `found`, or lowers the distance it has there.
fn add(found: &mut Found, key: &[u8], value: u64, dist: u8) {
    match found.binary_search_by(|e| e.0.as_slice().cmp(key)) {
        Ok(i) => found[i].2 = found[i].2.min(dist),
        Err(i) => found.insert(i, (key.to_vec(), value, dist)),
    }
}

/// Follows `rest` from `node`: the node it leads to and the output on the way, if the path exists.
fn walk<'f, D: AsRef<[u8]>>(fst: &'f Fst<D>, mut node: Node<'f>, mut out: Output, rest: &[u8]) -> Option<(Node<'f>, Output)> {
    for &b in rest {
        let t = node.transition(node.find_input(b)?);
        out = out.cat(t.out);
        node = fst.node(t.addr);
    }
    Some((node, out))
}

/// Calls `f(i, node, output)` for each `i` from 1 on while `word[..i]` is a path, with the node
/// it leads to and the output on the way.
fn along<'f, D: AsRef<[u8]>>(fst: &'f Fst<D>, word: &[u8], f: &mut dyn FnMut(usize, &Node<'f>, Output)) {
    let (mut node, mut out) = (fst.root(), Output::zero());
    for i in 0..word.len() {
        let Some(next) = walk(fst, node, out, &word[i..=i]) else { return };
        (node, out) = next;
        f(i + 1, &node, out);
    }
}

/// What [`edits_at`] calls for each edit: `(extra, node, output, tail)`.
type Edit<'c, 'f> = dyn FnMut(&[u8], Node<'f>, Output, &[u8]) + 'c;

/// Calls `f(extra, node, output, tail)` for every way the word can go on from a position with
/// one edit there: the edited word goes on with the bytes `extra`, which lead to `node` (with
/// `output` on the way), then must follow `tail`. `node` is where the word's bytes before the
/// position lead and `rest` the word from there on. The edits: a deletion of `rest`'s first
/// byte, its transposition with the next, and an insertion or substitution of each byte `node`
/// has a transition for (each child node is read once for both).
fn edits_at<'f, D: AsRef<[u8]>>(fst: &'f Fst<D>, node: Node<'f>, out: Output, rest: &[u8], f: &mut Edit<'_, 'f>) {
    if let Some((&b, after)) = rest.split_first() {
        f(&[], node, out, after);
        if let Some((&c, tail)) = after.split_first() {
            if c != b {
                if let Some((n, o)) = walk(fst, node, out, &[c, b]) {
                    f(&[c, b], n, o, tail);
                }
            }
        }
    }
    for i in 0..node.len() {
        let t = node.transition(i);
        let (n, o) = (fst.node(t.addr), out.cat(t.out));
        f(&[t.inp], n, o, rest);
        if let Some((&b, after)) = rest.split_first() {
            if b != t.inp {
                f(&[t.inp], n, o, after);
            }
        }
    }
}

/// Calls `f(term, value, distance)` for the terms under `node` (whose key is `key`) of at most
/// `max_len` bytes and, with a DFA, those it accepts from `state` (with their distance; 0
/// without one), in byte order, while it returns `true`; returns `false` once it has not. A
/// transition the DFA rejects is skipped before the node behind it is read.
#[allow(clippy::too_many_arguments)]
fn under<T: Terms>(dict: &T, node: &Node<'_>, out: Output, key: &mut Vec<u8>, max_len: usize, dfa: Option<&DFA>, state: u32, f: &mut dyn FnMut(&[u8], u64, u8) -> bool) -> bool {
    if node.is_final() {
        let dist = dfa.map_or(Distance::Exact(0), |dfa| dfa.distance(state));
        if let Distance::Exact(d) = dist {
            if !f(key, dict.value(out.cat(node.final_output()).value()), d) {
                return false;
            }
        }
    }
    if key.len() >= max_len {
        return true;
    }
    for i in 0..node.len() {
        let t = node.transition(i);
        let next = dfa.map_or(0, |dfa| dfa.transition(state, t.inp));
        if dfa.is_some() && next == SINK_STATE {
            continue;
        }
        key.push(t.inp);
        let go_on = under(dict, &dict.fst().node(t.addr), out.cat(t.out), key, max_len, dfa, next, f);
        key.pop();
        if !go_on {
            return false;
        }
    }
    true
}

/// A place in a dictionary: the node a key leads to, with the output on the way there.
pub type At<'f> = (Node<'f>, Output);

/// Follows `key` from `from` (from the root when `None`): where it leads, if it is a path. Keys
/// that share a beginning are looked up from where it leads ([`value`]), so that it is followed
/// once.
pub fn at<'f, T: Terms>(dict: &'f T, from: Option<At<'f>>, key: &[u8]) -> Option<At<'f>> {
    let fst = dict.fst();
    let (node, out) = from.unwrap_or((fst.root(), Output::zero()));
    walk(fst, node, out, key)
}

/// The value of the key that leads to `at` in `dict`, if that key is a term.
pub fn value<T: Terms>(dict: &T, (node, out): At<'_>) -> Option<u64> {
    node.is_final().then(|| dict.value(out.cat(node.final_output()).value()))
}

/// Calls `f(term, value)` for the terms that start with `prefix` and are at most `max_len`
/// bytes long, in byte order, while it returns `true`.
pub fn prefixed<T: Terms>(dict: &T, prefix: &[u8], max_len: usize, f: &mut dyn FnMut(&[u8], u64) -> bool) {
    if let Some((node, out)) = at(dict, None, prefix) {
        under(dict, &node, out, &mut prefix.to_vec(), max_len, None, 0, &mut |k, v, _| f(k, v));
    }
}

/// Every dictionary term one edit from `word` that keeps its first byte, with its value and
/// distance 1, in byte order; `word` itself is not among them. `word` is ASCII.
///
/// With `prefix`, the terms that start with `word` or with a one-edit variant of it instead
/// (what a prefix Levenshtein automaton of distance 1 accepts), with distance 0 for those that
/// start with `word` itself. Of each subtree read, only the first `cap` terms that `counts`
/// accepts are taken: the first `cap` of the result that it accepts are what a walk in byte
/// order that stops after `cap` such terms finds.
pub fn one_edit<T: Terms>(dict: &T, word: &[u8], prefix: bool, cap: usize, counts: &dyn Fn(u64) -> bool) -> Found {
    let fst = dict.fst();
    let mut found = Found::new();
    let mut key = Vec::new();
    let subtree = |key: &mut Vec<u8>, node: &Node<'_>, out: Output, found: &mut Found| {
        let mut counted = 0;
        under(dict, node, out, key, usize::MAX, None, 0, &mut |k, v, _| {
            if k != word {
                add(found, k, v, u8::from(!k.starts_with(word)));
                counted += usize::from(counts(v));
            }
            counted < cap
        });
    };
    // A prefix's edits at its last byte and past it lead under the word less that byte: every
    // term that starts with it is within one edit of a prefix (the byte deleted, replaced or
    // preceded by another).
    let Some(last) = word.len().checked_sub(usize::from(prefix)) else { return found };
    along(fst, &word[..last], &mut |i, node, out| {
        key.clear();
        key.extend_from_slice(&word[..i]);
        if prefix && i == last {
            subtree(&mut key, node, out, &mut found);
            return;
        }
        edits_at(fst, *node, out, &word[i..], &mut |extra, n, o, tail| {
            if let Some((n, o)) = walk(fst, n, o, tail) {
                key.truncate(i);
                key.extend_from_slice(extra);
                key.extend_from_slice(tail);
                if prefix {
                    subtree(&mut key, &n, o, &mut found);
                } else if n.is_final() && key != word {
                    add(&mut found, &key, dict.value(o.cat(n.final_output()).value()), 1);
                }
            }
        });
    });
    found
}

/// Calls `f(term, value, distance)` for the terms that start with `first` and that `dfa` (a
/// `levenshtein_automata` DFA) accepts, with their distance, in byte order, while it returns
/// `true`: what `fst`'s stream with the DFA as its automaton finds.
pub fn within<T: Terms>(dict: &T, first: &[u8], dfa: &DFA, f: &mut dyn FnMut(&[u8], u64, u8) -> bool) {
    let state = first.iter().fold(dfa.initial_state(), |s, &b| dfa.transition(s, b));
    if state == SINK_STATE {
        return;
    }
    if let Some((node, out)) = at(dict, None, first) {
        under(dict, &node, out, &mut first.to_vec(), usize::MAX, Some(dfa), state, f);
    }
}

#[cfg(test)]
mod tests {
    use super::one_edit;
    use fst::{Map, Streamer};
    use levenshtein_automata::{Distance, LevenshteinAutomatonBuilder};

    /// What the Levenshtein automaton of one edit finds (with `prefix`, the prefix automaton:
    /// keys within one edit of a prefix) through `fst`'s stream: keys that keep the word's
    /// first byte, other than the word, with their distance.
    fn by_automaton(map: &Map<Vec<u8>>, word: &str, prefix: bool) -> Vec<(Vec<u8>, u64, u8)> {
        let builder = LevenshteinAutomatonBuilder::new(1, true);
        let dfa = if prefix { builder.build_prefix_dfa(word) } else { builder.build_dfa(word) };
        let mut out = Vec::new();
        let mut s = map.stream();
        while let Some((k, v)) = s.next() {
            if k.first() == word.as_bytes().first() && k != word.as_bytes() {
                if let Distance::Exact(d) = dfa.eval(k) {
                    out.push((k.to_vec(), v, d));
                }
            }
        }
        out
    }

    /// Words around `keys`: each key, and each with one byte inserted, dropped or replaced.
    fn neighbourhood(keys: &[String]) -> Vec<String> {
        let mut words = Vec::new();
        for w in keys {
            let bytes = w.as_bytes();
            words.push(w.clone());
            for i in 0..=bytes.len() {
                for c in [b'a', b'e', b'r', b'w'] {
                    let mut v = bytes.to_vec();
                    v.insert(i, c);
                    words.push(String::from_utf8(v).unwrap());
                    if i < bytes.len() {
                        let mut v = bytes.to_vec();
                        v[i] = c;
                        words.push(String::from_utf8(v).unwrap());
                    }
                }
                if i < bytes.len() {
                    let mut v = bytes.to_vec();
                    v.remove(i);
                    words.push(String::from_utf8(v).unwrap());
                }
            }
        }
        words
    }

    #[test]
    fn prefix_search_finds_what_the_prefix_automaton_finds() {
        let base = [
            "network", "networks", "netwrok", "neural", "neutral", "nerual", "new", "news", "newt", "next", "nets", "net", "nervous", "nerve", "transformer",
            "transfer", "transform", "transformers", "transient", "trans", "translation", "tarnsform", "tranform", "medical", "medic", "medicine",
        ];
        let mut keys: Vec<String> = base.iter().map(|s| s.to_string()).collect();
        keys.sort_unstable();
        let map = Map::from_iter(keys.iter().enumerate().map(|(i, k)| (k.as_str(), i as u64))).unwrap();
        let mut checked = 0;
        for w in neighbourhood(&keys) {
            if w.len() < 4 {
                continue;
            }
            let want = by_automaton(&map, &w, true);
            assert_eq!(one_edit(map.as_fst(), w.as_bytes(), true, usize::MAX, &|_| true), want, "{w}");
            // Capped: the first terms in byte order, as a walk that stops would find.
            let got = one_edit(map.as_fst(), w.as_bytes(), true, 2, &|_| true);
            assert_eq!(got[..got.len().min(2)], want[..want.len().min(2)], "{w}");
            checked += usize::from(want.iter().any(|t| t.2 == 1)) + usize::from(want.iter().any(|t| t.2 == 0));
        }
        // Both distances occur.
        assert!(checked > 200, "{checked}");
    }

    #[test]
    fn a_lookup_from_where_a_beginning_leads_finds_what_the_maps_lookup_finds() {
        let base = ["network", "networks", "netwrok", "neural", "neutral", "new", "news", "newt", "next", "nets", "net", "n"];
        let mut keys: Vec<String> = base.iter().map(|s| s.to_string()).collect();
        keys.sort_unstable();
        let map = Map::from_iter(keys.iter().enumerate().map(|(i, k)| (k.as_str(), i as u64 * 3 + 1))).unwrap();
        let mut found = 0;
        for w in neighbourhood(&keys).iter().map(String::as_bytes).chain([&b""[..]]) {
            let want = map.get(w);
            found += usize::from(want.is_some());
            assert_eq!(super::at(map.as_fst(), None, w).and_then(|a| super::value(map.as_fst(), a)), want, "{w:?}");
            // From any beginning of the word that is a path, the rest looked up from there.
            for k in 0..=w.len() {
                if let Some(at) = super::at(map.as_fst(), None, &w[..k]) {
                    assert_eq!(super::at(map.as_fst(), Some(at), &w[k..]).and_then(|a| super::value(map.as_fst(), a)), want, "{w:?} {k}");
                }
            }
        }
        assert!(found >= keys.len(), "{found}");
    }

    #[test]
    fn prefixed_keeps_the_prefix_and_the_length_in_byte_order_until_told_to_stop() {
        let keys = ["mdoel", "mo", "mod", "mode", "model", "modeling", "models", "modest", "nodel"];
        let map = Map::from_iter(keys.iter().enumerate().map(|(i, k)| (*k, i as u64))).unwrap();
        let run = |prefix: &str, max_len: usize, stop_after: usize| {
            let mut out = Vec::new();
            super::prefixed(map.as_fst(), prefix.as_bytes(), max_len, &mut |k, v| {
                out.push((String::from_utf8(k.to_vec()).unwrap(), v));
                out.len() < stop_after
            });
            out
        };
        let names = |v: Vec<(String, u64)>| v.into_iter().map(|(k, _)| k).collect::<Vec<_>>();
        assert_eq!(names(run("mod", usize::MAX, 99)), ["mod", "mode", "model", "modeling", "models", "modest"]);
        assert_eq!(names(run("mod", 6, 99)), ["mod", "mode", "model", "models", "modest"]);
        assert_eq!(names(run("mod", usize::MAX, 2)), ["mod", "mode"]);
        assert_eq!(names(run("x", usize::MAX, 99)), Vec::<String>::new());
        // Values are the keys' own.
        assert!(run("m", usize::MAX, 99).iter().all(|(k, v)| keys[*v as usize] == k));
    }

    #[test]
    fn within_finds_what_the_automatons_stream_finds() {
        use fst::IntoStreamer;
        let mut keys = vec!["mo", "model", "modeling", "models", "modest", "nodel", "mdoel", "mode", "medal", "moral", "modules", "mxdel", "m", "n"];
        keys.sort_unstable();
        let map = Map::from_iter(keys.iter().enumerate().map(|(i, k)| (*k, i as u64))).unwrap();
        for d in [1, 2] {
            let builder = LevenshteinAutomatonBuilder::new(d, true);
            for word in ["model", "modle", "mdl", "modelling", "nodel", "mo"] {
                for dfa in [builder.build_dfa(word), builder.build_prefix_dfa(word)] {
                    let mut want = Vec::new();
                    let mut s = map.search(&dfa).into_stream();
                    while let Some((k, v)) = s.next() {
                        if k.first() == Some(&b'm') {
                            let Distance::Exact(d) = dfa.eval(k) else { unreachable!() };
                            want.push((k.to_vec(), v, d));
                        }
                    }
                    let mut got = Vec::new();
                    super::within(map.as_fst(), b"m", &dfa, &mut |k, v, d| {
                        got.push((k.to_vec(), v, d));
                        true
                    });
                    assert_eq!(got, want, "{word} {d}");
                }
            }
        }
        // One edit (a transposition counts as one), and the first letter kept.
        let dfa = LevenshteinAutomatonBuilder::new(1, true).build_dfa("model");
        let mut got = Vec::new();
        super::within(map.as_fst(), b"m", &dfa, &mut |k, _, _| {
            got.push(String::from_utf8(k.to_vec()).unwrap());
            got.len() < 3
        });
        assert_eq!(got, ["mdoel", "mode", "model"]);
    }

    #[test]
    fn finds_what_the_automaton_finds() {
        let mut keys: Vec<&str> = vec![
            "medical", "medial", "medicals", "meducal", "emdical", "mdical", "medicla", "mmedical", "medica", "medicaal", "medicl",
            "model", "models", "modal", "moder", "mode", "modell", "modle", "omdel", "mdoel", "modelling", "a", "ab", "abc", "medic",
            "medicine", "meical", "mediacl", "m", "me", "med", "xedical", "medicalx", "medicalxx",
        ];
        keys.sort_unstable();
        keys.dedup();
        let map = Map::from_iter(keys.iter().enumerate().map(|(i, k)| (*k, i as u64 * 7 + 1))).unwrap();
        let words = ["medical", "model", "modle", "mdical", "medicla", "medicalx", "mexical", "ab", "abd", "zzzzz", "modelling", "medic"];
        for w in words {
            let got = one_edit(map.as_fst(), w.as_bytes(), false, usize::MAX, &|_| true);
            assert_eq!(got, by_automaton(&map, w, false), "{w}");
        }
        // The list above covers every kind of edit.
        assert!(one_edit(map.as_fst(), b"medical", false, usize::MAX, &|_| true).len() >= 9);
    }

    #[test]
    fn every_one_edit_variant_of_dictionary_words_agrees() {
        // Each key, and each key with one edit, as the word: a dense neighbourhood.
        let base = ["network", "networks", "netwrok", "neural", "neutral", "nerual", "new", "news", "newt", "next", "nets", "net"];
        let mut keys: Vec<String> = base.iter().map(|s| s.to_string()).collect();
        keys.sort_unstable();
        let map = Map::from_iter(keys.iter().enumerate().map(|(i, k)| (k.as_str(), i as u64))).unwrap();
        for w in neighbourhood(&keys) {
            assert_eq!(one_edit(map.as_fst(), w.as_bytes(), false, usize::MAX, &|_| true), by_automaton(&map, &w, false), "{w}");
        }
    }
}
