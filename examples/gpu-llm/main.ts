// A Hugging Face LLM on one NVIDIA GPU (KServe v0.20, Standard mode): a GPU node pool picked by node selector and
// toleration, a larger /dev/shm for the server's worker processes, the runtime image pulled through a registry
// mirror with a pull secret, the Hub token from the team's secret store, and probes sized for a slow model load.
import { App, Chart, Duration, Size } from 'cdk8s';
import { Cpu, Probe, Secret, TaintEffect } from 'cdk8s-plus-28';
import {
  Autoscaling, DeploymentMode, ExtendedResource, InferenceService, Model, ModelStorageSecret, Runbook, SecretSource, StorageUri, Toleration,
} from 'cdk8s-kserve';

const app = new App();
const chart = new Chart(app, 'gpu-llm', { namespace: 'llm' });

const hubToken = ModelStorageSecret.huggingFace(chart, 'hf-token', {
  source: SecretSource.externalSecret({ store: 'vault-ml', remoteKey: 'ml/huggingface' }),
});

// The kserve python server answers `/` while alive and `/v2/health/ready` once the model is loaded
// (kserve/protocol/rest/server.py and v2_endpoints.py at v0.20.0).
const http = { port: 8080 };

new InferenceService(chart, 'llama3', {
  deploymentMode: DeploymentMode.STANDARD,
  predictor: {
    model: Model.huggingface(StorageUri.huggingFace('meta-llama/Llama-3.1-8B-Instruct')),
    storageCredentials: hubToken,
    args: ['--max-model-len=8192'],
    autoscaling: Autoscaling.fixed(1),
    resources: {
      cpu: { request: Cpu.units(4), limit: Cpu.units(8) },
      memory: { request: Size.gibibytes(24), limit: Size.gibibytes(32) },
    },
    extendedResources: [ExtendedResource.nvidiaGpu(1)],
    sharedMemory: Size.gibibytes(8),
    nodeSelector: { 'nvidia.com/gpu.product': 'NVIDIA-A100-SXM4-80GB' },
    tolerations: [Toleration.exists('nvidia.com/gpu', { effect: TaintEffect.NO_SCHEDULE })],
    imagePullSecrets: [Secret.fromSecretName(chart, 'registry-mirror', 'registry-mirror-creds')],
    startupProbe: Probe.fromHttpGet('/', { ...http, periodSeconds: Duration.seconds(10), failureThreshold: 90 }),
    readinessProbe: Probe.fromHttpGet('/v2/health/ready', { ...http, periodSeconds: Duration.seconds(10) }),
    livenessProbe: Probe.fromHttpGet('/', { ...http, periodSeconds: Duration.seconds(30), timeoutSeconds: Duration.seconds(5) }),
  },
});

app.synth();
// A Markdown runbook per InferenceService, next to the YAML.
Runbook.writeAll(app);
