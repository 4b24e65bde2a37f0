import { App, Chart, Duration, Testing } from 'cdk8s';
import {
  ComponentType, DeploymentMode, InferenceService, InferenceServiceAlerts, InferenceServiceAlertsProps, InferenceServiceProps,
  KnativeMetrics, KnativeMetricsProtocol, KnativeOtelMetricNames, KServeMetric, KServeVersion, LoggerMode, MetricsSource, MetricType,
  Model, MonitorProps, PodMonitor, ProtocolVersion, ServiceMonitor, StorageUri,
} from '../src';
import { expectError, synthErrors, synthExample } from './util/harness';
import { expectValidObjects, KServeSchemaVersion } from './util/schema-validator';

const IRIS = StorageUri.parse('gs://kfserving-examples/models/sklearn/1.0/model');
const TORCH = StorageUri.parse('gs://kfserving-examples/models/torchserve/image_classifier/v1');
const TRITON = StorageUri.parse('gs://kfserving-examples/models/triton/simple_string');
/** A transformer built on KServe's Python SDK, which serves /metrics on its HTTP port 8080 (declared for MODEL monitors). */
const TRANSFORMER = { container: { image: 'ghcr.io/acme/iris-transformer:1.2.0', metricsPort: 8080 } };

const VERSIONS: Array<[KServeVersion, KServeSchemaVersion]> = [
  [KServeVersion.V0_13, 'v0.13.1'],
  [KServeVersion.V0_20, 'v0.20.0'],
];

const ISVC_LABEL = 'serving.kserve.io/inferenceservice';
const SERVICE_TYPE_LABEL = 'networking.internal.knative.dev/serviceType';
const AGGREGATION_ANNOTATION = 'serving.kserve.io/enable-metric-aggregation';
const RUNBOOK_SELECTOR = '-l serving.kserve.io/inferenceservice=sklearn-iris,component=predictor';
const PREDICTOR_LABELS = { [ISVC_LABEL]: 'sklearn-iris', component: 'predictor' };

type MonitorOptions = Omit<MonitorProps, 'target'>;
type AlertOptions = Omit<InferenceServiceAlertsProps, 'target'>;

interface Stack {
  readonly app: App;
  readonly chart: Chart;
  readonly isvc: InferenceService;
}

/** A Knative >= 1.19 cluster whose config-observability sets `request-metrics-protocol: prometheus`. */
const SERVED = KnativeMetrics.openTelemetry(KnativeMetricsProtocol.PROMETHEUS);

/**
 * A chart in namespace `ml` with one InferenceService (a Knative sklearn predictor unless overridden), on a cluster
 * whose queue-proxy serves its metrics (`SERVED`) unless `props.metrics` says otherwise.
 */
function stack(props: Partial<InferenceServiceProps> = {}, name = 'sklearn-iris'): Stack {
  const app = Testing.app();
  const chart = new Chart(app, 'test', { namespace: 'ml' });
  const isvc = new InferenceService(chart, name, {
    predictor: { model: Model.sklearn(IRIS) },
    ...props,
    metrics: {
      // Only Knative mode has a queue-proxy (the library rejects metrics.knative elsewhere).
      knative: KnativeMetrics.defaultFor(props.version ?? KServeVersion.DEFAULT).servedOnMetricsPort
        || props.deploymentMode === DeploymentMode.STANDARD ? undefined : SERVED,
      ...props.metrics,
    },
  });
  return { app, chart, isvc };
}

const STANDARD: Partial<InferenceServiceProps> = { deploymentMode: DeploymentMode.STANDARD };

/** Synthesizes with validation (as `cdk8s synth` does) and returns the objects. */
function synth(s: Stack): any[] {
  s.app.synthYaml();
  return Testing.synth(s.chart);
}

function ofKind(objects: any[], kind: string): any[] {
  return objects.filter(o => o.kind === kind);
}

/** The only object of a kind. */
function only(objects: any[], kind: string): any {
  const found = ofKind(objects, kind);
  expect(found).toHaveLength(1);
  return found[0];
}

function serviceMonitor(s: Stack, props: MonitorOptions = {}, id = 'sm'): ServiceMonitor {
  return new ServiceMonitor(s.chart, id, { target: s.isvc, ...props });
}

function podMonitor(s: Stack, props: MonitorOptions = {}, id = 'pm'): PodMonitor {
  return new PodMonitor(s.chart, id, { target: s.isvc, ...props });
}

function alerts(s: Stack, props: AlertOptions, id = 'alerts'): InferenceServiceAlerts {
  return new InferenceServiceAlerts(s.chart, id, { target: s.isvc, ...props });
}

/** Every identifier in a PromQL expression that is followed by a label matcher or a range selector. */
function metricNames(expr: string): string[] {
  return [...expr.matchAll(/([a-zA-Z_:][a-zA-Z0-9_:]*)\s*[{[]/g)].map(m => m[1]);
}

describe('Knative mode', () => {
  test('ServiceMonitor defaults to the queue-proxy metrics on the private Service (port http-usermetric)', () => {
    const s = stack();
    const sm = serviceMonitor(s, { interval: Duration.seconds(30) });
    expect(sm.source).toBe(MetricsSource.QUEUE_PROXY);
    const monitor = only(synth(s), 'ServiceMonitor');
    expect(monitor.apiVersion).toBe('monitoring.coreos.com/v1');
    expect(monitor.metadata).toEqual({ name: 'sklearn-iris-predictor-queue-proxy', namespace: 'ml' });
    expect(monitor.spec).toEqual({
      selector: {
        matchLabels: { [ISVC_LABEL]: 'sklearn-iris', component: 'predictor', [SERVICE_TYPE_LABEL]: 'Private' },
      },
      namespaceSelector: { matchNames: ['ml'] },
      endpoints: [{ port: 'http-usermetric', path: '/metrics', interval: '30s' }],
    });
  });

  test('ServiceMonitor renders scrapeTimeout beside interval', () => {
    const s = stack();
    serviceMonitor(s, { interval: Duration.minutes(1), scrapeTimeout: Duration.seconds(10) });
    expect(only(synth(s), 'ServiceMonitor').spec.endpoints).toEqual([
      { port: 'http-usermetric', path: '/metrics', interval: '60s', scrapeTimeout: '10s' },
    ]);
  });

  test('PodMonitor MODEL selects the model container port user-port', () => {
    const s = stack();
    const pm = podMonitor(s, { source: MetricsSource.MODEL });
    expect(pm.source).toBe(MetricsSource.MODEL);
    const monitor = only(synth(s), 'PodMonitor');
    expect(monitor.apiVersion).toBe('monitoring.coreos.com/v1');
    expect(monitor.metadata).toEqual({ name: 'sklearn-iris-predictor-model', namespace: 'ml' });
    expect(monitor.spec).toEqual({
      selector: { matchLabels: PREDICTOR_LABELS },
      namespaceSelector: { matchNames: ['ml'] },
      podMetricsEndpoints: [{ port: 'user-port', path: '/metrics' }],
    });
  });

  test('PodMonitor QUEUE_PROXY selects the queue-proxy container port http-usermetric, without the serviceType label', () => {
    const s = stack();
    podMonitor(s, { source: MetricsSource.QUEUE_PROXY });
    const monitor = only(synth(s), 'PodMonitor');
    expect(monitor.metadata.name).toBe('sklearn-iris-predictor-queue-proxy');
    expect(monitor.spec.selector).toEqual({ matchLabels: PREDICTOR_LABELS });
    expect(monitor.spec.selector.matchLabels).not.toHaveProperty([SERVICE_TYPE_LABEL]);
    expect(monitor.spec.podMetricsEndpoints).toEqual([{ port: 'http-usermetric', path: '/metrics' }]);
  });

  test('PodMonitor AGGREGATED selects aggr-metric, and the InferenceService turns aggregation on', () => {
    const s = stack({ metrics: { aggregation: true } });
    expect(s.isvc.metricsAggregation).toBe(true);
    podMonitor(s, { source: MetricsSource.AGGREGATED });
    const objects = synth(s);
    const monitor = only(objects, 'PodMonitor');
    expect(monitor.metadata.name).toBe('sklearn-iris-predictor-aggregated');
    expect(monitor.spec.selector).toEqual({ matchLabels: PREDICTOR_LABELS });
    expect(monitor.spec.podMetricsEndpoints).toEqual([{ port: 'aggr-metric', path: '/metrics' }]);
    expect(only(objects, 'InferenceService').metadata.annotations[AGGREGATION_ANNOTATION]).toBe('true');
  });

  test('without the metrics prop the InferenceService carries no aggregation annotation', () => {
    const s = stack();
    expect(s.isvc.metricsAggregation).toBe(false);
    expect(only(synth(s), 'InferenceService').metadata.annotations).not.toHaveProperty([AGGREGATION_ANNOTATION]);
  });

  test.each([
    [true, MetricsSource.AGGREGATED, 'aggr-metric'],
    [false, MetricsSource.MODEL, 'user-port'],
  ])('PodMonitor default source with aggregation %s is %s', (aggregation, source, port) => {
    const s = stack({ metrics: { aggregation } });
    const pm = podMonitor(s);
    expect(pm.source).toBe(source);
    const monitor = only(synth(s), 'PodMonitor');
    expect(monitor.metadata.name).toBe(`sklearn-iris-predictor-${source}`);
    expect(monitor.spec.podMetricsEndpoints[0].port).toBe(port);
  });

  test('a torchserve model is reached through aggregation', () => {
    const s = stack({ predictor: { model: Model.pytorch(TORCH) }, metrics: { aggregation: true } });
    podMonitor(s, { source: MetricsSource.AGGREGATED });
    expect(only(synth(s), 'PodMonitor').spec.podMetricsEndpoints[0].port).toBe('aggr-metric');
  });

  test('the transformer component selects component: transformer', () => {
    const s = stack({ transformer: TRANSFORMER });
    const pm = podMonitor(s, { component: ComponentType.TRANSFORMER, source: MetricsSource.MODEL });
    const sm = serviceMonitor(s, { component: ComponentType.TRANSFORMER });
    expect(pm.component).toBe(ComponentType.TRANSFORMER);
    expect(sm.component).toBe(ComponentType.TRANSFORMER);
    const objects = synth(s);
    const pod = only(objects, 'PodMonitor');
    expect(pod.metadata.name).toBe('sklearn-iris-transformer-model');
    expect(pod.spec.selector.matchLabels).toEqual({ [ISVC_LABEL]: 'sklearn-iris', component: 'transformer' });
    expect(pod.spec.podMetricsEndpoints[0].port).toBe('user-port');
    const service = only(objects, 'ServiceMonitor');
    expect(service.metadata.name).toBe('sklearn-iris-transformer-queue-proxy');
    expect(service.spec.selector.matchLabels).toEqual({
      [ISVC_LABEL]: 'sklearn-iris', component: 'transformer', [SERVICE_TYPE_LABEL]: 'Private',
    });
  });

  test.each(VERSIONS)('monitors render and validate with KServe %s', (version, schema) => {
    const s = stack({ version, metrics: { aggregation: true } });
    serviceMonitor(s, { interval: Duration.seconds(30), scrapeTimeout: Duration.seconds(10) });
    podMonitor(s, { source: MetricsSource.MODEL, interval: Duration.seconds(15) }, 'pm-model');
    podMonitor(s, { source: MetricsSource.QUEUE_PROXY }, 'pm-queue');
    podMonitor(s, { source: MetricsSource.AGGREGATED, labels: { release: 'kube-prometheus-stack' } }, 'pm-aggregated');
    const objects = synth(s);
    expect(objects).toMatchSnapshot();
    expect(ofKind(objects, 'ServiceMonitor')).toHaveLength(1);
    expect(ofKind(objects, 'PodMonitor').map(o => o.spec.podMetricsEndpoints[0].port)).toEqual(['user-port', 'http-usermetric', 'aggr-metric']);
    expectValidObjects(objects, { kserveVersion: schema });
  });
});

describe('Standard mode', () => {
  test('ServiceMonitor defaults to the model server on the <name>-predictor Service port', () => {
    const s = stack(STANDARD);
    const sm = serviceMonitor(s);
    expect(sm.source).toBe(MetricsSource.MODEL);
    const monitor = only(synth(s), 'ServiceMonitor');
    expect(monitor.metadata).toEqual({ name: 'sklearn-iris-predictor-model', namespace: 'ml' });
    expect(monitor.spec).toEqual({
      selector: { matchLabels: PREDICTOR_LABELS },
      namespaceSelector: { matchNames: ['ml'] },
      endpoints: [{ port: 'sklearn-iris-predictor', path: '/metrics' }],
    });
  });

  test('the Service port is named after the component, whatever the InferenceService is called', () => {
    const s = stack(STANDARD, 'fraud');
    serviceMonitor(s, { source: MetricsSource.MODEL });
    const monitor = only(synth(s), 'ServiceMonitor');
    expect(monitor.spec.selector.matchLabels).toEqual({ [ISVC_LABEL]: 'fraud', component: 'predictor' });
    expect(monitor.spec.endpoints[0].port).toBe('fraud-predictor');
  });

  test('a custom container declaring port 8080 names the Service port http1', () => {
    const s = stack({ ...STANDARD, predictor: { container: { image: 'ghcr.io/acme/iris-server:1.0.0', port: 8080, metricsPort: 8080 } } });
    serviceMonitor(s);
    const objects = synth(s);
    expect(only(objects, 'InferenceService').spec.predictor.containers[0].ports).toEqual([
      { name: 'http1', containerPort: 8080, protocol: 'TCP' },
    ]);
    expect(only(objects, 'ServiceMonitor').spec.endpoints).toEqual([{ port: 'http1', path: '/metrics' }]);
  });

  test('a custom container without a port keeps the component-named Service port', () => {
    const s = stack({ ...STANDARD, predictor: { container: { image: 'ghcr.io/acme/iris-server:1.0.0', metricsPort: 8080 } } });
    serviceMonitor(s);
    expect(only(synth(s), 'ServiceMonitor').spec.endpoints[0].port).toBe('sklearn-iris-predictor');
  });

  test.each(VERSIONS)('monitor renders and validates with KServe %s', (version, schema) => {
    const s = stack({ ...STANDARD, version });
    serviceMonitor(s, { interval: Duration.seconds(30), labels: { release: 'kube-prometheus-stack' } });
    const objects = synth(s);
    expect(objects).toMatchSnapshot();
    expect(only(objects, 'InferenceService').metadata.annotations['serving.kserve.io/deploymentMode'])
      .toBe(version === KServeVersion.V0_13 ? 'RawDeployment' : 'Standard');
    expectValidObjects(objects, { kserveVersion: schema });
  });
});

describe('monitor name and labels', () => {
  test('labels and a custom name land on the monitor', () => {
    const s = stack();
    const release = { release: 'kube-prometheus-stack', team: 'ml' };
    const sm = serviceMonitor(s, { name: 'iris-requests', labels: release });
    const pm = podMonitor(s, { name: 'iris-model', labels: release });
    expect(sm.name).toBe('iris-requests');
    expect(pm.name).toBe('iris-model');
    const objects = synth(s);
    expect(only(objects, 'ServiceMonitor').metadata).toEqual({ name: 'iris-requests', namespace: 'ml', labels: release });
    expect(only(objects, 'PodMonitor').metadata).toEqual({ name: 'iris-model', namespace: 'ml', labels: release });
  });

  test.each([
    ['Knative ServiceMonitor', {}, 'sm', undefined, 'sklearn-iris-predictor-queue-proxy'],
    ['Knative PodMonitor', {}, 'pm', undefined, 'sklearn-iris-predictor-model'],
    ['Knative PodMonitor QUEUE_PROXY', {}, 'pm', MetricsSource.QUEUE_PROXY, 'sklearn-iris-predictor-queue-proxy'],
    ['aggregated PodMonitor', { metrics: { aggregation: true } }, 'pm', undefined, 'sklearn-iris-predictor-aggregated'],
    ['Standard ServiceMonitor', STANDARD, 'sm', undefined, 'sklearn-iris-predictor-model'],
  ] as Array<[string, Partial<InferenceServiceProps>, 'sm' | 'pm', MetricsSource | undefined, string]>)(
    '%s is named <service>-<component>-<source> by default',
    (_label, isvcProps, kind, source, expected) => {
      const s = stack(isvcProps);
      const monitor = kind === 'sm' ? serviceMonitor(s, { source }) : podMonitor(s, { source });
      expect(monitor.name).toBe(expected);
      expect(only(synth(s), kind === 'sm' ? 'ServiceMonitor' : 'PodMonitor').metadata.name).toBe(expected);
    },
  );

  test('the monitor namespace follows the InferenceService namespace', () => {
    const s = stack({ namespace: 'serving' });
    serviceMonitor(s);
    const monitor = only(synth(s), 'ServiceMonitor');
    expect(monitor.metadata.namespace).toBe('serving');
    expect(monitor.spec.namespaceSelector).toEqual({ matchNames: ['serving'] });
  });
});

describe('monitor rejections', () => {
  test('Knative ServiceMonitor MODEL: no Service exposes the model metrics, use a PodMonitor', () => {
    const s = stack();
    serviceMonitor(s, { source: MetricsSource.MODEL });
    expectError(s.app, 'test/sm', "a ServiceMonitor cannot scrape the model metrics of 'sklearn-iris' (predictor)",
      "no Service exposes the model's /metrics", 'use a PodMonitor (port user-port)');
  });

  test('Knative ServiceMonitor AGGREGATED: no Service has aggr-metric, use a PodMonitor', () => {
    const s = stack({ metrics: { aggregation: true } });
    serviceMonitor(s, { source: MetricsSource.AGGREGATED });
    expectError(s.app, 'test/sm', 'a ServiceMonitor cannot scrape the aggregated metrics', 'no Service exposes the aggr-metric port',
      'use a PodMonitor');
  });

  test('PodMonitor AGGREGATED without aggregation asks for the metrics prop', () => {
    const s = stack();
    podMonitor(s, { source: MetricsSource.AGGREGATED });
    expectError(s.app, 'test/pm', 'a PodMonitor cannot scrape the aggregated metrics', "'metrics: { aggregation: true }'", 'qpext');
  });

  test.each([
    ['pytorch', Model.pytorch(TORCH), '8082'],
    ['triton', Model.triton(TRITON), '8002'],
  ])('Knative PodMonitor MODEL for %s (metrics on %s) suggests AGGREGATED', (_format, model, port) => {
    const s = stack({ predictor: { model } });
    podMonitor(s, { source: MetricsSource.MODEL });
    expectError(s.app, 'test/pm', 'a PodMonitor cannot scrape the model metrics', `serves /metrics on port ${port}`,
      'only the inference port (user-port)', 'use MetricsSource.AGGREGATED with metrics aggregation on');
  });

  test.each([
    [MetricsSource.MODEL, 'declares no named port for a PodMonitor to select; use a ServiceMonitor'],
    [MetricsSource.QUEUE_PROXY, 'queue-proxy metrics exist only in Knative mode'],
    [MetricsSource.AGGREGATED, 'aggregated metrics exist only in Knative mode'],
  ])('Standard PodMonitor %s is rejected', (source, reason) => {
    const s = stack(STANDARD);
    podMonitor(s, { source });
    expectError(s.app, 'test/pm', `a PodMonitor cannot scrape the ${source} metrics of 'sklearn-iris'`, reason, "'Standard' mode");
  });

  test('Standard PodMonitor with the default source is rejected too', () => {
    const s = stack(STANDARD);
    const pm = podMonitor(s);
    expect(pm.source).toBe(MetricsSource.MODEL);
    expectError(s.app, 'test/pm', 'use a ServiceMonitor');
  });

  test.each([
    [MetricsSource.QUEUE_PROXY, KServeVersion.V0_20, 'Standard'],
    [MetricsSource.AGGREGATED, KServeVersion.V0_20, 'Standard'],
    [MetricsSource.QUEUE_PROXY, KServeVersion.V0_13, 'RawDeployment'],
  ])('Standard ServiceMonitor %s is rejected (%s)', (source, version, mode) => {
    const s = stack({ ...STANDARD, version });
    serviceMonitor(s, { source });
    expectError(s.app, 'test/sm', `a ServiceMonitor cannot scrape the ${source} metrics`,
      `${source} metrics exist only in Knative mode (there is no queue-proxy in '${mode}' mode)`);
  });

  test.each([
    ['pytorch', Model.pytorch(TORCH), '8082'],
    ['triton', Model.triton(TRITON), '8002'],
  ])('Standard ServiceMonitor MODEL for %s is rejected: the Service does not expose port %s', (_format, model, port) => {
    const s = stack({ ...STANDARD, predictor: { model } });
    serviceMonitor(s, { source: MetricsSource.MODEL });
    expectError(s.app, 'test/sm', `serves /metrics on port ${port}`, 'which the sklearn-iris-predictor Service does not expose');
  });

  test.each([
    ['a logger', { logger: { mode: LoggerMode.ALL, url: 'http://broker-ingress.knative-eventing.svc/ml/default' } }],
    ['a batcher', { batcher: { maxBatchSize: 16 } }],
  ])('Standard ServiceMonitor with %s is rejected: the Service targets the agent', (_what, extra) => {
    const s = stack({ ...STANDARD, predictor: { model: Model.sklearn(IRIS), ...extra } });
    serviceMonitor(s);
    expectError(s.app, 'test/sm', 'with a logger or batcher the sklearn-iris-predictor Service targets the agent sidecar');
  });

  test('a logger does not matter to a Knative PodMonitor on user-port', () => {
    const s = stack({ predictor: { model: Model.sklearn(IRIS), logger: { mode: LoggerMode.ALL } } });
    podMonitor(s, { source: MetricsSource.MODEL });
    expect(only(synth(s), 'PodMonitor').spec.podMetricsEndpoints[0].port).toBe('user-port');
  });

  test('an interval of 1.5s is rejected (not a Prometheus duration)', () => {
    const s = stack();
    serviceMonitor(s, { interval: Duration.millis(1500) });
    expectError(s.app, 'test/sm', 'interval (1.5s) must be a whole number of seconds greater than zero');
  });

  test('the schema would reject the 1.5s interval too', () => {
    const s = stack();
    serviceMonitor(s, { interval: Duration.seconds(30) });
    const objects = Testing.synth(s.chart);
    expectValidObjects(objects);
    only(objects, 'ServiceMonitor').spec.endpoints[0].interval = '1.5s';
    expect(() => expectValidObjects(objects)).toThrow(/ServiceMonitor\/sklearn-iris-predictor-queue-proxy/);
  });

  test('a scrapeTimeout longer than the interval is rejected', () => {
    const s = stack();
    podMonitor(s, { interval: Duration.seconds(30), scrapeTimeout: Duration.minutes(1) });
    expectError(s.app, 'test/pm', 'scrapeTimeout (60s) must not exceed interval (30s)');
  });

  test('a scrapeTimeout equal to the interval is accepted', () => {
    const s = stack();
    podMonitor(s, { interval: Duration.seconds(30), scrapeTimeout: Duration.seconds(30) });
    expect(synthErrors(s.app)).toEqual([]);
  });

  test.each([
    ['ServiceMonitor', 'sm'],
    ['PodMonitor', 'pm'],
  ])('a %s of a component the service lacks is rejected', (_kind, id) => {
    const s = stack();
    if (id === 'sm') serviceMonitor(s, { component: ComponentType.TRANSFORMER }); else podMonitor(s, { component: ComponentType.EXPLAINER });
    const missing = id === 'sm' ? 'transformer' : 'explainer';
    expectError(s.app, `test/${id}`, `component '${missing}'`, `the service 'sklearn-iris' has no ${missing}`);
  });

  test.each([
    ['aggregation', { aggregation: true }],
    ['prometheusScraping', { prometheusScraping: true }],
  ])('metrics.%s in Standard mode is an error on the InferenceService', (_option, metrics) => {
    const s = stack({ ...STANDARD, metrics });
    expectError(s.app, 'test/sklearn-iris', 'metrics: aggregation and prometheusScraping work only in Knative mode',
      "in 'Standard' mode there is no queue-proxy", 'Use a ServiceMonitor');
  });

  test('metrics.prometheusScraping in Knative mode writes the scraping annotation', () => {
    const s = stack({ metrics: { prometheusScraping: true } });
    expect(only(synth(s), 'InferenceService').metadata.annotations['serving.kserve.io/enable-prometheus-scraping']).toBe('true');
  });

  test.each([
    [AGGREGATION_ANNOTATION, "use the 'metrics' prop ({ aggregation: true })"],
    ['serving.kserve.io/enable-prometheus-scraping', "use the 'metrics' prop ({ prometheusScraping: true })"],
  ])('the user annotation %s is rejected', (annotation, hint) => {
    const s = stack({ annotations: { [annotation]: 'true' } });
    expectError(s.app, 'test/sklearn-iris', annotation, hint);
  });
});

describe('InferenceServiceAlerts', () => {
  /** Knative: a PodMonitor on the model metrics and a ServiceMonitor on the queue-proxy. */
  function monitored(props: Partial<InferenceServiceProps> = {}): Stack {
    const s = stack(props);
    podMonitor(s, { source: MetricsSource.MODEL });
    serviceMonitor(s, { source: MetricsSource.QUEUE_PROXY });
    return s;
  }

  const ALL: AlertOptions = {
    latency: { percentile: 0.95, threshold: Duration.millis(250) },
    errorRatio: { threshold: 0.05, pendingFor: Duration.minutes(10) },
    noTraffic: {},
  };

  test('three rules with names, expressions, durations, severity and runbook', () => {
    const s = monitored();
    const a = alerts(s, ALL);
    expect(a.alertNames).toEqual(['KServeSklearnIrisHighLatency', 'KServeSklearnIrisHighErrorRatio', 'KServeSklearnIrisNoTraffic']);
    const rule = only(synth(s), 'PrometheusRule');
    expect(rule.apiVersion).toBe('monitoring.coreos.com/v1');
    expect(rule.metadata).toEqual({ name: 'sklearn-iris-alerts', namespace: 'ml' });
    expect(rule.spec.groups).toHaveLength(1);
    expect(rule.spec.groups[0].name).toBe('kserve.ml.sklearn-iris');
    const rules = rule.spec.groups[0].rules;
    expect(rules.map((r: any) => r.alert)).toEqual(a.alertNames);
    const [latency, errors, noTraffic] = rules;

    expect(latency.expr).toContain('request_predict_seconds_bucket{namespace="ml", model_name="sklearn-iris"}');
    expect(latency.expr).toContain('histogram_quantile(0.95,');
    expect(latency.expr).toMatch(/ > 0\.25$/);
    expect(latency.for).toBe('300s');
    expect(latency.annotations.summary).toBe('p95 predict latency of ml/sklearn-iris is above 0.25s');

    expect(errors.expr).toContain('kn_serving_invocation_duration_seconds_count{');
    expect(errors.expr).toContain('pod=~"sklearn-iris-predictor-[0-9]+-deployment-.+"');
    expect(errors.expr).toContain('namespace="ml"');
    expect(errors.expr).toContain('http_response_status_code=~"5.."');
    expect(errors.expr).toMatch(/ > 0\.05$/);
    expect(errors.for).toBe('600s');

    expect(noTraffic.expr).toContain('request_predict_seconds_count{namespace="ml", model_name="sklearn-iris"}');
    expect(noTraffic.expr).toContain('== 0');
    expect(noTraffic.for).toBe('900s');

    for (const r of rules) {
      expect(r.labels).toEqual({ severity: 'warning' });
      expect(r.annotations.runbook).toContain('kubectl get inferenceservice sklearn-iris -n ml');
      expect(r.annotations.runbook).toContain(RUNBOOK_SELECTOR);
      expect(r.annotations.summary).toContain('ml/sklearn-iris');
    }
  });

  test('the latency expression is exact', () => {
    const s = monitored();
    alerts(s, { latency: { threshold: Duration.seconds(2) } });
    const [rule] = only(synth(s), 'PrometheusRule').spec.groups[0].rules;
    expect(rule.expr).toBe(
      'histogram_quantile(0.99, sum by (le) (rate(request_predict_seconds_bucket{namespace="ml", model_name="sklearn-iris"}[5m]))) > 2');
  });

  test('on Knative >= 1.19 the error-ratio expression divides 5xx by all invocations of the predictor\'s pods', () => {
    const s = monitored();
    alerts(s, { errorRatio: { threshold: 0.1 } });
    const [rule] = only(synth(s), 'PrometheusRule').spec.groups[0].rules;
    const series = 'kn_serving_invocation_duration_seconds_count{namespace="ml", pod=~"sklearn-iris-predictor-[0-9]+-deployment-.+"';
    expect(rule.expr).toBe(`sum(rate(${series}, http_response_status_code=~"5.."}[5m])) / sum(rate(${series}}[5m])) > 0.1`);
  });

  test('with the Knative 1.19.0-1.19.7 / 1.20.0 names the error ratio reads kn_queueproxy_app_duration_seconds_count', () => {
    const early = KnativeMetrics.openTelemetry(KnativeMetricsProtocol.PROMETHEUS, KnativeOtelMetricNames.KN_QUEUEPROXY);
    const s = monitored({ metrics: { knative: early } });
    alerts(s, { errorRatio: { threshold: 0.1 } });
    const [rule] = only(synth(s), 'PrometheusRule').spec.groups[0].rules;
    expect(metricNames(rule.expr)).toEqual(['kn_queueproxy_app_duration_seconds_count', 'kn_queueproxy_app_duration_seconds_count']);
  });

  test('on Knative <= 1.18 (OpenCensus) the error-ratio expression divides 5xx by all requests of the predictor', () => {
    const s = monitored({ version: KServeVersion.V0_13 });
    alerts(s, { errorRatio: { threshold: 0.1 } });
    const [rule] = only(synth(s), 'PrometheusRule').spec.groups[0].rules;
    const selector = 'namespace_name="ml", service_name="sklearn-iris-predictor"';
    expect(rule.expr).toBe(
      `sum(rate(revision_request_count{${selector}, response_code_class="5xx"}[5m])) / sum(rate(revision_request_count{${selector}}[5m])) > 0.1`);
    expect(rule.for).toBe('300s');
  });

  test('custom severity, durations, name and labels', () => {
    const s = monitored();
    alerts(s, {
      latency: { threshold: Duration.seconds(1), pendingFor: Duration.minutes(2) },
      noTraffic: { pendingFor: Duration.hours(1) },
      severity: 'critical',
      name: 'iris-slo',
      labels: { release: 'kube-prometheus-stack' },
    });
    const rule = only(synth(s), 'PrometheusRule');
    expect(rule.metadata).toEqual({ name: 'iris-slo', namespace: 'ml', labels: { release: 'kube-prometheus-stack' } });
    const rules = rule.spec.groups[0].rules;
    expect(rules.map((r: any) => [r.alert, r.for, r.labels.severity])).toEqual([
      ['KServeSklearnIrisHighLatency', '120s', 'critical'],
      ['KServeSklearnIrisNoTraffic', '3600s', 'critical'],
    ]);
  });

  test('only the configured alerts are rendered', () => {
    const s = monitored();
    const a = alerts(s, { errorRatio: { threshold: 0.05 } });
    expect(a.alertNames).toEqual(['KServeSklearnIrisHighErrorRatio']);
    expect(only(synth(s), 'PrometheusRule').spec.groups[0].rules).toHaveLength(1);
  });

  test('the runbook uses the service name and namespace', () => {
    const s = stack({ namespace: 'fraud-detection' }, 'fraud-model');
    podMonitor(s, { source: MetricsSource.MODEL });
    alerts(s, { latency: { threshold: Duration.seconds(1) } });
    const [rule] = only(synth(s), 'PrometheusRule').spec.groups[0].rules;
    expect(rule.alert).toBe('KServeFraudModelHighLatency');
    expect(rule.expr).toContain('request_predict_seconds_bucket{namespace="fraud-detection", model_name="fraud-model"}');
    expect(rule.annotations.runbook).toContain('kubectl get inferenceservice fraud-model -n fraud-detection');
    expect(rule.annotations.runbook).toContain('-l serving.kserve.io/inferenceservice=fraud-model,component=predictor');
  });

  test.each(VERSIONS)('renders and validates with KServe %s', (version, schema) => {
    const s = monitored({ version });
    alerts(s, { ...ALL, labels: { release: 'kube-prometheus-stack' } });
    const objects = synth(s);
    expect(objects).toMatchSnapshot();
    expect(ofKind(objects, 'PrometheusRule')).toHaveLength(1);
    expectValidObjects(objects, { kserveVersion: schema });
  });

  test('every metric in every rule expression is in the KServeMetric catalog, with a citation', () => {
    const s = monitored();
    const a = alerts(s, ALL);
    const rules = only(synth(s), 'PrometheusRule').spec.groups[0].rules;
    const used = new Set<string>();
    for (const rule of rules) {
      const names = metricNames(rule.expr);
      expect(names.length).toBeGreaterThan(0);
      for (const name of names) {
        let metric: KServeMetric | undefined;
        expect(() => { metric = KServeMetric.named(name); }).not.toThrow();
        expect(KServeMetric.all()).toContain(metric);
        expect(metric!.definedIn.trim()).not.toBe('');
        used.add(metric!.name);
      }
    }
    expect([...used].sort()).toEqual(['kn_serving_invocation_duration_seconds', 'request_predict_seconds']);
    // Compared as a set: the getter lists the histogram once per series (see the report on duplicates).
    expect(a.metrics.every(m => KServeMetric.all().includes(m))).toBe(true);
    expect([...new Set(a.metrics.map(m => m.name))].sort()).toEqual([...used].sort());
  });

  test('the metrics each alert uses come from the source it needs', () => {
    const s = monitored();
    alerts(s, ALL);
    const rules = only(synth(s), 'PrometheusRule').spec.groups[0].rules;
    const sources = rules.map((r: any) => [...new Set(metricNames(r.expr).map(n => KServeMetric.named(n).source))]);
    expect(sources).toEqual([[MetricsSource.MODEL], [MetricsSource.QUEUE_PROXY], [MetricsSource.MODEL]]);
  });
});

describe('KServeMetric', () => {
  test('named() rejects a metric KServe does not export and lists the real names', () => {
    let message = '';
    try {
      KServeMetric.named('kserve_predictor_latency');
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toContain("'kserve_predictor_latency' is not a metric");
    for (const metric of KServeMetric.all()) {
      expect(message).toContain(metric.name);
    }
  });

  test('named() resolves a histogram series to the histogram', () => {
    for (const suffix of ['', '_bucket', '_count', '_sum']) {
      expect(KServeMetric.named(`request_predict_seconds${suffix}`)).toBe(KServeMetric.REQUEST_PREDICT_SECONDS);
    }
    const metric = KServeMetric.named('request_predict_seconds_bucket');
    expect(metric.type).toBe(MetricType.HISTOGRAM);
    expect(metric.source).toBe(MetricsSource.MODEL);
    expect(metric.labels).toContain('model_name');
  });

  test('named() finds the queue-proxy counter by its own name', () => {
    const metric = KServeMetric.named('revision_request_count');
    expect(metric).toBe(KServeMetric.REVISION_REQUEST_COUNT);
    expect(metric.type).toBe(MetricType.COUNTER);
    expect(metric.source).toBe(MetricsSource.QUEUE_PROXY);
    expect(metric.labels).toEqual(expect.arrayContaining(['response_code_class', 'service_name', 'namespace_name']));
  });

  test('named() does not treat series suffixes of a counter or gauge as the metric', () => {
    expect(() => KServeMetric.named('revision_queue_depth_bucket')).toThrow(/is not a metric/);
    expect(() => KServeMetric.named('revision_request')).toThrow(/is not a metric/);
  });

  test('every catalog entry has a unique name and a citation', () => {
    const all = KServeMetric.all();
    expect(new Set(all.map(m => m.name)).size).toBe(all.length);
    for (const metric of all) {
      expect(metric.definedIn.trim()).not.toBe('');
      expect(metric.name).not.toMatch(/^kserve_predictor_/);
    }
  });
});

describe('alert rejections', () => {
  function monitoredStack(props: Partial<InferenceServiceProps> = {}): Stack {
    const s = stack(props);
    podMonitor(s, { source: MetricsSource.MODEL });
    serviceMonitor(s, { source: MetricsSource.QUEUE_PROXY });
    return s;
  }

  test('no alert configured', () => {
    const s = monitoredStack();
    alerts(s, {});
    expectError(s.app, 'test/alerts', 'no alert configured: give latency, errorRatio or noTraffic');
  });

  test.each([1, 0])('latency percentile %s is rejected', (percentile) => {
    const s = monitoredStack();
    alerts(s, { latency: { percentile, threshold: Duration.seconds(1) } });
    expectError(s.app, 'test/alerts', `latency.percentile (${percentile}) must be between 0 and 1 (exclusive)`);
  });

  test('a latency threshold of 0 is rejected', () => {
    const s = monitoredStack();
    alerts(s, { latency: { threshold: Duration.seconds(0) } });
    expectError(s.app, 'test/alerts', 'latency.threshold (0s) must be greater than zero');
  });

  test('an errorRatio threshold of 1.5 is rejected', () => {
    const s = monitoredStack();
    alerts(s, { errorRatio: { threshold: 1.5 } });
    expectError(s.app, 'test/alerts', 'errorRatio.threshold (1.5) must be a ratio between 0 and 1 (exclusive)');
  });

  test('errorRatio in Standard mode is rejected even with a ServiceMonitor on the model', () => {
    const s = stack(STANDARD);
    serviceMonitor(s, { source: MetricsSource.MODEL });
    alerts(s, { errorRatio: { threshold: 0.05 } });
    expectError(s.app, 'test/alerts', "errorRatio needs Knative's queue-proxy request counter", "in 'Standard' mode",
      'export no error counter');
  });

  test('latency in Standard mode with a ServiceMonitor on the model is accepted and valid', () => {
    const s = stack(STANDARD);
    serviceMonitor(s, { source: MetricsSource.MODEL });
    alerts(s, { latency: { threshold: Duration.seconds(1) }, noTraffic: {} });
    expectValidObjects(synth(s));
  });

  test('a latency alert with no monitor scraping the model metrics is rejected', () => {
    const s = stack();
    serviceMonitor(s, { source: MetricsSource.QUEUE_PROXY });
    alerts(s, { latency: { threshold: Duration.seconds(1) } });
    expectError(s.app, 'test/alerts', "KServeSklearnIrisHighLatency use model metrics of 'sklearn-iris'",
      'no ServiceMonitor or PodMonitor in the app scrapes them', 'add one with source MetricsSource.MODEL (or AGGREGATED)');
  });

  test('an errorRatio alert with no monitor scraping the queue-proxy is rejected', () => {
    const s = stack();
    podMonitor(s, { source: MetricsSource.MODEL });
    alerts(s, { errorRatio: { threshold: 0.05 } });
    expectError(s.app, 'test/alerts', 'KServeSklearnIrisHighErrorRatio use queue-proxy metrics',
      'add one with source MetricsSource.QUEUE_PROXY (or AGGREGATED)');
  });

  test('alerts with no monitor at all name every alert that lacks metrics', () => {
    const s = stack();
    alerts(s, { latency: { threshold: Duration.seconds(1) }, noTraffic: {}, errorRatio: { threshold: 0.05 } });
    expectError(s.app, 'test/alerts', 'KServeSklearnIrisHighLatency, KServeSklearnIrisNoTraffic use model metrics');
    expectError(s.app, 'test/alerts', 'KServeSklearnIrisHighErrorRatio use queue-proxy metrics');
  });

  test('an AGGREGATED PodMonitor satisfies latency, errorRatio and noTraffic', () => {
    const s = stack({ metrics: { aggregation: true } });
    podMonitor(s, { source: MetricsSource.AGGREGATED });
    alerts(s, { latency: { threshold: Duration.seconds(1) }, errorRatio: { threshold: 0.05 }, noTraffic: {} });
    expect(synthErrors(s.app)).toEqual([]);
  });

  test('a monitor of another component or another service does not count', () => {
    const s = stack({ transformer: TRANSFORMER });
    podMonitor(s, { component: ComponentType.TRANSFORMER, source: MetricsSource.MODEL });
    const other = new InferenceService(s.chart, 'other', { predictor: { model: Model.sklearn(IRIS) } });
    new PodMonitor(s.chart, 'other-pm', { target: other, source: MetricsSource.MODEL });
    alerts(s, { latency: { threshold: Duration.seconds(1) } });
    expectError(s.app, 'test/alerts', 'KServeSklearnIrisHighLatency use model metrics');
  });

  test('a monitor in another chart of the same app counts', () => {
    const s = stack();
    const monitoring = new Chart(s.app, 'monitoring', { namespace: 'ml' });
    new PodMonitor(monitoring, 'pm', { target: s.isvc, source: MetricsSource.MODEL });
    alerts(s, { latency: { threshold: Duration.seconds(1) } });
    expect(synthErrors(s.app)).toEqual([]);
  });

  test('noTraffic on a predictor that scales to zero in Knative mode is rejected', () => {
    const s = monitoredStack({ predictor: { model: Model.sklearn(IRIS), minReplicas: 0 } });
    alerts(s, { noTraffic: {} });
    expectError(s.app, 'test/alerts', 'noTraffic: the predictor scales to zero (minReplicas 0)');
  });

  test('noTraffic with minReplicas 1 in Knative mode is accepted', () => {
    const s = monitoredStack({ predictor: { model: Model.sklearn(IRIS), minReplicas: 1 } });
    alerts(s, { noTraffic: {} });
    expect(synthErrors(s.app)).toEqual([]);
  });

  test('a fractional for duration is rejected', () => {
    const s = monitoredStack();
    alerts(s, { latency: { threshold: Duration.seconds(1), pendingFor: Duration.millis(1500) } });
    expectError(s.app, 'test/alerts', "KServeSklearnIrisHighLatency: 'pendingFor' (1.5s) must be a whole number of seconds, zero or more");
  });
});

describe('metrics ports and exporters by runtime', () => {
  test.each([
    ['an explicit kserve-torchserve runtime', Model.pytorch(TORCH, { runtime: 'kserve-torchserve' }), 8082],
    ['TensorFlow over V2 (served by Triton)', Model.tensorflow(IRIS, { protocolVersion: ProtocolVersion.V2 }), 8002],
  ])('%s serves metrics on another port than user-port', (_name, model, port) => {
    const s = stack({ predictor: { model } });
    podMonitor(s, { source: MetricsSource.MODEL });
    expectError(s.app, 'test/pm', `this runtime serves /metrics on port ${port}`, 'MetricsSource.AGGREGATED');
  });

  test.each([
    ['Triton', Model.triton(TRITON), "serves a 'triton' model"],
    ['TorchServe', Model.pytorch(TORCH), "serves a 'pytorch' model"],
    ['MLServer (MLflow)', Model.mlflow(IRIS), "serves a 'mlflow' model"],
  ])('latency and no-traffic alerts are refused for %s, which does not export request_predict_seconds', (_name, model, fragment) => {
    const s = stack({ predictor: { model }, metrics: { aggregation: true } });
    podMonitor(s, { source: MetricsSource.AGGREGATED });
    alerts(s, { latency: { threshold: Duration.seconds(1) }, noTraffic: {} });
    expectError(s.app, 'test/alerts', 'only KServe\'s Python model servers export', fragment);
  });

  test('the error-ratio alert (queue-proxy metrics) works for any runtime', () => {
    const s = stack({ predictor: { model: Model.triton(TRITON) } });
    serviceMonitor(s, { source: MetricsSource.QUEUE_PROXY });
    alerts(s, { errorRatio: { threshold: 0.07 } });
    const rule = only(synth(s), 'PrometheusRule').spec.groups[0].rules[0];
    expect(rule.annotations.summary).toBe('more than 7% of requests to ml/sklearn-iris fail with 5xx');
  });

  test('percentiles in summaries have no rounding surprises', () => {
    const s = stack();
    podMonitor(s, { source: MetricsSource.MODEL });
    alerts(s, { latency: { threshold: Duration.seconds(1), percentile: 0.9999 } });
    expect(only(synth(s), 'PrometheusRule').spec.groups[0].rules[0].annotations.summary).toMatch(/^p99\.99 predict latency/);
  });

  test('monitor names and labels are validated', () => {
    const s = stack();
    podMonitor(s, { source: MetricsSource.MODEL, name: 'Bad_Name', labels: { 'bad key!': 'v' } });
    expectError(s.app, 'test/pm', "name 'Bad_Name' must be a DNS-1123 subdomain");
    expectError(s.app, 'test/pm', "labels key 'bad key!' is invalid");
  });
});

describe('examples/monitoring', () => {
  const objects = synthExample('monitoring');
  const monitors = objects.filter(o => o.kind === 'ServiceMonitor' || o.kind === 'PodMonitor');
  const ports = monitors.flatMap(o => (o.spec.endpoints ?? o.spec.podMetricsEndpoints).map((e: any) => e.port));

  test('has a ServiceMonitor, a PodMonitor and alerts', () => {
    expect(ofKind(objects, 'ServiceMonitor')).toHaveLength(1);
    expect(ofKind(objects, 'PodMonitor')).toHaveLength(1);
    expect(ofKind(objects, 'PrometheusRule')).toHaveLength(1);
  });

  test("no monitor uses the seed's port 'http'", () => {
    expect(ports.length).toBeGreaterThan(0);
    expect(ports).not.toContain('http');
    expect(ports.sort()).toEqual(['http-usermetric', 'user-port']);
  });

  test('the ServiceMonitor selects the private Service, not the seed shape', () => {
    const sm = only(objects, 'ServiceMonitor');
    expect(sm.spec.selector.matchLabels).toEqual({
      [ISVC_LABEL]: 'sklearn-iris', component: 'predictor', [SERVICE_TYPE_LABEL]: 'Private',
    });
    expect(sm.spec.endpoints).toEqual([{ port: 'http-usermetric', path: '/metrics', interval: '30s' }]);
    expect(sm.metadata.labels).toEqual({ release: 'kube-prometheus-stack' });
  });

  test('the alerts use only cataloged metrics, no kserve_predictor_*', () => {
    const rules = only(objects, 'PrometheusRule').spec.groups[0].rules;
    expect(rules).toHaveLength(3);
    for (const rule of rules) {
      expect(rule.expr).not.toContain('kserve_predictor_');
      for (const name of metricNames(rule.expr)) {
        expect(() => KServeMetric.named(name)).not.toThrow();
      }
    }
  });
});

describe('the runtime KServe auto-selects decides the exported metrics', () => {
  /** Knative with aggregation, so one AGGREGATED PodMonitor covers every source whatever the runtime's port. */
  function withModel(model: Model, version: KServeVersion = KServeVersion.V0_20): Stack {
    const s = stack({ version, predictor: { model }, metrics: { aggregation: true } });
    podMonitor(s, { source: MetricsSource.AGGREGATED });
    alerts(s, { latency: { threshold: Duration.seconds(1) }, noTraffic: {} });
    return s;
  }

  test.each(VERSIONS.flatMap(([version, schema]) => [
    ['sklearn', schema, Model.sklearn(IRIS, { protocolVersion: ProtocolVersion.V2 }), version],
    ['xgboost', schema, Model.xgboost(IRIS, { protocolVersion: ProtocolVersion.V2 }), version],
    ['lightgbm', schema, Model.lightgbm(IRIS, { protocolVersion: ProtocolVersion.V2 }), version],
  ] as Array<[string, string, Model, KServeVersion]>))('%s over V2 on %s runs MLServer (priority 2 over 1): latency and noTraffic are refused',
    (format, _schema, model, version) => {
      const s = withModel(model, version);
      expectError(s.app, 'test/alerts', "only KServe's Python model servers export",
        `serves a '${format}' model whose server exports other metrics: for protocol v2 KServe auto-selects runtime 'kserve-mlserver'`);
    });

  test.each(VERSIONS)('sklearn over V1 runs the sklearn server (MLServer speaks only V2) on %s', (version) => {
    expect(synthErrors(withModel(Model.sklearn(IRIS), version).app)).toEqual([]);
  });

  test('naming the sklearn server explicitly on V2 keeps KServe\'s metrics', () => {
    const model = Model.sklearn(IRIS, { protocolVersion: ProtocolVersion.V2, runtime: 'kserve-sklearnserver' });
    expect(synthErrors(withModel(model).app)).toEqual([]);
  });

  test('pmml over V2 (only the pmml server lists the format) keeps KServe\'s metrics', () => {
    expect(synthErrors(withModel(Model.fromFormat('pmml', IRIS, { protocolVersion: ProtocolVersion.V2 })).app)).toEqual([]);
  });

  test('a format version no standard runtime auto-selects is refused, saying so', () => {
    const s = withModel(Model.xgboost(IRIS, { formatVersion: '1' }));
    expectError(s.app, 'test/alerts', "serves a 'xgboost' model that no standard runtime of KServe v0.20.0 auto-selects (format version '1', protocol v1)");
  });

  test('autogluon (v0.20) runs on KServe\'s Python server', () => {
    expect(synthErrors(withModel(Model.fromFormat('autogluon', IRIS)).app)).toEqual([]);
  });

  test('TensorFlow over V1 runs TF Serving; the error says which runtime KServe picks', () => {
    const s = withModel(Model.tensorflow(IRIS));
    expectError(s.app, 'test/alerts', "serves a 'tensorflow' model whose server exports other metrics: for protocol v1 KServe auto-selects "
      + "runtime 'kserve-tensorflow-serving'");
  });

  test('metrics ports still follow the selected runtime (TorchServe 8082, Triton 8002 for TensorFlow over gRPC V2)', () => {
    const cases = [[Model.pytorch(TORCH), 8082], [Model.tensorflow(IRIS, { protocolVersion: ProtocolVersion.GRPC_V2 }), 8002]] as const;
    for (const [model, port] of cases) {
      const s = stack({ predictor: { model } });
      podMonitor(s, { source: MetricsSource.MODEL });
      expectError(s.app, 'test/pm', `this runtime serves /metrics on port ${port}`);
    }
  });
});

describe('alert names, rule name, labels and severity', () => {
  function monitoredStack(props: Partial<InferenceServiceProps> = {}, name?: string): Stack {
    const s = stack(props, name);
    podMonitor(s, { source: MetricsSource.MODEL });
    serviceMonitor(s, { source: MetricsSource.QUEUE_PROXY });
    return s;
  }

  test.each(['Iris_Alerts', 'iris-alerts-', 'iris alerts'])('PrometheusRule name %j is rejected', (name) => {
    const s = monitoredStack();
    alerts(s, { noTraffic: {}, name });
    expectError(s.app, 'test/alerts', `name '${name}' must be a DNS-1123 subdomain`);
  });

  test('PrometheusRule labels are Kubernetes labels: prefixed keys are accepted, invalid ones rejected', () => {
    const ok = monitoredStack();
    alerts(ok, { noTraffic: {}, labels: { 'app.kubernetes.io/part-of': 'ml-platform', 'release': 'kube-prometheus-stack' } });
    expect(synthErrors(ok.app)).toEqual([]);
    const bad = monitoredStack();
    alerts(bad, { noTraffic: {}, labels: { 'bad key!': 'v', 'release': 'kube prometheus' } });
    expectError(bad.app, 'test/alerts', "labels key 'bad key!' is invalid");
    expectError(bad.app, 'test/alerts', "labels['release'] value 'kube prometheus' is invalid");
  });

  test.each(['', '  '])('severity %j is rejected', (severity) => {
    const s = monitoredStack();
    alerts(s, { noTraffic: {}, severity });
    expectError(s.app, 'test/alerts', `severity '${severity}' must not be empty`);
  });

  test('any other severity text is accepted (routes differ between Alertmanagers)', () => {
    const s = monitoredStack();
    alerts(s, { noTraffic: {}, severity: 'P1 page' });
    expect(only(synth(s), 'PrometheusRule').spec.groups[0].rules[0].labels).toEqual({ severity: 'P1 page' });
  });
});
