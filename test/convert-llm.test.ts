/**
 * The converter's LLM part (issue #21): LLMInferenceService and LLMInferenceServiceConfig YAML → convertManifests →
 * TypeScript → strict type check → build(app) in-process → synth → the objects equal the input exactly (no
 * normalisation applies to these kinds), and each is valid against the CRDs of the release the app targets. The inputs
 * are our own, each described in words.
 */
import { parseAllDocuments } from 'yaml';
import { ConvertOptions, ConvertResult, convertManifests } from '../src';
import { runConvertedApp, typeCheckConvertedApps } from './util/converted-app';
import { KServeSchemaVersion, expectValidObjects } from './util/schema-validator';

type Json = Record<string, any>;

interface Case {
  /** What the input is, in our words. */
  readonly description: string;
  readonly text: string;
  readonly options?: ConvertOptions;
  /** The release whose CRDs the output is validated against (the one the app targets). */
  readonly kserveVersion: KServeSchemaVersion;
}

/**
 * A single-node service: a Hugging Face model with a served name, 2 replicas, and the main container's image, args, a
 * readiness probe, env, CPU, memory, GPU and node selector.
 */
const SINGLE_NODE = `
apiVersion: serving.kserve.io/v1alpha2
kind: LLMInferenceService
metadata:
  name: qwen-chat
  namespace: nlp
  labels: { team: nlp }
  annotations: { owner: nlp-platform }
spec:
  model:
    uri: hf://Qwen/Qwen2.5-7B-Instruct
    name: qwen
  replicas: 2
  template:
    nodeSelector: { gpu-pool: l4 }
    containers:
      - name: main
        image: registry.example.com/vllm/vllm-openai:v0.10.1
        args: [--max-model-len, "16384"]
        readinessProbe:
          httpGet: { path: /health, port: 8000, scheme: HTTPS }
          periodSeconds: 10
          failureThreshold: 3
        env:
          - { name: VLLM_LOGGING_LEVEL, value: INFO }
          - { name: HF_HUB_OFFLINE, value: "0" }
        resources:
          requests: { cpu: "6", memory: 48Gi, nvidia.com/gpu: "1" }
          limits: { cpu: "8", memory: 64Gi, nvidia.com/gpu: "1" }
`;

/**
 * A service behind KServe's managed Gateway, HTTPRoute and scheduler, the scheduler with 2 replicas, on an S3 model with
 * a LoRA adapter, scaling to 3 replicas with WVA through an HPA that scales down one pod a minute.
 */
const MANAGED_ROUTER = `
apiVersion: serving.kserve.io/v1alpha2
kind: LLMInferenceService
metadata: { name: granite, namespace: nlp }
spec:
  model:
    uri: s3://models-bucket/granite/3.1-8b
    lora:
      adapters: [{ name: granite-sql, uri: hf://example-org/granite-sql-lora }]
      maxRank: 32
  scaling:
    maxReplicas: 3
    wva:
      hpa:
        behavior:
          scaleDown:
            stabilizationWindowSeconds: 300
            policies: [{ type: Pods, value: 1, periodSeconds: 60 }]
  template:
    containers:
      - name: main
        resources:
          requests: { nvidia.com/gpu: "1" }
          limits: { nvidia.com/gpu: "1" }
  router:
    gateway: {}
    route: {}
    scheduler: { replicas: 2 }
`;

/** A multi-node service: a head pod and workers of 8 GPUs each, data parallel 16 over 8 local ranks with expert parallelism. */
const MULTI_NODE = `
apiVersion: serving.kserve.io/v1alpha2
kind: LLMInferenceService
metadata: { name: moe-large, namespace: research }
spec:
  model: { uri: pvc://model-store/deepseek/v3, name: deepseek-v3 }
  replicas: 1
  parallelism: { tensor: 1, data: 16, dataLocal: 8, expert: true }
  template:
    containers:
      - name: main
        resources:
          requests: { nvidia.com/gpu: "8", memory: 512Gi }
          limits: { nvidia.com/gpu: "8", memory: 512Gi }
  worker:
    nodeSelector: { node.kubernetes.io/instance-type: p5.48xlarge }
    containers:
      - name: main
        resources:
          requests: { nvidia.com/gpu: "8" }
          limits: { nvidia.com/gpu: "8" }
  router: { gateway: {}, route: {}, scheduler: {} }
`;

/** Prefill/decode disaggregation: 3 decode and 2 prefill replicas, each with tensor parallelism 2 and 2 GPUs, and the scheduler. */
const PREFILL_DECODE = `
apiVersion: serving.kserve.io/v1alpha2
kind: LLMInferenceService
metadata: { name: llama-pd, namespace: serving }
spec:
  model: { uri: hf://meta-llama/Llama-3.1-70B-Instruct, name: llama-70b }
  replicas: 3
  parallelism: { tensor: 2 }
  template:
    containers:
      - name: main
        resources:
          requests: { nvidia.com/gpu: "2" }
          limits: { nvidia.com/gpu: "2" }
  prefill:
    replicas: 2
    parallelism: { tensor: 2 }
    template:
      containers:
        - name: main
          args: [--enable-chunked-prefill]
          resources:
            requests: { nvidia.com/gpu: "2" }
            limits: { nvidia.com/gpu: "2" }
  router: { gateway: {}, route: {}, scheduler: {} }
`;

/**
 * Two configs named h100 (one in the service's namespace, one in KServe's), a tracing config only in KServe's
 * namespace, and a service whose baseRefs name both and one of KServe's presets, which the input does not have.
 */
const BASE_REFS = `
apiVersion: serving.kserve.io/v1alpha2
kind: LLMInferenceServiceConfig
metadata: { name: h100, namespace: kserve }
spec:
  template:
    nodeSelector: { gpu: h100-shared }
---
apiVersion: serving.kserve.io/v1alpha2
kind: LLMInferenceServiceConfig
metadata: { name: otel, namespace: kserve }
spec:
  tracing: { exporterEndpoint: "http://collector.observability:4317", samplerArg: "0.2" }
---
apiVersion: serving.kserve.io/v1alpha2
kind: LLMInferenceService
metadata: { name: mistral, namespace: chat }
spec:
  baseRefs: [{ name: h100 }, { name: otel }, { name: kserve-config-llm-template }]
  model: { uri: hf://mistralai/Mistral-7B-Instruct-v0.3 }
---
apiVersion: serving.kserve.io/v1alpha2
kind: LLMInferenceServiceConfig
metadata: { name: h100, namespace: chat }
spec:
  template:
    nodeSelector: { gpu: h100-dedicated }
    containers:
      - name: main
        resources:
          requests: { nvidia.com/gpu: "1" }
          limits: { nvidia.com/gpu: "1" }
`;

/**
 * A service on a shared Gateway's listener with an HTTPRoute of its own, an existing InferencePool and a scheduler pod
 * of its own (image and memory), its model server pulling from a private registry.
 */
const OWN_ROUTING = `
apiVersion: serving.kserve.io/v1alpha2
kind: LLMInferenceService
metadata: { name: support-bot, namespace: apps }
spec:
  model: { uri: oci://registry.example.com/models/support-bot:1.2 }
  template:
    imagePullSecrets: [{ name: registry-creds }]
    containers:
      - name: main
        image: registry.example.com/vllm/vllm-openai:v0.10.1
  router:
    gateway:
      refs: [{ name: shared-gateway, namespace: gateways, sectionName: https }]
    route:
      http:
        refs: [{ name: support-bot-route }]
    scheduler:
      pool: { ref: { name: shared-pool } }
      template:
        containers:
          - name: main
            image: registry.example.com/llm-d/inference-scheduler:v0.3.1
            resources:
              limits: { memory: 2Gi }
`;

/** A service that autoscales 1-6 replicas with WVA through KEDA (periods, a fallback), its KV cache offloaded to 40Gi of CPU memory. */
const AUTOSCALED = `
apiVersion: serving.kserve.io/v1alpha2
kind: LLMInferenceService
metadata: { name: summarizer, namespace: nlp }
spec:
  model: { uri: hf://ibm-granite/granite-3.3-8b-instruct }
  scaling:
    minReplicas: 1
    maxReplicas: 6
    wva:
      variantCost: "12.5"
      keda:
        pollingInterval: 15
        cooldownPeriod: 600
        fallback: { failureThreshold: 3, replicas: 2, behavior: currentReplicasIfHigher }
  kvCacheOffloading: { cpu: 40Gi, evictionPolicy: arc }
`;

/** A v0.16 service (v1alpha1): a PVC model, one replica, a main container with a custom image and memory. */
const V016 = `
apiVersion: serving.kserve.io/v1alpha1
kind: LLMInferenceService
metadata: { name: phi, namespace: edge }
spec:
  model: { uri: pvc://llm-cache/phi-3-mini, name: phi-3 }
  replicas: 1
  template:
    containers:
      - name: main
        image: ghcr.io/example/vllm-cpu:0.9
        resources:
          requests: { cpu: 500m, memory: 8Gi }
  router: { gateway: {}, route: {} }
`;

/** A v0.16 service whose model has a criticality (v1alpha1 only), with the scheduler KServe manages. */
const V016_CRITICALITY = `
apiVersion: serving.kserve.io/v1alpha1
kind: LLMInferenceService
metadata: { name: phi, namespace: edge }
spec:
  model: { uri: pvc://llm-cache/phi-3-mini, criticality: Sheddable }
  router: { gateway: {}, route: {}, scheduler: {} }
`;

/**
 * What the L2 props do not express: a security context and a sidecar, a volume, memory spelled 1024Mi, GPUs as a
 * limit only, a liveness probe the library rejects and a startup probe without failureThreshold (cdk8s-plus writes 3), the
 * scheduler's config, a route with its own rules, a disk KV cache tier and KEDA's advanced options; beside a ServiceAccount
 * and env from a Secret, which they do.
 */
const UNEXPRESSED = `
apiVersion: serving.kserve.io/v1alpha2
kind: LLMInferenceService
metadata: { name: gemma, namespace: lab }
spec:
  model: { uri: hf://google/gemma-2-9b-it }
  scaling:
    maxReplicas: 4
    wva: { keda: { advanced: { restoreToOriginalReplicaCount: true } } }
  kvCacheOffloading:
    cpu: 20Gi
    secondary: [{ fileSystem: { emptyDir: { size: 100Gi } } }]
  template:
    serviceAccountName: gemma-runner
    containers:
      - name: main
        image: vllm/vllm-openai:v0.11.0
        env:
          - name: HF_TOKEN
            valueFrom: { secretKeyRef: { name: hf, key: token } }
        securityContext: { runAsNonRoot: true }
        livenessProbe: { httpGet: { path: /health, port: 8000, scheme: HTTPS }, failureThreshold: 3, successThreshold: 2 }
        startupProbe: { tcpSocket: { port: 8000 }, periodSeconds: 30 }
        resources:
          requests: { memory: 1024Mi }
          limits: { memory: 1024Mi, nvidia.com/gpu: "1" }
        volumeMounts: [{ name: scratch, mountPath: /scratch }]
      - name: log-shipper
        image: fluent/fluent-bit:3.0
    volumes: [{ name: scratch, emptyDir: {} }]
  router:
    gateway: {}
    route:
      http:
        spec:
          rules:
            - backendRefs: [{ name: gemma-kserve-workload-svc, port: 8000 }]
    scheduler:
      replicas: 2
      config: { ref: { name: epp-config, key: config.yaml } }
`;

const CASES: Case[] = [
  { description: 'a single-node service with its main container typed', text: SINGLE_NODE, options: { version: 'v0.20' }, kserveVersion: 'v0.20.0' },
  { description: 'a service with the managed router and scheduler replicas', text: MANAGED_ROUTER, options: { version: 'v0.20' }, kserveVersion: 'v0.20.0' },
  { description: 'a multi-node service with a worker and data/expert parallelism', text: MULTI_NODE, options: { version: 'v0.20' }, kserveVersion: 'v0.20.0' },
  { description: 'a prefill/decode service', text: PREFILL_DECODE, options: { version: 'v0.20' }, kserveVersion: 'v0.20.0' },
  { description: 'baseRefs to configs of the input and to a preset by name', text: BASE_REFS, options: { version: 'v0.20' }, kserveVersion: 'v0.20.0' },
  { description: 'a service on gateway refs, its own HTTPRoute and pool, and a scheduler pod', text: OWN_ROUTING, options: { version: 'v0.20' }, kserveVersion: 'v0.20.0' },
  { description: 'an autoscaled service with KV cache offloading', text: AUTOSCALED, options: { version: 'v0.20' }, kserveVersion: 'v0.20.0' },
  { description: 'a v0.16 v1alpha1 service, the release detected', text: V016, kserveVersion: 'v0.16.0' },
  { description: 'a v0.16 model criticality', text: V016_CRITICALITY, options: { version: 'v0.16' }, kserveVersion: 'v0.16.0' },
  { description: 'fields the L2 cannot express, kept as patches', text: UNEXPRESSED, options: { version: 'v0.20' }, kserveVersion: 'v0.20.0' },
];

function parse(text: string): Json[] {
  return parseAllDocuments(text, { version: '1.1' }).map(d => d.toJSON()).filter(v => v != null);
}

const converted: ConvertResult[] = CASES.map(c => convertManifests([{ file: 'llm.yaml', text: c.text }], c.options));
const result = (description: string) => converted[CASES.findIndex(c => c.description === description)];


const byIdentity = (a: Json, b: Json) => `${a.kind}/${a.metadata?.namespace}/${a.metadata?.name}`.localeCompare(`${b.kind}/${b.metadata?.namespace}/${b.metadata?.name}`);

test('every generated app type-checks strictly against the public API', () => {
  expect(typeCheckConvertedApps(converted.map((r, i) => [CASES[i].description, r.code] as const))).toEqual([]);
});

describe.each(CASES.map((c, i) => [c.description, c, converted[i]] as const))('%s', (_description, c, r) => {
  test('synthesizes the input back exactly, and the output is schema-valid for the target release', () => {
    const input = parse(c.text);
    const synthesized = runConvertedApp(r.code);
    expect([...synthesized].sort(byIdentity)).toEqual([...input].sort(byIdentity));
    expectValidObjects(synthesized, { kserveVersion: c.kserveVersion });
  });

  test('is an L2 construct, not an ApiObject', () => {
    expect(r.code).not.toContain('new ApiObject(');
    expect(r.notes.filter(n => n.message.includes('escape hatch'))).toEqual([]);
  });
});

/** The notes that name a JSON patch, by field, for the object `object`. */
const patched = (r: ConvertResult, object: string) => r.notes.filter(n => n.object === object && n.message.includes('JSON patch')).map(n => n.field);

test('a single-node service is written with the typed props alone, no JSON patch', () => {
  const r = result('a single-node service with its main container typed');
  expect(r.code).not.toContain('addJsonPatch');
  expect(r.code).toContain("model: { uri: StorageUri.parse('hf://Qwen/Qwen2.5-7B-Instruct'), name: 'qwen' }");
  expect(r.code).toContain('replicas: 2');
  expect(r.code).toContain("image: 'registry.example.com/vllm/vllm-openai:v0.10.1'");
  expect(r.code).toContain("env: { VLLM_LOGGING_LEVEL: kplus.EnvValue.fromValue('INFO'), HF_HUB_OFFLINE: kplus.EnvValue.fromValue('0') }");
  expect(r.code).toContain('cpu: { request: kplus.Cpu.units(6), limit: kplus.Cpu.units(8) }');
  expect(r.code).toContain('memory: { request: Size.gibibytes(48), limit: Size.gibibytes(64) }');
  expect(r.code).toContain('extendedResources: [ExtendedResource.nvidiaGpu(1)]');
  expect(r.code).toContain("nodeSelector: { 'gpu-pool': 'l4' }");
  expect(r.code).toMatch(/readinessProbe: kplus\.Probe\.fromHttpGet\('\/health', \{\s*port: 8000,\s*scheme: kplus\.ConnectionScheme\.HTTPS,/);
  expect(r.code).toContain("metadataLabels: { team: 'nlp' }");
  expect(r.code).toContain("metadataAnnotations: { owner: 'nlp-platform' }");
});

test("the managed router's {} forms and the scheduler's replicas are typed", () => {
  const r = result('a service with the managed router and scheduler replicas');
  expect(r.code).toContain('router: { gateway: {}, route: {}, scheduler: { replicas: 2 } }');
  expect(r.code).toContain("StorageUri.s3('models-bucket', 'granite/3.1-8b')");
  expect(r.code).toContain("adapters: [{ name: 'granite-sql', uri: StorageUri.parse('hf://example-org/granite-sql-lora') }]");
  expect(r.code).toMatch(/hpa: \{\s*behavior: \{\s*scaleDown: \{ stabilizationWindowSeconds: 300, policies: \[\{ type: 'Pods', value: 1, periodSeconds: 60 \}\] \}/);
  expect(r.code).not.toContain('addJsonPatch');
});

test('a worker and its parallelism are typed', () => {
  const r = result('a multi-node service with a worker and data/expert parallelism');
  expect(r.code).toContain('parallelism: { tensor: 1, data: 16, dataLocal: 8, expert: true }');
  expect(r.code).toMatch(/worker: \{\s*nodeSelector: \{ 'node\.kubernetes\.io\/instance-type': 'p5\.48xlarge' \},\s*extendedResources: \[ExtendedResource\.nvidiaGpu\(8\)\]/);
  expect(r.code).not.toContain('addJsonPatch');
});

test('the prefill workload is typed like the main one', () => {
  const r = result('a prefill/decode service');
  expect(r.code).toMatch(/prefill: \{\s*replicas: 2,\s*parallelism: \{ tensor: 2 \},\s*template: \{ args: \['--enable-chunked-prefill'\], extendedResources: \[ExtendedResource\.nvidiaGpu\(2\)\] \}/);
  expect(r.code).not.toContain('addJsonPatch');
});

test("baseRefs name the configs KServe would find by object (the service's namespace first, then KServe's), others by name", () => {
  const r = result('baseRefs to configs of the input and to a preset by name');
  // The configs are written before the service whatever the input order, so the service can reference them.
  expect(r.code.indexOf("new LLMInferenceServiceConfig(chatChart, 'h100'")).toBeLessThan(r.code.indexOf('new LLMInferenceService('));
  expect(r.code).toContain("baseRefs: [h1002, otel, LLMInferenceServiceConfig.fromName('kserve-config-llm-template')]");
  // The h100 config of namespace kserve is shadowed by the service's namespace's one (h1002): converted, not referenced.
  expect(r.code).toContain("const h100 = new LLMInferenceServiceConfig(kserveChart, 'h100'");
  expect(r.code).toContain("const h1002 = new LLMInferenceServiceConfig(chatChart, 'h100'");
  expect(r.code).toContain("tracing: { exporterEndpoint: 'http://collector.observability:4317', samplerArg: '0.2' }");
});

test('gateway refs, HTTPRoute refs, a pool by name, the scheduler pod and pull secrets are typed', () => {
  const r = result('a service on gateway refs, its own HTTPRoute and pool, and a scheduler pod');
  expect(r.code).not.toContain('addJsonPatch');
  expect(r.code).toContain("refs: [{ gateway: GatewayRef.fromName('shared-gateway', 'gateways'), sectionName: 'https' }]");
  expect(r.code).toContain("http: { refs: [HttpRouteRef.fromName('support-bot-route')] }");
  expect(r.code).toContain("pool: { name: 'shared-pool' }");
  expect(r.code).toMatch(/template: \{\s*image: 'registry\.example\.com\/llm-d\/inference-scheduler:v0\.3\.1',\s*resources: \{ memory: \{ limit: Size\.gibibytes\(2\) \} \}/);
  expect(r.code).toContain("imagePullSecrets: [kplus.Secret.fromSecretName(appsChart, 'registry-creds-secret', 'registry-creds')]");
});

test('WVA scaling through KEDA and KV cache offloading are typed', () => {
  const r = result('an autoscaled service with KV cache offloading');
  expect(r.code).not.toContain('addJsonPatch');
  expect(r.code).toContain('pollingInterval: Duration.seconds(15)');
  expect(r.code).toContain('fallback: { failureThreshold: 3, replicas: 2, behavior: KedaFallbackBehavior.CURRENT_REPLICAS_IF_HIGHER }');
  expect(r.code).toContain('kvCacheOffloading: { cpu: Size.gibibytes(40), evictionPolicy: KVCacheEvictionPolicy.ARC }');
});

test('a v1alpha1 object targets v0.16 and is typed there', () => {
  const r = result('a v0.16 v1alpha1 service, the release detected');
  expect(r.code).toContain("version: KServeVersion.of('v0.16.0')");
  expect(r.code).toContain('cpu: { request: kplus.Cpu.millis(500) }');
  expect(r.code).not.toContain('addJsonPatch');
});

test('a v0.16 model criticality is typed by its enum member', () => {
  const r = result('a v0.16 model criticality');
  expect(r.code).toContain('criticality: ModelCriticality.SHEDDABLE');
  expect(r.code).not.toContain('addJsonPatch');
});

test('each field the L2 props do not express is a JSON patch named in a note', () => {
  const r = result('fields the L2 cannot express, kept as patches');
  expect(patched(r, 'LLMInferenceService lab/gemma')).toEqual([
    // The typed probes taken out come first: their reasons are noted before the patches are written.
    'spec.template.containers[0].livenessProbe',
    'spec.template.containers[0].startupProbe',
    'spec.scaling.wva.keda.advanced',
    'spec.kvCacheOffloading.secondary',
    'spec.template.containers[0].securityContext',
    // Memory spelled 1024Mi (the L2 writes 1Gi) and a GPU as a limit only (the L2 writes the request too): all as written.
    'spec.template.containers[0].resources',
    'spec.template.containers[0].volumeMounts',
    'spec.template.containers[1]',
    'spec.template.volumes',
    'spec.router.route.http.spec',
    'spec.router.scheduler.config',
  ]);
  expect(r.code).toMatch(/gemma\.apiObject\.addJsonPatch\(JsonPatch\.add\('\/spec\/template\/containers\/1', \{\s*name: 'log-shipper',\s*image: 'fluent\/fluent-bit:3\.0',\s*\}\)\);/);
  expect(r.notes).toContainEqual(expect.objectContaining({
    field: 'spec.template.containers[0].livenessProbe',
    message: expect.stringMatching(/^the library rejects it as the typed prop template\.livenessProbe \(.*successThreshold.*\); kept as written, as a JSON patch/),
  }));
  expect(r.notes).toContainEqual(expect.objectContaining({
    field: 'spec.template.containers[0].startupProbe',
    message: expect.stringMatching(/^the typed prop template\.startupProbe does not write the input's value back here \(the L2 writes 3\); kept as written/),
  }));
  // What is typed still is: the ServiceAccount, the image, env from a Secret, the managed gateway, the scheduler's replicas.
  expect(r.code).toContain("serviceAccount: kplus.ServiceAccount.fromServiceAccountName(labChart, 'gemma-service-account', 'gemma-runner')");
  expect(r.code).toContain("image: 'vllm/vllm-openai:v0.11.0'");
  expect(r.code).toMatch(/HF_TOKEN: kplus\.EnvValue\.fromSecretValue\(\{\s*secret: kplus\.Secret\.fromSecretName\(labChart, 'hf-secret', 'hf'\),\s*key: 'token',\s*\}\)/);
  expect(r.code).toContain('scheduler: { replicas: 2 }');
});

test('a typed value the L2 writes back differently is taken out and kept as written, noted', () => {
  // A template without containers: the L2 always names the main container, so a patch removes it.
  const text = `apiVersion: serving.kserve.io/v1alpha2
kind: LLMInferenceServiceConfig
metadata: { name: spot, namespace: ml }
spec:
  template:
    nodeSelector: { pool: spot }
`;
  const r = convertManifests([{ file: 'c.yaml', text }], { version: 'v0.20' });
  expect(r.code).toContain("template: { nodeSelector: { pool: 'spot' } }");
  expect(r.code).toContain("spot.apiObject.addJsonPatch(JsonPatch.remove('/spec/template/containers'));");
  expect(r.notes).toContainEqual(expect.objectContaining({ field: 'spec.template.containers', message: expect.stringContaining('a JSON patch removes it') }));
  expect(runConvertedApp(r.code)).toEqual(parse(text));
});

test('an object the L2 rejects stays an ApiObject, the note giving the L2 errors', () => {
  const text = `apiVersion: serving.kserve.io/v1alpha2
kind: LLMInferenceService
metadata: { name: no-scheduler, namespace: ml }
spec:
  model: { uri: hf://org/model }
  prefill: { replicas: 1 }
`;
  const r = convertManifests([{ file: 's.yaml', text }], { version: 'v0.20' });
  expect(r.code).toContain('new ApiObject(');
  expect(r.notes).toContainEqual(expect.objectContaining({
    object: 'LLMInferenceService ml/no-scheduler', message: expect.stringContaining('spec.prefill needs spec.router.scheduler'),
  }));
  expect(runConvertedApp(r.code)).toEqual(parse(text));
});

test('an apiVersion other than the one the target release writes stays an ApiObject', () => {
  // v0.16 serves v1alpha1 only: a v1alpha2 object is not converted back.
  const r = convertManifests([{ file: 'v.yaml', text: V016.replace('v1alpha1', 'v1alpha2') }], { version: 'v0.16' });
  expect(r.code).toContain('new ApiObject(');
  expect(r.notes).toContainEqual(expect.objectContaining({ message: expect.stringContaining("is not the one the L2 writes for v0.16.0 ('serving.kserve.io/v1alpha1')") }));
});

test('odd shapes (a spec of the wrong type, a config with baseRefs, null entries) convert without a TypeError and round-trip', () => {
  const text = `apiVersion: serving.kserve.io/v1alpha2
kind: LLMInferenceServiceConfig
metadata: { name: odd, namespace: ml, labels: { n: 1 } }
spec:
  baseRefs: [{ name: other }]
  model: { uri: 42 }
  replicas: two
  template:
    containers: { name: main }
    tolerations: [null, { key: gpu, operator: Exists }]
  router: { gateway: [], scheduler: { replicas: "2" } }
---
apiVersion: serving.kserve.io/v1alpha2
kind: LLMInferenceService
metadata: { name: odd-service, namespace: ml }
spec: not-an-object
`;
  const r = convertManifests([{ file: 'odd.yaml', text }], { version: 'v0.20' });
  expect(r.notes).toContainEqual(expect.objectContaining({ object: 'LLMInferenceServiceConfig ml/odd', field: 'spec.baseRefs' }));
  expect(r.notes).toContainEqual(expect.objectContaining({ object: 'LLMInferenceService ml/odd-service', message: expect.stringContaining('ApiObject') }));
  const synthesized = runConvertedApp(r.code);
  expect(synthesized.sort(byIdentity)).toEqual(parse(text).sort(byIdentity));
});

test("a pod whose first container is not 'main' stays whole, one note saying why and how it is kept", () => {
  const text = `apiVersion: serving.kserve.io/v1alpha2
kind: LLMInferenceService
metadata: { name: dra, namespace: ml }
spec:
  model: { uri: hf://org/model }
  template:
    nodeSelector: { pool: a }
    containers:
      - { name: proxy, image: registry.example.com/proxy:1 }
      - { name: main, image: registry.example.com/vllm:1 }
`;
  const r = convertManifests([{ file: 'p.yaml', text }], { version: 'v0.20' });
  expect(r.code).not.toContain('template: {');
  expect(r.code).toContain("dra.apiObject.addJsonPatch(JsonPatch.add('/spec/template', {");
  expect(r.notes.filter(n => n.field === 'spec.template')).toEqual([expect.objectContaining({
    message: "its first container is not the one named 'main', which the L2 writes first and puts the typed options on; kept as written, "
      + 'as a JSON patch on the LLMInferenceService',
  })]);
  const synthesized = runConvertedApp(r.code);
  expect(synthesized).toEqual(parse(text));
  expectValidObjects(synthesized, { kserveVersion: 'v0.20.0' });
});

// v1alpha1 on a release that stores v1alpha2 (v0.17 on): written as KServe's conversion webhook stores it (ConvertTo,
// pkg/apis/serving/v1alpha1/llm_inference_service_conversion.go at each of v0.17.1–v0.20.0).

/**
 * A v1alpha1 config (a node selector and the scheduler's replicas) and a v1alpha1 service on it: an HF model marked
 * Critical with two LoRA adapters (the second Sheddable), 2 replicas, tracing, a main container with a GPU.
 */
const V1ALPHA1_PAIR = `
apiVersion: serving.kserve.io/v1alpha1
kind: LLMInferenceServiceConfig
metadata: { name: l4-pool, namespace: nlp }
spec:
  template:
    nodeSelector: { gpu-pool: l4 }
    containers:
      - name: main
        image: registry.example.com/vllm/vllm-openai:v0.10.1
  router:
    scheduler: { replicas: 2 }
---
apiVersion: serving.kserve.io/v1alpha1
kind: LLMInferenceService
metadata:
  name: qwen-lora
  namespace: nlp
  annotations: { owner: nlp-platform }
spec:
  baseRefs: [{ name: l4-pool }]
  model:
    uri: hf://Qwen/Qwen2.5-7B-Instruct
    name: qwen
    criticality: Critical
    lora:
      adapters:
        - { name: sql, uri: hf://example-org/qwen-sql-lora }
        - { name: chat, uri: hf://example-org/qwen-chat-lora, criticality: Sheddable }
      maxRank: 16
  replicas: 2
  tracing: { exporterEndpoint: "otel-collector.observability:4317", sampler: parentbased_traceidratio, samplerArg: "0.1" }
  template:
    containers:
      - name: main
        resources:
          requests: { nvidia.com/gpu: "1" }
          limits: { nvidia.com/gpu: "1" }
  router: { gateway: {}, route: {}, scheduler: {} }
`;

/** The v1alpha2 form of V1ALPHA1_PAIR, as ConvertTo writes it (v0.20.0): the criticalities as annotations, all else as is. */
function v1alpha2Form(objects: Json[]): Json[] {
  return objects.map(o => {
    const copy = JSON.parse(JSON.stringify(o));
    copy.apiVersion = 'serving.kserve.io/v1alpha2';
    if (copy.kind === 'LLMInferenceService') {
      delete copy.spec.model.criticality;
      delete copy.spec.model.lora.adapters[1].criticality;
      copy.metadata.annotations = {
        'owner': 'nlp-platform',
        'internal.serving.kserve.io/model-criticality': 'Critical',
        'internal.serving.kserve.io/lora-criticalities': '{"1":"Sheddable"}',
      };
    }
    return copy;
  });
}

test('v1alpha1 objects on v0.20 are written as v1alpha2 as ConvertTo stores them, typed, schema-valid, noted', () => {
  const r = convertManifests([{ file: 'pair.yaml', text: V1ALPHA1_PAIR }], { version: 'v0.20' });
  expect(r.code).not.toContain('new ApiObject(');
  expect(r.code).not.toContain('addJsonPatch');
  expect(r.code).toContain('baseRefs: [l4Pool]');
  const synthesized = runConvertedApp(r.code);
  expect([...synthesized].sort(byIdentity)).toEqual(v1alpha2Form(parse(V1ALPHA1_PAIR)).sort(byIdentity));
  expect(synthesized.map(o => o.apiVersion)).toEqual(['serving.kserve.io/v1alpha2', 'serving.kserve.io/v1alpha2']);
  expectValidObjects(synthesized, { kserveVersion: 'v0.20.0' });
  expect(r.notes.filter(n => n.message.includes('ConvertTo'))).toEqual([
    {
      file: 'pair.yaml',
      object: 'LLMInferenceServiceConfig nlp/l4-pool',
      message: 'LLMInferenceServiceConfig nlp/l4-pool is written as serving.kserve.io/v1alpha2, which is what the API server of KServe v0.20.0 '
        + 'stores for the serving.kserve.io/v1alpha1 input (its conversion webhook, ConvertTo); '
        + 'kubectl get llminferenceserviceconfigs.v1alpha1.serving.kserve.io still shows it as v1alpha1',
    },
    {
      file: 'pair.yaml',
      object: 'LLMInferenceService nlp/qwen-lora',
      message: 'LLMInferenceService nlp/qwen-lora is written as serving.kserve.io/v1alpha2, which is what the API server of KServe v0.20.0 '
        + 'stores for the serving.kserve.io/v1alpha1 input (its conversion webhook, ConvertTo), spec.model.criticality as the annotation '
        + "internal.serving.kserve.io/model-criticality, the LoRA adapters' criticality as the annotation "
        + 'internal.serving.kserve.io/lora-criticalities; kubectl get llminferenceservices.v1alpha1.serving.kserve.io still shows it as v1alpha1',
    },
  ]);
});

test('on v0.17.1 a v1alpha1 service and config are written as v1alpha2 too, schema-valid for that release', () => {
  // v0.17.1's ConvertTo carries no tracing nor LoRA limits (v1alpha1 there has neither): the pair without them.
  const text = V1ALPHA1_PAIR.replace(/\n {2}tracing: .*/, '').replace(/\n {4}lora:(\n {6}.*|\n {8}.*)*/, '');
  expect(text).not.toMatch(/tracing|adapters|maxRank/);
  const r = convertManifests([{ file: 'pair.yaml', text }], { version: 'v0.17' });
  expect(r.code).not.toContain('new ApiObject(');
  const expected = parse(text).map(o => {
    const copy = JSON.parse(JSON.stringify(o));
    copy.apiVersion = 'serving.kserve.io/v1alpha2';
    if (copy.kind === 'LLMInferenceService') {
      delete copy.spec.model.criticality;
      copy.metadata.annotations = { 'owner': 'nlp-platform', 'internal.serving.kserve.io/model-criticality': 'Critical' };
    }
    return copy;
  });
  const synthesized = runConvertedApp(r.code);
  expect([...synthesized].sort(byIdentity)).toEqual(expected.sort(byIdentity));
  expectValidObjects(synthesized, { kserveVersion: 'v0.17.1' });
  expect(r.notes).toContainEqual(expect.objectContaining({
    object: 'LLMInferenceService nlp/qwen-lora', message: expect.stringContaining('which is what the API server of KServe v0.17.1 stores'),
  }));
});

test('a v1alpha1 object the conversion does not carry exactly stays an ApiObject in v1alpha1, the note saying why', () => {
  const cases: Array<[string, string, string]> = [
    // The pool's spec is reshaped (an x-k8s.io v1alpha2 InferencePool spec to a v1 one).
    [V016.replace('router: { gateway: {}, route: {} }', 'router: { scheduler: { pool: { spec: { selector: { app: phi }, targetPortNumber: 8000 } } } }'), 'v0.20',
      'spec.router.scheduler.pool.spec changes shape: v1alpha1 holds an inference.networking.x-k8s.io/v1alpha2 InferencePool spec there, '
      + 'which ConvertTo rewrites as an inference.networking.k8s.io/v1 one'],
    // v0.19.0's v1alpha1 has no tracing, and its ConvertTo does not copy it.
    [V016.replace('  replicas: 1', '  replicas: 1\n  tracing: { sampler: always_on }'), 'v0.19',
      'spec.tracing is not a field ConvertTo carries at v0.19.0 (v1alpha1 there has no such field)'],
    // v1alpha2 only: no v1alpha1 field.
    [V016.replace('  replicas: 1', '  replicas: 1\n  kvCacheOffloading: { cpu: 20Gi }'), 'v0.20',
      'spec.kvCacheOffloading is not a field ConvertTo carries at v0.20.0 (v1alpha1 there has no such field)'],
    // A criticality the v1alpha1 enum lacks.
    [V016.replace('name: phi-3 }', 'name: phi-3, criticality: Urgent }'), 'v0.20',
      'spec.model.criticality "Urgent" is not one of v1alpha1\'s criticalities (Critical, Standard, Sheddable)'],
    // ConvertTo would overwrite the input's own annotation of that name.
    [V016.replace('metadata: { name: phi, namespace: edge }', 'metadata: { name: phi, namespace: edge, annotations: { internal.serving.kserve.io/model-criticality: Standard } }')
      .replace('name: phi-3 }', 'name: phi-3, criticality: Critical }'), 'v0.20',
    'ConvertTo writes the annotation internal.serving.kserve.io/model-criticality (Critical) over the input\'s ("Standard")'],
  ];
  for (const [text, version, why] of cases) {
    const r = convertManifests([{ file: 'x.yaml', text }], { version });
    expect(r.code).toContain('new ApiObject(');
    expect(r.code).toContain("apiVersion: 'serving.kserve.io/v1alpha1'");
    const tag = `v${version.slice(1)}.${version === 'v0.20' || version === 'v0.19' ? '0' : '1'}`;
    expect(r.notes).toEqual([{
      file: 'x.yaml',
      object: 'LLMInferenceService edge/phi',
      message: `the LLMInferenceService is not converted: it is serving.kserve.io/v1alpha1, which KServe ${tag} stores as serving.kserve.io/v1alpha2 `
        + `through its conversion webhook (ConvertTo), and that conversion is not exact here: ${why}; it is kept as written, as an ApiObject (the escape hatch)`,
    }]);
    expect(runConvertedApp(r.code)).toEqual(parse(text));
  }
});

test('v1alpha1 alone still detects v0.16, the oldest release serving it, where it is written as is', () => {
  // Every release with the LLM kinds serves v1alpha1; written as is, the object applies to each of them.
  const r = convertManifests([{ file: 'v.yaml', text: V016 }]);
  expect(r.code).toContain("version: KServeVersion.of('v0.16.0')");
  expect(r.notes.filter(n => n.message.includes('ConvertTo'))).toEqual([]);
  expect(runConvertedApp(r.code)).toEqual(parse(V016));
});

test('a v1alpha1 object with a field v0.16 lacks detects the first release with it, not v0.16', () => {
  // v0.16.0's v1alpha1 has no scheduler replicas (v0.17.1 on), nor tracing (v0.20.0 on).
  const replicas = convertManifests([{ file: 'v.yaml', text: V016.replace('router: { gateway: {}, route: {} }', 'router: { gateway: {}, route: {}, scheduler: { replicas: 2 } }') }]);
  expect(replicas.code).toContain("version: KServeVersion.of('v0.17.1')");
  expect(replicas.notes[0]).toEqual(expect.objectContaining({
    field: 'spec.router.scheduler.replicas', message: expect.stringContaining('which exists from v0.17.1: the app targets v0.17.1'),
  }));
  const tracing = convertManifests([{ file: 'v.yaml', text: V016.replace('  replicas: 1', '  replicas: 1\n  tracing: { sampler: always_on }') }]);
  expect(tracing.code).toContain("version: KServeVersion.of('v0.20.0')");
  expect(tracing.code).toContain("tracing: { sampler: 'always_on' }");
  expect(tracing.code).not.toContain('new ApiObject(');
});
