// A model cached on the nodes of a GPU pool (KServe v0.20): a LocalModelNodeGroup of the pool's nodes with their local
// NVMe disk, a LocalModelCache of a Hugging Face model downloaded there ahead of time with the Hub token, and an
// InferenceService whose model URI is the cache's, so its pods read the model from the node's disk instead of
// downloading it at every start. The cluster's inferenceservice-config needs `localModel.enabled: true`.
import { App, Chart, Size } from 'cdk8s';
import { Cpu, NodeLabelQuery, TaintEffect } from 'cdk8s-plus-28';
import {
  Autoscaling, DeploymentMode, ExtendedResource, InferenceService, LocalModelCache, LocalModelNodeGroup, Model, ModelStorageSecret,
  NodeGroupVolume, Runbook, SecretSource, StorageUri, Toleration,
} from 'cdk8s-kserve';

const app = new App();

// Cluster-wide objects, and the Hub token where KServe runs the download jobs (`localModel.jobNamespace`).
const platform = new Chart(app, 'model-cache-platform', { namespace: 'kserve-localmodel-jobs' });
const gpuPool = new LocalModelNodeGroup(platform, 'gpu-pool', {
  storageLimit: Size.gibibytes(200),
  volume: NodeGroupVolume.local('/mnt/nvme/models'),
  nodes: [NodeLabelQuery.is('nvidia.com/gpu.product', 'NVIDIA-A100-SXM4-80GB')],
  storageClassName: 'local-models',
});
const hubToken = ModelStorageSecret.huggingFace(platform, 'hf-token', {
  source: SecretSource.externalSecret({ store: 'vault-ml', remoteKey: 'ml/huggingface' }),
});
const llama = StorageUri.huggingFace('meta-llama/Llama-3.1-8B-Instruct');
new LocalModelCache(platform, 'llama3-8b', {
  sourceModelUri: llama,
  modelSize: Size.gibibytes(16),
  nodeGroups: [gpuPool],
  storageCredentials: hubToken,
});

// The service, in its team's namespace: the same URI, so KServe mounts the cache's PVC `llama3-8b-gpu-pool`.
const chart = new Chart(app, 'model-cache', { namespace: 'llm' });
new InferenceService(chart, 'llama3', {
  deploymentMode: DeploymentMode.STANDARD,
  predictor: {
    model: Model.huggingface(llama),
    args: ['--max-model-len=8192'],
    autoscaling: Autoscaling.fixed(1),
    resources: {
      cpu: { request: Cpu.units(4), limit: Cpu.units(8) },
      memory: { request: Size.gibibytes(24), limit: Size.gibibytes(32) },
    },
    extendedResources: [ExtendedResource.nvidiaGpu(1)],
    sharedMemory: Size.gibibytes(8),
    tolerations: [Toleration.exists('nvidia.com/gpu', { effect: TaintEffect.NO_SCHEDULE })],
  },
});

app.synth();
// A Markdown runbook per InferenceService, next to the YAML; this one has a "Model cache" section.
Runbook.writeAll(app);
