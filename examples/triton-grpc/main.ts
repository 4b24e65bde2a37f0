// Triton over gRPC: a Triton model repository on a PersistentVolumeClaim, served with the V2 gRPC protocol on an
// `h2c` port (the name Knative routes HTTP/2 by), plus a second claim with tokenizer files mounted read-only.
import { App, Chart, Size } from 'cdk8s';
import { Cpu, PersistentVolumeClaim, Protocol, Volume } from 'cdk8s-plus-28';
import { ExtendedResource, InferenceService, Model, ProtocolVersion, Runbook, StorageUri } from 'cdk8s-kserve';

const app = new App();
const chart = new Chart(app, 'triton-grpc', { namespace: 'ml' });

const vocab = Volume.fromPersistentVolumeClaim(chart, 'vocab',
  PersistentVolumeClaim.fromClaimName(chart, 'vocab-claim', 'tokenizer-files'), { name: 'vocab', readOnly: true });

new InferenceService(chart, 'triton-models', {
  predictor: {
    model: Model.triton(StorageUri.pvc('triton-repository', 'models'), { protocolVersion: ProtocolVersion.GRPC_V2 }),
    ports: [{ number: 9000, name: 'h2c', protocol: Protocol.TCP }],
    resources: {
      cpu: { request: Cpu.units(2), limit: Cpu.units(4) },
      memory: { request: Size.gibibytes(8), limit: Size.gibibytes(8) },
    },
    extendedResources: [ExtendedResource.nvidiaGpu(1)],
    volumeMounts: [{ volume: vocab, path: '/opt/tokenizer', readOnly: true }],
  },
});

app.synth();
// A Markdown runbook per InferenceService, next to the YAML.
Runbook.writeAll(app);
