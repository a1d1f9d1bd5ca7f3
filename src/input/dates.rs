//! Dates as people write them, read the same way wherever an entry's date comes from: the first
//! date in a Markdown heading ([`date_in`]), and a JSON entry's `date` or a feed's (one not in
//! RSS's or Atom's own notation) that is nothing but one ([`whole_date`]). `YYYY-MM-DD`, the same with `/` or one-digit months and days (`2024/03/01`,
//! `2024-4-2`), or a month's name with a day and a year (`May 1, 2024`, `1 May 2024`, the day
//! also as an ordinal: `May 1st, 2024`, `14th May 2024`): forms
//! that say which number is the month. `03/13/2024` and `13/03/2024` are not read: the order of
//! their day and month is the writer's convention, which the text does not tell.

use crate::entry::parse_date;

/// The first date in `s`: `YYYY-MM-DD` (digits in that shape, not inside a longer number),
/// else the same with `/` or one-digit months and days (`2024/03/01`, `2024-4-2`), else a
/// month's name with a day and a year (`May 1, 2024`, `1 May 2024`, `March 1st, 2024`). Its
/// text, and the date (`None` when no such day exists: `2024-02-30`).
pub(super) fn date_in(s: &str) -> Option<(&str, Option<u32>)> {
    let b = s.as_bytes();
    let shape = |i: usize| {
        (i == 0 || !b[i - 1].is_ascii_digit())
            && b.get(i + 10).is_none_or(|c| !c.is_ascii_digit())
            && b[i..i + 10].iter().enumerate().all(|(k, c)| if k == 4 || k == 7 { *c == b'-' } else { c.is_ascii_digit() })
    };
    if let Some(i) = (0..b.len().saturating_sub(9)).find(|&i| shape(i)) {
        let text = &s[i..i + 10];
        return Some((text, parse_date(text)));
    }
    loose_date(s).map(|(text, ymd)| (text, ymd.and_then(|(y, m, d)| parse_date(&format!("{y:04}-{m:02}-{d:02}")))))
}

/// The date when all of `s` (trimmed) is one, in a form [`date_in`] reads: `Some(None)` when
/// no such day exists (`Feb 30, 2024`), `None` when `s` is no such date or holds more than one.
pub(super) fn whole_date(s: &str) -> Option<Option<u32>> {
    let s = s.trim();
    date_in(s).filter(|(text, _)| text.len() == s.len()).map(|(_, d)| d)
}

/// The days `s` may mean when it writes day and month with slashes in an order the text does
/// not tell (`03/04/2024`: 3 April or 4 March; `13/03/2024`: only 13 March), day first, then
/// month first, each read as [`whole_date`] reads `YYYY/MM/DD`: the days that exist.
pub(super) fn slash_readings(s: &str) -> Vec<u32> {
    let mut parts = s.trim().splitn(3, '/');
    let (Some(a), Some(b), Some(y)) = (parts.next(), parts.next(), parts.next()) else { return Vec::new() };
    [(b, a), (a, b)].iter().filter_map(|(m, d)| whole_date(&format!("{y}/{m}/{d}")).flatten()).collect()
}

/// A year, a month and a day.
type Ymd = (u32, u32, u32);

/// A date written another way ([`date_in`]): its text, and its year, month and day when they
/// are numbers a date can have.
fn loose_date(s: &str) -> Option<(&str, Option<Ymd>)> {
    // Words of letters or digits, with where each starts and ends.
    let mut words: Vec<(usize, usize)> = Vec::new();
    for (i, c) in s.char_indices() {
        let alnum = c.is_ascii_alphanumeric();
        match words.last_mut() {
            Some(w) if alnum && w.1 == i => w.1 = i + 1,
            _ if alnum => words.push((i, i + 1)),
            _ => {}
        }
    }
    let word = |k: usize| words.get(k).map(|&(a, b)| &s[a..b]);
    let number = |k: usize, digits: std::ops::RangeInclusive<usize>| word(k).filter(|w| digits.contains(&w.len()) && w.bytes().all(|b| b.is_ascii_digit())).and_then(|w| w.parse::<u32>().ok());
    let year = |k: usize| number(k, 4..=4).filter(|y| super::YEARS.contains(y));
    // Separated by exactly one `-` or `/` (the same twice): `2024/03/01`, `2024-4-2`.
    let sep = |k: usize| words.get(k + 1).map(|&(a, _)| &s[words[k].1..a]);
    for k in 0..words.len() {
        if let (Some(y), Some(m), Some(d)) = (year(k), number(k + 1, 1..=2), number(k + 2, 1..=2)) {
            let (one, two) = (sep(k), sep(k + 1));
            if one == two && matches!(one, Some("-" | "/")) {
                return Some((&s[words[k].0..words[k + 2].1], Some((y, m, d)).filter(|&(_, m, d)| (1..=12).contains(&m) && d >= 1)));
            }
        }
    }
    let month = |k: usize| word(k).and_then(super::digest::month_of);
    // A day: one or two digits, or an ordinal (`1st`, `22nd`, `3rd`, `14th`), as people write it
    // in a changelog's heading (`March 1st, 2024`).
    let day = |k: usize| {
        number(k, 1..=2).or_else(|| {
            let w = word(k)?;
            let digits = w.bytes().take_while(u8::is_ascii_digit).count();
            let suffix = w[digits..].to_ascii_lowercase();
            ((1..=2).contains(&digits) && ["st", "nd", "rd", "th"].contains(&suffix.as_str())).then(|| w[..digits].parse().ok()).flatten()
        })
    };
    for k in 0..words.len() {
        let Some(m) = month(k) else { continue };
        // `May 1, 2024` or `1 May 2024`.
        let found = match (day(k + 1), year(k + 2), k.checked_sub(1).and_then(day), year(k + 1)) {
            (Some(d), Some(y), ..) => Some((words[k].0, words[k + 2].1, d, y)),
            (_, _, Some(d), Some(y)) => Some((words[k - 1].0, words[k + 1].1, d, y)),
            _ => None,
        };
        if let Some((a, b, d, y)) = found {
            return Some((&s[a..b], Some((y, m, d)).filter(|&(_, _, d)| d >= 1)));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whole_dates_in_the_forms_that_say_which_number_is_the_month() {
        for (s, want) in [
            ("2024-03-13", Some(Some(20240313))),
            ("2024/03/13", Some(Some(20240313))),
            ("2024-3-1", Some(Some(20240301))),
            ("March 13, 2024", Some(Some(20240313))),
            ("March 1st, 2024", Some(Some(20240301))),
            ("May 22nd 2024", Some(Some(20240522))),
            ("3rd Jan 2024", Some(Some(20240103))),
            ("14TH MAY 2024", Some(Some(20240514))),
            ("Feb 30th, 2024", Some(None)),
            ("March 1x, 2024", None),
            ("March 123rd, 2024", None),
            (" 13 Mar 2024 ", Some(Some(20240313))),
            ("Feb 30, 2024", Some(None)),
            ("2024/02/30", Some(None)),
            ("13/03/2024", None),
            ("03/13/2024", None),
            ("2024-03-13 and 2024-03-14", None),
            ("released March 13, 2024", None),
            ("2024.03.13", None),
        ] {
            assert_eq!(whole_date(s), want, "{s}");
        }
    }

    #[test]
    fn slashed_days_and_months_are_read_both_ways_where_the_day_exists() {
        for (s, want) in [
            ("03/04/2024", &[20240403, 20240304][..]),
            ("13/03/2024", &[20240313]),
            ("03/13/2024", &[20240313]),
            ("04/04/2024", &[20240404, 20240404]),
            ("30/02/2024", &[]),
            ("2024/03/13", &[]),
            ("March 13, 2024", &[]),
        ] {
            assert_eq!(slash_readings(s), want, "{s}");
        }
    }
}
