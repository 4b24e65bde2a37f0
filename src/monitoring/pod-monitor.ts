import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { InferenceService } from '../inference-service';
import { MetricsSource } from './metrics';
import { MonitorBase, MonitorObject, MonitorProps } from './monitor-base';
import { MonitorKind } from './monitor-kind';
import { emit } from '../private/emit';
import { podMonitor } from '../private/l1-runtime.generated';
import { guardMethods } from '../private/shape';

/**
 * A prometheus-operator PodMonitor for an InferenceService in Knative mode, selecting its pods by
 * KServe's labels and the named container port of the chosen metrics: `user-port` (the model
 * server's `/metrics`), `http-usermetric` (queue-proxy) or `aggr-metric` (KServe's qpext
 * aggregation). In Standard mode the model container declares no port to select; use a
 * ServiceMonitor.
 *
 * @example
 * const iris = new InferenceService(chart, 'sklearn-iris', { predictor: { model: Model.sklearn(StorageUri.gcs('kfserving-examples', 'models/sklearn/1.0/model')) } });
 * // Knative mode: the model server's /metrics on the pods' user-port.
 * new PodMonitor(chart, 'iris-model', {
 *   target: iris,
 *   source: MetricsSource.MODEL,
 *   interval: Duration.seconds(30),
 *   scrapeTimeout: Duration.seconds(10),
 *   labels: { release: 'kube-prometheus-stack' },
 * });
 * @category Monitoring
 */
export class PodMonitor extends MonitorBase {
  constructor(scope: Construct, id: string, props: MonitorProps) {
    super(scope, id, props, MonitorKind.POD_MONITOR);
  }

  /** @internal */
  protected _defaultSource(service: InferenceService): MetricsSource {
    return service.metricsAggregation ? MetricsSource.AGGREGATED : MetricsSource.MODEL;
  }

  /** @internal */
  protected _emit(m: MonitorObject): ApiObject {
    return emit(this, 'Resource', podMonitor.PodMonitor, podMonitor.toJson_PodMonitorProps, {
      metadata: m.metadata,
      spec: { selector: m.selector, namespaceSelector: m.namespaceSelector, podMetricsEndpoints: [m.endpoint] },
    });
  }
}

// JavaScript callers get the checks the compiler gives TypeScript callers (private/shape.ts).
guardMethods(PodMonitor);
