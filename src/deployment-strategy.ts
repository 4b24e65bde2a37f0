import { PercentOrAbsolute } from 'cdk8s-plus-28';
import type * as l1 from '../imports/kserve-inferenceservice-serving.kserve.io';
import { isvc } from './private/l1-runtime.generated';
import { guardMethods } from './private/shape';
import { INT32_MAX } from './private/validation';

/**
 * Options of a rolling update; what is left out keeps Kubernetes' default (25%).
 * @category Rollout
 */
export interface RollingUpdateOptions {
  /**
   * How many pods may run above the desired count during the update: `PercentOrAbsolute.absolute(1)` or
   * `PercentOrAbsolute.percent(25)` (rendered `25%`).
   * @default - Kubernetes' default (25%)
   */
  readonly maxSurge?: PercentOrAbsolute;

  /**
   * How many pods may be unavailable during the update (a percentage at most 100%). Not zero together with
   * a zero `maxSurge`.
   * @default - Kubernetes' default (25%)
   */
  readonly maxUnavailable?: PercentOrAbsolute;
}

enum StrategyType {
  ROLLING_UPDATE = 'RollingUpdate',
  RECREATE = 'Recreate',
}

/**
 * How a component's Deployment replaces its pods (`deploymentStrategy`, a Kubernetes DeploymentStrategy). KServe
 * honours it in Standard mode only: the Deployment reconciler copies it onto the Deployment
 * (`reconcilers/deployment/deployment_reconciler.go`), and the webhook rejects it under Knative's autoscaler
 * ("customizing deploymentStrategy is only supported for raw deployment mode", `inference_service_validation.go`,
 * both tags). Rendered exactly as given: unset values are left to Kubernetes' defaults.
 *
 * @example
 * new InferenceService(chart, 'sklearn-iris', {
 *   deploymentMode: DeploymentMode.STANDARD,
 *   predictor: {
 *     model: Model.sklearn(StorageUri.gcs('kfserving-examples', 'models/sklearn/1.0/model')),
 *     autoscaling: Autoscaling.fixed(3),
 *     deploymentStrategy: DeploymentStrategy.rollingUpdate({ maxUnavailable: kplus.PercentOrAbsolute.absolute(0) }),
 *   },
 * });
 * @category Rollout
 */
export class DeploymentStrategy {
  /**
   * Replace pods a few at a time (`type: RollingUpdate`).
   *
   * @example
   * // Start one new pod at a time and keep every old one serving until it is ready.
   * new InferenceService(chart, 'fraud-xgb', {
   *   deploymentMode: DeploymentMode.STANDARD,
   *   predictor: {
   *     model: Model.xgboost(StorageUri.s3('fraud-models', 'xgboost/v4')),
   *     deploymentStrategy: DeploymentStrategy.rollingUpdate({
   *       maxSurge: kplus.PercentOrAbsolute.absolute(1),
   *       maxUnavailable: kplus.PercentOrAbsolute.absolute(0),
   *     }),
   *   },
   * });
   */
  public static rollingUpdate(options: RollingUpdateOptions = {}): DeploymentStrategy {
    return new DeploymentStrategy(StrategyType.ROLLING_UPDATE, options);
  }

  /**
   * Stop every old pod before starting the new ones (`type: Recreate`), e.g. when GPUs allow only one copy.
   *
   * @example
   * // The node has a single GPU: the old pod must release it before the new one can start.
   * new InferenceService(chart, 'llama3', {
   *   deploymentMode: DeploymentMode.STANDARD,
   *   predictor: {
   *     model: Model.huggingface(StorageUri.huggingFace('meta-llama/Llama-3.1-8B-Instruct')),
   *     extendedResources: [ExtendedResource.nvidiaGpu(1)],
   *     deploymentStrategy: DeploymentStrategy.recreate(),
   *   },
   * });
   */
  public static recreate(): DeploymentStrategy {
    return new DeploymentStrategy(StrategyType.RECREATE, undefined);
  }

  private constructor(
    /** The strategy type: `RollingUpdate` or `Recreate`. */
    public readonly type: string,
    private readonly rolling: RollingUpdateOptions | undefined,
  ) {}

  /**
   * The strategy as Kubernetes writes it.
   * @internal
   */
  public _render(): l1.InferenceServiceSpecPredictorDeploymentStrategy {
    const given = this.rolling ?? {};
    const value = <T>(v: PercentOrAbsolute | undefined, factory: { fromNumber(n: number): T; fromString(s: string): T }) => {
      if (v === undefined) return undefined;
      return typeof v.value === 'number' ? factory.fromNumber(v.value) : factory.fromString(String(v.value));
    };
    const maxSurge = value(given.maxSurge, isvc.InferenceServiceSpecPredictorDeploymentStrategyRollingUpdateMaxSurge);
    const maxUnavailable = value(given.maxUnavailable, isvc.InferenceServiceSpecPredictorDeploymentStrategyRollingUpdateMaxUnavailable);
    return {
      type: this.type,
      rollingUpdate: maxSurge !== undefined || maxUnavailable !== undefined ? { maxSurge, maxUnavailable } : undefined,
    };
  }

  /**
   * Problems with the strategy, each naming `field` (e.g. `spec.predictor.deploymentStrategy`). Kubernetes core
   * validation (`ValidateRollingUpdateDeployment`), in our words: each value a whole number or a whole percentage
   * >= 0, maxUnavailable at most 100%, and not both zero.
   * @internal
   */
  public _validate(field: string): string[] {
    const o = this.rolling ?? {};
    const errors: string[] = [];
    const zero: boolean[] = [];
    for (const prop of ['maxSurge', 'maxUnavailable'] as const) {
      const given = o[prop];
      if (given === undefined) continue;
      const value = given.value as unknown;
      const percent = typeof value === 'string' ? /^(\d+)%$/.exec(value) : null;
      const amount = percent ? Number(percent[1]) : value;
      if (!(typeof amount === 'number' && Number.isInteger(amount) && amount >= 0)) {
        errors.push(`${field}.${prop} (${String(value)}) must be a whole number or a whole percentage, zero or more`);
      } else if (!percent && amount > INT32_MAX) {
        // An IntOrString holds a 32-bit integer (apimachinery intstr).
        errors.push(`${field}.${prop} (${amount}) must be at most ${INT32_MAX} (an IntOrString holds a 32-bit integer)`);
      } else if (prop === 'maxUnavailable' && percent && amount > 100) {
        errors.push(`${field}.maxUnavailable (${String(value)}) must not be more than 100%`);
      } else {
        zero.push(amount === 0);
      }
    }
    if (zero.length === 2 && zero.every(z => z)) {
      errors.push(`${field}: maxSurge and maxUnavailable are both zero, so the rollout could never make progress; raise one of them`);
    }
    return errors;
  }
}

/** Problems with a component's strategy (its own rules). */
export function deploymentStrategyErrors(strategy: DeploymentStrategy | undefined, field: string): string[] {
  return strategy?._validate(field) ?? [];
}

// JavaScript callers get the checks the compiler gives TypeScript callers (private/shape.ts).
guardMethods(DeploymentStrategy);
