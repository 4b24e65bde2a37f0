/**
 * jest globalSetup/globalTeardown: every temporary file of a run lives in one folder, removed at its end, and the
 * caches kept between runs are pruned.
 *
 * Setup creates the run's folder under the system's temporary folder and points `TMPDIR` (`os.tmpdir()` in the jest
 * workers, which start after it, and in every tool a test runs: tsc, npm, helm, the cdk8s CLI) at it; teardown
 * removes it. The caches that make a second run fast (compiled schema validators, the staged package build) live
 * beside it, in `CACHE_ROOT_ENV`'s folder, and lose every entry not used for a week. Folders of runs that were
 * killed before their teardown are removed by the next run's setup once they are a day old.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

/** The folder of the caches kept between runs (read by test/util/schema-validator.ts and the consumer test). */
export const CACHE_ROOT_ENV = 'CDK8S_KSERVE_TEST_CACHE';

export const RUN_PREFIX = 'cdk8s-kserve-test-run-';
const KEY = '__cdk8sKserveScratch';
const DAY_MS = 24 * 60 * 60 * 1000;

/** The folder for caches kept between runs: `CACHE_ROOT_ENV`, else one per user under the system temporary folder. */
export function cacheRoot(): string {
  const configured = process.env[CACHE_ROOT_ENV];
  if (configured) return configured;
  const user = typeof process.getuid === 'function' ? String(process.getuid()) : os.userInfo().username;
  return path.join(os.tmpdir(), `cdk8s-kserve-test-cache-${user}`);
}

/** Removes the entries of `dir` last changed more than `maxAgeMs` ago (those matching `only`, when given). */
export function prune(dir: string, maxAgeMs: number, only?: (name: string) => boolean): void {
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch {
    return;
  }
  const now = Date.now();
  for (const entry of entries) {
    if (only && !only(entry.name)) continue;
    const at = path.join(dir, entry.name);
    try {
      if (now - fs.statSync(at).mtimeMs > maxAgeMs) fs.rmSync(at, { recursive: true, force: true });
    } catch {
      // Gone already, or another run's: nothing to do.
    }
  }
}

export function setup(): void {
  const system = os.tmpdir();
  process.env[CACHE_ROOT_ENV] = cacheRoot();
  const caches = process.env[CACHE_ROOT_ENV]!;
  fs.mkdirSync(caches, { recursive: true });
  // Each cache touches what it uses (schema files on a hit, a package folder on a build).
  prune(caches, 7 * DAY_MS, name => name !== 'schemas');
  prune(path.join(caches, 'schemas'), 7 * DAY_MS);
  prune(system, DAY_MS, name => name.startsWith(RUN_PREFIX));
  // The folders of earlier versions of these tests, which kept their caches directly in the system temporary folder.
  prune(system, 0, name => /^cdk8s-kserve-(schema-cache|package)-/.test(name));
  const run = fs.mkdtempSync(path.join(system, RUN_PREFIX));
  (globalThis as Record<string, unknown>)[KEY] = { run, tmpdir: process.env.TMPDIR };
  process.env.TMPDIR = run;
}

export function teardown(): void {
  const state = (globalThis as Record<string, unknown>)[KEY] as { run: string; tmpdir?: string } | undefined;
  if (!state) return;
  if (state.tmpdir === undefined) delete process.env.TMPDIR; else process.env.TMPDIR = state.tmpdir;
  fs.rmSync(state.run, { recursive: true, force: true });
}
