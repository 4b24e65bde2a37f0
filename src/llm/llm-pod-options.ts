import { Duration, Size } from 'cdk8s';
import { ContainerProps, ContainerResources, EnvValue, ISecret, IServiceAccount, k8s, VolumeMount } from 'cdk8s-plus-28';
import { ExtendedResource } from '../extended-resource';
import { MainContainerOptions } from '../main-container-options';
import { ModelStorageSecret } from '../model-storage-secret';
import { PodSpecOptions } from '../pod-options';
import { Toleration } from '../toleration';

/**
 * A pod of an LLMInferenceService (`template`, `worker`, or the scheduler's `template`), written with the same typed
 * pieces as an InferenceService component. KServe merges it onto its presets (the `kserve-config-llm-*`
 * LLMInferenceServiceConfigs) with a strategic merge patch, containers by name: the options of the main container
 * land on the container named `main`, the one the presets run vLLM (or the scheduler) in
 * (config/llmisvcconfig/*.yaml and `attachModelArtifacts(..., "main", ...)` in
 * pkg/controller/v1alpha2/llmisvc/workload_single_node.go at v0.20.0). What is not given keeps the preset's value.
 */
export interface LLMPodOptions extends MainContainerOptions, PodSpecOptions {
  /**
   * The image of the main container.
   * @default - the preset's (KServe v0.20: `ghcr.io/llm-d/llm-d-cuda:v0.8.0` for the model server)
   */
  readonly image?: string;

  /**
   * The ServiceAccount the pods run as (`serviceAccountName`). KServe's storage initializer reads the model's
   * credentials from the Secrets it lists (workload_storage.go at v0.20.0).
   * @default - a ServiceAccount KServe creates (`<name>-kserve`), which copies the namespace `default` one's secrets
   */
  readonly serviceAccount?: IServiceAccount;

  /**
   * Credentials for the model storage: the pods run as their ServiceAccount, which lists the Secret the storage
   * initializer reads (KServe v0.20 LLM storage reads them from the pod's ServiceAccount, like an InferenceService).
   * @default - no credentials: public storage, or the credentials of `serviceAccount`
   */
  readonly storageCredentials?: ModelStorageSecret;

  /**
   * CPU, memory and ephemeral-storage requests and limits of the main container.
   * @default - none (the presets set none)
   */
  readonly resources?: ContainerResources;

  /**
   * Extended resources of the main container, such as GPUs (`ExtendedResource.nvidiaGpu(2)`), each requested and
   * limited to the same whole number. The model server needs `tensor` GPUs per pod (times `dataLocal` when data
   * parallel), which synth checks.
   * @default - none
   */
  readonly extendedResources?: ExtendedResource[];

  /**
   * Environment variables of the main container, merged by name with the preset's (`HOME`, `VLLM_LOGGING_LEVEL`,
   * `HF_HUB_CACHE`); `VLLM_ADDITIONAL_ARGS` adds vLLM arguments to the preset's command.
   * @default - none
   */
  readonly env?: Record<string, EnvValue>;

  /**
   * Arguments of the main container. The model server preset passes them to `vllm serve` after its own.
   * @default - none
   */
  readonly args?: string[];

  /**
   * Volumes mounted into the main container, as cdk8s-plus mounts. The pod's `volumes` are collected from these and
   * the extra and init containers' mounts. KServe mounts the model at `/mnt/models`, so that path is rejected.
   * Kubernetes merges mounts by `mountPath` with the preset's (`/home`, `/tmp`, `/dev/shm`, `/models`,
   * `/var/run/kserve/tls`): a mount at one of them replaces the preset's.
   * @default - none
   */
  readonly volumeMounts?: VolumeMount[];

  /**
   * Shared memory for the main container: a memory-backed emptyDir named `dshm` limited to this size, mounted at
   * `/dev/shm`: the preset's volume and mount of that name and path, which KServe's merge replaces with this size.
   * @default - the preset's (KServe v0.20: 1 GiB)
   */
  readonly sharedMemory?: Size;

  /**
   * More containers in the pod, after the main one, as cdk8s-plus `ContainerProps` rendered exactly as given. Each
   * needs a `name`; `main` and the names KServe uses are rejected.
   * @default - none
   */
  readonly extraContainers?: ContainerProps[];

  /**
   * Init containers of the pod, as cdk8s-plus `ContainerProps` rendered exactly as given; `storage-initializer` is
   * KServe's own (configure it with `storageInitializer` on the service).
   * @default - none
   */
  readonly initContainers?: ContainerProps[];

  /**
   * Secrets with the registry credentials to pull the pod's images (`imagePullSecrets`).
   * @default - none: the ServiceAccount's image pull secrets, or anonymous pulls
   */
  readonly imagePullSecrets?: ISecret[];

  /**
   * The PriorityClass of the pods (`priorityClassName`).
   * @default - the cluster's default priority
   */
  readonly priorityClassName?: string;

  /**
   * The RuntimeClass the pods run with (`runtimeClassName`), e.g. `nvidia`.
   * @default - the node's default container runtime
   */
  readonly runtimeClassName?: string;

  /**
   * How long a terminating pod may take to finish its requests (whole seconds, `terminationGracePeriodSeconds`).
   * @default - the preset's (KServe v0.20: 60 seconds for the model server)
   */
  readonly terminationGracePeriod?: Duration;

  /**
   * Node labels the pods must run on.
   * @default - any node
   */
  readonly nodeSelector?: Record<string, string>;

  /**
   * Taints the pods tolerate, e.g. a GPU pool's `Toleration.exists('nvidia.com/gpu', ...)`.
   * @default - none
   */
  readonly tolerations?: Toleration[];

  /**
   * Node and pod (anti-)affinity of the pods, in Kubernetes' own `Affinity` shape.
   * @default - none
   */
  readonly affinity?: k8s.Affinity;
}
