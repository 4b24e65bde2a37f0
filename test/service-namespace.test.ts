/**
 * Issue #15: monitors, alert rules and runbooks name the service's namespace. A service whose props and chart set none
 * is written without `metadata.namespace` and lands in the namespace `kubectl apply` targets, so they must not assume
 * `default`: monitors and alerts fail synth naming the service, runbooks throw.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Chart, Testing } from 'cdk8s';
import {
  DeploymentMode, InferenceService, InferenceServiceAlerts, KnativeMetrics, KnativeMetricsProtocol, MetricsSource, Model, PodMonitor, Runbook,
  ServiceMonitor, StorageUri,
} from '../src';
import { expectError, synthErrors } from './util/harness';

const IRIS = StorageUri.gcs('kfserving-examples', 'models/sklearn/1.0/model');
const FIX = "set 'namespace' on the service or its chart";

function service(chartNamespace: string | undefined, serviceNamespace?: string): { app: App; chart: Chart; isvc: InferenceService } {
  const app = Testing.app();
  const chart = new Chart(app, 'test', { namespace: chartNamespace });
  // A Knative >= 1.19 cluster that serves queue-proxy metrics, so only the namespace decides what the monitors say.
  const isvc = new InferenceService(chart, 'iris', {
    namespace: serviceNamespace,
    predictor: { model: Model.sklearn(IRIS) },
    metrics: { knative: KnativeMetrics.openTelemetry(KnativeMetricsProtocol.PROMETHEUS) },
  });
  return { app, chart, isvc };
}

describe('without a namespace on the service or its chart', () => {
  test('the InferenceService itself is written without one (kubectl chooses)', () => {
    const { chart } = service(undefined);
    expect(Testing.synth(chart)[0].metadata.namespace).toBeUndefined();
  });

  test('a ServiceMonitor fails synth instead of selecting namespace default', () => {
    const { app, chart, isvc } = service(undefined);
    new ServiceMonitor(chart, 'mon', { target: isvc, source: MetricsSource.QUEUE_PROXY });
    expectError(synthErrors(app), 'test/mon', "this ServiceMonitor must name the namespace of InferenceService 'test/iris', which has none", FIX);
  });

  test('a PodMonitor fails synth', () => {
    const app = Testing.app();
    const chart = new Chart(app, 'test');
    const isvc = new InferenceService(chart, 'iris', { deploymentMode: DeploymentMode.STANDARD, predictor: { model: Model.sklearn(IRIS) } });
    new PodMonitor(chart, 'mon', { target: isvc, source: MetricsSource.MODEL });
    expectError(synthErrors(app), 'test/mon', "this PodMonitor must name the namespace of InferenceService 'test/iris'", FIX);
  });

  test('InferenceServiceAlerts fail synth instead of matching namespace="default"', () => {
    const { app, chart, isvc } = service(undefined);
    new ServiceMonitor(chart, 'mon', { target: isvc, source: MetricsSource.QUEUE_PROXY });
    new InferenceServiceAlerts(chart, 'alerts', { target: isvc, errorRatio: { threshold: 0.05 } });
    expectError(synthErrors(app), 'test/alerts', "this PrometheusRule must name the namespace of InferenceService 'test/iris'", FIX);
  });

  test('Runbook.forService throws naming the service', () => {
    const { isvc } = service(undefined);
    expect(() => Runbook.forService(isvc)).toThrow(/^Runbook\.forService\(service\): A runbook must name the namespace of InferenceService 'test\/iris', which has none/);
  });

  test('Runbook.writeAll throws before writing any file', () => {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'runbook-ns-'));
    try {
      const app = Testing.app();
      new InferenceService(new Chart(app, 'named', { namespace: 'ml' }), 'first', { predictor: { model: Model.sklearn(IRIS) } });
      new InferenceService(new Chart(app, 'bare'), 'second', { predictor: { model: Model.sklearn(IRIS) } });
      expect(() => Runbook.writeAll(app, outdir)).toThrow("InferenceService 'bare/second'");
      expect(fs.readdirSync(outdir)).toEqual([]);
    } finally {
      fs.rmSync(outdir, { recursive: true, force: true });
    }
  });
});

describe('with a namespace from the chart or the props', () => {
  test.each([
    ['the chart', 'team-a', undefined],
    ['the props', undefined, 'team-a'],
  ])('from %s, monitors, alerts and runbooks use it', (_from, chartNamespace, serviceNamespace) => {
    const { app, chart, isvc } = service(chartNamespace, serviceNamespace);
    new ServiceMonitor(chart, 'mon', { target: isvc, source: MetricsSource.QUEUE_PROXY });
    new InferenceServiceAlerts(chart, 'alerts', { target: isvc, errorRatio: { threshold: 0.05 } });
    expect(synthErrors(app)).toEqual([]);
    const objects = Testing.synth(chart);
    const monitor = objects.find(o => o.kind === 'ServiceMonitor');
    expect(monitor.metadata.namespace).toBe('team-a');
    expect(monitor.spec.namespaceSelector).toEqual({ matchNames: ['team-a'] });
    const rule = objects.find(o => o.kind === 'PrometheusRule');
    expect(rule.metadata.namespace).toBe('team-a');
    // The Knative >= 1.19 series carry the scrape's `namespace` label (their own namespace is in target_info only).
    expect(rule.spec.groups[0].rules[0].expr).toContain('namespace="team-a"');
    expect(Runbook.forService(isvc)).toContain('-n team-a');
  });
});
