/**
 * Cold `require('cdk8s-kserve')` against `require('cdk8s-plus-28')` (issue #18): each sample is a fresh Node
 * process that requires one of them and reports the time the require took and the heap it left behind (after a
 * full GC, above the same process's heap before the require). The two alternate (ABBA order, so drift of a busy
 * machine hits both alike); each figure is the median of BENCH_REQUIRE_RUNS samples (default 7, at least 5).
 *
 * cdk8s-kserve is required through its package entry point (lib/, built by `npm run bench` first); it loads
 * cdk8s-plus-28 itself (a peer dependency), so its figures include cdk8s-plus-28's.
 *
 * Run alone: `npx tsx scripts/bench-require.ts` (after `npx tsc --build`); `npm run bench` runs it last.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

const ROOT = path.resolve(__dirname, '..');

/** The probe each fresh process runs: require `module`, print `{ ms, heap }` (heap in bytes). */
const PROBE = `
globalThis.gc(); const before = process.memoryUsage().heapUsed;
const start = process.hrtime.bigint();
require(process.argv[1]);
const ms = Number(process.hrtime.bigint() - start) / 1e6;
globalThis.gc(); globalThis.gc();
console.log(JSON.stringify({ ms, heap: process.memoryUsage().heapUsed - before }));
`;

interface Sample { readonly ms: number; readonly heap: number }

function sample(module: string): Sample {
  const out = execFileSync(process.execPath, ['--expose-gc', '-e', PROBE, module], { cwd: ROOT, encoding: 'utf8' });
  return JSON.parse(out) as Sample;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

export interface ColdRequire {
  readonly runs: number;
  readonly plus: Sample;
  readonly kserve: Sample;
}

/** Measures both modules in interleaved fresh processes; medians of `runs` samples each. */
export function measureColdRequire(runs = Number(process.env.BENCH_REQUIRE_RUNS ?? 7)): ColdRequire {
  if (!Number.isInteger(runs) || runs < 5) throw new Error(`BENCH_REQUIRE_RUNS must be a whole number of at least 5 (got ${runs})`);
  const entry = path.join(ROOT, 'lib', 'src', 'index.js');
  if (!fs.existsSync(entry)) throw new Error(`${path.relative(ROOT, entry)} is missing: build first (npx tsc --build)`);
  const plus: Sample[] = [];
  const kserve: Sample[] = [];
  for (let i = 0; i < runs; i++) {
    // ABBA: plus first on even rounds, cdk8s-kserve first on odd ones.
    const order = i % 2 === 0 ? [plus, kserve] : [kserve, plus];
    for (const into of order) into.push(sample(into === plus ? 'cdk8s-plus-28' : ROOT));
  }
  const summary = (samples: Sample[]): Sample => ({ ms: median(samples.map(s => s.ms)), heap: median(samples.map(s => s.heap)) });
  return { runs, plus: summary(plus), kserve: summary(kserve) };
}

/** Prints the measurement as a small table with the ratios. */
export function reportColdRequire(result: ColdRequire = measureColdRequire()): void {
  const mb = (bytes: number) => `${(bytes / 2 ** 20).toFixed(1)} MB`;
  const row = (name: string, s: Sample) => console.log(`  ${name.padEnd(14)} | ${s.ms.toFixed(0).padStart(6)} ms | ${mb(s.heap).padStart(9)}`);
  console.log(`\ncold require, fresh processes, interleaved (median of ${result.runs} each)`);
  console.log('  module         |  require |      heap');
  row('cdk8s-plus-28', result.plus);
  row('cdk8s-kserve', result.kserve);
  console.log(`  ratio kserve/plus: time ×${(result.kserve.ms / result.plus.ms).toFixed(2)}, heap ×${(result.kserve.heap / result.plus.heap).toFixed(2)}`
    + ' (cdk8s-kserve loads cdk8s-plus-28 too)');
}

if (require.main === module) reportColdRequire();
