import { App, Chart, Size, Testing } from 'cdk8s';
import { Cpu, EnvValue, Secret, TaintEffect } from 'cdk8s-plus-28';
import {
  ClusterServingRuntime, KServeVersion, Model, ModelFormatSupport, ProtocolVersion, ServingRuntime, ServingRuntimeOptions,
  ServingRuntimeProps, StorageUri, Toleration,
} from '../src';
import { collectNulls, expectError, synthErrors } from './util/harness';
import { expectValidObjects, KServeSchemaVersion } from './util/schema-validator';

const URI = StorageUri.parse('gs://models/custom/1');
const SCHEMAS: KServeSchemaVersion[] = ['v0.13.1', 'v0.20.0'];
const HARDENED = {
  allowPrivilegeEscalation: false,
  privileged: false,
  runAsNonRoot: true,
  capabilities: { drop: ['ALL'] },
};

const auto = (name: string, version: string | undefined, priority: number | undefined): ModelFormatSupport =>
  ({ name, version, autoSelect: true, priority });

/** A valid runtime auto-selecting format `custom` version 1 with priority 1. */
function options(overrides: Partial<ServingRuntimeOptions> = {}): ServingRuntimeOptions {
  return {
    supportedModelFormats: [auto('custom', '1', 1)],
    container: { image: 'registry.example.com/ml/custom-server:1.2.3', args: ['--model_name={{.Name}}'] },
    ...overrides,
  };
}

/** A full-featured runtime: every option set. */
function fullOptions(name: string): ServingRuntimeOptions {
  return {
    name,
    supportedModelFormats: [auto('custom', '1', 2), { name: 'custom', version: '2' }, { name: 'other', autoSelect: false }],
    protocolVersions: [ProtocolVersion.V1, ProtocolVersion.V2, ProtocolVersion.GRPC_V2],
    multiModel: false,
    metricsPort: 9090,
    metricsPath: '/stats',
    annotations: { 'serving.kserve.io/server-type': 'custom' },
    labels: { team: 'ml-platform' },
    podLabels: { 'cost-center': 'ml' },
    nodeSelector: { 'nvidia.com/gpu.present': 'true' },
    tolerations: [Toleration.exists('nvidia.com/gpu', { effect: TaintEffect.NO_SCHEDULE })],
    affinity: { nodeAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 1, preference: { matchExpressions: [{ key: 'zone', operator: 'In', values: ['a'] }] } }] } },
    imagePullSecrets: [Secret.fromSecretName(new Chart(Testing.app(), 'refs'), 'registry', 'registry-creds')],
    container: {
      image: 'registry.example.com/ml/custom-server@sha256:' + 'a'.repeat(64),
      command: ['python', '-m', 'server'],
      args: ['--model_name={{.Name}}', '--model_dir=/mnt/models', '--http_port=8080'],
      env: {
        'HTTP_PORT': '8080',
        'log.level': 'info',
        'HF_TOKEN': EnvValue.fromSecretValue({ secret: Secret.fromSecretName(new Chart(Testing.app(), 'refs'), 'hf', 'hf-token'), key: 'token' }),
      },
      runAsUser: 1000,
      ports: [{ number: 9000, name: 'h2c' }],
      resources: {
        cpu: { request: Cpu.millis(500), limit: Cpu.units(2) },
        memory: { request: Size.mebibytes(512), limit: Size.gibibytes(2) },
      },
    },
  };
}

function newApp(namespace?: string): { app: App; chart: Chart } {
  const app = Testing.app();
  return { app, chart: new Chart(app, 'runtimes', { namespace }) };
}

function clusterErrors(...runtimes: Array<[string, ServingRuntimeOptions]>): string[] {
  const { app, chart } = newApp();
  for (const [id, o] of runtimes) new ClusterServingRuntime(chart, id, o);
  return synthErrors(app);
}

describe('ClusterServingRuntime rendering', () => {
  test('renders a minimal runtime with the hardened kserve-container and KServe defaults', () => {
    const { app, chart } = newApp();
    const runtime = new ClusterServingRuntime(chart, 'custom-runtime', options());
    expect(synthErrors(app)).toEqual([]);
    const objects = Testing.synth(chart);
    expect(objects).toMatchSnapshot();
    expect(objects).toHaveLength(1);
    const [csr] = objects;
    expect(csr.apiVersion).toBe('serving.kserve.io/v1alpha1');
    expect(csr.kind).toBe('ClusterServingRuntime');
    expect(csr.metadata).toEqual({ name: 'custom-runtime' });
    expect(runtime.name).toBe('custom-runtime');
    expect(runtime.apiObject.kind).toBe('ClusterServingRuntime');
    expect(csr.spec.annotations).toEqual({ 'prometheus.kserve.io/port': '8080', 'prometheus.kserve.io/path': '/metrics' });
    expect(csr.spec.supportedModelFormats).toEqual([{ name: 'custom', version: '1', autoSelect: true, priority: 1 }]);
    expect(csr.spec.protocolVersions).toEqual(['v1']);
    expect(csr.spec.multiModel).toBe(false);
    expect(csr.spec.disabled).toBeUndefined();
    expect(csr.spec.containers).toHaveLength(1);
    expect(csr.spec.containers[0]).toEqual({
      name: 'kserve-container',
      image: 'registry.example.com/ml/custom-server:1.2.3',
      args: ['--model_name={{.Name}}'],
      securityContext: HARDENED,
    });
    expect(collectNulls(objects)).toEqual([]);
  });

  test('renders every option', () => {
    const { app, chart } = newApp();
    const runtime = new ClusterServingRuntime(chart, 'full', { ...fullOptions('custom-full'), disabled: true });
    expect(synthErrors(app)).toEqual([]);
    const objects = Testing.synth(chart);
    expect(objects).toMatchSnapshot();
    const [csr] = objects;
    expect(runtime.name).toBe('custom-full');
    expect(runtime.disabled).toBe(true);
    expect(runtime.protocolVersions).toEqual([ProtocolVersion.V1, ProtocolVersion.V2, ProtocolVersion.GRPC_V2]);
    expect(csr.metadata).toEqual({ name: 'custom-full', labels: { team: 'ml-platform' }, annotations: { 'serving.kserve.io/server-type': 'custom' } });
    // The pod fields KServe merges into the services' pods.
    expect(csr.spec.labels).toEqual({ 'cost-center': 'ml' });
    expect(csr.spec.nodeSelector).toEqual({ 'nvidia.com/gpu.present': 'true' });
    expect(csr.spec.tolerations).toEqual([{ key: 'nvidia.com/gpu', operator: 'Exists', effect: 'NoSchedule' }]);
    expect(csr.spec.affinity.nodeAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].weight).toBe(1);
    expect(csr.spec.imagePullSecrets).toEqual([{ name: 'registry-creds' }]);
    expect(csr.spec.annotations).toEqual({ 'prometheus.kserve.io/port': '9090', 'prometheus.kserve.io/path': '/stats' });
    expect(csr.spec.supportedModelFormats).toEqual([
      { name: 'custom', version: '1', autoSelect: true, priority: 2 },
      { name: 'custom', version: '2' },
      { name: 'other', autoSelect: false },
    ]);
    expect(csr.spec.protocolVersions).toEqual(['v1', 'v2', 'grpc-v2']);
    expect(csr.spec.disabled).toBe(true);
    const [container] = csr.spec.containers;
    expect(container.name).toBe('kserve-container');
    expect(container.command).toEqual(['python', '-m', 'server']);
    expect(container.env).toEqual([
      { name: 'HTTP_PORT', value: '8080' },
      { name: 'log.level', value: 'info' },
      { name: 'HF_TOKEN', valueFrom: { secretKeyRef: { name: 'hf-token', key: 'token' } } },
    ]);
    expect(container.resources).toEqual({ requests: { cpu: '500m', memory: '512Mi' }, limits: { cpu: '2', memory: '2Gi' } });
    expect(container.securityContext).toEqual({ ...HARDENED, runAsUser: 1000 });
    expect(container.ports).toEqual([{ containerPort: 9000, name: 'h2c' }]);
    expect(collectNulls(objects)).toEqual([]);
  });

  test.each(SCHEMAS)('validates against the KServe %s schema', (schema) => {
    const { app, chart } = newApp();
    new ClusterServingRuntime(chart, 'minimal', options());
    new ClusterServingRuntime(chart, 'full', fullOptions('custom-full'));
    expect(synthErrors(app)).toEqual([]);
    expectValidObjects(Testing.synth(chart), { kserveVersion: schema });
  });
});

describe('ServingRuntime rendering', () => {
  test('renders in the chart namespace with the same spec as a ClusterServingRuntime', () => {
    const { app, chart } = newApp('ml');
    const runtime = new ServingRuntime(chart, 'custom-runtime', options());
    new ClusterServingRuntime(chart, 'cluster-twin', options());
    expect(synthErrors(app)).toEqual([]);
    const objects = Testing.synth(chart);
    expect(objects).toMatchSnapshot();
    const sr = objects.find(o => o.kind === 'ServingRuntime');
    const csr = objects.find(o => o.kind === 'ClusterServingRuntime');
    expect(sr.apiVersion).toBe('serving.kserve.io/v1alpha1');
    expect(sr.metadata).toEqual({ name: 'custom-runtime', namespace: 'ml' });
    // Cluster-scoped: the chart's namespace must not land on it.
    expect(csr.metadata).toEqual({ name: 'cluster-twin' });
    expect(runtime.namespace).toBeUndefined();
    expect(sr.spec).toEqual(csr.spec);
    expect(sr.spec.containers[0].name).toBe('kserve-container');
    expect(sr.spec.containers[0].securityContext).toEqual(HARDENED);
    expect(sr.spec.annotations['prometheus.kserve.io/port']).toBe('8080');
    expect(sr.spec.protocolVersions).toEqual(['v1']);
  });

  test('an explicit namespace wins over the chart namespace; custom metrics port', () => {
    const { app, chart } = newApp('ml');
    const props: ServingRuntimeProps = { ...options(), namespace: 'team-a', metricsPort: 8002 };
    const runtime = new ServingRuntime(chart, 'custom-runtime', props);
    expect(synthErrors(app)).toEqual([]);
    const [sr] = Testing.synth(chart);
    expect(runtime.namespace).toBe('team-a');
    expect(sr.metadata.namespace).toBe('team-a');
    expect(sr.spec.annotations).toEqual({ 'prometheus.kserve.io/port': '8002', 'prometheus.kserve.io/path': '/metrics' });
  });

  test.each(SCHEMAS)('validates against the KServe %s schema', (schema) => {
    const { app, chart } = newApp('ml');
    new ServingRuntime(chart, 'minimal', options());
    new ServingRuntime(chart, 'full', { ...fullOptions('custom-full'), disabled: true });
    expect(synthErrors(app)).toEqual([]);
    const objects = Testing.synth(chart);
    expect(collectNulls(objects)).toEqual([]);
    expectValidObjects(objects, { kserveVersion: schema });
  });
});

describe('the pod fields of a runtime', () => {
  test.each<[string, Partial<ServingRuntimeOptions>, string]>([
    ['a node selector key that is no label key', { nodeSelector: { 'bad key': 'x' } }, 'spec.nodeSelector'],
    ['a pod label value that is no label value', { podLabels: { tier: 'not valid!' } }, 'podLabels'],
    ['an object label key that is no label key', { labels: { '-x': 'y' } }, 'labels'],
    ['an env value that is neither a string nor an EnvValue', { container: { image: 'registry.example.com/ml/custom-server:1.2.3', env: { A: 1 as any } } },
      "container.env['A']: must be a string or an EnvValue"],
    ['a port out of range', { container: { image: 'registry.example.com/ml/custom-server:1.2.3', ports: [{ number: 70000 }] } },
      'container.ports[0].number (70000) must be a port number between 1 and 65535'],
    ['a port declared twice', { container: { image: 'registry.example.com/ml/custom-server:1.2.3', ports: [{ number: 9000 }, { number: 9000 }] } },
      'container.ports[1]: port 9000/TCP is declared twice'],
    ['an empty port list', { container: { image: 'registry.example.com/ml/custom-server:1.2.3', ports: [] } }, 'container.ports must be a non-empty list'],
    ['a pull secret without a valid name', { imagePullSecrets: [{ name: 'Bad_Name' } as any] }, 'spec.imagePullSecrets[0] must be a Secret'],
  ])('rejected: %s', (_, overrides, message) => {
    const { app, chart } = newApp();
    new ClusterServingRuntime(chart, 'custom-runtime', options(overrides));
    expectError(app, 'runtimes/custom-runtime', message);
  });
});

describe('which models a runtime serves', () => {
  const P = ProtocolVersion;
  const formats: ModelFormatSupport[] = [auto('sklearn', '1', 1), { name: 'xgboost', version: '2' }, auto('custom', undefined, 1)];
  const build = (o: Partial<ServingRuntimeOptions> = {}) => {
    const { chart } = newApp('ml');
    const opts = options({ supportedModelFormats: formats, protocolVersions: [P.V1, P.V2], ...o });
    return [new ClusterServingRuntime(chart, 'csr', opts), new ServingRuntime(chart, 'sr', opts)];
  };

  test.each<[string, Model, boolean, boolean]>([
    ['the format without a version', Model.sklearn(URI), true, true],
    ['the format at the served version', Model.sklearn(URI, { formatVersion: '1' }), true, true],
    ['the format at another version', Model.sklearn(URI, { formatVersion: '0' }), false, false],
    ['a format without autoSelect', Model.xgboost(URI), false, true],
    ['a format without autoSelect at its version', Model.xgboost(URI, { formatVersion: '2' }), false, true],
    ['a format not listed', Model.lightgbm(URI), false, false],
    ['a protocol the runtime does not speak', Model.sklearn(URI, { protocolVersion: P.GRPC_V2 }), false, false],
    ['a protocol the runtime speaks', Model.sklearn(URI, { protocolVersion: P.V2 }), true, true],
    ['a custom format the runtime lists without a version', Model.fromFormat('custom', URI), true, true],
    ['a versioned model of a format the runtime lists without a version', Model.fromFormat('custom', URI, { formatVersion: '3' }), false, false],
    // predictor_model.go RuntimeSupportsModel compares the labels 'mt:<name>' exactly.
    ['the format name in another case', Model.fromFormat('SKLearn', URI), false, false],
    ['the format name in another case at the served version', Model.fromFormat('SKLearn', URI, { formatVersion: '1' }), false, false],
  ])('%s', (_, model, canAutoSelect, serves) => {
    for (const runtime of build()) {
      expect(runtime.canAutoSelect(model)).toBe(canAutoSelect);
      expect(runtime.serves(model)).toBe(serves);
    }
  });

  test('the default protocol is v1 only', () => {
    for (const runtime of build({ protocolVersions: undefined })) {
      expect(runtime.protocolVersions).toEqual([P.V1]);
      expect(runtime.canAutoSelect(Model.sklearn(URI))).toBe(true);
      expect(runtime.serves(Model.sklearn(URI, { protocolVersion: P.V2 }))).toBe(false);
    }
  });

  test('named explicitly, a runtime is held to the protocol only when the model states one (components/predictor.go)', () => {
    for (const runtime of build({ protocolVersions: [P.V2] })) {
      expect(runtime.serves(Model.sklearn(URI))).toBe(true);
      expect(runtime.serves(Model.sklearn(URI, { protocolVersion: P.V2 }))).toBe(true);
      expect(runtime.serves(Model.sklearn(URI, { protocolVersion: P.V1 }))).toBe(false);
      // Auto-selection assumes v1 for a model without a protocol.
      expect(runtime.canAutoSelect(Model.sklearn(URI))).toBe(false);
    }
  });

  test('a disabled runtime serves nothing', () => {
    for (const runtime of build({ disabled: true })) {
      expect(runtime.disabled).toBe(true);
      expect(runtime.canAutoSelect(Model.sklearn(URI))).toBe(false);
      expect(runtime.serves(Model.sklearn(URI))).toBe(false);
      expect(runtime.serves(Model.xgboost(URI))).toBe(false);
    }
  });

  test('a multi-model runtime is never auto-selected, but a model may name it (components/predictor.go checks no multiModel)', () => {
    for (const runtime of build({ multiModel: true })) {
      expect(runtime.canAutoSelect(Model.sklearn(URI))).toBe(false);
      expect(runtime.serves(Model.sklearn(URI))).toBe(true);
    }
  });

  test('supportedModelFormats are exposed as given', () => {
    for (const runtime of build()) {
      expect(runtime.supportedModelFormats).toEqual(formats);
      expect(runtime.disabled).toBe(false);
    }
  });
});

describe('runtime rules as servingruntime_webhook.go applies them', () => {
  test('a disabled runtime does not clash on priority', () => {
    expect(clusterErrors(['a', options()], ['b', options({ disabled: true })])).toEqual([]);
  });

  test('single- and multi-model runtimes do not clash on priority', () => {
    expect(clusterErrors(['a', options()], ['b', options({ multiModel: true })])).toEqual([]);
  });

  test('format names clash case-insensitively', () => {
    expectError(clusterErrors(['a', options()], ['b', options({ supportedModelFormats: [auto('Custom', '1', 1)] })]), 'runtimes/b',
      'Same priority assigned for the model format Custom');
  });

  test('duplicate names are caught whatever the formats', () => {
    const plain = options({ supportedModelFormats: [{ name: 'custom' }] });
    // In one chart the duplicate check of the chart's file reports it (test/duplicates.test.ts); across charts, the runtime check.
    expectError(clusterErrors(['a', { ...plain, name: 'same' }], ['b', { ...plain, name: 'same' }]), 'runtimes/b',
      "ClusterServingRuntime 'same' is also written by 'runtimes/a' in the file of chart 'runtimes'");
  });

  test('within a runtime, priorities of one format name must agree across versions; formats without priority do not count', () => {
    expectError(clusterErrors(['a', options({ supportedModelFormats: [auto('custom', '1', 1), auto('custom', '2', 2)] })]), 'runtimes/a',
      'supportedModelFormats[1]: Different priorities assigned for the model format custom: priority 2, but supportedModelFormats[0]');
    expect(clusterErrors(['a', options({ supportedModelFormats: [auto('custom', '1', 1), { name: 'custom', version: '1' }] })])).toEqual([]);
  });

  test('within a runtime, format names are compared exactly (validateModelFormatPrioritySame keys them by name)', () => {
    expect(clusterErrors(['a', options({ supportedModelFormats: [auto('custom', '1', 1), auto('Custom', '2', 2)] })])).toEqual([]);
    const { app, chart } = newApp('ml');
    new ServingRuntime(chart, 'sr', options({ supportedModelFormats: [auto('custom', '1', 1), auto('Custom', '2', 2)] }));
    expect(synthErrors(app)).toEqual([]);
  });

  test('within a runtime, the first auto-selected entry of a name sets the priority the later ones must give', () => {
    // The first entry gives no priority: KServe records none and checks nothing for that name.
    expect(clusterErrors(['a', options({ supportedModelFormats: [auto('custom', '1', undefined), auto('custom', '2', 1), auto('custom', '3', 2)] })]))
      .toEqual([]);
    // An entry without priority in between does not reset it; each name is reported once.
    const errors = clusterErrors(['a', options({
      supportedModelFormats: [auto('custom', '1', 1), auto('custom', '2', undefined), auto('custom', '3', 2), auto('custom', '4', 3)],
    })]);
    expect(errors.filter(e => e.includes('Different priorities'))).toHaveLength(1);
    expectError(errors, 'runtimes/a', 'supportedModelFormats[2]: Different priorities assigned for the model format custom: priority 2, '
      + 'but supportedModelFormats[0] auto-selects it with priority 1');
  });

  test('a disabled runtime is admitted without the webhook rules (priorities within it, blocked env vars)', () => {
    const disabled = options({
      disabled: true,
      supportedModelFormats: [auto('custom', '1', 1), auto('custom', '2', 2)],
      container: { image: 'custom-server:1', env: { PYTHONPATH: '/opt/lib' } },
    });
    expect(clusterErrors(['a', disabled])).toEqual([]);
    const { app, chart } = newApp('ml');
    new ServingRuntime(chart, 'sr', disabled);
    expect(synthErrors(app)).toEqual([]);
  });
});

describe('runtime rules', () => {
  test.each<[string, string, string]>([
    ['an image without a tag', 'registry.example.com/ml/custom-server', 'has no tag or digest'],
    ['the latest tag', 'registry.example.com/ml/custom-server:latest', "uses the 'latest' tag"],
    ['an invalid reference', 'Registry/Custom Server:1', 'is not a valid image reference'],
  ])('rejects %s', (_, image, fragment) => {
    const errors = clusterErrors(['custom', options({ container: { image } })]);
    expectError(errors, 'runtimes/custom', 'container.image', fragment);
  });

  test('accepts a digest-pinned image', () => {
    expect(clusterErrors(['custom', options({ container: { image: 'custom-server@sha256:' + 'b'.repeat(64) } })])).toEqual([]);
  });

  test('rejects a runtime without formats', () => {
    expectError(clusterErrors(['custom', options({ supportedModelFormats: [] })]), 'runtimes/custom',
      'supportedModelFormats must list at least one format');
  });

  test('rejects a format name that is not a word', () => {
    const errors = clusterErrors(['custom', options({ supportedModelFormats: [auto('sk learn', '1', 1)] })]);
    expectError(errors, 'runtimes/custom', "supportedModelFormats[0].name 'sk learn' is not a format name");
  });

  test.each([0, -1, 1.5])('rejects priority %s', (priority) => {
    const errors = clusterErrors(['custom', options({ supportedModelFormats: [auto('custom', '1', priority)] })]);
    expectError(errors, 'runtimes/custom', `supportedModelFormats[0].priority (${priority}) must be a whole number >= 1`);
  });

  test('rejects different priorities for the same format and version within one runtime', () => {
    const errors = clusterErrors(['custom', options({ supportedModelFormats: [auto('custom', '1', 1), auto('custom', '1', 2)] })]);
    expectError(errors, 'runtimes/custom', 'Different priorities assigned for the model format custom');
    // The same priority twice is fine.
    expect(clusterErrors(['custom', options({ supportedModelFormats: [auto('custom', '1', 1), auto('custom', '1', 1)] })])).toEqual([]);
  });

  test('rejects two ClusterServingRuntimes auto-selecting the same format and version with the same priority', () => {
    const errors = clusterErrors(['runtime-a', options()], ['runtime-b', options({ protocolVersions: [ProtocolVersion.V1, ProtocolVersion.V2] })]);
    expectError(errors, 'runtimes/runtime-a', "Same priority assigned for the model format custom (priority 1) as ClusterServingRuntime 'runtime-b'");
    expectError(errors, 'runtimes/runtime-b', "Same priority assigned for the model format custom (priority 1) as ClusterServingRuntime 'runtime-a'");
  });

  test.each<[string, Partial<ServingRuntimeOptions>]>([
    ['different priorities', { supportedModelFormats: [auto('custom', '1', 2)] }],
    ['different versions', { supportedModelFormats: [auto('custom', '2', 1)] }],
    ['no protocol in common', { protocolVersions: [ProtocolVersion.V2] }],
    ['no autoSelect on the other', { supportedModelFormats: [{ name: 'custom', version: '1', priority: 1 }] }],
  ])('accepts two ClusterServingRuntimes for the same format with %s', (_, other) => {
    expect(clusterErrors(['runtime-a', options()], ['runtime-b', options(other)])).toEqual([]);
  });

  test('rejects two ClusterServingRuntimes with the same name', () => {
    const { app } = newApp();
    const other = new Chart(app, 'more');
    new ClusterServingRuntime(new Chart(app, 'first'), 'custom', options());
    new ClusterServingRuntime(other, 'custom', options({ supportedModelFormats: [auto('custom', '1', 5)] }));
    const errors = synthErrors(app);
    expectError(errors, 'first/custom', "another ClusterServingRuntime is also named 'custom' (more/custom)");
    expectError(errors, 'more/custom', "another ClusterServingRuntime is also named 'custom' (first/custom)");
  });

  test('ServingRuntimes in different namespaces do not clash; in the same namespace they do', () => {
    const app = Testing.app();
    new ServingRuntime(new Chart(app, 'team-a', { namespace: 'team-a' }), 'custom', options());
    new ServingRuntime(new Chart(app, 'team-b', { namespace: 'team-b' }), 'custom', options());
    new ServingRuntime(new Chart(app, 'explicit', { namespace: 'team-a' }), 'other', { ...options(), namespace: 'team-c' });
    expect(synthErrors(app)).toEqual([]);

    new ServingRuntime(new Chart(app, 'team-a-again', { namespace: 'team-a' }), 'second', options());
    new ServingRuntime(new Chart(app, 'team-b-again', { namespace: 'team-b' }), 'custom', options());
    const errors = synthErrors(app);
    expectError(errors, 'team-a-again/second', "Same priority assigned for the model format custom (priority 1) as ServingRuntime 'custom'");
    expectError(errors, 'team-b-again/custom', "another ServingRuntime in the namespace is also named 'custom' (team-b/custom)");
    expect(errors.some(e => e.startsWith('[explicit/other]'))).toBe(false);
  });

  test('a ServingRuntime does not clash with a ClusterServingRuntime', () => {
    const { app, chart } = newApp('ml');
    new ServingRuntime(chart, 'custom', options());
    new ClusterServingRuntime(chart, 'custom-cluster', options({ name: 'custom' }));
    expect(synthErrors(app)).toEqual([]);
  });

  test('rejects a runtime name that is not a DNS-1123 subdomain', () => {
    const { app, chart } = newApp('ml');
    new ClusterServingRuntime(chart, 'cluster', options({ name: 'Custom_Runtime' }));
    new ServingRuntime(chart, 'namespaced', options({ name: 'Custom_Runtime' }));
    const errors = synthErrors(app);
    expectError(errors, 'runtimes/cluster', "name 'Custom_Runtime' must be a DNS-1123 subdomain");
    expectError(errors, 'runtimes/namespaced', "name 'Custom_Runtime' must be a DNS-1123 subdomain");
  });

  test('rejects an invalid env name', () => {
    const errors = clusterErrors(['custom', options({ container: { image: 'custom-server:1', env: { '1BAD': 'x', 'OK_NAME': 'y' } } })]);
    expectError(errors, 'runtimes/custom', "container.env name '1BAD' is invalid");
    expect(errors.filter(e => e.includes('OK_NAME'))).toEqual([]);
  });

  test.each([0, 65536, 80.5])('rejects metricsPort %s', (metricsPort) => {
    expectError(clusterErrors(['custom', options({ metricsPort })]), 'runtimes/custom', `metricsPort (${metricsPort}) must be a port number`);
  });

  test('rejects requests above limits', () => {
    const container = {
      image: 'custom-server:1',
      resources: {
        cpu: { request: Cpu.units(2), limit: Cpu.millis(500) },
        memory: { request: Size.gibibytes(4), limit: Size.gibibytes(1) },
      },
    };
    const errors = clusterErrors(['custom', options({ container })]);
    expectError(errors, 'runtimes/custom', 'container.resources.cpu.request (2) must be less than or equal to container.resources.cpu.limit (500m)');
    expectError(errors, 'runtimes/custom', 'container.resources.memory.request', 'must be less than or equal to container.resources.memory.limit');
  });

  test.each([-1, 0, 1.5, 2147483648])('rejects runAsUser %s on both kinds', (runAsUser) => {
    const { app, chart } = newApp('ml');
    new ClusterServingRuntime(chart, 'cluster', options({ container: { image: 'custom-server:1', runAsUser } }));
    new ServingRuntime(chart, 'namespaced', options({ container: { image: 'custom-server:1', runAsUser } }));
    const errors = synthErrors(app);
    for (const at of ['runtimes/cluster', 'runtimes/namespaced']) {
      expectError(errors, at, `container.runAsUser (${runAsUser}) must be a non-root user id, a whole number from 1 to 2147483647`);
    }
  });

  test('accepts runAsUser 1 and 2147483647', () => {
    expect(clusterErrors(['a', options({ container: { image: 'custom-server:1', runAsUser: 1 } })])).toEqual([]);
    expect(clusterErrors(['a', options({ container: { image: 'custom-server:1', runAsUser: 2147483647 } })])).toEqual([]);
  });

  test.each(['metrics', '', 'http://host/metrics', '/metrics page'])('rejects metricsPath %j', (metricsPath) => {
    expectError(clusterErrors(['custom', options({ metricsPath })]), 'runtimes/custom',
      `metricsPath '${metricsPath}' must be a URL path starting with '/', such as '/metrics'`);
  });

  test('rejects invalid annotation keys on both kinds', () => {
    const { app, chart } = newApp('ml');
    const annotations = { 'serving.kserve.io/server-type': 'custom', 'Bad Key': 'x', 'a/b/c': 'y' };
    new ClusterServingRuntime(chart, 'cluster', options({ annotations }));
    new ServingRuntime(chart, 'namespaced', options({ annotations }));
    const errors = synthErrors(app);
    for (const at of ['runtimes/cluster', 'runtimes/namespaced']) {
      expectError(errors, at, "annotations key 'Bad Key' is invalid");
      expectError(errors, at, "annotations key 'a/b/c' has an invalid prefix");
      expect(errors.filter(e => e.startsWith(`[${at}]`) && e.includes('server-type'))).toEqual([]);
    }
  });

  test('rejects a ServingRuntime namespace that is not a DNS-1123 label, given or from the chart', () => {
    const app = Testing.app();
    new ServingRuntime(new Chart(app, 'given'), 'custom', { ...options(), namespace: 'Team_A' });
    new ServingRuntime(new Chart(app, 'long'), 'custom', { ...options(), namespace: 'n'.repeat(64) });
    new ServingRuntime(new Chart(app, 'chart', { namespace: 'ML.Team' }), 'custom', options());
    new ServingRuntime(new Chart(app, 'fine', { namespace: 'ml' }), 'custom', { ...options(), namespace: 'team-a' });
    const errors = synthErrors(app);
    expectError(errors, 'given/custom', "namespace 'Team_A' must be a DNS-1123 label");
    expectError(errors, 'long/custom', `namespace '${'n'.repeat(64)}' must be a DNS-1123 label`);
    expectError(errors, 'chart/custom', "namespace 'ML.Team' must be a DNS-1123 label");
    expect(errors.filter(e => e.startsWith('[fine/custom]'))).toEqual([]);
  });

  test('the same rules apply to namespaced ServingRuntimes', () => {
    const { app, chart } = newApp('ml');
    new ServingRuntime(chart, 'custom', options({
      supportedModelFormats: [auto('custom', '1', 1), auto('custom', '1', 3)],
      container: { image: 'custom-server:latest' },
      metricsPort: -1,
    }));
    const errors = synthErrors(app);
    expectError(errors, 'runtimes/custom', "uses the 'latest' tag");
    expectError(errors, 'runtimes/custom', 'Different priorities assigned for the model format custom');
    expectError(errors, 'runtimes/custom', 'metricsPort (-1) must be a port number');
  });
});

describe('the KServe version of a runtime', () => {
  test('defaults to KServeVersion.DEFAULT and can be set on both kinds', () => {
    const { chart } = newApp('ml');
    expect(new ClusterServingRuntime(chart, 'a', options()).version).toBe(KServeVersion.DEFAULT);
    expect(new ServingRuntime(chart, 'b', options()).version).toBe(KServeVersion.DEFAULT);
    expect(new ClusterServingRuntime(chart, 'c', { ...options({ name: 'c' }), version: KServeVersion.V0_13 }).version).toBe(KServeVersion.V0_13);
    expect(new ServingRuntime(chart, 'd', { ...options({ name: 'd' }), version: KServeVersion.V0_13 }).version).toBe(KServeVersion.V0_13);
  });

  test('v0.20 rejects PYTHONPATH in the container env (servingruntime_webhook.go validateBlockedEnvVars); v0.13 has no such rule', () => {
    const container = { image: 'custom-server:1', env: { PYTHONPATH: '/opt/lib', LOG_LEVEL: 'info' } };
    const build = (version?: KServeVersion) => {
      const { app, chart } = newApp('ml');
      new ClusterServingRuntime(chart, 'cluster', { ...options({ container }), version });
      new ServingRuntime(chart, 'namespaced', { ...options({ container }), version });
      return synthErrors(app);
    };
    for (const errors of [build(), build(KServeVersion.V0_20)]) {
      for (const at of ['runtimes/cluster', 'runtimes/namespaced']) {
        expectError(errors, at, 'container.env: setting PYTHONPATH is not allowed by KServe v0.20.0 (security policy');
      }
      expect(errors).toHaveLength(2);
    }
    expect(build(KServeVersion.V0_13)).toEqual([]);
    // The name is compared exactly, as env_policy.go does.
    expect(clusterErrors(['a', options({ container: { image: 'custom-server:1', env: { pythonpath: '/opt/lib' } } })])).toEqual([]);
  });

  test('the version changes no output', () => {
    const render = (version: KServeVersion) => {
      const { chart } = newApp('ml');
      new ClusterServingRuntime(chart, 'cluster', { ...fullOptions('full'), version });
      return Testing.synth(chart);
    };
    expect(render(KServeVersion.V0_13)).toEqual(render(KServeVersion.V0_20));
  });
});
