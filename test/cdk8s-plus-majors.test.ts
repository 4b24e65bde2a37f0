/**
 * Issue #18: an app set up by `cdk8s init` uses cdk8s-plus-33, while the library is built on cdk8s-plus-28. The same
 * stack, built once with each major's objects (Secrets, a ServiceAccount, a ConfigMap, env values, volumes, Cpu, probes,
 * a lifecycle handler, extra containers), must give the same YAML and the same errors: no check may depend on the class
 * identity of another package's objects.
 */
import { App, Chart, Duration, Size, Testing } from 'cdk8s';
import * as plus28 from 'cdk8s-plus-28';
import * as plus33 from 'cdk8s-plus-33';
import {
  Autoscaling, DeploymentMode, Gateway, HttpBackend, HttpRoute, InferenceService, ListenerProtocol, LLMInferenceService, LocalModelNodeGroup,
  Model, ModelStorageSecret, NodeGroupVolume, SecretSource, ServingRuntime, StorageUri,
} from '../src';
import { expectError, synthErrors } from './util/harness';
import { expectValidObjects } from './util/schema-validator';

/** The parts of a cdk8s-plus major the stack uses (both majors have them under the same names). */
type Plus = typeof plus28;

/**
 * The stack, built from one major's classes. The library's props are typed with cdk8s-plus-28's classes. TypeScript
 * accepts a plus-33 Secret, ServiceAccount, ConfigMap, Cpu or EnvValue as is; a Volume, Probe or Handler only through a
 * cast (their classes have private members, which TypeScript compares by declaration), so the module is cast once.
 */
function stack(plus: Plus, options: { wrongNamespace?: boolean } = {}): { app: App; chart: Chart } {
  const app = Testing.app();
  const chart = new Chart(app, 'test', { namespace: 'ml' });
  const other = new Chart(app, 'other', { namespace: options.wrongNamespace ? 'elsewhere' : 'ml' });
  const pull = new plus.Secret(other, 'pull', { metadata: { name: 'registry-creds' } });
  const account = new plus.ServiceAccount(chart, 'sa', { metadata: { name: 'predictor' }, automountToken: false });
  const settings = new plus.ConfigMap(chart, 'settings', { metadata: { name: 'settings' }, data: { LOG_LEVEL: 'info' } });
  const token = plus.Secret.fromSecretName(chart, 'token', 'hf-token');
  const models = plus.Volume.fromPersistentVolumeClaim(chart, 'models', plus.PersistentVolumeClaim.fromClaimName(chart, 'claim', 'models'));
  const cache = plus.Volume.fromEmptyDir(chart, 'cache', 'cache', { medium: plus.EmptyDirMedium.MEMORY, sizeLimit: Size.gibibytes(1) });
  new InferenceService(chart, 'iris', {
    deploymentMode: DeploymentMode.STANDARD,
    predictor: {
      model: Model.sklearn(StorageUri.gcs('kfserving-examples', 'models/sklearn/1.0/model')),
      serviceAccount: account,
      imagePullSecrets: [pull],
      autoscaling: Autoscaling.fixed(1),
      resources: { cpu: { request: plus.Cpu.millis(500), limit: plus.Cpu.units(2) }, memory: { request: Size.gibibytes(1) } },
      env: {
        LOG_LEVEL: plus.EnvValue.fromConfigMap(settings, 'LOG_LEVEL'),
        HF_TOKEN: plus.EnvValue.fromSecretValue({ secret: token, key: 'token' }),
        MODE: plus.EnvValue.fromValue('batch'),
        POD: plus.EnvValue.fromFieldRef(plus.EnvFieldPaths.POD_NAME),
      },
      envFrom: [plus.Env.fromConfigMap(settings, 'CFG_')],
      volumeMounts: [{ volume: models, path: '/mnt/extra', readOnly: true }, { volume: cache, path: '/cache' }],
      readinessProbe: plus.Probe.fromHttpGet('/v2/health/ready', { port: 8080, periodSeconds: Duration.seconds(10) }),
      livenessProbe: plus.Probe.fromTcpSocket({ port: 8080, failureThreshold: 5 }),
      startupProbe: plus.Probe.fromCommand(['cat', '/tmp/ready'], { initialDelaySeconds: Duration.seconds(5) }),
      lifecycle: { preStop: plus.Handler.fromCommand(['sleep', '5']) },
      extraContainers: [{
        name: 'sidecar',
        image: 'busybox:1.36',
        envVariables: { TOKEN: plus.EnvValue.fromSecretValue({ secret: token, key: 'token' }) },
        volumeMounts: [{ volume: cache, path: '/cache' }],
        resources: { cpu: { request: plus.Cpu.millis(50) } },
        securityContext: { ensureNonRoot: true, user: 1000 },
      }],
    },
  });
  new ServingRuntime(chart, 'runtime', {
    supportedModelFormats: [{ name: 'custom', autoSelect: true }],
    container: {
      image: 'example.com/server:1.0',
      resources: { cpu: { request: plus.Cpu.units(1) } },
      volumeMounts: [{ volume: cache, path: '/cache' }],
    },
  });
  ModelStorageSecret.s3(chart, 's3', {
    source: SecretSource.fromSecret(plus.Secret.fromSecretName(chart, 's3-creds', 's3-creds')),
    serviceAccount: account,
  });
  new LLMInferenceService(chart, 'llm', {
    model: { uri: StorageUri.huggingFace('Qwen/Qwen2.5-0.5B-Instruct') },
    template: {
      serviceAccount: account,
      imagePullSecrets: [pull],
      env: { LOG_LEVEL: plus.EnvValue.fromConfigMap(settings, 'LOG_LEVEL') },
      resources: { cpu: { request: plus.Cpu.units(2) }, memory: { request: Size.gibibytes(4) } },
    },
  });
  const cert = new plus.TlsSecret(chart, 'cert', { tlsCert: 'cert', tlsKey: 'key', metadata: { name: 'gw-cert', namespace: 'certs' } });
  const gateway = new Gateway(chart, 'gw', {
    gatewayClassName: 'istio', listeners: [{ name: 'https', port: 443, protocol: ListenerProtocol.HTTPS, tls: { certificates: [cert] } }],
  });
  new LocalModelNodeGroup(chart, 'gpus', {
    storageLimit: Size.gibibytes(100),
    volume: NodeGroupVolume.local('/mnt/models'),
    storageClassName: 'local',
    nodes: [plus.NodeLabelQuery.is('node.kubernetes.io/instance-type', 'gpu'), plus.NodeLabelQuery.notIn('zone', ['z1'])],
  });
  const backend = new plus.Service(chart, 'backend', { metadata: { name: 'backend' }, ports: [{ port: 8080 }] });
  new HttpRoute(chart, 'route', { parents: [{ gateway }], rules: [{ backends: [HttpBackend.service(backend)] }] });
  return { app, chart };
}

const PLUS_33 = plus33 as unknown as Plus;

test('the two majors export the classes the stack uses under the same names', () => {
  for (const name of ['Secret', 'TlsSecret', 'ServiceAccount', 'ConfigMap', 'Service', 'Volume', 'Cpu', 'EnvValue', 'Env', 'Probe', 'Handler', 'NodeLabelQuery'] as const) {
    expect(plus33[name].name).toBe(plus28[name].name);
    expect(plus33[name]).not.toBe(plus28[name]);
  }
});

test('the same stack with cdk8s-plus-28 and with cdk8s-plus-33 objects synthesizes identical, schema-valid YAML', () => {
  const with28 = stack(plus28);
  const with33 = stack(PLUS_33);
  expect(synthErrors(with33.app)).toEqual([]);
  const yaml28 = with28.app.synthYaml();
  const yaml33 = with33.app.synthYaml();
  expect(yaml33).toEqual(yaml28);
  expectValidObjects(Testing.synth(with33.chart), { kserveVersion: 'v0.20.0' });
  // The objects the stack hands over reach the YAML (a skipped plus-33 object would be missing, not different).
  const isvc = Testing.synth(with33.chart).find(o => o.kind === 'InferenceService');
  expect(isvc.spec.predictor.serviceAccountName).toBe('predictor');
  expect(isvc.spec.predictor.imagePullSecrets).toEqual([{ name: 'registry-creds' }]);
  expect(isvc.spec.predictor.model.resources).toEqual({ requests: { cpu: '500m', memory: '1Gi' }, limits: { cpu: '2' } });
  const objects = Testing.synth(with33.chart);
  expect(objects.find(o => o.kind === 'Gateway').spec.listeners[0].tls).toEqual({ certificateRefs: [{ name: 'gw-cert', namespace: 'certs' }] });
  expect(objects.find(o => o.kind === 'LocalModelNodeGroup').spec.persistentVolumeSpec.nodeAffinity.required.nodeSelectorTerms[0].matchExpressions)
    .toEqual([{ key: 'node.kubernetes.io/instance-type', operator: 'In', values: ['gpu'] }, { key: 'zone', operator: 'NotIn', values: ['z1'] }]);
  expect(objects.find(o => o.kind === 'HTTPRoute').spec.rules[0].backendRefs).toEqual([{ name: 'backend', port: 8080 }]);
});

test.each([['cdk8s-plus-28', plus28], ['cdk8s-plus-33', PLUS_33]])('the namespace check fires for a %s Secret written to another namespace', (_, plus) => {
  const errors = synthErrors(stack(plus, { wrongNamespace: true }).app);
  expectError(errors, 'test/iris', "spec.predictor.imagePullSecrets[0]: Secret 'registry-creds' is written to namespace 'elsewhere'", "create it in 'ml'");
  expectError(errors, 'test/llm', 'imagePullSecrets[0]', "'elsewhere'");
});

test('the errors are the same with either major', () => {
  expect(synthErrors(stack(PLUS_33, { wrongNamespace: true }).app)).toEqual(synthErrors(stack(plus28, { wrongNamespace: true }).app));
});

test('a value of the wrong type is named the same for either major: a plus-33 Size where a Cpu goes', () => {
  const messages = [plus28, PLUS_33].map(plus => {
    const app = Testing.app();
    const chart = new Chart(app, 'test', { namespace: 'ml' });
    new InferenceService(chart, 'iris', {
      predictor: {
        model: Model.sklearn(StorageUri.gcs('b', 'm')),
        resources: { cpu: { request: Size.gibibytes(1) as any } },
        env: { A: 'plain' as any, B: plus.EnvValue.fromValue('ok') },
      },
    });
    return synthErrors(app);
  });
  expect(messages[1]).toEqual(messages[0]);
  expectError(messages[1], 'test/iris', 'predictor.resources.cpu.request: must be a Cpu');
  expectError(messages[1], 'test/iris', "predictor.env['A']: must be an EnvValue");
});
