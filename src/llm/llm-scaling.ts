import { Duration } from 'cdk8s';
import { k8s } from 'cdk8s-plus-28';

/**
 * KServe's HPA actuator for WVA (`wva.hpa`): the HPA reads `wva_desired_replicas` through a Prometheus Adapter.
 * @category LLM
 */
export interface WvaHpaActuator {
  /**
   * The HPA's scale-up and scale-down behavior (`behavior`, autoscaling/v2).
   * @default - Kubernetes' default behavior
   */
  readonly behavior?: k8s.HorizontalPodAutoscalerBehaviorV2;
}

/**
 * KServe's KEDA actuator for WVA (`wva.keda`): a ScaledObject that queries Prometheus directly.
 * @category LLM
 */
export interface WvaKedaActuator {
  /**
   * How often KEDA checks the trigger (`pollingInterval`, whole seconds, at least 1).
   * @default - KEDA's (30 seconds)
   */
  readonly pollingInterval?: Duration;

  /**
   * How long after the last active trigger KEDA waits before scaling to the minimum (`cooldownPeriod`, whole seconds).
   * @default - KEDA's (300 seconds)
   */
  readonly cooldownPeriod?: Duration;

  /**
   * How long after creation KEDA waits before reading triggers (`initialCooldownPeriod`, whole seconds), e.g. while
   * the model loads.
   * @default - KEDA's (0)
   */
  readonly initialCooldownPeriod?: Duration;

  /**
   * The replicas when no trigger is active (`idleReplicaCount`), at least 1 and less than `minReplicas`, which it needs.
   * @default - KEDA scales no lower than `minReplicas`
   */
  readonly idleReplicaCount?: number;

  /**
   * Replicas to hold while the metrics are unavailable (`fallback`).
   * @default - no fallback
   */
  readonly fallback?: KedaFallback;

  /**
   * KEDA's advanced options (`advanced`). The scaling modifiers and the HPA's name belong to KServe and are not offered.
   * @default - none
   */
  readonly advanced?: KedaAdvanced;
}

/**
 * How KEDA picks the fallback replica count (`fallback.behavior`, KEDA v2.18 Fallback).
 * @category LLM
 */
export enum KedaFallbackBehavior {
  /** Always `replicas`. */
  STATIC = 'static',
  /** Keep the current replica count. */
  CURRENT_REPLICAS = 'currentReplicas',
  /** The current count when higher than `replicas`, else `replicas`. */
  CURRENT_REPLICAS_IF_HIGHER = 'currentReplicasIfHigher',
  /** The current count when lower than `replicas`, else `replicas`. */
  CURRENT_REPLICAS_IF_LOWER = 'currentReplicasIfLower',
}

/**
 * KEDA's fallback (`wva.keda.fallback`, KEDA v2.18 Fallback): replicas to hold after the trigger fails repeatedly.
 * @category LLM
 */
export interface KedaFallback {
  /** Consecutive failures of the Prometheus query before falling back (`failureThreshold`, at least 0). */
  readonly failureThreshold: number;

  /** The replicas to fall back to (`replicas`, at least 0). */
  readonly replicas: number;

  /**
   * How the fallback count is picked (`behavior`).
   * @default KedaFallbackBehavior.STATIC (the CRD's default)
   */
  readonly behavior?: KedaFallbackBehavior;
}

/**
 * KEDA's advanced options (`wva.keda.advanced`, KEDA v2.18 AdvancedConfig) that KServe leaves to the user.
 * @category LLM
 */
export interface KedaAdvanced {
  /**
   * The HPA's scale-up and scale-down behavior (`horizontalPodAutoscalerConfig.behavior`, autoscaling/v2).
   * @default - Kubernetes' default behavior
   */
  readonly behavior?: k8s.HorizontalPodAutoscalerBehaviorV2;

  /**
   * Scale the workload back to its original replica count when the ScaledObject is deleted
   * (`restoreToOriginalReplicaCount`).
   * @default false (KEDA's default: the workload keeps its current count)
   */
  readonly restoreToOriginalReplicaCount?: boolean;
}

/**
 * The Workload Variant Autoscaler (`scaling.wva`): exactly one of `hpa` or `keda` actuates it.
 * @category LLM
 */
export interface WvaOptions {
  /**
   * The cost of one replica in WVA's saturation analysis (`variantCost`), a non-negative decimal such as `'10.0'`.
   * @default '10.0' (the CRD's default)
   */
  readonly variantCost?: string;

  /**
   * Scale with an HPA (`hpa`).
   * @default - none; then `keda`
   */
  readonly hpa?: WvaHpaActuator;

  /**
   * Scale with a KEDA ScaledObject (`keda`).
   * @default - none; then `hpa`
   */
  readonly keda?: WvaKedaActuator;
}

/**
 * Autoscaling of an LLM workload (`scaling`): KServe creates a VariantAutoscaling, a ServiceMonitor and the actuator
 * (HPA or KEDA). Not together with `replicas`.
 * @category LLM
 */
export interface LLMScaling {
  /**
   * The fewest replicas while scaling (`minReplicas`), at least 1 and at most `maxReplicas`.
   * @default 1 (the CRD's default)
   */
  readonly minReplicas?: number;

  /** The most replicas (`maxReplicas`), at least 1. */
  readonly maxReplicas: number;

  /** The autoscaler (`wva`), which KServe requires. */
  readonly wva: WvaOptions;
}
