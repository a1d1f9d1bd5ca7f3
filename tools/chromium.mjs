// Where Debian's Chromium is and how to launch it headless here: shared by the browser tests
// (tests/browser/helpers.mjs) and the benchmark's page-load timing (bench/lib/browser.mjs), so
// both run the browser the same way. Nothing downloads a browser: build.sh installs Debian's.

import fs from 'node:fs';

/** The Chromium binary: $CHROMIUM if set, else Debian's, else null when none is installed. */
export function chromiumPath() {
  if (process.env.CHROMIUM) return process.env.CHROMIUM;
  for (const p of ['/usr/bin/chromium', '/usr/bin/chromium-browser']) if (fs.existsSync(p)) return p;
  return null;
}

/**
 * Launch flags: no sandbox (the tests run as root in CI), no GPU, and nothing that talks to the
 * network on its own (updates, sync, QUIC), so only the test's own requests happen.
 */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
