/**
 * Fuzz test of the public boundary (issue #16): every exported construct, factory and method gets generated inputs of
 * wrong types and edge values (seeded fast-check), as a JavaScript caller could pass them. Whatever it gets, the
 * library must either synthesize schema-valid objects or fail synth with `[construct/path] field: ...` lines, never
 * crash with a TypeError, and never leave a file behind. Only the lookups and writers that must throw
 * (THROWS_BY_DESIGN) may throw, and then with the same `Class.method(param): ...` shape.
 *
 * The inputs come from the runtime shapes of the public types (src/private/shapes.generated.ts), so a new construct,
 * factory or prop is fuzzed as soon as it exists; the coverage test fails when an exported class is neither fuzzed
 * nor listed with the reason it has nothing to fuzz.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Chart, Duration, Size } from 'cdk8s';
import { Cpu, EnvValue, NodeLabelQuery, Probe, Secret, Service, ServiceAccount, Volume } from 'cdk8s-plus-28';
import * as fc from 'fast-check';
import { parseAllDocuments } from 'yaml';
import * as lib from '../src';
import {
  Autoscaling, CanaryPhase, CanaryRollout, ClusterServingRuntime, DeploymentMode, GraphNode, GraphTarget, InferenceGraph,
  InferenceService, InferenceServiceAlerts, KedaMetric, KServeInstall, KServeVersion, Model, ModelStorage, ModelStorageSecret,
  PodMonitor, ProtocolVersion, RolloutPlan, SecretSource, ServiceMonitor, ServingRuntime, StorageUri, Toleration,
  // Gateway API objects (issue #17)
  Gateway, GatewayAddress, GatewayRef, HttpBackend, HttpHeaderMatch, HttpPathMatch, HttpQueryParamMatch, HttpRoute, HttpRouteFilter, ListenerProtocol,
  RouteKind, RouteNamespaces,
  LocalModelCache, LocalModelNamespaceCache, LocalModelNodeGroup, NodeGroupVolume,
} from '../src';
import { VALIDATION_FAILED } from './util/harness';
import { expectValidObjects, KServeSchemaVersion } from './util/schema-validator';
import type { Desc, ParamShape } from '../src/private/shape-types';
import { CONSTRUCTORS, METHODS, SHAPES } from '../src/private/shapes.generated';

const SEED = 20261201;

/** Lookups and writers that have no construct to report on, so they throw; their messages keep the `field: ...` shape. */
const THROWS_BY_DESIGN = new Set([
  // lookups: their answer is the object found or undefined
  'KServeMetric.named', 'CanaryRollout.of', 'ServiceMonitor.of', 'PodMonitor.of', 'LLMPodMonitor.of',
  // writers run after synth, on the files it wrote
  'Runbook.writeAll', 'KServeInstall.writeApplyScript',
  // a runbook is text made on request, outside synth
  'Runbook.forService', 'Runbook.forLLMService',
]);

/** Exported classes with nothing to fuzz, and why. */
const NOTHING_TO_FUZZ: Record<string, string> = {
  RuntimeIndex: 'internal index the install builds; not constructed by callers',
  Component: 'internal: built by InferenceService from its props',
  MonitorBase: 'abstract; fuzzed through ServiceMonitor and PodMonitor',
  ServingRuntimeBase: 'abstract; fuzzed through ServingRuntime and ClusterServingRuntime',
  ModelCacheBase: 'abstract; fuzzed through LocalModelCache and LocalModelNamespaceCache',
};

/** Values a JavaScript caller could pass where anything else is expected. */
const WRONG: unknown[] = [
  undefined, null, 0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 31, -(2 ** 31) - 1, '', ' ', '2', 'false',
  'UPPER_case', 'x'.repeat(300), 'latest', true, false, {}, { unexpected: 1 }, [], [1], ['a'], () => 1,
];

interface Scene {
  readonly app: App;
  readonly chart: Chart;
  readonly outdir: string;
  /** A valid InferenceService in the chart, for props and arguments that need one. */
  service(): InferenceService;
  /** A valid LLMInferenceService in the chart. */
  llmService(): lib.LLMInferenceService;
}

function scene(): Scene {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'fuzz-'));
  const app = new App({ outdir });
  const chart = new Chart(app, 'test', { namespace: 'ml' });
  let service: InferenceService | undefined;
  let llmService: lib.LLMInferenceService | undefined;
  return {
    app,
    chart,
    outdir,
    service: () => (service ??= new InferenceService(chart, 'base', { predictor: { model: Model.sklearn(StorageUri.s3('models', 'iris')) } })),
    llmService: () => (llmService ??= new lib.LLMInferenceService(chart, 'llm-base', {
      model: { uri: StorageUri.huggingFace('Qwen/Qwen2.5-7B-Instruct') }, router: { gateway: {}, route: {}, scheduler: {} },
    })),
  };
}

let ids = 0;
const nextId = (): string => `f${ids++}`;

/** A value of the class that fits (the fuzz then replaces some of them). */
function sampleOf(cls: string, s: Scene): unknown {
  const samples: Record<string, () => unknown> = {
    StorageUri: () => StorageUri.s3('models', 'iris'),
    ModelStorage: () => ModelStorage.uri(StorageUri.s3('models', 'iris')),
    Model: () => Model.sklearn(StorageUri.s3('models', 'iris')),
    KServeVersion: () => KServeVersion.V0_20,
    DeploymentMode: () => DeploymentMode.KNATIVE,
    ProtocolVersion: () => ProtocolVersion.V1,
    Autoscaling: () => Autoscaling.concurrency({ target: 5 }),
    KedaMetric: () => KedaMetric.cpu(70),
    Toleration: () => Toleration.exists('nvidia.com/gpu'),
    CanaryPhase: () => CanaryPhase.canary(10),
    SecretSource: () => SecretSource.fromSecretName('creds'),
    GraphNode: () => GraphNode.sequence('root', [{ target: GraphTarget.service(s.service()) }]),
    GraphTarget: () => GraphTarget.service(s.service()),
    InferenceService: () => s.service(),
    LLMInferenceService: () => s.llmService(),
    Construct: () => s.chart,
    App: () => s.app,
    Duration: () => Duration.seconds(30),
    Size: () => Size.gibibytes(1),
    Cpu: () => Cpu.millis(500),
    EnvValue: () => EnvValue.fromValue('1'),
    Probe: () => Probe.fromHttpGet('/healthz', { port: 8080 }),
    Volume: () => Volume.fromEmptyDir(s.chart, nextId(), 'scratch'),
    ServiceAccount: () => ServiceAccount.fromServiceAccountName(s.chart, nextId(), 'models'),
    ModelStorageSecret: () => ModelStorageSecret.s3(s.chart, nextId(), { source: SecretSource.fromSecretName('creds') }),
    // Gateway API objects (issue #17)
    ListenerProtocol: () => ListenerProtocol.HTTP,
    RouteNamespaces: () => RouteNamespaces.all(),
    RouteKind: () => RouteKind.HTTP_ROUTE,
    GatewayAddress: () => GatewayAddress.ipAddress('192.0.2.1'),
    HttpBackend: () => HttpBackend.inferencePool('pool'),
    HttpPathMatch: () => HttpPathMatch.prefix('/v1'),
    HttpHeaderMatch: () => HttpHeaderMatch.exact('x-model', 'llama'),
    HttpQueryParamMatch: () => HttpQueryParamMatch.exact('q', '1'),
    HttpRouteFilter: () => HttpRouteFilter.responseHeaders({ remove: ['server'] }),
    Service: () => new Service(s.chart, nextId(), { ports: [{ port: 8000 }] }),
    NodeGroupVolume: () => NodeGroupVolume.local('/mnt/models'),
    NodeLabelQuery: () => NodeLabelQuery.is('pool', 'gpu'),
  };
  return samples[cls]?.();
}

/** A value that fits `desc`, or undefined when there is no obvious one (the field is then left out or fuzzed). */
function valid(desc: Desc, s: Scene, depth = 0): unknown {
  if (typeof desc === 'string') return ({ string: 'models', number: 1, boolean: false, object: {}, any: 'models' } as Record<string, unknown>)[desc];
  if ('lit' in desc) return desc.lit[0];
  if ('arr' in desc) return [];
  if ('rec' in desc) return {};
  if ('cls' in desc) return sampleOf(desc.cls, s);
  if ('obj' in desc) {
    if (desc.obj.endsWith('ISecret')) return Secret.fromSecretName(s.chart, nextId(), 'creds');
    if (desc.obj.endsWith('IServiceAccount')) return ServiceAccount.fromServiceAccountName(s.chart, nextId(), 'models');
    return {};
  }
  if ('ref' in desc) {
    if (depth > 3) return {};
    return Object.fromEntries(Object.entries(SHAPES[desc.ref] ?? {}).filter(([, [, optional]]) => optional === 0)
      .map(([key, [d]]) => [key, valid(d, s, depth + 1)]));
  }
  return valid(desc.any[0], s, depth);
}

/** For each argument: the value that fits, or a wrong / edge one. */
const choice = fc.oneof({ weight: 2, arbitrary: fc.constant(-1) }, fc.integer({ min: 0, max: WRONG.length - 1 }));

function args(params: readonly ParamShape[], picks: number[], s: Scene): unknown[] {
  return params.map((p, i) => (picks[i] === -1 || picks[i] === undefined ? valid(p.type, s) : WRONG[picks[i]]));
}

/** Valid Gateway API props (issue #17), the bases their fuzz breaks. */
const LISTENER = { name: 'http', port: 80, protocol: ListenerProtocol.HTTP };
const GATEWAY = { gatewayClassName: 'istio', listeners: [LISTENER] };
const ROUTE = { parents: [{ gateway: GatewayRef.fromName('gw') }], rules: [{ backends: [HttpBackend.inferencePool('pool')] }] };

/** Puts a value of class `cls` where a construct uses it, so that its recorded problems reach synth. */
function use(cls: string, value: unknown, s: Scene): void {
  const any = value as any;
  const model = (options: Record<string, unknown> = {}) => ({ model: Model.sklearn(StorageUri.s3('models', 'iris')), ...options });
  const isvc = (props: Record<string, unknown>) => new InferenceService(s.chart, nextId(), props as any);
  switch (cls) {
    case 'StorageUri': case 'ModelStorage': return void isvc({ predictor: { model: Model.sklearn(any) } });
    case 'Model': return void isvc({ predictor: { model: any } });
    case 'KServeVersion': return void isvc({ version: any, predictor: model() });
    case 'Autoscaling': return void isvc({ predictor: model({ autoscaling: any }) });
    case 'KedaMetric': return void isvc({ deploymentMode: DeploymentMode.STANDARD, predictor: model({ autoscaling: Autoscaling.keda({ maxReplicas: 3, metrics: [any] }) }) });
    case 'Toleration': return void isvc({ predictor: model({ tolerations: [any] }) });
    case 'ExtendedResource': return void isvc({ predictor: model({ extendedResources: [any] }) });
    case 'DeploymentStrategy': return void isvc({ deploymentMode: DeploymentMode.STANDARD, predictor: model({ deploymentStrategy: any }) });
    case 'ResourceClaim': return void isvc({ predictor: model({ resourceClaims: [any] }) });
    case 'CanaryPhase': return void new CanaryRollout(s.chart, nextId(), { service: s.service(), phase: any, candidate: Model.sklearn(StorageUri.s3('models', 'iris-v2')) });
    case 'RolloutPlan': return void new CanaryRollout(s.chart, nextId(), { service: s.service(), phase: any.stage(1), candidate: Model.sklearn(StorageUri.s3('models', 'iris-v2')) });
    case 'SecretSource': return void ModelStorageSecret.s3(s.chart, nextId(), { source: any });
    case 'GraphNode': return void new InferenceGraph(s.chart, nextId(), { root: any });
    case 'GraphTarget': return void new InferenceGraph(s.chart, nextId(), { root: GraphNode.sequence('root', [{ target: any }]) });
    case 'KnativeMetrics': return void isvc({ predictor: model(), metrics: { knative: any } });
    case 'CrdSource': return void new KServeInstall(s.chart, nextId(), { crds: any });
    case 'WebhookCertificates': return void new KServeInstall(s.chart, nextId(), { webhookCertificates: any });
    // Gateway API objects (issue #17)
    case 'ListenerProtocol': return void new Gateway(s.chart, nextId(), { gatewayClassName: 'istio', listeners: [{ name: 'l', port: 80, protocol: any }] });
    case 'RouteNamespaces': return void new Gateway(s.chart, nextId(), { ...GATEWAY, listeners: [{ ...LISTENER, allowedRoutes: any }] });
    case 'RouteKind': return void new Gateway(s.chart, nextId(), { ...GATEWAY, listeners: [{ ...LISTENER, allowedRouteKinds: [any] }] });
    case 'GatewayAddress': return void new Gateway(s.chart, nextId(), { ...GATEWAY, addresses: [any] });
    case 'HttpBackend': return void new HttpRoute(s.chart, nextId(), { ...ROUTE, rules: [{ backends: [any] }] });
    case 'HttpPathMatch': return void new HttpRoute(s.chart, nextId(), { ...ROUTE, rules: [{ ...ROUTE.rules[0], matches: [{ path: any }] }] });
    case 'HttpHeaderMatch': return void new HttpRoute(s.chart, nextId(), { ...ROUTE, rules: [{ ...ROUTE.rules[0], matches: [{ headers: [any] }] }] });
    case 'HttpRouteFilter': return void new HttpRoute(s.chart, nextId(), { ...ROUTE, rules: [{ ...ROUTE.rules[0], filters: [any] }] });
    case 'HttpQueryParamMatch': return void new HttpRoute(s.chart, nextId(), { ...ROUTE, rules: [{ ...ROUTE.rules[0], matches: [{ queryParams: [any] }] }] });
    case 'NodeGroupVolume': return void new LocalModelNodeGroup(s.chart, nextId(), { ...BASES.LocalModelNodeGroup(s), volume: any } as any);
    default: return undefined;
  }
}

/**
 * Synthesizes the scene as `cdk8s synth` would and checks the outcome: schema-valid files, or `[path] ...` lines and
 * no file at all.
 */
function expectCleanOutcome(s: Scene, version: KServeSchemaVersion = 'v0.20.0'): void {
  let failure: unknown;
  try {
    s.app.synth();
  } catch (e) {
    failure = e;
  }
  const files = fs.readdirSync(s.outdir, { recursive: true }).map(String).filter(f => fs.statSync(path.join(s.outdir, f)).isFile());
  if (failure === undefined) {
    const objects = files.filter(f => f.endsWith('.yaml'))
      .flatMap(f => parseAllDocuments(fs.readFileSync(path.join(s.outdir, f), 'utf8')).map(d => d.toJSON()).filter(Boolean));
    expectValidObjects(objects, { kserveVersion: version });
    return;
  }
  expectCleanError(failure);
  expect(files).toEqual([]);
}

const CRASH = /TypeError|is not a function|Cannot read propert|is not iterable|Cannot convert|\[object Object\]|Maximum call stack/;

function expectCleanError(failure: unknown): void {
  const message = failure instanceof Error ? failure.message : String(failure);
  if (!(failure instanceof Error) || failure instanceof TypeError || failure instanceof RangeError || CRASH.test(message)) {
    throw new Error(`crashed instead of reporting: ${failure instanceof Error ? failure.stack : message}`);
  }
  const [head, ...lines] = message.split('\n');
  if (head !== VALIDATION_FAILED) throw new Error(`synth failed without validation errors: ${message}`);
  for (const line of lines.map(l => l.trim()).filter(Boolean)) {
    expect(line).toMatch(/^\[[^\]]+\] \S/);
  }
}

/**
 * Runs `build`; returns whether it threw. A throw is allowed only with our message shape `label(param): ...`, and only
 * where nothing can be reported at synth: the lookups and writers of THROWS_BY_DESIGN, a call without a usable scope,
 * app or construct id, and an instance method whose answer is a plain value (`answersPlainly`).
 */
function buildOrShapedThrow(label: string, build: () => void, answersPlainly = false): boolean {
  try {
    build();
    return false;
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    const allowed = THROWS_BY_DESIGN.has(label) || answersPlainly || new RegExp(`^${label}\\((scope|app|id)\\)`).test(message);
    if (!allowed || e instanceof TypeError || CRASH.test(message) || !message.startsWith(`${label}(`)) {
      throw new Error(`${label} threw instead of reporting at synth: ${e instanceof Error ? e.stack : message}`);
    }
    return true;
  }
}

/** The public classes (and functions) the package exports. */
const exportedClasses = Object.entries(lib).filter(([, v]) => typeof v === 'function' && /^class\b/.test(Function.prototype.toString.call(v)));

test('every exported class is fuzzed (through its methods or constructor) or listed with the reason it is not', () => {
  const missing = exportedClasses.map(([name]) => name)
    .filter(name => !(name in NOTHING_TO_FUZZ) && !(name in CONSTRUCTORS) && !(name in METHODS));
  expect(missing).toEqual([]);
});

const staticMethods = Object.entries(METHODS).flatMap(([cls, methods]) => Object.entries(methods)
  .filter(([key, params]) => key.startsWith('static ') && params.length > 0)
  .map(([key, params]) => ({ cls, name: key.slice('static '.length), params })));

describe.each(staticMethods)('$cls.$name with wrong arguments', ({ cls, name, params }) => {
  test('returns a value that reports at synth, or throws a shaped message by design; never a crash or a file', () => {
    const label = `${cls}.${name}`;
    fc.assert(fc.property(fc.array(choice, { minLength: params.length, maxLength: params.length }), picks => {
      const s = scene();
      const factory = (lib as any)[cls][name] as (...a: unknown[]) => unknown;
      let result: unknown;
      if (buildOrShapedThrow(label, () => { result = factory.apply((lib as any)[cls], args(params, picks, s)); })) return;
      use(cls, result, s);
      expectCleanOutcome(s);
    }), { seed: SEED, numRuns: 12 });
  });
});

/** Props that fit each construct, the base the fuzz breaks. */
const BASES: Record<string, (s: Scene) => Record<string, unknown>> = {
  InferenceService: () => ({ predictor: { model: Model.sklearn(StorageUri.s3('models', 'iris')) } }),
  CanaryRollout: s => ({ service: s.service(), trafficPercent: 10, candidate: Model.sklearn(StorageUri.s3('models', 'iris-v2')) }),
  InferenceGraph: s => ({ root: GraphNode.sequence('root', [{ target: GraphTarget.service(s.service()) }]) }),
  InferenceServiceAlerts: s => ({ target: s.service() }),
  ServiceMonitor: s => ({ target: s.service() }),
  PodMonitor: s => ({ target: s.service() }),
  KServeInstall: () => ({}),
  ServingRuntime: () => ({
    supportedModelFormats: [{ name: 'sklearn', version: '1', autoSelect: true }],
    container: { image: 'registry.example.com/sklearn-server:1.0.0' },
  }),
  ClusterServingRuntime: () => ({
    supportedModelFormats: [{ name: 'sklearn', version: '1', autoSelect: true }],
    container: { image: 'registry.example.com/sklearn-server:1.0.0' },
  }),
  Gateway: () => GATEWAY,
  HttpRoute: () => ROUTE,
  LocalModelNodeGroup: () => ({
    storageLimit: Size.gibibytes(100), volume: NodeGroupVolume.local('/mnt/models'), nodes: [NodeLabelQuery.is('pool', 'gpu')], storageClassName: 'local',
  }),
  LocalModelCache: () => ({ sourceModelUri: StorageUri.s3('models', 'iris'), modelSize: Size.gibibytes(1), nodeGroups: [LocalModelNodeGroup.fromName('gpus')] }),
  LocalModelNamespaceCache: () => ({
    sourceModelUri: StorageUri.s3('models', 'iris'), modelSize: Size.gibibytes(1), nodeGroups: [LocalModelNodeGroup.fromName('gpus')],
  }),
  // LLM serving (issue #17)
  LLMInferenceService: () => ({
    model: { uri: StorageUri.huggingFace('Qwen/Qwen2.5-7B-Instruct') },
    parallelism: { tensor: 1 },
    template: { sharedMemory: Size.gibibytes(1) },
    router: { gateway: {}, route: {}, scheduler: {} },
  }),
  LLMInferenceServiceConfig: () => ({ template: { sharedMemory: Size.gibibytes(1) }, router: { scheduler: { replicas: 1 } } }),
  LLMPodMonitor: s => ({ target: s.llmService() }),
  InferenceServiceDashboard: s => ({ target: s.service() }),
  KServeFleetDashboard: () => ({}),
  // App-wide defaults (issue #18)
  KServeDefaults: () => ({ version: KServeVersion.V0_13, deploymentMode: DeploymentMode.STANDARD }),
};
const CONSTRUCT_CLASSES: Record<string, new (scope: Chart, id: string, props: any) => unknown> = {
  InferenceService,
  CanaryRollout,
  InferenceGraph,
  InferenceServiceAlerts,
  ServiceMonitor,
  PodMonitor,
  KServeInstall,
  ServingRuntime,
  ClusterServingRuntime,
  Gateway,
  HttpRoute,
  LocalModelNodeGroup,
  LocalModelCache,
  LocalModelNamespaceCache,
  LLMInferenceService: lib.LLMInferenceService,
  LLMInferenceServiceConfig: lib.LLMInferenceServiceConfig,
  LLMPodMonitor: lib.LLMPodMonitor,
  InferenceServiceDashboard: lib.InferenceServiceDashboard,
  KServeFleetDashboard: lib.KServeFleetDashboard,
  KServeDefaults: lib.KServeDefaults,
};

/** The prop paths of an interface, to `depth` levels of nested interfaces. */
function propPaths(shape: string, depth: number, prefix: string[] = []): string[][] {
  return Object.entries(SHAPES[shape] ?? {}).flatMap(([key, [desc]]) => {
    const at = [...prefix, key];
    const nested = typeof desc === 'object' && 'ref' in desc && depth > 0 ? propPaths(desc.ref, depth - 1, at) : [];
    return [at, ...nested];
  });
}

function setPath(target: Record<string, unknown>, at: string[], value: unknown): Record<string, unknown> {
  const [head, ...rest] = at;
  if (rest.length === 0) return { ...target, [head]: value };
  const inner = target[head];
  return { ...target, [head]: setPath(typeof inner === 'object' && inner !== null && !Array.isArray(inner) ? inner as Record<string, unknown> : {}, rest, value) };
}

test('every public constructor is fuzzed', () => {
  // FleetApp takes cdk8s's own AppProps, unchanged (test/fleet-app.test.ts checks its one rule)
  expect(Object.keys(CONSTRUCTORS).filter(name => name !== 'RolloutPlan' && name !== 'FleetApp' && !(name in BASES))).toEqual([]);
});

describe.each(Object.keys(BASES))('%s with wrong props', name => {
  const propsShape = (CONSTRUCTORS[name][2].type as { ref: string }).ref;
  const paths = propPaths(propsShape, 2);
  test('synthesizes schema-valid objects or reports `[path] field: ...`; never a crash or a file', () => {
    const edit = fc.tuple(fc.integer({ min: 0, max: paths.length - 1 }), fc.integer({ min: 0, max: WRONG.length - 1 }));
    fc.assert(fc.property(fc.array(edit, { minLength: 1, maxLength: 3 }),
      edits => {
        const s = scene();
        let props = BASES[name](s);
        for (const [p, w] of edits) props = setPath(props, paths[p], WRONG[w]);
        buildOrShapedThrow(name, () => new CONSTRUCT_CLASSES[name](s.chart, nextId(), props));
        expectCleanOutcome(s);
      }), { seed: SEED, numRuns: 40 });
  });
});

test('RolloutPlan with wrong stages reports at synth through the rollout that uses it', () => {
  fc.assert(fc.property(fc.integer({ min: 0, max: WRONG.length - 1 }), w => {
    const s = scene();
    use('RolloutPlan', new RolloutPlan(WRONG[w] as number[]), s);
    expectCleanOutcome(s);
  }), { seed: SEED, numRuns: 20 });
});

/** An instance of each class whose instance methods take arguments. */
const INSTANCES: Record<string, (s: Scene) => unknown> = {
  InferenceService: s => s.service(),
  ServingRuntime: s => new ServingRuntime(s.chart, nextId(), BASES.ServingRuntime(s) as any),
  ClusterServingRuntime: s => new ClusterServingRuntime(s.chart, nextId(), BASES.ClusterServingRuntime(s) as any),
  KServeInstall: s => new KServeInstall(s.chart, nextId()),
  RolloutPlan: () => new RolloutPlan([10, 50]),
  KServeMetric: () => lib.KServeMetric.REQUEST_PREDICT_SECONDS,
  DeploymentMode: () => DeploymentMode.STANDARD,
  KServeVersion: () => KServeVersion.V0_13,
  ProtocolVersion: () => ProtocolVersion.V2,
  Gateway: s => new Gateway(s.chart, nextId(), GATEWAY),
  HttpRoute: s => new HttpRoute(s.chart, nextId(), ROUTE),
};

const instanceMethods = Object.entries(METHODS).flatMap(([cls, methods]) => Object.entries(methods)
  .filter(([key, params]) => !key.startsWith('static ') && params.length > 0)
  .map(([name, params]) => ({ cls, name, params })));

test('every instance method that takes arguments is fuzzed', () => {
  expect(instanceMethods.filter(m => !(m.cls in INSTANCES) && !['MonitorBase', 'ServingRuntimeBase'].includes(m.cls)).map(m => `${m.cls}.${m.name}`)).toEqual([]);
});

describe.each(instanceMethods.filter(m => m.cls in INSTANCES))('$cls#$name with wrong arguments', ({ cls, name, params }) => {
  test('answers, or reports at synth on the construct; never a crash or a file', () => {
    fc.assert(fc.property(fc.array(choice, { minLength: params.length, maxLength: params.length }), picks => {
      const s = scene();
      const instance = INSTANCES[cls](s) as Record<string, (...a: unknown[]) => unknown>;
      const label = `${cls.charAt(0).toLowerCase()}${cls.slice(1)}.${name}`;
      buildOrShapedThrow(label, () => instance[name](...args(params, picks, s)), true);
      expectCleanOutcome(s);
    }), { seed: SEED, numRuns: 12 });
  });
});
