/**
 * Test helper for "one rule broken at a time" property tests.
 *
 * A case builds an app whose props are valid except for one rule. `expectBrokenRule` synthesizes it into a
 * fresh output directory and checks what a pipeline relies on: synth fails (at construction for type-level
 * misuse, otherwise at validation), one error line names the construct path and the field of the broken
 * rule, and no file was written. `expectValidApp` is the counterpart for the unbroken base.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Chart, Testing } from 'cdk8s';
import { expectValidObjects, KServeSchemaVersion } from './schema-validator';

/** Builds the objects under test into `chart` (id 'test', namespace 'ml'; `chart.node.scope` is the App). */
export type Build = (chart: Chart) => void;

export interface BrokenRule {
  /** The full construct path the error must name, e.g. `test/model` (the chart's id is `test`). */
  readonly at: string;
  /** Text the same error line must contain: the field of the broken rule (and, where useful, the value). */
  readonly field: string | RegExp;
}

/**
 * Builds and synthesizes; expects failure naming `[<at>]` and `field` on one line, and an empty output
 * directory. Returns every error line, so a case can assert more.
 */
export function expectBrokenRule(build: Build, rule: BrokenRule): string[] {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'broken-rule-'));
  try {
    let message = '';
    try {
      const app = new App({ outdir });
      build(new Chart(app, 'test', { namespace: 'ml' }));
      app.synth();
    } catch (e) {
      message = (e as Error).message;
    }
    const lines = message.split('\n').map(l => l.trim()).filter(l => l.length > 0);
    const matches = (line: string) => (typeof rule.field === 'string' ? line.includes(rule.field) : rule.field.test(line));
    // Validation errors lead with `[path]`; a construction-time throw (type-level misuse) quotes the path in its text.
    const atValidation = message.startsWith('Validation failed');
    const named = lines.filter(l => (atValidation ? l.startsWith(`[${rule.at}]`) : l.includes(`'${rule.at}'`)));
    if (!named.some(matches)) {
      throw new Error(`expected an error at ${rule.at} naming ${rule.field}; synth ${message ? `failed with:\n${message}` : 'succeeded'}`);
    }
    const written = fs.readdirSync(outdir);
    if (written.length > 0) throw new Error(`synth failed but wrote ${written.join(', ')}`);
    return lines;
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}

/** Builds and synthesizes the unbroken base: no error, and every object validates against the target version. */
export function expectValidApp(build: Build, kserveVersion: KServeSchemaVersion = 'v0.20.0'): any[] {
  const app = Testing.app();
  const chart = new Chart(app, 'test', { namespace: 'ml' });
  build(chart);
  app.synthYaml();
  const objects = Testing.synth(chart);
  expectValidObjects(objects, { kserveVersion });
  return objects;
}
