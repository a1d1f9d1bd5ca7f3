//! The `digest-search` command line: `build` an index into one wasm and its loaders, `search` it
//! natively with the same Rust code the browser runs. A thin face: arguments in, errors out.

use clap::{Args, Parser, Subcommand};
use digest_search::bundle;
use digest_search::bundle::prebuilt::{PARTS, RUNTIME_WASM};
use digest_search::index::Index;
use digest_search::input::{self, InputOptions};
use digest_search::search::{SearchOptions, Searcher};
use std::borrow::Cow;
use std::io::{BufRead, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

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
    /// Input files, merged in order (`-`: standard input).
    #[arg(required = true)]
    inputs: Vec<PathBuf>,
    /// Output folder for digest-search.wasm, digest-search.js and digest-search.classic.js.
    #[arg(long, short)]
    out: PathBuf,
    /// Plain-text digests: number of header paragraphs before the first entry (default: detected).
    #[arg(long)]
    header_lines: Option<usize>,
    /// Plain-text digests: the year of a header date without one (`Mar 13`) in a file whose name has none (`digest-2024-03-13.txt`).
    #[arg(long, value_parser = clap::value_parser!(u32).range(i64::from(*input::YEARS.start())..=i64::from(*input::YEARS.end())))]
    year: Option<u32>,
    /// Date (YYYY-MM-DD) for every entry that has none.
    #[arg(long)]
    date: Option<String>,
    /// Link for entries without one (a Markdown section's first link); `{id}` is replaced by the entry's id.
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
    /// Title of the --html page (without --html, unused).
    #[arg(long, default_value = "Search")]
    title: String,
}

#[derive(Args)]
struct SearchArgs {
    /// A built digest-search.wasm, or the folder that holds it.
    index: PathBuf,
    /// The query (omit with --batch). It may start with a `-` (a word left out: `-rust`).
    #[arg(allow_hyphen_values = true)]
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
    #[arg(long, requires = "json")]
    explain: bool,
    /// Read JSON lines {"q": ...} from FILE ("-" for stdin); write {"q", "results": [{id, score, partial}]} lines.
    #[arg(long, conflicts_with_all = ["query", "json", "explain", "facets"])]
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
    #[arg(long, requires = "json")]
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
            eprintln!("error: {}", printable(&e.to_string()));
            ExitCode::FAILURE
        }
    }
}

/// `text` with its control characters written as escapes (`\u{1b}`): an entry's text or a link
/// in a message or a result line cannot move the cursor, recolour, retitle or write to the
/// clipboard of the terminal it is printed to, nor begin a line of its own. (`--json` escapes
/// them as JSON does.) The npm package's command line writes its messages the same way.
fn printable(text: &str) -> Cow<'_, str> {
    if !text.chars().any(char::is_control) {
        return Cow::Borrowed(text);
    }
    Cow::Owned(text.chars().map(|c| if c.is_control() { format!("\\u{{{:x}}}", c as u32) } else { c.to_string() }).collect())
}

type Res = Result<(), Box<dyn std::error::Error>>;

fn build(a: BuildArgs) -> Res {
    let start = Instant::now();
    #[cfg(unix)]
    stop_on_signals();
    let opts = InputOptions { header_lines: a.header_lines, year: a.year, date: a.date, url_template: a.url_template };
    let quiet = a.quiet;
    let mut warn = |w: String| {
        if !quiet {
            eprintln!("warning: {}", printable(&w));
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
    let t = Instant::now();
    // DS_CLASSIC_MAX=N: a lower limit for the classic file than a browser's, for the tests of
    // what a build past it does (without 230k entries).
    let classic_max = std::env::var("DS_CLASSIC_MAX").ok().and_then(|v| v.parse().ok()).unwrap_or(bundle::CLASSIC_MAX);
    let out = bundle::build_outputs_within(&entries, RUNTIME_WASM, &PARTS, classic_max, &mut |n| {
        if let Some(b) = &bar {
            b.set_position(n as u64);
        }
    })?;
    if let Some(b) = bar {
        b.finish_and_clear();
    }
    phase("index, embed and encode the loaders", t);
    match bundle::classic_notice(&out, &PARTS, classic_max) {
        // Said under --quiet too: it changes what is published.
        Some((omitted, true)) => eprintln!("warning: {omitted}"),
        Some((near, false)) => warn(near),
        None => {}
    }
    let t = Instant::now();
    let files = bundle::output_files(&out.wasm, out.classic.as_deref(), &PARTS, a.hashed_names, a.html.then_some(a.title.as_str()));
    // An input where an output goes (the manifest of an earlier build given as input) is not
    // written over.
    let inputs: Vec<PathBuf> = a.inputs.iter().filter_map(|i| i.canonicalize().ok()).collect();
    for (name, _) in &files {
        let target = a.out.join(name);
        if let Ok(t) = target.canonicalize() {
            if inputs.contains(&t) {
                return Err(format!("{}: the build would write over it, and it is one of the inputs", target.display()).into());
            }
        }
    }
    write_outputs(&a.out, &files)?;
    phase("write the files", t);
    if !quiet {
        // The files as written (a content-hashed wasm, the manifest, the page), the wasm's size.
        let written: Vec<String> = files
            .iter()
            .filter_map(|(name, bytes)| bytes.as_ref().map(|b| if name.ends_with(".wasm") { format!("{name} ({} bytes)", b.len()) } else { name.clone() }))
            .collect();
        let n = entries.len();
        eprintln!("built {n} {} into {} in {:.2} s: {}", if n == 1 { "entry" } else { "entries" }, a.out.display(), start.elapsed().as_secs_f64(), written.join(", "));
    }
    Ok(())
}

/// Writes all the files to temporary names first, then renames them into place (and removes
/// those without contents), each with the permission bits of the file it replaces, so a failed build never leaves a half-written or mismatched set.
/// The files are written side by side (the wasm and the classic file are hundreds of MB at 100k
/// entries).
fn write_outputs(dir: &Path, files: &[(String, Option<Cow<'_, [u8]>>)]) -> Res {
    if dir.is_file() {
        return Err(format!("cannot write into {}: it is a file, not a folder", dir.display()).into());
    }
    std::fs::create_dir_all(dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    // A folder where a file goes is not replaced (with what it holds), and nothing is written.
    if let Some(target) = files.iter().map(|(name, _)| dir.join(name)).find(|t| t.is_dir()) {
        return Err(format!("cannot replace {}: it is a folder", target.display()).into());
    }
    remove_leftovers(dir);
    let temps: Vec<Option<PathBuf>> = files.iter().map(|(name, bytes)| bytes.as_ref().map(|_| dir.join(format!(".{name}.tmp-{}", std::process::id())))).collect();
    // A new file, never one that is there (a link planted at the predictable name would have
    // the write land where it points): what is there is removed first (a link itself, not what
    // it points to), and the file is created only if nothing took its place meanwhile. Listed
    // as unfinished as it is made, for a signal to remove.
    let create = |tmp: &PathBuf| {
        let mut unfinished = unfinished();
        let new = || std::fs::OpenOptions::new().write(true).create_new(true).open(tmp);
        let file = new().or_else(|e| if e.kind() == std::io::ErrorKind::AlreadyExists { std::fs::remove_file(tmp).and_then(|()| new()) } else { Err(e) })?;
        unfinished.push(tmp.clone());
        Ok::<_, std::io::Error>(file)
    };
    // A file replaced keeps its permission bits (a read-only 0444, a 0640), as `sed -i` does;
    // a new one has the umask's.
    let write = |tmp: &PathBuf, bytes: &[u8], target: &Path| create(tmp).and_then(|mut f| {
        f.write_all(bytes)?;
        if let Some(p) = kept_permissions(target) {
            f.set_permissions(p)?;
        }
        f.sync_all()
    });
    let results: Vec<std::io::Result<()>> = std::thread::scope(|s| {
        let jobs: Vec<_> = temps
            .iter()
            .zip(files)
            .filter_map(|(tmp, (name, bytes))| Some((tmp.as_ref()?, bytes.as_deref()?, dir.join(name))))
            .map(|(tmp, bytes, target)| s.spawn(move || write(tmp, bytes, &target)))
            .collect();
        jobs.into_iter().map(|j| j.join().unwrap_or_else(|e| std::panic::resume_unwind(e))).collect()
    });
    // The swap holds the list of unfinished files: a signal meanwhile waits for it to end.
    let mut unfinished = unfinished();
    unfinished.clear();
    // Named as the file asked for: its temporary name (`.digest-search.wasm.tmp-PID`) means
    // nothing to the user, and is gone by the time the message shows.
    let written = files.iter().filter(|(_, bytes)| bytes.is_some());
    if let Some(((name, _), Err(e))) = written.zip(results).find(|(_, r)| r.is_err()) {
        for t in temps.iter().flatten() {
            let _ = std::fs::remove_file(t);
        }
        return Err(format!("cannot write {}: {e}", dir.join(name).display()).into());
    }
    let names: Vec<&str> = files.iter().map(|(name, _)| name.as_str()).collect();
    Ok(swap_in(dir, &names, &temps, &fs_op)?)
}

/// The permission bits of the file at `target` (through a link), for the file that replaces it:
/// read, write and execute only (not set-user-id, set-group-id, sticky), as `cp` keeps them; none
/// when there is no file.
fn kept_permissions(target: &Path) -> Option<std::fs::Permissions> {
    let meta = std::fs::metadata(target).ok().filter(|m| m.is_file())?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        Some(std::fs::Permissions::from_mode(meta.permissions().mode() & 0o777))
    }
    #[cfg(not(unix))]
    Some(meta.permissions())
}

/// The files a build has made and not yet put in place (its temporary files), for a signal to
/// remove ([`stop_on_signals`]). A file is listed as it is made, under the lock; the swap holds
/// the lock from its start to its end.
static UNFINISHED: std::sync::Mutex<Vec<PathBuf>> = std::sync::Mutex::new(Vec::new());

/// The locked list of [`UNFINISHED`] files.
fn unfinished() -> std::sync::MutexGuard<'static, Vec<PathBuf>> {
    UNFINISHED.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// Ends the build on SIGINT, SIGTERM or SIGHUP once its unfinished files are removed, with the
/// shell's exit code for the signal (128 + its number); a signal during the swap waits for it
/// to end, so the folder holds the old set or the new. And makes a file-size limit (`ulimit
/// -f`) an ordinary write error ("File too large"), reported and cleaned up after like any
/// other, where SIGXFSZ would end the process with no message.
#[cfg(unix)]
fn stop_on_signals() {
    use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM, SIGXFSZ};
    static FILE_TOO_LARGE: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);
    // A handler (which only sets this flag) instead of the default action: the write that
    // crosses the limit then fails with EFBIG.
    let _ = signal_hook::flag::register(SIGXFSZ, &FILE_TOO_LARGE);
    let Ok(mut signals) = signal_hook::iterator::Signals::new([SIGINT, SIGTERM, SIGHUP]) else { return };
    std::thread::spawn(move || {
        let Some(signal) = signals.forever().next() else { return };
        // Held until the process ends: no file is made after this.
        let mut files = unfinished();
        let name = match signal {
            SIGINT => "SIGINT",
            SIGTERM => "SIGTERM",
            _ => "SIGHUP",
        };
        if files.is_empty() {
            eprintln!("error: stopped by {name}");
        } else {
            for f in files.drain(..) {
                let _ = std::fs::remove_file(f);
            }
            eprintln!("error: stopped by {name}: its temporary files are removed, the output folder is as it was");
        }
        std::process::exit(128 + signal);
    });
}

/// Removes what builds into `dir` left when they were killed outright (SIGKILL, a power cut):
/// their temporary and kept files (`.digest-search.wasm.tmp-PID`, `.….old-PID`), those of
/// this process id and, on Linux, of the ids of processes that no longer run. Those of a build
/// still running into the same folder are left alone (as are all of other ids where that cannot
/// be told, and a build in another PID namespace may lose its own: it then fails, and puts
/// nothing in place).
fn remove_leftovers(dir: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    let own = std::process::id();
    for e in entries.flatten() {
        let pid = e.file_name().to_str().and_then(leftover_pid);
        if pid.is_some_and(|pid| pid == own || !running(pid)) {
            let _ = std::fs::remove_file(e.path());
        }
    }
}

/// The process id in the name of a build's temporary or kept file
/// (`.digest-search.js.tmp-1234`, `.digest-search.wasm.old-1234`).
fn leftover_pid(name: &str) -> Option<u32> {
    let rest = name.strip_prefix(".digest-search.")?;
    let (_, pid) = rest.rsplit_once(".tmp-").or_else(|| rest.rsplit_once(".old-"))?;
    pid.bytes().all(|b| b.is_ascii_digit()).then(|| pid.parse().ok()).flatten()
}

/// Whether process `pid` may be running: on Linux, whether `/proc` lists it; elsewhere (or
/// without `/proc`) it is taken to be.
fn running(pid: u32) -> bool {
    if cfg!(target_os = "linux") && Path::new("/proc/self").exists() {
        return Path::new("/proc").join(pid.to_string()).exists();
    }
    true
}

/// One file operation of [`swap_in`] (the tests make one of them fail).
enum Op<'a> {
    /// `rename(from, to)`, replacing `to` in one step.
    Rename(&'a Path, &'a Path),
    /// Keeps the file at `from` as `to` too (a hard link; a copy where the file system has none).
    Keep(&'a Path, &'a Path),
    /// Removes a file.
    Remove(&'a Path),
}

/// Does `op` on the file system.
fn fs_op(op: Op<'_>) -> std::io::Result<()> {
    match op {
        Op::Rename(from, to) => std::fs::rename(from, to),
        Op::Keep(from, to) => std::fs::hard_link(from, to).or_else(|_| std::fs::copy(from, to).map(drop)),
        Op::Remove(path) => std::fs::remove_file(path),
    }
}

/// Puts the written `temps` in place of their `names` in `dir` (and removes those that have no
/// temporary file: a classic file past the limit), all or none. Each file is
/// replaced by one rename over it, so a server reading the folder meanwhile finds every file,
/// the old one or the new. The file it replaces is kept as `.NAME.old-PID` (a hard link) until
/// all are in place, and renamed back over the new one if a later step fails (a file another
/// user owns in a sticky folder, a full disk's metadata): a failure leaves the old set whole
/// and no temporary file behind. The files are replaced in the order given (the build gives
/// the wasm first, so a new loader never names a wasm that is not there yet).
/// (`op` is [`fs_op`], or in the tests one that fails.)
fn swap_in(dir: &Path, names: &[&str], temps: &[Option<PathBuf>], op: &dyn Fn(Op<'_>) -> std::io::Result<()>) -> Result<(), String> {
    let pid = std::process::id();
    let targets: Vec<PathBuf> = names.iter().map(|n| dir.join(n)).collect();
    let olds: Vec<PathBuf> = names.iter().map(|n| dir.join(format!(".{n}.old-{pid}"))).collect();
    // Which old files are kept beside their new ones, and how many new files are in place.
    let (mut kept, mut placed) = (vec![false; names.len()], 0);
    let mut step = || -> Result<(), String> {
        for (i, (tmp, target)) in temps.iter().zip(&targets).enumerate() {
            let there = std::fs::symlink_metadata(target).is_ok();
            if there {
                // (One left by an earlier build of the same process id is no use.)
                let _ = std::fs::remove_file(&olds[i]);
                op(Op::Keep(target, &olds[i])).map_err(|e| format!("cannot keep {} while it is replaced: {e}", target.display()))?;
                kept[i] = true;
            }
            match tmp {
                Some(tmp) => op(Op::Rename(tmp, target)).map_err(|e| format!("cannot rename {} into place: {e}", tmp.display()))?,
                None if there => op(Op::Remove(target)).map_err(|e| format!("cannot remove {}: {e}", target.display()))?,
                None => {}
            }
            placed += 1;
        }
        Ok(())
    };
    let result = step();
    if result.is_err() {
        for i in (0..placed).rev() {
            let _ = if kept[i] { op(Op::Rename(&olds[i], &targets[i])) } else if temps[i].is_some() { op(Op::Remove(&targets[i])) } else { Ok(()) };
        }
        for t in temps.iter().flatten() {
            let _ = std::fs::remove_file(t);
        }
    }
    for (old, &was) in olds.iter().zip(&kept) {
        if was {
            let _ = std::fs::remove_file(old);
        }
    }
    result
}

/// The wasm of a build folder: the one its `digest-search.js` loads, else `digest-search.wasm`,
/// or the content-hashed name its `digest-search.json` lists.
fn wasm_in(dir: &Path) -> Result<PathBuf, Box<dyn std::error::Error>> {
    // The wasm the folder's digest-search.js loads, which every build writes: a folder built
    // with and without --hashed-names in turn holds files of both, and only this names the last.
    let named = std::fs::read_to_string(dir.join(bundle::ESM_NAME)).ok().and_then(|js| bundle::esm_wasm_name(&js).map(|name| dir.join(name)));
    if let Some(path) = named.filter(|p| p.exists()) {
        return Ok(path);
    }
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
    // An empty query lists what a filter or an order keeps (browsing, as `search("", {sort})`
    // does in JavaScript); with neither there is nothing to ask.
    if q.trim().is_empty() && opts.after.is_none() && opts.before.is_none() && opts.tags.is_empty() && opts.sort.is_none() {
        return Err("nothing to search: give a query, a filter (--tag, --after, --before), --sort or --batch FILE".into());
    }
    let r = searcher.search(&q, &opts).map_err(|e| format!("{}: {e}", path.display()))?;
    if a.json {
        serde_json::to_writer(&mut out, &r)?;
        writeln!(out)?;
    } else {
        writeln!(out, "{} {}", r.total, if r.total == 1 { "result" } else { "results" })?;
        for (i, h) in r.results.iter().enumerate() {
            let date = h.date.as_deref().map(|d| format!("  {d}")).unwrap_or_default();
            writeln!(out, "{:>3}. {}  [{}]{date} score {}{}", a.offset + i + 1, printable(h.title), printable(h.id), h.score, if h.partial { " (partial)" } else { "" })?;
            if let Some(u) = h.url {
                writeln!(out, "     {}", printable(u))?;
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::cell::Cell;

    /// The files of `dir`, sorted, with their contents.
    fn files_of(dir: &Path) -> Vec<(String, String)> {
        let mut out: Vec<(String, String)> = std::fs::read_dir(dir).unwrap().map(|e| {
            let e = e.unwrap();
            (e.file_name().to_string_lossy().into_owned(), std::fs::read_to_string(e.path()).unwrap())
        }).collect();
        out.sort();
        out
    }

    #[test]
    fn a_step_that_fails_leaves_the_old_set_whole_and_no_temporary_file() {
        let names = ["a.wasm", "a.js", "a.classic.js"];
        // Fail at every step in turn: keeping each old file, and renaming each new one in.
        for fail_at in 0..6 {
            let dir = tempfile::tempdir().unwrap();
            // The old set, but for the third file, which this build adds.
            for n in &names[..2] {
                std::fs::write(dir.path().join(n), format!("old {n}")).unwrap();
            }
            let before = files_of(dir.path());
            let temps: Vec<Option<PathBuf>> = names.iter().map(|n| {
                let t = dir.path().join(format!(".{n}.tmp"));
                std::fs::write(&t, format!("new {n}")).unwrap();
                Some(t)
            }).collect();
            let calls = Cell::new(0);
            let r = swap_in(dir.path(), &names, &temps, &|op| {
                calls.set(calls.get() + 1);
                // Whatever the step, the files that were there still are: a server never
                // finds one missing.
                for n in &names[..2] {
                    assert!(dir.path().join(n).exists(), "{n} missing before step {}", calls.get());
                }
                if calls.get() == fail_at + 1 { Err(std::io::Error::other("refused")) } else { fs_op(op) }
            });
            // Two old files to keep and three new ones: five steps, so a failure at the sixth
            // never comes.
            if fail_at < 5 {
                assert!(r.unwrap_err().contains("refused"), "failing at {fail_at}");
                assert_eq!(files_of(dir.path()), before, "failing at {fail_at}");
            } else {
                r.unwrap();
                let want: Vec<(String, String)> = {
                    let mut v: Vec<_> = names.iter().map(|n| (n.to_string(), format!("new {n}"))).collect();
                    v.sort();
                    v
                };
                assert_eq!(files_of(dir.path()), want);
            }
        }
    }
}
