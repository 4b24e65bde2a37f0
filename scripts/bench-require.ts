/**
 * Cold `require('cdk8s-kserve')` against `require('cdk8s-plus-28')` alone (issues #18, #19). Each sample is a fresh
 * Node process (plain node, no tsx) that requires one of them and reports the time the require took, the heap
 * it left behind (after a full GC, above the same process's heap before the require) and the process's max RSS.
 * The two alternate in rounds (ABBA order, so drift of a busy machine hits both alike); each round gives one
 * paired ratio, and the result is the median of the ratios (with the medians of each module's figures).
 * BENCH_REQUIRE_RUNS rounds (default 7, at least 5).
 *
 * cdk8s-kserve is required through its package entry point (lib/src, built by `npm run bench` first). Its index loads
 * each export's module on first use (scripts/lazy-index.ts), so the bare require loads almost nothing; the second
 * cdk8s-kserve row also reads `InferenceService` inside the timed part, which loads what every app loads (the
 * service's modules and cdk8s-plus-28), and is the figure an app sees.
 *
 * Run alone: `npm run bench:require`; `npm run bench` runs it after the synthesis tables.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

const ROOT = path.resolve(__dirname, '..');

/**
 * The probe each fresh process runs: require `module` (and read its export `use`, if given), print
 * `{ ms, heap, rssKb }` (heap in bytes).
 */
const PROBE = `
globalThis.gc(); const before = process.memoryUsage().heapUsed;
const start = process.hrtime.bigint();
const loaded = require(process.argv[1]);
if (process.argv[2] && typeof loaded[process.argv[2]] === 'undefined') throw new Error('no export ' + process.argv[2]);
const ms = Number(process.hrtime.bigint() - start) / 1e6;
const rssKb = process.resourceUsage().maxRSS;
globalThis.gc(); globalThis.gc();
console.log(JSON.stringify({ ms, heap: process.memoryUsage().heapUsed - before, rssKb }));
`;

interface Sample { readonly ms: number; readonly heap: number; readonly rssKb: number }

function sample(module: string, use?: string): Sample {
  const env = { ...process.env };
  delete env.NODE_OPTIONS;
  const out = execFileSync(process.execPath, ['--expose-gc', '-e', PROBE, module, ...(use ? [use] : [])], { cwd: ROOT, encoding: 'utf8', env });
  return JSON.parse(out) as Sample;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** The three probes: cdk8s-plus-28 alone, the bare require of cdk8s-kserve, and the require plus its first use. */
type Probe = 'plus' | 'kserve' | 'kserveUse';
const PROBES: Record<Probe, () => Sample> = {
  plus: () => sample('cdk8s-plus-28'),
  kserve: () => sample(ROOT),
  kserveUse: () => sample(ROOT, 'InferenceService'),
};

export interface ColdRequire {
  readonly runs: number;
  /** Medians of each probe's samples. */
  readonly plus: Sample;
  readonly kserve: Sample;
  readonly kserveUse: Sample;
  /** Medians of the per-round ratios kserve / plus and kserveUse / plus. */
  readonly ratio: Sample;
  readonly useRatio: Sample;
  /** The per-round time ratios, in round order. */
  readonly timeRatios: number[];
  readonly useTimeRatios: number[];
}

/** Measures the probes in interleaved fresh processes, `runs` rounds. */
export function measureColdRequire(runs = Number(process.env.BENCH_REQUIRE_RUNS ?? 7)): ColdRequire {
  if (!Number.isInteger(runs) || runs < 5) throw new Error(`BENCH_REQUIRE_RUNS must be a whole number of at least 5 (got ${runs})`);
  const entry = path.join(ROOT, 'lib', 'src', 'index.js');
  if (!fs.existsSync(entry)) throw new Error(`${path.relative(ROOT, entry)} is missing: build first (npx projen compile)`);
  Object.values(PROBES).forEach(p => p()); // untimed: warm the file cache for all
  const order: Probe[] = ['plus', 'kserve', 'kserveUse'];
  const rounds: Array<Record<Probe, Sample>> = [];
  for (let i = 0; i < runs; i++) {
    // Forward on even rounds, reversed on odd ones, so drift hits every probe alike.
    const round = {} as Record<Probe, Sample>;
    for (const probe of i % 2 === 0 ? order : [...order].reverse()) round[probe] = PROBES[probe]();
    rounds.push(round);
  }
  const med = (f: (s: Sample) => number, which: Probe) => median(rounds.map(r => f(r[which])));
  const summary = (which: Probe): Sample => ({ ms: med(s => s.ms, which), heap: med(s => s.heap, which), rssKb: med(s => s.rssKb, which) });
  const ratioOf = (which: Probe): Sample => ({
    ms: median(rounds.map(r => r[which].ms / r.plus.ms)),
    heap: median(rounds.map(r => r[which].heap / r.plus.heap)),
    rssKb: median(rounds.map(r => r[which].rssKb / r.plus.rssKb)),
  });
  return {
    runs,
    plus: summary('plus'),
    kserve: summary('kserve'),
    kserveUse: summary('kserveUse'),
    ratio: ratioOf('kserve'),
    useRatio: ratioOf('kserveUse'),
    timeRatios: rounds.map(r => r.kserve.ms / r.plus.ms),
    useTimeRatios: rounds.map(r => r.kserveUse.ms / r.plus.ms),
  };
}

/** Prints the measurement as a small table, then the ratio lines. */
export function reportColdRequire(result: ColdRequire = measureColdRequire()): void {
  const mb = (bytes: number) => `${(bytes / 2 ** 20).toFixed(1)} MB`;
  const row = (name: string, s: Sample) => console.log(`  ${name.padEnd(40)} | ${s.ms.toFixed(0).padStart(6)} ms | ${mb(s.heap).padStart(9)} | ${mb(s.rssKb * 1024).padStart(9)}`);
  const range = (ratios: number[]) => `${Math.min(...ratios).toFixed(2)}–${Math.max(...ratios).toFixed(2)}`;
  console.log(`\ncold require of the compiled package against cdk8s-plus-28 alone: fresh processes, interleaved, ${result.runs} rounds`);
  console.log(`  ${'probe'.padEnd(40)} |  require |      heap |   max RSS`);
  row('cdk8s-plus-28', result.plus);
  row('cdk8s-kserve (require)', result.kserve);
  row('cdk8s-kserve (require, InferenceService)', result.kserveUse);
  console.log(`  median of the paired ratios to plus: require ×${result.ratio.ms.toFixed(2)} (range ${range(result.timeRatios)}); `
    + `require and first use ×${result.useRatio.ms.toFixed(2)} (range ${range(result.useTimeRatios)}), heap ×${result.useRatio.heap.toFixed(2)}, `
    + `max RSS ×${result.useRatio.rssKb.toFixed(2)} (the first use loads cdk8s-plus-28 too)`);
  console.log(`cold require ratio vs cdk8s-plus-28: ${result.ratio.ms.toFixed(2)}`);
  console.log(`cold require and first InferenceService ratio vs cdk8s-plus-28: ${result.useRatio.ms.toFixed(2)}`);
}

if (require.main === module) reportColdRequire();
