//! What a digest entry is: the one record type every input format produces and every index
//! stores; and its date's two forms, `YYYY-MM-DD` in an [`Entry`] and `yyyymmdd` (a `u32`) in
//! the index and the date filters ([`parse_date`], [`format_date`], with the calendar's
//! [`days_in_month`]). `push_decimal`, the decimal writer behind `format_date`, serves the
//! runtime's other messages too (it has no `core::fmt`). Reading the dates people write, in
//! other forms, is the builder's (`input::dates`).

use serde::{Deserialize, Serialize};

/// One item of a digest: a paper, a newsletter item, a changelog entry.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entry {
    /// Stable identifier (`2401.12345`, `trending-001`); an entry read without one gets its
    /// 0-based position across all inputs.
    pub id: String,
    /// The title, cleaned of markup. Never empty in entries read from inputs (an entry without
    /// a title is an error there); [`crate::index::write::build_index`] indexes what it is given.
    pub title: String,
    /// The abstract or body, cleaned of markup; may be empty.
    pub abstract_text: String,
    /// The entry's links, first the canonical one.
    pub urls: Vec<String>,
    /// `YYYY-MM-DD`, when known. The input readers refuse any other form with an error naming
    /// the line and field; an `Entry` made by hand with another string is indexed as undated.
    pub date: Option<String>,
    /// Author names as written.
    pub authors: Vec<String>,
    /// Tags or categories (`cs.LG`).
    pub tags: Vec<String>,
}

/// Parses `YYYY-MM-DD` (also the date part of an ISO timestamp, with `T`, `t` or a space after
/// it) into `yyyymmdd`, checking that the day exists (`2024-02-29`, not `2023-02-29` or
/// `2024-02-30`). Returns `None` for anything else.
pub fn parse_date(s: &str) -> Option<u32> {
    let b = s.as_bytes();
    if b.len() < 10 || b[4] != b'-' || b[7] != b'-' || (b.len() > 10 && !matches!(b[10], b'T' | b't' | b' ')) {
        return None;
    }
    let num = |r: std::ops::Range<usize>| -> Option<u32> {
        let part = s.get(r)?;
        if part.bytes().all(|c| c.is_ascii_digit()) { part.parse().ok() } else { None }
    };
    let (y, m, d) = (num(0..4)?, num(5..7)?, num(8..10)?);
    if !(1..=12).contains(&m) || !(1..=days_in_month(y, m)).contains(&d) {
        return None;
    }
    Some(y * 10000 + m * 100 + d)
}

/// The days of month `m` (1 to 12) of year `y` in the Gregorian calendar.
pub fn days_in_month(y: u32, m: u32) -> u32 {
    match m {
        2 if y % 4 == 0 && (y % 100 != 0 || y % 400 == 0) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Formats `yyyymmdd` back to `YYYY-MM-DD`.
pub fn format_date(v: u32) -> String {
    let mut s = String::with_capacity(10);
    push_decimal(&mut s, v / 10000, 4);
    s.push('-');
    push_decimal(&mut s, v / 100 % 100, 2);
    s.push('-');
    push_decimal(&mut s, v % 100, 2);
    s
}

/// The strings one after another: what `[a, b].concat()` gives, by a loop, where the standard
/// library's `concat` links its generic `join` (about 1 KB of the runtime wasm, raw).
#[inline(never)]
pub(crate) fn concat(parts: &[&str]) -> String {
    let mut out = String::new();
    for p in parts {
        out.push_str(p);
    }
    out
}

/// Appends `n` in decimal to `out`, with zeros in front up to `width` digits (at most 10): what
/// `write!(out, "{n:0width$}")` writes, without `core::fmt`, which the runtime wasm leaves out
/// (docs/performance.md, "Runtime code size: history").
pub(crate) fn push_decimal(out: &mut String, mut n: u32, width: usize) {
    let mut digits = [b'0'; 10];
    let mut i = digits.len();
    loop {
        i -= 1;
        digits[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    for &d in &digits[i.min(digits.len().saturating_sub(width))..] {
        out.push(char::from(d));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_round_trip() {
        assert_eq!(parse_date("2024-03-13"), Some(20240313));
        assert_eq!(parse_date("2024-03-13T10:00:00Z"), Some(20240313));
        assert_eq!(parse_date("2024-08-01t08:00:00z"), Some(20240801), "RFC 3339 allows lowercase t and z");
        assert_eq!(format_date(20240313), "2024-03-13");
        assert_eq!(parse_date("2024-02-29"), Some(20240229));
        assert_eq!(parse_date("2000-02-29"), Some(20000229));
        assert_eq!(parse_date("2024-04-30"), Some(20240430));
        for bad in ["2024-13-01", "2024-3-1", "yesterday", "2024-03-13x", "", "2024-02-30", "2023-02-29", "1900-02-29", "2024-04-31", "2024-00-10", "2024-01-00"] {
            assert_eq!(parse_date(bad), None, "{bad}");
        }
    }

    /// `push_decimal` and `format_date` write what `core::fmt` writes, which they stand in for.
    #[test]
    fn decimals_as_core_fmt_writes_them() {
        let mut values: Vec<u32> = (0..=10).map(|e| 10u32.saturating_pow(e)).flat_map(|p| [p.saturating_sub(1), p, p.saturating_add(1)]).collect();
        values.extend((0..2000).map(|i| i * 2_147_483 + i));
        values.push(u32::MAX);
        for n in values {
            for width in 0..=10 {
                let mut s = String::from("x");
                push_decimal(&mut s, n, width);
                assert_eq!(s, format!("x{n:0width$}"), "{n} in {width} digits");
            }
            assert_eq!(format_date(n), format!("{:04}-{:02}-{:02}", n / 10000, n / 100 % 100, n % 100), "{n}");
        }
    }
}
