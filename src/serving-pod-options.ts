import { Duration, Size } from 'cdk8s';
import { ContainerProps, ContainerResources, EnvValue, ISecret, IServiceAccount, k8s, VolumeMount } from 'cdk8s-plus-28';
import { ExtendedResource } from './extended-resource';
import { MainContainerOptions } from './main-container-options';
import { ModelStorageSecret } from './model-storage-secret';
import { PodSpecOptions } from './pod-options';
import { Toleration } from './toleration';

/**
 * The pod and main-container pieces every model-serving pod takes: an InferenceService component (`ComponentOptions`,
 * main container `kserve-container` or your `container`) and an LLMInferenceService pod (`LLMPodOptions`, main
 * container `main`, merged onto KServe's presets). Where the two differ, each member says how.
 * @category Serving
 */
export interface ServingPodOptions extends MainContainerOptions, PodSpecOptions {
  /**
   * The ServiceAccount the pods run as (`serviceAccountName`). KServe's storage initializer reads the model storage
   * credentials from the Secrets it lists.
   * @default - an InferenceService: the namespace's `default` ServiceAccount; an LLM pod: one KServe creates
   * (`<name>-kserve`), which copies the `default` one's secrets
   */
  readonly serviceAccount?: IServiceAccount;

  /**
   * Credentials for the model storage. The pods run as their ServiceAccount, which lists the Secret KServe's storage
   * initializer reads. To use your own ServiceAccount, pass it to the `ModelStorageSecret` (`serviceAccount`) rather
   * than here.
   * @default - no credentials: public storage, or the credentials of `serviceAccount`
   */
  readonly storageCredentials?: ModelStorageSecret;

  /**
   * CPU, memory and ephemeral-storage requests and limits of the main container.
   * @default - an InferenceService: the cluster's defaults (KServe v0.20 applies 1 CPU / 2Gi from its config); an
   * LLM pod: none (the presets set none)
   */
  readonly resources?: ContainerResources;

  /**
   * Extended resources of the main container, such as GPUs (`ExtendedResource.nvidiaGpu(2)`), each requested and
   * limited to the same whole number. A GPU pool's taint is tolerated with `tolerations` (for example
   * `Toleration.exists('nvidia.com/gpu', { effect: TaintEffect.NO_SCHEDULE })`). An LLM pod needs `tensor` GPUs
   * (times `dataLocal` when data parallel), which synth checks.
   * @default - none
   */
  readonly extendedResources?: ExtendedResource[];

  /**
   * Environment variables of the main container. In an LLM pod they merge by name with the preset's (`HOME`,
   * `VLLM_LOGGING_LEVEL`, `HF_HUB_CACHE`), and `VLLM_ADDITIONAL_ARGS` adds vLLM arguments to the preset's command.
   * @default - none
   */
  readonly env?: Record<string, EnvValue>;

  /**
   * Extra arguments of the main container; the LLM model server preset passes them to `vllm serve` after its own.
   * @default - none
   */
  readonly args?: string[];

  /**
   * Volumes mounted into the main container, as cdk8s-plus mounts, e.g.
   * `{ volume: Volume.fromConfigMap(this, 'cfg', configMap), path: '/etc/server', readOnly: true }`. The pod's
   * `volumes` are collected from these and from the extra and init containers' mounts: a Volume mounted more than
   * once is listed once, and two different Volumes with one name are an error. KServe mounts the model at
   * `/mnt/models` (an InferenceService also uses `/mnt/pvc` and `/mnt`), so when KServe brings the model these paths
   * are rejected. In Knative mode, mounts of volumes other than emptyDir and persistent volume claims must be
   * `readOnly` (Knative's rule). In an LLM pod, mounts merge by `mountPath` with the preset's (`/home`, `/tmp`,
   * `/dev/shm`, `/models`, `/var/run/kserve/tls`): a mount at one of them replaces the preset's.
   * @default - none
   */
  readonly volumeMounts?: VolumeMount[];

  /**
   * Shared memory for the main container, as GPU and multi-process servers (vLLM, PyTorch data loaders, NCCL) need: a
   * memory-backed emptyDir (`medium: Memory`) limited to this size and mounted at `/dev/shm`; the memory counts
   * against the container's memory limit. On an InferenceService the volume is named `devshm`, and a mount of your own
   * at `/dev/shm` or a volume of that name is then an error. In an LLM pod it is the presets' `dshm` volume and mount,
   * which KServe's merge replaces with this size.
   * @default - an InferenceService: the container runtime's /dev/shm (64 MiB); an LLM pod: the preset's (1 GiB)
   */
  readonly sharedMemory?: Size;

  /**
   * More containers in the pod, after the main one, as cdk8s-plus `ContainerProps` rendered exactly as given: none of
   * cdk8s-plus `Container`'s defaults (resources, securityContext, `imagePullPolicy: Always`, startup probe) are
   * added. Each needs a `name`; the names KServe, Knative or Istio use are rejected (on an InferenceService
   * `kserve-container`, `storage-initializer`, `queue-proxy`, `agent`, ...; in an LLM pod `main` and KServe's). On an InferenceService predictor, a container
   * named `transformer-container` (`TRANSFORMER_CONTAINER_NAME`) is a collocated transformer: KServe takes the
   * service's protocol from its `PROTOCOL` env and mounts the model into it. On Knative exactly one port may be
   * declared across the containers (Knative's rule); KServe v0.13 rejects extra containers next to a predictor
   * `model`.
   * @default - none
   */
  readonly extraContainers?: ContainerProps[];

  /**
   * Init containers of the pod, run before KServe's storage initializer, as cdk8s-plus `ContainerProps` rendered
   * exactly as given (see `extraContainers`); `storage-initializer` is KServe's own. `restartPolicy:
   * ContainerRestartPolicy.ALWAYS` makes one a native sidecar (Kubernetes 1.29+, or 1.28 with the SidecarContainers
   * feature gate). Knative accepts init containers only with its `kubernetes.podspec-init-containers` feature.
   * @default - none
   */
  readonly initContainers?: ContainerProps[];

  /**
   * Secrets with the registry credentials to pull the pod's images (`imagePullSecrets`), e.g. a cdk8s-plus
   * `Secret.fromSecretName(this, 'pull', 'registry-creds')`.
   * @default - none: the ServiceAccount's image pull secrets, or anonymous pulls
   */
  readonly imagePullSecrets?: ISecret[];

  /**
   * The PriorityClass of the pods (`priorityClassName`), so serving pods can preempt batch work.
   * @default - the cluster's default priority
   */
  readonly priorityClassName?: string;

  /**
   * The RuntimeClass the pods run with (`runtimeClassName`), e.g. `nvidia` on clusters whose GPU nodes need it.
   * @default - the node's default container runtime
   */
  readonly runtimeClassName?: string;

  /**
   * How long a terminating pod may take to drain in-flight requests (whole seconds, `terminationGracePeriodSeconds`).
   * @default - an InferenceService: Kubernetes' default (30 seconds); an LLM pod: the preset's (KServe v0.20: 60
   * seconds for the model server)
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
