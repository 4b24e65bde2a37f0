/**
 * Every supported KServe release (issue #20): what differs from its neighbours, pinned with the KServe source that
 * decides it (`<tag>:<path>` in the KServe repository), and a default stack, a Standard-mode stack and the core
 * KServeInstall of each release, validated against THAT release's CRD schemas.
 */
import { Duration, Testing } from 'cdk8s';
import { Cpu, EnvValue, Probe } from 'cdk8s-plus-28';
import { compatTable, readmeTable } from '../scripts/compat-table';
import {
  Autoscaling, DeploymentMode, GraphNode, GraphTarget, InferenceGraph, InferenceService, InferenceServiceProps, KServeInstall, KServeVersion,
  Model, ModelStorage, MultiNode, PredictorOptions, StorageUri,
} from '../src';
import { ReleaseFacts } from '../src/kserve-version';
import { newChart, synthErrors, expectError } from './util/harness';
import { expectValidObjects, schemaVersionOf } from './util/schema-validator';

type FactName = keyof ReleaseFacts;

/** What one release pins. */
interface Pinned {
  readonly version: KServeVersion;
  /** The facts whose value differs from the previous release's (none for the oldest). */
  readonly changed: FactName[];
  /** `serving.kserve.io/deploymentMode` of DeploymentMode.KNATIVE and .STANDARD. */
  readonly modes: readonly [string, string];
  /** The default ClusterStorageContainer's `supportedUriFormats[].prefix`. */
  readonly uriPrefixes: string[];
  /** The MLServer image, the one runtime image not tagged with the release. */
  readonly mlserver: string;
  /** Standard runtimes beyond the ten every release has. */
  readonly extraRuntimes: string[];
  /** The core install's CRDs (plurals of serving.kserve.io). */
  readonly crds: string[];
  /** The keys of the inferenceservice-config ConfigMap. */
  readonly configKeys: string[];
  /** The optional resources of `kserve-manager-role` (config/rbac/role.yaml) the release grants. */
  readonly rbac: string[];
  /** The control-plane Namespace carries `istio-injection: disabled` (config/manager/service.yaml, to v0.16.0). */
  readonly istioInjectionLabel: boolean;
  /** The manager's probe `initialDelaySeconds` (config/manager/manager.yaml: 10 to v0.14.1, 30 from v0.15.0). */
  readonly probeDelay: number;
}

const CORE_CRDS = ['clusterservingruntimes', 'clusterstoragecontainers', 'inferencegraphs', 'inferenceservices', 'servingruntimes', 'trainedmodels'];
const WITH_CACHE = [...CORE_CRDS, 'localmodelcaches'].sort();
const V013_KEYS = ['agent', 'batcher', 'credentials', 'deploy', 'explainers', 'ingress', 'logger', 'metricsAggregator', 'router', 'storageInitializer'];
const V014_KEYS = [...V013_KEYS, 'localModel', 'security'].sort();
const V015_KEYS = [...V014_KEYS, 'inferenceService', 'opentelemetryCollector'].sort();
const V016_KEYS = [...V015_KEYS, 'autoscaler'].sort();
const GATEWAY_KEDA_OTEL = ['httproutes', 'opentelemetrycollectors', 'scaledobjects'];
/** The resources of kserve-manager-role that not every release grants. */
const OPTIONAL_RBAC = [...GATEWAY_KEDA_OTEL, 'localmodelcaches', 'localmodelnamespacecaches'];
const LEGACY = ['Serverless', 'RawDeployment'] as const;
const RENAMED = ['Knative', 'Standard'] as const;
const NO_HF = ['gs://', 's3://', 'hdfs://', 'webhdfs://'];
const WITH_HF = ['gs://', 's3://', 'hdfs://', 'hf://', 'webhdfs://'];

const PINNED: Pinned[] = [
  {
    version: KServeVersion.V0_13,
    changed: [],
    // v0.13.1:pkg/constants/constants.go DeploymentModeType: Serverless, RawDeployment, ModelMesh.
    modes: LEGACY,
    // v0.13.1:config/storagecontainers/default.yaml.
    uriPrefixes: NO_HF,
    // v0.13.1:config/runtimes/kustomization.yaml (mlserver newTag 1.3.2).
    mlserver: 'docker.io/seldonio/mlserver:1.3.2',
    extraRuntimes: [],
    // v0.13.1:config/crd/full/kustomization.yaml.
    crds: [...CORE_CRDS].sort(),
    // v0.13.1:config/configmap/inferenceservice.yaml.
    configKeys: [...V013_KEYS].sort(),
    rbac: [],
    istioInjectionLabel: true,
    probeDelay: 10,
  },
  {
    version: KServeVersion.V0_14,
    // v0.14.1:config/storagecontainers/default.yaml lists hf:// (storageSchemes);
    // v0.14.1:pkg/apis/serving/v1alpha1/local_model_cache_types.go (localModelCache).
    // v0.14.1:pkg/apis/serving/v1beta1/inference_service.go LoggerSpec.MetadataHeaders (loggerMetadataHeaders).
    changed: ['storageSchemes', 'localModelCache', 'loggerMetadataHeaders'],
    modes: LEGACY,
    uriPrefixes: WITH_HF,
    // v0.14.1:config/runtimes/kustomization.yaml (mlserver newTag 1.5.0).
    mlserver: 'docker.io/seldonio/mlserver:1.5.0',
    extraRuntimes: [],
    // v0.14.1:config/crd/full/kustomization.yaml adds the local-model CRDs (LocalModelCache is the core one here).
    crds: WITH_CACHE,
    // v0.14.1:config/configmap/inferenceservice.yaml adds localModel and security.
    configKeys: V014_KEYS,
    // v0.14.1:config/rbac/role.yaml adds localmodelcaches.
    rbac: ['localmodelcaches'],
    istioInjectionLabel: true,
    probeDelay: 10,
  },
  {
    version: KServeVersion.V0_15,
    // v0.15.2:pkg/apis/serving/v1beta1/predictor.go (WorkerSpec sizes), inference_service_validation.go
    // (validateMultiNodeVariables: pvc only), pkg/constants/constants.go (AutoscalerAllowedClassList + keda, none),
    // pkg/controller/v1beta1/inferenceservice/utils/utils.go (hf in the Go prefix list: same scheme set, new order),
    // pkg/apis/serving/v1alpha1/inference_graph.go (nodeSelector, serviceAccountName, tolerations), component.go
    // (AutoScaling), hack/quick_install.sh (Knative 1.15.2: startupProbe), predictor.go GetImplementations
    // (containers next to a model), podspec.go (Resources), go.mod k8s.io/api v0.32.3 (resource claims),
    // reconcilers/ingress/httproute_reconciler.go (timeout on routes).
    changed: ['multiNode', 'multiNodeStorageSchemes', 'autoscalerClasses', 'inferenceGraphFields', 'componentAutoScaling', 'knativeStartupProbe',
      // inference_service.go LoggerSpec.MetadataAnnotations (loggerMetadataAnnotations).
      'modelWithContainers', 'podResources', 'podResourceClaims', 'standardModeTimeout', 'loggerMetadataAnnotations'],
    modes: LEGACY,
    uriPrefixes: WITH_HF,
    mlserver: 'docker.io/seldonio/mlserver:1.5.0',
    extraRuntimes: [],
    crds: WITH_CACHE,
    // v0.15.2:config/configmap/inferenceservice.yaml adds inferenceService and opentelemetryCollector.
    configKeys: V015_KEYS,
    // v0.15.2:config/rbac/role.yaml adds httproutes, scaledobjects and opentelemetrycollectors; config/manager/manager.yaml 30 s.
    rbac: [...GATEWAY_KEDA_OTEL, 'localmodelcaches'],
    istioInjectionLabel: true,
    probeDelay: 30,
  },
  {
    version: KServeVersion.V0_16,
    // v0.16.0:pkg/constants/constants.go (Knative, Standard), inference_service_validation.go (multi-node pvc or oci),
    // pkg/credentials/s3/s3_secret.go (Secret data), predictor.go (StorageUris), inference_graph.go (RouterTimeouts).
    // config/crd/full/llmisvc (v1alpha1), go.mod (gateway-api-inference-extension v0.3.0: InferencePool v1alpha2).
    changed: ['deploymentModeNames', 'multiNodeStorageSchemes', 's3SettingsFromSecretData', 'inferenceGraphFields', 'storageUris', 'llmApiVersion',
      // inference_service.go LoggerStorageSpec, pkg/logger/store.go (json only: loggerStorageFormats); v1alpha1
      // LLMModelSpec.Criticality (llm_inference_service_types.go, read by scheduler.go).
      'llmInferencePool', 'loggerStorageFormats', 'llmModelCriticality'],
    modes: RENAMED,
    uriPrefixes: WITH_HF,
    mlserver: 'docker.io/seldonio/mlserver:1.5.0',
    extraRuntimes: [],
    crds: WITH_CACHE,
    // v0.16.0:config/configmap/inferenceservice.yaml adds autoscaler.
    configKeys: V016_KEYS,
    rbac: [...GATEWAY_KEDA_OTEL, 'localmodelcaches'],
    istioInjectionLabel: true,
    probeDelay: 30,
  },
  {
    version: KServeVersion.V0_17,
    // v0.17.1:pkg/credentials/s3/utils.go (getEndpointConfiguration), kserve-deps.env (Knative 1.21.1: privileged false,
    // hostIPC, OpenTelemetry metrics), config/crd/full/llmisvc (v1alpha2 and its fields), go.mod (gateway-api-inference-extension
    // v1.3.0: InferencePool v1), pkg/apis/serving/v1alpha2/llm_inference_service_validation.go (managed route on gateway refs).
    changed: ['s3EndpointScheme', 'knativePrivilegedFalse', 'knativeHostIPC', 'knativeOpenTelemetryMetrics', 'llmApiVersion',
      'llmWorkloadMetadata', 'llmScaling', 'llmStorageInitializer', 'llmSchedulerOptions', 'llmInferencePool', 'llmManagedRouteWithGatewayRefs',
      // cmd/agent/main.go (csv, parquet; marshaller and batch flags) and inference_service.go LoggerSpec; v1alpha2 has no
      // model criticality (llm_inference_service_conversion.go keeps it in an annotation).
      'loggerStorageFormats', 'loggerBatching', 'llmModelCriticality'],
    modes: RENAMED,
    uriPrefixes: WITH_HF,
    mlserver: 'docker.io/seldonio/mlserver:1.5.0',
    // v0.17.1:config/runtimes/kustomization.yaml lists kserve-predictiveserver.
    extraRuntimes: ['kserve-predictiveserver'],
    // v0.17.1:config/crd/full/kustomization.yaml: the six only; the library keeps LocalModelCache (src/install/release.ts).
    crds: WITH_CACHE,
    configKeys: V016_KEYS,
    // v0.17.1:config/base/namespace.yaml: an unlabelled Namespace.
    rbac: [...GATEWAY_KEDA_OTEL, 'localmodelcaches'],
    istioInjectionLabel: false,
    probeDelay: 30,
  },
  {
    version: KServeVersion.V0_18,
    // v0.18.1:pkg/validation/env_policy.go (PYTHONPATH), config/crd/full/localmodel (LocalModelNamespaceCache),
    // pkg/apis/serving/v1alpha2 (GatewayObjectReference.SectionName, ValidateActuatorConsistency).
    changed: ['blockedEnv', 'localModelNamespaceCache', 'llmGatewaySectionName', 'llmActuatorConsistency'],
    modes: RENAMED,
    uriPrefixes: WITH_HF,
    // v0.18.1:config/runtimes/kustomization.yaml (mlserver newTag 1.7.1).
    mlserver: 'docker.io/seldonio/mlserver:1.7.1',
    extraRuntimes: ['kserve-predictiveserver'],
    crds: WITH_CACHE,
    configKeys: V016_KEYS,
    // v0.18.1:config/rbac/role.yaml adds localmodelnamespacecaches.
    rbac: [...GATEWAY_KEDA_OTEL, 'localmodelcaches', 'localmodelnamespacecaches'],
    istioInjectionLabel: false,
    probeDelay: 30,
  },
  {
    version: KServeVersion.V0_19,
    // v0.19.0:pkg/controller/v1alpha2/llmisvc/workload_lora.go (LoRA, with the CRD's limits) and
    // pkg/webhook/admission/llminferenceservice/defaulter.go (local model caches); the status parsing of deploymentMode
    // (pkg/apis/serving/v1beta1/inference_service_validation.go) changes no fact.
    changed: ['llmLoRA', 'llmLocalModelCache'],
    modes: RENAMED,
    uriPrefixes: WITH_HF,
    mlserver: 'docker.io/seldonio/mlserver:1.7.1',
    extraRuntimes: ['kserve-predictiveserver'],
    crds: WITH_CACHE,
    configKeys: V016_KEYS,
    rbac: [...GATEWAY_KEDA_OTEL, 'localmodelcaches', 'localmodelnamespacecaches'],
    istioInjectionLabel: false,
    probeDelay: 30,
  },
  {
    version: KServeVersion.V0_20,
    // v0.20.0:pkg/apis/serving/v1beta1/predictor.go (Name, StorageContainerName, Confidential), inference_service.go
    // (Canary), pkg/constants/constants.go (OciNativeURIPrefix); the LLM CRD (tracing, kvCacheOffloading, route group and
    // weight, pool appProtocol), config/llmisvcconfig (tensor parallel in the single-node presets), managed_dra.go.
    changed: ['predictorName', 'storageContainerName', 'standardCanary', 'storageSchemes', 'confidentialModels', 'llmSingleNodeTensorParallel',
      'llmTracing', 'llmKvCacheOffloading', 'llmTrafficSplitting', 'llmPoolAppProtocol', 'llmManagedDra'],
    modes: RENAMED,
    uriPrefixes: WITH_HF,
    mlserver: 'docker.io/seldonio/mlserver:1.7.1',
    // v0.20.0:config/runtimes/kustomization.yaml adds kserve-autogluonserver.
    extraRuntimes: ['kserve-autogluonserver', 'kserve-predictiveserver'],
    crds: WITH_CACHE,
    configKeys: V016_KEYS,
    rbac: [...GATEWAY_KEDA_OTEL, 'localmodelcaches', 'localmodelnamespacecaches'],
    istioInjectionLabel: false,
    probeDelay: 30,
  },
];

const TEN_RUNTIMES = ['kserve-huggingfaceserver', 'kserve-lgbserver', 'kserve-mlserver', 'kserve-paddleserver', 'kserve-pmmlserver',
  'kserve-sklearnserver', 'kserve-tensorflow-serving', 'kserve-torchserve', 'kserve-tritonserver', 'kserve-xgbserver'];
const IRIS = StorageUri.gcs('kfserving-examples', 'models/sklearn/1.0/model');

/** The core install of a release, synthesized once per test that asks. */
function install(version: KServeVersion) {
  const app = Testing.app();
  const kserve = new KServeInstall(app, 'kserve', { version });
  expect(synthErrors(app)).toEqual([]);
  return { crds: Testing.synth(kserve.crds), controlPlane: Testing.synth(kserve.controlPlane), runtimes: Testing.synth(kserve.runtimes) };
}

test('the releases are the eight of issue #20, oldest first, each once', () => {
  expect(KServeVersion.all().map(v => v.name)).toEqual(['v0.13.1', 'v0.14.1', 'v0.15.2', 'v0.16.0', 'v0.17.1', 'v0.18.1', 'v0.19.0', 'v0.20.0']);
  expect(PINNED.map(p => p.version)).toEqual(KServeVersion.all());
  expect(KServeVersion.DEFAULT).toBe(KServeVersion.V0_20);
});

describe.each(PINNED.map((p, i) => ({ ...p, previous: PINNED[i - 1]?.version, tag: p.version.name })))('$tag', (p) => {
  const { version } = p;

  test('differs from the previous release in exactly the pinned facts', () => {
    const facts = version._facts;
    const before = p.previous?._facts;
    const changed = before ? (Object.keys(facts) as FactName[]).filter(k => JSON.stringify(facts[k]) !== JSON.stringify(before[k])) : [];
    expect(changed.sort()).toEqual([...p.changed].sort());
  });

  test('writes the release\'s own deployment-mode spelling', () => {
    const { chart } = newChart();
    const knative = new InferenceService(chart, 'knative', { version, predictor: { model: Model.sklearn(IRIS) } });
    const standard = new InferenceService(chart, 'standard', { version, deploymentMode: DeploymentMode.STANDARD, predictor: { model: Model.sklearn(IRIS) } });
    const modeOf = (service: InferenceService) => Testing.synth(chart)
      .find(o => o.kind === 'InferenceService' && o.metadata.name === service.name).metadata.annotations?.['serving.kserve.io/deploymentMode'];
    expect([modeOf(knative), modeOf(standard)]).toEqual([...p.modes]);
  });

  describe('core install', () => {
    let synthesized: ReturnType<typeof install> | undefined;
    const objects = () => (synthesized ??= install(version));

    test('validates against the release\'s schemas', () => {
      const { crds, controlPlane, runtimes } = objects();
      const kserveVersion = schemaVersionOf(version);
      expectValidObjects(crds, { kserveVersion });
      expectValidObjects(controlPlane, { kserveVersion });
      expectValidObjects(runtimes, { kserveVersion });
    });

    test('installs the release\'s CRDs, ConfigMap keys, storage prefixes and runtimes', () => {
      const { crds, controlPlane, runtimes } = objects();
      expect(crds.map(c => c.metadata.name).sort()).toEqual(p.crds.map(plural => `${plural}.serving.kserve.io`));
      const config = controlPlane.find(o => o.kind === 'ConfigMap' && o.metadata.name === 'inferenceservice-config');
      expect(Object.keys(config.data).sort()).toEqual(p.configKeys);
      // <tag>:config/configmap/inferenceservice.yaml: localModel has four keys to v0.16.0, seven from v0.17.1;
      // ingress.disableHTTPRouteTimeout from v0.18.1, enableGatewayApi from v0.15.
      const localModel = config.data.localModel && Object.keys(JSON.parse(config.data.localModel)).length;
      expect(localModel).toEqual(version.isAtLeast(KServeVersion.V0_17) ? 7 : version.isAtLeast(KServeVersion.V0_14) ? 4 : undefined);
      const ingress = JSON.parse(config.data.ingress);
      expect(['enableGatewayApi', 'disableHTTPRouteTimeout'].filter(k => k in ingress))
        .toEqual(version.isAtLeast(KServeVersion.V0_18) ? ['enableGatewayApi', 'disableHTTPRouteTimeout']
          : version.isAtLeast(KServeVersion.V0_15) ? ['enableGatewayApi'] : []);
      const all = [...controlPlane, ...runtimes];
      const storage = all.find(o => o.kind === 'ClusterStorageContainer');
      expect(storage.spec.supportedUriFormats.filter((f: any) => f.prefix).map((f: any) => f.prefix)).toEqual(p.uriPrefixes);
      const served = runtimes.filter(o => o.kind === 'ClusterServingRuntime');
      expect(served.map(r => r.metadata.name).sort()).toEqual([...TEN_RUNTIMES, ...p.extraRuntimes].sort());
      const images = Object.fromEntries(served.map(r => [r.metadata.name, r.spec.containers[0].image]));
      expect(images['kserve-mlserver']).toEqual(p.mlserver);
      // config/runtimes/kustomization.yaml at every tag: the kserve/* servers carry the release tag (generate-install.sh).
      expect(images['kserve-sklearnserver']).toEqual(`kserve/sklearnserver:${version.name}`);
    });

    test('grants the release\'s RBAC, labels its Namespace and probes its controller as the release does', () => {
      const { controlPlane } = objects();
      const role = controlPlane.find(o => o.kind === 'ClusterRole' && o.metadata.name === 'kserve-manager-role');
      const granted = new Set<string>(role.rules.flatMap((r: any) => r.resources ?? []));
      expect(OPTIONAL_RBAC.filter(r => granted.has(r)).sort()).toEqual([...p.rbac].sort());
      const namespace = controlPlane.find(o => o.kind === 'Namespace');
      expect(namespace.metadata.labels?.['istio-injection'] === 'disabled').toBe(p.istioInjectionLabel);
      const manager = controlPlane.find(o => o.kind === 'Deployment' && o.metadata.name === 'kserve-controller-manager')
        .spec.template.spec.containers.find((c: any) => c.name === 'manager');
      expect([manager.livenessProbe.initialDelaySeconds, manager.readinessProbe.initialDelaySeconds]).toEqual([p.probeDelay, p.probeDelay]);
    });
  });

  test('a default sklearn stack and a Standard-mode stack validate against the release\'s schemas', () => {
    const { app, chart } = newChart();
    new InferenceService(chart, 'iris', { version, predictor: { model: Model.sklearn(IRIS) } });
    new InferenceService(chart, 'iris-standard', {
      version,
      deploymentMode: DeploymentMode.STANDARD,
      predictor: { model: Model.sklearn(IRIS), autoscaling: Autoscaling.cpu({ targetUtilizationPercent: 70, minReplicas: 1, maxReplicas: 3 }) },
    });
    expect(synthErrors(app)).toEqual([]);
    expectValidObjects(Testing.synth(chart), { kserveVersion: schemaVersionOf(version) });
  });
});

// ---------------------------------------------------------------------------
// Rules that appear between neighbouring releases: rejected on the release that has the rule, accepted on its neighbour.

describe('multi-node storage (fact multiNodeStorageSchemes)', () => {
  const multiNode = (version: KServeVersion, uri: string) => {
    const { app, chart } = newChart();
    new InferenceService(chart, 'llm', {
      version,
      deploymentMode: DeploymentMode.STANDARD,
      predictor: {
        model: Model.huggingface(StorageUri.parse(uri)),
        autoscaling: Autoscaling.fixed(1),
        multiNode: { pipelineParallelSize: 2, tensorParallelSize: 1 } satisfies MultiNode,
      },
    });
    return { app, chart };
  };

  test('v0.15.2 rejects oci:// (validateMultiNodeVariables: `storageProtocol != "pvc"`), naming v0.16', () => {
    // v0.15.2:pkg/apis/serving/v1beta1/inference_service_validation.go
    expectError(multiNode(KServeVersion.V0_15, 'oci://ghcr.io/acme/llm:1').app, 'test/llm',
      "spec.predictor.multiNode: KServe v0.15.2 serves multi-node models only from pvc:// storage; the model's storageUri is 'oci://ghcr.io/acme/llm:1'",
      '(oci:// needs KServe v0.16 or later (target is v0.15.2))');
  });

  test('v0.16.0 accepts oci:// (pvc or oci), and the output is valid against its schema', () => {
    // v0.16.0:pkg/apis/serving/v1beta1/inference_service_validation.go
    const { app, chart } = multiNode(KServeVersion.V0_16, 'oci://ghcr.io/acme/llm:1');
    expect(synthErrors(app)).toEqual([]);
    expectValidObjects(Testing.synth(chart), { kserveVersion: 'v0.16.0' });
  });

  test('v0.15.2 accepts pvc://', () => {
    const { app, chart } = multiNode(KServeVersion.V0_15, 'pvc://models/llm');
    expect(synthErrors(app)).toEqual([]);
    expectValidObjects(Testing.synth(chart), { kserveVersion: 'v0.15.2' });
  });

  test('v0.14.1 has no multi-node predictor (its workerSpec has only size), naming v0.15', () => {
    // v0.14.1:pkg/apis/serving/v1beta1/predictor.go WorkerSpec{PodSpec, Size}
    expectError(multiNode(KServeVersion.V0_14, 'pvc://models/llm').app, 'test/llm', 'spec.predictor.multiNode needs KServe v0.15 or later (target is v0.14.1)');
  });
});

/** A feature that first appears in `first`: the release before it rejects it naming `first`, `first` accepts it. */
interface Appears {
  readonly first: KServeVersion;
  /** The fact the rule asks. */
  readonly fact: FactName;
  /** The error's start (the field and, through needsRelease, the first release). */
  readonly field: string;
  readonly props: (version: KServeVersion) => InferenceServiceProps;
}

const predictor = (version: KServeVersion, extra: Partial<PredictorOptions>, mode?: DeploymentMode): InferenceServiceProps =>
  ({ version, deploymentMode: mode, predictor: { model: Model.sklearn(IRIS), ...extra } });

const APPEARS: Appears[] = [
  // v0.14.1:config/storagecontainers/default.yaml (hf:// prefix) and python/kserve/kserve/storage/storage.py _HF_PREFIX.
  {
    first: KServeVersion.V0_14,
    fact: 'storageSchemes',
    field: "spec.predictor.model: storageUri 'hf://acme/iris': the 'hf://' scheme",
    props: v => ({ version: v, predictor: { model: Model.sklearn(StorageUri.huggingFace('acme/iris')) } }),
  },
  // v0.15.2:pkg/constants/constants.go AutoscalerAllowedClassList (keda, none).
  {
    first: KServeVersion.V0_15,
    fact: 'autoscalerClasses',
    field: "spec.predictor.autoscaling: the 'none' autoscaler class",
    props: v => predictor(v, { autoscaling: Autoscaling.fixed(2) }, DeploymentMode.STANDARD),
  },
  // v0.15.2:pkg/apis/serving/v1beta1/podspec.go PodSpec.Resources.
  {
    first: KServeVersion.V0_15,
    fact: 'podResources',
    field: 'spec.predictor.podResources',
    props: v => predictor(v, { resources: { cpu: { request: Cpu.units(1) } }, podResources: { cpu: { request: Cpu.units(2) } } },
      DeploymentMode.STANDARD),
  },
  // v0.15.2:pkg/apis/serving/v1beta1/predictor.go GetImplementations (only kserve-container counts).
  {
    first: KServeVersion.V0_15,
    fact: 'modelWithContainers',
    field: 'spec.predictor.extraContainers next to a predictor model',
    props: v => predictor(v, { extraContainers: [{ name: 'proxy', image: 'ghcr.io/acme/proxy:1.0' }] }, DeploymentMode.STANDARD),
  },
  // The Knative v0.15.2 installs, 1.15.2 (v0.15.2:hack/quick_install.sh): ContainerMask keeps StartupProbe.
  {
    first: KServeVersion.V0_15,
    fact: 'knativeStartupProbe',
    field: 'spec.predictor.startupProbe in Knative mode',
    props: v => predictor(v, { startupProbe: Probe.fromHttpGet('/ready', { port: 8080 }) }),
  },
  // v0.16.0:pkg/apis/serving/v1beta1/predictor.go StorageUris.
  {
    first: KServeVersion.V0_16,
    fact: 'storageUris',
    field: 'spec.predictor.storageUris',
    props: v => ({ version: v, predictor: { model: Model.sklearn(ModelStorage.fromStorageUris()), storageUris: [{ uri: IRIS }] } }),
  },
  // The Knative v0.17.1 installs, 1.21.1 (v0.17.1:kserve-deps.env): SecurityContextMask keeps privileged: false (from 1.17).
  {
    first: KServeVersion.V0_17,
    fact: 'knativePrivilegedFalse',
    field: 'spec.predictor.securityContext.privileged false in Knative mode',
    props: v => predictor(v, { securityContext: { privileged: false } }),
  },
  // The same Knative: PodSpecMask keeps hostIPC behind kubernetes.podspec-hostipc (from 1.16).
  {
    first: KServeVersion.V0_17,
    fact: 'knativeHostIPC',
    field: 'spec.predictor.hostIPC true in Knative mode',
    props: v => predictor(v, { hostIPC: true }),
  },
  // v0.20.0:pkg/apis/serving/v1beta1/predictor.go PredictorSpec.Name.
  {
    first: KServeVersion.V0_20,
    fact: 'predictorName',
    field: 'spec.predictor.name',
    props: v => predictor(v, { name: 'v2' }, DeploymentMode.STANDARD),
  },
  // v0.20.0:pkg/constants/constants.go OciNativeURIPrefix.
  {
    first: KServeVersion.V0_20,
    fact: 'storageSchemes',
    field: "spec.predictor.model: storageUri 'oci+native://ghcr.io/acme/iris:1': the 'oci+native://' scheme",
    props: v => ({ version: v, predictor: { model: Model.sklearn(StorageUri.ociNative('ghcr.io/acme/iris:1')) } }),
  },
];

describe.each(APPEARS.map(a => ({ ...a, before: KServeVersion.all()[KServeVersion.all().indexOf(a.first) - 1] })))(
  '$field (fact $fact)', ({ first, before, field, props }) => {
    test(`rejected on ${before.name}, naming ${first.name}`, () => {
      const { app, chart } = newChart();
      new InferenceService(chart, 'iris', props(before));
      expectError(app, 'test/iris', `${field} needs KServe v${first.major}.${first.minor} or later (target is ${before.name})`);
    });

    test(`accepted on ${first.name} and valid against its schema`, () => {
      const { app, chart } = newChart();
      new InferenceService(chart, 'iris', props(first));
      expect(synthErrors(app)).toEqual([]);
      expectValidObjects(Testing.synth(chart), { kserveVersion: schemaVersionOf(first) });
    });
  });

describe('a rule that appears: PYTHONPATH is blocked from v0.18.1 (fact blockedEnv)', () => {
  const props = (version: KServeVersion) => predictor(version, { env: { PYTHONPATH: EnvValue.fromValue('/opt/lib') } });

  test('rejected on v0.18.1 (v0.18.1:pkg/validation/env_policy.go DefaultBlockedEnvVars)', () => {
    const { app, chart } = newChart();
    new InferenceService(chart, 'iris', props(KServeVersion.V0_18));
    expectError(app, 'test/iris', 'spec.predictor.env: setting PYTHONPATH is not allowed by KServe v0.18.1');
  });

  test('accepted on v0.17.1, which has no env policy', () => {
    const { app, chart } = newChart();
    new InferenceService(chart, 'iris', props(KServeVersion.V0_17));
    expect(synthErrors(app)).toEqual([]);
    expectValidObjects(Testing.synth(chart), { kserveVersion: 'v0.17.1' });
  });
});

describe('InferenceGraph fields name their first release (fact inferenceGraphFields)', () => {
  const graph = (version: KServeVersion) => {
    const { app, chart } = newChart();
    new InferenceGraph(chart, 'graph', {
      version,
      root: GraphNode.sequence('root', [{ target: GraphTarget.url('http://iris.ml.svc.cluster.local/v1/models/iris:predict') }]),
      nodeSelector: { pool: 'cpu' },
      routerTimeouts: { serverRead: Duration.seconds(30) },
    });
    return { app, chart };
  };

  test('v0.14.1 lacks both: nodeSelector from v0.15, routerTimeouts from v0.16', () => {
    // v0.15.2 and v0.16.0:pkg/apis/serving/v1alpha1/inference_graph.go
    const errors = synthErrors(graph(KServeVersion.V0_14).app);
    expectError(errors, 'test/graph', 'spec.nodeSelector needs KServe v0.15 or later (target is v0.14.1)');
    expectError(errors, 'test/graph', 'spec.routerTimeouts needs KServe v0.16 or later (target is v0.14.1)');
  });

  test('v0.15.2 has nodeSelector but not routerTimeouts', () => {
    expect(synthErrors(graph(KServeVersion.V0_15).app)).toEqual(['[test/graph] spec.routerTimeouts needs KServe v0.16 or later (target is v0.15.2)']);
  });

  test('v0.16.0 accepts both, valid against its schema', () => {
    const { app, chart } = graph(KServeVersion.V0_16);
    expect(synthErrors(app)).toEqual([]);
    expectValidObjects(Testing.synth(chart), { kserveVersion: 'v0.16.0' });
  });
});

describe('an S3 endpoint with its own scheme (fact s3EndpointScheme)', () => {
  const installErrors = (version: KServeVersion) => {
    const app = Testing.app();
    new KServeInstall(app, 'kserve', { version, config: { s3: { endpoint: 'https://minio.minio.svc:9000' } } });
    return synthErrors(app);
  };

  test('rejected on v0.16.0, which writes "https://" + endpoint (v0.16.0:pkg/credentials/s3/utils.go), naming v0.17', () => {
    expectError(installErrors(KServeVersion.V0_16), 'kserve', "config.s3.endpoint 'https://minio.minio.svc:9000': KServe v0.16.0 prefixes a scheme itself",
      'needs KServe v0.17 or later (target is v0.16.0)');
  });

  test('accepted on v0.17.1 (v0.17.1:pkg/credentials/s3/utils.go getEndpointConfiguration)', () => {
    expect(installErrors(KServeVersion.V0_17)).toEqual([]);
  });
});

test('README\'s "KServe releases" table is what scripts/compat-table.ts renders from the facts', () => {
  expect(readmeTable()).toEqual(compatTable());
});
