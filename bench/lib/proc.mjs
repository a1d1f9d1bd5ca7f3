// Run a command under a wall-clock cap and a memory cap; report its peak memory.
// Peak memory = max(`/usr/bin/time -v` "Maximum resident set size", sampled sum of the RSS of every
// process in the child's process group). The sampled sum matters for Pagefind, whose Node API runs
// a separate indexing binary. A child that passes a cap is killed (its whole process group).
import fs from 'node:fs';
import { spawn } from 'node:child_process';

const TIME = fs.existsSync('/usr/bin/time') ? '/usr/bin/time' : null;
const PAGE = 4096;

function groupRss(pgid) {
  let total = 0;
  let entries;
  try {
    entries = fs.readdirSync('/proc');
  } catch {
    return 0;
  }
  for (const e of entries) {
    if (!/^\d+$/.test(e)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${e}/stat`, 'utf8');
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (+f[2] === pgid) total += +f[21] * PAGE;
    } catch {}
  }
  return total;
}

export function hasTime() {
  return !!TIME;
}

/**
 * @returns {Promise<{code, signal, timedOut, memExceeded, wallMs, peakRssMB, timeMaxRssMB, sampledPeakMB, stdout, stderr}>}
 */
export function runCapped(cmd, args, { timeoutMs, memCapMB, cwd, env, sampleMs = 100 } = {}) {
  return new Promise((resolve) => {
    const argv = TIME ? ['-v', cmd, ...args] : args;
    const child = spawn(TIME ?? cmd, argv, { cwd, env: env ?? process.env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    const t0 = performance.now();
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => {
      if (stdout.length < 200_000) stdout += d;
    });
    child.stderr.on('data', (d) => {
      stderr += d;
      if (stderr.length > 400_000) stderr = stderr.slice(-200_000);
    });
    let timedOut = false;
    let memExceeded = false;
    let sampledPeak = 0;
    const kill = () => {
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {}
    };
    const timer = setTimeout(() => {
      timedOut = true;
      kill();
    }, timeoutMs);
    const sampler = setInterval(() => {
      const rss = groupRss(child.pid);
      if (rss > sampledPeak) sampledPeak = rss;
      if (memCapMB && rss > memCapMB * 2 ** 20) {
        memExceeded = true;
        kill();
      }
    }, sampleMs);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      clearInterval(sampler);
      const wallMs = performance.now() - t0;
      const m = stderr.match(/Maximum resident set size \(kbytes\): (\d+)/);
      const timeMaxRssMB = m ? +m[1] / 1024 : null;
      const sampledPeakMB = sampledPeak / 2 ** 20;
      if (TIME) {
        const st = stderr.match(/Exit status: (\d+)/);
        if (st) code = +st[1];
        if (/Command terminated by signal (\d+)/.test(stderr)) signal = signal ?? `signal ${RegExp.$1}`;
        stderr = stderr.replace(/\n?\s*Command (being timed|terminated by signal)[\s\S]*$/, '');
      }
      resolve({
        code,
        signal,
        timedOut,
        memExceeded,
        wallMs,
        timeMaxRssMB,
        sampledPeakMB,
        peakRssMB: +Math.max(timeMaxRssMB ?? 0, sampledPeakMB).toFixed(1),
        stdout,
        stderr,
      });
    });
  });
}
