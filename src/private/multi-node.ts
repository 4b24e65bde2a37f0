/*
 * Multi-node predictors (`spec.predictor.workerSpec`, KServe v0.20): render and rules. Sources, all at v0.20.0:
 * validateMultiNodeVariables (pkg/apis/serving/v1beta1/inference_service_validation.go), multiNodeProcess and
 * reconcileWorker (pkg/controller/v1beta1/inferenceservice/components/predictor.go), constants
 * (pkg/constants/constants.go).
 */
import { EnvValue } from 'cdk8s-plus-28';
import { renderResources, validateResources } from './resources';
import { imageErrors, validateEnvName, wholeNumberErrors } from './validation';
import type * as l1 from '../../imports/kserve-inferenceservice-serving.kserve.io';
import { DeploymentMode } from '../deployment-mode';
import { ExtendedResource, extendedResourceErrors, extendedResourceQuantities } from '../extended-resource';
import { KServeVersion } from '../kserve-version';
import { needsRelease } from './releases';
import { MultiNode } from '../multi-node';
import { isvc } from './l1-runtime.generated';

/** The worker container's name: KServe merges the runtime's container of this name with ours (`WorkerContainerName`). */
export const WORKER_CONTAINER_NAME = 'worker-container';

/** InferenceService annotation listing extra GPU resource names as a JSON array (`CustomGPUResourceTypesAnnotationKey`). */
export const GPU_RESOURCE_TYPES_ANNOTATION = 'serving.kserve.io/gpu-resource-types';

/** The GPU resources KServe knows without the annotation (`DefaultGPUResourceTypeList`). */
const KNOWN_GPU_TYPES = ['nvidia.com/gpu', 'amd.com/gpu', 'intel.com/gpu', 'habana.ai/gaudi'];

/** Env vars the webhook rejects on the head when a workerSpec is set (`DisallowedWorkerSpec*EnvError`). */
const PARALLEL_SIZE_ENV = ['PIPELINE_PARALLEL_SIZE', 'TENSOR_PARALLEL_SIZE'];
/** Env vars multiNodeProcess writes over on the head (`AddEnvVarToPodSpec`); our rule: no silent overwrite. */
const HEAD_ENV_SET_BY_KSERVE = ['RAY_NODE_COUNT', 'REQUEST_GPU_COUNT', 'MODEL_NAME', 'MODEL_DIR'];
/** Env vars multiNodeProcess writes over on the worker. */
const WORKER_ENV_SET_BY_KSERVE = [...PARALLEL_SIZE_ENV, 'RAY_NODE_COUNT', 'REQUEST_GPU_COUNT', 'ISVC_NAME', 'HEAD_SVC', 'WORKER_SVC'];

/** The predictor's workerSpec; undefined without `multiNode`. */
export function renderWorkerSpec(multiNode: MultiNode | undefined): l1.InferenceServiceSpecPredictorWorkerSpec | undefined {
  if (multiNode === undefined) return undefined;
  const m = multiNode;
  const env = Object.entries(m.workerEnv ?? {}).map(([name, value]) => ({ name, value: value.value, valueFrom: value.valueFrom }));
  const resources = renderResources(m.workerResources,
    isvc.InferenceServiceSpecPredictorWorkerSpecContainersResourcesLimits, isvc.InferenceServiceSpecPredictorWorkerSpecContainersResourcesRequests,
    extendedResourceQuantities(m.workerExtendedResources));
  const container = m.workerImage !== undefined || m.workerArgs !== undefined || env.length > 0 || resources !== undefined
    ? {
      name: WORKER_CONTAINER_NAME,
      image: m.workerImage,
      args: m.workerArgs,
      env: env.length > 0 ? env : undefined,
      resources,
    }
    : undefined;
  return {
    pipelineParallelSize: m.pipelineParallelSize,
    tensorParallelSize: m.tensorParallelSize,
    containers: container && [container],
  };
}

/** What the multi-node rules look at besides `multiNode` itself. */
export interface MultiNodeContext {
  readonly mode: DeploymentMode;
  readonly version: KServeVersion;
  /** The model's storage URI, when the predictor serves a model. */
  readonly storageUri: string | undefined;
  /** Whether the predictor is a custom container. */
  readonly customContainer: boolean;
  /** The autoscaler class the predictor runs under. */
  readonly autoscalerClass: string;
  /** The head's env and extended resources. */
  readonly env: Record<string, EnvValue> | undefined;
  readonly extendedResources: ExtendedResource[] | undefined;
  /** The InferenceService's own annotations (the GPU type annotation). */
  readonly serviceAnnotations: Record<string, string> | undefined;
}

/** Problems with `multiNode`, each naming `spec.predictor.multiNode` or the field to change. */
export function multiNodeErrors(multiNode: MultiNode | undefined, c: MultiNodeContext): string[] {
  if (multiNode === undefined) return [];
  const field = 'spec.predictor.multiNode';
  // Fact multiNode: the CRD schema of the target release (workerSpec).
  if (!c.version._facts.multiNode) {
    return [`${field} ${needsRelease(v => v._facts.multiNode, c.version)}: its InferenceService has no workerSpec with `
      + 'pipelineParallelSize and tensorParallelSize; remove it or target a newer KServeVersion'];
  }
  const m = multiNode;
  const errors: string[] = [];
  // Only the Standard-mode reconciler creates the worker Deployment; Knative mode drops the worker pod spec (Predictor.Reconcile,
  // components/predictor.go at v0.20.0).
  if (c.mode.isKnative) {
    errors.push(`${field} needs DeploymentMode.STANDARD: in '${c.mode.annotationValue(c.version)}' mode KServe never creates the worker pods`);
  }
  // The worker comes from the runtime's workerSpec (multiNodeProcess, components/predictor.go); a custom container has no runtime.
  if (c.customContainer) {
    errors.push(`${field} needs a predictor 'model' on a ServingRuntime with a workerSpec (e.g. kserve-huggingfaceserver-multinode); a custom 'container' has none`);
  }
  // Fact multiNodeStorageSchemes (validateMultiNodeVariables, inference_service_validation.go: pvc at v0.15.2, pvc or oci from v0.16.0).
  const schemes = c.version._facts.multiNodeStorageSchemes;
  const allowed = schemes.map(s => `${s}://`).join(' or ');
  if (c.storageUri === undefined && !c.customContainer) {
    // MissingStorageURI (validateMultiNodeVariables, inference_service_validation.go at v0.20.0): a storage.path model has none.
    errors.push(`${field}: KServe ${c.version.name} serves multi-node models only from a ${allowed} storageUri; the model has no storageUri (ModelStorage.path)`);
  } else if (c.storageUri !== undefined) {
    const scheme = c.storageUri.split('://')[0];
    if (!schemes.includes(scheme)) {
      const later = KServeVersion.all().some(v => v._facts.multiNodeStorageSchemes.includes(scheme))
        ? ` (${scheme}:// ${needsRelease(v => v._facts.multiNodeStorageSchemes.includes(scheme), c.version)})` : '';
      errors.push(`${field}: KServe ${c.version.name} serves multi-node models only from ${allowed} storage; the model's storageUri is '${c.storageUri}'${later}`);
    }
  }
  if (c.autoscalerClass !== 'none') {
    errors.push(`${field}: KServe runs multi-node predictors without an autoscaler; set the predictor's autoscaling to Autoscaling.fixed(replicas) `
      + `(autoscaler class 'none', not '${c.autoscalerClass}')`);
  }
  for (const name of Object.keys(c.env ?? {})) {
    if (PARALLEL_SIZE_ENV.includes(name)) {
      errors.push(`spec.predictor.env['${name}'] is not allowed with multiNode; set ${field}.${name === 'PIPELINE_PARALLEL_SIZE' ? 'pipelineParallelSize' : 'tensorParallelSize'}`);
    } else if (HEAD_ENV_SET_BY_KSERVE.includes(name)) {
      // Our own safety rule: multiNodeProcess (components/predictor.go at v0.20.0) overwrites them silently.
      errors.push(`spec.predictor.env['${name}'] is set by KServe on a multi-node head and would be overwritten; remove it`);
    }
  }
  // KServe derives the node count from them, which becomes the worker Deployment's replicas, an int32
  // (multiNodeProcess, components/predictor.go; deployment_reconciler.go at v0.20.0).
  for (const prop of ['pipelineParallelSize', 'tensorParallelSize'] as const) {
    errors.push(...wholeNumberErrors(m[prop], `${field}.${prop}`, 1));
  }
  const gpuTypes = knownGpuTypes(c.serviceAnnotations);
  if (typeof gpuTypes === 'string') {
    errors.push(gpuTypes);
  } else {
    errors.push(...gpuTypeErrors(c.extendedResources, 'spec.predictor.extendedResources', gpuTypes));
    errors.push(...gpuTypeErrors(m.workerExtendedResources, `${field}.workerExtendedResources`, gpuTypes));
  }
  errors.push(...workerErrors(m, field, c.version));
  return errors;
}

/** The worker container's own fields: image, env names, resources. */
function workerErrors(m: MultiNode, field: string, version: KServeVersion): string[] {
  const errors: string[] = [];
  if (m.workerImage !== undefined) errors.push(...imageErrors(m.workerImage, `${field}.workerImage`));
  // Env KServe overwrites on workers (multiNodeProcess, components/predictor.go): our own rule.
  for (const name of Object.keys(m.workerEnv ?? {})) {
    errors.push(...validateEnvName(name, `${field}.workerEnv`));
    if (WORKER_ENV_SET_BY_KSERVE.includes(name)) {
      errors.push(`${field}.workerEnv['${name}'] is set by KServe on the workers and would be overwritten; remove it`);
    }
    // Worker containers are checked against the blocked list too (validateBlockedEnvVars).
    if (version._facts.blockedEnv.includes(name)) {
      errors.push(`${field}.workerEnv: setting ${name} is not allowed by KServe ${version.name} (security policy)`);
    }
  }
  errors.push(...validateResources(m.workerResources, `${field}.workerResources`));
  errors.push(...extendedResourceErrors(m.workerExtendedResources, `${field}.workerExtendedResources`));
  return errors;
}

/**
 * The GPU resource names KServe accepts for this service: its defaults plus the annotation's list
 * (UpdateGPUResourceTypeListByAnnotation, pkg/utils/utils.go); or the error when the annotation is not a list.
 */
function knownGpuTypes(annotations: Record<string, string> | undefined): string[] | string {
  const listed = annotations?.[GPU_RESOURCE_TYPES_ANNOTATION];
  if (listed === undefined) return KNOWN_GPU_TYPES;
  let parsed: unknown;
  try {
    parsed = JSON.parse(listed);
  } catch {
    parsed = undefined;
  }
  // IsValidCustomGPUArray: a non-empty JSON array of non-empty strings.
  if (!(Array.isArray(parsed) && parsed.length > 0 && parsed.every(t => typeof t === 'string' && t !== ''))) {
    return `metadata.annotations['${GPU_RESOURCE_TYPES_ANNOTATION}'] '${listed}' must be a JSON array of resource names, e.g. '["example.com/gpu"]'`;
  }
  return [...KNOWN_GPU_TYPES, ...parsed as string[]];
}

/**
 * Extended resources KServe would not take for GPUs: with a workerSpec every resource besides cpu, memory, storage
 * and ephemeral-storage must be a known GPU type (HasUnknownGpuResourceType, pkg/utils/utils.go), else the webhook
 * rejects the service.
 */
function gpuTypeErrors(resources: ExtendedResource[] | undefined, field: string, known: string[]): string[] {
  return (resources ?? []).filter(r => !known.includes(r.name)).map(r =>
    `${field}: '${r.name}' is not a GPU type KServe knows for multi-node serving (${KNOWN_GPU_TYPES.join(', ')}); `
    + `list it in the InferenceService annotation '${GPU_RESOURCE_TYPES_ANNOTATION}' (a JSON array)`);
}
