import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import * as pm from '../../imports/prometheus-podmonitor-monitoring.coreos.com';
import { ComponentType } from '../component';
import { InferenceService } from '../inference-service';
import { MetricsSource } from './metrics';
import { promDuration, resolveScrapeTarget, validateMonitor } from './scrape-target';
import { MonitorProps } from './service-monitor';
import { emit } from '../private/emit';
import { addValidationOnce } from '../private/validation';

/**
 * A prometheus-operator PodMonitor for an InferenceService in Knative mode, selecting its pods by
 * KServe's labels and the named container port of the chosen metrics: `user-port` (the model
 * server's `/metrics`), `http-usermetric` (queue-proxy) or `aggr-metric` (KServe's qpext
 * aggregation). In Standard mode the model container declares no port to select; use a
 * ServiceMonitor.
 */
export class PodMonitor extends Construct {
  /** The InferenceService scraped. */
  public readonly target: InferenceService;
  /** The component scraped. */
  public readonly component: ComponentType;
  /** The metrics scraped. */
  public readonly source: MetricsSource;
  /** The generated L1 object. */
  public readonly apiObject: ApiObject;
  /** The monitor's name. */
  public readonly name: string;

  constructor(scope: Construct, id: string, props: MonitorProps) {
    super(scope, id);
    const service = props.target;
    const component = props.component ?? ComponentType.PREDICTOR;
    this.target = service;
    this.component = component;
    this.source = props.source ?? (service.metricsAggregation ? MetricsSource.AGGREGATED : MetricsSource.MODEL);
    this.name = props.name ?? `${service.name}-${component}-${this.source}`;
    service._addMonitor(component, this.source);
    const target = resolveScrapeTarget(service, component, this.source, 'PodMonitor');
    const resolved = typeof target === 'string' ? undefined : target;
    this.apiObject = emit(this, 'Resource', pm.PodMonitor, pm.toJson_PodMonitorProps, {
      metadata: { name: this.name, namespace: service.namespace, labels: props.labels },
      spec: {
        selector: { matchLabels: resolved?.selector ?? service.selectorLabels(component) },
        namespaceSelector: { matchNames: [service.namespace] },
        podMetricsEndpoints: [{
          port: resolved?.port,
          path: resolved?.path,
          interval: promDuration(props.interval),
          scrapeTimeout: promDuration(props.scrapeTimeout),
        }],
      },
    });
    addValidationOnce(this, () => validateMonitor(props, target, 'PodMonitor', this.source));
  }
}
