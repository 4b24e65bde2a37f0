/**
 * The typed LLMInferenceService parts that were plain JSON: the route spec KServe creates, the InferencePool spec, the
 * endpoint picker's inline config, the KV cache tier's per-pod claim and KEDA's fallback and advanced options. Each
 * field through the typed API to its exact JSON (validated against the v0.20.0 CRD), each rule rejected at synth, and
 * wrong plain-JavaScript types a synth error.
 */
import { Duration, Size, Testing } from 'cdk8s';
import { PersistentVolumeAccessMode, PersistentVolumeMode, Service } from 'cdk8s-plus-28';
import {
  EndpointPickerConfig, EndpointPickerFailureMode, Gateway, GatewayRef, HttpBackend,
  HttpHeaderMatch, HttpMethod, HttpPathMatch, HttpQueryParamMatch, HttpRouteFilter,
  InferencePoolAppProtocol, KedaFallbackBehavior, KVCacheClaim, ListenerProtocol, LLMGatewayAttachment, LLMHttpRouteSpec, LLMInferencePoolSpec,
  LLMInferenceService, LLMInferenceServiceProps, RouteNamespaces, StorageUri, WvaKedaActuator,
} from '../src';
import { expectError, newChart, synthErrors } from './util/harness';
import { expectValidObjects } from './util/schema-validator';

const MODEL = { uri: StorageUri.huggingFace('Qwen/Qwen2.5-7B-Instruct') };
const AT = 'test/qwen';
type Chart = ReturnType<typeof newChart>['chart'];

/** Synthesizes one service, asserts no errors and a valid object (v0.20.0 schemas), and returns its spec. */
function specOf(props: Partial<LLMInferenceServiceProps>, setup?: (chart: Chart) => Partial<LLMInferenceServiceProps>): any {
  const { app, chart } = newChart();
  new LLMInferenceService(chart, 'qwen', { model: MODEL, ...props, ...setup?.(chart) });
  expect(synthErrors(app)).toEqual([]);
  const objects = Testing.synth(chart);
  expectValidObjects(objects, { kserveVersion: 'v0.20.0' });
  return objects.find(o => o.kind === 'LLMInferenceService').spec;
}

/** The synth errors of one service (props may be plain JavaScript of the wrong type). */
function errorsOf(props: any, setup?: (chart: Chart) => any): string[] {
  const { app, chart } = newChart();
  new LLMInferenceService(chart, 'qwen', { model: MODEL, ...props, ...setup?.(chart) });
  return synthErrors(app);
}

const POOL = { selector: { app: 'qwen' }, targetPorts: [8000], endpointPicker: { name: 'qwen-epp', port: 9002 } };
const CONFIG = { plugins: [{ type: 'max-score-picker' }], schedulingProfiles: [{ name: 'default', plugins: [{ pluginRef: 'max-score-picker' }] }] };
const withPool = (spec: LLMInferencePoolSpec): Partial<LLMInferenceServiceProps> =>
  ({ router: { gateway: {}, route: {}, scheduler: { pool: { spec } } } });
const withConfig = (inline: EndpointPickerConfig): Partial<LLMInferenceServiceProps> =>
  ({ router: { gateway: {}, route: {}, scheduler: { config: { inline } } } });
const withRouteSpec = (spec: LLMHttpRouteSpec, gatewayRefs?: LLMGatewayAttachment[]): Partial<LLMInferenceServiceProps> => ({
  router: { gateway: gatewayRefs ? { refs: gatewayRefs } : {}, route: { http: { spec } } },
});
const withClaim = (spec: KVCacheClaim): Partial<LLMInferenceServiceProps> =>
  ({ kvCacheOffloading: { cpu: Size.gibibytes(10), secondary: [{ pvc: { spec } }] } });
const withKeda = (keda: WvaKedaActuator): Partial<LLMInferenceServiceProps> => ({ scaling: { minReplicas: 2, maxReplicas: 4, wva: { keda } } });

describe('router.route.http.spec', () => {
  test('parents, hostnames and rules (matches, filters, backends, timeouts) render as the HTTPRoute spec', () => {
    const spec = specOf({}, chart => {
      const gateway = new Gateway(chart, 'gw', {
        name: 'inference-gateway',
        namespace: 'gateways',
        gatewayClassName: 'istio',
        listeners: [{ name: 'http', port: 80, protocol: ListenerProtocol.HTTP, allowedRoutes: RouteNamespaces.all() }],
      });
      const workload = new Service(chart, 'svc', { metadata: { name: 'qwen-kserve-workload-svc' }, ports: [{ port: 8000 }] });
      return withRouteSpec({
        parents: [{ gateway, sectionName: 'http' }, { gateway: GatewayRef.fromName('edge', 'gateways'), port: 443 }],
        hostnames: ['llm.example.com'],
        rules: [
          {
            name: 'chat',
            matches: [{
              path: HttpPathMatch.prefix('/qwen/v1/chat/completions'),
              headers: [HttpHeaderMatch.exact('x-team', 'ml')],
              queryParams: [HttpQueryParamMatch.exact('stream', 'true')],
              method: HttpMethod.POST,
            }],
            filters: [HttpRouteFilter.urlRewrite({ prefix: '/v1/chat/completions' })],
            backends: [HttpBackend.inferencePool('qwen-inference-pool', { port: 8000 })],
            requestTimeout: Duration.minutes(10),
            backendRequestTimeout: Duration.minutes(5),
          },
          { matches: [{ path: HttpPathMatch.exact('/v1/models') }], backends: [HttpBackend.service(workload)] },
        ],
      });
    });
    expect(spec.router.route).toEqual({
      http: {
        spec: {
          parentRefs: [
            { name: 'inference-gateway', namespace: 'gateways', sectionName: 'http' },
            { name: 'edge', namespace: 'gateways', port: 443 },
          ],
          hostnames: ['llm.example.com'],
          rules: [
            {
              name: 'chat',
              matches: [{
                path: { type: 'PathPrefix', value: '/qwen/v1/chat/completions' },
                headers: [{ type: 'Exact', name: 'x-team', value: 'ml' }],
                queryParams: [{ type: 'Exact', name: 'stream', value: 'true' }],
                method: 'POST',
              }],
              filters: [{ type: 'URLRewrite', urlRewrite: { path: { type: 'ReplacePrefixMatch', replacePrefixMatch: '/v1/chat/completions' } } }],
              backendRefs: [{ group: 'inference.networking.k8s.io', kind: 'InferencePool', name: 'qwen-inference-pool', port: 8000 }],
              timeouts: { request: '10m', backendRequest: '5m' },
            },
            { matches: [{ path: { type: 'Exact', value: '/v1/models' } }], backendRefs: [{ name: 'qwen-kserve-workload-svc', port: 8000 }] },
          ],
        },
      },
    });
  });

  const backends = [HttpBackend.inferencePool('qwen-inference-pool')];
  test('parents and hostnames may be left out (the preset\'s parentRefs stay)', () => {
    expect(specOf(withRouteSpec({ rules: [{ backends }] })).router.route)
      .toEqual({ http: { spec: { rules: [{ backendRefs: [{ group: 'inference.networking.k8s.io', kind: 'InferencePool', name: 'qwen-inference-pool' }] }] } } });
  });

  test('parents equal to the gateway refs are accepted', () => {
    const ref = { gateway: GatewayRef.fromName('gw', 'gateways'), sectionName: 'http' };
    expect(specOf(withRouteSpec({ parents: [ref], rules: [{ backends }] }, [ref])).router.route.http.spec.parentRefs)
      .toEqual([{ name: 'gw', namespace: 'gateways', sectionName: 'http' }]);
  });

  test.each<[string, unknown, unknown[] | undefined, string[]]>([
    ['no rules', { rules: [] }, undefined, ['spec.router.route.http.spec.rules: an HTTPRoute has 1 to 16 rules (got 0)']],
    ['a bad path', { rules: [{ matches: [{ path: HttpPathMatch.prefix('v1') }], backends }] }, undefined,
      ['spec.router.route.http.spec.rules[0].matches[0].path.value', "start with '/'"]],
    ['a rule without backends', { rules: [{ backends: [] }] }, undefined, ['spec.router.route.http.spec.rules[0].backends: give at least one backend']],
    ['duplicate rule names', { rules: [{ name: 'a', backends }, { name: 'a', backends }] }, undefined, ["rule name 'a' is already used by spec.router.route.http.spec.rules[0]"]],
    ['a backend timeout above the request timeout', { rules: [{ backends, requestTimeout: Duration.seconds(10), backendRequestTimeout: Duration.seconds(20) }] }, undefined,
      ['spec.router.route.http.spec.rules[0].timeouts.backendRequest (20s) cannot be longer than the request timeout (10s)']],
    ['a prefix rewrite without a prefix match', { rules: [{ filters: [HttpRouteFilter.urlRewrite({ prefix: '/v1' })], backends }] }, undefined,
      ['spec.router.route.http.spec.rules[0].filters: a URL rewrite of the matched prefix needs exactly one match']],
    ['no parents', { parents: [], rules: [{ backends }] }, undefined, ["spec.router.route.http.spec.parentRefs: give at least one parent Gateway ('parents')"]],
    ['a bad sectionName', { parents: [{ gateway: GatewayRef.fromName('gw'), sectionName: 'HTTP' }], rules: [{ backends }] }, undefined,
      ['spec.router.route.http.spec.parentRefs[0].sectionName', 'DNS-1123 subdomain']],
    ['a hostname that is an IP', { hostnames: ['10.0.0.1'], rules: [{ backends }] }, undefined, ["spec.router.route.http.spec.hostnames[0] '10.0.0.1' is an IP address"]],
    ['parents that conflict with the gateway refs', { parents: [{ gateway: GatewayRef.fromName('other', 'gateways') }], rules: [{ backends }] }, [{ gateway: GatewayRef.fromName('gw', 'gateways') }],
      ['spec.router.route.http.spec: unsupported configuration: managed HTTP route spec has parentRefs that conflict']],
    ['a parent port with gateway refs (KServe replaces the parents)', { parents: [{ gateway: GatewayRef.fromName('gw', 'gateways'), port: 80 }], rules: [{ backends }] },
      [{ gateway: GatewayRef.fromName('gw', 'gateways') }], ['spec.router.route.http.spec.parentRefs[0].port: KServe replaces the parentRefs']],
  ])('%s is rejected', (_name, spec, refs, fragments) => {
    expectError(errorsOf(withRouteSpec(spec as any, refs as any)), AT, ...fragments);
  });

  test('a parent Gateway of the app is checked against its listeners', () => {
    const errors = errorsOf({}, chart => {
      const gateway = new Gateway(chart, 'gw', { name: 'gw', gatewayClassName: 'istio', listeners: [{ name: 'http', port: 80, protocol: ListenerProtocol.HTTP }] });
      return withRouteSpec({ parents: [{ gateway, sectionName: 'https' }], rules: [{ backends }] });
    });
    expectError(errors, AT, 'spec.router.route.http.spec.parentRefs[0]', "'https'");
  });

  test.each<[string, unknown, string]>([
    ['rules not a list', { rules: 'all' }, 'router.route.http.spec.rules: must be an array of HttpRouteRule'],
    ['a parent gateway as a string', { parents: [{ gateway: 'gw' }] }, 'router.route.http.spec.parents[0].gateway: must be an IGateway'],
    ['an unknown field', { parentRefs: [], rules: [{ backends }] }, 'router.route.http.spec.parentRefs: unknown property'],
    // The CRD would default the rules to one catch-all rule without backends, replacing the preset's.
    ['no rules', { hostnames: ['llm.example.com'] }, 'router.route.http.spec.rules is required'],
  ])('plain JavaScript: %s is a synth error', (_name, spec, fragment) => {
    expectError(errorsOf(withRouteSpec(spec as any)), AT, fragment);
  });
});

describe('router.scheduler.pool.spec', () => {
  test('selector, targetPorts, endpointPicker and appProtocol render as the InferencePool v1 spec', () => {
    expect(specOf(withPool({
      selector: { 'app.kubernetes.io/name': 'qwen', 'kserve.io/component': 'workload' },
      targetPorts: [8000, 8001],
      endpointPicker: { name: 'qwen-epp', kind: 'Service', group: '', port: 9002, failureMode: EndpointPickerFailureMode.FAIL_OPEN },
      appProtocol: InferencePoolAppProtocol.H2C,
    })).router.scheduler.pool).toEqual({
      spec: {
        selector: { matchLabels: { 'app.kubernetes.io/name': 'qwen', 'kserve.io/component': 'workload' } },
        targetPorts: [{ number: 8000 }, { number: 8001 }],
        endpointPickerRef: { name: 'qwen-epp', kind: 'Service', group: '', port: { number: 9002 }, failureMode: 'FailOpen' },
        appProtocol: 'kubernetes.io/h2c',
      },
    });
  });

  test('an endpoint picker of another kind needs no port', () => {
    expect(specOf(withPool({ ...POOL, endpointPicker: { name: 'epp', kind: 'Backend', group: 'gateway.envoyproxy.io' } })).router.scheduler.pool.spec.endpointPickerRef)
      .toEqual({ name: 'epp', kind: 'Backend', group: 'gateway.envoyproxy.io' });
  });

  test.each<[string, unknown, string[]]>([
    ['no selector labels', { ...POOL, selector: {} }, ['spec.router.scheduler.pool.spec.selector: give 1 to 64 labels']],
    ['a bad label value', { ...POOL, selector: { app: 'not valid!' } }, ["spec.router.scheduler.pool.spec.selector['app'] value"]],
    ['no target ports', { ...POOL, targetPorts: [] }, ['spec.router.scheduler.pool.spec.targetPorts: give 1 to 8 ports (got 0)']],
    ['nine target ports', { ...POOL, targetPorts: [1, 2, 3, 4, 5, 6, 7, 8, 9] }, ['give 1 to 8 ports (got 9)']],
    ['a duplicate target port', { ...POOL, targetPorts: [8000, 8000] }, ['spec.router.scheduler.pool.spec.targetPorts[1] (8000): port number must be unique']],
    ['a target port out of range', { ...POOL, targetPorts: [70000] }, ['spec.router.scheduler.pool.spec.targetPorts[0] (70000) must be a whole number from 1 to 65535']],
    ['a Service endpoint picker without port', { ...POOL, endpointPicker: { name: 'epp' } }, ['spec.router.scheduler.pool.spec.endpointPicker.port is required']],
    ['a bad endpoint picker name', { ...POOL, endpointPicker: { name: 'EPP', port: 9002 } }, ['spec.router.scheduler.pool.spec.endpointPicker.name', 'DNS-1123 subdomain']],
    ['a bad kind', { ...POOL, endpointPicker: { name: 'epp', kind: 'my-kind!', port: 9002 } }, ['spec.router.scheduler.pool.spec.endpointPicker.kind']],
    ['a bad group', { ...POOL, endpointPicker: { name: 'epp', group: 'Example.COM', port: 9002 } }, ['spec.router.scheduler.pool.spec.endpointPicker.group']],
  ])('%s is rejected', (_name, spec, fragments) => {
    expectError(errorsOf(withPool(spec as any)), AT, ...fragments);
  });

  test.each<[string, unknown, string]>([
    ['target ports as a string', { ...POOL, targetPorts: '8000' }, 'router.scheduler.pool.spec.targetPorts: must be an array of numbers'],
    ['an unknown failure mode', { ...POOL, endpointPicker: { ...POOL.endpointPicker, failureMode: 'Open' } }, "router.scheduler.pool.spec.endpointPicker.failureMode: must be one of 'FailOpen', 'FailClose'"],
    ['no endpoint picker', { selector: POOL.selector, targetPorts: POOL.targetPorts }, 'router.scheduler.pool.spec.endpointPicker is required'],
  ])('plain JavaScript: %s is a synth error', (_name, spec, fragment) => {
    expectError(errorsOf(withPool(spec as any)), AT, fragment);
  });
});

describe('router.scheduler.config.inline', () => {
  test('plugins (with parameters), profiles (with weights) and feature gates render as an EndpointPickerConfig', () => {
    expect(specOf(withConfig({
      featureGates: ['dataLayer'],
      plugins: [
        { type: 'prefill-filter' },
        { type: 'prefix-cache-scorer', name: 'prefix', parameters: { blockSizeTokens: 16, maxPrefixBlocksToMatch: 256 } },
        { type: 'disagg-profile-handler', parameters: { deciders: { prefill: 'always-disagg-pd-decider' } } },
        { type: 'always-disagg-pd-decider' },
        { type: 'max-score-picker' },
      ],
      schedulingProfiles: [
        { name: 'prefill', plugins: [{ pluginRef: 'prefill-filter' }, { pluginRef: 'prefix', weight: 2.5 }, { pluginRef: 'max-score-picker' }] },
      ],
    })).router.scheduler.config).toEqual({
      inline: {
        apiVersion: 'inference.networking.x-k8s.io/v1alpha1',
        kind: 'EndpointPickerConfig',
        featureGates: ['dataLayer'],
        plugins: [
          { type: 'prefill-filter' },
          { type: 'prefix-cache-scorer', name: 'prefix', parameters: { blockSizeTokens: 16, maxPrefixBlocksToMatch: 256 } },
          { type: 'disagg-profile-handler', parameters: { deciders: { prefill: 'always-disagg-pd-decider' } } },
          { type: 'always-disagg-pd-decider' },
          { type: 'max-score-picker' },
        ],
        schedulingProfiles: [
          { name: 'prefill', plugins: [{ pluginRef: 'prefill-filter' }, { pluginRef: 'prefix', weight: 2.5 }, { pluginRef: 'max-score-picker' }] },
        ],
      },
    });
  });

  const field = 'spec.router.scheduler.config.inline';
  test.each<[string, unknown, string[]]>([
    ['a profile plugin that names no plugin', { ...CONFIG, schedulingProfiles: [{ name: 'default', plugins: [{ pluginRef: 'queue-scorer' }] }] },
      [`${field}.schedulingProfiles[0].plugins[0].pluginRef 'queue-scorer' references an undefined plugin; defined: 'max-score-picker'`]],
    ['a profile plugin by type when the plugin is named', {
      plugins: [{ type: 'queue-scorer', name: 'queue' }], schedulingProfiles: [{ name: 'default', plugins: [{ pluginRef: 'queue-scorer' }] }],
    }, ["pluginRef 'queue-scorer' references an undefined plugin; defined: 'queue'"]],
    ['two unnamed plugins of one type', { ...CONFIG, plugins: [{ type: 'max-score-picker' }, { type: 'max-score-picker' }] },
      [`${field}.plugins[1]: duplicate plugin name 'max-score-picker'`]],
    ['a plugin named as another\'s type', { ...CONFIG, plugins: [{ type: 'max-score-picker' }, { type: 'random-picker', name: 'max-score-picker' }] },
      ["duplicate plugin name 'max-score-picker'"]],
    ['an empty plugin type', { ...CONFIG, plugins: [{ type: '' }] }, [`${field}.plugins[0].type '': the plugin is missing a type`]],
    ['an empty plugin name', { ...CONFIG, plugins: [{ type: 'max-score-picker', name: '' }] }, [`${field}.plugins[0].name: a plugin name must not be empty`]],
    ['duplicate profile names', { ...CONFIG, schedulingProfiles: [CONFIG.schedulingProfiles[0], CONFIG.schedulingProfiles[0]] },
      [`${field}.schedulingProfiles[1]: duplicate profile name 'default'`]],
    ['an empty profile name', { ...CONFIG, schedulingProfiles: [{ name: '', plugins: [] }] }, [`${field}.schedulingProfiles[0].name: the profile is missing a name`]],
    ['an empty pluginRef', { ...CONFIG, schedulingProfiles: [{ name: 'default', plugins: [{ pluginRef: '' }] }] }, ['plugins[0].pluginRef: the profile plugin is missing a pluginRef']],
    ['a negative weight', { ...CONFIG, schedulingProfiles: [{ name: 'default', plugins: [{ pluginRef: 'max-score-picker', weight: -1 }] }] },
      [`${field}.schedulingProfiles[0].plugins[0].weight (-1) must be a finite number >= 0`]],
    ['an empty feature gate', { ...CONFIG, featureGates: [''] }, [`${field}.featureGates[0] '' must be a feature gate name`]],
  ])('%s is rejected', (_name, inline, fragments) => {
    expectError(errorsOf(withConfig(inline as any)), AT, ...fragments);
  });

  test.each<[string, unknown, string]>([
    ['plugins as a string', { ...CONFIG, plugins: 'max-score-picker' }, 'router.scheduler.config.inline.plugins: must be an array of EndpointPickerPlugin'],
    ['a weight as a string', { ...CONFIG, schedulingProfiles: [{ name: 'default', plugins: [{ pluginRef: 'max-score-picker', weight: '2' }] }] }, 'router.scheduler.config.inline.schedulingProfiles[0].plugins[0].weight: must be a number'],
    ['an apiVersion (written by the library)', { ...CONFIG, apiVersion: 'v1' }, 'router.scheduler.config.inline.apiVersion: unknown property'],
    ['no profiles', { plugins: CONFIG.plugins }, 'router.scheduler.config.inline.schedulingProfiles is required'],
  ])('plain JavaScript: %s is a synth error', (_name, inline, fragment) => {
    expectError(errorsOf(withConfig(inline as any)), AT, fragment);
  });
});

describe('kvCacheOffloading PVC tier spec', () => {
  test('size, storage class, access modes and volume mode render as a PersistentVolumeClaimSpec', () => {
    expect(specOf(withClaim({
      size: Size.gibibytes(200),
      storageClassName: 'fast-nvme',
      accessModes: [PersistentVolumeAccessMode.READ_WRITE_ONCE_POD],
      volumeMode: PersistentVolumeMode.FILE_SYSTEM,
    })).kvCacheOffloading.secondary).toEqual([{
      fileSystem: {
        pvc: {
          spec: { accessModes: ['ReadWriteOncePod'], resources: { requests: { storage: '200Gi' } }, storageClassName: 'fast-nvme', volumeMode: 'Filesystem' },
        },
      },
    }]);
  });

  test('ReadWriteOnce by default, and an empty storage class', () => {
    expect(specOf(withClaim({ size: Size.gibibytes(50), storageClassName: '' })).kvCacheOffloading.secondary[0].fileSystem.pvc.spec)
      .toEqual({ accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '50Gi' } }, storageClassName: '' });
  });

  const field = 'spec.kvCacheOffloading.secondary[0].pvc.spec';
  test.each<[string, unknown, string[]]>([
    ['a zero size', { size: Size.gibibytes(0) }, [`${field}.size must be more than zero`]],
    ['no access modes', { size: Size.gibibytes(1), accessModes: [] }, [`${field}.accessModes: give at least one access mode`]],
    ['a Block volume', { size: Size.gibibytes(1), volumeMode: PersistentVolumeMode.BLOCK }, [`${field}.volumeMode: Block volumes cannot be mounted`]],
    ['a bad storage class name', { size: Size.gibibytes(1), storageClassName: 'Fast_NVMe' }, [`${field}.storageClassName 'Fast_NVMe' must be a StorageClass name`]],
  ])('%s is rejected', (_name, spec, fragments) => {
    expectError(errorsOf(withClaim(spec as any)), AT, ...fragments);
  });

  test.each<[string, unknown, string]>([
    ['a size as a string', { size: '10Gi' }, 'kvCacheOffloading.secondary[0].pvc.spec.size: must be a Size'],
    ['an unknown access mode', { size: Size.gibibytes(1), accessModes: ['ReadWriteSometimes'] }, 'kvCacheOffloading.secondary[0].pvc.spec.accessModes[0]: must be one of'],
    ['the raw claim JSON', { resources: { requests: { storage: '10Gi' } } }, 'kvCacheOffloading.secondary[0].pvc.spec.resources: unknown property'],
  ])('plain JavaScript: %s is a synth error', (_name, spec, fragment) => {
    expectError(errorsOf(withClaim(spec as any)), AT, fragment);
  });
});

describe('wva.keda fallback and advanced', () => {
  test('fallback (with behavior) and advanced (HPA behavior, restoreToOriginalReplicaCount) render as KEDA\'s', () => {
    expect(specOf(withKeda({
      fallback: { failureThreshold: 3, replicas: 2, behavior: KedaFallbackBehavior.CURRENT_REPLICAS_IF_HIGHER },
      advanced: { behavior: { scaleDown: { stabilizationWindowSeconds: 600 } }, restoreToOriginalReplicaCount: true },
    })).scaling.wva.keda).toEqual({
      fallback: { failureThreshold: 3, replicas: 2, behavior: 'currentReplicasIfHigher' },
      advanced: {
        horizontalPodAutoscalerConfig: { behavior: { scaleDown: { stabilizationWindowSeconds: 600 } } },
        restoreToOriginalReplicaCount: true,
      },
    });
  });

  test('a fallback of zero replicas after zero failures is KEDA\'s lower bound, accepted', () => {
    expect(specOf(withKeda({ fallback: { failureThreshold: 0, replicas: 0 } })).scaling.wva.keda)
      .toEqual({ fallback: { failureThreshold: 0, replicas: 0 } });
  });

  test.each<[string, unknown, string[]]>([
    ['negative fallback replicas', { fallback: { failureThreshold: 3, replicas: -1 } }, ['spec.scaling.wva.keda.fallback.replicas (-1) must be a whole number >= 0']],
    ['a fractional failure threshold', { fallback: { failureThreshold: 1.5, replicas: 1 } }, ['spec.scaling.wva.keda.fallback.failureThreshold (1.5) must be a whole number >= 0']],
  ])('%s is rejected', (_name, keda, fragments) => {
    expectError(errorsOf(withKeda(keda as any)), AT, ...fragments);
  });

  test.each<[string, unknown, string]>([
    ['an unknown fallback behavior', { fallback: { failureThreshold: 3, replicas: 1, behavior: 'sometimes' } }, 'scaling.wva.keda.fallback.behavior: must be one of'],
    ['a fallback without replicas', { fallback: { failureThreshold: 3 } }, 'scaling.wva.keda.fallback.replicas is required'],
    // The scaling modifiers and the HPA's name belong to KServe (llm_inference_service_validation.go): not offered.
    ['scalingModifiers', { advanced: { scalingModifiers: { formula: 'x' } } }, 'scaling.wva.keda.advanced.scalingModifiers: unknown property'],
    ['horizontalPodAutoscalerConfig (the HPA name)', { advanced: { horizontalPodAutoscalerConfig: { name: 'x' } } }, 'scaling.wva.keda.advanced.horizontalPodAutoscalerConfig: unknown property'],
  ])('plain JavaScript: %s is a synth error', (_name, keda, fragment) => {
    expectError(errorsOf(withKeda(keda as any)), AT, fragment);
  });
});
