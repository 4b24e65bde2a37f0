/**
 * Runbook has no validation rule of its own (it documents what synth accepted); its one rule, the file naming
 * of Runbook.writeAll, is checked here with random apps (issue #8).
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Chart } from 'cdk8s';
import * as fc from 'fast-check';
import { InferenceService, Model, Runbook, StorageUri } from '../src';

const RUNS = { seed: 20261125, numRuns: 6 };

const URI = StorageUri.gcs('models-bucket', 'iris/v1');

/** Short DNS-1123 labels that start with a letter (valid InferenceService, graph and namespace names). */
const label = fc.stringMatching(/^[a-z][a-z0-9]{0,6}(-[a-z0-9]{1,5})?$/);
const oneOf = <T>(values: T[], n: number): T => values[n % values.length];

// ---------------------------------------------------------------------------------------------------------
// Runbook: no validation of its own (it documents what synth accepted); its one rule is the file naming.
// ---------------------------------------------------------------------------------------------------------

describe('Runbook.writeAll file naming', () => {
  const runbookCase = fc.record({
    names: fc.uniqueArray(label, { minLength: 1, maxLength: 3 }),
    namespace: label,
    repeated: fc.nat(),
    phases: fc.uniqueArray(label, { minLength: 2, maxLength: 2 }),
  });

  test("one file per service; a service repeated in several charts gets the chart's id", () => {
    fc.assert(fc.property(runbookCase, c => {
      const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'runbook-rules-'));
      try {
        const app = new App({ outdir });
        const [first, second] = c.phases.map(id => new Chart(app, id, { namespace: c.namespace }));
        c.names.forEach(name => new InferenceService(first, name, { predictor: { model: Model.sklearn(URI) } }));
        const again = oneOf(c.names, c.repeated);
        new InferenceService(second, again, { predictor: { model: Model.sklearn(URI) } });
        app.synth();
        const files = Runbook.writeAll(app).map(f => path.basename(f)).sort();
        const stem = (name: string) => `${c.namespace}-${name}.runbook.md`;
        expect(files).toEqual([
          ...c.names.filter(n => n !== again).map(stem),
          ...c.phases.map(id => `${id}-${stem(again)}`),
        ].sort());
      } finally {
        fs.rmSync(outdir, { recursive: true, force: true });
      }
    }), RUNS);
  });
});

describe('Runbook.writeAll never overwrites a runbook', () => {
  // One dashed string split at each dash gives distinct namespace/name pairs sharing `<namespace>-<name>`;
  // one of them is repeated in a second chart, whose id may itself be such a prefix.
  const collidingCase = fc.record({
    parts: fc.array(fc.stringMatching(/^[a-z][a-z0-9]{0,4}$/), { minLength: 3, maxLength: 5 }),
    repeated: fc.nat(),
    secondChart: fc.nat(),
  });

  test('services whose names coincide once joined with dashes each get their own file and runbook', () => {
    fc.assert(fc.property(collidingCase, c => {
      const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'runbook-collisions-'));
      try {
        const app = new App({ outdir });
        const first = new Chart(app, 'test');
        const pairs = c.parts.slice(1).map((_, i) => ({ namespace: c.parts.slice(0, i + 1).join('-'), name: c.parts.slice(i + 1).join('-') }));
        pairs.forEach(({ namespace, name }, i) => new InferenceService(first, `svc${i}`, { name, namespace, predictor: { model: Model.sklearn(URI) } }));
        const again = oneOf(pairs, c.repeated);
        const second = new Chart(app, oneOf([...pairs.map(p => p.namespace), 'phase-2'], c.secondChart));
        new InferenceService(second, 'again', { ...again, predictor: { model: Model.sklearn(URI) } });
        const files = Runbook.writeAll(app);
        expect(new Set(files).size).toBe(pairs.length + 1);
        expect(fs.readdirSync(outdir)).toHaveLength(pairs.length + 1);
        const commands = files.map(f => fs.readFileSync(f, 'utf-8').match(/kubectl get inferenceservice (\S+) -n (\S+)/)![0]);
        expect(new Set(commands).size).toBe(pairs.length);
      } finally {
        fs.rmSync(outdir, { recursive: true, force: true });
      }
    }), RUNS);
  });
});
