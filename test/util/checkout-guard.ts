/**
 * jest globalSetup/globalTeardown: tests write only into temporary folders, never into the checkout.
 *
 * Setup records what `git status --porcelain --ignored` lists (untracked, ignored and modified paths,
 * node_modules aside); teardown lists it again and fails the run if any path appeared (e.g. a runbook
 * written into the default `dist/`, or `lib/` built by a test). Outside a git checkout both walk the files.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

const ROOT = path.resolve(__dirname, '..', '..');
const KEY = '__cdk8sKserveCheckoutBefore';

function gitStatus(): string[] | undefined {
  try {
    const out = execFileSync('git', ['status', '--porcelain=v1', '--ignored', '--untracked-files=all', '-z'],
      { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], maxBuffer: 256 * 2 ** 20 });
    return out.split('\0').filter(Boolean);
  } catch {
    return undefined;
  }
}

function walk(dir: string, rel = ''): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const name = path.join(rel, entry.name);
    if (!rel && (entry.name === 'node_modules' || entry.name === '.git')) return [];
    return entry.isDirectory() ? walk(path.join(dir, entry.name), name) : [name];
  });
}

/** The paths the checkout holds beyond its committed state, node_modules aside. */
export function checkoutState(): string[] {
  const lines = gitStatus() ?? walk(ROOT);
  return lines.filter((line) => !/^(\S{1,2} )?node_modules(\/|$)/.test(line)).sort();
}

export function setup(): void {
  (globalThis as Record<string, unknown>)[KEY] = checkoutState();
}

export function teardown(): void {
  const before = (globalThis as Record<string, unknown>)[KEY] as string[] | undefined;
  if (!before) return;
  const known = new Set(before);
  const added = checkoutState().filter((line) => !known.has(line));
  if (added.length > 0) {
    throw new Error(`the tests wrote into the checkout ${ROOT} (write into a folder under os.tmpdir() instead):\n`
      + added.map((line) => `  ${line}`).join('\n'));
  }
}
