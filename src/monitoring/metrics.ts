import { guardMethods } from '../private/shape';

/**
 * Where a metric is served from.
 * @category Monitoring
 */
export enum MetricsSource {
  /**
   * The model server's own `/metrics` (KServe's Python servers: the `request_*_seconds` histograms)
   * on its HTTP port.
   */
  MODEL = 'model',
  /**
   * Knative's queue-proxy sidecar (request metrics on port `http-usermetric` 9091; `revision_*` names up to
   * Knative 1.18, `kn_serving_*` from 1.19 and then only with `request-metrics-protocol: prometheus`: see
   * KnativeMetrics). Knative mode only.
   */
  QUEUE_PROXY = 'queue-proxy',
  /**
   * KServe's qpext aggregation of model and queue-proxy metrics (port `aggr-metric` 9088). Knative mode
   * only; needs `metrics: { aggregation: true }` and the qpext queue-sidecar image.
   */
  AGGREGATED = 'aggregated',
}

/**
 * The Prometheus type of a metric.
 * @category Monitoring
 */
export enum MetricType {
  /** A histogram: `_bucket`, `_count` and `_sum` series. */
  HISTOGRAM = 'histogram',
  /** A monotonically increasing counter. */
  COUNTER = 'counter',
  /** A value that goes up and down. */
  GAUGE = 'gauge',
}

/**
 * Which series of a metric to read: a histogram has `_bucket`, `_count` and `_sum` series.
 * @category Monitoring
 */
export enum SeriesSuffix {
  /** The metric itself (a counter or gauge). */
  NONE = '',
  /** A histogram's buckets (`_bucket`, label `le`). */
  BUCKET = '_bucket',
  /** A histogram's observation count (`_count`). */
  COUNT = '_count',
  /** A histogram's sum of observed values (`_sum`). */
  SUM = '_sum',
}

/*
 * Knative >= 1.19 queue-proxy instruments (knative.dev/serving pkg/queue/request_metric.go: `kn.queueproxy.app.duration`
 * unit `s` and `kn.queueproxy.depth` unit `{item}` at knative-v1.19.0..v1.19.7 and v1.20.0, renamed by #16290 to
 * `kn.serving.invocation.duration` / `kn.serving.queue.depth` unit `{request}` at v1.19.8+, v1.20.1+, v1.21.x), attribute
 * `http.response.status_code`. knative.dev/pkg observability/metrics/prometheus_enabled.go exports them with
 * go.opentelemetry.io/otel/exporters/prometheus (v0.61.0 at Knative 1.21.1) and
 * otlptranslator.UnderscoreEscapingWithSuffixes: prometheus/otlptranslator v1.0.0 metric_namer.go replaces the dots with
 * underscores and appends the unit (`s` -> `_seconds`; `{...}` annotations add nothing), label_namer.go turns
 * `http.response.status_code` into `http_response_status_code`. Resource attributes (kn.service.name, namespace) go to
 * `target_info` only, so series are told apart by the scrape's own `namespace` / `pod` labels.
 */
const KNATIVE_OTEL_SOURCE = 'knative.dev/serving pkg/queue/request_metric.go (Knative >= 1.19, OpenTelemetry through the Prometheus exporter)';

/**
 * A metric KServe's serving stack really exports, with where it comes from.
 *
 * @example
 * // A recording rule of your own, on a metric the model servers really export.
 * const predict = KServeMetric.REQUEST_PREDICT_SECONDS;
 * const p95 = `histogram_quantile(0.95, sum by (le, model_name) (rate(${predict.series(SeriesSuffix.BUCKET)}{namespace="ml"}[5m])))`;
 * new ApiObject(chart, 'predict-latency-rules', {
 *   apiVersion: 'monitoring.coreos.com/v1',
 *   kind: 'PrometheusRule',
 *   spec: { groups: [{ name: 'kserve-ml', rules: [{ record: 'model_name:request_predict_seconds:p95', expr: p95 }] }] },
 * });
 * @category Monitoring
 */
export class KServeMetric {
  /** Seconds spent in the model's `predict` (label `model_name`). */
  public static readonly REQUEST_PREDICT_SECONDS = new KServeMetric('request_predict_seconds', MetricType.HISTOGRAM, MetricsSource.MODEL,
    ['model_name'], 'python/kserve/kserve/metrics.py (v0.13.1, v0.20.0)');
  /** Seconds spent in `preprocess` (label `model_name`). */
  public static readonly REQUEST_PREPROCESS_SECONDS = new KServeMetric('request_preprocess_seconds', MetricType.HISTOGRAM, MetricsSource.MODEL,
    ['model_name'], 'python/kserve/kserve/metrics.py (v0.13.1, v0.20.0)');
  /** Seconds spent in `postprocess` (label `model_name`). */
  public static readonly REQUEST_POSTPROCESS_SECONDS = new KServeMetric('request_postprocess_seconds', MetricType.HISTOGRAM, MetricsSource.MODEL,
    ['model_name'], 'python/kserve/kserve/metrics.py (v0.13.1, v0.20.0)');
  /** Seconds spent in `explain` (label `model_name`). */
  public static readonly REQUEST_EXPLAIN_SECONDS = new KServeMetric('request_explain_seconds', MetricType.HISTOGRAM, MetricsSource.MODEL,
    ['model_name'], 'python/kserve/kserve/metrics.py (v0.13.1, v0.20.0)');
  /** Requests through the queue-proxy (labels `response_code`, `response_code_class`, `service_name`...). */
  public static readonly REVISION_REQUEST_COUNT = new KServeMetric('revision_request_count', MetricType.COUNTER, MetricsSource.QUEUE_PROXY,
    ['response_code', 'response_code_class', 'service_name', 'revision_name', 'namespace_name'],
    'knative.dev/serving pkg/queue/request_metric.go (Knative <= v1.18 names)');
  /** Request latency through the queue-proxy, in milliseconds. */
  public static readonly REVISION_REQUEST_LATENCIES = new KServeMetric('revision_request_latencies', MetricType.HISTOGRAM, MetricsSource.QUEUE_PROXY,
    ['response_code', 'response_code_class', 'service_name', 'revision_name', 'namespace_name'],
    'knative.dev/serving pkg/queue/request_metric.go (Knative <= v1.18 names)');
  /** Requests that reached the model container. */
  public static readonly REVISION_APP_REQUEST_COUNT = new KServeMetric('revision_app_request_count', MetricType.COUNTER, MetricsSource.QUEUE_PROXY,
    ['response_code', 'response_code_class', 'service_name', 'revision_name', 'namespace_name'],
    'knative.dev/serving pkg/queue/request_metric.go (Knative <= v1.18 names)');
  /** Latency of requests to the model container, in milliseconds. */
  public static readonly REVISION_APP_REQUEST_LATENCIES = new KServeMetric('revision_app_request_latencies', MetricType.HISTOGRAM, MetricsSource.QUEUE_PROXY,
    ['response_code', 'response_code_class', 'service_name', 'revision_name', 'namespace_name'],
    'knative.dev/serving pkg/queue/request_metric.go (Knative <= v1.18 names)');
  /** Requests waiting in the queue-proxy. */
  public static readonly REVISION_QUEUE_DEPTH = new KServeMetric('revision_queue_depth', MetricType.GAUGE, MetricsSource.QUEUE_PROXY,
    ['service_name', 'revision_name', 'namespace_name'], 'knative.dev/serving pkg/queue/request_metric.go (Knative <= v1.18 names)');

  /**
   * Knative >= 1.19 (OpenTelemetry; 1.19.8+, 1.20.1+, 1.21+): seconds spent in requests that reached the model
   * container, label `http_response_status_code`; its `_count` counts those requests. Served on port 9091 only
   * with `request-metrics-protocol: prometheus` (see KnativeMetrics).
   */
  public static readonly KN_SERVING_INVOCATION_DURATION_SECONDS = new KServeMetric('kn_serving_invocation_duration_seconds',
    MetricType.HISTOGRAM, MetricsSource.QUEUE_PROXY, ['http_response_status_code'], KNATIVE_OTEL_SOURCE);
  /** Knative >= 1.19 (OpenTelemetry; 1.19.8+, 1.20.1+, 1.21+): requests waiting in the queue-proxy. */
  public static readonly KN_SERVING_QUEUE_DEPTH = new KServeMetric('kn_serving_queue_depth', MetricType.GAUGE, MetricsSource.QUEUE_PROXY,
    [], KNATIVE_OTEL_SOURCE);
  /** Knative 1.19.0-1.19.7 and 1.20.0 (OpenTelemetry): the earlier name of `kn_serving_invocation_duration_seconds`. */
  public static readonly KN_QUEUEPROXY_APP_DURATION_SECONDS = new KServeMetric('kn_queueproxy_app_duration_seconds',
    MetricType.HISTOGRAM, MetricsSource.QUEUE_PROXY, ['http_response_status_code'], KNATIVE_OTEL_SOURCE);
  /** Knative 1.19.0-1.19.7 and 1.20.0 (OpenTelemetry): the earlier name of `kn_serving_queue_depth`. */
  public static readonly KN_QUEUEPROXY_DEPTH = new KServeMetric('kn_queueproxy_depth', MetricType.GAUGE, MetricsSource.QUEUE_PROXY,
    [], KNATIVE_OTEL_SOURCE);

  /**
   * Every metric in the catalog.
   *
   * @example
   * // Keep only the model servers' own metrics when scraping them.
   * const modelMetrics = KServeMetric.all().filter(metric => metric.source === MetricsSource.MODEL).map(metric => metric.name);
   * const iris = new InferenceService(chart, 'sklearn-iris', {
   *   predictor: { model: Model.sklearn(StorageUri.gcs('kfserving-examples', 'models/sklearn/1.0/model')) },
   * });
   * const monitor = new PodMonitor(chart, 'iris-model', { target: iris, source: MetricsSource.MODEL });
   * monitor.apiObject.addJsonPatch(JsonPatch.add('/spec/podMetricsEndpoints/0/metricRelabelings', [
   *   { sourceLabels: ['__name__'], regex: `(${modelMetrics.join('|')})(_bucket|_count|_sum)`, action: 'keep' },
   * ]));
   */
  public static all(): KServeMetric[] {
    return [
      KServeMetric.REQUEST_PREDICT_SECONDS, KServeMetric.REQUEST_PREPROCESS_SECONDS, KServeMetric.REQUEST_POSTPROCESS_SECONDS,
      KServeMetric.REQUEST_EXPLAIN_SECONDS, KServeMetric.REVISION_REQUEST_COUNT, KServeMetric.REVISION_REQUEST_LATENCIES,
      KServeMetric.REVISION_APP_REQUEST_COUNT, KServeMetric.REVISION_APP_REQUEST_LATENCIES, KServeMetric.REVISION_QUEUE_DEPTH,
      KServeMetric.KN_SERVING_INVOCATION_DURATION_SECONDS, KServeMetric.KN_SERVING_QUEUE_DEPTH,
      KServeMetric.KN_QUEUEPROXY_APP_DURATION_SECONDS, KServeMetric.KN_QUEUEPROXY_DEPTH,
    ];
  }

  /**
   * Looks a metric up by name (a histogram's `_bucket` / `_count` / `_sum` series count as the
   * histogram).
   * @throws with the real names when the metric is not exported (e.g. `kserve_predictor_latency`): no construct takes
   * a metric, so the lookup itself is where the mistake shows (the message has the `field: problem` shape of synth errors)
   *
   * @example
   * // Check the metric of a query taken from elsewhere: an invented name (kserve_predictor_latency) throws here.
   * const predictions = KServeMetric.named('request_predict_seconds_count'); // KServeMetric.REQUEST_PREDICT_SECONDS
   * new ApiObject(chart, 'prediction-rate-rules', {
   *   apiVersion: 'monitoring.coreos.com/v1',
   *   kind: 'PrometheusRule',
   *   spec: { groups: [{ name: 'kserve-ml', rules: [{
   *     record: 'model_name:predictions:rate5m',
   *     expr: `sum by (model_name) (rate(${predictions.series(SeriesSuffix.COUNT)}{namespace="ml"}[5m]))`,
   *   }] }] },
   * });
   */
  // Our own safety rule: only names the serving stack exports (python/kserve/kserve/metrics.py, Knative's
  // pkg/queue/request_metric.go), so a query on an invented name such as kserve_predictor_latency fails at synth.
  public static named(name: string): KServeMetric {
    const base = name.replace(/_(bucket|count|sum|created)$/, '');
    const found = KServeMetric.all().find(m => m.name === name || (m.type === MetricType.HISTOGRAM && m.name === base));
    if (!found) {
      throw new Error(`KServeMetric.named(name): '${name}' is not a metric KServe's serving stack exports (there are no kserve_predictor_* metrics). `
        + `Known: ${KServeMetric.all().map(m => m.name).join(', ')}`);
    }
    return found;
  }

  private constructor(
    /** The metric name (for histograms, without the `_bucket` / `_count` / `_sum` suffix). */
    public readonly name: string,
    /** The Prometheus type. */
    public readonly type: MetricType,
    /** Where it is served from. */
    public readonly source: MetricsSource,
    /** Labels the exporter sets. */
    public readonly labels: string[],
    /** The source file that defines it. */
    public readonly definedIn: string,
  ) {}

  /** A series of this metric (`_bucket`, `_count`, `_sum` for histograms). */
  public series(suffix: SeriesSuffix = SeriesSuffix.NONE): string {
    return `${this.name}${suffix}`;
  }
}

// JavaScript callers get the checks the compiler gives TypeScript callers (private/shape.ts).
guardMethods(KServeMetric);
