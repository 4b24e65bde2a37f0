// A Hugging Face model too large for one node, served across several (KServe v0.20, Standard mode): tensor
// parallelism over the GPUs of a node and pipeline parallelism across the head and its workers. KServe runs the
// head Deployment plus a worker Deployment from `workerSpec`; multi-node serving needs a fixed replica count and
// the model on a PersistentVolumeClaim (or an OCI image).
import { App, Chart, Size } from 'cdk8s';
import { Cpu, TaintEffect } from 'cdk8s-plus-28';
import {
  Autoscaling, DeploymentMode, ExtendedResource, InferenceService, KServeVersion, Model, Runbook, StorageUri, Toleration,
} from 'cdk8s-kserve';

const app = new App();
const chart = new Chart(app, 'multinode', { namespace: 'llm' });

const gpus = [ExtendedResource.nvidiaGpu(4)];
const resources = {
  cpu: { request: Cpu.units(16), limit: Cpu.units(16) },
  memory: { request: Size.gibibytes(128), limit: Size.gibibytes(128) },
};

new InferenceService(chart, 'llama3-405b', {
  version: KServeVersion.V0_20,
  deploymentMode: DeploymentMode.STANDARD,
  predictor: {
    model: Model.huggingface(StorageUri.pvc('llama3-405b-weights', 'Llama-3.1-405B-Instruct'), { runtime: 'kserve-huggingfaceserver-multinode' }),
    autoscaling: Autoscaling.fixed(1),
    resources,
    extendedResources: gpus,
    sharedMemory: Size.gibibytes(32),
    tolerations: [Toleration.exists('nvidia.com/gpu', { effect: TaintEffect.NO_SCHEDULE })],
    multiNode: {
      tensorParallelSize: 4,
      pipelineParallelSize: 2,
      workerResources: resources,
      workerExtendedResources: gpus,
    },
  },
});

app.synth();
// A Markdown runbook per InferenceService, next to the YAML.
Runbook.writeAll(app);
