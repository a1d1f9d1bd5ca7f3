// Shared helpers of the npm package tests: pack target/npm, install the tarball into scratch
// projects under target/npm-tests/ (kept between runs, so only the first run downloads), run
// commands.
import { execFile } from "node:child_process";
import { mkdir, mkdtemp, rm, writeFile, readFile, access } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
export const PACKAGE_DIR = path.join(ROOT, "target", "npm");
export const SCRATCH = path.join(ROOT, "target", "npm-tests");
export const CLI = path.join(ROOT, "target", "release", "digest-search");
export const FIXTURES = path.join(ROOT, "tests", "fixtures");
const NPM = process.platform === "win32" ? "npm.cmd" : "npm";
const NPX = process.platform === "win32" ? "npx.cmd" : "npx";

/** Runs a command (`input` on its standard input); resolves to {code, stdout, stderr} (never rejects on a non-zero exit). */
export function run(cmd, args, { cwd = ROOT, env, input, encoding = "utf8" } = {}) {
  return new Promise((resolve, reject) => {
    const child = execFile(cmd, args, { cwd, env: { ...process.env, ...env }, encoding, maxBuffer: 64 << 20 }, (err, stdout, stderr) => {
      if (err && typeof err.code !== "number") return reject(err);
      resolve({ code: err ? err.code : 0, stdout, stderr });
    });
    // Standard input ends (empty) unless given: a command that reads it (`build -`) never waits.
    // (A command that ends without reading it closes the pipe: that is no error here.)
    child.stdin.on("error", () => {});
    child.stdin.end(input ?? "");
  });
}

/** Like run, but throws with the output when the command fails. */
export async function must(cmd, args, opts) {
  const r = await run(cmd, args, opts);
  if (r.code !== 0) throw new Error(`${cmd} ${args.join(" ")} failed (${r.code}):\n${r.stdout}\n${r.stderr}`);
  return r;
}

export const npm = (args, opts) => must(NPM, ["--no-update-notifier", ...args], opts);
// `--` so that npx passes every argument (`--help` too) to the package's bin.
export const npx = (args, opts) => run(NPX, ["--no-update-notifier", "--no", "--", ...args], opts);

/**
 * Packs target/npm into a fresh temporary folder (each test file its own: they may run in
 * parallel). Resolves to npm's report: {filename, size, unpackedSize, files, tarball}.
 */
export async function pack() {
  await access(path.join(PACKAGE_DIR, "package.json")).catch(() => {
    throw new Error("target/npm is missing: run ./build.sh first");
  });
  await mkdir(SCRATCH, { recursive: true });
  const dest = await mkdtemp(path.join(SCRATCH, "pack-"));
  const { stdout } = await npm(["pack", PACKAGE_DIR, "--pack-destination", dest, "--json"], { cwd: dest });
  const [report] = JSON.parse(stdout);
  return { ...report, tarball: path.join(dest, report.filename), dir: dest };
}

/**
 * A scratch project in target/npm-tests/NAME with `devDependencies` installed (once; cached) and
 * the packed tarball installed fresh.
 */
export async function scratchProject(name, tarball, devDependencies = {}) {
  const dir = path.join(SCRATCH, name);
  await mkdir(dir, { recursive: true });
  const pkgFile = path.join(dir, "package.json");
  const want = { name: `scratch-${name}`, private: true, type: "module", devDependencies };
  let current = null;
  try {
    current = JSON.parse(await readFile(pkgFile, "utf8"));
  } catch {}
  const depsOk =
    current &&
    JSON.stringify(current.devDependencies || {}) === JSON.stringify(devDependencies) &&
    (await Promise.all(Object.keys(devDependencies).map((d) => access(path.join(dir, "node_modules", d)).then(() => true, () => false)))).every(Boolean);
  if (!depsOk) {
    await rm(path.join(dir, "node_modules"), { recursive: true, force: true });
    await rm(path.join(dir, "package-lock.json"), { force: true });
    await writeFile(pkgFile, JSON.stringify(want, null, 2) + "\n");
    if (Object.keys(devDependencies).length) await npm(["install", "--no-audit", "--no-fund", "--prefer-offline"], { cwd: dir });
  }
  // The package under test: always the tarball just packed, not saved (the path is temporary).
  await rm(path.join(dir, "node_modules", "digest-search"), { recursive: true, force: true });
  await npm(["install", "--no-audit", "--no-fund", "--no-save", "--prefer-offline", tarball], { cwd: dir });
  return dir;
}

/** A fresh temporary folder under target/npm-tests/. */
export async function tempDir(prefix) {
  await mkdir(SCRATCH, { recursive: true });
  return mkdtemp(path.join(SCRATCH, `${prefix}-`));
}
