import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Chart, Duration, Size, Testing } from 'cdk8s';
import { Cpu, EnvValue, ServiceAccount, TaintEffect } from 'cdk8s-plus-28';
import {
  ComponentType, DeploymentMode, InferenceService, InferenceServiceProps, KServeVersion, LoggerMode, Model, ProtocolVersion,
  StorageUri, Toleration,
} from '../src';
import { collectNulls, expectError, newChart, synthErrors } from './util/harness';
import { expectValidObjects, KServeSchemaVersion } from './util/schema-validator';

const IRIS = StorageUri.parse('gs://kfserving-examples/models/sklearn/1.0/model');
const SCHEMA: Record<string, KServeSchemaVersion> = { 'v0.13.1': 'v0.13.1', 'v0.20.0': 'v0.20.0' };

/** Synthesizes with validation (as `cdk8s synth` does) and returns the objects. */
function synth(props: InferenceServiceProps, id = 'sklearn-iris'): { isvc: InferenceService; objects: any[] } {
  const { app, chart } = newChart();
  const isvc = new InferenceService(chart, id, props);
  app.synthYaml();
  return { isvc, objects: Testing.synth(chart) };
}

/** The validation errors synth reports for one InferenceService (each line), or [] when synth succeeds. */
function serviceErrors(props: InferenceServiceProps, id = 'sklearn-iris', namespace = 'ml'): string[] {
  const { app, chart } = newChart(namespace);
  new InferenceService(chart, id, props);
  return synthErrors(app);
}

/** Asserts an error of the service (every error names the construct path) contains every fragment. */
function expectServiceError(props: InferenceServiceProps, ...fragments: string[]) {
  expectError(serviceErrors(props), 'test/sklearn-iris', ...fragments);
}

const seedPredictor = {
  model: Model.sklearn(IRIS),
  resources: {
    cpu: { request: Cpu.millis(100), limit: Cpu.millis(500) },
    memory: { request: Size.mebibytes(256), limit: Size.mebibytes(512) },
  },
};

describe('the seed stack', () => {
  test('renders the sklearn-iris InferenceService', () => {
    const { objects } = synth({ predictor: seedPredictor });
    expect(objects).toMatchSnapshot();
    expect(objects).toHaveLength(1);
    const [isvc] = objects;
    expect(isvc.apiVersion).toBe('serving.kserve.io/v1beta1');
    expect(isvc.kind).toBe('InferenceService');
    expect(isvc.metadata).toEqual({
      name: 'sklearn-iris',
      namespace: 'ml',
      annotations: { 'serving.kserve.io/deploymentMode': 'Knative' },
    });
    expect(isvc.spec.predictor.model).toEqual({
      modelFormat: { name: 'sklearn' },
      storageUri: 'gs://kfserving-examples/models/sklearn/1.0/model',
      resources: { requests: { cpu: '100m', memory: '256Mi' }, limits: { cpu: '500m', memory: '512Mi' } },
    });
  });

  test.each(Object.keys(SCHEMA))('validates against the KServe %s schema', (schemaVersion) => {
    const version = schemaVersion === 'v0.13.1' ? KServeVersion.V0_13 : KServeVersion.V0_20;
    const { objects } = synth({ version, predictor: seedPredictor });
    expectValidObjects(objects, { kserveVersion: SCHEMA[schemaVersion] });
  });
});

describe('deployment mode and version', () => {
  test.each([
    [KServeVersion.V0_13, DeploymentMode.KNATIVE, 'Serverless'],
    [KServeVersion.V0_13, DeploymentMode.STANDARD, 'RawDeployment'],
    [KServeVersion.V0_20, DeploymentMode.KNATIVE, 'Knative'],
    [KServeVersion.V0_20, DeploymentMode.STANDARD, 'Standard'],
  ])('%s %s is written as %s', (version, deploymentMode, value) => {
    const { objects } = synth({ version, deploymentMode, predictor: { model: Model.sklearn(IRIS) } });
    expect(objects[0].metadata.annotations['serving.kserve.io/deploymentMode']).toBe(value);
  });

  test('KServeVersion.of finds supported versions and rejects others', () => {
    expect(KServeVersion.of('v0.13')).toBe(KServeVersion.V0_13);
    expect(KServeVersion.of('0.20.0')).toBe(KServeVersion.V0_20);
    expect(KServeVersion.of('v0.15')).toBe(KServeVersion.V0_15);
    // An unsupported version is reported at synth by the service that uses it, with the others in the app.
    const { app, chart } = newChart();
    new InferenceService(chart, 'iris', { version: KServeVersion.of('v0.12'), predictor: { model: Model.sklearn(StorageUri.s3('models', 'iris')) } });
    expect(synthErrors(app)).toEqual([
      "[test/iris] version: KServeVersion.of(version): 'v0.12' is not a supported KServe version; supported: v0.13.1, v0.14.1, v0.15.2, v0.16.0, v0.17.1, "
        + 'v0.18.1, v0.19.0, v0.20.0',
    ]);
  });
});

describe('every component option', () => {
  const sa = () => {
    const { app, chart } = newChart();
    return { app, chart, sa: new ServiceAccount(chart, 'sa', { metadata: { name: 'models' } }) };
  };

  function fullStack(version: KServeVersion) {
    const { app, chart, sa: account } = sa();
    const common = {
      serviceAccount: account,
      minReplicas: 1,
      maxReplicas: 4,
      containerConcurrency: 8,
      timeout: Duration.seconds(120),
      env: { LOG_LEVEL: EnvValue.fromValue('debug') },
      args: ['--workers=2'],
      nodeSelector: { 'cloud.google.com/gke-nodepool': 'cpu' },
      tolerations: [
        Toleration.equal('dedicated', 'ml', { effect: TaintEffect.NO_SCHEDULE }),
        Toleration.exists('spot', { effect: TaintEffect.NO_EXECUTE, evictAfter: Duration.minutes(5) }),
      ],
      affinity: {
        nodeAffinity: {
          requiredDuringSchedulingIgnoredDuringExecution: {
            nodeSelectorTerms: [{ matchExpressions: [{ key: 'kubernetes.io/arch', operator: 'In', values: ['amd64'] }] }],
          },
        },
      },
      labels: { team: 'ml' },
      annotations: { 'example.com/owner': 'ml-platform' },
      logger: { mode: LoggerMode.REQUEST, url: 'http://broker-ingress.knative-eventing.svc/ml/default' },
      batcher: { maxBatchSize: 16, maxLatency: Duration.millis(200), timeout: Duration.seconds(30) },
      resources: {
        cpu: { request: Cpu.millis(250), limit: Cpu.units(1) },
        memory: { request: Size.mebibytes(512), limit: Size.gibibytes(1) },
        ephemeralStorage: { request: Size.gibibytes(1), limit: Size.gibibytes(2) },
      },
    };
    const isvc = new InferenceService(chart, 'sklearn-iris', {
      version,
      labels: { app: 'iris' },
      annotations: { 'example.com/ticket': 'ML-1' },
      predictor: { ...common, model: Model.sklearn(IRIS, { formatVersion: '1', runtime: 'kserve-sklearnserver', protocolVersion: ProtocolVersion.V2 }) },
      transformer: {
        ...common,
        container: { image: 'ghcr.io/acme/iris-transformer:1.2.0', port: 8080, protocolVersion: ProtocolVersion.V2, command: ['python', '-m', 'transformer'] },
      },
      explainer: { ...common, env: {}, container: { image: 'ghcr.io/acme/iris-explainer@sha256:' + 'a'.repeat(64) } },
    });
    app.synthYaml();
    return { isvc, objects: Testing.synth(chart) };
  }

  test.each([KServeVersion.V0_13, KServeVersion.V0_20])('render fully, without nulls, and validate on %s', (version) => {
    const { objects } = fullStack(version);
    expect(collectNulls(objects)).toEqual([]);
    expectValidObjects(objects, { kserveVersion: version.name as KServeSchemaVersion });
  });

  test('render every field where KServe reads it', () => {
    const { objects } = fullStack(KServeVersion.V0_20);
    const spec = objects.find(o => o.kind === 'InferenceService').spec;
    expect(objects).toMatchSnapshot();
    const p = spec.predictor;
    expect(p).toMatchObject({
      serviceAccountName: 'models',
      minReplicas: 1,
      maxReplicas: 4,
      containerConcurrency: 8,
      timeout: 120,
      nodeSelector: { 'cloud.google.com/gke-nodepool': 'cpu' },
      labels: { team: 'ml' },
      annotations: { 'example.com/owner': 'ml-platform' },
      logger: { mode: 'request', url: 'http://broker-ingress.knative-eventing.svc/ml/default' },
      batcher: { maxBatchSize: 16, maxLatency: 200, timeout: 30 },
    });
    expect(p.tolerations).toEqual([
      { key: 'dedicated', operator: 'Equal', value: 'ml', effect: 'NoSchedule' },
      { key: 'spot', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
    ]);
    expect(p.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchExpressions[0].values).toEqual(['amd64']);
    expect(p.model).toMatchObject({
      modelFormat: { name: 'sklearn', version: '1' },
      runtime: 'kserve-sklearnserver',
      protocolVersion: 'v2',
      args: ['--workers=2'],
      env: [{ name: 'LOG_LEVEL', value: 'debug' }],
      resources: {
        requests: { 'cpu': '250m', 'memory': '512Mi', 'ephemeral-storage': '1Gi' },
        limits: { 'cpu': '1', 'memory': '1Gi', 'ephemeral-storage': '2Gi' },
      },
    });
    expect(spec.transformer.containers).toEqual([{
      name: 'kserve-container',
      image: 'ghcr.io/acme/iris-transformer:1.2.0',
      command: ['python', '-m', 'transformer'],
      args: ['--workers=2'],
      ports: [{ name: 'http1', containerPort: 8080, protocol: 'TCP' }],
      env: [{ name: 'PROTOCOL', value: 'v2' }, { name: 'LOG_LEVEL', value: 'debug' }],
      resources: {
        requests: { 'cpu': '250m', 'memory': '512Mi', 'ephemeral-storage': '1Gi' },
        limits: { 'cpu': '1', 'memory': '1Gi', 'ephemeral-storage': '2Gi' },
      },
      // Custom containers' secure defaults (test/container-fields.test.ts).
      securityContext: { allowPrivilegeEscalation: false, seccompProfile: { type: 'RuntimeDefault' } },
    }]);
    expect(spec.explainer.containers[0].image).toMatch(/@sha256:a{64}$/);
    expect(spec.explainer.containers[0].env).toBeUndefined();
  });

  test('a custom predictor container gets STORAGE_URI and PROTOCOL', () => {
    const { objects } = synth({
      predictor: {
        container: { image: 'ghcr.io/acme/server:2.0.1', storageUri: IRIS, protocolVersion: ProtocolVersion.V1 },
      },
    });
    const predictor = objects[0].spec.predictor;
    expect(predictor.model).toBeUndefined();
    expect(predictor.containers[0]).toEqual({
      name: 'kserve-container',
      image: 'ghcr.io/acme/server:2.0.1',
      env: [{ name: 'PROTOCOL', value: 'v1' }, { name: 'STORAGE_URI', value: IRIS.uri }],
      securityContext: { allowPrivilegeEscalation: false, seccompProfile: { type: 'RuntimeDefault' } },
    });
    expectValidObjects(objects, { kserveVersion: 'v0.13.1' });
    expectValidObjects(objects, { kserveVersion: 'v0.20.0' });
  });

  test('memory sizes use the largest exact binary unit', () => {
    const { objects } = synth({
      predictor: {
        model: Model.sklearn(IRIS),
        resources: { memory: { request: Size.kibibytes(1536), limit: Size.gibibytes(3) }, cpu: { limit: Cpu.units(0.5) } },
      },
    });
    expect(objects[0].spec.predictor.model.resources).toEqual({ requests: { memory: '1536Ki' }, limits: { memory: '3Gi', cpu: '0.5' } });
  });
});

describe('what the construct exposes', () => {
  test('names, labels, hosts and paths', () => {
    const { isvc } = synth({
      predictor: { model: Model.sklearn(IRIS) },
      transformer: { container: { image: 'ghcr.io/acme/t:1.0.0' } },
    });
    expect(isvc.name).toBe('sklearn-iris');
    expect(isvc.namespace).toBe('ml');
    expect(isvc.version).toBe(KServeVersion.V0_20);
    expect(isvc.deploymentMode).toBe(DeploymentMode.KNATIVE);
    expect(isvc.components).toEqual([ComponentType.PREDICTOR, ComponentType.TRANSFORMER]);
    expect(isvc.componentName(ComponentType.PREDICTOR)).toBe('sklearn-iris-predictor');
    expect(isvc.selectorLabels()).toEqual({ 'serving.kserve.io/inferenceservice': 'sklearn-iris', 'component': 'predictor' });
    expect(isvc.selectorLabels(ComponentType.TRANSFORMER).component).toBe('transformer');
    expect(isvc.serviceHostname()).toBe('sklearn-iris-predictor.ml.svc.cluster.local');
    expect(isvc.clusterLocalUrl).toBe('http://sklearn-iris-transformer.ml.svc.cluster.local');
    expect(isvc.externalUrl('example.com')).toBe('http://sklearn-iris-ml.example.com');
    expect(isvc.protocolVersion).toBe(ProtocolVersion.V1);
    expect(isvc.predictPath).toBe('/v1/models/sklearn-iris:predict');
    expect(isvc.model?.formatName).toBe('sklearn');
  });

  test('an explicit name and namespace win over the id and the chart', () => {
    const { objects, isvc } = synth({ name: 'iris', namespace: 'models', predictor: { model: Model.sklearn(IRIS) } }, 'Iris');
    expect(objects[0].metadata).toMatchObject({ name: 'iris', namespace: 'models' });
    expect(isvc.clusterLocalUrl).toBe('http://iris-predictor.models.svc.cluster.local');
  });

  test('the escape hatch reaches the L1 object', () => {
    const { app, chart } = newChart();
    const isvc = new InferenceService(chart, 'sklearn-iris', { predictor: { model: Model.sklearn(IRIS) } });
    isvc.apiObject.metadata.addLabel('extra', 'yes');
    app.synthYaml();
    expect(Testing.synth(chart)[0].metadata.labels).toEqual({ extra: 'yes' });
  });
});

describe('validation rules (each rejected with the construct path, field and what is allowed)', () => {
  const model = Model.sklearn(IRIS);

  test('name format (IsvcNameFmt)', () => {
    expect(serviceErrors({ predictor: { model } }, 'Sklearn_Iris')[0]).toMatch(
      /^\[test\/Sklearn_Iris\] metadata.name 'Sklearn_Iris' must consist of lower case alphanumeric characters or '-'.*regex/);
    expect(serviceErrors({ predictor: { model } }, '1iris')[0]).toContain("metadata.name '1iris'");
  });

  test('derived hostnames longer than 63 characters', () => {
    const errors = serviceErrors({ predictor: { model } }, 'a'.repeat(45), 'production-models');
    expect(errors.join('\n')).toContain(`KServe derives '${'a'.repeat(45)}-predictor-production-models' (73 characters) and DNS labels allow at most 63`);
  });

  test('namespace must be a DNS label', () => {
    expect(serviceErrors({ namespace: 'ML_team', predictor: { model } }).join('\n')).toContain("metadata.namespace 'ML_team' must be a DNS-1123 label");
  });

  test('exactly one predictor implementation', () => {
    expectServiceError({ predictor: {} }, "spec.predictor: exactly one of 'model' or 'container' must be given (got neither)");
    expectServiceError({ predictor: { model, container: { image: 'ghcr.io/a/b:1.0' } } }, 'exactly one of', '(got both)');
  });

  test('replica bounds (component.go)', () => {
    expectServiceError({ predictor: { model, minReplicas: -1 } }, 'spec.predictor.minReplicas (-1) must be a whole number >= 0');
    expectServiceError({ predictor: { model, maxReplicas: -2 } }, 'spec.predictor.maxReplicas (-2) must be a whole number >= 0');
    expectServiceError({ predictor: { model, minReplicas: 5, maxReplicas: 2 } },
      'spec.predictor.minReplicas (5) must be less than or equal to spec.predictor.maxReplicas (2)');
    expect(serviceErrors({ predictor: { model, minReplicas: 5, maxReplicas: 0 } })).toEqual([]);
  });

  test('containerConcurrency must not be negative', () => {
    expectServiceError({ predictor: { model, containerConcurrency: -1 } }, 'spec.predictor.containerConcurrency (-1) must be a whole number >= 0');
  });

  test('scale to zero only in Knative mode', () => {
    expectServiceError({ deploymentMode: DeploymentMode.STANDARD, predictor: { model, minReplicas: 0 } },
      "spec.predictor.minReplicas is 0 but scale to zero needs Knative; deployment mode 'Standard'");
    expectServiceError({ version: KServeVersion.V0_13, deploymentMode: DeploymentMode.STANDARD, predictor: { model, minReplicas: 0 } },
      "deployment mode 'RawDeployment'");
    expect(serviceErrors({ predictor: { model, minReplicas: 0 } })).toEqual([]);
  });

  test('timeout in whole seconds', () => {
    expectServiceError({ predictor: { model, timeout: Duration.millis(1500) } }, 'spec.predictor.timeout (1.5s) must be a whole number of seconds');
  });

  test('requests must not exceed limits, amounts must be positive', () => {
    expectServiceError({ predictor: { model, resources: { cpu: { request: Cpu.units(2), limit: Cpu.millis(500) } } } },
      'spec.predictor.resources.cpu.request (2) must be less than or equal to spec.predictor.resources.cpu.limit (500m)');
    expectServiceError({ predictor: { model, resources: { memory: { request: Size.gibibytes(1), limit: Size.mebibytes(512) } } } },
      'spec.predictor.resources.memory.request (1Gi) must be less than or equal to spec.predictor.resources.memory.limit (512Mi)');
    expectServiceError({ predictor: { model, resources: { cpu: { limit: Cpu.millis(0) } } } }, 'spec.predictor.resources.cpu.limit (0m) must be greater than zero');
  });

  test('PYTHONPATH is blocked from v0.20 (env_policy.go)', () => {
    const env = { PYTHONPATH: EnvValue.fromValue('/x') };
    expectServiceError({ predictor: { model, env } }, 'spec.predictor.env: setting PYTHONPATH is not allowed by KServe v0.20.0');
    expect(serviceErrors({ version: KServeVersion.V0_13, predictor: { model, env } })).toEqual([]);
  });

  test('env names', () => {
    expectServiceError({ predictor: { model, env: { '1BAD': EnvValue.fromValue('x') } } }, "spec.predictor.env name '1BAD' is invalid");
  });

  test('labels and annotations', () => {
    expectServiceError({ labels: { team: 'x'.repeat(64) }, predictor: { model } }, "metadata.labels['team'] value", 'at most 63');
    expectServiceError({ predictor: { model, labels: { 'bad key!': 'x' } } }, "spec.predictor.labels key 'bad key!' is invalid");
    expectServiceError({ annotations: { 'a/b/c': 'x' }, predictor: { model } }, "metadata.annotations key 'a/b/c' has an invalid prefix");
  });

  test('managed annotations are refused with the prop to use', () => {
    expectServiceError({ annotations: { 'serving.kserve.io/deploymentMode': 'Standard' }, predictor: { model } },
      "metadata.annotations['serving.kserve.io/deploymentMode'] is managed by the library or KServe: use the 'deploymentMode' prop");
    expectServiceError({ predictor: { model, annotations: { 'autoscaling.knative.dev/min-scale': '2' } } },
      "spec.predictor.annotations['autoscaling.knative.dev/min-scale']", "set 'minReplicas'");
    expectServiceError({ annotations: { 'internal.serving.kserve.io/storage-spec': 'true' }, predictor: { model } }, 'is internal to the KServe controller');
  });

  test('node selector and tolerations', () => {
    expectServiceError({ predictor: { model, nodeSelector: { pool: 'has space' } } }, "spec.predictor.nodeSelector['pool'] value 'has space' is invalid");
    expectServiceError({ predictor: { model, tolerations: [Toleration.equal('k', 'v w')] } },
      "spec.predictor.tolerations[0].value 'v w' is invalid");
    expectServiceError({ predictor: { model, tolerations: [Toleration.equal('', 'v')] } }, 'spec.predictor.tolerations[0]: Toleration.equal needs a key');
    expectServiceError({ predictor: { model, tolerations: [Toleration.equal('k', 'v', { evictAfter: Duration.seconds(5) })] } },
      "'evictAfter' (tolerationSeconds) only applies to the NoExecute effect");
    expectServiceError({ predictor: { model, tolerations: [Toleration.exists('k', { effect: TaintEffect.NO_EXECUTE, evictAfter: Duration.millis(10) })] } },
      'spec.predictor.tolerations[0].evictAfter (0.01s) must be a whole number of seconds');
    // JavaScript callers without a type checker get an error, not a TypeError.
    expectServiceError({ predictor: { model, tolerations: [{ key: 'k', value: 'v' } as unknown as Toleration] } },
      'predictor.tolerations[0]: must be a Toleration (Toleration.equal(...) or Toleration.exists(...)) (got a plain object { key, value })');
  });

  test('logger and batcher', () => {
    expectServiceError({ predictor: { model, logger: { url: 'broker' } } }, "spec.predictor.logger.url 'broker' must be an http:// or https:// URL");
    expectServiceError({ predictor: { model, batcher: { maxBatchSize: 0 } } }, 'spec.predictor.batcher.maxBatchSize (0) must be a whole number greater than zero');
    expectServiceError({ predictor: { model, batcher: { maxLatency: Duration.millis(0.5) } } }, 'spec.predictor.batcher.maxLatency (0.5ms)');
    expectServiceError({ predictor: { model, batcher: { timeout: Duration.millis(100) } } }, 'spec.predictor.batcher.timeout (0.1s)');
  });

  test('custom container images are pinned', () => {
    expectServiceError({ predictor: { container: { image: 'ghcr.io/acme/server' } } },
      "spec.predictor.container.image 'ghcr.io/acme/server' has no tag or digest (that means 'latest')");
    expectServiceError({ predictor: { container: { image: 'ghcr.io/acme/server:latest' } } }, "uses the 'latest' tag");
    expectServiceError({ predictor: { container: { image: 'Not An Image' } } }, 'is not a valid image reference');
  });

  test.each([
    'my__server:1.0', 'my--server:1.0', 'my.server_x:1.0', 'localhost:5000/team/server:1.0', 'Registry.Example.com/team/server:1.0',
    `ghcr.io/acme/server@sha256:${'a'.repeat(64)}`, `ghcr.io/acme/server:1.0@sha256:${'b'.repeat(64)}`,
  ])('custom container image %s is accepted, as registries accept it', (image) => {
    expect(serviceErrors({ predictor: { container: { image } } })).toEqual([]);
  });

  test.each([
    'registry.example.com/Team/server:1.0', 'server_:1.0', 'server:', '-server:1.0', 'ghcr.io/acme/server@sha256:abc', 'ghcr.io//server:1.0',
  ])('custom container image %s is rejected, as registries reject it', (image) => {
    expectServiceError({ predictor: { container: { image } } }, `spec.predictor.container.image '${image}' is not a valid image reference`);
  });

  test('custom container port, protocol and reserved env', () => {
    expectServiceError({ predictor: { container: { image: 'a/b:1', port: 70000 } } }, 'spec.predictor.container.port (70000) must be a port number between 1 and 65535');
    expectServiceError({ predictor: { container: { image: 'a/b:1', protocolVersion: ProtocolVersion.GRPC_V2 } } },
      "spec.predictor.container.protocolVersion 'grpc-v2' is not accepted for custom predictors");
    expectServiceError({ predictor: { container: { image: 'a/b:1', port: 8012 } } }, 'spec.predictor.container.port (8012) is reserved by Knative');
    expectServiceError({ version: KServeVersion.V0_13, predictor: { container: { image: 'a/b:1', storageUri: StorageUri.huggingFace('acme/model') } } },
      "spec.predictor.container.storageUri 'hf://acme/model': the 'hf://' scheme needs KServe v0.14");
    expectServiceError({ predictor: { container: { image: 'a/b:1' }, env: { PROTOCOL: EnvValue.fromValue('v2') } } },
      "spec.predictor.env['PROTOCOL'] is set by the library; use container.protocolVersion");
  });

  test('transformers and explainers may download artifacts and speak any protocol, as KServe allows', () => {
    const { objects } = synth({
      predictor: { model },
      transformer: { container: { image: 'a/t:1', storageUri: IRIS, protocolVersion: ProtocolVersion.GRPC_V2 } },
    });
    expectValidObjects(objects);
    const env = objects[0].spec.transformer.containers[0].env;
    expect(env).toEqual(expect.arrayContaining([{ name: 'STORAGE_URI', value: IRIS.uri }, { name: 'PROTOCOL', value: 'grpc-v2' }]));
  });

  test('a derived name too long because of the predictor name says so', () => {
    expectServiceError({ predictor: { model, name: 'p'.repeat(40) } }, "metadata.name 'sklearn-iris' is too long", `or spec.predictor.name '${'p'.repeat(40)}'`);
  });

  test('Knative reserves queue-proxy ports; Standard mode does not', () => {
    expect(serviceErrors({ deploymentMode: DeploymentMode.STANDARD, predictor: { container: { image: 'a/b:1', port: 9091 } } })).toEqual([]);
  });

  test('two InferenceServices with one name in one namespace are rejected, naming both', () => {
    const { app, chart } = newChart();
    new InferenceService(chart, 'a', { name: 'iris', predictor: { model } });
    new InferenceService(chart, 'b', { name: 'iris', predictor: { model } });
    new InferenceService(chart, 'c', { name: 'iris', namespace: 'other', predictor: { model } });
    let message = '';
    try { app.synthYaml(); } catch (e) { message = (e as Error).message; }
    const lines = message.split('\n').filter(l => l.includes("InferenceService 'ml/iris' is also written by"));
    expect(lines).toEqual([
      expect.stringContaining("[test/a] InferenceService 'ml/iris' is also written by 'test/b' in the file of chart 'test'"),
      expect.stringContaining("[test/b] InferenceService 'ml/iris' is also written by 'test/a' in the file of chart 'test'"),
    ]);
  });

  test('transformer and explainer options are validated too', () => {
    expectServiceError({ predictor: { model }, transformer: { container: { image: 'a/t:1' }, minReplicas: 3, maxReplicas: 1 } },
      'spec.transformer.minReplicas (3) must be less than or equal to spec.transformer.maxReplicas (1)');
    expectServiceError({ predictor: { model }, explainer: { container: { image: 'a/e' } } }, 'spec.explainer.container.image');
  });

  test('all errors are reported at once, and nothing is written', () => {
    const app = Testing.app({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'isvc-')) });
    const chart = new Chart(app, 'test', { namespace: 'ml' });
    new InferenceService(chart, 'Bad_Name', { predictor: { model, minReplicas: -1, maxReplicas: -1, containerConcurrency: -5 } });
    expect(() => app.synth()).toThrow(/Validation failed/);
    let message = '';
    try { app.synth(); } catch (e) { message = (e as Error).message; }
    expect(message.split('\n').filter(l => l.includes('[test/Bad_Name]'))).toHaveLength(4);
    expect(fs.readdirSync(app.outdir)).toEqual([]);
  });
});
