import { ConfidentialModel } from '../confidential-model';
import { StorageUri } from '../storage-uri';

/**
 * A LoRA adapter served on top of the base model (`spec.model.lora.adapters[]`).
 * @category LLM
 */
export interface LoRAAdapter {
  /**
   * The adapter's name: what requests give as `model` to use it (`name`). Unique, different from the base model's
   * name, and not `.` or `..` (KServe's webhook, llm_inference_service_validation.go at v0.20.0).
   */
  readonly name: string;

  /** Where the adapter is (`uri`): `hf://`, `s3://` or `pvc://` (KServe downloads it next to the model). */
  readonly uri: StorageUri;
}

/**
 * LoRA adapters of the model and the runtime's LoRA limits (`spec.model.lora`).
 * @category LLM
 */
export interface LoRAOptions {
  /**
   * The adapters to load (`adapters`).
   * @default - none
   */
  readonly adapters?: LoRAAdapter[];

  /**
   * The highest adapter rank the runtime supports (`maxRank`, vLLM `--max-lora-rank`), at least 1.
   * @default - vLLM's (16)
   */
  readonly maxRank?: number;

  /**
   * How many adapters the runtime holds on the GPU at once (`maxAdapters`, vLLM `--max-loras`), at least 1.
   * @default - the number of adapters
   */
  readonly maxAdapters?: number;

  /**
   * How many adapters the runtime holds in CPU memory (`maxCpuAdapters`, vLLM `--max-cpu-loras`), at least 1.
   * @default - the number of adapters
   */
  readonly maxCpuAdapters?: number;
}

/**
 * How the llm-d scheduler ranks a model's requests against other models' on the same inference pool when the pool is
 * saturated (`spec.model.criticality`, Gateway API Inference Extension v0.3's `Criticality`; KServe v0.16 only).
 * @category LLM
 */
export enum ModelCriticality {
  /** The most important requests (KServe's default). */
  CRITICAL = 'Critical',
  /** Requests ranked below critical ones. */
  STANDARD = 'Standard',
  /** The least important requests: the first to be dropped under load. */
  SHEDDABLE = 'Sheddable',
}

/**
 * The model an LLMInferenceService serves (`spec.model`).
 * @category LLM
 */
export interface LLMModel {
  /**
   * Where the model is (`uri`): `hf://org/model`, `s3://bucket/path`, `pvc://claim/path`, `oci://image` or
   * `oci+native://image`, the schemes KServe's LLM controller attaches (another, e.g. `gs://`, only through a local model
   * cache). The storage initializer downloads it to `/mnt/models` (a PVC is mounted, an OCI image is a modelcar).
   */
  readonly uri: StorageUri;

  /**
   * The model's name in requests (`name`, the OpenAI `model` field).
   * @default - the service's name
   */
  readonly name?: string;

  /**
   * LoRA adapters and limits (`lora`).
   * @default - no adapters
   */
  readonly lora?: LoRAOptions;

  /**
   * KServe v0.16 only (`serving.kserve.io/v1alpha1`): how the scheduler ranks this model's requests when the pool is
   * saturated (`criticality`), written by KServe to the InferenceModel of the scheduler it manages. Later releases have
   * no such field.
   * @default - KServe's, `ModelCriticality.CRITICAL`
   */
  readonly criticality?: ModelCriticality;

  /**
   * Encrypted model files, decrypted by the storage initializer (`confidential: { enabled: true, resourceId }`).
   * @default - not confidential
   */
  readonly confidential?: ConfidentialModel;
}
