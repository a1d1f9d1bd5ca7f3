//! Ordering candidates without the standard library's sorts: a heapsort of the candidates by
//! a ranking order ([`sort_candidates`]), the first `k` of them ([`keep_first`]), and an
//! insertion sort for short or nearly sorted lists ([`insertion_sort`]). Each is a few hundred
//! bytes of wasm where `sort_by` and `select_nth_unstable_by` are several KB per element type;
//! every order is total (ties end on the entry number), so any sort gives the one result.

use super::rank::Candidate;

/// Sorts a short or nearly sorted list (a query's words, the matches in one text, which arrive
/// in text order but for a compound emitted after its parts): linear on sorted input, and a
/// few dozen bytes of wasm where the standard library's sort is several KB per element type.
pub(crate) fn insertion_sort<T>(v: &mut [T], less: impl Fn(&T, &T) -> bool) {
    for i in 1..v.len() {
        let mut j = i;
        while j > 0 && less(&v[j], &v[j - 1]) {
            v.swap(j, j - 1);
            j -= 1;
        }
    }
}

/// An order of candidates, total: ties end on the entry number.
pub(super) type Order<'o> = dyn Fn(&Candidate, &Candidate) -> std::cmp::Ordering + 'o;

/// Sorts candidates by `order`, a heapsort. Every order is total (ties end on the entry number),
/// so any sort gives the one possible result; this one is a few hundred bytes of wasm, where the
/// standard library's sort and selection are about 10 KB, and the `dyn` comparator makes every
/// call site share it.
pub(super) fn sort_candidates(v: &mut [Candidate], order: &Order<'_>) {
    for i in (0..v.len() / 2).rev() {
        sift_down(v, i, v.len(), order);
    }
    for end in (1..v.len()).rev() {
        v.swap(0, end);
        sift_down(v, 0, end, order);
    }
}

/// Keeps the first `k` candidates in `order` (in no particular order): a heap of the `k` best
/// so far, whose worst each later candidate is compared with.
pub(super) fn keep_first(v: &mut Vec<Candidate>, k: usize, order: &Order<'_>) {
    if v.len() <= k || k == 0 {
        v.truncate(k);
        return;
    }
    for i in (0..k / 2).rev() {
        sift_down(v, i, k, order);
    }
    for j in k..v.len() {
        if order(&v[j], &v[0]).is_lt() {
            v.swap(0, j);
            sift_down(v, 0, k, order);
        }
    }
    v.truncate(k);
}

/// Moves `v[node]` down the max-heap `v[..end]` (the last in `order` on top) to its place.
fn sift_down(v: &mut [Candidate], mut node: usize, end: usize, order: &Order<'_>) {
    loop {
        let mut child = 2 * node + 1;
        if child >= end {
            return;
        }
        if child + 1 < end && order(&v[child], &v[child + 1]).is_lt() {
            child += 1;
        }
        if !order(&v[node], &v[child]).is_lt() {
            return;
        }
        v.swap(node, child);
        node = child;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::rank;

    #[test]
    fn heap_sort_and_selection_agree_with_the_standard_sort() {
        let mut seed = 0x2545_f491_u32;
        let mut next = move |m: u32| {
            seed ^= seed << 13;
            seed ^= seed >> 17;
            seed ^= seed << 5;
            seed % m
        };
        let newest = |a: &Candidate, b: &Candidate| b.coverage.cmp(&a.coverage).then(b.date.cmp(&a.date)).then(rank::order(a, b));
        let orders: [&Order<'_>; 2] = [&rank::order, &newest];
        for n in [0usize, 1, 2, 3, 10, 57, 300] {
            // Few distinct scores, dates and coverages: many ties, broken by the input position.
            let mut inputs: Vec<u32> = (0..n as u32).collect();
            for i in (1..n).rev() {
                inputs.swap(i, next(i as u32 + 1) as usize);
            }
            let cands: Vec<Candidate> = (0..n)
                .map(|i| Candidate { doc: i as u32, coverage: next(3), typos: 0, mask: 0, present: 0, typed: 0, score: next(5) as f32 * 0.5, date: 20240100 + next(4), input: inputs[i] })
                .collect();
            for order in orders {
                let mut want = cands.clone();
                want.sort_by(|a, b| order(a, b));
                let mut got = cands.clone();
                sort_candidates(&mut got, order);
                let docs = |v: &[Candidate]| v.iter().map(|c| c.doc).collect::<Vec<_>>();
                assert_eq!(docs(&got), docs(&want), "sort of {n}");
                for k in [0, 1, 2, 7, 20, n.saturating_sub(1), n, n + 5] {
                    let mut first = cands.clone();
                    keep_first(&mut first, k, order);
                    sort_candidates(&mut first, order);
                    assert_eq!(docs(&first), docs(&want[..k.min(n)]), "first {k} of {n}");
                }
            }
        }
    }
}
