//! An input file's bytes to its text: gzip undone (by its magic bytes), an XML file that
//! declares a single-byte Western encoding (old feeds) read in it, and anything else read as
//! UTF-8, with UTF-16 and invalid bytes refused by an error that names the line, the column and
//! the bytes. What the text holds is the format readers' job ([`super::detect_format`]).

use super::InputError;
use std::borrow::Cow;
use std::io::Read;

/// Most bytes a gzip input may expand to: an index must fit in a 32-bit WebAssembly memory
/// anyway, so anything larger is a mistake (or a decompression bomb).
pub const MAX_INPUT_BYTES: u64 = 2 << 30;

/// The text of the input `name` (for messages), and the name its format is told by (without
/// `.gz` when it was gzipped). A byte order mark is left at the start of the text.
pub(super) fn text<'a>(name: &'a str, bytes: &'a [u8]) -> Result<(Cow<'a, str>, &'a str), InputError> {
    let (bytes, inner_name): (Cow<[u8]>, &str) = if bytes.starts_with(&[0x1f, 0x8b]) {
        let mut out = Vec::new();
        flate2::read::MultiGzDecoder::new(bytes)
            .take(MAX_INPUT_BYTES + 1)
            .read_to_end(&mut out)
            .map_err(|e| InputError::new(name, None, None, format!("not valid gzip: {e}")))?;
        if out.len() as u64 > MAX_INPUT_BYTES {
            return Err(InputError::new(name, None, None, format!("expands to more than {} GiB: too large to index", MAX_INPUT_BYTES >> 30)));
        }
        (out.into(), name.strip_suffix(".gz").unwrap_or(name))
    } else {
        (bytes.into(), name)
    };
    // An XML file that declares a single-byte Western encoding (old feeds) is read in it.
    let bytes = match declared_single_byte(&bytes) {
        Some(table) => Cow::Owned(decode_single_byte(&bytes, table).into_bytes()),
        None => bytes,
    };
    if bytes.len() >= 4 && (bytes[0] == 0 && bytes[2] == 0 && bytes[1] != 0 || bytes[1] == 0 && bytes[3] == 0 && bytes[0] != 0) {
        return Err(InputError::new(name, Some(1), None, "the file is UTF-16 (every other byte is zero): save it as UTF-8"));
    }
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return Err(InputError::new(name, Some(1), None, "the file is UTF-16 (it starts with UTF-16's byte order mark): save it as UTF-8"));
    }
    let text = match bytes {
        Cow::Borrowed(b) => Cow::Borrowed(std::str::from_utf8(b).map_err(|e| invalid_utf8(name, b, e))?),
        Cow::Owned(v) => Cow::Owned(String::from_utf8(v).map_err(|e| invalid_utf8(name, e.as_bytes(), e.utf8_error()))?),
    };
    Ok((text, inner_name))
}

/// The error for `bytes` that are not UTF-8 (`e`): the line and the column (in characters, as
/// editors count) of the first bad byte, and its bytes.
fn invalid_utf8(name: &str, bytes: &[u8], e: std::str::Utf8Error) -> InputError {
    let upto = &bytes[..e.valid_up_to()];
    let line_start = upto.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
    let line = upto.iter().filter(|&&b| b == b'\n').count() + 1;
    // `upto` is valid UTF-8, so its last line counts in characters, as editors do.
    let column = std::str::from_utf8(&upto[line_start..]).map_or(upto.len() - line_start, |l| l.chars().count()) + 1;
    let bad: Vec<String> = bytes[e.valid_up_to()..].iter().take(e.error_len().unwrap_or(1)).map(|b| format!("0x{b:02X}")).collect();
    let msg = format!("invalid UTF-8 (byte {}): save the file as UTF-8", bad.join(" "));
    InputError { column: Some(column), ..InputError::new(name, Some(line), None, msg) }
}

/// What windows-1252 has at 0x80-0x9F (0: unassigned, read as the C1 control of that code, as
/// ISO-8859-1 has it). Browsers read `ISO-8859-1` and `US-ASCII` labels as windows-1252 too.
const WINDOWS_1252: [u16; 32] = [
    0x20AC, 0, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0, 0x017D, 0,
    0, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0, 0x017E, 0x0178,
];

/// Whether `bytes` start with an XML declaration of a single-byte Western encoding
/// (`ISO-8859-1`, `latin1`, `windows-1252`, `US-ASCII`) and are not valid UTF-8 already.
fn declared_single_byte(bytes: &[u8]) -> Option<&'static [u16; 32]> {
    let decl = bytes.strip_prefix(b"<?xml")?;
    let end = decl.iter().take(200).position(|&b| b == b'>')?;
    let decl = String::from_utf8_lossy(&decl[..end]).to_ascii_lowercase();
    let at = decl.find("encoding")?;
    let value = decl[at + 8..].trim_start().strip_prefix('=')?.trim_start();
    let value = value.trim_start_matches(['"', '\'']).split(['"', '\'']).next()?;
    let western = matches!(value, "iso-8859-1" | "iso8859-1" | "latin1" | "latin-1" | "l1" | "windows-1252" | "cp1252" | "us-ascii" | "ascii");
    (western && std::str::from_utf8(bytes).is_err()).then_some(&WINDOWS_1252)
}

/// `bytes` read as windows-1252.
fn decode_single_byte(bytes: &[u8], table: &[u16; 32]) -> String {
    bytes
        .iter()
        .map(|&b| match b {
            0x80..=0x9F => char::from_u32(u32::from(table[usize::from(b - 0x80)])).filter(|&c| c != '\0').unwrap_or(char::from(b)),
            _ => char::from(b),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use crate::input::tests::parse;

    #[test]
    fn invalid_utf8_names_line_character_column_and_byte() {
        let e = parse("f.jsonl", b"{\"title\":\"ok\"}\n{\"title\":\"\xc3\xa9t\xe9\"}").unwrap_err();
        // Line 2: `{"title":"ét` is 12 characters (13 bytes), the bad byte is the 13th character.
        assert_eq!((e.line, e.column), (Some(2), Some(13)), "{e}");
        assert_eq!(e.to_string(), "f.jsonl:2:13: invalid UTF-8 (byte 0xE9): save the file as UTF-8");
    }

    #[test]
    fn a_feed_that_declares_latin1_or_windows_1252_is_read_in_it() {
        let mut feed = b"<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>\n<rss><channel><item><title>Caf\xe9 \x93news\x94 \x80 5</title></item></channel></rss>".to_vec();
        let got = parse("f.rss", &feed).unwrap();
        assert_eq!(got[0].entry.title, "Café “news” € 5");
        // Without the declaration, the bytes are still not UTF-8, and said so.
        feed.drain(..feed.iter().position(|&b| b == b'\n').unwrap() + 1);
        assert!(parse("f.rss", &feed).unwrap_err().to_string().contains("invalid UTF-8 (byte 0xE9)"));
        // A file that is UTF-8 whatever it declares is read as UTF-8.
        let utf8 = "<?xml version='1.0' encoding='windows-1252'?><rss><channel><item><title>Café</title></item></channel></rss>";
        assert_eq!(parse("f.rss", utf8.as_bytes()).unwrap()[0].entry.title, "Café");
        // UTF-16 without a byte order mark.
        let utf16: Vec<u8> = "<rss/>".encode_utf16().flat_map(u16::to_le_bytes).collect();
        assert_eq!(parse("f.rss", &utf16).unwrap_err().to_string(), "f.rss:1: the file is UTF-16 (every other byte is zero): save it as UTF-8");
        // And with one (which made it \"invalid UTF-8 (byte 0xFF)\"), either way round.
        for bom in [[0xFF, 0xFE], [0xFE, 0xFF]] {
            let utf16: Vec<u8> = bom.into_iter().chain("{\"id\":\"a\"}".encode_utf16().flat_map(u16::to_le_bytes)).collect();
            assert_eq!(parse("u.jsonl", &utf16).unwrap_err().to_string(), "u.jsonl:1: the file is UTF-16 (it starts with UTF-16's byte order mark): save it as UTF-8");
        }
    }

    #[test]
    fn gzip_inputs_are_read_and_bad_gzip_is_named() {
        use std::io::Write;
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        gz.write_all(b"{\"title\":\"zipped\"}\n").unwrap();
        let bytes = gz.finish().unwrap();
        assert_eq!(parse("f.jsonl.gz", &bytes).unwrap()[0].entry.title, "zipped");
        let e = parse("f.jsonl.gz", &bytes[..bytes.len() / 2]).unwrap_err();
        assert!(e.to_string().starts_with("f.jsonl.gz: not valid gzip"), "{e}");
        // Bytes that are not UTF-8 inside the gzip are named as in a plain file.
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        gz.write_all(b"{\"title\":\"ok\"}\n{\"title\":\"\xc3\xa9t\xe9\"}").unwrap();
        let e = parse("f.jsonl.gz", &gz.finish().unwrap()).unwrap_err();
        assert_eq!(e.to_string(), "f.jsonl.gz:2:13: invalid UTF-8 (byte 0xE9): save the file as UTF-8");
    }
}
