import { Size, Testing } from 'cdk8s';
import { Cpu, EnvValue } from 'cdk8s-plus-28';
import {
  Autoscaling, CanaryPhase, CanaryRollout, DeploymentMode, ExtendedResource, InferenceServiceProps, KServeVersion, Model,
  MultiNode, PredictorOptions, StorageUri,
} from '../src';
import { expectError, newChart, synthErrors } from './util/harness';
import { expectValidObjects } from './util/schema-validator';
import { buildService } from './util/service';

const build = (props: InferenceServiceProps) => buildService(props, 'llm');

const LLM = Model.huggingface(StorageUri.parse('pvc://models/llama-70b'), { runtime: 'kserve-huggingfaceserver-multinode' });

/** A multi-node predictor KServe v0.20 accepts: Standard mode, no autoscaler, pvc storage. */
function multiNodeProps(predictor: Partial<PredictorOptions> = {}, rest: Partial<InferenceServiceProps> = {}): InferenceServiceProps {
  return {
    deploymentMode: DeploymentMode.STANDARD,
    ...rest,
    predictor: {
      model: LLM,
      autoscaling: Autoscaling.fixed(1),
      extendedResources: [ExtendedResource.nvidiaGpu(2)],
      multiNode: { pipelineParallelSize: 2, tensorParallelSize: 2 },
      ...predictor,
    },
  };
}


function predictorSpec(chart: ReturnType<typeof newChart>['chart']) {
  return Testing.synth(chart).find(o => o.kind === 'InferenceService').spec.predictor;
}

describe('multiNode (spec.predictor.workerSpec)', () => {
  test('the parallel sizes render as workerSpec; no worker container without worker fields', () => {
    const { app, chart } = build(multiNodeProps());
    expect(synthErrors(app)).toEqual([]);
    const predictor = predictorSpec(chart);
    expect(predictor.workerSpec).toEqual({ pipelineParallelSize: 2, tensorParallelSize: 2 });
    expect(predictor.minReplicas).toBe(1);
    expect(Testing.synth(chart)[0].metadata.annotations['serving.kserve.io/autoscalerClass']).toBe('none');
  });

  test('worker resources, GPUs, env, args and image render as the worker-container KServe merges with the runtime', () => {
    const multiNode: MultiNode = {
      pipelineParallelSize: 2,
      tensorParallelSize: 4,
      workerResources: { cpu: { request: Cpu.units(8) }, memory: { request: Size.gibibytes(64), limit: Size.gibibytes(64) } },
      workerExtendedResources: [ExtendedResource.nvidiaGpu(4)],
      workerEnv: { NCCL_DEBUG: EnvValue.fromValue('INFO') },
      workerArgs: ['--log-level=debug'],
      workerImage: 'registry.example.com/ml/huggingfaceserver-gpu:v0.20.0',
    };
    const { app, chart } = build(multiNodeProps({ multiNode }));
    expect(synthErrors(app)).toEqual([]);
    expect(predictorSpec(chart).workerSpec).toEqual({
      pipelineParallelSize: 2,
      tensorParallelSize: 4,
      containers: [{
        name: 'worker-container',
        image: 'registry.example.com/ml/huggingfaceserver-gpu:v0.20.0',
        args: ['--log-level=debug'],
        env: [{ name: 'NCCL_DEBUG', value: 'INFO' }],
        resources: {
          requests: { 'cpu': '8', 'memory': '64Gi', 'nvidia.com/gpu': '4' },
          limits: { 'memory': '64Gi', 'nvidia.com/gpu': '4' },
        },
      }],
    });
    expectValidObjects(Testing.synth(chart), { kserveVersion: 'v0.20.0' });
  });

  test('validates against the KServe v0.20.0 schema', () => {
    const { app, chart } = build(multiNodeProps({ multiNode: { tensorParallelSize: 1, workerExtendedResources: [ExtendedResource.amdGpu(1)] } }));
    expect(synthErrors(app)).toEqual([]);
    expectValidObjects(Testing.synth(chart), { kserveVersion: 'v0.20.0' });
  });

  test('KServe v0.13 has no workerSpec: a synth error naming the version', () => {
    const { app } = build({
      version: KServeVersion.V0_13,
      deploymentMode: DeploymentMode.STANDARD,
      predictor: { model: LLM, multiNode: { pipelineParallelSize: 2 } },
    });
    const errors = synthErrors(app);
    expectError(errors, 'test/llm', 'spec.predictor.multiNode needs KServe v0.15 or later (target is v0.13.1');
    expect(errors).toHaveLength(1);
  });

  test('Knative mode never creates the workers', () => {
    const { app } = build(multiNodeProps({ autoscaling: undefined, minReplicas: 1 }, { deploymentMode: DeploymentMode.KNATIVE }));
    const errors = synthErrors(app);
    expectError(errors, 'test/llm', "spec.predictor.multiNode needs DeploymentMode.STANDARD: in 'Knative' mode");
    expectError(errors, 'test/llm', "set the predictor's autoscaling to Autoscaling.fixed(replicas)", "not 'kpa.autoscaling.knative.dev'");
  });

  test('an autoscaler other than none is rejected (InvalidAutoScalerError)', () => {
    const { app } = build(multiNodeProps({ autoscaling: Autoscaling.cpu({ targetUtilizationPercent: 80, minReplicas: 1, maxReplicas: 1 }) }));
    expectError(app, 'test/llm', 'KServe runs multi-node predictors without an autoscaler', "not 'hpa'");
  });

  test('storage must be pvc:// or oci://', () => {
    const { app } = build(multiNodeProps({ model: Model.huggingface(StorageUri.parse('hf://meta-llama/Llama-3-70B')) }));
    expectError(app, 'test/llm', "only from pvc:// or oci:// storage; the model's storageUri is 'hf://meta-llama/Llama-3-70B'");
    const oci = build(multiNodeProps({ model: Model.huggingface(StorageUri.parse('oci://registry.example.com/models/llama:1.0')) }));
    expect(synthErrors(oci.app)).toEqual([]);
  });

  test('a custom container has no runtime worker', () => {
    const { app } = build(multiNodeProps({ model: undefined, container: { image: 'registry.example.com/ml/server:1.0.0' } }));
    expectError(app, 'test/llm', "spec.predictor.multiNode needs a predictor 'model' on a ServingRuntime with a workerSpec");
  });

  test('the parallel sizes are whole numbers of at least 1, never set through env', () => {
    const { app } = build(multiNodeProps({
      env: { TENSOR_PARALLEL_SIZE: EnvValue.fromValue('4'), RAY_NODE_COUNT: EnvValue.fromValue('2') },
      multiNode: { pipelineParallelSize: 0, tensorParallelSize: 1.5, workerEnv: { PIPELINE_PARALLEL_SIZE: EnvValue.fromValue('2') } },
    }));
    const errors = synthErrors(app);
    expectError(errors, 'test/llm', "spec.predictor.env['TENSOR_PARALLEL_SIZE'] is not allowed with multiNode; set spec.predictor.multiNode.tensorParallelSize");
    expectError(errors, 'test/llm', "spec.predictor.env['RAY_NODE_COUNT'] is set by KServe on a multi-node head and would be overwritten");
    expectError(errors, 'test/llm', 'spec.predictor.multiNode.pipelineParallelSize (0) must be a whole number greater than zero');
    expectError(errors, 'test/llm', 'spec.predictor.multiNode.tensorParallelSize (1.5) must be a whole number greater than zero');
    expectError(errors, 'test/llm', "spec.predictor.multiNode.workerEnv['PIPELINE_PARALLEL_SIZE'] is set by KServe on the workers");
    expect(errors).toHaveLength(5);
  });

  test('extended resources must be GPU types KServe knows, or listed in the gpu-resource-types annotation', () => {
    const fpga = ExtendedResource.named('example.com/fpga', 1);
    const { app } = build(multiNodeProps({ extendedResources: [fpga], multiNode: { workerExtendedResources: [ExtendedResource.intelGpu(1)] } }));
    const errors = synthErrors(app);
    expectError(errors, 'test/llm', "spec.predictor.extendedResources: 'example.com/fpga' is not a GPU type KServe knows",
      "list it in the InferenceService annotation 'serving.kserve.io/gpu-resource-types'");
    expectError(errors, 'test/llm', "spec.predictor.multiNode.workerExtendedResources: 'gpu.intel.com/i915' is not a GPU type KServe knows");
    expect(errors).toHaveLength(2);

    const listed = build(multiNodeProps({ extendedResources: [fpga] }, { annotations: { 'serving.kserve.io/gpu-resource-types': '["example.com/fpga"]' } }));
    expect(synthErrors(listed.app)).toEqual([]);
    const bad = build(multiNodeProps({}, { annotations: { 'serving.kserve.io/gpu-resource-types': 'example.com/fpga' } }));
    expectError(bad.app, 'test/llm', "metadata.annotations['serving.kserve.io/gpu-resource-types'] 'example.com/fpga' must be a JSON array");
  });

  test('the worker fields follow the container rules (image pinned, env names, blocked env, resources)', () => {
    const { app } = build(multiNodeProps({
      multiNode: {
        workerImage: 'registry.example.com/ml/worker',
        workerEnv: { '1BAD': EnvValue.fromValue('x'), 'PYTHONPATH': EnvValue.fromValue('/x') },
        workerResources: { cpu: { request: Cpu.units(4), limit: Cpu.units(2) } },
        workerExtendedResources: [ExtendedResource.nvidiaGpu(0)],
      },
    }));
    const errors = synthErrors(app);
    expectError(errors, 'test/llm', "spec.predictor.multiNode.workerImage 'registry.example.com/ml/worker' has no tag or digest");
    expectError(errors, 'test/llm', "spec.predictor.multiNode.workerEnv name '1BAD' is invalid");
    expectError(errors, 'test/llm', 'spec.predictor.multiNode.workerEnv: setting PYTHONPATH is not allowed by KServe v0.20.0');
    expectError(errors, 'test/llm', 'spec.predictor.multiNode.workerResources');
    expectError(errors, 'test/llm', "spec.predictor.multiNode.workerExtendedResources[0]: the count of 'nvidia.com/gpu' (0) must be a whole number of at least 1");
  });

  test('plain JavaScript values are synth errors, not crashes', () => {
    const { app } = build(multiNodeProps({
      multiNode: {
        pipelineParallelSize: '2' as any,
        workerArgs: '--x' as any,
        workerEnv: { A: 'b' as any },
        workerExtendedResources: [{ name: 'nvidia.com/gpu', count: 1 } as any],
      },
    }));
    // The runtime type check (private/shape.ts) names the props as given.
    const errors = synthErrors(app);
    expectError(errors, 'test/llm', "predictor.multiNode.pipelineParallelSize: must be a number (got string '2')");
    expectError(errors, 'test/llm', "predictor.multiNode.workerArgs: must be an array of strings (got string '--x')");
    expectError(errors, 'test/llm', "predictor.multiNode.workerEnv['A']: must be an EnvValue (", "(got string 'b')");
    expectError(errors, 'test/llm', 'predictor.multiNode.workerExtendedResources[0]: must be an ExtendedResource (', '(got a plain object { name, count })');
    expect(errors).toHaveLength(4);
    const notObject = build(multiNodeProps({ multiNode: 4 as any }));
    expectError(notObject.app, 'test/llm', 'predictor.multiNode: must be a MultiNode ({ pipelineParallelSize?, tensorParallelSize?, workerResources?, workerExtendedResources?, ... }) (got number 4)');
    // Only the predictor has multiNode (CustomComponentOptions has no such prop).
    const onTransformer = build({ ...multiNodeProps(), transformer: { container: { image: 'registry.example.com/t:1.0.0' }, multiNode: {} } as any });
    expectError(onTransformer.app, 'test/llm', 'transformer.multiNode: unknown property; not a prop of CustomComponentOptions');
  });

  test('a Standard-mode canary of a multi-node predictor is rejected: KServe runs the candidate without workers', () => {
    const { app, chart, service } = build(multiNodeProps());
    new CanaryRollout(chart, 'rollout', {
      service, phase: CanaryPhase.canary(10), candidate: Model.huggingface(StorageUri.parse('pvc://models/llama-70b-v2')),
    });
    expectError(app, 'test/rollout', 'the predictor is multi-node (multiNode), and KServe v0.20 runs a Standard-mode canary without worker pods');
  });
});
