// Shared helpers for the browser tests: a tiny static server and a Chromium launcher.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { chromiumPath, CHROMIUM_ARGS } from '../../tools/chromium.mjs';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const DEMO_DIR = path.resolve(REPO_ROOT, process.env.DEMO_DIR || path.join('target', 'demo'));
export const SCREENSHOT_DIR = path.resolve(REPO_ROOT, process.env.SCREENSHOT_DIR || path.join('target', 'screenshots'));
export const CHROMIUM = chromiumPath() || '/usr/bin/chromium';
/** The CLI that `./build.sh` builds, which the tests that need their own index run. */
export const CLI = path.join(REPO_ROOT, 'target', 'release', 'digest-search');
/** 1,000 dated, tagged arXiv entries: an index with facets. */
export const ARXIV_1K = path.join(REPO_ROOT, 'tests', 'fixtures', 'arxiv-1k.jsonl.gz');

/**
 * Builds `input` with the CLI into a new temporary folder named after `prefix`, and returns the
 * folder (the caller removes it).
 */
export function buildSite(input, prefix) {
  for (const f of [CLI, input]) assert.ok(existsSync(f), `${f} is missing: run ./build.sh first`);
  const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
  const r = spawnSync(CLI, ['build', input, '--out', dir], { encoding: 'utf8' });
  assert.equal(r.status, 0, `build failed: ${r.stderr}`);
  return dir;
}

/**
 * Builds a demo site of made-up `entries` (objects, written as JSON Lines) with the CLI, in a new
 * temporary folder named after `prefix` that test `t` removes when it ends: the index and the
 * demo's page and style. Returns the site's folder.
 */
export function buildEntriesSite(t, prefix, entries) {
  const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  writeFileSync(path.join(dir, 'entries.jsonl'), entries.map((e) => JSON.stringify(e)).join('\n') + '\n');
  const site = buildSite(path.join(dir, 'entries.jsonl'), prefix);
  t.after(() => rmSync(site, { recursive: true, force: true }));
  for (const f of ['index.html', 'demo.css']) copyFileSync(path.join(REPO_ROOT, 'www', f), path.join(site, f));
  return site;
}

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
};

/**
 * Serve `root` on 127.0.0.1 at a random port. Resolves to { url, close }.
 * `headers` are added to every 200 response (e.g. a Content-Security-Policy).
 */
export async function serve(root, { headers = {} } = {}) {
  const server = http.createServer(async (req, res) => {
    try {
      const { pathname } = new URL(req.url, 'http://localhost');
      let rel = decodeURIComponent(pathname);
      if (rel.endsWith('/')) rel += 'index.html';
      const file = path.resolve(root, '.' + rel);
      if (file !== root && !file.startsWith(root + path.sep)) {
        res.writeHead(403).end();
        return;
      }
      const info = await stat(file).catch(() => null);
      if (!info || !info.isFile()) {
        res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
        return;
      }
      const body = await readFile(file);
      res.writeHead(200, {
        'content-type': TYPES[path.extname(file).toLowerCase()] || 'application/octet-stream',
        'content-length': body.length,
        'cache-control': 'no-store',
        ...headers,
      });
      res.end(req.method === 'HEAD' ? undefined : body);
    } catch (err) {
      res.writeHead(500).end(String(err));
    }
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () => new Promise((resolve) => { server.closeAllConnections?.(); server.close(resolve); }),
  };
}

export function launch() {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: CHROMIUM_ARGS,
  });
}

/**
 * Open a page and record console errors and uncaught page errors into `problems`.
 * `allow` is a list of regexes for console errors a test expects.
 */
export async function openPage(context, url, { allow = [] } = {}) {
  const page = await context.newPage();
  const problems = [];
  page.on('console', (msg) => {
    if (msg.type() !== 'error') return;
    const where = msg.location() && msg.location().url ? ` (${msg.location().url})` : '';
    const text = msg.text() + where;
    if (allow.some((re) => re.test(text))) return;
    problems.push(`console.error: ${text}`);
  });
  page.on('pageerror', (err) => problems.push(`pageerror: ${err && err.stack ? err.stack : err}`));
  page.on('crash', () => problems.push('page crashed'));
  await page.goto(url);
  return { page, problems };
}

/** Wait until the first (or the given) <digest-search> has loaded its index. */
export async function waitReady(page, selector = 'digest-search') {
  await page.waitForFunction((sel) => {
    const el = document.querySelector(sel);
    if (!el || !el.shadowRoot) return false;
    const status = el.shadowRoot.querySelector('.status');
    if (status && status.classList.contains('error')) {
      throw new Error(`digest-search failed to load: ${status.textContent}`);
    }
    return el.index != null;
  }, selector, { timeout: 20_000 });
}

/** Snapshot of the component state, read from its (open) shadow root. */
export function readState(page, selector = 'digest-search') {
  return page.evaluate((sel) => {
    const el = document.querySelector(sel);
    const root = el.shadowRoot;
    const input = root.querySelector('input');
    const options = [...root.querySelectorAll('[role="option"]')];
    const empty = root.querySelector('.empty');
    const live = root.querySelector('[aria-live]');
    const active = root.activeElement;
    return {
      value: input.value,
      focused: document.activeElement === el && active === input,
      expanded: input.getAttribute('aria-expanded'),
      activeDescendant: input.getAttribute('aria-activedescendant'),
      total: Number(el.getAttribute('data-total')),
      status: root.querySelector('.status').textContent,
      live: live ? live.textContent : null,
      emptyVisible: !!empty && !empty.hidden && empty.getClientRects().length > 0,
      emptyText: empty ? empty.textContent : '',
      listHidden: root.querySelector('[role="listbox"]').hidden,
      options: options.map((o) => ({
        id: o.id,
        selected: o.getAttribute('aria-selected'),
        title: o.querySelector('.title').textContent,
        marks: o.querySelectorAll('.title mark').length,
        snippetMarks: o.querySelectorAll('.snippet mark').length,
        href: o.tagName === 'A' ? o.getAttribute('href') : null,
        partial: o.hasAttribute('data-partial'),
      })),
    };
  }, selector);
}

/** The four browser contexts the screenshot tests take: desktop and phone, light and dark. */
export function screenshotContexts(desktopHeight) {
  const phone = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 };
  return [
    { name: 'desktop-light', viewport: { width: 1280, height: desktopHeight }, colorScheme: 'light' },
    { name: 'desktop-dark', viewport: { width: 1280, height: desktopHeight }, colorScheme: 'dark' },
    { name: 'phone-light', ...phone, colorScheme: 'light' },
    { name: 'phone-dark', ...phone, colorScheme: 'dark' },
  ];
}
