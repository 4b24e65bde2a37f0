/*
 * What LLMInferenceService and LLMInferenceServiceConfig check alike on their object: the target version and the
 * metadata.
 */
import { IConstruct } from 'constructs';
import { firstRelease, minorName } from './releases';
import { namespaceErrors, validateAnnotations, validateLabels } from './validation';
import { KServeVersion } from '../kserve-version';

/** The group/version both LLM kinds are written in (the storage version of the v0.20.0 CRDs). */
export const LLM_API_VERSION = 'serving.kserve.io/v1alpha2';

// Per release, keyed by its name: a limitation of this library, not a KServe fact (so not in ReleaseFacts).
// The releases whose LLMInferenceService API, webhook rules, controller behaviour and presets the constructs model: v0.20.0 only. Our
// own limitation, not KServe's: v0.16.0 serves only v1alpha1 (config/crd/full/llmisvc at v0.16.0), and v0.17.1–v0.19.0
// serve the v1alpha2 the library writes but lack v0.20's fields (tracing, kvCacheOffloading, model.confidential, route
// group/weight; LoRA limits before v0.19.0), have other webhook rules and other preset bodies (config/llmisvcconfig), so
// the library refuses them rather than write objects their release was not checked against.
const LLM_MODELLED_RELEASES: ReadonlySet<string> = new Set(['v0.20.0']);

/** Whether the library models the LLM objects of `version` (the LLM controller install: llm-controller.ts LLM_INSTALLS). */
export function llmModelled(version: KServeVersion): boolean {
  return version._facts.llmInferenceService && LLM_MODELLED_RELEASES.has(version.name);
}

/** Why `what` cannot be written for `version`: the release has no LLMInferenceService, or the library does not model it. */
function llmUnmodelledReason(what: string, version: KServeVersion): string {
  // Fact llmInferenceService: v1alpha2, which the library writes, is served from v0.17 (v0.16.0's CRDs serve only v1alpha1).
  const modelled = minorName(firstRelease(llmModelled));
  return version._facts.llmInferenceService
    ? `${what} is modelled for KServe ${modelled} only in this library; the target is ${version.name} (its LLMInferenceService API, webhooks `
      + `and presets differ from ${modelled}'s, and this library does not check objects against them yet)`
    : `${what} needs KServe ${minorName(firstRelease(v => v._facts.llmInferenceService))} or later (the first release serving LLMInferenceService `
      + `as ${LLM_API_VERSION}; v0.16.0 serves only v1alpha1), and this library models it for ${modelled} only; the target is ${version.name}`;
}

/** The metadata both kinds take. */
interface LLMObjectMetadata {
  readonly metadataLabels?: Record<string, string>;
  readonly metadataAnnotations?: Record<string, string>;
}

/**
 * Problems with the object: the release must have the kind and be modelled (llmModelled), the namespace a DNS label,
 * the labels and annotations valid (Kubernetes core validation). On a release without the kind, that is the only error.
 */
export function llmObjectErrors(scope: IConstruct, kind: string, props: LLMObjectMetadata, version: KServeVersion, namespace: string): string[] {
  // Fact llmInferenceService and LLM_MODELLED_RELEASES.
  if (!llmModelled(version)) {
    return [`${llmUnmodelledReason(`${kind} '${scope.node.path}'`, version)}. Target KServeVersion.V0_20, or serve the model with an InferenceService`];
  }
  return [
    ...namespaceErrors(namespace, 'metadata.namespace'),
    ...validateLabels(props.metadataLabels, 'metadata.labels'),
    ...validateAnnotations(props.metadataAnnotations, 'metadata.annotations'),
  ];
}
