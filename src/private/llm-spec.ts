/*
 * The spec of an LLMInferenceService or LLMInferenceServiceConfig (serving.kserve.io/v1alpha2 LLMInferenceServiceSpec,
 * pkg/apis/serving/v1alpha2/llm_inference_service_types.go at v0.20.0): rendered straight into its JSON form (the LLM
 * CRDs are not imported as L1 classes, issue #19), and checked as KServe's webhook checks it
 * (llm_inference_service_validation.go and llm_inference_service_config_validation.go, same directory, v0.20.0).
 */
import { PersistentVolumeAccessMode, PersistentVolumeMode } from 'cdk8s-plus-28';
import { IConstruct } from 'constructs';
import { downloadedUris } from './llm-checks';
import { PodSpecJson, gpuCount, llmPodErrors, renderLlmPod } from './llm-pod';
import { llmReleaseFieldErrors, singleNodeTensorErrors } from './llm-releases';
import {
  endpointPickerConfigErrors, llmParentRef, llmRouteSpecErrors, poolSpecErrors, renderEndpointPickerConfig, renderLlmRouteSpec, renderPoolSpec,
} from './llm-router-spec';
import { needsRelease } from './releases';
import { sizeBytes, sizeErrors, sizeQuantity } from './resources';
import { shown } from './shown';
import {
  checkField, DNS1123_LABEL, DNS1123_SUBDOMAIN_NAME, durationAmount, MAX_DNS_LABEL, validateAnnotations, validateLabels, wholeNumberErrors,
  wholeSecondsErrors,
} from './validation';
import { KServeVersion } from '../kserve-version';
import { KVCacheClaim, KVCacheOffloading } from '../llm/kv-cache-offloading';
import { LLMModel } from '../llm/llm-model';
import { LLMPodOptions } from '../llm/llm-pod-options';
import { LLMRouter, LLMScheduler } from '../llm/llm-router';
import { LLMScaling } from '../llm/llm-scaling';
import { LLMSpecOptions } from '../llm/llm-spec';
import { LLMWorkloadOptions } from '../llm/llm-workload';
import { Parallelism } from '../llm/parallelism';
import { StorageUri } from '../storage-uri';

/** The JSON of an UntypedObjectReference / GatewayObjectReference. */
interface ObjectRefJson {
  readonly name: string;
  readonly namespace?: string;
  readonly sectionName?: string;
}

/** The JSON of a WorkloadSpec. */
export interface LLMWorkloadJson {
  readonly replicas?: number;
  readonly scaling?: Record<string, unknown>;
  readonly parallelism?: Record<string, unknown>;
  readonly labels?: Record<string, string>;
  readonly annotations?: Record<string, string>;
  readonly template?: PodSpecJson;
  readonly worker?: PodSpecJson;
  readonly kvCacheOffloading?: Record<string, unknown>;
}

/** The JSON of an LLMInferenceServiceSpec, as the v0.20.0 CRD takes it. */
export interface LLMSpecJson extends LLMWorkloadJson {
  readonly model?: Record<string, unknown>;
  readonly storageInitializer?: { readonly enabled?: boolean };
  readonly router?: Record<string, unknown>;
  readonly prefill?: LLMWorkloadJson;
  readonly tracing?: Record<string, string | undefined>;
  readonly baseRefs?: Array<{ readonly name: string }>;
}

/** Where a spec renders and is checked. */
export interface LLMSpecContext {
  /** The object's kind, for messages: `LLMInferenceService` or `LLMInferenceServiceConfig`. */
  readonly kind: string;
  /** The object's name (the model's default name). */
  readonly name: string;
  readonly namespace: string;
  readonly version: KServeVersion;
  /**
   * A config's spec, which KServe merges into services: the rules that look at fields merging may complete (a worker's
   * parallelism, GPUs against parallelism) wait for the service.
   */
  readonly partial?: boolean;
  /**
   * The specs of the service's `baseRefs` when all are configs of the app, first to last: the cross-field rules then
   * look at the merged fields (KServe merges them under the service's spec, config_merge.go at v0.20.0).
   */
  readonly bases?: LLMSpecOptions[];
  /** `storageInitializer.enabled` is false: KServe brings no model into the pods. */
  readonly storageInitializerOff?: boolean;
  /** The URIs the model server pods' storage initializer downloads (downloadedUris, llm-checks.ts). */
  readonly downloads?: readonly StorageUri[];
}

/** The last of `values` that is defined (the one a strategic merge keeps). */
function lastDefined<T>(values: Array<T | undefined>): T | undefined {
  return [...values].reverse().find(v => v !== undefined);
}

/**
 * The workload as KServe merges it with the configs' (`bases`, each a workload at the same place), for the rules that
 * need the parallelism, the worker and the GPUs: parallelism field by field, the pods' GPUs as the last one given.
 */
function mergedWorkload(w: LLMWorkloadOptions, bases: LLMWorkloadOptions[]): LLMWorkloadOptions {
  if (bases.length === 0) return w;
  const all = [...bases, w];
  const keys = ['tensor', 'pipeline', 'data', 'dataLocal', 'dataRpcPort', 'expert'] as const;
  const parallelism = Object.fromEntries(keys.map(k => [k, lastDefined(all.map(x => x.parallelism?.[k]))]).filter(([, v]) => v !== undefined));
  const pod = (which: 'template' | 'worker') => {
    const present = all.some(x => x[which] !== undefined);
    if (!present) return undefined;
    return { extendedResources: lastDefined(all.map(x => x[which]?.extendedResources)), command: lastDefined(all.map(x => x[which]?.command)) };
  };
  return {
    ...w,
    parallelism: all.some(x => x.parallelism !== undefined) ? parallelism : undefined,
    template: pod('template'),
    worker: pod('worker'),
  };
}

/** Drops undefined keys, and returns undefined for an object left empty when `dropEmpty`. */
function compact<T extends Record<string, unknown>>(value: T, dropEmpty = false): T | undefined {
  const entries = Object.entries(value).filter(([, v]) => v !== undefined);
  return dropEmpty && entries.length === 0 ? undefined : Object.fromEntries(entries) as T;
}

function renderModel(model: LLMModel | undefined): Record<string, unknown> | undefined {
  if (!model) return undefined;
  const lora = model.lora;
  return compact({
    uri: model.uri?.uri,
    name: model.name,
    criticality: model.criticality,
    lora: lora && compact({
      adapters: lora.adapters?.map(a => compact({ name: a.name, uri: a.uri?.uri })),
      maxRank: lora.maxRank,
      maxAdapters: lora.maxAdapters,
      maxCpuAdapters: lora.maxCpuAdapters,
    }),
    confidential: model.confidential && { enabled: true, resourceId: model.confidential.resourceId },
  });
}

function renderParallelism(p: Parallelism | undefined): Record<string, unknown> | undefined {
  return p && compact({
    tensor: p.tensor, pipeline: p.pipeline, data: p.data, dataLocal: p.dataLocal, dataRPCPort: p.dataRpcPort, expert: p.expert,
  });
}

function renderScaling(s: LLMScaling | undefined): Record<string, unknown> | undefined {
  if (!s) return undefined;
  const wva = s.wva;
  const keda = wva?.keda;
  return compact({
    minReplicas: s.minReplicas,
    maxReplicas: s.maxReplicas,
    wva: wva && compact({
      variantCost: wva.variantCost,
      hpa: wva.hpa && compact({ behavior: wva.hpa.behavior }),
      keda: keda && compact({
        pollingInterval: durationAmount(keda.pollingInterval),
        cooldownPeriod: durationAmount(keda.cooldownPeriod),
        initialCooldownPeriod: durationAmount(keda.initialCooldownPeriod),
        idleReplicaCount: keda.idleReplicaCount,
        fallback: keda.fallback && compact({
          failureThreshold: keda.fallback.failureThreshold, replicas: keda.fallback.replicas, behavior: keda.fallback.behavior,
        }),
        advanced: keda.advanced && compact({
          horizontalPodAutoscalerConfig: keda.advanced.behavior && { behavior: keda.advanced.behavior },
          restoreToOriginalReplicaCount: keda.advanced.restoreToOriginalReplicaCount,
        }),
      }),
    }),
  });
}

/** The per-pod claim of a PVC tier (a PersistentVolumeClaimSpec); Kubernetes requires an access mode. */
function renderClaim(claim: KVCacheClaim): Record<string, unknown> {
  return compact({
    accessModes: claim.accessModes ?? [PersistentVolumeAccessMode.READ_WRITE_ONCE],
    resources: { requests: { storage: sizeQuantity(claim.size) } },
    storageClassName: claim.storageClassName,
    volumeMode: claim.volumeMode,
  })!;
}

function renderKvCache(kv: KVCacheOffloading | undefined): Record<string, unknown> | undefined {
  return kv && compact({
    cpu: sizeQuantity(kv.cpu),
    evictionPolicy: kv.evictionPolicy,
    secondary: kv.secondary?.map(tier => ({
      fileSystem: compact({
        emptyDir: tier.emptyDir && { size: sizeQuantity(tier.emptyDir) },
        pvc: tier.pvc && compact({
          spec: tier.pvc.spec && renderClaim(tier.pvc.spec),
          ref: compact({ name: tier.pvc.claimName, path: tier.pvc.path }, true),
        }),
      }),
    })),
  });
}

/** What a pod needs to render and be checked: its field and whether it gets the model. */
function podContext(ctx: LLMSpecContext, field: string, server: boolean, modelUri: StorageUri | undefined) {
  return {
    field,
    version: ctx.version,
    namespace: ctx.namespace,
    server,
    modelMounted: server && !ctx.storageInitializerOff,
    modelUri,
    downloads: server ? ctx.downloads : undefined,
  };
}

function renderWorkload(w: LLMWorkloadOptions, ctx: LLMSpecContext, field: string, modelUri: StorageUri | undefined): LLMWorkloadJson {
  return compact({
    replicas: w.replicas,
    scaling: renderScaling(w.scaling),
    parallelism: renderParallelism(w.parallelism),
    labels: w.labels,
    annotations: w.annotations,
    template: w.template && renderLlmPod(w.template, podContext(ctx, `${field}.template`, true, modelUri)),
    worker: w.worker && renderLlmPod(w.worker, podContext(ctx, `${field}.worker`, true, modelUri)),
    kvCacheOffloading: renderKvCache(w.kvCacheOffloading),
  })!;
}

function renderScheduler(s: LLMScheduler, ctx: LLMSpecContext): Record<string, unknown> {
  return compact({
    pool: s.pool && compact({
      spec: s.pool.spec && renderPoolSpec(s.pool.spec, ctx.version),
      ref: s.pool.name !== undefined ? { name: s.pool.name } : undefined,
    }),
    labels: s.labels,
    annotations: s.annotations,
    template: s.template && renderLlmPod(s.template, podContext(ctx, 'spec.router.scheduler.template', false, undefined)),
    config: s.config && compact({
      inline: s.config.inline && renderEndpointPickerConfig(s.config.inline),
      ref: compact({ name: s.config.configMap?.name, key: s.config.key }, true),
    }),
    replicas: s.replicas,
  })!;
}

function renderRouter(r: LLMRouter | undefined, ctx: LLMSpecContext): Record<string, unknown> | undefined {
  if (!r) return undefined;
  const http = r.route?.http;
  return compact({
    route: r.route && compact({
      http: http && compact({
        refs: http.refs?.map(ref => ({ name: ref?.name })),
        spec: http.spec && compact({ ...renderLlmRouteSpec(http.spec, ctx.namespace, ctx.version) }),
      }),
      group: r.route.group,
      weight: r.route.weight,
    }),
    gateway: r.gateway && compact({ refs: r.gateway.refs?.map(gatewayRefJson) }),
    ingress: r.ingress && compact({ refs: r.ingress.refs?.map(ref => compact({ name: ref?.name, namespace: ref?.namespace })) }),
    scheduler: r.scheduler && renderScheduler(r.scheduler, ctx),
  });
}

function gatewayRefJson(ref: { gateway: { name: string; namespace?: string }; sectionName?: string }): ObjectRefJson {
  return compact({ name: ref?.gateway?.name, namespace: ref?.gateway?.namespace, sectionName: ref?.sectionName })!;
}

/** The spec's JSON; `baseRefs` are given by the service. */
export function renderLlmSpec(o: LLMSpecOptions, specCtx: LLMSpecContext, baseRefs?: string[]): LLMSpecJson {
  const uri = o.model?.uri;
  const ctx = { ...specCtx, storageInitializerOff: initializerDisabled(o, specCtx.version), downloads: downloadedUris(o.model) };
  return compact({
    model: renderModel(o.model),
    storageInitializer: o.storageInitializer && compact({ enabled: o.storageInitializer.enabled }),
    ...renderWorkload(o, ctx, 'spec', uri),
    router: renderRouter(o.router, ctx),
    prefill: o.prefill && renderWorkload(o.prefill, ctx, 'spec.prefill', uri),
    tracing: o.tracing && compact({ ...o.tracing }),
    baseRefs: baseRefs && baseRefs.length > 0 ? baseRefs.map(name => ({ name })) : undefined,
  })!;
}

/**
 * `storageInitializer.enabled` is false on a release that has the field (fact llmStorageInitializer; where it lacks it,
 * that is the one error and KServe always attaches the model).
 */
function initializerDisabled(o: LLMSpecOptions, version: KServeVersion): boolean {
  return o.storageInitializer?.enabled === false && version._facts.llmStorageInitializer;
}

// ---------------------------------------------------------------------------------------------------------------
// Checks

const isDataParallel = (p: Parallelism | undefined) => (p?.data ?? 0) > 0 || (p?.dataLocal ?? 0) > 0;
const isPipelineParallel = (p: Parallelism | undefined) => (p?.pipeline ?? 0) > 0;

/** `ParallelismSpec.GetSize` (llm_inference_service_types_func.go at v0.20.0): the pods of one LeaderWorkerSet group. */
export function parallelismSize(p: Parallelism | undefined): number | undefined {
  if (isDataParallel(p)) return Math.max(Math.floor(Math.max(p!.data ?? 1, 1) / Math.max(p!.dataLocal ?? 1, 1)), 1);
  if (isPipelineParallel(p)) return p!.pipeline;
  return undefined;
}

/** validateWorkloadParallelism (llm_inference_service_validation.go at v0.20.0) and the CRD's bounds. */
function parallelismErrors(w: LLMWorkloadOptions, base: string, partial: boolean, version: KServeVersion): string[] {
  const p = w.parallelism;
  if (w.worker !== undefined && p === undefined && !partial) {
    return [`${base}.worker: when worker is specified, parallelism must be configured for either data parallelism or pipeline parallelism`];
  }
  if (p === undefined) return [];
  const field = `${base}.parallelism`;
  const errors = [
    ...(['tensor', 'pipeline', 'data', 'dataLocal'] as const).flatMap(k => wholeNumberErrors(p[k], `${field}.${k}`, 1)),
    // The CRD's bounds of dataRPCPort (Minimum=1, Maximum=65535).
    ...wholeNumberErrors(p.dataRpcPort, `${field}.dataRpcPort`, 1, 65535),
  ];
  if (errors.length > 0 || partial) return errors;
  if (w.worker !== undefined && !isDataParallel(p) && !isPipelineParallel(p)) {
    errors.push(`${base}.worker: when worker is specified, parallelism must be configured for either data parallelism or pipeline parallelism`);
  }
  if (isPipelineParallel(p) && isDataParallel(p)) {
    errors.push(`${field}: cannot set both pipeline parallelism and data parallelism (data or dataLocal) simultaneously`);
  }
  if (p.data !== undefined && p.dataLocal === undefined) errors.push(`${field}.dataLocal must be set when data is set`);
  if (p.dataLocal !== undefined && p.data === undefined) errors.push(`${field}.data must be set when dataLocal is set`);
  // Our own checks: KServe sizes the LeaderWorkerSet group as data / dataLocal with integer division (GetSize), so a
  // remainder silently loses ranks; vLLM then waits for ranks that never start.
  if (p.data !== undefined && p.dataLocal !== undefined && p.data % p.dataLocal !== 0) {
    errors.push(`${field}: data (${p.data}) must be a multiple of dataLocal (${p.dataLocal}); KServe runs data / dataLocal pods per group `
      + '(integer division), so the remaining ranks would never start');
  }
  // Our own check: the single-node presets pass only --tensor-parallel-size to vLLM (config-llm-template.yaml,
  // config-llm-decode-template.yaml, config-llm-prefill-template.yaml at v0.20.0); data and pipeline sizes take effect
  // only with a worker (the worker presets).
  if (w.worker === undefined && (isDataParallel(p) || isPipelineParallel(p))) {
    errors.push(`${field}: data and pipeline parallelism need a worker (the multi-node presets pass them to vLLM; the single-node `
      + 'preset passes only tensor); add a worker, or use tensor parallelism only');
  }
  // Fact llmSingleNodeTensorParallel: before v0.20 the single-node presets do not pass tensor either. Not when the
  // user's own command starts vLLM.
  if (w.worker === undefined && (p.tensor ?? 1) > 1 && w.template?.command === undefined) errors.push(...singleNodeTensorErrors(field, version));
  return errors;
}

/** Our own check: the GPUs each pod asks for hold what its vLLM engine spans (tensor, times dataLocal when data parallel). */
function gpuErrors(w: LLMWorkloadOptions, base: string): string[] {
  const p = w.parallelism;
  const tensor = p?.tensor ?? 1;
  const perPod = tensor * (isDataParallel(p) ? p?.dataLocal ?? 1 : 1);
  const errors: string[] = [];
  for (const [pod, options] of [['template', w.template], ['worker', w.worker]] as const) {
    const gpus = gpuCount(options?.extendedResources);
    if (gpus !== undefined && Number.isInteger(gpus) && gpus < perPod) {
      // vLLM needs tensor x dataLocal devices per pod (--tensor-parallel-size, --data-parallel-size-local, passed by the
      // presets config/llmisvcconfig/*.yaml at v0.20.0); with fewer it fails to start.
      errors.push(`${base}.${pod}.extendedResources: the pod asks for ${gpus} GPU(s) but its vLLM engine spans ${perPod} `
        + `(tensor ${tensor}${isDataParallel(p) ? ` x dataLocal ${p?.dataLocal ?? 1}` : ''}); request at least ${perPod}`);
    }
  }
  return errors;
}

const VARIANT_COST = /^\d+(\.\d+)?$/;

/** ValidateWorkloadScaling (llm_inference_service_validation.go at v0.20.0) and the CRD's bounds. */
function scalingErrors(w: LLMWorkloadOptions, base: string, version: KServeVersion): string[] {
  const errors = wholeNumberErrors(w.replicas, `${base}.replicas`, 0);
  const s = w.scaling;
  // Fact llmScaling: on a release without the field, its absence is the one error (llm-releases.ts).
  if (!s || !version._facts.llmScaling) return errors;
  const field = `${base}.scaling`;
  if (w.replicas !== undefined) {
    errors.push(`${field}: scaling and replicas are mutually exclusive; use scaling for autoscaled deployments or replicas for static deployments`);
  }
  const bounds = [...wholeNumberErrors(s.minReplicas, `${field}.minReplicas`, 1), ...wholeNumberErrors(s.maxReplicas, `${field}.maxReplicas`, 1)];
  errors.push(...bounds);
  if (s.maxReplicas === undefined) errors.push(`${field}.maxReplicas is required`);
  if (bounds.length === 0 && s.minReplicas !== undefined && s.maxReplicas !== undefined && s.minReplicas > s.maxReplicas) {
    errors.push(`${field}.minReplicas (${s.minReplicas}) cannot exceed maxReplicas (${s.maxReplicas})`);
  }
  const wva = s.wva;
  if (wva === undefined) {
    errors.push(`${field}.wva is required when scaling is configured; it provides the autoscaling mechanism`);
    return errors;
  }
  if (wva.hpa !== undefined && wva.keda !== undefined) errors.push(`${field}.wva: hpa and keda are mutually exclusive; choose one actuator backend`);
  if (wva.hpa === undefined && wva.keda === undefined) errors.push(`${field}.wva: either hpa or keda must be specified as the actuator backend`);
  if (wva.variantCost !== undefined && !VARIANT_COST.test(wva.variantCost)) {
    errors.push(`${field}.wva.variantCost ${shown(wva.variantCost)} must be a non-negative numeric string (e.g. "10", "10.0", "0.5")`);
  }
  const keda = wva.keda;
  if (keda) {
    const kedaField = `${field}.wva.keda`;
    // The CRD's bounds: pollingInterval >= 1, cooldownPeriod and initialCooldownPeriod >= 0, idleReplicaCount >= 1.
    errors.push(...wholeSecondsErrors(keda.pollingInterval, `${kedaField}.pollingInterval`, 1, 2_147_483_647));
    errors.push(...wholeSecondsErrors(keda.cooldownPeriod, `${kedaField}.cooldownPeriod`, 0, 2_147_483_647));
    errors.push(...wholeSecondsErrors(keda.initialCooldownPeriod, `${kedaField}.initialCooldownPeriod`, 0, 2_147_483_647));
    errors.push(...wholeNumberErrors(keda.idleReplicaCount, `${kedaField}.idleReplicaCount`, 1));
    if (keda.fallback) {
      // KEDA's CheckFallbackValid (apis/keda/v1alpha1/scaledobject_types.go at v2.18.0): both at least 0; int32 (the CRD).
      errors.push(...wholeNumberErrors(keda.fallback.failureThreshold, `${kedaField}.fallback.failureThreshold`, 0));
      errors.push(...wholeNumberErrors(keda.fallback.replicas, `${kedaField}.fallback.replicas`, 0));
    }
    if (typeof keda.idleReplicaCount === 'number') {
      // minReplicas defaults to 1 in the CRD (kubebuilder:default=1), applied before the webhook's and CEL's
      // `idleReplicaCount < minReplicas`.
      const min = s.minReplicas ?? 1;
      if (keda.idleReplicaCount >= min) {
        errors.push(`${kedaField}.idleReplicaCount (${keda.idleReplicaCount}) must be less than minReplicas (${s.minReplicas ?? '1, the default'}); `
          + 'idleReplicaCount defines the replica floor when no triggers are active');
      }
    }
  }
  return errors;
}

/** validateKVCacheOffloadingSpec (llm_inference_service_validation.go at v0.20.0) and the CRD's fields. */
function kvCacheErrors(kv: KVCacheOffloading | undefined, field: string): string[] {
  if (!kv) return [];
  const errors = sizeErrors(kv.cpu, `${field}.cpu`);
  if (kv.cpu === undefined) {errors.push(`${field}.cpu is required`);} else if (errors.length === 0 && sizeBytes(kv.cpu) === 0 && (kv.secondary ?? []).length > 0) {
    errors.push(`${field}.cpu must be set when secondary tiers are configured`);
  }
  (kv.secondary ?? []).forEach((tier, i) => {
    const fs = `${field}.secondary[${i}]`;
    const backends = [tier.emptyDir !== undefined && 'emptyDir', tier.pvc !== undefined && 'pvc'].filter(Boolean);
    if (backends.length !== 1) {
      errors.push(`${fs}: exactly one of emptyDir or pvc must be set${backends.length > 1 ? '; multiple are set' : ''}`);
      return;
    }
    if (tier.emptyDir !== undefined) errors.push(...sizeErrors(tier.emptyDir, `${fs}.emptyDir`));
    const pvc = tier.pvc;
    if (pvc) {
      const kinds = [pvc.spec !== undefined, pvc.claimName !== undefined].filter(Boolean).length;
      if (kinds !== 1) {errors.push(`${fs}.pvc: exactly one of spec or claimName must be set${kinds > 1 ? '; multiple are set' : ''}`);} else if (pvc.claimName !== undefined && !DNS1123_SUBDOMAIN_NAME.test(pvc.claimName)) {
        errors.push(`${fs}.pvc.claimName ${shown(pvc.claimName)} must be a PersistentVolumeClaim name (a DNS-1123 subdomain)`);
      }
      if (pvc.path !== undefined && pvc.claimName === undefined) errors.push(`${fs}.pvc.path needs claimName (it is the existing claim's subPath)`);
      if (pvc.spec !== undefined) errors.push(...claimErrors(pvc.spec, `${fs}.pvc.spec`));
    }
  });
  return errors;
}

/** Problems with the per-pod claim of a PVC tier. */
function claimErrors(claim: KVCacheClaim, field: string): string[] {
  const errors = sizeErrors(claim.size, `${field}.size`);
  // Kubernetes core validation (ValidatePersistentVolumeClaimSpec): a storage request above zero, at least one access
  // mode, a StorageClass name that is a DNS-1123 subdomain ('' selects no class).
  if (errors.length === 0 && sizeBytes(claim.size) === 0) errors.push(`${field}.size must be more than zero`);
  if (claim.accessModes !== undefined && claim.accessModes.length === 0) {
    errors.push(`${field}.accessModes: give at least one access mode (or leave it out for ReadWriteOnce)`);
  }
  if (claim.storageClassName !== undefined && claim.storageClassName !== '' && !DNS1123_SUBDOMAIN_NAME.test(claim.storageClassName)) {
    errors.push(`${field}.storageClassName ${shown(claim.storageClassName)} must be a StorageClass name (a DNS-1123 subdomain) or ''`);
  }
  // Our own rule: KServe mounts the claim as a directory (a volumeMount at /mnt/kv-cache-<i>, workload_kvcache.go at
  // v0.20.0); a Block volume cannot be mounted, so the pod would never start.
  if (claim.volumeMode === PersistentVolumeMode.BLOCK) {
    errors.push(`${field}.volumeMode: Block volumes cannot be mounted, and KServe mounts the KV cache claim as a directory; use FILE_SYSTEM`);
  }
  return errors;
}

/** The workload's own checks, at `base` (`spec` or `spec.prefill`). */
function workloadErrors(scope: IConstruct, w: LLMWorkloadOptions, ctx: LLMSpecContext, base: string, modelUri: StorageUri | undefined): string[] {
  const bases = (ctx.bases ?? []).map(b => (base === 'spec' ? b : b.prefill)).filter((b): b is LLMWorkloadOptions => b !== undefined);
  const merged = mergedWorkload(w, bases);
  return [
    ...scalingErrors(w, base, ctx.version),
    ...parallelismErrors(merged, base, ctx.partial ?? false, ctx.version),
    ...(ctx.partial ? [] : gpuErrors(merged, base)),
    // Fact llmKvCacheOffloading: on a release without the field, its absence is the one error (llm-releases.ts).
    ...(ctx.version._facts.llmKvCacheOffloading ? kvCacheErrors(w.kvCacheOffloading, `${base}.kvCacheOffloading`) : []),
    // Fact llmWorkloadMetadata: on a release without the fields, their absence is the one error (llm-releases.ts).
    ...(ctx.version._facts.llmWorkloadMetadata
      ? [...validateLabels(w.labels, `${base}.labels`), ...validateAnnotations(w.annotations, `${base}.annotations`)] : []),
    ...(w.template ? llmPodErrors(scope, w.template, podContext(ctx, `${base}.template`, true, modelUri)) : []),
    ...(w.worker ? llmPodErrors(scope, w.worker, podContext(ctx, `${base}.worker`, true, modelUri)) : []),
  ];
}

/** ValidateActuatorConsistency (llm_inference_service_validation.go at v0.20.0). */
function actuatorConsistencyErrors(o: LLMSpecOptions): string[] {
  const decode = o.scaling?.wva;
  const prefill = o.prefill?.scaling?.wva;
  if (!decode || !prefill || (decode.hpa !== undefined) === (prefill.hpa !== undefined)) return [];
  const [d, p] = decode.hpa !== undefined ? ['hpa', 'keda'] : ['keda', 'hpa'];
  return [`spec.prefill.scaling.wva: decode and prefill must use the same actuator backend; decode uses ${d} but prefill uses ${p}`];
}

/** LoRA checks: validateLoRAAdapters (llm_inference_service_validation.go at v0.20.0) and the CRD's bounds. */
function loraErrors(model: LLMModel, baseName: string | undefined, version: KServeVersion): string[] {
  const lora = model.lora;
  if (!lora) return [];
  const field = 'spec.model.lora';
  const errors = (['maxRank', 'maxAdapters', 'maxCpuAdapters'] as const).flatMap(k => wholeNumberErrors(lora[k], `${field}.${k}`, 1));
  const seen = new Map<string, number>();
  (lora.adapters ?? []).forEach((adapter, i) => {
    const at = `${field}.adapters[${i}]`;
    const name = adapter?.name;
    if (typeof name !== 'string' || name === '') {
      errors.push(`${at}.name: adapter name is required`);
      return;
    }
    if (name === '.' || name === '..') {
      errors.push(`${at}.name ${shown(name)}: adapter name must not be "." or ".." (path traversal risk)`);
      return;
    }
    const previous = seen.get(name);
    if (previous !== undefined) errors.push(`${at}.name ${shown(name)}: duplicate name (same as adapters[${previous}])`);
    else seen.set(name, i);
    if (baseName !== undefined && name === baseName) errors.push(`${at}.name ${shown(name)}: adapter name must differ from base model name '${baseName}'`);
    if (!(adapter.uri instanceof StorageUri)) {errors.push(`${at}.uri is required: a StorageUri (hf://, s3:// or pvc://)`);} else {
      errors.push(...adapter.uri._validate(version).map(e => `${at}.uri: ${e}`));
      // The adapter schemes KServe downloads (LoRASpec.Adapters, llm_inference_service_types.go; workload_lora.go at v0.20.0).
      if (!['hf', 's3', 'pvc'].includes(adapter.uri.scheme)) {
        errors.push(`${at}.uri '${adapter.uri.uri}': KServe loads adapters from hf://, s3:// or pvc:// only`);
      }
    }
  });
  return errors;
}

/** KBS resource ids as KServe accepts them (`KBSResourceIdRegexp`, pkg/validation/confidential.go at v0.20.0). */
const KBS_RESOURCE_ID = /^kbs:\/\/\/[a-zA-Z0-9_.-]+\/[a-zA-Z0-9_.-]+\/[a-zA-Z0-9_.-]+$/;

function modelErrors(model: LLMModel, ctx: LLMSpecContext, storageInitializerOff: boolean): string[] {
  const errors: string[] = [];
  // The CRD requires model.uri (LLMModelSpec.URI has no omitempty; `required: [uri]` in the v0.20.0 schema).
  if (!(model.uri instanceof StorageUri)) {
    errors.push('spec.model.uri is required: a StorageUri (hf://, pvc://, oci://, s3://, gs://...)');
  } else {
    errors.push(...model.uri._validate(ctx.version).map(e => `spec.model.uri: ${e}`));
  }
  // Our own rule: the presets pass the name to vLLM's --served-model-name, which an empty string leaves nameless.
  if (model.name !== undefined && (typeof model.name !== 'string' || model.name === '')) {
    errors.push(`spec.model.name ${shown(model.name)} must be a non-empty string`);
  }
  // The base model's name defaults to the service's name (ptr.Deref(Model.Name, llmSvc.Name)); a config's is unknown.
  // Fact llmLoRA: validateLoRAAdapters is v0.19.0's; before, the lora fields are reported as missing (llm-releases.ts).
  if (ctx.version._facts.llmLoRA) errors.push(...loraErrors(model, model.name ?? (ctx.kind === 'LLMInferenceService' ? ctx.name : undefined), ctx.version));
  const confidential = model.confidential;
  // Fact confidentialModels: validateConfidential is v0.20.0's.
  if (confidential && ctx.version._facts.confidentialModels) {
    // validateConfidential -> ValidateConfidentialSpec (pkg/validation/confidential.go at v0.20.0).
    if (!KBS_RESOURCE_ID.test(confidential.resourceId)) {
      errors.push(`spec.model.confidential.resourceId ${shown(confidential.resourceId)} must be in the format kbs:///<repo>/<type>/<tag>`);
    }
    // KServe only warns; our rule: the storage initializer, which decrypts, does not run for these sources.
    const scheme = model.uri instanceof StorageUri ? model.uri.scheme : undefined;
    if (scheme !== undefined && ['pvc', 'oci', 'oci+native'].includes(scheme)) {
      errors.push(`spec.model.confidential has no effect on ${scheme}:// models: the storage initializer, which decrypts, does not download them`);
    } else if (storageInitializerOff) {
      errors.push('spec.model.confidential has no effect with storageInitializer.enabled false: the storage initializer decrypts the model');
    }
  }
  return errors;
}

/** Gateway-ref and HTTPRoute cross-field rules: validateRouterCrossFieldConstraints (llm_inference_service_validation.go). */
function routerErrors(r: LLMRouter, ctx: LLMSpecContext): string[] {
  const errors: string[] = [];
  const http = r.route?.http;
  const gatewayRefs = r.gateway?.refs ?? [];
  // Fact llmManagedRouteWithGatewayRefs: v0.16.0's validateRouterCrossFieldConstraints
  // (pkg/controller/v1alpha1/llmisvc/validation/llminferenceservice_validator.go) rejects a managed route with gateway refs,
  // but for `route.http: {}` (not zero, no spec), whose route expectedHTTPRoute attaches to the refs (router.go there).
  const oldRouter = !ctx.version._facts.llmManagedRouteWithGatewayRefs;
  const firstAccepting = () => needsRelease(v => v._facts.llmManagedRouteWithGatewayRefs, ctx.version);
  if (oldRouter && r.route !== undefined && http === undefined && r.gateway?.refs !== undefined) {
    errors.push("spec.router.gateway.refs: unsupported configuration: custom gateway ('spec.router.gateway.refs') cannot be used with managed "
      + "route ('spec.router.route: {}'); either provide your own HTTP routes ('spec.router.route.http.refs') or remove 'spec.router.gateway.refs' "
      + `to use the managed gateway (a managed route on gateway refs ${firstAccepting()}; on ${ctx.version.name}, route: { http: {} } passes `
      + 'the webhook and the controller attaches its managed route to the refs)');
  }
  if (oldRouter && http?.spec !== undefined && gatewayRefs.length > 0) {
    errors.push("spec.router.route.http.spec: unsupported configuration: managed HTTP route spec ('spec.router.route.http.spec') cannot be used "
      + "with custom gateway refs ('spec.router.gateway.refs'); either remove 'spec.router.gateway.refs' or 'spec.router.route.http.spec' "
      + `(a managed route spec on gateway refs ${firstAccepting()})`);
  }
  if (http) {
    if ((http.refs ?? []).length > 0 && http.spec !== undefined) {
      errors.push("spec.router.route.http: unsupported configuration: cannot use both custom HTTPRoute refs ('spec.router.route.http.refs') "
        + "and an inline route spec ('spec.router.route.http.spec'); choose one");
    }
    if ((http.refs ?? []).length > 0 && r.gateway !== undefined && gatewayRefs.length === 0) {
      errors.push('spec.router.route.http.refs: unsupported configuration: custom HTTP routes cannot be used with a managed gateway '
        + "('spec.router.gateway' without refs); either remove 'spec.router.route.http.refs' or set 'spec.router.gateway.refs'");
    }
    // On v0.16.0 the spec is rejected with any gateway refs (above).
    const parents = oldRouter ? [] : http.spec?.parents ?? [];
    const conflicting = parents.length > 0 && !parentRefsMatch(parents.map(llmParentRef), gatewayRefs.map(gatewayRefJson), ctx.version);
    if (conflicting && gatewayRefs.length > 0) {
      errors.push('spec.router.route.http.spec: unsupported configuration: managed HTTP route spec has parentRefs that conflict with custom gateway refs '
        + "('spec.router.gateway.refs'); either remove 'spec.router.gateway.refs' or 'spec.router.route.http.spec.parentRefs'");
    }
    // Our own rule: with gateway refs KServe replaces the route's parentRefs by them (ToParentRefs, config_merge.go at
    // v0.20.0), which carry no port: a port given here would be dropped.
    if (!conflicting && gatewayRefs.length > 0) {
      parents.forEach((parent, i) => {
        if (parent?.port !== undefined) {
          errors.push(`spec.router.route.http.spec.parentRefs[${i}].port: KServe replaces the parentRefs by spec.router.gateway.refs, which have `
            + 'no port, so the port would be dropped; leave it out (or attach by sectionName)');
        }
        // Fact llmGatewaySectionName: v0.17.1's gateway refs have no listener (ToParentRefs, config_merge.go at v0.17.1).
        if (parent?.sectionName !== undefined && !ctx.version._facts.llmGatewaySectionName) {
          errors.push(`spec.router.route.http.spec.parentRefs[${i}].sectionName: KServe ${ctx.version.name} replaces the parentRefs by `
            + `spec.router.gateway.refs, which have no listener there, so the sectionName would be dropped; leave it out (listeners on gateway refs ${
              needsRelease(v => v._facts.llmGatewaySectionName, ctx.version)})`);
        }
      });
    }
    if (http.spec) errors.push(...llmRouteSpecErrors(http.spec, ctx.namespace, 'spec.router.route.http.spec'));
    // Our own rule: HTTPRoute refs are LocalObjectReferences, looked up in the service's namespace
    // (validateHTTPRouteReferences, pkg/controller/v1alpha2/llmisvc/router_validation.go at v0.20.0).
    (http.refs ?? []).forEach((ref, i) => {
      if (ref?.namespace !== undefined && ref.namespace !== ctx.namespace) {
        errors.push(`spec.router.route.http.refs[${i}]: HTTPRoute '${ref.name}' is in namespace '${ref.namespace}', but KServe looks it up in `
          + `the service's namespace '${ctx.namespace}'`);
      }
    });
  }
  gatewayRefs.forEach((ref, i) => {
    // Fact llmGatewaySectionName: a release without listeners on gateway refs reports the field itself (llm-releases.ts).
    if (ref?.sectionName !== undefined && ctx.version._facts.llmGatewaySectionName && !DNS1123_SUBDOMAIN_NAME.test(ref.sectionName)) {
      errors.push(`spec.router.gateway.refs[${i}].sectionName ${shown(ref.sectionName)} must be a listener name (a DNS-1123 subdomain)`);
    }
  });
  // validateTrafficFields (llm_inference_service_validation.go at v0.20.0).
  const route = r.route;
  // Fact llmTrafficSplitting: on a release without group and weight, their absence is the one error (llm-releases.ts).
  if (route && (route.group !== undefined || route.weight !== undefined) && ctx.version._facts.llmTrafficSplitting) {
    if (r.ingress !== undefined) {
      errors.push('spec.router.route.group: traffic splitting requires Gateway API routing; the controller manages HTTPRoutes, not Ingress resources');
    } else if (route.group === undefined) {
      errors.push('spec.router.route.group: weight requires group');
    } else if (route.weight === undefined) {
      errors.push('spec.router.route.weight: group requires weight');
    } else if ((http?.refs ?? []).length > 0) {
      errors.push('spec.router.route.group: traffic splitting cannot be used with custom HTTPRoute refs; controller-managed routes '
        + '(route.http.spec or route.http: {}) are required');
    }
    // The CRD's bounds of group (a DNS-1123 label of 1-63) and weight (0-1000000).
    if (route.group !== undefined && !(DNS1123_LABEL.test(route.group) && route.group.length <= MAX_DNS_LABEL)) {
      errors.push(`spec.router.route.group ${shown(route.group)} must be a DNS-1123 label (lower case alphanumerics and '-', at most 63)`);
    }
    errors.push(...wholeNumberErrors(route.weight, 'spec.router.route.weight', 0, 1_000_000));
  }
  // Our own rule: the CRD says the Gateway API fields and ingress exclude each other (RouterSpec doc comment).
  if (r.ingress !== undefined && (r.gateway !== undefined || r.route !== undefined)) {
    errors.push('spec.router: ingress is mutually exclusive with gateway and route; use the Gateway API or an Ingress');
  }
  if (r.scheduler) errors.push(...schedulerErrors(r.scheduler, ctx.version));
  return errors;
}

/**
 * parentRefsMatchGatewayRefs (llm_inference_service_validation.go): the same (namespace, name, sectionName) sets from
 * v0.18.1, (namespace, name) at v0.17.1 (fact llmGatewaySectionName).
 */
function parentRefsMatch(parentRefs: ObjectRefJson[], gatewayRefs: ObjectRefJson[], version: KServeVersion): boolean {
  if (parentRefs.length !== gatewayRefs.length) return false;
  const listener = (r: ObjectRefJson) => (version._facts.llmGatewaySectionName ? r.sectionName ?? '' : '');
  const key = (r: ObjectRefJson) => JSON.stringify([r.namespace ?? '', r.name ?? '', listener(r)]);
  const a = parentRefs.map(key).sort();
  const b = gatewayRefs.map(key).sort();
  return a.every((k, i) => k === b[i]);
}

/** validateSchedulerConfig (llm_inference_service_validation.go at v0.20.0). */
export function schedulerErrors(s: LLMScheduler, version: KServeVersion): string[] {
  const field = 'spec.router.scheduler';
  const errors = poolErrors(s, field, version);
  // Fact llmSchedulerOptions: on a release without config, replicas, labels and annotations, their absence is the one
  // error (llm-releases.ts).
  if (!version._facts.llmSchedulerOptions) return errors;
  if (typeof s.replicas === 'number' && s.replicas <= 0) errors.push(`${field}.replicas: scheduler replicas must be greater than zero`);
  else errors.push(...wholeNumberErrors(s.replicas, `${field}.replicas`, 1));
  const config = s.config;
  if (config) {
    const hasRef = config.configMap !== undefined || config.key !== undefined;
    if (config.inline === undefined && !hasRef) errors.push(`${field}.config: either inline or ref is required`);
    if (config.inline !== undefined && hasRef) errors.push(`${field}.config: both inline and ref are set, either specify inline or ref`);
    if (config.inline !== undefined) errors.push(...endpointPickerConfigErrors(config.inline, `${field}.config.inline`));
    if (hasRef && config.configMap === undefined) errors.push(`${field}.config.ref.name: name is empty (give configMap)`);
    // ConfigMapKeySelector.key is required (core/v1), and a ConfigMap data key (core validation).
    if (config.configMap !== undefined && (typeof config.key !== 'string' || config.key === '')) errors.push(`${field}.config.key is required with configMap`);
  }
  errors.push(...validateLabels(s.labels, `${field}.labels`), ...validateAnnotations(s.annotations, `${field}.annotations`));
  return errors;
}

/** The scheduler's pool: a name or a spec (the CRD's InferencePoolSpec doc comment: mutually exclusive). */
function poolErrors(s: LLMScheduler, field: string, version: KServeVersion): string[] {
  const errors: string[] = [];
  const pool = s.pool;
  // The CRD says ref and spec are mutually exclusive (InferencePoolSpec doc comment).
  if (pool && pool.name !== undefined && pool.spec !== undefined) errors.push(`${field}.pool: name (ref) and spec are mutually exclusive`);
  if (pool?.spec !== undefined) errors.push(...poolSpecErrors(pool.spec, `${field}.pool.spec`, version));
  if (pool?.name !== undefined && !DNS1123_SUBDOMAIN_NAME.test(pool.name)) {
    errors.push(`${field}.pool.name ${shown(pool.name)} must be an InferencePool name (a DNS-1123 subdomain)`);
  }
  return errors;
}

/**
 * Our own check: with the storage initializer disabled KServe brings no model into the pods, not even a PVC
 * (attachModelArtifacts returns first, workload_storage.go at v0.20.0), while the preset serves `/mnt/models`
 * (config/llmisvcconfig/config-llm-template.yaml). Something of the user's must put it there: an init container, a
 * mount at /mnt/models, an image or a command of their own (in the service or a config of the app).
 */
function modelSourceErrors(o: LLMSpecOptions, bases: LLMSpecOptions[]): string[] {
  const brings = (pod: LLMPodOptions | undefined) => pod !== undefined && ((pod.initContainers ?? []).length > 0
    || (pod.volumeMounts ?? []).some(m => typeof m?.path === 'string' && m.path.replace(/\/+$/, '') === '/mnt/models')
    || pod.image !== undefined || pod.command !== undefined);
  return [o, ...bases].some(spec => brings(spec.template)) ? []
    : ['spec.storageInitializer.enabled is false, so KServe downloads and mounts no model, and the preset serves /mnt/models: '
      + 'bring the model in template (an init container, a volume mounted at /mnt/models, or an image or command of your own), '
      + 'or enable the storage initializer'];
}

/** The checks both kinds share: the webhook's for the spec, and our own that fail late otherwise. */
export function llmSpecErrors(scope: IConstruct, o: LLMSpecOptions, specCtx: LLMSpecContext): string[] {
  const uri = o.model?.uri;
  const ctx = { ...specCtx, storageInitializerOff: initializerDisabled(o, specCtx.version), downloads: downloadedUris(o.model) };
  // The fields the target release lacks, each naming its first release.
  const errors = checkField('spec', () => llmReleaseFieldErrors(o, ctx.version));
  if (ctx.storageInitializerOff && !ctx.partial) errors.push(...modelSourceErrors(o, ctx.bases ?? []));
  if (o.model) errors.push(...checkField('spec.model', () => modelErrors(o.model!, ctx, ctx.storageInitializerOff)));
  errors.push(...checkField('spec', () => workloadErrors(scope, o, ctx, 'spec', uri)));
  if (o.prefill) errors.push(...checkField('spec.prefill', () => workloadErrors(scope, o.prefill!, ctx, 'spec.prefill', uri)));
  // Fact llmActuatorConsistency: v0.17.1's webhook lets decode and prefill scale with different actuators.
  if (ctx.version._facts.llmActuatorConsistency) errors.push(...actuatorConsistencyErrors(o));
  if (o.router) errors.push(...checkField('spec.router', () => routerErrors(o.router!, ctx)));
  const schedulerPod = o.router?.scheduler?.template;
  if (schedulerPod) {
    errors.push(...llmPodErrors(scope, schedulerPod, podContext(ctx, 'spec.router.scheduler.template', false, undefined)));
  }
  return errors;
}
