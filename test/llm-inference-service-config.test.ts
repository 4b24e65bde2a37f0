import { Size, Testing } from 'cdk8s';
import { Cpu } from 'cdk8s-plus-28';
import { ExtendedResource, KServeVersion, LLMInferenceService, LLMInferenceServiceConfig, StorageUri } from '../src';
import { expectError, newChart, synthErrors } from './util/harness';
import { expectValidObjects } from './util/schema-validator';

describe('LLMInferenceServiceConfig', () => {
  test('renders the spec pieces, without a model; a service references it by object', () => {
    const { app, chart } = newChart();
    const preset = new LLMInferenceServiceConfig(chart, 'preset', {
      name: 'a100-preset',
      metadataLabels: { team: 'ml' },
      parallelism: { tensor: 2 },
      template: {
        image: 'vllm/vllm-openai:v0.11.0',
        extendedResources: [ExtendedResource.nvidiaGpu(2)],
        resources: { cpu: { request: Cpu.units(8) } },
        sharedMemory: Size.gibibytes(4),
      },
      router: { scheduler: { replicas: 2 } },
    });
    new LLMInferenceService(chart, 'qwen', { model: { uri: StorageUri.huggingFace('Qwen/Qwen2.5-7B-Instruct') }, baseRefs: [preset] });
    expect(synthErrors(app)).toEqual([]);
    const objects = Testing.synth(chart);
    expectValidObjects(objects, { kserveVersion: 'v0.20.0' });
    expect(objects[0]).toEqual({
      apiVersion: 'serving.kserve.io/v1alpha2',
      kind: 'LLMInferenceServiceConfig',
      metadata: { name: 'a100-preset', namespace: 'ml', labels: { team: 'ml' } },
      spec: {
        parallelism: { tensor: 2 },
        template: {
          containers: [{
            name: 'main',
            image: 'vllm/vllm-openai:v0.11.0',
            resources: { limits: { 'nvidia.com/gpu': '2' }, requests: { 'cpu': '8', 'nvidia.com/gpu': '2' } },
            volumeMounts: [{ name: 'dshm', mountPath: '/dev/shm' }],
          }],
          volumes: [{ name: 'dshm', emptyDir: { medium: 'Memory', sizeLimit: '4Gi' } }],
        },
        router: { scheduler: { replicas: 2 } },
      },
    });
    expect(objects[1].spec.baseRefs).toEqual([{ name: 'a100-preset' }]);
    expect(preset.configName).toBe('a100-preset');
    expect(preset.configNamespace).toBe('ml');
  });

  test('a worker without parallelism is left to the service that merges it', () => {
    const { app, chart } = newChart();
    new LLMInferenceServiceConfig(chart, 'worker', { worker: { extendedResources: [ExtendedResource.nvidiaGpu(1)] } });
    expect(synthErrors(app)).toEqual([]);
  });

  test('webhook: baseRefs are forbidden (the props have none; from JavaScript the type check rejects them)', () => {
    const { app, chart } = newChart();
    new LLMInferenceServiceConfig(chart, 'cfg', { baseRefs: [LLMInferenceServiceConfig.fromName('x')] } as any);
    expectError(app, 'test/cfg', 'baseRefs: unknown property; not a prop of LLMInferenceServiceConfigProps');
  });

  test('webhook: scheduler replicas must be greater than zero', () => {
    const { app, chart } = newChart();
    new LLMInferenceServiceConfig(chart, 'cfg', { router: { scheduler: { replicas: 0 } } });
    expectError(app, 'test/cfg', 'spec.router.scheduler.replicas: scheduler replicas must be greater than zero');
  });

  test('field rules of the spec apply (replicas and scaling)', () => {
    const { app, chart } = newChart();
    new LLMInferenceServiceConfig(chart, 'cfg', { replicas: 1, scaling: { maxReplicas: 2, wva: { hpa: {} } } });
    expectError(app, 'test/cfg', 'spec.scaling: scaling and replicas are mutually exclusive');
  });

  test('name must be a DNS-1123 subdomain; v0.13 is an error', () => {
    const { app, chart } = newChart();
    new LLMInferenceServiceConfig(chart, 'cfg', { name: 'Bad_Name' });
    new LLMInferenceServiceConfig(chart, 'old', { version: KServeVersion.V0_13 });
    const errors = synthErrors(app);
    expectError(errors, 'test/cfg', "metadata.name 'Bad_Name' must be a DNS-1123 subdomain");
    expectError(errors, 'test/old', "LLMInferenceServiceConfig 'test/old' needs KServe v0.16 or later", 'the target is v0.13');
  });

  test('a JavaScript wrong type is a synth error', () => {
    const { app, chart } = newChart();
    new LLMInferenceServiceConfig(chart, 'cfg', { replicas: 'one' } as any);
    expectError(app, 'test/cfg', 'replicas');
  });

  test("an adapter named like the config is fine: the base model's default name is the service's", () => {
    const { app, chart } = newChart();
    new LLMInferenceServiceConfig(chart, 'cfg', {
      name: 'sql', model: { uri: StorageUri.huggingFace('org/base'), lora: { adapters: [{ name: 'sql', uri: StorageUri.huggingFace('org/sql') }] } },
    });
    expect(synthErrors(app)).toEqual([]);
  });

  test('fromName gives a reference by name and namespace', () => {
    expect(LLMInferenceServiceConfig.fromName('kserve-config-llm-template', 'kserve')).toEqual({ configName: 'kserve-config-llm-template', configNamespace: 'kserve' });
  });
});
