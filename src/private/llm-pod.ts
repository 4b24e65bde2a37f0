/*
 * The pods of an LLMInferenceService (`template`, `worker`, the scheduler's `template`): rendered and checked with the
 * same functions as an InferenceService component's pod (main-container.ts, pod-fields.ts, pod-extras.ts,
 * resources.ts, volumes.ts), into a core/v1 PodSpec whose main container is named `main`, the name KServe's presets
 * give the container it merges onto (config/llmisvcconfig/*.yaml; the controller attaches the model to "main",
 * pkg/controller/v1alpha2/llmisvc/workload_single_node.go and workload_multi_node.go at v0.20.0).
 */
import { IConstruct } from 'constructs';
import { DeploymentMode } from '../deployment-mode';
import { ExtendedResource, extendedResourceErrors, extendedResourceQuantities } from '../extended-resource';
import { KServeVersion } from '../kserve-version';
import { isvc } from './l1-runtime.generated';
import { LLMPodOptions } from '../llm/llm-pod-options';
import { StorageUri } from '../storage-uri';
import { renderTolerations } from '../toleration';
import { mainContainerErrors, MainContainerTarget, renderMainContainer } from './main-container';
import { podExtraErrors, PodExtrasContext, renderPodExtras } from './pod-extras';
import { mainContainerClaims, podFieldErrors, podPlacementErrors, renderPodFields } from './pod-fields';
import { referenceNamespaceErrors } from './references';
import { renderResources, validateResources, withClaims } from './resources';
import { checkField, durationAmount, imageErrors, validateEnvName } from './validation';
import type * as l1 from '../../imports/kserve-inferenceservice-serving.kserve.io';

/** The container of an LLM pod that KServe's presets run the server in, and merge the typed options onto. */
export const LLM_MAIN_CONTAINER = 'main';

/** A pod spec in its JSON form (core/v1 PodSpec). */
export type PodSpecJson = Record<string, unknown>;

/** Where an LLM pod renders and is checked. */
export interface LLMPodContext {
  /** The prop path of the pod, e.g. `spec.template`, `spec.prefill.worker`, `spec.router.scheduler.template`. */
  readonly field: string;
  readonly version: KServeVersion;
  readonly namespace: string;
  /** The pod runs the model server (the workloads' pods; not the scheduler's). */
  readonly server: boolean;
  /**
   * KServe brings the model into the main container at /mnt/models: a model server pod with the storage initializer
   * enabled (attachModelArtifacts returns first when it is disabled, workload_storage.go at v0.20.0).
   */
  readonly modelMounted: boolean;
  /** The model URI, for the credential checks. */
  readonly modelUri?: StorageUri;
  /** The URIs the pod's storage initializer downloads with the credentials: the model's and the adapters' (llm-checks.ts). */
  readonly downloads?: readonly StorageUri[];
}

/**
 * The volume KServe's model server presets mount at /dev/shm (a 1 GiB memory emptyDir `dshm`,
 * config/llmisvcconfig/config-llm-*.yaml at v0.20.0). `sharedMemory` writes a volume of this name: the controller merges
 * the service's template onto the preset's by strategic merge (mergeSpecs, config_merge.go at v0.20.0), where core/v1
 * merges `volumes` by name and `volumeMounts` by mountPath, so the preset's volume takes the size given instead of
 * staying in the pod next to a second one.
 */
export const LLM_SHARED_MEMORY_VOLUME = 'dshm';

/** LLM pods run as Deployments or LeaderWorkerSets: no Knative rules apply. */
const MODE = DeploymentMode.STANDARD;

/** The port vLLM serves on in KServe's model server presets (`--port 8000`, config/llmisvcconfig/*.yaml at v0.20.0). */
export const LLM_SERVER_PORT = 8000;

function target(ctx: LLMPodContext): MainContainerTarget {
  return ctx.server
    ? { mode: MODE, version: ctx.version, presetPort: LLM_SERVER_PORT }
    : { mode: MODE, version: ctx.version, unknownPortReason: "the scheduler's ports come from its preset" };
}

function extrasContext(ctx: LLMPodContext): PodExtrasContext {
  return {
    component: ctx.field.replace(/^spec\./, ''),
    knative: false,
    version: ctx.version,
    model: false,
    mainPort: true,
    downloadsModel: ctx.modelMounted,
    mainContainer: LLM_MAIN_CONTAINER,
    sharedMemoryVolume: LLM_SHARED_MEMORY_VOLUME,
  };
}

/** The pod spec as KServe's CRD takes it (core/v1 PodSpec JSON), only the fields given. */
export function renderLlmPod(o: LLMPodOptions, ctx: LLMPodContext): PodSpecJson {
  const pod = renderPodExtras(o, extrasContext(ctx));
  const env = Object.entries(o.env ?? {}).map(([name, value]) => ({ name, value: value.value, valueFrom: value.valueFrom }));
  const main: l1.InferenceServiceSpecPredictorContainers = {
    name: LLM_MAIN_CONTAINER,
    image: o.image,
    ...renderMainContainer(o, target(ctx)),
    args: o.args,
    env: env.length > 0 ? env : undefined,
    volumeMounts: pod.mainMounts,
    resources: withClaims(renderResources(o.resources,
      isvc.InferenceServiceSpecPredictorContainersResourcesLimits, isvc.InferenceServiceSpecPredictorContainersResourcesRequests,
      extendedResourceQuantities(o.extendedResources)), mainContainerClaims(o)),
  };
  // The predictor's generated type embeds the core/v1 PodSpec (component.go); its converter writes the JSON keys.
  const spec: l1.InferenceServiceSpecPredictor = {
    serviceAccountName: (o.serviceAccount ?? o.storageCredentials?.serviceAccount)?.name,
    nodeSelector: o.nodeSelector,
    imagePullSecrets: o.imagePullSecrets?.map(secret => ({ name: secret?.name })),
    priorityClassName: o.priorityClassName,
    runtimeClassName: o.runtimeClassName,
    terminationGracePeriodSeconds: durationAmount(o.terminationGracePeriod),
    tolerations: renderTolerations(o.tolerations),
    affinity: o.affinity,
    ...renderPodFields(o),
    containers: [main, ...pod.containers],
    initContainers: pod.initContainers,
    volumes: pod.volumes,
  };
  return isvc.toJson_InferenceServiceSpecPredictor(spec) as PodSpecJson;
}

/** The GPUs the main container asks for (extended resources whose name ends in `gpu`, or Intel's `i915`). */
export function gpuCount(resources: ExtendedResource[] | undefined): number | undefined {
  const gpus = (resources ?? []).filter(r => /gpu$|\/i915$/.test(r.name));
  return gpus.length === 0 ? undefined : gpus.reduce((n, r) => n + r.count, 0);
}

/** Problems with an LLM pod, each naming `<field>.<prop>`. */
export function llmPodErrors(scope: IConstruct, o: LLMPodOptions, ctx: LLMPodContext): string[] {
  const { field, version } = ctx;
  const errors: string[] = [];
  if (o.image !== undefined) errors.push(...imageErrors(o.image, `${field}.image`));
  errors.push(...validateResources(o.resources, `${field}.resources`));
  errors.push(...extendedResourceErrors(o.extendedResources, `${field}.extendedResources`));
  // No blocked env vars here: KServe checks DefaultBlockedEnvVars (pkg/validation/env_policy.go) only for
  // InferenceServices and ServingRuntimes (inference_service_validation.go, servingruntime_webhook.go at v0.20.0), not
  // for LLMInferenceServices.
  for (const name of Object.keys(o.env ?? {})) errors.push(...validateEnvName(name, `${field}.env`));
  errors.push(...podPlacementErrors(o, field));
  errors.push(...mainContainerErrors(o, target(ctx), field));
  errors.push(...podExtraErrors(o, extrasContext(ctx), field));
  errors.push(...podFieldErrors(o, { mode: MODE, version, field, mainResources: o.resources }));
  const credentials = o.storageCredentials;
  if (credentials) {
    // Our own safety rule: both set the one serviceAccountName, and the library must not pick one silently.
    if (o.serviceAccount && o.serviceAccount !== credentials.serviceAccount) {
      errors.push(`${field}: 'serviceAccount' and 'storageCredentials' both set the ServiceAccount; `
        + 'pass your ServiceAccount to the ModelStorageSecret (its serviceAccount prop) so it lists the Secret');
    }
    if (!ctx.modelMounted) {
      errors.push(`${field}.storageCredentials: ${ctx.server ? 'storageInitializer is disabled, so nothing downloads the model with them'
        : "this pod downloads no model; give the credentials on the model server's template"}`);
    } else {
      // One storage initializer downloads the model and the hf:// and s3:// adapters with the ServiceAccount's credentials
      // (attachMultiStorageDownloads, workload_storage.go at v0.20.0): the credentials serve when they open one of them.
      const use = (uri: StorageUri | undefined) => checkField(`${field}.storageCredentials`,
        () => credentials._validateUse(uri, ctx.namespace, version, `${field}.storageCredentials`));
      const uses = (ctx.downloads ?? []).map(use);
      errors.push(...(uses.find(e => e.length === 0) ?? uses[0] ?? use(ctx.modelUri)));
    }
  }
  // The objects the pod uses by name must be in its namespace (references.ts).
  errors.push(...referenceNamespaceErrors(scope, o, ctx.namespace, field));
  return errors;
}
