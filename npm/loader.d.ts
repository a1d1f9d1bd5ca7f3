// `digest-search/loader` (and `digest-search` under a bundler's "browser" condition):
// load() and the <digest-search> element, with no Node builtins.
export type { Hit, Snippet, Span, SearchOptions, SearchResult, SearchFacets, SortOrder, TagMode, DigestIndex, LazyDigestIndex, IndexInfo, IndexMeta, WasmSource, Explained, DigestSearchFilters, DigestSearchReadyDetail, DigestSearchSelectDetail, DigestSearchErrorDetail } from "./index.js";
export { load, DigestSearchElement } from "./index.js";
