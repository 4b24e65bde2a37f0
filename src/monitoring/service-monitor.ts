import { ApiObject, Duration } from 'cdk8s';
import { Construct } from 'constructs';
import * as pm from '../../imports/prometheus-servicemonitor-monitoring.coreos.com';
import { ComponentType } from '../component';
import { InferenceService } from '../inference-service';
import { MetricsSource } from './metrics';
import { promDuration, resolveScrapeTarget, validateMonitor } from './scrape-target';
import { emit } from '../private/emit';
import { addValidationOnce } from '../private/validation';

/** Options shared by ServiceMonitor and PodMonitor. */
export interface MonitorProps {
  /** The InferenceService to scrape. */
  readonly target: InferenceService;

  /**
   * The component to scrape.
   * @default ComponentType.PREDICTOR
   */
  readonly component?: ComponentType;

  /**
   * Which metrics to scrape.
   * @default - ServiceMonitor: the queue-proxy in Knative mode, the model server in Standard mode;
   * PodMonitor: the aggregated metrics when aggregation is on, else the model server
   */
  readonly source?: MetricsSource;

  /**
   * How often to scrape.
   * @default - Prometheus' global scrape interval
   */
  readonly interval?: Duration;

  /**
   * How long a scrape may take.
   * @default - Prometheus' global scrape timeout
   */
  readonly scrapeTimeout?: Duration;

  /**
   * Name of the monitor.
   * @default - `<service>-<component>-<source>`
   */
  readonly name?: string;

  /**
   * Labels on the monitor, for example the `release` label a kube-prometheus-stack Prometheus selects
   * monitors by.
   * @default - none
   */
  readonly labels?: Record<string, string>;
}

/**
 * A prometheus-operator ServiceMonitor for an InferenceService, selecting the Service and named port
 * that really serve the chosen metrics in the service's deployment mode:
 * - Knative: the revision's private Service (`networking.internal.knative.dev/serviceType: Private`),
 *   port `http-usermetric` (queue-proxy request metrics);
 * - Standard: the `<name>-predictor` Service, whose port is named after the component, path `/metrics`
 *   (the model server's histograms).
 * Combinations that select nothing (model metrics through a Knative Service, an `aggr-metric`
 * Service port, torchserve/triton metrics ports) fail at synth with the alternative.
 */
export class ServiceMonitor extends Construct {
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
    this.source = props.source ?? (service.deploymentMode.isKnative ? MetricsSource.QUEUE_PROXY : MetricsSource.MODEL);
    this.name = props.name ?? `${service.name}-${component}-${this.source}`;
    service._addMonitor(component, this.source);
    const target = resolveScrapeTarget(service, component, this.source, 'ServiceMonitor');
    const resolved = typeof target === 'string' ? undefined : target;
    this.apiObject = emit(this, 'Resource', pm.ServiceMonitor, pm.toJson_ServiceMonitorProps, {
      metadata: { name: this.name, namespace: service.namespace, labels: props.labels },
      spec: {
        selector: { matchLabels: resolved?.selector ?? service.selectorLabels(component) },
        namespaceSelector: { matchNames: [service.namespace] },
        endpoints: [{
          port: resolved?.port,
          path: resolved?.path,
          interval: promDuration(props.interval),
          scrapeTimeout: promDuration(props.scrapeTimeout),
        }],
      },
    });
    addValidationOnce(this, () => validateMonitor(props, target, 'ServiceMonitor', this.source));
  }
}
