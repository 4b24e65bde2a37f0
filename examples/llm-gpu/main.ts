// A single-node GPU LLM with KServe v0.20's LLMInferenceService: vLLM (KServe's preset image) on two NVIDIA GPUs
// with tensor parallelism, the Hugging Face token from the team's secret store (the storage initializer reads it
// through the pod's ServiceAccount), and KServe's managed router: its Gateway, an HTTPRoute and the llm-d scheduler
// (endpoint picker) with its InferencePool.
import { App, Chart, Size } from 'cdk8s';
import { Cpu, EnvValue, TaintEffect } from 'cdk8s-plus-28';
import { ExtendedResource, LLMInferenceService, LLMPodMonitor, Runbook, ModelStorageSecret, SecretSource, StorageUri, Toleration } from 'cdk8s-kserve';

const app = new App();
const chart = new Chart(app, 'llm-gpu', { namespace: 'llm' });

const hubToken = ModelStorageSecret.huggingFace(chart, 'hf-token', {
  source: SecretSource.externalSecret({ store: 'vault-ml', remoteKey: 'ml/huggingface' }),
});

const qwen = new LLMInferenceService(chart, 'qwen', {
  model: { uri: StorageUri.huggingFace('Qwen/Qwen2.5-7B-Instruct'), name: 'Qwen/Qwen2.5-7B-Instruct' },
  replicas: 2,
  parallelism: { tensor: 2 },
  template: {
    storageCredentials: hubToken,
    extendedResources: [ExtendedResource.nvidiaGpu(2)],
    resources: {
      cpu: { request: Cpu.units(8), limit: Cpu.units(16) },
      memory: { request: Size.gibibytes(48), limit: Size.gibibytes(64) },
    },
    sharedMemory: Size.gibibytes(8),
    env: { VLLM_ADDITIONAL_ARGS: EnvValue.fromValue('--max-model-len 16384 --gpu-memory-utilization 0.9') },
    nodeSelector: { 'nvidia.com/gpu.product': 'NVIDIA-A100-SXM4-80GB' },
    tolerations: [Toleration.exists('nvidia.com/gpu', { effect: TaintEffect.NO_SCHEDULE })],
  },
  router: { gateway: {}, route: {}, scheduler: {} },
});

// vLLM's and the scheduler's metrics, scraped by the team's Prometheus (it selects monitors by the `release` label).
new LLMPodMonitor(chart, 'metrics', { target: qwen, labels: { release: 'prometheus' } });

app.synth();
// The runbook (URL, OpenAI-compatible requests, logs, metrics) next to the YAML.
Runbook.writeAll(app);
