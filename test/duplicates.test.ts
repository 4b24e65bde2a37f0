/**
 * Duplicate objects per output file (issue #16): two objects of one group, kind, namespace and name applied together
 * leave only the last; with one file per resource, two objects of one kind and name share a file. Checked once per
 * app over every object the library writes, against each other and against the user's own objects.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Chart, Testing, YamlOutputType } from 'cdk8s';
import { ServiceAccount } from 'cdk8s-plus-28';
import {
  ClusterServingRuntime, DeploymentMode, GraphNode, GraphTarget, InferenceGraph, InferenceService, InferenceServiceAlerts, KServeInstall,
  Model, ModelStorageSecret, ProtocolVersion, SecretSource, ServiceMonitor, ServingRuntime, ServingRuntimeOptions, StorageUri,
} from '../src';
import { expectError, synthErrors } from './util/harness';
import { expectValidObjects } from './util/schema-validator';

const model = () => Model.sklearn(StorageUri.parse('gs://models-bucket/iris'));
const external = () => SecretSource.externalSecret({ store: 'vault-ml', remoteKey: 'ml/minio' });
const runtime: ServingRuntimeOptions = {
  supportedModelFormats: [{ name: 'custom', version: '1', autoSelect: true, priority: 1 }],
  protocolVersions: [ProtocolVersion.V1],
  container: { image: 'registry.example.com/custom-server:1.0.0' },
};

function app(yamlOutputType?: YamlOutputType): App {
  return Testing.app(yamlOutputType === undefined ? {} : { yamlOutputType });
}

/** The error lines of one construct path. */
function linesAt(errors: string[], at: string): string[] {
  return errors.filter(e => e.startsWith(`[${at}] `));
}

describe('one file per chart (the default)', () => {
  test('two InferenceServices of one name and namespace in a chart name each other', () => {
    const a = app();
    const chart = new Chart(a, 'test', { namespace: 'ml' });
    new InferenceService(chart, 'a', { name: 'iris', predictor: { model: model() } });
    new InferenceService(chart, 'b', { name: 'iris', predictor: { model: model() } });
    const errors = synthErrors(a);
    expect(linesAt(errors, 'test/a')).toEqual(["[test/a] InferenceService 'ml/iris' is also written by 'test/b' in the file of chart 'test'; "
      + 'kubectl apply keeps only the last one: give each its own name']);
    expect(linesAt(errors, 'test/b')).toEqual(["[test/b] InferenceService 'ml/iris' is also written by 'test/a' in the file of chart 'test'; "
      + 'kubectl apply keeps only the last one: give each its own name']);
  });

  test('the same name in another namespace, or in another chart, is another object (and schema-valid)', () => {
    const a = app();
    const chart = new Chart(a, 'test', { namespace: 'ml' });
    const other = new Chart(a, 'stage', { namespace: 'ml' });
    new InferenceService(chart, 'a', { name: 'iris', predictor: { model: model() } });
    new InferenceService(chart, 'b', { name: 'iris', namespace: 'other', predictor: { model: model() } });
    new InferenceService(other, 'a', { name: 'iris', predictor: { model: model() } });
    expect(synthErrors(a)).toEqual([]);
    expectValidObjects([...Testing.synth(chart), ...Testing.synth(other)]);
  });

  test('objects without a namespace collide with each other, not with one naming default', () => {
    const a = app();
    const chart = new Chart(a, 'test');
    new InferenceService(chart, 'a', { name: 'iris', predictor: { model: model() } });
    new InferenceService(chart, 'b', { name: 'iris', predictor: { model: model() } });
    new InferenceService(chart, 'c', { name: 'iris', namespace: 'default', predictor: { model: model() } });
    const errors = synthErrors(a);
    expectError(errors, 'test/a', "InferenceService 'iris' is also written by 'test/b' in the file of chart 'test'");
    expect(linesAt(errors, 'test/c')).toEqual([]);
  });

  test('a nested chart is a file of its own', () => {
    const a = app();
    const chart = new Chart(a, 'test', { namespace: 'ml' });
    new InferenceService(chart, 'a', { name: 'iris', predictor: { model: model() } });
    new InferenceService(new Chart(chart, 'nested', { namespace: 'ml' }), 'b', { name: 'iris', predictor: { model: model() } });
    expect(synthErrors(a)).toEqual([]);
  });

  test('credentials: the Secret (or ExternalSecret) and ServiceAccount of two credentials of one name, in one message', () => {
    const a = app();
    const chart = new Chart(a, 'test', { namespace: 'ml' });
    ModelStorageSecret.s3(chart, 'a', { name: 'creds', source: external() });
    ModelStorageSecret.s3(chart, 'b', { name: 'creds', source: external() });
    ModelStorageSecret.gcs(chart, 'c', { name: 'gcs', source: SecretSource.unsafePlaintext({ 'gcloud-application-credentials.json': '{}' }) });
    ModelStorageSecret.gcs(chart, 'd', { name: 'gcs', source: SecretSource.unsafePlaintext({ 'gcloud-application-credentials.json': '{}' }) });
    const errors = synthErrors(a);
    expectError(errors, 'test/a', "ExternalSecret 'ml/creds' and ServiceAccount 'ml/creds' are also written by 'test/b' in the file of chart 'test'; "
      + 'kubectl apply keeps only the last of each: give each its own name');
    expectError(errors, 'test/d', "Secret 'ml/gcs' and ServiceAccount 'ml/gcs' are also written by 'test/c'");
  });

  test('two storage-config entries under the default name are two storage-config Secrets', () => {
    const a = app();
    const chart = new Chart(a, 'test', { namespace: 'ml' });
    const plain = () => SecretSource.unsafePlaintext({ AWS_ACCESS_KEY_ID: 'id', AWS_SECRET_ACCESS_KEY: 'secret' });
    ModelStorageSecret.storageConfig(chart, 'minio', { key: 'minio', source: plain() });
    ModelStorageSecret.storageConfig(chart, 'aws', { key: 'aws', source: plain() });
    expectError(synthErrors(a), 'test/aws', "Secret 'ml/storage-config' is also written by 'test/minio' in the file of chart 'test'");
  });

  test('a Secret written beside an ExternalSecret of its name fights the Secret the operator creates', () => {
    const a = app();
    const chart = new Chart(a, 'test', { namespace: 'ml' });
    ModelStorageSecret.storageConfig(chart, 'minio', { key: 'minio', source: external() });
    ModelStorageSecret.storageConfig(chart, 'aws', { key: 'aws', source: SecretSource.unsafePlaintext({ AWS_ACCESS_KEY_ID: 'id', AWS_SECRET_ACCESS_KEY: 'secret' }) });
    const errors = synthErrors(a);
    expect(linesAt(errors, 'test/minio')).toEqual(["[test/minio] Secret 'ml/storage-config' (created by its ExternalSecret) is also written by "
      + "'test/aws' in the file of chart 'test'; the ExternalSecret's controller and kubectl apply would overwrite each other's Secret: give each its own name"]);
    expectError(errors, 'test/aws', "Secret 'ml/storage-config' is also created by the ExternalSecret of 'test/minio'");
  });

  test('monitors, alert rules and graphs of one name', () => {
    const a = app();
    const chart = new Chart(a, 'test', { namespace: 'ml' });
    const iris = new InferenceService(chart, 'iris', { deploymentMode: DeploymentMode.STANDARD, predictor: { model: model(), maxReplicas: 3 } });
    new ServiceMonitor(chart, 'm1', { target: iris });
    new ServiceMonitor(chart, 'm2', { target: iris });
    new InferenceServiceAlerts(chart, 'r1', { target: iris, noTraffic: {} });
    new InferenceServiceAlerts(chart, 'r2', { target: iris, noTraffic: {} });
    const root = () => GraphNode.sequence('root', [{ target: GraphTarget.service(iris) }]);
    new InferenceGraph(chart, 'g1', { name: 'router', root: root() });
    new InferenceGraph(chart, 'g2', { name: 'router', root: root() });
    const errors = synthErrors(a);
    expectError(errors, 'test/m2', "ServiceMonitor 'ml/iris-predictor-model' is also written by 'test/m1'");
    expectError(errors, 'test/r2', "PrometheusRule 'ml/iris-alerts' is also written by 'test/r1'");
    expectError(errors, 'test/g2', "InferenceGraph 'ml/router' is also written by 'test/g1'");
  });

  test("the user's own object of the same name is named; duplicates among the user's objects are theirs", () => {
    const a = app();
    const chart = new Chart(a, 'test', { namespace: 'ml' });
    ModelStorageSecret.s3(chart, 'creds', { source: external() });
    new ServiceAccount(chart, 'mine', { metadata: { name: 'creds' } });
    new ServiceAccount(chart, 'twin-a', { metadata: { name: 'twin' } });
    new ServiceAccount(chart, 'twin-b', { metadata: { name: 'twin' } });
    const errors = synthErrors(a);
    expect(errors).toEqual(["[test/creds] ServiceAccount 'ml/creds' is also written by 'test/mine' in the file of chart 'test'; "
      + 'kubectl apply keeps only the last one: give each its own name']);
  });

  test('the check sees objects added after a first synth', () => {
    const a = app();
    const chart = new Chart(a, 'test', { namespace: 'ml' });
    new InferenceService(chart, 'a', { name: 'iris', predictor: { model: model() } });
    expect(synthErrors(a)).toEqual([]);
    new InferenceService(chart, 'b', { name: 'iris', predictor: { model: model() } });
    expectError(synthErrors(a), 'test/b', "InferenceService 'ml/iris' is also written by 'test/a'");
  });
});

describe('one file per app', () => {
  test('the same service in two charts is one duplicate', () => {
    const a = app(YamlOutputType.FILE_PER_APP);
    new InferenceService(new Chart(a, 'blue', { namespace: 'ml' }), 'iris', { predictor: { model: model() } });
    new InferenceService(new Chart(a, 'green', { namespace: 'ml' }), 'iris', { predictor: { model: model() } });
    const errors = synthErrors(a);
    expect(linesAt(errors, 'green/iris')).toEqual(["[green/iris] InferenceService 'ml/iris' is also written by 'blue/iris' in the app's single file "
      + '(YamlOutputType.FILE_PER_APP); kubectl apply keeps only the last one: give each its own name']);
    expectError(errors, 'blue/iris', "is also written by 'green/iris'");
  });

  test('cluster-scoped kinds collide whatever namespace their charts give; namespaced ones do not', () => {
    const a = app(YamlOutputType.FILE_PER_APP);
    new ClusterServingRuntime(new Chart(a, 'team-a', { namespace: 'team-a' }), 'custom', runtime);
    new ClusterServingRuntime(new Chart(a, 'team-b', { namespace: 'team-b' }), 'custom', { ...runtime, supportedModelFormats: [{ name: 'custom', version: '2' }] });
    new ServingRuntime(new Chart(a, 'ns-a', { namespace: 'team-a' }), 'mine', { ...runtime, supportedModelFormats: [{ name: 'other' }] });
    new ServingRuntime(new Chart(a, 'ns-b', { namespace: 'team-b' }), 'mine', { ...runtime, supportedModelFormats: [{ name: 'other' }] });
    const errors = synthErrors(a);
    // One message per runtime: the runtime check leaves clashes in the same output to the duplicate check.
    expect(linesAt(errors, 'team-b/custom')).toEqual(["[team-b/custom] ClusterServingRuntime 'custom' is also written by 'team-a/custom' in the "
      + "app's single file (YamlOutputType.FILE_PER_APP); kubectl apply keeps only the last one: give each its own name"]);
    expect(errors.filter(e => e.startsWith('[ns-'))).toEqual([]);
  });

  test('two installs: one message per pair of writers, listing the first objects and how many more', () => {
    const a = app(YamlOutputType.FILE_PER_APP);
    new KServeInstall(a, 'blue');
    new KServeInstall(a, 'green');
    const line = expectError(synthErrors(a), 'green/control-plane', "Namespace 'kserve', ServiceAccount 'kserve/kserve-controller-manager', ",
      "more are also written by 'blue/control-plane' in the app's single file");
    expect(line).toMatch(/, \w+ '[^']+' and \d+ more are also written/);
  });
});

describe('one file per resource', () => {
  test('FILE_PER_RESOURCE names files by kind and name: two namespaces do not keep two services apart', () => {
    const a = app(YamlOutputType.FILE_PER_RESOURCE);
    new InferenceService(new Chart(a, 'a', { namespace: 'team-a' }), 'iris', { predictor: { model: model() } });
    new InferenceService(new Chart(a, 'b', { namespace: 'team-b' }), 'iris', { predictor: { model: model() } });
    expect(linesAt(synthErrors(a), 'b/iris')).toEqual(["[b/iris] InferenceService 'team-b/iris' and InferenceService 'team-a/iris' of 'a/iris' "
      + "are both written to 'InferenceService.iris.k8s.yaml' in the app's output folder (YamlOutputType.FILE_PER_RESOURCE): cdk8s names each "
      + 'file after the object\'s kind and name only, so the later file replaces the earlier one; give them different names']);
  });

  test('FOLDER_PER_CHART_FILE_PER_RESOURCE: per chart folder; one identity gives one message, not two', () => {
    const a = app(YamlOutputType.FOLDER_PER_CHART_FILE_PER_RESOURCE);
    const chart = new Chart(a, 'test', { namespace: 'ml' });
    new InferenceService(chart, 'a', { name: 'iris', predictor: { model: model() } });
    new InferenceService(chart, 'b', { name: 'iris', predictor: { model: model() } });
    new InferenceService(new Chart(a, 'other', { namespace: 'ml' }), 'c', { name: 'iris', predictor: { model: model() } });
    const errors = synthErrors(a);
    expect(linesAt(errors, 'test/a')).toEqual(["[test/a] InferenceService 'ml/iris' and InferenceService 'ml/iris' of 'test/b' are both written to "
      + "'InferenceService.iris.k8s.yaml' in the folder of chart 'test' (YamlOutputType.FOLDER_PER_CHART_FILE_PER_RESOURCE): cdk8s names each file "
      + "after the object's kind and name only, so the later file replaces the earlier one; give them different names"]);
    expect(linesAt(errors, 'other/c')).toEqual([]);
  });

  test('the file extension is the app\'s', () => {
    const a = Testing.app({ yamlOutputType: YamlOutputType.FILE_PER_RESOURCE, outputFileExtension: '.yml' });
    new InferenceService(new Chart(a, 'a', { namespace: 'team-a' }), 'iris', { predictor: { model: model() } });
    new InferenceService(new Chart(a, 'b', { namespace: 'team-b' }), 'iris', { predictor: { model: model() } });
    expectError(synthErrors(a), 'a/iris', "both written to 'InferenceService.iris.yml'");
  });

  test('no file is left behind when synth fails', () => {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'duplicates-'));
    const a = new App({ outdir, yamlOutputType: YamlOutputType.FILE_PER_RESOURCE });
    new InferenceService(new Chart(a, 'a', { namespace: 'team-a' }), 'iris', { predictor: { model: model() } });
    new InferenceService(new Chart(a, 'b', { namespace: 'team-b' }), 'iris', { predictor: { model: model() } });
    expect(() => a.synth()).toThrow(/both written to 'InferenceService\.iris\.k8s\.yaml'/);
    expect(fs.readdirSync(outdir)).toEqual([]);
    fs.rmSync(outdir, { recursive: true });
  });
});

test('an app of many charts is checked once, not once per chart', () => {
  // cdk8s validates the whole app again for every chart it writes, each time walking the app (node.findAll): the
  // duplicate check and the collector of synth errors (src/private/synth-errors.ts) share one more walk in all
  // (appConstructs, src/private/app-pass.ts), where one walk per validation would make them quadratic in the number
  // of charts.
  const walks = (build: (chart: Chart) => void) => {
    const a = app();
    for (let i = 0; i < 50; i++) build(new Chart(a, `stage-${i}`, { namespace: 'ml' }));
    const findAll = jest.spyOn(a.node, 'findAll');
    expect(synthErrors(a)).toEqual([]);
    return findAll.mock.calls.length;
  };
  const withServices = walks(chart => new InferenceService(chart, 'iris', { predictor: { model: model() } }));
  const withoutLibraryObjects = walks(chart => new ServiceAccount(chart, 'iris'));
  expect(withServices - withoutLibraryObjects).toBe(1);
});
