import { Duration } from 'cdk8s';
import { DeploymentMode } from './deployment-mode';
import { KServeVersion } from './kserve-version';
import { HTTP_URL } from './private/validation';

/** InferenceService annotation choosing the autoscaler outside Knative (`serving.kserve.io/autoscalerClass`). */
export const AUTOSCALER_CLASS_ANNOTATION = 'serving.kserve.io/autoscalerClass';
/** Knative's autoscaler class annotation. */
export const KNATIVE_CLASS_ANNOTATION = 'autoscaling.knative.dev/class';
const KNATIVE = 'autoscaling.knative.dev/';

/** Replica bounds every policy takes. */
export interface ReplicaBounds {
  /**
   * The fewest replicas. `0` scales to zero when idle (Knative concurrency/rps and KEDA only).
   * @default 1 (KServe's default)
   */
  readonly minReplicas?: number;

  /**
   * The most replicas.
   * @default - no upper bound set by KServe
   */
  readonly maxReplicas?: number;
}

/** Options of the Knative request-based policies (`Autoscaling.concurrency`, `Autoscaling.rps`). */
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

/** Options of the resource-based policies (`Autoscaling.cpu`, `Autoscaling.memory`). */
export interface ResourceScalingOptions extends ReplicaBounds {
  /**
   * Target average utilization of the resource request, 1-100 (`scaleTarget`).
   * @default - 80 for cpu; required for memory
   */
  readonly targetUtilizationPercent?: number;
}

/** A trigger of the KEDA policy (`autoScaling.metrics[]`, KServe v0.20). */
export class KedaMetric {
  /** Scale on average CPU utilization of the requests, 1-100. */
  public static cpu(utilizationPercent: number): KedaMetric {
    return new KedaMetric({ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: utilizationPercent } } });
  }

  /** Scale on average memory utilization of the requests, 1-100. */
  public static memory(utilizationPercent: number): KedaMetric {
    return new KedaMetric({ type: 'Resource', resource: { name: 'memory', target: { type: 'Utilization', averageUtilization: utilizationPercent } } });
  }

  /**
   * Scale on the value of a Prometheus query: one replica per `threshold`.
   * @param options the Prometheus server, the query and the per-replica threshold
   */
  public static prometheus(options: PrometheusTriggerOptions): KedaMetric {
    return new KedaMetric({
      type: 'External',
      external: {
        metric: { backend: 'prometheus', serverAddress: options.serverAddress, query: options.query, namespace: options.namespace },
        target: { type: 'Value', value: options.threshold },
      },
    });
  }

  private constructor(
    /** @internal */
    public readonly _spec: KedaMetricSpec,
  ) {}
}

/** Options of `KedaMetric.prometheus`. */
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

interface KedaMetricSpec {
  readonly type: 'Resource' | 'External';
  readonly resource?: { readonly name: 'cpu' | 'memory'; readonly target: { readonly type: 'Utilization'; readonly averageUtilization: number } };
  readonly external?: {
    readonly metric: { readonly backend: 'prometheus'; readonly serverAddress: string; readonly query: string; readonly namespace?: string };
    readonly target: { readonly type: 'Value'; readonly value: number };
  };
}

/** Options of `Autoscaling.keda`. */
export interface KedaScalingOptions extends ReplicaBounds {
  /** The triggers; KEDA scales to the largest replica count any of them asks for. */
  readonly metrics: KedaMetric[];
}

enum Kind {
  CONCURRENCY = 'concurrency',
  RPS = 'rps',
  CPU = 'cpu',
  MEMORY = 'memory',
  KEDA = 'keda',
  EXTERNAL = 'external',
  FIXED = 'none',
}

/**
 * What a policy contributes to the InferenceService.
 * @internal
 */
export interface AutoscalingRendering {
  readonly fields: {
    readonly minReplicas?: number;
    readonly maxReplicas?: number;
    readonly scaleMetric?: string;
    readonly scaleTarget?: number;
    readonly containerConcurrency?: number;
    readonly autoScaling?: { readonly metrics: KedaMetricSpec[] };
  };
  /** Annotations on the component (they reach the Knative revision / pods). */
  readonly componentAnnotations: Record<string, string>;
  /** Annotations on the InferenceService (the webhook reads the classes only there). */
  readonly serviceAnnotations: Record<string, string>;
}

/**
 * How a component scales, with KServe's semantics per deployment mode and version.
 *
 * Knative mode scales on requests (`concurrency`, `rps`, scale to zero) or, with Knative's HPA
 * class, on `cpu` / `memory`. Standard mode scales with an HPA (`cpu`, `memory`), KEDA (v0.20),
 * an external autoscaler, or not at all (`fixed`, v0.20). The policy writes KServe's component
 * fields (`minReplicas`, `maxReplicas`, `scaleMetric`, `scaleTarget`, `autoScaling`) and the
 * annotations the target version reads; checks mirror `validateAutoScalingCompExtension` and
 * `validateScalingKedaCompExtension` in `pkg/apis/serving/v1beta1/inference_service_validation.go`.
 */
export class Autoscaling {
  /** Knative: scale on in-flight requests per replica (KServe's default metric in Knative mode). */
  public static concurrency(options: KnativeScalingOptions = {}): Autoscaling {
    return new Autoscaling(Kind.CONCURRENCY, options);
  }

  /** Knative: scale on requests per second per replica. */
  public static rps(options: KnativeScalingOptions = {}): Autoscaling {
    return new Autoscaling(Kind.RPS, options);
  }

  /**
   * Scale on CPU utilization: an HPA in Standard mode, Knative's HPA class in Knative mode.
   * Cannot scale to zero.
   */
  public static cpu(options: ResourceScalingOptions = {}): Autoscaling {
    return new Autoscaling(Kind.CPU, options);
  }

  /**
   * Scale on memory utilization: an HPA in Standard mode, Knative's HPA class in Knative mode.
   * Cannot scale to zero.
   */
  public static memory(options: ResourceScalingOptions): Autoscaling {
    return new Autoscaling(Kind.MEMORY, options);
  }

  /** Standard mode, KServe v0.20+: a KEDA ScaledObject with the given triggers. */
  public static keda(options: KedaScalingOptions): Autoscaling {
    return new Autoscaling(Kind.KEDA, options);
  }

  /**
   * Standard mode: KServe creates no HPA; another controller owns the replica count
   * (`autoscalerClass: external`).
   */
  public static external(): Autoscaling {
    return new Autoscaling(Kind.EXTERNAL, {});
  }

  /**
   * Standard mode, KServe v0.20+: exactly `replicas` replicas and no autoscaler
   * (`autoscalerClass: none`); `0` stops the service.
   */
  public static fixed(replicas: number): Autoscaling {
    return new Autoscaling(Kind.FIXED, { minReplicas: replicas });
  }

  private constructor(
    private readonly kind: Kind,
    private readonly options: KnativeScalingOptions & ResourceScalingOptions & Partial<KedaScalingOptions>,
  ) {}

  /** The policy's name (`concurrency`, `rps`, `cpu`, `memory`, `keda`, `external`, `none`). */
  public get policy(): string {
    return this.kind;
  }

  /** The fewest replicas the policy sets, if any. */
  public get minReplicas(): number | undefined {
    return this.options.minReplicas;
  }

  /** The most replicas the policy sets, if any. */
  public get maxReplicas(): number | undefined {
    return this.options.maxReplicas;
  }

  /**
   * The fields and annotations for the given mode.
   * @internal
   */
  public _render(mode: DeploymentMode): AutoscalingRendering {
    const o = this.options;
    const bounds = { minReplicas: o.minReplicas, maxReplicas: o.maxReplicas };
    switch (this.kind) {
      case Kind.CONCURRENCY:
      case Kind.RPS:
        return {
          fields: { ...bounds, scaleMetric: this.kind, scaleTarget: o.target, containerConcurrency: o.containerConcurrency },
          componentAnnotations: definedOnly({
            [`${KNATIVE}target-utilization-percentage`]: o.targetUtilizationPercent?.toString(),
            [`${KNATIVE}initial-scale`]: o.initialScale?.toString(),
            [`${KNATIVE}window`]: o.stableWindow && `${o.stableWindow.toSeconds({ integral: false })}s`,
            [`${KNATIVE}scale-to-zero-pod-retention-period`]: o.scaleToZeroRetention && `${o.scaleToZeroRetention.toSeconds({ integral: false })}s`,
          }),
          serviceAnnotations: {},
        };
      case Kind.CPU:
      case Kind.MEMORY:
        return {
          fields: { ...bounds, scaleMetric: this.kind, scaleTarget: o.targetUtilizationPercent },
          componentAnnotations: {},
          // The webhook reads both classes only from the InferenceService's own annotations.
          serviceAnnotations: mode.isKnative ? { [KNATIVE_CLASS_ANNOTATION]: 'hpa.autoscaling.knative.dev' } : { [AUTOSCALER_CLASS_ANNOTATION]: 'hpa' },
        };
      case Kind.KEDA:
        return {
          fields: { ...bounds, autoScaling: { metrics: (o.metrics ?? []).map(m => m._spec) } },
          componentAnnotations: {},
          serviceAnnotations: { [AUTOSCALER_CLASS_ANNOTATION]: 'keda' },
        };
      case Kind.EXTERNAL:
        return { fields: {}, componentAnnotations: {}, serviceAnnotations: { [AUTOSCALER_CLASS_ANNOTATION]: 'external' } };
      case Kind.FIXED:
        return { fields: { minReplicas: o.minReplicas }, componentAnnotations: {}, serviceAnnotations: { [AUTOSCALER_CLASS_ANNOTATION]: 'none' } };
    }
  }

  /**
   * Problems with this policy for the mode and version, each naming `field`.
   * @internal
   */
  public _validate(mode: DeploymentMode, version: KServeVersion, field: string): string[] {
    const errors: string[] = [];
    const o = this.options;
    const modeName = mode.annotationValue(version);
    const wholeAtLeast = (value: number | undefined, min: number, name: string, what: string) => {
      if (value !== undefined && !(Number.isInteger(value) && value >= min)) {
        errors.push(`${field}.${name} (${value}) must be ${what}`);
      }
    };
    wholeAtLeast(o.minReplicas, 0, 'minReplicas', 'a whole number >= 0');
    wholeAtLeast(o.maxReplicas, 0, 'maxReplicas', 'a whole number >= 0');
    if (o.minReplicas !== undefined && o.maxReplicas !== undefined && o.maxReplicas > 0 && o.minReplicas > o.maxReplicas) {
      errors.push(`${field}.minReplicas (${o.minReplicas}) must be less than or equal to ${field}.maxReplicas (${o.maxReplicas})`);
    }
    // Named after the factory the user called: fixed() is the 'none' class, a name they never typed.
    const policyName = this.kind === Kind.FIXED ? 'Autoscaling.fixed()' : `the '${this.kind}' policy`;
    const requireStandard = () => {
      if (mode.isKnative) {
        errors.push(`${field}: ${policyName} needs DeploymentMode.STANDARD (the service is in '${modeName}' mode)`);
      }
    };
    const requireV020 = () => {
      if (!version._facts.autoscalerClasses.includes(this.kind)) {
        errors.push(`${field}: the '${this.kind}' autoscaler class needs KServe v0.20 or later (target is ${version.name}); v0.13 allows hpa and external`);
      }
    };
    switch (this.kind) {
      case Kind.CONCURRENCY:
      case Kind.RPS:
        if (!mode.isKnative) {
          errors.push(`${field}: '${this.kind}' scaling needs Knative; in '${modeName}' mode KServe's HPA scales only on cpu or memory. `
            + 'Use Autoscaling.cpu/memory/keda, or DeploymentMode.KNATIVE');
        }
        // One rule, one error per bad value: scaleTarget is an integer, and a whole number above zero is also
        // what the KPA path's rps rule asks ("the target for rps should be greater than 1" rejects t < 1,
        // inference_service_validation.go, both tags).
        if (o.target !== undefined && !(Number.isInteger(o.target) && o.target > 0)) {
          errors.push(`${field}.target (${o.target}) must be a whole number greater than zero (scaleTarget is an integer)`);
        }
        wholeAtLeast(o.containerConcurrency, 0, 'containerConcurrency', 'a whole number >= 0 (0 means unlimited)');
        wholeAtLeast(o.initialScale, 0, 'initialScale', 'a whole number >= 0');
        if (o.targetUtilizationPercent !== undefined && !(o.targetUtilizationPercent >= 1 && o.targetUtilizationPercent <= 100)) {
          errors.push(`${field}.targetUtilizationPercent (${o.targetUtilizationPercent}) must be between 1 and 100`);
        }
        if (o.stableWindow !== undefined) {
          const s = o.stableWindow.toSeconds({ integral: false });
          if (!(Number.isInteger(s) && s >= 6 && s <= 3600)) {
            errors.push(`${field}.stableWindow (${s}s) must be whole seconds between 6s and 1h (Knative's limits)`);
          }
        }
        if (o.scaleToZeroRetention !== undefined) {
          const s = o.scaleToZeroRetention.toSeconds({ integral: false });
          if (!(Number.isInteger(s) && s >= 0)) errors.push(`${field}.scaleToZeroRetention (${s}s) must be whole seconds`);
          if (o.minReplicas !== 0) errors.push(`${field}.scaleToZeroRetention only applies with minReplicas: 0`);
        }
        if (o.containerConcurrency !== undefined && o.containerConcurrency > 0 && this.kind === Kind.CONCURRENCY
          && o.target !== undefined && o.target > o.containerConcurrency) {
          errors.push(`${field}.target (${o.target}) must not exceed containerConcurrency (${o.containerConcurrency}), the hard per-replica limit`);
        }
        break;
      case Kind.CPU:
      case Kind.MEMORY:
        // HPA path: "(cpu && t<1) || t>100" and memory t<1 are rejected (inference_service_validation.go).
        if (o.targetUtilizationPercent !== undefined && !(Number.isInteger(o.targetUtilizationPercent)
          && o.targetUtilizationPercent >= 1 && o.targetUtilizationPercent <= 100)) {
          errors.push(`${field}.targetUtilizationPercent (${o.targetUtilizationPercent}) must be a whole number between 1 and 100`);
        }
        // v0.20 creates no memory metric without a target (hpa_reconciler.go getHPAMetrics).
        if (this.kind === Kind.MEMORY && o.targetUtilizationPercent === undefined) {
          errors.push(`${field}.targetUtilizationPercent is required for memory scaling (KServe creates no memory metric without it)`);
        }
        // HPA minReplicas 0 is silently raised to 1 (hpa_reconciler.go createHPA).
        if (o.minReplicas === 0) {
          errors.push(`${field}.minReplicas is 0 but an HPA cannot scale to zero (KServe would silently run 1). `
            + 'Use Autoscaling.concurrency/rps in Knative mode, or Autoscaling.keda');
        }
        break;
      case Kind.KEDA:
        requireStandard();
        requireV020();
        if ((o.metrics ?? []).length === 0) {
          errors.push(`${field}.metrics must list at least one KedaMetric`);
        }
        (o.metrics ?? []).forEach((metric, i) => {
          const spec = metric._spec;
          const target = spec.resource?.target.averageUtilization;
          if (target !== undefined && !(Number.isInteger(target) && target >= 1 && target <= 100)) {
            errors.push(`${field}.metrics[${i}] utilization (${target}) must be a whole number between 1 and 100`);
          }
          const external = spec.external;
          if (external) {
            if (external.metric.query.trim() === '') errors.push(`${field}.metrics[${i}].query must not be empty`);
            if (!HTTP_URL.test(external.metric.serverAddress)) {
              errors.push(`${field}.metrics[${i}].serverAddress '${external.metric.serverAddress}' must be an http(s) URL`);
            }
            const threshold = external.target.value;
            if (!(Number.isFinite(threshold) && threshold > 0)) {
              errors.push(`${field}.metrics[${i}].threshold (${threshold}) must be greater than zero`);
            } else if (Number(threshold.toFixed(9)) !== threshold) {
              // Kubernetes quantities keep nine decimals and round the rest up, which would change the threshold.
              errors.push(`${field}.metrics[${i}].threshold (${threshold}) must have at most 9 decimal places (a Kubernetes quantity)`);
            }
          }
        });
        break;
      case Kind.EXTERNAL:
        requireStandard();
        break;
      case Kind.FIXED:
        requireStandard();
        requireV020();
        break;
    }
    return errors;
  }
}

function definedOnly(map: Record<string, string | undefined>): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [key, value] of Object.entries(map)) {
    if (value !== undefined) result[key] = value;
  }
  return result;
}
