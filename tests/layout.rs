//! The README's map of the tree ("How it works") against the tree: every folder and file it
//! names exists, and every module of `src/` is on it, so that a newcomer who looks for the
//! tokenizer, the index format, the query path or the widget finds them where it says; and
//! every path the README and the reference docs name exists.

use std::path::{Path, PathBuf};

const README: &str = include_str!("../README.md");

/// The map: the code block that opens "## How it works".
fn map() -> &'static str {
    let start = README.find("## How it works\n\n```\n").expect("README has a \"How it works\" map") + "## How it works\n\n```\n".len();
    &README[start..start + README[start..].find("```").unwrap()]
}

/// Every path the map names, from the repository's root: each line's own path (a line indented
/// by two spaces is under the `src/` above it), and each file name in a description (`fold.rs`,
/// under the line's folder; `tools/minify.mjs`, from the root, when it names a folder itself).
fn named_paths() -> Vec<PathBuf> {
    let mut paths = Vec::new();
    let (mut parent, mut folder) = (PathBuf::new(), PathBuf::new());
    for line in map().lines() {
        let indent = line.len() - line.trim_start().len();
        let (name, description) = match indent {
            0 | 2 => line.trim_start().split_once("  ").unwrap_or((line.trim(), "")),
            _ => ("", line.trim()),
        };
        if !name.is_empty() {
            let path = if indent == 0 { PathBuf::from(name) } else { parent.join(name) };
            if indent == 0 {
                parent = path.clone();
            }
            folder = if name.ends_with('/') { path.clone() } else { path.parent().unwrap().to_path_buf() };
            paths.push(path);
        }
        for word in description.split(|c: char| c.is_whitespace() || "(),;:`".contains(c)) {
            let file = word.trim_end_matches('.');
            if let Some((_, ext)) = file.rsplit_once('.').filter(|(stem, _)| !stem.is_empty() && !stem.starts_with('*')) {
                if ["rs", "js", "mjs", "css", "md", "html", "py"].contains(&ext) {
                    let under = folder.join(file);
                    paths.push(if file.contains('/') && !under.exists() { PathBuf::from(file) } else { under });
                }
            }
        }
    }
    paths
}

#[test]
fn the_readmes_map_names_paths_that_exist() {
    let paths = named_paths();
    for want in ["src/text/tokenize.rs", "src/index/format.rs", "docs/index-format.md", "src/search/query.rs", "src/search/mod.rs", "www/src/component.js", "www/src/loader.js"] {
        assert!(paths.iter().any(|p| p == Path::new(want)), "the map names {want}");
    }
    let missing: Vec<&PathBuf> = paths.iter().filter(|p| !p.exists()).collect();
    assert!(missing.is_empty(), "the README's map names paths that do not exist: {missing:?}");
}

/// Every Rust file of `src/` is on the map, by its name (a folder's `mod.rs` by its folder's).
#[test]
fn every_module_is_on_the_map() {
    let paths = named_paths();
    let mut unnamed = Vec::new();
    let mut stack = vec![PathBuf::from("src")];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let folder = path.parent().unwrap();
                let on_map = paths.contains(&path)
                    // A folder's `mod.rs`, when the map names the folder or a file in it.
                    || (path.file_name().unwrap() == "mod.rs" && paths.iter().any(|p| p.starts_with(folder)))
                    // `bin/`'s files are the CLI, which the map names as the folder.
                    || (folder == Path::new("src/bin") && paths.iter().any(|p| p == folder));
                if !on_map {
                    unnamed.push(path);
                }
            }
        }
    }
    unnamed.sort();
    assert!(unnamed.is_empty(), "modules the README's map (\"How it works\") does not name: {unnamed:?}");
}

/// Every path the README and the reference docs write in backticks or link to, in a folder of
/// the repository (`src/text/tokenize.rs`, `docs/index-format.md`), exists. (Paths under
/// `target/` are built, and `docs/performance.md` keeps history: neither is checked.)
#[test]
fn the_paths_the_docs_name_exist() {
    let folders = ["src/", "www/", "docs/", "tools/", "tests/", "bench/", "npm/", "vendor/", "examples/", "fuzz/"];
    let mut missing = Vec::new();
    for doc in ["README.md", "docs/api.md", "docs/deploying.md", "docs/index-format.md", "docs/relevance.md", "npm/README.md"] {
        let text = std::fs::read_to_string(doc).unwrap();
        let quoted = text.split('`').skip(1).step_by(2);
        let linked = text.split("](").skip(1).filter_map(|rest| rest.split([')', '#']).next());
        for path in quoted.chain(linked) {
            if folders.iter().any(|f| path.starts_with(f)) && !path.contains([' ', '<', '*']) && !Path::new(path).exists() {
                missing.push(format!("{doc}: {path}"));
            }
        }
    }
    assert!(missing.is_empty(), "paths the docs name that do not exist: {missing:?}");
}
