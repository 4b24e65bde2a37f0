import { Chart, Size, Testing } from 'cdk8s';
import { NodeLabelQuery, Volume } from 'cdk8s-plus-28';
import {
  KServeInstall, KServeInstallProps, LLMInferenceService, LLMInferenceServiceProps, LocalModelCache, LocalModelNamespaceCache, LocalModelNodeGroup,
  NodeGroupVolume, StorageUri,
} from '../src';
import { expectError, newChart, synthErrors } from './util/harness';
import { expectValidObjects } from './util/schema-validator';

const MODEL = { uri: StorageUri.huggingFace('Qwen/Qwen2.5-7B-Instruct') };
const AT = 'test/qwen';

/** The synth errors of one service (and whatever `setup` adds to its chart). */
function errorsOf(props: Partial<LLMInferenceServiceProps>, setup?: (chart: Chart) => Partial<LLMInferenceServiceProps>): string[] {
  const { app, chart } = newChart();
  new LLMInferenceService(chart, 'qwen', { model: MODEL, ...props, ...setup?.(chart) } as LLMInferenceServiceProps);
  return synthErrors(app);
}

/** Synthesizes one service (and `setup`'s objects), asserts no errors and valid objects (v0.20.0 schemas), returns them. */
function objectsOf(props: Partial<LLMInferenceServiceProps>, setup?: (chart: Chart) => Partial<LLMInferenceServiceProps>): any[] {
  const { app, chart } = newChart();
  new LLMInferenceService(chart, 'qwen', { model: MODEL, ...props, ...setup?.(chart) } as LLMInferenceServiceProps);
  expect(synthErrors(app)).toEqual([]);
  const objects = Testing.synth(chart);
  expectValidObjects(objects, { kserveVersion: 'v0.20.0' });
  return objects;
}

const specOf = (objects: any[]) => objects.find(o => o.kind === 'LLMInferenceService').spec;

describe('sharedMemory on an LLM pod writes the presets\' /dev/shm volume (dshm)', () => {
  test('template, worker and prefill: one volume dshm with the size, one mount at /dev/shm', () => {
    const spec = specOf(objectsOf({
      template: { sharedMemory: Size.gibibytes(16) },
      worker: { sharedMemory: Size.gibibytes(8) },
      parallelism: { data: 2, dataLocal: 1 },
      router: { gateway: {}, route: {}, scheduler: {} },
      prefill: { template: { sharedMemory: Size.gibibytes(4) } },
    }));
    for (const [pod, size] of [[spec.template, '16Gi'], [spec.worker, '8Gi'], [spec.prefill.template, '4Gi']]) {
      expect(pod.volumes).toEqual([{ name: 'dshm', emptyDir: { medium: 'Memory', sizeLimit: size } }]);
      expect(pod.containers[0].volumeMounts).toEqual([{ name: 'dshm', mountPath: '/dev/shm' }]);
    }
  });

  test('a volume of the user named dshm next to sharedMemory is rejected (two volumes of one name)', () => {
    const errors = errorsOf({}, chart => ({
      template: {
        sharedMemory: Size.gibibytes(2),
        volumeMounts: [{ volume: Volume.fromEmptyDir(chart, 'cache', 'dshm'), path: '/cache' }],
      },
    }));
    expectError(errors, AT, "spec.template.volumeMounts[0].volume: volume name 'dshm' is the one sharedMemory uses");
  });

  test('next to sharedMemory, a volume of the user named devshm (the InferenceService runtimes\' name) is the user\'s own', () => {
    const objects = objectsOf({}, chart => ({
      template: { sharedMemory: Size.gibibytes(2), volumeMounts: [{ volume: Volume.fromEmptyDir(chart, 'cache', 'devshm'), path: '/cache' }] },
    }));
    expect(specOf(objects).template.volumes).toEqual([
      { name: 'devshm', emptyDir: {} },
      { name: 'dshm', emptyDir: { medium: 'Memory', sizeLimit: '2Gi' } },
    ]);
  });
});

describe('local model objects with a KServeInstall that runs no local model controller', () => {
  const nodes = [NodeLabelQuery.is('node.kubernetes.io/instance-type', 'gpu-a100')];
  function cacheApp(install: KServeInstallProps | undefined) {
    const { app, chart } = newChart();
    if (install) new KServeInstall(app, 'kserve', install);
    const group = new LocalModelNodeGroup(chart, 'gpus', {
      storageLimit: Size.gibibytes(100), volume: NodeGroupVolume.local('/mnt/models'), nodes, storageClassName: 'local-models',
    });
    new LocalModelCache(chart, 'llama', { sourceModelUri: StorageUri.huggingFace('meta-llama/Llama-3.1-8B-Instruct'), modelSize: Size.gibibytes(16), nodeGroups: [group] });
    new LocalModelNamespaceCache(chart, 'qwen', { sourceModelUri: StorageUri.huggingFace('Qwen/Qwen2.5-7B-Instruct'), modelSize: Size.gibibytes(16), nodeGroups: [group] });
    return app;
  }

  test('each cache and node group names the install and the option to turn on', () => {
    const errors = synthErrors(cacheApp({}));
    for (const [at, kind] of [['test/llama', 'LocalModelCache'], ['test/qwen', 'LocalModelNamespaceCache'], ['test/gpus', 'LocalModelNodeGroup']]) {
      expectError(errors, at, `this ${kind} is served by nothing: KServeInstall 'kserve' runs no local model controller`,
        'set localModelController: true on the install');
    }
  });

  test('localModelController: true serves them', () => {
    expect(synthErrors(cacheApp({ localModelController: true }))).toEqual([]);
  });

  test('an app without a KServeInstall says nothing (the cluster may have one)', () => {
    expect(synthErrors(cacheApp(undefined))).toEqual([]);
  });
});
