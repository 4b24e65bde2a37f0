/**
 * Cold `require('cdk8s-kserve')` against `require('cdk8s-plus-28')` alone (issues #18, #19). Each sample is a fresh
 * Node process (plain node, no tsx) that requires one of them and reports the time the require took, the heap
 * it left behind (after a full GC, above the same process's heap before the require) and the process's max RSS.
 * The two alternate in rounds (ABBA order, so drift of a busy machine hits both alike); each round gives one
 * paired ratio, and the result is the median of the ratios (with the medians of each module's figures).
 * BENCH_REQUIRE_RUNS rounds (default 7, at least 5).
 *
 * cdk8s-kserve is required through its package entry point (lib/src, built by `npm run bench` first); it loads
 * cdk8s-plus-28 itself, so its figures include cdk8s-plus-28's.
 *
 * Run alone: `npm run bench:require`; `npm run bench` runs it after the synthesis tables.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

const ROOT = path.resolve(__dirname, '..');

/** The probe each fresh process runs: require `module`, print `{ ms, heap, rssKb }` (heap in bytes). */
const PROBE = `
globalThis.gc(); const before = process.memoryUsage().heapUsed;
const start = process.hrtime.bigint();
require(process.argv[1]);
const ms = Number(process.hrtime.bigint() - start) / 1e6;
const rssKb = process.resourceUsage().maxRSS;
globalThis.gc(); globalThis.gc();
console.log(JSON.stringify({ ms, heap: process.memoryUsage().heapUsed - before, rssKb }));
`;

interface Sample { readonly ms: number; readonly heap: number; readonly rssKb: number }

function sample(module: string): Sample {
  const env = { ...process.env };
  delete env.NODE_OPTIONS;
  const out = execFileSync(process.execPath, ['--expose-gc', '-e', PROBE, module], { cwd: ROOT, encoding: 'utf8', env });
  return JSON.parse(out) as Sample;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

export interface ColdRequire {
  readonly runs: number;
  /** Medians of each module's samples. */
  readonly plus: Sample;
  readonly kserve: Sample;
  /** Medians of the per-round ratios kserve / plus. */
  readonly ratio: Sample;
  /** The per-round time ratios, in round order. */
  readonly timeRatios: number[];
}

/** Measures both modules in interleaved fresh processes, `runs` rounds. */
export function measureColdRequire(runs = Number(process.env.BENCH_REQUIRE_RUNS ?? 7)): ColdRequire {
  if (!Number.isInteger(runs) || runs < 5) throw new Error(`BENCH_REQUIRE_RUNS must be a whole number of at least 5 (got ${runs})`);
  const entry = path.join(ROOT, 'lib', 'src', 'index.js');
  if (!fs.existsSync(entry)) throw new Error(`${path.relative(ROOT, entry)} is missing: build first (npx tsc --build)`);
  sample('cdk8s-plus-28'); sample(ROOT); // untimed: warm the file cache for both
  const rounds: Array<{ plus: Sample; kserve: Sample }> = [];
  for (let i = 0; i < runs; i++) {
    // ABBA: plus first on even rounds, cdk8s-kserve first on odd ones.
    if (i % 2 === 0) {
      const plus = sample('cdk8s-plus-28');
      rounds.push({ plus, kserve: sample(ROOT) });
    } else {
      const kserve = sample(ROOT);
      rounds.push({ plus: sample('cdk8s-plus-28'), kserve });
    }
  }
  const med = (f: (s: Sample) => number, which: 'plus' | 'kserve') => median(rounds.map(r => f(r[which])));
  const summary = (which: 'plus' | 'kserve'): Sample => ({ ms: med(s => s.ms, which), heap: med(s => s.heap, which), rssKb: med(s => s.rssKb, which) });
  const timeRatios = rounds.map(r => r.kserve.ms / r.plus.ms);
  return {
    runs,
    plus: summary('plus'),
    kserve: summary('kserve'),
    ratio: {
      ms: median(timeRatios),
      heap: median(rounds.map(r => r.kserve.heap / r.plus.heap)),
      rssKb: median(rounds.map(r => r.kserve.rssKb / r.plus.rssKb)),
    },
    timeRatios,
  };
}

/** Prints the measurement as a small table, then the ratio line. */
export function reportColdRequire(result: ColdRequire = measureColdRequire()): void {
  const mb = (bytes: number) => `${(bytes / 2 ** 20).toFixed(1)} MB`;
  const row = (name: string, s: Sample) => console.log(`  ${name.padEnd(14)} | ${s.ms.toFixed(0).padStart(6)} ms | ${mb(s.heap).padStart(9)} | ${mb(s.rssKb * 1024).padStart(9)}`);
  console.log(`\ncold require of the compiled package against cdk8s-plus-28 alone: fresh processes, interleaved ABBA, ${result.runs} rounds`);
  console.log('  module         |  require |      heap |   max RSS');
  row('cdk8s-plus-28', result.plus);
  row('cdk8s-kserve', result.kserve);
  const lo = Math.min(...result.timeRatios);
  const hi = Math.max(...result.timeRatios);
  console.log(`  median of the paired ratios kserve/plus: time ×${result.ratio.ms.toFixed(2)} (range ${lo.toFixed(2)}–${hi.toFixed(2)}), `
    + `heap ×${result.ratio.heap.toFixed(2)}, max RSS ×${result.ratio.rssKb.toFixed(2)} (cdk8s-kserve loads cdk8s-plus-28 too)`);
  console.log(`cold require ratio vs cdk8s-plus-28: ${result.ratio.ms.toFixed(2)}`);
}

if (require.main === module) reportColdRequire();
