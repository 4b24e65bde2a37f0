/**
 * One timed sample of `scripts/bench.ts`, in a fresh process. The parent compiles this file and
 * `scripts/bench-stacks.ts` to plain JavaScript (dist/bench/), which requires the compiled package and
 * imports in `lib/` exactly as a consumer's app would: no tsx, no loader hooks, so load times are real.
 *
 * Usage: `node dist/bench/bench-child.js '{"variant":"L2","appKind":"App","layout":"one-chart","n":1000}'`,
 * with `"out": "<file>"` to also write the YAML there (the parent's output check), `"phases": true` for the split of
 * the run and `"checks"` (see `Checks`) for the parent's "where the time goes" table. Prints one JSON line:
 * `{ loadMs, runMs, maxRssKb, sha256, bytes, phases? }`.
 */
import { createHash } from 'crypto';
import * as fs from 'fs';
import { AppKind, Layout, loadVariant, Variant } from './bench-stacks';

/**
 * The library's checks in this sample (a diagnostic of where L2's time goes, never a mode of the library): `all`, as
 * shipped; `no-input-checks`, without the run-time type checks of props and arguments (src/private/shape.ts's three
 * entry points replaced by pass-throughs); `none`, also without any construct validation (constructs' `Node.validate`
 * answers nothing, cdk8s's own checks included). For valid input the YAML is the same; the parent checks its sha256.
 */
export type Checks = 'all' | 'no-input-checks' | 'none';

/** What the parent asks of one sample. */
export interface Request {
  readonly variant: Variant;
  readonly appKind: AppKind;
  readonly layout: Layout;
  readonly n: number;
  readonly out?: string;
  readonly checks?: Checks;
  /** Also report the split of the run: building the constructs, cdk8s's synth before YAML, and the YAML writer. */
  readonly phases?: boolean;
}

/** Where a run's time went, ms. */
export interface Phases { readonly constructMs: number; readonly synthMs: number; readonly yamlMs: number }

/** What one sample prints (its last line of output). */
export interface Sample {
  readonly loadMs: number;
  readonly runMs: number;
  readonly maxRssKb: number;
  readonly sha256: string;
  readonly bytes: number;
  readonly phases?: Phases;
}

/** Switches the library's checks off (see `Checks`), before any of its construct modules load. */
function switchOff(checks: Checks): void {
  if (checks === 'all') return;
  /* eslint-disable @typescript-eslint/no-require-imports */
  // Its callers read the exports at each call (`(0, shape_1.checkProps)(...)` in tsc's CommonJS output).
  const shape = require('../src/private/shape');
  shape.checkProps = (_scope: unknown, _className: string, props: unknown) => props;
  shape.checkConstructorArgs = (_instance: unknown, _className: string, args: unknown[]) => args;
  shape.guardMethods = () => undefined;
  if (checks === 'none') require('constructs').Node.prototype.validate = () => [];
  /* eslint-enable @typescript-eslint/no-require-imports */
}

/** Times `app.synthYaml()` and cdk8s's YAML writer in this process; returns the split of the run once it is over. */
function timePhases(): (runMs: number) => Phases {
  /* eslint-disable-next-line @typescript-eslint/no-require-imports */
  const cdk8s = require('cdk8s');
  let synthMs = 0;
  let yamlMs = 0;
  const timed = (fn: (...args: any[]) => any, add: (ms: number) => void) => function (this: unknown, ...args: unknown[]) {
    const start = process.hrtime.bigint();
    try {
      return fn.apply(this, args);
    } finally {
      add(Number(process.hrtime.bigint() - start) / 1e6);
    }
  };
  cdk8s.Yaml.stringify = timed(cdk8s.Yaml.stringify, ms => yamlMs += ms);
  cdk8s.App.prototype.synthYaml = timed(cdk8s.App.prototype.synthYaml, ms => synthMs += ms);
  return runMs => ({ constructMs: runMs - synthMs, synthMs: synthMs - yamlMs, yamlMs });
}

function main(): void {
  const req = JSON.parse(process.argv[2]) as Request;
  const hooked = process.execArgv.length > 0 || Object.keys(require.cache).some(f => /[\\/](tsx|ts-node|@swc)[\\/]/.test(f));
  if (hooked) throw new Error(`bench-child must run under plain node (execArgv: ${process.execArgv.join(' ')})`);

  switchOff(req.checks ?? 'all');
  const phasesOf = req.phases ? timePhases() : undefined;
  const loadStart = process.hrtime.bigint();
  const workload = loadVariant(req.variant, req.appKind);
  const loadMs = Number(process.hrtime.bigint() - loadStart) / 1e6;

  const runStart = process.hrtime.bigint();
  const yaml = workload(req.n, req.layout);
  const runMs = Number(process.hrtime.bigint() - runStart) / 1e6;

  const maxRssKb = process.resourceUsage().maxRSS; // kilobytes, the whole process: node, modules, app and output
  const sha256 = createHash('sha256').update(yaml).digest('hex');
  if (req.out) fs.writeFileSync(req.out, yaml);
  const sample: Sample = { loadMs, runMs, maxRssKb, sha256, bytes: Buffer.byteLength(yaml), phases: phasesOf?.(runMs) };
  process.stdout.write(`${JSON.stringify(sample)}\n`);
}

main();
