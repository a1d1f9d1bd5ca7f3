// `digest-search/component`: importing it defines the <digest-search> element.
export type { Hit, Snippet, SearchOptions, SearchResult, DigestIndex, IndexInfo, IndexMeta, WasmSource } from "./index.js";
export { load, DigestSearchElement } from "./index.js";
