export * from './kserve-version';
export * from './deployment-mode';
export * from './protocol-version';
export * from './storage-uri';
export * from './model-storage';
export * from './model';
export { ConfidentialModel } from './confidential-model';
export { StorageMount } from './storage-mount';
export * from './serving-pod-options';
export { Batcher, ComponentOptions, ComponentType, CustomComponentOptions, Logger, LoggerMode, LoggerStorage, PredictorOptions } from './component';
export { Toleration, TolerationOptions } from './toleration';
export { ExtendedResource } from './extended-resource';
export { DeploymentStrategy, RollingUpdateOptions } from './deployment-strategy';
export { DnsConfig } from './dns-config';
export { MultiNode } from './multi-node';
export { PreemptionPolicy } from './preemption-policy';
export { CustomContainer } from './custom-container';
export { MainContainerOptions } from './main-container-options';
export { PodOptions, PodResources } from './pod-options';
export { PodOs } from './pod-os';
export { ResourceClaim, ResourceClaimOptions } from './resource-claim';
export { ResizePolicy, ResizeRestartPolicy } from './resize-policy';
export { TerminationMessagePolicy } from './termination-message-policy';
export { VolumeDevice } from './volume-device';
export * from './pod-names';
export {
  COMPONENT_LABEL, INFERENCE_SERVICE_LABEL, InferenceService, InferenceServiceProps, METRIC_AGGREGATION_ANNOTATION, MetricsOptions,
  PROMETHEUS_SCRAPING_ANNOTATION,
} from './inference-service';
export * from './secret-source';
export * from './model-storage-secret';
export * from './autoscaling';
export * from './canary-rollout';
export * from './monitoring/metrics';
export { KnativeMetrics, KnativeMetricsProtocol, KnativeOtelMetricNames } from './monitoring/knative-metrics';
export * from './monitoring/monitor-kind';
export { MonitorBase, MonitorProps, ScrapeOptions } from './monitoring/monitor-base';
export * from './monitoring/service-monitor';
export * from './monitoring/pod-monitor';
export * from './monitoring/inference-service-alerts';
export * from './monitoring/llm-pod-monitor';
export * from './monitoring/dashboard-options';
export * from './monitoring/inference-service-dashboard';
export * from './monitoring/kserve-fleet-dashboard';
// Not RuntimeDefinition (@internal: the shared logic of the two runtime constructs).
export type { IServingRuntime, ModelFormatSupport, RuntimeContainer, ServingRuntimeOptions } from './runtimes/runtime-definition';
export * from './runtimes/serving-runtime-base';
export * from './runtimes/serving-runtime';
export * from './runtimes/cluster-serving-runtime';
// Not installCrdNames or CrdParts (@internal: the install's own).
export { CrdSource } from './install/crd-source';
export * from './install/webhook-certificates';
// Not renderInferenceServiceConfig or validateInferenceServiceConfig (@internal: KServeInstall renders and checks its config).
export type { IngressConfig, InferenceServiceConfigOptions, S3Defaults, SidecarResources } from './install/inference-service-config';
export { KServeInstallImages } from './install/install-images';
export * from './install/kserve-install';
export * from './inference-graph';
export * from './runbook';
// Gateway API references (issue #17: the LLM router's Gateway and HTTPRoute)
export * from './gateway/gateway-ref';
export * from './gateway/http-route-ref';
// Gateway API objects (issue #17, slice gw: the Gateway and HTTPRoute around the LLM router)
export * from './gateway/gateway';
export * from './gateway/http-route-rule';
export * from './gateway/http-route';
export * from './gateway/http-route-filter';
// Local model caches (issue #17: LocalModelNodeGroup, LocalModelCache, LocalModelNamespaceCache)
export * from './model-cache/node-group-volume';
export * from './model-cache/local-model-node-group';
export { LocalModelCacheProps, ModelCacheBase } from './model-cache/model-cache-base';
export * from './model-cache/local-model-cache';
export * from './model-cache/local-model-namespace-cache';
export { DISABLE_LOCAL_MODEL_ANNOTATION, NODE_GROUP_ANNOTATION } from './private/model-cache';
// LLM serving (issue #17, slice llm): LLMInferenceService, LLMInferenceServiceConfig and their spec pieces
export { PodSpecOptions } from './pod-options';
export * from './llm/llm-pod-options';
export * from './llm/llm-model';
export * from './llm/parallelism';
export * from './llm/llm-scaling';
export * from './llm/kv-cache-offloading';
export * from './llm/llm-workload';
export * from './llm/llm-router';
export * from './llm/llm-spec';
export * from './llm/llm-inference-service-config';
export * from './llm/llm-inference-service';
// App-wide and chart-wide defaults (issue #18, slice plusdefaults): the KServe version and deployment mode, set once
export * from './kserve-defaults';
// Fleets (issue #19): an App whose synth walks the app once, not once per chart
export * from './fleet-app';
// issue #21: YAML adoption (convertManifests; the CLI `cdk8s-kserve convert` is src/convert/cli.ts)
export { ConvertNote, ConvertOptions, ConvertResult, ConvertSource, convertManifests } from './convert/convert-manifests';
