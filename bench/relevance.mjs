#!/usr/bin/env node
// Like-for-like relevance on the judged development set: node bench/relevance.mjs [--engines a,b]
// Installs bench/'s npm dependencies first when needed, then runs lib/relevance-main.mjs.
// See bench/README.md.
import { ensureDeps } from './lib/ensure-deps.mjs';

ensureDeps();
await import('./lib/relevance-main.mjs');
