import * as fs from 'fs';
import * as path from 'path';
import { EXAMPLES, synthExample, synthExampleFiles } from './util/harness';
import { expectValidObjects, KServeSchemaVersion } from './util/schema-validator';

// Examples that use features of one KServe version only (spec.canary and workerSpec exist from v0.20, hf:// is read from v0.20,
// the local model cache CRDs exist in v0.20).
const VERSIONS: Record<string, KServeSchemaVersion[]> = {
  'canary': ['v0.20.0'],
  'multinode': ['v0.20.0'],
  'gpu-llm': ['v0.20.0'],
  'model-cache': ['v0.20.0'],
  // LLMInferenceService and its configs exist from v0.16; the library targets them on v0.20.
  'llm-gpu': ['v0.20.0'],
  'llm-pd': ['v0.20.0'],
  'llm-lora': ['v0.20.0'],
};
// Examples writing one folder per KServe version (v0.13/, v0.20/) are validated folder by folder.
const FOLDER_VERSIONS: Record<string, KServeSchemaVersion> = { 'v0.13': 'v0.13.1', 'v0.20': 'v0.20.0' };

const examples = fs.readdirSync(EXAMPLES).filter(name => fs.existsSync(path.join(EXAMPLES, name, 'cdk8s.yaml'))).sort();

test('every example is listed', () => {
  expect(examples).toContain('sklearn-iris');
});

describe.each(examples)('examples/%s', (name) => {
  const files = synthExampleFiles(name);
  const objects = files.flatMap(f => f.objects);
  const folders = [...new Set(files.map(f => f.file.split(path.sep)[0]).filter(folder => FOLDER_VERSIONS[folder]))];

  test('synthesizes to the expected manifests', () => {
    expect(objects.length).toBeGreaterThan(0);
    expect(objects).toMatchSnapshot();
  });

  if (folders.length > 0) {
    test.each(folders)('%s/ validates against the schemas of its KServe version', (folder) => {
      expectValidObjects(files.filter(f => f.file.startsWith(folder + path.sep)).flatMap(f => f.objects), { kserveVersion: FOLDER_VERSIONS[folder] });
    });
  } else {
    test.each<KServeSchemaVersion>(VERSIONS[name] ?? ['v0.13.1', 'v0.20.0'])('validates against the KServe %s schemas', (version) => {
      expectValidObjects(objects, { kserveVersion: version });
    });
  }
});

test('the sklearn-iris example is the seed stack', () => {
  const [isvc] = synthExample('sklearn-iris');
  expect(isvc.metadata).toMatchObject({ name: 'sklearn-iris', namespace: 'ml' });
  expect(isvc.spec.predictor.model).toEqual({
    modelFormat: { name: 'sklearn' },
    storageUri: 'gs://kfserving-examples/models/sklearn/1.0/model',
    resources: { requests: { cpu: '100m', memory: '256Mi' }, limits: { cpu: '500m', memory: '512Mi' } },
  });
});

test('the gpu-llm example keeps its GPU, shared memory, pool placement, pull secret and probes exactly', () => {
  const isvc = synthExample('gpu-llm').find(o => o.kind === 'InferenceService');
  const p = isvc.spec.predictor;
  expect(p.model.resources).toEqual({
    requests: { 'cpu': '4', 'memory': '24Gi', 'nvidia.com/gpu': '1' },
    limits: { 'cpu': '8', 'memory': '32Gi', 'nvidia.com/gpu': '1' },
  });
  expect(p.volumes).toEqual([{ name: 'devshm', emptyDir: { medium: 'Memory', sizeLimit: '8Gi' } }]);
  expect(p.model.volumeMounts).toEqual([{ name: 'devshm', mountPath: '/dev/shm' }]);
  expect(p.nodeSelector).toEqual({ 'nvidia.com/gpu.product': 'NVIDIA-A100-SXM4-80GB' });
  expect(p.tolerations).toEqual([{ key: 'nvidia.com/gpu', operator: 'Exists', effect: 'NoSchedule' }]);
  expect(p.imagePullSecrets).toEqual([{ name: 'registry-mirror-creds' }]);
  const get = (route: string) => ({ path: route, port: 8080, scheme: 'HTTP' });
  expect(p.model.startupProbe).toEqual({ httpGet: get('/'), periodSeconds: 10, failureThreshold: 90 });
  expect(p.model.readinessProbe).toEqual({ httpGet: get('/v2/health/ready'), periodSeconds: 10, failureThreshold: 3 });
  expect(p.model.livenessProbe).toEqual({ httpGet: get('/'), periodSeconds: 30, timeoutSeconds: 5, failureThreshold: 3 });
});

test('the triton-grpc example serves V2 gRPC on an h2c port from a PVC model repository', () => {
  const isvc = synthExample('triton-grpc').find(o => o.kind === 'InferenceService');
  const p = isvc.spec.predictor;
  expect(p.model).toMatchObject({ modelFormat: { name: 'triton' }, protocolVersion: 'grpc-v2', storageUri: 'pvc://triton-repository/models' });
  expect(p.model.ports).toEqual([{ containerPort: 9000, name: 'h2c', protocol: 'TCP' }]);
  expect(p.model.resources.limits['nvidia.com/gpu']).toBe('1');
  expect(p.volumes).toEqual([{ name: 'vocab', persistentVolumeClaim: { claimName: 'tokenizer-files', readOnly: true } }]);
  expect(p.model.volumeMounts).toEqual([{ name: 'vocab', mountPath: '/opt/tokenizer', readOnly: true }]);
});

test('the multinode example runs a tensor- and pipeline-parallel head and workers with the same GPUs', () => {
  const isvc = synthExample('multinode').find(o => o.kind === 'InferenceService');
  const p = isvc.spec.predictor;
  expect(isvc.metadata.annotations['serving.kserve.io/autoscalerClass']).toBe('none');
  expect(p.model.storageUri).toBe('pvc://llama3-405b-weights/Llama-3.1-405B-Instruct');
  expect(p.workerSpec).toMatchObject({ tensorParallelSize: 4, pipelineParallelSize: 2 });
  const gpus = { 'nvidia.com/gpu': '4', 'cpu': '16', 'memory': '128Gi' };
  expect(p.model.resources).toEqual({ requests: gpus, limits: gpus });
  expect(p.workerSpec.containers[0].resources).toEqual({ requests: gpus, limits: gpus });
});
