/**
 * How the model server splits the model (`parallelism`), passed to vLLM by KServe's presets
 * (config/llmisvcconfig/*.yaml at v0.20.0). Each size is a whole number of at least 1.
 * @category LLM
 */
export interface Parallelism {
  /**
   * Tensor parallel size (`tensor`, vLLM `--tensor-parallel-size`): the GPUs one model replica spans in a pod.
   * @default - no tensor parallelism (1)
   */
  readonly tensor?: number;

  /**
   * Pipeline parallel size (`pipeline`): with a `worker`, the number of pods of one LeaderWorkerSet group.
   * Not together with `data` / `dataLocal` (KServe's webhook).
   * @default - no pipeline parallelism
   */
  readonly pipeline?: number;

  /**
   * Data parallel size (`data`, vLLM `--data-parallel-size`): the data-parallel ranks in all; with `dataLocal`, which
   * it needs (KServe's webhook), the pods of a group are `data / dataLocal`.
   * @default - no data parallelism
   */
  readonly data?: number;

  /**
   * Data parallel ranks per pod (`dataLocal`, vLLM `--data-parallel-size-local`); needs `data`.
   * @default - no data parallelism
   */
  readonly dataLocal?: number;

  /**
   * The data parallel RPC port (`dataRPCPort`, vLLM `--data-parallel-rpc-port`), 1-65535.
   * @default - the preset's (5555)
   */
  readonly dataRpcPort?: number;

  /**
   * Expert parallelism for mixture-of-experts models (`expert`, vLLM `--enable-expert-parallel`).
   * @default false
   */
  readonly expert?: boolean;
}
