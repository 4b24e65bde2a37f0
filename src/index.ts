export * from './kserve-version';
export * from './deployment-mode';
export * from './protocol-version';
export * from './storage-uri';
export * from './model';
export { Batcher, ComponentOptions, ComponentType, CustomComponentOptions, Logger, LoggerMode, PredictorOptions } from './component';
export { Toleration, TolerationOptions } from './toleration';
export { ExtendedResource } from './extended-resource';
export { DeploymentStrategy, RollingUpdateOptions } from './deployment-strategy';
export { DnsConfig } from './dns-config';
export { MultiNode } from './multi-node';
export { PreemptionPolicy } from './preemption-policy';
export { CustomContainer } from './custom-container';
export { MainContainerOptions } from './main-container-options';
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
export * from './monitoring/monitor-kind';
export { MonitorBase, MonitorProps } from './monitoring/monitor-base';
export * from './monitoring/service-monitor';
export * from './monitoring/pod-monitor';
export * from './monitoring/inference-service-alerts';
export * from './runtimes/runtime-definition';
export * from './runtimes/serving-runtime-base';
export * from './runtimes/serving-runtime';
export * from './runtimes/cluster-serving-runtime';
export * from './install/crd-source';
export * from './install/webhook-certificates';
export * from './install/inference-service-config';
export * from './install/kserve-install';
export * from './inference-graph';
export * from './runbook';
