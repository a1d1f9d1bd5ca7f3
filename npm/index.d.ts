// Type declarations of the digest-search npm package. The result schema is docs/api.md of the
// project: the same objects the native CLI prints with `search --json`.

// The loader's types name WebAssembly, Response and the element's DOM types: a Node project
// compiled with `lib: ["es2022"]` needs them too.
/// <reference lib="dom" />

// ---------------------------------------------------------------------------------------------
// Loading and searching (also `digest-search/loader` and `digest-search/component`)
// ---------------------------------------------------------------------------------------------

/** What `load()` accepts: the built `digest-search.wasm` as a URL or path, a Response, bytes, or a compiled module (or a promise of one). */
export type WasmSource = string | URL | Response | ArrayBuffer | ArrayBufferView | WebAssembly.Module;

/** A `[start, end)` span in UTF-16 code units (slice JS strings with it). */
export type Span = [number, number];

/** A result order: by relevance (the default), or by date, full matches first, then partial ones. */
export type SortOrder = "relevance" | "newest" | "oldest";

/** How `tags` filter: `"any"` keeps entries with one of them, `"all"` those with every one. */
export type TagMode = "any" | "all";

/** Options of `search()`; all optional (missing or `undefined`: the default). */
export interface SearchOptions {
  /** Results to return; default 10, at most 1000. */
  limit?: number | undefined;
  /** Results to skip; default 0. */
  offset?: number | undefined;
  /** Add each result's score breakdown (`explain`). */
  explain?: boolean | undefined;
  /**
   * Keep entries dated on or after this day: `YYYY-MM-DD`, `YYYY-MM` or `YYYY` (a month or year
   * from its first day). Entries without a date are left out. `null` or `""`: no bound; another
   * string throws.
   */
  after?: string | null | undefined;
  /** Keep entries dated on or before this day: `YYYY-MM-DD`, `YYYY-MM` or `YYYY` (to its last day). */
  before?: string | null | undefined;
  /** Keep entries carrying these tags (case-insensitive, whole tags); default none. */
  tags?: readonly string[] | ReadonlySet<string> | undefined;
  /** `"any"` (the default): one of `tags` is enough; `"all"`: every one. */
  tagMode?: TagMode | undefined;
  /** Default `"relevance"`; `null` is the default too. */
  sort?: SortOrder | null | undefined;
  /** Add `facets` to the response: match counts per tag and per year. */
  facets?: boolean | undefined;
}

/** Match counts of a search (with `facets: true`), over its full matches (or its partial ones when there is no full match). */
export interface SearchFacets {
  /** The 30 most frequent tags: `{ "cs.LG": 12 }`. */
  tags: Record<string, number>;
  /** Per year of the entries' dates: `{ "2024": 15 }`. */
  years: Record<string, number>;
}

/** The densest part of an entry's abstract. */
export interface Snippet {
  /** Starts and/or ends with `…` when cut from a longer abstract. */
  text: string;
  highlights: Span[];
}

/** One query word's part of a result's score (with `explain: true`). */
export interface Explained {
  /** The query word. */
  word: string;
  /** The dictionary term that matched it. */
  term: string;
  kind: "exact" | "stem" | "compound" | "prefix" | "typo" | "related";
  /** The weight of that kind of match. */
  weight: number;
  /** Score per field (title, abstract, authors, tags) before the weight. */
  fields: [number, number, number, number];
}

/** One result. */
export interface Hit {
  id: string;
  title: string;
  /** The entry's first link, or null. */
  url: string | null;
  urls: string[];
  /** `YYYY-MM-DD`, or null. */
  date: string | null;
  authors: string[];
  tags: string[];
  /** Relevance (higher is better; comparable within one query). */
  score: number;
  /** True when the entry does not match every query word. */
  partial: boolean;
  titleHighlights: Span[];
  snippet: Snippet;
  /** Only with `explain: true`. */
  explain?: Explained[];
}

/** What `search()` returns. */
export interface SearchResult {
  /** All matching entries, not only this page. */
  total: number;
  /** This page, best first. */
  results: Hit[];
  /** Only with `facets: true`. */
  facets?: SearchFacets;
}

/** `index.info()`. */
export interface IndexInfo {
  entries: number;
  formatVersion: number;
  runtimeVersion: string;
  /** Bytes of the embedded index. */
  indexBytes: number;
  /** Bytes of the index copied into wasm memory so far (blocks are copied on first use). */
  residentBytes: number;
  /** Bytes of the instance's linear memory now. */
  memoryBytes: number;
}

/** The versions the wasm carries (its `digest-search` custom section). */
export interface IndexMeta {
  format: number;
  runtime: string;
  entries: number;
}

/** A loaded index: one wasm instance of its own. */
export interface DigestIndex {
  /** Searches; see the query language in the README. Throws an `Error` for bad options. */
  search(query: string, options?: SearchOptions): SearchResult;
  info(): IndexInfo;
  readonly meta: IndexMeta;
  /** Frees the index in its wasm instance; the object is unusable afterwards. */
  free(): void;
}

/**
 * Loads a built index. In this package there is no default: pass the URL, path (Node), Response
 * or bytes of the `digest-search.wasm` that `digest-search build` (or `buildIndex()`) wrote.
 * Where there is a `document` (a browser, or jsdom and happy-dom in Node) a string is a URL
 * relative to the page, fetched; in Node without one, a path.
 * Rejects with an `Error` saying what is wrong for a truncated, damaged or other-version file.
 */
export function load(source: WasmSource | PromiseLike<WasmSource>, options?: { lazy?: false }): Promise<DigestIndex>;
/**
 * With `{ lazy: true }` and an http(s) URL, fetches the file in HTTP byte ranges as searches need
 * them (see docs/api.md); `search()` then returns a Promise, however the bytes came.
 */
export function load(source: WasmSource | PromiseLike<WasmSource>, options: { lazy: true }): Promise<LazyDigestIndex>;
/** With `lazy` known only when the code runs: either kind of index (`search()` may return a Promise). */
export function load(source: WasmSource | PromiseLike<WasmSource>, options?: { lazy?: boolean }): Promise<DigestIndex | LazyDigestIndex>;

/** An index loaded with `{ lazy: true }`: `search()` fetches what it reads, so it is async. */
export interface LazyDigestIndex extends Omit<DigestIndex, "search"> {
  /** Searches, fetching the index bytes it needs first; rejects with an `Error` for bad options. */
  search(query: string, options?: SearchOptions): Promise<SearchResult>;
}

/** Detail of `digest-search:ready`. */
export interface DigestSearchReadyDetail {
  /** A `LazyDigestIndex` (async `search()`) when the element has `lazy`. */
  index: DigestIndex | LazyDigestIndex;
  info: IndexInfo | null;
}

/** Detail of `digest-search:select` (cancelable: `preventDefault()` keeps the page). */
export interface DigestSearchSelectDetail {
  result: Hit;
  /** Position in the displayed results. */
  index: number;
}

/** Detail of `digest-search:error` (cancelable: `preventDefault()` silences the console). */
export interface DigestSearchErrorDetail {
  error: Error;
}

/** The filters of a `<digest-search>` element: tags that must all match, and one year. */
export interface DigestSearchFilters {
  tags: string[];
  /** `"2024"`, or null for every year. */
  year: string | null;
}

/**
 * The `<digest-search>` element. Attributes: `src` (the index's `.wasm` URL; without it, the
 * element waits for `index` to be set), `lazy` (fetch it in HTTP byte ranges), `placeholder`,
 * `limit`, `label`, `label-*` texts, `sync-url` (keep the query, filters and order in the URL),
 * `theme` (`light` | `dark`), `no-dates`, `no-tags`, `no-facets`, `no-sort`, `no-shortcut` (no
 * `/` key to focus it), `popup` (the results over the page, for a box in a header). Style it with
 * `--ds-*` custom properties and `::part()`. In Node (no DOM) this is an empty stub class.
 */
export declare class DigestSearchElement extends HTMLElement {
  /** The loaded index, or null before `digest-search:ready`. Set it to use an index loaded elsewhere. */
  get index(): DigestIndex | LazyDigestIndex | null;
  set index(index: (Pick<DigestIndex, "search"> & Partial<DigestIndex>) | LazyDigestIndex);
  /** The query text; setting it runs the search. */
  get value(): string;
  set value(query: string);
  /** The displayed results, in display order (full matches first, then partial ones). */
  readonly results: Hit[];
  /**
   * The active filters (a copy). Setting them runs the search: at most 10 tags, and a year of
   * four digits (another value is no year filter). They apply unless the element has `no-facets`.
   */
  get filters(): DigestSearchFilters;
  set filters(filters: { tags?: readonly string[] | null; year?: string | number | null } | null | undefined);
  /** The result order; setting it runs the search (another value is `"relevance"`). */
  get sort(): SortOrder;
  set sort(order: SortOrder);
  focus(options?: FocusOptions): void;
}

declare global {
  interface HTMLElementTagNameMap {
    "digest-search": DigestSearchElement;
  }
  interface HTMLElementEventMap {
    "digest-search:ready": CustomEvent<DigestSearchReadyDetail>;
    "digest-search:select": CustomEvent<DigestSearchSelectDetail>;
    "digest-search:error": CustomEvent<DigestSearchErrorDetail>;
  }
  // The events bubble out of shadow roots (`composed`): listened to on the document too.
  interface DocumentEventMap {
    "digest-search:ready": CustomEvent<DigestSearchReadyDetail>;
    "digest-search:select": CustomEvent<DigestSearchSelectDetail>;
    "digest-search:error": CustomEvent<DigestSearchErrorDetail>;
  }
}

// ---------------------------------------------------------------------------------------------
// Building (Node)
// ---------------------------------------------------------------------------------------------

/**
 * An entry as the JSON input takes it: a `title`, or a release's `version` alone (or a GitHub
 * release's `tag_name`), with the fields of `EntryFields`; or a WordPress post as its REST API
 * gives it (`WordPressPost`). Other fields are not read: a warning says so, once per field, naming
 * the field one likely stands for (`link`: `url`, `published`: `date`, …).
 */
export type EntryInput =
  | (EntryFields & (
      | {
          /** The title; an entry with none has a `version`, which is its title. */
          title: string;
          /**
           * A release's version (`2.3.1`, `v2.3.1`: a number with a dot): put before a title that
           * does not name it (`2.3.1: Spring cleanup`), so that the version finds the entry. A
           * revision's (`v2`, as arXiv numbers them) is left out.
           */
          version?: string | number | null;
        }
      | {
          /** None (or empty): the `version` is the title. */
          title?: string | null;
          /** A release's version (`2.3.1`, `v2.3.1`), the title of this entry that has none. */
          version: string | number;
        }
      | {
          /**
           * A GitHub release as `gh api repos/o/r/releases` gives it (an object with an `html_url`):
           * its `tag_name` is the version and its `name` the title, where `version` and `title` are
           * absent; so are its `published_at` the date, `author.login` the author (an issue's
           * `created_at`, `user.login` and `labels[].name` the tags).
           */
          html_url: EntryText;
          tag_name: string | number;
          name?: EntryText | null;
          title?: string | null;
          version?: string | number | null;
          published_at?: EntryText | null;
          created_at?: EntryText | null;
        }
    ))
  | WordPressPost;

/**
 * A text: a string, or as WordPress's REST API gives one, `{ "rendered": "<p>…</p>" }` (read as
 * its string, HTML read as text; its other fields, `protected`, are not).
 */
export type EntryText = string | { rendered: string; [field: string]: unknown };

/** The fields of an entry besides its `title`, `version` and `tags` (`EntryFields`, `WordPressPost`). */
export interface EntryBase {
  /** Stable id; an entry without one gets `entries-N`, N its 0-based index in the array. */
  id?: string | number | null;
  /**
   * The body; `summary`, `description`, `body`, `content` (a site's `search.json`) and `text`
   * (MiniSearch's, Lunr's and Fuse.js's examples), the first present, are read when `abstract`
   * is absent. HTML here or in `title` (`<p>…</p>`, `<code>`,
   * `&amp;`) is read as text, the targets of its links kept; so is Markdown here, when plainly
   * Markdown (`**bold**`, `[docs](https://…)`, `` `code` ``, lines starting `- ` or `## `).
   */
  abstract?: EntryText | null;
  summary?: EntryText | null;
  description?: EntryText | null;
  body?: EntryText | null;
  content?: EntryText | null;
  text?: EntryText | null;
  url?: EntryText | null;
  /** Links; a `null` among them is left out. */
  urls?: (string | null)[] | string | null;
  /**
   * A GitHub release's or issue's page (as `gh api` gives them): the first link, where its `url`
   * is left out when that is the API's address (a path starting `/repos/`).
   */
  html_url?: EntryText | null;
  /**
   * `YYYY-MM-DD` (or an ISO timestamp, RSS's `Wed, 13 Mar 2024 10:00:00 GMT` as `toUTCString()` writes,
   * `2024/03/13`, `2024-3-13`, `March 13, 2024`, `March 13th, 2024` or `13 March 2024`; not `03/13/2024`
   * nor `13/03/2024`).
   */
  date?: EntryText | null;
  /**
   * Names; one string is cut into names (`"Ada Lovelace, Alan Turing and Grace Hopper"`: at `;`,
   * `and` but after a name of one word or beside `of`, `for`, `the`, `on` (`Procter and Gamble`
   * stays one; `Alice and Bob and Carol`, three single words, is three), and commas when every part has two words or more, or when none is a suffix or
   * an initial and there are three or more (`"Alice, Bob, Carol"`); `"Lovelace, Ada"` stays one).
   */
  authors?: (string | null)[] | string | null;
  [field: string]: unknown;
}

/** The fields of an entry besides its `title` and `version` (`EntryInput`). */
export interface EntryFields extends EntryBase {
  /** Tags; a `null` among them is left out. */
  tags?: (string | null)[] | string | null;
}

/**
 * A WordPress post as its REST API gives it (`/wp-json/wp/v2/posts`, an object whose `title` is
 * `{ "rendered": … }`): its texts `{ rendered }` (`title`, `content`; its `excerpt` is not read,
 * nor told), its page `link` where it has no `url`, and its `tags`, numbers that name no tag, left
 * out (its `author` and `categories`, numbers too, are not told either).
 */
export interface WordPressPost extends EntryBase {
  title: { rendered: string; [field: string]: unknown };
  /** The post's page, where it has no `url`. */
  link?: EntryText | null;
  /** The ids of its tags (left out), or names. */
  tags?: number[] | (string | null)[] | string | null;
  version?: string | number | null;
}

/** The build options of `digest-search build`. */
export interface BuildOptions {
  /** Plain-text digests: number of header paragraphs before the first entry (default: detected). */
  headerLines?: number;
  /**
   * Plain-text digests: the year (1900 to 2999) of a header date without one (`Mar 13`), in an
   * input whose name has none (`digest-2024-03-13.txt`).
   */
  year?: number;
  /** `YYYY-MM-DD` for every entry that has none. */
  date?: string;
  /** Link for entries without one (a Markdown section's first link); `{id}` is replaced by the entry's id. */
  urlTemplate?: string;
  /** Called with each warning (an input with no entries, a duplicate id); they are also in the result. */
  onWarning?: (warning: string) => void;
}

/** The three files of a build, in memory: what `digest-search build` writes. */
export interface BuildOutputs {
  /** `digest-search.wasm`: the runtime with the index embedded. */
  wasm: Uint8Array;
  /** `digest-search.js`: ES module; loads `digest-search.wasm` beside it by default. */
  esm: string;
  /**
   * `digest-search.classic.js`: classic script, everything inlined (works from `file://`), as
   * UTF-8 bytes (from about 230k entries on it is longer than the longest string V8 makes).
   * Null when it would be longer than the longest script a browser loads (536 MB, about 230k
   * arXiv entries; a warning says so): `writeOutputs()` then removes an earlier one.
   */
  classic: Uint8Array | null;
}

export interface BuildResult extends BuildOutputs {
  /** Entries indexed. */
  entries: number;
  /** Warnings, as the CLI prints them (without `warning: `). */
  warnings: string[];
}

/** An input given in memory: `bytes`, or `text`. The name tells the format, as the CLI reads files: `.txt` (plain-text digest), `.json`, `.jsonl`, `.rss`/`.atom`/`.xml` (feeds), `.md` (changelog), and any of them `.gz`. */
export type SourceInput = { name: string; bytes: Uint8Array | ArrayBuffer | ArrayBufferView } | { name: string; text: string };

/**
 * Builds an index from entry objects. Rejects with an `Error` naming the entry and field, e.g.
 * ``entries[3]: field `title`: expected a string, found a number``.
 */
export function buildIndex(entries: Iterable<EntryInput>, options?: BuildOptions): Promise<BuildResult>;

/** Builds an index from inputs in memory (digest text, JSON, JSON Lines, RSS, Atom or JSON feeds, Markdown, gzip), merged in order. */
export function buildSources(sources: Iterable<SourceInput>, options?: BuildOptions): Promise<BuildResult>;

/**
 * Builds an index from files, like `digest-search build PATH...` (same bytes, same messages:
 * ``feed.jsonl:2: field `title`: expected a string, found a number``); `-` reads standard input.
 */
export function buildFiles(paths: string | URL | Iterable<string | URL>, options?: BuildOptions): Promise<BuildResult>;

/**
 * Writes `digest-search.wasm`, `digest-search.js` and `digest-search.classic.js` into `dir`
 * (created if needed): temporary files first, then each renamed over the file it replaces, with
 * its permission bits (0444, 0640; a new file has the umask's). A file whose data is null (a classic file past the limit) is removed instead.
 */
export function writeOutputs(dir: string | URL, outputs: BuildOutputs | { files: Array<[string, Uint8Array | null]> }): Promise<void>;

/** The fixed output file names. */
export const OUTPUT_NAMES: Readonly<{ wasm: "digest-search.wasm"; esm: "digest-search.js"; classic: "digest-search.classic.js" }>;

/** The versions of the indexes this package builds and loads. */
export function versions(): Promise<{ runtimeVersion: string; formatVersion: number }>;

/**
 * The files for a build's outputs with the CLI's `--hashed-names` (a content-hashed wasm name,
 * an ESM loader naming it and a `digest-search.json` manifest) and `--html` (a self-contained
 * page). Pass the result to `writeOutputs(dir, { files })`. Without a classic file, the
 * classic file and the page come as `[name, null]`: files to remove.
 */
export function outputFiles(
  outputs: { wasm: Uint8Array; classic: Uint8Array | string | null },
  options?: { hashedNames?: boolean; htmlTitle?: string }
): Promise<Array<[string, Uint8Array | null]>>;
