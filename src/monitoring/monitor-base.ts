import { ApiObject, Duration, Lazy } from 'cdk8s';
import { Construct } from 'constructs';
import { ComponentType } from '../component';
import { InferenceService } from '../inference-service';
import { MetricsSource } from './metrics';
import { MonitorKind } from './monitor-kind';
import { resolveScrapeTarget, RuntimeLookup, ScrapeTarget } from './scrape-target';
import { checkProps, guardMethods } from '../private/shape';
import { shown } from '../private/shown';
import { addValidationOnce, DNS1123_SUBDOMAIN_NAME, durationAmount, durationErrors, secondsString, validateLabels } from '../private/validation';

/**
 * How a Prometheus monitor scrapes, shared by the monitors of InferenceServices and LLMInferenceServices.
 * @category Monitoring
 */
export interface ScrapeOptions {
  /**
   * How often to scrape.
   * @default - Prometheus' global scrape interval
   */
  readonly interval?: Duration;

  /**
   * How long a scrape may take.
   * @default - Prometheus' global scrape timeout
   */
  readonly scrapeTimeout?: Duration;

  /**
   * Labels on the monitor, for example the `release` label a kube-prometheus-stack Prometheus selects
   * monitors by.
   * @default - none
   */
  readonly labels?: Record<string, string>;
}

/**
 * Options shared by ServiceMonitor and PodMonitor.
 * @category Monitoring
 */
export interface MonitorProps extends ScrapeOptions {
  /** The InferenceService to scrape. */
  readonly target: InferenceService;

  /**
   * The component to scrape.
   * @default ComponentType.PREDICTOR
   */
  readonly component?: ComponentType;

  /**
   * Which metrics to scrape.
   * @default - ServiceMonitor: the queue-proxy in Knative mode, the model server in Standard mode;
   * PodMonitor: the aggregated metrics when aggregation is on, else the model server
   */
  readonly source?: MetricsSource;

  /**
   * Name of the monitor.
   * @default - `<service>-<component>-<source>`
   */
  readonly name?: string;
}

/** @internal What both monitor kinds render; they differ only in the L1 and the key of the endpoint list. */
export interface MonitorObject {
  readonly metadata: { readonly name: string; readonly namespace: string; readonly labels?: Record<string, string> };
  readonly selector: { readonly matchLabels: Record<string, string> };
  readonly namespaceSelector: { readonly matchNames: string[] };
  readonly endpoint: { readonly port?: string; readonly path?: string; readonly interval?: string; readonly scrapeTimeout?: string };
}

const MONITORS = new WeakMap<InferenceService, MonitorBase[]>();

/**
 * A prometheus-operator monitor of one InferenceService component: resolves what to select for the
 * chosen metrics in the service's mode, and reports at synth when nothing can be selected.
 *
 * @example
 * const iris = new InferenceService(chart, 'sklearn-iris', {
 *   predictor: { model: Model.sklearn(StorageUri.gcs('kfserving-examples', 'models/sklearn/1.0/model')) },
 *   metrics: { knative: KnativeMetrics.openTelemetry(KnativeMetricsProtocol.PROMETHEUS) },
 * });
 * const monitors: MonitorBase[] = [
 *   new PodMonitor(chart, 'iris-model', { target: iris, source: MetricsSource.MODEL }),
 *   new ServiceMonitor(chart, 'iris-requests', { target: iris, source: MetricsSource.QUEUE_PROXY }),
 * ];
 * // Both kinds share the escape hatch: label every monitor for the Prometheus that selects them.
 * monitors.forEach(monitor => monitor.apiObject.metadata.addLabel('release', 'kube-prometheus-stack'));
 * @category Monitoring
 */
export abstract class MonitorBase extends Construct {
  /**
   * The monitors that scrape `service`, in construction order (alerts check their metrics are scraped).
   *
   * @example
   * const iris = new InferenceService(chart, 'sklearn-iris', { predictor: { model: Model.sklearn(StorageUri.gcs('kfserving-examples', 'models/sklearn/1.0/model')) } });
   * new PodMonitor(chart, 'iris-model', { target: iris, source: MetricsSource.MODEL });
   * const scraped = MonitorBase.of(iris).map(monitor => monitor.source); // [MetricsSource.MODEL]
   */
  public static of(service: InferenceService): MonitorBase[] {
    return [...MONITORS.get(service) ?? []];
  }

  /** The InferenceService scraped. */
  public readonly target: InferenceService;
  /** The component scraped. */
  public readonly component: ComponentType;
  /** The metrics scraped. */
  public readonly source: MetricsSource;
  /** Escape hatch: the ServiceMonitor or PodMonitor object (also `ApiObject.of(monitor)`); patches reach the YAML as written. */
  public readonly apiObject: ApiObject;
  /** The monitor's name. */
  public readonly name: string;

  /** @param kind decides what the monitor can select (Services or pods) and names it in errors */
  protected constructor(scope: Construct, id: string, props: MonitorProps, kind: MonitorKind) {
    super(scope, id);
    props = checkProps(this, new.target.name, props);
    const service = props.target;
    const component = props.component ?? ComponentType.PREDICTOR;
    this.target = service;
    this.component = component;
    this.source = props.source ?? this._defaultSource(service);
    this.name = props.name ?? `${service.name}-${component}-${this.source}`;
    MONITORS.set(service, [...MONITORS.get(service) ?? [], this]);
    // Every runtime of the app exists only at synth, and the runtime decides the model server's port and path: both
    // are resolved then (when that target fails, validation reports it and nothing is written).
    const target = resolveScrapeTarget(service, component, this.source, kind, RuntimeLookup.IGNORE);
    const resolved = typeof target === 'string' ? undefined : target;
    let atSynth: ScrapeTarget | undefined;
    const synthTarget = (fallback: ScrapeTarget) => {
      const found = resolveScrapeTarget(service, component, this.source, kind);
      return (atSynth ??= typeof found === 'string' ? fallback : found);
    };
    this.apiObject = this._emit({
      metadata: { name: this.name, namespace: service.namespace, labels: props.labels },
      selector: { matchLabels: resolved?.selector ?? service.selectorLabels(component) },
      namespaceSelector: { matchNames: [service.namespace] },
      endpoint: {
        port: resolved && Lazy.any({ produce: () => synthTarget(resolved).port }),
        path: resolved && Lazy.any({ produce: () => synthTarget(resolved).path }),
        interval: promDuration(props.interval),
        scrapeTimeout: promDuration(props.scrapeTimeout),
      },
    });
    addValidationOnce(this, () => validateMonitor(props, resolveScrapeTarget(service, component, this.source, kind), kind, this.source));
  }

  /**
   * The metrics scraped when the props name none. Called from the base constructor: use only the argument.
   * @internal
   */
  protected abstract _defaultSource(service: InferenceService): MetricsSource;

  /**
   * Creates the L1 object with `emit`. Called from the base constructor: use only the argument.
   * @internal
   */
  protected abstract _emit(monitor: MonitorObject): ApiObject;
}

/**
 * The metrics the app's monitors scrape of a service's predictor; the aggregated endpoint serves both the model's and
 * the queue-proxy's (KServe's qpext). Read at synth, when every monitor exists.
 */
export function scrapedSources(service: InferenceService): Set<MetricsSource> {
  return new Set(MonitorBase.of(service).filter(m => m.component === ComponentType.PREDICTOR).flatMap(m =>
    m.source === MetricsSource.AGGREGATED ? [MetricsSource.MODEL, MetricsSource.QUEUE_PROXY] : [m.source]));
}

/** Renders the duration as Prometheus wants it (`30s`); undefined when it is not a Duration (reported at synth). */
export function promDuration(duration: Duration | undefined): string | undefined {
  return secondsString(duration);
}

// A target or component the service does not have, or a namespace-less service, is our own safety rule (the monitor
// would select nothing); the scrape settings are checked by scrapeOptionsErrors.
/** Checks the resolved target and the scrape settings. */
function validateMonitor(props: MonitorProps, target: ScrapeTarget | string, kind: MonitorKind, source: MetricsSource): string[] {
  const errors: string[] = [...props.target._unknownNamespaceErrors(`this ${kind}`)];
  if (typeof target === 'string') {
    errors.push(`a ${kind} cannot scrape the ${source} metrics of '${props.target.name}' (${props.component ?? 'predictor'}): ${target}`);
  }
  errors.push(...scrapeOptionsErrors(props, props.name));
  if (!props.target.components.includes(props.component ?? ComponentType.PREDICTOR)) {
    errors.push(`component ${shown(props.component)}: the service '${props.target.name}' has no ${props.component}`);
  }
  return errors;
}

// Sources: whole-second durations and the timeout within the interval are Prometheus' scrape config rules (prometheus
// config/config.go: "scrape timeout greater than scrape interval"; Prometheus parses them into Go durations, whose
// ceiling durationErrors applies); names are object names (DNS-1123 subdomains, core validation); labels are
// Kubernetes labels (apimachinery).
/** Checks a monitor's interval, timeout, labels and the name given. */
export function scrapeOptionsErrors(options: ScrapeOptions, name: string | undefined): string[] {
  const errors: string[] = [];
  for (const [field, value] of [['interval', options.interval], ['scrapeTimeout', options.scrapeTimeout]] as const) {
    errors.push(...durationErrors(value, field));
  }
  const interval = durationAmount(options.interval);
  const timeout = durationAmount(options.scrapeTimeout);
  if (interval !== undefined && timeout !== undefined && timeout > interval) {
    errors.push(`scrapeTimeout (${timeout}s) must not exceed interval (${interval}s)`);
  }
  if (name !== undefined && !DNS1123_SUBDOMAIN_NAME.test(name)) {
    errors.push(`name ${shown(name)} must be a DNS-1123 subdomain (lower case alphanumerics, '-' and '.')`);
  }
  errors.push(...validateLabels(options.labels, 'labels'));
  return errors;
}

// JavaScript callers get the checks the compiler gives TypeScript callers (private/shape.ts).
guardMethods(MonitorBase);
