import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ApiObject, Testing } from 'cdk8s';
import { expectValidObjects, KServeSchemaVersion, validateObjects, ValidationIssue } from './util/schema-validator';

const VERSIONS: KServeSchemaVersion[] = ['v0.13.1', 'v0.20.0'];

/** A fresh, valid sklearn InferenceService (plain JSON, as Testing.synth returns). */
function isvc(): any {
  return {
    apiVersion: 'serving.kserve.io/v1beta1',
    kind: 'InferenceService',
    metadata: {
      name: 'sklearn-iris',
      namespace: 'models',
      labels: { app: 'iris' },
      annotations: { 'serving.kserve.io/deploymentMode': 'Serverless' },
    },
    spec: {
      predictor: {
        minReplicas: 1,
        maxReplicas: 3,
        sklearn: {
          storageUri: 'gs://kfserving-examples/models/sklearn/1.0/model',
          resources: {
            requests: { cpu: '100m', memory: '256Mi' },
            limits: { cpu: '1', memory: '1Gi' },
          },
        },
      },
    },
  };
}

function messages(issues: ValidationIssue[]): string[] {
  return issues.map((i) => `${i.kind}/${i.name}: ${i.message}`);
}

describe('InferenceService (KServe CRDs)', () => {
  test.each(VERSIONS)('a valid sklearn predictor passes on %s', (kserveVersion) => {
    expect(validateObjects([isvc()], { kserveVersion })).toEqual([]);
    expect(() => expectValidObjects([isvc()], { kserveVersion })).not.toThrow();
  });

  test('output of cdk8s Testing.synth validates (default version v0.20.0)', () => {
    const chart = Testing.chart();
    const { apiVersion, kind, metadata, spec } = isvc();
    new ApiObject(chart, 'isvc', { apiVersion, kind, metadata, spec });
    expectValidObjects(Testing.synth(chart));
  });

  test.each(VERSIONS)('unknown fields are reported on %s', (kserveVersion) => {
    const obj = isvc();
    obj.spec.predictor.sklearn.s3 = { secretName: 'x' };
    obj.spec.predictor.canary = {};
    const issues = validateObjects([obj], { kserveVersion });
    const text = messages(issues);
    expect(text).toEqual(expect.arrayContaining([
      expect.stringMatching(/^InferenceService\/sklearn-iris: \/spec\/predictor\/sklearn: unknown field "s3"/),
      expect.stringMatching(/^InferenceService\/sklearn-iris: \/spec\/predictor: unknown field "canary"/),
    ]));
    expect(issues).toHaveLength(2);
  });

  test('unknown fields in metadata are reported (ObjectMeta is strict too)', () => {
    const obj = isvc();
    obj.metadata.labelz = { a: 'b' };
    expect(messages(validateObjects([obj]))).toEqual([
      expect.stringContaining('/metadata: unknown field "labelz"'),
    ]);
  });

  test.each(VERSIONS)('a wrong type is reported on %s', (kserveVersion) => {
    const obj = isvc();
    obj.spec.predictor.minReplicas = 'two';
    expect(messages(validateObjects([obj], { kserveVersion }))).toEqual([
      'InferenceService/sklearn-iris: /spec/predictor/minReplicas: must be integer',
    ]);
  });

  test('a resource quantity that is not a quantity is reported', () => {
    const obj = isvc();
    obj.spec.predictor.sklearn.resources.limits.cpu = 'lots';
    expect(messages(validateObjects([obj]))).toEqual([
      expect.stringContaining('/spec/predictor/sklearn/resources/limits/cpu: must match pattern'),
    ]);
  });

  test('null values are reported wherever they are', () => {
    const obj = isvc();
    obj.spec.predictor.sklearn.runtimeVersion = null;
    obj.metadata.labels.team = null;
    const issues = validateObjects([obj]);
    expect(messages(issues)).toEqual([
      'InferenceService/sklearn-iris: null value at /metadata/labels/team',
      'InferenceService/sklearn-iris: null value at /spec/predictor/sklearn/runtimeVersion',
    ]);
  });

  test('spec.canary exists in v0.20.0 only', () => {
    const obj = isvc();
    obj.spec.canary = [{
      trafficPercent: 10,
      // Upstream v0.20.0 quirk: inside canary[].predictor the model spec requires `name`.
      predictor: { sklearn: { name: 'kserve-container', storageUri: 'gs://kfserving-examples/models/sklearn/2.0/model' } },
    }];
    expect(validateObjects([obj], { kserveVersion: 'v0.20.0' })).toEqual([]);
    expect(messages(validateObjects([obj], { kserveVersion: 'v0.13.1' }))).toEqual([
      'InferenceService/sklearn-iris: /spec: unknown field "canary" (must NOT have additional properties)',
    ]);
  });

  test('expectValidObjects throws and lists every issue as kind/name: message', () => {
    const obj = isvc();
    obj.spec.predictor.minReplicas = 'two';
    obj.spec.predictor.sklearn.s3 = {};
    let error: Error | undefined;
    try {
      expectValidObjects([obj], { kserveVersion: 'v0.13.1' });
    } catch (e) {
      error = e as Error;
    }
    expect(error).toBeInstanceOf(Error);
    expect(error!.message).toContain('2 schema validation issue(s) (KServe v0.13.1)');
    expect(error!.message).toContain('InferenceService/sklearn-iris: /spec/predictor/minReplicas: must be integer');
    expect(error!.message).toContain('InferenceService/sklearn-iris: /spec/predictor/sklearn: unknown field "s3"');
  });
});

describe('core Kubernetes kinds (1.28 definitions)', () => {
  const secret = {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name: 's3-creds', annotations: { 'serving.kserve.io/s3-endpoint': 's3.amazonaws.com' } },
    type: 'Opaque',
    stringData: { AWS_ACCESS_KEY_ID: 'id', AWS_SECRET_ACCESS_KEY: 'secret' },
  };
  const serviceAccount = {
    apiVersion: 'v1',
    kind: 'ServiceAccount',
    metadata: { name: 'kserve-sa' },
    secrets: [{ name: 's3-creds' }],
  };

  function deployment(maxSurge: number | string): any {
    return {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web' },
      spec: {
        replicas: 2,
        selector: { matchLabels: { app: 'web' } },
        strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge, maxUnavailable: 0 } },
        template: {
          metadata: { labels: { app: 'web' } },
          spec: {
            containers: [{
              name: 'web',
              image: 'nginx:1.27',
              ports: [{ containerPort: 8080, protocol: 'TCP' }],
              resources: { limits: { cpu: '500m', memory: '128Mi' }, requests: { cpu: 0.25 } },
            }],
          },
        },
      },
    };
  }

  test('a Secret and a ServiceAccount validate', () => {
    expect(validateObjects([secret, serviceAccount])).toEqual([]);
  });

  test('a ServiceAccount with an unknown field fails', () => {
    const sa = { ...serviceAccount, imagePullSecret: 'typo' };
    expect(messages(validateObjects([sa]))).toEqual([
      'ServiceAccount/kserve-sa: /: unknown field "imagePullSecret" (must NOT have additional properties)',
    ]);
  });

  test('a Deployment with quantity limits and an integer containerPort passes', () => {
    expect(validateObjects([deployment(1)])).toEqual([]);
  });

  test('a Deployment with a string containerPort fails', () => {
    const d = deployment(1);
    d.spec.template.spec.containers[0].ports[0].containerPort = '8080';
    expect(messages(validateObjects([d]))).toEqual([
      'Deployment/web: /spec/template/spec/containers/0/ports/0/containerPort: must be integer',
    ]);
  });

  test.each([1, '25%'])('int-or-string: rollingUpdate maxSurge %p passes', (maxSurge) => {
    expect(validateObjects([deployment(maxSurge)])).toEqual([]);
  });

  test('int-or-string rejects other types', () => {
    const d = deployment(1);
    d.spec.strategy.rollingUpdate.maxSurge = true;
    expect(messages(validateObjects([d]))).toEqual([
      'Deployment/web: /spec/strategy/rollingUpdate/maxSurge: must be integer,string',
    ]);
  });

  test('the kind enum of the definition is enforced and metadata is checked', () => {
    const s = { ...secret, metadata: { ...secret.metadata, labels: { a: 1 } } };
    expect(messages(validateObjects([s]))).toEqual([
      'Secret/s3-creds: /metadata/labels/a: must be string',
    ]);
  });
});

describe('other CRD sets and unknown kinds', () => {
  test('a ServiceMonitor (prometheus-operator) validates, and is checked strictly', () => {
    const sm: any = {
      apiVersion: 'monitoring.coreos.com/v1',
      kind: 'ServiceMonitor',
      metadata: { name: 'isvc-metrics' },
      spec: {
        selector: { matchLabels: { 'serving.kserve.io/inferenceservice': 'sklearn-iris' } },
        endpoints: [{ port: 'metrics', interval: '30s' }],
      },
    };
    expect(validateObjects([sm], { kserveVersion: 'v0.13.1' })).toEqual([]);
    sm.spec.endpoints[0].intervall = '30s';
    expect(messages(validateObjects([sm]))).toEqual([
      'ServiceMonitor/isvc-metrics: /spec/endpoints/0: unknown field "intervall" (must NOT have additional properties)',
    ]);
  });

  test('unknown apiVersion/kind is reported', () => {
    const issues = validateObjects([
      { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' } },
      { apiVersion: 'serving.kserve.io/v1alpha1', kind: 'InferenceService', metadata: { name: 'old' } },
      { metadata: { name: 'no-type' } },
    ]);
    expect(messages(issues)).toEqual([
      expect.stringMatching(/^Widget\/w: unknown apiVersion\/kind example\.com\/v1\/Widget/),
      expect.stringMatching(/^InferenceService\/old: unknown apiVersion\/kind serving\.kserve\.io\/v1alpha1\/InferenceService/),
      expect.stringMatching(/^<no kind>\/no-type: .*no apiVersion and\/or kind/),
    ]);
  });

  test('LocalModelCache is known in v0.20.0 but not in v0.13.1', () => {
    const cache = {
      apiVersion: 'serving.kserve.io/v1alpha1',
      kind: 'LocalModelCache',
      metadata: { name: 'llama' },
      spec: { sourceModelUri: 'hf://meta-llama/Llama-3.1-8B', modelSize: '16Gi', nodeGroups: ['gpu'] },
    };
    expect(validateObjects([cache], { kserveVersion: 'v0.20.0' })).toEqual([]);
    expect(messages(validateObjects([cache], { kserveVersion: 'v0.13.1' }))).toEqual([
      expect.stringContaining('unknown apiVersion/kind serving.kserve.io/v1alpha1/LocalModelCache'),
    ]);
  });
});

describe('the on-disk cache of compiled validators', () => {
  type Helper = typeof import('./util/schema-validator');

  /** A fresh copy of the helper (its own ajv instance and in-memory caches), as another jest file gets. */
  function freshHelper(): Helper {
    let helper: Helper | undefined;
    jest.isolateModules(() => {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      helper = require('./util/schema-validator');
    });
    return helper!;
  }

  function rule(name: string, strategy: string): any {
    return {
      apiVersion: 'monitoring.coreos.com/v1',
      kind: 'PrometheusRule',
      metadata: { name },
      spec: { groups: [{ name: 'g', partial_response_strategy: strategy, rules: [{ record: 'r', expr: 'up' }] }] },
    };
  }

  /** Objects whose verdicts must not depend on where the validator came from. */
  function probes(): any[] {
    const badIsvc = isvc();
    badIsvc.metadata.name = 'bad-isvc';
    badIsvc.spec.predictor.sklearn.s3 = { secretName: 'x' }; // unknown field
    badIsvc.spec.predictor.minReplicas = 'two'; // wrong type
    badIsvc.spec.predictor.sklearn.resources.limits.memory = 'lots'; // not a quantity (custom format)
    return [
      isvc(),
      badIsvc,
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'ok' }, data: { a: 'b' } },
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'bad-cm', labelz: {} }, data: { a: 1 } },
      // A Go regexp pattern with an inline flag (`^(?i)(abort|warn)?$`): goRegExp in the generated code.
      rule('ok-rule', 'ABORT'),
      rule('bad-rule', 'sometimes'),
    ];
  }

  const saved = process.env.CDK8S_KSERVE_SCHEMA_CACHE;
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'schema-cache-test-'));
    process.env.CDK8S_KSERVE_SCHEMA_CACHE = dir;
  });
  afterAll(() => {
    if (saved === undefined) delete process.env.CDK8S_KSERVE_SCHEMA_CACHE;
    else process.env.CDK8S_KSERVE_SCHEMA_CACHE = saved;
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test('a second module instance loads the cached validators and gives the same verdicts', () => {
    const first = freshHelper();
    expect(first.schemaCacheDir()).toBe(dir);
    const compiled = first.validateObjects(probes());
    expect(first.schemaCacheStats.validatorMisses).toBeGreaterThanOrEqual(3);
    expect(first.schemaCacheStats.validatorHits).toBe(0);
    const files = fs.readdirSync(dir);
    expect(files.filter((f) => /^validator-[0-9a-f]{64}\.js$/.test(f)).length).toBe(first.schemaCacheStats.validatorMisses);
    expect(files.filter((f) => f.endsWith('.tmp'))).toEqual([]);

    const second = freshHelper();
    const cached = second.validateObjects(probes());
    expect(second.schemaCacheStats.validatorMisses).toBe(0);
    expect(second.schemaCacheStats.validatorHits).toBe(first.schemaCacheStats.validatorMisses);
    expect(second.schemaCacheStats.yamlMisses).toBe(0);

    // Same issues, in the same order, with the same messages; the bad objects are still rejected.
    expect(cached).toEqual(compiled);
    const text = messages(cached);
    expect(text).toEqual(expect.arrayContaining([
      expect.stringMatching(/^InferenceService\/bad-isvc: \/spec\/predictor\/sklearn: unknown field "s3"/),
      'InferenceService/bad-isvc: /spec/predictor/minReplicas: must be integer',
      expect.stringMatching(/^InferenceService\/bad-isvc: \/spec\/predictor\/sklearn\/resources\/limits\/memory: /),
      expect.stringMatching(/^ConfigMap\/bad-cm: \/metadata: unknown field "labelz"/),
      'ConfigMap/bad-cm: /data/a: must be string',
      expect.stringMatching(/^PrometheusRule\/bad-rule: \/spec\/groups\/0\/partial_response_strategy: must match pattern/),
    ]));
    expect(text.filter((t) => /^\w+\/(sklearn-iris|ok|ok-rule):/.test(t))).toEqual([]);
  });

  test('with the cache off nothing is written and the verdicts are the same', () => {
    const before = fs.readdirSync(dir).sort();
    process.env.CDK8S_KSERVE_SCHEMA_CACHE = 'off';
    try {
      const helper = freshHelper();
      expect(helper.schemaCacheDir()).toBeUndefined();
      const issues = helper.validateObjects(probes().slice(2, 4)); // the ConfigMaps: a quick compile
      expect(helper.schemaCacheStats.validatorHits).toBe(0);
      expect(messages(issues)).toEqual(expect.arrayContaining(['ConfigMap/bad-cm: /data/a: must be string']));
    } finally {
      process.env.CDK8S_KSERVE_SCHEMA_CACHE = dir;
    }
    expect(fs.readdirSync(dir).sort()).toEqual(before);
  });
});
