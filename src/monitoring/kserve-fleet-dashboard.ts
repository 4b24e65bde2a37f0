import { ApiObject, Chart, Lazy } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import { DashboardOptions } from './dashboard-options';
import { KServeMetric } from './metrics';
import { InferenceService } from '../inference-service';
import { chartable, fleetPanels } from '../private/dashboard-panels';
import { dashboardJson, dashboardOptionsErrors, dashboardUid, emitDashboard } from '../private/grafana';
import { checkProps, guardMethods } from '../private/shape';
import { addValidationOnce } from '../private/validation';

/**
 * Props of a KServeFleetDashboard.
 * @category Monitoring
 */
export interface KServeFleetDashboardProps extends DashboardOptions {
  /**
   * The InferenceServices charted.
   * @default - every InferenceService of the app
   */
  readonly services?: InferenceService[];

  /**
   * The dashboard's title.
   * @default 'KServe fleet'
   */
  readonly title?: string;
}

/**
 * A Grafana dashboard of many InferenceServices at once, as a ConfigMap for Grafana's dashboard sidecar: predictions
 * and p95 predict latency per model, requests and 5xx ratio per predictor. Each panel's queries select exactly the
 * services whose metrics the app's monitors scrape (the same rules as `InferenceServiceDashboard`), one query per
 * naming of Knative's metrics. Synth fails when nothing can be charted.
 *
 * Escape hatch: `apiObject`; JSON patches apply last and reach the YAML unchanged.
 *
 * @example
 * const iris = new InferenceService(chart, 'sklearn-iris', {
 *   predictor: { model: Model.sklearn(StorageUri.gcs('kfserving-examples', 'models/sklearn/1.0/model')) },
 * });
 * const xgboost = new InferenceService(chart, 'xgboost-iris', {
 *   predictor: { model: Model.xgboost(StorageUri.gcs('kfserving-examples', 'models/xgboost/iris')) },
 * });
 * for (const service of [iris, xgboost]) {
 *   new PodMonitor(chart, `${service.name}-model`, { target: service, source: MetricsSource.MODEL });
 * }
 * new KServeFleetDashboard(chart, 'fleet-dashboard', { title: 'KServe models in ml', namespace: 'monitoring' });
 * @category Monitoring
 */
export class KServeFleetDashboard extends Construct {
  /** The ConfigMap's name. */
  public readonly name: string;
  /** The dashboard's Grafana uid. */
  public readonly uid: string;
  /** Escape hatch: the ConfigMap. */
  public readonly apiObject: ApiObject;

  private readonly props: KServeFleetDashboardProps;

  constructor(scope: Construct, id: string, props: KServeFleetDashboardProps = {}) {
    super(scope, id);
    props = checkProps(this, 'KServeFleetDashboard', props);
    this.props = props;
    this.name = props.name ?? 'kserve-fleet-dashboard';
    const namespace = props.namespace ?? Chart.of(this).namespace;
    this.uid = dashboardUid(`kserve-fleet-${namespace ?? 'default'}-${this.name}`);
    const json = Lazy.any({ produce: () => dashboardJson(props.title ?? 'KServe fleet', this.uid, ['kserve'], fleetPanels(this.charted())) });
    this.apiObject = emitDashboard(this, props, this.name, props.namespace, this.name, json as unknown as string);
    addValidationOnce(this, () => this.validate());
  }

  /** Every metric the panels read, with the app's monitors as they are now. */
  public get metrics(): KServeMetric[] {
    return [...new Set(fleetPanels(this.charted()).flatMap(p => p.queries.flatMap(q => q.metrics)))];
  }

  /** The services charted (the app's, at synth, when none are given) with what can be charted of each. */
  private charted() {
    const services = this.props.services
      ?? this.node.root.node.findAll().filter((c: IConstruct): c is InferenceService => c instanceof InferenceService);
    return services.filter(s => s instanceof InferenceService).map(service => ({ service, can: chartable(service) }));
  }

  private validate(): string[] {
    const errors = dashboardOptionsErrors(this.props);
    const charted = this.charted();
    errors.push(...charted.flatMap(({ service }) => service._unknownNamespaceErrors('the fleet dashboard')));
    if (fleetPanels(charted).length === 0) {
      // Our own rule: a dashboard of metrics nobody scrapes shows nothing.
      errors.push(charted.length === 0 ? 'nothing to chart: the app has no InferenceService'
        : 'nothing to chart: no monitor of the app scrapes metrics the services\' servers export (see InferenceServiceDashboard)');
    }
    return errors;
  }
}

// JavaScript callers get the checks the compiler gives TypeScript callers (private/shape.ts).
guardMethods(KServeFleetDashboard);
