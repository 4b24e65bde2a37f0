import { ComponentType } from '../component';
import { InferenceService } from '../inference-service';
import { MetricsSource } from './metrics';
import { MonitorKind } from './monitor-kind';
import { runtimeFor } from '../runtimes/runtime-selection';
import { ServingRuntimeBase } from '../runtimes/serving-runtime-base';

/** Label Knative puts on a revision's private Service (`networking.internal.knative.dev/serviceType`). */
export const KNATIVE_SERVICE_TYPE_LABEL = 'networking.internal.knative.dev/serviceType';

/**
 * Whether to look up the predictor's runtime: a selected target never depends on it (only the refusals do), and
 * the app's runtimes are complete only at synth, so monitors render with `IGNORE` and validate with `APP`.
 */
export enum RuntimeLookup {
  /** Check the metrics port of the runtime KServe picks among the app's and the standard runtimes. */
  APP = 'app',
  /** Assume the runtime serves /metrics on 8080. */
  IGNORE = 'ignore',
}

/** Where a monitor scrapes: the labels it selects, the named port and the path; or why it cannot. */
export interface ScrapeTarget {
  readonly selector: Record<string, string>;
  readonly port: string;
  readonly path: string;
}

/**
 * The port the predictor's runtime serves `/metrics` on (`prometheus.kserve.io/port`, config/runtimes at both tags),
 * for the runtime KServe picks among the app's runtimes and the standard ones (namespace ServingRuntimes first).
 */
function runtimeMetricsPort(service: InferenceService): number {
  return runtimeFor(service.model, service.version, service.namespace, ServingRuntimeBase._inApp(service))?.options.metricsPort ?? 8080;
}

/**
 * Resolves what a monitor of `kind` must select to scrape `source` of a component, following which
 * Services, pods and named ports KServe and Knative create per mode (see docs/scrape-targets.md).
 * Returns the reason as a string when no such monitor can work.
 */
export function resolveScrapeTarget(
  service: InferenceService, component: ComponentType, source: MetricsSource, kind: MonitorKind, runtimes: RuntimeLookup = RuntimeLookup.APP,
): ScrapeTarget | string {
  const selector = service.selectorLabels(component);
  const knative = service.deploymentMode.isKnative;
  const metricsPort = component === ComponentType.PREDICTOR && runtimes === RuntimeLookup.APP ? runtimeMetricsPort(service) : 8080;
  const mode = `'${service.deploymentMode.annotationValue(service.version)}' mode`;

  if (!knative) {
    if (source !== MetricsSource.MODEL) {
      return `${source} metrics exist only in Knative mode (there is no queue-proxy in ${mode})`;
    }
    if (kind === MonitorKind.POD_MONITOR) {
      return `in ${mode} the model container declares no named port for a PodMonitor to select; use a ServiceMonitor`;
    }
    if (metricsPort !== 8080) {
      return `this runtime serves /metrics on port ${metricsPort}, which the ${service.componentName(component)} Service does not expose in ${mode}`;
    }
    if (service.hasPayloadAgent(component)) {
      return `with a logger or batcher the ${service.componentName(component)} Service targets the agent sidecar, not the model's /metrics`;
    }
    // raw_kube service reconciler: one port named after the component unless the container declares ports.
    return { selector, port: service.servicePortName(component), path: '/metrics' };
  }

  switch (source) {
    case MetricsSource.MODEL:
      if (kind === MonitorKind.SERVICE_MONITOR) {
        return `in ${mode} no Service exposes the model's /metrics; use a PodMonitor (port user-port)`;
      }
      if (metricsPort !== 8080) {
        return `this runtime serves /metrics on port ${metricsPort}, and Knative exposes only the inference port (user-port); `
          + 'use MetricsSource.AGGREGATED with metrics aggregation on';
      }
      return { selector, port: 'user-port', path: '/metrics' };
    case MetricsSource.QUEUE_PROXY:
      if (!service.knativeMetrics.servedOnMetricsPort) {
        // Knative >= 1.19 serves port 9091 only with request-metrics-protocol: prometheus (knative.dev/serving
        // pkg/queue/sharedmain/otel.go; knative.dev/pkg observability/metrics/config.go defaults to none).
        return `the queue-proxy serves nothing on http-usermetric (9091) with ${service.knativeMetrics}: set `
          + "'request-metrics-protocol: prometheus' in Knative's config-observability and say so with "
          + "'metrics: { knative: KnativeMetrics.openTelemetry(KnativeMetricsProtocol.PROMETHEUS) }', or scrape the model (MetricsSource.MODEL)";
      }
      // Only the revision's private Service carries the http-usermetric port.
      return kind === MonitorKind.SERVICE_MONITOR
        ? { selector: { ...selector, [KNATIVE_SERVICE_TYPE_LABEL]: 'Private' }, port: 'http-usermetric', path: '/metrics' }
        : { selector, port: 'http-usermetric', path: '/metrics' };
    case MetricsSource.AGGREGATED:
      if (!service.metricsAggregation) {
        return "aggregated metrics need 'metrics: { aggregation: true }' on the InferenceService (and the qpext queue-sidecar image)";
      }
      if (kind === MonitorKind.SERVICE_MONITOR) {
        return 'no Service exposes the aggr-metric port (Knative fixes the private Service ports); use a PodMonitor';
      }
      return { selector, port: 'aggr-metric', path: '/metrics' };
  }
}
