// Installs bench/'s npm dependencies when they are missing or out of date: `npm ci` from
// package-lock.json (npm install without a lock file). Node built-ins only, so it can run before
// anything that needs the dependencies is imported.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export function ensureDeps() {
  const here = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
  const stamp = path.join(here, 'node_modules', '.bench-deps');
  const read = (f) => (fs.existsSync(path.join(here, f)) ? fs.readFileSync(path.join(here, f), 'utf8') : '');
  const want = createHash('sha256').update(read('package.json') + read('package-lock.json')).digest('hex');
  if (fs.existsSync(stamp) && fs.readFileSync(stamp, 'utf8').trim() === want) return;
  console.error('[bench] installing npm dependencies ...');
  const lock = fs.existsSync(path.join(here, 'package-lock.json'));
  execFileSync('npm', [lock ? 'ci' : 'install', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: here, stdio: ['ignore', 2, 2] });
  fs.writeFileSync(stamp, want + '\n');
}
