import { Duration, JsonPatch, Size, Testing } from 'cdk8s';
import { ConfigMap, Cpu, EnvValue, PersistentVolumeClaim, Probe, Secret, ServiceAccount, TaintEffect, Volume } from 'cdk8s-plus-28';
import {
  ExtendedResource, Gateway, GatewayRef, HttpBackend, HttpPathMatch, HttpRoute, HttpRouteRef, KVCacheEvictionPolicy, ListenerProtocol,
  LLMInferenceService, LLMInferenceServiceConfig, LLMInferenceServiceProps, ModelStorageSecret, SecretSource, StorageUri, Toleration,
} from '../src';
import { newChart, synthErrors } from './util/harness';
import { expectValidObjects, validateObjects } from './util/schema-validator';

const MODEL = { uri: StorageUri.huggingFace('Qwen/Qwen2.5-7B-Instruct') };

/** Synthesizes one service, asserts no errors and a valid object (v0.20.0 schemas), and returns its spec. */
function specOf(props: Partial<LLMInferenceServiceProps>, setup?: (chart: ReturnType<typeof newChart>['chart']) => Partial<LLMInferenceServiceProps>) {
  const { app, chart } = newChart();
  new LLMInferenceService(chart, 'qwen', { model: MODEL, ...props, ...setup?.(chart) });
  expect(synthErrors(app)).toEqual([]);
  const objects = Testing.synth(chart);
  expectValidObjects(objects, { kserveVersion: 'v0.20.0' });
  return objects.find(o => o.kind === 'LLMInferenceService').spec;
}

describe('LLMInferenceService object', () => {
  test('apiVersion, kind, metadata and the model', () => {
    const { app, chart } = newChart();
    new LLMInferenceService(chart, 'qwen', {
      name: 'qwen-7b',
      model: { uri: StorageUri.huggingFace('Qwen/Qwen2.5-7B-Instruct'), name: 'qwen' },
      metadataLabels: { team: 'ml' },
      metadataAnnotations: { 'example.com/owner': 'ml' },
    });
    expect(synthErrors(app)).toEqual([]);
    expect(Testing.synth(chart)).toEqual([{
      apiVersion: 'serving.kserve.io/v1alpha2',
      kind: 'LLMInferenceService',
      metadata: { name: 'qwen-7b', namespace: 'ml', labels: { team: 'ml' }, annotations: { 'example.com/owner': 'ml' } },
      spec: { model: { uri: 'hf://Qwen/Qwen2.5-7B-Instruct', name: 'qwen' } },
    }]);
  });

  test('modelName: the model name, else the service name', () => {
    const { chart } = newChart();
    expect(new LLMInferenceService(chart, 'a', { model: MODEL }).modelName).toBe('a');
    expect(new LLMInferenceService(chart, 'b', { model: { ...MODEL, name: 'qwen' } }).modelName).toBe('qwen');
  });

  test('the schema validator knows the kind: an unknown field is an issue', () => {
    const { chart } = newChart();
    const svc = new LLMInferenceService(chart, 'qwen', { model: MODEL });
    svc.apiObject.addJsonPatch(JsonPatch.add('/spec/bogus', 1));
    expect(validateObjects(Testing.synth(chart), { kserveVersion: 'v0.20.0' }).length).toBeGreaterThan(0);
  });

  test('model uri schemes: pvc, oci, s3 (gs:// is rejected, test/llm-checks.test.ts)', () => {
    for (const uri of [StorageUri.pvc('models', 'llama'), StorageUri.oci('registry.example.com/models/llama:1.0'),
      StorageUri.s3('bucket', 'llama')]) {
      expect(specOf({ model: { uri } }).model).toEqual({ uri: uri.uri });
    }
  });

  test('LoRA adapters and limits', () => {
    expect(specOf({
      model: {
        ...MODEL,
        lora: {
          adapters: [{ name: 'sql', uri: StorageUri.huggingFace('org/sql-lora') }, { name: 'chat', uri: StorageUri.pvc('adapters', 'chat') }],
          maxRank: 32,
          maxAdapters: 2,
          maxCpuAdapters: 4,
        },
      },
    }).model).toEqual({
      uri: 'hf://Qwen/Qwen2.5-7B-Instruct',
      lora: {
        adapters: [{ name: 'sql', uri: 'hf://org/sql-lora' }, { name: 'chat', uri: 'pvc://adapters/chat' }],
        maxRank: 32,
        maxAdapters: 2,
        maxCpuAdapters: 4,
      },
    });
  });

  test('confidential model', () => {
    expect(specOf({ model: { ...MODEL, confidential: { resourceId: 'kbs:///repo/key/llm' } } }).model.confidential)
      .toEqual({ enabled: true, resourceId: 'kbs:///repo/key/llm' });
  });

  test('replicas, parallelism, labels, annotations', () => {
    const spec = specOf({
      replicas: 3,
      parallelism: { tensor: 4, expert: true },
      labels: { tier: 'gpu' },
      annotations: { 'example.com/a': 'b' },
      template: { extendedResources: [ExtendedResource.nvidiaGpu(4)] },
    });
    expect(spec.replicas).toBe(3);
    expect(spec.parallelism).toEqual({ tensor: 4, expert: true });
    expect(spec.labels).toEqual({ tier: 'gpu' });
    expect(spec.annotations).toEqual({ 'example.com/a': 'b' });
  });

  test('data parallelism with a worker: data, dataLocal, dataRpcPort', () => {
    const spec = specOf({
      parallelism: { tensor: 1, data: 8, dataLocal: 4, dataRpcPort: 5600 },
      template: { extendedResources: [ExtendedResource.nvidiaGpu(4)] },
      worker: { extendedResources: [ExtendedResource.nvidiaGpu(4)] },
    });
    expect(spec.parallelism).toEqual({ tensor: 1, data: 8, dataLocal: 4, dataRPCPort: 5600 });
    expect(spec.worker.containers[0]).toEqual({
      name: 'main', resources: { limits: { 'nvidia.com/gpu': '4' }, requests: { 'nvidia.com/gpu': '4' } },
    });
  });

  test('PYTHONPATH on an LLM pod reaches the YAML: KServe blocks it only in InferenceServices and ServingRuntimes', () => {
    // pkg/validation/env_policy.go's DefaultBlockedEnvVars is applied by inference_service_validation.go and
    // servingruntime_webhook.go only, at v0.20.0.
    const spec = specOf({ template: { env: { PYTHONPATH: EnvValue.fromValue('/opt/plugins') } } });
    expect(spec.template.containers[0].env).toEqual([{ name: 'PYTHONPATH', value: '/opt/plugins' }]);
  });

  test('the template pod: the main container named main, from the typed pieces', () => {
    const spec = specOf({}, chart => {
      const cache = Volume.fromEmptyDir(chart, 'cache', 'cache');
      return {
        template: {
          image: 'ghcr.io/llm-d/llm-d-cuda:v0.8.0',
          args: ['--max-model-len', '8192'],
          env: { VLLM_LOGGING_LEVEL: EnvValue.fromValue('DEBUG') },
          resources: { cpu: { request: Cpu.units(8), limit: Cpu.units(16) }, memory: { request: Size.gibibytes(64), limit: Size.gibibytes(64) } },
          extendedResources: [ExtendedResource.nvidiaGpu(1)],
          sharedMemory: Size.gibibytes(16),
          volumeMounts: [{ volume: cache, path: '/cache' }],
          readinessProbe: Probe.fromHttpGet('/health', { port: 8000 }),
          serviceAccount: ServiceAccount.fromServiceAccountName(chart, 'sa', 'llm'),
          imagePullSecrets: [Secret.fromSecretName(chart, 'pull', 'registry')],
          nodeSelector: { 'nvidia.com/gpu.product': 'NVIDIA-A100-SXM4-80GB' },
          tolerations: [Toleration.exists('nvidia.com/gpu', { effect: TaintEffect.NO_SCHEDULE })],
          priorityClassName: 'llm',
          runtimeClassName: 'nvidia',
          terminationGracePeriod: Duration.seconds(120),
          schedulerName: 'volcano',
          extraContainers: [{ name: 'sidecar', image: 'busybox:1.36', command: ['sleep', 'infinity'] }],
        },
      };
    });
    expect(spec.template).toEqual({
      serviceAccountName: 'llm',
      nodeSelector: { 'nvidia.com/gpu.product': 'NVIDIA-A100-SXM4-80GB' },
      imagePullSecrets: [{ name: 'registry' }],
      priorityClassName: 'llm',
      runtimeClassName: 'nvidia',
      terminationGracePeriodSeconds: 120,
      tolerations: [{ key: 'nvidia.com/gpu', operator: 'Exists', effect: 'NoSchedule' }],
      schedulerName: 'volcano',
      containers: [
        {
          name: 'main',
          image: 'ghcr.io/llm-d/llm-d-cuda:v0.8.0',
          args: ['--max-model-len', '8192'],
          env: [{ name: 'VLLM_LOGGING_LEVEL', value: 'DEBUG' }],
          readinessProbe: expect.objectContaining({ httpGet: { path: '/health', port: 8000, scheme: 'HTTP' } }),
          resources: {
            limits: { 'cpu': '16', 'memory': '64Gi', 'nvidia.com/gpu': '1' },
            requests: { 'cpu': '8', 'memory': '64Gi', 'nvidia.com/gpu': '1' },
          },
          volumeMounts: [{ name: 'cache', mountPath: '/cache' }, { name: 'dshm', mountPath: '/dev/shm' }],
        },
        { name: 'sidecar', image: 'busybox:1.36', command: ['sleep', 'infinity'] },
      ],
      volumes: [{ name: 'cache', emptyDir: {} }, { name: 'dshm', emptyDir: { medium: 'Memory', sizeLimit: '16Gi' } }],
    });
  });

  test('a probe without a port targets the preset server port 8000', () => {
    expect(specOf({ template: { readinessProbe: Probe.fromHttpGet('/health') } }).template.containers[0].readinessProbe.httpGet)
      .toEqual({ path: '/health', port: 8000, scheme: 'HTTP' });
  });

  test('storage credentials: the pod runs as their ServiceAccount', () => {
    let credentials: ModelStorageSecret | undefined;
    const spec = specOf({}, chart => {
      credentials = ModelStorageSecret.huggingFace(chart, 'hf', { source: SecretSource.fromSecretName('hf-token') });
      return { template: { storageCredentials: credentials } };
    });
    expect(credentials!.serviceAccount).toBeDefined();
    expect(spec.template).toEqual({ serviceAccountName: credentials!.serviceAccount!.name, containers: [{ name: 'main' }] });
  });

  test('prefill workload with its own fields', () => {
    const spec = specOf({
      router: { gateway: {}, route: {}, scheduler: {} },
      prefill: {
        replicas: 2,
        parallelism: { tensor: 2 },
        labels: { role: 'prefill' },
        annotations: { 'example.com/p': 'x' },
        template: { extendedResources: [ExtendedResource.nvidiaGpu(2)] },
        kvCacheOffloading: { cpu: Size.gibibytes(10) },
      },
    });
    expect(spec.prefill).toEqual({
      replicas: 2,
      parallelism: { tensor: 2 },
      labels: { role: 'prefill' },
      annotations: { 'example.com/p': 'x' },
      template: { containers: [{ name: 'main', resources: { limits: { 'nvidia.com/gpu': '2' }, requests: { 'nvidia.com/gpu': '2' } } }] },
      kvCacheOffloading: { cpu: '10Gi' },
    });
  });

  test('scaling with WVA: hpa, and keda with its options', () => {
    expect(specOf({ scaling: { minReplicas: 1, maxReplicas: 4, wva: { variantCost: '5.0', hpa: { behavior: { scaleDown: { stabilizationWindowSeconds: 300 } } } } } }).scaling)
      .toEqual({ minReplicas: 1, maxReplicas: 4, wva: { variantCost: '5.0', hpa: { behavior: { scaleDown: { stabilizationWindowSeconds: 300 } } } } });
    expect(specOf({
      scaling: {
        minReplicas: 2,
        maxReplicas: 8,
        wva: {
          keda: {
            pollingInterval: Duration.seconds(15),
            cooldownPeriod: Duration.seconds(0),
            initialCooldownPeriod: Duration.minutes(5),
            idleReplicaCount: 1,
            fallback: { failureThreshold: 3, replicas: 2 },
            advanced: { restoreToOriginalReplicaCount: true },
          },
        },
      },
    }).scaling).toEqual({
      minReplicas: 2,
      maxReplicas: 8,
      wva: {
        keda: {
          pollingInterval: 15,
          cooldownPeriod: 0,
          initialCooldownPeriod: 300,
          idleReplicaCount: 1,
          fallback: { failureThreshold: 3, replicas: 2 },
          advanced: { restoreToOriginalReplicaCount: true },
        },
      },
    });
  });

  test('router: managed gateway, route and scheduler', () => {
    expect(specOf({ router: { gateway: {}, route: {}, scheduler: {} } }).router).toEqual({ gateway: {}, route: {}, scheduler: {} });
  });

  test('router: gateway refs with a listener, route refs, group and weight', () => {
    expect(specOf({
      router: {
        gateway: { refs: [{ gateway: GatewayRef.fromName('inference-gateway', 'gateways'), sectionName: 'https' }] },
        route: { http: { refs: [HttpRouteRef.fromName('my-route')] } },
      },
    }).router).toEqual({
      gateway: { refs: [{ name: 'inference-gateway', namespace: 'gateways', sectionName: 'https' }] },
      route: { http: { refs: [{ name: 'my-route' }] } },
    });
    expect(specOf({ router: { gateway: {}, route: { http: {}, group: 'qwen', weight: 80 } } }).router.route)
      .toEqual({ http: {}, group: 'qwen', weight: 80 });
  });

  test('router: a Gateway and an HttpRoute of the app, by object', () => {
    const spec = specOf({}, chart => {
      const gateway = new Gateway(chart, 'gw', {
        name: 'inference-gateway', gatewayClassName: 'istio', listeners: [{ name: 'http', port: 80, protocol: ListenerProtocol.HTTP }],
      });
      const route = new HttpRoute(chart, 'route', {
        name: 'qwen-route', parents: [{ gateway }], rules: [{ backends: [HttpBackend.inferencePool('qwen-inference-pool')] }],
      });
      // The route's backend is the scheduler's InferencePool (test/llm-checks.test.ts checks the backends).
      return { router: { gateway: { refs: [{ gateway, sectionName: 'http' }] }, route: { http: { refs: [route] } }, scheduler: {} } };
    });
    expect(spec.router).toEqual({
      // The Gateway's namespace is known (its chart's), so it is written.
      gateway: { refs: [{ name: 'inference-gateway', namespace: 'ml', sectionName: 'http' }] },
      route: { http: { refs: [{ name: 'qwen-route' }] } },
      scheduler: {},
    });
  });

  test('router: an inline HTTPRoute spec', () => {
    const rules = [{ matches: [{ path: HttpPathMatch.prefix('/v1') }], backends: [HttpBackend.inferencePool('qwen-inference-pool')], requestTimeout: Duration.seconds(300) }];
    expect(specOf({ router: { gateway: {}, route: { http: { spec: { rules } } } } }).router.route).toEqual({
      http: {
        spec: {
          rules: [{
            matches: [{ path: { type: 'PathPrefix', value: '/v1' } }],
            backendRefs: [{ group: 'inference.networking.k8s.io', kind: 'InferencePool', name: 'qwen-inference-pool' }],
            timeouts: { request: '5m' },
          }],
        },
      },
    });
  });

  test('router: ingress refs', () => {
    expect(specOf({ router: { ingress: { refs: [{ name: 'llm', namespace: 'ml' }] } } }).router).toEqual({ ingress: { refs: [{ name: 'llm', namespace: 'ml' }] } });
    expect(specOf({ router: { ingress: {} } }).router).toEqual({ ingress: {} });
  });

  test('scheduler: pool ref, replicas, labels, annotations, template, inline and ConfigMap config', () => {
    expect(specOf({
      router: {
        gateway: {},
        route: {},
        scheduler: {
          pool: { name: 'shared-pool' },
          replicas: 2,
          labels: { a: 'b' },
          annotations: { 'example.com/c': 'd' },
          config: { inline: { plugins: [{ type: 'max-score-picker' }], schedulingProfiles: [{ name: 'default', plugins: [{ pluginRef: 'max-score-picker' }] }] } },
          template: { resources: { cpu: { request: Cpu.units(1) } } },
        },
      },
    }).router.scheduler).toEqual({
      pool: { ref: { name: 'shared-pool' } },
      replicas: 2,
      labels: { a: 'b' },
      annotations: { 'example.com/c': 'd' },
      config: {
        inline: {
          apiVersion: 'inference.networking.x-k8s.io/v1alpha1',
          kind: 'EndpointPickerConfig',
          plugins: [{ type: 'max-score-picker' }],
          schedulingProfiles: [{ name: 'default', plugins: [{ pluginRef: 'max-score-picker' }] }],
        },
      },
      template: { containers: [{ name: 'main', resources: { requests: { cpu: '1' } } }] },
    });
    expect(specOf({}, chart => ({
      router: { gateway: {}, route: {}, scheduler: { config: { configMap: ConfigMap.fromConfigMapName(chart, 'epp', 'epp-config'), key: 'config.yaml' } } },
    })).router.scheduler).toEqual({ config: { ref: { name: 'epp-config', key: 'config.yaml' } } });
  });

  test('scheduler: an inline InferencePool spec', () => {
    const pool = { targetPorts: [8000], selector: { app: 'qwen' }, endpointPicker: { name: 'qwen-epp', port: 9002 } };
    expect(specOf({ router: { gateway: {}, route: {}, scheduler: { pool: { spec: pool } } } }).router.scheduler).toEqual({
      pool: { spec: { targetPorts: [{ number: 8000 }], selector: { matchLabels: { app: 'qwen' } }, endpointPickerRef: { name: 'qwen-epp', port: { number: 9002 } } } },
    });
  });

  test('kvCacheOffloading with emptyDir and PVC tiers', () => {
    expect(specOf({
      kvCacheOffloading: {
        cpu: Size.gibibytes(20),
        evictionPolicy: KVCacheEvictionPolicy.ARC,
        secondary: [
          { emptyDir: Size.gibibytes(100) },
          { pvc: { claimName: 'kv-cache', path: 'qwen' } },
          { pvc: { spec: { size: Size.gibibytes(200) } } },
        ],
      },
    }).kvCacheOffloading).toEqual({
      cpu: '20Gi',
      evictionPolicy: 'arc',
      secondary: [
        { fileSystem: { emptyDir: { size: '100Gi' } } },
        { fileSystem: { pvc: { ref: { name: 'kv-cache', path: 'qwen' } } } },
        { fileSystem: { pvc: { spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '200Gi' } } } } } },
      ],
    });
  });

  test('tracing and storageInitializer', () => {
    expect(specOf({ tracing: {} }).tracing).toEqual({});
    expect(specOf({ tracing: { exporterEndpoint: 'http://otel:4317', sampler: 'always_on', samplerArg: '1', exporter: 'otlp' } }).tracing)
      .toEqual({ exporterEndpoint: 'http://otel:4317', sampler: 'always_on', samplerArg: '1', exporter: 'otlp' });
    const spec = specOf({ storageInitializer: { enabled: false } }, chart => ({
      template: { volumeMounts: [{ volume: Volume.fromPersistentVolumeClaim(chart, 'models', PersistentVolumeClaim.fromClaimName(chart, 'claim', 'models')), path: '/mnt/models' }] },
    }));
    expect(spec.storageInitializer).toEqual({ enabled: false });
    expect(spec.template.containers[0].volumeMounts).toEqual([{ name: 'pvc-models', mountPath: '/mnt/models' }]);
  });

  test('baseRefs: a config of the app by object, and one by name', () => {
    expect(specOf({}, chart => ({
      baseRefs: [new LLMInferenceServiceConfig(chart, 'preset', { name: 'gpu-preset' }), LLMInferenceServiceConfig.fromName('kserve-config-llm-template')],
    })).baseRefs).toEqual([{ name: 'gpu-preset' }, { name: 'kserve-config-llm-template' }]);
  });

  test('worker pod for pipeline parallelism renders with a config in baseRefs', () => {
    const spec = specOf({
      baseRefs: [LLMInferenceServiceConfig.fromName('my-pipeline-preset')],
      parallelism: { tensor: 2, pipeline: 2 },
      template: { extendedResources: [ExtendedResource.nvidiaGpu(2)] },
      worker: { extendedResources: [ExtendedResource.nvidiaGpu(2)] },
    });
    expect(spec.parallelism).toEqual({ tensor: 2, pipeline: 2 });
  });
});
