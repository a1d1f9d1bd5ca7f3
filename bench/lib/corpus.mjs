// Corpora: the 102-entry sample and the newest N entries of the 215k arXiv digest file.
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import readline from 'node:readline';
import { repoRoot, sharedData, cacheDir, readJsonl } from './util.mjs';

export const CORPORA = {
  sample: { n: 102 },
  '10k': { n: 10_000 },
  '50k': { n: 50_000 },
  '100k': { n: 100_000 },
};

export const bigSource = path.join(sharedData, 'papers-arxiv-digests-215k.jsonl.gz');

export function sampleSource() {
  const a = path.join(repoRoot, 'tests', 'fixtures', 'trending-papers.jsonl');
  return fs.existsSync(a) ? a : path.join(sharedData, 'trending-papers.jsonl');
}

async function countLines(file) {
  let n = 0;
  const rl = readline.createInterface({ input: fs.createReadStream(file), crlfDelay: Infinity });
  for await (const l of rl) if (l.trim()) n++;
  return n;
}

/** Path of a JSONL file holding the corpus (cached under bench/.cache for the slices). */
export async function corpusFile(name) {
  if (name === 'sample') return sampleSource();
  const spec = CORPORA[name];
  if (!spec) throw new Error(`unknown corpus ${name}`);
  const out = path.join(cacheDir, 'corpus', `arxiv-newest-${name}.jsonl`);
  if (fs.existsSync(out) && (await countLines(out)) === spec.n) return out;
  if (!fs.existsSync(bigSource)) throw new Error(`missing ${path.relative(repoRoot, bigSource)}`);
  fs.mkdirSync(path.dirname(out), { recursive: true });
  const tmp = `${out}.tmp`;
  const ws = fs.createWriteStream(tmp);
  const input = fs.createReadStream(bigSource).pipe(zlib.createGunzip());
  const rl = readline.createInterface({ input, crlfDelay: Infinity });
  let n = 0;
  for await (const line of rl) {
    if (!line.trim()) continue;
    if (!ws.write(line + '\n')) await new Promise((r) => ws.once('drain', r));
    if (++n >= spec.n) break;
  }
  rl.close();
  input.destroy();
  await new Promise((r) => ws.end(r));
  fs.renameSync(tmp, out);
  return out;
}

/**
 * Normalised documents: {n, id, title, abstract, url, date}. `n` is the position in the file
 * (the sample's entry number). Duplicate ids keep their first occurrence.
 */
export function loadDocs(file) {
  const seen = new Set();
  const docs = [];
  for (const e of readJsonl(file)) {
    if (seen.has(e.id)) continue;
    seen.add(e.id);
    docs.push({
      n: docs.length,
      id: String(e.id),
      title: e.title ?? '',
      abstract: e.abstract ?? '',
      url: e.url ?? (Array.isArray(e.urls) && e.urls.length ? e.urls[0] : null),
      date: e.date ?? null,
    });
  }
  return docs;
}
