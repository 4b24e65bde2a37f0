/**
 * One rule broken at a time for ServiceMonitor / PodMonitor, InferenceServiceAlerts and KServeMetric (issue #8):
 * random valid props synthesize and validate against their KServe version; each breaker breaks exactly one rule
 * of a random valid base, and synth must fail naming the construct path and the field, writing nothing.
 */
import { Duration } from 'cdk8s';
import * as fc from 'fast-check';
import {
  ComponentType, DeploymentMode, InferenceService, InferenceServiceAlerts, KnativeMetrics, KnativeMetricsProtocol, KnativeOtelMetricNames,
  KServeMetric, KServeVersion, LoggerMode, MetricsSource,
  MetricType, Model, PodMonitor, PredictorOptions, ProtocolVersion, ServiceMonitor, StorageUri,
} from '../src';
import { Build, expectBrokenRule, expectValidApp } from './util/broken-rule';
import { Breaker, label, oneOf, pick, RUNS, schemaOf, secs, version } from './util/rule-pickers';


const URI = StorageUri.gcs('models-bucket', 'iris/v1');
const TORCH = StorageUri.gcs('kfserving-examples', 'models/torchserve/image_classifier/v1');
const TRITON = StorageUri.gcs('kfserving-examples', 'models/triton/simple_string');
/** A transformer built on KServe's Python SDK, which serves /metrics on its HTTP port 8080 (declared for MODEL monitors). */
const TRANSFORMER = { container: { image: 'ghcr.io/acme/iris-transformer:1.2.0', metricsPort: 8080 } };


// ---------------------------------------------------------------------------------------------------------
// ServiceMonitor and PodMonitor
// ---------------------------------------------------------------------------------------------------------

type MonitorKind = 'ServiceMonitor' | 'PodMonitor';

/** Clusters whose queue-proxy serves its metrics on 9091; undefined is the release's default. */
const SERVED_KNATIVE = fc.constantFrom(undefined, KnativeMetrics.OPENCENSUS, KnativeMetrics.openTelemetry(KnativeMetricsProtocol.PROMETHEUS),
  KnativeMetrics.openTelemetry(KnativeMetricsProtocol.PROMETHEUS, KnativeOtelMetricNames.KN_QUEUEPROXY));
/** A served choice for the version: the default where it serves (v0.13), else Knative >= 1.19 with protocol prometheus. */
const servedFor = (knative: KnativeMetrics | undefined, v: KServeVersion) =>
  knative ?? (KnativeMetrics.defaultFor(v).servedOnMetricsPort ? undefined : KnativeMetrics.openTelemetry(KnativeMetricsProtocol.PROMETHEUS));
const UNSERVED_PROTOCOLS = [KnativeMetricsProtocol.NONE, KnativeMetricsProtocol.OTLP_HTTP, KnativeMetricsProtocol.OTLP_GRPC];
const unserved = (pickIndex: number) => KnativeMetrics.openTelemetry(oneOf(UNSERVED_PROTOCOLS, pickIndex));
type Format = 'sklearn' | 'xgboost' | 'lightgbm' | 'pytorch' | 'triton';

const MODELS: Record<Format, () => Model> = {
  sklearn: () => Model.sklearn(URI),
  xgboost: () => Model.xgboost(URI),
  lightgbm: () => Model.lightgbm(URI),
  pytorch: () => Model.pytorch(TORCH),
  triton: () => Model.triton(TRITON),
};
const PYTHON_FORMATS: Format[] = ['sklearn', 'xgboost', 'lightgbm'];

interface MonitorCase {
  readonly version: KServeVersion;
  readonly mode: DeploymentMode;
  readonly kind: MonitorKind;
  readonly source?: MetricsSource;
  readonly aggregation: boolean;
  readonly knative?: KnativeMetrics;
  readonly service: string;
  readonly format: Format;
  readonly transformer: boolean;
  readonly component?: ComponentType;
  readonly interval?: number;
  readonly scrapeTimeout?: number;
  readonly name?: string;
  readonly labels?: Record<string, string>;
  readonly agent?: 'logger' | 'batcher';
  readonly pick: number;
}

const KNATIVE = DeploymentMode.KNATIVE;
const STANDARD = DeploymentMode.STANDARD;
const sources = (...s: Array<MetricsSource | undefined>) => fc.constantFrom(...s);

/** The combinations that select something: see docs/scrape-targets.md. */
const combination = (mode: DeploymentMode, kind: MonitorKind, source: fc.Arbitrary<MetricsSource | undefined>, aggregation: fc.Arbitrary<boolean>) =>
  fc.record({ mode: fc.constant(mode), kind: fc.constant(kind), source, aggregation });
const scrapeSetup = fc.oneof(
  combination(STANDARD, 'ServiceMonitor', sources(MetricsSource.MODEL, undefined), fc.constant(false)),
  combination(KNATIVE, 'ServiceMonitor', sources(MetricsSource.QUEUE_PROXY, undefined), fc.boolean()),
  combination(KNATIVE, 'PodMonitor', sources(MetricsSource.MODEL, MetricsSource.QUEUE_PROXY, undefined), fc.constant(false)),
  combination(KNATIVE, 'PodMonitor', sources(...Object.values(MetricsSource), undefined), fc.constant(true)),
);

const monitorCase: fc.Arbitrary<MonitorCase> = fc.record({
  setup: scrapeSetup,
  version,
  knative: SERVED_KNATIVE,
  service: label,
  format: fc.constantFrom(...PYTHON_FORMATS),
  transformer: fc.boolean(),
  toTransformer: fc.boolean(),
  interval: fc.option(fc.integer({ min: 10, max: 120 }), { nil: undefined }),
  scrapeTimeout: fc.option(fc.integer({ min: 1, max: 10 }), { nil: undefined }),
  name: fc.option(fc.stringMatching(/^[a-z0-9]([-a-z0-9]{0,10}[a-z0-9])?(\.[a-z0-9]{1,5})?$/), { nil: undefined }),
  labels: fc.option(fc.constantFrom<Record<string, string>>(
    { release: 'kube-prometheus-stack' }, { 'app.kubernetes.io/part-of': 'ml-platform', 'team': 'ml' }), { nil: undefined }),
  pick,
}).map(({ setup, toTransformer, ...c }) => ({
  ...c,
  ...setup,
  knative: servedFor(c.knative, c.version),
  component: c.transformer && toTransformer ? ComponentType.TRANSFORMER : oneOf([undefined, ComponentType.PREDICTOR], c.pick),
}));

function buildMonitor(c: MonitorCase): Build {
  return chart => {
    const agent = c.agent === 'logger' ? { logger: { mode: LoggerMode.ALL, url: 'http://message-dumper.ml.svc.cluster.local' } }
      : c.agent === 'batcher' ? { batcher: { maxBatchSize: 16 } } : {};
    const target = new InferenceService(chart, 'svc', {
      name: c.service,
      version: c.version,
      deploymentMode: c.mode,
      predictor: { model: MODELS[c.format](), ...agent },
      transformer: c.transformer ? TRANSFORMER : undefined,
      // The library rejects metrics.knative outside Knative mode, which alone runs a queue-proxy.
      metrics: { aggregation: c.aggregation || undefined, knative: c.mode.isKnative ? c.knative : undefined },
    });
    const Monitor = c.kind === 'ServiceMonitor' ? ServiceMonitor : PodMonitor;
    new Monitor(chart, 'monitor', {
      target,
      component: c.component,
      source: c.source,
      interval: c.interval === undefined ? undefined : secs(c.interval),
      scrapeTimeout: c.scrapeTimeout === undefined ? undefined : secs(c.scrapeTimeout),
      name: c.name,
      labels: c.labels,
    });
  };
}

/** Standard mode, where aggregation cannot be on. */
const standard = (c: MonitorCase): MonitorCase => ({ ...c, mode: STANDARD, aggregation: false });
const predictorOnly = (c: MonitorCase): MonitorCase => ({ ...c, component: ComponentType.PREDICTOR });
const nonPython = (c: MonitorCase): Format => oneOf<Format>(['pytorch', 'triton'], c.pick);
const metricsPort = (c: MonitorCase) => (nonPython(c) === 'pytorch' ? 8082 : 8002);
const badInterval = (c: MonitorCase) => oneOf([1.5, 0, 0.5], c.pick);
const badMonitorName = (c: MonitorCase) => oneOf([`${c.service}_monitor`, `${c.service}.`, 'Monitor', `-${c.service}`], c.pick);
const BAD_LABELS: Array<[Record<string, string>, RegExp]> = [
  [{ 'a/b/release': 'x' }, /labels key 'a\/b\/release' has an invalid prefix/],
  [{ '-release': 'x' }, /labels key '-release' is invalid/],
  [{ release: 'kube prometheus' }, /labels\['release'\] value 'kube prometheus' is invalid/],
];
const missingComponent = (c: MonitorCase) => oneOf([ComponentType.TRANSFORMER, ComponentType.EXPLAINER], c.pick);

const monitorBreakers: Array<Breaker<MonitorCase>> = [
  {
    rule: 'queue-proxy and aggregated metrics exist only in Knative mode',
    breakIt: c => ({ ...standard(c), source: oneOf([MetricsSource.QUEUE_PROXY, MetricsSource.AGGREGATED], c.pick) }),
    field: c => `cannot scrape the ${oneOf(['queue-proxy', 'aggregated'], c.pick)} metrics of '${c.service}'`
      + ` (${c.component ?? 'predictor'}): ${oneOf(['queue-proxy', 'aggregated'], c.pick)} metrics exist only in Knative mode`,
  },
  {
    rule: 'no PodMonitor in Standard mode',
    breakIt: c => ({ ...standard(c), kind: 'PodMonitor', source: oneOf([MetricsSource.MODEL, undefined], c.pick) }),
    field: () => 'a PodMonitor cannot scrape the model metrics',
  },
  {
    rule: "Standard mode: the runtime's metrics port is not on the Service",
    breakIt: c => predictorOnly({ ...standard(c), kind: 'ServiceMonitor', source: MetricsSource.MODEL, format: nonPython(c) }),
    field: c => `this runtime serves /metrics on port ${metricsPort(c)}, which the ${c.service}-predictor Service does not expose`,
  },
  {
    rule: 'Standard mode: a logger or batcher fronts the Service',
    breakIt: c => predictorOnly({
      ...standard(c), kind: 'ServiceMonitor', source: MetricsSource.MODEL, agent: oneOf(['logger', 'batcher'] as const, c.pick),
    }),
    field: c => `with a logger or batcher the ${c.service}-predictor Service targets the agent sidecar`,
  },
  {
    rule: "Knative mode: no Service exposes the model's /metrics",
    breakIt: c => ({ ...c, mode: KNATIVE, kind: 'ServiceMonitor', source: MetricsSource.MODEL }),
    field: () => 'a ServiceMonitor cannot scrape the model metrics of',
  },
  {
    rule: "Knative mode: a runtime's own metrics port is not a pod port",
    breakIt: c => predictorOnly({ ...c, mode: KNATIVE, kind: 'PodMonitor', source: MetricsSource.MODEL, format: nonPython(c) }),
    field: c => `this runtime serves /metrics on port ${metricsPort(c)}, and Knative exposes only the inference port`,
  },
  {
    rule: 'aggregated metrics need aggregation on',
    breakIt: c => ({ ...c, mode: KNATIVE, aggregation: false, source: MetricsSource.AGGREGATED }),
    field: () => "aggregated metrics need 'metrics: { aggregation: true }'",
  },
  {
    rule: 'queue-proxy metrics are served (Knative >= 1.19 serves nothing unless request-metrics-protocol is prometheus)',
    breakIt: c => ({ ...c, mode: KNATIVE, source: MetricsSource.QUEUE_PROXY, knative: unserved(c.pick) }),
    field: c => `cannot scrape the queue-proxy metrics of '${c.service}' (${c.component ?? 'predictor'}): the queue-proxy serves nothing `
      + `on http-usermetric (9091) with Knative OpenTelemetry metrics (kn.serving names, request-metrics-protocol ${oneOf(UNSERVED_PROTOCOLS, c.pick)})`,
  },
  {
    rule: 'aggregated metrics have no Service port',
    breakIt: c => ({ ...c, mode: KNATIVE, aggregation: true, kind: 'ServiceMonitor', source: MetricsSource.AGGREGATED }),
    field: () => 'no Service exposes the aggr-metric port',
  },
  {
    rule: 'interval is whole seconds above zero',
    breakIt: c => ({ ...c, interval: badInterval(c), scrapeTimeout: undefined }),
    field: c => `interval (${badInterval(c)}s) must be a whole number of seconds greater than zero`,
  },
  {
    rule: 'scrapeTimeout is whole seconds above zero',
    breakIt: c => ({ ...c, scrapeTimeout: badInterval(c) }),
    field: c => `scrapeTimeout (${badInterval(c)}s) must be a whole number of seconds greater than zero`,
  },
  {
    rule: 'scrapeTimeout does not exceed interval',
    breakIt: c => ({ ...c, interval: c.interval ?? 30, scrapeTimeout: (c.interval ?? 30) + 1 + c.pick }),
    field: c => `scrapeTimeout (${(c.interval ?? 30) + 1 + c.pick}s) must not exceed interval (${c.interval ?? 30}s)`,
  },
  {
    rule: 'name is a DNS-1123 subdomain',
    breakIt: c => ({ ...c, name: badMonitorName(c) }),
    field: c => `name '${badMonitorName(c)}' must be a DNS-1123 subdomain`,
  },
  {
    rule: 'labels are valid Kubernetes labels',
    breakIt: c => ({ ...c, labels: oneOf(BAD_LABELS, c.pick)[0] }),
    field: c => oneOf(BAD_LABELS, c.pick)[1],
  },
  {
    rule: 'the component exists on the service',
    breakIt: c => ({ ...c, transformer: false, component: missingComponent(c) }),
    field: c => `component '${missingComponent(c)}': the service '${c.service}' has no ${missingComponent(c)}`,
  },
];

describe('ServiceMonitor and PodMonitor rules', () => {
  test('random valid monitors (every working mode / kind / source) synthesize and validate', () => {
    fc.assert(fc.property(monitorCase, c => {
      const monitor = expectValidApp(buildMonitor(c), schemaOf(c.version)).find(o => o.kind === c.kind);
      expect(monitor.metadata.namespace).toBe('ml');
    }), RUNS);
  });

  test.each(monitorBreakers.map(b => [b.rule, b] as const))('%s', (_rule, b) => {
    fc.assert(fc.property(monitorCase, c => {
      const broken = b.breakIt(c);
      expectBrokenRule(buildMonitor(broken), { at: 'test/monitor', field: b.field(broken) });
    }), RUNS);
  });
});

// ---------------------------------------------------------------------------------------------------------
// InferenceServiceAlerts
// ---------------------------------------------------------------------------------------------------------

type Predictor = 'python' | 'mlserver' | 'tensorflow' | 'container' | 'python-v2';

interface AlertCase {
  readonly version: KServeVersion;
  readonly mode: DeploymentMode;
  readonly aggregation: boolean;
  readonly knative?: KnativeMetrics;
  readonly service: string;
  readonly format: Format;
  readonly predictor: Predictor;
  readonly minReplicas?: number;
  readonly latency?: { readonly threshold: number; readonly percentile?: number; readonly pendingFor?: number };
  readonly errorRatio?: { readonly threshold: number; readonly pendingFor?: number };
  readonly noTraffic?: { readonly pendingFor?: number };
  readonly severity?: string;
  readonly name?: string;
  readonly labels?: Record<string, string>;
  /** Whether a monitor scrapes the model server / the queue-proxy. */
  readonly scrapeModel: boolean;
  readonly scrapeQueue: boolean;
  readonly pick: number;
}

const forSeconds = fc.option(fc.integer({ min: 0, max: 1800 }), { nil: undefined });

const alertCase: fc.Arbitrary<AlertCase> = fc.record({
  version,
  mode: fc.constantFrom(KNATIVE, STANDARD),
  aggregation: fc.boolean(),
  knative: SERVED_KNATIVE,
  service: label,
  format: fc.constantFrom(...PYTHON_FORMATS),
  predictor: fc.constant<Predictor>('python'),
  minReplicas: fc.option(fc.integer({ min: 1, max: 3 }), { nil: undefined }),
  latency: fc.option(fc.record({
    threshold: fc.integer({ min: 1, max: 5000 }),
    percentile: fc.option(fc.integer({ min: 1, max: 999 }).map(p => p / 1000), { nil: undefined }),
    pendingFor: forSeconds,
  }), { nil: undefined }),
  errorRatio: fc.option(fc.record({ threshold: fc.integer({ min: 1, max: 99 }).map(t => t / 100), pendingFor: forSeconds }), { nil: undefined }),
  noTraffic: fc.option(fc.record({ pendingFor: forSeconds }), { nil: undefined }),
  severity: fc.option(fc.constantFrom('warning', 'critical', 'page'), { nil: undefined }),
  name: fc.option(label.map(n => `${n}-alerts`), { nil: undefined }),
  labels: fc.option(fc.constant({ release: 'kube-prometheus-stack' }), { nil: undefined }),
  scrapeModel: fc.constant(true),
  scrapeQueue: fc.constant(true),
  pick,
})
  // The error ratio and aggregation are Knative-only.
  .map(c => ({ ...c, knative: servedFor(c.knative, c.version) }))
  .map(c => (c.mode.isKnative ? c : { ...c, aggregation: false, errorRatio: undefined }))
  .filter(c => c.latency !== undefined || c.errorRatio !== undefined || c.noTraffic !== undefined);

function predictorOf(c: AlertCase): PredictorOptions {
  switch (c.predictor) {
    case 'python': return { model: MODELS[c.format]() };
    case 'mlserver': return { model: Model.sklearn(URI, { runtime: 'kserve-mlserver', protocolVersion: ProtocolVersion.V2 }) };
    case 'tensorflow': return { model: Model.tensorflow(URI) };
    case 'container': return { container: { image: 'ghcr.io/acme/iris-server:2.1.0' } };
    // No runtime named: KServe auto-selects kserve-mlserver (priority 2) over the Python server (priority 1) on V2.
    case 'python-v2': {
      const factory = { sklearn: Model.sklearn, xgboost: Model.xgboost, lightgbm: Model.lightgbm }[c.format as 'sklearn' | 'xgboost' | 'lightgbm'];
      return { model: factory(URI, { protocolVersion: ProtocolVersion.V2 }) };
    }
  }
}

function buildAlerts(c: AlertCase): Build {
  return chart => {
    const target = new InferenceService(chart, 'svc', {
      name: c.service,
      version: c.version,
      deploymentMode: c.mode,
      predictor: { ...predictorOf(c), minReplicas: c.minReplicas },
      // The library rejects metrics.knative outside Knative mode, which alone runs a queue-proxy.
      metrics: { aggregation: c.aggregation || undefined, knative: c.mode.isKnative ? c.knative : undefined },
    });
    // The monitors that scrape what the flags ask for, in the way the mode allows.
    if (!c.mode.isKnative) {
      if (c.scrapeModel) new ServiceMonitor(chart, 'model-monitor', { target });
    } else if (c.aggregation && c.scrapeModel && c.scrapeQueue) {
      new PodMonitor(chart, 'aggregated-monitor', { target, source: MetricsSource.AGGREGATED });
    } else {
      if (c.scrapeModel) new PodMonitor(chart, 'model-monitor', { target, source: MetricsSource.MODEL });
      if (c.scrapeQueue) new ServiceMonitor(chart, 'queue-monitor', { target });
    }
    const optionalFor = (s?: number) => (s === undefined ? undefined : secs(s));
    new InferenceServiceAlerts(chart, 'alerts', {
      target,
      latency: c.latency && {
        threshold: Duration.millis(c.latency.threshold), percentile: c.latency.percentile, pendingFor: optionalFor(c.latency.pendingFor),
      },
      errorRatio: c.errorRatio && { threshold: c.errorRatio.threshold, pendingFor: optionalFor(c.errorRatio.pendingFor) },
      noTraffic: c.noTraffic && { pendingFor: optionalFor(c.noTraffic.pendingFor) },
      severity: c.severity,
      name: c.name,
      labels: c.labels,
    });
  };
}

/** Makes sure an alert on the model server's metrics is configured. */
const withModelAlert = (c: AlertCase): AlertCase => (c.latency || c.noTraffic ? c : { ...c, noTraffic: {} });
const knative = (c: AlertCase): AlertCase => ({ ...c, mode: KNATIVE });
const badPercentile = (c: AlertCase) => oneOf([0, 1, 1.5, -0.5], c.pick);
const badRatio = (c: AlertCase) => oneOf([0, 1, 1.25, -0.1], c.pick);
const badFor = (c: AlertCase) => oneOf([1.5, 0.25, 90.5], c.pick);
/** The alert whose `for` a case breaks (the error ratio exists only in Knative mode). */
const forAlert = (c: AlertCase) =>
  oneOf(c.mode.isKnative ? ['latency', 'errorRatio', 'noTraffic'] as const : ['latency', 'noTraffic'] as const, c.pick);
const ALERT_SUFFIX = { latency: 'HighLatency', errorRatio: 'HighErrorRatio', noTraffic: 'NoTraffic' };
const pascal = (name: string) => name.split('-').map(p => p.charAt(0).toUpperCase() + p.slice(1)).join('');
const NON_PYTHON: Array<[Predictor, (c: AlertCase) => string]> = [
  ['mlserver', () => "serves a 'sklearn' model on runtime 'kserve-mlserver' whose server exports other metrics"],
  ['tensorflow', () => "serves a 'tensorflow' model whose server exports other metrics: for protocol v1 KServe auto-selects "
    + "runtime 'kserve-tensorflow-serving'"],
  ['container', () => 'runs a custom container whose server exports other metrics'],
];
const badRuleName = (c: AlertCase) => oneOf([`${c.service}_alerts`, `${c.service}-alerts.`, 'Alerts', `-${c.service}`], c.pick);
const badSeverity = (c: AlertCase) => oneOf(['', ' '], c.pick);

const alertBreakers: Array<Breaker<AlertCase>> = [
  {
    rule: 'at least one alert',
    breakIt: c => ({ ...c, latency: undefined, errorRatio: undefined, noTraffic: undefined }),
    field: () => 'no alert configured: give latency, errorRatio or noTraffic',
  },
  {
    rule: 'latency.percentile is between 0 and 1',
    breakIt: c => ({ ...c, latency: { ...(c.latency ?? { threshold: 500 }), percentile: badPercentile(c) } }),
    field: c => `latency.percentile (${badPercentile(c)}) must be between 0 and 1 (exclusive)`,
  },
  {
    rule: 'latency.threshold is above zero',
    breakIt: c => ({ ...c, latency: { ...c.latency, threshold: 0 } }),
    field: () => 'latency.threshold (0s) must be greater than zero',
  },
  {
    rule: 'errorRatio.threshold is between 0 and 1',
    breakIt: c => knative({ ...c, errorRatio: { ...c.errorRatio, threshold: badRatio(c) } }),
    field: c => `errorRatio.threshold (${badRatio(c)}) must be a ratio between 0 and 1 (exclusive)`,
  },
  {
    rule: 'errorRatio needs Knative mode',
    // Standard mode has no queue-proxy to scrape either, so the unscraped-metrics error comes along.
    breakIt: c => ({ ...c, mode: STANDARD, aggregation: false, errorRatio: { threshold: 0.05 } }),
    field: c => `errorRatio needs Knative's queue-proxy request counter; in '${STANDARD.annotationValue(c.version)}' mode`,
  },
  {
    rule: "latency and noTraffic need KServe's Python model server",
    breakIt: c => ({ ...withModelAlert(c), predictor: oneOf(NON_PYTHON, c.pick)[0] }),
    field: c => `'${c.service}' ${oneOf(NON_PYTHON, c.pick)[1](c)}`,
  },
  {
    rule: 'latency and noTraffic need the Python server, which KServe does not auto-select on V2 (MLServer has priority 2)',
    breakIt: c => ({ ...withModelAlert(c), predictor: 'python-v2' }),
    field: c => `'${c.service}' serves a '${c.format}' model whose server exports other metrics: for protocol v2 KServe auto-selects `
      + "runtime 'kserve-mlserver'",
  },
  {
    rule: 'noTraffic with a predictor that scales to zero',
    breakIt: c => knative({ ...c, noTraffic: c.noTraffic ?? {}, minReplicas: 0 }),
    field: () => 'noTraffic: the predictor scales to zero (minReplicas 0)',
  },
  {
    rule: "an alert's 'pendingFor' is whole seconds",
    breakIt: c => {
      const alert = forAlert(c);
      const base = { latency: { threshold: 250 }, errorRatio: { threshold: 0.1 }, noTraffic: {} }[alert];
      return { ...c, [alert]: { ...base, ...c[alert], pendingFor: badFor(c) } };
    },
    field: c => `KServe${pascal(c.service)}${ALERT_SUFFIX[forAlert(c)]}: 'pendingFor' (${badFor(c)}s) must be a whole number of seconds, zero or more`,
  },
  {
    rule: 'model server metrics are scraped',
    breakIt: c => ({ ...withModelAlert(c), scrapeModel: false }),
    field: c => `use model metrics of '${c.service}', but no ServiceMonitor or PodMonitor in the app scrapes them`,
  },
  {
    rule: 'the PrometheusRule name is a DNS-1123 subdomain',
    breakIt: c => ({ ...c, name: badRuleName(c) }),
    field: c => `name '${badRuleName(c)}' must be a DNS-1123 subdomain`,
  },
  {
    rule: 'PrometheusRule labels are valid Kubernetes labels',
    breakIt: c => ({ ...c, labels: oneOf(BAD_LABELS, c.pick)[0] }),
    field: c => oneOf(BAD_LABELS, c.pick)[1],
  },
  {
    rule: 'severity is not empty (Prometheus drops empty labels)',
    breakIt: c => ({ ...c, severity: badSeverity(c) }),
    field: c => `severity '${badSeverity(c)}' must not be empty`,
  },
  {
    rule: 'errorRatio needs queue-proxy metrics that are served',
    breakIt: c => knative({ ...c, errorRatio: c.errorRatio ?? { threshold: 0.05 }, knative: unserved(c.pick) }),
    field: () => "errorRatio needs Knative's queue-proxy request counter, which is not served with Knative OpenTelemetry metrics",
  },
  {
    rule: 'queue-proxy metrics are scraped',
    breakIt: c => knative({ ...c, errorRatio: c.errorRatio ?? { threshold: 0.05 }, scrapeQueue: false }),
    field: c => `KServe${pascal(c.service)}HighErrorRatio use queue-proxy metrics of '${c.service}', but no ServiceMonitor or PodMonitor`,
  },
];

describe('InferenceServiceAlerts rules', () => {
  test('random valid alerts with the monitors they need synthesize and validate', () => {
    fc.assert(fc.property(alertCase, c => {
      const rule = expectValidApp(buildAlerts(c), schemaOf(c.version)).find(o => o.kind === 'PrometheusRule');
      expect(rule.spec.groups[0].rules).toHaveLength([c.latency, c.errorRatio, c.noTraffic].filter(a => a !== undefined).length);
    }), RUNS);
  });

  test.each(alertBreakers.map(b => [b.rule, b] as const))('%s', (_rule, b) => {
    fc.assert(fc.property(alertCase, c => {
      const broken = b.breakIt(c);
      expectBrokenRule(buildAlerts(broken), { at: 'test/alerts', field: b.field(broken) });
    }), RUNS);
  });
});

// ---------------------------------------------------------------------------------------------------------
// KServeMetric.named: a lookup outside the construct tree, so its error names the metric, not a path.
// ---------------------------------------------------------------------------------------------------------

describe('KServeMetric.named', () => {
  const known = KServeMetric.all();
  const series = fc.constantFrom(...known).chain(m => fc.constantFrom(
    ...(m.type === MetricType.HISTOGRAM ? ['', '_bucket', '_count', '_sum', '_created'] : ['']).map(suffix => [m, `${m.name}${suffix}`] as const)));

  test('finds every exported metric, and a histogram by any of its series', () => {
    fc.assert(fc.property(series, ([metric, name]) => {
      expect(KServeMetric.named(name)).toBe(metric);
    }), RUNS);
  });

  test('rejects names KServe does not export, naming them and the real metrics', () => {
    const unknown = fc.oneof(
      fc.constantFrom('kserve_predictor_latency', 'revision_request_count_bucket', 'revision_queue_depth_sum', 'request_predict_seconds_total'),
      fc.stringMatching(/^[a-z][a-z_]{2,30}$/).filter(n => !known.some(m => n === m.name || n.startsWith(`${m.name}_`))),
    );
    fc.assert(fc.property(unknown, name => {
      expect(() => KServeMetric.named(name)).toThrow(`'${name}' is not a metric KServe's serving stack exports`);
      expect(() => KServeMetric.named(name)).toThrow(`Known: ${known.map(m => m.name).join(', ')}`);
    }), RUNS);
  });
});
