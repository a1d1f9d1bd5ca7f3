// The pure-JS engines (browser-safe: build/load/search only, no Node built-ins).
import * as minisearch from './minisearch.mjs';
import * as flexsearch from './flexsearch.mjs';
import * as lunr from './lunr.mjs';
import * as fuse from './fuse.mjs';
import * as orama from './orama.mjs';

export const JS_ENGINES = { minisearch, flexsearch, lunr, fuse, orama };
