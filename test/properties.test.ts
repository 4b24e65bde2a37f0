import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Chart, Duration, Size, Testing } from 'cdk8s';
import { Cpu } from 'cdk8s-plus-28';
import * as fc from 'fast-check';
import {
  Autoscaling, CanaryRollout, DeploymentMode, GraphNode, GraphTarget, InferenceGraph, InferenceService, InferenceServiceAlerts, KedaMetric,
  KServeVersion, MetricsSource, Model, ModelStorageSecret, PodMonitor, SecretSource, ServiceMonitor, StorageUri,
} from '../src';
import { synthErrors } from './util/harness';
import { expectValidObjects, KServeSchemaVersion } from './util/schema-validator';

// Seeded so a failure is reproducible: rerun with the seed and path fast-check prints.
const RUNS = { seed: 20261125, numRuns: 60 };

const name = fc.stringMatching(/^[a-z][a-z0-9]{0,14}(-[a-z0-9]{1,8})?$/);
const namespace = fc.constantFrom('ml', 'models', 'team-a');
const version = fc.constantFrom(...KServeVersion.all());
const mode = fc.constantFrom(DeploymentMode.KNATIVE, DeploymentMode.STANDARD);
const path_ = fc.stringMatching(/^[a-z0-9]{1,10}(\/[a-z0-9]{1,10}){0,2}$/);

type Storage = { uri: StorageUri; credentials?: 's3' | 'irsa' | 'storage-config' | 'gcs' | 'gke' | 'azure' | 'https' | 'hf' };
const storage: fc.Arbitrary<Storage> = fc.oneof(
  fc.tuple(path_, fc.constantFrom('s3' as const, 'irsa' as const, 'storage-config' as const))
    .map(([p, credentials]) => ({ uri: StorageUri.s3('models-bucket', p), credentials })),
  fc.tuple(path_, fc.constantFrom('gcs' as const, 'gke' as const)).map(([p, credentials]) => ({ uri: StorageUri.gcs('models-bucket', p), credentials })),
  path_.map(p => ({ uri: StorageUri.azureBlob('account01', 'models', p), credentials: 'azure' as const })),
  path_.map(p => ({ uri: StorageUri.url(`https://models.example.com/${p}`), credentials: 'https' as const })),
  path_.map(p => ({ uri: StorageUri.pvc('model-claim', p) })),
  fc.stringMatching(/^[a-z0-9]{1,10}$/).map(tag => ({ uri: StorageUri.oci(`ghcr.io/acme/models:${tag}-1`) })),
  fc.stringMatching(/^[a-z][a-z0-9-]{0,10}[a-z0-9]$/).map(repo => ({ uri: StorageUri.huggingFace(`acme/${repo}`), credentials: 'hf' as const })),
);
const framework = fc.constantFrom('sklearn', 'xgboost', 'lightgbm', 'pmml', 'paddle', 'tensorflow', 'pytorch', 'huggingface', 'mlflow', 'triton');
const modelOf = (format: string, uri: StorageUri): Model => (Model as any)[format](uri);

interface Case {
  policy: string;
  name: string;
  namespace: string;
  version: KServeVersion;
  mode: DeploymentMode;
  format: string;
  storage: Storage;
  minReplicas: number;
  extraReplicas: number;
  target: number;
  canary?: number;
  monitor: boolean;
  cpuMillis: number;
  memoryMi: number;
}
const validCase: fc.Arbitrary<Case> = fc.record({
  name,
  namespace,
  version,
  mode,
  format: framework,
  storage,
  minReplicas: fc.integer({ min: 1, max: 3 }),
  extraReplicas: fc.integer({ min: 0, max: 5 }),
  target: fc.integer({ min: 1, max: 100 }),
  policy: fc.constantFrom('request', 'resource', 'memory', 'keda', 'external', 'fixed'),
  canary: fc.option(fc.integer({ min: 0, max: 100 }), { nil: undefined }),
  monitor: fc.boolean(),
  cpuMillis: fc.integer({ min: 50, max: 4000 }),
  memoryMi: fc.integer({ min: 64, max: 8192 }),
});

/** The Standard-mode policies the release's webhook accepts (fact autoscalerClasses; KEDA also needs componentAutoScaling). */
const policies = (v: KServeVersion) => ({
  keda: v._facts.autoscalerClasses.includes('keda') && v._facts.componentAutoScaling,
  fixed: v._facts.autoscalerClasses.includes('none'),
});

function build(c: Case, chart: Chart): InferenceService {
  const creds = c.storage.credentials && (() => {
    const source = SecretSource.externalSecret({ store: 'vault', remoteKey: `ml/${c.name}` });
    switch (c.storage.credentials) {
      case 's3': return ModelStorageSecret.s3(chart, 'creds', { source, endpoint: 'minio.ml.svc:9000', useHttps: false });
      case 'gcs': return ModelStorageSecret.gcs(chart, 'creds', { source });
      case 'azure': return ModelStorageSecret.azure(chart, 'creds', { source });
      case 'https': return ModelStorageSecret.https(chart, 'creds', { source, host: 'models.example.com' });
      case 'hf': return ModelStorageSecret.huggingFace(chart, 'creds', { source });
      case 'irsa': return ModelStorageSecret.awsIrsa(chart, 'creds', { roleArn: 'arn:aws:iam::123456789012:role/models', region: 'eu-west-1' });
      case 'gke': return ModelStorageSecret.gcpWorkloadIdentity(chart, 'creds', { gcpServiceAccount: 'models@project-1.iam.gserviceaccount.com' });
      case 'storage-config': return ModelStorageSecret.storageConfig(chart, 'creds', { key: 'minio', bucket: 'models-bucket', source });
    }
  })();
  const bounds = { minReplicas: c.minReplicas, maxReplicas: c.minReplicas + c.extraReplicas };
  const { keda, fixed } = policies(c.version);
  const autoscaling = c.mode.isKnative
    ? (c.policy === 'resource' ? Autoscaling.cpu({ targetUtilizationPercent: c.target, ...bounds }) : Autoscaling.concurrency({ target: c.target, ...bounds }))
    : c.policy === 'memory' ? Autoscaling.memory(c.target, bounds)
      : c.policy === 'keda' && keda ? Autoscaling.keda({ ...bounds, metrics: [KedaMetric.cpu(c.target)] })
        : c.policy === 'external' ? Autoscaling.external()
          : c.policy === 'fixed' && fixed ? Autoscaling.fixed(c.minReplicas)
            : Autoscaling.cpu({ targetUtilizationPercent: c.target, ...bounds });
  const isvc = new InferenceService(chart, c.name, {
    namespace: c.namespace,
    version: c.version,
    deploymentMode: c.mode,
    predictor: {
      model: modelOf(c.format, c.storage.uri),
      storageCredentials: creds,
      autoscaling,
      resources: { cpu: { request: Cpu.millis(c.cpuMillis), limit: Cpu.millis(c.cpuMillis * 2) }, memory: { request: Size.mebibytes(c.memoryMi) } },
    },
  });
  if (c.canary !== undefined && c.mode.isKnative) new CanaryRollout(chart, 'rollout', { service: isvc, trafficPercent: c.canary });
  if (c.canary !== undefined && !c.mode.isKnative && c.version._facts.standardCanary && c.minReplicas > 0) {
    new CanaryRollout(chart, 'rollout', { service: isvc, trafficPercent: c.canary, candidate: modelOf(c.format, StorageUri.gcs('models-bucket', 'candidate')) });
  }
  if (c.monitor && c.format === 'sklearn') {
    if (c.mode.isKnative) new PodMonitor(chart, 'metrics', { target: isvc, source: MetricsSource.MODEL, interval: Duration.seconds(30) });
    else new ServiceMonitor(chart, 'metrics', { target: isvc, interval: Duration.seconds(30) });
    new InferenceServiceAlerts(chart, 'alerts', { target: isvc, latency: { threshold: Duration.millis(c.target * 10) } });
  }
  return isvc;
}

// A release without hf:// (fact storageSchemes) is a synth error, not a valid stack.
const validStack = validCase.filter(c => c.version._facts.storageSchemes.includes('hf') || !c.storage.uri.uri.startsWith('hf://'));

test('random valid stacks validate against their version, keep names within limits, and keep every given value', () => {
  fc.assert(fc.property(validStack, (c) => {
    const app = Testing.app();
    const chart = new Chart(app, 'test', { namespace: c.namespace });
    const isvc = build(c, chart);
    app.synthYaml();
    const objects = Testing.synth(chart);
    expectValidObjects(objects, { kserveVersion: c.version.name as KServeSchemaVersion });
    for (const o of objects) expect(o.metadata.name.length).toBeLessThanOrEqual(253);
    expect(`${isvc.componentName('predictor' as any)}-${c.namespace}`.length).toBeLessThanOrEqual(63);
    const spec = objects.find(o => o.kind === 'InferenceService').spec.predictor;
    expect(spec.model.storageUri).toBe(c.storage.uri.uri);
    expect(spec.model.modelFormat.name).toBe(c.format);
    const { keda, fixed } = policies(c.version);
    const kind = c.mode.isKnative ? 'scaled'
      : c.policy === 'external' ? 'external' : c.policy === 'fixed' && fixed ? 'fixed' : c.policy === 'keda' && keda ? 'keda' : 'scaled';
    expect(spec.minReplicas).toBe(kind === 'external' ? undefined : c.minReplicas);
    expect(spec.maxReplicas).toBe(kind === 'scaled' || kind === 'keda' ? c.minReplicas + c.extraReplicas : undefined);
    expect(spec.scaleTarget).toBe(kind === 'scaled' ? c.target : undefined);
    expect(spec.autoScaling?.metrics?.[0]?.resource?.target?.averageUtilization).toBe(kind === 'keda' ? c.target : undefined);
    expect(spec.model.resources.requests).toEqual({ cpu: `${c.cpuMillis}m`, memory: c.memoryMi % 1024 === 0 ? `${c.memoryMi / 1024}Gi` : `${c.memoryMi}Mi` });
    expect(spec.model.resources.limits).toEqual({ cpu: `${c.cpuMillis * 2}m` });
    expect(spec.canaryTrafficPercent).toBe(c.canary !== undefined && c.mode.isKnative ? c.canary : undefined);
    const canary = objects.find(o => o.kind === 'InferenceService').spec.canary;
    const standardCanary = c.canary !== undefined && !c.mode.isKnative && c.version._facts.standardCanary;
    expect(canary?.[0]?.trafficPercent).toBe(standardCanary ? c.canary : undefined);
  }), RUNS);
});

// One rule broken at a time: synth fails naming the construct path and the field, and writes nothing.
const breakers: Array<[string, (c: Case) => Case, (c: Case) => string, string]> = [
  ['name format', c => ({ ...c, name: c.name.toUpperCase() + '_X' }), c => c.name, 'metadata.name'],
  ['replica bounds', c => ({ ...c, policy: 'request', extraReplicas: -(c.minReplicas + 1) }), c => c.name, 'autoscaling.maxReplicas (-1)'],
  ['target range', c => ({ ...c, policy: 'request', target: c.mode.isKnative ? 0 : 101 }), c => c.name, 'autoscaling.target'],
  ['requests above limits', c => ({ ...c, cpuMillis: -c.cpuMillis }), c => c.name, 'resources.cpu'],
  ['canary percentage', c => ({ ...c, mode: DeploymentMode.KNATIVE, canary: 101 }), () => 'rollout', 'trafficPercent (101)'],
];

test.each(breakers)('random stacks with one broken rule (%s) fail with the path and field, and write no file', (_rule, breakIt, at, field) => {
  fc.assert(fc.property(validStack, (valid) => {
    const c = breakIt(valid);
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'prop-'));
    const app = new App({ outdir });
    const chart = new Chart(app, 'test', { namespace: c.namespace });
    build(c, chart);
    let message = '';
    try { app.synth(); } catch (e) { message = (e as Error).message; }
    expect(message).toMatch(/^Validation failed/);
    const line = message.split('\n').find(l => l.includes(`[test/${at(c)}]`) && l.includes(field));
    expect(line).toBeDefined();
    expect(fs.readdirSync(outdir)).toEqual([]);
  }), { ...RUNS, numRuns: 25 });
});

const graphCase = fc.record({
  version,
  weights: fc.array(fc.integer({ min: 1, max: 50 }), { minLength: 1, maxLength: 4 }),
  sequence: fc.integer({ min: 1, max: 3 }),
  ensemble: fc.boolean(),
});

test('random inference graphs (splitters summing to 100, sequences, ensembles) validate and keep every step', () => {
  fc.assert(fc.property(graphCase, (g) => {
    const app = Testing.app();
    const chart = new Chart(app, 'test', { namespace: 'ml' });
    const services = Array.from({ length: g.weights.length + g.sequence }, (_, i) =>
      new InferenceService(chart, `m${i}`, { version: g.version, predictor: { model: Model.sklearn(StorageUri.gcs('models-bucket', `m${i}`)) } }));
    // Weights scaled to sum to exactly 100, the last one taking the rounding rest.
    const total = g.weights.reduce((a, b) => a + b, 0);
    const weights = g.weights.map(w => Math.floor((w * 100) / total));
    weights[weights.length - 1] += 100 - weights.reduce((a, b) => a + b, 0);
    const split = GraphNode.splitter('split', weights.map((weight, i) => ({ name: `s${i}`, target: GraphTarget.service(services[i]), weight })));
    const rest = services.slice(g.weights.length).map((svc, i) => ({ name: `q${i}`, target: GraphTarget.service(svc) }));
    const root = g.ensemble
      ? GraphNode.ensemble('root', [{ name: 'split', target: GraphTarget.node(split) }, ...rest])
      : GraphNode.sequence('root', [...rest, { name: 'split', target: GraphTarget.node(split) }]);
    new InferenceGraph(chart, 'graph', { version: g.version, root });
    app.synthYaml();
    const objects = Testing.synth(chart);
    expectValidObjects(objects, { kserveVersion: g.version.name as KServeSchemaVersion });
    const spec = objects.find(o => o.kind === 'InferenceGraph').spec;
    expect(spec.nodes.split.steps.map((s: any) => s.weight)).toEqual(weights);
    expect(spec.nodes.split.steps.map((s: any) => s.serviceName)).toEqual(services.slice(0, g.weights.length).map(x => x.name));
    expect(spec.nodes.root.steps).toHaveLength(rest.length + 1);
  }), RUNS);
});

// Names across the whole range: synth either succeeds with every name KServe derives within one DNS label,
// or fails naming exactly the derived names that are too long.
const longName = fc.tuple(fc.integer({ min: 1, max: 70 }), fc.stringMatching(/^[a-z][a-z0-9]*$/)).map(([n, s]) => (s + 'a'.repeat(n)).slice(0, n));
const nameCase = fc.record({
  name: longName,
  namespace: fc.integer({ min: 1, max: 63 }).map(n => `n${'s'.repeat(n - 1)}`),
  mode,
  transformer: fc.boolean(),
  explainer: fc.boolean(),
});

test('random name lengths: every derived name fits a DNS label, or synth says which one does not', () => {
  fc.assert(fc.property(nameCase, (c) => {
    const app = Testing.app();
    const chart = new Chart(app, 'test', { namespace: c.namespace });
    const sidecar = { container: { image: 'ghcr.io/acme/sidecar:1.0.0' } };
    new InferenceService(chart, 'svc', {
      name: c.name,
      deploymentMode: c.mode,
      predictor: { model: Model.sklearn(StorageUri.gcs('models-bucket', 'iris')) },
      transformer: c.transformer ? sidecar : undefined,
      explainer: c.explainer ? sidecar : undefined,
    });
    // Written out here, not asked of the library: `<name>-<component>-<namespace>` hosts, and Knative revisions.
    const components = ['predictor', ...(c.transformer ? ['transformer'] : []), ...(c.explainer ? ['explainer'] : [])];
    const derived = components.flatMap(component => [`${c.name}-${component}-${c.namespace}`,
      ...(c.mode.isKnative ? [`${c.name}-${component}-00001`] : [])]);
    const tooLong = derived.filter(d => d.length > 63);
    const lines = synthErrors(app);
    if (tooLong.length === 0) {
      expect(lines).toEqual([]);
    } else {
      expect(lines.length).toBeGreaterThan(0);
      for (const line of lines) expect(line).toMatch(/^\[test\/svc\] metadata\.name '[a-z0-9]+' is too long: KServe derives '[^']+' \((\d+) characters\)/);
      // One error per component whose longest derived name is over the limit.
      const reported = lines.map(l => /derives '([^']+)'/.exec(l)![1]);
      for (const r of reported) expect(tooLong).toContain(r);
      expect(new Set(reported.map(r => components.find(comp => r.startsWith(`${c.name}-${comp}-`))))).toEqual(
        new Set(components.filter(comp => tooLong.some(t => t.startsWith(`${c.name}-${comp}-`)))));
    }
  }), { ...RUNS, numRuns: 120 });
});
