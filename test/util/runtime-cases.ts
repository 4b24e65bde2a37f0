/**
 * Random valid stacks for the install and runtime rules: an install with varied props, a ClusterServingRuntime
 * added through the install or created in a chart of its own, a namespaced ServingRuntime, a peer of each serving
 * the same format, and InferenceServices resolving to them; and the helpers breakers change them with. Shared by
 * test/kserve-install.rules.test.ts and test/serving-runtime.rules.test.ts.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Chart, Size } from 'cdk8s';
import { ContainerResources, Cpu } from 'cdk8s-plus-28';
import * as fc from 'fast-check';
import { KServeSchemaVersion } from './schema-validator';
import {
  ClusterServingRuntime, CrdSource, DeploymentMode, InferenceService, InferenceServiceConfigOptions, KServeInstall, KServeInstallProps,
  KServeVersion, Model, ModelFormatSupport, ProtocolVersion, ServingRuntime, ServingRuntimeProps, StorageUri, WebhookCertificates,
} from '../../src';


// Seeded so a failure is reproducible: rerun with the seed and path fast-check prints. The arbitraries are pools
// of valid values: unbiased (uniform) draws reach all of them in few runs, where biased ones favour the first.
export const RUNS = { seed: 20261125, numRuns: 6, unbiased: true };

// CrdSource.fromFile reads the file at construction; one small CRD is enough for the base.
export const CRD_FILE = path.join(os.tmpdir(), `rules-runtime-crds-${process.pid}.yaml`);
export const MISSING_CRD_FILE = path.join(os.tmpdir(), `rules-runtime-crds-${process.pid}-missing.yaml`);
/** Writes CRD_FILE before the tests of the file that calls this, and removes it after them. */
export function useCrdFile(): void {
  beforeAll(() => fs.writeFileSync(CRD_FILE, [
    'apiVersion: apiextensions.k8s.io/v1',
    'kind: CustomResourceDefinition',
    'metadata:',
    '  name: inferenceservices.serving.kserve.io',
    'spec:',
    '  group: serving.kserve.io',
    '  names: { kind: InferenceService, listKind: InferenceServiceList, plural: inferenceservices, singular: inferenceservice }',
    '  scope: Namespaced',
    '  versions:',
    '    - name: v1beta1',
    '      served: true',
    '      storage: true',
    '      schema: { openAPIV3Schema: { type: object, x-kubernetes-preserve-unknown-fields: true } }',
    '',
  ].join('\n')));
  afterAll(() => fs.rmSync(CRD_FILE, { force: true }));
}

// The base64 of a PEM block, as a webhook caBundle must be.
export const CA_BUNDLE = Buffer.from('-----BEGIN CERTIFICATE-----\nMIIBdzCCAR2gAwIBAgIURulesRuntime\n-----END CERTIFICATE-----\n').toString('base64');
// A ClusterServingRuntime created outside the install lives in this chart (on the App, no namespace).
export const CLUSTER_CHART = 'platform-runtimes';

export type Kind = 'cluster' | 'namespaced';
export const KINDS: Kind[] = ['cluster', 'namespaced'];

export interface RuntimeEntry {
  readonly id: string;
  readonly options: ServingRuntimeProps;
}

export interface ServiceCase {
  readonly id: string;
  readonly version: KServeVersion;
  readonly mode: DeploymentMode;
  /** The runtime kind whose format the model uses. */
  readonly target: Kind;
  /** Whether the model names the runtime (otherwise KServe auto-selects it). */
  readonly named: boolean;
  readonly format: string;
  readonly formatVersion?: string;
  readonly protocol: ProtocolVersion;
}

export interface Case {
  readonly version: KServeVersion;
  readonly installId: string;
  readonly install: KServeInstallProps;
  /** Whether the ClusterServingRuntime and its peer are added through the install (otherwise created in CLUSTER_CHART). */
  readonly clusterViaInstall: boolean;
  readonly runtimes: Record<Kind, RuntimeEntry>;
  /** A second runtime of each kind serving the same format, with another name and priority. */
  readonly peers: Record<Kind, RuntimeEntry>;
  /** Namespace of the service and the namespaced runtimes (default: the chart's). */
  readonly namespace?: string;
  readonly service: ServiceCase;
  /** Also serve an sklearn model through the standard kserve-sklearnserver. */
  readonly sklearn: boolean;
}

export const V13 = KServeVersion.V0_13;
export const V20 = KServeVersion.V0_20;
export const STANDARD_V13 = ['kserve-sklearnserver', 'kserve-xgbserver', 'kserve-lgbserver', 'kserve-pmmlserver', 'kserve-paddleserver',
  'kserve-mlserver', 'kserve-tensorflow-serving', 'kserve-torchserve', 'kserve-tritonserver', 'kserve-huggingfaceserver'];
export const SKLEARN_ID = 'iris';
export const word = fc.stringMatching(/^[a-z][a-z0-9]{1,8}$/);

export const resources: fc.Arbitrary<ContainerResources> = fc.record({
  cpu: fc.integer({ min: 50, max: 2000 }),
  extraCpu: fc.integer({ min: 0, max: 2000 }),
  memory: fc.integer({ min: 64, max: 4096 }),
  extraMemory: fc.integer({ min: 0, max: 4096 }),
}).map(r => ({
  cpu: { request: Cpu.millis(r.cpu), limit: Cpu.millis(r.cpu + r.extraCpu) },
  memory: { request: Size.mebibytes(r.memory), limit: Size.mebibytes(r.memory + r.extraMemory) },
}));

export const config: fc.Arbitrary<InferenceServiceConfigOptions & { s3Scheme: boolean }> = fc.record({
  defaultDeploymentMode: fc.constantFrom(DeploymentMode.KNATIVE, DeploymentMode.STANDARD),
  ingress: fc.record({
    domain: fc.constantFrom('models.example.com', 'svc.cluster.local', 'ai.corp-1.io'),
    domainTemplate: fc.constantFrom('{{ .Name }}-{{ .Namespace }}.{{ .IngressDomain }}', '{{ .Name }}.{{ .IngressDomain }}'),
    urlScheme: fc.constantFrom('http', 'https'),
    ingressGateway: fc.constantFrom('istio-system/kserve-gateway', 'knative-serving/knative-ingress-gateway'),
    ingressClassName: fc.constantFrom('istio', 'nginx'),
    disableIngressCreation: fc.boolean(),
    enableGatewayApi: fc.boolean(),
  }, { requiredKeys: [] }),
  storageInitializerResources: fc.record({
    cpuRequest: fc.integer({ min: 50, max: 500 }).map(Cpu.millis),
    cpuLimit: fc.integer({ min: 1, max: 2 }).map(Cpu.units),
    memoryRequest: fc.integer({ min: 64, max: 512 }).map(Size.mebibytes),
    memoryLimit: fc.integer({ min: 1, max: 2 }).map(Size.gibibytes),
  }, { requiredKeys: [] }),
  storageCaBundleConfigMap: fc.constant('custom-ca-bundle'),
  enableModelcar: fc.boolean(),
  loggerDefaultUrl: fc.constantFrom('http://default-broker', 'https://events.example.com/kserve'),
  s3: fc.record({
    endpoint: fc.constantFrom('minio.minio.svc:9000', 's3.eu-west-1.amazonaws.com'),
    useHttps: fc.boolean(),
    region: fc.constantFrom('eu-west-1', 'us-east-1'),
    verifySsl: fc.boolean(),
  }, { requiredKeys: [] }),
  metricAggregation: fc.boolean(),
  prometheusScraping: fc.boolean(),
  s3Scheme: fc.boolean(),
}, { requiredKeys: ['s3Scheme'] });

/** Drops the settings a version does not have: Gateway API and a scheme on the S3 endpoint need v0.20. */
export function configFor(version: KServeVersion, generated: InferenceServiceConfigOptions & { s3Scheme: boolean }): InferenceServiceConfigOptions {
  const { s3Scheme, ...options } = generated;
  const v20 = version.isAtLeast(V20);
  const ingress = options.ingress && { ...options.ingress, enableGatewayApi: v20 ? options.ingress.enableGatewayApi : undefined };
  const endpoint = options.s3?.endpoint && (s3Scheme && v20 ? `https://${options.s3.endpoint}` : options.s3.endpoint);
  return { ...options, ingress, s3: options.s3 && { ...options.s3, endpoint } };
}

// Each kind draws its formats from its own pool, so breaking one kind's runtimes leaves the service unserved.
export const runtime = (prefix: string, formats: string[]): fc.Arbitrary<RuntimeEntry> => fc.record({
  word,
  named: fc.boolean(),
  format: fc.constantFrom(...formats),
  formatVersion: fc.option(fc.constantFrom('1', '2', '3.1'), { nil: undefined }),
  priority: fc.option(fc.integer({ min: 1, max: 5 }), { nil: undefined }),
  protocols: fc.option(fc.subarray(ProtocolVersion.all(), { minLength: 1 }), { nil: undefined }),
  image: fc.constantFrom('registry.example.com/team/server:1.2.3', 'team/server:v2', `ghcr.io/org/server@sha256:${'c'.repeat(64)}`),
  env: fc.dictionary(fc.constantFrom('LOG_LEVEL', 'OMP_NUM_THREADS', 'workers.count', '_CACHE'), fc.constantFrom('1', 'info', '{{.Name}}'),
    { maxKeys: 2 }),
  resources: fc.option(resources, { nil: undefined }),
  metricsPort: fc.option(fc.integer({ min: 1, max: 65535 }), { nil: undefined }),
  metricsPath: fc.option(fc.constantFrom('/metrics', '/stats/prometheus'), { nil: undefined }),
  runAsUser: fc.option(fc.integer({ min: 1000, max: 65000 }), { nil: undefined }),
}).map(r => ({
  id: `${prefix}-${r.word}`,
  options: {
    name: r.named ? `${r.word}-${prefix}-server` : undefined,
    supportedModelFormats: [{ name: r.format, version: r.formatVersion, autoSelect: true, priority: r.priority }],
    protocolVersions: r.protocols,
    container: { image: r.image, env: r.env, resources: r.resources, runAsUser: r.runAsUser },
    metricsPort: r.metricsPort,
    metricsPath: r.metricsPath,
  },
}));

/** The same formats and protocols under another id and name, one priority higher (no clash). */
export function peerOf(entry: RuntimeEntry): RuntimeEntry {
  const o = entry.options;
  return {
    id: `${entry.id}-peer`,
    options: {
      ...o,
      name: o.name && `${o.name}-peer`,
      supportedModelFormats: o.supportedModelFormats.map(f => ({ ...f, priority: (f.priority ?? 0) + 1 })),
    },
  };
}

export const nameOf = (entry: RuntimeEntry): string => entry.options.name ?? entry.id;
export const protocolsOf = (entry: RuntimeEntry): ProtocolVersion[] => entry.options.protocolVersions ?? [ProtocolVersion.V1];
export const formatOf = (entry: RuntimeEntry): ModelFormatSupport => entry.options.supportedModelFormats[0];
export const kindName = (kind: Kind): string => (kind === 'cluster' ? 'ClusterServingRuntime' : 'ServingRuntime');
export const schemaOf = (version: KServeVersion): KServeSchemaVersion => version.name as KServeSchemaVersion;

export const validCase: fc.Arbitrary<Case> = fc.record({
  version: fc.constantFrom(V13, V20),
  implicitVersion: fc.boolean(),
  installId: fc.constantFrom('kserve', 'platform-kserve'),
  namespace: fc.option(fc.stringMatching(/^[a-z][a-z0-9-]{0,20}[a-z0-9]$/), { nil: undefined }),
  crds: fc.constantFrom(undefined, CrdSource.minimal(), CrdSource.none(), CrdSource.fromFile(CRD_FILE)),
  webhookCertificates: fc.constantFrom(undefined, WebhookCertificates.certManager(), WebhookCertificates.certManagerIssuer('corp-ca'),
    WebhookCertificates.certManagerIssuer('corp-ca', true), WebhookCertificates.fromCaBundle(CA_BUNDLE)),
  controllerImage: fc.option(fc.constantFrom('registry.example.com/mirror/kserve-controller', 'kserve/kserve-controller'), { nil: undefined }),
  controllerResources: fc.option(resources, { nil: undefined }),
  config: fc.option(config, { nil: undefined }),
  standardRuntimes: fc.option(fc.boolean(), { nil: undefined }),
  excludeRuntimes: fc.option(fc.subarray(STANDARD_V13.filter(n => n !== 'kserve-sklearnserver')), { nil: undefined }),
  helmCompatible: fc.option(fc.boolean(), { nil: undefined }),
  argoCdSyncWaves: fc.option(fc.boolean(), { nil: undefined }),
  clusterViaInstall: fc.boolean(),
  cluster: runtime('cr', ['team-llm', 'catboost', 'h2o']),
  namespaced: runtime('sr', ['spark.ml', 'keras_3', 'prophet']),
  serviceNamespace: fc.option(fc.constantFrom('team-a', 'models'), { nil: undefined }),
  service: fc.record({
    id: word.map(w => `svc-${w}`),
    mode: fc.constantFrom(DeploymentMode.KNATIVE, DeploymentMode.STANDARD),
    target: fc.constantFrom(...KINDS),
    named: fc.boolean(),
    versioned: fc.boolean(),
    protocol: fc.nat(),
  }),
  sklearn: fc.boolean(),
}).map(g => {
  // Runtimes outside the install state their version (addRuntime gives the install's).
  const runtimes = {
    cluster: g.clusterViaInstall ? g.cluster : { ...g.cluster, options: { ...g.cluster.options, version: g.version } },
    namespaced: { ...g.namespaced, options: { ...g.namespaced.options, namespace: g.serviceNamespace, version: g.version } },
  };
  const target = runtimes[g.service.target];
  const format = formatOf(target);
  const protocols = protocolsOf(target);
  return {
    version: g.version,
    installId: g.installId,
    clusterViaInstall: g.clusterViaInstall,
    install: {
      // KServeInstall defaults to v0.20.
      version: g.implicitVersion && g.version === V20 ? undefined : g.version,
      namespace: g.namespace,
      crds: g.crds,
      webhookCertificates: g.webhookCertificates,
      controllerImage: g.controllerImage,
      controllerResources: g.controllerResources,
      config: g.config && configFor(g.version, g.config),
      // The sklearn service needs the standard runtimes (kserve-sklearnserver is never excluded).
      standardRuntimes: g.sklearn ? true : g.standardRuntimes,
      excludeRuntimes: g.excludeRuntimes,
      helmCompatible: g.helmCompatible,
      argoCdSyncWaves: g.argoCdSyncWaves,
    },
    runtimes,
    peers: { cluster: peerOf(runtimes.cluster), namespaced: peerOf(runtimes.namespaced) },
    namespace: g.serviceNamespace,
    service: {
      id: g.service.id,
      version: g.version,
      mode: g.service.mode,
      target: g.service.target,
      named: g.service.named,
      format: format.name,
      formatVersion: g.service.versioned ? format.version : undefined,
      protocol: protocols[g.service.protocol % protocols.length],
    },
    sklearn: g.sklearn,
  };
});

export function build(c: Case): (chart: Chart) => KServeInstall {
  return chart => {
    // The install spans three charts of its own, so it lives on the App, beside the `test` chart.
    const app = chart.node.scope as App;
    const install = new KServeInstall(app, c.installId, c.install);
    const clusterChart = c.clusterViaInstall ? undefined : new Chart(app, CLUSTER_CHART);
    for (const entry of [c.runtimes.cluster, c.peers.cluster]) {
      if (clusterChart) new ClusterServingRuntime(clusterChart, entry.id, entry.options); else install.addRuntime(entry.id, entry.options);
    }
    for (const entry of [c.runtimes.namespaced, c.peers.namespaced]) new ServingRuntime(chart, entry.id, entry.options);
    chart.addDependency(install.runtimes);
    const s = c.service;
    const model = Model.fromFormat(s.format, StorageUri.gcs('models-bucket', `${s.id}/model`), {
      formatVersion: s.formatVersion,
      protocolVersion: s.protocol,
      runtime: s.named ? nameOf(c.runtimes[s.target]) : undefined,
    });
    new InferenceService(chart, s.id, { namespace: c.namespace, version: s.version, deploymentMode: s.mode, predictor: { model } });
    if (c.sklearn) {
      new InferenceService(chart, SKLEARN_ID, { version: c.version, predictor: { model: Model.sklearn(StorageUri.gcs('models-bucket', 'iris')) } });
    }
    return install;
  };
}


export interface Breaker {
  /** Restricts the valid base to stacks where the rule applies. */
  readonly when?: (c: Case) => boolean;
  readonly breakIt: (c: Case) => Case;
  readonly at: (c: Case) => string;
  readonly field: (c: Case) => string | RegExp;
}

export const withInstall = (c: Case, props: KServeInstallProps): Case => ({ ...c, install: { ...c.install, ...props } });
export const withConfig = (c: Case, options: InferenceServiceConfigOptions): Case => withInstall(c, { config: { ...c.install.config, ...options } });
export const withIngress = (c: Case, ingress: InferenceServiceConfigOptions['ingress']): Case =>
  withConfig(c, { ingress: { ...c.install.config?.ingress, ...ingress } });
export const withService = (c: Case, service: Partial<ServiceCase>): Case => ({ ...c, service: { ...c.service, ...service } });
export const mapOptions = (entry: RuntimeEntry, fn: (o: ServingRuntimeProps) => ServingRuntimeProps): RuntimeEntry =>
  ({ ...entry, options: fn(entry.options) });
/** Changes the runtime of a kind (and, with `peer`, its peer too, so that neither serves the service). */
export function withRuntime(c: Case, kind: Kind, fn: (o: ServingRuntimeProps) => ServingRuntimeProps, peer = false): Case {
  return {
    ...c,
    runtimes: { ...c.runtimes, [kind]: mapOptions(c.runtimes[kind], fn) },
    peers: peer ? { ...c.peers, [kind]: mapOptions(c.peers[kind], fn) } : c.peers,
  };
}
export const withFormat = (c: Case, kind: Kind, format: Partial<ModelFormatSupport>, peer = false): Case =>
  withRuntime(c, kind, o => ({ ...o, supportedModelFormats: o.supportedModelFormats.map(f => ({ ...f, ...format })) }), peer);
export const withContainer = (c: Case, kind: Kind, container: Partial<ServingRuntimeProps['container']>): Case =>
  withRuntime(c, kind, o => ({ ...o, container: { ...o.container, ...container } }));

export const installAt = (c: Case) => c.installId;
export const serviceAt = (c: Case) => `test/${c.service.id}`;
export const runtimeAt = (kind: Kind) => (c: Case) => (kind === 'namespaced' ? `test/${c.runtimes.namespaced.id}`
  : c.clusterViaInstall ? `${c.installId}/runtimes/${c.runtimes.cluster.id}` : `${CLUSTER_CHART}/${c.runtimes.cluster.id}`);
export const runtimeKindAt = (c: Case, kind: Kind) => `${kindName(kind)} '${runtimeAt(kind)(c)}'`;
export const isV13 = (c: Case) => c.version === V13;
export const auto = (c: Case) => !c.service.named;
export const named = (c: Case) => c.service.named;
export const sklearnInstalled = (c: Case) => c.install.standardRuntimes !== false && !(c.install.excludeRuntimes ?? []).includes('kserve-sklearnserver');
export const notFound = (c: Case) => `spec.predictor.model: no runtime in the app auto-selects format '${c.service.format}'`;
export const namedIs = (c: Case) => `spec.predictor.model.runtime '${nameOf(c.runtimes[c.service.target])}' is the ${runtimeKindAt(c, c.service.target)}`;
export const notServed = (c: Case) => `${namedIs(c)}, which does not serve format`;
export const sklearnAt = () => `test/${SKLEARN_ID}`;
export const sklearnNotFound = () => "spec.predictor.model: no runtime in the app auto-selects format 'sklearn' over v1";
export const LONG_LABEL = 'k'.repeat(64);


// No rule depends on the CRD source, and CrdSource.fromFile spawns a process per read (cdk8s Include): keep it to the valid property.
export const breakerBase = validCase.map(c => (c.install.crds?.kind === 'file' ? withInstall(c, { crds: CrdSource.minimal() }) : c));
