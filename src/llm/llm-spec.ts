import { KServeVersion } from '../kserve-version';
import { LLMModel } from './llm-model';
import { LLMRouter } from './llm-router';
import { LLMWorkloadOptions } from './llm-workload';

/**
 * A reference to an LLMInferenceServiceConfig: an `LLMInferenceServiceConfig` of this app or one by name.
 * @category LLM
 */
export interface ILLMInferenceServiceConfig {
  /** The config's name. */
  readonly configName: string;

  /**
   * The config's namespace, when known. KServe looks configs up in the service's namespace, then in its own.
   * @default - unknown (a config referenced by name)
   */
  readonly configNamespace?: string;
}

/**
 * Distributed tracing of every component (`tracing`): KServe sets the OpenTelemetry variables. `{}` enables it with
 * KServe's defaults.
 * @category LLM
 */
export interface LLMTracing {
  /**
   * The OTLP endpoint (`exporterEndpoint`, OTEL_EXPORTER_OTLP_ENDPOINT).
   * @default - KServe's ('http://otel-collector:4317')
   */
  readonly exporterEndpoint?: string;

  /**
   * The sampler (`sampler`, OTEL_TRACES_SAMPLER).
   * @default - KServe's ('parentbased_traceidratio')
   */
  readonly sampler?: string;

  /**
   * The sampler's argument (`samplerArg`, OTEL_TRACES_SAMPLER_ARG), e.g. the ratio '0.1'.
   * @default - KServe's ('0.05')
   */
  readonly samplerArg?: string;

  /**
   * The exporter (`exporter`, OTEL_TRACES_EXPORTER).
   * @default - KServe's ('otlp')
   */
  readonly exporter?: string;
}

/**
 * The storage initializer that downloads the model (`storageInitializer`).
 * @category LLM
 */
export interface LLMStorageInitializer {
  /**
   * Whether KServe adds it (`enabled`); `false` when the model is in the image or an init container of your own
   * fetches it.
   * @default true
   */
  readonly enabled?: boolean;
}

/**
 * The spec of an LLMInferenceService or LLMInferenceServiceConfig (`LLMInferenceServiceSpec`): the main (decode)
 * workload's fields, with the model, the router, the prefill workload and the rest.
 * @category LLM
 */
export interface LLMSpecOptions extends LLMWorkloadOptions {
  /**
   * The model (`model`).
   * @default - none: a config in `baseRefs` gives it
   */
  readonly model?: LLMModel;

  /**
   * The storage initializer (`storageInitializer`); from KServe v0.17 (v0.16 always attaches the model).
   * @default - enabled
   */
  readonly storageInitializer?: LLMStorageInitializer;

  /**
   * How the service is exposed (`router`).
   * @default - not exposed beyond its workload Service
   */
  readonly router?: LLMRouter;

  /**
   * A prefill workload for prefill/decode disaggregation (`prefill`): KServe runs it beside the main (decode)
   * workload, and the scheduler sends prompts to it.
   * @default - no disaggregation
   */
  readonly prefill?: LLMWorkloadOptions;

  /**
   * Distributed tracing (`tracing`).
   * @default - no tracing
   */
  readonly tracing?: LLMTracing;
}

/**
 * Props of an LLMInferenceService or an LLMInferenceServiceConfig: the object's metadata and its spec.
 * @category LLM
 */
export interface LLMObjectProps extends LLMSpecOptions {
  /**
   * The object's name.
   * @default - the construct id
   */
  readonly name?: string;

  /**
   * The namespace.
   * @default - the chart's namespace; without one, the namespace `kubectl apply` targets
   */
  readonly namespace?: string;

  /**
   * The KServe release the cluster runs; LLMInferenceService needs v0.16 or later (written as `serving.kserve.io/v1alpha1`
   * on v0.16, `v1alpha2` from v0.17), and a field its release lacks is an error naming the first release that has it.
   * @default - the scope's KServeDefaults or `cdk8s-kserve:version` context (chart, then app), else KServeVersion.DEFAULT (v0.20)
   */
  readonly version?: KServeVersion;

  /**
   * Labels on the object.
   * @default - none
   */
  readonly metadataLabels?: Record<string, string>;

  /**
   * Annotations on the object.
   * @default - none
   */
  readonly metadataAnnotations?: Record<string, string>;
}
