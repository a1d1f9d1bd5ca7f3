// MiniSearch as the known-item checks run it (at-scale.mjs, query-classes.mjs, as-you-type.mjs,
// versions.mjs): title and abstract, the title boosted 3, prefix on, fuzzy 0.2 with at most one
// edit (1 edit for terms of 5 letters or more), as `lib/engines/minisearch.mjs` searches in the
// benchmark, but storing nothing: these checks compare ids only.
import path from "node:path";
import { pathToFileURL } from "node:url";
import { benchDir } from "./util.mjs";

/**
 * Loads MiniSearch and returns a function that indexes `docs` (`{id, title, abstract}`) with
 * these settings. Loading is apart from indexing, so that a caller can time the indexing alone.
 */
export async function knownItemMiniSearch() {
  const MiniSearch = (await import(pathToFileURL(path.join(benchDir, "node_modules", "minisearch", "dist", "es", "index.js")).href)).default;
  return (docs) => {
    const ms = new MiniSearch({ idField: "id", fields: ["title", "abstract"], searchOptions: { boost: { title: 3 }, prefix: true, fuzzy: 0.2, maxFuzzy: 1 } });
    ms.addAll(docs.map(({ id, title, abstract }) => ({ id, title, abstract })));
    return ms;
  };
}
