import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Chart, Duration, Size, Testing } from 'cdk8s';
import { ContainerResources, Cpu, EnvValue, Secret, ServiceAccount, TaintEffect } from 'cdk8s-plus-28';
import * as fc from 'fast-check';
import { parseAllDocuments } from 'yaml';
import {
  Autoscaling, CanaryRollout, ClusterServingRuntime, ComponentType, CrdSource, CustomComponentOptions, DeploymentMode,
  InferenceService, InferenceServiceConfigOptions, KedaMetric, KServeInstall, KServeVersion, LoggerMode, Model, ModelFormatSupport,
  ProtocolVersion, RolloutPlan, ServingRuntime, ServingRuntimeOptions, StorageUri, Toleration,
  WebhookCertificates,
} from '../src';
import { withEnv } from './util/harness';
import { expectValidObjects, KServeSchemaVersion } from './util/schema-validator';
import { renderInferenceServiceConfig } from '../src/install/inference-service-config';
import { release } from '../src/install/release';
import { standardRuntimes } from '../src/runtimes/standard-runtimes';

// Seeded so a failure is reproducible: rerun with the seed and path fast-check prints.
const runs = (numRuns: number) => ({ seed: 20261125, numRuns });

// ---------------------------------------------------------------------------
// Shared generators and expectations
// ---------------------------------------------------------------------------

const version = fc.constantFrom(...KServeVersion.all());
const schemaOf = (v: KServeVersion) => v.name as KServeSchemaVersion;
const opt = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined });
/** A DNS-1123 label of 1 to `max` characters. */
const dnsLabel = (max: number) => fc.stringMatching(new RegExp(`^[a-z]([a-z0-9-]{0,${max - 2}}[a-z0-9])?$`));
const isvcName = fc.stringMatching(/^[a-z][a-z0-9]{0,11}(-[a-z0-9]{1,6})?$/);
const host = fc.stringMatching(/^[a-z][a-z0-9-]{0,8}[a-z0-9](\.[a-z][a-z0-9]{0,6}){0,3}$/);
const port = fc.integer({ min: 1, max: 65535 });
const httpUrl = fc.tuple(fc.constantFrom('http', 'https'), host, opt(port), fc.stringMatching(/^(\/[a-z0-9._-]{1,8}){0,3}$/))
  .map(([scheme, h, p, rest]) => `${scheme}://${h}${p === undefined ? '' : `:${p}`}${rest}`);
const image = fc.tuple(
  fc.constantFrom('', 'ghcr.io/', 'registry.example.com:5000/', 'quay.io/'),
  fc.stringMatching(/^[a-z][a-z0-9]{0,8}([._/-][a-z0-9]{1,6}){0,2}$/),
  fc.oneof(
    fc.stringMatching(/^:[0-9]{1,2}\.[0-9]{1,2}\.[0-9]{1,3}$/),
    fc.stringMatching(/^:[a-zA-Z0-9_][a-zA-Z0-9_.-]{0,12}$/).filter(t => t !== ':latest'),
    fc.stringMatching(/^@sha256:[a-f0-9]{64}$/),
  ),
).map(([registry, repo, ref]) => `${registry}${repo}${ref}`);
const labelKey = fc.stringMatching(/^([a-z]{1,8}\.example\.com\/)?[a-z][a-z0-9._-]{0,10}[a-z0-9]$/);
const labelValue = fc.stringMatching(/^([A-Za-z0-9]([A-Za-z0-9._-]{0,10}[A-Za-z0-9])?)?$/);
const labels = fc.dictionary(labelKey, labelValue, { maxKeys: 3, noNullPrototype: true });
const annotations = fc.dictionary(labelKey, fc.string({ unit: 'grapheme', maxLength: 20 }), { maxKeys: 3, noNullPrototype: true });
// KServe and the library reserve PROTOCOL and STORAGE_URI; v0.20 blocks PYTHONPATH.
const envName = fc.stringMatching(/^[A-Za-z_.-][A-Za-z0-9_.-]{0,10}$/).filter(n => !['PROTOCOL', 'STORAGE_URI', 'PYTHONPATH'].includes(n));

/** Requests and limits as whole numbers (cpu millis, memory MiB, ephemeral storage GiB); a limit is never below its request. */
type Pair = { request?: number; limit?: number };
interface Res { cpu?: Pair; memory?: Pair; ephemeral?: Pair }
const pair = (max: number) => opt(fc.tuple(fc.integer({ min: 1, max }), fc.integer({ min: 0, max }), fc.constantFrom('both', 'request', 'limit'))
  .map(([request, extra, which]): Pair => ({
    request: which === 'limit' ? undefined : request,
    limit: which === 'request' ? undefined : request + extra,
  })));
const resources: fc.Arbitrary<Res> = fc.record({ cpu: pair(4000), memory: pair(8192), ephemeral: pair(40) });

function toResources(r: Res): ContainerResources {
  const of = <T>(p: Pair | undefined, make: (n: number) => T) => p && {
    request: p.request === undefined ? undefined : make(p.request),
    limit: p.limit === undefined ? undefined : make(p.limit),
  };
  return { cpu: of(r.cpu, Cpu.millis), memory: of(r.memory, Size.mebibytes), ephemeralStorage: of(r.ephemeral, Size.gibibytes) };
}

const mib = (n: number) => (n % 1024 === 0 ? `${n / 1024}Gi` : `${n}Mi`);

/** What Kubernetes should receive for `r`: each given amount under `requests` / `limits`, nothing else. */
function expectedResources(r: Res | undefined): Record<string, Record<string, string>> | undefined {
  if (!r) return undefined;
  const out: Record<string, Record<string, string>> = {};
  const put = (name: string, p: Pair | undefined, show: (n: number) => string) => {
    if (p?.request !== undefined) (out.requests ??= {})[name] = show(p.request);
    if (p?.limit !== undefined) (out.limits ??= {})[name] = show(p.limit);
  };
  put('cpu', r.cpu, n => `${n}m`);
  put('memory', r.memory, mib);
  put('ephemeral-storage', r.ephemeral, n => `${n}Gi`);
  return Object.keys(out).length > 0 ? out : undefined;
}

/** An empty map is written as no map at all. */
const nonEmpty = <T extends object>(map: T | undefined): T | undefined => (map && Object.keys(map).length > 0 ? map : undefined);

/** Drops undefined members, as the synthesized manifest does. */
const plain = <T>(value: T): T => JSON.parse(JSON.stringify(value));

/** The written YAML (read as YAML 1.1, like kubectl) holds exactly the synthesized objects: no value changes on the way to disk. */
function expectYamlKeepsValues(app: App, objects: any[]): void {
  const docs = parseAllDocuments(app.synthYaml(), { version: '1.1' }).map(d => d.toJS()).filter(d => d !== null);
  expect(docs).toEqual(objects);
}

function expectNamesWithinLimits(objects: any[]): void {
  for (const o of objects) {
    expect(o.metadata.name.length).toBeLessThanOrEqual(253);
    if (o.metadata.namespace !== undefined) expect(o.metadata.namespace.length).toBeLessThanOrEqual(63);
  }
}

// ---------------------------------------------------------------------------
// Runtime definitions (ServingRuntime, ClusterServingRuntime, KServeInstall.addRuntime)
// ---------------------------------------------------------------------------

interface RuntimeCase {
  formats: ModelFormatSupport[];
  protocols?: ProtocolVersion[];
  image: string;
  command?: string[];
  args?: string[];
  env?: Record<string, string>;
  resources?: Res;
  runAsUser?: number;
  metricsPort?: number;
  metricsPath?: string;
  annotations?: Record<string, string>;
  disabled?: boolean;
  multiModel?: boolean;
}

const formatSupport: fc.Arbitrary<ModelFormatSupport> = fc.record({
  name: fc.stringMatching(/^custom[._-]?[a-zA-Z0-9]{1,6}$/),
  version: opt(fc.constantFrom('1', '2', '3.1')),
  autoSelect: opt(fc.boolean()),
  priority: opt(fc.integer({ min: 1, max: 10 })),
});
const runtimeArg = fc.oneof(
  fc.constantFrom('--model_name={{.Name}}', '--model_dir=/mnt/models', '--http_port=8080'),
  fc.stringMatching(/^--[a-z_]{1,10}=[a-z0-9./]{0,10}$/),
);
const runtimeCase = (envValue: fc.Arbitrary<string>): fc.Arbitrary<RuntimeCase> => fc.record({
  // Distinct names (KServe compares them case-insensitively): priorities of one name must agree within a runtime.
  formats: fc.uniqueArray(formatSupport, { minLength: 1, maxLength: 4, selector: f => f.name.toLowerCase() }),
  protocols: opt(fc.uniqueArray(fc.constantFrom(...ProtocolVersion.all()), { minLength: 1, maxLength: 4 })),
  image,
  command: opt(fc.array(fc.stringMatching(/^[a-z][a-z0-9_./-]{0,10}$/), { minLength: 1, maxLength: 3 })),
  args: opt(fc.array(runtimeArg, { minLength: 1, maxLength: 4 })),
  env: opt(fc.dictionary(envName, envValue, { minKeys: 1, maxKeys: 4, noNullPrototype: true })),
  resources: opt(resources),
  runAsUser: opt(fc.integer({ min: 1, max: 65535 })),
  metricsPort: opt(port),
  metricsPath: opt(fc.stringMatching(/^\/[a-z0-9/_-]{0,12}$/)),
  annotations: opt(annotations),
  disabled: opt(fc.boolean()),
  multiModel: opt(fc.boolean()),
});

function runtimeOptions(r: RuntimeCase, name: string): ServingRuntimeOptions {
  return {
    name,
    supportedModelFormats: r.formats,
    protocolVersions: r.protocols,
    container: {
      image: r.image, command: r.command, args: r.args, env: r.env, resources: r.resources && toResources(r.resources), runAsUser: r.runAsUser,
    },
    metricsPort: r.metricsPort,
    metricsPath: r.metricsPath,
    annotations: r.annotations,
    disabled: r.disabled,
    multiModel: r.multiModel,
  };
}

/** The spec a runtime must render: every given value in its field, KServe's defaults for the rest. */
function expectedRuntimeSpec(r: RuntimeCase): any {
  return plain({
    annotations: { 'prometheus.kserve.io/port': String(r.metricsPort ?? 8080), 'prometheus.kserve.io/path': r.metricsPath ?? '/metrics' },
    supportedModelFormats: r.formats,
    protocolVersions: (r.protocols ?? [ProtocolVersion.V1]).map(p => p.value),
    multiModel: r.multiModel ?? false,
    disabled: r.disabled,
    containers: [{
      name: 'kserve-container',
      image: r.image,
      command: r.command,
      args: r.args,
      env: r.env && Object.entries(r.env).map(([name, value]) => ({ name, value })),
      resources: expectedResources(r.resources),
      securityContext: { allowPrivilegeEscalation: false, privileged: false, runAsNonRoot: true, runAsUser: r.runAsUser, capabilities: { drop: ['ALL'] } },
    }],
  });
}

interface RuntimeStack {
  version: KServeVersion;
  chartNamespace: string;
  runtimeNamespace?: string;
  runtime: RuntimeCase;
  srName: string;
  csrName: string;
  formatIndex: number;
  protocolIndex: number;
  giveVersion: boolean;
  nameRuntime: boolean;
}

const runtimeStack: fc.Arbitrary<RuntimeStack> = fc.record({
  version,
  chartNamespace: dnsLabel(12),
  runtimeNamespace: opt(dnsLabel(12)),
  runtime: runtimeCase(fc.string({ unit: 'grapheme', maxLength: 16 })),
  srName: fc.stringMatching(/^[a-z][a-z0-9-]{0,14}[a-z0-9](\.[a-z0-9]{1,6})?$/),
  csrName: fc.stringMatching(/^[a-z][a-z0-9-]{0,14}[a-z0-9](\.[a-z0-9]{1,6})?$/),
  formatIndex: fc.nat(),
  protocolIndex: fc.nat(),
  giveVersion: fc.boolean(),
  nameRuntime: fc.boolean(),
});

test('random ServingRuntimes and ClusterServingRuntimes validate, keep every value, and serve the InferenceService that selects them', () => {
  fc.assert(fc.property(runtimeStack, (s) => {
    const app = Testing.app();
    const chart = new Chart(app, 'test', { namespace: s.chartNamespace });
    const r = s.runtime;
    // The runtimes target the service's release: one cluster runs one.
    const sr = new ServingRuntime(chart, 'sr', { ...runtimeOptions(r, s.srName), namespace: s.runtimeNamespace, version: s.version });
    // A namespaced chart: the cluster-scoped object must still come out without a namespace (checked below).
    const clusterChart = new Chart(app, 'cluster', { namespace: s.chartNamespace });
    const csr = new ClusterServingRuntime(clusterChart, 'csr', { ...runtimeOptions(r, s.csrName), version: s.version });
    const format = r.formats[s.formatIndex % r.formats.length];
    const protocols = r.protocols ?? [ProtocolVersion.V1];
    const protocol = protocols[s.protocolIndex % protocols.length];
    const formatVersion = s.giveVersion ? format.version : undefined;
    const formatName = format.name;
    const namespace = s.runtimeNamespace ?? s.chartNamespace;
    const model = Model.fromFormat(formatName, StorageUri.gcs('models-bucket', 'custom/1'), {
      // KServe fails a service naming a disabled runtime (checked at synth), so only an enabled one is named.
      formatVersion, protocolVersion: protocol, runtime: s.nameRuntime && !r.disabled ? s.srName : undefined,
    });
    new InferenceService(chart, 'isvc', { version: s.version, namespace, predictor: { model } });
    const objects = [...Testing.synth(chart), ...Testing.synth(clusterChart)];
    expectYamlKeepsValues(app, objects);
    expectValidObjects(objects, { kserveVersion: schemaOf(s.version) });
    expectNamesWithinLimits(objects);

    const spec = expectedRuntimeSpec(r);
    const srObject = objects.find(o => o.kind === 'ServingRuntime');
    const csrObject = objects.find(o => o.kind === 'ClusterServingRuntime');
    expect(srObject.metadata).toEqual(plain({ name: s.srName, namespace, annotations: nonEmpty(r.annotations) }));
    expect(csrObject.metadata).toEqual(plain({ name: s.csrName, annotations: nonEmpty(r.annotations) }));
    expect(srObject.spec).toEqual(spec);
    expect(csrObject.spec).toEqual(spec);

    // Matching as KServe's GetSupportingRuntimes does: enabled, single-model, protocol, format (and version when given);
    // a named runtime (components/predictor.go) is not checked for multiModel.
    const enabled = !r.disabled && !r.multiModel;
    for (const runtime of [sr, csr]) {
      expect(runtime.supportedModelFormats).toEqual(r.formats);
      expect(runtime.protocolVersions).toEqual(protocols);
      expect(runtime.disabled).toBe(r.disabled === true);
      expect(runtime.serves(model)).toBe(!r.disabled);
      expect(runtime.canAutoSelect(model)).toBe(enabled && format.autoSelect === true);
      expect(runtime.serves(Model.fromFormat('absent', StorageUri.gcs('models-bucket', 'other'), { protocolVersion: protocol }))).toBe(false);
      // KServe compares format names exactly (RuntimeSupportsModel).
      const recased = format.name === format.name.toUpperCase() ? format.name.toLowerCase() : format.name.toUpperCase();
      if (recased !== format.name) {
        expect(runtime.serves(Model.fromFormat(recased, StorageUri.gcs('models-bucket', 'other'), { protocolVersion: protocol }))).toBe(false);
      }
      const other = ProtocolVersion.all().find(p => !protocols.includes(p));
      if (other) expect(runtime.serves(Model.fromFormat(format.name, StorageUri.gcs('models-bucket', 'other'), { protocolVersion: other }))).toBe(false);
      if (format.version !== undefined) {
        expect(runtime.serves(Model.fromFormat(format.name, StorageUri.gcs('models-bucket', 'other'), {
          formatVersion: `${format.version}.9`,
          protocolVersion: protocol,
        }))).toBe(false);
      }
    }
    const isvc = objects.find(o => o.kind === 'InferenceService').spec.predictor.model;
    expect(isvc).toEqual(plain({
      modelFormat: { name: formatName, version: formatVersion },
      runtime: model.runtime,
      protocolVersion: protocol.value,
      storageUri: 'gs://models-bucket/custom/1',
    }));
  }), runs(40));
});

// ---------------------------------------------------------------------------
// KServeInstall
// ---------------------------------------------------------------------------

type Certs = { kind: 'self' } | { kind: 'issuer'; name: string; cluster: boolean } | { kind: 'ca'; bundle: string };
const certs: fc.Arbitrary<Certs> = fc.oneof(
  fc.constant<Certs>({ kind: 'self' }),
  fc.record({ kind: fc.constant('issuer' as const), name: dnsLabel(20), cluster: fc.boolean() }),
  // A PEM block around random DER-looking bytes, base64-encoded as a caBundle is.
  fc.record({
    kind: fc.constant('ca' as const),
    bundle: fc.uint8Array({ minLength: 1, maxLength: 64 })
      .map(b => Buffer.from(`-----BEGIN CERTIFICATE-----\n${Buffer.from(b).toString('base64')}\n-----END CERTIFICATE-----\n`).toString('base64')),
  }),
);

interface ConfigCase {
  mode?: DeploymentMode;
  domain?: string;
  domainTemplate?: string;
  urlScheme?: string;
  ingressGateway?: string;
  ingressClassName?: string;
  disableIngressCreation?: boolean;
  enableGatewayApi?: boolean;
  sidecar: { cpuRequest?: number; cpuLimit?: number; memoryRequest?: number; memoryLimit?: number };
  caBundleConfigMap?: string;
  modelcar?: boolean;
  loggerUrl?: string;
  s3Endpoint?: string;
  s3UseHttps?: boolean;
  s3Region?: string;
  s3VerifySsl?: boolean;
  aggregation?: boolean;
  scraping?: boolean;
}

const placeholder = fc.constantFrom('{{ .Name }}', '{{ .Namespace }}', 'models');
const configCase: fc.Arbitrary<ConfigCase> = fc.record({
  mode: fc.constantFrom(DeploymentMode.KNATIVE, DeploymentMode.STANDARD),
  domain: fc.stringMatching(/^[a-z0-9]([a-z0-9-]{0,8}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,8}[a-z0-9])?){1,3}$/),
  domainTemplate: fc.tuple(fc.array(placeholder, { maxLength: 3 }), fc.constantFrom('-', '.'))
    // KServe needs a domain name (with a dot), so the template ends in the ingress domain.
    .map(([rest, sep]) => `${['{{ .Name }}', ...rest].join(sep)}.{{ .IngressDomain }}`),
  urlScheme: fc.constantFrom('http', 'https'),
  ingressGateway: fc.stringMatching(/^[a-z0-9-]{1,12}\/[a-z0-9-]{1,12}$/),
  ingressClassName: dnsLabel(20),
  disableIngressCreation: fc.boolean(),
  enableGatewayApi: fc.boolean(),
  sidecar: fc.record({
    // At most KServe's default limits (1 CPU, 1Gi), which apply when no limit is given.
    cpuRequest: fc.integer({ min: 1, max: 1000 }),
    cpuLimit: fc.integer({ min: 2000, max: 8000 }),
    memoryRequest: fc.integer({ min: 1, max: 1024 }),
    memoryLimit: fc.integer({ min: 2048, max: 16384 }),
  }, { requiredKeys: [] }),
  caBundleConfigMap: dnsLabel(30),
  modelcar: fc.boolean(),
  loggerUrl: httpUrl,
  s3Endpoint: fc.oneof(fc.tuple(host, port).map(([h, p]) => `${h}:${p}`), httpUrl),
  s3UseHttps: fc.boolean(),
  s3Region: fc.stringMatching(/^[a-z]{2}-[a-z]{4,9}-[1-9]$/),
  s3VerifySsl: fc.boolean(),
  aggregation: fc.boolean(),
  scraping: fc.boolean(),
}, { requiredKeys: ['sidecar'] });

function configOptions(c: ConfigCase): InferenceServiceConfigOptions {
  const has = (...values: unknown[]) => values.some(v => v !== undefined);
  return {
    defaultDeploymentMode: c.mode,
    ingress: has(c.domain, c.domainTemplate, c.urlScheme, c.ingressGateway, c.ingressClassName, c.disableIngressCreation, c.enableGatewayApi) ? {
      domain: c.domain,
      domainTemplate: c.domainTemplate,
      urlScheme: c.urlScheme,
      ingressGateway: c.ingressGateway,
      ingressClassName: c.ingressClassName,
      disableIngressCreation: c.disableIngressCreation,
      enableGatewayApi: c.enableGatewayApi,
    } : undefined,
    storageInitializerResources: {
      cpuRequest: c.sidecar.cpuRequest === undefined ? undefined : Cpu.millis(c.sidecar.cpuRequest),
      cpuLimit: c.sidecar.cpuLimit === undefined ? undefined : Cpu.millis(c.sidecar.cpuLimit),
      memoryRequest: c.sidecar.memoryRequest === undefined ? undefined : Size.mebibytes(c.sidecar.memoryRequest),
      memoryLimit: c.sidecar.memoryLimit === undefined ? undefined : Size.mebibytes(c.sidecar.memoryLimit),
    },
    storageCaBundleConfigMap: c.caBundleConfigMap,
    enableModelcar: c.modelcar,
    loggerDefaultUrl: c.loggerUrl,
    s3: has(c.s3Endpoint, c.s3UseHttps, c.s3Region, c.s3VerifySsl)
      ? { endpoint: c.s3Endpoint, useHttps: c.s3UseHttps, region: c.s3Region, verifySsl: c.s3VerifySsl } : undefined,
    metricAggregation: c.aggregation,
    prometheusScraping: c.scraping,
  };
}

/** The release's `inferenceservice-config` with each given value written where KServe reads it. */
function expectedConfig(v: KServeVersion, c: ConfigCase): Record<string, any> {
  const data: Record<string, any> = Object.fromEntries(Object.entries(renderInferenceServiceConfig(v)).map(([k, json]) => [k, JSON.parse(json)]));
  const set = (target: Record<string, any>, key: string, value: unknown) => {
    if (value !== undefined) target[key] = value;
  };
  const flag = (b?: boolean) => (b === undefined ? undefined : b ? '1' : '0');
  set(data.deploy, 'defaultDeploymentMode', c.mode?.annotationValue(v));
  set(data.ingress, 'ingressDomain', c.domain);
  set(data.ingress, 'domainTemplate', c.domainTemplate);
  set(data.ingress, 'urlScheme', c.urlScheme);
  set(data.ingress, 'ingressGateway', c.ingressGateway);
  set(data.ingress, 'ingressClassName', c.ingressClassName);
  set(data.ingress, 'disableIngressCreation', c.disableIngressCreation);
  set(data.ingress, 'enableGatewayApi', c.enableGatewayApi);
  set(data.storageInitializer, 'cpuRequest', c.sidecar.cpuRequest === undefined ? undefined : `${c.sidecar.cpuRequest}m`);
  set(data.storageInitializer, 'cpuLimit', c.sidecar.cpuLimit === undefined ? undefined : `${c.sidecar.cpuLimit}m`);
  set(data.storageInitializer, 'memoryRequest', c.sidecar.memoryRequest === undefined ? undefined : mib(c.sidecar.memoryRequest));
  set(data.storageInitializer, 'memoryLimit', c.sidecar.memoryLimit === undefined ? undefined : mib(c.sidecar.memoryLimit));
  set(data.storageInitializer, 'caBundleConfigMapName', c.caBundleConfigMap);
  set(data.storageInitializer, 'enableModelcar', c.modelcar);
  set(data.logger, 'defaultUrl', c.loggerUrl);
  set(data.credentials.s3, 's3Endpoint', c.s3Endpoint);
  set(data.credentials.s3, 's3UseHttps', flag(c.s3UseHttps));
  set(data.credentials.s3, 's3Region', c.s3Region);
  set(data.credentials.s3, 's3VerifySSL', flag(c.s3VerifySsl));
  set(data.metricsAggregator, 'enableMetricAggregation', c.aggregation === undefined ? undefined : String(c.aggregation));
  set(data.metricsAggregator, 'enablePrometheusScraping', c.scraping === undefined ? undefined : String(c.scraping));
  return data;
}

/** Helm renders {{`{{`}} as `{{` (private/helm.ts): undo the escapes the way Helm would. */
const helmRender = (text: string) => text.split('{{`{{`}}').join('{{');
/** Text left after removing the escapes; it must hold no live `{{` for Helm to evaluate. */
const helmLive = (text: string) => text.split('{{`{{`}}').join('');

interface InstallCase {
  version: KServeVersion;
  namespace: string;
  crds: 'none' | 'minimal' | 'file';
  crdGroup: string;
  crdNote: string;
  certs: Certs;
  controllerImage?: string;
  controllerResources?: Res;
  config: ConfigCase;
  standardRuntimes: boolean;
  exclude: number[];
  helm: boolean;
  argo: boolean;
  custom?: RuntimeCase;
  customName: string;
  /** A ClusterServingRuntime added to the install, or a ServingRuntime in the service's namespace. */
  customCluster: boolean;
}

const installCase: fc.Arbitrary<InstallCase> = fc.record({
  version,
  // Up to the 63-character limit: past 30 the webhook host no longer fits a commonName (64).
  namespace: dnsLabel(63),
  crds: fc.constantFrom('none' as const, 'minimal' as const, 'file' as const),
  crdGroup: fc.stringMatching(/^[a-z][a-z0-9]{0,8}$/),
  crdNote: fc.string({ unit: 'grapheme', maxLength: 20 }),
  certs,
  controllerImage: opt(fc.stringMatching(/^registry\.example\.com(\/[a-z0-9]{1,8}){1,3}$/)),
  controllerResources: opt(resources),
  config: configCase,
  standardRuntimes: fc.boolean(),
  exclude: fc.array(fc.nat(), { maxLength: 4 }),
  helm: fc.boolean(),
  argo: fc.boolean(),
  custom: opt(runtimeCase(fc.oneof(fc.stringMatching(/^[a-z0-9 ._:/-]{0,12}$/), fc.constant('{{.Name}}-{{.Namespace}}')))),
  customName: fc.stringMatching(/^team-[a-z0-9]{1,10}$/),
  customCluster: fc.boolean(),
}).map(c => ({
  ...c,
  // v0.13 has no Gateway API switch and prefixes the S3 scheme itself: both are rejected there.
  config: c.version.isAtLeast(KServeVersion.V0_20) ? c.config : {
    ...c.config,
    enableGatewayApi: undefined,
    s3Endpoint: c.config.s3Endpoint?.replace(/^https?:\/\//, ''),
  },
  // The service below must find the custom runtime: it auto-selects its first format.
  custom: c.custom && {
    ...c.custom, disabled: false, multiModel: false, formats: [{ ...c.custom.formats[0], autoSelect: true }, ...c.custom.formats.slice(1)],
  },
}));

const CLUSTER_SCOPED = new Set(['Namespace', 'ClusterRole', 'ClusterRoleBinding', 'MutatingWebhookConfiguration', 'ValidatingWebhookConfiguration']);
const SYNC_WAVE = 'argocd.argoproj.io/sync-wave';
const WEBHOOK_SERVICE = 'kserve-webhook-server-service';

describe('KServeInstall', () => {
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'prop-install-'));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('random installs validate against their version and put every given value where it belongs', () => {
    let file = 0;
    fc.assert(fc.property(installCase, (c) => {
      const crdFile = path.join(dir, `crds-${file++}.yaml`);
      const fileCrd = {
        apiVersion: 'apiextensions.k8s.io/v1',
        kind: 'CustomResourceDefinition',
        metadata: { name: `widgets.${c.crdGroup}.example.com`, annotations: { 'example.com/note': c.crdNote } },
        spec: {
          group: `${c.crdGroup}.example.com`,
          names: { kind: 'Widget', plural: 'widgets', singular: 'widget', listKind: 'WidgetList' },
          scope: 'Namespaced',
          versions: [{ name: 'v1', served: true, storage: true, schema: { openAPIV3Schema: { 'type': 'object', 'x-kubernetes-preserve-unknown-fields': true } } }],
        },
      };
      if (c.crds === 'file') fs.writeFileSync(crdFile, JSON.stringify(fileCrd));
      const standardNames = standardRuntimes(c.version).map(r => r.name!);
      const excluded = [...new Set(c.exclude.map(i => standardNames[i % standardNames.length]))];
      const webhookCertificates = c.certs.kind === 'self' ? WebhookCertificates.certManager()
        : c.certs.kind === 'issuer' ? WebhookCertificates.certManagerIssuer(c.certs.name, c.certs.cluster)
          : WebhookCertificates.fromCaBundle(c.certs.bundle);

      const app = Testing.app();
      const install = new KServeInstall(app, 'kserve', {
        version: c.version,
        namespace: c.namespace,
        crds: c.crds === 'none' ? CrdSource.none() : c.crds === 'minimal' ? CrdSource.minimal() : CrdSource.fromFile(crdFile),
        webhookCertificates,
        controllerImage: c.controllerImage,
        controllerResources: c.controllerResources && toResources(c.controllerResources),
        config: configOptions(c.config),
        standardRuntimes: c.standardRuntimes,
        excludeRuntimes: excluded,
        helmCompatible: c.helm,
        argoCdSyncWaves: c.argo,
      });
      const models = new Chart(app, 'models', { namespace: 'ml' });
      models.addDependency(install.runtimes);
      if (c.custom) {
        const options = runtimeOptions(c.custom, c.customName);
        const custom = c.customCluster ? install.addRuntime('custom', options) : new ServingRuntime(models, 'custom', options);
        const format = c.custom.formats[0];
        const model = Model.fromFormat(format.name, StorageUri.gcs('models-bucket', 'custom'), {
          formatVersion: format.version, protocolVersion: (c.custom.protocols ?? [ProtocolVersion.V1])[0],
        });
        // Synth fails with "no runtime found" unless the install resolves the service to the custom runtime.
        new InferenceService(models, 'isvc', { version: c.version, predictor: { model } });
        expect(custom.canAutoSelect(model)).toBe(true);
      }
      app.synthYaml();
      const crds = Testing.synth(install.crds);
      const controlPlane = Testing.synth(install.controlPlane);
      const runtimes = Testing.synth(install.runtimes);
      const modelObjects = Testing.synth(models);
      const all = [...crds, ...controlPlane, ...runtimes, ...modelObjects];
      expectValidObjects(all, { kserveVersion: schemaOf(c.version) });
      expectNamesWithinLimits(all);

      // CRDs as chosen.
      if (c.crds === 'none') expect(crds).toEqual([]);
      if (c.crds === 'minimal') expect(crds.map(o => o.spec.group)).toEqual(Array(release(c.version).crds.length).fill('serving.kserve.io'));
      if (c.crds === 'file') {
        const annotated = c.argo ? { ...fileCrd.metadata.annotations, [SYNC_WAVE]: '-2' } : fileCrd.metadata.annotations;
        expect(crds).toEqual([{ ...fileCrd, metadata: { ...fileCrd.metadata, annotations: annotated } }]);
      }

      // The namespace: on every namespaced object, on none of the cluster-scoped ones.
      const ns = c.namespace;
      const hostName = `${WEBHOOK_SERVICE}.${ns}.svc`;
      expect(install.webhookServiceHost).toBe(hostName);
      expect(controlPlane.filter(o => o.kind === 'Namespace').map(o => o.metadata.name)).toEqual([ns]);
      for (const o of controlPlane) {
        expect(`${o.kind}/${o.metadata.name}: ${o.metadata.namespace}`).toBe(`${o.kind}/${o.metadata.name}: ${CLUSTER_SCOPED.has(o.kind) ? undefined : ns}`);
      }
      expect([...crds, ...runtimes].filter(o => o.metadata.namespace !== undefined)).toEqual([]);
      for (const binding of controlPlane.filter(o => o.kind === 'ClusterRoleBinding' || o.kind === 'RoleBinding')) {
        expect(binding.subjects).toEqual([{ kind: 'ServiceAccount', name: 'kserve-controller-manager', namespace: ns }]);
      }

      // Webhooks reach the Service in the namespace, with the chosen way of trusting its certificate.
      const configs = controlPlane.filter(o => o.kind === 'MutatingWebhookConfiguration' || o.kind === 'ValidatingWebhookConfiguration');
      // Up to v0.16.0 the core manager also serves the LocalModelCache validator (<tag>:config/webhook/manifests.yaml at
      // v0.14.1, v0.15.2, v0.16.0); from v0.17.1 the local model controller does (config/webhook/localmodel).
      const coreCacheWebhook = c.version.isAtLeast(KServeVersion.V0_14) && !c.version.isAtLeast(KServeVersion.V0_17);
      expect(configs.flatMap(x => x.webhooks).map((w: any) => w.name)).toHaveLength(coreCacheWebhook ? 8 : 7);
      expect(configs.flatMap(x => x.webhooks).some((w: any) => w.name === 'localmodelcache.kserve-webhook-server.validator')).toBe(coreCacheWebhook);
      for (const config of configs) {
        expect(config.metadata.annotations?.['cert-manager.io/inject-ca-from']).toBe(c.certs.kind === 'ca' ? undefined : `${ns}/serving-cert`);
        for (const webhook of config.webhooks) {
          expect(webhook.clientConfig.service).toEqual({ name: WEBHOOK_SERVICE, namespace: ns, path: webhook.clientConfig.service.path });
          expect(webhook.clientConfig.caBundle).toBe(c.certs.kind === 'ca' ? c.certs.bundle : undefined);
        }
      }
      expect(controlPlane.filter(o => o.kind === 'Service' && o.metadata.name === WEBHOOK_SERVICE)).toHaveLength(1);
      const certificates = controlPlane.filter(o => o.kind === 'Certificate');
      const issuers = controlPlane.filter(o => o.kind === 'Issuer');
      expect(issuers.map(o => o.metadata.name)).toEqual(c.certs.kind === 'self' ? ['selfsigned-issuer'] : []);
      if (c.certs.kind === 'ca') {
        expect(certificates).toEqual([]);
      } else {
        expect(certificates).toHaveLength(1);
        const issuerRef = c.certs.kind === 'self' ? { kind: 'Issuer', name: 'selfsigned-issuer' }
          : { kind: c.certs.cluster ? 'ClusterIssuer' : 'Issuer', name: c.certs.name };
        // cert-manager rejects a commonName over 64 characters; the dnsNames alone then identify the Service.
        const commonName = hostName.length <= 64 ? hostName : undefined;
        expect(plain(certificates[0].spec)).toEqual(plain({ commonName, dnsNames: [hostName], issuerRef, secretName: 'kserve-webhook-server-cert' }));
      }

      // The controller: the given repository at the release tag, the given resources.
      const [manager] = controlPlane.find(o => o.kind === 'Deployment').spec.template.spec.containers;
      expect(manager.image).toBe(`${c.controllerImage ?? 'kserve/kserve-controller'}:${c.version.name}`);
      expect(manager.resources).toEqual(c.controllerResources
        ? expectedResources(c.controllerResources)
        : { requests: { cpu: '100m', memory: '200Mi' }, limits: { cpu: '100m', memory: '300Mi' } });

      // inferenceservice-config: every key is JSON (once Helm has rendered it) holding the given values and the release's defaults.
      const data: Record<string, string> = controlPlane.find(o => o.kind === 'ConfigMap' && o.metadata.name === 'inferenceservice-config').data;
      for (const text of Object.values(data)) expect(helmLive(text).includes('{{')).toBe(!c.helm && text.includes('{{'));
      const parsed = Object.fromEntries(Object.entries(data).map(([k, text]) => [k, JSON.parse(c.helm ? helmRender(text) : text)]));
      expect(parsed).toEqual(expectedConfig(c.version, c.config));

      // Runtimes: the standard ones minus the excluded, plus the custom one, each exactly once.
      const csrs = runtimes.filter(o => o.kind === 'ClusterServingRuntime');
      const clusterCustom = c.custom && c.customCluster;
      const expectedNames = [
        ...(c.standardRuntimes ? standardNames.filter(n => !excluded.includes(n)) : []),
        ...(clusterCustom ? [c.customName] : []),
      ];
      expect(csrs.map(o => o.metadata.name).sort()).toEqual(expectedNames.sort());
      expect(install.clusterServingRuntimes.map(r => r.name).sort()).toEqual(expectedNames.sort());
      expect(runtimes.filter(o => o.kind === 'ClusterStorageContainer').map(o => o.metadata.name)).toEqual(['default']);
      for (const csr of csrs) {
        const container = csr.spec.containers[0];
        const texts: string[] = [...(container.command ?? []), ...(container.args ?? []), ...(container.env ?? []).map((e: any) => e.value)];
        for (const text of texts) expect(helmLive(text).includes('{{')).toBe(!c.helm && text.includes('{{'));
      }
      if (c.custom && !c.customCluster) {
        // A ServingRuntime of the app is not part of the install: written as given, in the service's namespace.
        const sr = modelObjects.find(o => o.kind === 'ServingRuntime');
        expect(sr.spec).toEqual(expectedRuntimeSpec(c.custom));
        expect(sr.metadata).toEqual(plain({ name: c.customName, namespace: 'ml', annotations: nonEmpty(c.custom.annotations) }));
      }
      if (clusterCustom) {
        const csr = csrs.find(o => o.metadata.name === c.customName);
        const spec = expectedRuntimeSpec(c.custom!);
        const container = csr.spec.containers[0];
        const render = (texts?: string[]) => texts?.map(t => (c.helm ? helmRender(t) : t));
        const rendered = {
          ...container,
          command: render(container.command),
          args: render(container.args),
          env: container.env?.map((e: any) => ({ name: e.name, value: c.helm ? helmRender(e.value) : e.value })),
        };
        expect({ ...csr.spec, containers: [plain(rendered)] }).toEqual(spec);
        expect(csr.metadata).toEqual(plain({ name: c.customName, annotations: nonEmpty({ ...c.custom!.annotations, ...(c.argo ? { [SYNC_WAVE]: '0' } : {}) }) }));
      }

      // Argo CD waves: CRDs, then the control plane, then the runtimes; nothing when not asked for.
      const waves = (objects: any[]) => [...new Set(objects.map(o => o.metadata.annotations?.[SYNC_WAVE]))];
      if (crds.length > 0) expect(waves(crds)).toEqual([c.argo ? '-2' : undefined]);
      expect(waves(controlPlane)).toEqual([c.argo ? '-1' : undefined]);
      expect(waves(runtimes)).toEqual([c.argo ? '0' : undefined]);
    }), runs(20));
  });
});

// ---------------------------------------------------------------------------
// RolloutPlan stages
// ---------------------------------------------------------------------------

interface RolloutCase {
  version: KServeVersion;
  standard: boolean;
  name: string;
  namespace: string;
  stages: number[];
  stage: number;
  choose: 'code' | 'env';
  envValue: 'stage' | 'promote' | 'rollback';
  padded: boolean;
  variable?: string;
  tagRouting: boolean;
  transformer: boolean;
  stable: { formatVersion?: string; protocol?: ProtocolVersion };
  candidate: { formatVersion?: string; protocol?: ProtocolVersion; runtime?: string };
  candidateName?: string;
  stableMin: number;
  candidateReplicas: number;
  giveReplicas: boolean;
}

const modelOptions = fc.record({ formatVersion: opt(fc.constantFrom('0', '1')), protocol: opt(fc.constantFrom(ProtocolVersion.V1, ProtocolVersion.V2)) });
const rolloutCase: fc.Arbitrary<RolloutCase> = fc.record({
  version,
  standard: fc.boolean(),
  name: isvcName,
  namespace: dnsLabel(12),
  // Strictly increasing whole percentages; a last stage of 100 promotes.
  stages: fc.uniqueArray(fc.integer({ min: 1, max: 100 }), { minLength: 1, maxLength: 5 }).map(s => [...s].sort((a, b) => a - b)),
  stage: fc.nat(),
  choose: fc.constantFrom('code' as const, 'env' as const),
  envValue: fc.constantFrom('stage' as const, 'stage' as const, 'promote' as const, 'rollback' as const),
  padded: fc.boolean(),
  variable: opt(fc.stringMatching(/^ROLLOUT_[A-Z]{1,6}$/)),
  tagRouting: fc.boolean(),
  transformer: fc.boolean(),
  stable: modelOptions,
  candidate: fc.record({
    formatVersion: opt(fc.constantFrom('0', '1')),
    protocol: opt(fc.constantFrom(ProtocolVersion.V1, ProtocolVersion.V2)),
    runtime: opt(fc.constantFrom('kserve-sklearnserver', 'kserve-mlserver')),
  }),
  candidateName: opt(fc.stringMatching(/^[a-z][a-z0-9]{0,7}$/)),
  stableMin: fc.integer({ min: 1, max: 4 }),
  candidateReplicas: fc.nat(),
  giveReplicas: fc.boolean(),
});

test('random rollout plans: the stage chosen in code or by environment variable renders its traffic, promotion or rollback', () => {
  fc.assert(fc.property(rolloutCase, (c) => {
    // spec.canary (Standard mode) exists from v0.20; v0.13 canaries are Knative only.
    const standard = c.standard && c.version.isAtLeast(KServeVersion.V0_20);
    const plan = new RolloutPlan(c.stages);
    expect(plan.stages).toEqual(c.stages);
    const stage = (c.stage % c.stages.length) + 1;
    const percent = c.stages[stage - 1];
    const named = c.choose === 'env' ? c.envValue : 'stage';
    const phase = c.choose === 'code' ? plan.stage(stage)
      : withEnv({ [c.variable ?? 'CANARY_STAGE']: named === 'stage' ? (c.padded ? ` ${stage} ` : String(stage)) : named },
        () => plan.fromEnvironment(c.variable));
    const kind = named === 'stage' ? (percent === 100 ? 'promote' : 'canary') : named;
    expect(phase.toString()).toBe(kind === 'canary' ? `canary(${percent})` : kind);
    expect(phase.trafficPercent).toBe(kind === 'canary' ? percent : kind === 'promote' ? 100 : 0);

    const app = Testing.app();
    const chart = new Chart(app, 'test', { namespace: c.namespace });
    const stableUri = StorageUri.gcs('models-bucket', `${c.name}/stable`);
    const candidateUri = StorageUri.gcs('models-bucket', `${c.name}/candidate`);
    const stable = Model.sklearn(stableUri, { formatVersion: c.stable.formatVersion, protocolVersion: c.stable.protocol });
    const component = !standard && c.transformer ? ComponentType.TRANSFORMER : ComponentType.PREDICTOR;
    const isvc = new InferenceService(chart, c.name, {
      version: c.version,
      deploymentMode: standard ? DeploymentMode.STANDARD : DeploymentMode.KNATIVE,
      predictor: { model: standard ? stable : Model.sklearn(candidateUri, { formatVersion: c.candidate.formatVersion }), minReplicas: c.stableMin },
      transformer: c.transformer ? { container: { image: 'ghcr.io/acme/transformer:1.0.0' } } : undefined,
    });
    const candidate = Model.sklearn(candidateUri, {
      formatVersion: c.candidate.formatVersion, protocolVersion: c.candidate.protocol, runtime: c.candidate.runtime,
    });
    const replicas = c.giveReplicas ? c.candidateReplicas % (c.stableMin + 1) : undefined;
    const rollout = new CanaryRollout(chart, 'rollout', standard
      ? { service: isvc, phase, candidate, candidateName: c.candidateName, candidateReplicas: replicas }
      : { service: isvc, phase, component, tagRouting: c.tagRouting, previousModel: stable });
    const objects = Testing.synth(chart);
    expectYamlKeepsValues(app, objects);
    expectValidObjects(objects, { kserveVersion: schemaOf(c.version) });
    expectNamesWithinLimits(objects);
    expect(rollout.phase).toBe(phase);
    expect(rollout.trafficPercent).toBe(phase.trafficPercent);

    const [object] = objects;
    const spec = object.spec;
    if (!standard) {
      // Knative: the share on the rolled-out component only; promotion drops the field, rollback sends 0%.
      expect(spec[component].canaryTrafficPercent).toBe(kind === 'canary' ? percent : kind === 'promote' ? undefined : 0);
      const others = [ComponentType.PREDICTOR, ComponentType.TRANSFORMER].filter(x => x !== component && spec[x]);
      for (const other of others) expect(spec[other].canaryTrafficPercent).toBeUndefined();
      expect(object.metadata.annotations['serving.kserve.io/enable-tag-routing']).toBe(c.tagRouting ? 'true' : undefined);
      expect(spec.canary).toBeUndefined();
      expect(spec.predictor.model.storageUri).toBe(candidateUri.uri);
      return;
    }
    // Standard (v0.20 spec.canary): the stable model stays; the candidate runs beside it, replaces it, or is gone.
    const candidateName = c.candidateName ?? 'canary';
    expect(rollout.candidateServiceName).toBe(`${c.name}-${candidateName}-predictor`);
    expect(object.metadata.annotations['serving.kserve.io/enable-tag-routing']).toBeUndefined();
    const stableModel = plain({ modelFormat: { name: 'sklearn', version: c.stable.formatVersion }, protocolVersion: c.stable.protocol?.value, storageUri: stableUri.uri });
    if (kind === 'canary') {
      expect(spec.predictor.name).toBeUndefined();
      expect(spec.predictor.model).toEqual(stableModel);
      expect(spec.canary).toEqual([plain({
        trafficPercent: percent,
        predictor: {
          name: candidateName,
          minReplicas: replicas,
          model: {
            name: 'kserve-container',
            modelFormat: { name: 'sklearn', version: c.candidate.formatVersion },
            runtime: c.candidate.runtime,
            protocolVersion: c.candidate.protocol?.value,
            storageUri: candidateUri.uri,
          },
        },
      })]);
    } else if (kind === 'promote') {
      // KServe merges the candidate over the stable predictor: fields the candidate leaves unset keep the stable values.
      expect(spec.canary).toBeUndefined();
      expect(spec.predictor.name).toBe(candidateName);
      expect(spec.predictor.model).toEqual(plain({
        modelFormat: { name: 'sklearn', version: c.candidate.formatVersion ?? c.stable.formatVersion },
        runtime: c.candidate.runtime,
        protocolVersion: (c.candidate.protocol ?? c.stable.protocol)?.value,
        storageUri: candidateUri.uri,
      }));
    } else {
      expect(spec.canary).toBeUndefined();
      expect(spec.predictor.name).toBeUndefined();
      expect(spec.predictor.model).toEqual(stableModel);
    }
    expect(spec.predictor.minReplicas).toBe(c.stableMin);
  }), runs(100));
});

// ---------------------------------------------------------------------------
// KEDA triggers (KServe v0.20, Standard mode)
// ---------------------------------------------------------------------------

type Trigger =
  | { kind: 'cpu' | 'memory'; percent: number }
  | { kind: 'memoryAverage'; mib: number }
  | { kind: 'prometheus'; serverAddress: string; query: string; threshold: number; namespace?: string };

const promql = fc.tuple(fc.stringMatching(/^[a-z_]{1,12}$/), dnsLabel(10), fc.integer({ min: 1, max: 10 }))
  .map(([metric, ns, minutes]) => `sum(rate(${metric}{namespace="${ns}"}[${minutes}m]))`);
const trigger: fc.Arbitrary<Trigger> = fc.oneof(
  fc.record({ kind: fc.constantFrom('cpu' as const, 'memory' as const), percent: fc.integer({ min: 1, max: 100 }) }),
  fc.record({ kind: fc.constant('memoryAverage' as const), mib: fc.integer({ min: 1, max: 8192 }) }),
  fc.record({
    kind: fc.constant('prometheus' as const),
    serverAddress: httpUrl,
    query: fc.oneof(promql, fc.string({ unit: 'grapheme', minLength: 1, maxLength: 40 }).filter(q => q.trim() !== '')),
    // Whole numbers or two decimals: Kubernetes quantities keep at most nano precision (see the report).
    threshold: fc.oneof(fc.integer({ min: 1, max: 100000 }), fc.integer({ min: 1, max: 99999 }).map(n => n / 100)),
    namespace: opt(dnsLabel(20)),
  }, { requiredKeys: ['kind', 'serverAddress', 'query', 'threshold'] }),
);

const kedaCase = fc.record({
  name: isvcName,
  namespace: dnsLabel(12),
  minReplicas: opt(fc.integer({ min: 0, max: 3 })),
  // Standard mode needs a maximum: KServe would pin an unset one to minReplicas.
  extra: fc.integer({ min: 0, max: 10 }),
  metrics: fc.array(trigger, { minLength: 1, maxLength: 4 }),
  transformerMetrics: opt(fc.array(trigger, { minLength: 1, maxLength: 2 })),
// KEDA reaches zero replicas only through a non-resource (here Prometheus) trigger.
}).filter(c => c.minReplicas !== 0 || [c.metrics, c.transformerMetrics ?? [{ kind: 'prometheus' }]].every(ms => ms.some(m => m.kind === 'prometheus')));

const toMetric = (t: Trigger): KedaMetric => (t.kind === 'prometheus'
  ? KedaMetric.prometheus({ serverAddress: t.serverAddress, query: t.query, threshold: t.threshold, namespace: t.namespace })
  : t.kind === 'memoryAverage' ? KedaMetric.memoryAverage(Size.mebibytes(t.mib))
    : t.kind === 'cpu' ? KedaMetric.cpu(t.percent) : KedaMetric.memory(t.percent));

const expectedMetric = (t: Trigger) => (t.kind === 'prometheus'
  ? plain({
    type: 'External',
    external: { metric: { backend: 'prometheus', serverAddress: t.serverAddress, query: t.query, namespace: t.namespace }, target: { type: 'Value', value: String(t.threshold) } },
  })
  : t.kind === 'memoryAverage'
    ? { type: 'Resource', resource: { name: 'memory', target: { type: 'AverageValue', averageValue: t.mib % 1024 === 0 ? `${t.mib / 1024}Gi` : `${t.mib}Mi` } } }
    : { type: 'Resource', resource: { name: t.kind, target: { type: 'Utilization', averageUtilization: t.percent } } });

test('random KEDA policies (cpu, memory and Prometheus triggers) validate on v0.20 and keep every trigger value', () => {
  fc.assert(fc.property(kedaCase, (c) => {
    const app = Testing.app();
    const chart = new Chart(app, 'test', { namespace: c.namespace });
    const maxReplicas = Math.max(1, (c.minReplicas ?? 1) + c.extra);
    const policy = (metrics: Trigger[]) => Autoscaling.keda({ minReplicas: c.minReplicas, maxReplicas, metrics: metrics.map(toMetric) });
    new InferenceService(chart, c.name, {
      version: KServeVersion.V0_20,
      deploymentMode: DeploymentMode.STANDARD,
      predictor: { model: Model.sklearn(StorageUri.gcs('models-bucket', 'iris')), autoscaling: policy(c.metrics) },
      // KServe reads one autoscaler class per service: a transformer scales with KEDA too.
      transformer: c.transformerMetrics && { container: { image: 'ghcr.io/acme/transformer:1.0.0' }, autoscaling: policy(c.transformerMetrics) },
    });
    const objects = Testing.synth(chart);
    expectYamlKeepsValues(app, objects);
    expectValidObjects(objects, { kserveVersion: 'v0.20.0' });
    expectNamesWithinLimits(objects);
    const [isvc] = objects;
    expect(isvc.metadata.annotations).toEqual({ 'serving.kserve.io/autoscalerClass': 'keda', 'serving.kserve.io/deploymentMode': 'Standard' });
    const components: Array<[string, Trigger[] | undefined]> = [['predictor', c.metrics], ['transformer', c.transformerMetrics]];
    for (const [component, metrics] of components) {
      if (!metrics) {
        expect(isvc.spec[component]).toBeUndefined();
        continue;
      }
      const spec = isvc.spec[component];
      expect(spec.autoScaling).toEqual({ metrics: metrics.map(expectedMetric) });
      expect(spec.minReplicas).toBe(c.minReplicas);
      expect(spec.maxReplicas).toBe(maxReplicas);
      expect(spec.scaleMetric).toBeUndefined();
      expect(spec.scaleTarget).toBeUndefined();
      // The threshold reaches KEDA unchanged.
      spec.autoScaling.metrics.forEach((m: any, i: number) => {
        const t = metrics[i];
        if (t.kind === 'prometheus') expect(Number(m.external.target.value)).toBe(t.threshold);
      });
    }
  }), runs(60));
});

// ---------------------------------------------------------------------------
// Transformers and explainers
// ---------------------------------------------------------------------------

interface ComponentCase {
  image: string;
  command?: string[];
  port?: number;
  protocol?: ProtocolVersion;
  env?: Record<string, { value: string } | { secret: string; key: string }>;
  args?: string[];
  resources?: Res;
  minReplicas?: number;
  extraReplicas?: number;
  containerConcurrency?: number;
  timeout?: number;
  nodeSelector?: Record<string, string>;
  tolerations?: Array<{ key?: string; value?: string; exists?: boolean; effect?: TaintEffect; seconds?: number }>;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  logger?: { mode?: LoggerMode; url?: string };
  batcher?: { maxBatchSize?: number; maxLatency?: number; timeout?: number };
  serviceAccount?: string;
}

const effect = fc.constantFrom(TaintEffect.NO_SCHEDULE, TaintEffect.PREFER_NO_SCHEDULE, TaintEffect.NO_EXECUTE);
const toleration = fc.oneof(
  fc.record({ key: labelKey, value: labelValue, effect: opt(effect) }),
  fc.record({ key: opt(labelKey), exists: fc.constant(true), effect: opt(effect) }),
  fc.record({ key: labelKey, exists: fc.constant(true), effect: fc.constant(TaintEffect.NO_EXECUTE), seconds: fc.integer({ min: 0, max: 3600 }) }),
);
const envEntry = fc.oneof(
  fc.record({ value: fc.string({ unit: 'grapheme', maxLength: 16 }) }),
  fc.record({ secret: dnsLabel(20), key: fc.stringMatching(/^[A-Za-z0-9._-]{1,12}$/) }),
);
const componentCase: fc.Arbitrary<ComponentCase> = fc.record({
  image,
  command: fc.array(fc.string({ unit: 'grapheme', maxLength: 12 }), { minLength: 1, maxLength: 3 }),
  port,
  protocol: fc.constantFrom(ProtocolVersion.V1, ProtocolVersion.V2),
  env: fc.dictionary(envName, envEntry, { minKeys: 1, maxKeys: 4, noNullPrototype: true }),
  args: fc.array(fc.string({ unit: 'grapheme', maxLength: 16 }), { minLength: 1, maxLength: 3 }),
  resources,
  minReplicas: fc.integer({ min: 0, max: 3 }),
  extraReplicas: fc.integer({ min: 0, max: 5 }),
  containerConcurrency: fc.integer({ min: 0, max: 100 }),
  timeout: fc.integer({ min: 1, max: 3600 }),
  nodeSelector: labels,
  tolerations: fc.array(toleration, { maxLength: 3 }),
  labels,
  annotations,
  logger: fc.record({ mode: fc.constantFrom(LoggerMode.ALL, LoggerMode.REQUEST, LoggerMode.RESPONSE), url: httpUrl }, { requiredKeys: [] }),
  batcher: fc.record({
    maxBatchSize: fc.integer({ min: 1, max: 256 }), maxLatency: fc.integer({ min: 1, max: 10000 }), timeout: fc.integer({ min: 1, max: 600 }),
  }, { requiredKeys: [] }),
  serviceAccount: dnsLabel(20),
}, { requiredKeys: ['image'] });

const componentsCase = fc.record({
  version,
  knative: fc.boolean(),
  name: isvcName,
  namespace: dnsLabel(12),
  transformer: opt(componentCase),
  explainer: opt(componentCase),
}).filter(c => c.transformer !== undefined || c.explainer !== undefined);

/**
 * The case as a caller who knows the mode writes it: scale to zero, containerConcurrency and (before v0.20) timeout take
 * effect only in Knative mode, and the library rejects them elsewhere (ksvc_reconciler.go, httproute_reconciler.go).
 */
function effective(c: ComponentCase, knative: boolean, target: KServeVersion): ComponentCase {
  return {
    ...c,
    minReplicas: c.minReplicas === 0 && !knative ? 1 : c.minReplicas,
    containerConcurrency: knative ? c.containerConcurrency : undefined,
    timeout: knative || target._facts.standardModeTimeout ? c.timeout : undefined,
  };
}

function componentOptions(chart: Chart, id: string, given: ComponentCase, knative: boolean, target: KServeVersion): CustomComponentOptions {
  const c = effective(given, knative, target);
  const minReplicas = c.minReplicas;
  return {
    container: { image: c.image, command: c.command, port: c.port, protocolVersion: c.protocol },
    env: c.env && Object.fromEntries(Object.entries(c.env).map(([name, e], i) => [name, 'value' in e ? EnvValue.fromValue(e.value)
      : EnvValue.fromSecretValue({ secret: Secret.fromSecretName(chart, `${id}-secret-${i}`, e.secret), key: e.key })])),
    args: c.args,
    resources: c.resources && toResources(c.resources),
    minReplicas,
    maxReplicas: c.extraReplicas === undefined ? undefined : (minReplicas ?? 1) + c.extraReplicas,
    containerConcurrency: c.containerConcurrency,
    timeout: c.timeout === undefined ? undefined : Duration.seconds(c.timeout),
    nodeSelector: c.nodeSelector,
    tolerations: c.tolerations?.map(t => {
      const options = { effect: t.effect, evictAfter: t.seconds === undefined ? undefined : Duration.seconds(t.seconds) };
      return t.exists ? Toleration.exists(t.key, options) : Toleration.equal(t.key!, t.value!, options);
    }),
    labels: c.labels,
    annotations: c.annotations,
    logger: c.logger,
    batcher: c.batcher && {
      maxBatchSize: c.batcher.maxBatchSize,
      maxLatency: c.batcher.maxLatency === undefined ? undefined : Duration.millis(c.batcher.maxLatency),
      timeout: c.batcher.timeout === undefined ? undefined : Duration.seconds(c.batcher.timeout),
    },
    serviceAccount: c.serviceAccount === undefined ? undefined : ServiceAccount.fromServiceAccountName(chart, `${id}-sa`, c.serviceAccount),
  };
}

/** The component spec KServe must receive: every given value in its field. */
function expectedComponent(given: ComponentCase, knative: boolean, target: KServeVersion): any {
  const c = effective(given, knative, target);
  const minReplicas = c.minReplicas;
  const env = [
    ...(c.protocol ? [{ name: 'PROTOCOL', value: c.protocol.value }] : []),
    ...Object.entries(c.env ?? {}).map(([name, e]) => ('value' in e ? { name, value: e.value } : { name, valueFrom: { secretKeyRef: { name: e.secret, key: e.key } } })),
  ];
  return plain({
    serviceAccountName: c.serviceAccount,
    minReplicas,
    maxReplicas: c.extraReplicas === undefined ? undefined : (minReplicas ?? 1) + c.extraReplicas,
    containerConcurrency: c.containerConcurrency,
    timeout: c.timeout,
    nodeSelector: c.nodeSelector,
    tolerations: c.tolerations?.map(t => ({ key: t.key, operator: t.exists ? 'Exists' : 'Equal', value: t.value, effect: t.effect, tolerationSeconds: t.seconds })),
    labels: c.labels,
    annotations: nonEmpty(c.annotations),
    batcher: c.batcher,
    logger: c.logger && { mode: c.logger.mode ?? 'all', url: c.logger.url },
    containers: [{
      name: 'kserve-container',
      image: c.image,
      command: c.command,
      args: c.args,
      ports: c.port === undefined ? undefined : [{ name: 'http1', containerPort: c.port, protocol: 'TCP' }],
      env: env.length > 0 ? env : undefined,
      resources: expectedResources(c.resources),
      // The secure defaults of every custom container (MainContainerOptions.securityContext).
      securityContext: { allowPrivilegeEscalation: false, seccompProfile: { type: 'RuntimeDefault' } },
    }],
  });
}

test('random transformers and explainers validate against their version and keep every given value', () => {
  fc.assert(fc.property(componentsCase, (c) => {
    const app = Testing.app();
    const chart = new Chart(app, 'test', { namespace: c.namespace });
    const isvc = new InferenceService(chart, c.name, {
      version: c.version,
      deploymentMode: c.knative ? DeploymentMode.KNATIVE : DeploymentMode.STANDARD,
      predictor: { model: Model.sklearn(StorageUri.gcs('models-bucket', 'iris')) },
      transformer: c.transformer && componentOptions(chart, 'transformer', c.transformer, c.knative, c.version),
      explainer: c.explainer && componentOptions(chart, 'explainer', c.explainer, c.knative, c.version),
    });
    const objects = Testing.synth(chart);
    expectYamlKeepsValues(app, objects);
    expectValidObjects(objects, { kserveVersion: schemaOf(c.version) });
    expectNamesWithinLimits(objects);
    const [object] = objects;
    expect(object.metadata.annotations).toEqual({
      'serving.kserve.io/deploymentMode': (c.knative ? DeploymentMode.KNATIVE : DeploymentMode.STANDARD)
        .annotationValue(c.version),
    });
    expect(isvc.components).toEqual([ComponentType.PREDICTOR, ...(c.transformer ? [ComponentType.TRANSFORMER] : []),
      ...(c.explainer ? [ComponentType.EXPLAINER] : [])]);
    for (const component of [ComponentType.TRANSFORMER, ComponentType.EXPLAINER]) {
      const given = component === ComponentType.TRANSFORMER ? c.transformer : c.explainer;
      expect(object.spec[component]).toEqual(given ? expectedComponent(given, c.knative, c.version) : undefined);
    }
    // Requests enter through the transformer when there is one.
    expect(isvc.clusterLocalUrl).toBe(`http://${c.name}-${c.transformer ? 'transformer' : 'predictor'}.${c.namespace}.svc.cluster.local`);
    expect(object.spec.predictor.model.storageUri).toBe('gs://models-bucket/iris');
  }), runs(60));
});
