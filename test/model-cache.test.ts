import { createHash } from 'crypto';
import { Chart, JsonPatch, Size, Testing } from 'cdk8s';
import { HostPathVolumeType, NodeLabelQuery, PersistentVolumeAccessMode, PersistentVolumeReclaimPolicy } from 'cdk8s-plus-28';
import {
  CustomContainer, DISABLE_LOCAL_MODEL_ANNOTATION, InferenceService, KServeVersion, LocalModelCache, LocalModelNamespaceCache,
  LocalModelNodeGroup, Model, ModelStorageSecret, NODE_GROUP_ANNOTATION, NodeGroupVolume, Runbook, SecretSource, StorageUri,
} from '../src';
import { expectError, newChart, synthErrors } from './util/harness';
import { expectValidObjects } from './util/schema-validator';

const GPU_NODES = [NodeLabelQuery.is('node.kubernetes.io/instance-type', 'gpu-a100')];
const LLAMA = 'hf://meta-llama/Llama-3.1-8B-Instruct';

function nodeGroup(chart: Chart, id = 'gpus', extra: Partial<ConstructorParameters<typeof LocalModelNodeGroup>[2]> = {}) {
  return new LocalModelNodeGroup(chart, id, {
    storageLimit: Size.gibibytes(100), volume: NodeGroupVolume.local('/mnt/models'), nodes: GPU_NODES, storageClassName: 'local-models', ...extra,
  });
}

function objectsOf(chart: Chart, kind: string): any[] {
  return Testing.synth(chart).filter(o => o.kind === kind);
}

/** The first 16 hex digits of SHA-256 of the URI: KServe's GetStorageKey (local_model_cache_types.go). */
function storageKeyOf(uri: string): string {
  return createHash('sha256').update(uri).digest('hex').slice(0, 16);
}

describe('LocalModelNodeGroup', () => {
  test('writes the storage limit, the PersistentVolume and claim specs with node affinity, cluster-scoped', () => {
    const { chart } = newChart();
    const group = nodeGroup(chart);
    expect(group.name).toBe('gpus');
    const objects = Testing.synth(chart);
    expect(objects).toEqual([{
      apiVersion: 'serving.kserve.io/v1alpha1',
      kind: 'LocalModelNodeGroup',
      metadata: { name: 'gpus' },
      spec: {
        storageLimit: '100Gi',
        persistentVolumeSpec: {
          accessModes: ['ReadWriteOnce'],
          capacity: { storage: '100Gi' },
          local: { path: '/mnt/models' },
          nodeAffinity: {
            required: {
              nodeSelectorTerms: [{ matchExpressions: [{ key: 'node.kubernetes.io/instance-type', operator: 'In', values: ['gpu-a100'] }] }],
            },
          },
          storageClassName: 'local-models',
        },
        persistentVolumeClaimSpec: {
          accessModes: ['ReadWriteOnce'],
          resources: { requests: { storage: '100Gi' } },
          storageClassName: 'local-models',
        },
      },
    }]);
    expect(synthErrors(chart.node.root as any)).toEqual([]);
    expectValidObjects(objects, { kserveVersion: 'v0.20.0' });
  });

  test('hostPath and CSI volumes, access modes, reclaim policy, several node requirements and a name', () => {
    const { chart } = newChart();
    new LocalModelNodeGroup(chart, 'host', {
      name: 'host-path-nodes',
      storageLimit: Size.tebibytes(1),
      volume: NodeGroupVolume.hostPath('/var/lib/models', HostPathVolumeType.DIRECTORY_OR_CREATE),
      nodes: [NodeLabelQuery.exists('models'), NodeLabelQuery.notIn('zone', ['z1', 'z2']), NodeLabelQuery.gt('disk-gb', ['500'])],
      storageClassName: 'manual',
      accessModes: [PersistentVolumeAccessMode.READ_WRITE_ONCE, PersistentVolumeAccessMode.READ_ONLY_MANY],
      reclaimPolicy: PersistentVolumeReclaimPolicy.DELETE,
    });
    new LocalModelNodeGroup(chart, 'csi', {
      storageLimit: Size.gibibytes(500),
      volume: NodeGroupVolume.csi('local.csi.example.com', 'models', { fsType: 'xfs', volumeAttributes: { tier: 'nvme' } }),
      nodes: GPU_NODES,
      storageClassName: 'nvme',
    });
    const [host, csi] = objectsOf(chart, 'LocalModelNodeGroup');
    expect(host.metadata).toEqual({ name: 'host-path-nodes' });
    expect(host.spec.persistentVolumeSpec).toEqual({
      accessModes: ['ReadWriteOnce', 'ReadOnlyMany'],
      capacity: { storage: '1Ti' },
      hostPath: { path: '/var/lib/models', type: 'DirectoryOrCreate' },
      nodeAffinity: {
        required: {
          nodeSelectorTerms: [{
            matchExpressions: [
              { key: 'models', operator: 'Exists' },
              { key: 'zone', operator: 'NotIn', values: ['z1', 'z2'] },
              { key: 'disk-gb', operator: 'Gt', values: ['500'] },
            ],
          }],
        },
      },
      persistentVolumeReclaimPolicy: 'Delete',
      storageClassName: 'manual',
    });
    expect(host.spec.persistentVolumeClaimSpec.accessModes).toEqual(['ReadWriteOnce', 'ReadOnlyMany']);
    expect(csi.spec.persistentVolumeSpec.csi).toEqual({ driver: 'local.csi.example.com', volumeHandle: 'models', fsType: 'xfs', volumeAttributes: { tier: 'nvme' } });
    expect(synthErrors(chart.node.root as any)).toEqual([]);
    expectValidObjects(Testing.synth(chart), { kserveVersion: 'v0.20.0' });
  });

  test('a local volume with a file system type; JSON patches reach the YAML', () => {
    const { chart } = newChart();
    const group = nodeGroup(chart, 'gpus', { volume: NodeGroupVolume.local('/dev/nvme1n1', { fsType: 'ext4' }) });
    group.apiObject.addJsonPatch(JsonPatch.add('/metadata/labels', { pool: 'gpu' }));
    const [object] = objectsOf(chart, 'LocalModelNodeGroup');
    expect(object.spec.persistentVolumeSpec.local).toEqual({ path: '/dev/nvme1n1', fsType: 'ext4' });
    expect(object.metadata.labels).toEqual({ pool: 'gpu' });
  });

  test('rejects what Kubernetes or KServe would refuse or never use', () => {
    const { app, chart } = newChart();
    new LocalModelNodeGroup(chart, 'bad', {
      name: 'Bad_Name',
      storageLimit: Size.gibibytes(0),
      volume: NodeGroupVolume.local('mnt/../models'),
      nodes: [NodeLabelQuery.in('zone', []), NodeLabelQuery.lt('disk', ['big']), NodeLabelQuery.exists('bad key!')],
      storageClassName: 'Local_Models',
      accessModes: [PersistentVolumeAccessMode.READ_WRITE_ONCE_POD],
    });
    new LocalModelNodeGroup(chart, 'empty', {
      storageLimit: Size.gibibytes(1), volume: NodeGroupVolume.csi('bad driver', ''), nodes: [], storageClassName: 'x', accessModes: [],
    });
    const errors = synthErrors(app);
    expectError(errors, 'test/bad', "metadata.name 'Bad_Name' must be a DNS-1123 subdomain");
    expectError(errors, 'test/bad', 'storageLimit must be more than 0');
    expectError(errors, 'test/bad', "volume.local.path 'mnt/../models' must be an absolute path");
    expectError(errors, 'test/bad', "volume.local.path 'mnt/../models' must not contain '..'");
    expectError(errors, 'test/bad', "nodes[0]: 'In' needs at least one value");
    expectError(errors, 'test/bad', "nodes[1]: 'Lt' needs exactly one whole-number value");
    expectError(errors, 'test/bad', 'nodes[2] key');
    expectError(errors, 'test/bad', "storageClassName 'Local_Models' must be a DNS-1123 subdomain");
    expectError(errors, 'test/bad', "'ReadWriteOncePod' lets one pod mount the claim");
    expectError(errors, 'test/empty', 'nodes: give at least one node label query');
    expectError(errors, 'test/empty', 'accessModes must not be empty');
    expectError(errors, 'test/empty', "volume.csi.driver 'bad driver' must be a CSI driver name");
    expectError(errors, 'test/empty', 'volume.csi.volumeHandle must not be empty');
  });

  test('the models cached on a node group must fit its storage limit together (each URI once)', () => {
    const build = (withQwen: boolean) => {
      const { app, chart } = newChart();
      const group = nodeGroup(chart, 'gpus', { storageLimit: Size.gibibytes(40) });
      new LocalModelCache(chart, 'llama', { sourceModelUri: StorageUri.parse(LLAMA), modelSize: Size.gibibytes(16), nodeGroups: [group] });
      new LocalModelCache(chart, 'mistral', { sourceModelUri: StorageUri.parse('hf://mistralai/Mistral-7B-v0.3'), modelSize: Size.gibibytes(15), nodeGroups: [group] });
      // The same URI as 'llama': one folder on the nodes, counted once.
      new LocalModelNamespaceCache(chart, 'llama-ns', { sourceModelUri: StorageUri.parse(LLAMA), modelSize: Size.gibibytes(16), nodeGroups: [group] });
      if (withQwen) {
        new LocalModelCache(chart, 'qwen', { sourceModelUri: StorageUri.parse('hf://Qwen/Qwen2.5-7B'), modelSize: Size.gibibytes(15), nodeGroups: [group] });
      }
      return app;
    };
    expect(synthErrors(build(false))).toEqual([]);
    expectError(build(true), 'test/gpus', 'storageLimit (40Gi) is less than the 46Gi the 3 models cached on this node group need together');
  });

  test('needs KServe v0.14 or later', () => {
    const { app, chart } = newChart();
    nodeGroup(chart, 'old', { version: KServeVersion.V0_13 });
    expectError(app, 'test/old', 'LocalModelNodeGroup needs KServe v0.14 or later', 'the target is v0.13');
  });

  test('a JavaScript caller with wrong types gets synth errors, not a TypeError', () => {
    const { app, chart } = newChart();
    new LocalModelNodeGroup(chart, 'js', {
      storageLimit: '100Gi' as any, volume: '/mnt/models' as any, nodes: ['gpu'] as any, storageClassName: 7 as any,
    });
    const errors = synthErrors(app);
    expectError(errors, 'test/js', 'storageLimit');
    expectError(errors, 'test/js', 'volume');
    expectError(errors, 'test/js', 'storageClassName');
  });
});

describe('LocalModelCache and LocalModelNamespaceCache', () => {
  test('write the source URI, size, node groups (objects and references) and labels; the cluster cache has no namespace', () => {
    const { app, chart } = newChart();
    const group = nodeGroup(chart);
    const cache = new LocalModelCache(chart, 'llama', {
      sourceModelUri: StorageUri.parse(LLAMA),
      modelSize: Size.gibibytes(16),
      nodeGroups: [group, LocalModelNodeGroup.fromName('spare-gpus')],
      labels: { team: 'llm' },
    });
    expect(cache.jobNamespace).toBe('kserve-localmodel-jobs');
    expect(objectsOf(chart, 'LocalModelCache')).toEqual([{
      apiVersion: 'serving.kserve.io/v1alpha1',
      kind: 'LocalModelCache',
      metadata: { name: 'llama', labels: { team: 'llm' } },
      spec: { sourceModelUri: LLAMA, modelSize: '16Gi', nodeGroups: ['gpus', 'spare-gpus'] },
    }]);
    expect(synthErrors(app)).toEqual([]);
    expectValidObjects(Testing.synth(chart), { kserveVersion: 'v0.20.0' });
  });

  test('credentials in the download jobs\' namespace: a ServiceAccount, or a storage-config key with parameters', () => {
    const { app, chart } = newChart();
    const group = nodeGroup(chart);
    const jobs = new Chart(app, 'jobs', { namespace: 'kserve-localmodel-jobs' });
    const hub = ModelStorageSecret.huggingFace(jobs, 'hf-token', { source: SecretSource.externalSecret({ store: 'vault', remoteKey: 'ml/hf' }) });
    const s3 = ModelStorageSecret.storageConfig(jobs, 's3-config', {
      key: 'models', source: SecretSource.externalSecret({ store: 'vault', remoteKey: 'ml/s3' }), endpointUrl: 'https://minio.ml.svc:9000',
    });
    new LocalModelCache(chart, 'llama', { sourceModelUri: StorageUri.parse(LLAMA), modelSize: Size.gibibytes(16), nodeGroups: [group], storageCredentials: hub });
    new LocalModelNamespaceCache(chart, 'iris', {
      sourceModelUri: StorageUri.s3('models', 'sklearn/iris'),
      modelSize: Size.mebibytes(1),
      nodeGroups: [group],
      storageCredentials: s3,
      storageParameters: { bucket: 'models' },
    });
    const [cluster] = objectsOf(chart, 'LocalModelCache');
    const [namespaced] = objectsOf(chart, 'LocalModelNamespaceCache');
    expect(cluster.spec.serviceAccountName).toBe('hf-token');
    expect(cluster.spec.storage).toBeUndefined();
    expect(namespaced).toEqual({
      apiVersion: 'serving.kserve.io/v1alpha1',
      kind: 'LocalModelNamespaceCache',
      metadata: { name: 'iris', namespace: 'ml' },
      spec: { sourceModelUri: 's3://models/sklearn/iris', modelSize: '1Mi', nodeGroups: ['gpus'], storage: { key: 'models', parameters: { bucket: 'models' } } },
    });
    expect(synthErrors(app)).toEqual([]);
    expectValidObjects(Testing.synth(chart), { kserveVersion: 'v0.20.0' });
  });

  test('a name of its own; JSON patches reach the YAML', () => {
    const { chart } = newChart();
    const cache = new LocalModelCache(chart, 'llama', {
      name: 'llama-3-1-8b', sourceModelUri: StorageUri.parse(LLAMA), modelSize: Size.gibibytes(16), nodeGroups: [nodeGroup(chart)],
    });
    cache.apiObject.addJsonPatch(JsonPatch.add('/metadata/annotations', { owner: 'llm-team' }));
    expect(cache.name).toBe('llama-3-1-8b');
    const [object] = objectsOf(chart, 'LocalModelCache');
    expect(object.metadata).toEqual({ name: 'llama-3-1-8b', annotations: { owner: 'llm-team' } });
  });

  test('a namespace cache takes its namespace from the props or the chart', () => {
    const { chart } = newChart();
    const group = nodeGroup(chart);
    const own = new LocalModelNamespaceCache(chart, 'own', { namespace: 'team-a', sourceModelUri: StorageUri.parse(LLAMA), modelSize: Size.gibibytes(16), nodeGroups: [group] });
    const charts = new LocalModelNamespaceCache(chart, 'charts', { sourceModelUri: StorageUri.parse(LLAMA), modelSize: Size.gibibytes(16), nodeGroups: [group] });
    expect([own.namespace, charts.namespace]).toEqual(['team-a', 'ml']);
    expect(objectsOf(chart, 'LocalModelNamespaceCache').map(o => o.metadata.namespace)).toEqual(['team-a', 'ml']);
  });

  test('rejects sources the download job cannot fetch, sizes over the limit, names KServe cannot label with', () => {
    const { app, chart } = newChart();
    const group = nodeGroup(chart, 'gpus', { storageLimit: Size.gibibytes(10) });
    const cache = (id: string, uri: StorageUri, extra: object = {}) =>
      new LocalModelCache(chart, id, { sourceModelUri: uri, modelSize: Size.gibibytes(1), nodeGroups: [group], ...extra });
    cache('pvc', StorageUri.pvc('models', 'llama'));
    cache('oci', StorageUri.oci('registry.example.com/models/llama:v1'));
    cache('file', StorageUri.file('/models/llama'));
    cache('slash', StorageUri.parse('s3://models/llama/'));
    cache('big', StorageUri.parse('s3://models/big'), { modelSize: Size.gibibytes(11) });
    cache('zero', StorageUri.parse('s3://models/zero'), { modelSize: Size.gibibytes(0) });
    cache('long', StorageUri.parse('s3://models/long'), { name: 'a'.repeat(64) });
    cache('none', StorageUri.parse('s3://models/none'), { nodeGroups: [] });
    cache('twice', StorageUri.parse('s3://models/twice'), { nodeGroups: [group, LocalModelNodeGroup.fromName('gpus')] });
    cache('badref', StorageUri.parse('s3://models/badref'), { nodeGroups: [LocalModelNodeGroup.fromName('Bad_Group')] });
    cache('pv', StorageUri.parse('s3://models/pv'), { nodeGroups: [LocalModelNodeGroup.fromName(`${'g'.repeat(63)}.${'g'.repeat(63)}.${'g'.repeat(63)}.${'g'.repeat(55)}`)] });
    cache('old-group', StorageUri.parse('s3://models/old'), { nodeGroups: [nodeGroup(chart, 'old', { version: KServeVersion.V0_13 })] });
    const errors = synthErrors(app);
    expectError(errors, 'test/pvc', "KServe's download job cannot fetch 'pvc://' models");
    expectError(errors, 'test/oci', "cannot fetch 'oci://' models");
    expectError(errors, 'test/file', "cannot fetch 'file://' models");
    expectError(errors, 'test/slash', "spec.sourceModelUri 's3://models/llama/' must not end with '/'");
    expectError(errors, 'test/big', 'spec.modelSize (11Gi) is more than the storageLimit (10Gi)', "'test/gpus'");
    expectError(errors, 'test/zero', 'spec.modelSize must be more than 0');
    expectError(errors, 'test/long', 'must be a DNS-1123 subdomain of at most 63 characters', 'label value');
    expectError(errors, 'test/none', 'spec.nodeGroups: give at least one node group');
    expectError(errors, 'test/twice', "spec.nodeGroups[1]: node group 'gpus' is listed twice");
    expectError(errors, 'test/badref', "spec.nodeGroups[0] 'Bad_Group' must be a DNS-1123 subdomain");
    expectError(errors, 'test/pv', 'KServe names the download PersistentVolume', 'at most 253');
    expectError(errors, 'test/old-group', "node group 'test/old' targets KServe v0.13.1 but the LocalModelCache targets v0.20.0");
  });

  test('one LocalModelCache per URI, as KServe\'s webhook; namespace caches may share a URI', () => {
    const { app, chart } = newChart();
    const group = nodeGroup(chart);
    const props = { sourceModelUri: StorageUri.parse(LLAMA), modelSize: Size.gibibytes(16), nodeGroups: [group] };
    new LocalModelNamespaceCache(chart, 'ns-a', { ...props, namespace: 'a' });
    new LocalModelNamespaceCache(chart, 'ns-b', { ...props, namespace: 'b' });
    expect(synthErrors(app)).toEqual([]);
    new LocalModelCache(chart, 'first', props);
    new LocalModelCache(chart, 'second', props);
    const errors = synthErrors(app);
    expectError(errors, 'test/first', `spec.sourceModelUri '${LLAMA}' is also cached by LocalModelCache 'test/second'`);
    expectError(errors, 'test/second', "also cached by LocalModelCache 'test/first'");
  });

  test('credentials must be where the download jobs run, carry a Secret, and fit the URI; parameters need a storage-config key', () => {
    const { app, chart } = newChart();
    const group = nodeGroup(chart);
    const hubInMl = ModelStorageSecret.huggingFace(chart, 'hf-ml', { source: SecretSource.externalSecret({ store: 'vault', remoteKey: 'ml/hf' }) });
    const jobs = new Chart(app, 'jobs', { namespace: 'model-downloads' });
    const irsa = ModelStorageSecret.awsIrsa(jobs, 'irsa', { roleArn: 'arn:aws:iam::123456789012:role/models' });
    const hub = ModelStorageSecret.huggingFace(jobs, 'hf', { source: SecretSource.externalSecret({ store: 'vault', remoteKey: 'ml/hf' }) });
    const common = { modelSize: Size.gibibytes(1), nodeGroups: [group] };
    new LocalModelCache(chart, 'wrong-ns', { ...common, sourceModelUri: StorageUri.parse(LLAMA), storageCredentials: hubInMl });
    new LocalModelCache(chart, 'keyless', { ...common, sourceModelUri: StorageUri.parse('s3://models/a'), storageCredentials: irsa, jobNamespace: 'model-downloads' });
    new LocalModelCache(chart, 'wrong-store', { ...common, sourceModelUri: StorageUri.parse('s3://models/b'), storageCredentials: hub, jobNamespace: 'model-downloads' });
    new LocalModelCache(chart, 'params', { ...common, sourceModelUri: StorageUri.parse('s3://models/c'), storageParameters: { bucket: 'c' } });
    new LocalModelCache(chart, 'bad-ns', { ...common, sourceModelUri: StorageUri.parse('s3://models/d'), jobNamespace: 'Bad NS' });
    const errors = synthErrors(app);
    expectError(errors, 'test/wrong-ns', "storageCredentials: credentials 'test/hf-ml' are in namespace 'ml'", "runs the download jobs in 'kserve-localmodel-jobs'");
    expectError(errors, 'test/keyless', 'are a keyless cloud identity');
    expectError(errors, 'test/wrong-store', "cannot open 's3://models/b'");
    expectError(errors, 'test/params', 'storageParameters are read only with ModelStorageSecret.storageConfig credentials');
    expectError(errors, 'test/bad-ns', 'jobNamespace');
    expect(errors.filter(e => e.startsWith('[test/keyless]') && e.includes('are in namespace'))).toEqual([]);
  });

  test('need KServe v0.14 or later', () => {
    const { app, chart } = newChart();
    const group = nodeGroup(chart);
    const props = { sourceModelUri: StorageUri.parse('s3://models/a'), modelSize: Size.gibibytes(1), nodeGroups: [group], version: KServeVersion.V0_13 };
    new LocalModelCache(chart, 'cluster', props);
    new LocalModelNamespaceCache(chart, 'namespaced', props);
    const errors = synthErrors(app);
    expectError(errors, 'test/cluster', 'LocalModelCache needs KServe v0.14 or later', 'the target is v0.13');
    expectError(errors, 'test/namespaced', 'LocalModelNamespaceCache needs KServe v0.14 or later', 'the target is v0.13');
  });

  test('a JavaScript caller with wrong types gets synth errors, not a TypeError', () => {
    const { app, chart } = newChart();
    new LocalModelCache(chart, 'js', { sourceModelUri: LLAMA as any, modelSize: '16Gi' as any, nodeGroups: 'gpus' as any, storageParameters: { a: 1 } as any });
    new LocalModelNamespaceCache(chart, 'js-ns', { sourceModelUri: StorageUri.parse(LLAMA), modelSize: Size.gibibytes(1), nodeGroups: [{} as any], namespace: 5 as any });
    const errors = synthErrors(app);
    expectError(errors, 'test/js', 'sourceModelUri');
    expectError(errors, 'test/js', 'modelSize');
    expectError(errors, 'test/js', 'nodeGroups');
    expectError(errors, 'test/js-ns', 'nodeGroups');
    expectError(errors, 'test/js-ns', 'namespace');
  });
});

describe('an InferenceService that uses a cached model', () => {
  const iris = (chart: Chart, id: string, uri: string, extra: object = {}) => new InferenceService(chart, id, {
    predictor: { model: Model.sklearn(StorageUri.parse(uri)) }, ...extra,
  });

  test('a URI at or below the cache\'s URI reads the cache: the runbook names the PVC and the path KServe mounts', () => {
    const { app, chart } = newChart();
    const group = nodeGroup(chart);
    new LocalModelCache(chart, 'iris-cache', { sourceModelUri: StorageUri.parse('s3://models/sklearn'), modelSize: Size.gibibytes(1), nodeGroups: [group] });
    const service = iris(chart, 'iris', 's3://models/sklearn/iris/v2');
    expect(synthErrors(app)).toEqual([]);
    const runbook = Runbook.forService(service);
    expect(runbook).toContain('## Model cache');
    expect(runbook).toContain('cached by LocalModelCache `iris-cache` on node group `gpus`');
    expect(runbook).toContain(`\`pvc://iris-cache-gpus/models/${storageKeyOf('s3://models/sklearn')}/iris/v2\``);
    expect(runbook).toContain('kubectl get pvc iris-cache-gpus -n ml');
    expect(runbook).toContain('kubectl get jobs -n kserve-localmodel-jobs -l model=iris-cache');
    expect(runbook).toContain('kubectl get localmodelcache iris-cache -o jsonpath=');
  });

  test('a URI that only shares a prefix is not cached, and the runbook says nothing of caches', () => {
    const { app, chart } = newChart();
    new LocalModelCache(chart, 'iris-cache', { sourceModelUri: StorageUri.parse('s3://models/sklearn'), modelSize: Size.gibibytes(1), nodeGroups: [nodeGroup(chart)] });
    const service = iris(chart, 'other', 's3://models/sklearn-v2/iris');
    expect(synthErrors(app)).toEqual([]);
    expect(Runbook.forService(service)).not.toContain('## Model cache');
  });

  test('a namespace cache of the service\'s namespace comes before a cluster cache; the node group annotation picks the PVC', () => {
    const { app, chart } = newChart();
    const a = nodeGroup(chart, 'group-a');
    const b = nodeGroup(chart, 'group-b');
    new LocalModelCache(chart, 'cluster', { sourceModelUri: StorageUri.parse('s3://models/iris'), modelSize: Size.gibibytes(1), nodeGroups: [a] });
    new LocalModelNamespaceCache(chart, 'local', { sourceModelUri: StorageUri.parse('s3://models/iris'), modelSize: Size.gibibytes(1), nodeGroups: [a, b] });
    const first = iris(chart, 'first', 's3://models/iris');
    const pinned = iris(chart, 'pinned', 's3://models/iris', { annotations: { [NODE_GROUP_ANNOTATION]: b.name } });
    expect(synthErrors(app)).toEqual([]);
    expect(Runbook.forService(first)).toContain('cached by LocalModelNamespaceCache `local` on node group `group-a`');
    expect(Runbook.forService(first)).toContain('kubectl get localmodelnamespacecache local -n ml');
    expect(Runbook.forService(pinned)).toContain('kubectl get pvc local-group-b -n ml');
  });

  test('reports the cases where KServe silently downloads instead', () => {
    const { app, chart } = newChart();
    const group = nodeGroup(chart);
    new LocalModelCache(chart, 'iris-cache', { sourceModelUri: StorageUri.parse('s3://models/iris'), modelSize: Size.gibibytes(1), nodeGroups: [group] });
    new LocalModelNamespaceCache(chart, 'team-cache', { namespace: 'team-a', sourceModelUri: StorageUri.parse('s3://models/team'), modelSize: Size.gibibytes(1), nodeGroups: [group] });
    iris(chart, 'other-group', 's3://models/iris', { annotations: { 'serving.kserve.io/nodegroup': 'cpus' } });
    iris(chart, 'other-ns', 's3://models/team/model');
    new InferenceService(chart, 'entries', {
      predictor: { model: Model.sklearn(StorageUri.parse('s3://models/other')), storageUris: [{ uri: StorageUri.parse('s3://models/iris/extra'), mountPath: '/mnt/extra' }] },
    });
    new InferenceService(chart, 'misplaced', {
      predictor: { model: Model.sklearn(StorageUri.parse('s3://models/iris')), annotations: { 'serving.kserve.io/nodegroup': 'gpus' } },
    });
    new InferenceService(chart, 'transformed', {
      predictor: { model: Model.sklearn(StorageUri.parse('s3://models/iris')) },
      transformer: { container: { image: 'example.com/transformer:1.0', storageUri: StorageUri.parse('s3://models/transformer') } as CustomContainer },
    });
    const errors = synthErrors(app);
    expectError(errors, 'test/other-group', "is cached by LocalModelCache 'test/iris-cache' (node groups 'gpus')", "serving.kserve.io/nodegroup: 'cpus'",
      'KServe uses no cache');
    expectError(errors, 'test/other-ns', "LocalModelNamespaceCache 'test/team-cache' in namespace 'team-a'", "this InferenceService is in 'ml'");
    expectError(errors, 'test/entries', "spec.predictor.storageUris[0] 's3://models/iris/extra' is cached by LocalModelCache 'test/iris-cache'",
      'never for storageUris entries');
    expectError(errors, 'test/misplaced', 'spec.predictor.annotations: KServe reads the annotation serving.kserve.io/nodegroup from the InferenceService');
    expectError(errors, 'test/transformed', "spec.transformer.container.storageUri 's3://models/transformer'",
      `'pvc://iris-cache-gpus/models/${storageKeyOf('s3://models/iris')}/s3://models/transformer'`);
  });

  test('serving.kserve.io/disable-localmodel keeps the service off caches: no checks, no runbook section', () => {
    const { app, chart } = newChart();
    new LocalModelCache(chart, 'iris-cache', { sourceModelUri: StorageUri.parse('s3://models/iris'), modelSize: Size.gibibytes(1), nodeGroups: [nodeGroup(chart)] });
    const service = iris(chart, 'direct', 's3://models/iris', {
      annotations: { [DISABLE_LOCAL_MODEL_ANNOTATION]: 'true', 'serving.kserve.io/nodegroup': 'cpus' },
    });
    expect(synthErrors(app)).toEqual([]);
    expect(Runbook.forService(service)).not.toContain('## Model cache');
  });

  test('a cache and a service of different KServe releases cannot share a cluster', () => {
    const { app, chart } = newChart();
    new LocalModelCache(chart, 'iris-cache', { sourceModelUri: StorageUri.parse('s3://models/iris'), modelSize: Size.gibibytes(1), nodeGroups: [nodeGroup(chart)] });
    iris(chart, 'old', 's3://models/iris', { version: KServeVersion.V0_13 });
    expectError(app, 'test/old', "is served from LocalModelCache 'test/iris-cache', which targets KServe v0.20.0 while the InferenceService targets v0.13.1");
  });

  test('the PersistentVolume KServe names for the service\'s namespace must fit 253 characters', () => {
    const { app, chart } = newChart('n'.repeat(63));
    const group = LocalModelNodeGroup.fromName(`${'g'.repeat(63)}.${'g'.repeat(63)}.${'g'.repeat(55)}`);
    new LocalModelCache(chart, 'iris-cache', { sourceModelUri: StorageUri.parse('s3://models/iris'), modelSize: Size.gibibytes(1), nodeGroups: [group] });
    iris(chart, 'iris', 's3://models/iris');
    expectError(app, 'test/iris', "is served from LocalModelCache 'test/iris-cache', whose PersistentVolume for namespace", 'at most 253');
  });

  test('the cached service validates against the v0.20.0 schemas with the cache objects', () => {
    const { app, chart } = newChart();
    new LocalModelCache(chart, 'iris-cache', { sourceModelUri: StorageUri.parse('s3://models/iris'), modelSize: Size.gibibytes(1), nodeGroups: [nodeGroup(chart)] });
    iris(chart, 'iris', 's3://models/iris');
    expect(synthErrors(app)).toEqual([]);
    expectValidObjects(Testing.synth(chart), { kserveVersion: 'v0.20.0' });
  });
});
