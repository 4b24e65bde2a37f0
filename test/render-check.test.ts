/**
 * Every construct renders its objects once while it validates and keeps that render for the write
 * (src/private/render-check.ts). A change made after a synth (a JSON patch, a label, an annotation...) must drop the
 * kept render, so the next synth writes it.
 */
import { JsonPatch, Testing } from 'cdk8s';
import { InferenceService, Model, StorageUri } from '../src';
import { newChart } from './util/harness';

function service() {
  const { app, chart } = newChart();
  const isvc = new InferenceService(chart, 'iris', {
    predictor: { model: Model.sklearn(StorageUri.gcs('kfserving-examples', 'models/sklearn/1.0/model')) },
  });
  return { app, chart, object: isvc.apiObject };
}

test('a render kept by the checks is what the write returns, once', () => {
  const { app, chart, object } = service();
  const first = Testing.synth(chart);
  expect(Testing.synth(chart)).toEqual(first);
  app.synthYaml();
  expect(object.toJson()).toEqual(first[0]);
});

test.each([
  ['addJsonPatch', (o: ReturnType<typeof service>['object']) => o.addJsonPatch(JsonPatch.add('/metadata/labels', { team: 'ml' })), ['metadata', 'labels', 'team']],
  ['metadata.addLabel', (o: ReturnType<typeof service>['object']) => o.metadata.addLabel('team', 'ml'), ['metadata', 'labels', 'team']],
  ['metadata.addAnnotation', (o: ReturnType<typeof service>['object']) => o.metadata.addAnnotation('team', 'ml'), ['metadata', 'annotations', 'team']],
  ['metadata.add', (o: ReturnType<typeof service>['object']) => o.metadata.add('generateName', 'ml'), ['metadata', 'generateName']],
  ['metadata.addFinalizers', (o: ReturnType<typeof service>['object']) => o.metadata.addFinalizers('ml'), ['metadata', 'finalizers', '0']],
  ['metadata.addOwnerReference', (o: ReturnType<typeof service>['object']) =>
    o.metadata.addOwnerReference({ apiVersion: 'v1', kind: 'ConfigMap', name: 'ml', uid: 'u1' }), ['metadata', 'ownerReferences', '0', 'name']],
])('%s after the checks rendered the object reaches the write', (_name, change, at) => {
  const { app, chart, object } = service();
  // The checks run (and keep their render) when the app validates; a change before the write must not be lost.
  app.node.validate();
  change(object);
  const [isvc] = Testing.synth(chart);
  const found = at.reduce<any>((value, key) => value?.[key], isvc);
  expect(found).toBe('ml');
});

test('a change to another object does not drop this one\'s kept render, and the output stays right', () => {
  const a = service();
  const b = service();
  a.app.node.validate();
  b.app.node.validate();
  b.object.metadata.addLabel('team', 'ml');
  expect(Testing.synth(a.chart)[0].metadata.labels).toBeUndefined();
  expect(Testing.synth(b.chart)[0].metadata.labels).toEqual({ team: 'ml' });
});
