import { Testing } from 'cdk8s';
import { Cpu, TaintEffect } from 'cdk8s-plus-28';
import {
  ExtendedResource, InferenceServiceProps, KServeVersion, Model, StorageUri, Toleration,
} from '../src';
import { expectError, synthErrors } from './util/harness';
import { expectValidObjects, KServeSchemaVersion } from './util/schema-validator';
import { buildService } from './util/service';

const build = (props: InferenceServiceProps) => buildService(props, 'llm');

const URI = StorageUri.parse('hf://meta-llama/Llama-3.1-8B-Instruct');
const SERVER = { image: 'registry.example.com/ml/server:1.0.0' };


function rendered(props: InferenceServiceProps): any {
  const { app, chart } = build(props);
  expect(synthErrors(app)).toEqual([]);
  return Testing.synth(chart).find(o => o.kind === 'InferenceService');
}

describe('rendering', () => {
  test('a GPU model gets the same whole number in requests and limits, beside cpu and memory', () => {
    const isvc = rendered({
      predictor: {
        model: Model.huggingface(URI),
        resources: { cpu: { request: Cpu.units(4), limit: Cpu.units(8) } },
        extendedResources: [ExtendedResource.nvidiaGpu(2)],
        tolerations: [Toleration.exists('nvidia.com/gpu', { effect: TaintEffect.NO_SCHEDULE })],
      },
    });
    expect(isvc.spec.predictor.model.resources).toEqual({
      requests: { 'cpu': '4', 'nvidia.com/gpu': '2' },
      limits: { 'cpu': '8', 'nvidia.com/gpu': '2' },
    });
    expect(isvc.spec.predictor.tolerations).toEqual([{ key: 'nvidia.com/gpu', operator: 'Exists', effect: 'NoSchedule' }]);
  });

  test('extended resources alone, on a custom container and a transformer; vendor factories and any named resource', () => {
    const isvc = rendered({
      predictor: { container: SERVER, extendedResources: [ExtendedResource.amdGpu(1), ExtendedResource.named('example.com/fpga', 3)] },
      transformer: { container: SERVER, extendedResources: [ExtendedResource.intelGpu(1)] },
    });
    expect(isvc.spec.predictor.containers[0].resources).toEqual({
      requests: { 'amd.com/gpu': '1', 'example.com/fpga': '3' },
      limits: { 'amd.com/gpu': '1', 'example.com/fpga': '3' },
    });
    expect(isvc.spec.transformer.containers[0].resources).toEqual({
      requests: { 'gpu.intel.com/i915': '1' }, limits: { 'gpu.intel.com/i915': '1' },
    });
  });

  test.each<[KServeSchemaVersion, KServeVersion]>([['v0.13.1', KServeVersion.V0_13], ['v0.20.0', KServeVersion.V0_20]])(
    'validates against the KServe %s schema', (schema, version) => {
      const { app, chart } = build({
        version,
        predictor: { model: Model.sklearn(StorageUri.parse('gs://models/iris')), extendedResources: [ExtendedResource.nvidiaGpu(1)] },
      });
      expect(synthErrors(app)).toEqual([]);
      expectValidObjects(Testing.synth(chart), { kserveVersion: schema });
    });
});

describe('rules', () => {
  const predictor = (extendedResources: ExtendedResource[]) => build({ predictor: { container: SERVER, extendedResources } }).app;

  test.each(['cpu', 'nvidia', 'kubernetes.io/gpu', 'node.kubernetes.io/gpu', 'Example.com/fpga', 'example.com/'])(
    "'%s' is not an extended resource name", (name) => {
      expectError(predictor([ExtendedResource.named(name, 1)]), 'test/llm', 'spec.predictor.extendedResources[0]', 'is not an extended resource name');
    });

  test.each([0, -1, 1.5, Number.NaN])('a count of %s is rejected', (count) => {
    expectError(predictor([ExtendedResource.nvidiaGpu(count)]), 'test/llm', "spec.predictor.extendedResources[0]: the count of 'nvidia.com/gpu'",
      'must be a whole number of at least 1');
  });

  test('a resource given twice is rejected (give its total once)', () => {
    expectError(predictor([ExtendedResource.nvidiaGpu(1), ExtendedResource.nvidiaGpu(1)]), 'test/llm',
      "spec.predictor.extendedResources[1]: 'nvidia.com/gpu' is given twice");
  });

  test('a plain object (JavaScript callers) is a synth error, not a crash', () => {
    const app = predictor([{ name: 'nvidia.com/gpu', count: 1 } as unknown as ExtendedResource]);
    expectError(app, 'test/llm', 'predictor.extendedResources[0]: must be an ExtendedResource (ExtendedResource.nvidiaGpu(...), '
      + 'ExtendedResource.amdGpu(...), ExtendedResource.intelGpu(...), ...) (got a plain object { name, count })');
  });
});
