import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { InferenceService } from '../inference-service';
import { MetricsSource } from './metrics';
import { MonitorBase, MonitorObject, MonitorProps } from './monitor-base';
import { MonitorKind } from './monitor-kind';
import { emit } from '../private/emit';
import { serviceMonitor } from '../private/l1-runtime.generated';
import { guardMethods } from '../private/shape';

/**
 * A prometheus-operator ServiceMonitor for an InferenceService, selecting the Service and named port
 * that really serve the chosen metrics in the service's deployment mode:
 * - Knative: the revision's private Service (`networking.internal.knative.dev/serviceType: Private`),
 *   port `http-usermetric` (queue-proxy request metrics);
 * - Standard: the `<name>-predictor` Service, whose port is named after the component, path `/metrics`
 *   (the model server's histograms).
 * Combinations that select nothing (model metrics through a Knative Service, an `aggr-metric`
 * Service port, torchserve/triton metrics ports) fail at synth with the alternative.
 *
 * @example
 * const iris = new InferenceService(chart, 'sklearn-iris', {
 *   deploymentMode: DeploymentMode.STANDARD,
 *   predictor: { model: Model.sklearn(StorageUri.gcs('kfserving-examples', 'models/sklearn/1.0/model')) },
 * });
 * // Standard mode: the model server's /metrics through the sklearn-iris-predictor Service.
 * new ServiceMonitor(chart, 'iris-metrics', {
 *   target: iris,
 *   interval: Duration.seconds(30),
 *   labels: { release: 'kube-prometheus-stack' },
 * });
 * @category Monitoring
 */
export class ServiceMonitor extends MonitorBase {
  constructor(scope: Construct, id: string, props: MonitorProps) {
    super(scope, id, props, MonitorKind.SERVICE_MONITOR);
  }

  /** @internal */
  protected _defaultSource(service: InferenceService): MetricsSource {
    return service.deploymentMode.isKnative ? MetricsSource.QUEUE_PROXY : MetricsSource.MODEL;
  }

  /** @internal */
  protected _emit(m: MonitorObject): ApiObject {
    return emit(this, 'Resource', serviceMonitor.ServiceMonitor, serviceMonitor.toJson_ServiceMonitorProps, {
      metadata: m.metadata,
      spec: { selector: m.selector, namespaceSelector: m.namespaceSelector, endpoints: [m.endpoint] },
    });
  }
}

// JavaScript callers get the checks the compiler gives TypeScript callers (private/shape.ts).
guardMethods(ServiceMonitor);
