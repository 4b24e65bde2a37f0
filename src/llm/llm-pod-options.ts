import { ServingPodOptions } from '../serving-pod-options';

/**
 * A pod of an LLMInferenceService (`template`, `worker`, or the scheduler's `template`), written with the same typed
 * pieces as an InferenceService component. KServe merges it onto its presets (the `kserve-config-llm-*`
 * LLMInferenceServiceConfigs) with a strategic merge patch, containers by name: the options of the main container
 * land on the container named `main`, the one the presets run vLLM (or the scheduler) in
 * (config/llmisvcconfig/*.yaml and `attachModelArtifacts(..., "main", ...)` in
 * pkg/controller/v1alpha2/llmisvc/workload_single_node.go at v0.20.0). What is not given keeps the preset's value.
 * @category LLM
 */
export interface LLMPodOptions extends ServingPodOptions {
  /**
   * The image of the main container.
   * @default - the preset's (`ghcr.io/llm-d/llm-d-cuda` for the model server: v0.8.0 at KServe v0.20.0, v0.6.0 at v0.18.1 and
   *   v0.19.0, v0.4.0 at v0.17.1; `ghcr.io/llm-d/llm-d-dev:v0.2.2` at v0.16.0; config-llm-template.yaml)
   */
  readonly image?: string;
}
