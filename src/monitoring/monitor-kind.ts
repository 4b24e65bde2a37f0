/**
 * The kind of prometheus-operator monitor, which decides what it can select: Services or pods.
 * @category Monitoring
 */
export enum MonitorKind {
  /** A `ServiceMonitor`: selects Services and their named ports. */
  SERVICE_MONITOR = 'ServiceMonitor',
  /** A `PodMonitor`: selects pods and their named container ports. */
  POD_MONITOR = 'PodMonitor',
}
