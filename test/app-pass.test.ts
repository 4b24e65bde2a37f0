import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Chart } from 'cdk8s';
import { GraphNode, GraphTarget, InferenceGraph, InferenceService, Model, Runbook, StorageUri } from '../src';
import { appConstructs, inPass, perPass } from '../src/private/app-pass';

test('a lookup is computed once per pass, afresh outside one, and never answered from an earlier pass', () => {
  const app = new App();
  let computed = 0;
  const lookup = () => perPass(app, 'k', () => ++computed);
  expect([lookup(), lookup()]).toEqual([1, 2]); // no pass: every call computes
  inPass(app, () => expect([lookup(), lookup()]).toEqual([3, 3]));
  expect(lookup()).toBe(4);
  inPass(app, () => expect(lookup()).toBe(5)); // a new pass drops the old value
});

test('the app\'s constructs are walked once per pass, afresh outside one', () => {
  const app = new App();
  const chart = new Chart(app, 'models');
  inPass(app, () => {
    const first = appConstructs(chart);
    expect(first).toEqual(app.node.findAll());
    expect(appConstructs(app)).toBe(first);
  });
  const before = appConstructs(app);
  new Chart(app, 'later');
  expect(appConstructs(app)).not.toBe(before);
  expect(appConstructs(app).map(c => c.node.path)).toEqual(['', 'models', 'later']);
});

test('a runbook sees the graphs added after an earlier writeAll (no stale app-wide lookup)', () => {
  const app = new App({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'app-pass-')) });
  const chart = new Chart(app, 'models', { namespace: 'ml' });
  const iris = new InferenceService(chart, 'iris', { predictor: { model: Model.sklearn(StorageUri.s3('models', 'iris')) } });
  const read = () => fs.readFileSync(Runbook.writeAll(app)[0], 'utf-8');
  expect(read()).not.toContain('graph pipeline');
  new InferenceGraph(chart, 'pipeline', { root: GraphNode.sequence('root', [{ name: 'predict', target: GraphTarget.service(iris) }]) });
  expect(read()).toContain('graph pipeline: root');
});
