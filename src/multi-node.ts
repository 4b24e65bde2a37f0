import { ContainerResources, EnvValue } from 'cdk8s-plus-28';
import { ExtendedResource } from './extended-resource';

/**
 * Multi-node serving of one model (`spec.predictor.workerSpec`, KServe v0.15+): the predictor pod is the head and
 * KServe adds a Deployment of worker pods, each running the worker container of the model's ServingRuntime
 * (for example `kserve-huggingfaceserver-multinode`, a Ray cluster for vLLM). The model's runtime must define a
 * `workerSpec`; KServe picks only such runtimes for a multi-node predictor (`GetSupportingRuntimes`,
 * `predictor_model.go`).
 *
 * KServe's rules (`validateMultiNodeVariables`, `pkg/apis/serving/v1beta1/inference_service_validation.go` at
 * v0.20.0): Standard mode, the predictor's `autoscaling` is `Autoscaling.fixed(n)` (autoscaler class `none`), the
 * model's storageUri is `pvc://` or `oci://`, `PIPELINE_PARALLEL_SIZE` / `TENSOR_PARALLEL_SIZE` are not set in the
 * env, the sizes are at least 1, and extended resources are GPU types KServe knows (`nvidia.com/gpu`,
 * `amd.com/gpu`, `intel.com/gpu`, `habana.ai/gaudi`) or listed in the InferenceService annotation
 * `serving.kserve.io/gpu-resource-types` (a JSON array).
 *
 * GPU counts: KServe derives the node count from `tensorParallelSize * pipelineParallelSize` GPUs and the head's
 * and worker's GPU counts, then writes the count it computed into both containers' GPU requests and limits
 * (`multiNodeProcess` / `computeRayNodeAndGPUs`, `components/predictor.go`; `addGPUResourceToDeployment`,
 * `deployment_reconciler.go`). The counts given here are inputs to that computation.
 * @category Serving
 */
export interface MultiNode {
  /**
   * Pipeline parallelism: how many nodes (head plus workers) one copy of the model is split across
   * (`pipelineParallelSize`, a whole number >= 1).
   * @default - the runtime's `workerSpec.pipelineParallelSize` (1 when unset)
   */
  readonly pipelineParallelSize?: number;

  /**
   * Tensor parallelism: how many GPUs each node uses (`tensorParallelSize`, a whole number >= 1).
   * @default - the runtime's `workerSpec.tensorParallelSize` (1 when unset)
   */
  readonly tensorParallelSize?: number;

  /**
   * CPU, memory and ephemeral-storage of the worker container (merged over the runtime's worker container).
   * @default - the runtime's worker resources
   */
  readonly workerResources?: ContainerResources;

  /**
   * Extended resources of the worker container, such as GPUs (`ExtendedResource.nvidiaGpu(2)`).
   * @default - none: the runtime's
   */
  readonly workerExtendedResources?: ExtendedResource[];

  /**
   * Environment variables added to the worker container. KServe sets `RAY_NODE_COUNT`, `REQUEST_GPU_COUNT`,
   * `PIPELINE_PARALLEL_SIZE`, `TENSOR_PARALLEL_SIZE`, `ISVC_NAME`, `HEAD_SVC` and `WORKER_SVC` itself, so those
   * are rejected.
   * @default - none
   */
  readonly workerEnv?: Record<string, EnvValue>;

  /**
   * Arguments appended to the runtime's worker container arguments (KServe concatenates them,
   * `MergeRuntimeContainers`).
   * @default - none
   */
  readonly workerArgs?: string[];

  /**
   * The worker container's image, replacing the runtime's worker image (pinned by tag or digest).
   * @default - the runtime's worker image
   */
  readonly workerImage?: string;
}
