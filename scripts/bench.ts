/**
 * `npm run bench` (issue #19): how fast the L2 constructs synthesize against the same objects written with the
 * generated L1 classes, as plain `ApiObject`s, and as plain data dumped to YAML (the floor); cold `require`
 * against cdk8s-plus-28; end-to-end `cdk8s synth`. Not part of the test suite (timings vary with the machine).
 *
 * How it measures:
 * - every sample is a fresh `node` process running the compiled workload (scripts/bench-stacks.ts and
 *   scripts/bench-child.ts, transpiled into dist/bench/) against the compiled package in lib/: no tsx in the
 *   children, so module load times are real;
 * - the variants are interleaved, round after round (L2, L1, ApiObject, floor, L2, L1, ...); each round gives one
 *   ratio per pair, and a row shows the median of those ratios (and the median of each variant's times);
 * - before any timing, round 0 (untimed) writes every variant's YAML for that layout and N: L2, L1 and ApiObject
 *   must be byte-identical, the floor byte-identical or at least the same parsed data; the benchmark stops with
 *   the first difference otherwise. Every timed child prints the sha256 of its output, checked against round 0;
 * - each child reports the time of its variant's `require`s and `process.resourceUsage().maxRSS`.
 *
 * Knobs: BENCH_SIZES (one chart, default 100,1000,10000), BENCH_PER_CHART_SIZES (one chart per stack, default
 * 100,1000,3000), BENCH_REPS (timed rounds per row, default 5), BENCH_REQUIRE_RUNS (cold require, default 7),
 * BENCH_SPLIT_N (the one-chart size of the "where the time goes" table, default 1000, 0 to skip), BENCH_E2E=0 to
 * skip the CLI timing.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { isDeepStrictEqual } from 'util';
import * as ts from 'typescript';
import { parseAllDocuments } from 'yaml';
import type { Checks, Request, Sample } from './bench-child';
import { reportColdRequire } from './bench-require';
import { AppKind, fleetAppOf, Layout, Variant, VARIANTS } from './bench-stacks';

const ROOT = path.resolve(__dirname, '..');
const OUT = path.join(ROOT, 'dist', 'bench');
const CHILD = path.join(OUT, 'bench-child.js');

// --- the children: compiled, against lib/ -----------------------------------------------------------

/**
 * Transpiles the child and the workload into dist/bench/ (type-checking is `npm run typecheck`'s job), pointing
 * their `../src` and `../imports/...` at the compiled `lib/src` and `lib/imports/...`.
 */
function compileChildren(): void {
  if (!fs.existsSync(path.join(ROOT, 'lib', 'src', 'index.js'))) throw new Error('lib/src/index.js is missing: build first (npx projen compile)');
  fs.mkdirSync(OUT, { recursive: true });
  for (const name of ['bench-stacks', 'bench-child']) {
    const source = fs.readFileSync(path.join(__dirname, `${name}.ts`), 'utf8');
    const { outputText } = ts.transpileModule(source, {
      compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true },
      fileName: `${name}.ts`,
    });
    const js = outputText.replace(/require\((['"])\.\.\/(src|imports)(?=[/'"])/g, 'require($1../../lib/$2');
    fs.writeFileSync(path.join(OUT, `${name}.js`), js);
  }
}

/** The environment of the children: the parent's, without anything that would load hooks or change cdk8s's output. */
const CHILD_ENV = (() => {
  const env = { ...process.env };
  delete env.NODE_OPTIONS;
  delete env.CDK8S_DISABLE_SORT;
  return env;
})();

function runChild(req: Request): Sample {
  const out = execFileSync(process.execPath, [CHILD, JSON.stringify(req)], { cwd: ROOT, env: CHILD_ENV, encoding: 'utf8', maxBuffer: 2 ** 20 });
  return JSON.parse(out.trim().split('\n').pop()!) as Sample;
}

// --- one row: round 0 (the output check), then the timed rounds -------------------------------------

/** Shows where two outputs first differ, a few lines either side. */
function firstDifference(a: string, b: string, nameA: string, nameB: string): string {
  const la = a.split('\n');
  const lb = b.split('\n');
  let i = 0;
  while (i < la.length && i < lb.length && la[i] === lb[i]) i++;
  const from = Math.max(0, i - 5);
  const show = (lines: string[]) => lines.slice(from, i + 5).map((l, k) => `${from + k + 1 === i + 1 ? '>' : ' '} ${from + k + 1}: ${l}`).join('\n');
  return `first difference at line ${i + 1}:\n--- ${nameA}\n${show(la)}\n--- ${nameB}\n${show(lb)}`;
}

/** sha256 of the L2 output per layout and N, from the App rows: FleetApp must write the same bytes. */
const appHashes = new Map<string, string>();

/** What round 0 found about the floor, for the note under each table. */
const floorNotes = new Map<string, string>();

/** Round 0: every variant writes its YAML; the benchmark stops unless they are the same. Returns the hashes. */
function checkOutputs(layout: Layout, appKind: AppKind, n: number): Record<Variant, Sample> {
  fs.mkdirSync(path.join(OUT, 'out'), { recursive: true });
  const file = (v: Variant) => path.join(OUT, 'out', `${layout}-${appKind}-${n}-${v}.yaml`);
  const samples = Object.fromEntries(VARIANTS.map(v => [v, runChild({ variant: v, appKind, layout, n, out: file(v) })])) as Record<Variant, Sample>;
  const fail = (a: Variant, b: Variant, how: string) => {
    throw new Error(`${layout} / ${appKind} / N=${n}: ${a} and ${b} ${how}; fix the benchmark first (outputs kept in ${path.relative(ROOT, path.join(OUT, 'out'))}/)\n`
      + firstDifference(fs.readFileSync(file(a), 'utf8'), fs.readFileSync(file(b), 'utf8'), a, b));
  };
  for (const v of ['L1', 'ApiObject'] as const) if (samples[v].sha256 !== samples.L2.sha256) fail('L2', v, 'wrote different YAML');
  const key = `${layout}:${n}`;
  if (appKind === 'App') appHashes.set(key, samples.L2.sha256);
  const viaApp = appHashes.get(key);
  if (appKind === 'FleetApp' && viaApp && viaApp !== samples.L2.sha256) {
    throw new Error(`${layout} / N=${n}: the FleetApp output differs from the App output (sha256 ${samples.L2.sha256} against ${viaApp})`);
  }
  if (samples.floor.sha256 === samples.L2.sha256) {
    floorNotes.set(`${layout}:${appKind}:${n}`, 'byte-identical');
  } else {
    const parse = (v: Variant) => parseAllDocuments(fs.readFileSync(file(v), 'utf8')).map(d => d.toJS());
    if (!isDeepStrictEqual(parse('floor'), parse('L2'))) fail('L2', 'floor', 'wrote different objects');
    floorNotes.set(`${layout}:${appKind}:${n}`, 'same data, other key order');
  }
  for (const v of VARIANTS) fs.rmSync(file(v), { force: true });
  return samples;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

interface Row {
  readonly n: number;
  /** Median run time (build + `synthYaml()`) per variant, ms. */
  readonly ms: Record<Variant, number>;
  readonly loadMs: Record<Variant, number>;
  readonly rssMb: Record<Variant, number>;
  /** Medians of the per-round ratios L2 / other. */
  readonly ratio: Record<Exclude<Variant, 'L2'>, number>;
  readonly l1Ratios: number[];
  readonly mb: number;
}

function measureRow(layout: Layout, appKind: AppKind, n: number, reps: number): Row {
  const reference = checkOutputs(layout, appKind, n);
  const rounds: Array<Record<Variant, Sample>> = [];
  for (let r = 0; r < reps; r++) {
    const round = {} as Record<Variant, Sample>;
    for (const v of VARIANTS) {
      const s = runChild({ variant: v, appKind, layout, n });
      if (s.sha256 !== reference[v].sha256) throw new Error(`${layout} / ${appKind} / N=${n}: ${v} wrote other YAML in round ${r + 1} than in the check`);
      round[v] = s;
    }
    rounds.push(round);
  }
  const per = (f: (s: Sample) => number) => Object.fromEntries(VARIANTS.map(v => [v, median(rounds.map(x => f(x[v])))])) as Record<Variant, number>;
  const ratios = (v: Variant) => rounds.map(x => x.L2.runMs / x[v].runMs);
  return {
    n,
    ms: per(s => s.runMs),
    loadMs: per(s => s.loadMs),
    rssMb: per(s => s.maxRssKb / 1024),
    ratio: { L1: median(ratios('L1')), ApiObject: median(ratios('ApiObject')), floor: median(ratios('floor')) },
    l1Ratios: ratios('L1'),
    mb: reference.L2.bytes / 2 ** 20,
  };
}

// --- printing ---------------------------------------------------------------------------------------

const HEADER = [
  '     N |    L2 ms |    L1 ms | ApiObj ms | floor ms | L2/L1 | (range)     | L2/ApiObj | L2/floor | load ms: L2 /  L1 / ApiObj / floor | max RSS MB: L2 /  L1 / ApiObj / floor | YAML MB',
  '-------|----------|----------|-----------|----------|-------|-------------|-----------|----------|------------------------------------|---------------------------------------|--------',
];

function printRow(r: Row): void {
  const f = (x: number, w: number, d = 0) => x.toFixed(d).padStart(w);
  const lo = Math.min(...r.l1Ratios);
  const hi = Math.max(...r.l1Ratios);
  console.log([
    f(r.n, 6), f(r.ms.L2, 8), f(r.ms.L1, 8), f(r.ms.ApiObject, 9), f(r.ms.floor, 8),
    f(r.ratio.L1, 5, 2), `${lo.toFixed(2)}–${hi.toFixed(2)}`.padEnd(11), f(r.ratio.ApiObject, 9, 2), f(r.ratio.floor, 8, 2),
    `         ${f(r.loadMs.L2, 4)} / ${f(r.loadMs.L1, 3)} / ${f(r.loadMs.ApiObject, 6)} / ${f(r.loadMs.floor, 5)}`,
    `            ${f(r.rssMb.L2, 4)} / ${f(r.rssMb.L1, 3)} / ${f(r.rssMb.ApiObject, 6)} / ${f(r.rssMb.floor, 5)}`,
    f(r.mb, 7, 1),
  ].join(' | '));
}

interface Table { readonly title: string; readonly layout: Layout; readonly appKind: AppKind; readonly rows: Row[] }

function runTable(title: string, layout: Layout, appKind: AppKind, sizes: number[], reps: number): Table {
  console.log(`\n${title}`);
  console.log(HEADER.join('\n'));
  const rows: Row[] = [];
  for (const n of sizes) {
    const row = measureRow(layout, appKind, n, reps);
    rows.push(row);
    printRow(row);
  }
  const floors = [...new Set(sizes.map(n => floorNotes.get(`${layout}:${appKind}:${n}`)))].join(', ');
  console.log(`output: L2, L1 and ApiObject byte-identical at every N (checked before timing, then by sha256 in every run); floor: ${floors}`);
  for (let k = 1; k < rows.length; k++) {
    const [a, b] = [rows[k - 1], rows[k]];
    const g = (v: Variant) => `${v} ×${(b.ms[v] / a.ms[v]).toFixed(2)}`;
    console.log(`growth ${a.n.toLocaleString('en')} → ${b.n.toLocaleString('en')} (×${(b.n / a.n).toFixed(0)} stacks; linear ≈ ×${(b.n / a.n).toFixed(0)}): ${VARIANTS.map(g).join(', ')}`);
  }
  return { title, layout, appKind, rows };
}

function sizesOf(name: string, fallback: string): number[] {
  const sizes = (process.env[name] ?? fallback).split(',').filter(s => s.trim() !== '').map(Number);
  if (sizes.some(n => !Number.isInteger(n) || n < 1)) throw new Error(`${name} must be a comma-separated list of whole numbers (got ${process.env[name]})`);
  return sizes;
}

// --- where L2's time goes ---------------------------------------------------------------------------

/** The rows of the split: L1, and L2 with its checks on, without the input type checks, without any check. */
const SPLIT: ReadonlyArray<{ readonly label: string; readonly variant: Variant; readonly checks: Checks }> = [
  { label: 'L1', variant: 'L1', checks: 'all' },
  { label: 'L2', variant: 'L2', checks: 'all' },
  { label: 'L2, no input type checks', variant: 'L2', checks: 'no-input-checks' },
  { label: 'L2, no checks at all', variant: 'L2', checks: 'none' },
];

/**
 * All stacks in one chart at `n`: each row's run split into building the constructs, cdk8s's synth before the YAML
 * (dependencies, validation, rendering) and the YAML writer, in interleaved fresh processes. The L2 rows without
 * checks are a diagnostic of what the checks cost (bench-child.ts switches them off; the library has no such mode);
 * their YAML must still be the L2's, byte for byte.
 */
function splitTable(n: number, reps: number): void {
  console.log(`\nWhere the time goes: all stacks in one chart, N=${n}, ${reps} interleaved rounds (medians; ratios: median of the paired ratios to L1)`);
  console.log('  run                       |    ms | build | synth before YAML |  YAML | ×L1');
  const reference = runChild({ variant: 'L2', appKind: 'App', layout: 'one-chart', n });
  const samples: Sample[][] = SPLIT.map(() => []);
  for (let r = 0; r < reps; r++) {
    SPLIT.forEach((row, i) => {
      const s = runChild({ variant: row.variant, appKind: 'App', layout: 'one-chart', n, checks: row.checks, phases: true });
      if (s.sha256 !== reference.sha256) throw new Error(`split N=${n}: '${row.label}' wrote other YAML than L2`);
      samples[i].push(s);
    });
  }
  const ratios = samples.map(list => median(list.map((s, r) => s.runMs / samples[0][r].runMs)));
  SPLIT.forEach((row, i) => {
    const m = (f: (s: Sample) => number) => median(samples[i].map(f)).toFixed(0);
    console.log(`  ${row.label.padEnd(25)} | ${m(s => s.runMs).padStart(5)} | ${m(s => s.phases!.constructMs).padStart(5)} | `
      + `${m(s => s.phases!.synthMs).padStart(17)} | ${m(s => s.phases!.yamlMs).padStart(5)} | ${ratios[i].toFixed(2)}`);
  });
  console.log(`output: every row byte-identical to L2's (sha256). Of L2's ×${ratios[1].toFixed(2)}: the checks `
    + `${(ratios[1] - ratios[3]).toFixed(2)} (input type checks ${(ratios[1] - ratios[2]).toFixed(2)}), the rest ${(ratios[3] - 1).toFixed(2)}`);
}

// --- end to end -------------------------------------------------------------------------------------

/** The cdk8s CLI synthesizing examples/sklearn-iris (tsx app, CLI start-up, file output), median of 3. */
function endToEnd(): void {
  const cli = path.join(ROOT, 'node_modules', 'cdk8s-cli', 'bin', 'cdk8s');
  const e2e = median(Array.from({ length: 3 }, () => {
    const start = process.hrtime.bigint();
    execFileSync(process.execPath, [cli, '--no-check-upgrade', 'synth', '--output', path.join(os.tmpdir(), 'bench-e2e')],
      { cwd: path.join(ROOT, 'examples', 'sklearn-iris'), stdio: 'ignore', env: CHILD_ENV });
    return Number(process.hrtime.bigint() - start) / 1e6;
  }));
  console.log(`\nend-to-end \`cdk8s synth\` of examples/sklearn-iris (median of 3; not paired): ${e2e.toFixed(0)} ms`);
}

// --- main -------------------------------------------------------------------------------------------

function main(): void {
  const sizes = sizesOf('BENCH_SIZES', '100,1000,10000');
  const perChartSizes = sizesOf('BENCH_PER_CHART_SIZES', '100,1000,3000');
  // cdk8s App is quadratic per chart: by default its table stops at 1,000 charts (3,000 takes minutes per process).
  const appPerChartSizes = sizesOf('BENCH_APP_PER_CHART_SIZES', perChartSizes.filter(n => n <= 1000).join(','));
  const reps = Number(process.env.BENCH_REPS ?? 5);
  if (!Number.isInteger(reps) || reps < 1) throw new Error(`BENCH_REPS must be a whole number of at least 1 (got ${process.env.BENCH_REPS})`);

  const cpus = os.cpus();
  console.log(`cdk8s-kserve benchmark — node ${process.version}, ${cpus.length} × ${cpus[0]?.model ?? 'cpu'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, `
    + `load average ${os.loadavg().map(x => x.toFixed(1)).join(' ')}`);
  console.log(`fresh process per sample, variants interleaved, ${reps} timed round(s) per row after an untimed output check; `
    + 'times are build + app.synthYaml() in the child (median), ratios the median of the per-round ratios');
  if (reps < 5) console.log(`(BENCH_REPS=${reps}: fewer than 5 paired ratios, a quick run, not a result)`);

  compileChildren();
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const hasFleetApp = fleetAppOf(require(path.join(ROOT, 'lib', 'src'))) !== undefined;

  const one = runTable('All stacks in one chart (cdk8s App)', 'one-chart', 'App', sizes, reps);
  const perApp = runTable('One chart per stack, cdk8s App (App re-walks and re-validates the whole app for every chart)', 'per-chart', 'App', appPerChartSizes, reps);
  let perFleet: Table | undefined;
  if (hasFleetApp) {
    perFleet = runTable('One chart per stack, FleetApp — the recommended path for fleets (every variant loads cdk8s-kserve for FleetApp; the floor builds no app)',
      'per-chart', 'FleetApp', perChartSizes, reps);
  } else {
    console.log('\nOne chart per stack, FleetApp: skipped — lib/src exports no FleetApp (not on this main yet)');
  }

  console.log('');
  const at1000 = (t: Table | undefined) => t?.rows.find(r => r.n === 1000);
  const oneRow = at1000(one);
  if (oneRow) console.log(`L2/L1 ratio at N=1000: ${oneRow.ratio.L1.toFixed(2)}`);
  const perRow = at1000(perFleet) ?? at1000(perApp);
  if (perRow) console.log(`L2/L1 ratio per-chart at N=1000: ${perRow.ratio.L1.toFixed(2)} (${at1000(perFleet) ? 'FleetApp' : 'App'})`);
  if (perFleet && at1000(perApp)) console.log(`(per-chart at N=1000 with cdk8s App: ${at1000(perApp)!.ratio.L1.toFixed(2)})`);

  const splitN = Number(process.env.BENCH_SPLIT_N ?? 1000);
  if (!Number.isInteger(splitN) || splitN < 0) throw new Error(`BENCH_SPLIT_N must be a whole number (got ${process.env.BENCH_SPLIT_N})`);
  if (splitN > 0) splitTable(splitN, reps);

  // Cold start: fresh processes requiring the compiled package and cdk8s-plus-28, interleaved (scripts/bench-require.ts).
  reportColdRequire();

  if (process.env.BENCH_E2E !== '0') endToEnd();
  console.log(`\nload average at the end: ${os.loadavg().map(x => x.toFixed(1)).join(' ')}`);
}

main();
