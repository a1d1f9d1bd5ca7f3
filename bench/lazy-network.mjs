// Time to a first result over an emulated network: digest-search loaded with `{ lazy: true }`
// (HTTP byte ranges) in headless Chromium, whose DevTools network emulation sets the bandwidth
// and latency. The main benchmark serves over loopback, where moving the whole file costs little;
// this shows what a visitor on a real connection waits for.
//
//   node bench/lazy-network.mjs BUILD_DIR [--mbps 50] [--rtt 20] [--query "…"] [--whole]
//                               [--pagefind PAGEFIND_BUNDLE_DIR] [--http2]
//
// Prints the time from navigation start to the first answer, split into opening and the first
// search, and the bytes and requests served; then the median and slowest of nine more queries
// (other words, as a visitor's next searches), with the bytes they moved. `--whole` also times
// loading the file whole (uncompressed, as the server sends it; slow at 100k entries).
// `--pagefind` times Pagefind's bundle of the same corpus (as `bench/run.mjs` builds it, e.g.
// bench/.cache/artifacts/100k/pagefind) on the same network, the same queries answered with
// the same ten results' data (its `data()`: title, metadata and excerpt).
// With `LAZY_LOG=1` in the environment, each request served is printed (to stderr) with its time
// since the page was asked for, its byte range and its size: what a load waits on.
// `--http2` serves over HTTP/2 (TLS with a throwaway self-signed certificate, made with
// `openssl`), as most static hosts and CDNs do: requests then share one connection instead of
// queueing for HTTP/1.1's six, which matters to any engine that fetches many small ranges.
import { ensureDeps } from './lib/ensure-deps.mjs';
import { listFiles, sendBytes, takeFlag, takeOption } from './lib/util.mjs';
import { shippedFiles as pagefindShipped } from './lib/engines/pagefind-node.mjs';
import fs from 'node:fs';
import http from 'node:http';
import http2 from 'node:http2';
import os from 'node:os';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { chromiumPath, CHROMIUM_ARGS } from '../tools/chromium.mjs';

ensureDeps();
const LOG = !!process.env.LAZY_LOG;
const { chromium } = await import('playwright-core');
const args = process.argv.slice(2);
const mbps = Number(takeOption(args, '--mbps', 50));
const rtt = Number(takeOption(args, '--rtt', 20));
const query = takeOption(args, '--query', 'clustering partitioning');
const whole = takeFlag(args, '--whole');
const pagefindDir = takeOption(args, '--pagefind', null);
const h2 = takeFlag(args, '--http2');
if (pagefindDir && !fs.existsSync(path.join(pagefindDir, 'pagefind.js'))) {
  console.error(`--pagefind ${pagefindDir}: no pagefind.js there (bench/run.mjs --engines pagefind builds the bundle)`);
  process.exit(2);
}
// The next searches: each needs postings and stored text the first did not fetch.
const MORE = ['graph neural netw', 'diffusion models', 'reinforcement learning reward', 'quantum error correction', 'langu', 'protein structure', 'federated privacy', 'black holes', 'speech recognition'];
const [dirArg] = args;
if (!dirArg) {
  console.error('usage: node bench/lazy-network.mjs BUILD_DIR [--mbps 50] [--rtt 20] [--query "…"] [--whole]');
  process.exit(2);
}
const dir = path.resolve(dirArg);
const files = Object.fromEntries(['digest-search.js', 'digest-search.wasm'].map((f) => [`/${f}`, fs.readFileSync(path.join(dir, f))]));

/** The page that loads Pagefind's bundle (served under /pf/) and answers the same queries. */
function pagefindPage() {
  return `<!doctype html><meta charset="utf-8"><script type="module">
    const t0 = performance.now();
    const pf = await import('/pf/pagefind.js');
    const ten = async (q) => Promise.all((await pf.search(q)).results.slice(0, 10).map((x) => x.data()));
    const r = await ten(${JSON.stringify(query)});
    window.__done = { open: 0, first: performance.now() - t0, total: performance.now(), results: r.length };
    const times = [];
    for (const q of ${JSON.stringify(MORE)}) {
      const t = performance.now();
      await ten(q);
      times.push(performance.now() - t);
    }
    window.__more = times;
  </script>`;
}

async function measure(lazy, engine = 'digest-search') {
  const served = { bytes: 0, requests: 0, since: performance.now() };
  if (engine === 'pagefind') {
    const s = pagefindShipped(listFiles(pagefindDir));
    for (const f of [...s.code, ...s.index, ...s.docs]) files[`/pf/${f}`] = fs.readFileSync(path.join(pagefindDir, f));
  }
  const page = engine === 'pagefind' ? pagefindPage() : `<!doctype html><meta charset="utf-8"><script type="module">
    const t0 = performance.now();
    const { load } = await import('/digest-search.js');
    const index = await load(new URL('/digest-search.wasm', location.href)${lazy ? ', { lazy: true }' : ''});
    const t1 = performance.now();
    const r = await index.search(${JSON.stringify(query)}, { limit: 10 });
    window.__done = { open: t1 - t0, first: performance.now() - t1, total: performance.now(), results: r.results.length };
    const times = [];
    for (const q of ${JSON.stringify(MORE)}) {
      const t = performance.now();
      await index.search(q, { limit: 10 });
      times.push(performance.now() - t);
    }
    window.__more = times;
  </script>`;
  const serve = (req, res) => {
    const p = new URL(req.url, 'http://x').pathname;
    const body = p === '/' ? Buffer.from(page) : files[p];
    if (p === '/') served.since = performance.now();
    if (!body) return res.writeHead(404).end();
    const type = p === '/' ? 'text/html' : p.endsWith('.wasm') ? 'application/wasm' : p.endsWith('.js') ? 'text/javascript' : 'application/octet-stream';
    const n = sendBytes(req, res, body, { 'content-type': type });
    served.bytes += n;
    served.requests++;
    if (LOG) console.error(`${(performance.now() - served.since).toFixed(0)} ms ${p} ${req.headers.range ?? ''} ${n} B`);
  };
  const server = h2 ? http2.createSecureServer(tlsCert(), serve) : http.createServer(serve);
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const browser = await chromium.launch({ executablePath: chromiumPath(), args: h2 ? [...CHROMIUM_ARGS, '--ignore-certificate-errors'] : CHROMIUM_ARGS });
  try {
    const tab = await (await browser.newContext()).newPage();
    const cdp = await tab.context().newCDPSession(tab);
    await cdp.send('Network.enable');
    await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: rtt, downloadThroughput: (mbps * 1e6) / 8, uploadThroughput: (mbps * 1e6) / 8 });
    await tab.goto(`${h2 ? 'https' : 'http'}://127.0.0.1:${server.address().port}/`);
    const done = await (await tab.waitForFunction(() => window.__done, null, { timeout: 600_000, polling: 20 })).jsonValue();
    const first = { ...served };
    const more = await (await tab.waitForFunction(() => window.__more, null, { timeout: 600_000, polling: 20 })).jsonValue();
    return { ...done, ...first, more: more.sort((a, b) => a - b), moreBytes: served.bytes - first.bytes };
  } finally {
    await browser.close();
    server.close();
  }
}

/** A self-signed key and certificate for 127.0.0.1, made once per run. */
function tlsCert() {
  if (!tlsCert.made) {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ds-tls-'));
    const [key, cert] = [path.join(tmp, 'key.pem'), path.join(tmp, 'cert.pem')];
    execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '1', '-subj', '/CN=127.0.0.1', '-keyout', key, '-out', cert], { stdio: 'ignore' });
    tlsCert.made = { key: fs.readFileSync(key), cert: fs.readFileSync(cert) };
    fs.rmSync(tmp, { recursive: true, force: true });
  }
  return tlsCert.made;
}

const mib = (b) => `${(b / 1048576).toFixed(1)} MiB`;
console.log(`${dir}: ${mib(files['/digest-search.wasm'].length)}; emulated ${mbps} Mbit/s, ${rtt} ms latency, ${h2 ? 'HTTP/2' : 'HTTP/1.1'}; query ${JSON.stringify(query)}`);
for (const lazy of whole ? [true, false] : [true]) {
  const r = await measure(lazy);
  console.log(`${lazy ? 'lazy ' : 'whole'}: first result at ${(r.total / 1000).toFixed(2)} s (open ${(r.open / 1000).toFixed(2)} s, first search ${(r.first / 1000).toFixed(2)} s), ${mib(r.bytes)} in ${r.requests} requests, ${r.results} results`);
  console.log(`       ${r.more.length} more queries: median ${r.more[r.more.length >> 1].toFixed(0)} ms, slowest ${r.more[r.more.length - 1].toFixed(0)} ms, ${mib(r.moreBytes)} more`);
}
if (pagefindDir) {
  const r = await measure(false, 'pagefind');
  console.log(`Pagefind (${pagefindDir}): first result at ${(r.total / 1000).toFixed(2)} s, ${mib(r.bytes)} in ${r.requests} requests, ${r.results} results`);
  console.log(`       ${r.more.length} more queries: median ${r.more[r.more.length >> 1].toFixed(0)} ms, slowest ${r.more[r.more.length - 1].toFixed(0)} ms, ${mib(r.moreBytes)} more`);
}
