//! Robustness: bad input to the build, broken index files, any query, and determinism.
//!
//! The CLI tests run the real `digest-search` binary (the debug build cargo makes for tests) and
//! check the message (file, line, column, field) and the exit code, as a user sees them.
//!
//! The property tests (`prop_*`) run a few hundred cases each by default, about half a minute
//! in a debug build (ten times as many in a release build); `PROPTEST_CASES` sets the number
//! for each of them, for a long run:
//!
//! ```sh
//! PROPTEST_CASES=200000 cargo test --release --test robustness -- prop_ --nocapture
//! ```
//!
//! `#[ignore]`d: the million-entry build (too slow for a debug build). Run it with
//! `cargo test --release --test robustness -- --ignored --nocapture`.

use digest_search::embed;
use digest_search::index::format::{self, checksum, HEADER_LEN, SECTION_ROW_LEN};
use digest_search::index::write::build_index;
use digest_search::index::{Index, IndexError};
use digest_search::input::{read_inputs, InputOptions};
use digest_search::search::{SearchOptions, Searcher};
use proptest::prelude::*;
use proptest::test_runner::{Config, TestCaseError, TestRunner};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::{Duration, Instant};

const SAMPLE_DIGEST: &str = "tests/fixtures/trending-papers-digest.txt";
const ARXIV_1K: &str = "tests/fixtures/arxiv-1k.jsonl.gz";
const OUTPUT_NAMES: [&str; 3] = ["digest-search.wasm", "digest-search.js", "digest-search.classic.js"];

// ---------------------------------------------------------------------------------------------
// Helpers

fn cli() -> Command {
    Command::new(env!("CARGO_BIN_EXE_digest-search"))
}

/// Runs the CLI in `dir` (inputs are given by file name, so messages name them as typed).
fn run(dir: &Path, args: &[&str]) -> Output {
    cli().current_dir(dir).args(args).output().expect("the digest-search binary runs")
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Asserts the build failed (exit code 1, nothing on stdout) with `want` in its error line.
fn assert_fails_with(o: &Output, want: &str) {
    let err = stderr(o);
    assert_eq!(o.status.code(), Some(1), "exit code; stderr: {err}");
    assert!(err.contains(&format!("error: {want}")), "wanted `error: {want}` in:\n{err}");
}

fn temp() -> tempfile::TempDir {
    tempfile::tempdir().expect("a temporary directory")
}

fn write(dir: &Path, name: &str, bytes: impl AsRef<[u8]>) {
    std::fs::write(dir.join(name), bytes).unwrap();
}

/// Builds `inputs` (paths relative to the crate root) into `out` with the CLI.
fn build_into(inputs: &[&str], out: &Path) -> Output {
    let mut c = cli();
    c.current_dir(env!("CARGO_MANIFEST_DIR")).arg("build").args(inputs).arg("--out").arg(out).arg("--quiet");
    c.output().unwrap()
}

fn read_outputs(dir: &Path) -> Vec<Vec<u8>> {
    OUTPUT_NAMES.iter().map(|n| std::fs::read(dir.join(n)).unwrap_or_else(|e| panic!("{n}: {e}"))).collect()
}

fn listing(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    names.sort();
    names
}

fn sample_index() -> Vec<u8> {
    let entries = read_inputs(&[Path::new(env!("CARGO_MANIFEST_DIR")).join(SAMPLE_DIGEST)], &InputOptions::default(), &mut |_| {}).unwrap();
    build_index(&entries, &mut |_| {})
}

/// Peak resident memory of a child, polled from /proc while it runs (Linux; 0 elsewhere).
fn run_measured(mut c: Command) -> (Output, Duration, u64) {
    let start = Instant::now();
    let child = c.stdout(std::process::Stdio::piped()).stderr(std::process::Stdio::piped()).spawn().unwrap();
    let status = format!("/proc/{}/status", child.id());
    let done = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let poll = {
        let done = done.clone();
        std::thread::spawn(move || {
            let mut peak = 0u64;
            while !done.load(std::sync::atomic::Ordering::Relaxed) {
                if let Ok(s) = std::fs::read_to_string(&status) {
                    if let Some(kb) = s.lines().find_map(|l| l.strip_prefix("VmHWM:")).and_then(|v| v.trim().trim_end_matches(" kB").trim().parse::<u64>().ok()) {
                        peak = peak.max(kb);
                    }
                }
                std::thread::sleep(Duration::from_millis(20));
            }
            peak
        })
    };
    let out = child.wait_with_output().unwrap();
    let elapsed = start.elapsed();
    done.store(true, std::sync::atomic::Ordering::Relaxed);
    (out, elapsed, poll.join().unwrap())
}

/// The CLI under a hard cap on its address space (`ulimit -v`, in KiB): going over it makes an
/// allocation fail, which aborts the build, so a successful run proves the bound.
fn capped_cli(limit_kib: u64, dir: &Path, args: &[&str]) -> Command {
    let mut c = Command::new("sh");
    c.current_dir(dir).arg("-c").arg(format!("ulimit -v {limit_kib} && exec \"$0\" \"$@\"")).arg(env!("CARGO_BIN_EXE_digest-search")).args(args);
    c
}

// ---------------------------------------------------------------------------------------------
// 1. Bad input to the build: the message names the place, the exit code is 1

#[test]
fn dash_o_is_out() {
    let d = temp();
    write(d.path(), "e.jsonl", "{\"id\": \"a\", \"title\": \"Zebras\"}\n");
    let long = run(d.path(), &["build", "e.jsonl", "--out", "long", "-q"]);
    assert!(long.status.success(), "{}", stderr(&long));
    for (args, out) in [(&["-o", "short"][..], "short"), (&["-o=eq"][..], "eq"), (&["-qojoined"][..], "joined")] {
        let o = run(d.path(), &[&["build", "e.jsonl"][..], args].concat());
        assert!(o.status.success(), "{args:?}: {}", stderr(&o));
        assert_eq!(read_outputs(&d.path().join(out)), read_outputs(&d.path().join("long")), "{args:?}");
    }
    let help = run(d.path(), &["build", "--help"]);
    assert!(String::from_utf8_lossy(&help.stdout).contains("  -o, --out <OUT>"));
    // Given twice, in either spelling: clap's error, naming the long form.
    let o = run(d.path(), &["build", "e.jsonl", "-o", "a", "--out", "b"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).starts_with("error: the argument '--out <OUT>' cannot be used multiple times"), "{}", stderr(&o));
}

#[test]
fn malformed_json_lines_name_the_line_and_column() {
    let d = temp();
    write(d.path(), "feed.jsonl", "{\"title\":\"ok\"}\n\n{\"title\": \"x\", \"abstract\": }\n");
    let o = run(d.path(), &["build", "feed.jsonl", "--out", "out"]);
    assert_fails_with(&o, "feed.jsonl:3:28: invalid JSON: expected value\n");
    assert!(!d.path().join("out").exists(), "a failed build creates no output folder");
    // Columns count characters: `é` and `🙂` are one each (serde_json counts bytes).
    write(d.path(), "accents.jsonl", "{\"title\": \"é🙂\" \"x\": 1}\n");
    assert_fails_with(&run(d.path(), &["build", "accents.jsonl", "--out", "out"]), "accents.jsonl:1:16: invalid JSON: expected `,` or `}`\n");
    // A line cut short.
    write(d.path(), "cut.jsonl", "{\"title\":\"ok\"}\n{\"title\":\"half");
    assert_fails_with(&run(d.path(), &["build", "cut.jsonl", "--out", "out"]), "cut.jsonl:2:14: invalid JSON: EOF while parsing a string\n");
}

#[test]
fn malformed_json_arrays_name_the_line_and_column() {
    let d = temp();
    write(d.path(), "feed.json", "[\n  {\"title\": \"a\"},\n  {\"title\": \"b\" \"abstract\": \"c\"}\n]\n");
    assert_fails_with(&run(d.path(), &["build", "feed.json", "--out", "out"]), "feed.json:3:17: invalid JSON: expected `,` or `}`\n");
    write(d.path(), "open.json", "[\n  {\"title\": \"a\"},\n");
    assert_fails_with(&run(d.path(), &["build", "open.json", "--out", "out"]), "open.json:3:1: invalid JSON: EOF while parsing a value\n");
    // JSON Lines in a .json file, and an object where an array belongs: say which format to use.
    write(d.path(), "lines.json", "{\"title\": \"a\"}\n{\"title\": \"b\"}\n");
    assert_fails_with(&run(d.path(), &["build", "lines.json", "--out", "out"]), "lines.json:2:1: invalid JSON: trailing characters (one entry object per line is JSON Lines: name the file .jsonl)");
    write(d.path(), "object.json", "{\"entries\": []}");
    assert_fails_with(&run(d.path(), &["build", "object.json", "--out", "out"]), "object.json:1: expected a JSON array of entry objects, found an object");
    // Nesting deeper than the parser allows is an error too, not a stack overflow.
    write(d.path(), "deep.json", format!("[{{\"title\":\"a\",\"x\":{}{}}}]", "[".repeat(100_000), "]".repeat(100_000)));
    assert_fails_with(&run(d.path(), &["build", "deep.json", "--out", "out"]), "deep.json:1:");
    assert!(stderr(&run(d.path(), &["build", "deep.json", "--out", "out"])).contains("recursion limit exceeded"));
}

#[test]
fn a_trailing_comma_is_named_where_it_is() {
    let d = temp();
    // serde_json stops at the `]` on the line below; the comma to remove is on line 3.
    write(d.path(), "list.json", "[\n {\"title\": \"a\"},\n {\"title\": \"b\"},\n]\n");
    assert_fails_with(&run(d.path(), &["build", "list.json", "--out", "out"]), "list.json:3:16: invalid JSON: trailing comma\n");
    // The same with Windows line ends, inside an object written over several lines, and after a character of two bytes.
    write(d.path(), "crlf.json", "[\r\n {\"title\": \"a\"},\r\n]\r\n");
    assert_fails_with(&run(d.path(), &["build", "crlf.json", "--out", "out"]), "crlf.json:2:16: invalid JSON: trailing comma\n");
    write(d.path(), "object.json", "[\n {\"title\": \"é\",\n  \"abstract\": \"x\",\n }\n]\n");
    assert_fails_with(&run(d.path(), &["build", "object.json", "--out", "out"]), "object.json:3:18: invalid JSON: trailing comma\n");
    write(d.path(), "line.jsonl", "{\"title\": \"é\", \"abstract\": \"x\",  }\n");
    assert_fails_with(&run(d.path(), &["build", "line.jsonl", "--out", "out"]), "line.jsonl:1:31: invalid JSON: trailing comma\n");
}

#[test]
fn an_input_of_a_format_not_read_is_said_to_be_read_as_a_plain_text_digest() {
    let d = temp();
    let warning = |file: &str, ext: &str| {
        format!("warning: {file}: `.{ext}` is not a format digest-search reads (JSON, JSON Lines, feeds, Markdown): read as a plain-text digest")
    };
    // YAML with blank lines between items builds: the warning is all that tells it went wrong.
    write(d.path(), "papers.yaml", "- id: a\n  title: Hello\n  abstract: World\n\n- id: b\n  title: Second\n  abstract: Two\n");
    let o = run(d.path(), &["build", "papers.yaml", "--out", "out"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stderr(&o).contains(&warning("papers.yaml", "yaml")), "{}", stderr(&o));
    // A CSV file fails to pair up as a digest: the warning before the error says why.
    write(d.path(), "data.csv", "id,title,abstract\na,Hello,World\n");
    let o = run(d.path(), &["build", "data.csv", "--out", "out"]);
    assert_fails_with(&o, "data.csv:1: field `abstract`: paragraphs do not pair up");
    assert!(stderr(&o).starts_with(&warning("data.csv", "csv")), "{}", stderr(&o));
    // Names of plain-text digests: none said.
    let digest = "Daily digest\n\nMar 13\n\nA Title\n\nAn abstract paragraph about methods, data and results.\n";
    for name in ["digest-2024-03-13.txt", "digest.TEXT", "digest", "digest.2024.03.13", "notes.md", ".digest"] {
        write(d.path(), name, digest);
        let o = run(d.path(), &["build", name, "--out", "out", "--year", "2024"]);
        assert_eq!(o.status.code(), Some(0), "{name}: {}", stderr(&o));
        assert!(!stderr(&o).contains("not a format"), "{name}: {}", stderr(&o));
    }
}

#[test]
fn tags_joined_by_commas_in_one_string_are_warned_about_once() {
    let d = temp();
    let warning = |at: &str| format!("warning: {at}: field `tags`: a string with commas is one tag (and one filter chip): give a list");
    write(d.path(), "a.jsonl", "{\"title\":\"one\",\"tags\":\"cs.LG\"}\n{\"title\":\"two\",\"tags\":\"cs.LG, cs.AI\"}\n{\"title\":\"three\",\"tags\":\"a,b\"}\n");
    let o = run(d.path(), &["build", "a.jsonl", "--out", "out"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(stderr(&o).matches("field `tags`").count(), 1, "{}", stderr(&o));
    assert!(stderr(&o).contains(&warning("a.jsonl:2")), "{}", stderr(&o));
    write(d.path(), "b.json", "[\n {\"title\": \"one\", \"tags\": [\"x, y\"]},\n {\"title\": \"two\", \"tags\": \"x, y\"}\n]\n");
    assert!(stderr(&run(d.path(), &["build", "b.json", "--out", "out"])).contains(&warning("b.json:3")));
    // A list, or one tag alone, is not warned about.
    write(d.path(), "c.jsonl", "{\"title\":\"one\",\"tags\":[\"cs.LG\",\"cs.AI\"]}\n{\"title\":\"two\",\"tags\":\"cs.LG\"}\n");
    assert!(!stderr(&run(d.path(), &["build", "c.jsonl", "--out", "out"])).contains("warning"));
}

#[test]
fn a_link_written_without_its_scheme_is_warned_about() {
    let d = temp();
    let lines = [
        r#"{"title":"a","url":"example.org/p/1"}"#,
        r#"{"title":"b","url":"www.example.com"}"#,
        r#"{"title":"c","urls":["https://ok.org/c","https//arxiv.org/abs/1"]}"#,
        // Relative links to pages of the site itself: not warned about.
        r##"{"title":"d","urls":["papers/1.html","notes.md","/abs/1","#top","../v1.2/","index.php?id=3"]}"##,
    ];
    write(d.path(), "links.jsonl", lines.join("\n"));
    let o = run(d.path(), &["build", "links.jsonl", "--out", "out"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let err = stderr(&o);
    let warnings: Vec<&str> = err.lines().filter(|l| l.starts_with("warning:")).collect();
    let tail = "has no `https://`, so the widget links it as a page beside the search page; for the site";
    assert_eq!(
        warnings,
        [
            format!("warning: links.jsonl:1: field `url`: `example.org/p/1` {tail} example.org, write `https://example.org/p/1`"),
            format!("warning: links.jsonl:2: field `url`: `www.example.com` {tail} www.example.com, write `https://www.example.com`"),
            format!("warning: links.jsonl:3: field `urls[1]`: `https//arxiv.org/abs/1` {tail} arxiv.org, write `https://arxiv.org/abs/1`"),
        ]
    );
}

#[test]
fn links_without_their_scheme_past_the_warnings_cap_are_counted_once() {
    // More such links than warnings shown, then links that are neither web nor relative: the
    // count of the links not shown is said once, at the end, not at each later odd link.
    let d = temp();
    let mut lines: Vec<String> = (0..25).map(|i| format!(r#"{{"title":"t{i}","url":"example.org/p/{i}"}}"#)).collect();
    lines.extend((0..3).map(|i| format!(r#"{{"title":"u{i}","url":"ftp://example.org/{i}"}}"#)));
    write(d.path(), "links.jsonl", lines.join("\n"));
    let o = run(d.path(), &["build", "links.jsonl", "--out", "out"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let err = stderr(&o);
    let more: Vec<&str> = err.lines().filter(|l| l.contains("more links without")).collect();
    assert_eq!(more, ["warning: 5 more links without `https://`"]);
    assert_eq!(err.lines().filter(|l| l.contains("is not an http(s) or relative link")).count(), 3);
}

#[test]
fn a_json_date_in_rss_notation_is_read() {
    let d = temp();
    let lines = [
        r#"{"id":"a","title":"a","date":"Wed, 13 Mar 2024 10:00:00 GMT"}"#,
        r#"{"id":"b","title":"b","date":"1 Feb 2023"}"#,
        r#"{"id":"c","title":"c","date":"2022-05-06T07:08:09Z"}"#,
    ];
    write(d.path(), "dates.jsonl", lines.join("\n"));
    let o = run(d.path(), &["build", "dates.jsonl", "--out", "out"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let o = run(d.path(), &["search", "out", "--sort", "newest", "--json"]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let dates: Vec<&str> = v["results"].as_array().unwrap().iter().map(|r| r["date"].as_str().unwrap()).collect();
    assert_eq!(dates, ["2024-03-13", "2023-02-01", "2022-05-06"]);
}

#[test]
fn html_in_a_json_entry_is_read_as_text() {
    // A changelog or newsletter exported as JSON from a site or a CMS has HTML bodies: the
    // widget showed `<p>Fixed a bug where <code>fetchAll()</code>…` and `code` found the entry.
    // Text that only names a tag, or compares (`Vec<T>`, `x<y`), is read as before.
    let d = temp();
    let entries = [
        r#"{"id":"231","title":"v2.3.1: <code>fetchAll()</code> keeps the last page","body":"<p>Fixed a bug where <code>fetchAll()</code> returned one page too few.</p><p>See <a href=\"https://example.com/issues/412\">#412</a> &amp; <a href=\"/docs\">the docs</a>.</p>"}"#,
        r#"{"id":"230","title":"v2.3.0 &ndash; streaming","summary":"New <strong>StreamingResponse</strong> class.<br>Deprecated: getAllPages()."}"#,
        r#"{"id":"rust","title":"Generics","abstract":"Vec<T> when x<y; the <details> element."}"#,
    ];
    write(d.path(), "releases.json", format!("[\n{}\n]\n", entries.join(",\n")));
    let o = run(d.path(), &["build", "releases.json", "--out", "out"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let search = |q: &str| -> serde_json::Value {
        let o = run(d.path(), &["search", "out", q, "--json"]);
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        serde_json::from_slice(&o.stdout).unwrap()
    };
    let v = search("fetchall");
    let r = &v["results"][0];
    assert_eq!(r["title"], "v2.3.1: fetchAll() keeps the last page");
    assert_eq!(r["snippet"]["text"], "Fixed a bug where fetchAll() returned one page too few. See #412 & the docs.");
    // Its links: the one that names its site (a relative one has no page to resolve against).
    assert_eq!(r["urls"], serde_json::json!(["https://example.com/issues/412"]));
    let v = search("streamingresponse");
    assert_eq!(v["results"][0]["title"], "v2.3.0 – streaming");
    assert_eq!(v["results"][0]["snippet"]["text"], "New StreamingResponse class. Deprecated: getAllPages().");
    // The tags' names are no words of the entries.
    for q in ["code", "strong", "href", "ndash"] {
        assert_eq!(search(q)["total"], 0, "{q}");
    }
    assert_eq!(search("generics")["results"][0]["snippet"]["text"], "Vec<T> when x<y; the <details> element.");
}

#[test]
fn tag_breaking_finds_a_changelogs_breaking_changes() {
    // release-please writes `### ⚠ BREAKING CHANGES`, which `tag:breaking` did not find (the
    // tag was the heading whole, its symbol too).
    let d = temp();
    let md = "# Changelog\n\n## [2.0.0](https://github.com/o/r/compare/v1.0.0...v2.0.0) (2024-05-01)\n\n### ⚠ BREAKING CHANGES\n\n* drop Node 16\n\n### 🐛 Bug Fixes\n\n* fix the pager\n\n## [1.0.0] (2024-04-01)\n\n### Features\n\n* first\n";
    write(d.path(), "CHANGELOG.md", md);
    let o = run(d.path(), &["build", "CHANGELOG.md", "--out", "out", "-q"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let search = |q: &str| -> serde_json::Value {
        let o = run(d.path(), &["search", "out", q, "--json", "--facets"]);
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        serde_json::from_slice(&o.stdout).unwrap()
    };
    let v = search("tag:breaking");
    assert_eq!(v["total"], 1);
    assert_eq!(v["results"][0]["title"], "2.0.0");
    assert_eq!(v["results"][0]["tags"], serde_json::json!(["Breaking", "Bug Fixes"]));
    assert_eq!(search("tag:\"bug fixes\"")["total"], 1);
}

#[test]
fn markdown_in_a_json_body_is_read_as_text() {
    // GitHub's releases give their bodies in Markdown: the widget showed `**`, `[…](…)` and
    // backticks. Prose with an asterisk, and no other sign of Markdown, is read as written.
    let d = temp();
    let entries = [
        r###"{"id": "v2.3.1", "title": "v2.3.1", "body": "## What's Changed\n* **Breaking:** `search()` returns a Promise\n* Fix [the pager](https://github.com/o/r/issues/3)\n\n**Full Changelog**: https://github.com/o/r/compare/v2.3.0...v2.3.1"}"###,
        r#"{"id": "prose", "title": "Arithmetic", "body": "It is 5 * 3 = 15, *sic*, and __init__ stays."}"#,
    ];
    write(d.path(), "releases.jsonl", entries.join("\n") + "\n");
    let o = run(d.path(), &["build", "releases.jsonl", "--out", "out"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let first = |q: &str| -> serde_json::Value {
        let o = run(d.path(), &["search", "out", q, "--json"]);
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
        v["results"][0].clone()
    };
    let r = first("promise");
    assert_eq!(r["snippet"]["text"], "What's Changed Breaking: search() returns a Promise Fix the pager Full Changelog: https://github.com/o/r/compare/v2.3.0...v2.3.1");
    assert_eq!(r["urls"], serde_json::json!(["https://github.com/o/r/issues/3", "https://github.com/o/r/compare/v2.3.0...v2.3.1"]));
    assert_eq!(first("arithmetic")["snippet"]["text"], "It is 5 * 3 = 15, *sic*, and __init__ stays.");
}

#[test]
fn a_json_version_names_a_release_and_finds_it() {
    // A release list (`version`, `date`, `body`) had no title and failed; arXiv-like entries
    // number their revisions in `version` (`v2`), which their titles keep out.
    let d = temp();
    let entries = [
        r#"{"version": "2.3.1", "date": "2024-05-14", "body": "Fixes the pager."}"#,
        r#"{"version": "v2.4.0", "title": "Spring cleanup", "date": "2024-06-01", "body": "Drops old APIs."}"#,
        r#"{"version": "2.3.10", "title": "Release 2.3.10", "body": "Later fixes."}"#,
        r#"{"id": "2401.00001", "title": "Attention again", "version": "v2", "abstract": "A second revision."}"#,
    ];
    write(d.path(), "releases.jsonl", entries.join("\n") + "\n");
    let o = run(d.path(), &["build", "releases.jsonl", "--out", "out"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(!stderr(&o).contains("warning"), "{}", stderr(&o));
    let titles = |q: &str| -> Vec<String> {
        let o = run(d.path(), &["search", "out", q, "--json"]);
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
        v["results"].as_array().unwrap().iter().filter(|r| r["partial"] != true).map(|r| r["title"].as_str().unwrap().to_string()).collect()
    };
    assert_eq!(titles("2.3.1"), ["2.3.1"]);
    assert_eq!(titles("v2.3.1"), ["2.3.1"]);
    assert_eq!(titles("2.4.0"), ["v2.4.0: Spring cleanup"]);
    assert_eq!(titles("2.3.10"), ["Release 2.3.10"]);
    assert_eq!(titles("attention"), ["Attention again"]);
    assert!(!titles("v2").contains(&"Attention again".to_string()), "a revision is no word of its entry");
    // A version of another type is named.
    write(d.path(), "bad.jsonl", "{\"title\": \"T\"}\n{\"version\": [2, 3]}\n");
    assert_fails_with(&run(d.path(), &["build", "bad.jsonl", "--out", "out"]), "bad.jsonl:2: field `version`: expected a string or number, found an array\n");
}

#[test]
fn a_json_date_is_read_in_the_forms_a_markdown_heading_takes() {
    // `March 13, 2024` and `2024/03/13` were refused in JSON while a Markdown heading read them;
    // a day written as an ordinal (`March 9th, 2024`) by both.
    let d = temp();
    let dates = ["March 13, 2024", "2024/03/12", "2024-3-11", "10 March 2024", "March 9th, 2024", "8th Mar 2024"];
    let lines: Vec<String> = dates.iter().enumerate().map(|(i, date)| format!(r#"{{"id":"{i}","title":"t{i}","date":"{date}"}}"#)).collect();
    write(d.path(), "dates.jsonl", lines.join("\n"));
    write(d.path(), "dates.json", format!("[{}]", lines.join(",\n")));
    write(d.path(), "CHANGELOG.md", dates.iter().enumerate().map(|(i, date)| format!("## {i} - {date}\n\nText.\n\n")).collect::<String>());
    for input in ["dates.jsonl", "dates.json", "CHANGELOG.md"] {
        let o = run(d.path(), &["build", input, "--out", "out", "-q"]);
        assert_eq!(o.status.code(), Some(0), "{input}: {}", stderr(&o));
        let o = run(d.path(), &["search", "out", "--sort", "newest", "--json"]);
        let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
        let got: Vec<&str> = v["results"].as_array().unwrap().iter().map(|r| r["date"].as_str().unwrap()).collect();
        assert_eq!(got, ["2024-03-13", "2024-03-12", "2024-03-11", "2024-03-10", "2024-03-09", "2024-03-08"], "{input}");
    }
    // Day and month in an order only the writer's convention tells are refused, naming the
    // file, the line and the field; so are a day the calendar lacks, and text around a date.
    // The message says how to write the date: with both readings of day and month, or the one
    // the calendar allows.
    let unordered = "writes day and month in an order the text does not tell: write it as YYYY-MM-DD,";
    let not_a_date = "is not a date: write it as YYYY-MM-DD (2024-03-13), an ISO timestamp, or as `March 13, 2024`";
    for (date, line, why) in [
        ("13/03/2024", 2, format!("{unordered} 2024-03-13 if that is the day meant")),
        ("03/13/2024", 3, format!("{unordered} 2024-03-13 if that is the day meant")),
        ("03/04/2024", 2, format!("{unordered} 2024-04-03 or 2024-03-04")),
        ("Feb 30, 2024", 2, not_a_date.to_string()),
        ("released March 13, 2024", 3, not_a_date.to_string()),
    ] {
        let mut lines = vec![r#"{"title":"fine"}"#.to_string(); line - 1];
        lines.push(format!(r#"{{"title":"t","date":"{date}"}}"#));
        write(d.path(), "bad.jsonl", lines.join("\n"));
        assert_fails_with(&run(d.path(), &["build", "bad.jsonl", "--out", "out"]), &format!("bad.jsonl:{line}: field `date`: `{date}` {why}"));
    }
}

#[test]
fn a_missing_or_empty_title_is_named() {
    let d = temp();
    write(d.path(), "a.jsonl", "{\"title\":\"ok\"}\n{\"abstract\":\"no title here\"}\n");
    assert_fails_with(&run(d.path(), &["build", "a.jsonl", "--out", "out"]), "a.jsonl:2: field `title`: missing (every entry needs a title, or a release's `version`)\n");
    write(d.path(), "b.jsonl", "{\"title\":\"ok\"}\n{\"title\":\"ok\"}\n{\"title\":\"  \\n\\t \"}\n");
    assert_fails_with(&run(d.path(), &["build", "b.jsonl", "--out", "out"]), "b.jsonl:3: field `title`: empty (every entry needs a title, or a release's `version`)\n");
    write(d.path(), "c.jsonl", "{\"title\":null}\n");
    assert_fails_with(&run(d.path(), &["build", "c.jsonl", "--out", "out"]), "c.jsonl:1: field `title`: missing");
    // In an array, the line is the element's.
    write(d.path(), "d.json", "[\n {\"title\": \"a\"},\n\n {\"title\": \"\",\n  \"abstract\": \"x\"}\n]");
    assert_fails_with(&run(d.path(), &["build", "d.json", "--out", "out"]), "d.json:4: field `title`: empty");
}

#[test]
fn fields_of_the_wrong_type_are_named() {
    let d = temp();
    let cases = [
        ("{\"title\":5}", "field `title`: expected a string, found a number"),
        ("{\"title\":\"t\",\"abstract\":[\"x\"]}", "field `abstract`: expected a string, found an array"),
        ("{\"title\":\"t\",\"authors\":[\"a\",3]}", "field `authors[1]`: expected a string, found a number"),
        ("{\"title\":\"t\",\"tags\":{\"a\":1}}", "field `tags`: expected a list of strings, found an object"),
        ("{\"title\":\"t\",\"urls\":true}", "field `urls`: expected a list of strings, found a boolean"),
        ("{\"title\":\"t\",\"id\":[1]}", "field `id`: expected a string or number, found an array"),
        ("{\"title\":\"t\",\"date\":\"yesterday\"}", "field `date`: `yesterday` is not a date: write it as YYYY-MM-DD (2024-03-13), an ISO timestamp, or as `March 13, 2024`"),
        // A day the calendar does not have.
        ("{\"title\":\"t\",\"date\":\"2024-02-30\"}", "field `date`: `2024-02-30` is not a date: write it as YYYY-MM-DD (2024-03-13), an ISO timestamp, or as `March 13, 2024`"),
        ("{\"title\":\"t\",\"date\":\"2023-02-29\"}", "field `date`: `2023-02-29` is not a date: write it as YYYY-MM-DD (2024-03-13), an ISO timestamp, or as `March 13, 2024`"),
        ("{\"title\":\"t\",\"date\":20240313}", "field `date`: expected a string, found a number"),
        ("\"just a string\"", "expected an object, found a string"),
        ("[{\"title\":\"t\"}]", "expected an entry object, found an array"),
    ];
    for (line, want) in cases {
        write(d.path(), "f.jsonl", format!("{{\"title\":\"fine\"}}\n{line}\n"));
        assert_fails_with(&run(d.path(), &["build", "f.jsonl", "--out", "out"]), &format!("f.jsonl:2: {want}"));
    }
}

#[test]
fn invalid_utf8_names_the_line_and_column() {
    let d = temp();
    // Latin-1 `é` (0xE9) on line 3, after `{"title":"caf` (13 characters).
    write(d.path(), "latin1.jsonl", b"{\"title\":\"a\"}\n{\"title\":\"b\"}\n{\"title\":\"caf\xe9\"}\n");
    assert_fails_with(&run(d.path(), &["build", "latin1.jsonl", "--out", "out"]), "latin1.jsonl:3:14: invalid UTF-8 (byte 0xE9): save the file as UTF-8\n");
    // The column counts characters: `ü` before the bad byte is one.
    write(d.path(), "digest.txt", b"Header\n\nT\xc3\xbctle \xff\xfe\n\nabstract\n");
    assert_fails_with(&run(d.path(), &["build", "digest.txt", "--out", "out"]), "digest.txt:3:7: invalid UTF-8 (byte 0xFF)");
    // Inside gzip, the place is in the decompressed text.
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    std::io::Write::write_all(&mut gz, b"{\"title\":\"a\"}\n{\"title\":\"\x80\"}\n").unwrap();
    write(d.path(), "feed.jsonl.gz", gz.finish().unwrap());
    assert_fails_with(&run(d.path(), &["build", "feed.jsonl.gz", "--out", "out"]), "feed.jsonl.gz:2:11: invalid UTF-8 (byte 0x80)");
    write(d.path(), "broken.jsonl.gz", [0x1f, 0x8b, 8, 0, 0, 0]);
    assert_fails_with(&run(d.path(), &["build", "broken.jsonl.gz", "--out", "out"]), "broken.jsonl.gz: not valid gzip");
}

#[test]
fn an_empty_input_is_an_error_no_entries() {
    let d = temp();
    for (name, content) in [("e.jsonl", ""), ("e.json", ""), ("e.txt", ""), ("blank.jsonl", "\n\n  \n"), ("blank.json", " \n"), ("bom.json", "\u{feff}"), ("empty-array.json", "[]")] {
        write(d.path(), name, content);
        let o = run(d.path(), &["build", name, "--out", "out"]);
        assert_fails_with(&o, "no entries in the inputs: nothing to index");
        assert!(stderr(&o).contains(&format!("warning: {name}: no entries found")), "{}", stderr(&o));
        assert!(!d.path().join("out").exists());
    }
    // An empty input beside a good one only warns.
    write(d.path(), "good.jsonl", "{\"title\":\"good\"}\n");
    let o = run(d.path(), &["build", "e.jsonl", "good.jsonl", "--out", "out"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stderr(&o).contains("warning: e.jsonl: no entries found"));
    // A missing input is named.
    assert_fails_with(&run(d.path(), &["build", "nope.jsonl", "--out", "out2"]), "nope.jsonl: cannot read:");
}

#[test]
fn a_duplicate_id_keeps_the_later_entry_and_warns_naming_both_places() {
    let d = temp();
    write(d.path(), "a.jsonl", "{\"id\":\"p1\",\"title\":\"first\"}\n{\"id\":\"p2\",\"title\":\"second\"}\n");
    write(d.path(), "b.json", "[\n {\"id\":\"p3\",\"title\":\"third\"},\n {\"id\":\"p1\",\"title\":\"again\"}\n]\n");
    let o = run(d.path(), &["build", "a.jsonl", "b.json", "--out", "out"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stderr(&o).contains("warning: b.json:3: field `id`: duplicate id `p1` (first at a.jsonl:1); the later entry replaces the earlier"), "{}", stderr(&o));
    // The later entry replaced the earlier, in its place: one entry per id.
    let s = run(d.path(), &["search", "out", "first again", "--json"]);
    let v: serde_json::Value = serde_json::from_slice(&s.stdout).unwrap();
    let titles: Vec<&str> = v["results"].as_array().unwrap().iter().map(|r| r["title"].as_str().unwrap()).collect();
    assert_eq!(titles, ["again"]);
    let s = run(d.path(), &["search", "out", "second", "--json"]);
    let v: serde_json::Value = serde_json::from_slice(&s.stdout).unwrap();
    assert_eq!(v["results"][0]["id"], "p2");
    // Links the widget will not follow are reported too.
    write(d.path(), "c.jsonl", "{\"title\":\"x\",\"url\":\"javascript:alert(1)\"}\n");
    let o = run(d.path(), &["build", "c.jsonl", "--out", "out"]);
    assert_eq!(o.status.code(), Some(0));
    assert!(stderr(&o).contains("warning: c.jsonl:1: field `url`: `javascript:alert(1)` is not an http(s) or relative link"), "{}", stderr(&o));
}

#[test]
fn a_digest_whose_paragraphs_do_not_pair_up_names_the_line() {
    let d = temp();
    let long = "A long abstract paragraph about methods, data and results, long enough to be one. ".repeat(4);
    write(d.path(), "tail.txt", format!("Daily digest\n\nMar 13\n\nFirst Title\n\n{long}\n\nSecond Title\n\n{long}\n\nDangling Title\n"));
    let o = run(d.path(), &["build", "tail.txt", "--out", "out"]);
    assert_fails_with(&o, "tail.txt:13: field `abstract`: paragraphs do not pair up: 5 paragraphs after the header, so the title at line 13 has no abstract");
    // An abstract missing in the middle is found where it is, not at the end of the file.
    write(d.path(), "middle.txt", format!("Daily digest\n\nFirst Title\n\n{long}\n\nSecond Title\n\nThird Title\n\n{long}\n\nFourth Title\n\n{long}\n"));
    assert_fails_with(&run(d.path(), &["build", "middle.txt", "--out", "out"]), "middle.txt:7: field `abstract`: paragraphs do not pair up: 7 paragraphs after the header, so the title at line 7 seems to have no abstract: the paragraph after it (line 9) looks like the next title");
}

#[test]
fn a_failed_build_keeps_the_previous_output_and_leaves_no_temp_files() {
    let d = temp();
    let out = d.path().join("site");
    let good = Path::new(env!("CARGO_MANIFEST_DIR")).join(SAMPLE_DIGEST);
    std::fs::copy(&good, d.path().join("good.txt")).unwrap();
    let o = run(d.path(), &["build", "good.txt", "--out", "site", "--quiet"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let before = read_outputs(&out);
    std::fs::write(out.join("index.html"), "the site's own page").unwrap();
    let listing_before = listing(&out);
    // The second input is bad: everything is parsed before anything is written.
    write(d.path(), "bad.jsonl", "{\"title\":\"fine\"}\n{\"title\":7}\n");
    let o = run(d.path(), &["build", "good.txt", "bad.jsonl", "--out", "site"]);
    assert_fails_with(&o, "bad.jsonl:2: field `title`: expected a string, found a number");
    assert_eq!(read_outputs(&out), before, "the previous complete files are kept");
    assert_eq!(listing(&out), listing_before, "no temporary files are left behind");
    // An output path that is a file: a clear error, nothing touched.
    write(d.path(), "file-not-dir", "x");
    assert_fails_with(&run(d.path(), &["build", "good.txt", "--out", "file-not-dir"]), "cannot write into file-not-dir: it is a file, not a folder");
    // A good rebuild replaces the files and still leaves no temporary ones.
    let o = run(d.path(), &["build", "good.txt", "--out", "site", "--quiet"]);
    assert_eq!(o.status.code(), Some(0));
    assert_eq!(listing(&out), listing_before);
}

/// One entry with a 10 MB abstract: ordinary words, a 1 MB "word" and markup. The build works,
/// in bounded memory (a hard address-space cap) and time; the huge word is clipped to
/// `MAX_TERM_BYTES` in the dictionary, and the entry is found.
#[test]
fn a_10_mb_abstract_builds_in_bounded_memory_and_time() {
    let d = temp();
    let mut abs = String::with_capacity(10_500_000);
    push_pseudo_random_words(&mut abs, 9_000_000);
    abs.push_str("needleword ");
    abs.push_str(&"y".repeat(1_000_000));
    abs.push_str(" {\\em emphasis} Schr\\\"odinger <b>tag</b>");
    assert!(abs.len() >= 10_000_000);
    let line = serde_json::json!({"id": "huge", "title": "Huge abstract", "abstract": abs}).to_string();
    write(d.path(), "huge.jsonl", format!("{line}\n{{\"id\":\"small\",\"title\":\"Small entry about needleword\"}}\n"));
    // 1.5 GiB of address space: the release build peaks near 200 MB of resident memory.
    let (o, took, peak_kib) = run_measured(capped_cli(1536 * 1024, d.path(), &["build", "huge.jsonl", "--out", "out", "--quiet"]));
    eprintln!("10 MB abstract: built in {:.2} s, peak resident {} MiB", took.as_secs_f64(), peak_kib / 1024);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(took < Duration::from_secs(if cfg!(debug_assertions) { 120 } else { 20 }), "took {took:?}");
    let wasm = std::fs::read(d.path().join("out/digest-search.wasm")).unwrap();
    let index = Index::open(embed::extract(&wasm).unwrap()).unwrap();
    let mut longest = 0;
    index.for_each_term(&mut |k, _| longest = longest.max(k.len()));
    assert!(longest <= digest_search::text::MAX_TERM_BYTES, "a term of {longest} bytes");
    // (Its `<b>tag</b>` makes it HTML: read as text, as a feed's body.)
    assert_eq!(index.stored(0).abstract_text.len(), abs.len() - "{\\em }".len() - "<b></b>".len(), "the stored abstract is whole (markup cleaned)");
    let searcher = Searcher::new(index);
    let start = Instant::now();
    let r = searcher.search("needleword", &SearchOptions::default()).unwrap();
    eprintln!("10 MB abstract: a query hitting it took {:.3} s", start.elapsed().as_secs_f64());
    let ids: Vec<&str> = r.results.iter().map(|h| h.id).collect();
    assert_eq!(ids.len(), 2, "{ids:?}");
    assert!(ids.contains(&"huge"));
    let huge = r.results.iter().find(|h| h.id == "huge").unwrap();
    assert!(huge.snippet.text.chars().count() < 2_000_100, "the snippet is a window, not the whole abstract");
}

/// Appends deterministic pseudo-random words (~1M distinct: `graph123456 quantum42 …`) to `abs`
/// until it holds `bytes` bytes.
fn push_pseudo_random_words(abs: &mut String, bytes: usize) {
    let mut i = 0u64;
    while abs.len() < bytes {
        i = i.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        abs.push_str(["graph", "diffusion", "quantum", "sampler", "zeroth"][(i >> 60) as usize % 5]);
        abs.push_str(&((i >> 33) % 1_000_000).to_string());
        abs.push(' ');
    }
}

/// An index with one entry whose abstract is ~10 MB of words, then `needleword` and a 1 MB word.
fn huge_abstract_index() -> Vec<u8> {
    let mut abs = String::with_capacity(10_100_000);
    push_pseudo_random_words(&mut abs, 9_000_000);
    abs.push_str("needleword ");
    abs.push_str(&"y".repeat(1_000_000));
    abs.push_str(" end");
    let feed = format!("{}\n{{\"id\":\"small\",\"title\":\"Small needleword entry\"}}\n", serde_json::json!({"id": "huge", "title": "Huge abstract", "abstract": abs}));
    let entries = digest_search::input::parse_sources(&[("huge.jsonl".to_string(), feed.into_bytes())], &InputOptions::default(), &mut |_| {}).unwrap();
    build_index(&entries, &mut |_| {})
}

/// A query that returns the entry with a 10 MB abstract stays fast: highlighting, snippets and
/// re-ranking read at most `highlight::MAX_SCAN_BYTES` of a stored text.
#[test]
fn a_query_hitting_a_10_mb_abstract_is_fast() {
    let bytes = huge_abstract_index();
    let s = Searcher::new(Index::open(&bytes).unwrap());
    for q in ["needleword", "needleword diffusion1234"] {
        let _ = s.search(q, &SearchOptions::default()).unwrap(); // warm up (typo tables)
        let start = Instant::now();
        let r = s.search(q, &SearchOptions::default()).unwrap();
        let took = start.elapsed();
        assert!(r.results.iter().any(|h| h.id == "huge"));
        assert!(took < Duration::from_millis(if cfg!(debug_assertions) { 300 } else { 30 }), "{q:?} took {took:?}");
    }
}

/// A snippet next to a 1 MB word stays small (`highlight::MAX_SNIPPET_BYTES`).
#[test]
fn a_snippet_next_to_a_huge_word_is_bounded() {
    let bytes = huge_abstract_index();
    let s = Searcher::new(Index::open(&bytes).unwrap());
    let r = s.search("needleword", &SearchOptions::default()).unwrap();
    let huge = r.results.iter().find(|h| h.id == "huge").unwrap();
    assert!(huge.snippet.text.chars().count() <= 2_000, "a snippet of {} characters", huge.snippet.text.chars().count());
}

/// A million tiny entries: about 5 s and 650 MiB in a release build (2 cores), too slow for a
/// debug test run: `cargo test --release --test robustness -- --ignored a_million` runs it.
#[test]
#[ignore = "slow in a debug build; run with cargo test --test robustness -- --ignored (the release profile aborts on panic, which cargo test --release cannot build)"]
fn a_million_tiny_entries_build() {
    let d = temp();
    let mut text = String::with_capacity(25_000_000);
    for i in 0..1_000_000 {
        text.push_str(&format!("{{\"title\":\"t{i} w{}\"}}\n", i % 1000));
    }
    write(d.path(), "million.jsonl", text);
    let (o, took, peak_kib) = run_measured(capped_cli(4 << 20, d.path(), &["build", "million.jsonl", "--out", "out", "--quiet"]));
    eprintln!("1,000,000 entries: built in {:.2} s, peak resident {} MiB", took.as_secs_f64(), peak_kib / 1024);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(took < Duration::from_secs(60), "took {took:?}");
    let s = run(d.path(), &["search", "out", "t999999", "--json"]);
    let v: serde_json::Value = serde_json::from_slice(&s.stdout).unwrap();
    assert_eq!(v["results"][0]["title"], "t999999 w999");
}

// ---------------------------------------------------------------------------------------------
// 3. Broken index files: the native CLI `search` refuses them with a reason and exit code 1

/// A row of the section table (docs/index-format.md).
#[derive(Debug, Clone, Copy)]
struct Row {
    kind: u32,
    flags: u32,
    off: usize,
    len: usize,
}

/// The section table of an index.
fn table(index: &[u8]) -> Vec<Row> {
    format::section_rows(index).take(64).map(|r| Row { kind: r.kind, flags: r.flags, off: r.offset, len: r.len }).collect()
}

/// Where the index lies in a built wasm, and its section table.
fn locate(wasm: &[u8]) -> (usize, Vec<Row>) {
    let index = embed::extract(wasm).unwrap();
    let at = index.as_ptr() as usize - wasm.as_ptr() as usize;
    (at, table(index))
}

/// The name the reader gives a section kind in its messages ("unknown" for a kind it ignores).
fn section_name(kind: u32) -> &'static str {
    use format::section::*;
    match kind {
        META => "META",
        TERMS => "TERMS",
        POSTINGS => "POSTINGS",
        DOCS => "DOCS",
        STORE => "STORE",
        BLOCKS => "BLOCKS",
        TAGS => "TAGS",
        COMPLETIONS => "COMPLETIONS",
        _ => "unknown",
    }
}

/// Flips one byte of a section; for a section checked block by block (whose damage is found
/// when a search first reads the block), one byte in each block, so any search reading it finds
/// the damage.
fn flip_in_section(bytes: &mut [u8], at: usize, row: &Row) {
    if row.flags & format::FLAG_BLOCK_CHECKED == 0 {
        bytes[at + row.off + row.len / 2] ^= 0x20;
    } else {
        for block in (0..row.len).step_by(format::BLOCK_LEN) {
            bytes[at + row.off + block + (row.len - block).min(format::BLOCK_LEN) / 2] ^= 0x20;
        }
    }
}

/// Damaged copies of a built wasm: (what, bytes, the words the error must contain).
fn damaged_copies(wasm: &[u8]) -> Vec<(String, Vec<u8>, &'static str)> {
    let (at, rows) = locate(wasm);
    let mut out = vec![
        ("truncated in the index header".to_string(), wasm[..at + 10].to_vec(), "truncated"),
        ("truncated mid-index".to_string(), wasm[..at + (wasm.len() - at) / 2].to_vec(), "truncated"),
        ("truncated by one byte".to_string(), wasm[..wasm.len() - 1].to_vec(), "truncated"),
    ];
    for row in &rows {
        let mut bad = wasm.to_vec();
        flip_in_section(&mut bad, at, row);
        out.push((format!("a byte flipped in {}", section_name(row.kind)), bad, "checksum"));
    }
    let mut table = wasm.to_vec();
    table[at + HEADER_LEN + 8] ^= 1;
    out.push(("a byte flipped in the section table".into(), table, "checksum"));
    // Another format version: the next one, which this reader cannot know.
    let mut other = wasm.to_vec();
    other[at + 8] = format::FORMAT_VERSION as u8 + 1;
    out.push(("another format version".into(), other, "index format version"));
    out
}

#[test]
fn broken_index_files_are_refused_by_the_cli_with_a_reason() {
    let d = temp();
    let o = build_into(&[SAMPLE_DIGEST], &d.path().join("good"));
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let wasm = std::fs::read(d.path().join("good/digest-search.wasm")).unwrap();
    let (_, rows) = locate(&wasm);
    let mut kinds: Vec<&str> = rows.iter().map(|r| section_name(r.kind)).collect();
    kinds.sort_unstable();
    for want in ["DOCS", "META", "POSTINGS", "STORE", "TERMS"] {
        assert!(kinds.contains(&want), "{want} in {kinds:?}");
    }
    for (what, bytes, want) in damaged_copies(&wasm) {
        write(d.path(), "bad.wasm", &bytes);
        let o = run(d.path(), &["search", "bad.wasm", "diffusion"]);
        let err = stderr(&o);
        assert_eq!(o.status.code(), Some(1), "{what}: {err}");
        assert!(err.starts_with("error: bad.wasm: ") && err.contains(want), "{what}: wanted `{want}` in: {err}");
        assert!(o.stdout.is_empty(), "{what}");
    }
    // Not an index at all, and no file.
    write(d.path(), "page.wasm", "<html>not wasm</html>");
    assert_fails_with(&run(d.path(), &["search", "page.wasm", "x"]), "page.wasm: not a WebAssembly module");
    assert_fails_with(&run(d.path(), &["search", "missing.wasm", "x"]), "cannot read missing.wasm");
}

#[test]
fn damaged_indexes_say_which_section() {
    let bytes = sample_index();
    let rows = table(&bytes);
    let table_end = HEADER_LEN + rows.len() * SECTION_ROW_LEN;
    for row in &rows {
        let name = section_name(row.kind);
        let mut bad = bytes.clone();
        flip_in_section(&mut bad, 0, row);
        // Small sections are checked when the index is opened; large ones block by block, when
        // a search first reads them: the search then fails instead of answering from bad bytes.
        let err = match Index::open(&bad) {
            Err(e) => e,
            Ok(index) => {
                assert!(row.flags & format::FLAG_BLOCK_CHECKED != 0, "{name}: damage not seen at open");
                let s = Searcher::new(index);
                ["diffusion", "zeroth order benchmark", "language models"].iter().find_map(|q| s.search(q, &SearchOptions::default()).err()).expect("a search fails")
            }
        };
        assert_eq!(err, IndexError::Checksum(name), "{name}");
        // A section that runs past the end of the data.
        let e = Index::open(&bytes[..row.off + 1]).err().unwrap();
        assert!(matches!(e, IndexError::Truncated(_)), "{name}: {e}");
    }
    for cut in [0, 7, 8, 12, 16, table_end, table_end + 7] {
        let e = Index::open(&bytes[..cut]).err().unwrap();
        assert!(matches!(e, IndexError::Truncated(_) | IndexError::NotAnIndex), "cut at {cut}: {e}");
    }
}

// ---------------------------------------------------------------------------------------------
// 4. Any query: no panic, bounded time, well-formed results (property tests)

/// Cases of a property test: `PROPTEST_CASES`, or `default` (sized so that all of them take
/// about half a minute in a debug build on 2 cores; ten times as many in a release build).
fn cases(default: u32) -> u32 {
    let default = if cfg!(debug_assertions) { default } else { default * 10 };
    std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

const QUERY_CASES: u32 = 800;
const UNICODE_CASES: u32 = 400;
const MUTATION_CASES: u32 = 150;
const DICTIONARY_CASES: u32 = 30;

fn runner(default_cases: u32) -> TestRunner {
    TestRunner::new(Config { cases: cases(default_cases), failure_persistence: None, ..Config::default() })
}

/// Runs a property test of damaged indexes: `case` damages one and exercises it, returning
/// whether it opened and was searched ([`exercise`]). Fails with proptest's shrunk case, and
/// prints how many of the cases opened (a test whose damage no index survives tests little).
fn run_damaged<S: Strategy>(what: &str, default_cases: u32, strategy: &S, case: impl Fn(S::Value) -> Result<bool, TestCaseError>) {
    let opened = std::cell::Cell::new(0u32);
    let r = runner(default_cases).run(strategy, |value| {
        if case(value)? {
            opened.set(opened.get() + 1);
        }
        Ok(())
    });
    if let Err(e) = r {
        panic!("{e}");
    }
    eprintln!("{what}: {} cases, {} opened and were searched", cases(default_cases), opened.get());
}

/// Per-query bound. Generous for a debug build on a shared 2-core machine; a release build
/// answers these in well under a millisecond to a few milliseconds.
fn query_bound() -> Duration {
    Duration::from_millis(if cfg!(debug_assertions) { 1500 } else { 150 })
}

/// Pieces queries are made of: real words, operators, scripts, marks, emoji, junk.
const WORDS: &[&str] = &[
    "zeroth", "order", "benchmark", "diffusion", "language", "models", "dpm-solver", "schrödinger", "Schr\\\"odinger",
    "learning", "the", "a", "of", "transformer", "llm", "μ", "$\\mu$", "ＡＩ", "ﬁnetuning", "İstanbul",
];
const OPERATORS: &[&str] = &[
    "\"", "-", "--", "title:", "author:", "authors:", "TITLE:", "\"\"", "-\"", ":", "'", "’", "*", "\\", "(", ")", "[", "{", "}", "<", ">", "&", "|", "~", "^", "/", ".", "...",
];
const SEPARATORS: &[&str] = &[" ", " ", " ", "", "-", "\t", "  ", "\u{3000}", "\u{a0}"];

fn query_piece() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => proptest::sample::select(WORDS).prop_map(str::to_string),
        2 => "[a-z]{1,12}",
        1 => proptest::sample::select(OPERATORS).prop_map(str::to_string),
        1 => "[\\u{0590}-\\u{05ff}\\u{0600}-\\u{06ff}]{1,8}",
        1 => "[a-z][\\u{0300}-\\u{036f}]{1,6}",
        1 => "[\\u{1f300}-\\u{1faff}\\u{200d}\\u{fe0f}]{1,4}",
        1 => "[\\u{0370}-\\u{03ff}\\u{ff01}-\\u{ff5e}\\u{fb00}-\\u{fb06}]{1,6}",
        1 => "[\\u{0}-\\u{20}\\u{7f}-\\u{a0}\\u{2028}\\u{2029}\\u{200b}-\\u{200f}\\u{202a}-\\u{202e}]{1,3}",
        1 => any::<String>(),
    ]
}

fn query() -> impl Strategy<Value = String> {
    let sep = proptest::sample::select(SEPARATORS);
    proptest::collection::vec((query_piece(), sep), 0..14).prop_map(|parts| parts.into_iter().map(|(p, s)| p + s).collect())
}

/// Searches and checks what any answer must satisfy.
fn check_query(s: &Searcher<'_>, q: &str, opts: &SearchOptions) -> Result<(), TestCaseError> {
    check_answer(s, q, opts, false)
}

/// The same; `damaged_ok`: the index may be damaged, and a search may report that.
fn check_answer(s: &Searcher<'_>, q: &str, opts: &SearchOptions, damaged_ok: bool) -> Result<(), TestCaseError> {
    let start = Instant::now();
    let r = s.search(q, opts);
    let took = start.elapsed();
    prop_assert!(took < query_bound(), "query {:?} took {:?}", q, took);
    let r = match r {
        Ok(r) => r,
        Err(e) if damaged_ok => {
            prop_assert!(matches!(e, IndexError::Checksum(_)), "{:?}: {}", q, e);
            return Ok(());
        }
        Err(e) => return Err(TestCaseError::fail(format!("{q:?}: {e}"))),
    };
    prop_assert!(r.results.len() <= opts.limit.min(1000));
    prop_assert!(r.results.is_empty() || r.total as usize >= opts.offset + r.results.len(), "total {} for {:?}", r.total, q);
    for h in &r.results {
        let title_units = h.title.encode_utf16().count() as u32;
        for [a, b] in &h.title_highlights {
            prop_assert!(a < b && *b <= title_units, "title highlight {:?} of {:?} for {:?}", [a, b], h.title, q);
        }
        let snippet_units = h.snippet.text.encode_utf16().count() as u32;
        for [a, b] in &h.snippet.highlights {
            prop_assert!(a < b && *b <= snippet_units, "snippet highlight {:?} of {:?} for {:?}", [a, b], h.snippet.text, q);
        }
        prop_assert!(h.score.is_finite(), "score {} for {:?}", h.score, q);
    }
    Ok(())
}

#[test]
fn prop_any_query_is_answered_quickly_without_panic() {
    let bytes = sample_index();
    let s = Searcher::new(Index::open(&bytes).unwrap());
    let start = Instant::now();
    let n = runner(QUERY_CASES)
        .run(&(query(), 0usize..3, any::<bool>()), |(q, page, explain)| {
            let opts = SearchOptions { limit: [10, 1000, 3][page], offset: [0, 0, 5][page], explain, ..Default::default() };
            check_query(&s, &q, &opts)
        });
    if let Err(e) = n {
        panic!("{e}");
    }
    eprintln!("{} structured queries in {:.1} s", cases(QUERY_CASES), start.elapsed().as_secs_f64());
}

#[test]
fn prop_arbitrary_unicode_queries() {
    let bytes = sample_index();
    let s = Searcher::new(Index::open(&bytes).unwrap());
    let r = runner(UNICODE_CASES).run(&(any::<String>(), proptest::collection::vec(any::<char>(), 0..600)), |(a, chars)| {
        check_query(&s, &a, &SearchOptions::default())?;
        check_query(&s, &chars.into_iter().collect::<String>(), &SearchOptions::default())
    });
    if let Err(e) = r {
        panic!("{e}");
    }
}

#[test]
fn long_and_odd_queries_are_bounded() {
    let bytes = sample_index();
    let s = Searcher::new(Index::open(&bytes).unwrap());
    let mut queries: Vec<String> = vec![
        "x".repeat(10_000),
        "zeroth ".repeat(1_500),
        "-".repeat(10_000),
        "\"".repeat(10_001),
        "\"zeroth order".to_string(),
        "-zeroth -order -benchmark -diffusion -language -models -learning".repeat(40),
        "title:".repeat(2000),
        "a-b-c-d-e-f-g-h-i-j-k-l-m-n-o-p-q-r-s-t-u-v-w-x-y-z-".repeat(200),
        "é".repeat(10_000),
        "e\u{301}".repeat(5_000),
        "\u{301}".repeat(10_000),
        "🙂".repeat(10_000),
        "👩‍👩‍👧‍👦".repeat(1000),
        "שלום עולם ".repeat(1000),
        "\u{202e}gnirts desrever\u{202c} ".repeat(500),
        "!@#$%^&*()_+=[]{};:'\",.<>/?\\|`~".repeat(300),
        "μ".repeat(10_000),
        "ﬃ".repeat(10_000),
        "diffusionmodelsamplerlanguagebenchmarkzerothorder".repeat(200),
        "\0".repeat(10_000),
    ];
    // 10,000 characters of random words from the index, and of random letters.
    let mut rng = 0x9e3779b97f4a7c15u64;
    let mut next = || {
        rng ^= rng << 13;
        rng ^= rng >> 7;
        rng ^= rng << 17;
        rng
    };
    let words = ["zeroth", "order", "benchmark", "diffusion", "langauge", "modls", "learnin", "\"", "-", "sampler"];
    let mut q = String::new();
    while q.chars().count() < 10_000 {
        q.push_str(words[(next() % words.len() as u64) as usize]);
        q.push(' ');
    }
    queries.push(q);
    queries.push((0..10_000).map(|_| char::from(b'a' + (next() % 26) as u8)).collect());
    for q in &queries {
        for opts in [SearchOptions::default(), SearchOptions { limit: 1000, offset: 0, explain: true, ..Default::default() }] {
            let start = Instant::now();
            let r = s.search(q, &opts).unwrap();
            let took = start.elapsed();
            assert!(took < query_bound(), "{:?}…: {took:?}", q.chars().take(40).collect::<String>());
            assert!(r.results.len() <= opts.limit);
        }
    }
}

// Random mutations of a valid index: `Index::open` must refuse or accept, and an accepted index
// must answer queries and hand out its stored entries, without panicking.

/// Recomputes every checksum (the block checksums in BLOCKS, the sections', the table's), so a
/// mutation gets past them and reaches the structure checks and the query path.
fn reseal(bytes: &mut [u8]) {
    if bytes.len() < HEADER_LEN {
        return;
    }
    let n = (u32::from_le_bytes(bytes[12..16].try_into().unwrap()) as usize).min(64);
    let table_end = HEADER_LEN + n * SECTION_ROW_LEN;
    if bytes.len() < table_end + 8 {
        return;
    }
    let rows = table(bytes);
    let total = bytes.len();
    let range = |r: &Row| r.off.checked_add(r.len).filter(|&end| end <= total).map(|end| r.off..end);
    // Block checksums first: they are part of the BLOCKS section's own checksum.
    if let Some(blocks) = rows.iter().find(|r| r.kind == format::section::BLOCKS).and_then(&range) {
        let mut pos = blocks.start;
        while pos + 8 <= blocks.end {
            let kind = u32::from_le_bytes(bytes[pos..pos + 4].try_into().unwrap());
            let count = u32::from_le_bytes(bytes[pos + 4..pos + 8].try_into().unwrap()) as usize;
            pos += 8;
            let Some(data) = rows.iter().find(|r| r.kind == kind).and_then(&range) else { break };
            for b in 0..count {
                if pos + 4 > blocks.end {
                    break;
                }
                let start = (data.start + b * format::BLOCK_LEN).min(data.end);
                let sum = checksum(&bytes[start..(start + format::BLOCK_LEN).min(data.end)]) as u32;
                bytes[pos..pos + 4].copy_from_slice(&sum.to_le_bytes());
                pos += 4;
            }
        }
    }
    for (i, row) in rows.iter().enumerate() {
        if row.flags & format::FLAG_BLOCK_CHECKED != 0 {
            continue;
        }
        if let Some(r) = range(row) {
            let sum = checksum(&bytes[r]);
            let at = HEADER_LEN + i * SECTION_ROW_LEN + 16;
            bytes[at..at + 8].copy_from_slice(&sum.to_le_bytes());
        }
    }
    let sum = checksum(&bytes[..table_end]);
    bytes[table_end..table_end + 8].copy_from_slice(&sum.to_le_bytes());
}

/// Opens `bytes` and, if that works, exercises everything the runtime does with an index.
fn exercise(bytes: &[u8]) -> Result<bool, TestCaseError> {
    let Ok(index) = Index::open(bytes) else {
        return Ok(false);
    };
    let n = index.doc_count();
    for d in 0..n.min(200) {
        let _ = index.stored(d);
        let _ = index.doc_lens(d);
        let _ = index.doc_date(d);
    }
    let _ = index.stored(n);
    let _ = index.stored(u32::MAX);
    let s = Searcher::new(index);
    // Exact, typo, compound, phrase, prefix, exclusion, scope: each reads the index its own way.
    for (q, explain) in [("zeroth order benchmark", true), ("difusion -image", false), ("dpm-solver zerothorder", false), ("\"language models\" lang", false), ("author:hinton title:transformer", false)] {
        check_answer(&s, q, &SearchOptions { limit: 20, offset: 0, explain, ..Default::default() }, true)?;
    }
    Ok(true)
}

/// The bytes of the (last) section of `kind`, if it lies inside `bytes`.
fn section(bytes: &[u8], kind: u32) -> &[u8] {
    table(bytes).iter().rev().find(|r| r.kind == kind).and_then(|r| bytes.get(r.off..r.off.checked_add(r.len)?)).unwrap_or(&[])
}

/// True when the term dictionary of `bytes` is the original one. The `fst` crate trusts an fst
/// that passes its header checks (it indexes node bytes without bounds checks and panics on a
/// crafted one), so a dictionary that is not the writer's own is only safe behind our checksum:
/// accidental damage is caught, a deliberately re-checksummed fst is not. The mutation tests
/// therefore re-seal everything but TERMS; what TERMS hands the reader (postings offsets,
/// document frequencies, flags) is fuzzed with valid dictionaries carrying garbage values.
fn terms_intact(bytes: &[u8], original: &[u8]) -> bool {
    bytes.len() >= HEADER_LEN && section(bytes, format::section::TERMS) == original
}

/// Lays `original`'s sections out again with TERMS replaced by `terms` (new offsets, same
/// kinds and flags), and re-seals the checksums.
fn with_terms(original: &[u8], terms: &[u8]) -> Vec<u8> {
    let rows = table(original);
    let table_end = HEADER_LEN + rows.len() * SECTION_ROW_LEN + 8;
    let mut out = original[..table_end].to_vec();
    // BLOCKS gets a row for the new TERMS' blocks (their checksums are set by `reseal`).
    let mut blocks = Vec::new();
    if let Some(row) = rows.iter().find(|r| r.kind == format::section::BLOCKS) {
        let old = &original[row.off..row.off + row.len];
        let mut pos = 0;
        while pos + 8 <= old.len() {
            let kind = u32::from_le_bytes(old[pos..pos + 4].try_into().unwrap());
            let count = u32::from_le_bytes(old[pos + 4..pos + 8].try_into().unwrap()) as usize;
            let end = (pos + 8 + count * 4).min(old.len());
            if kind == format::section::TERMS {
                blocks.extend_from_slice(&kind.to_le_bytes());
                let n = terms.len().div_ceil(format::BLOCK_LEN);
                blocks.extend_from_slice(&(n as u32).to_le_bytes());
                blocks.resize(blocks.len() + n * 4, 0);
            } else {
                blocks.extend_from_slice(&old[pos..end]);
            }
            pos = end;
        }
    }
    for (i, row) in rows.iter().enumerate() {
        out.resize(out.len().div_ceil(8) * 8, 0);
        let data = match row.kind {
            format::section::TERMS => terms,
            format::section::BLOCKS => &blocks[..],
            _ => &original[row.off..row.off + row.len],
        };
        let r = HEADER_LEN + i * SECTION_ROW_LEN;
        let (off, len) = (out.len() as u32, data.len() as u32);
        out[r + 8..r + 12].copy_from_slice(&off.to_le_bytes());
        out[r + 12..r + 16].copy_from_slice(&len.to_le_bytes());
        out.extend_from_slice(data);
    }
    out.resize(out.len().div_ceil(8) * 8, 0);
    reseal(&mut out);
    out
}

/// A valid dictionary over the index's own terms whose values are garbage: postings offsets
/// anywhere (inside POSTINGS, just past it, far past it), any document frequency, any flags.
#[test]
fn prop_valid_dictionaries_with_garbage_values() {
    let bytes = sample_index();
    let index = Index::open(&bytes).unwrap();
    let mut keys: Vec<Vec<u8>> = Vec::new();
    index.for_each_term(&mut |k, _| keys.push(k.to_vec()));
    let postings_len = section(&bytes, format::section::POSTINGS).len() as u64;
    run_damaged("garbage dictionary values", DICTIONARY_CASES, &(any::<u64>(), 0u32..4), |(seed, style)| {
        let mut rng = seed | 1;
        let mut next = move || {
            rng ^= rng << 13;
            rng ^= rng >> 7;
            rng ^= rng << 17;
            rng
        };
        let mut pairs: Vec<(&[u8], u64)> = Vec::with_capacity(keys.len());
        for k in &keys {
            let r = next();
            let offset = match style {
                0 => r % postings_len.max(1),
                1 => postings_len.saturating_sub(r % 4),
                2 => r >> 24,
                _ => (r % (postings_len + 64)) & !0x3f,
            };
            let low = match r % 3 {
                0 => r >> 40 & format::DF_MASK,
                1 => format::DF_MASK,
                _ => 0,
            } | (r & format::JOINED_ONLY);
            pairs.push((k, offset.min(u64::MAX >> format::DF_BITS) << format::DF_BITS | low));
        }
        exercise(&with_terms(&bytes, &digest_search::index::write::terms_section(&pairs)))
    });
}

/// One to fifteen edits of a run of bytes, for [`garble`]: where (any `u32`, taken modulo the
/// run's length), a value, and how to write it.
fn garbage_edits() -> impl Strategy<Value = Vec<(u32, u8, u8)>> {
    proptest::collection::vec((any::<u32>(), any::<u8>(), 0u8..4), 1..16)
}

/// Writes [`garbage_edits`] into `b[start..start + len]`: bits flipped, `0xff`, a varint byte that
/// never ends, or zero.
fn garble(b: &mut [u8], start: usize, len: usize, edits: Vec<(u32, u8, u8)>) {
    for (at, v, how) in edits {
        let p = start + at as usize % len.max(1);
        match how {
            0 => b[p] ^= v | 1,
            1 => b[p] = 0xff,
            2 => b[p] = 0x80 | v, // a varint that never ends
            _ => b[p] = 0,
        }
    }
}

/// Garbage in the term info that follows each first byte's fst in TERMS (block starts anywhere,
/// varints that never end, any df, flag or postings offset), re-sealed: the fsts stay the
/// writer's own (see `terms_intact`), and whatever the info's bytes say, no query panics.
#[test]
fn prop_garbage_term_info_never_panics() {
    let bytes = sample_index();
    let terms_at = table(&bytes).iter().find(|r| r.kind == format::section::TERMS).unwrap().off;
    let terms = section(&bytes, format::section::TERMS);
    // Each dictionary's info, from the index's first byte: past its fst, to its end.
    let head = |b: usize| format::TERMS_HEAD_LEN + format::get_u32(terms, 4 * b).unwrap() as usize;
    let infos: Vec<(usize, usize)> = (0..256)
        .filter(|&b| head(b) < head(b + 1))
        .map(|b| (terms_at + head(b) + 4 + format::get_u32(terms, head(b)).unwrap() as usize, terms_at + head(b + 1)))
        .collect();
    assert!(infos.len() > 20 && infos.iter().all(|(start, end)| start < end));
    run_damaged("term info garbage", MUTATION_CASES, &(0..infos.len(), garbage_edits()), |(i, edits)| {
        let (start, end) = infos[i];
        let mut b = bytes.clone();
        garble(&mut b, start, end - start, edits);
        reseal(&mut b);
        // Every term's value, and the postings it points at, not only the queries' words.
        if let Ok(index) = Index::open(&b) {
            index.for_each_term(&mut |_, v| {
                let _ = index.postings(v).count();
            });
        }
        exercise(&b)
    });
}

#[derive(Debug, Clone)]
enum Mutation {
    Truncate(usize),
    Flip(usize, u8),
    /// Overwrite 4 bytes with a little-endian u32 (lengths, offsets, counts).
    Word(usize, u32),
    Splice(usize, Vec<u8>),
}

fn mutation(len: usize) -> impl Strategy<Value = Mutation> {
    // Bias positions to the header and table, where one byte changes the most.
    let pos = prop_oneof![2 => 0..(HEADER_LEN + 5 * SECTION_ROW_LEN + 8), 3 => 0..len];
    let word = prop_oneof![Just(0u32), Just(1), Just(u32::MAX), Just(u32::MAX / 12 + 1), Just(0x8000_0000), 0u32..4096, any::<u32>()];
    prop_oneof![
        1 => (0..len).prop_map(Mutation::Truncate),
        4 => (pos.clone(), 1u8..=255).prop_map(|(p, x)| Mutation::Flip(p, x)),
        3 => (pos.clone(), word).prop_map(|(p, w)| Mutation::Word(p, w)),
        1 => (pos, proptest::collection::vec(any::<u8>(), 1..64)).prop_map(|(p, b)| Mutation::Splice(p, b)),
    ]
}

fn apply(bytes: &[u8], muts: &[Mutation]) -> Vec<u8> {
    let mut b = bytes.to_vec();
    for m in muts {
        match m {
            Mutation::Truncate(n) => b.truncate(*n),
            Mutation::Flip(p, x) => {
                if let Some(v) = b.get_mut(*p) {
                    *v ^= x;
                }
            }
            Mutation::Word(p, w) => {
                if let Some(s) = b.get_mut(*p..p + 4) {
                    s.copy_from_slice(&w.to_le_bytes());
                }
            }
            Mutation::Splice(p, bytes) => {
                let p = (*p).min(b.len());
                let end = (p + bytes.len()).min(b.len());
                b[p..end].copy_from_slice(&bytes[..end - p]);
            }
        }
    }
    b
}

#[test]
fn prop_mutated_indexes_never_panic() {
    let bytes = sample_index();
    let len = bytes.len();
    let terms = section(&bytes, format::section::TERMS);
    run_damaged("mutated indexes, re-sealed", MUTATION_CASES, &proptest::collection::vec(mutation(len), 1..4), |muts| {
        let b = apply(&bytes, &muts);
        // As damaged (the checksums catch it, unless only padding changed) and re-sealed (the
        // structure checks and the query path see it).
        exercise(&b)?;
        let mut sealed = b.clone();
        reseal(&mut sealed);
        // The term dictionary is trusted once its checksum matches (see `terms_intact`).
        Ok(terms_intact(&sealed, terms) && exercise(&sealed)?)
    });
}

/// Mutations confined to one section's bytes, re-sealed: every section's decoder meets garbage.
#[test]
fn prop_resealed_section_garbage_never_panics() {
    let bytes = sample_index();
    let rows = table(&bytes);
    // Not TERMS: see `terms_intact`; `prop_valid_dictionaries_with_garbage_values` covers what
    // the dictionary hands the reader.
    let targets: Vec<(usize, usize)> = rows.iter().filter(|r| r.kind != format::section::TERMS).map(|r| (r.off, r.len)).collect();
    run_damaged("section garbage", MUTATION_CASES, &(0..targets.len(), garbage_edits()), |(t, edits)| {
        let (off, len) = targets[t];
        let mut b = bytes.clone();
        garble(&mut b, off, len, edits);
        reseal(&mut b);
        exercise(&b)
    });
}

// ---------------------------------------------------------------------------------------------
// 5. Determinism: the same inputs give the same bytes

fn assert_deterministic(inputs: &[&str]) {
    let d = temp();
    let (a, b) = (d.path().join("a"), d.path().join("elsewhere/b"));
    for out in [&a, &b] {
        let o = build_into(inputs, out);
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    }
    let (x, y) = (read_outputs(&a), read_outputs(&b));
    for ((name, x), y) in OUTPUT_NAMES.iter().zip(&x).zip(&y) {
        assert!(x == y, "{inputs:?}: {name} differs between two builds");
    }
}

#[test]
fn builds_are_byte_identical_for_the_sample_digest() {
    assert_deterministic(&[SAMPLE_DIGEST]);
}

#[test]
fn builds_are_byte_identical_for_the_arxiv_slice() {
    assert_deterministic(&[ARXIV_1K]);
    // In-process too, and independent of the order of hash maps (a fresh process each time above;
    // here, two builds in one process).
    let entries = read_inputs(&[PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(ARXIV_1K)], &InputOptions::default(), &mut |_| {}).unwrap();
    assert_eq!(entries.len(), 1000);
    assert_eq!(build_index(&entries, &mut |_| {}), build_index(&entries, &mut |_| {}));
}

#[test]
fn an_entrys_control_characters_reach_the_terminal_escaped() {
    // A title or a link with ESC sequences (a window title, colours, a clipboard write) or a
    // newline (a forged `error:` line) was printed raw by `search` and by the build's warnings.
    let d = temp();
    write(d.path(), "a.jsonl", "{\"id\":\"e1\",\"title\":\"zork \\u001b]0;PWNED\\u0007\\u001b[31mred\",\"abstract\":\"zork\",\"url\":\"java\\nscript:\\u001b]52;c;eA==\\u0007\"}\n");
    let o = run(d.path(), &["build", "a.jsonl", "--out", "out"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(err.contains("`java\\u{a}script:\\u{1b}]52;c;eA==\\u{7}` is not an http(s) or relative link"), "{err}");
    let s = run(d.path(), &["search", "out", "zork"]);
    let out = String::from_utf8_lossy(&s.stdout).into_owned();
    assert!(out.contains("zork \\u{1b}]0;PWNED\\u{7}\\u{1b}[31mred  [e1]"), "{out}");
    for text in [&err, &out] {
        assert!(!text.contains('\u{1b}') && !text.contains('\u{7}'), "{text:?}");
    }
    // --json escapes them as JSON does.
    let j = run(d.path(), &["search", "out", "zork", "--json"]);
    assert!(String::from_utf8_lossy(&j.stdout).contains("\\u001b]0;PWNED"));
}

#[cfg(unix)]
#[test]
fn a_link_planted_at_a_temporary_name_is_not_written_through() {
    // The build's temporary files have predictable names (`.NAME.tmp-PID`): one planted as a
    // link to another file had the build write the loader into that file.
    let d = temp();
    write(d.path(), "a.jsonl", "{\"title\":\"one\"}\n");
    write(d.path(), "victim.txt", "ORIGINAL");
    std::fs::create_dir(d.path().join("out")).unwrap();
    // `exec` keeps the shell's PID, which names the temporary files.
    let script = format!("ln -s ../victim.txt out/.digest-search.js.tmp-$$ && exec {} build a.jsonl --out out -q", cli().get_program().to_string_lossy());
    let o = Command::new("sh").arg("-c").arg(script).current_dir(d.path()).output().unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(std::fs::read_to_string(d.path().join("victim.txt")).unwrap(), "ORIGINAL");
    let js = d.path().join("out/digest-search.js");
    assert!(!std::fs::symlink_metadata(&js).unwrap().file_type().is_symlink());
    assert!(std::fs::read_to_string(&js).unwrap().contains("digest-search"));
}

#[test]
fn an_input_where_an_output_goes_is_not_written_over() {
    let d = temp();
    std::fs::create_dir(d.path().join("site")).unwrap();
    write(d.path(), "site/digest-search.json", "[{\"title\":\"mine\"}]");
    let o = run(d.path(), &["build", "site/digest-search.json", "--out", "site", "--hashed-names"]);
    assert_fails_with(&o, "site/digest-search.json: the build would write over it, and it is one of the inputs");
    assert_eq!(std::fs::read_to_string(d.path().join("site/digest-search.json")).unwrap(), "[{\"title\":\"mine\"}]");
}

#[test]
fn an_output_folder_that_is_a_file_is_named_as_such() {
    let d = temp();
    write(d.path(), "a.jsonl", "{\"title\":\"one\"}\n");
    write(d.path(), "afile", "mine");
    assert_fails_with(&run(d.path(), &["build", "a.jsonl", "--out", "afile"]), "cannot write into afile: it is a file, not a folder");
    assert_eq!(std::fs::read_to_string(d.path().join("afile")).unwrap(), "mine");
}

#[cfg(target_os = "linux")]
#[test]
fn an_output_folder_that_takes_no_file_names_the_file_asked_for() {
    // /proc takes no new file (not even from root, where a folder of mode 555 would): the
    // message named the temporary file (`/proc/.digest-search.wasm.tmp-5112`) the user never asked for.
    let d = temp();
    write(d.path(), "a.jsonl", "{\"title\":\"one\"}\n");
    let o = run(d.path(), &["build", "a.jsonl", "--out", "/proc", "-q"]);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(stderr(&o), "error: cannot write /proc/digest-search.wasm: No such file or directory (os error 2)\n");
}

#[cfg(unix)]
#[test]
fn a_file_replaced_keeps_its_permission_bits_and_a_new_one_has_the_umasks() {
    // The new file renamed over the old one had the umask's mode (0644): a read-only 0444 or a
    // 0640 output became 0644 with no word. Set-user-id and the like are not carried over.
    use std::os::unix::fs::PermissionsExt;
    let d = temp();
    write(d.path(), "a.jsonl", "{\"title\":\"one\"}\n");
    write(d.path(), "b.jsonl", "{\"title\":\"two\"}\n");
    let cli_path = cli().get_program().to_string_lossy().into_owned();
    let build = |input: &str, extra: &str| {
        let script = format!("umask 027 && exec {cli_path} build {input} --out out -q {extra}");
        let o = Command::new("sh").arg("-c").arg(script).current_dir(d.path()).output().unwrap();
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    };
    let out = d.path().join("out");
    let mode = |name: &str| std::fs::metadata(out.join(name)).unwrap().permissions().mode() & 0o7777;
    build("a.jsonl", "");
    assert_eq!(mode("digest-search.wasm"), 0o640, "a new file: 0666 less the umask 027");
    for (name, m) in [("digest-search.wasm", 0o444), ("digest-search.js", 0o604), ("digest-search.classic.js", 0o4755)] {
        std::fs::set_permissions(out.join(name), std::fs::Permissions::from_mode(m)).unwrap();
    }
    let before = read_outputs(&out);
    build("b.jsonl", "--html");
    assert_ne!(read_outputs(&out), before, "the files are replaced");
    assert_eq!(mode("digest-search.wasm"), 0o444);
    assert_eq!(mode("digest-search.js"), 0o604);
    assert_eq!(mode("digest-search.classic.js"), 0o755);
    assert_eq!(mode("digest-search.html"), 0o640, "a new file beside them");
}

#[cfg(unix)]
#[test]
fn a_file_size_limit_is_a_write_error_that_leaves_the_previous_files() {
    // `ulimit -f` (in 512-byte blocks here): the wasm is larger than 150 KB. The process used
    // to be killed by SIGXFSZ, with no message and its temporary files left behind.
    let d = temp();
    write(d.path(), "a.jsonl", "{\"title\":\"one\"}\n");
    let o = run(d.path(), &["build", "a.jsonl", "--out", "out", "-q"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let before = read_outputs(&d.path().join("out"));
    write(d.path(), "b.jsonl", "{\"title\":\"two\"}\n");
    let script = format!("ulimit -f 300 && exec {} build b.jsonl --out out -q", cli().get_program().to_string_lossy());
    let o = Command::new("sh").arg("-c").arg(script).current_dir(d.path()).output().unwrap();
    assert_eq!(o.status.code(), Some(1), "{o:?}");
    assert_eq!(stderr(&o), "error: cannot write out/digest-search.wasm: File too large (os error 27)\n", "the file asked for, not its temporary name");
    assert_eq!(read_outputs(&d.path().join("out")), before);
    assert_eq!(listing(&d.path().join("out")), listing_of_outputs(), "no temporary file is left behind");
}

#[cfg(unix)]
#[test]
fn a_build_stopped_by_a_signal_leaves_no_temporary_file() {
    // The files are written for a few milliseconds: strace holds each `fsync` for two seconds,
    // which keeps them there long enough to send SIGTERM. Skipped where strace cannot run.
    if !Command::new("strace").args(["-o", "/dev/null", "true"]).status().is_ok_and(|s| s.success()) {
        eprintln!("skipped: strace cannot run here");
        return;
    }
    let d = temp();
    write(d.path(), "a.jsonl", "{\"title\":\"one\"}\n");
    let o = run(d.path(), &["build", "a.jsonl", "--out", "out", "-q"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = d.path().join("out");
    let before = read_outputs(&out);
    write(d.path(), "b.jsonl", "{\"title\":\"two\"}\n");
    let child = Command::new("strace")
        .args(["-f", "-o", "/dev/null", "-e", "trace=fsync", "-e", "inject=fsync:delay_enter=2000000"])
        .arg(cli().get_program())
        .args(["build", "b.jsonl", "--out", "out", "-q"])
        .current_dir(d.path())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    // The build's process id names its temporary files.
    let started = Instant::now();
    let pid = loop {
        let found = listing(&out).iter().find_map(|n| n.rsplit_once(".tmp-").map(|(_, pid)| pid.to_string()));
        if let Some(pid) = found {
            break pid;
        }
        assert!(started.elapsed() < Duration::from_secs(60), "no temporary file appeared");
        std::thread::sleep(Duration::from_millis(5));
    };
    assert!(Command::new("kill").args(["-TERM", &pid]).status().unwrap().success());
    let o = child.wait_with_output().unwrap();
    assert!(stderr(&o).contains("error: stopped by SIGTERM: its temporary files are removed"), "{}", stderr(&o));
    assert_eq!(read_outputs(&out), before, "the previous files are kept");
    assert_eq!(listing(&out), listing_of_outputs(), "no temporary file is left behind");
}

/// The output names, sorted as [`listing`] sorts.
fn listing_of_outputs() -> Vec<String> {
    let mut names: Vec<String> = OUTPUT_NAMES.iter().map(|n| n.to_string()).collect();
    names.sort();
    names
}

#[cfg(target_os = "linux")]
#[test]
fn what_killed_builds_left_is_removed_and_what_a_running_one_writes_is_not() {
    let d = temp();
    write(d.path(), "a.jsonl", "{\"title\":\"one\"}\n");
    std::fs::create_dir(d.path().join("out")).unwrap();
    // Process id 4194305 is past Linux's largest; this test's own process runs.
    let dead = [".digest-search.wasm.tmp-4194305", ".digest-search.js.old-4194305", ".digest-search.1a2b3c4d.wasm.tmp-4194305"];
    let live = format!(".digest-search.wasm.tmp-{}", std::process::id());
    for n in dead.iter().copied().chain([live.as_str(), ".digest-search.notes", "mine.tmp-4194305"]) {
        write(&d.path().join("out"), n, "x");
    }
    let o = run(d.path(), &["build", "a.jsonl", "--out", "out", "-q"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let mut want = listing_of_outputs();
    want.extend([live, ".digest-search.notes".to_string(), "mine.tmp-4194305".to_string()]);
    want.sort();
    assert_eq!(listing(&d.path().join("out")), want);
}
