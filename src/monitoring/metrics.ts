/** Where a metric is served from. */
export enum MetricsSource {
  /**
   * The model server's own `/metrics` (KServe's Python servers: the `request_*_seconds` histograms)
   * on its HTTP port.
   */
  MODEL = 'model',
  /** Knative's queue-proxy sidecar (`revision_*` request metrics, port `http-usermetric` 9091). Knative mode only. */
  QUEUE_PROXY = 'queue-proxy',
  /**
   * KServe's qpext aggregation of model and queue-proxy metrics (port `aggr-metric` 9088). Knative mode
   * only; needs `metrics: { aggregation: true }` and the qpext queue-sidecar image.
   */
  AGGREGATED = 'aggregated',
}

/** The Prometheus type of a metric. */
export enum MetricType {
  /** A histogram: `_bucket`, `_count` and `_sum` series. */
  HISTOGRAM = 'histogram',
  /** A monotonically increasing counter. */
  COUNTER = 'counter',
  /** A value that goes up and down. */
  GAUGE = 'gauge',
}

/** Which series of a metric to read: a histogram has `_bucket`, `_count` and `_sum` series. */
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

/**
 * A metric KServe's serving stack really exports, with where it comes from.
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

  /** Every metric in the catalog. */
  public static all(): KServeMetric[] {
    return [
      KServeMetric.REQUEST_PREDICT_SECONDS, KServeMetric.REQUEST_PREPROCESS_SECONDS, KServeMetric.REQUEST_POSTPROCESS_SECONDS,
      KServeMetric.REQUEST_EXPLAIN_SECONDS, KServeMetric.REVISION_REQUEST_COUNT, KServeMetric.REVISION_REQUEST_LATENCIES,
      KServeMetric.REVISION_APP_REQUEST_COUNT, KServeMetric.REVISION_APP_REQUEST_LATENCIES, KServeMetric.REVISION_QUEUE_DEPTH,
    ];
  }

  /**
   * Looks a metric up by name (a histogram's `_bucket` / `_count` / `_sum` series count as the
   * histogram).
   * @throws with the real names when the metric is not exported (e.g. `kserve_predictor_latency`)
   */
  public static named(name: string): KServeMetric {
    const base = name.replace(/_(bucket|count|sum|created)$/, '');
    const found = KServeMetric.all().find(m => m.name === name || (m.type === MetricType.HISTOGRAM && m.name === base));
    if (!found) {
      throw new Error(`'${name}' is not a metric KServe's serving stack exports (there are no kserve_predictor_* metrics). `
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
