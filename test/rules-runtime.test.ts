/**
 * Issue #8, one rule broken at a time, for src/install and src/runtimes: KServeInstall (namespace, inferenceservice-config,
 * controller resources, excluded runtimes, every InferenceService resolving to a runtime), and the rules of
 * ServingRuntime / ClusterServingRuntime (RuntimeDefinition and ServingRuntimeBase).
 *
 * One random valid stack (an install with varied props, a ClusterServingRuntime added through the install or
 * created in a chart of its own, a namespaced ServingRuntime, a peer of each serving the same format, and
 * InferenceServices resolving to them) is broken by exactly one rule per breaker. Service-resolution errors are
 * reported on the service.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Chart, Size, Testing } from 'cdk8s';
import { ContainerResources, Cpu } from 'cdk8s-plus-28';
import * as fc from 'fast-check';
import {
  ClusterServingRuntime, CrdSource, DeploymentMode, InferenceService, InferenceServiceConfigOptions, KServeInstall, KServeInstallProps,
  KServeVersion, Model, ModelFormatSupport, ProtocolVersion, ServingRuntime, ServingRuntimeProps, StorageUri, WebhookCertificates,
} from '../src';
import { expectBrokenRule, expectValidApp } from './util/broken-rule';
import { expectValidObjects, KServeSchemaVersion } from './util/schema-validator';

// Seeded so a failure is reproducible: rerun with the seed and path fast-check prints. The arbitraries are pools
// of valid values: unbiased (uniform) draws reach all of them in few runs, where biased ones favour the first.
const RUNS = { seed: 20261125, numRuns: 6, unbiased: true };

// CrdSource.fromFile reads the file at construction; one small CRD is enough for the base.
const CRD_FILE = path.join(os.tmpdir(), `rules-runtime-crds-${process.pid}.yaml`);
const MISSING_CRD_FILE = path.join(os.tmpdir(), `rules-runtime-crds-${process.pid}-missing.yaml`);
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

// The base64 of a PEM block, as a webhook caBundle must be.
const CA_BUNDLE = Buffer.from('-----BEGIN CERTIFICATE-----\nMIIBdzCCAR2gAwIBAgIURulesRuntime\n-----END CERTIFICATE-----\n').toString('base64');
// A ClusterServingRuntime created outside the install lives in this chart (on the App, no namespace).
const CLUSTER_CHART = 'platform-runtimes';

type Kind = 'cluster' | 'namespaced';
const KINDS: Kind[] = ['cluster', 'namespaced'];

interface RuntimeEntry {
  readonly id: string;
  readonly options: ServingRuntimeProps;
}

interface ServiceCase {
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

interface Case {
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

const V13 = KServeVersion.V0_13;
const V20 = KServeVersion.V0_20;
const STANDARD_V13 = ['kserve-sklearnserver', 'kserve-xgbserver', 'kserve-lgbserver', 'kserve-pmmlserver', 'kserve-paddleserver',
  'kserve-mlserver', 'kserve-tensorflow-serving', 'kserve-torchserve', 'kserve-tritonserver', 'kserve-huggingfaceserver'];
const SKLEARN_ID = 'iris';
const word = fc.stringMatching(/^[a-z][a-z0-9]{1,8}$/);

const resources: fc.Arbitrary<ContainerResources> = fc.record({
  cpu: fc.integer({ min: 50, max: 2000 }),
  extraCpu: fc.integer({ min: 0, max: 2000 }),
  memory: fc.integer({ min: 64, max: 4096 }),
  extraMemory: fc.integer({ min: 0, max: 4096 }),
}).map(r => ({
  cpu: { request: Cpu.millis(r.cpu), limit: Cpu.millis(r.cpu + r.extraCpu) },
  memory: { request: Size.mebibytes(r.memory), limit: Size.mebibytes(r.memory + r.extraMemory) },
}));

const config: fc.Arbitrary<InferenceServiceConfigOptions & { s3Scheme: boolean }> = fc.record({
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
function configFor(version: KServeVersion, generated: InferenceServiceConfigOptions & { s3Scheme: boolean }): InferenceServiceConfigOptions {
  const { s3Scheme, ...options } = generated;
  const v20 = version.isAtLeast(V20);
  const ingress = options.ingress && { ...options.ingress, enableGatewayApi: v20 ? options.ingress.enableGatewayApi : undefined };
  const endpoint = options.s3?.endpoint && (s3Scheme && v20 ? `https://${options.s3.endpoint}` : options.s3.endpoint);
  return { ...options, ingress, s3: options.s3 && { ...options.s3, endpoint } };
}

// Each kind draws its formats from its own pool, so breaking one kind's runtimes leaves the service unserved.
const runtime = (prefix: string, formats: string[]): fc.Arbitrary<RuntimeEntry> => fc.record({
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
function peerOf(entry: RuntimeEntry): RuntimeEntry {
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

const nameOf = (entry: RuntimeEntry): string => entry.options.name ?? entry.id;
const protocolsOf = (entry: RuntimeEntry): ProtocolVersion[] => entry.options.protocolVersions ?? [ProtocolVersion.V1];
const formatOf = (entry: RuntimeEntry): ModelFormatSupport => entry.options.supportedModelFormats[0];
const kindName = (kind: Kind): string => (kind === 'cluster' ? 'ClusterServingRuntime' : 'ServingRuntime');
const schemaOf = (version: KServeVersion): KServeSchemaVersion => version.name as KServeSchemaVersion;

const validCase: fc.Arbitrary<Case> = fc.record({
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

function build(c: Case): (chart: Chart) => KServeInstall {
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

test('random valid installs, runtimes and services synthesize and validate against their version', () => {
  fc.assert(fc.property(validCase, (c) => {
    let install: KServeInstall | undefined;
    const objects = expectValidApp(chart => { install = build(c)(chart); }, schemaOf(c.version));
    expect(objects.filter(o => o.kind === 'ServingRuntime')).toHaveLength(2);
    for (const part of [install!.crds, install!.controlPlane, install!.runtimes]) {
      expectValidObjects(Testing.synth(part), { kserveVersion: schemaOf(c.version) });
    }
    expect(install!.version).toBe(c.version);
    const added = install!.clusterServingRuntimes.find(r => r.name === nameOf(c.runtimes.cluster));
    expect(added !== undefined).toBe(c.clusterViaInstall);
    if (added) {
      expect(added.version).toBe(c.version);
      expect(added.supportedModelFormats).toEqual(c.runtimes.cluster.options.supportedModelFormats);
      expect(added.protocolVersions).toEqual(protocolsOf(c.runtimes.cluster));
      expect(added.disabled).toBe(false);
    }
  }), RUNS);
});

// ---------------------------------------------------------------------------
// Breakers
// ---------------------------------------------------------------------------

interface Breaker {
  /** Restricts the valid base to stacks where the rule applies. */
  readonly when?: (c: Case) => boolean;
  readonly breakIt: (c: Case) => Case;
  readonly at: (c: Case) => string;
  readonly field: (c: Case) => string;
}

const withInstall = (c: Case, props: KServeInstallProps): Case => ({ ...c, install: { ...c.install, ...props } });
const withConfig = (c: Case, options: InferenceServiceConfigOptions): Case => withInstall(c, { config: { ...c.install.config, ...options } });
const withIngress = (c: Case, ingress: InferenceServiceConfigOptions['ingress']): Case =>
  withConfig(c, { ingress: { ...c.install.config?.ingress, ...ingress } });
const withService = (c: Case, service: Partial<ServiceCase>): Case => ({ ...c, service: { ...c.service, ...service } });
const mapOptions = (entry: RuntimeEntry, fn: (o: ServingRuntimeProps) => ServingRuntimeProps): RuntimeEntry =>
  ({ ...entry, options: fn(entry.options) });
/** Changes the runtime of a kind (and, with `peer`, its peer too, so that neither serves the service). */
function withRuntime(c: Case, kind: Kind, fn: (o: ServingRuntimeProps) => ServingRuntimeProps, peer = false): Case {
  return {
    ...c,
    runtimes: { ...c.runtimes, [kind]: mapOptions(c.runtimes[kind], fn) },
    peers: peer ? { ...c.peers, [kind]: mapOptions(c.peers[kind], fn) } : c.peers,
  };
}
const withFormat = (c: Case, kind: Kind, format: Partial<ModelFormatSupport>, peer = false): Case =>
  withRuntime(c, kind, o => ({ ...o, supportedModelFormats: o.supportedModelFormats.map(f => ({ ...f, ...format })) }), peer);
const withContainer = (c: Case, kind: Kind, container: Partial<ServingRuntimeProps['container']>): Case =>
  withRuntime(c, kind, o => ({ ...o, container: { ...o.container, ...container } }));

const installAt = (c: Case) => c.installId;
const serviceAt = (c: Case) => `test/${c.service.id}`;
const runtimeAt = (kind: Kind) => (c: Case) => (kind === 'namespaced' ? `test/${c.runtimes.namespaced.id}`
  : c.clusterViaInstall ? `${c.installId}/runtimes/${c.runtimes.cluster.id}` : `${CLUSTER_CHART}/${c.runtimes.cluster.id}`);
const runtimeKindAt = (c: Case, kind: Kind) => `${kindName(kind)} '${runtimeAt(kind)(c)}'`;
const isV13 = (c: Case) => c.version === V13;
const auto = (c: Case) => !c.service.named;
const named = (c: Case) => c.service.named;
const sklearnInstalled = (c: Case) => c.install.standardRuntimes !== false && !(c.install.excludeRuntimes ?? []).includes('kserve-sklearnserver');
const notFound = (c: Case) => `spec.predictor.model: no runtime in the app auto-selects format '${c.service.format}'`;
const namedIs = (c: Case) => `spec.predictor.model.runtime '${nameOf(c.runtimes[c.service.target])}' is the ${runtimeKindAt(c, c.service.target)}`;
const notServed = (c: Case) => `${namedIs(c)}, which does not serve format`;
const sklearnAt = () => `test/${SKLEARN_ID}`;
const sklearnNotFound = () => "spec.predictor.model: no runtime in the app auto-selects format 'sklearn' over v1";
const LONG_LABEL = 'k'.repeat(64);

const installBreakers: Record<string, Breaker> = {
  'install namespace not a DNS-1123 label': {
    breakIt: c => withInstall(c, { namespace: 'KServe_System' }), at: installAt, field: () => "namespace 'KServe_System' must be a DNS-1123 label",
  },
  'install namespace longer than 63': {
    breakIt: c => withInstall(c, { namespace: LONG_LABEL }), at: installAt, field: () => `namespace '${LONG_LABEL}' must be a DNS-1123 label`,
  },
  'config.ingress.domain not a DNS domain': {
    breakIt: c => withIngress(c, { domain: 'localhost' }), at: installAt, field: () => "config.ingress.domain 'localhost'",
  },
  'config.ingress.urlScheme not http(s)': {
    breakIt: c => withIngress(c, { urlScheme: 'ftp' }), at: installAt, field: () => "config.ingress.urlScheme 'ftp'",
  },
  'config.ingress.domainTemplate not a Go template': {
    breakIt: c => withIngress(c, { domainTemplate: 'models.example.com' }), at: installAt, field: () => "config.ingress.domainTemplate 'models.example.com'",
  },
  'config.ingress.ingressGateway not <namespace>/<name>': {
    breakIt: c => withIngress(c, { ingressGateway: 'knative-ingress-gateway' }),
    at: installAt,
    field: () => "config.ingress.ingressGateway 'knative-ingress-gateway'",
  },
  'config.ingress.enableGatewayApi before v0.20': {
    when: isV13, breakIt: c => withIngress(c, { enableGatewayApi: false }), at: installAt, field: () => 'config.ingress.enableGatewayApi needs KServe v0.20',
  },
  'config.loggerDefaultUrl not an http(s) URL': {
    breakIt: c => withConfig(c, { loggerDefaultUrl: 'default-broker' }), at: installAt, field: () => "config.loggerDefaultUrl 'default-broker'",
  },
  'config.s3.endpoint with a scheme before v0.20': {
    when: isV13,
    breakIt: c => withConfig(c, { s3: { ...c.install.config?.s3, endpoint: 'http://minio.minio.svc:9000' } }),
    at: installAt,
    field: () => "config.s3.endpoint 'http://minio.minio.svc:9000'",
  },
  'controllerResources cpu request above limit': {
    breakIt: c => withInstall(c, { controllerResources: { cpu: { request: Cpu.millis(500), limit: Cpu.millis(100) } } }),
    at: installAt,
    field: () => 'controllerResources.cpu.request (500m) must be less than or equal to controllerResources.cpu.limit (100m)',
  },
  'controllerResources memory not positive': {
    breakIt: c => withInstall(c, { controllerResources: { memory: { limit: Size.mebibytes(0) } } }),
    at: installAt,
    field: () => 'controllerResources.memory.limit (0Ki) must be greater than zero',
  },
  'excludeRuntimes names no standard runtime': {
    breakIt: c => withInstall(c, { excludeRuntimes: [...c.install.excludeRuntimes ?? [], 'kserve-vllmserver'] }),
    at: installAt,
    field: c => `excludeRuntimes: 'kserve-vllmserver' is not a standard runtime of ${c.version.name}`,
  },
  'excludeRuntimes names a runtime of a later release': {
    when: isV13,
    breakIt: c => withInstall(c, { excludeRuntimes: ['kserve-autogluonserver'] }),
    at: installAt,
    field: () => "excludeRuntimes: 'kserve-autogluonserver' is not a standard runtime of v0.13.1",
  },
  'crds from a file that does not exist': {
    breakIt: c => withInstall(c, { crds: CrdSource.fromFile(MISSING_CRD_FILE) }),
    at: installAt,
    field: () => `crds: CrdSource.fromFile('${MISSING_CRD_FILE}'): no such file`,
  },
  'controllerImage with a tag': {
    breakIt: c => withInstall(c, { controllerImage: `${c.install.controllerImage ?? 'kserve/kserve-controller'}:1.0` }),
    at: installAt,
    field: c => `controllerImage '${c.install.controllerImage}' must be an image repository without a tag or digest`,
  },
  'controllerImage not an image repository': {
    breakIt: c => withInstall(c, { controllerImage: 'Mirror/KServe Controller' }),
    at: installAt,
    field: () => "controllerImage 'Mirror/KServe Controller' is not an image repository",
  },
  'webhookCertificates issuer name empty': {
    breakIt: c => withInstall(c, { webhookCertificates: WebhookCertificates.certManagerIssuer('') }),
    at: installAt,
    field: () => "webhookCertificates.issuerName '' must be the name of an Issuer",
  },
  'webhookCertificates ClusterIssuer name not a DNS-1123 subdomain': {
    breakIt: c => withInstall(c, { webhookCertificates: WebhookCertificates.certManagerIssuer('Corp_CA', true) }),
    at: installAt,
    field: () => "webhookCertificates.issuerName 'Corp_CA' must be the name of a ClusterIssuer",
  },
  'webhookCertificates caBundle not base64': {
    breakIt: c => withInstall(c, { webhookCertificates: WebhookCertificates.fromCaBundle('not base64!') }),
    at: installAt,
    field: () => "webhookCertificates.caBundle 'not base64!' is not base64",
  },
  'webhookCertificates caBundle not a PEM certificate': {
    breakIt: c => withInstall(c, { webhookCertificates: WebhookCertificates.fromCaBundle(Buffer.from('just a CA').toString('base64')) }),
    at: installAt,
    field: () => 'does not decode to a PEM certificate',
  },
  'config.storageInitializerResources cpu request above limit': {
    breakIt: c => withConfig(c, { storageInitializerResources: { cpuRequest: Cpu.millis(1500), cpuLimit: Cpu.millis(1000) } }),
    at: installAt,
    field: () => 'config.storageInitializerResources.cpuRequest (1500m) must be less than or equal to config.storageInitializerResources.cpuLimit (1000m)',
  },
  'config.storageInitializerResources memory request above the default limit': {
    breakIt: c => withConfig(c, { storageInitializerResources: { memoryRequest: Size.gibibytes(2) } }),
    at: installAt,
    field: () => "config.storageInitializerResources.memoryRequest (2097152Ki) must be less than or equal to KServe's default config.storageInitializerResources.memoryLimit (1048576Ki)",
  },
  'config.storageCaBundleConfigMap not a ConfigMap name': {
    breakIt: c => withConfig(c, { storageCaBundleConfigMap: 'Custom_CA' }), at: installAt, field: () => "config.storageCaBundleConfigMap 'Custom_CA'",
  },
  'config.ingress.ingressClassName not an IngressClass name': {
    breakIt: c => withIngress(c, { ingressClassName: 'nginx class' }), at: installAt, field: () => "config.ingress.ingressClassName 'nginx class'",
  },
  'config.s3.region not a region name': {
    breakIt: c => withConfig(c, { s3: { ...c.install.config?.s3, region: 'EU_West_1' } }), at: installAt, field: () => "config.s3.region 'EU_West_1'",
  },
  'config.loggerDefaultUrl with text after the URL': {
    breakIt: c => withConfig(c, { loggerDefaultUrl: `${c.install.config?.loggerDefaultUrl ?? 'http://default-broker'} backup` }),
    at: installAt,
    field: c => `config.loggerDefaultUrl '${c.install.config?.loggerDefaultUrl}' must be an http(s) URL`,
  },
  'config.ingress.domainTemplate with an unclosed action': {
    breakIt: c => withIngress(c, { domainTemplate: '{{ .Name }}.{{ .IngressDomain' }),
    at: installAt,
    field: () => "config.ingress.domainTemplate '{{ .Name }}.{{ .IngressDomain' has a '{{' that is never closed",
  },
  'config.ingress.domainTemplate without .Name': {
    breakIt: c => withIngress(c, { domainTemplate: '{{ .Namespace }}.{{ .IngressDomain }}' }),
    at: installAt,
    field: () => "config.ingress.domainTemplate '{{ .Namespace }}.{{ .IngressDomain }}' must reference .Name",
  },
  'config.ingress.domainTemplate with an unknown field': {
    breakIt: c => withIngress(c, { domainTemplate: '{{ .Name }}.{{ .Domain }}' }),
    at: installAt,
    field: () => "config.ingress.domainTemplate '{{ .Name }}.{{ .Domain }}' uses .Domain",
  },
  'config.ingress.domainTemplate that renders no host name': {
    breakIt: c => withIngress(c, { domainTemplate: '{{ .Name }}_{{ .Namespace }}.{{ .IngressDomain }}' }),
    at: installAt,
    field: () => "config.ingress.domainTemplate '{{ .Name }}_{{ .Namespace }}.{{ .IngressDomain }}' does not render a host name",
  },
  'addRuntime options carrying another version': {
    when: c => c.clusterViaInstall,
    breakIt: c => withRuntime(c, 'cluster', o => ({ ...o, version: isV13(c) ? V20 : V13 })),
    at: installAt,
    field: c => `addRuntime('${c.runtimes.cluster.id}'): version ${(isV13(c) ? V20 : V13).name} differs from the install's ${c.version.name}`,
  },
};

const serviceBreakers: Record<string, Breaker> = {
  'service targets another KServe version than the install': {
    breakIt: c => withService(c, { version: isV13(c) ? V20 : V13 }),
    at: serviceAt,
    field: c => `version: the service targets KServe ${c.service.version.name} but the app installs only ${c.version.name} (KServeInstall '${c.installId}')`,
  },
  'named runtime does not serve the format': {
    when: named, breakIt: c => withService(c, { format: 'onnx-custom', formatVersion: undefined }), at: serviceAt, field: notServed,
  },
  'named runtime does not serve the format name in another case': {
    when: named, breakIt: c => withService(c, { format: c.service.format.toUpperCase() }), at: serviceAt, field: notServed,
  },
  'named runtime does not speak the protocol': {
    when: c => named(c) && protocolsOf(c.runtimes[c.service.target]).length < ProtocolVersion.all().length,
    breakIt: c => withService(c, { protocol: ProtocolVersion.all().find(p => !protocolsOf(c.runtimes[c.service.target]).includes(p)) }),
    at: serviceAt,
    field: c => `${notServed(c)} '${c.service.format}'${c.service.formatVersion ? ` version ${c.service.formatVersion}` : ''} over ${c.service.protocol.value}`,
  },
  'named runtime is disabled': {
    when: named,
    breakIt: c => withRuntime(c, c.service.target, o => ({ ...o, disabled: true })),
    at: serviceAt,
    field: c => `${namedIs(c)}, which is disabled`,
  },
  'named ClusterServingRuntime is shadowed by a ServingRuntime of its name that does not serve the format': {
    when: c => named(c) && c.service.target === 'cluster',
    breakIt: c => withRuntime(c, 'namespaced', o => ({
      ...o, name: nameOf(c.runtimes.cluster), supportedModelFormats: [{ name: 'shadow-format', autoSelect: true, priority: 1 }],
    })),
    at: serviceAt,
    field: c => `spec.predictor.model.runtime '${nameOf(c.runtimes.cluster)}' is the ServingRuntime 'test/${c.runtimes.namespaced.id}' `
      + "(KServe takes the ServingRuntime of the service's namespace before the ClusterServingRuntime of that name), which does not serve format",
  },
  'no runtime serves the format': {
    when: auto, breakIt: c => withService(c, { format: 'onnx-custom', formatVersion: undefined }), at: serviceAt, field: notFound,
  },
  'no runtime serves the format name in another case': {
    when: auto, breakIt: c => withService(c, { format: c.service.format.toUpperCase() }), at: serviceAt, field: notFound,
  },
  'no runtime serves the format version': {
    when: auto, breakIt: c => withService(c, { formatVersion: '99' }), at: serviceAt, field: c => `${notFound(c)} version 99`,
  },
  'the runtimes serving the format do not auto-select it': {
    when: auto, breakIt: c => withFormat(c, c.service.target, { autoSelect: false }, true), at: serviceAt, field: notFound,
  },
  'the runtimes serving the format are multi-model': {
    when: auto, breakIt: c => withRuntime(c, c.service.target, o => ({ ...o, multiModel: true }), true), at: serviceAt, field: notFound,
  },
  'the ServingRuntimes serving the format are in another namespace': {
    when: c => auto(c) && c.service.target === 'namespaced',
    breakIt: c => withRuntime(c, 'namespaced', o => ({ ...o, namespace: 'elsewhere' }), true),
    at: serviceAt,
    field: notFound,
  },
  'the standard runtime of the format is excluded': {
    when: c => c.sklearn,
    breakIt: c => withInstall(c, { excludeRuntimes: [...c.install.excludeRuntimes ?? [], 'kserve-sklearnserver'] }),
    at: sklearnAt,
    field: sklearnNotFound,
  },
  'the standard runtimes are not installed': {
    when: c => c.sklearn,
    breakIt: c => withInstall(c, { standardRuntimes: false }),
    at: sklearnAt,
    field: sklearnNotFound,
  },
};

/** RuntimeDefinition and ServingRuntimeBase rules, the same for both kinds. */
function runtimeBreakers(kind: Kind): Record<string, Breaker> {
  const at = runtimeAt(kind);
  const image = (c: Case) => c.runtimes[kind].options.container.image;
  return {
    [`${kind}: container.image not an image reference`]: {
      breakIt: c => withContainer(c, kind, { image: 'Team/Server:1.0' }),
      at,
      field: () => "container.image 'Team/Server:1.0' is not a valid image reference",
    },
    [`${kind}: container.image without tag or digest`]: {
      breakIt: c => withContainer(c, kind, { image: image(c).replace(/[:@].*$/, '') }),
      at,
      field: c => `container.image '${image(c)}' has no tag or digest`,
    },
    [`${kind}: container.image on 'latest'`]: {
      breakIt: c => withContainer(c, kind, { image: `${image(c).replace(/[:@].*$/, '')}:latest` }),
      at,
      field: c => `container.image '${image(c)}' uses the 'latest' tag`,
    },
    [`${kind}: no supported model format`]: {
      breakIt: c => withRuntime(c, kind, o => ({ ...o, supportedModelFormats: [] })), at, field: () => 'supportedModelFormats must list at least one format',
    },
    [`${kind}: format name not a word`]: {
      breakIt: c => withFormat(c, kind, { name: 'team llm' }), at, field: () => "supportedModelFormats[0].name 'team llm' is not a format name",
    },
    [`${kind}: priority below 1`]: {
      breakIt: c => withFormat(c, kind, { priority: -(formatOf(c.runtimes[kind]).priority ?? 0) }),
      at,
      field: c => `supportedModelFormats[0].priority (${formatOf(c.runtimes[kind]).priority}) must be a whole number >= 1`,
    },
    [`${kind}: priority not a whole number`]: {
      breakIt: c => withFormat(c, kind, { priority: 1.5 }), at, field: () => 'supportedModelFormats[0].priority (1.5) must be a whole number >= 1',
    },
    [`${kind}: an auto-selected format after the first gives another priority`]: {
      breakIt: c => withRuntime(c, kind, o => ({
        ...o,
        supportedModelFormats: [
          { name: 'dual', version: '1', autoSelect: true, priority: 2 }, { name: 'dual', version: '2', autoSelect: true },
          { name: 'dual', version: '3', autoSelect: true, priority: 1 },
        ],
      })),
      at,
      field: () => 'supportedModelFormats[2]: Different priorities assigned for the model format dual: priority 1, but supportedModelFormats[0]',
    },
    [`${kind}: PYTHONPATH in the container env on v0.20`]: {
      when: c => !isV13(c),
      breakIt: c => withContainer(c, kind, { env: { ...c.runtimes[kind].options.container.env, PYTHONPATH: '/opt/lib' } }),
      at,
      field: () => 'container.env: setting PYTHONPATH is not allowed by KServe v0.20.0',
    },
    [`${kind}: container.runAsUser negative`]: {
      breakIt: c => withContainer(c, kind, { runAsUser: -(c.runtimes[kind].options.container.runAsUser ?? 1) }),
      at,
      field: c => `container.runAsUser (${c.runtimes[kind].options.container.runAsUser}) must be a non-root user id`,
    },
    [`${kind}: container.runAsUser root`]: {
      breakIt: c => withContainer(c, kind, { runAsUser: 0 }), at, field: () => 'container.runAsUser (0) must be a non-root user id',
    },
    [`${kind}: metricsPath without a leading '/'`]: {
      breakIt: c => withRuntime(c, kind, o => ({ ...o, metricsPath: (o.metricsPath ?? '/metrics').slice(1) })),
      at,
      field: c => `metricsPath '${c.runtimes[kind].options.metricsPath}' must be a URL path starting with '/'`,
    },
    [`${kind}: annotation key invalid`]: {
      breakIt: c => withRuntime(c, kind, o => ({ ...o, annotations: { 'serving.kserve.io/server-type': 'custom', 'team owner': 'ml' } })),
      at,
      field: () => "annotations key 'team owner' is invalid",
    },
    [`${kind}: one format auto-selected with two priorities`]: {
      breakIt: c => withRuntime(c, kind, o => ({
        ...o,
        supportedModelFormats: [{ name: 'dual', version: '1', autoSelect: true, priority: 1 }, { name: 'dual', version: '2', autoSelect: true, priority: 2 }],
      })),
      at,
      field: () => 'Different priorities assigned for the model format dual',
    },
    [`${kind}: no protocol version`]: {
      breakIt: c => withRuntime(c, kind, o => ({ ...o, protocolVersions: [] })), at, field: () => 'protocolVersions must not be empty',
    },
    [`${kind}: container.env name invalid`]: {
      breakIt: c => withContainer(c, kind, { env: { ...c.runtimes[kind].options.container.env, '1WORKERS': '2' } }),
      at,
      field: () => "container.env name '1WORKERS' is invalid",
    },
    [`${kind}: container.resources memory request above limit`]: {
      breakIt: c => withContainer(c, kind, { resources: { memory: { request: Size.gibibytes(2), limit: Size.gibibytes(1) } } }),
      at,
      field: () => 'container.resources.memory.request (2097152Ki) must be less than or equal to container.resources.memory.limit (1048576Ki)',
    },
    [`${kind}: metricsPort out of range`]: {
      breakIt: c => withRuntime(c, kind, o => ({ ...o, metricsPort: 65536 + (o.metricsPort ?? 0) })),
      at,
      field: c => `metricsPort (${c.runtimes[kind].options.metricsPort}) must be a port number`,
    },
    [`${kind}: name not a DNS-1123 subdomain`]: {
      breakIt: c => withRuntime(c, kind, o => ({ ...o, name: 'Team_Runtime' })), at, field: () => "name 'Team_Runtime' must be a DNS-1123 subdomain",
    },
    [`${kind}: name taken by another runtime of the kind`]: {
      breakIt: c => ({ ...c, peers: { ...c.peers, [kind]: mapOptions(c.peers[kind], o => ({ ...o, name: nameOf(c.runtimes[kind]) })) } }),
      at,
      field: c => `another ${kindName(kind)}${kind === 'namespaced' ? ' in the namespace' : ''} is also named '${nameOf(c.runtimes[kind])}'`,
    },
    [`${kind}: same auto-select priority as another runtime of the kind`]: {
      breakIt: c => withFormat(c, kind, { priority: 3 }, true),
      at,
      field: c => `Same priority assigned for the model format ${formatOf(c.runtimes[kind]).name} (priority 3) as ${kindName(kind)} '${nameOf(c.peers[kind])}'`,
    },
  };
}

const namespacedOnlyBreakers: Record<string, Breaker> = {
  'namespaced: namespace not a DNS-1123 label': {
    breakIt: c => withRuntime(c, 'namespaced', o => ({ ...o, namespace: 'Team_A' })),
    at: runtimeAt('namespaced'),
    field: () => "namespace 'Team_A' must be a DNS-1123 label",
  },
};

const clusterOnlyBreakers: Record<string, Breaker> = {
  'cluster: same auto-select priority as a standard runtime': {
    when: sklearnInstalled,
    breakIt: c => withRuntime(c, 'cluster', o => ({
      ...o, protocolVersions: [ProtocolVersion.V1], supportedModelFormats: [{ name: 'sklearn', version: '1', autoSelect: true, priority: 1 }],
    })),
    at: runtimeAt('cluster'),
    field: () => "Same priority assigned for the model format sklearn (priority 1) as ClusterServingRuntime 'kserve-sklearnserver'",
  },
};

// Each breaker gets its own seed, so that together they see many different bases.
const breakers: Array<[string, Breaker, number]> = Object.entries({
  ...installBreakers,
  ...serviceBreakers,
  ...runtimeBreakers('cluster'),
  ...runtimeBreakers('namespaced'),
  ...namespacedOnlyBreakers,
  ...clusterOnlyBreakers,
}).map(([rule, b], i) => [rule, b, RUNS.seed + i]);

// No rule depends on the CRD source, and CrdSource.fromFile spawns a process per read (cdk8s Include): keep it to the valid property.
const breakerBase = validCase.map(c => (c.install.crds?.kind === 'file' ? withInstall(c, { crds: CrdSource.minimal() }) : c));

test.each(breakers)('random stacks with one broken rule (%s) fail with the path and field, and write no file', (_rule, b, seed) => {
  fc.assert(fc.property(b.when ? breakerBase.filter(b.when) : breakerBase, (valid) => {
    const c = b.breakIt(valid);
    expectBrokenRule(build(c), { at: b.at(c), field: b.field(c) });
  }), { ...RUNS, seed });
});
