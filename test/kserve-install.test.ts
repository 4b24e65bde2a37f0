import * as childProcess from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Chart, Size, Testing } from 'cdk8s';
import { Cpu } from 'cdk8s-plus-28';
import { parse, parseAllDocuments } from 'yaml';
import {
  ClusterServingRuntime, CrdSource, DeploymentMode, InferenceService, KServeInstall, KServeInstallProps, KServeVersion, Model, ProtocolVersion,
  ServingRuntime, ServingRuntimeOptions, StorageUri, WebhookCertificates,
} from '../src';
import { collectNulls, expectError, synthErrors } from './util/harness';
import { expectValidObjects, KServeSchemaVersion } from './util/schema-validator';

// ---------------------------------------------------------------------------
// Upstream facts (install/v0.13.1/kserve.yaml, config/ at v0.20.0; config/runtimes and
// config/configmap/inferenceservice.yaml at each tag), written down as data.
// ---------------------------------------------------------------------------

const F = ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'];
const STATUS = ['get', 'patch', 'update'];
const READ = ['get', 'list', 'watch'];

/** [apiGroups, resources, verbs], as the upstream role.yaml lists them. */
type RuleData = [string[], string[], string[]];

/** kserve-manager-role at v0.13.1 (28 rules, config/rbac/role.yaml). */
const MANAGER_RULES_V013: RuleData[] = [
  [['admissionregistration.k8s.io'], ['mutatingwebhookconfigurations', 'validatingwebhookconfigurations'], F],
  [['apps'], ['deployments'], F],
  [['autoscaling'], ['horizontalpodautoscalers'], F],
  [[''], ['configmaps'], ['create', 'get', 'update']],
  [[''], ['events'], F],
  [[''], ['namespaces'], READ],
  [[''], ['pods'], READ],
  [[''], ['secrets'], ['create', 'delete', 'get', 'patch', 'update']],
  [[''], ['serviceaccounts'], ['get']],
  [[''], ['services'], F],
  [['networking.istio.io'], ['virtualservices'], F],
  [['networking.istio.io'], ['virtualservices/finalizers'], F],
  [['networking.istio.io'], ['virtualservices/status'], STATUS],
  [['networking.k8s.io'], ['ingresses'], F],
  [['serving.knative.dev'], ['services'], F],
  [['serving.knative.dev'], ['services/finalizers'], F],
  [['serving.knative.dev'], ['services/status'], STATUS],
  [['serving.kserve.io'], ['clusterservingruntimes', 'clusterservingruntimes/finalizers'], F],
  [['serving.kserve.io'], ['clusterservingruntimes/status'], STATUS],
  [['serving.kserve.io'], ['clusterstoragecontainers'], F],
  [['serving.kserve.io'], ['inferencegraphs', 'inferencegraphs/finalizers'], F],
  [['serving.kserve.io'], ['inferencegraphs/status'], STATUS],
  [['serving.kserve.io'], ['inferenceservices', 'inferenceservices/finalizers'], F],
  [['serving.kserve.io'], ['inferenceservices/status'], STATUS],
  [['serving.kserve.io'], ['servingruntimes', 'servingruntimes/finalizers'], F],
  [['serving.kserve.io'], ['servingruntimes/status'], STATUS],
  [['serving.kserve.io'], ['trainedmodels'], F],
  [['serving.kserve.io'], ['trainedmodels/status'], STATUS],
];

/** kserve-manager-role at v0.20.0 (20 rules, regrouped by controller-gen v0.19). */
const MANAGER_RULES_V020: RuleData[] = [
  [[''], ['configmaps'], ['create', 'get', 'update']],
  [[''], ['events', 'services'], F],
  [[''], ['namespaces', 'pods'], READ],
  [[''], ['secrets', 'serviceaccounts'], ['get']],
  [['admissionregistration.k8s.io'], ['mutatingwebhookconfigurations', 'validatingwebhookconfigurations'], F],
  [['apps'], ['deployments'], F],
  [['autoscaling'], ['horizontalpodautoscalers'], F],
  [['gateway.networking.k8s.io'], ['httproutes'], F],
  [['keda.sh'], ['scaledobjects', 'scaledobjects/finalizers'], F],
  [['keda.sh'], ['scaledobjects/status'], STATUS],
  [['networking.istio.io'], ['virtualservices', 'virtualservices/finalizers'], F],
  [['networking.istio.io'], ['virtualservices/status'], STATUS],
  [['networking.k8s.io'], ['ingresses'], F],
  [['opentelemetry.io'], ['opentelemetrycollectors', 'opentelemetrycollectors/finalizers'], F],
  [['opentelemetry.io'], ['opentelemetrycollectors/status'], STATUS],
  [['serving.knative.dev'], ['services', 'services/finalizers'], F],
  [['serving.knative.dev'], ['services/status'], STATUS],
  [['serving.kserve.io'], ['clusterservingruntimes', 'clusterservingruntimes/finalizers', 'clusterstoragecontainers', 'inferencegraphs',
    'inferencegraphs/finalizers', 'inferenceservices', 'inferenceservices/finalizers', 'servingruntimes', 'servingruntimes/finalizers',
    'trainedmodels'], F],
  [['serving.kserve.io'], ['clusterservingruntimes/status', 'inferencegraphs/status', 'inferenceservices/status', 'servingruntimes/status',
    'trainedmodels/status'], STATUS],
  [['serving.kserve.io'], ['localmodelcaches', 'localmodelnamespacecaches'], READ],
];

/** kserve-proxy-role (both versions). */
const PROXY_RULES: RuleData[] = [
  [['authentication.k8s.io'], ['tokenreviews'], ['create']],
  [['authorization.k8s.io'], ['subjectaccessreviews'], ['create']],
];

/** kserve-leader-election-role (both versions). */
const LEADER_ELECTION_RULES: RuleData[] = [
  [['coordination.k8s.io'], ['leases'], ['create', 'get', 'list', 'update']],
  [[''], ['configmaps'], ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete']],
  [[''], ['configmaps/status'], ['get', 'update', 'patch']],
  [[''], ['events'], ['create']],
];

/** The webhooks of config/webhook/manifests.yaml (same in both versions): [configuration kind, config name, webhook name, path]. */
const WEBHOOKS: Array<[string, string, string, string]> = [
  ['MutatingWebhookConfiguration', 'inferenceservice.serving.kserve.io', 'inferenceservice.kserve-webhook-server.defaulter',
    '/mutate-serving-kserve-io-v1beta1-inferenceservice'],
  ['MutatingWebhookConfiguration', 'inferenceservice.serving.kserve.io', 'inferenceservice.kserve-webhook-server.pod-mutator', '/mutate-pods'],
  ['ValidatingWebhookConfiguration', 'inferenceservice.serving.kserve.io', 'inferenceservice.kserve-webhook-server.validator',
    '/validate-serving-kserve-io-v1beta1-inferenceservice'],
  ['ValidatingWebhookConfiguration', 'trainedmodel.serving.kserve.io', 'trainedmodel.kserve-webhook-server.validator',
    '/validate-serving-kserve-io-v1alpha1-trainedmodel'],
  ['ValidatingWebhookConfiguration', 'inferencegraph.serving.kserve.io', 'inferencegraph.kserve-webhook-server.validator',
    '/validate-serving-kserve-io-v1alpha1-inferencegraph'],
  ['ValidatingWebhookConfiguration', 'clusterservingruntime.serving.kserve.io', 'clusterservingruntime.kserve-webhook-server.validator',
    '/validate-serving-kserve-io-v1alpha1-clusterservingruntime'],
  ['ValidatingWebhookConfiguration', 'servingruntime.serving.kserve.io', 'servingruntime.kserve-webhook-server.validator',
    '/validate-serving-kserve-io-v1alpha1-servingruntime'],
];

/** [plural, kind, served version, scope, shortNames, status subresource] of config/crd at each tag. */
type CrdData = [string, string, string, 'Cluster' | 'Namespaced', string[], boolean];
const CRDS_V013: CrdData[] = [
  ['clusterservingruntimes', 'ClusterServingRuntime', 'v1alpha1', 'Cluster', [], false],
  ['clusterstoragecontainers', 'ClusterStorageContainer', 'v1alpha1', 'Cluster', [], false],
  ['inferencegraphs', 'InferenceGraph', 'v1alpha1', 'Namespaced', ['ig'], true],
  ['inferenceservices', 'InferenceService', 'v1beta1', 'Namespaced', ['isvc'], true],
  ['servingruntimes', 'ServingRuntime', 'v1alpha1', 'Namespaced', [], false],
  ['trainedmodels', 'TrainedModel', 'v1alpha1', 'Namespaced', ['tm'], true],
];
const CRDS_V020: CrdData[] = [...CRDS_V013, ['localmodelcaches', 'LocalModelCache', 'v1alpha1', 'Cluster', [], true]];

/**
 * [name, image, formats as `name:version:auto|no:priority`, protocols, prometheus.kserve.io/port] of
 * config/runtimes at each tag (v0.20's kserve-huggingfaceserver-multinode and kserve-vllmserver are left
 * out by the library on purpose).
 */
type RuntimeData = [string, string, string, string, string];
const RUNTIMES_V013: RuntimeData[] = [
  ['kserve-huggingfaceserver', 'kserve/huggingfaceserver:v0.13.1', 'huggingface:1:auto:1', 'v2,v1', '8080'],
  ['kserve-lgbserver', 'kserve/lgbserver:v0.13.1', 'lightgbm:3:auto:1', 'v1,v2', '8080'],
  ['kserve-mlserver', 'docker.io/seldonio/mlserver:1.3.2',
    'sklearn:0:auto:2 sklearn:1:auto:2 xgboost:1:auto:2 lightgbm:3:auto:2 mlflow:1:auto:1', 'v2', '8080'],
  ['kserve-paddleserver', 'kserve/paddleserver:v0.13.1', 'paddle:2:auto:1', 'v1,v2', '8080'],
  ['kserve-pmmlserver', 'kserve/pmmlserver:v0.13.1', 'pmml:3:auto:1 pmml:4:auto:1', 'v1,v2', '8080'],
  ['kserve-sklearnserver', 'kserve/sklearnserver:v0.13.1', 'sklearn:1:auto:1', 'v1,v2', '8080'],
  ['kserve-tensorflow-serving', 'tensorflow/serving:2.6.2', 'tensorflow:1:auto:2 tensorflow:2:auto:2', 'v1,grpc-v1', '8080'],
  ['kserve-torchserve', 'pytorch/torchserve-kfs:0.9.0', 'pytorch:1:auto:2', 'v1,v2,grpc-v2', '8082'],
  ['kserve-tritonserver', 'nvcr.io/nvidia/tritonserver:23.05-py3',
    'tensorrt:8:auto:1 tensorflow:1:auto:1 tensorflow:2:auto:1 onnx:1:auto:1 pytorch:1:no: triton:2:auto:1', 'v2,grpc-v2', '8002'],
  ['kserve-xgbserver', 'kserve/xgbserver:v0.13.1', 'xgboost:1:auto:1', 'v1,v2', '8080'],
];
const RUNTIMES_V020: RuntimeData[] = [
  ['kserve-autogluonserver', 'kserve/autogluonserver:v0.20.0', 'autogluon:1:auto:1', 'v1,v2', '8080'],
  ['kserve-huggingfaceserver', 'kserve/huggingfaceserver:v0.20.0', 'huggingface:1:auto:1', 'v2,v1', '8080'],
  ['kserve-lgbserver', 'kserve/lgbserver:v0.20.0', 'lightgbm:4:auto:1', 'v1,v2', '8080'],
  ['kserve-mlserver', 'docker.io/seldonio/mlserver:1.7.1',
    'sklearn:0:auto:2 sklearn:1:auto:2 xgboost:1:auto:2 xgboost:2:auto:2 lightgbm:3:auto:2 lightgbm:4:auto:2 mlflow:1:auto:1 mlflow:2:auto:1',
    'v2', '8080'],
  ['kserve-paddleserver', 'kserve/paddleserver:v0.20.0', 'paddle:2:auto:1', 'v1,v2', '8080'],
  ['kserve-pmmlserver', 'kserve/pmmlserver:v0.20.0', 'pmml:3:auto:1 pmml:4:auto:1', 'v1,v2', '8080'],
  ['kserve-predictiveserver', 'kserve/predictiveserver:v0.20.0', 'sklearn:1:no:3 xgboost:2:no:3 lightgbm:4:no:3', 'v1,v2', '8080'],
  ['kserve-sklearnserver', 'kserve/sklearnserver:v0.20.0', 'sklearn:1:auto:1', 'v1,v2', '8080'],
  ['kserve-tensorflow-serving', 'tensorflow/serving:2.6.2', 'tensorflow:1:auto:2 tensorflow:2:auto:2', 'v1,grpc-v1', '8080'],
  ['kserve-torchserve', 'pytorch/torchserve-kfs:0.9.0', 'pytorch:1:auto:2', 'v1,v2,grpc-v2', '8082'],
  ['kserve-tritonserver', 'nvcr.io/nvidia/tritonserver:23.05-py3',
    'tensorrt:8:auto:1 tensorflow:1:auto:1 tensorflow:2:auto:1 onnx:1:auto:1 pytorch:1:no: triton:2:auto:1', 'v2,grpc-v2', '8002'],
  ['kserve-xgbserver', 'kserve/xgbserver:v0.20.0', 'xgboost:2:auto:1', 'v1,v2', '8080'],
];

/** The `inferenceservice-config` data of config/configmap/inferenceservice.yaml (without `_example`), parsed. */
function upstreamConfig(tag: string, v20: boolean): Record<string, unknown> {
  const sidecar = { memoryRequest: '100Mi', memoryLimit: '1Gi', cpuRequest: '100m', cpuLimit: '1' };
  const s3 = {
    s3AccessKeyIDName: 'AWS_ACCESS_KEY_ID',
    s3SecretAccessKeyName: 'AWS_SECRET_ACCESS_KEY',
    s3Endpoint: '',
    s3UseHttps: '',
    s3Region: '',
    s3VerifySSL: '',
    s3UseVirtualBucket: '',
    s3UseAccelerate: '',
    s3UseAnonymousCredential: '',
    ...(v20 ? { s3CABundleConfigMap: '' } : {}),
    s3CABundle: '',
  };
  const config: Record<string, unknown> = {
    agent: { image: `kserve/agent:${tag}`, ...sidecar },
    batcher: {
      image: `kserve/agent:${tag}`, memoryRequest: '1Gi', memoryLimit: '1Gi', cpuRequest: '1', cpuLimit: '1', maxBatchSize: '32', maxLatency: '5000',
    },
    credentials: {
      storageSpecSecretName: 'storage-config',
      storageSecretNameAnnotation: 'serving.kserve.io/storageSecretName',
      gcs: { gcsCredentialFileName: 'gcloud-application-credentials.json' },
      s3,
    },
    deploy: { defaultDeploymentMode: 'Serverless' },
    explainers: { art: { image: 'kserve/art-explainer', defaultImageVersion: 'latest' } },
    ingress: {
      ...(v20 ? { enableGatewayApi: false, kserveIngressGateway: 'kserve/kserve-ingress-gateway' } : {}),
      ingressGateway: 'knative-serving/knative-ingress-gateway',
      ...(v20 ? {} : { ingressService: 'istio-ingressgateway.istio-system.svc.cluster.local' }),
      localGateway: 'knative-serving/knative-local-gateway',
      localGatewayService: 'knative-local-gateway.istio-system.svc.cluster.local',
      ingressDomain: 'example.com',
      ingressClassName: 'istio',
      domainTemplate: '{{ .Name }}-{{ .Namespace }}.{{ .IngressDomain }}',
      urlScheme: 'http',
      disableIstioVirtualHost: false,
      disableIngressCreation: false,
      ...(v20 ? { disableHTTPRouteTimeout: false } : {}),
    },
    logger: { image: `kserve/agent:${tag}`, ...sidecar, defaultUrl: 'http://default-broker' },
    metricsAggregator: { enableMetricAggregation: 'false', enablePrometheusScraping: 'false' },
    router: { image: `kserve/router:${tag}`, ...sidecar, ...(v20 ? { imagePullPolicy: 'IfNotPresent' } : {}) },
    storageInitializer: {
      image: `kserve/storage-initializer:${tag}`,
      ...sidecar,
      caBundleConfigMapName: '',
      caBundleVolumeMountPath: '/etc/ssl/custom-certs',
      ...(v20 ? {} : { enableDirectPvcVolumeMount: true }),
      enableModelcar: v20,
      cpuModelcar: '10m',
      memoryModelcar: '15Mi',
      ...(v20 ? { uidModelcar: 1010 } : {}),
    },
  };
  if (v20) {
    Object.assign(config, {
      autoscaler: { scaleUpStabilizationWindowSeconds: '0', scaleDownStabilizationWindowSeconds: '300' },
      inferenceService: { resource: { cpuLimit: '1', memoryLimit: '2Gi', cpuRequest: '1', memoryRequest: '2Gi' } },
      localModel: {
        enabled: false,
        jobNamespace: 'kserve-localmodel-jobs',
        defaultJobImage: `kserve/storage-initializer:${tag}`,
        fsGroup: 1000,
        jobTTLSecondsAfterFinished: 3600,
        reconcilationFrequencyInSecs: 60,
        disableVolumeManagement: false,
      },
      opentelemetryCollector: {
        scrapeInterval: '5s',
        metricReceiverEndpoint: 'keda-otel-scaler.keda.svc:4317',
        metricScalerEndpoint: 'keda-otel-scaler.keda.svc:4318',
        resource: { cpuLimit: '1', memoryLimit: '2Gi', cpuRequest: '200m', memoryRequest: '512Mi' },
      },
      security: { autoMountServiceAccountToken: true },
    });
  }
  return config;
}

interface VersionFacts {
  readonly version: KServeVersion;
  readonly schema: KServeSchemaVersion;
  readonly tag: string;
  readonly probeDelay: number;
  readonly readinessFailureThreshold: number;
  readonly podSecurityContext: Record<string, unknown>;
  readonly rbacProxyImage: string;
  readonly managerRules: RuleData[];
  readonly configKeys: string[];
  readonly knativeMode: string;
  readonly standardMode: string;
  readonly crds: CrdData[];
  readonly runtimes: RuntimeData[];
  readonly uriPrefixes: string[];
}

const V013_KEYS = ['agent', 'batcher', 'credentials', 'deploy', 'explainers', 'ingress', 'logger', 'metricsAggregator', 'router', 'storageInitializer'];
const FACTS: VersionFacts[] = [
  {
    version: KServeVersion.V0_13,
    schema: 'v0.13.1',
    tag: 'v0.13.1',
    probeDelay: 10,
    readinessFailureThreshold: 10,
    // Upstream v0.13.1 sets only runAsNonRoot; the library adds the v0.20 seccomp profile.
    podSecurityContext: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } },
    // Upstream v0.13.1 ships gcr.io/kubebuilder/kube-rbac-proxy:v0.13.1, removed with gcr.io/kubebuilder in 2025-03;
    // the library runs the proxy v0.14.0 switched to, with the same args (release.ts).
    rbacProxyImage: 'quay.io/brancz/kube-rbac-proxy:v0.18.0',
    managerRules: MANAGER_RULES_V013,
    configKeys: V013_KEYS,
    knativeMode: 'Serverless',
    standardMode: 'RawDeployment',
    crds: CRDS_V013,
    runtimes: RUNTIMES_V013,
    uriPrefixes: ['gs://', 's3://', 'hdfs://', 'webhdfs://'],
  },
  {
    version: KServeVersion.V0_20,
    schema: 'v0.20.0',
    tag: 'v0.20.0',
    probeDelay: 30,
    readinessFailureThreshold: 5,
    podSecurityContext: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } },
    rbacProxyImage: 'quay.io/brancz/kube-rbac-proxy:v0.18.0',
    managerRules: MANAGER_RULES_V020,
    configKeys: [...V013_KEYS, 'autoscaler', 'inferenceService', 'localModel', 'opentelemetryCollector', 'security'],
    knativeMode: 'Knative',
    standardMode: 'Standard',
    crds: CRDS_V020,
    runtimes: RUNTIMES_V020,
    uriPrefixes: ['gs://', 's3://', 'hdfs://', 'hf://', 'webhdfs://'],
  },
];

const CLUSTER_SCOPED = new Set([
  'Namespace', 'ClusterRole', 'ClusterRoleBinding', 'MutatingWebhookConfiguration', 'ValidatingWebhookConfiguration',
  'CustomResourceDefinition', 'ClusterServingRuntime', 'ClusterStorageContainer',
]);
const HARDENED = { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] }, privileged: false, readOnlyRootFilesystem: true, runAsNonRoot: true };
const CONTROL_PLANE_LABEL = { 'control-plane': 'kserve-controller-manager' };
const IRIS = StorageUri.parse('gs://kfserving-examples/models/sklearn/1.0/model');
/** The base64 of a PEM block: the shape a webhook caBundle must have (the content is not a real certificate). */
const CA_BUNDLE = Buffer.from('-----BEGIN CERTIFICATE-----\nMIIBdzCCAR2gAwIBAgIUKServeTestCA\n-----END CERTIFICATE-----\n').toString('base64');
/** A runtime auto-selecting format `custom` (any version) over v1. */
const CUSTOM_RUNTIME: ServingRuntimeOptions = {
  supportedModelFormats: [{ name: 'custom', autoSelect: true, priority: 1 }],
  container: { image: 'registry.example.com/custom-server:1.0.0' },
};
const SYNC_WAVE = 'argocd.argoproj.io/sync-wave';

// ---------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------

interface Synthesized {
  readonly app: App;
  readonly kserve: KServeInstall;
  readonly crds: any[];
  readonly controlPlane: any[];
  readonly runtimes: any[];
  readonly all: any[];
}

/** Installs KServe into a fresh app, checks that synth validation passes, and returns each chart's objects. */
function install(props: KServeInstallProps = {}): Synthesized {
  const app = Testing.app();
  const kserve = new KServeInstall(app, 'kserve', props);
  expect(synthErrors(app)).toEqual([]);
  const crds = Testing.synth(kserve.crds);
  const controlPlane = Testing.synth(kserve.controlPlane);
  const runtimes = Testing.synth(kserve.runtimes);
  return { app, kserve, crds, controlPlane, runtimes, all: [...crds, ...controlPlane, ...runtimes] };
}

/** Freezes a JSON value and everything in it: a test that changed a shared synth result would throw. */
function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

/**
 * `install(props)` once, on first use, shared by the tests that only read it (a KServe install with its CRDs takes
 * seconds to synthesize). The synthesized objects are frozen, so a test cannot change what the next one reads.
 */
function sharedInstall(props: KServeInstallProps): () => Synthesized {
  let synthesized: Synthesized | undefined;
  return () => {
    if (!synthesized) {
      const result = install(props);
      [result.crds, result.controlPlane, result.runtimes, result.all].forEach(deepFreeze);
      synthesized = result;
    }
    return synthesized;
  };
}

function installErrors(props: KServeInstallProps): string[] {
  const app = Testing.app();
  new KServeInstall(app, 'kserve', props);
  return synthErrors(app);
}

function find(objects: any[], kind: string, name: string): any {
  const found = objects.filter(o => o.kind === kind && o.metadata?.name === name);
  if (found.length !== 1) {
    throw new Error(`expected one ${kind}/${name}, found ${found.length} in: ${objects.map(o => `${o.kind}/${o.metadata?.name}`).join(', ')}`);
  }
  return found[0];
}

const ofKind = (objects: any[], kind: string): any[] => objects.filter(o => o.kind === kind);

function collectStrings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(collectStrings);
  if (typeof value === 'object' && value) return Object.values(value).flatMap(collectStrings);
  return [];
}

/** Every (apiGroup, resource, verb) a list of rules grants, as `group|resource|verb`. */
function expandRules(rules: Array<{ apiGroups?: string[]; resources?: string[]; verbs: string[]; resourceNames?: string[] }>): string[] {
  const out = new Set<string>();
  for (const rule of rules) {
    if (rule.resourceNames) throw new Error('resourceNames are not expected in KServe roles');
    for (const group of rule.apiGroups ?? []) {
      for (const resource of rule.resources ?? []) {
        for (const verb of rule.verbs) out.add(`${group}|${resource}|${verb}`);
      }
    }
  }
  return [...out].sort();
}

const expandData = (rules: RuleData[]) => expandRules(rules.map(([apiGroups, resources, verbs]) => ({ apiGroups, resources, verbs })));

function configData(objects: any[]): Record<string, any> {
  const cm = find(objects, 'ConfigMap', 'inferenceservice-config');
  return Object.fromEntries(Object.entries(cm.data as Record<string, string>).map(([k, v]) => [k, JSON.parse(v)]));
}

/** `name:version:auto|no:priority` for each supported format, as in RuntimeData. */
function formatSummary(csr: any): string {
  return csr.spec.supportedModelFormats
    .map((f: any) => `${f.name}:${f.version ?? ''}:${f.autoSelect ? 'auto' : 'no'}:${f.priority ?? ''}`).join(' ');
}

/** An app with the install and an InferenceService in a `models` chart (namespace `ml`); returns synth's errors. */
function serviceErrors(version: KServeVersion, model: Model, options: {
  install?: KServeInstallProps;
  serviceVersion?: KServeVersion;
  extra?: (models: Chart, app: App) => void;
} = {}): string[] {
  const app = Testing.app();
  const kserve = new KServeInstall(app, 'kserve', { version, ...options.install });
  const models = new Chart(app, 'models', { namespace: 'ml' });
  models.addDependency(kserve.runtimes);
  new InferenceService(models, 'isvc', { version: options.serviceVersion ?? version, predictor: { model } });
  options.extra?.(models, app);
  return synthErrors(app);
}

// ---------------------------------------------------------------------------
// Tests
// ---------------------------------------------------------------------------

describe.each(FACTS)('KServeInstall $tag', (facts) => {
  const { version, tag } = facts;

  describe('default install', () => {
    const synthesized = sharedInstall({ version });

    test('synthesizes three charts that match the snapshots, validate against the schemas and hold no null', () => {
      const { kserve, crds, controlPlane, runtimes, all } = synthesized();
      expect(kserve.version).toBe(version);
      expect(kserve.namespace).toBe('kserve');
      expect(kserve.webhookServiceHost).toBe('kserve-webhook-server-service.kserve.svc');
      expect(crds).toMatchSnapshot('crds');
      expect(controlPlane).toMatchSnapshot('controlPlane');
      expect(runtimes).toMatchSnapshot('runtimes');
      expectValidObjects(crds, { kserveVersion: facts.schema });
      expectValidObjects(controlPlane, { kserveVersion: facts.schema });
      expectValidObjects(runtimes, { kserveVersion: facts.schema });
      expect(collectNulls(all)).toEqual([]);
    });

    test('every runtime that must run as non-root can: its image defines a numeric user, or the runtime sets runAsUser', () => {
      // Images whose Dockerfile sets a numeric USER (python/*.Dockerfile at both tags; MLServer's image runs as 1000).
      // tensorflow/serving, torchserve-kfs and tritonserver define none: without runAsUser, runAsNonRoot refuses to start them.
      const imageUser = /^(kserve\/(sklearn|xgb|lgb|pmml|paddle|huggingface|autogluon|predictive)server|docker\.io\/seldonio\/mlserver):/;
      const { runtimes } = synthesized();
      for (const runtime of ofKind(runtimes, 'ClusterServingRuntime')) {
        const [container] = runtime.spec.containers;
        expect(container.securityContext.runAsNonRoot).toBe(true);
        const runsAsUser = imageUser.test(container.image) || container.securityContext.runAsUser === 1000;
        expect([runtime.metadata.name, runsAsUser]).toEqual([runtime.metadata.name, true]);
      }
    });

    test('the charts are applied in order: crds, control plane, runtimes', () => {
      const { kserve } = synthesized();
      expect(kserve.controlPlane.node.dependencies).toContain(kserve.crds);
      expect(kserve.runtimes.node.dependencies).toContain(kserve.controlPlane);
    });

    test('the control plane holds the core controller objects of the official install, and nothing else', () => {
      const { controlPlane } = synthesized();
      expect(controlPlane.map(o => `${o.kind}/${o.metadata.name}`).sort()).toEqual([
        'Certificate/serving-cert',
        'ClusterRole/kserve-manager-role',
        'ClusterRole/kserve-proxy-role',
        'ClusterRoleBinding/kserve-manager-rolebinding',
        'ClusterRoleBinding/kserve-proxy-rolebinding',
        'ConfigMap/inferenceservice-config',
        'Deployment/kserve-controller-manager',
        'Issuer/selfsigned-issuer',
        'MutatingWebhookConfiguration/inferenceservice.serving.kserve.io',
        'Namespace/kserve',
        'Role/kserve-leader-election-role',
        'RoleBinding/kserve-leader-election-rolebinding',
        'Service/kserve-controller-manager-metrics-service',
        'Service/kserve-controller-manager-service',
        'Service/kserve-webhook-server-service',
        'ServiceAccount/kserve-controller-manager',
        'ValidatingWebhookConfiguration/clusterservingruntime.serving.kserve.io',
        'ValidatingWebhookConfiguration/inferencegraph.serving.kserve.io',
        'ValidatingWebhookConfiguration/inferenceservice.serving.kserve.io',
        'ValidatingWebhookConfiguration/servingruntime.serving.kserve.io',
        'ValidatingWebhookConfiguration/trainedmodel.serving.kserve.io',
      ]);
      // The v0.20 llmisvc and localmodel controllers are not part of the core install.
      expect(controlPlane.filter(o => /llmisvc|localmodel/.test(o.metadata.name))).toEqual([]);
    });

    test('namespace, service account and bindings', () => {
      const { controlPlane } = synthesized();
      const ns = find(controlPlane, 'Namespace', 'kserve');
      // The pod mutator skips namespaces labelled control-plane, so KServe's own pods are never mutated.
      expect(ns.metadata.labels).toMatchObject(CONTROL_PLANE_LABEL);
      if (tag === 'v0.13.1') expect(ns.metadata.labels['istio-injection']).toBe('disabled');
      for (const o of controlPlane.filter(x => !CLUSTER_SCOPED.has(x.kind))) {
        expect(`${o.kind}/${o.metadata.name}: ${o.metadata.namespace}`).toBe(`${o.kind}/${o.metadata.name}: kserve`);
      }
      find(controlPlane, 'ServiceAccount', 'kserve-controller-manager');
      const subjects = [{ kind: 'ServiceAccount', name: 'kserve-controller-manager', namespace: 'kserve' }];
      const rbac = 'rbac.authorization.k8s.io';
      expect(find(controlPlane, 'ClusterRoleBinding', 'kserve-manager-rolebinding')).toMatchObject({
        roleRef: { apiGroup: rbac, kind: 'ClusterRole', name: 'kserve-manager-role' }, subjects,
      });
      expect(find(controlPlane, 'ClusterRoleBinding', 'kserve-proxy-rolebinding')).toMatchObject({
        roleRef: { apiGroup: rbac, kind: 'ClusterRole', name: 'kserve-proxy-role' }, subjects,
      });
      expect(find(controlPlane, 'RoleBinding', 'kserve-leader-election-rolebinding')).toMatchObject({
        roleRef: { apiGroup: rbac, kind: 'Role', name: 'kserve-leader-election-role' }, subjects,
      });
    });

    test('services', () => {
      const { controlPlane } = synthesized();
      const selector = { 'control-plane': 'kserve-controller-manager', 'controller-tools.k8s.io': '1.0' };
      const metrics = find(controlPlane, 'Service', 'kserve-controller-manager-metrics-service');
      expect(metrics.metadata.annotations).toEqual({ 'prometheus.io/port': '8443', 'prometheus.io/scheme': 'https', 'prometheus.io/scrape': 'true' });
      expect(metrics.spec).toEqual({ selector, ports: [{ name: 'https', port: 8443, targetPort: 'https' }] });
      expect(find(controlPlane, 'Service', 'kserve-controller-manager-service').spec)
        .toEqual({ selector, ports: [{ port: 8443, targetPort: 'https', protocol: 'TCP' }] });
      expect(find(controlPlane, 'Service', 'kserve-webhook-server-service').spec)
        .toEqual({ selector: CONTROL_PLANE_LABEL, ports: [{ port: 443, targetPort: 'webhook-server' }] });
    });

    test('the controller Deployment', () => {
      const { controlPlane } = synthesized();
      const deployment = find(controlPlane, 'Deployment', 'kserve-controller-manager');
      const pod = deployment.spec.template.spec;
      // The webhook Service selects the controller pods.
      expect(deployment.spec.template.metadata.labels).toMatchObject(CONTROL_PLANE_LABEL);
      expect(deployment.spec.selector.matchLabels).toEqual({ 'control-plane': 'kserve-controller-manager', 'controller-tools.k8s.io': '1.0' });
      expect(deployment.spec.template.metadata.annotations).toEqual({ 'kubectl.kubernetes.io/default-container': 'manager' });
      expect(pod.serviceAccountName).toBe('kserve-controller-manager');
      expect(pod.terminationGracePeriodSeconds).toBe(10);
      expect(pod.securityContext).toEqual(facts.podSecurityContext);
      expect(pod.volumes).toEqual([{ name: 'cert', secret: { secretName: 'kserve-webhook-server-cert', defaultMode: 420 } }]);
      expect(pod.containers.map((c: any) => c.name)).toEqual(['manager', 'kube-rbac-proxy']);
      const [manager, proxy] = pod.containers;
      expect(manager.image).toBe(`kserve/kserve-controller:${tag}`);
      expect(manager.command).toEqual(['/manager']);
      expect(manager.args).toEqual(['--metrics-addr=127.0.0.1:8080', '--leader-elect']);
      expect(manager.ports).toEqual([{ name: 'webhook-server', containerPort: 9443, protocol: 'TCP' }]);
      expect(manager.env).toEqual([
        { name: 'POD_NAMESPACE', valueFrom: { fieldRef: { fieldPath: 'metadata.namespace' } } },
        { name: 'SECRET_NAME', value: 'kserve-webhook-server-cert' },
      ]);
      expect(manager.volumeMounts).toEqual([{ name: 'cert', mountPath: '/tmp/k8s-webhook-server/serving-certs', readOnly: true }]);
      expect(manager.resources).toEqual({ requests: { cpu: '100m', memory: '200Mi' }, limits: { cpu: '100m', memory: '300Mi' } });
      expect(manager.livenessProbe).toEqual({
        httpGet: { path: '/healthz', port: 8081 }, initialDelaySeconds: facts.probeDelay, timeoutSeconds: 5, failureThreshold: 5,
      });
      expect(manager.readinessProbe).toEqual({
        httpGet: { path: '/readyz', port: 8081 },
        initialDelaySeconds: facts.probeDelay,
        periodSeconds: 5,
        timeoutSeconds: 5,
        failureThreshold: facts.readinessFailureThreshold,
      });
      expect(manager.securityContext).toEqual(HARDENED);
      expect(proxy.image).toBe(facts.rbacProxyImage);
      expect(proxy.args).toEqual(['--secure-listen-address=0.0.0.0:8443', '--upstream=http://127.0.0.1:8080/', '--logtostderr=true', '--v=10']);
      expect(proxy.ports).toEqual([{ name: 'https', containerPort: 8443, protocol: 'TCP' }]);
      expect(proxy.securityContext).toEqual(HARDENED);
    });

    test('cert-manager Issuer and Certificate', () => {
      const { controlPlane } = synthesized();
      expect(find(controlPlane, 'Issuer', 'selfsigned-issuer').spec).toEqual({ selfSigned: {} });
      expect(find(controlPlane, 'Certificate', 'serving-cert').spec).toEqual({
        commonName: 'kserve-webhook-server-service.kserve.svc',
        dnsNames: ['kserve-webhook-server-service.kserve.svc'],
        issuerRef: { kind: 'Issuer', name: 'selfsigned-issuer' },
        secretName: 'kserve-webhook-server-cert',
      });
    });

    test('webhook configurations: names, paths, rules, selectors and policies', () => {
      const { controlPlane } = synthesized();
      const configs = [...ofKind(controlPlane, 'MutatingWebhookConfiguration'), ...ofKind(controlPlane, 'ValidatingWebhookConfiguration')];
      expect(configs).toHaveLength(6);
      const webhooks = configs.flatMap(c => c.webhooks.map((w: any) => ({ config: c, webhook: w })));
      expect(webhooks.map(({ config, webhook }) => [config.kind, config.metadata.name, webhook.name, webhook.clientConfig.service.path]))
        .toEqual(WEBHOOKS);
      for (const { config, webhook } of webhooks) {
        expect(config.metadata.annotations).toEqual({ 'cert-manager.io/inject-ca-from': 'kserve/serving-cert' });
        expect(webhook.failurePolicy).toBe('Fail');
        expect(webhook.sideEffects).toBe('None');
        expect(webhook.admissionReviewVersions).toEqual(['v1beta1']);
        expect(webhook.clientConfig).toEqual({ service: { name: 'kserve-webhook-server-service', namespace: 'kserve', path: webhook.clientConfig.service.path } });
      }
      const mutating = find(controlPlane, 'MutatingWebhookConfiguration', 'inferenceservice.serving.kserve.io');
      const [defaulter, podMutator] = mutating.webhooks;
      expect(defaulter.rules).toEqual([
        { apiGroups: ['serving.kserve.io'], apiVersions: ['v1beta1'], operations: ['CREATE', 'UPDATE'], resources: ['inferenceservices'] },
      ]);
      expect(defaulter.reinvocationPolicy).toBeUndefined();
      expect(podMutator.rules).toEqual([{ apiGroups: [''], apiVersions: ['v1'], operations: ['CREATE'], resources: ['pods'] }]);
      expect(podMutator.reinvocationPolicy).toBe('IfNeeded');
      expect(podMutator.namespaceSelector).toEqual({ matchExpressions: [{ key: 'control-plane', operator: 'DoesNotExist' }] });
      expect(podMutator.objectSelector).toEqual({ matchExpressions: [{ key: 'serving.kserve.io/inferenceservice', operator: 'Exists' }] });
      const resources: Record<string, [string, string]> = {
        'inferenceservice.kserve-webhook-server.validator': ['v1beta1', 'inferenceservices'],
        'trainedmodel.kserve-webhook-server.validator': ['v1alpha1', 'trainedmodels'],
        'inferencegraph.kserve-webhook-server.validator': ['v1alpha1', 'inferencegraphs'],
        'clusterservingruntime.kserve-webhook-server.validator': ['v1alpha1', 'clusterservingruntimes'],
        'servingruntime.kserve-webhook-server.validator': ['v1alpha1', 'servingruntimes'],
      };
      for (const config of ofKind(controlPlane, 'ValidatingWebhookConfiguration')) {
        const [webhook] = config.webhooks;
        const [apiVersion, resource] = resources[webhook.name];
        expect(webhook.rules).toEqual([
          { apiGroups: ['serving.kserve.io'], apiVersions: [apiVersion], operations: ['CREATE', 'UPDATE'], resources: [resource] },
        ]);
      }
    });

    test('RBAC grants exactly what the upstream roles grant', () => {
      const { controlPlane } = synthesized();
      const manager = expandRules(find(controlPlane, 'ClusterRole', 'kserve-manager-role').rules);
      expect(manager).toEqual(expandData(facts.managerRules));
      expect(expandRules(find(controlPlane, 'ClusterRole', 'kserve-proxy-role').rules)).toEqual(expandData(PROXY_RULES));
      expect(expandRules(find(controlPlane, 'Role', 'kserve-leader-election-role').rules)).toEqual(expandData(LEADER_ELECTION_RULES));
      // No wildcard anywhere.
      const all = ['kserve-manager-role', 'kserve-proxy-role'].flatMap(n => expandRules(find(controlPlane, 'ClusterRole', n).rules));
      expect(all.filter(g => g.split('|').includes('*'))).toEqual([]);
    });

    test('inferenceservice-config: every key is JSON as KServe parses it, with the release defaults', () => {
      const { controlPlane } = synthesized();
      const cm = find(controlPlane, 'ConfigMap', 'inferenceservice-config');
      expect(Object.keys(cm.data).sort()).toEqual([...facts.configKeys].sort());
      for (const [key, value] of Object.entries(cm.data as Record<string, string>)) {
        expect(`${key}: ${JSON.stringify(JSON.parse(value), undefined, 2)}`).toBe(`${key}: ${value}`);
      }
      const data = configData(controlPlane);
      // Two deliberate differences from the release: the ART explainer is pinned to the release instead
      // of 'latest', and the deployment mode is written with the version's own name.
      const expected = upstreamConfig(tag, tag === 'v0.20.0');
      expected.explainers = { art: { image: 'kserve/art-explainer', defaultImageVersion: tag } };
      expected.deploy = { defaultDeploymentMode: facts.knativeMode };
      expect(data).toEqual(expected);
      for (const key of ['agent', 'batcher', 'logger']) expect(data[key].image).toBe(`kserve/agent:${tag}`);
      expect(data.router.image).toBe(`kserve/router:${tag}`);
      expect(data.storageInitializer.image).toBe(`kserve/storage-initializer:${tag}`);
      if (tag === 'v0.13.1') {
        expect(data.ingress.ingressService).toBe('istio-ingressgateway.istio-system.svc.cluster.local');
        expect(data.storageInitializer.enableDirectPvcVolumeMount).toBe(true);
        expect(data.ingress).not.toHaveProperty('enableGatewayApi');
        expect(data.storageInitializer).not.toHaveProperty('uidModelcar');
      } else {
        expect(data.ingress.enableGatewayApi).toBe(false);
        expect(data.storageInitializer.uidModelcar).toBe(1010);
        expect(data.localModel.defaultJobImage).toBe(`kserve/storage-initializer:${tag}`);
        expect(data.ingress).not.toHaveProperty('ingressService');
        expect(data.storageInitializer).not.toHaveProperty('enableDirectPvcVolumeMount');
      }
    });

    test('no image anywhere in the install uses the latest tag', () => {
      const { all, controlPlane } = synthesized();
      const strings = [...collectStrings(all), ...collectStrings(configData(controlPlane))];
      expect(strings.filter(s => /:latest$/.test(s) || s === 'latest')).toEqual([]);
      expect(configData(controlPlane).explainers.art.defaultImageVersion).toBe(tag);
      // Every image is pinned to a tag.
      const containersOf = (o: any): any[] =>
        [...(o.spec?.containers ?? []), ...(o.spec?.template?.spec?.containers ?? []), ...(o.spec?.container ? [o.spec.container] : [])];
      const images = all.flatMap(containersOf).map((c: any) => c.image as string);
      expect(images.length).toBeGreaterThan(10);
      for (const image of images) expect(image).toMatch(/:[\w][\w.-]*$/);
    });

    test('minimal CRDs: names, scope, short names, status subresource and a preserve-unknown schema', () => {
      const { crds } = synthesized();
      expect(crds).toHaveLength(facts.crds.length);
      expect(crds.map(c => c.metadata.name).sort()).toEqual(facts.crds.map(([plural]) => `${plural}.serving.kserve.io`).sort());
      for (const [plural, kind, served, scope, shortNames, status] of facts.crds) {
        const crd = find(crds, 'CustomResourceDefinition', `${plural}.serving.kserve.io`);
        expect(crd.apiVersion).toBe('apiextensions.k8s.io/v1');
        expect(crd.spec.group).toBe('serving.kserve.io');
        expect(crd.spec.scope).toBe(scope);
        expect(crd.spec.names).toMatchObject({ kind, plural, singular: kind.toLowerCase(), listKind: `${kind}List` });
        expect(crd.spec.names.shortNames ?? []).toEqual(shortNames);
        expect(crd.spec.versions).toHaveLength(1);
        const [v] = crd.spec.versions;
        expect(v).toMatchObject({ name: served, served: true, storage: true });
        expect(v.schema).toEqual({ openAPIV3Schema: { 'type': 'object', 'x-kubernetes-preserve-unknown-fields': true } });
        expect(`${plural} status: ${v.subresources?.status !== undefined}`).toBe(`${plural} status: ${status}`);
      }
    });

    test('standard ClusterServingRuntimes match the release', () => {
      const { runtimes, kserve } = synthesized();
      const csrs = ofKind(runtimes, 'ClusterServingRuntime');
      expect(csrs.map(r => r.metadata.name).sort()).toEqual(facts.runtimes.map(([name]) => name));
      expect(kserve.clusterServingRuntimes.map(r => r.name).sort()).toEqual(facts.runtimes.map(([name]) => name));
      expect(csrs.map(r => r.metadata.name)).not.toContain('kserve-huggingfaceserver-multinode');
      expect(csrs.map(r => r.metadata.name)).not.toContain('kserve-vllmserver');
      for (const [name, image, formats, protocols, metricsPort] of facts.runtimes) {
        const csr = find(runtimes, 'ClusterServingRuntime', name);
        expect([name, csr.spec.containers[0].image, formatSummary(csr), csr.spec.protocolVersions.join(','), csr.spec.annotations['prometheus.kserve.io/port']])
          .toEqual([name, image, formats, protocols, metricsPort]);
        expect(csr.spec.annotations['prometheus.kserve.io/path']).toBe('/metrics');
        expect(csr.spec.containers[0].name).toBe('kserve-container');
        expect(csr.spec.containers[0].resources).toEqual({ requests: { cpu: '1', memory: '2Gi' }, limits: { cpu: '1', memory: '2Gi' } });
        if (tag === 'v0.20.0') {
          expect(csr.metadata.annotations?.['serving.kserve.io/server-type']).toBe(name.replace(/^kserve-/, ''));
        } else {
          expect(csr.metadata.annotations).toBeUndefined();
        }
      }
      const args = (name: string) => find(runtimes, 'ClusterServingRuntime', name).spec.containers[0].args;
      expect(args('kserve-sklearnserver')).toEqual(['--model_name={{.Name}}', '--model_dir=/mnt/models', '--http_port=8080']);
      expect(args('kserve-xgbserver')).toEqual(['--model_name={{.Name}}', '--model_dir=/mnt/models', '--http_port=8080', '--nthread=1']);
      expect(args('kserve-tensorflow-serving')[0]).toBe('--model_name={{.Name}}');
      const mlserverEnv = find(runtimes, 'ClusterServingRuntime', 'kserve-mlserver').spec.containers[0].env.map((e: any) => e.name);
      expect(mlserverEnv.includes('MODELS_DIR')).toBe(tag === 'v0.13.1');
    });

    test('the default ClusterStorageContainer', () => {
      const { runtimes } = synthesized();
      const csc = find(runtimes, 'ClusterStorageContainer', 'default');
      expect(csc.metadata.namespace).toBeUndefined();
      expect(csc.spec.container).toMatchObject({
        name: 'storage-initializer',
        image: `kserve/storage-initializer:${tag}`,
        resources: { requests: { cpu: '100m', memory: '100Mi' }, limits: { cpu: '1', memory: '1Gi' } },
      });
      expect(csc.spec.supportedUriFormats).toEqual([
        ...facts.uriPrefixes.map(prefix => ({ prefix })),
        { regex: 'https://(.+?).blob.core.windows.net/(.+)' },
        { regex: 'https://(.+?).file.core.windows.net/(.+)' },
        { regex: 'https?://(.+)/(.+)' },
      ]);
      if (tag === 'v0.20.0') {
        expect(csc.spec.workloadType).toBe('initContainer');
        expect(csc.spec.supportsMultiModelDownload).toBe(true);
        expect(csc.spec.container.imagePullPolicy).toBe('IfNotPresent');
      } else {
        expect(csc.spec).not.toHaveProperty('workloadType');
        expect(csc.spec).not.toHaveProperty('supportsMultiModelDownload');
      }
    });

    test('no Argo CD sync waves unless asked for', () => {
      const { all } = synthesized();
      expect(all.filter(o => o.metadata.annotations?.[SYNC_WAVE] !== undefined)).toEqual([]);
    });
  });

  test('namespace override: every namespaced object, the certificate, CA injection, webhook clients and subjects follow', () => {
    const { kserve, controlPlane, runtimes } = install({ version, namespace: 'ml-serving' });
    expect(kserve.namespace).toBe('ml-serving');
    expect(kserve.webhookServiceHost).toBe('kserve-webhook-server-service.ml-serving.svc');
    find(controlPlane, 'Namespace', 'ml-serving');
    expect(ofKind(controlPlane, 'Namespace')).toHaveLength(1);
    for (const o of controlPlane.filter(x => !CLUSTER_SCOPED.has(x.kind))) {
      expect(`${o.kind}/${o.metadata.name}: ${o.metadata.namespace}`).toBe(`${o.kind}/${o.metadata.name}: ml-serving`);
    }
    expect(runtimes.filter(o => o.metadata.namespace !== undefined)).toEqual([]);
    const cert = find(controlPlane, 'Certificate', 'serving-cert');
    expect(cert.spec.dnsNames).toEqual(['kserve-webhook-server-service.ml-serving.svc']);
    expect(cert.spec.commonName).toBe('kserve-webhook-server-service.ml-serving.svc');
    // X.509 allows 64 characters of commonName: a longer host is named by dnsNames only.
    const longNamespace = 'n'.repeat(31);
    const long = find(install({ version, namespace: longNamespace }).controlPlane, 'Certificate', 'serving-cert');
    expect(long.spec.commonName).toBeUndefined();
    expect(long.spec.dnsNames).toEqual([`kserve-webhook-server-service.${longNamespace}.svc`]);
    const configs = [...ofKind(controlPlane, 'MutatingWebhookConfiguration'), ...ofKind(controlPlane, 'ValidatingWebhookConfiguration')];
    expect(configs).toHaveLength(6);
    for (const config of configs) {
      expect(config.metadata.annotations['cert-manager.io/inject-ca-from']).toBe('ml-serving/serving-cert');
      for (const webhook of config.webhooks) expect(webhook.clientConfig.service.namespace).toBe('ml-serving');
    }
    for (const binding of [...ofKind(controlPlane, 'ClusterRoleBinding'), ...ofKind(controlPlane, 'RoleBinding')]) {
      expect(binding.subjects).toEqual([{ kind: 'ServiceAccount', name: 'kserve-controller-manager', namespace: 'ml-serving' }]);
    }
    expect(JSON.stringify(controlPlane)).not.toMatch(/kserve-webhook-server-service\.kserve\.svc|"kserve\/serving-cert"/);
    expectValidObjects(controlPlane, { kserveVersion: facts.schema });
  });

  test('WebhookCertificates.certManagerIssuer: no Issuer, the Certificate uses the ClusterIssuer', () => {
    const { controlPlane } = install({ version, webhookCertificates: WebhookCertificates.certManagerIssuer('corp-ca', true) });
    expect(ofKind(controlPlane, 'Issuer')).toEqual([]);
    const cert = find(controlPlane, 'Certificate', 'serving-cert');
    expect(cert.spec.issuerRef).toEqual({ kind: 'ClusterIssuer', name: 'corp-ca' });
    expect(cert.spec.secretName).toBe('kserve-webhook-server-cert');
    for (const config of [...ofKind(controlPlane, 'MutatingWebhookConfiguration'), ...ofKind(controlPlane, 'ValidatingWebhookConfiguration')]) {
      expect(config.metadata.annotations['cert-manager.io/inject-ca-from']).toBe('kserve/serving-cert');
    }
    const namespacedIssuer = install({ version, webhookCertificates: WebhookCertificates.certManagerIssuer('team-ca') });
    expect(ofKind(namespacedIssuer.controlPlane, 'Issuer')).toEqual([]);
    expect(find(namespacedIssuer.controlPlane, 'Certificate', 'serving-cert').spec.issuerRef).toEqual({ kind: 'Issuer', name: 'team-ca' });
    expectValidObjects(controlPlane, { kserveVersion: facts.schema });
  });

  test('WebhookCertificates.fromCaBundle: no cert-manager objects, the CA bundle on every webhook', () => {
    const { controlPlane } = install({ version, webhookCertificates: WebhookCertificates.fromCaBundle(CA_BUNDLE) });
    expect(ofKind(controlPlane, 'Issuer')).toEqual([]);
    expect(ofKind(controlPlane, 'Certificate')).toEqual([]);
    const configs = [...ofKind(controlPlane, 'MutatingWebhookConfiguration'), ...ofKind(controlPlane, 'ValidatingWebhookConfiguration')];
    expect(configs.flatMap(c => c.webhooks)).toHaveLength(7);
    for (const config of configs) {
      expect(config.metadata.annotations?.['cert-manager.io/inject-ca-from']).toBeUndefined();
      for (const webhook of config.webhooks) expect(webhook.clientConfig.caBundle).toBe(CA_BUNDLE);
    }
    // The controller still mounts the Secret the user provides.
    const pod = find(controlPlane, 'Deployment', 'kserve-controller-manager').spec.template.spec;
    expect(pod.volumes[0].secret.secretName).toBe('kserve-webhook-server-cert');
    expectValidObjects(controlPlane, { kserveVersion: facts.schema });
  });

  test('typed config options land where KServe reads them', () => {
    const v20 = tag === 'v0.20.0';
    const { controlPlane } = install({
      version,
      config: {
        defaultDeploymentMode: DeploymentMode.STANDARD,
        ingress: {
          domain: 'models.example.com',
          urlScheme: 'https',
          domainTemplate: '{{ .Name }}.{{ .IngressDomain }}',
          ingressGateway: 'istio-system/models-gateway',
          ingressClassName: 'nginx',
          disableIngressCreation: true,
          ...(v20 ? { enableGatewayApi: true } : {}),
        },
        storageInitializerResources: {
          cpuRequest: Cpu.millis(200), cpuLimit: Cpu.units(2), memoryRequest: Size.mebibytes(256), memoryLimit: Size.gibibytes(2),
        },
        storageCaBundleConfigMap: 'corp-ca-bundle',
        enableModelcar: !v20,
        loggerDefaultUrl: 'http://broker-ingress.knative-eventing.svc/models/default',
        s3: { endpoint: 'minio.minio.svc:9000', useHttps: false, region: 'eu-west-1', verifySsl: true },
        metricAggregation: true,
        prometheusScraping: true,
      },
    });
    const data = configData(controlPlane);
    expect(data.deploy).toEqual({ defaultDeploymentMode: facts.standardMode });
    expect(data.ingress).toMatchObject({
      ingressDomain: 'models.example.com',
      urlScheme: 'https',
      domainTemplate: '{{ .Name }}.{{ .IngressDomain }}',
      ingressGateway: 'istio-system/models-gateway',
      ingressClassName: 'nginx',
      disableIngressCreation: true,
    });
    if (v20) expect(data.ingress.enableGatewayApi).toBe(true);
    expect(data.storageInitializer).toMatchObject({
      cpuRequest: '200m', cpuLimit: '2', memoryRequest: '256Mi', memoryLimit: '2Gi', caBundleConfigMapName: 'corp-ca-bundle', enableModelcar: !v20,
    });
    // Only the storage initializer changes.
    expect(data.agent).toMatchObject({ cpuRequest: '100m', cpuLimit: '1', memoryRequest: '100Mi', memoryLimit: '1Gi' });
    expect(data.logger.defaultUrl).toBe('http://broker-ingress.knative-eventing.svc/models/default');
    expect(data.credentials.s3).toMatchObject({ s3Endpoint: 'minio.minio.svc:9000', s3UseHttps: '0', s3Region: 'eu-west-1', s3VerifySSL: '1' });
    expect(data.metricsAggregator).toEqual({ enableMetricAggregation: 'true', enablePrometheusScraping: 'true' });

    const https = install({ version, config: { s3: { endpoint: 's3.internal:443', useHttps: true, verifySsl: false } } });
    expect(configData(https.controlPlane).credentials.s3).toMatchObject({ s3Endpoint: 's3.internal:443', s3UseHttps: '1', s3VerifySSL: '0' });
    const knative = install({ version, config: { defaultDeploymentMode: DeploymentMode.KNATIVE } });
    expect(configData(knative.controlPlane).deploy).toEqual({ defaultDeploymentMode: facts.knativeMode });
    expectValidObjects(controlPlane, { kserveVersion: facts.schema });
  });

  test('controller image repository and resources can be changed; the tag stays the release', () => {
    const { controlPlane } = install({
      version,
      controllerImage: 'registry.example.com/mirror/kserve-controller',
      controllerResources: {
        cpu: { request: Cpu.millis(200), limit: Cpu.units(1) },
        memory: { request: Size.mebibytes(256), limit: Size.mebibytes(512) },
      },
    });
    const [manager] = find(controlPlane, 'Deployment', 'kserve-controller-manager').spec.template.spec.containers;
    expect(manager.image).toBe(`registry.example.com/mirror/kserve-controller:${tag}`);
    expect(manager.resources).toEqual({ requests: { cpu: '200m', memory: '256Mi' }, limits: { cpu: '1', memory: '512Mi' } });
  });

  describe('CRD sources', () => {
    test('CrdSource.fromFile with a missing file, a directory or an empty file fails synth naming the install and crds', () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kserve-crds-'));
      try {
        const missing = path.join(dir, 'missing.yaml');
        const empty = path.join(dir, 'empty.yaml');
        fs.writeFileSync(empty, '# nothing here\n---\n');
        // No exception at construction: the error is collected with the others.
        const errors = installErrors({ version, crds: CrdSource.fromFile(missing), namespace: 'Bad_Namespace' });
        expectError(errors, 'kserve', `crds: CrdSource.fromFile('${missing}'): no such file (relative paths resolve against '${process.cwd()}')`);
        expectError(errors, 'kserve', "namespace 'Bad_Namespace'");
        expectError(installErrors({ version, crds: CrdSource.fromFile(dir) }), 'kserve', `crds: CrdSource.fromFile('${dir}') is not a file`);
        expectError(installErrors({ version, crds: CrdSource.fromFile(empty) }), 'kserve', `crds: CrdSource.fromFile('${empty}') holds no Kubernetes objects`);
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    });

    test('CrdSource.fromFile follows a symlink to the manifest (cdk8s alone would read nothing)', () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kserve-crds-'));
      try {
        const crd = { apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', metadata: { name: 'widgets.example.com' } };
        fs.writeFileSync(path.join(dir, 'crds.yaml'), JSON.stringify(crd));
        fs.symlinkSync(path.join(dir, 'crds.yaml'), path.join(dir, 'link.yaml'));
        expect(install({ version, crds: CrdSource.fromFile(path.join(dir, 'link.yaml')) }).crds).toEqual([crd]);
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    });

    test('CrdSource.none() emits an empty CRD chart', () => {
      const source = CrdSource.none();
      expect(source.kind).toBe('none');
      const { crds, runtimes } = install({ version, crds: source });
      expect(crds).toEqual([]);
      expect(ofKind(runtimes, 'ClusterServingRuntime').length).toBe(facts.runtimes.length);
    });

    test('CrdSource.minimal() is the default', () => {
      expect(CrdSource.minimal().kind).toBe('minimal');
      expect(install({ version, crds: CrdSource.minimal() }).crds).toEqual(install({ version }).crds);
    });

    test('CrdSource.fromFile(path) emits the file unchanged', () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kserve-crds-'));
      const file = path.join(dir, 'crds.yaml');
      const crd = {
        apiVersion: 'apiextensions.k8s.io/v1',
        kind: 'CustomResourceDefinition',
        metadata: { name: 'widgets.example.com', annotations: { 'example.com/origin': 'test-fixture' } },
        spec: {
          group: 'example.com',
          names: { kind: 'Widget', plural: 'widgets', singular: 'widget', listKind: 'WidgetList' },
          scope: 'Namespaced',
          versions: [{
            name: 'v1',
            served: true,
            storage: true,
            schema: { openAPIV3Schema: { type: 'object', properties: { spec: { 'type': 'object', 'x-kubernetes-preserve-unknown-fields': true } } } },
          }],
        },
      };
      fs.writeFileSync(file, `# the release CRDs\n---\n${JSON.stringify(crd, undefined, 2)}\n`);
      try {
        const source = CrdSource.fromFile(file);
        expect(source.kind).toBe('file');
        const { crds } = install({ version, crds: source });
        expect(crds).toEqual([crd]);
        expectValidObjects(crds, { kserveVersion: facts.schema });
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    });
  });

  describe('runtime selection', () => {
    test('excludeRuntimes removes a standard runtime; an unknown name is rejected', () => {
      const { runtimes, kserve } = install({ version, excludeRuntimes: ['kserve-paddleserver'] });
      const names = ofKind(runtimes, 'ClusterServingRuntime').map(r => r.metadata.name);
      expect(names).not.toContain('kserve-paddleserver');
      expect(names).toHaveLength(facts.runtimes.length - 1);
      expect(kserve.clusterServingRuntimes.map(r => r.name)).not.toContain('kserve-paddleserver');
      expectError(installErrors({ version, excludeRuntimes: ['kserve-vllmserver'] }), 'kserve',
        `excludeRuntimes: 'kserve-vllmserver' is not a standard runtime of ${tag}`);
    });

    test('standardRuntimes: false installs only the storage container', () => {
      const { runtimes } = install({ version, standardRuntimes: false });
      expect(runtimes.map(o => `${o.kind}/${o.metadata.name}`)).toEqual(['ClusterStorageContainer/default']);
    });

    test('addRuntime adds a custom ClusterServingRuntime to the runtimes chart', () => {
      const app = Testing.app();
      const kserve = new KServeInstall(app, 'kserve', { version });
      const runtime = kserve.addRuntime('custom-runtime', {
        supportedModelFormats: [{ name: 'custom', version: '1', autoSelect: true, priority: 1 }],
        container: { image: 'registry.example.com/custom-server:1.0.0' },
      });
      expect(synthErrors(app)).toEqual([]);
      expect(runtime.name).toBe('custom-runtime');
      expect(kserve.clusterServingRuntimes).toContain(runtime);
      const csr = find(Testing.synth(kserve.runtimes), 'ClusterServingRuntime', 'custom-runtime');
      expect(csr.spec.containers[0].image).toBe('registry.example.com/custom-server:1.0.0');
      expectValidObjects(Testing.synth(kserve.runtimes), { kserveVersion: facts.schema });
    });

    test('addRuntime checks the runtime against the install\'s KServe version', () => {
      const app = Testing.app();
      const kserve = new KServeInstall(app, 'kserve', { version, standardRuntimes: false });
      const runtime = kserve.addRuntime('custom-runtime', { ...CUSTOM_RUNTIME, container: { ...CUSTOM_RUNTIME.container, env: { PYTHONPATH: '/opt/lib' } } });
      expect(runtime.version).toBe(version);
      const errors = synthErrors(app);
      if (version.isAtLeast(KServeVersion.V0_20)) {
        expectError(errors, 'kserve/runtimes/custom-runtime', `container.env: setting PYTHONPATH is not allowed by KServe ${tag}`);
      } else {
        expect(errors).toEqual([]);
      }
      for (const r of new KServeInstall(Testing.app(), 'kserve', { version }).clusterServingRuntimes) expect(r.version).toBe(version);
    });

    test('addRuntime rejects options carrying a version instead of overriding it silently', () => {
      const app = Testing.app();
      const kserve = new KServeInstall(app, 'kserve', { version, standardRuntimes: false });
      const other = KServeVersion.all().find(v => v !== version)!;
      const options: ServingRuntimeOptions & { version: KServeVersion } = { ...CUSTOM_RUNTIME, version: other };
      expect(kserve.addRuntime('custom-runtime', options).version).toBe(version);
      // The runtime type check (private/shape.ts): ServingRuntimeOptions has no version; the install's is used.
      expectError(synthErrors(app), 'kserve/runtimes/custom-runtime', 'kServeInstall.addRuntime(options).version: unknown property; not a prop of ServingRuntimeOptions');
    });

    test('addRuntime is validated with the standard runtimes (same priority for the same format)', () => {
      const app = Testing.app();
      const kserve = new KServeInstall(app, 'kserve', { version });
      kserve.addRuntime('my-sklearn', {
        supportedModelFormats: [{ name: 'sklearn', version: '1', autoSelect: true, priority: 1 }],
        container: { image: 'registry.example.com/sklearn:1.0.0' },
      });
      expectError(synthErrors(app), 'kserve/runtimes/my-sklearn', "Same priority assigned for the model format sklearn (priority 1) as ClusterServingRuntime 'kserve-sklearnserver'");
    });
  });

  describe('InferenceServices in the app are checked against the installed runtimes', () => {
    test('an sklearn model in another chart is accepted', () => {
      expect(serviceErrors(version, Model.sklearn(IRIS))).toEqual([]);
      expect(serviceErrors(version, Model.sklearn(IRIS, { protocolVersion: ProtocolVersion.V2 }))).toEqual([]);
    });

    test('a custom format without a runtime is rejected with "no runtime found", on the service', () => {
      const errors = serviceErrors(version, Model.fromFormat('custom', IRIS));
      expectError(errors, 'models/isvc', "spec.predictor.model: no runtime in the app auto-selects format 'custom' over v1", 'no runtime found');
      expect(errors.filter(e => e.startsWith('[kserve]'))).toEqual([]);
    });

    test('a named installed runtime that does not serve the format is rejected, on the service', () => {
      const errors = serviceErrors(version, Model.xgboost(IRIS, { runtime: 'kserve-sklearnserver' }));
      expectError(errors, 'models/isvc',
        "spec.predictor.model.runtime 'kserve-sklearnserver' is the ClusterServingRuntime 'kserve/runtimes/kserve-sklearnserver', which does not serve format 'xgboost'");
    });

    test('a named disabled runtime is rejected as disabled', () => {
      const errors = serviceErrors(version, Model.fromFormat('custom', IRIS, { runtime: 'off' }), {
        extra: models => new ServingRuntime(models, 'off', { ...CUSTOM_RUNTIME, version, disabled: true }),
      });
      expectError(errors, 'models/isvc', "spec.predictor.model.runtime 'off' is the ServingRuntime 'models/off', which is disabled");
    });

    test('a named multi-model runtime is accepted (components/predictor.go checks disabled, protocol and format only)', () => {
      const named = Model.fromFormat('custom', IRIS, { runtime: 'multi' });
      const multi = (models: Chart) => { new ServingRuntime(models, 'multi', { ...CUSTOM_RUNTIME, version, multiModel: true }); };
      expect(serviceErrors(version, named, { extra: multi })).toEqual([]);
      // Auto-selection still skips it (GetSupportingRuntimes: IsMultiModelRuntime() == false).
      expectError(serviceErrors(version, Model.fromFormat('custom', IRIS), { extra: multi }), 'models/isvc',
        "no runtime in the app auto-selects format 'custom'");
    });

    test('format names match exactly (predictor_model.go RuntimeSupportsModel): SKLearn finds no runtime', () => {
      expectError(serviceErrors(version, Model.fromFormat('SKLearn', IRIS)), 'models/isvc', "no runtime in the app auto-selects format 'SKLearn'");
      expectError(serviceErrors(version, Model.fromFormat('SKLearn', IRIS, { runtime: 'kserve-sklearnserver' })), 'models/isvc',
        "spec.predictor.model.runtime 'kserve-sklearnserver'", "does not serve format 'SKLearn'");
    });

    test('a named runtime resolves to the ServingRuntime of the service namespace before the ClusterServingRuntime (utils.go GetServingRuntime)', () => {
      // A ServingRuntime named like the standard sklearn runtime, serving only `custom`, shadows it in namespace ml.
      const shadow = (namespace?: string) => (models: Chart) => {
        new ServingRuntime(models, 'shadow', { ...CUSTOM_RUNTIME, name: 'kserve-sklearnserver', namespace, version });
      };
      const sklearn = Model.sklearn(IRIS, { runtime: 'kserve-sklearnserver' });
      expectError(serviceErrors(version, sklearn, { extra: shadow() }), 'models/isvc',
        "spec.predictor.model.runtime 'kserve-sklearnserver' is the ServingRuntime 'models/shadow' (KServe takes the ServingRuntime of the "
        + "service's namespace before the ClusterServingRuntime of that name), which does not serve format 'sklearn' over v1");
      // In another namespace it does not shadow: the ClusterServingRuntime serves the model.
      expect(serviceErrors(version, sklearn, { extra: shadow('other-team') })).toEqual([]);
      // The other way round: the ServingRuntime serves the format the ClusterServingRuntime of that name does not.
      expect(serviceErrors(version, Model.fromFormat('custom', IRIS, { runtime: 'kserve-sklearnserver' }), { extra: shadow() })).toEqual([]);
    });

    test('ClusterServingRuntimes outside the install count, in any chart', () => {
      const elsewhere = (options: Partial<ServingRuntimeOptions> = {}) => (_models: Chart, app: App) => {
        new ClusterServingRuntime(new Chart(app, 'platform-runtimes'), 'team-custom', { ...CUSTOM_RUNTIME, ...options, version });
      };
      expect(serviceErrors(version, Model.fromFormat('custom', IRIS), { extra: elsewhere() })).toEqual([]);
      expect(serviceErrors(version, Model.fromFormat('custom', IRIS, { runtime: 'team-custom' }), { extra: elsewhere() })).toEqual([]);
      expectError(serviceErrors(version, Model.fromFormat('other', IRIS, { runtime: 'team-custom' }), { extra: elsewhere() }), 'models/isvc',
        "spec.predictor.model.runtime 'team-custom' is the ClusterServingRuntime 'platform-runtimes/team-custom', which does not serve format 'other'");
      expectError(serviceErrors(version, Model.fromFormat('custom', IRIS), { extra: elsewhere({ disabled: true }) }), 'models/isvc',
        "no runtime in the app auto-selects format 'custom'");
    });

    test('each service is checked against the runtimes of its own namespace', () => {
      const app = Testing.app();
      const kserve = new KServeInstall(app, 'kserve', { version });
      const teamA = new Chart(app, 'team-a', { namespace: 'team-a' });
      const teamB = new Chart(app, 'team-b', { namespace: 'team-b' });
      teamA.addDependency(kserve.runtimes);
      teamB.addDependency(kserve.runtimes);
      new ServingRuntime(teamA, 'custom-runtime', { ...CUSTOM_RUNTIME, version });
      new InferenceService(teamA, 'isvc', { version, predictor: { model: Model.fromFormat('custom', IRIS) } });
      new InferenceService(teamB, 'isvc', { version, predictor: { model: Model.fromFormat('custom', IRIS) } });
      const errors = synthErrors(app);
      expectError(errors, 'team-b/isvc', "no runtime in the app auto-selects format 'custom'", "ServingRuntimes in namespace 'team-b'");
      expect(errors.filter(e => e.startsWith('[team-a/isvc]'))).toEqual([]);
      expect(errors).toHaveLength(1);
    });

    test('a named runtime the app does not install is accepted (it lives outside the app)', () => {
      expect(serviceErrors(version, Model.fromFormat('custom', IRIS, { runtime: 'team-custom-runtime' }))).toEqual([]);
    });

    test('excluding kserve-sklearnserver and kserve-mlserver leaves sklearn without a runtime', () => {
      const excluded = { excludeRuntimes: ['kserve-sklearnserver', 'kserve-mlserver'] };
      for (const protocolVersion of [ProtocolVersion.V1, ProtocolVersion.V2]) {
        const errors = serviceErrors(version, Model.sklearn(IRIS, { protocolVersion }), { install: excluded });
        expectError(errors, 'models/isvc', "no runtime in the app auto-selects format 'sklearn'");
      }
      // mlserver alone still serves sklearn over v2.
      const v2 = Model.sklearn(IRIS, { protocolVersion: ProtocolVersion.V2 });
      expect(serviceErrors(version, v2, { install: { excludeRuntimes: ['kserve-sklearnserver'] } })).toEqual([]);
    });

    test('an InferenceService targeting another KServe version than the install is rejected', () => {
      const other = KServeVersion.all().find(v => v !== version)!;
      const errors = serviceErrors(version, Model.sklearn(IRIS), { serviceVersion: other });
      expectError(errors, 'models/isvc', `version: the service targets KServe ${other.name} but the app installs only ${tag} (KServeInstall 'kserve')`);
    });

    test('a namespaced ServingRuntime auto-selecting the format in the service namespace is accepted', () => {
      const runtime = (namespace?: string) => (models: Chart) => {
        new ServingRuntime(models, 'custom-runtime', {
          namespace,
          supportedModelFormats: [{ name: 'custom', autoSelect: true, priority: 1 }],
          container: { image: 'registry.example.com/custom-server:1.0.0' },
        });
      };
      expect(serviceErrors(version, Model.fromFormat('custom', IRIS), { extra: runtime() })).toEqual([]);
      // The same runtime in another namespace does not serve the service.
      expectError(serviceErrors(version, Model.fromFormat('custom', IRIS), { extra: runtime('other-team') }), 'models/isvc', 'no runtime found');
    });
  });

  test('argoCdSyncWaves: CRDs -2, control plane -1, runtimes 0', () => {
    const app = Testing.app();
    const kserve = new KServeInstall(app, 'kserve', { version, argoCdSyncWaves: true });
    kserve.addRuntime('custom-runtime', {
      supportedModelFormats: [{ name: 'custom', autoSelect: true }],
      container: { image: 'registry.example.com/custom-server:1.0.0' },
    });
    expect(synthErrors(app)).toEqual([]);
    const controlPlane = Testing.synth(kserve.controlPlane);
    const runtimes = Testing.synth(kserve.runtimes);
    expect(controlPlane.filter(o => o.metadata.annotations?.[SYNC_WAVE] !== '-1')).toEqual([]);
    expect(runtimes.filter(o => o.metadata.annotations?.[SYNC_WAVE] !== '0')).toEqual([]);
    expect(runtimes).toHaveLength(facts.runtimes.length + 2);
    const crds = Testing.synth(kserve.crds);
    expect(crds.length).toBeGreaterThan(0);
    expect(crds.filter(o => o.metadata.annotations?.[SYNC_WAVE] !== '-2')).toEqual([]);
  });

  test('cluster-scoped objects carry no namespace', () => {
    const app = Testing.app();
    const kserve = new KServeInstall(app, 'kserve', { version });
    const all = [kserve.crds, kserve.controlPlane, kserve.runtimes].flatMap(c => Testing.synth(c));
    const clusterScoped = all.filter(o => CLUSTER_SCOPED.has(o.kind));
    expect(clusterScoped.length).toBeGreaterThan(10);
    expect(clusterScoped.filter(o => o.metadata.namespace !== undefined).map(o => `${o.kind}/${o.metadata.name}`)).toEqual([]);
  });

  test('helmCompatible escapes KServe placeholders so Helm prints them literally', () => {
    const app = Testing.app();
    const kserve = new KServeInstall(app, 'kserve', { version, helmCompatible: true });
    const runtimes = Testing.synth(kserve.runtimes);
    const sklearn = runtimes.find(o => o.metadata.name === 'kserve-sklearnserver');
    expect(sklearn.spec.containers[0].args[0]).toBe('--model_name={{`{{`}}.Name}}');
    const config = Testing.synth(kserve.controlPlane).find(o => o.kind === 'ConfigMap');
    // The ConfigMap text is a Helm template now: valid JSON again once Helm has rendered the escapes.
    expect(config.data.ingress).toContain('"domainTemplate": "{{`{{`}} .Name }}-{{`{{`}} .Namespace }}.{{`{{`}} .IngressDomain }}"');
    const rendered = config.data.ingress.split('{{`{{`}}').join('{{');
    expect(JSON.parse(rendered).domainTemplate).toBe('{{ .Name }}-{{ .Namespace }}.{{ .IngressDomain }}');
    // Without the option the placeholders stay as KServe reads them.
    const plain = new KServeInstall(Testing.app(), 'kserve', { version });
    expect(Testing.synth(plain.runtimes).find(o => o.metadata.name === 'kserve-sklearnserver').spec.containers[0].args[0]).toBe('--model_name={{.Name}}');
  });

  describe('validation', () => {
    test.each<[string, KServeInstallProps, string]>([
      ['a namespace that is not a DNS label', { namespace: 'KServe' }, "namespace 'KServe' must be a DNS-1123 label"],
      ['an ingress domain that is not a domain', { config: { ingress: { domain: 'not a domain' } } },
        "config.ingress.domain 'not a domain' must be a DNS domain"],
      ['an unknown URL scheme', { config: { ingress: { urlScheme: 'ftp' } } }, "config.ingress.urlScheme 'ftp' must be 'http' or 'https'"],
      ['a domain template without a template', { config: { ingress: { domainTemplate: 'models.example.com' } } },
        "config.ingress.domainTemplate 'models.example.com' must be a Go template"],
      ['an ingress gateway without a namespace', { config: { ingress: { ingressGateway: 'gw' } } },
        "config.ingress.ingressGateway 'gw' must be '<namespace>/<name>'"],
      ['a logger URL without a scheme', { config: { loggerDefaultUrl: 'broker' } }, "config.loggerDefaultUrl 'broker' must be an http(s) URL"],
      ['controller requests above limits', { controllerResources: { cpu: { request: Cpu.units(2), limit: Cpu.millis(100) } } },
        'controllerResources.cpu.request (2) must be less than or equal to controllerResources.cpu.limit (100m)'],
      ['a controller image with a tag', { controllerImage: 'repo/ctl:1.0' },
        `controllerImage 'repo/ctl:1.0' must be an image repository without a tag or digest: the install appends the release (':${tag}'), which would make 'repo/ctl:1.0:${tag}'`],
      ['a controller image with a digest', { controllerImage: `repo/ctl@sha256:${'a'.repeat(64)}` }, 'must be an image repository without a tag or digest'],
      ['a controller image that is no repository', { controllerImage: 'Registry/Kserve Controller' },
        "controllerImage 'Registry/Kserve Controller' is not an image repository"],
      ['an empty cert-manager issuer name', { webhookCertificates: WebhookCertificates.certManagerIssuer('') },
        "webhookCertificates.issuerName '' must be the name of an Issuer in namespace 'kserve' (a DNS-1123 subdomain)"],
      ['a ClusterIssuer name that is not a name', { webhookCertificates: WebhookCertificates.certManagerIssuer('Corp CA', true) },
        "webhookCertificates.issuerName 'Corp CA' must be the name of a ClusterIssuer"],
      ['a CA bundle that is not base64', { webhookCertificates: WebhookCertificates.fromCaBundle('not base64!') },
        "webhookCertificates.caBundle 'not base64!' is not base64"],
      ['an empty CA bundle', { webhookCertificates: WebhookCertificates.fromCaBundle('') }, "webhookCertificates.caBundle '' is not base64"],
      ['a CA bundle given as PEM text', { webhookCertificates: WebhookCertificates.fromCaBundle('-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----') },
        'webhookCertificates.caBundle is PEM text; give its base64 encoding'],
      ['a CA bundle that decodes to no PEM certificate', { webhookCertificates: WebhookCertificates.fromCaBundle('Q0E=') },
        "webhookCertificates.caBundle 'Q0E=' does not decode to a PEM certificate"],
      ['storage initializer requests above limits', { config: { storageInitializerResources: { cpuRequest: Cpu.units(2), cpuLimit: Cpu.millis(500) } } },
        'config.storageInitializerResources.cpuRequest (2) must be less than or equal to config.storageInitializerResources.cpuLimit (500m)'],
      ['a storage initializer request above the default limit', { config: { storageInitializerResources: { memoryRequest: Size.gibibytes(2) } } },
        "config.storageInitializerResources.memoryRequest (2Gi) must be less than or equal to KServe's default config.storageInitializerResources.memoryLimit (1Gi)"],
      ['a zero storage initializer limit', { config: { storageInitializerResources: { cpuLimit: Cpu.millis(0) } } },
        'config.storageInitializerResources.cpuLimit (0m) must be greater than zero'],
      ['a CA bundle ConfigMap that is not a name', { config: { storageCaBundleConfigMap: 'Corp CA' } },
        "config.storageCaBundleConfigMap 'Corp CA' must be a ConfigMap name"],
      ['an empty CA bundle ConfigMap name', { config: { storageCaBundleConfigMap: '' } }, "config.storageCaBundleConfigMap '' must be a ConfigMap name"],
      ['an ingress class that is not a name', { config: { ingress: { ingressClassName: 'NGINX class' } } },
        "config.ingress.ingressClassName 'NGINX class' must be the name of an IngressClass"],
      ['an S3 region that is not a region', { config: { s3: { region: 'EU West' } } }, "config.s3.region 'EU West' must be a region name such as 'us-east-1'"],
      ['a logger URL with trailing text', { config: { loggerDefaultUrl: 'http://default-broker and more' } },
        "config.loggerDefaultUrl 'http://default-broker and more' must be an http(s) URL"],
      ['a domain template with an unclosed action', { config: { ingress: { domainTemplate: '{{ .Name }}.{{ .IngressDomain' } } },
        "config.ingress.domainTemplate '{{ .Name }}.{{ .IngressDomain' has a '{{' that is never closed with '}}'"],
      ['a domain template with a stray close', { config: { ingress: { domainTemplate: '{{ .Name }}.IngressDomain }}' } } },
        "has a '}}' without a '{{' before it"],
      ['a domain template without .Name', { config: { ingress: { domainTemplate: '{{ .Namespace }}.{{ .IngressDomain }}' } } },
        "config.ingress.domainTemplate '{{ .Namespace }}.{{ .IngressDomain }}' must reference .Name"],
      ['a domain template with an unknown field', { config: { ingress: { domainTemplate: '{{ .Name }}.{{ .Domain }}' } } },
        'uses .Domain; the template\'s fields are .Name, .Namespace, .IngressDomain, .Annotations, .Labels'],
      ['a domain template that renders no host name', { config: { ingress: { domainTemplate: 'https://{{ .Name }}.{{ .IngressDomain }}' } } },
        "does not render a host name: with sample values it gives 'https://name.example.com'"],
      ['a domain template that renders a single label', { config: { ingress: { domainTemplate: '{{ .Name }}-{{ .Namespace }}' } } },
        "does not render a host name: with sample values it gives 'name-namespace'"],
    ])('rejects %s', (_, props, message) => {
      expectError(installErrors({ version, ...props }), 'kserve', message);
    });

    test('all errors are collected in one synth', () => {
      const errors = installErrors({
        version,
        controllerImage: 'repo/ctl:1.0',
        webhookCertificates: WebhookCertificates.fromCaBundle('not base64!'),
        config: { s3: { region: 'EU West' }, ingress: { ingressClassName: 'NGINX class' } },
      });
      for (const field of ['controllerImage', 'webhookCertificates.caBundle', 'config.s3.region', 'config.ingress.ingressClassName']) {
        expectError(errors, 'kserve', field);
      }
    });

    test.each([
      '{{ .Name }}-{{ .Namespace }}.{{ .IngressDomain }}',
      '{{.Name}}.{{.IngressDomain}}',
      '{{- .Name -}}.models.example.com',
      '{{ $.Name }}.{{ .Namespace }}.svc.example.com',
      '{{ .Name }}-{{ index .Annotations "team.example.com/suffix" }}.{{ .IngressDomain }}',
      '{{ .Name }}.{{ .Labels.team }}.example.com',
    ])('accepts the domain template %s', (domainTemplate) => {
      expect(installErrors({ version, config: { ingress: { domainTemplate } } })).toEqual([]);
    });

    test('certManagerIssuer(\'\') no longer falls back to the self-signed issuer', () => {
      const app = Testing.app();
      const kserve = new KServeInstall(app, 'kserve', { version, webhookCertificates: WebhookCertificates.certManagerIssuer('') });
      expect(kserve.controlPlane.node.tryFindChild('selfsigned-issuer')).toBeUndefined();
      expectError(synthErrors(app), 'kserve', "webhookCertificates.issuerName ''");
    });

    test('accepts a line-wrapped base64 CA bundle (the API server ignores line breaks)', () => {
      const wrapped = CA_BUNDLE.replace(/(.{20})/g, '$1\n');
      expect(installErrors({ version, webhookCertificates: WebhookCertificates.fromCaBundle(wrapped) })).toEqual([]);
    });

    if (tag === 'v0.13.1') {
      test('rejects enableGatewayApi and an S3 endpoint with a scheme on v0.13', () => {
        expectError(installErrors({ version, config: { ingress: { enableGatewayApi: true } } }), 'kserve',
          'config.ingress.enableGatewayApi needs KServe v0.15 or later (target is v0.13.1)');
        expectError(installErrors({ version, config: { s3: { endpoint: 'https://minio.minio.svc:9000' } } }), 'kserve',
          "config.s3.endpoint 'https://minio.minio.svc:9000': KServe v0.13.1 prefixes a scheme itself");
      });
    } else {
      test('accepts enableGatewayApi and an S3 endpoint with a scheme on v0.20', () => {
        expect(installErrors({ version, config: { ingress: { enableGatewayApi: false } } })).toEqual([]);
        expect(installErrors({ version, config: { s3: { endpoint: 'https://minio.minio.svc:9000' } } })).toEqual([]);
      });
    }
  });
});

test('RBAC comparison can fail: v0.13 lets the controller create Secrets, v0.20 does not', () => {
  const v013 = install({ version: KServeVersion.V0_13 }).controlPlane;
  const v020 = install({ version: KServeVersion.V0_20 }).controlPlane;
  const rules = (objects: any[]) => expandRules(find(objects, 'ClusterRole', 'kserve-manager-role').rules);
  expect(rules(v013)).toContain('|secrets|create');
  expect(rules(v020)).not.toContain('|secrets|create');
  expect(expandData(MANAGER_RULES_V020)).not.toContain('|secrets|create');
  expect(rules(v020)).not.toEqual(expandData(MANAGER_RULES_V013));
  expect(rules(v013)).not.toEqual(expandData(MANAGER_RULES_V020));
});

test('the default version is v0.20', () => {
  const { kserve, controlPlane } = install();
  expect(kserve.version).toBe(KServeVersion.V0_20);
  expect(find(controlPlane, 'Deployment', 'kserve-controller-manager').spec.template.spec.containers[0].image).toBe('kserve/kserve-controller:v0.20.0');
});

describe('Helm export', () => {
  const root = path.resolve(__dirname, '..');

  test('cdk8s synth --format helm exports the install as a Helm chart', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kserve-helm-'));
    try {
      fs.writeFileSync(path.join(dir, 'main.ts'), [
        `import { App } from ${JSON.stringify(path.join(root, 'node_modules', 'cdk8s'))};`,
        `import { KServeInstall, KServeVersion } from ${JSON.stringify(path.join(root, 'src'))};`,
        'const app = new App();',
        "new KServeInstall(app, 'kserve', { version: KServeVersion.V0_20 });",
        'app.synth();',
        '',
      ].join('\n'));
      fs.writeFileSync(path.join(dir, 'cdk8s.yaml'), `app: ${path.join(root, 'node_modules', '.bin', 'tsx')} main.ts\n`);
      const helm = path.join(dir, 'helm');
      const env = { ...process.env };
      delete env.CDK8S_OUTDIR;
      childProcess.execFileSync(process.execPath, [
        path.join(root, 'node_modules', 'cdk8s-cli', 'bin', 'cdk8s'), '--no-check-upgrade',
        'synth', '--format', 'helm', '--chart-version', '0.1.0', '--output', helm,
      ], { cwd: dir, timeout: 120_000, env, stdio: 'pipe' });

      const chart = parse(fs.readFileSync(path.join(helm, 'Chart.yaml'), 'utf-8'));
      expect(chart).toMatchObject({ apiVersion: 'v2', version: '0.1.0' });
      const templates = fs.readdirSync(path.join(helm, 'templates')).filter(f => f.endsWith('.yaml')).sort();
      expect(templates.length).toBeGreaterThanOrEqual(3);
      const objects = templates.flatMap(f => parseAllDocuments(fs.readFileSync(path.join(helm, 'templates', f), 'utf-8')).map(d => d.toJS()));
      const deployment = find(objects, 'Deployment', 'kserve-controller-manager');
      expect(deployment.spec.template.spec.containers[0].image).toBe('kserve/kserve-controller:v0.20.0');
      expect(ofKind(objects, 'ClusterServingRuntime').map(r => r.metadata.name).sort()).toEqual(RUNTIMES_V020.map(([name]) => name));
      // The CRDs go to crds/, which Helm installs before the templates (private/helm.ts).
      expect(ofKind(objects, 'CustomResourceDefinition')).toEqual([]);
      const crds = parseAllDocuments(fs.readFileSync(path.join(helm, 'crds', 'kserve-crds.yaml'), 'utf-8')).map(d => d.toJS());
      expect(ofKind(crds, 'CustomResourceDefinition')).toHaveLength(CRDS_V020.length);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 180_000);
});

describe('two installs in one app (one per cluster or stage)', () => {
  test('each service is checked once, by the install of its version, against that install\'s runtimes', () => {
    const app = Testing.app();
    new KServeInstall(app, 'old', { version: KServeVersion.V0_13 });
    const current = new KServeInstall(app, 'new', { version: KServeVersion.V0_20, standardRuntimes: false });
    current.addRuntime('team-runtime', {
      supportedModelFormats: [{ name: 'team-format', autoSelect: true }],
      container: { image: 'registry.example.com/team/server:1.0.0' },
    });
    const chart = new Chart(app, 'models', { namespace: 'ml' });
    const uri = StorageUri.gcs('models-bucket', 'm');
    new InferenceService(chart, 'legacy', { version: KServeVersion.V0_13, predictor: { model: Model.sklearn(uri) } });
    new InferenceService(chart, 'team', { version: KServeVersion.V0_20, predictor: { model: Model.fromFormat('team-format', uri) } });
    // sklearn is only installed by the v0.13 install; its runtimes must not count for a v0.20 service.
    new InferenceService(chart, 'iris', { version: KServeVersion.V0_20, predictor: { model: Model.sklearn(uri) } });
    const errors = synthErrors(app);
    expect(errors).toHaveLength(1);
    expectError(errors, 'models/iris', "spec.predictor.model: no runtime in the app auto-selects format 'sklearn'");
  });
});
