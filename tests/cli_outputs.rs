//! The CLI's optional outputs: content-hashed names for long cache lifetimes, and one
//! self-contained HTML page.

use std::path::Path;
use std::process::Command;

const CLI: &str = env!("CARGO_BIN_EXE_digest-search");
const SAMPLE: &str = "tests/fixtures/trending-papers-digest.txt";

fn build(extra: &[&str]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let status = Command::new(CLI).args(["build", SAMPLE, "--quiet", "--out"]).arg(dir.path()).args(extra).status().unwrap();
    assert!(status.success());
    dir
}

#[test]
fn hashed_names_are_found_by_the_loader_and_the_cli() {
    let dir = build(&["--hashed-names"]);
    let manifest: serde_json::Value = serde_json::from_slice(&std::fs::read(dir.path().join("digest-search.json")).unwrap()).unwrap();
    let name = manifest["wasm"].as_str().unwrap().to_string();
    assert!(name.starts_with("digest-search.") && name.ends_with(".wasm") && name.len() == "digest-search.12345678.wasm".len(), "{name}");
    assert!(dir.path().join(&name).exists());
    assert!(!dir.path().join("digest-search.wasm").exists());
    let esm = std::fs::read_to_string(dir.path().join("digest-search.js")).unwrap();
    assert!(esm.contains(&format!("new URL(\"{name}\", import.meta.url)")));
    // The same content gets the same name; the CLI searches the folder through the manifest.
    let again = build(&["--hashed-names"]);
    assert!(again.path().join(&name).exists());
    let out = Command::new(CLI).args(["search"]).arg(dir.path()).arg("zeroth order benchmark").output().unwrap();
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stdout).contains("Zeroth-Order"));
}

#[test]
fn standalone_html_holds_everything() {
    let dir = build(&["--html", "--title", "Papers <of> the day"]);
    let html = std::fs::read_to_string(dir.path().join("digest-search.html")).unwrap();
    assert!(html.contains("<title>Papers &lt;of&gt; the day</title>"));
    assert!(html.contains("<digest-search></digest-search>"));
    // Exactly one closing script tag: the inlined code never closes it early.
    assert_eq!(html.matches("</script").count(), 1);
    assert!(html.len() > std::fs::read(dir.path().join("digest-search.wasm")).unwrap().len());
}

#[test]
fn a_date_filter_that_is_no_date_is_a_usage_error() {
    let dir = build(&[]);
    for bad in ["yesterday", "2024-13", "2024-1-1", "20240101", "2023-02-29"] {
        let out = Command::new(CLI).args(["search"]).arg(dir.path()).args(["model", "--after", bad]).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "--after {bad}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(&format!("invalid value '{bad}' for '--after <AFTER>': expected a date: YYYY-MM-DD, YYYY-MM or YYYY")), "{err}");
    }
    for good in ["2024", "2024-02", "2024-02-29"] {
        let out = Command::new(CLI).args(["search"]).arg(dir.path()).args(["model", "--before", good]).output().unwrap();
        assert!(out.status.success(), "--before {good}: {}", String::from_utf8_lossy(&out.stderr));
    }
}

#[test]
fn the_summary_names_the_files_written() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("one.jsonl");
    std::fs::write(&input, "{\"id\":\"a\",\"title\":\"Only entry\"}\n").unwrap();
    let out = dir.path().join("out");
    let o = Command::new(CLI).args(["build"]).arg(&input).arg("--out").arg(&out).args(["--hashed-names", "--html"]).output().unwrap();
    assert!(o.status.success());
    let err = String::from_utf8_lossy(&o.stderr);
    let manifest: serde_json::Value = serde_json::from_slice(&std::fs::read(out.join("digest-search.json")).unwrap()).unwrap();
    let wasm = manifest["wasm"].as_str().unwrap();
    let size = std::fs::metadata(out.join(wasm)).unwrap().len();
    assert!(err.starts_with("built 1 entry into "), "{err}");
    assert!(err.contains(&format!("{wasm} ({size} bytes)")), "{err}");
    let mut names: Vec<String> = std::fs::read_dir(&out).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    names.sort();
    for n in &names {
        assert!(err.contains(n.as_str()), "{n} missing from: {err}");
    }
    assert!(!err.contains("digest-search.wasm"), "{err}");
}

#[test]
fn a_query_may_start_with_a_word_left_out() {
    let dir = build(&[]);
    let search = |args: &[&str]| {
        let out = Command::new(CLI).args(["search"]).arg(dir.path()).args(args).output().unwrap();
        assert!(out.status.success(), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    let all = search(&["model", "--limit", "1000", "--json"]);
    let without = search(&["-\"black box\" model", "--limit", "1000", "--json"]);
    let total = |s: &str| serde_json::from_str::<serde_json::Value>(s).unwrap()["total"].as_u64().unwrap();
    assert!(total(&without) > 0 && total(&without) < total(&all), "{} of {}", total(&without), total(&all));
    assert!(search(&["-model", "--json"]).contains("\"total\":0"));
}

#[test]
fn a_search_with_nothing_to_ask_says_so() {
    let dir = build(&[]);
    let out = Command::new(CLI).args(["search"]).arg(dir.path()).output().unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("nothing to search: give a query, a filter"), "{}", String::from_utf8_lossy(&out.stderr));
    // An order alone browses, as `search("", {sort})` does in JavaScript.
    let out = Command::new(CLI).args(["search"]).arg(dir.path()).args(["--sort", "oldest", "--json", "--limit", "3"]).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(v["total"].as_u64().unwrap() > 3 && v["results"].as_array().unwrap().len() == 3, "{v}");
}

#[test]
fn a_folder_built_both_ways_is_searched_through_the_last_build() {
    // A plain build, then a hashed one of other entries into the same folder: the stale
    // digest-search.wasm stays, and the search must read the hashed wasm the JS now loads.
    let dir = tempfile::tempdir().unwrap();
    let write = |name: &str, title: &str| {
        let f = dir.path().join(name);
        std::fs::write(&f, format!("{{\"id\":\"x\",\"title\":\"{title}\"}}\n")).unwrap();
        f
    };
    let out = dir.path().join("out");
    let build = |input: &Path, extra: &[&str]| assert!(Command::new(CLI).arg("build").arg(input).arg("--out").arg(&out).arg("-q").args(extra).status().unwrap().success());
    build(&write("old.jsonl", "Oldest quokka"), &[]);
    build(&write("new.jsonl", "Newest wombat"), &["--hashed-names"]);
    assert!(out.join("digest-search.wasm").exists(), "the plain build's wasm is still there");
    let top = |q: &str| String::from_utf8_lossy(&Command::new(CLI).arg("search").arg(&out).arg(q).output().unwrap().stdout).into_owned();
    assert!(top("wombat").contains("Newest wombat"), "{}", top("wombat"));
    assert!(top("quokka").starts_with("0 results"), "{}", top("quokka"));
    // And back: a plain build after the hashed one is the one searched.
    build(&write("third.jsonl", "Third platypus"), &[]);
    assert!(top("platypus").contains("Third platypus"));
}

#[test]
fn a_folder_at_an_output_name_is_left_as_it_was() {
    let dir = tempfile::tempdir().unwrap();
    let taken = dir.path().join("digest-search.classic.js");
    std::fs::create_dir(&taken).unwrap();
    std::fs::write(taken.join("kept.txt"), "mine").unwrap();
    let o = Command::new(CLI).args(["build", SAMPLE, "--quiet", "--out"]).arg(dir.path()).output().unwrap();
    assert_eq!(o.status.code(), Some(1));
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(err, format!("error: cannot replace {}: it is a folder\n", taken.display()));
    // Nothing written, nothing moved aside, the folder's file where it was.
    let names: Vec<String> = std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    assert_eq!(names, ["digest-search.classic.js"]);
    assert_eq!(std::fs::read_to_string(taken.join("kept.txt")).unwrap(), "mine");
}

#[test]
fn a_year_outside_1900_to_2999_is_a_usage_error() {
    // `--year 24` dated entries 0024; `--year 99999` left them undated, silently.
    for bad in ["24", "99999", "1899"] {
        let o = Command::new(CLI).args(["build", SAMPLE, "--out", "never", "--year", bad]).output().unwrap();
        assert_eq!(o.status.code(), Some(2), "--year {bad}");
        let err = String::from_utf8_lossy(&o.stderr);
        assert!(err.starts_with(&format!("error: invalid value '{bad}' for '--year <YEAR>': {bad} is not in 1900..=2999")), "{err}");
    }
    assert!(!Path::new("never").exists());
}

#[test]
fn a_classic_file_past_the_limit_is_not_written_and_an_earlier_one_is_removed_even_quietly() {
    // DS_CLASSIC_MAX lowers the limit (536 MB, about 230k entries) to what the sample passes.
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let build = |extra: &[&str], max: &str| Command::new(CLI).args(["build", SAMPLE, "--year", "2024", "-q", "--out"]).arg(&out).args(extra).env("DS_CLASSIC_MAX", max).output().unwrap();
    let o = build(&["--html"], "100000000");
    assert!(o.status.success() && o.stderr.is_empty(), "{}", String::from_utf8_lossy(&o.stderr));
    let o = build(&["--html"], "100000");
    assert!(o.status.success());
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.starts_with("warning: digest-search.classic.js (and a page made with --html) is not written: it would be "), "{err}");
    assert!(err.contains("MB, longer than a browser loads (0 MB), and an earlier one in the output folder is removed"), "{err}");
    let mut names: Vec<String> = std::fs::read_dir(&out).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    names.sort();
    assert_eq!(names, ["digest-search.js", "digest-search.wasm"], "the stale classic file and page are gone");
    // With --hashed-names, the manifest names no classic file.
    let o = build(&["--hashed-names"], "100000");
    assert!(o.status.success());
    let manifest: serde_json::Value = serde_json::from_slice(&std::fs::read(out.join("digest-search.json")).unwrap()).unwrap();
    assert_eq!(manifest["classic"], serde_json::Value::Null);
}

#[test]
fn build_dash_reads_standard_input() {
    use std::io::Write as _;
    let dir = tempfile::tempdir().unwrap();
    let mut child = Command::new(CLI)
        .args(["build", "-", "-q", "--url-template", "https://example.org/p/{id}", "--out"])
        .arg(dir.path())
        .stdin(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(b"{\"title\":\"Piped quokka\"}\n").unwrap();
    let o = child.wait_with_output().unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let out = Command::new(CLI).arg("search").arg(dir.path()).args(["quokka", "--json"]).output().unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!((v["results"][0]["id"].as_str(), v["results"][0]["url"].as_str()), (Some("stdin-0"), Some("https://example.org/p/stdin-0")));
    // Once only.
    let o = Command::new(CLI).args(["build", "-", "-", "--out"]).arg(dir.path()).stdin(std::process::Stdio::null()).output().unwrap();
    assert_eq!(String::from_utf8_lossy(&o.stderr), "error: <stdin>: standard input (`-`) is given twice: it can be read once\n");
}
