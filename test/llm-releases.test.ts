/**
 * LLMInferenceService and LLMInferenceServiceConfig on every release that serves them (v0.16.0 to v0.20.0, issue #20):
 * what they write validates against that release's CRDs, a field the release lacks is one error naming its first
 * release, and the webhook rules that changed between releases follow the target. Facts: /work/notes/hA-llm-releases.md; v0.16.0's
 * own shape (v1alpha1) is tested in llm-v016.test.ts.
 */
import { Chart, Size, Testing } from 'cdk8s';
import { NodeLabelQuery } from 'cdk8s-plus-28';
import * as fc from 'fast-check';
import {
  ExtendedResource, GatewayRef, HttpBackend, InferencePoolAppProtocol, KServeVersion, LLMInferenceService, LLMInferenceServiceConfig,
  LLMInferenceServiceProps, LocalModelCache, LocalModelNodeGroup, NodeGroupVolume, StorageUri,
} from '../src';
import { expectError, newChart, synthErrors } from './util/harness';
import { expectValidObjects, schemaVersionOf, validateObjects } from './util/schema-validator';

const MODEL = { uri: StorageUri.huggingFace('Qwen/Qwen2.5-7B-Instruct') };
const ROUTER = { gateway: {}, route: {}, scheduler: {} };
const AT = 'test/qwen';
/** The releases with the LLM kinds (v1alpha1 on v0.16.0, v1alpha2 from v0.17.1), oldest first. */
const LLM_RELEASES = KServeVersion.all().filter(v => v._facts.llmApiVersion !== undefined);
/** The v1alpha2 releases before v0.20.0. */
const OLDER = [KServeVersion.V0_17, KServeVersion.V0_18, KServeVersion.V0_19];
const minor = (v: KServeVersion) => `v${v.major}.${v.minor}`;

function errorsOf(version: KServeVersion, props: Partial<LLMInferenceServiceProps>, setup?: (chart: Chart) => void): string[] {
  const { app, chart } = newChart();
  setup?.(chart);
  new LLMInferenceService(chart, 'qwen', { version, model: MODEL, ...props } as LLMInferenceServiceProps);
  return synthErrors(app);
}

/** Synthesizes one service on `version`, asserts no errors and objects valid against that release's schemas. */
function objectsOf(version: KServeVersion, props: Partial<LLMInferenceServiceProps>): any[] {
  const { app, chart } = newChart();
  new LLMInferenceService(chart, 'qwen', { version, model: MODEL, ...props } as LLMInferenceServiceProps);
  expect(synthErrors(app)).toEqual([]);
  const objects = Testing.synth(chart);
  expectValidObjects(objects, { kserveVersion: schemaVersionOf(version) });
  return objects;
}

test('the LLM kinds are written for v0.16.0 to v0.20.0, not before', () => {
  expect(LLM_RELEASES).toEqual([KServeVersion.V0_16, ...OLDER, KServeVersion.V0_20]);
  expect(errorsOf(KServeVersion.V0_15, {})).toEqual([`[${AT}] LLMInferenceService 'test/qwen' needs KServe v0.16 or later (the first release `
    + 'with the LLMInferenceService CRDs); the target is v0.15.2. Target KServeVersion.V0_16 or later, or serve the model with an InferenceService']);
});

/** A config, a routed service with prefill and KEDA on both sides, and a multi-node one, all for `version`. */
function stack(version: KServeVersion) {
  const { app, chart } = newChart();
  const a100 = new LLMInferenceServiceConfig(chart, 'vllm-a100', {
    version,
    template: { extendedResources: [ExtendedResource.nvidiaGpu(1)], nodeSelector: { 'nvidia.com/gpu.product': 'A100' } },
    router: { scheduler: { replicas: 2 } },
  });
  // Model, managed gateway, route and scheduler, with a prefill workload and KEDA scaling on both sides.
  new LLMInferenceService(chart, 'qwen', {
    version,
    model: { ...MODEL, name: 'qwen' },
    router: ROUTER,
    baseRefs: [a100],
    scaling: { minReplicas: 1, maxReplicas: 4, wva: { keda: {} } },
    prefill: { scaling: { minReplicas: 1, maxReplicas: 2, wva: { keda: {} } }, template: { extendedResources: [ExtendedResource.nvidiaGpu(1)] } },
  });
  // A multi-node (LeaderWorkerSet) service: data parallelism over a worker, behind a Gateway of the cluster.
  new LLMInferenceService(chart, 'llama', {
    version,
    model: { uri: StorageUri.pvc('models', 'llama-70b') },
    parallelism: { tensor: 4, data: 2, dataLocal: 1 },
    template: { extendedResources: [ExtendedResource.nvidiaGpu(4)] },
    worker: { extendedResources: [ExtendedResource.nvidiaGpu(4)] },
    router: { gateway: { refs: [{ gateway: GatewayRef.fromName('inference-gateway', 'gateways') }] }, route: {}, scheduler: {} },
  });
  return { app, chart };
}

describe.each(OLDER.map(version => ({ version, tag: version.name })))('a representative stack on $tag', ({ version }) => {
  test('synthesizes with no error; every object validates against the release\'s schemas', () => {
    const { app, chart } = stack(version);
    expect(synthErrors(app)).toEqual([]);
    const objects = Testing.synth(chart);
    expect(objects.map(o => `${o.apiVersion} ${o.kind} ${o.metadata.name}`)).toEqual([
      'serving.kserve.io/v1alpha2 LLMInferenceServiceConfig vllm-a100',
      'serving.kserve.io/v1alpha2 LLMInferenceService qwen',
      'serving.kserve.io/v1alpha2 LLMInferenceService llama',
    ]);
    expectValidObjects(objects, { kserveVersion: schemaVersionOf(version) });
    expect(objects).toMatchSnapshot();
  });

  test('writes what v0.20.0 gets: the library adds no release-dependent image, argument or default to these objects', () => {
    expect(Testing.synth(stack(version).chart)).toEqual(Testing.synth(stack(KServeVersion.V0_20).chart));
  });
});

/** A field that first appears in `first`: the props that give it, and the error lines it gives on an older release. */
interface Appears {
  readonly first: KServeVersion;
  readonly name: string;
  readonly props: Partial<LLMInferenceServiceProps>;
  /** The start of each error, before needsRelease's text. */
  readonly fields: string[];
  /** The field is absent from the older CRDs (the schema check proves the fact), or only ignored by their controller. */
  readonly crd: boolean;
  /** What the error goes on to say (the reason when the CRD keeps the field). */
  readonly says?: string;
}

const APPEARS: Appears[] = [
  // v0.17.1's v1alpha2 fields that v0.16.0's v1alpha1 lacks (config/crd/full/llmisvc at both tags).
  {
    first: KServeVersion.V0_17,
    name: 'workload labels and annotations',
    props: { labels: { team: 'ml' }, annotations: { note: 'a' }, router: ROUTER, prefill: { labels: { team: 'ml' }, annotations: { note: 'b' } } },
    fields: ['spec.labels', 'spec.annotations', 'spec.prefill.labels', 'spec.prefill.annotations'],
    crd: true,
  },
  {
    first: KServeVersion.V0_17,
    name: 'scaling',
    props: { router: ROUTER, scaling: { maxReplicas: 4, wva: { hpa: {} } }, prefill: { scaling: { maxReplicas: 2, wva: { hpa: {} } } } },
    fields: ['spec.scaling', 'spec.prefill.scaling'],
    crd: true,
  },
  {
    first: KServeVersion.V0_17,
    name: 'the storage initializer switch',
    props: { storageInitializer: { enabled: false }, template: { image: 'ghcr.io/acme/qwen-in-image:1' } },
    fields: ['spec.storageInitializer'],
    crd: true,
  },
  {
    first: KServeVersion.V0_17,
    name: 'the scheduler\'s options',
    props: {
      router: {
        gateway: {},
        route: {},
        scheduler: {
          replicas: 2,
          labels: { team: 'ml' },
          annotations: { note: 'epp' },
          config: { inline: { plugins: [{ type: 'queue-scorer' }, { type: 'max-score-picker' }], schedulingProfiles: [{ name: 'default', plugins: [{ pluginRef: 'queue-scorer' }, { pluginRef: 'max-score-picker' }] }] } },
        },
      },
    },
    fields: ['spec.router.scheduler.config', 'spec.router.scheduler.replicas', 'spec.router.scheduler.labels', 'spec.router.scheduler.annotations'],
    crd: true,
  },
  { first: KServeVersion.V0_20, name: 'tracing', props: { tracing: { exporterEndpoint: 'http://otel.observability:4317' } }, fields: ['spec.tracing'], crd: true },
  { first: KServeVersion.V0_20, name: 'KV cache offloading', props: { kvCacheOffloading: { cpu: Size.gibibytes(20) } }, fields: ['spec.kvCacheOffloading'], crd: true },
  {
    first: KServeVersion.V0_20,
    name: 'KV cache offloading on prefill',
    props: { router: ROUTER, prefill: { kvCacheOffloading: { cpu: Size.gibibytes(10) } } },
    fields: ['spec.prefill.kvCacheOffloading'],
    crd: true,
  },
  {
    first: KServeVersion.V0_20,
    name: 'a confidential model',
    props: { model: { ...MODEL, confidential: { resourceId: 'kbs:///default/models/qwen' } } },
    fields: ['spec.model.confidential'],
    crd: true,
  },
  {
    first: KServeVersion.V0_20,
    name: 'traffic splitting',
    props: { router: { gateway: {}, route: { group: 'qwen', weight: 90 } } },
    fields: ['spec.router.route.group', 'spec.router.route.weight'],
    crd: true,
  },
  {
    first: KServeVersion.V0_20,
    name: 'the pool\'s appProtocol',
    props: {
      router: {
        gateway: {},
        route: {},
        scheduler: {
          pool: { spec: { selector: { app: 'qwen' }, targetPorts: [8000], endpointPicker: { name: 'qwen-epp', port: 9002 }, appProtocol: InferencePoolAppProtocol.H2C } },
        },
      },
    },
    fields: ['spec.router.scheduler.pool.spec.appProtocol'],
    crd: true,
  },
  {
    first: KServeVersion.V0_20,
    name: 'managed DRA',
    props: { metadataAnnotations: { 'serving.kserve.io/exp-dra-device-class': 'gpu.nvidia.com' } },
    fields: ["metadata.annotations['serving.kserve.io/exp-dra-device-class']"],
    crd: false,
    says: 'does not read the managed DRA annotations',
  },
  {
    first: KServeVersion.V0_20,
    name: 'tensor parallelism without a worker',
    props: { parallelism: { tensor: 2 }, template: { extendedResources: [ExtendedResource.nvidiaGpu(2)] } },
    fields: ['spec.parallelism.tensor without a worker'],
    crd: false,
    says: 'single-node presets pass no --tensor-parallel-size',
  },
  {
    first: KServeVersion.V0_19,
    name: 'LoRA adapters',
    props: { model: { ...MODEL, lora: { adapters: [{ name: 'sql', uri: StorageUri.huggingFace('org/sql-lora') }] } } },
    fields: ['spec.model.lora.adapters'],
    crd: false,
    says: 'does not attach LoRA adapters',
  },
  {
    first: KServeVersion.V0_19,
    name: 'LoRA limits',
    props: { model: { ...MODEL, lora: { maxRank: 32, maxAdapters: 2, maxCpuAdapters: 4 } } },
    fields: ['spec.model.lora.maxRank', 'spec.model.lora.maxAdapters', 'spec.model.lora.maxCpuAdapters'],
    crd: true,
  },
  {
    first: KServeVersion.V0_18,
    name: 'a gateway listener',
    // No managed route: v0.16.0's webhook rejects one with gateway refs (tested in llm-v016.test.ts).
    props: { router: { gateway: { refs: [{ gateway: GatewayRef.fromName('inference-gateway', 'gateways'), sectionName: 'https' }] } } },
    fields: ['spec.router.gateway.refs[0].sectionName'],
    crd: true,
  },
];

describe.each(APPEARS.map(a => ({ ...a, older: LLM_RELEASES.filter(v => !v.isAtLeast(a.first)) })))('$name (from $first)', a => {
  test.each(a.older.map(v => ({ version: v, tag: v.name })))('rejected on $tag with one error per field, naming the first release', ({ version }) => {
    const errors = errorsOf(version, a.props);
    expect(errors.map(e => e.split(' needs KServe ')[0])).toEqual(a.fields.map(f => `[${AT}] ${f}`));
    for (const field of a.fields) {
      const line = expectError(errors, AT, `${field} needs KServe ${minor(a.first)} or later (target is ${version.name})`);
      if (a.says) expect(line).toContain(a.says);
    }
  });

  test(`accepted on ${a.first.name}, valid against its schemas`, () => {
    objectsOf(a.first, a.props);
  });

  if (a.crd) {
    test('the release before lacks the field in its CRD (what the object would be there is schema-invalid)', () => {
      const objects = Testing.synth((() => {
        const { chart } = newChart();
        new LLMInferenceService(chart, 'qwen', { version: a.first, model: MODEL, ...a.props } as LLMInferenceServiceProps);
        return chart;
      })());
      const before = a.older[a.older.length - 1];
      // In the group/version the release before serves (v1alpha1 on v0.16.0), so that only the field can fail.
      const there = objects.map(o => ({ ...o, apiVersion: before._facts.llmApiVersion }));
      expect(validateObjects(there, { kserveVersion: schemaVersionOf(before) }).length).toBeGreaterThan(0);
    });
  }
});

test('an LLMInferenceServiceConfig gets the same field errors', () => {
  const { app, chart } = newChart();
  new LLMInferenceServiceConfig(chart, 'traced', { version: KServeVersion.V0_19, tracing: { exporterEndpoint: 'http://otel:4317' } });
  new LLMInferenceServiceConfig(chart, 'listener', {
    version: KServeVersion.V0_17,
    router: { gateway: { refs: [{ gateway: GatewayRef.fromName('inference-gateway', 'gateways'), sectionName: 'https' }] } },
  });
  expect(synthErrors(app)).toEqual([
    '[test/traced] spec.tracing needs KServe v0.20 or later (target is v0.19.0)',
    '[test/listener] spec.router.gateway.refs[0].sectionName needs KServe v0.18 or later (target is v0.17.1)',
  ]);
});

describe('webhook rules that changed between releases', () => {
  const mixed: Partial<LLMInferenceServiceProps> = {
    router: ROUTER,
    scaling: { maxReplicas: 4, wva: { hpa: {} } },
    prefill: { scaling: { maxReplicas: 2, wva: { keda: {} } } },
  };

  test('decode and prefill with different actuators: rejected from v0.18.1 (ValidateActuatorConsistency), accepted on v0.17.1', () => {
    for (const version of [KServeVersion.V0_18, KServeVersion.V0_19, KServeVersion.V0_20]) {
      expect(errorsOf(version, mixed)).toEqual([
        `[${AT}] spec.prefill.scaling.wva: decode and prefill must use the same actuator backend; decode uses hpa but prefill uses keda`,
      ]);
    }
    objectsOf(KServeVersion.V0_17, mixed);
  });

  const gateway = GatewayRef.fromName('inference-gateway', 'gateways');
  const rules = [{ backends: [HttpBackend.inferencePool('qwen-inference-pool')] }];
  const listenerOnParent: Partial<LLMInferenceServiceProps> = {
    router: { gateway: { refs: [{ gateway }] }, route: { http: { spec: { parents: [{ gateway, sectionName: 'https' }], rules } } }, scheduler: {} },
  };

  test('v0.17.1 matches parentRefs on namespace and name only, and drops their listener (ToParentRefs)', () => {
    const errors = errorsOf(KServeVersion.V0_17, listenerOnParent);
    expect(errors).toHaveLength(1);
    expectError(errors, AT, 'spec.router.route.http.spec.parentRefs[0].sectionName: KServe v0.17.1 replaces the parentRefs by spec.router.gateway.refs',
      'the sectionName would be dropped', 'needs KServe v0.18 or later (target is v0.17.1)');
  });

  test('from v0.18.1 a parentRef\'s listener must be on the gateway ref too (parentRefsMatchGatewayRefs)', () => {
    expectError(errorsOf(KServeVersion.V0_18, listenerOnParent), AT, 'managed HTTP route spec has parentRefs that conflict with custom gateway refs');
    objectsOf(KServeVersion.V0_18, {
      router: {
        gateway: { refs: [{ gateway, sectionName: 'https' }] },
        route: { http: { spec: { parents: [{ gateway, sectionName: 'https' }], rules } } },
        scheduler: {},
      },
    });
  });

  test('the LoRA adapter rules apply from v0.19.0 (validateLoRAAdapters); before, the adapters are the one error', () => {
    const duplicate = { model: { ...MODEL, lora: { adapters: [{ name: 'a', uri: StorageUri.huggingFace('o/a') }, { name: 'a', uri: StorageUri.huggingFace('o/b') }] } } };
    expectError(errorsOf(KServeVersion.V0_19, duplicate), AT, 'spec.model.lora.adapters[1].name', 'duplicate name (same as adapters[0])');
    expect(errorsOf(KServeVersion.V0_18, duplicate)).toHaveLength(1);
  });

  test('a config that gives tensor parallelism to a service without a worker: the service is checked on the merged spec', () => {
    const { app, chart } = newChart();
    const tp = new LLMInferenceServiceConfig(chart, 'tp2', { version: KServeVersion.V0_19, parallelism: { tensor: 2 } });
    new LLMInferenceService(chart, 'qwen', { version: KServeVersion.V0_19, model: MODEL, baseRefs: [tp] });
    expect(synthErrors(app)).toEqual([
      `[${AT}] spec.parallelism.tensor without a worker needs KServe v0.20 or later (target is v0.19.0): KServe v0.19.0's single-node presets `
        + 'pass no --tensor-parallel-size to vLLM (only its worker presets read it), so vLLM would use one GPU; give the vLLM command yourself '
        + '(template command and args), or use a worker with data parallelism',
    ]);
  });

  test('tensor parallelism with the user\'s own vLLM command is accepted on v0.17.1', () => {
    objectsOf(KServeVersion.V0_17, {
      parallelism: { tensor: 2 },
      template: { command: ['vllm', 'serve', '/mnt/models', '--tensor-parallel-size', '2'], extendedResources: [ExtendedResource.nvidiaGpu(2)] },
    });
  });
});

describe('local model caches serve an LLMInferenceService from v0.19.0 (its defaulter, SetLocalModelLabel)', () => {
  const GCS = StorageUri.gcs('bucket', 'llama');
  const cache = (version: KServeVersion) => (chart: Chart) => {
    const group = new LocalModelNodeGroup(chart, 'gpus', {
      version, storageLimit: Size.gibibytes(100), volume: NodeGroupVolume.local('/mnt/models'), nodes: [NodeLabelQuery.is('gpu', 'a100')], storageClassName: 'local',
    });
    new LocalModelCache(chart, 'llama', { version, sourceModelUri: GCS, modelSize: Size.gibibytes(16), nodeGroups: [group] });
  };

  test('v0.19.0 mounts the cache of a gs:// model', () => {
    expect(errorsOf(KServeVersion.V0_19, { model: { uri: GCS } }, cache(KServeVersion.V0_19))).toEqual([]);
  });

  test('v0.18.1 has no such defaulter: the gs:// model is not attached', () => {
    expectError(errorsOf(KServeVersion.V0_18, { model: { uri: GCS } }, cache(KServeVersion.V0_18)), AT,
      "spec.model.uri 'gs://bucket/llama': KServe's LLMInferenceService controller attaches models from hf://");
  });
});

test('property: on each LLM release, a generated service is valid there or fails with exactly one error per missing feature', () => {
  fc.assert(fc.property(fc.constantFrom(...LLM_RELEASES), fc.subarray(APPEARS, { maxLength: 3 }), (version, chosen) => {
    // The router-shaped features replace each other's router; keep one of them.
    const routers = chosen.filter(f => f.props.router !== undefined);
    const picked = [...chosen.filter(f => f.props.router === undefined), ...routers.slice(0, 1)];
    const models = picked.filter(f => f.props.model !== undefined);
    const used = [...picked.filter(f => f.props.model === undefined), ...models.slice(0, 1)];
    const props = Object.assign({}, ...used.map(f => f.props));
    const { app, chart } = newChart();
    new LLMInferenceService(chart, 'qwen', { version, model: MODEL, ...props });
    const expected = used.filter(f => !version.isAtLeast(f.first)).flatMap(f => f.fields.map(field => `[${AT}] ${field} needs KServe ${minor(f.first)}`));
    const errors = synthErrors(app);
    expect(errors.map(e => e.split(' or later')[0]).sort()).toEqual(expected.sort());
    if (errors.length === 0) expectValidObjects(Testing.synth(chart), { kserveVersion: schemaVersionOf(version) });
  }), { seed: 20261202, numRuns: 40 });
});
