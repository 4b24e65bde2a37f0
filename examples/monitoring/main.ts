// The seed's monitoring intent (scrape every 30s, alert on the service), built on what KServe really
// exposes. The seed's ServiceMonitor (label serving.kserve.io/inferenceservice, port `http`) selects
// nothing in Standard mode; in Knative mode it reaches the model's /metrics only through queue-proxy's
// serving port, so every scrape counts as a request (and keeps a pod from scaling to zero), and its
// kserve_predictor_* metrics do not exist.
//
// Knative mode: a PodMonitor on the model server's /metrics (port user-port: the request_*_seconds
// histograms) and a ServiceMonitor on the queue-proxy's request metrics (private Service, port
// http-usermetric), plus alerts on latency, 5xx ratio and no traffic. KServe v0.20 installs Knative 1.21,
// whose queue-proxy serves its metrics only when the cluster's config-observability (namespace
// knative-serving) sets `request-metrics-protocol: prometheus`; `metrics.knative` says this cluster does.
import { App, Chart, Duration } from 'cdk8s';
import {
  InferenceService, InferenceServiceAlerts, InferenceServiceDashboard, KnativeMetrics, KnativeMetricsProtocol, KServeFleetDashboard,
  MetricsSource, Model, PodMonitor, ServiceMonitor, StorageUri,
} from 'cdk8s-kserve';

const app = new App();
const chart = new Chart(app, 'iris-monitoring', { namespace: 'ml' });
const release = { release: 'kube-prometheus-stack' }; // the label the Prometheus selects monitors and rules by

const iris = new InferenceService(chart, 'sklearn-iris', {
  predictor: { model: Model.sklearn(StorageUri.parse('gs://kfserving-examples/models/sklearn/1.0/model')) },
  metrics: { knative: KnativeMetrics.openTelemetry(KnativeMetricsProtocol.PROMETHEUS) },
});

new PodMonitor(chart, 'model-metrics', { target: iris, source: MetricsSource.MODEL, interval: Duration.seconds(30), labels: release });
new ServiceMonitor(chart, 'request-metrics', { target: iris, source: MetricsSource.QUEUE_PROXY, interval: Duration.seconds(30), labels: release });

new InferenceServiceAlerts(chart, 'alerts', {
  target: iris,
  labels: release,
  latency: { percentile: 0.99, threshold: Duration.millis(500) },
  errorRatio: { threshold: 0.05 },
  noTraffic: { pendingFor: Duration.minutes(30) },
});

// Grafana dashboards of what the monitors scrape, as ConfigMaps the Grafana sidecar loads (kube-prometheus-stack's
// watches its own namespace unless sidecar.dashboards.searchNamespace says more).
new InferenceServiceDashboard(chart, 'dashboard', { target: iris, namespace: 'monitoring', folder: 'KServe' });
new KServeFleetDashboard(chart, 'fleet', { namespace: 'monitoring', folder: 'KServe' });

app.synth();
