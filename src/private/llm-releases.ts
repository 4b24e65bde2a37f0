/*
 * The LLMInferenceService / LLMInferenceServiceConfig fields that exist only from some release on (the v1alpha1 CRDs of
 * v0.16.0, the v1alpha2 CRDs of v0.17.1–v0.20.0, and the controller that reads them): one table, each entry asking a
 * named fact, so that a field the target lacks gives one error naming its first release.
 */
import { needsRelease } from './releases';
import { KServeVersion } from '../kserve-version';
import { LLMSpecOptions } from '../llm/llm-spec';

type Facts = KServeVersion['_facts'];

/** A field of the spec that a release may lack: where it is, whether it is given, and the fact that says it exists. */
interface ReleaseField {
  readonly field: string;
  readonly given: (o: LLMSpecOptions) => boolean;
  readonly fact: (facts: Facts) => boolean;
  /** Why the release cannot take it when its CRD keeps the field (the controller ignores it). */
  readonly why?: (version: KServeVersion) => string;
}

const FIELDS: readonly ReleaseField[] = [
  // Fact llmWorkloadMetadata (WorkloadSpec.Labels / Annotations, v0.17.1 CRD; not in v0.16.0's v1alpha1).
  { field: 'spec.labels', given: o => o.labels !== undefined, fact: f => f.llmWorkloadMetadata },
  { field: 'spec.annotations', given: o => o.annotations !== undefined, fact: f => f.llmWorkloadMetadata },
  { field: 'spec.prefill.labels', given: o => o.prefill?.labels !== undefined, fact: f => f.llmWorkloadMetadata },
  { field: 'spec.prefill.annotations', given: o => o.prefill?.annotations !== undefined, fact: f => f.llmWorkloadMetadata },
  // Fact llmScaling (WorkloadSpec.Scaling, v0.17.1 CRD).
  { field: 'spec.scaling', given: o => o.scaling !== undefined, fact: f => f.llmScaling },
  { field: 'spec.prefill.scaling', given: o => o.prefill?.scaling !== undefined, fact: f => f.llmScaling },
  // Fact llmStorageInitializer (LLMInferenceServiceSpec.StorageInitializer, v0.17.1 CRD).
  { field: 'spec.storageInitializer', given: o => o.storageInitializer !== undefined, fact: f => f.llmStorageInitializer },
  // Fact llmSchedulerOptions (SchedulerSpec.Config / Replicas / Labels / Annotations, v0.17.1 CRD).
  { field: 'spec.router.scheduler.config', given: o => o.router?.scheduler?.config !== undefined, fact: f => f.llmSchedulerOptions },
  { field: 'spec.router.scheduler.replicas', given: o => o.router?.scheduler?.replicas !== undefined, fact: f => f.llmSchedulerOptions },
  { field: 'spec.router.scheduler.labels', given: o => o.router?.scheduler?.labels !== undefined, fact: f => f.llmSchedulerOptions },
  { field: 'spec.router.scheduler.annotations', given: o => o.router?.scheduler?.annotations !== undefined, fact: f => f.llmSchedulerOptions },
  // Fact llmTracing (v0.20.0 CRD).
  { field: 'spec.tracing', given: o => o.tracing !== undefined, fact: f => f.llmTracing },
  // Fact llmKvCacheOffloading (v0.20.0 CRD, both workloads).
  { field: 'spec.kvCacheOffloading', given: o => o.kvCacheOffloading !== undefined, fact: f => f.llmKvCacheOffloading },
  { field: 'spec.prefill.kvCacheOffloading', given: o => o.prefill?.kvCacheOffloading !== undefined, fact: f => f.llmKvCacheOffloading },
  // Fact confidentialModels (LLMModelSpec.Confidential, v0.20.0 CRD).
  { field: 'spec.model.confidential', given: o => o.model?.confidential !== undefined, fact: f => f.confidentialModels },
  // Fact llmLoRA: the CRDs before v0.19.0 keep the adapters (schemaless) but no controller code attaches them.
  {
    field: 'spec.model.lora.adapters',
    given: o => (o.model?.lora?.adapters ?? []).length > 0,
    fact: f => f.llmLoRA,
    why: v => `KServe ${v.name}'s controller does not attach LoRA adapters (it has no workload_lora.go), so vLLM would serve the base model only`,
  },
  { field: 'spec.model.lora.maxRank', given: o => o.model?.lora?.maxRank !== undefined, fact: f => f.llmLoRA },
  { field: 'spec.model.lora.maxAdapters', given: o => o.model?.lora?.maxAdapters !== undefined, fact: f => f.llmLoRA },
  { field: 'spec.model.lora.maxCpuAdapters', given: o => o.model?.lora?.maxCpuAdapters !== undefined, fact: f => f.llmLoRA },
  // Fact llmTrafficSplitting (v0.20.0 CRD).
  { field: 'spec.router.route.group', given: o => o.router?.route?.group !== undefined, fact: f => f.llmTrafficSplitting },
  { field: 'spec.router.route.weight', given: o => o.router?.route?.weight !== undefined, fact: f => f.llmTrafficSplitting },
  // Fact llmPoolAppProtocol (v0.20.0 CRD).
  {
    field: 'spec.router.scheduler.pool.spec.appProtocol',
    given: o => o.router?.scheduler?.pool?.spec?.appProtocol !== undefined,
    fact: f => f.llmPoolAppProtocol,
  },
];

/** `<field> needs KServe vX.Y or later (target is ...)`, with the reason when the release's CRD keeps the field. */
export function lacks(field: string, fact: (facts: Facts) => boolean, version: KServeVersion, why?: string): string {
  return `${field} ${needsRelease(v => fact(v._facts), version)}${why ? `: ${why}` : ''}`;
}

/** The spec's fields that `version` lacks, each one error naming the field and the first release that has it. */
export function llmReleaseFieldErrors(o: LLMSpecOptions, version: KServeVersion): string[] {
  const errors = FIELDS.filter(f => f.given(o) && !f.fact(version._facts)).map(f => lacks(f.field, f.fact, version, f.why?.(version)));
  // Fact llmModelCriticality: v0.16.0's v1alpha1 CRD has the field; the v1alpha2 CRD (v0.17.1 on) has none.
  if (o.model?.criticality !== undefined && !version._facts.llmModelCriticality) {
    errors.push(`spec.model.criticality exists only in KServe v0.16 (serving.kserve.io/v1alpha1; target is ${version.name}): `
      + 'v1alpha2 has no criticality, and the value its conversion keeps in an annotation is read by nothing; remove it');
  }
  // Fact llmGatewaySectionName (GatewayObjectReference.SectionName, v0.18.1 CRD).
  if (!version._facts.llmGatewaySectionName) {
    (o.router?.gateway?.refs ?? []).forEach((ref, i) => {
      if (ref?.sectionName !== undefined) errors.push(lacks(`spec.router.gateway.refs[${i}].sectionName`, f => f.llmGatewaySectionName, version));
    });
  }
  return errors;
}

/**
 * Our own safety rule, from the presets (config/llmisvcconfig/config-llm-template.yaml at v0.19.0):
 * `parallelism.tensor` on a workload without a worker, where the release's single-node presets do not pass it to vLLM
 * (fact llmSingleNodeTensorParallel): KServe would run one GPU's engine whatever the size says.
 */
export function singleNodeTensorErrors(field: string, version: KServeVersion): string[] {
  return version._facts.llmSingleNodeTensorParallel ? [] : [lacks(`${field}.tensor without a worker`, f => f.llmSingleNodeTensorParallel, version,
    `KServe ${version.name}'s single-node presets pass no --tensor-parallel-size to vLLM (only its worker presets read it), so vLLM would `
      + 'use one GPU; give the vLLM command yourself (template command and args), or use a worker with data parallelism')];
}

/** A managed DRA annotation (`serving.kserve.io/exp-dra-*`) on a release that does not read them (fact llmManagedDra, managed_dra.go). */
export function managedDraErrors(keys: readonly string[], version: KServeVersion): string[] {
  return version._facts.llmManagedDra ? [] : keys.map(k => lacks(`metadata.annotations['${k}']`, f => f.llmManagedDra, version,
    `KServe ${version.name} does not read the managed DRA annotations, so the pods would get no device`));
}
