import { KServeVersion } from '../kserve-version';

/** A model format a standard runtime auto-selects: name, format version, priority. */
export type AutoFormat = readonly [name: string, version: string, priority: number];

/**
 * What one KServe release installs, as data: everything the install files used to branch on.
 * Sources are cited per group; values are the release's own (its `config/` at the tag).
 */
export interface ReleaseInstall {
  // ---- kserve-install.ts: config/default at v0.13.1 … v0.16.0, config/overlays/all (kserve component) from v0.17.1.
  /** Extra labels of the control-plane Namespace (its manifest is in config/manager/service.yaml). */
  readonly namespaceLabels: Readonly<Record<string, string>>;
  /** The manager's liveness and readiness `initialDelaySeconds` (config/manager/manager.yaml). */
  readonly controllerProbeDelaySeconds: number;
  /** The manager's readiness `failureThreshold` (config/manager/manager.yaml). */
  readonly controllerReadinessFailureThreshold: number;
  /**
   * The kube-rbac-proxy sidecar's image (config/default/manager_auth_proxy_patch.yaml), where it can still be pulled;
   * see the v0.13 entry.
   */
  readonly rbacProxyImage: string;
  /** The default ClusterStorageContainer (config/storagecontainers/default.yaml). */
  readonly storageContainer: {
    /** The initializer's `imagePullPolicy`, when the release sets one. */
    readonly imagePullPolicy?: string;
    /** `supportedUriFormats[].prefix`, in the release's order (the regex formats are the same at every tag). */
    readonly uriPrefixes: readonly string[];
    /** Extra `spec` fields of the release (`workloadType`, `supportsMultiModelDownload`). */
    readonly spec: { readonly workloadType?: string; readonly supportsMultiModelDownload?: boolean };
  };

  // ---- crd-source.ts: config/crd/full at each tag.
  /**
   * The plurals of the core controller's CRDs that the library installs with the core part: those of
   * config/crd/full/kustomization.yaml at each tag that crd-source.ts knows as core CRDs (see each entry for where this
   * differs from the release).
   */
  readonly crds: readonly string[];

  // ---- rbac-rules.ts: config/rbac/role.yaml at each tag (controller-gen output).
  readonly rbac: {
    /** The core-group rules on Secrets and ServiceAccounts (from v0.14.1 only read). */
    readonly credentialRules: ReadonlyArray<{ readonly resources: readonly string[]; readonly verbs: readonly string[] }>;
    /** HTTPRoutes (Gateway API ingress). */
    readonly gatewayApi: boolean;
    /** KEDA ScaledObjects. */
    readonly keda: boolean;
    /** OpenTelemetry collectors (KEDA's OTel scaler). */
    readonly openTelemetry: boolean;
    /** Read access to LocalModelCaches (from v0.14.1). */
    readonly localModelCaches: boolean;
    /** Read access to LocalModelNamespaceCaches too, in the same rule (from v0.18.1). */
    readonly localModelNamespaceCaches: boolean;
  };

  // ---- inference-service-config.ts: config/configmap/inferenceservice.yaml at each tag.
  readonly config: {
    /** The `autoscaler` key. */
    readonly autoscaler?: Readonly<Record<string, string>>;
    /** `credentials.s3.s3CABundleConfigMap` exists. */
    readonly s3CABundleConfigMap: boolean;
    /** The `inferenceService` key (default component resources). */
    readonly inferenceServiceResource?: Readonly<Record<string, string>>;
    /** Gateway API ingress: `ingress.enableGatewayApi` and `kserveIngressGateway` exist (from v0.15). */
    readonly gatewayApi?: {
      readonly kserveIngressGateway: string;
      /**
       * `ingress.disableHTTPRouteTimeout` exists (`false`): from v0.18.1 (config/configmap/inferenceservice.yaml; read by
       * `resolveTimeout` in reconcilers/ingress/httproute_reconciler.go).
       */
      readonly disableHTTPRouteTimeoutKey: boolean;
    };
    /** `ingress.ingressService`, where the release still ships it. */
    readonly ingressService?: string;
    /** The `localModel` key, without the image (the release's storage initializer). */
    readonly localModel?: {
      readonly jobNamespace: string;
      readonly fsGroup: number;
      /** The download Jobs' TTL, where the release ships it (from v0.17.1; parsed from v0.14.1: configmap.go LocalModelConfig). */
      readonly jobTTLSecondsAfterFinished?: number;
      /** How often the node agent reconciles, where the release ships it (from v0.17.1). */
      readonly reconcilationFrequencyInSecs?: number;
      /**
       * `disableVolumeManagement`, where the release ships it (`false` from v0.17.1; parsed from v0.15.2:
       * pkg/apis/serving/v1beta1/configmap.go LocalModelConfig).
       */
      readonly disableVolumeManagement?: boolean;
    };
    /** The `opentelemetryCollector` key. */
    readonly opentelemetryCollector?: Readonly<Record<string, unknown>>;
    /** `router.imagePullPolicy`, when the release sets one. */
    readonly routerImagePullPolicy?: string;
    /** The `security` key. */
    readonly security?: Readonly<Record<string, unknown>>;
    /** `storageInitializer.enableDirectPvcVolumeMount`, where the release ships it. */
    readonly enableDirectPvcVolumeMount?: boolean;
    /** `storageInitializer.enableModelcar` when the options leave it unset. */
    readonly enableModelcar: boolean;
    /** `storageInitializer.uidModelcar`, where the release ships it. */
    readonly uidModelcar?: number;
  };

  // ---- standard-runtimes.ts: config/runtimes at each tag.
  readonly runtimes: {
    /** The standard runtimes the release installs, in order (the library's left-outs are listed in standard-runtimes.ts). */
    readonly names: readonly string[];
    /** Runtimes carry the `serving.kserve.io/server-type` annotation. */
    readonly serverTypeAnnotation: boolean;
    /** The xgbserver's and lgbserver's auto-selected format versions. */
    readonly formatVersions: { readonly xgboost: string; readonly lightgbm: string };
    /** The MLServer image tag (docker.io/seldonio/mlserver). */
    readonly mlserverTag: string;
    /** The formats MLServer auto-selects. */
    readonly mlserverFormats: readonly AutoFormat[];
    /** MLServer's `MODELS_DIR` env, where the release sets it. */
    readonly mlserverModelsDir?: string;
    /** `runAsUser` of the tensorflow-serving, torchserve and triton containers, whose images define no user. */
    readonly runAsUser?: number;
    /** Extra env of the huggingfaceserver container. */
    readonly huggingFaceEnv?: Readonly<Record<string, string>>;
    /**
     * The huggingfaceserver mounts a Memory emptyDir `devshm` at `/dev/shm` and sets `hostIPC: false`
     * (config/runtimes/kserve-huggingfaceserver.yaml; the container runtime's default /dev/shm is 64 MiB).
     */
    readonly huggingFaceSharedMemory: boolean;
    /** The ServingRuntime spec has `hostIPC` (pkg/apis/serving/v1alpha1/servingruntime_types.go ServingRuntimePodSpec). */
    readonly hostIpcField: boolean;
  };
}

const CORE_RUNTIMES = ['kserve-sklearnserver', 'kserve-xgbserver', 'kserve-lgbserver', 'kserve-pmmlserver', 'kserve-paddleserver',
  'kserve-mlserver', 'kserve-tensorflow-serving', 'kserve-torchserve', 'kserve-tritonserver', 'kserve-huggingfaceserver'];
const CORE_CRDS = ['clusterservingruntimes', 'clusterstoragecontainers', 'inferencegraphs', 'inferenceservices', 'servingruntimes', 'trainedmodels'];
/**
 * CORE_CRDS and LocalModelCache. At v0.14.1–v0.16.0 the core install applies the local-model CRDs
 * (v0.14.1:config/crd/full/kustomization.yaml lists localmodelcaches, localmodelnodegroups and localmodelnodes); crd-source.ts
 * knows LocalModelCache as a core CRD and the other two as the local model controller's, so only it is listed here.
 * From v0.17.1 the core lists only CORE_CRDS (v0.20.0:config/crd/full/kustomization.yaml) and LocalModelCache comes with
 * the local-model component (config/crd/full/localmodel, pulled by config/localmodels): the library still installs it with
 * the core, because crd-source.ts's local-model set does not carry it (a CRD without users is harmless; issue #20 moves it).
 */
const CORE_WITH_CACHE = [...CORE_CRDS, 'localmodelcaches'];
/** The `localModel` key of v0.14.1–v0.16.0 (config/configmap/inferenceservice.yaml: enabled, jobNamespace, defaultJobImage, fsGroup). */
const LOCAL_MODEL_V014 = { jobNamespace: 'kserve-localmodel-jobs', fsGroup: 1000 };
/** The `localModel` key from v0.17.1 (config/configmap/inferenceservice.yaml at v0.17.1 … v0.20.0). */
const LOCAL_MODEL_V017 = { ...LOCAL_MODEL_V014, jobTTLSecondsAfterFinished: 3600, reconcilationFrequencyInSecs: 60, disableVolumeManagement: false };
/** The MLServer formats from v0.14.1 (config/runtimes/kserve-mlserver.yaml at v0.14.1 … v0.20.0). */
const MLSERVER_FORMATS: readonly AutoFormat[] = [['sklearn', '0', 2], ['sklearn', '1', 2], ['xgboost', '1', 2], ['xgboost', '2', 2],
  ['lightgbm', '3', 2], ['lightgbm', '4', 2], ['mlflow', '1', 1], ['mlflow', '2', 1]];

/** The `autoscaler` key from v0.16.0 (config/configmap/inferenceservice.yaml). */
const AUTOSCALER_V016 = { scaleUpStabilizationWindowSeconds: '0', scaleDownStabilizationWindowSeconds: '300' };
/** The `opentelemetryCollector` key of v0.15.2 (config/configmap/inferenceservice.yaml), without resources. */
const OTEL_V015 = {
  scrapeInterval: '5s',
  metricReceiverEndpoint: 'keda-otel-scaler.keda.svc:4317',
  metricScalerEndpoint: 'keda-otel-scaler.keda.svc:4318',
};
/** The `opentelemetryCollector` key from v0.16.0, with the collector's resources. */
const OTEL_V016 = { ...OTEL_V015, resource: { cpuLimit: '1', memoryLimit: '2Gi', cpuRequest: '200m', memoryRequest: '512Mi' } };

/** v0.18.1's install data (v0.19.0 shares it). */
const V0_18_INSTALL: ReleaseInstall = {
  namespaceLabels: {},
  controllerProbeDelaySeconds: 30,
  controllerReadinessFailureThreshold: 5,
  rbacProxyImage: 'quay.io/brancz/kube-rbac-proxy:v0.18.0',
  storageContainer: {
    imagePullPolicy: 'IfNotPresent',
    uriPrefixes: ['gs://', 's3://', 'hdfs://', 'hf://', 'webhdfs://'],
    spec: { workloadType: 'initContainer', supportsMultiModelDownload: true },
  },
  crds: CORE_WITH_CACHE,
  rbac: {
    credentialRules: [{ resources: ['secrets', 'serviceaccounts'], verbs: ['get'] }],
    gatewayApi: true,
    keda: true,
    openTelemetry: true,
    localModelCaches: true,
    localModelNamespaceCaches: true,
  },
  config: {
    autoscaler: AUTOSCALER_V016,
    s3CABundleConfigMap: true,
    inferenceServiceResource: { cpuLimit: '1', memoryLimit: '2Gi', cpuRequest: '1', memoryRequest: '2Gi' },
    gatewayApi: { kserveIngressGateway: 'kserve/kserve-ingress-gateway', disableHTTPRouteTimeoutKey: true },
    localModel: LOCAL_MODEL_V017,
    opentelemetryCollector: OTEL_V016,
    routerImagePullPolicy: 'IfNotPresent',
    security: { autoMountServiceAccountToken: true },
    enableModelcar: true,
    uidModelcar: 1010,
  },
  runtimes: {
    names: [...CORE_RUNTIMES, 'kserve-predictiveserver'],
    serverTypeAnnotation: true,
    formatVersions: { xgboost: '2', lightgbm: '4' },
    mlserverTag: '1.7.1',
    mlserverFormats: MLSERVER_FORMATS,
    runAsUser: 1000,
    huggingFaceEnv: { LMCACHE_USE_EXPERIMENTAL: 'True' },
    huggingFaceSharedMemory: true,
    hostIpcField: true,
  },
};

const RELEASES = new Map<KServeVersion, ReleaseInstall>([
  [KServeVersion.V0_13, {
    namespaceLabels: { 'istio-injection': 'disabled' },
    controllerProbeDelaySeconds: 10,
    controllerReadinessFailureThreshold: 10,
    // v0.13.1 ships gcr.io/kubebuilder/kube-rbac-proxy:v0.13.1, a kubebuilder-hosted build of brancz/kube-rbac-proxy; the
    // gcr.io/kubebuilder images were removed on 2025-03-18 (kubernetes-sigs/kubebuilder#3907), so the controller pod never
    // became Ready. v0.14.0 replaced it with the project's own image, quay.io/brancz/kube-rbac-proxy:v0.18.0, with the same
    // args, port and proxy RBAC (kserve@v0.14.0:config/default/manager_auth_proxy_patch.yaml; config/rbac/auth_proxy_role.yaml
    // unchanged since v0.13.1), and every release since runs it. `images.rbacProxy` replaces it.
    rbacProxyImage: 'quay.io/brancz/kube-rbac-proxy:v0.18.0',
    storageContainer: { uriPrefixes: ['gs://', 's3://', 'hdfs://', 'webhdfs://'], spec: {} },
    crds: CORE_CRDS,
    rbac: {
      credentialRules: [
        { resources: ['secrets'], verbs: ['create', 'delete', 'get', 'patch', 'update'] },
        { resources: ['serviceaccounts'], verbs: ['get'] },
      ],
      gatewayApi: false,
      keda: false,
      openTelemetry: false,
      localModelCaches: false,
      localModelNamespaceCaches: false,
    },
    config: {
      s3CABundleConfigMap: false,
      ingressService: 'istio-ingressgateway.istio-system.svc.cluster.local',
      enableDirectPvcVolumeMount: true,
      enableModelcar: false,
    },
    runtimes: {
      names: CORE_RUNTIMES,
      serverTypeAnnotation: false,
      formatVersions: { xgboost: '1', lightgbm: '3' },
      mlserverTag: '1.3.2',
      mlserverFormats: [['sklearn', '0', 2], ['sklearn', '1', 2], ['xgboost', '1', 2], ['lightgbm', '3', 2], ['mlflow', '1', 1]],
      mlserverModelsDir: '/mnt/models',
      // v0.13.1's runtimes set no securityContext; ours run non-root, which these three images need a uid for (their
      // Dockerfiles define none). v0.14.0 ships the same image tags with uid 1000 (config/runtimes/kserve-tensorflow-serving.yaml,
      // kserve-torchserve.yaml, kserve-tritonserver.yaml and kustomization.yaml at v0.14.0), so uid 1000 is known to work.
      runAsUser: 1000,
      // v0.13.1's runtime mounts nothing and its ServingRuntimePodSpec has no HostIPC (both first in v0.14.0).
      huggingFaceSharedMemory: false,
      hostIpcField: false,
    },
  }],
  // v0.14.1 … v0.19.0: <tag>:config/manager/manager.yaml (probes), config/manager/service.yaml (Namespace, to v0.16.0),
  // config/storagecontainers/default.yaml, config/crd/full/kustomization.yaml, config/rbac/role.yaml,
  // config/configmap/inferenceservice.yaml and config/runtimes (kustomization.yaml images, kserve-*.yaml).
  [KServeVersion.V0_14, {
    namespaceLabels: { 'istio-injection': 'disabled' },
    controllerProbeDelaySeconds: 10,
    controllerReadinessFailureThreshold: 10,
    rbacProxyImage: 'quay.io/brancz/kube-rbac-proxy:v0.18.0',
    // v0.14.1 spells the hf entry `- prefix  : hf://` (the same key).
    storageContainer: { uriPrefixes: ['gs://', 's3://', 'hdfs://', 'hf://', 'webhdfs://'], spec: { workloadType: 'initContainer' } },
    crds: CORE_WITH_CACHE,
    rbac: {
      credentialRules: [{ resources: ['secrets', 'serviceaccounts'], verbs: ['get'] }],
      gatewayApi: false,
      keda: false,
      openTelemetry: false,
      localModelCaches: true,
      localModelNamespaceCaches: false,
    },
    config: {
      s3CABundleConfigMap: false,
      localModel: LOCAL_MODEL_V014,
      security: { autoMountServiceAccountToken: true },
      enableDirectPvcVolumeMount: true,
      enableModelcar: false,
    },
    runtimes: {
      names: CORE_RUNTIMES,
      serverTypeAnnotation: false,
      formatVersions: { xgboost: '1', lightgbm: '3' },
      mlserverTag: '1.5.0',
      mlserverFormats: MLSERVER_FORMATS,
      mlserverModelsDir: '/mnt/models',
      runAsUser: 1000,
      huggingFaceSharedMemory: true,
      hostIpcField: true,
    },
  }],
  [KServeVersion.V0_15, {
    namespaceLabels: { 'istio-injection': 'disabled' },
    controllerProbeDelaySeconds: 30,
    controllerReadinessFailureThreshold: 5,
    rbacProxyImage: 'quay.io/brancz/kube-rbac-proxy:v0.18.0',
    storageContainer: { uriPrefixes: ['gs://', 's3://', 'hdfs://', 'hf://', 'webhdfs://'], spec: { workloadType: 'initContainer' } },
    crds: CORE_WITH_CACHE,
    rbac: {
      credentialRules: [{ resources: ['secrets', 'serviceaccounts'], verbs: ['get'] }],
      gatewayApi: true,
      keda: true,
      openTelemetry: true,
      localModelCaches: true,
      localModelNamespaceCaches: false,
    },
    config: {
      s3CABundleConfigMap: false,
      inferenceServiceResource: { cpuLimit: '1', memoryLimit: '2Gi', cpuRequest: '1', memoryRequest: '2Gi' },
      gatewayApi: { kserveIngressGateway: 'kserve/kserve-ingress-gateway', disableHTTPRouteTimeoutKey: false },
      localModel: LOCAL_MODEL_V014,
      opentelemetryCollector: OTEL_V015,
      routerImagePullPolicy: 'IfNotPresent',
      security: { autoMountServiceAccountToken: true },
      enableDirectPvcVolumeMount: true,
      enableModelcar: true,
      uidModelcar: 1010,
    },
    runtimes: {
      names: CORE_RUNTIMES,
      serverTypeAnnotation: false,
      formatVersions: { xgboost: '1', lightgbm: '3' },
      mlserverTag: '1.5.0',
      mlserverFormats: MLSERVER_FORMATS,
      mlserverModelsDir: '/mnt/models',
      runAsUser: 1000,
      // Added between v0.15.0 and v0.15.2 (config/runtimes/kserve-huggingfaceserver.yaml).
      huggingFaceEnv: { LMCACHE_USE_EXPERIMENTAL: 'True' },
      huggingFaceSharedMemory: true,
      hostIpcField: true,
    },
  }],
  [KServeVersion.V0_16, {
    namespaceLabels: { 'istio-injection': 'disabled' },
    controllerProbeDelaySeconds: 30,
    controllerReadinessFailureThreshold: 5,
    rbacProxyImage: 'quay.io/brancz/kube-rbac-proxy:v0.18.0',
    storageContainer: { uriPrefixes: ['gs://', 's3://', 'hdfs://', 'hf://', 'webhdfs://'], spec: { workloadType: 'initContainer' } },
    // v0.16.0:config/crd/kustomization.yaml also applies the two LLM CRDs (v1alpha1 only); they come with the LLM part here.
    crds: CORE_WITH_CACHE,
    rbac: {
      credentialRules: [{ resources: ['secrets', 'serviceaccounts'], verbs: ['get'] }],
      gatewayApi: true,
      keda: true,
      openTelemetry: true,
      localModelCaches: true,
      localModelNamespaceCaches: false,
    },
    config: {
      autoscaler: AUTOSCALER_V016,
      s3CABundleConfigMap: false,
      inferenceServiceResource: { cpuLimit: '1', memoryLimit: '2Gi', cpuRequest: '1', memoryRequest: '2Gi' },
      gatewayApi: { kserveIngressGateway: 'kserve/kserve-ingress-gateway', disableHTTPRouteTimeoutKey: false },
      localModel: LOCAL_MODEL_V014,
      opentelemetryCollector: OTEL_V016,
      routerImagePullPolicy: 'IfNotPresent',
      security: { autoMountServiceAccountToken: true },
      // enableDirectPvcVolumeMount is gone (removed from the Go code before v0.16.0, kserve#4694).
      enableModelcar: true,
      uidModelcar: 1010,
    },
    runtimes: {
      names: CORE_RUNTIMES,
      serverTypeAnnotation: false,
      formatVersions: { xgboost: '1', lightgbm: '3' },
      mlserverTag: '1.5.0',
      mlserverFormats: MLSERVER_FORMATS,
      mlserverModelsDir: '/mnt/models',
      runAsUser: 1000,
      huggingFaceEnv: { LMCACHE_USE_EXPERIMENTAL: 'True' },
      huggingFaceSharedMemory: true,
      hostIpcField: true,
    },
  }],
  [KServeVersion.V0_17, {
    // From v0.17.1 the release's Namespace has no labels (config/base/namespace.yaml) and kserve.yaml drops it.
    namespaceLabels: {},
    controllerProbeDelaySeconds: 30,
    controllerReadinessFailureThreshold: 5,
    rbacProxyImage: 'quay.io/brancz/kube-rbac-proxy:v0.18.0',
    storageContainer: {
      imagePullPolicy: 'IfNotPresent',
      uriPrefixes: ['gs://', 's3://', 'hdfs://', 'hf://', 'webhdfs://'],
      spec: { workloadType: 'initContainer' },
    },
    crds: CORE_WITH_CACHE,
    rbac: {
      credentialRules: [{ resources: ['secrets', 'serviceaccounts'], verbs: ['get'] }],
      gatewayApi: true,
      keda: true,
      openTelemetry: true,
      localModelCaches: true,
      localModelNamespaceCaches: false,
    },
    config: {
      autoscaler: AUTOSCALER_V016,
      s3CABundleConfigMap: true,
      inferenceServiceResource: { cpuLimit: '1', memoryLimit: '2Gi', cpuRequest: '1', memoryRequest: '2Gi' },
      gatewayApi: { kserveIngressGateway: 'kserve/kserve-ingress-gateway', disableHTTPRouteTimeoutKey: false },
      localModel: LOCAL_MODEL_V017,
      opentelemetryCollector: OTEL_V016,
      routerImagePullPolicy: 'IfNotPresent',
      security: { autoMountServiceAccountToken: true },
      enableModelcar: true,
      uidModelcar: 1010,
    },
    runtimes: {
      names: [...CORE_RUNTIMES, 'kserve-predictiveserver'],
      serverTypeAnnotation: true,
      formatVersions: { xgboost: '2', lightgbm: '4' },
      mlserverTag: '1.5.0',
      mlserverFormats: MLSERVER_FORMATS,
      runAsUser: 1000,
      huggingFaceEnv: { LMCACHE_USE_EXPERIMENTAL: 'True' },
      huggingFaceSharedMemory: true,
      hostIpcField: true,
    },
  }],
  [KServeVersion.V0_18, V0_18_INSTALL],
  // The same as v0.18.1: `git diff v0.18.1 v0.19.0` of the core config/ (configmap, rbac/role.yaml, runtimes,
  // storagecontainers, manager, default, webhook/manifests.yaml, crd/full/kustomization.yaml) is empty.
  [KServeVersion.V0_19, V0_18_INSTALL],
  [KServeVersion.V0_20, {
    namespaceLabels: {},
    controllerProbeDelaySeconds: 30,
    controllerReadinessFailureThreshold: 5,
    rbacProxyImage: 'quay.io/brancz/kube-rbac-proxy:v0.18.0',
    storageContainer: {
      imagePullPolicy: 'IfNotPresent',
      uriPrefixes: ['gs://', 's3://', 'hdfs://', 'hf://', 'webhdfs://'],
      spec: { workloadType: 'initContainer', supportsMultiModelDownload: true },
    },
    crds: CORE_WITH_CACHE,
    rbac: {
      credentialRules: [{ resources: ['secrets', 'serviceaccounts'], verbs: ['get'] }],
      gatewayApi: true,
      keda: true,
      openTelemetry: true,
      localModelCaches: true,
      localModelNamespaceCaches: true,
    },
    config: {
      autoscaler: AUTOSCALER_V016,
      s3CABundleConfigMap: true,
      inferenceServiceResource: { cpuLimit: '1', memoryLimit: '2Gi', cpuRequest: '1', memoryRequest: '2Gi' },
      gatewayApi: { kserveIngressGateway: 'kserve/kserve-ingress-gateway', disableHTTPRouteTimeoutKey: true },
      localModel: LOCAL_MODEL_V017,
      opentelemetryCollector: OTEL_V016,
      routerImagePullPolicy: 'IfNotPresent',
      security: { autoMountServiceAccountToken: true },
      enableModelcar: true,
      uidModelcar: 1010,
    },
    runtimes: {
      names: [...CORE_RUNTIMES, 'kserve-autogluonserver', 'kserve-predictiveserver'],
      serverTypeAnnotation: true,
      formatVersions: { xgboost: '2', lightgbm: '4' },
      mlserverTag: '1.7.1',
      mlserverFormats: MLSERVER_FORMATS,
      runAsUser: 1000,
      huggingFaceEnv: { LMCACHE_USE_EXPERIMENTAL: 'True' },
      huggingFaceSharedMemory: true,
      hostIpcField: true,
    },
  }],
]);

/** The install data of a release; every `KServeVersion.all()` entry has one. */
export function release(version: KServeVersion): ReleaseInstall {
  const found = RELEASES.get(version);
  // Our own invariant (not an input check): every supported version has install data.
  if (!found) throw new Error(`No install data for KServe ${version.name} (src/install/release.ts)`);
  return found;
}
