import { KServeVersion } from '../kserve-version';
import { KServeMetric, SeriesSuffix } from './metrics';
import { guardMethods } from '../private/shape';

/**
 * Where Knative >= 1.19's queue-proxy sends its request metrics: `config-observability`'s
 * `request-metrics-protocol` (knative.dev/pkg observability/metrics/config.go: `none`, `prometheus`,
 * `http/protobuf`, `grpc`; the default is `none`).
 * @category Monitoring
 */
export enum KnativeMetricsProtocol {
  /** Served for Prometheus on the queue-proxy's `http-usermetric` port (9091). */
  PROMETHEUS = 'prometheus',
  /** Not exported at all: Knative's default from 1.19 on. */
  NONE = 'none',
  /** Pushed to an OpenTelemetry collector over OTLP/HTTP (`request-metrics-endpoint`); nothing on port 9091. */
  OTLP_HTTP = 'http/protobuf',
  /** Pushed to an OpenTelemetry collector over OTLP/gRPC (`request-metrics-endpoint`); nothing on port 9091. */
  OTLP_GRPC = 'grpc',
}

/**
 * The OpenTelemetry metric names of a Knative >= 1.19 queue-proxy (knative.dev/serving pkg/queue/request_metric.go).
 * @category Monitoring
 */
export enum KnativeOtelMetricNames {
  /** Knative 1.19.8 and later 1.19 patches, 1.20.1 and later, 1.21: `kn.serving.invocation.duration`, `kn.serving.queue.depth`. */
  KN_SERVING = 'kn.serving',
  /** Knative 1.19.0 to 1.19.7 and 1.20.0: `kn.queueproxy.app.duration`, `kn.queueproxy.depth` (renamed by knative/serving#16290). */
  KN_QUEUEPROXY = 'kn.queueproxy',
}

/** The series an error-ratio alert divides: all requests of one predictor, and those answered with a 5xx. */
export interface RequestSeries {
  /** The counter the series read. */
  readonly metric: KServeMetric;
  /** PromQL for all requests of the predictor. */
  readonly all: string;
  /** PromQL for its 5xx responses. */
  readonly errors: string;
}

/**
 * What Knative's queue-proxy exports on its `http-usermetric` port (9091), which depends on the cluster's
 * Knative Serving version and `config-observability`: queue-proxy monitors, the `QUEUE_PROXY` metrics and the
 * error-ratio alert follow it, and synth fails when queue-proxy metrics are asked for but nothing is served.
 *
 * - Knative 1.12 to 1.18 (the quick installs of KServe v0.13 to v0.16 have 1.13.1 or 1.15.2): `KnativeMetrics.OPENCENSUS`, the
 *   `revision_*` names, served by default.
 * - Knative 1.19 and later (KServe v0.17 to v0.20 install 1.21.1): `KnativeMetrics.openTelemetry(protocol)`,
 *   the `kn_serving_*` names, served only when `config-observability` sets `request-metrics-protocol: prometheus`.
 *
 * @example
 * // The cluster's Knative 1.21 sets `request-metrics-protocol: prometheus` in config-observability.
 * const iris = new InferenceService(chart, 'sklearn-iris', {
 *   predictor: { model: Model.sklearn(StorageUri.gcs('kfserving-examples', 'models/sklearn/1.0/model')) },
 *   metrics: { knative: KnativeMetrics.openTelemetry(KnativeMetricsProtocol.PROMETHEUS) },
 * });
 * new ServiceMonitor(chart, 'iris-requests', { target: iris, source: MetricsSource.QUEUE_PROXY });
 * @category Monitoring
 */
export class KnativeMetrics {
  /**
   * Knative Serving 1.12 to 1.18: OpenCensus names `revision_request_count`, `revision_request_latencies`,
   * `revision_app_request_*`, `revision_queue_depth` with labels `namespace_name`, `service_name`,
   * `response_code_class` (knative.dev/serving pkg/queue/request_metric.go at knative-v1.18.0, v0.39.3),
   * served on port 9091 by default.
   */
  public static readonly OPENCENSUS = new KnativeMetrics(undefined, KnativeMetricsProtocol.PROMETHEUS);

  /**
   * Knative Serving 1.19 and later: OpenTelemetry instruments, exported as `request-metrics-protocol` says.
   * @param protocol the cluster's `request-metrics-protocol` in `config-observability` (namespace `knative-serving`)
   * @param names which OpenTelemetry names the cluster's Knative patch release uses
   *
   * @example
   * // Knative 1.20.0 (the earlier kn.queueproxy names), serving its request metrics for Prometheus.
   * const knative = KnativeMetrics.openTelemetry(KnativeMetricsProtocol.PROMETHEUS, KnativeOtelMetricNames.KN_QUEUEPROXY);
   * const iris = new InferenceService(chart, 'sklearn-iris', {
   *   predictor: { model: Model.sklearn(StorageUri.gcs('kfserving-examples', 'models/sklearn/1.0/model')) },
   *   metrics: { knative },
   * });
   * new ServiceMonitor(chart, 'iris-requests', { target: iris, source: MetricsSource.QUEUE_PROXY });
   * new InferenceServiceAlerts(chart, 'iris-alerts', { target: iris, errorRatio: { threshold: 0.05 } });
   */
  public static openTelemetry(protocol: KnativeMetricsProtocol, names: KnativeOtelMetricNames = KnativeOtelMetricNames.KN_SERVING): KnativeMetrics {
    return new KnativeMetrics(names, protocol);
  }

  /**
   * What the Knative that the release's quick install pins exports with its default configuration:
   * `OPENCENSUS` for KServe v0.13 to v0.16 (Knative 1.13.1 or 1.15.2), `openTelemetry(KnativeMetricsProtocol.NONE)`
   * from KServe v0.17 (Knative 1.21.1, whose default protocol is `none`).
   *
   * @example
   * // A KServe v0.13 cluster from the quick install (Knative 1.13): revision_* names, served on port 9091.
   * const iris = new InferenceService(chart, 'sklearn-iris', {
   *   version: KServeVersion.V0_13,
   *   predictor: { model: Model.sklearn(StorageUri.gcs('kfserving-examples', 'models/sklearn/1.0/model')) },
   *   metrics: { knative: KnativeMetrics.defaultFor(KServeVersion.V0_13) },
   * });
   * new ServiceMonitor(chart, 'iris-requests', { target: iris, source: MetricsSource.QUEUE_PROXY });
   */
  public static defaultFor(version: KServeVersion): KnativeMetrics {
    return version._facts.knativeOpenTelemetryMetrics ? KnativeMetrics.openTelemetry(KnativeMetricsProtocol.NONE) : KnativeMetrics.OPENCENSUS;
  }

  private constructor(
    /** The OpenTelemetry names, or undefined for the OpenCensus ones. */
    public readonly otelNames: KnativeOtelMetricNames | undefined,
    /** Where the queue-proxy sends its request metrics. */
    public readonly protocol: KnativeMetricsProtocol,
  ) {}

  /** Whether the queue-proxy serves request metrics on port 9091 for Prometheus to scrape. */
  public get servedOnMetricsPort(): boolean {
    return this.protocol === KnativeMetricsProtocol.PROMETHEUS;
  }

  /** The queue-proxy metrics these names give (served or not). */
  public get metrics(): KServeMetric[] {
    switch (this.otelNames) {
      case undefined:
        return [KServeMetric.REVISION_REQUEST_COUNT, KServeMetric.REVISION_REQUEST_LATENCIES, KServeMetric.REVISION_APP_REQUEST_COUNT,
          KServeMetric.REVISION_APP_REQUEST_LATENCIES, KServeMetric.REVISION_QUEUE_DEPTH];
      case KnativeOtelMetricNames.KN_QUEUEPROXY:
        return [KServeMetric.KN_QUEUEPROXY_APP_DURATION_SECONDS, KServeMetric.KN_QUEUEPROXY_DEPTH];
      default:
        return [KServeMetric.KN_SERVING_INVOCATION_DURATION_SECONDS, KServeMetric.KN_SERVING_QUEUE_DEPTH];
    }
  }

  /** For error messages: `Knative OpenTelemetry metrics (kn.serving names, request-metrics-protocol none)`. */
  public toString(): string {
    return this.otelNames === undefined
      ? 'Knative OpenCensus metrics (revision_* names)'
      : `Knative OpenTelemetry metrics (${this.otelNames} names, request-metrics-protocol ${this.protocol})`;
  }

  /**
   * The request series of one predictor: the ksvc `ksvcName` in `namespace`.
   * @internal
   */
  public _requestSeries(namespace: string, ksvcName: string): RequestSeries {
    const metric = this._requestMetric;
    if (this.otelNames === undefined) {
      // OpenCensus tags namespace_name / service_name / response_code_class (pkg/metrics/key.go, queue request_metric.go ≤ 1.18).
      const labels = `namespace_name="${namespace}", service_name="${ksvcName}"`;
      return { metric, all: `${metric.series()}{${labels}}`, errors: `${metric.series()}{${labels}, response_code_class="5xx"}` };
    }
    // The OTel exporter keeps service and namespace in target_info only (see metrics.ts), so select by the scrape's
    // `namespace` and `pod` labels (prometheus-operator sets both); Knative names revision pods
    // `<ksvc>-<5 digits>-deployment-<hashes>` (knative.dev/serving pkg/reconciler/configuration/resources/revision.go
    // `-%05d`, pkg/reconciler/revision/resources/names/names.go `-deployment`; kmeta.ChildName hashes names over 63
    // characters, which the alerts reject).
    const labels = this.otelLabels(namespace, ksvcName);
    const count = metric.series(SeriesSuffix.COUNT);
    return { metric, all: `${count}{${labels}}`, errors: `${count}{${labels}, http_response_status_code=~"5.."}` };
  }

  /**
   * The metric that counts requests: OpenCensus' counter, or the OpenTelemetry duration histogram, whose `_count`
   * counts the requests and whose only attribute is the status (request_metric.go).
   * @internal
   */
  public get _requestMetric(): KServeMetric {
    if (this.otelNames === undefined) return KServeMetric.REVISION_REQUEST_COUNT;
    return this.otelNames === KnativeOtelMetricNames.KN_QUEUEPROXY
      ? KServeMetric.KN_QUEUEPROXY_APP_DURATION_SECONDS : KServeMetric.KN_SERVING_INVOCATION_DURATION_SECONDS;
  }

  /**
   * The request latency of one predictor: the histogram's buckets, and the unit its values are in (OpenCensus
   * `revision_request_latencies` in milliseconds, the OpenTelemetry durations in seconds; request_metric.go).
   * @internal
   */
  public _latencySeries(namespace: string, ksvcName: string): { metric: KServeMetric; buckets: string; unit: 'ms' | 's' } {
    if (this.otelNames === undefined) {
      const metric = KServeMetric.REVISION_REQUEST_LATENCIES;
      return { metric, buckets: `${metric.series(SeriesSuffix.BUCKET)}{namespace_name="${namespace}", service_name="${ksvcName}"}`, unit: 'ms' };
    }
    const metric = this._requestMetric;
    return { metric, buckets: `${metric.series(SeriesSuffix.BUCKET)}{${this.otelLabels(namespace, ksvcName)}}`, unit: 's' };
  }

  /**
   * The requests waiting in the queue-proxies of one predictor.
   * @internal
   */
  public _queueDepthSeries(namespace: string, ksvcName: string): { metric: KServeMetric; expr: string } {
    if (this.otelNames === undefined) {
      const metric = KServeMetric.REVISION_QUEUE_DEPTH;
      return { metric, expr: `${metric.series()}{namespace_name="${namespace}", service_name="${ksvcName}"}` };
    }
    const metric = this.otelNames === KnativeOtelMetricNames.KN_QUEUEPROXY ? KServeMetric.KN_QUEUEPROXY_DEPTH : KServeMetric.KN_SERVING_QUEUE_DEPTH;
    return { metric, expr: `${metric.series()}{${this.otelLabels(namespace, ksvcName)}}` };
  }

  private otelLabels(namespace: string, ksvcName: string): string {
    return `namespace="${namespace}", pod=~"${ksvcName}-[0-9]+-deployment-.+"`;
  }
}

// JavaScript callers get the checks the compiler gives TypeScript callers (private/shape.ts).
guardMethods(KnativeMetrics);
