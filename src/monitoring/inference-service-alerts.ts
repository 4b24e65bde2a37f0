import { ApiObject, Duration } from 'cdk8s';
import { Construct } from 'constructs';
import { ComponentType } from '../component';
import { InferenceService } from '../inference-service';
import { KServeMetric, MetricsSource, SeriesSuffix } from './metrics';
import { promDuration, scrapedSources } from './monitor-base';
import { emit } from '../private/emit';
import { prometheusRule } from '../private/l1-runtime.generated';
import { checkProps, guardMethods } from '../private/shape';
import { shown } from '../private/shown';
import { addValidationOnce, DNS1123_SUBDOMAIN_NAME, durationAmount, durationErrors, notANumberError, validateLabels } from '../private/validation';
import { describeModelServer, exportsKServeModelMetrics, runtimeFor } from '../runtimes/runtime-selection';
import { ServingRuntimeBase } from '../runtimes/serving-runtime-base';

/**
 * A latency alert on the model server's `request_predict_seconds` histogram.
 * @category Monitoring
 */
export interface LatencyAlert {
  /** Fire when the percentile exceeds this latency. */
  readonly threshold: Duration;

  /**
   * The percentile, between 0 and 1.
   * @default 0.99
   */
  readonly percentile?: number;

  /**
   * How long the condition must hold before the alert fires (the rule's Prometheus `for`).
   * @default Duration.minutes(5)
   */
  readonly pendingFor?: Duration;
}

/**
 * An error-ratio alert on Knative's queue-proxy request counter (5xx / all). Knative mode only, and the
 * queue-proxy must serve its metrics (`metrics.knative` on the InferenceService).
 * @category Monitoring
 */
export interface ErrorRatioAlert {
  /** Fire when the share of 5xx responses exceeds this ratio (0-1). */
  readonly threshold: number;

  /**
   * How long the condition must hold before the alert fires (the rule's Prometheus `for`).
   * @default Duration.minutes(5)
   */
  readonly pendingFor?: Duration;
}

/**
 * A no-traffic alert: no predictions served for a while.
 * @category Monitoring
 */
export interface NoTrafficAlert {
  /**
   * How long without predictions before it fires (the rule's Prometheus `for`).
   * @default Duration.minutes(15)
   */
  readonly pendingFor?: Duration;
}

/**
 * Props of InferenceServiceAlerts.
 * @category Monitoring
 */
export interface InferenceServiceAlertsProps {
  /** The InferenceService the alerts watch. */
  readonly target: InferenceService;

  /**
   * Alert on prediction latency (model server metrics; scrape them with a monitor of source MODEL or AGGREGATED).
   * @default - no latency alert
   */
  readonly latency?: LatencyAlert;

  /**
   * Alert on the share of failed requests (queue-proxy metrics; Knative mode).
   * @default - no error-ratio alert
   */
  readonly errorRatio?: ErrorRatioAlert;

  /**
   * Alert when no predictions are served (model server metrics).
   * @default - no no-traffic alert
   */
  readonly noTraffic?: NoTrafficAlert;

  /**
   * The `severity` label of the alerts, the value your Alertmanager routes match (e.g. `warning`,
   * `critical`, `page`). Any non-empty text: Prometheus drops a label whose value is empty.
   * @default 'warning'
   */
  readonly severity?: string;

  /**
   * Name of the PrometheusRule (a DNS-1123 subdomain).
   * @default - `<service>-alerts`
   */
  readonly name?: string;

  /**
   * Kubernetes labels on the PrometheusRule object (e.g. the `release` label your Prometheus selects rules
   * by); they are not added to the alerts.
   * @default - none
   */
  readonly labels?: Record<string, string>;
}

/** The highest finite bucket bound of request_predict_seconds: prometheus_client's DEFAULT_BUCKETS end at 10.0, then +Inf. */
const PREDICT_SECONDS_TOP_BUCKET = 10;

interface Rule {
  readonly alert: string;
  readonly expr: string;
  /** The metrics `expr` reads, in order. */
  readonly metrics: KServeMetric[];
  readonly pendingFor: Duration;
  readonly summary: string;
  readonly needs: MetricsSource;
}

/**
 * Prometheus alerts for an InferenceService (a prometheus-operator PrometheusRule), built only from
 * metrics KServe's serving stack really exports (`KServeMetric`): latency percentiles from the model
 * server's `request_predict_seconds` histogram, the 5xx ratio from Knative's queue-proxy request counter
 * (`revision_request_count`, or on Knative >= 1.19 `kn_serving_invocation_duration_seconds_count`: see
 * `metrics.knative` on the InferenceService),
 * and no traffic. Each alert carries a runbook with the kubectl commands for this service. Synth
 * fails when an alert's metrics are not scraped by a ServiceMonitor or PodMonitor in the app, or do
 * not exist in the service's mode.
 *
 * Escape hatch: `apiObject` (also `ApiObject.of(alerts)`); JSON patches apply last and reach the YAML unchanged.
 *
 * @example
 * const iris = new InferenceService(chart, 'sklearn-iris', { predictor: { model: Model.sklearn(StorageUri.gcs('kfserving-examples', 'models/sklearn/1.0/model')), minReplicas: 1 } });
 * new PodMonitor(chart, 'iris-model', { target: iris, source: MetricsSource.MODEL });
 * new InferenceServiceAlerts(chart, 'iris-alerts', {
 *   target: iris,
 *   latency: { threshold: Duration.millis(500), percentile: 0.95 },
 *   noTraffic: { pendingFor: Duration.minutes(30) },
 *   severity: 'critical',
 *   labels: { release: 'kube-prometheus-stack' },
 * });
 * @category Monitoring
 */
export class InferenceServiceAlerts extends Construct {
  /** Escape hatch: the PrometheusRule object; patches reach the YAML as written. */
  public readonly apiObject: ApiObject;
  /** The alert names, in order. */
  public readonly alertNames: string[];

  private readonly props: InferenceServiceAlertsProps;
  private readonly rules: Rule[];

  constructor(scope: Construct, id: string, props: InferenceServiceAlertsProps) {
    super(scope, id);
    props = checkProps(this, 'InferenceServiceAlerts', props);
    this.props = props;
    this.rules = this.buildRules();
    this.alertNames = this.rules.map(r => r.alert);
    const svc = props.target;
    this.apiObject = emit(this, 'Resource', prometheusRule.PrometheusRule, prometheusRule.toJson_PrometheusRuleProps, {
      metadata: { name: props.name ?? `${svc.name}-alerts`, namespace: svc.namespace, labels: props.labels },
      spec: {
        groups: [{
          name: `kserve.${svc.namespace}.${svc.name}`,
          rules: this.rules.map(rule => ({
            alert: rule.alert,
            expr: prometheusRule.PrometheusRuleSpecGroupsRulesExpr.fromString(rule.expr),
            for: promDuration(rule.pendingFor),
            labels: { severity: props.severity ?? 'warning' },
            annotations: { summary: rule.summary, runbook: this.runbook() },
          })),
        }],
      },
    });
    addValidationOnce(this, () => this.validate());
  }

  /** Every metric the alert expressions use. */
  public get metrics(): KServeMetric[] {
    return [...new Set(this.rules.flatMap(r => r.metrics))];
  }

  private buildRules(): Rule[] {
    const { target: svc, latency, errorRatio, noTraffic } = this.props;
    const alertPrefix = `KServe${pascal(svc.name)}`;
    const model = `namespace="${svc.namespace}", model_name="${svc.name}"`;
    const predict = KServeMetric.REQUEST_PREDICT_SECONDS;
    const rules: Rule[] = [];
    if (latency) {
      const p = latency.percentile ?? 0.99;
      const seconds = durationAmount(latency.threshold);
      rules.push({
        alert: `${alertPrefix}HighLatency`,
        expr: `histogram_quantile(${p}, sum by (le) (rate(${predict.series(SeriesSuffix.BUCKET)}{${model}}[5m]))) > ${seconds}`,
        metrics: [predict],
        pendingFor: latency.pendingFor ?? Duration.minutes(5),
        summary: `p${round(p * 100)} predict latency of ${svc.namespace}/${svc.name} is above ${seconds}s`,
        needs: MetricsSource.MODEL,
      });
    }
    if (errorRatio) {
      const requests = svc.knativeMetrics._requestSeries(svc.namespace, svc.componentName(ComponentType.PREDICTOR));
      rules.push({
        alert: `${alertPrefix}HighErrorRatio`,
        expr: `sum(rate(${requests.errors}[5m])) / sum(rate(${requests.all}[5m])) > ${errorRatio.threshold}`,
        metrics: [requests.metric],
        pendingFor: errorRatio.pendingFor ?? Duration.minutes(5),
        summary: `more than ${round(errorRatio.threshold * 100)}% of requests to ${svc.namespace}/${svc.name} fail with 5xx`,
        needs: MetricsSource.QUEUE_PROXY,
      });
    }
    if (noTraffic) {
      rules.push({
        alert: `${alertPrefix}NoTraffic`,
        expr: `(sum(rate(${predict.series(SeriesSuffix.COUNT)}{${model}}[5m])) or vector(0)) == 0`,
        metrics: [predict],
        pendingFor: noTraffic.pendingFor ?? Duration.minutes(15),
        summary: `${svc.namespace}/${svc.name} served no predictions`,
        needs: MetricsSource.MODEL,
      });
    }
    return rules;
  }

  private runbook(): string {
    const svc = this.props.target;
    const ns = `-n ${svc.namespace}`;
    const selector = Object.entries(svc.selectorLabels(ComponentType.PREDICTOR)).map(([k, v]) => `${k}=${v}`).join(',');
    return [
      `kubectl get inferenceservice ${svc.name} ${ns}`,
      `kubectl describe inferenceservice ${svc.name} ${ns}`,
      `kubectl get pods ${ns} -l ${selector}`,
      `kubectl logs ${ns} -l ${selector} -c kserve-container --tail=200`,
      `kubectl get events ${ns} --sort-by=.lastTimestamp`,
    ].join('\n');
  }

  // Our own safety rules: an alert that could never fire (no alert, a percentile outside histogram_quantile's (0, 1),
  // a ratio outside (0, 1), a counter the target does not export: Knative's queue-proxy request_metric.go is the only
  // request counter, python/kserve/kserve/metrics.py exports histograms only).
  private validate(): string[] {
    const errors: string[] = [...this.props.target._unknownNamespaceErrors('this PrometheusRule')];
    const { target: svc, latency, errorRatio, noTraffic } = this.props;
    if (!latency && !errorRatio && !noTraffic) {
      errors.push('no alert configured: give latency, errorRatio or noTraffic');
    }
    if (latency) {
      const p = latency.percentile ?? 0.99;
      const wrongType = notANumberError(p, 'latency.percentile');
      if (wrongType) errors.push(wrongType);
      else if (!(p > 0 && p < 1)) errors.push(`latency.percentile (${p}) must be between 0 and 1 (exclusive)`);
      const seconds = durationAmount(latency.threshold);
      if (seconds === undefined) {
        errors.push(...durationErrors(latency.threshold, 'latency.threshold'));
      } else if (!(seconds > 0 && Number.isFinite(seconds))) {
        // PromQL compares with the number as written: Infinity or NaN would never fire.
        errors.push(`latency.threshold (${seconds}s) must be greater than zero${seconds > 0 ? ' and finite' : ''}`);
      } else if (seconds >= PREDICT_SECONDS_TOP_BUCKET) {
        // histogram_quantile answers at most the upper bound of the highest finite bucket (Prometheus' histogram_quantile
        // documentation); request_predict_seconds has prometheus_client's default buckets (python/kserve/kserve/metrics.py
        // gives none, both tags), whose highest finite bound is 10 seconds. A threshold from there up never fires.
        errors.push(`latency.threshold (${seconds}s) can never be exceeded: request_predict_seconds' highest bucket below +Inf is `
          + `${PREDICT_SECONDS_TOP_BUCKET}s (prometheus_client's default buckets), and histogram_quantile returns no more than that; `
          + `give a threshold below ${PREDICT_SECONDS_TOP_BUCKET}s`);
      }
    }
    if (errorRatio) {
      const wrongType = notANumberError(errorRatio.threshold, 'errorRatio.threshold');
      if (wrongType) {
        errors.push(wrongType);
      } else if (!(errorRatio.threshold > 0 && errorRatio.threshold < 1)) {
        errors.push(`errorRatio.threshold (${errorRatio.threshold}) must be a ratio between 0 and 1 (exclusive)`);
      }
      if (!svc.deploymentMode.isKnative) {
        errors.push(`errorRatio needs Knative's queue-proxy request counter; in '${svc.deploymentMode.annotationValue(svc.version)}' mode `
          + "KServe's model servers export no error counter (only request_*_seconds histograms)");
      } else if (!svc.knativeMetrics.servedOnMetricsPort) {
        errors.push(`errorRatio needs Knative's queue-proxy request counter, which is not served with ${svc.knativeMetrics}; set `
          + "'request-metrics-protocol: prometheus' in Knative's config-observability and "
          + "'metrics: { knative: KnativeMetrics.openTelemetry(KnativeMetricsProtocol.PROMETHEUS) }' on the service");
      } else if (svc.knativeMetrics.otelNames !== undefined && `${svc.componentName(ComponentType.PREDICTOR)}-00001-deployment`.length > 63) {
        // Our own rule: Knative hashes child names over 63 characters (kmeta.ChildName), so the pod pattern would match nothing.
        errors.push(`errorRatio selects queue-proxy series by pod name, but the pods of '${svc.componentName(ComponentType.PREDICTOR)}' get `
          + 'hashed names (over 63 characters with -00001-deployment); shorten the service name');
      }
    }
    // At synth every runtime of the app exists: KServe prefers the namespace's ServingRuntimes.
    const runtime = runtimeFor(svc.model, svc.version, svc.namespace, ServingRuntimeBase._inApp(this));
    if ((latency || noTraffic) && !exportsKServeModelMetrics(runtime)) {
      errors.push('latency and noTraffic alerts use request_predict_seconds, which only KServe\'s Python model servers export; '
        + `'${svc.name}' ${describeModelServer(svc.model, svc.version, runtime)}, so the latency alert would never fire and the no-traffic alert would always fire`);
    }
    // Knative and, in Standard mode, KEDA scale to zero (the only ways minReplicas 0 is accepted).
    if (noTraffic && svc.predictorMinReplicas === 0) {
      errors.push('noTraffic: the predictor scales to zero (minReplicas 0), so no traffic is expected and its metrics disappear');
    }
    if (this.props.name !== undefined && !DNS1123_SUBDOMAIN_NAME.test(this.props.name)) {
      errors.push(`name ${shown(this.props.name)} must be a DNS-1123 subdomain (lower case alphanumerics, '-' and '.', at most 253 characters)`);
    }
    errors.push(...validateLabels(this.props.labels, 'labels'));
    if (this.props.severity !== undefined && this.props.severity.trim() === '') {
      errors.push(`severity ${shown(this.props.severity)} must not be empty: Prometheus drops a label with an empty value, `
        + 'so the alerts would carry no severity for Alertmanager to route on');
    }
    // The rule's `for` is a Prometheus duration: whole seconds here, within a Go duration (durationErrors).
    for (const rule of this.rules) {
      errors.push(...durationErrors(rule.pendingFor, `${rule.alert}: 'pendingFor'`, { min: 0 }));
    }
    // An alert over metrics nobody scrapes never fires: require a monitor for each source used.
    const scraped = scrapedSources(svc);
    for (const needed of new Set(this.rules.map(r => r.needs))) {
      if (!scraped.has(needed)) {
        const alerts = this.rules.filter(r => r.needs === needed).map(r => r.alert).join(', ');
        errors.push(`${alerts} use ${needed} metrics of '${svc.name}', but no ServiceMonitor or PodMonitor in the app scrapes them; `
          + `add one with source MetricsSource.${needed === MetricsSource.MODEL ? 'MODEL' : 'QUEUE_PROXY'} (or AGGREGATED)`);
      }
    }
    return errors;
  }
}

/** A percentage without floating-point noise (`7`, not `7.000000000000001`). */
function round(value: number): number {
  return Number(value.toPrecision(12));
}

function pascal(name: string): string {
  return name.split('-').map(part => part.charAt(0).toUpperCase() + part.slice(1)).join('');
}

// JavaScript callers get the checks the compiler gives TypeScript callers (private/shape.ts).
guardMethods(InferenceServiceAlerts);
