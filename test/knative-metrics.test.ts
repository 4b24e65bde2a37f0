/**
 * Knative's queue-proxy metrics by Knative version (issue #15, audit row 5): KServe v0.20's quick install has
 * Knative 1.21.1, whose queue-proxy exports OpenTelemetry names and, by default, nothing; monitors and the
 * error-ratio alert follow `metrics.knative` and synth says when they would scrape nothing.
 */
import { Duration, Testing } from 'cdk8s';
import {
  DeploymentMode, InferenceService, InferenceServiceAlerts, InferenceServiceProps, KnativeMetrics, KnativeMetricsProtocol,
  KnativeOtelMetricNames, KServeMetric, KServeVersion, MetricsSource, MetricType, Model, PodMonitor, ServiceMonitor, StorageUri,
} from '../src';
import { expectError, newChart, synthErrors } from './util/harness';
import { expectValidObjects } from './util/schema-validator';

const IRIS = StorageUri.parse('gs://kfserving-examples/models/sklearn/1.0/model');
const NOT_SERVED = 'the queue-proxy serves nothing on http-usermetric (9091)';

function service(props: Partial<InferenceServiceProps> = {}, name = 'sklearn-iris') {
  const { app, chart } = newChart();
  const isvc = new InferenceService(chart, name, { predictor: { model: Model.sklearn(IRIS) }, ...props });
  return { app, chart, isvc };
}

describe('defaults follow the Knative the release installs', () => {
  test('KServe v0.13 (Knative 1.13.1): OpenCensus names, served', () => {
    expect(KnativeMetrics.defaultFor(KServeVersion.V0_13)).toBe(KnativeMetrics.OPENCENSUS);
    expect(KnativeMetrics.OPENCENSUS.servedOnMetricsPort).toBe(true);
    expect(KnativeMetrics.OPENCENSUS.metrics.map(m => m.name)).toContain('revision_request_count');
  });

  test('KServe v0.20 (Knative 1.21.1): OpenTelemetry kn.serving names, protocol none, not served', () => {
    const d = KnativeMetrics.defaultFor(KServeVersion.V0_20);
    expect(d.protocol).toBe(KnativeMetricsProtocol.NONE);
    expect(d.otelNames).toBe(KnativeOtelMetricNames.KN_SERVING);
    expect(d.servedOnMetricsPort).toBe(false);
    expect(d.metrics.map(m => m.name)).toEqual(['kn_serving_invocation_duration_seconds', 'kn_serving_queue_depth']);
  });

  test('the default Knative ServiceMonitor on v0.20 is rejected: it would scrape nothing', () => {
    const s = service();
    new ServiceMonitor(s.chart, 'sm', { target: s.isvc });
    expectError(s.app, 'test/sm', 'a ServiceMonitor cannot scrape the queue-proxy metrics', NOT_SERVED,
      'request-metrics-protocol none', "'request-metrics-protocol: prometheus'", 'KnativeMetricsProtocol.PROMETHEUS');
  });

  test('a queue-proxy PodMonitor on v0.20 with the default is rejected too', () => {
    const s = service();
    new PodMonitor(s.chart, 'pm', { target: s.isvc, source: MetricsSource.QUEUE_PROXY });
    expectError(s.app, 'test/pm', NOT_SERVED);
  });

  test('the default Knative ServiceMonitor on v0.13 scrapes the OpenCensus names and validates', () => {
    const s = service({ version: KServeVersion.V0_13 });
    new ServiceMonitor(s.chart, 'sm', { target: s.isvc });
    expect(synthErrors(s.app)).toEqual([]);
    expectValidObjects(Testing.synth(s.chart), { kserveVersion: 'v0.13.1' });
  });

  test('metrics.knative writes nothing to the InferenceService', () => {
    const plain = Testing.synth(service().chart);
    const declared = Testing.synth(service({ metrics: { knative: KnativeMetrics.openTelemetry(KnativeMetricsProtocol.PROMETHEUS) } }).chart);
    expect(declared).toEqual(plain);
  });
});

describe('a served Knative >= 1.19 cluster', () => {
  const SERVED = KnativeMetrics.openTelemetry(KnativeMetricsProtocol.PROMETHEUS);

  test.each([KnativeMetricsProtocol.NONE, KnativeMetricsProtocol.OTLP_HTTP, KnativeMetricsProtocol.OTLP_GRPC])(
    'protocol %s serves nothing on 9091: queue-proxy monitors and the error ratio are rejected', (protocol) => {
      const s = service({ metrics: { aggregation: true, knative: KnativeMetrics.openTelemetry(protocol) } });
      new PodMonitor(s.chart, 'pm', { target: s.isvc, source: MetricsSource.AGGREGATED });
      new ServiceMonitor(s.chart, 'sm', { target: s.isvc, source: MetricsSource.QUEUE_PROXY });
      new InferenceServiceAlerts(s.chart, 'alerts', { target: s.isvc, errorRatio: { threshold: 0.05 } });
      const errors = synthErrors(s.app);
      expectError(errors, 'test/sm', NOT_SERVED, `request-metrics-protocol ${protocol}`);
      // An aggregated monitor still scrapes the model half, but the alert's counter is not there.
      expectError(errors, 'test/alerts', "errorRatio needs Knative's queue-proxy request counter, which is not served");
      expect(errors.some(e => e.includes('test/pm'))).toBe(false);
    });

  test('with protocol prometheus the queue-proxy ServiceMonitor and error ratio synthesize and validate (v0.20)', () => {
    const s = service({ metrics: { knative: SERVED } });
    new ServiceMonitor(s.chart, 'sm', { target: s.isvc, source: MetricsSource.QUEUE_PROXY });
    new InferenceServiceAlerts(s.chart, 'alerts', { target: s.isvc, errorRatio: { threshold: 0.05 } });
    expect(synthErrors(s.app)).toEqual([]);
    const objects = Testing.synth(s.chart);
    expectValidObjects(objects, { kserveVersion: 'v0.20.0' });
    const rule = objects.find(o => o.kind === 'PrometheusRule').spec.groups[0].rules[0];
    expect(rule.expr).toContain('kn_serving_invocation_duration_seconds_count{namespace="ml", pod=~"sklearn-iris-predictor-[0-9]+-deployment-.+"');
  });

  test('a service whose revision pods get hashed names (over 63 characters) is rejected for the OTel error ratio', () => {
    const name = 'a'.repeat(40); // a...-predictor-00001-deployment is 71 characters
    const s = service({ metrics: { knative: SERVED } }, name);
    new ServiceMonitor(s.chart, 'sm', { target: s.isvc, source: MetricsSource.QUEUE_PROXY });
    new InferenceServiceAlerts(s.chart, 'alerts', { target: s.isvc, errorRatio: { threshold: 0.05 } });
    expectError(s.app, 'test/alerts', 'errorRatio selects queue-proxy series by pod name', 'hashed names');
  });

  test('the same long name is fine with the OpenCensus names, which carry service_name', () => {
    const s = service({ version: KServeVersion.V0_13 }, 'a'.repeat(40));
    new ServiceMonitor(s.chart, 'sm', { target: s.isvc, source: MetricsSource.QUEUE_PROXY });
    new InferenceServiceAlerts(s.chart, 'alerts', { target: s.isvc, errorRatio: { threshold: 0.05 } });
    expect(synthErrors(s.app).filter(e => e.includes('test/alerts'))).toEqual([]);
  });

  test('Standard mode ignores metrics.knative (no queue-proxy): the Standard-mode error stays', () => {
    const s = service({ deploymentMode: DeploymentMode.STANDARD, metrics: { knative: SERVED } });
    new ServiceMonitor(s.chart, 'sm', { target: s.isvc, source: MetricsSource.QUEUE_PROXY });
    expectError(s.app, 'test/sm', 'queue-proxy metrics exist only in Knative mode');
  });
});

describe('metric names as the OpenTelemetry Prometheus exporter writes them', () => {
  test.each([
    ['kn_serving_invocation_duration_seconds_bucket', KServeMetric.KN_SERVING_INVOCATION_DURATION_SECONDS],
    ['kn_serving_invocation_duration_seconds_count', KServeMetric.KN_SERVING_INVOCATION_DURATION_SECONDS],
    ['kn_serving_queue_depth', KServeMetric.KN_SERVING_QUEUE_DEPTH],
    ['kn_queueproxy_app_duration_seconds_sum', KServeMetric.KN_QUEUEPROXY_APP_DURATION_SECONDS],
    ['kn_queueproxy_depth', KServeMetric.KN_QUEUEPROXY_DEPTH],
  ])('%s is in the catalog', (series, metric) => {
    expect(KServeMetric.named(series)).toBe(metric);
    expect(metric.source).toBe(MetricsSource.QUEUE_PROXY);
  });

  test('the OTel dotted names are not Prometheus names', () => {
    expect(() => KServeMetric.named('kn.serving.invocation.duration')).toThrow(/is not a metric/);
  });

  test('histograms carry the status code attribute as http_response_status_code', () => {
    expect(KServeMetric.KN_SERVING_INVOCATION_DURATION_SECONDS.type).toBe(MetricType.HISTOGRAM);
    expect(KServeMetric.KN_SERVING_INVOCATION_DURATION_SECONDS.labels).toEqual(['http_response_status_code']);
    expect(KServeMetric.KN_SERVING_QUEUE_DEPTH.type).toBe(MetricType.GAUGE);
  });
});

describe('wrong values give a synth error naming metrics.knative', () => {
  test('a plain JavaScript object', () => {
    const s = service({ metrics: { knative: { protocol: 'prometheus' } as any } });
    expectError(s.app, 'test/sklearn-iris', 'metrics.knative: must be a KnativeMetrics (KnativeMetrics.OPENCENSUS, KnativeMetrics.openTelemetry(...) '
      + 'or KnativeMetrics.defaultFor(...)) (got a plain object { protocol })');
  });

  test('an unknown protocol', () => {
    const s = service({ metrics: { knative: KnativeMetrics.openTelemetry('prom' as any) } });
    expectError(s.app, 'test/sklearn-iris', "metrics.knative: KnativeMetrics.openTelemetry(protocol): must be one of 'prometheus', 'none', 'http/protobuf', 'grpc' (got string 'prom')");
  });

  test('unknown OpenTelemetry names', () => {
    const s = service({ metrics: { knative: KnativeMetrics.openTelemetry(KnativeMetricsProtocol.PROMETHEUS, 'kn.other' as any) } });
    expectError(s.app, 'test/sklearn-iris', "metrics.knative: KnativeMetrics.openTelemetry(names): must be one of 'kn.serving', 'kn.queueproxy' (got string 'kn.other')");
  });

  test('a wrong value with a monitor gives the synth error, not a TypeError', () => {
    const s = service({ metrics: { knative: 'prometheus' as any } });
    new ServiceMonitor(s.chart, 'sm', { target: s.isvc });
    new InferenceServiceAlerts(s.chart, 'alerts', { target: s.isvc, errorRatio: { threshold: 0.05 }, latency: { threshold: Duration.seconds(1) } });
    expectError(s.app, 'test/sklearn-iris', 'metrics.knative: must be a KnativeMetrics (', "(got string 'prometheus')");
  });
});
