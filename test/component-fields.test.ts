/**
 * The component field table: every field of KServe's component spec (`ComponentExtensionSpec`, the PodSpec it
 * embeds, the main container, the model's storage spec and the v0.20 `workerSpec`), read from the upstream CRDs,
 * is listed in the README's field table, either with the typed prop that sets it or with why the library does not
 * offer it. Every field listed with a prop is proven here: set through the typed API, found in the YAML exactly,
 * and valid against the schema of every supported version that has the field.
 */
import * as fs from 'fs';
import * as path from 'path';
import { Chart, Duration, Size, Testing } from 'cdk8s';
import {
  Cpu, DnsPolicy, Env, EnvValue, Handler, ImagePullPolicy, PercentOrAbsolute, PersistentVolumeClaim, Probe, Secret, TaintEffect, ServiceAccount,
  Volume,
} from 'cdk8s-plus-28';
import { parse } from 'yaml';
import {
  Autoscaling, CanaryRollout, DeploymentMode, DeploymentStrategy, ExtendedResource, InferenceService, KedaMetric, KServeVersion, LoggerMode, Model,
  ModelStorage, ModelStorageSecret, PodOs, PredictorOptions, PreemptionPolicy, ResizeRestartPolicy, ResourceClaim, SecretSource, StorageUri,
  TerminationMessagePolicy, Toleration,
} from '../src';
import { newChart, synthErrors } from './util/harness';
import { expectValidObjects, KServeSchemaVersion, schemaVersionOf } from './util/schema-validator';

const ROOT = path.resolve(__dirname, '..');
const SCHEMAS = path.resolve(ROOT, '..', 'shared', 'schemas', 'kserve');
const SCHEMA_VERSIONS = Object.fromEntries(KServeVersion.all().map(v => [schemaVersionOf(v), v])) as Record<KServeSchemaVersion, KServeVersion>;

/** The field names of the component spec in one KServe release's CRD, keyed as the README table keys them. */
function schemaFields(version: KServeSchemaVersion): string[] {
  const crd = parse(fs.readFileSync(path.join(SCHEMAS, version, 'serving.kserve.io_inferenceservices.yaml'), 'utf8'));
  const spec = crd.spec.versions.find((v: any) => v.name === 'v1beta1').schema.openAPIV3Schema.properties.spec.properties;
  const props = (node: any): string[] => Object.keys(node?.properties ?? {});
  const predictor = spec.predictor;
  return [
    ...props(predictor),
    // The transformer and explainer share the component and pod fields; nothing of theirs is missing from the predictor.
    ...props(spec.transformer).filter(f => !props(predictor).includes(f)).map(f => `transformer.${f}`),
    // The storage spec is listed by its fields.
    ...props(predictor.properties.model).filter(f => f !== 'storage').map(f => `model.${f}`),
    ...props(predictor.properties.model.properties.storage).map(f => `model.storage.${f}`),
    ...props(predictor.properties.workerSpec).filter(f => !props(predictor).includes(f)).map(f => `workerSpec.${f}`),
  ];
}

/** README rows between the field-table markers: KServe field → how it is set (or why it is not). */
function readmeTable(): Map<string, string> {
  const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
  const start = readme.indexOf('<!-- component-fields:start -->');
  const end = readme.indexOf('<!-- component-fields:end -->');
  expect(start).toBeGreaterThan(0);
  expect(end).toBeGreaterThan(start);
  const rows = new Map<string, string>();
  for (const line of readme.slice(start, end).split('\n')) {
    const match = /^\| `([^`]+)` \| (.+) \|$/.exec(line.trim());
    if (match) rows.set(match[1], match[2]);
  }
  return rows;
}

const NOT_OFFERED = 'not offered';
const MODEL = Model.sklearn(StorageUri.parse('gs://models/iris'));

/**
 * How a field is proven: the predictor options that set it (given a chart for cdk8s-plus objects), where it
 * lands under `spec.predictor`, and the exact value expected there.
 */
interface Proof {
  readonly set: (chart: Chart) => Partial<PredictorOptions>;
  readonly at: string;
  readonly expected: unknown;
  /** The deployment mode the field needs. @default Knative */
  readonly mode?: DeploymentMode;
  /** Constructs that set the field on the service from outside (a CanaryRollout). @default - none */
  readonly attach?: (chart: Chart, service: InferenceService) => void;
  /** The schema versions the library offers the field on. @default - every version whose CRD has it */
  readonly versions?: KServeSchemaVersion[];
}

const PROOFS: Record<string, Proof> = {
  'minReplicas': { set: () => ({ minReplicas: 2 }), at: 'minReplicas', expected: 2 },
  'maxReplicas': { set: () => ({ maxReplicas: 5 }), at: 'maxReplicas', expected: 5 },
  'containerConcurrency': { set: () => ({ containerConcurrency: 4 }), at: 'containerConcurrency', expected: 4 },
  'timeout': { set: () => ({ timeout: Duration.seconds(120) }), at: 'timeout', expected: 120 },
  'scaleMetric': { set: () => ({ autoscaling: Autoscaling.rps({ target: 50 }) }), at: 'scaleMetric', expected: 'rps' },
  'scaleTarget': { set: () => ({ autoscaling: Autoscaling.rps({ target: 50 }) }), at: 'scaleTarget', expected: 50 },
  'autoScaling': {
    set: () => ({ autoscaling: Autoscaling.keda({ metrics: [KedaMetric.cpu(70)], minReplicas: 1, maxReplicas: 3 }) }),
    at: 'autoScaling.metrics.0.type',
    expected: 'Resource',
    mode: DeploymentMode.STANDARD,
  },
  'serviceAccountName': { set: c => ({ serviceAccount: ServiceAccount.fromServiceAccountName(c, 'sa', 'model-runner') }), at: 'serviceAccountName', expected: 'model-runner' },
  'imagePullSecrets': { set: c => ({ imagePullSecrets: [Secret.fromSecretName(c, 'pull', 'registry-creds')] }), at: 'imagePullSecrets', expected: [{ name: 'registry-creds' }] },
  'priorityClassName': { set: () => ({ priorityClassName: 'serving-high' }), at: 'priorityClassName', expected: 'serving-high' },
  'runtimeClassName': { set: () => ({ runtimeClassName: 'nvidia' }), at: 'runtimeClassName', expected: 'nvidia' },
  'terminationGracePeriodSeconds': { set: () => ({ terminationGracePeriod: Duration.seconds(90) }), at: 'terminationGracePeriodSeconds', expected: 90 },
  'nodeSelector': { set: () => ({ nodeSelector: { 'gpu.pool': 'a100' } }), at: 'nodeSelector', expected: { 'gpu.pool': 'a100' } },
  'tolerations': {
    set: () => ({ tolerations: [Toleration.exists('nvidia.com/gpu', { effect: TaintEffect.NO_SCHEDULE })] }),
    at: 'tolerations',
    expected: [{ key: 'nvidia.com/gpu', operator: 'Exists', effect: 'NoSchedule' }],
  },
  'affinity': {
    set: () => ({ affinity: { podAntiAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [] } } }),
    at: 'affinity',
    expected: { podAntiAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [] } },
  },
  'labels': { set: () => ({ labels: { team: 'fraud' } }), at: 'labels', expected: { team: 'fraud' } },
  'annotations': { set: () => ({ annotations: { 'example.com/owner': 'fraud' } }), at: 'annotations', expected: { 'example.com/owner': 'fraud' } },
  'logger': { set: () => ({ logger: { mode: LoggerMode.REQUEST, url: 'http://collector.ml' } }), at: 'logger', expected: { mode: 'request', url: 'http://collector.ml' } },
  'batcher': { set: () => ({ batcher: { maxBatchSize: 16 } }), at: 'batcher', expected: { maxBatchSize: 16 } },
  'name': { set: () => ({ name: 'blue' }), at: 'name', expected: 'blue' },
  'canaryTrafficPercent': {
    set: () => ({}),
    attach: (chart, service) => new CanaryRollout(chart, 'canary', { service, trafficPercent: 10 }),
    at: 'canaryTrafficPercent',
    expected: 10,
  },
  'model': { set: () => ({}), at: 'model.modelFormat.name', expected: 'sklearn' },
  'model.resources': {
    set: () => ({ resources: { cpu: { request: Cpu.millis(500) } }, extendedResources: [ExtendedResource.nvidiaGpu(1)] }),
    at: 'model.resources',
    expected: { requests: { 'cpu': '500m', 'nvidia.com/gpu': '1' }, limits: { 'nvidia.com/gpu': '1' } },
  },
  'model.env': { set: () => ({ env: { LOG_LEVEL: EnvValue.fromValue('debug') } }), at: 'model.env', expected: [{ name: 'LOG_LEVEL', value: 'debug' }] },
  'model.args': { set: () => ({ args: ['--workers=2'] }), at: 'model.args', expected: ['--workers=2'] },
  'model.command': { set: () => ({ command: ['/bin/serve'] }), at: 'model.command', expected: ['/bin/serve'] },
  'model.envFrom': { set: c => ({ envFrom: [Env.fromSecret(Secret.fromSecretName(c, 'env', 'app-secrets'))] }), at: 'model.envFrom', expected: [{ secretRef: { name: 'app-secrets' } }] },
  'model.imagePullPolicy': { set: () => ({ imagePullPolicy: ImagePullPolicy.IF_NOT_PRESENT }), at: 'model.imagePullPolicy', expected: 'IfNotPresent' },
  'model.lifecycle': {
    set: () => ({ lifecycle: { preStop: Handler.fromCommand(['sleep', '5']) } }),
    at: 'model.lifecycle',
    expected: { preStop: { exec: { command: ['sleep', '5'] } } },
    mode: DeploymentMode.STANDARD,
  },
  'model.livenessProbe': { set: () => ({ livenessProbe: Probe.fromTcpSocket({ port: 8080 }) }), at: 'model.livenessProbe', expected: { tcpSocket: { port: 8080 }, failureThreshold: 3 } },
  'model.ports': { set: () => ({ ports: [{ number: 8080, name: 'http1' }] }), at: 'model.ports', expected: [{ containerPort: 8080, name: 'http1' }] },
  'model.readinessProbe': {
    set: () => ({ readinessProbe: Probe.fromHttpGet('/v1/models/iris', { port: 8080, periodSeconds: Duration.seconds(5) }) }),
    at: 'model.readinessProbe',
    expected: { httpGet: { path: '/v1/models/iris', port: 8080, scheme: 'HTTP' }, periodSeconds: 5, failureThreshold: 3 },
  },
  'model.securityContext': { set: () => ({ securityContext: { ensureNonRoot: true } }), at: 'model.securityContext', expected: { runAsNonRoot: true } },
  'model.startupProbe': {
    set: () => ({ startupProbe: Probe.fromCommand(['true'], { failureThreshold: 30 }) }),
    at: 'model.startupProbe',
    expected: { exec: { command: ['true'] }, failureThreshold: 30 },
    mode: DeploymentMode.STANDARD,
  },
  'model.workingDir': { set: () => ({ workingDir: '/app' }), at: 'model.workingDir', expected: '/app' },
  'model.modelFormat': { set: () => ({ model: Model.xgboost(StorageUri.parse('gs://models/x'), { formatVersion: '2' }) }), at: 'model.modelFormat', expected: { name: 'xgboost', version: '2' } },
  'model.runtime': { set: () => ({ model: Model.sklearn(StorageUri.parse('gs://models/x'), { runtime: 'custom-sklearn' }) }), at: 'model.runtime', expected: 'custom-sklearn' },
  'model.runtimeVersion': { set: () => ({ model: Model.sklearn(StorageUri.parse('gs://models/x'), { runtimeVersion: 'v0.20.1' }) }), at: 'model.runtimeVersion', expected: 'v0.20.1' },
  'model.protocolVersion': { set: () => ({ model: Model.onnx(StorageUri.parse('gs://models/x')) }), at: 'model.protocolVersion', expected: 'v2' },
  'model.storageUri': { set: () => ({}), at: 'model.storageUri', expected: 'gs://models/iris' },
  'model.storage.key': {
    set: c => ({
      model: Model.sklearn(StorageUri.s3('models', 'iris')),
      storageCredentials: ModelStorageSecret.storageConfig(c, 'cfg', { key: 'minio', source: SecretSource.fromSecretName('storage-config') }),
    }),
    at: 'model.storage.key',
    expected: 'minio',
  },
  'model.storage.path': { set: () => ({ model: Model.sklearn(ModelStorage.path('sklearn/iris')) }), at: 'model.storage.path', expected: 'sklearn/iris' },
  'model.storage.parameters': {
    set: () => ({ model: Model.sklearn(ModelStorage.path('sklearn/iris', { bucket: 'models', parameters: { type: 's3' } })) }),
    at: 'model.storage.parameters',
    expected: { type: 's3', bucket: 'models' },
  },
  'storageUris': {
    set: () => ({ model: Model.huggingface(ModelStorage.fromStorageUris()), storageUris: [{ uri: StorageUri.parse('gs://models/llm'), mountPath: '/mnt/models/base' }] }),
    at: 'storageUris',
    expected: [{ uri: 'gs://models/llm', mountPath: '/mnt/models/base' }],
  },
  'model.confidential': {
    set: () => ({ model: Model.sklearn(StorageUri.parse('gs://models/x'), { confidential: { resourceId: 'kbs:///default/iris/key' } }) }),
    at: 'model.confidential',
    expected: { enabled: true, resourceId: 'kbs:///default/iris/key' },
  },
  'storageContainerName': { set: () => ({ storageContainerName: 'team-downloader' }), at: 'storageContainerName', expected: 'team-downloader' },
  'containers': { set: () => ({ model: undefined, container: { image: 'registry.example.com/ml/server:1.0.0' } }), at: 'containers.0.image', expected: 'registry.example.com/ml/server:1.0.0' },
  'initContainers': { set: () => ({ initContainers: [{ name: 'warmup', image: 'registry.example.com/ml/warmup:1.0.0' }] }), at: 'initContainers.0', expected: { name: 'warmup', image: 'registry.example.com/ml/warmup:1.0.0' } },
  'volumes': { set: () => ({ sharedMemory: Size.gibibytes(1) }), at: 'volumes.0', expected: { name: 'devshm', emptyDir: { medium: 'Memory', sizeLimit: '1Gi' } } },
  'model.volumeMounts': { set: c => ({ volumeMounts: [{ volume: Volume.fromEmptyDir(c, 'data', 'data'), path: '/data' }] }), at: 'model.volumeMounts.0', expected: { name: 'data', mountPath: '/data' } },
  'deploymentStrategy': {
    set: () => ({ deploymentStrategy: DeploymentStrategy.rollingUpdate({ maxSurge: PercentOrAbsolute.percent(50) }) }),
    at: 'deploymentStrategy',
    expected: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '50%' } },
    mode: DeploymentMode.STANDARD,
  },
  'schedulerName': { set: () => ({ schedulerName: 'volcano' }), at: 'schedulerName', expected: 'volcano' },
  'hostIPC': { set: () => ({ hostIPC: false }), at: 'hostIPC', expected: false },
  'dnsPolicy': { set: () => ({ dnsPolicy: DnsPolicy.DEFAULT }), at: 'dnsPolicy', expected: 'Default' },
  'dnsConfig': { set: () => ({ dnsConfig: { options: [{ name: 'ndots', value: '2' }] } }), at: 'dnsConfig', expected: { options: [{ name: 'ndots', value: '2' }] } },
  'topologySpreadConstraints': {
    set: () => ({ topologySpreadConstraints: [{ maxSkew: 1, topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'ScheduleAnyway' }] }),
    at: 'topologySpreadConstraints',
    expected: [{ maxSkew: 1, topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'ScheduleAnyway' }],
  },
  'enableServiceLinks': { set: () => ({ enableServiceLinks: false }), at: 'enableServiceLinks', expected: false },
  'automountServiceAccountToken': { set: () => ({ automountServiceAccountToken: false }), at: 'automountServiceAccountToken', expected: false },
  'hostAliases': { set: () => ({ hostAliases: [{ ip: '10.1.2.3', hostnames: ['models.internal'] }] }), at: 'hostAliases', expected: [{ ip: '10.1.2.3', hostnames: ['models.internal'] }] },
  'shareProcessNamespace': { set: () => ({ shareProcessNamespace: true }), at: 'shareProcessNamespace', expected: true },
  'preemptionPolicy': { set: () => ({ preemptionPolicy: PreemptionPolicy.NEVER }), at: 'preemptionPolicy', expected: 'Never', mode: DeploymentMode.STANDARD },
  'securityContext': { set: () => ({ podSecurityContext: { fsGroup: 1000 } }), at: 'securityContext', expected: { fsGroup: 1000 } },
  'hostUsers': { set: () => ({ hostUsers: false }), at: 'hostUsers', expected: false, mode: DeploymentMode.STANDARD },
  'os': { set: () => ({ os: PodOs.LINUX }), at: 'os', expected: { name: 'linux' }, mode: DeploymentMode.STANDARD },
  'schedulingGates': { set: () => ({ schedulingGates: ['example.com/quota'] }), at: 'schedulingGates', expected: [{ name: 'example.com/quota' }], mode: DeploymentMode.STANDARD },
  'readinessGates': {
    set: () => ({ readinessGates: ['example.com/warmed-up'] }),
    at: 'readinessGates',
    expected: [{ conditionType: 'example.com/warmed-up' }],
    mode: DeploymentMode.STANDARD,
  },
  'resourceClaims': {
    set: () => ({ resourceClaims: [ResourceClaim.fromTemplateName('gpu', 'single-a100')] }),
    at: 'resourceClaims',
    expected: [{ name: 'gpu', resourceClaimTemplateName: 'single-a100' }],
    mode: DeploymentMode.STANDARD,
    // v0.13.1's and v0.14.1's CRDs have only the pre-1.31 alpha shape (`source`); the library refuses claims there.
    versions: KServeVersion.all().filter(v => v._facts.podResourceClaims).map(schemaVersionOf),
  },
  'resources': {
    set: () => ({ resources: { cpu: { request: Cpu.units(1) } }, podResources: { cpu: { request: Cpu.units(2) } } }),
    at: 'resources',
    expected: { requests: { cpu: '2' } },
    mode: DeploymentMode.STANDARD,
  },
  'model.terminationMessagePath': { set: () => ({ terminationMessagePath: '/tmp/termination-log' }), at: 'model.terminationMessagePath', expected: '/tmp/termination-log' },
  'model.terminationMessagePolicy': {
    set: () => ({ terminationMessagePolicy: TerminationMessagePolicy.FALLBACK_TO_LOGS_ON_ERROR }),
    at: 'model.terminationMessagePolicy',
    expected: 'FallbackToLogsOnError',
  },
  'model.volumeDevices': {
    set: c => ({
      volumeDevices: [{
        volume: Volume.fromPersistentVolumeClaim(c, 'raw', PersistentVolumeClaim.fromClaimName(c, 'claim', 'scratch-block'), { name: 'scratch' }),
        path: '/dev/xvda',
      }],
    }),
    at: 'model.volumeDevices',
    expected: [{ name: 'scratch', devicePath: '/dev/xvda' }],
    mode: DeploymentMode.STANDARD,
  },
  'model.resizePolicy': {
    set: () => ({ resizePolicy: { memory: ResizeRestartPolicy.RESTART_CONTAINER } }),
    at: 'model.resizePolicy',
    expected: [{ resourceName: 'memory', restartPolicy: 'RestartContainer' }],
    mode: DeploymentMode.STANDARD,
  },
  ...Object.fromEntries(['workerSpec', 'workerSpec.pipelineParallelSize', 'workerSpec.tensorParallelSize'].map(field => [field, {
    set: () => ({
      model: Model.huggingface(StorageUri.parse('pvc://models/llm')),
      autoscaling: Autoscaling.fixed(1),
      multiNode: { pipelineParallelSize: 2, tensorParallelSize: 4 },
    }),
    at: field,
    expected: field === 'workerSpec' ? { pipelineParallelSize: 2, tensorParallelSize: 4 } : field.endsWith('pipelineParallelSize') ? 2 : 4,
    mode: DeploymentMode.STANDARD,
    // v0.14.1's workerSpec has only `size` (fact multiNode).
    versions: KServeVersion.all().filter(v => v._facts.multiNode).map(schemaVersionOf),
  }])),
};

/** The value at a dotted path (`a.0.b`), undefined when any step is missing. */
function at(value: any, dotted: string): unknown {
  return dotted.split('.').reduce((v, key) => (v === undefined || v === null ? undefined : v[key]), value);
}

const table = readmeTable();
const fieldsByVersion = Object.fromEntries((Object.keys(SCHEMA_VERSIONS) as KServeSchemaVersion[]).map(v => [v, schemaFields(v)]));

test.each(Object.keys(SCHEMA_VERSIONS))('every component field of the KServe %s CRD is in the README field table', (version) => {
  const missing = fieldsByVersion[version].filter(field => !table.has(field));
  expect(missing).toEqual([]);
});

test('the README field table lists only real fields, each with a prop or why it is not offered', () => {
  const known = new Set(Object.values(fieldsByVersion).flat());
  expect([...table.keys()].filter(field => !known.has(field))).toEqual([]);
  for (const [field, how] of table) {
    expect([field, how.startsWith(NOT_OFFERED) || how.includes('`')]).toEqual([field, true]);
  }
});

test('every field the table lists with a prop has a proof here, and every proof is in the table', () => {
  const offered = [...table].filter(([, how]) => !how.startsWith(NOT_OFFERED)).map(([field]) => field);
  expect(offered.filter(field => !PROOFS[field]).sort()).toEqual([]);
  expect(Object.keys(PROOFS).filter(field => !offered.includes(field)).sort()).toEqual([]);
});

describe.each(Object.entries(PROOFS))('%s', (field, proof) => {
  const versions = (proof.versions ?? Object.keys(SCHEMA_VERSIONS) as KServeSchemaVersion[]).filter(v => fieldsByVersion[v].includes(field));

  test.each(versions)('is set through the typed API and valid against the KServe %s schema', (schema) => {
    const { app, chart } = newChart();
    const service = new InferenceService(chart, 'iris', {
      version: SCHEMA_VERSIONS[schema],
      deploymentMode: proof.mode,
      predictor: { model: MODEL, ...proof.set(chart) } as PredictorOptions,
    });
    proof.attach?.(chart, service);
    expect(synthErrors(app)).toEqual([]);
    const objects = Testing.synth(chart);
    const predictor = objects.find(o => o.kind === 'InferenceService').spec.predictor;
    expect(at(predictor, proof.at)).toEqual(proof.expected);
    expectValidObjects(objects, { kserveVersion: schema });
  });
});
