/**
 * Which runtime the monitors and alerts assume (issue #15, audit row 11): KServe lists the namespace's
 * ServingRuntimes before every ClusterServingRuntime (predictor_model.go GetSupportingRuntimes, both tags) and
 * resolves a named runtime namespace first (utils.go GetServingRuntime).
 */
import { Duration } from 'cdk8s';
import {
  ClusterServingRuntime, InferenceService, InferenceServiceAlerts, KServeVersion, MetricsSource, Model, PodMonitor, ServingRuntime,
  ServingRuntimeOptions, StorageUri,
} from '../src';
import { expectError, newChart, synthErrors } from './util/harness';

const IRIS = StorageUri.parse('gs://kfserving-examples/models/sklearn/1.0/model');

/** A custom sklearn server, auto-selected for sklearn with the given priority, serving /metrics on 8082. */
const customSklearn = (priority: number, version: KServeVersion): ServingRuntimeOptions & { version: KServeVersion } => ({
  version,
  supportedModelFormats: [{ name: 'sklearn', version: '1', autoSelect: true, priority }],
  metricsPort: 8082,
  container: { image: 'registry.example.com/ml/sklearn-server:1.0.0' },
});

describe.each([KServeVersion.V0_13, KServeVersion.V0_20])('KServe %s', (version) => {
  const ml = () => {
    const { app, chart } = newChart('ml');
    const isvc = new InferenceService(chart, 'iris', { version, predictor: { model: Model.sklearn(IRIS) } });
    return { app, chart, isvc };
  };

  test('without app runtimes the standard sklearn server is assumed: a model PodMonitor and latency alert pass', () => {
    const s = ml();
    new PodMonitor(s.chart, 'pm', { target: s.isvc, source: MetricsSource.MODEL });
    new InferenceServiceAlerts(s.chart, 'alerts', { target: s.isvc, latency: { threshold: Duration.seconds(1) } });
    expect(synthErrors(s.app)).toEqual([]);
  });

  test('a namespace ServingRuntime wins over the higher-priority ClusterServingRuntimes (namespace first)', () => {
    const s = ml();
    // Priority 1 is below kserve-sklearnserver's 2 (v0.20) / equal (v0.13): it still wins, being namespaced.
    new ServingRuntime(s.chart, 'team-sklearn', customSklearn(1, version));
    new InferenceServiceAlerts(s.chart, 'alerts', { target: s.isvc, latency: { threshold: Duration.seconds(1) } });
    expectError(s.app, 'test/alerts', "'iris' serves a 'sklearn' model whose server is unknown",
      "KServe auto-selects the ServingRuntime 'team-sklearn' of the service's namespace");
  });

  test("the namespace ServingRuntime's metrics port decides the PodMonitor, even when defined after it", () => {
    const s = ml();
    new PodMonitor(s.chart, 'pm', { target: s.isvc, source: MetricsSource.MODEL });
    new ServingRuntime(s.chart, 'team-sklearn', customSklearn(1, version));
    expectError(s.app, 'test/pm', 'this runtime serves /metrics on port 8082');
  });

  test('a ServingRuntime of another namespace does not count', () => {
    const s = ml();
    new ServingRuntime(s.chart, 'team-sklearn', { ...customSklearn(1, version), namespace: 'other-team' });
    new PodMonitor(s.chart, 'pm', { target: s.isvc, source: MetricsSource.MODEL });
    new InferenceServiceAlerts(s.chart, 'alerts', { target: s.isvc, latency: { threshold: Duration.seconds(1) } });
    expect(synthErrors(s.app)).toEqual([]);
  });

  test('an app ClusterServingRuntime competes with the standard ones by priority', () => {
    const s = ml();
    new ClusterServingRuntime(s.chart, 'fast-sklearn', customSklearn(9, version));
    new PodMonitor(s.chart, 'pm', { target: s.isvc, source: MetricsSource.MODEL });
    expectError(s.app, 'test/pm', 'this runtime serves /metrics on port 8082');
  });

  test('a named runtime is the namespace ServingRuntime of that name, before the standard one', () => {
    const { app, chart } = newChart('ml');
    const isvc = new InferenceService(chart, 'iris', { version, predictor: { model: Model.sklearn(IRIS, { runtime: 'kserve-sklearnserver' }) } });
    new ServingRuntime(chart, 'shadow', { ...customSklearn(1, version), name: 'kserve-sklearnserver' });
    new PodMonitor(chart, 'pm', { target: isvc, source: MetricsSource.MODEL });
    expectError(app, 'test/pm', 'this runtime serves /metrics on port 8082');
  });

  test('a runtime given by reference is written by name, and the checks see that runtime', () => {
    const { app, chart } = newChart('ml');
    const runtime = new ServingRuntime(chart, 'team-sklearn', customSklearn(1, version));
    const isvc = new InferenceService(chart, 'iris', { version, predictor: { model: Model.sklearn(IRIS, { runtime }) } });
    new PodMonitor(chart, 'pm', { target: isvc, source: MetricsSource.MODEL });
    expectError(app, 'test/pm', 'this runtime serves /metrics on port 8082');
    expect(isvc.apiObject.toJson().spec.predictor.model.runtime).toBe('team-sklearn');
  });

  test('JavaScript callers: a runtime that is neither a name nor a runtime is a synth error', () => {
    const { app, chart } = newChart('ml');
    new InferenceService(chart, 'iris', { version, predictor: { model: Model.sklearn(IRIS, { runtime: 42 as any }) } });
    new InferenceService(chart, 'iris2', { version, predictor: { model: Model.sklearn(IRIS, { runtime: {} as any }) } });
    const errors = synthErrors(app).join('\n');
    expect(errors).toMatch(/iris\].*runtime: must be/);
    expect(errors).toMatch(/iris2\].*runtime\.name is required \(a string\)/);
  });
});
