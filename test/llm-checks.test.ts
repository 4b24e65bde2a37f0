import { createHash } from 'crypto';
import { ApiObject, Chart, JsonPatch, Size, Testing } from 'cdk8s';
import { NodeLabelQuery, Volume } from 'cdk8s-plus-28';
import {
  Gateway, GatewayRef, HttpBackend, HttpRoute, HttpRouteParent, HttpRouteRef, KServeInstall, KServeInstallProps, ListenerProtocol,
  LLMInferenceService, LLMInferenceServiceConfig, LLMInferenceServiceProps, LLMRouter, LocalModelCache, LocalModelNamespaceCache,
  LocalModelNodeGroup, LoRAAdapter, ModelStorageSecret, NodeGroupVolume, RouteNamespaces, SecretSource, StorageUri,
} from '../src';
import { expectError, newChart, synthErrors } from './util/harness';
import { expectValidObjects } from './util/schema-validator';
import { childName } from '../src/private/llm-names';

const MODEL = { uri: StorageUri.huggingFace('Qwen/Qwen2.5-7B-Instruct') };
const AT = 'test/qwen';

/** The synth errors of one service (and whatever `setup` adds to its chart). */
function errorsOf(props: Partial<LLMInferenceServiceProps>, setup?: (chart: Chart) => Partial<LLMInferenceServiceProps>): string[] {
  const { app, chart } = newChart();
  new LLMInferenceService(chart, 'qwen', { model: MODEL, ...props, ...setup?.(chart) } as LLMInferenceServiceProps);
  return synthErrors(app);
}

/** Synthesizes one service (and `setup`'s objects), asserts no errors and valid objects (v0.20.0 schemas), returns them. */
function objectsOf(props: Partial<LLMInferenceServiceProps>, setup?: (chart: Chart) => Partial<LLMInferenceServiceProps>): any[] {
  const { app, chart } = newChart();
  new LLMInferenceService(chart, 'qwen', { model: MODEL, ...props, ...setup?.(chart) } as LLMInferenceServiceProps);
  expect(synthErrors(app)).toEqual([]);
  const objects = Testing.synth(chart);
  expectValidObjects(objects, { kserveVersion: 'v0.20.0' });
  return objects;
}

const specOf = (objects: any[]) => objects.find(o => o.kind === 'LLMInferenceService').spec;

describe('sharedMemory on an LLM pod writes the presets\' /dev/shm volume (dshm)', () => {
  test('template, worker and prefill: one volume dshm with the size, one mount at /dev/shm', () => {
    const spec = specOf(objectsOf({
      template: { sharedMemory: Size.gibibytes(16) },
      worker: { sharedMemory: Size.gibibytes(8) },
      parallelism: { data: 2, dataLocal: 1 },
      router: { gateway: {}, route: {}, scheduler: {} },
      prefill: { template: { sharedMemory: Size.gibibytes(4) } },
    }));
    for (const [pod, size] of [[spec.template, '16Gi'], [spec.worker, '8Gi'], [spec.prefill.template, '4Gi']]) {
      expect(pod.volumes).toEqual([{ name: 'dshm', emptyDir: { medium: 'Memory', sizeLimit: size } }]);
      expect(pod.containers[0].volumeMounts).toEqual([{ name: 'dshm', mountPath: '/dev/shm' }]);
    }
  });

  test('a volume of the user named dshm next to sharedMemory is rejected (two volumes of one name)', () => {
    const errors = errorsOf({}, chart => ({
      template: {
        sharedMemory: Size.gibibytes(2),
        volumeMounts: [{ volume: Volume.fromEmptyDir(chart, 'cache', 'dshm'), path: '/cache' }],
      },
    }));
    expectError(errors, AT, "spec.template.volumeMounts[0].volume: volume name 'dshm' is the one sharedMemory uses");
  });

  test('next to sharedMemory, a volume of the user named devshm (the InferenceService runtimes\' name) is the user\'s own', () => {
    const objects = objectsOf({}, chart => ({
      template: { sharedMemory: Size.gibibytes(2), volumeMounts: [{ volume: Volume.fromEmptyDir(chart, 'cache', 'devshm'), path: '/cache' }] },
    }));
    expect(specOf(objects).template.volumes).toEqual([
      { name: 'devshm', emptyDir: {} },
      { name: 'dshm', emptyDir: { medium: 'Memory', sizeLimit: '2Gi' } },
    ]);
  });
});

describe('local model objects with a KServeInstall that runs no local model controller', () => {
  const nodes = [NodeLabelQuery.is('node.kubernetes.io/instance-type', 'gpu-a100')];
  function cacheApp(install: KServeInstallProps | undefined) {
    const { app, chart } = newChart();
    if (install) new KServeInstall(app, 'kserve', install);
    const group = new LocalModelNodeGroup(chart, 'gpus', {
      storageLimit: Size.gibibytes(100), volume: NodeGroupVolume.local('/mnt/models'), nodes, storageClassName: 'local-models',
    });
    new LocalModelCache(chart, 'llama', { sourceModelUri: StorageUri.huggingFace('meta-llama/Llama-3.1-8B-Instruct'), modelSize: Size.gibibytes(16), nodeGroups: [group] });
    new LocalModelNamespaceCache(chart, 'qwen', { sourceModelUri: StorageUri.huggingFace('Qwen/Qwen2.5-7B-Instruct'), modelSize: Size.gibibytes(16), nodeGroups: [group] });
    return app;
  }

  test('each cache and node group names the install and the option to turn on', () => {
    const errors = synthErrors(cacheApp({}));
    for (const [at, kind] of [['test/llama', 'LocalModelCache'], ['test/qwen', 'LocalModelNamespaceCache'], ['test/gpus', 'LocalModelNodeGroup']]) {
      expectError(errors, at, `this ${kind} is served by nothing: KServeInstall 'kserve' runs no local model controller`,
        'set localModelController: true on the install');
    }
  });

  test('localModelController: true serves them', () => {
    expect(synthErrors(cacheApp({ localModelController: true }))).toEqual([]);
  });

  test('an app without a KServeInstall says nothing (the cluster may have one)', () => {
    expect(synthErrors(cacheApp(undefined))).toEqual([]);
  });
});

describe('KServe\'s managed route against the app\'s Gateways it attaches to (router.gateway.refs)', () => {
  const LISTENERS = [{ name: 'http', port: 80, protocol: ListenerProtocol.HTTP, allowedRoutes: RouteNamespaces.all() }];

  /** A Gateway of the app in namespace `gateways` with `listeners`, referenced by object with `sectionName`. */
  function attached(route: LLMRouter['route'], sectionName?: string, listeners: any[] = LISTENERS) {
    return (chart: Chart): Partial<LLMInferenceServiceProps> => {
      const gateway = new Gateway(new Chart(chart.node.scope!, 'gateways', { namespace: 'gateways' }), 'gw',
        { name: 'inference-gateway', gatewayClassName: 'istio', listeners });
      return { router: { gateway: { refs: [{ gateway, sectionName }] }, route } };
    };
  }

  test('a listener that takes the route passes (schema-valid)', () => {
    objectsOf({}, attached({}));
    objectsOf({}, attached({}, 'http'));
  });

  test('a sectionName no listener has is rejected', () => {
    expectError(errorsOf({}, attached({}, 'https')), AT,
      "spec.router.gateway.refs[0]: Gateway 'gateways/inference-gateway' has no listener named 'https'; its listeners are 'http' (port 80)");
  });

  test('a listener that allows routes only from the Gateway\'s own namespace is rejected (the route is in the service\'s)', () => {
    const same = [{ name: 'http', port: 80, protocol: ListenerProtocol.HTTP }];
    expectError(errorsOf({}, attached({}, undefined, same)), AT,
      "spec.router.gateway.refs[0]: the route cannot attach to Gateway 'gateways/inference-gateway'",
      "listener 'http' allows routes from", "not from 'ml'");
  });

  test('the route\'s hostnames must match a listener\'s', () => {
    const listeners = [{ name: 'http', port: 80, protocol: ListenerProtocol.HTTP, hostname: 'llm.example.com', allowedRoutes: RouteNamespaces.all() }];
    const route = { http: { spec: { hostnames: ['chat.example.org'], rules: [{ backends: [HttpBackend.inferencePool('qwen-inference-pool')] }] } } };
    expectError(errorsOf({}, attached(route, undefined, listeners)), AT,
      "listener 'http' serves 'llm.example.com', which none of the route's hostnames");
  });

  test('without a managed route (own HTTPRoutes, or no route) the refs are not checked as its parents', () => {
    const same = [{ name: 'http', port: 80, protocol: ListenerProtocol.HTTP }];
    expect(errorsOf({}, attached(undefined, 'https', same))).toEqual([]);
    expect(errorsOf({}, attached({ http: { refs: [HttpRouteRef.fromName('r')] } }, 'https', same))).toEqual([]);
  });
});

describe('router.route.http.refs against the app\'s HTTPRoutes', () => {
  const GATEWAY = { name: 'inference-gateway', gatewayClassName: 'istio', listeners: [{ name: 'http', port: 80, protocol: ListenerProtocol.HTTP }] };

  /** A Gateway and an HttpRoute of the app with `backends`, referenced by object; `extra` adds to the router. */
  function routed(backends: HttpBackend[], extra: Partial<LLMRouter> = {}, parents?: (gw: Gateway) => HttpRouteParent[]) {
    return (chart: Chart): Partial<LLMInferenceServiceProps> => {
      const gateway = new Gateway(chart, 'gw', GATEWAY);
      const route = new HttpRoute(chart, 'route', { name: 'qwen-route', parents: parents?.(gateway) ?? [{ gateway }], rules: [{ backends }] });
      return { router: { gateway: { refs: [{ gateway }] }, route: { http: { refs: [route] } }, ...extra } };
    };
  }

  test('a route to the scheduler\'s InferencePool, or to the workload Service, passes (schema-valid)', () => {
    const withPool = objectsOf({}, routed([HttpBackend.inferencePool('qwen-inference-pool')], { scheduler: {} }));
    expect(specOf(withPool).router.route).toEqual({ http: { refs: [{ name: 'qwen-route' }] } });
    objectsOf({}, routed([HttpBackend.serviceName('qwen-kserve-workload-svc', 8000)]));
    objectsOf({}, routed([HttpBackend.inferencePool('shared-pool')], { scheduler: { pool: { name: 'shared-pool' } } }));
  });

  test('a ref by name that the app\'s HTTPRoutes do not define', () => {
    const errors = errorsOf({}, chart => {
      const gateway = new Gateway(chart, 'gw', GATEWAY);
      new HttpRoute(chart, 'route', { name: 'other', parents: [{ gateway }], rules: [{ backends: [HttpBackend.serviceName('qwen-kserve-workload-svc', 8000)] }] });
      return { router: { gateway: { refs: [{ gateway }] }, route: { http: { refs: [HttpRouteRef.fromName('qwen-route')] } } } };
    });
    expectError(errors, AT, "spec.router.route.http.refs[0]: HTTPRoute 'ml/qwen-route' is not defined in this app, which defines 'ml/other'",
      'marks HTTPRoutesReady false');
  });

  test('an app without HTTPRoutes says nothing about a ref by name (the cluster may have it)', () => {
    expect(errorsOf({ router: { gateway: { refs: [{ gateway: GatewayRef.fromName('gw') }] }, route: { http: { refs: [HttpRouteRef.fromName('r')] } } } })).toEqual([]);
  });

  test('a ref in another namespace gets only the namespace error', () => {
    const errors = errorsOf({}, chart => {
      const gateway = new Gateway(chart, 'gw', GATEWAY);
      new HttpRoute(chart, 'route', { name: 'r', parents: [{ gateway }], rules: [{ backends: [HttpBackend.serviceName('qwen-kserve-workload-svc', 8000)] }] });
      return { router: { gateway: { refs: [{ gateway }] }, route: { http: { refs: [HttpRouteRef.fromName('r', 'other')] } } } };
    });
    expect(errors).toEqual([expect.stringContaining("[test/qwen] spec.router.route.http.refs[0]: HTTPRoute 'r' is in namespace 'other'")]);
  });

  test('a route whose parent Gateway the app does not define', () => {
    const errors = errorsOf({}, routed([HttpBackend.serviceName('qwen-kserve-workload-svc', 8000)], {}, () => [{ gateway: GatewayRef.fromName('missing') }]));
    expectError(errors, AT, "HTTPRoute 'ml/qwen-route' attaches to Gateway 'ml/missing', which is not defined in this app (it defines 'ml/inference-gateway')");
  });

  test('a route of plain ApiObjects: no parentRefs, and backends that are not the service\'s', () => {
    const errors = errorsOf({}, chart => {
      new ApiObject(chart, 'raw', {
        apiVersion: 'gateway.networking.k8s.io/v1',
        kind: 'HTTPRoute',
        metadata: { name: 'raw' },
        spec: { rules: [{ backendRefs: [{ name: 'other-svc', port: 80 }, { name: 'qwen-kserve-workload-svc', namespace: 'elsewhere', port: 8000 }] }] },
      });
      return { router: { gateway: { refs: [{ gateway: GatewayRef.fromName('gw') }] }, route: { http: { refs: [HttpRouteRef.fromName('raw')] } } } };
    });
    expectError(errors, AT, "HTTPRoute 'ml/raw' has no parentRefs, so no Gateway serves it");
    expectError(errors, AT, "HTTPRoute 'ml/raw' sends no request to this service: none of its backends is its workload Service 'qwen-kserve-workload-svc'");
  });

  test('a backend that is neither the pool nor the workload Service', () => {
    const errors = errorsOf({}, routed([HttpBackend.serviceName('other', 80)], { scheduler: {} }));
    expectError(errors, AT, "HTTPRoute 'ml/qwen-route' sends no request to this service: none of its backends is the service's InferencePool "
      + "'qwen-inference-pool' (HttpBackend.inferencePool) or its workload Service 'qwen-kserve-workload-svc'");
  });

  test('the workload Service on another port than 8000', () => {
    const errors = errorsOf({}, routed([HttpBackend.serviceName('qwen-kserve-workload-svc', 80)]));
    expect(errors).toEqual([expect.stringContaining("HTTPRoute 'ml/qwen-route' sends to port 80 of Service 'qwen-kserve-workload-svc', which exposes port 8000 only")]);
  });

  test('the default InferencePool without a scheduler does not exist', () => {
    const errors = errorsOf({}, routed([HttpBackend.inferencePool('qwen-inference-pool')]));
    expectError(errors, AT, "it routes to InferencePool 'qwen-inference-pool', which KServe creates only with router.scheduler");
  });

  test('a JSON patch on the route is what is checked (escape hatches apply)', () => {
    const { app, chart } = newChart();
    const props = routed([HttpBackend.serviceName('other', 80)])(chart);
    ((props.router!.route!.http!.refs![0]) as HttpRoute).apiObject.addJsonPatch(
      JsonPatch.add('/spec/rules/0/backendRefs/-', { name: 'qwen-kserve-workload-svc', port: 8000 }));
    new LLMInferenceService(chart, 'qwen', { model: MODEL, ...props });
    expect(synthErrors(app)).toEqual([]);
  });

  test('JavaScript: a ref of a wrong type is a synth error, not a TypeError', () => {
    const errors = errorsOf({}, chart => {
      routed([HttpBackend.serviceName('qwen-kserve-workload-svc', 8000)])(chart);
      return { router: { gateway: { refs: [{ gateway: GatewayRef.fromName('gw') }] }, route: { http: { refs: [42 as any] } } } };
    });
    expectError(errors, AT, 'router.route.http.refs[0]: must be an IHttpRoute');
  });

  test('JavaScript: refs that are not a list are a synth error, not a TypeError', () => {
    const errors = errorsOf({}, chart => {
      routed([HttpBackend.serviceName('qwen-kserve-workload-svc', 8000)])(chart);
      return { router: { gateway: { refs: [{ gateway: GatewayRef.fromName('gw') }] }, route: { http: { refs: 'qwen-route' as any } } } };
    });
    expectError(errors, AT, 'router.route.http.refs');
  });

  test('childName shortens like kmeta.ChildName', () => {
    expect(childName('qwen', '-inference-pool')).toBe('qwen-inference-pool');
    const long = 'a'.repeat(60);
    const md5 = (s: string) => createHash('md5').update(s).digest('hex');
    expect(childName(long, '-inference-pool')).toBe(`${long.substring(0, 31 - 15)}${md5(long)}-inference-pool`);
    const suffix = `x${'y'.repeat(59)}`;
    expect(childName('lora-pvc-', suffix)).toBe(`lora-pvc-${md5(`lora-pvc-${suffix}`)}${suffix.substring(0, 22)}`);
    // The name ends on an alphanumeric.
    const dashed = `${'b'.repeat(21)}-${'c'.repeat(40)}`;
    expect(childName('lora-pvc-', dashed)).toBe(`lora-pvc-${md5(`lora-pvc-${dashed}`)}${'b'.repeat(21)}`);
  });
});

describe('LoRA adapters as KServe attaches them', () => {
  const lora = (...adapters: LoRAAdapter[]) => ({ model: { ...MODEL, lora: { adapters } } });

  test('adapters with the storage initializer disabled', () => {
    const errors = errorsOf({
      ...lora({ name: 'sql', uri: StorageUri.huggingFace('org/sql-lora') }, { name: 'chat', uri: StorageUri.pvc('adapters', 'chat') }),
      storageInitializer: { enabled: false },
      template: { image: 'registry.example.com/vllm-with-model:1.0' },
    });
    expectError(errors, AT, "spec.model.lora.adapters[0] 'sql': spec.storageInitializer.enabled is false", 'to download hf:// adapters');
    expectError(errors, AT, "spec.model.lora.adapters[1] 'chat': spec.storageInitializer.enabled is false", 'to mount pvc:// adapters');
  });

  test('the storage initializer disabled by a config of the app in baseRefs', () => {
    const errors = errorsOf(lora({ name: 'sql', uri: StorageUri.s3('bucket', 'sql') }), chart => ({
      baseRefs: [new LLMInferenceServiceConfig(chart, 'no-init', { storageInitializer: { enabled: false }, template: { image: 'registry.example.com/vllm:1.0' } })],
    }));
    expectError(errors, AT, "spec.model.lora.adapters[0] 'sql': spec.storageInitializer.enabled is false");
    // A config by name may enable it again: nothing is said.
    expect(errorsOf(lora({ name: 'sql', uri: StorageUri.s3('bucket', 'sql') }), chart => ({
      baseRefs: [new LLMInferenceServiceConfig(chart, 'no-init', { storageInitializer: { enabled: false }, template: { image: 'registry.example.com/vllm:1.0' } }),
        LLMInferenceServiceConfig.fromName('site-defaults')],
    }))).toEqual([]);
  });

  test('JavaScript: adapters of wrong types are synth errors, not TypeErrors', () => {
    expectError(errorsOf({ model: { ...MODEL, lora: { adapters: 'sql' as any } } }), AT, 'lora.adapters');
    expectError(errorsOf({ model: { ...MODEL, lora: { adapters: [42 as any, { name: 7, uri: 'pvc://x/y' } as any] } } }), AT, 'lora.adapters[0]');
  });

  test('two names KServe mounts at one folder', () => {
    const errors = errorsOf(lora({ name: 'org/sql', uri: StorageUri.huggingFace('org/sql-lora') }, { name: 'org-sql', uri: StorageUri.s3('bucket', 'sql') }));
    expectError(errors, AT, "spec.model.lora.adapters[1].name 'org-sql': KServe mounts it at '/mnt/lora/org-sql', as adapters[0] ('org/sql')");
  });

  test('a config\'s adapters get the name rules too (the storage initializer is each service\'s to decide)', () => {
    const { app, chart } = newChart();
    new LLMInferenceServiceConfig(chart, 'adapters', {
      model: {
        uri: StorageUri.huggingFace('Qwen/Qwen2.5-7B-Instruct'),
        lora: {
          adapters: [
            { name: 'org/sql', uri: StorageUri.huggingFace('org/sql-lora') }, { name: 'org-sql', uri: StorageUri.s3('bucket', 'sql') },
            { name: 'Chat_v1', uri: StorageUri.pvc('adapters', 'chat') },
          ],
        },
      },
      storageInitializer: { enabled: false },
    });
    const errors = synthErrors(app);
    expectError(errors, 'test/adapters', "spec.model.lora.adapters[1].name 'org-sql': KServe mounts it at '/mnt/lora/org-sql'");
    expectError(errors, 'test/adapters', "spec.model.lora.adapters[2].name 'Chat_v1': KServe names the volume of a pvc:// adapter");
    expect(errors.filter(e => e.includes('storageInitializer.enabled is false'))).toEqual([]);
  });

  test('a pvc:// adapter whose volume name is not a DNS-1123 label; hf:// names are free', () => {
    const errors = errorsOf(lora({ name: 'Chat_v1', uri: StorageUri.pvc('adapters', 'chat') }, { name: 'SQL_v1', uri: StorageUri.huggingFace('org/sql-lora') }));
    expect(errors).toEqual([expect.stringContaining("spec.model.lora.adapters[0].name 'Chat_v1': KServe names the volume of a pvc:// adapter 'lora-pvc-Chat_v1'")]);
    const long = `${'a'.repeat(50)}-chat`;
    const spec = specOf(objectsOf(lora({ name: long, uri: StorageUri.pvc('adapters', 'chat') })));
    expect(spec.model.lora.adapters).toEqual([{ name: long, uri: 'pvc://adapters/chat' }]);
    const longUpper = `${'A'.repeat(50)}-chat`;
    expectError(errorsOf(lora({ name: longUpper, uri: StorageUri.pvc('adapters', 'chat') })), AT, 'KServe names the volume of a pvc:// adapter \'lora-pvc-');
  });

  test('credentials serve the adapters the storage initializer downloads, not only the model', () => {
    // A PVC model with S3 adapters: the S3 credentials are used for the adapters.
    const ok = objectsOf({
      model: { uri: StorageUri.pvc('models', 'llama'), lora: { adapters: [{ name: 'sql', uri: StorageUri.s3('adapters', 'sql') }] } },
    }, chart => ({ template: { storageCredentials: ModelStorageSecret.s3(chart, 's3', { source: SecretSource.fromSecretName('s3-keys') }) } }));
    expect(specOf(ok).template.serviceAccountName).toBe('s3-keys');
    // Without adapters the credentials open nothing KServe downloads.
    const errors = errorsOf({ model: { uri: StorageUri.pvc('models', 'llama') } },
      chart => ({ template: { storageCredentials: ModelStorageSecret.s3(chart, 's3', { source: SecretSource.fromSecretName('s3-keys') }) } }));
    expectError(errors, AT, "spec.template.storageCredentials: s3 credentials 'test/s3' cannot open 'pvc://models/llama'");
    // Credentials that open neither the model nor an adapter are reported against the first download, the model.
    const hf = errorsOf({ model: { uri: StorageUri.s3('models', 'llama'), lora: { adapters: [{ name: 'sql', uri: StorageUri.s3('adapters', 'sql') }] } } },
      chart => ({ template: { storageCredentials: ModelStorageSecret.huggingFace(chart, 'hf', { source: SecretSource.fromSecretName('hf-token') }) } }));
    expectError(hf, AT, "spec.template.storageCredentials: huggingface credentials 'test/hf' cannot open 's3://models/llama'");
  });
});

describe('the model URI schemes KServe\'s LLM controller attaches', () => {
  const GCS = StorageUri.gcs('bucket', 'llama');

  test('gs:// stops reconcile', () => {
    expectError(errorsOf({ model: { uri: GCS } }), AT, "spec.model.uri 'gs://bucket/llama': KServe's LLMInferenceService controller attaches models from hf://");
    expectError(errorsOf({ model: { uri: StorageUri.url('https://models.example.com/llama.tar.gz') } }), AT, "('https://' stops reconcile");
  });

  test('a config of the app in baseRefs that gives a gs:// model', () => {
    expectError(errorsOf({ model: undefined }, chart => ({ baseRefs: [new LLMInferenceServiceConfig(chart, 'base', { model: { uri: GCS } })] })),
      AT, "spec.model.uri 'gs://bucket/llama'");
  });

  test('a local model cache of the app serves it (KServe mounts the cache\'s PVC), unless the service opts out', () => {
    const cache = (chart: Chart) => {
      const group = new LocalModelNodeGroup(chart, 'gpus', {
        storageLimit: Size.gibibytes(100), volume: NodeGroupVolume.local('/mnt/models'), nodes: [NodeLabelQuery.is('gpu', 'a100')], storageClassName: 'local',
      });
      new LocalModelCache(chart, 'llama', { sourceModelUri: GCS, modelSize: Size.gibibytes(16), nodeGroups: [group] });
      return {};
    };
    expect(errorsOf({ model: { uri: GCS } }, cache)).toEqual([]);
    expectError(errorsOf({ model: { uri: GCS }, metadataAnnotations: { 'serving.kserve.io/disable-localmodel': 'true' } }, cache), AT, "spec.model.uri 'gs://bucket/llama'");
  });

  test('with the storage initializer disabled nothing is attached', () => {
    expect(errorsOf({ model: { uri: GCS }, storageInitializer: { enabled: false }, template: { image: 'registry.example.com/vllm-with-model:1.0' } })).toEqual([]);
  });
});
