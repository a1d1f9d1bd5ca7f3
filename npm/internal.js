// What index.js and the command line (bin/digest-search.js) share and the package does not offer:
// the CLI's wording of OS errors, and the temporary files of writes under way. Not re-exported by
// index.js, nor named in package.json's "exports" (the two import it by relative path).

/** The CLI's wording of an OS error (Rust's `io::Error` display), so messages match it. */
const OS_ERRORS = {
  ENOENT: ["No such file or directory", 2],
  EACCES: ["Permission denied", 13],
  EISDIR: ["Is a directory", 21],
  ENOTDIR: ["Not a directory", 20],
  EEXIST: ["File exists", 17],
  EROFS: ["Read-only file system", 30],
  ENOSPC: ["No space left on device", 28],
  EMFILE: ["Too many open files", 24],
  ELOOP: ["Too many levels of symbolic links", 40],
  ENAMETOOLONG: ["File name too long", 36],
  EPERM: ["Operation not permitted", 1],
  EBUSY: ["Device or resource busy", 16],
  EXDEV: ["Invalid cross-device link", 18],
  EFBIG: ["File too large", 27],
};

/** The text of Node's error `e` as the native CLI words it (`Permission denied (os error 13)` on Linux). */
export function osErrorText(e) {
  const known = e && OS_ERRORS[e.code];
  if (known && (process.platform === "linux" || process.platform === "android")) return `${known[0]} (os error ${known[1]})`;
  if (known) return known[0];
  return (e && e.message) || String(e);
}

/** The temporary files of writes under way (`writeOutputs`), each with the `node:fs` that made it. */
export const unfinished = new Map();

/**
 * Removes the temporary files of the writes under way, for the CLI to call when a signal stops
 * it (the swap of files into place is synchronous, so it never runs meanwhile): true when there
 * were any.
 */
export function abandonWrites() {
  const any = unfinished.size > 0;
  for (const [t, fs] of unfinished) {
    try {
      fs.rmSync(t, { force: true });
    } catch {}
  }
  unfinished.clear();
  return any;
}
