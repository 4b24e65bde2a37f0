/**
 * Whether pods of a higher priority class preempt lower-priority pods (`preemptionPolicy`, Kubernetes PodSpec).
 * @category Serving
 */
export enum PreemptionPolicy {
  /** Evict lower-priority pods to make room (Kubernetes' default). */
  PREEMPT_LOWER_PRIORITY = 'PreemptLowerPriority',
  /** Wait for room instead of evicting anything; the pod still goes ahead of lower-priority pods in the queue. */
  NEVER = 'Never',
}
