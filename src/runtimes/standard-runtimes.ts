import { Size } from 'cdk8s';
import { Cpu, EmptyDirMedium, Volume } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { release } from '../install/release';
import { KServeVersion } from '../kserve-version';
import { SHARED_MEMORY_MOUNT_PATH, SHARED_MEMORY_VOLUME_NAME } from '../pod-names';
import { ProtocolVersion } from '../protocol-version';
import { ModelFormatSupport, ServingRuntimeOptions } from './runtime-definition';

const P = ProtocolVersion;
const RESOURCES = { cpu: { request: Cpu.units(1), limit: Cpu.units(1) }, memory: { request: Size.gibibytes(2), limit: Size.gibibytes(2) } };
const auto = (name: string, version: string, priority: number): ModelFormatSupport => ({ name, version, autoSelect: true, priority });
const pythonArgs = (...extra: string[]) => ['--model_name={{.Name}}', '--model_dir=/mnt/models', '--http_port=8080', ...extra];

/**
 * The ClusterServingRuntimes a KServe release installs (config/runtimes at each tag): names,
 * formats, protocols, images and arguments as facts. Left out on purpose: v0.20's
 * `kserve-huggingfaceserver-multinode` (Ray, GPU, workerSpec) and `kserve-vllmserver` (its release tag
 * `vllm/vllm-openai:v0.20.0` is a rewritten `latest`); add them with `addRuntime` when needed. What differs
 * between releases is the release's `runtimes` entry (src/install/release.ts).
 */
export function standardRuntimes(version: KServeVersion): ServingRuntimeOptions[] {
  const r = release(version).runtimes;
  const tag = version.name;
  const kserve = (server: string) => `kserve/${server}:${tag}`;
  const serverType = (type: string) => (r.serverTypeAnnotation ? { 'serving.kserve.io/server-type': type } : undefined);
  const all: ServingRuntimeOptions[] = [
    {
      name: 'kserve-sklearnserver',
      annotations: serverType('sklearnserver'),
      supportedModelFormats: [auto('sklearn', '1', 1)],
      protocolVersions: [P.V1, P.V2],
      container: { image: kserve('sklearnserver'), args: pythonArgs(), resources: RESOURCES },
    },
    {
      name: 'kserve-xgbserver',
      annotations: serverType('xgbserver'),
      supportedModelFormats: [auto('xgboost', r.formatVersions.xgboost, 1)],
      protocolVersions: [P.V1, P.V2],
      container: { image: kserve('xgbserver'), args: pythonArgs('--nthread=1'), resources: RESOURCES },
    },
    {
      name: 'kserve-lgbserver',
      annotations: serverType('lgbserver'),
      supportedModelFormats: [auto('lightgbm', r.formatVersions.lightgbm, 1)],
      protocolVersions: [P.V1, P.V2],
      container: { image: kserve('lgbserver'), args: pythonArgs('--nthread=1'), resources: RESOURCES },
    },
    {
      name: 'kserve-pmmlserver',
      annotations: serverType('pmmlserver'),
      supportedModelFormats: [auto('pmml', '3', 1), auto('pmml', '4', 1)],
      protocolVersions: [P.V1, P.V2],
      container: { image: kserve('pmmlserver'), args: pythonArgs(), resources: RESOURCES },
    },
    {
      name: 'kserve-paddleserver',
      annotations: serverType('paddleserver'),
      supportedModelFormats: [auto('paddle', '2', 1)],
      protocolVersions: [P.V1, P.V2],
      container: { image: kserve('paddleserver'), args: pythonArgs(), resources: RESOURCES },
    },
    {
      name: 'kserve-mlserver',
      annotations: serverType('mlserver'),
      supportedModelFormats: r.mlserverFormats.map(([name, v, priority]) => auto(name, v, priority)),
      protocolVersions: [P.V2],
      container: {
        image: `docker.io/seldonio/mlserver:${r.mlserverTag}`,
        env: {
          MLSERVER_MODEL_IMPLEMENTATION: '{{.Labels.modelClass}}',
          MLSERVER_HTTP_PORT: '8080',
          MLSERVER_GRPC_PORT: '9000',
          ...(r.mlserverModelsDir !== undefined ? { MODELS_DIR: r.mlserverModelsDir } : {}),
        },
        resources: RESOURCES,
      },
    },
    {
      name: 'kserve-tensorflow-serving',
      annotations: serverType('tensorflow-serving'),
      supportedModelFormats: [auto('tensorflow', '1', 2), auto('tensorflow', '2', 2)],
      protocolVersions: [P.V1, P.GRPC_V1],
      container: {
        image: 'tensorflow/serving:2.6.2',
        command: ['/usr/bin/tensorflow_model_server'],
        args: ['--model_name={{.Name}}', '--port=9000', '--rest_api_port=8080', '--model_base_path=/mnt/models', '--rest_api_timeout_in_ms=60000'],
        resources: RESOURCES,
        runAsUser: r.runAsUser,
      },
    },
    {
      name: 'kserve-torchserve',
      annotations: serverType('torchserve'),
      supportedModelFormats: [auto('pytorch', '1', 2)],
      protocolVersions: [P.V1, P.V2, P.GRPC_V2],
      metricsPort: 8082,
      container: {
        image: 'pytorch/torchserve-kfs:0.9.0',
        args: ['torchserve', '--start', '--model-store=/mnt/models/model-store', '--ts-config=/mnt/models/config/config.properties'],
        env: { TS_SERVICE_ENVELOPE: '{{.Labels.serviceEnvelope}}' },
        resources: RESOURCES,
        runAsUser: r.runAsUser,
      },
    },
    {
      name: 'kserve-tritonserver',
      annotations: serverType('tritonserver'),
      supportedModelFormats: [auto('tensorrt', '8', 1), auto('tensorflow', '1', 1), auto('tensorflow', '2', 1), auto('onnx', '1', 1),
        { name: 'pytorch', version: '1' }, auto('triton', '2', 1)],
      protocolVersions: [P.V2, P.GRPC_V2],
      metricsPort: 8002,
      container: {
        image: 'nvcr.io/nvidia/tritonserver:23.05-py3',
        args: ['tritonserver', '--model-store=/mnt/models', '--grpc-port=9000', '--http-port=8080', '--allow-grpc=true', '--allow-http=true'],
        resources: RESOURCES,
        runAsUser: r.runAsUser,
      },
    },
    {
      name: 'kserve-huggingfaceserver',
      annotations: serverType('huggingfaceserver'),
      supportedModelFormats: [auto('huggingface', '1', 1)],
      protocolVersions: [P.V2, P.V1],
      container: {
        image: kserve('huggingfaceserver'),
        args: ['--model_name={{.Name}}'],
        env: r.huggingFaceEnv && { ...r.huggingFaceEnv },
        resources: RESOURCES,
      },
    },
    // Not in every release: autogluonserver from v0.20.0, predictiveserver from v0.17.1 (config/runtimes/kustomization.yaml).
    {
      name: 'kserve-autogluonserver',
      annotations: serverType('autogluonserver'),
      supportedModelFormats: [auto('autogluon', '1', 1)],
      protocolVersions: [P.V1, P.V2],
      container: { image: kserve('autogluonserver'), args: pythonArgs(), resources: RESOURCES },
    },
    {
      name: 'kserve-predictiveserver',
      annotations: serverType('predictiveserver'),
      supportedModelFormats: [
        { name: 'sklearn', version: '1', autoSelect: false, priority: 3 },
        { name: 'xgboost', version: '2', autoSelect: false, priority: 3 },
        { name: 'lightgbm', version: '4', autoSelect: false, priority: 3 },
      ],
      protocolVersions: [P.V1, P.V2],
      container: { image: kserve('predictiveserver'), args: pythonArgs('--framework={{.Annotations.modelFormat}}', '--nthread=1'), resources: RESOURCES },
    },
  ];
  // The release's runtimes, in its order.
  return r.names.map(name => all.find(runtime => runtime.name === name)!);
}

/**
 * A standard runtime as the install creates it: with the volumes the release mounts, which are cdk8s-plus
 * constructs and so are created in `scope`. The release's Hugging Face server mounts a memory-backed `/dev/shm`
 * (volume `devshm`, emptyDir medium Memory) and sets `hostIPC: false` (config/runtimes/kserve-huggingfaceserver.yaml
 * at v0.20.0), so tokenizers, torch workers and vLLM are not held to the container runtime's 64 MiB default.
 */
export function withReleaseVolumes(scope: Construct, version: KServeVersion, runtime: ServingRuntimeOptions): ServingRuntimeOptions {
  if (runtime.name !== 'kserve-huggingfaceserver' || !release(version).runtimes.huggingFaceSharedMemory) return runtime;
  const devshm = Volume.fromEmptyDir(scope, `${runtime.name}-devshm`, SHARED_MEMORY_VOLUME_NAME, { medium: EmptyDirMedium.MEMORY });
  return { ...runtime, hostIPC: false, container: { ...runtime.container, volumeMounts: [{ volume: devshm, path: SHARED_MEMORY_MOUNT_PATH }] } };
}
