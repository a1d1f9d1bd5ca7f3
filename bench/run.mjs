#!/usr/bin/env node
// digest-search benchmark: one command.
//   node bench/run.mjs [--sizes sample,10k,50k,100k] [--engines a,b] [--quick] [--help]
// Installs bench/'s npm dependencies first when they are missing or out of date, then runs
// lib/main.mjs. See bench/README.md.
import { ensureDeps } from './lib/ensure-deps.mjs';

ensureDeps();
if (!process.argv.includes('--install-only')) await import('./lib/main.mjs');
