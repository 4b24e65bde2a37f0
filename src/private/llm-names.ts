import { createHash } from 'crypto';

// What KServe's LLMInferenceService controller names and labels (v0.20.0), for runbooks and monitors: one home for
// these facts. Constants: pkg/constants/constants.go; objects: pkg/controller/v1alpha2/llmisvc/.

/** `app.kubernetes.io/name`: the service's name, on every object the controller creates (KubernetesAppNameLabelKey). */
export const LLM_NAME_LABEL = 'app.kubernetes.io/name';
/** `app.kubernetes.io/part-of: llminferenceservice` (KubernetesPartOfLabelKey, LLMInferenceServicePartOfValue). */
export const LLM_PART_OF_LABEL = 'app.kubernetes.io/part-of';
export const LLM_PART_OF = 'llminferenceservice';
/** `app.kubernetes.io/component` (KubernetesComponentLabelKey) of the scheduler's pods (LLMComponentRouterScheduler). */
export const LLM_COMPONENT_LABEL = 'app.kubernetes.io/component';
export const LLM_SCHEDULER_COMPONENT = 'llminferenceservice-router-scheduler';
/** `kserve.io/component: workload` (KServeComponentLabelKey) on every pod that serves the model: main, prefill, LWS. */
export const LLM_WORKLOAD_LABEL = 'kserve.io/component';
export const LLM_WORKLOAD = 'workload';

/** The name of the vLLM container in every preset pod, and of the scheduler's container (config/llmisvcconfig at v0.20.0). */
export const LLM_MAIN_CONTAINER = 'main';
/** The routing sidecar in front of vLLM in a decode pod with prefill (config-llm-decode-template.yaml at v0.20.0). */
export const LLM_ROUTING_SIDECAR = 'llm-d-routing-sidecar';

/**
 * The ports vLLM listens on in the presets (config/llmisvcconfig at v0.20.0): 8000, or 8001 in a decode pod whose
 * routing sidecar takes 8000 (prefill/decode disaggregation). vLLM serves the OpenAI API and `/metrics` on it.
 */
export const VLLM_PORTS = [8000, 8001];
/** The workload Service's port, for vLLM or the routing sidecar (reconcileWorkloadService, workload.go at v0.20.0). */
export const LLM_WORKLOAD_PORT = 8000;
/** The scheduler's named metrics port (9090, `metrics`; config-llm-scheduler.yaml at v0.20.0). */
export const LLM_SCHEDULER_METRICS_PORT = 'metrics';

/**
 * kmeta.ChildName (knative.dev/pkg kmeta/names.go, at the version KServe v0.20.0 pins), as the controller names its
 * objects: `<parent><suffix>`, or when that is longer than 63 characters, the parent cut to fit a 32-character md5 of
 * it before the suffix; for a suffix of 31 characters or more (a LoRA adapter's name after `lora-pvc-`), the parent
 * (at most 31), an md5 of both and the start of the suffix, 63 in all, ending on an alphanumeric.
 */
export function childName(parent: string, suffix: string): string {
  if (parent.length + suffix.length <= 63) return `${parent}${suffix}`;
  const md5 = (s: string) => createHash('md5').update(s).digest('hex');
  if (suffix.length < 31) return `${parent.slice(0, 31 - suffix.length)}${md5(parent)}${suffix}`;
  const name = `${parent.slice(0, 31)}${md5(parent + suffix)}`;
  return `${name}${suffix.slice(0, Math.max(63 - name.length, 0))}`.replace(/[^a-zA-Z0-9]+$/, '');
}

/** The workload Service `<name>-kserve-workload-svc` (workloadServiceName, workload.go at v0.20.0). */
export function llmWorkloadServiceName(name: string): string {
  return childName(name, '-kserve-workload-svc');
}

/** The main workload's Deployment `<name>-kserve` (mainDeploymentName, workload_single_node.go at v0.20.0). */
export function llmDeploymentName(name: string): string {
  return childName(name, '-kserve');
}

/** The scheduler's Deployment `<name>-kserve-router-scheduler` (scheduler.go at v0.20.0). */
export function llmSchedulerDeploymentName(name: string): string {
  return childName(name, '-kserve-router-scheduler');
}

/** The labels of every pod of the service: the workload's, the prefill's, the LeaderWorkerSets' and the scheduler's. */
export function llmPodLabels(name: string): Record<string, string> {
  return { [LLM_NAME_LABEL]: name, [LLM_PART_OF_LABEL]: LLM_PART_OF };
}

/** The model-serving pods (GetWorkloadLabelSelector, workload.go at v0.20.0, without the role). */
export function llmWorkloadSelector(name: string): Record<string, string> {
  return { ...llmPodLabels(name), [LLM_WORKLOAD_LABEL]: LLM_WORKLOAD };
}

/** The scheduler's pods (SchedulerLabels, scheduler.go at v0.20.0). */
export function llmSchedulerSelector(name: string): Record<string, string> {
  return { ...llmPodLabels(name), [LLM_COMPONENT_LABEL]: LLM_SCHEDULER_COMPONENT };
}


/**
 * The parts of an LLMInferenceService's merged spec the runbook and monitors depend on: `true`/`false` when the
 * service and the configs of this app decide, `undefined` when a config referenced by name may.
 */
export interface LLMServingShape {
  /** Whether a prefill workload exists. */
  readonly prefill: boolean | undefined;
  /** Whether KServe runs a scheduler (endpoint picker) for the service. */
  readonly managedScheduler: boolean | undefined;
  /** Whether KServe's router gives the service an HTTPRoute. */
  readonly route: boolean | undefined;
  /** The LoRA adapters' names (each a model name in requests). */
  readonly adapters: string[];
}
