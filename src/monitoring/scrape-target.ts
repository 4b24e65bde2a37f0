import { Duration } from 'cdk8s';
import { ComponentType } from '../component';
import { InferenceService } from '../inference-service';
import { KServeVersion } from '../kserve-version';
import { Model } from '../model';
import { MetricsSource } from './metrics';
import type { MonitorProps } from './service-monitor';
import { DNS1123_SUBDOMAIN_NAME, validateLabels } from '../private/validation';
import { RuntimeDefinition, ServingRuntimeOptions } from '../runtimes/runtime-definition';
import { standardRuntimes } from '../runtimes/standard-runtimes';

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

// Standard runtimes built on KServe's Python model server (python/<server> at both tags run kserve.ModelServer), the
// only servers exporting the request_*_seconds histograms (python/kserve/kserve/metrics.py).
const KSERVE_PYTHON_RUNTIMES = ['kserve-sklearnserver', 'kserve-xgbserver', 'kserve-lgbserver', 'kserve-pmmlserver',
  'kserve-paddleserver', 'kserve-huggingfaceserver', 'kserve-predictiveserver', 'kserve-autogluonserver'];

/**
 * The standard runtime KServe auto-selects for a model that names none, assuming only the release's standard
 * ClusterServingRuntimes are installed. Mirrors `GetSupportingRuntimes` and `sortSupportedRuntimeByPriority`
 * (pkg/apis/serving/v1beta1/predictor_model.go, both tags): keep the runtimes that list the format (and the
 * model's format version, if any) with `autoSelect` and speak the model's protocol, then take the highest
 * `priority` for the format name (runtimes without one last). Ties keep `standardRuntimes` order; KServe's
 * runtime webhook forbids equal priorities for one format and protocol, so standard runtimes never tie.
 */
export function autoSelectedStandardRuntime(model: Model, version: KServeVersion): ServingRuntimeOptions | undefined {
  // Every monitor and alert asks; the answer depends only on these, and building the runtime list is not cheap.
  const key = [version.name, model.formatName, model.formatVersion ?? '', model.effectiveProtocol.value].join('\n');
  if (!autoSelected.has(key)) autoSelected.set(key, selectStandardRuntime(model, version));
  return autoSelected.get(key);
}
const autoSelected = new Map<string, ServingRuntimeOptions | undefined>();

function selectStandardRuntime(model: Model, version: KServeVersion): ServingRuntimeOptions | undefined {
  // GetPriority: the priority of the runtime's first entry for the format name.
  const priority = (runtime: ServingRuntimeOptions) => runtime.supportedModelFormats.find(f => f.name === model.formatName)?.priority;
  const higherFirst = (a: ServingRuntimeOptions, b: ServingRuntimeOptions) => {
    const [pa, pb] = [priority(a), priority(b)];
    if (pa === pb) return 0;
    if (pa === undefined) return 1;
    if (pb === undefined) return -1;
    return pb - pa;
  };
  // Array.prototype.sort is stable, so ties keep standardRuntimes order.
  return standardRuntimes(version).filter(runtime => new RuntimeDefinition(runtime, version).serves(model, true)).sort(higherFirst)[0];
}

/**
 * The standard runtime the predictor runs: the one it names, else the one KServe auto-selects. Undefined for
 * a custom container, a runtime that is not one of the release's standard runtimes, or a model no standard
 * runtime auto-selects.
 */
function standardRuntime(service: InferenceService): ServingRuntimeOptions | undefined {
  const model = service.model;
  if (!model) return undefined;
  if (model.runtime) return standardRuntimesOf(service.version).get(model.runtime);
  return autoSelectedStandardRuntime(model, service.version);
}

const standardByVersion = new Map<KServeVersion, Map<string, ServingRuntimeOptions>>();
function standardRuntimesOf(version: KServeVersion): Map<string, ServingRuntimeOptions> {
  let byName = standardByVersion.get(version);
  if (!byName) {
    byName = new Map(standardRuntimes(version).map(r => [r.name!, r]));
    standardByVersion.set(version, byName);
  }
  return byName;
}

/** The port the predictor's runtime serves `/metrics` on (`prometheus.kserve.io/port`, config/runtimes at both tags). */
function runtimeMetricsPort(service: InferenceService): number {
  return standardRuntime(service)?.metricsPort ?? 8080;
}

/**
 * Whether the predictor runs KServe's Python model server, the only one exporting the
 * `request_*_seconds` histograms (python/kserve/kserve/metrics.py).
 */
export function exportsKServeModelMetrics(service: InferenceService): boolean {
  const runtime = standardRuntime(service);
  return runtime !== undefined && KSERVE_PYTHON_RUNTIMES.includes(runtime.name!);
}

/**
 * Why the predictor's server does not export KServe's model metrics, for error messages: what it serves and on
 * which runtime, e.g. `serves a 'sklearn' model whose server exports other metrics: for protocol v2 KServe
 * auto-selects runtime 'kserve-mlserver', the highest-priority standard runtime for the format`.
 */
export function describeModelServer(service: InferenceService): string {
  const model = service.model;
  if (!model) return 'runs a custom container whose server exports other metrics';
  const format = `a '${model.formatName}' model`;
  if (model.runtime) return `serves ${format} on runtime '${model.runtime}' whose server exports other metrics`;
  const selected = autoSelectedStandardRuntime(model, service.version);
  if (!selected) {
    const version = model.formatVersion !== undefined ? `format version '${model.formatVersion}', ` : '';
    return `serves ${format} that no standard runtime of KServe ${service.version.name} auto-selects (${version}`
      + `protocol ${model.effectiveProtocol.value}), so its server is unknown and may export other metrics`;
  }
  return `serves ${format} whose server exports other metrics: for protocol ${model.effectiveProtocol.value} KServe auto-selects `
    + `runtime '${selected.name}', the highest-priority standard runtime for the format`;
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

