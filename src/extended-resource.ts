import { guardMethods } from './private/shape';
import { shown } from './private/shown';
import { describeValue, keyErrors, MAX_EXACT_INTEGER } from './private/validation';

/**
 * An extended resource a container asks for, such as GPUs (`nvidia.com/gpu`): Kubernetes schedules the pod on a
 * node whose device plugin advertises it. Rendered into both `requests` and `limits` with the same whole number,
 * as Kubernetes requires of extended resources (they cannot be overcommitted; core validation
 * `ValidateResourceRequirements` / `validateExtendedResource...`, stated in our words).
 *
 * @example
 * new InferenceService(chart, 'llama3', {
 *   predictor: {
 *     model: Model.huggingface(StorageUri.huggingFace('meta-llama/Llama-3.1-8B-Instruct')),
 *     resources: { memory: { request: Size.gibibytes(24), limit: Size.gibibytes(32) } },
 *     extendedResources: [ExtendedResource.nvidiaGpu(1)],
 *     tolerations: [Toleration.exists('nvidia.com/gpu', { effect: kplus.TaintEffect.NO_SCHEDULE })],
 *   },
 * });
 * @category Serving
 */
export class ExtendedResource {
  /**
   * NVIDIA GPUs (the NVIDIA device plugin's `nvidia.com/gpu`).
   *
   * @example
   * new InferenceService(chart, 'flowers', {
   *   predictor: {
   *     model: Model.tensorflow(StorageUri.gcs('kfserving-examples', 'models/tensorflow/flowers'), { runtimeVersion: '2.6.2-gpu' }),
   *     extendedResources: [ExtendedResource.nvidiaGpu(1)],
   *   },
   * });
   */
  public static nvidiaGpu(count: number): ExtendedResource {
    return new ExtendedResource('nvidia.com/gpu', count);
  }

  /**
   * AMD GPUs (the ROCm device plugin's `amd.com/gpu`).
   *
   * @example
   * new InferenceService(chart, 'mistral', {
   *   predictor: {
   *     model: Model.huggingface(StorageUri.huggingFace('mistralai/Mistral-7B-Instruct-v0.3')),
   *     extendedResources: [ExtendedResource.amdGpu(1)],
   *   },
   * });
   */
  public static amdGpu(count: number): ExtendedResource {
    return new ExtendedResource('amd.com/gpu', count);
  }

  /**
   * Intel GPUs (the Intel GPU device plugin's `gpu.intel.com/i915`).
   *
   * @example
   * new InferenceService(chart, 'image-classifier', {
   *   predictor: {
   *     model: Model.pytorch(StorageUri.gcs('kfserving-examples', 'models/torchserve/image_classifier/v1')),
   *     extendedResources: [ExtendedResource.intelGpu(1)],
   *   },
   * });
   */
  public static intelGpu(count: number): ExtendedResource {
    return new ExtendedResource('gpu.intel.com/i915', count);
  }

  /**
   * Any extended resource a device plugin or the cluster advertises.
   * @param name the fully qualified resource name, e.g. `example.com/fpga`
   *
   * @example
   * // AWS Inferentia: the Neuron device plugin advertises `aws.amazon.com/neuron`.
   * new InferenceService(chart, 'bert', {
   *   predictor: {
   *     model: Model.pytorch(StorageUri.s3('nlp-models', 'bert-base/neuron')),
   *     extendedResources: [ExtendedResource.named('aws.amazon.com/neuron', 1)],
   *   },
   * });
   */
  public static named(name: string, count: number): ExtendedResource {
    return new ExtendedResource(name, count);
  }

  private constructor(
    /** The resource name, e.g. `nvidia.com/gpu`. */
    public readonly name: string,
    /** How many the container gets (requests = limits). */
    public readonly count: number,
  ) {}

  /**
   * Problems with this resource, each naming `field` (e.g. `spec.predictor.extendedResources[0]`).
   * @internal
   */
  public _validate(field: string): string[] {
    const errors: string[] = [];
    // Extended resources are fully qualified names outside the kubernetes.io domain (IsExtendedResourceName).
    const prefix = this.name.includes('/') ? this.name.split('/')[0] : '';
    if (prefix === '' || prefix === 'kubernetes.io' || prefix.endsWith('.kubernetes.io') || keyErrors(this.name, 'name').length > 0) {
      errors.push(`${field}: ${shown(this.name)} is not an extended resource name: use a fully qualified name such as `
        + "'example.com/fpga' outside the kubernetes.io domain (cpu, memory and ephemeral-storage are set with 'resources')");
    }
    // Kubernetes wants whole numbers (core validation of extended resources); asking for zero is the same as not
    // asking (our rule: make it an error); a count is a 64-bit quantity, kept to JavaScript's exact integers (our own rule).
    if (typeof this.count !== 'number') {
      errors.push(`${field}: the count of '${this.name}' must be a number (got ${describeValue(this.count)})`);
    } else if (!(Number.isInteger(this.count) && this.count >= 1)) {
      errors.push(`${field}: the count of '${this.name}' (${this.count}) must be a whole number of at least 1`);
    } else if (this.count > MAX_EXACT_INTEGER) {
      errors.push(`${field}: the count of '${this.name}' (${this.count}) must be at most ${MAX_EXACT_INTEGER}`);
    }
    return errors;
  }
}

/** Problems with a component's extended resources: each one's own, and duplicates. */
export function extendedResourceErrors(resources: ExtendedResource[] | undefined, field: string): string[] {
  const seen = new Set<string>();
  return (resources ?? []).flatMap((r, i) => {
    const errors = r._validate(`${field}[${i}]`);
    // Our own safety rule: both would land on the same requests/limits key, and one would silently win.
    if (seen.has(r.name)) errors.push(`${field}[${i}]: ${shown(r.name)} is given twice; give each resource once with its total count`);
    seen.add(r.name);
    return errors;
  });
}

/** The resources as quantity strings by name (requests and limits take the same). */
export function extendedResourceQuantities(resources: ExtendedResource[] | undefined): Record<string, string> {
  return Object.fromEntries((resources ?? []).map(r => [r.name, String(r.count)]));
}

// JavaScript callers get the checks the compiler gives TypeScript callers (private/shape.ts).
guardMethods(ExtendedResource);
