//! The `digest-search` command line: `build` an index into one wasm and its loaders, `search` it
//! natively with the same Rust code the browser runs. A thin face: arguments in, errors out.

use clap::{Args, Parser, Subcommand};
use digest_search::bundle::{self, JsParts};
use digest_search::index::Index;
use digest_search::input::{self, InputOptions};
use digest_search::search::{SearchOptions, Searcher};
use std::borrow::Cow;
use std::io::{BufRead, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

const RUNTIME_WASM: &[u8] = include_bytes!(concat!(env!("DS_RUNTIME_DIR"), "/runtime_bg.wasm"));
// The JS fragments as build.sh prepared them (tools/minify.mjs: www/src/ and wasm-bindgen's
// runtime.js, minified unless DS_NO_MINIFY=1).
const RUNTIME_BINDINGS: &str = include_str!(concat!(env!("DS_RUNTIME_DIR"), "/js/bindings.js"));
const LOADER: &str = include_str!(concat!(env!("DS_RUNTIME_DIR"), "/js/loader.js"));
const COMPONENT: &str = include_str!(concat!(env!("DS_RUNTIME_DIR"), "/js/component.js"));

#[derive(Parser)]
#[command(name = "digest-search", version, about = "Instant, typo-tolerant search for digests, in one WebAssembly file")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Build an index from digest files (plain-text digest, JSON, JSON Lines, RSS, Atom or JSON feeds, Markdown; .gz too).
    Build(BuildArgs),
    /// Search a built index (the .wasm file or its folder) with the same code as the browser.
    Search(SearchArgs),
}

#[derive(Args)]
struct BuildArgs {
    /// Input files, merged in order.
    #[arg(required = true)]
    inputs: Vec<PathBuf>,
    /// Output folder for digest-search.wasm, digest-search.js and digest-search.classic.js.
    #[arg(long)]
    out: PathBuf,
    /// Plain-text digests: number of header paragraphs before the first entry (default: detected).
    #[arg(long)]
    header_lines: Option<usize>,
    /// Plain-text digests: the year of the header's date (`Mar 13`).
    #[arg(long)]
    year: Option<u32>,
    /// Date (YYYY-MM-DD) for every entry that has none.
    #[arg(long)]
    date: Option<String>,
    /// Link for entries without one; `{id}` is replaced by the entry's id.
    #[arg(long)]
    url_template: Option<String>,
    /// Print nothing but errors.
    #[arg(long, short)]
    quiet: bool,
    /// Name the wasm after its content (digest-search.<hash>.wasm), for long cache lifetimes;
    /// digest-search.js refers to it, and digest-search.json lists the names.
    #[arg(long)]
    hashed_names: bool,
    /// Also write digest-search.html: one self-contained page (page, widget and index) to mail or save.
    #[arg(long)]
    html: bool,
    /// Title of the --html page.
    #[arg(long, default_value = "Search")]
    title: String,
}

#[derive(Args)]
struct SearchArgs {
    /// A built digest-search.wasm, or the folder that holds it.
    index: PathBuf,
    /// The query (omit with --batch).
    query: Option<String>,
    /// Results to show.
    #[arg(long, default_value_t = 10)]
    limit: usize,
    /// Results to skip.
    #[arg(long, default_value_t = 0)]
    offset: usize,
    /// Print the same JSON object as the JavaScript search().
    #[arg(long)]
    json: bool,
    /// Include each result's score breakdown (with --json).
    #[arg(long)]
    explain: bool,
    /// Read JSON lines {"q": ...} from FILE ("-" for stdin); write {"q", "results": [{id, score}]} lines.
    #[arg(long)]
    batch: Option<PathBuf>,
    /// Keep entries dated on or after this day (YYYY-MM-DD, YYYY-MM or YYYY).
    #[arg(long, value_parser = filter_date)]
    after: Option<String>,
    /// Keep entries dated on or before this day (YYYY-MM-DD, YYYY-MM or YYYY).
    #[arg(long, value_parser = filter_date)]
    before: Option<String>,
    /// Keep entries with this tag (repeat for several; see --tag-mode).
    #[arg(long = "tag")]
    tags: Vec<String>,
    /// With several --tag: an entry needs any of them, or all.
    #[arg(long, value_parser = ["any", "all"], default_value = "any")]
    tag_mode: String,
    /// Order: relevance, newest or oldest.
    #[arg(long, value_parser = ["relevance", "newest", "oldest"])]
    sort: Option<String>,
    /// Count the matches per tag and per year (with --json).
    #[arg(long)]
    facets: bool,
}

/// `--after` and `--before`: a date the search can filter by, or a usage error naming the forms.
fn filter_date(s: &str) -> Result<String, String> {
    match digest_search::search::query::parse_filter_date(s, false) {
        Some(_) => Ok(s.to_string()),
        None => Err("expected a date: YYYY-MM-DD, YYYY-MM or YYYY".to_string()),
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Build(a) => build(a),
        Command::Search(a) => search(a),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        // `digest-search search ... | head`: the reader went away; that is not an error.
        Err(e) if e.downcast_ref::<std::io::Error>().is_some_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

type Res = Result<(), Box<dyn std::error::Error>>;

fn build(a: BuildArgs) -> Res {
    let start = Instant::now();
    let opts = InputOptions { header_lines: a.header_lines, year: a.year, date: a.date, url_template: a.url_template };
    let quiet = a.quiet;
    let mut warn = |w: String| {
        if !quiet {
            eprintln!("warning: {w}");
        }
    };
    // DS_TIMINGS=1 prints where a build's time goes.
    let timings = std::env::var_os("DS_TIMINGS").is_some();
    let phase = |name: &str, since: Instant| {
        if timings {
            eprintln!("  {name}: {:.2} s", since.elapsed().as_secs_f64());
        }
    };
    let t = Instant::now();
    let entries = input::read_inputs(&a.inputs, &opts, &mut warn)?;
    phase("read and parse inputs", t);
    if entries.is_empty() {
        return Err("no entries in the inputs: nothing to index".into());
    }
    let bar = (!quiet && std::io::stderr().is_terminal()).then(|| {
        let b = indicatif::ProgressBar::new(entries.len() as u64);
        b.set_style(indicatif::ProgressStyle::with_template("indexing {bar:40} {pos}/{len} entries ({eta})").unwrap());
        b
    });
    let parts = JsParts { bindings: RUNTIME_BINDINGS, loader: LOADER, component: COMPONENT };
    let t = Instant::now();
    let out = bundle::build_outputs(&entries, RUNTIME_WASM, &parts, &mut |n| {
        if let Some(b) = &bar {
            b.set_position(n as u64);
        }
    })?;
    if let Some(b) = bar {
        b.finish_and_clear();
    }
    phase("index, embed and encode the loaders", t);
    if let Some(w) = bundle::classic_size_warning(out.classic.len()) {
        warn(w);
    }
    let t = Instant::now();
    let files = bundle::output_files(&out.wasm, &out.classic, &parts, a.hashed_names, a.html.then_some(a.title.as_str()));
    write_outputs(&a.out, &files)?;
    phase("write the files", t);
    if !quiet {
        eprintln!(
            "built {} entries into {} in {:.2} s: {} ({} bytes), {}, {}",
            entries.len(),
            a.out.display(),
            start.elapsed().as_secs_f64(),
            bundle::WASM_NAME,
            out.wasm.len(),
            bundle::ESM_NAME,
            bundle::CLASSIC_NAME
        );
    }
    Ok(())
}

/// Writes all the files to temporary names first, then renames them into place, so a failed
/// build never leaves a half-written or mismatched set. The files are written side by side
/// (the wasm and the classic file are hundreds of MB at 100k entries).
fn write_outputs(dir: &Path, files: &[(String, Cow<'_, [u8]>)]) -> Res {
    std::fs::create_dir_all(dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    let temps: Vec<PathBuf> = files.iter().map(|(name, _)| dir.join(format!(".{name}.tmp-{}", std::process::id()))).collect();
    let write = |tmp: &PathBuf, bytes: &[u8]| std::fs::File::create(tmp).and_then(|mut f| {
        f.write_all(bytes)?;
        f.sync_all()
    });
    let results: Vec<std::io::Result<()>> = std::thread::scope(|s| {
        let jobs: Vec<_> = temps.iter().zip(files).map(|(tmp, (_, bytes))| s.spawn(move || write(tmp, bytes))).collect();
        jobs.into_iter().map(|j| j.join().unwrap_or_else(|e| std::panic::resume_unwind(e))).collect()
    });
    if let Some((tmp, Err(e))) = temps.iter().zip(results).find(|(_, r)| r.is_err()) {
        for t in &temps {
            let _ = std::fs::remove_file(t);
        }
        return Err(format!("cannot write {}: {e}", tmp.display()).into());
    }
    for (tmp, (name, _)) in temps.iter().zip(files) {
        std::fs::rename(tmp, dir.join(name)).map_err(|e| format!("cannot rename {} into place: {e}", tmp.display()))?;
    }
    Ok(())
}

/// The wasm of a build folder: `digest-search.wasm`, or the content-hashed name its
/// `digest-search.json` lists.
fn wasm_in(dir: &Path) -> Result<PathBuf, Box<dyn std::error::Error>> {
    let plain = dir.join(bundle::WASM_NAME);
    let manifest = dir.join("digest-search.json");
    if !plain.exists() && manifest.exists() {
        let m: serde_json::Value = serde_json::from_slice(&std::fs::read(&manifest)?).map_err(|e| format!("{}: {e}", manifest.display()))?;
        let name = m["wasm"].as_str().filter(|n| !n.contains(['/', '\\'])).ok_or_else(|| format!("{}: field `wasm`: missing", manifest.display()))?;
        return Ok(dir.join(name));
    }
    Ok(plain)
}

fn search(a: SearchArgs) -> Res {
    let path = if a.index.is_dir() { wasm_in(&a.index)? } else { a.index.clone() };
    let wasm = std::fs::read(&path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let bytes = digest_search::embed::extract(&wasm).map_err(|e| format!("{}: {e}", path.display()))?;
    let index = Index::open(bytes).map_err(|e| format!("{}: {e}", path.display()))?;
    let searcher = Searcher::new(index);
    let options = serde_json::json!({
        "limit": a.limit, "offset": a.offset, "explain": a.explain, "after": a.after, "before": a.before,
        "tags": a.tags, "tagMode": a.tag_mode, "sort": a.sort, "facets": a.facets,
    });
    // The same deserialisation as the JavaScript options object.
    let opts: SearchOptions = serde_json::from_value(options)?;
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    if let Some(batch) = a.batch {
        let reader: Box<dyn BufRead> = if batch.as_os_str() == "-" {
            Box::new(std::io::stdin().lock())
        } else {
            Box::new(std::io::BufReader::new(std::fs::File::open(&batch).map_err(|e| format!("cannot read {}: {e}", batch.display()))?))
        };
        for (i, line) in reader.lines().enumerate() {
            let line = line?;
            if line.trim().is_empty() {
                continue;
            }
            let v: serde_json::Value = serde_json::from_str(&line).map_err(|e| {
                // The place is the file's own line; serde's "at line 1 column C" is dropped.
                let msg = e.to_string();
                let msg = msg.strip_suffix(&format!(" at line {} column {}", e.line(), e.column())).unwrap_or(&msg).to_string();
                format!("{}:{}:{}: invalid JSON: {msg}", batch.display(), i + 1, e.column().max(1))
            })?;
            let q = v.get("q").and_then(|q| q.as_str()).ok_or_else(|| format!("{}:{}: field `q`: missing or not a string", batch.display(), i + 1))?;
            let r = searcher.search(q, &opts).map_err(|e| format!("{}: {e}", path.display()))?;
            let results: Vec<serde_json::Value> = r.results.iter().map(|h| serde_json::json!({"id": h.id, "score": h.score, "partial": h.partial})).collect();
            writeln!(out, "{}", serde_json::json!({"q": q, "results": results}))?;
        }
        return Ok(());
    }
    let q = a.query.unwrap_or_default();
    let r = searcher.search(&q, &opts).map_err(|e| format!("{}: {e}", path.display()))?;
    if a.json {
        serde_json::to_writer(&mut out, &r)?;
        writeln!(out)?;
    } else {
        writeln!(out, "{} results", r.total)?;
        for (i, h) in r.results.iter().enumerate() {
            let date = h.date.as_deref().map(|d| format!("  {d}")).unwrap_or_default();
            writeln!(out, "{:>3}. {}  [{}]{date} score {}{}", a.offset + i + 1, h.title, h.id, h.score, if h.partial { " (partial)" } else { "" })?;
            if let Some(u) = h.url {
                writeln!(out, "     {u}")?;
            }
        }
    }
    Ok(())
}
