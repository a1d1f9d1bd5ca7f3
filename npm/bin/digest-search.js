#!/usr/bin/env node
// `digest-search` for Node: the native command line's `build`, with the builder running as
// WebAssembly. Same arguments, same files (byte for byte), same messages, same exit codes (0 done,
// 1 failed, 2 bad arguments). Searching a built index is `load()`'s job (or the native CLI's).

import { readFile, realpath } from "node:fs/promises";
import { buildFiles, outputFiles, writeOutputs, OUTPUT_NAMES } from "../index.js";
import { abandonWrites } from "../internal.js";

const VERSION = JSON.parse(await readFile(new URL("../package.json", import.meta.url), "utf8")).version;
const ABOUT = "Instant, typo-tolerant search for digests, in one WebAssembly file";
const BUILD_ABOUT = "Build an index from digest files (plain-text digest, JSON, JSON Lines, RSS, Atom or JSON feeds, Markdown; .gz too)";

const MAIN_HELP = `${ABOUT}

Usage: digest-search <COMMAND>

Commands:
  build  ${BUILD_ABOUT}
  help   Print this message or the help of the given subcommand(s)

Options:
  -h, --help     Print help
  -V, --version  Print version
`;

const U32_MAX = 4294967295n;
const U64_MAX = 18446744073709551615n;

const COMMANDS = {
  build: {
    about: BUILD_ABOUT,
    usage: "digest-search build --out <OUT> <INPUTS>...",
    fullUsage: "digest-search build [OPTIONS] --out <OUT> <INPUTS>...",
    positionals: [{ key: "inputs", name: "<INPUTS>...", many: true, required: true, help: "Input files, merged in order (`-`: standard input)" }],
    options: [
      { key: "out", long: "out", short: "o", value: "OUT", path: true, required: true, help: "Output folder for digest-search.wasm, digest-search.js and digest-search.classic.js" },
      { key: "headerLines", long: "header-lines", value: "HEADER_LINES", int: "usize", help: "Plain-text digests: number of header paragraphs before the first entry (default: detected)" },
      { key: "year", long: "year", value: "YEAR", int: "u32", range: [1900n, 2999n], help: "Plain-text digests: the year of a header date without one (`Mar 13`) in a file whose name has none (`digest-2024-03-13.txt`)" },
      { key: "date", long: "date", value: "DATE", help: "Date (YYYY-MM-DD) for every entry that has none" },
      { key: "urlTemplate", long: "url-template", value: "URL_TEMPLATE", help: "Link for entries without one (a Markdown section's first link); `{id}` is replaced by the entry's id" },
      { key: "quiet", long: "quiet", short: "q", help: "Print nothing but errors" },
      { key: "hashedNames", long: "hashed-names", help: "Name the wasm after its content (digest-search.<hash>.wasm), for long cache lifetimes; digest-search.js refers to it, and digest-search.json lists the names" },
      { key: "html", long: "html", help: "Also write digest-search.html: one self-contained page (page, widget and index) to mail or save" },
      { key: "title", long: "title", value: "TITLE", help: "Title of the --html page (without --html, unused) [default: Search]" },
    ],
  },
};

class UsageError extends Error {}

const MORE = "\n\nFor more information, try '--help'.";

// Control characters of a message written as escapes (`\u{1b}`), as the native command line
// writes them: an entry's text or link cannot drive the terminal nor begin a line of its own.
const printable = (text) => text.replace(/[\u0000-\u001f\u007f-\u009f]/g, (c) => `\\u{${c.charCodeAt(0).toString(16)}}`);

/** clap's error: `usage` is the command's short usage (required arguments only), or its full one. */
function usageError(text, usage) {
  return new UsageError(`error: ${text}${usage ? `\n\nUsage: ${usage}` : ""}${MORE}`);
}

function unexpected(arg, usage) {
  return new UsageError(`error: unexpected argument '${arg}' found\n\n  tip: to pass '${arg}' as a value, use '-- ${arg}'\n\nUsage: ${usage}${MORE}`);
}

function optionName(o) {
  return o.value ? `--${o.long} <${o.value}>` : `--${o.long}`;
}

function commandHelp(cmd) {
  // clap's layout: each section aligns its own help column.
  const args = cmd.positionals.map((p) => [p.name, p.help]);
  const opts = [...cmd.options.map((o) => [`${o.short ? `-${o.short}, ` : "    "}${optionName(o)}`, o.help]), ["-h, --help", "Print help"]];
  const section = (rows) => {
    const width = Math.max(...rows.map((r) => r[0].length));
    return rows.map(([a, h]) => `  ${a.padEnd(width)}  ${h}`).join("\n");
  };
  return `${cmd.about}\n\nUsage: ${cmd.fullUsage}\n\nArguments:\n${section(args)}\n\nOptions:\n${section(opts)}\n`;
}

const I64_MAX = 9223372036854775807n;
const I64_MIN = -9223372036854775808n;

/**
 * clap's integer value parsers, with their messages: `usize` is Rust's `str::parse`; `u32` is
 * parsed as an i64, then checked against the range (`[low, high]`, bigints; default all of u32).
 */
function parseInteger(text, kind, [low, high] = [0n, U32_MAX]) {
  const signed = kind === "u32";
  if (text === "") return { error: "cannot parse integer from empty string" };
  const m = (signed ? /^([+-]?)([0-9]+)$/ : /^(\+?)([0-9]+)$/).exec(text);
  if (!m) return { error: "invalid digit found in string" };
  const n = BigInt(m[1] === "-" ? `-${m[2]}` : m[2]);
  if (!signed) return n > U64_MAX ? { error: "number too large to fit in target type" } : { value: n };
  if (n > I64_MAX) return { error: "number too large to fit in target type" };
  if (n < I64_MIN) return { error: "number too small to fit in target type" };
  if (n < low || n > high) return { error: `${n} is not in ${low}..=${high}` };
  return { value: n };
}

/** Parses a subcommand's arguments as clap does for the native CLI (the usual errors). */
function parseArgs(cmd, argv) {
  const values = {};
  const positionals = [];
  let onlyPositionals = false;
  // clap settles a flag, or an option with its value inline (`--out=o`), at once; an option whose
  // value follows, or a run of inputs, stays pending until the next argument has been read, and
  // only then fails when repeated, without a value or with a bad one. Its messages depend on what
  // is settled: a flag given a value lists every argument once another is, and a missing one names
  // the options used so far.
  let settled = false;
  let pending = null;
  let check = null;
  const used = [];
  // The short usage naming `opts` too (clap's, with the options used so far).
  const inputs = ` ${cmd.positionals[0].name}`;
  const usageWith = (opts) => cmd.usage.replace(inputs, `${opts.filter((o) => !o.required).map((o) => ` ${optionName(o)}`).join("")}${inputs}`);
  const begin = (key, pends) => {
    if (check) check();
    check = null;
    if (pending !== null || !pends) settled = true;
    pending = pends ? key : null;
  };
  const take = (opt, value) => {
    const none = () => usageError(`a value is required for '${optionName(opt)}' but none was supplied`);
    if (opt.value && value === undefined) throw none();
    if (opt.key in values) throw usageError(`the argument '${optionName(opt)}' cannot be used multiple times`, cmd.fullUsage);
    if (!opt.value) {
      values[opt.key] = true;
      return;
    }
    if (opt.path && value === "") throw none();
    if (opt.int !== undefined) {
      const r = parseInteger(value, opt.int, opt.range);
      if (r.error) throw usageError(`invalid value '${value}' for '${optionName(opt)}': ${r.error}`);
      value = r.value;
    }
    values[opt.key] = value;
  };
  // The option a `-x` / `--xyz` argument names; throws clap's error for unknown ones.
  const lookup = (arg) => {
    if (arg === "-h" || arg === "--help") return { help: true };
    if (arg.startsWith("--")) {
      const eq = arg.indexOf("=");
      const long = eq < 0 ? arg.slice(2) : arg.slice(2, eq);
      const opt = cmd.options.find((o) => o.long === long);
      if (!opt) throw unexpected(eq < 0 ? arg : arg.slice(0, eq), used.length || positionals.length ? usageWith(used) : cmd.fullUsage);
      return { opt, inline: eq < 0 ? undefined : arg.slice(eq + 1) };
    }
    const opt = cmd.options.find((o) => o.short === arg[1]);
    if (!opt) throw unexpected(arg.slice(0, 2), cmd.fullUsage);
    if (arg.length > 2) {
      // A cluster of short flags (`-qq`): only flags cluster. A value may follow its option
      // (`-oout`), after one `=` (`-o=out`) as clap reads it.
      if (opt.value) return { opt, inline: arg.slice(2).replace(/^=/, "") };
      return { opt, rest: `-${arg.slice(2)}` };
    }
    return { opt };
  };
  for (let i = 0; i < argv.length; i++) {
    let arg = argv[i];
    if (onlyPositionals || arg === "-" || !arg.startsWith("-")) {
      if (pending !== "inputs") begin("inputs", true);
      positionals.push(arg);
      continue;
    }
    if (arg === "--") {
      onlyPositionals = true;
      continue;
    }
    while (arg) {
      const found = lookup(arg);
      if (found.help) return { help: true };
      const { opt, inline } = found;
      arg = found.rest;
      if (!opt.value && inline !== undefined) {
        const all = [...cmd.positionals.map((p) => p.name.replace(/^[<[]|[>\]](\.\.\.)?$/g, "")), ...cmd.options.map(optionName)];
        const usage = settled ? `${cmd.fullUsage.split(" [OPTIONS]")[0]} <${all.join("|")}>` : usageWith([opt]);
        throw usageError(`unexpected value '${inline}' for '${optionName(opt)}' found; no more were expected`, usage);
      }
      const pends = opt.value && inline === undefined;
      begin(opt.key, pends);
      if (!pends) {
        if (!used.includes(opt)) used.push(opt);
        take(opt, inline);
        continue;
      }
      // The value that follows, unless it is an option (read as one, with its own errors, first).
      const next = argv[i + 1];
      let value;
      if (next !== undefined && (next === "-" || !next.startsWith("-"))) {
        value = next;
        i++;
        if (!used.includes(opt)) used.push(opt);
      }
      check = () => take(opt, value);
    }
  }
  begin(null, false);
  const missing = [];
  for (const o of cmd.options) {
    if (o.required && !(o.key in values)) missing.push(optionName(o));
    if (!(o.key in values) && o.default !== undefined) values[o.key] = o.default;
  }
  let p = 0;
  for (const spec of cmd.positionals) {
    if (spec.many) {
      values[spec.key] = positionals.slice(p);
      p = positionals.length;
      if (spec.required && values[spec.key].length === 0) missing.push(spec.name);
    } else if (p < positionals.length) {
      values[spec.key] = positionals[p++];
    } else if (spec.required) {
      missing.push(spec.name);
    }
  }
  if (p < positionals.length) throw usageError(`unexpected argument '${positionals[p]}' found`, cmd.fullUsage);
  if (missing.length) {
    throw usageError(`the following required arguments were not provided:\n${missing.map((m) => `  ${m}`).join("\n")}`, usageWith(used));
  }
  return values;
}

async function build(a) {
  const start = process.hrtime.bigint();
  const cap = (n) => (n > U32_MAX ? Number(U32_MAX) : Number(n)); // more paragraphs than any input has
  const options = {
    headerLines: a.headerLines === undefined ? undefined : cap(a.headerLines),
    year: a.year === undefined ? undefined : Number(a.year),
    date: a.date,
    urlTemplate: a.urlTemplate,
    onWarning: (w) => {
      if (!a.quiet) process.stderr.write(`warning: ${printable(w)}\n`);
    },
  };
  // DS_CLASSIC_MAX=N: a lower limit for the classic file than a browser's, as for the native CLI
  // (for the tests).
  if (/^\d+$/.test(process.env.DS_CLASSIC_MAX ?? "")) options.classicMax = Number(process.env.DS_CLASSIC_MAX);
  const out = await buildFiles(a.inputs, options);
  // No classic file (past the longest script a browser loads): said under --quiet too, as it
  // changes what is published. The builder gives that warning last.
  if (out.classic === null && a.quiet) process.stderr.write(`warning: ${printable(out.warnings[out.warnings.length - 1])}\n`);
  if (a.hashedNames || a.html) {
    out.files = await outputFiles(out, { hashedNames: Boolean(a.hashedNames), htmlTitle: a.html ? a.title ?? "Search" : undefined });
  }
  // An input where an output goes (the manifest of an earlier build given as input) is not
  // written over.
  const real = (p) => realpath(p).catch(() => null);
  const inputs = await Promise.all(a.inputs.map(real));
  for (const [name] of out.files ?? [[OUTPUT_NAMES.wasm], [OUTPUT_NAMES.esm], [OUTPUT_NAMES.classic]]) {
    const target = a.out.endsWith("/") ? a.out + name : `${a.out}/${name}`; // as Rust's Path::join shows it
    const t = await real(target);
    if (t && inputs.includes(t)) throw new Error(`${target}: the build would write over it, and it is one of the inputs`);
  }
  stopOnSignals();
  await writeOutputs(a.out, out);
  if (!a.quiet) {
    const secs = Number(process.hrtime.bigint() - start) / 1e9;
    // The files as written (a content-hashed wasm, the manifest, the page), the wasm's size.
    const files = out.files ?? [[OUTPUT_NAMES.wasm, out.wasm], [OUTPUT_NAMES.esm, out.esm], [OUTPUT_NAMES.classic, out.classic]];
    const written = files.filter(([, data]) => data !== null).map(([name, data]) => (name.endsWith(".wasm") ? `${name} (${data.length} bytes)` : name));
    const n = out.entries;
    process.stderr.write(`built ${n} ${n === 1 ? "entry" : "entries"} into ${a.out} in ${secs.toFixed(2)} s: ${written.join(", ")}\n`);
  }
}

/**
 * While the files are written: ends the build on SIGINT, SIGTERM or SIGHUP once its temporary
 * files are removed, with the shell's exit code for the signal (128 + its number), as the native
 * command line does. (Set only then: the build before it runs as one long call, which a handler
 * would keep from being stopped.)
 */
function stopOnSignals() {
  for (const [name, n] of [["SIGINT", 2], ["SIGTERM", 15], ["SIGHUP", 1]]) {
    process.on(name, () => {
      const removed = abandonWrites();
      process.stderr.write(removed ? `error: stopped by ${name}: its temporary files are removed, the output folder is as it was\n` : `error: stopped by ${name}\n`);
      process.exit(128 + n);
    });
  }
}

async function main(argv) {
  const [first, ...rest] = argv;
  if (first === undefined) {
    process.stderr.write(MAIN_HELP);
    return 2;
  }
  if (first === "-h" || first === "--help") {
    process.stdout.write(MAIN_HELP);
    return 0;
  }
  if (first === "-V" || first === "--version") {
    process.stdout.write(`digest-search ${VERSION}\n`);
    return 0;
  }
  if (first === "search" || (first === "help" && rest[0] === "search")) {
    process.stderr.write(
      "error: `search` is not part of the npm package's command line: search a built index with load() " +
        '(import { load } from "digest-search"), or with the native digest-search command line\n'
    );
    return 2;
  }
  if (first === "help") {
    const cmd = rest[0] && COMMANDS[rest[0]];
    if (rest[0] && !cmd && rest[0] !== "help") {
      process.stderr.write(`error: unrecognized subcommand '${rest[0]}'\n\nUsage: digest-search <COMMAND>${MORE}\n`);
      return 2;
    }
    process.stdout.write(cmd ? commandHelp(cmd) : MAIN_HELP);
    return 0;
  }
  const cmd = COMMANDS[first];
  if (!cmd) {
    const text = first.startsWith("-") ? `unexpected argument '${first}' found` : `unrecognized subcommand '${first}'`;
    process.stderr.write(`error: ${text}\n\nUsage: digest-search <COMMAND>${MORE}\n`);
    return 2;
  }
  let args;
  try {
    args = parseArgs(cmd, rest);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    process.stderr.write(`${e.message}\n`);
    return 2;
  }
  if (args.help) {
    process.stdout.write(commandHelp(cmd));
    return 0;
  }
  try {
    await build(args);
    return 0;
  } catch (e) {
    process.stderr.write(`error: ${printable(String(e && e.message !== undefined ? e.message : e))}\n`);
    return 1;
  }
}

process.exitCode = await main(process.argv.slice(2));
