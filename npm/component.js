// `digest-search/component`: importing it defines the <digest-search> element (in browsers; in
// Node it is a harmless stub). The element needs to be told where the index is: a `src`
// attribute (the URL of the digest-search.wasm that `digest-search build` wrote) or
// `element.index = await load(...)`. Without `src` it waits for `index`, quietly (this package's
// loader has no index of its own to fall back on).
export { DigestSearchElement, load } from "./loader.js";
