import { createHash } from 'crypto';
import { Chart, Size, Testing } from 'cdk8s';
import { NodeLabelQuery } from 'cdk8s-plus-28';
import {
  InferenceService, KServeDefaults, KServeVersion, LocalModelCache, LocalModelNamespaceCache, LocalModelNodeGroup, Model,
  ModelStorageSecret, NODE_GROUP_ANNOTATION, NodeGroupVolume, Runbook, SecretSource, StorageUri,
} from '../src';
import { expectError, newChart, synthErrors } from './util/harness';
import { expectValidObjects, schemaVersionOf } from './util/schema-validator';

// The local model cache at each release that has it (v0.14.1 … v0.19.0 here; v0.20.0 in model-cache.test.ts). Facts, per
// release, from the CRDs (/work/shared/schemas/kserve/<tag>/serving.kserve.io_localmodel*.yaml) and from
// pkg/apis/serving/v1beta1/inference_service_defaults.go `setLocalModelLabel`, pkg/webhook/admission/pod/
// storage_initializer_injector.go and pkg/controller/v1alpha1/localmodel at each tag.

const MIDDLE = [KServeVersion.V0_14, KServeVersion.V0_15, KServeVersion.V0_16, KServeVersion.V0_17, KServeVersion.V0_18, KServeVersion.V0_19];
const BEFORE_V0_18 = [KServeVersion.V0_14, KServeVersion.V0_15, KServeVersion.V0_16, KServeVersion.V0_17];
const FROM_V0_18 = [KServeVersion.V0_18, KServeVersion.V0_19];
const GPU_NODES = [NodeLabelQuery.is('node.kubernetes.io/instance-type', 'gpu-a100')];
const IRIS = 'gs://kfserving-examples/models/sklearn/1.0/model';

/** A chart whose constructs target `version` (through KServeDefaults). */
function chartFor(version: KServeVersion, namespace = 'ml') {
  const { app, chart } = newChart(namespace);
  new KServeDefaults(chart, 'defaults', { version });
  return { app, chart };
}
function nodeGroup(chart: Chart, id = 'gpus') {
  return new LocalModelNodeGroup(chart, id, {
    storageLimit: Size.gibibytes(100), volume: NodeGroupVolume.local('/mnt/models'), nodes: GPU_NODES, storageClassName: 'local-models',
  });
}
const cache = (chart: Chart, id: string, uri: string, groups: Array<{ name: string }>, extra: object = {}) => new LocalModelCache(chart, id, {
  sourceModelUri: StorageUri.parse(uri), modelSize: Size.gibibytes(1), nodeGroups: groups, ...extra,
});
const iris = (chart: Chart, id: string, uri: string, extra: object = {}) => new InferenceService(chart, id, {
  predictor: { model: Model.sklearn(StorageUri.parse(uri)) }, ...extra,
});
const storageKeyOf = (uri: string) => createHash('sha256').update(uri).digest('hex').slice(0, 16);

describe.each(MIDDLE)('%s: a node group, a cache and a service that reads it', version => {
  test('no synth error; every object validates against the release\'s own CRDs', () => {
    const { app, chart } = chartFor(version);
    cache(chart, 'iris-cache', IRIS, [nodeGroup(chart)]);
    const service = iris(chart, 'iris', `${IRIS}/v2`);
    expect(synthErrors(app)).toEqual([]);
    const objects = Testing.synth(chart);
    expect(objects.map(o => o.kind).sort()).toEqual(['InferenceService', 'LocalModelCache', 'LocalModelNodeGroup']);
    expect(objects.find(o => o.kind === 'LocalModelCache').spec).toEqual({ sourceModelUri: IRIS, modelSize: '1Gi', nodeGroups: ['gpus'] });
    expectValidObjects(objects, { kserveVersion: schemaVersionOf(version) });
    expect(Runbook.forService(service)).toContain('kubectl get pvc iris-cache-gpus -n ml');
  });
});

describe('v0.14.1: one node group per cache, no node group annotation, URIs matched by string prefix', () => {
  test('a second node group is rejected at v0.14.1 (the CRD\'s maxItems: 1) and accepted at v0.15.2', () => {
    const old = chartFor(KServeVersion.V0_14);
    cache(old.chart, 'iris-cache', IRIS, [nodeGroup(old.chart, 'a'), nodeGroup(old.chart, 'b')]);
    expectError(old.app, 'test/iris-cache', 'spec.nodeGroups: KServe v0.14.1 caches a model on at most 1 node group (got 2)', 'v0.15 or later');
    const next = chartFor(KServeVersion.V0_15);
    cache(next.chart, 'iris-cache', IRIS, [nodeGroup(next.chart, 'a'), nodeGroup(next.chart, 'b')]);
    expect(synthErrors(next.app)).toEqual([]);
    expectValidObjects(Testing.synth(next.chart), { kserveVersion: 'v0.15.2' });
  });

  test('the node group annotation is rejected where KServe ignores it (v0.14.1) and picks the PVC from v0.15.2', () => {
    const old = chartFor(KServeVersion.V0_14);
    cache(old.chart, 'iris-cache', IRIS, [nodeGroup(old.chart)]);
    iris(old.chart, 'pinned', IRIS, { annotations: { [NODE_GROUP_ANNOTATION]: 'gpus' } });
    expectError(old.app, 'test/pinned', `KServe v0.14.1 does not read ${NODE_GROUP_ANNOTATION}`, 'read from KServe v0.15 on');
    const next = chartFor(KServeVersion.V0_15);
    cache(next.chart, 'iris-cache', IRIS, [nodeGroup(next.chart, 'a'), nodeGroup(next.chart, 'b')]);
    const pinned = iris(next.chart, 'pinned', IRIS, { annotations: { [NODE_GROUP_ANNOTATION]: 'b' } });
    expect(synthErrors(next.app)).toEqual([]);
    expect(Runbook.forService(pinned)).toContain('kubectl get pvc iris-cache-b -n ml');
  });

  test('a URI that only starts with the cache\'s is taken by v0.14.1 (and would mount a wrong folder); from v0.15.2 it is not cached', () => {
    const old = chartFor(KServeVersion.V0_14);
    cache(old.chart, 'iris-cache', 'gs://models/sklearn', [nodeGroup(old.chart)]);
    iris(old.chart, 'other', 'gs://models/sklearn-v2/iris');
    expectError(old.app, 'test/other', "'gs://models/sklearn-v2/iris' only starts with the URI of LocalModelCache 'test/iris-cache'",
      'KServe v0.14.1 matches caches by string prefix', "'pvc://iris-cache-gpus/models/iris-cache/-v2/iris'");
    const next = chartFor(KServeVersion.V0_15);
    cache(next.chart, 'iris-cache', 'gs://models/sklearn', [nodeGroup(next.chart)]);
    const other = iris(next.chart, 'other', 'gs://models/sklearn-v2/iris');
    expect(synthErrors(next.app)).toEqual([]);
    expect(Runbook.forService(other)).not.toContain('## Model cache');
  });

  test('the download PersistentVolume is `<cache>-download` at v0.14.1, `<cache>-<group>-download` from v0.15.2', () => {
    // 53 + 1 + 191 + 9 = 254 characters with the group's name, 62 without.
    const group = LocalModelNodeGroup.fromName(`${'g'.repeat(63)}.${'g'.repeat(63)}.${'g'.repeat(63)}`);
    const name = 'c'.repeat(53);
    const old = chartFor(KServeVersion.V0_14);
    cache(old.chart, 'iris-cache', IRIS, [group], { name });
    expect(synthErrors(old.app)).toEqual([]);
    const next = chartFor(KServeVersion.V0_15);
    cache(next.chart, 'iris-cache', IRIS, [group], { name });
    expectError(next.app, 'test/iris-cache', 'KServe names the download PersistentVolume', '(254 characters, at most 253)');
  });
});

describe('the model\'s folder on the node group\'s volume', () => {
  test.each(BEFORE_V0_18)('%s: models/<cache name> (the pod webhook uses the cache label)', version => {
    const { app, chart } = chartFor(version);
    cache(chart, 'iris-cache', IRIS, [nodeGroup(chart)]);
    const service = iris(chart, 'iris', `${IRIS}/v2`);
    expect(synthErrors(app)).toEqual([]);
    expect(Runbook.forService(service)).toContain('`pvc://iris-cache-gpus/models/iris-cache/v2`');
  });

  test.each(FROM_V0_18)('%s: models/<storage key> (GetStorageKey)', version => {
    const { app, chart } = chartFor(version);
    cache(chart, 'iris-cache', IRIS, [nodeGroup(chart)]);
    const service = iris(chart, 'iris', `${IRIS}/v2`);
    expect(synthErrors(app)).toEqual([]);
    expect(Runbook.forService(service)).toContain(`\`pvc://iris-cache-gpus/models/${storageKeyOf(IRIS)}/v2\``);
  });
});

describe('LocalModelNamespaceCache and cache credentials: KServe v0.18 or later', () => {
  const hubToken = (chart: Chart) => ModelStorageSecret.huggingFace(chart, 'hf-token', { source: SecretSource.fromSecretName('hf-token') });

  test.each(BEFORE_V0_18)('%s rejects them, naming v0.18', version => {
    const { app, chart } = chartFor(version, 'kserve-localmodel-jobs');
    const group = nodeGroup(chart);
    new LocalModelNamespaceCache(chart, 'team-cache', { sourceModelUri: StorageUri.parse(IRIS), modelSize: Size.gibibytes(1), nodeGroups: [group] });
    cache(chart, 'llama', 'hf://meta-llama/Llama-3.1-8B-Instruct', [group], { storageCredentials: hubToken(chart) });
    cache(chart, 'tuned', 'gs://models/tuned', [group], { storageParameters: { region: 'eu' } });
    const errors = synthErrors(app);
    expectError(errors, 'test/team-cache', 'LocalModelNamespaceCache needs KServe v0.18 or later', `the target is ${version.name}`);
    expectError(errors, 'test/llama', `storageCredentials: the download jobs of KServe ${version.name} run without credentials`, 'v0.18 or later');
    expectError(errors, 'test/tuned', `storageParameters: the download jobs of KServe ${version.name} run without credentials`);
  });

  test.each(FROM_V0_18)('%s accepts them; they validate against its CRDs', version => {
    const { app, chart } = chartFor(version, 'kserve-localmodel-jobs');
    const group = nodeGroup(chart);
    new LocalModelNamespaceCache(chart, 'team-cache', { sourceModelUri: StorageUri.parse(IRIS), modelSize: Size.gibibytes(1), nodeGroups: [group] });
    cache(chart, 'llama', 'hf://meta-llama/Llama-3.1-8B-Instruct', [group], { storageCredentials: hubToken(chart) });
    expect(synthErrors(app)).toEqual([]);
    const objects = Testing.synth(chart);
    expect(objects.find(o => o.kind === 'LocalModelCache').spec.serviceAccountName).toBe('hf-token');
    expectValidObjects(objects, { kserveVersion: schemaVersionOf(version) });
  });
});

test('v0.13.1 has no local model cache: each construct names v0.14', () => {
  const { app, chart } = chartFor(KServeVersion.V0_13);
  const group = nodeGroup(chart);
  cache(chart, 'iris-cache', IRIS, [group]);
  const errors = synthErrors(app);
  expectError(errors, 'test/gpus', 'LocalModelNodeGroup needs KServe v0.14 or later', 'the target is v0.13.1');
  expectError(errors, 'test/iris-cache', 'LocalModelCache needs KServe v0.14 or later', 'the target is v0.13.1');
});
