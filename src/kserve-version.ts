import { guardMethods, recordProblems, registerStandIn } from './private/shape';

/**
 * What differs between KServe releases, outside the install (install-only data is src/install/release.ts).
 * Each fact cites the KServe source at the tags that decide it.
 * @internal
 * @category Platform
 */
export interface ReleaseFacts {
  /**
   * The `serving.kserve.io/deploymentMode` values, by the mode's v0.20 name (pkg/constants/constants.go DeploymentModeType).
   * Renamed at v0.16.0 (`Serverless` → `Knative`, `RawDeployment` → `Standard`); v0.16.0's validator compares the literal
   * new names (validateAutoScalingCompExtension, validateDeploymentMode in inference_service_validation.go), and releases
   * before v0.16 silently replace an unknown value with the ConfigMap's default mode (GetDeploymentMode, utils.go at v0.15.2).
   */
  readonly deploymentModeNames: Readonly<Record<'Knative' | 'Standard', string>>;
  /** `spec.predictor.name` exists (PredictorSpec.Name, pkg/apis/serving/v1beta1/predictor.go at v0.20.0). */
  readonly predictorName: boolean;
  /**
   * `spec.predictor.storageContainerName` exists: the ClusterStorageContainer that downloads the model, chosen by name
   * (PredictorSpec.StorageContainerName, pkg/apis/serving/v1beta1/predictor.go at v0.20.0).
   */
  readonly storageContainerName: boolean;
  /**
   * Standard-mode canaries (`spec.canary[]`, promote renaming the predictor); without it a canary exists only as
   * Knative's `canaryTrafficPercent` (InferenceServiceSpec.Canary, pkg/apis/serving/v1beta1/inference_service.go at v0.20.0).
   */
  readonly standardCanary: boolean;
  /**
   * Multi-node predictors (`spec.predictor.workerSpec`: WorkerSpec with pipeline and tensor parallel sizes,
   * pkg/apis/serving/v1beta1/predictor.go, from v0.15.0). v0.14.1's WorkerSpec has only `size` (its CRD has no
   * `pipelineParallelSize` / `tensorParallelSize`), so it counts as false there; absent from the v0.13.1 CRD.
   */
  readonly multiNode: boolean;
  /**
   * The storage URI schemes a multi-node predictor may load from (`validateMultiNodeVariables`,
   * pkg/apis/serving/v1beta1/inference_service_validation.go: v0.15.2 accepts only `pvc`; from v0.16.0 `pvc` or `oci`).
   * Empty where there is no multi-node predictor (`multiNode` false).
   */
  readonly multiNodeStorageSchemes: readonly string[];
  /**
   * Env vars the webhooks reject in any container (`DefaultBlockedEnvVars`, pkg/validation/env_policy.go, first at v0.18.0;
   * the file is absent at v0.17.1 and earlier).
   */
  readonly blockedEnv: readonly string[];
  /** `serving.kserve.io/autoscalerClass` values the webhook accepts (pkg/constants/constants.go AutoscalerClass*). */
  readonly autoscalerClasses: readonly string[];
  /**
   * Storage URI schemes the release accepts and its storage initializer downloads from (`StorageScheme` values):
   * the prefixes of SupportedStorageURIPrefixList (pkg/controller/v1beta1/inferenceservice/utils/utils.go: `hf://` from
   * v0.15.0, `oci+native://` from v0.20.0), plus the Azure Blob and Azure Files https forms the initializer recognizes
   * (python/kserve/kserve/storage/storage.py at v0.13.1, python/storage/kserve_storage/kserve_storage.py at v0.20.0).
   * v0.14.1 accepts `hf://` through its default ClusterStorageContainer (config/storagecontainers/default.yaml lists the
   * prefix, and storage.py's `_HF_PREFIX` downloads it), which the release installs.
   */
  readonly storageSchemes: readonly string[];
  /**
   * An S3 endpoint may carry its own `http(s)://` scheme; older releases prefix one themselves
   * (pkg/credentials/s3/utils.go: `getEndpointConfiguration` strips the scheme from v0.17.0; v0.16.0 writes
   * `"https://" + endpoint`).
   */
  readonly s3EndpointScheme: boolean;
  /**
   * S3 settings are read from the Secret's data keys (S3_ENDPOINT, S3_USE_HTTPS...), not only from
   * `serving.kserve.io/s3-*` annotations (pkg/credentials/s3/utils.go `getEnvValue`, called by s3_secret.go with the
   * Secret's data from v0.16.0; v0.15.2 reads annotations only).
   */
  readonly s3SettingsFromSecretData: boolean;
  /**
   * Optional InferenceGraph spec fields the CRD has beyond v0.13's (InferenceGraphSpec,
   * pkg/apis/serving/v1alpha1/inference_graph.go: nodeSelector, serviceAccountName and tolerations from v0.15.2,
   * routerTimeouts from v0.16.0; none at v0.14.1).
   */
  readonly inferenceGraphFields: readonly string[];
  /**
   * `spec.<component>.autoScaling` exists and KServe's HPA reads its metrics, e.g. a memory `AverageValue` target
   * (ComponentExtensionSpec.AutoScaling in component.go, and getHPAMetrics in reconcilers/hpa/hpa_reconciler.go, from
   * v0.15.2; v0.14.1's HPA reads only scaleMetric/scaleTarget).
   */
  readonly componentAutoScaling: boolean;
  /**
   * Knative accepts a `startupProbe` on the serving container (`ContainerMask`, knative.dev/serving
   * pkg/apis/serving/fieldmask.go: first in knative-v1.15.0).
   *
   * Every `knative*` fact follows the Knative Serving the release's quick install INSTALLS, because the cluster's Knative
   * webhook applies the field masks (not the Go module KServe compiles against): 1.13.1 at v0.13.1 and v0.14.1
   * (hack/quick_install.sh), 1.15.2 at v0.15.2 and v0.16.0 (hack/quick_install.sh; v0.16.0:kserve-deps.env), 1.21.1 from
   * v0.17.1 (kserve-deps.env). The go.mod pins differ at v0.14.1 (1.15.2) and v0.15.2/v0.16.0 (1.17.0).
   */
  readonly knativeStartupProbe: boolean;
  /**
   * Knative accepts `securityContext.privileged: false` (`SecurityContextMask`, fieldmask.go: first in knative-v1.17.0;
   * older releases drop `privileged` whatever its value). `true` is rejected by all. By the installed Knative (see
   * `knativeStartupProbe`): from KServe v0.17.1.
   */
  readonly knativePrivilegedFalse: boolean;
  /**
   * Knative can accept `hostIPC: true` behind its `kubernetes.podspec-hostipc` flag (PodSpecMask, knative.dev/serving
   * pkg/apis/serving/fieldmask.go: from knative-v1.16.0; older releases always clear it). By the installed Knative (see
   * `knativeStartupProbe`): from KServe v0.17.1.
   */
  readonly knativeHostIPC: boolean;
  /**
   * A predictor `model` may have extra `containers` (sidecars, a collocated transformer): v0.20's
   * `PredictorSpec.GetImplementations` counts the custom predictor only for a container named `kserve-container`;
   * v0.13.1's and v0.14.1's count any `containers`, so the webhook's "exactly one implementation" check rejects them
   * (pkg/apis/serving/v1beta1/predictor.go, from v0.15.0; component.go `validateExactlyOneImplementation`).
   */
  readonly modelWithContainers: boolean;
  /**
   * `spec.<component>.storageUris` exists: several model sources, each at its own mount path (the `StorageUris` of
   * PredictorSpec, TransformerSpec and ExplainerSpec, pkg/apis/serving/v1beta1, from v0.16.0; absent from the v0.15.2 CRD).
   */
  readonly storageUris: boolean;
  /**
   * `model.confidential` exists: the storage initializer decrypts the model (ConfidentialSpec, predictor.go, and
   * validateConfidential, inference_service_validation.go, at v0.20.0; absent from the v0.19.0 CRD and earlier). The
   * LLMInferenceService's `spec.model.confidential` arrives in the same release (LLMModelSpec.Confidential and
   * validateConfidential, pkg/apis/serving/v1alpha2 at v0.20.0; absent from the v0.19.0 CRD).
   */
  readonly confidentialModels: boolean;
  /**
   * `spec.<component>.resources`, the pod-level CPU and memory (PodSpec.Resources in pkg/apis/serving/v1beta1/podspec.go
   * from v0.15.2; absent from the v0.14.1 CRD).
   */
  readonly podResources: boolean;
  /**
   * Resource claims in Kubernetes' 1.31+ shape (`resourceClaims[]` with `resourceClaimName` /
   * `resourceClaimTemplateName`, container `resources.claims[].request`): the CRDs from v0.15.2 (k8s.io/api v0.32.3);
   * v0.13.1's and v0.14.1's CRDs (k8s.io/api v0.28.4, v0.30.4) have only the older alpha shape with `source`, which
   * Kubernetes 1.31 removed.
   */
  readonly podResourceClaims: boolean;
  /**
   * The Knative Serving that the release's quick install installs exports queue-proxy request metrics through
   * OpenTelemetry (Knative >= 1.19: `request-metrics-protocol` in config/core/configmaps/observability.yaml), which serves
   * nothing on port 9091 unless `config-observability` sets `request-metrics-protocol: prometheus`. v0.13.1–v0.16.0
   * install Knative 1.13.1 or 1.15.2, whose queue-proxy serves the OpenCensus `revision_*` names by default; v0.17.1–v0.20.0
   * install Knative 1.21.1 (kserve-deps.env `KNATIVE_SERVING_VERSION`).
   */
  readonly knativeOpenTelemetryMetrics: boolean;
  /**
   * A component's `timeout` takes effect outside Knative: from v0.15.2 KServe writes it as the request timeout of the
   * Gateway API HTTPRoutes (reconcilers/ingress/httproute_reconciler.go, which v0.14.1 lacks), i.e. only when the ingress
   * config enables Gateway API (`enableGatewayApi`); from v0.18.1 `disableHTTPRouteTimeout` can turn it off. v0.13.1 and
   * v0.14.1 read it only for the Knative revision (reconcilers/knative/ksvc_reconciler.go).
   */
  readonly standardModeTimeout: boolean;
  /**
   * The group/version the LLM constructs write both kinds in, undefined where the release has no LLM CRDs: the storage
   * version of config/crd/full/llmisvc/serving.kserve.io_llminferenceservices.yaml, `serving.kserve.io/v1alpha1` (the only
   * version) at v0.16.0, `serving.kserve.io/v1alpha2` from v0.17.0; none at v0.15.2 and earlier.
   */
  readonly llmApiVersion: string | undefined;
  /**
   * `labels` and `annotations` of the workloads (`spec`, `spec.prefill`) exist (WorkloadSpec, pkg/apis/serving/v1alpha2 and
   * the v0.17.1 CRD; v0.16.0's v1alpha1 WorkloadSpec has replicas, parallelism, template and worker only).
   */
  readonly llmWorkloadMetadata: boolean;
  /**
   * `scaling` of the workloads exists (WorkloadSpec.Scaling, the v0.17.1 CRD and validateScaling in
   * pkg/apis/serving/v1alpha2/llm_inference_service_validation.go; absent from v0.16.0's v1alpha1).
   */
  readonly llmScaling: boolean;
  /** `spec.storageInitializer` exists (the v0.17.1 CRD; absent from v0.16.0's v1alpha1 LLMInferenceServiceSpec). */
  readonly llmStorageInitializer: boolean;
  /**
   * The scheduler's `config`, `replicas`, `labels` and `annotations` exist (SchedulerSpec and validateSchedulerConfig,
   * pkg/apis/serving/v1alpha2 at v0.17.1; v0.16.0's v1alpha1 SchedulerSpec has pool and template only).
   */
  readonly llmSchedulerOptions: boolean;
  /**
   * The InferencePool the release's LLM controller writes and its route presets point at (the Gateway API Inference
   * Extension it bundles): `inference.networking.x-k8s.io/v1alpha2` at v0.16.0 (go.mod gateway-api-inference-extension
   * v0.3.0; config/llmisvc/gateway-inference-extension.yaml; `isDefaultBackendRef` in
   * pkg/controller/v1alpha1/llmisvc/config_merge.go compares that group), `inference.networking.k8s.io/v1` from v0.17.1.
   * It decides the shape of `router.scheduler.pool.spec` (v1alpha2: `extensionRef`, one `targetPortNumber`, a label map
   * `selector`; v1: `endpointPickerRef`, `targetPorts[]`, `selector.matchLabels`).
   */
  readonly llmInferencePool: string | undefined;
  /**
   * The webhook accepts a managed route (`route: {}` or `route.http.spec`) with `gateway.refs`: from v0.17.1 the
   * controller derives the route's parentRefs from the refs (ToParentRefs, config_merge.go). v0.16.0's
   * validateRouterCrossFieldConstraints (pkg/controller/v1alpha1/llmisvc/validation/llminferenceservice_validator.go) rejects
   * both, but lets `route: { http: {} }` through, whose managed route the controller attaches to the refs
   * (expectedHTTPRoute, router.go at v0.16.0); else gateway refs go with HTTPRoutes of your own (`route.http.refs`).
   */
  readonly llmManagedRouteWithGatewayRefs: boolean;
  /**
   * The release installs LLMInferenceServiceConfig presets for pipeline-parallel workers
   * (`kserve-config-llm-*worker-pipeline-parallel`), which the controller asks for when a worker has pipeline
   * parallelism (config_merge.go): config/llmisvcconfig/kustomization.yaml at v0.20.0 lists only the data-parallel ones.
   */
  readonly llmPipelineParallelPresets: boolean;
  /**
   * `router.gateway.refs[].sectionName` exists (GatewayObjectReference, pkg/apis/serving/v1alpha2 and its CRD from v0.18.0),
   * and the webhook matches the managed route's parentRefs on (namespace, name, sectionName) (parentRefsMatchGatewayRefs,
   * llm_inference_service_validation.go at v0.18.1; v0.17.1 compares namespace and name, and its ToParentRefs in
   * pkg/controller/v1alpha2/llmisvc/config_merge.go writes gateway refs as parentRefs without a listener).
   */
  readonly llmGatewaySectionName: boolean;
  /**
   * The webhook requires decode and prefill to scale with the same actuator, both hpa or both keda
   * (ValidateActuatorConsistency, pkg/apis/serving/v1alpha2/llm_inference_service_validation.go, first at v0.18.1).
   */
  readonly llmActuatorConsistency: boolean;
  /**
   * LoRA adapters are served: the controller attaches `model.lora.adapters` (pkg/controller/v1alpha2/llmisvc/workload_lora.go
   * and the webhook's validateLoRAAdapters, first at v0.19.0), and `model.lora.maxRank` / `maxAdapters` / `maxCpuAdapters`
   * exist (the v0.19.0 CRD). v0.17.1's and v0.18.1's CRDs keep `lora.adapters` (schemaless), but no code reads them.
   */
  readonly llmLoRA: boolean;
  /**
   * `spec.model.criticality` exists and is read: the controller writes it to the managed scheduler's InferenceModel
   * (LLMModelSpec.Criticality, pkg/apis/serving/v1alpha1/llm_inference_service_types.go, and
   * expectedSchedulerInferenceModel, pkg/controller/v1alpha1/llmisvc/scheduler.go, at v0.16.0). v1alpha2 (v0.17.1 on)
   * has no such field: the conversion webhook keeps a v1alpha1 value in an annotation that nothing reads
   * (saveCriticalityToAnnotations, llm_inference_service_conversion.go at v0.20.0).
   */
  readonly llmModelCriticality: boolean;
  /**
   * The LLMInferenceService defaulter points the model at a matching local model cache (SetLocalModelLabel,
   * pkg/webhook/admission/llminferenceservice/defaulter.go, first at v0.19.0; absent at v0.18.1).
   */
  readonly llmLocalModelCache: boolean;
  /**
   * The single-node presets pass `parallelism.tensor` to vLLM as `--tensor-parallel-size` (config/llmisvcconfig
   * config-llm-template.yaml, config-llm-decode-template.yaml and config-llm-prefill-template.yaml at v0.20.0); before,
   * only the worker presets read it (the same files at v0.19.0 pass no parallelism).
   */
  readonly llmSingleNodeTensorParallel: boolean;
  /** `spec.tracing` exists (TracingSpec, pkg/apis/serving/v1alpha2/llm_inference_service_types.go; the v0.20.0 CRD, not v0.19.0's). */
  readonly llmTracing: boolean;
  /**
   * `spec.kvCacheOffloading` and `spec.prefill.kvCacheOffloading` exist (KVCacheOffloadingSpec, workload_kvcache.go and
   * validateKVCacheOffloading at v0.20.0; absent from the v0.19.0 CRD).
   */
  readonly llmKvCacheOffloading: boolean;
  /**
   * `router.route.group` and `router.route.weight` exist: traffic split between services of one group (validateTrafficFields,
   * llm_inference_service_validation.go at v0.20.0; absent from the v0.19.0 CRD).
   */
  readonly llmTrafficSplitting: boolean;
  /** `router.scheduler.pool.spec.appProtocol` exists (the v0.20.0 CRD's embedded InferencePoolSpec; absent from v0.19.0's). */
  readonly llmPoolAppProtocol: boolean;
  /**
   * The managed DRA annotations `serving.kserve.io/exp-dra-*` are read and checked (pkg/controller/v1alpha2/llmisvc/managed_dra.go
   * and validateManagedDRAAnnotations, first at v0.20.0; v0.19.0 has no such constants).
   */
  readonly llmManagedDra: boolean;
  /**
   * `logger.metadataHeaders` exists: request headers copied into the logged CloudEvents (LoggerSpec.MetadataHeaders,
   * pkg/apis/serving/v1beta1/inference_service.go, from v0.14.0; absent from the v0.13.1 CRD).
   */
  readonly loggerMetadataHeaders: boolean;
  /**
   * `logger.metadataAnnotations` exists: pod annotations copied into the logged CloudEvents
   * (LoggerSpec.MetadataAnnotations, pkg/apis/serving/v1beta1/inference_service.go, from v0.15.1; absent at v0.15.0 and
   * from the v0.14.1 CRD).
   */
  readonly loggerMetadataAnnotations: boolean;
  /**
   * The `logger.storage` formats (`storage.parameters.format`) the agent writes, empty where there is no
   * `logger.storage` (LoggerStorageSpec, pkg/apis/serving/v1beta1/inference_service.go, from v0.16.0). v0.16.0's agent
   * has only a JSON marshaller and exits on another format (getMarshaller, pkg/logger/store.go); from v0.17.0 it has
   * json, csv and parquet, and writes JSON for any other value (startLogger, cmd/agent/main.go).
   */
  readonly loggerStorageFormats: readonly string[];
  /**
   * `logger.marshallerUrl`, `logger.batchSize` and `logger.batchInterval` exist (LoggerSpec,
   * pkg/apis/serving/v1beta1/inference_service.go, and the agent's `--log-marshaller-url`, `--log-batch-size`,
   * `--log-batch-interval` in cmd/agent/main.go, from v0.17.0; absent from the v0.16.0 CRD).
   */
  readonly loggerBatching: boolean;
  /**
   * The local model cache: `LocalModelCache`, `LocalModelNodeGroup` and `LocalModelNode` (pkg/apis/serving/v1alpha1
   * local_model_cache_types.go and its neighbours; the CRDs as named today from v0.14.1, v0.14.0 called the cache
   * `ClusterLocalModel`); none at v0.13.1. The namespaced cache is `localModelNamespaceCache`.
   */
  readonly localModelCache: boolean;
  /**
   * `LocalModelNamespaceCache`, the namespaced cache (pkg/apis/serving/v1alpha1/local_model_namespace_cache_types.go and
   * config/crd/full/localmodel/serving.kserve.io_localmodelnamespacecaches.yaml, from v0.18.0; absent at v0.17.1).
   */
  readonly localModelNamespaceCache: boolean;
}

/** The LLM facts of a release without the LLM kinds. */
const NO_LLM = {
  llmApiVersion: undefined,
  llmWorkloadMetadata: false,
  llmScaling: false,
  llmStorageInitializer: false,
  llmSchedulerOptions: false,
  llmInferencePool: undefined,
  llmManagedRouteWithGatewayRefs: false,
  llmPipelineParallelPresets: false,
  llmGatewaySectionName: false,
  llmActuatorConsistency: false,
  llmLoRA: false,
  llmModelCriticality: false,
  llmLocalModelCache: false,
  llmSingleNodeTensorParallel: false,
  llmTracing: false,
  llmKvCacheOffloading: false,
  llmTrafficSplitting: false,
  llmPoolAppProtocol: false,
  llmManagedDra: false,
} as const satisfies Partial<ReleaseFacts>;

/** The facts of v0.18.1, which v0.19.0 shares but for two LLM facts. */
const V0_18_FACTS: ReleaseFacts = {
  deploymentModeNames: { Knative: 'Knative', Standard: 'Standard' },
  predictorName: false,
  storageContainerName: false,
  standardCanary: false,
  multiNode: true,
  multiNodeStorageSchemes: ['pvc', 'oci'],
  // v0.18.1:pkg/validation/env_policy.go DefaultBlockedEnvVars.
  blockedEnv: ['PYTHONPATH'],
  autoscalerClasses: ['hpa', 'external', 'keda', 'none'],
  storageSchemes: ['s3', 'gs', 'azure-blob', 'azure-file', 'http', 'https', 'pvc', 'hf', 'oci', 'file', 'hdfs', 'webhdfs'],
  s3EndpointScheme: true,
  s3SettingsFromSecretData: true,
  inferenceGraphFields: ['nodeSelector', 'serviceAccountName', 'tolerations', 'routerTimeouts'],
  componentAutoScaling: true,
  knativeStartupProbe: true,
  knativePrivilegedFalse: true,
  knativeHostIPC: true,
  modelWithContainers: true,
  storageUris: true,
  confidentialModels: false,
  podResources: true,
  podResourceClaims: true,
  knativeOpenTelemetryMetrics: true,
  standardModeTimeout: true,
  loggerMetadataHeaders: true,
  loggerMetadataAnnotations: true,
  loggerStorageFormats: ['json', 'csv', 'parquet'],
  loggerBatching: true,
  llmApiVersion: 'serving.kserve.io/v1alpha2',
  llmWorkloadMetadata: true,
  llmScaling: true,
  llmStorageInitializer: true,
  llmSchedulerOptions: true,
  llmInferencePool: 'inference.networking.k8s.io/v1',
  llmManagedRouteWithGatewayRefs: true,
  llmPipelineParallelPresets: false,
  // v0.18.1: GatewayObjectReference.SectionName (CRD) and ValidateActuatorConsistency (llm_inference_service_validation.go).
  llmGatewaySectionName: true,
  llmActuatorConsistency: true,
  llmLoRA: false,
  llmModelCriticality: false,
  llmLocalModelCache: false,
  llmSingleNodeTensorParallel: false,
  llmTracing: false,
  llmKvCacheOffloading: false,
  llmTrafficSplitting: false,
  llmPoolAppProtocol: false,
  llmManagedDra: false,
  localModelCache: true,
  // v0.18.1:config/crd/full/localmodel/serving.kserve.io_localmodelnamespacecaches.yaml.
  localModelNamespaceCache: true,
};

/**
 * The KServe release an InferenceService (or any construct of this library) targets.
 *
 * The version decides which fields and annotation values may be emitted: deployment-mode names,
 * storage URI schemes, `spec.canary`, blocked env vars and other webhook rules changed between
 * releases. Validation mirrors the admission webhook of the chosen release.
 *
 * Each release carries its facts (what changed between releases) and call sites ask them by name;
 * supporting a new release is one entry here plus its install data in src/install/release.ts.
 *
 * @example
 * new InferenceService(chart, 'sklearn-iris', {
 *   version: KServeVersion.V0_20,
 *   predictor: { model: Model.sklearn(StorageUri.gcs('kfserving-examples', 'models/sklearn/1.0/model')) },
 * });
 * @category Platform
 */
export class KServeVersion {
  /** KServe v0.13 (validated against the v0.13.1 CRDs). */
  public static readonly V0_13 = new KServeVersion(0, 13, 1, {
    deploymentModeNames: { Knative: 'Serverless', Standard: 'RawDeployment' },
    predictorName: false,
    storageContainerName: false,
    standardCanary: false,
    multiNode: false,
    multiNodeStorageSchemes: [],
    blockedEnv: [],
    autoscalerClasses: ['hpa', 'external'],
    storageSchemes: ['s3', 'gs', 'azure-blob', 'azure-file', 'http', 'https', 'pvc', 'oci', 'file', 'hdfs', 'webhdfs'],
    s3EndpointScheme: false,
    s3SettingsFromSecretData: false,
    inferenceGraphFields: [],
    componentAutoScaling: false,
    knativeStartupProbe: false,
    knativePrivilegedFalse: false,
    knativeHostIPC: false,
    modelWithContainers: false,
    storageUris: false,
    confidentialModels: false,
    podResources: false,
    podResourceClaims: false,
    knativeOpenTelemetryMetrics: false,
    standardModeTimeout: false,
    // v0.13.1:pkg/apis/serving/v1beta1/inference_service.go LoggerSpec has url and mode only.
    loggerMetadataHeaders: false,
    loggerMetadataAnnotations: false,
    loggerStorageFormats: [],
    loggerBatching: false,
    // No LLM kinds before v0.16 (no config/crd/full/llmisvc).
    ...NO_LLM,
    localModelCache: false,
    localModelNamespaceCache: false,
  });

  /** KServe v0.14 (validated against the v0.14.1 CRDs). */
  public static readonly V0_14 = new KServeVersion(0, 14, 1, {
    deploymentModeNames: { Knative: 'Serverless', Standard: 'RawDeployment' },
    predictorName: false,
    storageContainerName: false,
    standardCanary: false,
    // v0.14.1:pkg/apis/serving/v1beta1/predictor.go WorkerSpec has `size` only: no pipeline/tensor parallel sizes.
    multiNode: false,
    multiNodeStorageSchemes: [],
    blockedEnv: [],
    autoscalerClasses: ['hpa', 'external'],
    // hf through the default ClusterStorageContainer (v0.14.1:config/storagecontainers/default.yaml).
    storageSchemes: ['s3', 'gs', 'azure-blob', 'azure-file', 'http', 'https', 'pvc', 'hf', 'oci', 'file', 'hdfs', 'webhdfs'],
    s3EndpointScheme: false,
    s3SettingsFromSecretData: false,
    inferenceGraphFields: [],
    componentAutoScaling: false,
    // Installed Knative 1.13.1 (v0.14.1:hack/quick_install.sh); the go.mod pin 1.15.2 is not what the cluster runs.
    knativeStartupProbe: false,
    knativePrivilegedFalse: false,
    knativeHostIPC: false,
    modelWithContainers: false,
    storageUris: false,
    confidentialModels: false,
    podResources: false,
    podResourceClaims: false,
    knativeOpenTelemetryMetrics: false,
    standardModeTimeout: false,
    // v0.14.1:pkg/apis/serving/v1beta1/inference_service.go LoggerSpec.MetadataHeaders.
    loggerMetadataHeaders: true,
    loggerMetadataAnnotations: false,
    loggerStorageFormats: [],
    loggerBatching: false,
    // No LLM kinds before v0.16 (no config/crd/full/llmisvc).
    ...NO_LLM,
    // LocalModelCache, LocalModelNodeGroup, LocalModelNode (v0.14.1:config/crd/full); no namespace cache yet.
    localModelCache: true,
    localModelNamespaceCache: false,
  });

  /** KServe v0.15 (validated against the v0.15.2 CRDs). */
  public static readonly V0_15 = new KServeVersion(0, 15, 2, {
    deploymentModeNames: { Knative: 'Serverless', Standard: 'RawDeployment' },
    predictorName: false,
    storageContainerName: false,
    standardCanary: false,
    // v0.15.2:pkg/apis/serving/v1beta1/predictor.go WorkerSpec with PipelineParallelSize/TensorParallelSize.
    multiNode: true,
    // v0.15.2:pkg/apis/serving/v1beta1/inference_service_validation.go: `storageProtocol != "pvc"`.
    multiNodeStorageSchemes: ['pvc'],
    blockedEnv: [],
    // v0.15.2:pkg/constants/constants.go AutoscalerAllowedClassList.
    autoscalerClasses: ['hpa', 'external', 'keda', 'none'],
    // v0.15.2:pkg/controller/v1beta1/inferenceservice/utils/utils.go SupportedStorageURIPrefixList gains hf.
    storageSchemes: ['s3', 'gs', 'azure-blob', 'azure-file', 'http', 'https', 'pvc', 'hf', 'oci', 'file', 'hdfs', 'webhdfs'],
    s3EndpointScheme: false,
    s3SettingsFromSecretData: false,
    // v0.15.2:pkg/apis/serving/v1alpha1/inference_graph.go.
    inferenceGraphFields: ['nodeSelector', 'serviceAccountName', 'tolerations'],
    componentAutoScaling: true,
    // Installed Knative 1.15.2 (v0.15.2:hack/quick_install.sh): startupProbe yes, hostIPC and privileged:false not yet.
    knativeStartupProbe: true,
    knativePrivilegedFalse: false,
    knativeHostIPC: false,
    modelWithContainers: true,
    storageUris: false,
    confidentialModels: false,
    podResources: true,
    podResourceClaims: true,
    knativeOpenTelemetryMetrics: false,
    // v0.15.2:pkg/controller/v1beta1/inferenceservice/reconcilers/ingress/httproute_reconciler.go (Gateway API only).
    standardModeTimeout: true,
    loggerMetadataHeaders: true,
    // v0.15.2:pkg/apis/serving/v1beta1/inference_service.go LoggerSpec.MetadataAnnotations.
    loggerMetadataAnnotations: true,
    loggerStorageFormats: [],
    loggerBatching: false,
    // No LLM kinds before v0.16 (no config/crd/full/llmisvc).
    ...NO_LLM,
    localModelCache: true,
    localModelNamespaceCache: false,
  });

  /** KServe v0.16 (validated against the v0.16.0 CRDs): the first release with the Knative and Standard mode names. */
  public static readonly V0_16 = new KServeVersion(0, 16, 0, {
    // v0.16.0:pkg/constants/constants.go: Knative/Standard; the validator compares these literals.
    deploymentModeNames: { Knative: 'Knative', Standard: 'Standard' },
    predictorName: false,
    storageContainerName: false,
    standardCanary: false,
    multiNode: true,
    // v0.16.0:pkg/apis/serving/v1beta1/inference_service_validation.go: pvc or oci.
    multiNodeStorageSchemes: ['pvc', 'oci'],
    blockedEnv: [],
    autoscalerClasses: ['hpa', 'external', 'keda', 'none'],
    storageSchemes: ['s3', 'gs', 'azure-blob', 'azure-file', 'http', 'https', 'pvc', 'hf', 'oci', 'file', 'hdfs', 'webhdfs'],
    s3EndpointScheme: false,
    // v0.16.0:pkg/credentials/s3/s3_secret.go passes the Secret's data to BuildS3EnvVars.
    s3SettingsFromSecretData: true,
    // v0.16.0:pkg/apis/serving/v1alpha1/inference_graph.go RouterTimeouts.
    inferenceGraphFields: ['nodeSelector', 'serviceAccountName', 'tolerations', 'routerTimeouts'],
    componentAutoScaling: true,
    // Installed Knative 1.15.2 (v0.16.0:kserve-deps.env), as at v0.15.2.
    knativeStartupProbe: true,
    knativePrivilegedFalse: false,
    knativeHostIPC: false,
    modelWithContainers: true,
    // v0.16.0:pkg/apis/serving/v1beta1/predictor.go StorageUris.
    storageUris: true,
    confidentialModels: false,
    podResources: true,
    podResourceClaims: true,
    knativeOpenTelemetryMetrics: false,
    standardModeTimeout: true,
    loggerMetadataHeaders: true,
    loggerMetadataAnnotations: true,
    // v0.16.0:pkg/apis/serving/v1beta1/inference_service.go LoggerStorageSpec; pkg/logger/store.go getMarshaller: json only.
    loggerStorageFormats: ['json'],
    loggerBatching: false,
    // v0.16.0:config/crd/full/llmisvc serves v1alpha1 only, without the v1alpha2 fields below; InferencePool from
    // gateway-api-inference-extension v0.3.0 (go.mod, config/llmisvc/gateway-inference-extension.yaml).
    llmApiVersion: 'serving.kserve.io/v1alpha1',
    llmWorkloadMetadata: false,
    llmScaling: false,
    llmStorageInitializer: false,
    llmSchedulerOptions: false,
    llmInferencePool: 'inference.networking.x-k8s.io/v1alpha2',
    llmManagedRouteWithGatewayRefs: false,
    llmPipelineParallelPresets: false,
    llmGatewaySectionName: false,
    llmActuatorConsistency: false,
    llmLoRA: false,
    // v0.16.0 LLMModelSpec.Criticality, read by expectedSchedulerInferenceModel (scheduler.go).
    llmModelCriticality: true,
    llmLocalModelCache: false,
    llmSingleNodeTensorParallel: false,
    llmTracing: false,
    llmKvCacheOffloading: false,
    llmTrafficSplitting: false,
    llmPoolAppProtocol: false,
    llmManagedDra: false,
    localModelCache: true,
    localModelNamespaceCache: false,
  });

  /** KServe v0.17 (validated against the v0.17.1 CRDs). */
  public static readonly V0_17 = new KServeVersion(0, 17, 1, {
    deploymentModeNames: { Knative: 'Knative', Standard: 'Standard' },
    predictorName: false,
    storageContainerName: false,
    standardCanary: false,
    multiNode: true,
    multiNodeStorageSchemes: ['pvc', 'oci'],
    blockedEnv: [],
    autoscalerClasses: ['hpa', 'external', 'keda', 'none'],
    storageSchemes: ['s3', 'gs', 'azure-blob', 'azure-file', 'http', 'https', 'pvc', 'hf', 'oci', 'file', 'hdfs', 'webhdfs'],
    // v0.17.1:pkg/credentials/s3/utils.go getEndpointConfiguration.
    s3EndpointScheme: true,
    s3SettingsFromSecretData: true,
    inferenceGraphFields: ['nodeSelector', 'serviceAccountName', 'tolerations', 'routerTimeouts'],
    componentAutoScaling: true,
    // Installed Knative 1.21.1 (v0.17.1:kserve-deps.env): every knative* fact holds.
    knativeStartupProbe: true,
    knativePrivilegedFalse: true,
    knativeHostIPC: true,
    modelWithContainers: true,
    storageUris: true,
    confidentialModels: false,
    podResources: true,
    podResourceClaims: true,
    knativeOpenTelemetryMetrics: true,
    standardModeTimeout: true,
    loggerMetadataHeaders: true,
    loggerMetadataAnnotations: true,
    // v0.17.1:cmd/agent/main.go startLogger: json, csv, parquet; LoggerSpec MarshallerURL, BatchSize, BatchInterval.
    loggerStorageFormats: ['json', 'csv', 'parquet'],
    loggerBatching: true,
    // v0.17.1:config/crd/full/llmisvc (v1alpha2), go.mod and config/llmisvc/gateway-inference-extension.yaml (InferencePool v1).
    llmApiVersion: 'serving.kserve.io/v1alpha2',
    llmWorkloadMetadata: true,
    llmScaling: true,
    llmStorageInitializer: true,
    llmSchedulerOptions: true,
    llmInferencePool: 'inference.networking.k8s.io/v1',
    llmManagedRouteWithGatewayRefs: true,
    llmPipelineParallelPresets: false,
    llmGatewaySectionName: false,
    llmActuatorConsistency: false,
    llmLoRA: false,
    llmModelCriticality: false,
    llmLocalModelCache: false,
    llmSingleNodeTensorParallel: false,
    llmTracing: false,
    llmKvCacheOffloading: false,
    llmTrafficSplitting: false,
    llmPoolAppProtocol: false,
    llmManagedDra: false,
    localModelCache: true,
    localModelNamespaceCache: false,
  });

  /** KServe v0.18 (validated against the v0.18.1 CRDs). */
  public static readonly V0_18 = new KServeVersion(0, 18, 1, V0_18_FACTS);

  /** KServe v0.19 (validated against the v0.19.0 CRDs; its facts are v0.18.1's but for LoRA and the LLM defaulter). */
  public static readonly V0_19 = new KServeVersion(0, 19, 0, {
    ...V0_18_FACTS,
    // v0.19.0:pkg/controller/v1alpha2/llmisvc/workload_lora.go and the CRD's lora limits.
    llmLoRA: true,
    llmModelCriticality: false,
    // v0.19.0:pkg/webhook/admission/llminferenceservice/defaulter.go SetLocalModelLabel.
    llmLocalModelCache: true,
  });

  /** KServe v0.20 (validated against the v0.20.0 CRDs). The default. */
  public static readonly V0_20 = new KServeVersion(0, 20, 0, {
    deploymentModeNames: { Knative: 'Knative', Standard: 'Standard' },
    predictorName: true,
    storageContainerName: true,
    standardCanary: true,
    multiNode: true,
    multiNodeStorageSchemes: ['pvc', 'oci'],
    blockedEnv: ['PYTHONPATH'],
    autoscalerClasses: ['hpa', 'external', 'keda', 'none'],
    storageSchemes: ['s3', 'gs', 'azure-blob', 'azure-file', 'http', 'https', 'pvc', 'hf', 'oci', 'oci+native', 'file', 'hdfs', 'webhdfs'],
    s3EndpointScheme: true,
    s3SettingsFromSecretData: true,
    inferenceGraphFields: ['nodeSelector', 'serviceAccountName', 'tolerations', 'routerTimeouts'],
    componentAutoScaling: true,
    knativeStartupProbe: true,
    knativePrivilegedFalse: true,
    knativeHostIPC: true,
    modelWithContainers: true,
    storageUris: true,
    confidentialModels: true,
    podResources: true,
    podResourceClaims: true,
    knativeOpenTelemetryMetrics: true,
    standardModeTimeout: true,
    loggerMetadataHeaders: true,
    loggerMetadataAnnotations: true,
    loggerStorageFormats: ['json', 'csv', 'parquet'],
    loggerBatching: true,
    llmApiVersion: 'serving.kserve.io/v1alpha2',
    llmWorkloadMetadata: true,
    llmScaling: true,
    llmStorageInitializer: true,
    llmSchedulerOptions: true,
    llmInferencePool: 'inference.networking.k8s.io/v1',
    llmManagedRouteWithGatewayRefs: true,
    llmPipelineParallelPresets: false,
    llmGatewaySectionName: true,
    llmActuatorConsistency: true,
    llmLoRA: true,
    llmModelCriticality: false,
    llmLocalModelCache: true,
    llmSingleNodeTensorParallel: true,
    llmTracing: true,
    llmKvCacheOffloading: true,
    llmTrafficSplitting: true,
    llmPoolAppProtocol: true,
    llmManagedDra: true,
    localModelCache: true,
    localModelNamespaceCache: true,
  });

  /** The version used when none is given. */
  public static readonly DEFAULT = KServeVersion.V0_20;

  /**
   * Every version this library can target, oldest first.
   *
   * @example
   * // One chart per supported release, e.g. for clusters that are upgraded one after another.
   * for (const version of KServeVersion.all()) {
   *   const release = new Chart(app, `iris-v${version.major}-${version.minor}`, { namespace: 'ml' });
   *   new InferenceService(release, 'sklearn-iris', {
   *     version,
   *     predictor: { model: Model.sklearn(StorageUri.gcs('kfserving-examples', 'models/sklearn/1.0/model')) },
   *   });
   * }
   */
  public static all(): KServeVersion[] {
    return [KServeVersion.V0_13, KServeVersion.V0_14, KServeVersion.V0_15, KServeVersion.V0_16, KServeVersion.V0_17,
      KServeVersion.V0_18, KServeVersion.V0_19, KServeVersion.V0_20];
  }

  /**
   * Looks a supported version up by its name (`v0.13`, `0.13.1`, `v0.20.0`...).
   * A version this library does not support is reported at synth by the construct that uses it (the value returned
   * then stands in for the default).
   *
   * @example
   * // The release as the platform team's configuration names it.
   * new KServeDefaults(chart, 'kserve-defaults', { version: KServeVersion.of('v0.20.0') });
   * new InferenceService(chart, 'sklearn-iris', {
   *   predictor: { model: Model.sklearn(StorageUri.gcs('kfserving-examples', 'models/sklearn/1.0/model')) },
   * });
   */
  public static of(version: string): KServeVersion {
    const match = /^v?(\d+)\.(\d+)(?:\.(\d+))?$/.exec(version.trim());
    const found = match && KServeVersion.all().find(v => v.major === Number(match[1]) && v.minor === Number(match[2]));
    // Our own rule: only versions with facts and schemas here are supported.
    return found || recordProblems(Object.create(KServeVersion.DEFAULT) as KServeVersion,
      [`KServeVersion.of(version): '${version}' is not a supported KServe version; supported: ${KServeVersion.all().map(v => v.name).join(', ')}`]);
  }

  /**
   * What this release changed, each fact named: call sites ask `version._facts.predictorName` instead of
   * comparing versions.
   * @internal
   */
  public readonly _facts: ReleaseFacts;

  private constructor(
    /** Major version number. */
    public readonly major: number,
    /** Minor version number. */
    public readonly minor: number,
    /** Patch release whose CRDs and webhook rules this library mirrors. */
    public readonly patch: number,
    facts: ReleaseFacts,
  ) {
    this._facts = facts;
  }

  /** The full release name, for example `v0.20.0`. */
  public get name(): string {
    return `v${this.major}.${this.minor}.${this.patch}`;
  }

  /** Whether this version is the given one or newer. */
  public isAtLeast(other: KServeVersion): boolean {
    return this.major > other.major || (this.major === other.major && this.minor >= other.minor);
  }

  /** The release name. */
  public toString(): string {
    return this.name;
  }
}

// JavaScript callers get the checks the compiler gives TypeScript callers (private/shape.ts).
guardMethods(KServeVersion);
registerStandIn('KServeVersion', () => KServeVersion.DEFAULT);
