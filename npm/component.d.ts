// `digest-search/component`: importing it defines the <digest-search> element.
export type { Hit, Snippet, Span, SearchOptions, SearchResult, SearchFacets, SortOrder, TagMode, DigestIndex, LazyDigestIndex, IndexInfo, IndexMeta, WasmSource, Explained, DigestSearchFilters, DigestSearchReadyDetail, DigestSearchSelectDetail, DigestSearchErrorDetail } from "./index.js";
export { load, DigestSearchElement } from "./index.js";
