import { KVCacheOffloading } from './kv-cache-offloading';
import { LLMPodOptions } from './llm-pod-options';
import { LLMScaling } from './llm-scaling';
import { Parallelism } from './parallelism';

/**
 * One LLM workload (KServe's `WorkloadSpec`): the service's main (decode) workload, or `prefill`. KServe runs it as a
 * Deployment, or with `worker` as a LeaderWorkerSet of a head pod (`template`) and worker pods.
 * @category LLM
 */
export interface LLMWorkloadOptions {
  /**
   * A fixed number of replicas (`replicas`), zero or more; not together with `scaling` (KServe's webhook).
   * @default - KServe's (1) unless `scaling` is given
   */
  readonly replicas?: number;

  /**
   * Autoscaling (`scaling`); not together with `replicas`. From KServe v0.17.
   * @default - a fixed number of replicas
   */
  readonly scaling?: LLMScaling;

  /**
   * Tensor, pipeline, data and expert parallelism (`parallelism`); a `worker` needs data or pipeline parallelism.
   * @default - none
   */
  readonly parallelism?: Parallelism;

  /**
   * Labels added to the workload's pods (`labels`); from KServe v0.17.
   * @default - none
   */
  readonly labels?: Record<string, string>;

  /**
   * Annotations added to the workload's pods (`annotations`); from KServe v0.17.
   * @default - none
   */
  readonly annotations?: Record<string, string>;

  /**
   * The pod (the head pod with a `worker`), merged onto KServe's preset (`template`).
   * @default - the preset's pod
   */
  readonly template?: LLMPodOptions;

  /**
   * The worker pods of a multi-node workload (`worker`): its presence makes the workload a LeaderWorkerSet; needs
   * `parallelism` with `data` / `dataLocal` or `pipeline`.
   * @default - single-node: no workers
   */
  readonly worker?: LLMPodOptions;

  /**
   * KV cache offloading to CPU memory and disk (`kvCacheOffloading`).
   * @default - none
   */
  readonly kvCacheOffloading?: KVCacheOffloading;
}
