/**
 * LLMInferenceService and LLMInferenceServiceConfig on KServe v0.16.0 (issue #20), which serves them as
 * `serving.kserve.io/v1alpha1` only: the v1alpha1 spec (config/crd/full/llmisvc at v0.16.0), the InferencePool of the
 * Gateway API Inference Extension it bundles (v0.3.0: inference.networking.x-k8s.io/v1alpha2) and its webhook
 * (pkg/controller/v1alpha1/llmisvc/validation/llminferenceservice_validator.go at v0.16.0). The v1alpha2 fields it lacks are
 * tested with the other releases' in llm-releases.test.ts.
 */
import { Testing } from 'cdk8s';
import {
  EndpointPickerFailureMode, ExtendedResource, Gateway, GatewayRef, HttpBackend, HttpPathMatch, HttpRoute, KServeVersion, LLMInferenceService,
  LLMInferenceServiceConfig, LLMInferenceServiceProps, LLMInferencePoolSpec, ListenerProtocol, ModelCriticality, StorageUri,
} from '../src';
import { expectError, newChart, synthErrors } from './util/harness';
import { expectValidObjects, schemaVersionOf, validateObjects } from './util/schema-validator';

const V16 = KServeVersion.V0_16;
const V17 = KServeVersion.V0_17;
const MODEL = { uri: StorageUri.huggingFace('Qwen/Qwen2.5-7B-Instruct') };
const AT = 'test/qwen';
const POOL: LLMInferencePoolSpec = {
  selector: { 'app.kubernetes.io/name': 'qwen' },
  targetPorts: [8000],
  endpointPicker: { name: 'qwen-epp-service', port: 9002, failureMode: EndpointPickerFailureMode.FAIL_OPEN },
};

function errorsOf(version: KServeVersion, props: Partial<LLMInferenceServiceProps>): string[] {
  const { app, chart } = newChart();
  new LLMInferenceService(chart, 'qwen', { version, model: MODEL, ...props });
  return synthErrors(app);
}

/** The objects of one service on `version`, with no error and valid against that release's schemas. */
function objectsOf(version: KServeVersion, props: Partial<LLMInferenceServiceProps>): any[] {
  const { app, chart } = newChart();
  new LLMInferenceService(chart, 'qwen', { version, model: MODEL, ...props });
  expect(synthErrors(app)).toEqual([]);
  const objects = Testing.synth(chart);
  expectValidObjects(objects, { kserveVersion: schemaVersionOf(version) });
  return objects;
}

const specOf = (objects: any[]) => objects.find(o => o.kind === 'LLMInferenceService').spec;

describe('a representative config and service on v0.16.0', () => {
  function stack() {
    const { app, chart } = newChart();
    const a100 = new LLMInferenceServiceConfig(chart, 'vllm-a100', {
      version: V16,
      template: { extendedResources: [ExtendedResource.nvidiaGpu(1)], nodeSelector: { 'nvidia.com/gpu.product': 'A100' } },
    });
    // Model, managed gateway, route and scheduler (with a pool spec of its own), on a multi-node (data-parallel) workload.
    new LLMInferenceService(chart, 'qwen', {
      version: V16,
      model: { ...MODEL, name: 'qwen' },
      baseRefs: [a100],
      replicas: 2,
      parallelism: { tensor: 1, data: 2, dataLocal: 1 },
      template: { extendedResources: [ExtendedResource.nvidiaGpu(1)] },
      worker: { extendedResources: [ExtendedResource.nvidiaGpu(1)] },
      router: { gateway: {}, route: {}, scheduler: { pool: { spec: POOL } } },
    });
    return { app, chart };
  }

  test('synthesizes with no error, as serving.kserve.io/v1alpha1, valid against the v0.16.0 schemas', () => {
    const { app, chart } = stack();
    expect(synthErrors(app)).toEqual([]);
    const objects = Testing.synth(chart);
    expect(objects.map(o => `${o.apiVersion} ${o.kind} ${o.metadata.name}`)).toEqual([
      'serving.kserve.io/v1alpha1 LLMInferenceServiceConfig vllm-a100',
      'serving.kserve.io/v1alpha1 LLMInferenceService qwen',
    ]);
    expectValidObjects(objects, { kserveVersion: schemaVersionOf(V16) });
    // v0.16.0's CRDs serve no v1alpha2: the same objects in v0.17's group/version would be refused.
    expect(validateObjects(objects.map(o => ({ ...o, apiVersion: 'serving.kserve.io/v1alpha2' })), { kserveVersion: 'v0.16.0' }).length).toBeGreaterThan(0);
    expect(objects).toMatchSnapshot();
  });

  test('the pool spec is InferencePool v1alpha2\'s: extensionRef with portNumber, one targetPortNumber, a label map selector', () => {
    expect(specOf(Testing.synth(stack().chart)).router.scheduler.pool.spec).toEqual({
      selector: { 'app.kubernetes.io/name': 'qwen' },
      targetPortNumber: 8000,
      extensionRef: { name: 'qwen-epp-service', portNumber: 9002, failureMode: 'FailOpen' },
    });
    // The same props on v0.17.1 give InferencePool v1's form.
    expect(specOf(objectsOf(V17, { router: { gateway: {}, route: {}, scheduler: { pool: { spec: POOL } } } })).router.scheduler.pool.spec).toEqual({
      selector: { matchLabels: { 'app.kubernetes.io/name': 'qwen' } },
      targetPorts: [{ number: 8000 }],
      endpointPickerRef: { name: 'qwen-epp-service', port: { number: 9002 }, failureMode: 'FailOpen' },
    });
  });
});

describe('the pool spec on v0.16.0 (InferencePool v1alpha2)', () => {
  const withPool = (spec: LLMInferencePoolSpec) => ({ router: { gateway: {}, route: {}, scheduler: { pool: { spec } } } });

  test('takes one target port: several are one error naming v0.17', () => {
    expect(errorsOf(V16, withPool({ ...POOL, targetPorts: [8000, 8001] }))).toEqual([
      `[${AT}] spec.router.scheduler.pool.spec.targetPorts with 2 ports needs KServe v0.17 or later (target is v0.16.0): KServe v0.16.0's `
        + 'InferencePool (inference.networking.x-k8s.io/v1alpha2) takes one port (targetPortNumber); give one',
    ]);
    objectsOf(V17, withPool({ ...POOL, targetPorts: [8000, 8001] }));
  });

  test('the endpoint picker\'s port may be left out (portNumber is optional there), not on v0.17.1 (the v1 CRD\'s rule)', () => {
    const noPort = withPool({ ...POOL, endpointPicker: { name: 'qwen-epp-service' } });
    expect(specOf(objectsOf(V16, noPort)).router.scheduler.pool.spec.extensionRef).toEqual({ name: 'qwen-epp-service' });
    expectError(errorsOf(V17, noPort), AT, 'spec.router.scheduler.pool.spec.endpointPicker.port is required when the endpoint picker is a Service');
  });

  test('no target port is an error on both', () => {
    expectError(errorsOf(V16, withPool({ ...POOL, targetPorts: [] })), AT, 'spec.router.scheduler.pool.spec.targetPorts: give the port');
    expectError(errorsOf(V17, withPool({ ...POOL, targetPorts: [] })), AT, 'spec.router.scheduler.pool.spec.targetPorts: give 1 to 8 ports (got 0)');
  });
});

describe('v0.16.0\'s router webhook (validateRouterCrossFieldConstraints)', () => {
  const gateway = GatewayRef.fromName('inference-gateway', 'gateways');
  const rules = [{ matches: [{ path: HttpPathMatch.prefix('/v1') }], backends: [HttpBackend.inferencePool('qwen-inference-pool')] }];

  test('a managed route `{}` with gateway refs is rejected, accepted from v0.17.1', () => {
    const props = { router: { gateway: { refs: [{ gateway }] }, route: {}, scheduler: {} } };
    expect(errorsOf(V16, props)).toEqual([
      `[${AT}] spec.router.gateway.refs: unsupported configuration: custom gateway ('spec.router.gateway.refs') cannot be used with managed `
        + "route ('spec.router.route: {}'); either provide your own HTTP routes ('spec.router.route.http.refs') or remove 'spec.router.gateway.refs' "
        + 'to use the managed gateway (a managed route on gateway refs needs KServe v0.17 or later (target is v0.16.0); on v0.16.0, '
        + 'route: { http: {} } passes the webhook and the controller attaches its managed route to the refs)',
    ]);
    objectsOf(V17, props);
    // `http: {}` is not the zero route the webhook compares with, and has no spec: accepted, written as given.
    const httpOnly = { router: { gateway: { refs: [{ gateway }] }, route: { http: {} }, scheduler: {} } };
    expect(specOf(objectsOf(V16, httpOnly)).router.route).toEqual({ http: {} });
  });

  test('a managed route spec with gateway refs is rejected, even without parentRefs; accepted from v0.17.1', () => {
    const props = { router: { gateway: { refs: [{ gateway }] }, route: { http: { spec: { rules } } }, scheduler: {} } };
    expect(errorsOf(V16, props)).toEqual([
      `[${AT}] spec.router.route.http.spec: unsupported configuration: managed HTTP route spec ('spec.router.route.http.spec') cannot be used `
        + "with custom gateway refs ('spec.router.gateway.refs'); either remove 'spec.router.gateway.refs' or 'spec.router.route.http.spec' "
        + '(a managed route spec on gateway refs needs KServe v0.17 or later (target is v0.16.0))',
    ]);
    objectsOf(V17, props);
  });

  test('the managed gateway with a managed route, and gateway refs with HTTPRoutes of your own, are accepted', () => {
    objectsOf(V16, { router: { gateway: {}, route: { http: { spec: { rules } } }, scheduler: {} } });
    const { app, chart } = newChart();
    const gw = new Gateway(chart, 'gw', { name: 'inference-gateway', gatewayClassName: 'istio', listeners: [{ name: 'http', port: 80, protocol: ListenerProtocol.HTTP }] });
    const route = new HttpRoute(chart, 'route', { name: 'qwen-route', parents: [{ gateway: gw }], rules: [{ backends: [HttpBackend.serviceName('qwen-kserve-workload-svc', 8000)] }] });
    new LLMInferenceService(chart, 'qwen', { version: V16, model: MODEL, router: { gateway: { refs: [{ gateway: gw }] }, route: { http: { refs: [route] } } } });
    expect(synthErrors(app)).toEqual([]);
    expectValidObjects(Testing.synth(chart), { kserveVersion: 'v0.16.0' });
  });
});

describe('InferencePool backends on v0.16.0 (its pools are inference.networking.x-k8s.io only)', () => {
  const rules = [{ matches: [{ path: HttpPathMatch.prefix('/v1') }], backends: [HttpBackend.inferencePool('qwen-inference-pool', { port: 8000 })] }];

  test('the managed route spec writes HttpBackend.inferencePool in the release\'s group (isDefaultBackendRef compares it)', () => {
    const props = { router: { gateway: {}, route: { http: { spec: { rules } } }, scheduler: {} } };
    const backend = (objects: any[]) => specOf(objects).router.route.http.spec.rules[0].backendRefs[0];
    expect(backend(objectsOf(V16, props))).toEqual({ group: 'inference.networking.x-k8s.io', kind: 'InferencePool', name: 'qwen-inference-pool', port: 8000 });
    expect(backend(objectsOf(V17, props))).toEqual({ group: 'inference.networking.k8s.io', kind: 'InferencePool', name: 'qwen-inference-pool', port: 8000 });
  });

  test('an HTTPRoute of the app to an InferencePool v1 is an error on v0.16.0, not on v0.17.1', () => {
    const errors = (version: KServeVersion) => {
      const { app, chart } = newChart();
      const gw = new Gateway(chart, 'gw', { name: 'inference-gateway', gatewayClassName: 'istio', listeners: [{ name: 'http', port: 80, protocol: ListenerProtocol.HTTP }] });
      const route = new HttpRoute(chart, 'route', { name: 'qwen-route', parents: [{ gateway: gw }], rules: [{ backends: [HttpBackend.inferencePool('qwen-inference-pool')] }] });
      new LLMInferenceService(chart, 'qwen', { version, model: MODEL, router: { gateway: { refs: [{ gateway: gw }] }, route: { http: { refs: [route] } }, scheduler: {} } });
      return synthErrors(app);
    };
    const v16 = errors(V16);
    expect(v16).toHaveLength(2);
    expectError(v16, AT, "HTTPRoute 'ml/qwen-route' sends to InferencePool 'qwen-inference-pool' in group inference.networking.k8s.io, which KServe v0.16.0 "
      + 'does not have (its InferencePools are inference.networking.x-k8s.io/v1alpha2)', 'set the group to inference.networking.x-k8s.io');
    expectError(v16, AT, "HTTPRoute 'ml/qwen-route' sends no request to this service");
    expect(errors(V17)).toEqual([]);
  });
});

test('v0.15.2 and earlier have no LLM kinds: one error each, naming v0.16', () => {
  const { app, chart } = newChart();
  new LLMInferenceServiceConfig(chart, 'cfg', { version: KServeVersion.V0_15 });
  new LLMInferenceService(chart, 'qwen', { version: KServeVersion.V0_13, model: MODEL, scaling: { maxReplicas: 2, wva: { hpa: {} } } });
  expect(synthErrors(app)).toEqual([
    "[test/cfg] LLMInferenceServiceConfig 'test/cfg' needs KServe v0.16 or later (the first release with the LLMInferenceService CRDs); the target is "
      + 'v0.15.2. Target KServeVersion.V0_16 or later, or serve the model with an InferenceService',
    "[test/qwen] LLMInferenceService 'test/qwen' needs KServe v0.16 or later (the first release with the LLMInferenceService CRDs); the target is "
      + 'v0.13.1. Target KServeVersion.V0_16 or later, or serve the model with an InferenceService',
  ]);
});

test('a config on v0.16.0 gets the same field errors as a service', () => {
  const { app, chart } = newChart();
  new LLMInferenceServiceConfig(chart, 'cfg', { version: V16, storageInitializer: { enabled: false }, router: { scheduler: { replicas: 2 } } });
  expect(synthErrors(app)).toEqual([
    '[test/cfg] spec.storageInitializer needs KServe v0.17 or later (target is v0.16.0)',
    '[test/cfg] spec.router.scheduler.replicas needs KServe v0.17 or later (target is v0.16.0)',
  ]);
});

describe('model.criticality (v0.16.0 only: LLMModelSpec.Criticality, written to the managed scheduler\'s InferenceModel)', () => {
  const ROUTED = { router: { gateway: {}, route: {}, scheduler: {} } };

  test.each([ModelCriticality.CRITICAL, ModelCriticality.STANDARD, ModelCriticality.SHEDDABLE])('%s is written as spec.model.criticality, schema-valid', value => {
    const [service] = objectsOf(V16, { model: { ...MODEL, criticality: value }, ...ROUTED });
    expect(service.spec.model).toEqual({ uri: MODEL.uri.uri, criticality: value });
  });

  test('every later release is an error: v1alpha2 has no criticality', () => {
    const later = KServeVersion.all().filter(v => v.isAtLeast(V17));
    expect(later.map(v => v.name)).toEqual(['v0.17.1', 'v0.18.1', 'v0.19.0', 'v0.20.0']);
    for (const version of later) {
      const errors = errorsOf(version, { model: { ...MODEL, criticality: ModelCriticality.SHEDDABLE }, ...ROUTED });
      expectError(errors, AT, `spec.model.criticality exists only in KServe v0.16 (serving.kserve.io/v1alpha1; target is ${version.name})`);
    }
  });

  test('without a scheduler KServe manages it has no effect: an error', () => {
    expectError(errorsOf(V16, { model: { ...MODEL, criticality: ModelCriticality.STANDARD } }), AT,
      'spec.model.criticality has no effect: KServe writes it to the InferenceModel of the scheduler it manages');
    expectError(errorsOf(V16, { model: { ...MODEL, criticality: ModelCriticality.STANDARD }, router: { scheduler: { pool: { name: 'shared-pool' } } } }), AT,
      'spec.model.criticality has no effect');
  });

  test('a JavaScript caller\'s other value is a synth error naming the allowed ones', () => {
    expectError(errorsOf(V16, { model: { ...MODEL, criticality: 'critical' as any }, ...ROUTED }), AT, 'model.criticality', "'Critical'");
  });
});
