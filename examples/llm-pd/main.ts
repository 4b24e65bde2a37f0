// Prefill/decode disaggregation with KServe v0.20's LLMInferenceService: a prefill workload processes prompts and
// hands the KV cache to the decode workload (the service's own), each scaled and sized on its own. The llm-d
// scheduler's prefill/decode profile routes each request; the router attaches to the platform team's Gateway.
import { App, Chart, Size } from 'cdk8s';
import { Cpu, TaintEffect } from 'cdk8s-plus-28';
import { ExtendedResource, GatewayRef, LLMInferenceService, LLMPodMonitor, Runbook, StorageUri, Toleration } from 'cdk8s-kserve';

const app = new App();
const chart = new Chart(app, 'llm-pd', { namespace: 'llm' });

const gpuPool = [Toleration.exists('nvidia.com/gpu', { effect: TaintEffect.NO_SCHEDULE })];

const llama = new LLMInferenceService(chart, 'llama-pd', {
  model: { uri: StorageUri.pvc('models', 'meta-llama/Llama-3.1-70B-Instruct'), name: 'llama-3.1-70b' },
  // Decode: more replicas, fewer GPUs each.
  replicas: 4,
  parallelism: { tensor: 4 },
  template: {
    extendedResources: [ExtendedResource.nvidiaGpu(4)],
    resources: { cpu: { request: Cpu.units(16) }, memory: { request: Size.gibibytes(160) } },
    sharedMemory: Size.gibibytes(16),
    tolerations: gpuPool,
  },
  prefill: {
    replicas: 2,
    parallelism: { tensor: 8 },
    template: {
      extendedResources: [ExtendedResource.nvidiaGpu(8)],
      resources: { cpu: { request: Cpu.units(32) }, memory: { request: Size.gibibytes(320) } },
      sharedMemory: Size.gibibytes(32),
      tolerations: gpuPool,
    },
  },
  router: {
    gateway: { refs: [{ gateway: GatewayRef.fromName('inference-gateway', 'gateways') }] },
    route: {},
    scheduler: { replicas: 2 },
  },
});

// vLLM's and the scheduler's metrics, scraped by the team's Prometheus (it selects monitors by the `release` label).
new LLMPodMonitor(chart, 'metrics', { target: llama, labels: { release: 'prometheus' } });

app.synth();
// The runbook (URL, OpenAI-compatible requests, logs, metrics) next to the YAML.
Runbook.writeAll(app);
