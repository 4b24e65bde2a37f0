/*
 * Where a custom container serves its Prometheus metrics (`CustomContainer.metricsPort` / `metricsPath`), written as
 * the component's pod annotations `prometheus.kserve.io/port` and `prometheus.kserve.io/path`: KServe's metric
 * aggregation reads them from the pod to scrape the main container, and assumes 8080 and /metrics without them
 * (setMetricAggregationEnvVarsAndPorts, pkg/webhook/admission/pod/metrics_aggregate_injector.go, both tags). The
 * component's annotations come last in KServe's merge (runtime < service < component, buildObjectMeta in
 * components/predictor.go, both tags), so these win over the service's.
 */
import { overwriteErrors } from './overwritten-input';
import { describeValue } from './validation';
import { CustomContainer, KNATIVE_RESERVED_PORTS } from '../custom-container';

/** The pod annotation with the main container's metrics port (`KserveContainerPrometheusPortKey`, pkg/constants). */
export const METRICS_PORT_ANNOTATION = 'prometheus.kserve.io/port';
/** The pod annotation with the main container's metrics path (`KServeContainerPrometheusPathKey`, pkg/constants). */
export const METRICS_PATH_ANNOTATION = 'prometheus.kserve.io/path';

/** The annotations a custom container's metrics endpoint writes on its component; empty when it declares none. */
export function containerMetricsAnnotations(container: CustomContainer | undefined): Record<string, string> {
  const annotations: Record<string, string> = {};
  if (container?.metricsPort !== undefined) annotations[METRICS_PORT_ANNOTATION] = String(container.metricsPort);
  if (container?.metricsPath !== undefined) annotations[METRICS_PATH_ANNOTATION] = String(container.metricsPath);
  return annotations;
}

/** Problems with a custom container's metrics endpoint, each naming its field under `field` (`spec.<component>`). */
export function containerMetricsErrors(container: CustomContainer | undefined, annotations: Record<string, string> | undefined,
  serviceAnnotations: Record<string, string> | undefined, knative: boolean, field: string): string[] {
  if (typeof container !== 'object' || container === null) return [];
  const { metricsPort: port, metricsPath: path } = container;
  const errors: string[] = [];
  // Core validation: a port number is 1-65535 (validation.IsValidPortNum).
  if (port !== undefined && !(Number.isInteger(port) && port > 0 && port < 65536)) {
    errors.push(`${field}.container.metricsPort (${describeValue(port)}) must be a port number between 1 and 65535`);
  } else if (port !== undefined && knative && KNATIVE_RESERVED_PORTS.includes(port)) {
    // Knative's reserved ports (k8s_validation.go reservedPorts): the queue-proxy listens there, in the same pod network.
    errors.push(`${field}.container.metricsPort (${port}) is a port Knative's queue-proxy listens on (${KNATIVE_RESERVED_PORTS.join(', ')}); `
      + 'serve the metrics on another port');
  }
  // Our own safety rules: Prometheus requests the path as the URL path, and a path without a port declares no endpoint.
  if (path !== undefined && (typeof path !== 'string' || !/^\/\S*$/.test(path))) {
    errors.push(`${field}.container.metricsPath (${describeValue(path)}) must be a URL path starting with '/', without spaces`);
  }
  if (path !== undefined && port === undefined) {
    errors.push(`${field}.container.metricsPath needs container.metricsPort: give the port the server serves ${JSON.stringify(path)} on`);
  }
  // Our own rule, as for every annotation a prop writes (overwritten-input.ts): a different value of the user's would be lost.
  const given = (all: Record<string, string> | undefined, key: string, at: string) =>
    (all?.[key] !== undefined ? [{ field: at, value: all[key] }] : []);
  for (const [key, prop, value] of [[METRICS_PORT_ANNOTATION, 'metricsPort', port], [METRICS_PATH_ANNOTATION, 'metricsPath', path]] as const) {
    if (value === undefined) continue;
    errors.push(...overwriteErrors(key, String(value), `${field}.container.${prop}`, given(annotations, key, `${field}.annotations`),
      'on the same component'));
    errors.push(...overwriteErrors(key, String(value), `${field}.container.${prop}`, given(serviceAnnotations, key, 'metadata.annotations'),
      "on the component, whose annotations KServe prefers to the InferenceService's: buildObjectMeta, components/*.go"));
  }
  return errors;
}
