import { Duration } from 'cdk8s';
import { TaintEffect } from 'cdk8s-plus-28';
import { guardMethods } from './private/shape';
import { shown } from './private/shown';
import { durationAmount, keyErrors, LABEL_VALUE, MAX_DNS_LABEL, wholeSecondsErrors } from './private/validation';

/**
 * Options of a toleration.
 * @category Serving
 */
export interface TolerationOptions {
  /**
   * The taint effect to match.
   * @default - every effect
   */
  readonly effect?: TaintEffect;

  /**
   * How long a pod stays on a node after a matching `NoExecute` taint appears (whole seconds; only with
   * `TaintEffect.NO_EXECUTE`). Rendered as `tolerationSeconds`.
   * @default - the pod is never evicted for the taint
   */
  readonly evictAfter?: Duration;
}

enum Operator {
  EQUAL = 'Equal',
  EXISTS = 'Exists',
}

/**
 * Lets pods run on nodes with a matching taint (a Kubernetes toleration), such as a GPU pool's
 * `nvidia.com/gpu:NoSchedule`. Rules follow Kubernetes' `validateTolerations` (core validation), in our words.
 *
 * @example
 * new InferenceService(chart, 'llama3', {
 *   predictor: {
 *     model: Model.huggingface(StorageUri.huggingFace('meta-llama/Llama-3.1-8B-Instruct')),
 *     extendedResources: [ExtendedResource.nvidiaGpu(1)],
 *     nodeSelector: { 'nvidia.com/gpu.product': 'NVIDIA-A100-SXM4-80GB' },
 *     tolerations: [Toleration.exists('nvidia.com/gpu', { effect: kplus.TaintEffect.NO_SCHEDULE })],
 *   },
 * });
 * @category Serving
 */
export class Toleration {
  /**
   * Tolerates taints with this key and value (operator `Equal`).
   *
   * @example
   * // Nodes of the inference pool are tainted `dedicated=inference:NoSchedule`.
   * new InferenceService(chart, 'fraud-xgb', {
   *   predictor: {
   *     model: Model.xgboost(StorageUri.s3('fraud-models', 'xgboost/v4')),
   *     nodeSelector: { 'node-pool': 'inference' },
   *     tolerations: [Toleration.equal('dedicated', 'inference', { effect: kplus.TaintEffect.NO_SCHEDULE })],
   *   },
   * });
   */
  public static equal(key: string, value: string, options: TolerationOptions = {}): Toleration {
    return new Toleration(Operator.EQUAL, key, value, options);
  }

  /**
   * Tolerates taints with this key whatever their value (operator `Exists`); without a key, every taint.
   *
   * @example
   * new InferenceService(chart, 'flowers', {
   *   predictor: {
   *     model: Model.tensorflow(StorageUri.gcs('kfserving-examples', 'models/tensorflow/flowers'), { runtimeVersion: '2.6.2-gpu' }),
   *     extendedResources: [ExtendedResource.nvidiaGpu(1)],
   *     tolerations: [
   *       Toleration.exists('nvidia.com/gpu', { effect: kplus.TaintEffect.NO_SCHEDULE }),
   *       // Stay five minutes on a node that became unreachable before being evicted.
   *       Toleration.exists('node.kubernetes.io/unreachable', { effect: kplus.TaintEffect.NO_EXECUTE, evictAfter: Duration.minutes(5) }),
   *     ],
   *   },
   * });
   */
  public static exists(key?: string, options: TolerationOptions = {}): Toleration {
    return new Toleration(Operator.EXISTS, key, undefined, options);
  }

  private constructor(
    private readonly operator: Operator,
    /** The taint key matched (undefined: every key). */
    public readonly key: string | undefined,
    /** The taint value matched (operator `Equal` only). */
    public readonly value: string | undefined,
    private readonly options: TolerationOptions,
  ) {}

  /** The taint effect matched; undefined matches every effect. */
  public get effect(): TaintEffect | undefined {
    return this.options.effect;
  }

  /**
   * The toleration as Kubernetes writes it. Never throws: fractional seconds render as they are and are
   * reported by `_validate` at synth.
   * @internal
   */
  public _render() {
    return {
      key: this.key,
      operator: this.operator,
      value: this.value,
      effect: this.options.effect,
      tolerationSeconds: durationAmount(this.options.evictAfter),
    };
  }

  /**
   * Problems with this toleration, each naming `field` (e.g. `spec.predictor.tolerations[0]`).
   * @internal
   */
  public _validate(field: string): string[] {
    const errors: string[] = [];
    // Core validation (validateTolerations): a key for Equal, a label-value value, tolerationSeconds only with NoExecute.
    if (this.operator === Operator.EQUAL && !this.key) {
      errors.push(`${field}: Toleration.equal needs a key (use Toleration.exists() to tolerate every taint)`);
    }
    if (this.key) errors.push(...keyErrors(this.key, `${field}.key:`));
    if (this.operator === Operator.EQUAL && (typeof this.value !== 'string' || this.value.length > MAX_DNS_LABEL || !LABEL_VALUE.test(this.value))) {
      errors.push(`${field}.value ${shown(this.value)} is invalid: taint values are at most 63 alphanumerics, '-', '_' or '.', `
        + 'starting and ending alphanumeric');
    }
    if (this.options.evictAfter !== undefined && this.options.effect !== TaintEffect.NO_EXECUTE) {
      errors.push(`${field}: 'evictAfter' (tolerationSeconds) only applies to the NoExecute effect`);
    }
    // tolerationSeconds is int64; the taint manager turns it into a Go time.Duration (see wholeSecondsErrors' ceiling).
    errors.push(...wholeSecondsErrors(this.options.evictAfter, `${field}.evictAfter`, 0));
    return errors;
  }
}

/** Problems with a list of tolerations, each naming its index under `field` (e.g. `spec.predictor.tolerations`). */
export function tolerationErrors(tolerations: Toleration[] | undefined, field: string): string[] {
  return (tolerations ?? []).flatMap((t, i) => t._validate(`${field}[${i}]`));
}

/** The tolerations as Kubernetes writes them. */
export function renderTolerations(tolerations: Toleration[] | undefined) {
  return tolerations?.map(t => t._render());
}

// JavaScript callers get the checks the compiler gives TypeScript callers (private/shape.ts).
guardMethods(Toleration);
