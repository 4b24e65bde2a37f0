/**
 * One timed sample of `scripts/bench.ts`, in a fresh process. The parent compiles this file and
 * `scripts/bench-stacks.ts` to plain JavaScript (dist/bench/), which requires the compiled package and
 * imports in `lib/` exactly as a consumer's app would: no tsx, no loader hooks, so load times are real.
 *
 * Usage: `node dist/bench/bench-child.js '{"variant":"L2","appKind":"App","layout":"one-chart","n":1000}'`,
 * with `"out": "<file>"` to also write the YAML there (the parent's output check). Prints one JSON line:
 * `{ loadMs, runMs, maxRssKb, sha256, bytes }`.
 */
import { createHash } from 'crypto';
import * as fs from 'fs';
import { AppKind, Layout, loadVariant, Variant } from './bench-stacks';

interface Request {
  readonly variant: Variant;
  readonly appKind: AppKind;
  readonly layout: Layout;
  readonly n: number;
  readonly out?: string;
}

function main(): void {
  const req = JSON.parse(process.argv[2]) as Request;
  const hooked = process.execArgv.length > 0 || Object.keys(require.cache).some(f => /[\\/](tsx|ts-node|@swc)[\\/]/.test(f));
  if (hooked) throw new Error(`bench-child must run under plain node (execArgv: ${process.execArgv.join(' ')})`);

  const loadStart = process.hrtime.bigint();
  const workload = loadVariant(req.variant, req.appKind);
  const loadMs = Number(process.hrtime.bigint() - loadStart) / 1e6;

  const runStart = process.hrtime.bigint();
  const yaml = workload(req.n, req.layout);
  const runMs = Number(process.hrtime.bigint() - runStart) / 1e6;

  const maxRssKb = process.resourceUsage().maxRSS; // kilobytes, the whole process: node, modules, app and output
  const sha256 = createHash('sha256').update(yaml).digest('hex');
  if (req.out) fs.writeFileSync(req.out, yaml);
  process.stdout.write(`${JSON.stringify({ loadMs, runMs, maxRssKb, sha256, bytes: Buffer.byteLength(yaml) })}\n`);
}

main();
