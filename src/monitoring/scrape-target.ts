import { ComponentType } from '../component';
import { InferenceService } from '../inference-service';
import { MetricsSource } from './metrics';
import { MonitorKind } from './monitor-kind';
import { servingPort } from '../private/main-container';
import { KSERVE_HTTP_PORT, MetricsEndpoint, runtimeFor, runtimeMetricsEndpoint } from '../runtimes/runtime-selection';
import { ServingRuntimeBase } from '../runtimes/serving-runtime-base';

/** Label Knative puts on a revision's private Service (`networking.internal.knative.dev/serviceType`). */
export const KNATIVE_SERVICE_TYPE_LABEL = 'networking.internal.knative.dev/serviceType';

/**
 * Whether to look up the predictor's runtime: the app's runtimes are complete only at synth, so monitors resolve with
 * `IGNORE` at construction and with `APP` at synth (the port and path they write, and their validation).
 */
export enum RuntimeLookup {
  /** Use where the runtime KServe picks among the app's and the standard runtimes serves its metrics. */
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
 * Where a component's main container serves its Prometheus metrics (the MODEL source), or why nothing is known to be
 * there: a custom container says so with `metricsPort` / `metricsPath`; a model's server is the runtime KServe picks
 * among the app's runtimes and the standard ones (namespace ServingRuntimes first), with what its server really does.
 * Our own safety rule: a custom container's server is unknown, so a monitor without its declaration would scrape guesswork.
 */
function modelMetricsEndpoint(service: InferenceService, component: ComponentType, runtimes: RuntimeLookup): MetricsEndpoint | string {
  const o = service._componentOptions(component);
  const container = o?.container;
  if (container) {
    return container.metricsPort === undefined
      ? 'its custom container declares no metrics endpoint, so nothing says its server serves any; set container.metricsPort '
        + '(and metricsPath) to where it serves Prometheus metrics'
      : { port: container.metricsPort, path: container.metricsPath ?? '/metrics' };
  }
  const runtime = runtimes === RuntimeLookup.APP
    ? runtimeFor(service.model, service.version, service.namespace, ServingRuntimeBase._inApp(service)) : undefined;
  const env = Object.fromEntries(Object.entries(o?.env ?? {}).map(([name, value]) => [name, value?.value as string | undefined]));
  return runtime ? runtimeMetricsEndpoint(runtime, env) : { port: KSERVE_HTTP_PORT, path: '/metrics' };
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
  const mode = `'${service.deploymentMode.annotationValue(service.version)}' mode`;
  const options = service._componentOptions(component);
  const serving = (options ? servingPort(options, options.container) : undefined) ?? KSERVE_HTTP_PORT;
  const server = options?.container ? 'the custom container' : 'this runtime';

  if (!knative) {
    if (source !== MetricsSource.MODEL) {
      return `${source} metrics exist only in Knative mode (there is no queue-proxy in ${mode})`;
    }
    if (kind === MonitorKind.POD_MONITOR) {
      return `in ${mode} the model container declares no named port for a PodMonitor to select; use a ServiceMonitor`;
    }
    const endpoint = modelMetricsEndpoint(service, component, runtimes);
    if (typeof endpoint === 'string') return endpoint;
    if (endpoint.port !== serving) {
      // service_reconciler.go (both tags): every further port the main container declares is on the Service, by its name.
      const extra = (Array.isArray(options?.ports) ? options!.ports : []).slice(1).find(p => p?.number === endpoint.port && p.name);
      return extra ? { selector, port: extra.name!, path: endpoint.path }
        : `${server} serves ${endpoint.path} on port ${endpoint.port}, which the ${service.componentName(component)} Service does not expose in ${mode}`;
    }
    if (service.hasPayloadAgent(component)) {
      return `with a logger or batcher the ${service.componentName(component)} Service targets the agent sidecar, not the model's /metrics`;
    }
    // raw_kube service reconciler: one port named after the component unless the container declares ports.
    return { selector, port: service.servicePortName(component), path: endpoint.path };
  }

  switch (source) {
    case MetricsSource.MODEL: {
      if (kind === MonitorKind.SERVICE_MONITOR) {
        return `in ${mode} no Service exposes the model's /metrics; use a PodMonitor (port user-port)`;
      }
      const endpoint = modelMetricsEndpoint(service, component, runtimes);
      if (typeof endpoint === 'string') return endpoint;
      if (endpoint.port !== serving) {
        return `${server} serves ${endpoint.path} on port ${endpoint.port}, and Knative exposes only the inference port (user-port); `
          + 'use MetricsSource.AGGREGATED with metrics aggregation on';
      }
      return { selector, port: 'user-port', path: endpoint.path };
    }
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
