import { App, Chart, Testing } from 'cdk8s';
import {
  DeploymentMode, InferenceService, InferenceServiceDashboard, InferenceServiceProps, KnativeMetrics, KnativeMetricsProtocol, KnativeOtelMetricNames,
  KServeFleetDashboard, KServeMetric, MetricsSource, Model, PodMonitor, ServiceMonitor, StorageUri,
} from '../src';
import { expectError, synthErrors } from './util/harness';
import { expectValidObjects } from './util/schema-validator';

const IRIS = StorageUri.parse('gs://kfserving-examples/models/sklearn/1.0/model');
const TRITON = StorageUri.parse('gs://kfserving-examples/models/triton/simple_string');
const SERVED = KnativeMetrics.openTelemetry(KnativeMetricsProtocol.PROMETHEUS);

function service(chart: Chart, name: string, props: Partial<InferenceServiceProps> = {}): InferenceService {
  return new InferenceService(chart, name, { predictor: { model: Model.sklearn(IRIS) }, metrics: { knative: SERVED }, ...props });
}

function newApp(): { app: App; chart: Chart } {
  const app = Testing.app();
  return { app, chart: new Chart(app, 'test', { namespace: 'ml' }) };
}

/** Synthesizes without errors, validates (v0.20.0), and returns the dashboard model of the ConfigMap `name`. */
function dashboardOf(app: App, chart: Chart, name: string): { configMap: any; model: any } {
  expect(synthErrors(app)).toEqual([]);
  const objects = Testing.synth(chart);
  expectValidObjects(objects, { kserveVersion: 'v0.20.0' });
  const configMap = objects.find(o => o.kind === 'ConfigMap' && o.metadata.name === name);
  const [json] = Object.values(configMap.data) as string[];
  return { configMap, model: JSON.parse(json) };
}

/** The metric names a PromQL expression reads (identifiers followed by a label selector). */
function metricNames(expr: string): string[] {
  return [...expr.matchAll(/([a-zA-Z_:][a-zA-Z0-9_:]*)\{/g)].map(m => m[1]);
}

/**
 * The test: every panel's query names only metrics of the catalog whose source a monitor of the app scrapes,
 * and model metrics only for runtimes that export them (KServe's Python servers, here sklearn).
 */
function expectOnlyScrapedMetrics(model: any, scraped: MetricsSource[]): void {
  const exprs: string[] = model.panels.flatMap((p: any) => p.targets.map((t: any) => t.expr));
  expect(exprs.length).toBeGreaterThan(0);
  for (const expr of exprs) {
    const names = metricNames(expr);
    expect(names.length).toBeGreaterThan(0);
    for (const name of names) expect(scraped).toContain(KServeMetric.named(name).source);
  }
}

describe('InferenceServiceDashboard', () => {
  test('model and queue-proxy metrics scraped: six panels, a ConfigMap for the Grafana sidecar', () => {
    const { app, chart } = newApp();
    const iris = service(chart, 'iris');
    new PodMonitor(chart, 'model', { target: iris, source: MetricsSource.MODEL });
    new PodMonitor(chart, 'queue', { target: iris, source: MetricsSource.QUEUE_PROXY });
    const dashboard = new InferenceServiceDashboard(chart, 'dashboard', { target: iris, folder: 'KServe' });
    const { configMap, model } = dashboardOf(app, chart, 'iris-dashboard');
    expect(configMap.metadata).toEqual({
      name: 'iris-dashboard', namespace: 'ml', labels: { grafana_dashboard: '1' }, annotations: { grafana_folder: 'KServe' },
    });
    expect(Object.keys(configMap.data)).toEqual(['ml-iris.json']);
    expect(model).toMatchObject({ title: 'KServe ml/iris', uid: 'kserve-ml-iris', tags: ['kserve', 'ml'] });
    expect(model.templating.list).toEqual([{ name: 'datasource', label: 'Data source', type: 'datasource', query: 'prometheus' }]);
    expect(model.panels.map((p: any) => p.title)).toEqual([
      'Predictions per second', 'Predict latency', 'Requests per second', 'Error ratio (5xx)', 'Request latency', 'Queue depth',
    ]);
    expect(model.panels[0].targets).toEqual([{
      refId: 'A',
      datasource: { type: 'prometheus', uid: '${datasource}' },
      legendFormat: 'predict',
      expr: 'sum(rate(request_predict_seconds_count{namespace="ml", model_name="iris"}[5m]))',
    }]);
    expect(model.panels[3].targets[0].expr).toBe('sum(rate(kn_serving_invocation_duration_seconds_count{namespace="ml", '
      + 'pod=~"iris-predictor-[0-9]+-deployment-.+", http_response_status_code=~"5.."}[5m])) / '
      + 'sum(rate(kn_serving_invocation_duration_seconds_count{namespace="ml", pod=~"iris-predictor-[0-9]+-deployment-.+"}[5m]))');
    expect(model.panels.map((p: any) => p.gridPos))
      .toEqual([0, 1, 2, 3, 4, 5].map(i => ({ x: (i % 2) * 12, y: Math.floor(i / 2) * 8, w: 12, h: 8 })));
    expectOnlyScrapedMetrics(model, [MetricsSource.MODEL, MetricsSource.QUEUE_PROXY]);
    expect(dashboard.metrics).toEqual([KServeMetric.REQUEST_PREDICT_SECONDS, KServeMetric.KN_SERVING_INVOCATION_DURATION_SECONDS,
      KServeMetric.KN_SERVING_QUEUE_DEPTH]);
  });

  test('only what is scraped: a MODEL monitor gives the model panels only; OpenCensus names in ms', () => {
    const { app, chart } = newApp();
    const iris = service(chart, 'iris');
    new PodMonitor(chart, 'model', { target: iris, source: MetricsSource.MODEL });
    new InferenceServiceDashboard(chart, 'dashboard', { target: iris });
    const { model } = dashboardOf(app, chart, 'iris-dashboard');
    expect(model.panels.map((p: any) => p.title)).toEqual(['Predictions per second', 'Predict latency']);
    expectOnlyScrapedMetrics(model, [MetricsSource.MODEL]);

    const other = newApp();
    const old = service(other.chart, 'old', { metrics: { knative: KnativeMetrics.OPENCENSUS } });
    new ServiceMonitor(other.chart, 'queue', { target: old, source: MetricsSource.QUEUE_PROXY });
    new InferenceServiceDashboard(other.chart, 'dashboard', { target: old });
    const queue = dashboardOf(other.app, other.chart, 'old-dashboard').model;
    expect(queue.panels.map((p: any) => p.title)).toEqual(['Requests per second', 'Error ratio (5xx)', 'Request latency', 'Queue depth']);
    expect(queue.panels[2].fieldConfig.defaults.unit).toBe('ms');
    expect(queue.panels[2].targets[1].expr)
      .toBe('histogram_quantile(0.95, sum by (le) (rate(revision_request_latencies_bucket{namespace_name="ml", service_name="old-predictor"}[5m])))');
    expectOnlyScrapedMetrics(queue, [MetricsSource.QUEUE_PROXY]);
  });

  test('an AGGREGATED monitor serves both; a Triton model exports no request_predict_seconds, so only the queue panels', () => {
    const { app, chart } = newApp();
    const both = service(chart, 'both', { metrics: { knative: SERVED, aggregation: true } });
    new PodMonitor(chart, 'agg', { target: both, source: MetricsSource.AGGREGATED });
    new InferenceServiceDashboard(chart, 'both-dash', { target: both });
    const triton = service(chart, 'triton', { predictor: { model: Model.triton(TRITON) } });
    new PodMonitor(chart, 'tq', { target: triton, source: MetricsSource.QUEUE_PROXY });
    new InferenceServiceDashboard(chart, 'triton-dash', { target: triton });
    expect(dashboardOf(app, chart, 'both-dashboard').model.panels).toHaveLength(6);
    const tritonModel = dashboardOf(app, chart, 'triton-dashboard').model;
    expect(tritonModel.panels.map((p: any) => p.title)).toEqual(['Requests per second', 'Error ratio (5xx)', 'Request latency', 'Queue depth']);
  });

  test('kn.queueproxy names on Knative 1.19.0-1.19.7', () => {
    const { app, chart } = newApp();
    const iris = service(chart, 'iris', { metrics: { knative: KnativeMetrics.openTelemetry(KnativeMetricsProtocol.PROMETHEUS, KnativeOtelMetricNames.KN_QUEUEPROXY) } });
    new PodMonitor(chart, 'queue', { target: iris, source: MetricsSource.QUEUE_PROXY });
    new InferenceServiceDashboard(chart, 'dashboard', { target: iris });
    const { model } = dashboardOf(app, chart, 'iris-dashboard');
    expect(model.panels[3].targets[0].expr).toBe('sum(kn_queueproxy_depth{namespace="ml", pod=~"iris-predictor-[0-9]+-deployment-.+"})');
    expectOnlyScrapedMetrics(model, [MetricsSource.QUEUE_PROXY]);
  });

  test('name, namespace, labels, sidecar label and title as given; a long name gets a hashed uid of 40 characters', () => {
    const { app, chart } = newApp();
    const iris = service(chart, `iris-${'x'.repeat(40)}`);
    new PodMonitor(chart, 'model', { target: iris, source: MetricsSource.MODEL });
    const dashboard = new InferenceServiceDashboard(chart, 'dashboard', {
      target: iris, name: 'iris-board', namespace: 'monitoring', labels: { team: 'ml' }, sidecarLabel: { grafana: 'dashboards' }, title: 'Iris',
    });
    const { configMap, model } = dashboardOf(app, chart, 'iris-board');
    expect(configMap.metadata).toEqual({ name: 'iris-board', namespace: 'monitoring', labels: { grafana: 'dashboards', team: 'ml' } });
    expect(model.title).toBe('Iris');
    expect(dashboard.uid).toMatch(/^kserve-[0-9a-f]{33}$/);
    expect(model.uid).toBe(dashboard.uid);
  });

  test('nothing to chart: no monitor, or a monitor of metrics the server does not export', () => {
    const { app, chart } = newApp();
    new InferenceServiceDashboard(chart, 'none', { target: service(chart, 'iris') });
    const triton = service(chart, 'triton', { predictor: { model: Model.triton(TRITON) } });
    new PodMonitor(chart, 'model', { target: triton, source: MetricsSource.MODEL });
    new InferenceServiceDashboard(chart, 'triton-dash', { target: triton });
    const errors = synthErrors(app);
    expectError(errors, 'test/none', "nothing to chart of 'iris': no monitor of the app scrapes metrics its servers export");
    expectError(errors, 'test/triton-dash', "nothing to chart of 'triton'");
  });

  test('bad name, namespace, labels, sidecar label, folder; a label that conflicts with the sidecar label', () => {
    const { app, chart } = newApp();
    const iris = service(chart, 'iris');
    new PodMonitor(chart, 'model', { target: iris, source: MetricsSource.MODEL });
    new InferenceServiceDashboard(chart, 'bad', {
      target: iris, name: 'Bad_Name', namespace: 'Bad_NS', labels: { grafana_dashboard: '0' }, folder: ' ',
    });
    new InferenceServiceDashboard(chart, 'empty', { target: iris, sidecarLabel: {} });
    const errors = synthErrors(app);
    expectError(errors, 'test/bad', "name 'Bad_Name' must be a DNS-1123 subdomain");
    expectError(errors, 'test/bad', "namespace 'Bad_NS' must be a DNS-1123 label");
    expectError(errors, 'test/bad', "labels['grafana_dashboard'] '0' conflicts with sidecarLabel's '1'");
    expectError(errors, 'test/bad', 'folder must not be empty');
    expectError(errors, 'test/empty', 'sidecarLabel: give the label the Grafana sidecar selects by');
  });

  test('a service without a namespace; plain JavaScript wrong types are synth errors', () => {
    const app = Testing.app();
    const chart = new Chart(app, 'test');
    const iris = service(chart, 'iris');
    new PodMonitor(chart, 'model', { target: iris, source: MetricsSource.MODEL });
    new InferenceServiceDashboard(chart, 'dashboard', { target: iris });
    new InferenceServiceDashboard(chart, 'js', { target: iris, folder: 3 as any, labels: 'team' as any });
    const errors = synthErrors(app);
    expectError(errors, 'test/dashboard', "this dashboard must name the namespace of InferenceService 'test/iris'");
    expectError(errors, 'test/js', 'folder');
    expectError(errors, 'test/js', 'labels');
  });
});

describe('KServeFleetDashboard', () => {
  test('every service of the app, each panel selecting exactly the services whose metrics are scraped', () => {
    const { app, chart } = newApp();
    const a = service(chart, 'a');
    const b = service(new Chart(app, 'other', { namespace: 'team' }), 'b', { metrics: { knative: KnativeMetrics.OPENCENSUS } });
    service(chart, 'unscraped');
    new PodMonitor(chart, 'am', { target: a, source: MetricsSource.MODEL });
    new PodMonitor(chart, 'aq', { target: a, source: MetricsSource.QUEUE_PROXY });
    new PodMonitor(chart, 'bm', { target: b, source: MetricsSource.MODEL });
    new ServiceMonitor(chart, 'bq', { target: b, source: MetricsSource.QUEUE_PROXY });
    const fleet = new KServeFleetDashboard(chart, 'fleet', { folder: 'KServe' });
    const { configMap, model } = dashboardOf(app, chart, 'kserve-fleet-dashboard');
    expect(configMap.metadata.namespace).toBe('ml');
    expect(model.title).toBe('KServe fleet');
    expect(model.panels.map((p: any) => p.title)).toEqual([
      'Predictions per second by model', 'p95 predict latency by model', 'Requests per second by service', 'Error ratio (5xx) by service',
    ]);
    expect(model.panels[0].targets[0].expr)
      .toBe('sum by (namespace, model_name) (rate(request_predict_seconds_count{namespace=~"ml|team", model_name=~"a|b"}[5m]))');
    // One query per Knative naming: OpenTelemetry (a) and OpenCensus (b).
    expect(model.panels[2].targets.map((t: any) => t.expr)).toEqual([
      'sum by (namespace, service) (label_replace(rate(kn_serving_invocation_duration_seconds_count{namespace=~"ml", '
        + 'pod=~"(a-predictor)-[0-9]+-deployment-.+"}[5m]), "service", "$1", "pod", "(.+)-[0-9]+-deployment-.+"))',
      'sum by (namespace_name, service_name) (rate(revision_request_count{namespace_name=~"team", service_name=~"b-predictor"}[5m]))',
    ]);
    expect(JSON.stringify(model)).not.toContain('unscraped');
    expectOnlyScrapedMetrics(model, [MetricsSource.MODEL, MetricsSource.QUEUE_PROXY]);
    expect(fleet.metrics).toEqual([KServeMetric.REQUEST_PREDICT_SECONDS, KServeMetric.KN_SERVING_INVOCATION_DURATION_SECONDS,
      KServeMetric.REVISION_REQUEST_COUNT]);
  });

  test('the services given; nothing to chart', () => {
    const { app, chart } = newApp();
    const a = service(chart, 'a');
    const b = service(chart, 'b', { deploymentMode: DeploymentMode.STANDARD, metrics: {} });
    new PodMonitor(chart, 'am', { target: a, source: MetricsSource.MODEL });
    new ServiceMonitor(chart, 'bm', { target: b, source: MetricsSource.MODEL });
    new KServeFleetDashboard(chart, 'only-b', { services: [b], name: 'b-fleet' });
    const { model } = dashboardOf(app, chart, 'b-fleet');
    expect(model.panels[0].targets[0].expr).toContain('model_name=~"b"');

    const empty = newApp();
    new KServeFleetDashboard(empty.chart, 'fleet');
    expectError(empty.app, 'test/fleet', 'nothing to chart: the app has no InferenceService');
    const unscraped = newApp();
    service(unscraped.chart, 'a');
    new KServeFleetDashboard(unscraped.chart, 'fleet');
    expectError(unscraped.app, 'test/fleet', 'nothing to chart: no monitor of the app scrapes metrics');
  });
});
