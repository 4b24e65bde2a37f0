import { Duration } from 'cdk8s';
import { ComponentType } from '../component';
import { InferenceService } from '../inference-service';
import { ProtocolVersion } from '../protocol-version';
import { DNS1123_SUBDOMAIN_NAME, validateLabels } from '../validation';
import { MetricsSource } from './metrics';
import type { MonitorProps } from './service-monitor';

/** Label Knative puts on a revision's private Service (`networking.internal.knative.dev/serviceType`). */
export const KNATIVE_SERVICE_TYPE_LABEL = 'networking.internal.knative.dev/serviceType';

/** Where a monitor scrapes: the labels it selects, the named port and the path; or why it cannot. */
export interface ScrapeTarget {
  readonly selector: Record<string, string>;
  readonly port: string;
  readonly path: string;
}

/** The kind of prometheus-operator monitor. */
export type MonitorKind = 'ServiceMonitor' | 'PodMonitor';

// Runtimes whose `prometheus.kserve.io/port` is not the inference port (config/runtimes at v0.13.1 and v0.20.0).
const RUNTIME_METRICS_PORTS: Record<string, number> = { 'kserve-torchserve': 8082, 'kserve-tritonserver': 8002 };
// Formats whose auto-selected runtime is KServe's Python model server (it exports the request_*_seconds histograms).
const KSERVE_PYTHON_FORMATS = ['sklearn', 'xgboost', 'lightgbm', 'pmml', 'paddle', 'huggingface'];
const KSERVE_PYTHON_RUNTIMES = ['kserve-sklearnserver', 'kserve-xgbserver', 'kserve-lgbserver', 'kserve-pmmlserver',
  'kserve-paddleserver', 'kserve-huggingfaceserver', 'kserve-predictiveserver'];

/** The standard runtime KServe would pick for the model, when it can be told from the format and protocol. */
function standardRuntime(service: InferenceService): string | undefined {
  const model = service.model;
  if (!model) return undefined;
  if (model.runtime) return model.runtime;
  const v2 = model.effectiveProtocol === ProtocolVersion.V2 || model.effectiveProtocol === ProtocolVersion.GRPC_V2;
  switch (model.formatName) {
    case 'pytorch': return 'kserve-torchserve';
    case 'triton':
    case 'onnx': return 'kserve-tritonserver';
    case 'tensorflow': return v2 ? 'kserve-tritonserver' : 'kserve-tensorflow-serving';
    case 'mlflow': return 'kserve-mlserver';
    default: return undefined;
  }
}

/** The port the predictor's runtime serves `/metrics` on. */
function runtimeMetricsPort(service: InferenceService): number {
  return RUNTIME_METRICS_PORTS[standardRuntime(service) ?? ''] ?? 8080;
}

/**
 * Whether the predictor runs KServe's Python model server, the only one exporting the
 * `request_*_seconds` histograms (python/kserve/kserve/metrics.py).
 */
export function exportsKServeModelMetrics(service: InferenceService): boolean {
  const model = service.model;
  if (!model) return false;
  return model.runtime ? KSERVE_PYTHON_RUNTIMES.includes(model.runtime) : KSERVE_PYTHON_FORMATS.includes(model.formatName);
}

/**
 * Resolves what a monitor of `kind` must select to scrape `source` of a component, following which
 * Services, pods and named ports KServe and Knative create per mode (see docs/scrape-targets.md).
 * Returns the reason as a string when no such monitor can work.
 */
export function resolveScrapeTarget(
  service: InferenceService, component: ComponentType, source: MetricsSource, kind: MonitorKind,
): ScrapeTarget | string {
  const selector = service.selectorLabels(component);
  const knative = service.deploymentMode.isKnative;
  const metricsPort = component === ComponentType.PREDICTOR ? runtimeMetricsPort(service) : 8080;
  const mode = `'${service.deploymentMode.annotationValue(service.version)}' mode`;

  if (!knative) {
    if (source !== MetricsSource.MODEL) {
      return `${source} metrics exist only in Knative mode (there is no queue-proxy in ${mode})`;
    }
    if (kind === 'PodMonitor') {
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
      if (kind === 'ServiceMonitor') {
        return `in ${mode} no Service exposes the model's /metrics; use a PodMonitor (port user-port)`;
      }
      if (metricsPort !== 8080) {
        return `this runtime serves /metrics on port ${metricsPort}, and Knative exposes only the inference port (user-port); `
          + 'use MetricsSource.AGGREGATED with metrics aggregation on';
      }
      return { selector, port: 'user-port', path: '/metrics' };
    case MetricsSource.QUEUE_PROXY:
      // Only the revision's private Service carries the http-usermetric port.
      return kind === 'ServiceMonitor'
        ? { selector: { ...selector, [KNATIVE_SERVICE_TYPE_LABEL]: 'Private' }, port: 'http-usermetric', path: '/metrics' }
        : { selector, port: 'http-usermetric', path: '/metrics' };
    case MetricsSource.AGGREGATED:
      if (!service.metricsAggregation) {
        return "aggregated metrics need 'metrics: { aggregation: true }' on the InferenceService (and the qpext queue-sidecar image)";
      }
      if (kind === 'ServiceMonitor') {
        return 'no Service exposes the aggr-metric port (Knative fixes the private Service ports); use a PodMonitor';
      }
      return { selector, port: 'aggr-metric', path: '/metrics' };
  }
}

/** Renders the duration as Prometheus wants it (`30s`). */
export function promDuration(duration: Duration | undefined): string | undefined {
  return duration === undefined ? undefined : `${duration.toSeconds({ integral: false })}s`;
}

/** Checks interval / timeout and the resolved target; shared by both monitor kinds. */
export function validateMonitor(props: MonitorProps, target: ScrapeTarget | string, kind: MonitorKind, source: MetricsSource): string[] {
  const errors: string[] = [];
  if (typeof target === 'string') {
    errors.push(`a ${kind} cannot scrape the ${source} metrics of '${props.target.name}' (${props.component ?? 'predictor'}): ${target}`);
  }
  for (const [field, value] of [['interval', props.interval], ['scrapeTimeout', props.scrapeTimeout]] as const) {
    const seconds = value?.toSeconds({ integral: false });
    if (seconds !== undefined && !(Number.isInteger(seconds) && seconds > 0)) {
      errors.push(`${field} (${seconds}s) must be a whole number of seconds greater than zero`);
    }
  }
  const interval = props.interval?.toSeconds({ integral: false });
  const timeout = props.scrapeTimeout?.toSeconds({ integral: false });
  if (interval !== undefined && timeout !== undefined && timeout > interval) {
    errors.push(`scrapeTimeout (${timeout}s) must not exceed interval (${interval}s)`);
  }
  if (props.name !== undefined && !DNS1123_SUBDOMAIN_NAME.test(props.name)) {
    errors.push(`name '${props.name}' must be a DNS-1123 subdomain (lower case alphanumerics, '-' and '.')`);
  }
  errors.push(...validateLabels(props.labels, 'labels'));
  if (!props.target.components.includes(props.component ?? ComponentType.PREDICTOR)) {
    errors.push(`component '${props.component}': the service '${props.target.name}' has no ${props.component}`);
  }
  return errors;
}

