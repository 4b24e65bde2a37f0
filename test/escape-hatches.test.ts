/**
 * Every L2's escape hatch is lossless: what a JSON patch writes reaches the YAML exactly, including quantities,
 * int-or-string values, nested objects and fields no schema knows. (The generated L1 classes re-convert the
 * patched JSON and turn such values into null or drop them; the library must not.)
 */
import { ApiObject, Chart, Duration, JsonPatch, Testing } from 'cdk8s';
import {
  CanaryRollout, ClusterServingRuntime, GraphNode, GraphTarget, InferenceGraph, InferenceService, InferenceServiceAlerts, KServeInstall,
  KnativeMetrics, KnativeMetricsProtocol, Model, ModelStorageSecret, PodMonitor, SecretSource, ServiceMonitor, ServingRuntime, StorageUri,
} from '../src';
import { newChart } from './util/harness';

const IRIS = StorageUri.parse('gs://kfserving-examples/models/sklearn/1.0/model');
const NESTED = { level1: { level2: [1, 'two', { three: true }], empty: {} } };

/** The patches every object gets under `base` (a path into an object or array element that exists). */
function patchAll(object: ApiObject, base: string): void {
  object.addJsonPatch(
    JsonPatch.add(`${base}/futureField`, NESTED),
    JsonPatch.add(`${base}/resourcesProbe`, { limits: { 'nvidia.com/gpu': 1, 'cpu': '2', 'memory': '4Gi' }, requests: { cpu: 0.5 } }),
    JsonPatch.add(`${base}/intOrString`, { maxSurge: '50%', maxUnavailable: 0, port: 8080, named: 'http' }),
  );
}

function expectPatched(node: any): void {
  expect(node.futureField).toEqual(NESTED);
  expect(node.resourcesProbe).toEqual({ limits: { 'nvidia.com/gpu': 1, 'cpu': '2', 'memory': '4Gi' }, requests: { cpu: 0.5 } });
  expect(node.intOrString).toEqual({ maxSurge: '50%', maxUnavailable: 0, port: 8080, named: 'http' });
}

function objectsOf(chart: Chart): any[] {
  return Testing.synth(chart);
}

function find(objects: any[], kind: string, name?: string): any {
  const found = objects.find(o => o.kind === kind && (name === undefined || o.metadata.name === name));
  expect(found).toBeDefined();
  return found;
}

describe('escape hatches keep every patched value', () => {
  test('InferenceService: typed fields the L2 does not model (GPU limits, probe ports, rolling update) and unknown fields', () => {
    const { chart } = newChart();
    const isvc = new InferenceService(chart, 'iris', { predictor: { model: Model.sklearn(IRIS) } });
    isvc.apiObject.addJsonPatch(
      JsonPatch.add('/spec/predictor/model/resources', { limits: { 'nvidia.com/gpu': 1, 'cpu': '2' }, requests: { 'nvidia.com/gpu': '1' } }),
      JsonPatch.add('/spec/predictor/model/readinessProbe', { httpGet: { port: 8080, path: '/ready' }, periodSeconds: 5 }),
      JsonPatch.add('/spec/predictor/model/livenessProbe', { tcpSocket: { port: 'http' } }),
      JsonPatch.add('/spec/predictor/deploymentStrategy', { type: 'RollingUpdate', rollingUpdate: { maxSurge: '50%', maxUnavailable: 0 } }),
    );
    patchAll(isvc.apiObject, '/spec/predictor');
    const predictor = find(objectsOf(chart), 'InferenceService').spec.predictor;
    expect(predictor.model.resources).toEqual({ limits: { 'nvidia.com/gpu': 1, 'cpu': '2' }, requests: { 'nvidia.com/gpu': '1' } });
    expect(predictor.model.readinessProbe).toEqual({ httpGet: { port: 8080, path: '/ready' }, periodSeconds: 5 });
    expect(predictor.model.livenessProbe).toEqual({ tcpSocket: { port: 'http' } });
    expect(predictor.deploymentStrategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { maxSurge: '50%', maxUnavailable: 0 } });
    expect(predictor.model.modelFormat).toEqual({ name: 'sklearn' });
    expectPatched(predictor);
  });

  test('InferenceService: a patch applies after a CanaryRollout reshaped the spec', () => {
    const { chart } = newChart();
    const isvc = new InferenceService(chart, 'iris', { predictor: { model: Model.sklearn(IRIS) } });
    new CanaryRollout(chart, 'rollout', { service: isvc, trafficPercent: 10 });
    patchAll(isvc.apiObject, '/spec/predictor');
    const predictor = find(objectsOf(chart), 'InferenceService').spec.predictor;
    expect(predictor.canaryTrafficPercent).toBe(10);
    expectPatched(predictor);
  });

  test('InferenceGraph', () => {
    const { chart } = newChart();
    const graph = new InferenceGraph(chart, 'graph', {
      root: GraphNode.sequence('root', [{ name: 'step', target: GraphTarget.url('http://iris.ml.svc.cluster.local') }]),
    });
    patchAll(graph.apiObject, '/spec');
    expectPatched(find(objectsOf(chart), 'InferenceGraph').spec);
  });

  test('ServiceMonitor, PodMonitor and InferenceServiceAlerts', () => {
    const { chart } = newChart();
    // A Knative >= 1.19 cluster that serves queue-proxy metrics (the default, protocol none, serves nothing).
    const isvc = new InferenceService(chart, 'iris', {
      predictor: { model: Model.sklearn(IRIS) },
      metrics: { knative: KnativeMetrics.openTelemetry(KnativeMetricsProtocol.PROMETHEUS) },
    });
    const sm = new ServiceMonitor(chart, 'sm', { target: isvc, interval: Duration.seconds(30) });
    const pod = new PodMonitor(chart, 'pm', { target: isvc });
    const alerts = new InferenceServiceAlerts(chart, 'alerts', { target: isvc, errorRatio: { threshold: 0.05 } });
    patchAll(sm.apiObject, '/spec/endpoints/0');
    patchAll(pod.apiObject, '/spec/podMetricsEndpoints/0');
    patchAll(alerts.apiObject, '/spec/groups/0/rules/0');
    const objects = objectsOf(chart);
    expectPatched(find(objects, 'ServiceMonitor').spec.endpoints[0]);
    expectPatched(find(objects, 'PodMonitor').spec.podMetricsEndpoints[0]);
    expectPatched(find(objects, 'PrometheusRule').spec.groups[0].rules[0]);
  });

  test('ServingRuntime and ClusterServingRuntime', () => {
    const { chart } = newChart();
    const options = {
      supportedModelFormats: [{ name: 'custom', version: '1', autoSelect: true }],
      container: { image: 'registry.example.com/ml/custom-server:1.2.3' },
    };
    const sr = new ServingRuntime(chart, 'custom', options);
    const csr = new ClusterServingRuntime(chart, 'cluster-custom', options);
    patchAll(sr.apiObject, '/spec/containers/0');
    patchAll(csr.apiObject, '/spec/containers/0');
    const objects = objectsOf(chart);
    expectPatched(find(objects, 'ServingRuntime').spec.containers[0]);
    expectPatched(find(objects, 'ClusterServingRuntime').spec.containers[0]);
  });

  test('ModelStorageSecret: the Secret, the ExternalSecret and the ServiceAccount', () => {
    const { chart } = newChart();
    const plain = ModelStorageSecret.s3(chart, 'plain', {
      source: SecretSource.unsafePlaintext({ AWS_ACCESS_KEY_ID: 'id', AWS_SECRET_ACCESS_KEY: 'key' }), endpoint: 'minio.ml.svc:9000',
    });
    const external = ModelStorageSecret.s3(chart, 'external', {
      source: SecretSource.externalSecret({ store: 'vault-ml', remoteKey: 'ml/minio' }), endpoint: 'minio.ml.svc:9000',
    });
    patchAll(plain.apiObject!, '/metadata');
    patchAll(external.apiObject!, '/spec/target');
    patchAll(plain.serviceAccountApiObject!, '/metadata');
    const objects = objectsOf(chart);
    expectPatched(find(objects, 'Secret', 'plain').metadata);
    expectPatched(find(objects, 'ExternalSecret', 'external').spec.target);
    expectPatched(find(objects, 'ServiceAccount', 'plain').metadata);
  });

  test('KServeInstall: the controller Deployment, its ServiceAccount, the ConfigMap, the webhooks and the storage container', () => {
    const app = Testing.app();
    const install = new KServeInstall(app, 'kserve');
    install.controllerDeployment.addJsonPatch(
      JsonPatch.add('/spec/template/spec/tolerations', [{ key: 'dedicated', operator: 'Equal', value: 'control-plane', effect: 'NoSchedule' }]),
      JsonPatch.add('/spec/strategy', { type: 'RollingUpdate', rollingUpdate: { maxSurge: '50%', maxUnavailable: 0 } }),
      JsonPatch.replace('/spec/template/spec/containers/0/resources/limits/cpu', '2'),
    );
    patchAll(install.controllerDeployment, '/spec/template/spec/containers/0');
    patchAll(install.controllerServiceAccount, '/metadata');
    install.inferenceServiceConfigMap.addJsonPatch(JsonPatch.add('/data/futureKey', '{"a": 1}'));
    patchAll(install.webhookConfigurations[0], '/webhooks/0');
    patchAll(install.storageContainer, '/spec/container');
    const control = Testing.synth(install.controlPlane);
    const deployment = find(control, 'Deployment');
    expect(deployment.spec.template.spec.tolerations).toEqual([{ key: 'dedicated', operator: 'Equal', value: 'control-plane', effect: 'NoSchedule' }]);
    expect(deployment.spec.strategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { maxSurge: '50%', maxUnavailable: 0 } });
    expect(deployment.spec.template.spec.containers[0].resources.limits.cpu).toBe('2');
    expectPatched(deployment.spec.template.spec.containers[0]);
    expectPatched(find(control, 'ServiceAccount').metadata);
    expect(find(control, 'ConfigMap').data.futureKey).toBe('{"a": 1}');
    expectPatched(find(control, 'MutatingWebhookConfiguration').webhooks[0]);
    expectPatched(find(Testing.synth(install.runtimes), 'ClusterStorageContainer').spec.container);
  });

  test('the installed ClusterServingRuntimes', () => {
    const app = Testing.app();
    const install = new KServeInstall(app, 'kserve');
    const [first] = install.clusterServingRuntimes;
    patchAll(first.apiObject, '/spec/containers/0');
    expectPatched(find(Testing.synth(install.runtimes), 'ClusterServingRuntime', first.name).spec.containers[0]);
  });
});

describe('escape hatches are the default child', () => {
  test('ApiObject.of finds the main object of each single-object L2', () => {
    const { chart } = newChart();
    // A Knative >= 1.19 cluster that serves queue-proxy metrics (the default, protocol none, serves nothing).
    const isvc = new InferenceService(chart, 'iris', {
      predictor: { model: Model.sklearn(IRIS) },
      metrics: { knative: KnativeMetrics.openTelemetry(KnativeMetricsProtocol.PROMETHEUS) },
    });
    const sm = new ServiceMonitor(chart, 'sm', { target: isvc });
    expect(ApiObject.of(isvc)).toBe(isvc.apiObject);
    expect(ApiObject.of(sm)).toBe(sm.apiObject);
  });
});
