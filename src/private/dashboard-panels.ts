import { exactly, Panel, PanelQuery } from './grafana';
import { ComponentType } from '../component';
import type { InferenceService } from '../inference-service';
import { KnativeMetrics } from '../monitoring/knative-metrics';
import { KServeMetric, MetricsSource, SeriesSuffix } from '../monitoring/metrics';
import { scrapedSources } from '../monitoring/monitor-base';
import { exportsKServeModelMetrics, runtimeFor } from '../runtimes/runtime-selection';
import { ServingRuntimeBase } from '../runtimes/serving-runtime-base';

// The panels of the dashboards: only metrics of the catalog (KServeMetric) that the app's monitors scrape and the
// service's server exports, the same rules the alerts follow.

const QUANTILES = [0.5, 0.95, 0.99];
const PREDICT = KServeMetric.REQUEST_PREDICT_SECONDS;

/** What can be charted of a service: whether its model metrics are, and its queue-proxy metrics' names when they are. */
export interface Chartable {
  readonly model: boolean;
  readonly queue: KnativeMetrics | undefined;
}

/**
 * What the app's monitors scrape of the service that its servers export: `request_*_seconds` only from KServe's
 * Python model servers (python/kserve/kserve/metrics.py), the queue-proxy's only in Knative mode when served on 9091.
 */
export function chartable(service: InferenceService): Chartable {
  const scraped = scrapedSources(service);
  const runtime = runtimeFor(service.model, service.version, service.namespace, ServingRuntimeBase._inApp(service));
  const queue = scraped.has(MetricsSource.QUEUE_PROXY) && service.deploymentMode.isKnative && service.knativeMetrics.servedOnMetricsPort;
  return { model: scraped.has(MetricsSource.MODEL) && exportsKServeModelMetrics(runtime), queue: queue ? service.knativeMetrics : undefined };
}

const quantiles = (buckets: string, by: string, legend: string, metric: KServeMetric): PanelQuery[] => QUANTILES.map(q => ({
  expr: `histogram_quantile(${q}, sum by (${by}) (rate(${buckets}[5m])))`,
  legend: `p${q * 100}${legend}`,
  metrics: [metric],
}));

/** The panels of one service's dashboard. */
export function servicePanels(service: InferenceService, can: Chartable): Panel[] {
  const panels: Panel[] = [];
  const model = `{namespace="${service.namespace}", model_name="${service.name}"}`;
  if (can.model) {
    panels.push({
      title: 'Predictions per second',
      description: 'Calls of the model\'s predict, from the model server\'s request_predict_seconds histogram.',
      unit: 'reqps',
      queries: [{ expr: `sum(rate(${PREDICT.series(SeriesSuffix.COUNT)}${model}[5m]))`, legend: 'predict', metrics: [PREDICT] }],
    }, {
      title: 'Predict latency',
      description: 'Time in the model\'s predict (request_predict_seconds).',
      unit: 's',
      queries: quantiles(`${PREDICT.series(SeriesSuffix.BUCKET)}${model}`, 'le', '', PREDICT),
    });
  }
  if (can.queue) {
    const ksvc = service.componentName(ComponentType.PREDICTOR);
    const requests = can.queue._requestSeries(service.namespace, ksvc);
    const latency = can.queue._latencySeries(service.namespace, ksvc);
    const depth = can.queue._queueDepthSeries(service.namespace, ksvc);
    panels.push({
      title: 'Requests per second',
      description: 'Requests through Knative\'s queue-proxy, all and 5xx.',
      unit: 'reqps',
      queries: [
        { expr: `sum(rate(${requests.all}[5m]))`, legend: 'all', metrics: [requests.metric] },
        { expr: `sum(rate(${requests.errors}[5m]))`, legend: '5xx', metrics: [requests.metric] },
      ],
    }, {
      title: 'Error ratio (5xx)',
      description: 'Share of requests answered with 5xx, from Knative\'s queue-proxy.',
      unit: 'percentunit',
      queries: [{ expr: `sum(rate(${requests.errors}[5m])) / sum(rate(${requests.all}[5m]))`, legend: '5xx', metrics: [requests.metric] }],
    }, {
      title: 'Request latency',
      description: 'Latency of requests through Knative\'s queue-proxy.',
      unit: latency.unit,
      queries: quantiles(latency.buckets, 'le', '', latency.metric),
    }, {
      title: 'Queue depth',
      description: 'Requests waiting in the queue-proxies.',
      unit: 'short',
      queries: [{ expr: `sum(${depth.expr})`, legend: 'waiting', metrics: [depth.metric] }],
    });
  }
  return panels;
}

/** The fleet's panels: one query per group of services that share the metric names, selecting exactly them. */
export function fleetPanels(services: Array<{ service: InferenceService; can: Chartable }>): Panel[] {
  const panels: Panel[] = [];
  const modelled = services.filter(s => s.can.model).map(s => s.service);
  if (modelled.length > 0) {
    const selector = `{namespace=~"${exactly(modelled.map(s => s.namespace))}", model_name=~"${exactly(modelled.map(s => s.name))}"}`;
    panels.push({
      title: 'Predictions per second by model',
      description: 'Calls of each model\'s predict (request_predict_seconds).',
      unit: 'reqps',
      queries: [{
        expr: `sum by (namespace, model_name) (rate(${PREDICT.series(SeriesSuffix.COUNT)}${selector}[5m]))`,
        legend: '{{namespace}}/{{model_name}}',
        metrics: [PREDICT],
      }],
    }, {
      title: 'p95 predict latency by model',
      description: 'The 95th percentile of time in each model\'s predict (request_predict_seconds).',
      unit: 's',
      queries: [{
        expr: `histogram_quantile(0.95, sum by (namespace, model_name, le) (rate(${PREDICT.series(SeriesSuffix.BUCKET)}${selector}[5m])))`,
        legend: '{{namespace}}/{{model_name}}',
        metrics: [PREDICT],
      }],
    });
  }
  // One query per Knative naming, since OpenCensus and OpenTelemetry series carry different labels.
  const groups = new Map<string, { names: KnativeMetrics; services: InferenceService[] }>();
  for (const { service, can } of services) {
    if (!can.queue) continue;
    const group = groups.get(String(can.queue)) ?? { names: can.queue, services: [] };
    group.services.push(service);
    groups.set(String(can.queue), group);
  }
  if (groups.size > 0) {
    const rates = [...groups.values()].map(g => fleetRequestRates(g.names, g.services));
    panels.push({
      title: 'Requests per second by service',
      description: 'Requests through Knative\'s queue-proxy, per predictor.',
      unit: 'reqps',
      queries: rates.map(r => ({ expr: r.all, legend: r.legend, metrics: [r.metric] })),
    }, {
      title: 'Error ratio (5xx) by service',
      description: 'Share of requests answered with 5xx, per predictor.',
      unit: 'percentunit',
      queries: rates.map(r => ({ expr: `${r.errors} / ${r.all}`, legend: r.legend, metrics: [r.metric] })),
    });
  }
  return panels;
}

/** Per-predictor request rates of services sharing Knative's metric names, as `_requestSeries` selects one. */
function fleetRequestRates(names: KnativeMetrics, services: InferenceService[]):
{ all: string; errors: string; legend: string; metric: KServeMetric } {
  const namespaces = exactly(services.map(s => s.namespace));
  const ksvcs = exactly(services.map(s => s.componentName(ComponentType.PREDICTOR)));
  const metric = names._requestMetric;
  if (names.otelNames === undefined) {
    const labels = `namespace_name=~"${namespaces}", service_name=~"${ksvcs}"`;
    const by = 'sum by (namespace_name, service_name)';
    return {
      all: `${by} (rate(${metric.series()}{${labels}}[5m]))`,
      errors: `${by} (rate(${metric.series()}{${labels}, response_code_class="5xx"}[5m]))`,
      legend: '{{namespace_name}}/{{service_name}}',
      metric,
    };
  }
  // OpenTelemetry series name the pod only: the predictor is the pod name before Knative's `-<5 digits>-deployment-`.
  const count = metric.series(SeriesSuffix.COUNT);
  const labels = `namespace=~"${namespaces}", pod=~"(${ksvcs})-[0-9]+-deployment-.+"`;
  const perService = (extra: string) =>
    `sum by (namespace, service) (label_replace(rate(${count}{${labels}${extra}}[5m]), "service", "$1", "pod", "(.+)-[0-9]+-deployment-.+"))`;
  return { all: perService(''), errors: perService(', http_response_status_code=~"5.."'), legend: '{{namespace}}/{{service}}', metric };
}
