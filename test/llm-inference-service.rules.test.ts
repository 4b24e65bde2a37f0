import { ApiObject, Chart, Size } from 'cdk8s';
import { Probe, ServiceAccount, Volume } from 'cdk8s-plus-28';
import {
  ExtendedResource, GatewayRef, HttpBackend, HttpRouteRef, KServeVersion, LLMInferenceService, LLMInferenceServiceConfig, LLMInferenceServiceProps,
  LocalModelNamespaceCache, LocalModelNodeGroup, ModelStorageSecret, SecretSource, StorageUri,
} from '../src';
import { expectError, newChart, synthErrors } from './util/harness';

const MODEL = { uri: StorageUri.huggingFace('Qwen/Qwen2.5-7B-Instruct') };
const ROUTER = { gateway: {}, route: {}, scheduler: {} };
const AT = 'test/qwen';
const RULES = [{ backends: [HttpBackend.inferencePool('qwen-inference-pool')] }];

/** The synth errors of one service (and whatever `setup` adds to its chart). */
function errorsOf(props: Partial<LLMInferenceServiceProps>, setup?: (chart: Chart) => Partial<LLMInferenceServiceProps>): string[] {
  const { app, chart } = newChart();
  new LLMInferenceService(chart, 'qwen', { model: MODEL, ...props, ...setup?.(chart) } as LLMInferenceServiceProps);
  return synthErrors(app);
}

/** Each case: the bad input, and fragments of the error it must give. */
const WEBHOOK_RULES: Array<[string, Partial<LLMInferenceServiceProps>, string[]]> = [
  // validateRouterCrossFieldConstraints
  ['route refs and spec together', { router: { gateway: { refs: [{ gateway: GatewayRef.fromName('gw') }] }, route: { http: { refs: [HttpRouteRef.fromName('r')], spec: { rules: RULES } } } } },
    ['spec.router.route.http', 'cannot use both custom HTTPRoute refs']],
  ['route refs with a managed gateway', { router: { gateway: {}, route: { http: { refs: [HttpRouteRef.fromName('r')] } } } },
    ['spec.router.route.http.refs', 'cannot be used with a managed gateway']],
  ['parentRefs that conflict with gateway refs', {
    router: { gateway: { refs: [{ gateway: GatewayRef.fromName('gw', 'ml') }] }, route: { http: { spec: { parents: [{ gateway: GatewayRef.fromName('other', 'ml') }], rules: RULES } } } },
  }, ['spec.router.route.http.spec', 'parentRefs that conflict']],
  // validateTrafficFields
  ['weight without group', { router: { gateway: {}, route: { weight: 10 } } }, ['spec.router.route.group: weight requires group']],
  ['group without weight', { router: { gateway: {}, route: { group: 'g' } } }, ['spec.router.route.weight: group requires weight']],
  ['group with ingress', { router: { ingress: {}, route: { group: 'g', weight: 1 } } }, ['traffic splitting requires Gateway API routing']],
  ['group with route refs', { router: { gateway: { refs: [{ gateway: GatewayRef.fromName('gw') }] }, route: { group: 'g', weight: 1, http: { refs: [HttpRouteRef.fromName('r')] } } } },
    ['traffic splitting cannot be used with custom HTTPRoute refs']],
  // validateWorkloadParallelism
  ['worker without parallelism', { worker: {} }, ['spec.worker: when worker is specified, parallelism must be configured']],
  ['worker with tensor parallelism only', { worker: {}, parallelism: { tensor: 2 } }, ['spec.worker: when worker is specified']],
  ['pipeline and data together', { worker: {}, parallelism: { pipeline: 2, data: 2, dataLocal: 1 } }, ['spec.parallelism: cannot set both pipeline parallelism and data parallelism']],
  ['data without dataLocal', { worker: {}, parallelism: { data: 2 } }, ['spec.parallelism.dataLocal must be set when data is set']],
  ['dataLocal without data', { worker: {}, parallelism: { dataLocal: 2 } }, ['spec.parallelism.data must be set when dataLocal is set']],
  ['pipeline 0', { parallelism: { pipeline: 0 } }, ['spec.parallelism.pipeline (0) must be a whole number greater than zero']],
  ['prefill worker without parallelism', { router: ROUTER, prefill: { worker: {} } }, ['spec.prefill.worker: when worker is specified']],
  // validateSchedulerConfig
  ['scheduler replicas 0', { router: { ...ROUTER, scheduler: { replicas: 0 } } }, ['spec.router.scheduler.replicas: scheduler replicas must be greater than zero']],
  ['scheduler config empty', { router: { ...ROUTER, scheduler: { config: {} } } }, ['spec.router.scheduler.config: either inline or ref is required']],
  ['scheduler config key without ConfigMap', { router: { ...ROUTER, scheduler: { config: { key: 'k' } } } }, ['spec.router.scheduler.config.ref.name: name is empty']],
  // ValidateWorkloadScaling
  ['replicas and scaling', { replicas: 1, scaling: { maxReplicas: 2, wva: { hpa: {} } } }, ['spec.scaling: scaling and replicas are mutually exclusive']],
  ['minReplicas above maxReplicas', { scaling: { minReplicas: 3, maxReplicas: 2, wva: { hpa: {} } } }, ['spec.scaling.minReplicas (3) cannot exceed maxReplicas (2)']],
  ['hpa and keda', { scaling: { maxReplicas: 2, wva: { hpa: {}, keda: {} } } }, ['spec.scaling.wva: hpa and keda are mutually exclusive']],
  ['neither hpa nor keda', { scaling: { maxReplicas: 2, wva: {} } }, ['spec.scaling.wva: either hpa or keda must be specified']],
  ['variantCost not a number', { scaling: { maxReplicas: 2, wva: { hpa: {}, variantCost: '-1' } } }, ['spec.scaling.wva.variantCost', 'non-negative numeric string']],
  ['idleReplicaCount not below the default minReplicas', { scaling: { maxReplicas: 2, wva: { keda: { idleReplicaCount: 1 } } } },
    ['spec.scaling.wva.keda.idleReplicaCount (1) must be less than minReplicas (1, the default)']],
  ['idleReplicaCount not below minReplicas', { scaling: { minReplicas: 2, maxReplicas: 4, wva: { keda: { idleReplicaCount: 2 } } } },
    ['idleReplicaCount (2) must be less than minReplicas (2)']],
  ['prefill scaling with replicas', { router: ROUTER, prefill: { replicas: 1, scaling: { maxReplicas: 2, wva: { hpa: {} } } } }, ['spec.prefill.scaling: scaling and replicas']],
  // ValidateActuatorConsistency
  ['decode hpa, prefill keda', { router: ROUTER, scaling: { maxReplicas: 2, wva: { hpa: {} } }, prefill: { scaling: { maxReplicas: 2, wva: { keda: {} } } } },
    ['spec.prefill.scaling.wva: decode and prefill must use the same actuator backend; decode uses hpa but prefill uses keda']],
  // validateLoRAAdapters
  ['maxRank 0', { model: { ...MODEL, lora: { maxRank: 0 } } }, ['spec.model.lora.maxRank (0) must be a whole number greater than zero']],
  ['maxAdapters 0', { model: { ...MODEL, lora: { maxAdapters: 0 } } }, ['spec.model.lora.maxAdapters']],
  ['maxCpuAdapters 0', { model: { ...MODEL, lora: { maxCpuAdapters: 0 } } }, ['spec.model.lora.maxCpuAdapters']],
  ['adapter without a name', { model: { ...MODEL, lora: { adapters: [{ name: '', uri: StorageUri.huggingFace('o/a') }] } } }, ['spec.model.lora.adapters[0].name: adapter name is required']],
  ['adapter named ..', { model: { ...MODEL, lora: { adapters: [{ name: '..', uri: StorageUri.huggingFace('o/a') }] } } }, ['path traversal risk']],
  ['duplicate adapters', { model: { ...MODEL, lora: { adapters: [{ name: 'a', uri: StorageUri.huggingFace('o/a') }, { name: 'a', uri: StorageUri.huggingFace('o/b') }] } } },
    ['spec.model.lora.adapters[1].name', 'duplicate name (same as adapters[0])']],
  ['adapter named as the base model', { model: { ...MODEL, name: 'qwen', lora: { adapters: [{ name: 'qwen', uri: StorageUri.huggingFace('o/a') }] } } },
    ["adapter name must differ from base model name 'qwen'"]],
  ['adapter named as the service (the default model name)', { model: { ...MODEL, lora: { adapters: [{ name: 'qwen', uri: StorageUri.huggingFace('o/a') }] } } },
    ["adapter name must differ from base model name 'qwen'"]],
  // validateKVCacheOffloadingSpec
  ['secondary tiers with zero cpu', { kvCacheOffloading: { cpu: Size.gibibytes(0), secondary: [{ emptyDir: Size.gibibytes(1) }] } },
    ['spec.kvCacheOffloading.cpu must be set when secondary tiers are configured']],
  ['tier with neither backend', { kvCacheOffloading: { cpu: Size.gibibytes(1), secondary: [{}] } }, ['spec.kvCacheOffloading.secondary[0]: exactly one of emptyDir or pvc must be set']],
  ['tier with both backends', { kvCacheOffloading: { cpu: Size.gibibytes(1), secondary: [{ emptyDir: Size.gibibytes(1), pvc: { claimName: 'c' } }] } }, ['multiple are set']],
  ['pvc tier with spec and claimName', { kvCacheOffloading: { cpu: Size.gibibytes(1), secondary: [{ pvc: { claimName: 'c', spec: { size: Size.gibibytes(1) } } }] } },
    ['spec.kvCacheOffloading.secondary[0].pvc: exactly one of spec or claimName must be set; multiple are set']],
  ['pvc tier with neither', { kvCacheOffloading: { cpu: Size.gibibytes(1), secondary: [{ pvc: {} }] } }, ['spec.kvCacheOffloading.secondary[0].pvc: exactly one of spec or claimName']],
  // validateManagedDRAAnnotations
  ['DRA count without device class', { metadataAnnotations: { 'serving.kserve.io/exp-dra-device-count': '2' } }, ["metadata.annotations['serving.kserve.io/exp-dra-device-class'] is required"]],
  ['DRA device class empty', { metadataAnnotations: { 'serving.kserve.io/exp-dra-device-class': ' ' } }, ['device class must not be empty']],
  ['DRA device class not a subdomain', { metadataAnnotations: { 'serving.kserve.io/exp-dra-device-class': 'GPU_X' } }, ['device class must be a DNS subdomain']],
  ['DRA count not a number', { metadataAnnotations: { 'serving.kserve.io/exp-dra-device-class': 'gpu.nvidia.com', 'serving.kserve.io/exp-dra-device-count': '0' } },
    ['exp-dra-device-count', 'must be a whole number >= 1']],
  ['DRA cel selector blank', { metadataAnnotations: { 'serving.kserve.io/exp-dra-device-class': 'gpu.nvidia.com', 'serving.kserve.io/exp-dra-cel-selector': '\n ' } },
    ['cel selector must contain at least one non-empty CEL expression']],
  ['DRA container name invalid', { metadataAnnotations: { 'serving.kserve.io/exp-dra-device-class': 'gpu.nvidia.com', 'serving.kserve.io/exp-dra-container-name': 'Main' } },
    ['container name must be a DNS label']],
  // validateConfidential -> ValidateConfidentialSpec
  ['confidential resourceId format', { model: { ...MODEL, confidential: { resourceId: 'kbs://repo' } } }, ['spec.model.confidential.resourceId', 'kbs:///<repo>/<type>/<tag>']],
  // CRD bounds
  ['negative replicas', { replicas: -1 }, ['spec.replicas (-1) must be a whole number >= 0']],
  ['dataRpcPort out of range', { worker: {}, parallelism: { data: 2, dataLocal: 1, dataRpcPort: 70000 } }, ['spec.parallelism.dataRpcPort (70000) must be at most 65535']],
  ['route group not a DNS label', { router: { gateway: {}, route: { group: 'G_1', weight: 1 } } }, ['spec.router.route.group', 'DNS-1123 label']],
  ['route weight above 1000000', { router: { gateway: {}, route: { group: 'g', weight: 1_000_001 } } }, ['spec.router.route.weight (1000001) must be at most 1000000']],
];

describe('KServe v0.20.0 webhook rules (llm_inference_service_validation.go) and CRD rules', () => {
  test.each(WEBHOOK_RULES)('%s', (_name, props, fragments) => {
    expectError(errorsOf(props), AT, ...fragments);
  });
});

const OWN_CHECKS: Array<[string, Partial<LLMInferenceServiceProps>, string[]]> = [
  ['fewer GPUs than tensor parallelism', { parallelism: { tensor: 4 }, template: { extendedResources: [ExtendedResource.nvidiaGpu(2)] } },
    ['spec.template.extendedResources: the pod asks for 2 GPU(s) but its vLLM engine spans 4 (tensor 4)']],
  ['fewer GPUs than tensor x dataLocal on the worker', {
    worker: { extendedResources: [ExtendedResource.nvidiaGpu(2)] }, parallelism: { tensor: 2, data: 4, dataLocal: 2 },
  }, ['spec.worker.extendedResources', 'spans 4 (tensor 2 x dataLocal 2)']],
  ['data not a multiple of dataLocal', { worker: {}, parallelism: { data: 5, dataLocal: 2 } }, ['spec.parallelism: data (5) must be a multiple of dataLocal (2)']],
  ['data parallelism without a worker', { parallelism: { data: 2, dataLocal: 2 } }, ['spec.parallelism: data and pipeline parallelism need a worker']],
  ['pipeline parallelism with a worker and no preset', { worker: {}, parallelism: { pipeline: 2 } }, ['spec.parallelism.pipeline: KServe v0.20.0 ships no pipeline-parallel worker preset']],
  ['prefill without a scheduler', { router: { gateway: {}, route: {} }, prefill: {} }, ['spec.prefill needs spec.router.scheduler']],
  ['no model and no baseRefs', { model: undefined }, ['spec.model is required']],
  ['name not a DNS-1035 label', { name: '1qwen' }, ["metadata.name '1qwen' must be a DNS-1035 label"]],
  ['name over 63 characters', { name: `q${'x'.repeat(63)}` }, ['must be a DNS-1035 label: at most 63']],
  ['worker pod names over 63 characters', { name: `q${'x'.repeat(48)}`, worker: {}, parallelism: { data: 4, dataLocal: 1 }, replicas: 12 },
    ['is too long: KServe derives', '-kserve-mn-11-3']],
  ['HTTPRoute ref in another namespace', { router: { gateway: { refs: [{ gateway: GatewayRef.fromName('gw') }] }, route: { http: { refs: [HttpRouteRef.fromName('r', 'other')] } } } },
    ["HTTPRoute 'r' is in namespace 'other'"]],
  ['confidential on a pvc model', { model: { uri: StorageUri.pvc('models', 'm'), confidential: { resourceId: 'kbs:///a/b/c' } } }, ['confidential has no effect on pvc://']],
  ['adapter from oci', { model: { ...MODEL, lora: { adapters: [{ name: 'a', uri: StorageUri.oci('registry.example.com/a:1') }] } } }, ['KServe loads adapters from hf://, s3:// or pvc:// only']],
  ['ingress with gateway', { router: { ingress: {}, gateway: {} } }, ['spec.router: ingress is mutually exclusive with gateway and route']],
  ['pool name and spec', { router: { ...ROUTER, scheduler: { pool: { name: 'p', spec: { selector: { app: 'qwen' }, targetPorts: [8000], endpointPicker: { name: 'epp', port: 9002 } } } } } }, ['spec.router.scheduler.pool: name (ref) and spec are mutually exclusive']],
  ['zero shared memory', { template: { sharedMemory: Size.mebibytes(0) } }, ['spec.template.sharedMemory must be greater than zero']],
  ['an extra container named main', { template: { extraContainers: [{ name: 'main', image: 'busybox:1.36' }] } }, ['spec.template.extraContainers[0].name', 'already used by the main container']],
  ['a scheduler probe without a port', { router: { ...ROUTER, scheduler: { template: { livenessProbe: Probe.fromHttpGet('/health') } } } },
    ['spec.router.scheduler.template.livenessProbe needs its own port', "the scheduler's ports come from its preset"]],
  ['storage initializer disabled and nothing brings the model', { storageInitializer: { enabled: false } },
    ['spec.storageInitializer.enabled is false, so KServe downloads and mounts no model']],
  ['an image without a tag', { template: { image: 'vllm/vllm-openai' } }, ["spec.template.image 'vllm/vllm-openai' has no tag"]],
];

describe('our checks that otherwise fail late', () => {
  test.each(OWN_CHECKS)('%s', (_name, props, fragments) => {
    expectError(errorsOf(props), AT, ...fragments);
  });

  test('enough GPUs pass; GPUs are not checked without extendedResources', () => {
    expect(errorsOf({ parallelism: { tensor: 2 }, template: { extendedResources: [ExtendedResource.nvidiaGpu(2)] } })).toEqual([]);
    expect(errorsOf({ parallelism: { tensor: 2 } })).toEqual([]);
  });

  test('a Gateway the app does not define, when it defines Gateways', () => {
    const errors = errorsOf({ router: { gateway: { refs: [{ gateway: GatewayRef.fromName('typo') }] }, route: {} } }, chart => {
      new ApiObject(chart, 'gw', { apiVersion: 'gateway.networking.k8s.io/v1', kind: 'Gateway', metadata: { name: 'inference-gateway' } });
      return {};
    });
    expectError(errors, AT, "Gateway 'ml/typo' is not defined in this app, which defines 'ml/inference-gateway'");
    expect(errorsOf({ router: { gateway: { refs: [{ gateway: GatewayRef.fromName('inference-gateway') }] }, route: {} } }, chart => {
      new ApiObject(chart, 'gw', { apiVersion: 'gateway.networking.k8s.io/v1', kind: 'Gateway', metadata: { name: 'inference-gateway' } });
      return {};
    })).toEqual([]);
    // No Gateways in the app: nothing to compare against.
    expect(errorsOf({ router: { gateway: { refs: [{ gateway: GatewayRef.fromName('typo') }] }, route: {} } })).toEqual([]);
  });

  test('configs of the app in baseRefs count in the merged fields', () => {
    // The worker's parallelism from a config: no worker rule error.
    expect(errorsOf({ worker: {} }, chart => ({
      baseRefs: [new LLMInferenceServiceConfig(chart, 'dp', { parallelism: { data: 2, dataLocal: 1 } })],
    }))).toEqual([]);
    // Tensor 4 from a config, 2 GPUs on the service's pod.
    expectError(errorsOf({ template: { extendedResources: [ExtendedResource.nvidiaGpu(2)] } }, chart => ({
      baseRefs: [new LLMInferenceServiceConfig(chart, 'tp', { parallelism: { tensor: 4 } })],
    })), AT, 'spec.template.extendedResources: the pod asks for 2 GPU(s) but its vLLM engine spans 4');
    // The scheduler from a config, for prefill; the model from a config.
    expect(errorsOf({ model: undefined, prefill: {} }, chart => ({
      baseRefs: [new LLMInferenceServiceConfig(chart, 'router', { model: MODEL, router: ROUTER })],
    }))).toEqual([]);
    // A config of the app that gives neither.
    const errors = errorsOf({ model: undefined, prefill: {} }, chart => ({ baseRefs: [new LLMInferenceServiceConfig(chart, 'empty', {})] }));
    expectError(errors, AT, 'spec.model is required');
    expectError(errors, AT, 'spec.prefill needs spec.router.scheduler');
  });

  test('a config by name may give what the service lacks', () => {
    expect(errorsOf({ model: undefined, worker: {}, prefill: {} }, () => ({ baseRefs: [LLMInferenceServiceConfig.fromName('team-preset')] }))).toEqual([]);
  });

  test('parentRefs that match the gateway refs are accepted (KServe warns they are redundant)', () => {
    expect(errorsOf({
      router: { gateway: { refs: [{ gateway: GatewayRef.fromName('gw', 'ml'), sectionName: 'http' }] }, route: { http: { spec: { parents: [{ gateway: GatewayRef.fromName('gw', 'ml'), sectionName: 'http' }], rules: RULES } } } },
    })).toEqual([]);
  });

  test('a model cached by a LocalModelNamespaceCache of another namespace (the cache rules of the app)', () => {
    const errors = errorsOf({}, chart => {
      new LocalModelNamespaceCache(chart, 'cache', {
        namespace: 'other', sourceModelUri: MODEL.uri, modelSize: Size.gibibytes(20), nodeGroups: [LocalModelNodeGroup.fromName('gpus')],
      });
      return {};
    });
    expectError(errors, AT, "spec.model.uri 'hf://Qwen/Qwen2.5-7B-Instruct' is cached by LocalModelNamespaceCache", "this LLMInferenceService is in 'ml'");
  });

  test('a config in baseRefs in another namespace', () => {
    expectError(errorsOf({}, chart => ({ baseRefs: [new LLMInferenceServiceConfig(chart, 'cfg', { namespace: 'other' })] })), AT,
      "LLMInferenceServiceConfig 'cfg' is in namespace 'other'");
  });

  test('storage credentials and serviceAccount together; credentials on the scheduler', () => {
    const errors = errorsOf({}, chart => {
      const credentials = ModelStorageSecret.huggingFace(chart, 'hf', { source: SecretSource.fromSecretName('hf-token') });
      return {
        template: { serviceAccount: ServiceAccount.fromServiceAccountName(chart, 'sa', 'x'), storageCredentials: credentials },
        router: { ...ROUTER, scheduler: { template: { storageCredentials: credentials } } },
      };
    });
    expectError(errors, AT, "spec.template: 'serviceAccount' and 'storageCredentials' both set the ServiceAccount");
    expectError(errors, AT, 'spec.router.scheduler.template.storageCredentials: this pod downloads no model');
  });

  test('a mount at /mnt/models, where KServe mounts the model', () => {
    expectError(errorsOf({}, chart => ({ template: { volumeMounts: [{ volume: Volume.fromEmptyDir(chart, 'v', 'v'), path: '/mnt/models' }] } })),
      AT, 'spec.template.volumeMounts[0]');
  });

  test('v0.13 is a synth error naming the construct, the target and what is needed', () => {
    expectError(errorsOf({ version: KServeVersion.V0_13 }), AT, "LLMInferenceService 'test/qwen' needs KServe v0.16 or later", 'the target is v0.13');
  });
});

describe('JavaScript callers', () => {
  test('a wrong type is a synth error, not a TypeError', () => {
    const errors = errorsOf({ replicas: '2' as any, parallelism: { tensor: 'two' } as any, model: { uri: 'hf://a/b' } as any });
    expect(errors.length).toBeGreaterThan(0);
    expectError(errors, AT, 'replicas');
  });

  test('scaling without wva', () => {
    expectError(errorsOf({ scaling: { maxReplicas: 2 } as any }), AT, 'wva');
  });
});
