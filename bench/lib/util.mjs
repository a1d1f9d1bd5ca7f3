// Shared helpers: paths, seeded PRNG, statistics, compression, machine description.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const benchDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const repoRoot = path.resolve(benchDir, '..');
export const sharedData = path.resolve(repoRoot, '..', 'shared', 'data');
export const cacheDir = path.join(benchDir, '.cache');
export const resultsDir = path.join(benchDir, 'results');
export const dsBinary = path.join(repoRoot, 'target', 'release', 'digest-search');

/**
 * Loads the digest-search build in each folder (its `digest-search.js` and `digest-search.wasm`,
 * as `digest-search build --out DIR` writes them), for timing builds side by side. The query
 * string keeps one module instance per build even when two loaders are identical.
 */
export async function loadBuilds(dirs) {
  const indexes = [];
  for (const d of dirs) {
    const dir = path.resolve(d);
    const { load } = await import(`${pathToFileURL(path.join(dir, 'digest-search.js')).href}?${dir}`);
    indexes.push(await load(new Uint8Array(fs.readFileSync(path.join(dir, 'digest-search.wasm')))));
  }
  return indexes;
}

/**
 * Takes the switch `name` (`--no-peers`) out of `args`, a script's arguments (edited in place, so
 * that what is left are its positional arguments): whether it was there.
 */
export function takeFlag(args, name) {
  const i = args.indexOf(name);
  return i >= 0 && args.splice(i, 1).length > 0;
}

/** Takes the option `name` and its value (`--runs 5`) out of `args`: the value, a string, or `dflt`. */
export function takeOption(args, name, dflt) {
  const i = args.indexOf(name);
  return i < 0 ? dflt : args.splice(i, 2)[1];
}

/** mulberry32: a small, fast, seeded 32-bit PRNG. Returns floats in [0, 1). */
export function prng(seed) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  next.int = (lo, hi) => lo + Math.floor(next() * (hi - lo + 1)); // inclusive
  next.pick = (arr) => arr[Math.floor(next() * arr.length)];
  return next;
}

export function quantile(sorted, q) {
  if (!sorted.length) return null;
  // nearest-rank
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[i];
}

export function summarize(times) {
  const s = [...times].sort((a, b) => a - b);
  return {
    n: s.length,
    median: quantile(s, 0.5),
    p95: quantile(s, 0.95),
    mean: s.length ? s.reduce((a, b) => a + b, 0) / s.length : null,
    max: s.length ? s[s.length - 1] : null,
  };
}

export const BROTLI_Q11_LIMIT = 20 * 1024 * 1024;

const brotli = (buf, q) =>
  zlib.brotliCompressSync(buf, {
    params: {
      [zlib.constants.BROTLI_PARAM_QUALITY]: q,
      [zlib.constants.BROTLI_PARAM_SIZE_HINT]: buf.length,
      [zlib.constants.BROTLI_PARAM_LGWIN]: 24,
    },
  }).length;

/**
 * Sizes of one file: raw, gzip level 9, brotli quality 9 and brotli quality 11. Quality 11 is
 * slow (about 1 MB/s here), so it is only computed for files up to 20 MiB (br11 = null above).
 */
export function compressedSizes(buf) {
  // Already gzip-compressed (Pagefind's index, fragment, meta and wasm files): a server sends
  // these as they are, so every size is the raw size.
  if (buf.length > 2 && buf[0] === 0x1f && buf[1] === 0x8b) return { raw: buf.length, gzip: buf.length, br9: buf.length, br11: buf.length, precompressed: true };
  return {
    raw: buf.length,
    gzip: zlib.gzipSync(buf, { level: 9 }).length,
    br9: brotli(buf, 9),
    br11: buf.length <= BROTLI_Q11_LIMIT ? brotli(buf, 11) : null,
  };
}

export function machineInfo() {
  let cpu = os.cpus()[0]?.model ?? 'unknown';
  try {
    const m = fs.readFileSync('/proc/cpuinfo', 'utf8').match(/^model name\s*:\s*(.+)$/m);
    if (m) cpu = m[1].trim();
  } catch {}
  return {
    cpu,
    cores: os.cpus().length,
    ramGiB: +(os.totalmem() / 2 ** 30).toFixed(1),
    node: process.version,
    os: `${os.type()} ${os.release()} ${os.arch()}`,
  };
}

export function readJsonl(file) {
  return fs.readFileSync(file, 'utf8').split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l));
}

export function writeJsonl(file, rows) {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, rows.map((r) => JSON.stringify(r)).join('\n') + '\n');
}

/** All regular files below dir, as relative paths (posix separators). */
export function listFiles(dir) {
  const out = [];
  const walk = (d, rel) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const r = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) walk(path.join(d, e.name), r);
      else if (e.isFile()) out.push(r);
    }
  };
  if (fs.existsSync(dir)) walk(dir, '');
  return out.sort();
}

export const fmtBytes = (n) => {
  if (n == null) return '–';
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KiB`;
  if (n < 1024 * 1024 * 1024) return `${(n / 1024 / 1024).toFixed(2)} MiB`;
  return `${(n / 1024 / 1024 / 1024).toFixed(2)} GiB`;
};

export const fmtMs = (ms) => {
  if (ms == null) return '–';
  if (ms < 1) return `${ms.toFixed(3)} ms`;
  if (ms < 10) return `${ms.toFixed(2)} ms`;
  if (ms < 1000) return `${ms.toFixed(1)} ms`;
  return `${(ms / 1000).toFixed(2)} s`;
};

/**
 * Answers an HTTP request with `body`, or the byte range its `Range: bytes=S-E` header asks for
 * (206), as static hosts do (digest-search's lazy loading asks for ranges). Returns the bytes sent.
 */
export function sendBytes(req, res, body, headers) {
  const m = /^bytes=(\d+)-(\d+)$/.exec(req.headers.range ?? '');
  const [start, end] = m ? [+m[1], Math.min(+m[2], body.length - 1)] : [0, body.length - 1];
  const head = { ...headers, 'content-length': end - start + 1, 'accept-ranges': 'bytes' };
  if (m) head['content-range'] = `bytes ${start}-${end}/${body.length}`;
  res.writeHead(m ? 206 : 200, head);
  res.end(m ? body.subarray(start, end + 1) : body);
  return end - start + 1;
}
