import { Duration, Size, SizeRoundingBehavior } from 'cdk8s';
import { DeploymentMode } from './deployment-mode';
import { KServeVersion } from './kserve-version';
import { isvc } from './private/l1-runtime.generated';
import { needsRelease } from './private/releases';
import { sizeErrors, sizeQuantity } from './private/resources';
import { definedOnly } from './private/util';
import {
  describeValue, durationAmount, durationErrors, HTTP_URL, INT32_MAX, MAX_EXACT_INTEGER, notANumberError, replicaBoundsErrors, secondsString,
  wholeNumberErrors, wholeSecondsErrors,
} from './private/validation';
import type * as l1 from '../imports/kserve-inferenceservice-serving.kserve.io';
import { guardMethods } from './private/shape';
import { shown } from './private/shown';

/**
 * InferenceService annotation choosing the autoscaler outside Knative (`serving.kserve.io/autoscalerClass`).
 * @category Scaling
 */
export const AUTOSCALER_CLASS_ANNOTATION = 'serving.kserve.io/autoscalerClass';
/**
 * Knative's autoscaler class annotation.
 * @category Scaling
 */
export const KNATIVE_CLASS_ANNOTATION = 'autoscaling.knative.dev/class';
const KNATIVE = 'autoscaling.knative.dev/';

/**
 * Replica bounds every policy takes.
 * @category Scaling
 */
export interface ReplicaBounds {
  /**
   * The fewest replicas. `0` scales to zero when idle (Knative concurrency/rps and KEDA only).
   * @default 1 (KServe's default)
   */
  readonly minReplicas?: number;

  /**
   * The most replicas. Required in Standard mode: there KServe gives the HPA or ScaledObject
   * `maxReplicas = minReplicas` when it is unset, which would not scale at all.
   * @default - Knative mode: no bound set (the cluster's `max-scale-limit`); Standard mode: none, an error
   */
  readonly maxReplicas?: number;
}

/**
 * Options of the Knative request-based policies (`Autoscaling.concurrency`, `Autoscaling.rps`).
 * @category Scaling
 */
export interface KnativeScalingOptions extends ReplicaBounds {
  /**
   * Target in-flight requests per replica (concurrency) or requests per second per replica (rps)
   * (`scaleTarget`, written by KServe into `autoscaling.knative.dev/target`).
   * @default - Knative's default (100 concurrent requests; 200 rps)
   */
  readonly target?: number;

  /**
   * Percentage of the target at which Knative already scales up
   * (`autoscaling.knative.dev/target-utilization-percentage`).
   * @default - Knative's default (70)
   */
  readonly targetUtilizationPercent?: number;

  /**
   * Hard limit of requests one replica handles at once (`containerConcurrency`); 0 means unlimited.
   * @default - unlimited
   */
  readonly containerConcurrency?: number;

  /**
   * Replicas started for a new revision (`autoscaling.knative.dev/initial-scale`). `0` needs the
   * cluster's `allow-zero-initial-scale`.
   * @default - Knative's default (1)
   */
  readonly initialScale?: number;

  /**
   * The window over which metrics are averaged (`autoscaling.knative.dev/window`), 6s to 1h.
   * @default - Knative's default (60 seconds)
   */
  readonly stableWindow?: Duration;

  /**
   * How long the last replica stays after traffic stops, when scaling to zero
   * (`autoscaling.knative.dev/scale-to-zero-pod-retention-period`).
   * @default - Knative's default (0s)
   */
  readonly scaleToZeroRetention?: Duration;
}

/**
 * Options of the CPU policy (`Autoscaling.cpu`).
 * @category Scaling
 */
export interface ResourceScalingOptions extends ReplicaBounds {
  /**
   * Target average CPU utilization of the requests, 1-100 (`scaleTarget`).
   * @default - KServe's default (80)
   */
  readonly targetUtilizationPercent?: number;
}

/**
 * A trigger of the KEDA policy (`autoScaling.metrics[]`, KServe v0.15+).
 *
 * @example
 * // Scale an LLM on waiting requests, and on CPU as a floor.
 * new InferenceService(chart, 'llama', {
 *   deploymentMode: DeploymentMode.STANDARD,
 *   predictor: {
 *     model: Model.huggingface(StorageUri.gcs('ml-models', 'llama-3.1-8b-instruct')),
 *     autoscaling: Autoscaling.keda({
 *       minReplicas: 1,
 *       maxReplicas: 4,
 *       metrics: [
 *         KedaMetric.prometheus({ serverAddress: 'http://prometheus.monitoring:9090', query: 'sum(vllm:num_requests_waiting)', threshold: 5 }),
 *         KedaMetric.cpu(80),
 *       ],
 *     }),
 *   },
 * });
 * @category Scaling
 */
export class KedaMetric {
  /**
   * Scale on average CPU utilization of the requests, 1-100.
   *
   * @example
   * new InferenceService(chart, 'sklearn-iris', {
   *   deploymentMode: DeploymentMode.STANDARD,
   *   predictor: {
   *     model: Model.sklearn(StorageUri.gcs('kfserving-examples', 'models/sklearn/1.0/model')),
   *     autoscaling: Autoscaling.keda({ metrics: [KedaMetric.cpu(70)], minReplicas: 1, maxReplicas: 8 }),
   *   },
   * });
   */
  public static cpu(utilizationPercent: number): KedaMetric {
    return KedaMetric.resource(isvc.InferenceServiceSpecPredictorAutoScalingMetricsResourceName.CPU, utilizationPercent);
  }

  /**
   * Scale on average memory utilization of the requests, 1-100.
   *
   * @example
   * new InferenceService(chart, 'sklearn-iris', {
   *   deploymentMode: DeploymentMode.STANDARD,
   *   predictor: {
   *     model: Model.sklearn(StorageUri.gcs('kfserving-examples', 'models/sklearn/1.0/model')),
   *     resources: { memory: { request: Size.gibibytes(2), limit: Size.gibibytes(2) } },
   *     autoscaling: Autoscaling.keda({ metrics: [KedaMetric.memory(75)], minReplicas: 1, maxReplicas: 8 }),
   *   },
   * });
   */
  public static memory(utilizationPercent: number): KedaMetric {
    return KedaMetric.resource(isvc.InferenceServiceSpecPredictorAutoScalingMetricsResourceName.MEMORY, utilizationPercent);
  }

  /**
   * Scale on average memory use per replica, e.g. `Size.gibibytes(2)` (an `AverageValue` target), at least 1 MiB
   * (validateScalingKedaCompExtension, inference_service_validation.go at v0.20.0).
   *
   * @example
   * new InferenceService(chart, 'embeddings', {
   *   deploymentMode: DeploymentMode.STANDARD,
   *   predictor: {
   *     model: Model.huggingface(StorageUri.gcs('ml-models', 'bge-large-en-v1.5')),
   *     autoscaling: Autoscaling.keda({ metrics: [KedaMetric.memoryAverage(Size.gibibytes(6))], minReplicas: 1, maxReplicas: 6 }),
   *   },
   * });
   */
  public static memoryAverage(average: Size): KedaMetric {
    const quantity = sizeQuantity(average)!;
    const mib = average.toMebibytes({ rounding: SizeRoundingBehavior.NONE });
    return new KedaMetric({
      type: isvc.InferenceServiceSpecPredictorAutoScalingMetricsType.RESOURCE,
      resource: {
        name: isvc.InferenceServiceSpecPredictorAutoScalingMetricsResourceName.MEMORY,
        target: {
          type: isvc.InferenceServiceSpecPredictorAutoScalingMetricsResourceTargetType.AVERAGE_VALUE,
          averageValue: isvc.InferenceServiceSpecPredictorAutoScalingMetricsResourceTargetAverageValue.fromString(quantity),
        },
      },
    }, field => {
      // A Size written as a quantity (sizeErrors); the 1 MiB floor is KServe's (see above).
      const problems = sizeErrors(average, `${field} average memory`);
      return problems.length > 0 || mib >= 1 ? problems : [`${field} average memory must be a Size of at least 1 MiB (got ${mib} MiB)`];
    });
  }

  /**
   * Scale on the value of a Prometheus query: one replica per `threshold`.
   * @param options the Prometheus server, the query and the per-replica threshold
   *
   * @example
   * // One replica per 20 requests per second; no traffic scales to zero.
   * const requestRate = KedaMetric.prometheus({
   *   serverAddress: 'http://prometheus.monitoring:9090',
   *   query: 'sum(rate(request_predict_seconds_count{namespace="ml", pod=~"sklearn-iris-predictor-.*"}[1m]))',
   *   threshold: 20,
   * });
   * new InferenceService(chart, 'sklearn-iris', {
   *   deploymentMode: DeploymentMode.STANDARD,
   *   predictor: {
   *     model: Model.sklearn(StorageUri.gcs('kfserving-examples', 'models/sklearn/1.0/model')),
   *     autoscaling: Autoscaling.keda({ metrics: [requestRate], minReplicas: 0, maxReplicas: 10 }),
   *   },
   * });
   */
  public static prometheus(options: PrometheusTriggerOptions): KedaMetric {
    const { serverAddress, query, namespace, threshold } = options;
    return new KedaMetric({
      type: isvc.InferenceServiceSpecPredictorAutoScalingMetricsType.EXTERNAL,
      external: {
        metric: { backend: isvc.InferenceServiceSpecPredictorAutoScalingMetricsExternalMetricBackend.PROMETHEUS, serverAddress, query, namespace },
        target: {
          type: isvc.InferenceServiceSpecPredictorAutoScalingMetricsExternalTargetType.VALUE,
          value: isvc.InferenceServiceSpecPredictorAutoScalingMetricsExternalTargetValue.fromString(String(threshold)),
        },
      },
    }, field => {
      const errors: string[] = [];
      // KServe: "the query should not be empty" (validateScalingKedaCompExtension, inference_service_validation.go v0.20.0).
      // The address and threshold are our own checks: KEDA's Prometheus scaler needs a server URL, and the HPA it
      // creates takes only a positive target value (Kubernetes autoscaling validation).
      if (query.trim() === '') errors.push(`${field}.query must not be empty`);
      if (!HTTP_URL.test(serverAddress)) {
        errors.push(`${field}.serverAddress ${shown(serverAddress)} must be an http(s) URL`);
      }
      const wrongType = notANumberError(threshold, `${field}.threshold`);
      if (wrongType) {
        errors.push(wrongType);
      } else if (!(Number.isFinite(threshold) && threshold > 0)) {
        errors.push(`${field}.threshold (${threshold}) must be greater than zero`);
      } else if (threshold > MAX_EXACT_INTEGER) {
        // The HPA KEDA creates reads the target as a 64-bit count of thousandths (apimachinery MilliValue), which
        // overflows past about 9.2e15; we stop at JavaScript's exact integers just below it (our own rule).
        errors.push(`${field}.threshold (${threshold}) must be at most ${MAX_EXACT_INTEGER}`);
      } else if (Number(threshold.toFixed(9)) !== threshold) {
        // Kubernetes quantities keep nine decimals and round the rest up, which would change the threshold.
        errors.push(`${field}.threshold (${threshold}) must have at most 9 decimal places (a Kubernetes quantity)`);
      }
      return errors;
    });
  }

  private static resource(name: l1.InferenceServiceSpecPredictorAutoScalingMetricsResourceName, utilizationPercent: number): KedaMetric {
    return new KedaMetric({
      type: isvc.InferenceServiceSpecPredictorAutoScalingMetricsType.RESOURCE,
      resource: {
        name,
        target: { type: isvc.InferenceServiceSpecPredictorAutoScalingMetricsResourceTargetType.UTILIZATION, averageUtilization: utilizationPercent },
      },
    }, field => (isPercent(utilizationPercent) ? []
      : [`${field} utilization (${describeValue(utilizationPercent)}) must be a whole number between 1 and 100`]));
  }

  private constructor(
    /** @internal */
    public readonly _spec: l1.InferenceServiceSpecPredictorAutoScalingMetrics,
    /** Problems with the trigger, each naming `field` (its path, e.g. `spec.predictor.autoscaling.metrics[0]`). */
    private readonly errorsAt: (field: string) => string[],
  ) {}

  /**
   * Problems with the trigger, each naming `field`.
   * @internal
   */
  public _errors(field: string): string[] {
    return this.errorsAt(field);
  }
}

/**
 * Options of `KedaMetric.prometheus`.
 * @category Scaling
 */
export interface PrometheusTriggerOptions {
  /** The Prometheus URL, e.g. `http://prometheus.monitoring:9090`. */
  readonly serverAddress: string;
  /** A PromQL query returning one number, e.g. `sum(rate(request_predict_seconds_count[1m]))`. */
  readonly query: string;
  /** The query value one replica handles; KEDA runs `ceil(value / threshold)` replicas. */
  readonly threshold: number;
  /**
   * Namespace (tenant) for multi-tenant Prometheus setups.
   * @default - none
   */
  readonly namespace?: string;
}

/**
 * Options of `Autoscaling.keda`.
 * @category Scaling
 */
export interface KedaScalingOptions extends ReplicaBounds {
  /** The triggers; KEDA scales to the largest replica count any of them asks for. */
  readonly metrics: KedaMetric[];
}

/**
 * Where a policy is bound: its service's mode and version, and the field the policy was given at.
 * @internal
 * @category Scaling
 */
export interface ScalingContext {
  readonly mode: DeploymentMode;
  readonly version: KServeVersion;
  /** The policy's path, e.g. `spec.predictor.autoscaling`; every error names it. */
  readonly field: string;
}

/**
 * What a policy contributes to its component and service in one context, and what is wrong with it there.
 * @internal
 * @category Scaling
 */
export interface ScalingBinding {
  /** The component's scaling fields, typed with the predictor's generated types (the three paths share them, component.go). */
  readonly fields: Pick<l1.InferenceServiceSpecPredictor, 'minReplicas' | 'maxReplicas' | 'scaleMetric' | 'scaleTarget' | 'containerConcurrency' | 'autoScaling'>;
  /** Annotations on the component (they reach the Knative revision / pods). */
  readonly componentAnnotations: Record<string, string>;
  /** Annotations on the InferenceService (the webhook reads the classes only there). */
  readonly serviceAnnotations: Record<string, string>;
  /** Problems with the policy in this context, each naming the context's field. */
  readonly errors: string[];
}

/**
 * How a component scales, with KServe's semantics per deployment mode and version.
 *
 * Knative mode scales on requests (`concurrency`, `rps`, scale to zero) or, with Knative's HPA
 * class, on `cpu` / `memory`. Standard mode scales with an HPA (`cpu`, `memory`), KEDA (v0.15+),
 * an external autoscaler, or not at all (`fixed`, v0.15+). The policy writes KServe's component
 * fields (`minReplicas`, `maxReplicas`, `scaleMetric`, `scaleTarget`, `autoScaling`) and the
 * annotations the target version reads; checks mirror `validateAutoScalingCompExtension` and
 * `validateScalingKedaCompExtension` in `pkg/apis/serving/v1beta1/inference_service_validation.go`.
 * Create one with the static factories.
 *
 * @example
 * const model = Model.sklearn(StorageUri.gcs('kfserving-examples', 'models/sklearn/1.0/model'));
 * // Knative mode (the default): scale on in-flight requests, down to zero when idle.
 * new InferenceService(chart, 'sklearn-iris', {
 *   predictor: { model, autoscaling: Autoscaling.concurrency({ target: 10, minReplicas: 0, maxReplicas: 5 }) },
 * });
 * // Standard mode: an HPA on CPU.
 * new InferenceService(chart, 'sklearn-iris-standard', {
 *   deploymentMode: DeploymentMode.STANDARD,
 *   predictor: { model, autoscaling: Autoscaling.cpu({ targetUtilizationPercent: 70, minReplicas: 2, maxReplicas: 10 }) },
 * });
 * @category Scaling
 */
export abstract class Autoscaling {
  /**
   * Knative: scale on in-flight requests per replica (KServe's default metric in Knative mode).
   *
   * @example
   * new InferenceService(chart, 'sklearn-iris', {
   *   predictor: {
   *     model: Model.sklearn(StorageUri.gcs('kfserving-examples', 'models/sklearn/1.0/model')),
   *     autoscaling: Autoscaling.concurrency({
   *       target: 10,
   *       minReplicas: 0,
   *       maxReplicas: 5,
   *       scaleToZeroRetention: Duration.minutes(5),
   *     }),
   *   },
   * });
   */
  public static concurrency(options: KnativeScalingOptions = {}): Autoscaling {
    return new RequestPolicy(isvc.InferenceServiceSpecPredictorScaleMetric.CONCURRENCY, options);
  }

  /**
   * Knative: scale on requests per second per replica.
   *
   * @example
   * new InferenceService(chart, 'sklearn-iris', {
   *   predictor: {
   *     model: Model.sklearn(StorageUri.gcs('kfserving-examples', 'models/sklearn/1.0/model')),
   *     autoscaling: Autoscaling.rps({ target: 50, minReplicas: 1, maxReplicas: 10, stableWindow: Duration.seconds(30) }),
   *   },
   * });
   */
  public static rps(options: KnativeScalingOptions = {}): Autoscaling {
    return new RequestPolicy(isvc.InferenceServiceSpecPredictorScaleMetric.RPS, options);
  }

  /**
   * Scale on CPU utilization: an HPA in Standard mode, Knative's HPA class in Knative mode.
   * Cannot scale to zero.
   *
   * @example
   * new InferenceService(chart, 'sklearn-iris', {
   *   deploymentMode: DeploymentMode.STANDARD,
   *   predictor: {
   *     model: Model.sklearn(StorageUri.gcs('kfserving-examples', 'models/sklearn/1.0/model')),
   *     resources: { cpu: { request: kplus.Cpu.millis(500), limit: kplus.Cpu.units(1) } },
   *     autoscaling: Autoscaling.cpu({ targetUtilizationPercent: 70, minReplicas: 2, maxReplicas: 10 }),
   *   },
   * });
   */
  public static cpu(options: ResourceScalingOptions = {}): Autoscaling {
    return new ResourcePolicy(isvc.InferenceServiceSpecPredictorScaleMetric.CPU, options.targetUtilizationPercent, options);
  }

  /**
   * Scale on memory utilization of the requests: an HPA, Standard mode only. (Knative's HPA class reads a memory
   * target as MiB per replica, not a percentage: in Knative mode use `Autoscaling.memoryAverage`.)
   * Cannot scale to zero.
   * @param targetUtilizationPercent target average memory utilization of the requests, 1-100 (`scaleTarget`)
   * @param bounds the replica bounds
   *
   * @example
   * new InferenceService(chart, 'sklearn-iris', {
   *   deploymentMode: DeploymentMode.STANDARD,
   *   predictor: {
   *     model: Model.sklearn(StorageUri.gcs('kfserving-examples', 'models/sklearn/1.0/model')),
   *     resources: { memory: { request: Size.gibibytes(2), limit: Size.gibibytes(2) } },
   *     autoscaling: Autoscaling.memory(75, { minReplicas: 1, maxReplicas: 4 }),
   *   },
   * });
   */
  public static memory(targetUtilizationPercent: number, bounds: ReplicaBounds = {}): Autoscaling {
    return new ResourcePolicy(isvc.InferenceServiceSpecPredictorScaleMetric.MEMORY, targetUtilizationPercent, bounds);
  }

  /**
   * Scale on average memory use per replica, e.g. `Size.gibibytes(2)`: Knative's HPA class in Knative mode
   * (`scaleTarget` in whole MiB), an HPA on an `AverageValue` memory target in Standard mode (KServe v0.15+,
   * `autoScaling`). Cannot scale to zero.
   * @param average the memory per replica at which to add replicas, at least 1 MiB
   * @param bounds the replica bounds
   *
   * @example
   * // Knative mode: Knative's HPA keeps the memory in use near 2 GiB per replica.
   * new InferenceService(chart, 'embeddings', {
   *   predictor: {
   *     model: Model.huggingface(StorageUri.gcs('ml-models', 'bge-large-en-v1.5')),
   *     autoscaling: Autoscaling.memoryAverage(Size.gibibytes(2), { minReplicas: 1, maxReplicas: 4 }),
   *   },
   * });
   */
  public static memoryAverage(average: Size, bounds: ReplicaBounds = {}): Autoscaling {
    return new MemoryAveragePolicy(average, bounds);
  }

  /**
   * Standard mode, KServe v0.15+: a KEDA ScaledObject with the given triggers.
   *
   * @example
   * new InferenceService(chart, 'llama', {
   *   deploymentMode: DeploymentMode.STANDARD,
   *   predictor: {
   *     model: Model.huggingface(StorageUri.gcs('ml-models', 'llama-3.1-8b-instruct')),
   *     extendedResources: [ExtendedResource.nvidiaGpu(1)],
   *     autoscaling: Autoscaling.keda({
   *       minReplicas: 1,
   *       maxReplicas: 4,
   *       metrics: [KedaMetric.prometheus({ serverAddress: 'http://prometheus.monitoring:9090', query: 'sum(vllm:num_requests_waiting)', threshold: 5 })],
   *     }),
   *   },
   * });
   */
  public static keda(options: KedaScalingOptions): Autoscaling {
    return new KedaPolicy(options);
  }

  /**
   * Standard mode: KServe creates no HPA; another controller owns the replica count
   * (`autoscalerClass: external`).
   *
   * @example
   * // The replica count belongs to another controller (for example your own ScaledObject).
   * new InferenceService(chart, 'sklearn-iris', {
   *   deploymentMode: DeploymentMode.STANDARD,
   *   predictor: {
   *     model: Model.sklearn(StorageUri.gcs('kfserving-examples', 'models/sklearn/1.0/model')),
   *     autoscaling: Autoscaling.external(),
   *   },
   * });
   */
  public static external(): Autoscaling {
    return new ExternalPolicy();
  }

  /**
   * Standard mode, KServe v0.15+: exactly `replicas` replicas and no autoscaler
   * (`autoscalerClass: none`); `0` stops the service.
   *
   * @example
   * new InferenceService(chart, 'sklearn-iris', {
   *   deploymentMode: DeploymentMode.STANDARD,
   *   predictor: {
   *     model: Model.sklearn(StorageUri.gcs('kfserving-examples', 'models/sklearn/1.0/model')),
   *     autoscaling: Autoscaling.fixed(3),
   *   },
   * });
   */
  public static fixed(replicas: number): Autoscaling {
    return new FixedPolicy(replicas);
  }

  /**
   * @param name the policy's name, as `policy` reports it
   * @param bounds the replica bounds the policy sets
   */
  protected constructor(private readonly name: string, private readonly bounds: ReplicaBounds) {}

  /** The policy's name (`concurrency`, `rps`, `cpu`, `memory`, `keda`, `external`, `none`). */
  public get policy(): string {
    return this.name;
  }

  /** The fewest replicas the policy sets, if any. */
  public get minReplicas(): number | undefined {
    return this.bounds.minReplicas;
  }

  /** The most replicas the policy sets, if any. */
  public get maxReplicas(): number | undefined {
    return this.bounds.maxReplicas;
  }

  /**
   * The policy's fields, annotations and errors in the given context.
   * @internal
   */
  public abstract _bind(context: ScalingContext): ScalingBinding;
}

/** Knative's request-based policies: `concurrency` and `rps` (the KPA). */
class RequestPolicy extends Autoscaling {
  constructor(
    private readonly metric: l1.InferenceServiceSpecPredictorScaleMetric.CONCURRENCY | l1.InferenceServiceSpecPredictorScaleMetric.RPS,
    private readonly options: KnativeScalingOptions,
  ) {
    super(metric, options);
  }

  public _bind({ mode, version, field }: ScalingContext): ScalingBinding {
    const o = this.options;
    const errors = replicaBoundsErrors(o.minReplicas, o.maxReplicas, field);
    // KServe's HPA takes only cpu and memory (validateHPAMetrics, inference_service_validation.go, both tags).
    if (!mode.isKnative) {
      errors.push(`${field}: '${this.metric}' scaling needs Knative; in '${mode.annotationValue(version)}' mode KServe's HPA scales only on cpu or memory. `
        + 'Use Autoscaling.cpu/memory/keda, or DeploymentMode.KNATIVE');
    }
    // One rule, one error per bad value: scaleTarget is an integer, and a whole number above zero is also
    // what the KPA path's rps rule asks ("the target for rps should be greater than 1" rejects t < 1,
    // inference_service_validation.go, both tags).
    errors.push(...wholeNumberErrors(o.target, `${field}.target`, 1).map(e => (e.includes('whole number') ? `${e} (scaleTarget is an integer)` : e)));
    // containerConcurrency is int64 in the CRD; the initial scale becomes a Deployment's replicas (int32, core validation).
    errors.push(...wholeNumberErrors(o.containerConcurrency, `${field}.containerConcurrency`, 0, MAX_EXACT_INTEGER)
      .map(e => (e.includes('whole number') ? `${e} (0 means unlimited)` : e)));
    errors.push(...wholeNumberErrors(o.initialScale, `${field}.initialScale`));
    const utilization = notANumberError(o.targetUtilizationPercent, `${field}.targetUtilizationPercent`);
    if (utilization) {
      errors.push(utilization);
    } else if (o.targetUtilizationPercent !== undefined && !(o.targetUtilizationPercent >= 1 && o.targetUtilizationPercent <= 100)) {
      errors.push(`${field}.targetUtilizationPercent (${o.targetUtilizationPercent}) must be between 1 and 100`);
    }
    // Knative's WindowMin/WindowMax (pkg/apis/autoscaling/register.go, validated in annotation_validation.go).
    if (o.stableWindow !== undefined) {
      const s = durationAmount(o.stableWindow);
      if (s === undefined) {
        errors.push(...durationErrors(o.stableWindow, `${field}.stableWindow`));
      } else if (!(Number.isInteger(s) && s >= 6 && s <= 3600)) {
        errors.push(`${field}.stableWindow (${s}s) must be whole seconds between 6s and 1h (Knative's limits)`);
      }
    }
    if (o.scaleToZeroRetention !== undefined) {
      errors.push(...wholeSecondsErrors(o.scaleToZeroRetention, `${field}.scaleToZeroRetention`, 0));
      // Our own safety rule: Knative reads the retention only when scaling to zero, so with minReplicas > 0 it is dead config.
      if (o.minReplicas !== 0) errors.push(`${field}.scaleToZeroRetention only applies with minReplicas: 0`);
    }
    // Our own safety rule: containerConcurrency is the hard per-replica cap, so a soft target above it is never reached.
    if (o.containerConcurrency !== undefined && o.containerConcurrency > 0
      && this.metric === isvc.InferenceServiceSpecPredictorScaleMetric.CONCURRENCY && o.target !== undefined && o.target > o.containerConcurrency) {
      errors.push(`${field}.target (${o.target}) must not exceed containerConcurrency (${o.containerConcurrency}), the hard per-replica limit`);
    }
    return {
      fields: {
        minReplicas: o.minReplicas,
        maxReplicas: o.maxReplicas,
        scaleMetric: this.metric,
        scaleTarget: o.target,
        containerConcurrency: o.containerConcurrency,
      },
      componentAnnotations: definedOnly({
        [`${KNATIVE}target-utilization-percentage`]: o.targetUtilizationPercent?.toString(),
        [`${KNATIVE}initial-scale`]: o.initialScale?.toString(),
        [`${KNATIVE}window`]: secondsString(o.stableWindow),
        [`${KNATIVE}scale-to-zero-pod-retention-period`]: secondsString(o.scaleToZeroRetention),
      }),
      serviceAnnotations: {},
      errors,
    };
  }
}

/** The resource-based policies: `cpu` and `memory`, an HPA (KServe's in Standard mode, Knative's HPA class in Knative mode). */
class ResourcePolicy extends Autoscaling {
  constructor(
    private readonly metric: l1.InferenceServiceSpecPredictorScaleMetric.CPU | l1.InferenceServiceSpecPredictorScaleMetric.MEMORY,
    private readonly targetUtilizationPercent: number | undefined,
    private readonly replicas: ReplicaBounds,
  ) {
    super(metric, replicas);
  }

  public _bind({ mode, field }: ScalingContext): ScalingBinding {
    const { minReplicas, maxReplicas } = this.replicas;
    const target = this.targetUtilizationPercent;
    const errors = replicaBoundsErrors(minReplicas, maxReplicas, field);
    // HPA path: "(cpu && t<1) || t>100" and memory t<1 are rejected (inference_service_validation.go).
    if (target !== undefined && !isPercent(target)) {
      errors.push(`${field}.targetUtilizationPercent (${describeValue(target)}) must be a whole number between 1 and 100`);
    }
    errors.push(...hpaBoundsErrors(minReplicas, maxReplicas, mode, field));
    // Knative's HPA class turns a memory target into an AverageValue of target MiB (knative/serving
    // pkg/reconciler/autoscaling/hpa/resources/hpa.go); KServe's webhook calls it "the target memory ... MiB".
    if (mode.isKnative && this.metric === isvc.InferenceServiceSpecPredictorScaleMetric.MEMORY) {
      errors.push(`${field}: Autoscaling.memory(${target}) would target ${target} MiB per replica in Knative mode, not ${target}%: `
        + "Knative's HPA class reads a memory target as MiB. Use Autoscaling.memoryAverage(Size.mebibytes(n)), or DeploymentMode.STANDARD");
    }
    return {
      fields: { minReplicas, maxReplicas, scaleMetric: this.metric, scaleTarget: target },
      componentAnnotations: {},
      // The webhook reads both classes only from the InferenceService's own annotations.
      serviceAnnotations: mode.isKnative ? { [KNATIVE_CLASS_ANNOTATION]: 'hpa.autoscaling.knative.dev' } : { [AUTOSCALER_CLASS_ANNOTATION]: 'hpa' },
      errors,
    };
  }
}

/** KEDA (Standard mode, KServe v0.15+): a ScaledObject with the given triggers. */
class KedaPolicy extends Autoscaling {
  private readonly title = "the 'keda' policy";

  constructor(private readonly options: KedaScalingOptions) {
    super('keda', options);
  }

  public _bind(context: ScalingContext): ScalingBinding {
    const { field } = context;
    const o = this.options;
    const metrics = o.metrics ?? [];
    const errors = [
      ...replicaBoundsErrors(o.minReplicas, o.maxReplicas, field),
      ...standardOnlyErrors(this.title, context),
      ...classErrors('keda', context),
    ];
    // Our own safety rule: KServe then writes a ScaledObject without triggers, which KEDA refuses.
    if (metrics.length === 0) {
      errors.push(`${field}.metrics must list at least one KedaMetric`);
    }
    metrics.forEach((metric, i) => errors.push(...metric._errors(`${field}.metrics[${i}]`)));
    errors.push(...maxReplicasErrors(o.maxReplicas, context.mode, field));
    // KEDA scales to zero only through a non-resource trigger: its cpu and memory scalers are HPA metrics, which
    // cannot reach zero (KEDA's CPU and memory scaler documentation, keda.sh/docs/2.x/scalers/cpu/ and /memory/).
    const resourceOnly = metrics.every(m => m._spec.type === isvc.InferenceServiceSpecPredictorAutoScalingMetricsType.RESOURCE);
    if (o.minReplicas === 0 && metrics.length > 0 && resourceOnly) {
      errors.push(`${field}.minReplicas is 0 but every trigger is cpu or memory, which KEDA cannot scale to zero on; `
        + 'add a KedaMetric.prometheus trigger or set minReplicas >= 1');
    }
    return {
      fields: { minReplicas: o.minReplicas, maxReplicas: o.maxReplicas, autoScaling: { metrics: metrics.map(m => m._spec) } },
      componentAnnotations: {},
      serviceAnnotations: { [AUTOSCALER_CLASS_ANNOTATION]: 'keda' },
      errors,
    };
  }
}

/** An external autoscaler (Standard mode): KServe creates none and leaves the replicas alone. */
class ExternalPolicy extends Autoscaling {
  private readonly title = "the 'external' policy";

  constructor() {
    super('external', {});
  }

  public _bind(context: ScalingContext): ScalingBinding {
    return {
      fields: {},
      componentAnnotations: {},
      serviceAnnotations: { [AUTOSCALER_CLASS_ANNOTATION]: 'external' },
      errors: standardOnlyErrors(this.title, context),
    };
  }
}

/** A fixed replica count and no autoscaler (Standard mode, KServe v0.15+: the `none` class). */
class FixedPolicy extends Autoscaling {
  // Named after the factory the user called: fixed() is the 'none' class, a name they never typed.
  private readonly title = 'Autoscaling.fixed()';

  constructor(private readonly replicas: number) {
    super('none', { minReplicas: replicas });
  }

  public _bind(context: ScalingContext): ScalingBinding {
    return {
      fields: { minReplicas: this.replicas },
      componentAnnotations: {},
      serviceAnnotations: { [AUTOSCALER_CLASS_ANNOTATION]: 'none' },
      errors: [
        ...wholeNumberErrors(this.replicas, `${context.field}.minReplicas`),
        ...standardOnlyErrors(this.title, context),
        ...classErrors('none', context),
      ],
    };
  }
}

/** Average memory per replica: Knative's HPA class (MiB) or, in Standard mode, an HPA `AverageValue` target. */
class MemoryAveragePolicy extends Autoscaling {
  constructor(private readonly average: Size, private readonly replicas: ReplicaBounds) {
    super('memory', replicas);
  }

  public _bind({ mode, version, field }: ScalingContext): ScalingBinding {
    const { minReplicas, maxReplicas } = this.replicas;
    const errors = [...replicaBoundsErrors(minReplicas, maxReplicas, field), ...hpaBoundsErrors(minReplicas, maxReplicas, mode, field)];
    const mib = this.average.toMebibytes({ rounding: SizeRoundingBehavior.NONE });
    // Knative writes scaleTarget (an integer) as MiB; KServe rejects a memory target below 1 MiB
    // (validateScalingHPACompExtension / validateScalingKedaCompExtension, inference_service_validation.go); the
    // Size itself must be one Kubernetes reads exactly (sizeErrors), and scaleTarget is int32 (CRD schema, v0.20).
    const sizeProblems = sizeErrors(this.average, `${field}: the average memory`);
    if (sizeProblems.length > 0) {
      errors.push(...sizeProblems);
    } else if (!(Number.isInteger(mib) && mib >= 1)) {
      errors.push(`${field}: the average memory must be a Size of whole MiB, at least 1 MiB (got ${mib} MiB)`);
    } else if (mode.isKnative && mib > INT32_MAX) {
      errors.push(`${field}: the average memory (${this.average.asString()}) is ${mib} MiB, more than scaleTarget holds (at most ${INT32_MAX}, a 32-bit integer)`);
    }
    if (!mode.isKnative && !version._facts.componentAutoScaling) {
      errors.push(`${field}: Autoscaling.memoryAverage in '${mode.annotationValue(version)}' mode ${needsRelease(v => v._facts.componentAutoScaling, version)}; `
        + `the HPA of ${version.name} scales memory only on utilization: use Autoscaling.memory(percent)`);
    }
    const averageValue = sizeQuantity(this.average)!;
    return {
      fields: mode.isKnative
        ? { minReplicas, maxReplicas, scaleMetric: isvc.InferenceServiceSpecPredictorScaleMetric.MEMORY, scaleTarget: mib }
        : {
          minReplicas,
          maxReplicas,
          autoScaling: {
            metrics: [{
              type: isvc.InferenceServiceSpecPredictorAutoScalingMetricsType.RESOURCE,
              resource: {
                name: isvc.InferenceServiceSpecPredictorAutoScalingMetricsResourceName.MEMORY,
                target: {
                  type: isvc.InferenceServiceSpecPredictorAutoScalingMetricsResourceTargetType.AVERAGE_VALUE,
                  averageValue: isvc.InferenceServiceSpecPredictorAutoScalingMetricsResourceTargetAverageValue.fromString(averageValue),
                },
              },
            }],
          },
        },
      componentAnnotations: {},
      serviceAnnotations: mode.isKnative ? { [KNATIVE_CLASS_ANNOTATION]: 'hpa.autoscaling.knative.dev' } : { [AUTOSCALER_CLASS_ANNOTATION]: 'hpa' },
      errors,
    };
  }
}

/** The bounds an HPA takes: it cannot scale to zero, and in Standard mode it needs a maximum. */
function hpaBoundsErrors(minReplicas: number | undefined, maxReplicas: number | undefined, mode: DeploymentMode, field: string): string[] {
  const errors = maxReplicasErrors(maxReplicas, mode, field);
  // HPA minReplicas 0 is silently raised to 1 (hpa_reconciler.go createHPA).
  if (minReplicas === 0) {
    errors.push(`${field}.minReplicas is 0 but an HPA cannot scale to zero (KServe would silently run 1). `
      + 'Use Autoscaling.concurrency/rps in Knative mode, or Autoscaling.keda');
  }
  return errors;
}

/**
 * Standard mode: an unset maxReplicas becomes minReplicas (createHPA in reconcilers/hpa/hpa_reconciler.go at both tags,
 * createKedaScaledObject in reconcilers/keda/keda_reconciler.go at v0.20.0), so the policy would never scale.
 */
function maxReplicasErrors(maxReplicas: number | undefined, mode: DeploymentMode, field: string): string[] {
  return !mode.isKnative && (maxReplicas === undefined || maxReplicas === 0)
    ? [`${field}.maxReplicas is required in Standard mode: KServe sets an unset maximum to minReplicas, so nothing would scale`]
    : [];
}

/** A whole percentage, 1-100. */
function isPercent(value: number): boolean {
  return Number.isInteger(value) && value >= 1 && value <= 100;
}

/** An error when the policy called `title` is bound in Knative mode. */
function standardOnlyErrors(title: string, { mode, version, field }: ScalingContext): string[] {
  return mode.isKnative ? [`${field}: ${title} needs DeploymentMode.STANDARD (the service is in '${mode.annotationValue(version)}' mode)`] : [];
}

/** An error when the target version's webhook does not accept the autoscaler class `cls`. */
function classErrors(cls: string, { version, field }: ScalingContext): string[] {
  return version._facts.autoscalerClasses.includes(cls) ? []
    : [`${field}: the '${cls}' autoscaler class ${needsRelease(v => v._facts.autoscalerClasses.includes(cls), version)}; `
      + `${version.name} allows ${version._facts.autoscalerClasses.join(' and ')}`];
}

// JavaScript callers get the checks the compiler gives TypeScript callers (private/shape.ts).
guardMethods(KedaMetric, Autoscaling);
