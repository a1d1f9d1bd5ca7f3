// Which of the benchmark's queries (lib/queries.mjs, same seed as bench/run.mjs) find their
// paper first with one digest-search build and not with another: for a change that moves
// success@1 in `node bench/ab-latency.mjs`, the queries behind the figure, each with the first
// three results of both builds.
//
//   node bench/ab-first.mjs CORPUS.jsonl OLD_BUILD_DIR NEW_BUILD_DIR [--per-kind 200]
//
// Prints one pair of lines per query that differs and a count per kind.
import { loadDocs } from "./lib/corpus.mjs";
import { generateQueries, KINDS } from "./lib/queries.mjs";
import { takeOption, loadBuilds } from "./lib/util.mjs";

const args = process.argv.slice(2);
const perKind = Number(takeOption(args, "--per-kind", 200));
const [corpus, oldDir, newDir] = args;
if (!newDir) {
  console.error("usage: node bench/ab-first.mjs CORPUS.jsonl OLD_BUILD_DIR NEW_BUILD_DIR [--per-kind N]");
  process.exit(2);
}
const queries = generateQueries(loadDocs(corpus), { perKind });
const [before, after] = await loadBuilds([oldDir, newDir]);
const top = (rs) => rs.slice(0, 3).map((r) => `${r.id}: ${r.title.slice(0, 50)}`).join(" | ");
const won = Object.fromEntries(KINDS.map((k) => [k, 0]));
const lost = Object.fromEntries(KINDS.map((k) => [k, 0]));
for (const q of queries) {
  const a = before.search(q.q, { limit: 10 }).results, b = after.search(q.q, { limit: 10 }).results;
  const hitA = a[0]?.id === q.target, hitB = b[0]?.id === q.target;
  if (hitA === hitB) continue;
  (hitB ? won : lost)[q.kind]++;
  console.log(`${q.kind} ${JSON.stringify(q.q)} (wants ${q.target}): ${hitB ? "found first now" : "no longer first"}\n  old: ${top(a)}\n  new: ${top(b)}`);
}
for (const k of KINDS) console.log(`${k}: ${won[k]} found first now, ${lost[k]} no longer`);
