/**
 * How a failed synth reports (issue #18, src/private/synth-errors.ts): the same lines, in the same order and
 * words, as cdk8s's own validation failure, thrown with a stack of only the message and the caller's frames.
 * test/consumer-app.test.ts shows what a user sees from `cdk8s synth` and from plain `node`.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Chart, Testing } from 'cdk8s';
import { Construct } from 'constructs';
import { InferenceService, Model, StorageUri } from '../src';
import { VALIDATION_FAILED } from './util/harness';

const model = () => Model.sklearn(StorageUri.parse('gs://kfserving-examples/models/sklearn/1.0/model'));

/** A construct of no library that fails its own validation (what cdk8s-plus constructs do). */
function failing(scope: Construct, id: string, error: string): Construct {
  const c = new Construct(scope, id);
  c.node.addValidation({ validate: () => [error] });
  return c;
}

function thrownBy(fn: () => unknown): Error {
  try {
    fn();
  } catch (e) {
    if (e instanceof Error) return e;
    throw new Error(`threw a non-Error: ${String(e)}`);
  }
  throw new Error('did not throw');
}

/** An app whose tree, in cdk8s's pre-order, holds errors before, inside and after a library construct. */
function badApp(withLibraryConstruct: 'valid' | 'invalid' | 'none'): App {
  const app = Testing.app();
  app.node.addValidation({ validate: () => ['the app itself'] });
  const chart = new Chart(app, 'test', { namespace: 'ml' });
  failing(chart, 'before', 'first');
  if (withLibraryConstruct !== 'none') {
    new InferenceService(chart, 'iris', { predictor: { model: model(), minReplicas: withLibraryConstruct === 'valid' ? 1 : -1 } });
  }
  failing(failing(chart, 'after', 'third'), 'nested', 'fourth');
  return app;
}

test('the message is cdk8s\'s, line for line, in cdk8s\'s order', () => {
  const ours = thrownBy(() => badApp('valid').synthYaml());
  const cdk8s = thrownBy(() => badApp('none').synthYaml());
  // Without a construct of this library, cdk8s throws its own error: the messages must be the same text.
  expect(cdk8s.stack).toContain('node_modules');
  expect(ours.message).toBe(cdk8s.message);
  expect(ours.message.split('\n')).toEqual([
    VALIDATION_FAILED,
    '  [] the app itself',
    '  [test/before] first',
    '  [test/after] third',
    '  [test/after/nested] fourth',
  ]);
});

test('the library\'s own errors take their place in the tree order', () => {
  const lines = thrownBy(() => badApp('invalid').synthYaml()).message.split('\n');
  expect(lines.map(l => l.replace(/\] .*/, ']'))).toEqual([
    VALIDATION_FAILED, '  []', '  [test/before]', '  [test/iris]', '  [test/after]', '  [test/after/nested]',
  ]);
  expect(lines[3]).toContain('minReplicas');
});

test('the stack is the message and the caller\'s frames: none of cdk8s, constructs, Node or this library', () => {
  const error = thrownBy(() => badApp('invalid').synthYaml());
  const [message, frames] = [error.stack!.slice(0, `Error: ${error.message}`.length), error.stack!.slice(`Error: ${error.message}`.length)];
  expect(message).toBe(`Error: ${error.message}`);
  const lines = frames.split('\n').filter(l => l !== '');
  expect(lines.length).toBeGreaterThan(0);
  for (const line of lines) {
    // `    at <file>:<line>:<column>`, in a file of the caller (this test), never a named frame
    expect(line).toMatch(/^ {4}at \/.+:\d+:\d+$/);
    expect(line).not.toMatch(/node_modules|node:|[\\/]src[\\/]/);
  }
  expect(lines[0]).toContain(path.join('test', 'synth-errors.test.ts'));
});

test('a synth that fails writes no file, as with cdk8s\'s own failure', () => {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'synth-errors-'));
  const app = new App({ outdir });
  new InferenceService(new Chart(app, 'ok', { namespace: 'ml' }), 'iris', { predictor: { model: model() } });
  new InferenceService(new Chart(app, 'bad', { namespace: 'ml' }), 'iris', { predictor: { model: model(), maxReplicas: -2 } });
  expect(() => app.synth()).toThrow(/^Validation failed with the following errors:\n {2}\[bad\/iris\] /);
  expect(fs.readdirSync(outdir)).toEqual([]);
  fs.rmSync(outdir, { recursive: true });
});

test('a library construct added after a clean synth is checked again, with the same plain stack', () => {
  const app = Testing.app();
  const chart = new Chart(app, 'test', { namespace: 'ml' });
  new InferenceService(chart, 'iris', { predictor: { model: model() } });
  expect(() => app.synthYaml()).not.toThrow();
  new InferenceService(chart, 'late', { predictor: { model: model(), minReplicas: -1 } });
  const error = thrownBy(() => app.synthYaml());
  expect(error.message).toMatch(/^Validation failed with the following errors:\n {2}\[test\/late\] .*minReplicas/);
  expect(error.stack).not.toContain('node_modules');
});

test('a plain JavaScript wrong type is one line of the same report', () => {
  const app = Testing.app();
  const chart = new Chart(app, 'test', { namespace: 'ml' });
  new InferenceService(chart, 'iris', { predictor: { model: model(), minReplicas: 'two' as any } });
  const error = thrownBy(() => app.synthYaml());
  expect(error.message.split('\n')).toEqual([VALIDATION_FAILED, "  [test/iris] predictor.minReplicas: must be a number (got string 'two')"]);
});
