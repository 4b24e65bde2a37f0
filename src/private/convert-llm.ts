/**
 * The converter's LLM part (issue #21): a `serving.kserve.io` LLMInferenceService or LLMInferenceServiceConfig to the
 * `LLMInferenceService` / `LLMInferenceServiceConfig` construct. Each field the L2 API expresses is a candidate prop; the
 * construct is built from them in a scratch app and compared with the input (convert-diff.ts): a candidate the L2 writes
 * back differently (or with something the input has not) is taken out and the construct built again, so a typed value is
 * kept only when it round-trips. What is left is written back by JSON patches, each named in a note.
 */
import { App, Chart, Duration } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Code, ConvertScope, arr, call, json, obj, raw, str } from './convert-code';
import { storageUriCode } from './convert-component';
import { Scratch, equal, jsonDiff, patchStatements, withoutNulls } from './convert-diff';
import { fieldOf, pointerSegment } from './convert-fields';
import { PodRefs, envValue, probeTwin } from './convert-pod';
import { cpuQuantity, sizeQuantity, toCode, tolerationsValue } from './convert-values';
import { isObject, jsonCopy } from './convert-yaml';
import { LLM_API_VERSION, llmApiVersion } from './llm-object';
import { ExtendedResource, extendedResourceQuantities } from '../extended-resource';
import { GatewayRef } from '../gateway/gateway-ref';
import { HttpRouteRef } from '../gateway/http-route-ref';
import { KServeVersion } from '../kserve-version';
import { KVCacheEvictionPolicy } from '../llm/kv-cache-offloading';
import { LLMInferenceService } from '../llm/llm-inference-service';
import { LLMInferenceServiceConfig } from '../llm/llm-inference-service-config';
import { ModelCriticality } from '../llm/llm-model';
import { KedaFallbackBehavior } from '../llm/llm-scaling';
import { StorageUri } from '../storage-uri';

/** A config converted from the same input that a service's `baseRefs` may name. */
export interface ConvertedConfigRef {
  /** Its variable in the app. */
  readonly variable: string;
  /** Builds it again in `scratch` (a service's scratch app must hold the configs it references). */
  readonly rebuild: (scratch: Scratch) => LLMInferenceServiceConfig;
}

/** Options of the converter for one LLM object. */
export interface LlmOptions {
  readonly version: KServeVersion;
  readonly chart: string;
  /** A construct id unique in the chart, from `base`. */
  readonly id: (base: string) => string;
  /**
   * The converted config KServe finds for a `baseRefs` name of the service (its namespace, then KServe's own); undefined
   * when none of the input is found (the ref is then by name).
   */
  readonly config?: (name: string) => ConvertedConfigRef | undefined;
}

/** A converted LLM object: its construct (printed once the writer knows whether a variable is needed) and its patches. */
export interface ConvertedLlm {
  readonly variable: string;
  readonly construct: Code;
  /** Statements that use the variable (its JSON patches). */
  readonly statements: string[];
  /** The configs its baseRefs reference by object (their variables are used). */
  readonly configs: ConvertedConfigRef[];
  /** Builds the construct again in `scratch`, from the props the code writes (for the services that reference a config). */
  readonly rebuild: (scratch: Scratch) => LLMInferenceService | LLMInferenceServiceConfig;
}

/** A field the L2 API may express: where it goes in the props, where the L2 writes it, its live value and its code. */
interface Candidate {
  /** The prop path (`['template', 'resources', 'cpu', 'request']`). */
  readonly path: readonly string[];
  /** The JSON pointer of the object field it writes. */
  readonly pointer: string;
  /** An object of props that others fill (`router: { scheduler: {} }`): present even when nothing is put in it. */
  readonly empty?: boolean;
  /** The live value, built in the scratch app it is rendered in. */
  readonly live?: (scratch: Scratch) => unknown;
  /** The code of the value, built only for a kept candidate (building it records the app's imports). */
  readonly code?: (scope: ConvertScope) => Code;
  /** A value the L2 may reject: it is taken out (noted) when the L2 reports errors, and the construct built again. */
  readonly optional?: boolean;
}

/** A scope that records nothing: live values are built with it (their code is built again, with the app's scope, when kept). */
const SILENT: ConvertScope = {
  ids: { of: (name: string) => name } as ConvertScope['ids'],
  note: () => undefined,
  use: (_module, name) => name,
  kplus: name => `kplus.${name}`,
};

/** ExtendedResource's named factories, by the resource they write (src/extended-resource.ts). */
const GPU_FACTORIES: Record<string, 'nvidiaGpu' | 'amdGpu' | 'intelGpu'> = {
  'nvidia.com/gpu': 'nvidiaGpu', 'amd.com/gpu': 'amdGpu', 'gpu.intel.com/i915': 'intelGpu',
};
const CORE_RESOURCES: Array<[string, 'cpu' | 'memory' | 'ephemeralStorage']> = [['cpu', 'cpu'], ['memory', 'memory'], ['ephemeral-storage', 'ephemeralStorage']];
/** The parallelism fields (ParallelismSpec, llm_inference_service_types.go at v0.20.0) and the props that write them. */
const PARALLELISM: Array<[string, string]> = [
  ['tensor', 'tensor'], ['pipeline', 'pipeline'], ['data', 'data'], ['dataLocal', 'dataLocal'], ['dataRPCPort', 'dataRpcPort'],
];
const TRACING = ['exporterEndpoint', 'sampler', 'samplerArg', 'exporter'];
/** The scheduler fields the L2 expresses here as plain values. */
const SCHEDULER_PLAIN = ['labels', 'annotations'];

function isStringRecord(value: unknown): value is Record<string, string> {
  return isObject(value) && Object.keys(value).length > 0 && Object.values(value).every(v => typeof v === 'string');
}

function isStringList(value: unknown): value is string[] {
  return Array.isArray(value) && value.every(v => typeof v === 'string');
}

/** A plain JSON value: the same live and as a literal. */
function plain(path: readonly string[], pointer: string, value: unknown): Candidate {
  return { path, pointer, live: () => value, code: () => json(value) };
}

/** Where the code of a pod's constructs by name goes: the chart, unique ids, the object's name (the ids' prefix). */
interface LlmRefs extends PodRefs {
  readonly name: string;
  /** Notes on the fields left for patches, by field: recorded when the object converts. */
  readonly notes: Array<[string, string]>;
}

/** The candidates of one workload (the main one at `/spec`, or `/spec/prefill`). */
function workloadCandidates(w: Record<string, unknown>, path: readonly string[], pointer: string, refs: LlmRefs): Candidate[] {
  const found: Candidate[] = [];
  if (Number.isInteger(w.replicas)) found.push(plain([...path, 'replicas'], `${pointer}/replicas`, w.replicas));
  if (isObject(w.parallelism)) {
    const p = w.parallelism;
    found.push({ path: [...path, 'parallelism'], pointer: `${pointer}/parallelism`, empty: true });
    for (const [field, prop] of PARALLELISM) {
      if (Number.isInteger(p[field])) found.push(plain([...path, 'parallelism', prop], `${pointer}/parallelism/${field}`, p[field]));
    }
    if (typeof p.expert === 'boolean') found.push(plain([...path, 'parallelism', 'expert'], `${pointer}/parallelism/expert`, p.expert));
  }
  for (const key of ['labels', 'annotations']) {
    if (isStringRecord(w[key])) found.push(plain([...path, key], `${pointer}/${key}`, w[key]));
  }
  found.push(...scalingCandidates(w.scaling, [...path, 'scaling'], `${pointer}/scaling`));
  found.push(...kvCacheCandidates(w.kvCacheOffloading, [...path, 'kvCacheOffloading'], `${pointer}/kvCacheOffloading`));
  for (const pod of ['template', 'worker']) {
    if (isObject(w[pod])) found.push(...podCandidates(w[pod] as Record<string, unknown>, [...path, pod], `${pointer}/${pod}`, refs));
  }
  return found;
}

/** A plain value of `behavior` (autoscaling/v2 HorizontalPodAutoscalerBehavior) whose keys the generated code may carry as is. */
function isHpaBehavior(value: unknown): boolean {
  const rules = (r: unknown) => isObject(r) && Object.keys(r).every(k => ['policies', 'selectPolicy', 'stabilizationWindowSeconds'].includes(k))
    && (r.selectPolicy === undefined || typeof r.selectPolicy === 'string')
    && (r.stabilizationWindowSeconds === undefined || Number.isInteger(r.stabilizationWindowSeconds))
    && (r.policies === undefined || (Array.isArray(r.policies) && r.policies.every(p => isObject(p) && Object.keys(p).length === 3
      && typeof p.type === 'string' && Number.isInteger(p.value) && Number.isInteger(p.periodSeconds))));
  return isObject(value) && Object.keys(value).length > 0 && Object.entries(value).every(([k, v]) => ['scaleUp', 'scaleDown'].includes(k) && rules(v));
}

/** `Duration.seconds(n)` for whole seconds. */
function seconds(path: readonly string[], pointer: string, value: number): Candidate {
  return { path, pointer, live: () => Duration.seconds(value), code: scope => call(`${scope.use('cdk8s', 'Duration')}.seconds`, raw(String(value))) };
}

/**
 * The candidates of `scaling` (LLMScaling, with the `maxReplicas` and `wva` it requires): the replica bounds, WVA's
 * variant cost, the HPA actuator (its behavior) or the KEDA one (its periods, idle replicas and fallback).
 */
function scalingCandidates(scaling: unknown, path: readonly string[], pointer: string): Candidate[] {
  if (!isObject(scaling) || !Number.isInteger(scaling.maxReplicas) || !isObject(scaling.wva)) return [];
  const wva = scaling.wva;
  const found: Candidate[] = [
    { path, pointer, empty: true },
    plain([...path, 'maxReplicas'], `${pointer}/maxReplicas`, scaling.maxReplicas),
    { path: [...path, 'wva'], pointer: `${pointer}/wva`, empty: true },
  ];
  if (Number.isInteger(scaling.minReplicas)) found.push(plain([...path, 'minReplicas'], `${pointer}/minReplicas`, scaling.minReplicas));
  if (typeof wva.variantCost === 'string') found.push(plain([...path, 'wva', 'variantCost'], `${pointer}/wva/variantCost`, wva.variantCost));
  if (isObject(wva.hpa)) {
    found.push({ path: [...path, 'wva', 'hpa'], pointer: `${pointer}/wva/hpa`, empty: true });
    if (isHpaBehavior(wva.hpa.behavior)) found.push(plain([...path, 'wva', 'hpa', 'behavior'], `${pointer}/wva/hpa/behavior`, wva.hpa.behavior));
  }
  const keda = wva.keda;
  if (isObject(keda)) {
    const at = [...path, 'wva', 'keda'];
    found.push({ path: at, pointer: `${pointer}/wva/keda`, empty: true });
    for (const key of ['pollingInterval', 'cooldownPeriod', 'initialCooldownPeriod']) {
      if (Number.isInteger(keda[key])) found.push(seconds([...at, key], `${pointer}/wva/keda/${key}`, keda[key] as number));
    }
    if (Number.isInteger(keda.idleReplicaCount)) found.push(plain([...at, 'idleReplicaCount'], `${pointer}/wva/keda/idleReplicaCount`, keda.idleReplicaCount));
    const fallback = keda.fallback;
    const behavior = isObject(fallback) ? Object.entries(KedaFallbackBehavior).find(([, v]) => v === fallback.behavior)?.[0] : undefined;
    if (isObject(fallback) && Number.isInteger(fallback.failureThreshold) && Number.isInteger(fallback.replicas)
      && (fallback.behavior === undefined || behavior !== undefined) && Object.keys(fallback).every(k => ['failureThreshold', 'replicas', 'behavior'].includes(k))) {
      found.push({
        path: [...at, 'fallback'],
        pointer: `${pointer}/wva/keda/fallback`,
        live: () => ({ ...fallback }),
        code: scope => obj([
          ['failureThreshold', raw(String(fallback.failureThreshold))],
          ['replicas', raw(String(fallback.replicas))],
          ['behavior', behavior !== undefined ? raw(`${scope.use('kserve', 'KedaFallbackBehavior')}.${behavior}`) : undefined],
        ]),
      });
    }
  }
  return found;
}

/** The candidates of `kvCacheOffloading`: the CPU tier's size (`Size`) and eviction policy; disk tiers stay for a patch. */
function kvCacheCandidates(kv: unknown, path: readonly string[], pointer: string): Candidate[] {
  const cpu = isObject(kv) ? sizeQuantity(kv.cpu, SILENT) : undefined;
  if (!isObject(kv) || !cpu || cpu.written !== kv.cpu) return [];
  const found: Candidate[] = [
    { path, pointer, empty: true },
    { path: [...path, 'cpu'], pointer: `${pointer}/cpu`, live: () => cpu.value, code: scope => sizeQuantity(kv.cpu, scope)!.code },
  ];
  const policy = Object.entries(KVCacheEvictionPolicy).find(([, v]) => v === kv.evictionPolicy)?.[0];
  if (policy !== undefined) {
    found.push({
      path: [...path, 'evictionPolicy'],
      pointer: `${pointer}/evictionPolicy`,
      live: () => kv.evictionPolicy,
      code: scope => raw(`${scope.use('kserve', 'KVCacheEvictionPolicy')}.${policy}`),
    });
  }
  return found;
}

/** The candidates of a pod (`template`, `worker`): its node selector and tolerations, and the main container's fields. */
function podCandidates(pod: Record<string, unknown>, path: readonly string[], pointer: string, refs: LlmRefs): Candidate[] {
  const containers = Array.isArray(pod.containers) ? pod.containers : [];
  // The L2 writes the container named `main` first (LLM_MAIN_CONTAINER, llm-pod.ts): a pod whose containers start with
  // another stays whole, rather than as patches that rewrite the L2's main container into the input's first one.
  if (containers.length > 0 && !(isObject(containers[0]) && containers[0].name === 'main')) {
    refs.notes.push([fieldOf(pointer), "its first container is not the one named 'main', which the L2 writes first and puts the typed "
      + 'options on; kept as written']);
    return [];
  }
  const found: Candidate[] = [{ path, pointer, empty: true }];
  const account = pod.serviceAccountName;
  if (typeof account === 'string' && account !== '') {
    // A cdk8s-plus ServiceAccount of the cluster, by name (live in a chart of its own: only its name reaches the pod).
    found.push({
      path: [...path, 'serviceAccount'],
      pointer: `${pointer}/serviceAccountName`,
      live: () => kplus.ServiceAccount.fromServiceAccountName(new Chart(new App(), 'probe'), 'service-account', account),
      code: scope => call(`${scope.kplus('ServiceAccount')}.fromServiceAccountName`, raw(refs.chart),
        str(refs.id(`${refs.name}-service-account`)), str(account)),
    });
  }
  if (isStringRecord(pod.nodeSelector)) found.push(plain([...path, 'nodeSelector'], `${pointer}/nodeSelector`, pod.nodeSelector));
  const pullSecrets = pod.imagePullSecrets;
  if (Array.isArray(pullSecrets) && pullSecrets.length > 0 && pullSecrets.every(r => stringFields(r, ['name'], ['name']))) {
    const names = (pullSecrets as Array<{ name: string }>).map(r => r.name);
    // cdk8s-plus Secrets of the cluster, by name (live in a chart of their own: only their names reach the pod).
    found.push({
      path: [...path, 'imagePullSecrets'],
      pointer: `${pointer}/imagePullSecrets`,
      live: () => names.map(n => kplus.Secret.fromSecretName(new Chart(new App(), 'probe'), 'secret', n)),
      code: scope => arr(names.map(n => call(`${scope.kplus('Secret')}.fromSecretName`, raw(refs.chart), str(refs.id(`${n}-secret`)), str(n)))),
    });
  }
  const tolerations = pod.tolerations;
  if (tolerationsValue(tolerations, SILENT) !== undefined) {
    found.push({
      path: [...path, 'tolerations'],
      pointer: `${pointer}/tolerations`,
      live: () => tolerationsValue(tolerations, SILENT),
      code: scope => toCode(tolerationsValue(tolerations, scope)),
    });
  }
  // The typed options land on the container named `main` (LLM_MAIN_CONTAINER, llm-pod.ts), which the L2 writes first.
  const main = containers[0];
  if (!isObject(main)) return found;
  const at = `${pointer}/containers/0`;
  if (typeof main.image === 'string') found.push(plain([...path, 'image'], `${at}/image`, main.image));
  for (const key of ['command', 'args']) {
    if (isStringList(main[key])) found.push(plain([...path, key], `${at}/${key}`, main[key]));
  }
  found.push(...envCandidates(main.env, [...path, 'env'], `${at}/env`, refs));
  for (const prop of ['readinessProbe', 'livenessProbe', 'startupProbe']) {
    const probe = main[prop];
    const converted = isObject(probe) ? probeTwin(probe) : undefined;
    // A probe the library may reject (its own probe rules): left out again, rather than keeping the object as written.
    if (converted) {
      found.push({
        path: [...path, prop], pointer: `${at}/${prop}`, optional: true, live: () => probeTwin(probe as Record<string, unknown>)!.value, code: converted.code,
      });
    }
  }
  found.push(...resourceCandidates(main.resources, path, `${at}/resources`));
  return found;
}

/**
 * `env` as cdk8s-plus `EnvValue`s (plain values, Secret and ConfigMap keys by name, fields, the container's resources:
 * envValue, convert-pod.ts), names unique; any other list stays for a patch.
 */
function envCandidates(env: unknown, path: readonly string[], pointer: string, refs: PodRefs): Candidate[] {
  if (!Array.isArray(env) || env.length === 0 || !env.every(e => isObject(e) && typeof e.name === 'string')) return [];
  const entries = env as Array<Record<string, unknown> & { name: string }>;
  if (new Set(entries.map(e => e.name)).size !== entries.length) return [];
  const values = entries.map(({ name, ...rest }) => [name, envValue(rest, refs)] as const);
  if (values.some(([, v]) => v === undefined)) return [];
  return [{
    path,
    pointer,
    live: () => Object.fromEntries(values.map(([name, v]) => [name, v!.value])),
    code: scope => obj(values.map(([name, v]) => [name, v!.code(scope)])),
  }];
}

/** CPU, memory and ephemeral storage bounds (each as cdk8s-plus `Cpu` / cdk8s `Size`) and GPUs (`ExtendedResource`). */
function resourceCandidates(resources: unknown, path: readonly string[], pointer: string): Candidate[] {
  if (!isObject(resources)) return [];
  const found: Candidate[] = [];
  const lists = { requests: isObject(resources.requests) ? resources.requests : {}, limits: isObject(resources.limits) ? resources.limits : {} };
  for (const [resource, prop] of CORE_RESOURCES) {
    for (const [bound, list] of [['request', 'requests'], ['limit', 'limits']] as const) {
      const input = lists[list][resource];
      if (input === undefined) continue;
      const quantity = (scope: ConvertScope) => (resource === 'cpu' ? cpuQuantity(input, scope) : sizeQuantity(input, scope));
      // Only a quantity the library writes in the input's own spelling (`1024Mi` is written `1Gi`: left for a patch).
      if (quantity(SILENT)?.written !== input) continue;
      found.push({
        path: [...path, 'resources', prop, bound],
        pointer: `${pointer}/${list}/${resource}`,
        live: () => quantity(SILENT)!.value,
        code: scope => quantity(scope)!.code,
      });
    }
  }
  // An extended resource is written as the same whole-number request and limit (ExtendedResource), both in the input.
  const gpus = Object.keys(lists.limits).filter(name => !CORE_RESOURCES.some(([r]) => r === name))
    .filter(name => typeof lists.limits[name] === 'string' && /^[1-9]\d*$/.test(lists.limits[name] as string)
      && lists.requests[name] === lists.limits[name]);
  const resource = (name: string) => {
    const count = Number(lists.limits[name]);
    const factory = GPU_FACTORIES[name];
    return factory ? ExtendedResource[factory](count) : ExtendedResource.named(name, count);
  };
  const exact = gpus.filter(name => resource(name)._validate('x').length === 0 && extendedResourceQuantities([resource(name)])[name] === lists.limits[name]);
  if (exact.length > 0) {
    found.push({
      path: [...path, 'extendedResources'],
      pointer: `${pointer}/limits/${pointerSegment(exact[0])}`,
      live: () => exact.map(resource),
      code: scope => arr(exact.map(name => {
        const factory = GPU_FACTORIES[name];
        const owner = scope.use('kserve', 'ExtendedResource');
        return factory ? call(`${owner}.${factory}`, raw(String(lists.limits[name])))
          : call(`${owner}.named`, str(name), raw(String(lists.limits[name])));
      })),
    });
  }
  return found;
}

/** Whether `value` is an object with only the keys `allowed`, each a string (the ones in `required` present). */
function stringFields(value: unknown, allowed: string[], required: string[]): value is Record<string, string> {
  return isObject(value) && Object.keys(value).every(k => allowed.includes(k) && typeof value[k] === 'string')
    && required.every(k => typeof value[k] === 'string');
}

/**
 * The candidates of the router: the `{}` forms of gateway, route (and route.http), ingress and scheduler; gateway refs
 * (`GatewayRef.fromName`) and HTTPRoute refs (`HttpRouteRef.fromName`); the scheduler's replicas, labels, annotations,
 * pool by name and pod.
 */
function routerCandidates(router: Record<string, unknown>, refs: LlmRefs): Candidate[] {
  const found: Candidate[] = [{ path: ['router'], pointer: '/spec/router', empty: true }];
  for (const part of ['gateway', 'route', 'ingress', 'scheduler']) {
    if (isObject(router[part])) found.push({ path: ['router', part], pointer: `/spec/router/${part}`, empty: true });
  }
  const gatewayRefs = isObject(router.gateway) ? router.gateway.refs : undefined;
  if (Array.isArray(gatewayRefs) && gatewayRefs.length > 0 && gatewayRefs.every(r => stringFields(r, ['name', 'namespace', 'sectionName'], ['name']))) {
    const list = gatewayRefs as Array<Record<string, string>>;
    found.push({
      path: ['router', 'gateway', 'refs'],
      pointer: '/spec/router/gateway/refs',
      live: () => list.map(r => ({
        gateway: GatewayRef.fromName(r.name, r.namespace),
        ...(r.sectionName !== undefined ? { sectionName: r.sectionName } : {}),
      })),
      code: scope => arr(list.map(r => obj([
        ['gateway', call(`${scope.use('kserve', 'GatewayRef')}.fromName`, str(r.name), r.namespace !== undefined ? str(r.namespace) : undefined)],
        ['sectionName', r.sectionName !== undefined ? str(r.sectionName) : undefined],
      ]))),
    });
  }
  const route = router.route;
  if (isObject(route) && isObject(route.http)) {
    found.push({ path: ['router', 'route', 'http'], pointer: '/spec/router/route/http', empty: true });
    const routeRefs = route.http.refs;
    if (Array.isArray(routeRefs) && routeRefs.length > 0 && routeRefs.every(r => stringFields(r, ['name'], ['name']))) {
      const names = (routeRefs as Array<{ name: string }>).map(r => r.name);
      found.push({
        path: ['router', 'route', 'http', 'refs'],
        pointer: '/spec/router/route/http/refs',
        live: () => names.map(n => HttpRouteRef.fromName(n)),
        code: scope => arr(names.map(n => call(`${scope.use('kserve', 'HttpRouteRef')}.fromName`, str(n)))),
      });
    }
  }
  const scheduler = router.scheduler;
  if (isObject(scheduler)) {
    if (Number.isInteger(scheduler.replicas)) found.push(plain(['router', 'scheduler', 'replicas'], '/spec/router/scheduler/replicas', scheduler.replicas));
    for (const key of SCHEDULER_PLAIN) {
      if (isStringRecord(scheduler[key])) found.push(plain(['router', 'scheduler', key], `/spec/router/scheduler/${key}`, scheduler[key]));
    }
    // An existing InferencePool by name (`pool.ref.name`).
    const pool = scheduler.pool;
    if (isObject(pool) && Object.keys(pool).length === 1 && stringFields(pool.ref, ['name'], ['name'])) {
      found.push(plain(['router', 'scheduler', 'pool', 'name'], '/spec/router/scheduler/pool/ref/name', (pool.ref as { name: string }).name));
    }
    if (isObject(scheduler.template)) {
      found.push(...podCandidates(scheduler.template, ['router', 'scheduler', 'template'], '/spec/router/scheduler/template', refs));
    }
  }
  return found;
}

/** The candidates of a spec: the model, the storage initializer, the workloads, the router, tracing. */
function specCandidates(spec: Record<string, unknown>, refs: LlmRefs): Candidate[] {
  const found: Candidate[] = [];
  const model = spec.model;
  if (isObject(model) && typeof model.uri === 'string' && parsedUri(model.uri) !== undefined) {
    const uri = model.uri;
    found.push({ path: ['model'], pointer: '/spec/model', empty: true });
    found.push({ path: ['model', 'uri'], pointer: '/spec/model/uri', live: () => parsedUri(uri), code: scope => storageUriCode(uri, scope) });
    if (typeof model.name === 'string') found.push(plain(['model', 'name'], '/spec/model/name', model.name));
    // v0.16's v1alpha1 criticality, by its enum member (on a v0.17+ target it was moved to an annotation before this).
    const criticality = Object.entries(ModelCriticality).find(([, v]) => v === model.criticality)?.[0];
    if (criticality !== undefined) {
      found.push({
        path: ['model', 'criticality'],
        pointer: '/spec/model/criticality',
        live: () => model.criticality,
        code: scope => raw(`${scope.use('kserve', 'ModelCriticality')}.${criticality}`),
      });
    }
    found.push(...loraCandidates(model.lora));
  }
  const initializer = spec.storageInitializer;
  if (isObject(initializer)) {
    found.push({ path: ['storageInitializer'], pointer: '/spec/storageInitializer', empty: true });
    if (typeof initializer.enabled === 'boolean') {
      found.push(plain(['storageInitializer', 'enabled'], '/spec/storageInitializer/enabled', initializer.enabled));
    }
  }
  found.push(...workloadCandidates(spec, [], '/spec', refs));
  if (isObject(spec.router)) found.push(...routerCandidates(spec.router, refs));
  if (isObject(spec.prefill)) {
    found.push({ path: ['prefill'], pointer: '/spec/prefill', empty: true });
    found.push(...workloadCandidates(spec.prefill, ['prefill'], '/spec/prefill', refs));
  }
  const tracing = spec.tracing;
  if (isObject(tracing)) {
    found.push({ path: ['tracing'], pointer: '/spec/tracing', empty: true });
    for (const key of TRACING) if (typeof tracing[key] === 'string') found.push(plain(['tracing', key], `/spec/tracing/${key}`, tracing[key]));
  }
  return found;
}

/** The candidates of `model.lora`: its adapters (each a name and a `StorageUri`) and limits. */
function loraCandidates(lora: unknown): Candidate[] {
  if (!isObject(lora)) return [];
  const found: Candidate[] = [{ path: ['model', 'lora'], pointer: '/spec/model/lora', empty: true }];
  const adapters = lora.adapters;
  if (Array.isArray(adapters) && adapters.length > 0
    && adapters.every(a => stringFields(a, ['name', 'uri'], ['name', 'uri']) && parsedUri(a.uri) !== undefined)) {
    const list = adapters as Array<{ name: string; uri: string }>;
    found.push({
      path: ['model', 'lora', 'adapters'],
      pointer: '/spec/model/lora/adapters',
      live: () => list.map(a => ({ name: a.name, uri: parsedUri(a.uri) })),
      code: scope => arr(list.map(a => obj([['name', str(a.name)], ['uri', storageUriCode(a.uri, scope)]]))),
    });
  }
  for (const key of ['maxRank', 'maxAdapters', 'maxCpuAdapters']) {
    if (Number.isInteger(lora[key])) found.push(plain(['model', 'lora', key], `/spec/model/lora/${key}`, lora[key]));
  }
  return found;
}

/** `StorageUri.parse(uri)` when it writes `uri` back; undefined when the library rejects it or spells it otherwise. */
function parsedUri(uri: string): StorageUri | undefined {
  try {
    const parsed = StorageUri.parse(uri);
    return parsed.uri === uri ? parsed : undefined;
  } catch {
    return undefined;
  }
}

/** A tree of props: nested objects whose leaves are the candidates' values. */
interface PropsNode {
  readonly children: Map<string, PropsNode | Candidate>;
}

function tree(candidates: readonly Candidate[]): PropsNode {
  const root: PropsNode = { children: new Map() };
  for (const c of candidates) {
    let node = root;
    for (const [i, key] of c.path.entries()) {
      const last = i === c.path.length - 1;
      if (last && !c.empty) {
        node.children.set(key, c);
        break;
      }
      let child = node.children.get(key);
      if (!child || !('children' in child)) {
        child = { children: new Map() };
        node.children.set(key, child);
      }
      node = child;
    }
  }
  return root;
}

function liveProps(node: PropsNode, scratch: Scratch): Record<string, unknown> {
  return Object.fromEntries([...node.children].map(([k, v]) => [k, 'children' in v ? liveProps(v, scratch) : v.live!(scratch)]));
}

function propsCode(node: PropsNode, scope: ConvertScope): Array<[string, Code]> {
  return [...node.children].map(([k, v]) => [k, 'children' in v ? obj(propsCode(v, scope)) : v.code!(scope)]);
}

/** Whether a candidate is (under) `pointer`, or `pointer` under it. */
function within(pointer: string, of: string): boolean {
  return pointer === of || pointer.startsWith(`${of}/`);
}

/**
 * The statements that build the LLM object `input`, or the reason it stays an ApiObject: an apiVersion the target release
 * does not write, or errors of the L2 construct (given).
 */
export function convertLlm(input: Record<string, unknown>, options: LlmOptions, scope: ConvertScope): ConvertedLlm | string {
  const kind = String(input.kind);
  const service = kind === 'LLMInferenceService';
  const apiVersion = llmApiVersion(options.version);
  if (!options.version._facts.llmApiVersion) return `KServe ${options.version.name}, the release the app targets, has no ${kind}`;
  // The L2 writes the release's version of the kind (fact llmApiVersion): another stays as written.
  if (input.apiVersion !== apiVersion) {
    return `its apiVersion '${String(input.apiVersion)}' is not the one the L2 writes for ${options.version.name} ('${apiVersion}')`;
  }
  const target = withoutNulls(input);
  const metadata = target.metadata as Record<string, unknown>;
  const spec = isObject(target.spec) ? target.spec : {};
  const name = String(metadata.name);
  const namespace = typeof metadata.namespace === 'string' ? metadata.namespace : undefined;

  const candidates: Candidate[] = [];
  if (isStringRecord(metadata.labels)) candidates.push(plain(['metadataLabels'], '/metadata/labels', metadata.labels));
  if (isStringRecord(metadata.annotations)) candidates.push(plain(['metadataAnnotations'], '/metadata/annotations', metadata.annotations));
  const configs: ConvertedConfigRef[] = [];
  if (service && Array.isArray(spec.baseRefs) && spec.baseRefs.length > 0
    && spec.baseRefs.every(r => isObject(r) && typeof r.name === 'string' && Object.keys(r).length === 1)) {
    const names = (spec.baseRefs as Array<{ name: string }>).map(r => r.name);
    const found = names.map(n => options.config?.(n));
    configs.push(...found.filter((c): c is ConvertedConfigRef => c !== undefined));
    candidates.push({
      path: ['baseRefs'],
      pointer: '/spec/baseRefs',
      // A config of the input by object (rebuilt in the scratch app), another by name.
      live: scratch => names.map((n, i) => found[i]?.rebuild(scratch) ?? LLMInferenceServiceConfig.fromName(n)),
      code: s => arr(names.map((n, i) => (found[i] ? raw(found[i]!.variable) : call(`${s.use('kserve', 'LLMInferenceServiceConfig')}.fromName`, str(n))))),
    });
  }
  const notes: Array<[string, string]> = [];
  candidates.push(...specCandidates(spec, { chart: options.chart, id: options.id, name, notes }));

  const id = options.id(name);
  const fixed = { version: options.version, ...(id !== name ? { name } : {}) };
  const construct = (chart: Chart, node: PropsNode, scratch: Scratch) => {
    const props = { ...fixed, ...liveProps(node, scratch) } as never;
    return service ? new LLMInferenceService(chart, id, props) : new LLMInferenceServiceConfig(chart, id, props);
  };

  // Build, compare, and take out each candidate the L2 writes back differently, until the typed props round-trip.
  let kept = candidates;
  let built: { object: Record<string, unknown> } | undefined;
  for (;;) {
    const scratch = new Scratch();
    const result = scratch.build(namespace, chart => construct(chart, tree(kept), scratch));
    if ('errors' in result) {
      const optional = kept.filter(c => c.optional);
      if (optional.length === 0) return `the L2 ${kind} rejects it: ${result.errors.join('; ')}`;
      // The optional values the errors name (by their prop path), else all of them.
      const named = optional.filter(c => result.errors.some(e => e.includes(`spec.${c.path.join('.')}`)));
      const dropped = named.length > 0 ? named : optional;
      for (const d of dropped) {
        const reason = result.errors.find(e => e.includes(`spec.${d.path.join('.')}`)) ?? result.errors[0];
        notes.push([fieldOf(d.pointer), `the library rejects it as the typed prop ${d.path.join('.')} (${reason}); kept as written`]);
      }
      kept = kept.filter(c => !dropped.includes(c));
      continue;
    }
    const wrong = jsonDiff(result.object, target).filter(p => p.op !== 'add');
    const dropped = kept.filter(c => !c.empty && wrong.some(p => within(p.path, c.pointer) || within(c.pointer, p.path)));
    if (dropped.length === 0) {
      built = result;
      break;
    }
    for (const d of dropped) {
      notes.push([fieldOf(d.pointer), `the typed prop ${d.path.join('.')} does not write the input's value back here (the L2 writes `
        + `${JSON.stringify(wrong.find(p => within(p.path, d.pointer) || within(d.pointer, p.path))!.written)}); kept as written`]);
    }
    // A candidate goes with the objects it fills.
    kept = kept.filter(c => !dropped.some(d => within(c.pointer, d.pointer)) && !dropped.some(d => equal(c.path.slice(0, d.path.length), d.path)));
  }
  const variable = scope.ids.of(name);
  for (const [field, message] of notes) scope.note(message, field);
  const statements = patchStatements(variable, kind, jsonDiff(built!.object, target), scope);
  const finalTree = tree(kept);
  const code = obj([
    ['version', call(`${scope.use('kserve', 'KServeVersion')}.of`, str(options.version.name))],
    ['name', id !== name ? str(name) : undefined],
    ...propsCode(finalTree, scope),
  ]);
  const rebuild = (scratch: Scratch) => construct(scratch.chart(namespace), finalTree, scratch);
  // The configs referenced by object, when the typed baseRefs are kept.
  const referenced = kept.some(c => c.pointer === '/spec/baseRefs') ? configs : [];
  return { variable, construct: call(`new ${scope.use('kserve', kind)}`, raw(options.chart), str(id), code), statements, configs: referenced, rebuild };
}

/**
 * KServe's system namespace, where its controller looks a `baseRefs` config up when the service's namespace has none
 * (constants.KServeNamespace, `POD_NAMESPACE` or `kserve`: v0.20.0:pkg/constants/constants.go).
 */
export const KSERVE_SYSTEM_NAMESPACE = 'kserve';

/**
 * The keys (`<namespace>/<name>`) a `baseRefs` name of a service in `namespace` is looked up under, first to last: the
 * service's namespace, then KServe's system namespace (getConfig, v0.20.0:pkg/controller/v1alpha2/llmisvc/config_merge.go;
 * the same in v0.16.0:pkg/controller/v1alpha1/llmisvc/config_merge.go).
 */
export function baseRefKeys(namespace: string | undefined, name: string): string[] {
  return [`${namespace ?? ''}/${name}`, `${KSERVE_SYSTEM_NAMESPACE}/${name}`];
}

/** The group/version v0.16 writes both LLM kinds in, which v0.17 and later still serve and convert (ConvertTo). */
const V1ALPHA1 = 'serving.kserve.io/v1alpha1';
/** Where ConvertTo keeps the model's criticality, which v1alpha2 has no field for (v0.20.0:pkg/apis/serving/v1alpha1/llm_inference_service_conversion.go, the same key from v0.17.1). */
export const MODEL_CRITICALITY_ANNOTATION = 'internal.serving.kserve.io/model-criticality';
/** Where ConvertTo keeps the LoRA adapters' criticalities, as JSON by adapter index (the same file). */
export const LORA_CRITICALITIES_ANNOTATION = 'internal.serving.kserve.io/lora-criticalities';
/** The values of v1alpha1's Criticality enum (v0.20.0:pkg/apis/serving/v1alpha1/llm_inference_service_types.go). */
const CRITICALITIES = ['Critical', 'Standard', 'Sheddable'];

/**
 * The shape of a v1alpha1 field as ConvertTo carries it to v1alpha2: `whole`, a value copied as one Go value of the same
 * type in both versions (a PodSpec, a map, an HTTPRoute spec, HPA behavior, KEDA's fallback / advanced options, an object
 * reference); a scalar copied as is; `criticality`, moved to an annotation; `reshaped`, rewritten into another shape;
 * an object of such fields (each with the minor release from which v1alpha1 has it and ConvertTo copies it); a list of
 * one shape.
 */
type Shape = 'whole' | 'string' | 'integer' | 'boolean' | 'criticality' | 'reshaped' | { readonly [field: string]: Shape | Since } | readonly [Shape];
interface Since {
  readonly shape: Shape;
  /** The first minor release (0.x) whose v1alpha1 type has the field and whose ConvertTo copies it. */
  readonly since: number;
}
const since = (shape: Shape, minor: number): Since => ({ shape, since: minor });
/** Whether a field entry carries its first release (no object of fields below has a field named `since`). */
const isSince = (entry: Shape | Since | undefined): entry is Since => isObject(entry) && typeof (entry as { since?: unknown }).since === 'number';

/**
 * The fields of a v1alpha1 spec and how ConvertTo carries each (convertSpecToV1Alpha2, convertWorkloadSpecToV1Alpha2,
 * convertScalingSpecToV1Alpha2, convertModelSpecToV1Alpha2, convertLoRASpecToV1Alpha2, convertRouterSpecToV1Alpha2 in
 * pkg/apis/serving/v1alpha1/llm_inference_service_conversion.go at v0.17.1, v0.18.1, v0.19.0 and v0.20.0; the fields of
 * pkg/apis/serving/v1alpha1/llm_inference_service_types.go at the same tags). From v0.18.1 a gateway ref's `sectionName`,
 * from v0.19.0 LoRA's limits, from v0.20.0 `tracing` and the route's `group` / `weight` are v1alpha1 fields, each copied
 * from the release that has it. v1alpha1 has no `kvCacheOffloading` nor `model.confidential` (v1alpha2 only).
 */
const WORKLOAD: Record<string, Shape> = {
  replicas: 'integer',
  scaling: {
    minReplicas: 'integer',
    maxReplicas: 'integer',
    wva: {
      variantCost: 'string',
      hpa: { behavior: 'whole' },
      keda: { pollingInterval: 'integer', cooldownPeriod: 'integer', initialCooldownPeriod: 'integer', idleReplicaCount: 'integer', fallback: 'whole', advanced: 'whole' },
    },
  },
  parallelism: { tensor: 'integer', pipeline: 'integer', data: 'integer', dataLocal: 'integer', dataRPCPort: 'integer', expert: 'boolean' },
  labels: 'whole',
  annotations: 'whole',
  template: 'whole',
  worker: 'whole',
};
const V1ALPHA1_SPEC: Record<string, Shape | Since> = {
  model: {
    uri: 'string',
    name: 'string',
    criticality: 'criticality',
    // An adapter's own `lora` is left out here: ConvertTo copies it but drops the criticalities under it.
    lora: {
      adapters: [{ uri: 'string', name: 'string', criticality: 'criticality' }],
      maxRank: since('integer', 19),
      maxAdapters: since('integer', 19),
      maxCpuAdapters: since('integer', 19),
    },
  },
  storageInitializer: { enabled: 'boolean' },
  ...WORKLOAD,
  router: {
    route: { http: { refs: 'whole', spec: 'whole' }, group: since('string', 20), weight: since('integer', 20) },
    gateway: { refs: [{ name: 'string', namespace: 'string', sectionName: since('string', 18) }] },
    ingress: { refs: [{ name: 'string', namespace: 'string' }] },
    // The pool's spec is an InferencePool spec of inference.networking.x-k8s.io/v1alpha2 in v1alpha1, rewritten as an
    // inference.networking.k8s.io/v1 one (convertInferencePoolSpecToV1; none at all when that conversion fails).
    scheduler: { pool: { ref: 'whole', spec: 'reshaped' }, labels: 'whole', annotations: 'whole', template: 'whole', config: { inline: 'whole', ref: 'whole' }, replicas: 'integer' },
  },
  prefill: WORKLOAD,
  tracing: since({ exporterEndpoint: 'string', sampler: 'string', samplerArg: 'string', exporter: 'string' }, 20),
  baseRefs: 'whole',
};

/** Why `value` at `field` is not carried exactly as `shape` (undefined when it is); criticalities found go to `found`. */
function inexact(value: unknown, shape: Shape, field: string, version: KServeVersion, found: Array<[string, string]>): string | undefined {
  if (value === null || value === undefined) return undefined;
  if (shape === 'whole') return undefined;
  if (shape === 'string' || shape === 'boolean') return typeof value === shape ? undefined : `${field} is not a ${shape}`;
  if (shape === 'integer') return Number.isInteger(value) ? undefined : `${field} is not an integer`;
  if (shape === 'criticality') {
    if (typeof value !== 'string' || !CRITICALITIES.includes(value)) {
      return `${field} ${JSON.stringify(value)} is not one of v1alpha1's criticalities (${CRITICALITIES.join(', ')})`;
    }
    found.push([field, value]);
    return undefined;
  }
  if (shape === 'reshaped') {
    return `${field} changes shape: v1alpha1 holds an inference.networking.x-k8s.io/v1alpha2 InferencePool spec there, which ConvertTo `
      + 'rewrites as an inference.networking.k8s.io/v1 one';
  }
  if (Array.isArray(shape)) {
    if (!Array.isArray(value)) return `${field} is not a list`;
    for (const [i, item] of value.entries()) {
      const why = inexact(item, shape[0] as Shape, `${field}[${i}]`, version, found);
      if (why !== undefined) return why;
    }
    return undefined;
  }
  if (!isObject(value)) return `${field} is not an object`;
  const fields = shape as Record<string, Shape | Since>;
  for (const [key, item] of Object.entries(value)) {
    const at = `${field}.${key}`;
    const entry = Object.prototype.hasOwnProperty.call(fields, key) ? fields[key] : undefined;
    const sinceMinor = isSince(entry) ? entry.since : 0;
    if (item !== null && (entry === undefined || version.major === 0 && version.minor < sinceMinor)) {
      return `${at} is not a field ConvertTo carries at ${version.name} (v1alpha1 there has no such field)`;
    }
    const why = inexact(item, isSince(entry) ? entry.shape : entry as Shape, at, version, found);
    if (why !== undefined) return why;
  }
  return undefined;
}

/**
 * A v1alpha1 LLMInferenceService or LLMInferenceServiceConfig as the API server of `version` stores it: v1alpha2, the
 * storage version from v0.17 (llmApiVersion), converted by KServe's conversion webhook (ConvertTo,
 * pkg/apis/serving/v1alpha1/llm_inference_service_conversion.go at v0.17.1, v0.18.1, v0.19.0 and v0.20.0). Every other
 * field is copied as is, so the result is the input with apiVersion v1alpha2, the model's and the LoRA adapters'
 * criticalities moved to ConvertTo's annotations (saveCriticalityToAnnotations). Undefined when there is nothing to convert
 * (another apiVersion, or a release that stores v1alpha1); the reason when the conversion is not exact for a field the
 * object has (a field of no v1alpha1 type at that release, which ConvertTo does not carry; the pool spec it reshapes). A
 * copy; the input is not changed. The Go round trip's spelling of unchanged values (quantities in canonical form, empty
 * zero values) is not reproduced: it gives the same object when read back.
 */
export function llmStorageForm(input: Record<string, unknown>, version: KServeVersion): Record<string, unknown> | string | undefined {
  if (input.apiVersion !== V1ALPHA1 || version._facts.llmApiVersion !== LLM_API_VERSION) return undefined;
  const extra = Object.keys(input).find(k => !['apiVersion', 'kind', 'metadata', 'spec'].includes(k) && input[k] !== null);
  if (extra !== undefined) return `${extra} is not a field ConvertTo carries`;
  const found: Array<[string, string]> = [];
  const why = inexact(input.spec, V1ALPHA1_SPEC, 'spec', version, found);
  if (why !== undefined) return why;
  const copy = jsonCopy(input);
  copy.apiVersion = LLM_API_VERSION;
  const spec = copy.spec as Record<string, unknown> | undefined;
  const model = isObject(spec) && isObject(spec.model) ? spec.model : undefined;
  if (!model || found.length === 0) return copy;
  const written: Record<string, string> = {};
  if (typeof model.criticality === 'string') written[MODEL_CRITICALITY_ANNOTATION] = model.criticality;
  delete model.criticality;
  const adapters = isObject(model.lora) && Array.isArray(model.lora.adapters) ? model.lora.adapters : [];
  // By index, as Go's encoding/json writes a map[int]string: compact, its keys sorted as strings.
  const byIndex = adapters.flatMap((a, i) => (isObject(a) && typeof a.criticality === 'string' ? [[String(i), a.criticality] as const] : []))
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  for (const a of adapters) if (isObject(a)) delete a.criticality;
  if (byIndex.length > 0) written[LORA_CRITICALITIES_ANNOTATION] = JSON.stringify(Object.fromEntries(byIndex));
  const metadata = (isObject(copy.metadata) ? copy.metadata : {}) as Record<string, unknown>;
  const annotations = isObject(metadata.annotations) ? metadata.annotations : {};
  for (const [key, value] of Object.entries(written)) {
    // ConvertTo writes its annotation over one of that name: the input's own value would be lost.
    if (annotations[key] !== undefined && annotations[key] !== value) {
      return `ConvertTo writes the annotation ${key} (${value}) over the input's (${JSON.stringify(annotations[key])})`;
    }
  }
  copy.metadata = { ...metadata, annotations: { ...annotations, ...written } };
  return copy;
}
