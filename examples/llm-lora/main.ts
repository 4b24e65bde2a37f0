// A base model with LoRA adapters on KServe v0.20's LLMInferenceService: two adapters loaded next to the base model,
// each served under its own model name (`"model": "sql-assistant"` in an OpenAI request), with the runtime's LoRA
// limits. The GPU pod shape comes from a reusable LLMInferenceServiceConfig that other services can share.
import { App, Chart, Size } from 'cdk8s';
import { Cpu, TaintEffect } from 'cdk8s-plus-28';
import { ExtendedResource, LLMInferenceService, LLMInferenceServiceConfig, StorageUri, Toleration } from 'cdk8s-kserve';

const app = new App();
const chart = new Chart(app, 'llm-lora', { namespace: 'llm' });

const oneGpu = new LLMInferenceServiceConfig(chart, 'one-gpu', {
  name: 'one-l4-gpu',
  template: {
    extendedResources: [ExtendedResource.nvidiaGpu(1)],
    resources: { cpu: { request: Cpu.units(4) }, memory: { request: Size.gibibytes(24) } },
    nodeSelector: { 'nvidia.com/gpu.product': 'NVIDIA-L4' },
    tolerations: [Toleration.exists('nvidia.com/gpu', { effect: TaintEffect.NO_SCHEDULE })],
  },
});

new LLMInferenceService(chart, 'llama-lora', {
  baseRefs: [oneGpu],
  model: {
    uri: StorageUri.huggingFace('meta-llama/Llama-3.2-3B-Instruct'),
    name: 'llama-3.2-3b',
    lora: {
      adapters: [
        { name: 'sql-assistant', uri: StorageUri.s3('ml-adapters', 'llama-3.2-3b/sql') },
        { name: 'support-bot', uri: StorageUri.pvc('adapters', 'llama-3.2-3b/support') },
      ],
      maxRank: 32,
      maxAdapters: 2,
    },
  },
  replicas: 1,
  router: { gateway: {}, route: {}, scheduler: {} },
});

app.synth();
