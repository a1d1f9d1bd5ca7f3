// Markdown rendering of bench/results/latest.json.
import { fmtBytes, fmtMs } from './util.mjs';
import { KINDS } from './queries.mjs';

const ORDER = ['digest-search', 'minisearch', 'flexsearch', 'lunr', 'fuse', 'orama', 'pagefind'];
const pct = (x) => (x == null ? '–' : `${(x * 100).toFixed(0)}%`);
const ratio = (peer, ds) => (peer == null || ds == null || !ds ? '–' : `${(peer / ds).toFixed(peer / ds >= 10 ? 0 : 2)}×`);
const mib = (x) => (x == null ? '–' : `${Math.round(x)} MiB`);

// brotli ratio at quality 11 when both engines have it (no file over 20 MiB), else quality 9
function brRatio(p, d) {
  if (!p || !d) return '–';
  return p.br11 != null && d.br11 != null ? ratio(p.br11, d.br11) : `${ratio(p.br9, d.br9)} (q9)`;
}

function table(head, rows) {
  const line = (cells) => `| ${cells.join(' | ')} |`;
  return [line(head), line(head.map(() => '---')), ...rows.map(line)].join('\n');
}

function engines(c) {
  return ORDER.filter((e) => c.engines?.[e]).map((e) => c.engines[e]);
}

const okQueries = (r) => r.kinds && r.queries;
let SETTINGS = {};
const capNote = (r) =>
  r.caps && (r.caps.buildS !== SETTINGS.buildCapS || r.caps.queryS !== SETTINGS.queryCapS)
    ? ` (caps for this cell: build ${r.caps.buildS} s, queries ${r.caps.queryS} s)`
    : '';
const statusCell = (r) => (r.status === 'ok' ? 'ok' : r.status.replace(/\|/g, '/')) + capNote(r);

function browserCell(results, corpus, engine) {
  const b = results.browser?.corpora?.[corpus]?.[engine];
  if (!b) return '–';
  if (b.status !== 'ok') return b.status;
  return fmtMs(b.ms);
}

/**
 * Download against the yardstick of the download target: shipped brotli ÷ the corpus's JSON
 * Lines brotli, at quality 11 when both have it, else quality 9.
 */
function jsonlRatio(shipped, jsonl) {
  if (!shipped || !jsonl) return '–';
  const q11 = shipped.br11 != null && jsonl.br11 != null;
  const ratio = q11 ? shipped.br11 / jsonl.br11 : shipped.br9 / jsonl.br9;
  return `${ratio.toFixed(2)}×${q11 ? '' : ' (q9)'}`;
}

export function renderMarkdown(results) {
  const m = results.machine ?? {};
  const s = results.settings ?? {};
  SETTINGS = s;
  const out = [];
  out.push('# digest-search benchmark: latest results');
  out.push('');
  out.push(`Machine: ${m.cpu}, ${m.cores} cores, ${m.ramGiB} GiB RAM; Node ${m.node}; ${m.os}.` + (results.browser?.chromium ? ` Chromium ${results.browser.chromium}.` : ''));
  out.push(`Last run: \`${results.command}\`, started ${results.lastRunAt ?? results.startedAt}${results.finishedAt ? `, finished ${results.finishedAt}` : ' (in progress)'}; runs merged into these tables since ${results.startedAt}. Each corpus says which run measured each engine.`);
  if (results.loadAverageAtStart)
    out.push(
      `Load average (1/5/15 min) at start ${results.loadAverageAtStart.join(' / ')}` +
        (results.loadAverageAtEnd ? `, at end ${results.loadAverageAtEnd.join(' / ')}` : '') +
        ` on ${m.cores} cores (of the last run, when runs were merged): above ~1 other work was competing for the CPU, and times are inflated and noisy.`,
    );
  out.push(
    `Settings: ${s.perKind} queries per kind (seed ${s.seed}); caps: build ${s.buildCapS} s, timed queries ${s.queryCapS} s, ` +
      `memory ${s.memCapMB} MiB RSS (Node heap limit ${s.heapMB} MiB); peak memory from ${s.timeTool}. ` +
      'Brotli: quality 9 for every file, and quality 11 where no file of the engine is over 20 MiB (q11 takes ~1 s per MB here). Method and how to read the tables: bench/README.md.',
  );
  out.push('Relevance on the judged development set (nDCG@10, S@1 per kind) is a separate command: `node bench/relevance.mjs`, results in `bench/results/relevance/summary.md`.');
  out.push('');
  if (results.browser?.skipped) out.push(`Chromium load times: ${results.browser.skipped}.\n`);

  for (const [corpus, c] of Object.entries(results.corpora ?? {})) {
    const rows = engines(c);
    if (!rows.length) continue;
    const jsonlBr = c.inputSizes ? `, ${fmtBytes(c.inputSizes.br11 ?? c.inputSizes.br9)} brotli q${c.inputSizes.br11 != null ? 11 : 9}` : '';
    out.push(`## ${corpus}: ${c.entries?.toLocaleString('en-US')} entries (${fmtBytes(c.inputBytes)} JSONL${jsonlBr}), ${Object.values(c.queries ?? {})[0] ?? '?'} queries per kind`);
    out.push('');
    // Which run measured which engine: runs merged with `--merge` may each have measured some.
    const by = new Map();
    for (const r of rows) {
      const key = r.measuredBy ? `\`${r.measuredBy.command}\` (${r.measuredBy.at.slice(0, 16).replace('T', ' ')} UTC)` : 'an earlier run that did not record its command';
      by.set(key, [...(by.get(key) ?? []), r.label]);
    }
    out.push(`Measured by ${[...by].map(([run, labels]) => `${run}: ${labels.join(', ')}`).join('; ')}.`);
    out.push('');
    out.push('### Size, build and load');
    out.push('');
    out.push(
      table(
        ['engine', 'status', 'shipped raw', 'gzip -9', 'brotli q11', 'brotli q9', '÷ JSON Lines (brotli)', 'of which code (br q11)', 'build time', 'build peak RSS', 'load + 1st query (Node)', 'RSS after load', 'Chromium: page load → 1st result'],
        rows.map((r) => [
          r.label,
          statusCell(r),
          fmtBytes(r.bytes?.total.raw),
          fmtBytes(r.bytes?.total.gzip),
          r.bytes ? (r.bytes.total.br11 != null ? fmtBytes(r.bytes.total.br11) : 'n/a (file > 20 MiB)') : '–',
          fmtBytes(r.bytes?.total.br9),
          jsonlRatio(r.bytes?.total, c.inputSizes),
          fmtBytes(r.bytes?.code.br11 ?? r.bytes?.code.br9),
          r.build?.ms != null ? fmtMs(r.build.ms) : '–',
          r.build?.ms == null && r.build?.peakRssMB != null ? `≥ ${mib(r.build.peakRssMB)} (killed)` : mib(r.build?.peakRssMB),
          r.load ? fmtMs(r.load.ms) : '–',
          mib(r.rssAfterLoadMB),
          browserCell(results, corpus, r.engine),
        ]),
      ),
    );
    out.push('');
    out.push('### Query latency (median / p95, top 10 with display fields) and success@1');
    out.push('');
    out.push(
      table(
        ['engine', ...KINDS.map((k) => `${k} median / p95`), ...KINDS.map((k) => `S@1 ${k}`), 'queries timed'],
        rows.map((r) =>
          okQueries(r)
            ? [
                r.label,
                ...KINDS.map((k) => `${fmtMs(r.kinds[k].median)} / ${fmtMs(r.kinds[k].p95)}`),
                ...KINDS.map((k) => pct(r.kinds[k].s1)),
                `${r.queries.done}/${r.queries.total}${r.queries.capped ? ' (capped)' : ''}`,
              ]
            : [r.label, ...KINDS.map(() => '–'), ...KINDS.map(() => '–'), statusCell(r)],
        ),
      ),
    );
    out.push('');
    const loads = rows.filter((r) => r.loadAvg1m != null);
    if (loads.length)
      out.push(
        `1-minute load average when each engine's measurement started: ${loads.map((r) => `${r.label} ${r.loadAvg1m}`).join(', ')}` +
          (loads.length < rows.length ? ' (not recorded for the others)' : '') +
          '.\n',
      );
    const lazy = results.browser?.corpora?.[corpus]?.['digest-search-lazy'];
    if (lazy?.ms != null) {
      out.push(
        `digest-search loaded with \`{lazy: true}\` (the same file over HTTP ranges, the postings and stored text a search needs fetched as it needs them): ` +
          `page load → first result ${fmtMs(lazy.ms)} in Chromium, ${fmtBytes(lazy.networkBytes)} fetched in ${lazy.requests} requests (page and loader included)` +
          (lazy.firstTenBytes != null ? `; the first ten queries ${fmtBytes(lazy.firstTenBytes)} in ${lazy.firstTenRequests} requests.` : '.'),
      );
      out.push('');
    } else if (lazy?.status) {
      out.push(`digest-search loaded with \`{lazy: true}\`: ${lazy.status}.`);
      out.push('');
    }
    const pf = c.engines?.pagefind?.pagefind;
    if (pf) {
      out.push(
        `Pagefind fetches lazily: total shipped ${fmtBytes(c.engines.pagefind.bytes?.total.raw)} (its index and fragment files are already gzip-compressed); ` +
          `the first query needs ${fmtBytes(pf.firstQueryTotalBytes)} (${pf.firstQueryFiles} data files fetched + loader code), ` +
          `the first ten queries ${fmtBytes(pf.firstTenTotalBytes)}.` +
          (results.browser?.corpora?.[corpus]?.pagefind?.networkBytes != null
            ? ` In Chromium the page fetched ${fmtBytes(results.browser.corpora[corpus].pagefind.networkBytes)} (all requests, page and bundle included) to show the first results` +
              (results.browser.corpora[corpus].pagefind.firstTenBytes != null ? `, ${fmtBytes(results.browser.corpora[corpus].pagefind.firstTenBytes)} for the first ten queries.` : '.')
            : ''),
      );
      out.push('');
    }
    const ds = c.engines?.['digest-search'];
    if (ds?.bytes) {
      out.push('### digest-search vs each peer');
      out.push('');
      out.push('Cost ratios are peer ÷ digest-search (above 1× means digest-search is smaller or faster); S@1 columns are digest-search minus peer, in points.');
      out.push('');
      const peers = rows.filter((r) => r.engine !== 'digest-search');
      out.push(
        table(
          ['peer', 'brotli bytes (q11, else q9)', 'gzip bytes', 'build time', 'build peak RSS', 'load (Node)', ...KINDS.map((k) => `median ${k}`), ...KINDS.map((k) => `ΔS@1 ${k}`)],
          peers.map((p) => [
            p.label,
            brRatio(p.bytes?.total, ds.bytes?.total),
            ratio(p.bytes?.total.gzip, ds.bytes?.total.gzip),
            ratio(p.build?.ms, ds.build?.ms),
            p.build?.ms != null ? ratio(p.build?.peakRssMB, ds.build?.peakRssMB) : '–',
            ratio(p.load?.ms, ds.load?.ms),
            ...KINDS.map((k) => ratio(p.kinds?.[k]?.median, ds.kinds?.[k]?.median)),
            ...KINDS.map((k) =>
              p.kinds?.[k]?.s1 != null && ds.kinds?.[k]?.s1 != null ? `${((ds.kinds[k].s1 - p.kinds[k].s1) * 100).toFixed(0)}` : '–',
            ),
          ]),
        ),
      );
      out.push('');
    } else if (ds) {
      out.push(`digest-search: ${ds.status}; no ratios for this corpus.\n`);
    }
  }

  out.push('## Engine settings');
  out.push('');
  const seen = new Set();
  for (const c of Object.values(results.corpora ?? {})) {
    for (const r of engines(c)) {
      if (seen.has(r.engine) || !r.config) continue;
      seen.add(r.engine);
      out.push(`- **${r.label}**: ${r.config}` + (r.engine === 'digest-search' && r.binaryModified ? ` (binary of ${r.binaryModified}${r.info ? `, runtime ${r.info.runtimeVersion}, format ${r.info.formatVersion}` : ''}; each corpus's row says which binary it used in latest.json)` : ''));
    }
  }
  out.push('');
  const errors = [];
  for (const [corpus, c] of Object.entries(results.corpora ?? {}))
    for (const r of engines(c)) if (r.error) errors.push(`- ${corpus} / ${r.label}: ${r.status}: \`${r.error.split('\n')[0].slice(0, 300)}\``);
  if (errors.length) {
    out.push('## Errors');
    out.push('');
    out.push(...errors);
    out.push('');
  }
  return out.join('\n');
}
