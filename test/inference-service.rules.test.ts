/**
 * One rule broken at a time, for every rule an InferenceService checks (issue #8): its name and metadata,
 * the predictor's model, the component options and custom containers. Autoscaling policies, canary
 * rollouts and credential internals have their own files; rules of theirs that inference-service.ts
 * emits itself are covered here.
 */
import { Chart, Duration, Size } from 'cdk8s';
import { Cpu, EnvValue, ServiceAccount, TaintEffect } from 'cdk8s-plus-28';
import * as fc from 'fast-check';
import {
  Autoscaling, Batcher, CanaryRollout, ComponentOptions, ComponentType, CustomContainer, DeploymentMode, InferenceService,
  InferenceServiceProps, KServeVersion, Logger, LoggerMode, MetricsOptions, Model, ModelOptions, ModelStorageSecret, PredictorOptions,
  ProtocolVersion, SecretSource, StorageScheme, StorageUri, Toleration,
} from '../src';
import { Build, expectBrokenRule, expectValidApp } from './util/broken-rule';
import { KServeSchemaVersion } from './util/schema-validator';

const RUNS = { seed: 20261125, numRuns: 6 };

const { PREDICTOR, TRANSFORMER, EXPLAINER } = ComponentType;
const { V1, V2, GRPC_V1, GRPC_V2 } = ProtocolVersion;

/** A random valid InferenceService, kept as parts so that a breaker can change one of them. */
interface Case {
  /** The construct id (and the name, unless `name` is set). */
  readonly id: string;
  readonly name?: string;
  readonly namespace?: string;
  readonly version: KServeVersion;
  readonly mode: DeploymentMode;
  readonly labels?: Record<string, string>;
  readonly annotations?: Record<string, string>;
  readonly metrics?: MetricsOptions;
  /** The predictor's model; absent when the predictor runs a container. */
  readonly model?: Model;
  /** Custom containers by component: the predictor's (instead of a model), the transformer's, the explainer's. */
  readonly containers: Partial<Record<ComponentType, CustomContainer>>;
  /** Options of each component (used for transformer and explainer only when they have a container). */
  readonly options: Record<ComponentType, ComponentOptions>;
  /** Whether the predictor reads its storage with credentials matching the storage scheme. */
  readonly credentials: boolean;
  /** The component that component-level breakers change. */
  readonly target: ComponentType;
  /** Picks between two ways of breaking a rule. */
  readonly flip: boolean;
}

/** Restricts the base to where a rule applies. */
interface Only {
  readonly versions?: KServeVersion[];
  readonly modes?: DeploymentMode[];
  readonly targets?: ComponentType[];
}

// ---- valid bases ------------------------------------------------------------------------------------

const word = fc.stringMatching(/^[a-z][a-z0-9]{0,7}$/);
const dnsLabel = fc.stringMatching(/^[a-z][a-z0-9]{0,8}(-[a-z0-9]{1,5})?$/);
const bucket = fc.constantFrom('models-bucket', 'ml-artifacts', 'team.models');
// No dots: an ONNX model's path must not carry another extension.
const objectPath = fc.array(word, { minLength: 1, maxLength: 3 }).map(parts => parts.join('/'));

function storageUri(version: KServeVersion): fc.Arbitrary<StorageUri> {
  return fc.oneof(
    fc.tuple(bucket, objectPath).map(([b, p]) => StorageUri.gcs(b, p)),
    fc.tuple(bucket, objectPath).map(([b, p]) => StorageUri.s3(b, p)),
    objectPath.map(p => StorageUri.url(`https://models.example.com/${p}`)),
    // hf:// is downloaded from v0.20 on.
    ...(version.isAtLeast(KServeVersion.V0_20) ? [fc.tuple(word, word).map(([o, r]) => StorageUri.huggingFace(`${o}/${r}`))] : []),
  );
}

// Each factory with the protocols KServe's standard runtimes serve it with.
const FORMATS: Array<[(uri: StorageUri, options: ModelOptions) => Model, ProtocolVersion[]]> = [
  [(u, o) => Model.sklearn(u, o), [V1, V2]],
  [(u, o) => Model.xgboost(u, o), [V1, V2]],
  [(u, o) => Model.lightgbm(u, o), [V1, V2]],
  [(u, o) => Model.huggingface(u, o), [V1, V2]],
  [(u, o) => Model.paddle(u, o), [V1, V2]],
  [(u, o) => Model.pmml(u, o), [V1, V2]],
  [(u, o) => Model.tensorflow(u, o), [V1, GRPC_V1, V2, GRPC_V2]],
  [(u, o) => Model.pytorch(u, o), [V1, V2, GRPC_V2]],
  [(u, o) => Model.onnx(u, o), [V2, GRPC_V2]],
  [(u, o) => Model.triton(u, o), [V2, GRPC_V2]],
  [(u, o) => Model.mlflow(u, o), [V2]],
  // A named runtime may serve any protocol.
  [(u, o) => Model.fromFormat('custom-format', u, { runtime: 'custom-runtime', ...o }), [V1, V2, GRPC_V1, GRPC_V2]],
];

function model(version: KServeVersion): fc.Arbitrary<Model> {
  return fc.constantFrom(...FORMATS).chain(([factory, protocols]) => fc.record({
    uri: storageUri(version),
    options: fc.record({
      protocolVersion: fc.constantFrom(...protocols),
      formatVersion: fc.constantFrom('1', '2'),
      runtimeVersion: fc.constantFrom('1.2.0', 'v2.5.1'),
    }, { requiredKeys: [] }),
  }).map(({ uri, options }) => factory(uri, options)));
}

const tag = fc.tuple(fc.nat(9), fc.nat(20), fc.nat(9)).map(([a, b, c]) => `${a}.${b}.${c}`);
const digest = fc.stringMatching(/^[a-f0-9]{64}$/).map(d => `@sha256:${d}`);
const image = fc.tuple(fc.constantFrom('registry.example.com/ml/', 'ghcr.io/team/', ''), word, fc.oneof(tag.map(t => `:${t}`), digest))
  .map(([registry, repo, ref]) => `${registry}${repo}${ref}`);

function container(version: KServeVersion, withStorage: boolean): fc.Arbitrary<CustomContainer> {
  return fc.record({
    image,
    command: fc.constant<string[]>(['python', '-m', 'server']),
    // Clear of the ports Knative reserves for its sidecars.
    port: fc.integer({ min: 1024, max: 8000 }),
    protocolVersion: fc.constantFrom(V1, V2),
    ...(withStorage ? { storageUri: storageUri(version) } : {}),
  }, { requiredKeys: ['image'] });
}

const SIDECAR: CustomContainer = { image: 'registry.example.com/ml/sidecar:1.0.0' };

const tolerations = fc.constantFrom<Toleration[]>(
  [Toleration.exists('nvidia.com/gpu', { effect: TaintEffect.NO_SCHEDULE })],
  [Toleration.equal('dedicated', 'ml', { effect: TaintEffect.NO_EXECUTE, evictAfter: Duration.seconds(300) })],
  [Toleration.exists()],
);

function componentOptions(mode: DeploymentMode, version: KServeVersion): fc.Arbitrary<ComponentOptions> {
  // Only where something reads them: containerConcurrency in Knative mode, timeout also in v0.20's Standard mode.
  const absent = fc.constant(undefined);
  return fc.record({
    // Scale to zero only where Knative runs the service.
    replicas: fc.tuple(fc.integer({ min: mode.isKnative ? 0 : 1, max: 3 }), fc.integer({ min: 0, max: 4 })),
    containerConcurrency: mode.isKnative ? fc.integer({ min: 0, max: 16 }) : absent,
    timeout: mode.isKnative || version === KServeVersion.V0_20 ? fc.integer({ min: 1, max: 600 }).map(s => Duration.seconds(s)) : absent,
    resources: fc.tuple(fc.integer({ min: 50, max: 2000 }), fc.integer({ min: 64, max: 4096 })).map(([cpu, mem]) => ({
      cpu: { request: Cpu.millis(cpu), limit: Cpu.millis(cpu * 2) },
      memory: { request: Size.mebibytes(mem), limit: Size.mebibytes(mem) },
      ephemeralStorage: { request: Size.gibibytes(1) },
    })),
    env: fc.constantFrom<Record<string, EnvValue>>({ LOG_LEVEL: EnvValue.fromValue('info') }, { 'OMP_NUM_THREADS': EnvValue.fromValue('2'), 'worker.mode': EnvValue.fromValue('async') }),
    args: fc.constant<string[]>(['--workers=2']),
    nodeSelector: fc.constantFrom<Record<string, string>>({ 'kubernetes.io/arch': 'amd64' }, { 'node.example.com/pool': 'gpu-a100' }),
    tolerations,
    labels: fc.constantFrom<Record<string, string>>({ team: 'ml-platform' }, { 'app.kubernetes.io/part-of': 'fraud_detection.v2' }),
    annotations: fc.constant<Record<string, string>>({ 'example.com/owner': 'data team' }),
    logger: fc.record({
      mode: fc.constantFrom(LoggerMode.ALL, LoggerMode.REQUEST, LoggerMode.RESPONSE),
      url: fc.constantFrom('http://message-dumper.ml.svc.cluster.local', 'https://events.example.com:8443/kserve'),
    }, { requiredKeys: [] }) as fc.Arbitrary<Logger>,
    batcher: fc.record({
      maxBatchSize: fc.integer({ min: 1, max: 64 }),
      maxLatency: fc.integer({ min: 1, max: 2000 }).map(ms => Duration.millis(ms)),
      timeout: fc.integer({ min: 1, max: 60 }).map(s => Duration.seconds(s)),
    }, { requiredKeys: [] }) as fc.Arbitrary<Batcher>,
  }, { requiredKeys: [] }).map(({ replicas, ...rest }) => ({
    ...rest,
    ...(replicas ? { minReplicas: replicas[0], maxReplicas: replicas[0] + replicas[1] } : {}),
  }));
}

function validCase(only: Only = {}): fc.Arbitrary<Case> {
  return fc.record({
    version: fc.constantFrom(...(only.versions ?? [KServeVersion.V0_13, KServeVersion.V0_20])),
    mode: fc.constantFrom(...(only.modes ?? [DeploymentMode.KNATIVE, DeploymentMode.STANDARD])),
  }).chain(({ version, mode }) => fc.record({
    id: dnsLabel,
    name: fc.option(dnsLabel, { nil: undefined }),
    namespace: fc.option(dnsLabel, { nil: undefined }),
    version: fc.constant(version),
    mode: fc.constant(mode),
    labels: fc.option(fc.constantFrom<Record<string, string>>({ team: 'ml-platform' }, { 'example.com/cost-center': 'c-42' }), { nil: undefined }),
    annotations: fc.option(fc.constant<Record<string, string>>({ 'example.com/owner': 'data-team', 'sidecar.istio.io/inject': 'true' }), { nil: undefined }),
    // The metrics switches need Knative's queue-proxy.
    metrics: mode.isKnative
      ? fc.option(fc.record({ aggregation: fc.boolean(), prometheusScraping: fc.boolean() }), { nil: undefined })
      : fc.constant(undefined),
    predictor: fc.oneof<[fc.Arbitrary<{ model?: Model; container?: CustomContainer }>, fc.Arbitrary<{ model?: Model; container?: CustomContainer }>]>(
      model(version).map(m => ({ model: m })), container(version, true).map(c => ({ container: c }))),
    transformer: fc.option(container(version, false), { nil: undefined }),
    explainer: fc.option(container(version, false), { nil: undefined }),
    options: fc.record({
      [PREDICTOR]: componentOptions(mode, version), [TRANSFORMER]: componentOptions(mode, version), [EXPLAINER]: componentOptions(mode, version),
    }),
    credentials: fc.boolean(),
    target: fc.constantFrom(...(only.targets ?? [PREDICTOR, TRANSFORMER, EXPLAINER])),
    flip: fc.boolean(),
  })).map(({ predictor, transformer, explainer, ...rest }) => ({
    ...rest,
    model: predictor.model,
    containers: { [PREDICTOR]: predictor.container, [TRANSFORMER]: transformer, [EXPLAINER]: explainer },
  }));
}

// ---- building ---------------------------------------------------------------------------------------

const nameOf = (c: Case) => c.name ?? c.id;
const namespaceOf = (c: Case) => c.namespace ?? 'ml';
const source = SecretSource.externalSecret({ store: 'vault', remoteKey: 'ml/models' });

// Helper constructs get capitalized ids (generated ids are lower case, so they never collide) and lower-case names.
function credentialsFor(chart: Chart, id: string, uri: StorageUri | undefined, namespace: string | undefined): ModelStorageSecret {
  const options = { source, namespace, name: id.toLowerCase() };
  switch (uri?.scheme) {
    case StorageScheme.S3: return ModelStorageSecret.s3(chart, id, options);
    case StorageScheme.HTTPS: return ModelStorageSecret.https(chart, id, { ...options, host: uri.host! });
    case StorageScheme.HUGGING_FACE: return ModelStorageSecret.huggingFace(chart, id, options);
    default: return ModelStorageSecret.gcs(chart, id, options);
  }
}

function propsOf(c: Case, chart: Chart): InferenceServiceProps {
  const uri = c.model?.storageUri ?? c.containers[PREDICTOR]?.storageUri;
  const component = (t: ComponentType) => {
    const own = c.containers[t];
    return own && { ...c.options[t], container: own };
  };
  return {
    name: c.name,
    namespace: c.namespace,
    version: c.version,
    deploymentMode: c.mode,
    labels: c.labels,
    annotations: c.annotations,
    metrics: c.metrics,
    predictor: {
      storageCredentials: c.credentials && uri ? credentialsFor(chart, 'Creds', uri, c.namespace) : undefined,
      ...c.options[PREDICTOR],
      model: c.model,
      container: c.containers[PREDICTOR],
    },
    transformer: component(TRANSFORMER),
    explainer: component(EXPLAINER),
  };
}

type Mutate = (props: InferenceServiceProps, chart: Chart) => InferenceServiceProps;

function build(c: Case, mutate: Mutate = p => p): Build {
  return chart => {
    new InferenceService(chart, c.id, mutate(propsOf(c, chart), chart));
  };
}

/**
 * The case with `patch` laid over the target component's options (a transformer or explainer is added
 * when the base has none). With `swap`, the target runs the returned container (the predictor then has no model).
 */
function patched(c: Case, patch: Partial<ComponentOptions>, swap?: (current: CustomContainer) => CustomContainer): Case {
  const t = c.target;
  const current = c.containers[t] ?? (t === PREDICTOR ? undefined : SIDECAR);
  return {
    ...c,
    model: swap && t === PREDICTOR ? undefined : c.model,
    options: { ...c.options, [t]: { ...c.options[t], ...patch } },
    containers: { ...c.containers, [t]: swap ? swap(current ?? SIDECAR) : current },
  };
}

/** Lays what `patch` returns over the target component in the props (for changes that need the chart). */
function patchProps(c: Case, patch: (chart: Chart, options: ComponentOptions) => object): Mutate {
  return (props, chart) => {
    const key = c.target as 'predictor' | 'transformer' | 'explainer';
    return { ...props, [key]: { ...props[key]!, ...patch(chart, props[key]!) } };
  };
}

const withTransformer = (c: Case): Case => ({ ...c, containers: { ...c.containers, [TRANSFORMER]: c.containers[TRANSFORMER] ?? SIDECAR } });
/** The target's field prefix, e.g. `spec.transformer`. */
const at = (c: Case) => `spec.${c.target}`;

// ---- the rules --------------------------------------------------------------------------------------

interface Breaker {
  readonly rule: string;
  readonly only?: Only;
  readonly breakIt: (c: Case) => Build;
  /** The construct the error names. @default the service, `test/<id>` */
  readonly at?: (c: Case) => string;
  readonly field: (c: Case) => string;
}

const MANAGED_ANNOTATIONS = [
  'serving.kserve.io/deploymentMode',
  'serving.kserve.io/autoscalerClass',
  'autoscaling.knative.dev/class',
  'serving.kserve.io/enable-metric-aggregation',
  'serving.kserve.io/enable-prometheus-scraping',
  'autoscaling.knative.dev/metric',
  'autoscaling.knative.dev/target',
  'autoscaling.knative.dev/min-scale',
  'autoscaling.knative.dev/minScale',
  'autoscaling.knative.dev/max-scale',
  'autoscaling.knative.dev/maxScale',
];

const badName = (c: Case) => (c.flip ? `9${nameOf(c)}` : `${nameOf(c)}_v2`);
const badNamespace = (c: Case) => (c.flip ? `${namespaceOf(c)}_dev` : namespaceOf(c).toUpperCase());
const badLabelPrefix = (c: Case) => (c.flip ? 'Example.com/team' : 'example.com/ml/team');
const badLabelName = (c: Case) => (c.flip ? 'example.com/-team' : `example.com/${'t'.repeat(64)}`);
const badLabelValue = (c: Case) => (c.flip ? 'ml platform' : 'v'.repeat(64));
// Longest name whose predictor names fit in 63 characters while the transformer's (two longer) do not.
const transformerOnlyTooLong = (c: Case) => 'm'.repeat(52 - Math.max(1 + namespaceOf(c).length, c.mode.isKnative ? 6 : 0));
const badFormat = (c: Case) => (c.flip ? 'my format' : '-sklearn');
const badProtocol = (c: Case) => (c.flip ? Model.onnx(StorageUri.gcs('models-bucket', 'fraud'), { protocolVersion: V1 })
  : Model.mlflow(StorageUri.gcs('models-bucket', 'fraud'), { protocolVersion: GRPC_V2 }));
const badCount = (c: Case) => (c.flip ? -1 : 1.5);
const badEnvName = (c: Case) => (c.flip ? '1_WORKERS' : 'MODEL NAME');
const badNodeSelector = (c: Case): Record<string, string> => (c.flip ? { 'node type': 'gpu' } : { 'node-type': 'gpu/a100' });
const badLoggerUrl = (c: Case) => (c.flip ? 'ftp://logs.example.com/events' : 'http://message dumper.ml');
// Registries accept upper case in the host but not in the repository path (distribution/reference grammar).
const badImage = (c: Case) => (c.flip ? 'registry.example.com/ML/server:1.0' : 'ml/server:');
const badPort = (c: Case) => (c.flip ? 0 : 70000);
const grpc = (c: Case) => (c.flip ? GRPC_V1 : GRPC_V2);
const bounds = { minReplicas: undefined, maxReplicas: undefined, containerConcurrency: undefined };
// A second toleration after a valid one, so the index in the message is checked too.
const withToleration = (c: Case, t: Toleration) => build(patched(c, { tolerations: [Toleration.exists('dedicated'), t] }));
// Each mode's policy whose class is the mode's default, so only the rule under test breaks.
const defaultClassPolicy = (c: Case) => (c.mode.isKnative ? Autoscaling.concurrency() : Autoscaling.cpu());

const serviceBreakers: Breaker[] = [
  {
    rule: 'name format',
    breakIt: c => build({ ...c, name: badName(c) }),
    field: c => `metadata.name '${badName(c)}' must consist of lower case`,
  },
  {
    rule: 'namespace format',
    breakIt: c => build({ ...c, namespace: badNamespace(c) }),
    field: c => `metadata.namespace '${badNamespace(c)}' must be a DNS-1123 label`,
  },
  {
    rule: 'namespace length',
    breakIt: c => build({ ...c, namespace: 'n'.repeat(64) }),
    field: () => `metadata.namespace '${'n'.repeat(64)}' must be a DNS-1123 label`,
  },
  {
    rule: 'derived predictor names longer than a DNS label',
    breakIt: c => build({ ...c, name: 'm'.repeat(53) }),
    field: () => `metadata.name '${'m'.repeat(53)}' is too long: KServe derives '${'m'.repeat(53)}-predictor-`,
  },
  {
    rule: 'derived transformer names longer than a DNS label',
    breakIt: c => build({ ...withTransformer(c), name: transformerOnlyTooLong(c) }),
    field: c => `is too long: KServe derives '${transformerOnlyTooLong(c)}-transformer-`,
  },
  {
    rule: 'metrics switches outside Knative',
    only: { modes: [DeploymentMode.STANDARD] },
    breakIt: c => build({ ...c, metrics: { aggregation: c.flip, prometheusScraping: !c.flip } }),
    field: () => 'metrics: aggregation and prometheusScraping work only in Knative mode',
  },
  {
    rule: 'label key prefix',
    breakIt: c => build({ ...c, labels: { ...c.labels, [badLabelPrefix(c)]: 'ml' } }),
    field: c => `metadata.labels key '${badLabelPrefix(c)}' has an invalid prefix`,
  },
  {
    rule: 'label key name',
    breakIt: c => build({ ...c, labels: { ...c.labels, [badLabelName(c)]: 'ml' } }),
    field: c => `metadata.labels key '${badLabelName(c)}' is invalid: the name part`,
  },
  {
    rule: 'label value',
    breakIt: c => build({ ...c, labels: { ...c.labels, team: badLabelValue(c) } }),
    field: c => `metadata.labels['team'] value '${badLabelValue(c)}' is invalid`,
  },
  {
    rule: 'annotation key',
    breakIt: c => build({ ...c, annotations: { ...c.annotations, 'example.com/': 'x' } }),
    field: () => "metadata.annotations key 'example.com/' is invalid: the name part",
  },
  {
    rule: 'annotation value type',
    breakIt: c => build({ ...c, annotations: { ...c.annotations, 'example.com/replicas': 3 as unknown as string } }),
    field: () => "annotations['example.com/replicas']: must be a string (got number 3)",
  },
  ...MANAGED_ANNOTATIONS.map((key): Breaker => ({
    rule: `managed annotation ${key}`,
    breakIt: c => build({ ...c, annotations: { ...c.annotations, [key]: 'x' } }),
    field: () => `metadata.annotations['${key}'] is managed by the library or KServe`,
  })),
  {
    rule: 'internal KServe annotation',
    breakIt: c => build({ ...c, annotations: { ...c.annotations, 'internal.serving.kserve.io/storage-initializer-sourceuri': 'gs://x/y' } }),
    field: () => "metadata.annotations['internal.serving.kserve.io/storage-initializer-sourceuri'] is internal to the KServe controller",
  },
  {
    rule: 'predictor with both model and container',
    breakIt: c => build({ ...c, credentials: false, model: Model.sklearn(StorageUri.gcs('models-bucket', 'iris')), containers: { ...c.containers, [PREDICTOR]: SIDECAR } }),
    field: () => "spec.predictor: exactly one of 'model' or 'container' must be given (got both)",
  },
  {
    rule: 'predictor with neither model nor container',
    breakIt: c => build({ ...c, model: undefined, containers: { ...c.containers, [PREDICTOR]: undefined } }),
    field: () => "spec.predictor: exactly one of 'model' or 'container' must be given (got neither)",
  },
  {
    rule: 'model format name',
    breakIt: c => build({ ...c, credentials: false, model: Model.fromFormat(badFormat(c), StorageUri.gcs('models-bucket', 'm')), containers: {} }),
    field: c => `spec.predictor.model: model format name '${badFormat(c)}' must be a non-empty word`,
  },
  {
    rule: 'model protocol no standard runtime serves',
    breakIt: c => build({ ...c, credentials: false, model: badProtocol(c), containers: {} }),
    field: c => `spec.predictor.model: protocolVersion '${badProtocol(c).protocolVersion!.value}' is not served for model format '${badProtocol(c).formatName}'`,
  },
  {
    rule: 'storage scheme newer than the target version',
    only: { versions: [KServeVersion.V0_13] },
    breakIt: c => build({ ...c, credentials: false, model: Model.huggingface(StorageUri.huggingFace('org/model')), containers: {} }),
    field: () => "spec.predictor.model: storageUri 'hf://org/model': the 'hf://' scheme needs KServe v0.14 or later (target is v0.13.1)",
  },
  {
    rule: 'ONNX file extension',
    breakIt: c => build({ ...c, credentials: false, model: Model.onnx(StorageUri.gcs('models-bucket', 'fraud/model.pt')), containers: {} }),
    field: () => "spec.predictor.model: storageUri 'gs://models-bucket/fraud/model.pt': expected file extension '.onnx' but got '.pt'",
  },
  {
    rule: 'unpinned runtimeVersion',
    breakIt: c => build({ ...c, credentials: false, model: Model.sklearn(StorageUri.gcs('m-b', 'x'), { runtimeVersion: c.flip ? '' : 'latest' }), containers: {} }),
    field: c => `spec.predictor.model: runtimeVersion '${c.flip ? '' : 'latest'}' must pin a release tag`,
  },
  {
    rule: 'runtime name',
    breakIt: c => build({ ...c, credentials: false, model: Model.sklearn(StorageUri.gcs('m-b', 'x'), { runtime: 'My_Runtime' }), containers: {} }),
    field: () => "spec.predictor.model: runtime 'My_Runtime' must be the name of a ServingRuntime",
  },
  {
    rule: 'components under different autoscaler classes',
    // Knative: HPA class against the transformer's KPA; Standard: external against the transformer's HPA.
    breakIt: c => build(patched(withTransformer({ ...c, target: PREDICTOR }), {
      ...bounds, autoscaling: c.mode.isKnative ? Autoscaling.cpu() : Autoscaling.external(),
    })),
    field: () => 'spec: the components ask for different autoscaler classes (predictor: ',
  },
  {
    rule: 'a second CanaryRollout',
    only: { modes: [DeploymentMode.KNATIVE] },
    breakIt: c => chart => {
      const service = new InferenceService(chart, c.id, propsOf(c, chart));
      new CanaryRollout(chart, 'RolloutA', { service, trafficPercent: 10 });
      new CanaryRollout(chart, 'RolloutB', { service, trafficPercent: 20 });
    },
    at: () => 'test/RolloutB',
    field: c => `service: InferenceService 'test/${c.id}' already has the CanaryRollout 'test/RolloutA'`,
  },
];

const componentBreakers: Breaker[] = [
  {
    rule: 'containerConcurrency',
    breakIt: c => build(patched(c, { containerConcurrency: badCount(c) })),
    field: c => `${at(c)}.containerConcurrency (${badCount(c)}) must be a whole number >= 0`,
  },
  {
    rule: 'minReplicas',
    breakIt: c => build(patched(c, { ...bounds, minReplicas: badCount(c) })),
    field: c => `${at(c)}.minReplicas (${badCount(c)}) must be a whole number >= 0`,
  },
  {
    rule: 'maxReplicas',
    breakIt: c => build(patched(c, { ...bounds, maxReplicas: c.flip ? -1 : 2.5 })),
    field: c => `${at(c)}.maxReplicas (${c.flip ? -1 : 2.5}) must be a whole number >= 0`,
  },
  {
    rule: 'minReplicas above maxReplicas',
    breakIt: c => build(patched(c, { minReplicas: 3, maxReplicas: 2 })),
    field: c => `${at(c)}.minReplicas (3) must be less than or equal to ${at(c)}.maxReplicas (2)`,
  },
  ...(['minReplicas', 'maxReplicas', 'containerConcurrency'] as const).map((prop): Breaker => ({
    rule: `${prop} beside an autoscaling policy`,
    breakIt: c => build(patched(c, { ...bounds, [prop]: 1, autoscaling: defaultClassPolicy(c) })),
    field: c => `${at(c)}.${prop} and ${at(c)}.autoscaling are both set`,
  })),
  {
    rule: 'scale to zero outside Knative',
    only: { modes: [DeploymentMode.STANDARD] },
    breakIt: c => build(patched(c, { ...bounds, minReplicas: 0 })),
    field: c => `${at(c)}.minReplicas is 0 but scale to zero needs Knative`,
  },
  {
    rule: 'timeout in whole seconds above zero',
    breakIt: c => build(patched(c, { timeout: c.flip ? Duration.seconds(0) : Duration.millis(1500) })),
    field: c => `${at(c)}.timeout (${c.flip ? 0 : 1.5}s) must be a whole number of seconds greater than zero`,
  },
  {
    rule: 'cpu request not negative',
    breakIt: c => build(patched(c, { resources: { cpu: { request: Cpu.millis(-100) } } })),
    field: c => `${at(c)}.resources.cpu.request (-100m) must be zero or greater`,
  },
  {
    rule: 'memory limit above zero',
    breakIt: c => build(patched(c, { resources: { memory: { limit: Size.mebibytes(0) } } })),
    field: c => `${at(c)}.resources.memory.limit (0Mi) must be greater than zero`,
  },
  {
    rule: 'ephemeral-storage limit above zero',
    breakIt: c => build(patched(c, { resources: { ephemeralStorage: { limit: Size.gibibytes(0) } } })),
    field: c => `${at(c)}.resources.ephemeralStorage.limit (0Gi) must be greater than zero`,
  },
  {
    rule: 'cpu request above limit',
    breakIt: c => build(patched(c, { resources: { cpu: { request: Cpu.units(2), limit: Cpu.millis(500) } } })),
    field: c => `${at(c)}.resources.cpu.request (2) must be less than or equal to ${at(c)}.resources.cpu.limit (500m)`,
  },
  {
    rule: 'memory request above limit',
    breakIt: c => build(patched(c, { resources: { memory: { request: Size.gibibytes(2), limit: Size.mebibytes(512) } } })),
    field: c => `${at(c)}.resources.memory.request (2Gi) must be less than or equal to ${at(c)}.resources.memory.limit (512Mi)`,
  },
  {
    rule: 'ephemeral-storage request above limit',
    breakIt: c => build(patched(c, { resources: { ephemeralStorage: { request: Size.gibibytes(2), limit: Size.gibibytes(1) } } })),
    field: c => `${at(c)}.resources.ephemeralStorage.request (2Gi) must be less than or equal to`,
  },
  {
    rule: 'serviceAccount beside storageCredentials',
    breakIt: c => build(patched(c, {}), patchProps(c, (chart, options) => ({
      serviceAccount: new ServiceAccount(chart, 'Runner', { metadata: { name: 'runner', namespace: c.namespace } }),
      storageCredentials: credentialsFor(chart, 'OtherCreds', (options as PredictorOptions).model?.storageUri ?? (options as PredictorOptions).container?.storageUri, c.namespace),
    }))),
    field: c => `${at(c)}: 'serviceAccount' and 'storageCredentials' both set the ServiceAccount`,
  },
  {
    rule: 'storage-config credentials without a model',
    breakIt: c => build(patched({ ...c, credentials: false }, {}, current => ({ ...current, storageUri: undefined })), patchProps(c, chart => ({
      storageCredentials: ModelStorageSecret.storageConfig(chart, 'StorageConfig', { key: 'minio', bucket: 'models-bucket', anonymous: true, namespace: c.namespace }),
    }))),
    field: c => `${at(c)}.storageCredentials: storage-config entries are referenced by 'model.storage.key'`,
  },
  {
    rule: 'env name',
    breakIt: c => build(patched(c, { env: { [badEnvName(c)]: EnvValue.fromValue('1') } })),
    field: c => `${at(c)}.env name '${badEnvName(c)}' is invalid`,
  },
  {
    rule: 'PYTHONPATH on v0.20',
    only: { versions: [KServeVersion.V0_20] },
    breakIt: c => build(patched(c, { env: { PYTHONPATH: EnvValue.fromValue('/opt/lib') } })),
    field: c => `${at(c)}.env: setting PYTHONPATH is not allowed by KServe v0.20.0`,
  },
  {
    rule: 'component label value',
    breakIt: c => build(patched(c, { labels: { team: badLabelValue(c) } })),
    field: c => `${at(c)}.labels['team'] value '${badLabelValue(c)}' is invalid`,
  },
  {
    rule: 'component annotation key',
    breakIt: c => build(patched(c, { annotations: { [badLabelPrefix(c)]: 'x' } })),
    field: c => `${at(c)}.annotations key '${badLabelPrefix(c)}' has an invalid prefix`,
  },
  {
    rule: 'component managed annotation',
    breakIt: c => build(patched(c, { annotations: { [c.flip ? 'autoscaling.knative.dev/min-scale' : 'autoscaling.knative.dev/target']: '3' } })),
    field: c => `${at(c)}.annotations['${c.flip ? 'autoscaling.knative.dev/min-scale' : 'autoscaling.knative.dev/target'}'] is managed`,
  },
  {
    rule: 'component internal KServe annotation',
    breakIt: c => build(patched(c, { annotations: { 'internal.serving.kserve.io/agent': 'true' } })),
    field: c => `${at(c)}.annotations['internal.serving.kserve.io/agent'] is internal to the KServe controller`,
  },
  {
    rule: 'nodeSelector label',
    breakIt: c => build(patched(c, { nodeSelector: badNodeSelector(c) })),
    field: c => (c.flip ? `${at(c)}.nodeSelector key 'node type' is invalid` : `${at(c)}.nodeSelector['node-type'] value 'gpu/a100' is invalid`),
  },
  {
    rule: 'toleration without key',
    breakIt: c => withToleration(c, Toleration.equal('', 'ml', { effect: TaintEffect.NO_SCHEDULE })),
    field: c => `${at(c)}.tolerations[1]: Toleration.equal needs a key`,
  },
  {
    rule: 'toleration given as a plain object (JavaScript callers)',
    breakIt: c => withToleration(c, { key: 'dedicated', value: 'ml' } as unknown as Toleration),
    // The runtime type check names the prop as given (`predictor.`, not `spec.predictor.`).
    field: c => `${c.target}.tolerations[1]: must be a Toleration (Toleration.equal(...) or Toleration.exists(...)) (got a plain object`,
  },
  {
    rule: 'toleration key is a qualified name',
    breakIt: c => withToleration(c, Toleration.equal(c.flip ? 'bad key!' : 'Example.com/gpu', 'ml')),
    field: c => `${at(c)}.tolerations[1].key: key '${c.flip ? 'bad key!' : 'Example.com/gpu'}'`,
  },
  {
    rule: 'toleration value is a label value',
    breakIt: c => withToleration(c, Toleration.equal('dedicated', c.flip ? 'ml team' : 'x'.repeat(64))),
    field: c => `${at(c)}.tolerations[1].value '${c.flip ? 'ml team' : 'x'.repeat(64)}' is invalid`,
  },
  {
    rule: 'evictAfter without NoExecute',
    breakIt: c => withToleration(c, Toleration.equal('dedicated', 'ml', { effect: c.flip ? TaintEffect.NO_SCHEDULE : undefined, evictAfter: Duration.seconds(60) })),
    field: c => `${at(c)}.tolerations[1]: 'evictAfter' (tolerationSeconds) only applies to the NoExecute effect`,
  },
  {
    rule: 'evictAfter in whole seconds',
    breakIt: c => withToleration(c, Toleration.equal('dedicated', 'ml', { effect: TaintEffect.NO_EXECUTE, evictAfter: Duration.millis(1500) })),
    field: c => `${at(c)}.tolerations[1].evictAfter (1.5s) must be a whole number of seconds`,
  },
  {
    rule: 'logger url',
    breakIt: c => build(patched(c, { logger: { url: badLoggerUrl(c) } })),
    field: c => `${at(c)}.logger.url '${badLoggerUrl(c)}' must be an http:// or https:// URL`,
  },
  {
    rule: 'batcher maxBatchSize',
    breakIt: c => build(patched(c, { batcher: { maxBatchSize: c.flip ? 0 : 2.5 } })),
    field: c => `${at(c)}.batcher.maxBatchSize (${c.flip ? 0 : 2.5}) must be a whole number greater than zero`,
  },
  {
    rule: 'batcher maxLatency',
    breakIt: c => build(patched(c, { batcher: { maxLatency: c.flip ? Duration.millis(0) : Duration.seconds(0.0005) } })),
    field: c => `${at(c)}.batcher.maxLatency (${c.flip ? 0 : 0.5}ms) must be a whole number of milliseconds greater than zero`,
  },
  {
    rule: 'batcher timeout',
    breakIt: c => build(patched(c, { batcher: { timeout: c.flip ? Duration.seconds(0) : Duration.millis(2500) } })),
    field: c => `${at(c)}.batcher.timeout (${c.flip ? 0 : 2.5}s) must be a whole number of seconds greater than zero`,
  },
];

const containerBreakers: Breaker[] = [
  {
    rule: 'container image reference',
    breakIt: c => build(patched({ ...c, credentials: false }, {}, current => ({ ...current, image: badImage(c) }))),
    field: c => `${at(c)}.container.image '${badImage(c)}' is not a valid image reference`,
  },
  {
    rule: 'container image without tag or digest',
    breakIt: c => build(patched({ ...c, credentials: false }, {}, current => ({ ...current, image: 'registry.example.com/ml/server' }))),
    field: c => `${at(c)}.container.image 'registry.example.com/ml/server' has no tag or digest`,
  },
  {
    rule: 'container image on latest',
    breakIt: c => build(patched({ ...c, credentials: false }, {}, current => ({ ...current, image: 'ml/server:latest' }))),
    field: c => `${at(c)}.container.image 'ml/server:latest' uses the 'latest' tag`,
  },
  {
    rule: 'container port',
    breakIt: c => build(patched({ ...c, credentials: false }, {}, current => ({ ...current, port: badPort(c) }))),
    field: c => `${at(c)}.container.port (${badPort(c)}) must be a port number between 1 and 65535`,
  },
  {
    rule: 'custom predictor gRPC protocol',
    only: { targets: [PREDICTOR] },
    breakIt: c => build(patched({ ...c, credentials: false }, {}, current => ({ ...current, protocolVersion: grpc(c) }))),
    field: c => `${at(c)}.container.protocolVersion '${grpc(c).value}' is not accepted for custom predictors`,
  },
  ...(['PROTOCOL', 'STORAGE_URI'] as const).map((name): Breaker => ({
    rule: `container env ${name} the library sets`,
    breakIt: c => build(patched({ ...c, credentials: false }, { env: { [name]: EnvValue.fromValue('v2') } }, current => current)),
    field: c => `${at(c)}.env['${name}'] is set by the library`,
  })),
  {
    rule: 'container storageUri scheme newer than the target version',
    only: { versions: [KServeVersion.V0_13], targets: [TRANSFORMER, EXPLAINER] },
    breakIt: c => build(patched(c, {}, current => ({ ...current, storageUri: StorageUri.huggingFace('acme/tokenizer') }))),
    field: c => `${at(c)}.container.storageUri 'hf://acme/tokenizer': the 'hf://' scheme needs KServe v0.14 or later`,
  },
  {
    rule: 'container port reserved by Knative',
    only: { modes: [DeploymentMode.KNATIVE] },
    breakIt: c => build(patched({ ...c, credentials: false }, {}, current => ({ ...current, port: c.flip ? 8012 : 9091 }))),
    field: c => `${at(c)}.container.port (${c.flip ? 8012 : 9091}) is reserved by Knative`,
  },
  {
    rule: 'two services with one name in one namespace',
    breakIt: c => chart => {
      build(c)(chart);
      new InferenceService(chart, `${c.id}-twin`, {
        name: c.name ?? c.id,
        namespace: c.namespace,
        version: c.version,
        deploymentMode: c.mode,
        predictor: { model: Model.sklearn(StorageUri.gcs('models-bucket', 'twin')) },
      });
    },
    field: c => `is also written by 'test/${c.id}-twin'`,
  },
];

// ---- the properties ---------------------------------------------------------------------------------

test('random valid InferenceServices synthesize and validate against their KServe version', () => {
  fc.assert(fc.property(validCase(), (c) => {
    const objects = expectValidApp(build(c), c.version.name as KServeSchemaVersion);
    const isvc = objects.find(o => o.kind === 'InferenceService');
    expect(isvc.metadata.name).toBe(nameOf(c));
    expect(Object.keys(isvc.spec).sort()).toEqual([PREDICTOR, ...[TRANSFORMER, EXPLAINER].filter(t => c.containers[t])].sort());
  }), RUNS);
});

// Each version- or mode-gated rule holds only where KServe has it: the same change passes on the other side.
const allowed: Array<[string, Only, (c: Case) => Case]> = [
  ['PYTHONPATH before v0.20', { versions: [KServeVersion.V0_13] }, c => patched(c, { env: { PYTHONPATH: EnvValue.fromValue('/opt/lib') } })],
  ['hf:// storage on v0.20', { versions: [KServeVersion.V0_20] },
    c => ({ ...c, credentials: false, model: Model.huggingface(StorageUri.huggingFace('org/model')), containers: { ...c.containers, [PREDICTOR]: undefined } })],
  ['scale to zero in Knative', { modes: [DeploymentMode.KNATIVE] }, c => patched(c, { ...bounds, minReplicas: 0 })],
  ['metrics switches in Knative', { modes: [DeploymentMode.KNATIVE] }, c => ({ ...c, metrics: { aggregation: true, prometheusScraping: true } })],
  ['a storage URI on a predictor container', { targets: [PREDICTOR] },
    c => patched({ ...c, credentials: false }, {}, current => ({ ...current, storageUri: StorageUri.gcs('models-bucket', 'iris') }))],
];

test.each(allowed)('%s is accepted', (_rule, only, change) => {
  fc.assert(fc.property(validCase(only), (c) => {
    expectValidApp(build(change(c)), c.version.name as KServeSchemaVersion);
  }), RUNS);
});

const breakers = [...serviceBreakers, ...componentBreakers, ...containerBreakers];

test.each(breakers.map(b => [b.rule, b] as const))('one broken rule (%s): synth fails naming the path and field, and writes nothing', (_rule, b) => {
  fc.assert(fc.property(validCase(b.only), (c) => {
    expectBrokenRule(b.breakIt(c), { at: b.at?.(c) ?? `test/${c.id}`, field: b.field(c) });
  }), RUNS);
});
