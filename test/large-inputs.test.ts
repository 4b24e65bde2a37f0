import { Chart, Testing } from 'cdk8s';
import { EnvValue } from 'cdk8s-plus-28';
import { DeploymentMode, InferenceService, Model, StorageUri } from '../src';
import { synthErrors } from './util/harness';
import { expectValidObjects } from './util/schema-validator';

const URI = StorageUri.gcs('models-bucket', 'iris');

test('hundreds of services in one chart synthesize, validate and keep their names', () => {
  const app = Testing.app();
  const chart = new Chart(app, 'fleet', { namespace: 'ml' });
  for (let i = 0; i < 300; i++) {
    new InferenceService(chart, `model-${i}`, { predictor: { model: Model.sklearn(URI), minReplicas: 1, maxReplicas: 3 } });
  }
  expect(synthErrors(app)).toEqual([]);
  const objects = Testing.synth(chart);
  expect(objects).toHaveLength(300);
  expect(new Set(objects.map(o => o.metadata.name)).size).toBe(300);
  expectValidObjects(objects, { kserveVersion: 'v0.20.0' });
});

test('many environment variables are all kept, in the order given', () => {
  const app = Testing.app();
  const chart = new Chart(app, 'test', { namespace: 'ml' });
  const env: Record<string, EnvValue> = {};
  for (let i = 0; i < 200; i++) env[`VAR_${String(i).padStart(3, '0')}`] = EnvValue.fromValue(`value-${i}`);
  new InferenceService(chart, 'iris', { predictor: { model: Model.sklearn(URI), env } });
  expect(synthErrors(app)).toEqual([]);
  const rendered = Testing.synth(chart)[0].spec.predictor.model.env;
  expect(rendered).toHaveLength(200);
  expect(rendered.map((e: any) => e.name)).toEqual(Object.keys(env));
  expect(rendered[199]).toEqual({ name: 'VAR_199', value: 'value-199' });
});

test.each([
  // Standard: <name>-transformer-<namespace> is the longest derived label: 63 - '-transformer-ml'.length = 48.
  ['Standard', DeploymentMode.STANDARD, 48, 'transformer-ml'],
  // Knative: the revision <name>-transformer-00001 is longer: 63 - '-transformer-00001'.length = 45.
  ['Knative', DeploymentMode.KNATIVE, 45, 'transformer-00001'],
])('%s: the longest name that fits the 63-character label KServe derives is accepted, one more is rejected', (_mode, deploymentMode, max, suffix) => {
  const build = (name: string) => {
    const app = Testing.app();
    const chart = new Chart(app, 'test', { namespace: 'ml' });
    new InferenceService(chart, name, {
      deploymentMode,
      predictor: { model: Model.sklearn(URI) },
      transformer: { container: { image: 'ghcr.io/acme/t:1.0.0' } },
    });
    return synthErrors(app);
  };
  const fits = 'a'.repeat(max);
  expect(build(fits)).toEqual([]);
  const errors = build(fits + 'a');
  expect(errors.join('\n')).toContain(`KServe derives '${fits}a-${suffix}' (64 characters) and DNS labels allow at most 63`);
});

test('label values over 63 characters are rejected with the limit', () => {
  const app = Testing.app();
  const chart = new Chart(app, 'test', { namespace: 'ml' });
  new InferenceService(chart, 'iris', { labels: { owner: 'x'.repeat(64) }, predictor: { model: Model.sklearn(URI) } });
  expect(synthErrors(app).join('\n')).toContain("metadata.labels['owner'] value");
  expect(synthErrors(app).join('\n')).toContain('at most 63');
});
