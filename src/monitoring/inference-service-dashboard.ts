import { ApiObject, Lazy } from 'cdk8s';
import { Construct } from 'constructs';
import { DashboardOptions } from './dashboard-options';
import { KServeMetric } from './metrics';
import { InferenceService } from '../inference-service';
import { chartable, servicePanels } from '../private/dashboard-panels';
import { dashboardJson, dashboardOptionsErrors, dashboardUid, emitDashboard } from '../private/grafana';
import { checkProps, guardMethods } from '../private/shape';
import { addValidationOnce } from '../private/validation';

/**
 * Props of an InferenceServiceDashboard.
 * @category Monitoring
 */
export interface InferenceServiceDashboardProps extends DashboardOptions {
  /** The InferenceService charted. */
  readonly target: InferenceService;

  /**
   * The dashboard's title.
   * @default - `KServe <namespace>/<name>`
   */
  readonly title?: string;
}

/**
 * A Grafana dashboard of one InferenceService's predictor, as a ConfigMap for Grafana's dashboard sidecar. It charts
 * only metrics of the catalog (`KServeMetric`) that the app's monitors scrape and the service's servers export: the
 * model server's predictions and predict latency (KServe's Python servers, a monitor of source MODEL or AGGREGATED),
 * and Knative's queue-proxy requests, 5xx ratio, latency and queue depth (a monitor of source QUEUE_PROXY or
 * AGGREGATED, in the names `metrics.knative` on the service says). Synth fails when nothing can be charted.
 *
 * Escape hatch: `apiObject`; JSON patches apply last and reach the YAML unchanged.
 *
 * @example
 * const iris = new InferenceService(chart, 'sklearn-iris', {
 *   predictor: { model: Model.sklearn(StorageUri.gcs('kfserving-examples', 'models/sklearn/1.0/model')) },
 *   metrics: { knative: KnativeMetrics.openTelemetry(KnativeMetricsProtocol.PROMETHEUS) },
 * });
 * new PodMonitor(chart, 'iris-model', { target: iris, source: MetricsSource.MODEL });
 * new ServiceMonitor(chart, 'iris-requests', { target: iris, source: MetricsSource.QUEUE_PROXY });
 * // In Grafana's namespace, which kube-prometheus-stack's dashboard sidecar watches.
 * new InferenceServiceDashboard(chart, 'iris-dashboard', { target: iris, namespace: 'monitoring', folder: 'KServe' });
 * @category Monitoring
 */
export class InferenceServiceDashboard extends Construct {
  /** The InferenceService charted. */
  public readonly target: InferenceService;
  /** The ConfigMap's name. */
  public readonly name: string;
  /** The dashboard's Grafana uid (at most 40 characters). */
  public readonly uid: string;
  /** Escape hatch: the ConfigMap. */
  public readonly apiObject: ApiObject;

  private readonly props: InferenceServiceDashboardProps;

  constructor(scope: Construct, id: string, props: InferenceServiceDashboardProps) {
    super(scope, id);
    props = checkProps(this, 'InferenceServiceDashboard', props);
    this.props = props;
    const service = props.target;
    this.target = service;
    this.name = props.name ?? `${service.name}-dashboard`;
    this.uid = dashboardUid(`kserve-${service.namespace}-${service.name}`);
    const title = props.title ?? `KServe ${service.namespace}/${service.name}`;
    // The app's monitors and runtimes are complete only at synth.
    const json = Lazy.any({ produce: () => dashboardJson(title, this.uid, ['kserve', service.namespace], servicePanels(service, chartable(service))) });
    this.apiObject = emitDashboard(this, props, this.name, props.namespace ?? service.namespace, `${service.namespace}-${service.name}`, json as unknown as string);
    addValidationOnce(this, () => this.validate());
  }

  /** Every metric the panels read, with the app's monitors as they are now. */
  public get metrics(): KServeMetric[] {
    return [...new Set(servicePanels(this.target, chartable(this.target)).flatMap(p => p.queries.flatMap(q => q.metrics)))];
  }

  private validate(): string[] {
    const service = this.props.target;
    const errors = [...service._unknownNamespaceErrors('this dashboard'), ...dashboardOptionsErrors(this.props)];
    if (servicePanels(service, chartable(service)).length === 0) {
      // Our own rule: a dashboard of metrics nobody scrapes (or nobody exports) shows nothing.
      errors.push(`nothing to chart of '${service.name}': no monitor of the app scrapes metrics its servers export; add a PodMonitor of `
        + "source MetricsSource.MODEL (KServe's Python model servers export request_predict_seconds) or a monitor of the queue-proxy "
        + '(Knative mode, with its metrics served on 9091)');
    }
    return errors;
  }
}

// JavaScript callers get the checks the compiler gives TypeScript callers (private/shape.ts).
guardMethods(InferenceServiceDashboard);
