// `digest-search/loader` (and `digest-search` under a bundler's "browser" condition):
// load() and the <digest-search> element, with no Node builtins.
export type { Hit, Snippet, SearchOptions, SearchResult, DigestIndex, LazyDigestIndex, IndexInfo, IndexMeta, WasmSource, Explained } from "./index.js";
export { load, DigestSearchElement } from "./index.js";
