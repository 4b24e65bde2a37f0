/**
 * Where a Grafana dashboard is written: a ConfigMap that Grafana's dashboard sidecar loads.
 * @category Monitoring
 */
export interface DashboardOptions {
  /**
   * The ConfigMap's name.
   * @default - `<service>-dashboard` for a service, `kserve-fleet-dashboard` for the fleet
   */
  readonly name?: string;

  /**
   * The ConfigMap's namespace: one the Grafana sidecar watches. kube-prometheus-stack's watches Grafana's own
   * namespace unless `sidecar.dashboards.searchNamespace` lists more (or `ALL`).
   * @default - the service's namespace (the fleet's: the chart's, else `default`)
   */
  readonly namespace?: string;

  /**
   * The label the Grafana sidecar selects dashboard ConfigMaps by (kube-prometheus-stack's
   * `sidecar.dashboards.label` / `labelValue`).
   * @default { grafana_dashboard: '1' } (kube-prometheus-stack's default)
   */
  readonly sidecarLabel?: Record<string, string>;

  /**
   * More labels on the ConfigMap.
   * @default - none
   */
  readonly labels?: Record<string, string>;

  /**
   * The Grafana folder, as the annotation the sidecar reads with `folderAnnotation: grafana_folder`.
   * @default - no folder annotation: the sidecar's default folder
   */
  readonly folder?: string;
}
