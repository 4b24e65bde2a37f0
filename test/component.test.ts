import { Duration, Testing } from 'cdk8s';
import { Secret } from 'cdk8s-plus-28';
import { KServeVersion, Model, StorageUri } from '../src';
import { expectError, newChart, synthErrors } from './util/harness';
import { expectValidObjects, KServeSchemaVersion } from './util/schema-validator';
import { buildService as build } from './util/service';

const MODEL = Model.sklearn(StorageUri.parse('gs://models/iris'));
const SERVER = { image: 'registry.example.com/ml/server:1.0.0' };


describe('pod fields of a component', () => {
  const podFields = (chart: ReturnType<typeof newChart>['chart'], id = 'pull') => ({
    imagePullSecrets: [Secret.fromSecretName(chart, id, 'registry-creds')],
    priorityClassName: 'serving-high',
    runtimeClassName: 'nvidia',
    terminationGracePeriod: Duration.seconds(90),
  });

  test('imagePullSecrets, priorityClassName, runtimeClassName and terminationGracePeriod land on every component', () => {
    const { app, chart } = build(c => ({
      predictor: { model: MODEL, ...podFields(c) },
      transformer: { container: SERVER, ...podFields(c, 'pull2'), imagePullSecrets: [Secret.fromSecretName(c, 'pull3', 'other-creds')] },
    }));
    expect(synthErrors(app)).toEqual([]);
    const spec = Testing.synth(chart).find(o => o.kind === 'InferenceService').spec;
    for (const [component, secret] of [['predictor', 'registry-creds'], ['transformer', 'other-creds']]) {
      expect(spec[component].imagePullSecrets).toEqual([{ name: secret }]);
      expect(spec[component].priorityClassName).toBe('serving-high');
      expect(spec[component].runtimeClassName).toBe('nvidia');
      expect(spec[component].terminationGracePeriodSeconds).toBe(90);
    }
  });

  test.each<[KServeSchemaVersion, KServeVersion]>([['v0.13.1', KServeVersion.V0_13], ['v0.20.0', KServeVersion.V0_20]])(
    'validates against the KServe %s schema', (schema, version) => {
      const { app, chart } = build(c => ({ version, predictor: { model: MODEL, ...podFields(c) } }));
      expect(synthErrors(app)).toEqual([]);
      expectValidObjects(Testing.synth(chart), { kserveVersion: schema });
    });

  test('names must be DNS-1123 subdomains and the grace period whole seconds', () => {
    const { app } = build(c => ({
      predictor: {
        model: MODEL,
        imagePullSecrets: [Secret.fromSecretName(c, 'pull', 'Registry_Creds')],
        priorityClassName: 'High Priority',
        runtimeClassName: 'NVIDIA',
        terminationGracePeriod: Duration.millis(1500),
      },
    }));
    const errors = synthErrors(app);
    expectError(errors, 'test/iris', 'spec.predictor.imagePullSecrets[0] must be a Secret with a DNS-1123 subdomain name');
    expectError(errors, 'test/iris', "spec.predictor.priorityClassName 'High Priority' must be a DNS-1123 subdomain");
    expectError(errors, 'test/iris', "spec.predictor.runtimeClassName 'NVIDIA' must be a DNS-1123 subdomain");
    expectError(errors, 'test/iris', 'spec.predictor.terminationGracePeriod (1.5s) must be a whole number of seconds, zero or more');
    expect(errors).toHaveLength(4);
  });

  test('a plain string where a Secret is expected (JavaScript callers) is a synth error, not a crash', () => {
    const { app } = build(() => ({ predictor: { model: MODEL, imagePullSecrets: ['registry-creds' as unknown as Secret] } }));
    expectError(app, 'test/iris', "predictor.imagePullSecrets[0]: must be a cdk8s-plus ISecret (an object of that package) (got string 'registry-creds')");
  });
});
